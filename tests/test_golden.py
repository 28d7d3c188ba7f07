"""Outputs do not drift: a set of commands prints exactly the bytes recorded in
tests/golden, with the validation cache off, cold and warm.

Speed work must never change an answer; when an output is meant to change,
rerun ``python tests/golden/record.py`` and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "golden"
sys.path.insert(0, str(HERE))

from record import commands, output  # noqa: E402

CASES = list(enumerate(commands(), 1))


def test_the_golden_set_is_not_empty() -> None:
    """Every recorded command has its output on disk."""
    assert len(CASES) >= 30
    assert {f"{n:02d}.out" for n, _ in CASES} == {p.name for p in HERE.glob("*.out")}


@pytest.mark.parametrize("cache", ["off", "cold", "warm"])
@pytest.mark.parametrize(("n", "args"), CASES, ids=[" ".join(a) for _, a in CASES])
def test_output_is_as_recorded(
    n: int, args: list[str], cache: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The command prints the recorded bytes whether the brief's validation is cached or not."""
    if cache == "off":
        monkeypatch.setenv("VZCLI_NO_CACHE", "1")
    else:
        monkeypatch.delenv("VZCLI_NO_CACHE", raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        if cache == "warm":
            output(args)  # the first run validates and fills the cache
    assert output(args) == (HERE / f"{n:02d}.out").read_bytes()
