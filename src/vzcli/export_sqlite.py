"""An export as one SQLite file, with the standard library's ``sqlite3`` only.

It follows sqlite-utils' conventions, which Datasette reads: a primary key
on every table; a foreign key on every column that names an actor or a
brief (so Datasette links a quote to its speaker, and shows the actor's
name), and on every pair that names a record of the same brief; an index on
each foreign key; and a full-text index ``TABLE_fts`` (FTS5, an external
content table, as ``sqlite-utils enable-fts`` makes it) over each table's
texts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .export import Rows, Table, rows, schema
from .pipeline import View

_BATCH = 200
"""Briefs whose rows are inserted together: fewer calls, memory still bounded."""


_TYPES = {"TEXT": "TEXT", "INTEGER": "INTEGER", "REAL": "REAL", "DATE": "TEXT"}
"""Each column type as SQLite declares it: a day is ISO text, which sorts as dates do."""


def _q(name: str) -> str:
    """A name quoted for SQL (every name here is a plain word; quoting is for keywords)."""
    return f'"{name}"'


def create_table(table: Table) -> list[str]:
    """The statements that create ``table``, its indexes and its full-text index."""
    cols = [f"{_q(c.name)} {_TYPES[c.type]}{'' if c.null else ' NOT NULL'}" for c in table.columns]
    cols.append(f"PRIMARY KEY ({', '.join(map(_q, table.key))})")
    for fk in table.foreign:
        cols.append(
            f"FOREIGN KEY ({', '.join(map(_q, fk.columns))}) "
            f"REFERENCES {_q(fk.table)} ({', '.join(map(_q, fk.to))})"
        )
    body = ",\n  ".join(cols)
    out = [f"CREATE TABLE {_q(table.name)} (\n  {body}\n)"]
    for fk in table.foreign:
        if fk.columns != table.key[: len(fk.columns)]:  # the key's own index serves it
            name = f"idx_{table.name}_{'_'.join(fk.columns)}"
            out.append(
                f"CREATE INDEX {_q(name)} ON {_q(table.name)} ({', '.join(map(_q, fk.columns))})"
            )
    if table.search:
        searched = ", ".join(map(_q, table.search))
        out.append(
            f"CREATE VIRTUAL TABLE {_q(table.name + '_fts')} USING FTS5 "
            f"({searched}, content={_q(table.name)})"
        )
    return out


def _fill_search(db: sqlite3.Connection, table: Table) -> None:
    searched = ", ".join(map(_q, table.search))
    db.execute(
        f"INSERT INTO {_q(table.name + '_fts')} (rowid, {searched}) "
        f"SELECT rowid, {searched} FROM {_q(table.name)}"
    )


def _insert(db: sqlite3.Connection, made: dict[str, list[tuple[object, ...]]]) -> None:
    for table in schema():
        batch = made[table.name]
        if batch:
            marks = ", ".join("?" * len(table.columns))
            db.executemany(f"INSERT INTO {_q(table.name)} VALUES ({marks})", batch)
            batch.clear()


def write(path: Path, views: Iterable[View]) -> dict[str, int]:
    """Write the corpus's tables into a new SQLite file at ``path``; the rows of each.

    The file is written without a journal or syncs (it is a temporary file
    until complete, see :func:`vzcli.atomic.write_file`), in batches of
    :data:`_BATCH` briefs, so memory stays bounded however many there are.
    """
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN")
        for table in schema():
            for statement in create_table(table):
                db.execute(statement)
        pending: dict[str, list[tuple[object, ...]]] = {t.name: [] for t in schema()}
        count = dict.fromkeys(pending, 0)
        held = 0
        for _, made in rows(views):
            _gather(made, pending, count)
            held += 1
            if held == _BATCH:
                _insert(db, pending)
                held = 0
        _insert(db, pending)
        for table in schema():
            if table.search:
                _fill_search(db, table)
        db.execute("COMMIT")
        db.execute("ANALYZE")  # the query planner's statistics, as a loaded database has
    finally:
        db.close()
    return count


def _gather(
    made: Rows, pending: dict[str, list[tuple[object, ...]]], count: dict[str, int]
) -> None:
    for name, batch in made.tables.items():
        pending[name] += batch
        count[name] += len(batch)
