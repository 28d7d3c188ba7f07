"""Every fidelity check, said exactly: each problem and to-do item of a small brief
built to break each rule once (and to keep it where it should be kept)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple
from typing import Any

import pytest

from vzcli import fidelity
from vzcli.validate import parse

ART = (
    "Ferry talks stall\n"
    "On Monday 4 March 2024 the council met Idris Pellow of Greyhaven in Port Ardwell.\n"
    "He said the talks could resume. The firm threatens to cut boats in May.\n"
    "Idris Pellow said he would wait.\n"
    "Some 1,200 people ride the ferry daily, the council says.\n"
    "Talks broke down two weeks later.\n"
    "The ferry will keep running on Sundays for now"
)


def at(text: str) -> list[int]:
    """The span of the first occurrence of ``text`` in the article."""
    i = ART.index(text)
    return [i, i + len(text)]


line2 = at("On Monday 4 March 2024 the council met Idris Pellow of Greyhaven in Port Ardwell.")
he = at("He said the talks could resume.")
firm = at("The firm threatens to cut boats in May.")
riders = at("Some 1,200 people ride the ferry daily, the council says.")
later = at("Talks broke down two weeks later.")


def _brief() -> dict[str, Any]:
    brief: dict[str, Any] = {
        "schema_version": 3,
        "source": {
            "title": "Ferry talks stall",
            "author": "Nessa Quill",
            "sha256": hashlib.sha256(ART.encode()).hexdigest(),
            "length": len(ART),
            "spans": [at("Ferry talks stall")],
        },
        "actors": [
            {
                "id": "author",
                "name": "Nessa Quill",
                "kind": "author",
                "spans": [at("Ferry talks stall")],
                "aliases": ["author"],
            },
            {
                "id": "council",
                "name": "Port Ardwell council",
                "kind": "organisation",
                "aliases": ["the council"],
                "spans": [at("the council")],
            },
            {
                "id": "pellow",
                "name": "Idris Pellow",
                "kind": "person",
                "aliases": ['Pellow"', "Pellow"],
                "spans": [at("Idris Pellow"), he],
            },
            {
                "id": "greyhaven",
                "name": "Greyhaven Ferry Company",
                "kind": "organisation",
                "aliases": ["Greyhaven"],
                "spans": [at("Greyhaven"), at("The firm")],
            },
        ],
        "events": [
            {
                "id": "e-meeting",
                "date": "2024-03-04",
                "title": "Council meets Greyhaven",
                "summary": "The council and the ferry firm met.",
                "place": "Port Ardwell",
                "participants": ["council", "pellow"],
                "spans": [line2],
            },
            {
                "id": "e-wrong",
                "date": "2024-03-05",
                "title": "A second meeting",
                "summary": "The council met again.",
                "place": "Varby",
                "participants": ["council", "greyhaven", "author"],
                "spans": [he],
            },
            {
                "id": "e-collapse",
                "date": "2024-03-18",
                "status": "failed",
                "title": "Talks break down",
                "summary": "The talks failed.",
                "participants": ["council"],
                "spans": [later],
                "inferred": {
                    "date": "two weeks after the meeting of 4 March",
                    "participants": "read from the talks",
                },
            },
            {
                "id": "e-riders",
                "date": None,
                "title": "Daily crossings",
                "summary": "People ride daily.",
                "participants": ["greyhaven", "pellow"],
                "spans": [riders],
            },
            {
                "id": "e-loose",
                "date": "../2024-03-04",
                "title": "Earlier contact",
                "summary": "Some contact came first.",
                "spans": [line2],
                "inferred": {"date": "before the meeting"},
            },
        ],
        "quotes": [
            {
                "id": "r-pellow",
                "speaker": "pellow",
                "kind": "reported",
                "text": "Pellow said talks may restart.",
                "date": None,
                "spans": [he],
            },
            {
                "id": "r-wait",
                "speaker": "pellow",
                "kind": "reported",
                "text": "Pellow would wait.",
                "date": None,
                "spans": [at("he would wait.")],
            },
            {
                "id": "r-council",
                "speaker": "council",
                "kind": "reported",
                "text": "The council counts riders.",
                "date": None,
                "spans": [firm],
            },
        ],
        "claims": [
            {
                "id": "c-first-unhedged",
                "holder": "author",
                "kind": "forecast",
                "text": "Talks resume.",
                "certainty": "stated",
                "unhedged": "a word of the reporting clause",
                "spans": [he],
            },
            {
                "id": "c-holder",
                "holder": "council",
                "kind": "assessment",
                "text": "Sundays stay.",
                "certainty": "stated",
                "spans": [later],
            },
            {
                "id": "c-end",
                "holder": "author",
                "kind": "forecast",
                "text": "Will keep running on Sundays for now.",
                "certainty": "stated",
                "spans": [later],
            },
            {
                "id": "c-two-hedges",
                "holder": "council",
                "kind": "forecast",
                "text": "Talks resume and boats go.",
                "certainty": "stated",
                "spans": [he, firm],
            },
            {
                "id": "c-threat",
                "holder": "author",
                "kind": "forecast",
                "text": "The firm will cut boats.",
                "certainty": "stated",
                "spans": [firm],
            },
            {
                "id": "c-could",
                "holder": "pellow",
                "kind": "forecast",
                "text": "Talks will resume.",
                "certainty": "stated",
                "unhedged": "kept flat on purpose",
                "spans": [he],
            },
            {
                "id": "c-copy",
                "holder": "author",
                "kind": "fact",
                "text": "So the council met Idris Pellow of Greyhaven in town.",
                "certainty": "stated",
                "spans": [line2],
            },
        ],
        "stats": [
            {
                "id": "s-year",
                "metric": "a year",
                "value": 2024,
                "unit": "year",
                "measure": "level",
                "period": None,
                "spans": [riders],
            },
            {
                "id": "s-riders",
                "metric": "riders",
                "value": 1200,
                "unit": "people",
                "measure": "level",
                "period": None,
                "spans": [riders],
            },
            {
                "id": "s-bad",
                "metric": "riders",
                "value": 1300,
                "unit": "people",
                "measure": "level",
                "period": "2024",
                "spans": [riders],
            },
        ],
        "links": [
            {
                "id": "l-plain",
                "source": "e-collapse",
                "relation": "followed",
                "target": "e-riders",
                "spans": [later],
            },
            {
                "id": "l-cross",
                "source": "e-collapse",
                "relation": "followed",
                "target": "other:e-x",
                "lag": "two weeks",
                "spans": [later],
            },
            {
                "id": "l-ok",
                "source": "e-collapse",
                "relation": "followed",
                "target": "e-meeting",
                "lag": "two weeks",
                "spans": [later],
            },
            {
                "id": "l-loose",
                "source": "e-collapse",
                "relation": "followed",
                "target": "e-loose",
                "lag": "two weeks",
                "spans": [later],
            },
        ],
    }
    return brief


EXPECTED: dict[str, Any] = {
    "stated values": [
        "every date, figure and period not marked inferred stands in its record's spans; "
        "no scheduled event before the publication, no past one after it",
        [
            "events[1] (e-wrong): date 2024-03-05 is not in its spans (no year 2024, "
            "month March, day 5); spans[0] [100, 131] 'He said the talks could "
            "resume.'",
            "stats[0] (s-year): value 2024 is not a figure of its spans; spans[0] "
            "[205, 262] 'Some 1,200 people ride the ferry daily,…'",
            "stats[2] (s-bad): period 2024 is not in its spans (no year 2024); "
            "spans[0] [205, 262] 'Some 1,200 people ride the ferry daily,…'",
            "stats[2] (s-bad): value 1300 is not a figure of its spans; spans[0] [205, "
            "262] 'Some 1,200 people ride the ferry daily,…'",
            "links[3] (l-loose): e-loose is dated ../2024-03-04, looser than the lag "
            "allows: 11 to 17 days before e-collapse (2024-03-18) is 2024-03-01 to "
            "2024-03-07; spans[0] [263, 296] 'Talks broke down two weeks later.'",
        ],
        [
            [
                "inferred",
                100,
                131,
                "He said the talks could resume.",
                "events[1] (e-wrong): mark inferred.date with the reason, or cite where "
                "the article prints it",
                None,
            ],
            [
                "inferred",
                205,
                262,
                "Some 1,200 people ride the ferry daily,…",
                "stats[0] (s-year): mark inferred.value with the reason, or cite the figure",
                None,
            ],
            [
                "inferred",
                205,
                262,
                "Some 1,200 people ride the ferry daily,…",
                "stats[2] (s-bad): mark inferred.period with the reason, or cite where "
                "the article prints it",
                None,
            ],
            [
                "inferred",
                205,
                262,
                "Some 1,200 people ride the ferry daily,…",
                "stats[2] (s-bad): mark inferred.value with the reason, or cite the figure",
                None,
            ],
            [
                "inferred",
                263,
                296,
                "Talks broke down two weeks later.",
                "links[3] (l-loose): date it within the lag",
                None,
            ],
        ],
    ],
    "named actors": [
        "every participant, place, speaker and holder not marked inferred is named "
        "in its record's spans",
        [
            "events[1] (e-wrong): place 'Varby' is not named in its spans; spans[0] "
            "[100, 131] 'He said the talks could resume.'",
            "events[3] (e-riders): participants greyhaven, pellow not named in its "
            "spans; spans[0] [205, 262] 'Some 1,200 people ride the ferry daily,…'",
            "quotes[2] (r-council): speaker council not named in its spans; spans[0] "
            "[132, 171] 'The firm threatens to cut boats in May.'",
            "claims[1] (c-holder): holder council not named in its spans; spans[0] "
            "[263, 296] 'Talks broke down two weeks later.'",
        ],
        [
            [
                "inferred",
                100,
                131,
                "He said the talks could resume.",
                "events[1] (e-wrong): mark inferred.place with the reason, or cite where "
                "the article names it",
                None,
            ],
            [
                "inferred",
                205,
                262,
                "Some 1,200 people ride the ferry daily,…",
                "events[3] (e-riders): mark inferred.participants with the reason, or cite "
                "where the article names them",
                None,
            ],
            [
                "inferred",
                132,
                171,
                "The firm threatens to cut boats in May.",
                "quotes[2] (r-council): mark inferred.speaker with the reason, or cite "
                "where the article names them",
                None,
            ],
            [
                "inferred",
                263,
                296,
                "Talks broke down two weeks later.",
                "claims[1] (c-holder): mark inferred.holder with the reason, or cite where "
                "the article names them",
                None,
            ],
        ],
    ],
    "actor spans": [
        "each span of an actor names it, by a name or an alias",
        [
            "actors[0] (author): spans[0] [0, 17] 'Ferry talks stall' does not name it",
            "actors[3] (greyhaven): spans[1] [132, 140] 'The firm' does not name it",
        ],
        [
            [
                "actor",
                0,
                17,
                "Ferry talks stall",
                "actors[0] (author): cite a passage that names it, or add the name it has "
                "there as an alias",
                None,
            ],
            [
                "actor",
                132,
                140,
                "The firm",
                "actors[3] (greyhaven): cite a passage that names it, or add the name it "
                "has there as an alias",
                None,
            ],
        ],
    ],
    "hedging words": [
        "no hedging word in the spans of the 7 stated claims, or a word why it does not hedge",
        [
            "claims[3] (c-two-hedges): graded stated, but its spans hedge with "
            "'could', 'threatens'; the first at [118, 123]",
            "claims[4] (c-threat): graded stated, but its spans hedge with "
            "'threatens'; the first at [141, 150]",
        ],
        [
            [
                "hedge",
                118,
                123,
                "could",
                "claims[3] (c-two-hedges): grade it and keep the words in hedge, or say "
                "in unhedged why they do not hedge this claim",
                None,
            ],
            [
                "hedge",
                141,
                150,
                "threatens",
                "claims[4] (c-threat): grade it and keep the words in hedge, or say in "
                "unhedged why they do not hedge this claim",
                None,
            ],
        ],
    ],
    "own words": [
        "no text the brief writes copies 7 consecutive words of the article",
        [
            "claims[2] (c-end).text copies the article's words at [307, 343]: 'will keep "
            "running on Sundays for now'",
            "claims[6] (c-copy).text copies the article's words at [41, 82]: 'the council "
            "met Idris Pellow of Greyhaven'",
        ],
        [
            [
                "words",
                307,
                343,
                "will keep running on Sundays for now",
                "claims[2] (c-end).text: say it in the brief's own words",
                None,
            ],
            [
                "words",
                41,
                82,
                "the council met Idris Pellow of Greyhaven",
                "claims[6] (c-copy).text: say it in the brief's own words",
                None,
            ],
        ],
    ],
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_check_says_exactly_what_is_wrong_and_what_to_do(name: str) -> None:
    brief = parse("ferry.json", json.dumps(_brief()).encode())
    checks = {c.name: c for c in fidelity.checks(brief, ART)}
    check = checks[name]
    assert [check.detail, check.problems, [list(astuple(t)) for t in check.todo]] == EXPECTED[name]


def test_the_checks_come_in_verify_s_order() -> None:
    brief = parse("ferry.json", json.dumps(_brief()).encode())
    assert [c.name for c in fidelity.checks(brief, ART)] == list(EXPECTED)
