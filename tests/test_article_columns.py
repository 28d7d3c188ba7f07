"""The article's column in the tables people read: a record's evidence, or whether a
brief's article was found; a listing with neither gets none (and never a crash)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ARTICLE
from vzcli.cli import app

runner = CliRunner()
CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def test_briefs_with_their_articles_show_whether_each_was_found() -> None:
    args = ["briefs", "--data", str(CORPUS / "briefs"), "--sources", str(CORPUS / "articles")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0].split()
    assert header == ["Brief", "Published", "Outlet", "Author", "Title", "Article"]
    assert "verified" in result.stdout


@pytest.mark.skipif(not ARTICLE.exists(), reason="the article is not here")
@pytest.mark.parametrize(("command", "last"), [("briefs", "Article"), ("conflicts", None)])
def test_listings_without_evidence_take_the_article_too(command: str, last: str | None) -> None:
    result = runner.invoke(app, [command, "--source", str(ARTICLE)])
    assert result.exit_code == 0, result.stderr
    if last is not None:
        assert result.stdout.splitlines()[0].split()[-1] == last
