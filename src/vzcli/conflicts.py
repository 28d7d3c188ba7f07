"""Where the briefs of a corpus disagree about one thing (``vzcli conflicts``).

Within a group of records that are one thing (joined by ``same_as``, see
:mod:`vzcli.merge`): dates that cannot both be true (their windows do not
overlap), a figure that differs, places (neither named within the other) or
participants that differ, a
status that differs (scheduled in an older brief and occurred in a newer
one is how a plan comes true, not a disagreement).  Across the corpus:
figures of the same metric, unit and period with different values;
records of two briefs linked ``contradicts``; and a holder whose stance
towards the same target differs from brief to brief.  In each row ``a`` is
the older source.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

from .match import fold
from .merge import groups
from .models import Claim, Event, Position, Quote, Record, Stat
from .pipeline import View
from .render import readable
from .rows import ConflictRow, label
from .selection import Selection
from .vocab import ConflictKind, EventStatus, Relation

Seen = tuple[View, Record]


def _older_first(a: Seen, b: Seen) -> tuple[Seen, Seen]:
    return (a, b) if a[0].published <= b[0].published else (b, a)


def _row(kind: ConflictKind, field: str, a: Seen, b: Seen, values: tuple[str, str]) -> ConflictRow:
    return {
        "brief_a": a[0].id,
        "record_a": a[1].id,
        "brief_b": b[0].id,
        "record_b": b[1].id,
        "kind": kind.value,
        "field": field,
        "value_a": values[0],
        "value_b": values[1],
        "subject": _subject(a),
    }


def _subject(seen: Seen) -> str:
    """What the two records are about: a figure by its metric and period, a position by
    its holder and what it is towards (the value and the stance are what they
    disagree on), anything else as a person names it."""
    view, record = seen
    if isinstance(record, Stat):
        return record.metric if record.period is None else f"{record.metric}, {record.period.text}"
    if isinstance(record, Position):
        towards = view.names[record.target] if record.target else record.issue
        return f"{view.names[record.holder]}, towards {towards}"
    return label(record, view.names)


def _places_differ(a: str, b: str) -> bool:
    """Whether two places cannot both be right: one named within the other ("Varby" and
    "Varby town hall") is the same place at two precisions."""
    wa, wb = fold(a).split(), fold(b).split()
    short, long = sorted((wa, wb), key=len)
    n = len(short)
    return not any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _when(record: Record) -> tuple[str, str] | None:
    """The field holding a record's date and its text; None when it has none."""
    if isinstance(record, Stat):
        return None if record.period is None else ("period", record.period.text)
    if isinstance(record, (Event, Quote, Claim)):
        return None if record.date is None else ("date", record.date.text)
    return None


def _status_conflicts(a: Event, b: Event) -> bool:
    if a.status is b.status:
        return False
    # A plan announced in an older brief that a newer one reports done.
    return not (a.status is EventStatus.SCHEDULED and b.status is EventStatus.OCCURRED)


def _same_thing(a: Seen, b: Seen) -> Iterator[ConflictRow]:
    """The disagreements between two records of one thing (``a`` the older source)."""
    (va, ra), (vb, rb) = a, b
    wa, wb = _when(ra), _when(rb)
    if wa and wb:
        da, db = getattr(ra, wa[0]), getattr(rb, wb[0])
        if da.latest < db.earliest or db.latest < da.earliest:
            yield _row(ConflictKind.DATE, wa[0], a, b, (wa[1], wb[1]))
    if isinstance(ra, Event) and isinstance(rb, Event):
        if ra.place and rb.place and _places_differ(ra.place, rb.place):
            yield _row(ConflictKind.PLACE, "place", a, b, (ra.place, rb.place))
        if ra.participants and rb.participants and set(ra.participants) != set(rb.participants):
            names = (
                "; ".join(va.names[p] for p in ra.participants),
                "; ".join(vb.names[p] for p in rb.participants),
            )
            yield _row(ConflictKind.PARTICIPANTS, "participants", a, b, names)
        if _status_conflicts(ra, rb):
            statuses = (readable(ra.status.value), readable(rb.status.value))
            yield _row(ConflictKind.STATUS, "status", a, b, statuses)
    if isinstance(ra, Stat) and isinstance(rb, Stat) and _figure(ra) != _figure(rb):
        yield _row(ConflictKind.FIGURE, "value", a, b, (_figure(ra), _figure(rb)))
    if isinstance(ra, Position) and isinstance(rb, Position) and ra.stance is not rb.stance:
        stances = (readable(ra.stance.value), readable(rb.stance.value))
        yield _row(ConflictKind.STANCE, "stance", a, b, stances)


def _figure(s: Stat) -> str:
    return f"{s.value:,} {s.unit}"


def _towards(p: Position) -> tuple[str, str, str]:
    # A holder may take several stances towards one actor, on several issues
    # (opposes a policy, warns against force): the same issue is the same thing.
    return p.holder, p.target or "", " ".join(fold(p.issue or "").split())


def find(views: Sequence[View]) -> list[ConflictRow]:
    """Every disagreement between two briefs of the corpus, each pair once."""
    joined = groups(views)
    members: dict[tuple[str, str], list[Seen]] = {}
    for view in views:
        for _, _, record in view.brief.records():
            root = joined.find((view.id, record.id))
            members.setdefault(root, []).append((view, record))
    rows: list[ConflictRow] = []
    seen: set[tuple[str, str, str, str, str]] = set()

    def add(found: Iterator[ConflictRow]) -> None:
        # A pair of records found twice (in a group and by its figure) is one row.
        for row in found:
            key = (row["brief_a"], row["record_a"], row["brief_b"], row["record_b"], row["kind"])
            if key not in seen:
                seen.add(key)
                rows.append(row)

    for group in members.values():
        for x, y in _differing(group):
            if x[0] is not y[0]:
                add(_same_thing(*_older_first(x, y)))
    figures: dict[tuple[str, str, str], list[Seen]] = {}
    stances: dict[tuple[str, str, str], list[Seen]] = {}
    for view in views:
        for s in view.brief.stats:
            if s.period is not None:
                figures.setdefault((fold(s.metric), fold(s.unit), s.period.text), []).append(
                    (view, s)
                )
        for p in view.brief.positions:
            stances.setdefault(_towards(p), []).append((view, p))
        for link in view.brief.links:
            if link.relation is not Relation.CONTRADICTS:
                continue
            ends = view.resolve(link.source), view.resolve(link.target)
            if ends[0] is not None and ends[1] is not None and ends[0][0] is not ends[1][0]:
                a, b = _older_first(ends[0], ends[1])
                values = (_said(a), _said(b))
                add(iter([_row(ConflictKind.CONTRADICTS, "text", a, b, values)]))
    for alike in (*figures.values(), *stances.values()):
        for x, y in _differing(alike):
            if x[0] is not y[0]:
                add(_same_thing(*_older_first(x, y)))
    return rows


def _signature(record: Record) -> tuple[object, ...]:
    """Everything :func:`_same_thing` compares of a record: two records alike in all of
    it cannot disagree."""
    when = _when(record)
    place = fold(record.place) if isinstance(record, Event) and record.place else None
    return (
        type(record).__name__,
        None if when is None else when[1],
        place,
        frozenset(record.participants) if isinstance(record, Event) else None,
        record.status if isinstance(record, Event) else None,
        _figure(record) if isinstance(record, Stat) else None,
        record.stance if isinstance(record, Position) else None,
    )


def _differing(group: Sequence[Seen]) -> Iterator[tuple[Seen, Seen]]:
    """The pairs of ``group`` (in the order of ``combinations``) that are not alike in
    everything compared: ten thousand briefs that agree make no pair at all, where
    comparing every pair would take fifty million steps."""
    if len(group) < 2:
        return
    signatures = [_signature(record) for _, record in group]
    by_signature: dict[tuple[object, ...], list[int]] = {}
    for i, signature in enumerate(signatures):
        by_signature.setdefault(signature, []).append(i)
    if len(by_signature) == 1:
        return
    for i, signature in enumerate(signatures):
        later = [
            j
            for other, members in by_signature.items()
            if other != signature
            for j in members[bisect_right(members, i) :]
        ]
        for j in sorted(later):
            yield group[i], group[j]


def _said(seen: Seen) -> str:
    view, record = seen
    return record.text if isinstance(record, (Quote, Claim)) else label(record, view.names)


def keep(row: ConflictRow, views: dict[str, View], sel: Selection) -> bool:
    """Whether a conflict passes the selection: one of its records is of a selected
    actor, and the search finds its words."""
    from .listings import actors_of

    if sel.actor_ids is not None:
        ends = [
            views[row["brief_a"]].index[row["record_a"]],
            views[row["brief_b"]].index[row["record_b"]],
        ]
        if all(sel.actor_ids.isdisjoint(actors_of(r)) for r in ends):
            return False
    if sel.search is not None:
        return sel.search.matches([row["subject"], row["value_a"], row["value_b"], row["kind"]])
    return True


def conflicts(views: Sequence[View], sel: Selection) -> list[ConflictRow]:
    """The disagreements of the corpus that pass ``sel``."""
    by_id = {view.id: view for view in views}
    return [row for row in find(views) if keep(row, by_id, sel)]
