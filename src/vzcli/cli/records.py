"""``vzcli add KIND``, ``vzcli edit ID`` and ``vzcli remove ID``: a brief's records
written by commands, never by hand.

The options of ``add KIND`` and ``edit`` are the fields of the records, read
from the models (:func:`vzcli.editing.fields`), so a field added to the
schema is an option at once (:mod:`.record_options`).  This module is
imported only when one of them runs or is completed (see ``LAZY`` in
:mod:`.app`): the models' imports cost every other command nothing.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from .app import Command, UsageError, _guarded_help, errors
from .dating import apply_date_text, date, date_help
from .output import say, write
from .record_options import (
    KIND_HELP,
    DataOpt,
    a_kind,
    command_function,
    common_params,
    field_params,
    new_typer,
    option_name,
    shared_fields,
    summary,
)

if TYPE_CHECKING:
    from typer._click import Context

    from ..editing import Change, Cite, Field


class _AddGroup(TyperGroup):
    """``vzcli add``: a group whose commands are the kinds of record."""

    def get_help_option(self, ctx: Context) -> Any:
        return _guarded_help(super().get_help_option(ctx))


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


def build(name: str) -> Any:
    """The click command ``name`` (``add``, ``edit``, ``remove`` or ``date``); those
    of ``add`` and ``edit`` built from the models' fields."""
    from typer.main import get_command

    if name == "add":
        return get_command(_add_app())
    if name == "edit":
        return get_command(_edit_app())
    func = remove if name == "remove" else date
    one = new_typer()
    doc = date_help() if name == "date" else inspect.cleandoc(func.__doc__ or "")
    one.command(name, cls=Command, short_help=summary(doc), help=doc)(func)
    return get_command(one)


def _add_app() -> typer.Typer:
    """``vzcli add``: a command per kind of record, its options the kind's fields."""
    from ..editing import KINDS, fields

    add_app = new_typer(_AddGroup)
    # As a bare `vzcli` does: the help on stdout, success.
    add_app.callback(invoke_without_command=True, short_help=summary(_add.__doc__))(_add)
    for kind in KINDS:
        own = fields(kind)
        dated = any(f.name in ("date", "period") for f in own)
        params = common_params(True, dated, kind == "quote") + field_params(
            own, for_edit=False, kind=kind
        )

        def body(_kind: str = kind, **kwargs: Any) -> None:
            _run_add(_kind, kwargs)

        doc = f"{KIND_HELP[kind]}\n\nSee `vzcli add --help` for how records are added."
        add_app.command(kind, cls=Command, short_help=KIND_HELP[kind])(
            command_function(kind, body, params, doc)
        )
    return add_app


def _edit_app() -> typer.Typer:
    """``vzcli edit``: its options every field of any kind, checked against the record's
    own kind once it is read."""
    from ..editing import KINDS, SOURCE

    every = shared_fields([*KINDS, SOURCE])
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
        *common_params(False),
        unset,
        *field_params([f for f in every.values() if f.name != "id"], for_edit=True),
    ]
    one = new_typer()
    one.command("edit", cls=Command, short_help=summary(_EDIT_DOC))(
        command_function("edit", _run_edit, edit_params, _EDIT_DOC)
    )
    return one


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
            raise UsageError(
                f"{option_name(name)}: {a_kind(kind or 'record')} has no field {name!r}"
            )
        given = list(value) if f.many else [value]
        if f.closed is not None:  # as typed or as printed: "warns against"
            given = [member(f.closed, v, option_name(name)).value for v in given]
        if name in ("date", "period", "published"):  # a usage error, not an invalid brief
            _check_date(option_name(name), given[0])
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
                        option_name(key[2:])
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
        apply_date_text(kind, values, inferred, kwargs, text, scheduled=scheduled)
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
        apply_date_text(kind, values, inferred, kwargs, text, scheduled=status == "scheduled")
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
