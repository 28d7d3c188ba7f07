"""The schema of a brief: the one place its shape and rules live.

A brief is a hand-built, machine-checkable summary of one article.  Every
record carries ``spans``: ``[start, end)`` character offsets into the
article's UTF-8-decoded text (Python string indices), so any fact can be
traced back to the words it rests on.

Pydantic checks the shape of each record; :func:`check_integrity` checks what
types alone cannot (unique ids, references that resolve, spans inside the
article), reporting every problem with its record path at once.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    create_model,
    model_validator,
)
from pydantic_core import core_schema

if TYPE_CHECKING:  # only for annotations: importing them costs start-up time
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
"""A record id: lower-case ASCII, digits, ``_`` and ``-`` so it is safe to type."""

Text = Annotated[str, Field(min_length=1)]


# --- dates at the article's own precision ---------------------------------

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


def _parse_point(text: str) -> tuple[date, date, Precision]:
    """Return the first and last day a ``YYYY[-MM[-DD]]`` string can mean."""
    m = _POINT.fullmatch(text)
    if not m:
        raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), m[2], m[3]
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), Precision.YEAR
    mon = int(month)
    if not 1 <= mon <= 12:
        raise ValueError(f"{text!r} has no month {mon:02d}")
    last = calendar.monthrange(year, mon)[1]
    if day is None:
        return date(year, mon, 1), date(year, mon, last), Precision.MONTH
    d = int(day)
    if not 1 <= d <= last:
        raise ValueError(f"{text!r} has no day {d:02d} in that month")
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

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse the written form; raises ValueError naming what is wrong."""
        return _parse_cached(text)

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        if "/" not in text:
            first, last, precision = _parse_point(text)
            return cls(text, precision, first, last)
        start, _, end = text.partition("/")
        if start == ".." and end == "..":
            raise ValueError("an interval needs at least one known end")
        first = date.min if start == ".." else _parse_point(start)[0]
        last = date.max if end == ".." else _parse_point(end)[1]
        if first > last:
            raise ValueError(f"{text!r} ends before it starts")
        return cls(text, Precision.RANGE, first, last)

    def describe(self) -> str:
        """The date as a person reads it, at its own precision."""
        if self.precision is not Precision.RANGE:
            return self.text
        start, _, end = self.text.partition("/")
        if start == "..":
            return f"on or before {end}"
        if end == "..":
            return f"on or after {start}"
        return f"between {start} and {end}"

    def overlaps(self, since: date | None, until: date | None) -> bool:
        """Whether any day this date can mean lies in ``[since, until]``."""
        return (since is None or self.latest >= since) and (until is None or self.earliest <= until)

    def __str__(self) -> str:
        return self.text

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from_str = core_schema.no_info_after_validator_function(cls.parse, core_schema.str_schema())
        return core_schema.json_or_python_schema(
            json_schema=from_str,
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_str]),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        point = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
        return {
            "type": "string",
            "pattern": rf"^({point}|({point}|\.\.)/({point}|\.\.))$",
            "description": (
                "YYYY, YYYY-MM, YYYY-MM-DD, or an interval START/END (either end may be '..')"
            ),
            "examples": ["2019-05-14", "2019-01", "2019-04-30/2019-05-14", "2019-04-30/.."],
        }


@functools.lru_cache(maxsize=65536)
def _parse_cached(text: str) -> PartialDate:
    # Briefs repeat the same few dates thousands of times; PartialDate is
    # immutable, so one parse per distinct text serves every record.
    return PartialDate._parse(text)


# Offsets are checked in Rust (non-negative integers); that a span is not
# empty and ends inside the article is checked by check_integrity, in one
# loop, rather than by a Python callback per span inside validation
# (measured: 0.4 s of 3.1 s validating 100,000 quotes).
Span = Annotated[
    tuple[Annotated[int, Field(ge=0)], Annotated[int, Field(ge=0)]],
    Field(description="[start, end) character offsets into the article, start < end"),
]
Spans = Annotated[list[Span], Field(min_length=1)]


class _Record(BaseModel):
    """Base for every record: unknown keys are errors, not silently dropped.

    Records that rest on the article declare ``spans: Spans`` as their last
    field, so provenance follows content in the brief and its JSON schema.
    """

    # allow_inf_nan=False: the JSON parser accepts NaN/Infinity tokens, but
    # no figure is infinite and strict JSON readers (jq) reject them.
    # defer_build: a model's validator is built on first use, so a command
    # builds only the models it reads (quotes: Source, Actor, Quote), not all
    # ten at import (measured: the module's own import time, 42 ms -> 20 ms).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


# --- closed sets ----------------------------------------------------------


class ActorKind(StrEnum):
    """What sort of actor a record describes."""

    PERSON = "person"
    STATE = "state"
    ORGANISATION = "organisation"
    GROUP = "group"
    MILITARY = "military"


class EventStatus(StrEnum):
    """Whether an event took place; a failed plan is kept, marked as such."""

    OCCURRED = "occurred"
    FAILED = "failed"


class QuoteKind(StrEnum):
    """A direct quotation (verbatim) or reported speech (paraphrased)."""

    DIRECT = "direct"
    REPORTED = "reported"


class Setting(StrEnum):
    """Where or how something was said."""

    TWEET = "tweet"
    VIDEO = "video"
    NEWS_CONFERENCE = "news_conference"
    PHONE_CALL = "phone_call"
    STATEMENT = "statement"
    UNSPECIFIED = "unspecified"


class Stance(StrEnum):
    """What a holder's position towards a target or issue is."""

    SUPPORTS = "supports"
    OPPOSES = "opposes"
    BLAMES = "blames"
    WARNS_AGAINST = "warns_against"
    URGES = "urges"
    SEEKS = "seeks"
    REJECTS = "rejects"
    DENIES = "denies"


class Qualifier(StrEnum):
    """How a figure is hedged in the article."""

    ESTIMATE = "estimate"
    FORECAST = "forecast"
    UPPER_BOUND = "upper_bound"
    LOWER_BOUND = "lower_bound"
    APPROXIMATE = "approximate"


class ExclusionKind(StrEnum):
    """What a deliberately unencoded passage is."""

    QUOTATION = "quotation"
    FIGURE = "figure"


# --- records --------------------------------------------------------------


class Source(_Record):
    """The article the brief describes; its text is not stored, only its hash."""

    title: Text
    author: Text
    categories: list[Text]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    length: Annotated[int, Field(gt=0, description="length of the article in characters")]


class Actor(_Record):
    """A person, state, organisation or group that acts or speaks."""

    id: Id
    name: Text
    kind: ActorKind
    role: Text | None = None
    side: Id | None = Field(default=None, description="id of the actor whose side this one is on")
    aliases: list[Text] = []
    spans: Spans


class Event(_Record):
    """Something that happened (or was planned and failed), dated as the article dates it."""

    id: Id
    date: PartialDate | None = Field(description="null when the article gives no date")
    title: Text
    summary: Text
    place: Text | None = None
    participants: list[Id] = []
    status: EventStatus = EventStatus.OCCURRED
    spans: Spans


class Quote(_Record):
    """A quotation or a piece of reported speech.

    For a direct quotation ``text`` is verbatim and ``spans[0]`` covers exactly
    it; for reported speech ``text`` is a paraphrase.
    """

    id: Id
    speaker: Id
    kind: QuoteKind
    text: Text
    date: PartialDate | None
    setting: Setting = Setting.UNSPECIFIED
    event: Id | None = None
    denies: Id | None = Field(default=None, description="id of the quote this one denies")
    spans: Spans


class Position(_Record):
    """Where a holder stands towards an actor or an issue."""

    id: Id
    holder: Id
    stance: Stance
    target: Id | None = Field(default=None, description="actor id the stance is towards")
    issue: Text | None = Field(default=None, description="what the stance is about")
    summary: Text
    evidence: list[Id] = Field(default=[], description="ids of quotes that show the stance")
    spans: Spans

    @model_validator(mode="after")
    def _has_object(self) -> Position:
        if self.target is None and self.issue is None:
            raise ValueError("a position needs a target, an issue, or both")
        return self


class Disagreement(_Record):
    """Two or more voices of one side that the article says contradict each other."""

    id: Id
    side: Id
    actors: Annotated[list[Id], Field(min_length=2)]
    topic: Text
    summary: Text
    quotes: list[Id] = []
    spans: Spans


class Stat(_Record):
    """A figure the article gives; points of one series share ``series`` and unit."""

    id: Id
    metric: Text
    value: int | float
    unit: Text
    period: PartialDate | None
    qualifiers: list[Qualifier] = []
    producer: Id | None = Field(default=None, description="actor id of who produced the figure")
    series: Id | None = None
    note: Text | None = None
    spans: Spans


class Exclusion(_Record):
    """A quotation-marked passage or figure deliberately left out, and why."""

    span: Span
    kind: ExclusionKind
    reason: Text


class Brief(_Record):
    """A whole brief: the source and every collection of records."""

    schema_version: Literal[1]
    source: Source
    actors: list[Actor]
    events: list[Event] = []
    quotes: list[Quote] = []
    positions: list[Position] = []
    disagreements: list[Disagreement] = []
    stats: list[Stat] = []
    excluded: list[Exclusion] = []


COLLECTIONS = ("actors", "events", "quotes", "positions", "disagreements", "stats", "excluded")
"""The brief's collections, in file order."""

# (collection, field, collection it refers to, whether the field is a list)
_REFERENCES = (
    ("actors", "side", "actors", False),
    ("events", "participants", "actors", True),
    ("quotes", "speaker", "actors", False),
    ("quotes", "event", "events", False),
    ("quotes", "denies", "quotes", False),
    ("positions", "holder", "actors", False),
    ("positions", "target", "actors", False),
    ("positions", "evidence", "quotes", True),
    ("disagreements", "side", "actors", False),
    ("disagreements", "actors", "actors", True),
    ("disagreements", "quotes", "quotes", True),
    ("stats", "producer", "actors", False),
)
_SINGULAR = {"actors": "actor", "events": "event", "quotes": "quote"}


# --- integrity beyond types -----------------------------------------------


@functools.cache
def partial_model(collections: frozenset[str]) -> type[BaseModel]:
    """A model of a brief that validates only ``collections`` (and the source
    and actors, which every answer needs) and skips the rest unread.

    A query about quotes then never builds objects for a hundred thousand
    events; ``vzcli verify`` still validates everything with :class:`Brief`.
    """
    keep = {"actors", *collections}
    fields: dict[str, Any] = {
        name: (info.annotation, info)
        for name, info in Brief.model_fields.items()
        if name in keep or name not in COLLECTIONS
    }
    config = ConfigDict(extra="ignore", frozen=True, allow_inf_nan=False)
    model: type[BaseModel] = create_model("PartialBrief", __config__=config, **fields)
    return model


def check_integrity(brief: Brief, loaded: Iterable[str] | None = None) -> list[str]:
    """Every problem types cannot catch, as ``path: message`` lines.

    Ids must be unique within a collection, references must resolve to the
    right collection, spans must lie inside the article, and points of one
    series must share a unit and a metric.  With ``loaded``, only those
    collections (and actors) were read: references into the others are not
    checked.
    """
    problems: list[str] = []
    length = brief.source.length
    have = set(COLLECTIONS) if loaded is None else {"actors", *loaded}

    pools: dict[str, set[str]] = {}
    for name in have - {"excluded"}:
        seen: set[str] = set()
        for i, rec in enumerate(getattr(brief, name)):
            if rec.id in seen:
                problems.append(f"{name}[{i}].id: duplicate id {rec.id!r}")
            seen.add(rec.id)
        pools[name] = seen

    for name, attr, target, many in _REFERENCES:
        pool = pools.get(target)
        if name not in have or pool is None:
            continue  # one side of the reference was not read
        what = _SINGULAR[target]
        for i, rec in enumerate(getattr(brief, name)):
            value = getattr(rec, attr)
            if many:
                for j, item in enumerate(value):
                    if item not in pool:
                        problems.append(f"{name}[{i}].{attr}[{j}]: unknown {what} {item!r}")
            elif value is not None and value not in pool:
                problems.append(f"{name}[{i}].{attr}: unknown {what} {value!r}")

    if "actors" in have:
        for i, a in enumerate(brief.actors):
            if a.side == a.id:
                problems.append(f"actors[{i}].side: an actor cannot be on its own side")
    if "quotes" in have:
        for i, q in enumerate(brief.quotes):
            if q.denies == q.id:
                problems.append(f"quotes[{i}].denies: a quote cannot deny itself")

    def span(path: str, start: int, end: int) -> None:
        if end <= start:
            problems.append(f"{path}: span [{start}, {end}] is empty or reversed: start < end")
        elif end > length:
            problems.append(f"{path}: [{start}, {end}] ends past the article's {length} characters")

    for name in have - {"excluded"}:
        for i, rec in enumerate(getattr(brief, name)):
            for j, (start, end) in enumerate(rec.spans):
                if end <= start or end > length:
                    span(f"{name}[{i}].spans[{j}]", start, end)
    if "excluded" in have:
        for i, x in enumerate(brief.excluded):
            span(f"excluded[{i}].span", *x.span)

    if "stats" in have:
        first: dict[str, Stat] = {}
        for i, st in enumerate(brief.stats):
            if st.series is None:
                continue
            head = first.setdefault(st.series, st)
            for attr in ("unit", "metric"):
                mine, theirs = getattr(st, attr), getattr(head, attr)
                if mine != theirs:
                    problems.append(
                        f"stats[{i}].{attr}: {mine!r} differs from {theirs!r} "
                        f"of the first point of series {st.series!r}"
                    )
    return problems
