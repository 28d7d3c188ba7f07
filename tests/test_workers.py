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
    monkeypatch.setenv(workers.JOBS_ENV, "2")
    assert workers.jobs(workers.MIN_ITEMS - 1) == 1  # too few, whatever is asked
    assert workers.jobs(workers.MIN_ITEMS) == 2
    monkeypatch.setenv(workers.JOBS_ENV, "1")
    assert workers.jobs(10_000) == 1
    monkeypatch.setenv(workers.JOBS_ENV, "3")
    assert workers.jobs(10_000) == 3
    monkeypatch.setenv(workers.JOBS_ENV, "0")
    assert workers.jobs(10_000) == 1
    monkeypatch.setenv(workers.JOBS_ENV, "many")  # not a number: the cores are counted
    cores = len(os.sched_getaffinity(0))
    assert workers.jobs(10_000) == min(cores, workers.MAX_JOBS)


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


# --- the workers' own code, run here so that mutation testing sees it ----------


def test_a_worker_s_load_records_nothing_and_says_what_it_would_have(
    tmp_path: Path, brief_dict: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vzcli import cache
    from vzcli.store import Store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("VZCLI_NO_CACHE", raising=False)
    folder = copies(tmp_path / "b", brief_dict, 2)
    paths = sorted(str(p) for p in folder.iterdir())
    chosen = frozenset({"quotes", "links"})
    deferred = Store.of(paths)
    direct = Store.of(paths)
    assert deferred is not None
    assert direct is not None
    assert cache.enabled()
    brief_module._SHARED[0] = (chosen, deferred)
    try:
        done = brief_module._check(paths[1])
    finally:
        brief_module._SHARED[0] = (None, None)
    assert isinstance(done, brief_module.Checked)
    assert (done.name, done.id) == (paths[1], "copy-001")
    assert deferred.deferred is None  # back to recording itself
    assert deferred.entries == {}  # nothing recorded by the worker itself
    one = brief_module.load(paths[1], chosen, direct)
    assert done.indexed == one.indexed
    assert done.indexed["id"] == "copy-001"
    assert [r.path for r in done.recordings] == [paths[1]]
    taken = brief_module.taken(done, deferred)
    assert taken is done
    assert deferred.entries == direct.entries  # replayed: as if recorded here


def test_a_worker_s_error_is_sent_back_not_raised(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    from vzcli.errors import BriefInvalid, BriefUnreadable

    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    brief_module._SHARED[0] = (frozenset({"quotes"}), None)
    try:
        invalid = brief_module._check(str(bad))
        missing = brief_module._check(str(tmp_path / "none.json"))
    finally:
        brief_module._SHARED[0] = (None, None)
    assert isinstance(invalid, BriefInvalid)
    assert isinstance(missing, BriefUnreadable)
    with pytest.raises(BriefInvalid):
        brief_module.taken(invalid, None)
    good = copies(tmp_path / "g", brief_dict, 1) / "copy-000.json"
    brief_module._SHARED[0] = (None, None)
    try:
        done = brief_module._check(str(good))
    finally:
        brief_module._SHARED[0] = (None, None)
    assert isinstance(done, brief_module.Checked)
    assert done.recordings == []  # no store: nothing to record
    assert done.indexed["id"] == "copy-000"
    # Every collection read, links included: the bundled brief's two denials.
    assert len(done.indexed["denies"] or ()) == 2


def test_a_replayed_recording_is_the_record_it_stands_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vzcli.store import Recording, Store

    brief = tmp_path / "x.json"
    brief.write_text("{}", encoding="utf-8")
    info = os.stat(brief)
    made = Recording(
        str(brief),
        info,
        "d" * 64,
        frozenset({"quotes"}),
        frozenset({"links"}),
        {"source": [1, 2]},
        {"id": "x", "actors": [], "denies": None},
        info.st_ctime_ns + 3_000_000_000,
    )
    direct, replayed, deferred = (Store(tmp_path / n, {}) for n in ("a", "b", "c"))
    direct.record(
        made.path,
        made.info,
        made.brief_digest,
        made.collections,
        before=made.before,
        layout=made.layout,
        index=made.indexed,
        read_at=made.read_at,
    )
    replayed.replay(made)
    assert replayed.entries == direct.entries
    assert b"\tlinks" not in next(iter(direct.entries.values()))  # JSON, not raw
    assert b'["links","quotes"]' in next(iter(direct.entries.values()))
    assert replayed.recorded(str(brief))
    deferred.deferred = []
    deferred.replay(made)
    assert deferred.deferred == [made]
    assert deferred.entries == {}


def test_prepare_builds_the_validator_of_those_collections() -> None:
    import sys

    from vzcli import validate

    validate._adapter.cache_clear()
    with pytest.MonkeyPatch.context() as patched:
        patched.delitem(sys.modules, "vzcli.integrity")
        validate.prepare(frozenset({"quotes"}))
        assert "vzcli.integrity" in sys.modules  # imported before any worker is forked
    assert validate._adapter.cache_info().currsize == 1
    validate._adapter(frozenset({"quotes"}))
    assert validate._adapter.cache_info().hits == 1  # the one prepare built


def _ends_badly(n: int) -> int:
    if n == 2:
        raise KeyError(n)
    return n + 1


def test_a_worker_sends_each_of_its_chunks_in_turn() -> None:
    reader, writer = multiprocessing.Pipe(duplex=False)
    # Rank 1 of 2, chunks of 2: items 2-3, then 6-7.
    workers._serve(_ends_badly, list(range(8)), 2, 1, 2, writer)
    first, second = reader.recv(), reader.recv()
    assert [r for r, _ in first] == [True, False]
    assert isinstance(first[0][1], KeyError)
    assert first[1] == (False, 4)
    assert second == [(False, 7), (False, 8)]
    with pytest.raises(EOFError):  # and then it closes its end
        reader.recv()


class _Unpicklable(Exception):
    def __reduce__(self) -> Any:
        raise TypeError("no")


def _unpicklable(n: int) -> int:
    if n == 5:
        raise _Unpicklable(n)
    return n


def test_an_error_that_cannot_travel_is_sent_as_its_repr() -> None:
    reader, writer = multiprocessing.Pipe(duplex=False)
    workers._serve(_unpicklable, [4, 5], 2, 0, 1, writer)
    [ok, (raised, error)] = reader.recv()
    assert ok == (False, 4)  # the results beside it travel as they are
    assert raised
    assert isinstance(error, RuntimeError)
    assert "_Unpicklable(5)" in str(error)


def test_caught_returns_the_result_or_the_error() -> None:
    assert workers._caught(_ends_badly, 3) == (False, 4)
    raised, error = workers._caught(_ends_badly, 2)
    assert raised
    assert isinstance(error, KeyError)


def test_chunks_are_small_and_many() -> None:
    # Eight chunks a worker at least, and none over 32 items: the first results
    # come soon, and no worker runs far ahead of what is taken.
    assert workers._chunk(160, 2) == 10
    assert workers._chunk(10_000, 2) == 32
    assert workers._chunk(10, 4) == 1


def test_a_warm_run_reads_each_brief_once(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vzcli import corpus as corpus_module

    real_now = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real_now() + 60_000_000_000)
    first = ask(corpus, "2", tmp_path / "c", "quotes", "--actor", "Lavrov", "-f", "json")
    assert first.exit_code == 0
    loads: list[object] = []
    real = corpus_module.load

    def counted(where: Any, *args: Any) -> Any:
        loads.append(where)
        return real(where, *args)

    monkeypatch.setattr(corpus_module, "load", counted)
    # One process, so that every reading is counted here.
    again = ask(corpus, "1", tmp_path / "c", "quotes", "--actor", "Lavrov", "-f", "json")
    assert again.stdout == first.stdout
    # Its rows, then the catalog's source: the first pass reads none (the store's
    # index has each brief's actors and denials).
    assert len(loads) == STREAM_BRIEFS + 1


def test_a_first_run_with_workers_validates_nothing_here(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vzcli import validate

    validated: list[str] = []
    real = validate.parse

    def counted(name: str, *args: Any) -> Any:
        validated.append(name)  # in this process only: a worker's list is its own
        return real(name, *args)

    monkeypatch.setattr(validate, "parse", counted)
    alone = ask(corpus, "1", tmp_path / "alone", "quotes", "-f", "json")
    assert len(validated) == STREAM_BRIEFS  # one process: every brief, once
    validated.clear()
    spread = ask(corpus, "2", tmp_path / "spread", "quotes", "-f", "json")
    assert spread.stdout == alone.stdout
    assert validated == []  # the workers' certificates were recorded here, and used


def test_stdin_among_many_briefs_is_read_here(
    corpus: Path, tmp_path: Path, brief_dict: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    import vzcli

    piped = copy.deepcopy(brief_dict)
    piped["source"]["id"] = "from-stdin"
    # A real pipe, as a shell gives: what a worker read of it, vzcli could not.
    read_end, write_end = os.pipe()
    os.write(write_end, json.dumps(piped).encode())
    os.close(write_end)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(open(read_end, "rb")))  # noqa: SIM115
    monkeypatch.setattr(brief_module, "_STDIN", [])
    monkeypatch.setenv("VZCLI_JOBS", "2")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    rows = vzcli.open(["-", str(corpus)]).quotes(vzcli.Question(actors=["Lavrov"]))
    briefs = [row["brief"] for row in rows]
    assert "from-stdin" in briefs
    assert briefs.count("copy-000") == briefs.count("from-stdin")


def test_what_this_process_wrote_is_written_once(tmp_path: Path) -> None:
    # A worker ends by flushing its copy of this process's buffers: they are
    # flushed before the workers are forked.
    out = tmp_path / "out.txt"
    with out.open("w", encoding="utf-8") as stream:
        real = sys.stdout
        sys.stdout = stream
        try:
            print("before the workers")
            taken = []
            for n in workers.ordered(_square, range(12), 2):
                if not taken:
                    time.sleep(0.5)  # the workers finish, and end, meanwhile
                taken.append(n)
            assert taken == [n * n for n in range(12)]
        finally:
            sys.stdout = real
    assert out.read_text(encoding="utf-8") == "before the workers\n"


@pytest.mark.parametrize("closed", [True, False])
def test_a_program_that_leaves_the_workers_early_ends_at_once(tmp_path: Path, closed: bool) -> None:
    # Workers whose results are not taken wait on a full pipe: a program that stops
    # taking them, closing the iterator or not, still ends at once.
    script = tmp_path / "early.py"
    script.write_text(
        "import sys\n"
        "from vzcli import workers\n"
        "def big(n):\n"
        "    return 'x' * 100_000\n"
        "results = workers.ordered(big, range(400), 2)\n"
        "next(results)\n"
        f"{'results.close()' if closed else 'pass'}\n"
        "print('done')\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], check=False, capture_output=True, text=True, timeout=20
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "done\n", "")


def test_an_index_made_without_the_links_is_not_taken_for_denials(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # events reads no links: the store's index of each brief it certifies has no
    # denials, and quotes, which shows them, reads each brief again for them.
    # A denial across briefs: only the first pass's gathering of them can show it.
    late = corpus / "copy-150.json"
    data = json.loads(late.read_text(encoding="utf-8"))
    data["links"].append(
        {
            "id": "l-denies-across",
            "source": "r-moscow-denies-claims",
            "relation": "denies",
            "target": "copy-007:r-lavrov-catastrophe",
            "spans": [[2211, 2251]],
        }
    )
    late.write_text(json.dumps(data), encoding="utf-8")
    real_now = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real_now() + 60_000_000_000)
    fresh = ask(corpus, "1", tmp_path / "c", "quotes", "-f", "json")
    # Certified anew for events too, each brief's index is now made without links.
    assert ask(corpus, "1", tmp_path / "c", "events", "-f", "json").exit_code == 0
    after = ask(corpus, "1", tmp_path / "c", "quotes", "-f", "json")
    assert after.stdout == fresh.stdout
    denied = [r for r in json.loads(after.stdout) if r["id"] == "r-lavrov-catastrophe"]
    assert [r["denied_by"] for r in denied if r["brief"] == "copy-007"] == [
        ["copy-150:r-moscow-denies-claims"]
    ]


def _big(n: int) -> str:
    return "x" * 100_000


def test_the_workers_are_daemons() -> None:
    # So that a program leaving without closing the iterator is not kept waiting for
    # them at its exit (the subprocess test above shows it whole).
    # Results too big for a pipe's buffer: each worker waits on its next send.
    results = workers.ordered(_big, range(64), 2)
    next(results)
    try:
        children = multiprocessing.active_children()
        assert len(children) == 2
        assert all(child.daemon for child in children)
    finally:
        results.close()  # type: ignore[attr-defined]
