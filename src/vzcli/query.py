"""Pure queries over a validated brief: filter, sort and shape records into rows.

Nothing here prints or exits.  Each command's rows are plain dicts whose keys
are declared once, as a TypedDict (the JSON contract); the CLI renders them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

# typing_extensions (a pydantic dependency): pydantic needs its TypedDict on
# Python < 3.12 to generate the JSON Schema of the rows (`vzcli schema`).
from typing_extensions import TypedDict

from .models import (
    Actor,
    ActorKind,
    Brief,
    Certainty,
    Claim,
    ClaimKind,
    Event,
    EventStatus,
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


# --- text matching --------------------------------------------------------


def fold(text: str) -> str:
    """Case- and accent-insensitive form: ``Guaidó`` and ``guaido`` fold alike."""
    if text.isascii():  # no accents to strip: the common case, and 10x faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def actor_names(actor: Actor) -> list[str]:
    """Everything a user may type for an actor: id, name and aliases."""
    return [actor.id, actor.name, *actor.aliases]


def resolve_actors(brief: Brief, names: Sequence[str]) -> set[str]:
    """The ids ``names`` select, each side including its members.

    ``Russia`` selects Russia and everyone on Russia's side; ``Lavrov`` only
    Lavrov.  An unknown name raises :class:`QueryError` with suggestions.
    """
    # One pass comparing folded names, no index: a brief with 100,000 actors
    # is answered in a fraction of the time building a name index would take.
    wanted = {fold(name.strip()): name for name in names}
    found: dict[str, set[str]] = {key: set() for key in wanted}
    for actor in brief.actors:
        for spelling in actor_names(actor):
            ids = found.get(fold(spelling))
            if ids is not None:
                ids.add(actor.id)
    for key, ids in found.items():
        if not ids:
            raise QueryError(unknown_actor_message(wanted[key], brief))
    selected = set().union(*found.values())
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
    suggestions: dict[str, str] = {}  # one spelling per actor, the closest first
    import difflib  # only on this error path

    for match in difflib.get_close_matches(fold(name), list(spellings), n=10, cutoff=0.6):
        actor_id, spelling = spellings[match]
        suggestions.setdefault(actor_id, spelling)
    hint = ""
    if suggestions:
        shown = list(suggestions.values())[:3]
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
    """An inclusive date window; an open end is None."""

    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, since: str | None, until: str | None) -> Window:
        """Parse both ends: ``--since 2019-05`` starts on 1 May, ``--until 2019-05`` ends 31 May."""
        start = parse_bound(since).earliest if since else None
        end = parse_bound(until).latest if until else None
        if start and end and start > end:
            raise QueryError(f"--since {since} is after --until {until}: nothing can match")
        return cls(start, end)

    def admits(self, when: PartialDate | None) -> bool:
        """Whether a record dated ``when`` may fall inside the window.

        An imprecise or bounded date matches when any day it can mean is
        inside; an unknown date could be any day, so it always matches.
        """
        if when is None or (self.since is None and self.until is None):
            return True
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
    actor_ids: frozenset[str] | None = None
    """``actors`` already resolved (see :meth:`resolved`), so that several
    queries over one brief fold every actor name once, not once each."""

    def resolved(self, brief: Brief) -> Filters:
        """These filters with ``actors`` resolved against ``brief``."""
        if not self.actors or self.actor_ids is not None:
            return self
        ids = frozenset(resolve_actors(brief, self.actors))
        return Filters(self.actors, self.since, self.until, self.search, ids)


def _spans(spans: list[tuple[int, int]]) -> list[list[int]]:
    return [[s, e] for s, e in spans]


def _names(brief: Brief) -> dict[str, str]:
    return {a.id: a.name for a in brief.actors}


def _matches_text(needle: str | None, values: Iterable[Any]) -> bool:
    if not needle:
        return True
    folded = fold(needle)
    for value in values:
        if isinstance(value, list):
            if any(folded in fold(str(v)) for v in value):
                return True
        elif value is not None and folded in fold(str(value)):
            return True
    return False


def _select(
    brief: Brief, filters: Filters
) -> tuple[set[str] | None, Window, Callable[[Iterable[Any]], bool]]:
    actor_ids = set(filters.resolved(brief).actor_ids or ()) if filters.actors else None
    window = Window.of(filters.since, filters.until)

    def text_ok(values: Iterable[Any]) -> bool:
        return _matches_text(filters.search, values)

    return actor_ids, window, text_ok


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
    actor_ids, window, text_ok = _select(brief, filters)
    names = _names(brief)
    matches = [
        e
        for e in brief.events
        if (
            actor_ids is None
            or not actor_ids.isdisjoint(e.participants)
            or not actor_ids.isdisjoint(e.targets)
        )
        and window.admits(e.date)
        and text_ok(
            [
                e.title,
                e.summary,
                e.place,
                [names[p] for p in e.participants],
                [names[t] for t in e.targets],
            ]
        )
    ]
    matches.sort(key=lambda e: (date_key(e.date), e.spans[0][0]))  # sort only what matched
    return [
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
        }
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
    actor_ids, window, text_ok = _select(brief, filters)
    names = _names(brief)
    denies, denied_by = _relation(brief, Relation.DENIES)
    matches = [
        q
        for q in brief.quotes
        if (actor_ids is None or q.speaker in actor_ids)
        and window.admits(q.date)
        and text_ok([q.text, names[q.speaker]])
    ]
    matches.sort(key=lambda q: (date_key(q.date), q.spans[0][0]))  # sort only what matched
    return [
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
        }
        for q in matches
    ]


def positions(
    brief: Brief,
    filters: Filters = Filters(),
    *,
    on: Sequence[str] = (),
    stances: Sequence[str] = (),
) -> list[PositionRow]:
    """Positions whose holder is selected, towards ``on`` (an actor or issue words).

    ``--on`` names an actor (matching it and, as with ``--actor``, its side's
    members) or, failing that, words of the issue.  Dates do not apply:
    the article gives none for a stance.
    """
    actor_ids, _, text_ok = _select(brief, filters)
    names = _names(brief)
    targets = _targets(brief, on)
    rows: list[PositionRow] = []
    for p in brief.positions:
        if actor_ids is not None and p.holder not in actor_ids:
            continue
        if stances and p.stance.value not in stances:
            continue
        if targets is not None and not targets(p):
            continue
        target_name = names[p.target] if p.target else None
        if not text_ok([p.summary, p.issue, names[p.holder], target_name]):
            continue
        rows.append(
            {
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
        )
    return rows


def _targets(brief: Brief, on: Sequence[str]) -> Callable[[Position], bool] | None:
    if not on:
        return None
    ids: set[str] = set()
    words: list[str] = []
    for raw_name in on:
        name = raw_name.strip()
        if not name:
            raise QueryError("--on needs an actor or words of an issue, not an empty value")
        try:
            ids |= resolve_actors(brief, [name])
        except QueryError:
            if not any(p.issue and fold(name) in fold(p.issue) for p in brief.positions):
                raise QueryError(
                    f"{name!r} is neither an actor nor words of an issue; "
                    "run 'vzcli actors' or 'vzcli positions' to see both"
                ) from None
            words.append(fold(name))

    def test(p: Position) -> bool:
        if p.target in ids:
            return True
        return p.issue is not None and any(w in fold(p.issue) for w in words)

    return test


def matrix(rows: Sequence[PositionRow]) -> tuple[list[str], list[list[str]]]:
    """Pivot positions into holders x targets; a cell lists the stances, `; `-joined.

    Rows and columns are keyed by id (a position with no target actor by its
    issue), so two actors with one name stay two columns; the labels are the
    names.  Returns the header labels and the rows, all text.
    """
    holders: dict[str, str] = {}
    columns: dict[tuple[str, str], str] = {}
    cells: dict[tuple[str, tuple[str, str]], list[str]] = {}
    for r in rows:
        column = ("actor", r["target"]) if r["target"] else ("issue", r["issue"] or "")
        holders.setdefault(r["holder"], r["holder_name"])
        columns.setdefault(column, r["target_name"] or r["issue"] or "")
        stances = cells.setdefault((r["holder"], column), [])
        if r["stance"] not in stances:
            stances.append(r["stance"])
    header = ["holder", *columns.values()]
    body = [
        [name, *("; ".join(cells.get((holder, c), [])) for c in columns)]
        for holder, name in holders.items()
    ]
    return header, body


def claims(
    brief: Brief,
    filters: Filters = Filters(),
    *,
    kinds: Sequence[str] = (),
    certainties: Sequence[str] = (),
    about: Sequence[str] = (),
) -> list[ClaimRow]:
    """Claims whose holder is selected, of these kinds and certainties, about these records.

    ``about`` names what a claim concerns: an actor (id, name or alias), or an
    event, figure or other record by its id.  Claims keep article order.
    """
    actor_ids, window, text_ok = _select(brief, filters)
    names = _names(brief)
    records = index(brief)
    wanted_about = _about(brief, records, about)
    rows: list[ClaimRow] = []
    for c in brief.claims:
        if actor_ids is not None and c.holder not in actor_ids:
            continue
        if kinds and c.kind.value not in kinds:
            continue
        if certainties and c.certainty.value not in certainties:
            continue
        if wanted_about is not None and wanted_about.isdisjoint(c.about):
            continue
        about_names = [label(records[a], names) for a in c.about]
        if not window.admits(c.date) or not text_ok(
            [c.text, c.hedge, names[c.holder], about_names]
        ):
            continue
        rows.append(
            {
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
        )
    return rows


def _about(brief: Brief, records: Mapping[str, Record], about: Sequence[str]) -> set[str] | None:
    if not about:
        return None
    wanted: set[str] = set()
    for raw in about:
        name = raw.strip()
        if name in records:
            wanted.add(name)
            continue
        found = {a.id for a in brief.actors if fold(name) in {fold(n) for n in actor_names(a)}}
        if not found:
            raise QueryError(
                f"--about {name!r} is neither an actor nor a record id; "
                "run 'vzcli actors' for the names it knows"
            )
        wanted |= found
    return wanted


def links(
    brief: Brief, filters: Filters = Filters(), *, relations: Sequence[str] = ()
) -> list[LinkRow]:
    """Relations between records, in brief order; ``--actor`` matches an actor at either end."""
    actor_ids, _, text_ok = _select(brief, filters)
    names = _names(brief)
    records = index(brief)
    rows: list[LinkRow] = []
    for link in brief.links:
        if relations and link.relation.value not in relations:
            continue
        source, target = records[link.source], records[link.target]
        if actor_ids is not None and actor_ids.isdisjoint(actors_of(source) | actors_of(target)):
            continue
        source_label, target_label = label(source, names), label(target, names)
        if not text_ok([source_label, target_label, link.lag]):
            continue
        rows.append(
            {
                "id": link.id,
                "source": link.source,
                "relation": link.relation,
                "target": link.target,
                "source_label": source_label,
                "target_label": target_label,
                "lag": link.lag,
                "spans": _spans(link.spans),
                "inferred": dict(link.inferred),
            }
        )
    return rows


def stats(
    brief: Brief, filters: Filters = Filters(), *, metrics: Sequence[str] = ()
) -> list[StatRow]:
    """Figures whose producer is selected, in period order, a series' points together.

    ``metrics`` keeps only those metrics (compared folded); an unknown one is
    a :class:`QueryError` listing the metrics there are.

    ``change`` and ``change_pct`` compare a point with the previous point of
    its series; they are computed here so the brief never stores them.
    """
    actor_ids, window, text_ok = _select(brief, filters)
    names = _names(brief)
    wanted = {fold(m) for m in metrics}
    known = {fold(s.metric): s.metric for s in brief.stats}
    unknown = [m for m in metrics if fold(m) not in known]
    if unknown:
        raise QueryError(
            f"unknown metric {unknown[0]!r}; the brief has: {', '.join(sorted(known.values()))}"
        )
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
        if actor_ids is not None and s.producer not in actor_ids:
            continue
        if wanted and fold(s.metric) not in wanted:
            continue
        if not window.admits(s.period) or not text_ok([s.metric, s.unit, s.note, s.series]):
            continue
        change, pct = changes.get(s.id, (None, None))
        rows.append(
            {
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
        )
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
    actor_ids, _, text_ok = _select(brief, filters)
    names = _names(brief)
    rows: list[ActorRow] = []
    for a in brief.actors:
        if actor_ids is not None and a.id not in actor_ids:
            continue
        if not text_ok([a.id, a.name, a.role, a.aliases]):
            continue
        rows.append(
            {
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
        )
    return rows


# --- sorting and limiting, shared by every command ------------------------


def _sort_key(value: Any) -> tuple[int, Any]:
    """Numbers by value, text folded, lists element by element; empty and None last."""
    if value is None or value == []:
        return (3, ())
    if isinstance(value, (int, float)):
        return (0, value)
    if isinstance(value, list):  # spans [[1023, 1066]] sort as numbers, not as text
        return (2, tuple(_sort_key(v) for v in value))
    return (1, fold(str(value)))


def order(
    rows: list[Any], *, sort: str | None = None, reverse: bool = False, limit: int | None = None
) -> list[Any]:
    """Sort rows by one key (stable, unknowns last), optionally reversed, then cut to ``limit``.

    Dates sort by the days they can mean, so ``2019-01`` precedes ``2019-04-30``.
    """
    if sort is not None:
        if sort in ("date", "period"):
            rows = sorted(
                rows,
                key=lambda r: date_key(None if r[sort] is None else PartialDate.parse(r[sort])),
            )
        else:
            rows = sorted(rows, key=lambda r: _sort_key(r[sort]))
    if reverse:
        rows = rows[::-1]
    if limit is not None:
        rows = rows[:limit]
    return rows
