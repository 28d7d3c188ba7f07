"""``vzcli date`` and ``--date-text``: what the article's relative dates mean, from
the day it was published (:mod:`vzcli.reldates`).
"""

from __future__ import annotations

import inspect
import json
from typing import Annotated, Any

import typer

from .app import UsageError, errors
from .output import write
from .record_options import PublishedDayOpt, a_kind


def date_help() -> str:
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


def apply_date_text(
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
        raise UsageError(f"--date-text: {a_kind(kind)} has no date")
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
