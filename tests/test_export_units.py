"""The export's schema and its writers, one part at a time: what the engine tests
(tests/test_export.py) take for granted."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

import vzcli
from vzcli import atomic
from vzcli.export import Rows, rows, schema, tables
from vzcli.export_sqlite import create_table

# --- the schema -------------------------------------------------------------------


def test_the_tables_are_the_documented_ones() -> None:
    assert list(tables()) == [
        "briefs",
        "brief_categories",
        "actors",
        "actor_briefs",
        "actor_aliases",
        "events",
        "event_participants",
        "event_targets",
        "event_via",
        "quotes",
        "quote_via",
        "positions",
        "position_quotes",
        "claims",
        "claim_via",
        "claim_about",
        "stats",
        "stat_qualifiers",
        "links",
        "spans",
        "inferred",
        "excluded",
        "articles",
    ]


def test_record_tables_have_their_fields_as_typed_columns() -> None:
    cols = {t: [(c.name, c.type, c.null) for c in tables()[t].columns] for t in tables()}
    assert cols["quotes"] == [
        ("brief", "TEXT", False),
        ("id", "TEXT", False),
        ("speaker", "TEXT", False),
        ("kind", "TEXT", False),
        ("text", "TEXT", False),
        ("date", "TEXT", True),
        ("earliest", "DATE", True),
        ("latest", "DATE", True),
        ("precision", "TEXT", False),
        ("setting", "TEXT", False),
        ("event", "TEXT", True),
    ]
    assert ("value", "REAL", False) in cols["stats"]  # int | float: always REAL
    assert ("period", "TEXT", True) in cols["stats"]
    assert ("length", "INTEGER", False) in cols["briefs"]
    assert ("published_month", "TEXT", False) in cols["briefs"]
    assert cols["links"][2:6] == [
        ("source_brief", "TEXT", False),
        ("source", "TEXT", False),
        ("relation", "TEXT", False),
        ("target_brief", "TEXT", False),
    ]
    assert cols["claim_about"] == [
        ("brief", "TEXT", False),
        ("claim", "TEXT", False),
        ("ordinal", "INTEGER", False),
        ("collection", "TEXT", False),
        ("record", "TEXT", False),
    ]
    assert cols["brief_categories"] == [
        ("brief", "TEXT", False),
        ("ordinal", "INTEGER", False),
        ("category", "TEXT", False),
    ]
    assert cols["actor_aliases"][-1] == ("alias", "TEXT", False)
    assert cols["stat_qualifiers"][-1] == ("qualifier", "TEXT", False)
    assert cols["event_participants"][-1] == ("actor", "TEXT", False)
    assert cols["position_quotes"][-1] == ("quote", "TEXT", False)


def test_every_key_and_foreign_key_names_real_columns() -> None:
    for table in schema():
        names = table.names
        assert len(set(names)) == len(names), table.name
        assert set(table.key) <= set(names), table.name
        assert all(not c.null for c in table.columns if c.name in table.key), table.name
        assert set(table.search) <= set(names), table.name
        for fk in table.foreign:
            assert set(fk.columns) <= set(names), (table.name, fk)
            assert fk.to == tables()[fk.table].key, (table.name, fk)  # a parent's whole key
        if table.per_brief:
            assert names[0] == "brief", table.name
            assert ("brief",) in [fk.columns for fk in table.foreign] or table.name == "briefs"
    assert not tables()["actors"].per_brief
    assert tables()["quotes"].search == ("text",)
    assert tables()["events"].search == ("title", "summary")


def test_the_sqlite_statements_declare_keys_indexes_and_search() -> None:
    made = create_table(tables()["quotes"])
    assert made[0].startswith('CREATE TABLE "quotes" (\n  "brief" TEXT NOT NULL,')
    assert '"earliest" TEXT,' in made[0]  # a day is ISO text in SQLite
    assert 'PRIMARY KEY ("brief", "id")' in made[0]
    assert 'FOREIGN KEY ("speaker") REFERENCES "actors" ("actor")' in made[0]
    assert 'FOREIGN KEY ("brief", "event") REFERENCES "events" ("brief", "id")' in made[0]
    assert 'CREATE INDEX "idx_quotes_speaker" ON "quotes" ("speaker")' in made
    assert not any("idx_quotes_brief " in s for s in made)  # the key's own index serves it
    assert made[-1] == 'CREATE VIRTUAL TABLE "quotes_fts" USING FTS5 ("text", content="quotes")'
    assert len(create_table(tables()["brief_categories"])) == 1  # no search, no extra index
    db = sqlite3.connect(":memory:")
    for table in schema():
        for statement in create_table(table):
            db.execute(statement)


# --- the rows -----------------------------------------------------------------------


def test_rows_are_made_brief_by_brief_and_emptied_between() -> None:
    corpus = vzcli.open(str(Path(__file__).parent / "fixtures" / "corpus" / "briefs"))
    seen = []
    for month, made in rows(corpus.views):
        assert isinstance(made, Rows)
        briefs = made.tables["briefs"]
        assert len(briefs) == 1  # only this brief's rows
        seen.append((briefs[0][0], month))
    assert seen == [
        ("herald-talks", "2024-03"),
        ("nordpress-announce", "2024-03"),
        ("nordpress-followup", "2024-03"),
        ("review-analysis", "2024-03"),
    ]


def test_each_bundled_row_holds_the_record_s_values() -> None:
    (month, made), *_ = rows(vzcli.open().views)
    assert month == "unknown"  # published 2019-05-14/..: no one month
    t = made.tables
    brief = t["briefs"][0]
    assert brief[0] == "us-russia-venezuela"
    assert dict(zip(tables()["briefs"].names, brief, strict=True))["published"] == "2019-05-14/.."
    quote = next(r for r in t["quotes"] if r[1] == "r-lavrov-catastrophe")
    assert quote == (
        "us-russia-venezuela",
        "r-lavrov-catastrophe",
        "lavrov",
        "reported",
        "Lavrov warned that any US attempt to use armed force in Venezuela would be a disaster.",
        "2019-04-30/2019-05-14",
        "2019-04-30",
        "2019-05-14",
        "range",
        "unspecified",
        None,
    )
    about = [r for r in t["claim_about"] if r[1] == "c-settlement-unlikely"]
    assert about
    assert all(r[3] in tables() for r in about)
    assert [r[2] for r in about] == list(range(len(about)))
    assert ("us-russia-venezuela", "source", "us-russia-venezuela") in {r[:3] for r in t["spans"]}
    assert all(r[6] is None for r in t["spans"])  # no article given: no text
    assert t["articles"] == []
    actor = next(r for r in t["actor_briefs"] if r[1] == "lavrov")
    assert actor[:4] == ("us-russia-venezuela", "lavrov", "Sergei Lavrov", "person")


def test_an_actor_is_one_row_however_many_briefs_name_it() -> None:
    here = Path(__file__).parent / "fixtures" / "corpus" / "briefs"
    made = Rows()
    total = []
    for view in vzcli.open(str(here)).views:
        made.clear()
        made.add(view)
        total += made.tables["actors"]
    ids = [a for a, _ in total]
    assert len(ids) == len(set(ids))
    assert ("volkan", "Dmitry Volkan") in total  # the first brief's spelling


# --- written whole or not at all -----------------------------------------------------


def _writes(text: str):  # type: ignore[no-untyped-def]
    def make(at: Path) -> None:
        at.write_text(text)

    return make


def test_a_file_is_written_and_nothing_else_left(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    atomic.write_file(target, _writes("new"))
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.db"]


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    target.write_text("old")
    with pytest.raises(atomic.Exists) as caught:
        atomic.write_file(target, _writes("new"))
    assert caught.value.path == target
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.db"]
    link = tmp_path / "dangling"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(atomic.Exists):
        atomic.write_file(link, _writes("new"))


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    target.write_text("old")

    def broken(at: Path) -> None:
        at.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        atomic.write_file(target, broken, force=True)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.db"]


def test_a_file_made_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "out.db"

    def racing(at: Path) -> None:
        at.write_text("mine")
        target.write_text("theirs")

    with pytest.raises(atomic.Exists):
        atomic.write_file(target, racing)
    assert target.read_text() == "theirs"
    assert os.listdir(tmp_path) == ["out.db"]


def test_force_keeps_the_replaced_file_s_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    target.write_text("old")
    target.chmod(0o600)
    atomic.write_file(target, _writes("new"), force=True)
    assert (target.read_text(), target.stat().st_mode & 0o777) == ("new", 0o600)


def _fills(at: Path) -> None:
    (at / "t").mkdir()
    (at / "t" / "part").write_text("new")


def test_a_folder_is_swapped_in_whole(tmp_path: Path) -> None:
    target = tmp_path / "out"
    old_mask = os.umask(0o022)
    try:
        atomic.write_dir(target, _fills)
    finally:
        os.umask(old_mask)
    assert (target / "t" / "part").read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o755  # as mkdir makes it, not mkdtemp's 0700
    assert os.listdir(tmp_path) == ["out"]
    with pytest.raises(atomic.Exists):
        atomic.write_dir(target, _fills)
    (target / "stale").write_text("old")
    atomic.write_dir(target, _fills, force=True)
    assert sorted(os.listdir(target)) == ["t"]
    assert os.listdir(tmp_path) == ["out"]


def test_a_failed_folder_leaves_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep").write_text("old")

    def broken(at: Path) -> None:
        (at / "half").write_text("x")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic.write_dir(target, broken, force=True)
    assert os.listdir(target) == ["keep"]
    assert os.listdir(tmp_path) == ["out"]


def test_a_file_in_the_way_of_a_folder_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("a file")
    with pytest.raises(NotADirectoryError):
        atomic.write_dir(target, _fills, force=True)
    assert target.read_text() == "a file"
    assert os.listdir(tmp_path) == ["out"]


def test_the_temporary_file_and_folder_are_beside_the_target_and_named_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash leaves ``.TARGET.*.part`` (and, mid-swap, ``.TARGET.*.old``) beside the
    target, as docs/sql.md says: never elsewhere, never under another name."""
    made: list[Path] = []

    def make_file(at: Path) -> None:
        made.append(at)
        assert not at.exists()  # made by make(), a path it is handed
        at.write_text("new")

    target = tmp_path / "out.db"
    atomic.write_file(target, make_file)
    (at,) = made
    assert at.parent == tmp_path
    assert at.name.startswith(".out.db.")
    assert at.name.endswith(".part")

    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        renames.append((Path(str(src)).name, Path(str(dst)).name))
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "replace", replace)
    folder = tmp_path / "out"
    made.clear()

    def make_dir(at: Path) -> None:
        made.append(at)
        assert at.is_dir()
        assert os.listdir(at) == []
        _fills(at)

    atomic.write_dir(folder, make_dir)
    assert made[0].parent == tmp_path
    assert made[0].name.startswith(".out.")
    assert made[0].name.endswith(".part")
    assert renames == [(made[0].name, "out")]
    renames.clear()
    atomic.write_dir(folder, make_dir, force=True)
    (old, aside), (part, new) = renames
    assert old == "out"
    assert aside.startswith(".out.")
    assert aside.endswith(".old")
    assert part.startswith(".out.")
    assert part.endswith(".part")
    assert new == "out"
    assert sorted(os.listdir(tmp_path)) == ["out", "out.db"]


def test_a_failed_swap_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep").write_text("old")
    real_replace = os.replace
    calls: list[int] = []

    def second_fails(src: object, dst: object) -> None:
        calls.append(1)
        if len(calls) == 2:  # the new folder into place
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "replace", second_fails)
    with pytest.raises(OSError, match="No space"):
        atomic.write_dir(target, _fills, force=True)
    monkeypatch.undo()
    assert os.listdir(target) == ["keep"]
    assert sorted(os.listdir(tmp_path)) == ["out"]


def test_write_text_writes_utf8_through_a_link_and_straight_into_a_device(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic.write_text(link, "é\n", force=True)
    assert link.is_symlink()
    assert real.read_bytes() == "é\n".encode()
    with pytest.raises(atomic.Exists):
        atomic.write_text(link, "again")  # without force a link's file is not replaced
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    import threading

    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic.write_text(fifo, "into a pipe")  # no --force needed: nothing is replaced
    reader.join(timeout=10)
    assert got == [b"into a pipe"]
    assert fifo.exists()
    assert sorted(os.listdir(tmp_path)) == ["fifo", "link.txt", "real.txt"]
    new = tmp_path / "new.txt"
    atomic.write_text(new, "fresh")
    assert new.read_text() == "fresh"


# --- both writers, table by table -------------------------------------------------


def _sqlite_rows(
    db: Path, table: str, columns: list[str], key: tuple[str, ...]
) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        cols = ", ".join(f'"{c}"' for c in columns)
        order = ", ".join(f'"{k}"' for k in key)
        return con.execute(f'SELECT {cols} FROM "{table}" ORDER BY {order}').fetchall()
    finally:
        con.close()


def test_sqlite_and_parquet_hold_the_same_rows_with_the_declared_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    duckdb = pytest.importorskip("duckdb")
    pq = pytest.importorskip("pyarrow.parquet")
    from vzcli import export_sqlite

    here = Path(__file__).parent / "fixtures" / "corpus" / "briefs"
    data = [str(Path(__file__).parents[1] / "data" / "brief.json"), str(here)]
    counts = vzcli.open(data).export("sqlite", tmp_path / "one.db")
    monkeypatch.setattr(export_sqlite, "_BATCH", 2)  # inserted two briefs at a time
    assert vzcli.open(data).export("sqlite", tmp_path / "two.db") == counts
    assert vzcli.open(data).export("parquet", tmp_path / "pq") == counts
    con = sqlite3.connect(tmp_path / "one.db")
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_quotes_speaker", "idx_quotes_brief_event", "idx_actor_briefs_side"} <= indexes
    assert con.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0  # ANALYZE ran
    fts = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE name LIKE '%_fts'")]
    assert "quotes_fts" in fts
    assert con.execute("SELECT count(*) FROM quotes_fts").fetchone() == (counts["quotes"],)
    con.close()
    for table in schema():
        columns = [c.name for c in table.columns if c.name != "published_month"]
        assert counts[table.name] == len(
            _sqlite_rows(tmp_path / "one.db", table.name, columns, table.key)
        )
        lite = _sqlite_rows(tmp_path / "one.db", table.name, columns, table.key)
        assert _sqlite_rows(tmp_path / "two.db", table.name, columns, table.key) == lite
        folder = tmp_path / "pq" / table.name
        files = sorted(folder.rglob("*.parquet"))
        if table.per_brief:
            assert {f.parent.name for f in files} <= {
                "published_month=2024-03",
                "published_month=unknown",
            }
            if not counts[table.name]:  # no rows: one empty file, where a query finds it
                assert [f.relative_to(folder).as_posix() for f in files] == [
                    "published_month=unknown/part-00000.parquet"
                ]
        else:
            assert [f.relative_to(folder).as_posix() for f in files] == ["part-00000.parquet"]
        arrow = pq.read_schema(files[0])
        for column in table.columns:
            if column.name == "published_month":
                continue
            field = arrow.field(column.name)
            assert field.nullable == column.null, (table.name, column.name)
            want = {"TEXT": "string", "INTEGER": "int64", "REAL": "double", "DATE": "date32[day]"}
            assert str(field.type) == want[column.type], (table.name, column.name)
        cols = ", ".join(f'"{c}"' for c in columns)
        order = ", ".join(f'"{k}"' for k in table.key)
        glob = folder / "**" / "*.parquet"
        duck = duckdb.sql(
            f"SELECT {cols} FROM read_parquet('{glob}', hive_partitioning = true) ORDER BY {order}"
        ).fetchall()
        duck = [tuple(str(v) if hasattr(v, "isoformat") else v for v in row) for row in duck]
        assert duck == lite, table.name


def test_without_pyarrow_parquet_is_not_available(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from vzcli.export_parquet import available

    assert available()
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # an import of it now fails
    assert not available()
    with pytest.raises(vzcli.BriefError) as caught:
        vzcli.open().export("parquet", "/nonexistent/never-written")
    assert caught.value.exit_code == 69
    assert caught.value.lines() == ["parquet: export needs pyarrow: pip install 'vzcli[parquet]'"]


def test_each_list_and_span_is_the_brief_s_own(tmp_path: Path) -> None:
    """Join tables and spans checked against the briefs' records, value by value (the
    engine tests compare the two writers; this compares them with the briefs)."""
    here = Path(__file__).parent / "fixtures" / "corpus" / "briefs"
    corpus = vzcli.open([str(Path(__file__).parents[1] / "data" / "brief.json"), str(here)])
    corpus.export("sqlite", tmp_path / "db")
    con = sqlite3.connect(tmp_path / "db")
    views = corpus.views
    aliases = [
        (v.id, a.id, i, alias)
        for v in views
        for a in v.brief.actors
        for i, alias in enumerate(a.aliases)
    ]
    assert con.execute("SELECT * FROM actor_aliases ORDER BY rowid").fetchall() == aliases
    categories = [(v.id, i, c) for v in views for i, c in enumerate(v.brief.source.categories)]
    assert con.execute("SELECT * FROM brief_categories ORDER BY rowid").fetchall() == categories
    excluded = [
        (v.id, i, x.span[0], x.span[1], x.kind.value, x.reason)
        for v in views
        for i, x in enumerate(v.brief.excluded)
    ]
    assert con.execute("SELECT * FROM excluded ORDER BY rowid").fetchall() == excluded
    where = {(v.id, r.id): name for v in views for name, _, r in v.brief.records()}
    about = con.execute("SELECT brief, collection, record FROM claim_about").fetchall()
    assert about
    assert all(where[(b, r)] == c for b, c, r in about)
    fts = {
        r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")
    }
    assert fts == {
        "actors_fts",
        "articles_fts",
        "briefs_fts",
        "claims_fts",
        "events_fts",
        "inferred_fts",
        "positions_fts",
        "quotes_fts",
        "stats_fts",
    }


def test_a_brief_without_a_source_id_is_named_by_its_file(
    tmp_path: Path, brief_dict: dict[str, object]
) -> None:
    source = brief_dict["source"]
    assert isinstance(source, dict)
    del source["id"]
    (tmp_path / "my-brief.json").write_text(json.dumps(brief_dict), encoding="utf-8")
    vzcli.open(str(tmp_path / "my-brief.json")).export("sqlite", tmp_path / "db")
    con = sqlite3.connect(tmp_path / "db")
    assert con.execute("SELECT brief FROM briefs").fetchall() == [("my-brief",)]
    assert con.execute("SELECT DISTINCT brief FROM quotes").fetchall() == [("my-brief",)]


def test_an_unknown_target_kind_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^cannot export to 'xml': choose sqlite or parquet$"):
        vzcli.open().export("xml", tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_atomic_refusals_name_the_target(tmp_path: Path) -> None:
    def never(at: Path) -> None:
        raise AssertionError("nothing is made when the target is in the way")

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(atomic.Exists) as caught:
        atomic.write_dir(folder, never)
    assert caught.value.path == folder
    afile = tmp_path / "out.db"
    afile.write_text("old")
    with pytest.raises(atomic.Exists) as caught:
        atomic.write_file(afile, never)
    assert caught.value.path == afile
    assert str(caught.value) == f"{afile} exists; pass --force to replace it"

    def racing(at: Path) -> None:
        _fills(at)
        (tmp_path / "late").mkdir()

    with pytest.raises(atomic.Exists) as caught:
        atomic.write_dir(tmp_path / "late", racing)
    assert caught.value.path == tmp_path / "late"

    def racing_file(at: Path) -> None:
        at.write_text("mine")
        (tmp_path / "late.db").write_text("theirs")

    with pytest.raises(atomic.Exists) as caught:
        atomic.write_file(tmp_path / "late.db", racing_file)
    assert caught.value.path == tmp_path / "late.db"
    with pytest.raises(NotADirectoryError) as refused:
        atomic.write_dir(afile, _fills, force=True)
    assert refused.value.errno == 20
    assert refused.value.strerror == "not a folder vzcli can replace"
    assert refused.value.filename == str(afile)


def test_the_old_folder_is_set_aside_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    moves: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        moves.append((Path(str(src)), Path(str(dst))))
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "replace", replace)
    atomic.write_dir(target, _fills, force=True)
    assert [dst.parent for _, dst in moves] == [tmp_path, tmp_path]
    assert [src.parent for src, _ in moves] == [tmp_path, tmp_path]


def test_the_library_export_never_replaces_by_default(tmp_path: Path) -> None:
    from vzcli.errors import TargetExists
    from vzcli.export import export

    target = tmp_path / "out.db"
    target.write_text("mine")
    with pytest.raises(TargetExists):
        export(vzcli.open().views, "sqlite", target)
    assert target.read_text() == "mine"


def test_write_text_names_the_target_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    atomic.write_text(Path("brief.json"), "{}")
    with pytest.raises(atomic.Exists) as caught:
        atomic.write_text(Path("brief.json"), "{}")
    assert caught.value.path == Path("brief.json")  # not resolved: only a link is followed


def test_a_dangling_link_is_not_followed_without_force(tmp_path: Path) -> None:
    link = tmp_path / "brief.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(atomic.Exists) as caught:
        atomic.write_text(link, "{}")
    assert caught.value.path == link
    assert not (tmp_path / "elsewhere.json").exists()
