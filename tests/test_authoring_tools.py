"""Tools for writing a brief: init, locate, verify --todo, errors that point at the place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from vzcli.authoring import locate, new_brief, slug
from vzcli.cli import app

runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


# --- init ---------------------------------------------------------------------


def test_init_prints_a_valid_empty_brief(article: Path, tmp_path: Path) -> None:
    """init's brief validates against `vzcli schema brief` and loads as a brief."""
    result = run("init", str(article), "--author", "Rowan Hart", "--category", "Politics")
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    schema = json.loads(run("schema", "brief").stdout)
    jsonschema.Draft202012Validator(schema).validate(brief)
    assert brief["$schema"] == "brief.schema.json"
    assert brief["source"]["title"] == "US and Russia: developments in Venezuela"
    assert brief["source"]["length"] == 6106
    assert brief["actors"][0]["kind"] == "author"
    assert all(brief[c] == [] for c in ("events", "quotes", "claims", "links", "excluded"))
    path = tmp_path / "b.json"
    path.write_text(result.stdout, encoding="utf-8")
    checked = run("verify", "--data", str(path))
    assert checked.exit_code == 0, checked.output


def test_init_refuses_to_overwrite(article: Path, tmp_path: Path) -> None:
    """-o writes the brief and its schema beside it; a second time needs --force (exit 73)."""
    out = tmp_path / "b.json"
    assert run("init", str(article), "-o", str(out)).exit_code == 0
    assert json.loads((tmp_path / "brief.schema.json").read_text("utf-8"))["title"] == "Brief"
    again = run("init", str(article), "-o", str(out))
    assert again.exit_code == 73
    assert "exists; pass --force to overwrite it" in again.stderr
    assert run("init", str(article), "-o", str(out), "--force").exit_code == 0


def test_init_cites_the_byline_before_other_mentions() -> None:
    """The author's span is the line that is just their name, not a later mention."""
    text = "A title\n\nJo Bloggs wrote this.\n\nJo Bloggs\n\nJo Bloggs is a reporter."
    [span] = new_brief(text, author="Jo Bloggs")["actors"][0]["spans"]
    assert text[span[0] : span[1]] == "Jo Bloggs"
    assert span[0] == text.index("\nJo Bloggs\n") + 1
    # Without a byline, the first mention.
    [span] = new_brief("A title\n\nBy Jo Bloggs. Jo Bloggs says so.", author="Jo Bloggs")["actors"][
        0
    ]["spans"]
    assert span == [12, 21]


def test_init_without_a_printed_author_marks_the_name_inferred() -> None:
    """An author the article never names is cited at the title, marked inferred."""
    brief = new_brief("A title\n\nOne sentence.", author="Jo Bloggs")
    actor = brief["actors"][0]
    assert actor["spans"] == [[0, 7]]
    assert "name" in actor["inferred"]
    assert slug("Nicolás Maduro") == "nicolas-maduro"


# --- locate ---------------------------------------------------------------------


def test_locate_finds_every_direct_quote_where_the_brief_puts_it(article: Path) -> None:
    """Each direct quote of the bundled brief is located at its recorded offsets."""
    quotes = json.loads(run("quotes", "-f", "json").stdout)
    direct = [q for q in quotes if q["kind"] == "direct"]
    assert len(direct) == 8
    for q in direct:
        result = run("locate", "--source", str(article), q["text"], "-f", "json")
        found = json.loads(result.stdout)
        assert [f["span"] for f in found] == [q["spans"][0]], q["id"]
        assert found[0]["match"] == "exact"


def test_locate_folds_quotes_dashes_and_spaces(article: Path) -> None:
    """Straight quotes, hyphens and extra spaces still find the article's curly text."""
    text = article.read_text(encoding="utf-8")
    [found] = locate(text, 'declaring:  "The time is now"')
    assert found.match == "folded"
    assert text[found.start : found.end] == "declaring: “The time is now”"
    [dash] = locate(text, "Russia\u2013US relations")
    assert text[dash.start : dash.end] == "Russia-US relations"


def test_locate_gives_context_and_sentences(article: Path) -> None:
    """Each hit carries its sentence number and the text around it (a quote selector)."""
    result = run("locate", "--source", str(article), "--sentence", "7", "catastrophe", "-f", "json")
    sentence, word = json.loads(result.stdout)
    assert sentence["span"] == [555, 621]
    assert sentence["exact"].startswith("However, a settlement")
    assert word["sentence"] == 28
    assert word["suffix"].startswith(".")


def test_locate_says_what_it_cannot_find(article: Path) -> None:
    """A text the article does not hold is a 'none' row and exit 1."""
    result = run("locate", "--source", str(article), "not in the article at all")
    assert result.exit_code == 1
    assert "none" in result.stdout
    assert run("locate", "--source", str(article), "--sentence", "99").exit_code == 2


# --- verify --todo and pointed errors ------------------------------------------


def test_todo_lists_what_is_left(article: Path, tmp_path: Path) -> None:
    """For a new brief the to-do list has every sentence, quotation and figure, in order."""
    path = tmp_path / "b.json"
    run("init", str(article), "--author", "Rowan Hart", "-o", str(path))
    result = run("verify", "--data", str(path), "--source", str(article), "--todo", "-f", "json")
    assert result.exit_code == 1
    todo = json.loads(result.stdout)
    kinds = {t["kind"] for t in todo}
    assert kinds == {"sentence", "quotation", "figure"}
    assert sum(t["kind"] == "quotation" for t in todo) == 8
    assert sum(t["kind"] == "figure" for t in todo) == 18
    starts = [t["span"][0] for t in todo]
    assert starts == sorted(starts)
    assert all(t["sentence"] for t in todo)


def test_nothing_left_to_do_for_the_bundled_brief(article: Path) -> None:
    """The bundled brief's to-do list is empty, exit 0."""
    result = run("verify", "--source", str(article), "--todo")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "nothing left to do" in result.stderr


def test_todo_needs_the_article() -> None:
    """--todo without --source is a usage error."""
    result = run("verify", "--todo")
    assert result.exit_code == 2
    assert "--todo needs the article" in result.stderr


def test_a_misplaced_quote_says_where_its_text_is(
    article: Path, write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """A quote whose span is off names what the span covers and where the text really is."""
    for q in brief_dict["quotes"]:
        if q["id"] == "q-pompeo-misery":
            q["spans"][0] = [3060, 3078]
    result = run("verify", "--data", str(write_brief(brief_dict)), "--source", str(article))
    assert result.exit_code == 1
    assert (
        "(q-pompeo-misery): spans[0] [3060, 3078] covers 's brought nothing ', not the "
        "quote's text 'Maduro has brought nothing but misery to the Venezuelan people'; its "
        "text occurs at [3051, 3113]" in result.stdout
    )


def test_a_hedge_that_is_elsewhere_is_pointed_at(
    article: Path, write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """The to-do item for a hedge outside its spans says where the article prints it."""
    for c in brief_dict["claims"]:
        if c["id"] == "c-deal-doubtful":
            c["hedge"] = "still seems unlikely"
    result = run(
        "verify",
        "--data",
        str(write_brief(brief_dict)),
        "--source",
        str(article),
        "--todo",
        "-f",
        "json",
    )
    [item] = json.loads(result.stdout)
    assert item["kind"] == "hedge"
    assert "the article prints it at [600, 620]" in item["task"]


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_authoring_commands_print_table_or_json(article: Path, fmt: str) -> None:
    """locate and verify --todo speak table and json only."""
    for args in (["locate", "x"], ["verify", "--todo"]):
        result = run(*args, "--source", str(article), "-f", fmt)
        assert result.exit_code == 2
        assert f"'{fmt}' is not one of 'table', 'json'." in result.stderr
        # --help lists the two formats the parser accepts, and no others.
        assert "-f, --format FORMAT  Output format: table or json." in run(args[0], "--help").stdout


def test_locate_context_marks_only_where_the_article_goes_on() -> None:
    """The table's context starts with "…" only when text comes before it."""
    text = "Short article. " + "Words and more words. " * 3 + "It ends here."
    [first] = locate(text, "Short")
    [last] = locate(text, "ends here.")
    [whole] = locate(text, text)
    assert first.in_context(len(text)) == "[Short] article. Words and more words. …"
    assert last.in_context(len(text)) == "…words. Words and more words. It [ends here.]"
    assert whole.in_context(len(text)) == f"[{text}]"


def test_an_empty_brief_has_no_quotes_to_count(article: Path, tmp_path: Path) -> None:
    """Quotation coverage counts the passages that are quotes, not the ones not excluded."""
    path = tmp_path / "b.json"
    path.write_text(run("init", str(article)).stdout, encoding="utf-8")
    result = run("verify", "--data", str(path), "--source", str(article))
    assert result.exit_code == 1
    assert "8 quotation-marked passages: 0 are quotes, 0 excluded" in result.stdout
    assert "1 actor, 0 events, 0 quotes" in result.stdout


def test_init_cites_only_a_categories_line_and_whole_word_names() -> None:
    """A sentence that merely starts "Categorically" is not the categories line, a name
    inside another word is not the author, and a byline is a line that is just the name."""
    text = "Title\n\nCategorically, no. It ended.\nCategories: A"
    assert new_brief(text, categories=("A",))["source"]["spans"] == [[0, 5], [36, 49]]
    actor = new_brief("Title\n\nAnnual report.", author="Ann")["actors"][0]
    assert actor["spans"] == [[0, 5]]
    assert "name" in actor["inferred"]
    byline = "T\n\nSo wrote Jo Bloggs. Jo Bloggs\n\n  Jo Bloggs  \n"
    [span] = new_brief(byline, author="Jo Bloggs")["actors"][0]["spans"]
    assert span == [byline.rindex("Jo Bloggs"), byline.rindex("Jo Bloggs") + 9]
    assert slug("a" * 63 + " b") == "a" * 63


def test_init_cites_the_first_of_two_bylines() -> None:
    """An article that prints its byline twice is cited at the first."""
    text = "T\n\nJo Bloggs\n\nSome text.\n\nJo Bloggs\n"
    assert new_brief(text, author="Jo Bloggs")["actors"][0]["spans"] == [[3, 12]]
