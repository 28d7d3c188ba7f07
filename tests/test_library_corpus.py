"""The corpus's named questions, from Python: each is ``ask`` with its listing, held in
memory or read brief by brief, and each gives what the CLI prints for the same
question.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import vzcli
from vzcli.cli import app
from vzcli.corpus import Streamed
from vzcli.listings import (
    ACTORS,
    BRIEFS,
    CLAIMS,
    CONFLICTS,
    EVENTS,
    LINKS,
    POSITIONS,
    QUOTES,
    STATS,
)
from vzcli.pipeline import Order

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
BRIEFS_DIR = str(FIXTURES / "briefs")

# (method, listing, CLI command, a question that narrows it, an order that changes it)
NAMED: list[tuple[str, Any, str, dict[str, Any], list[str]]] = [
    ("events", EVENTS, "events", {"actors": "Volkan"}, ["--sort", "title", "--reverse"]),
    ("quotes", QUOTES, "quotes", {"actors": "Marrow"}, ["--sort", "text"]),
    ("positions", POSITIONS, "positions", {"actors": "Estavia"}, ["--sort", "stance"]),
    ("claims", CLAIMS, "claims", {"kinds": ["forecast"]}, ["--sort", "certainty"]),
    ("stats", STATS, "stats", {}, ["--sort", "value", "--reverse"]),
    ("actors", ACTORS, "actors", {"actors": "Volkan"}, ["--sort", "name"]),
    ("links", LINKS, "links", {}, ["--sort", "relation", "--reverse"]),
    ("briefs", BRIEFS, "briefs", {}, ["--sort", "title"]),
    ("conflicts", CONFLICTS, "conflicts", {}, ["--sort", "kind", "--reverse"]),
]

_OPTIONS = {"actors": "--actor", "kinds": "--kind"}


def _cli(command: str, asked: dict[str, Any], order: list[str]) -> Any:
    args = [command, "--data", BRIEFS_DIR, "-f", "json", *order]
    for name, value in asked.items():
        for one in [value] if isinstance(value, str) else value:
            args += [_OPTIONS[name], one]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _order(words: list[str]) -> Order:
    return Order(sort=words[1], reverse="--reverse" in words)


@pytest.mark.parametrize("stream", [False, True], ids=["held", "streamed"])
@pytest.mark.parametrize(("method", "listing", "command", "asked", "order"), NAMED)
def test_each_named_question_is_ask_with_its_listing(
    stream: bool,
    method: str,
    listing: Any,
    command: str,
    asked: dict[str, Any],
    order: list[str],
) -> None:
    corpus = vzcli.open(BRIEFS_DIR, stream=stream)
    assert isinstance(corpus, Streamed) is stream
    question = vzcli.Question(**asked)
    rows = getattr(corpus, method)(question, _order(order))
    assert rows, "the question must have an answer, or it compares nothing"
    assert rows == corpus.ask(listing, question, _order(order))
    assert json.loads(json.dumps(rows)) == _cli(command, asked, order)
    # the defaults: every row, in the listing's own order
    assert getattr(corpus, method)() == corpus.ask(listing)
    assert json.loads(json.dumps(getattr(corpus, method)())) == _cli(command, {}, [])
    # the order reaches the rows: cut and reversed as asked
    cut = getattr(corpus, method)(question, Order(limit=1))
    assert cut == corpus.ask(listing, question)[:1]


@pytest.mark.parametrize("stream", [False, True], ids=["held", "streamed"])
def test_a_report_a_record_and_a_matrix_of_the_corpus(stream: bool) -> None:
    corpus = vzcli.open(BRIEFS_DIR, stream=stream)
    printed = CliRunner().invoke(app, ["report", "--data", BRIEFS_DIR, "--actor", "Volkan"])
    assert corpus.report(vzcli.Question(actors="Volkan")) == printed.stdout
    assert corpus.report().startswith("# A corpus of 4 briefs\n")
    shown = corpus.show("herald-talks:talks")
    assert (shown["collection"], shown["id"]) == ("events", "talks")
    assert shown["record"]["brief"] == "herald-talks"
    printed = CliRunner().invoke(app, ["show", "--data", BRIEFS_DIR, "herald-talks:talks"])
    assert shown["record"]["place"] == "Varby town hall" in printed.stdout
    header, body = corpus.matrix(vzcli.Question(actors="Estavia"))
    assert header == ["holder", "towards", "stances"]
    assert {row[0] for row in body} == {"Estavia"}
    assert len(corpus) == 4


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            vzcli.Question(since="2024-03-10", until="2024-03-15"),
            ["herald-talks", "review-analysis"],
        ),
        (
            vzcli.Question(actors="Estavian farmers"),
            ["herald-talks", "review-analysis", "nordpress-followup"],
        ),
        (vzcli.Question(search="Nordpress"), ["nordpress-announce", "nordpress-followup"]),
        (vzcli.Question(search="Reed"), ["herald-talks"]),
        (vzcli.Question(search="March 13"), ["herald-talks"]),
        (vzcli.Question(search="review-analysis"), ["review-analysis"]),
    ],
    ids=["window", "actor", "outlet", "author", "dateline", "id"],
)
def test_briefs_are_narrowed_by_date_actor_and_search(
    question: vzcli.Question, expected: list[str]
) -> None:
    """A brief's date is its publication; --actor keeps briefs that name the actor;
    --search reads the title, outlet, author, dateline and id."""
    assert [r["brief"] for r in vzcli.open(BRIEFS_DIR).briefs(question)] == expected


def test_a_position_is_found_by_its_target_s_name() -> None:
    found = vzcli.open().positions(vzcli.Question(search="Juan Guaidó"))
    assert "pos-us-supports-guaido" in [r["id"] for r in found]
