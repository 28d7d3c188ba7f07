"""``vzcli briefs``: the briefs of a corpus as rows, oldest publication first."""

from __future__ import annotations

from collections.abc import Sequence

from .pipeline import View
from .rows import BriefRow
from .selection import Selection


def brief_rows(views: Sequence[View], sel: Selection) -> list[BriefRow]:
    """One row per brief in the window, the actors and the search asked for: its source,
    how many records of each collection it holds, and, with ``--sources``, its article."""
    rows = []
    for view in sorted(views, key=lambda v: v.published):
        source = view.brief.source
        if not sel.window.admits(source.published):
            continue
        if sel.actor_ids is not None and sel.actor_ids.isdisjoint(a.id for a in view.brief.actors):
            continue
        fields = [source.title, source.outlet, source.author, source.dateline, view.id]
        if sel.search is not None and not sel.search.matches(fields):
            continue
        row: BriefRow = {
            "brief": view.id,
            "title": source.title,
            "outlet": source.outlet,
            "author": source.author,
            "published": None if source.published is None else source.published.text,
            "dateline": source.dateline,
            "url": source.url,
            "file": view.file,
            "actors": len(view.brief.actors),
            "events": len(view.brief.events),
            "quotes": len(view.brief.quotes),
            "positions": len(view.brief.positions),
            "claims": len(view.brief.claims),
            "stats": len(view.brief.stats),
            "links": len(view.brief.links),
            "excluded": len(view.brief.excluded),
        }
        if view.article_status is not None:
            row["article"] = view.article_status
        rows.append(row)
    return rows
