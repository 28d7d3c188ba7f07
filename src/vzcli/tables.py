"""Plain-text tables and records for people: vzcli lays them out, tabulate draws them.

vzcli decides every width and line break (display widths by wcwidth, so
emoji and East Asian text align; never a break inside a number, a date or
an id); tabulate, imported only here and only when a table is drawn, puts
the cells on the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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


def text_width(text: str) -> int:
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
        return max((text_width(w) for w in text.split()), default=0)
    return max((text_width(p) for w in text.split() for p in _pieces(w)), default=0)


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
    sizes = [[text_width(c) for c in col] for col in columns]
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
    natural = [max(text_width(c) for c in col) for col in columns]
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
                size = text_width(piece)
                gap = 1 if line and i == 0 else 0
                if not line or used + gap + size <= width:
                    line, used = line + " " * gap + piece, used + gap + size
                    continue
                out.append(line)
                line, used = piece, size
            if used > width:  # an unbreakable piece wider than the line
                *full, line = _cut(line, width)
                out += full
                used = text_width(line)
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


def label_lines(label: str, value: str, pad: int, room: int) -> list[str]:
    """``label  value`` with the value wrapped under itself."""
    wrapped = wrap(value, room).split("\n") if value else [""]
    first = f"{label.ljust(pad + len(label) - text_width(label))}  {wrapped[0]}".rstrip()
    return [first, *(" " * (pad + 2) + w for w in wrapped[1:])]


def rule(name: str, width: int) -> str:
    head = f"-[ {name} ]"
    return head + "-" * max(0, min(width, 60) - text_width(head))


def _vertical(header: Sequence[str], body: Sequence[Sequence[str]], width: int) -> str:
    pad = max(text_width(h) for h in header)
    room = max(width - pad - 2, 10)
    lines = []
    for i, row in enumerate(body, 1):
        lines.append(rule(str(i), width))
        for h, cell in zip(header, row, strict=True):
            lines += label_lines(h, cell, pad, room)
    return "\n".join(lines) + "\n"
