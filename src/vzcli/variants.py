"""The ways a copy of an article can differ from it in bytes but not in text: line
ends, Unicode normalisation, whitespace at line ends, the final newline.

A Windows editor, a macOS file system or a paste makes such a copy of a
real article.  Its sha256 is not the brief's, but it is the same article:
vzcli says what differs and how to get the article back, rather than
"not the article" (a byte-order mark is already dropped when a text is
read).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from itertools import product
from typing import NamedTuple


class Difference(NamedTuple):
    """One way a copy differs, undone."""

    undo: Callable[[str], str]
    """The copy's text made back into the article's, if this is how it differs."""
    copy_has: str
    """What the copy has that the article does not, in words."""
    fix: str
    """How to make the article again from the copy."""


_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _cr(text: str) -> str:
    return text.replace("\r", "\n")


def _to_crlf(text: str) -> str:
    return _crlf(text).replace("\n", "\r\n")


def _no_trailing(text: str) -> str:
    return _TRAILING.sub("", text)


def _added_newline(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text


def _dropped_newline(text: str) -> str:
    return text + "\n"


LINE_ENDS = (
    Difference(_crlf, "CRLF line ends", "convert them to LF, e.g. with dos2unix"),
    Difference(_cr, "CR line ends", "convert them to LF, e.g. with mac2unix"),
    Difference(
        _to_crlf, "LF line ends where the article has CRLF", "convert them, e.g. with unix2dos"
    ),
)
NORMALISATION = (
    Difference(
        lambda t: unicodedata.normalize("NFC", t),
        "decomposed accents (NFD)",
        "normalise it to NFC, e.g. with uconv -x any-nfc",
    ),
    Difference(
        lambda t: unicodedata.normalize("NFD", t),
        "composed accents (NFC) where the article has them decomposed",
        "normalise it to NFD, e.g. with uconv -x any-nfd",
    ),
)
WHITESPACE = (Difference(_no_trailing, "spaces or tabs at line ends", "remove them"),)
FINAL_NEWLINE = (
    Difference(_added_newline, "a newline at the end the article lacks", "remove it"),
    Difference(_dropped_newline, "no newline at the end, where the article has one", "add it"),
)
KINDS = (LINE_ENDS, NORMALISATION, WHITESPACE, FINAL_NEWLINE)
"""The list: a copy may differ in one way of each kind, or several kinds at once."""


def originals(text: str) -> Iterator[tuple[str, list[Difference]]]:
    """Each text ``text`` would be if it were a copy of it differing in the ways
    listed, with those ways: the fewest differences first, each text once."""
    seen = {text}
    combos = sorted(
        product(*((None, *kind) for kind in KINDS)),
        key=lambda combo: sum(d is not None for d in combo),
    )
    for combo in combos:
        ways = [d for d in combo if d is not None]
        if not ways:
            continue
        candidate = text
        for way in ways:
            candidate = way.undo(candidate)
        if candidate not in seen:
            seen.add(candidate)
            yield candidate, ways


def describe(path: str, ways: list[Difference]) -> str:
    """What a copy at ``path`` differs in, and how to get the article back."""
    said = "; and ".join(f"{w.copy_has} ({w.fix})" for w in ways)
    return f"{path} is the article with {said}"


def same_article(text: str, sha256: str, length: int) -> tuple[str, list[Difference]] | None:
    """When ``text`` is the article of that ``sha256`` and ``length`` in other bytes: the
    article's own text and the ways the copy differs; else None."""
    from .brief import sha256_of

    for candidate, ways in originals(text):
        if len(candidate) == length and sha256_of(candidate) == sha256:
            return candidate, ways
    return None
