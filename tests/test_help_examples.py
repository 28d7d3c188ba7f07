"""Every example in every command's ``--help`` runs, as a reader would type it.

Run from a folder holding what the examples name: ``article.txt`` and
``my-article.txt`` (the bundled brief's article), ``edited-article.txt`` (the
article with a sentence inserted, for ``reanchor``), ``my-brief.json`` (the
bundled brief), ``briefs/`` (the fixture corpus and the bundled brief) and
``articles/`` (the fixture corpus's articles).  An
example piping into a program that is not installed is skipped, naming it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ARTICLE, NO_ARTICLE
from reader import BIN
from vzcli.cli import app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
runner = CliRunner()


def _commands() -> list[str]:
    from typer.main import get_command

    # list_commands, not .commands: add, edit, remove and date are built when named.
    return sorted(get_command(app).list_commands(None))  # type: ignore[attr-defined,arg-type]


def examples() -> list[str]:
    """Each example of each command's help, its wrapped lines joined."""
    found = []
    for name in ["", *_commands()]:  # the top-level help's, then each command's
        text = runner.invoke(app, [name, "--help"] if name else ["--help"]).stdout
        section = text.split("Examples:", 1)[1]
        section = re.split(r"\n(?:Arguments|Options)", section, maxsplit=1)[0]
        for paragraph in section.strip().split("\n\n"):
            line = " ".join(part.strip() for part in paragraph.splitlines())
            if line.startswith("vzcli "):
                found.append(line)
    return found


def test_examples_are_found() -> None:
    assert len(examples()) >= 40


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ARTICLE.exists():
        pytest.skip(NO_ARTICLE)
    here = tmp_path_factory.mktemp("reader")
    for name in ("article.txt", "my-article.txt"):
        shutil.copy(ARTICLE, here / name)
    text = ARTICLE.read_text("utf-8")
    at = text.index("The main topic")
    edited = text[:at] + "The talks had been planned for weeks. " + text[at:]
    (here / "edited-article.txt").write_bytes(edited.encode("utf-8"))
    shutil.copy(ROOT / "data" / "brief.json", here / "my-brief.json")
    shutil.copytree(CORPUS / "briefs", here / "briefs")
    shutil.copy(ROOT / "data" / "brief.json", here / "briefs" / "us-russia-venezuela.json")
    shutil.copytree(CORPUS / "articles", here / "articles")
    return here


@pytest.mark.installed
@pytest.mark.parametrize("example", examples())
def test_help_example_runs(example: str, folder: Path, tmp_path: Path) -> None:
    for tool in re.findall(r"\| *([a-z][a-z-]*)", example):
        if tool != "vzcli" and shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    if shutil.which("vzcli", path=str(BIN)) is None:
        pytest.skip("the vzcli console script is not installed")
    here = tmp_path / "here"
    shutil.copytree(folder, here)  # an example may write (init -o, --force, report > file)
    env = {k: v for k, v in os.environ.items() if k not in ("VZCLI_DATA", "VZCLI_SOURCE")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", example],
        cwd=here,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{example}\n{done.stderr}"
    assert "Traceback" not in done.stderr
