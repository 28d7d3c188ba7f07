"""Shell completion, JSON Schemas and the Markdown report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from vzcli.cli import app

runner = CliRunner()
LISTINGS = ["events", "quotes", "positions", "claims", "stats", "actors", "links"]


# --- completion -----------------------------------------------------------


def complete(words: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What bash completion offers for the last word of ``words``, as bash inserts it."""
    parts = words.split(" ")
    monkeypatch.setenv("_VZCLI_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(parts) - 1))
    result = runner.invoke(app, [], prog_name="vzcli")
    return [line for line in result.stdout.splitlines() if line]


def test_actor_completion_offers_lavrov(monkeypatch: pytest.MonkeyPatch) -> None:
    """`vzcli quotes --actor La<Tab>` offers Lavrov, from the brief."""
    assert "Lavrov" in complete("vzcli quotes --actor La", monkeypatch)


def test_actor_completion_offers_every_spelling(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Gua` completes to Guaidó with and without the accent, and nobody else."""
    offered = complete("vzcli events --actor Gua", monkeypatch)
    assert "Guaidó" in offered
    assert "Lavrov" not in offered


def test_target_and_metric_completion(monkeypatch: pytest.MonkeyPatch) -> None:
    """--on offers position targets, --metric the brief's metrics."""
    assert "Nicolás\\ Maduro" in complete("vzcli positions --on Nic", monkeypatch)
    assert "Venezuelan\\ oil\\ output" in complete("vzcli stats --metric Ven", monkeypatch)


def test_format_and_command_completion(monkeypatch: pytest.MonkeyPatch) -> None:
    """Command names and --format values complete too."""
    assert "quotes" in complete("vzcli quo", monkeypatch)
    assert complete("vzcli quotes --format js", monkeypatch) == ["json", "jsonl"]


def test_completion_of_a_broken_brief_is_silent(
    monkeypatch: pytest.MonkeyPatch, write_brief: Any
) -> None:
    """A brief that cannot be read completes to nothing, without an error."""
    path = write_brief("{broken")
    assert complete(f"vzcli quotes --data {path} --actor La", monkeypatch) == []


# --- schema ---------------------------------------------------------------


def schema(name: str) -> dict[str, Any]:
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("command", LISTINGS)
def test_json_output_validates_against_its_schema(command: str) -> None:
    """Every command's real --format json output is valid under `vzcli schema COMMAND`."""
    spec = schema(command)
    jsonschema.Draft202012Validator.check_schema(spec)
    output = json.loads(runner.invoke(app, [command, "--format", "json"]).stdout)
    assert output
    jsonschema.validate(output, spec, cls=jsonschema.Draft202012Validator)
    row = next(d for name, d in spec["$defs"].items() if name.endswith("Row"))
    # Every key but evidence is always there; evidence only with the article.
    assert set(row["properties"]) - set(row["required"]) == {"evidence"}
    assert all(set(record) == set(row["required"]) for record in output)


@pytest.mark.parametrize("command", LISTINGS)
def test_json_with_evidence_validates_too(command: str, article: Path) -> None:
    """With --source every record gains evidence, and still fits its schema."""
    spec = schema(command)
    result = runner.invoke(app, [command, "--format", "json", "--source", str(article)])
    output = json.loads(result.stdout)
    jsonschema.validate(output, spec, cls=jsonschema.Draft202012Validator)
    row = next(d for name, d in spec["$defs"].items() if name.endswith("Row"))
    assert all(set(record) == set(row["properties"]) for record in output)


def test_schema_catches_a_wrong_record() -> None:
    """The exported schema rejects what vzcli would never print."""
    spec = schema("quotes")
    record = json.loads(runner.invoke(app, ["quotes", "-f", "json"]).stdout)[0]
    for broken in ({**record, "kind": "whispered"}, {**record, "extra": 1}, {"id": "x"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([broken], spec)


def test_bundled_brief_validates_against_the_brief_schema(brief_dict: dict[str, Any]) -> None:
    """`vzcli schema brief` accepts the shipped brief and rejects an unknown key."""
    spec = schema("brief")
    jsonschema.Draft202012Validator.check_schema(spec)
    jsonschema.validate(brief_dict, spec)
    brief_dict["quotes"][0]["mood"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(brief_dict, spec)


def test_unknown_schema_is_a_usage_error() -> None:
    """`vzcli schema nope` exits 2 and lists what exists."""
    result = runner.invoke(app, ["schema", "nope"])
    assert result.exit_code == 2
    assert "valid: brief, events, quotes, positions, claims, stats, actors, links" in result.stderr


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("quotes", "vzcli quotes --format json"),
        ("quotes-merged", "vzcli quotes --merge --format json"),
        ("events-merged", "vzcli events --merge --format json"),
    ],
)
def test_a_row_schema_is_titled_with_the_command_that_prints_it(name: str, title: str) -> None:
    schema = json.loads(runner.invoke(app, ["schema", name]).stdout)
    assert schema["title"] == title
    assert schema["description"].startswith(f"The array `{title}` prints;")


# --- report ---------------------------------------------------------------

SECTIONS = [
    "## Timeline",
    "## Quotes by speaker",
    "## Positions",
    "## The author's assessment",
    "## Figures",
    "## Links between records",
    "## Disagreements within a side",
]


def report(*args: str) -> str:
    result = runner.invoke(app, ["report", *args])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_report_has_every_section() -> None:
    """The report carries the source, each section, a timeline and a series chart."""
    text = report()
    assert text.startswith("# US and Russia: developments in Venezuela\n")
    assert "Rowan Hart" in text
    positions = [text.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert "```mermaid\n" in text
    assert "\ngantt\n" in text
    # Events on a known day are milestones; a bounded date spans its days.
    assert (
        "    Lavrov and Pompeo meet in Sochi · 2019-05-14 #58;milestone, 2019-05-14, 0d\n" in (text)
        or "    Lavrov and Pompeo meet in Sochi · 2019-05-14 :milestone, 2019-05-14, 0d\n" in text
    )
    assert "Not on the chart, as the article gives no date: " in text
    assert '\nxychart-beta\n    title "Venezuelan oil output"\n' in text
    assert '    y-axis "barrels per day (millions)" 0 --> 1.4\n' in text  # from zero
    assert "    bar [1.2, 0.476]\n" in text
    assert (
        "| Venezuelan oil output | 476,000 | barrels per day (inferred) | 2019-04 (inferred) |  |  "
        "| -724,000 | -60.33% |" in text
    )
    assert "### Sergei Lavrov\n" in text
    assert (
        "*(reported)* Pompeo claimed that Maduro had a plane ready to leave but that Moscow "
        "talked him into staying. — denied by Russia: *(reported)* Moscow rejected the US "
        "accusations, calling them part of a US information war on Russia." in text
    )
    assert (
        "- *unlikely* (“still seems unlikely”): Russia and the US will settle their "
        "differences over Venezuela." in text
    )
    assert "- United States: Donald Trump: “not looking at all" in text
    assert "| 2019-04-30 to 2019-05-14 (inferred) | Pompeo\u2013Lavrov telephone call |" in text


def test_report_tables_are_well_formed() -> None:
    """Every Markdown table row has as many cells as its header."""
    lines = report().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---"):
            width = len(re.split(r"(?<!\\)\|", lines[i - 1]))
            j = i + 1
            while j < len(lines) and lines[j].startswith("| "):
                assert len(re.split(r"(?<!\\)\|", lines[j])) == width, lines[j]
                j += 1


def test_report_filters_like_the_listings() -> None:
    """--actor and --since narrow the report as they narrow `events` and `quotes`."""
    text = report("--actor", "Lavrov", "--since", "2019-05")
    assert "Filtered to actors Lavrov; on or after 2019-05." in text
    assert "Events: 3 · quotes: 3" in text
    assert "Threats by the U\\.S. administration" in text
    assert "Trump\u2013Putin telephone call" not in text
    assert "No disagreements match." in text


def test_report_errors_like_the_listings() -> None:
    """A bad actor is the same usage error as elsewhere."""
    result = runner.invoke(app, ["report", "--actor", "Lavorv"])
    assert result.exit_code == 2
    assert "did you mean 'Lavrov'" in result.stderr


def test_report_escapes_hostile_text(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """Markdown and Mermaid specials and terminal escapes in a brief cannot break the report."""
    brief_dict["events"][0]["title"] = "a: b; c # d \x1b[31m | e"
    text = report("--data", str(write_brief(brief_dict)))
    assert "\x1b" not in text
    assert "a#58; b#59; c #35; d \\x1b[31m | e" in text  # on the Mermaid time axis
    assert "| a: b; c \\# d \\\\x1b\\[31m \\| e |" in text  # in the events table
