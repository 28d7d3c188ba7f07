"""Split an article into sentences, by one documented rule that ``verify`` and
``locate`` share.

The rule:

1. Every line break ends a sentence, so a title, a heading, a byline or a
   ``Categories:`` line is a sentence of its own.  Blank lines hold none.
2. Inside a line, a sentence ends after ``.``, ``!``, ``?`` or ``…`` (and any
   closing quotation marks or brackets right after it) when whitespace
   follows and the next word starts with a capital letter, a digit or an
   opening quotation mark.  ``U.S. administration`` therefore stays one
   sentence, and so does ``Mr. Lavrov``: a stop after a known abbreviation
   (Mr, Mrs, Ms, Dr, Prof, St, Gen, Sen, Rep, Gov, Lt, Col, Jr, Sr, No, vs)
   or after a run of single letters with stops (``U.S.``, ``U.N.``) never ends
   one.
3. A sentence's span is ``[start, end)`` without its surrounding whitespace.
   Sentences are numbered from 1 in article order.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Straight and curly quotation marks (U+201C/D, U+2018/9), brackets, guillemets.
_CLOSERS = "\"'\u201d\u2019)]\u00bb"
_OPENERS = "\"'\u201c\u2018([\u00ab"
_END = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s+[\w{re.escape(_OPENERS)}])")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "jr",
        "sr",
        "no",
        "vs",
    ]  # pragma: no mutate
)
_INITIALS = re.compile(r"(?:\b\w\.)+$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its number (from 1), its span and its text."""

    number: int
    start: int
    end: int
    text: str

    def first_words(self, count: int = 6) -> str:
        """The first ``count`` words, with ``…`` when there are more."""
        words = self.text.split()
        head = " ".join(words[:count])
        return head + (" …" if len(words) > count else "")


def _ends_sentence(line: str, stop: re.Match[str]) -> bool:
    nxt = line[stop.end() :].lstrip()
    if not nxt or not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in _OPENERS):
        return False
    if stop[0][0] != ".":
        return True
    before = line[: stop.start() + 1]
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    bare = word.rstrip(".").lstrip(_OPENERS).lower()
    return bare not in _ABBREVIATIONS and not _INITIALS.search(word)


def split(text: str) -> list[Sentence]:
    """The sentences of ``text`` under the rule above."""
    out: list[Sentence] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        starts = [0]
        for stop in _END.finditer(line):
            if _ends_sentence(line, stop):
                starts.append(stop.end())
        starts.append(len(line))
        for a, b in itertools.pairwise(starts):
            piece = line[a:b]
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            start = offset + a + lead
            out.append(Sentence(len(out) + 1, start, start + len(stripped), stripped))
        offset += len(line)
    return out
