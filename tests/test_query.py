"""The query library called directly: filters, sides, dates, changes, ordering."""

from __future__ import annotations

import pytest

from vzcli import query
from vzcli.brief import load
from vzcli.models import Brief
from vzcli.query import Filters, QueryError


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
    assert query.resolve_actors(brief, names) == expected


def test_unknown_actor_suggests_the_nearest(brief: Brief) -> None:
    """A typo gets a did-you-mean and a pointer to `vzcli actors`."""
    with pytest.raises(QueryError) as info:
        query.resolve_actors(brief, ["Lavorv"])
    assert str(info.value) == (
        "unknown actor 'Lavorv'; did you mean 'Lavrov'? run 'vzcli actors' for the names it knows"
    )


def test_quotes_by_lavrov_are_only_his(brief: Brief) -> None:
    """--actor Lavrov returns Lavrov's quotes and nobody else's."""
    rows = query.quotes(brief, Filters(actors=("Lavrov",)))
    assert [r["id"] for r in rows] == [
        "r-lavrov-catastrophe",
        "r-lavrov-iraq-libya",
        "q-lavrov-threats",
    ]
    assert {r["speaker"] for r in rows} == {"lavrov"}


def test_quotes_by_a_side_include_its_members(brief: Brief) -> None:
    """--actor Russia covers what Lavrov, Putin and Moscow said."""
    speakers = {r["speaker"] for r in query.quotes(brief, Filters(actors=("Russia",)))}
    assert speakers == {"russia", "lavrov", "putin"}


def test_denials_are_linked_both_ways(brief: Brief) -> None:
    """Moscow's denial names the claims it denies, and each claim names its denial."""
    rows = {r["id"]: r for r in query.quotes(brief)}
    assert rows["q-moscow-information-war"]["denies"] == [
        "r-pompeo-moscow-persuaded",
        "r-us-blames-russia",
    ]
    assert rows["r-pompeo-moscow-persuaded"]["denied_by"] == ["q-moscow-information-war"]
    # Moscow denied that it kept Maduro, not that a plane stood ready.
    assert rows["q-pompeo-airplane"]["denied_by"] == []


@pytest.mark.parametrize(
    ("since", "until", "included", "excluded"),
    [
        (
            "2019-05-01",
            None,
            {"sochi-meeting", "pompeo-lavrov-call", "power-struggle"},
            {"coup-attempt"},
        ),
        (None, "2019-04", {"coup-attempt", "latest-violence", "power-struggle"}, {"sochi-meeting"}),
        ("2019-05-14", "2019-05-14", {"sochi-meeting", "pompeo-lavrov-call"}, {"coup-attempt"}),
        ("2019-01", "2019-01", {"power-struggle", "latest-violence"}, {"crisis-point"}),
        ("2019", "2019", {"power-struggle", "sochi-meeting"}, set()),
    ],
)
def test_date_windows_match_by_overlap(
    brief: Brief, since: str | None, until: str | None, included: set[str], excluded: set[str]
) -> None:
    """A record matches when any day its date may mean lies in the inclusive window."""
    ids = {r["id"] for r in query.events(brief, Filters(since=since, until=until))}
    assert included <= ids
    assert not excluded & ids
    assert "norway-talks" in ids  # an unknown date may be any day


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2019-13-45", None, "invalid date '2019-13-45': use YYYY, YYYY-MM or YYYY-MM-DD"),
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
        query.events(brief, Filters(since=since, until=until))


def test_events_are_in_date_order(brief: Brief) -> None:
    """Events run by the earliest day each may mean, unknown dates last.

    The violence is known only to precede 14 May, so it may be the earliest of all.
    """
    ids = [r["id"] for r in query.events(brief)]
    assert ids[:3] == ["coup-attempt", "latest-violence", "power-struggle"]
    assert ids.index("coup-attempt") < ids.index("pompeo-lavrov-call") < ids.index("sochi-meeting")
    assert ids[-1] == "norway-talks"


@pytest.mark.parametrize("needle", ["guaido", "GUAIDÓ", "Guaidó"])
def test_search_ignores_case_and_accents(brief: Brief, needle: str) -> None:
    """--search matches text fields whatever the case or accents."""
    ids = {r["id"] for r in query.events(brief, Filters(search=needle))}
    assert {"power-struggle", "guaido-video", "guaido-bid"} <= ids


def test_series_change_is_computed(brief: Brief) -> None:
    """Oil output's April point carries the change from January; nothing else does."""
    rows = {r["id"]: r for r in query.stats(brief)}
    april = rows["stat-oil-production-2019-04"]
    assert (april["change"], april["change_pct"]) == (-724000, -60.33)
    assert rows["stat-oil-production-2019-01"]["change"] is None
    assert rows["stat-refugees-2019"]["change"] is None


def test_stats_by_producer(brief: Brief) -> None:
    """--actor for stats matches who produced the figure."""
    assert [r["id"] for r in query.stats(brief, Filters(actors=("UN",)))] == ["stat-refugees-2019"]


def test_positions_on_a_target(brief: Brief) -> None:
    """--on Maduro finds the stances towards him and those whose issue names him."""
    rows = query.positions(brief, on=["Maduro"])
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
    rows = query.positions(brief, on=["Maduro not leaving"], stances=["blames"])
    assert {r["holder"] for r in rows} == {"pompeo", "us"}
    with pytest.raises(QueryError, match="neither an actor nor words of an issue"):
        query.positions(brief, on=["Atlantis"])


def test_matrix_pivots_holders_and_targets(brief: Brief) -> None:
    """One row per holder and target; a cell joins the stances, each with its issue."""
    header, body = query.matrix(query.positions(brief, Filters(actors=("Lavrov",))))
    assert header == ["holder", "towards", "stances"]
    assert body == [
        [
            "Sergei Lavrov",
            "United States",
            "warns against: US military force in Venezuela; opposes: US policy on Venezuela",
        ]
    ]
    header, body = query.matrix(query.positions(brief, Filters(actors=("Guaido",))))
    assert body == [  # a position with no target stands towards its issue
        ["Juan Guaidó", "Nicolás Maduro", "opposes: Maduro's rule"],
        ["Juan Guaidó", "his supporters taking to the streets", "urges"],
    ]


def test_order_sorts_reverses_and_limits(brief: Brief) -> None:
    """--sort, --reverse and --limit compose in that order."""
    rows = query.order(query.quotes(brief), sort="speaker", reverse=True, limit=2)
    assert [r["speaker"] for r in rows] == ["us", "trump"]
    by_date = query.order(query.quotes(brief), sort="date")
    assert by_date[-1]["date"] is None
