"""Integrity beyond types: the rules of a brief that its field types cannot express.

Ids unique across the brief, references that resolve to the right
collections, spans inside the article, points of one series alike, a hedge
where a claim is graded, ``inferred`` only on fields that have a value.
Every problem is reported at once, with its record path.
"""

from collections.abc import Callable, Iterable
from dataclasses import fields

from .models import (
    COLLECTIONS,
    RECORD_COLLECTIONS,
    ActorKind,
    Brief,
    Certainty,
    Record,
    Source,
    Stat,
    is_empty,
)

# Fields that are never "inferred": identity and provenance.
_NOT_INFERABLE = frozenset({"id", "spans", "inferred"})


def check_integrity(brief: Brief, loaded: Iterable[str] | None = None) -> list[str]:
    """Every problem types cannot catch, as ``path: message`` lines.

    Ids must be unique across the brief, references must resolve to the
    right collections, spans must lie inside the article, points of one
    series must share a unit and a metric, a hedged claim must say its
    hedge, and ``inferred`` may name only fields that have a value.  With
    ``loaded``, only those collections (and actors) were read: references
    into the others are not checked.
    """
    problems: list[str] = []
    add = problems.append
    length = brief.source.length
    have = set(COLLECTIONS) if loaded is None else {"actors", *loaded}

    owner: dict[str, str] = {}  # id -> collection
    for name in RECORD_COLLECTIONS:
        if name not in have:
            continue
        for i, rec in enumerate(getattr(brief, name)):
            if rec.id in owner:
                add(f"{name}[{i}].id: duplicate id {rec.id!r} (ids are unique across the brief)")
            else:
                owner[rec.id] = name

    own = brief.source.id
    for name, spec in COLLECTIONS.items():
        for ref in spec.refs:
            if name not in have or not all(t in have for t in ref.to):
                continue  # one side of the reference was not read
            what = COLLECTIONS[ref.to[0]].singular if len(ref.to) == 1 else "record"
            for i, rec in enumerate(getattr(brief, name)):
                value = getattr(rec, ref.field)
                for j, named in enumerate(value) if ref.many else [(None, value)]:
                    if named is None:
                        continue
                    where, _, item = named.rpartition(":")  # BRIEF:ID, or a bare id
                    if where and where != own:
                        continue  # another brief's: the corpus checks it (vzcli verify)
                    path = f"{name}[{i}].{ref.field}" + ("" if j is None else f"[{j}]")
                    if owner.get(item) not in ref.to:
                        hint = _unknown_hint(brief, owner, item, ref.to)
                        add(f"{path}: unknown {what} {item!r}{hint}")
                    elif item == rec.id:
                        add(f"{path}: a record cannot refer to itself")

    def span(path: str, start: int, end: int) -> None:
        if end <= start:
            add(f"{path}: span [{start}, {end}] is empty or reversed: start < end")
        elif end > length:
            add(f"{path}: [{start}, {end}] ends past the article's {length} characters")

    for j, (start, end) in enumerate(brief.source.spans):
        if end <= start or end > length:
            span(f"source.spans[{j}]", start, end)
    if brief.source.inferred:
        _check_inferred("source", brief.source, add)
    for name in RECORD_COLLECTIONS:
        if name not in have:
            continue
        for i, rec in enumerate(getattr(brief, name)):
            for j, (start, end) in enumerate(rec.spans):
                if end <= start or end > length:
                    span(f"{name}[{i}].spans[{j}]", start, end)
            if rec.inferred:
                _check_inferred(f"{name}[{i}]", rec, add)
    if "excluded" in have:
        for i, x in enumerate(brief.excluded):
            span(f"excluded[{i}].span", *x.span)

    _check_rules(brief, have, add)
    return problems


def _unknown_hint(brief: Brief, owner: dict[str, str], item: str, to: tuple[str, ...]) -> str:
    """What an unknown reference may have meant: the actor it names (an actor is
    referred to by id, not by name or alias), the collection it is an id of, or the
    closest id; ``""`` when nothing is close."""
    from .match import suggestions, words  # only on this error path

    if "actors" in to:
        # As --actor reads names, word by word: 'town-hall' is the alias "Town Hall".
        wanted = words(item)
        for actor in brief.actors:
            if words(actor.name) == wanted:
                return f" ({item!r} is the name of {actor.id!r}: use the id {actor.id!r})"
            if any(words(alias) == wanted for alias in actor.aliases):
                return f" ({item!r} is an alias of {actor.id!r}: use the id {actor.id!r})"
    if item in owner:
        return f" ({item!r} is an id in {owner[item]}, not in {' or '.join(to)})"
    close = suggestions(item, [i for i, name in owner.items() if name in to], limit=1)
    return f"; did you mean {close[0]!r}?" if close else ""


_INFERABLE: dict[type, frozenset[str]] = {}


def _check_inferred(path: str, rec: Record | Source, add: Callable[[str], None]) -> None:
    names = _INFERABLE.get(type(rec))
    if names is None:  # once per record type: a corpus checks thousands of records
        names = _INFERABLE[type(rec)] = frozenset(f.name for f in fields(rec)) - _NOT_INFERABLE
    for key, reason in rec.inferred.items():
        if key not in names:
            add(f"{path}.inferred: {key!r} is not a field that can be inferred")
        elif is_empty(getattr(rec, key)):
            add(f"{path}.inferred.{key}: the field has no value to be inferred")
        elif "\n" in reason or "\r" in reason:
            add(f"{path}.inferred.{key}: a reason is one line")


def _check_rules(brief: Brief, have: set[str], add: Callable[[str], None]) -> None:
    """Rules of single records and of series, which types cannot express."""
    if "actors" in have:
        authors = [a for a in brief.actors if a.kind is ActorKind.AUTHOR]
        if not authors:
            add(
                "actors: no actor of kind 'author': the article's author is an actor, "
                "named as source.author names them"
            )
        for a in authors:
            if a.name not in brief.source.author:
                i = brief.actors.index(a)
                add(
                    f"actors[{i}].name: author {a.name!r} is not named in "
                    f"source.author {brief.source.author!r}"
                )
    if "positions" in have:
        for i, p in enumerate(brief.positions):
            if p.target is None and p.issue is None:
                add(f"positions[{i}]: a position needs a target, an issue, or both")
    if "claims" in have:
        for i, c in enumerate(brief.claims):
            if c.certainty is Certainty.STATED and c.hedge is not None:
                add(f"claims[{i}].hedge: a stated claim has no hedge; grade it or drop the hedge")
            elif c.certainty is not Certainty.STATED and c.hedge is None:
                add(
                    f"claims[{i}].hedge: a claim graded {c.certainty.value!r} needs the "
                    "article's hedging words"
                )
    if "links" in have:
        seen: set[tuple[str, str, str]] = set()
        for i, link in enumerate(brief.links):
            triple = (link.source, link.relation.value, link.target)
            if link.source == link.target:
                add(f"links[{i}]: a record cannot be linked to itself")
            elif triple in seen:
                add(f"links[{i}]: {' '.join(triple)} is listed twice")
            seen.add(triple)
    if "stats" in have:
        first: dict[str, Stat] = {}
        for i, st in enumerate(brief.stats):
            if st.series is None:
                continue
            head = first.setdefault(st.series, st)
            for attr in ("unit", "metric", "measure"):
                mine, theirs = getattr(st, attr), getattr(head, attr)
                if mine != theirs:
                    add(
                        f"stats[{i}].{attr}: {str(mine)!r} differs from {str(theirs)!r} "
                        f"of the first point of series {st.series!r}"
                    )
