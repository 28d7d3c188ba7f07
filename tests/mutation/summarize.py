"""Summarise a finished mutmut run into tests/mutation/results.json.

    python -m mutmut run
    python tests/mutation/summarize.py

Reads mutmut's per-module results (mutants/src/vzcli/*.py.meta) and the
mutants judged equivalent (tests/mutation/equivalent.toml: no test could ever
tell them from the original, each with the reason).  Equivalents are set
aside, never counted as killed; a timeout counts as killed (the mutant
looped).  Exits 1 when a module scores under the bar, when the run is not
finished, or when equivalent.toml names a mutant that does not exist or was
killed (the list is stale).
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections import Counter
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mutmut.stats import status_by_exit_code

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
BAR = 90.0
"""The lowest score, in percent of the mutants that are not equivalent, a module may have."""


def summarise(root: Path = ROOT) -> tuple[dict[str, Any], list[str]]:
    """The results document, and every problem that should fail the summary."""
    equivalent: dict[str, str] = tomllib.loads((HERE / "equivalent.toml").read_text("utf-8"))
    problems: list[str] = []
    seen: set[str] = set()
    modules: dict[str, Any] = {}
    for meta in sorted((root / "mutants" / "src" / "vzcli").glob("*.py.meta")):
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        status = {
            name: "not checked" if code is None else status_by_exit_code[code]
            for name, code in codes.items()
        }
        judged = sorted(n for n in status if n in equivalent)
        seen.update(judged)
        # An equivalent survives every run; checkpoint.py restores survivors unchecked,
        # so one not checked since is still set aside.
        problems += [
            f"{n} is listed as equivalent but was {status[n]}"
            for n in judged
            if status[n] not in ("survived", "not checked")
        ]
        others = Counter(s for n, s in status.items() if n not in equivalent)
        killed = others["killed"] + others["timeout"]
        counted = len(status) - len(judged) - others["not checked"]
        score = round(100 * killed / counted, 1) if counted else 100.0
        module = meta.name.removesuffix(".meta")
        modules[module] = {
            "mutants": len(status),
            "killed": others["killed"],
            "timeout": others["timeout"],
            "survived": others["survived"],
            "no_tests": others["no tests"],
            "equivalent": len(judged),
            "not_checked": others["not checked"],
            "score": score,
            "survivors": sorted(
                n for n, s in status.items() if s in ("survived", "no tests") and n not in judged
            ),
        }
        if others["not checked"]:
            problems.append(f"{module}: {others['not checked']} mutants not checked; run again")
        if score < BAR:
            problems.append(f"{module}: score {score} % is under {BAR} %")
    problems += [
        f"{n} is listed as equivalent but no such mutant exists"
        for n in sorted(set(equivalent) - seen)
    ]
    document = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tool": f"mutmut {version('mutmut')}",
        "command": "python -m mutmut run",
        "bar": BAR,
        "modules": modules,
        "equivalent": {n: equivalent[n] for n in sorted(seen)},
    }
    return document, problems


def main() -> int:
    document, problems = summarise()
    (HERE / "results.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    width = max(map(len, document["modules"]), default=0)
    for name, m in document["modules"].items():
        print(
            f"{name:<{width}}  {m['mutants']:>5} mutants  {m['killed'] + m['timeout']:>5} killed  "
            f"{m['survived'] + m['no_tests']:>4} survived  {m['equivalent']:>3} equivalent  "
            f"{m['score']:>5} %"
        )
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
