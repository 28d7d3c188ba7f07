"""JSON as vzcli writes it: indented for ``--format json``, one line a record for
``jsonl``, laid out for people to edit in a brief file.

The text is always what ``json.dumps`` writes (with ``ensure_ascii`` off
unless the output cannot take UTF-8, and never ``NaN``), whichever encoder
makes it; a big answer is made, and may be written, a part at a time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterator, Sequence

# Legal raw inside JSON strings, but line breaks to str.splitlines() and to
# JavaScript before ES2019: escaped so one JSON Lines record is one line to all.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def pretty_json(value: object, indent: int = 0) -> str:
    """JSON for people to edit: objects one key a line, short arrays on one line
    (``"spans": [[0, 40]]``), as data/brief.json is written."""
    pad = "  " * indent
    if isinstance(value, dict) and value:
        items = [
            f"{pad}  {json.dumps(k, ensure_ascii=False)}: {pretty_json(v, indent + 1).lstrip()}"
            for k, v in value.items()
        ]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}" + ("\n" if not indent else "")
    if isinstance(value, list) and value and any(isinstance(v, dict) for v in value):
        inner = ",\n".join(pretty_json(v, indent + 1) for v in value)
        return pad + "[\n" + inner + "\n" + pad + "]"
    return pad + json.dumps(value, ensure_ascii=False)


def json_text(value: object, *, ascii_only: bool = False) -> str:
    """Any JSON value, indented, as the json format writes it (ending in a newline)."""
    return "".join(json_chunks(value, ascii_only=ascii_only))


def dumps(value: object, indent: int | None = None, ascii_only: bool = False) -> str:
    """``json.dumps`` as vzcli writes JSON: accents kept unless ``ascii_only``, no
    ``NaN``, and the line breaks JSON Lines readers split on escaped."""
    # ensure_ascii off unless needed: accents stay readable.  allow_nan=False:
    # never emit the non-JSON tokens NaN/Infinity that strict parsers reject.
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent, allow_nan=False)
    return _unbroken(text)


def _unbroken(text: str) -> str:
    if "\x85" in text or "\u2028" in text or "\u2029" in text:  # rare: check before copying
        return text.translate(_LINE_BREAKS)
    return text


FAST_FROM = 500
"""Rows from which indented JSON is worth encoding in Rust (pydantic-core)."""

CHUNK = 2000
"""Rows encoded at a time: a big answer is never held twice as text."""


def json_chunks(
    value: object, *, ascii_only: bool = False, floats: Collection[str] | None = None
) -> Iterator[str]:
    """``value`` as indented JSON ending in a newline, in parts that join to exactly
    what :func:`dumps` writes: a list of many rows a few thousand rows at a time,
    anything else at once.  ``floats``: the only fields of the rows that may hold a
    float (None: any)."""
    if ascii_only or not _fast(value, floats):
        yield dumps(value, 2, ascii_only) + "\n"
        return
    assert isinstance(value, list)
    from .parsing import core

    compiled = core()
    to_json, refused = compiled.to_json, compiled.PydanticSerializationError

    # A list's indented JSON is "[\n", its items each indented by two and joined
    # by ",\n", then "\n]": so is each part's, and the parts join into the whole.
    for start in range(0, len(value), CHUNK):
        part = value[start : start + CHUNK]
        try:
            text = to_json(part, indent=2).decode("utf-8")
        except refused:
            text = json.dumps(part, ensure_ascii=False, indent=2, allow_nan=False)
        yield ("[\n" if start == 0 else ",\n") + _unbroken(text[2:-2])
    yield "\n]\n"


def _fast(value: object, floats: Collection[str] | None) -> bool:
    """Whether pydantic-core writes ``value`` byte for byte as ``json.dumps`` does.

    The stdlib encodes indented JSON in pure Python: 300 ms for 7,000 quotes,
    ten times pydantic-core.  The two write strings, integers of any size,
    None and containers alike; floats only agree while Python writes them
    without an exponent (``1e+308`` against ``1e308``).  Rows hold floats
    only at their top level (a figure's value and change), so those are
    checked (only the ``floats`` fields, when the caller knows which may hold
    one); rows with other floats, and small outputs (not worth the import),
    go to the stdlib.  So does a part pydantic-core refuses to encode: a
    lone surrogate, which only a command-line argument that is not UTF-8 can
    bring in (``locate``).
    """
    if not isinstance(value, list) or len(value) < FAST_FROM:
        return False
    for row in value:
        if not isinstance(row, dict):
            return False
        for v in row.values() if floats is None else [row.get(f) for f in floats]:
            if isinstance(v, float) and (not math.isfinite(v) or "e" in repr(v)):
                return False
    return True


def jsonl_lines(rows: Sequence[dict[str, object]], *, ascii_only: bool = False) -> str:
    """One JSON object a line, each line ending in a newline."""
    return "".join(dumps(row, None, ascii_only) + "\n" for row in rows)
