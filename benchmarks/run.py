"""Measure vzcli's start-up and scale side by side with its peers, in one run.

Start-up, on the bundled brief, against the import floor of vzcli's own stack,
the design card's three packages (``python -c "import typer, tabulate; from
pydantic import BaseModel"``), with targets:

- ``vzcli quotes --actor Lavrov -f json``: at most 0.7x the floor;
- one Tab of bash completion (``--actor La``): at most 0.7x;
- the same query as a table: at most 0.8x.

vzcli runs with a warm validation cache (a warm-up run fills it), as every
run after the first does; the same query with ``VZCLI_NO_CACHE=1`` shows
what the first run costs.  ``--help``, ``--version`` and the equivalent jq
filter are there for scale.  Runs are interleaved round-robin, so the
machine's drift hits every command alike, and ratios are computed from
medians of the same run.

Equal work: the bundled brief with 100,000 more quotes (its only large
collection); ``vzcli quotes --actor Lavrov -f json`` against
``jq -c '[.quotes[] | select(.speaker == "lavrov")]'``: at most 0.65x jq's
wall time and 1.5x its peak memory, warm; cold (first run) is shown too.
Twice: with the synthetic short quotes of benchmarks/synth.py, and with
real-shaped ones, the bundled brief's 17 quotes replicated to 100,000
(their text, dates, spans and inferences; ids made unique per copy).

The garbage collector: vzcli turns it off for its short-lived process
(benchmarks show what that saves, start-up and at scale, with the same
entry point run with and without it).

Scale: synthetic briefs (benchmarks/synth.py) of 1k, 10k and 100k records in
every collection; the same query for vzcli and jq.  This favours vzcli
(it validates one collection where jq parses all), which is why the
equal-work row exists.

Usage: python benchmarks/run.py [--runs N] [--sizes 1000,10000,100000]
Run it with the Python of the environment where vzcli is installed.  It
prints a table and writes the numbers to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synth import make_brief, with_many_quotes, with_real_quotes  # noqa: E402

PY = sys.executable
VZCLI = str(Path(PY).parent / "vzcli")
JQ = shutil.which("jq")
# Children write and reuse bytecode caches, as an installed vzcli does.
ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("PYTHONDONTWRITEBYTECODE", "VZCLI_DATA", "VZCLI_SOURCE", "VZCLI_NO_CACHE")
}
ENV["COLUMNS"] = "100"
# A validation cache of the benchmark's own (set in main), never the user's.
ENV["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="vzcli-bench-cache-")
NO_CACHE = {"VZCLI_NO_CACHE": "1"}
COMPLETE = {
    "_VZCLI_COMPLETE": "complete_bash",
    "COMP_WORDS": "vzcli quotes --actor La",
    "COMP_CWORD": "3",
    "_VZCLI_COMPLETE_WORD": "La",
}


GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


Case = tuple[list[str], dict[str, str]]  # argv and extra environment


def run_once(
    argv: list[str], memory: bool = False, env: dict[str, str] | None = None
) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (KiB) of one run; fails loudly on a non-zero exit.

    With ``memory``, the command runs under GNU time, whose own small process
    is what forks: wait4's max RSS of a child forked from this Python would
    count this process's pages too (about 15 MiB here).
    """
    report = None
    if memory and GNU_TIME:
        report = tempfile.NamedTemporaryFile(suffix=".rss", delete=False)  # noqa: SIM115
        argv = [GNU_TIME, "-f", "%M", "-o", report.name, *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**ENV, **(env or {})}
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if code != 0:
        raise SystemExit(f"benchmark command failed ({code}): {argv}\n{err}")
    peak = usage.ru_maxrss
    if report is not None:
        peak = int(Path(report.name).read_text().split()[-1])
        Path(report.name).unlink()
    return elapsed, usage.ru_utime + usage.ru_stime, peak


def settle() -> None:
    """Write what the benchmark just wrote to disk before timing anything: the kernel
    writing hundreds of megabytes back during the timed runs would slow them, and
    not all alike."""
    if hasattr(os, "sync"):
        os.sync()


def measure(
    cases: dict[str, list[str] | Case], runs: int, memory: bool = False
) -> dict[str, dict[str, float]]:
    """Median wall time and peak memory per case, runs interleaved."""
    plain = {name: case if isinstance(case, tuple) else (case, {}) for name, case in cases.items()}
    for argv, env in plain.values():
        run_once(argv, env=env)  # warm-up: page cache, bytecode and validation caches
    times: dict[str, list[float]] = {name: [] for name in cases}
    cpus: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, list[int]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, env) in plain.items():
            t, cpu, rss = run_once(argv, memory, env)
            times[name].append(t)
            cpus[name].append(cpu)
            peaks[name].append(rss)
    return {
        name: {
            "median_s": statistics.median(times[name]),
            "min_s": min(times[name]),
            "median_cpu_s": statistics.median(cpus[name]),
            "peak_mib": max(peaks[name]) / 1024,
            "runs": len(times[name]),
        }
        for name in cases
    }


FLOOR = "import typer, tabulate; from pydantic import BaseModel"
QUERY = ["quotes", "--actor", "Lavrov", "--format", "json"]
JSON_QUERY = "vzcli quotes --actor Lavrov -f json"
TABLE_QUERY = "vzcli quotes --actor Lavrov (table)"
TAB = "one Tab of completion (--actor La)"
TARGETS = {JSON_QUERY: 0.7, TAB: 0.7, TABLE_QUERY: 0.8}
"""Start-up targets, as ratios to the import floor."""
EQUAL_WORK_TARGETS = {"wall": 0.65, "memory": 1.5}


def _entry(args: list[str], *, gc_on: bool) -> list[str]:
    """vzcli's console entry point run by ``python -c``, its garbage collector left
    on (``gc_on``) or turned off as the console script does."""
    keep = "import gc; gc.disable = lambda: None; " if gc_on else ""
    code = (
        f"import sys; {keep}sys.argv = ['vzcli', *sys.argv[1:]]; "
        "from vzcli.launch import main; main()"
    )
    return [PY, "-c", code, *args]


GC_OFF = "entry point, gc off (as shipped)"
GC_ON = "entry point, gc left on"


def startup(runs: int) -> dict[str, dict[str, float]]:
    cases: dict[str, list[str] | Case] = {
        "python -c pass": [PY, "-c", "pass"],
        "import floor (typer + tabulate + pydantic)": [PY, "-c", FLOOR],
        "import tabulate + wcwidth (a table's cost)": [PY, "-c", "import tabulate, wcwidth"],
        "Typer app, same options, no work": [PY, str(HERE / "typer_floor.py"), *QUERY],
        JSON_QUERY: [VZCLI, *QUERY],
        TABLE_QUERY: [VZCLI, *QUERY[:-2]],
        TAB: ([VZCLI], COMPLETE),
        f"{JSON_QUERY}, no cache": ([VZCLI, *QUERY], NO_CACHE),
        "vzcli --help": [VZCLI, "--help"],
        "vzcli --version": [VZCLI, "--version"],
        GC_OFF: _entry(QUERY, gc_on=False),
        GC_ON: _entry(QUERY, gc_on=True),
    }
    if JQ:
        cases["jq (same filter)"] = [
            JQ,
            '[.quotes[] | select(.speaker == "lavrov")]',
            str(ROOT / "data" / "brief.json"),
        ]
    return measure(cases, runs)


def equal_work(
    n: int, runs: int, workdir: Path, *, real: bool = False
) -> dict[str, dict[str, float]]:
    """The bundled brief with ``n`` quotes: the one query, vzcli (warm, cold) and jq.

    ``real``: its own 17 quotes replicated to ``n``; else ``n`` synthetic ones added.
    """
    base = json.loads((ROOT / "data" / "brief.json").read_text(encoding="utf-8"))
    path = workdir / f"quotes-{n}-{'real' if real else 'synthetic'}.json"
    brief = with_real_quotes(base, n) if real else with_many_quotes(base, n)
    path.write_text(json.dumps(brief, ensure_ascii=False), encoding="utf-8")
    settle()
    args = ["quotes", "--data", str(path), "--actor", "Lavrov", "--format", "json"]
    query = [VZCLI, *args]
    cases: dict[str, list[str] | Case] = {"vzcli": query}
    if real:
        cases[GC_OFF] = _entry(args, gc_on=False)
        cases[GC_ON] = _entry(args, gc_on=True)
    if JQ:
        cases["jq"] = [JQ, "-c", '[.quotes[] | select(.speaker == "lavrov")]', str(path)]
        check_same_answer({"vzcli": query, "jq": cases["jq"]})  # type: ignore[dict-item]
    out = measure(cases, runs, memory=True)
    # The first run of a brief validates it; every later run takes the cache.
    out["vzcli, cold (first run)"] = measure({"cold": (query, NO_CACHE)}, runs, memory=True)["cold"]
    out["file_mib"] = {"size": path.stat().st_size / 2**20}
    path.unlink()
    return out


def scale(sizes: list[int], runs: int, workdir: Path) -> dict[str, dict[str, dict[str, float]]]:
    out: dict[str, dict[str, dict[str, float]]] = {}
    for n in sizes:
        path = workdir / f"brief-{n}.json"
        path.write_text(json.dumps(make_brief(n)), encoding="utf-8")
        settle()
        cases: dict[str, list[str] | Case] = {
            "vzcli": [
                VZCLI,
                "quotes",
                "--data",
                str(path),
                "--actor",
                "actor-7",
                "--format",
                "json",
            ],
        }
        if JQ:
            cases["jq"] = [JQ, '[.quotes[] | select(.speaker == "actor-7")]', str(path)]
            check_same_answer(cases)  # type: ignore[arg-type]
        out[str(n)] = measure(cases, runs if n < 100_000 else max(3, runs // 3), memory=True)
        out[str(n)]["file_mib"] = {"size": path.stat().st_size / 2**20}
        path.unlink()
    return out


def check_same_answer(cases: dict[str, list[str]]) -> None:
    """Both tools must find the same quotes, or the timing compares nothing."""
    if "jq" not in cases:
        return
    answers = []
    for argv in (cases["vzcli"], cases["jq"]):
        text = subprocess.run(argv, capture_output=True, check=True, env=ENV).stdout
        answers.append(sorted(q["id"] for q in json.loads(text)))
    if answers[0] != answers[1]:
        raise SystemExit("vzcli and jq disagree on the answer; the benchmark is void")


def verdict(ratio: float, target: float) -> str:
    return f"target <= {target:.2f}x: {'met' if ratio <= target else 'NOT met'}"


def _startup_lines(st: dict[str, dict[str, float]]) -> list[str]:
    lines = ["Start-up (median of interleaved runs; vzcli with a warm validation cache)", ""]
    floor = st["import floor (typer + tabulate + pydantic)"]["median_s"]
    bare = st["python -c pass"]["median_s"]
    floor_cpu = st["import floor (typer + tabulate + pydantic)"]["median_cpu_s"]
    lines.append(
        f"{'command':<46} {'wall':>8} {'vs floor':>9} {'cpu':>8} {'vs floor':>9} {'vs pass':>8}"
    )
    for name, m in st.items():
        ratio = m["median_s"] / floor
        target = f"   {verdict(ratio, TARGETS[name])}" if name in TARGETS else ""
        lines.append(
            f"{name:<46} {m['median_s'] * 1000:>6.1f}ms {ratio:>8.2f}x "
            f"{m['median_cpu_s'] * 1000:>6.1f}ms {m['median_cpu_s'] / floor_cpu:>8.2f}x "
            f"{m['median_s'] / bare:>7.1f}x{target}"
        )
    if GC_ON in st:
        saved = 1 - st[GC_OFF]["median_s"] / st[GC_ON]["median_s"]
        lines.append(f"the garbage collector off saves {saved:.1%} of start-up")
    return lines


def report(results: dict[str, object]) -> str:
    lines: list[str] = []
    st = results["startup"]
    assert isinstance(st, dict)
    if st:
        lines += _startup_lines(st)
    for key, what in (("equal_work", "synthetic"), ("equal_work_real", "real-shaped")):
        eq = results.get(key)
        if not isinstance(eq, dict) or "jq" not in eq:
            continue
        jq = eq["jq"]
        lines += [
            "",
            f"Equal work: one collection of 100,000 {what} quotes "
            f"({eq['file_mib']['size']:.0f} MB)",
            "",
        ]
        names = ["vzcli", "vzcli, cold (first run)", "jq"]
        names += [n for n in (GC_OFF, GC_ON) if n in eq]
        for name in names:
            m = eq[name]
            wall, mem = m["median_s"] / jq["median_s"], m["peak_mib"] / jq["peak_mib"]
            line = (
                f"{name:<34} {m['median_s']:>6.2f}s {wall:>6.2f}x  "
                f"{m['peak_mib']:>6.0f}MB {mem:>6.2f}x"
            )
            if name == "vzcli":
                line += (
                    f"   wall {verdict(wall, EQUAL_WORK_TARGETS['wall'])}; "
                    f"memory {verdict(mem, EQUAL_WORK_TARGETS['memory'])}"
                )
            lines.append(line)
        if GC_ON in eq:
            saved = 1 - eq[GC_OFF]["median_s"] / eq[GC_ON]["median_s"]
            lines.append(f"the garbage collector off saves {saved:.1%} of this query's time")
    sc = results["scale"]
    assert isinstance(sc, dict)
    if sc:
        lines += ["", "Scale: quotes of one actor, as json (median)", ""]
        lines.append(
            f"{'records/coll':>12} {'file':>9} {'vzcli':>9} {'jq':>9} {'ratio':>7} "
            f"{'vzcli mem':>10} {'jq mem':>9} {'mem ratio':>9}"
        )
        for n, m in sc.items():
            v, j = m["vzcli"], m.get("jq")
            row = f"{int(n):>12,} {m['file_mib']['size']:>7.1f}MB {v['median_s']:>8.2f}s"
            if j:
                row += (
                    f" {j['median_s']:>8.2f}s {v['median_s'] / j['median_s']:>6.2f}x"
                    f" {v['peak_mib']:>8.0f}MB {j['peak_mib']:>7.0f}MB"
                    f" {v['peak_mib'] / j['peak_mib']:>8.2f}x"
                )
            lines.append(row)
        sizes = sorted(int(n) for n in sc)
        if len(sizes) >= 2:
            lo, hi = sizes[0], sizes[-1]
            dt = sc[str(hi)]["vzcli"]["median_s"] - sc[str(lo)]["vzcli"]["median_s"]
            per = dt / ((hi - lo) * 7) * 1e6  # seven collections of n records each
            lines.append("")
            lines.append(f"vzcli per record (all collections, {lo:,} -> {hi:,}): {per:.1f} us")
            results["per_record_us"] = per
    corpora = results.get("corpora")
    if isinstance(corpora, dict) and corpora:
        from corpus import report as corpus_report

        lines += corpus_report(corpora)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs per start-up command")
    parser.add_argument("--sizes", default="1000,10000,100000", help="records per collection")
    parser.add_argument("--scale-runs", type=int, default=5)
    parser.add_argument("--corpora", default="1000,10000", help="briefs per corpus (0: none)")
    parser.add_argument("--corpus-runs", type=int, default=5)
    parser.add_argument(
        "--only", default="", help="run only these parts: startup,equal,scale,corpora"
    )
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    if not Path(VZCLI).exists():
        raise SystemExit(f"no vzcli next to {PY}: run this with the venv's python")
    if not JQ:
        print("note: jq not found; its columns are left out", file=sys.stderr)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict[str, object] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "system": platform.platform(),
        },
    }
    parts = set(args.only.split(",")) if args.only else {"startup", "equal", "scale", "corpora"}
    results["startup"] = startup(args.runs) if "startup" in parts else {}
    with tempfile.TemporaryDirectory() as tmp:
        if "equal" in parts:
            results["equal_work"] = equal_work(100_000, args.scale_runs, Path(tmp))
            results["equal_work_real"] = equal_work(100_000, args.scale_runs, Path(tmp), real=True)
        results["scale"] = scale(sizes, args.scale_runs, Path(tmp)) if "scale" in parts else {}
        if "corpora" in parts:
            from corpus import measure as measure_corpus

            results["corpora"] = {
                str(n): measure_corpus(n, args.corpus_runs, Path(tmp), run_once, ENV)
                for n in (int(s) for s in args.corpora.split(",") if s and s != "0")
            }
    shutil.rmtree(ENV["XDG_CACHE_HOME"], ignore_errors=True)
    text = report(results)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    dest = args.out / f"{results['when'].replace(':', '')}.json"  # type: ignore[union-attr]
    dest.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {dest.relative_to(ROOT) if dest.is_relative_to(ROOT) else dest}")


if __name__ == "__main__":
    main()
