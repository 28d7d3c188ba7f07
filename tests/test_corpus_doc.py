"""docs/corpus.md is real: each console example runs and prints what it shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reader import BIN, shell

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "corpus.md").read_text(encoding="utf-8")


def examples() -> list[tuple[str, str]]:
    """(command, expected output) for every `$ ` line of every console block."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", DOC, flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


def test_the_walkthrough_has_examples() -> None:
    assert len(examples()) >= 12


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_corpus_example(command: str, expected: str) -> None:
    """The command prints exactly what the walkthrough shows, run from the checkout
    with $CORPUS and $ARTICLES named as a user there names them."""
    if shutil.which("vzcli", path=str(BIN)) is None:
        pytest.skip("the vzcli console script is not installed")
    env = {"CORPUS": "tests/fixtures/corpus/briefs", "ARTICLES": "tests/fixtures/corpus/articles"}
    assert shell(command, ROOT, **env) == expected
