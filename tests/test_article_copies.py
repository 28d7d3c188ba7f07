"""A copy of the article in other bytes (CRLF, NFD, spaces at line ends, a final
newline) is named as what it is, with the fix, by every command that reads the
article, and verify never advises re-hashing the brief to it."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vzcli.cli import app

runner = CliRunner()

COPIES: dict[str, tuple[Callable[[str], str], str]] = {
    "crlf": (lambda t: t.replace("\n", "\r\n"), "CRLF line ends (to get the article back: "),
    "nfd": (lambda t: unicodedata.normalize("NFD", t), "decomposed accents (NFD) (to get the"),
    "trailing": (lambda t: t.replace("\n", " \n"), "spaces or tabs at line ends (to get the"),
    "newline": (lambda t: t + "\n", "a newline at the end the article lacks (to get the"),
}


@pytest.fixture(params=sorted(COPIES))
def copy(request: pytest.FixtureRequest, article: Path, tmp_path: Path) -> tuple[Path, str]:
    make, says = COPIES[request.param]
    text = article.read_text("utf-8")
    path = tmp_path / f"{request.param}.txt"
    path.write_bytes(make(text).encode("utf-8"))
    assert path.read_bytes() != article.read_bytes()
    return path, says


def test_verify_names_the_copy_and_checks_the_article_itself(copy: tuple[Path, str]) -> None:
    path, says = copy
    result = runner.invoke(app, ["verify", "--source", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("FAIL  source:") for line in lines)
    assert f"the file given is the article with {says}" in result.stdout
    # the other checks read the article, not offsets the copy shifts
    assert [line[:4] for line in lines if line[:4] in ("ok  ", "FAIL")].count("FAIL") == 1


def test_verify_todo_never_advises_rehashing_the_brief(copy: tuple[Path, str]) -> None:
    path, _ = copy
    result = runner.invoke(app, ["verify", "--source", str(path), "--todo", "-f", "json"])
    tasks = [t["task"] for t in json.loads(result.stdout)]
    assert tasks
    assert all(t.startswith("get the article back: ") for t in tasks)
    assert not any("sha256" in t for t in tasks)


def test_a_listing_refuses_the_copy_saying_what_it_is(copy: tuple[Path, str]) -> None:
    path, says = copy
    result = runner.invoke(app, ["quotes", "--source", str(path)])
    assert result.exit_code == 65
    assert result.stderr.startswith(f"vzcli: {path}: this is the article with {says}")
    assert result.stderr.endswith("; the brief's offsets count the article's own\n")


def test_another_article_is_still_not_the_article(tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Another article altogether.\n", encoding="utf-8")
    result = runner.invoke(app, ["quotes", "--source", str(other)])
    assert result.exit_code == 65
    assert "not the article this brief describes" in result.stderr
