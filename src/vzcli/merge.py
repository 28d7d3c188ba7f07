"""Corroboration: the records several briefs hold of one thing, as one row (``--merge``).

Records are one thing when a ``same_as`` link joins them (directly or
through others, in any brief), and a direct quotation is one with every
identical quotation of the same speaker (text folded as ``--search`` folds
it).  A merged row is its oldest source's row (the brief published first)
with ``sources`` (the briefs, oldest first), ``n_sources`` and ``records``
(every member's ``BRIEF:ID``).  One actor id across briefs is one actor
row too (:func:`one_actor`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar, cast

from .match import fold
from .pipeline import View
from .rows import ActorRow, AnyRow
from .vocab import QuoteKind, Relation

R = TypeVar("R", bound=AnyRow)

Key = tuple[str, str]
"""A record of the corpus: ``(brief, id)``."""


class _Groups:
    """Union-find over records: each record's group, joined one pair at a time."""

    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}

    def find(self, key: Key) -> Key:
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while key != root:  # path compression: the next find is one step
            key, self.parent[key] = self.parent.get(key, key), root
        return root

    def join(self, a: Key, b: Key) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def groups(views: Sequence[View]) -> _Groups:
    """The corpus's records joined by ``same_as``, and direct quotations by their words."""
    joined = _Groups()
    said: dict[tuple[str, str], Key] = {}
    for view in views:
        for link in view.brief.links:
            if link.relation is not Relation.SAME_AS:
                continue
            source, target = view.resolve(link.source), view.resolve(link.target)
            if source is not None and target is not None:
                joined.join((source[0].id, source[1].id), (target[0].id, target[1].id))
        for quote in view.brief.quotes:
            if quote.kind is QuoteKind.DIRECT:
                words = " ".join(fold(quote.text).split())
                first = said.setdefault((quote.speaker, words), (view.id, quote.id))
                joined.join(first, (view.id, quote.id))
    return joined


def _key(row: Mapping[str, object]) -> Key:
    return str(row["brief"]), str(row["id"])


def merge(rows: list[R], views: Sequence[View]) -> list[R]:
    """One row per group of ``rows`` that are one thing, in the order groups first arrive."""
    joined = groups(views)
    published = {view.id: view.published for view in views}
    members: dict[Key, list[tuple[int, R]]] = {}
    for i, row in enumerate(rows):
        members.setdefault(joined.find(_key(row)), []).append((i, row))
    merged = []
    for group in members.values():
        by_age = sorted(group, key=lambda ir: (published[_key(ir[1])[0]], ir[0]))
        first = by_age[0][1]
        keys = [_key(row) for _, row in by_age]
        sources = list(dict.fromkeys(brief for brief, _ in keys))
        extra = {
            "sources": sources,
            "n_sources": len(sources),
            "records": [f"{brief}:{record}" for brief, record in keys],
        }
        # The row types of merged rows (rows.Merged*) extend the listing's with these.
        merged.append(cast(R, {**first, **extra}))
    return merged


def one_actor(rows: list[ActorRow]) -> list[ActorRow]:
    """The rows of one actor id in several briefs made one: the oldest source's name,
    every other spelling an alias, the first role and side a source gives, and the
    spans (and evidence) of every brief, by brief."""
    merged: dict[str, ActorRow] = {}
    for row in rows:
        have = merged.get(row["id"])
        if have is None:
            merged[row["id"]] = row
            continue
        have["briefs"] += row["briefs"]
        for name in [row["name"], *row["aliases"]]:
            if name != have["name"] and name not in have["aliases"]:
                have["aliases"].append(name)
        for field in ("role", "side"):
            if have[field] is None and row[field] is not None:
                have[field] = row[field]
                if field == "side":
                    have["side_name"] = row["side_name"]
                if field in row["inferred"]:
                    have["inferred"][field] = row["inferred"][field]
        have["spans"].update(row["spans"])
        if "evidence" in row and "evidence" in have:
            have["evidence"].update(row["evidence"])
    return list(merged.values())
