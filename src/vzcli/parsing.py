"""Which parser reads the JSON of what was certified before: briefs' parts and the
certificates themselves.

``json``'s, until :func:`parse_fast` is called.  pydantic-core's parses a
brief's actors five times as fast, but takes 25 ms to import: worth it for a
corpus of hundreds of briefs, not for one.  It is the parser that validated
them, so it reads them alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

loads: list[Callable[[bytes], Any]] = [json.loads]
"""The parser in use, in a list so that every module sees the switch."""


def parse_fast() -> None:
    """Parse with pydantic-core's parser from now on."""
    from pydantic_core import from_json

    loads[0] = from_json
