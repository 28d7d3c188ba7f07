"""reldates.resolve: every phrase kind against dates worked out by hand on the calendars
of 2018 to 2020, with the reasons and errors said exactly."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vzcli.dates import PartialDate
from vzcli.fidelity import lag_days
from vzcli.reldates import PHRASES, PhraseError, Resolved, resolve

TUE = date(2019, 5, 7)  # Tuesday 7 May 2019
JAN2 = date(2019, 1, 2)  # Wednesday 2 January 2019: weeks and months across New Year
JUN4 = date(2019, 6, 4)  # Tuesday 4 June 2019, after 14 May

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# (dateline, phrase, ahead, date, precision, rule), each date found on the calendar by hand.
CASES = [
    # a weekday: the latest on or before the dateline, its own day included
    (TUE, "on Monday", False, "2019-05-06", "day", "weekday"),
    (TUE, "on Tuesday", False, "2019-05-07", "day", "weekday"),
    (TUE, "Wednesday", False, "2019-05-01", "day", "weekday"),
    (TUE, "SUNDAY", False, "2019-05-05", "day", "weekday"),
    (JAN2, "on Friday", False, "2018-12-28", "day", "weekday"),
    # ahead: the first on or after it
    (TUE, "Tuesday", True, "2019-05-07", "day", "weekday"),
    (TUE, "Monday", True, "2019-05-13", "day", "weekday"),
    (TUE, "on Wednesday", True, "2019-05-08", "day", "weekday"),
    (date(2019, 12, 30), "Thursday", True, "2020-01-02", "day", "weekday"),
    # last / next weekday exclude the dateline's own day, whichever way one looks
    (TUE, "last Tuesday", False, "2019-04-30", "day", "last-weekday"),
    (TUE, "last Tuesday", True, "2019-04-30", "day", "last-weekday"),
    (TUE, "last Monday", False, "2019-05-06", "day", "last-weekday"),
    (TUE, "next Tuesday", False, "2019-05-14", "day", "next-weekday"),
    (TUE, "next Wednesday", False, "2019-05-08", "day", "next-weekday"),
    (TUE, "this coming Monday", False, "2019-05-13", "day", "next-weekday"),
    (TUE, "on next Tuesday", True, "2019-05-14", "day", "next-weekday"),
    # yesterday, today, tomorrow
    (date(2019, 1, 1), "yesterday", False, "2018-12-31", "day", "yesterday"),
    (TUE, "Today", False, "2019-05-07", "day", "today"),
    (date(2019, 12, 31), "tomorrow", False, "2020-01-01", "day", "tomorrow"),
    # Monday-to-Sunday weeks
    (TUE, "last week", False, "2019-04-29/2019-05-05", "range", "last-week"),
    (TUE, "this week", False, "2019-05-06/2019-05-12", "range", "this-week"),
    (TUE, "next week", False, "2019-05-13/2019-05-19", "range", "next-week"),
    (date(2019, 5, 12), "this week", False, "2019-05-06/2019-05-12", "range", "this-week"),
    (date(2019, 5, 6), "last week", False, "2019-04-29/2019-05-05", "range", "last-week"),
    (JAN2, "last week", False, "2018-12-24/2018-12-30", "range", "last-week"),
    (JAN2, "this week", False, "2018-12-31/2019-01-06", "range", "this-week"),
    (date(2019, 12, 30), "next week", False, "2020-01-06/2020-01-12", "range", "next-week"),
    # month names
    (TUE, "in January", False, "2019-01", "month", "month-name"),
    (TUE, "in December", False, "2018-12", "month", "month-name"),
    (TUE, "in December", True, "2019-12", "month", "month-name"),
    (TUE, "in May", False, "2019-05", "month", "month-name"),
    (TUE, "May", True, "2019-05", "month", "month-name"),
    (TUE, "in January", True, "2020-01", "month", "month-name"),
    (TUE, "June", False, "2018-06", "month", "month-name"),
    (TUE, "April", True, "2020-04", "month", "month-name"),
    (TUE, "Sept.", False, "2018-09", "month", "month-name"),
    (JAN2, "in December", False, "2018-12", "month", "month-name"),
    (JAN2, "in January", False, "2019-01", "month", "month-name"),
    (TUE, "last January", False, "2019-01", "month", "last-month-name"),
    (TUE, "last May", False, "2018-05", "month", "last-month-name"),
    (TUE, "last June", True, "2018-06", "month", "last-month-name"),
    (TUE, "next May", False, "2020-05", "month", "next-month-name"),
    (TUE, "next December", False, "2019-12", "month", "next-month-name"),
    (TUE, "next April", False, "2020-04", "month", "next-month-name"),
    (TUE, "in January 2019", False, "2019-01", "month", "month-year"),
    (TUE, "March 2017", True, "2017-03", "month", "month-year"),
    (TUE, "Dec, 2020", False, "2020-12", "month", "month-year"),
    # calendar months and years
    (JAN2, "last month", False, "2018-12", "month", "last-month"),
    (TUE, "last month", False, "2019-04", "month", "last-month"),
    (TUE, "this month", False, "2019-05", "month", "this-month"),
    (TUE, "next month", False, "2019-06", "month", "next-month"),
    (date(2019, 12, 2), "next month", False, "2020-01", "month", "next-month"),
    (TUE, "last year", False, "2018", "year", "last-year"),
    (TUE, "this year", False, "2019", "year", "this-year"),
    (TUE, "next year", False, "2020", "year", "next-year"),
    (TUE, "earlier this month", False, "2019-05-01/2019-05-06", "range", "earlier-this-month"),
    # Tuesday 7 May 2019: its week is Monday 6 to Sunday 12 May.
    (TUE, "earlier this week", False, "2019-05-06", "day", "earlier-this-week"),
    (TUE, "later this week", False, "2019-05-08/2019-05-12", "range", "later-this-week"),
    (
        date(2019, 5, 12),
        "earlier this week",
        False,
        "2019-05-06/2019-05-11",
        "range",
        "earlier-this-week",
    ),
    (date(2019, 5, 2), "earlier this month", False, "2019-05-01", "day", "earlier-this-month"),
    (TUE, "later this month", False, "2019-05-08/2019-05-31", "range", "later-this-month"),
    (date(2019, 2, 27), "later this month", False, "2019-02-28", "day", "later-this-month"),
    (date(2020, 2, 28), "later this month", False, "2020-02-29", "day", "later-this-month"),
    (date(2019, 4, 29), "later this month", False, "2019-04-30", "day", "later-this-month"),
    # a day of a month without its year
    (TUE, "May 14", False, "2018-05-14", "day", "day-month"),
    (TUE, "May 14", True, "2019-05-14", "day", "day-month"),
    (TUE, "14 May", False, "2018-05-14", "day", "day-month"),
    (TUE, "on 14 May", True, "2019-05-14", "day", "day-month"),
    (TUE, "on May 7", False, "2019-05-07", "day", "day-month"),
    (TUE, "7 May", True, "2019-05-07", "day", "day-month"),
    (TUE, "May 6", True, "2020-05-06", "day", "day-month"),
    (TUE, "Jan. 14th", False, "2019-01-14", "day", "day-month"),
    (TUE, "the 14th of May", False, "2018-05-14", "day", "day-month"),
    (TUE, "May 1st", False, "2019-05-01", "day", "day-month"),
    (TUE, "on the 2nd of May", False, "2019-05-02", "day", "day-month"),
    (TUE, "3rd May", True, "2020-05-03", "day", "day-month"),
    (TUE, "May 22nd", False, "2018-05-22", "day", "day-month"),
    (JAN2, "31 December", False, "2018-12-31", "day", "day-month"),
    (JAN2, "1 January", True, "2020-01-01", "day", "day-month"),
    # 29 February: the nearest leap year the right way, skipping 1900 and 2100
    (TUE, "29 February", False, "2016-02-29", "day", "day-month"),
    (TUE, "29 February", True, "2020-02-29", "day", "day-month"),
    (date(2020, 3, 1), "February 29", False, "2020-02-29", "day", "day-month"),
    (date(2020, 2, 28), "29 Feb", False, "2016-02-29", "day", "day-month"),
    (date(2020, 2, 28), "29 Feb", True, "2020-02-29", "day", "day-month"),
    (date(1903, 1, 1), "29 February", False, "1896-02-29", "day", "day-month"),
    (date(2097, 1, 1), "29 February", True, "2104-02-29", "day", "day-month"),
    # a day with its year
    (TUE, "14 May 2019", False, "2019-05-14", "day", "full-date"),
    (TUE, "May 14, 2019", True, "2019-05-14", "day", "full-date"),
    (TUE, "on 29 February 2020", False, "2020-02-29", "day", "full-date"),
    (TUE, "29 February 2000", False, "2000-02-29", "day", "full-date"),
    # offsets, at lag_days' widths: days exact, weeks 3 either way, months 15, years 182
    (JUN4, "two weeks after 14 May", False, "2019-05-25/2019-05-31", "range", "offset"),
    (TUE, "two weeks after 14 May", False, "2018-05-25/2018-05-31", "range", "offset"),
    (TUE, "two weeks after 14 May", True, "2019-05-25/2019-05-31", "range", "offset"),
    (TUE, "Two  Weeks AFTER May 14", True, "2019-05-25/2019-05-31", "range", "offset"),
    (TUE, "three days ago", False, "2019-05-04", "day", "offset"),
    (TUE, "a week ago", False, "2019-04-27/2019-05-03", "range", "offset"),
    (TUE, "2 days before Monday", False, "2019-05-04", "day", "offset"),
    (TUE, "2 days before Monday", True, "2019-05-11", "day", "offset"),
    (TUE, "10 days from today", False, "2019-05-17", "day", "offset"),
    (TUE, "2 days BEFORE Monday", False, "2019-05-04", "day", "offset"),
    (TUE, "a day after 2 days before today", False, "2019-05-06", "day", "offset"),
    (TUE, "a day after tomorrow", False, "2019-05-09", "day", "offset"),
    (TUE, "0 days after today", False, "2019-05-07", "day", "offset"),
    (TUE, "a month after January", False, "2019-01-16/2019-03-17", "range", "offset"),
    (TUE, "two weeks before last week", False, "2019-04-12/2019-04-24", "range", "offset"),
    (TUE, "one year before last year", False, "2016-07-03/2018-07-01", "range", "offset"),
    (TUE, "a year ago", False, "2017-11-06/2018-11-05", "range", "offset"),
    (TUE, "two weeks after three days ago", False, "2019-05-15/2019-05-21", "range", "offset"),
    (JAN2, "a week after 31 December", False, "2019-01-04/2019-01-10", "range", "offset"),
    (TUE, "about two weeks after 1 May", False, "2019-05-12/2019-05-18", "range", "offset"),
]


@pytest.mark.parametrize(("dateline", "phrase", "ahead", "when", "precision", "rule"), CASES)
def test_resolves(
    dateline: date, phrase: str, ahead: bool, when: str, precision: str, rule: str
) -> None:
    got = resolve(phrase, dateline, ahead=ahead)
    assert (got.phrase, got.date, got.precision, got.rule) == (phrase, when, precision, rule)
    parsed = PartialDate.parse(got.date)  # every answer is a date vzcli reads
    assert parsed.precision.value == got.precision
    assert "\n" not in got.reason
    assert got.reason.startswith(f"the dateline is {WEEKDAYS[dateline.weekday()]} {dateline.day} ")


def test_two_weeks_is_what_verify_allows() -> None:
    """The windows above rest on lag_days' reading of these words."""
    assert lag_days("two weeks") == (11, 17)
    assert lag_days("a week") == (4, 10)
    assert lag_days("three days") == (3, 3)
    assert lag_days("a month") == (15, 45)
    assert lag_days("one year") == (183, 547)


@pytest.mark.parametrize(
    ("dateline", "phrase", "ahead", "reason"),
    [
        (
            TUE,
            "on Monday",
            False,
            "the dateline is Tuesday 7 May 2019; 'on Monday' is the latest Monday on or before it",
        ),
        (
            TUE,
            "Monday",
            True,
            "the dateline is Tuesday 7 May 2019; 'Monday' is the first Monday on or after it",
        ),
        (
            TUE,
            "last Monday",
            False,
            "the dateline is Tuesday 7 May 2019; 'last Monday' is the latest Monday before it",
        ),
        (
            TUE,
            "this coming Monday",
            False,
            "the dateline is Tuesday 7 May 2019; 'this coming Monday' is the first Monday after it",
        ),
        (
            TUE,
            "last week",
            False,
            "the dateline is Tuesday 7 May 2019; 'last week' is the Monday-to-Sunday week "
            "before its own",
        ),
        (
            TUE,
            "next year",
            False,
            "the dateline is Tuesday 7 May 2019; 'next year' is the calendar year after its own",
        ),
        (
            TUE,
            "this month",
            False,
            "the dateline is Tuesday 7 May 2019; 'this month' is its own calendar month",
        ),
        (
            TUE,
            "in December",
            False,
            "the dateline is Tuesday 7 May 2019; 'in December' is the latest December "
            "on or before its month",
        ),
        (
            TUE,
            "in December",
            True,
            "the dateline is Tuesday 7 May 2019; 'in December' is the first December "
            "on or after its month",
        ),
        (
            TUE,
            "last May",
            False,
            "the dateline is Tuesday 7 May 2019; 'last May' is the latest May before its month",
        ),
        (
            TUE,
            "next May",
            False,
            "the dateline is Tuesday 7 May 2019; 'next May' is the first May after its month",
        ),
        (
            TUE,
            "January 2019",
            False,
            "the dateline is Tuesday 7 May 2019; 'January 2019' is the month as written",
        ),
        (
            date(2019, 1, 1),
            "yesterday",
            False,
            "the dateline is Tuesday 1 January 2019; 'yesterday' is the day before it",
        ),
        (TUE, "today", False, "the dateline is Tuesday 7 May 2019; 'today' is its own day"),
        (
            TUE,
            "tomorrow",
            False,
            "the dateline is Tuesday 7 May 2019; 'tomorrow' is the day after it",
        ),
        (
            TUE,
            "earlier this month",
            False,
            "the dateline is Tuesday 7 May 2019; 'earlier this month' is the days of its month "
            "before it",
        ),
        (
            TUE,
            "later this month",
            False,
            "the dateline is Tuesday 7 May 2019; 'later this month' is the days of its month "
            "after it",
        ),
        (
            TUE,
            "May 14",
            False,
            "the dateline is Tuesday 7 May 2019; 'May 14' is the latest 14 May on or before it",
        ),
        (
            TUE,
            "Sept. 3",
            True,
            "the dateline is Tuesday 7 May 2019; 'Sept. 3' is the first 3 September on or after it",
        ),
        (
            TUE,
            "14 May 2019",
            False,
            "the dateline is Tuesday 7 May 2019; '14 May 2019' is the day as written",
        ),
        (
            JUN4,
            "two weeks after 14 May",
            False,
            "the dateline is Tuesday 4 June 2019; 'two weeks after 14 May' is 11 to 17 days "
            "('two weeks', give or take) after 2019-05-14, the latest 14 May on or before it",
        ),
        (
            TUE,
            "three days ago",
            False,
            "the dateline is Tuesday 7 May 2019; 'three days ago' is 3 days "
            "('three days') before it",
        ),
        (
            TUE,
            "a day after today",
            False,
            "the dateline is Tuesday 7 May 2019; 'a day after today' is 1 day "
            "('a day') after 2019-05-07, its own day",
        ),
        (
            TUE,
            "a week before last week",
            False,
            "the dateline is Tuesday 7 May 2019; 'a week before last week' is 4 to 10 days "
            "('a week', give or take) before 2019-04-29/2019-05-05, the Monday-to-Sunday "
            "week before its own",
        ),
        (
            date(2019, 12, 31),
            "  on \n Monday ",
            False,
            "the dateline is Tuesday 31 December 2019; 'on Monday' is the latest Monday "
            "on or before it",
        ),
    ],
)
def test_reasons(dateline: date, phrase: str, ahead: bool, reason: str) -> None:
    assert resolve(phrase, dateline, ahead=ahead).reason == reason


def test_phrase_is_kept_as_given() -> None:
    got = resolve("  on \n Monday ", TUE)
    assert got == Resolved(
        "  on \n Monday ",
        "2019-05-06",
        "day",
        "the dateline is Tuesday 7 May 2019; 'on Monday' is the latest Monday on or before it",
        "weekday",
    )


def test_datetime_dateline_keeps_the_day() -> None:
    assert resolve("today", datetime(2019, 5, 7, 23, 30)).date == "2019-05-07"
    assert resolve("a week ago", datetime(2019, 5, 7, 1, 0)).date == "2019-04-27/2019-05-03"


UNDERSTOOD = (
    "vzcli resolves weekdays (on Monday, last Monday, next Monday), yesterday, today, "
    "tomorrow, last/this/next week, month or year, earlier or later this week or month, months "
    "(in January, January 2019), days (14 May, May 14, 2019) and offsets (two weeks after "
    "14 May, three days ago; counts in digits or a, one to twelve)"
)
VAGUE = "gives no date to resolve: leave the date unknown or find it in the article"


@pytest.mark.parametrize(
    ("dateline", "phrase", "message"),
    [
        (TUE, "recently", f"'recently' {VAGUE}"),
        (TUE, "Recently", f"'Recently' {VAGUE}"),
        (TUE, "recent", f"'recent' {VAGUE}"),
        (TUE, "in recent weeks", f"'in recent weeks' {VAGUE}"),
        (TUE, "two weeks after recently", f"'two weeks after recently' {VAGUE}"),
        (TUE, "30 February", "30 February is not a day of any year"),
        (TUE, "February 30", "30 February is not a day of any year"),
        (TUE, "31 April 2019", "31 April is not a day of any year"),
        (TUE, "0 May", "0 May is not a day of any year"),
        (TUE, "May 32", "32 May is not a day of any year"),
        (TUE, "29 February 2019", "29 February 2019 is not a day: 2019 is not a leap year"),
        (TUE, "29 February 1900", "29 February 1900 is not a day: 1900 is not a leap year"),
        (
            date(2019, 5, 1),
            "earlier this month",
            "'earlier this month' has no days: the dateline, Wednesday 1 May 2019, "
            "is the 1st of its month",
        ),
        (
            date(2019, 5, 6),
            "earlier this week",
            "'earlier this week' has no days: the dateline, Monday 6 May 2019, "
            "is the Monday of its week",
        ),
        (
            date(2019, 5, 12),
            "later this week",
            "'later this week' has no days: the dateline, Sunday 12 May 2019, "
            "is the Sunday of its week",
        ),
        (
            date(2019, 5, 31),
            "later this month",
            "'later this month' has no days: the dateline, Friday 31 May 2019, "
            "is the last day of its month",
        ),
        (
            date(2019, 2, 28),
            "later this month",
            "'later this month' has no days: the dateline, Thursday 28 February 2019, "
            "is the last day of its month",
        ),
        (TUE, "5000 years ago", "'5000 years ago' falls outside the years 1 to 9999"),
        (date(1, 1, 1), "last year", "'last year' falls outside the years 1 to 9999"),
        (date(1, 1, 3), "last week", "'last week' falls outside the years 1 to 9999"),
        (date(9999, 12, 31), "tomorrow", "'tomorrow' falls outside the years 1 to 9999"),
        (date(3, 1, 1), "29 February", "'29 February' falls outside the years 1 to 9999"),
        (TUE, "14 May 0000", "'14 May 0000' falls outside the years 1 to 9999"),
        (TUE, "the other day", f"'the other day' is not a phrase vzcli can resolve: {UNDERSTOOD}"),
        (TUE, "", f"'' is not a phrase vzcli can resolve: {UNDERSTOOD}"),
        (TUE, "this Monday", f"'this Monday' is not a phrase vzcli can resolve: {UNDERSTOOD}"),
        # the long s folds to s under IGNORECASE alone: English words only
        (TUE, "\u017funday", f"'\u017funday' is not a phrase vzcli can resolve: {UNDERSTOOD}"),
        (
            TUE,
            "thirteen days ago",
            f"'thirteen days ago' is not a phrase vzcli can resolve: {UNDERSTOOD}",
        ),
        (
            TUE,
            "an hour after today",
            f"'an hour after today' is not a phrase vzcli can resolve: {UNDERSTOOD}",
        ),
        (
            TUE,
            "the week before last",
            f"'the week before last' is not a phrase vzcli can resolve: {UNDERSTOOD}",
        ),
        (
            TUE,
            "two weeks after the summit",
            f"'the summit' is not a phrase vzcli can resolve: {UNDERSTOOD}",
        ),
    ],
)
def test_errors(dateline: date, phrase: str, message: str) -> None:
    with pytest.raises(PhraseError) as caught:
        resolve(phrase, dateline)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_phrases_documented() -> None:
    assert all(isinstance(p, str) and isinstance(r, str) and "\n" not in p + r for p, r in PHRASES)
    patterns = [p for p, _ in PHRASES]
    for shown in ("Monday, on Monday", "last Monday", "earlier this month", "recently"):
        assert shown in patterns
    assert dict(PHRASES)["recently"] == "not resolved: it names no date"
    assert any("ago" in p for p in patterns)


@given(
    st.dates(min_value=date(2019, 1, 1), max_value=date(2019, 12, 31)),
    st.sampled_from(WEEKDAYS),
    st.booleans(),
)
def test_weekday_is_the_nearest(dateline: date, weekday: str, on: bool) -> None:
    phrase = f"on {weekday}" if on else weekday
    back = date.fromisoformat(resolve(phrase, dateline).date)
    ahead = date.fromisoformat(resolve(phrase, dateline, ahead=True).date)
    wanted = WEEKDAYS.index(weekday)
    assert back.weekday() == wanted == ahead.weekday()
    assert dateline - timedelta(6) <= back <= dateline
    assert dateline <= ahead <= dateline + timedelta(6)
    # the dateline itself, both ways, exactly when it is that weekday
    assert (back == dateline) == (dateline.weekday() == wanted) == (ahead == dateline)
    last = date.fromisoformat(resolve(f"last {weekday}", dateline, ahead=True).date)
    assert last.weekday() == wanted
    assert dateline - timedelta(7) <= last < dateline
    upcoming = date.fromisoformat(resolve(f"next {weekday}", dateline).date)
    assert upcoming.weekday() == wanted
    assert dateline < upcoming <= dateline + timedelta(7)


@given(st.dates(min_value=date(2019, 1, 1), max_value=date(2019, 12, 31)))
def test_weeks_run_monday_to_sunday(dateline: date) -> None:
    this = PartialDate.parse(resolve("this week", dateline).date)
    last = PartialDate.parse(resolve("last week", dateline).date)
    assert this.earliest.weekday() == 0
    assert this.latest - this.earliest == timedelta(6)
    assert this.earliest <= dateline <= this.latest
    assert last.latest == this.earliest - timedelta(1)
    assert last.latest - last.earliest == timedelta(6)


def test_the_reason_names_the_datelines_own_words_when_given() -> None:
    found = resolve("on Monday", date(2031, 3, 12), dateline="OSTRAVIK,\n March 12")
    assert found.reason == (
        "the dateline 'OSTRAVIK, March 12' is Wednesday 12 March 2031; 'on Monday' is the "
        "latest Monday on or before it"
    )
    assert found.date == "2031-03-10"


def test_a_datelines_day_is_read_either_way_round_and_never_ahead() -> None:
    from vzcli.reldates import dateline_day

    day = date(2031, 3, 12)
    assert dateline_day("OSTRAVIK, March 12 (NNA)", day) == day
    assert dateline_day("Ostravik, 12 March", day) == day
    assert dateline_day("Ostravik, 11 Mar.", day) == date(2031, 3, 11)
    # A day after the publication is last year's, as a dateline is never ahead.
    assert dateline_day("Ostravik, March 20", day) == date(2030, 3, 20)
    assert dateline_day("Ostravik, 20 March", day) == date(2030, 3, 20)
    assert dateline_day("OSTRAVIK (NNA)", day) is None
    assert dateline_day("Ostravik, February 30", day) is None


def test_a_phrase_nested_too_deep_is_named_by_its_first_forty_characters() -> None:
    phrase = "one day after " * 1500 + "today"
    with pytest.raises(PhraseError) as caught:
        resolve(phrase, TUE)
    assert str(caught.value) == f"'{phrase[:40]}…' nests too many offsets to resolve"
