"""Where each part of a brief stands in its JSON text, so that a brief certified
valid can be read a part at a time.

Parsing a whole brief to answer from three of its records costs most of a
query over a corpus.  When a brief is certified (see :mod:`vzcli.cache`),
its layout is kept with the certificate: the span of the source and of each
collection in the text, and for the collections a query narrows by actor
(quotes by speaker, claims and positions by holder, figures by producer)
the span and that actor of each record.  A certified brief is then read
from those spans: every value still comes from the brief's own text; the
layout only says where to look.  Offsets are of the UTF-8 bytes (after any
byte-order mark), so a part is parsed without decoding the rest.

The layout is found by walking the bytes read as Latin-1, one character per
byte: JSON's structure is ASCII, so the walk finds the same values at byte
offsets, and the keys it reads (ids, by the schema's pattern) are ASCII too.
"""

from __future__ import annotations

import json
import re
from typing import Any

KEYS = {
    "quotes": "speaker",
    "positions": "holder",
    "claims": "holder",
    "stats": "producer",
    "links": "relation",
}
"""The field each collection's records are found by, where there is one: ``--actor``
for the first four, and a quote's denials (``denies`` links) for the last."""

MAX_ENTRIES = 4096
"""A brief with more records than this keeps only its collections' spans: a big
brief is read whole anyway, and its layout would outweigh the certificate."""

_SPACE = re.compile(r"[ \t\n\r]*")
_decoder = json.JSONDecoder()

Layout = dict[str, Any]
"""``{"schema_version": 3, "source": [a, b], "quotes": [a, b, [[s, e, key], …]], …}``:
JSON, as the certificate stores it."""


def _skip(text: str, at: int) -> int:
    found = _SPACE.match(text, at)
    return found.end() if found else at


def of(raw: bytes) -> Layout | None:
    """The layout of a brief's JSON bytes (a BOM already removed), or None when they are
    not the plain JSON object a brief is (then it is always read whole)."""
    try:
        return _walk(raw.decode("latin-1"))
    except (ValueError, IndexError, TypeError):
        return None


def _walk(text: str) -> Layout:
    found: Layout = {}
    entries = 0
    at = _skip(text, 0)
    if text[at] != "{":
        raise ValueError("not an object")
    at = _skip(text, at + 1)
    while text[at] != "}":
        key, at = _decoder.raw_decode(text, at)
        at = _skip(text, at)
        if text[at] != ":":
            raise ValueError("no colon")
        start = at = _skip(text, at + 1)
        if key in KEYS and text[at] == "[":
            records, at = _records(text, at, KEYS[key])
            entries += len(records)
            found[key] = [start, at, records]
        else:
            value, at = _decoder.raw_decode(text, at)
            if key == "schema_version":
                found[key] = value
            elif isinstance(key, str):
                found[key] = [start, at]
        at = _skip(text, at)
        if text[at] == ",":
            at = _skip(text, at + 1)
    if _skip(text, at + 1) != len(text):
        raise ValueError("text after the object")
    if entries > MAX_ENTRIES:
        for key in KEYS:
            if key in found:
                found[key] = found[key][:2]
    return found


# Any: the JSON edge, as Layout is (a record's key is whatever its JSON holds).
def _records(text: str, at: int, field: str) -> tuple[list[list[Any]], int]:
    """``[[start, end, record[field]], …]`` of the array at ``at``, and where it ends."""
    records: list[list[Any]] = []
    at = _skip(text, at + 1)
    while text[at] != "]":
        start = at
        record, at = _decoder.raw_decode(text, at)
        records.append([start, at, record.get(field) if isinstance(record, dict) else None])
        at = _skip(text, at)
        if text[at] == ",":
            at = _skip(text, at + 1)
    return records, at + 1
