"""An independent reading of the text formats, shared by the tests.

Written from the README's description rather than imported from vzcli, so
that a test comparing the two can fail when the renderer drifts.
"""

from __future__ import annotations

import json
import re
from typing import Any

GUARDED = ("=", "+", "-", "@", "\t", "\r", "'")


def flatten(field: str, value: Any) -> str:
    """What csv and tsv write for the JSON value of ``field``, as the README's "Output
    formats" says: spans as ``start-end``, a map (``inferred``, an actor's spans by
    brief) as compact JSON (empty when it is empty), evidence joined with `` … ``,
    other lists with ``; ``, null empty.  Chosen by the field, as the contract names them, not by the value's shape."""
    if value is None:
        return ""
    if isinstance(value, dict):  # inferred, and an actor's spans and evidence by brief
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else ""
    if field == "spans":
        return "; ".join(f"{start}-{end}" for start, end in value)
    if field == "evidence":
        return " … ".join(value)
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def tsv_unescape(cell: str) -> str:
    """Undo the tsv escapes \\t, \\n, \\r and \\\\."""
    table = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
    return re.sub(r"\\[\\tnr]", lambda m: table[m[0]], cell)


def undefuse(cell: str) -> str:
    """Undo the spreadsheet formula guard: drop one leading ' before a guarded start."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(GUARDED) else cell
