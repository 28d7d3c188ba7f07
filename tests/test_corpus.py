"""Many briefs, one question: loading a corpus, one actor across briefs, links and
records across briefs, corroboration, conflicts, and what goes wrong."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import vzcli
from vzcli.cli import app
from vzcli.listings import ACTORS, CLAIMS, EVENTS, LINKS, POSITIONS, QUOTES, STATS

runner = CliRunner()
BUNDLED_ID = "us-russia-venezuela"


def run(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def js(*args: str) -> Any:
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def base(brief_dict: dict[str, Any]) -> dict[str, Any]:
    return brief_dict


def brief(base: dict[str, Any], brief_id: str, published: str, **source: Any) -> dict[str, Any]:
    """A copy of the bundled brief as another brief of the corpus."""
    data = copy.deepcopy(base)
    data["source"].update(id=brief_id, published=published, **source)
    data["source"].pop("inferred", None)
    return data


def record(data: dict[str, Any], collection: str, record_id: str) -> dict[str, Any]:
    return next(r for r in data[collection] if r["id"] == record_id)


@pytest.fixture
def corpus(tmp_path: Path, base: dict[str, Any]) -> Path:
    """Two briefs of one story: the second spells Lavrov another way, moves the Sochi
    meeting a day and to Moscow (same_as), and reprints the quotes."""
    older = brief(base, "wire", "2019-05-15", outlet="Wire")
    newer = brief(base, "daily", "2019-05-20", outlet="Daily")
    record(newer, "actors", "lavrov")["name"] = "Sergey Lavrov"
    meeting = record(newer, "events", "sochi-meeting")
    meeting.update(date="2019-05-16", place="Moscow")
    newer["links"].append(
        {
            "id": "l-same-meeting",
            "source": "sochi-meeting",
            "relation": "same_as",
            "target": "wire:sochi-meeting",
            "spans": [[0, 40]],
        }
    )
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "b-daily.json").write_text(json.dumps(newer, ensure_ascii=False), "utf-8")
    (folder / "a-wire.json").write_text(json.dumps(older, ensure_ascii=False), "utf-8")
    return folder


# --- loading ----------------------------------------------------------------------


def test_a_folder_is_its_briefs_sorted_by_name(corpus: Path) -> None:
    """--data FOLDER reads its *.json files by name; every row says its brief first."""
    rows = js("quotes", "--data", str(corpus), "--actor", "Lavrov")
    # By date, then brief by brief, then in article order.
    assert [r["brief"] for r in rows] == ["wire", "daily", "wire", "wire", "daily", "daily"]
    assert all(next(iter(r)) == "brief" for r in rows)
    briefs = js("briefs", "--data", str(corpus))
    assert [b["brief"] for b in briefs] == ["wire", "daily"]  # oldest publication first
    assert [b["file"] for b in briefs] == [
        str(corpus / "a-wire.json"),
        str(corpus / "b-daily.json"),
    ]


def test_data_may_be_repeated_and_the_env_var_is_a_list(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--data twice reads both briefs (no longer the last only); VZCLI_DATA takes a list."""
    files = [str(corpus / "a-wire.json"), str(corpus / "b-daily.json")]
    both = js("briefs", "--data", files[0], "--data", files[1])
    assert [b["brief"] for b in both] == ["wire", "daily"]
    monkeypatch.setenv("VZCLI_DATA", os.pathsep.join(files))
    assert [b["brief"] for b in js("briefs")] == ["wire", "daily"]
    monkeypatch.setenv("VZCLI_DATA", files[0] + os.pathsep + os.pathsep + files[1])
    result = run("briefs")
    assert result.exit_code == 2
    assert "$VZCLI_DATA has an empty entry" in result.stderr
    monkeypatch.setenv("VZCLI_DATA", "")  # empty: as if unset
    assert [b["brief"] for b in js("briefs")] == [BUNDLED_ID]


def test_one_brief_has_one_row_key_and_no_brief_column(corpus: Path) -> None:
    """A table shows a Brief column only with several briefs; json always has `brief`."""
    one = run("quotes", "--actor", "Lavrov").stdout
    many = run("quotes", "--data", str(corpus), "--actor", "Lavrov").stdout
    assert not one.startswith("Brief")
    assert many.startswith("Brief ")
    assert js("quotes", "-n", "1")[0]["brief"] == BUNDLED_ID


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (lambda d: (d / "x.json").write_text("{not json", "utf-8"), 65, "x.json: line 1"),
        (lambda d: (d / "x.json").write_text("[]", "utf-8"), 65, "x.json"),
        (lambda d: (d / "loop.json").symlink_to(d / "loop.json"), 66, "loop.json"),
    ],
)
def test_one_bad_brief_among_many_is_named_and_nothing_is_printed(
    corpus: Path, make: Any, code: int, message: str
) -> None:
    """One invalid or unreadable file fails the whole question: its errors, its exit
    status, nothing on stdout (a partial answer would silently drop a source)."""
    make(corpus)
    result = run("quotes", "--data", str(corpus), "-f", "json")
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr


def test_two_briefs_with_one_id_are_refused(tmp_path: Path, base: dict[str, Any]) -> None:
    """Two briefs claiming one id: exit 65, naming the id and both files."""
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps(brief(base, "same", "2019-05-15")), "utf-8")
    result = run("quotes", "--data", str(tmp_path))
    assert result.exit_code == 65
    assert "brief id 'same' is also the id of" in result.stderr
    assert str(tmp_path / "a.json") in result.stderr


def test_a_folder_with_no_brief_cannot_be_read(tmp_path: Path) -> None:
    """An empty folder is not a corpus: exit 66; the schema files init writes are no briefs."""
    (tmp_path / "brief.schema.json").write_text("{}", "utf-8")
    result = run("quotes", "--data", str(tmp_path))
    assert result.exit_code == 66
    assert result.stderr == f"vzcli: {tmp_path}: holds no brief (no *.json file in the folder)\n"


def test_stdin_is_one_brief(base: dict[str, Any]) -> None:
    """`--data -` reads one brief from stdin (its id 'stdin' without a source.id); two
    `-` are a usage error."""
    data = copy.deepcopy(base)
    del data["source"]["id"]
    rows = json.loads(
        run("quotes", "--data", "-", "-f", "json", "-n", "1", input=json.dumps(data)).stdout
    )
    assert rows[0]["brief"] == "stdin"
    result = run("quotes", "--data", "-", "--data", "-", input=json.dumps(data))
    assert result.exit_code == 2
    assert "only one --data may be '-'" in result.stderr


def test_a_schema_2_brief_still_loads(base: dict[str, Any], tmp_path: Path) -> None:
    """A brief of schema 2 (no source metadata) reads as schema 3; its id is its file's stem."""
    data = copy.deepcopy(base)
    data["schema_version"] = 2
    for key in ("id", "published", "inferred"):
        del data["source"][key]
    path = tmp_path / "Old Brief.json"
    path.write_text(json.dumps(data), "utf-8")
    rows = js("quotes", "--data", str(path), "--actor", "Lavrov")
    assert {r["brief"] for r in rows} == {"old-brief"}
    assert len(rows) == 3


# --- one actor across briefs --------------------------------------------------------


def test_one_actor_across_briefs_with_every_spelling(corpus: Path) -> None:
    """The same actor id is one actor: the oldest source's name, the other an alias, its
    spans by brief; either spelling finds the quotes of both briefs."""
    lavrov = next(a for a in js("actors", "--data", str(corpus)) if a["id"] == "lavrov")
    assert lavrov["briefs"] == ["wire", "daily"]
    assert lavrov["name"] == "Sergei Lavrov"
    assert "Sergey Lavrov" in lavrov["aliases"]
    assert set(lavrov["spans"]) == {"wire", "daily"}
    for name in ("Sergey Lavrov", "Sergei Lavrov", "Lavrov"):
        rows = js("quotes", "--data", str(corpus), "--actor", name)
        assert {r["brief"] for r in rows} == {"wire", "daily"}, name
        assert len(rows) == 6


def test_an_actor_named_in_some_briefs_only_is_no_error(corpus: Path, base: dict[str, Any]) -> None:
    """A name that matches in one brief and not the other answers from the one."""
    extra = brief(base, "third", "2019-05-21")
    extra["actors"].append(
        {"id": "envoy", "name": "Elliott Abrams", "kind": "person", "spans": [[0, 5]]}
    )
    (corpus / "c-third.json").write_text(json.dumps(extra), "utf-8")
    assert js("quotes", "--data", str(corpus), "--actor", "Abrams") == []
    result = run("quotes", "--data", str(corpus), "--actor", "Nobody Atall")
    assert result.exit_code == 2


def test_verify_names_both_briefs_where_an_actor_disagrees(
    corpus: Path, base: dict[str, Any]
) -> None:
    """Two briefs giving one actor id another kind or side fail verify, naming both; a
    side one brief leaves unset is no disagreement."""
    path = corpus / "b-daily.json"
    data = json.loads(path.read_text("utf-8"))
    record(data, "actors", "lavrov")["kind"] = "group"
    putin = record(data, "actors", "putin")
    del putin["side"], putin["inferred"]
    path.write_text(json.dumps(data), "utf-8")
    result = run("verify", "--data", str(corpus))
    assert result.exit_code == 1
    assert (
        "actor 'lavrov': kind 'person' in brief 'wire', 'group' in brief 'daily'" in result.stdout
    )
    assert "putin" not in result.stdout


def test_verify_reports_a_link_to_a_brief_that_is_not_loaded(corpus: Path) -> None:
    """A link to another brief is checked by verify; queries ignore it when that brief is
    not loaded."""
    result = run("verify", "--data", str(corpus / "b-daily.json"))
    assert result.exit_code == 0  # one brief: its own integrity holds
    alone = js("links", "--data", str(corpus / "b-daily.json"), "--relation", "same_as")
    assert alone == []
    both = js("links", "--data", str(corpus), "--relation", "same_as")
    assert [(r["brief"], r["target"]) for r in both] == [("daily", "wire:sochi-meeting")]
    broken = corpus / "b-daily.json"
    data = json.loads(broken.read_text("utf-8"))
    data["links"][-1]["target"] = "gone:sochi-meeting"
    broken.write_text(json.dumps(data), "utf-8")
    result = run("verify", "--data", str(corpus))
    assert result.exit_code == 1
    assert "'gone:sochi-meeting' is in brief 'gone', which is not loaded" in result.stdout


# --- records across briefs ------------------------------------------------------------


def test_show_takes_brief_id_and_refuses_an_ambiguous_bare_id(corpus: Path) -> None:
    """`show BRIEF:ID` shows that record, with the links other briefs draw to it; a bare
    id two briefs have lists both."""
    shown = js("show", "--data", str(corpus), "wire:sochi-meeting")
    assert shown["record"]["brief"] == "wire"
    assert [
        (link["brief"], link["direction"])
        for link in shown["links"]
        if link["relation"] == "same_as"
    ] == [("daily", "in")]
    result = run("show", "--data", str(corpus), "sochi-meeting")
    assert result.exit_code == 2
    assert "'sochi-meeting' names 2 records: wire:sochi-meeting" in result.stderr
    assert "daily:sochi-meeting" in result.stderr


def test_merge_gives_one_row_per_thing_with_its_sources(corpus: Path) -> None:
    """--merge: events joined by same_as and identical quotations by one speaker are one
    row, the oldest source's, with sources, n_sources and records."""
    events = js("events", "--data", str(corpus), "--merge", "--search", "Sochi meet")
    meeting = next(e for e in events if e["id"] == "sochi-meeting")
    assert (meeting["brief"], meeting["place"]) == ("wire", "Sochi")
    assert meeting["sources"] == ["wire", "daily"]
    assert meeting["n_sources"] == 2
    assert meeting["records"] == ["wire:sochi-meeting", "daily:sochi-meeting"]
    quotes = js("quotes", "--data", str(corpus), "--merge", "--actor", "Lavrov")
    direct = [q for q in quotes if q["kind"] == "direct"]
    assert [q["n_sources"] for q in direct] == [2]
    reported = [q for q in quotes if q["kind"] == "reported"]
    assert [q["n_sources"] for q in reported] == [1, 1, 1, 1]  # paraphrases: not the same words
    top = js(
        "quotes", "--data", str(corpus), "--merge", "--sort", "n_sources", "--reverse", "-n", "1"
    )
    assert top[0]["n_sources"] == 2
    assert run("links", "--data", str(corpus), "--merge").exit_code == 2  # no such option
    with pytest.raises(vzcli.QueryError, match="--merge is for events, quotes, claims and stats"):
        vzcli.open(str(corpus)).ask(LINKS, merged=True)


def test_conflicts_name_both_records_briefs_and_values(corpus: Path) -> None:
    """The meeting's date and place differ between its two sources, the older first."""
    rows = js("conflicts", "--data", str(corpus))
    assert [(r["kind"], r["value_a"], r["value_b"]) for r in rows] == [
        ("date", "2019-05-14", "2019-05-16"),
        ("place", "Sochi", "Moscow"),
    ]
    assert {(r["brief_a"], r["record_a"], r["brief_b"], r["record_b"]) for r in rows} == {
        ("wire", "sochi-meeting", "daily", "sochi-meeting")
    }
    assert js("conflicts", "--data", str(corpus), "--actor", "Guaido") == []
    assert js("conflicts") == []  # one brief disagrees with nobody


def test_a_plan_that_comes_true_is_no_conflict(corpus: Path) -> None:
    """Scheduled in the older brief and occurred in the newer is how a plan comes true;
    failed against occurred is a disagreement."""
    path = corpus / "a-wire.json"
    data = json.loads(path.read_text("utf-8"))
    record(data, "events", "sochi-meeting")["status"] = "scheduled"
    path.write_text(json.dumps(data), "utf-8")
    kinds = [r["kind"] for r in js("conflicts", "--data", str(corpus))]
    assert "status" not in kinds
    record(data, "events", "sochi-meeting")["status"] = "failed"
    path.write_text(json.dumps(data), "utf-8")
    status = [r for r in js("conflicts", "--data", str(corpus)) if r["kind"] == "status"]
    assert [(r["value_a"], r["value_b"]) for r in status] == [("failed", "occurred")]


def test_scheduled_events_are_dated_like_any_other(base: dict[str, Any], tmp_path: Path) -> None:
    """A scheduled event falls in date windows and reads 'scheduled' in a table."""
    data = copy.deepcopy(base)
    record(data, "events", "sochi-meeting")["status"] = "scheduled"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data), "utf-8")
    rows = js("events", "--data", str(path), "--since", "2019-05-14", "--strict-window")
    assert (rows[0]["id"], rows[0]["status"]) == ("sochi-meeting", "scheduled")
    table = run("events", "--data", str(path), "--fields", "title,status").stdout
    line = next(line for line in table.splitlines() if "Lavrov and Pompeo meet" in line)
    assert line.split()[-1] == "scheduled"


def test_via_selects_by_relay_and_actor_never_matches_one(
    base: dict[str, Any], tmp_path: Path
) -> None:
    """--via NAME keeps what came through that actor; --actor never matches a relay."""
    data = copy.deepcopy(base)
    data["actors"].append(
        {"id": "ria", "name": "RIA Novosti", "kind": "organisation", "spans": [[0, 5]]}
    )
    record(data, "quotes", "q-lavrov-threats")["via"] = ["ria"]
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data), "utf-8")
    assert [r["id"] for r in js("quotes", "--data", str(path), "--via", "RIA")] == [
        "q-lavrov-threats"
    ]
    assert js("quotes", "--data", str(path), "--actor", "RIA Novosti") == []
    assert js("quotes", "--data", str(path), "--via", "RIA")[0]["via"] == ["ria"]


@pytest.mark.parametrize(
    ("collection", "record_id"), [("events", "sochi-meeting"), ("claims", "c-sochi-tense")]
)
def test_via_selects_events_and_claims_by_relay_too(
    base: dict[str, Any], tmp_path: Path, collection: str, record_id: str
) -> None:
    data = copy.deepcopy(base)
    data["actors"].append(
        {"id": "ria", "name": "RIA Novosti", "kind": "organisation", "spans": [[0, 5]]}
    )
    record(data, collection, record_id)["via"] = ["ria"]
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data), "utf-8")
    assert [r["id"] for r in js(collection, "--data", str(path), "--via", "RIA")] == [record_id]


def test_a_corpus_report_has_its_sources_corroboration_and_conflicts(corpus: Path) -> None:
    """The report of a corpus lists its sources by publication, what several report,
    and where they disagree; each quote names its outlet."""
    text = run("report", "--data", str(corpus)).stdout
    assert text.startswith("# A corpus of 2 briefs\n\n## Sources\n")
    older, newer = "| 2019-05-15 | Wire |", "| 2019-05-20 | Daily |"
    assert text.index(older) < text.index(newer)
    assert "- Lavrov and Pompeo meet in Sochi (event; 2 sources: wire, daily)" in text
    assert "## Where the sources disagree" in text
    assert (
        "- **date** of Lavrov and Pompeo meet in Sochi: 2019-05-14 (wire) against 2019-05-16 (daily)"
        in text
    )
    assert " — Wire, brief wire" in text


# --- the articles of a corpus ---------------------------------------------------------


def test_sources_finds_each_article_by_its_hash(
    corpus: Path, article: Path, tmp_path: Path
) -> None:
    """--sources DIR: each brief's article, by name or by hash; a brief whose article is
    missing says so, and its rows carry evidence null."""
    texts = tmp_path / "articles"
    texts.mkdir()
    (texts / "any-name.txt").write_bytes(article.read_bytes())
    briefs = js(
        "briefs", "--data", str(corpus), "--sources", str(texts), "--fields", "brief,article"
    )
    assert briefs == [
        {"brief": "wire", "article": "verified"},
        {"brief": "daily", "article": "verified"},
    ]
    rows = js("quotes", "--data", str(corpus), "--sources", str(texts), "--actor", "Lavrov")
    assert all(r["evidence"] for r in rows)
    (texts / "any-name.txt").unlink()
    (texts / "daily.txt").write_text("another text\n", "utf-8")
    briefs = js(
        "briefs", "--data", str(corpus), "--sources", str(texts), "--fields", "brief,article"
    )
    assert briefs == [
        {"brief": "wire", "article": "missing"},
        {"brief": "daily", "article": "mismatch"},
    ]
    rows = js("quotes", "--data", str(corpus), "--sources", str(texts), "--actor", "Lavrov")
    assert {r["evidence"] is None for r in rows} == {True}


def test_source_is_for_one_brief(corpus: Path, article: Path) -> None:
    """--source names one article: with several briefs it is a usage error."""
    result = run("quotes", "--data", str(corpus), "--source", str(article))
    assert result.exit_code == 2
    assert "give their articles with --sources DIR" in result.stderr


# --- streamed and held corpora answer alike ---------------------------------------------


@pytest.mark.parametrize("listing", [EVENTS, QUOTES, POSITIONS, CLAIMS, STATS, ACTORS])
@pytest.mark.parametrize("actors", [(), ("Lavrov",), ("Russia",)])
def test_a_streamed_corpus_answers_as_a_held_one(
    corpus: Path, listing: Any, actors: tuple[str, ...]
) -> None:
    """Read brief by brief (a big corpus) or held whole, the rows are the same."""
    question = vzcli.Question(actors=actors)
    held = vzcli.open(str(corpus), stream=False).ask(listing, question)
    streamed = vzcli.open(str(corpus), stream=True).ask(listing, question)
    assert json.dumps(streamed) == json.dumps(held)


def test_a_streamed_corpus_lets_each_brief_go(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read brief by brief, a corpus keeps no brief it has read, even with the cyclic
    collector off (as in a vzcli process): its memory grows with the answer only."""
    import gc
    import weakref

    import vzcli.corpus as corpus_module

    read: list[weakref.ref[object]] = []
    load = corpus_module.load

    def watched(*args: Any, **kwargs: Any) -> Any:
        loaded = load(*args, **kwargs)
        read.append(weakref.ref(loaded.brief.actors))  # holds the brief's bytes
        return loaded

    for _ in range(2):  # certified, then laid out: read from the cache, a part at a time
        vzcli.open(str(corpus), stream=True, collections=QUOTES.reads).quotes()
    monkeypatch.setattr(corpus_module, "load", watched)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        streamed = vzcli.open(str(corpus), stream=True, collections=QUOTES.reads)
        assert streamed.ask(QUOTES, vzcli.Question(actors="Lavrov"))
        assert len(read) >= 4  # each brief read twice: its actors, then its rows
        assert [r() for r in read] == [None] * len(read)
    finally:
        if was_enabled:
            gc.enable()


def test_a_streamed_corpus_holds_the_whole_for_what_needs_it(corpus: Path) -> None:
    """Merging, conflicts and show need every brief at once, streamed or not."""
    streamed = vzcli.open(str(corpus), stream=True)
    held = vzcli.open(str(corpus), stream=False)
    assert streamed.conflicts() == held.conflicts()
    assert streamed.ask(EVENTS, vzcli.Question(), merged=True) == held.ask(
        EVENTS, vzcli.Question(), merged=True
    )
    assert streamed.show("wire:sochi-meeting") == held.show("wire:sochi-meeting")


def test_a_table_of_a_streamed_corpus_does_not_hold_it_whole(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table of a big corpus counts its briefs (for its Brief column) without
    reading them all into memory."""
    import vzcli.corpus as corpus_module

    def refuse(self: Any) -> Any:
        pytest.fail("the whole corpus was read into memory for a table")

    monkeypatch.setattr(corpus_module, "STREAM_FROM", 0)
    monkeypatch.setattr(corpus_module.Streamed, "whole", refuse)
    result = run("quotes", "--actor", "Lavrov", "--data", str(corpus))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Brief ")


def test_one_brief_is_held_whatever_its_size(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read brief by brief, one brief would be read three times for nothing."""
    import vzcli.corpus as corpus_module

    monkeypatch.setattr(corpus_module, "STREAM_FROM", 0)
    one = next(iter(sorted(corpus.glob("*.json"))))
    assert type(vzcli.open(str(one))) is corpus_module.Corpus
    assert type(vzcli.open(str(corpus))) is corpus_module.Streamed


def test_a_streamed_corpus_reads_no_brief_s_actors_twice(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each brief's actors' names come from the first pass (or the store's index): the
    second pass, which reads the rows, does not parse them again."""
    import time

    later = time.time_ns() + 60_000_000_000  # the files as if left alone a minute
    monkeypatch.setattr(time, "time_ns", lambda: later)
    for _ in range(2):  # certified, then laid out
        vzcli.open(str(corpus), stream=True, collections=QUOTES.reads).quotes()
    streamed = vzcli.open(str(corpus), stream=True, collections=QUOTES.reads)
    assert isinstance(streamed, vzcli.corpus.Streamed)  # type: ignore[attr-defined]
    for view in streamed.stream(QUOTES.reads):
        assert view.names["lavrov"] in ("Sergei Lavrov", "Sergey Lavrov")
        assert getattr(view.brief.actors, "_parsed", None) is False


def test_via_takes_several_relays_and_a_name_it_does_not_know_is_a_usage_error(
    base: dict[str, Any], tmp_path: Path
) -> None:
    data = copy.deepcopy(base)
    for actor_id, name in (("ria", "RIA Novosti"), ("efe", "Efe")):
        data["actors"].append(
            {"id": actor_id, "name": name, "kind": "organisation", "spans": [[0, 5]]}
        )
    record(data, "quotes", "q-lavrov-threats")["via"] = ["ria"]
    record(data, "quotes", "q-moscow-information-war")["via"] = ["efe"]
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data), "utf-8")
    found = js("quotes", "--data", str(path), "--via", "RIA", "--via", "Efe")
    assert sorted(r["id"] for r in found) == ["q-lavrov-threats", "q-moscow-information-war"]
    result = run("quotes", "--data", str(path), "--via", "Efo")
    assert result.exit_code == 2
    assert result.stderr == (
        "vzcli: error: unknown actor 'Efo'; did you mean 'Efe'? "
        "run 'vzcli actors' for the names it knows\n"
    )
