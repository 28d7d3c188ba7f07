"""The validation cache is steered by its owner only: a folder, key or certificate that
another user owns, that others may write, that is reached through a symlink or is
not a regular file is refused, and the brief is validated in full.

The attack: a brief whose span runs past its article is invalid (exit 65).  Whoever
can plant a key and a certificate signed with it makes vzcli skip validation and
answer from it.  Tests with a second user run as root (CI) and skip otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli import cache
from vzcli.cli import app

runner = CliRunner()
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to make files another user's")
NOBODY = 65534


@pytest.fixture
def bad_brief(write_brief: Any, brief_dict: dict[str, Any]) -> Path:
    """A brief integrity refuses: a quote's span runs past the article."""
    brief_dict["quotes"][0]["spans"] = [[0, brief_dict["source"]["length"] + 10]]
    return Path(write_brief(brief_dict))


def plant(folder: Path, brief: Path) -> Path:
    """A key and a certificate of ``brief`` signed with it, as an attacker would make them."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = os.urandom(32)
    (folder / "key").write_bytes(key)
    (folder / "key").chmod(0o600)
    brief_digest = cache.digest(brief.read_bytes())
    fingerprint = cache.rules()
    assert fingerprint is not None
    fields = cache._certificate(brief_digest, frozenset({cache.ALL}), fingerprint, None)
    path = folder / f"{brief_digest}.json"
    path.write_bytes(cache.signed(key, fields))
    path.chmod(0o600)
    return path


def quotes(brief: Path) -> int:
    return runner.invoke(app, ["quotes", "--data", str(brief)]).exit_code


def test_a_planted_certificate_is_what_the_check_refuses(cache_dir: Path, bad_brief: Path) -> None:
    """The attack works when the files are the user's own (not defended: own account)."""
    assert quotes(bad_brief) == 65
    plant(cache_dir, bad_brief)
    assert quotes(bad_brief) == 0


@pytest.mark.parametrize("what", ["folder", "key", "certificate"])
def test_anything_others_may_write_is_refused(cache_dir: Path, bad_brief: Path, what: str) -> None:
    certificate = plant(cache_dir, bad_brief)
    target = {"folder": cache_dir, "key": cache_dir / "key", "certificate": certificate}[what]
    target.chmod(0o777 if what == "folder" else 0o666)
    assert quotes(bad_brief) == 65


@ROOT_ONLY
@pytest.mark.parametrize("what", ["folder", "key", "certificate"])
def test_anything_another_user_owns_is_refused(cache_dir: Path, bad_brief: Path, what: str) -> None:
    certificate = plant(cache_dir, bad_brief)
    target = {"folder": cache_dir, "key": cache_dir / "key", "certificate": certificate}[what]
    os.chown(target, NOBODY, NOBODY)
    assert quotes(bad_brief) == 65


def test_a_symlinked_folder_or_key_is_refused(
    cache_dir: Path, bad_brief: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    plant(elsewhere, bad_brief)
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.symlink_to(elsewhere)
    assert quotes(bad_brief) == 65
    cache_dir.unlink()
    certificate = plant(cache_dir, bad_brief)
    (cache_dir / "key").rename(tmp_path / "key")
    (cache_dir / "key").symlink_to(tmp_path / "key")
    assert quotes(bad_brief) == 65
    assert certificate.exists()


def test_nothing_is_written_into_a_refused_folder(
    cache_dir: Path, brief_dict: Any, write_brief: Any
) -> None:
    cache_dir.mkdir(parents=True)
    cache_dir.chmod(0o777)
    brief = write_brief(brief_dict)
    assert quotes(Path(brief)) == 0
    assert quotes(Path(brief)) == 0
    assert os.listdir(cache_dir) == []


@pytest.mark.installed
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_key_that_is_no_file_neither_hangs_nor_exhausts_memory(kind: str, tmp_path: Path) -> None:
    folder = tmp_path / "xdg" / "vzcli"
    folder.mkdir(parents=True, mode=0o700)
    if kind == "fifo":
        os.mkfifo(folder / "key", 0o600)
    else:
        (folder / "key").symlink_to("/dev/zero")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    done = subprocess.run(
        [sys.executable, "-m", "vzcli", "quotes", "--actor", "Lavrov", "-f", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 3


def test_a_relative_xdg_cache_home_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "vzcli"


def test_an_empty_home_is_the_account_s_home(monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "")
    home = pwd.getpwuid(os.getuid()).pw_dir
    assert cache.directory() == Path(home) / ".cache" / "vzcli"
    monkeypatch.setenv("HOME", "not/absolute")
    assert cache.directory() == Path(home) / ".cache" / "vzcli"


def test_read_private_reads_only_what_it_may(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.write_bytes(b"abc")
    mine.chmod(0o600)
    assert cache.read_private(mine, 3) == b"abc"
    assert cache.read_private(mine, 2) is None  # more than a key or certificate holds
    mine.chmod(0o620)
    assert cache.read_private(mine, 3) is None  # the group may write it
    mine.chmod(0o644)
    assert cache.read_private(mine, 3) == b"abc"  # others may read it: no matter
    assert cache.read_private(tmp_path / "absent", 3) is None
    assert cache.read_private(tmp_path, 3) is None  # a folder
    (tmp_path / "link").symlink_to(mine)
    assert cache.read_private(tmp_path / "link", 3) is None


def test_a_failed_key_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "vzcli"

    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "write", full)
    assert cache._key(folder, create=True) is None
    assert os.listdir(folder) == []


def test_a_full_disk_leaves_no_temporary_key(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a full disk every run used to leave a 0-byte .key-XXXXXXXX behind."""
    filler = small_disk / "filler"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"x" * 1024)
        except OSError:
            pass
    (small_disk / "vzcli").mkdir(mode=0o700)  # the folder fits; nothing more does
    monkeypatch.setenv("XDG_CACHE_HOME", str(small_disk))
    for _ in range(3):
        assert runner.invoke(app, ["quotes", "--actor", "Lavrov"]).exit_code == 0
    assert os.listdir(small_disk / "vzcli") == []
