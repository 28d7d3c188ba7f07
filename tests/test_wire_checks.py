"""verify on wire copy: the dateline's day is the publication's, an author the article
never names needs no span that names them, and an event's status agrees with its
date and the publication."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vzcli import editing
from vzcli.authoring import new_brief
from vzcli.cli import app
from vzcli.editing import Cite
from vzcli.jsontext import pretty_json

runner = CliRunner()

ARTICLE = (
    "Ministers to meet in Tarnby\n"
    "TARNBY, March 12 (NNA) \u2013 The ministers of Kaldoria and Merrow will meet on March 20.\n"
    "They met last on March 2.\n"
    "(Reporting by Ilse Marten; editing by Tomas Roe)\n"
)


def _verify(tmp_path: Path, brief: dict[str, object] | str) -> tuple[int, str]:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    text = brief if isinstance(brief, str) else pretty_json(brief)
    (tmp_path / "b.json").write_text(text, "utf-8")
    result = runner.invoke(
        app, ["verify", "--data", str(tmp_path / "b.json"), "--source", str(tmp_path / "a.txt")]
    )
    return result.exit_code, result.stdout


def _line(out: str, check: str) -> str:
    return next(line for line in out.splitlines() if line[6:].startswith(check + ":"))


def test_init_takes_the_author_from_the_reporting_line() -> None:
    brief = new_brief(ARTICLE)
    author = brief["actors"][0]
    assert (author["id"], author["name"]) == ("ilse-marten", "Ilse Marten")
    start = ARTICLE.index("Ilse Marten")
    assert author["spans"] == [[start, start + 11]]
    assert "inferred" not in author
    named = new_brief(ARTICLE, author="Someone Else")["actors"][0]
    assert named["name"] == "Someone Else"  # the name given wins


def test_an_author_the_article_never_names_passes_actor_spans(tmp_path: Path) -> None:
    article = "A title\nSomething happened on Monday.\n"
    (tmp_path / "a.txt").write_text(article, "utf-8")
    (tmp_path / "b.json").write_text(pretty_json(new_brief(article)), "utf-8")
    result = runner.invoke(
        app, ["verify", "--data", str(tmp_path / "b.json"), "--source", str(tmp_path / "a.txt")]
    )
    assert _line(result.stdout, "actor spans").startswith("ok ")


def test_the_datelines_day_is_covered_by_the_publication(tmp_path: Path) -> None:
    at = ARTICLE.index("12 (NNA)")
    brief = new_brief(ARTICLE, published="2031-03-12", dateline="TARNBY, March 12")
    _, out = _verify(tmp_path, brief)
    assert _line(out, "figure coverage").endswith(
        "3 figures: 1 is a stat or date, 0 excluded with a reason"
    )
    assert f"[{at}, {at + 2}]" not in out
    other = new_brief(ARTICLE, published="2031-03-11", dateline="TARNBY, March 12")
    _, out = _verify(tmp_path, other)
    assert f"[{at}, {at + 2}] figure '12' is not the value" in out


def _with_event(status: str, day: str, published: str) -> str:
    text = pretty_json(new_brief(ARTICLE, published=published))
    return editing.add(
        text,
        "event",
        {
            "id": "talks",
            "title": "Talks",
            "summary": "Ministers meet.",
            "date": day,
            "status": status,
        },
        Cite(at=("will meet on March 20",)),
        ARTICLE,
        "b",
    ).text


@pytest.mark.parametrize(
    ("status", "day", "published", "problem"),
    [
        ("scheduled", "2031-03-20", "2031-03-12", None),
        (
            "scheduled",
            "2030-03-20",
            "2031-03-12",
            "events[0] (talks): scheduled, yet dated 2030-03-20 before the publication "
            "(2031-03-12): it has not happened when the article is published",
        ),
        ("scheduled", "2031-03-12", "2031-03-12", None),
        (
            "occurred",
            "2031-03-20",
            "2031-03-12",
            "events[0] (talks): occurred, yet dated 2031-03-20 after the publication "
            "(2031-03-12): the article cannot tell of it as past",
        ),
        ("occurred", "2031-03-12", "2031-03-12", None),
        ("occurred", "2031-03-20", "2031-03-12/..", None),
        ("ongoing", "2031-03-20/..", "2031-03-12", "events[0] (talks): ongoing, yet dated"),
    ],
)
def test_an_events_status_agrees_with_the_publication(
    tmp_path: Path, status: str, day: str, published: str, problem: str | None
) -> None:
    _, out = _verify(tmp_path, _with_event(status, day, published))
    line = _line(out, "stated values")
    lines = out.splitlines()
    following = lines[lines.index(line) + 1 :]
    tense = [p.strip() for p in following if p.startswith("      events[0] (talks): ")]
    if problem is None:
        assert not any("publication" in p for p in tense), out
    else:
        assert any(p.startswith(problem) for p in tense), out
        assert line.startswith("FAIL")


def test_the_check_says_what_it_checks(tmp_path: Path) -> None:
    _, out = _verify(tmp_path, json.loads(_with_event("scheduled", "2031-03-20", "2031-03-12")))
    assert _line(out, "stated values").endswith(
        "no scheduled event before the publication, no past one after it"
    )


def test_a_dateline_printing_another_day_than_the_publication_fails(tmp_path: Path) -> None:
    brief = new_brief(ARTICLE, published="2031-03-13", dateline="TARNBY, March 12")
    _, out = _verify(tmp_path, brief)
    assert _line(out, "stated values").startswith("FAIL")
    assert (
        "      source: the dateline 'TARNBY, March 12' prints 12 March, but the publication day "
        "is 2031-03-13; spans[0] [0, 27] 'Ministers to meet in Tarnby'" in out
    )
    _, out = _verify(
        tmp_path, new_brief(ARTICLE, published="2031-03-12", dateline="TARNBY, March 12")
    )
    assert "prints 12 March" not in out
