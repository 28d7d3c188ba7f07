"""The schema of a brief: the one place its records, their fields and their
collections are declared.

A brief is a hand-built, machine-checkable summary of one article.  Every
record carries ``spans``: ``[start, end)`` character offsets into the
article's UTF-8-decoded text (Python string indices), so any fact can be
traced back to the words it rests on.  What the article does not state but
the brief reads from it is marked per field in ``inferred``.

Records are plain dataclasses, not pydantic models.  Pydantic validates them
(it builds instances of these very classes, see :mod:`vzcli.validate`), but
importing this module never imports pydantic: a brief that was validated
before is rebuilt from its JSON without it (:mod:`vzcli.rebuild`), which is
most of vzcli's start-up time.  The constraints pydantic enforces ride along
as ``Annotated`` markers that it reads only when it builds a validator.
What types cannot express (unique ids, references that resolve, spans inside
the article) is checked by :mod:`vzcli.integrity`.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, NamedTuple, cast

from .dates import PartialDate, Precision
from .vocab import (
    ActorKind,
    Certainty,
    ClaimKind,
    EventStatus,
    ExclusionKind,
    Measure,
    Qualifier,
    QuoteKind,
    Relation,
    Setting,
    Stance,
)

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = [
    "ActorKind",
    "Certainty",
    "ClaimKind",
    "EventStatus",
    "ExclusionKind",
    "Measure",
    "PartialDate",
    "Precision",
    "Qualifier",
    "QuoteKind",
    "Relation",
    "Setting",
    "Stance",
]

SCHEMA_VERSION = 3
"""The brief format this vzcli writes.  It reads schema 2 briefs too, as schema 3
briefs that give no source metadata (their fields are all optional here)."""

READS = (2, 3)
"""The schema versions this vzcli reads."""


# --- constraints pydantic applies, declared without importing it -----------


class _Constrain:
    """``Annotated`` metadata: core-schema constraints (``pattern``, ``ge`` …)."""

    __slots__ = ("constraints",)

    def __init__(self, **constraints: object) -> None:
        # Runs when this module is imported, before mutmut forks a run per
        # mutant, so mutmut could never see a mutant here; the schema tests
        # cover it in every fresh process.
        self.constraints = constraints  # pragma: no mutate

    # pydantic's hook: ``source`` is whatever type the marker annotates.
    def __get_pydantic_core_schema__(
        self, source: Any, handler: "GetCoreSchemaHandler"
    ) -> "CoreSchema":
        schema = handler(source)
        # cast() only informs the type checker: its argument is never read.
        settings = cast("dict[str, object]", schema)  # pragma: no mutate
        settings.update(self.constraints)
        return schema


class Doc:
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
Ids are unique across the whole brief, so one id names one record.  A brief's
own id in a corpus is of the same form."""

QualifiedId = Annotated[
    str,
    _Constrain(pattern=r"^([a-z0-9][a-z0-9_-]*:)?[a-z0-9][a-z0-9_-]*$", max_length=129),
    Doc("a record id, or BRIEF:ID for a record of another brief of the corpus"),
]
"""A record of this brief (``ID``) or of another brief of the corpus (``BRIEF:ID``)."""

Via = Annotated[
    list[Id],
    Doc("ids of the actors through whom the article has it ('told RIA Novosti'), nearest first"),
]

Text = Annotated[str, _Constrain(min_length=1)]

# Offsets are checked in Rust (non-negative integers); that a span is not
# empty and ends inside the article is checked by check_integrity, in one
# loop, rather than by a Python callback per span inside validation
# (measured: 0.4 s of 3.1 s validating 100,000 quotes).
Span = Annotated[
    tuple[Annotated[int, _Constrain(ge=0)], Annotated[int, _Constrain(ge=0)]],
    Doc("[start, end) character offsets into the article, start < end"),
]
Spans = Annotated[list[Span], _Constrain(min_length=1)]
Inferred = Annotated[
    dict[str, Text],
    Doc(
        "fields whose value the brief infers rather than the article states, "
        "each with a one-line reason"
    ),
]

# Pydantic reads this from each record class: unknown keys are errors, not
# silently dropped; NaN and Infinity are refused (the JSON parser accepts
# the tokens, but no figure is infinite and strict readers such as jq
# reject them).
CONFIG: dict[str, object] = {"extra": "forbid", "allow_inf_nan": False}


# --- records --------------------------------------------------------------


class _ReprEq:
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
class Source(_ReprEq):
    """The article the brief describes; its text is not stored, only its hash."""

    __pydantic_config__: ClassVar[dict[str, object]] = CONFIG

    id: Annotated[
        Id | None, Doc("the brief's id in a corpus, unique there (default: the file name's stem)")
    ] = None
    title: Text
    author: Annotated[Text, Doc("as the article names its author(s)")]
    categories: list[Text] = field(default_factory=list)
    outlet: Annotated[Text | None, Doc("who published the article")] = None
    published: Annotated[
        PartialDate | None, Doc("when the article was published, at the precision it gives")
    ] = None
    dateline: Annotated[Text | None, Doc("the dateline as printed ('Moscow, May 7')")] = None
    url: Annotated[Text | None, Doc("where the article was published")] = None
    sha256: Annotated[str, _Constrain(pattern=r"^[0-9a-f]{64}$")]
    length: Annotated[int, _Constrain(gt=0), Doc("length of the article in characters")]
    spans: Annotated[
        list[Span], Doc("where the title, byline, dateline and categories stand in the article")
    ] = field(default_factory=list)
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Actor(_ReprEq):
    """A person, state, organisation or group that acts or speaks, or the article's author."""

    __pydantic_config__: ClassVar[dict[str, object]] = CONFIG

    id: Id
    name: Text
    kind: ActorKind
    role: Text | None = None
    side: Annotated[Id | None, Doc("id of the actor whose side this one is on")] = None
    aliases: Annotated[
        list[Text], Doc("other names people type for the actor; an alias claims no fact")
    ] = field(default_factory=list)
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Event(_ReprEq):
    """Something that happened, failed (a plan) or goes on, dated as the article dates it."""

    __pydantic_config__: ClassVar[dict[str, object]] = CONFIG

    id: Id
    date: Annotated[PartialDate | None, Doc("null when the article gives no date")]
    title: Text
    summary: Text
    place: Text | None = None
    participants: Annotated[list[Id], Doc("ids of the actors who took part")] = field(
        default_factory=list
    )
    targets: Annotated[list[Id], Doc("ids of the actors the event was aimed at")] = field(
        default_factory=list
    )
    via: Via = field(default_factory=list)
    status: EventStatus = EventStatus.OCCURRED
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Quote(_ReprEq):
    """A quotation or a piece of reported speech.

    For a direct quotation ``text`` is verbatim and ``spans[0]`` covers exactly
    it; for reported speech ``text`` is a paraphrase.
    """

    __pydantic_config__: ClassVar[dict[str, object]] = CONFIG

    id: Id
    speaker: Id
    via: Via = field(default_factory=list)
    kind: QuoteKind
    text: Text
    date: Annotated[PartialDate | None, Doc("null when the article gives no date")]
    setting: Setting = Setting.UNSPECIFIED
    event: Annotated[Id | None, Doc("id of the event it was said at or reports on")] = None
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Position(_ReprEq):
    """Where a holder stands towards an actor or an issue, as the article attributes it."""

    __pydantic_config__: ClassVar[dict[str, object]] = CONFIG

    id: Id
    holder: Id
    stance: Stance
    target: Annotated[Id | None, Doc("actor id the stance is towards")] = None
    issue: Annotated[Text | None, Doc("what the stance is about")] = None
    summary: Text
    quotes: Annotated[list[Id], Doc("ids of quotes that show the stance")] = field(
        default_factory=list
    )
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Claim(_ReprEq):
    """Something a holder asserts that is not a quotation: an assessment, forecast, fact,
    motive or outcome, with how firmly it is asserted."""

    __pydantic_config__: ClassVar[dict[str, object]] = CONFIG

    id: Id
    holder: Annotated[Id, Doc("id of the actor who asserts it (the author is an actor)")]
    via: Via = field(default_factory=list)
    kind: ClaimKind
    about: Annotated[list[Id], Doc("ids of the records it concerns")] = field(default_factory=list)
    text: Annotated[Text, Doc("the proposition, in the brief's own words")]
    certainty: Annotated[
        Certainty, Doc("how likely the holder judges `text` to be; `stated` when flat")
    ]
    hedge: Annotated[
        Text | None,
        Doc("the article's own hedging words, verbatim and inside the spans; null when stated"),
    ] = None
    unhedged: Annotated[
        Text | None,
        Doc(
            "why a hedging word in the spans does not hedge this claim (it belongs to "
            "another clause the spans cite); verify asks for it on a stated claim"
        ),
    ] = None
    date: Annotated[
        PartialDate | None,
        Doc(
            "when the holder asserted it, as a quote's date (null when the article does "
            "not say); when the thing claimed holds is the date of the records it is about"
        ),
    ] = None
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Stat(_ReprEq):
    """A figure the article gives; points of one series share ``series``, metric and unit."""

    __pydantic_config__: ClassVar[dict[str, object]] = CONFIG

    id: Id
    metric: Text
    value: int | float
    unit: Text
    measure: Annotated[
        Measure, Doc("level at a moment, rate over the period, or change after something")
    ]
    period: Annotated[
        PartialDate | None,
        Doc("for a rate, the period it covers; for a level or change, when it holds"),
    ]
    qualifiers: list[Qualifier] = field(default_factory=list)
    hedge: Annotated[
        Text | None, Doc("the article's own hedging words, verbatim and inside the spans")
    ] = None
    producer: Annotated[Id | None, Doc("actor id of who produced the figure")] = None
    series: Id | None = None
    note: Text | None = None
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Link(_ReprEq):
    """A relation the article draws between two records: ``source relation target``."""

    __pydantic_config__: ClassVar[dict[str, object]] = CONFIG

    id: Id
    source: Annotated[QualifiedId, Doc("the record the relation starts from")]
    relation: Relation
    target: Annotated[QualifiedId, Doc("the record the relation points at")]
    lag: Annotated[
        Text | None, Doc("how long after, in the article's words and inside the spans")
    ] = None
    spans: Spans
    inferred: Inferred = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Exclusion(_ReprEq):
    """A quotation-marked passage, figure or sentence deliberately left out, and why."""

    __pydantic_config__: ClassVar[dict[str, object]] = CONFIG

    span: Span
    kind: ExclusionKind
    reason: Text


Record = Actor | Event | Quote | Position | Claim | Stat | Link
"""A record with an id and spans."""


@dataclass(slots=True, kw_only=True, repr=False, eq=False, match_args=False)
class Brief(_ReprEq):
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
    anchors: Mapping[str, str] = field(default_factory=dict)
    """span (``"300-445"``) -> digest of the article's text there (see :mod:`vzcli.anchors`);
    read by ``verify`` and ``reanchor`` only, so the query paths leave it unread."""

    def records(self) -> Iterator[tuple[str, int, Record]]:
        """Every record with an id, as ``(collection, index, record)``, in file order."""
        for name in RECORD_COLLECTIONS:
            records: Sequence[Record] = getattr(self, name)
            for i, rec in enumerate(records):
                yield name, i, rec


# --- the collections ------------------------------------------------------


class Ref(NamedTuple):
    """A field of a record that names other records by id."""

    field: str
    to: tuple[str, ...]
    """The collections whose ids it may name."""
    many: bool = False
    """Whether it holds a list of ids."""
    shown: bool = True
    """Whether ``vzcli show`` lists the record under "referred to by" (claims
    about a record and its links have sections of their own)."""


class Collection(NamedTuple):
    """One collection of a brief: its key, how one item is called, its type and references."""

    name: str
    singular: str
    item: type
    refs: tuple[Ref, ...] = ()


_ACTORS = ("actors",)
# What a claim may be about and a link may join: any record but a link.
_ANY = ("actors", "events", "quotes", "positions", "claims", "stats")

COLLECTIONS: dict[str, Collection] = {
    c.name: c
    for c in (
        Collection("actors", "actor", Actor, (Ref("side", _ACTORS),)),
        Collection(
            "events",
            "event",
            Event,
            (
                Ref("participants", _ACTORS, many=True),
                Ref("targets", _ACTORS, many=True),
                Ref("via", _ACTORS, many=True),
            ),
        ),
        Collection(
            "quotes",
            "quote",
            Quote,
            (Ref("speaker", _ACTORS), Ref("via", _ACTORS, many=True), Ref("event", ("events",))),
        ),
        Collection(
            "positions",
            "position",
            Position,
            (Ref("holder", _ACTORS), Ref("target", _ACTORS), Ref("quotes", ("quotes",), many=True)),
        ),
        Collection(
            "claims",
            "claim",
            Claim,
            (
                Ref("holder", _ACTORS),
                Ref("via", _ACTORS, many=True),
                Ref("about", _ANY, many=True, shown=False),
            ),
        ),
        Collection("stats", "stat", Stat, (Ref("producer", _ACTORS),)),
        Collection(
            "links",
            "link",
            Link,
            (Ref("source", _ANY, shown=False), Ref("target", _ANY, shown=False)),
        ),
        Collection("excluded", "excluded", Exclusion),
    )
}
"""Every collection of a brief, in file order: iterate it for their names."""

RECORD_COLLECTIONS = tuple(name for name in COLLECTIONS if name != "excluded")
"""The collections whose records have ids (all but ``excluded``)."""


def make_id(text: str, fallback: str) -> str:
    """An id made from a name or a file name: ``Rowan Hart`` -> ``rowan-hart``.

    Accents are dropped, letters lowered, every other run of characters
    becomes one ``-``; ``fallback`` when nothing is left.
    """
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Cut to the schema's 64 characters before stripping, so no id ends in "-".
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:64].strip("-") or fallback


def is_empty(value: object) -> bool:
    """Whether a field holds no value: null, an empty list or an empty map."""
    return value is None or value in ([], {})


def subset(collections: Iterable[str] | None) -> frozenset[str] | None:
    """The collections named, as a set; None when unnamed or when they are all of them."""
    chosen = None if collections is None else frozenset(collections)
    return None if chosen is not None and chosen >= COLLECTIONS.keys() else chosen
