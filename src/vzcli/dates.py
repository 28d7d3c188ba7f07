"""Dates at the article's own precision: a day, a month, a year, or only bounds.

Pure Python with no third-party imports, so a command answered from the
validation cache never imports pydantic (see :mod:`vzcli.cache`).
"""

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for annotations: importing them costs start-up time
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

# [0-9], not \d: \d also matches other scripts' digits; fullmatch, not $,
# which would accept a trailing newline.
_POINT = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class Precision(StrEnum):
    """How precisely the article dates something."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"
    UNKNOWN = "unknown"


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _days_in_month(year: int, month: int) -> int:
    """28 to 31, by the Gregorian calendar (as ``calendar.monthrange``, whose import
    every start-up would pay)."""
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _parse_point(text: str) -> tuple[date, date, Precision]:
    """Return the first and last day a ``YYYY[-MM[-DD]]`` string can mean."""
    m = _POINT.fullmatch(text)
    if not m:
        raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), m[2], m[3]
    if year == 0:
        raise ValueError(f"{text!r} has no year 0000")
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), Precision.YEAR
    mon = int(month)
    if not 1 <= mon <= 12:
        raise ValueError(f"{text!r} has no month {mon:02d}")
    last = _days_in_month(year, mon)
    if day is None:
        return date(year, mon, 1), date(year, mon, last), Precision.MONTH
    d = int(day)
    if not 1 <= d <= last:
        # Name the month and its length: "that month" sends the reader to a calendar.
        raise ValueError(f"{text!r} has no day {d:02d}: {_MONTHS[mon - 1]} {year} has {last} days")
    return date(year, mon, d), date(year, mon, d), Precision.DAY


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a day, a month, a year, or only between two bounds.

    Written as ``2019-05-14``, ``2019-01``, ``2019``, or an ISO 8601 interval
    ``2019-04-30/2019-05-14`` whose ends may be open (``2019-04-30/..``).
    ``earliest`` and ``latest`` are the inclusive limits of what it can mean;
    an open end is ``date.min`` / ``date.max``.
    """

    text: str
    precision: Precision
    earliest: date
    latest: date
    days: tuple[str | None, str | None] = field(default=(None, None), compare=False, repr=False)
    """``earliest`` and ``latest`` as ISO days, None where open (see :func:`bounds`);
    made once per parse, as rows over many records ask for them again and again."""

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Parse the written form; raises ValueError naming what is wrong."""
        return _parse_cached(text)

    @property
    def open_start(self) -> bool:
        """Whether the date has no known first day (``../2019-05-14``)."""
        return self.earliest == date.min

    @property
    def open_end(self) -> bool:
        """Whether the date has no known last day (``2019-04-30/..``)."""
        return self.latest == date.max

    def describe(self) -> str:
        """The date as a person reads it, at its own precision."""
        if self.precision is not Precision.RANGE:
            return self.text
        # A valid date has at most one "/": rpartition would split it alike.
        start, _, end = self.text.partition("/")  # pragma: no mutate
        if start == "..":
            return f"on or before {end}"
        if end == "..":
            return f"on or after {start}"
        return f"between {start} and {end}"

    def overlaps(self, since: date | None, until: date | None) -> bool:
        """Whether any day this date can mean lies in ``[since, until]``."""
        return (since is None or self.latest >= since) and (until is None or self.earliest <= until)

    def within(self, since: date | None, until: date | None) -> bool:
        """Whether every day this date can mean lies in ``[since, until]``."""
        return (since is None or self.earliest >= since) and (until is None or self.latest <= until)

    def __str__(self) -> str:
        return self.text

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: "GetCoreSchemaHandler"
    ) -> "CoreSchema":
        from pydantic_core import core_schema

        from_str = core_schema.no_info_after_validator_function(cls.parse, core_schema.str_schema())
        return core_schema.json_or_python_schema(
            json_schema=from_str,
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_str]),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: "CoreSchema", handler: "GetJsonSchemaHandler"
    ) -> "JsonSchemaValue":
        point = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
        return {
            "type": "string",
            "pattern": rf"^({point}|({point}|\.\.)/({point}|\.\.))$",
            "description": (
                "YYYY, YYYY-MM, YYYY-MM-DD, or an interval START/END (either end may be '..')"
            ),
            "examples": ["2019-05-14", "2019-01", "2019-04-30/2019-05-14", "2019-04-30/.."],
        }


def bounds(when: PartialDate | None) -> tuple[str | None, str | None]:
    """The first and last ISO day ``when`` can mean; None for an open end, or undated.

    What a client filters a window on without parsing intervals: a record may
    fall in ``[since, until]`` when ``latest >= since`` and ``earliest <= until``
    (an open end always may), and must when ``earliest >= since`` and
    ``latest <= until``.
    """
    return _NO_DAYS if when is None else when.days


_NO_DAYS: tuple[None, None] = (None, None)


def _days(first: date, last: date) -> tuple[str | None, str | None]:
    return (
        None if first == date.min else first.isoformat(),
        None if last == date.max else last.isoformat(),
    )


def sort_key(when: PartialDate | None) -> tuple[int, date, date]:
    """Sort key: by the earliest day a date can mean, then the latest; unknown dates last.

    An open start ("on or before 14 May") could be any earlier day, so it
    sorts before every date that has a known first day.
    """
    if when is None:
        return (1, date.max, date.max)
    return (0, when.earliest, when.latest)


@functools.lru_cache(maxsize=65536)
def _parse_cached(text: str) -> PartialDate:
    # Briefs repeat the same few dates thousands of times; PartialDate is
    # immutable, so one parse per distinct text serves every record.
    return _parse(text)


def _parse(text: str) -> PartialDate:
    """The parser behind :meth:`PartialDate.parse` and its memo."""
    if "/" not in text:
        first, last, precision = _parse_point(text)
        return PartialDate(text, precision, first, last, _days(first, last))
    start, _, end = text.partition("/")
    if start == ".." and end == "..":
        raise ValueError("an interval needs at least one known end")
    first = date.min if start == ".." else _parse_point(start)[0]
    last = date.max if end == ".." else _parse_point(end)[1]
    if first > last:
        raise ValueError(f"{text!r} ends before it starts")
    return PartialDate(text, Precision.RANGE, first, last, _days(first, last))
