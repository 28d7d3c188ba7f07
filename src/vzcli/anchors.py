"""Anchors: what text each span of a brief rests on, so an edited article is caught
and the brief can be moved onto it.

A span is a pair of offsets; offsets alone cannot tell that the article under
them changed.  A brief therefore keeps, in its top-level ``anchors`` map, a
digest of the text at every span it cites, keyed by the span
(``"300-445": "3f0c…"``).  It is a digest rather than the text itself (the
W3C Web Annotation model's TextQuoteSelector) so that no brief carries the
article's prose.  One map, not a field per record: records that cite the same
words share one anchor, and the records read as they always did.

- :func:`check` (in ``vzcli verify --source``) fails at every span whose text
  is no longer the text it was anchored to (the article was edited, even if
  ``source.sha256`` was updated after), and at every span not anchored yet.
- :func:`reanchor` finds each anchored span's text again in an edited
  article, as annotation tools re-anchor after a page changes: first where
  the spans before it moved to, then anywhere, nearest that place first.
  It places every span or none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .brief import sha256_of
from .models import RECORD_COLLECTIONS, Brief
from .verify import Check, Todo, counted, glimpse

DIGITS = 12
"""Hex digits kept of each sha256: 48 bits, so a wrong window of an article
matches by chance about once in 10^14 tries."""


def digest(text: str) -> str:
    """The anchor of ``text``: its UTF-8 sha256, cut to :data:`DIGITS` hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGITS]


def key(start: int, end: int) -> str:
    """A span as ``anchors`` names it: ``"300-445"``."""
    return f"{start}-{end}"


def cited(brief: Brief) -> Iterator[tuple[str, int, int]]:
    """``(who, start, end)`` for every span of the brief, in file order: the source,
    each record by id, each exclusion as ``excluded[i]``."""
    for start, end in brief.source.spans:
        yield "source", start, end
    for _, _, rec in brief.records():
        for start, end in rec.spans:
            yield rec.id, start, end
    for i, x in enumerate(brief.excluded):
        yield f"excluded[{i}]", x.span[0], x.span[1]


def anchors_of(brief: Brief, article: str) -> dict[str, str]:
    """A fresh ``anchors`` map: every span of the brief, in order, with its digest."""
    return {key(s, e): digest(article[s:e]) for _, s, e in sorted(cited(brief), key=_by_place)}


def _todo(task: str) -> Todo:
    """A to-do item about the whole brief's anchors: no span of its own."""
    return Todo("anchor", None, None, "", task)


def _by_place(item: tuple[str, int, int]) -> tuple[int, int]:
    return item[1], item[2]


def check(brief: Brief, article: str) -> Check:
    """Verify's anchor check: each span still holds the text it was anchored to."""
    spans = list(cited(brief))
    result = Check(
        "anchors",
        f"{counted(len(spans), 'span', 'spans')}, each holding the text it was anchored to",
    )
    unanchored: list[str] = []
    for who, start, end in spans:
        known = brief.anchors.get(key(start, end))
        if known is None:
            if who not in unanchored:
                unanchored.append(who)
            continue
        if digest(article[start:end]) != known:
            result.problems.append(
                f"{who}: [{start}, {end}] {glimpse(article[start:end])!r} is not the text it "
                "was anchored to: the article changed under it"
            )
    if result.problems:
        result.todo.append(
            _todo(
                "the article was edited after the brief was made: run vzcli reanchor "
                "--source ARTICLE to move every span onto it"
            )
        )
    if unanchored:
        result.problems.append(
            f"{counted(len(unanchored), 'record has', 'records have')} a span with no anchor: "
            + ", ".join(unanchored[:5])
            + (" …" if len(unanchored) > 5 else "")
        )
        result.todo.append(
            _todo(
                "anchor the spans written by hand: run vzcli reanchor --data BRIEF --source "
                "ARTICLE, with the article they were written against"
            )
        )
    return result


@dataclass(frozen=True)
class Moved:
    """What :func:`reanchor` found: where each span's text is now, or who it could not place."""

    places: Mapping[tuple[int, int], tuple[int, int]]
    """old span -> new span, for every span placed"""
    lost: list[tuple[str, int, int]]
    """``(who, start, end)`` of every span whose text the new article does not hold"""


def reanchor(brief: Brief, article: str) -> Moved:
    """Find every span's anchored text in ``article`` (an edited copy of the brief's).

    Spans are placed in article order: each is looked for first at its old
    place shifted as the span before it shifted (and unshifted), then, failing
    that, at every place in the article, taking the nearest of equal texts.
    A span with no anchor (written by hand since) is taken where it is only
    when ``article`` is the brief's own text and no anchored span moved; else
    there is no telling which text it was written against, and it is lost.
    """
    from .brief import compare_article

    places: dict[tuple[int, int], tuple[int, int]] = {}
    lost: list[tuple[str, int, int]] = []
    unanchored: list[tuple[str, int, int]] = []
    shift = 0
    for who, start, end in sorted(cited(brief), key=_by_place):
        span = (start, end)
        if span in places:
            continue
        wanted = brief.anchors.get(key(start, end))
        if wanted is None:
            unanchored.append((who, start, end))
            continue
        found = _find(article, start, end, shift, wanted)
        if found is None:
            lost.append((who, start, end))
            continue
        places[span] = (found, found + end - start)
        shift = found - start
    own = compare_article(brief.source, article) is None
    still = all(old == new for old, new in places.items())
    for who, start, end in unanchored:
        if own and still and not lost:
            places[(start, end)] = (start, end)
        else:
            lost.append((who, start, end))
    return Moved(places, sorted(lost, key=_by_place))


def _find(article: str, start: int, end: int, shift: int, wanted: str) -> int | None:
    width = end - start
    for at in dict.fromkeys((start + shift, start)):  # the likely places first
        if 0 <= at <= len(article) - width and digest(article[at : at + width]) == wanted:
            return at
    hits = [
        at for at in range(len(article) - width + 1) if digest(article[at : at + width]) == wanted
    ]
    return min(hits, key=lambda at: abs(at - (start + shift))) if hits else None


# Any: the brief's JSON as read, to be written back with every key it had.
def rewrite(
    data: dict[str, Any], places: Mapping[tuple[int, int], tuple[int, int]], article: str
) -> dict[str, Any]:
    """The brief's JSON with every span moved to its place in ``article``, the source's
    sha256 and length those of ``article``, and the anchors made again."""

    def moved(span: list[int]) -> list[int]:
        return list(places[(span[0], span[1])])

    source = data["source"]
    source["spans"] = [moved(s) for s in source.get("spans", [])]
    source["sha256"] = sha256_of(article)
    source["length"] = len(article)
    for name in RECORD_COLLECTIONS:
        for rec in data.get(name, []):
            rec["spans"] = [moved(s) for s in rec["spans"]]
    for x in data.get("excluded", []):
        x["span"] = moved(x["span"])
    data["anchors"] = {key(s, e): digest(article[s:e]) for s, e in sorted(set(places.values()))}
    return data
