"""Exact answers of the authoring helpers: the brief `init` starts from, `slug`,
every place `locate` finds a text, and `locate --sentence`."""

from __future__ import annotations

import hashlib

import pytest

from vzcli.authoring import Found, locate, new_brief, sentence_span, slug

_EMPTY_LISTS: dict[str, list[object]] = {
    "events": [],
    "quotes": [],
    "positions": [],
    "claims": [],
    "stats": [],
    "links": [],
    "excluded": [],
}


def _none(text: str) -> Found:
    return Found(text, "none", None, None, None, "", "", "")


# --- slug -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (" Rowan Hart! ", "rowan-hart"),  # no hyphen left at either end
        ("--Jo--Bloggs--", "jo-bloggs"),
        ("???", "author"),  # nothing usable: the default id
        ("\u4e2d\u6587", "author"),  # no ASCII at all
        ("x" * 70, "x" * 64),  # ids are at most 64 characters
    ],
)
def test_slug_makes_a_tidy_bounded_id(name: str, expected: str) -> None:
    """An id has no leading or trailing hyphen, is at most 64 characters, and is
    "author" when the name has no letters or digits to keep."""
    assert slug(name) == expected


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# --- new_brief ------------------------------------------------------------------


def test_new_brief_of_an_article_without_author_or_categories() -> None:
    """With nothing but the article: the title is its first line (cited alone, even
    though a Categories line follows), and the author is an unknown, inferred actor."""
    article = "A title\nCategories: News\n\nOne sentence. Two here."
    assert new_brief(article) == {
        "$schema": "brief.schema.json",
        "schema_version": 3,
        "source": {
            "title": "A title",
            "author": "Unknown author",
            "categories": [],
            "sha256": "dff6e2d78b2da23bb4ea357f9907680067dcb6522f0cc551fb5232fb55e22ea8",
            "length": 49,
            "spans": [[0, 7]],
        },
        "actors": [
            {
                "id": "author",
                "name": "Unknown author",
                "kind": "author",
                "role": "Author of the article",
                "aliases": ["author"],
                "spans": [[0, 7]],
                "inferred": {"name": "the article does not print its author's name"},
            }
        ],
        **_EMPTY_LISTS,
        "anchors": {"0-7": _digest("A title")},
    }


def test_new_brief_with_title_author_and_categories() -> None:
    """A given title is cited where the article prints it (not at the first line),
    the Categories line is cited when categories are given, and the author is cited
    at their first byline only, with no inferred mark."""
    article = (
        "Kicker line\nThe Real Title\nJo Bloggs\nCategories: Politics\n\n"
        "Jo Bloggs wrote it. Jo Bloggs\n"
    )
    brief = new_brief(
        article,
        title="The Real Title",
        author="Jo Bloggs",
        categories=("Politics",),
        schema_url="https://example.org/brief.schema.json",
    )
    assert brief == {
        "$schema": "https://example.org/brief.schema.json",
        "schema_version": 3,
        "source": {
            "title": "The Real Title",
            "author": "Jo Bloggs",
            "categories": ["Politics"],
            "sha256": "e1dfd5eb0c73fc22886676210c5ea2fd86eb3ff90bc7ef3a600b9547bf51f8f2",
            "length": 89,
            "spans": [[12, 26], [37, 57]],
        },
        "actors": [
            {
                "id": "jo-bloggs",
                "name": "Jo Bloggs",
                "kind": "author",
                "role": "Author of the article",
                "aliases": ["author"],
                "spans": [[27, 36]],
            }
        ],
        **_EMPTY_LISTS,
        # The digest of the words under every span, in article order.
        "anchors": {
            "12-26": _digest("The Real Title"),
            "27-36": _digest("Jo Bloggs"),
            "37-57": _digest("Categories: Politics"),
        },
    }


def test_new_brief_cites_the_first_line_for_a_title_it_does_not_print() -> None:
    """A given title the article never prints as a line is cited at the first line."""
    brief = new_brief("Kicker line\nBody text.", title="Another Title")
    assert brief["source"]["title"] == "Another Title"
    assert brief["source"]["spans"] == [[0, 11]]


def test_new_brief_refuses_an_article_without_text() -> None:
    """Whitespace only is no article, and the error says so."""
    with pytest.raises(ValueError, match=r"^the article has no text$"):
        new_brief("  \n\n \t")


# --- locate ---------------------------------------------------------------------


def test_locate_finds_every_exact_occurrence_with_its_sentence() -> None:
    """Every occurrence, from offset 0 on, each with its sentence number and up to
    32 characters of context on each side."""
    article = "Oil rose. Oil fell. Oil again." + " And more words to go on with."
    assert locate(article, "Oil") == [
        Found("Oil", "exact", 0, 3, 1, "", "Oil", " rose. Oil fell. Oil again. And "),
        Found("Oil", "exact", 10, 13, 2, "Oil rose. ", "Oil", " fell. Oil again. And more words"),
        Found(
            "Oil",
            "exact",
            20,
            23,
            3,
            "Oil rose. Oil fell. ",
            "Oil",
            " again. And more words to go on ",
        ),
    ]


def test_locate_reports_overlapping_occurrences() -> None:
    """Occurrences may overlap: "aa" occurs twice in "aaa"."""
    assert locate("Baaa.", "aa") == [
        Found("aa", "exact", 1, 3, 1, "B", "aa", "a."),
        Found("aa", "exact", 2, 4, 1, "Ba", "aa", "."),
    ]


def test_a_match_that_starts_between_sentences_has_no_sentence() -> None:
    """A text that begins with the blank lines after a sentence starts in no sentence."""
    assert locate("One.\n\nTwo.", "\n\nTwo") == [
        Found("\n\nTwo", "exact", 4, 9, None, "One.", "\n\nTwo", "."),
    ]


def test_locate_folds_curly_quotes_at_every_occurrence() -> None:
    """Straight quotes find curly ones everywhere, including at the very start."""
    article = "\u201cyes\u201d he said, \u201cyes\u201d and \u201cyes\u201d."
    quoted = "\u201cyes\u201d"
    assert locate(article, '"yes"') == [
        Found('"yes"', "folded", 0, 5, 1, "", quoted, f" he said, {quoted} and {quoted}."),
        Found('"yes"', "folded", 15, 20, 1, f"{quoted} he said, ", quoted, f" and {quoted}."),
        Found('"yes"', "folded", 25, 30, 1, f"{quoted} he said, {quoted} and ", quoted, "."),
    ]


def test_folded_matches_may_overlap() -> None:
    """Two straight single quotes find both overlapping pairs in three curly ones."""
    assert locate("\u2018\u2018\u2018", "''") == [
        Found("''", "folded", 0, 2, 1, "", "\u2018\u2018", "\u2018"),
        Found("''", "folded", 1, 3, 1, "\u2018", "\u2018\u2018", ""),
    ]


def test_locate_folds_any_run_of_whitespace_to_one_space() -> None:
    """A space in the text finds a line break, a tab or a run of spaces, and the
    span covers the article's own whitespace."""
    article = "The  big\n dog. A big\tdog."
    assert locate(article, "big dog") == [
        Found("big dog", "folded", 5, 13, 1, "The  ", "big\n dog", ". A big\tdog."),
        Found("big dog", "folded", 17, 24, 3, "The  big\n dog. A ", "big\tdog", "."),
    ]


def test_folding_does_not_forgive_missing_whitespace() -> None:
    """Folding forgives how much whitespace, not whether there is any."""
    assert locate("A big dog.", "bigdog") == [_none("bigdog")]


@pytest.mark.parametrize("text", ["", "  ", "not there"])
def test_locate_gives_one_none_row_for_nothing_found(text: str) -> None:
    """An empty text, whitespace only or a missing text: one 'none' row, no span,
    no context, and no bracketed context to show."""
    [found] = locate("One. Two.", text)
    assert found == _none(text)
    assert found.in_context(9) == ""
    assert found.as_json() == {
        "text": text,
        "match": "none",
        "span": None,
        "sentence": None,
        "prefix": "",
        "exact": "",
        "suffix": "",
    }


def test_a_found_text_as_json() -> None:
    """The JSON shape of a hit: its text, match kind, span, sentence and context."""
    [found] = locate("Oil rose. Then it fell.", "rose")
    assert found.as_json() == {
        "text": "rose",
        "match": "exact",
        "span": [4, 8],
        "sentence": 1,
        "prefix": "Oil ",
        "exact": "rose",
        "suffix": ". Then it fell.",
    }


# --- in_context -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "text", "expected"),
    [
        # The context reaches back to the start (4 characters): no "…" before.
        (
            "One two three four five six seven eight nine ten.",
            "two",
            "One [two] three four five six seven eight…",
        ),
        # The context reaches the end: no "…" after it.
        (
            "One two three four five six seven eight nine ten eleven twelve.",
            "eleven",
            "…r five six seven eight nine ten [eleven] twelve.",
        ),
        # One character before the context: "…".
        (
            "Abcdefghij Abcdefghij Abcdefghij Mark here.",
            "Mark",
            "…bcdefghij Abcdefghij Abcdefghij [Mark] here.",
        ),
    ],
)
def test_context_marks_exactly_where_the_article_goes_on(
    article: str, text: str, expected: str
) -> None:
    """ "…" appears on a side exactly when the article has text beyond the context."""
    [found] = locate(article, text)
    assert found.in_context(len(article)) == expected


@pytest.mark.parametrize(("start", "end"), [(3, None), (None, 3)])
def test_a_record_without_a_whole_span_has_no_context(start: int | None, end: int | None) -> None:
    """A record missing either end of its span shows no context (and does not fail)."""
    assert Found("x", "none", start, end, None, "", "", "").in_context(10) == ""


# --- sentence_span ----------------------------------------------------------------


def test_sentence_span_gives_each_sentence_with_its_context() -> None:
    """Sentences 1 to the last, each a 'sentence' record with its span and context."""
    article = "Head\nFirst one. Second one.\n"
    expected = [
        Found("Head", "sentence", 0, 4, 1, "", "Head", "\nFirst one. Second one.\n"),
        Found("First one.", "sentence", 5, 15, 2, "Head\n", "First one.", " Second one.\n"),
        Found("Second one.", "sentence", 16, 27, 3, "Head\nFirst one. ", "Second one.", "\n"),
    ]
    assert [sentence_span(article, n) for n in (1, 2, 3)] == expected


@pytest.mark.parametrize("number", [0, 4, -1])
def test_sentence_span_out_of_range_names_the_range(number: int) -> None:
    """A number outside 1..N is an error that says which numbers exist."""
    with pytest.raises(ValueError, match=rf"^the article has sentences 1 to 3, not {number}$"):
        sentence_span("Head\nFirst one. Second one.\n", number)
