"""The renderer called directly: escapes for a plain-ASCII output, table layout at its
edges (a table exactly as wide as the terminal, a word wider than a column), and the
exact text of the record view, grids, markdown and json (small outputs and large)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from vzcli.formats import Format
from vzcli.jsontext import json_text, pretty_json
from vzcli.render import (
    Layout,
    markdown_table,
    md_inline,
    record_view,
    render,
    render_grid,
)
from vzcli.tables import table, wrap

ROOT = Path(__file__).resolve().parents[1]

ROWS = [{"name": "Nicolás Maduro", "role": "Presidente — 总统"}]


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        (Format.TABLE, "Nicol\\xe1s Maduro  Presidente \\u2014 \\u603b\\u7edf"),
        (Format.CSV, "Nicol\\xe1s Maduro,Presidente \\u2014 \\u603b\\u7edf\r\n"),
        (Format.TSV, "Nicol\\xe1s Maduro\tPresidente \\u2014 \\u603b\\u7edf\n"),
        # Markdown then escapes the backslash, so a reader sees the escape itself.
        (Format.MARKDOWN, "| Nicol\\\\xe1s Maduro | Presidente \\\\u2014 \\\\u603b\\\\u7edf |"),
        (Format.JSON, '"name": "Nicol\\u00e1s Maduro"'),
        (Format.JSONL, '"role": "Presidente \\u2014 \\u603b\\u7edf"'),
    ],
)
def test_an_ascii_only_output_gets_escapes_in_every_format(fmt: Format, shown: str) -> None:
    """Text an ASCII terminal cannot show is escaped, never dropped or replaced with "?"."""
    out = render(ROWS, ["name", "role"], fmt, Layout(ascii_only=True))
    assert out.isascii()
    assert shown in out
    assert "Nicolás" in render(ROWS, ["name", "role"], fmt)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (Format.CSV, "Nicolás Maduro,Presidente — 总统\r\n"),
        (Format.TSV, "Nicolás Maduro\tPresidente — 总统\n"),
        (Format.TABLE, "Nicolás Maduro  Presidente — 总统\n"),
        # GFM has no headerless table: the header cells are left blank.
        (Format.MARKDOWN, "|   |   |\n| --- | --- |\n| Nicolás Maduro | Presidente — 总统 |\n"),
    ],
)
def test_without_headers_only_the_rows_are_written(fmt: Format, expected: str) -> None:
    """headers=False drops the field names, and only them, from every grid format."""
    assert render(ROWS, ["name", "role"], fmt, Layout(headers=False)) == expected


def test_a_table_exactly_as_wide_as_the_terminal_is_not_wrapped() -> None:
    """Columns use the whole width; one column less and the longest cell wraps."""
    body = [["aaaa", "bbbb bbbb"]]
    assert table(["A", "B"], body, width=15) == "A     B\n----  ---------\naaaa  bbbb bbbb\n"
    assert table(["A", "B"], body, width=14) == "A     B\n----  ----\naaaa  bbbb\n      bbbb\n"


def test_a_word_wider_than_its_column_stays_whole_in_a_table() -> None:
    """A table never cuts a word: the column takes the longest word, the others wrap."""
    body = [["Venezuela", "one two three four five six"]]
    out = table(["Country", "Words"], body, width=22)
    assert out.splitlines()[2].startswith("Venezuela  one two")
    assert all(len(line) <= 22 for line in out.splitlines())
    assert "Venezuela" in out.split()


def test_a_table_too_narrow_for_its_words_becomes_records() -> None:
    """When even the longest words do not fit side by side, each row is field/value lines."""
    out = table(["Country", "Leader"], [["Venezuela", "Guaidó"]], width=12)
    assert out.splitlines() == ["-[ 1 ]------", "Country  Venezuela", "Leader   Guaidó"]


@pytest.mark.parametrize("width", [1, 3, 5, 8])
def test_wrap_cuts_a_word_wider_than_the_line_only_as_a_last_resort(width: int) -> None:
    """A piece wider than the whole line is cut into line-sized parts, losing nothing."""
    lines = wrap("abcdefghijkl xy", width).split("\n")
    assert all(len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == "abcdefghijklxy"
    assert lines[-1].endswith("y")


def test_wrap_breaks_after_a_hyphen_in_a_word_but_not_in_a_date() -> None:
    """ "venezuela-opposition" may break after its hyphen; 2019-04-30 never does."""
    assert wrap("venezuela-opposition", 12) == "venezuela-\nopposition"
    assert wrap("on 2019-04-30", 10) == "on\n2019-04-30"
    assert wrap("on 2019-04-30", 12) == "on\n2019-04-30"


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("abcdefghijkl xy", 1, list("abcdefghijklxy")),
        ("abcdefghijkl xy", 3, ["abc", "def", "ghi", "jkl", "xy"]),
        ("abcdefghijkl xy", 5, ["abcde", "fghij", "kl xy"]),
        # Wide characters count two columns: two to a line of four, one to a line of three.
        ("总统总统", 4, ["总统", "总统"]),
        ("总统总统", 3, ["总", "统", "总", "统"]),
        ("Venezuela总统", 5, ["Venez", "uela", "总统"]),
    ],
)
def test_wrap_cuts_an_overlong_word_into_lines_filled_to_the_width(
    text: str, width: int, lines: list[str]
) -> None:
    """A cut word fills each line to exactly its width, in display columns, and the
    rest of the text carries on after the last part."""
    assert wrap(text, width).split("\n") == lines


def test_records_wrap_each_value_under_itself() -> None:
    """In the record view every row gets its numbered rule and every cell its value,
    wrapped at the ten columns a value always keeps, continued under the value."""
    body = [["Venezuela", "Juan Guaidó"], ["Bolivia", "Evo Morales"]]
    assert table(["Country", "Leader"], body, width=12).splitlines() == [
        "-[ 1 ]------",
        "Country  Venezuela",
        "Leader   Juan",
        "         Guaidó",
        "-[ 2 ]------",
        "Country  Bolivia",
        "Leader   Evo",
        "         Morales",
    ]


def test_records_fill_the_whole_width_of_the_terminal() -> None:
    """A record's value uses every column right of the labels: "Leader   Juan Guaidó, head"
    is exactly the 26 columns asked for."""
    body = [["Venezuela", "Juan Guaidó, head of the National Assembly, constitutionally"]]
    assert table(["Country", "Leader"], body, width=26) == (
        "-[ 1 ]--------------------\n"
        "Country  Venezuela\n"
        "Leader   Juan Guaidó, head\n"
        "         of the National\n"
        "         Assembly,\n"
        "         constitutionally\n"
    )


@pytest.mark.parametrize("width", [12, 17])
def test_a_narrow_table_refuses_a_row_longer_than_its_field_names(width: int) -> None:
    """A row with a cell no field name labels is a caller's error, raised rather than
    laid out (as records at 12 columns, wrapped at 17) with that cell dropped."""
    with pytest.raises(ValueError, match="zip"):
        table(["Country"], [["aaaa b cc", "Venezuela"]], headers=False, width=width)


TITLE = "Nicolás Maduro, president of Venezuela since 2013, re-elected in a vote few trust"
SECTIONS = [
    ("actor", [("Id", "maduro"), ("Name", "Nicolás Maduro")]),
    ("links", []),
    ("claims about it", [("denies (certain)", "The election was free [c-1]")]),
]


def test_record_view_is_80_columns_and_keeps_accents_by_default() -> None:
    """By default a record is laid out for 80 columns (an 81-column title wraps) in
    Unicode; labels are padded to the longest, an empty section says (none), and
    rules stop at 60 columns."""
    assert len(TITLE) == 81
    assert record_view(TITLE, SECTIONS) == (
        "Nicolás Maduro, president of Venezuela since 2013, re-elected in a vote few\n"
        "trust\n"
        "-[ actor ]--------------------------------------------------\n"
        "Id                maduro\n"
        "Name              Nicolás Maduro\n"
        "-[ links ]--------------------------------------------------\n"
        "(none)\n"
        "-[ claims about it ]----------------------------------------\n"
        "denies (certain)  The election was free [c-1]\n"
    )


NARROW = (
    "-[ actor ]--------------------\n"
    "Id                maduro\n"
    "Name              Nicol{a}s Maduro\n"
    "-[ links ]--------------------\n"
    "(none)\n"
    "-[ claims about it ]----------\n"
    "denies (certain)  The election was\n"
    "                  free [c-1]\n"
)


def test_record_view_on_a_narrow_terminal_keeps_twenty_columns_for_values() -> None:
    """The title and rules follow a 30-column terminal, but values always keep 20
    columns, however wide the labels: "The election was free" (21) wraps."""
    out = record_view(TITLE, SECTIONS, width=30)
    assert out == (
        "Nicolás Maduro, president of\n"
        "Venezuela since 2013, re-\n"
        "elected in a vote few trust\n" + NARROW.format(a="á")
    )


def test_record_view_for_an_ascii_only_output_escapes_title_labels_and_values() -> None:
    """With ascii_only, every character beyond ASCII is written as a \\x escape."""
    out = record_view(TITLE, SECTIONS, width=30, ascii_only=True)
    assert out == (
        "Nicol\\xe1s Maduro, president of\n"
        "Venezuela since 2013, re-\n"
        "elected in a vote few trust\n" + NARROW.format(a="\\xe1")
    )


def test_record_view_with_nothing_to_list_shows_the_title_and_empty_sections() -> None:
    """A record with no label in any section still shows, each section as (none)."""
    sections: list[tuple[str, list[tuple[str, str]]]] = [("links", []), ("referred to by", [])]
    assert record_view("Guaidó", sections) == (
        "Guaidó\n"
        "-[ links ]--------------------------------------------------\n"
        "(none)\n"
        "-[ referred to by ]-----------------------------------------\n"
        "(none)\n"
    )


def test_pretty_json_puts_one_key_a_line_and_short_arrays_on_one_line() -> None:
    """The layout `vzcli init` writes: objects one key a line at two spaces a level,
    arrays of objects one object a block, other arrays on one line, accents kept
    in keys and values, and a final newline."""
    brief = {
        "schema_version": 2,
        "source": {"title": "Café", "spans": [[0, 40], [42, 82]]},
        "actors": [
            {"id": "maduro", "name": "Nicolás Maduro"},
            {"id": "guaido", "aliases": ["Guaidó"]},
        ],
        "año": [],
        "inferred": {},
    }
    assert pretty_json(brief) == (
        "{\n"
        '  "schema_version": 2,\n'
        '  "source": {\n'
        '    "title": "Café",\n'
        '    "spans": [[0, 40], [42, 82]]\n'
        "  },\n"
        '  "actors": [\n'
        "    {\n"
        '      "id": "maduro",\n'
        '      "name": "Nicolás Maduro"\n'
        "    },\n"
        "    {\n"
        '      "id": "guaido",\n'
        '      "aliases": ["Guaidó"]\n'
        "    }\n"
        "  ],\n"
        '  "año": [],\n'
        '  "inferred": {}\n'
        "}\n"
    )


def test_pretty_json_writes_the_shipped_brief_exactly_as_it_is_on_disk() -> None:
    """data/brief.json is in pretty_json's layout: reading and rewriting it changes no byte."""
    text = (ROOT / "data" / "brief.json").read_text(encoding="utf-8")
    assert pretty_json(json.loads(text)) == text


def test_json_text_keeps_accents_unless_the_output_is_ascii_only() -> None:
    """The json format is indented two spaces and ends in a newline; accents stay
    as they are, or become \\u escapes for an ASCII-only output."""
    value = {"name": "Nicolás", "n": [1, 2]}
    assert json_text(value) == '{\n  "name": "Nicolás",\n  "n": [\n    1,\n    2\n  ]\n}\n'
    assert json_text({"name": "Nicolás"}, ascii_only=True) == '{\n  "name": "Nicol\\u00e1s"\n}\n'


def test_a_section_rule_is_never_wider_than_the_terminal() -> None:
    """A rule is dashed out to the width; one whose name alone fills it gets no dash,
    so the line does not spill onto the next."""
    sections: list[tuple[str, list[tuple[str, str]]]] = [("links", []), ("claims about it", [])]
    assert record_view("Guaidó", sections, width=20) == (
        "Guaidó\n-[ links ]----------\n(none)\n-[ claims about it ]\n(none)\n"
    )


def test_a_wrapped_title_keeps_every_character() -> None:
    """Wrapping a title only breaks lines: a redaction "XXXX XXXX" split across two
    lines still reads XXXX on both."""
    sections: list[tuple[str, list[tuple[str, str]]]] = [("links", [])]
    assert record_view("Redacted source XXXX XXXX on the vote", sections, width=20) == (
        "Redacted source XXXX\nXXXX on the vote\n-[ links ]----------\n(none)\n"
    )


# The positions matrix as cli passes it to render_grid: actors down, positions across.
GRID_HEAD = ["actor", "on maduro", "on guaidó"]
GRID_BODY = [
    ["Lavrov", "backs", "opposes"],
    ["Lavrov", "backs", "opposes"],
    ["Guaidó", "opposes", "—"],
]


def test_a_grid_by_default_is_a_unicode_table_with_headers_and_every_first_cell() -> None:
    """By default a grid is a table with capitalised field names, accents kept, and
    the first cell repeated on every row."""
    assert render_grid(GRID_HEAD, GRID_BODY, Format.TABLE) == (
        "Actor   On maduro  On guaidó\n"
        "------  ---------  ---------\n"
        "Lavrov  backs      opposes\n"
        "Lavrov  backs      opposes\n"
        "Guaidó  opposes    —\n"
    )


def test_a_grid_table_is_80_columns_wide_by_default() -> None:
    """An 81-column grid wraps by default; given 81 columns it stays on one line."""
    text = "Lavrov warned that US armed action of any kind in Venezuela would end ill"
    body = [["Lavrov", text]]
    assert render_grid(["actor", "position"], body, Format.TABLE).splitlines()[2:] == [
        "Lavrov  Lavrov warned that US armed action of any kind in Venezuela would end",
        "        ill",
    ]
    assert render_grid(["actor", "position"], body, Format.TABLE, Layout(width=81)).splitlines()[
        2:
    ] == ["Lavrov  " + text]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (Format.TABLE, "Lavrov  backs    opposes\n        backs    opposes\nGuaidó  opposes  —\n"),
        (
            Format.MARKDOWN,
            "|   |   |   |\n| --- | --- | --- |\n| Lavrov | backs | opposes |\n"
            "|  | backs | opposes |\n| Guaidó | opposes | — |\n",
        ),
        # Data formats repeat the first cell, so that every row stands alone.
        (Format.CSV, "Lavrov,backs,opposes\r\nLavrov,backs,opposes\r\nGuaidó,opposes,—\r\n"),
        (Format.TSV, "Lavrov\tbacks\topposes\nLavrov\tbacks\topposes\nGuaidó\topposes\t—\n"),
    ],
)
def test_a_grouped_grid_without_headers(fmt: Format, expected: str) -> None:
    """group shows a run's first cell once in table and markdown; headers=False leaves
    out the field names (markdown keeps blank header cells)."""
    assert render_grid(GRID_HEAD, GRID_BODY, fmt, Layout(headers=False), group=True) == expected


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            Format.TABLE,
            "Actor      On maduro  On guaid\\xf3\n"
            "---------  ---------  ------------\n"
            "Lavrov     backs      opposes\n"
            "Lavrov     backs      opposes\n"
            "Guaid\\xf3  opposes    \\u2014\n",
        ),
        (
            Format.MARKDOWN,
            "| Actor | On maduro | On guaid\\\\xf3 |\n| --- | --- | --- |\n"
            "| Lavrov | backs | opposes |\n| Lavrov | backs | opposes |\n"
            "| Guaid\\\\xf3 | opposes | \\\\u2014 |\n",
        ),
    ],
)
def test_an_ascii_only_grid_escapes_headers_and_cells(fmt: Format, expected: str) -> None:
    """For an ASCII-only output, field names and cells are escaped, and a table's
    columns are measured on the escapes."""
    assert render_grid(GRID_HEAD, GRID_BODY, fmt, Layout(ascii_only=True)) == expected


def test_marks_and_format_characters_take_their_wcwidth_in_a_table() -> None:
    """A combining accent (José written decomposed) and an enclosing keycap are zero
    columns wide; a soft hyphen one, as wcwidth (and tabulate) measure it: the columns
    after them stay aligned as wcwidth sees them."""
    body = [["Jose\u0301 Gregorio", "1\u20e3 once"], ["co\u00adoperation", "2019"], ["Jose", "x"]]
    assert table(["Name", "Seen"], body) == (
        "Name           Seen\n"
        "-------------  ------\n"
        "Jose\u0301 Gregorio  1\u20e3 once\n"
        "co\u00adoperation   2019\n"
        "Jose           x\n"
    )


def test_a_column_squeezed_to_one_character_keeps_the_table_within_its_width() -> None:
    """When only one column is left for a cell of one-letter words, each goes on its
    own line, a stray zero-width space too, and the table is exactly as wide as asked."""
    out = table(["A", "B"], [["a \u200b b", "xxxxxxxx"]], width=11)
    assert out == "A  B\n-  --------\na  xxxxxxxx\n\u200b\nb\n"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("= rule", "\\= rule"),
        ("1. first", "1\\. first"),
        ("2019) a year", "2019\\) a year"),
        ("1.5 million - or more", "1.5 million - or more"),
    ],
)
def test_markdown_text_never_starts_a_list_or_rule(text: str, escaped: str) -> None:
    """At the start of a line, a list marker, a numbered item or a setext rule is
    escaped (after the number, for a numbered item); the same characters elsewhere,
    or in a table cell, are left alone."""
    assert md_inline(text) == escaped
    assert md_inline(text, line_start=False) == text


def _json_rows(rows: list[str]) -> str:
    """The json format's text for rows already written as their indented bodies."""
    return "[\n" + ",\n".join("  {\n" + body + "\n  }" for body in rows) + "\n]\n"


@pytest.mark.parametrize("count", [1, 499, 500, 501])
def test_the_json_format_is_the_same_text_for_a_few_rows_or_many(count: int) -> None:
    """However many rows (from 500, a faster encoder writes them), json is indented
    two spaces a level, with accents kept, or escaped for an ASCII-only output."""
    rows = [
        {"id": f"r{i}", "value": 1.5, "change": -724000, "note": "Nicolás"} for i in range(count)
    ]
    fields = ["id", "value", "change", "note"]
    expected = _json_rows(
        [
            f'    "id": "r{i}",\n    "value": 1.5,\n    "change": -724000,\n    "note": "Nicolás"'
            for i in range(count)
        ]
    )
    assert render(rows, fields, Format.JSON) == expected
    escaped = expected.replace("Nicolás", "Nicol\\u00e1s")
    assert render(rows, fields, Format.JSON, Layout(ascii_only=True)) == escaped


@pytest.mark.parametrize("count", [1, 499, 500])
def test_text_from_an_argument_that_is_not_utf8_is_written_back_in_any_amount(
    count: int,
) -> None:
    """A non-UTF-8 argument arrives as a lone surrogate (``locate TEXT`` echoes it).
    Five hundred rows of it are written as one is, not refused by the fast encoder."""
    rows = [{"text": "cat\udcff"}] * count
    body = '    "text": "cat\udcff"'
    assert render(rows, ["text"], Format.JSON) == _json_rows([body] * count)


@pytest.mark.parametrize("count", [1, 500])
def test_json_writes_a_float_with_an_exponent_as_python_does(count: int) -> None:
    """1e-05 stays 1e-05 (not 0.00001) and 1e+300 stays 1e+300, in a small output
    or a large one."""
    rows = [{"id": "r", "tiny": 1e-05, "huge": 1e300}] * count
    body = '    "id": "r",\n    "tiny": 1e-05,\n    "huge": 1e+300'
    assert render(rows, ["id", "tiny", "huge"], Format.JSON) == _json_rows([body] * count)


@pytest.mark.parametrize("count", [1, 500])
@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_json_refuses_a_number_json_cannot_write(count: int, number: float) -> None:
    """NaN and infinities are not JSON: they are refused, never written as NaN or null,
    in a small output or a large one."""
    with pytest.raises(ValueError, match="not JSON compliant"):
        render([{"value": number}] * count, ["value"], Format.JSON)


def test_json_text_writes_any_json_value() -> None:
    """Not only rows: a bare number, null, or a long list of plain values."""
    assert json_text(5) == "5\n"
    assert json_text(None) == "null\n"
    numbers = list(range(600))
    assert json_text(numbers) == "[\n" + ",\n".join(f"  {n}" for n in numbers) + "\n]\n"


@pytest.mark.parametrize("fmt", [Format.JSONL, Format.JSON])
def test_json_escapes_the_characters_other_tools_take_for_line_breaks(fmt: Format) -> None:
    """NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are escaped, each even alone in a
    record, so one JSON Lines record is always one line."""
    rows = [{"t": "a\x85b"}, {"t": "c\u2028d"}, {"t": "e\u2029f"}]
    out = render(rows, ["t"], fmt)
    for escaped in ('"a\\u0085b"', '"c\\u2028d"', '"e\\u2029f"'):
        assert escaped in out
    assert len(out.splitlines()) == (3 if fmt is Format.JSONL else 11)


def test_a_table_writes_numbers_with_every_digit_and_thousands_separators() -> None:
    """Integers and whole floats get commas, however large (never 1e+16); other floats
    keep their digits."""
    rows = [{"value": 1e16}, {"value": 2.5}, {"value": 724000.0}, {"value": -1234567}]
    assert render(rows, ["value"], Format.TABLE) == (
        "Value\n----------------------\n10,000,000,000,000,000\n2.5\n724,000\n-1,234,567\n"
    )


def test_a_table_joins_evidence_passages_and_lists_what_is_inferred() -> None:
    """Passages of evidence are joined with " … " (they hold "; " themselves); the
    reasons a row is inferred read "field: why", joined with "; "."""
    rows = [
        {
            "evidence": ["Lavrov said: no; never", "the talks ended"],
            "inferred": {"date": "from the dateline", "kind": "reported speech"},
        }
    ]
    assert render(rows, ["evidence", "inferred"], Format.MARKDOWN) == (
        "| Evidence | Inferred |\n| --- | --- |\n"
        "| Lavrov said: no; never … the talks ended"
        " | date: from the dateline; kind: reported speech |\n"
    )


def test_a_markdown_table_leaves_list_markers_in_cells_alone() -> None:
    """A cell cannot start a list or a numbered item, so "- 724,000" and "1. round"
    are written as they are, in the header and in the body."""
    assert markdown_table(["- change", "1. round"], [["- 724,000", "2. second"]]) == (
        "| - change | 1. round |\n| --- | --- |\n| - 724,000 | 2. second |\n"
    )


def test_every_table_is_80_columns_wide_by_default() -> None:
    """render, render_grid and table all lay out for 80 columns unless told otherwise:
    an 81-column table wraps."""
    text = "Lavrov warned that US armed action of any kind in Venezuela would end ill"
    wrapped = [
        "Lavrov  Lavrov warned that US armed action of any kind in Venezuela would end",
        "        ill",
    ]
    rows = [{"actor": "Lavrov", "position": text}]
    assert render(rows, ["actor", "position"], Format.TABLE).splitlines()[2:] == wrapped
    assert table(["Actor", "Position"], [["Lavrov", text]]).splitlines()[2:] == wrapped


def test_a_table_of_no_rows_is_empty() -> None:
    """No rows, no output: not even the header."""
    assert render([], ["id"], Format.TABLE) == ""
    assert table(["Id"], []) == ""


def test_an_ascii_only_table_escapes_its_field_names_too() -> None:
    """A field name beyond ASCII is escaped like a value, and its column measured so."""
    assert render([{"año": 2019}], ["año"], Format.TABLE, Layout(ascii_only=True)) == (
        "A\\xf1o\n------\n2,019\n"
    )


def test_a_table_that_fits_shows_cells_as_given() -> None:
    """A table exactly as wide as the terminal is not rewrapped: a double space stays."""
    out = table(["A", "B"], [["aaaa", "bbbb  bbbb"]], width=16)
    assert out == "A     B\n----  ----------\naaaa  bbbb  bbbb\n"


def test_without_headers_the_field_names_take_no_room() -> None:
    """With headers=False, columns are as wide as their cells alone: a longer field
    name does not widen its column, and an empty column takes no width at all."""
    body = [["aaaa b cc", "Venezuela"]]
    out = table(["Remarks", "Country"], body, headers=False, width=18)
    assert out == "aaaa b  Venezuela\ncc\n"
    assert table(["A", "B"], [["", "aaaa b cc"]], headers=False, width=8) == "  aaaa b\n  cc\n"


def test_wrap_keeps_the_line_breaks_of_the_text() -> None:
    """A line break in the text stays a line break; each line wraps on its own."""
    assert wrap("Venezuela\nand Russia", 20) == "Venezuela\nand Russia"
    assert wrap("Venezuela\nRussia and China", 10) == "Venezuela\nRussia and\nChina"


@pytest.mark.parametrize("n", [0, 1, 499, 500, 2000, 2001, 4500])
def test_json_in_parts_is_json_dumps_byte_for_byte(n: int) -> None:
    """However many rows, the parts join to what json.dumps writes, and a big answer
    comes in parts of a few thousand rows (never held twice whole)."""
    from vzcli import jsontext

    rows = [{"id": f"r{i}", "text": "Nicolás “quoted”", "n": i, "x": None} for i in range(n)]
    parts = list(jsontext.json_chunks(rows))
    assert "".join(parts) == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    expected_parts = 1 if n < jsontext.FAST_FROM else -(-n // jsontext.CHUNK) + 1
    assert len(parts) == expected_parts


def test_a_part_pydantic_core_refuses_is_written_by_the_stdlib() -> None:
    """A lone surrogate in the third part: that part falls back, the rest stays fast,
    and the whole is still json.dumps's text; line breaks are escaped in every part."""
    from vzcli import jsontext

    rows: list[dict[str, object]] = [{"t": "a\u2028b"} for _ in range(5000)]
    rows[4500] = {"t": "bad \udc80"}
    text = "".join(jsontext.json_chunks(rows))
    expected = json.dumps(rows, ensure_ascii=False, indent=2).replace("\u2028", "\\u2028")
    assert text == expected + "\n"


def test_json_with_a_float_pydantic_core_would_write_otherwise_uses_the_stdlib() -> None:
    from vzcli import jsontext

    rows = [{"v": 1e308}] * 600
    assert "".join(jsontext.json_chunks(rows)) == json.dumps(rows, indent=2) + "\n"
    assert len(list(jsontext.json_chunks(rows))) == 1


def test_json_text_of_many_rows_is_what_json_dumps_writes() -> None:
    """Made in parts (pydantic-core's encoder, a few thousand rows at a time), the
    whole is still exactly the stdlib's indented JSON."""
    from vzcli.jsontext import CHUNK, json_text

    rows = [{"id": f"r{i}", "text": "Café", "n": i} for i in range(CHUNK + 1)]
    assert json_text(rows) == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
