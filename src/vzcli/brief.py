"""Find, read and validate a brief, turning every failure into readable lines.

The bundled brief is read from inside the installed package, never from the
working folder, so ``vzcli`` answers the same wherever it is run.  A user's
own brief comes from ``--data PATH`` or ``VZCLI_DATA``; ``-`` means stdin.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import Brief

ENV_VAR = "VZCLI_DATA"
BUNDLED = "<bundled brief>"
MAX_PROBLEMS = 20
"""Problems listed before the rest are summarised as "… and N more"."""

MAX_BYTES = 64 * 1024 * 1024
"""Briefs larger than this are refused before parsing, so a wrong file (a disk
image, a log) fails in milliseconds instead of eating memory for minutes.
Generous: a brief with 100,000 records per collection is about 40 MiB."""


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

    exit_code = 65


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


def read_bytes(data: str | None) -> tuple[str, bytes]:
    """Return ``(display name, raw bytes)`` of the brief to use."""
    path = resolve(data)
    if path is None:
        return BUNDLED, _read_bundled()
    if path == "-":
        return "<stdin>", _read_stream()
    return path, _read_file(path)


def _read_bundled() -> bytes:
    resource = resources.files("vzcli") / "data" / "brief.json"
    try:
        return resource.read_bytes()
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


def _read_file(path: str) -> bytes:
    p = Path(path)
    try:
        if p.is_dir():
            raise BriefUnreadable(path, ["is a folder, not a brief file"])
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
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
    return f"larger than {MAX_BYTES // (1024 * 1024)} MiB; vzcli refuses briefs that big"


def decode(name: str, raw: bytes) -> str:
    """Decode UTF-8 (a leading BOM is accepted and dropped) or explain why not."""
    if not raw.strip():
        raise BriefInvalid(name, ["is empty; a brief is a JSON object"])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BriefInvalid(name, ["is UTF-16 text; save it as UTF-8"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefInvalid(
            name,
            [f"line {line} column {column}: not UTF-8 text (byte 0x{raw[exc.start]:02x})"],
        ) from exc


def load(data: str | None = None) -> Loaded:
    """Read and validate the brief named by ``data`` (or the default)."""
    name, raw = read_bytes(data)
    return Loaded(parse(name, raw), name)


def parse(name: str, raw: bytes) -> Brief:
    """Validate raw bytes as a brief, raising :class:`BriefInvalid` with every problem."""
    from pydantic import ValidationError

    from .models import Brief, check_integrity

    text = decode(name, raw)
    try:
        # strict: a file saying "100" for a length is wrong, not a number.
        brief = Brief.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise BriefInvalid(name, describe_validation(exc, text)) from None
    problems = check_integrity(brief)
    if problems:
        raise BriefInvalid(name, problems)
    return brief


def describe_validation(exc: ValidationError, text: str) -> list[str]:
    """Pydantic's errors as ``path: message`` lines."""
    lines = []
    for err in exc.errors(include_url=False):
        if err["type"] == "json_invalid":
            lines.append(
                _json_error(err["ctx"].get("error", err["msg"]) if err.get("ctx") else err["msg"])
            )
            continue
        path = format_loc(err["loc"])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "missing":
            msg = "required key is missing"
        elif err["type"] == "value_error":
            msg = msg.removeprefix("Value error, ")
        line = f"{path}: {msg}" if path else msg
        if line not in lines:  # each member of a union reports the same failure
            lines.append(line)
    return lines


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
