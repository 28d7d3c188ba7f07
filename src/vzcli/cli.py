"""The Typer app: options in, a query call, a renderer, errors out as exit statuses.

Each command is parse → query → render.  Everything that can go wrong ends
here as one or a few lines on stderr and a documented exit status:

  0 success · 1 nothing matched under --exit-status, or verify found a problem ·
  2 usage error · 65 the brief is invalid · 66 the brief cannot be read ·
  70 internal error · 74 output cannot be written · 130 interrupted ·
  141 the reader of stdout went away (as with SIGPIPE).
"""

import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer import _click as click
from typer.core import TyperGroup

from . import __version__, completion, fastparams
from .formats import Format, RecordFormat
from .options import (
    AboutOpt,
    ActorOpt,
    CertaintyOpt,
    DataOpt,
    KindOpt,
    MatrixOpt,
    MetricOpt,
    OnOpt,
    Options,
    RelationOpt,
    ShowFormatOpt,
    SinceOpt,
    SourceOpt,
    StanceOpt,
    StrictWindowOpt,
    UntilOpt,
    complete_id,
    complete_schema,
    listing,
)

if TYPE_CHECKING:
    from .brief import Loaded
    from .query import Filters
    from .verify import Todo

EXIT_NO_MATCH = 1
EXIT_USAGE = 2
EXIT_IOERR = 74  # sysexits.h EX_IOERR: output could not be written
EXIT_PIPE = 141


class _Group(TyperGroup):
    """The app's command group: lets --install-completion and --show-completion
    stand alone (meaning "the shell vzcli runs under") or take a shell's name.

    Typer's click has no options with an optional value, so a bare one gets
    the value ``detect`` before parsing.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = list(args)
        for i, arg in enumerate(args):
            if arg in _SHELL_OPTIONS and (i + 1 == len(args) or args[i + 1].startswith("-")):
                args.insert(i + 1, "detect")
        return super().parse_args(ctx, args)


_SHELL_OPTIONS = ("--install-completion", "--show-completion")

app = typer.Typer(
    name="vzcli",
    cls=_Group,
    # Plain click help and errors: one short message, no boxes, no colour, and
    # rich is never imported, which keeps start-up fast.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    # vzcli's own --install-completion/--show-completion take the shell's
    # name; Typer's would install bash whatever shell was named.
    add_completion=False,
)
completion.register()
fastparams.install()


class UsageError(Exception):
    """A bad argument caught after click's parsing (exit 2)."""


def fail(message: str, code: int) -> NoReturn:
    """Print ``vzcli: message`` on stderr and exit with ``code``.

    Messages quote brief text (names, keys): escapes keep it from driving the terminal.
    """
    from .render import visible

    typer.echo(f"vzcli: {visible(message)}", err=True)
    raise typer.Exit(code)


@contextmanager
def errors() -> Iterator[None]:
    """Turn every known failure into its message and exit status."""
    from .brief import BriefError
    from .query import QueryError
    from .render import visible

    try:
        yield
    except BriefError as exc:
        for line in exc.lines():
            typer.echo(f"vzcli: {visible(line)}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except (QueryError, UsageError) as exc:
        fail(f"error: {exc}", EXIT_USAGE)


def stdout_is_unicode() -> bool:
    """Whether stdout can encode any text (UTF-8 or UTF-16/32)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding.startswith("utf")


def write(text: str) -> None:
    """Write all of ``text`` to stdout, surviving a closed pipe and a narrow encoding."""
    stream = sys.stdout
    if stream is None:  # started with stdout closed (`vzcli … >&-`)
        fail("cannot write output: stdout is closed", EXIT_IOERR)
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and not stdout_is_unicode():
        # A safety net: renderers already escape for such outputs.
        reconfigure(errors="backslashreplace")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            stream.write(text)
        else:
            # Bytes, in a loop: under PYTHONUNBUFFERED the buffer is a raw file
            # whose write() may take only part of a large output (a pipe
            # whose reader left); the text layer would drop the rest silently.
            stream.flush()
            data = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
            while data:
                written = buffer.write(data)
                data = data[written if written is not None else len(data) :]
        stream.flush()
    except BrokenPipeError:
        # The reader (head, a closed pager) left.  Point stdout at /dev/null so
        # the interpreter's final flush cannot fail again, and exit as a
        # process killed by SIGPIPE would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        raise typer.Exit(EXIT_PIPE) from None
    except OSError as exc:  # a full disk, a device that refuses writes
        fail(f"cannot write output: {exc.strerror or exc}", EXIT_IOERR)


def terminal_width() -> int:
    """``COLUMNS``, else the terminal's width, else 80 (piped or unknown)."""
    import shutil  # already imported by typer: no start-up cost

    return shutil.get_terminal_size((80, 24)).columns


# --- the shared body of the listing commands --------------------------------


@dataclass(frozen=True)
class Listing:
    """How a listing command shapes its output."""

    what: str  # plural noun for the "no matching …" note; also the collection read
    row_type: type  # the TypedDict that is the command's JSON contract
    human: tuple[str, ...]  # default columns for table and markdown
    collections: tuple[str, ...] | None  # what the brief must supply (None: all of it)
    default_order: str | None  # the key rows arrive sorted by, which --reverse reverses

    def fields(self, *, evidence: bool) -> list[str]:
        """Every field, in the contract's order; ``evidence`` only with an article."""
        # A TypedDict's annotations keep declaration order: the contract's key order.
        keys = list(self.row_type.__annotations__)
        return keys if evidence else [k for k in keys if k != "evidence"]


def _fields(listing: Listing, opts: Options, *, evidence: bool) -> list[str]:
    valid = listing.fields(evidence=evidence)
    if opts.fields is None:
        from .formats import HUMAN

        if opts.fmt in HUMAN:
            return [*listing.human, *(["evidence"] if evidence else [])]
        return valid
    # Each field once: json keys cannot repeat, so neither may columns.
    chosen = list(dict.fromkeys(f.strip() for f in opts.fields.split(",") if f.strip()))
    if "evidence" in chosen and not evidence:
        raise UsageError("the field evidence needs the article: pass --source ARTICLE")
    unknown = [f for f in chosen if f not in valid]
    if unknown or not chosen:
        bad = ", ".join(unknown) if unknown else repr(opts.fields)
        raise UsageError(f"unknown field {bad} for --fields; valid: {', '.join(valid)}")
    return chosen


def _check_sort(listing: Listing, sort: str | None, *, evidence: bool) -> None:
    valid = listing.fields(evidence=True)
    if sort is not None and sort not in valid:
        raise UsageError(f"unknown field {sort!r} for --sort; valid: {', '.join(valid)}")
    if sort == "evidence" and not evidence:
        raise UsageError("--sort evidence needs the article: pass --source ARTICLE")


def _check_dates(opts: Options) -> None:
    """Bad dates are usage errors, found before the brief is read."""
    from .query import Window

    Window.of(opts.since, opts.until)


def _filters(opts: Options, article: str | None = None) -> "Filters":
    from .query import Filters

    _check_dates(opts)
    return Filters(
        opts.actor,
        opts.since,
        opts.until,
        opts.search,
        strict_window=opts.strict_window,
        article=article,
    )


_last_loaded: list["Loaded"] = []


def _load(data: str | None, collections: tuple[str, ...] | None) -> "Loaded":
    from .brief import load

    loaded = load(data, collections)
    # Held until the process ends, which main() does without tearing objects
    # down one by one: freeing a big brief's million objects costs as much
    # as answering from it.
    _last_loaded[:] = [loaded]
    return loaded


def _article(source: str | None, loaded: "Loaded") -> str | None:
    """The article named by --source or $VZCLI_SOURCE, checked against the brief."""
    from .brief import load_article

    return None if source is None else load_article(source, loaded.brief)


def _emit(what: str, count: int, text: Callable[[], str], opts: Options) -> None:
    """Write ``text()``, or for an empty table a short note on stderr; -e exits 1 when empty."""
    if not count and opts.fmt is Format.TABLE:
        typer.echo(f"no matching {what}", err=True)
    else:
        write(text())
    if opts.exit_status and not count:
        raise typer.Exit(EXIT_NO_MATCH)


def _layout(opts: Options) -> dict[str, Any]:
    """What every renderer needs to know about the output it writes."""
    return {
        "headers": not opts.no_headers,
        "width": terminal_width(),
        "ascii_only": not stdout_is_unicode(),
    }


def _run(name: str, opts: Options, **extra: Any) -> None:
    """The shared body of every listing command: parse → query → render.

    ``extra`` goes to the query function (``on=``, ``stances=``, ``metrics=``).
    """
    from . import query
    from .brief import resolve_source

    listing = _listing(name)
    with errors():
        source = resolve_source(opts.source)
        chosen = _fields(listing, opts, evidence=source is not None)
        _check_sort(listing, opts.sort, evidence=source is not None)
        _check_dates(opts)
        loaded = _load(opts.data, listing.collections)
        filters = _filters(opts, _article(source, loaded))
        found = query.QUERIES[name](loaded.brief, filters, **extra)
        rows = query.order(
            found,
            sort=opts.sort,
            reverse=opts.reverse,
            limit=opts.limit,
            default=listing.default_order,
        )
    from .render import render

    _emit(name, len(rows), lambda: render(rows, chosen, opts.fmt, **_layout(opts)), opts)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vzcli {__version__}")
        raise typer.Exit()


def _shell(ctx: typer.Context, value: str) -> str:
    """The shell named (or, for a bare option, the one vzcli runs under)."""
    shell = completion.detect() if value == "detect" else value
    if shell not in completion.SHELLS:
        given = "could not detect" if value == "detect" else f"{value!r} is not"
        fail(f"error: {given} a shell vzcli completes: name bash, zsh or fish", EXIT_USAGE)
    return shell


def _show_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    write(completion.script(_shell(ctx, value)))
    raise typer.Exit()


def _install_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    shell = _shell(ctx, value)
    path = completion.install(shell)
    typer.echo(f"{shell} completion installed in {path}; it works in new {shell} sessions")
    raise typer.Exit()


def _shell_option(
    flag: str, callback: Callable[[typer.Context, str | None], None], help: str
) -> Any:
    """An eager option taking a shell's name (bare: the shell vzcli runs under)."""
    return typer.Option(
        flag,
        metavar="[SHELL]",
        callback=callback,
        is_eager=True,
        expose_value=False,
        autocompletion=lambda: list(completion.SHELLS),
        help=help,
        show_default=False,
    )


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    install_completion: Annotated[
        str | None,
        _shell_option(
            "--install-completion",
            _install_completion,
            "Install completion for SHELL (bash, zsh or fish; default: this shell).",
        ),
    ] = None,
    show_completion: Annotated[
        str | None,
        _shell_option(
            "--show-completion",
            _show_completion,
            "Print the completion script for SHELL (bash, zsh or fish; default: this "
            "shell), to install it yourself.",
        ),
    ] = None,
) -> None:
    """Question a verified brief of the article 'US and Russia: developments in
    Venezuela' (Lavrov and Pompeo in Sochi, 14 May 2019).

    Exit status: 0 success; 1 nothing printed under --exit-status, or verify
    found a problem; 2 usage error; 65 invalid brief; 66 unreadable brief or
    article; 70 internal error; 74 output cannot be written; 130 interrupted;
    141 the reader of the output went away.
    """
    if ctx.invoked_subcommand is None:  # bare `vzcli`: help on stdout, success
        typer.echo(ctx.get_help())


# --- listing commands -----------------------------------------------------

# Default columns for table and markdown, and what each command reads of a
# brief.  The row types, with every field, live in query.ROWS.
_HUMAN_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": ("date", "title", "place", "participant_names", "status"),
    "quotes": ("date", "speaker_name", "kind", "setting", "text"),
    "positions": ("holder_name", "stance", "target_name", "issue"),
    "claims": ("holder_name", "kind", "certainty", "text", "hedge"),
    "stats": ("metric", "value", "unit", "period", "qualifiers", "change", "change_pct"),
    "actors": ("id", "name", "kind", "role", "side_name", "aliases"),
    "links": ("source_label", "relation", "target_label", "lag"),
}
# Quotes read the links for their denials; claims and links name records of
# every collection, so they read the whole brief.
_READS: dict[str, tuple[str, ...] | None] = {
    "events": ("events",),
    "quotes": ("quotes", "links"),
    "positions": ("positions",),
    "claims": None,
    "stats": ("stats",),
    "actors": (),
    "links": None,
}


# The key each command's rows arrive sorted by, which --reverse alone reverses
# (undated rows staying last); the others keep the brief's own order.
_DEFAULT_ORDER = {"events": "date", "quotes": "date"}


def _listing(name: str) -> Listing:
    from .query import ROWS

    return Listing(name, ROWS[name], _HUMAN_COLUMNS[name], _READS[name], _DEFAULT_ORDER.get(name))


@app.command()
@listing()
def events(opts: Options) -> None:
    """What happened, in date order, each date at the article's precision.

    --actor matches a participant or a target.

    Examples:

      vzcli events

      vzcli events --since 2019-05-01 --format json

      vzcli events --actor Guaido --fields date,title,status
    """
    _run("events", opts)


@app.command()
@listing()
def quotes(opts: Options) -> None:
    """Who said what, when and where: direct quotations verbatim, reported speech paraphrased.

    --actor matches the speaker.

    Examples:

      vzcli quotes --actor Lavrov

      vzcli quotes --actor Russia --format json

      vzcli quotes -e --search "information war"
    """
    _run("quotes", opts)


@app.command()
@listing(dates=False)
def positions(
    opts: Options,
    on: OnOpt = None,
    stance: StanceOpt = None,
    as_matrix: MatrixOpt = False,
) -> None:
    """Who stands where on what: holder, stance, target or issue, with the quotes that show it.

    --actor matches the holder. The article dates no stance, so there is no --since.

    Examples:

      vzcli positions --on Maduro

      vzcli positions --actor Russia --stance warns_against

      vzcli positions --matrix --format markdown
    """
    stances = [s.value for s in stance or ()]
    if as_matrix:
        with errors():
            if opts.fields or opts.sort or opts.reverse or opts.limit is not None:
                # The matrix's columns are the targets found, so these have no meaning.
                raise UsageError(
                    "--matrix cannot be combined with --fields, --sort, --reverse or --limit"
                )
        _matrix(opts, on or (), stances)
        return
    _run("positions", opts, on=on or (), stances=stances)


def _matrix(opts: Options, on: Sequence[str], stances: Sequence[str]) -> None:
    from . import query
    from .render import render_grid

    with errors():
        if opts.fmt in (Format.JSON, Format.JSONL):
            raise UsageError(
                "--matrix is a table (table, markdown, csv, tsv); for json use "
                "'vzcli positions --format json', which has every position"
            )
        filters = _filters(opts)
        loaded = _load(opts.data, ("positions",))
        rows = query.positions(loaded.brief, filters, on=on, stances=stances)
    header, body = query.matrix(rows)
    _emit(
        "positions",
        len(body),
        lambda: render_grid(header, body, opts.fmt, group=True, **_layout(opts)),
        opts,
    )


@app.command()
@listing()
def claims(
    opts: Options,
    kind: KindOpt = None,
    certainty: CertaintyOpt = None,
    about: AboutOpt = None,
) -> None:
    """What is asserted beyond quotations: the author's assessments, forecasts, facts,
    motives and outcomes, each with how firmly it is asserted and the hedge that says so.

    --actor matches who holds the claim ('author' or the author's name for the
    article's own analysis); --about what the claim concerns.

    Examples:

      vzcli claims --actor author --kind forecast

      vzcli claims --about Russia --kind motive

      vzcli claims --certainty unlikely --format json
    """
    _run(
        "claims",
        opts,
        kinds=[k.value for k in kind or ()],
        certainties=[c.value for c in certainty or ()],
        about=about or (),
    )


@app.command()
@listing()
def stats(opts: Options, metric: MetricOpt = None) -> None:
    """The figures, with each series' change from its previous point (computed, not stored).

    --actor matches who produced the figure; --since/--until the period it refers to.

    Examples:

      vzcli stats

      vzcli stats --metric "Venezuelan oil output" --fields period,value,change,change_pct

      vzcli stats --format markdown >> report.md
    """
    _run("stats", opts, metrics=metric or ())


@app.command()
@listing(dates=False)
def actors(opts: Options) -> None:
    """The actors, with the names and aliases --actor accepts and the side each is on.

    Examples:

      vzcli actors

      vzcli actors --actor Russia

      vzcli actors --format json --fields id,aliases
    """
    _run("actors", opts)


@app.command()
@listing(dates=False)
def links(opts: Options, relation: RelationOpt = None) -> None:
    """How the article relates records: what prompted, followed or led to what, and who
    contradicts or denies whom, as an edge list (source, relation, target).

    --actor matches an actor at either end (a speaker, holder or participant).

    Examples:

      vzcli links --relation contradicts

      vzcli links --actor Russia

      vzcli links --format csv --fields source,relation,target
    """
    _run("links", opts, relations=[r.value for r in relation or ()])


@app.command()
def report(
    data: DataOpt = None,
    actor: ActorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    strict_window: StrictWindowOpt = False,
    source: SourceOpt = None,
) -> None:
    """The whole brief as one Markdown document: timeline, quotes, positions, the
    author's assessment, figures and links.

    Sections: the source; a timeline of events (a Mermaid chart and a
    table); quotes by speaker; the positions; the author's assessment
    (claims by kind, with certainty); the figures with each series' change
    and chart; how the article links records; the disagreements within a
    side.  --actor, --since and --until narrow it as they narrow the
    listing commands; with --source each quote, position and claim is
    followed by the article's own words.

    Examples:

      vzcli report > brief.md

      vzcli report --actor Russia --since 2019-05 > russia-may.md

      vzcli report --data my-brief.json | pandoc -o brief.html
    """
    from . import report as report_module
    from .brief import resolve_source

    opts = Options(
        data=data,
        actor=tuple(actor or ()),
        since=since,
        until=until,
        strict_window=strict_window,
    )
    with errors():
        _check_dates(opts)
        loaded = _load(data, None)  # the whole brief, validated in full
        filters = _filters(opts, _article(resolve_source(source), loaded))
        name = "" if loaded.name.startswith("<bundled") else loaded.name
        text = report_module.build(loaded.brief, filters, source_name=name)
    write(text)


def _record_lines(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A row's fields as ``(label, value)`` lines; each passage of evidence on its own."""
    from .render import human_value, visible

    lines = [(f, human_value(row, f)) for f in row if f != "evidence"]
    for i, passage in enumerate(row.get("evidence", ())):
        lines.append(("evidence" if i == 0 else "", visible(passage)))
    return lines


@app.command()
def show(
    record: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The record's id (or a name that names only it: an actor, an event's "
            "title, a metric).",
            show_default=False,
            autocompletion=complete_id,
        ),
    ],
    data: DataOpt = None,
    fmt: ShowFormatOpt = RecordFormat.TABLE,
    source: SourceOpt = None,
) -> None:
    """One record whole: every field, its evidence, its links both ways, the claims
    about it and the records that refer to it.

    Examples:

      vzcli show q-lavrov-threats

      vzcli show sochi-meeting --format json

      vzcli show q-lavrov-threats --source article.txt
    """
    from . import query
    from .brief import resolve_source

    with errors():
        loaded = _load(data, None)
        article = _article(resolve_source(source), loaded)
        record_id = query.find_record(loaded.brief, record)
        shown = query.show(loaded.brief, record_id, query.Filters(article=article))
    if fmt is RecordFormat.JSON:
        from .render import json_text

        write(json_text(shown, ascii_only=not stdout_is_unicode()))
        return
    from .render import record_view

    record_row = shown["record"]
    links = [
        (
            f"{'→' if link['direction'] == 'out' else '←'} {link['relation'].replace('_', ' ')}",
            (link["target_label"] if link["direction"] == "out" else link["source_label"])
            + (f" ({link['lag']})" if link["lag"] else "")
            + f" [{link['target'] if link['direction'] == 'out' else link['source']}]",
        )
        for link in shown["links"]
    ]
    about = [
        (f"{c['kind'].value} ({c['certainty'].value})", f"{c['text']} [{c['id']}]")
        for c in shown["claims_about"]
    ]
    referring = [
        (f"{r['collection']}.{r['field']}", f"{r['label']} [{r['id']}]")
        for r in shown["referenced_by"]
    ]
    sections = [
        (shown["collection"].removesuffix("s"), _record_lines(record_row)),
        ("links", links),
        ("claims about it", about),
        ("referred to by", referring),
    ]
    write(
        record_view(
            shown["label"], sections, width=terminal_width(), ascii_only=not stdout_is_unicode()
        )
    )


@app.command()
def schema(
    what: Annotated[
        str,
        typer.Argument(
            metavar="[brief|events|quotes|positions|claims|stats|actors|links]",
            help="What to describe: a brief file, or one command's --format json output.",
            show_default=False,
            autocompletion=complete_schema,
        ),
    ] = "brief",
) -> None:
    """Print a JSON Schema generated from vzcli's own models.

    'brief' describes the files --data reads; a command's name describes the
    array it prints with --format json (jsonl prints the same objects).

    Examples:

      vzcli schema brief > brief.schema.json

      vzcli schema quotes

      vzcli quotes -f json | check-jsonschema --schemafile <(vzcli schema quotes) -
    """
    import json

    from .schema import SchemaName, json_schema

    with errors():
        try:
            name = SchemaName(what)
        except ValueError:
            valid = ", ".join(s.value for s in SchemaName)
            raise UsageError(f"unknown schema {what!r}; valid: {valid}") from None
    write(json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n")


@app.command()
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
) -> None:
    """Check the brief: schema and integrity, and with --source its provenance.

    Exit status: 0 all checks hold (with --todo: nothing left to do); 1 a
    provenance or coverage check failed (something left to do); 65 the brief
    is invalid (or the article is not UTF-8 or too big); 66 the brief or
    article cannot be read.

    Examples:

      vzcli verify

      vzcli verify --source article.txt

      vzcli verify --data my-brief.json --source my-article.txt --todo
    """
    from .brief import (
        MAX_PROBLEMS,
        BriefInvalid,
        decode,
        parse,
        read_article,
        read_bytes,
        resolve_source,
    )
    from .models import COLLECTIONS
    from .render import visible
    from .verify import Check, check_source, counted, duplicate_keys

    with errors():
        if fmt is RecordFormat.JSON and not todo:
            raise UsageError("--format json is for the --todo list")
        article_path = resolve_source(source)
        if todo and article_path is None:
            raise UsageError("--todo needs the article: pass --source ARTICLE")
        name, raw = read_bytes(data)
        brief = parse(name, raw)
        duplicates = duplicate_keys(decode(name, raw))
        if duplicates:
            raise BriefInvalid(name, duplicates)
        # Bytes decoded as they are: offsets and the sha256 are of the file's
        # own text, CRLF line ends included.
        article = None if article_path is None else read_article(article_path)

    # A collection's name is its plural: "1 actor", "2 actors", "1 excluded".
    counts = ", ".join(
        counted(len(getattr(brief, k)), k if k == "excluded" else k[:-1], k) for k in COLLECTIONS
    )
    checks = [
        Check("schema", f"{name} is a valid brief (schema {brief.schema_version}): {counts}"),
        Check("integrity", "ids are unique, references resolve, spans fit the article's length"),
    ]
    if article is not None:
        checks += check_source(brief, article)
    if todo:
        _print_todo([item for c in checks for item in c.todo], fmt)
        return
    lines = []
    for c in checks:
        lines.append(f"{'ok' if c.ok else 'FAIL':<5} {c.name}: {c.detail}")
        lines += [f"      {visible(p)}" for p in c.problems[:MAX_PROBLEMS]]
        if len(c.problems) > MAX_PROBLEMS:
            lines.append(f"      … and {len(c.problems) - MAX_PROBLEMS} more")
    if article is None:
        lines.append("note: pass --source ARTICLE to check provenance and coverage too")
    write("\n".join(lines) + "\n")
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def _print_todo(items: Sequence["Todo"], fmt: RecordFormat) -> None:
    """The to-do list, in article order: a table for a person, json for a script."""
    from .render import json_text, table, visible

    items = sorted(items, key=lambda t: (t.start is not None, t.start or 0))
    if fmt is RecordFormat.JSON:
        rows = [
            {
                "kind": t.kind,
                "span": None if t.start is None else [t.start, t.end],
                "sentence": t.sentence,
                "text": t.text,
                "task": t.task,
            }
            for t in items
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
        typer.echo("nothing left to do: every check holds", err=True)
    if items:
        raise typer.Exit(1)


EXIT_CANTCREAT = 73  # sysexits.h EX_CANTCREAT: a file is in the way


@app.command()
def init(
    article: Annotated[
        str,
        typer.Argument(metavar="ARTICLE", help="The article's text file.", show_default=False),
    ],
    title: Annotated[
        str | None,
        typer.Option(help="The title (default: the article's first line).", show_default=False),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(help="The author, as the article names them.", show_default=False),
    ] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(help="A category of the article. Repeatable.", show_default=False),
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

    The brief names a JSON Schema in "$schema", so editors that read JSON
    Schema (VS Code and others) check and complete it as you type.  Exit
    status 73 when the output file exists and --force was not given.

    Examples:

      vzcli init article.txt --author "Jane Doe" -o brief.json

      vzcli init article.txt --title "Talks in Oslo" --category Politics

      vzcli locate --source article.txt "the exact words"
    """
    import json
    from pathlib import Path

    from .authoring import SCHEMA_FILE, new_brief
    from .brief import read_article
    from .render import pretty_json
    from .schema import SchemaName, json_schema

    with errors():
        text = read_article(article)
        try:
            brief = new_brief(text, title=title, author=author, categories=tuple(category or ()))
        except ValueError as exc:
            raise UsageError(f"{article}: {exc}") from None
    out = pretty_json(brief)
    if output is None:
        write(out)
        return
    target = Path(output)
    if target.exists() and not force:
        fail(f"{output} exists; pass --force to overwrite it", EXIT_CANTCREAT)
    schema_path = target.parent / SCHEMA_FILE
    schema_text = json.dumps(json_schema(SchemaName.BRIEF), indent=2, ensure_ascii=False) + "\n"
    try:
        target.write_text(out, encoding="utf-8")
        if force or not schema_path.exists() or schema_path.read_text("utf-8") == schema_text:
            schema_path.write_text(schema_text, encoding="utf-8")
        else:
            typer.echo(
                f"note: kept {schema_path} as it is; 'vzcli schema brief' prints the current one",
                err=True,
            )
    except OSError as exc:
        fail(f"cannot write {exc.filename}: {exc.strerror}", EXIT_CANTCREAT)
    typer.echo(f"wrote {output}", err=True)


@app.command()
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
    from .authoring import locate as find
    from .authoring import sentence_span
    from .brief import read_article, resolve_source
    from .render import json_text, table, visible

    with errors():
        path = resolve_source(source)
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


EXIT_SOFTWARE = 70  # sysexits.h EX_SOFTWARE: a bug in vzcli itself


def build_only(name: str | None) -> None:
    """Register only the command ``name`` (when it is one), for this process.

    Typer builds the click object of every command on every run, reading
    each function's signature and type hints: 6 ms for 13 commands when one
    is run.  Help and completion of command names need them all, and get
    them (``name`` None or unknown).
    """
    commands = app.registered_commands
    chosen = [c for c in commands if c.callback is not None and c.callback.__name__ == name]
    if chosen:
        commands[:] = chosen


def main() -> None:
    """Run the app: the last guard against a traceback."""
    try:
        app()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:  # before click takes over, e.g. during imports
        code = 130
    except Exception as exc:
        # Known failures never get here; this is a bug.  One line for users,
        # the whole traceback for whoever debugs it.
        if os.environ.get("VZCLI_DEBUG"):
            raise
        typer.echo(
            f"vzcli: internal error: {type(exc).__name__}: {exc} "
            "(set VZCLI_DEBUG=1 for the traceback, and please report it)",
            err=True,
        )
        code = EXIT_SOFTWARE
    else:
        code = 0
    _exit(code)


def _exit(code: int) -> None:
    """Flush and end the process at once, skipping interpreter teardown.

    As mypy does: with a big brief loaded, tearing down every object costs
    up to a second (measured at 100,000 records per collection) for nothing,
    since the process is ending.  vzcli registers no atexit work.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with it closed
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader left
            code = code or EXIT_PIPE
        except (OSError, ValueError):  # full disk, or closed
            code = code or EXIT_IOERR
    os._exit(code)
