"""The export's schema and its writers, one part at a time: what the engine tests
(tests/test_export.py) take for granted."""

from __future__ import annotations

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
        "Lavrov warned that US armed action of any kind in Venezuela would end in disaster.",
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
