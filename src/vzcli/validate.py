"""Validate a brief's bytes with pydantic, and say what is wrong in readable lines.

This is the only module that builds a validator, and it is imported only
when a brief must be validated: a brief certified before (see
:mod:`vzcli.cache`) is answered without pydantic.  Pydantic builds the
records of :mod:`vzcli.models` directly; :mod:`vzcli.integrity` then checks
what types cannot.

pydantic's inputs and outputs here are JSON of any shape, so the functions
at that edge are typed ``Any``.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from .brief import check_encoding
from .errors import BriefInvalid
from .models import (
    COLLECTIONS,
    CONFIG,
    SCHEMA_VERSION,
    Brief,
    Doc,
    Id,
    QualifiedId,
    Source,
    _Constrain,
    subset,
)

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError

_BOM = b"\xef\xbb\xbf"


def brief_file_type(collections: frozenset[str] | None = None) -> Any:
    """The shape of a brief *file*, for pydantic: a TypedDict (``$schema`` is no
    identifier, so no dataclass field can be named so).

    With ``collections``, only those, the source and the actors are typed and
    the rest are skipped unread (extra keys ignored), so a query about quotes
    never builds objects for a hundred thousand events.  Returned as ``Any``:
    a TypedDict made at run time has no static type.
    """
    from typing import NotRequired, Required

    from typing_extensions import TypedDict

    keep = set(COLLECTIONS) if collections is None else {"actors", *collections}
    items: dict[str, Any] = {
        "$schema": NotRequired[Annotated[str, Doc("a JSON Schema for editors; vzcli ignores it")]],
        "schema_version": Required[
            Annotated[
                Literal[2, 3],
                Doc("3; a brief of schema 2 (no source metadata) is read as schema 3"),
            ]
        ],
        "source": Required[Source],
    }
    for name, spec in COLLECTIONS.items():
        if name in keep:
            kind = Required if name == "actors" else NotRequired
            items[name] = kind[list[spec.item]]  # type: ignore[name-defined]
    items["anchors"] = NotRequired[  # after the collections, as reanchor writes it
        Annotated[
            dict[
                Annotated[str, _Constrain(pattern=r"^[0-9]+-[0-9]+$")],
                Annotated[str, _Constrain(pattern=r"^[0-9a-f]{12}$")],
            ],
            Doc(
                "a digest of the article's text at each span the brief cites, keyed "
                "START-END, so an edited article is caught; vzcli reanchor writes it"
            ),
        ]
    ]
    shape = TypedDict("Brief", items)  # type: ignore[misc]
    shape.__doc__ = Brief.__doc__
    shape.__pydantic_config__ = {  # type: ignore[attr-defined]
        **CONFIG,
        "extra": "forbid" if collections is None else "ignore",
    }
    return shape


def parse(name: str, raw: bytes, collections: Iterable[str] | None = None) -> Brief:
    """Validate raw bytes as a brief, raising :class:`BriefInvalid` with every problem.

    With ``collections``, only those (and the source and actors) are
    validated and returned; the others are left empty, unread.
    """
    from pydantic import ValidationError

    from .integrity import check_integrity

    chosen = subset(collections)
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    # Validation allocates millions of objects in a big brief, none of them
    # cyclic garbage, and they live until the process ends.  Left alone, the
    # cyclic collector rescans them again and again; freezing moves them out
    # of its sight (measured at 10,000 records per collection: 2.2 s -> 1.2 s).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        brief = _validate(raw, chosen)
    except ValidationError as exc:
        check_encoding(name, raw)  # a clearer message than the parser's, if that is the cause
        raise BriefInvalid(name, describe_validation(exc)) from None
    finally:
        gc.freeze()
        if gc_was_enabled:
            gc.enable()
    problems = check_integrity(brief, chosen)
    if problems:
        raise BriefInvalid(name, problems)
    return brief


def prepare(collections: frozenset[str] | None) -> None:
    """Build what validating briefs for ``collections`` takes, before the first one:
    worker processes forked afterwards inherit it rather than each building it."""
    import importlib

    importlib.import_module(".integrity", __package__)
    _adapter(collections)


@functools.cache
def _adapter(collections: frozenset[str] | None) -> TypeAdapter[dict[str, Any]]:
    from pydantic import TypeAdapter

    return TypeAdapter(brief_file_type(collections))


def _validate(raw: bytes, chosen: frozenset[str] | None) -> Brief:
    # Straight from bytes: no decoded copy of a large file.  strict: a file
    # saying "100" for a length is wrong, not a number.
    data = _adapter(chosen).validate_json(raw, strict=True)
    if chosen is not None and not chosen <= data.keys():
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
        elif err["type"] == "string_pattern_mismatch" and err["ctx"]["pattern"] in _ID_PATTERNS:
            # A name where an id belongs: say what an id is, not the regular expression.
            msg = (
                f"{err['input']!r} is not an id: an id is lower-case letters, digits, '-' and "
                "'_' (refer to an actor by its id, not its name)"
            )
        line = f"{path}: {msg}" if path else msg
        if line not in lines:  # each member of a union reports the same failure
            lines.append(line)
    return lines


_ID_PATTERNS = frozenset(
    str(meta.constraints["pattern"])
    for kind in (Id, QualifiedId)
    for meta in get_args(kind)[1:]
    if isinstance(meta, _Constrain)
)
"""The patterns of an id and of a reference to one (``BRIEF:ID``), as the models
declare them."""


def _version_message(found: object) -> str:
    if found == 1 and not isinstance(found, bool):  # true == 1, but true is no version
        return (
            f"this is a schema 1 brief; this vzcli reads schemas 2 and {SCHEMA_VERSION} "
            "(claims, links and inferred fields; see CHANGELOG.md for the changes)"
        )
    import json

    try:
        given = json.dumps(found)  # as the brief wrote it: true, "3", null
    except (TypeError, ValueError):
        given = repr(found)
    return f"must be {SCHEMA_VERSION} (or 2), the brief format this vzcli reads, not {given}"


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
