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


HUMAN = frozenset({Format.TABLE, Format.MARKDOWN})
"""Formats for people: dates described, lists joined, controls escaped."""
