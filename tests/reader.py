"""Running a documented command as a reader types it, for the tests that keep
the README and docs/authoring.md true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
"""Where the installed vzcli console script is (the test environment's bin)."""


def shell(command: str, cwd: Path, **env: str) -> str:
    """Run ``command`` with bash from ``cwd``, as a reader would: the installed vzcli
    first on PATH, 100 columns, none of the caller's VZCLI_DATA or VZCLI_SOURCE, and
    ``env`` added.  Returns stdout and stderr as one text, as a terminal shows them."""
    environ = {k: v for k, v in os.environ.items() if k not in ("VZCLI_DATA", "VZCLI_SOURCE")}
    environ.update(COLUMNS="100", PATH=f"{BIN}{os.pathsep}{environ.get('PATH', '')}", **env)
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # interleaved as on a terminal
        text=True,
        encoding="utf-8",
        check=False,
    )
    return result.stdout.replace("\r\n", "\n")
