"""Record the golden outputs: run this only when an output is meant to change.

    python tests/golden/record.py

Each line of tests/golden/commands.txt is run with the bundled brief and
COLUMNS=100, and its stdout is written to tests/golden/NN.out.  ``CORPUS`` and
``ARTICLES`` in a line stand for the fixture corpus's briefs and articles,
named relative to the project's root, the folder every command runs in (so
that the paths vzcli prints are the same on every machine).
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from typer.testing import CliRunner

from vzcli.cli import app

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
NAMES = {"CORPUS": "tests/fixtures/corpus/briefs", "ARTICLES": "tests/fixtures/corpus/articles"}


def commands() -> list[list[str]]:
    """The recorded commands, in file order."""
    lines = (HERE / "commands.txt").read_text(encoding="utf-8").splitlines()
    return [
        [_named(word) for word in shlex.split(line)]
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


def _named(word: str) -> str:
    head, slash, rest = word.partition("/")
    return NAMES[head] + slash + rest if head in NAMES else word


def output(args: list[str]) -> bytes:
    """What ``vzcli ARGS`` writes to stdout (exit status 0 required)."""
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, args)
    finally:
        os.chdir(before)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout_bytes


if __name__ == "__main__":
    os.environ["COLUMNS"] = "100"
    os.environ.pop("VZCLI_DATA", None)
    os.environ.pop("VZCLI_SOURCE", None)
    os.environ["VZCLI_NO_CACHE"] = "1"
    for old in HERE.glob("*.out"):
        old.unlink()
    for n, args in enumerate(commands(), 1):
        (HERE / f"{n:02d}.out").write_bytes(output(args))
    print(f"recorded {len(commands())} outputs")
