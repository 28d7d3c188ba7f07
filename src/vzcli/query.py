"""Pure queries over a validated brief: filter, sort and shape records into rows.

Nothing here prints or exits.  Each command's rows are plain dicts whose keys
are declared once, as a TypedDict (the JSON contract); the CLI renders them.
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

# typing's TypedDict: vzcli.schema makes typing_extensions copies for pydantic
# (which needs those on Python < 3.12); importing typing_extensions here would
# cost every command 2 ms.
from typing import Any, NotRequired, TypedDict, TypeVar

from .match import MatchError, Search, fold, names_matching, suggestions, words
from .models import (
    Actor,
    ActorKind,
    Brief,
    Certainty,
    Claim,
    ClaimKind,
    Event,
    EventStatus,
    Link,
    Measure,
    PartialDate,
    Position,
    Precision,
    Qualifier,
    Quote,
    QuoteKind,
    Record,
    Relation,
    Setting,
    Stance,
    Stat,
)


class QueryError(ValueError):
    """A filter the brief cannot answer (an unknown actor, a bad date …)."""


# --- rows: the JSON contract of each command ------------------------------


class EventRow(TypedDict):
    """One event as ``vzcli events`` prints it."""

    id: str
    date: str | None
    precision: Precision
    title: str
    summary: str
    place: str | None
    participants: list[str]
    participant_names: list[str]
    targets: list[str]
    target_names: list[str]
    status: EventStatus
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str]]


class QuoteRow(TypedDict):
    """One quotation or piece of reported speech as ``vzcli quotes`` prints it.

    ``denies`` and ``denied_by`` are computed from the brief's ``denies`` links.
    """

    id: str
    date: str | None
    precision: Precision
    speaker: str
    speaker_name: str
    kind: QuoteKind
    setting: Setting
    text: str
    event: str | None
    denies: list[str]
    denied_by: list[str]
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str]]


class PositionRow(TypedDict):
    """One position as ``vzcli positions`` prints it."""

    id: str
    holder: str
    holder_name: str
    stance: Stance
    target: str | None
    target_name: str | None
    issue: str | None
    summary: str
    quotes: list[str]
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str]]


class ClaimRow(TypedDict):
    """One claim as ``vzcli claims`` prints it: who asserts what, and how firmly."""

    id: str
    holder: str
    holder_name: str
    kind: ClaimKind
    certainty: Certainty
    hedge: str | None
    text: str
    about: list[str]
    about_names: list[str]
    date: str | None
    precision: Precision
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str]]


class StatRow(TypedDict):
    """One figure as ``vzcli stats`` prints it; ``change`` is against the series' previous point."""

    id: str
    metric: str
    value: int | float
    unit: str
    measure: Measure
    period: str | None
    precision: Precision
    qualifiers: list[Qualifier]
    hedge: str | None
    producer: str | None
    producer_name: str | None
    series: str | None
    change: int | float | None
    change_pct: float | None
    note: str | None
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str]]


class ActorRow(TypedDict):
    """One actor as ``vzcli actors`` prints it."""

    id: str
    name: str
    kind: ActorKind
    role: str | None
    side: str | None
    side_name: str | None
    aliases: list[str]
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str]]


class LinkRow(TypedDict):
    """One relation as ``vzcli links`` prints it: an edge ``source relation target``."""

    id: str
    source: str
    relation: Relation
    target: str
    source_label: str
    target_label: str
    lag: str | None
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str]]


for _row in (EventRow, QuoteRow, PositionRow, ClaimRow, StatRow, ActorRow, LinkRow):
    # Rows have exactly their declared keys: the exported schema says so too.
    # (pydantic.with_config does this, but importing pydantic costs start-up.)
    setattr(_row, "__pydantic_config__", {"extra": "forbid"})  # noqa: B010

ROWS: dict[str, type] = {
    "events": EventRow,
    "quotes": QuoteRow,
    "positions": PositionRow,
    "claims": ClaimRow,
    "stats": StatRow,
    "actors": ActorRow,
    "links": LinkRow,
}
"""Each listing command's row type: its JSON contract, and its schema."""

SOURCE_FIELD = {
    "precision": "date",
    "participant_names": "participants",
    "target_names": "targets",
    "speaker_name": "speaker",
    "holder_name": "holder",
    "about_names": "about",
    "producer_name": "producer",
    "side_name": "side",
    "source_label": "source",
    "target_label": "target",
}
"""Row fields computed from a record field: inferred when that field is."""

HEADERS = {
    "id": "Id",
    "participants": "Participant ids",
    "participant_names": "Participants",
    "targets": "Target ids",
    "target_names": "Targets",
    "speaker": "Speaker id",
    "speaker_name": "Speaker",
    "event": "Event id",
    "holder": "Holder id",
    "holder_name": "Holder",
    "target": "Target id",
    "target_name": "Target",
    "quotes": "Quote ids",
    "about": "About ids",
    "about_names": "About",
    "producer": "Producer id",
    "producer_name": "Producer",
    "change_pct": "Change %",
    "side": "Side id",
    "side_name": "Side",
    "source": "Source id",
    "source_label": "From",
    "target_label": "To",
}
"""Column headers for people (table, markdown); json, csv and tsv keep the keys.
Where a row has a reference as an id and as a name, the name takes the plain
header and the id says it is one."""


def header(field: str) -> str:
    """The header a person reads for ``field``: ``speaker_name`` -> "Speaker"."""
    return HEADERS.get(field) or field.replace("_", " ").capitalize()


# --- text matching --------------------------------------------------------


def actor_names(actor: Actor) -> list[str]:
    """Everything a user may type for an actor: id, name and aliases."""
    return [actor.id, actor.name, *actor.aliases]


def _actor_spellings(brief: Brief) -> dict[str, list[str]]:
    return {a.id: actor_names(a) for a in brief.actors}


def resolve_actors(brief: Brief, names: Sequence[str]) -> set[str]:
    """The ids ``names`` select, each side including its members.

    Each name selects under the word rule of :mod:`vzcli.match`: an actor
    whose id, name or alias it equals, else every actor one of whose names
    it matches word by word.  ``Russia`` selects Russia and everyone on
    Russia's side; ``Lavrov`` only Lavrov.  An unknown name raises
    :class:`QueryError` with suggestions.
    """
    spellings = _actor_spellings(brief)
    selected: set[str] = set()
    for name in names:
        found = names_matching(name, spellings)
        if not found:
            raise QueryError(unknown_actor_message(name, brief))
        selected |= found
    return with_members(brief, selected)


def with_members(brief: Brief, selected: set[str]) -> set[str]:
    """``selected`` with every actor on the side of one of them, transitively."""
    selected = set(selected)
    # Members join their side, and members of members: repeat until stable
    # (one pass per level of nesting; real briefs have one or two levels).
    grew = True
    while grew:
        grew = False
        for actor in brief.actors:
            if actor.side in selected and actor.id not in selected:
                selected.add(actor.id)
                grew = True
    return selected


def unknown_actor_message(name: str, brief: Brief) -> str:
    """``unknown actor 'Lavorv'; did you mean 'Lavrov'?`` with a pointer to the list."""
    spellings: dict[str, tuple[str, str]] = {}
    for a in brief.actors:
        for n in [a.name, *a.aliases, a.id]:  # suggest as people write it, not the id
            spellings.setdefault(fold(n), (a.id, n))
    close: dict[str, str] = {}  # one spelling per actor, the closest first
    # Every close spelling is ranked, so an actor with many aliases cannot
    # crowd the next actor out of the three shown.
    candidates = [n for _, n in spellings.values()]
    for spelling in suggestions(name, candidates, limit=len(candidates)):
        actor_id, _ = spellings[fold(spelling)]
        close.setdefault(actor_id, spelling)
    hint = ""
    if close:
        shown = list(close.values())[:3]
        hint = " did you mean " + " or ".join(repr(s) for s in shown) + "?"
    return f"unknown actor {name!r};{hint} run 'vzcli actors' for the names it knows"


# --- dates ----------------------------------------------------------------


def parse_bound(text: str) -> PartialDate:
    """A ``--since``/``--until`` value: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    try:
        when = PartialDate.parse(text.strip())
    except ValueError:
        when = None
    if when is None or when.precision is Precision.RANGE:
        raise QueryError(
            f"invalid date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-05-01)"
        )
    return when


@dataclass(frozen=True)
class Window:
    """An inclusive date window; an open end is None.

    By default a record matches when any day its date may mean lies inside
    (and an undated record, which may mean any day, always matches); with
    ``strict``, only when every day it may mean does (never when undated).
    """

    since: date | None = None
    until: date | None = None
    strict: bool = False

    @classmethod
    def of(cls, since: str | None, until: str | None, *, strict: bool = False) -> "Window":
        """Parse both ends: ``--since 2019-05`` starts on 1 May, ``--until 2019-05`` ends 31 May."""
        start = parse_bound(since).earliest if since else None
        end = parse_bound(until).latest if until else None
        if start and end and start > end:
            raise QueryError(f"--since {since} is after --until {until}: nothing can match")
        return cls(start, end, strict)

    def admits(self, when: PartialDate | None) -> bool:
        """Whether a record dated ``when`` may (or, when strict, must) fall inside."""
        if when is None:
            return not self.strict
        if self.strict:
            return when.within(self.since, self.until)
        return when.overlaps(self.since, self.until)


def precision_of(when: PartialDate | None) -> Precision:
    return Precision.UNKNOWN if when is None else when.precision


def date_key(when: PartialDate | None) -> tuple[int, date, date]:
    """Sort key: by the earliest day a date can mean, then the latest; unknown dates last.

    An open start ("on or before 14 May") could be any earlier day, so it
    sorts before every date that has a known first day.
    """
    if when is None:
        return (1, date.max, date.max)
    return (0, when.earliest, when.latest)


# --- queries --------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What every command can filter on; empty means no filter."""

    actors: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    search: str | None = None
    strict_window: bool = False
    article: str | None = None
    """The article's text, when the user has it: rows then carry their
    evidence, and ``search`` looks at it too."""
    actor_ids: frozenset[str] | None = None
    """``actors`` already resolved (see :meth:`resolved`), so that several
    queries over one brief fold every actor name once, not once each."""

    def resolved(self, brief: Brief) -> "Filters":
        """These filters with ``actors`` resolved against ``brief``."""
        if not self.actors or self.actor_ids is not None:
            return self
        return replace(self, actor_ids=frozenset(resolve_actors(brief, self.actors)))


def _spans(spans: list[tuple[int, int]]) -> list[list[int]]:
    return [[s, e] for s, e in spans]


def _names(brief: Brief) -> dict[str, str]:
    return {a.id: a.name for a in brief.actors}


@dataclass(frozen=True)
class _Selection:
    """Filters made ready to test records: resolved actors, a window, a search."""

    actor_ids: set[str] | None
    window: Window
    search: Search | None
    article: str | None

    def text_ok(self, fields: Iterable[object], spans: Sequence[tuple[int, int]]) -> bool:
        """Whether the search matches these fields (and the evidence, when there is an article)."""
        if self.search is None:
            return True
        return self.search.matches([*fields, *self.evidence(spans)])

    def evidence(self, spans: Sequence[tuple[int, int]] | Sequence[list[int]]) -> list[str]:
        """The article's text at ``spans`` (nothing without an article)."""
        if self.article is None:
            return []
        return [self.article[s:e] for s, e in spans]

    def finish(self, row: Any, spans: Sequence[tuple[int, int]]) -> Any:
        """The row, with its evidence when there is an article."""
        if self.article is not None:
            row["evidence"] = self.evidence(spans)
        return row


def _select(brief: Brief, filters: Filters) -> _Selection:
    actor_ids = set(filters.resolved(brief).actor_ids or ()) if filters.actors else None
    window = Window.of(filters.since, filters.until, strict=filters.strict_window)
    try:
        search = Search.parse(filters.search) if filters.search else None
    except MatchError as exc:
        raise QueryError(str(exc)) from None
    return _Selection(actor_ids, window, search, filters.article)


R = TypeVar("R")


def _candidates(records: Sequence[R], field: str, wanted: set[str] | None) -> Iterable[R]:
    """The records whose ``field`` may be in ``wanted`` (all, without a filter).

    A collection read from the validation cache is still JSON
    (:class:`vzcli.models.LazyRecords`): it filters before building records,
    so Lavrov's quotes among a hundred thousand cost a few thousand objects.
    Callers still test each record: this only narrows.
    """
    where = getattr(records, "where", None)
    if wanted is None or where is None:
        return records
    found: Iterable[R] = where(field, wanted)
    return found


def _date(when: PartialDate | None) -> str | None:
    return None if when is None else when.text


def label(record: Record, names: Mapping[str, str]) -> str:
    """A record as a person names it: an actor's name, an event's title, who said what."""
    if isinstance(record, Actor):
        return record.name
    if isinstance(record, Event):
        return record.title
    if isinstance(record, Quote):
        if record.kind is QuoteKind.DIRECT:
            return f"{names[record.speaker]}: “{record.text}”"
        return f"{names[record.speaker]} (reported): {record.text}"
    if isinstance(record, Claim):
        return f"{names[record.holder]} ({record.kind.value}): {record.text}"
    if isinstance(record, Stat):
        return f"{record.metric}: {record.value:,} {record.unit}"
    if isinstance(record, Position):
        towards = names[record.target] if record.target else record.issue
        return f"{names[record.holder]} {record.stance.value.replace('_', ' ')} {towards}"
    return f"{record.source} {record.relation.value} {record.target}"


def index(brief: Brief) -> dict[str, Record]:
    """Every record by its id (ids are unique across a brief)."""
    return {rec.id: rec for _, _, rec in brief.records()}


def actors_of(record: Record) -> set[str]:
    """The actors a record belongs to: itself, its speaker or holder, its participants."""
    if isinstance(record, Actor):
        return {record.id}
    if isinstance(record, Quote):
        return {record.speaker}
    if isinstance(record, (Claim, Position)):
        return {record.holder}
    if isinstance(record, Event):
        return {*record.participants, *record.targets}
    if isinstance(record, Stat):
        return {record.producer} if record.producer else set()
    return set()


def events(brief: Brief, filters: Filters = Filters()) -> list[EventRow]:
    """Events a participant or target of which is selected, in date order."""
    sel = _select(brief, filters)
    names = _names(brief)
    matches = [
        e
        for e in brief.events
        if (
            sel.actor_ids is None
            or not sel.actor_ids.isdisjoint(e.participants)
            or not sel.actor_ids.isdisjoint(e.targets)
        )
        and sel.window.admits(e.date)
        and sel.text_ok(
            [
                e.title,
                e.summary,
                e.place,
                [names[p] for p in e.participants],
                [names[t] for t in e.targets],
            ],
            e.spans,
        )
    ]
    matches.sort(key=lambda e: (date_key(e.date), e.spans[0][0]))  # sort only what matched
    return [
        sel.finish(
            {
                "id": e.id,
                "date": _date(e.date),
                "precision": precision_of(e.date),
                "title": e.title,
                "summary": e.summary,
                "place": e.place,
                "participants": list(e.participants),
                "participant_names": [names[p] for p in e.participants],
                "targets": list(e.targets),
                "target_names": [names[t] for t in e.targets],
                "status": e.status,
                "spans": _spans(e.spans),
                "inferred": dict(e.inferred),
            },
            e.spans,
        )
        for e in matches
    ]


def _relation(
    brief: Brief, relation: Relation
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``(out, in)``: for each record id, the targets it has and the sources it gets."""
    out: dict[str, list[str]] = {}
    into: dict[str, list[str]] = {}
    for link in brief.links:
        if link.relation is relation:
            out.setdefault(link.source, []).append(link.target)
            into.setdefault(link.target, []).append(link.source)
    return out, into


def quotes(brief: Brief, filters: Filters = Filters()) -> list[QuoteRow]:
    """Quotes whose speaker is selected, in date order, then article order."""
    sel = _select(brief, filters)
    names = _names(brief)
    denies, denied_by = _relation(brief, Relation.DENIES)
    matches = [
        q
        for q in _candidates(brief.quotes, "speaker", sel.actor_ids)
        if (sel.actor_ids is None or q.speaker in sel.actor_ids)
        and sel.window.admits(q.date)
        and sel.text_ok([q.text, names[q.speaker]], q.spans)
    ]
    matches.sort(key=lambda q: (date_key(q.date), q.spans[0][0]))  # sort only what matched
    return [
        sel.finish(
            {
                "id": q.id,
                "date": _date(q.date),
                "precision": precision_of(q.date),
                "speaker": q.speaker,
                "speaker_name": names[q.speaker],
                "kind": q.kind,
                "setting": q.setting,
                "text": q.text,
                "event": q.event,
                "denies": denies.get(q.id, []),
                "denied_by": denied_by.get(q.id, []),
                "spans": _spans(q.spans),
                "inferred": dict(q.inferred),
            },
            q.spans,
        )
        for q in matches
    ]


def positions(
    brief: Brief,
    filters: Filters = Filters(),
    *,
    on: Sequence[str] = (),
    stances: Sequence[str] = (),
) -> list[PositionRow]:
    """Positions whose holder is selected, towards ``on`` (an actor, or words of the issue).

    Each ``on`` value selects positions towards the actors it names (a side
    with its members, as with ``--actor``) and positions whose issue it
    matches, under one word rule.  Dates do not apply: the article gives
    none for a stance.
    """
    sel = _select(brief, filters)
    names = _names(brief)
    targets = _targets(brief, on)
    rows: list[PositionRow] = []
    for p in _candidates(brief.positions, "holder", sel.actor_ids):
        if sel.actor_ids is not None and p.holder not in sel.actor_ids:
            continue
        if stances and p.stance.value not in stances:
            continue
        if targets is not None and not targets(p):
            continue
        target_name = names[p.target] if p.target else None
        if not sel.text_ok([p.summary, p.issue, names[p.holder], target_name], p.spans):
            continue
        row: PositionRow = {
            "id": p.id,
            "holder": p.holder,
            "holder_name": names[p.holder],
            "stance": p.stance,
            "target": p.target,
            "target_name": target_name,
            "issue": p.issue,
            "summary": p.summary,
            "quotes": list(p.quotes),
            "spans": _spans(p.spans),
            "inferred": dict(p.inferred),
        }
        rows.append(sel.finish(row, p.spans))
    return rows


def _targets(brief: Brief, on: Sequence[str]) -> Callable[[Position], bool] | None:
    if not on:
        return None
    spellings = _actor_spellings(brief)
    issues = {p.issue: [p.issue] for p in brief.positions if p.issue}
    ids: set[str] = set()
    matched_issues: set[str] = set()
    for value in on:
        if not words(value):
            raise QueryError("--on needs an actor or words of an issue, not an empty value")
        actors = names_matching(value, spellings)
        found_issues = names_matching(value, issues)
        if not actors and not found_issues:
            raise QueryError(
                f"{value!r} is neither an actor nor words of an issue; "
                "run 'vzcli actors' or 'vzcli positions' to see both"
            )
        ids |= with_members(brief, actors)
        matched_issues |= found_issues

    def test(p: Position) -> bool:
        return p.target in ids or p.issue in matched_issues

    return test


MATRIX_FIELDS = ("holder", "towards", "stances")
"""The columns of ``positions --matrix``: one row per holder and what it is towards."""


def matrix(rows: Sequence[PositionRow]) -> tuple[list[str], list[list[str]]]:
    """Pivot positions into holders x what they are towards, each cell saying
    the stances and what each is about ("blames: Maduro not leaving Venezuela").

    One row per holder and target (an actor, or an issue when the position
    has no target), holders in order of appearance, so the grid is three
    columns wide however many targets there are.  Rows and columns are keyed
    by id, so two actors with one name stay apart; the labels are names.
    """
    cells: dict[tuple[str, tuple[str | None, str | None]], tuple[str, str, list[str]]] = {}
    for r in rows:
        # (actor, None) or (None, issue): an actor's id and an issue's words
        # stay apart even when they read alike.
        towards = (r["target"], None) if r["target"] else (None, r["issue"])
        label = r["target_name"] or r["issue"] or ""  # one of the two is set
        _, _, stances = cells.setdefault((r["holder"], towards), (r["holder_name"], label, []))
        stance = r["stance"].value.replace("_", " ")
        said = f"{stance}: {r['issue']}" if r["target"] and r["issue"] else stance
        if said not in stances:
            stances.append(said)
    body = [[holder, label, "; ".join(stances)] for holder, label, stances in cells.values()]
    by_holder: dict[str, int] = {}
    for row in body:
        by_holder.setdefault(row[0], len(by_holder))
    body.sort(key=lambda row: by_holder[row[0]])  # a holder's rows together, stably
    return list(MATRIX_FIELDS), body


def claims(
    brief: Brief,
    filters: Filters = Filters(),
    *,
    kinds: Sequence[str] = (),
    certainties: Sequence[str] = (),
    about: Sequence[str] = (),
) -> list[ClaimRow]:
    """Claims whose holder is selected, of these kinds and certainties, about these records.

    ``about`` names what a claim concerns, under the word rule: an actor by
    id, name or alias, an event by its title, a figure by its metric, or any
    record by its id.  Claims keep article order.
    """
    sel = _select(brief, filters)
    names = _names(brief)
    records = index(brief)
    wanted_about = _about(brief, about)
    rows: list[ClaimRow] = []
    for c in _candidates(brief.claims, "holder", sel.actor_ids):
        if sel.actor_ids is not None and c.holder not in sel.actor_ids:
            continue
        if kinds and c.kind.value not in kinds:
            continue
        if certainties and c.certainty.value not in certainties:
            continue
        if wanted_about is not None and wanted_about.isdisjoint(c.about):
            continue
        about_names = [label(records[a], names) for a in c.about]
        if not sel.window.admits(c.date) or not sel.text_ok(
            [c.text, c.hedge, names[c.holder], about_names], c.spans
        ):
            continue
        row: ClaimRow = {
            "id": c.id,
            "holder": c.holder,
            "holder_name": names[c.holder],
            "kind": c.kind,
            "certainty": c.certainty,
            "hedge": c.hedge,
            "text": c.text,
            "about": list(c.about),
            "about_names": about_names,
            "date": _date(c.date),
            "precision": precision_of(c.date),
            "spans": _spans(c.spans),
            "inferred": dict(c.inferred),
        }
        rows.append(sel.finish(row, c.spans))
    return rows


def record_names(brief: Brief) -> dict[str, list[str]]:
    """Every record's id with the names people call it by: an actor's name and
    aliases, an event's title, a figure's metric."""
    found: dict[str, list[str]] = {}
    for _, _, rec in brief.records():
        spellings = [rec.id]
        if isinstance(rec, Actor):
            spellings += [rec.name, *rec.aliases]
        elif isinstance(rec, Event):
            spellings.append(rec.title)
        elif isinstance(rec, Stat):
            spellings.append(rec.metric)
        found[rec.id] = spellings
    return found


def _about(brief: Brief, about: Sequence[str]) -> set[str] | None:
    if not about:
        return None
    spellings = record_names(brief)
    wanted: set[str] = set()
    for value in about:
        found = names_matching(value, spellings)
        if not found:
            raise QueryError(
                f"--about {value!r} names no actor, event, figure or record id; "
                "run 'vzcli actors' or 'vzcli events' to see their names"
            )
        wanted |= found
    return wanted


def links(
    brief: Brief, filters: Filters = Filters(), *, relations: Sequence[str] = ()
) -> list[LinkRow]:
    """Relations between records, in brief order; ``--actor`` matches an actor at either end."""
    sel = _select(brief, filters)
    names = _names(brief)
    records = index(brief)
    rows: list[LinkRow] = []
    for link in brief.links:
        if relations and link.relation.value not in relations:
            continue
        source, target = records[link.source], records[link.target]
        if sel.actor_ids is not None and sel.actor_ids.isdisjoint(
            actors_of(source) | actors_of(target)
        ):
            continue
        row = link_row(link, records, names)
        if sel.text_ok([row["source_label"], row["target_label"], link.lag], link.spans):
            rows.append(sel.finish(row, link.spans))
    return rows


def link_row(link: Link, records: Mapping[str, Record], names: Mapping[str, str]) -> LinkRow:
    """One link as a row, each end with a label a person reads."""
    return {
        "id": link.id,
        "source": link.source,
        "relation": link.relation,
        "target": link.target,
        "source_label": label(records[link.source], names),
        "target_label": label(records[link.target], names),
        "lag": link.lag,
        "spans": _spans(link.spans),
        "inferred": dict(link.inferred),
    }


def stats(
    brief: Brief, filters: Filters = Filters(), *, metrics: Sequence[str] = ()
) -> list[StatRow]:
    """Figures whose producer is selected, in period order, a series' points together.

    ``metrics`` keeps the metrics each value selects under the word rule
    (``oil`` selects every metric with the word oil); a value that selects
    none is a :class:`QueryError` listing the metrics there are.

    ``change`` and ``change_pct`` compare a point with the previous point of
    its series; they are computed here so the brief never stores them.
    """
    sel = _select(brief, filters)
    names = _names(brief)
    known = {s.metric: [s.metric] for s in brief.stats}
    wanted: set[str] = set()
    for value in metrics:
        found = names_matching(value, known)
        if not found:
            raise QueryError(f"unknown metric {value!r}; the brief has: {', '.join(sorted(known))}")
        wanted |= found
    ordered = sorted(brief.stats, key=lambda s: (date_key(s.period), s.spans[0][0]))
    previous: dict[str, Stat] = {}
    changes: dict[str, tuple[int | float | None, float | None]] = {}
    for s in ordered:
        if s.series is None:
            continue
        before = previous.get(s.series)
        changes[s.id] = _change(before, s)
        previous[s.series] = s
    # Points of one series stay together, series in order of their first point.
    group: dict[str, int] = {}
    for s in ordered:
        group.setdefault(s.series or s.id, len(group))
    ordered.sort(key=lambda s: group[s.series or s.id])
    rows: list[StatRow] = []
    for s in ordered:
        if sel.actor_ids is not None and s.producer not in sel.actor_ids:
            continue
        if metrics and s.metric not in wanted:
            continue
        if not sel.window.admits(s.period) or not sel.text_ok(
            [s.metric, s.unit, s.note, s.series, s.hedge], s.spans
        ):
            continue
        change, pct = changes.get(s.id, (None, None))
        row: StatRow = {
            "id": s.id,
            "metric": s.metric,
            "value": s.value,
            "unit": s.unit,
            "measure": s.measure,
            "period": _date(s.period),
            "precision": precision_of(s.period),
            "qualifiers": list(s.qualifiers),
            "hedge": s.hedge,
            "producer": s.producer,
            "producer_name": names[s.producer] if s.producer else None,
            "series": s.series,
            "change": change,
            "change_pct": pct,
            "note": s.note,
            "spans": _spans(s.spans),
            "inferred": dict(s.inferred),
        }
        rows.append(sel.finish(row, s.spans))
    return rows


def _change(before: Stat | None, after: Stat) -> tuple[int | float | None, float | None]:
    if before is None:
        return None, None
    # Extreme values (±1e308, 10**400) must give "no change known", never
    # an overflow or an infinity that JSON cannot carry.
    try:
        delta = after.value - before.value
        pct = round(delta / before.value * 100, 2) if before.value else None
    except OverflowError:
        return None, None
    if isinstance(delta, float):
        if not math.isfinite(delta):
            return None, None
        if delta.is_integer() and abs(delta) < 2**53:
            delta = int(delta)
    if pct is not None and not math.isfinite(pct):
        pct = None
    return delta, pct


def actors(brief: Brief, filters: Filters = Filters()) -> list[ActorRow]:
    """Actors (a side with its members when ``--actor`` names one)."""
    sel = _select(brief, filters)
    names = _names(brief)
    rows: list[ActorRow] = []
    for a in brief.actors:
        if sel.actor_ids is not None and a.id not in sel.actor_ids:
            continue
        if not sel.text_ok([a.id, a.name, a.role, a.aliases], a.spans):
            continue
        row: ActorRow = {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "role": a.role,
            "side": a.side,
            "side_name": names[a.side] if a.side else None,
            "aliases": list(a.aliases),
            "spans": _spans(a.spans),
            "inferred": dict(a.inferred),
        }
        rows.append(sel.finish(row, a.spans))
    return rows


QUERIES: dict[str, Callable[..., list[Any]]] = {
    "events": events,
    "quotes": quotes,
    "positions": positions,
    "claims": claims,
    "stats": stats,
    "actors": actors,
    "links": links,
}
"""Each listing command's query function, by command (and collection) name."""


# --- one record, whole ------------------------------------------------------


class Reference(TypedDict):
    """A record that names the shown one in one of its fields."""

    id: str
    collection: str
    field: str
    label: str


class ShownLink(LinkRow):
    """A link of the shown record; ``direction`` says which end it is."""

    direction: str


class Shown(TypedDict):
    """``vzcli show ID --format json``: one record whole, with what links to it."""

    id: str
    collection: str
    label: str
    record: dict[str, Any]
    links: list[ShownLink]
    claims_about: list[ClaimRow]
    referenced_by: list[Reference]


for _shape in (Reference, ShownLink, Shown):
    setattr(_shape, "__pydantic_config__", {"extra": "forbid"})  # noqa: B010

# The fields that refer to other records, by collection (not ``about``:
# claims about a record are listed whole).
_REFERRING = {
    "actors": ("side",),
    "events": ("participants", "targets"),
    "quotes": ("speaker", "event"),
    "positions": ("holder", "target", "quotes"),
    "claims": ("holder",),
    "stats": ("producer",),
}


def find_record(brief: Brief, value: str) -> str:
    """The id of the one record ``value`` names: an id, or a name under the word rule.

    Raises :class:`QueryError` with a did-you-mean when nothing matches, and
    with the candidates when several do.
    """
    records = index(brief)
    if value in records:
        return value
    spellings = record_names(brief)
    found = names_matching(value, spellings)
    if len(found) == 1:
        return found.pop()
    if found:
        names = _names(brief)
        listed = "; ".join(f"{rid} ({label(records[rid], names)})" for rid in sorted(found)[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise QueryError(f"{value!r} names {len(found)} records: {listed}{more}; give an id")
    close = suggestions(value, [n for names in spellings.values() for n in names])
    hint = " did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""
    raise QueryError(f"unknown record {value!r};{hint} every listing's json has the ids")


def show(brief: Brief, record_id: str, filters: Filters = Filters()) -> Shown:
    """One record whole: its row as its listing prints it, its links both ways,
    the claims about it and the records that refer to it."""
    records = index(brief)
    record = records[record_id]
    collection = next(name for name, _, rec in brief.records() if rec is record)
    names = _names(brief)
    plain = Filters(article=filters.article)
    row = next(r for r in QUERIES[collection](brief, plain) if r["id"] == record_id)
    sel = _select(brief, plain)
    links: list[ShownLink] = []
    for link in brief.links:
        for direction, end in (("out", link.source), ("in", link.target)):
            if end == record_id:
                shown: Any = {**link_row(link, records, names), "direction": direction}
                links.append(sel.finish(shown, link.spans))
    about = [c for c in claims(brief, plain) if record_id in c["about"]]
    referenced: list[Reference] = []
    for name, fields in _REFERRING.items():
        for rec in getattr(brief, name):
            for field in fields:
                value = getattr(rec, field)
                if value == record_id or (isinstance(value, list) and record_id in value):
                    referenced.append(
                        {
                            "id": rec.id,
                            "collection": name,
                            "field": field,
                            "label": label(rec, names),
                        }
                    )
    return {
        "id": record_id,
        "collection": collection,
        "label": label(record, names),
        "record": dict(row),
        "links": links,
        "claims_about": about,
        "referenced_by": referenced,
    }


# --- sorting and limiting, shared by every command ------------------------


def _sort_key(value: Any) -> tuple[int, Any]:
    """Numbers by value, text folded, lists element by element.

    :func:`order` sets rows without a value (None, empty) apart first.  The
    ranks keep a number, a text and a list from ever being compared.
    """
    if isinstance(value, (int, float)):
        return (0, value)
    if isinstance(value, list):  # spans [[1023, 1066]] sort as numbers, not as text
        return (2, tuple(_sort_key(v) for v in value))
    return (1, fold(str(value)))


def _empty(value: Any) -> bool:
    return value is None or value in ([], {})


def order(
    rows: list[Any],
    *,
    sort: str | None = None,
    reverse: bool = False,
    limit: int | None = None,
    default: str | None = None,
) -> list[Any]:
    """Sort rows by one key (stable), optionally reversed, then cut to ``limit``.

    Rows with no value for the key (null or empty) come last in both
    directions, as SQL's NULLS LAST.  ``default`` is the key the rows already
    arrive sorted by (``date`` for events), so ``--reverse`` alone reverses
    that order and still leaves undated rows last.  Dates sort by the days
    they can mean, so ``2019-01`` precedes ``2019-04-30``.
    """
    key = sort or (default if reverse else None)
    if key is not None:
        known = [r for r in rows if not _empty(r[key])]
        unknown = [r for r in rows if _empty(r[key])]
        if key in ("date", "period"):
            known.sort(key=lambda r: date_key(PartialDate.parse(r[key])), reverse=reverse)
        else:
            known.sort(key=lambda r: _sort_key(r[key]), reverse=reverse)
        rows = known + unknown
    elif reverse:
        rows = rows[::-1]
    if limit is not None:
        rows = rows[:limit]
    return rows
