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
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

SCHEMA_VERSION = 1

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
"""A record id: lower-case ASCII, digits, ``_`` and ``-`` so it is safe to type."""

Text = Annotated[str, StringConstraints(min_length=1)]


# --- dates at the article's own precision ---------------------------------

_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(StrEnum):
    """How precisely the article dates something."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"
    UNKNOWN = "unknown"


def _parse_point(text: str) -> tuple[date, date, Precision]:
    """Return the first and last day a ``YYYY[-MM[-DD]]`` string can mean."""
    m = _POINT.match(text)
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
        point = r"\d{4}(-\d{2}(-\d{2})?)?"
        return {
            "type": "string",
            "pattern": rf"^({point}|({point}|\.\.)/({point}|\.\.))$",
            "description": (
                "YYYY, YYYY-MM, YYYY-MM-DD, or an interval START/END (either end may be '..')"
            ),
            "examples": ["2019-05-14", "2019-01", "2019-04-30/2019-05-14", "2019-04-30/.."],
        }


def _check_span(value: tuple[int, int]) -> tuple[int, int]:
    start, end = value
    if start < 0 or end <= start:
        raise ValueError(f"span [{start}, {end}] must satisfy 0 <= start < end")
    return value


Span = Annotated[
    tuple[int, int],
    AfterValidator(_check_span),
    Field(description="[start, end) character offsets into the article"),
]
Spans = Annotated[list[Span], Field(min_length=1)]


class _Record(BaseModel):
    """Base for every record: unknown keys are errors, not silently dropped.

    Records that rest on the article declare ``spans: Spans`` as their last
    field, so provenance follows content in the brief and its JSON schema.
    """

    # allow_inf_nan=False: the JSON parser accepts NaN/Infinity tokens, but
    # no figure is infinite and strict JSON readers (jq) reject them.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
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


# --- integrity beyond types -----------------------------------------------


def check_integrity(brief: Brief) -> list[str]:
    """Every problem types cannot catch, as ``path: message`` lines.

    Ids must be unique within a collection, references must resolve to the
    right collection, spans must lie inside the article, and points of one
    series must share a unit and a metric.
    """
    problems: list[str] = []
    length = brief.source.length

    def unique(name: str, ids: list[str]) -> set[str]:
        seen: set[str] = set()
        for i, rid in enumerate(ids):
            if rid in seen:
                problems.append(f"{name}[{i}].id: duplicate id {rid!r}")
            seen.add(rid)
        return seen

    actors = unique("actors", [a.id for a in brief.actors])
    events = unique("events", [e.id for e in brief.events])
    quotes = unique("quotes", [q.id for q in brief.quotes])
    unique("positions", [p.id for p in brief.positions])
    unique("disagreements", [d.id for d in brief.disagreements])
    unique("stats", [s.id for s in brief.stats])

    def ref(path: str, value: str | None, pool: set[str], what: str) -> None:
        if value is not None and value not in pool:
            problems.append(f"{path}: unknown {what} {value!r}")

    def spans(path: str, values: list[tuple[int, int]]) -> None:
        for j, (start, end) in enumerate(values):
            if end > length:
                problems.append(
                    f"{path}.spans[{j}]: [{start}, {end}] ends past the article's "
                    f"{length} characters"
                )

    for i, a in enumerate(brief.actors):
        ref(f"actors[{i}].side", a.side, actors, "actor")
        if a.side == a.id:
            problems.append(f"actors[{i}].side: an actor cannot be on its own side")
        spans(f"actors[{i}]", a.spans)
    for i, e in enumerate(brief.events):
        for j, pid in enumerate(e.participants):
            ref(f"events[{i}].participants[{j}]", pid, actors, "actor")
        spans(f"events[{i}]", e.spans)
    for i, q in enumerate(brief.quotes):
        ref(f"quotes[{i}].speaker", q.speaker, actors, "actor")
        ref(f"quotes[{i}].event", q.event, events, "event")
        ref(f"quotes[{i}].denies", q.denies, quotes, "quote")
        if q.denies == q.id:
            problems.append(f"quotes[{i}].denies: a quote cannot deny itself")
        spans(f"quotes[{i}]", q.spans)
    for i, p in enumerate(brief.positions):
        ref(f"positions[{i}].holder", p.holder, actors, "actor")
        ref(f"positions[{i}].target", p.target, actors, "actor")
        for j, qid in enumerate(p.evidence):
            ref(f"positions[{i}].evidence[{j}]", qid, quotes, "quote")
        spans(f"positions[{i}]", p.spans)
    for i, d in enumerate(brief.disagreements):
        ref(f"disagreements[{i}].side", d.side, actors, "actor")
        for j, aid in enumerate(d.actors):
            ref(f"disagreements[{i}].actors[{j}]", aid, actors, "actor")
        for j, qid in enumerate(d.quotes):
            ref(f"disagreements[{i}].quotes[{j}]", qid, quotes, "quote")
        spans(f"disagreements[{i}]", d.spans)
    series: dict[str, tuple[int, Stat]] = {}
    for i, s in enumerate(brief.stats):
        ref(f"stats[{i}].producer", s.producer, actors, "actor")
        spans(f"stats[{i}]", s.spans)
        if s.series is None:
            continue
        first = series.setdefault(s.series, (i, s))[1]
        if s.unit != first.unit:
            problems.append(
                f"stats[{i}].unit: {s.unit!r} differs from {first.unit!r} "
                f"of the first point of series {s.series!r}"
            )
        if s.metric != first.metric:
            problems.append(
                f"stats[{i}].metric: {s.metric!r} differs from {first.metric!r} "
                f"of the first point of series {s.series!r}"
            )
    for i, x in enumerate(brief.excluded):
        if x.span[1] > length:
            problems.append(
                f"excluded[{i}].span: [{x.span[0]}, {x.span[1]}] ends past the article's "
                f"{length} characters"
            )
    return problems
