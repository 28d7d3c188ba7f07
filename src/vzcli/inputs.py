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
        if entry != STDIN and os.path.isdir(entry):
            files = _briefs_in(entry)
            if not files:
                raise BriefUnreadable(entry, ["holds no brief (no *.json file in the folder)"])
            found += files
        else:
            found.append(entry)
    if found.count(STDIN) > 1:
        raise QueryError("only one --data may be '-': stdin holds one brief")
    return found


def _briefs_in(folder: str) -> list[str]:
    """The ``*.json`` files in ``folder`` (hidden ones too, as a glob finds them), not
    the schemas, sorted, each as ``folder/name`` with the folder written as pathlib
    writes it (``./briefs/`` as ``briefs``)."""
    base = str(Path(folder))
    # scandir, not Path.glob: a Path per file costs a corpus of thousands 12 ms.
    try:
        with os.scandir(folder) as entries:
            names = [
                e.name
                for e in entries
                if os.path.normcase(e.name).endswith(".json")
                and not os.path.normcase(e.name).endswith(SCHEMA_SUFFIX)
            ]
    except OSError as exc:
        raise BriefUnreadable(folder, [f"cannot list the folder: {exc.strerror or exc}"]) from exc
    return [os.path.join(base, name) for name in sorted(names)]
