"""The command-line options: each declared once, shared through one decorator.

Typer reads a command's options from its function signature.  The listing
commands share a dozen options, declared once as the fields of
:class:`Options`; :func:`listing` adds them to a command's signature (as
sqlite-utils' ``output_options`` decorator does for click) and hands the
command one typed :class:`Options` instead of a dozen arguments.
"""

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import Field, dataclass, field, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..formats import Format, RecordFormat
from ..vocab import Certainty, ClaimKind, QuoteKind, Relation, Stance

if TYPE_CHECKING:
    from ..brief import Loaded
    from ..pipeline import Order
    from ..selection import Question


# --- completion from the brief --------------------------------------------


def _completion_briefs(
    ctx: typer.Context, collections: tuple[str, ...] | None = ()
) -> "list[Loaded]":
    """The briefs the command line points at (none if they cannot be read).

    Completion runs on every Tab: it must never print an error or fail.
    """
    from ..brief import load_all
    from ..errors import BriefError, QueryError
    from ..inputs import STDIN, locations

    data = ctx.params.get("data") if ctx is not None else None
    try:
        found = locations(data)
        if STDIN in found:
            return []  # reading stdin would hang the Tab key
        return load_all(found, collections)
    except (BriefError, QueryError):
        return []


def _matching(candidates: Iterable[str], incomplete: str) -> list[str]:
    from ..match import fold

    prefix = fold(incomplete)
    return list(dict.fromkeys(c for c in candidates if fold(c).startswith(prefix)))


def complete_actor(ctx: typer.Context, incomplete: str) -> list[str]:
    """Actor names and aliases of every brief, as --actor and --via accept them."""
    names = (
        n
        for one in _completion_briefs(ctx)
        for a in one.brief.actors
        for n in (a.name, *a.aliases, a.id)
    )
    return _matching(names, incomplete)


def complete_target(ctx: typer.Context, incomplete: str) -> list[str]:
    """Targets of positions: the actors they are towards, and their issues."""
    found: list[str] = []
    for one in _completion_briefs(ctx, ("positions",)):
        names = {a.id: a.name for a in one.brief.actors}
        found += [names[p.target] for p in one.brief.positions if p.target]
        found += [p.issue for p in one.brief.positions if p.issue]
    return _matching(found, incomplete)


def complete_metric(ctx: typer.Context, incomplete: str) -> list[str]:
    """Metrics of the briefs' figures."""
    metrics = (s.metric for one in _completion_briefs(ctx, ("stats",)) for s in one.brief.stats)
    return _matching(metrics, incomplete)


def complete_about(ctx: typer.Context, incomplete: str) -> list[str]:
    """What claims can be about: actor names, and the ids of every record."""
    found: list[str] = []
    for one in _completion_briefs(ctx, ("claims",)):
        found += [n for a in one.brief.actors for n in (a.name, *a.aliases)]
        found += [i for c in one.brief.claims for i in c.about]
    return _matching(found, incomplete)


def _row_fields(ctx: typer.Context) -> list[str]:
    """The fields of the command being completed (its JSON keys)."""
    from ..listings import LISTINGS

    name = ctx.command.name if ctx is not None and ctx.command is not None else None
    listing = LISTINGS.get(name or "")
    return listing.fields(evidence=True) if listing is not None else []


def complete_sort(ctx: typer.Context, incomplete: str) -> list[str]:
    """The command's fields, for --sort."""
    return _matching(_row_fields(ctx), incomplete)


def complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """A comma list of the command's fields: the ones typed so far, then one more."""
    done, _, last = incomplete.rpartition(",")
    chosen = set(done.split(",")) if done else set()
    head = f"{done}," if done else ""
    return [head + f for f in _matching(_row_fields(ctx), last) if f not in chosen]


def complete_schema(incomplete: str) -> list[str]:
    """What ``vzcli schema`` describes."""
    from ..schema import SchemaName

    return _matching(list(SchemaName), incomplete)


def complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Record ids, for ``vzcli show``: bare in one brief, ``BRIEF:ID`` too in a corpus."""
    loaded = _completion_briefs(ctx, None)
    ids = [rec.id for one in loaded for _, _, rec in one.brief.records()]
    if len(loaded) > 1:
        ids += [f"{one.id}:{rec.id}" for one in loaded for _, _, rec in one.brief.records()]
    return _matching(ids, incomplete)


# --- the options ------------------------------------------------------------


# typer.Option() is typed Any in Typer itself; these helpers pass its value on.


def _named(
    *decls: str, metavar: str, help: str, complete: Callable[[typer.Context, str], list[str]]
) -> Any:
    """A repeatable option naming actors or records, completed from the brief."""
    return typer.Option(
        *decls,
        metavar=metavar,
        help=f"{help} Repeatable.",
        show_default=False,
        autocompletion=complete,
    )


DataOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help="Read this brief instead of the bundled one: a file, or a folder of briefs "
        "(its *.json); repeatable, the briefs queried as one ('-' for stdin; default "
        "from $VZCLI_DATA, a list separated by the path separator).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        metavar="FORMAT",
        help="Output format: table (for people), json, jsonl, csv, tsv or markdown.",
    ),
]
ShowFormatOpt = Annotated[
    RecordFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        metavar="FORMAT",
        help="Output format: table or json.",
    ),
]
ActorOpt = Annotated[
    list[str] | None,
    _named(
        "--actor",
        "-a",
        metavar="NAME",
        help="Only records of this actor (id, name or alias, by the matching rule). "
        "A side includes its members: 'Russia' covers Lavrov and Putin.",
        complete=complete_actor,
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Only records on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD). A record "
        "dated only to a month, or between two bounds, matches when any day it may "
        "mean is in range; one the article does not date never does, as in SQL "
        "(see --undated and --strict-window).",
        show_default=False,
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Only records on or before DATE (inclusive; same forms and matching as --since).",
        show_default=False,
    ),
]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        metavar="TEXT",
        help="Only records with all these words: whole words or their starts, any case, "
        "accents optional; '\"a phrase\"' as consecutive words. With --source, the "
        "article's own words at each record count too.",
        show_default=False,
    ),
]
UndatedOpt = Annotated[
    bool,
    typer.Option(
        "--undated",
        help="With --since/--until, keep the records the article does not date too "
        "(a note on stderr says how many a window leaves out).",
    ),
]
StrictWindowOpt = Annotated[
    bool,
    typer.Option(
        "--strict-window",
        help="Only records every day of whose date lies in --since/--until "
        "(undated records never match).",
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        metavar="ARTICLE",
        help="The article's text file (default from $VZCLI_SOURCE): each record gains "
        "its evidence, the article's words at its spans, and --search reads them.",
        show_default=False,
    ),
]
ReportSourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        metavar="ARTICLE",
        help="The article's text file (default from $VZCLI_SOURCE): each quote, position "
        "and claim gains its evidence, the article's words at its spans.",
        show_default=False,
    ),
]
SourcesOpt = Annotated[
    str | None,
    typer.Option(
        "--sources",
        metavar="DIR",
        help="A folder of the briefs' articles (each found by its sha256, or named "
        "BRIEF.txt): rows gain their evidence, as with --source.",
        show_default=False,
    ),
]
SortOpt = Annotated[
    str | None,
    typer.Option(
        "--sort",
        metavar="FIELD",
        help="Sort by this field (rows without a value last, either way).",
        show_default=False,
        autocompletion=complete_sort,
    ),
]
ReverseOpt = Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", min=0, metavar="N", help="At most N records.", show_default=False
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Which fields (columns, JSON keys) to show, in this order.",
        show_default=False,
        autocompletion=complete_fields,
    ),
]
NoHeadersOpt = Annotated[
    bool, typer.Option("--no-headers", help="Leave out the header row (table, csv, tsv, markdown).")
]
ExitStatusOpt = Annotated[
    bool,
    typer.Option("--exit-status", "-e", help="Exit 1 when no record is printed (like jq -e)."),
]

# Options of single commands, declared here beside the shared ones.


def _choice(
    flag: str, choices: type[StrEnum], what: str, more: str = "", *, repeatable: bool = True
) -> Any:
    """An option taking one of a closed set, completed by the shell.

    It takes the text as typed: the library reads a value as stored
    (``warns_against``) or as printed (``warns against``, ``Warns-Against``),
    and refuses anything else in one line, with a did-you-mean (exit 2).
    """

    def complete(incomplete: str) -> list[str]:
        return [c.value for c in choices if c.value.startswith(incomplete.casefold())]

    return typer.Option(
        flag,
        metavar=flag.removeprefix("--").upper(),
        help=f"Only {what}: {', '.join(choices)} (or as tables print them). "
        f"{more + ' ' if more else ''}{'Repeatable.' if repeatable else ''}".rstrip(),
        show_default=False,
        autocompletion=complete,
    )


OnOpt = Annotated[
    list[str] | None,
    _named(
        "--on",
        metavar="TARGET",
        help="Only positions towards this actor (a side includes its members) "
        "or whose issue has these words.",
        complete=complete_target,
    ),
]
StanceOpt = Annotated[list[str] | None, _choice("--stance", Stance, "this stance")]
MatrixOpt = Annotated[
    bool,
    typer.Option("--matrix", help="Pivot into one table of holders x targets (stances in cells)."),
]
ViaOpt = Annotated[
    list[str] | None,
    _named(
        "--via",
        metavar="NAME",
        help="Only what the article has through this actor ('told RIA Novosti'); "
        "--actor never matches a relay.",
        complete=complete_actor,
    ),
]
MergeOpt = Annotated[
    bool,
    typer.Option(
        "--merge",
        help="One row per thing several briefs hold (joined by same_as links, or the same "
        "quotation by the same speaker), with its sources.",
    ),
]
MetricOpt = Annotated[
    list[str] | None,
    _named(
        "--metric",
        "-m",
        metavar="METRIC",
        help="Only figures of the metrics with these words.",
        complete=complete_metric,
    ),
]
KindOpt = Annotated[list[str] | None, _choice("--kind", ClaimKind, "claims of this kind")]
QuoteKindOpt = Annotated[list[str] | None, _choice("--kind", QuoteKind, "quotes of this kind")]
MinCertaintyOpt = Annotated[
    str | None,
    _choice(
        "--min-certainty",
        Certainty,
        "claims at least this firm",
        "Along the ICD 203 scale, 'stated' (a flat assertion) being the firmest.",
        repeatable=False,
    ),
]
CertaintyOpt = Annotated[
    list[str] | None,
    _choice(
        "--certainty",
        Certainty,
        "claims asserted this firmly",
        "'stated' when asserted flatly, else a step of the ICD 203 estimative scale.",
    ),
]
AboutOpt = Annotated[
    list[str] | None,
    _named(
        "--about",
        metavar="NAME",
        help="Only claims about this actor, event (title), figure (metric) or record (id).",
        complete=complete_about,
    ),
]
RelationOpt = Annotated[list[str] | None, _choice("--relation", Relation, "this relation")]


# Where ``--help`` lists a shared option: before a command's own options
# (head), with the dates (dates), or after them (tail).
_HEAD = {"place": "head"}
_DATES = {"place": "dates"}
_TAIL = {"place": "tail"}


@dataclass(frozen=True)
class Options:
    """The options every listing command shares, parsed once per call.

    Each field's type is its option's declaration: the field order is the
    order ``--help`` lists them in.
    """

    data: DataOpt = field(default=None, metadata=_HEAD)
    fmt: FormatOpt = field(default=Format.TABLE, metadata=_HEAD)
    actor: ActorOpt = field(default=None, metadata=_HEAD)
    since: SinceOpt = field(default=None, metadata=_DATES)
    until: UntilOpt = field(default=None, metadata=_DATES)
    strict_window: StrictWindowOpt = field(default=False, metadata=_DATES)
    undated: UndatedOpt = field(default=False, metadata=_DATES)
    search: SearchOpt = field(default=None, metadata=_TAIL)
    source: SourceOpt = field(default=None, metadata=_TAIL)
    sources: SourcesOpt = field(default=None, metadata=_TAIL)
    sort: SortOpt = field(default=None, metadata=_TAIL)
    reverse: ReverseOpt = field(default=False, metadata=_TAIL)
    limit: LimitOpt = field(default=None, metadata=_TAIL)
    fields: FieldsOpt = field(default=None, metadata=_TAIL)
    no_headers: NoHeadersOpt = field(default=False, metadata=_TAIL)
    exit_status: ExitStatusOpt = field(default=False, metadata=_TAIL)

    def question(self) -> "Question":
        """What these options ask, before a command adds its own filters."""
        from ..selection import Question

        return Question(
            actors=tuple(self.actor or ()),
            since=self.since,
            until=self.until,
            strict_window=self.strict_window,
            undated=self.undated,
            search=self.search,
        )

    def order(self) -> "Order":
        """How these options order and cut the rows."""
        from ..pipeline import Order

        return Order(self.sort, self.reverse, self.limit)


def listing(*, dates: bool = True) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the shared options; it receives them as one :class:`Options`.

    The decorated function takes ``opts: Options`` first, then its own
    options as keyword arguments.  ``dates=False`` leaves out --since,
    --until and --strict-window, for records the article does not date
    (positions, actors, links).
    """
    shared = [f for f in fields(Options) if dates or f.metadata["place"] != "dates"]
    head = [f for f in shared if f.metadata["place"] == "head"]
    rest = [f for f in shared if f.metadata["place"] != "head"]

    def parameter(f: Field[object]) -> inspect.Parameter:
        return inspect.Parameter(
            f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=f.type
        )

    def decorate(func: Callable[..., None]) -> Callable[..., None]:
        own = [
            p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
            for p in list(inspect.signature(func, eval_str=True).parameters.values())[1:]
        ]
        params = [*map(parameter, head), *own, *map(parameter, rest)]

        # Typer calls with every option by name, values of the types declared.
        @functools.wraps(func)
        def command(**kwargs: Any) -> None:
            opts = Options(**{f.name: kwargs.pop(f.name) for f in shared})
            func(opts, **kwargs)

        # Typer reads the signature and the type hints: both must show every option.
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        return command

    return decorate
