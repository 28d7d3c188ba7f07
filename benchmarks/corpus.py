"""Corpora of many briefs, against jq and DuckDB on the same files (run by run.py).

A corpus of N briefs is made of copies of the bundled brief and of the
fixture corpus (tests/fixtures/corpus/briefs), each copy with ids of its own:
the bundled brief's copies take new source ids, and each copy of the fixture
group renames its four briefs and the BRIEF:ID references between them.  The
question is the one of the start-up benchmark, ``quotes --actor Lavrov -f
json``; jq answers it with ``jq -c '.quotes[] | select(.speaker ==
"lavrov")' DIR/*.json`` and DuckDB (its Python package, process start
included) with one ``read_json_auto`` query over the same files, with
``union_by_name``: the briefs of a corpus are not all alike (a field one
brief leaves out), and without it DuckDB takes one layout from the first
files and fails on the others.  Warm runs
reuse the validation cache; a cold run starts each time from an empty one.
``--merge`` and ``conflicts`` are timed too.
"""

from __future__ import annotations

import copy
import json
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = ROOT / "tests" / "fixtures" / "corpus" / "briefs"

DUCKDB = (
    "import duckdb, json, sys\n"
    # DuckDB 2 draws a progress bar on stdout for a long query, even into a pipe.
    'duckdb.sql("SET enable_progress_bar = false")\n'
    'rows = duckdb.sql("SELECT to_json(q) FROM (SELECT unnest(quotes) AS q FROM '
    "read_json_auto('\" + sys.argv[1] + \"/*.json', union_by_name = true)) "
    "WHERE q.speaker = 'lavrov'\").fetchall()\n"
    "sys.stdout.write('[' + ','.join(r[0] for r in rows) + ']')\n"
)


def _renamed(value: Any, names: dict[str, str]) -> Any:
    """``value`` with every ``BRIEF:ID`` reference to a renamed brief renamed."""
    if isinstance(value, dict):
        return {k: _renamed(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, names) for v in value]
    if isinstance(value, str) and ":" in value:
        where, _, rest = value.partition(":")
        if where in names:
            return f"{names[where]}:{rest}"
    return value


def synthesize(n: int, folder: Path) -> None:
    """Write a corpus of ``n`` briefs into ``folder``: per 25, one copy of the fixture
    group (when there is one) and the rest copies of the bundled brief."""
    folder.mkdir(parents=True, exist_ok=True)
    bundled = json.loads((ROOT / "data" / "brief.json").read_text(encoding="utf-8"))
    group = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.json"))]
    i = written = 0
    while written < n:
        if group and i % 25 == 0 and written + len(group) <= n:
            names = {b["source"]["id"]: f"{b['source']['id']}-g{i:05d}" for b in group}
            for b in group:
                copied = _renamed(copy.deepcopy(b), names)
                copied["source"]["id"] = names[b["source"]["id"]]
                _write(folder / f"{copied['source']['id']}.json", copied)
                written += 1
        else:
            copied = copy.deepcopy(bundled)
            copied["source"]["id"] = f"venezuela-{i:05d}"
            _write(folder / f"venezuela-{i:05d}.json", copied)
            written += 1
        i += 1


def _write(path: Path, brief: dict[str, Any]) -> None:
    path.write_text(json.dumps(brief, ensure_ascii=False), encoding="utf-8")


def measure(n: int, runs: int, workdir: Path, run_once: Any, env: dict[str, str]) -> dict[str, Any]:
    """The corpus question at ``n`` briefs: vzcli warm and cold, jq, DuckDB; and vzcli's
    --merge and conflicts, warm."""
    from run import JQ, PY, VZCLI, settle

    folder = workdir / f"corpus-{n}"
    synthesize(n, folder)
    settle()
    size = sum(p.stat().st_size for p in folder.iterdir())
    query = [VZCLI, "quotes", "--data", str(folder), "--actor", "Lavrov", "-f", "json"]
    cases: dict[str, list[str]] = {"vzcli": query}
    if JQ:
        cases["jq"] = [JQ, "-c", '.quotes[] | select(.speaker == "lavrov")', *_files(folder)]
    try:
        import duckdb  # noqa: F401

        cases["duckdb"] = [PY, "-c", DUCKDB, str(folder)]
    except ImportError:
        pass
    cases["vzcli quotes --merge"] = [
        VZCLI,
        "quotes",
        "--data",
        str(folder),
        "--merge",
        "-f",
        "json",
    ]
    cases["vzcli conflicts"] = [VZCLI, "conflicts", "--data", str(folder), "-f", "json"]
    _same_answer(query, cases, env)
    out: dict[str, Any] = {"briefs": n, "mib": size / 2**20}
    for argv in cases.values():
        run_once(argv, env=env)  # warm-up: page cache and the validation cache
    times: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, list[int]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, argv in cases.items():
            wall, _, peak = run_once(argv, memory=True, env=env)
            times[name].append(wall)
            peaks[name].append(peak)
    for name in cases:
        out[name] = {
            "median_s": statistics.median(times[name]),
            "peak_mib": max(peaks[name]) / 1024,
        }
    cold: list[float] = []
    cold_peaks: list[int] = []
    for _ in range(max(1, runs // 3)):
        cache = tempfile.mkdtemp(prefix="vzcli-cold-")
        wall, _, peak = run_once(query, memory=True, env={**env, "XDG_CACHE_HOME": cache})
        cold.append(wall)
        cold_peaks.append(peak)
        shutil.rmtree(cache, ignore_errors=True)
    out["vzcli, cold (first run)"] = {
        "median_s": statistics.median(cold),
        "peak_mib": max(cold_peaks) / 1024,
    }
    answer = subprocess.run(query, capture_output=True, check=True, env=env).stdout
    out["answer_mib"] = len(answer) / 2**20
    shutil.rmtree(folder, ignore_errors=True)
    return out


def _files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("*.json"))


def _same_answer(query: list[str], cases: dict[str, list[str]], env: dict[str, str]) -> None:
    """vzcli, jq and DuckDB must find the same quotes, or the timing compares nothing."""
    found = json.loads(subprocess.run(query, capture_output=True, check=True, env=env).stdout)
    ids = sorted(q["id"] for q in found)
    if "jq" in cases:
        text = subprocess.run(cases["jq"], capture_output=True, check=True, env=env).stdout
        assert sorted(json.loads(line)["id"] for line in text.splitlines()) == ids, "jq"
    if "duckdb" in cases:
        text = subprocess.run(cases["duckdb"], capture_output=True, check=True, env=env).stdout
        assert sorted(q["id"] for q in json.loads(text)) == ids, "duckdb"


TARGETS = {
    1000: {"jq": 0.5, "duckdb": 1.0},
    10000: {"jq": 0.4, "duckdb": 0.8, "cold_jq": 1.5},
}
"""The issue's targets: warm time against jq and DuckDB, the first run against jq."""


def verdicts(n: int, m: dict[str, Any]) -> list[str]:
    """Each target at ``n`` briefs, with whether it is met."""
    out: list[str] = []
    goal = TARGETS.get(n, {})
    v = m["vzcli"]["median_s"]
    for name, key in (("jq", "jq"), ("DuckDB", "duckdb")):
        if key in goal and key in m:
            ratio = v / m[key]["median_s"]
            ok = "met" if ratio <= goal[key] else "NOT met"
            out.append(f"{n:,} briefs: {ratio:.2f}x {name}'s time, target <= {goal[key]}x: {ok}")
    if "cold_jq" in goal and "jq" in m:
        ratio = m["vzcli, cold (first run)"]["median_s"] / m["jq"]["median_s"]
        ok = "met" if ratio <= goal["cold_jq"] else "NOT met"
        out.append(f"{n:,} briefs, first run: {ratio:.2f}x jq's time, target <= 1.5x: {ok}")
    if n >= 10000:
        limit = 100 + 4 * m["answer_mib"]
        peak = m["vzcli"]["peak_mib"]
        ok = "met" if peak <= limit else "NOT met"
        out.append(
            f"{n:,} briefs: peak memory {peak:.0f} MiB, target <= 100 + 4 x "
            f"{m['answer_mib']:.1f} = {limit:.0f} MiB: {ok}"
        )
    return out


def report(found: dict[str, Any]) -> list[str]:
    """Lines of the report: each corpus size with its ratios to jq and DuckDB."""
    lines = ["", "Corpora: quotes --actor Lavrov -f json over N briefs (median; peak memory)", ""]
    lines.append(
        f"{'briefs':>7} {'MB':>6} {'vzcli':>8} {'cold':>8} {'jq':>8} {'duckdb':>8} "
        f"{'vs jq':>6} {'vs duck':>7} {'cold/jq':>7} {'mem':>6} {'answer':>7} "
        f"{'merge':>7} {'conflicts':>9}"
    )
    for n, m in found.items():
        v, c = m["vzcli"]["median_s"], m["vzcli, cold (first run)"]["median_s"]
        jq = m.get("jq", {}).get("median_s", float("nan"))
        duck = m.get("duckdb", {}).get("median_s", float("nan"))
        lines.append(
            f"{int(n):>7,} {m['mib']:>6.0f} {v:>7.2f}s {c:>7.2f}s {jq:>7.2f}s {duck:>7.2f}s "
            f"{v / jq:>5.2f}x {v / duck:>6.2f}x {c / jq:>6.2f}x {m['vzcli']['peak_mib']:>5.0f}M "
            f"{m['answer_mib']:>6.1f}M {m['vzcli quotes --merge']['median_s']:>6.2f}s "
            f"{m['vzcli conflicts']['median_s']:>8.2f}s"
        )
    lines.append("")
    for n, m in found.items():
        lines += verdicts(int(n), m)
    return lines


if __name__ == "__main__":  # python benchmarks/corpus.py N DIR: write a corpus only
    import sys

    synthesize(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {sys.argv[1]} briefs to {sys.argv[2]}", file=sys.stderr)
