"""An independent reading of the text formats, shared by the tests.

Written from the README's description rather than imported from vzcli, so
that a test comparing the two can fail when the renderer drifts.
"""

from __future__ import annotations

import json
import re
from typing import Any

GUARDED = ("=", "+", "-", "@", "\t", "\r", "'")


def flatten(value: Any) -> str:
    """What csv and tsv write for a JSON value: lists joined with `; `, spans `a-b`,
    an object as compact JSON (empty when it is empty)."""
    if value is None or value == {}:
        return ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return "; ".join(f"{a}-{b}" for a, b in value)
        return "; ".join(flatten(v) for v in value)
    return str(value)


def tsv_unescape(cell: str) -> str:
    """Undo the tsv escapes \\t, \\n, \\r and \\\\."""
    table = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
    return re.sub(r"\\[\\tnr]", lambda m: table[m[0]], cell)


def undefuse(cell: str) -> str:
    """Undo the spreadsheet formula guard: drop one leading ' before a guarded start."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(GUARDED) else cell
