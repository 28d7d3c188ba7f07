"""The rows each listing prints: the JSON contract, and how people read it.

Each listing's rows are plain dicts whose keys are declared once, here, as a
TypedDict: the keys and their order are what ``--format json`` prints and
what ``vzcli schema COMMAND`` describes.  Beside them: the headers a person
reads, which row fields are computed from which record fields (an inferred
record field makes its computed fields inferred too), and how a record is
named in a sentence.
"""

from collections.abc import Mapping
from enum import StrEnum

# typing's TypedDict: vzcli.schema makes typing_extensions copies for pydantic
# (which needs those on Python < 3.12); importing typing_extensions here would
# cost every command 2 ms.
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NotRequired, TypedDict, get_args

from .dates import Precision
from .models import Actor, Claim, Event, Position, Quote, Record, Stat
from .vocab import (
    ActorKind,
    ArticleStatus,
    Certainty,
    ClaimKind,
    ConflictKind,
    EventStatus,
    Measure,
    Qualifier,
    QuoteKind,
    Relation,
    Setting,
    Stance,
)

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema


class Closed:
    """A row field whose value is one of a closed set's values.

    Rows hold the value as a plain string, not the enum member: JSON encodes
    plain strings several times faster (measured: 26 ms against 132 ms for
    17,000 quotes), and the JSON is the same.  The schema still names the
    set, and people read it as words (``warns against``).
    """

    __slots__ = ("kind",)

    def __init__(self, kind: type[StrEnum]) -> None:
        self.kind = kind

    # pydantic's hook, for `vzcli schema`: the field's schema is the closed set's.
    def __get_pydantic_core_schema__(
        self, source: Any, handler: "GetCoreSchemaHandler"
    ) -> "CoreSchema":
        return handler(self.kind)


class _Date:
    """A row field holding a date as the brief writes it (``2019-04-30/..``)."""

    __slots__ = ()


DATE = _Date()

Date = Annotated[str | None, DATE]
"""A date at the article's precision, written as in the brief; null when undated."""

Day = str | None
"""An ISO day (``2019-05-14``): the first or last a date can mean, null where open or
undated, so a client filters a window without parsing intervals."""


class _Count:
    """A row field holding how many records of the collection it is named after (a
    brief's ``quotes``): its header is the collection's name, not its ids'."""

    __slots__ = ()


COUNT = _Count()

Count = Annotated[int, COUNT]


class EventRow(TypedDict):
    """One event as ``vzcli events`` prints it."""

    brief: str
    id: str
    date: Date
    precision: Annotated[str, Closed(Precision)]
    earliest: Day
    latest: Day
    title: str
    summary: str
    place: str | None
    participants: list[str]
    participant_names: list[str]
    targets: list[str]
    target_names: list[str]
    via: list[str]
    status: Annotated[str, Closed(EventStatus)]
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str] | None]


class QuoteRow(TypedDict):
    """One quotation or piece of reported speech as ``vzcli quotes`` prints it.

    ``denies`` and ``denied_by`` are computed from the brief's ``denies`` links.
    """

    brief: str
    id: str
    date: Date
    precision: Annotated[str, Closed(Precision)]
    earliest: Day
    latest: Day
    speaker: str
    speaker_name: str
    via: list[str]
    kind: Annotated[str, Closed(QuoteKind)]
    setting: Annotated[str, Closed(Setting)]
    text: str
    event: str | None
    denies: list[str]
    denied_by: list[str]
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str] | None]


class PositionRow(TypedDict):
    """One position as ``vzcli positions`` prints it."""

    brief: str
    id: str
    holder: str
    holder_name: str
    stance: Annotated[str, Closed(Stance)]
    target: str | None
    target_name: str | None
    issue: str | None
    summary: str
    quotes: list[str]
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str] | None]


class ClaimRow(TypedDict):
    """One claim as ``vzcli claims`` prints it: who asserts what, and how firmly."""

    brief: str
    id: str
    holder: str
    holder_name: str
    via: list[str]
    kind: Annotated[str, Closed(ClaimKind)]
    certainty: Annotated[str, Closed(Certainty)]
    hedge: str | None
    text: str
    about: list[str]
    about_names: list[str]
    date: Date
    precision: Annotated[str, Closed(Precision)]
    earliest: Day
    latest: Day
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str] | None]


class StatRow(TypedDict):
    """One figure as ``vzcli stats`` prints it; ``change`` is against the series' previous point."""

    brief: str
    id: str
    metric: str
    value: int | float
    unit: str
    measure: Annotated[str, Closed(Measure)]
    period: Date
    precision: Annotated[str, Closed(Precision)]
    earliest: Day
    latest: Day
    qualifiers: list[Annotated[str, Closed(Qualifier)]]
    hedge: str | None
    producer: str | None
    producer_name: str | None
    series: str | None
    change: int | float | None
    change_pct: float | None
    note: str | None
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str] | None]


class ActorRow(TypedDict):
    """One actor as ``vzcli actors`` prints it: one row however many briefs name it.

    ``briefs`` are the briefs that name it, the oldest source first; ``name``
    is that source's spelling, every other spelling an alias; ``spans`` (and
    ``evidence``) are given per brief.
    """

    briefs: list[str]
    id: str
    name: str
    kind: Annotated[str, Closed(ActorKind)]
    role: str | None
    side: str | None
    side_name: str | None
    aliases: list[str]
    spans: dict[str, list[list[int]]]
    inferred: dict[str, str]
    evidence: NotRequired[dict[str, list[str] | None]]


class LinkRow(TypedDict):
    """One relation as ``vzcli links`` prints it: an edge ``source relation target``."""

    brief: str
    id: str
    source: str
    relation: Annotated[str, Closed(Relation)]
    target: str
    source_label: str
    target_label: str
    lag: str | None
    spans: list[list[int]]
    inferred: dict[str, str]
    evidence: NotRequired[list[str] | None]


class _Corroborated(TypedDict):
    """What ``--merge`` adds to a row: the briefs that hold the same thing."""

    sources: list[str]
    """The briefs that hold it, the oldest source (first published) first."""
    n_sources: int
    records: list[str]
    """Every record of the group, as ``BRIEF:ID``."""


class MergedEventRow(EventRow, _Corroborated):
    """One event as ``vzcli events --merge`` prints it: one row for every brief that has it."""


class MergedQuoteRow(QuoteRow, _Corroborated):
    """One quotation as ``vzcli quotes --merge`` prints it, with every brief that prints it."""


class MergedClaimRow(ClaimRow, _Corroborated):
    """One claim as ``vzcli claims --merge`` prints it, with every brief that holds it."""


class MergedStatRow(StatRow, _Corroborated):
    """One figure as ``vzcli stats --merge`` prints it, with every brief that gives it."""


class ConflictRow(TypedDict):
    """One disagreement as ``vzcli conflicts`` prints it: two records of two briefs, and
    their two values; ``a`` is the older source (published first)."""

    brief_a: str
    record_a: str
    brief_b: str
    record_b: str
    kind: Annotated[str, Closed(ConflictKind)]
    field: str
    value_a: str
    value_b: str
    subject: str
    """What the two records are of, as a person names it."""


class BriefRow(TypedDict):
    """One brief as ``vzcli briefs`` prints it: its source and its counts."""

    brief: str
    title: str
    outlet: str | None
    author: str
    published: Date
    dateline: str | None
    url: str | None
    file: str
    actors: Count
    events: Count
    quotes: Count
    positions: Count
    claims: Count
    stats: Count
    links: Count
    excluded: Count
    article: NotRequired[Annotated[str, Closed(ArticleStatus)]]
    """With ``--sources``: whether its article was found there and is the brief's."""


AnyRow = (
    EventRow
    | QuoteRow
    | PositionRow
    | ClaimRow
    | StatRow
    | ActorRow
    | LinkRow
    | ConflictRow
    | BriefRow
)
"""A row of any listing."""

for _row in (
    EventRow,
    QuoteRow,
    PositionRow,
    ClaimRow,
    StatRow,
    ActorRow,
    LinkRow,
    MergedEventRow,
    MergedQuoteRow,
    MergedClaimRow,
    MergedStatRow,
    ConflictRow,
    BriefRow,
):
    # Rows have exactly their declared keys: the exported schema says so too.
    # (pydantic.with_config does this, but importing pydantic costs start-up.)
    setattr(_row, "__pydantic_config__", {"extra": "forbid"})  # noqa: B010


ID_FIELDS = frozenset(
    {
        "brief",
        "briefs",
        "id",
        "participants",
        "targets",
        "via",
        "speaker",
        "event",
        "denies",
        "denied_by",
        "holder",
        "target",
        "quotes",
        "about",
        "producer",
        "series",
        "side",
        "source",
        "records",
        "sources",
        "record_a",
        "record_b",
        "brief_a",
        "brief_b",
    }
)
"""Row fields holding ids (or lists of them): a table never breaks them at a hyphen."""

DERIVED_FROM: dict[str, tuple[str, ...]] = {
    # A stat's date is its period.
    "precision": ("date", "period"),
    "earliest": ("date", "period"),
    "latest": ("date", "period"),
    "participant_names": ("participants",),
    "target_names": ("targets",),
    "target_name": ("target",),
    "speaker_name": ("speaker",),
    "holder_name": ("holder",),
    "about_names": ("about",),
    "producer_name": ("producer",),
    "side_name": ("side",),
    "source_label": ("source",),
    "target_label": ("target",),
}
"""Row fields computed from record fields: inferred when one of them is."""

HEADERS = {
    "id": "Id",
    "participants": "Participant ids",
    "participant_names": "Participants",
    "targets": "Target ids",
    "target_names": "Targets",
    "speaker": "Speaker id",
    "speaker_name": "Speaker",
    "event": "Event id",
    "holder": "Holder id",
    "holder_name": "Holder",
    "target": "Target id",
    "target_name": "Target",
    "quotes": "Quote ids",
    "about": "About ids",
    "about_names": "About",
    "producer": "Producer id",
    "producer_name": "Producer",
    "change_pct": "Change %",
    "side": "Side id",
    "side_name": "Side",
    "source": "Source id",
    "source_label": "From",
    "target_label": "To",
    "briefs": "Briefs",
    "n_sources": "Sources",
    "sources": "Source briefs",
}
"""Column headers for people (table, markdown); json, csv and tsv keep the keys.
Where a row has a reference as an id and as a name, the name takes the plain
header and the id says it is one."""


def header(field: str) -> str:
    """The header a person reads for ``field``: ``speaker_name`` -> "Speaker"."""
    return HEADERS.get(field) or field.replace("_", " ").capitalize()


# --- text matching --------------------------------------------------------


# --- the shape of `vzcli show --format json` ---------------------------------


class Reference(TypedDict):
    """A record that names the shown one in one of its fields."""

    id: str
    collection: str
    field: str
    label: str


class ShownLink(LinkRow):
    """A link of the shown record; ``direction`` says which end it is."""

    direction: str


class Shown(TypedDict):
    """``vzcli show ID --format json``: one record whole, with what links to it."""

    id: str
    collection: str
    label: str
    record: AnyRow
    links: list[ShownLink]
    claims_about: list[ClaimRow]
    referenced_by: list[Reference]


for _shape in (Reference, ShownLink, Shown):
    setattr(_shape, "__pydantic_config__", {"extra": "forbid"})  # noqa: B010


class FieldKinds(NamedTuple):
    """What a row type's fields hold, as far as rendering them goes."""

    dates: frozenset[str] = frozenset()
    """Fields holding dates, which people read described ("on or after 2019-04-30")."""
    closed: frozenset[str] = frozenset()
    """Fields holding closed-set values (or lists of them), read as words."""
    floats: frozenset[str] | None = None
    """The only fields that may hold a float; None when any may."""
    counts: frozenset[str] = frozenset()
    """Fields holding a count of records, headed by the collection's name."""


def _metadata(annotation: object) -> list[object]:
    """Every ``Annotated`` marker anywhere inside ``annotation``."""
    # get_args of Annotated[T, m] is (T, m): the type and its markers.
    found = list(getattr(annotation, "__metadata__", ()))
    for arg in get_args(annotation):
        found += _metadata(arg)
    return found


def field_kinds(row_type: type) -> FieldKinds:
    """The :class:`FieldKinds` of a row type, read from its annotations."""
    dates, closed, floats, counts = set(), set(), set(), set()
    for name, annotation in row_type.__annotations__.items():
        markers = _metadata(annotation)
        if DATE in markers:
            dates.add(name)
        if COUNT in markers:
            counts.add(name)
        if any(isinstance(m, Closed) for m in markers):
            closed.add(name)
        if annotation is float or float in get_args(annotation):
            floats.add(name)
    return FieldKinds(frozenset(dates), frozenset(closed), frozenset(floats), frozenset(counts))


def is_inferred(row: Mapping[str, object], field: str) -> bool:
    """Whether the row's ``field`` holds a value the brief infers rather than the article
    states: the field itself is inferred, or the record field it is computed from."""
    inferred = row.get("inferred")
    if not isinstance(inferred, dict):
        return False
    return field in inferred or any(f in inferred for f in DERIVED_FROM.get(field, ()))


# --- records named in a sentence --------------------------------------------


def label(record: Record, names: Mapping[str, str]) -> str:
    """A record as a person names it: an actor's name, an event's title, who said what."""
    if isinstance(record, Actor):
        return record.name
    if isinstance(record, Event):
        return record.title
    if isinstance(record, Quote):
        if record.kind is QuoteKind.DIRECT:
            return f"{names[record.speaker]}: “{record.text}”"
        return f"{names[record.speaker]} (reported): {record.text}"
    if isinstance(record, Claim):
        return f"{names[record.holder]} ({record.kind.value}): {record.text}"
    if isinstance(record, Stat):
        return f"{record.metric}: {record.value:,} {record.unit}"
    if isinstance(record, Position):
        towards = names[record.target] if record.target else record.issue
        return f"{names[record.holder]} {record.stance.value.replace('_', ' ')} {towards}"
    return f"{record.source} {record.relation.value} {record.target}"
