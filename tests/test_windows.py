"""Date windows narrow: a record the article does not date lies outside every
--since/--until window, as a NULL in SQL, unless --undated asks for it; a note
says how many a window left out."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

import vzcli
from vzcli.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[list[dict[str, Any]], str]:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found, result.stderr


@pytest.mark.parametrize(
    ("command", "field", "window"),
    [
        ("events", "date", ["--since", "2019-05-01"]),
        ("events", "date", ["--until", "2019-04"]),
        ("quotes", "date", ["--since", "2019-04", "--until", "2019-05"]),
        ("claims", "date", ["--until", "2020"]),
        ("stats", "period", ["--since", "2019"]),
    ],
)
def test_a_window_leaves_the_undated_out_and_says_how_many(
    command: str, field: str, window: list[str]
) -> None:
    every, _ = _run(command)
    kept, note = _run(command, *window)
    widened, quiet = _run(command, *window, "--undated")
    assert all(r[field] is not None for r in kept)
    undated = [r for r in widened if r[field] is None]
    assert widened == sorted(kept + undated, key=widened.index)  # the same rows, and the undated
    assert undated == [r for r in every if r[field] is None]
    if undated:
        noun = command if len(undated) > 1 else command.removesuffix("s")
        assert note == (
            f"note: {len(undated)} undated {noun} left out of the window; --undated includes them\n"
        )
    else:
        assert note == ""
    assert quiet == ""


def test_since_may_no_longer_lists_what_has_no_date() -> None:
    kept, note = _run("events", "--since", "2019-05-01", "--fields", "id")
    assert "norway-talks" not in {r["id"] for r in kept}
    assert note.startswith("note: 6 undated events left out")


def test_without_a_window_every_record_is_listed_and_nothing_is_said() -> None:
    every, note = _run("events")
    assert any(r["date"] is None for r in every)
    assert note == ""
    undated, note = _run("events", "--undated")
    assert undated == every
    assert note == ""


def test_the_strict_window_is_unchanged_and_never_takes_the_undated() -> None:
    strict, note = _run(
        "events", "--since", "2019-04-30", "--until", "2019-04-30", "--strict-window"
    )
    assert [r["id"] for r in strict] == ["latest-violence"]
    assert note == ""  # strict never takes them: nothing to tell
    same, _ = _run(
        "events", "--since", "2019-04-30", "--until", "2019-04-30", "--strict-window", "--undated"
    )
    assert same == strict


def test_the_library_leaves_them_out_too_unless_asked() -> None:
    corpus = vzcli.open()
    narrowed = corpus.events(vzcli.Question(since="2019-05-01"))
    widened = corpus.events(vzcli.Question(since="2019-05-01", undated=True))
    assert all(r["date"] is not None for r in narrowed)
    assert len(widened) - len(narrowed) == 6


def test_the_report_narrows_alike() -> None:
    narrowed = runner.invoke(app, ["report", "--since", "2019-05"]).stdout
    widened = runner.invoke(app, ["report", "--since", "2019-05", "--undated"]).stdout
    assert "Not on the chart" not in narrowed  # no undated event in a windowed report
    assert "Not on the chart, as the article gives no date: " in widened
    assert "Talks in Norway;" not in narrowed
    assert "Filtered to on or after 2019-05; and what the article does not date." in widened
