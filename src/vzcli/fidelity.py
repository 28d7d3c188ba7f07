"""Fidelity checks: the mechanical shadow of reading a brief against its article.

``verify --source`` runs them after the provenance and coverage checks.  Each
catches one way a careful reader finds a brief wrong:

- **stated values**: a date, a stat's value or period the article does not
  print in the record's spans is the brief's inference and must be marked so.
  A date's year must appear there as digits, its month as a name (``May``,
  ``Sept``) or in an ISO date, its day as digits or as the weekday it fell
  on.  A lag (``two weeks``) bounds the dates of the records it joins at the
  width its words allow (:func:`lag_days`): a date looser than that is
  flagged even when marked.
- **named actors**: a participant, place, speaker or holder must be named in
  the spans (by a name or alias, under the matching rule of
  :mod:`vzcli.match`) or marked inferred.  A span holding a pronoun may rest
  on the sentences just before it, back to the one that names the actor.
  The article's author needs no name: it is the article's own voice.
- **actor spans**: each span of an actor names it, by the same rule.
- **hedging words**: a claim graded ``stated`` whose spans hold a word of
  :data:`HEDGES` must be graded (with the words in ``hedge``) or say in
  ``unhedged`` why the word does not hedge it.
- **own words**: no text the brief writes (titles, summaries, claim and
  reported-speech text, issues, roles, notes, reasons) copies
  :data:`COPIED_WORDS` or more consecutive words of the article.  Direct
  quotations, hedges and lags are the article's words by design; the
  source's title is the headline, cited; words a reason sets in quotation
  marks are cited too.

What they cannot see: meaning.  A date in the spans may be another event's;
a name in the spans may be there as someone else's object; a hedge word may
hedge another clause of the same span (that is what ``unhedged`` says); a
paraphrase that keeps six words in seven passes.  They find candidates for a
reader, not verdicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from .dates import PartialDate
from .match import Search, fold
from .models import ActorKind, Brief, Claim, Event, Position, Quote, Record, Source, Stat
from .sentences import Sentence, split
from .verify import NUMBER_WORDS, Check, Todo, counted, figure_value, figures, glimpse
from .vocab import Certainty, EventStatus, QuoteKind, Relation

# fmt: off
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# fmt: on
_TOKEN = re.compile(r"[^\W_]+")

# fmt: off
HEDGES = frozenset((
    "seem", "seems", "seemed", "seemingly", "appear", "appears", "appeared", "apparently",
    "may", "might", "could", "threaten", "threatens", "threatened", "likely", "unlikely",
    "likelihood", "doubtful", "doubt", "expected", "expects", "reportedly", "estimated",
    "estimates", "estimate", "possibly", "possible", "perhaps", "probably", "probable",
    "allegedly", "alleged", "suggests", "suggest", "believed", "uncertain", "unclear",
))
# fmt: on
"""Words that hedge what a sentence asserts.  ``May`` is the month, not the modal,
when it is capitalised anywhere but a sentence's first word, or when a number
stands next to it (``14 May``, ``May 2019``)."""

# fmt: off
PRONOUNS = frozenset((
    "i", "me", "my", "he", "him", "his", "she", "her", "they", "them", "their", "we", "our",
    "it", "its",
))
# fmt: on
"""Words that point back to an actor named before."""

COPIED_WORDS = 7
"""This many consecutive words of the article in a text of the brief's own is a copy."""

_LOOKBACK = 4
"""How many sentences before a pronoun's sentence may name whom it points to."""


# --- stated values ------------------------------------------------------------


def _parts(point: str) -> tuple[int, int | None, int | None]:
    year, _, rest = point.partition("-")
    month, _, day = rest.partition("-")
    return int(year), int(month) if month else None, int(day) if day else None


def missing_parts(when: PartialDate, text: str) -> list[str]:
    """The parts of ``when`` (``year 2019``, ``month May``, ``day 14``) ``text`` does not print."""
    folded = fold(text)
    words = set(_TOKEN.findall(folded))
    missing: list[str] = []
    for point in when.text.split("/"):
        if point == "..":
            continue
        year, month, day = _parts(point)
        if not _number(str(year), text):
            missing.append(f"year {year}")
        if month is not None and not (
            _MONTHS[month - 1] in words
            or _MONTHS[month - 1][:3] in words
            or (month == 9 and "sept" in words)
            or re.search(rf"(?<![0-9]){year}-{month:02d}(?![0-9])", text)
        ):
            missing.append(f"month {_MONTHS[month - 1].title()}")
        if (
            month is not None
            and day is not None
            and not _number(str(day), text)
            and _WEEKDAYS[date(year, month, day).weekday()] not in words
        ):
            missing.append(f"day {day}")
    return list(dict.fromkeys(missing))


def _number(digits: str, text: str) -> bool:
    return re.search(rf"(?<![0-9.,]){digits}(?![0-9]|[.,][0-9])", text) is not None


_UNITS = {"day": (1, 0), "week": (7, 3), "month": (30, 15), "year": (365, 182)}
# verify's one table of number words, up to twelve; "a" and "an" count one.
_COUNTS = {"a": 1, "an": 1} | {word: n for word, n in NUMBER_WORDS.items() if n <= 12}
_LAG = re.compile(
    r"(?:about |some |around |almost |nearly )?([0-9]+|[a-z]+) (day|week|month|year)s?"
)


def lag_days(lag: str) -> tuple[int, int] | None:
    """The days a lag's words allow, least and most: ``two weeks`` is 14 days give or
    take half a week (11 to 17), ``a month`` 15 to 45, ``three days`` exactly 3.
    None when the words are not a count of days, weeks, months or years."""
    found = _LAG.fullmatch(fold(lag.strip()))
    if found is None:
        return None
    count = int(found[1]) if found[1].isdigit() else _COUNTS.get(found[1])
    if count is None:
        return None
    unit, slack = _UNITS[found[2]]
    return count * unit - slack, count * unit + slack


def _dated(rec: Record) -> tuple[str, PartialDate | None] | None:
    if isinstance(rec, Stat):
        return "period", rec.period
    if isinstance(rec, (Event, Quote, Claim)):
        return "date", rec.date
    return None


def _spans_text(article: str, spans: Sequence[tuple[int, int]]) -> str:
    return "\n".join(article[s:e] for s, e in spans)


def check_stated_values(brief: Brief, article: str) -> Check:
    """Dates, stat values and periods not marked inferred stand in their spans; lags
    bound the dates they join."""
    check = Check(
        "stated values",
        "every date, figure and period not marked inferred stands in its record's spans; "
        "no scheduled event before the publication, no past one after it",
    )
    problem = _dateline_problem(brief.source)
    if problem and brief.source.spans:
        _fail(check, article, brief.source, f"source: {problem}", "correct the one that is wrong")
    for i, event in enumerate(brief.events):
        problem = _tense_problem(event, brief.source.published)
        if problem:
            _fail(
                check,
                article,
                event,
                f"events[{i}] ({event.id}): {problem}",
                "date it again (an announced day reads forward: add --date-text … --ahead), "
                "or correct its status",
            )
    records = {rec.id: (name, i, rec) for name, i, rec in brief.records()}
    for name, i, rec in brief.records():
        dated = _dated(rec)
        text = _spans_text(article, rec.spans)
        where = f"{name}[{i}] ({rec.id})"
        if dated is not None and dated[1] is not None and dated[0] not in rec.inferred:
            missing = missing_parts(dated[1], text)
            if missing:
                _fail(
                    check,
                    article,
                    rec,
                    f"{where}: {dated[0]} {dated[1]} is not in its spans (no {', '.join(missing)})",
                    f"mark inferred.{dated[0]} with the reason, or cite where the article "
                    "prints it",
                )
        if isinstance(rec, Stat) and "value" not in rec.inferred:
            values = {
                figure_value(article, s, e)
                for s, e in figures(article)
                if any(a <= s and e <= b for a, b in rec.spans)
            }
            if Decimal(repr(rec.value)) not in values:
                _fail(
                    check,
                    article,
                    rec,
                    f"{where}: value {rec.value} is not a figure of its spans",
                    "mark inferred.value with the reason, or cite the figure",
                )
    for i, link in enumerate(brief.links):
        window = None if link.lag is None else lag_days(link.lag)
        if window is None or link.relation is not Relation.FOLLOWED:
            continue
        later, earlier = records.get(link.source), records.get(link.target)
        if later is None or earlier is None:
            continue
        problem = _lag_problem(later[2], earlier[2], window)
        if problem:
            _fail(
                check, article, link, f"links[{i}] ({link.id}): {problem}", "date it within the lag"
            )
    return check


def _dateline_problem(source: Source) -> str | None:
    """What is wrong when the dateline prints a day that is not the publication's:
    every date read from the dateline would be off by the difference."""
    from .dates import Precision
    from .reldates import dateline_day

    published = source.published
    if source.dateline is None or published is None or published.precision is not Precision.DAY:
        return None
    printed = dateline_day(source.dateline, published.earliest)
    if printed is None or printed == published.earliest:
        return None
    return (
        f"the dateline {source.dateline!r} prints {printed.day} {printed:%B}, "
        f"but the publication day is {published}"
    )


def _tense_problem(event: Event, published: PartialDate | None) -> str | None:
    """What is wrong with an event's date for its status, against the publication:
    a scheduled event has not happened when the article is published, and one that
    occurred, failed or goes on has begun by then."""
    when = event.date
    if when is None or published is None:
        return None
    if event.status is EventStatus.SCHEDULED:
        if not when.open_end and not published.open_start and when.latest < published.earliest:
            return (
                f"scheduled, yet dated {when} before the publication ({published}): "
                "it has not happened when the article is published"
            )
        return None
    if not when.open_start and not published.open_end and when.earliest > published.latest:
        return (
            f"{event.status.value}, yet dated {when} after the publication ({published}): "
            "the article cannot tell of it as past"
        )
    return None


def _lag_problem(later: Record, earlier: Record, window: tuple[int, int]) -> str | None:
    late, early = _dated(later), _dated(earlier)
    if late is None or early is None or late[1] is None or late[1].open_start:
        return None
    least, most = window
    first = late[1].earliest - timedelta(days=most)
    last = late[1].latest - timedelta(days=least)  # date.max when open: no last day
    when = early[1]
    if when is None or when.earliest < first or when.latest > last:
        return (
            f"{earlier.id} is dated {when or 'not at all'}, looser than the lag allows: "
            f"{least} to {most} days before {later.id} ({late[1]}) is {first} to {last}"
        )
    return None


def _fail(check: Check, article: str, rec: Record | Source, problem: str, task: str) -> None:
    """A problem with the record's first span (offsets and words), and its to-do item.

    ``problem`` starts with where it is (``events[2] (id): ``), which the task repeats.
    """
    start, end = rec.spans[0]
    words = glimpse(article[start:end])
    check.problems.append(f"{problem}; spans[0] [{start}, {end}] {words!r}")
    where = problem.partition(": ")[0]
    check.todo.append(Todo("inferred", start, end, words, f"{where}: {task}"))


# --- names --------------------------------------------------------------------


def _names(brief: Brief) -> dict[str, list[str]]:
    return {a.id: [a.name, *a.aliases] for a in brief.actors}


def mentions(spellings: Sequence[str], text: str) -> bool:
    """Whether ``text`` names one of ``spellings``, as a phrase under the matching rule."""
    for spelling in spellings:
        phrase = spelling.replace('"', " ")
        if fold(phrase).strip() and Search.parse(f'"{phrase}"').matches([text]):
            return True
    return False


def _has_pronoun(text: str) -> bool:
    return any(w in PRONOUNS for w in _TOKEN.findall(text.lower()))


def named_near(
    spellings: Sequence[str], article: str, spans: Sequence[tuple[int, int]], sents: list[Sentence]
) -> bool:
    """Whether ``spans`` name one of ``spellings``, or hold a pronoun that the sentences
    just before them resolve to it (each of those back to the naming one holds a pronoun)."""
    text = _spans_text(article, spans)
    if mentions(spellings, text):
        return True
    if not _has_pronoun(text):
        return False
    first = spans[0][0]
    before = [s for s in sents if s.end <= first][::-1][:_LOOKBACK]
    # The words of the span's own sentence before the span count too.
    own = [s for s in sents if s.start <= first < s.end]
    if own and mentions(spellings, article[own[0].start : first]):
        return True
    for sent in before:
        if mentions(spellings, sent.text):
            return True
        if not _has_pronoun(sent.text):
            return False
    return False


def _named_field(rec: Record) -> tuple[str, list[str]] | None:
    """``(field, actor ids)`` of the field a record names its actors in, if it has one."""
    if isinstance(rec, Event):
        return "participants", rec.participants
    if isinstance(rec, Quote):
        return "speaker", [rec.speaker]
    if isinstance(rec, (Claim, Position)):
        return "holder", [rec.holder]
    return None


def check_named(brief: Brief, article: str) -> Check:
    """Participants, places, speakers and holders are named in the spans, or marked inferred."""
    check = Check(
        "named actors",
        "every participant, place, speaker and holder not marked inferred is named in its "
        "record's spans",
    )
    names = _names(brief)
    authors = {a.id for a in brief.actors if a.kind is ActorKind.AUTHOR}
    sents = split(article)
    for name, i, rec in brief.records():
        where = f"{name}[{i}] ({rec.id})"
        named = _named_field(rec)
        if named is not None and named[0] not in rec.inferred:
            what, ids = named
            unnamed = [
                a
                for a in ids
                if a not in authors and not named_near(names.get(a, [a]), article, rec.spans, sents)
            ]
            if unnamed:
                _fail(
                    check,
                    article,
                    rec,
                    f"{where}: {what} {', '.join(unnamed)} not named in its spans",
                    f"mark inferred.{what} with the reason, or cite where the article names them",
                )
        place = rec.place if isinstance(rec, Event) else None
        if (
            place
            and "place" not in rec.inferred
            and not mentions([place], _spans_text(article, rec.spans))
        ):
            _fail(
                check,
                article,
                rec,
                f"{where}: place {place!r} is not named in its spans",
                "mark inferred.place with the reason, or cite where the article names it",
            )
    return check


def check_actor_spans(brief: Brief, article: str) -> Check:
    """Each span of an actor names it (or points to it with a pronoun, named just before)."""
    check = Check("actor spans", "each span of an actor names it, by a name or an alias")
    sents = split(article)
    for i, actor in enumerate(brief.actors):
        if "name" in actor.inferred:  # the article never prints it: nothing can name it
            continue
        spellings = [actor.name, *actor.aliases]
        for j, (start, end) in enumerate(actor.spans):
            if not named_near(spellings, article, [(start, end)], sents):
                check.problems.append(
                    f"actors[{i}] ({actor.id}): spans[{j}] [{start}, {end}] "
                    f"{glimpse(article[start:end])!r} does not name it"
                )
                check.todo.append(
                    Todo(
                        "actor",
                        start,
                        end,
                        glimpse(article[start:end]),
                        f"actors[{i}] ({actor.id}): cite a passage that names it, or add the "
                        "name it has there as an alias",
                    )
                )
    return check


# --- hedges -------------------------------------------------------------------


def hedging_words(text: str) -> list[str]:
    """The hedging words of ``text`` (see :data:`HEDGES`), in order, each once."""
    found: list[str] = []
    sentence_start = True
    for m in re.finditer(r"[^\W_]+|[.!?]", text):
        word = m[0]
        if word in ".!?":
            sentence_start = True
            continue
        lower = word.lower()
        if lower in HEDGES and not _month_may(word, text, m.start(), m.end(), sentence_start):
            found.append(lower)
        sentence_start = False
    return list(dict.fromkeys(found))


def _month_may(word: str, text: str, start: int, end: int, sentence_start: bool) -> bool:
    if word != "May":
        return False
    # The word itself holds no digit: one slice from four characters before it to six after.
    return not sentence_start or re.search(r"[0-9]", text[max(0, start - 4) : end + 6]) is not None


def check_hedging_words(brief: Brief, article: str) -> Check:
    """No claim graded stated holds a hedging word in its spans unexplained."""
    stated = [(i, c) for i, c in enumerate(brief.claims) if c.certainty is Certainty.STATED]
    check = Check(
        "hedging words",
        "no hedging word in the spans of the "
        f"{counted(len(stated), 'stated claim', 'stated claims')}, or a word why it does not hedge",
    )
    for i, claim in stated:
        if claim.unhedged is not None:
            continue
        words = hedging_words(_spans_text(article, claim.spans))
        if words:
            start, end = _first(words[0], article, claim.spans)
            problem = (
                f"claims[{i}] ({claim.id}): graded stated, but its spans hedge with "
                f"{', '.join(map(repr, words))}; the first at [{start}, {end}]"
            )
            check.problems.append(problem)
            check.todo.append(
                Todo(
                    "hedge",
                    start,
                    end,
                    article[start:end],
                    f"claims[{i}] ({claim.id}): grade it and keep the words in hedge, or say "
                    "in unhedged why they do not hedge this claim",
                )
            )
    return check


def _first(word: str, article: str, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Where ``word`` first stands, as a word, in the spans (in their order)."""
    pattern = re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", re.IGNORECASE)
    for s, e in spans:
        found = pattern.search(article, s, e)
        if found:
            return found.span()
    return spans[0]  # pragma: no mutate (the rule found the word there: never reached)


# --- own words ----------------------------------------------------------------

# Curly double, straight double, curly single, and straight single quotation marks
# (an apostrophe inside a word opens and closes nothing).
_CITED = re.compile(
    "\u201c[^\u201d]*\u201d|\"[^\"]*\"|\u2018[^\u2019]*\u2019|(?<!\\w)'[^']*'(?!\\w)"
)


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(fold(m[0]), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _runs(tokens: list[tuple[str, int, int]]) -> Iterator[tuple[tuple[str, int, int], ...]]:
    """Every run of :data:`COPIED_WORDS` consecutive tokens, in order."""
    return zip(*(tokens[i:] for i in range(COPIED_WORDS)), strict=False)


def own_texts(brief: Brief) -> Iterator[tuple[str, str]]:
    """``(where, text)`` of every text the brief writes in its own words.  Reasons
    come with what they set in quotation marks taken out, a piece at a time."""
    for i, a in enumerate(brief.actors):
        if a.role:
            yield f"actors[{i}] ({a.id}).role", a.role
    for name, i, rec in brief.records():
        where = f"{name}[{i}] ({rec.id})"
        for field in ("title", "summary", "issue", "note", "metric"):
            value = getattr(rec, field, None)
            if isinstance(value, str):
                yield f"{where}.{field}", value
        if isinstance(rec, Claim) or (isinstance(rec, Quote) and rec.kind is not QuoteKind.DIRECT):
            yield f"{where}.text", rec.text
        reasons: Mapping[str, str] = {**rec.inferred}
        if isinstance(rec, Claim) and rec.unhedged:
            reasons = {**reasons, "unhedged": rec.unhedged}
        for key, reason in reasons.items():
            for piece in _CITED.split(reason):
                yield f"{where}.inferred.{key}" if key != "unhedged" else f"{where}.unhedged", piece
    for key, reason in brief.source.inferred.items():
        for piece in _CITED.split(reason):
            yield f"source.inferred.{key}", piece
    for i, x in enumerate(brief.excluded):
        for piece in _CITED.split(x.reason):
            yield f"excluded[{i}].reason", piece


def check_own_words(brief: Brief, article: str) -> Check:
    """No text of the brief's own copies :data:`COPIED_WORDS` consecutive article words."""
    check = Check(
        "own words",
        f"no text the brief writes copies {COPIED_WORDS} consecutive words of the article",
    )
    tokens = _words(article)
    grams: dict[tuple[str, ...], tuple[int, int]] = {}
    for run in _runs(tokens):
        grams.setdefault(tuple(w for w, _, _ in run), (run[0][1], run[-1][2]))
    for where, text in own_texts(brief):
        for run in _runs(_words(text)):
            at = grams.get(tuple(w for w, _, _ in run))
            if at is not None:
                start, end = at
                copied = article[start:end]
                check.problems.append(
                    f"{where} copies the article's words at [{start}, {end}]: {copied!r}"
                )
                check.todo.append(
                    Todo("words", start, end, copied, f"{where}: say it in the brief's own words")
                )
                break
    return check


def checks(brief: Brief, article: str) -> list[Check]:
    """Every fidelity check, in the order ``verify`` prints them."""
    return [
        check_stated_values(brief, article),
        check_named(brief, article),
        check_actor_spans(brief, article),
        check_hedging_words(brief, article),
        check_own_words(brief, article),
    ]
