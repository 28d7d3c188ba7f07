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
    """Python that makes the article again from the copy's text ``t`` (a statement of
    the one command :func:`command` gives), as ``undo`` does."""


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


# Each ``fix`` is written for a shell's single quotes: no ' in it.
LINE_ENDS = (
    Difference(_crlf, "CRLF line ends", 't=t.replace("\\r\\n","\\n")'),
    Difference(_cr, "CR line ends", 't=t.replace("\\r","\\n")'),
    Difference(
        _to_crlf,
        "LF line ends where the article has CRLF",
        't=t.replace("\\r\\n","\\n").replace("\\n","\\r\\n")',
    ),
)
NORMALISATION = (
    Difference(
        lambda t: unicodedata.normalize("NFC", t),
        "decomposed accents (NFD)",
        't=unicodedata.normalize("NFC",t)',
    ),
    Difference(
        lambda t: unicodedata.normalize("NFD", t),
        "composed accents (NFC) where the article has them decomposed",
        't=unicodedata.normalize("NFD",t)',
    ),
)
WHITESPACE = (
    Difference(_no_trailing, "spaces or tabs at line ends", 't=re.sub("[ \\t]+$","",t,flags=re.M)'),
)
FINAL_NEWLINE = (
    Difference(_added_newline, "a newline at the end the article lacks", "t=t[:-1]"),
    Difference(_dropped_newline, "no newline at the end, where the article has one", 't+="\\n"'),
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


def command(ways: list[Difference], file: str = "FILE") -> str:
    """The one command that makes the copy at ``file`` the article again, in place:
    each way undone in the order :func:`originals` undoes them."""
    import shlex

    steps = ";".join(w.fix for w in ways)
    # utf-8-sig: a byte-order mark goes too, as vzcli drops it when it reads a text.
    return (
        "python3 -c 'import re,sys,unicodedata;p=sys.argv[1];"
        't=open(p,encoding="utf-8-sig",newline="").read();'
        f"{steps};"
        f'open(p,"w",encoding="utf-8",newline="").write(t)\' {shlex.quote(file)}'
    )


def describe(path: str, ways: list[Difference], file: str = "FILE") -> str:
    """What a copy at ``path`` (or called so: "this", "it") differs in, and the one
    command that gets the article back from the copy at ``file``."""
    said = "; and ".join(w.copy_has for w in ways)
    return f"{path} is the article with {said} (to get the article back: {command(ways, file)})"


def same_article(text: str, sha256: str, length: int) -> tuple[str, list[Difference]] | None:
    """When ``text`` is the article of that ``sha256`` and ``length`` in other bytes: the
    article's own text and the ways the copy differs; else None."""
    from .brief import sha256_of

    for candidate, ways in originals(text):
        if len(candidate) == length and sha256_of(candidate) == sha256:
            return candidate, ways
    return None
