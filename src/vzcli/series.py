"""Figures in series: the order they are listed in, and each point's change.

``change`` and ``change_pct`` compare a point with the previous point of its
series; they are computed here, from the brief's figures, so a brief never
stores them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .dates import sort_key
from .models import Stat

Change = tuple[int | float | None, float | None]
"""``(change, change_pct)`` of one point; None where no change is known."""


def _in_period_order(stats: Iterable[Stat]) -> list[Stat]:
    return sorted(stats, key=lambda s: (sort_key(s.period), s.spans[0][0]))


def series_order(stats: Iterable[Stat]) -> dict[str, int]:
    """Each figure's place in the list: in period order, the points of one series
    together, series in the order of their first point."""
    ordered = _in_period_order(stats)
    group: dict[str, int] = {}
    for s in ordered:
        group.setdefault(s.series or s.id, len(group))
    ordered.sort(key=lambda s: group[s.series or s.id])
    return {s.id: i for i, s in enumerate(ordered)}


def changes(stats: Iterable[Stat]) -> dict[str, Change]:
    """Each point of a series with its change from the series' previous point."""
    previous: dict[str, Stat] = {}
    found: dict[str, Change] = {}
    for s in _in_period_order(stats):
        if s.series is None:
            continue
        found[s.id] = change(previous.get(s.series), s)
        previous[s.series] = s
    return found


def change(before: Stat | None, after: Stat) -> Change:
    """``after``'s change from ``before``, absolute and in percent (None, None without one)."""
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
