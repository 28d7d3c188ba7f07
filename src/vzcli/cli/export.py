"""``vzcli export``: the briefs as tables for SQL engines (see :mod:`vzcli.export`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from .app import command, errors
from .options import DataOpt, SourceOpt, SourcesOpt
from .output import say


class To(StrEnum):
    """What an export is written as."""

    SQLITE = "sqlite"
    PARQUET = "parquet"


@command()
def export(
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="The SQLite file, or the folder of Parquet datasets, to write.",
            show_default=False,
        ),
    ],
    to: Annotated[
        To,
        typer.Option(
            "--to",
            metavar="FORMAT",
            help="sqlite: one file (Datasette, sqlite-utils); parquet: a folder of "
            "datasets, one per table, by publication month (DuckDB, Spark, Polars; needs "
            "pip install 'vzcli[parquet]').",
            case_sensitive=False,
            show_default=False,
        ),
    ],
    data: DataOpt = None,
    source: SourceOpt = None,
    sources: SourcesOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace TARGET if it exists.")] = False,
) -> None:
    """Write the briefs as relational tables, for SQL: a table per collection, join
    tables for lists, spans and inferred fields, dates with their earliest and
    latest days.  docs/sql.md describes the tables and answers questions in SQL.

    TARGET is written whole or not at all (a temporary file or folder beside
    it, renamed into place), and an existing one is replaced only with
    --force.  With --source or --sources the articles' words are exported
    too, full-text indexed.  Exit status 73 when TARGET exists without
    --force; 69 for Parquet without pyarrow; 74 when it cannot be written.

    Examples:

      vzcli export --to sqlite briefs.db --data briefs/

      vzcli export --to parquet briefs-parquet --data briefs/ --force

      datasette briefs.db
    """
    from ..brief import source_path
    from ..corpus import open as open_corpus

    with errors():
        corpus = open_corpus(data, source=source_path(source), sources=sources)
        counts = corpus.export(to.value, target, force=force)
    total = sum(counts.values())
    briefs = counts["briefs"]
    say(
        f"exported {briefs:,} brief{'' if briefs == 1 else 's'}, {total:,} rows in "
        f"{len(counts)} tables to {target}"
    )
