"""One record whole: the record a name or id names, with its links, the claims
about it and the records that refer to it (``vzcli show``)."""

from __future__ import annotations

from typing import cast

from .errors import QueryError
from .listings import CLAIMS, LINKS, LISTINGS
from .match import names_matching, suggestions
from .models import COLLECTIONS
from .pipeline import View
from .rows import LinkRow, Reference, Shown, ShownLink, label
from .selection import Selection, record_names


def find_record(view: View, value: str) -> str:
    """The id of the one record ``value`` names: an id, or a name under the word rule.

    Raises :class:`QueryError` with a did-you-mean when nothing matches, and
    with the candidates when several do.
    """
    records = view.index
    if value in records:
        return value
    spellings = record_names([view.brief])
    found = names_matching(value, spellings)
    if len(found) == 1:
        return found.pop()
    if found:
        names = view.names
        listed = "; ".join(f"{rid} ({label(records[rid], names)})" for rid in sorted(found)[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise QueryError(f"{value!r} names {len(found)} records: {listed}{more}; give an id")
    close = suggestions(value, [n for names in spellings.values() for n in names])
    hint = " did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""
    raise QueryError(f"unknown record {value!r};{hint} every listing's json has the ids")


def _directed(row: LinkRow, direction: str) -> ShownLink:
    # The link's row with its direction, the evidence (if any) still last.
    shown: dict[str, object] = {k: v for k, v in row.items() if k != "evidence"}
    shown["direction"] = direction
    if "evidence" in row:
        shown["evidence"] = row["evidence"]
    return cast(ShownLink, shown)


def show(view: View, record_id: str) -> Shown:
    """One record whole: its row as its listing prints it, its links both ways,
    the claims about it and the records that refer to it."""
    record = view.index[record_id]
    collection = next(name for name, _, rec in view.brief.records() if rec is record)
    [row] = LISTINGS[collection].answer([view], Selection(ids=frozenset({record_id})))
    links = [
        _directed(link, direction)
        for link in LINKS.answer([view], Selection())
        for direction, end in (("out", link["source"]), ("in", link["target"]))
        if end == record_id
    ]
    about = CLAIMS.answer([view], Selection(about=frozenset({record_id})))
    referenced: list[Reference] = []
    for name, spec in COLLECTIONS.items():
        refs = [ref for ref in spec.refs if ref.shown]
        for rec in getattr(view.brief, name) if refs else ():
            for ref in refs:
                value = getattr(rec, ref.field)
                if value == record_id or (ref.many and record_id in value):
                    referenced.append(
                        {
                            "id": rec.id,
                            "collection": name,
                            "field": ref.field,
                            "label": label(rec, view.names),
                        }
                    )
    return {
        "id": record_id,
        "collection": collection,
        "label": label(record, view.names),
        "record": row,
        "links": links,
        "claims_about": about,
        "referenced_by": referenced,
    }
