"""The validation cache's parts, each on its own: the key, the MAC, a certificate's
text and size, how certificates widen, and the corpus store's entries.

tests/test_speed_paths.py and tests/test_store.py hold the cache to what it
must never do, through the CLI; these pin how each part does its job.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from vzcli import cache
from vzcli import store as store_module

DIGEST = "ab" * 32


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return tmp_path / "xdg" / "vzcli"


def test_the_mac_is_keyed_blake2b_of_the_text() -> None:
    key, body = os.urandom(32), b'{"a":1}'
    assert cache._mac(key, body) == hashlib.blake2b(body, key=key, digest_size=32).hexdigest()
    assert cache._mac(key, memoryview(body)) == cache._mac(key, body)
    assert cache._mac(os.urandom(32), body) != cache._mac(key, body)


def test_a_signed_certificate_is_its_mac_then_its_compact_sorted_text() -> None:
    key = os.urandom(32)
    text = cache.signed(key, {"b": [1, 2], "a": "x"})
    mac, newline, body = text.partition(b"\n")
    assert newline
    assert body == b'{"a":"x","b":[1,2]}'
    assert mac == cache._mac(key, body).encode()


def test_the_digest_is_blake2b_256_of_the_bytes() -> None:
    assert cache.digest(b"brief") == hashlib.blake2b(b"brief", digest_size=32).hexdigest()


def test_the_key_is_made_once_readable_by_its_owner_only(folder: Path) -> None:
    assert cache._key(folder, create=False) is None  # none yet, and none made
    assert not folder.exists()
    key = cache._key(folder, create=True)
    assert key is not None
    assert len(key) == 32
    assert stat.S_IMODE((folder / "key").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert cache._key(folder, create=True) == key  # the same key ever after
    assert cache._key(folder, create=False) == key
    assert [p.name for p in folder.iterdir()] == ["key"]  # no temporary file left


def test_a_broken_key_is_replaced(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "key").write_bytes(b"short")
    assert cache._key(folder, create=False) is None
    key = cache._key(folder, create=True)
    assert key is not None
    assert len(key) == 32
    assert (folder / "key").read_bytes() == key
    assert sorted(p.name for p in folder.iterdir()) == ["key"]


def test_a_certificate_widens_and_whole_stays_whole(folder: Path) -> None:
    cache.certify(DIGEST, frozenset({"quotes"}))
    assert cache.certified(DIGEST) == {"quotes"}
    cache.certify(DIGEST, frozenset({"events"}), before=frozenset({"quotes"}))
    assert cache.certified(DIGEST) == {"events", "quotes"}
    cache.certify(DIGEST, None, before=frozenset({"events", "quotes"}))
    assert cache.certified(DIGEST) == {cache.ALL}
    cache.certify(DIGEST, frozenset({"links"}), before=frozenset({cache.ALL}))
    assert cache.certified(DIGEST) == {cache.ALL}
    _, _, body = (folder / f"{DIGEST}.json").read_bytes().partition(b"\n")
    assert json.loads(body) == {
        "brief": DIGEST,
        "collections": [cache.ALL],
        "format": cache.FORMAT,
        "pydantic": cache.pydantic_version(),
        "rules": cache.rules(),
    }
    assert sorted(p.name for p in folder.iterdir()) == [f"{DIGEST}.json", "key"]


def test_a_certificate_is_of_one_brief(folder: Path) -> None:
    cache.certify(DIGEST, None)
    (folder / f"{DIGEST}.json").rename(folder / f"{'cd' * 32}.json")
    assert cache.certified("cd" * 32) is None  # signed, but for another brief's bytes


def test_a_layout_comes_back_as_certified(folder: Path) -> None:
    layout = {"schema_version": 3, "source": [1, 2], "quotes": [3, 9, [[4, 8, "lavrov"]]]}
    cache.certify(DIGEST, None, layout=layout)
    found = cache.certificate(DIGEST)
    assert found is not None
    assert found.layout == layout
    assert found.collections == {cache.ALL}


def _padded_certificate(folder: Path, size: int) -> None:
    """A validly signed certificate file of exactly ``size`` bytes."""
    key = cache._key(folder, create=True)
    assert key is not None
    fields = cache._certificate(DIGEST, [cache.ALL], cache.rules() or "", {"pad": ""})
    bare = len(cache.signed(key, fields))
    fields = cache._certificate(
        DIGEST, [cache.ALL], cache.rules() or "", {"pad": "x" * (size - bare)}
    )
    text = cache.signed(key, fields)
    assert len(text) == size
    (folder / f"{DIGEST}.json").write_bytes(text)


def test_a_certificate_of_the_largest_size_counts_one_byte_more_does_not(folder: Path) -> None:
    _padded_certificate(folder, cache._MAX_CERTIFICATE)
    assert cache.certified(DIGEST) == {cache.ALL}
    _padded_certificate(folder, cache._MAX_CERTIFICATE + 1)
    assert cache.certified(DIGEST) is None


def test_without_rules_to_vouch_for_nothing_is_certified(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.certify(DIGEST, None)
    monkeypatch.setattr(cache, "rules", lambda: None)
    assert cache.certified(DIGEST) is None
    cache.certify("cd" * 32, None)
    assert not (folder / f"{'cd' * 32}.json").exists()


def test_covers() -> None:
    assert cache.covers(frozenset({cache.ALL}), None)
    assert cache.covers(frozenset({cache.ALL}), frozenset({"quotes"}))
    assert cache.covers(frozenset({"quotes", "links"}), frozenset({"quotes"}))
    assert not cache.covers(frozenset({"quotes"}), frozenset({"quotes", "links"}))
    assert not cache.covers(frozenset({"quotes"}), None)
    assert not cache.covers(None, frozenset())


def test_pydantic_s_version_is_read_without_importing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import pydantic

    assert cache._read_pydantic_version() == pydantic.VERSION
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert cache._read_pydantic_version() == "none"


def test_an_unreadable_pydantic_version_is_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util
    from types import SimpleNamespace

    fake = tmp_path / "pydantic"
    fake.mkdir()
    spec = SimpleNamespace(origin=str(fake / "__init__.py"))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    assert cache._read_pydantic_version() == "unknown"  # no version.py
    (fake / "version.py").write_text("VERSION = compute()\n")
    assert cache._read_pydantic_version() == "unknown"  # not a plain string
    (fake / "version.py").write_text("x = 1\nVERSION = '9.8.7'\n")
    assert cache._read_pydantic_version() == "9.8.7"


def test_the_cache_is_on_unless_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    assert cache.enabled()
    monkeypatch.setenv(cache.ENV_OFF, "")
    assert cache.enabled()
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert not cache.enabled()


# --- the store --------------------------------------------------------------------


def _brief(tmp_path: Path, name: str = "a.json") -> tuple[str, os.stat_result]:
    path = tmp_path / name
    path.write_text("{}", encoding="utf-8")
    return str(path), path.stat()


def test_a_store_is_one_file_per_set_of_folders(folder: Path, tmp_path: Path) -> None:
    one = store_module.Store.of([str(tmp_path / "x" / "a.json"), str(tmp_path / "x" / "b.json")])
    same = store_module.Store.of([str(tmp_path / "x" / "c.json")])
    other = store_module.Store.of([str(tmp_path / "y" / "a.json")])
    assert one is not None
    assert same is not None
    assert other is not None
    assert one.path == same.path != other.path
    assert one.path.parent == folder
    assert one.path.name.startswith("corpus-")
    assert one.path.name.endswith(".store")


def test_no_store_when_the_cache_is_off_or_has_no_rules(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert store_module.Store.of([str(tmp_path / "a.json")]) is None
    monkeypatch.delenv(cache.ENV_OFF)
    monkeypatch.setattr(cache, "rules", lambda: None)
    assert store_module.Store.of([str(tmp_path / "a.json")]) is None


def test_an_entry_comes_back_by_stat_or_by_digest(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, info = _brief(tmp_path)
    store = store_module.Store.of([path])
    assert store is not None
    later = time.time_ns() + 60_000_000_000
    monkeypatch.setattr(time, "time_ns", lambda: later)
    index = {"id": "a", "actors": [], "denies": None}
    store.record(path, info, DIGEST, frozenset({"quotes"}), layout={"source": [1, 2]}, index=index)
    store.save()
    again = store_module.Store.of([path])
    assert again is not None
    found = again.lookup(path, info)
    assert found is not None
    assert found[0] == DIGEST
    assert found[1].collections == {"quotes"}
    assert found[1].layout == {"source": [1, 2]}
    assert found[1].indexed is None  # the layout was asked for, not the index
    assert found[1].denials_indexed is False
    assert again.index(path, frozenset({"quotes"})) == index
    assert again.index(path, frozenset({"events"})) is None  # not certified for those
    by_digest = again.by_digest(DIGEST)
    assert by_digest is not None
    assert by_digest.collections == {"quotes"}
    assert again.by_digest("cd" * 32) is None


def test_a_recent_file_s_entry_holds_no_stat(folder: Path, tmp_path: Path) -> None:
    path, info = _brief(tmp_path)
    store = store_module.Store.of([path])
    assert store is not None
    store.record(path, info, DIGEST, None)
    assert store.lookup(path, info) is None  # written just now: hashed every time
    assert store.by_digest(DIGEST) is not None


def test_another_stat_is_another_file(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, info = _brief(tmp_path)
    store = store_module.Store.of([path])
    assert store is not None
    later = time.time_ns() + 60_000_000_000
    monkeypatch.setattr(time, "time_ns", lambda: later)
    store.record(path, info, DIGEST, None)
    assert store.lookup(path, info) is not None
    fields = ("st_dev", "st_ino", "st_size", "st_mtime_ns", "st_ctime_ns")
    for changed in fields:  # each is part of what the entry vouches for
        other = SimpleNamespace(**{f: getattr(info, f) + (f == changed) for f in fields})
        assert store.lookup(path, other) is None, changed  # type: ignore[arg-type]
    assert store_module._stat_key(info) == b"%d %d %d %d %d" % (
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
    )


def test_a_store_is_written_only_when_changed_and_forgets_deleted_briefs(
    folder: Path, tmp_path: Path
) -> None:
    a, info_a = _brief(tmp_path, "a.json")
    b, info_b = _brief(tmp_path, "b.json")
    store = store_module.Store.of([a, b])
    assert store is not None
    store.save()
    assert not store.path.exists()  # nothing recorded: nothing written
    store.record(a, info_a, DIGEST, None)
    store.record(b, info_b, "cd" * 32, None)
    store.save()
    assert len(store.path.read_bytes().split(b"\n")) == 4  # MAC, header, two entries
    os.unlink(b)
    later = store_module.Store.of([a])
    assert later is not None
    later.record(a, info_a, "ef" * 32, None)
    later.save()
    lines = later.path.read_bytes().split(b"\n")
    assert len(lines) == 3  # b.json is gone, and so is its entry
    assert b"a.json" in lines[2]
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temp file


def test_an_entry_of_another_corpus_of_the_same_folder_is_kept(
    folder: Path, tmp_path: Path
) -> None:
    a, info_a = _brief(tmp_path, "a.json")
    b, info_b = _brief(tmp_path, "b.json")
    store = store_module.Store.of([a, b])
    assert store is not None
    store.record(a, info_a, DIGEST, None)
    store.record(b, info_b, "cd" * 32, None)
    store.save()
    only_a = store_module.Store.of([a])
    assert only_a is not None
    only_a.record(a, info_a, "ef" * 32, None)
    only_a.save()
    assert len(only_a.path.read_bytes().split(b"\n")) == 4  # b.json still exists


def test_a_certificate_s_parts_must_be_objects(folder: Path, tmp_path: Path) -> None:
    store = store_module.Store.of([_brief(tmp_path)[0]])
    assert store is not None
    assert store._certificate([b'["*"]', b"null", b"null"]) is not None
    assert store._certificate([b'["*"]', b"[1]", b"null"]) is None
    assert store._certificate([b'["*"]', b"null", b"[1]"], index=True) is None
    assert store._certificate([b"not json", b"null", b"null"]) is None
    assert store._certificate([b'["*"]']) is None
    found = store._certificate([b'["quotes"]', b"null", b'{"denies":[]}'])
    assert found is not None
    assert found.denials_indexed is True
    # The collections of an entry are parsed once and kept by their bytes.
    again = store._certificate([b'["quotes"]', b"null", b"null"])
    assert again is not None
    assert again.collections is found.collections == frozenset({"quotes"})


def test_a_stat_is_trusted_only_if_the_file_held_still_two_seconds_before_its_read(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation may take seconds: what counts is when the bytes were read, not when
    the entry is recorded."""
    path, info = _brief(tmp_path)
    store = store_module.Store.of([path])
    assert store is not None
    read_at = info.st_ctime_ns + 1_000_000  # read a millisecond after the last change
    monkeypatch.setattr(time, "time_ns", lambda: read_at + 60_000_000_000)  # recorded later
    store.record(path, info, DIGEST, None, read_at=read_at)
    assert store.lookup(path, info) is None
    store.record(path, info, DIGEST, None, read_at=info.st_ctime_ns + 2_000_000_000)
    assert store.lookup(path, info) is not None


def test_a_folder_whose_name_is_not_utf8_has_a_store(folder: Path, tmp_path: Path) -> None:
    odd = os.fsdecode(b"briefs-\xff")
    store = store_module.Store.of([os.path.join(str(tmp_path), odd, "a.json")])
    assert store is not None
    assert store.path.parent == folder


def test_indexes_made_by_another_vzcli_are_not_used(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The certificates still count (the rules are the same); the indexes, made by
    other code, are not used, and are not written back as this vzcli's."""
    a, info_a = _brief(tmp_path, "a.json")
    b, info_b = _brief(tmp_path, "b.json")
    later = time.time_ns() + 60_000_000_000
    monkeypatch.setattr(time, "time_ns", lambda: later)
    index: cache.Index = {"id": "a", "actors": [], "denies": []}
    with monkeypatch.context() as older:  # the store as another vzcli wrote it
        older.setattr(cache, "_indexer", lambda: "another vzcli")
        store = store_module.Store.of([a, b])
        assert store is not None
        store.record(a, info_a, DIGEST, None, index=index)
        store.record(b, info_b, "cd" * 32, None, index={**index, "id": "b"})
        store.save()
    other = store_module.Store.of([a, b])
    assert other is not None
    assert not other.indexes
    assert other.index(a, None) is None
    found = other.lookup(a, info_a)
    assert found is not None  # the certificate holds
    assert found[1].denials_indexed is None  # but as if it had no index
    other.record(a, info_a, DIGEST, None, index=index)  # indexed again, by this vzcli
    other.save()
    again = store_module.Store.of([a, b])
    assert again is not None
    assert again.indexes
    assert again.index(a, None) == index
    assert again.index(b, None) is None  # not indexed again: none left
