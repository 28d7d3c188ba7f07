"""The output formats, apart from the renderer so ``--help`` need not import it."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """Output formats of every listing command."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    MARKDOWN = "markdown"


class RecordFormat(StrEnum):
    """Output formats of ``show``, ``verify --todo`` and ``locate``.

    Their rows hold spans and nested records, which only a table (for people)
    or JSON (for scripts) carries without flattening; listing just these two
    lets ``--help`` and the parser say so before anything runs.
    """

    TABLE = "table"
    JSON = "json"


HUMAN = frozenset({Format.TABLE, Format.MARKDOWN})
"""Formats for people: dates described, lists joined, controls escaped."""
