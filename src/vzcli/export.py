"""A corpus as relational tables, for SQL engines: the schema, and its rows brief by brief.

One schema serves SQLite (:mod:`vzcli.sqlite`) and Parquet
(:mod:`vzcli.parquet`).  It is made from the brief's own schema
(:data:`vzcli.models.COLLECTIONS`), not written out again, so a field added
to a record is a column of its table:

- a table per collection, keyed by ``(brief, id)``; its scalar fields are
  columns, an enumerated value its text;
- a date (``date``, a stat's ``period``, a source's ``published``) is its
  text as written plus ``earliest`` and ``latest`` (ISO days, null where
  the interval is open) and ``precision`` (``unknown`` when undated);
- each list a record holds is a join table named ``SINGULAR_FIELD``
  (``event_participants``, ``claim_about``), one row per item with its
  ``ordinal`` in the list (0 first);
- every record's spans are rows of ``spans``, every inferred field a row
  of ``inferred`` (``record``, ``field``, ``reason``), whatever the record;
- actors are one per id across the corpus (``actors``), with what each
  brief says of them in ``actor_briefs``;
- a link's two ends are ``(source_brief, source)`` and ``(target_brief,
  target)``: a ``BRIEF:ID`` reference split, a bare id in the link's own brief.

Column types do not depend on the data (a stat's value is always REAL), so
exports of different briefs load into one table.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from .dates import PartialDate, Precision, bounds
from .models import COLLECTIONS, Brief, Collection, Ref, Source
from .pipeline import View

Value = str | int | float | None
Row = tuple[Value, ...]


class Column(NamedTuple):
    """A column: its name, its type (TEXT, INTEGER, REAL, or DATE: an ISO day, TEXT in
    SQLite, a date in Parquet), whether it may be null."""

    name: str
    type: str
    null: bool = True


class ForeignKey(NamedTuple):
    """Columns of a table that name the key of another."""

    columns: tuple[str, ...]
    table: str
    to: tuple[str, ...]


class Table(NamedTuple):
    """A table of the export: its columns, primary key, foreign keys and text to search."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign: tuple[ForeignKey, ...] = ()
    search: tuple[str, ...] = ()
    per_brief: bool = True
    """Whether each row belongs to one brief (and, in Parquet, to its publication month)."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


# --- the schema, from the brief's -------------------------------------------

_DATE_COLUMNS = (
    Column("earliest", "DATE"),
    Column("latest", "DATE"),
    Column("precision", "TEXT", null=False),
)
_ITEM = {"aliases": "alias", "categories": "category", "qualifiers": "qualifier"}
"""How one item of a list of words is called (its column in the join table)."""
_SEARCHED = ("title", "summary", "text", "hedge", "issue", "metric", "note", "reason")
"""The fields whose words the full-text index holds, where a record has them."""
_SKIPPED = ("id", "spans", "inferred", "span")
_BRIEF = Column("brief", "TEXT", null=False)
_TO_BRIEF = ForeignKey(("brief",), "briefs", ("brief",))


class _Field(NamedTuple):
    name: str
    kind: str  # "scalar", "date", "list", "enum"
    type: str
    null: bool


@functools.cache
def _fields(cls: type) -> tuple[_Field, ...]:
    """A record type's fields as the export stores them (worked out once per type:
    an export asks for every record)."""
    hints = typing.get_type_hints(cls)
    found = []
    for f in dataclasses.fields(cls):
        if f.name in _SKIPPED:
            continue
        tp = hints[f.name]
        args = typing.get_args(tp)
        union = typing.get_origin(tp) in (typing.Union, types.UnionType)
        null = union and type(None) in args
        if null:
            rest = tuple(a for a in args if a is not type(None))
            tp = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
        origin = typing.get_origin(tp)
        if tp is PartialDate:
            found.append(_Field(f.name, "date", "TEXT", null))
        elif origin is list:
            found.append(_Field(f.name, "list", "TEXT", False))
        elif isinstance(tp, type) and issubclass(tp, Enum):
            found.append(_Field(f.name, "enum", "TEXT", null))
        elif tp is int:
            found.append(_Field(f.name, "scalar", "INTEGER", null))
        elif typing.get_origin(tp) in (typing.Union, types.UnionType):  # a stat's int | float
            found.append(_Field(f.name, "scalar", "REAL", null))
        else:
            found.append(_Field(f.name, "scalar", "TEXT", null))
    return tuple(found)


@functools.cache
def _refs(collection: str) -> dict[str, Ref]:
    """A collection's references by field."""
    return {r.field: r for r in COLLECTIONS[collection].refs}


def _single(collection: str) -> str:
    return COLLECTIONS[collection].singular


def _record_table(coll: Collection) -> tuple[Table, list[Table]]:
    """A collection's table and the join tables of its lists."""
    single = coll.singular
    refs = {r.field: r for r in coll.refs}
    columns = [_BRIEF, Column("id", "TEXT", null=False)]
    foreign = [_TO_BRIEF]
    joins = []
    for f in _fields(coll.item):
        ref = refs.get(f.name)
        if f.kind == "list":
            joins.append(_join_table(single, f.name, ref))
            continue
        if coll.name == "links" and ref is not None:  # BRIEF:ID, split in two
            columns += [
                Column(f"{f.name}_brief", "TEXT", null=False),
                Column(f.name, "TEXT", False),
            ]
            continue
        columns.append(Column(f.name, f.type, f.null))
        if f.kind == "date":
            columns += _DATE_COLUMNS
        if ref is not None and ref.to == ("actors",):
            foreign.append(ForeignKey((f.name,), "actors", ("actor",)))
        elif ref is not None and len(ref.to) == 1:
            foreign.append(ForeignKey(("brief", f.name), ref.to[0], ("brief", "id")))
    table = Table(
        coll.name,
        f"one row per {single} of each brief",
        tuple(columns),
        ("brief", "id"),
        tuple(foreign),
        tuple(c.name for c in columns if c.name in _SEARCHED),
    )
    return table, joins


def _join_table(single: str, field: str, ref: Ref | None) -> Table:
    """The table of one list field: a row per item, with its place in the list."""
    # A brief's own list (its categories) has no owner but the brief.
    owner = () if single == "brief" else (Column(single, "TEXT", null=False),)
    foreign = [_TO_BRIEF]
    if single == "actor":
        foreign.append(ForeignKey(("brief", "actor"), "actor_briefs", ("brief", "actor")))
    elif owner:
        foreign.append(ForeignKey(("brief", single), f"{single}s", ("brief", "id")))
    if field in _ITEM:
        item = [Column(_ITEM[field], "TEXT", null=False)]
    else:
        to = () if ref is None else ref.to
        if len(to) == 1:
            item = [Column(_single(to[0]), "TEXT", null=False)]
            if to == ("actors",):
                foreign.append(ForeignKey((_single(to[0]),), "actors", ("actor",)))
            else:
                foreign.append(ForeignKey(("brief", _single(to[0])), to[0], ("brief", "id")))
        else:  # a claim's about: any record, named with its collection
            item = [Column("collection", "TEXT", null=False), Column("record", "TEXT", False)]
    return Table(
        f"{single}_{field}",
        f"the {field} of each {single}, one row each, in the brief's order",
        (_BRIEF, *owner, Column("ordinal", "INTEGER", null=False), *item),
        ("brief", *(c.name for c in owner), "ordinal"),
        tuple(foreign),
    )


def _source_tables() -> list[Table]:
    columns = [_BRIEF]
    for f in _fields(Source):
        if f.kind == "list":
            continue
        columns.append(Column(f.name, f.type, f.null))
        if f.kind == "date":
            columns += _DATE_COLUMNS
            columns.append(Column("published_month", "TEXT", null=False))
    briefs = Table(
        "briefs",
        "one row per brief: the article it describes",
        (*columns, Column("schema_version", "INTEGER", null=False)),
        ("brief",),
        search=("title",),
    )
    return [briefs, _join_table("brief", "categories", None)]


def _actor_tables() -> list[Table]:
    actor = COLLECTIONS["actors"]
    per_brief = [Column("brief", "TEXT", False), Column("actor", "TEXT", False)]
    per_brief += [Column(f.name, f.type, f.null) for f in _fields(actor.item) if f.kind != "list"]
    return [
        Table(
            "actors",
            "one row per actor id across the corpus, named as the first brief names it",
            (Column("actor", "TEXT", False), Column("name", "TEXT", False)),
            ("actor",),
            search=("name",),
            per_brief=False,
        ),
        Table(
            "actor_briefs",
            "what each brief says of each of its actors",
            tuple(per_brief),
            ("brief", "actor"),
            (
                _TO_BRIEF,
                ForeignKey(("actor",), "actors", ("actor",)),
                ForeignKey(("side",), "actors", ("actor",)),
            ),
        ),
        _join_table("actor", "aliases", None),
    ]


_RECORD = (Column("collection", "TEXT", False), Column("record", "TEXT", False))
"""Which record of a brief a row of ``spans`` or ``inferred`` is about (``source`` for the
brief's own source)."""

_SHARED = (
    Table(
        "spans",
        "where each record stands in its article: [span_start, span_end) in characters",
        (
            _BRIEF,
            *_RECORD,
            Column("ordinal", "INTEGER", False),
            Column("span_start", "INTEGER", False),
            Column("span_end", "INTEGER", False),
            Column("text", "TEXT"),
        ),
        ("brief", "collection", "record", "ordinal"),
        (_TO_BRIEF,),
    ),
    Table(
        "inferred",
        "each field a brief infers rather than reads in the article, with the reason",
        (
            _BRIEF,
            *_RECORD,
            Column("field", "TEXT", False),
            Column("reason", "TEXT", False),
        ),
        ("brief", "collection", "record", "field"),
        (_TO_BRIEF,),
        search=("reason",),
    ),
    Table(
        "excluded",
        "passages each brief leaves out on purpose, and why",
        (
            _BRIEF,
            Column("ordinal", "INTEGER", False),
            Column("span_start", "INTEGER", False),
            Column("span_end", "INTEGER", False),
            Column("kind", "TEXT", False),
            Column("reason", "TEXT", False),
        ),
        ("brief", "ordinal"),
        (_TO_BRIEF,),
    ),
    Table(
        "articles",
        "the text of each article given with --source or --sources",
        (_BRIEF, Column("text", "TEXT", False)),
        ("brief",),
        (_TO_BRIEF,),
        search=("text",),
    ),
)


@functools.cache
def schema() -> tuple[Table, ...]:
    """Every table of an export, in the order they are written (a key before what
    names it); made on first use from the brief's schema, then kept."""
    tables = [*_source_tables(), *_actor_tables()]
    for name, coll in COLLECTIONS.items():
        if name in ("actors", "excluded"):
            continue
        table, joins = _record_table(coll)
        tables += [table, *joins]
    return (*tables, *_SHARED)


@functools.cache
def tables() -> dict[str, Table]:
    """The tables of :func:`schema` by name."""
    return {t.name: t for t in schema()}


# --- the rows -----------------------------------------------------------------


def date_values(when: PartialDate | None) -> tuple[str | None, str | None, str | None, str]:
    """A date's columns: its text, its earliest and latest ISO days (None where open
    or undated), and its precision (``unknown`` when undated)."""
    if when is None:
        return None, None, None, Precision.UNKNOWN.value
    return (when.text, *bounds(when), when.precision.value)


def month_of(when: PartialDate | None) -> str:
    """The publication month a brief is filed under: ``YYYY-MM`` when its date falls in
    one month, else ``unknown`` (no date, only a year, or a range across months)."""
    if when is None or when.open_start or when.open_end:
        return "unknown"
    first, last = when.earliest, when.latest
    if (first.year, first.month) != (last.year, last.month):
        return "unknown"
    return f"{first.year:04d}-{first.month:02d}"


def _plain(value: object) -> Value:
    if type(value) is str or value is None:  # most values: first, and fast
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):  # never in a brief; kept out of INTEGER on purpose
        raise TypeError("a brief holds no booleans")
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"no column holds a {type(value).__name__}")


class Rows:
    """The rows of every table, made brief by brief (see :func:`rows`)."""

    def __init__(self) -> None:
        self.tables: dict[str, list[Row]] = {t.name: [] for t in schema()}
        self.actors: dict[str, str] = {}
        self.where: dict[str, str] = {}
        """The collection of each record id of the brief being added."""

    def clear(self) -> None:
        """Forget the rows made so far (once written), keeping the actors seen."""
        for rows in self.tables.values():
            rows.clear()

    def add(self, view: View) -> str:
        """Add the rows of one brief; return its publication month."""
        brief, bid = view.brief, view.id
        out = self.tables
        self.where = {rec.id: name for name, _, rec in brief.records()}
        source = brief.source
        month = month_of(source.published)
        out["briefs"].append(self._source_row(bid, brief, month))
        out["brief_categories"] += [(bid, i, c) for i, c in enumerate(source.categories)]
        self._spans(bid, "source", bid, source.spans, view.article)
        self._inferred(bid, "source", bid, source.inferred)
        self._actors(view)
        for name, coll in COLLECTIONS.items():
            if name in ("actors", "excluded"):
                continue
            records: Sequence[object] = getattr(brief, name)
            for record in records:
                self._record(bid, coll, record, view.article)
        for i, ex in enumerate(brief.excluded):
            out["excluded"].append((bid, i, ex.span[0], ex.span[1], ex.kind.value, ex.reason))
        if view.article is not None:
            out["articles"].append((bid, view.article))
        return month

    def _source_row(self, bid: str, brief: Brief, month: str) -> Row:
        source = brief.source
        values: list[Value] = [bid]
        for f in _fields(Source):
            if f.kind == "list":
                continue
            value = getattr(source, f.name)
            if f.kind == "date":
                values += date_values(value)
                values.append(month)
            else:
                values.append(_plain(value))
        values.append(brief.schema_version)
        return tuple(values)

    def _actors(self, view: View) -> None:
        bid, out = view.id, self.tables
        fields = [f for f in _fields(COLLECTIONS["actors"].item) if f.kind != "list"]
        for actor in view.brief.actors:
            if actor.id not in self.actors:
                self.actors[actor.id] = actor.name
                out["actors"].append((actor.id, actor.name))
            out["actor_briefs"].append(
                (bid, actor.id, *(_plain(getattr(actor, f.name)) for f in fields))
            )
            out["actor_aliases"] += [(bid, actor.id, i, a) for i, a in enumerate(actor.aliases)]
            self._spans(bid, "actors", actor.id, actor.spans, view.article)
            self._inferred(bid, "actors", actor.id, actor.inferred)

    def _record(self, bid: str, coll: Collection, record: object, article: str | None) -> None:
        rid: str = getattr(record, "id")  # noqa: B009 - every record type has one
        values: list[Value] = [bid, rid]
        single = coll.singular
        refs = _refs(coll.name)
        for f in _fields(coll.item):
            value = getattr(record, f.name)
            if f.kind == "list":
                self._list(bid, single, rid, f.name, value, refs.get(f.name))
            elif coll.name == "links" and f.name in refs:
                where, _, target = str(value).rpartition(":")
                values += [where or bid, target]
            elif f.kind == "date":
                values += date_values(value)
            else:
                values.append(_plain(value))
        self.tables[coll.name].append(tuple(values))
        self._spans(bid, coll.name, rid, getattr(record, "spans"), article)  # noqa: B009
        self._inferred(bid, coll.name, rid, getattr(record, "inferred"))  # noqa: B009

    def _list(
        self,
        bid: str,
        single: str,
        rid: str,
        field: str,
        items: Iterable[object],
        ref: Ref | None,
    ) -> None:
        out = self.tables[f"{single}_{field}"]
        to = () if ref is None else ref.to
        if field in _ITEM or len(to) == 1:
            out += [(bid, rid, i, _plain(item)) for i, item in enumerate(items)]
            return
        for i, item in enumerate(items):  # a claim's about: find the record's collection
            out.append((bid, rid, i, self.where.get(str(item), ""), _plain(item)))

    def _spans(
        self,
        bid: str,
        collection: str,
        rid: str,
        spans: Iterable[Sequence[int]],
        article: str | None,
    ) -> None:
        out = self.tables["spans"]
        for i, (start, end) in enumerate(spans):
            text = None if article is None else article[start:end]
            out.append((bid, collection, rid, i, start, end, text))

    def _inferred(self, bid: str, collection: str, rid: str, inferred: dict[str, str]) -> None:
        out = self.tables["inferred"]
        out += [(bid, collection, rid, k, v) for k, v in sorted(inferred.items())]


def rows(views: Iterable[View]) -> Iterator[tuple[str, Rows]]:
    """Each brief's publication month with the rows it adds (``Rows.tables``, emptied
    before the next brief: write them before asking for more)."""
    made = Rows()
    for view in views:
        made.clear()
        month = made.add(view)
        yield month, made


# --- the export ---------------------------------------------------------------

Exported = dict[str, int]
"""How many rows each table of an export holds."""

TARGETS = ("sqlite", "parquet")
"""What an export is written as: one SQLite file, or a folder of Parquet datasets."""


def export(
    views: Iterable[View], to: str, target: str | os.PathLike[str], *, force: bool = False
) -> Exported:
    """Write ``views`` as ``to`` (one of :data:`TARGETS`) at ``target``, whole or not at
    all; how many rows each table got.

    Raises :class:`~vzcli.errors.TargetExists` when ``target`` exists and not
    ``force``, :class:`~vzcli.errors.Unavailable` when Parquet is asked for
    without pyarrow, :class:`~vzcli.errors.CannotWrite` when the file system
    refuses, and whatever reading the briefs raises (nothing is written then).
    """
    from . import atomic
    from .errors import CannotWrite, TargetExists, Unavailable

    if to not in TARGETS:
        raise ValueError(f"cannot export to {to!r}: choose {' or '.join(TARGETS)}")
    path = Path(target)
    counts: Exported = {}

    def make(at: Path) -> None:
        from . import export_parquet, export_sqlite

        writer = export_sqlite if to == "sqlite" else export_parquet
        counts.update(writer.write(at, views))

    if to == "parquet":
        from .export_parquet import available

        if not available():
            raise Unavailable("parquet", ["export needs pyarrow: pip install 'vzcli[parquet]'"])
    try:
        if to == "sqlite":
            atomic.write_file(path, make, force=force)
        else:
            atomic.write_dir(path, make, force=force)
    except atomic.Exists:
        raise TargetExists(str(path), ["exists; pass --force to replace it"]) from None
    except OSError as exc:
        raise CannotWrite(str(path), [f"cannot write it: {exc.strerror or exc}"]) from None
    return counts
