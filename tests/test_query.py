"""The query library called directly: filters, sides, dates, changes, ordering."""

from __future__ import annotations

import json
from typing import Any

import pytest

from library import ask
from vzcli.brief import load
from vzcli.dates import sort_key
from vzcli.errors import QueryError
from vzcli.grid import matrix
from vzcli.listings import (
    ACTORS,
    CLAIMS,
    EVENTS,
    LINKS,
    POSITIONS,
    QUOTES,
    STATS,
    actors_of,
)
from vzcli.models import Brief, PartialDate
from vzcli.pipeline import Order, View, ordered
from vzcli.rows import header
from vzcli.selection import Window, resolve_actors, unknown_actor_message
from vzcli.show import find_record, show
from vzcli.validate import parse


@pytest.fixture(scope="module")
def brief() -> Brief:
    """The bundled brief, validated once for this module."""
    return load().brief


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Lavrov"], {"lavrov"}),
        (["sergei lavrov"], {"lavrov"}),
        (["Russia"], {"russia", "lavrov", "putin"}),
        (["moscow"], {"russia", "lavrov", "putin"}),
        (["US"], {"us", "pompeo", "trump"}),
        (["guaido"], {"guaido"}),
        (["Guaidó"], {"guaido"}),
        (["JUAN GUAIDO"], {"guaido"}),
        (["opposition"], {"venezuela-opposition", "guaido"}),
        (["Lavrov", "Trump"], {"lavrov", "trump"}),
    ],
)
def test_actor_names_resolve_with_sides(brief: Brief, names: list[str], expected: set[str]) -> None:
    """Names, ids and aliases match in any case and without accents; a side brings its members."""
    assert resolve_actors([brief], names) == expected


def test_unknown_actor_suggests_the_nearest(brief: Brief) -> None:
    """A typo gets a did-you-mean and a pointer to `vzcli actors`."""
    with pytest.raises(QueryError) as info:
        resolve_actors([brief], ["Lavorv"])
    assert str(info.value) == (
        "unknown actor 'Lavorv'; did you mean 'Lavrov'? run 'vzcli actors' for the names it knows"
    )


def test_quotes_by_lavrov_are_only_his(brief: Brief) -> None:
    """--actor Lavrov returns Lavrov's quotes and nobody else's."""
    rows = ask(QUOTES, brief, actors=("Lavrov",))
    assert [r["id"] for r in rows] == [
        "r-lavrov-catastrophe",
        "r-lavrov-iraq-libya",
        "q-lavrov-threats",
    ]
    assert {r["speaker"] for r in rows} == {"lavrov"}


def test_quotes_by_a_side_include_its_members(brief: Brief) -> None:
    """--actor Russia covers what Lavrov, Putin and Moscow said."""
    speakers = {r["speaker"] for r in ask(QUOTES, brief, actors=("Russia",))}
    assert speakers == {"russia", "lavrov", "putin"}


def test_denials_are_linked_both_ways(brief: Brief) -> None:
    """Moscow's denial names the claims it denies, and each claim names its denial."""
    rows = {r["id"]: r for r in ask(QUOTES, brief)}
    assert rows["r-moscow-denies-claims"]["denies"] == [
        "r-pompeo-moscow-persuaded",
        "r-us-blames-russia",
    ]
    assert rows["r-pompeo-moscow-persuaded"]["denied_by"] == ["r-moscow-denies-claims"]
    # Moscow denied that it kept Maduro, not that a plane stood ready.
    assert rows["q-pompeo-airplane"]["denied_by"] == []


@pytest.mark.parametrize(
    ("since", "until", "included", "excluded"),
    [
        (
            "2019-05-01",
            None,
            {"sochi-meeting", "pompeo-lavrov-call", "power-struggle"},
            {"coup-attempt", "latest-violence"},  # two weeks before 14 May: 30 April
        ),
        (None, "2019-04", {"coup-attempt", "latest-violence", "power-struggle"}, {"sochi-meeting"}),
        ("2019-05-14", "2019-05-14", {"sochi-meeting", "pompeo-lavrov-call"}, {"coup-attempt"}),
        ("2019-01", "2019-01", {"power-struggle", "coup-attempt"}, {"latest-violence"}),
        ("2019", "2019", {"power-struggle", "sochi-meeting"}, set()),
    ],
)
def test_date_windows_match_by_overlap(
    brief: Brief, since: str | None, until: str | None, included: set[str], excluded: set[str]
) -> None:
    """A record matches when any day its date may mean lies in the inclusive window;
    an undated one lies in none, unless the undated are asked for."""
    ids = {r["id"] for r in ask(EVENTS, brief, since=since, until=until)}
    assert included <= ids
    assert not excluded & ids
    assert "norway-talks" not in ids  # undated: in no window, as NULL in SQL
    widened = {r["id"] for r in ask(EVENTS, brief, since=since, until=until, undated=True)}
    assert widened - ids >= {"norway-talks"}


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2019-13-45", None, "invalid date '2019-13-45': no month 13"),
        ("yesterday", None, "invalid date 'yesterday'"),
        ("2019-04-30/..", None, "invalid date"),
        ("2019-06", "2019-05", "--since 2019-06 is after --until 2019-05"),
    ],
)
def test_bad_windows_are_query_errors(
    brief: Brief, since: str, until: str | None, message: str
) -> None:
    """Bad dates name the value and the accepted forms."""
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(".", r"\.")):
        ask(EVENTS, brief, since=since, until=until)


def test_events_are_in_date_order(brief: Brief) -> None:
    """Events run by the earliest day each may mean, unknown dates last.

    The coup attempt is known only to precede 30 April, so it may be the earliest of all.
    """
    ids = [r["id"] for r in ask(EVENTS, brief)]
    assert ids[:3] == ["coup-attempt", "power-struggle", "latest-violence"]
    assert ids.index("coup-attempt") < ids.index("pompeo-lavrov-call") < ids.index("sochi-meeting")
    assert ids[-1] == "norway-talks"


@pytest.mark.parametrize("needle", ["guaido", "GUAIDÓ", "Guaidó"])
def test_search_ignores_case_and_accents(brief: Brief, needle: str) -> None:
    """--search matches text fields whatever the case or accents."""
    ids = {r["id"] for r in ask(EVENTS, brief, search=needle)}
    assert {"power-struggle", "guaido-video", "guaido-bid"} <= ids


def test_series_change_is_computed(brief: Brief) -> None:
    """Oil output's April point carries the change from January; nothing else does."""
    rows = {r["id"]: r for r in ask(STATS, brief)}
    april = rows["stat-oil-production-2019-04"]
    assert (april["change"], april["change_pct"]) == (-724000, -60.33)
    assert rows["stat-oil-production-2019-01"]["change"] is None
    assert rows["stat-refugees-2019"]["change"] is None


def test_stats_by_producer(brief: Brief) -> None:
    """--actor for stats matches who produced the figure."""
    assert [r["id"] for r in ask(STATS, brief, actors=("UN",))] == ["stat-refugees-2019"]


def test_positions_on_a_target(brief: Brief) -> None:
    """--on Maduro finds the stances towards him and those whose issue names him."""
    rows = ask(POSITIONS, brief, on=["Maduro"])
    assert {(r["holder"], r["stance"]) for r in rows} == {
        ("russia", "supports"),
        ("pompeo", "opposes"),
        ("guaido", "opposes"),
        ("us", "blames"),  # "Maduro not leaving Venezuela"
        ("pompeo", "blames"),
        ("russia", "denies"),  # "the US charge that Russia kept Maduro in Venezuela"
    }


def test_positions_on_issue_words_and_stance(brief: Brief) -> None:
    """--on falls back to issue words; --stance narrows further."""
    rows = ask(POSITIONS, brief, on=["Maduro not leaving"], stances=["blames"])
    assert {r["holder"] for r in rows} == {"pompeo", "us"}
    with pytest.raises(QueryError, match="neither an actor nor words of an issue"):
        ask(POSITIONS, brief, on=["Atlantis"])


def test_matrix_pivots_holders_and_targets(brief: Brief) -> None:
    """One row per holder and target; a cell joins the stances, each with its issue."""
    header, body = matrix(ask(POSITIONS, brief, actors=("Lavrov",)))
    assert header == ["holder", "towards", "stances"]
    assert body == [
        [
            "Sergei Lavrov",
            "United States",
            "warns against: US attempts to use force in Venezuela; opposes: US policy on Venezuela",
        ]
    ]
    header, body = matrix(ask(POSITIONS, brief, actors=("Guaido",)))
    assert body == [  # a position with no target stands towards its issue
        ["Juan Guaidó", "Nicolás Maduro", "opposes: Maduro's rule"],
        ["Juan Guaidó", "his supporters taking to the streets", "urges"],
    ]


def test_order_sorts_reverses_and_limits(brief: Brief) -> None:
    """--sort, --reverse and --limit compose in that order."""
    rows = ordered(QUOTES, ask(QUOTES, brief), Order(sort="speaker", reverse=True, limit=2))
    assert [r["speaker"] for r in rows] == ["us", "trump"]
    by_date = ordered(QUOTES, ask(QUOTES, brief), Order(sort="date"))
    assert by_date[-1]["date"] is None


@pytest.mark.parametrize(
    ("values", "change", "pct"),
    [
        ((2.5, 4.0), 1.5, 60.0),  # a fractional change stays fractional
        ((4, 2.75), -1.25, -31.25),
        ((1.0, 3.0), 2, 200.0),  # a whole change prints as a whole number
        ((0, 5), 5, None),  # no percentage of nothing: unknown, not an error
        ((7, 7), 0, 0.0),
        ((1.0, 201.0), 200, 20000.0),
        # From 2**53 on, not every whole float is an exact integer: it stays a float.
        ((2.0, 2.0**53 + 2.0), 2.0**53, 4.503599627370496e17),
        ((1.0, 2.0**53), 2**53 - 1, 9.007199254740991e17),
    ],
)
def test_a_series_change_is_exact(
    brief_dict: dict[str, Any], values: tuple[float, float], change: float, pct: float | None
) -> None:
    """The change from the previous point is its exact difference, and its percentage."""
    jan, apr = (s for s in brief_dict["stats"] if s.get("series"))
    jan["value"], apr["value"] = values
    rows = {r["id"]: r for r in ask(STATS, parse("b.json", json.dumps(brief_dict).encode()))}
    got = rows[apr["id"]]
    assert (got["change"], got["change_pct"]) == (change, pct)
    assert type(got["change"]) is type(change)
    assert rows[jan["id"]]["change"] is None


ROWS = [
    {"id": "b", "date": "2019-05-14", "n": 2},
    {"id": "u", "date": None, "n": None},
    {"id": "a", "date": "2019-01", "n": 10},
    {"id": "c", "date": "2019-04-30/..", "n": 1},
]


def test_sort_by_date_orders_rows_that_arrive_unordered() -> None:
    """--sort date puts rows in the order of the days they can mean, undated last."""
    assert [r["id"] for r in ordered(CLAIMS, ROWS, Order(sort="date"))] == ["a", "c", "b", "u"]
    assert [r["id"] for r in ordered(CLAIMS, ROWS, Order(sort="date", reverse=True))] == [
        "b",
        "c",
        "a",
        "u",
    ]
    assert [r["id"] for r in ordered(CLAIMS, ROWS, Order(sort="n"))] == ["c", "b", "a", "u"]


def test_reverse_turns_every_row_around() -> None:
    """--reverse alone reverses the arrival order of all rows, not only the ends."""
    assert [r["id"] for r in ordered(CLAIMS, ROWS, Order(reverse=True))] == ["c", "a", "u", "b"]
    assert [r["id"] for r in ordered(CLAIMS, ROWS, Order(reverse=True, limit=3))] == ["c", "a", "u"]
    assert ordered(CLAIMS, ROWS, Order()) == ROWS


def _edited(brief_dict: dict[str, Any], **changes: Any) -> Brief:
    """The bundled brief with some collections replaced or extended."""
    data = brief_dict | changes
    return parse("edited.json", json.dumps(data).encode())


def test_sides_include_members_of_members(brief_dict: dict[str, Any]) -> None:
    """A side brings in its members, and their members in turn, however deep."""
    # Listed deepest first, so one pass over the actors cannot find them all.
    extra = [
        {"id": "aide", "name": "An aide", "kind": "person", "side": "deputy"},
        {"id": "deputy", "name": "A deputy", "kind": "person", "side": "duma"},
        {"id": "duma", "name": "State Duma", "kind": "organisation", "side": "russia"},
    ]
    for actor in extra:
        actor["spans"] = [[0, 5]]
    brief = _edited(brief_dict, actors=[*brief_dict["actors"], *extra])
    assert resolve_actors([brief], ["Russia"]) == {
        "russia",
        "lavrov",
        "putin",
        "duma",
        "deputy",
        "aide",
    }
    assert resolve_actors([brief], ["duma"]) == {"duma", "deputy", "aide"}


def test_an_unknown_actor_gets_at_most_three_suggestions(brief_dict: dict[str, Any]) -> None:
    """The three closest actors are suggested, each once, however many spellings are close."""
    extra = [
        {"id": f"p{n}", "name": f"Pompei{n}", "kind": "person", "spans": [[0, 5]]}
        for n in range(1, 5)
    ]
    brief = _edited(brief_dict, actors=[*brief_dict["actors"], *extra])
    message = unknown_actor_message("Pompe", [brief])
    assert message == (
        "unknown actor 'Pompe'; did you mean 'Pompeo' or 'Pompei4' or 'Pompei3'? "
        "run 'vzcli actors' for the names it knows"
    )


def test_an_actor_is_found_by_the_words_of_its_id(brief_dict: dict[str, Any]) -> None:
    """`vzcli show` finds a record by its id's words as well as by its names."""
    extra = {"id": "gb-envoy", "name": "Somebody", "kind": "person", "spans": [[0, 5]]}
    brief = _edited(brief_dict, actors=[*brief_dict["actors"], extra])
    assert find_record([View(brief)], "gb envoy")[1] == "gb-envoy"


def test_a_name_of_many_records_lists_eight_and_counts_the_rest(brief: Brief) -> None:
    """An ambiguous name lists the first eight ids, then how many more there are."""
    with pytest.raises(QueryError) as exc:
        find_record([View(brief)], "c")  # every claim's id starts with "c-"
    message = str(exc.value)
    listed = message.split(" records: ", 1)[1].split("; give an id", 1)[0]
    count = int(message.split(" names ", 1)[1].split(" ", 1)[0])
    assert count > 9
    assert listed.count("; c-") == 7  # eight listed
    assert listed.endswith(f" and {count - 8} more")
    with pytest.raises(QueryError) as exc:
        find_record([View(brief)], "Lavro")  # exactly eight: all listed, no "more"
    assert str(exc.value).startswith("'Lavro' names 8 records: lavrov (Sergei Lavrov); ")
    assert str(exc.value).endswith("(Lavrov and Pompeo meet in Sochi); give an id")


def test_an_unknown_record_suggests_the_closest_names(brief: Brief) -> None:
    """A typo is answered with the closest spellings, joined with "or"."""
    with pytest.raises(QueryError) as exc:
        find_record([View(brief)], "lavorv")
    assert str(exc.value) == (
        "unknown record 'lavorv'; did you mean 'lavrov'? every listing's json has the ids"
    )
    with pytest.raises(QueryError) as exc:
        find_record([View(brief)], "zzzzzz")
    assert str(exc.value) == "unknown record 'zzzzzz'; every listing's json has the ids"


def test_the_last_day_of_the_calendar_still_sorts_before_undated(
    brief_dict: dict[str, Any],
) -> None:
    """Undated rows come last even after a date at the end of the calendar."""
    rows = [{"id": "u", "date": None}, {"id": "end", "date": "9999-12-31"}]
    assert [r["id"] for r in ordered(CLAIMS, rows, Order(sort="date"))] == ["end", "u"]
    assert sort_key(None) > sort_key(PartialDate.parse("9999-12-31"))


def test_search_reaches_link_labels_lags_and_evidence(brief: Brief, article: Any) -> None:
    """--search on links matches what the link joins, its lag, and (with the article) its text."""
    ids = {r["id"] for r in ask(LINKS, brief, search="two weeks")}
    assert ids == {"l-meeting-after-violence"}
    text = article.read_text(encoding="utf-8")
    by_label = {r["id"] for r in ask(LINKS, brief, search="Sochi")}
    assert "l-sochi-after-call" in by_label
    only_in_text = "tarmac"
    assert not ask(LINKS, brief, search=only_in_text)
    with_text = ask(LINKS, brief, search=only_in_text, article=text)
    assert with_text
    assert all(any(only_in_text in e for e in r["evidence"]) for r in with_text)


def test_search_reaches_an_actors_evidence(brief: Brief, article: Any) -> None:
    """--search on actors matches the article's text at their spans when it is given."""
    text = article.read_text(encoding="utf-8")
    assert not ask(ACTORS, brief, search="researching")
    rows = ask(ACTORS, brief, search="researching", article=text)
    assert [r["id"] for r in rows] == ["rowan-hart"]
    # every actor after a non-matching one is still searched
    assert [r["id"] for r in ask(ACTORS, brief, search="Putin")] == ["putin"]


def test_matrix_keeps_a_holders_issues_apart(brief_dict: dict[str, Any]) -> None:
    """Positions without a target get a row per issue; with a target, a row per actor."""
    extra = [
        {
            "id": f"pos-guaido-{n}",
            "holder": "guaido",
            "stance": "urges",
            "issue": issue,
            "summary": "x",
            "spans": [[0, 5]],
        }
        for n, issue in enumerate(["new elections", "us"])
    ]
    brief = _edited(brief_dict, positions=[*brief_dict["positions"], *extra])
    _, body = matrix(ask(POSITIONS, brief, actors=("Guaido",)))
    assert body == [
        ["Juan Guaidó", "Nicolás Maduro", "opposes: Maduro's rule"],
        ["Juan Guaidó", "his supporters taking to the streets", "urges"],
        ["Juan Guaidó", "new elections", "urges"],
        ["Juan Guaidó", "us", "urges"],
    ]


def test_ten_matches_list_eight_and_two_more(brief: Brief) -> None:
    """With ten matches the ninth and tenth are counted, not listed."""
    with pytest.raises(QueryError) as exc:
        find_record([View(brief)], "r")  # the ten reported quotes
    assert str(exc.value).startswith("'r' names 10 records: r-guaido-no-negotiations (")
    assert str(exc.value).endswith(" and 2 more; give an id")


def test_a_typo_near_two_records_names_both(brief: Brief) -> None:
    """Two close spellings are offered joined with "or"."""
    with pytest.raises(QueryError) as exc:
        find_record([View(brief)], "guaid0")
    assert str(exc.value) == (
        "unknown record 'guaid0'; did you mean 'guaido' or 'guaido-bid'? "
        "every listing's json has the ids"
    )


def test_on_refuses_empty_and_unknown_values_with_a_hint(brief: Brief) -> None:
    """--on says what it needs, and where to look when a value names nothing."""
    with pytest.raises(QueryError) as exc:
        ask(POSITIONS, brief, on=[" "])
    assert str(exc.value) == "--on needs an actor or words of an issue, not an empty value"
    with pytest.raises(QueryError) as exc:
        ask(POSITIONS, brief, on=["Atlantis"])
    assert str(exc.value) == (
        "'Atlantis' is neither an actor nor words of an issue; "
        "run 'vzcli actors' or 'vzcli positions' to see both"
    )


def test_several_on_values_add_up(brief: Brief) -> None:
    """--on A --on B finds the positions towards A and those towards B, actors or issues."""

    def ids(*on: str) -> set[str]:
        return {r["id"] for r in ask(POSITIONS, brief, on=list(on))}

    assert ids("Maduro", "Trump") == ids("Maduro") | ids("Trump")
    assert ids("Maduro") - ids("Trump")
    assert ids("US policy", "streets") == {
        "pos-lavrov-opposes-us-policy",
        "pos-guaido-urges-supporters",
    }


def test_search_reaches_positions_and_their_evidence(brief: Brief, article: Any) -> None:
    """--search on positions matches their own words, and the article's with --source."""
    found = ask(POSITIONS, brief, search="streets")
    assert [r["id"] for r in found] == ["pos-guaido-urges-supporters"]
    assert not ask(POSITIONS, brief, search="tarmac")
    text = article.read_text(encoding="utf-8")
    found = ask(POSITIONS, brief, search="tarmac", article=text)
    assert [r["id"] for r in found] == ["pos-pompeo-blames-russia"]


def test_show_gives_evidence_for_its_links_and_the_claims_about_it(
    brief: Brief, article: Any
) -> None:
    """With the article, every link and claim that `show` lists carries its own words."""
    text = article.read_text(encoding="utf-8")
    view = View(brief, text)
    shown = show([view], view, "sochi-meeting")
    assert shown["links"]
    assert shown["claims_about"]
    for row in [*shown["links"], *shown["claims_about"]]:
        assert row["evidence"]
        assert row["evidence"] == [text[a:b] for a, b in row["spans"]]


def test_stats_metrics_dates_and_search(brief: Brief, article: Any) -> None:
    """--metric adds up, an unknown one lists what there is; --since and --search filter."""

    def ids(rows: list[Any]) -> list[str]:
        return [r["id"] for r in rows]

    assert ids(ask(STATS, brief, metrics=["oil output", "refugees"])) == [
        "stat-oil-production-2019-01",
        "stat-oil-production-2019-04",
        "stat-refugees-2019",
    ]
    with pytest.raises(QueryError) as exc:
        ask(STATS, brief, metrics=["gold"])
    assert str(exc.value) == (
        "unknown metric 'gold'; the brief has: Oil price rise after the coup attempt, "
        "Venezuelan oil output, Venezuelan refugees"
    )
    assert ids(ask(STATS, brief, since="2019-04")) == [
        "stat-oil-production-2019-04",
        "stat-refugees-2019",
    ]
    assert ids(ask(STATS, brief, since="2019-04", undated=True))[-1] == "stat-oil-price-jump"
    text = article.read_text(encoding="utf-8")
    assert not ask(STATS, brief, search="estimates")
    assert ids(ask(STATS, brief, search="estimates", article=text)) == ["stat-refugees-2019"]


def test_figures_of_one_period_keep_article_order(brief_dict: dict[str, Any]) -> None:
    """Undated or same-period figures come in the order their passages start."""
    base = {"unit": "x", "measure": "level", "period": "2019-03", "value": 1}
    extra = [
        base | {"id": "stat-wide", "metric": "Wide", "spans": [[10, 100]]},
        base | {"id": "stat-inner", "metric": "Inner", "spans": [[20, 30]]},
    ]
    brief = _edited(brief_dict, stats=[*brief_dict["stats"], *extra])
    found = [r["id"] for r in ask(STATS, brief)]
    assert found.index("stat-wide") + 1 == found.index("stat-inner")


def test_an_unknown_actor_with_nothing_close_gets_only_the_pointer(brief: Brief) -> None:
    """No did-you-mean when nothing is close."""
    assert unknown_actor_message("Zzzzz", [brief]) == (
        "unknown actor 'Zzzzz'; run 'vzcli actors' for the names it knows"
    )


def test_suggestions_reach_past_one_actors_many_spellings(brief_dict: dict[str, Any]) -> None:
    """An actor with three close spellings does not crowd out the next actor."""
    extra = [
        {"id": "z1", "name": "Zorbax1", "aliases": ["Zorbax2", "Zorbax3"], "kind": "person"},
        {"id": "z2", "name": "Zorbaq", "kind": "person"},
    ]
    for actor in extra:
        actor["spans"] = [[0, 5]]
    brief = _edited(brief_dict, actors=[*brief_dict["actors"], *extra])
    assert unknown_actor_message("Zorbax", [brief]) == (
        "unknown actor 'Zorbax'; did you mean 'Zorbax3' or 'Zorbaq'? "
        "run 'vzcli actors' for the names it knows"
    )


def test_ten_close_spellings_of_one_actor_leave_room_for_the_next(
    brief_dict: dict[str, Any],
) -> None:
    """However many aliases one actor has, the next closest actor is still suggested."""
    many = {
        "id": "za",
        "name": "Zorblaxa",
        "aliases": [f"Zorblax{c}" for c in "bcdefghij"],
        "kind": "person",
        "spans": [[0, 5]],
    }
    other = {"id": "zb", "name": "Zorblaqq", "kind": "person", "spans": [[0, 5]]}
    brief = _edited(brief_dict, actors=[*brief_dict["actors"], many, other])
    message = unknown_actor_message("Zorblex", [brief])
    assert message.startswith("unknown actor 'Zorblex'; did you mean 'Zorbla")
    assert "' or 'Zorblaqq'? run 'vzcli actors'" in message


def test_a_link_to_a_figure_belongs_to_its_producer(brief_dict: dict[str, Any]) -> None:
    """--actor on links reaches a figure's producer; a figure with none belongs to no one."""
    extra = [
        {
            "id": "l-refugees-after-coup",
            "source": "stat-refugees-2019",
            "relation": "followed",
            "target": "coup-attempt",
            "spans": [[0, 5]],
        },
        {
            "id": "l-output-after-coup",
            "source": "stat-oil-production-2019-04",
            "relation": "followed",
            "target": "coup-attempt",
            "spans": [[0, 5]],
        },
    ]
    brief = _edited(brief_dict, links=[*brief_dict["links"], *extra])
    found = [r["id"] for r in ask(LINKS, brief, actors=("UN",))]
    assert found == ["l-refugees-after-coup"]


def test_claims_filter_by_kind_certainty_and_what_they_are_about(brief: Brief) -> None:
    """Each claims filter keeps exactly its claims, in article order, and several add up."""

    def ids(**options: Any) -> list[str]:
        return [r["id"] for r in ask(CLAIMS, brief, **options)]

    assert ids(kinds=["motive"]) == ["c-moscow-economic", "c-moscow-sphere"]
    assert ids(certainties=["likely"]) == ["c-sochi-similar-tone"]
    assert ids(kinds=["forecast"], certainties=["unlikely"]) == [
        "c-settlement-unlikely",
        "c-conflict-wont-stop",
        "c-deal-doubtful",
    ]
    assert ids(about=["Norway"]) == ["c-norway-no-deal"]
    assert ids(about=["Norway", "defection plan"]) == ["c-plan-failed", "c-norway-no-deal"]
    with pytest.raises(QueryError) as exc:
        ask(CLAIMS, brief, about=["Atlantis"])
    assert str(exc.value) == (
        "--about 'Atlantis' names no actor, event, figure or record id; "
        "run 'vzcli actors' or 'vzcli events' to see their names"
    )


def test_a_dated_claim_shows_its_date_and_answers_a_strict_window(
    brief_dict: dict[str, Any],
) -> None:
    """Claims carry a date when the article gives one; windows treat them like events."""
    brief_dict["claims"][0]["date"] = "2019-05-14"
    brief = parse("<test>", json.dumps(brief_dict).encode())
    first = brief_dict["claims"][0]["id"]
    may = {"since": "2019-05-01", "until": "2019-05-31", "strict_window": True}
    rows = ask(CLAIMS, brief, **may)
    assert [(r["id"], r["date"], r["precision"]) for r in rows] == [(first, "2019-05-14", "day")]
    assert ask(CLAIMS, brief, since="2019-06", strict_window=True) == []
    assert ask(CLAIMS, brief, since="2019-06") == []  # the others are undated
    assert len(ask(CLAIMS, brief, since="2019-06", undated=True)) == len(brief_dict["claims"]) - 1


def test_claims_and_events_are_found_by_the_words_of_their_evidence(
    brief: Brief, article: Any
) -> None:
    """With the article, --search reads each record's own passages, not only the brief's words."""
    text = article.read_text(encoding="utf-8")
    assert ask(CLAIMS, brief, search="drastic") == []
    assert [r["id"] for r in ask(CLAIMS, brief, search="drastic", article=text)] == [
        "c-severe-effects"
    ]
    assert [r["id"] for r in ask(EVENTS, brief, search="uprising")] == ["coup-attempt"]
    found = ask(EVENTS, brief, search="uprising", article=text)
    assert [r["id"] for r in found] == ["coup-attempt", "guaido-video"]


def test_events_of_an_actor_are_those_it_takes_part_in_or_is_aimed_at(brief: Brief) -> None:
    """events --actor, asked of the library directly, resolves the name itself."""
    rows = ask(EVENTS, brief, actors=("Guaido",))
    assert [r["id"] for r in rows] == ["power-struggle", "guaido-bid", "guaido-video"]


def test_events_of_one_day_keep_the_order_in_which_the_article_begins_them(
    brief_dict: dict[str, Any],
) -> None:
    """A tie on the date is broken by where each event's first passage starts, not ends."""
    for event in brief_dict["events"]:
        if event["id"] == "joint-news-conference":
            event["spans"] = [[60, 3115]]  # starts before the Sochi meeting's, ends after
    brief = parse("<test>", json.dumps(brief_dict).encode())
    ids = [r["id"] for r in ask(EVENTS, brief, since="2019-05-14", strict_window=True)]
    assert ids == ["joint-news-conference", "sochi-meeting"]


def test_an_unbalanced_search_is_a_query_error_that_says_so(brief: Brief) -> None:
    with pytest.raises(QueryError) as exc:
        ask(CLAIMS, brief, search='"Sochi')
    assert str(exc.value) == "--search '\"Sochi' has an unbalanced quotation mark"


def test_on_adds_actors_towards_whom_positions_are_taken(brief: Brief) -> None:
    """An actor given to --on after another still counts; --on Russia finds positions towards it."""

    def ids(*on: str) -> list[str]:
        return sorted(r["id"] for r in ask(POSITIONS, brief, on=list(on)))

    assert ids("Russia") == [
        "pos-pompeo-blames-russia",
        "pos-putin-seeks-relations",
        "pos-russia-denies-blame",
        "pos-us-blames-russia",
    ]
    # Russia's call for non-violence is towards the opposition, and no issue names it.
    assert ids("opposition") == ["pos-russia-urges-nonviolence", "pos-us-supports-guaido"]
    assert ids("opposition", "Russia") == sorted(ids("opposition") + ids("Russia"))


def test_a_field_without_a_chosen_header_reads_as_words() -> None:
    assert header("speaker_name") == "Speaker"
    assert header("first_seen_at") == "First seen at"


def test_periods_sort_by_the_days_they_mean_not_as_text() -> None:
    """--sort period puts January 2019 before the whole of 2019, as --sort date does."""
    rows = [{"period": "2019"}, {"period": "2019-01"}, {"period": None}]
    assert [r["period"] for r in ordered(STATS, rows, Order(sort="period"))] == [
        "2019-01",
        "2019",
        None,
    ]


def test_an_undated_record_is_in_no_window_unless_asked_for() -> None:
    """As NULL in SQL; --undated takes it, --strict-window never does; no bound, no window."""
    window = Window.of("2019-05", None)
    assert not window.admits(None)
    assert not window.admits(None)
    assert window.left_out == [2]
    assert Window.of("2019-05", None, undated=True).admits(None)
    strict = Window.of("2019-05", None, strict=True, undated=True)
    assert not strict.admits(None)
    assert strict.left_out == [0]  # strict never takes them: none is counted
    assert Window.of(None, None).admits(None)
    assert not Window.of(None, None, strict=True).admits(None)
    assert Window().admits(None)  # the window of no question counts nothing
    assert Window().left_out is None
    assert Window.of(None, "2019").admits(PartialDate.parse("2019-05"))


def test_a_figure_nobody_produced_belongs_to_no_actor(brief: Brief) -> None:
    unproduced = [s for s in brief.stats if s.producer is None]
    assert unproduced
    assert all(actors_of(s) == set() for s in unproduced)


def test_claims_of_one_holder_skip_the_others_wherever_they_stand(
    brief_dict: dict[str, Any],
) -> None:
    """A claim held by someone else, even the first one, does not end the list."""
    brief_dict["claims"][0]["holder"] = "lavrov"
    brief = parse("<test>", json.dumps(brief_dict).encode())
    first = brief_dict["claims"][0]["id"]
    assert [r["id"] for r in ask(CLAIMS, brief, actors=("Lavrov",))] == [first]
    by_author = [r["id"] for r in ask(CLAIMS, brief, actors=("Rowan Hart",))]
    assert by_author == [c["id"] for c in brief_dict["claims"][1:]]
