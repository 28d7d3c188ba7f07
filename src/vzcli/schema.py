"""JSON Schemas generated from the models: of a brief, and of each command's records.

Never written by hand: the same types that validate a brief and shape the
JSON output produce these, so the schema cannot drift from what vzcli does.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, cast

DIALECT = "https://json-schema.org/draft/2020-12/schema"


class SchemaName(StrEnum):
    """What ``vzcli schema`` can describe."""

    BRIEF = "brief"
    EVENTS = "events"
    QUOTES = "quotes"
    POSITIONS = "positions"
    CLAIMS = "claims"
    STATS = "stats"
    ACTORS = "actors"
    LINKS = "links"
    BRIEFS = "briefs"
    CONFLICTS = "conflicts"
    EVENTS_MERGED = "events-merged"
    QUOTES_MERGED = "quotes-merged"
    CLAIMS_MERGED = "claims-merged"
    STATS_MERGED = "stats-merged"


def _for_pydantic(row: type) -> type:
    """A row type as a typing_extensions TypedDict, which pydantic needs on Python < 3.12.

    The rows are declared with typing's TypedDict so that commands need not
    import typing_extensions; the schema is made from this faithful copy.
    """
    from typing import get_type_hints

    from typing_extensions import TypedDict

    copy = TypedDict(row.__name__, get_type_hints(row, include_extras=True))  # type: ignore[misc]
    copy.__doc__ = row.__doc__
    copy.__pydantic_config__ = getattr(row, "__pydantic_config__", None)  # type: ignore[attr-defined]
    return cast(type, copy)


def json_schema(name: SchemaName) -> dict[str, Any]:
    """The JSON Schema of a brief, or of the array a command prints with ``--format json``."""
    from pydantic import TypeAdapter

    from .listings import LISTINGS
    from .validate import brief_file_type

    if name is SchemaName.BRIEF:
        schema = TypeAdapter(brief_file_type()).json_schema()
        schema["description"] = (
            "A brief of one article, as `vzcli --data` reads it. Spans are [start, end) "
            "character offsets into the article's UTF-8-decoded text."
        )
    else:
        command, merged = name.value.removesuffix("-merged"), name.value.endswith("-merged")
        row = _for_pydantic(LISTINGS[command].contract(merged=merged))
        schema = TypeAdapter(list[row]).json_schema()  # type: ignore[valid-type]
        invoked = f"vzcli {command}{' --merge' if merged else ''} --format json"
        schema["title"] = invoked
        schema["description"] = (
            f"The array `{invoked}` prints; `--format jsonl` prints the same objects one per line."
        )
    return {"$schema": DIALECT, **schema}
