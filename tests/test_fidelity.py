"""The fidelity checks of ``verify --source``: each breaks the bundled brief in the way
it exists to catch, and sees verify fail naming the record."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli import anchors, fidelity
from vzcli.cli import app
from vzcli.dates import PartialDate
from vzcli.sentences import split
from vzcli.validate import parse
from vzcli.verify import Check, check_source

runner = CliRunner()


def _checks(data: dict[str, Any], text: str) -> dict[str, Check]:
    brief = parse("brief", json.dumps(data).encode())
    return {c.name: c for c in check_source(brief, text)}


def _record(data: dict[str, Any], collection: str, rid: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in data[collection] if r["id"] == rid)
    return found


def test_the_bundled_brief_passes_every_check(brief_dict: dict[str, Any], article: Path) -> None:
    checks = _checks(brief_dict, article.read_text("utf-8"))
    assert {name: c.problems for name, c in checks.items() if not c.ok} == {}
    for name in ("stated values", "named actors", "actor spans", "hedging words", "own words"):
        assert name in checks
    assert "anchors" in checks


def _fails(data: dict[str, Any], text: str, check: str, *words: str) -> list[str]:
    checks = _checks(data, text)
    failed = sorted(name for name, c in checks.items() if not c.ok)
    assert check in failed, failed
    for word in words:
        assert any(word in p for p in checks[check].problems), checks[check].problems
    return failed


def test_an_inferred_date_unmarked_fails(brief_dict: dict[str, Any], article: Path) -> None:
    talks = _record(brief_dict, "events", "russia-us-talks")
    del talks["inferred"]["date"]
    failed = _fails(brief_dict, article.read_text("utf-8"), "stated values", "russia-us-talks")
    assert failed == ["stated values"]


def test_a_stat_value_not_in_its_spans_fails(brief_dict: dict[str, Any], article: Path) -> None:
    _record(brief_dict, "stats", "stat-refugees-2019")["value"] = 5_400_000
    _fails(brief_dict, article.read_text("utf-8"), "stated values", "value 5400000")


def test_a_stat_value_marked_inferred_passes(brief_dict: dict[str, Any], article: Path) -> None:
    stat = _record(brief_dict, "stats", "stat-refugees-2019")
    stat["value"] = 5_400_000
    stat.setdefault("inferred", {})["value"] = "read from the text"
    checks = _checks(brief_dict, article.read_text("utf-8"))
    assert checks["stated values"].ok


def test_a_lag_bounds_the_date_it_joins(brief_dict: dict[str, Any], article: Path) -> None:
    # "two weeks after" 14 May: an open start is looser than the words allow,
    # even when the date is marked inferred.
    link = next(lk for lk in brief_dict["links"] if lk.get("lag") == "two weeks")
    earlier = next(
        r
        for name in ("events", "quotes", "claims")
        for r in brief_dict[name]
        if r["id"] == link["target"]
    )
    earlier["date"] = "../2019-05-14"
    _fails(brief_dict, article.read_text("utf-8"), "stated values", link["id"], "looser")


def test_a_participant_not_named_fails(brief_dict: dict[str, Any], article: Path) -> None:
    event = _record(brief_dict, "events", "sochi-meeting")
    event["participants"].append("putin")
    _fails(brief_dict, article.read_text("utf-8"), "named actors", "sochi-meeting", "putin")


def test_a_speaker_named_before_a_pronoun_passes(article: Path) -> None:
    text = article.read_text("utf-8")
    start = text.index("He assured")
    spans = [(start, start + 40)]
    sents = split(text)
    assert fidelity.named_near(["Donald Trump", "Trump"], text, spans, sents)
    assert not fidelity.named_near(["Sergei Lavrov", "Lavrov"], text, spans, sents)


def test_a_hedge_dropped_fails(brief_dict: dict[str, Any], article: Path) -> None:
    claim = _record(brief_dict, "claims", "c-settlement-unlikely")
    claim["certainty"] = "stated"
    claim["hedge"] = None
    _fails(brief_dict, article.read_text("utf-8"), "hedging words", "c-settlement-unlikely")


def test_a_word_that_does_not_hedge_says_why(brief_dict: dict[str, Any], article: Path) -> None:
    claim = _record(brief_dict, "claims", "c-settlement-unlikely")
    claim["certainty"] = "stated"
    claim["hedge"] = None
    claim["unhedged"] = "the words grade another clause"
    assert _checks(brief_dict, article.read_text("utf-8"))["hedging words"].ok


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("They met on 14 May 2019.", []),
        ("In May the talks began.", []),
        ("It was held in May.", []),
        ("Talks may resume.", ["may"]),
        ("May they succeed. It seems so.", ["may", "seems"]),
        ("The deal is unlikely and doubtful.", ["unlikely", "doubtful"]),
        ("Such inconsistency threatens to complicate talks.", ["threatens"]),
        ("The army could not be reached; it could try.", ["could"]),
        ("Maybe not.", []),
    ],
)
def test_hedging_words_tell_the_month_from_the_modal(text: str, found: list[str]) -> None:
    assert fidelity.hedging_words(text) == found


def test_seven_article_words_in_a_summary_fail(brief_dict: dict[str, Any], article: Path) -> None:
    text = article.read_text("utf-8")
    copied = "has been caught in a power struggle since January 2019"
    assert copied in text
    event = _record(brief_dict, "events", "guaido-bid")
    event["summary"] = f"Venezuela {copied}."
    _fails(brief_dict, text, "own words", "(guaido-bid).summary")


def test_six_words_and_quoted_words_in_a_reason_pass(
    brief_dict: dict[str, Any], article: Path
) -> None:
    text = article.read_text("utf-8")
    event = _record(brief_dict, "events", "guaido-bid")
    event["summary"] = "It had been caught in a power struggle for months."  # 6 words copied
    event.setdefault("inferred", {})["place"] = (
        "the article says 'which has been caught in a power struggle since January 2019'"
    )
    assert _checks(brief_dict, text)["own words"].ok


def test_an_actor_span_moved_off_its_name_fails(brief_dict: dict[str, Any], article: Path) -> None:
    text = article.read_text("utf-8")
    lavrov = _record(brief_dict, "actors", "lavrov")
    at = text.index("The main topic")
    lavrov["spans"][0] = [at, at + 30]
    _fails(brief_dict, text, "actor spans", "lavrov")


def _edited(text: str, at: str, insert: str) -> str:
    i = text.index(at)
    return text[:i] + insert + text[i:]


def _rehashed(data: dict[str, Any], text: str) -> dict[str, Any]:
    data["source"]["sha256"] = hashlib.sha256(text.encode()).hexdigest()
    data["source"]["length"] = len(text)
    return data


def test_one_character_inserted_and_rehashed_fails_at_the_first_shifted_record(
    brief_dict: dict[str, Any], article: Path
) -> None:
    text = _edited(article.read_text("utf-8"), "The main topic", " ")
    checks = _checks(_rehashed(brief_dict, text), text)
    assert checks["source"].ok
    problems = checks["anchors"].problems
    assert problems
    # The first span after the edit in file order: the source's spans end before it.
    first = min(
        (s, rid)
        for rid, s, e in anchors.cited(parse("b", json.dumps(brief_dict).encode()))
        if s >= text.index("The main topic") - 1
    )
    assert any(first[1] in p for p in problems)
    assert any("reanchor" in t.task for t in checks["anchors"].todo)


def test_a_span_moved_by_hand_is_unanchored(brief_dict: dict[str, Any], article: Path) -> None:
    text = article.read_text("utf-8")
    quote = _record(brief_dict, "quotes", "q-trump-tweet")
    quote["spans"][1] = [quote["spans"][1][0] - 1, quote["spans"][1][1]]
    _fails(brief_dict, text, "anchors", "q-trump-tweet")


# --- the CLI, on files --------------------------------------------------------


def _verify_fails(brief: Path, article: Path, check: str) -> str:
    result = runner.invoke(app, ["verify", "--data", str(brief), "--source", str(article)])
    assert result.exit_code == 1, result.output
    assert f"FAIL  {check}:" in result.stdout
    return result.stdout


def test_verify_names_each_breakage(
    brief_dict: dict[str, Any], article: Path, write_brief: Callable[..., Path]
) -> None:
    _record(brief_dict, "claims", "c-settlement-unlikely").update(certainty="stated", hedge=None)
    out = _verify_fails(write_brief(brief_dict), article, "hedging words")
    assert "claims[" in out
    assert "(c-settlement-unlikely): graded stated, but its spans hedge with" in out
    args = ["--data", str(write_brief(brief_dict)), "--source", str(article)]
    todo = runner.invoke(app, ["verify", *args, "--todo", "-f", "json"])
    items = json.loads(todo.stdout)
    assert any(t["kind"] == "hedge" and "c-settlement-unlikely" in t["task"] for t in items)


def test_missing_parts_of_a_date() -> None:
    when = PartialDate.parse("2019-05-14")
    assert fidelity.missing_parts(when, "on 14 May 2019") == []
    assert fidelity.missing_parts(when, "on Tuesday, in May 2019") == []  # 14 May 2019: a Tuesday
    assert fidelity.missing_parts(when, "in May 2019") == ["day 14"]
    assert fidelity.missing_parts(when, "on 14 May") == ["year 2019"]
    assert fidelity.missing_parts(PartialDate.parse("2019-01/.."), "since January 2019") == []
    assert fidelity.missing_parts(PartialDate.parse("2019-09"), "Sept. 2019") == []
    assert fidelity.missing_parts(PartialDate.parse("2019-04-30"), "2019-04-30") == []
    assert fidelity.missing_parts(PartialDate.parse("2019"), "2,019 people") == ["year 2019"]


@pytest.mark.parametrize(
    ("lag", "days"),
    [
        ("two weeks", (11, 17)),
        ("a week", (4, 10)),
        ("three days", (3, 3)),
        ("about a month", (15, 45)),
        ("10 days", (10, 10)),
        ("shortly", None),
        ("dozens of weeks", None),
    ],
)
def test_lag_days(lag: str, days: tuple[int, int] | None) -> None:
    assert fidelity.lag_days(lag) == days


# --- the rules at their edges ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A5  . May rain", ["may"]),  # the digit five characters before: too far
        ("A5 . May rain", []),  # four characters before: a date's number
        ("Be 14. May it rain", []),  # a number just before a sentence's May
        ("9 May x", []),  # at the very start
        ("May 2019 came.", []),
        ("May abcde1", ["may"]),  # the digit seven characters after: too far
        ("May abcd1", []),  # six after
        ("Rain. May it stop? Yes.", ["may"]),
        ("It may. Might it? Could be", ["may", "might", "could"]),
    ],
)
def test_may_is_the_month_beside_a_number_or_inside_a_sentence(text: str, found: list[str]) -> None:
    assert fidelity.hedging_words(text) == found


@pytest.mark.parametrize(
    ("when", "text", "missing"),
    [
        ("../2019-05-14", "by 14 May 2019", []),
        ("../2019-05-14", "by May 2019", ["day 14"]),  # the open start is not asked for
        ("2019-01/2019-03", "from Jan. to March 2019", []),
        ("2019-01/2019-03", "from January 2019", ["month March"]),
        ("2019-02", "in Feb 2019", []),
        ("2019-02", "in Jan 2019", ["month February"]),
        ("2019-12", "in December 2019", []),
        ("2019-11", "in Nov. 2019", []),
        ("2019-09", "in Sep 2019", []),
        ("2019-08", "in Sept 2019", ["month August"]),  # 'Sept' is September's alone
        ("2019-04-30", "on 2019-04-30", []),
        ("2019-04", "in 2019-04", []),
        ("2019-04", "in 2019-05", ["month April"]),
        ("2019-05-14", "on 14.5 May 2019", ["day 14"]),  # a decimal is no day
        ("2019-05-14", "on 214 May 2019", ["day 14"]),
    ],
)
def test_the_parts_of_a_date_its_spans_print(when: str, text: str, missing: list[str]) -> None:
    assert fidelity.missing_parts(PartialDate.parse(when), text) == missing


def test_glimpse_cuts_at_forty_characters() -> None:
    from vzcli.verify import glimpse

    assert glimpse("x" * 40) == "x" * 40
    assert glimpse("x" * 41) == "x" * 39 + "…"
    assert glimpse("abcdef", 4) == "abc…"


def test_a_spelling_with_a_quotation_mark_is_still_looked_for() -> None:
    assert fidelity.mentions(['Pellow"'], "Idris Pellow said")
    assert not fidelity.mentions(['"'], "anything")


def test_the_hedging_word_is_found_in_a_later_span() -> None:
    from vzcli.fidelity import _first

    text = "It rains. It may snow."
    assert _first("may", text, [(0, 9), (10, 22)]) == (13, 16)
    assert _first("MAY", text, [(10, 22)]) == (13, 16)  # in any case


def test_a_pronoun_resolves_no_more_than_four_sentences_back() -> None:
    text = "Ann spoke. He ran. He sat. He ate. He slept. He woke."
    sents = split(text)
    woke = (text.index("He woke"), len(text))
    slept = (text.index("He slept"), text.index(" He woke"))
    assert fidelity.named_near(["Ann"], text, [slept], sents)
    assert not fidelity.named_near(["Ann"], text, [woke], sents)
    # a sentence without a pronoun between breaks the chain
    broken = "Ann spoke. Rain fell. He ran."
    ran = (broken.index("He ran"), len(broken))
    assert not fidelity.named_near(["Ann"], broken, [ran], split(broken))
    # the words of the span's own sentence before it count
    own = "Ann said she would go."
    assert fidelity.named_near(["Ann"], own, [(own.index("she"), len(own))], split(own))


def _lag(later: str, earlier: str | None) -> str | None:
    from vzcli.fidelity import _lag_problem
    from vzcli.models import Event

    def event(eid: str, when: str | None) -> Event:
        date = None if when is None else PartialDate.parse(when)
        return Event(id=eid, date=date, title="t", summary="s", spans=[(0, 1)])

    return _lag_problem(event("late", later), event("early", earlier), (11, 17))


@pytest.mark.parametrize(
    ("later", "earlier", "ok"),
    [
        ("2024-03-18", "2024-03-01", True),  # 17 days before: the first day allowed
        ("2024-03-18", "2024-03-07", True),  # 11 days before: the last
        ("2024-03-18", "2024-02-29", False),
        ("2024-03-18", "2024-03-08", False),
        ("2024-03-18", "2024-03-01/2024-03-07", True),
        ("2024-03-18", "2024-03-01/2024-03-08", False),
        ("2024-03-18", "2024-02-29/2024-03-07", False),
        ("2024-03-18/..", "2024-03-05", True),  # the later date open: no last day
        ("2024-03-18/..", "2024-02-29", False),
        ("../2024-03-18", "2024-03-05", True),  # an open start bounds nothing
        ("2024-03-18", None, False),
    ],
)
def test_a_lag_bounds_at_the_width_its_words_allow(
    later: str, earlier: str | None, ok: bool
) -> None:
    problem = _lag(later, earlier)
    assert (problem is None) is ok, problem
    if earlier is None:
        assert problem is not None
        assert "early is dated not at all, looser than the lag allows" in problem


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("1. May x", []),  # a number just before, at the text's very start
        ("Plan XX May go", []),  # a word of capitals is no sentence end
        ("It rained. XX. May it stop", ["may"]),
    ],
)
def test_more_edges_of_may(text: str, found: list[str]) -> None:
    assert fidelity.hedging_words(text) == found


def test_the_hedging_word_is_looked_for_only_inside_each_span() -> None:
    from vzcli.fidelity import _first

    text = "Rain. may. Then may."
    assert _first("may", text, [(0, 5), (11, 20)]) == (16, 19)


@pytest.mark.parametrize("end", ["later", "earlier"])
def test_a_lag_to_a_record_without_a_date_field_bounds_nothing(end: str) -> None:
    from vzcli.fidelity import _lag_problem
    from vzcli.models import Event, Position
    from vzcli.vocab import Stance

    event = Event(
        id="e", date=PartialDate.parse("2024-03-18"), title="t", summary="s", spans=[(0, 1)]
    )
    position = Position(id="p", holder="a", stance=Stance.SUPPORTS, summary="s", spans=[(0, 1)])
    later, earlier = (position, event) if end == "later" else (event, position)
    assert _lag_problem(later, earlier, (11, 17)) is None


def test_own_texts_are_every_text_the_brief_writes(brief_dict: dict[str, Any]) -> None:
    from vzcli.rebuild import build_brief

    data = {
        **brief_dict,
        "actors": [{**brief_dict["actors"][0], "role": "Writes it"}],
        "events": [
            {
                "id": "e",
                "date": None,
                "title": "T",
                "summary": "S",
                "spans": [[0, 1]],
                "inferred": {"place": "read 'so' here"},
            }
        ],
        "quotes": [
            {
                "id": "q1",
                "speaker": "x",
                "kind": "direct",
                "text": "Verbatim",
                "date": None,
                "spans": [[0, 1]],
            },
            {
                "id": "q2",
                "speaker": "x",
                "kind": "reported",
                "text": "Said so",
                "date": None,
                "spans": [[0, 1]],
            },
        ],
        "positions": [
            {
                "id": "p",
                "holder": "x",
                "stance": "supports",
                "issue": "I",
                "summary": "PS",
                "spans": [[0, 1]],
            }
        ],
        "claims": [
            {
                "id": "c",
                "holder": "x",
                "kind": "fact",
                "text": "C",
                "certainty": "stated",
                "unhedged": "the word “may” is a month",
                "spans": [[0, 1]],
            }
        ],
        "stats": [
            {
                "id": "s",
                "metric": "M",
                "value": 1,
                "unit": "u",
                "measure": "level",
                "period": None,
                "note": "N",
                "hedge": "about",
                "spans": [[0, 1]],
            }
        ],
        "links": [
            {
                "id": "l",
                "source": "e",
                "relation": "followed",
                "target": "q1",
                "lag": "a week",
                "spans": [[0, 1]],
            }
        ],
        "excluded": [{"span": [0, 1], "kind": "sentence", "reason": 'A "heading" only'}],
        "source": {**brief_dict["source"], "inferred": {"published": "dated 'then'"}},
    }
    brief = build_brief(json.loads(json.dumps(data)))
    assert list(fidelity.own_texts(brief)) == [
        ("actors[0] (rowan-hart).role", "Writes it"),
        ("events[0] (e).title", "T"),
        ("events[0] (e).summary", "S"),
        ("events[0] (e).inferred.place", "read "),
        ("events[0] (e).inferred.place", " here"),
        ("quotes[1] (q2).text", "Said so"),
        ("positions[0] (p).summary", "PS"),
        ("positions[0] (p).issue", "I"),
        ("claims[0] (c).text", "C"),
        ("claims[0] (c).unhedged", "the word "),
        ("claims[0] (c).unhedged", " is a month"),
        ("stats[0] (s).note", "N"),
        ("stats[0] (s).metric", "M"),
        ("source.inferred.published", "dated "),
        ("source.inferred.published", ""),
        ("excluded[0].reason", "A "),
        ("excluded[0].reason", " only"),
    ]


def test_a_span_starting_at_a_sentence_s_end_resolves_its_pronoun_there() -> None:
    text = "Ann spoke. He left."
    sents = split(text)
    assert sents[0].end == 10
    assert fidelity.named_near(["Ann"], text, [(10, len(text))], sents)


def test_a_figure_spanning_exactly_the_record_s_span_is_its_value(
    brief_dict: dict[str, Any], article: Path
) -> None:
    text = article.read_text("utf-8")
    stat = next(s for s in brief_dict["stats"] if s["id"] == "stat-oil-production-2019-04")
    at = text.index("476,000")
    stat["spans"] = [[at, at + len("476,000")]]
    checks = _checks(brief_dict, text)
    assert not any(
        "(stat-oil-production-2019-04): value" in p for p in checks["stated values"].problems
    )


def test_one_stated_claim_is_said_in_the_singular(
    brief_dict: dict[str, Any], article: Path
) -> None:
    text = article.read_text("utf-8")
    stated = [c for c in brief_dict["claims"] if c["certainty"] == "stated"]
    brief_dict["claims"] = [c for c in brief_dict["claims"] if c["certainty"] != "stated"]
    brief_dict["claims"].append(stated[0])
    keep = {c["id"] for c in brief_dict["claims"]}
    brief_dict["links"] = [
        lk
        for lk in brief_dict["links"]
        if not lk["source"].startswith("c-") or lk["source"] in keep
    ]
    checks = {c.name: c for c in check_source(parse("b", json.dumps(brief_dict).encode()), text)}
    assert checks["hedging words"].detail == (
        "no hedging word in the spans of the 1 stated claim, or a word why it does not hedge"
    )
