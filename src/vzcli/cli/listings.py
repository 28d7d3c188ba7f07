"""The commands that list and show records: events, quotes, positions, claims, stats,
actors, links, report and show.

Each parses its options into a :class:`~vzcli.selection.Question`, asks the
library (:class:`~vzcli.corpus.Corpus`) and renders the rows.
"""

# Annotations are evaluated here, not left as strings (no `from __future__ import
# annotations`): Typer reads this module's signatures at start-up, and would
# evaluate every string annotation again, twice (about 1 ms per run).
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated

import typer

from ..formats import HUMAN, Format, RecordFormat
from .app import UsageError, command, errors
from .options import (
    AboutOpt,
    ActorOpt,
    CertaintyOpt,
    DataOpt,
    KindOpt,
    MatrixOpt,
    MergeOpt,
    MetricOpt,
    MinCertaintyOpt,
    OnOpt,
    Options,
    QuoteKindOpt,
    RelationOpt,
    ReportSourceOpt,
    ShowFormatOpt,
    SinceOpt,
    SourceOpt,
    SourcesOpt,
    StanceOpt,
    StrictWindowOpt,
    UndatedOpt,
    UntilOpt,
    ViaOpt,
    complete_id,
    listing,
)
from .output import emit, layout, say, stdout_is_unicode, terminal_width, write

if TYPE_CHECKING:
    from ..corpus import Corpus
    from ..pipeline import Listing, R, Rec
    from ..rows import FieldKinds, ShownLink
    from ..selection import Question, Window

_kept: list[object] = []
"""What a command answered from, held until the process ends, which main() does
without tearing objects down one by one: freeing a big brief's million
objects costs as much as answering from it."""


def _open(
    data: list[str] | None,
    source: str | None,
    collections: tuple[str, ...] | None,
    sources: str | None = None,
) -> "Corpus":
    from ..corpus import open as open_corpus

    corpus = open_corpus(data, source=source, sources=sources, collections=collections)
    _kept.append(corpus)
    return corpus


def _say_left_out(window: "Window", name: str) -> None:
    """The note on stderr when a window left out records the article does not date."""
    count = 0 if window.left_out is None else window.left_out[0]
    if count:
        what = name.removesuffix("s") if count == 1 else name
        say(f"note: {count} undated {what} left out of the window; --undated includes them")


def run(
    listing: "Listing[Rec, R]", opts: Options, question: "Question", *, merged: bool = False
) -> None:
    """The body of every listing command: parse → ask → render."""
    from ..brief import source_path
    from ..selection import prepare

    with errors():
        source = source_path(opts.source)
        evidence = source is not None or opts.sources is not None
        order = opts.order()
        human = opts.fmt in HUMAN
        # Usage errors first, before any brief is read.
        chosen = listing.columns(opts.fields, human=human, evidence=evidence, merged=merged)
        listing.check_order(order, evidence=evidence, merged=merged)
        prepared = prepare(question)
        reads = listing.reads
        if merged and reads is not None:  # same_as links join what is merged
            reads = (*reads, "links")
        corpus = _open(opts.data, source, reads, opts.sources)
        if opts.fields is None and human:  # with several briefs, a Brief column
            chosen = listing.columns(
                None, human=True, evidence=evidence, merged=merged, briefs=len(corpus)
            )
        rows = corpus.ask(listing, prepared, order, merged=merged)
        _kept.append(rows)
    _say_left_out(prepared.window, listing.name)
    from ..render import render_parts

    lay = layout(headers=not opts.no_headers)
    emit(
        listing.name,
        len(rows),
        lambda: render_parts(rows, chosen, opts.fmt, lay, kinds=listing.kinds),
        opts.fmt,
        exit_status=opts.exit_status,
    )


@command()
@listing()
def events(opts: Options, via: ViaOpt = None, merge: MergeOpt = False) -> None:
    """What happened, in date order, each date at the article's precision.

    --actor matches a participant or a target.

    Examples:

      vzcli events

      vzcli events --since 2019-05-01 --format json

      vzcli events --actor Guaido --fields date,title,status
    """
    from ..listings import EVENTS

    run(EVENTS, opts, opts.question()._replace(via=tuple(via or ())), merged=merge)


@command()
@listing()
def quotes(
    opts: Options, kind: QuoteKindOpt = None, via: ViaOpt = None, merge: MergeOpt = False
) -> None:
    """Who said what, when and where: direct quotations verbatim, reported speech paraphrased.

    --actor matches the speaker; --kind direct keeps the speaker's own words.

    Examples:

      vzcli quotes --actor Lavrov

      vzcli quotes --actor Russia --kind direct --format json

      vzcli quotes -e --search "information war"
    """
    from ..listings import QUOTES

    question = opts.question()._replace(via=tuple(via or ()), quote_kinds=tuple(kind or ()))
    run(QUOTES, opts, question, merged=merge)


@command()
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
    from ..listings import POSITIONS

    question = opts.question()._replace(on=tuple(on or ()), stances=tuple(stance or ()))
    if as_matrix:
        _matrix(opts, question)
    else:
        run(POSITIONS, opts, question)


def _matrix(opts: Options, question: "Question") -> None:
    from ..brief import source_path
    from ..render import render_grid
    from ..selection import prepare

    with errors():
        if opts.fields or opts.sort or opts.reverse or opts.limit is not None:
            # The matrix's columns are the targets found, so these have no meaning.
            raise UsageError(
                "--matrix cannot be combined with --fields, --sort, --reverse or --limit"
            )
        if opts.fmt in (Format.JSON, Format.JSONL):
            raise UsageError(
                "--matrix is a table (table, markdown, csv, tsv); for json use "
                "'vzcli positions --format json', which has every position"
            )
        prepared = prepare(question)
        corpus = _open(opts.data, source_path(opts.source), ("positions",), opts.sources)
        header, body = corpus.matrix(prepared)
    emit(
        "positions",
        len(body),
        lambda: [
            render_grid(header, body, opts.fmt, layout(headers=not opts.no_headers), group=True)
        ],
        opts.fmt,
        exit_status=opts.exit_status,
    )


@command()
@listing()
def claims(
    opts: Options,
    kind: KindOpt = None,
    certainty: CertaintyOpt = None,
    min_certainty: MinCertaintyOpt = None,
    about: AboutOpt = None,
    via: ViaOpt = None,
    merge: MergeOpt = False,
) -> None:
    """What is asserted beyond quotations: the author's assessments, forecasts, facts,
    motives and outcomes, each with how firmly it is asserted and the hedge that says so.

    --actor matches who holds the claim ('author' or the author's name for the
    article's own analysis); --about what the claim concerns.

    Examples:

      vzcli claims --actor author --kind forecast

      vzcli claims --about Russia --kind motive

      vzcli claims --min-certainty likely --sort certainty --reverse
    """
    from ..listings import CLAIMS

    question = opts.question()._replace(
        kinds=tuple(kind or ()),
        certainties=tuple(certainty or ()),
        min_certainty=min_certainty,
        about=tuple(about or ()),
        via=tuple(via or ()),
    )
    run(CLAIMS, opts, question, merged=merge)


@command()
@listing()
def stats(opts: Options, metric: MetricOpt = None, merge: MergeOpt = False) -> None:
    """The figures, with each series' change from its previous point (computed, not stored).

    --actor matches who produced the figure; --since/--until the period it refers to.

    Examples:

      vzcli stats

      vzcli stats --metric "Venezuelan oil output" --fields period,value,change,change_pct

      vzcli stats --format markdown >> report.md
    """
    from ..listings import STATS

    run(STATS, opts, opts.question()._replace(metrics=tuple(metric or ())), merged=merge)


@command()
@listing(dates=False)
def actors(opts: Options) -> None:
    """The actors, with the names and aliases --actor accepts and the side each is on.

    Examples:

      vzcli actors

      vzcli actors --actor Russia

      vzcli actors --format json --fields id,aliases
    """
    from ..listings import ACTORS

    run(ACTORS, opts, opts.question())


@command()
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
    from ..listings import LINKS

    run(LINKS, opts, opts.question()._replace(relations=tuple(relation or ())))


@command()
@listing(dates=True)
def briefs(opts: Options) -> None:
    """The briefs of the corpus, oldest publication first: source, outlet, date and how
    many records each holds; with --sources, whether its article was found and verified.

    --actor keeps the briefs that name the actor; --since/--until the publication date.

    Examples:

      vzcli briefs --data briefs/

      vzcli briefs --data briefs/ --sources articles/ --fields brief,article

      vzcli briefs --data briefs/ --actor Lavrov --format json
    """
    from ..listings import BRIEFS

    run(BRIEFS, opts, opts.question())


@command()
@listing(dates=False)
def conflicts(opts: Options) -> None:
    """Where the briefs disagree about one thing: dates that cannot both be true, figures,
    places, participants or statuses that differ, contradictions, changed stances.

    Each row names both records, both briefs and both values, the older source as a.
    --actor keeps the conflicts one of whose records is the actor's.

    Examples:

      vzcli conflicts --data briefs/

      vzcli conflicts --data briefs/ --actor Volkan --format json

      vzcli conflicts --data briefs/ --fields kind,subject,value_a,value_b
    """
    from ..listings import CONFLICTS

    run(CONFLICTS, opts, opts.question())


@command()
def report(
    data: DataOpt = None,
    actor: ActorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    strict_window: StrictWindowOpt = False,
    undated: UndatedOpt = False,
    source: ReportSourceOpt = None,
    sources: SourcesOpt = None,
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
    from ..brief import source_path
    from ..selection import Question, prepare

    question = Question(
        actors=tuple(actor or ()),
        since=since,
        until=until,
        strict_window=strict_window,
        undated=undated,
    )
    with errors():
        prepared = prepare(question)
        corpus = _open(data, source_path(source), None, sources)  # every collection, in full
        text = corpus.report(prepared)
    write(text)


def _record_lines(row: Mapping[str, object], kinds: "FieldKinds") -> list[tuple[str, str]]:
    """A row's fields as ``(label, value)`` lines; each passage of evidence on its own."""
    from ..render import human_value, visible

    lines = [(f, human_value(row, f, kinds)) for f in row if f != "evidence"]
    passages = row.get("evidence")
    for i, passage in enumerate(passages if isinstance(passages, list) else ()):
        lines.append(("evidence" if i == 0 else "", visible(passage)))
    return lines


@command()
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
    sources: SourcesOpt = None,
) -> None:
    """One record whole: every field, its evidence, its links both ways, the claims
    about it and the records that refer to it.

    Examples:

      vzcli show q-lavrov-threats

      vzcli show sochi-meeting --format json

      vzcli show q-lavrov-threats --source article.txt
    """
    from ..brief import source_path
    from ..listings import LISTINGS
    from ..models import COLLECTIONS

    with errors():
        corpus = _open(data, source_path(source), None, sources)
        shown = corpus.show(record)
    if fmt is RecordFormat.JSON:
        from ..jsontext import json_text

        write(json_text(shown, ascii_only=not stdout_is_unicode()))
        return
    from ..render import readable, record_view

    home = shown["record"].get("brief")

    def other_end(link: "ShownLink") -> str:
        # As written in the link's brief; named BRIEF:ID when that is not the record's.
        ref = link["target"] if link["direction"] == "out" else link["source"]
        return ref if ":" in ref or link["brief"] == home else f"{link['brief']}:{ref}"

    links = [
        (
            f"{'→' if link['direction'] == 'out' else '←'} {readable(link['relation'])}",
            (link["target_label"] if link["direction"] == "out" else link["source_label"])
            + (f" ({link['lag']})" if link["lag"] else "")
            + f" [{other_end(link)}]",
        )
        for link in shown["links"]
    ]
    about = [
        (f"{c['kind']} ({c['certainty']})", f"{c['text']} [{c['id']}]")
        for c in shown["claims_about"]
    ]
    referring = [
        (f"{r['collection']}.{r['field']}", f"{r['label']} [{r['id']}]")
        for r in shown["referenced_by"]
    ]
    collection = shown["collection"]
    sections = [
        (
            COLLECTIONS[collection].singular,
            _record_lines(shown["record"], LISTINGS[collection].kinds),
        ),
        ("links", links),
        ("claims about it", about),
        ("referred to by", referring),
    ]
    write(
        record_view(
            shown["label"], sections, width=terminal_width(), ascii_only=not stdout_is_unicode()
        )
    )
