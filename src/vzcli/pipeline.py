"""The one pipeline every listing goes through: select, build rows, add evidence, order.

A question is compiled once (:mod:`vzcli.selection`).  Then, for each
brief, a :class:`Listing` keeps the records that pass and makes each a
row; the row gains its evidence when the article is known; and the rows of
every brief are ordered and cut together (:meth:`Listing.answer`).  The
listing commands, ``positions --matrix``, ``report`` and ``show`` all take
their rows from there.  The listings themselves are declared in
:mod:`vzcli.listings`.
"""

# Annotations are evaluated here, not left as strings (no `from __future__ import
# annotations`): typing.NamedTuple compiles each string annotation of its fields
# into a ForwardRef, a cost every command paid at start-up; a name only a type
# checker imports is quoted where it is used.
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Generic, NamedTuple, Never, TypeVar, cast

from .dates import PartialDate, sort_key
from .errors import QueryError
from .match import fold
from .models import Brief, Record, is_empty
from .rebuild import values
from .rows import AnyRow, FieldKinds, field_kinds
from .selection import Selection
from .vocab import CERTAINTY_SCALE, Relation

if TYPE_CHECKING:
    from .series import Change

Rec = TypeVar("Rec", bound=Record)
R = TypeVar("R", bound=AnyRow)

_DENIES = frozenset({Relation.DENIES.value})


class Web:
    """The briefs of a corpus as one web of records: a reference ``BRIEF:ID`` in one
    brief finds its record in another, and a relation drawn in one brief is seen
    from both ends."""

    def __init__(self) -> None:
        self.views: dict[str, View] = {}
        """The briefs held in memory, by id (all of them, unless the corpus streams)."""
        self.ids: set[str] = set()
        """Every brief of the corpus, held or not."""
        self.denies: list[tuple[str, str, str]] | None = None
        """Every ``denies`` link of the corpus as ``(brief, source, target)``, when the
        briefs are not all held (a streamed corpus gathers them first)."""
        self.evidence = False
        """Whether the user gave articles: a row of a brief whose article is missing
        then says so (``evidence`` null) rather than leaving the key out."""

    def add(self, view: "View") -> None:
        """Make ``view``'s records reachable as ``ID:…``."""
        self.views[view.id] = view
        self.ids.add(view.id)
        view.web = self

    @staticmethod
    def denies_of(brief_id: str, brief: Brief) -> list[tuple[str, str, str]]:
        """The ``denies`` links of the brief ``brief_id`` as ``(brief, source, target)``."""
        links = brief.links
        where = getattr(links, "where", None)
        if where is not None:  # a cached brief parses only its denials
            return [(brief_id, k.source, k.target) for k in where("relation", _DENIES)]
        found = values(links, "source", "relation", "target")
        return [(brief_id, s, t) for s, r, t in found if r == Relation.DENIES]

    @cached_property
    def denials(self) -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], list[str]]]:
        """``(denies, denied_by)`` by ``(brief, record)``, each reference as written from
        that record's own brief (a bare id in the same brief, ``BRIEF:ID`` across)."""
        out: dict[tuple[str, str], list[str]] = {}
        into: dict[tuple[str, str], list[str]] = {}
        found = self.denies
        if found is None:
            found = [
                link for view in self.views.values() for link in self.denies_of(view.id, view.brief)
            ]
        for brief, source, target in found:
            start, end = self.home(brief, source), self.home(brief, target)
            if start is None or end is None:
                continue  # a brief that is not loaded
            (bs, rs), (bt, rt) = start, end
            out.setdefault((bs, rs), []).append(rt if bt == bs else f"{bt}:{rt}")
            into.setdefault((bt, rt), []).append(rs if bs == bt else f"{bs}:{rs}")
        return out, into

    def home(self, brief: str, ref: str) -> tuple[str, str] | None:
        """``(brief, id)`` of a reference written in ``brief``; None when it is in a
        brief that is not loaded."""
        where, _, record_id = ref.rpartition(":")
        if not where:
            return brief, record_id
        return (where, record_id) if where in self.ids else None


class View:
    """One brief made ready to answer from: names, records by id, relations, the article.

    Each part is computed on first use and kept, so a listing pays only for
    what it reads.
    """

    def __init__(
        self,
        brief: Brief,
        article: str | None = None,
        *,
        id: str = "",
        position: int = 0,
        file: str = "",
        article_status: str | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        self.brief = brief
        self.article = article
        """The article's text, when the user gave it: rows then carry their evidence,
        and ``--search`` reads it too."""
        self.id = id or brief.source.id or "brief"
        """The brief's id in the corpus (every row's ``brief``)."""
        self.position = position
        """Its place in the corpus, as the briefs were given."""
        self.file = file
        """Where it was read from, as messages name it."""
        self.article_status = article_status
        """With ``--sources``: whether its article was found (see :mod:`vzcli.articles`)."""
        # A web of its own until a corpus adds it to one: a cycle (the view
        # holds the web that holds it), which the collector, off in a vzcli
        # process, never frees.  A corpus read brief by brief gives each view
        # it drops the corpus's web, which breaks the cycle.
        self.web = Web()
        self.web.add(self)
        if names is not None:  # known already (a corpus read brief by brief): not read again
            self.__dict__["names"] = names

    @cached_property
    def published(self) -> tuple[tuple[int, object, object], int]:
        """A sort key: by publication (undated last), then the corpus order."""
        return sort_key(self.brief.source.published), self.position

    def resolve(self, ref: str) -> "tuple[View, Record] | None":
        """The record ``ref`` names: an id of this brief, or ``BRIEF:ID`` of any brief of
        the corpus; None when that brief is not loaded."""
        where, _, record_id = ref.rpartition(":")
        view = self.web.views.get(where) if where else self
        if view is None:
            return None
        record = view.index.get(record_id)
        return None if record is None else (view, record)

    def ref(self, view: "View", record_id: str) -> str:
        """How this brief names a record of ``view``: its id, or ``BRIEF:ID`` across briefs."""
        return record_id if view is self else f"{view.id}:{record_id}"

    @cached_property
    def names(self) -> dict[str, str]:
        """Each actor's id with its name."""
        return {
            str(actor_id): str(name) for actor_id, name in values(self.brief.actors, "id", "name")
        }

    @cached_property
    def index(self) -> dict[str, Record]:
        """Every record by its id (ids are unique across a brief)."""
        return {rec.id: rec for _, _, rec in self.brief.records()}

    @cached_property
    def stat_order(self) -> dict[str, int]:
        """Each figure's place: in period order, the points of a series together."""
        from .series import series_order  # only the figures need it

        return series_order(self.brief.stats)

    @cached_property
    def stat_changes(self) -> "dict[str, Change]":
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


ARTICLE_FIELDS = frozenset({"evidence", "article"})
"""Row fields that exist only when the user gives the articles."""


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
    arrange: Callable[[Rec, View], tuple[object, ...]] | None = None
    """The key rows arrive sorted by (stably; None: as found, brief by brief).  A key,
    not a sort of records, so each brief's rows are made while it is read and the
    brief need not be kept."""
    combine: Callable[[list[R]], list[R]] | None = None
    """Rows of one thing in several briefs made one (an actor), in order of first sight."""
    by_actor: str | None = None
    """The record field ``--actor`` tests, when it is one id: a cached
    collection builds only the records that pass it."""
    default_order: str | None = None
    """The key rows arrive sorted by, which ``--reverse`` alone reverses."""
    dated: bool = True
    """Whether ``--since``/``--until`` apply (the article dates no stance, actor or link)."""
    merged_type: type | None = None
    """The row type of ``--merge`` (the row with its sources); None: rows do not merge."""

    def contract(self, *, merged: bool = False) -> type:
        """The TypedDict of the rows: merged (``--merge``) or one per record."""
        if not merged:
            return self.row_type
        if self.merged_type is None:
            raise QueryError(f"--merge is for events, quotes, claims and stats, not {self.name}")
        return self.merged_type

    @cached_property
    def kinds(self) -> FieldKinds:
        """Which of its row fields hold dates, closed-set values and floats."""
        return field_kinds(self.merged_type or self.row_type)

    def fields(self, *, evidence: bool, merged: bool = False) -> list[str]:
        """Every field, in the contract's order; those of the articles (``evidence``,
        a brief's ``article``) only when articles are given."""
        # A TypedDict's annotations keep declaration order: the contract's key order.
        keys = list(self.contract(merged=merged).__annotations__)
        return keys if evidence else [k for k in keys if k not in ARTICLE_FIELDS]

    def columns(
        self,
        requested: str | None,
        *,
        human: bool,
        evidence: bool,
        merged: bool = False,
        briefs: int = 1,
    ) -> list[str]:
        """The fields to show: those ``--fields`` names, in its order, else the default
        columns for people (``human``: with the brief when there are several briefs,
        and the sources when merged) or every field for scripts."""
        valid = self.fields(evidence=evidence, merged=merged)
        if requested is None:
            if human:
                first = valid[0]  # brief, or an actor's briefs
                brief_column = briefs > 1 and not merged and first in ("brief", "briefs")
                lead = [first] if brief_column and first not in self.human else []
                tail = ["n_sources", "sources"] if merged else []
                # The article's own column, when this listing has one: a record's
                # evidence, or whether a brief's article was found (briefs).
                own = [f for f in valid if f in ARTICLE_FIELDS] if evidence else []
                return [*lead, *self.human, *tail, *own]
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

    def check_order(self, order: Order, *, evidence: bool, merged: bool = False) -> None:
        """Refuse a ``--sort`` key the rows do not have (a usage error)."""
        valid = self.fields(evidence=True, merged=merged)
        if order.sort is not None and order.sort not in valid:
            raise QueryError(f"unknown field {order.sort!r} for --sort; valid: {', '.join(valid)}")
        if order.sort == "evidence" and not evidence:
            raise QueryError("--sort evidence needs the article: pass --source ARTICLE")
        if order.sort in ARTICLE_FIELDS and not evidence:  # a brief's article status
            raise QueryError(f"--sort {order.sort} needs the articles: pass --sources DIR")

    def select(self, view: View, sel: Selection) -> list[Rec]:
        """The brief's records that pass ``sel``, in file order."""
        records: Iterable[Rec] = self.records(view.brief)
        where = getattr(records, "where", None)
        if self.by_actor is not None and sel.actor_ids is not None and where is not None:
            # Only narrows, for speed (a cached collection stays JSON until
            # read); ``keep`` still tests each record.
            records = where(self.by_actor, sel.actor_ids)
        ids = sel.ids
        return [r for r in records if (ids is None or r.id in ids) and self.keep(r, view, sel)]

    def answer(
        self,
        views: Iterable[View],
        sel: Selection,
        order: Order = Order(),
        *,
        merged: bool = False,
    ) -> list[R]:
        """The rows for ``sel`` over every brief, each with its evidence, ordered and cut.

        ``views`` may be read once only (a streamed corpus), unless ``merged``.

        ``merged``: one row per thing several briefs hold (see :mod:`vzcli.merge`),
        each a row of :attr:`merged_type`.
        """
        self.contract(merged=merged)  # refuses --merge where rows do not merge
        row, key = self.row, self.arrange
        keyed: list[tuple[tuple[object, ...], R]] = []
        for view in views:
            evidence = view.article is not None or view.web.evidence
            for record in self.select(view, sel):
                made = with_evidence(row(record, view), view) if evidence else row(record, view)
                keyed.append(((), made) if key is None else (key(record, view), made))
        if key is not None:
            keyed.sort(key=lambda kr: kr[0])
        rows = [made for _, made in keyed]
        if self.combine is not None:
            rows = self.combine(rows)
        if merged:
            from .merge import merge

            rows = merge(rows, list(views))
        return ordered(self, rows, order)


@dataclass(frozen=True, eq=False)
class Derived(Listing[Rec, R]):
    """A listing whose rows come from the briefs taken together (the disagreements
    between them, the briefs themselves), not one per record: ``compute`` makes
    them; ordering, columns and formats are a listing's like any other."""

    compute: Callable[[Sequence[View], Selection], list[R]] | None = None

    def answer(
        self,
        views: Iterable[View],
        sel: Selection,
        order: Order = Order(),
        *,
        merged: bool = False,
    ) -> list[R]:
        """The rows ``compute`` makes of every brief, ordered and cut."""
        self.contract(merged=merged)
        assert self.compute is not None  # every Derived listing declares it
        return ordered(self, self.compute(list(views), sel), order)


def no_records(brief: Brief) -> list[Never]:
    """No records: what a :class:`Derived` listing reads through the per-record stages."""
    return []


def keeps_none(record: Record, view: View, sel: Selection) -> bool:
    """The per-record test of a :class:`Derived` listing, which has no records to test."""
    return False


def no_row(record: Record, view: View) -> Never:
    """The per-record row of a :class:`Derived` listing, which makes none."""
    raise AssertionError("a derived listing makes its rows whole")


def with_evidence(row: R, view: View) -> R:
    """``row`` with its ``evidence``, the article's words at its spans (with an article);
    spans listed per brief (an actor's) give evidence per brief."""
    if view.article is not None:
        # Every row type declares ``evidence`` (a test holds them to it); a
        # TypeVar cannot say so, hence the cast.
        # Every row made of a record has spans: a list, or (an actor's) one per brief.
        spans = cast("list[list[int]] | dict[str, list[list[int]]]", _field(row, "spans"))
        passages = (
            {brief: view.evidence(s) for brief, s in spans.items()}
            if isinstance(spans, dict)
            else view.evidence(spans)
        )
        cast("dict[str, object]", row)["evidence"] = passages
    elif view.web.evidence:
        # No article for this brief: its evidence is null, an actor's brief by brief
        # (its row gathers every brief's, whichever were found).
        listed = _field(row, "spans")
        missing = dict.fromkeys(listed) if isinstance(listed, dict) else None
        cast("dict[str, object]", row)["evidence"] = missing
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
    if isinstance(value, dict):  # an actor's spans by brief: as the spans, brief by brief
        return (2, tuple(_value_key(v) for v in value.values()))
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
        elif key == "certainty":  # along the ICD 203 scale, up to stated; not by its letters
            known.sort(
                key=lambda r: CERTAINTY_SCALE.get(str(_field(r, key)), -1), reverse=order.reverse
            )
        else:
            known.sort(key=lambda r: _value_key(_field(r, key)), reverse=order.reverse)
        rows = known + unknown
    elif order.reverse:
        rows = rows[::-1]
    if order.limit is not None:
        rows = rows[: order.limit]
    return rows
