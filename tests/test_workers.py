"""A first run over a corpus validates its briefs in worker processes: the answers,
the errors and the store are those of one process; Ctrl-C leaves no worker behind.

Speed is measured in benchmarks/ (the first run over 10,000 briefs); these tests
pin that workers change nothing but the time.
"""

from __future__ import annotations

import copy
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli import brief as brief_module
from vzcli import workers
from vzcli.cli import app
from vzcli.corpus import STREAM_BRIEFS

runner = CliRunner()


def copies(folder: Path, brief: dict[str, Any], count: int) -> Path:
    """``count`` copies of ``brief`` in ``folder``, each with an id of its own."""
    folder.mkdir()
    for i in range(count):
        data = copy.deepcopy(brief)
        data["source"]["id"] = f"copy-{i:03d}"
        (folder / f"copy-{i:03d}.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path: Path, brief_dict: dict[str, Any]) -> Path:
    """A corpus read brief by brief: its first pass is where workers validate."""
    return copies(tmp_path / "briefs", brief_dict, STREAM_BRIEFS)


@pytest.fixture
def held(tmp_path: Path, brief_dict: dict[str, Any]) -> Path:
    """A corpus held whole, with just enough briefs for workers."""
    return copies(tmp_path / "held", brief_dict, workers.MIN_ITEMS + 2)


def ask(folder: Path, jobs: str, cache: Path, *args: str) -> Any:
    env = {"VZCLI_JOBS": jobs, "XDG_CACHE_HOME": str(cache)}
    return runner.invoke(app, [*args, "--data", str(folder)], env=env)


def test_jobs_are_asked_for_only_where_they_pay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(workers.JOBS_ENV, raising=False)
    assert workers.jobs(workers.MIN_ITEMS - 1) == 1
    assert workers.jobs(workers.MIN_ITEMS) >= 1
    monkeypatch.setenv(workers.JOBS_ENV, "1")
    assert workers.jobs(10_000) == 1
    monkeypatch.setenv(workers.JOBS_ENV, "3")
    assert workers.jobs(10_000) == 3
    monkeypatch.setenv(workers.JOBS_ENV, "0")
    assert workers.jobs(10_000) == 1
    monkeypatch.setenv(workers.JOBS_ENV, "many")  # not a number: the cores are counted
    assert 1 <= workers.jobs(10_000) <= workers.MAX_JOBS


def test_a_process_with_other_threads_is_never_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setenv(workers.JOBS_ENV, "2")
    assert workers.jobs(10_000) == 2
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert workers.jobs(10_000) == 1
    finally:
        stop.set()
        other.join()


def _square(n: int) -> int:
    if n == 13:
        raise ValueError("thirteen")
    return n * n


def _dies_at_seven(n: int) -> int:
    if n == 7 and multiprocessing.parent_process() is not None:
        os._exit(9)  # a worker killed, as for memory: its item is done again here
    return n * n


def test_results_come_in_the_items_order() -> None:
    assert list(workers.ordered(_square, range(12), 2)) == [n * n for n in range(12)]


def test_an_error_is_raised_at_its_item_and_the_workers_are_stopped() -> None:
    results = workers.ordered(_square, range(200), 2)
    got = [next(results) for _ in range(13)]
    assert got == [n * n for n in range(13)]
    with pytest.raises(ValueError, match="thirteen"):
        next(results)
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_leaves_the_rest_to_this_process() -> None:
    assert list(workers.ordered(_dies_at_seven, range(40), 2)) == [n * n for n in range(40)]
    assert multiprocessing.active_children() == []


def test_closed_early_the_workers_are_stopped() -> None:
    results: Iterator[int] = workers.ordered(_square, range(12), 2)
    assert next(results) == 0
    results.close()  # type: ignore[attr-defined]
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    ("folder", "args"),
    [
        ("corpus", ["quotes", "--actor", "Lavrov", "-f", "json"]),
        ("corpus", ["claims", "-f", "csv"]),
        ("corpus", ["actors", "-f", "jsonl"]),
        ("held", ["quotes", "--merge", "-f", "json"]),
        ("held", ["links", "-f", "tsv"]),
    ],
)
def test_workers_change_no_answer_and_no_store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    folder: str,
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus = request.getfixturevalue(folder)
    made: list[int] = []
    real = workers.ordered

    def counted(*a: Any, **k: Any) -> Any:
        made.append(a[2])
        return real(*a, **k)

    monkeypatch.setattr(workers, "ordered", counted)
    # Files just written are not trusted by their stat (the store records "-"),
    # and two seconds later they are: both runs must see them alike.
    real_now = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real_now() + 60_000_000_000)
    alone = ask(corpus, "1", tmp_path / "alone", *args)
    spread = ask(corpus, "2", tmp_path / "spread", *args)
    assert made == [2]  # the second run, and only it, had workers
    assert (spread.exit_code, spread.stdout, spread.stderr) == (0, alone.stdout, "")
    assert alone.exit_code == 0
    [one] = (tmp_path / "alone" / "vzcli").glob("corpus-*.store")
    [two] = (tmp_path / "spread" / "vzcli").glob("corpus-*.store")
    # Past the signature (its own key each): the same entries, in the same order.
    assert one.read_bytes().split(b"\n", 1)[1] == two.read_bytes().split(b"\n", 1)[1]
    # And a warm run over either answers the same.
    assert ask(corpus, "2", tmp_path / "spread", *args).stdout == alone.stdout


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("invalid", "copy-040.json: quotes[0].speaker: unknown actor 'nobody'"),
        ("twin", "brief id 'copy-010' is also the id of"),
    ],
)
def test_the_first_error_in_order_is_the_one_reported(
    corpus: Path, tmp_path: Path, damage: str, expected: str
) -> None:
    late = corpus / "copy-040.json"
    data = json.loads(late.read_text(encoding="utf-8"))
    if damage == "invalid":
        data["quotes"][0]["speaker"] = "nobody"
    else:
        data["source"]["id"] = "copy-010"
    late.write_text(json.dumps(data), encoding="utf-8")
    # A later brief broken too: one process would never reach it.
    (corpus / "copy-060.json").write_text("{", encoding="utf-8")
    alone = ask(corpus, "1", tmp_path / "alone", "quotes", "-f", "json")
    assert multiprocessing.active_children() == [], "before"
    spread = ask(corpus, "2", tmp_path / "spread", "quotes", "-f", "json")
    assert alone.exit_code == spread.exit_code == 65
    assert spread.stderr == alone.stderr
    assert expected in spread.stderr
    assert "copy-060" not in spread.stderr
    assert spread.stdout == ""
    assert multiprocessing.active_children() == []


def test_the_workers_inherit_a_validator_built_once(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vzcli import validate

    monkeypatch.setenv(workers.JOBS_ENV, "2")
    validate._adapter.cache_clear()
    files = sorted(str(p) for p in corpus.iterdir())
    checked = brief_module.check_many(files, frozenset({"quotes"}), None)
    assert checked is not None
    # Built before the workers were forked, not by each of them.
    assert validate._adapter.cache_info().currsize == 1
    ids = [brief_module.taken(done, None).id for done in checked]
    assert ids == [f"copy-{i:03d}" for i in range(STREAM_BRIEFS)]


@pytest.mark.installed
def test_ctrl_c_in_a_first_run_leaves_no_worker_and_no_traceback(
    corpus: Path, tmp_path: Path
) -> None:
    # Slow the workers down so that Ctrl-C finds them working.
    slow = tmp_path / "slow.py"
    slow.write_text(
        "import time, vzcli.brief as b\n"
        "real = b._check\n"
        "def check(where):\n"
        "    time.sleep(0.2)\n"
        "    return real(where)\n"
        "b._check = check\n"
        "from vzcli.launch import main\n"
        "main()\n",
        encoding="utf-8",
    )
    env = {**os.environ, "VZCLI_JOBS": "2", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, str(slow), "quotes", "--data", str(corpus), "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    time.sleep(2.0)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends it: to the whole group
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert out == b""
    # Nothing of the group is left running.
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)
