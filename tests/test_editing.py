"""vzcli add, edit and remove: the library (vzcli.editing) and its commands.

A brief is only ever changed whole and valid: each change is checked as a
whole brief before anything is written, and the file keeps its layout.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vzcli import editing
from vzcli.anchors import digest
from vzcli.authoring import new_brief
from vzcli.cli import app
from vzcli.editing import Cite, EditError, Referred
from vzcli.errors import BriefInvalid
from vzcli.jsontext import pretty_json
from vzcli.validate import parse

# Invented: a town, a council and a bakery that exist nowhere.
ARTICLE = (
    "Bakers strike in Lindholm\n"
    "By Ola Brekke\n"
    "Bakers in Lindholm stopped work on Monday. "
    "Mayor Rita Voss said: \u201cThe ovens will be warm again by Friday.\u201d "
    "The union wants a raise of 4 percent. "
    "The council meets the union next week.\n"
)
runner = CliRunner()


def _brief() -> str:
    return pretty_json(new_brief(ARTICLE, author="Ola Brekke"))


def _added_lines(old: str, new: str) -> list[str]:
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def _voss(text: str) -> str:
    return editing.add(
        text,
        "actor",
        {"name": "Rita Voss", "kind": "person", "role": "Mayor of Lindholm"},
        Cite(at=("Mayor Rita Voss",)),
        ARTICLE,
        "b.json",
    ).text


# --- add ----------------------------------------------------------------------


def test_an_actor_is_added_with_its_span_anchored_and_only_its_lines_in_the_diff() -> None:
    text = _brief()
    change = editing.add(
        text,
        "actor",
        {"name": "Rita Voss", "kind": "person"},
        Cite(at=("Mayor Rita Voss",)),
        ARTICLE,
        "b.json",
    )
    start = ARTICLE.index("Mayor Rita Voss")
    span = [start, start + len("Mayor Rita Voss")]
    assert change.record == {
        "id": "rita-voss",
        "name": "Rita Voss",
        "kind": "person",
        "spans": [span],
    }
    assert change.summary == "added actor 'rita-voss'"
    brief = json.loads(change.text)
    assert brief["anchors"][f"{span[0]}-{span[1]}"] == digest("Mayor Rita Voss")
    # The anchors stay in the article's order, as init writes them.
    keys = list(brief["anchors"])
    assert keys == sorted(keys, key=lambda k: [int(n) for n in k.split("-")])
    assert _added_lines(text, change.text) == [
        "+    },",
        "+    {",
        '+      "id": "rita-voss",',
        '+      "name": "Rita Voss",',
        '+      "kind": "person",',
        '+      "spans": [[83, 98]]',
        '-    "29-39": "dd6e3648c4bb"',
        '+    "29-39": "dd6e3648c4bb",',
        f'+    "83-98": "{digest("Mayor Rita Voss")}"',
    ]
    parse("b.json", change.text.encode())


def test_a_direct_quote_takes_its_text_from_the_article() -> None:
    text = _voss(_brief())
    change = editing.add(
        text,
        "quote",
        {"id": "q1", "speaker": "rita-voss", "kind": "direct"},
        Cite(quote='"The ovens will be warm again by Friday."', sentences=(4,)),
        ARTICLE,
        "b.json",
    )
    assert change.record["text"] == "The ovens will be warm again by Friday."
    assert change.record["date"] is None  # required, and the article gives none
    words = ARTICLE.index("The ovens")
    assert change.record["spans"][0] == [words, words + 39]
    assert list(change.record) == ["id", "speaker", "kind", "text", "date", "spans"]


def test_an_exclusion_has_one_span() -> None:
    text = _brief()
    change = editing.add(
        text,
        "excluded",
        {"kind": "figure", "reason": "a demand, not a figure the article reports"},
        Cite(at=("4 percent",)),
        ARTICLE,
        "b.json",
    )
    at = ARTICLE.index("4 percent")
    assert change.record == {
        "span": [at, at + 9],
        "kind": "figure",
        "reason": "a demand, not a figure the article reports",
    }
    assert change.summary == f"added excluded 'excluded:{at}-{at + 9}'"
    with pytest.raises(EditError, match="an exclusion has one span"):
        editing.add(
            text,
            "excluded",
            {"kind": "figure", "reason": "x"},
            Cite(at=("4 percent", "Friday")),
            ARTICLE,
            "b.json",
        )


@pytest.mark.parametrize(
    ("cite", "message"),
    [
        (Cite(), "a record needs spans"),
        (Cite(at=("Tuesday",)), "'Tuesday' is not in the article"),
        (
            Cite(at=("union",)),
            r"'union' occurs 2 times in the article \(at \[151, 156\], \[207, 212\]\): give more",
        ),
        (Cite(spans=((5, 5),)), r"\[5, 5\] is not a span of the article"),
        (Cite(spans=((0, 10_000),)), r"0 <= start < end <= 224"),
        (Cite(sentences=(99,)), "the article has sentences 1 to"),
    ],
)
def test_spans_that_cannot_be_found_are_refused(cite: Cite, message: str) -> None:
    with pytest.raises(EditError, match=message):
        editing.add(_brief(), "actor", {"name": "X", "kind": "person"}, cite, ARTICLE, "b.json")


def test_a_record_the_brief_would_reject_is_refused_with_the_reason() -> None:
    with pytest.raises(BriefInvalid) as caught:
        editing.add(
            _brief(),
            "event",
            {"id": "strike", "title": "Strike", "summary": "Work stops.", "participants": ["x"]},
            Cite(at=("stopped work",)),
            ARTICLE,
            "b.json",
        )
    assert "events[0].participants[0]: unknown actor 'x'" in caught.value.lines()[0]


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(EditError, match="'thing' is not a kind of record: use actor, event"):
        editing.add(_brief(), "thing", {}, Cite(at=("Bakers strike",)), ARTICLE, "b.json")


# --- edit ---------------------------------------------------------------------


def test_edit_replaces_fields_and_a_date_unset_is_null() -> None:
    text = editing.add(
        _voss(_brief()),
        "event",
        {"id": "strike", "title": "Strike", "summary": "Work stops.", "date": "2031-03"},
        Cite(at=("stopped work",)),
        ARTICLE,
        "b.json",
    ).text
    change = editing.edit(text, "strike", {"place": "Lindholm"}, ["date"], Cite(), None, "b.json")
    assert change.record["place"] == "Lindholm"
    assert change.record["date"] is None
    assert change.summary == "changed date, place of 'strike'"
    lines = _added_lines(text, change.text)
    assert lines == [
        '-      "date": "2031-03",',
        '+      "date": null,',
        '+      "place": "Lindholm",',
    ]


def test_edit_re_cites_and_moves_the_anchors() -> None:
    text = _voss(_brief())
    old = ARTICLE.index("Mayor Rita Voss")
    change = editing.edit(
        text, "rita-voss", {}, [], Cite(at=("Rita Voss said",)), ARTICLE, "b.json"
    )
    new = ARTICLE.index("Rita Voss said")
    anchors = json.loads(change.text)["anchors"]
    assert f"{new}-{new + 14}" in anchors
    assert f"{old}-{old + 15}" not in anchors  # nothing cites it any more


@pytest.mark.parametrize(
    ("rec_id", "values", "unset", "message"),
    [
        (
            "rita-vos",
            {"role": "x"},
            [],
            "no record has the id 'rita-vos' \\(did you mean 'rita-voss'\\?\\)",
        ),
        (
            "rita-voss",
            {"title": "x"},
            [],
            "an actor has no field 'title'|a actor has no field 'title'",
        ),
        ("rita-voss", {"name": "Rita Voss"}, [], "already holds those values"),
    ],
)
def test_edit_refuses_what_it_cannot_do(
    rec_id: str, values: dict[str, object], unset: list[str], message: str
) -> None:
    with pytest.raises(EditError, match=message):
        editing.edit(_voss(_brief()), rec_id, values, unset, Cite(), None, "b.json")


def test_edit_needs_the_article_to_re_cite() -> None:
    with pytest.raises(EditError, match="give --source ARTICLE"):
        editing.edit(_voss(_brief()), "rita-voss", {}, [], Cite(at=("Voss",)), None, "b.json")


# --- remove -------------------------------------------------------------------


def test_remove_is_refused_while_records_refer_to_it_and_then_done() -> None:
    text = _voss(_brief())
    text = editing.add(
        text,
        "quote",
        {"id": "q1", "speaker": "rita-voss", "kind": "direct"},
        Cite(quote="The ovens will be warm again by Friday."),
        ARTICLE,
        "b.json",
    ).text
    with pytest.raises(Referred, match="'rita-voss' is referred to by quote 'q1' \\(speaker\\)"):
        editing.remove(text, "rita-voss", "b.json")
    without_quote = editing.remove(text, "q1", "b.json")
    assert without_quote.summary == "removed quote 'q1'"
    gone = editing.remove(without_quote.text, "rita-voss", "b.json").text
    assert gone == _brief()  # back to the start, byte for byte: anchors too


def test_an_exclusion_is_removed_by_its_span() -> None:
    text = _brief()
    added = editing.add(
        text, "excluded", {"kind": "figure", "reason": "why"}, Cite(at=("4 percent",)), ARTICLE, "b"
    )
    at = ARTICLE.index("4 percent")
    assert editing.remove(added.text, f"excluded:{at}-{at + 9}", "b").text == text


def test_fields_come_from_the_models() -> None:
    by_name = {f.name: f for f in editing.fields("event")}
    assert by_name["participants"].many
    assert not by_name["participants"].required
    assert by_name["date"].required
    assert by_name["date"].nullable
    assert by_name["status"].choices == ("occurred", "failed", "ongoing", "scheduled")
    assert by_name["title"].required
    assert not by_name["title"].nullable
    assert {f.name for f in editing.fields("stat") if f.number} == {"value"}
    assert by_name["inferred"].mapping
    link = {f.name: f for f in editing.fields("link")}
    assert link["source"].help == "the record the relation starts from"


# --- any sequence of changes --------------------------------------------------

_WORDS = ["Bakers", "Lindholm", "Rita Voss", "Ola Brekke", "the union", "Friday", "4 percent"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 50), st.integers(0, 50)), max_size=12))
def test_no_sequence_of_changes_leaves_an_invalid_brief(ops: list[tuple[int, int, int]]) -> None:
    """Whatever is asked, each change either leaves a brief that validates (schema
    and integrity) or is refused and changes nothing."""
    text = _brief()
    for op, a, b in ops:
        brief = json.loads(text)
        ids = [
            r["id"]
            for name in editing.KINDS.values()
            for r in brief.get(name.name, [])
            if "id" in r
        ]
        pick = ids[a % len(ids)] if ids else "nobody"
        other = ids[b % len(ids)] if ids else "nobody"
        words = _WORDS[a % len(_WORDS)]
        try:
            if op == 0:
                change = editing.add(
                    text,
                    "actor",
                    {"name": words, "kind": "person"},
                    Cite(at=(words,)),
                    ARTICLE,
                    "b",
                )
            elif op == 1:
                change = editing.add(
                    text,
                    "event",
                    {"id": f"e{a}", "title": "T", "summary": "S", "participants": [pick, other]},
                    Cite(sentences=(1 + b % 6,)),
                    ARTICLE,
                    "b",
                )
            elif op == 2:
                change = editing.add(
                    text,
                    "link",
                    {"id": f"l{a}-{b}", "source": pick, "relation": "followed", "target": other},
                    Cite(sentences=(1 + a % 6,)),
                    ARTICLE,
                    "b",
                )
            elif op == 3:
                change = editing.remove(text, pick, "b")
            else:
                change = editing.edit(text, pick, {}, [], Cite(at=(words,)), ARTICLE, "b")
        except (EditError, BriefInvalid):
            continue
        parse("b", change.text.encode())
        assert change.text == pretty_json(json.loads(change.text))  # layout kept
        text = change.text


# --- the commands ---------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "article.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "b.json").write_text(_brief(), "utf-8")
    return tmp_path


_STRIKE = (
    *("--id", "strike", "--title", "Strike", "--summary", "Work stops."),
    *("--at", "stopped work on Monday", "--date-text", "on Monday", "--published", "2031-03-12"),
)
"""An event dated by the article's words, from a publication day."""


def _add(folder: Path, kind: str, *args: str, input: str | None = None) -> tuple[int, str, str]:
    """``vzcli add KIND`` on the folder's brief and article."""
    brief, article = str(folder / "b.json"), str(folder / "article.txt")
    return _run(folder, "add", kind, "--data", brief, "--source", article, *args, input=input)


def _run(folder: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_add_prints_the_record_and_writes_the_file(folder: Path) -> None:
    b = str(folder / "b.json")
    code, out, err = _add(
        folder,
        "actor",
        "--name",
        "Rita Voss",
        "--kind",
        "person",
        "--at",
        "Mayor Rita Voss",
    )
    assert code == 0, err
    assert json.loads(out)["id"] == "rita-voss"
    assert err == f"wrote {b}: added actor 'rita-voss'\n"
    assert json.loads((folder / "b.json").read_text())["actors"][-1]["name"] == "Rita Voss"


def test_add_reads_the_article_from_stdin(folder: Path) -> None:
    b = str(folder / "b.json")
    code, _out, err = _run(
        folder,
        "add",
        "actor",
        "--data",
        b,
        "--source",
        "-",
        "--name",
        "Ola",
        "--kind",
        "person",
        "--at",
        "By Ola",
        input=ARTICLE,
    )
    assert code == 0, err


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--status", "occured"], 2, "unknown --status 'occured'; did you mean 'occurred'?"),
        (["--participants", "nobody"], 65, "unknown actor 'nobody'"),
        (
            ["--date-text", "recently", "--published", "2031-03-12"],
            2,
            "'recently' gives no date to resolve",
        ),
        (
            ["--date-text", "on Monday"],
            2,
            "the publication day is needed: the brief's source has none",
        ),
    ],
)
def test_add_refusals_change_nothing(
    folder: Path, args: list[str], code: int, message: str
) -> None:
    before = (folder / "b.json").read_bytes()
    got, _, err = _add(
        folder,
        "event",
        "--id",
        "strike",
        "--title",
        "Strike",
        "--summary",
        "Work stops.",
        "--at",
        "stopped work",
        *args,
    )
    assert (got, message in err) == (code, True), err
    assert (folder / "b.json").read_bytes() == before


def test_add_dates_by_the_articles_words(folder: Path) -> None:
    code, out, err = _add(
        folder,
        "event",
        *_STRIKE,
    )
    assert code == 0, err
    record = json.loads(out)
    assert record["date"] == "2031-03-10"
    assert record["inferred"] == {
        "date": "the dateline is Wednesday 12 March 2031; 'on Monday' is the latest Monday "
        "on or before it"
    }


def test_the_wrong_article_is_refused(folder: Path) -> None:
    (folder / "other.txt").write_text(ARTICLE + "More.\n", "utf-8")
    code, _, err = _run(
        folder,
        "add",
        "actor",
        "--data",
        str(folder / "b.json"),
        "--source",
        str(folder / "other.txt"),
        "--name",
        "X",
        "--kind",
        "person",
        "--at",
        "Bakers in",
    )
    assert code == 65, err
    assert "not the article this brief describes (sha256" in err


def test_remove_refused_is_65_and_names_the_referrers(folder: Path) -> None:
    b = str(folder / "b.json")
    _add(
        folder,
        "actor",
        "--name",
        "Rita Voss",
        "--kind",
        "person",
        "--at",
        "Mayor Rita Voss",
    )
    _add(
        folder,
        "quote",
        "--id",
        "q1",
        "--speaker",
        "rita-voss",
        "--kind",
        "direct",
        "--quote",
        "The ovens will be warm again by Friday.",
    )
    code, _, err = _run(folder, "remove", "rita-voss", "--data", b)
    assert code == 65
    assert err == (
        f"vzcli: {b}: 'rita-voss' is referred to by quote 'q1' (speaker): remove those, "
        "or edit them to refer elsewhere, first\n"
    )


def test_a_brief_from_stdin_cannot_be_written_back(folder: Path) -> None:
    code, _, err = _run(folder, "remove", "x", "--data", "-", input=_brief())
    assert code == 2
    assert "cannot be written back" in err


def test_a_write_failure_is_74_and_leaves_the_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vzcli import atomic

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "write_text", refuse)
    before = (folder / "b.json").read_bytes()
    code, out, err = _add(
        folder,
        "actor",
        "--name",
        "Rita Voss",
        "--kind",
        "person",
        "--at",
        "Mayor Rita Voss",
    )
    assert code == 74
    assert "cannot write it: No space left on device" in err
    assert out == ""
    assert (folder / "b.json").read_bytes() == before


def test_date_prints_the_day_and_the_reason() -> None:
    result = runner.invoke(app, ["date", "on Monday", "--published", "2019-05-07"])
    assert result.exit_code == 0
    assert result.stdout == (
        "2019-05-06  (day)\ninferred: the dateline is Tuesday 7 May 2019; 'on Monday' is the "
        "latest Monday on or before it\n"
    )
    result = runner.invoke(app, ["date", "last week", "--published", "2019-05-07", "-f", "json"])
    assert json.loads(result.stdout) | {"reason": ""} == {
        "phrase": "last week",
        "date": "2019-04-29/2019-05-05",
        "precision": "range",
        "earliest": "2019-04-29",
        "latest": "2019-05-05",
        "reason": "",
        "rule": "last-week",
    }


_KIND_ARGS = {
    "actor": ["--name", "Rita Voss", "--kind", "person"],
    "event": ["--title", "Strike", "--summary", "Work stops.", "--status", "ongoing"],
    "quote": ["--speaker", "rita-voss", "--kind", "reported", "--text", "Soon warm."],
    "position": ["--holder", "ola-brekke", "--stance", "supports", "--summary", "For it."],
    "claim": [
        "--holder",
        "ola-brekke",
        "--kind",
        "forecast",
        "--text",
        "Soon.",
        "--certainty",
        "likely",
        "--hedge",
        "will",
    ],
    "stat": ["--metric", "raise", "--value", "4", "--unit", "percent", "--measure", "change"],
    "link": ["--from", "strike", "--relation", "led_to", "--target", "talks"],
    "excluded": ["--kind", "figure", "--reason", "A demand."],
}
_IDS = ["rita-voss", "strike", "talks", "q1", "ola-brekke", "nobody"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["add", "add", "edit", "remove"]),
            st.sampled_from(sorted(_KIND_ARGS)),
            st.sampled_from(_IDS),
            st.sampled_from([*_WORDS, "Monday", "union", "nowhere"]),
        ),
        max_size=10,
    )
)
def test_no_sequence_of_commands_leaves_an_invalid_brief(
    tmp_path: Path, steps: list[tuple[str, str, str, str]]
) -> None:
    """The commands as a person types them, right or wrong: each exits 0 with a valid
    brief written, or 2 or 65 with the file as it was; never anything else."""
    brief = tmp_path / "b.json"
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, "utf-8")
    brief.write_text(_brief(), "utf-8")
    for verb, kind, rec_id, words in steps:
        before = brief.read_bytes()
        if verb == "add":
            args = ["add", kind, "--data", str(brief), "--source", str(article), "--at", words]
            args += [] if kind in ("actor", "excluded") else ["--id", rec_id]
            args += _KIND_ARGS[kind]
        elif verb == "edit":
            args = ["edit", rec_id, "--data", str(brief), "--source", str(article), "--at", words]
        else:
            args = ["remove", rec_id, "--data", str(brief)]
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 2, 65), (args, result.stderr)
        if result.exit_code:
            assert brief.read_bytes() == before
            lines = result.stderr.splitlines()
            assert lines, args
            assert all(line.startswith("vzcli: ") for line in lines), result.stderr
        else:
            parse("b.json", brief.read_bytes())


def test_edit_source_sets_the_articles_metadata_but_never_its_hash() -> None:
    text = _brief()
    change = editing.edit(
        text, "source", {"published": "2031-03-12", "outlet": "NNA"}, [], Cite(), None, "b"
    )
    # In the schema's order, after the categories.
    assert _added_lines(text, change.text) == [
        '+    "outlet": "NNA",',
        '+    "published": "2031-03-12",',
    ]
    with pytest.raises(EditError, match="sha256 is the article's own"):
        editing.edit(text, "source", {"sha256": "0" * 64}, [], Cite(), None, "b")
    with pytest.raises(EditError, match="a brief keeps its source"):
        editing.remove(text, "source", "b")


def test_edit_source_cites_a_new_dateline_as_printed() -> None:
    article = "Talks set\nOSTRAVIK, March 12 (NNA) - Ministers met.\n"
    text = pretty_json(new_brief(article))
    change = editing.edit(
        text, "source", {"dateline": "Ostravik,  march 12"}, [], Cite(), article, "b"
    )
    source = json.loads(change.text)["source"]
    assert source["dateline"] == "OSTRAVIK, March 12"
    assert [article[a:b] for a, b in source["spans"]] == ["Talks set", "OSTRAVIK, March 12"]
    assert (
        f"{article.index('OSTRAVIK')}-{article.index(' (NNA)')}"
        in json.loads(change.text)["anchors"]
    )
    moved = editing.edit(
        change.text, "source", {"dateline": "Ministers met"}, [], Cite(), article, "b"
    )
    spans = json.loads(moved.text)["source"]["spans"]
    assert [article[a:b] for a, b in spans] == ["Talks set", "Ministers met"]
    with pytest.raises(EditError, match="give --source ARTICLE"):
        editing.edit(text, "source", {"dateline": "OSTRAVIK"}, [], Cite(), None, "b")
    with pytest.raises(EditError, match="the dateline 'OSLO' is not in the article"):
        editing.edit(text, "source", {"dateline": "OSLO"}, [], Cite(), article, "b")


def test_a_scheduled_event_reads_its_day_forward(folder: Path) -> None:
    b = str(folder / "b.json")
    code, out, err = _add(
        folder,
        "event",
        "--id",
        "talks",
        "--title",
        "Talks",
        "--summary",
        "To meet.",
        "--status",
        "scheduled",
        "--at",
        "meets the union next week",
        "--date-text",
        "on Friday",
        "--published",
        "2031-03-12",
    )
    assert code == 0, err
    assert json.loads(out)["date"] == "2031-03-14"  # not Friday 7 March
    code, _, err = _run(folder, "edit", "talks", "--data", b, "--ahead")
    assert (code, err) == (
        2,
        "vzcli: error: --ahead reads --date-text forward: give --date-text PHRASE\n",
    )


# --- what a review and a new user's trial found ----------------------------------


def _cli(folder: Path, *args: str) -> tuple[int, str, str]:
    return _run(folder, *args)


def test_a_brief_with_a_key_given_twice_is_refused_not_rewritten(folder: Path) -> None:
    text = _brief()
    doubled = text.replace('  "links": [],', '  "links": [{"id": "x"}],\n  "links": [],', 1)
    (folder / "b.json").write_text(doubled, "utf-8")
    code, _, err = _add(
        folder,
        "excluded",
        "--kind",
        "figure",
        "--reason",
        "r",
        "--at",
        "4 percent",
    )
    assert code == 65
    assert "duplicate key 'links'" in err
    assert (folder / "b.json").read_text("utf-8") == doubled


@pytest.mark.parametrize("quote", ['""', "\u201c\u201d", '"', "  "])
def test_a_quotation_of_no_words_is_refused(quote: str) -> None:
    with pytest.raises(EditError, match="--quote holds no words"):
        editing.add(
            _voss(_brief()),
            "quote",
            {"id": "q", "speaker": "rita-voss", "kind": "direct"},
            Cite(quote=quote, at=("Mayor Rita Voss said",)),
            ARTICLE,
            "b",
        )


def test_only_an_outer_pair_of_marks_is_dropped() -> None:
    article = "Title\nShe said: \u201cThese rights are the dockers\u2019\u201d and left.\n"
    text = pretty_json(new_brief(article))
    for pasted in (
        "\u201cThese rights are the dockers\u2019\u201d",
        "These rights are the dockers\u2019",
    ):
        found = editing.find_spans(article, Cite(quote=pasted))
        assert article[found[0][0] : found[0][1]] == "These rights are the dockers\u2019"
    assert text  # the brief of that article is valid to start from


def test_offsets_must_be_ascii_digits(folder: Path) -> None:
    code, _, err = _add(
        folder,
        "excluded",
        "--kind",
        "figure",
        "--reason",
        "r",
        "--span",
        "\u00b2-5",
    )
    assert (code, err) == (
        2,
        "vzcli: error: --span '\u00b2-5': give START-END, as `vzcli locate` prints\n",
    )


def test_text_that_is_not_utf8_is_a_usage_error(folder: Path) -> None:
    code, _, err = _add(
        folder,
        "actor",
        "--name",
        "x\udcff",
        "--kind",
        "person",
        "--at",
        "Mayor Rita",
    )
    assert (code, err) == (2, "vzcli: error: --name: not valid UTF-8 text\n")


@pytest.mark.parametrize(
    ("value", "stored"), [("2,400", 2400), ("2400", 2400), ("1.5", 1.5), ("-3", -3)]
)
def test_a_value_is_read_as_an_article_prints_it(folder: Path, value: str, stored: float) -> None:
    code, out, err = _add(
        folder,
        "stat",
        "--id",
        "s",
        "--metric",
        "raise",
        "--value",
        value,
        "--unit",
        "percent",
        "--measure",
        "change",
        "--at",
        "4 percent",
    )
    assert code == 0, err
    assert json.loads(out)["value"] == stored


@pytest.mark.parametrize("value", ["2_400", "1e3", "nan", "2,40", "four"])
def test_a_value_no_article_prints_is_refused(folder: Path, value: str) -> None:
    code, _, err = _add(
        folder,
        "stat",
        "--id",
        "s",
        "--metric",
        "m",
        "--value",
        value,
        "--unit",
        "u",
        "--measure",
        "level",
        "--at",
        "4 percent",
    )
    assert code == 2
    assert f"--value {value!r} is not a number as an article prints one" in err


def test_a_bad_date_option_is_a_usage_error_naming_it(folder: Path) -> None:
    code, _, err = _add(
        folder,
        "event",
        "--id",
        "e",
        "--title",
        "T",
        "--summary",
        "S",
        "--date",
        "2031-02-30",
        "--at",
        "stopped work",
    )
    assert (code, err) == (
        2,
        "vzcli: error: --date: '2031-02-30' has no day 30: February 2031 has 28 days\n",
    )


def _dated_event(folder: Path) -> str:
    b = str(folder / "b.json")
    code, _, err = _add(
        folder,
        "event",
        *_STRIKE,
    )
    assert code == 0, err
    return b


def test_a_date_given_anew_drops_the_reason_it_was_inferred_by(folder: Path) -> None:
    b = _dated_event(folder)
    code, out, err = _cli(folder, "edit", "strike", "--data", b, "--date", "2031-03-10")
    assert code == 0, err
    assert "inferred" not in json.loads(out)
    _dated_event_again = _cli(folder, "edit", "strike", "--data", b, "--unset", "date")
    assert _dated_event_again[0] == 0


def test_date_and_date_text_together_are_refused(folder: Path) -> None:
    b = _dated_event(folder)
    code, _, err = _cli(
        folder, "edit", "strike", "--data", b, "--date-text", "on Monday", "--date", "2031-03-10"
    )
    assert (code, err) == (
        2,
        "vzcli: error: give --date-text or --date, not both: each sets the date\n",
    )


def test_edit_with_nothing_to_change_says_what_to_give(folder: Path) -> None:
    b = _dated_event(folder)
    code, _, err = _cli(folder, "edit", "strike", "--data", b)
    assert code == 2
    assert err.startswith("vzcli: error: nothing to change: give the fields of 'strike' to set")


def test_inferred_in_edit_is_checked_against_the_records_kind(folder: Path) -> None:
    b = _dated_event(folder)
    code, _, err = _cli(folder, "edit", "strike", "--data", b, "--inferred", "holder=x")
    assert (code, err) == (2, "vzcli: error: --inferred 'holder=x': no field 'holder' here\n")


def test_a_dateline_that_prints_another_day_is_refused(folder: Path) -> None:
    article = "Talks\nTARNBY, March 3 (NNA) - Ministers met on Monday.\n"
    (folder / "w.txt").write_text(article, "utf-8")
    brief = new_brief(article, published="2031-03-04", dateline="TARNBY, March 3")
    (folder / "w.json").write_text(pretty_json(brief), "utf-8")
    code, _, err = _cli(
        folder,
        "add",
        "event",
        "--data",
        str(folder / "w.json"),
        "--source",
        str(folder / "w.txt"),
        "--id",
        "m",
        "--title",
        "T",
        "--summary",
        "S",
        "--at",
        "Ministers met",
        "--date-text",
        "on Monday",
    )
    assert (code, err) == (
        2,
        "vzcli: error: the dateline 'TARNBY, March 3' prints 3 March, but the publication day is "
        "2031-03-04: correct one with `vzcli edit source`\n",
    )


def test_edit_quote_takes_its_text_from_the_article_and_keeps_its_first_span() -> None:
    text = _voss(_brief())
    text = editing.add(
        text,
        "quote",
        {"id": "q1", "speaker": "rita-voss", "kind": "direct"},
        Cite(quote="The ovens will be warm again", sentences=(4,)),
        ARTICLE,
        "b",
    ).text
    longer = editing.edit(
        text, "q1", {}, [], Cite(quote="The ovens will be warm again by Friday."), ARTICLE, "b"
    )
    assert longer.record["text"] == "The ovens will be warm again by Friday."
    words = ARTICLE.index("The ovens")
    assert longer.record["spans"] == [[words, words + 39]]
    sentence = editing.edit(longer.text, "q1", {}, [], Cite(sentences=(4,)), ARTICLE, "b")
    assert sentence.record["spans"][0] == [words, words + 39]  # still its words
    assert len(sentence.record["spans"]) == 2


def test_an_actor_id_is_asked_for_when_none_can_be_made() -> None:
    with pytest.raises(
        EditError, match="no id can be made from the name '\u4e2d\u56fd': give --id"
    ):
        editing.add(
            _brief(),
            "actor",
            {"name": "\u4e2d\u56fd", "kind": "state"},
            Cite(at=("Bakers in",)),
            ARTICLE,
            "b",
        )


def test_the_id_source_is_kept_for_the_articles_metadata() -> None:
    with pytest.raises(EditError, match="the id 'source' names the article's metadata"):
        editing.add(
            _brief(),
            "actor",
            {"name": "Source", "kind": "person"},
            Cite(at=("Bakers in",)),
            ARTICLE,
            "b",
        )


def test_unsetting_the_dateline_uncites_it() -> None:
    article = "Talks set\nOSTRAVIK, March 12 (NNA) - Ministers met.\n"
    text = pretty_json(new_brief(article, dateline="OSTRAVIK, March 12"))
    change = editing.edit(text, "source", {}, ["dateline"], Cite(), article, "b")
    source = json.loads(change.text)["source"]
    assert "dateline" not in source
    assert [article[a:b] for a, b in source["spans"]] == ["Talks set"]
    assert list(json.loads(change.text)["anchors"]) == ["0-9"]
    with pytest.raises(EditError, match="the dateline's span goes with it"):
        editing.edit(text, "source", {}, ["dateline"], Cite(), None, "b")


def test_an_exclusion_cited_anew_says_its_new_name() -> None:
    text = editing.add(
        _brief(),
        "excluded",
        {"kind": "figure", "reason": "r"},
        Cite(at=("4 percent",)),
        ARTICLE,
        "b",
    ).text
    at = ARTICLE.index("4 percent")
    change = editing.edit(
        text, f"excluded:{at}-{at + 9}", {}, [], Cite(spans=((at, at + 1),)), ARTICLE, "b"
    )
    assert (
        change.summary == f"changed spans of 'excluded:{at}-{at + 9} (now excluded:{at}-{at + 1})'"
    )


def test_date_refuses_what_is_not_a_day_and_forgives_a_trailing_comma() -> None:
    for published, message in [
        ("20260304", "--published: '20260304' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2031-02-30", "--published: '2031-02-30' has no day 30: February 2031 has 28 days"),
        ("2019-05", "the publication day is needed: --published is '2019-05', not a day"),
    ]:
        result = runner.invoke(app, ["date", "on Monday", "--published", published])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"vzcli: error: {message}"), result.stderr
    result = runner.invoke(app, ["date", "on Tuesday,", "--published", "2019-05-07"])
    assert result.stdout.startswith("2019-05-07  (day)\n")
    nested = "one day after " * 1500 + "today"
    result = runner.invoke(app, ["date", nested, "--published", "2019-05-07"])
    assert result.exit_code == 2
    assert "nests too many offsets to resolve" in result.stderr
