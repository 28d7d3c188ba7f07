"""One record whole: the record a name or id names, with its links, the claims
about it and the records that refer to it (``vzcli show``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from .errors import QueryError
from .listings import CLAIMS, LINKS, LISTINGS
from .match import names_matching, suggestions
from .models import COLLECTIONS
from .pipeline import View
from .rows import LinkRow, Reference, Shown, ShownLink, label
from .selection import Selection, record_names


def find_record(views: Sequence[View], value: str) -> tuple[View, str]:
    """The one record ``value`` names, and its brief: an id (``BRIEF:ID`` in a corpus,
    or a bare id that only one brief has), or a name under the word rule.

    Raises :class:`QueryError` with a did-you-mean when nothing matches, and
    with the candidates when several do.
    """
    corpus = len(views) > 1
    where, _, bare = value.rpartition(":")
    by_id = {view.id: view for view in views}
    if where in by_id and bare in by_id[where].index:
        return by_id[where], bare
    having = [view for view in views if value in view.index]
    if len(having) == 1:
        return having[0], value
    found = [
        (view, rid) for view in views for rid in names_matching(value, record_names([view.brief]))
    ]
    if len(having) > 1:
        found = [(view, value) for view in having]
    if len(found) == 1:
        return found[0]
    if found:
        found.sort(key=lambda vr: (vr[0].position, vr[1]))

        def named(vr: tuple[View, str]) -> str:
            view, rid = vr
            return f"{view.id}:{rid}" if corpus else rid

        listed = "; ".join(
            f"{named(vr)} ({label(vr[0].index[vr[1]], vr[0].names)})" for vr in found[:8]
        )
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        give = "give BRIEF:ID" if corpus else "give an id"
        raise QueryError(f"{value!r} names {len(found)} records: {listed}{more}; {give}")
    spellings = [
        n for view in views for names in record_names([view.brief]).values() for n in names
    ]
    close = suggestions(value, spellings)
    hint = " did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""
    raise QueryError(f"unknown record {value!r};{hint} every listing's json has the ids")


def _directed(row: LinkRow, direction: str) -> ShownLink:
    # The link's row with its direction, the evidence (if any) still last.
    shown: dict[str, object] = {k: v for k, v in row.items() if k != "evidence"}
    shown["direction"] = direction
    if "evidence" in row:
        shown["evidence"] = row["evidence"]
    return cast(ShownLink, shown)


def show(views: Sequence[View], view: View, record_id: str) -> Shown:
    """One record of ``view`` whole: its row as its listing prints it, its links both
    ways (from any brief of ``views``), the claims about it and the records that
    refer to it."""
    record = view.index[record_id]
    collection = next(name for name, _, rec in view.brief.records() if rec is record)
    [row] = LISTINGS[collection].answer([view], Selection(ids=frozenset({record_id})))
    by_id = {v.id: v for v in views}

    def names_it(link: LinkRow, end: str) -> bool:
        found = by_id[link["brief"]].resolve(end)
        return found is not None and found[0] is view and found[1].id == record_id

    links = [
        _directed(link, direction)
        for link in LINKS.answer(views, Selection())
        for direction, end in (("out", link["source"]), ("in", link["target"]))
        if names_it(link, end)
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
