"""A corpus's certificates in one signed file (see :class:`Store`).

Over many briefs, one certificate file each would mean thousands of files to
read; a corpus keeps them in one store per set of folders instead, held to the
certificate cache's rules (:mod:`vzcli.cache`): signed with the same key, keyed
by the same rules and pydantic version, rebuilt silently when it does not check.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import cache, parsing
from .cache import ALL, FORMAT, Certificate, Index

if TYPE_CHECKING:
    from .layout import Layout

_SETTLED_NS = 2_000_000_000
"""How old a file's last change must be for its stat to stand for its bytes: a
change within a timestamp's granularity of the last one could leave both equal
(git's "racy" index entries), never one two seconds later."""


MAX_STORE = 1 << 32
"""A store's size is about 2 KB a brief: past this it is not one vzcli wrote."""

STORE_FORMAT = 1
"""How a store's lines are laid out: ``path, stat, digest, collections, layout, index``,
tab-separated, the last three JSON."""


def _compact(value: object) -> bytes:
    # JSON escapes tabs and newlines inside strings: a part never splits a line.
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _stat_key(info: os.stat_result) -> bytes:
    return b"%d %d %d %d %d" % (
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
    )


class Recording(NamedTuple):
    """One :meth:`Store.record` call, made in a worker process and replayed by the
    process that owns the store (see :func:`vzcli.brief.check_many`)."""

    path: str
    info: os.stat_result
    brief_digest: str
    collections: frozenset[str] | None
    before: frozenset[str] | None
    layout: Layout | None
    indexed: Index | None
    read_at: int | None


class Store:
    """The certificates of a corpus's briefs in one file, found by path.

    A corpus of ten thousand briefs would otherwise read ten thousand
    certificates and hash ten thousand files on every run, and create as
    many files on the first.  An entry holds a brief's path, the stat of the
    file when it was certified (device, inode, size, mtime and ctime, to the
    nanosecond), the digest of its bytes and its certificate.  A brief whose
    stat is unchanged is the brief certified, as git's index takes it:
    nothing writes a file without changing its ctime, which no program can
    set, and an entry is trusted by stat only when the file had been left
    alone for two seconds when it was read.  Any other brief is hashed and
    looked up by digest, here and then among the certificate files.  (A
    file system that makes ctime up, as some network and FUSE mounts do,
    breaks that rule: ``VZCLI_NO_CACHE=1`` is for briefs kept on one.)

    An entry also holds an index of its brief (see :meth:`index`): the one
    part of the cache that is data, made from bytes just validated, and
    trusted only while the code that makes it is the code that made it.

    The file is signed as a certificate is, with the cache's key, and read
    whole or not at all: a damaged or planted store is an empty one.
    """

    def __init__(self, path: Path, entries: dict[bytes, bytes]) -> None:
        self.path = path
        self.entries = entries
        self.changed = False
        self._digests: dict[bytes, Sequence[bytes]] | None = None
        self._seen: set[bytes] = set()
        self._recorded: set[bytes] = set()
        self._names: dict[str, bytes] = {}
        # A corpus looks each brief up twice (its index, then its layout): the
        # line is split once, and the few distinct collections parsed once.
        self._split: dict[bytes, tuple[bytes, list[bytes]]] = {}
        self._sets: dict[bytes, frozenset[str]] = {}
        self.indexes = True
        """Whether the entries' indexes were made by this vzcli (else none is used)."""
        self.deferred: list[Recording] | None = None
        """In a worker process, where its :meth:`record` calls go instead (a list
        the worker sends back); None in the process that owns the store."""

    @staticmethod
    def header() -> dict[str, object] | None:
        """The store's first line: what every certificate in it was made under, and
        what made its indexes."""
        fingerprint = cache.rules()
        indexer = cache._indexer()
        if fingerprint is None or indexer is None:
            return None
        return {
            "format": FORMAT,
            "store": STORE_FORMAT,
            "rules": fingerprint,
            "pydantic": cache.pydantic_version(),
            "index": indexer,
        }

    @classmethod
    def of(cls, paths: Iterable[str]) -> Store | None:
        """The store of the briefs at ``paths`` (an empty one on first use); None when
        the cache is off or cannot be used.

        One store per set of folders the briefs are in: a brief added to a
        folder, or renamed in it, keeps the store of its neighbours.
        """
        if not cache.enabled():
            return None
        folder = cache.directory()
        folders = sorted({os.path.dirname(os.path.abspath(p)) for p in paths})
        # fsencode: a folder's name need not be UTF-8 (it comes back as surrogates).
        where = cache.short_hash(b"\0".join(os.fsencode(f) for f in folders))
        path = folder / f"corpus-{where}.store"
        header = cls.header()
        if header is None:
            return None
        secret = cache._secret(folder)
        entries: dict[bytes, bytes] = {}
        indexes = True
        if secret is not None:
            with contextlib.suppress(OSError, ValueError):
                raw = cache.read_private(path, MAX_STORE)
                if raw is None:
                    raise ValueError("no store of this user's")
                # One copy of the store at a time (ten thousand briefs' is 20 MB):
                # its lines, each kept whole and split only when looked up.
                cut = raw.find(b"\n")
                signed_by = cache._mac(secret, memoryview(raw)[cut + 1 :]).encode()
                if cut > 0 and cache.same(raw[:cut], signed_by):
                    lines = raw.split(b"\n")
                    del raw
                    found = json.loads(lines[1])
                    if {k: v for k, v in found.items() if k != "index"} == {
                        k: v for k, v in header.items() if k != "index"
                    }:
                        indexes = found.get("index") == header["index"]
                        for line in lines[2:]:
                            tab = line.find(b"\t")
                            if tab > 0:
                                entries[line[:tab]] = line
        store = cls(path, entries)
        store.indexes = indexes
        store.changed = not indexes  # written again, under this vzcli's header, at the end
        return store

    def _name(self, path: str) -> bytes:
        name = self._names.get(path)
        if name is None:  # asked twice a brief by a corpus read brief by brief
            name = self._names[path] = json.dumps(os.path.abspath(path)).encode()
        return name

    def lookup(
        self, path: str, info: os.stat_result, *, index: bool = False
    ) -> tuple[str, Certificate] | None:
        """The digest and certificate of the brief at ``path`` if its stat is the one
        recorded, else None (then hash it and ask :meth:`by_digest`).  Only the part
        asked for is parsed: the layout, else (``index``) the index."""
        name = self._name(path)
        self._seen.add(name)
        line = self.entries.get(name)
        if line is None:
            return None
        split = self._split.get(name)
        if split is None or split[0] is not line:
            split = self._split[name] = (line, line.split(b"\t"))
        parts = split[1]
        if len(parts) != 6 or parts[1] == b"-" or parts[1] != _stat_key(info):
            return None
        if not self.indexes:
            parts[5] = b"null"
        found = self._certificate(parts[3:], index=index)
        return None if found is None else (parts[2].decode(), found)

    def by_digest(self, brief_digest: str) -> Certificate | None:
        """The certificate recorded for the bytes whose digest is ``brief_digest``,
        whatever the file's path, else the certificate file's."""
        if self._digests is None:
            self._digests = {}
            for line in self.entries.values():
                parts = line.split(b"\t")
                if len(parts) == 6:
                    self._digests[parts[2]] = parts[3:]
        recorded = self._digests.get(brief_digest.encode())
        found = None if recorded is None else self._certificate(recorded)
        return found if found is not None else cache.certificate(brief_digest)

    def _certificate(self, parts: Sequence[bytes], *, index: bool = False) -> Certificate | None:
        """A certificate from an entry's three parts (its collections, layout and index,
        each JSON), parsing the layout or (``index``) the index, not both."""
        loads = parsing.loads
        try:
            collections = self._sets.get(parts[0])
            if collections is None:
                collections = self._sets[parts[0]] = frozenset(str(c) for c in loads[0](parts[0]))
            layout = None if index else loads[0](parts[1])
            indexed = loads[0](parts[2]) if index else None
            if not all(isinstance(part, (dict, type(None))) for part in (layout, indexed)):
                return None
            denials = None if parts[2] == b"null" else b'"denies":null' not in parts[2]
            return Certificate(collections, layout, indexed, denials)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            return None

    def index(self, path: str, collections: frozenset[str] | None) -> Index | None:
        """What the store holds of the brief at ``path`` for a corpus read brief by brief
        (its id, its actors and its denials), if it is unchanged since recorded and
        certified for ``collections``: then the brief need not be read for it."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        found = self.lookup(path, info, index=True)
        if found is None or not self.indexes or not cache.covers(found[1].collections, collections):
            return None
        return found[1].indexed

    def record(
        self,
        path: str,
        info: os.stat_result,
        brief_digest: str,
        collections: frozenset[str] | None,
        *,
        before: frozenset[str] | None = None,
        layout: Layout | None = None,
        index: Index | None = None,
        read_at: int | None = None,
    ) -> None:
        """Record that the brief at ``path`` was validated (as :func:`certify` records
        it), with its ``index`` (see :meth:`index`).  ``read_at``: when, in
        ``time.time_ns()``, its bytes were read (by default, now); its stat is
        trusted next time only if the file had been left alone two seconds then."""
        if self.deferred is not None:
            self.deferred.append(
                Recording(path, info, brief_digest, collections, before, layout, index, read_at)
            )
            return
        import time

        before = before or frozenset()
        now = {ALL} if collections is None or ALL in before else before | collections
        settled = info.st_ctime_ns <= (read_at or time.time_ns()) - _SETTLED_NS
        name = self._name(path)
        parts = [_compact(sorted(now)), _compact(layout), _compact(index)]
        line = b"\t".join(
            (name, _stat_key(info) if settled else b"-", brief_digest.encode(), *parts)
        )
        self._seen.add(name)
        self._recorded.add(name)
        if self.entries.get(name) != line:
            self.entries[name] = line
            if self._digests is not None:  # kept up to date, not rebuilt: O(1) a brief
                self._digests[brief_digest.encode()] = parts
            self.changed = True

    def replay(self, made: Recording) -> None:
        """Make a :meth:`record` call a worker process made."""
        self.record(
            made.path,
            made.info,
            made.brief_digest,
            made.collections,
            before=made.before,
            layout=made.layout,
            index=made.indexed,
            read_at=made.read_at,
        )

    def recorded(self, path: str) -> bool:
        """Whether this run has recorded the brief at ``path`` (its first reading)."""
        return self._name(path) in self._recorded

    def save(self) -> None:
        """Write the store if anything was recorded: whole (a temporary file renamed
        into place) or not at all, and silently not when the cache cannot be written."""
        if not self.changed:
            return
        # Another corpus of the same folders keeps its entries, but a brief
        # deleted or renamed leaves none behind.
        for name in [n for n in self.entries if n not in self._seen]:
            if not os.path.exists(json.loads(name)):
                del self.entries[name]
        header = self.header()
        folder = self.path.parent
        secret = cache._key(folder, create=True) if header is not None else None
        if secret is None or header is None:
            return
        if not self.indexes:  # another vzcli's indexes: none is written back as this one's
            for name, line in self.entries.items():
                if name not in self._recorded:
                    self.entries[name] = b"\t".join([*line.split(b"\t")[:5], b"null"])
        first = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
        body = b"\n".join([first, *self.entries.values()])
        text = cache._mac(secret, body).encode() + b"\n" + body
        if cache.replace(self.path, text):
            self.changed = False
