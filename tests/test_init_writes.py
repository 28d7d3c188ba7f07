"""``init -o`` writes its brief whole or not at all, and touches only what it was asked to.

The full-disk case runs on a small tmpfs mounted for the test (root only; it
skips, saying so, where mounting is not allowed), and again with a write made
to fail in-process, which runs everywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ARTICLE, NO_ARTICLE
from reader import BIN
from vzcli.cli import app

runner = CliRunner()
pytestmark = pytest.mark.skipif(not ARTICLE.exists(), reason=NO_ARTICLE)


def init(*args: str) -> object:
    return runner.invoke(app, ["init", str(ARTICLE), *args])


def test_stdout_with_dash_and_an_empty_output_refused(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    result = init("-o", "-")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert result.stdout.startswith('{\n  "$schema"')  # type: ignore[attr-defined]
    assert os.listdir(tmp_path) == []  # no file named '-'
    result = init("-o", "")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "'--output' / '-o': is empty" in result.stderr  # type: ignore[attr-defined]
    result = init("--category", " ")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "--category is blank" in result.stderr  # type: ignore[attr-defined]


def test_force_keeps_a_schema_file_the_user_has(tmp_path: Path) -> None:
    brief = tmp_path / "b.json"
    assert init("-o", str(brief)).exit_code == 0  # type: ignore[attr-defined]
    schema = tmp_path / "brief.schema.json"
    assert schema.exists()  # none was there: written
    schema.write_text("{}")
    result = init("-o", str(brief), "--force")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert schema.read_text() == "{}"
    assert "kept" in result.stderr  # type: ignore[attr-defined]


@pytest.mark.installed
def test_a_device_target_gets_no_schema_beside_it(tmp_path: Path) -> None:
    if shutil.which("vzcli", path=str(BIN)) is None:
        pytest.skip("the vzcli console script is not installed")
    done = subprocess.run(
        ["bash", "-c", f"vzcli init '{ARTICLE}' -o /dev/stdout --force | head -c 1"],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
        check=False,
    )
    assert done.stdout == "{"
    assert not Path("/dev/brief.schema.json").exists()


def test_a_symlinked_brief_is_replaced_where_it_points(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert init("-o", str(link), "--force").exit_code == 0  # type: ignore[attr-defined]
    assert link.is_symlink()
    assert real.read_text().startswith("{")
    assert real.stat().st_mode & 0o777 == 0o640  # its mode kept


def test_a_failed_write_leaves_the_old_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    brief = tmp_path / "b.json"
    brief.write_text("my brief")
    real_open = open

    def full(path: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "x" in mode:  # the temporary file beside the brief
            raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", full)
    result = init("-o", str(brief), "--force")
    monkeypatch.undo()
    assert result.exit_code == 73  # type: ignore[attr-defined]
    assert result.stderr == f"vzcli: cannot write {brief}: No space left on device\n"  # type: ignore[attr-defined]
    assert brief.read_text() == "my brief"
    assert os.listdir(tmp_path) == ["b.json"]


def test_a_full_disk_leaves_the_old_brief_whole(small_disk: Path) -> None:
    brief = small_disk / "b.json"
    brief.write_text("my brief")
    filler = small_disk / "filler"
    with open(filler, "wb", buffering=0) as fh:  # fill the disk to the last block
        try:
            while True:
                fh.write(b"x" * 1024)
        except OSError:
            pass
    result = init("-o", str(brief), "--force")
    assert result.exit_code == 73  # type: ignore[attr-defined]
    assert result.stderr == f"vzcli: cannot write {brief}: No space left on device\n"  # type: ignore[attr-defined]
    assert brief.read_text() == "my brief"
    assert sorted(os.listdir(small_disk)) == ["b.json", "filler"]
