"""Find, read and validate a brief, turning every failure into readable lines.

The bundled brief is read from inside the installed package, never from the
working folder, so ``vzcli`` answers the same wherever it is run.  A user's
own brief comes from ``--data PATH`` or ``VZCLI_DATA``; ``-`` means stdin.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError

    from .models import Brief

ENV_VAR = "VZCLI_DATA"
SOURCE_ENV_VAR = "VZCLI_SOURCE"
BUNDLED = "<bundled brief>"
MAX_PROBLEMS = 20
"""Problems listed before the rest are summarised as "… and N more"."""

MAX_BYTES = 512 * 1024 * 1024
"""Briefs larger than this are refused before parsing, so a wrong file (a disk
image, a log) fails in milliseconds instead of eating memory for minutes.
Generous: a brief with 100,000 records per collection is about 180 MB."""


class BriefError(Exception):
    """A brief could not be used; ``problems`` are the lines to show."""

    exit_code = 65

    def __init__(self, name: str, problems: list[str]) -> None:
        super().__init__(name, problems)
        self.name = name
        self.problems = problems

    def lines(self, limit: int = MAX_PROBLEMS) -> list[str]:
        """One line per problem, each naming the file, capped at ``limit``."""
        shown = [f"{self.name}: {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            shown.append(f"{self.name}: … and {len(self.problems) - limit} more")
        return shown


class BriefUnreadable(BriefError):
    """The brief could not be read at all (missing, a folder, no permission)."""

    exit_code = 66


class BriefInvalid(BriefError):
    """The brief was read but is not a valid brief."""


class WrongArticle(BriefError):
    """The article given with ``--source`` is not the one the brief describes."""


@dataclass(frozen=True)
class Loaded:
    """A validated brief and where it came from."""

    brief: Brief
    name: str


def resolve(data: str | None) -> str | None:
    """The path the user asked for (option first, then environment), or None."""
    if data:
        return data
    return os.environ.get(ENV_VAR) or None


def resolve_source(source: str | None) -> str | None:
    """The article the user named (option first, then ``VZCLI_SOURCE``), or None."""
    if source:
        return source
    return os.environ.get(SOURCE_ENV_VAR) or None


def read_article(path: str) -> str:
    """The article's text, decoded as it is (CRLF line ends included: offsets count them)."""
    return decode(path, read_file(path))


def load_article(path: str, brief: Brief) -> str:
    """The article at ``path``, refused unless it is the one ``brief`` describes.

    A hash and a length, not a re-verify: reading costs what reading the
    file costs.
    """
    import hashlib

    text = read_article(path)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != brief.source.sha256 or len(text) != brief.source.length:
        raise WrongArticle(
            path,
            [
                f"not the article this brief describes (sha256 {digest[:12]}…, "
                f"{len(text)} characters; the brief expects {brief.source.sha256[:12]}…, "
                f"{brief.source.length} characters)"
            ],
        )
    return text


def read_bytes(data: str | None) -> tuple[str, bytes]:
    """Return ``(display name, raw bytes)`` of the brief to use."""
    path = resolve(data)
    if path is None:
        return BUNDLED, _read_bundled()
    if path == "-":
        return "<stdin>", _read_stream()
    return path, read_file(path)


def _read_bundled() -> bytes:
    # The wheel puts the brief beside this module.  A plain path, not
    # importlib.resources: that costs 3 ms of imports on every run, and vzcli
    # is never imported from a zip.
    try:
        return (Path(__file__).parent / "data" / "brief.json").read_bytes()
    except FileNotFoundError:
        pass
    # An editable install runs from the source tree, where the wheel's copy of
    # data/brief.json does not exist: use the original beside src/.
    checkout = Path(__file__).resolve().parents[2] / "data" / "brief.json"
    try:
        return checkout.read_bytes()
    except OSError as exc:
        # Only a broken installation gets here; say so rather than blame the user.
        raise BriefUnreadable(
            BUNDLED, [f"cannot read the brief shipped with vzcli ({exc.strerror}); reinstall vzcli"]
        ) from exc


def _read_stream() -> bytes:
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise BriefInvalid("<stdin>", [_too_big()])
    return data


def read_file(path: str) -> bytes:
    """The bytes of ``path``, refused past MAX_BYTES without reading them all."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_BYTES:  # a regular file says its size: refuse at once
                raise BriefInvalid(path, [_too_big()])
            data = fh.read(MAX_BYTES + 1)  # pipes and devices say 0: read to the cap
    except IsADirectoryError as exc:
        raise BriefUnreadable(path, ["is a folder, not a brief file"]) from exc
    except FileNotFoundError as exc:
        raise BriefUnreadable(path, ["no such file"]) from exc
    except PermissionError as exc:
        raise BriefUnreadable(path, ["permission denied"]) from exc
    except OSError as exc:
        raise BriefUnreadable(path, [exc.strerror or str(exc)]) from exc
    if len(data) > MAX_BYTES:
        raise BriefInvalid(path, [_too_big()])
    return data


def _too_big() -> str:
    return f"larger than {MAX_BYTES // (1024 * 1024)} MiB; vzcli refuses files that big"


_BOM = b"\xef\xbb\xbf"


def check_encoding(name: str, raw: bytes) -> None:
    """Refuse what is not UTF-8 JSON text, saying why (a BOM is accepted)."""
    if not raw or raw.isspace():  # isspace, unlike strip, copies nothing
        raise BriefInvalid(name, ["is empty; a brief is a JSON object"])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BriefInvalid(name, ["is UTF-16 text; save it as UTF-8"])
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefInvalid(
            name,
            [f"line {line} column {column}: not UTF-8 text (byte 0x{raw[exc.start]:02x})"],
        ) from exc


def decode(name: str, raw: bytes) -> str:
    """Decode UTF-8 (a leading BOM is accepted and dropped) or explain why not."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        check_encoding(name, raw)  # raises with the line, column and byte
        raise
    if not text.strip():
        raise BriefInvalid(name, ["is empty; a brief is a JSON object"])
    return text


def load(data: str | None = None, collections: Iterable[str] | None = None) -> Loaded:
    """Read and validate the brief named by ``data`` (or the default).

    With ``collections``, only those (and the source and actors) are
    validated and returned; the others are left empty, unread.  A brief
    validated before (the same bytes, by this vzcli and pydantic) is taken
    from the validation cache: built from its JSON, not validated again.
    """
    from . import cache

    name, raw = read_bytes(data)
    wanted = _wanted(collections)
    if not cache.enabled():
        return Loaded(parse(name, raw, collections), name)
    key = cache.digest(raw)
    have = cache.certified(key)
    if cache.covers(have, wanted):
        return Loaded(_from_cache(raw, wanted), name)
    brief = parse(name, raw, collections)
    cache.certify(key, wanted, before=have)
    return Loaded(brief, name)


def _wanted(collections: Iterable[str] | None) -> frozenset[str] | None:
    """The collections to validate; None for all of them."""
    from .models import COLLECTIONS

    wanted = None if collections is None else frozenset(collections)
    return None if wanted is not None and wanted >= set(COLLECTIONS) else wanted


_BIG = 1024 * 1024


def _from_cache(raw: bytes, wanted: frozenset[str] | None) -> Brief:
    """The brief built from JSON already certified valid: no pydantic, no checks."""
    import json

    from .models import build_brief

    gc_was_enabled = gc.isenabled()
    gc.disable()  # as in parse(): many objects, no cycles, kept to the end
    try:
        text = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
        if len(text) > _BIG:
            # pydantic-core's parser is 40% faster than json's, which pays
            # for its 10 ms import only on a big brief.
            from pydantic_core import from_json

            data = from_json(text)
        else:
            data = json.loads(text)
        return build_brief(data, wanted)
    finally:
        gc.freeze()
        if gc_was_enabled:
            gc.enable()


def parse(name: str, raw: bytes, collections: Iterable[str] | None = None) -> Brief:
    """Validate raw bytes as a brief, raising :class:`BriefInvalid` with every problem."""
    from pydantic import ValidationError

    from .models import check_integrity

    wanted = _wanted(collections)
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    # Validation allocates millions of objects in a big brief, none of them
    # cyclic garbage, and they live until the process ends.  Left alone, the
    # cyclic collector rescans them again and again; freezing moves them out
    # of its sight (measured at 10,000 records per collection: 2.2 s -> 1.2 s).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        brief = _validate(raw, wanted)
    except ValidationError as exc:
        check_encoding(name, raw)  # a clearer message than the parser's, if that is the cause
        raise BriefInvalid(name, describe_validation(exc)) from None
    finally:
        gc.freeze()
        if gc_was_enabled:
            gc.enable()
    problems = check_integrity(brief, wanted)
    if problems:
        raise BriefInvalid(name, problems)
    return brief


@functools.cache
def _adapter(collections: frozenset[str] | None) -> TypeAdapter[dict[str, Any]]:
    from pydantic import TypeAdapter

    from .models import brief_file_type

    return TypeAdapter(brief_file_type(collections))


def _validate(raw: bytes, wanted: frozenset[str] | None) -> Brief:
    from .models import Brief

    # Straight from bytes: no decoded copy of a large file.  strict: a file
    # saying "100" for a length is wrong, not a number.
    data = _adapter(wanted).validate_json(raw, strict=True)
    if wanted is not None and not wanted <= data.keys():
        # A collection this command reads is absent: legal, but it may be a
        # misspelled key, which only a full validation reports.
        _adapter(None).validate_json(raw, strict=True)
    data.pop("$schema", None)
    return Brief(**data)


def describe_validation(exc: ValidationError) -> list[str]:
    """Pydantic's errors as ``path: message`` lines.

    A brief of another schema version gets that one line only: every other
    error would follow from the other format (a schema 1 brief has
    ``denies`` on each quote), and dozens of them would bury the one that
    says what to do.
    """
    errors = exc.errors(include_url=False)
    for err in errors:
        if err["type"] == "literal_error" and err["loc"] == ("schema_version",):
            return [f"schema_version: {_version_message(err.get('input'))}"]
    lines = []
    for err in errors:
        if err["type"] == "json_invalid":
            lines.append(
                _json_error(err["ctx"].get("error", err["msg"]) if err.get("ctx") else err["msg"])
            )
            continue
        path = format_loc(err["loc"])
        msg = err["msg"]
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            # The last part is the key itself, whatever it is called (even "str").
            path = format_loc(err["loc"][:-1])
            key = str(err["loc"][-1])
            path = f"{path}.{key}" if path else key
            msg = "unknown key"
        elif err["type"] in ("missing", "missing_keyword_only_argument"):
            msg = "required key is missing"
        elif err["type"] == "value_error":
            msg = msg.removeprefix("Value error, ")
        line = f"{path}: {msg}" if path else msg
        if line not in lines:  # each member of a union reports the same failure
            lines.append(line)
    return lines


def _version_message(found: object) -> str:
    from .models import SCHEMA_VERSION

    if found == 1:
        return (
            f"this is a schema 1 brief; this vzcli reads schema {SCHEMA_VERSION} "
            "(claims, links and inferred fields; see CHANGELOG.md for the changes)"
        )
    return f"must be {SCHEMA_VERSION}, the brief format this vzcli reads, not {found!r}"


def _json_error(message: str) -> str:
    # pydantic-core reports "… at line L column C"; keep its wording, lead with the place.
    head, sep, place = str(message).rpartition(" at ")
    if sep and place.startswith("line "):
        return f"{place}: invalid JSON: {head}"
    return f"invalid JSON: {message}"


# Pydantic names the member of a union that failed ("int", "float",
# "function-after[parse(), str]"); users know the field, not our union.
_UNION_TAGS = frozenset({"int", "float", "str", "bool", "none", "list", "dict", "tuple"})


def format_loc(loc: tuple[int | str, ...]) -> str:
    """``('quotes', 3, 'speaker')`` → ``quotes[3].speaker``."""
    out = ""
    for part in loc:
        if isinstance(part, str) and (part in _UNION_TAGS or "[" in part):
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
