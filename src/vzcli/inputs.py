"""Which briefs a corpus reads: files and folders named by ``--data`` (repeatable),
else ``$VZCLI_DATA`` (a list), else the bundled brief; ``-`` is stdin.

A folder means its ``*.json`` files, sorted by name, except the JSON Schemas
``vzcli init`` writes beside a brief (``*.schema.json``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .brief import ENV_VAR
from .errors import BriefUnreadable, QueryError

STDIN = "-"
SCHEMA_SUFFIX = ".schema.json"
"""What ``vzcli init`` writes beside a brief for editors: never a brief itself."""


def locations(data: Sequence[str] | None) -> list[str | None]:
    """The briefs to read, in order: paths, ``-`` for stdin, None for the bundled brief.

    Raises :class:`QueryError` for an empty entry in ``$VZCLI_DATA`` or more
    than one ``-``, and :class:`BriefUnreadable` for a folder with no brief.
    """
    given = [d for d in data or () if d]
    if not given:
        listed = os.environ.get(ENV_VAR, "")
        if listed:
            given = listed.split(os.pathsep)
            if not all(given):
                raise QueryError(
                    f"${ENV_VAR} has an empty entry ({listed!r}); separate briefs and "
                    f"folders with a single {os.pathsep!r}"
                )
    if not given:
        return [None]
    found: list[str | None] = []
    for entry in given:
        if entry != STDIN and Path(entry).is_dir():
            files = sorted(
                str(p) for p in Path(entry).glob("*.json") if not p.name.endswith(SCHEMA_SUFFIX)
            )
            if not files:
                raise BriefUnreadable(entry, ["holds no brief (no *.json file in the folder)"])
            found += files
        else:
            found.append(entry)
    if found.count(STDIN) > 1:
        raise QueryError("only one --data may be '-': stdin holds one brief")
    return found
