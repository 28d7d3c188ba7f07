"""A cache of validation verdicts: an unchanged brief is answered without being
validated again, and without importing pydantic, most of a query's start-up.

What is cached is a *certificate*, not data: "the brief whose bytes hash to
H was validated (these collections) by the rules whose source hashes to F,
with pydantic P".  On a hit vzcli still reads the brief and builds every
answer from its bytes, so the cache can skip work but never supply an
answer.  Each certificate carries a
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
from collections.abc import Iterable
from pathlib import Path

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

ENV_OFF = "VZCLI_NO_CACHE"
FORMAT = 1
ALL = "*"
"""Stands for every collection: the brief was validated whole."""

RULES = ("vocab.py", "models.py", "dates.py", "validate.py", "integrity.py", "rebuild.py")
"""The modules whose source decides what is a valid brief and what records a
certified one is rebuilt into: a change to any of them changes the rules."""

_KEY_BYTES = 32
_MAX_CERTIFICATE = 16 * 1024  # a certificate is a few hundred bytes; anything big is not one


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


def pydantic_version() -> str:
    """pydantic's version, read from its ``version.py`` so that pydantic is not imported.

    A different pydantic may validate differently, so it is part of the key.
    """
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
    brief_digest: str, collections: Iterable[str], fingerprint: str
) -> dict[str, object]:
    """What a certificate says of the brief whose :func:`digest` is ``brief_digest``."""
    return {
        "format": FORMAT,
        "brief": brief_digest,
        "rules": fingerprint,
        "pydantic": pydantic_version(),
        "collections": sorted(set(collections)),
    }


def _mac(key: bytes, fields: dict[str, object]) -> str:
    """The certificate's MAC under the cache's secret ``key``."""
    # Keyed BLAKE2b is a MAC by design (RFC 7693), with no HMAC construction.
    text = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return blake2b(text, key=key, digest_size=32).hexdigest()


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
    folder = directory()
    secret = _key(folder, create=False)
    fingerprint = rules()
    if secret is None or fingerprint is None:
        return None
    try:
        with (folder / f"{brief_digest}.json").open("rb") as fh:
            raw = fh.read(_MAX_CERTIFICATE + 1)
        if len(raw) > _MAX_CERTIFICATE:
            return None
        found = json.loads(raw)
        mac = found.pop("mac")
        expected = _certificate(brief_digest, found.get("collections", ()), fingerprint)
        if found != expected or not compare_digest(mac, _mac(secret, expected)):
            return None
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return None  # missing, truncated, corrupted or planted: as if absent
    return frozenset(str(c) for c in found["collections"])


def covers(have: frozenset[str] | None, wanted: frozenset[str] | None) -> bool:
    """Whether a certificate for ``have`` covers validating ``wanted`` (None: all)."""
    if have is None:
        return False
    return ALL in have or (wanted is not None and wanted <= have)


def certify(
    brief_digest: str, collections: frozenset[str] | None, *, before: frozenset[str] | None = None
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
    fields = _certificate(brief_digest, now, fingerprint)
    text = json.dumps({**fields, "mac": _mac(secret, fields)}, sort_keys=True).encode()
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
