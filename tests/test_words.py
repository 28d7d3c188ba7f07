"""Every word vzcli prints can be typed back; a wrong one is one line with a
did-you-mean; certainty is ordinal; quotes filter by kind."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

import vzcli
from vzcli.cli import app
from vzcli.errors import QueryError
from vzcli.vocab import CERTAINTY_SCALE, Certainty

runner = CliRunner()


def rows(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize(
    "typed", ["warns_against", "warns against", "Warns Against", "warns-against", "WARNS-AGAINST"]
)
def test_a_stance_as_printed_or_as_stored(typed: str) -> None:
    found = rows("positions", "--stance", typed)
    assert [r["id"] for r in found] == ["pos-lavrov-warns-force"]


@pytest.mark.parametrize(
    ("command", "option", "typed", "value"),
    [
        ("claims", "--certainty", "very likely", "very_likely"),
        ("claims", "--certainty", "Even-Chance", "even_chance"),
        ("links", "--relation", "part of", "part_of"),
        ("claims", "--kind", "Forecast", "forecast"),
    ],
)
def test_each_closed_set_takes_its_words(command: str, option: str, typed: str, value: str) -> None:
    field = {"--certainty": "certainty", "--relation": "relation", "--kind": "kind"}[option]
    found = rows(command, option, typed)
    assert all(r[field] == value for r in found)
    assert found == rows(command, option, value)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["positions", "--stance", "support"],
            "vzcli: error: unknown stance 'support'; did you mean 'supports'? valid: supports, "
            "opposes, blames, warns against, urges, seeks, rejects, denies\n",
        ),
        (
            ["links", "--relation", "contradict"],
            "vzcli: error: unknown relation 'contradict'; did you mean 'contradicts'? valid: "
            "prompted, followed, led to, contradicts, denies, concurrent, part of, same as, based on\n",
        ),
        (
            ["claims", "--min-certainty", "probable"],
            "vzcli: error: unknown certainty 'probable'; valid: stated, almost certain, "
            "very likely, likely, even chance, unlikely, very unlikely, almost no chance\n",
        ),
    ],
)
def test_a_wrong_word_is_one_line_with_a_did_you_mean(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_certainty_sorts_along_its_scale() -> None:
    found = rows("claims", "--sort", "certainty", "--fields", "certainty")
    ranks = [CERTAINTY_SCALE[r["certainty"]] for r in found]
    assert ranks == sorted(ranks)
    assert found[-1]["certainty"] == "stated"
    assert {r["certainty"] for r in found} >= {"unlikely", "even_chance", "likely", "stated"}
    backwards = rows("claims", "--sort", "certainty", "--reverse", "--fields", "certainty")
    assert [r["certainty"] for r in backwards] == [r["certainty"] for r in found][::-1]


@pytest.mark.parametrize("floor", list(Certainty))
def test_min_certainty_keeps_what_is_at_least_that_firm(floor: Certainty) -> None:
    every = rows("claims", "--fields", "id,certainty")
    kept = rows("claims", "--min-certainty", floor.value, "--fields", "id,certainty")
    assert kept == [r for r in every if CERTAINTY_SCALE[r["certainty"]] >= CERTAINTY_SCALE[floor]]


def test_min_certainty_likely_keeps_stated_and_drops_the_unlikely() -> None:
    kept = {r["certainty"] for r in rows("claims", "--min-certainty", "likely")}
    assert "stated" in kept
    assert "likely" in kept
    assert not kept & {"unlikely", "even_chance"}


@pytest.mark.parametrize("kind", ["direct", "reported"])
def test_quotes_by_kind(kind: str) -> None:
    found = rows("quotes", "--kind", kind)
    assert found
    assert all(r["kind"] == kind for r in found)
    other = rows("quotes", "--kind", "reported" if kind == "direct" else "direct")
    assert len(found) + len(other) == len(rows("quotes"))


def test_the_library_takes_the_words_too() -> None:
    corpus = vzcli.open()
    printed = corpus.positions(vzcli.Question(stances=["warns against"]))
    assert [r["id"] for r in printed] == ["pos-lavrov-warns-force"]
    assert corpus.quotes(vzcli.Question(quote_kinds=["Direct"]))
    with pytest.raises(QueryError, match="did you mean 'reported'"):
        corpus.quotes(vzcli.Question(quote_kinds=["report"]))


@pytest.mark.parametrize(
    ("command", "words", "field", "value"),
    [
        ("quotes", "direct", "kind", "direct"),
        ("quotes", "tweet", "setting", "tweet"),
        ("quotes", '"news conference"', "setting", "news_conference"),
        ("events", "failed", "status", "failed"),
        ("positions", '"warns against"', "stance", "warns_against"),
        ("claims", '"even chance"', "certainty", "even_chance"),
        ("claims", "forecast", "kind", "forecast"),
        ("stats", "estimate", "qualifiers", ["estimate", "forecast", "upper_bound"]),
        ("stats", "rate", "measure", "rate"),
        ("actors", "military", "kind", "military"),
        ("links", '"part of"', "relation", "part_of"),
    ],
)
def test_search_reads_the_closed_set_words_as_tables_print_them(
    command: str, words: str, field: str, value: object
) -> None:
    found = rows(command, "--search", words)
    assert found
    assert any(r[field] == value for r in found)


def test_report_help_offers_no_search_it_lacks() -> None:
    out = runner.invoke(app, ["report", "--help"]).stdout
    assert "--search" not in out
