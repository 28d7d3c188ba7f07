"""The schema: dates at their precision, record rules, and integrity checks."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest

from vzcli.errors import BriefInvalid
from vzcli.integrity import check_integrity
from vzcli.models import PartialDate, Precision
from vzcli.validate import parse


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest", "described"),
    [
        ("2019-05-14", Precision.DAY, date(2019, 5, 14), date(2019, 5, 14), "2019-05-14"),
        ("2019-01", Precision.MONTH, date(2019, 1, 1), date(2019, 1, 31), "2019-01"),
        ("2019-02", Precision.MONTH, date(2019, 2, 1), date(2019, 2, 28), "2019-02"),
        ("2019", Precision.YEAR, date(2019, 1, 1), date(2019, 12, 31), "2019"),
        (
            "2019-04-30/2019-05-14",
            Precision.RANGE,
            date(2019, 4, 30),
            date(2019, 5, 14),
            "between 2019-04-30 and 2019-05-14",
        ),
        ("2019-04-30/..", Precision.RANGE, date(2019, 4, 30), date.max, "on or after 2019-04-30"),
        ("../2019-04", Precision.RANGE, date.min, date(2019, 4, 30), "on or before 2019-04"),
        # A month as an open start begins on its first day, not its last.
        ("2019-04/..", Precision.RANGE, date(2019, 4, 1), date.max, "on or after 2019-04"),
        # A range of one day is allowed: "no earlier and no later than 14 May".
        (
            "2019-05-14/2019-05-14",
            Precision.RANGE,
            date(2019, 5, 14),
            date(2019, 5, 14),
            "between 2019-05-14 and 2019-05-14",
        ),
        (
            "2019/2019-02",
            Precision.RANGE,
            date(2019, 1, 1),
            date(2019, 2, 28),
            "between 2019 and 2019-02",
        ),
    ],
)
def test_partial_date_parses_at_its_precision(
    text: str, precision: Precision, earliest: date, latest: date, described: str
) -> None:
    """Each written form keeps its precision and the days it can mean."""
    when = PartialDate.parse(text)
    assert (when.precision, when.earliest, when.latest) == (precision, earliest, latest)
    assert when.describe() == described
    assert str(when) == text


@pytest.mark.parametrize(
    "text",
    ["2019-13", "2019-02-30", "../..", "2019-05-14/2019-04-30", "May 2019", "19-05-14", ""],
)
def test_partial_date_rejects_nonsense(text: str) -> None:
    """Impossible days, reversed intervals and free text are not dates."""
    with pytest.raises(ValueError, match=r"."):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (date(2019, 5, 1), None, True),  # "on or after 30 April" may be in May
        (None, date(2019, 4, 29), False),
        (date(2019, 4, 30), date(2019, 4, 30), True),
    ],
)
def test_open_interval_overlaps(since: date | None, until: date | None, expected: bool) -> None:
    """An open-ended date overlaps any window reaching past its known end."""
    assert PartialDate.parse("2019-04-30/..").overlaps(since, until) is expected


def test_bundled_brief_is_valid() -> None:
    """The shipped brief passes the loader's own strict JSON validation and integrity."""
    from vzcli.brief import BUNDLED, read_bytes

    brief = parse(BUNDLED, read_bytes(None)[1])
    assert check_integrity(brief) == []
    assert brief.schema_version == 3
    assert len(brief.quotes) == 18


def _problems(data: dict[str, Any]) -> list[str]:
    """Every problem the loader reports for ``data``, validation and integrity alike."""
    try:
        parse("<test>", json.dumps(data).encode())
    except BriefInvalid as exc:
        return exc.problems
    return []


def _set(data: dict[str, Any], collection: str, record_id: str, key: str, value: Any) -> int:
    for i, rec in enumerate(data[collection]):
        if rec.get("id") == record_id:
            rec[key] = value
            return i
    raise AssertionError(f"no {collection} record {record_id}")


@pytest.mark.parametrize(
    ("collection", "record_id", "key", "value", "message"),
    [
        ("actors", "lavrov", "side", "rusia", "side: unknown actor 'rusia'"),
        (
            "events",
            "sochi-meeting",
            "participants",
            ["lavrov", "pompo"],
            "participants[1]: unknown actor 'pompo'",
        ),
        ("events", "coup-attempt", "targets", ["madur"], "targets[0]: unknown actor 'madur'"),
        ("quotes", "q-lavrov-threats", "speaker", "lavorv", "speaker: unknown actor 'lavorv'"),
        (
            "quotes",
            "q-lavrov-threats",
            "event",
            "no-such-event",
            "event: unknown event 'no-such-event'",
        ),
        # An id of the wrong collection is as unknown as a typo.
        ("quotes", "q-lavrov-threats", "event", "lavrov", "event: unknown event 'lavrov'"),
        (
            "positions",
            "pos-lavrov-warns-force",
            "holder",
            "nobody",
            "holder: unknown actor 'nobody'",
        ),
        (
            "positions",
            "pos-lavrov-warns-force",
            "target",
            "nobody",
            "target: unknown actor 'nobody'",
        ),
        (
            "positions",
            "pos-lavrov-warns-force",
            "quotes",
            ["q-none"],
            "quotes[0]: unknown quote 'q-none'",
        ),
        ("claims", "c-deal-doubtful", "holder", "nobody", "holder: unknown actor 'nobody'"),
        ("claims", "c-deal-doubtful", "about", ["us", "x"], "about[1]: unknown record 'x'"),
        (
            "claims",
            "c-deal-doubtful",
            "about",
            ["c-deal-doubtful"],
            "about[0]: a record cannot refer to itself",
        ),
        ("links", "l-sochi-after-call", "source", "x", "source: unknown record 'x'"),
        ("links", "l-sochi-after-call", "target", "x", "target: unknown record 'x'"),
        ("stats", "stat-refugees-2019", "producer", "unhcr", "producer: unknown actor 'unhcr'"),
        ("stats", "stat-oil-production-2019-04", "unit", "tonnes", "unit: 'tonnes' differs"),
        ("stats", "stat-oil-production-2019-04", "measure", "level", "measure: 'level' differs"),
        ("quotes", "q-lavrov-threats", "spans", [[10, 99999]], "ends past the article"),
        ("quotes", "q-lavrov-threats", "spans", [[20, 10]], "is empty or reversed"),
        ("quotes", "q-lavrov-threats", "spans", [[20, 20]], "is empty or reversed"),
        ("quotes", "q-lavrov-threats", "id", "q-trump-tweet", "duplicate id 'q-trump-tweet'"),
        # Ids are unique across collections, so `vzcli show ID` names one record.
        ("quotes", "q-lavrov-threats", "id", "sochi-meeting", "duplicate id 'sochi-meeting'"),
        ("actors", "lavrov", "side", "lavrov", "a record cannot refer to itself"),
        ("claims", "c-deal-doubtful", "hedge", None, "needs the article's hedging words"),
        ("claims", "c-sochi-tense", "hedge", "surely", "a stated claim has no hedge"),
        ("events", "coup-attempt", "inferred", {"mood": "x"}, "'mood' is not a field"),
        ("events", "coup-attempt", "inferred", {"id": "x"}, "'id' is not a field"),
        ("events", "guaido-bid", "inferred", {"date": "x"}, "has no value to be inferred"),
        ("events", "coup-attempt", "inferred", {"date": "a\nb"}, "a reason is one line"),
        ("events", "coup-attempt", "inferred", {"date": "a\rb"}, "a reason is one line"),
    ],
)
def test_each_broken_rule_is_caught(
    brief_dict: dict[str, Any], collection: str, record_id: str, key: str, value: Any, message: str
) -> None:
    """Every kind of dangling reference or broken rule is reported with its record path."""
    index = _set(brief_dict, collection, record_id, key, value)
    problems = _problems(brief_dict)
    assert any(p.startswith(f"{collection}[{index}]") and message in p for p in problems), problems


def test_a_span_may_end_exactly_at_the_article_end(brief_dict: dict[str, Any]) -> None:
    """The last character of the article can be cited; one past it cannot."""
    length = brief_dict["source"]["length"]
    _set(brief_dict, "quotes", "q-lavrov-threats", "spans", [[length - 1, length]])
    assert _problems(brief_dict) == []
    _set(brief_dict, "quotes", "q-lavrov-threats", "spans", [[length - 1, length + 1]])
    assert _problems(brief_dict) == [
        f"quotes[6].spans[0]: [{length - 1}, {length + 1}] ends past the article's "
        f"{length} characters"
    ]


def test_a_link_to_itself_and_a_repeated_link_are_refused(brief_dict: dict[str, Any]) -> None:
    """A relation needs two records, and saying it twice is a mistake."""
    first = brief_dict["links"][0]
    brief_dict["links"].append({**first, "id": "l-again"})
    brief_dict["links"].append({**first, "id": "l-self", "target": first["source"]})
    n = len(brief_dict["links"])
    problems = _problems(brief_dict)
    assert (
        f"links[{n - 2}]: {first['source']} {first['relation']} {first['target']} is listed twice"
        in problems
    )
    assert f"links[{n - 1}]: a record cannot be linked to itself" in problems


def test_the_author_is_an_actor(brief_dict: dict[str, Any]) -> None:
    """A brief without an actor of kind 'author', or one named otherwise, is refused."""
    brief_dict["actors"][0]["name"] = "Someone Else"
    assert "actors[0].name: author 'Someone Else' is not named in source.author 'Rowan Hart'" in (
        _problems(brief_dict)
    )
    brief_dict["actors"][0]["kind"] = "person"
    assert any(p.startswith("actors: no actor of kind 'author'") for p in _problems(brief_dict))


def test_a_schema_1_brief_gets_one_clear_line(brief_dict: dict[str, Any]) -> None:
    """A brief of the old format is told what it is, not shown pydantic's literal error."""
    brief_dict["schema_version"] = 1
    problems = _problems(brief_dict)
    assert problems == [
        "schema_version: this is a schema 1 brief; this vzcli reads schemas 2 and 3 "
        "(claims, links and inferred fields; see CHANGELOG.md for the changes)"
    ]
    # A real schema 1 brief also has keys schema 2 dropped: still that one line.
    del brief_dict["claims"], brief_dict["links"]
    brief_dict["disagreements"] = []
    for quote in brief_dict["quotes"]:
        quote["denies"] = None
    assert _problems(brief_dict) == problems


def test_another_schema_version_is_the_only_problem_named(brief_dict: dict[str, Any]) -> None:
    """Whatever else differs in a brief of another version follows from the version."""
    brief_dict["schema_version"] = 4
    brief_dict["quotes"][0]["mood"] = "angry"
    assert _problems(brief_dict) == [
        "schema_version: must be 3 (or 2), the brief format this vzcli reads, not 4"
    ]


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["quotes"][0].update(mood="angry"), "quotes[0].mood: unknown key"),
        (lambda d: d["quotes"][0].update(kind="whispered"), "quotes[0].kind: Input should be"),
        (lambda d: d["quotes"][0].update(spans=[[-1, 10]]), "quotes[0].spans[0][0]: Input"),
        (lambda d: d["quotes"][0].update(spans=[]), "quotes[0].spans: List should have at least"),
        (lambda d: d["events"][0].update(date="2019-02-30"), "events[0].date: '2019-02-30'"),
        (lambda d: d["actors"][1].pop("name"), "actors[1].name: required key is missing"),
        (
            lambda d: d["actors"][0].update(id="Has Spaces"),
            "actors[0].id: 'Has Spaces' is not an id",
        ),
        (lambda d: d["source"].update(sha256="abc"), "source.sha256: String should match"),
        (lambda d: d["claims"][0].update(certainty="maybe"), "claims[0].certainty: Input should"),
        (lambda d: d["links"][0].update(relation="causes"), "links[0].relation: Input should"),
        (lambda d: d["stats"][0].update(measure="stock"), "stats[0].measure: Input should"),
        (lambda d: d.update(schema_version=4), "schema_version: must be 3 (or 2)"),
        (lambda d: d.update(disagreements=[]), "disagreements: unknown key"),
    ],
)
def test_shape_errors_name_the_field(brief_dict: dict[str, Any], mutate: Any, path: str) -> None:
    """Unknown keys, bad enums, reversed spans and bad dates fail validation at their path."""
    mutate(brief_dict)
    problems = _problems(brief_dict)
    assert any(p.startswith(path) for p in problems), problems


def test_position_needs_target_or_issue(brief_dict: dict[str, Any]) -> None:
    """A stance towards nothing is rejected."""
    brief_dict["positions"][0].update(target=None, issue=None)
    assert "positions[0]: a position needs a target, an issue, or both" in _problems(brief_dict)


def test_a_brief_may_name_its_json_schema(brief_dict: dict[str, Any]) -> None:
    """`$schema` is accepted for editors, and ignored."""
    brief_dict = {"$schema": "https://example.org/brief.schema.json", **brief_dict}
    assert _problems(brief_dict) == []


def test_dates_keep_their_written_form(brief_dict: dict[str, Any]) -> None:
    """A validated date keeps exactly the text it was written as."""
    brief = parse("<test>", json.dumps(brief_dict).encode())
    assert [None if e.date is None else str(e.date) for e in brief.events] == [
        e["date"] for e in brief_dict["events"]
    ]


def test_records_print_and_compare_field_by_field() -> None:
    """A record's repr names every field, and == compares every field (and the type)."""
    from vzcli.models import Exclusion, ExclusionKind

    def make(**changes: Any) -> Exclusion:
        fields = {"span": (1, 2), "kind": ExclusionKind.FIGURE, "reason": "r"} | changes
        return Exclusion(**fields)

    assert repr(make()) == (
        "Exclusion(span=(1, 2), kind=<ExclusionKind.FIGURE: 'figure'>, reason='r')"
    )
    assert make() == make()
    assert make() != make(span=(1, 3))
    assert make() != make(reason="s")
    assert make() != make(kind=ExclusionKind.SENTENCE)
    assert make().__eq__((1, 2)) is NotImplemented
    record = make()
    with pytest.raises(TypeError, match="unhashable"):
        hash(record)


@pytest.mark.parametrize(
    ("text", "last_day"),
    [("2020-02", 29), ("2000-02", 29), ("1900-02", 28), ("2019-02", 28), ("2100-02", 28)],
)
def test_february_has_its_leap_day_by_the_gregorian_rule(text: str, last_day: int) -> None:
    """Every fourth year is a leap year, except centuries not divisible by 400."""
    assert PartialDate.parse(text).latest == date(int(text[:4]), 2, last_day)
    day = f"{text}-29"
    if last_day == 29:
        assert PartialDate.parse(day).earliest == date(int(text[:4]), 2, 29)
    else:
        with pytest.raises(ValueError, match="day"):
            PartialDate.parse(day)


def test_year_one_is_a_date_and_year_zero_is_not() -> None:
    """The calendar starts at year 1."""
    assert PartialDate.parse("0001").earliest == date(1, 1, 1)
    with pytest.raises(ValueError, match=r"^'0000' has no year 0000$"):
        PartialDate.parse("0000")


def test_series_are_checked_against_their_own_first_point(brief_dict: dict[str, Any]) -> None:
    """Two series may differ in unit and metric; a point differing from its own series is named."""
    first, second = (dict(s) for s in brief_dict["stats"] if s.get("series"))
    other = [
        first | {"id": "stat-gas-1", "series": "gas", "unit": "cubic metres", "metric": "Gas"},
        second | {"id": "stat-gas-2", "series": "gas", "unit": "tonnes", "metric": "Gas"},
    ]
    brief_dict["stats"] = [*brief_dict["stats"], *other]
    problems = _problems(brief_dict)
    n = len(brief_dict["stats"]) - 1
    assert problems == [
        f"stats[{n}].unit: 'tonnes' differs from 'cubic metres' of the first point of series 'gas'"
    ]


def test_a_brief_without_an_optional_collection_has_none_of_it(brief_dict: dict[str, Any]) -> None:
    """Collections other than actors may be left out of the file: they are then empty."""
    from vzcli.rebuild import build_brief

    del brief_dict["links"], brief_dict["claims"]
    brief = build_brief(brief_dict)
    assert brief.schema_version == 3
    assert len(brief.links) == 0
    assert len(brief.claims) == 0
    assert len(brief.quotes) == 18
    only = build_brief(brief_dict, frozenset({"quotes"}))
    assert len(only.quotes) == 18
    assert len(only.actors) == 14
    assert len(only.events) == 0  # not asked for, so not kept (nor validated)


def test_a_brief_needs_an_author_actor(brief_dict: dict[str, Any]) -> None:
    """Without an actor of kind author the brief says what is missing."""
    for actor in brief_dict["actors"]:
        if actor["kind"] == "author":
            actor["kind"] = "person"
    problems = _problems(brief_dict)
    assert problems == [
        "actors: no actor of kind 'author': the article's author is an actor, "
        "named as source.author names them"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0000", "'0000' has no year 0000"),
        ("2019-13", "'2019-13' has no month 13"),
        ("2019-00", "'2019-00' has no month 00"),
        ("../..", "an interval needs at least one known end"),
        ("2019-05-14/2019-04-30", "'2019-05-14/2019-04-30' ends before it starts"),
        ("2019/05/14", "'05/14' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2023-02-29", "'2023-02-29' has no day 29: February 2023 has 28 days"),
    ],
)
def test_a_date_that_is_no_date_says_why(text: str, message: str) -> None:
    """The reason reaches the author of a brief and the user of --since: it must be exact."""
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        PartialDate.parse(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("month", "last_day"),
    [
        (1, 31),
        (3, 31),
        (4, 30),
        (5, 31),
        (6, 30),
        (7, 31),
        (8, 31),
        (9, 30),
        (10, 31),
        (11, 30),
        (12, 31),
    ],
)
def test_every_month_has_its_own_length(month: int, last_day: int) -> None:
    """A month's last day is the calendar's, and the day after it is no date."""
    text = f"2019-{month:02d}"
    assert PartialDate.parse(text).latest == date(2019, month, last_day)
    assert PartialDate.parse(f"{text}-{last_day}").earliest == date(2019, month, last_day)
    if last_day < 31:
        with pytest.raises(ValueError, match="has no day"):
            PartialDate.parse(f"{text}-{last_day + 1}")


@pytest.mark.parametrize(
    ("year", "leap"), [(2024, True), (2016, True), (2023, False), (2010, False)]
)
def test_leap_years_are_every_fourth_not_every_fifth(year: int, leap: bool) -> None:
    """Years not divisible by 5 pin the rule that years divisible by 5 cannot."""
    assert PartialDate.parse(f"{year}-02").latest.day == (29 if leap else 28)


@pytest.mark.parametrize(
    ("where", "span", "message"),
    [
        ("source", [100, 100], "source.spans[3]: span [100, 100] is empty or reversed"),
        ("source", [200, 100], "source.spans[3]: span [200, 100] is empty or reversed"),
        ("source", [6000, 6107], "source.spans[3]: [6000, 6107] ends past the article's 6106"),
        ("excluded", [100, 100], "excluded[9].span: span [100, 100] is empty or reversed"),
        ("excluded", [6100, 6107], "excluded[9].span: [6100, 6107] ends past the article's 6106"),
    ],
)
def test_spans_of_the_source_and_of_exclusions_are_checked_too(
    brief_dict: dict[str, Any], where: str, span: list[int], message: str
) -> None:
    """Not only records' spans: the title's and an exclusion's must lie in the article."""
    if where == "source":
        brief_dict["source"]["spans"].append(span)
    else:
        brief_dict["excluded"].append({"span": span, "kind": "sentence", "reason": "Test."})
    problems = _problems(brief_dict)
    assert len(problems) == 1
    assert problems[0].startswith(message)


def test_a_partial_load_still_finds_duplicate_ids_in_what_it_read(
    brief_dict: dict[str, Any],
) -> None:
    """Reading only quotes (events unread) still checks the quotes' ids."""
    brief_dict["quotes"][1]["id"] = brief_dict["quotes"][0]["id"]
    with pytest.raises(BriefInvalid) as info:
        parse("<test>", json.dumps(brief_dict).encode(), ["quotes"])
    assert info.value.problems == [
        f"quotes[1].id: duplicate id {brief_dict['quotes'][0]['id']!r} "
        "(ids are unique across the brief)"
    ]


def test_an_exclusion_may_end_exactly_at_the_article_end(brief_dict: dict[str, Any]) -> None:
    """The last sentence of the article can be excluded; one character more cannot."""
    length = brief_dict["source"]["length"]
    brief_dict["excluded"].append(
        {"span": [length - 6, length], "kind": "sentence", "reason": "T."}
    )
    assert _problems(brief_dict) == []
    brief_dict["excluded"][-1]["span"] = [length - 6, length + 1]
    assert _problems(brief_dict) == [
        f"excluded[9].span: [{length - 6}, {length + 1}] ends past the article's "
        f"{length} characters"
    ]
