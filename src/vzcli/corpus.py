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

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .brief import (
    INDEXED,
    Loaded,
    check_many,
    corpus_store,
    index_of,
    load,
    load_all,
    load_article,
    source_path,
    taken,
)
from .errors import BriefInvalid, QueryError
from .formats import HUMAN, Format
from .grid import matrix
from .listings import (
    ACTORS,
    BRIEFS,
    CLAIMS,
    CONFLICTS,
    EVENTS,
    LINKS,
    LISTINGS,
    POSITIONS,
    QUOTES,
    STATS,
    AnyListing,
)
from .models import Actor, Brief, subset
from .pipeline import Listing, Order, R, Rec, View, Web
from .rebuild import LazyRecords
from .render import Layout, render
from .rows import (
    ActorRow,
    AnyRow,
    BriefRow,
    ClaimRow,
    ConflictRow,
    EventRow,
    LinkRow,
    PositionRow,
    QuoteRow,
    Shown,
    StatRow,
)
from .selection import Prepared, Question, Selection, prepare
from .vocab import ArticleStatus

if TYPE_CHECKING:
    from .cache import Index
    from .export import Exported


Asked = Question | Prepared | Selection
"""What a listing is asked: a question, one already prepared, or one already compiled."""


class Corpus:
    """Briefs opened to be questioned as one, each with its article when one was given.

    Every record keeps the brief it is in: rows say so in ``brief``.  The same
    actor id in two briefs is one actor; ``BRIEF:ID`` in one brief names a
    record of another.
    """

    def __init__(
        self,
        loaded: Sequence[Loaded],
        articles: Sequence[str | None] = (),
        *,
        evidence: bool | None = None,
        found: Sequence[str | None] = (),
    ) -> None:
        self.loaded = list(loaded)
        texts = list(articles) or [None] * len(self.loaded)
        seen: dict[str, str] = {}
        for one in self.loaded:
            if one.id in seen:
                raise BriefInvalid(
                    one.name,
                    [
                        f"brief id {one.id!r} is also the id of {seen[one.id]}; give one of "
                        "them a source.id of its own"
                    ],
                )
            seen[one.id] = one.name
        web = Web()
        web.evidence = any(t is not None for t in texts) if evidence is None else evidence
        statuses = list(found) or [None] * len(self.loaded)
        self._views = [
            View(one.brief, text, id=one.id, position=i, file=one.name, article_status=status)
            for i, (one, text, status) in enumerate(zip(self.loaded, texts, statuses, strict=True))
        ]
        for view in self._views:
            web.add(view)
        self.web = web

    @property
    def views(self) -> list[View]:
        """Every brief made ready to answer from, in the order they were opened."""
        return self._views

    def __len__(self) -> int:
        """How many briefs the corpus holds."""
        return len(self.loaded)

    @property
    def all_briefs(self) -> list[Brief]:
        """The briefs, in the order they were opened."""
        return [one.brief for one in self.loaded]

    def select(self, asked: Asked = Question()) -> Selection:
        """``asked`` compiled against these briefs; raises QueryError for a name that
        matches nothing, a bad date or a bad search."""
        if isinstance(asked, Selection):
            return asked
        prepared = asked if isinstance(asked, Prepared) else prepare(asked)
        return prepared.resolve(self.all_briefs)

    def ask(
        self,
        listing: Listing[Rec, R],
        asked: Asked = Question(),
        order: Order = Order(),
        *,
        merged: bool = False,
    ) -> list[R]:
        """The rows ``listing`` gives for ``asked``, ordered and cut by ``order``;
        ``merged``, one row per thing several briefs hold (``--merge``)."""
        return listing.answer(self.views, self.select(asked), order, merged=merged)

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

    def briefs(self, asked: Asked = Question(), order: Order = Order()) -> list[BriefRow]:
        """The briefs, oldest publication first, with their counts."""
        return self.ask(BRIEFS, asked, order)

    def conflicts(self, asked: Asked = Question(), order: Order = Order()) -> list[ConflictRow]:
        """Where the briefs disagree about one thing."""
        return self.ask(CONFLICTS, asked, order)

    def matrix(self, asked: Asked = Question()) -> tuple[list[str], list[list[str]]]:
        """The positions pivoted into holders x what they stand towards."""
        return matrix(self.positions(asked))

    def each(self) -> Iterator[View]:
        """Every brief, one at a time (a corpus read brief by brief holds one at a time)."""
        return iter(self.views)

    def export(self, to: str, target: str | os.PathLike[str], *, force: bool = False) -> Exported:
        """Write every brief as relational tables: ``to`` is ``sqlite`` (one file) or
        ``parquet`` (a folder of datasets), see :mod:`vzcli.export`.  ``target`` is
        written whole or not at all; an existing one only with ``force``."""
        from .export import export

        return export(self.each(), to, target, force=force)

    def show(self, value: str) -> Shown:
        """One record whole, named by its id or by a name that names only it."""
        from .show import find_record, show

        view, record_id = find_record(self.views, value)
        return show(self.views, view, record_id)

    def report(self, asked: Question | Prepared = Question()) -> str:
        """The whole brief as one Markdown document, narrowed by ``asked``."""
        from .report import build

        prepared = asked if isinstance(asked, Prepared) else prepare(asked)
        loaded = self.loaded[0]
        one = len(self.loaded) == 1
        name = loaded.name if one and not loaded.name.startswith("<bundled") else ""
        return build(self.views, self.select(prepared), prepared.question, source_name=name)


STREAM_FROM = 64 * 1024 * 1024
"""Briefs adding up to more bytes than this are read one at a time (see
:class:`Streamed`), so memory grows with the answer, not the corpus."""

STREAM_BRIEFS = 200
"""So are this many briefs, whatever their size: a listing over them is a fifth
faster so (the store's index stands for their first pass)."""


class Streamed(Corpus):
    """A corpus too big to hold, read brief by brief: once to know its briefs and actors,
    once more for each listing asked, keeping only the rows.

    What needs every brief at once (a link's other end, ``--merge``, conflicts,
    the report, ``show``, names given to ``--on``, ``--about`` or
    ``--metric``) reads the whole corpus into memory, as :class:`Corpus` does.
    """

    def __init__(self, found: Sequence[str | None], collections: Iterable[str] | None) -> None:
        self.found = list(found)
        self.loaded = []
        self._whole: Corpus | None = None
        # (location, name, id, each actor's name): what the second pass needs
        self.entries: list[tuple[str | None, str, str, dict[str, str]]] = []
        names: dict[tuple[tuple[object, object], ...], dict[str, str]] = {}
        seen: dict[str, str] = {}
        actors: dict[tuple[object, ...], dict[str, object]] = {}
        last_listed: dict[tuple[tuple[object, object], ...], object] = {}
        web = Web()
        web.denies = []
        self.store = corpus_store(self.found)
        chosen = subset(collections)
        links = chosen is None or "links" in chosen
        # A brief unchanged since the store indexed it is not read now, only when
        # its rows are; any other is read (and validated) here: on every core when
        # there are many (a first run), and in this order all the same.
        known: list[Index | None] = [
            None if self.store is None or where in (None, "-") else self.store.index(where, chosen)
            for where in self.found
        ]
        # None: read the brief now (the store has no index of it, or one without
        # the denials this listing needs).
        pending = [
            index if index is not None and not (links and index.get("denies") is None) else None
            for index in known
        ]
        unknown = [where for where, index in zip(self.found, pending, strict=True) if index is None]
        files = [w for w in unknown if w is not None and w != "-"]
        checked = check_many(files, chosen, self.store) if len(files) == len(unknown) else None
        try:
            for where, stored in zip(self.found, pending, strict=True):
                if stored is not None:
                    index, name = stored, str(where)
                elif checked is not None:
                    done = taken(next(checked), self.store)
                    index, name = done.indexed, done.name
                else:
                    one = load(where, collections, self.store)
                    index = one.indexed or index_of(one.brief, one.id, chosen)
                    name = one.name
                brief_id = index["id"]
                if brief_id in seen:
                    raise BriefInvalid(
                        name,
                        [
                            f"brief id {brief_id!r} is also the id of {seen[brief_id]}; give one "
                            "of them a source.id of its own"
                        ],
                    )
                seen[brief_id] = name
                # The briefs of one story name their actors alike: each way of naming
                # them is kept once, however many briefs share it.
                listed = index["actors"]
                named = tuple((a[0], a[1]) for a in listed)
                if named not in names:
                    names[named] = {str(i): str(n) for i, n in named}
                self.entries.append((where, name, brief_id, names[named]))
                # Most briefs repeat the actors of one before them: compared whole (in C),
                # they need not be keyed one by one.
                if last_listed.get(named) != listed:
                    last_listed[named] = listed
                    for actor in listed:
                        aliases = actor[2]
                        key = (
                            *actor[:2],
                            tuple(aliases if isinstance(aliases, list) else ()),
                            *actor[3:],
                        )
                        if key not in actors:
                            actors[key] = dict(zip(INDEXED, actor, strict=True))
                if links:
                    web.denies += [(brief_id, s, t) for s, t in index["denies"] or ()]
        finally:
            if checked is not None:
                checked.close()  # stops the workers, if an error left them working
        web.ids = set(seen)
        self.web = web
        if self.store is not None:
            self.store.save()
        # Every actor of the corpus once per spelling: what names are looked up in.
        first = load(self.found[0], (), self.store)
        self.catalog = Brief(
            source=first.brief.source,
            actors=LazyRecords(Actor, [{**a, "spans": [[0, 1]]} for a in actors.values()]),
        )

    @property
    def views(self) -> list[View]:
        return self.whole().views

    def each(self) -> Iterator[View]:
        return self.stream(None)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def all_briefs(self) -> list[Brief]:
        return [self.catalog]

    def whole(self) -> Corpus:
        """The corpus held in memory, for what needs every brief at once."""
        if self._whole is None:
            self._whole = Corpus(load_all(self.found))
        return self._whole

    def stream(self, collections: tuple[str, ...] | None) -> Iterator[View]:
        """Each brief in turn, read for ``collections``, then let go."""
        for position, (where, name, brief_id, actor_names) in enumerate(self.entries):
            brief = load(where, collections, self.store).brief
            view = View(brief, id=brief_id, position=position, file=name, names=actor_names)
            view.web = self.web
            yield view
        if self.store is not None:
            self.store.save()

    def ask(
        self,
        listing: Listing[Rec, R],
        asked: Asked = Question(),
        order: Order = Order(),
        *,
        merged: bool = False,
    ) -> list[R]:
        prepared = asked if isinstance(asked, (Prepared, Selection)) else prepare(asked)
        question = prepared.question if isinstance(prepared, Prepared) else None
        needs_all = (
            merged
            or listing.name not in _STREAMED
            or question is None
            or bool(question.on or question.about or question.metrics)
        )
        if needs_all:
            return self.whole().ask(listing, asked, order, merged=merged)
        return listing.answer(self.stream(listing.reads), self.select(prepared), order)

    def report(self, asked: Question | Prepared = Question()) -> str:
        return self.whole().report(asked)

    def show(self, value: str) -> Shown:
        return self.whole().show(value)


_STREAMED = frozenset({"events", "quotes", "positions", "claims", "stats", "actors"})
"""The listings whose rows a brief makes alone (a link's other end may be elsewhere)."""


def open(  # vzcli.open, as tarfile.open and shelve.open
    data: str | Sequence[str] | None = None,
    *,
    source: str | None = None,
    sources: str | None = None,
    collections: Iterable[str] | None = None,
    stream: bool | None = None,
) -> Corpus:
    """Open briefs as one corpus: ``data`` is a brief file or a folder of them (``-``
    for stdin), or a list of those; else ``$VZCLI_DATA`` (a list separated by the
    path separator); else the bundled brief.

    ``source`` (else ``$VZCLI_SOURCE``) is the article of a single brief, checked
    to be the one it describes; ``sources`` a folder holding the articles of
    many (see :mod:`vzcli.articles`).  With ``collections``, only those (and
    the source and actors) are validated and read, as the CLI does for each
    listing; by default, every collection.  Raises
    :class:`~vzcli.errors.BriefError` when a file cannot be read or is not a
    valid brief, or the article is not the brief's, and
    :class:`~vzcli.errors.QueryError` when the options contradict each other.
    ``stream``: read one brief at a time (:class:`Streamed`; by default, when no
    article is given and there are :data:`STREAM_BRIEFS` briefs or more, or two or
    more adding up to more than :data:`STREAM_FROM` bytes).
    """
    from .inputs import locations

    given = [data] if isinstance(data, str) else data
    found = locations(given)
    article_path = source_path(source)
    if stream is None:
        # One brief is held whatever its size: read brief by brief, it would be
        # read three times (its actors, its catalog, its rows).
        stream = (
            article_path is None
            and sources is None
            and len(found) > 1
            and (len(found) >= STREAM_BRIEFS or _size(found) > STREAM_FROM)
        )
    if stream:
        return Streamed(found, collections)
    loaded = load_all(found, collections)
    if article_path is not None and sources is not None:
        raise QueryError("give --source (one brief's article) or --sources (a folder), not both")
    if article_path is not None:
        if len(loaded) > 1:
            raise QueryError(
                f"--source names one article, and {len(loaded)} briefs are loaded; "
                "give their articles with --sources DIR"
            )
        article = load_article(article_path, loaded[0].brief)
        return Corpus(loaded, [article], found=[ArticleStatus.VERIFIED.value])
    if sources is not None:
        from .articles import find

        articles = find(sources, loaded)
        return Corpus(
            loaded,
            [f.text for f in articles],
            evidence=True,
            found=[f.status.value for f in articles],
        )
    return Corpus(loaded)


def _size(found: Sequence[str | None]) -> int:
    """How many bytes the briefs at ``found`` add up to (stdin and the bundled brief: 0)."""
    total = 0
    for where in found:
        if where not in (None, "-"):
            with contextlib.suppress(OSError):
                total += os.stat(where).st_size
    return total


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
