"""Messages that say what is wrong in the user's terms: an article is called an
article, a value as the brief wrote it, a date's own reason kept, nothing echoed
at megabyte length, no number printed with digits the brief never gave."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli.cli import app
from vzcli.errors import BriefInvalid, cut

runner = CliRunner()


def test_schema_version_true_is_not_schema_1(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    brief_dict["schema_version"] = True
    result = runner.invoke(app, ["quotes", "--data", str(write_brief(brief_dict))])
    assert result.exit_code == 65
    assert result.stderr.endswith(
        "schema_version: must be 3 (or 2), the brief format this vzcli reads, not true\n"
    )
    brief_dict["schema_version"] = 1
    result = runner.invoke(app, ["quotes", "--data", str(write_brief(brief_dict))])
    assert "this is a schema 1 brief" in result.stderr


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("2019-02-30", "no day 30: February 2019 has 28 days"),
        ("2019-02-29", "no day 29: February 2019 has 28 days"),
        ("2019-13", "no month 13"),
        ("0000", "no year 0000"),
        ("2019-5", "use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-05-01)"),
        ("2019-01/2019-02", "use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-05-01)"),
    ],
)
def test_a_bad_date_keeps_its_own_reason(date: str, reason: str) -> None:
    for option in ("--since", "--until"):
        result = runner.invoke(app, ["quotes", option, date])
        assert result.exit_code == 2
        assert result.stderr == f"vzcli: error: invalid date '{date}': {reason}\n"


def test_a_leap_day_is_a_day() -> None:
    assert runner.invoke(app, ["quotes", "--since", "2020-02-29"]).exit_code == 0


def test_the_article_is_called_an_article(tmp_path: Path) -> None:
    result = runner.invoke(app, ["verify", "--source", str(tmp_path)])
    assert result.exit_code == 66
    assert result.stderr == f"vzcli: {tmp_path}: is a folder, not an article file\n"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["verify", "--source", str(empty)])
    assert result.exit_code == 65
    assert result.stderr == (
        f"vzcli: {empty}: is empty; an article is the text a brief describes\n"
    )
    result = runner.invoke(app, ["quotes", "--data", str(tmp_path)])  # a folder of no briefs
    assert "holds no brief" in result.stderr  # a folder of briefs is still a brief folder


def test_a_long_value_is_cut_in_messages() -> None:
    assert cut("abc", 5) == "abc"
    assert cut("abcdef", 5) == "abcde… (1 more characters)"
    assert cut("x" * 2000) == "x" * 2000
    assert cut("x" * 5000) == "x" * 2000 + "… (3,000 more characters)"
    lines = BriefInvalid("b.json", ["y" * 3000]).lines()
    assert lines == ["b.json: " + "y" * 1992 + "… (1,008 more characters)"]
    result = runner.invoke(app, ["quotes", "--actor", "z" * 100_000])
    assert result.exit_code == 2
    assert len(result.stderr) < 2100
    assert result.stderr.endswith(" more characters)\n")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1.5e300, "1.5e300"),
        (1e23, "1e23"),  # not exact in binary: the brief's digits
        (-3e20, "-300,000,000,000,000,000,000"),  # exact: every digit is the brief's
        (1e16, "10,000,000,000,000,000"),
        (1200000, "1,200,000"),
        (1200000.0, "1,200,000"),
        (0.25, "0.25"),
        (1234.5, "1,234.5"),
        (9007199254740994.0, "9,007,199,254,740,994"),
    ],
)
def test_a_figure_shows_the_digits_the_brief_gave(
    value: float, shown: str, write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    brief_dict["stats"][0]["value"] = value
    path = write_brief(json.dumps(brief_dict))
    sid = brief_dict["stats"][0]["id"]
    result = runner.invoke(
        app, ["stats", "--data", str(path), "--fields", "id,value", "-f", "markdown"]
    )
    assert result.exit_code == 0, result.output
    assert f"| {sid} | {shown} |" in result.stdout


def test_sorting_by_the_article_status_needs_the_articles() -> None:
    """Found by the property test: --sort article without --sources was exit 70."""
    result = runner.invoke(app, ["briefs", "--sort", "article"])
    assert result.exit_code == 2
    assert result.stderr == "vzcli: error: --sort article needs the articles: pass --sources DIR\n"
    here = Path(__file__).parent / "fixtures" / "corpus"
    args = ["--data", str(here / "briefs"), "--sources", str(here / "articles")]
    result = runner.invoke(app, ["briefs", "--sort", "article", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [r["article"] for r in json.loads(result.stdout)] == ["verified"] * 4
