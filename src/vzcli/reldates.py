"""Relative dates of an article, resolved against its dateline.

An article dated Tuesday 7 May 2019 that says "on Monday" means 6 May 2019,
and by "last week" 29 April to 5 May.  :func:`resolve` turns such a phrase
into a vzcli date string (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or bounds
``A/B``, see :mod:`vzcli.dates`) at the precision its words carry, with a
one-line reason naming the dateline, ready for a brief's ``inferred`` map.

The rules (:data:`PHRASES` says them for ``vzcli date --help``):

- ``Monday``, ``on Monday``: the latest Monday on or before the dateline (its
  own day when it is one); ahead (an announced meeting), the first on or
  after it.  ``last Monday``: the latest before it; ``next Monday``, ``this
  coming Monday``: the first after it, either way, as the words exclude it.
- ``yesterday``, ``today``, ``tomorrow``: that day.  ``last``, ``this``,
  ``next`` ``week``: a Monday-to-Sunday week; ``month``, ``year``: the
  calendar's.  ``earlier this month``: its 1st to the day before the
  dateline; ``later this month``: the day after to its last day.
- ``January``, ``in January``: the latest January on or before the
  dateline's month; ahead, the first on or after.  ``last January``, ``next
  January`` exclude the dateline's month.  ``January 2019``: that month.
- ``14 May``, ``May 14``, ``on 14 May``: the latest on or before the
  dateline; ahead, the first on or after.  ``14 May 2019``: that day.
- ``two weeks after 14 May``, ``three days before Monday``, ``a month ago``:
  the anchor, resolved by these rules, moved by the lag as verify reads lags
  (:func:`vzcli.fidelity.lag_days`: days exact, weeks give or take 3 days,
  months 15, years 182), so verify accepts the date for the same words.
- ``recently``: refused; it names no date, and a made-up window would pass
  for the article's.

Standard library only: the CLI imports this for ``vzcli date`` and start-up
time matters; :mod:`vzcli.fidelity` is imported only to resolve an offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from .dates import PartialDate

# fmt: off
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
# The most days a month has in any year: February's in a leap year.
_LONGEST = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# fmt: on
_MONTHS = {name: n for n, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS |= {name[:3]: n for name, n in _MONTHS.items()} | {"sept": 9}  # "Jan.", "Sept."
_SHIFT = {"last": -1, "this": 0, "next": 1}

_WD = "|".join(_WEEKDAYS)
_MN = "|".join(_MONTHS)
_DAY = r"([0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,? ([0-9]{4}))"
# ASCII: under IGNORECASE alone [a-z] also matches the Kelvin sign and the long s.
_FLAGS = re.IGNORECASE | re.ASCII
_VAGUE = re.compile(r"\brecent(?:ly)?\b", _FLAGS)
_NEAR = re.compile(r"yesterday|today|tomorrow", _FLAGS)
_WEEKDAY = re.compile(rf"(?:on )?(?:(last|next|this coming) )?({_WD})", _FLAGS)
_CALENDAR = re.compile(r"(last|this|next) (week|month|year)", _FLAGS)
_PART = re.compile(r"(earlier|later) this (week|month)", _FLAGS)
_MONTH = re.compile(rf"(?:in )?(?:(last|next) )?({_MN})\.?{_YEAR}?", _FLAGS)
_DAY_FIRST = re.compile(rf"(?:on )?(?:the )?{_DAY} (?:of )?({_MN})\.?{_YEAR}?", _FLAGS)
_MONTH_FIRST = re.compile(rf"(?:on )?({_MN})\.? {_DAY}{_YEAR}?", _FLAGS)
# Lazy: the first " after " splits, so the anchor may itself be an offset.
_OFFSET = re.compile(r"(.+?) (after|before|from) (.+)", _FLAGS)
_AGO = re.compile(r"(.+) ago", _FLAGS)

_UNDERSTOOD = (
    "vzcli resolves weekdays (on Monday, last Monday, next Monday), yesterday, today, "
    "tomorrow, last/this/next week, month or year, earlier or later this week or month, months "
    "(in January, January 2019), days (14 May, May 14, 2019) and offsets (two weeks after "
    "14 May, three days ago; counts in digits or a, one to twelve)"
)

# fmt: off
PHRASES: tuple[tuple[str, str], ...] = (
    ("Monday, on Monday", "the latest Monday on or before the dateline (its own day when it "
     "is a Monday); ahead: the first on or after it"),
    ("last Monday", "the latest Monday before the dateline"),
    ("next Monday, this coming Monday", "the first Monday after the dateline"),
    ("yesterday, today, tomorrow", "the day before the dateline, its day, the day after"),
    ("last week, this week, next week; the same of month and year", "the Monday-to-Sunday "
     "week, calendar month or year before the dateline's, its own, the one after"),
    ("January, in January", "the latest January on or before the dateline's month; ahead: "
     "the first on or after it"),
    ("last January, next January", "the latest January before the dateline's month; the "
     "first after it"),
    ("January 2019, in January 2019", "that month"),
    ("earlier this month", "the 1st of the dateline's month to the day before the dateline"),
    ("later this month", "the day after the dateline to its month's last day"),
    ("earlier this week, later this week", "the same within the dateline's Monday-to-Sunday "
     "week"),
    ("14 May, May 14, on 14 May", "the latest 14 May on or before the dateline; ahead: the "
     "first on or after it"),
    ("14 May 2019, May 14, 2019", "that day"),
    ("N days|weeks|months|years after|before|from PHRASE", "PHRASE's dates moved as verify "
     "reads the lag: days exactly, weeks give or take 3 days, months 15, years 182"),
    ("N days|weeks|months|years ago", "the same, back from the dateline"),
    ("recently", "not resolved: it names no date"),
)
# fmt: on
"""``(pattern, rule)`` of every phrase :func:`resolve` understands, as people read them."""


_IN_DATELINE = (
    re.compile(rf"\b({_MN})\.? {_DAY}\b", _FLAGS),  # "OSTRAVIK, March 12"
    re.compile(rf"\b{_DAY} ({_MN})\b", _FLAGS),  # "Ostravik, 12 March"
)


def dateline_day(dateline: str, published: date) -> date | None:
    """The day a dateline prints ("OSTRAVIK, March 12"), read as the latest such day
    on or before ``published``; None when it prints no day and month."""
    for pattern in _IN_DATELINE:
        if m := pattern.search(dateline):
            month, day = (m[1], m[2]) if pattern is _IN_DATELINE[0] else (m[2], m[1])
            try:
                found = _day(int(day), _MONTHS[month.lower()], None, published, False)
            except PhraseError:
                return None
            return date.fromisoformat(found.text)
    return None


class PhraseError(ValueError):
    """A phrase :func:`resolve` cannot turn into a date; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a relative date phrase means against a dateline."""

    phrase: str  # as given
    date: str  # a vzcli date string: 2019-05-13, 2019-01, 2019, 2019-05-06/2019-05-12
    precision: str  # day, month, year or range, as vzcli.dates.Precision says
    reason: str  # one line naming the dateline, for a brief's inferred map
    rule: str  # the rule's short id: weekday, last-week, month-name, offset...


class _Found(NamedTuple):
    text: str  # the vzcli date string
    how: str  # what the phrase is, said of the dateline as "it"
    rule: str


def _span(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"


def _dateline(day: date) -> str:
    weekday, month = _WEEKDAYS[day.weekday()], _MONTH_NAMES[day.month - 1]
    return f"{weekday.title()} {day.day} {month.title()} {day.year}"


def resolve(
    phrase: str, published: date, *, ahead: bool = False, dateline: str | None = None
) -> Resolved:
    """What ``phrase`` means in an article whose dateline is ``published``; ``ahead`` reads a
    bare weekday, month or day forward (an announced meeting).  ``dateline``, the words
    the article prints ("OSTRAVIK, March 12"), is named in the reason when given: a
    dateline rarely prints the year the reason's day carries.  Raises PhraseError."""
    # A datetime is a date whose isoformat() carries the time: keep the day only.
    published = date(published.year, published.month, published.day)
    # One line, in the reason too; the sentence's own comma or stop is not the phrase's.
    text = " ".join(phrase.split()).rstrip(",.;:")
    try:
        found = _resolve(text, published, ahead)
        when = PartialDate.parse(found.text)  # every answer is a date vzcli reads
    except PhraseError:
        raise
    except (OverflowError, ValueError):  # date arithmetic past year 1 or 9999
        raise PhraseError(f"'{text}' falls outside the years 1 to 9999") from None
    except RecursionError:  # "a day after a day after …", a thousand deep
        raise PhraseError(f"'{text[:40]}…' nests too many offsets to resolve") from None
    said = f"the dateline '{' '.join(dateline.split())}'" if dateline else "the dateline"
    reason = f"{said} is {_dateline(published)}; '{text}' is {found.how}"
    return Resolved(phrase, found.text, when.precision.value, reason, found.rule)


def _resolve(text: str, published: date, ahead: bool) -> _Found:
    if _VAGUE.search(text):
        # An analyst would take any window given here for the article's own.
        raise PhraseError(
            f"'{text}' gives no date to resolve: leave the date unknown or find it in the article"
        )
    if m := _NEAR.fullmatch(text):
        word = m[0].lower()
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[word]
        how = ("the day before it", "its own day", "the day after it")[shift + 1]
        return _Found((published + timedelta(shift)).isoformat(), how, word)
    if m := _WEEKDAY.fullmatch(text):
        return _weekday((m[1] or "").lower(), _WEEKDAYS.index(m[2].lower()), published, ahead)
    if m := _CALENDAR.fullmatch(text):
        return _calendar(m[1].lower(), m[2].lower(), published)
    if m := _PART.fullmatch(text):
        return _part(m[1].lower() == "earlier", m[2].lower(), text, published)
    if m := _MONTH.fullmatch(text):
        month = _MONTHS[m[2].lower()]
        if m[3]:  # "in January 2019"; "last January 2019" too, as the year settles it
            return _Found(f"{m[3]}-{month:02d}", "the month as written", "month-year")
        return _month((m[1] or "").lower(), month, published, ahead)
    if m := _DAY_FIRST.fullmatch(text) or _MONTH_FIRST.fullmatch(text):
        day, name = (m[1], m[2]) if m.re is _DAY_FIRST else (m[2], m[1])
        year = int(m[3]) if m[3] else None
        return _day(int(day), _MONTHS[name.lower()], year, published, ahead)
    if (m := _OFFSET.fullmatch(text)) and (
        found := _offset(m[1], m[2].lower() == "before", m[3], published, ahead)
    ):
        return found
    if (m := _AGO.fullmatch(text)) and (found := _offset(m[1], True, None, published, ahead)):
        return found
    raise PhraseError(f"'{text}' is not a phrase vzcli can resolve: {_UNDERSTOOD}")


def _weekday(which: str, wanted: int, published: date, ahead: bool) -> _Found:
    name = _WEEKDAYS[wanted].title()
    back = (published.weekday() - wanted) % 7  # days back to the latest on or before
    forth = (wanted - published.weekday()) % 7  # days on to the first on or after
    if which == "last":  # "last Monday" said on a Monday is a week before
        day, how, rule = published - timedelta(back or 7), "the latest {} before it", "last-weekday"
    elif which:  # "next", "this coming": not the dateline's own day either
        day, how, rule = published + timedelta(forth or 7), "the first {} after it", "next-weekday"
    elif ahead:
        day, how, rule = published + timedelta(forth), "the first {} on or after it", "weekday"
    else:
        day, how, rule = published - timedelta(back), "the latest {} on or before it", "weekday"
    return _Found(day.isoformat(), how.format(name), rule)


def _calendar(which: str, unit: str, published: date) -> _Found:
    """The week (Monday to Sunday), month or year before, of or after the dateline."""
    shift, rule = _SHIFT[which], f"{which}-{unit}"
    if unit == "week":
        monday = published - timedelta(published.weekday()) + timedelta(weeks=shift)
        text, unit = _span(monday, monday + timedelta(6)), "Monday-to-Sunday week"
    elif unit == "month":
        year, month = divmod(published.year * 12 + published.month - 1 + shift, 12)
        text, unit = f"{year:04d}-{month + 1:02d}", "calendar month"
    else:
        text, unit = f"{published.year + shift:04d}", "calendar year"
    how = ("the {} before its own", "its own {}", "the {} after its own")[shift + 1]
    return _Found(text, how.format(unit), rule)


def _month(which: str, month: int, published: date, ahead: bool) -> _Found:
    own, year = published.month, published.year
    if which == "last":  # "last May" said in May is a year before
        year, how, rule = year - (month >= own), "the latest {} before its month", "last-month-name"
    elif which == "next":
        year, how, rule = year + (month <= own), "the first {} after its month", "next-month-name"
    elif ahead:
        year, how, rule = year + (month < own), "the first {} on or after its month", "month-name"
    else:
        year, how, rule = year - (month > own), "the latest {} on or before its month", "month-name"
    return _Found(f"{year:04d}-{month:02d}", how.format(_MONTH_NAMES[month - 1].title()), rule)


def _part(earlier: bool, unit: str, text: str, published: date) -> _Found:
    """The days of the dateline's week (Monday to Sunday) or month before it, or after."""
    if unit == "week":
        first = published - timedelta(published.weekday())
        last = first + timedelta(6)
        edges = ("Monday", "Sunday")
    else:
        first = published.replace(day=1)
        last = (published.replace(day=28) + timedelta(4)).replace(day=1) - timedelta(1)
        edges = ("1st", "last day")
    if published == (first if earlier else last):
        dateline = _dateline(published)
        edge = edges[0] if earlier else edges[1]
        raise PhraseError(
            f"'{text}' has no days: the dateline, {dateline}, is the {edge} of its {unit}"
        )
    if earlier:
        found = _span(first, published - timedelta(1)), "before", f"earlier-this-{unit}"
    else:
        found = _span(published + timedelta(1), last), "after", f"later-this-{unit}"
    return _Found(found[0], f"the days of its {unit} {found[1]} it", found[2])


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _day(day: int, month: int, year: int | None, published: date, ahead: bool) -> _Found:
    name = f"{day} {_MONTH_NAMES[month - 1].title()}"
    if not 1 <= day <= _LONGEST[month - 1]:
        raise PhraseError(f"{name} is not a day of any year")
    if year is not None:
        if (month, day) == (2, 29) and not _leap(year):
            raise PhraseError(f"{name} {year} is not a day: {year} is not a leap year")
        return _Found(date(year, month, day).isoformat(), "the day as written", "full-date")
    # 29 February comes back every 4 to 8 years: walk to the nearest that exists.
    for y in range(published.year, 10_000 if ahead else 0, 1 if ahead else -1):
        if (month, day) == (2, 29) and not _leap(y):
            continue
        found = date(y, month, day)
        if found >= published if ahead else found <= published:
            how = "the first {} on or after it" if ahead else "the latest {} on or before it"
            return _Found(found.isoformat(), how.format(name), "day-month")
    raise OverflowError  # resolve() says which years it reaches


def _offset(
    lag: str, back: bool, anchor: str | None, published: date, ahead: bool
) -> _Found | None:
    """The anchor's dates moved by ``lag``; None when ``lag`` is no count of days to years."""
    # Imported here: fidelity brings verify, brief and sentences, start-up time
    # no other phrase needs.  Its lag_days is the rule verify checks lags by.
    from .fidelity import lag_days

    window = lag_days(lag)
    if window is None:
        return None
    least, most = window
    first = last = published  # "ago" counts from the dateline
    where = "it"
    if anchor is not None:
        found = _resolve(anchor, published, ahead)
        when = PartialDate.parse(found.text)
        first, last, where = when.earliest, when.latest, f"{found.text}, {found.how}"
    if back:
        start, end = first - timedelta(most), last - timedelta(least)
    else:
        start, end = first + timedelta(least), last + timedelta(most)
    days = f"{least} to {most} days" if least != most else f"{least} day{'s' * (least != 1)}"
    # The slack is the words' own: "two weeks" is 14 days give or take 3.
    words = f"'{lag}', give or take" if least != most else f"'{lag}'"
    how = f"{days} ({words}) {'before' if back else 'after'} {where}"
    return _Found(_span(start, end), how, "offset")
