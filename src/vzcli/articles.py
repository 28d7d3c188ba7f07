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
    pool: dict[tuple[str, int], tuple[str, str]] | None = None  # (sha256, length) -> file
    found = []
    for one in briefs:
        source = one.brief.source
        named = folder / f"{one.id}.txt"
        text = _read(named)
        if text is not None and compare_article(source, text) is None:
            found.append(Found(ArticleStatus.VERIFIED, str(named), text))
            continue
        if pool is None:
            pool = _pool(folder)
        match = pool.get((source.sha256, source.length))
        if match is not None:
            found.append(Found(ArticleStatus.VERIFIED, match[0], match[1]))
            continue
        copy = _copy_of(pool, source.sha256, source.length)
        if copy is not None:
            found.append(Found(ArticleStatus.DIFFERS, copy[0], None, copy[1]))
        else:
            status = ArticleStatus.MISMATCH if text is not None else ArticleStatus.MISSING
            found.append(Found(status, None, None))
    return found


def _copy_of(
    pool: dict[tuple[str, int], tuple[str, str]], sha256: str, length: int
) -> tuple[str, str] | None:
    """The file of the pool that is the article of that sha256 and length in other
    bytes, and what differs; None when there is none."""
    from .brief import sha256_of
    from .variants import describe, originals

    for path, text in pool.values():
        for candidate, ways in originals(text):
            # The length first: most candidates are not even that long.
            if len(candidate) == length and sha256_of(candidate) == sha256:
                return path, describe(path, ways)
    return None


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
