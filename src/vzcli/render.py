"""One renderer for every format: rows of plain values in, text out.

Machine formats (json, jsonl, csv, tsv) carry values exactly; human formats
(table, markdown) are for reading: dates at their precision, lists joined,
and any control or bidi character shown as a visible escape so a brief can
never drive the terminal.  Tables are laid out here, measured by display
width, so wide characters keep columns aligned.
"""

from __future__ import annotations

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
    "table",
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
    kinds: FieldKinds | None = None,
) -> str:
    """:func:`render_parts` joined: the whole output."""
    return "".join(render_parts(rows, fields, fmt, layout, kinds=kinds))


def render_parts(
    rows: Sequence[Mapping[str, object]],
    fields: Sequence[str],
    fmt: Format,
    layout: Layout = Layout(),
    *,
    kinds: FieldKinds | None = None,
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


_GAP = 2  # two spaces between columns


def _char_width(ch: str) -> int:
    """Columns a terminal gives one character, by wcwidth: 2 for wide, 0 for marks."""
    from wcwidth import wcwidth

    return max(int(wcwidth(ch)), 0)


def _line_width(line: str) -> int:
    if line.isascii():
        return len(line)
    # wcwidth, as tabulate measures: emoji sequences (👍🏽, a ZWJ family, ❤️) are
    # two columns, as terminals draw them.  Imported only for text beyond ASCII.
    from wcwidth import wcswidth

    width = int(wcswidth(line))
    return width if width >= 0 else sum(map(_char_width, line))


def _width(text: str) -> int:
    """The display width of ``text``'s widest line (text reaching a table has no control
    characters left, see :func:`visible`)."""
    return max((_line_width(line) for line in text.split("\n")), default=0)


# A line may break after a space, or after a hyphen or dash that follows a
# letter (venezuela- | opposition, and so an id like r-lavrov- | catastrophe,
# whose parts a reader can join), but never between letters, nor inside a
# number or a date (2019-04-30 has digits before its hyphens).
_BREAK = re.compile(r"(?<=[^\W\d_][-\u2010\u2013\u2014])(?=\w)")


def _pieces(word: str) -> list[str]:
    """A word split at the points where a line may break inside it."""
    return _BREAK.split(word)


def _longest_piece(text: str, *, whole: bool = False) -> int:
    """The widest piece of ``text`` a line may not break: with ``whole`` (a column of
    ids), a whole word, never broken at its hyphens."""
    if whole:
        return max((_width(w) for w in text.split()), default=0)
    return max((_width(p) for w in text.split() for p in _pieces(w)), default=0)


def _fit(natural: list[int], floors: list[int], budget: int) -> list[int]:
    """Column widths summing to at most ``budget`` (when the floors allow).

    The widest columns give way first, down to a common level, and never
    below their floor (their longest unbreakable piece), so short columns
    stay intact and long text wraps.  The level is the largest that fits
    (binary search).
    """

    def widths(level: int) -> list[int]:
        return [max(f, min(n, level)) for n, f in zip(natural, floors, strict=True)]

    low, high = 1, max(natural)
    while low < high:
        mid = (low + high + 1) // 2
        if sum(widths(mid)) <= budget:
            low = mid
        else:
            high = mid - 1
    return widths(low)


_SHORT_TABLE = 100
"""Rows up to which the widths are chosen to make the table shortest (see :func:`_shortest`);
a longer table takes the common level of :func:`_fit`, whose cost does not grow with it."""


def _shortest(
    columns: Sequence[Sequence[str]], natural: list[int], floors: list[int], budget: int
) -> list[int]:
    """Column widths summing to at most ``budget`` that make the table about as short as
    it can be: from the floors, each column of spare room goes to the column where it
    saves the most lines (a cell of ``n`` columns of text takes about ``n / width``
    lines; a row, its tallest cell's).  So a long free-text column takes the room its
    text needs, and short columns keep theirs whole when they can.
    """
    sizes = [[_width(c) for c in col] for col in columns]
    widths = list(floors)
    spare = budget - sum(widths)
    while spare > 0:
        lines = [[-(-s // max(w, 1)) for s in col] for col, w in zip(sizes, widths, strict=True)]
        tallest = [max(row) for row in zip(*lines, strict=True)]
        best, saved = -1, 0
        for i, (w, n) in enumerate(zip(widths, natural, strict=True)):
            if w >= n:
                continue
            # A row gets shorter only where this column alone is its tallest cell.
            others = [
                max((lines[j][r] for j in range(len(lines)) if j != i), default=0)
                for r in range(len(tallest))
                if lines[i][r] == tallest[r]
            ]
            wider = [
                -(-s // (w + 1))
                for s, line, top in zip(sizes[i], lines[i], tallest, strict=True)
                if line == top
            ]
            gain = sum(
                top - max(o, n_)
                for top, o, n_ in zip(
                    [t_ for t_, line in zip(tallest, lines[i], strict=True) if line == t_],
                    others,
                    wider,
                    strict=True,
                )
            )
            if gain > saved:
                best, saved = i, gain
        if best < 0:  # no single column saves a line: widen the common level instead
            return _fit(natural, widths, budget)
        widths[best] += 1
        spare -= 1
    return widths


def table(
    header: Sequence[str],
    body: Sequence[Sequence[str]],
    *,
    headers: bool = True,
    width: int = 80,
    whole: Sequence[bool] = (),
) -> str:
    """A plain-text table no wider than ``width``; long text wraps inside its column.

    vzcli decides the widths and the line breaks; tabulate draws the table
    (imported only here, so the machine formats never pay for it).  Lines
    break at spaces and after a hyphen that follows a letter, never between
    letters or inside a number or date, and never inside an id: a column
    flagged in ``whole`` (of ids) keeps its words whole.  The widest columns give
    way first, so long free text wraps before short columns do.  When even
    the narrowest such columns do not fit, each record is shown as ``field
    value`` lines instead (like ``psql``'s expanded display).
    """
    if not body:
        return ""
    n = len(header)
    keep = [i < len(whole) and whole[i] for i in range(n)]
    columns = list(zip(*([header] if headers else []), *body, strict=True))
    natural = [max(_width(c) for c in col) for col in columns]
    budget = width - _GAP * (n - 1)
    if sum(natural) > budget:
        floors = [
            max(_longest_piece(c, whole=k) for c in col)
            for col, k in zip(columns, keep, strict=True)
        ]
        if sum(floors) > budget:
            return _vertical(header, body, width)
        maxw = (
            _shortest(columns, natural, floors, budget)
            if len(body) <= _SHORT_TABLE
            else _fit(natural, floors, budget)
        )
        body = [
            [wrap(c, w, hyphens=not k) for c, w, k in zip(row, maxw, keep, strict=True)]
            for row in body
        ]
        header = [wrap(h, w) for h, w in zip(header, maxw, strict=True)]
    return _drawn(header, body, headers=headers)


def _drawn(header: Sequence[str], body: Sequence[Sequence[str]], *, headers: bool) -> str:
    """The cells, already wrapped, drawn by tabulate: columns two spaces apart, a rule
    of dashes under the headers, every line without trailing spaces."""
    import tabulate

    # Columns as wide as their widest line, as vzcli laid them out: no padding
    # around the headers, and no cell parsed as a number (all stay left-aligned).
    tabulate.MIN_PADDING = 0
    text = tabulate.tabulate(
        [list(row) for row in body],
        headers=list(header) if headers else (),
        tablefmt="simple" if headers else "plain",
        disable_numparse=True,
        stralign="left",
    )
    return "\n".join(line.rstrip() for line in text.split("\n")) + "\n"


def wrap(text: str, width: int, *, hyphens: bool = True) -> str:
    """Wrap ``text`` to ``width`` display columns (wide characters count two),
    breaking at spaces and after hyphens within words.

    A piece that alone is wider than a line (only in the record view, whose
    width the table layout did not choose) is cut, as a last resort.
    """
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split():
            for i, piece in enumerate(_pieces(word) if hyphens else [word]):
                size = _width(piece)
                gap = 1 if line and i == 0 else 0
                if not line or used + gap + size <= width:
                    line, used = line + " " * gap + piece, used + gap + size
                    continue
                out.append(line)
                line, used = piece, size
            if used > width:  # an unbreakable piece wider than the line
                *full, line = _cut(line, width)
                out += full
                used = _width(line)
        out.append(line)
    return "\n".join(out)


def _cut(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` columns (a character wider than
    that alone on its line), in one pass: cutting a line at a time, copying the
    rest each time, was quadratic in a long unbroken string."""
    if text.isascii():
        step = max(width, 1)  # a line of no columns still holds one character
        return [text[i : i + step] for i in range(0, len(text), step)] or [""]
    out: list[str] = []
    start = used = 0
    for i, ch in enumerate(text):
        size = _char_width(ch)
        if used + size > width and i > start:
            out.append(text[start:i])
            start, used = i, 0
        used += size
    out.append(text[start:])
    return out


def _label_lines(label: str, value: str, pad: int, room: int) -> list[str]:
    """``label  value`` with the value wrapped under itself."""
    wrapped = wrap(value, room).split("\n") if value else [""]
    first = f"{label.ljust(pad + len(label) - _width(label))}  {wrapped[0]}".rstrip()
    return [first, *(" " * (pad + 2) + w for w in wrapped[1:])]


def _rule(name: str, width: int) -> str:
    head = f"-[ {name} ]"
    return head + "-" * max(0, min(width, 60) - _width(head))


def _vertical(header: Sequence[str], body: Sequence[Sequence[str]], width: int) -> str:
    pad = max(_width(h) for h in header)
    room = max(width - pad - 2, 10)
    lines = []
    for i, row in enumerate(body, 1):
        lines.append(_rule(str(i), width))
        for h, cell in zip(header, row, strict=True):
            lines += _label_lines(h, cell, pad, room)
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
    labels = [label for _, lines in sections for label, _ in lines]
    pad = max((_width(label) for label in labels), default=0)
    room = max(width - pad - 2, 20)
    out = wrap(visible(title), width).split("\n")
    for name, lines in sections:
        out.append(_rule(name, width))
        if not lines:
            out.append("(none)")
        for label, value in lines:
            out += _label_lines(visible(label), visible(value), pad, room)
    return _escape_ascii("\n".join(out) + "\n", ascii_only)


def human_value(row: Mapping[str, object], field: str, kinds: FieldKinds | None = None) -> str:
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
