"""Hostile sizes: wrapping, sentence splitting and locate, against the sizes that were
quadratic (issue: 1e5 characters wrapped in 0.36 s and 1e6 in 3.4 s, 1e8 never; a
6 MB one-line article never split in 120 s; locate's 40,000 matches took 36 s).

Usage: python benchmarks/linear.py   (writes benchmarks/results/linear-WHEN.json)
"""

from __future__ import annotations

import json
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from vzcli.authoring import locate
from vzcli.render import wrap
from vzcli.sentences import split

HERE = Path(__file__).resolve().parent


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    line = "Lavrov met Pompeo in Sochi. The talks went on. " * 127_000
    cases: dict[str, Callable[[], object]] = {
        "wrap 1e6 characters, unbroken": lambda: wrap("x" * 10**6, 80),
        "wrap 1e7 characters, unbroken": lambda: wrap("x" * 10**7, 80),
        "wrap 1e8 characters, unbroken": lambda: wrap("x" * 10**8, 80),
        "wrap 1e6 wide characters, unbroken": lambda: wrap("中" * 10**6, 80),
        f"split a one-line article of {len(line) / 1e6:.1f} MB": lambda: split(line),
        "split the same, one sentence a line": lambda: split(line.replace(". ", ".\n")),
        "locate, 10,000 matches": lambda: locate("Sochi. " * 10_000, "Sochi"),
        "locate, 40,000 matches": lambda: locate("Sochi. " * 40_000, "Sochi"),
    }
    results = {name: timed(work) for name, work in cases.items()}
    for name, seconds in results.items():
        print(f"{name:<45} {seconds:8.2f} s")
    out = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "system": platform.platform()},
        "seconds": results,
    }
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S%z")
    path = HERE / "results" / f"linear-{stamp}.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(HERE.parent)}", file=sys.stderr)


if __name__ == "__main__":
    main()
