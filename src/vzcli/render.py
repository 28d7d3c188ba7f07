"""One renderer for every format: rows of plain values in, text out.

Machine formats (json, jsonl, csv, tsv) carry values exactly; human formats
(table, markdown) are for reading: dates at their precision, lists joined,
and any control or bidi character shown as a visible escape so a brief can
never drive the terminal.  Tables are laid out here, measured by display
width, so wide characters keep columns aligned.
"""

# Annotations are evaluated here, not left as strings (no `from __future__ import
# annotations`): typing.NamedTuple compiles each string annotation of its fields
# into a ForwardRef, a cost every command paid at start-up; a name only a type
# checker imports is quoted where it is used.
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from .formats import HUMAN, Format
from .jsontext import json_chunks, jsonl_lines
from .vocab import label as _label

if TYPE_CHECKING:
    from .rows import FieldKinds

__all__ = [
    "HUMAN",
    "Format",
    "Layout",
    "markdown_table",
    "render",
    "render_grid",
    "visible",
]

# C0 controls but newline, DEL, C1 controls, and the bidi embeddings,
# overrides and isolates that can make text display other than it reads.
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]"
)
_SAFE_ESCAPES = {"\t": "\\t", "\r": "\\r"}

# Cells a spreadsheet would run as a formula (OWASP "CSV Injection"), and
# the guard character itself, so that removing one leading ' always restores
# the original text.
_GUARDED_START = ("=", "+", "-", "@", "\t", "\r", "'")


EVIDENCE_JOIN = " … "
"""Between the passages of a record's evidence, wherever they are joined into one text."""

INFERRED_MARK = " (inferred)"
"""Appended in table and markdown to a value the brief infers rather than the
article states (the row's ``inferred`` says why)."""


def visible(text: str) -> str:
    """Replace every unsafe character with a visible escape (``\\x1b``, ``\\u202e``)."""

    def esc(m: re.Match[str]) -> str:
        c = m[0]
        if c in _SAFE_ESCAPES:
            return _SAFE_ESCAPES[c]
        return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"

    return _UNSAFE.sub(esc, text)


class Layout(NamedTuple):
    """What a renderer needs to know about where its output goes."""

    headers: bool = True
    """Whether to write the header row (table, csv, tsv, markdown)."""
    width: int = 80
    """The terminal's width, which a table wraps to."""
    ascii_only: bool = False
    """Whether the output can encode only ASCII (``LC_ALL=C``, ``PYTHONIOENCODING=ascii``)."""


def _text(value: object) -> str:
    """A value as text: lists joined with ``; ``, spans as ``start-end``, None empty,
    a map (``inferred``) as compact JSON, or empty when it is empty."""
    if value is None or value == {}:
        return ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return "; ".join(f"{a}-{b}" for a, b in value)
        return "; ".join(_text(v) for v in value)
    return str(value)


UNDATED = "undated"
"""How a person reads a record the article gives no date for, everywhere."""

# Words for the values of closed sets where the value alone reads badly.


readable = _label
"""A closed-set value as words (kept with the values, in :mod:`vzcli.vocab`)."""


def _exact(value: float, text: str) -> bool:
    """Whether a whole ``value`` written out in full is exactly the number ``text``
    (1e16 is 10,000,000,000,000,000; 1.5e300 written out ends in binary noise)."""
    from decimal import Decimal

    return value.is_integer() and int(value) == int(Decimal(text))


def _human(value: object) -> str:
    if isinstance(value, StrEnum):
        return readable(value.value)
    if isinstance(value, list) and value and isinstance(value[0], StrEnum):
        return "; ".join(readable(v.value) for v in value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):  # every significant digit, never rounded away
        text = repr(value)  # the fewest digits that read back as this number
        if "e" in text and not _exact(value, text):  # 1.5e300, not 301 digits of rounding
            mantissa, _, exponent = text.partition("e")
            return f"{mantissa}e{int(exponent)}"
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.15g}"
    return visible(_text(value))


def render(
    rows: Sequence[Mapping[str, object]],
    fields: Sequence[str],
    fmt: Format,
    layout: Layout = Layout(),
    *,
    kinds: "FieldKinds | None" = None,
) -> str:
    """:func:`render_parts` joined: the whole output."""
    return "".join(render_parts(rows, fields, fmt, layout, kinds=kinds))


def render_parts(
    rows: Sequence[Mapping[str, object]],
    fields: Sequence[str],
    fmt: Format,
    layout: Layout = Layout(),
    *,
    kinds: "FieldKinds | None" = None,
) -> Iterator[str]:
    """Render ``rows`` restricted to ``fields`` (in that order) as ``fmt``.

    ``kinds`` says which fields hold dates and closed-set values (people
    read both as words: "on or after 2019-04-30", "warns against") and
    which may hold a float (JSON writes those as Python does).  With
    ``layout.ascii_only`` JSON uses its own ``\\u`` escapes, so it stays
    valid and lossless; other formats write ``\\xe1``-style escapes,
    measured before a table is laid out.  Yields the output in parts
    (JSON of many rows a few thousand rows at a time, anything else whole),
    ending in a newline unless it is empty.
    """
    ascii_only = layout.ascii_only
    if fmt is Format.JSON:
        floats = None if kinds is None else kinds.floats
        yield from json_chunks(_only(rows, fields), ascii_only=ascii_only, floats=floats)
        return
    if fmt is Format.JSONL:
        yield jsonl_lines([{f: r[f] for f in fields} for r in rows], ascii_only=ascii_only)
        return
    if fmt in (Format.CSV, Format.TSV):
        # Passages of evidence hold "; " themselves: " … " keeps them apart.
        values = [[_joined(r[f]) if f == "evidence" else r[f] for f in fields] for r in rows]
        yield render_grid(fields, values, fmt, layout)
        return
    from .rows import header as header_of

    counts = frozenset() if kinds is None else kinds.counts
    head = [
        _escape_ascii(f.capitalize() if f in counts else header_of(f), ascii_only) for f in fields
    ]
    body = [[_escape_ascii(human_value(r, f, kinds), ascii_only) for f in fields] for r in rows]
    if fmt is Format.MARKDOWN:
        yield markdown_table(head, body, headers=layout.headers)
        return
    from .rows import ID_FIELDS
    from .tables import table  # only tables need it: JSON's start-up does not pay

    whole = [f in ID_FIELDS for f in fields]
    yield table(head, body, headers=layout.headers, width=layout.width, whole=whole)


def _only(rows: Sequence[Mapping[str, object]], fields: Sequence[str]) -> Sequence[object]:
    """The rows with only ``fields``, in that order: the rows themselves when they hold
    just those (as a listing's rows all do for its whole contract)."""
    if rows and list(rows[0]) == list(fields) and all(len(r) == len(fields) for r in rows):
        return rows
    return [{f: r[f] for f in fields} for r in rows]


def _joined(passages: object) -> str:
    """Passages of evidence as one text (an actor's, by brief, as compact JSON)."""
    if isinstance(passages, list):
        return EVIDENCE_JOIN.join(passages)
    return _text(passages)


def _escape_ascii(text: str, ascii_only: bool) -> str:
    return text.encode("ascii", "backslashreplace").decode("ascii") if ascii_only else text


def _defuse(cell: str) -> str:
    """Prefix ``'`` to a text cell a spreadsheet would run, or one starting with ``'``."""
    return "'" + cell if cell.startswith(_GUARDED_START) else cell


def _cell(value: object) -> str:
    # Numbers are data, not formulas: a negative change stays "-724000".
    if isinstance(value, (int, float)):
        return str(value)
    return _defuse(_text(value))


def _delimited(header: Sequence[str], body: Sequence[Sequence[object]], headers: bool) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
    if headers:
        writer.writerow([_cell(h) for h in header])
    writer.writerows([_cell(v) for v in row] for row in body)
    return out.getvalue()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _tsv(header: Sequence[str], body: Sequence[Sequence[object]], headers: bool) -> str:
    # Backslash escapes as in PostgreSQL's text COPY format: a tab or newline
    # inside a value can never split a field or a row.
    lines: list[Sequence[object]] = [header] if headers else []
    lines += body
    return "".join("\t".join(_cell(v).translate(_TSV_ESCAPES) for v in row) + "\n" for row in lines)


def render_grid(
    header: Sequence[str],
    body: Sequence[Sequence[object]],
    fmt: Format,
    layout: Layout = Layout(),
    *,
    group: bool = False,
) -> str:
    """Render an already-shaped text grid (the positions matrix) as ``fmt``.

    Its cells are data (actor names), so nothing is read into them: no date
    or number formatting; json and jsonl have no grid and are refused by the
    caller.  With ``group``, table and markdown show a first cell only where
    it changes; csv and tsv repeat it, so every row stands alone.
    """
    headers, ascii_only = layout.headers, layout.ascii_only
    if fmt is Format.CSV:
        return _escape_ascii(_delimited(header, body, headers), ascii_only)
    if fmt is Format.TSV:
        return _escape_ascii(_tsv(header, body, headers), ascii_only)
    head = [_escape_ascii(visible(h.capitalize()), ascii_only) for h in header]
    cells = [[_escape_ascii(visible(str(c)), ascii_only) for c in row] for row in body]
    if group:  # a run of rows with one first cell shows it once, as a group
        cells = [
            ["" if i and row[0] == cells[i - 1][0] else row[0], *row[1:]]
            for i, row in enumerate(cells)
        ]
    if fmt is Format.MARKDOWN:
        return markdown_table(head, cells, headers=headers)
    from .tables import table

    return table(head, cells, headers=headers, width=layout.width)


# Characters that can start Markdown markup anywhere in a line (emphasis,
# code, links, images, HTML, entities, tables, strikethrough, math), and what
# makes GitHub link plain text: a URL's "://" and a domain's inner "." (an
# e-mail address needs one too), broken with a backslash so no parser turns
# text into a link.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>!#|~&$]|(?<=[0-9A-Za-z])\.(?=[A-Za-z])|:(?=//)")
# What starts a block (a list, a quote, a setext rule) at the start of a line,
# as text that follows a list item's marker does.
_MD_LINE_START = re.compile(r"^([-+=>]|[0-9]+(?=[.)](\s|$)))")


def md_inline(text: str, *, line_start: bool = True) -> str:
    """Brief text made inert inside Markdown: what renders is exactly the text.

    Every character that could open markup is backslash-escaped (CommonMark
    allows that for any ASCII punctuation), control characters are shown as
    visible escapes, and line breaks become ``<br>``.  ``line_start=False``
    is for table cells, where no block can begin.
    """
    safe = _MD_SPECIAL.sub(lambda m: "\\" + m[0], visible(text))
    if line_start:
        safe = _MD_LINE_START.sub(lambda m: m[0] + "\\" if m[0][0].isdigit() else "\\" + m[0], safe)
    return safe.replace("\n", "<br>")


def markdown_table(
    header: Sequence[str], body: Sequence[Sequence[str]], *, headers: bool = True
) -> str:
    """A GitHub-flavoured table of plain text; no cell can break it or add markup.

    GFM has no headerless table, so ``headers=False`` leaves the header cells blank.
    """
    top = [md_inline(h, line_start=False) for h in header] if headers else [" "] * len(header)
    lines = ["| " + " | ".join(top) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(md_inline(c, line_start=False) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"


def record_view(
    title: str,
    sections: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    *,
    width: int = 80,
    ascii_only: bool = False,
) -> str:
    """One record for reading, like psql's expanded display: a title, then each
    section as a ``-[ name ]--`` rule and ``label  value`` lines, values wrapped.

    ``sections`` hold already human text; an empty section says ``(none)``.
    """
    from .tables import label_lines, rule, text_width, wrap

    labels = [label for _, lines in sections for label, _ in lines]
    pad = max((text_width(label) for label in labels), default=0)
    room = max(width - pad - 2, 20)
    out = wrap(visible(title), width).split("\n")
    for name, lines in sections:
        out.append(rule(name, width))
        if not lines:
            out.append("(none)")
        for label, value in lines:
            out += label_lines(visible(label), visible(value), pad, room)
    return _escape_ascii("\n".join(out) + "\n", ascii_only)


def human_value(row: Mapping[str, object], field: str, kinds: "FieldKinds | None" = None) -> str:
    """A row's field as a table shows it: dates described, closed-set values as words,
    lists joined, inferred values marked."""
    value = row[field]
    if isinstance(value, dict) and field in ("spans", "evidence"):  # an actor's, by brief
        return " · ".join(
            f"{visible(brief)}: {human_value({field: by_brief}, field)}"
            for brief, by_brief in value.items()
        )
    if field == "evidence":
        return visible(_joined(value))
    if field == "inferred" and isinstance(value, dict):
        return visible("; ".join(f"{k}: {why}" for k, why in value.items()))
    if kinds is not None and field in kinds.dates:
        return mark(row, field, describe_date(value))
    if kinds is not None and field in kinds.closed:
        words = [readable(str(v)) for v in (value if isinstance(value, list) else [value])]
        return mark(row, field, "; ".join(words))
    return mark(row, field, _human(value))


def describe_date(value: object) -> str:
    """A date as a person reads it, at its precision; ``undated`` when there is none."""
    from .dates import PartialDate

    return PartialDate.parse(value).describe() if isinstance(value, str) else UNDATED


def mark(row: Mapping[str, object], field: str, text: str) -> str:
    """``text`` (the row's ``field`` as people read it) with the inferred mark when the
    brief infers that value rather than the article stating it."""
    from .rows import is_inferred

    return text + INFERRED_MARK if text and is_inferred(row, field) else text
