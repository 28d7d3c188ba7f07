"""``vzcli add KIND``, ``vzcli edit ID`` and ``vzcli remove ID``: a brief's records
written by commands, never by hand.

The options of ``add KIND`` and ``edit`` are the fields of the records, read
from the models (:func:`vzcli.editing.fields`), so a field added to the
schema is an option at once.  This module is imported only when one of
them runs, or help and completion list every command (see ``LAZY`` in
:mod:`.app`): the models' imports cost every other command nothing.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from .app import Command, UsageError, _guarded_help, errors
from .output import say, write

if TYPE_CHECKING:
    from typer._click import Context

    from ..editing import Change, Cite, Field


class _AddGroup(TyperGroup):
    """``vzcli add``: a group whose commands are the kinds of record."""

    def get_help_option(self, ctx: Context) -> Any:
        return _guarded_help(super().get_help_option(ctx))


def _date_help() -> str:
    """``vzcli date``'s help with every phrase it resolves and its rule, from the one
    list the resolver keeps (:data:`vzcli.reldates.PHRASES`)."""
    from ..reldates import PHRASES

    doc = inspect.cleandoc(date.__doc__ or "")
    # \b: click keeps the lines of the next paragraph as they are.
    import textwrap

    lines = [
        textwrap.fill(
            f"{shown}: {rule}",
            76,
            initial_indent="- ",
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
        for shown, rule in PHRASES
    ]
    phrases = "\b\nPhrases:\n" + "\n".join(lines)
    head, sep, tail = doc.partition("\n\nExit status:")
    return f"{head}\n\n{phrases}{sep}{tail}"


def _summary(doc: str | None) -> str:
    """A docstring's first paragraph on one line, as ``vzcli --help`` lists commands."""
    return " ".join(inspect.cleandoc(doc or "").split("\n\n", 1)[0].split())


def _typer(cls: type[TyperGroup] | None = None) -> typer.Typer:
    return typer.Typer(
        cls=cls,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        add_completion=False,
    )


def _add(ctx: typer.Context) -> None:
    """Add a record to a brief: its fields as options, its spans found in the article by
    its words.

    The new record is checked with the whole brief (schema and integrity)
    before the file is written, whole or not at all, keeping the file's
    layout (a brief laid out over lines shows only the new record in a
    diff), and its spans are anchored.
    It is printed as JSON on stdout.

    Exit status: 0 added; 2 a bad option, words not found once in the
    article, or a field the kind lacks; 65 the brief, or the brief the
    record would make, is invalid, or the article is not the brief's
    (nothing written); 66 the brief or article cannot be read; 74 the
    brief cannot be written.

    Examples:

      vzcli add actor --data my-brief.json --source article.txt --name OSCE
      --kind organisation --at OSCE

      vzcli add event --data my-brief.json --source article.txt --id talks
      --title Talks --summary "Ministers met." --date 2019-05 --sentence 3
    """
    if ctx.invoked_subcommand is None:
        write(ctx.get_help() + "\n")


# --- options shared by add and edit --------------------------------------------

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


def _option_name(field: str) -> str:
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


def _shared_fields(kinds: Sequence[str]) -> dict[str, Field]:
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
        help_text = f"The record's {name.replace('_', ' ')}, as {_a(which)} has it"
        out[name] = replace(first, help=help_text, choices=tuple(words), closed=None)
    return out


def _completing(words: tuple[str, ...]) -> Callable[[], list[str]]:
    """A completion callback offering ``words`` (Typer reads its parameters: none)."""

    def complete() -> list[str]:
        return list(words)

    return complete


def _field_params(
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
            _option_name(f.name),
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


def _build(
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


def _common_params(
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


_KIND_HELP = {
    "actor": "A person, state, organisation or group, or the author.",
    "event": "Something that happened, failed, goes on or is scheduled.",
    "quote": "A direct quotation (give --quote) or reported speech (--text and --at).",
    "position": "Where a holder stands towards an actor or an issue.",
    "claim": "An assertion beyond quotations, with how firmly it is made.",
    "stat": "A figure the article gives.",
    "link": "A relation between two records: --from, --relation, --target.",
    "excluded": "A quotation, figure or sentence left out on purpose, and why.",
}


def build(name: str) -> Any:
    """The click command ``name`` (``add``, ``edit`` or ``remove``), built from the
    models' fields."""
    from typer.main import get_command

    from ..editing import KINDS, SOURCE, fields

    if name in ("remove", "date"):
        func = remove if name == "remove" else date
        one = _typer()
        doc = _date_help() if name == "date" else inspect.cleandoc(func.__doc__ or "")
        one.command(name, cls=Command, short_help=_summary(doc), help=doc)(func)
        return get_command(one)
    if name == "add":
        add_app = _typer(_AddGroup)
        # As a bare `vzcli` does: the help on stdout, success.
        add_app.callback(invoke_without_command=True, short_help=_summary(_add.__doc__))(_add)
    for kind in KINDS if name == "add" else ():
        own = fields(kind)
        dated = any(f.name in ("date", "period") for f in own)
        params = _common_params(True, dated, kind == "quote") + _field_params(
            own, for_edit=False, kind=kind
        )

        def body(_kind: str = kind, **kwargs: Any) -> None:
            _run_add(_kind, kwargs)

        doc = f"{_KIND_HELP[kind]}\n\nSee `vzcli add --help` for how records are added."
        add_app.command(kind, cls=Command, short_help=_KIND_HELP[kind])(
            _build(kind, body, params, doc)
        )
    if name == "add":
        return get_command(add_app)
    every = _shared_fields([*KINDS, SOURCE])
    unset = inspect.Parameter(
        "unset",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[
            list[str] | None,
            typer.Option(
                "--unset",
                metavar="FIELD",
                help="Remove FIELD (a date becomes null: not given). Repeatable.",
                show_default=False,
            ),
        ],
        default=None,
    )
    ident = inspect.Parameter(
        "rec_id",
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        annotation=Annotated[
            str,
            typer.Argument(
                metavar="ID",
                help="The record's id (an exclusion: excluded:START-END; the article's "
                "metadata: source).",
                show_default=False,
            ),
        ],
    )
    edit_params = [
        ident,
        *_common_params(False),
        unset,
        *_field_params([f for f in every.values() if f.name not in ("id",)], for_edit=True),
    ]
    one = _typer()
    one.command("edit", cls=Command, short_help=_summary(_EDIT_DOC))(
        _build("edit", _run_edit, edit_params, _EDIT_DOC)
    )
    return get_command(one)


_EDIT_DOC = """Change a record of a brief: the fields given replace its own, --unset
removes one, and --at, --quote, --sentence or --span cite it anew.

The brief is checked whole before it is written, and written back keeping
its layout; the record as changed is printed as JSON on stdout.

Exit status: 0 changed; 2 a bad option, an unknown id, a field its kind
lacks, or nothing to change; 65 the brief, or the brief the change would
make, is invalid, or the article is not the brief's (nothing written); 66
the brief or article cannot be read; 74 the brief cannot be written.

Examples:

  vzcli edit sochi-meeting --data my-brief.json --place "Sochi, Russia"

  vzcli edit norway-talks --data my-brief.json --unset place

  vzcli edit source --data my-brief.json --outlet "Example Review"
"""


# --- running them ----------------------------------------------------------------


def _cite(
    at: list[str] | None, quote: str | None, sentence: list[int] | None, span: list[str] | None
) -> Cite:
    from ..editing import Cite

    spans = []
    for text in span or ():
        parts = text.split("-")
        if len(parts) != 2 or not all(re.fullmatch(r"[0-9]+", p.strip()) for p in parts):
            raise UsageError(f"--span {text!r}: give START-END, as `vzcli locate` prints")
        spans.append((int(parts[0]), int(parts[1])))
    return Cite(
        quote=quote, at=tuple(at or ()), sentences=tuple(sentence or ()), spans=tuple(spans)
    )


def _values(kind: str | None, kwargs: dict[str, Any], fields: Sequence[Field]) -> dict[str, object]:
    """The fields given, as the brief stores them."""
    from ..selection import member

    known = {f.name: f for f in fields}
    out: dict[str, object] = {}
    for key, value in kwargs.items():
        if not key.startswith("f_") or value is None:
            continue
        name = key[2:]
        f = known.get(name)
        if f is None:
            raise UsageError(f"{_option_name(name)}: {_a(kind or 'record')} has no field {name!r}")
        given = list(value) if f.many else [value]
        if f.closed is not None:  # as typed or as printed: "warns against"
            given = [member(f.closed, v, _option_name(name)).value for v in given]
        if name in ("date", "period", "published"):  # a usage error, not an invalid brief
            _check_date(_option_name(name), given[0])
        if f.number:
            out[name] = _number(given[0])
        else:
            out[name] = given if f.many else given[0]
    return out


_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
"""A figure as an article prints it: digits, thousands separated by commas or not."""


def _number(text: str) -> int | float:
    """``2,400`` -> 2400, ``1.5`` -> 1.5; anything else (``2_400``, ``1e3``, ``nan``)
    is refused, as no article prints a figure so."""
    if not _NUMBER.fullmatch(text):
        raise UsageError(
            f"--value {text!r} is not a number as an article prints one: use digits "
            "(2400, 2,400 or 1.5)"
        )
    digits = text.replace(",", "")
    return float(digits) if "." in digits else int(digits)


def _check_date(option: str, text: object) -> None:
    from ..dates import PartialDate

    try:
        PartialDate.parse(str(text))
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _check_text(kwargs: dict[str, Any]) -> None:
    """Every text given can be written as UTF-8: a shell passes undecodable bytes
    as lone surrogates, which no brief can hold."""
    for key, value in kwargs.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    name = (
                        _option_name(key[2:])
                        if key.startswith("f_")
                        else "--" + key.replace("_", "-")
                    )
                    raise UsageError(f"{name}: not valid UTF-8 text") from None


def _inferred(items: list[str] | None, names: set[str]) -> dict[str, str]:
    out = {}
    for item in items or ():
        field, sep, reason = item.partition("=")
        if not sep or not reason.strip():
            raise UsageError(f"--inferred {item!r}: give FIELD=REASON")
        if field not in names:
            raise UsageError(f"--inferred {item!r}: no field {field!r} here")
        out[field] = reason.strip()
    return out


def _read(data: str, source: str | None) -> tuple[str, str, str | None]:
    """The brief's name and text, and the article (checked to be the brief's)."""
    from ..brief import decode, load_article, read_bytes
    from ..validate import parse

    if data == "-":
        raise UsageError("--data -: a brief read from stdin cannot be written back; give its file")
    from ..errors import BriefInvalid
    from ..verify import duplicate_keys

    name, raw = read_bytes(data)
    brief = parse(name, raw)
    text = decode(name, raw)
    # Written back from its parsed value, a key given twice would lose one of them.
    duplicates = duplicate_keys(text)
    if duplicates:
        raise BriefInvalid(name, duplicates)
    article = None if source is None else load_article(source, brief)
    return name, text, article


def _dated(
    kind: str,
    values: dict[str, object],
    inferred: dict[str, str],
    kwargs: dict[str, Any],
    text: str,
    *,
    scheduled: bool,
) -> None:
    """``--date-text``: the date (or a stat's period) from the article's words; a
    scheduled event's words read forward, as ``--ahead`` does."""
    phrase = kwargs.get("date_text")
    if phrase is None:
        if kwargs.get("ahead"):
            raise UsageError("--ahead reads --date-text forward: give --date-text PHRASE")
        return
    from ..reldates import PhraseError, dateline_day, resolve

    field = "period" if kind == "stat" else "date"
    if kind in ("actor", "position", "link", "excluded", "source"):
        raise UsageError(f"--date-text: {_a(kind)} has no date")
    if field in values:
        raise UsageError(f"give --date-text or --{field}, not both: each sets the {field}")
    given = kwargs.get("published")
    published = _published(given, text)
    dateline = None if given else _dateline(text)
    printed = None if dateline is None else dateline_day(dateline, published)
    if printed is not None and printed != published:
        # The reason would say the dateline is a day it does not print.
        raise UsageError(
            f"the dateline {dateline!r} prints {printed:%-d %B}, but the publication day is "
            f"{published.isoformat()}: correct one with `vzcli edit source`"
        )
    ahead = bool(kwargs.get("ahead")) or scheduled
    try:
        found = resolve(phrase, published, ahead=ahead, dateline=dateline)
    except PhraseError as exc:
        raise UsageError(f"--date-text: {exc}") from None
    values[field] = found.date
    inferred.setdefault(field, found.reason)


def _a(kind: str) -> str:
    """``a stat``, ``an event``."""
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def _dateline(text: str) -> str | None:
    """The brief's ``source.dateline``, as the article prints it, if it has one."""
    source = json.loads(text).get("source")
    found = source.get("dateline") if isinstance(source, dict) else None
    return found if isinstance(found, str) else None


def _published(given: str | None, text: str) -> Any:
    """The publication day: ``given`` (``--published``), else the brief's
    ``source.published``; a usage error naming which, when it is not a day."""
    from ..dates import PartialDate, Precision

    value = given
    if value is None:
        source = json.loads(text).get("source", {})
        value = source.get("published") if isinstance(source, dict) else None
    if value is None:
        raise UsageError(
            "the publication day is needed: the brief's source has none; give --published "
            "YYYY-MM-DD, or set it with `vzcli edit source --published YYYY-MM-DD`"
        )
    where = "--published" if given else "the brief's source.published"
    try:
        parsed = PartialDate.parse(str(value))
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from None
    if parsed.precision is not Precision.DAY:
        raise UsageError(
            f"the publication day is needed: {where} is {value!r}, not a day; "
            "give --published YYYY-MM-DD"
        )
    return parsed.earliest


def _write(data: str, change: Change) -> None:
    from pathlib import Path

    from .. import atomic
    from ..errors import CannotWrite
    from ..jsontext import pretty_json

    try:
        atomic.write_text(Path(data), change.text, force=True)
    except OSError as exc:
        raise CannotWrite(data, [f"cannot write it: {exc.strerror or exc}"]) from None
    write(pretty_json(change.record))
    say(f"wrote {data}: {change.summary}")


def _run_add(kind: str, kwargs: dict[str, Any]) -> None:
    from .. import editing

    with errors(), _edit_errors(kwargs["data"]):
        _check_text(kwargs)
        fields = editing.fields(kind)
        values = _values(kind, kwargs, fields)
        inferred = _inferred(kwargs.get("inferred"), {f.name for f in fields})
        cite = _cite(
            kwargs.get("at"), kwargs.get("quote"), kwargs.get("sentence"), kwargs.get("span")
        )
        name, text, article = _read(kwargs["data"], kwargs["source"])
        assert article is not None
        scheduled = values.get("status") == "scheduled"
        _dated(kind, values, inferred, kwargs, text, scheduled=scheduled)
        if inferred:
            values["inferred"] = inferred
        change = editing.add(text, kind, values, cite, article, name)
        _write(kwargs["data"], change)


def _run_edit(rec_id: str, **kwargs: Any) -> None:
    from .. import editing

    with errors(), _edit_errors(kwargs["data"]):
        _check_text(kwargs)
        name, text, article = _read(kwargs["data"], kwargs["source"])
        kind = editing.kind_of(text, rec_id)
        fields = editing.fields(kind)
        values = _values(kind, kwargs, fields)
        inferred = _inferred(kwargs.get("inferred"), {f.name for f in fields})
        cite = _cite(
            kwargs.get("at"), kwargs.get("quote"), kwargs.get("sentence"), kwargs.get("span")
        )
        unset = tuple(kwargs.get("unset") or ())
        asked = kwargs.get("date_text") or kwargs.get("ahead")
        if not (values or inferred or unset or cite.given() or asked):
            raise UsageError(
                f"nothing to change: give the fields of {rec_id!r} to set, --unset FIELD, "
                "or --at, --quote, --sentence or --span"
            )
        status = values.get("status", editing.record(text, rec_id).get("status"))
        _dated(kind, values, inferred, kwargs, text, scheduled=status == "scheduled")
        if inferred:
            values["inferred"] = editing.merged_inferred(text, rec_id, inferred)
        change = editing.edit(text, rec_id, values, unset, cite, article, name)
        _write(kwargs["data"], change)


def remove(
    rec_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The record's id (an exclusion: excluded:START-END).",
            show_default=False,
        ),
    ],
    data: DataOpt,
) -> None:
    """Remove a record from a brief: refused while other records refer to it.

    The records that refer to it are listed, to change or remove first.  The
    brief is written back keeping its layout, whole or not at all; the
    removed record is printed as JSON on stdout, and its spans' anchors go
    with it when nothing else cites them.

    Exit status: 0 removed; 2 an unknown id; 65 other records refer to it,
    or the brief is invalid (nothing written); 66 the brief cannot be read;
    74 the brief cannot be written.

    Examples:

      vzcli remove excluded:5548-5560 --data my-brief.json

      vzcli remove l-meeting-after-violence --data my-brief.json
    """
    from .. import editing

    with errors(), _edit_errors(data):
        name, text, _ = _read(data, None)
        _write(data, editing.remove(text, rec_id, name))


@contextmanager
def _edit_errors(data: str) -> Iterator[None]:
    """An :class:`~vzcli.editing.EditError` as one line: 65 when other records refer
    to the one to remove (removing it would break them), else a usage error (2)."""
    from ..editing import EditError, Referred
    from ..errors import BriefInvalid

    try:
        yield
    except Referred as exc:
        raise BriefInvalid(data, [str(exc)]) from None
    except EditError as exc:
        raise UsageError(str(exc)) from None


def date(
    phrase: Annotated[
        str,
        typer.Argument(
            metavar="PHRASE",
            help="The article's words: 'on Monday', 'last week', 'in January', "
            "'two weeks after 14 May', 'earlier this month'.",
            show_default=False,
        ),
    ],
    published: PublishedDayOpt = None,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="BRIEF",
            help="Take the publication day from this brief's source.published.",
            show_default=False,
        ),
    ] = None,
    ahead: Annotated[
        bool,
        typer.Option(
            "--ahead",
            help="A weekday, day or month means the next one, not the last (announcements).",
        ),
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="text|json",
            help="How to print the answer.",
            show_default=True,
        ),
    ] = "text",
) -> None:
    """What a relative date in an article means: a day, a month or bounds, from the
    day it was published, with a one-line reason to put in a brief's inferred map.

    A weekday is the latest such day on or before the publication day (that
    day itself when it is one), or with --ahead the next (announced meetings);
    "last week" is the Monday-to-Sunday week before the publication day's;
    a month name is the latest such month on or before it.  `vzcli add
    --date-text` uses the same rules.

    Exit status: 0 resolved; 2 a phrase vzcli does not resolve (it says
    which it does), or no publication day.

    Examples:

      vzcli date "on Monday" --published 2019-05-07

      vzcli date "two weeks after 14 May" --published 2019-05-30 --format json
    """
    from ..dates import bounds
    from ..jsontext import json_text
    from ..reldates import PhraseError, resolve

    with errors():
        if fmt not in ("text", "json"):
            raise UsageError(f"--format {fmt!r}: use text or json")
        if published is None and data is None:
            raise UsageError("give the publication day: --published YYYY-MM-DD, or --data BRIEF")
        if published is not None:
            when = _published(published, "{}")
        else:
            from ..brief import decode, read_bytes

            name, raw = read_bytes(data)
            when = _published(None, decode(name, raw))
        try:
            found = resolve(phrase, when, ahead=ahead)
        except PhraseError as exc:
            raise UsageError(str(exc)) from None
    from ..dates import PartialDate

    first, last = bounds(PartialDate.parse(found.date))
    if fmt == "json":
        write(
            json_text(
                {
                    "phrase": found.phrase,
                    "date": found.date,
                    "precision": found.precision,
                    "earliest": first,
                    "latest": last,
                    "reason": found.reason,
                    "rule": found.rule,
                }
            )
        )
        return
    write(f"{found.date}  ({found.precision})\ninferred: {found.reason}\n")
