"""What the user asks, compiled once: names to actor ids, dates to a window,
words to search terms.

A :class:`Question` is what a person or a script asks, as text and closed-set
values.  :func:`prepare` checks what needs no brief (dates, the search's
words) and :meth:`Prepared.resolve` looks the names up in the briefs; every
usage error is raised there, once, as a :class:`~vzcli.errors.QueryError`.
The :class:`Selection` that results is what the listings test records against.
"""

# Annotations are evaluated here, not left as strings (no `from __future__ import
# annotations`): typing.NamedTuple compiles each string annotation of its fields
# into a ForwardRef, a cost every command paid at start-up; a name only a type
# checker imports is quoted where it is used.
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import NamedTuple, TypeVar

from .dates import PartialDate, Precision
from .errors import QueryError
from .match import MatchError, Search, fold, names_matching, suggestions, words
from .models import Actor, Brief, Event, Position, Stat
from .rebuild import values
from .vocab import Certainty, ClaimKind, QuoteKind, Relation, Stance, label, typed

E = TypeVar("E", bound=StrEnum)


def _names(value: str | Sequence[str]) -> tuple[str, ...]:
    # A bare string is one name, not a sequence of one-letter names.
    return (value,) if isinstance(value, str) else tuple(value)


# The question's parts are NamedTuples, not dataclasses: as immutable, and a
# fifth of the cost to define, which every command pays at start-up.


class Question(NamedTuple):
    """What is asked of the briefs; an empty field asks nothing of that kind.

    Each listing reads the fields that apply to it (``stances`` only
    positions, ``metrics`` only stats) and ignores the rest.  A name field
    given one string means that one name.
    """

    actors: Sequence[str] = ()
    """Actors by id, name or alias under the matching rule; a side brings its members."""
    since: str | None = None
    until: str | None = None
    strict_window: bool = False
    undated: bool = False
    """With ``since`` or ``until``: keep the records the article does not date too."""
    search: str | None = None
    on: Sequence[str] = ()
    """Positions towards these actors, or whose issue has these words."""
    stances: Sequence[Stance | str] = ()
    kinds: Sequence[ClaimKind | str] = ()
    """Claims of these kinds."""
    certainties: Sequence[Certainty | str] = ()
    min_certainty: Certainty | str | None = None
    """Claims at least this firm on the ICD 203 scale (``stated`` is the firmest)."""
    quote_kinds: Sequence[QuoteKind | str] = ()
    """Quotes of these kinds: direct or reported."""
    about: Sequence[str] = ()
    """Claims about these actors, events (titles), figures (metrics) or records (ids)."""
    metrics: Sequence[str] = ()
    relations: Sequence[Relation | str] = ()
    via: Sequence[str] = ()
    """Records the article has through these actors ("told RIA Novosti")."""


# --- dates ----------------------------------------------------------------


def parse_bound(text: str) -> PartialDate:
    """A ``--since``/``--until`` value: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    try:
        when = PartialDate.parse(text.strip())
    except ValueError as exc:
        # A date of the right form that is no day ("2019-02-30") says so; anything
        # else is shown the forms.
        reason = str(exc)
        if "has no" in reason:
            raise QueryError(f"invalid date {text!r}: {reason.split(' has ', 1)[1]}") from None
        when = None
    if when is None or when.precision is Precision.RANGE:
        raise QueryError(
            f"invalid date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-05-01)"
        )
    return when


class Window(NamedTuple):
    """An inclusive date window; an open end is None.

    A record matches when any day its date may mean lies inside; with
    ``strict``, only when every day it may mean does.  A record the article
    does not date lies outside every window, as a NULL satisfies no
    comparison in SQL, unless ``undated`` asks for it (never when strict);
    with no bound at all there is no window, and every record matches.
    """

    since: date | None = None
    until: date | None = None
    strict: bool = False
    undated: bool = False
    left_out: list[int] | None = None
    """Where the undated records a bounded window left out are counted (a one-item
    list, made by :meth:`of`), so the command can say how many it left out."""

    @classmethod
    def of(
        cls, since: str | None, until: str | None, *, strict: bool = False, undated: bool = False
    ) -> "Window":
        """Parse both ends: ``--since 2019-05`` starts on 1 May, ``--until 2019-05`` ends 31 May."""
        start = parse_bound(since).earliest if since else None
        end = parse_bound(until).latest if until else None
        if start and end and start > end:
            raise QueryError(f"--since {since} is after --until {until}: nothing can match")
        return cls(start, end, strict, undated, [0])

    @property
    def bounded(self) -> bool:
        """Whether the window has a bound (else it lets every record through)."""
        return self.since is not None or self.until is not None

    def admits(self, when: PartialDate | None) -> bool:
        """Whether a record dated ``when`` may (or, when strict, must) fall inside."""
        if when is None:
            if not self.bounded:
                return not self.strict
            if self.undated and not self.strict:
                return True
            if self.left_out is not None and not self.strict:
                self.left_out[0] += 1
            return False
        if self.strict:
            return when.within(self.since, self.until)
        return when.overlaps(self.since, self.until)


# --- the compiled selection -----------------------------------------------


class Towards(NamedTuple):
    """What ``--on`` selects: positions towards these actors, or on these issues."""

    actor_ids: frozenset[str]
    issues: frozenset[str]

    def admits(self, position: Position) -> bool:
        """Whether ``position`` is towards one of the actors or on one of the issues."""
        return position.target in self.actor_ids or position.issue in self.issues


class Selection(NamedTuple):
    """A question compiled against the briefs: what a record must be to be listed.

    None (or empty) means no condition of that kind.
    """

    ids: frozenset[str] | None = None
    """Only the records with these ids (``vzcli show``)."""
    actor_ids: frozenset[str] | None = None
    via_ids: frozenset[str] | None = None
    window: Window = Window()
    search: Search | None = None
    towards: Towards | None = None
    stances: frozenset[Stance] = frozenset()
    kinds: frozenset[ClaimKind] = frozenset()
    certainties: frozenset[Certainty] = frozenset()
    min_certainty: Certainty | None = None
    quote_kinds: frozenset[QuoteKind] = frozenset()
    about: frozenset[str] | None = None
    metrics: frozenset[str] | None = None
    relations: frozenset[Relation] = frozenset()


class Prepared(NamedTuple):
    """A question whose dates, words and closed-set values are checked, its names not yet
    looked up (that needs the briefs)."""

    question: Question
    window: Window
    search: Search | None
    stances: frozenset[Stance]
    kinds: frozenset[ClaimKind]
    certainties: frozenset[Certainty]
    relations: frozenset[Relation]
    min_certainty: Certainty | None
    quote_kinds: frozenset[QuoteKind]

    def resolve(self, briefs: Sequence[Brief]) -> Selection:
        """The selection: every name looked up in ``briefs``; raises QueryError for a
        name that matches nothing."""
        q = self.question
        return Selection(
            actor_ids=frozenset(resolve_actors(briefs, q.actors)) if q.actors else None,
            via_ids=frozenset(_named_actors(briefs, q.via)) if q.via else None,
            window=self.window,
            search=self.search,
            towards=_towards(briefs, q.on) if q.on else None,
            stances=self.stances,
            kinds=self.kinds,
            certainties=self.certainties,
            min_certainty=self.min_certainty,
            quote_kinds=self.quote_kinds,
            about=_about(briefs, q.about) if q.about else None,
            metrics=_metrics(briefs, q.metrics) if q.metrics else None,
            relations=self.relations,
        )


def prepare(question: Question) -> Prepared:
    """Check what needs no brief: the window, the search's words, the closed sets."""
    question = question._replace(
        actors=_names(question.actors),
        on=_names(question.on),
        about=_names(question.about),
        metrics=_names(question.metrics),
        via=_names(question.via),
    )
    try:
        search = Search.parse(question.search) if question.search else None
    except MatchError as exc:
        raise QueryError(str(exc)) from None
    return Prepared(
        question,
        Window.of(
            question.since,
            question.until,
            strict=question.strict_window,
            undated=question.undated,
        ),
        search,
        _members(Stance, question.stances, "stance"),
        _members(ClaimKind, question.kinds, "kind"),
        _members(Certainty, question.certainties, "certainty"),
        _members(Relation, question.relations, "relation"),
        None
        if question.min_certainty is None
        else member(Certainty, question.min_certainty, "certainty"),
        _members(QuoteKind, question.quote_kinds, "quote kind"),
    )


def _members(kind: type[E], values: Iterable[E | str], what: str) -> frozenset[E]:
    return frozenset(member(kind, value, what) for value in values)


def member(kind: type[E], value: E | str, what: str) -> E:
    """The member of ``kind`` named by ``value``, as printed (``warns against``) or as
    stored (``warns_against``), in any case; else a QueryError with a did-you-mean."""
    found = typed(kind, value)
    if found is not None:
        return found
    close = suggestions(str(value), [label(m.value) for m in kind], limit=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    valid = ", ".join(label(m.value) for m in kind)
    raise QueryError(f"unknown {what} {value!r}; {hint}valid: {valid}")


# --- names ----------------------------------------------------------------


def actor_names(actor: Actor) -> list[str]:
    """Everything a user may type for an actor: id, name and aliases."""
    return [actor.id, actor.name, *actor.aliases]


def _actor_spellings(briefs: Sequence[Brief]) -> dict[str, list[str]]:
    spellings: dict[str, list[str]] = {}
    # The briefs of one story name the same people alike: each way once.
    ways = dict.fromkeys(
        (actor_id, name, tuple(aliases or ()))
        for brief in briefs
        for actor_id, name, aliases in values(brief.actors, "id", "name", "aliases")
    )
    for actor_id, name, aliases in ways:
        known = spellings.setdefault(actor_id, [])
        known += [n for n in (actor_id, name, *aliases) if n not in known]
    return spellings


def resolve_actors(briefs: Sequence[Brief], names: Sequence[str]) -> set[str]:
    """The ids ``names`` select, each side including its members.

    Each name selects under the word rule of :mod:`vzcli.match`: an actor
    whose id, name or alias it equals, else every actor one of whose names
    it matches word by word.  ``Russia`` selects Russia and everyone on
    Russia's side; ``Lavrov`` only Lavrov.  An unknown name raises
    :class:`QueryError` with suggestions.
    """
    return with_members(briefs, _named_actors(briefs, names))


def _named_actors(briefs: Sequence[Brief], names: Sequence[str]) -> set[str]:
    """The actors ``names`` select, each by itself: what ``--via`` takes (a relay's
    side relays nothing), and what ``--actor`` takes before sides add their members."""
    spellings = _actor_spellings(briefs)
    selected: set[str] = set()
    for name in names:
        found = names_matching(name, spellings)
        if not found:
            raise QueryError(unknown_actor_message(name, briefs))
        selected |= found
    return selected


def with_members(briefs: Sequence[Brief], selected: set[str]) -> set[str]:
    """``selected`` with every actor on the side of one of them, transitively."""
    selected = set(selected)
    # Members join their side, and members of members: repeat until stable
    # (one pass per level of nesting; real briefs have one or two levels).
    sides = {(actor_id, side) for b in briefs for actor_id, side in values(b.actors, "id", "side")}
    grew = True
    while grew:
        grew = False
        for actor_id, side in sides:
            if side in selected and actor_id not in selected:
                selected.add(actor_id)
                grew = True
    return selected


def unknown_actor_message(name: str, briefs: Sequence[Brief]) -> str:
    """``unknown actor 'Lavorv'; did you mean 'Lavrov'?`` with a pointer to the list."""
    spellings: dict[str, tuple[str, str]] = {}
    for brief in briefs:
        for a in brief.actors:
            for n in [a.name, *a.aliases, a.id]:  # suggest as people write it, not the id
                spellings.setdefault(fold(n), (a.id, n))
    close: dict[str, str] = {}  # one spelling per actor, the closest first
    # Every close spelling is ranked, so an actor with many aliases cannot
    # crowd the next actor out of the three shown.
    candidates = [n for _, n in spellings.values()]
    for spelling in suggestions(name, candidates, limit=len(candidates)):
        actor_id, _ = spellings[fold(spelling)]
        close.setdefault(actor_id, spelling)
    hint = ""
    if close:
        shown = list(close.values())[:3]
        hint = " did you mean " + " or ".join(repr(s) for s in shown) + "?"
    return f"unknown actor {name!r};{hint} run 'vzcli actors' for the names it knows"


def record_names(briefs: Sequence[Brief]) -> dict[str, list[str]]:
    """Every record's id with the names people call it by: an actor's name and
    aliases, an event's title, a figure's metric."""
    found: dict[str, list[str]] = {}
    for brief in briefs:
        for _, _, rec in brief.records():
            spellings = found.setdefault(rec.id, [rec.id])
            if isinstance(rec, Actor):
                extra = [rec.name, *rec.aliases]
            elif isinstance(rec, Event):
                extra = [rec.title]
            elif isinstance(rec, Stat):
                extra = [rec.metric]
            else:
                extra = []
            spellings += [n for n in extra if n not in spellings]
    return found


def _about(briefs: Sequence[Brief], about: Sequence[str]) -> frozenset[str]:
    spellings = record_names(briefs)
    wanted: set[str] = set()
    for value in about:
        found = names_matching(value, spellings)
        if not found:
            raise QueryError(
                f"--about {value!r} names no actor, event, figure or record id; "
                "run 'vzcli actors' or 'vzcli events' to see their names"
            )
        wanted |= found
    return frozenset(wanted)


def _metrics(briefs: Sequence[Brief], metrics: Sequence[str]) -> frozenset[str]:
    known = {s.metric: [s.metric] for brief in briefs for s in brief.stats}
    wanted: set[str] = set()
    for value in metrics:
        found = names_matching(value, known)
        if not found:
            raise QueryError(f"unknown metric {value!r}; the brief has: {', '.join(sorted(known))}")
        wanted |= found
    return frozenset(wanted)


def _towards(briefs: Sequence[Brief], on: Sequence[str]) -> Towards:
    spellings = _actor_spellings(briefs)
    issues = {p.issue: [p.issue] for brief in briefs for p in brief.positions if p.issue}
    ids: set[str] = set()
    matched_issues: set[str] = set()
    for value in on:
        if not words(value):
            raise QueryError("--on needs an actor or words of an issue, not an empty value")
        actors = names_matching(value, spellings)
        found_issues = names_matching(value, issues)
        if not actors and not found_issues:
            raise QueryError(
                f"{value!r} is neither an actor nor words of an issue; "
                "run 'vzcli actors' or 'vzcli positions' to see both"
            )
        ids |= with_members(briefs, actors)
        matched_issues |= found_issues
    return Towards(frozenset(ids), frozenset(matched_issues))


def names_of(briefs: Sequence[Brief]) -> Mapping[str, str]:
    """Each actor's id with the name rows show for it."""
    return {a.id: a.name for brief in briefs for a in brief.actors}
