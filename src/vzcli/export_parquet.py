"""An export as a folder of Parquet datasets, one per table, written by pyarrow.

pyarrow, not DuckDB: it is the reference implementation of Parquet in
Python, writes exactly the column types the schema declares (an empty table
keeps its types), and its files read alike in DuckDB, Spark, Polars and
Trino.  It is an optional extra (``pip install 'vzcli[parquet]'``): the base
install stays small.

Each table is a folder of hive-style partitions by the brief's publication
month (``quotes/published_month=2019-05/part-00000.parquet``; ``unknown``
when the brief gives no month), so an engine reads only the months a query
asks for; ``actors``, which spans briefs, is not partitioned
(``actors/part-00000.parquet``).  A table with no rows is one empty file
with its columns, under ``published_month=unknown``, so that a query of it
finds the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .export import Row, Table, rows, schema, tables
from .pipeline import View

if TYPE_CHECKING:
    import pyarrow

PARTITION = "published_month"


def available() -> bool:
    """Whether pyarrow can be imported (the ``parquet`` extra)."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def _schema(table: Table) -> pyarrow.Schema:
    import pyarrow as pa

    types = {
        "TEXT": pa.string(),
        "INTEGER": pa.int64(),
        "REAL": pa.float64(),
        "DATE": pa.date32(),
    }
    return pa.schema(
        [
            pa.field(c.name, types[c.type], nullable=c.null)
            for c in table.columns
            if c.name != PARTITION  # the folder's name holds it
        ]
    )


def _day(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _write(path: Path, table: Table, found: list[Row]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema(table)
    keep = [i for i, c in enumerate(table.columns) if c.name != PARTITION]
    columns = [
        [_day(row[i]) for row in found]
        if table.columns[i].type == "DATE"
        else [row[i] for row in found]
        for i in keep
    ]
    data = pa.Table.from_arrays(
        [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
        schema=schema,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(data, path)


PART_ROWS = 100_000
"""Rows of one table and month held before they are written as a file of their own
(``part-00000.parquet``, ``part-00001.parquet``, ...): memory stays bounded however
many briefs there are, and each file is big enough to read fast."""


class _Parts:
    """The files of one export: each table's rows held by month, written a part at a time."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.held: dict[tuple[str, str], list[Row]] = {}
        self.written: dict[tuple[str, str], int] = {}
        self.count = {t.name: 0 for t in schema()}

    def add(self, name: str, month: str, found: list[Row]) -> None:
        key = (name, month)
        rows = self.held.setdefault(key, [])
        rows += found
        self.count[name] += len(found)
        while len(rows) >= PART_ROWS:  # every part full but a partition's last
            self.flush(key, rows[:PART_ROWS])
            del rows[:PART_ROWS]

    def flush(self, key: tuple[str, str], rows: list[Row]) -> None:
        name, month = key
        table = tables()[name]
        n = self.written.get(key, 0)
        folder = self.target / name
        if table.per_brief:
            folder = folder / f"{PARTITION}={month}"
        _write(folder / f"part-{n:05d}.parquet", table, rows)
        self.written[key] = n + 1

    def close(self) -> None:
        for key in sorted(self.held):
            if self.held[key]:
                self.flush(key, self.held[key])
        for table in schema():  # a table with no rows: one empty file, with its columns
            if not any(name == table.name for name, _ in self.written):
                self.flush((table.name, "unknown" if table.per_brief else ""), [])


def write(target: Path, views: Iterable[View]) -> dict[str, int]:
    """Write the corpus's tables as Parquet datasets into the new folder ``target``;
    the rows of each."""
    parts = _Parts(target)
    for month, made in rows(views):
        for name, found in made.tables.items():
            if found:  # a table across briefs keeps the corpus's order, in one file
                parts.add(name, month if tables()[name].per_brief else "", found)
    parts.close()
    return parts.count
