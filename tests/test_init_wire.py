"""init for wire copy (dateline, publication day, outlet, sign-off line), verify's
checks as JSON, and an article read from stdin."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ARTICLE
from vzcli.authoring import new_brief
from vzcli.cli import app

runner = CliRunner()

WIRE = (
    "Talks set for Ostravik\n"
    "OSTRAVIK, March 12 (NNA) \u2013 Ministers of two states will meet on Monday.\n"
    "They said so in a statement.\n"
    "\n"
    "\u2013NNA\n"
)


def test_init_cites_the_dateline_and_the_sign_off_and_keeps_the_metadata() -> None:
    brief = new_brief(WIRE, published="2031-03-12", dateline="OSTRAVIK, March 12", outlet="NNA")
    source = brief["source"]
    assert (source["published"], source["dateline"], source["outlet"]) == (
        "2031-03-12",
        "OSTRAVIK, March 12",
        "NNA",
    )
    cited = [WIRE[a:b] for a, b in source["spans"]]
    assert cited == ["Talks set for Ostravik", "OSTRAVIK, March 12", "\u2013NNA"]


@pytest.mark.parametrize(
    ("last", "cited"),
    [
        ("\u2013IANS", True),
        ("-- AP", True),
        ("(Reporting by A. Writer; editing by B. Editor)", True),
        ("They left.", False),
        ("\u2013 and then", False),
    ],
)
def test_a_sign_off_line_is_cited_only_when_it_is_one(last: str, cited: bool) -> None:
    article = f"Title\nSomething happened.\n{last}\n"
    spans = new_brief(article)["source"]["spans"]
    assert ([article.index(last), article.index(last) + len(last)] in spans) is cited


def test_init_refuses_a_dateline_the_article_does_not_print(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_text(WIRE, "utf-8")
    result = runner.invoke(app, ["init", str(tmp_path / "w.txt"), "--dateline", "OSLO, May 2"])
    assert result.exit_code == 2
    assert "the dateline 'OSLO, May 2' is not in the article" in result.stderr


def test_init_refuses_a_day_no_month_has(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_text(WIRE, "utf-8")
    result = runner.invoke(app, ["init", str(tmp_path / "w.txt"), "--published", "2031-02-30"])
    assert result.exit_code == 2
    assert result.stderr.startswith("vzcli: error: --published: '2031-02-30'")


def test_init_reads_the_article_from_stdin() -> None:
    result = runner.invoke(app, ["init", "-", "--author", "Nobody"], input=WIRE)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["source"]["length"] == len(WIRE)


def test_stdin_cannot_be_both_the_brief_and_the_article() -> None:
    brief = (Path(__file__).parents[1] / "data" / "brief.json").read_text("utf-8")
    result = runner.invoke(app, ["verify", "--data", "-", "--source", "-"], input=brief)
    assert result.exit_code == 2
    assert "only one of --data and --source may be -" in result.stderr


def test_verify_json_lists_every_check() -> None:
    result = runner.invoke(app, ["verify", "--format", "json"])
    assert result.exit_code == 0
    checks = json.loads(result.stdout)
    assert [c["check"] for c in checks] == ["schema", "integrity"]
    assert checks[1] == {
        "brief": "us-russia-venezuela",
        "check": "integrity",
        "ok": True,
        "detail": "ids are unique, references resolve, spans fit the article's length",
        "problems": [],
    }


@pytest.mark.skipif(not ARTICLE.exists(), reason="the article is not here")
def test_verify_json_fails_with_exit_1_and_every_problem(tmp_path: Path) -> None:
    edited = tmp_path / "a.txt"
    edited.write_text(ARTICLE.read_text("utf-8") + "More.", "utf-8")
    result = runner.invoke(app, ["verify", "--source", str(edited), "-f", "json"])
    assert result.exit_code == 1
    failed = [c for c in json.loads(result.stdout) if not c["ok"]]
    assert failed[0]["check"] == "source"
    assert failed[0]["problems"]


def test_verify_json_is_read_by_jq() -> None:
    import shutil

    if shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    out = runner.invoke(app, ["verify", "-f", "json"]).stdout
    done = subprocess.run(
        ["jq", "-r", "map(select(.ok)) | length"],
        input=out,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "2\n"
