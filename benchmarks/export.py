"""When to switch from vzcli over JSON to SQL over an export: measured, in one run.

1. ``vzcli export`` of corpora of 1,000 and 10,000 briefs (benchmarks/corpus.py
   makes them): wall time, peak memory and size on disk, to SQLite and to
   Parquet, each from a warm validation cache (as every run after the first).
2. The corpus question, Lavrov's quotes, at 10,000 and 100,000 briefs: vzcli
   over the JSON (warm) against DuckDB over the Parquet export and sqlite3
   over the SQLite export, each a fresh process (DuckDB's Python package,
   start included; sqlite3 the shell).  Every engine must give the same
   quotes, or the timing compares nothing.

Usage: python benchmarks/export.py [--sizes 1000,10000] [--query-sizes 10000,100000]
Run it with the Python of a non-editable install with the parquet extra and
DuckDB.  It prints a table and writes benchmarks/results/export-WHEN.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import synthesize  # noqa: E402
from run import ENV, PY, VZCLI, run_once  # noqa: E402

SQLITE = shutil.which("sqlite3")
DUCK = (
    "import duckdb, sys\n"
    'duckdb.sql("SET enable_progress_bar = false")\n'
    'rows = duckdb.sql("SELECT brief, id FROM read_parquet(\'" + sys.argv[1] + '
    "\"/quotes/**/*.parquet', hive_partitioning = true) WHERE speaker = 'lavrov'\").fetchall()\n"
    "print(len(rows))\n"
)
SQL = "SELECT count(*) FROM quotes WHERE speaker = 'lavrov'"


def _du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def exports(n: int, runs: int, work: Path) -> dict[str, Any]:
    """Export a corpus of ``n`` briefs both ways, ``runs`` times each (warm)."""
    folder = work / f"corpus-{n}"
    synthesize(n, folder)
    out: dict[str, Any] = {"briefs": n, "json_mib": _du(folder) / 2**20}
    run_once([VZCLI, "briefs", "--data", str(folder), "-f", "json"])  # fills the cache
    for to in ("sqlite", "parquet"):
        target = work / f"out-{n}.{to}"
        argv = [VZCLI, "export", "--to", to, str(target), "--data", str(folder), "--force"]
        walls, peaks = [], []
        for _ in range(runs):
            wall, _, peak = run_once(argv, memory=True)
            walls.append(wall)
            peaks.append(peak)
        out[to] = {
            "median_s": statistics.median(walls),
            "peak_mib": max(peaks) / 1024,
            "size_mib": _du(target) / 2**20,
        }
        shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    return out


def _count(argv: list[str]) -> int:
    done = subprocess.run(argv, capture_output=True, text=True, check=True, env=ENV)
    text = done.stdout.strip()
    return len(json.loads(text)) if text.startswith("[") else int(text)


def queries(n: int, runs: int, work: Path) -> dict[str, Any]:
    """Lavrov's quotes over ``n`` briefs: vzcli (JSON), DuckDB (Parquet), sqlite3."""
    folder = work / f"q-corpus-{n}"
    synthesize(n, folder)
    pq, db = work / f"q-{n}.parquet", work / f"q-{n}.sqlite"
    out: dict[str, Any] = {"briefs": n, "json_mib": _du(folder) / 2**20}
    for to, target in (("parquet", pq), ("sqlite", db)):
        wall, _, peak = run_once(
            [VZCLI, "export", "--to", to, str(target), "--data", str(folder)], memory=True
        )
        out[f"export {to}"] = {"s": wall, "peak_mib": peak / 1024, "size_mib": _du(target) / 2**20}
    cases = {
        "vzcli over JSON": [
            VZCLI,
            "quotes",
            "--data",
            str(folder),
            "--actor",
            "Lavrov",
            "-f",
            "json",
        ],
        "DuckDB over Parquet": [PY, "-c", DUCK, str(pq)],
    }
    if SQLITE:
        cases["sqlite3 over SQLite"] = [SQLITE, str(db), SQL]
    answers = {name: _count(argv) for name, argv in cases.items()}
    assert len(set(answers.values())) == 1, answers
    out["answer_rows"] = answers["vzcli over JSON"]
    for name, argv in cases.items():
        walls, peaks = [], []
        for _ in range(runs):
            wall, _, peak = run_once(argv, memory=True)
            walls.append(wall)
            peaks.append(peak)
        out[name] = {"median_s": statistics.median(walls), "peak_mib": max(peaks) / 1024}
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(pq, ignore_errors=True)
    db.unlink()
    return out


def report(results: dict[str, Any]) -> str:
    lines = [
        f"{'briefs':>7} {'JSON MB':>8} {'to SQLite':>10} {'mem':>6} {'size':>7} "
        f"{'to Parquet':>11} {'mem':>6} {'size':>7}"
    ]
    for m in results["exports"]:
        s, p = m["sqlite"], m["parquet"]
        lines.append(
            f"{m['briefs']:>7,} {m['json_mib']:>8.0f} "
            f"{s['median_s']:>9.2f}s {s['peak_mib']:>5.0f}M {s['size_mib']:>6.0f}M "
            f"{p['median_s']:>10.2f}s {p['peak_mib']:>5.0f}M {p['size_mib']:>6.0f}M"
        )
    lines.append("")
    lines.append(
        f"{'briefs':>7} {'vzcli JSON':>11} {'DuckDB Parquet':>15} {'sqlite3':>8} {'rows':>8}"
    )
    for m in results["queries"]:
        sq = m.get("sqlite3 over SQLite", {}).get("median_s", float("nan"))
        lines.append(
            f"{m['briefs']:>7,} {m['vzcli over JSON']['median_s']:>10.2f}s "
            f"{m['DuckDB over Parquet']['median_s']:>14.2f}s {sq:>7.2f}s {m['answer_rows']:>8,}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--query-sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vzcli-export-bench-"))
    try:
        results: dict[str, Any] = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": platform.python_version(),
                "cpus": __import__("os").cpu_count(),
                "system": platform.platform(),
            },
            "exports": [exports(int(n), args.runs, work) for n in args.sizes.split(",") if n],
            "queries": [queries(int(n), args.runs, work) for n in args.query_sizes.split(",") if n],
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(results)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S%z")
    (args.out / f"export-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
