"""``vzcli export``: one question answered alike by vzcli, SQLite, Datasette and DuckDB.

The SQL asked here is docs/sql.md's own (see :mod:`sqldocs`), so a wrong
predicate in the documentation fails here against vzcli's answer.  Merge
counts and conflicts are computed in SQL from the base tables, never read
from anything vzcli precomputed.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import vzcli
from sqldocs import CORPUS, DOC, EXPORT_ARGS, ROOT, queries
from vzcli.cli import app
from vzcli.dates import PartialDate
from vzcli.export import date_values, month_of, schema, tables

duckdb = pytest.importorskip("duckdb", reason="DuckDB is one of the engines compared")
pytest.importorskip("pyarrow", reason="the Parquet export needs pyarrow (vzcli[parquet])")

runner = CliRunner()
SQL = [sql for sql, _ in queries(DOC.read_text("utf-8"))]
"""docs/sql.md's queries, by their number there (SQL[0] is question 1)."""


def vz(*args: str) -> Any:
    result = runner.invoke(app, [*args, *EXPORT_ARGS[:4], "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs' corpus exported both ways into one folder: ``db.sqlite`` and ``parquet/``."""
    folder = tmp_path_factory.mktemp("export")
    for to, name in (("sqlite", "db.sqlite"), ("parquet", "parquet")):
        result = runner.invoke(app, ["export", "--to", to, str(folder / name), *EXPORT_ARGS])
        assert result.exit_code == 0, result.output
    return folder


def sqlite_rows(exported: Path, sql: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(exported / "db.sqlite")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def duck_rows(exported: Path, sql: str) -> list[tuple[Any, ...]]:
    """``sql`` run by DuckDB over the Parquet datasets, each a view named as its table."""
    con = duckdb.connect()
    for table in schema():
        glob = exported / "parquet" / table.name / "**" / "*.parquet"
        con.execute(
            f"CREATE VIEW {table.name} AS SELECT * FROM "
            f"read_parquet('{glob}', hive_partitioning = true)"
        )
    return [
        tuple(str(v) if hasattr(v, "isoformat") else v for v in r) for r in con.sql(sql).fetchall()
    ]


def datasette_rows(exported: Path, sql: str) -> list[tuple[Any, ...]]:
    """``sql`` answered by Datasette's JSON API (``--get`` needs no server)."""
    from urllib.parse import urlencode

    path = f"/db.json?{urlencode({'sql': sql, '_shape': 'arrays'})}"
    done = subprocess.run(
        [sys.executable, "-m", "datasette", str(exported / "db.sqlite"), "--get", path],
        capture_output=True,
        text=True,
        check=True,
    )
    return [tuple(r) for r in json.loads(done.stdout)["rows"]]


ENGINES: dict[str, Callable[[Path, str], list[tuple[Any, ...]]]] = {
    "sqlite": sqlite_rows,
    "datasette": datasette_rows,
    "duckdb": duck_rows,
}


@pytest.mark.parametrize("engine", ENGINES)
def test_quotes_by_actor_in_a_window_alike_everywhere(exported: Path, engine: str) -> None:
    wide = {
        (r["brief"], r["id"]) for r in vz("quotes", "--actor", "Lavrov", "--since", "2019-05-01")
    }
    strict = {
        (r["brief"], r["id"])
        for r in vz(
            "quotes",
            "--actor",
            "Lavrov",
            "--since",
            "2019-05",
            "--until",
            "2019-05",
            "--strict-window",
        )
    }
    assert len(wide) == 3
    assert len(strict) == 2
    ask = ENGINES[engine]
    assert {(r[0], r[1]) for r in ask(exported, SQL[0])} == wide
    assert {(r[0], r[1]) for r in ask(exported, SQL[1])} == strict


@pytest.mark.parametrize("engine", ENGINES)
def test_claims_by_certainty_alike_everywhere(exported: Path, engine: str) -> None:
    sql = "SELECT brief, id FROM claims WHERE certainty = 'unlikely'"
    want = {(r["brief"], r["id"]) for r in vz("claims", "--certainty", "unlikely")}
    assert want
    assert {tuple(r) for r in ENGINES[engine](exported, sql)} == want


@pytest.mark.parametrize("engine", ENGINES)
def test_merge_counts_computed_in_sql(exported: Path, engine: str) -> None:
    merged = vz("events", "--merge")
    want = {
        (min(rec for rec in r["records"]), r["n_sources"]) for r in merged if r["n_sources"] > 1
    }
    assert want == {("herald-talks:talks", 4), ("herald-talks:second-round", 2)}
    assert {tuple(r) for r in ENGINES[engine](exported, SQL[2])} == want


@pytest.mark.parametrize("engine", ENGINES)
def test_conflicts_computed_in_sql(exported: Path, engine: str) -> None:
    rows = vz("conflicts")
    by_kind: dict[str, set[frozenset[tuple[str, str]]]] = {}
    for r in rows:
        pair = frozenset({(r["brief_a"], r["record_a"]), (r["brief_b"], r["record_b"])})
        by_kind.setdefault(r["kind"], set()).add(pair)
    ask = ENGINES[engine]
    dates = {frozenset({(r[0], r[1]), (r[3], r[4])}) for r in ask(exported, SQL[5])}
    assert dates == by_kind["date"]
    assert len(dates) == 4
    figures = {frozenset({r[0], r[1]}) for r in ask(exported, SQL[4])}
    assert figures == {frozenset(b for b, _ in pair) for pair in by_kind["figure"]}
    stances = {frozenset({r[2], r[4]}) for r in ask(exported, SQL[6])}
    assert stances == {frozenset(b for b, _ in pair) for pair in by_kind["stance"]}


def test_every_doc_query_runs_in_duckdb_as_in_sqlite(exported: Path) -> None:
    def cell(value: object) -> str:
        # The order of group_concat's parts is unspecified in SQL: compared as a set.
        return "" if value is None else "|".join(sorted(re.split(r"; |,| <- ", str(value))))

    def norm(rows: list[tuple[Any, ...]]) -> list[tuple[str, ...]]:
        return sorted(tuple(cell(v) for v in r) for r in rows)

    for sql in SQL:
        if "MATCH" in sql:  # SQLite's full-text search; DuckDB has its own
            continue
        assert norm(duck_rows(exported, sql)) == norm(sqlite_rows(exported, sql)), sql


# --- the schema -----------------------------------------------------------------


def test_keys_join(exported: Path) -> None:
    db = sqlite3.connect(exported / "db.sqlite")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_column_types_do_not_depend_on_the_data(tmp_path: Path) -> None:
    def columns(db: Path) -> dict[str, list[tuple[Any, ...]]]:
        con = sqlite3.connect(db)
        return {t.name: con.execute(f"PRAGMA table_info({t.name})").fetchall() for t in schema()}

    one, many = tmp_path / "one.db", tmp_path / "many.db"
    assert runner.invoke(app, ["export", "--to", "sqlite", str(one)]).exit_code == 0
    args = ["export", "--to", "sqlite", str(many), "--data", str(CORPUS / "briefs")]
    assert runner.invoke(app, args).exit_code == 0
    assert columns(one) == columns(many)
    import pyarrow.parquet as pq

    for name in ("a", "b"):
        data = [] if name == "a" else ["--data", str(CORPUS / "briefs")]
        assert (
            runner.invoke(app, ["export", "--to", "parquet", str(tmp_path / name), *data]).exit_code
            == 0
        )
    for table in schema():
        a = {
            f.parent.name: pq.read_schema(f)
            for f in (tmp_path / "a" / table.name).rglob("*.parquet")
        }
        b = {
            f.parent.name: pq.read_schema(f)
            for f in (tmp_path / "b" / table.name).rglob("*.parquet")
        }
        assert len({str(s) for s in [*a.values(), *b.values()]}) == 1, table.name


def test_every_record_and_every_list_item_is_a_row(exported: Path) -> None:
    corpus = vzcli.open([EXPORT_ARGS[1], EXPORT_ARGS[3]])
    db = sqlite3.connect(exported / "db.sqlite")
    count = lambda t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: E731
    briefs = corpus.all_briefs
    assert count("briefs") == len(briefs) == 5
    for name in ("events", "quotes", "positions", "claims", "stats", "links", "excluded"):
        assert count(name) == sum(len(getattr(b, name)) for b in briefs), name
    assert count("actor_briefs") == sum(len(b.actors) for b in briefs)
    assert count("actors") == len({a.id for b in briefs for a in b.actors})
    assert count("event_participants") == sum(len(e.participants) for b in briefs for e in b.events)
    assert count("claim_about") == sum(len(c.about) for b in briefs for c in b.claims)
    spans = sum(len(r.spans) for b in briefs for _, _, r in b.records())
    spans += sum(len(b.source.spans) for b in briefs)
    assert count("spans") == spans
    inferred = sum(len(r.inferred) for b in briefs for _, _, r in b.records())
    assert count("inferred") == inferred + sum(len(b.source.inferred) for b in briefs)
    # with --sources, each found article and each of its spans' words
    assert count("articles") == 4
    assert (
        db.execute(
            "SELECT count(*) FROM spans s JOIN articles a ON a.brief = s.brief "
            "WHERE s.text = substr(a.text, s.span_start + 1, s.span_end - s.span_start)"
        ).fetchone()[0]
        == db.execute("SELECT count(*) FROM spans WHERE brief <> 'us-russia-venezuela'").fetchone()[
            0
        ]
    )


def test_a_link_across_briefs_is_split_into_brief_and_id(exported: Path) -> None:
    rows = sqlite_rows(
        exported,
        "SELECT source_brief, source, target_brief, target FROM links "
        "WHERE brief = 'herald-talks' AND id = 'l-talks-same-as-announced'",
    )
    assert rows == [("herald-talks", "talks", "nordpress-announce", "talks")]


def test_datasette_links_a_quote_to_its_speaker_and_searches_text(exported: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "datasette",
            str(exported / "db.sqlite"),
            "--get",
            "/db/quotes.json?_search=Iraq&_labels=on&_shape=array",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(done.stdout)
    assert [r["id"] for r in rows] == ["r-lavrov-iraq-libya"]
    assert rows[0]["speaker"] == {"value": "lavrov", "label": "Sergei Lavrov"}


def test_sqlite_utils_reads_the_tables_and_search(exported: Path) -> None:
    from sqlite_utils import Database

    db = Database(exported / "db.sqlite")
    assert db["quotes"].pks == ["brief", "id"]
    assert db["quotes"].detect_fts() == "quotes_fts"
    assert {fk.other_table for fk in db["quotes"].foreign_keys} >= {"briefs", "actors", "events"}
    assert [r["id"] for r in db["quotes"].search("Iraq")] == ["r-lavrov-iraq-libya"]


def test_dates_keep_their_text_and_gain_their_days() -> None:
    assert date_values(None) == (None, None, None, "unknown")
    assert date_values(PartialDate.parse("2019-05")) == (
        "2019-05",
        "2019-05-01",
        "2019-05-31",
        "month",
    )
    assert date_values(PartialDate.parse("../2019-05-14")) == (
        "../2019-05-14",
        None,
        "2019-05-14",
        "range",
    )
    assert date_values(PartialDate.parse("2019-04-30/..")) == (
        "2019-04-30/..",
        "2019-04-30",
        None,
        "range",
    )
    assert month_of(None) == "unknown"
    assert month_of(PartialDate.parse("2019")) == "unknown"
    assert month_of(PartialDate.parse("2019-05")) == "2019-05"
    assert month_of(PartialDate.parse("2019-05-14")) == "2019-05"
    assert month_of(PartialDate.parse("2019-05-01/2019-05-31")) == "2019-05"
    assert month_of(PartialDate.parse("2019-04-30/2019-05-14")) == "unknown"
    assert month_of(PartialDate.parse("2019-04-30/..")) == "unknown"
    assert month_of(PartialDate.parse("../2019-05-14")) == "unknown"


def test_parquet_is_partitioned_by_publication_month(exported: Path) -> None:
    folder = exported / "parquet"
    assert sorted(p.name for p in (folder / "quotes").iterdir()) == [
        "published_month=2024-03",
        "published_month=unknown",
    ]
    assert (folder / "actors" / "part-00000.parquet").is_file()  # across briefs: one file
    assert sorted(p.name for p in folder.iterdir()) == sorted(tables())
    con = duckdb.connect()
    found = con.sql(
        f"SELECT published_month, count(*) FROM read_parquet('{folder}/quotes/**/*.parquet', "
        "hive_partitioning = true) GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert found == [("2024-03", 14), ("unknown", 18)]


# --- safe and repeatable ----------------------------------------------------------


def test_the_same_corpus_gives_the_same_export(tmp_path: Path) -> None:
    for name in ("a", "b"):
        for to in ("sqlite", "parquet"):
            target = str(tmp_path / f"{name}.{to}")
            assert runner.invoke(app, ["export", "--to", to, target, *EXPORT_ARGS]).exit_code == 0
    dump = lambda p: list(sqlite3.connect(p).iterdump())  # noqa: E731
    assert dump(tmp_path / "a.sqlite") == dump(tmp_path / "b.sqlite")
    files = lambda d: {str(f.relative_to(d)): f.read_bytes() for f in d.rglob("*") if f.is_file()}  # noqa: E731
    assert files(tmp_path / "a.parquet") == files(tmp_path / "b.parquet")


@pytest.mark.parametrize("to", ["sqlite", "parquet"])
def test_an_existing_target_is_refused_without_force(tmp_path: Path, to: str) -> None:
    target = tmp_path / "out"
    target.mkdir() if to == "parquet" else target.write_text("mine")
    (target / "keep").write_text("mine") if to == "parquet" else None
    result = runner.invoke(app, ["export", "--to", to, str(target)])
    assert result.exit_code == 73
    assert result.stderr == f"vzcli: {target}: exists; pass --force to replace it\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing else left
    result = runner.invoke(app, ["export", "--to", to, str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    if to == "parquet":
        assert not (target / "keep").exists()
        assert (target / "quotes").is_dir()
    else:
        assert sqlite3.connect(target).execute("SELECT count(*) FROM quotes").fetchone() == (18,)


def test_force_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    target.write_text("old")
    target.chmod(0o640)
    assert runner.invoke(app, ["export", "--to", "sqlite", str(target), "--force"]).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o640


def test_an_unwritable_target_names_the_path_and_the_reason(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.db"
    result = runner.invoke(app, ["export", "--to", "sqlite", str(target)])
    assert result.exit_code == 74
    assert result.stderr == f"vzcli: {target}: cannot write it: No such file or directory\n"


def test_an_empty_target_is_a_usage_error() -> None:
    result = runner.invoke(app, ["export", "--to", "sqlite", ""])
    assert result.exit_code == 2
    assert "Invalid value for 'TARGET': is empty" in result.stderr


@pytest.mark.installed
def test_parquet_without_pyarrow_says_what_to_install(tmp_path: Path) -> None:
    blocker = tmp_path / "block"
    (blocker / "pyarrow").mkdir(parents=True)
    (blocker / "pyarrow" / "__init__.py").write_text("raise ImportError('no pyarrow here')\n")
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    done = subprocess.run(
        [sys.executable, "-m", "vzcli", "export", "--to", "parquet", str(tmp_path / "out")],
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 69, done.stderr
    assert done.stderr == "vzcli: parquet: export needs pyarrow: pip install 'vzcli[parquet]'\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("to", ["sqlite", "parquet"])
def test_an_interrupted_export_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, to: str
) -> None:
    from vzcli import export

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(export.Rows, "add", interrupted)
    with pytest.raises(KeyboardInterrupt):
        vzcli.open().export(to, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.installed
def test_sigint_during_an_export_leaves_no_file_at_the_target(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "briefs"
    folder.mkdir()
    data = json.loads((ROOT / "data" / "brief.json").read_text("utf-8"))
    for i in range(400):
        data["source"]["id"] = f"copy-{i:04d}"
        (folder / f"copy-{i:04d}.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    vz_bin = shutil.which("vzcli") or pytest.skip("needs the installed vzcli")
    for i, delay in enumerate((0.6, 0.3, 0.15)):
        # A cache of its own each time: every brief validated, the export slow to finish.
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / f"cache{i}")}
        proc = subprocess.Popen(
            [vz_bin, "export", "--to", "sqlite", str(out / "db"), "--data", str(folder)],
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        if proc.returncode == 130:
            assert "Traceback" not in err
            assert list(out.iterdir()) == []
            return
        assert proc.returncode == 0, err  # finished first: try an earlier moment
        (out / "db").unlink()
    pytest.fail("the export always finished before the signal")


def test_docs_sql_shows_the_current_schema_and_answers(exported: Path) -> None:
    """Every query of docs/sql.md runs, and answers what the doc shows (refresh the
    doc with ``python tests/sqldocs.py``)."""
    from sqldocs import refreshed

    text = DOC.read_text("utf-8")
    db = sqlite3.connect(exported / "db.sqlite")
    assert len(SQL) >= 10
    assert refreshed(text, db) == text


@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("2019-05-01", None),
        (None, "2019-04-30"),
        ("2019-04-30", "2019-05-13"),
        ("2019-01", "2019-01"),
    ],
)
@pytest.mark.parametrize("listing", ["events", "quotes", "claims", "stats"])
def test_earliest_and_latest_filter_a_window_as_vzcli_does(
    listing: str, since: str | None, until: str | None
) -> None:
    """A client filtering the JSON rows on ``earliest`` and ``latest`` with docs/sql.md's
    predicate keeps exactly what ``--since``/``--until`` keep, and with the strict one
    what ``--strict-window`` keeps."""
    from vzcli.selection import Window

    def ids(*window: str) -> set[str]:
        result = runner.invoke(app, [listing, *window, "-f", "json"])
        assert result.exit_code == 0, result.output
        return {r["id"] for r in json.loads(result.stdout)}

    rows = json.loads(runner.invoke(app, [listing, "-f", "json"]).stdout)
    window = Window.of(since, until)
    lo = None if window.since is None else window.since.isoformat()
    hi = None if window.until is None else window.until.isoformat()
    args = [*(["--since", since] if since else []), *(["--until", until] if until else [])]

    def may(r: dict[str, Any]) -> bool:
        if r["precision"] == "unknown":  # undated: in no window, as NULL in SQL
            return False
        return (lo is None or r["latest"] is None or r["latest"] >= lo) and (
            hi is None or r["earliest"] is None or r["earliest"] <= hi
        )

    def must(r: dict[str, Any]) -> bool:
        if r["precision"] == "unknown":
            return False
        return (lo is None or (r["earliest"] is not None and r["earliest"] >= lo)) and (
            hi is None or (r["latest"] is not None and r["latest"] <= hi)
        )

    assert {r["id"] for r in rows if may(r)} == ids(*args)
    assert {r["id"] for r in rows if must(r)} == ids(*args, "--strict-window")


def test_a_big_table_is_written_in_parts_and_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vzcli import export_parquet

    monkeypatch.setattr(export_parquet, "PART_ROWS", 5)
    counts = vzcli.open(str(CORPUS / "briefs")).export("parquet", tmp_path / "out")
    parts = sorted(p.name for p in (tmp_path / "out" / "spans").rglob("*.parquet"))
    assert len(parts) == -(-counts["spans"] // 5)  # every part full but the last
    assert parts[:2] == ["part-00000.parquet", "part-00001.parquet"]
    con = duckdb.connect()
    for table in schema():
        glob = tmp_path / "out" / table.name / "**" / "*.parquet"
        found = con.sql(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall()[0]
        assert found == (counts[table.name],), table.name
