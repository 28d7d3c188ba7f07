"""A cache of validation verdicts: an unchanged brief is answered without being
validated again, and without importing pydantic, most of a query's start-up.

What is cached is a *certificate*: "the brief whose bytes hash to H was
validated (these collections) by the rules whose source hashes to F, with
pydantic P", and where its parts stand in its text.  On a hit vzcli still
reads the brief and builds every answer from its bytes.  A corpus keeps its
certificates in one :class:`Store`, which also holds, for a corpus read
brief by brief, a little of each brief (its id, its actors, its denials)
made from bytes just validated: the one thing in the cache that is data,
and held to the same rules.  Each certificate, and each store, carries a
MAC made with a random key kept beside it (readable by its owner only): a
truncated, corrupted or planted file fails the check and is rebuilt
silently.  Nothing in the cache is ever executed or unpickled.

Where: ``$XDG_CACHE_HOME/vzcli``, else ``~/.cache/vzcli``.  ``VZCLI_NO_CACHE=1``
turns it off.  A cache that cannot be read or written is the same as none:
every run validates, and nothing is said.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypedDict

# CPython's own modules, which hmac and hashlib wrap: those would load
# OpenSSL, 2 ms on every run.  Private names, so each has the public one to
# fall back on (slower, never broken).
try:
    from _operator import _compare_digest as compare_digest
except ImportError:
    from hmac import compare_digest  # type: ignore[no-redef]
try:
    from _blake2 import blake2b
except ImportError:
    from hashlib import blake2b

if TYPE_CHECKING:
    from .layout import Layout

ENV_OFF = "VZCLI_NO_CACHE"
FORMAT = 2
ALL = "*"
"""Stands for every collection: the brief was validated whole."""

RULES = (
    "vocab.py",
    "models.py",
    "dates.py",
    "validate.py",
    "integrity.py",
    "rebuild.py",
    "layout.py",
    "parsing.py",
)
"""The modules whose source decides what is a valid brief and what records a
certified one is rebuilt into: a change to any of them changes the rules."""

_KEY_BYTES = 32
_MAX_CERTIFICATE = 1024 * 1024
"""A certificate is a few kilobytes (a brief's layout at most 4,096 records of it,
see :mod:`vzcli.layout`); anything bigger is not one."""


def enabled() -> bool:
    """Whether the cache is in use (``VZCLI_NO_CACHE`` unset or empty)."""
    return not os.environ.get(ENV_OFF)


def directory() -> Path:
    """``$XDG_CACHE_HOME/vzcli``, else ``~/.cache/vzcli``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vzcli"


def digest(raw: bytes) -> str:
    """The brief's identity: a BLAKE2b-256 hash of its bytes, whoever edits it,
    whatever its mtime says."""
    return blake2b(raw, digest_size=32).hexdigest()


_VERSION = re.compile(rb"""^VERSION\s*=\s*['"]([^'"]+)['"]""", re.MULTILINE)


_pydantic: list[str] = []


def pydantic_version() -> str:
    """pydantic's version, read from its ``version.py`` so that pydantic is not imported.

    A different pydantic may validate differently, so it is part of the key.
    Read once per process: a corpus asks for it once per brief.
    """
    if not _pydantic:
        _pydantic.append(_read_pydantic_version())
    return _pydantic[0]


def _read_pydantic_version() -> str:
    from importlib.util import find_spec

    spec = find_spec("pydantic")
    if spec is None or spec.origin is None:
        return "none"
    try:
        text = (Path(spec.origin).parent / "version.py").read_bytes()
    except OSError:
        return "unknown"
    found = _VERSION.search(text)
    return found[1].decode() if found else "unknown"


_fingerprint: list[str] = []
_index_fingerprint: list[str] = []


def _indexer() -> str | None:
    """A digest of the source of what makes a corpus's index of a brief (brief.py's
    :func:`~vzcli.brief.index_of`), or None when it cannot be read.  Read once."""
    if not _index_fingerprint:
        try:
            source = (Path(__file__).parent / "brief.py").read_bytes()
        except OSError:
            return None
        _index_fingerprint.append(blake2b(source, digest_size=16).hexdigest())
    return _index_fingerprint[0]


def rules() -> str | None:
    """A digest of the source of the :data:`RULES` modules, or None when one cannot be read.

    A version string would have to be bumped by hand for every change to a
    rule (and an editable install or a checkout never bumps it); the source
    itself cannot forget.  Read once per process.
    """
    if not _fingerprint:
        here = Path(__file__).parent
        hasher = blake2b(digest_size=32)
        try:
            for name in RULES:
                hasher.update((here / name).read_bytes())
        except OSError:  # installed without sources: no rules to vouch for
            return None
        _fingerprint.append(hasher.hexdigest())
    return _fingerprint[0]


def _certificate(
    brief_digest: str,
    collections: Iterable[str],
    fingerprint: str,
    layout: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """What a certificate says of the brief whose :func:`digest` is ``brief_digest``:
    the collections validated, under which rules, and where its parts stand."""
    fields: dict[str, object] = {
        "format": FORMAT,
        "brief": brief_digest,
        "rules": fingerprint,
        "pydantic": pydantic_version(),
        "collections": sorted(set(collections)),
    }
    if layout is not None:
        fields["layout"] = layout
    return fields


class Index(TypedDict):
    """What a corpus read brief by brief gathers of a brief before reading it (see
    :meth:`Store.index`): JSON, as the store keeps it."""

    id: str
    """The brief's id in the corpus."""
    actors: list[list[str | list[str] | None]]
    """Each actor as ``[id, name, aliases, side, kind]``."""
    denies: list[list[str]] | None
    """Its ``denies`` links as ``[source, target]``; None when they were not read."""


class Certificate(NamedTuple):
    """What the cache vouches for of one brief."""

    collections: frozenset[str]
    """The collections validated (:data:`ALL`: the whole brief)."""
    layout: Layout | None
    """Where its parts stand in its text (:mod:`vzcli.layout`), when known."""
    indexed: Index | None = None
    """In a corpus's store: what a corpus read brief by brief needs of the brief before
    it reads it (see :meth:`Store.index`), when asked for."""
    denials_indexed: bool | None = None
    """Whether the store's index of the brief holds its denials (None: there is no
    index), known without parsing it."""


def _mac(key: bytes, body: bytes | memoryview) -> str:
    """The MAC of a certificate's text under the cache's secret ``key``."""
    # Keyed BLAKE2b is a MAC by design (RFC 7693), with no HMAC construction.
    return blake2b(body, key=key, digest_size=32).hexdigest()


def signed(key: bytes, fields: Mapping[str, object]) -> bytes:
    """A certificate file: its MAC on the first line, then its text (JSON).

    The MAC is of the text as written, so checking it costs no serialising.
    """
    body = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return _mac(key, body).encode() + b"\n" + body


def _key(folder: Path, create: bool) -> bytes | None:
    """The cache's secret key, made on first use (mode 0600); None if unusable."""
    path = folder / "key"
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) == _KEY_BYTES:
            return key
    if not create:
        return None
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".key-")
        try:
            os.write(fd, os.urandom(_KEY_BYTES))
        finally:
            os.close(fd)  # mkstemp made it 0600
        try:
            os.link(temp, path)  # only if no key exists: concurrent runs agree on one
        except FileExistsError:
            existing = path.read_bytes()
            if len(existing) != _KEY_BYTES:  # a broken key: replace it
                os.replace(temp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == _KEY_BYTES else None


def certified(brief_digest: str) -> frozenset[str] | None:
    """The collections the brief whose :func:`digest` is ``brief_digest`` is
    certified for under the current rules, or None."""
    found = certificate(brief_digest)
    return None if found is None else found.collections


_secrets: dict[tuple[str, int, int, int], bytes] = {}


def _secret(folder: Path) -> bytes | None:
    """The cache's key, read once per process for as long as the file stays the same
    (a corpus asks once per brief)."""
    try:
        info = os.stat(os.path.join(folder, "key"))
    except OSError:
        return None
    seen = (str(folder), info.st_ino, info.st_size, info.st_mtime_ns)
    if seen not in _secrets:
        key = _key(folder, create=False)
        if key is None:
            return None
        _secrets[seen] = key
    return _secrets[seen]


def certificate(brief_digest: str) -> Certificate | None:
    """The certificate of the brief whose :func:`digest` is ``brief_digest`` under the
    current rules, or None (missing, stale, damaged or not made with this cache's key)."""
    folder = directory()
    secret = _secret(folder)
    fingerprint = rules()
    if secret is None or fingerprint is None:
        return None
    try:
        with open(os.path.join(folder, brief_digest + ".json"), "rb") as fh:
            raw = fh.read(_MAX_CERTIFICATE + 1)
        if len(raw) > _MAX_CERTIFICATE:
            return None
        mac, _, body = raw.partition(b"\n")
        if not compare_digest(mac, _mac(secret, body).encode()):
            return None
        found = json.loads(body)
        expected = _certificate(
            brief_digest, found.get("collections", ()), fingerprint, found.get("layout")
        )
        if found != expected:  # another brief's, other rules, another pydantic
            return None
        layout = found.get("layout")
        if layout is not None and not isinstance(layout, dict):
            return None
        return Certificate(frozenset(str(c) for c in found["collections"]), layout)
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return None  # missing, truncated, corrupted or planted: as if absent


def covers(have: frozenset[str] | None, wanted: frozenset[str] | None) -> bool:
    """Whether a certificate for ``have`` covers validating ``wanted`` (None: all)."""
    if have is None:
        return False
    return ALL in have or (wanted is not None and wanted <= have)


def certify(
    brief_digest: str,
    collections: frozenset[str] | None,
    *,
    before: frozenset[str] | None = None,
    layout: Layout | None = None,
) -> None:
    """Record that the brief was validated (``collections``; None: whole).

    Atomic (a temporary file renamed into place), merged with ``before``,
    what :func:`certified` said of it (the caller has just asked), and
    silent when the cache cannot be written.
    """
    folder = directory()
    fingerprint = rules()
    secret = _key(folder, create=True) if fingerprint is not None else None
    if secret is None or fingerprint is None:
        return
    before = before or frozenset()
    now = {ALL} if collections is None or ALL in before else before | collections
    text = signed(secret, _certificate(brief_digest, now, fingerprint, layout))
    import tempfile

    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".cert-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(text)
            os.replace(temp, folder / f"{brief_digest}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError:
        return


# --- a corpus's certificates in one file ---------------------------------------

_SETTLED_NS = 2_000_000_000
"""How old a file's last change must be for its stat to stand for its bytes: a
change within a timestamp's granularity of the last one could leave both equal
(git's "racy" index entries), never one two seconds later."""


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
        self.indexes = True
        """Whether the entries' indexes were made by this vzcli (else none is used)."""

    @staticmethod
    def header() -> dict[str, object] | None:
        """The store's first line: what every certificate in it was made under, and
        what made its indexes."""
        fingerprint = rules()
        indexer = _indexer()
        if fingerprint is None or indexer is None:
            return None
        return {
            "format": FORMAT,
            "store": STORE_FORMAT,
            "rules": fingerprint,
            "pydantic": pydantic_version(),
            "index": indexer,
        }

    @classmethod
    def of(cls, paths: Iterable[str]) -> Store | None:
        """The store of the briefs at ``paths`` (an empty one on first use); None when
        the cache is off or cannot be used.

        One store per set of folders the briefs are in: a brief added to a
        folder, or renamed in it, keeps the store of its neighbours.
        """
        if not enabled():
            return None
        folder = directory()
        folders = sorted({os.path.dirname(os.path.abspath(p)) for p in paths})
        # fsencode: a folder's name need not be UTF-8 (it comes back as surrogates).
        where = blake2b(b"\0".join(os.fsencode(f) for f in folders), digest_size=16)
        path = folder / f"corpus-{where.hexdigest()}.store"
        header = cls.header()
        if header is None:
            return None
        secret = _secret(folder)
        entries: dict[bytes, bytes] = {}
        indexes = True
        if secret is not None:
            with contextlib.suppress(OSError, ValueError):
                with open(path, "rb") as fh:
                    raw = fh.read()
                # One copy of the store at a time (ten thousand briefs' is 20 MB):
                # its lines, each kept whole and split only when looked up.
                cut = raw.find(b"\n")
                signed_by = _mac(secret, memoryview(raw)[cut + 1 :]).encode()
                if cut > 0 and compare_digest(raw[:cut], signed_by):
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
        parts = line.split(b"\t")
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
        return found if found is not None else certificate(brief_digest)

    @staticmethod
    def _certificate(parts: Sequence[bytes], *, index: bool = False) -> Certificate | None:
        """A certificate from an entry's three parts (its collections, layout and index,
        each JSON), parsing the layout or (``index``) the index, not both."""
        from .parsing import loads

        try:
            collections = loads[0](parts[0])
            layout = None if index else loads[0](parts[1])
            indexed = loads[0](parts[2]) if index else None
            if not all(isinstance(part, (dict, type(None))) for part in (layout, indexed)):
                return None
            denials = None if parts[2] == b"null" else b'"denies":null' not in parts[2]
            return Certificate(frozenset(str(c) for c in collections), layout, indexed, denials)
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
        if found is None or not self.indexes or not covers(found[1].collections, collections):
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
        secret = _key(folder, create=True) if header is not None else None
        if secret is None or header is None:
            return
        if not self.indexes:  # another vzcli's indexes: none is written back as this one's
            for name, line in self.entries.items():
                if name not in self._recorded:
                    self.entries[name] = b"\t".join([*line.split(b"\t")[:5], b"null"])
        first = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
        body = b"\n".join([first, *self.entries.values()])
        text = _mac(secret, body).encode() + b"\n" + body
        import tempfile

        try:
            fd, temp = tempfile.mkstemp(dir=folder, prefix=".store-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(text)
                os.replace(temp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            return
        self.changed = False
