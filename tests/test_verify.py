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
    assert "quotes[5] (q-lavrov-threats): spans[0] [3271, 3340] covers 'Threats by" in (
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
    assert "FAIL  hedges: 7 hedges and lags" in result.stdout
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
    from vzcli.brief import parse

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
