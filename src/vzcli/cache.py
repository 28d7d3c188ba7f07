"""A cache of validation verdicts: an unchanged brief is answered without being
validated again, and without importing pydantic, most of a query's start-up.

What is cached is a *certificate*: "the brief whose bytes hash to H was
validated (these collections) by the rules whose source hashes to F, with
pydantic P", and where its parts stand in its text.  On a hit vzcli still
reads the brief and builds every answer from its bytes.  A corpus keeps its
certificates in one :class:`vzcli.store.Store`, which also holds, for a corpus read
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

# Annotations are evaluated here, not left as strings (no `from __future__ import
# annotations`): typing.NamedTuple compiles each string annotation of its fields
# into a ForwardRef, a cost every command paid at start-up; a name only a type
# checker imports is quoted where it is used.
import contextlib
import json
import os
import re
from collections.abc import Iterable, Mapping
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
    """``$XDG_CACHE_HOME/vzcli``, else ``~/.cache/vzcli``.

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG spec says; an empty or
    relative ``HOME`` gives way to the account's home, not the working folder
    or ``/``.
    """
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):
        base = os.path.join(_home(), ".cache")
    return Path(base) / "vzcli"


def _home() -> str:
    home = os.environ.get("HOME") or ""
    if os.path.isabs(home):
        return home
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_dir
    except (KeyError, OSError):
        return os.path.expanduser("~")


# --- who may steer the cache ----------------------------------------------------
#
# The cache is trusted with deciding that a brief is valid, so it must be
# this user's alone: its folder, key and certificates are refused (and the
# brief validated in full) when another user owns them, when anyone else may
# write them, when they are reached through a symlink, or when they are not
# regular files (a FIFO would hang the read, /dev/zero exhaust memory).  This
# defends against corruption, against planting by another local user under a
# shared HOME or XDG_CACHE_HOME, and against stale rules (see rules()); not
# against the user's own account, which can edit vzcli itself.


def _owned(info: os.stat_result) -> bool:
    """Whether a file is this user's and no one else may write it."""
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def usable(folder: Path) -> bool:
    """Whether ``folder`` may hold this user's cache: absent (it will be made, 0700), or
    a folder, not a symlink, of this user's that no one else may write."""
    import stat

    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _owned(info)


def read_private(path: str | Path, limit: int) -> bytes | None:
    """The bytes of the cache file ``path``, if it is a regular file of this user's
    that no one else may write, opened through no symlink and without blocking, and
    holds at most ``limit`` bytes; else None (as if it were absent)."""
    import stat

    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _owned(info) or info.st_size > limit:
            return None
        # A regular file says its size: one read, and one more to see it grew.
        data = os.read(fd, info.st_size + 1)
        while len(data) <= limit:
            more = os.read(fd, limit + 1 - len(data))
            if not more:
                break
            data += more
        return None if len(data) > limit else data
    except OSError:
        return None
    finally:
        os.close(fd)


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
    :meth:`vzcli.store.Store.index`): JSON, as the store keeps it."""

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
    layout: "Layout | None"
    """Where its parts stand in its text (:mod:`vzcli.layout`), when known."""
    indexed: Index | None = None
    """In a corpus's store: what a corpus read brief by brief needs of the brief before
    it reads it (see :meth:`vzcli.store.Store.index`), when asked for."""
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
    if not usable(folder):
        return None
    key = read_private(path, _KEY_BYTES)
    if key is not None and len(key) == _KEY_BYTES:
        return key
    if not create:
        return None
    import tempfile

    temp = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not usable(folder):
            return None
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".key-")
        try:
            os.write(fd, os.urandom(_KEY_BYTES))
        finally:
            os.close(fd)  # mkstemp made it 0600
        try:
            os.link(temp, path)  # only if no key exists: concurrent runs agree on one
        except FileExistsError:
            existing = read_private(path, _KEY_BYTES)
            if existing is None or len(existing) != _KEY_BYTES:  # broken or not ours
                os.replace(temp, path)
        key = read_private(path, _KEY_BYTES)
    except OSError:
        return None
    finally:
        if temp is not None:  # linked or replaced, or left by a failure: never kept
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return key if key is not None and len(key) == _KEY_BYTES else None


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
    raw = read_private(os.path.join(folder, brief_digest + ".json"), _MAX_CERTIFICATE)
    if raw is None:
        return None
    try:
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
    layout: "Layout | None" = None,
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
    replace(folder / f"{brief_digest}.json", text)


def short_hash(data: bytes) -> str:
    """A 128-bit hash of ``data`` in hex, for naming files."""
    return blake2b(data, digest_size=16).hexdigest()


def same(a: bytes, b: bytes) -> bool:
    """Whether two MACs are equal, in time that does not tell where they differ."""
    return compare_digest(a, b)


def replace(path: Path, text: bytes) -> bool:
    """Write ``text`` to ``path`` whole or not at all (a temporary file beside it,
    renamed over it); False if it could not be written, which a cache shrugs off."""
    import tempfile

    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(text)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError:
        return False
    return True
