"""Quantities in words are figures: found with exact spans, valued, and covered or
excluded like digits (README, "Coverage is closed-world")."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli.authoring import new_brief
from vzcli.cli import app
from vzcli.fidelity import lag_days
from vzcli.models import Brief
from vzcli.validate import parse
from vzcli.verify import NUMBER_WORDS, Check, check_source, figure_value, figures

runner = CliRunner()


def _found(text: str) -> list[str]:
    """The figures of ``text`` as the words at their spans."""
    return [text[start:end] for start, end in figures(text)]


# --- what counts, at exact spans ----------------------------------------------


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where each of ``words`` stands in ``text``, one after the other."""
    spans, at = [], 0
    for word in words:
        start = text.index(word, at)
        spans.append((start, start + len(word)))
        at = start + len(word)
    return spans


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        # spelled-out numbers
        ("The ferry has two decks.", ["two"], "2"),
        ("Seventeen boats sailed.", ["Seventeen"], "17"),
        ("A crew of twenty-five came.", ["twenty-five"], "25"),
        ("Ninety went home.", ["Ninety"], "90"),
        (
            "It cost two hundred and fifty thousand crowns.",
            ["two hundred and fifty thousand"],
            "250000",
        ),
        ("She sold a dozen nets.", ["a dozen"], "12"),
        ("He sold two dozen nets.", ["two dozen"], "24"),
        ("It cost one million crowns.", ["one million"], "1000000"),
        ("It cost a hundred crowns.", ["a hundred"], "100"),
        ("Six billion fish.", ["Six billion"], "6000000000"),
        # orders of magnitude, valued at the least they mean
        ("Thousands of people marched.", ["Thousands"], "1000"),
        ("They saw dozens of gulls.", ["dozens"], "12"),
        ("Hundreds of thousands fled.", ["Hundreds of thousands"], "100000"),
        ("Tens of millions watched.", ["Tens of millions"], "10000000"),
        ("Millions listened.", ["Millions"], "1000000"),
        ("Billions were spent.", ["Billions"], "1000000000"),
        # durations, valued at their count
        ("The talks lasted an hour.", ["an hour"], "1"),
        ("It took a year to build.", ["a year"], "1"),
        ("They met two weeks later.", ["two weeks"], "2"),
        ("The strike lasted a day.", ["a day"], "1"),
        ("Rain fell for a month.", ["a month"], "1"),
        ("A two-day summit opened.", ["two-day"], "2"),
        ("The five-year-old boat sank.", ["five-year"], "5"),
        ("It ran one week late.", ["one week"], "1"),
        ("Forty minutes passed.", ["Forty minutes"], "40"),
        ("Three decades on, the port stands.", ["Three decades"], "3"),
        ("A year-long siege ended.", ["A year"], "1"),
        # a qualifier in front is part of the span and changes no value
        ("The call took less than an hour.", ["less than an hour"], "1"),
        ("There were fewer than ten boats.", ["fewer than ten"], "10"),
        ("It took more than a decade.", ["more than a decade"], "1"),
        ("They met around a year ago.", ["around a year"], "1"),
        ("The trip takes about two days.", ["about two days"], "2"),
        ("It lasted nearly three months.", ["nearly three months"], "3"),
        ("It took almost six weeks.", ["almost six weeks"], "6"),
        ("There may be as many as thirty boats.", ["as many as thirty"], "30"),
        ("Prices rose as much as twelve times.", ["as much as twelve"], "12"),
        ("At least four ships sank.", ["At least four"], "4"),
        ("Talks may last up to a month.", ["up to a month"], "1"),
        ("It cost roughly a million crowns.", ["roughly a million"], "1000000"),
        ("Some forty people waited.", ["Some forty"], "40"),
        ("They waited about  a  week.", ["about  a  week"], "1"),
        # several in one sentence, in order
        (
            "Two weeks on, thousands marched and eleven fell.",
            ["Two weeks", "thousands", "eleven"],
            "2",
        ),
    ],
)
def test_a_quantity_in_words_is_a_figure_at_its_exact_span(
    text: str, words: list[str], value: str
) -> None:
    """Each listed kind is found, with the qualifier inside the span, and valued."""
    spans = _spans(text, words)
    assert figures(text) == spans
    start, end = spans[0]
    assert figure_value(text, start, end) == Decimal(value)


def test_every_listed_qualifier_is_part_of_the_span() -> None:
    """Each qualifier the README lists is taken into the figure, and only directly in front."""
    qualifiers = [
        "less than", "fewer than", "more than", "as many as", "as much as", "at least",
        "up to", "around", "about", "roughly", "nearly", "almost", "some",
    ]  # fmt: skip
    for qualifier in qualifiers:
        text = f"Then {qualifier} two boats came."
        assert _found(text) == [f"{qualifier} two"], qualifier
        assert _found(text.upper()) == [f"{qualifier} two".upper()], qualifier
    assert _found("About, two boats came.") == ["two"]  # not directly in front


def test_digits_and_words_are_listed_together_in_article_order() -> None:
    """Digits keep their spans (a scale word after them is theirs, no figure of its own)."""
    text = "In 2019, two ships carried 5.3 million tonnes and thousands of crates."
    assert _found(text) == ["2019", "two", "5.3", "thousands"]
    assert figures(text) == _spans(text, ["2019", "two", "5.3", "thousands"])
    assert figure_value(text, 27, 30) == Decimal("5300000")


def test_words_inside_quotation_marks_count_like_digits() -> None:
    """A figure inside quotation marks counts, in words as in digits."""
    text = "“We waited two weeks for 3 boats,” she said."
    assert _found(text) == ["two weeks", "3"]


# --- what does not count ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "No one came, and one of them left; one another.",  # "one" alone is a pronoun
        "They struck a deal at an inn.",  # "a" and "an" alone are articles
        "The first round, a second time, the third day, the final year.",  # ordinals
        "Several talks, a few ships, many boats, both sides, a couple of days.",  # no number
        "Half the fleet, twice the price, double the crews.",  # proportions
        "Two-thirds backed a two-state solution; a one-off.",  # hyphened, no unit of time
        "Oil ran at 476,000 barrels a day, twice a year, many times a week.",  # "a" is "per"
        "Often someone tends the boats; Oneida, Tenby, Twofold.",  # inside other words
        "A fifty-fifty split.",  # the second half of a hyphened word is none on its own
        "A second passed, then an instant.",  # second is no unit counted
    ],
)
def test_words_that_are_no_quantity_are_no_figure(text: str) -> None:
    """One, a and an alone, ordinals, vague words, proportions and "per" are not counted."""
    assert [f for f in _found(text) if not f[0].isdigit()] == []


def test_a_day_meaning_per_after_a_figure_in_words_is_no_figure() -> None:
    """After a number in words and a word or two, "a day" is a rate's "per"."""
    assert _found("They eat two meals a day.") == ["two"]
    assert _found("They eat two hot meals a day.") == ["two"]
    # Three words between: a duration again.
    assert _found("They eat two very hot meals a day.") == ["two", "a day"]
    # A qualifier makes it a duration: "per" takes none.
    assert _found("It needs two crews about a day.") == ["two", "about a day"]
    # After a sentence's end the figure before it does not reach.
    assert _found("Two came. A day later, three more.") == ["Two", "A day", "three"]
    # "once", "twice", "thrice", "times" before it.
    for word in ("once", "twice", "thrice", "three times"):
        assert _found(f"It sails {word} a week.") == (["three"] if "three" in word else [])
    # "one" is never "per": a duration even there.
    assert _found("They eat two meals one day.") == ["two", "one day"]
    # One word before "a" that is no figure: a duration.
    assert _found("The vote came a day after.") == ["a day"]


def test_one_counts_only_before_a_scale_or_a_unit_of_time() -> None:
    assert _found("One ship, one of ten.") == ["ten"]
    assert _found("One hundred ships, one day.") == ["One hundred", "one day"]


def test_a_figure_in_words_never_runs_over_a_line_break() -> None:
    assert figures("ten\nweeks") == [(0, 3)]
    assert figures("about\ntwo weeks") == [(6, 15)]
    assert figures("two hundred\nboats") == [(0, 11)]


def test_values_of_compound_numbers() -> None:
    """Scales add up as they are written."""
    for text, value in [
        ("one million two hundred thousand", 1_200_000),
        ("three thousand and seven", 3007),
        ("a thousand and one", 1001),
        ("twenty-one", 21),
        ("sixty-six weeks", 66),
    ]:
        assert figures(text) == [(0, len(text))], text
        assert figure_value(text, 0, len(text)) == Decimal(value), text


def test_the_one_table_of_number_words() -> None:
    """One to nineteen, then the tens; fidelity's lags read it up to twelve, unchanged."""
    assert NUMBER_WORDS["one"] == 1
    assert NUMBER_WORDS["nineteen"] == 19
    assert NUMBER_WORDS["twenty"] == 20
    assert NUMBER_WORDS["ninety"] == 90
    assert len(NUMBER_WORDS) == 27
    assert lag_days("two weeks") == (11, 17)
    assert lag_days("a month") == (15, 45)
    assert lag_days("twelve days") == (12, 12)
    assert lag_days("thirteen days") is None
    assert lag_days("twenty days") is None


# --- coverage -----------------------------------------------------------------

ARTICLE = "Ferries\n\nThe strike began on 2 May 2031. Talks opened two weeks later.\n"
TWO = ARTICLE.index("two weeks")
BODY = (9, len(ARTICLE) - 1)


def _brief(**collections: list[dict[str, Any]]) -> Brief:
    data = new_brief(ARTICLE)
    data.update(collections)
    return parse("small.json", json.dumps(data).encode())


def _coverage(brief: Brief) -> Check:
    [check] = [c for c in check_source(brief, ARTICLE) if c.name == "figure coverage"]
    return check


def _event(id_: str, date: str, start: int, end: int) -> dict[str, Any]:
    return {"id": id_, "date": date, "title": id_, "summary": "Ferries.", "spans": [[start, end]]}


EVENTS = [
    _event("strike", "2031-05-02", BODY[0], BODY[1]),
    {**_event("talks", "2031-05-16", BODY[0], BODY[1]), "inferred": {"date": "From the gap."}},
]


def _link(lag: str | None, start: int, end: int) -> dict[str, Any]:
    return {
        "id": "talks-after-strike",
        "source": "talks",
        "relation": "followed",
        "target": "strike",
        "lag": lag,
        "spans": [[start, end]],
    }


def test_an_uncovered_quantity_in_words_fails_naming_it() -> None:
    """Dates cover 2, 2031 and nothing else: the words are left, with what to do."""
    check = _coverage(_brief(events=EVENTS))
    assert check.problems == [
        f"[{TWO}, {TWO + 9}] figure in words 'two weeks' is not the value of a stat, "
        "nor the lag of a link, whose spans cover it, nor excluded"
    ]
    [todo] = check.todo
    assert (todo.kind, todo.start, todo.end, todo.text) == ("figure", TWO, TWO + 9, "two weeks")
    assert todo.task == "make it a stat's value, the lag of a link citing it, or exclude it"
    assert check.detail == "3 figures: 2 are stats or dates, 0 excluded with a reason"


def test_a_date_never_covers_a_figure_in_words() -> None:
    """The talks are dated the 2nd too; "two" is still no date's part."""
    events = [
        _event("strike", "2031-05-02", BODY[0], BODY[1]),
        _event("talks", "2031-05-02", BODY[0], BODY[1]),
    ]
    assert [t.text for t in _coverage(_brief(events=events)).todo] == ["two weeks"]


def test_a_link_whose_lag_is_the_words_covers_them() -> None:
    check = _coverage(_brief(events=EVENTS, links=[_link("two weeks", *BODY)]))
    assert check.problems == []
    assert check.detail == "3 figures: 2 are stats or dates, 1 is a lag, 0 excluded with a reason"
    # Case and spacing aside, the lag must be the words.
    assert _coverage(_brief(events=EVENTS, links=[_link("Two  Weeks", *BODY)])).ok


@pytest.mark.parametrize(
    ("lag", "span"),
    [
        ("two week", BODY),  # other words
        ("weeks", BODY),  # part of them
        ("two weeks", (BODY[0], TWO + 8)),  # spans one short of the figure
        ("two weeks", (TWO + 1, BODY[1])),
        (None, BODY),  # no lag at all
    ],
)
def test_a_lag_covers_only_its_words_inside_its_spans(
    lag: str | None, span: tuple[int, int]
) -> None:
    check = _coverage(_brief(events=EVENTS, links=[_link(lag, *span)]))
    assert [t.text for t in check.todo] == ["two weeks"]


def test_a_stat_whose_value_is_the_count_covers_the_words() -> None:
    stat = {
        "id": "gap",
        "metric": "Weeks between strike and talks",
        "value": 2,
        "unit": "weeks",
        "measure": "level",
        "period": None,
        "spans": [[TWO, TWO + 9]],
    }
    check = _coverage(_brief(events=EVENTS, stats=[stat]))
    assert check.ok, check.problems
    assert check.detail == "3 figures: 3 are stats or dates, 0 excluded with a reason"
    [stated] = [c for c in check_source(_brief(events=EVENTS, stats=[stat]), ARTICLE)
                if c.name == "stated values"]  # fmt: skip
    assert stated.ok, stated.problems
    wrong = _coverage(_brief(events=EVENTS, stats=[{**stat, "value": 14}]))
    assert [t.text for t in wrong.todo] == ["two weeks"]
    short = _coverage(_brief(events=EVENTS, stats=[{**stat, "spans": [[TWO, TWO + 8]]}]))
    assert [t.text for t in short.todo] == ["two weeks"]


def test_an_exclusion_covers_the_words() -> None:
    excluded = [{"span": [TWO, TWO + 9], "kind": "figure", "reason": "A gap, not a figure."}]
    check = _coverage(_brief(events=EVENTS, excluded=excluded))
    assert check.ok, check.problems
    assert check.detail == "3 figures: 2 are stats or dates, 1 excluded with a reason"


def test_verify_fails_on_a_brief_leaving_words_uncovered(tmp_path: Path) -> None:
    """The command exits 1 and prints the figure in words among its problems."""
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    data = new_brief(ARTICLE)
    data["events"] = EVENTS
    brief = tmp_path / "brief.json"
    brief.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["verify", "--data", str(brief), "--source", str(article)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    at = lines.index(
        "FAIL  figure coverage: 3 figures: 2 are stats or dates, 0 excluded with a reason"
    )
    assert lines[at + 1] == (
        f"      [{TWO}, {TWO + 9}] figure in words 'two weeks' is not the value of a stat, "
        "nor the lag of a link, whose spans cover it, nor excluded"
    )


def test_lags_are_counted_apart_in_the_line() -> None:
    """Two figures that are lags: "2 are lags" between the stats and the exclusions."""
    article = "Ferries\n\nTalks opened two weeks on and closed two weeks later.\n"
    body = [[9, len(article) - 1]]
    events = [
        {"id": i, "date": None, "title": i, "summary": "Ferries.", "spans": body}
        for i in ("strike", "opening", "closing")
    ]
    links = [
        {"id": f"{i}-after", "source": i, "relation": "followed", "target": "strike",
         "lag": "two weeks", "spans": body}
        for i in ("opening", "closing")
    ]  # fmt: skip
    data = new_brief(article)
    data.update(events=events, links=links)
    brief = parse("small.json", json.dumps(data).encode())
    [check] = [c for c in check_source(brief, article) if c.name == "figure coverage"]
    assert check.problems == []
    assert check.detail == "2 figures: 0 are stats or dates, 2 are lags, 0 excluded with a reason"


def test_the_bundled_brief_covers_its_quantities_in_words(article: Path) -> None:
    """The article's four quantities in words: one lag, three exclusions with reasons."""
    from vzcli.brief import load

    text = article.read_text(encoding="utf-8")
    words = [(s, e) for s, e in figures(text) if not text[s].isdigit()]
    assert [text[s:e] for s, e in words] == ["two weeks", "two", "thousands", "two"]
    brief = load().brief
    excluded = {tuple(x.span): x.reason for x in brief.excluded}
    assert [(s, e) in excluded for s, e in words] == [False, True, True, True]
    assert [link.id for link in brief.links if link.lag == "two weeks"] == [
        "l-meeting-after-violence"
    ]
    [check] = [c for c in check_source(brief, text) if c.name == "figure coverage"]
    assert check.problems == []
    assert check.detail == (
        "18 figures: 13 are stats or dates, 1 is a lag, 4 excluded with a reason"
    )
