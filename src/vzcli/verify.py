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
from .models import Brief, Claim, Event, ExclusionKind, Quote, QuoteKind, Source, Stat
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


def check_source(brief: Brief, article: str, path: str = "FILE") -> list[Check]:
    """Every provenance and coverage check of ``brief`` against ``article``, read from
    ``path`` (named in the command that gets the article back from a copy)."""
    source = Check(
        "source",
        f"article sha256 and length match the brief ({brief.source.sha256[:12]}…, "
        f"{brief.source.length} characters)",
        source_problems(brief, article),
    )
    if not source.ok:
        from .variants import command, describe, same_article

        copy = same_article(article, brief.source.sha256, brief.source.length)
        if copy is not None:
            # The article in other bytes: never advise re-hashing the brief to the
            # copy, and check the rest against the article itself, not at offsets
            # the copy shifts.
            article, ways = copy
            source.problems.append(describe("the file given", ways, path))
            task = f"get the article back: {command(ways, path)}"
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
    check = Check("quotations", "")
    for i, q in direct:
        start, end = q.spans[0]
        found = article[start:end]
        if found != q.text:
            hint, task = _quote_hint(article, q.text, start, end)
            check.problems.append(
                f"quotes[{i}] ({q.id}): spans[0] [{start}, {end}] covers {found!r}, "
                f"not the quote's text {q.text!r}; {hint}"
            )
            check.todo.append(Todo("quote", start, end, found, f"quotes[{i}] ({q.id}): {task}"))
    # On failure the line says how many do sit, not how many there are.
    sit = len(direct) - len(check.problems)
    check.detail = (
        f"{'' if check.ok else f'{sit} of '}"
        f"{counted(len(direct), 'direct quotation sits', 'direct quotations sit')} "
        "verbatim at their offsets"
    )
    return check


# A quotation's own marks, as ``_QUOTED`` reads them: a direct quote's text is the
# words inside them.
_OPENING, _CLOSING = '“"', '”"'


def _quote_hint(article: str, text: str, start: int, end: int) -> tuple[str, str]:
    """What to do about a direct quote whose ``spans[0]`` does not hold its text: the
    end of the problem's line, and the to-do item's task."""
    if len(text) > 1 and text[0] in _OPENING and text[-1] in _CLOSING:
        # Pasted with its quotation marks: the span must stay inside them (quotation
        # coverage reads the passage between the marks), so the marks go.
        words = text[1:-1]
        if article[start:end] == words:
            fix = "drop the quotation marks from text (spans[0] already holds its words)"
        else:
            at = _places(article, words)
            fix = "drop the quotation marks from text" + (
                f" and set spans[0] to where its words occur: {at}"
                if at
                else ", and copy the words between them verbatim (vzcli locate finds them)"
            )
        return fix, fix
    # Where the text does occur (the first three), ready to paste.
    at = _places(article, text)
    if at:
        return f"its text occurs at {at}", f"set spans[0] to where its text occurs: {at}"
    return (
        "the article does not print its text (run vzcli locate)",
        "the article does not print its text: copy it verbatim (vzcli locate finds it)",
    )


def _places(article: str, text: str) -> str:
    """The first three ``[start, end]`` where ``text`` occurs, or ``""``."""
    return ", ".join(f"[{m}, {m + len(text)}]" for m in _occurrences(article, text)[:3])


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
    check = Check("hedges", "")
    for path, name, words, spans in hedged:
        if not any(words in article[s:e] for s, e in spans):
            at = _occurrences(article, words)
            near = _nearest(article, words, spans)
            held = (
                f"hold {article[near[0] : near[1]]!r} at [{near[0]}, {near[1]}]"
                if near
                else "hold nothing like it"
            )
            check.problems.append(
                f"{path}: the {name} {words!r} is not in the article's text at its spans; "
                f"its spans {held}; "
                + (
                    f"{words!r} occurs at {_places(article, words)}"
                    if at
                    else "the article does not print it anywhere"
                )
            )
            where = f"; the article prints it at [{at[0]}, {at[0] + len(words)}]" if at else ""
            check.todo.append(
                Todo(
                    "hedge",
                    spans[0][0],
                    spans[0][1],
                    words,
                    f"{path}: copy the {name} verbatim from its spans (they {held}){where}",
                )
            )
    check.detail = (
        f"{'' if check.ok else f'{len(hedged) - len(check.problems)} of '}"
        f"{counted(len(hedged), 'hedge or lag stands', 'hedges and lags stand')} verbatim inside "
        "their records' spans"
    )
    return check


_WORDS = re.compile(r"\w+(?:['\u2019]\w+)*")  # "Putin's" is one word
_NEAR = 0.6
"""How alike (difflib's ratio, case-folded) a passage must be to be shown as the
one a mistyped hedge meant; difflib's own cut-off for close matches."""


def _nearest(article: str, words: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """``[start, end)`` of the passage in ``spans`` likest ``words`` (as many words,
    compared case-folded), the first of the likest; None when none is alike enough."""
    from difflib import SequenceMatcher  # only on this error path

    n = len(_WORDS.findall(words))
    wanted = words.casefold()
    best: tuple[float, int, int] | None = None
    for s, e in spans:
        tokens = [(m.start(), m.end()) for m in _WORDS.finditer(article, s, e)]
        for i in range(len(tokens) - n + 1 if n else 0):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            ratio = SequenceMatcher(None, wanted, article[start:end].casefold()).ratio()
            if ratio >= _NEAR and (best is None or ratio > best[0]):
                best = (ratio, start, end)
    return None if best is None else (best[1], best[2])


def quotation_passages(article: str) -> list[tuple[int, int]]:
    """``[start, end)`` of the text inside each pair of quotation marks."""
    # Group 1 is the text inside curly marks, group 2 inside straight ones.
    return [m.span(1 if m[1] is not None else 2) for m in _QUOTED.finditer(article)]


def quote_spans(article: str, start: int, end: int) -> set[tuple[int, int]]:
    """The spans a direct quote of the passage ``[start, end)`` may have: the passage,
    or, when it ends in a comma or a full stop, the passage without it.

    Inside the marks a comma or full stop may be the reporting sentence's, not
    the speaker's ("… in Sochi," he said), so the quote may leave it out.  Not
    the last stop of an ellipsis ("..."): that is the speaker's.
    """
    spans = {(start, end)}
    if article[end - 1] in ",." and article[end - 2] != ".":
        spans.add((start, end - 1))
    return spans


def _check_quotation_coverage(brief: Brief, article: str) -> Check:
    direct = [(i, q) for i, q in enumerate(brief.quotes) if q.kind is QuoteKind.DIRECT]
    quoted = {q.spans[0] for _, q in direct}
    excluded = {x.span for x in brief.excluded if x.kind is ExclusionKind.QUOTATION}
    passages = [(p, quote_spans(article, *p)) for p in quotation_passages(article)]
    n_quoted = sum(1 for _, spans in passages if spans & quoted)
    n_excluded = sum(1 for _, spans in passages if spans & excluded and not spans & quoted)
    check = Check(
        "quotation coverage",
        f"{counted(len(passages), 'quotation-marked passage', 'quotation-marked passages')}: "
        f"{counted(n_quoted, 'is a quote', 'are quotes')}, "
        f"{n_excluded} excluded with a reason",
    )
    for (start, end), spans in passages:
        if not spans & quoted and not spans & excluded:
            near = _quote_across(article, direct, start, end)
            check.problems.append(
                f"[{start}, {end}] {article[start:end]!r} is quoted in the article "
                f"but is neither a direct quote nor excluded{near}"
            )
            check.todo.append(
                Todo(
                    "quotation",
                    start,
                    end,
                    article[start:end],
                    f"make it a direct quote (spans[0] exactly here) or exclude it{near}",
                )
            )
    return check


def _quote_across(article: str, direct: list[tuple[int, Quote]], start: int, end: int) -> str:
    """For a passage no quote covers: the first direct quote whose ``spans[0]`` overlaps
    it, and how to make that quote the passage's; ``""`` when none does."""
    for i, q in direct:
        a, b = q.spans[0]
        if a < end and start < b:
            if (a, b) == (start - 1, end + 1):
                fix = ", the passage with its quotation marks: drop them from its text and spans"
            else:
                fix = f": set its spans[0] to [{start}, {end}]" + (
                    "" if q.text == article[start:end] else " and its text to the words there"
                )
            return f"; quotes[{i}] ({q.id}) cites [{a}, {b}]{fix}"
    return ""


# --- figures in words -----------------------------------------------------
# A quantity in words is a figure too (the README lists them under "Coverage
# is closed-world"): a number spelled out ("two", "twenty-five", "two hundred
# thousand", "a dozen"), an order of magnitude ("dozens", "thousands",
# "hundreds of thousands") or a duration ("an hour", "a year", "two weeks"),
# with the qualifier in front of it ("less than an hour", "as many as two")
# inside its span.  Like digits, it counts inside quotation marks too.  A date
# never covers one (days and years are printed in digits); a stat's value or a
# link's lag does.  Not counted, on purpose:
# - "one", "a" and "an" alone: mostly a pronoun or an article ("no one", "one
#   of them", "a deal"); they count before a scale word ("a dozen", "one
#   million") or a unit of time ("a year", "one week") only;
# - "a day", "a year" meaning "per": after once, twice, thrice or times, or
#   after a figure and one or two words ("1.2 million barrels a day");
# - a number joined by a hyphen to a word that is no unit of time
#   ("two-thirds", "a two-state solution"): a fraction or a kind, not a count;
# - ordinals ("first", "second"): an order, which dates carry, not a quantity;
# - words that name no number ("several", "few", "many", "both", "a couple")
#   and proportions ("half", "twice", "double");
# - a scale word after digits ("5.3 million"): it is part of that figure.

_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")  # fmt: skip
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS: dict[str, int] = {
    **{word: n for n, word in enumerate(_ONES, start=1)},
    **{word: 10 * n for n, word in enumerate(_TENS_WORDS, start=2)},
}
"""The one table of number words, "one" to "ninety" (fidelity's lags read it too)."""
_MULTIPLIER = {"dozen": Decimal(12), "hundred": Decimal(100)}
_MAGNITUDE = {
    "tens": Decimal(10),
    "dozens": Decimal(12),
    "hundreds": Decimal(100),
    "thousands": Decimal(10**3),
    "millions": Decimal(10**6),
    "billions": Decimal(10**9),
}
_UNITS_OF_TIME = ("minute", "hour", "day", "week", "month", "year", "decade")
_QUALIFIERS = (
    "less than", "fewer than", "more than", "as many as", "as much as", "at least",
    "up to", "around", "about", "roughly", "nearly", "almost", "some",
)  # fmt: skip


_SPACE = r"[^\S\n]+"  # a figure never runs over a line break


def _either(words: Sequence[str]) -> str:
    """A regex alternation of ``words``, a space in one matching any run of spaces."""
    return "|".join(w.replace(" ", _SPACE) for w in words)


_TWO_TO_NINE = _either([w for w, n in NUMBER_WORDS.items() if 2 <= n <= 9])
_ONE_TO_NINE = _either([w for w, n in NUMBER_WORDS.items() if n <= 9])
_TEENS = _either([w for w, n in NUMBER_WORDS.items() if 10 <= n <= 19])
_TENS = _either([w for w, n in NUMBER_WORDS.items() if n >= 20])
_SCALES = _either([*_MULTIPLIER, *_SCALE])
# Below a hundred: "twenty-five", "seventeen", "two"; "one" only after a ten.
_SMALL = rf"(?:(?:{_TENS})-(?:{_ONE_TO_NINE})|{_TENS}|{_TEENS}|{_ONE_TO_NINE})"
_LEAD = rf"(?:(?:{_TENS})-(?:{_ONE_TO_NINE})|{_TENS}|{_TEENS}|{_TWO_TO_NINE})"
_NUMBER = (
    rf"(?:{_LEAD}|(?:a|an|one)(?={_SPACE}(?:{_SCALES})\b))"
    rf"(?:{_SPACE}(?:{_SCALES})(?:{_SPACE}(?:and{_SPACE})?{_SMALL})?)*"
)
_UNIT = rf"(?:{_either(_UNITS_OF_TIME)})s?"
_WORD_FIGURE = re.compile(
    rf"(?<!-)\b(?P<qualifier>(?:{_either(_QUALIFIERS)}){_SPACE})?"
    rf"(?:(?:(?:tens|dozens|hundreds){_SPACE}of{_SPACE})?"
    r"(?:dozens|hundreds|thousands|millions|billions)\b"
    rf"|{_NUMBER}(?:-|{_SPACE}){_UNIT}\b"  # "two weeks", "a two-day summit", "five-year-old"
    rf"|{_NUMBER}\b(?!-\w)"  # "two-thirds", "a two-state solution" are no count
    rf"|(?P<article>a|an|one)(?:-|{_SPACE}){_UNIT}\b)",
    re.IGNORECASE,
)
# "a day" read as "per day": after a frequency, or after a figure and a word or two.
_PER_BEFORE = re.compile(
    rf"(?:\b(?:once|twice|thrice|times)|(?:[0-9]|\b(?:{_either(list(NUMBER_WORDS))}|{_SCALES})\b)\S*"
    rf"(?:{_SPACE}[a-z][\w-]*){{1,2}}){_SPACE}\Z",
    re.IGNORECASE,
)


def _words_value(words: str) -> Decimal:
    """The number a figure in words gives: "two hundred thousand" 200000, "two weeks"
    2 (weeks), "a year" 1; an order of magnitude the least it means ("thousands"
    1000, "hundreds of thousands" 100000).  A qualifier in front changes nothing."""
    total, current, magnitude = Decimal(0), Decimal(0), Decimal(1)
    for word in re.findall(r"[a-z]+", words.lower()):
        if word in _MAGNITUDE:
            magnitude *= _MAGNITUDE[word]
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        elif word in ("a", "an"):
            current += 1
        elif word in _MULTIPLIER:
            current *= _MULTIPLIER[word]  # a number always comes first
        elif word in _SCALE:
            total, current = total + current * _SCALE[word], Decimal(0)
    return total + current if magnitude == 1 else magnitude


def _in_words(article: str, start: int) -> bool:
    """Whether the figure starting at ``start`` is written in words, not digits."""
    return not article[start].isdigit()


def _per(article: str, m: re.Match[str]) -> bool:
    """Whether the figure in words ``m`` is "a day" or "a year" meaning "per"."""
    return (
        m["qualifier"] is None
        and m["article"] is not None
        and m["article"].lower() != "one"
        and _PER_BEFORE.search(article, max(0, m.start() - 80), m.start()) is not None
    )


def figure_value(article: str, start: int, end: int) -> Decimal:
    if _in_words(article, start):
        return _words_value(article[start:end])
    # Decimal, not float: "2.01 million" is 2010000 exactly, where the float
    # product is 2009999.9999999998 and would match no stat's value.
    number = Decimal(article[start:end].replace(",", ""))
    scale = _SCALE_WORD.match(article, end)
    return number * _SCALE[scale[1]] if scale else number


def _date_numbers(rec: Stat | Event | Quote | Claim | Source) -> set[float]:
    """The numbers a record's date (the source's: its publication) is written with:
    year, month and day of each known end."""
    when = (
        rec.period
        if isinstance(rec, Stat)
        else (rec.published if isinstance(rec, Source) else rec.date)
    )
    if when is None:
        return set()
    ends = ([] if when.open_start else [when.earliest]) + ([] if when.open_end else [when.latest])
    return {float(n) for day in ends for n in (day.year, day.month, day.day)}


def _inside(pos: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos[0] and pos[1] <= e for s, e in spans)


def figures(article: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every figure in the article, in digits or in words, in order."""
    digits = [(m.start(), m.end()) for m in _FIGURE.finditer(article)]
    words = [m.span() for m in _WORD_FIGURE.finditer(article) if not _per(article, m)]
    return sorted(digits + words)


def _a_lag(brief: Brief, article: str, start: int, end: int) -> bool:
    """Whether a link whose spans contain the figure at ``[start, end)`` has its words,
    qualifier and all, as its lag (``two weeks``)."""
    words = " ".join(article[start:end].casefold().split())
    return any(
        link.lag is not None
        and " ".join(link.lag.casefold().split()) == words
        and _inside((start, end), link.spans)
        for link in brief.links
    )


def figure_covered(brief: Brief, article: str, start: int, end: int) -> bool:
    """Whether the figure at ``[start, end)`` is a stat's value or date, or the date of
    a dated record whose spans contain it (the source's publication, for the
    dateline); in words, a stat's value or a link's lag."""
    value = figure_value(article, start, end)
    if _in_words(article, start):
        # Never a date's part: the article prints days and years in digits.
        return _a_lag(brief, article, start, end) or any(
            _inside((start, end), s.spans) and value == Decimal(repr(s.value)) for s in brief.stats
        )
    raw = float(article[start:end].replace(",", ""))
    if any(
        _inside((start, end), s.spans)
        and (value == Decimal(repr(s.value)) or raw in _date_numbers(s))
        for s in brief.stats
    ):
        return True
    # The source's spans hold the dateline: its day is the publication's.
    dated: list[Event | Quote | Claim | Source] = [
        *brief.events,
        *brief.quotes,
        *brief.claims,
        brief.source,
    ]
    return any(_inside((start, end), r.spans) and raw in _date_numbers(r) for r in dated)


def _check_figure_coverage(brief: Brief, article: str) -> Check:
    excluded = [x.span for x in brief.excluded if x.kind is ExclusionKind.FIGURE]
    found = figures(article)
    check = Check("figure coverage", "")
    n_excluded = n_lags = 0
    for start, end in found:
        if _inside((start, end), excluded):
            n_excluded += 1
            continue
        if figure_covered(brief, article, start, end):
            n_lags += _in_words(article, start) and _a_lag(brief, article, start, end)
        elif _in_words(article, start):
            check.problems.append(
                f"[{start}, {end}] figure in words {article[start:end]!r} is not the value of a "
                "stat, nor the lag of a link, whose spans cover it, nor excluded"
            )
            check.todo.append(
                Todo(
                    "figure",
                    start,
                    end,
                    article[start:end],
                    "make it a stat's value, the lag of a link citing it, or exclude it",
                )
            )
        else:
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
    covered = len(found) - n_excluded - n_lags - len(check.problems)
    # The lags' part shows only when a figure is one, so briefs without keep their line.
    lags = f"{counted(n_lags, 'is a lag', 'are lags')}, " if n_lags else ""
    check.detail = (
        f"{counted(len(found), 'figure', 'figures')}: "
        f"{counted(covered, 'is a stat or date', 'are stats or dates')}, {lags}"
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
    for label, _, start, end in _cited(brief):
        touched = _touched(sentences, starts, start, end)
        if not touched or len(touched) > MAX_SENTENCES_PER_SPAN:
            continue
        for k in touched:
            if _over_half(sentences[k], start, end) and label not in covers[k]:
                covers[k].append(label)
    return covers


def _cited(brief: Brief) -> Iterator[tuple[str, str, int, int]]:
    """``(label, path, start, end)`` of every span that may cover a sentence: the
    source's, every record's and every sentence exclusion's."""
    for start, end in brief.source.spans:
        yield "source", "source", start, end
    for name, i, rec in brief.records():
        for start, end in rec.spans:
            yield rec.id, f"{name}[{i}] ({rec.id})", start, end
    for i, x in enumerate(brief.excluded):
        if x.kind is ExclusionKind.SENTENCE:
            yield f"excluded[{i}]", f"excluded[{i}]", *x.span


def _touched(sentences: list[Sentence], starts: list[int], start: int, end: int) -> list[int]:
    """The indexes of the sentences the span ``[start, end)`` touches."""
    # The span touches the sentences that start before its end (those
    # before ``last``) and end after its start.  ``first`` only saves time:
    # the sentences before it end before the span starts, so the test
    # below drops them anyway (its mutants are equivalent).
    first = max(bisect.bisect_right(starts, start) - 1, 0)  # pragma: no mutate
    last = bisect.bisect_left(starts, end)
    return [
        k
        for k in range(first, last)  # pragma: no mutate
        if start < sentences[k].end
    ]


def _over_half(sent: Sentence, start: int, end: int) -> bool:
    """Whether the span ``[start, end)`` overlaps at least half of ``sent``."""
    overlap = min(end, sent.end) - max(start, sent.start)
    return 2 * overlap >= sent.end - sent.start


def _too_wide(
    brief: Brief, sentences: list[Sentence], uncovered: list[int]
) -> dict[int, list[str]]:
    """For each uncovered sentence, the spans over at least half of it: each must
    stretch over more than two sentences, or it would cover it (``claims[0] (c-x)
    cites it in [95, 248], a span over 5 sentences``)."""
    starts = [s.start for s in sentences]
    wide: dict[int, list[str]] = {k: [] for k in uncovered}
    for _, path, start, end in _cited(brief):
        touched = _touched(sentences, starts, start, end)
        for k in touched:
            if k in wide and _over_half(sentences[k], start, end):
                wide[k].append(
                    f"{path} cites it in [{start}, {end}], a span over {len(touched)} sentences"
                )
    return wide


def _check_sentence_coverage(brief: Brief, article: str) -> Check:
    sentences = split(article)
    covers = sentence_covers(brief, sentences)
    uncovered = [k for k, c in enumerate(covers) if not c]
    n_excluded = sum(1 for c in covers if c and all(x.startswith("excluded[") for x in c))
    check = Check(
        "sentence coverage",
        f"{len(sentences) - len(uncovered)} of {counted(len(sentences), 'sentence', 'sentences')} "
        f"({n_excluded} excluded with a reason)",
    )
    # A span over a whole paragraph covers none of it: name it where it hides a sentence.
    wide = _too_wide(brief, sentences, uncovered) if uncovered else {}
    for k in uncovered:
        s = sentences[k]
        too_wide = (
            f"; {'; '.join(wide[k])} (at most {MAX_SENTENCES_PER_SPAN} count): "
            "narrow such a span to the sentences it rests on"
            if wide[k]
            else ""
        )
        check.problems.append(
            f"sentence {s.number} [{s.start}, {s.end}] {s.first_words()!r} is not covered: "
            "no record has a span over at least half of it (and over at most two sentences), "
            f"and it is not excluded{too_wide}"
        )
        check.todo.append(
            Todo(
                "sentence",
                s.start,
                s.end,
                s.first_words(),
                "cite it in the record that holds what it says (a span over half of it), "
                f"or exclude it{too_wide}",
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
