"""Regressions found in review: each case once crashed, lied, or leaked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli.cli import app

runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_matrix_treats_names_as_data(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """Targets named 'holder' or 'towards' are plain cells; json is refused."""
    for actor in brief_dict["actors"]:
        if actor["id"] == "us":
            actor["name"] = "towards"
        if actor["id"] == "maduro":
            actor["name"] = "holder"
    path = str(write_brief(brief_dict))
    result = run("positions", "--matrix", "--data", path, "-f", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout_bytes.decode().splitlines()
    assert lines[0] == "holder,towards,stances"
    assert "Russia,holder,supports: Maduro's leadership" in lines
    refused = run("positions", "--matrix", "-f", "json")
    assert refused.exit_code == 2
    assert "--matrix is a table" in refused.stderr


def test_matrix_cells_are_escaped_in_tsv(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """A tab or newline in an actor's name cannot split a tsv row; formulas are defused."""
    for actor in brief_dict["actors"]:
        if actor["id"] == "us":
            actor["name"] = "=X\tY\nZ"
    result = run("positions", "--matrix", "--data", str(write_brief(brief_dict)), "-f", "tsv")
    lines = result.stdout.split("\n")
    assert any(line.startswith("'=X\\tY\\nZ\t") for line in lines)
    assert len({line.count("\t") for line in lines if line}) == 1


@pytest.mark.parametrize(
    ("values", "change"), [((-1e308, 1e308), None), ((1e-310, 1.0), 1.0), ((1, 10**400), None)]
)
def test_extreme_series_changes_never_crash(
    write_brief: Any, brief_dict: dict[str, Any], values: tuple[Any, Any], change: Any
) -> None:
    """A change too big to represent is reported as unknown, in every format."""
    jan, apr = (s for s in brief_dict["stats"] if s.get("series"))
    jan["value"], apr["value"] = values
    path = str(write_brief(brief_dict))
    for fmt in ("json", "csv", "table"):
        result = run("stats", "--data", path, "-f", fmt)
        assert result.exit_code == 0, result.output
    rows = json.loads(run("stats", "--data", path, "-f", "json").stdout)
    april = next(r for r in rows if r["id"] == apr["id"])
    assert april["change_pct"] is None
    if change is None:
        assert april["change"] is None


def test_verify_reads_the_article_bytes_as_they_are(
    article: Path, tmp_path: Path, write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """An article with CRLF line ends is hashed and measured as the file is."""
    import hashlib

    crlf = article.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "crlf.txt"
    path.write_bytes(crlf.encode("utf-8"))
    brief_dict["source"]["sha256"] = hashlib.sha256(crlf.encode("utf-8")).hexdigest()
    brief_dict["source"]["length"] = len(crlf)
    result = run("verify", "--data", str(write_brief(brief_dict)), "--source", str(path))
    assert "ok    source" in result.stdout


def test_verify_survives_odd_figures(tmp_path: Path) -> None:
    """'1.2.3' and '10.0.0.1' are read as figures, never crash verify."""
    path = tmp_path / "article.txt"
    path.write_text("Version 1.2.3 at 10.0.0.1 and 1,200,000.5 or 12,34.", encoding="utf-8")
    result = run("verify", "--source", str(path))
    assert result.exit_code == 1
    assert "figure '1.2'" in result.stdout
    assert "figure '1,200,000.5'" in result.stdout
    assert "internal error" not in result.output


def test_verify_problems_are_capped(tmp_path: Path) -> None:
    """A wrong article gives at most 20 problem lines per check, then a count."""
    path = tmp_path / "article.txt"
    path.write_text(" ".join(str(n) for n in range(100)), encoding="utf-8")
    out = run("verify", "--source", str(path)).stdout
    # 5 and 14 stand inside the source's spans, which hold its publication day,
    # 2019-05-14: taken for the dateline's, they are covered.
    assert "      … and 78 more" in out
    assert "FAIL  figure coverage: 100 figures: 2 are stats or dates" in out


def test_errors_escape_brief_text(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """An escape sequence in a metric or a key reaches stderr as visible text."""
    brief_dict["stats"][0]["metric"] = "\x1b]0;pwned\x07Oil"
    result = run("stats", "--data", str(write_brief(brief_dict)), "--metric", "x")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "\\x1b]0;pwned\\x07Oil" in result.stderr


def test_unknown_key_is_named_whatever_it_is_called(
    write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """An unknown key called 'str' (a pydantic union tag) is still named."""
    brief_dict["quotes"][0]["str"] = 1
    result = run("quotes", "--data", str(write_brief(brief_dict)))
    assert result.exit_code == 65
    assert "quotes[0].str: unknown key" in result.stderr


def test_misspelled_collection_is_reported(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """`quotse` for `quotes` is an invalid brief, not 'no matching quotes'."""
    brief_dict["quotse"] = brief_dict.pop("quotes")
    result = run("quotes", "--data", str(write_brief(brief_dict)))
    assert result.exit_code == 65
    assert "quotse: unknown key" in result.stderr


def test_report_validates_everything(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """A broken exclusion fails the report as it fails verify."""
    brief_dict["excluded"][0]["kind"] = "nonsense"
    assert run("report", "--data", str(write_brief(brief_dict))).exit_code == 65


@pytest.mark.parametrize("date", ["2019-01\n", "٢٠١٩-٠٤-٣٠", " 2019"])
def test_dates_are_ascii_and_exact(write_brief: Any, brief_dict: dict[str, Any], date: str) -> None:
    """Only ASCII digits, and nothing around the date, make a date in a brief.

    (On the command line, --since trims spaces as a shell user would expect.)
    """
    brief_dict["events"][0]["date"] = date
    assert run("events", "--data", str(write_brief(brief_dict))).exit_code == 65
    assert run("events", "--since", "٢٠١٩").exit_code == 2


def test_repeated_fields_appear_once() -> None:
    """--fields id,id,text gives the same two columns in csv and json."""
    js = json.loads(run("quotes", "--fields", "id,id,text", "-f", "json", "-n", "1").stdout)
    assert list(js[0]) == ["id", "text"]
    csv_head = run("quotes", "--fields", "id,id,text", "-f", "csv").stdout.splitlines()[0]
    assert csv_head == "id,text"


def test_sort_by_spans_is_numeric() -> None:
    """Spans sort as numbers (143 before 1023), empty lists after values."""
    rows = json.loads(run("actors", "--sort", "spans", "--fields", "id,spans", "-f", "json").stdout)
    starts = [r["spans"]["us-russia-venezuela"][0][0] for r in rows]
    assert starts == sorted(starts)
    quotes = json.loads(run("quotes", "--sort", "spans", "--fields", "spans", "-f", "json").stdout)
    assert [q["spans"][0][0] for q in quotes] == sorted(q["spans"][0][0] for q in quotes)
    events = json.loads(run("events", "--sort", "participants", "-f", "json").stdout)
    assert events[-1]["participants"] == []


def test_blank_on_is_an_error() -> None:
    """--on ' ' would match everything; it is a usage error instead."""
    result = run("positions", "--on", " ")
    assert result.exit_code == 2
    assert "empty value" in result.stderr


def test_stance_ignores_case() -> None:
    """--stance Supports works like --stance supports."""
    assert (
        run("positions", "--stance", "Supports", "-f", "json").stdout
        == run("positions", "--stance", "supports", "-f", "json").stdout
    )


def test_tables_keep_float_digits() -> None:
    """A float in a table keeps its digits: 0.004 is not shown as 0."""
    from vzcli.render import Format, render

    out = render([{"v": 0.004}, {"v": 2.999}, {"v": 1234.5}], ["v"], Format.TABLE)
    assert out.split("\n")[2:5] == ["0.004", "2.999", "1,234.5"]


def test_completion_never_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """With --data - on the line, completion offers nothing instead of waiting on stdin."""
    monkeypatch.setenv("_VZCLI_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "vzcli quotes --data - --actor La")
    monkeypatch.setenv("COMP_CWORD", "5")
    result = runner.invoke(app, [], prog_name="vzcli", input="{never read")
    assert result.stdout.split() == []
