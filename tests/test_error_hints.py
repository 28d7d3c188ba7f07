"""Errors that say what to do (issue 21, items 4 and 5): a quotation's own comma or
full stop, an actor named by an alias, a mistyped hedge, a quote pasted with its
marks, a span too wide to cover a sentence, a day its month lacks, and a copy of the
article in other bytes, each with the exact line it gets."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli import variants
from vzcli.authoring import new_brief
from vzcli.cli import app
from vzcli.errors import BriefInvalid
from vzcli.models import Brief
from vzcli.validate import parse
from vzcli.verify import Check, check_source, quote_spans

runner = CliRunner()

# An invented article: a quotation ending in the reporting sentence's comma, one
# ending in its own full stop, a hedge, and a closing sentence.
HARBOUR = (
    "Harbour talks\n\n"
    "The mayor said the vote was “set for June 3 in Elmport,” and left. "
    "Officials said a deal still looks unlikely. "
    "The council called the plan “a waste of money.” "
    "Talks go on.\n"
)


def _at(text: str, article: str = HARBOUR, nth: int = 0) -> list[int]:
    """``[start, end]`` of the ``nth`` occurrence of ``text`` in ``article``."""
    start = -1
    for _ in range(nth + 1):
        start = article.index(text, start + 1)
    return [start, start + len(text)]


def _brief_dict(article: str = HARBOUR, **collections: list[dict[str, Any]]) -> dict[str, Any]:
    """A valid brief of ``article`` (as `vzcli init` starts one) holding ``collections``."""
    data = new_brief(article)
    data.update(collections)
    return data


def _brief(article: str = HARBOUR, **collections: list[dict[str, Any]]) -> Brief:
    return parse("small.json", json.dumps(_brief_dict(article, **collections)).encode())


def _check(brief: Brief, name: str, article: str = HARBOUR) -> Check:
    [check] = [c for c in check_source(brief, article) if c.name == name]
    return check


def _direct(qid: str, text: str, span: list[int]) -> dict[str, Any]:
    return {
        "id": qid,
        "speaker": "author",
        "kind": "direct",
        "date": None,
        "text": text,
        "spans": [span],
    }


def _claim(hedge: str, spans: list[list[int]], cid: str = "c-deal") -> dict[str, Any]:
    return {
        "id": cid,
        "holder": "author",
        "kind": "forecast",
        "about": ["author"],
        "text": "A deal will be struck.",
        "certainty": "unlikely",
        "hedge": hedge,
        "spans": spans,
    }


# --- item 4: a quotation's own punctuation ------------------------------------------


def test_a_quote_may_leave_out_the_reporting_sentence_s_comma() -> None:
    """“… in Elmport,” is a quote whether its span ends before the comma or after it."""
    for text in ("set for June 3 in Elmport", "set for June 3 in Elmport,"):
        brief = _brief(
            quotes=[
                _direct("q-vote", text, _at(text)),
                _direct("q-waste", "a waste of money.", _at("a waste of money.")),
            ]
        )
        check = _check(brief, "quotation coverage")
        assert check.problems == []
        assert check.detail == "2 quotation-marked passages: 2 are quotes, 0 excluded with a reason"
        quotations = _check(brief, "quotations")
        assert quotations.ok
        assert quotations.detail == "2 direct quotations sit verbatim at their offsets"


def test_a_quote_may_leave_out_a_full_stop_inside_the_marks() -> None:
    """“a waste of money.” is quoted by 'a waste of money' too."""
    brief = _brief(
        quotes=[
            _direct("q-vote", "set for June 3 in Elmport", _at("set for June 3 in Elmport")),
            _direct("q-waste", "a waste of money", _at("a waste of money")),
        ]
    )
    assert _check(brief, "quotation coverage").ok


def test_only_one_comma_or_stop_may_be_left_out() -> None:
    """A quote ending two characters short of the passage does not cover it."""
    brief = _brief(
        quotes=[_direct("q-vote", "set for June 3 in Elmpor", _at("set for June 3 in Elmpor"))]
    )
    [problem, _] = _check(brief, "quotation coverage").problems
    start, end = _at("set for June 3 in Elmport,")
    assert problem == (
        f"[{start}, {end}] 'set for June 3 in Elmport,' is quoted in the article but is neither "
        f"a direct quote nor excluded; quotes[0] (q-vote) cites [{start}, {end - 2}]: set its "
        f"spans[0] to [{start}, {end}] and its text to the words there"
    )


@pytest.mark.parametrize(
    ("passage", "forms"),
    [
        ("“in Elmport,”", {(1, 12), (1, 11)}),
        ("“in Elmport.”", {(1, 12), (1, 11)}),
        ("“in Elmport!”", {(1, 12)}),  # the speaker's own: never left out
        ("“in Elmport;”", {(1, 12)}),
        ("“in Elmport...”", {(1, 14)}),  # an ellipsis is the speaker's
        ("“in Elmport..”", {(1, 13)}),
        ("“,”", {(1, 2), (1, 1)}),  # an empty span, which no quote may have anyway
    ],
)
def test_the_spans_a_quote_of_a_passage_may_have(passage: str, forms: set[tuple[int, int]]) -> None:
    """The passage itself, and without one closing comma or full stop (not an ellipsis's)."""
    assert quote_spans(passage, 1, len(passage) - 1) == forms


def test_an_exclusion_may_leave_out_the_comma_too() -> None:
    """An excluded passage is counted as excluded whether or not it takes in the comma."""
    start, end = _at("set for June 3 in Elmport")
    brief = _brief(
        quotes=[_direct("q-waste", "a waste of money.", _at("a waste of money."))],
        excluded=[{"span": [start, end], "kind": "quotation", "reason": "A date, not a view."}],
    )
    check = _check(brief, "quotation coverage")
    assert check.ok
    assert check.detail == "2 quotation-marked passages: 1 is a quote, 1 excluded with a reason"


def test_a_passage_both_quoted_and_excluded_counts_as_a_quote() -> None:
    """A passage is excluded only when no quote covers it, in either form."""
    span = _at("set for June 3 in Elmport")
    brief = _brief(
        quotes=[
            _direct("q-vote", "set for June 3 in Elmport", span),
            _direct("q-waste", "a waste of money.", _at("a waste of money.")),
        ],
        excluded=[{"span": [span[0], span[1] + 1], "kind": "quotation", "reason": "Twice."}],
    )
    check = _check(brief, "quotation coverage")
    assert check.detail == "2 quotation-marked passages: 2 are quotes, 0 excluded with a reason"


def test_an_ellipsis_s_last_stop_stays_in_the_quote() -> None:
    """“wait and see...”: a quote that drops the last stop leaves the passage uncovered."""
    article = "Talks\n\nThe mayor said “wait and see...” and left.\n"
    text = "wait and see.."
    brief = _brief(article, quotes=[_direct("q-wait", text, _at(text, article))])
    check = _check(brief, "quotation coverage", article)
    assert check.detail == "1 quotation-marked passage: 0 are quotes, 0 excluded with a reason"
    assert len(check.problems) == 1


# --- item 5a: an actor referred to by a name, an alias or a near miss --------------


def _actors() -> list[dict[str, Any]]:
    author = new_brief(HARBOUR)["actors"][0]
    return [
        author,
        {
            "id": "elmport",
            "name": "Elmport",
            "kind": "state",
            "aliases": ["the council", "Town Hall"],
            "spans": [_at("Elmport")],
        },
        {"id": "mayor", "name": "Mayor", "kind": "person", "spans": [_at("mayor")]},
    ]


def _invalid(**collections: list[dict[str, Any]]) -> list[str]:
    data = _brief_dict(actors=_actors(), **collections)
    with pytest.raises(BriefInvalid) as info:
        parse("small.json", json.dumps(data).encode())
    return info.value.problems


@pytest.mark.parametrize(
    ("holder", "line"),
    [
        (
            "the-council",
            "claims[0].holder: unknown actor 'the-council' ('the-council' is an alias of "
            "'elmport': use the id 'elmport')",
        ),
        ("council", "claims[0].holder: unknown actor 'council'"),  # not every word
        ("town-hall-x", "claims[0].holder: unknown actor 'town-hall-x'"),
        (
            "mayor-office",
            "claims[0].holder: unknown actor 'mayor-office'",
        ),
        ("elmprot", "claims[0].holder: unknown actor 'elmprot'; did you mean 'elmport'?"),
        ("zz", "claims[0].holder: unknown actor 'zz'"),
        (
            "c-other",
            "claims[0].holder: unknown actor 'c-other' ('c-other' is an id in claims, not in "
            "actors)",
        ),
    ],
)
def test_an_unknown_actor_says_what_it_may_have_meant(holder: str, line: str) -> None:
    """An alias or a name names the actor whose id to use; a near miss gets a
    did-you-mean; an id of another collection says whose it is; else nothing."""
    other = _claim(
        "looks unlikely", [_at("Officials said a deal still looks unlikely.")], "c-other"
    )
    claim = _claim("looks unlikely", [_at("Officials said a deal still looks unlikely.")])
    claim["holder"] = holder
    assert _invalid(claims=[claim, other]) == [line]


def test_an_actor_s_name_names_it_and_its_id() -> None:
    """A name written lower-case, where the id differs, says whose name it is."""
    actors = _actors()
    actors[1]["id"] = "elm"
    data = _brief_dict(actors=actors, claims=[_claim("x", [[0, 5]])])
    data["claims"][0]["holder"] = "elmport"
    with pytest.raises(BriefInvalid) as info:
        parse("small.json", json.dumps(data).encode())
    assert info.value.problems == [
        "claims[0].holder: unknown actor 'elmport' ('elmport' is the name of 'elm': use the id "
        "'elm')"
    ]


def test_a_near_miss_of_another_collection_is_suggested_from_it() -> None:
    """A quote's event is suggested among the events, not the actors."""
    quote = _direct("q-vote", "set for June 3 in Elmport", _at("set for June 3 in Elmport"))
    quote["event"] = "vot"
    event = {
        "id": "vote",
        "title": "The vote",
        "summary": "A vote is set.",
        "date": None,
        "status": "scheduled",
        "participants": ["elmport"],
        "spans": [_at("the vote was")],
    }
    assert _invalid(quotes=[quote], events=[event]) == [
        "quotes[0].event: unknown event 'vot'; did you mean 'vote'?"
    ]


def test_the_cli_says_an_alias_is_not_an_id(tmp_path: Path) -> None:
    """One line on stderr, exit 65, as every invalid brief."""
    claim = _claim("looks unlikely", [_at("Officials said a deal still looks unlikely.")])
    claim["holder"] = "the council"
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(_brief_dict(actors=_actors(), claims=[claim])), encoding="utf-8")
    result = runner.invoke(app, ["claims", "--data", str(path)])
    assert result.exit_code == 65
    # Not an id at all: the pattern's message says what an id is.
    assert result.stderr == (
        f"vzcli: {path}: claims[0].holder: 'the council' is not an id: an id is lower-case "
        "letters, digits, '-' and '_' (refer to an actor by its id, not its name)\n"
    )
    claim["holder"] = "town-hall"
    path.write_text(json.dumps(_brief_dict(actors=_actors(), claims=[claim])), encoding="utf-8")
    result = runner.invoke(app, ["claims", "--data", str(path)])
    assert result.exit_code == 65
    assert result.stderr == (
        f"vzcli: {path}: claims[0].holder: unknown actor 'town-hall' ('town-hall' is an alias "
        "of 'elmport': use the id 'elmport')\n"
    )


def test_an_alias_differing_only_in_case_and_accents_is_found() -> None:
    """An alias is matched folded, as --actor matches it."""
    actors = _actors()
    actors[1]["aliases"] = ["Hôtel"]
    data = _brief_dict(actors=actors, claims=[_claim("x", [[0, 5]])])
    data["claims"][0]["holder"] = "hotel"
    with pytest.raises(BriefInvalid) as info:
        parse("small.json", json.dumps(data).encode())
    assert info.value.problems == [
        "claims[0].holder: unknown actor 'hotel' ('hotel' is an alias of 'elmport': use the id "
        "'elmport')"
    ]


def test_a_reference_that_is_no_id_says_what_an_id_is() -> None:
    """A brief:id reference (a link's end) gets the same words as an id."""
    data = _brief_dict()
    data["actors"][0]["id"] = "Jo Bloggs"
    with pytest.raises(BriefInvalid) as info:
        parse("small.json", json.dumps(data).encode())
    assert info.value.problems == [
        "actors[0].id: 'Jo Bloggs' is not an id: an id is lower-case letters, digits, '-' and "
        "'_' (refer to an actor by its id, not its name)"
    ]
    data = _brief_dict(
        links=[{"id": "l", "source": "Other:x", "relation": "followed", "target": "author"}]
    )
    with pytest.raises(BriefInvalid) as info:
        parse("small.json", json.dumps(data).encode())
    assert info.value.problems[0].startswith("links[0].source: 'Other:x' is not an id: ")
    # Other patterns keep pydantic's words.
    data = _brief_dict()
    data["source"]["sha256"] = "abc"
    with pytest.raises(BriefInvalid) as info:
        parse("small.json", json.dumps(data).encode())
    assert info.value.problems[0].startswith("source.sha256: String should match pattern")


# --- item 5b: a hedge not in its spans ---------------------------------------------

DEAL = "Officials said a deal still looks unlikely."


def test_a_mistyped_hedge_is_shown_what_its_spans_hold() -> None:
    """The passage of the spans likest the hedge (as many words) is shown, with where."""
    at = _at("looks unlikely")
    check = _check(_brief(claims=[_claim("seems unlikely", [_at(DEAL)])]), "hedges")
    assert check.problems == [
        "claims[0] (c-deal): the hedge 'seems unlikely' is not in the article's text at its "
        f"spans; its spans hold 'looks unlikely' at [{at[0]}, {at[1]}]; the article does not "
        "print it anywhere"
    ]
    [todo] = check.todo
    assert todo.task == (
        "claims[0] (c-deal): copy the hedge verbatim from its spans (they hold "
        f"'looks unlikely' at [{at[0]}, {at[1]}])"
    )
    assert check.detail == "0 of 1 hedge or lag stands verbatim inside their records' spans"


def test_a_hedge_printed_elsewhere_says_where() -> None:
    """Words the article prints outside the spans are pointed at."""
    at = _at("Talks go on")
    check = _check(_brief(claims=[_claim("Talks go on", [_at(DEAL)])]), "hedges")
    assert check.problems == [
        "claims[0] (c-deal): the hedge 'Talks go on' is not in the article's text at its spans; "
        f"its spans hold nothing like it; 'Talks go on' occurs at [{at[0]}, {at[1]}]"
    ]


def test_the_comparison_is_case_folded() -> None:
    """A hedge in capitals finds its words; the case is what differs."""
    at = _at("looks unlikely")
    check = _check(_brief(claims=[_claim("LOOKS UNLIKELY", [_at(DEAL)])]), "hedges")
    assert f"its spans hold 'looks unlikely' at [{at[0]}, {at[1]}]" in check.problems[0]


@pytest.mark.parametrize(
    ("article", "hedge", "shown"),
    [
        ("T\n\nIt abcxy now.\n", "abcde", "abcxy"),  # difflib's ratio 0.6: alike enough
        ("T\n\nIt abxyz now.\n", "abcde", None),  # 0.4: not
        ("T\n\nIt abcdx or abcdy.\n", "abcde", "abcdx"),  # equally alike: the first
        ("T\n\nIt abcxy or abcdy.\n", "abcde", "abcdy"),  # the likest, wherever it is
        ("T\n\nIt LOOKS UNLIKELY.\n", "looks unlikely", "LOOKS UNLIKELY"),  # folded both
        ("T\n\nIt is here.\n", "—", None),  # no words to compare
        ("T\n\nIt.\n", "is so", None),  # fewer words than the hedge
    ],
)
def test_the_likest_passage(article: str, hedge: str, shown: str | None) -> None:
    """Only a passage at least as alike as difflib's own cut-off is shown; the likest,
    the first of equals."""
    spans = [[3, len(article) - 1]]
    check = _check(_brief(article, claims=[_claim(hedge, spans)]), "hedges", article)
    held = check.problems[0].split("; ")[1]
    if shown is None:
        assert held == "its spans hold nothing like it"
    else:
        at = _at(shown, article)
        assert held == f"its spans hold {shown!r} at [{at[0]}, {at[1]}]"


def test_the_likest_passage_is_sought_in_every_span() -> None:
    """The second span's passage is found when the first holds nothing like it."""
    at = _at("looks unlikely")
    spans = [_at("Talks go on."), _at(DEAL)]
    check = _check(_brief(claims=[_claim("seems unlikely", spans)]), "hedges")
    assert f"its spans hold 'looks unlikely' at [{at[0]}, {at[1]}]" in check.problems[0]


def test_a_hedge_line_counts_those_that_stand() -> None:
    """The failing line says how many stand, of how many; the passing one, how many."""
    claims = [
        _claim("looks unlikely", [_at(DEAL)], "c-1"),
        _claim("seems unlikely", [_at(DEAL)], "c-2"),
    ]
    assert _check(_brief(claims=claims), "hedges").detail == (
        "1 of 2 hedges and lags stand verbatim inside their records' spans"
    )
    assert _check(_brief(claims=claims[:1]), "hedges").detail == (
        "1 hedge or lag stands verbatim inside their records' spans"
    )


def test_verify_prints_the_hedge_line(tmp_path: Path) -> None:
    """The one check line of `vzcli verify --source`."""
    article, data = tmp_path / "a.txt", tmp_path / "b.json"
    article.write_text(HARBOUR, encoding="utf-8")
    data.write_text(
        json.dumps(_brief_dict(claims=[_claim("seems unlikely", [_at(DEAL)])])), encoding="utf-8"
    )
    result = runner.invoke(app, ["verify", "--data", str(data), "--source", str(article)])
    assert result.exit_code == 1
    at = _at("looks unlikely")
    assert (
        "FAIL  hedges: 0 of 1 hedge or lag stands verbatim inside their records' spans\n"
        "      claims[0] (c-deal): the hedge 'seems unlikely' is not in the article's text at its "
        f"spans; its spans hold 'looks unlikely' at [{at[0]}, {at[1]}]; the article does not "
        "print it anywhere\n"
    ) in result.stdout


# --- item 5c: a quote pasted with its quotation marks -------------------------------

WASTE = "a waste of money."


def test_a_quote_pasted_with_its_marks_is_told_to_drop_them() -> None:
    """Its span already on the words: drop the marks from the text, nothing else."""
    brief = _brief(
        quotes=[
            _direct("q-vote", "set for June 3 in Elmport", _at("set for June 3 in Elmport")),
            _direct("q-waste", f"“{WASTE}”", _at(WASTE)),
        ]
    )
    check = _check(brief, "quotations")
    start, end = _at(WASTE)
    assert check.problems == [
        f"quotes[1] (q-waste): spans[0] [{start}, {end}] covers {WASTE!r}, not the quote's text "
        f"'“{WASTE}”'; drop the quotation marks from text (spans[0] already holds its words)"
    ]
    assert check.todo[0].task == (
        "quotes[1] (q-waste): drop the quotation marks from text (spans[0] already holds its words)"
    )
    assert check.detail == "1 of 2 direct quotations sit verbatim at their offsets"
    # Its words are still its passage's quote, as the coverage check sees it.
    assert _check(brief, "quotation coverage").ok


def test_a_quote_with_marks_elsewhere_is_told_where_its_words_are() -> None:
    start, end = _at(WASTE)
    brief = _brief(quotes=[_direct("q-waste", f'"{WASTE}"', _at("Talks go on."))])
    [problem] = _check(brief, "quotations").problems
    assert problem.endswith(
        f"; drop the quotation marks from text and set spans[0] to where its words occur: "
        f"[{start}, {end}]"
    )


def test_a_quote_with_marks_around_words_not_printed() -> None:
    brief = _brief(quotes=[_direct("q-none", "“never said”", _at("Talks go on."))])
    [problem] = _check(brief, "quotations").problems
    assert problem.endswith(
        "; drop the quotation marks from text, and copy the words between them verbatim "
        "(vzcli locate finds them)"
    )


def test_a_lone_straight_mark_is_no_pair() -> None:
    """A text of one straight mark is the text itself, not marks around nothing."""
    brief = _brief(quotes=[_direct("q-x", '"', _at("Talks go on."))])
    [problem] = _check(brief, "quotations").problems
    assert problem.endswith("; the article does not print its text (run vzcli locate)")


def test_two_marks_around_nothing_are_a_pair() -> None:
    brief = _brief(quotes=[_direct("q-x", "“”", _at("Talks go on."))])
    [problem] = _check(brief, "quotations").problems
    assert problem.endswith(
        "; drop the quotation marks from text, and copy the words between them verbatim "
        "(vzcli locate finds them)"
    )


@pytest.mark.parametrize("text", ["”", "“a waste of money.", "a waste of money.”"])
def test_not_a_pair_of_marks_is_no_pasted_quotation(text: str) -> None:
    """One mark, or a mark at one end only, is the text's own: the usual hint."""
    brief = _brief(quotes=[_direct("q-x", text, _at("Talks go on."))])
    [problem] = _check(brief, "quotations").problems
    at = _at(text)
    assert problem.split("; ")[1].startswith(f"its text occurs at [{at[0]}, {at[1]}]")


def test_a_quote_spanning_the_marks_fails_coverage_saying_to_drop_them() -> None:
    """The old advice (span the marks) passes quotations; coverage names the quote."""
    start, end = _at(WASTE)
    brief = _brief(
        quotes=[
            _direct("q-vote", "set for June 3 in Elmport", _at("set for June 3 in Elmport")),
            _direct("q-waste", f"“{WASTE}”", [start - 1, end + 1]),
        ]
    )
    assert _check(brief, "quotations").ok
    check = _check(brief, "quotation coverage")
    assert check.problems == [
        f"[{start}, {end}] {WASTE!r} is quoted in the article but is neither a direct quote nor "
        f"excluded; quotes[1] (q-waste) cites [{start - 1}, {end + 1}], the passage with its "
        "quotation marks: drop them from its text and spans"
    ]
    assert check.detail == "2 quotation-marked passages: 1 is a quote, 0 excluded with a reason"


@pytest.mark.parametrize(
    ("span", "named"),
    [
        ((-1, 0), False),  # ends where the passage starts: no overlap
        ((0, 1), True),
        ((-1, 1), True),
        ((17, 18), False),  # starts where it ends
        ((16, 18), True),
    ],
)
def test_only_a_quote_overlapping_the_passage_is_named(span: tuple[int, int], named: bool) -> None:
    """A quote is named at a passage only when its spans[0] overlaps it."""
    start, _ = _at(WASTE)
    text = HARBOUR[start + span[0] : start + span[1]]
    brief = _brief(quotes=[_direct("q-x", text, [start + span[0], start + span[1]])])
    problems = _check(brief, "quotation coverage").problems
    assert any("quotes[0] (q-x) cites" in p for p in problems) is named


def test_a_quote_with_its_words_on_a_shifted_span_is_told_only_the_span() -> None:
    """Its text is the passage's: only the span moves."""
    start, end = _at("set for June 3 in Elmport,")
    brief = _brief(quotes=[_direct("q-vote", "set for June 3 in Elmport,", [start - 2, end - 2])])
    problems = _check(brief, "quotation coverage").problems
    assert problems[0].endswith(f": set its spans[0] to [{start}, {end}]")


# --- item 5d: a span too wide to cover a sentence -----------------------------------


def test_a_span_over_three_sentences_is_named_where_it_hides_one() -> None:
    """Each sentence a too-wide span would cover names it, in the line and the task."""
    start = _at("The mayor said")[0]
    end = _at("Talks go on.")[0] - 1
    claim = _claim("looks unlikely", [[start, end]])
    claim["certainty"] = "unlikely"
    check = _check(_brief(claims=[claim]), "sentence coverage")
    wide = (
        f"; claims[0] (c-deal) cites it in [{start}, {end}], a span over 3 sentences (at most 2 "
        "count): narrow such a span to the sentences it rests on"
    )
    s = _at("Officials said a deal still looks unlikely.")
    assert check.problems[1] == (
        f"sentence 3 [{s[0]}, {s[1]}] 'Officials said a deal still looks …' is not covered: no "
        "record has a span over at least half of it (and over at most two sentences), and it "
        f"is not excluded{wide}"
    )
    assert check.todo[1].task == (
        "cite it in the record that holds what it says (a span over half of it), or exclude it"
        + wide
    )
    # "Talks go on." is outside the span: no span to name.
    assert check.problems[-1].endswith("and it is not excluded")


def test_every_wide_span_over_the_sentence_is_named() -> None:
    """Two too-wide spans, of a record and of an exclusion, are both named."""
    start = _at("The mayor said")[0]
    end = len(HARBOUR) - 1
    brief = _brief(
        claims=[_claim("looks unlikely", [[start, end]])],
        excluded=[{"span": [start, end], "kind": "sentence", "reason": "All of it."}],
    )
    problem = _check(brief, "sentence coverage").problems[1]
    assert (
        f"; claims[0] (c-deal) cites it in [{start}, {end}], a span over 4 sentences; "
        f"excluded[0] cites it in [{start}, {end}], a span over 4 sentences (at most 2 count)"
    ) in problem


def test_a_wide_span_over_less_than_half_of_the_sentence_is_not_named() -> None:
    """A span that would not cover the sentence even if narrow is not the reason."""
    start = _at("The mayor said")[0]
    end = _at("Officials said a deal")[1]  # a few words into the fourth sentence
    brief = _brief(claims=[_claim("looks unlikely", [[start, end]])])
    problems = _check(brief, "sentence coverage").problems
    [deal] = [p for p in problems if "'Officials said" in p]
    assert deal.endswith("and it is not excluded")


def test_two_sentences_are_still_covered() -> None:
    """A span over two sentences covers both, and nothing is named."""
    start = _at("The mayor said")[0]
    end = _at(DEAL)[1]
    brief = _brief(claims=[_claim("looks unlikely", [[start, end]])])
    problems = _check(brief, "sentence coverage").problems
    assert not any("cites it in" in p for p in problems)
    assert not any("'Officials said" in p for p in problems)


# --- item 5e: a day its month lacks -------------------------------------------------


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("2019-02-30", "no day 30: February 2019 has 28 days"),
        ("2020-02-30", "no day 30: February 2020 has 29 days"),
        ("2019-01-32", "no day 32: January 2019 has 31 days"),
        ("2019-04-31", "no day 31: April 2019 has 30 days"),
        ("2019-12-32", "no day 32: December 2019 has 31 days"),
        ("2019-06-00", "no day 00: June 2019 has 30 days"),
    ],
)
def test_a_day_its_month_lacks_names_the_month_and_its_length(date: str, reason: str) -> None:
    """In a brief and in --since alike, one line naming the month and its days."""
    result = runner.invoke(app, ["quotes", "--since", date])
    assert result.exit_code == 2
    assert result.stderr == f"vzcli: error: invalid date {date!r}: {reason}\n"
    event = {
        "id": "vote",
        "title": "The vote",
        "summary": "A vote is set.",
        "date": date,
        "status": "scheduled",
        "participants": ["author"],
        "spans": [_at("the vote was")],
    }
    with pytest.raises(BriefInvalid) as info:
        parse("small.json", json.dumps(_brief_dict(events=[event])).encode())
    assert info.value.problems == [f"events[0].date: {date!r} has {reason}"]


# --- item 5f: a copy of the article in other bytes ----------------------------------

ACCENTED = "Talks in Bogotá\n\nThe mayor of Perú met José.\nThey spoke.\n"

COPIES = {
    "crlf": (lambda t: t.replace("\n", "\r\n"), "CRLF line ends"),
    "cr": (lambda t: t.replace("\n", "\r"), "CR line ends"),
    "nfd": (lambda t: unicodedata.normalize("NFD", t), "decomposed accents (NFD)"),
    "other": (lambda t: t.replace("José", "Jose"), None),  # another text: no copy
    "added": (lambda t: t.replace(".\n", ". \t\n"), "spaces or tabs at line ends"),
    "newline": (lambda t: t + "\n", "a newline at the end the article lacks"),
    "no newline": (lambda t: t[:-1], "no newline at the end, where the article has one"),
    "bom, crlf": (lambda t: "\ufeff" + t.replace("\n", "\r\n"), "CRLF line ends"),
    "all": (
        lambda t: (
            unicodedata.normalize("NFD", t).replace(".\n", ". \n").replace("\n", "\r\n") + "\r\n"
        ),
        "CRLF line ends; and decomposed accents (NFD); and spaces or tabs at line ends; and "
        "a newline at the end the article lacks",
    ),
}


def _run_command(command: str, tmp_path: Path) -> None:
    """Run the python3 command vzcli gives, with this Python, as a shell would split it."""
    program, file = shlex.split(command)[2:]
    subprocess.run([sys.executable, "-c", program, file], check=True, cwd=tmp_path)


@pytest.mark.parametrize("name", sorted(COPIES))
def test_the_one_command_makes_the_copy_the_article(name: str, tmp_path: Path) -> None:
    """Named exactly, and the command given undoes it, byte for byte."""
    make, says = COPIES[name]
    copy = tmp_path / "copy.txt"
    copy.write_bytes(make(ACCENTED).encode("utf-8"))
    found = variants.same_article(
        copy.read_bytes().decode("utf-8-sig"), *_digest(ACCENTED)
    )  # read as vzcli reads: line ends as they are, the BOM dropped
    if says is None:
        assert found is None
        return
    assert found is not None
    _, ways = found
    assert "; and ".join(w.copy_has for w in ways) == says
    _run_command(variants.command(ways, "copy.txt"), tmp_path)
    assert copy.read_bytes() == ACCENTED.encode("utf-8")


def test_an_article_with_crlf_is_given_back_its_crlf(tmp_path: Path) -> None:
    """A copy with LF line ends of an article with CRLF ones gets them back."""
    article = ACCENTED.replace("\n", "\r\n")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(ACCENTED.encode("utf-8"))
    found = variants.same_article(ACCENTED, *_digest(article))
    assert found is not None
    assert [w.copy_has for w in found[1]] == ["LF line ends where the article has CRLF"]
    _run_command(variants.command(found[1], "copy.txt"), tmp_path)
    assert copy.read_bytes() == article.encode("utf-8")
    nfd = unicodedata.normalize("NFD", ACCENTED)
    copy.write_bytes(ACCENTED.encode("utf-8"))
    found = variants.same_article(ACCENTED, *_digest(nfd))
    assert found is not None
    _run_command(variants.command(found[1], "copy.txt"), tmp_path)
    assert copy.read_bytes() == nfd.encode("utf-8")


def _digest(text: str) -> tuple[str, int]:
    from vzcli.brief import sha256_of

    return sha256_of(text), len(text)


def test_the_command_quotes_the_file_for_the_shell() -> None:
    ways = [variants.FINAL_NEWLINE[0]]
    assert variants.command(ways, "my copy.txt").endswith(".write(t)' 'my copy.txt'")
    assert variants.command(ways).endswith(".write(t)' FILE")
    assert variants.describe("it", ways) == (
        "it is the article with a newline at the end the article lacks (to get the article "
        "back: python3 -c 'import re,sys,unicodedata;p=sys.argv[1];"
        't=open(p,encoding="utf-8-sig",newline="").read();t=t[:-1];'
        'open(p,"w",encoding="utf-8",newline="").write(t)\' FILE)'
    )


@pytest.fixture
def crlf_copy(tmp_path: Path) -> tuple[Path, Path, str]:
    """A brief of ACCENTED, and a copy of it with CRLF line ends and a newline added."""
    article = tmp_path / "article.txt"
    article.write_bytes(ACCENTED.encode("utf-8"))
    data = tmp_path / "brief.json"
    data.write_text(json.dumps(_brief_dict(ACCENTED)), encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_bytes((ACCENTED + "\n").replace("\n", "\r\n").encode("utf-8"))
    command = (
        "python3 -c 'import re,sys,unicodedata;p=sys.argv[1];"
        't=open(p,encoding="utf-8-sig",newline="").read();t=t.replace("\\r\\n","\\n");'
        't=t[:-1];open(p,"w",encoding="utf-8",newline="").write(t)\' ' + str(copy)
    )
    return data, copy, command


def test_every_path_that_compares_the_article_gives_the_command(
    crlf_copy: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """verify --source (its line and its to-do), a listing, show and reanchor: one line
    each, naming what differs and the command for the file given."""
    data, copy, command = crlf_copy
    said = (
        "the article with CRLF line ends; and a newline at the end the article lacks "
        f"(to get the article back: {command})"
    )
    verify = runner.invoke(app, ["verify", "--data", str(data), "--source", str(copy)])
    assert verify.exit_code == 1
    assert f"\n      the file given is {said}\n" in verify.stdout
    todo = runner.invoke(
        app, ["verify", "--data", str(data), "--source", str(copy), "--todo", "-f", "json"]
    )
    assert json.loads(todo.stdout)[0]["task"] == f"get the article back: {command}"
    for args in (["quotes"], ["show", "author"]):
        listing = runner.invoke(app, [*args, "--data", str(data), "--source", str(copy)])
        assert listing.exit_code == 65
        assert listing.stderr == (
            f"vzcli: {copy}: this is {said}; the brief's offsets count the article's own\n"
        )
    reanchor = runner.invoke(app, ["reanchor", "--data", str(data), "--source", str(copy)])
    assert reanchor.exit_code == 65
    assert reanchor.stderr.startswith(f"vzcli: {copy}: it is {said}: that is not an edit")
    assert len(reanchor.stderr.splitlines()) == 1
    # The command does what it says.
    _run_command(command, tmp_path)
    assert runner.invoke(app, ["quotes", "--data", str(data), "--source", str(copy)]).exit_code == 0


def test_sources_names_the_copy_s_own_path(crlf_copy: tuple[Path, Path, str]) -> None:
    """verify --sources finds the copy by its text and names it in the command."""
    data, copy, command = crlf_copy
    folder = copy.parent / "articles"
    folder.mkdir()
    moved = folder / "copy.txt"
    copy.rename(moved)
    command = command.replace(str(copy), str(moved))
    result = runner.invoke(app, ["verify", "--data", str(data), "--sources", str(folder)])
    assert result.exit_code == 1
    assert (
        f"      {moved} is the article with CRLF line ends; and a newline at the end the article "
        f"lacks (to get the article back: {command})\n"
    ) in result.stdout


def test_a_byte_order_mark_alone_is_the_article(tmp_path: Path) -> None:
    """A BOM is dropped when the article is read: such a copy is the article."""
    article = tmp_path / "bom.txt"
    article.write_bytes(b"\xef\xbb\xbf" + ACCENTED.encode("utf-8"))
    data = tmp_path / "brief.json"
    data.write_text(json.dumps(_brief_dict(ACCENTED)), encoding="utf-8")
    result = runner.invoke(app, ["quotes", "--data", str(data), "--source", str(article)])
    assert result.exit_code == 0, result.output
