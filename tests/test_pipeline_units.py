"""The pipeline's parts and the cache's fast path, one at a time.

Pins what a caller of :mod:`vzcli.pipeline` can see beyond the listings the CLI
prints: how one brief of a web names another's record, what the per-record
stages of a derived listing give, ``--merge`` refused where rows do not merge,
and how :func:`~vzcli.pipeline.ordered` sorts a column whose values are of
several kinds.  And for :mod:`vzcli.rebuild`: a brief read a part at a time from
its layout holds exactly the records pydantic validates, and ``where`` answers
alike whether the records are still text or already built.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import vzcli
from vzcli import layout, rebuild
from vzcli.brief import read_bytes
from vzcli.errors import QueryError
from vzcli.listings import BRIEFS, CONFLICTS, QUOTES
from vzcli.models import COLLECTIONS, Brief
from vzcli.pipeline import Derived, Order, View, Web, ordered
from vzcli.selection import Question, prepare
from vzcli.validate import parse

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "briefs"


@pytest.fixture(scope="module")
def raw() -> bytes:
    """The bundled brief's bytes."""
    return read_bytes(None)[1]


@pytest.fixture(scope="module")
def validated(raw: bytes) -> Brief:
    """The bundled brief as pydantic validates it."""
    return parse("<bundled brief>", raw, None)


@pytest.fixture
def laid_out(raw: bytes) -> Brief:
    """The bundled brief read from its layout, each collection still text (a fresh one
    per test: reading it builds records)."""
    found = layout.of(raw)
    assert found is not None
    return rebuild.brief_from_layout(raw, found)


# --- the web ------------------------------------------------------------------


def test_a_brief_names_its_own_records_bare_and_another_s_with_its_id(
    validated: Brief,
) -> None:
    """`ref` and `resolve` are inverse: the name one brief gives a record finds it again."""
    web = Web()
    here, there = View(validated, id="here"), View(validated, id="there")
    web.add(here)
    web.add(there)
    assert here.ref(here, "q-lavrov-threats") == "q-lavrov-threats"
    assert here.ref(there, "q-lavrov-threats") == "there:q-lavrov-threats"
    assert there.ref(here, "sochi-meeting") == "here:sochi-meeting"
    for view in (here, there):
        found = here.resolve(here.ref(view, "q-lavrov-threats"))
        assert found is not None
        assert found[0] is view
        assert found[1].id == "q-lavrov-threats"


def test_a_lone_brief_is_a_web_of_its_own(validated: Brief) -> None:
    """A view outside any corpus sees its own denials from both ends, and without an
    article its rows carry no evidence key at all."""
    view = View(validated)
    sel = prepare(Question()).resolve([validated])
    rows = {r["id"]: r for r in QUOTES.answer([view], sel)}
    assert rows["r-moscow-denies-claims"]["denies"] == [
        "r-pompeo-moscow-persuaded",
        "r-us-blames-russia",
    ]
    assert rows["r-us-blames-russia"]["denied_by"] == ["r-moscow-denies-claims"]
    assert not [r for r in rows.values() if "evidence" in r]


# --- derived listings -----------------------------------------------------------


@pytest.mark.parametrize("listing", [BRIEFS, CONFLICTS], ids=["briefs", "conflicts"])
def test_a_derived_listing_has_no_per_record_stages(
    listing: Derived[Any, Any], validated: Brief
) -> None:
    """Its rows come whole from `compute`: no records, none kept, no row made of one."""
    view = View(validated)
    sel = prepare(Question()).resolve([validated])
    record = validated.quotes[0]
    assert listing.records(validated) == []
    assert listing.keep(record, view, sel) is False
    assert listing.select(view, sel) == []
    with pytest.raises(AssertionError):
        listing.row(record, view)


@pytest.mark.parametrize(("listing", "name"), [(BRIEFS, "briefs"), (CONFLICTS, "conflicts")])
def test_a_derived_listing_refuses_to_merge(listing: Derived[Any, Any], name: str) -> None:
    """Asked through the library with ``merged``, it says why, as the CLI's --merge does."""
    corpus = vzcli.open(str(CORPUS))
    assert len(corpus.ask(listing)) > 1  # without merging it answers
    with pytest.raises(QueryError) as refused:
        corpus.ask(listing, merged=True)
    assert str(refused.value) == f"--merge is for events, quotes, claims and stats, not {name}"


def test_merged_rows_show_how_many_briefs_hold_them_and_which() -> None:
    """For people, --merge adds the count and the briefs after the default columns (and
    no brief column: a merged row is of several)."""
    assert QUOTES.columns(None, human=True, evidence=False, merged=True, briefs=2) == [
        *QUOTES.human,
        "n_sources",
        "sources",
    ]
    assert QUOTES.columns(None, human=True, evidence=True, merged=False, briefs=2) == [
        "brief",
        *QUOTES.human,
        "evidence",
    ]


# --- ordering -------------------------------------------------------------------


def test_a_column_of_mixed_kinds_sorts_numbers_then_text_then_lists_and_maps() -> None:
    """Values of different kinds are never compared with each other: numbers come
    first, then text (folded), then lists element by element, and a map (an actor's
    spans by brief) sorts as the list of its values."""
    values: list[object] = [
        [[[5, 6]]],
        "beta",
        {"b": [[3, 4]]},
        2.5,
        "Alpha",
        [[[1, 2]]],
        10,
        None,
    ]
    rows: list[Any] = [{"id": str(n), "spans": v} for n, v in enumerate(values)]
    want = ["3", "6", "4", "1", "5", "2", "0", "7"]  # None set apart, last
    got = ordered(QUOTES, rows, Order(sort="spans"))
    assert [r["id"] for r in got] == want
    got = ordered(QUOTES, rows, Order(sort="spans", reverse=True))
    assert [r["id"] for r in got] == [*want[-2::-1], "7"]


# --- the fast path: a brief read a part at a time -----------------------------------


@pytest.mark.parametrize(
    "collections",
    [None, frozenset({"quotes"}), frozenset({"links", "stats"})],
    ids=["whole", "quotes", "links and stats"],
)
def test_a_brief_read_from_its_layout_holds_the_records_pydantic_validates(
    raw: bytes, collections: frozenset[str] | None
) -> None:
    """Every collection, read from its span of the text, equals the validated one; a
    partial load keeps only the collections asked for and the actors, as pydantic's."""
    found = layout.of(raw)
    assert found is not None
    fast = rebuild.brief_from_layout(raw, found, collections)
    slow = parse("<bundled brief>", raw, collections)
    for name in COLLECTIONS:
        kept = collections is None or name in {"actors", *collections}
        assert list(getattr(fast, name)) == list(getattr(slow, name)), name
        assert bool(getattr(fast, name)) is kept, name
    assert fast.source == slow.source


def test_a_collection_the_brief_leaves_out_is_empty_on_the_fast_path(raw: bytes) -> None:
    """A brief with no exclusions reads as pydantic reads it: none."""
    data = json.loads(raw)
    del data["excluded"]
    text = json.dumps(data, ensure_ascii=False).encode()
    found = layout.of(text)
    assert found is not None
    fast = rebuild.brief_from_layout(text, found)
    records = fast.excluded
    assert len(records) == 0
    assert list(records) == parse("<brief>", text, None).excluded == []
    assert rebuild.values(records, "id") == []
    assert records.where("id", {"x"}) == []
    assert len(fast.quotes) == 18


def test_a_sliced_collection_counts_and_filters_by_its_key_without_reading_the_rest(
    laid_out: Brief, validated: Brief
) -> None:
    """Its length comes from the layout, and `where` on its key field builds only the
    records it keeps, in file order: nothing else of the collection is parsed."""
    quotes = laid_out.quotes
    assert type(quotes) is rebuild.SlicedRecords
    assert len(quotes) == 18
    lavrov = quotes.where("speaker", {"lavrov"})
    assert lavrov == [q for q in validated.quotes if q.speaker == "lavrov"]
    assert [q.id for q in lavrov] == [
        "q-lavrov-threats",
        "r-lavrov-catastrophe",
        "r-lavrov-iraq-libya",
    ]
    assert quotes._parsed is False
    assert quotes._built is None


@pytest.mark.parametrize("built", [False, True], ids=["as text", "built"])
def test_where_on_any_field_finds_the_same_records_before_and_after_they_are_built(
    laid_out: Brief, validated: Brief, built: bool
) -> None:
    """`where` on another field than the layout's key (a quote's id, not its speaker) or
    on a collection already read gives what a filter of the validated records gives."""
    quotes = laid_out.quotes
    if built:
        assert len(list(quotes)) == 18
    found = quotes.where("id", {"q-trump-tweet", "r-lavrov-catastrophe"})
    assert [q.id for q in found] == ["q-trump-tweet", "r-lavrov-catastrophe"]
    pompeo = quotes.where("speaker", {"pompeo"})
    assert pompeo == [q for q in validated.quotes if q.speaker == "pompeo"]


@pytest.mark.parametrize("built", [False, True], ids=["as JSON", "built"])
def test_a_lazy_collection_filters_alike_before_and_after_it_is_built(
    raw: bytes, validated: Brief, built: bool
) -> None:
    """A collection kept as parsed JSON keeps the records whose field is one of the
    values, whether or not it has been read whole already."""
    quotes = rebuild.build_brief(json.loads(raw)).quotes
    assert type(quotes) is rebuild.LazyRecords
    if built:
        assert list(quotes) == list(validated.quotes)
    putin = quotes.where("speaker", {"putin", "trump"})
    assert putin == [q for q in validated.quotes if q.speaker in ("putin", "trump")]
    assert [q.id for q in putin] == [
        "q-trump-tweet",
        "q-trump-very-positive",
        "q-trump-putin-not-involved",
        "r-putin-restore-relations",
    ]


@pytest.mark.parametrize("version", [2, 3])
def test_the_fast_path_keeps_the_schema_version_the_brief_declares(
    raw: bytes, version: int
) -> None:
    """A schema 2 brief is still schema 2 when built from the cache, as pydantic reads it
    (`vzcli check` names it)."""
    data = json.loads(raw)
    data["schema_version"] = version
    text = json.dumps(data, ensure_ascii=False, indent=1).encode()
    assert parse("<brief>", text, None).schema_version == version
    assert rebuild.build_brief(data).schema_version == version
    found = layout.of(text)
    assert found is not None
    assert rebuild.brief_from_layout(text, found).schema_version == version


@pytest.mark.parametrize(
    ("collection", "names"),
    [
        ("actors", ("id",)),
        ("actors", ("id", "name")),
        ("links", ("source", "relation", "target")),
        ("actors", ("id", "name", "kind", "side")),
    ],
)
@pytest.mark.parametrize("form", ["validated", "as JSON", "built", "sliced"])
def test_values_reads_the_same_fields_from_records_and_from_their_json(
    raw: bytes, validated: Brief, collection: str, names: tuple[str, ...], form: str
) -> None:
    """Some fields of every record as tuples, alike whether the collection is
    pydantic's, still JSON, built from JSON or read from its span; an enum as its value."""
    records = list(getattr(validated, collection))
    want = [tuple(getattr(getattr(r, n), "value", getattr(r, n)) for n in names) for r in records]
    if form == "validated":
        read: Any = getattr(validated, collection)
    elif form == "sliced":
        found = layout.of(raw)
        assert found is not None
        read = getattr(rebuild.brief_from_layout(raw, found), collection)
    else:
        read = getattr(rebuild.build_brief(json.loads(raw)), collection)
        if form == "built":
            assert list(read) == records
    got = rebuild.values(read, *names)
    assert got == want
    assert [type(v) for row in got for v in row] == [type(v) for row in want for v in row]
    if form in ("as JSON", "sliced"):
        assert read._built is None  # read from the JSON, no record built


def test_values_of_a_collection_once_built_are_its_records_with_their_defaults(
    raw: bytes, validated: Brief
) -> None:
    """Built, a cached collection is read from its records, as a validated one is: an
    actor whose JSON has no aliases has the record's empty list."""
    actors = rebuild.build_brief(json.loads(raw)).actors
    assert list(actors) == list(validated.actors)
    got = rebuild.values(actors, "id", "aliases")
    assert got == rebuild.values(validated.actors, "id", "aliases")
    assert ("putin", []) in got
