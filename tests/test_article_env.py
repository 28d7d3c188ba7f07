"""Tests that need the article find it through $VZCLI_TEST_ARTICLE as well as beside the
checkout, and a skip says how to give it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLE_VAR

HERE = Path(__file__).parent


@pytest.mark.installed
def test_the_variable_names_the_article(tmp_path: Path) -> None:
    copy = tmp_path / "article.txt"
    copy.write_text("text", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "import conftest; print(conftest.ARTICLE)"],
        cwd=HERE,
        env={**os.environ, ARTICLE_VAR: str(copy)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == str(copy)


@pytest.mark.installed
def test_a_missing_article_skips_saying_how_to_give_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    test = "test_verify.py::test_verify_passes_on_the_bundled_brief"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", test],
        check=False,
        cwd=HERE,
        env={**os.environ, ARTICLE_VAR: str(missing)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert f"the article is not at {missing}: set {ARTICLE_VAR} to its path" in done.stdout
