"""The schema of a brief: the one place its shape and rules live.

A brief is a hand-built, machine-checkable summary of one article.  Every
record carries ``spans``: ``[start, end)`` character offsets into the
article's UTF-8-decoded text (Python string indices), so any fact can be
traced back to the words it rests on.  What the article does not state but
the brief reads from it is marked per field in ``inferred``.

Records are plain frozen dataclasses, not pydantic models.  Pydantic
validates them (it builds instances of these very classes, see
:mod:`vzcli.validate`), but importing this module never imports pydantic:
a brief that was validated before is rebuilt from the cache without it,
which is most of vzcli's start-up time (see :mod:`vzcli.cache`).  The
constraints pydantic enforces ride along as ``Annotated`` markers that it
reads only when it builds a validator.

:func:`check_integrity` checks what types alone cannot (unique ids,
references that resolve, spans inside the article, a hedge where a claim is
hedged), reporting every problem with its record path at once.
"""

import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Generic,
    Literal,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
    get_type_hints,
    overload,
)

from .dates import PartialDate, Precision

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = ["PartialDate", "Precision"]

SCHEMA_VERSION = 2


# --- constraints pydantic applies, declared without importing it -----------


class _Constrain:
    """``Annotated`` metadata: core-schema constraints (``pattern``, ``ge`` …)."""

    __slots__ = ("constraints",)

    def __init__(self, **constraints: object) -> None:
        # Runs when this module is imported, before mutmut forks a run per
        # mutant, so mutmut could never see a mutant here; the schema tests
        # cover it in every fresh process.
        self.constraints = constraints  # pragma: no mutate

    def __get_pydantic_core_schema__(
        self, source: Any, handler: "GetCoreSchemaHandler"
    ) -> "CoreSchema":
        schema = handler(source)
        # cast() only informs the type checker: its argument is never read.
        settings = cast("dict[str, object]", schema)  # pragma: no mutate
        settings.update(self.constraints)
        return schema


class _Doc:
    """``Annotated`` metadata: the description a field gets in ``vzcli schema brief``."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __get_pydantic_json_schema__(
        self, schema: "CoreSchema", handler: "GetJsonSchemaHandler"
    ) -> "JsonSchemaValue":
        value = handler(schema)
        value["description"] = self.text
        return value


Id = Annotated[str, _Constrain(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
"""A record id: lower-case ASCII, digits, ``_`` and ``-`` so it is safe to type.
Ids are unique across the whole brief, so one id names one record."""

Text = Annotated[str, _Constrain(min_length=1)]

# Offsets are checked in Rust (non-negative integers); that a span is not
# empty and ends inside the article is checked by check_integrity, in one
# loop, rather than by a Python callback per span inside validation
# (measured: 0.4 s of 3.1 s validating 100,000 quotes).
Span = Annotated[
    tuple[Annotated[int, _Constrain(ge=0)], Annotated[int, _Constrain(ge=0)]],
    _Doc("[start, end) character offsets into the article, start < end"),
]
Spans = Annotated[list[Span], _Constrain(min_length=1)]
Inferred = Annotated[
    dict[str, Text],
    _Doc(
        "fields whose value the brief infers rather than the article states, "
        "each with a one-line reason"
    ),
]

# Pydantic reads this from each record class: unknown keys are errors, not
# silently dropped; NaN and Infinity are refused (the JSON parser accepts
# the tokens, but no figure is infinite and strict readers such as jq
# reject them).
_CONFIG: dict[str, Any] = {"extra": "forbid", "allow_inf_nan": False}


# --- closed sets ----------------------------------------------------------


class ActorKind(StrEnum):
    """What sort of actor a record describes."""

    PERSON = "person"
    STATE = "state"
    ORGANISATION = "organisation"
    GROUP = "group"
    MILITARY = "military"
    AUTHOR = "author"


class EventStatus(StrEnum):
    """Whether an event took place, failed (a plan that came to nothing), or goes on."""

    OCCURRED = "occurred"
    FAILED = "failed"
    ONGOING = "ongoing"


class QuoteKind(StrEnum):
    """A direct quotation (verbatim) or reported speech (paraphrased)."""

    DIRECT = "direct"
    REPORTED = "reported"


class Setting(StrEnum):
    """Where or how something was said; ``unspecified`` when the article does not say."""

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


class ClaimKind(StrEnum):
    """What sort of proposition a claim is."""

    ASSESSMENT = "assessment"
    FORECAST = "forecast"
    FACT = "fact"
    MOTIVE = "motive"
    OUTCOME = "outcome"


class Certainty(StrEnum):
    """How firmly the holder asserts a claim.

    ``stated`` when asserted flatly; otherwise the estimative scale of US
    intelligence analytic standards (ICD 203), from almost certain to almost
    no chance, graded from the holder's own hedging words.
    """

    STATED = "stated"
    ALMOST_CERTAIN = "almost_certain"
    VERY_LIKELY = "very_likely"
    LIKELY = "likely"
    EVEN_CHANCE = "even_chance"
    UNLIKELY = "unlikely"
    VERY_UNLIKELY = "very_unlikely"
    ALMOST_NO_CHANCE = "almost_no_chance"


class Measure(StrEnum):
    """What a figure measures: a level at a moment, a rate over a period, or a change."""

    LEVEL = "level"
    RATE = "rate"
    CHANGE = "change"


class Qualifier(StrEnum):
    """How a figure is hedged in the article."""

    ESTIMATE = "estimate"
    FORECAST = "forecast"
    UPPER_BOUND = "upper_bound"
    LOWER_BOUND = "lower_bound"
    APPROXIMATE = "approximate"


class Relation(StrEnum):
    """How the article relates one record to another (source → target)."""

    PROMPTED = "prompted"
    FOLLOWED = "followed"
    LED_TO = "led_to"
    CONTRADICTS = "contradicts"
    DENIES = "denies"
    CONCURRENT = "concurrent"
    PART_OF = "part_of"


class ExclusionKind(StrEnum):
    """What a deliberately unencoded passage is."""

    QUOTATION = "quotation"
    FIGURE = "figure"
    SENTENCE = "sentence"


# --- records --------------------------------------------------------------


class _Fields:
    """A readable ``repr`` and field-wise ``==`` for every record, written once.

    The records are dataclasses without frozen, repr and eq generated: each
    generated method is compiled when the module is imported, and those
    costs were a sixth of a query's own start-up.  Nothing in vzcli changes
    a record once it is built.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(cast(Any, self)))
        return f"{type(self).__name__}({shown})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(cast(Any, self)))

    __hash__ = None  # type: ignore[assignment]


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Source(_Fields):
    """The article the brief describes; its text is not stored, only its hash."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    title: Text
    author: Annotated[Text, _Doc("as the article names its author(s)")]
    categories: list[Text] = field(default_factory=list)
    sha256: Annotated[str, _Constrain(pattern=r"^[0-9a-f]{64}$")]
    length: Annotated[int, _Constrain(gt=0), _Doc("length of the article in characters")]
    spans: Annotated[
        list[Span], _Doc("where the title, byline and categories stand in the article")
    ] = field(default_factory=list)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Actor(_Fields):
    """A person, state, organisation or group that acts or speaks, or the article's author."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    id: Id
    name: Text
    kind: ActorKind
    role: Text | None = None
    side: Annotated[Id | None, _Doc("id of the actor whose side this one is on")] = None
    aliases: Annotated[
        list[Text], _Doc("other names people type for the actor; an alias claims no fact")
    ] = field(default_factory=list)
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Event(_Fields):
    """Something that happened, failed (a plan) or goes on, dated as the article dates it."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    id: Id
    date: Annotated[PartialDate | None, _Doc("null when the article gives no date")]
    title: Text
    summary: Text
    place: Text | None = None
    participants: Annotated[list[Id], _Doc("ids of the actors who took part")] = field(
        default_factory=list
    )
    targets: Annotated[list[Id], _Doc("ids of the actors the event was aimed at")] = field(
        default_factory=list
    )
    status: EventStatus = EventStatus.OCCURRED
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Quote(_Fields):
    """A quotation or a piece of reported speech.

    For a direct quotation ``text`` is verbatim and ``spans[0]`` covers exactly
    it; for reported speech ``text`` is a paraphrase.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    id: Id
    speaker: Id
    kind: QuoteKind
    text: Text
    date: Annotated[PartialDate | None, _Doc("null when the article gives no date")]
    setting: Setting = Setting.UNSPECIFIED
    event: Annotated[Id | None, _Doc("id of the event it was said at or reports on")] = None
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Position(_Fields):
    """Where a holder stands towards an actor or an issue, as the article attributes it."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    id: Id
    holder: Id
    stance: Stance
    target: Annotated[Id | None, _Doc("actor id the stance is towards")] = None
    issue: Annotated[Text | None, _Doc("what the stance is about")] = None
    summary: Text
    quotes: Annotated[list[Id], _Doc("ids of quotes that show the stance")] = field(
        default_factory=list
    )
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Claim(_Fields):
    """Something a holder asserts that is not a quotation: an assessment, forecast, fact,
    motive or outcome, with how firmly it is asserted."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    id: Id
    holder: Annotated[Id, _Doc("id of the actor who asserts it (the author is an actor)")]
    kind: ClaimKind
    about: Annotated[list[Id], _Doc("ids of the records it concerns")] = field(default_factory=list)
    text: Annotated[Text, _Doc("the proposition, in the brief's own words")]
    certainty: Annotated[
        Certainty, _Doc("how likely the holder judges `text` to be; `stated` when flat")
    ]
    hedge: Annotated[
        Text | None,
        _Doc("the article's own hedging words, verbatim and inside the spans; null when stated"),
    ] = None
    date: PartialDate | None = None
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Stat(_Fields):
    """A figure the article gives; points of one series share ``series``, metric and unit."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    id: Id
    metric: Text
    value: int | float
    unit: Text
    measure: Annotated[
        Measure, _Doc("level at a moment, rate over the period, or change after something")
    ]
    period: Annotated[
        PartialDate | None,
        _Doc("for a rate, the period it covers; for a level or change, when it holds"),
    ]
    qualifiers: list[Qualifier] = field(default_factory=list)
    hedge: Annotated[
        Text | None, _Doc("the article's own hedging words, verbatim and inside the spans")
    ] = None
    producer: Annotated[Id | None, _Doc("actor id of who produced the figure")] = None
    series: Id | None = None
    note: Text | None = None
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Link(_Fields):
    """A relation the article draws between two records: ``source relation target``."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    id: Id
    source: Annotated[Id, _Doc("id of the record the relation starts from")]
    relation: Relation
    target: Annotated[Id, _Doc("id of the record the relation points at")]
    lag: Annotated[
        Text | None, _Doc("how long after, in the article's words and inside the spans")
    ] = None
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Exclusion(_Fields):
    """A quotation-marked passage, figure or sentence deliberately left out, and why."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    span: Span
    kind: ExclusionKind
    reason: Text


Record = Actor | Event | Quote | Position | Claim | Stat | Link
"""A record with an id and spans."""


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Brief(_Fields):
    """A whole brief: the source and every collection of records."""

    schema_version: int = SCHEMA_VERSION
    source: Source
    actors: Sequence[Actor]
    events: Sequence[Event] = field(default_factory=list)
    quotes: Sequence[Quote] = field(default_factory=list)
    positions: Sequence[Position] = field(default_factory=list)
    claims: Sequence[Claim] = field(default_factory=list)
    stats: Sequence[Stat] = field(default_factory=list)
    links: Sequence[Link] = field(default_factory=list)
    excluded: Sequence[Exclusion] = field(default_factory=list)

    def records(self) -> Iterator[tuple[str, int, Record]]:
        """Every record with an id, as ``(collection, index, record)``, in file order."""
        for name in RECORD_COLLECTIONS:
            for i, rec in enumerate(getattr(self, name)):
                yield name, i, rec


COLLECTIONS = (
    "actors",
    "events",
    "quotes",
    "positions",
    "claims",
    "stats",
    "links",
    "excluded",
)
"""The brief's collections, in file order."""

RECORD_COLLECTIONS = COLLECTIONS[:-1]
"""The collections whose records have ids (all but ``excluded``)."""

RECORD_TYPES: dict[str, type[Record]] = {
    "actors": Actor,
    "events": Event,
    "quotes": Quote,
    "positions": Position,
    "claims": Claim,
    "stats": Stat,
    "links": Link,
}

ITEM_TYPES: dict[str, type[Any]] = {**RECORD_TYPES, "excluded": Exclusion}


def brief_file_type(collections: frozenset[str] | None = None) -> Any:
    """The shape of a brief *file*, for pydantic: a TypedDict (``$schema`` is no
    identifier, so no dataclass field can be named so).

    With ``collections``, only those, the source and the actors are typed and
    the rest are skipped unread (extra keys ignored), so a query about quotes
    never builds objects for a hundred thousand events.
    """
    from typing import NotRequired, Required

    from typing_extensions import TypedDict

    keep = set(COLLECTIONS) if collections is None else {"actors", *collections}
    items: dict[str, Any] = {
        "$schema": NotRequired[Annotated[str, _Doc("a JSON Schema for editors; vzcli ignores it")]],
        "schema_version": Required[Literal[2]],
        "source": Required[Source],
    }
    for name in COLLECTIONS:
        if name in keep:
            kind = Required if name == "actors" else NotRequired
            items[name] = kind[list[ITEM_TYPES[name]]]  # type: ignore[valid-type]
    shape = TypedDict("Brief", items)  # type: ignore[misc]
    shape.__doc__ = Brief.__doc__
    shape.__pydantic_config__ = {  # type: ignore[attr-defined]
        **_CONFIG,
        "extra": "forbid" if collections is None else "ignore",
    }
    return shape


# --- building records from JSON that was validated before ---------------------
#
# A brief whose validation is cached (see vzcli.cache) is built from its JSON
# without pydantic: only the types pydantic would have made (dates, enums,
# span tuples) are converted, and the dataclasses fill in their defaults.
# The JSON was validated, so nothing is checked again.

R = TypeVar("R")


def _converter(hint: Any) -> Callable[[Any], Any] | None:
    """How to turn a JSON value into ``hint``'s type, or None when it already is."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is PartialDate:
        return PartialDate.parse
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        inner = _converter(options[0]) if len(options) == 1 else None
        if inner is None:
            return None
        return lambda v: None if v is None else inner(v)
    if origin is list:
        item = _converter(args[0])
        return None if item is None else (lambda v: [item(x) for x in v])
    if origin is tuple:
        return tuple
    # No record field holds another record (the source is built by
    # build_brief itself), so there is no nested-dataclass case here.
    return None


_PLANS: dict[type, list[tuple[str, Callable[[Any], Any]]]] = {}


def build_record(cls: type[R], data: Mapping[str, Any]) -> R:
    """One record of ``cls`` from its (validated) JSON object."""
    plan = _PLANS.get(cls)
    if plan is None:
        hints = get_type_hints(cls)
        found = [(f.name, _converter(hints[f.name])) for f in fields(cast(Any, cls))]
        plan = _PLANS[cls] = [(name, conv) for name, conv in found if conv is not None]
    values = dict(data)
    for name, convert in plan:
        if name in values:
            values[name] = convert(values[name])
    return cls(**values)


class LazyRecords(Sequence[R], Generic[R]):
    """A collection kept as JSON objects and built into records when read.

    A query that filters on one field (``where``) builds only the records
    that pass, so asking for Lavrov's quotes among a hundred thousand builds
    a few thousand objects, not all of them.
    """

    def __init__(self, cls: type[R], raw: list[Mapping[str, Any]]) -> None:
        self._cls = cls
        self._raw = raw
        self._built: list[R] | None = None

    def _all(self) -> list[R]:
        if self._built is None:
            self._built = [build_record(self._cls, d) for d in self._raw]
        return self._built

    def __len__(self) -> int:
        return len(self._raw)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[R]: ...
    def __getitem__(self, index: int | slice) -> R | Sequence[R]:
        return self._all()[index]

    def __iter__(self) -> Iterator[R]:
        return iter(self._all())

    def where(self, field: str, values: set[str] | frozenset[str]) -> list[R]:
        """The records whose ``field`` is one of ``values``, building only those."""
        if self._built is not None:
            return [r for r in self._built if getattr(r, field) in values]
        return [build_record(self._cls, d) for d in self._raw if d.get(field) in values]


def build_brief(data: Mapping[str, Any], collections: frozenset[str] | None = None) -> Brief:
    """A brief from its validated JSON; with ``collections``, only those (and the
    actors) are kept, as :func:`brief_file_type` validates them."""
    keep = set(COLLECTIONS) if collections is None else {"actors", *collections}
    parts: dict[str, Any] = {
        name: LazyRecords(ITEM_TYPES[name], data.get(name, []))
        for name in COLLECTIONS
        if name in keep
    }
    return Brief(
        schema_version=data["schema_version"],
        source=build_record(Source, data["source"]),
        **parts,
    )


# --- integrity beyond types -----------------------------------------------

# (collection, field, collections it may refer to, whether the field is a list)
_REFERENCES: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("actors", "side", ("actors",), False),
    ("events", "participants", ("actors",), True),
    ("events", "targets", ("actors",), True),
    ("quotes", "speaker", ("actors",), False),
    ("quotes", "event", ("events",), False),
    ("positions", "holder", ("actors",), False),
    ("positions", "target", ("actors",), False),
    ("positions", "quotes", ("quotes",), True),
    ("claims", "holder", ("actors",), False),
    ("claims", "about", RECORD_COLLECTIONS[:-1], True),
    ("stats", "producer", ("actors",), False),
    ("links", "source", RECORD_COLLECTIONS[:-1], False),
    ("links", "target", RECORD_COLLECTIONS[:-1], False),
)
_SINGULAR = {
    "actors": "actor",
    "events": "event",
    "quotes": "quote",
    "positions": "position",
    "claims": "claim",
    "stats": "stat",
    "links": "link",
}
# Fields that are never "inferred": identity and provenance.
_NOT_INFERABLE = frozenset({"id", "spans", "inferred"})


def _empty(value: object) -> bool:
    return value is None or value in ([], {})


def check_integrity(brief: Brief, loaded: Iterable[str] | None = None) -> list[str]:
    """Every problem types cannot catch, as ``path: message`` lines.

    Ids must be unique across the brief, references must resolve to the
    right collections, spans must lie inside the article, points of one
    series must share a unit and a metric, a hedged claim must say its
    hedge, and ``inferred`` may name only fields that have a value.  With
    ``loaded``, only those collections (and actors) were read: references
    into the others are not checked.
    """
    problems: list[str] = []
    add = problems.append
    length = brief.source.length
    have = set(COLLECTIONS) if loaded is None else {"actors", *loaded}

    owner: dict[str, str] = {}  # id -> collection
    for name in RECORD_COLLECTIONS:
        if name not in have:
            continue
        for i, rec in enumerate(getattr(brief, name)):
            if rec.id in owner:
                add(f"{name}[{i}].id: duplicate id {rec.id!r} (ids are unique across the brief)")
            else:
                owner[rec.id] = name

    for name, attr, targets, many in _REFERENCES:
        if name not in have or not all(t in have for t in targets):
            continue  # one side of the reference was not read
        what = _SINGULAR[targets[0]] if len(targets) == 1 else "record"
        for i, rec in enumerate(getattr(brief, name)):
            value = getattr(rec, attr)
            for j, item in enumerate(value) if many else [(None, value)]:
                if item is None:
                    continue
                path = f"{name}[{i}].{attr}" + ("" if j is None else f"[{j}]")
                if owner.get(item) not in targets:
                    add(f"{path}: unknown {what} {item!r}")
                elif item == rec.id:
                    add(f"{path}: a record cannot refer to itself")

    def span(path: str, start: int, end: int) -> None:
        if end <= start:
            add(f"{path}: span [{start}, {end}] is empty or reversed: start < end")
        elif end > length:
            add(f"{path}: [{start}, {end}] ends past the article's {length} characters")

    for j, (start, end) in enumerate(brief.source.spans):
        if end <= start or end > length:
            span(f"source.spans[{j}]", start, end)
    for name in RECORD_COLLECTIONS:
        if name not in have:
            continue
        for i, rec in enumerate(getattr(brief, name)):
            for j, (start, end) in enumerate(rec.spans):
                if end <= start or end > length:
                    span(f"{name}[{i}].spans[{j}]", start, end)
            if rec.inferred:
                _check_inferred(f"{name}[{i}]", rec, add)
    if "excluded" in have:
        for i, x in enumerate(brief.excluded):
            span(f"excluded[{i}].span", *x.span)

    _check_rules(brief, have, add)
    return problems


def _check_inferred(path: str, rec: Record, add: Callable[[str], None]) -> None:
    names = {f.name for f in fields(rec)} - _NOT_INFERABLE
    for key, reason in rec.inferred.items():
        if key not in names:
            add(f"{path}.inferred: {key!r} is not a field that can be inferred")
        elif _empty(getattr(rec, key)):
            add(f"{path}.inferred.{key}: the field has no value to be inferred")
        elif "\n" in reason or "\r" in reason:
            add(f"{path}.inferred.{key}: a reason is one line")


def _check_rules(brief: Brief, have: set[str], add: Callable[[str], None]) -> None:
    """Rules of single records and of series, which types cannot express."""
    if "actors" in have:
        authors = [a for a in brief.actors if a.kind is ActorKind.AUTHOR]
        if not authors:
            add(
                "actors: no actor of kind 'author': the article's author is an actor, "
                "named as source.author names them"
            )
        for a in authors:
            if a.name not in brief.source.author:
                i = brief.actors.index(a)
                add(
                    f"actors[{i}].name: author {a.name!r} is not named in "
                    f"source.author {brief.source.author!r}"
                )
    if "positions" in have:
        for i, p in enumerate(brief.positions):
            if p.target is None and p.issue is None:
                add(f"positions[{i}]: a position needs a target, an issue, or both")
    if "claims" in have:
        for i, c in enumerate(brief.claims):
            if c.certainty is Certainty.STATED and c.hedge is not None:
                add(f"claims[{i}].hedge: a stated claim has no hedge; grade it or drop the hedge")
            elif c.certainty is not Certainty.STATED and c.hedge is None:
                add(
                    f"claims[{i}].hedge: a claim graded {c.certainty.value!r} needs the "
                    "article's hedging words"
                )
    if "links" in have:
        seen: set[tuple[str, str, str]] = set()
        for i, link in enumerate(brief.links):
            triple = (link.source, link.relation.value, link.target)
            if link.source == link.target:
                add(f"links[{i}]: a record cannot be linked to itself")
            elif triple in seen:
                add(f"links[{i}]: {' '.join(triple)} is listed twice")
            seen.add(triple)
    if "stats" in have:
        first: dict[str, Stat] = {}
        for i, st in enumerate(brief.stats):
            if st.series is None:
                continue
            head = first.setdefault(st.series, st)
            for attr in ("unit", "metric", "measure"):
                mine, theirs = getattr(st, attr), getattr(head, attr)
                if mine != theirs:
                    add(
                        f"stats[{i}].{attr}: {str(mine)!r} differs from {str(theirs)!r} "
                        f"of the first point of series {st.series!r}"
                    )
