"""The closed sets of a brief: every value a kind, status, stance or grade may take.

Each is a ``StrEnum`` whose values are what a brief's JSON holds and what the
machine formats print; :func:`label` gives the words a person reads, and
:func:`typed` takes them (or the value) back.  Kept apart from the records so
that option parsing can name the choices without building the schema.
"""

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class ActorKind(StrEnum):
    """What sort of actor a record describes."""

    PERSON = "person"
    STATE = "state"
    ORGANISATION = "organisation"
    GROUP = "group"
    MILITARY = "military"
    AUTHOR = "author"


class EventStatus(StrEnum):
    """Whether an event took place, failed (a plan that came to nothing), goes on, or is
    scheduled (announced, not yet happened when the article was published)."""

    OCCURRED = "occurred"
    FAILED = "failed"
    ONGOING = "ongoing"
    SCHEDULED = "scheduled"


class QuoteKind(StrEnum):
    """A direct quotation (verbatim) or reported speech (paraphrased)."""

    DIRECT = "direct"
    REPORTED = "reported"


class Setting(StrEnum):
    """Where or how something was said; ``unspecified`` when the article does not say."""

    TWEET = "tweet"
    VIDEO = "video"
    NEWS_CONFERENCE = "news_conference"
    PHONE_CALL = "phone_call"
    STATEMENT = "statement"
    TO_THE_PRESS = "to_the_press"
    """Said to reporters or an agency (who relayed it goes in ``via``)."""
    UNSPECIFIED = "unspecified"


class Stance(StrEnum):
    """What a holder's position towards a target or issue is."""

    SUPPORTS = "supports"
    OPPOSES = "opposes"
    BLAMES = "blames"
    WARNS_AGAINST = "warns_against"
    URGES = "urges"
    SEEKS = "seeks"
    REJECTS = "rejects"
    DENIES = "denies"


class ClaimKind(StrEnum):
    """What sort of proposition a claim is."""

    ASSESSMENT = "assessment"
    FORECAST = "forecast"
    FACT = "fact"
    MOTIVE = "motive"
    OUTCOME = "outcome"


class Certainty(StrEnum):
    """How firmly the holder asserts a claim.

    ``stated`` when asserted flatly; otherwise the estimative scale of US
    intelligence analytic standards (ICD 203), from almost certain to almost
    no chance, graded from the holder's own hedging words.
    """

    STATED = "stated"
    ALMOST_CERTAIN = "almost_certain"
    VERY_LIKELY = "very_likely"
    LIKELY = "likely"
    EVEN_CHANCE = "even_chance"
    UNLIKELY = "unlikely"
    VERY_UNLIKELY = "very_unlikely"
    ALMOST_NO_CHANCE = "almost_no_chance"


class Measure(StrEnum):
    """What a figure measures: a level at a moment, a rate over a period, or a change."""

    LEVEL = "level"
    RATE = "rate"
    CHANGE = "change"


class Qualifier(StrEnum):
    """How a figure is hedged in the article."""

    ESTIMATE = "estimate"
    FORECAST = "forecast"
    UPPER_BOUND = "upper_bound"
    LOWER_BOUND = "lower_bound"
    APPROXIMATE = "approximate"


class Relation(StrEnum):
    """How the article relates one record to another (source → target)."""

    PROMPTED = "prompted"
    FOLLOWED = "followed"
    LED_TO = "led_to"
    CONTRADICTS = "contradicts"
    DENIES = "denies"
    CONCURRENT = "concurrent"
    PART_OF = "part_of"
    SAME_AS = "same_as"
    """The same event, quote, claim, figure or position, seen by two sources."""
    BASED_ON = "based_on"
    """The source rests on the target: a claim on a report, a figure on a survey."""


class ExclusionKind(StrEnum):
    """What a deliberately unencoded passage is."""

    QUOTATION = "quotation"
    FIGURE = "figure"
    SENTENCE = "sentence"


class ConflictKind(StrEnum):
    """Where two briefs disagree about one thing (see ``vzcli conflicts``)."""

    DATE = "date"
    """Dates of the same record that cannot both be true (their windows do not overlap)."""
    FIGURE = "figure"
    """A different value for the same metric and period."""
    PLACE = "place"
    PARTICIPANTS = "participants"
    STATUS = "status"
    """Failed against occurred, say (scheduled in an older brief, occurred in a newer
    one is not a disagreement)."""
    CONTRADICTS = "contradicts"
    """Records of two briefs that one of them links as contradicting."""
    STANCE = "stance"
    """The same holder towards the same target, with another stance."""


class ArticleStatus(StrEnum):
    """What ``--sources DIR`` found for a brief."""

    VERIFIED = "verified"
    """Its article, its sha256 and length checked."""
    MISMATCH = "mismatch"
    """A file named for the brief, but another text."""
    DIFFERS = "differs"
    """Its article in other bytes: other line ends, normalisation or whitespace."""
    MISSING = "missing"


# --- words people read and type back ------------------------------------------

_LABELS = {"unspecified": "not stated"}


def label(value: str) -> str:
    """A closed-set value as words: ``warns_against`` -> "warns against"."""
    return _LABELS.get(value, value.replace("_", " "))


def _key(text: str) -> str:
    # "Warns against", "warns-against" and "warns_against" are one key.
    return "_".join(text.casefold().replace("-", " ").replace("_", " ").split())


def typed(kind: type[E], value: object) -> E | None:
    """The member of ``kind`` a person typed: its value or its label, in any case, with
    spaces, hyphens or underscores between the words; None when it is none."""
    if isinstance(value, kind):
        return value
    key = _key(str(value))
    for member in kind:
        if key in (member.value, _key(label(member.value))):
            return member
    return None


CERTAINTY_SCALE: dict[str, int] = {c.value: rank for rank, c in enumerate(reversed(Certainty))}
"""Each certainty's place on the ICD 203 scale, from ``almost_no_chance`` (0) up
to ``stated`` (7): a flat assertion is firmer than "almost certainly"."""
