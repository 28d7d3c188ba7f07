"""Pure queries over a validated brief: filter, sort and shape records into rows.

Nothing here prints or exits.  Each command's rows are plain dicts whose keys
are declared once, as a TypedDict (the JSON contract); the CLI renders them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ConfigDict, with_config

# typing_extensions (a pydantic dependency): pydantic needs its TypedDict on
# Python < 3.12 to generate the JSON Schema of the rows (`vzcli schema`).
from typing_extensions import TypedDict

from .models import (
    Actor,
    ActorKind,
    Brief,
    EventStatus,
    PartialDate,
    Position,
    Precision,
    Qualifier,
    QuoteKind,
    Setting,
    Stance,
    Stat,
)


class QueryError(ValueError):
    """A filter the brief cannot answer (an unknown actor, a bad date …)."""


# --- rows: the JSON contract of each command ------------------------------

# Rows have exactly their declared keys: the exported schema says so too.
_CLOSED = ConfigDict(extra="forbid")


@with_config(_CLOSED)
class EventRow(TypedDict):
    """One event as ``vzcli events`` prints it."""

    id: str
    date: str | None
    precision: Precision
    title: str
    summary: str
    place: str | None
    participants: list[str]
    status: EventStatus
    spans: list[list[int]]


@with_config(_CLOSED)
class QuoteRow(TypedDict):
    """One quotation or piece of reported speech as ``vzcli quotes`` prints it."""

    id: str
    date: str | None
    precision: Precision
    speaker: str
    speaker_name: str
    kind: QuoteKind
    setting: Setting
    text: str
    event: str | None
    denies: str | None
    denied_by: list[str]
    spans: list[list[int]]


@with_config(_CLOSED)
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
    evidence: list[str]
    spans: list[list[int]]


@with_config(_CLOSED)
class StatRow(TypedDict):
    """One figure as ``vzcli stats`` prints it; ``change`` is against the series' previous point."""

    id: str
    metric: str
    value: int | float
    unit: str
    period: str | None
    precision: Precision
    qualifiers: list[Qualifier]
    producer: str | None
    series: str | None
    change: int | float | None
    change_pct: float | None
    note: str | None
    spans: list[list[int]]


@with_config(_CLOSED)
class ActorRow(TypedDict):
    """One actor as ``vzcli actors`` prints it."""

    id: str
    name: str
    kind: ActorKind
    role: str | None
    side: str | None
    aliases: list[str]
    spans: list[list[int]]


ROWS: dict[str, type] = {
    "events": EventRow,
    "quotes": QuoteRow,
    "positions": PositionRow,
    "stats": StatRow,
    "actors": ActorRow,
}
"""Each listing command's row type: its JSON contract, and its schema."""


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
    """Sort key: by the first day a date can mean, then the last; unknown dates last.

    An open start sorts by its end ("on or before 30 April" beside 30 April,
    not before everything), an open end by its start.
    """
    if when is None:
        return (1, date.max, date.max)
    first = when.latest if when.earliest == date.min else when.earliest
    last = when.earliest if when.latest == date.max else when.latest
    return (0, first, last)


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


def events(brief: Brief, filters: Filters = Filters()) -> list[EventRow]:
    """Events a participant of which is selected, in date order."""
    actor_ids, window, text_ok = _select(brief, filters)
    names = _names(brief)
    matches = [
        e
        for e in brief.events
        if (actor_ids is None or not actor_ids.isdisjoint(e.participants))
        and window.admits(e.date)
        and text_ok([e.title, e.summary, e.place, [names[p] for p in e.participants]])
    ]
    matches.sort(key=lambda e: (date_key(e.date), e.spans[0][0]))  # sort only what matched
    rows: list[EventRow] = []
    for e in matches:
        rows.append(
            {
                "id": e.id,
                "date": None if e.date is None else str(e.date),
                "precision": precision_of(e.date),
                "title": e.title,
                "summary": e.summary,
                "place": e.place,
                "participants": list(e.participants),
                "status": e.status,
                "spans": _spans(e.spans),
            }
        )
    return rows


def quotes(brief: Brief, filters: Filters = Filters()) -> list[QuoteRow]:
    """Quotes whose speaker is selected, in date order, then article order."""
    actor_ids, window, text_ok = _select(brief, filters)
    names = _names(brief)
    denied_by: dict[str, list[str]] = {}
    for q in brief.quotes:
        if q.denies is not None:
            denied_by.setdefault(q.denies, []).append(q.id)
    matches = [
        q
        for q in brief.quotes
        if (actor_ids is None or q.speaker in actor_ids)
        and window.admits(q.date)
        and text_ok([q.text, names[q.speaker]])
    ]
    matches.sort(key=lambda q: (date_key(q.date), q.spans[0][0]))  # sort only what matched
    rows: list[QuoteRow] = []
    for q in matches:
        rows.append(
            {
                "id": q.id,
                "date": None if q.date is None else str(q.date),
                "precision": precision_of(q.date),
                "speaker": q.speaker,
                "speaker_name": names[q.speaker],
                "kind": q.kind,
                "setting": q.setting,
                "text": q.text,
                "event": q.event,
                "denies": q.denies,
                "denied_by": denied_by.get(q.id, []),
                "spans": _spans(q.spans),
            }
        )
    return rows


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
                "evidence": list(p.evidence),
                "spans": _spans(p.spans),
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
                "period": None if s.period is None else str(s.period),
                "precision": precision_of(s.period),
                "qualifiers": list(s.qualifiers),
                "producer": s.producer,
                "series": s.series,
                "change": change,
                "change_pct": pct,
                "note": s.note,
                "spans": _spans(s.spans),
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
                "aliases": list(a.aliases),
                "spans": _spans(a.spans),
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
