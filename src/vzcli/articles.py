"""Finding each brief's article in a folder (``--sources DIR``), by its own hash.

An article is its brief's when its sha256 and length are the ones the brief
records.  ``DIR/ID.txt`` (the brief's id) is looked at first; failing that,
every file of the folder, so articles may keep any name.  A file that is the
article in other bytes (line ends, Unicode normalisation, whitespace: see
:mod:`vzcli.variants`) is found as such, and said to be, not taken for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from .brief import Loaded, compare_article, read_article
from .errors import BriefError, BriefUnreadable
from .vocab import ArticleStatus


class Found(NamedTuple):
    """What ``--sources`` found for one brief."""

    status: ArticleStatus
    path: str | None
    text: str | None
    note: str | None = None
    """For a copy in other bytes: how it differs, and how to get the article back."""


def find(directory: str, briefs: Sequence[Loaded]) -> list[Found]:
    """Each brief's article in ``directory``, in the order of ``briefs``."""
    folder = Path(directory)
    if not folder.is_dir():
        raise BriefUnreadable(directory, ["is not a folder of articles (--sources takes one)"])
    pool: dict[tuple[str, int], tuple[str, str]] = {}  # (sha256, length) -> file
    found: list[Found | None] = []
    named_texts: list[str | None] = []
    for one in briefs:
        source = one.brief.source
        named = folder / f"{one.id}.txt"
        text = _read(named)
        named_texts.append(text)
        if text is not None and compare_article(source, text) is None:
            found.append(Found(ArticleStatus.VERIFIED, str(named), text))
            continue
        if not pool:
            pool = _pool(folder)
        match = pool.get((source.sha256, source.length))
        found.append(None if match is None else Found(ArticleStatus.VERIFIED, *match))
    missing = {
        (one.brief.source.sha256, one.brief.source.length)
        for one, f in zip(briefs, found, strict=True)
        if f is None
    }
    copies = _copies(pool, missing) if missing else {}
    return [
        f if f is not None else _not_found(one, text, copies)
        for one, f, text in zip(briefs, found, named_texts, strict=True)
    ]


def _not_found(
    one: Loaded, named: str | None, copies: dict[tuple[str, int], tuple[str, str]]
) -> Found:
    """A brief whose article is not in the folder byte for byte: a copy in other bytes,
    another text under its name, or nothing."""
    copy = copies.get((one.brief.source.sha256, one.brief.source.length))
    if copy is not None:
        return Found(ArticleStatus.DIFFERS, copy[0], None, copy[1])
    status = ArticleStatus.MISMATCH if named is not None else ArticleStatus.MISSING
    return Found(status, None, None)


def _copies(
    pool: dict[tuple[str, int], tuple[str, str]], wanted: set[tuple[str, int]]
) -> dict[tuple[str, int], tuple[str, str]]:
    """For each ``(sha256, length)`` wanted, the file of the pool that is that article
    in other bytes, and what differs.  Each file's variants are made once, however
    many briefs lack their article; a variant is hashed only when its length is
    one wanted."""
    from .brief import sha256_of
    from .variants import describe, originals

    lengths = {length for _, length in wanted}
    out: dict[tuple[str, int], tuple[str, str]] = {}
    for path, text in pool.values():
        for candidate, ways in originals(text):
            if len(candidate) in lengths:
                key = (sha256_of(candidate), len(candidate))
                if key in wanted and key not in out:
                    out[key] = (path, describe(path, ways, path))
        if len(out) == len(wanted):
            break
    return out


def _read(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        return read_article(str(path))
    except BriefError:  # not UTF-8, too big: not an article vzcli can use
        return None


def _pool(folder: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """Every readable text file of the folder, by the sha256 and length of its text."""
    from .brief import sha256_of

    pool: dict[tuple[str, int], tuple[str, str]] = {}
    for path in sorted(folder.iterdir()):
        text = _read(path)
        if text is not None:
            pool.setdefault((sha256_of(text), len(text)), (str(path), text))
    return pool
