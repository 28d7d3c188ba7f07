"""The library: open briefs, ask them what the CLI asks, get typed rows back.

    >>> import vzcli
    >>> corpus = vzcli.open()                     # the bundled brief
    >>> rows = corpus.quotes(vzcli.Question(actors="Lavrov"))
    >>> [r["id"] for r in rows]
    ['r-lavrov-catastrophe', 'r-lavrov-iraq-libya', 'q-lavrov-threats']
    >>> print(vzcli.render_rows(rows, "quotes", "csv", fields=["id", "date"]), end="")
    id,date
    r-lavrov-catastrophe,2019-04-30/2019-05-14
    r-lavrov-iraq-libya,2019-05-14
    q-lavrov-threats,2019-05-14

The CLI is a thin layer over this: every listing command calls
:meth:`Corpus.ask`, ``positions --matrix`` :meth:`Corpus.matrix`, ``show``
:meth:`Corpus.show` and ``report`` :meth:`Corpus.report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .brief import Loaded, data_path, load, load_article, source_path
from .formats import HUMAN, Format
from .listings import (
    ACTORS,
    CLAIMS,
    EVENTS,
    LINKS,
    LISTINGS,
    POSITIONS,
    QUOTES,
    STATS,
    AnyListing,
    matrix,
)
from .models import Brief
from .pipeline import Listing, Order, R, Rec, View
from .render import Layout, render
from .rows import (
    ActorRow,
    AnyRow,
    ClaimRow,
    EventRow,
    LinkRow,
    PositionRow,
    QuoteRow,
    Shown,
    StatRow,
)
from .selection import Prepared, Question, Selection, prepare

Asked = Question | Prepared | Selection
"""What a listing is asked: a question, one already prepared, or one already compiled."""


class Corpus:
    """Briefs opened to be questioned, each with its article when one was given."""

    def __init__(self, loaded: Sequence[Loaded], articles: Sequence[str | None] = ()) -> None:
        self.loaded = list(loaded)
        texts = list(articles) or [None] * len(self.loaded)
        self.views = [View(one.brief, text) for one, text in zip(self.loaded, texts, strict=True)]

    @property
    def briefs(self) -> list[Brief]:
        """The briefs, in the order they were opened."""
        return [one.brief for one in self.loaded]

    @property
    def has_articles(self) -> bool:
        """Whether every brief's article is known (rows then carry ``evidence``)."""
        return all(view.article is not None for view in self.views)

    def select(self, asked: Asked = Question()) -> Selection:
        """``asked`` compiled against these briefs; raises QueryError for a name that
        matches nothing, a bad date or a bad search."""
        if isinstance(asked, Selection):
            return asked
        prepared = asked if isinstance(asked, Prepared) else prepare(asked)
        return prepared.resolve(self.briefs)

    def ask(
        self, listing: Listing[Rec, R], asked: Asked = Question(), order: Order = Order()
    ) -> list[R]:
        """The rows ``listing`` gives for ``asked``, ordered and cut by ``order``."""
        return listing.answer(self.views, self.select(asked), order)

    def events(self, asked: Asked = Question(), order: Order = Order()) -> list[EventRow]:
        """What happened, in date order (``actors`` match a participant or a target)."""
        return self.ask(EVENTS, asked, order)

    def quotes(self, asked: Asked = Question(), order: Order = Order()) -> list[QuoteRow]:
        """Who said what, in date order (``actors`` match the speaker)."""
        return self.ask(QUOTES, asked, order)

    def positions(self, asked: Asked = Question(), order: Order = Order()) -> list[PositionRow]:
        """Who stands where on what (``actors`` match the holder)."""
        return self.ask(POSITIONS, asked, order)

    def claims(self, asked: Asked = Question(), order: Order = Order()) -> list[ClaimRow]:
        """What is asserted beyond quotations, and how firmly."""
        return self.ask(CLAIMS, asked, order)

    def stats(self, asked: Asked = Question(), order: Order = Order()) -> list[StatRow]:
        """The figures, with each series' change from its previous point."""
        return self.ask(STATS, asked, order)

    def actors(self, asked: Asked = Question(), order: Order = Order()) -> list[ActorRow]:
        """The actors, with their names, aliases and sides."""
        return self.ask(ACTORS, asked, order)

    def links(self, asked: Asked = Question(), order: Order = Order()) -> list[LinkRow]:
        """How the article relates records, as an edge list."""
        return self.ask(LINKS, asked, order)

    def matrix(self, asked: Asked = Question()) -> tuple[list[str], list[list[str]]]:
        """The positions pivoted into holders x what they stand towards."""
        return matrix(self.positions(asked))

    def show(self, value: str) -> Shown:
        """One record whole, named by its id or by a name that names only it."""
        from .show import find_record, show

        view = self.views[0]
        return show(view, find_record(view, value))

    def report(self, asked: Question | Prepared = Question()) -> str:
        """The whole brief as one Markdown document, narrowed by ``asked``."""
        from .report import build

        prepared = asked if isinstance(asked, Prepared) else prepare(asked)
        view, loaded = self.views[0], self.loaded[0]
        name = "" if loaded.name.startswith("<bundled") else loaded.name
        return build(view, self.select(prepared), prepared.question, source_name=name)


def open(  # vzcli.open, as tarfile.open and shelve.open
    data: str | None = None,
    *,
    source: str | None = None,
    collections: Iterable[str] | None = None,
) -> Corpus:
    """Open a brief: the file ``data`` (``-`` for stdin), else ``$VZCLI_DATA``, else the
    bundled one; with its article ``source`` (else ``$VZCLI_SOURCE``), checked to be the
    article the brief describes.

    With ``collections``, only those (and the source and actors) are validated
    and read, as the CLI does for each listing; by default, the whole brief.
    Raises :class:`~vzcli.errors.BriefError` when a file cannot be read or is
    not a valid brief, or the article is not the brief's.
    """
    loaded = load(data_path(data), collections)
    article_path = source_path(source)
    article = None if article_path is None else load_article(article_path, loaded.brief)
    return Corpus([loaded], [article])


def render_rows(
    rows: Sequence[AnyRow],
    listing: str | AnyListing,
    fmt: Format | str = Format.TABLE,
    *,
    fields: Sequence[str] | None = None,
    layout: Layout = Layout(),
) -> str:
    """``rows`` of ``listing`` as the CLI prints them in ``fmt``: by default the
    columns ``--format`` shows (for people, the listing's default columns)."""
    chosen = LISTINGS[listing] if isinstance(listing, str) else listing
    fmt = Format(fmt)
    evidence = any("evidence" in row for row in rows)
    requested = None if fields is None else ",".join(fields)
    shown = chosen.columns(requested, human=fmt in HUMAN, evidence=evidence)
    return render(rows, shown, fmt, layout, kinds=chosen.kinds)
