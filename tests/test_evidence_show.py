"""Asking as an analyst would: evidence from the article, `show`, honest date windows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli.brief import SOURCE_ENV_VAR
from vzcli.cli import app

runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def ids(result: Any) -> list[str]:
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)]


# --- evidence -------------------------------------------------------------


def test_search_reads_the_article_s_words(article: Path) -> None:
    """The article says 'catastrophe'; the brief's paraphrase does not, so only --source finds it."""
    assert ids(run("quotes", "--search", "catastrophe", "-f", "json")) == []
    found = ids(run("quotes", "--search", "catastrophe", "-f", "json", "--source", str(article)))
    assert found == ["r-lavrov-catastrophe"]
    phrase = run("quotes", "-s", '"military force"', "-f", "json", "--source", str(article))
    assert ids(phrase) == ["r-lavrov-catastrophe"]


def test_claims_search_finds_the_reserves() -> None:
    """The author's claim about the largest oil reserves is found by the word."""
    assert "c-largest-reserves" in ids(run("claims", "--search", "reserves", "-f", "json"))


def test_every_row_gains_its_evidence(article: Path) -> None:
    """Each row's evidence is the article's text at each of its spans, in order."""
    text = article.read_text(encoding="utf-8")
    rows = json.loads(run("quotes", "-f", "json", "--source", str(article)).stdout)
    assert rows
    for row in rows:
        assert row["evidence"] == [text[s:e] for s, e in row["spans"]]
    threats = next(r for r in rows if r["id"] == "q-lavrov-threats")
    assert threats["evidence"][0] == threats["text"]


def test_evidence_is_joined_in_text_formats(article: Path) -> None:
    """csv joins the passages with ' … ' (they may hold '; ' themselves)."""
    out = run(
        "quotes",
        "--actor",
        "Lavrov",
        "-f",
        "csv",
        "--fields",
        "id,evidence",
        "--source",
        str(article),
    )
    rows = list(csv.reader(io.StringIO(out.stdout_bytes.decode(), newline="")))
    threats = dict(rows[1:])["q-lavrov-threats"]
    assert threats.startswith(
        "Threats by the U.S. administration have nothing to do with democracy. … "
    )


def test_source_from_the_environment(article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """VZCLI_SOURCE stands in for --source."""
    monkeypatch.setenv(SOURCE_ENV_VAR, str(article))
    rows = json.loads(run("events", "-f", "json", "-n", "1").stdout)
    assert "evidence" in rows[0]


def test_evidence_needs_the_article() -> None:
    """Asking for the evidence field without an article is a usage error."""
    result = run("quotes", "--fields", "id,evidence")
    assert result.exit_code == 2
    assert "the field evidence needs the article: pass --source ARTICLE" in result.stderr
    # Sorting by it too (a property test found this one raising KeyError).
    result = run("actors", "--sort", "evidence")
    assert result.exit_code == 2
    assert result.stderr == (
        "vzcli: error: --sort evidence needs the article: pass --source ARTICLE\n"
    )


def test_sort_by_evidence_with_the_article(article: Path) -> None:
    """With the article, --sort evidence orders rows by their passages' text."""
    result = run("actors", "--sort", "evidence", "--source", str(article), "-f", "json")
    assert result.exit_code == 0, result.output
    passages = [r["evidence"] for r in json.loads(result.stdout)]
    assert len(passages) == 14  # every actor, none lost on the way
    assert passages == sorted(passages, key=lambda p: [s.casefold() for s in p])


@pytest.mark.parametrize("command", ["quotes", "report", "show"])
def test_a_different_article_is_refused(command: str, tmp_path: Path, article: Path) -> None:
    """A changed article is one line and exit 65, with nothing on stdout."""
    changed = tmp_path / "article.txt"
    changed.write_text(
        article.read_text(encoding="utf-8").replace("Sochi", "Soči"), encoding="utf-8"
    )
    args = [command, *(["q-lavrov-threats"] if command == "show" else []), "--source", str(changed)]
    result = run(*args)
    assert result.exit_code == 65
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "not the article this brief describes" in result.stderr


def test_a_missing_article_is_unreadable(tmp_path: Path) -> None:
    """A --source that does not exist is exit 66, like a missing brief."""
    result = run("quotes", "--source", str(tmp_path / "nope.txt"))
    assert result.exit_code == 66
    assert "no such file" in result.stderr


def test_report_quotes_the_article(article: Path) -> None:
    """With --source the report puts the article's words under each quote."""
    result = run("report", "--actor", "Lavrov", "--source", str(article))
    assert (
        "  > Meanwhile, Lavrov warned that any attempts by the US to use military force in "
        "Venezuela would be a catastrophe." in result.stdout
    )


# --- matching the names people type -------------------------------------------


def test_oil_is_not_turmoil() -> None:
    """--search oil finds the oil price jump, never a record only about turmoil."""
    found = json.loads(run("events", "--search", "oil", "-f", "json").stdout)
    assert [r["id"] for r in found] == ["oil-price-jump"]


def test_metonyms_resolve() -> None:
    """'Washington' names the US government, so its side's quotes come with it."""
    speakers = {
        r["speaker"] for r in json.loads(run("quotes", "-a", "Washington", "-f", "json").stdout)
    }
    assert speakers == {"us", "pompeo", "trump"}


def test_metric_words() -> None:
    """--metric oil selects every metric with the word oil."""
    rows = json.loads(run("stats", "--metric", "oil", "-f", "json").stdout)
    assert {r["metric"] for r in rows} == {
        "Venezuelan oil output",
        "Oil price rise after the coup attempt",
    }


def test_about_uses_the_same_rule() -> None:
    """--about Sochi finds the claims about the meeting whose title names it."""
    rows = json.loads(run("claims", "--about", "Sochi", "-f", "json").stdout)
    assert {r["id"] for r in rows} >= {"c-sochi-tense", "c-sochi-no-agreement"}
    motives = json.loads(
        run("claims", "--about", "Russia", "--kind", "motive", "-f", "json").stdout
    )
    assert [r["id"] for r in motives] == ["c-moscow-economic", "c-moscow-sphere"]


# --- date windows ---------------------------------------------------------


def test_what_surely_happened_on_30_april() -> None:
    """--strict-window keeps only what the article puts on that day, and nothing undated."""
    window = ["events", "--since", "2019-04-30", "--until", "2019-04-30", "-f", "json"]
    may = ids(run(*window))
    assert "norway-talks" not in may  # undated: in no window
    assert "norway-talks" in ids(run(*window, "--undated"))
    assert ids(run(*window, "--strict-window")) == ["latest-violence"]


def test_strict_window_drops_the_undated() -> None:
    """Without bounds, --strict-window still leaves out what has no date."""
    rows = json.loads(run("quotes", "--strict-window", "-f", "json").stdout)
    assert rows
    assert all(r["date"] is not None for r in rows)


@pytest.mark.parametrize("reverse", [[], ["--reverse"]])
@pytest.mark.parametrize("sort", [["--sort", "date"], []])
def test_undated_sort_last_both_ways(sort: list[str], reverse: list[str]) -> None:
    """NULLS LAST: records without a date come last whichever way the dates run."""
    rows = json.loads(run("events", *sort, *reverse, "-f", "json").stdout)
    dates = [r["date"] for r in rows]
    first_null = dates.index(None)
    assert all(d is None for d in dates[first_null:])
    if reverse:
        assert dates[0] == "2019-05-14"


# --- show -------------------------------------------------------------------


def test_show_a_quote_whole(article: Path) -> None:
    """`show ID --source` prints every field, its evidence and who refers to it."""
    result = run("show", "q-lavrov-threats", "--source", str(article))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(
        "Sergei Lavrov: “Threats by the U.S. administration have nothing to do with democracy.”\n"
    )
    assert "date              2019-05-14 (inferred)\n" in out
    assert "\nevidence          Threats by the U.S. administration have nothing to do with" in out
    assert "pos-lavrov-opposes-us-policy" in out


def test_show_links_both_ways() -> None:
    """A denied claim shows its denial; the denial shows what it denies."""
    shown = json.loads(run("show", "r-pompeo-moscow-persuaded", "-f", "json").stdout)
    assert shown["collection"] == "quotes"
    assert {(link["direction"], link["relation"], link["source"]) for link in shown["links"]} == {
        ("in", "denies", "r-moscow-denies-claims"),
        ("in", "contradicts", "q-trump-putin-not-involved"),
    }
    denial = json.loads(run("show", "r-moscow-denies-claims", "-f", "json").stdout)
    assert {link["target"] for link in denial["links"]} == {
        "r-pompeo-moscow-persuaded",
        "r-us-blames-russia",
    }


def test_show_an_event_with_what_points_at_it() -> None:
    """An event lists the claims about it and the quotes said at it."""
    shown = json.loads(run("show", "sochi-meeting", "-f", "json").stdout)
    assert {c["id"] for c in shown["claims_about"]} >= {"c-sochi-no-agreement", "c-sochi-tense"}
    assert {(link["direction"], link["relation"]) for link in shown["links"]} >= {
        ("out", "followed"),
        ("in", "prompted"),
    }


def test_show_takes_a_name_that_names_one_record() -> None:
    """A name works where it names one record; several is a usage error listing them."""
    assert json.loads(run("show", "Lavrov", "-f", "json").stdout)["id"] == "lavrov"
    result = run("show", "Venezuelan")
    assert result.exit_code == 2
    assert "'Venezuelan' names" in result.stderr
    assert "venezuela-opposition (Venezuelan opposition)" in result.stderr


def test_unknown_id_suggests() -> None:
    """A typo in an id is a usage error with a did-you-mean."""
    result = run("show", "q-lavrov-threatz")
    assert result.exit_code == 2
    assert "unknown record 'q-lavrov-threatz'; did you mean 'q-lavrov-threats'?" in result.stderr


def test_show_prints_table_or_json() -> None:
    """The other formats are usage errors."""
    result = run("show", "lavrov", "-f", "csv")
    assert result.exit_code == 2
    assert "'csv' is not one of 'table', 'json'." in result.stderr


def test_show_json_fits_its_shape() -> None:
    """The record is exactly the row its listing prints."""
    shown = json.loads(run("show", "stat-oil-production-2019-04", "-f", "json").stdout)
    listed = json.loads(run("stats", "-f", "json").stdout)
    assert shown["record"] == next(r for r in listed if r["id"] == "stat-oil-production-2019-04")
    assert list(shown) == [
        "id",
        "collection",
        "label",
        "record",
        "links",
        "claims_about",
        "referenced_by",
    ]


def _two_copies(tmp_path: Path, title: str | None = None) -> str:
    """A corpus of the bundled brief twice, under the ids ``one`` and ``two``; in
    ``two``, the coup attempt may have another ``title``."""
    data = json.loads((Path(__file__).parents[1] / "data" / "brief.json").read_text("utf-8"))
    for brief_id in ("one", "two"):
        data["source"]["id"] = brief_id
        if brief_id == "two" and title is not None:
            next(e for e in data["events"] if e["id"] == "coup-attempt")["title"] = title
        (tmp_path / f"{brief_id}.json").write_text(json.dumps(data), encoding="utf-8")
    return str(tmp_path)


def test_an_id_two_briefs_share_is_ambiguous_and_brief_id_settles_it(tmp_path: Path) -> None:
    import vzcli

    corpus = vzcli.open(_two_copies(tmp_path))
    with pytest.raises(vzcli.QueryError) as info:
        corpus.show("q-lavrov-threats")
    assert str(info.value) == (
        "'q-lavrov-threats' names 2 records: one:q-lavrov-threats (Sergei Lavrov: “Threats by"
        " the U.S. administration have nothing to do with democracy.”); two:q-lavrov-threats"
        " (Sergei Lavrov: “Threats by the U.S. administration have nothing to do with"
        " democracy.”); give BRIEF:ID"
    )
    shown = corpus.show("two:q-lavrov-threats")
    assert (shown["id"], shown["record"]["brief"]) == ("q-lavrov-threats", "two")


def test_a_shown_link_keeps_its_evidence_last(article: Path) -> None:
    shown = json.loads(
        run("show", "r-pompeo-moscow-persuaded", "-f", "json", "--source", str(article)).stdout
    )
    for link in shown["links"]:
        assert list(link)[-2:] == ["direction", "evidence"]


def test_an_id_two_briefs_share_names_those_records_not_a_title_that_spells_it(
    tmp_path: Path,
) -> None:
    import vzcli

    corpus = vzcli.open(_two_copies(tmp_path, title="sochi-meeting"))
    with pytest.raises(vzcli.QueryError) as info:
        corpus.show("sochi-meeting")
    assert str(info.value).startswith("'sochi-meeting' names 2 records: one:sochi-meeting (")
    assert "coup-attempt" not in str(info.value)


def test_an_actor_s_evidence_in_csv_is_its_passages_by_brief(article: Path) -> None:
    """An actor's passages are kept by brief, so csv writes them as compact JSON."""
    out = run(
        "actors",
        "--actor",
        "Lavrov",
        "-f",
        "csv",
        "--fields",
        "id,evidence",
        "--source",
        str(article),
    )
    rows = list(csv.reader(io.StringIO(out.stdout_bytes.decode(), newline="")))
    evidence = json.loads(dict(rows[1:])["lavrov"])
    text = article.read_text(encoding="utf-8")
    spans = json.loads(run("actors", "--actor", "Lavrov", "-f", "json").stdout)[0]["spans"]
    assert evidence == {b: [text[s:e] for s, e in where] for b, where in spans.items()}
