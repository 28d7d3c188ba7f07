"""The fixture corpus: four invented articles on one invented story, briefed with vzcli's
own tools, asked what the sources agree on, where they differ and who said what.

The story: Norland and Estavia talk about sharing the Tarn's water.  A wire
report announces the talks (scheduled, 12 March), a newspaper reports them
(13 March), an analysis weighs them, and a follow-up by the wire reports
Estavia's rejection (relayed by Radio Estavia) and dates the talks 14 March.
Dmitri Volkan is Dmitry to the Herald; the Herald and the follow-up print
one quotation of Ilse Marrow; the reservoir holds 1.2 or 1.4 billion cubic
metres depending on who says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli.cli import app
from vzcli.conflicts import _places_differ

HERE = Path(__file__).parent / "fixtures" / "corpus"
BRIEFS = HERE / "briefs"
ARTICLES = HERE / "articles"
IDS = ["nordpress-announce", "herald-talks", "review-analysis", "nordpress-followup"]
"""The briefs in order of publication (4, 13, 15 and 20 March 2024)."""

runner = CliRunner()


def rows(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, [*args, "--data", str(BRIEFS), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "" or result.stderr.startswith("note: ")
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def table(*args: str) -> str:
    result = runner.invoke(app, [*args, "--data", str(BRIEFS)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("brief_id", IDS)
def test_each_brief_verifies_against_its_article(brief_id: str) -> None:
    result = runner.invoke(
        app,
        [
            "verify",
            "--data",
            str(BRIEFS / f"{brief_id}.json"),
            "--source",
            str(ARTICLES / f"{brief_id}.txt"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.stdout


def test_the_corpus_verifies_with_its_articles() -> None:
    result = runner.invoke(app, ["verify", "--data", str(BRIEFS), "--sources", str(ARTICLES)])
    assert result.exit_code == 0, result.output
    assert "== the corpus: 4 briefs" in result.stdout
    for brief_id in IDS:
        assert f"{brief_id}.json (brief {brief_id})" in result.stdout


def test_briefs_come_in_order_of_publication_with_their_articles_found() -> None:
    result = runner.invoke(
        app, ["briefs", "--data", str(BRIEFS), "--sources", str(ARTICLES), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [b["brief"] for b in found] == IDS
    assert [b["published"] for b in found] == [
        "2024-03-04",
        "2024-03-13",
        "2024-03-15",
        "2024-03-20",
    ]
    assert {b["article"] for b in found} == {"verified"}


def test_one_actor_under_two_spellings() -> None:
    """The earliest source names him; the Herald's spelling is an alias, and either
    spelling finds his words in every brief."""
    [volkan] = rows("actors", "--actor", "volkan")
    assert volkan["name"] == "Dmitri Volkan"
    assert "Dmitry Volkan" in volkan["aliases"]
    assert volkan["briefs"] == IDS
    by_i = rows("quotes", "--actor", "Dmitri Volkan", "--fields", "brief,id")
    by_y = rows("quotes", "--actor", "Dmitry Volkan", "--fields", "brief,id")
    assert by_i == by_y
    assert {q["brief"] for q in by_i} == {"herald-talks", "nordpress-followup"}


def test_a_quotation_printed_twice_is_one_merged_row() -> None:
    merged = rows("quotes", "--actor", "Marrow", "--merge")
    [listen] = [q for q in merged if q["text"] == "We came to listen, not to lecture."]
    assert listen["n_sources"] == 2
    assert listen["sources"] == ["herald-talks", "nordpress-followup"]
    assert listen["records"] == [
        "herald-talks:q-marrow-listen",
        "nordpress-followup:q-marrow-listen",
    ]


def test_the_best_corroborated_event_first() -> None:
    merged = rows("events", "--merge", "--sort", "n_sources", "--reverse")
    assert merged[0]["id"] == "talks"
    assert merged[0]["sources"] == IDS
    # The row is the oldest source's: the talks as announced, before they happened.
    assert merged[0]["brief"] == "nordpress-announce"
    assert merged[0]["status"] == "scheduled"


def test_words_relayed_by_a_broadcaster() -> None:
    relayed = rows("quotes", "--via", "Radio Estavia", "--fields", "brief,id,via,speaker")
    assert [q["id"] for q in relayed] == [
        "r-volkan-rejects-plan",
        "r-volkan-farms-short",
        "r-volkan-own-proposal",
    ]
    assert {q["speaker"] for q in relayed} == {"volkan"}
    assert all(q["via"] == ["radio-estavia"] for q in relayed)
    # --actor finds speakers, never the relay.
    assert rows("quotes", "--actor", "Radio Estavia") == []


def test_a_scheduled_meeting_is_an_event_in_its_window() -> None:
    found = rows(
        "events", "--since", "2024-03-12", "--until", "2024-03-12", "--fields", "brief,id,status"
    )
    assert {"brief": "nordpress-announce", "id": "talks", "status": "scheduled"} in found
    assert "scheduled" in table("events", "--since", "2024-03-12", "--until", "2024-03-12")


def test_where_the_sources_disagree() -> None:
    found = rows("conflicts")
    kinds = sorted((c["kind"], c["brief_a"], c["brief_b"]) for c in found)
    assert kinds == [
        ("date", "herald-talks", "nordpress-followup"),  # the talks: 13 or 14 March
        ("date", "herald-talks", "nordpress-followup"),  # the quotation dated by them
        ("date", "nordpress-announce", "herald-talks"),  # 12 March as announced
        ("date", "nordpress-announce", "nordpress-followup"),
        ("figure", "nordpress-announce", "herald-talks"),
        ("stance", "review-analysis", "nordpress-followup"),
    ]
    [figure] = [c for c in found if c["kind"] == "figure"]
    assert figure["subject"] == "Capacity of the Varby reservoir, 2023"
    assert (figure["value_a"], figure["value_b"]) == (
        "1,200,000,000 cubic metres",
        "1,400,000,000 cubic metres",
    )
    [stance] = [c for c in found if c["kind"] == "stance"]
    assert stance["subject"].startswith("Estavia, towards ")
    assert (stance["value_a"], stance["value_b"]) == ("supports", "rejects")


@pytest.mark.parametrize(
    ("a", "b", "differ"),
    [
        ("Varby", "Varby town hall", False),  # one place, two precisions
        ("varby town hall", "VARBY", False),
        ("Varby", "Kessel", True),
        ("Varby", "Varbyholm", True),  # a word, not a prefix
        ("Varby town hall", "Kessel town hall", True),
        ("town hall", "Varby town hall", False),
    ],
)
def test_a_place_named_within_another_is_no_conflict(a: str, b: str, differ: bool) -> None:
    assert _places_differ(a, b) is differ
    assert _places_differ(b, a) is differ


def test_show_names_the_brief_of_a_link_drawn_elsewhere() -> None:
    shown = table("show", "herald-talks:talks")
    assert "[nordpress-announce:talks]" in shown  # drawn here, to another brief
    assert "[nordpress-followup:talks]" in shown  # drawn there, to this record
    assert "[review-analysis:talks]" in shown
    assert "[talks-put-back]" in shown  # drawn here, within this brief


def test_the_report_names_each_actor_once_and_each_figure_s_brief() -> None:
    report = table("report")
    assert "### Dmitri Volkan" in report
    assert "### Dmitry Volkan" not in report
    assert (
        "| Metric | Value | Unit | Period | Qualifiers | By | Change | Change % | Brief |" in report
    )
    assert "— brief review-analysis" in report  # a link's brief
    assert "## Sources" in report


# --- the contract: every row of the corpus fits its schema ----------------------

ALL_LISTINGS = ["events", "quotes", "positions", "claims", "stats", "actors", "links"]


def schema_of(name: str) -> dict[str, Any]:
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize(
    ("schema", "args"),
    [
        *((name, [name]) for name in [*ALL_LISTINGS, "briefs", "conflicts"]),
        *(
            (f"{name}-merged", [name, "--merge"])
            for name in ["events", "quotes", "claims", "stats"]
        ),
        ("briefs", ["briefs", "--sources", str(ARTICLES)]),
        ("quotes", ["quotes", "--sources", str(ARTICLES)]),
    ],
)
def test_every_corpus_row_fits_its_schema(schema: str, args: list[str]) -> None:
    """Each command's JSON over the corpus is valid under `vzcli schema`, and every row
    has every key its schema requires and no other."""
    import jsonschema

    spec = schema_of(schema)
    jsonschema.Draft202012Validator.check_schema(spec)
    found = rows(*args)
    assert found
    jsonschema.validate(found, spec, cls=jsonschema.Draft202012Validator)
    [row] = [d for name, d in spec["$defs"].items() if name.endswith("Row")]
    for record in found:
        assert set(row["required"]) <= set(record) <= set(row["properties"])
        assert next(iter(record)) in ("brief", "briefs", "brief_a")


def test_only_pairs_that_differ_are_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pairs compared are exactly those of combinations() whose records differ in
    what is compared, in combinations() order: so the rows come out as before."""
    from itertools import combinations

    from hypothesis import given
    from hypothesis import strategies as st

    from vzcli import conflicts

    monkeypatch.setattr(conflicts, "_signature", lambda record: (record % 3 if record else 0,))

    @given(st.lists(st.integers(min_value=0, max_value=9), max_size=12))
    def check(records: list[int]) -> None:
        group: list[Any] = [(None, r) for r in records]
        expected = [(x, y) for x, y in combinations(group, 2) if x[1] % 3 != y[1] % 3]
        assert list(conflicts._differing(group)) == expected

    check()


def test_a_corpus_that_agrees_compares_no_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten thousand records alike in everything make no pair (no quadratic walk)."""
    from vzcli import conflicts

    monkeypatch.setattr(conflicts, "_signature", lambda record: ("alike",))
    assert list(conflicts._differing([(None, i) for i in range(10_000)])) == []
