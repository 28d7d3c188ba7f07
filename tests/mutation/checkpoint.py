"""Carry a mutation run over from one working session to the next.

    python tests/mutation/checkpoint.py save      # after (or while stopping) a run
    python tests/mutation/checkpoint.py restore   # in a fresh checkout, before `mutmut run`

A full run is about 8,800 mutants, and the modules on the hot path (loading,
the cache, the pipeline) are covered by hundreds of tests each: on two cores
it takes longer than a working session.  ``save`` writes what mutmut knows of
each mutant (its exit code, and the hash of its function) to
``tests/mutation/checkpoint.json``; ``restore`` puts it back as mutmut's own
``mutants/src/vzcli/*.py.meta``, so the next ``mutmut run`` checks only what is
left.  mutmut itself compares each function's hash with the one saved, so a
function changed since is checked again, and mutants of a new function are new.

A mutant that survived is restored unchecked: tests written since may kill it,
and mutmut never runs a mutant again once it has a result.  A killed mutant
stays killed: tests are only added, and summarize.py is the judge of the
finished run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SAVED = HERE / "checkpoint.json"
META = ROOT / "mutants" / "src" / "vzcli"
SURVIVED = (0, 5, 33)
"""The exit codes mutmut gives a mutant no test killed (survived, no tests)."""


def save() -> int:
    files = {}
    for meta in sorted(META.glob("*.py.meta")):
        data = json.loads(meta.read_text("utf-8"))
        files[meta.name] = {
            "hash_by_function_name": data["hash_by_function_name"],
            "exit_code_by_key": data["exit_code_by_key"],
        }
    SAVED.write_text(json.dumps(files, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    codes = [c for f in files.values() for c in f["exit_code_by_key"].values()]
    print(f"saved {len(codes)} mutants, {codes.count(None)} unchecked, to {SAVED}")
    return 0


def restore() -> int:
    files = json.loads(SAVED.read_text("utf-8"))
    META.mkdir(parents=True, exist_ok=True)
    rechecked = 0
    for name, data in files.items():
        codes = data["exit_code_by_key"]
        for key, code in codes.items():
            if code in SURVIVED:
                codes[key] = None
                rechecked += 1
        meta = {
            "exit_code_by_key": codes,
            "hash_by_function_name": data["hash_by_function_name"],
            "type_check_error_by_key": {},
            "durations_by_key": {},
            "estimated_durations_by_key": {},
        }
        (META / name).write_text(json.dumps(meta), encoding="utf-8")
    left = sum(c is None for f in files.values() for c in f["exit_code_by_key"].values())
    print(f"restored {len(files)} modules: {left} mutants to check, {rechecked} of them survivors")
    return 0


if __name__ == "__main__":
    actions = {"save": save, "restore": restore}
    if len(sys.argv) != 2 or sys.argv[1] not in actions:
        sys.exit("usage: checkpoint.py save|restore")
    sys.exit(actions[sys.argv[1]]())
