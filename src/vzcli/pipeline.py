"""The one pipeline every listing goes through: select, build rows, add evidence, order.

A question is compiled once (:mod:`vzcli.selection`).  Then, for each
brief, a :class:`Listing` keeps the records that pass and makes each a
row; the row gains its evidence when the article is known; and the rows of
every brief are ordered and cut together (:meth:`Listing.answer`).  The
listing commands, ``positions --matrix``, ``report`` and ``show`` all take
their rows from there.  The listings themselves are declared in
:mod:`vzcli.listings`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar, cast

from .dates import PartialDate, sort_key
from .errors import QueryError
from .match import fold
from .models import Brief, Record, is_empty
from .rows import AnyRow, FieldKinds, field_kinds
from .selection import Selection
from .vocab import Relation

if TYPE_CHECKING:
    from .series import Change

Rec = TypeVar("Rec", bound=Record)
R = TypeVar("R", bound=AnyRow)


class View:
    """One brief made ready to answer from: names, records by id, relations, the article.

    Each part is computed on first use and kept, so a listing pays only for
    what it reads.
    """

    def __init__(self, brief: Brief, article: str | None = None) -> None:
        self.brief = brief
        self.article = article
        """The article's text, when the user gave it: rows then carry their evidence,
        and ``--search`` reads it too."""

    @cached_property
    def names(self) -> dict[str, str]:
        """Each actor's id with its name."""
        return {a.id: a.name for a in self.brief.actors}

    @cached_property
    def index(self) -> dict[str, Record]:
        """Every record by its id (ids are unique across a brief)."""
        return {rec.id: rec for _, _, rec in self.brief.records()}

    @cached_property
    def denials(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """``(denies, denied_by)``: for each record id, what it denies and what denies it."""
        out: dict[str, list[str]] = {}
        into: dict[str, list[str]] = {}
        for link in self.brief.links:
            if link.relation is Relation.DENIES:
                out.setdefault(link.source, []).append(link.target)
                into.setdefault(link.target, []).append(link.source)
        return out, into

    @cached_property
    def stat_order(self) -> dict[str, int]:
        """Each figure's place: in period order, the points of a series together."""
        from .series import series_order  # only the figures need it

        return series_order(self.brief.stats)

    @cached_property
    def stat_changes(self) -> dict[str, Change]:
        """Each point's change from the previous point of its series."""
        from .series import changes

        return changes(self.brief.stats)

    def evidence(self, spans: Iterable[Sequence[int]]) -> list[str]:
        """The article's text at ``spans`` (nothing without an article)."""
        if self.article is None:
            return []
        return [self.article[s:e] for s, e in spans]

    def found(self, sel: Selection, fields: Iterable[object], spans: list[tuple[int, int]]) -> bool:
        """Whether the search matches these fields (and the evidence, when there is an article)."""
        if sel.search is None:
            return True
        return sel.search.matches([*fields, *self.evidence(spans)])


class Order(NamedTuple):
    """How rows are ordered and cut: ``--sort``, ``--reverse``, ``--limit``."""

    sort: str | None = None
    reverse: bool = False
    limit: int | None = None


def _as_found(records: list[Rec], view: View) -> list[Rec]:
    return records


@dataclass(frozen=True, eq=False)
class Listing(Generic[Rec, R]):
    """One listing command, declared once: what it reads, how it tests a record,
    the row it makes, how its rows are ordered and which columns people see."""

    name: str
    """The command's name, and the collection it lists."""
    row_type: type
    """The TypedDict that is the command's JSON contract (see :mod:`vzcli.rows`)."""
    human: tuple[str, ...]
    """Default columns for table and markdown."""
    reads: tuple[str, ...] | None
    """The collections of a brief it needs validated (None: the whole brief)."""
    records: Callable[[Brief], Sequence[Rec]]
    keep: Callable[[Rec, View, Selection], bool]
    row: Callable[[Rec, View], R]
    arrange: Callable[[list[Rec], View], list[Rec]] = _as_found
    """The order rows arrive in, from the records kept."""
    by_actor: str | None = None
    """The record field ``--actor`` tests, when it is one id: a cached
    collection builds only the records that pass it."""
    default_order: str | None = None
    """The key rows arrive sorted by, which ``--reverse`` alone reverses."""
    dated: bool = True
    """Whether ``--since``/``--until`` apply (the article dates no stance, actor or link)."""

    @cached_property
    def kinds(self) -> FieldKinds:
        """Which of its row fields hold dates, closed-set values and floats."""
        return field_kinds(self.row_type)

    def fields(self, *, evidence: bool) -> list[str]:
        """Every field, in the contract's order; ``evidence`` only with an article."""
        # A TypedDict's annotations keep declaration order: the contract's key order.
        keys = list(self.row_type.__annotations__)
        return keys if evidence else [k for k in keys if k != "evidence"]

    def columns(self, requested: str | None, *, human: bool, evidence: bool) -> list[str]:
        """The fields to show: those ``--fields`` names, in its order, else the default
        columns for people (``human``) or every field for scripts."""
        valid = self.fields(evidence=evidence)
        if requested is None:
            if human:
                return [*self.human, *(["evidence"] if evidence else [])]
            return valid
        # Each field once: json keys cannot repeat, so neither may columns.
        chosen = list(dict.fromkeys(f.strip() for f in requested.split(",") if f.strip()))
        if "evidence" in chosen and not evidence:
            raise QueryError("the field evidence needs the article: pass --source ARTICLE")
        unknown = [f for f in chosen if f not in valid]
        if unknown or not chosen:
            bad = ", ".join(unknown) if unknown else repr(requested)
            raise QueryError(f"unknown field {bad} for --fields; valid: {', '.join(valid)}")
        return chosen

    def check_order(self, order: Order, *, evidence: bool) -> None:
        """Refuse a ``--sort`` key the rows do not have (a usage error)."""
        valid = self.fields(evidence=True)
        if order.sort is not None and order.sort not in valid:
            raise QueryError(f"unknown field {order.sort!r} for --sort; valid: {', '.join(valid)}")
        if order.sort == "evidence" and not evidence:
            raise QueryError("--sort evidence needs the article: pass --source ARTICLE")

    def select(self, view: View, sel: Selection) -> list[Rec]:
        """The brief's records that pass ``sel``, in the order rows arrive."""
        records: Iterable[Rec] = self.records(view.brief)
        where = getattr(records, "where", None)
        if self.by_actor is not None and sel.actor_ids is not None and where is not None:
            # Only narrows, for speed (a cached collection stays JSON until
            # read); ``keep`` still tests each record.
            records = where(self.by_actor, sel.actor_ids)
        ids = sel.ids
        kept = [r for r in records if (ids is None or r.id in ids) and self.keep(r, view, sel)]
        return self.arrange(kept, view)

    def answer(self, views: Sequence[View], sel: Selection, order: Order = Order()) -> list[R]:
        """The rows for ``sel`` over every brief, each with its evidence, ordered and cut."""
        row = self.row
        rows = [
            with_evidence(row(record, view), view)
            if view.article is not None
            else row(record, view)
            for view in views
            for record in self.select(view, sel)
        ]
        return ordered(self, rows, order)


def with_evidence(row: R, view: View) -> R:
    """``row`` with its ``evidence``, the article's words at its spans (with an article)."""
    if view.article is not None:
        # Every row type declares ``evidence: NotRequired[list[str]]`` (a test
        # holds them to it); a TypeVar cannot say so, hence the cast.
        cast("dict[str, object]", row)["evidence"] = view.evidence(row["spans"])
    return row


# --- order ----------------------------------------------------------------


def _value_key(value: object) -> tuple[int, object]:
    """Numbers by value, text folded, lists element by element.

    :func:`ordered` sets rows without a value (None, empty) apart first.  The
    ranks keep a number, a text and a list from ever being compared.
    """
    if isinstance(value, (int, float)):
        return (0, value)
    if isinstance(value, list):  # spans [[1023, 1066]] sort as numbers, not as text
        return (2, tuple(_value_key(v) for v in value))
    return (1, fold(str(value)))


def _field(row: Mapping[str, object], key: str) -> object:
    # A row's field by a name the user gave: a TypedDict takes only literal keys.
    return row[key]


def ordered(listing: Listing[Rec, R], rows: list[R], order: Order) -> list[R]:
    """Sort rows by one key (stable), optionally reversed, then cut to the limit.

    Rows with no value for the key (null or empty) come last in both
    directions, as SQL's NULLS LAST.  Rows arrive in the listing's default
    order (``date`` for events), so ``--reverse`` alone reverses that order
    and still leaves undated rows last.  A date sorts by the days it can
    mean, so ``2019-01`` precedes ``2019-04-30``.
    """
    key = order.sort or (listing.default_order if order.reverse else None)
    if key is not None:
        known = [r for r in rows if not is_empty(_field(r, key))]
        unknown = [r for r in rows if is_empty(_field(r, key))]
        if key in listing.kinds.dates:
            known.sort(
                key=lambda r: sort_key(PartialDate.parse(str(_field(r, key)))),
                reverse=order.reverse,
            )
        else:
            known.sort(key=lambda r: _value_key(_field(r, key)), reverse=order.reverse)
        rows = known + unknown
    elif order.reverse:
        rows = rows[::-1]
    if order.limit is not None:
        rows = rows[: order.limit]
    return rows
