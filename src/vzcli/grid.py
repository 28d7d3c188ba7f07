"""``positions --matrix``: the positions pivoted into holders and what they stand towards.

Kept apart from :mod:`vzcli.listings`, which declares the listings; this is
one view of one of them, for ``--matrix`` and the report.
"""

from __future__ import annotations

from collections.abc import Sequence

from .rows import PositionRow

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
    from .render import mark
    from .rows import is_inferred

    cells: dict[tuple[str, tuple[str | None, str | None]], tuple[str, str, list[str]]] = {}
    for r in rows:
        # (actor, None) or (None, issue): an actor's id and an issue's words
        # stay apart even when they read alike.
        towards = (r["target"], None) if r["target"] else (None, r["issue"])
        # One of the two is set; each is marked when the brief infers it.
        label = (
            mark(r, "target_name", r["target_name"])
            if r["target_name"]
            else mark(r, "issue", r["issue"] or "")
        )
        _, _, stances = cells.setdefault((r["holder"], towards), (r["holder_name"], label, []))
        stance = mark(r, "stance", r["stance"].replace("_", " "))
        said = f"{stance}: {r['issue']}" if r["target"] and r["issue"] else stance
        if is_inferred(r, "holder"):  # said of this stance: the holder's row holds others
            said += " (holder inferred)"
        if said not in stances:
            stances.append(said)
    body = [[holder, label, "; ".join(stances)] for holder, label, stances in cells.values()]
    by_holder: dict[str, int] = {}
    for row in body:
        by_holder.setdefault(row[0], len(by_holder))
    body.sort(key=lambda row: by_holder[row[0]])  # a holder's rows together, stably
    return list(MATRIX_FIELDS), body
