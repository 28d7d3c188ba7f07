"""Edges of the sentence rule (what splits and what does not, the short form of a
sentence) and of the one matching rule."""

from __future__ import annotations

import pytest

from vzcli.match import MatchError, Search, suggestions
from vzcli.sentences import Sentence, split

# --- sentences --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("one two three four five six", 6, "one two three four five six"),  # exactly six
        ("one two three four five six seven", 6, "one two three four five six …"),
        ("one two", 6, "one two"),
        ("one two three", 2, "one two …"),
    ],
)
def test_first_words_marks_only_a_cut_sentence(text: str, count: int, expected: str) -> None:
    """The first words of a sentence end in " …" only when words were left out."""
    assert Sentence(1, 0, len(text), text).first_words(count) == expected


def test_first_words_shows_six_words_by_default() -> None:
    """Without a count, a sentence is shortened to six words."""
    text = "However, a settlement between the two sides is unlikely."
    assert Sentence(7, 555, 621, text).first_words() == "However, a settlement between the two …"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A lower-case word after a stop continues the sentence.
        ("The end. then more.", ["The end. then more."]),
        # A straight opening quotation mark starts one.
        ('He said. "Go home."', ["He said.", '"Go home."']),
        # Initials inside quotation marks still never end a sentence.
        (
            'Sanctions came from the "U.S." Then talks stopped.',
            ['Sanctions came from the "U.S." Then talks stopped.'],
        ),
        # An abbreviation in the middle of a line, or after an opening bracket.
        ("He met Mr. Smith today.", ["He met Mr. Smith today."]),
        ("She thanked (Dr. Jones) for it.", ["She thanked (Dr. Jones) for it."]),
        # A word that merely starts like an abbreviation is an ordinary word.
        (
            "They marketed it to GenX. Then sales fell.",
            ["They marketed it to GenX.", "Then sales fell."],
        ),
    ],
)
def test_sentence_rule_edges(text: str, expected: list[str]) -> None:
    """Where the documented rule splits a line and where it does not."""
    assert [s.text for s in split(text)] == expected


# --- match ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unbalanced', "--search '\"unbalanced' has an unbalanced quotation mark"),
        ("   ", "--search '   ' has no words to look for"),
    ],
)
def test_unreadable_searches_say_what_is_wrong(query: str, message: str) -> None:
    """The error quotes the search as given and names the problem."""
    with pytest.raises(MatchError) as raised:
        Search.parse(query)
    assert str(raised.value) == message


def test_words_after_a_quoted_phrase_are_separate_terms() -> None:
    """Only the text inside quotation marks is a phrase: the words after it may
    match in any order and in any field."""
    search = Search.parse('"military force" russia venezuela')
    assert search.text == '"military force" russia venezuela'
    assert search.matches(["military force", "venezuela and russia"])
    assert not search.matches(["force military", "venezuela and russia"])


NEAR_LAVROV = ["Lavrova", "Lavrov", "Lavrovs", "Lavrovo", "LAVROV", "Lavrovy", "Pompeo"]


def test_suggestions_are_the_closest_few_spellings() -> None:
    """Three by default, closest first, one per folded spelling (the first given);
    ``limit`` asks for more or fewer."""
    assert suggestions("lavrov", NEAR_LAVROV) == ["Lavrov", "Lavrovy", "Lavrovs"]
    assert suggestions("lavrov", NEAR_LAVROV, limit=5) == [
        "Lavrov",
        "Lavrovy",
        "Lavrovs",
        "Lavrovo",
        "Lavrova",
    ]
    assert suggestions("lavrov", NEAR_LAVROV, limit=1) == ["Lavrov"]
