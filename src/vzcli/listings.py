"""The listings, each declared once: events, quotes, positions, claims, stats,
actors and links.

Each is a :class:`~vzcli.pipeline.Listing`: its row type (the JSON contract,
:mod:`vzcli.rows`), the collections of a brief it reads, its default
columns and order, and three functions over one brief's
:class:`~vzcli.pipeline.View`: ``keep`` (does a record pass the
:class:`~vzcli.selection.Selection`?), ``arrange`` (the order rows arrive
in) and ``row`` (the record as a row).  Adding a listing, or a field to
one, happens here and in its row type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from .dates import PartialDate, Precision, bounds, sort_key
from .models import Actor, Claim, Event, Link, Position, Quote, Record, Stat
from .pipeline import Derived, Listing, View, keeps_none, no_records, no_row
from .rows import (
    ActorRow,
    BriefRow,
    ClaimRow,
    ConflictRow,
    EventRow,
    LinkRow,
    MergedClaimRow,
    MergedEventRow,
    MergedQuoteRow,
    MergedStatRow,
    PositionRow,
    QuoteRow,
    StatRow,
    label,
)
from .selection import Selection
from .sources import brief_rows
from .vocab import CERTAINTY_SCALE
from .vocab import label as readable

Dated = TypeVar("Dated", Event, Quote)


# --- what the rows share ------------------------------------------------------


def _date(when: PartialDate | None) -> str | None:
    return None if when is None else when.text


def _precision(when: PartialDate | None) -> str:
    return (Precision.UNKNOWN if when is None else when.precision).value


def _spans(spans: list[tuple[int, int]]) -> list[list[int]]:
    return [list(span) for span in spans]


def _by_date(record: Dated, view: View) -> tuple[object, ...]:
    # By date, then the older source first, then article order (a record's
    # first span).
    return sort_key(record.date), view.published, record.spans[0][0]


def _by_publication(record: Record, view: View) -> tuple[object, ...]:
    # The oldest source first (for actors, its spelling of a name is the
    # actor's name); within a brief, the brief's order.
    return (view.published,)


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


# --- events -------------------------------------------------------------------


def _relayed(via: list[str], sel: Selection) -> bool:
    return sel.via_ids is None or not sel.via_ids.isdisjoint(via)


def _keep_event(e: Event, view: View, sel: Selection) -> bool:
    if sel.actor_ids is not None and sel.actor_ids.isdisjoint([*e.participants, *e.targets]):
        return False
    if not _relayed(e.via, sel):
        return False
    names = view.names
    # The window last: it counts the undated records it leaves out.
    return (
        sel.search is None
        or view.found(
            sel,
            [
                e.title,
                e.summary,
                e.place,
                [names[p] for p in e.participants],
                [names[t] for t in e.targets],
                readable(e.status),
            ],
            e.spans,
        )
    ) and sel.window.admits(e.date)


def _event_row(e: Event, view: View) -> EventRow:
    names = view.names
    first, last = bounds(e.date)
    return {
        "brief": view.id,
        "id": e.id,
        "date": _date(e.date),
        "precision": _precision(e.date),
        "earliest": first,
        "latest": last,
        "title": e.title,
        "summary": e.summary,
        "place": e.place,
        "participants": list(e.participants),
        "participant_names": [names[p] for p in e.participants],
        "targets": list(e.targets),
        "target_names": [names[t] for t in e.targets],
        "via": list(e.via),
        "status": e.status.value,
        "spans": _spans(e.spans),
        "inferred": dict(e.inferred),
    }


EVENTS: Listing[Event, EventRow] = Listing(
    "events",
    EventRow,
    ("date", "title", "place", "participant_names", "status"),
    ("events",),
    lambda b: b.events,
    _keep_event,
    _event_row,
    arrange=_by_date,
    default_order="date",
    merged_type=MergedEventRow,
)


# --- quotes -------------------------------------------------------------------


def _keep_quote(q: Quote, view: View, sel: Selection) -> bool:
    if sel.actor_ids is not None and q.speaker not in sel.actor_ids:
        return False
    if not _relayed(q.via, sel):
        return False
    if sel.quote_kinds and q.kind not in sel.quote_kinds:
        return False
    # The window last: it counts the undated records it leaves out.
    return (
        sel.search is None
        or view.found(
            sel, [q.text, view.names[q.speaker], readable(q.kind), readable(q.setting)], q.spans
        )
    ) and sel.window.admits(q.date)


def _quote_row(q: Quote, view: View) -> QuoteRow:
    denies, denied_by = view.web.denials
    when = q.date
    first, last = bounds(when)
    return {
        "brief": view.id,
        "id": q.id,
        "date": None if when is None else when.text,
        "precision": Precision.UNKNOWN.value if when is None else when.precision.value,
        "earliest": first,
        "latest": last,
        "speaker": q.speaker,
        "speaker_name": view.names[q.speaker],
        "via": list(q.via),
        "kind": q.kind.value,
        "setting": q.setting.value,
        "text": q.text,
        "event": q.event,
        "denies": denies.get((view.id, q.id), []),
        "denied_by": denied_by.get((view.id, q.id), []),
        "spans": _spans(q.spans),
        "inferred": dict(q.inferred),
    }


# Quotes read the links for their denials.
QUOTES: Listing[Quote, QuoteRow] = Listing(
    "quotes",
    QuoteRow,
    ("date", "speaker_name", "kind", "setting", "text"),
    ("quotes", "links"),
    lambda b: b.quotes,
    _keep_quote,
    _quote_row,
    arrange=_by_date,
    by_actor="speaker",
    default_order="date",
    merged_type=MergedQuoteRow,
)


# --- positions ----------------------------------------------------------------


def _keep_position(p: Position, view: View, sel: Selection) -> bool:
    if sel.actor_ids is not None and p.holder not in sel.actor_ids:
        return False
    if sel.stances and p.stance not in sel.stances:
        return False
    if sel.towards is not None and not sel.towards.admits(p):
        return False
    names = view.names
    target_name = names[p.target] if p.target else None
    return sel.search is None or view.found(
        sel, [p.summary, p.issue, names[p.holder], target_name, readable(p.stance)], p.spans
    )


def _position_row(p: Position, view: View) -> PositionRow:
    names = view.names
    return {
        "brief": view.id,
        "id": p.id,
        "holder": p.holder,
        "holder_name": names[p.holder],
        "stance": p.stance.value,
        "target": p.target,
        "target_name": names[p.target] if p.target else None,
        "issue": p.issue,
        "summary": p.summary,
        "quotes": list(p.quotes),
        "spans": _spans(p.spans),
        "inferred": dict(p.inferred),
    }


POSITIONS: Listing[Position, PositionRow] = Listing(
    "positions",
    PositionRow,
    ("holder_name", "stance", "target_name", "issue"),
    ("positions",),
    lambda b: b.positions,
    _keep_position,
    _position_row,
    arrange=_by_publication,
    by_actor="holder",
    dated=False,
)


# --- claims -------------------------------------------------------------------


def _about_names(c: Claim, view: View) -> list[str]:
    return [label(view.index[a], view.names) for a in c.about]


def _keep_claim(c: Claim, view: View, sel: Selection) -> bool:
    if sel.actor_ids is not None and c.holder not in sel.actor_ids:
        return False
    if not _relayed(c.via, sel):
        return False
    if sel.kinds and c.kind not in sel.kinds:
        return False
    if sel.certainties and c.certainty not in sel.certainties:
        return False
    if sel.min_certainty is not None and (
        CERTAINTY_SCALE[c.certainty] < CERTAINTY_SCALE[sel.min_certainty]
    ):
        return False
    if sel.about is not None and sel.about.isdisjoint(c.about):
        return False
    # The window last: it counts the undated records it leaves out.
    return (
        sel.search is None
        or view.found(
            sel,
            [
                c.text,
                c.hedge,
                view.names[c.holder],
                _about_names(c, view),
                readable(c.kind),
                readable(c.certainty),
            ],
            c.spans,
        )
    ) and sel.window.admits(c.date)


def _claim_row(c: Claim, view: View) -> ClaimRow:
    first, last = bounds(c.date)
    return {
        "brief": view.id,
        "id": c.id,
        "holder": c.holder,
        "holder_name": view.names[c.holder],
        "via": list(c.via),
        "kind": c.kind.value,
        "certainty": c.certainty.value,
        "hedge": c.hedge,
        "text": c.text,
        "about": list(c.about),
        "about_names": _about_names(c, view),
        "date": _date(c.date),
        "precision": _precision(c.date),
        "earliest": first,
        "latest": last,
        "spans": _spans(c.spans),
        "inferred": dict(c.inferred),
    }


# Claims name records of every collection, so they read the whole brief.
CLAIMS: Listing[Claim, ClaimRow] = Listing(
    "claims",
    ClaimRow,
    ("holder_name", "kind", "certainty", "text", "hedge"),
    None,
    lambda b: b.claims,
    _keep_claim,
    _claim_row,
    arrange=_by_publication,
    by_actor="holder",
    merged_type=MergedClaimRow,
)


# --- stats --------------------------------------------------------------------


def _keep_stat(s: Stat, view: View, sel: Selection) -> bool:
    if sel.actor_ids is not None and s.producer not in sel.actor_ids:
        return False
    if sel.metrics is not None and s.metric not in sel.metrics:
        return False
    # The window last: it counts the undated records it leaves out.
    return (
        sel.search is None
        or view.found(
            sel,
            [
                s.metric,
                s.unit,
                s.note,
                s.series,
                s.hedge,
                readable(s.measure),
                [readable(q) for q in s.qualifiers],
            ],
            s.spans,
        )
    ) and sel.window.admits(s.period)


def _by_series(record: Stat, view: View) -> tuple[object, ...]:
    # A brief's figures together, the older source's first, each brief's in its
    # series order.
    return view.published, view.stat_order[record.id]


def _stat_row(s: Stat, view: View) -> StatRow:
    change, pct = view.stat_changes.get(s.id, (None, None))
    first, last = bounds(s.period)
    return {
        "brief": view.id,
        "id": s.id,
        "metric": s.metric,
        "value": s.value,
        "unit": s.unit,
        "measure": s.measure.value,
        "period": _date(s.period),
        "precision": _precision(s.period),
        "earliest": first,
        "latest": last,
        "qualifiers": [q.value for q in s.qualifiers],
        "hedge": s.hedge,
        "producer": s.producer,
        "producer_name": view.names[s.producer] if s.producer else None,
        "series": s.series,
        "change": change,
        "change_pct": pct,
        "note": s.note,
        "spans": _spans(s.spans),
        "inferred": dict(s.inferred),
    }


STATS: Listing[Stat, StatRow] = Listing(
    "stats",
    StatRow,
    ("metric", "value", "unit", "period", "qualifiers", "change", "change_pct"),
    ("stats",),
    lambda b: b.stats,
    _keep_stat,
    _stat_row,
    arrange=_by_series,
    merged_type=MergedStatRow,
)


# --- actors -------------------------------------------------------------------


def _keep_actor(a: Actor, view: View, sel: Selection) -> bool:
    if sel.actor_ids is not None and a.id not in sel.actor_ids:
        return False
    return sel.search is None or view.found(
        sel, [a.id, a.name, a.role, a.aliases, readable(a.kind)], a.spans
    )


def _actor_row(a: Actor, view: View) -> ActorRow:
    return {
        "briefs": [view.id],
        "id": a.id,
        "name": a.name,
        "kind": a.kind.value,
        "role": a.role,
        "side": a.side,
        "side_name": view.names[a.side] if a.side else None,
        "aliases": list(a.aliases),
        "spans": {view.id: _spans(a.spans)},
        "inferred": dict(a.inferred),
    }


def _one_actor(rows: list[ActorRow]) -> list[ActorRow]:
    from .merge import one_actor  # only the actors listing needs it: kept off start-up

    return one_actor(rows)


ACTORS: Listing[Actor, ActorRow] = Listing(
    "actors",
    ActorRow,
    ("id", "name", "kind", "role", "side_name", "aliases"),
    (),
    lambda b: b.actors,
    _keep_actor,
    _actor_row,
    arrange=_by_publication,
    combine=_one_actor,
    dated=False,
)


# --- links --------------------------------------------------------------------


def _ends(link: Link, view: View) -> tuple[tuple[View, Record], tuple[View, Record]] | None:
    """Both ends of a link with the briefs they are in; None when one is in a brief
    that is not loaded (queries ignore such a link; verify reports it)."""
    source, target = view.resolve(link.source), view.resolve(link.target)
    return None if source is None or target is None else (source, target)


def _labels(link: Link, view: View) -> tuple[str, str]:
    ends = _ends(link, view)
    assert ends is not None  # kept links have both ends
    (vs, source), (vt, target) = ends
    return label(source, vs.names), label(target, vt.names)


def _keep_link(link: Link, view: View, sel: Selection) -> bool:
    if sel.relations and link.relation not in sel.relations:
        return False
    ends = _ends(link, view)
    if ends is None:
        return False
    (vs, source), (vt, target) = ends
    if sel.actor_ids is not None and sel.actor_ids.isdisjoint(
        actors_of(source) | actors_of(target)
    ):
        return False
    return sel.search is None or view.found(
        sel,
        [label(source, vs.names), label(target, vt.names), link.lag, readable(link.relation)],
        link.spans,
    )


def link_row(link: Link, view: View) -> LinkRow:
    """One link as a row, each end with a label a person reads."""
    source_label, target_label = _labels(link, view)
    return {
        "brief": view.id,
        "id": link.id,
        "source": link.source,
        "relation": link.relation.value,
        "target": link.target,
        "source_label": source_label,
        "target_label": target_label,
        "lag": link.lag,
        "spans": _spans(link.spans),
        "inferred": dict(link.inferred),
    }


# Links name records of every collection, so they read the whole brief.
LINKS: Listing[Link, LinkRow] = Listing(
    "links",
    LinkRow,
    ("source_label", "relation", "target_label", "lag"),
    None,
    lambda b: b.links,
    _keep_link,
    link_row,
    arrange=_by_publication,
    dated=False,
)


# --- the corpus: its briefs, and where they disagree ---------------------------


BRIEFS: Derived[Record, BriefRow] = Derived(
    "briefs",
    BriefRow,
    ("brief", "published", "outlet", "author", "title"),
    None,
    no_records,
    keeps_none,
    no_row,
    compute=brief_rows,
)


def _conflict_rows(views: Sequence[View], sel: Selection) -> list[ConflictRow]:
    from .conflicts import conflicts

    return conflicts(views, sel)


CONFLICTS: Derived[Record, ConflictRow] = Derived(
    "conflicts",
    ConflictRow,
    ("kind", "subject", "brief_a", "value_a", "brief_b", "value_b"),
    None,
    no_records,
    keeps_none,
    no_row,
    compute=_conflict_rows,
    dated=False,
)


# --- the registry -------------------------------------------------------------

AnyListing = (
    Derived[Record, BriefRow]
    | Derived[Record, ConflictRow]
    | Listing[Event, EventRow]
    | Listing[Quote, QuoteRow]
    | Listing[Position, PositionRow]
    | Listing[Claim, ClaimRow]
    | Listing[Stat, StatRow]
    | Listing[Actor, ActorRow]
    | Listing[Link, LinkRow]
)

LISTINGS: Mapping[str, AnyListing] = {
    listing.name: listing
    for listing in (EVENTS, QUOTES, POSITIONS, CLAIMS, STATS, ACTORS, LINKS, BRIEFS, CONFLICTS)
}
"""Every listing by its command's name, in the order ``vzcli --help`` lists them."""
