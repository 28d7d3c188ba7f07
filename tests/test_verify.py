"""``vzcli verify``: the brief proved against the article."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from vzcli.cli import app

runner = CliRunner()


def _tampered(article: Path, tmp_path: Path, edit: Any) -> Path:
    text = article.read_text(encoding="utf-8")
    changed = edit(text)
    assert len(changed) == len(text), "tampering must keep offsets"
    path = tmp_path / "article.txt"
    path.write_text(changed, encoding="utf-8")
    return path


def test_verify_passes_on_the_bundled_brief(article: Path) -> None:
    """Every check holds for the shipped brief and the real article."""
    result = runner.invoke(app, ["verify", "--source", str(article)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "ok    schema",
        "ok    integrity",
        "ok    source",
        "ok    quotations",
        "ok    quotation coverage",
        "ok    figure coverage",
    ]
    assert "8 direct quotations sit verbatim" in result.stdout


def test_verify_without_source_checks_the_brief_only() -> None:
    """Without --source, verify validates and says what it did not check."""
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith("note: pass --source")


def test_one_changed_character_in_a_quote_fails(article: Path, tmp_path: Path) -> None:
    """Changing a letter inside a quotation fails with exit 1 and names the quote."""
    tampered = _tampered(
        article, tmp_path, lambda t: t.replace("nothing to do with", "nothing to dO with")
    )
    result = runner.invoke(app, ["verify", "--source", str(tampered)])
    assert result.exit_code == 1
    assert "FAIL  source: " in result.stdout  # the sha256 no longer matches
    assert "FAIL  quotations: " in result.stdout
    assert "quotes[5] (q-lavrov-threats): the article at" in result.stdout
    assert "nothing to dO with" in result.stdout


def test_a_new_quotation_must_be_covered(article: Path, tmp_path: Path) -> None:
    """A quotation-marked passage that no quote or exclusion covers fails coverage."""
    tampered = _tampered(article, tmp_path, lambda t: t.replace(" Sochi. ", "“Sochi”.", 1))
    result = runner.invoke(app, ["verify", "--source", str(tampered)])
    assert result.exit_code == 1
    assert "FAIL  quotation coverage" in result.stdout
    assert "'Sochi' is quoted in the article" in result.stdout


def test_a_new_figure_must_be_covered(article: Path, tmp_path: Path) -> None:
    """A figure that is no stat, event date or exclusion fails coverage."""
    tampered = _tampered(article, tmp_path, lambda t: t.replace("two weeks", "222 weeks", 1))
    result = runner.invoke(app, ["verify", "--source", str(tampered)])
    assert result.exit_code == 1
    assert "FAIL  figure coverage" in result.stdout
    assert "figure '222' is not" in result.stdout


def test_duplicate_keys_are_rejected(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """verify refuses a brief where a repeated key would silently hide a value."""
    text = json.dumps(brief_dict, ensure_ascii=False)
    text = text.replace('"id": "lavrov",', '"id": "lavrov", "id": "lavrov",', 1)
    result = runner.invoke(app, ["verify", "--data", str(write_brief(text))])
    assert result.exit_code == 65
    assert "duplicate key 'id'" in result.stderr


def test_unreadable_article_is_exit_66(tmp_path: Path) -> None:
    """A missing article is reported like a missing brief."""
    result = runner.invoke(app, ["verify", "--source", str(tmp_path / "none.txt")])
    assert result.exit_code == 66
    assert result.stderr.startswith("vzcli: ")
    assert result.stdout == ""
