"""``vzcli verify``: the brief proved against the article."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli.brief import load
from vzcli.cli import app
from vzcli.models import RECORD_COLLECTIONS, Brief
from vzcli.sentences import Sentence, split
from vzcli.verify import check_source, sentence_covers

runner = CliRunner()


def _tampered(article: Path, tmp_path: Path, edit: Any) -> Path:
    text = article.read_text(encoding="utf-8")
    changed = edit(text)
    assert len(changed) == len(text), "tampering must keep offsets"
    path = tmp_path / "article.txt"
    path.write_text(changed, encoding="utf-8")
    return path


def test_verify_passes_on_the_bundled_brief(article: Path) -> None:
    """Every check holds for the shipped brief and the real article."""
    result = runner.invoke(app, ["verify", "--source", str(article)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "ok    schema",
        "ok    integrity",
        "ok    source",
        "ok    quotations",
        "ok    hedges",
        "ok    quotation coverage",
        "ok    figure coverage",
        "ok    sentence coverage",
        "ok    stated values",
        "ok    named actors",
        "ok    actor spans",
        "ok    hedging words",
        "ok    own words",
        "ok    anchors",
    ]
    assert "8 direct quotations sit verbatim" in result.stdout
    assert "ok    sentence coverage: 58 of 58 sentences (5 excluded with a reason)" in result.stdout


def test_verify_without_source_checks_the_brief_only() -> None:
    """Without --source, verify validates and says what it did not check."""
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith("note: pass --source")


def test_one_changed_character_in_a_quote_fails(article: Path, tmp_path: Path) -> None:
    """Changing a letter inside a quotation fails with exit 1 and names the quote."""
    tampered = _tampered(
        article, tmp_path, lambda t: t.replace("nothing to do with", "nothing to dO with")
    )
    result = runner.invoke(app, ["verify", "--source", str(tampered)])
    assert result.exit_code == 1
    assert "FAIL  source: " in result.stdout  # the sha256 no longer matches
    assert "FAIL  quotations: " in result.stdout
    assert "quotes[6] (q-lavrov-threats): spans[0] [3271, 3340] covers 'Threats by" in (
        result.stdout
    )
    assert "not the quote's text" in result.stdout
    assert "nothing to dO with" in result.stdout


def test_a_new_quotation_must_be_covered(article: Path, tmp_path: Path) -> None:
    """A quotation-marked passage that no quote or exclusion covers fails coverage."""
    tampered = _tampered(article, tmp_path, lambda t: t.replace(" Sochi. ", "“Sochi”.", 1))
    result = runner.invoke(app, ["verify", "--source", str(tampered)])
    assert result.exit_code == 1
    assert "FAIL  quotation coverage" in result.stdout
    assert "'Sochi' is quoted in the article" in result.stdout


def test_a_new_figure_must_be_covered(article: Path, tmp_path: Path) -> None:
    """A figure that is no stat, event date or exclusion fails coverage."""
    tampered = _tampered(article, tmp_path, lambda t: t.replace("two weeks", "222 weeks", 1))
    result = runner.invoke(app, ["verify", "--source", str(tampered)])
    assert result.exit_code == 1
    assert "FAIL  figure coverage" in result.stdout
    assert "figure '222' is not" in result.stdout


def test_duplicate_keys_are_rejected(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """verify refuses a brief where a repeated key would silently hide a value."""
    text = json.dumps(brief_dict, ensure_ascii=False)
    text = text.replace('"id": "lavrov",', '"id": "lavrov", "id": "lavrov",', 1)
    result = runner.invoke(app, ["verify", "--data", str(write_brief(text))])
    assert result.exit_code == 65
    assert "duplicate key 'id'" in result.stderr


def test_unreadable_article_is_exit_66(tmp_path: Path) -> None:
    """A missing article is reported like a missing brief."""
    result = runner.invoke(app, ["verify", "--source", str(tmp_path / "none.txt")])
    assert result.exit_code == 66
    assert result.stderr.startswith("vzcli: ")
    assert result.stdout == ""


# --- sentences and hedges -------------------------------------------------


def _sentences(article: Path) -> list[Sentence]:
    return split(article.read_text(encoding="utf-8"))


def test_the_article_splits_into_its_sentences(article: Path) -> None:
    """Titles, headings, the categories line and the author's note count; U.S. does not split."""
    sentences = _sentences(article)
    assert len(sentences) == 58
    texts = [s.text for s in sentences]
    assert texts[0] == texts[1] == "US and Russia: developments in Venezuela"
    assert "The recent conflict in Venezuela" in texts
    assert "Categories: Latin America, Politics" in texts
    assert any(
        t.startswith("The Russian Foreign Minister went on to say, “Threats by the U.S.")
        for t in texts
    )
    text = article.read_text(encoding="utf-8")
    assert all(text[s.start : s.end] == s.text for s in sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four… Five.", ["One.", "Two!", "Three?", "Four…", "Five."]),
        ("Mr. Lavrov spoke. He left.", ["Mr. Lavrov spoke.", "He left."]),
        ("The U.S. Senate met. It voted.", ["The U.S. Senate met.", "It voted."]),
        ("He said “Go.” Then left.", ["He said “Go.”", "Then left."]),
        ("a. b. c", ["a. b. c"]),  # a lower-case word never starts a sentence
        ("Up 5.3 per cent. 2019 ended.", ["Up 5.3 per cent.", "2019 ended."]),
        ("Title\n\n  Body one. Body two.  \n", ["Title", "Body one.", "Body two."]),
    ],
)
def test_sentence_rule(text: str, expected: list[str]) -> None:
    """The documented rule: stops before a capital, digit or opening quote; never after U.S."""
    assert [s.text for s in split(text)] == expected


def _only_covers(brief: Brief, article: Path) -> dict[str, list[Sentence]]:
    """Record id -> the sentences it alone covers."""
    sentences = _sentences(article)
    alone: dict[str, list[Sentence]] = {}
    for sentence, covers in zip(sentences, sentence_covers(brief, sentences), strict=True):
        if len(covers) == 1 and not covers[0].startswith(("excluded[", "source")):
            alone.setdefault(covers[0], []).append(sentence)
    return alone


def test_every_sentence_s_only_cover_is_needed(article: Path) -> None:
    """Deleting a record that alone covers a sentence makes verify fail, naming that sentence."""
    brief = load().brief
    text = article.read_text(encoding="utf-8")
    alone = _only_covers(brief, article)
    assert len(alone) >= 10  # the test is not vacuous
    for record_id, sentences in alone.items():
        without = replace(
            brief,
            **{
                name: [r for r in getattr(brief, name) if r.id != record_id]
                for name in RECORD_COLLECTIONS
            },
        )
        check = next(c for c in check_source(without, text) if c.name == "sentence coverage")
        assert not check.ok, record_id
        for sentence in sentences:
            assert any(
                p.startswith(f"sentence {sentence.number} [{sentence.start}, {sentence.end}]")
                for p in check.problems
            ), (record_id, sentence.number)


def test_a_deleted_cover_fails_the_command(
    article: Path, write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """Through the CLI: dropping the claim that a settlement is unlikely uncovers sentence 7."""
    brief_dict["claims"] = [c for c in brief_dict["claims"] if c["id"] != "c-settlement-unlikely"]
    result = runner.invoke(
        app, ["verify", "--data", str(write_brief(brief_dict)), "--source", str(article)]
    )
    assert result.exit_code == 1
    assert "FAIL  sentence coverage: 57 of 58 sentences" in result.stdout
    assert (
        "sentence 7 [555, 621] 'However, a settlement between the two …' is not covered"
        in result.stdout
    )


def test_a_span_over_three_sentences_covers_none(
    article: Path, write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """A record citing a whole paragraph does not account for the sentences in it."""
    brief_dict["claims"] = [c for c in brief_dict["claims"] if c["id"] != "c-settlement-unlikely"]
    brief_dict["actors"][1]["spans"].append([300, 621])  # sentences 5-7 in one span
    result = runner.invoke(
        app, ["verify", "--data", str(write_brief(brief_dict)), "--source", str(article)]
    )
    assert "sentence 7 [555, 621]" in result.stdout
    brief_dict["actors"][1]["spans"][-1] = [446, 621]  # sentences 6-7: two is allowed
    result = runner.invoke(
        app, ["verify", "--data", str(write_brief(brief_dict)), "--source", str(article)]
    )
    assert "ok    sentence coverage: 58 of 58" in result.stdout


def test_a_hedge_must_stand_in_its_spans(
    article: Path, write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """A hedge the article does not print at the record's spans fails verify."""
    for claim in brief_dict["claims"]:
        if claim["id"] == "c-deal-doubtful":
            claim["hedge"] = "remains very doubtful"
    for link in brief_dict["links"]:
        if link.get("lag"):
            link["lag"] = "three weeks"
    result = runner.invoke(
        app, ["verify", "--data", str(write_brief(brief_dict)), "--source", str(article)]
    )
    assert result.exit_code == 1
    assert "FAIL  hedges: 6 of 8 hedges and lags" in result.stdout
    assert "(c-deal-doubtful): the hedge 'remains very doubtful' is not in the article" in (
        result.stdout
    )
    assert "(l-meeting-after-violence): the lag 'three weeks' is not in" in result.stdout


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("£2.01 million", 2010000),
        ("9.99 thousand", 9990),
        ("0.07 billion", 70000000),
        ("1.15 million", 1150000),
        ("3.3", 3.3),
    ],
)
def test_a_decimal_figure_matches_its_exact_value(written: str, value: float) -> None:
    """ "£2.01 million" is the stat value 2010000, though 2.01 * 1e6 is not, in floats."""
    from vzcli.authoring import new_brief
    from vzcli.validate import parse

    article = f"A bridge\n\nThe council paid {written} for the bridge.\n"
    data = new_brief(article)
    data["stats"] = [
        {
            "id": "stat-bridge",
            "metric": "Price of the bridge",
            "value": value,
            "unit": "pounds",
            "measure": "level",
            "period": None,
            "spans": [[10, len(article) - 1]],
        }
    ]
    brief = parse("b.json", json.dumps(data).encode())
    [figures] = [c for c in check_source(brief, article) if c.name == "figure coverage"]
    assert figures.ok, figures.problems
    assert figures.detail.startswith("1 figure: 1 is a stat or date")


# --- coverage rules on small articles ------------------------------------------


def _small_brief(article: str, **collections: list[dict[str, Any]]) -> Brief:
    """A valid brief of ``article`` holding just ``collections``."""
    from vzcli.authoring import new_brief
    from vzcli.validate import parse

    data = new_brief(article)
    data.update(collections)
    return parse("small.json", json.dumps(data).encode())


def _check(brief: Brief, article: str, name: str) -> Any:
    [check] = [c for c in check_source(brief, article) if c.name == name]
    return check


def _stat(value: float, start: int, end: int) -> dict[str, Any]:
    return {
        "id": f"stat-{value}",
        "metric": f"Count {value}",
        "value": value,
        "unit": "boats",
        "measure": "level",
        "period": None,
        "spans": [[start, end]],
    }


def _exclusion(kind: str, start: int, end: int) -> dict[str, Any]:
    return {"span": [start, end], "kind": kind, "reason": "Left out on purpose."}


BOATS = "Boats\n\nIn 1999 the port had 12 boats and 30 crews.\n"


def test_an_uncovered_figure_after_an_excluded_one_fails() -> None:
    """Excluding one figure does not excuse the figures after it."""
    y = BOATS.index("1999")
    c = BOATS.index("30")
    brief = _small_brief(
        BOATS,
        stats=[_stat(30, c, c + 2)],
        excluded=[_exclusion("figure", y, y + 4)],
    )
    check = _check(brief, BOATS, "figure coverage")
    assert len(check.problems) == 1
    assert "figure '12' is not" in check.problems[0]
    assert check.detail == "3 figures: 1 is a stat or date, 1 excluded with a reason"
    both = _small_brief(
        BOATS, excluded=[_exclusion("figure", y, y + 4), _exclusion("figure", c, c + 2)]
    )
    check = _check(both, BOATS, "figure coverage")
    assert check.detail == "3 figures: 0 are stats or dates, 2 excluded with a reason"


def test_a_stat_covers_a_figure_only_inside_its_spans() -> None:
    """A span exactly over the figure contains it; one character short at either edge does not."""
    at = BOATS.index("12")
    rest = {"excluded": [_exclusion("figure", BOATS.index("1999"), BOATS.index("1999") + 4)]}
    c = BOATS.index("30")
    others = [_stat(30, c, c + 2)]
    exact = _small_brief(BOATS, stats=[_stat(12, at, at + 2), *others], **rest)
    assert _check(exact, BOATS, "figure coverage").ok
    for start, end in ((at + 1, at + 2), (at, at + 1)):
        short = _small_brief(BOATS, stats=[_stat(12, start, end), *others], **rest)
        assert not _check(short, BOATS, "figure coverage").ok, (start, end)


def test_a_figure_exclusion_does_not_excuse_a_quotation() -> None:
    """Exclusions count only for their own kind: a quotation needs a quotation exclusion."""
    article = "Words\n\nShe said “no deal” and left.\n"
    start = article.index("no deal")
    span = (start, start + len("no deal"))
    wrong = _small_brief(article, excluded=[_exclusion("figure", *span)])
    check = _check(wrong, article, "quotation coverage")
    assert len(check.problems) == 1
    assert "'no deal' is quoted in the article" in check.problems[0]
    assert check.detail == "1 quotation-marked passage: 0 are quotes, 0 excluded with a reason"
    right = _small_brief(article, excluded=[_exclusion("quotation", *span)])
    check = _check(right, article, "quotation coverage")
    assert check.ok
    assert check.detail == "1 quotation-marked passage: 0 are quotes, 1 excluded with a reason"


TALKS = "Talks\n\nTalks ran from 30 April to 14 May 2019.\n"


def _figures_left_by_talks(article: str, date: str) -> list[str]:
    """The figures still uncovered when one event, dated ``date``, spans the body."""
    event = {
        "id": "talks",
        "date": date,
        "title": "Talks",
        "summary": "Talks took place.",
        "spans": [[7, len(article) - 1]],
    }
    check = _check(_small_brief(article, events=[event]), article, "figure coverage")
    return [t.text for t in check.todo]


@pytest.mark.parametrize(
    ("date", "uncovered"),
    [
        ("2019-04-30/2019-05-14", []),
        # Each known end of a range counts, the start as much as the end.
        ("../2019-05-14", ["30"]),
        ("2019-04-30/..", ["14"]),
        ("2019-05-14", ["30"]),
    ],
)
def test_both_ends_of_a_range_date_cover_their_figures(date: str, uncovered: list[str]) -> None:
    """A dated record covers the figures its date is written with, at each known end."""
    assert _figures_left_by_talks(TALKS, date) == uncovered


# --- every message of every check, on one small brief with one of each fault ---

FERRY = (
    "Ferry talks\n\nThe council met on 3 May 2031. Tolley said “no more money” to the firm. "
    "The firm may lose 40 boats, it seems. “Nothing is settled” was the line. Talks go on.\n"
)


def _faulty_ferry_brief() -> Brief:
    """A brief of FERRY with one fault of each kind verify knows."""
    from vzcli.authoring import new_brief
    from vzcli.validate import parse

    a = FERRY
    d = new_brief(a)
    d["source"]["sha256"] = "0" * 64  # not this article's
    meeting = [a.index("The council"), a.index("2031.") + 5]
    said = [a.index("Tolley"), a.index("firm.") + 5]
    q = a.index("no more money")
    d["actors"].append(
        {"id": "tolley", "name": "Tolley", "kind": "person", "spans": [[said[0], said[0] + 6]]}
    )
    d["events"] = [
        {
            "id": "meeting",
            "date": "2031-05-03",  # covers the figures 3 and 2031
            "title": "Council meets",
            "summary": "The council met.",
            "spans": [meeting],
        }
    ]
    d["quotes"] = [
        # one character late
        {
            "id": "q-money",
            "speaker": "tolley",
            "kind": "direct",
            "text": "no more money",
            "date": None,
            "spans": [[q + 1, q + 14], said],
        },
        # words the article never prints
        {
            "id": "q-ghost",
            "speaker": "tolley",
            "kind": "direct",
            "text": "never said",
            "date": None,
            "spans": [[said[0], said[0] + 10]],
        },
    ]
    # a hedge the article prints, but not inside the claim's spans
    d["claims"] = [
        {
            "id": "c-boats",
            "holder": "author",
            "kind": "forecast",
            "about": ["tolley"],
            "text": "The firm will lose boats.",
            "certainty": "likely",
            "hedge": "it seems",
            "spans": [meeting],
        }
    ]
    return parse("ferry.json", json.dumps(d).encode())


def test_every_check_says_what_is_wrong_and_what_to_do() -> None:
    """Each fault gets its problem line and its to-do item, with spans, sentence and task."""
    from dataclasses import astuple

    checks = check_source(_faulty_ferry_brief(), FERRY)
    got = [(c.name, c.detail, c.problems, [astuple(t) for t in c.todo]) for c in checks]
    # The provenance and coverage checks; the fidelity checks after them have tests of
    # their own (test_fidelity.py).
    assert [c.name for c in checks[6:]] == [
        "stated values",
        "named actors",
        "actor spans",
        "hedging words",
        "own words",
        "anchors",
    ]
    assert got[:6] == [
        (
            "source",
            "article sha256 and length match the brief (000000000000…, 171 characters)",
            [
                "sha256 of the article is "
                "966fcd06a16d959d7b902578b74808605edad39a381f590dff9de01b8715238d, the brief expects "
                "0000000000000000000000000000000000000000000000000000000000000000"
            ],
            [
                (
                    "source",
                    None,
                    None,
                    "",
                    "set source.sha256 to "
                    '"966fcd06a16d959d7b902578b74808605edad39a381f590dff9de01b8715238d" and source.length '
                    "to 171 (or pass the article the brief was made from)",
                    None,
                )
            ],
        ),
        (
            "quotations",
            "0 of 2 direct quotations sit verbatim at their offsets",
            [
                "quotes[0] (q-money): spans[0] [58, 71] covers 'o more money”', not the quote's text "
                "'no more money'; its text occurs at [57, 70]",
                "quotes[1] (q-ghost): spans[0] [44, 54] covers 'Tolley sai', not the quote's text "
                "'never said'; the article does not print its text (run vzcli locate)",
            ],
            [
                (
                    "quote",
                    58,
                    71,
                    "o more money”",
                    "quotes[0] (q-money): set spans[0] to where its text occurs: [57, 70]",
                    3,
                ),
                (
                    "quote",
                    44,
                    54,
                    "Tolley sai",
                    "quotes[1] (q-ghost): the article does not print its text: copy it verbatim (vzcli "
                    "locate finds it)",
                    3,
                ),
            ],
        ),
        (
            "hedges",
            "0 of 1 hedge or lag stands verbatim inside their records' spans",
            [
                "claims[0] (c-boats): the hedge 'it seems' is not in the article's text at its spans; "
                "its spans hold nothing like it; 'it seems' occurs at [113, 121]"
            ],
            [
                (
                    "hedge",
                    13,
                    43,
                    "it seems",
                    "claims[0] (c-boats): copy the hedge verbatim from its spans (they hold nothing "
                    "like it); the article prints it at [113, 121]",
                    2,
                )
            ],
        ),
        (
            "quotation coverage",
            "2 quotation-marked passages: 0 are quotes, 0 excluded with a reason",
            [
                "[57, 70] 'no more money' is quoted in the article but is neither a direct quote nor "
                "excluded; quotes[0] (q-money) cites [58, 71]: set its spans[0] to [57, 70]",
                "[124, 142] 'Nothing is settled' is quoted in the article but is neither a direct quote "
                "nor excluded",
            ],
            [
                (
                    "quotation",
                    57,
                    70,
                    "no more money",
                    "make it a direct quote (spans[0] exactly here) or exclude it; quotes[0] "
                    "(q-money) cites [58, 71]: set its spans[0] to [57, 70]",
                    3,
                ),
                (
                    "quotation",
                    124,
                    142,
                    "Nothing is settled",
                    "make it a direct quote (spans[0] exactly here) or exclude it",
                    5,
                ),
            ],
        ),
        (
            "figure coverage",
            "3 figures: 2 are stats or dates, 0 excluded with a reason",
            [
                "[103, 105] figure '40' is not the value or date of a stat, nor the date of a record "
                "whose spans cover it, nor excluded"
            ],
            [
                (
                    "figure",
                    103,
                    105,
                    "40",
                    "make it a stat's value or period, the date of a record citing it, or exclude it",
                    4,
                )
            ],
        ),
        (
            "sentence coverage",
            "3 of 6 sentences (0 excluded with a reason)",
            [
                "sentence 4 [85, 122] 'The firm may lose 40 boats, …' is not covered: no record has a "
                "span over at least half of it (and over at most two sentences), and it is not excluded",
                "sentence 5 [123, 157] '“Nothing is settled” was the line.' is not covered: no record "
                "has a span over at least half of it (and over at most two sentences), and it is not "
                "excluded",
                "sentence 6 [158, 170] 'Talks go on.' is not covered: no record has a span over at "
                "least half of it (and over at most two sentences), and it is not excluded",
            ],
            [
                (
                    "sentence",
                    85,
                    122,
                    "The firm may lose 40 boats, …",
                    "cite it in the record that holds what it says (a span over half of it), or exclude it",
                    4,
                ),
                (
                    "sentence",
                    123,
                    157,
                    "“Nothing is settled” was the line.",
                    "cite it in the record that holds what it says (a span over half of it), or exclude it",
                    5,
                ),
                (
                    "sentence",
                    158,
                    170,
                    "Talks go on.",
                    "cite it in the record that holds what it says (a span over half of it), or exclude it",
                    6,
                ),
            ],
        ),
    ]


def test_a_span_covers_at_least_half_a_sentence_and_at_most_two() -> None:
    """Half a sentence is enough, less is not; a span may start in the gap after a sentence."""
    article = "Title\n\nAaaa bbbb cccc ddd. Eeee ffff. Gggg hhhh.\n"
    third = article.index("Eeee")  # sentence 3 is [27, 37): ten characters

    def event(name: str, start: int, end: int) -> dict[str, Any]:
        return {"id": name, "date": None, "title": name, "summary": "x", "spans": [[start, end]]}

    brief = _small_brief(
        article,
        events=[
            event("half", third, third + 5),
            event("less", third, third + 4),
            # from the end of sentence 2 (the space after it) to the end of sentence 4
            event("two", article.index(" Eeee"), len(article) - 1),
            # sentences 2 and 3 exactly, up to where sentence 4 starts
            event("upto", article.index("Aaaa"), article.index("Gggg")),
        ],
    )
    covers = sentence_covers(brief, split(article))
    assert covers == [["source", "author"], ["upto"], ["half", "two", "upto"], ["two"]]


@pytest.mark.parametrize("text", ['{"a": 1, "a": ', "[" * 100_000 + "]" * 100_000])
def test_duplicate_keys_leaves_broken_json_to_validation(text: str) -> None:
    """Text that is not JSON, or nests too deep to parse, has no duplicate keys to report;
    validation reports it with its own message."""
    from vzcli.verify import duplicate_keys

    assert duplicate_keys(text) == []
    assert duplicate_keys('{"a": {"b": 1, "b": 2}}') == [
        "duplicate key 'b' in one object (only the last would count)"
    ]


def test_a_misplaced_quote_lists_the_first_three_places_its_text_occurs() -> None:
    """Every occurrence counts, overlapping ones and one at offset 0 included."""
    from vzcli.authoring import new_brief

    article = "aaaaa\n\nSo it goes.\n"  # "aa" occurs four times
    [author] = new_brief(article)["actors"]
    speaker = {"id": "x", "name": "X", "kind": "person", "spans": [[7, 9]]}
    quote = {"id": "q-aa", "speaker": "x", "kind": "direct", "text": "aa", "date": None}
    brief = _small_brief(article, actors=[author, speaker], quotes=[quote | {"spans": [[6, 8]]}])
    [problem] = _check(brief, article, "quotations").problems
    assert problem.endswith("its text occurs at [0, 2], [1, 3], [2, 4]")


def test_quotation_passages_are_the_text_inside_curly_or_straight_marks() -> None:
    """The passage is what stands between the marks, for both kinds of mark, even empty."""
    from vzcli.verify import quotation_passages

    text = 'He said “yes” and "no", then “”.'
    assert quotation_passages(text) == [(9, 12), (19, 21), (30, 30)]


@pytest.mark.parametrize(
    ("text", "date", "uncovered"),
    [
        # An open end covers nothing: "../" is not the year 1, nor "/.." 31 December 9999.
        ("Talks ran for 1 week until 14 May 2019.", "../2019-05-14", ["1"]),
        ("From 30 April 2019 they met 12 times.", "2019-04-30/..", ["12"]),
    ],
)
def test_an_open_end_of_a_date_covers_no_figure(text: str, date: str, uncovered: list[str]) -> None:
    """Only the known end of an open range is written in the article."""
    assert _figures_left_by_talks(f"Talks\n\n{text}\n", date) == uncovered


def test_one_of_each_is_counted_in_the_singular() -> None:
    """One quote, one passage, one sentence: the details read "1 … is", not "1 … are"."""
    from vzcli.authoring import new_brief

    article = "“Go”"
    [author] = new_brief(article)["actors"]
    speaker = {"id": "x", "name": "X", "kind": "person", "spans": [[0, 4]]}
    quote = {"id": "q", "speaker": "x", "kind": "direct", "text": "Go", "date": None}
    brief = _small_brief(article, actors=[author, speaker], quotes=[quote | {"spans": [[1, 3]]}])
    details = {c.name: c.detail for c in check_source(brief, article)}
    assert details["quotations"] == "1 direct quotation sits verbatim at their offsets"
    assert details["quotation coverage"] == (
        "1 quotation-marked passage: 1 is a quote, 0 excluded with a reason"
    )
    assert details["sentence coverage"] == "1 of 1 sentence (0 excluded with a reason)"


def test_a_hedge_the_article_never_prints_says_only_to_copy_it() -> None:
    """With no place to point at, the task is to copy the hedge from the record's spans."""
    article = "Claims\n\nIt will rain.\n"
    claim = {
        "id": "c-rain",
        "holder": "author",
        "kind": "forecast",
        "about": ["author"],
        "text": "It will rain.",
        "certainty": "likely",
        "hedge": "probably",
        "spans": [[8, 21]],
    }
    [todo] = _check(_small_brief(article, claims=[claim]), article, "hedges").todo
    assert todo.task == (
        "claims[0] (c-rain): copy the hedge verbatim from its spans (they hold nothing like it)"
    )
