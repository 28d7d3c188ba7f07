"""anchors.py at its edges: what check() says, where reanchor() puts each span."""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple
from typing import Any

import pytest

from vzcli import anchors
from vzcli.models import Brief
from vzcli.rebuild import build_brief


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _brief(article: str, spans: dict[str, list[list[int]]], anchored: dict[str, str]) -> Brief:
    """A brief over ``article``: the source and one actor per entry of ``spans``."""
    data: dict[str, Any] = {
        "schema_version": 3,
        "source": {
            "title": "t",
            "author": "a",
            "sha256": hashlib.sha256(article.encode()).hexdigest(),
            "length": len(article),
            "spans": spans.pop("source", []),
        },
        "actors": [
            {"id": rid, "name": rid, "kind": "person", "spans": s} for rid, s in spans.items()
        ],
        "anchors": anchored,
    }
    # Built without the integrity checks: these briefs have no author, only spans.
    return build_brief(json.loads(json.dumps(data)))


def test_digest_and_key() -> None:
    assert anchors.digest("Lavrov") == _digest("Lavrov")
    assert anchors.digest("Guaidó") == hashlib.sha256("Guaidó".encode()).hexdigest()[:12]
    assert anchors.key(3, 17) == "3-17"


def test_check_says_exactly_what_moved_and_what_is_unanchored() -> None:
    article = "aaaa bbbb cccc dddd eeee ffff gggg hhhh"
    spans = {"source": [[0, 4]], **{f"r{i}": [[5 * i, 5 * i + 4]] for i in range(1, 8)}}
    anchored = {"0-4": _digest("aaaa"), "5-9": _digest("zzzz")}
    brief = _brief(article, spans, anchored)
    found = anchors.check(brief, article)
    assert found.name == "anchors"
    assert found.detail == "8 spans, each holding the text it was anchored to"
    assert found.problems == [
        "r1: [5, 9] 'bbbb' is not the text it was anchored to: the article changed under it",
        "6 records have a span with no anchor: r2, r3, r4, r5, r6 …",
    ]
    assert [astuple(t) for t in found.todo] == [
        (
            "anchor",
            None,
            None,
            "",
            "the article was edited after the brief was made: run vzcli reanchor --source "
            "ARTICLE to move every span onto it",
            None,
        ),
        (
            "anchor",
            None,
            None,
            "",
            "anchor the spans written by hand: run vzcli reanchor --data BRIEF --source ARTICLE, "
            "with the article they were written against",
            None,
        ),
    ]


def test_one_span_one_unanchored_record_reads_in_the_singular() -> None:
    article = "aaaa bbbb"
    brief = _brief(article, {"r1": [[0, 4]], "r2": [[0, 4], [5, 9]]}, {"0-4": _digest("aaaa")})
    found = anchors.check(brief, article)
    assert found.problems == ["1 record has a span with no anchor: r2"]
    assert anchors.check(_brief("ab", {"r1": [[0, 1]]}, {}), "ab").detail == (
        "1 span, each holding the text it was anchored to"
    )


def test_five_unanchored_records_are_named_without_an_ellipsis() -> None:
    article = "aaaa bbbb cccc dddd eeee"
    spans = {f"r{i}": [[5 * i, 5 * i + 4]] for i in range(5)}
    found = anchors.check(_brief(article, spans, {}), article)
    assert found.problems == ["5 records have a span with no anchor: r0, r1, r2, r3, r4"]


def test_a_good_brief_has_nothing_to_do() -> None:
    article = "aaaa bbbb"
    brief = _brief(article, {"r1": [[0, 4]]}, {"0-4": _digest("aaaa")})
    found = anchors.check(brief, article)
    assert found.ok
    assert found.todo == []


def _moved(
    old: str, new: str, spans: dict[str, list[list[int]]], *, unanchored: tuple[str, ...] = ()
) -> anchors.Moved:
    anchored = {
        anchors.key(s, e): _digest(old[s:e])
        for rid, ss in spans.items()
        if rid not in unanchored
        for s, e in ss
    }
    brief = _brief(old, dict(spans), anchored)
    return anchors.reanchor(brief, new)


def test_a_span_at_the_very_start_and_one_at_the_very_end_are_found() -> None:
    old = "abc def ghi"
    new = "abc def ghi"
    moved = _moved(old, new, {"r1": [[0, 3]], "r2": [[8, 11]]})
    assert moved.places == {(0, 3): (0, 3), (8, 11): (8, 11)}
    assert moved.lost == []
    # the edit moves the last span to the very end of a longer article
    moved = _moved(old, "X" + old, {"r1": [[8, 11]]})
    assert moved.places == {(8, 11): (9, 12)}
    # and to the very start of a shorter one
    moved = _moved(old, "ghi", {"r1": [[8, 11]]})
    assert moved.places == {(8, 11): (0, 3)}


def test_of_equal_texts_the_one_nearest_where_the_span_moved_to_is_taken() -> None:
    old = "one two one two one"
    # "two" at 4 and 12; an insertion of 8 before moves the span at 4 to 12
    new = "XXXXXXX " + old
    moved = _moved(old, new, {"r0": [[0, 3]], "r1": [[4, 7]]})
    assert moved.places == {(0, 3): (8, 11), (4, 7): (12, 15)}
    # nearest the shifted place, not the unshifted one
    new = "Y" + "one two one two one"
    moved = _moved(old, new, {"r0": [[0, 3]], "r1": [[12, 15]]})
    assert moved.places[(12, 15)] == (13, 16)


def test_a_repeating_text_keeps_its_place_when_nothing_moved() -> None:
    old = new = "aaaaaaaaaa"
    moved = _moved(old, new, {"r1": [[0, 3]], "r2": [[6, 9]]})
    assert moved.places == {(0, 3): (0, 3), (6, 9): (6, 9)}


def test_spans_are_placed_in_article_order_so_each_shift_carries_to_the_next() -> None:
    old = "aa bb aa bb aa"
    new = "aa bb aa Z bb aa"
    # file order puts the later span first; article order places "aa" at 6 first
    moved = _moved(old, new, {"a-late": [[12, 14]], "b-early": [[6, 8]], "c": [[9, 11]]})
    assert moved.places == {(6, 8): (6, 8), (9, 11): (11, 13), (12, 14): (14, 16)}


def test_unanchored_spans_are_taken_as_they_stand_only_over_the_brief_s_own_text() -> None:
    old = "abc def ghi"
    spans = {"source": [[0, 3]], "r1": [[4, 7]], "r2": [[8, 11]]}
    # the brief's own article, one span written since: taken where it stands
    moved = _moved(old, old, dict(spans), unanchored=("r2",))
    assert moved.places == {(0, 3): (0, 3), (4, 7): (4, 7), (8, 11): (8, 11)}
    assert moved.lost == []
    # an edited article, even one that moved nothing anchored: the span is lost
    moved = _moved(old, old + " jkl", dict(spans), unanchored=("r2",))
    assert moved.lost == [("r2", 8, 11)]


def test_lost_spans_are_listed_in_article_order() -> None:
    old = "abc def ghi"
    new = "xyz uvw rst"
    moved = _moved(old, new, {"z-first": [[0, 3]], "a-last": [[8, 11]]})
    assert moved.lost == [("z-first", 0, 3), ("a-last", 8, 11)]
    assert moved.places == {}


def test_rewrite_moves_every_span_and_anchors_the_new_text() -> None:
    new = "XX abc def ghi"
    data: dict[str, Any] = {
        "source": {"sha256": "0" * 64, "length": 1},
        "actors": [{"id": "r1", "spans": [[4, 7]]}],
        "excluded": [{"span": [8, 11], "kind": "sentence", "reason": "r"}],
    }
    places = {(4, 7): (7, 10), (8, 11): (11, 14)}
    out = anchors.rewrite(data, places, new)
    assert out["source"]["spans"] == []  # a source that cites nothing
    assert out["actors"][0]["spans"] == [[7, 10]]
    assert out["excluded"][0]["span"] == [11, 14]
    assert out["source"]["sha256"] == hashlib.sha256(new.encode()).hexdigest()
    assert out["source"]["length"] == len(new)
    assert out["anchors"] == {"7-10": _digest("def"), "11-14": _digest("ghi")}


@pytest.mark.parametrize("missing", ["events", "quotes", "links"])
def test_rewrite_takes_a_brief_without_some_collections(missing: str) -> None:
    data: dict[str, Any] = {"source": {"spans": [[0, 1]]}, "actors": [], missing: []}
    del data[missing]
    out = anchors.rewrite(data, {(0, 1): (1, 2)}, "xy")
    assert out["source"]["spans"] == [[1, 2]]


def test_a_nested_span_is_placed_after_the_span_around_it() -> None:
    """In article order the outer span, found first, carries its shift to the inner one,
    whose text also stands, wrongly, at its old offset."""
    old = "aaaaaaaaaaaa"
    new = "bbb" + old
    moved = _moved(old, new, {"a-inner": [[5, 7]], "z-outer": [[0, 12]]})
    assert moved.places == {(0, 12): (3, 15), (5, 7): (8, 10)}


def test_of_several_places_the_nearest_to_the_shifted_one_is_taken() -> None:
    old = "one two one two one"
    new = "XXXXXtwoone-----------two"
    moved = _moved(old, new, {"r0": [[0, 3]], "r1": [[12, 15]]})
    assert moved.places == {(0, 3): (8, 11), (12, 15): (22, 25)}


def test_the_source_s_spans_are_named_source() -> None:
    article = "abcd efgh"
    brief = _brief(article, {"source": [[0, 4]]}, {"0-4": _digest("zzzz")})
    assert anchors.check(brief, article).problems == [
        "source: [0, 4] 'abcd' is not the text it was anchored to: the article changed under it"
    ]
    assert list(anchors.cited(brief)) == [("source", 0, 4)]
