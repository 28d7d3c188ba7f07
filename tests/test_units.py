"""The small parts every answer passes through, each pinned on its own: what a row's
fields hold, and what a failure says.

Much of this runs when vzcli is imported (a listing reads its row type's
fields once); here each part runs again under the test, so that a change to
it cannot hide behind a value computed before the test began.
"""

from __future__ import annotations

import pickle
from typing import Annotated, Any

import pytest

from vzcli import rows
from vzcli.dates import Precision
from vzcli.errors import MAX_PROBLEMS, BriefError, BriefInvalid, BriefUnreadable, QueryError
from vzcli.vocab import QuoteKind


def test_a_quote_row_s_fields() -> None:
    found = rows.field_kinds(rows.QuoteRow)
    assert found.dates == {"date"}
    assert found.closed == {"precision", "kind", "setting"}
    assert found.floats == frozenset()
    assert found.counts == frozenset()


def test_a_figure_row_s_fields() -> None:
    found = rows.field_kinds(rows.StatRow)
    assert found.dates == {"period"}
    assert found.closed == {"measure", "precision", "qualifiers"}  # a list of closed values
    assert found.floats == {"value", "change", "change_pct"}  # float, or float | None


def test_a_brief_row_s_counts() -> None:
    found = rows.field_kinds(rows.BriefRow)
    assert found.counts == {
        "actors",
        "events",
        "quotes",
        "positions",
        "claims",
        "stats",
        "links",
        "excluded",
    }
    assert found.dates == {"published"}
    assert found.closed == {"article"}  # NotRequired[Annotated[...]]: found inside


def test_merged_rows_keep_their_row_s_fields() -> None:
    assert rows.field_kinds(rows.MergedQuoteRow) == rows.field_kinds(rows.QuoteRow)
    assert rows.field_kinds(rows.ConflictRow).closed == {"kind"}


def test_markers_are_found_at_any_depth() -> None:
    closed = rows.Closed(QuoteKind)
    assert closed.kind is QuoteKind
    nested = list[Annotated[str, closed]] | None
    assert rows._metadata(nested) == [closed]
    assert rows._metadata(Annotated[int, rows.COUNT, closed]) == [rows.COUNT, closed]
    assert rows._metadata(int) == []


def test_a_closed_field_s_schema_is_its_set() -> None:
    from pydantic import TypeAdapter

    schema = TypeAdapter(Annotated[str, rows.Closed(Precision)]).json_schema()
    assert schema["enum"] == [p.value for p in Precision]


def test_headers_read_as_words() -> None:
    assert rows.header("speaker_name") == "Speaker"
    assert rows.header("change_pct") == "Change %"
    assert rows.header("n_sources") == "Sources"
    assert rows.header("record_a") == "Record a"  # no header of its own: the name, as words


def test_a_derived_field_is_inferred_when_its_source_is() -> None:
    row: dict[str, Any] = {"inferred": {"date": "read from the dateline"}}
    assert rows.is_inferred(row, "date")
    assert rows.is_inferred(row, "precision")  # computed from the date
    assert not rows.is_inferred(row, "text")
    assert not rows.is_inferred({"inferred": None}, "date")
    assert not rows.is_inferred({}, "date")


# --- failures ---------------------------------------------------------------------


def test_a_brief_error_names_its_file_on_every_line() -> None:
    error = BriefInvalid("briefs/a.json", ["bad date", "unknown actor"])
    assert error.lines() == ["briefs/a.json: bad date", "briefs/a.json: unknown actor"]
    assert error.args == ("briefs/a.json", ["bad date", "unknown actor"])
    assert error.exit_code == 65
    assert BriefUnreadable("x", ["no such file"]).exit_code == 66
    assert isinstance(QueryError("no"), ValueError)


@pytest.mark.parametrize(("n", "shown"), [(MAX_PROBLEMS - 1, 19), (MAX_PROBLEMS, 20), (21, 21)])
def test_problems_are_capped_with_a_count_of_the_rest(n: int, shown: int) -> None:
    lines = BriefError("b.json", [f"problem {i}" for i in range(n)]).lines()
    assert len(lines) == shown
    if n > MAX_PROBLEMS:
        assert lines[-1] == f"b.json: … and {n - MAX_PROBLEMS} more"
    else:
        assert lines[-1] == f"b.json: problem {n - 1}"
    assert BriefError("b.json", ["a", "b", "c"]).lines(limit=2) == [
        "b.json: a",
        "b.json: b",
        "b.json: … and 1 more",
    ]


def test_a_brief_error_survives_pickling() -> None:
    """Its arguments are its name and problems, so it can cross a process boundary."""
    error = pickle.loads(pickle.dumps(BriefInvalid("a.json", ["bad"])))
    assert error.name == "a.json"
    assert error.problems == ["bad"]
