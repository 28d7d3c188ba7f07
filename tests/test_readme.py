"""The README's examples are real: each console example runs and prints what it shows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLE, NO_ARTICLE
from reader import BIN
from reader import shell as run_as_reader

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def examples() -> list[tuple[str, str]]:
    """(command, expected output) for every `$ ` line of every console block."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        chunks = re.split(r"^\$ ", block, flags=re.M)[1:]
        for chunk in chunks:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def shell(command: str, cwd: Path) -> str:
    """Run ``command`` as a reader would: from a folder of their own, with $ARTICLE set,
    and $CORPUS and $ARTICLES the fixture corpus's briefs and articles."""
    return run_as_reader(
        command,
        cwd,
        ARTICLE=str(ARTICLE),
        CORPUS=str(CORPUS / "briefs"),
        ARTICLES=str(CORPUS / "articles"),
    )


def test_readme_has_examples() -> None:
    """The parser finds the README's examples (so the test below is not vacuous)."""
    assert len(examples()) >= 8


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_readme_example(command: str, expected: str, tmp_path: Path) -> None:
    """The command prints exactly what the README shows, run from an empty folder."""
    if shutil.which("vzcli", path=str(BIN)) is None:
        pytest.skip("the vzcli console script is not installed")
    if "jq " in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed (.ci/run installs it)")
    if "sqlite3 " in command and shutil.which("sqlite3") is None:
        pytest.skip("the sqlite3 shell is not installed (.ci/run installs it)")
    if "ARTICLE" in command and not ARTICLE.exists():
        pytest.skip(NO_ARTICLE)
    assert shell(command, tmp_path) == expected


def python_examples() -> list[str]:
    """Every ```pycon block: a session of the library, with what it prints."""
    return re.findall(r"```pycon\n(.*?)```", README, flags=re.S)


def test_readme_uses_the_library() -> None:
    """The README shows the library, not only the command line."""
    assert python_examples()


@pytest.mark.parametrize("session", python_examples())
def test_python_example(session: str, tmp_path: Path) -> None:
    """Each Python session prints what the README shows, run as a reader runs it: the
    installed vzcli, from a folder of their own, as doctest checks a session."""
    checker = (
        "import doctest, sys\n"
        "test = doctest.DocTestParser().get_doctest(sys.stdin.read(), {}, 'README', 'README', 0)\n"
        "runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)\n"
        "runner.run(test)\n"
        "sys.exit(1 if runner.failures or not runner.tries else 0)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("VZCLI_DATA", "VZCLI_SOURCE")}
    result = subprocess.run(
        [sys.executable, "-c", checker],
        input=session,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_names_no_path_of_the_checkout() -> None:
    """Examples use only what a reader has: no repository paths, no ../shared."""
    for command, _ in examples():
        assert "../" not in command, command
        assert "tests/" not in command, command


def test_report_excerpt_is_real(tmp_path: Path) -> None:
    """The report excerpt is the start of the real report."""
    excerpt = re.search(r"~~~markdown\n(.*?)~~~", README, flags=re.S)
    assert excerpt is not None
    real = shell("vzcli report --actor Lavrov --since 2019-05", tmp_path)
    assert real.startswith(excerpt[1])
