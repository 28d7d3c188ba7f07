"""Provenance checks: prove a brief against the article it describes.

Kept apart from :mod:`vzcli.brief` so that the query commands never import it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .models import Brief, Event, ExclusionKind, QuoteKind, Stat

# Quotation marks as the article prints them: curly pairs, and straight ones
# for articles typed without them.  Apostrophes are not quotation marks.
_QUOTED = re.compile(r"“([^”]*)”|\"([^\"\n]*)\"")
# A figure: digits, with comma thousands separators in groups of three and
# an optional decimal part ("476,000", "5.3", "2019").  "1.2.3" reads as
# the figures "1.2" and "3", never as one unparseable number.
_FIGURE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_SCALE_WORD = re.compile(r"\s+(thousand|million|billion)\b")


@dataclass
class Check:
    """One thing verify looked at: what, and every problem found."""

    name: str
    detail: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def duplicate_keys(text: str) -> list[str]:
    """Objects in ``text`` that repeat a key (JSON parsers keep only the last).

    Costs a second parse, so only ``verify`` runs it, not every query.
    """
    problems: list[str] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                problems.append(f"duplicate key {key!r} in one object (only the last would count)")
            seen.add(key)
        return dict(pairs)

    with contextlib.suppress(ValueError, RecursionError):  # validation reports those
        json.loads(text, object_pairs_hook=hook)
    return problems


def check_source(brief: Brief, article: str) -> list[Check]:
    """Every provenance and coverage check of ``brief`` against ``article``."""
    digest = hashlib.sha256(article.encode("utf-8")).hexdigest()
    checks = [
        Check(
            "source",
            f"article sha256 and length match the brief ({brief.source.sha256[:12]}…, "
            f"{brief.source.length} characters)",
        )
    ]
    if digest != brief.source.sha256:
        checks[0].problems.append(
            f"sha256 of the article is {digest}, the brief expects {brief.source.sha256}"
        )
    if len(article) != brief.source.length:
        checks[0].problems.append(
            f"the article has {len(article)} characters, the brief expects {brief.source.length}"
        )
    # Spans past the article's length are already an integrity problem:
    # the brief records the length, and the source check compares it.
    checks.append(_check_quotes(brief, article))
    checks.append(_check_quotation_coverage(brief, article))
    checks.append(_check_figure_coverage(brief, article))
    return checks


def _check_quotes(brief: Brief, article: str) -> Check:
    direct = [(i, q) for i, q in enumerate(brief.quotes) if q.kind is QuoteKind.DIRECT]
    check = Check("quotations", f"{len(direct)} direct quotations sit verbatim at their offsets")
    for i, q in direct:
        start, end = q.spans[0]
        found = article[start:end]
        if found != q.text:
            check.problems.append(
                f"quotes[{i}] ({q.id}): the article at [{start}, {end}] reads {found!r}, "
                f"not the quoted {q.text!r}"
            )
    return check


def _check_quotation_coverage(brief: Brief, article: str) -> Check:
    quoted = {q.spans[0] for q in brief.quotes if q.kind is QuoteKind.DIRECT}
    excluded = {x.span for x in brief.excluded if x.kind is ExclusionKind.QUOTATION}
    passages = [
        (m.start(m.lastindex or 0), m.end(m.lastindex or 0)) for m in _QUOTED.finditer(article)
    ]
    n_excluded = sum(1 for p in passages if p in excluded)
    check = Check(
        "quotation coverage",
        f"{len(passages)} quotation-marked passages: {len(passages) - n_excluded} are quotes, "
        f"{n_excluded} excluded with a reason",
    )
    for start, end in passages:
        if (start, end) not in quoted and (start, end) not in excluded:
            check.problems.append(
                f"[{start}, {end}] {article[start:end]!r} is quoted in the article "
                "but is neither a direct quote nor excluded"
            )
    return check


def _figure_value(article: str, start: int, end: int) -> float:
    number = float(article[start:end].replace(",", ""))
    scale = _SCALE_WORD.match(article, end)
    return number * _SCALE[scale[1]] if scale else number


def _date_numbers(stat_or_event: Stat | Event) -> set[float]:
    when = stat_or_event.period if isinstance(stat_or_event, Stat) else stat_or_event.date
    if when is None:
        return set()
    numbers: set[float] = set()
    for d in (when.earliest, when.latest):
        if d.year not in (1, 9999):  # the open ends of an interval
            numbers |= {float(d.year), float(d.month), float(d.day)}
    return numbers


def _inside(pos: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos[0] and pos[1] <= e for s, e in spans)


def _check_figure_coverage(brief: Brief, article: str) -> Check:
    excluded = [x.span for x in brief.excluded if x.kind is ExclusionKind.FIGURE]
    figures = [(m.start(), m.end()) for m in _FIGURE.finditer(article)]
    n_excluded = sum(1 for f in figures if _inside(f, excluded))
    check = Check("figure coverage", "")
    uncovered = 0
    for start, end in figures:
        if _inside((start, end), excluded):
            continue
        value = _figure_value(article, start, end)
        raw = float(article[start:end].replace(",", ""))
        covered = any(
            _inside((start, end), s.spans) and (value == s.value or raw in _date_numbers(s))
            for s in brief.stats
        ) or any(_inside((start, end), e.spans) and raw in _date_numbers(e) for e in brief.events)
        if not covered:
            uncovered += 1
            check.problems.append(
                f"[{start}, {end}] figure {article[start:end]!r} is not the value or date of a "
                "stat, nor the date of an event whose spans cover it, nor excluded"
            )
    covered_count = len(figures) - n_excluded - uncovered
    check.detail = (
        f"{len(figures)} figures: {covered_count} are stats or event dates, "
        f"{n_excluded} excluded with a reason"
    )
    return check
