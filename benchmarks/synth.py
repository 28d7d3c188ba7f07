"""Generate valid synthetic briefs of any size, for the scale benchmark.

Records look like the real brief's: a few dozen actors on a handful of sides,
dates at mixed precision around 2019, and text of realistic length.  The same
seed always gives the same brief.

Usage: python benchmarks/synth.py N [--seed S] > brief.json
(N records in each collection.)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Any

WORDS = [
    "talks",
    "minister",
    "sanctions",
    "oil",
    "output",
    "refugees",
    "border",
    "election",
    "opposition",
    "army",
    "government",
    "capital",
    "statement",
    "agreement",
    "support",
    "claim",
    "denial",
    "conference",
    "visit",
    "relations",
    "pressure",
    "crisis",
    "negotiations",
    "protest",
    "economy",
    "region",
    "policy",
    "influence",
]
STANCES = ["supports", "opposes", "blames", "warns_against", "urges", "seeks", "rejects", "denies"]
KINDS = ["assessment", "forecast", "fact", "motive", "outcome"]
CERTAINTIES = ["likely", "unlikely", "even_chance", "very_likely"]
RELATIONS = ["prompted", "followed", "led_to", "contradicts", "denies", "concurrent", "part_of"]
SETTINGS = ["tweet", "video", "news_conference", "phone_call", "statement", "unspecified"]


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def when(rng: random.Random) -> str | None:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice(
        [
            f"2019-{month:02d}-{day:02d}",
            f"2019-{month:02d}",
            "2019",
            f"2019-{month:02d}-{day:02d}/2019-{max(month, 6):02d}-28",
            f"2019-{month:02d}-{day:02d}/..",
            None,
        ]
    )


def make_brief(n: int, seed: int = 1) -> dict[str, Any]:
    """A brief with ``n`` records in every collection."""
    rng = random.Random(seed)
    length = 100_000
    span = lambda: [[(s := rng.randrange(length - 400)), s + rng.randint(20, 400)]]  # noqa: E731
    sides = ["side-0", "side-1", "side-2", "side-3"]
    actors: list[dict[str, Any]] = [
        {
            "id": f"actor-{i}" if i >= len(sides) else sides[i],
            "name": f"Actor {i} {rng.choice(WORDS).title()}",
            "kind": rng.choice(["person", "state", "group"]),
            "role": sentence(rng, 2, 5) if i % 3 else None,
            "side": None if i < len(sides) else rng.choice(sides),
            "aliases": [f"A{i}", f"Alias {i}"],
            "spans": span(),
        }
        for i in range(n)
    ]
    actors.append(
        {"id": "author", "name": "vzcli benchmarks", "kind": "author", "spans": [[0, 16]]}
    )
    ids = [a["id"] for a in actors]
    people = ids[: min(n, 50)]  # most talk comes from a few dozen actors, as in real briefs
    events = [
        {
            "id": f"event-{i}",
            "date": when(rng),
            "title": sentence(rng, 3, 8),
            "summary": sentence(rng, 15, 40),
            "place": rng.choice([None, "Sochi", "Caracas", "Oslo"]),
            "participants": rng.sample(people, k=min(len(people), rng.randint(1, 3))),
            "status": rng.choice(["occurred", "occurred", "failed"]),
            "spans": span(),
        }
        for i in range(n)
    ]
    quotes = [
        {
            "id": f"quote-{i}",
            "speaker": rng.choice(people),
            "kind": rng.choice(["direct", "reported"]),
            "text": sentence(rng, 6, 30),
            "date": when(rng),
            "setting": rng.choice(SETTINGS),
            "event": f"event-{rng.randrange(n)}" if i % 2 else None,
            "spans": span(),
        }
        for i in range(n)
    ]
    positions = [
        {
            "id": f"position-{i}",
            "holder": rng.choice(people),
            "stance": rng.choice(STANCES),
            "target": rng.choice(people),
            "issue": sentence(rng, 2, 6),
            "summary": sentence(rng, 8, 20),
            "quotes": [f"quote-{rng.randrange(n)}"],
            "spans": span(),
        }
        for i in range(n)
    ]
    claims = []
    for i in range(n):
        certainty = rng.choice(["stated", "stated", *CERTAINTIES])
        claims.append(
            {
                "id": f"claim-{i}",
                "holder": "author" if i % 2 else rng.choice(people),
                "kind": rng.choice(KINDS),
                "about": rng.sample(people, k=min(len(people), rng.randint(1, 2))),
                "text": sentence(rng, 8, 25),
                "certainty": certainty,
                "hedge": None if certainty == "stated" else "seems",
                "spans": span(),
            }
        )
    stats = [
        {
            "id": f"stat-{i}",
            "metric": f"Metric {i % 100}",
            "value": rng.randint(1, 10_000_000),
            "unit": f"unit-{i % 100}",
            "period": when(rng),
            "qualifiers": rng.sample(["estimate", "forecast", "upper_bound"], k=rng.randint(0, 2)),
            "producer": rng.choice(people) if i % 4 == 0 else None,
            "measure": "rate",
            "series": f"series-{i % 100}",
            "note": sentence(rng, 5, 15) if i % 5 == 0 else None,
            "spans": span(),
        }
        for i in range(n)
    ]
    links = [
        {
            "id": f"link-{i}",
            "source": f"event-{i}",
            "relation": rng.choice(RELATIONS),
            "target": f"quote-{rng.randrange(n)}",
            "spans": span(),
        }
        for i in range(n)
    ]
    return {
        "schema_version": 2,
        "source": {
            "title": "Synthetic brief",
            "author": "vzcli benchmarks",
            "categories": ["Synthetic"],
            "sha256": "0" * 64,
            "length": length,
        },
        "actors": actors,
        "events": events,
        "quotes": quotes,
        "positions": positions,
        "claims": claims,
        "stats": stats,
        "links": links,
        "excluded": [],
    }


def with_many_quotes(base: dict[str, Any], n: int, seed: int = 1) -> dict[str, Any]:
    """``base`` (a real brief) with ``n`` more quotes by its own actors, and nothing
    else grown: the equal-work benchmark, where jq and vzcli read one big collection."""
    rng = random.Random(seed)
    speakers = [a["id"] for a in base["actors"]]
    events = [e["id"] for e in base["events"]]
    extra = [
        {
            "id": f"q-synth-{i}",
            "speaker": rng.choice(speakers),
            "kind": rng.choice(["direct", "reported"]),
            "text": sentence(rng, 6, 30),
            "date": when(rng),
            "setting": rng.choice(SETTINGS),
            **({"event": rng.choice(events)} if i % 3 == 0 and events else {}),
            "spans": [[100, 200], [50, 400]],
        }
        for i in range(n)
    ]
    return {**base, "quotes": [*base["quotes"], *extra]}


def with_real_quotes(base: dict[str, Any], n: int) -> dict[str, Any]:
    """``base`` with its own quotes replicated to ``n``: real text, dates, spans and
    inferences, the same speakers.

    Copy 0 keeps its ids; copy *i* appends ``-xi`` to every quote id in it (a
    quote refers to no other quote, so its own id is all there is).  Links stay
    those of copy 0, which the ids they name still are.
    """
    real = base["quotes"]
    quotes = []
    for i in range(n):
        copy, quote = divmod(i, len(real))
        record = dict(real[quote])
        if copy:
            record["id"] = f"{record['id']}-x{copy}"
        quotes.append(record)
    return {**base, "quotes": quotes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="records per collection")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    json.dump(make_brief(args.n, args.seed), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
