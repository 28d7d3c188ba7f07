"""A corpus's certificates in one store: found by stat, trusted only when signed, never
an answer.

Speed is measured in benchmarks/; these tests pin what the store must never
do: answer from a brief that changed, trust a damaged or planted file, or
make an answer differ from one given without any cache.
"""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli import cache
from vzcli import store as store_module
from vzcli import validate as validate_module
from vzcli.cli import app

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path, brief_dict: dict[str, Any]) -> Path:
    """Three copies of the bundled brief, each with an id of its own."""
    where = tmp_path / "briefs"
    where.mkdir()
    for name in ("a", "b", "c"):
        data = copy.deepcopy(brief_dict)
        data["source"]["id"] = name
        (where / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    return where


def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every file look as if it had been left alone for a minute: the store then
    trusts a stat it records (files just written are never trusted by stat)."""
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + 60_000_000_000)


def stores(folder: Path) -> list[Path]:
    return sorted(folder.glob("corpus-*.store"))


def answer(folder: Path, *args: str) -> str:
    result = runner.invoke(
        app, ["quotes", "--actor", "Lavrov", "-f", "json", "--data", str(folder), *args]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def forbid(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        pytest.fail(f"{name} was called: the store should have answered")

    monkeypatch.setattr(module, name, refuse)


def test_a_corpus_keeps_one_store_and_no_certificate_files(
    cache_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run writes one store; the second neither validates nor hashes a brief."""
    settled(monkeypatch)
    first = answer(folder)
    [store] = stores(cache_dir)
    assert not list(cache_dir.glob("*.json"))  # no certificate file per brief
    mac, _, body = store.read_bytes().partition(b"\n")
    assert len(mac) == 64
    lines = body.split(b"\n")
    assert json.loads(lines[0]) == {
        "format": cache.FORMAT,
        "store": store_module.STORE_FORMAT,
        "index": cache._indexer(),
        "pydantic": cache.pydantic_version(),
        "rules": cache.rules(),
    }
    assert len(lines) == 4  # the header, then one entry per brief
    answer(folder)  # the second run adds each brief's layout
    with monkeypatch.context() as patched:
        forbid(patched, validate_module, "parse")
        forbid(patched, cache, "digest")
        assert answer(folder) == first


def test_the_answer_is_the_one_given_without_a_cache(
    cache_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settled(monkeypatch)
    warm = [answer(folder) for _ in range(3)]
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert warm == [answer(folder)] * 3


def test_a_changed_brief_is_read_again_whatever_its_mtime_says(
    cache_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A brief rewritten with the same size and its old mtime put back still changes
    its ctime, which no program can set: the store does not vouch for it."""
    settled(monkeypatch)
    answer(folder)
    answer(folder)
    path = folder / "b.json"
    info = path.stat()
    text = path.read_text(encoding="utf-8").replace("q-lavrov-threats", "q-lavrov-threatz")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    assert "q-lavrov-threatz" in answer(folder)


def test_a_brief_made_invalid_in_place_is_refused(
    cache_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settled(monkeypatch)
    answer(folder)
    path = folder / "c.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["quotes"][0]["speaker"] = "nobody"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["quotes", "--data", str(folder)])
    assert result.exit_code == 65
    assert "quotes[0].speaker: unknown actor 'nobody'" in result.stderr
    assert result.stdout == ""


def test_a_recent_file_is_not_trusted_by_its_stat(cache_dir: Path, folder: Path) -> None:
    """A file changed in the last two seconds may change again within its timestamps'
    granularity: its entry holds no stat, and every run hashes it."""
    answer(folder)
    [store] = stores(cache_dir)
    entries = store.read_bytes().split(b"\n")[2:]
    assert entries
    assert all(e.split(b"\t")[1] == b"-" for e in entries)


def test_a_store_whose_entries_are_unchanged_is_not_written_again(
    cache_dir: Path, folder: Path
) -> None:
    """Recent files are recorded again on every run (their stat is not trusted);
    once an entry is recorded as it was, the store is left as it is."""
    answer(folder)
    answer(folder)  # the layouts are found, and recorded
    [store] = stores(cache_dir)
    before = store.stat()
    answer(folder)
    [again] = stores(cache_dir)
    after = again.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "flipped"])
def test_a_damaged_store_is_an_empty_one(
    cache_dir: Path,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
    capfd: pytest.CaptureFixture[str],
) -> None:
    settled(monkeypatch)
    expected = answer(folder)
    [store] = stores(cache_dir)
    text = store.read_bytes()
    store.write_bytes(
        {
            "truncate": text[: len(text) // 2],
            "garbage": os.urandom(300),
            "empty": b"",
            "flipped": text[:-3] + bytes([text[-3] ^ 1]) + text[-2:],
        }[damage]
    )
    assert answer(folder) == expected
    mac, _, body = store.read_bytes().partition(b"\n")  # written whole again
    assert mac == cache._mac(cache._key(cache_dir, create=False) or b"", body).encode()
    assert capfd.readouterr().err == ""


def test_a_planted_store_cannot_pass_off_an_invalid_brief(
    cache_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store signed with another key says nothing, so a broken brief stays broken."""
    settled(monkeypatch)
    answer(folder)
    [store] = stores(cache_dir)
    path = folder / "a.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["quotes"][0]["speaker"] = "nobody"
    path.write_text(json.dumps(data), encoding="utf-8")
    # Vouch for the broken brief by its new stat and digest, signed with a key of our own.
    name = json.dumps(str(path.resolve())).encode()
    stat = store_module._stat_key(path.stat())
    digest = cache.digest(path.read_bytes()).encode()
    entry = b"\t".join((name, stat, digest, b'["*"]', b"null", b"null"))
    lines = [
        line for line in store.read_bytes().split(b"\n")[1:] if not line.startswith(name + b"\t")
    ]
    body = b"\n".join([*lines, entry])
    store.write_bytes(cache._mac(os.urandom(32), body).encode() + b"\n" + body)
    result = runner.invoke(app, ["quotes", "--data", str(folder)])
    assert result.exit_code == 65
    assert "quotes[0].speaker: unknown actor 'nobody'" in result.stderr
    # The same entry signed with the cache's own key would be believed (the brief is
    # not validated again): the key, readable by its owner only, is what keeps it out,
    # and the entry is one the store reads.
    key = cache._key(cache_dir, create=False)
    assert key is not None
    store.write_bytes(cache._mac(key, body).encode() + b"\n" + body)
    believed = runner.invoke(app, ["quotes", "--data", str(folder)])
    assert believed.exit_code != 65
    assert "unknown actor" not in believed.stderr


def test_a_renamed_brief_is_found_by_its_digest(
    cache_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving a brief changes its path, not its bytes: its certificate still holds."""
    settled(monkeypatch)
    expected = answer(folder)
    (folder / "c.json").rename(folder / "d.json")
    with monkeypatch.context() as patched:
        forbid(patched, validate_module, "parse")
        assert answer(folder) == expected


def test_no_cache_writes_no_store(
    cache_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")
    answer(folder)
    assert not cache_dir.exists() or not stores(cache_dir)
