"""The commands for writing and checking briefs: schema, verify, init and locate."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from ..formats import RecordFormat
from .app import UsageError, command, errors
from .options import DataOpt, ShowFormatOpt, SourcesOpt, complete_schema
from .output import EXIT_CANTCREAT, fail, say, stdout_is_unicode, terminal_width, write

if TYPE_CHECKING:
    from pathlib import Path

    from ..verify import Check, Todo


@command()
def schema(
    what: Annotated[
        str,
        typer.Argument(
            metavar="[brief|COMMAND|COMMAND-merged]",
            help="What to describe: a brief file; one listing command's --format json "
            "output (events, quotes, positions, claims, stats, actors, links, briefs, "
            "conflicts); or, as events-merged, quotes-merged, claims-merged or "
            "stats-merged, its output with --merge.",
            show_default=False,
            autocompletion=complete_schema,
        ),
    ] = "brief",
) -> None:
    """Print a JSON Schema generated from vzcli's own models.

    'brief' describes the files --data reads; a command's name describes the
    array it prints with --format json (jsonl prints the same objects), and
    COMMAND-merged what it prints with --merge.

    Examples:

      vzcli schema brief > brief.schema.json

      vzcli schema quotes

      vzcli schema quotes > quotes.schema.json && vzcli quotes -f json |
        check-jsonschema --schemafile quotes.schema.json -
    """
    import json

    from ..schema import SchemaName, json_schema

    with errors():
        try:
            name = SchemaName(what)
        except ValueError:
            valid = ", ".join(s.value for s in SchemaName)
            raise UsageError(f"unknown schema {what!r}; valid: {valid}") from None
    write(json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n")


@command()
def verify(
    data: DataOpt = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="ARTICLE",
            help="The article's text file (default from $VZCLI_SOURCE): also check its "
            "sha256, every direct quotation at its offsets, every hedge in its spans, and "
            "that every quotation, figure and sentence is covered.",
            show_default=False,
        ),
    ] = None,
    todo: Annotated[
        bool,
        typer.Option(
            "--todo",
            help="Instead of pass/fail lines, list what is left to do with --source: each "
            "uncovered sentence, quotation and figure, each misplaced quote or hedge.",
        ),
    ] = False,
    fmt: ShowFormatOpt = RecordFormat.TABLE,
    sources: SourcesOpt = None,
) -> None:
    """Check the brief: schema and integrity, and with --source its provenance.

    Given several briefs (a folder, --data repeated), each is checked, then the
    corpus: brief ids unique, one kind and side per actor id, links to other
    briefs that resolve.  --sources DIR gives each brief its article.

    --format json prints every check as an object (brief, check, ok, detail,
    problems); with --todo, the list of what is left to do.

    Exit status: 0 all checks hold (with --todo: nothing left to do); 1 a
    provenance or coverage check failed (something left to do); 65 the brief
    is invalid (or the article is not UTF-8 or too big); 66 the brief or
    article cannot be read.

    Examples:

      vzcli verify --source article.txt

      vzcli verify --data my-brief.json --source my-article.txt --todo

      vzcli verify --source article.txt --format json | jq 'map(select(.ok == false))'
    """
    from ..articles import find
    from ..brief import Loaded, brief_id, decode, read_article, read_bytes, source_path
    from ..errors import BriefInvalid, QueryError
    from ..inputs import locations
    from ..models import COLLECTIONS
    from ..validate import parse
    from ..verify import Check, check_source, corpus_checks, counted, duplicate_keys

    with errors():
        article_path = source_path(source)
        if todo and article_path is None and sources is None:
            raise UsageError("--todo needs the article: pass --source ARTICLE")
        if article_path is not None and sources is not None:
            raise QueryError(
                "give --source (one brief's article) or --sources (a folder), not both"
            )
        read: list[tuple[Loaded, str]] = []
        for where in locations(data):
            name, raw = read_bytes(where)
            brief = parse(name, raw)
            duplicates = duplicate_keys(decode(name, raw))
            if duplicates:
                raise BriefInvalid(name, duplicates)
            read.append((Loaded(brief, name, brief_id(brief, where)), raw.decode("utf-8-sig")))
        if article_path is not None and len(read) > 1:
            raise QueryError(
                f"--source names one article, and {len(read)} briefs are loaded; "
                "give their articles with --sources DIR"
            )
        # Bytes decoded as they are: offsets and the sha256 are of the file's
        # own text, CRLF line ends included.
        notes: list[str | None] = [None] * len(read)
        if article_path is not None:
            articles: list[str | None] = [read_article(article_path)]
        elif sources is not None:
            found = find(sources, [one for one, _ in read])
            articles = [f.text for f in found]
            notes = [f.note for f in found]
        else:
            articles = [None] * len(read)

    corpus = len(read) > 1
    lines: list[str] = []
    every: list[tuple[str | None, Check]] = []  # (brief id, check), for --format json
    todos: list[tuple[str, Todo]] = []
    failed = False
    for (one, _), article, note in zip(read, articles, notes, strict=True):
        brief = one.brief
        counts = ", ".join(
            counted(len(getattr(brief, name)), spec.singular, name)
            for name, spec in COLLECTIONS.items()
        )
        checks = [
            Check(
                "schema", f"{one.name} is a valid brief (schema {brief.schema_version}): {counts}"
            ),
            Check(
                "integrity", "ids are unique, references resolve, spans fit the article's length"
            ),
        ]
        if article is not None:
            checks += check_source(brief, article, article_path or "FILE")
        elif note is not None:  # its article, in other bytes: said so, never taken for it
            checks.append(
                Check("source", f"its article is in {sources} only in other bytes", [note])
            )
        elif sources is not None:
            checks.append(
                Check("source", f"its article is not in {sources}", [f"no article in {sources}"])
            )
        todos += [(one.id, item) for c in checks for item in c.todo]
        failed = failed or not all(c.ok for c in checks)
        every += [(one.id, c) for c in checks]
        if corpus:
            lines.append(f"== {one.name} (brief {one.id})")
        lines += _check_lines(checks)
    if corpus:
        checks = corpus_checks([(one.id, one.name, one.brief) for one, _ in read])
        failed = failed or not all(c.ok for c in checks)
        every += [(None, c) for c in checks]
        lines.append(f"== the corpus: {len(read)} briefs")
        lines += _check_lines(checks)
    if todo:
        _print_todo(todos, fmt)
        return
    if fmt is RecordFormat.JSON:
        from ..jsontext import json_text

        write(json_text([_check_json(brief, c) for brief, c in every]))
        if failed:
            raise typer.Exit(1)
        return
    if article_path is None and sources is None:
        lines.append(
            "note: pass --source ARTICLE (or --sources DIR) to check provenance and coverage too"
            if corpus
            else "note: pass --source ARTICLE to check provenance and coverage too"
        )
    write("\n".join(lines) + "\n")
    if failed:
        raise typer.Exit(1)


def _check_json(brief: str | None, check: Check) -> dict[str, object]:
    """One check as ``verify --format json`` prints it: the brief (null for the
    corpus's own checks), its name, whether it holds, what it checked, and every
    problem (uncapped: a script wants them all)."""
    return {
        "brief": brief,
        "check": check.name,
        "ok": check.ok,
        "detail": check.detail,
        "problems": list(check.problems),
    }


def _check_lines(checks: Sequence[Check]) -> list[str]:
    """Each check as an ``ok``/``FAIL`` line, its problems under it (capped)."""
    from ..errors import MAX_PROBLEMS
    from ..render import visible

    lines = []
    for c in checks:
        lines.append(f"{'ok' if c.ok else 'FAIL':<5} {c.name}: {c.detail}")
        lines += [f"      {visible(p)}" for p in c.problems[:MAX_PROBLEMS]]
        if len(c.problems) > MAX_PROBLEMS:
            lines.append(f"      … and {len(c.problems) - MAX_PROBLEMS} more")
    return lines


def _print_todo(found: Sequence[tuple[str, Todo]], fmt: RecordFormat) -> None:
    """The to-do list, brief by brief in article order: a table for a person, json for
    a script."""
    from ..jsontext import json_text
    from ..render import visible
    from ..tables import table

    order = {brief: i for i, brief in enumerate(dict.fromkeys(b for b, _ in found))}
    # The article first (a source item), then article order, then anchoring the spans:
    # the last step, once every record is written.
    ranked = sorted(
        found,
        key=lambda bt: (
            order[bt[0]],
            2 if bt[1].kind == "anchor" else bt[1].start is not None,
            bt[1].start or 0,
        ),
    )
    items = [t for _, t in ranked]
    if fmt is RecordFormat.JSON:
        rows = [
            {
                "brief": brief,
                "kind": t.kind,
                "span": None if t.start is None else [t.start, t.end],
                "sentence": t.sentence,
                "text": t.text,
                "task": t.task,
            }
            for brief, t in ranked
        ]
        write(json_text(rows, ascii_only=not stdout_is_unicode()))
    elif items:
        body = [
            [
                t.kind,
                "" if t.start is None else f"[{t.start}, {t.end}]",
                "" if t.sentence is None else str(t.sentence),
                visible(t.text),
                visible(t.task),
            ]
            for t in items
        ]
        header = ["Kind", "Span", "Sentence", "Text", "Task"]
        write(table(header, body, width=terminal_width()))
    else:
        say("nothing left to do: every check holds")
    if items:
        raise typer.Exit(1)


@command()
def init(
    article: Annotated[
        str,
        typer.Argument(metavar="ARTICLE", help="The article's text file.", show_default=False),
    ],
    title: Annotated[
        str | None,
        typer.Option(
            metavar="TITLE",
            help="The title (default: the article's first line).",
            show_default=False,
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", help="The author, as the article names them.", show_default=False
        ),
    ] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CATEGORY", help="A category of the article. Repeatable.", show_default=False
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="When the article was published, at the precision it gives (YYYY-MM-DD, "
            "YYYY-MM, bounds A/B): `vzcli date` and `add --date-text` count from it.",
            show_default=False,
        ),
    ] = None,
    dateline: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="The dateline as the article prints it ('Moscow, May 7'); the source cites it.",
            show_default=False,
        ),
    ] = None,
    outlet: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Who published the article.", show_default=False),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the brief here (and, for editors, brief.schema.json beside it) "
            "instead of printing it.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Start a brief of another article: a valid, empty brief with its source filled in.

    ARTICLE may be - to read it from stdin.

    The brief names a JSON Schema in "$schema", so editors that read JSON
    Schema (VS Code and others) check and complete it as you type.  Exit
    status 73 when the output file exists and --force was not given.

    Examples:

      vzcli init article.txt --author "Jane Doe" -o brief.json

      vzcli init article.txt --title "Talks in Oslo" --category Politics

      vzcli init - --published 2019-05-14 --outlet "Example Wire" < article.txt

      vzcli locate --source article.txt "Threats by the U.S. administration"
    """
    from pathlib import Path

    from ..authoring import new_brief
    from ..brief import read_article
    from ..jsontext import pretty_json

    with errors():
        if any(not c.strip() for c in category or ()):
            raise UsageError("--category is blank: name the category, or leave the option out")
        if published is not None:
            from ..dates import PartialDate

            try:
                PartialDate.parse(published)
            except ValueError as exc:
                raise UsageError(f"--published: {exc}") from None
        text = read_article(article)
        try:
            brief = new_brief(
                text,
                title=title,
                author=author,
                categories=tuple(category or ()),
                published=published,
                dateline=dateline,
                outlet=outlet,
            )
        except ValueError as exc:
            raise UsageError(f"{article}: {exc}") from None
    out = pretty_json(brief)
    if output is None or output == "-":
        write(out)
        return
    _write_brief(Path(output), out, force)
    say(f"wrote {output}")


def _write_brief(target: Path, out: str, force: bool) -> None:
    """Write a new brief at ``target`` whole or not at all, and the JSON Schema beside it
    when none is there (never over one the user has)."""
    import json
    import stat

    from .. import atomic
    from ..authoring import SCHEMA_FILE
    from ..schema import SchemaName, json_schema

    try:
        atomic.write_text(target, out, force=force)
    except atomic.Exists:
        fail(f"{target} exists; pass --force to overwrite it", EXIT_CANTCREAT)
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}", EXIT_CANTCREAT)
    try:
        regular = stat.S_ISREG(target.stat().st_mode)
    except OSError:
        regular = False
    if not regular:  # stdout, a pipe, a device: nothing is written beside it
        return
    schema_path = target.resolve().parent / SCHEMA_FILE
    schema_text = json.dumps(json_schema(SchemaName.BRIEF), indent=2, ensure_ascii=False) + "\n"
    if schema_path.exists() or schema_path.is_symlink():
        if schema_path.is_file() and schema_path.read_text("utf-8", "replace") != schema_text:
            say(f"note: kept {schema_path} as it is; 'vzcli schema brief' prints the current one")
        return
    try:
        atomic.write_text(schema_path, schema_text)
    except (atomic.Exists, OSError) as exc:
        say(f"note: could not write {schema_path}: {getattr(exc, 'strerror', None) or exc}")


@command()
def locate(
    texts: Annotated[
        list[str] | None,
        typer.Argument(metavar="TEXT", help="Texts to find in the article.", show_default=False),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="ARTICLE",
            help="The article's text file (default from $VZCLI_SOURCE).",
            show_default=False,
        ),
    ] = None,
    sentence: Annotated[
        list[int] | None,
        typer.Option(
            "--sentence",
            metavar="N",
            min=1,
            help="Also give the span of sentence N, under verify's sentence rule. Repeatable.",
            show_default=False,
        ),
    ] = None,
    fmt: ShowFormatOpt = RecordFormat.TABLE,
) -> None:
    """Find text in the article: [start, end) offsets ready to paste into a brief.

    Every exact occurrence is listed; when there is none, the occurrences
    that match once curly and straight quotes, dashes and runs of whitespace
    are folded (marked 'folded').  Exit status 1 when a text is not found.

    Examples:

      vzcli locate --source article.txt "The time is now"

      vzcli locate --source article.txt --sentence 7 --format json

      vzcli locate --source article.txt "information war" "catastrophe"
    """
    from ..authoring import locate as find
    from ..authoring import sentence_span
    from ..brief import read_article, source_path
    from ..jsontext import json_text
    from ..render import visible
    from ..tables import table

    with errors():
        path = source_path(source)
        if path is None:
            raise UsageError("locate needs the article: pass --source ARTICLE")
        if not texts and not sentence:
            raise UsageError("give a TEXT to find, or --sentence N")
        article = read_article(path)
        try:
            found = [s for n in sentence or () for s in [sentence_span(article, n)]]
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        found += [f for text in texts or () for f in find(article, text)]
    if fmt is RecordFormat.JSON:
        write(json_text([f.as_json() for f in found], ascii_only=not stdout_is_unicode()))
    else:
        body = [
            [
                visible(f.text),
                f.match,
                "" if f.start is None else f"[{f.start}, {f.end}]",
                "" if f.sentence is None else str(f.sentence),
                visible(f.in_context(len(article)).replace("\n", " ")),
            ]
            for f in found
        ]
        write(
            table(["Text", "Match", "Span", "Sentence", "In context"], body, width=terminal_width())
        )
    if any(f.match == "none" for f in found):
        raise typer.Exit(1)
