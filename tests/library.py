"""Asking the library directly, as the CLI does, for the tests of the query layer."""

from __future__ import annotations

from typing import Any

from vzcli.models import Brief
from vzcli.pipeline import Listing, View
from vzcli.selection import Question, prepare


def ask(
    listing: Listing[Any, Any], brief: Brief, *, article: str | None = None, **asked: Any
) -> list[Any]:
    """The rows ``listing`` gives for the question ``asked`` (Question's fields) over ``brief``."""
    selection = prepare(Question(**asked)).resolve([brief])
    return listing.answer([View(brief, article)], selection)
