"""The corpus store called directly: what it writes, what it reads back, what it ignores.

tests/test_store.py runs whole corpora through the CLI; these pin the store's
own contract line by line, as the certificate cache's unit tests do.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from vzcli import cache
from vzcli.store import Store, _stat_key

DIGEST = "d" * 64


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return tmp_path / "xdg" / "vzcli"


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    where = tmp_path / "briefs" / "a.json"
    where.parent.mkdir()
    where.write_text("{}", encoding="utf-8")
    return where


def _opened(brief: Path) -> Store:
    store = Store.of([str(brief)])
    assert store is not None
    return store


def _recorded(
    brief: Path, *, settled: bool = True, index: dict[str, object] | None = None
) -> Store:
    store = _opened(brief)
    info = brief.stat()
    read_at = info.st_ctime_ns + (3_000_000_000 if settled else 0)
    store.record(
        str(brief),
        info,
        DIGEST,
        frozenset({"quotes"}),
        layout={"quotes": [1, 2]},  # type: ignore[dict-item]
        index=index or {"id": "a", "actors": [], "denies": []},  # type: ignore[typeddict-item]
        read_at=read_at,
    )
    return store


def test_a_new_store_is_empty_unchanged_and_trusts_its_indexes(
    cache_dir: Path, brief: Path
) -> None:
    store = _opened(brief)
    assert (store.entries, store.changed, store.indexes) == ({}, False, True)
    folder = os.fsencode(str(brief.parent.resolve()))
    assert store.path == cache_dir / f"corpus-{cache.short_hash(folder)}.store"
    store.save()
    assert not store.path.exists()  # nothing recorded: nothing written


def test_the_store_of_two_folders_is_named_by_both(cache_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    store = Store.of([str(tmp_path / "y" / "b.json"), str(tmp_path / "x" / "a.json")])
    assert store is not None
    joined = b"\0".join(os.fsencode(str(tmp_path / n)) for n in ("x", "y"))
    assert store.path.name == f"corpus-{cache.short_hash(joined)}.store"


def test_a_recorded_brief_is_written_signed_and_read_back(cache_dir: Path, brief: Path) -> None:
    store = _recorded(brief)
    assert store.changed
    assert store.recorded(str(brief))
    assert not store.recorded(str(brief.with_name("b.json")))
    store.save()
    assert not store.changed
    mac, first, entry = store.path.read_bytes().split(b"\n")
    header = Store.header()
    assert first == json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    secret = cache._key(cache_dir, create=False)
    assert secret is not None
    assert mac == cache._mac(secret, first + b"\n" + entry).encode()
    name = json.dumps(str(brief.resolve())).encode()
    assert entry.split(b"\t") == [
        name,
        _stat_key(brief.stat()),
        DIGEST.encode(),
        b'["quotes"]',
        b'{"quotes":[1,2]}',
        b'{"actors":[],"denies":[],"id":"a"}',
    ]
    before = store.path.stat().st_mtime_ns
    store.save()  # nothing changed since: not written again
    assert store.path.stat().st_mtime_ns == before

    again = _opened(brief)
    assert again.indexes
    assert not again.changed
    found = again.lookup(str(brief), brief.stat())
    assert found is not None
    assert found[0] == DIGEST
    assert found[1].collections == frozenset({"quotes"})
    assert (found[1].layout, found[1].indexed) == ({"quotes": [1, 2]}, None)
    assert found[1].denials_indexed is True  # the index holds the brief's denials
    indexed = again.lookup(str(brief), brief.stat(), index=True)
    assert indexed is not None
    assert (indexed[1].layout, indexed[1].indexed) == (
        None,
        {"actors": [], "denies": [], "id": "a"},
    )
    assert again.index(str(brief), frozenset({"quotes"})) == {"actors": [], "denies": [], "id": "a"}
    assert again.index(str(brief), frozenset({"claims"})) is None  # not certified for claims
    assert again.index(str(brief.with_name("gone.json")), None) is None
    by_digest = again.by_digest(DIGEST)
    assert by_digest is not None
    assert by_digest.layout == {"quotes": [1, 2]}


def test_an_index_made_without_the_links_says_it_lacks_the_denials(
    cache_dir: Path, brief: Path
) -> None:
    index = {"id": "a", "actors": [], "denies": None}
    _recorded(brief, index=index).save()
    found = _opened(brief).lookup(str(brief), brief.stat(), index=True)
    assert found is not None
    assert found[1].denials_indexed is False


def test_an_unsettled_or_changed_brief_is_not_found_by_its_stat(
    cache_dir: Path, brief: Path
) -> None:
    _recorded(brief, settled=False).save()
    store = _opened(brief)
    [entry] = store.entries.values()
    assert entry.split(b"\t")[1] == b"-"
    assert store.lookup(str(brief), brief.stat()) is None
    assert store.by_digest(DIGEST) is not None  # by its bytes, still
    _recorded(brief).save()
    brief.write_text("{ }", encoding="utf-8")
    assert _opened(brief).lookup(str(brief), brief.stat()) is None


def test_a_digest_the_store_lacks_is_asked_of_the_certificate_files(
    cache_dir: Path, brief: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(cache, "certificate", asked.append)
    store = _recorded(brief)
    assert store.by_digest(DIGEST) is not None
    assert asked == []
    assert store.by_digest("e" * 64) is None
    assert asked == ["e" * 64]


@pytest.mark.parametrize(
    "line",
    [b"\tstat\tdigest\t[]\tnull\tnull", b"no tab at all"],
    ids=["no name", "one part"],
)
def test_a_line_without_a_name_is_no_entry(cache_dir: Path, brief: Path, line: bytes) -> None:
    _recorded(brief).save()
    path = _opened(brief).path
    _, first, entry = path.read_bytes().split(b"\n")
    body = b"\n".join([first, line, entry])
    secret = cache._key(cache_dir, create=False)
    assert secret is not None
    path.write_bytes(cache._mac(secret, body).encode() + b"\n" + body)
    store = _opened(brief)
    assert list(store.entries) == [entry.split(b"\t")[0]]


def test_a_store_without_its_signature_line_is_empty(cache_dir: Path, brief: Path) -> None:
    _recorded(brief).save()
    path = _opened(brief).path
    _, first, entry = path.read_bytes().split(b"\n")
    secret = cache._key(cache_dir, create=False)
    assert secret is not None
    body = first + b"\n" + entry
    # the signature cut off: the body alone, then an empty first line before it
    for text in (body, b"\n" + body):
        path.write_bytes(text)
        assert _opened(brief).entries == {}
    path.write_bytes(b"\n\n")
    assert _opened(brief).entries == {}


def test_another_vzcli_s_indexes_are_set_aside_and_written_back_as_none(
    cache_dir: Path, brief: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _recorded(brief).save()
    monkeypatch.setattr(cache, "_indexer", lambda: "another")
    store = _opened(brief)
    assert (store.indexes, store.changed) == (False, True)
    found = store.lookup(str(brief), brief.stat(), index=True)
    assert found is not None
    assert found[1].indexed is None  # not this vzcli's: never used
    assert store.index(str(brief), None) is None
    store.save()
    [entry] = store.path.read_bytes().split(b"\n")[2:]
    parts = entry.split(b"\t")
    assert len(parts) == 6
    assert parts[3:] == [b'["quotes"]', b'{"quotes":[1,2]}', b"null"]
    assert json.loads(store.path.read_bytes().split(b"\n")[1])["index"] == "another"


def test_a_deleted_brief_leaves_the_store(cache_dir: Path, brief: Path) -> None:
    store = _recorded(brief)
    other = brief.with_name("b.json")
    other.write_text("{}", encoding="utf-8")
    store.record(str(other), other.stat(), "e" * 64, None)
    store.save()
    other.unlink()
    again = _opened(brief)
    again.lookup(str(brief), brief.stat())
    again.record(str(brief), brief.stat(), "f" * 64, None)
    again.save()
    names = [line.split(b"\t")[0] for line in again.path.read_bytes().split(b"\n")[2:]]
    assert names == [json.dumps(str(brief.resolve())).encode()]
