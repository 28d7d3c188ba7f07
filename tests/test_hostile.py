"""Hostile input and hostile output: every bad brief gets a clear line, nothing leaks."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli import brief as brief_module
from vzcli.cli import app

runner = CliRunner()
CORPUS = Path(__file__).parent / "malformed"

# file → (exit status, fragment of the message).  In the spirit of the
# JSON_checker fail set: one way to be wrong per file.
CASES = {
    "empty.json": (65, "is empty; a brief is a JSON object"),
    "whitespace-only.json": (65, "is empty"),
    "binary.json": (65, "line 2 column 118: not UTF-8 text (byte 0x80)"),
    "latin1.json": (65, "line 1 column 36: not UTF-8 text (byte 0xe9)"),
    "utf16.json": (65, "is UTF-16 text; save it as UTF-8"),
    "truncated.json": (65, "invalid JSON: EOF while parsing"),
    "trailing-comma.json": (65, "line 3 column 1: invalid JSON: trailing comma"),
    "single-quotes.json": (65, "line 1 column 2: invalid JSON: key must be a string"),
    "comment.json": (65, "line 1 column 1: invalid JSON"),
    "two-documents.json": (65, "line 2 column 1: invalid JSON: trailing characters"),
    "top-level-array.json": (65, "Input should be an object"),
    "top-level-string.json": (65, "Input should be an object"),
    "nan.json": (65, "source.length: Input should be a valid integer"),
    "infinity-value.json": (65, "stats[0].value: Input should be a finite number"),
    "wrong-type-list.json": (65, "actors: Input should be a valid array"),
    "wrong-type-int.json": (65, "source.length: Input should be a valid integer"),
    "unknown-key.json": (65, "quotes[0].tone: unknown key"),
    "unknown-enum.json": (65, "quotes[0].kind: Input should be 'direct' or 'reported'"),
    "missing-key.json": (65, "actors[0].name: required key is missing"),
    "broken-speaker.json": (65, "quotes[0].speaker: unknown actor 'b'"),
    "broken-participant.json": (65, "events[0].participants[1]: unknown actor 'zz'"),
    "duplicate-id.json": (65, "actors[1].id: duplicate id 'a'"),
    "span-past-end.json": (
        65,
        "quotes[0].spans[0]: [10, 101] ends past the article's 100 characters",
    ),
    "span-reversed.json": (
        65,
        "quotes[0].spans[0]: span [12, 10] is empty or reversed: start < end",
    ),
    "span-negative.json": (65, "quotes[0].spans[0][0]: Input should be greater than or equal to 0"),
    "bad-date.json": (65, "events[0].date: '2019-02-30' has no day 30: February 2019 has 28 days"),
    "date-word.json": (65, "events[0].date: 'yesterday' is not a date"),
    "wrong-schema-version.json": (65, "schema_version: this is a schema 1 brief"),
}


def test_corpus_is_complete() -> None:
    """Every file in the corpus has an expectation, and every expectation a file."""
    files = {p.name for p in CORPUS.glob("*.json")}
    assert set(CASES) | {"valid-minimal.json", "bom.json", "duplicate-key.json"} == files


# Queries validate what they read: a broken event is found by `events`, a stat by `stats`.
READS_EVENTS = {"broken-participant.json", "bad-date.json", "date-word.json"}
READS_STATS = {"infinity-value.json"}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("command", ["query", "verify"])
def test_malformed_brief(name: str, command: str) -> None:
    """Each malformed brief exits with its status and one line naming the file and place."""
    code, fragment = CASES[name]
    path = CORPUS / name
    if command == "query":
        command = "events" if name in READS_EVENTS else "stats" if name in READS_STATS else "quotes"
    result = runner.invoke(app, [command, "--data", str(path)])
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert f"vzcli: {path}: " in result.stderr
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["valid-minimal.json", "bom.json"])
def test_valid_minimal_briefs_load(name: str) -> None:
    """A tiny hand-written brief loads, with or without a UTF-8 byte-order mark."""
    result = runner.invoke(
        app, ["quotes", "--data", str(CORPUS / name), "-f", "jsonl", "--fields", "id"]
    )
    assert (result.exit_code, result.stdout) == (0, '{"id": "q"}\n')


def test_queries_validate_what_they_read() -> None:
    """`quotes` answers from a brief whose events are broken; `events` and verify refuse it."""
    path = str(CORPUS / "bad-date.json")
    assert runner.invoke(app, ["quotes", "--data", path]).exit_code == 0
    assert runner.invoke(app, ["events", "--data", path]).exit_code == 65
    assert runner.invoke(app, ["verify", "--data", path]).exit_code == 65


def test_duplicate_keys_pass_queries_but_fail_verify() -> None:
    """Queries stay fast (last key wins, as in every JSON parser); verify rejects the brief."""
    path = str(CORPUS / "duplicate-key.json")
    assert runner.invoke(app, ["actors", "--data", path]).exit_code == 0
    result = runner.invoke(app, ["verify", "--data", path])
    assert result.exit_code == 65
    assert "duplicate key 'name' in one object (only the last would count)" in result.stderr


def test_deep_nesting_is_an_error_not_a_crash(write_brief: Any) -> None:
    """JSON nested 100,000 deep is refused with a message, never a RecursionError."""
    path = write_brief("[" * 100_000 + "]" * 100_000)
    for command in ("quotes", "verify"):
        result = runner.invoke(app, [command, "--data", str(path)])
        assert result.exit_code == 65
        assert "recursion limit exceeded" in result.stderr


def test_huge_file_is_refused_before_parsing(
    write_brief: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A brief over the size cap is refused at once, without reading it all."""
    monkeypatch.setattr(brief_module, "MAX_BYTES", 1024)
    path = write_brief("{" + " " * 5000 + "}")
    result = runner.invoke(app, ["quotes", "--data", str(path)])
    assert result.exit_code == 65
    assert "larger than" in result.stderr


def test_many_problems_are_capped(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """All problems are counted; at most 20 lines, then '… and N more'."""
    for q in brief_dict["quotes"]:
        q["speaker"] = "nobody"
        q["spans"] = [[5, 2]]
    result = runner.invoke(app, ["quotes", "--data", str(write_brief(brief_dict))])
    lines = result.stderr.splitlines()
    assert result.exit_code == 65
    assert len(lines) == 21
    assert lines[-1].endswith(f"… and {2 * len(brief_dict['quotes']) - 20} more")


# --- output that cannot be trusted ----------------------------------------

NASTY = "\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \x08\x9b2J \u202eevil\u202c \u2066iso\u2069"
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def nasty_brief(write_brief: Any, brief_dict: dict[str, Any]) -> Path:
    """The bundled brief with terminal escapes and bidi overrides in a quote."""
    brief_dict["quotes"][0]["text"] = NASTY
    path: Path = write_brief(brief_dict)
    return path


def _guaido_quote(nasty_brief: Path, fmt: str) -> Any:
    """The text of Guaidó's first quote in the hostile brief, as ``fmt`` prints it."""
    args = ["--data", str(nasty_brief), "-f", fmt, "--fields", "text", "-n", "1"]
    return runner.invoke(app, ["quotes", *args, "--actor", "guaido"])


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_human_formats_never_emit_controls(nasty_brief: Path, fmt: str) -> None:
    """Escape sequences, C1 controls and bidi overrides show as visible escapes."""
    result = _guaido_quote(nasty_brief, fmt)
    assert result.exit_code == 0
    assert not UNSAFE.search(result.stdout)
    # Markdown escapes the backslash (and the bracket) so a renderer shows them literally.
    slash, bracket = ("\\", "[") if fmt == "table" else ("\\\\", "\\[")
    assert f"{slash}x1b{bracket}31mred{slash}x1b{bracket}0m" in result.stdout
    assert f"{slash}u202eevil{slash}u202c" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_machine_formats_keep_the_exact_string(nasty_brief: Path, fmt: str) -> None:
    """JSON carries the string exactly, escaped as JSON does (so raw ESC never appears)."""
    result = _guaido_quote(nasty_brief, fmt)
    assert "\x1b" not in result.stdout
    first = json.loads(result.stdout)
    first = first[0] if isinstance(first, list) else first
    assert first["text"] == NASTY


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("plain", "plain"),
    ],
)
def test_csv_defuses_formulas(
    write_brief: Any, brief_dict: dict[str, Any], text: str, cell: str
) -> None:
    """A text cell a spreadsheet would run gets a leading quote; the rest stays."""
    brief_dict["quotes"][0]["text"] = text
    path = str(write_brief(brief_dict))
    out = runner.invoke(
        app,
        ["quotes", "--data", path, "-f", "csv", "--fields", "text", "--actor", "guaido", "-n", "1"],
    )
    assert list(csv.reader(io.StringIO(out.stdout_bytes.decode(), newline="")))[1] == [cell]


def test_csv_leaves_negative_numbers_alone() -> None:
    """Numbers are data: the oil output change stays -724000."""
    out = runner.invoke(app, ["stats", "-f", "csv", "--fields", "change", "--search", "oil output"])
    # The January point has no change: an empty field, quoted as RFC 4180 needs
    # for a one-column row, which would otherwise read as a blank line.
    assert out.stdout_bytes == b'change\r\n""\r\n-724000\r\n'


def test_tsv_never_breaks_rows(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """Tabs and newlines inside values are escaped; each record is one line."""
    brief_dict["quotes"][0]["text"] = "a\tb\nc\\d"
    out = runner.invoke(
        app,
        [
            "quotes",
            "--data",
            str(write_brief(brief_dict)),
            "-f",
            "tsv",
            "--fields",
            "id,text",
            "--actor",
            "guaido",
            "-n",
            "1",
        ],
    )
    assert out.stdout == "id\ttext\nq-guaido-time-is-now\ta\\tb\\nc\\\\d\n"


def test_markdown_pipes_do_not_break_the_table(
    write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """A | or newline inside a value stays inside its cell."""
    brief_dict["quotes"][0]["text"] = "a | b\nc"
    out = runner.invoke(
        app,
        [
            "quotes",
            "--data",
            str(write_brief(brief_dict)),
            "-f",
            "markdown",
            "--fields",
            "id,text",
            "--actor",
            "guaido",
            "-n",
            "1",
        ],
    )
    assert out.stdout.splitlines()[-1] == "| q-guaido-time-is-now | a \\| b<br>c |"


def test_wide_characters_are_measured_by_display_width(
    write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """CJK and emoji take two columns each, so columns stay aligned."""
    brief_dict["actors"][1]["name"] = "拉夫罗夫 🙂"
    out = runner.invoke(
        app, ["actors", "--data", str(write_brief(brief_dict)), "--fields", "name,kind", "-n", "3"]
    )
    lines = out.stdout.splitlines()
    from wcwidth import wcswidth

    assert wcswidth(lines[3].split("  person")[0]) == wcswidth(lines[4].split("  person")[0])


# --- bad arguments --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["events", "--since", "last week"], "invalid date 'last week'"),
        (["events", "--until", "2019-02-29"], "invalid date '2019-02-29'"),
        (["events", "--since", "2019-05-02", "--until", "2019-05-01"], "is after --until"),
        (["events", "--format", "yaml"], "'yaml' is not one of"),
        (["events", "--fields", ""], "'--fields': is empty"),
        (["events", "--limit", "-1"], "Invalid value for '--limit'"),
        (["events", "--limit", "many"], "Invalid value for '--limit'"),
        (["positions", "--matrix", "--fields", "id"], "--matrix cannot be combined"),
        (["positions", "--on", "Atlantis"], "neither an actor nor words of an issue"),
        (["quotes", "--actor", ""], "'--actor' / '-a': is empty"),
    ],
)
def test_bad_arguments_are_usage_errors(args: list[str], fragment: str) -> None:
    """Every bad argument is exit 2, names the value and what is accepted."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert result.stdout == ""
