"""The options of ``vzcli add KIND`` and ``vzcli edit``, made from the records'
fields (:func:`vzcli.editing.fields`), and the options every such command shares.

Imported only when one of the commands that write a brief runs (see ``LAZY``
in :mod:`.app`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from ..editing import Field


def summary(doc: str | None) -> str:
    """A docstring's first paragraph on one line, as ``vzcli --help`` lists commands."""
    return " ".join(inspect.cleandoc(doc or "").split("\n\n", 1)[0].split())


def new_typer(cls: type[TyperGroup] | None = None) -> typer.Typer:
    return typer.Typer(
        cls=cls,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        add_completion=False,
    )


DataOpt = Annotated[
    str,
    typer.Option(
        "--data",
        metavar="BRIEF",
        help="The brief file to change (written back in place).",
        show_default=False,
    ),
]
AtOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--at",
        metavar="TEXT",
        help="Cite the place in the article where these words stand (they must occur "
        "once; quotation marks, dashes and spacing are forgiven). Repeatable; the spans "
        "are kept in the article's order, after a --quote's.",
        show_default=False,
    ),
]
QuoteOpt = Annotated[
    str | None,
    typer.Option(
        "--quote",
        metavar="TEXT",
        help="A direct quotation's words (pasted with their quotation marks or without): "
        "its first span, and its text as the article prints it. A quotation rarely "
        "covers its sentence: cite that too, with --sentence N.",
        show_default=False,
    ),
]
SentenceOpt = Annotated[
    list[int] | None,
    typer.Option(
        "--sentence",
        metavar="N",
        help="Cite sentence N, as `vzcli locate --sentence N` counts. Repeatable.",
        show_default=False,
    ),
]
SpanOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--span",
        metavar="START-END",
        help="Cite characters START to END, as `vzcli locate` prints them. Repeatable.",
        show_default=False,
    ),
]
InferredOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--inferred",
        metavar="FIELD=REASON",
        help="Mark FIELD as inferred by the brief rather than stated, and say why. Repeatable.",
        show_default=False,
    ),
]
DateTextOpt = Annotated[
    str | None,
    typer.Option(
        "--date-text",
        metavar="PHRASE",
        help="Date the record by the article's words ('on Monday', 'last week'), from "
        "the publication date, as `vzcli date` does; the date is marked inferred.",
        show_default=False,
    ),
]
AheadOpt = Annotated[
    bool,
    typer.Option(
        "--ahead", help="With --date-text: a weekday or month means the next one (announcements)."
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="YYYY-MM-DD",
        help="With --date-text: the publication date, when the brief's source gives no day.",
        show_default=False,
    ),
]

PublishedDayOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="YYYY-MM-DD",
        help="The day the article was published (its dateline's day).",
        show_default=False,
    ),
]


def option_name(field: str) -> str:
    """A field's option: its name with dashes, but a link's ``source`` is ``--from``,
    since ``--source`` is the article everywhere in vzcli."""
    return "--from" if field == "source" else "--" + field.replace("_", "-")


_FIELD_HELP = {
    "id": "The record's id: lower-case letters, digits, - and _",
    "name": "The name the article gives",
    "date": "YYYY, YYYY-MM, YYYY-MM-DD, or bounds A/B, at the article's precision",
    "title": "A short title, in your own words",
    "summary": "In your own words",
    "place": "Where, as the article names it",
    "speaker": "Id of the actor who speaks",
    "holder": "Id of the actor who holds it (the author is an actor)",
    "stance": "Where the holder stands",
    "kind": "What kind it is",
    "relation": "How the first record relates to the second",
    "measure": "What the value is: a level, a rate or a change",
    "certainty": "How likely the holder judges it, on the ICD 203 scale",
    "issue": "What the stance is about, in your own words",
    "text": "A direct quotation verbatim (or use --quote); reported speech paraphrased",
    "metric": "What is measured",
    "value": "A number, in digits as the article prints it (2400, 2,400 or 1.5)",
    "unit": "The unit of the value",
    "note": "A note in your own words",
    "reason": "Why it is left out, in your own words",
    "role": "The role the article gives",
}

_METAVARS = {
    "participants": "ACTOR",
    "targets": "ACTOR",
    "via": "ACTOR",
    "aliases": "ALIAS",
    "quotes": "QUOTE",
    "about": "ID",
    "speaker": "ACTOR",
    "holder": "ACTOR",
    "producer": "ACTOR",
    "side": "ACTOR",
    "source": "ID",
    "event": "EVENT",
    "period": "DATE",
    "qualifiers": "QUALIFIER",
}


def shared_fields(kinds: Sequence[str]) -> dict[str, Field]:
    """Each field any kind has, for ``edit``, which knows the kind only once it reads
    the record: a field two kinds give different meanings (a quote's ``kind`` and
    a claim's; a position's ``target``, an actor, and a link's, any record) is
    described for all, and offers every kind's words."""
    from dataclasses import replace

    from ..editing import fields

    by_name: dict[str, list[tuple[str, Field]]] = {}
    for kind in kinds:
        for f in fields(kind):
            if f.name not in ("sha256", "length"):  # the article's own
                by_name.setdefault(f.name, []).append((kind, f))
    out = {}
    for name, found in by_name.items():
        first = found[0][1]
        if all((f.help, f.choices) == (first.help, first.choices) for _, f in found):
            out[name] = first
            continue
        words = list(dict.fromkeys(w for _, f in found for w in f.choices))
        owners = list(dict.fromkeys(k for k, _ in found))
        which = ", ".join(owners[:-1]) + f" or {owners[-1]}"
        help_text = f"The record's {name.replace('_', ' ')}, as {a_kind(which)} has it"
        out[name] = replace(first, help=help_text, choices=tuple(words), closed=None)
    return out


def _completing(words: tuple[str, ...]) -> Callable[[], list[str]]:
    """A completion callback offering ``words`` (Typer reads its parameters: none)."""

    def complete() -> list[str]:
        return list(words)

    return complete


def field_params(
    fields: Sequence[Field], *, for_edit: bool, kind: str | None = None
) -> list[inspect.Parameter]:
    params = []
    for f in fields:
        if f.name in ("spans", "span", "inferred"):
            continue
        own = _FIELD_HELP.get(f.name)  # the format first, then what the schema says
        words = f"{own}; {f.help}" if own and f.help else (f.help or own or f.name)
        words = (
            words.replace("_", " ").rstrip(".") + "."
            if words == f.name
            else words.rstrip(".") + "."
        )
        if f.choices:
            words += f" One of: {', '.join(f.choices)}."
        if f.many:
            words += " Repeatable" + ("; replaces the whole list." if for_edit else ".")
        elif f.name == "id" and kind == "actor":
            words += " Made from --name when left out."
        elif f.required and not for_edit:
            words += " Required." if not f.nullable else " Left out: null."
        hint: Any = list[str] | None if f.many else str | None
        option = typer.Option(
            option_name(f.name),
            metavar=_METAVARS.get(f.name, f.name.upper()),
            # The closed set's words complete; Typer calls this with no arguments.
            autocompletion=_completing(f.choices) if f.choices else None,
            help=words[0].upper() + words[1:],
            show_default=False,
        )
        params.append(
            inspect.Parameter(
                f"f_{f.name}",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[hint, option],
                default=None,
            )
        )
    return params


def command_function(
    name: str, body: Callable[..., None], params: list[inspect.Parameter], doc: str
) -> Callable[..., None]:
    """A function Typer reads as a command with ``params``, calling ``body``."""

    def run(**kwargs: Any) -> None:
        body(**kwargs)

    run.__name__ = name
    run.__doc__ = doc
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    return run


def common_params(
    for_add: bool, dated: bool = True, quoted: bool = True
) -> list[inspect.Parameter]:
    source_help = (
        "The article the brief describes (`-` reads it from stdin)."
        if for_add
        else "The article, to find new spans with --at, --quote, --sentence or --span "
        "(`-` reads it from stdin)."
    )
    source: Any = Annotated[
        str | None if not for_add else str,
        typer.Option("--source", metavar="ARTICLE", help=source_help, show_default=False),
    ]
    kinds = inspect.Parameter.KEYWORD_ONLY
    out = [
        inspect.Parameter("data", kinds, annotation=DataOpt),
        inspect.Parameter(
            "source", kinds, annotation=source, default=inspect.Parameter.empty if for_add else None
        ),
        inspect.Parameter("at", kinds, annotation=AtOpt, default=None),
        inspect.Parameter("sentence", kinds, annotation=SentenceOpt, default=None),
        inspect.Parameter("span", kinds, annotation=SpanOpt, default=None),
        inspect.Parameter("inferred", kinds, annotation=InferredOpt, default=None),
    ]
    if quoted:  # --quote: for quotes (and edit, which may re-cite one)
        out.insert(3, inspect.Parameter("quote", kinds, annotation=QuoteOpt, default=None))
    if dated:  # --date-text and its options, for the kinds with a date
        out += [
            inspect.Parameter("date_text", kinds, annotation=DateTextOpt, default=None),
            inspect.Parameter("ahead", kinds, annotation=AheadOpt, default=False),
        ]
    if dated and for_add:  # edit's --published is the source's field, and the day too
        out.append(inspect.Parameter("published", kinds, annotation=PublishedOpt, default=None))
    return out


KIND_HELP = {
    "actor": "A person, state, organisation or group, or the author.",
    "event": "Something that happened, failed, goes on or is scheduled.",
    "quote": "A direct quotation (give --quote) or reported speech (--text and --at).",
    "position": "Where a holder stands towards an actor or an issue.",
    "claim": "An assertion beyond quotations, with how firmly it is made.",
    "stat": "A figure the article gives.",
    "link": "A relation between two records: --from, --relation, --target.",
    "excluded": "A quotation, figure or sentence left out on purpose, and why.",
}


def a_kind(kind: str) -> str:
    """``a stat``, ``an event``."""
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"
