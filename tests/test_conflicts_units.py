"""Where two briefs disagree, field by field: what ``vzcli conflicts`` compares of two
records of one thing, which pairs it never compares, and the row it writes.

Every test reads two copies of the bundled brief, an older one ("wire", 15 May
2019) and a newer one ("daily", 20 May), that differ only where the test says:
two identical copies disagree about nothing, so each row found is the one
difference the test made.  tests/test_corpus.py and tests/test_fixture_corpus.py
hold the command's whole output on a story; these pin each comparison.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import vzcli
from vzcli.rows import ConflictRow
from vzcli.selection import Question

Brief = dict[str, Any]
Row = ConflictRow
Find = Callable[..., list[Row]]
MEETING = "sochi-meeting"
"""Lavrov and Pompeo meet in Sochi on 14 May 2019, status unset (occurred)."""
MEETING_TITLE = "Lavrov and Pompeo meet in Sochi"


def _brief(base: Brief, brief_id: str, published: str) -> Brief:
    data = copy.deepcopy(base)
    data["source"].update(id=brief_id, published=published)
    data["source"].pop("inferred", None)
    return data


def _record(data: Brief, collection: str, record_id: str) -> dict[str, Any]:
    return next(r for r in data[collection] if r["id"] == record_id)


def _link(data: Brief, source: str, relation: str, target: str) -> None:
    data["links"].append(
        {
            "id": f"l-{len(data['links'])}",
            "source": source,
            "relation": relation,
            "target": target,
            "spans": [[0, 40]],
        }
    )


@pytest.fixture
def older(brief_dict: Brief) -> Brief:
    return _brief(brief_dict, "wire", "2019-05-15")


@pytest.fixture
def newer(brief_dict: Brief) -> Brief:
    return _brief(brief_dict, "daily", "2019-05-20")


@pytest.fixture
def conflicts(tmp_path: Path) -> Find:
    """The conflicts of briefs written to a folder (files in the order given)."""

    def found(*briefs: Brief, question: Question = Question()) -> list[Row]:
        folder = tmp_path / "briefs"
        folder.mkdir(exist_ok=True)
        for i, data in enumerate(briefs):
            (folder / f"{i}.json").write_text(json.dumps(data), "utf-8")
        return vzcli.open(str(folder)).conflicts(question)

    return found


def _row(kind: str, field: str, a: str, b: str, values: tuple[str, str], subject: str) -> Row:
    """A conflict between wire's record ``a`` and daily's record ``b``."""
    return {
        "brief_a": "wire",
        "record_a": a,
        "brief_b": "daily",
        "record_b": b,
        "kind": kind,
        "field": field,
        "value_a": values[0],
        "value_b": values[1],
        "subject": subject,
    }


def _meeting(kind: str, field: str, values: tuple[str, str]) -> Row:
    return _row(kind, field, MEETING, MEETING, values, MEETING_TITLE)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"place": "Moscow"}, _meeting("place", "place", ("Sochi", "Moscow"))),
        (
            {"participants": ["lavrov", "pompeo", "putin"]},
            _meeting(
                "participants",
                "participants",
                ("Sergei Lavrov; Mike Pompeo", "Sergei Lavrov; Mike Pompeo; Putin"),
            ),
        ),
        ({"status": "failed"}, _meeting("status", "status", ("occurred", "failed"))),
        ({"date": "2019-05-16"}, _meeting("date", "date", ("2019-05-14", "2019-05-16"))),
    ],
    ids=["place", "participants", "status", "date"],
)
def test_two_accounts_of_one_event_that_differ_in_one_field_are_one_conflict_on_it(
    conflicts: Find, older: Brief, newer: Brief, change: dict[str, Any], expected: Row
) -> None:
    """The newer brief links its meeting ``same_as`` the older's and changes one field:
    that field, and nothing else, is the conflict, the older brief's value first."""
    _record(newer, "events", MEETING).update(change)
    _link(newer, MEETING, "same_as", f"wire:{MEETING}")
    assert conflicts(older, newer) == [expected]


def test_each_brief_names_the_participants_as_it_spells_them(
    conflicts: Find, older: Brief, newer: Brief
) -> None:
    _record(newer, "actors", "lavrov")["name"] = "Sergey Lavrov"
    _record(newer, "events", MEETING)["participants"] = ["lavrov"]
    _link(newer, MEETING, "same_as", f"wire:{MEETING}")
    [row] = conflicts(older, newer)
    assert (row["value_a"], row["value_b"]) == ("Sergei Lavrov; Mike Pompeo", "Sergey Lavrov")


@pytest.mark.parametrize(
    ("place_a", "place_b"),
    [("Sochi", "central Sochi"), ("central Sochi", "Sochi"), ("Sochi", "Sochi")],
)
def test_a_place_named_within_the_other_is_the_same_place(
    conflicts: Find, older: Brief, newer: Brief, place_a: str, place_b: str
) -> None:
    """ "Sochi" and "central Sochi" are one place at two precisions, whichever brief is
    the more precise."""
    _record(older, "events", MEETING)["place"] = place_a
    _record(newer, "events", MEETING)["place"] = place_b
    _link(newer, MEETING, "same_as", f"wire:{MEETING}")
    assert conflicts(older, newer) == []


@pytest.mark.parametrize(
    ("date_a", "date_b"),
    [
        ("2019-05-10/2019-05-14", "2019-05-14"),
        ("2019-05-14", "2019-05-10/2019-05-14"),
        ("2019-05-14", None),
        (None, "2019-05-14"),
    ],
    ids=["older-ends-on-the-day", "newer-ends-on-the-day", "newer-undated", "older-undated"],
)
def test_dates_that_share_a_day_or_an_undated_account_are_no_conflict(
    conflicts: Find, older: Brief, newer: Brief, date_a: str | None, date_b: str | None
) -> None:
    """Windows that meet on their last and first day may both be true; a record with no
    date cannot contradict one with a date."""
    _record(older, "events", MEETING)["date"] = date_a
    _record(newer, "events", MEETING)["date"] = date_b
    _link(newer, MEETING, "same_as", f"wire:{MEETING}")
    assert conflicts(older, newer) == []


REFUGEES = "stat-refugees-2019"
"""5,300,000 people, period 2019-12."""
PRICE_JUMP = "stat-oil-price-jump"
"""2 percent, no period."""


def test_one_figure_of_two_periods_is_a_conflict_of_period_only(
    conflicts: Find, older: Brief, newer: Brief
) -> None:
    """The same value in the same unit is no disagreement about the figure."""
    _record(newer, "stats", REFUGEES)["period"] = "2020"
    _link(newer, REFUGEES, "same_as", f"wire:{REFUGEES}")
    assert conflicts(older, newer) == [
        _row(
            "date",
            "period",
            REFUGEES,
            REFUGEES,
            ("2019-12", "2020"),
            "Venezuelan refugees, 2019-12",
        )
    ]


def test_a_figure_without_a_period_is_named_by_its_metric_alone(
    conflicts: Find, older: Brief, newer: Brief
) -> None:
    _record(newer, "stats", PRICE_JUMP)["value"] = 3
    _link(newer, PRICE_JUMP, "same_as", f"wire:{PRICE_JUMP}")
    assert conflicts(older, newer) == [
        _row(
            "figure",
            "value",
            PRICE_JUMP,
            PRICE_JUMP,
            ("2 percent", "3 percent"),
            "Oil price rise after the coup attempt",
        )
    ]


def test_a_figure_linked_same_as_and_of_one_period_is_one_row(
    conflicts: Find, older: Brief, newer: Brief
) -> None:
    """Found twice, as one thing and by its metric, unit and period: written once."""
    _record(newer, "stats", REFUGEES)["value"] = 4_000_000
    _link(newer, REFUGEES, "same_as", f"wire:{REFUGEES}")
    assert conflicts(older, newer) == [
        _row(
            "figure",
            "value",
            REFUGEES,
            REFUGEES,
            ("5,300,000 people", "4,000,000 people"),
            "Venezuelan refugees, 2019-12",
        )
    ]


US_GUAIDO = "pos-us-supports-guaido"
"""The United States supports Juan Guaidó, on Guaidó's claim to the presidency."""


def test_a_changed_stance_is_named_by_its_holder_and_target(
    conflicts: Find, older: Brief, newer: Brief
) -> None:
    _record(newer, "positions", US_GUAIDO)["stance"] = "opposes"
    assert conflicts(older, newer) == [
        _row(
            "stance",
            "stance",
            US_GUAIDO,
            US_GUAIDO,
            ("supports", "opposes"),
            "United States, towards Juan Guaidó",
        )
    ]


@pytest.mark.parametrize(
    ("was", "now"),
    [
        ({}, {"target": "maduro"}),
        ({"issue": None}, {"issue": "XXXX"}),
    ],
    ids=["another-target", "an-issue-against-none"],
)
def test_a_stance_towards_another_target_or_issue_is_another_position(
    conflicts: Find,
    older: Brief,
    newer: Brief,
    was: dict[str, Any],
    now: dict[str, Any],
) -> None:
    """Supporting Guaidó and opposing Maduro on one issue, or a stance on no issue and
    one on some issue (whatever its words, even a placeholder), do not disagree."""
    _record(older, "positions", US_GUAIDO).update(was)
    _record(newer, "positions", US_GUAIDO).update(was, stance="opposes", **now)
    assert conflicts(older, newer) == []


@pytest.mark.parametrize("older_record", [MEETING, REFUGEES, US_GUAIDO])
@pytest.mark.parametrize("older_first", [True, False])
def test_records_of_two_kinds_linked_same_as_share_no_field_to_disagree_on(
    conflicts: Find, older: Brief, newer: Brief, older_record: str, older_first: bool
) -> None:
    """A claim (undated) said to be the same as an event, a figure or a position of the
    other brief: neither has the other's place, figure or stance, so no conflict."""
    claim = "c-sochi-tense"
    if older_first:
        _link(newer, claim, "same_as", f"wire:{older_record}")
    else:  # the claim in the older brief, the other record in the newer
        _link(newer, older_record, "same_as", f"wire:{claim}")
    assert conflicts(older, newer) == []


def test_one_brief_never_disagrees_with_itself(conflicts: Find, older: Brief) -> None:
    """Two figures of one metric, unit and period, and two events it says are one, in
    the same brief: a brief's own records are never a conflict."""
    again = copy.deepcopy(_record(older, "stats", REFUGEES))
    again.update(id="stat-refugees-2019-low", value=4_000_000)
    older["stats"].append(again)
    _link(older, MEETING, "same_as", "joint-news-conference")
    _record(older, "events", "joint-news-conference")["date"] = "2019-05-15"
    assert conflicts(older) == []


def test_a_contradicts_link_across_briefs_is_a_conflict_older_source_first(
    conflicts: Find, older: Brief, newer: Brief
) -> None:
    """Drawn in the newer brief after its other links, from its quotation to the older
    brief's position: the row has the older end first, a quotation's words and any
    other record as a person names it; links to a brief not loaded are skipped."""
    quote = "q-trump-putin-not-involved"
    _link(newer, quote, "contradicts", "wire:pos-pompeo-blames-russia")
    _link(newer, "gone:q-x", "contradicts", quote)
    _link(newer, quote, "contradicts", "gone:q-x")
    assert conflicts(older, newer) == [
        _row(
            "contradicts",
            "text",
            "pos-pompeo-blames-russia",
            quote,
            (
                "Mike Pompeo blames Russia",
                "not looking at all to get involved in Venezuela, other than he would "
                "like to see something positive happen",
            ),
            "Mike Pompeo, towards Russia",
        )
    ]


@pytest.mark.parametrize(
    ("search", "kinds"),
    [
        ("Lavrov Pompeo", ["date", "place"]),  # the subject
        ("Polyana", ["place"]),  # the older value
        ("Moscow", ["place"]),  # the newer value
        ("2019-05-16", ["date"]),  # the newer date
        ("place", ["place"]),  # the kind
        ("Caracas", []),
    ],
)
def test_search_reads_the_subject_both_values_and_the_kind(
    conflicts: Find, older: Brief, newer: Brief, search: str, kinds: list[str]
) -> None:
    _record(older, "events", MEETING)["place"] = "Krasnaya Polyana"
    _record(newer, "events", MEETING).update(place="Moscow", date="2019-05-16")
    _link(newer, MEETING, "same_as", f"wire:{MEETING}")
    found = conflicts(older, newer, question=Question(search=search))
    assert [row["kind"] for row in found] == kinds
