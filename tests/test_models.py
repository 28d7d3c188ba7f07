"""The schema: dates at their precision, record rules, and integrity checks."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from vzcli.models import Brief, PartialDate, Precision, check_integrity


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
    from vzcli.brief import BUNDLED, parse, read_bytes

    brief = parse(BUNDLED, read_bytes(None)[1])
    assert check_integrity(brief) == []
    assert len(brief.quotes) == 17


def _problems(data: dict[str, Any]) -> list[str]:
    return check_integrity(Brief.model_validate_json(json.dumps(data)))


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
        ("quotes", "q-lavrov-threats", "speaker", "lavorv", "speaker: unknown actor 'lavorv'"),
        (
            "quotes",
            "q-lavrov-threats",
            "event",
            "no-such-event",
            "event: unknown event 'no-such-event'",
        ),
        (
            "quotes",
            "q-moscow-information-war",
            "denies",
            "q-missing",
            "denies: unknown quote 'q-missing'",
        ),
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
            "evidence",
            ["q-none"],
            "evidence[0]: unknown quote 'q-none'",
        ),
        ("disagreements", "d-trump-pompeo-russia-role", "side", "uk", "side: unknown actor 'uk'"),
        (
            "disagreements",
            "d-trump-pompeo-russia-role",
            "actors",
            ["trump", "x"],
            "actors[1]: unknown actor 'x'",
        ),
        (
            "disagreements",
            "d-trump-pompeo-russia-role",
            "quotes",
            ["q-x"],
            "quotes[0]: unknown quote 'q-x'",
        ),
        ("stats", "stat-refugees-2019", "producer", "unhcr", "producer: unknown actor 'unhcr'"),
        ("stats", "stat-oil-production-2019-04", "unit", "tonnes", "unit: 'tonnes' differs"),
        ("quotes", "q-lavrov-threats", "spans", [[10, 99999]], "ends past the article"),
        ("quotes", "q-lavrov-threats", "spans", [[20, 10]], "is empty or reversed"),
        ("quotes", "q-lavrov-threats", "id", "q-trump-tweet", "duplicate id 'q-trump-tweet'"),
        ("actors", "lavrov", "side", "lavrov", "cannot be on its own side"),
    ],
)
def test_each_broken_reference_is_caught(
    brief_dict: dict[str, Any], collection: str, record_id: str, key: str, value: Any, message: str
) -> None:
    """Every kind of dangling reference is reported with its record path."""
    index = _set(brief_dict, collection, record_id, key, value)
    problems = _problems(brief_dict)
    assert any(p.startswith(f"{collection}[{index}].") and message in p for p in problems), problems


@pytest.mark.parametrize(
    ("mutate", "loc"),
    [
        (lambda d: d["quotes"][0].update(mood="angry"), ("quotes", 0, "mood")),
        (lambda d: d["quotes"][0].update(kind="whispered"), ("quotes", 0, "kind")),
        (lambda d: d["quotes"][0].update(spans=[[-1, 10]]), ("quotes", 0, "spans", 0, 0)),
        (lambda d: d["quotes"][0].update(spans=[]), ("quotes", 0, "spans")),
        (lambda d: d["events"][0].update(date="2019-02-30"), ("events", 0, "date")),
        (lambda d: d["actors"][0].pop("name"), ("actors", 0, "name")),
        (lambda d: d["actors"][0].update(id="Has Spaces"), ("actors", 0, "id")),
        (lambda d: d["source"].update(sha256="abc"), ("source", "sha256")),
        (lambda d: d.update(schema_version=2), ("schema_version",)),
    ],
)
def test_shape_errors_name_the_field(
    brief_dict: dict[str, Any], mutate: Any, loc: tuple[Any, ...]
) -> None:
    """Unknown keys, bad enums, reversed spans and bad dates fail validation at their path."""
    mutate(brief_dict)
    with pytest.raises(ValidationError) as info:
        Brief.model_validate_json(json.dumps(brief_dict))
    assert any(err["loc"][: len(loc)] == loc for err in info.value.errors()), info.value.errors()


def test_position_needs_target_or_issue(brief_dict: dict[str, Any]) -> None:
    """A stance towards nothing is rejected."""
    brief_dict["positions"][0].update(target=None, issue=None)
    with pytest.raises(ValidationError, match="target, an issue"):
        Brief.model_validate_json(json.dumps(brief_dict))


def test_dates_round_trip_through_json(brief_dict: dict[str, Any]) -> None:
    """Serialising a brief writes dates back exactly as they were written."""
    brief = Brief.model_validate(brief_dict)
    again = json.loads(brief.model_dump_json())
    assert [e["date"] for e in again["events"]] == [e["date"] for e in brief_dict["events"]]
