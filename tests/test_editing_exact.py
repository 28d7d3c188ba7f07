"""vzcli.editing word for word: every refusal's message, the boundaries of what it
finds, and what each change reports, so that a changed word or limit fails."""

from __future__ import annotations

import json

import pytest

from vzcli import editing
from vzcli.authoring import new_brief
from vzcli.editing import Cite, EditError, Referred
from vzcli.errors import BriefInvalid
from vzcli.jsontext import pretty_json
from vzcli.models import Stat
from vzcli.vocab import EventStatus, Qualifier, QuoteKind

ARTICLE = (
    "Ferry fares rise\n"
    "By Ola Brekke\n"
    "The ferry company raised its fares on Monday. "
    "Mayor Rita Voss said: \u201cWe will not pay.\u201d "
    "Riders x x x x x x complained. "
    "A vote follows.\n"
)


def _brief() -> str:
    return pretty_json(new_brief(ARTICLE, author="Ola Brekke"))


def _message(exc: pytest.ExceptionInfo[Exception]) -> str:
    return str(exc.value)


def _with(*records: tuple[str, dict[str, object], Cite]) -> str:
    text = _brief()
    for kind, values, cite in records:
        text = editing.add(text, kind, values, cite, ARTICLE, "b").text
    return text


VOSS = ("actor", {"name": "Rita Voss", "kind": "person"}, Cite(at=("Mayor Rita Voss",)))
RISE = (
    "event",
    {"id": "rise", "title": "Fares rise", "summary": "Dearer crossings.", "date": None},
    Cite(sentences=(3,)),
)


# --- finding spans --------------------------------------------------------------


def test_words_not_in_the_article() -> None:
    with pytest.raises(EditError) as caught:
        editing.find_spans(ARTICLE, Cite(at=("Tuesday",)))
    assert _message(caught) == (
        "'Tuesday' is not in the article; `vzcli locate` finds text, forgiving only "
        "quotation marks, dashes and spacing"
    )


def test_words_found_five_times_are_listed_all() -> None:
    with pytest.raises(EditError) as caught:
        editing.find_spans(ARTICLE, Cite(at=("x x",)))
    at = ARTICLE.index("x x")
    places = ", ".join(f"[{at + 2 * i}, {at + 2 * i + 3}]" for i in range(5))
    assert _message(caught) == (
        f"'x x' occurs 5 times in the article (at {places}): give more of the words "
        "around it, or --span START-END"
    )


def test_words_found_six_times_are_listed_five_and_counted() -> None:
    with pytest.raises(EditError) as caught:
        editing.find_spans(ARTICLE, Cite(at=("x",)))
    at = ARTICLE.index("x x")
    places = ", ".join(f"[{at + 2 * i}, {at + 2 * i + 1}]" for i in range(5))
    assert _message(caught) == (
        f"'x' occurs 6 times in the article (at {places} and 1 more): give more of the "
        "words around it, or --span START-END"
    )


def test_offsets_at_the_edges_of_the_article() -> None:
    n = len(ARTICLE)
    assert editing.find_spans(ARTICLE, Cite(spans=((0, 1), (n - 1, n)))) == [(0, 1), (n - 1, n)]
    for start, end in ((0, n + 1), (3, 3), (4, 3)):
        with pytest.raises(EditError) as caught:
            editing.find_spans(ARTICLE, Cite(spans=((start, end),)))
        assert _message(caught) == (
            f"[{start}, {end}] is not a span of the article (0 <= start < end <= {n})"
        )


def test_the_first_sentence_starts_at_zero() -> None:
    first = editing.find_spans(ARTICLE, Cite(sentences=(1,)))
    assert first[0][0] == 0
    assert ARTICLE[first[0][0] : first[0][1]] == "Ferry fares rise"


def test_a_quotation_comes_first_and_the_rest_in_the_articles_order_once() -> None:
    found = editing.find_spans(
        ARTICLE, Cite(quote="We will not pay.", at=("A vote", "Mayor Rita"), spans=((0, 5), (0, 5)))
    )
    quote = ARTICLE.index("We will")
    assert found[0] == (quote, quote + 16)
    assert found[1:] == sorted(found[1:])
    assert len(found) == 4


def test_a_quotation_of_marks_only() -> None:
    with pytest.raises(EditError) as caught:
        editing.find_spans(ARTICLE, Cite(quote="\u201c\u201d"))
    assert _message(caught) == "--quote holds no words: give the quotation's words"


# --- add ------------------------------------------------------------------------


def test_add_reports_its_collection_and_record() -> None:
    change = editing.add(_brief(), *VOSS, ARTICLE, "b")
    assert (change.collection, change.record["id"], change.summary) == (
        "actors",
        "rita-voss",
        "added actor 'rita-voss'",
    )
    excluded = editing.add(
        _brief(), "excluded", {"kind": "figure", "reason": "r"}, Cite(at=("A vote",)), ARTICLE, "b"
    )
    assert excluded.collection == "excluded"


def test_an_actor_keeps_the_id_given() -> None:
    change = editing.add(
        _brief(),
        "actor",
        {"id": "voss", "name": "Rita Voss", "kind": "person"},
        Cite(at=("Mayor Rita Voss",)),
        ARTICLE,
        "b",
    )
    assert change.record["id"] == "voss"


def test_an_event_without_an_id_is_refused_by_the_schema_naming_the_brief() -> None:
    with pytest.raises(BriefInvalid) as caught:
        editing.add(
            _brief(),
            "event",
            {"title": "T", "summary": "S", "date": None},
            Cite(sentences=(3,)),
            ARTICLE,
            "b.json",
        )
    assert caught.value.lines()[0].startswith("b.json as changed (not written): events[0]")


def test_a_quotes_text_given_is_kept_and_reported_speech_takes_none() -> None:
    text = _with(VOSS)
    given = editing.add(
        text,
        "quote",
        {
            "id": "q",
            "speaker": "rita-voss",
            "kind": "direct",
            "text": "We will not pay.",
            "date": None,
        },
        Cite(quote="\u201cWe will not pay.\u201d"),
        ARTICLE,
        "b",
    )
    assert given.record["text"] == "We will not pay."
    reported = editing.add(
        text,
        "quote",
        {
            "id": "r",
            "speaker": "rita-voss",
            "kind": "reported",
            "text": "She refused.",
            "date": None,
        },
        Cite(at=("Mayor Rita Voss said",)),
        ARTICLE,
        "b",
    )
    assert reported.record["text"] == "She refused."


def test_a_brief_without_the_collection_gets_it() -> None:
    brief = json.loads(_brief())
    del brief["events"]
    change = editing.add(pretty_json(brief), *RISE, ARTICLE, "b")
    assert json.loads(change.text)["events"][0]["id"] == "rise"


@pytest.mark.parametrize(
    ("kind", "values", "cite", "message"),
    [
        (
            "excluded",
            {"kind": "figure", "reason": "r"},
            Cite(at=("A vote", "Mayor")),
            "an exclusion has one span: cite it with one --at, --sentence or --span",
        ),
        (
            "actor",
            {"name": "X", "kind": "person"},
            Cite(),
            "a record needs spans: cite it with --at, --quote, --sentence or --span",
        ),
        (
            "actor",
            {"name": "Source", "kind": "person"},
            Cite(at=("A vote",)),
            "the id 'source' names the article's metadata: choose another id",
        ),
    ],
)
def test_add_refusals_word_for_word(
    kind: str, values: dict[str, object], cite: Cite, message: str
) -> None:
    with pytest.raises(EditError) as caught:
        editing.add(_brief(), kind, values, cite, ARTICLE, "b")
    assert _message(caught) == message


def test_a_brief_that_is_no_object() -> None:
    with pytest.raises(EditError) as caught:
        editing.add("[]", *VOSS, ARTICLE, "b")
    assert _message(caught) == "the brief is not a JSON object"


# --- edit -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rec_id", "values", "message"),
    [
        (
            "rise",
            {"holder": "x"},
            "an event has no field 'holder': it has date, id, inferred, participants, place, "
            "spans, status, summary, targets, title, via",
        ),
        (
            "rita-voss",
            {"title": "x"},
            "an actor has no field 'title': it has aliases, id, inferred, kind, name, role, side, "
            "spans",
        ),
        ("source", {"sha256": "0" * 64}, "sha256 is the article's own: `vzcli reanchor` keeps it"),
    ],
)
def test_edit_refusals_word_for_word(rec_id: str, values: dict[str, object], message: str) -> None:
    with pytest.raises(EditError) as caught:
        editing.edit(_with(VOSS, RISE), rec_id, values, [], Cite(), None, "b")
    assert _message(caught) == message


def test_a_stat_has_no_field_of_another_kind() -> None:
    text = _with(
        (
            "stat",
            {"id": "s", "metric": "m", "value": 1, "unit": "u", "measure": "level", "period": None},
            Cite(at=("A vote",)),
        )
    )
    with pytest.raises(EditError) as caught:
        editing.edit(text, "s", {"title": "x"}, [], Cite(), None, "b")
    assert _message(caught).startswith("a stat has no field 'title': it has hedge, id, inferred")


def test_edit_needs_the_article_for_new_spans_word_for_word() -> None:
    with pytest.raises(EditError) as caught:
        editing.edit(_with(VOSS), "rita-voss", {}, [], Cite(at=("Voss",)), None, "b")
    assert _message(caught) == "new spans are found in the article: give --source ARTICLE"


def test_edit_an_exclusion_with_two_spans() -> None:
    text = _with(("excluded", {"kind": "figure", "reason": "r"}, Cite(at=("A vote",))))
    at = ARTICLE.index("A vote")
    with pytest.raises(EditError) as caught:
        editing.edit(
            text, f"excluded:{at}-{at + 6}", {}, [], Cite(spans=((0, 1), (2, 3))), ARTICLE, "b"
        )
    assert _message(caught) == "an exclusion has one span: cite it with one --at or --span"


def test_unsetting_a_field_the_record_lacks_changes_nothing() -> None:
    with pytest.raises(EditError) as caught:
        editing.edit(_with(VOSS), "rita-voss", {}, ["role"], Cite(), None, "b")
    assert _message(caught) == "'rita-voss' already holds those values; nothing to change"


def test_edit_reports_its_collection_record_and_plain_name() -> None:
    change = editing.edit(
        _with(VOSS), "rita-voss", {"role": "Mayor"}, [], Cite(spans=((0, 5),)), ARTICLE, "b.json"
    )
    assert (change.collection, change.record["role"], change.summary) == (
        "actors",
        "Mayor",
        "changed role, spans of 'rita-voss'",
    )


def test_an_edit_that_breaks_the_brief_names_it() -> None:
    with pytest.raises(BriefInvalid) as caught:
        editing.edit(
            _with(VOSS, RISE), "rise", {"participants": ["nobody"]}, [], Cite(), None, "b.json"
        )
    assert caught.value.lines()[0].startswith("b.json as changed (not written): events[0]")


def test_a_reported_quote_cited_anew_takes_the_new_spans_only() -> None:
    text = _with(
        VOSS,
        (
            "quote",
            {"id": "r", "speaker": "rita-voss", "kind": "reported", "text": "No.", "date": None},
            Cite(at=("Mayor Rita Voss said",)),
        ),
    )
    change = editing.edit(text, "r", {}, [], Cite(sentences=(5,)), ARTICLE, "b")
    start = ARTICLE.index("Riders")
    assert [tuple(s) for s in change.record["spans"]] == [(start, ARTICLE.index(" A vote"))]


def test_a_direct_quotes_text_given_with_its_words_is_kept() -> None:
    text = _with(
        VOSS,
        (
            "quote",
            {"id": "q", "speaker": "rita-voss", "kind": "direct", "date": None},
            Cite(quote="We will not pay."),
        ),
    )
    change = editing.edit(
        text, "q", {"text": "We will not pay"}, [], Cite(quote="We will not pay"), ARTICLE, "b"
    )
    assert change.record["text"] == "We will not pay"


def test_unsetting_the_outlet_needs_no_article_when_a_dateline_is_kept() -> None:
    article = "Talks\nOSTRAVIK, March 12 (NNA) - Ministers met.\n"
    text = pretty_json(new_brief(article, dateline="OSTRAVIK, March 12", outlet="NNA"))
    change = editing.edit(text, "source", {}, ["outlet"], Cite(), None, "b")
    assert json.loads(change.text)["source"]["dateline"] == "OSTRAVIK, March 12"


def test_a_reason_for_another_field_stays_when_one_is_given_anew() -> None:
    text = _with(
        VOSS,
        (
            "event",
            {
                "id": "e",
                "title": "T",
                "summary": "S",
                "date": "2031-03",
                "place": "Ostravik",
                "inferred": {"date": "d", "place": "p"},
            },
            Cite(sentences=(3,)),
        ),
    )
    change = editing.edit(text, "e", {"date": "2031"}, [], Cite(), None, "b")
    assert change.record["inferred"] == {"place": "p"}
    both = editing.edit(change.text, "e", {"place": "Ostravik harbour"}, [], Cite(), None, "b")
    assert "inferred" not in both.record


def test_the_dateline_unset_without_the_article_word_for_word() -> None:
    article = "Talks\nOSTRAVIK, March 12 (NNA) - Ministers met.\n"
    text = pretty_json(new_brief(article, dateline="OSTRAVIK, March 12"))
    with pytest.raises(EditError) as caught:
        editing.edit(text, "source", {}, ["dateline"], Cite(), None, "b")
    assert _message(caught) == "the dateline's span goes with it: give --source ARTICLE"


# --- remove ---------------------------------------------------------------------


def test_remove_reports_what_it_removed_naming_the_brief_on_failure() -> None:
    text = _with(VOSS)
    change = editing.remove(text, "rita-voss", "b")
    assert (change.collection, change.record["name"], change.summary) == (
        "actors",
        "Rita Voss",
        "removed actor 'rita-voss'",
    )
    with pytest.raises(EditError) as caught:
        editing.remove(text, "source", "b")
    assert _message(caught) == "a brief keeps its source: edit it, or start another brief with init"


def _referred_by(n: int) -> str:
    text = _with(VOSS)
    for i in range(n):
        text = editing.add(
            text,
            "quote",
            {
                "id": f"q{i}",
                "speaker": "rita-voss",
                "kind": "reported",
                "text": "No.",
                "date": None,
            },
            Cite(at=("Mayor Rita Voss said",)),
            ARTICLE,
            "b",
        ).text
    return text


@pytest.mark.parametrize(("n", "more"), [(8, ""), (9, " and 1 more")])
def test_a_removal_lists_eight_referrers_then_counts(n: int, more: str) -> None:
    with pytest.raises(Referred) as caught:
        editing.remove(_referred_by(n), "rita-voss", "b")
    shown = ", ".join(f"quote 'q{i}' (speaker)" for i in range(8))
    assert _message(caught) == (
        f"'rita-voss' is referred to by {shown}{more}: remove those, or edit them to refer "
        "elsewhere, first"
    )


def test_the_second_exclusion_is_removed_by_its_span() -> None:
    text = _with(
        ("excluded", {"kind": "figure", "reason": "one"}, Cite(at=("A vote",))),
        ("excluded", {"kind": "figure", "reason": "two"}, Cite(at=("complained",))),
    )
    at = ARTICLE.index("complained")
    change = editing.remove(text, f"excluded:{at}-{at + 10}", "b")
    assert change.record["reason"] == "two"
    assert [x["reason"] for x in json.loads(change.text)["excluded"]] == ["one"]


@pytest.mark.parametrize(
    ("rec_id", "message"),
    [
        ("None", "no record has the id 'None'"),
        ("rita-vos", "no record has the id 'rita-vos' (did you mean 'rita-voss'?)"),
        ("rit-vx", "no record has the id 'rit-vx'"),  # 0.67 alike: under the 0.75 cut
    ],
)
def test_an_unknown_id_with_a_did_you_mean_only_when_near(rec_id: str, message: str) -> None:
    text = _with(VOSS, ("excluded", {"kind": "figure", "reason": "r"}, Cite(at=("A vote",))))
    with pytest.raises(EditError) as caught:
        editing.remove(text, rec_id, "b")
    assert _message(caught) == message


# --- the fields the models give --------------------------------------------------


def test_the_fields_of_each_kind() -> None:
    stat = {f.name: f for f in editing.fields("stat")}
    assert stat["qualifiers"].many
    assert stat["qualifiers"].closed is Qualifier
    assert stat["qualifiers"].choices == tuple(q.value for q in Qualifier)
    assert stat["value"].number
    assert not stat["metric"].number
    assert stat["metric"].help == ""
    assert (
        stat["period"].help
        == "for a rate, the period it covers; for a level or change, when it holds"
    )
    assert editing.KINDS["stat"].item is Stat
    event = {f.name: f for f in editing.fields("event")}
    assert event["status"].closed is EventStatus
    assert not event["status"].required
    assert event["place"].nullable
    assert not event["title"].nullable
    assert event["date"].nullable
    quote = {f.name: f for f in editing.fields("quote")}
    assert quote["kind"].closed is QuoteKind
    assert quote["event"].closed is None
    assert quote["spans"].required is False
    assert quote["via"].many
    assert quote["via"].help.startswith("ids of the actors through whom")


# --- what the first mutation run left ----------------------------------------------


def test_a_claim_citing_a_quotation_keeps_its_own_text() -> None:
    change = editing.add(
        _with(VOSS),
        "claim",
        {
            "id": "c",
            "holder": "rita-voss",
            "kind": "assessment",
            "text": "She will not yield.",
            "certainty": "stated",
        },
        Cite(quote="We will not pay."),
        ARTICLE,
        "b",
    )
    assert change.record["text"] == "She will not yield."


def test_a_direct_quotes_own_text_wins_over_the_articles_words() -> None:
    text = _with(VOSS)
    added = editing.add(
        text,
        "quote",
        {
            "id": "q",
            "speaker": "rita-voss",
            "kind": "direct",
            "text": "We won't pay.",
            "date": None,
        },
        Cite(quote="We will not pay."),
        ARTICLE,
        "b.json",
    )
    assert added.record["text"] == "We won't pay."
    edited = editing.edit(
        added.text,
        "q",
        {"text": "We shan't pay."},
        [],
        Cite(quote="We will not pay."),
        ARTICLE,
        "b",
    )
    assert edited.record["text"] == "We shan't pay."


def test_a_brief_without_anchors_gets_them() -> None:
    brief = json.loads(_brief())
    del brief["anchors"]
    change = editing.add(pretty_json(brief), *VOSS, ARTICLE, "b")
    start = ARTICLE.index("Mayor Rita Voss")
    assert list(json.loads(change.text)["anchors"]) == [f"{start}-{start + 15}"]


def test_anchors_are_kept_in_the_articles_order_by_number_not_by_text() -> None:
    change = editing.add(
        _brief(), "excluded", {"kind": "figure", "reason": "r"}, Cite(at=("A vote",)), ARTICLE, "b"
    )
    keys = list(json.loads(change.text)["anchors"])
    at = ARTICLE.index("A vote")
    assert at >= 100  # three digits, after two-digit keys: "1xx" sorts before "29" as text
    assert keys[-1] == f"{at}-{at + 6}"
    assert keys == sorted(keys, key=lambda k: [int(n) for n in k.split("-")])


def test_anchors_in_another_order_are_left_in_it() -> None:
    brief = json.loads(_brief())
    brief["anchors"] = dict(reversed(list(brief["anchors"].items())))
    change = editing.add(pretty_json(brief), *VOSS, ARTICLE, "b")
    start = ARTICLE.index("Mayor Rita Voss")
    assert list(json.loads(change.text)["anchors"])[-1] == f"{start}-{start + 15}"


def test_a_record_whose_span_was_never_anchored_is_removed() -> None:
    text = _with(VOSS)
    brief = json.loads(text)
    start = ARTICLE.index("Mayor Rita Voss")
    del brief["anchors"][f"{start}-{start + 15}"]
    change = editing.remove(pretty_json(brief), "rita-voss", "b")
    assert change.summary == "removed actor 'rita-voss'"


def test_an_actor_taking_part_in_an_event_is_not_removed() -> None:
    text = _with(
        VOSS,
        (
            "event",
            {"id": "e", "title": "T", "summary": "S", "date": None, "participants": ["rita-voss"]},
            Cite(sentences=(3,)),
        ),
    )
    with pytest.raises(Referred) as caught:
        editing.remove(text, "rita-voss", "b")
    assert _message(caught).startswith("'rita-voss' is referred to by event 'e' (participants)")


def test_inferred_reasons_merge_with_the_records_own() -> None:
    text = _with(
        (
            "event",
            {"id": "e", "title": "T", "summary": "S", "date": "2031", "inferred": {"date": "d"}},
            Cite(sentences=(3,)),
        ),
    )
    assert editing.merged_inferred(text, "e", {"place": "p"}) == {"date": "d", "place": "p"}
    assert editing.merged_inferred(text, "e", {"date": "new"}) == {"date": "new"}
    plain = _with(VOSS)
    assert editing.merged_inferred(plain, "rita-voss", {"role": "r"}) == {"role": "r"}


def test_a_new_dateline_replaces_one_the_article_never_printed() -> None:
    article = "Talks\nOSTRAVIK, March 12 (NNA) - Ministers met.\n"
    brief = new_brief(article)
    brief["source"]["dateline"] = "NOWHERE, May 1"  # never printed: nothing of it is cited
    change = editing.edit(
        pretty_json(brief), "source", {"dateline": "OSTRAVIK, March 12"}, [], Cite(), article, "b"
    )
    assert json.loads(change.text)["source"]["dateline"] == "OSTRAVIK, March 12"
    with pytest.raises(EditError) as caught:
        editing.edit(pretty_json(brief), "source", {"dateline": "OSTRAVIK"}, [], Cite(), None, "b")
    assert _message(caught) == (
        "a dateline is cited where the article prints it: give --source ARTICLE"
    )
    unset = editing.edit(pretty_json(brief), "source", {}, ["dateline"], Cite(), article, "b")
    assert "dateline" not in json.loads(unset.text)["source"]
