"""Provenance checks: prove a brief against the article it describes.

Kept apart from :mod:`vzcli.brief` so that the query commands never import it.
Coverage is closed-world: every quotation-marked passage, every figure and
every sentence of the article must be accounted for by a record or by an
exclusion with a reason.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .brief import compare_article, sha256_of
from .models import Brief, Claim, Event, ExclusionKind, Quote, QuoteKind, Stat
from .sentences import Sentence, split

# Quotation marks as the article prints them: curly pairs, and straight ones
# for articles typed without them.  Apostrophes are not quotation marks.
_QUOTED = re.compile(r"“([^”]*)”|\"([^\"\n]*)\"")
# A figure: digits, with comma thousands separators in groups of three and
# an optional decimal part ("476,000", "5.3", "2019").  "1.2.3" reads as
# the figures "1.2" and "3", never as one unparseable number.
_FIGURE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_SCALE = {"thousand": Decimal(10**3), "million": Decimal(10**6), "billion": Decimal(10**9)}
_SCALE_WORD = re.compile(r"\s+(thousand|million|billion)\b")


@dataclass(frozen=True)
class Todo:
    """One thing left to do on a brief: what kind, where in the article, what to do."""

    kind: str
    """source, quote, hedge, quotation, figure, sentence, inferred, actor, words or anchor"""
    start: int | None
    end: int | None
    text: str
    """the article's words there (a sentence's first words)"""
    task: str
    sentence: int | None = None


@dataclass
class Check:
    """One thing verify looked at: what, every problem found, and the to-do items."""

    name: str
    detail: str
    problems: list[str] = field(default_factory=list)
    todo: list[Todo] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def glimpse(text: str, width: int = 40) -> str:
    """The start of ``text``, at most ``width`` characters, with ``…`` where it is cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def counted(count: int, one: str, many: str) -> str:
    """``1 figure``, ``3 figures``: a count and the words that agree with it."""
    return f"{count} {one if count == 1 else many}"


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


def source_problems(brief: Brief, article: str) -> list[str]:
    """Why ``article`` is not the text the brief describes (empty when it is)."""
    found = compare_article(brief.source, article)
    problems = []
    if found is not None and found.sha256 != found.expected_sha256:
        problems.append(
            f"sha256 of the article is {found.sha256}, the brief expects {found.expected_sha256}"
        )
    if found is not None and found.length != found.expected_length:
        problems.append(
            f"the article has {found.length} characters, the brief expects {found.expected_length}"
        )
    return problems


def check_source(brief: Brief, article: str) -> list[Check]:
    """Every provenance and coverage check of ``brief`` against ``article``."""
    source = Check(
        "source",
        f"article sha256 and length match the brief ({brief.source.sha256[:12]}…, "
        f"{brief.source.length} characters)",
        source_problems(brief, article),
    )
    if not source.ok:
        from .variants import describe, same_article

        copy = same_article(article, brief.source.sha256, brief.source.length)
        if copy is not None:
            # The article in other bytes: never advise re-hashing the brief to the
            # copy, and check the rest against the article itself, not at offsets
            # the copy shifts.
            article, ways = copy
            source.problems.append(describe("the file given", ways))
            task = f"get the article back: {'; '.join(w.fix for w in ways)}"
        else:
            digest = sha256_of(article)
            task = (
                f'set source.sha256 to "{digest}" and source.length to {len(article)} '
                "(or pass the article the brief was made from)"
            )
        source.todo.append(Todo("source", None, None, "", task))
    # Spans past the article's length are already an integrity problem:
    # the brief records the length, and the source check compares it.
    from . import anchors, fidelity  # they build on this module's Check

    checks = [
        source,
        _check_quotes(brief, article),
        _check_hedges(brief, article),
        _check_quotation_coverage(brief, article),
        _check_figure_coverage(brief, article),
        _check_sentence_coverage(brief, article),
        *fidelity.checks(brief, article),
        anchors.check(brief, article),
    ]
    # Every to-do item says which sentence it is in, so a person can find it.
    starts = [s.start for s in split(article)]
    for check in checks:
        check.todo = [
            replace(t, sentence=bisect.bisect_right(starts, t.start))
            if t.sentence is None and t.start is not None
            else t
            for t in check.todo
        ]
    return checks


def _check_quotes(brief: Brief, article: str) -> Check:
    direct = [(i, q) for i, q in enumerate(brief.quotes) if q.kind is QuoteKind.DIRECT]
    check = Check(
        "quotations",
        f"{counted(len(direct), 'direct quotation sits', 'direct quotations sit')} "
        "verbatim at their offsets",
    )
    for i, q in direct:
        start, end = q.spans[0]
        found = article[start:end]
        if found != q.text:
            # Where the text does occur (the first three), ready to paste.
            at = ", ".join(f"[{m}, {m + len(q.text)}]" for m in _occurrences(article, q.text)[:3])
            check.problems.append(
                f"quotes[{i}] ({q.id}): spans[0] [{start}, {end}] covers {found!r}, "
                f"not the quote's text {q.text!r}; "
                + (
                    f"its text occurs at {at}"
                    if at
                    else "the article does not print its text (run vzcli locate)"
                )
            )
            task = (
                f"set spans[0] to where its text occurs: {at}"
                if at
                else "the article does not print its text: copy it verbatim (vzcli locate finds it)"
            )
            check.todo.append(Todo("quote", start, end, found, f"quotes[{i}] ({q.id}): {task}"))
    return check


def _occurrences(text: str, needle: str) -> list[int]:
    """Where ``needle`` starts in ``text``, every time."""
    found, at = [], text.find(needle)
    while needle and at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _hedged(brief: Brief) -> Iterator[tuple[str, str, str, list[tuple[int, int]]]]:
    """``(path, field, words, spans)`` of every hedge and lag the brief quotes."""
    for name in ("claims", "stats"):
        for i, rec in enumerate(getattr(brief, name)):
            if rec.hedge is not None:
                yield f"{name}[{i}] ({rec.id})", "hedge", rec.hedge, rec.spans
    for i, link in enumerate(brief.links):
        if link.lag is not None:
            yield f"links[{i}] ({link.id})", "lag", link.lag, link.spans


def _check_hedges(brief: Brief, article: str) -> Check:
    hedged = list(_hedged(brief))
    check = Check(
        "hedges",
        f"{counted(len(hedged), 'hedge or lag stands', 'hedges and lags stand')} verbatim inside "
        "their records' spans",
    )
    for path, name, words, spans in hedged:
        if not any(words in article[s:e] for s, e in spans):
            check.problems.append(
                f"{path}: the {name} {words!r} is not in the article's text at its spans"
            )
            at = _occurrences(article, words)
            where = f"; the article prints it at [{at[0]}, {at[0] + len(words)}]" if at else ""
            check.todo.append(
                Todo(
                    "hedge",
                    spans[0][0],
                    spans[0][1],
                    words,
                    f"{path}: copy the {name} verbatim from its spans{where}",
                )
            )
    return check


def quotation_passages(article: str) -> list[tuple[int, int]]:
    """``[start, end)`` of the text inside each pair of quotation marks."""
    # Group 1 is the text inside curly marks, group 2 inside straight ones.
    return [m.span(1 if m[1] is not None else 2) for m in _QUOTED.finditer(article)]


def _check_quotation_coverage(brief: Brief, article: str) -> Check:
    quoted = {q.spans[0] for q in brief.quotes if q.kind is QuoteKind.DIRECT}
    excluded = {x.span for x in brief.excluded if x.kind is ExclusionKind.QUOTATION}
    passages = quotation_passages(article)
    n_quoted = sum(1 for p in passages if p in quoted)
    n_excluded = sum(1 for p in passages if p in excluded and p not in quoted)
    check = Check(
        "quotation coverage",
        f"{counted(len(passages), 'quotation-marked passage', 'quotation-marked passages')}: "
        f"{counted(n_quoted, 'is a quote', 'are quotes')}, "
        f"{n_excluded} excluded with a reason",
    )
    for start, end in passages:
        if (start, end) not in quoted and (start, end) not in excluded:
            check.problems.append(
                f"[{start}, {end}] {article[start:end]!r} is quoted in the article "
                "but is neither a direct quote nor excluded"
            )
            check.todo.append(
                Todo(
                    "quotation",
                    start,
                    end,
                    article[start:end],
                    "make it a direct quote (spans[0] exactly here) or exclude it",
                )
            )
    return check


def figure_value(article: str, start: int, end: int) -> Decimal:
    # Decimal, not float: "2.01 million" is 2010000 exactly, where the float
    # product is 2009999.9999999998 and would match no stat's value.
    number = Decimal(article[start:end].replace(",", ""))
    scale = _SCALE_WORD.match(article, end)
    return number * _SCALE[scale[1]] if scale else number


def _date_numbers(rec: Stat | Event | Quote | Claim) -> set[float]:
    """The numbers a record's date is written with: year, month and day of each known end."""
    when = rec.period if isinstance(rec, Stat) else rec.date
    if when is None:
        return set()
    ends = ([] if when.open_start else [when.earliest]) + ([] if when.open_end else [when.latest])
    return {float(n) for day in ends for n in (day.year, day.month, day.day)}


def _inside(pos: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos[0] and pos[1] <= e for s, e in spans)


def figures(article: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every figure in the article."""
    return [(m.start(), m.end()) for m in _FIGURE.finditer(article)]


def figure_covered(brief: Brief, article: str, start: int, end: int) -> bool:
    """Whether the figure at ``[start, end)`` is a stat's value or date, or the date of
    a dated record whose spans contain it."""
    value = figure_value(article, start, end)
    raw = float(article[start:end].replace(",", ""))
    if any(
        _inside((start, end), s.spans)
        and (value == Decimal(repr(s.value)) or raw in _date_numbers(s))
        for s in brief.stats
    ):
        return True
    dated: list[Event | Quote | Claim] = [*brief.events, *brief.quotes, *brief.claims]
    return any(_inside((start, end), r.spans) and raw in _date_numbers(r) for r in dated)


def _check_figure_coverage(brief: Brief, article: str) -> Check:
    excluded = [x.span for x in brief.excluded if x.kind is ExclusionKind.FIGURE]
    found = figures(article)
    check = Check("figure coverage", "")
    n_excluded = 0
    for start, end in found:
        if _inside((start, end), excluded):
            n_excluded += 1
            continue
        if not figure_covered(brief, article, start, end):
            check.problems.append(
                f"[{start}, {end}] figure {article[start:end]!r} is not the value or date of a "
                "stat, nor the date of a record whose spans cover it, nor excluded"
            )
            check.todo.append(
                Todo(
                    "figure",
                    start,
                    end,
                    article[start:end],
                    "make it a stat's value or period, the date of a record citing it, "
                    "or exclude it",
                )
            )
    covered = len(found) - n_excluded - len(check.problems)
    check.detail = (
        f"{counted(len(found), 'figure', 'figures')}: "
        f"{counted(covered, 'is a stat or date', 'are stats or dates')}, "
        f"{n_excluded} excluded with a reason"
    )
    return check


# --- sentences ------------------------------------------------------------

MAX_SENTENCES_PER_SPAN = 2
"""A span covers a sentence only if it stretches over at most this many:
a span over a whole paragraph would otherwise cover every sentence in it."""


def sentence_covers(brief: Brief, sentences: list[Sentence]) -> list[list[str]]:
    """For each sentence, what covers it: record ids, ``source`` or ``excluded[i]``.

    A span covers a sentence when it overlaps at least half of the sentence's
    characters and itself touches no more than two sentences.  Only
    exclusions of kind ``sentence`` count.
    """
    starts = [s.start for s in sentences]
    covers: list[list[str]] = [[] for _ in sentences]

    def add(label: str, start: int, end: int) -> None:
        # The span touches the sentences that start before its end (those
        # before ``last``) and end after its start.  ``first`` only saves time:
        # the sentences before it end before the span starts, so the test
        # below drops them anyway (its mutants are equivalent).
        first = max(bisect.bisect_right(starts, start) - 1, 0)  # pragma: no mutate
        last = bisect.bisect_left(starts, end)
        touched = [
            k
            for k in range(first, last)  # pragma: no mutate
            if start < sentences[k].end
        ]
        if not touched or len(touched) > MAX_SENTENCES_PER_SPAN:
            return
        for k in touched:
            sent = sentences[k]
            overlap = min(end, sent.end) - max(start, sent.start)
            if 2 * overlap >= sent.end - sent.start and label not in covers[k]:
                covers[k].append(label)

    for start, end in brief.source.spans:
        add("source", start, end)
    for _, _, rec in brief.records():
        for start, end in rec.spans:
            add(rec.id, start, end)
    for i, x in enumerate(brief.excluded):
        if x.kind is ExclusionKind.SENTENCE:
            add(f"excluded[{i}]", *x.span)
    return covers


def _check_sentence_coverage(brief: Brief, article: str) -> Check:
    sentences = split(article)
    covers = sentence_covers(brief, sentences)
    uncovered = [sentences[k] for k, c in enumerate(covers) if not c]
    n_excluded = sum(1 for c in covers if c and all(x.startswith("excluded[") for x in c))
    check = Check(
        "sentence coverage",
        f"{len(sentences) - len(uncovered)} of {counted(len(sentences), 'sentence', 'sentences')} "
        f"({n_excluded} excluded with a reason)",
    )
    for s in uncovered:
        check.problems.append(
            f"sentence {s.number} [{s.start}, {s.end}] {s.first_words()!r} is not covered: "
            "no record has a span over at least half of it (and over at most two sentences), "
            "and it is not excluded"
        )
        check.todo.append(
            Todo(
                "sentence",
                s.start,
                s.end,
                s.first_words(),
                "cite it in the record that holds what it says (a span over half of it), "
                "or exclude it",
            )
        )
    return check


# --- a corpus -----------------------------------------------------------------


def corpus_checks(briefs: Sequence[tuple[str, str, Brief]]) -> list[Check]:
    """What must hold between the briefs of a corpus, given as ``(id, name, brief)``:
    one id each, one kind and side per actor id, and every link to another brief
    naming a record of a loaded one."""
    ids = Check(
        "brief ids", f"each of the {counted(len(briefs), 'brief', 'briefs')} has an id of its own"
    )
    first: dict[str, str] = {}
    for brief_id, name, _ in briefs:
        if brief_id in first:
            ids.problems.append(
                f"{name} and {first[brief_id]} are both brief {brief_id!r}: give one a source.id"
            )
        first.setdefault(brief_id, name)
    actors = Check("actors", "an actor id has one kind, and one side where a brief gives one")
    seen: dict[str, dict[str, tuple[str, str]]] = {}  # actor -> field -> (value, brief)
    for brief_id, _, brief in briefs:
        for actor in brief.actors:
            known = seen.setdefault(actor.id, {})
            for what, value in (("kind", actor.kind.value), ("side", actor.side)):
                if value is None:
                    continue  # this source does not say
                other = known.setdefault(what, (value, brief_id))
                if other[0] != value:
                    actors.problems.append(
                        f"actor {actor.id!r}: {what} {other[0]!r} in brief {other[1]!r}, "
                        f"{value!r} in brief {brief_id!r}"
                    )
    records = {brief_id: {rec.id for _, _, rec in brief.records()} for brief_id, _, brief in briefs}
    links = Check("links across briefs", "every BRIEF:ID names a record of a loaded brief")
    for brief_id, _, brief in briefs:
        for i, link in enumerate(brief.links):
            for end in (link.source, link.target):
                where, _, record = end.rpartition(":")
                if not where or where == brief_id:
                    continue
                if where not in records:
                    links.problems.append(
                        f"brief {brief_id!r} links[{i}] ({link.id}): {end!r} is in brief "
                        f"{where!r}, which is not loaded"
                    )
                elif record not in records[where]:
                    links.problems.append(
                        f"brief {brief_id!r} links[{i}] ({link.id}): brief {where!r} has no "
                        f"record {record!r}"
                    )
    return [ids, actors, links]
