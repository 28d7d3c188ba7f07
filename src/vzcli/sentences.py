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


_SPACE = re.compile(r"\s*")


def _is_word(ch: str) -> bool:
    """Whether ``ch`` is what ``\\w`` matches (a letter, digit or underscore)."""
    return ch.isalnum() or ch == "_"


def _initials(word: str) -> bool:
    """Whether ``word`` ends in single letters with stops (``U.S.``, ``(J.``): the last
    one decides, so this looks at three characters, not the whole word."""
    return (
        len(word) >= 2
        and word[-1] == "."
        and _is_word(word[-2])
        and (len(word) == 2 or not _is_word(word[-3]))
    )


def _ends_sentence(line: str, stop: re.Match[str]) -> bool:
    # Each look is bounded by the whitespace after the stop and the word before
    # it, which no other stop's look reads: a line is read in linear time,
    # however long (copying the rest of the line at every stop was quadratic).
    space = _SPACE.match(line, stop.end())
    at = stop.end() if space is None else space.end()
    if at >= len(line):
        return False
    first = line[at]
    if not (first.isupper() or first.isdigit() or first in _OPENERS):
        return False
    if stop[0][0] != ".":
        return True
    end = stop.start() + 1
    begin = end
    while begin > 0 and not line[begin - 1].isspace():
        begin -= 1
    word = line[begin:end]
    bare = word.rstrip(".").lstrip(_OPENERS).lower()
    return bare not in _ABBREVIATIONS and not _initials(word)


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
