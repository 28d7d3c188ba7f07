"""An export as a folder of Parquet datasets, one per table, written by pyarrow.

pyarrow, not DuckDB: it is the reference implementation of Parquet in
Python, writes exactly the column types the schema declares (an empty table
keeps its types), and its files read alike in DuckDB, Spark, Polars and
Trino.  It is an optional extra (``pip install 'vzcli[parquet]'``): the base
install stays small.

Each table is a folder of hive-style partitions by the brief's publication
month (``quotes/published_month=2019-05/part-0.parquet``; ``unknown`` when
the brief gives no month), so an engine reads only the months a query
asks for; ``actors``, which spans briefs, is one file (``actors/part-0.parquet``).
A table with no rows is one empty file with its columns, under
``published_month=unknown``, so that a query of it finds the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .export import SCHEMA, TABLES, Table, rows
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


def _write(folder: Path, table: Table, found: list[tuple[object, ...]]) -> None:
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
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(data, folder / "part-0.parquet")


def write(target: Path, views: Iterable[View]) -> dict[str, int]:
    """Write the corpus's tables as Parquet datasets into the new folder ``target``;
    the rows of each."""
    held: dict[str, dict[str, list[tuple[object, ...]]]] = {t.name: {} for t in SCHEMA}
    for month, made in rows(views):
        for name, found in made.tables.items():
            if found:  # a table across briefs keeps the corpus's order, in one file
                held[name].setdefault(month if TABLES[name].per_brief else "", []).extend(found)
    count = {}
    for table in SCHEMA:
        months = held[table.name]
        count[table.name] = sum(len(v) for v in months.values())
        if not table.per_brief:
            _write(target / table.name, table, months.get("", []))
            continue
        for month in sorted(months) or ["unknown"]:
            _write(target / table.name / f"{PARTITION}={month}", table, months.get(month, []))
    return count
