"""The one matching rule: words and word starts, folded, phrases in quotation marks."""

from __future__ import annotations

from typing import Any

import pytest

from vzcli.match import MatchError, Search, fold, names_matching, words


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("oil", "Oil price jump", True),
        ("oil", "the oilfield", True),  # a word start
        ("oil", "Venezuela's turmoil", False),  # not inside a word
        ("OIL", "oil", True),
        ("guaido", "Guaidó's video", True),  # accents optional
        ("Guaidó", "guaido", True),
        ("US", "the US blamed Russia", True),
        ("US", "the use of force", False),  # short words match whole words only
        ("us", "U.S. administration", True),  # initials with stops are one word
        ("U.S.", "the US blamed Russia", True),
        ("u", "U.S. administration", False),
        ("military force", "force used by the military", True),  # words in any order
        ('"military force"', "force used by the military", False),  # a phrase in order
        ('"military force"', "to use military force in Venezuela", True),
        ('"mil for"', "military force", True),  # each word of a phrase may be a start
        ("lavrov catastrophe", "Lavrov warned of a catastrophe", True),
        ("lavrov catastrophe", "Lavrov warned", False),  # every term must match
        ("2019", "on 14 May 2019", True),
        ("05", "2019-05-14", True),
        ("warns", "warns_against", True),  # _ separates words
    ],
)
def test_search_rule(query: str, text: str, expected: bool) -> None:
    """Whole words or word starts, folded; several words all match; quotes make a phrase."""
    assert Search.parse(query).matches([text]) is expected


def test_terms_may_match_different_fields() -> None:
    """Each term may match any field; a phrase must stay inside one."""
    search = Search.parse("Lavrov catastrophe")
    assert search.matches(["Sergei Lavrov", None, ["a catastrophe"]])
    assert not Search.parse('"Lavrov warned"').matches(["Sergei Lavrov", "warned"])


@pytest.mark.parametrize("query", ['"unbalanced', "   ", "...", '""'])
def test_unreadable_searches_are_errors(query: str) -> None:
    """A lone quotation mark, or nothing to look for, is an error, not a silent match-all."""
    with pytest.raises(MatchError):
        Search.parse(query)


def test_fold_and_words() -> None:
    """Folding drops case and accents; words are runs of letters and digits."""
    assert fold("Nicolás MADURO") == "nicolas maduro"
    assert words("Guaid\u00f3\u2019s U.S.-Russia talks, 2019") == [
        "guaido",
        "s",
        "us",
        "russia",
        "talks",
        "2019",
    ]


NAMES = {
    "us": ["us", "United States", "US", "Washington"],
    "russia": ["russia", "Russia", "Moscow"],
    "lavrov": ["lavrov", "Sergei Lavrov", "Russian Foreign Minister"],
    "opp": ["opp", "Venezuelan opposition"],
    "mil": ["mil", "Venezuelan military"],
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Washington", {"us"}),  # an alias
        ("russia", {"russia"}),  # exact wins over "Russian Foreign Minister"
        ("Russ", {"russia", "lavrov"}),  # else every name it starts a word of
        ("serg", {"lavrov"}),
        ("foreign minister", {"lavrov"}),
        ("Venezuelan", {"opp", "mil"}),
        ("venezuelan opp", {"opp"}),
        ("nobody", set()),
        ("  ", set()),
    ],
)
def test_name_rule(value: str, expected: set[str]) -> None:
    """Name filters: an exact name, id or alias wins; failing that, the word rule."""
    assert names_matching(value, NAMES) == expected


@pytest.mark.parametrize(
    ("typed", "name"),
    [("Lodz", "Łódź"), ("orsted", "Ørsted"), ("Dorde", "Đorđe"), ("aesir", "Æsir")],
)
def test_letters_without_a_decomposition_fold_as_typed(typed: str, name: str) -> None:
    """NFKD leaves these letters whole; they fold to the Latin letters a person types."""
    assert fold(typed) == fold(name)
    assert names_matching(typed, {"x": [name]}) == {"x"}


def test_an_actor_named_with_such_a_letter_is_found_as_typed(
    brief_dict: dict[str, Any], write_brief: Any
) -> None:
    from typer.testing import CliRunner

    from vzcli.cli import app

    brief_dict["actors"][1]["aliases"].append("Łódź office")
    path = write_brief(brief_dict)
    result = CliRunner().invoke(
        app, ["actors", "--data", str(path), "--actor", "Lodz", "-f", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    assert '"id": "lavrov"' in result.stdout
