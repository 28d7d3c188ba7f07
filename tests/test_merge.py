"""Corroboration, pinned: which records are one thing, and how a merged row is made."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import vzcli
from vzcli.listings import EVENTS, POSITIONS, QUOTES
from vzcli.schema import SchemaName, json_schema

QUOTE = "q-lavrov-threats"
"""A direct quotation of Lavrov in the bundled brief."""


def _brief(base: dict[str, Any], brief_id: str, published: str | None) -> dict[str, Any]:
    data = copy.deepcopy(base)
    data["source"]["id"] = brief_id
    data["source"]["published"] = published
    data["source"].pop("inferred", None)
    return data


def _quote(data: dict[str, Any], quote_id: str = QUOTE) -> dict[str, Any]:
    return next(q for q in data["quotes"] if q["id"] == quote_id)


def _write(folder: Path, *briefs: tuple[str, dict[str, Any]]) -> str:
    folder.mkdir(exist_ok=True)
    for name, data in briefs:
        (folder / name).write_text(json.dumps(data), encoding="utf-8")
    return str(folder)


def _merged(folder: str) -> dict[str, dict[str, Any]]:
    rows = vzcli.open(folder).ask(QUOTES, vzcli.Question(actors="Lavrov"), merged=True)
    return {row["id"]: dict(row) for row in rows}


def test_the_oldest_source_leads_whatever_the_file_order(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    """Files a, b, c published 20, 10 and (undated) May: sources b, a, c."""
    folder = _write(
        tmp_path / "c",
        ("a.json", _brief(brief_dict, "later", "2019-05-20")),
        ("b.json", _brief(brief_dict, "earlier", "2019-05-10")),
        ("c.json", _brief(brief_dict, "undated", None)),
    )
    row = _merged(folder)[QUOTE]
    assert row["sources"] == ["earlier", "later", "undated"]
    assert row["n_sources"] == 3
    assert row["records"] == [f"earlier:{QUOTE}", f"later:{QUOTE}", f"undated:{QUOTE}"]
    assert row["brief"] == "earlier"  # the row is its oldest source's


def test_one_quotation_whatever_its_case_accents_and_spacing(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    other = _brief(brief_dict, "other", "2019-05-20")
    text = _quote(other)["text"]
    _quote(other)["text"] = "  " + text.upper().replace(" ", "   ") + " "
    folder = _write(
        tmp_path / "c", ("a.json", _brief(brief_dict, "one", "2019-05-15")), ("b.json", other)
    )
    assert _merged(folder)[QUOTE]["sources"] == ["one", "other"]


def test_other_words_or_another_speaker_are_another_quotation(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    other = _brief(brief_dict, "other", "2019-05-20")
    _quote(other)["text"] = _quote(other)["text"] + " Indeed."
    folder = _write(
        tmp_path / "c", ("a.json", _brief(brief_dict, "one", "2019-05-15")), ("b.json", other)
    )
    rows = vzcli.open(folder).ask(QUOTES, vzcli.Question(actors="Lavrov"), merged=True)
    alone = [r for r in rows if r["id"] == QUOTE]
    assert [r["sources"] for r in alone] == [["one"], ["other"]]


def test_reported_speech_is_never_merged_by_its_words(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    reported = next(q for q in brief_dict["quotes"] if q["kind"] == "reported")
    folder = _write(
        tmp_path / "c",
        ("a.json", _brief(brief_dict, "one", "2019-05-15")),
        ("b.json", _brief(brief_dict, "two", "2019-05-16")),
    )
    rows = vzcli.open(folder).ask(QUOTES, vzcli.Question(), merged=True)
    same = [r for r in rows if r["id"] == reported["id"]]
    assert [r["n_sources"] for r in same] == [1, 1]


def test_same_as_joins_through_a_chain_of_briefs(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    """one:e same as two:e (drawn in two), two:e same as three:e (drawn in three):
    one event, three sources, though no brief links one and three."""
    event = brief_dict["events"][0]["id"]
    two = _brief(brief_dict, "two", "2019-05-16")
    three = _brief(brief_dict, "three", "2019-05-17")
    for data, target in ((two, f"one:{event}"), (three, f"two:{event}")):
        data["links"].append(
            {
                "id": "l-same",
                "source": event,
                "relation": "same_as",
                "target": target,
                "spans": [[0, 10]],
                "inferred": {"relation": "the same meeting, seen by two sources"},
            }
        )
    folder = _write(
        tmp_path / "c",
        ("a.json", _brief(brief_dict, "one", "2019-05-15")),
        ("b.json", two),
        ("c.json", three),
    )
    rows = vzcli.open(folder).ask(EVENTS, vzcli.Question(), merged=True)
    [joined] = [r for r in rows if r["id"] == event]
    assert joined["sources"] == ["one", "two", "three"]
    others = [r for r in rows if r["id"] != event]
    assert {r["n_sources"] for r in others} == {1}


def test_merge_is_for_rows_that_merge() -> None:
    with pytest.raises(vzcli.QueryError, match="--merge is for events, quotes, claims and stats"):
        vzcli.open().ask(POSITIONS, vzcli.Question(), merged=True)


def test_a_same_as_link_to_a_brief_not_loaded_joins_nothing(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    event = brief_dict["events"][0]["id"]
    two = _brief(brief_dict, "two", "2019-05-16")
    two["links"].append(
        {
            "id": "l-same",
            "source": event,
            "relation": "same_as",
            "target": f"absent:{event}",
            "spans": [[0, 10]],
            "inferred": {"relation": "the same meeting, seen by a brief not loaded here"},
        }
    )
    folder = _write(tmp_path / "c", ("b.json", two))
    rows = vzcli.open(folder).ask(EVENTS, vzcli.Question(), merged=True)
    assert [r["sources"] for r in rows if r["id"] == event] == [["two"]]


def test_sources_published_the_same_day_keep_the_order_of_their_rows(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    folder = _write(
        tmp_path / "c",
        ("a.json", _brief(brief_dict, "one", "2019-05-15")),
        ("b.json", _brief(brief_dict, "two", "2019-05-15")),
    )
    row = _merged(folder)[QUOTE]
    assert row["sources"] == ["one", "two"]
    assert row["brief"] == "one"


def test_one_quotation_twice_in_one_brief_is_one_row_in_the_brief_s_order(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    data = _brief(brief_dict, "one", "2019-05-15")
    again = copy.deepcopy(_quote(data))
    again["id"] = "q-again"
    data["quotes"].insert(0, again)
    row = _merged(_write(tmp_path / "c", ("a.json", data)))["q-again"]
    assert row["records"] == ["one:q-again", f"one:{QUOTE}"]
    assert (row["sources"], row["n_sources"]) == (["one"], 1)


def test_one_actor_takes_the_role_and_side_a_newer_brief_gives_with_their_reasons(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    """The oldest brief leaves Putin's role and side unset; a newer one gives both, the
    side inferred: the merged row has them, the side's name and the reason."""
    older = _brief(brief_dict, "older", "2019-05-15")
    putin = next(a for a in older["actors"] if a["id"] == "putin")
    putin.update(role=None, side=None)
    putin.pop("inferred", None)
    newer = _brief(brief_dict, "newer", "2019-05-16")
    folder = _write(tmp_path / "c", ("a.json", older), ("b.json", newer))
    [row] = vzcli.open(folder).actors(vzcli.Question(actors="Putin"))
    assert row["briefs"] == ["older", "newer"]
    assert (row["role"], row["side"], row["side_name"]) == ("President", "russia", "Russia")
    reason = next(a for a in brief_dict["actors"] if a["id"] == "putin")["inferred"]["side"]
    assert row["inferred"] == {"side": reason}


def test_one_actor_keeps_the_first_role_and_side_a_source_gives(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    older = _brief(brief_dict, "older", "2019-05-15")
    newer = _brief(brief_dict, "newer", "2019-05-16")
    lavrov = next(a for a in newer["actors"] if a["id"] == "lavrov")
    lavrov.update(role="Diplomat")
    folder = _write(tmp_path / "c", ("a.json", older), ("b.json", newer))
    [row] = vzcli.open(folder).actors(vzcli.Question(actors="Lavrov"))
    assert (row["role"], row["side"], row["side_name"], row["inferred"]) == (
        "Russian Foreign Minister",
        "russia",
        "Russia",
        {},
    )


def test_one_actor_s_evidence_is_every_brief_s_passages() -> None:
    fixtures = Path(__file__).parent / "fixtures" / "corpus"
    corpus = vzcli.open(str(fixtures / "briefs"), sources=str(fixtures / "articles"))
    [row] = corpus.actors(vzcli.Question(actors="Nordpress staff"))
    assert row["evidence"] == {
        "nordpress-announce": ["Nordpress staff"],
        "nordpress-followup": ["Nordpress staff"],
    }
    assert list(row["spans"]) == ["nordpress-announce", "nordpress-followup"]


def test_one_actor_takes_a_side_alone_with_its_name(
    tmp_path: Path, brief_dict: dict[str, Any]
) -> None:
    older = _brief(brief_dict, "older", "2019-05-15")
    next(a for a in older["actors"] if a["id"] == "lavrov").update(side=None)
    newer = _brief(brief_dict, "newer", "2019-05-16")
    next(a for a in newer["actors"] if a["id"] == "lavrov").update(role="Diplomat")
    folder = _write(tmp_path / "c", ("a.json", older), ("b.json", newer))
    [row] = vzcli.open(folder).actors(vzcli.Question(actors="Lavrov"))
    assert (row["role"], row["side"], row["side_name"]) == (
        "Russian Foreign Minister",
        "russia",
        "Russia",
    )


def test_one_actor_s_evidence_is_null_for_a_brief_whose_article_is_missing(
    tmp_path: Path,
) -> None:
    """The folder lacks one brief's article: the actor row keeps every brief, the found
    ones with their passages and the missing one null, as its schema says."""
    fixtures = Path(__file__).parent / "fixtures" / "corpus"
    articles = tmp_path / "articles"
    shutil.copytree(fixtures / "articles", articles)
    (articles / "nordpress-followup.txt").unlink()
    corpus = vzcli.open(str(fixtures / "briefs"), sources=str(articles))
    [row] = corpus.actors(vzcli.Question(actors="Nordpress staff"))
    assert row["evidence"] == {
        "nordpress-announce": ["Nordpress staff"],
        "nordpress-followup": None,
    }
    jsonschema.validate([row], json_schema(SchemaName.ACTORS))
