"""The installed console script in real subprocesses: packaging, pipes, jq."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.installed

BIN = Path(sys.executable).parent
VZCLI = shutil.which("vzcli", path=str(BIN)) or shutil.which("vzcli")


def vzcli(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    if VZCLI is None:
        pytest.skip("the vzcli console script is not installed")
    env = {k: v for k, v in os.environ.items() if k != "VZCLI_DATA"}
    return subprocess.run(
        [VZCLI, *args], cwd=cwd, capture_output=True, text=True, env=env, check=False, **kwargs
    )  # type: ignore[call-overload]


def test_console_script_answers_from_any_folder(tmp_path: Path) -> None:
    """The installed `vzcli quotes --actor Lavrov` works outside the checkout."""
    result = vzcli("quotes", "--actor", "Lavrov", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Threats by the U.S." in result.stdout
    assert "Pompeo" not in result.stdout


def test_python_dash_m_works_like_the_script(tmp_path: Path) -> None:
    """`python -m vzcli` is the same program."""
    result = subprocess.run(
        [sys.executable, "-m", "vzcli", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("vzcli ")


def test_jq_reads_the_json(tmp_path: Path) -> None:
    """A real JSON client (jq) reads `events --since 2019-05-01 --format json`."""
    jq = shutil.which("jq")
    if jq is None:
        pytest.skip("jq is not installed (.ci/run installs it)")
    out = vzcli("events", "--since", "2019-05-01", "--format", "json", cwd=tmp_path).stdout
    ids = subprocess.run(
        [jq, "-r", ".[].id"], input=out, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "sochi-meeting" in ids
    assert "coup-attempt" not in ids
    assert ids == [r["id"] for r in json.loads(out)]


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    """`vzcli … | head -1` leaves no BrokenPipeError on stderr."""
    if VZCLI is None:
        pytest.skip("the vzcli console script is not installed")
    result = subprocess.run(
        f"'{VZCLI}' events --format jsonl | head -c 10",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert len(result.stdout) == 10
    assert result.stderr == ""
