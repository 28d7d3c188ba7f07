"""The CLI through Typer's CliRunner: whole outputs, every format, every exit status."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpers import flatten, tsv_unescape
from vzcli.cli import app

runner = CliRunner()

COMMANDS = ["events", "quotes", "positions", "claims", "stats", "actors", "links", "briefs"]
OTHERS = [
    "verify",
    "report",
    "schema",
    "show",
    "init",
    "locate",
    "conflicts",
    "export",
    "reanchor",
    "add",
    "edit",
    "remove",
    "date",
]
FORMATS = ["table", "json", "jsonl", "csv", "tsv", "markdown"]
LAVROV = ["quotes", "--actor", "Lavrov", "--fields", "id,date,kind,text"]


def run(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


# --- whole outputs --------------------------------------------------------

EXPECTED = {
    "table": """\
Id                    Date                               Kind      Text
--------------------  ---------------------------------  --------  ---------------------------------
r-lavrov-catastrophe  between 2019-04-30 and 2019-05-14  reported  Lavrov warned that any US attempt
                      (inferred)                                   to use armed force in Venezuela
                                                                   would be a disaster.
r-lavrov-iraq-libya   2019-05-14 (inferred)              reported  Lavrov likened US policy on
                                                                   Venezuela to the Iraq war and to
                                                                   Libya in 2011.
q-lavrov-threats      2019-05-14 (inferred)              direct    Threats by the U.S.
                                                                   administration have nothing to do
                                                                   with democracy.
""",
    "json": """\
[
  {
    "id": "r-lavrov-catastrophe",
    "date": "2019-04-30/2019-05-14",
    "kind": "reported",
    "text": "Lavrov warned that any US attempt to use armed force in Venezuela would be a disaster."
  },
  {
    "id": "r-lavrov-iraq-libya",
    "date": "2019-05-14",
    "kind": "reported",
    "text": "Lavrov likened US policy on Venezuela to the Iraq war and to Libya in 2011."
  },
  {
    "id": "q-lavrov-threats",
    "date": "2019-05-14",
    "kind": "direct",
    "text": "Threats by the U.S. administration have nothing to do with democracy."
  }
]
""",
    "jsonl": """\
{"id": "r-lavrov-catastrophe", "date": "2019-04-30/2019-05-14", "kind": "reported", "text": "Lavrov warned that any US attempt to use armed force in Venezuela would be a disaster."}
{"id": "r-lavrov-iraq-libya", "date": "2019-05-14", "kind": "reported", "text": "Lavrov likened US policy on Venezuela to the Iraq war and to Libya in 2011."}
{"id": "q-lavrov-threats", "date": "2019-05-14", "kind": "direct", "text": "Threats by the U.S. administration have nothing to do with democracy."}
""",
    "csv": (
        "id,date,kind,text\r\n"
        "r-lavrov-catastrophe,2019-04-30/2019-05-14,reported,Lavrov warned that any US attempt to use armed force in Venezuela would be a disaster.\r\n"
        "r-lavrov-iraq-libya,2019-05-14,reported,Lavrov likened US policy on Venezuela to the Iraq war and to Libya in 2011.\r\n"
        "q-lavrov-threats,2019-05-14,direct,Threats by the U.S. administration have nothing to do with democracy.\r\n"
    ),
    "tsv": (
        "id\tdate\tkind\ttext\n"
        "r-lavrov-catastrophe\t2019-04-30/2019-05-14\treported\tLavrov warned that any US attempt to use armed force in Venezuela would be a disaster.\n"
        "r-lavrov-iraq-libya\t2019-05-14\treported\tLavrov likened US policy on Venezuela to the Iraq war and to Libya in 2011.\n"
        "q-lavrov-threats\t2019-05-14\tdirect\tThreats by the U.S. administration have nothing to do with democracy.\n"
    ),
    "markdown": """\
| Id | Date | Kind | Text |
| --- | --- | --- | --- |
| r-lavrov-catastrophe | between 2019-04-30 and 2019-05-14 (inferred) | reported | Lavrov warned that any US attempt to use armed force in Venezuela would be a disaster. |
| r-lavrov-iraq-libya | 2019-05-14 (inferred) | reported | Lavrov likened US policy on Venezuela to the Iraq war and to Libya in 2011. |
| q-lavrov-threats | 2019-05-14 (inferred) | direct | Threats by the U\\.S. administration have nothing to do with democracy. |
""",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_lavrov_quotes_in_every_format(fmt: str) -> None:
    """`vzcli quotes --actor Lavrov` prints exactly the expected output in each format."""
    result = run(*LAVROV, "--format", fmt)
    assert result.exit_code == 0, result.output
    # stdout_bytes: Result.stdout folds csv's \r\n line ends into \n.
    assert result.stdout_bytes.decode() == EXPECTED[fmt]
    assert result.stderr == ""


def test_default_table_fits_the_terminal() -> None:
    """With COLUMNS=100 (conftest) no table line is wider than 100."""
    for command in COMMANDS:
        result = run(command)
        assert result.exit_code == 0
        assert max(len(line) for line in result.stdout.splitlines()) <= 100, command


def _pieces(text: str) -> set[str]:
    """The words of ``text``, and every run of their parts between hyphens (a line may
    break after a hyphen, and may hold several parts of a word)."""
    out: set[str] = set()
    for word in text.split():
        parts = re.split(r"(?<=[^\W\d_][-\u2013])(?=\w)", word)
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                out.add("".join(parts[i:j]))
    return out


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("command", COMMANDS)
def test_tables_never_cut_a_word(command: str, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """At any width, every word and id in a table is whole (or broken after a hyphen),
    and no line is wider than the terminal."""
    monkeypatch.setenv("COLUMNS", str(width))
    table = run(command).stdout
    assert max(len(line) for line in table.splitlines()) <= width, command
    markdown = run(command, "-f", "markdown").stdout  # the same cells, unwrapped
    allowed: set[str] = set()
    for i, line in enumerate(markdown.splitlines()):
        if i == 1:  # the divider row
            continue
        for cell in line.strip("|").split(" | "):
            allowed |= _pieces(re.sub(r"\\(.)", r"\1", cell))
    for line in table.splitlines():
        if set(line) <= {"-", " "} or line.startswith("-["):
            continue
        for token in line.split():
            assert token in allowed or token.rstrip(":") in allowed, (command, width, token)


def test_actors_at_80_columns_keep_ids_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """`COLUMNS=80 vzcli actors`: the narrowest columns that keep every id whole need
    more than 80, so each actor is a record of its own, its id on one line."""
    monkeypatch.setenv("COLUMNS", "80")
    lines = run("actors").stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    ids = [line.split()[1] for line in lines if line.startswith("Id ")]
    assert "venezuela-opposition" in ids
    assert "venezuela-military" in ids
    assert len(ids) == len(run("actors", "-f", "jsonl").stdout.splitlines())
    # At 100 columns the table fits, and its ids stay whole there too.
    monkeypatch.setenv("COLUMNS", "100")
    wide = run("actors").stdout.splitlines()
    assert wide[0].split()[:2] == ["Id", "Name"]
    first = [line.split()[0] for line in wide[2:] if line and not line.startswith(" ")]
    assert "venezuela-opposition" in first
    assert not any(w.startswith("venezuela-") and w not in ids for w in first)


def test_narrow_terminal_gets_records_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """When columns cannot fit, each record is printed as field/value lines."""
    monkeypatch.setenv("COLUMNS", "40")
    result = run("quotes", "--actor", "Lavrov", "--fields", "date,speaker_name,kind,setting,text")
    assert result.exit_code == 0
    assert result.stdout.startswith("-[ 1 ]---")
    assert max(len(line) for line in result.stdout.splitlines()) <= 40


def test_no_headers_drops_the_header_row() -> None:
    """--no-headers works for csv and table alike."""
    assert run(*LAVROV, "-f", "csv", "--no-headers").stdout.startswith("r-lavrov-catastrophe,")
    assert run(*LAVROV, "--no-headers").stdout.startswith("r-lavrov-catastrophe  ")


# --- every format parses back to the same records -------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_every_format_parses_back(command: str) -> None:
    """json, jsonl, csv, tsv and markdown of one query all carry the same records."""
    records = json.loads(run(command, "-f", "json").stdout)
    assert records, command
    keys = list(records[0])
    assert all(list(r) == keys for r in records), "same keys in every record"

    jsonl = [json.loads(line) for line in run(command, "-f", "jsonl").stdout.splitlines()]
    assert jsonl == records

    flat = [[flatten(k, r[k]) for k in keys] for r in records]
    parsed = list(csv.reader(io.StringIO(run(command, "-f", "csv").stdout, newline="")))
    assert parsed == [keys, *flat]

    lines = run(command, "-f", "tsv").stdout.split("\n")
    assert lines[-1] == ""
    assert [[tsv_unescape(c) for c in line.split("\t")] for line in lines[:-1]] == [keys, *flat]

    md = run(command, "-f", "markdown", "--fields", ",".join(keys)).stdout.splitlines()
    assert len(md) == len(records) + 2
    for line in md:
        cells = re.split(r"(?<!\\)\|", line)
        assert len(cells) == len(keys) + 2, line  # leading and trailing pipes


def test_json_is_utf8_not_escaped() -> None:
    """Accented names appear as letters, not \\u escapes."""
    out = run("actors", "-f", "json", "--actor", "Maduro").stdout
    assert '"Nicolás Maduro"' in out
    assert "\\u" not in out


def test_lists_are_arrays_in_json_and_joined_in_text() -> None:
    """Participants are a JSON array, and `; `-joined in csv."""
    rec = json.loads(run("events", "-f", "json", "--search", "meet in Sochi").stdout)[0]
    assert rec["participants"] == ["lavrov", "pompeo"]
    out = run("events", "-f", "csv", "--search", "meet in Sochi", "--fields", "participants")
    assert out.stdout_bytes == b"participants\r\nlavrov; pompeo\r\n"


def test_positions_matrix_markdown() -> None:
    """--matrix pivots holders against what they stand towards, saying what each stance is about."""
    result = run("positions", "--matrix", "--actor", "Lavrov", "-f", "markdown")
    assert result.stdout == (
        "| Holder | Towards | Stances |\n| --- | --- | --- |\n"
        "| Sergei Lavrov | United States | warns against: US attempts to use force in Venezuela; "
        "opposes: US policy on Venezuela |\n"
    )


def test_matrix_fits_100_columns_and_groups_holders(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 100 columns the whole matrix fits, each holder named once, no word cut."""
    monkeypatch.setenv("COLUMNS", "100")
    lines = run("positions", "--matrix").stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert lines[0].split() == ["Holder", "Towards", "Stances"]
    holders = [line[:15].strip() for line in lines[2:] if line[:15].strip()]
    assert len(holders) == len(set(holders))  # one group per holder
    assert lines[2].split("  ")[0] == "United States"
    assert "Juan Guaidó" in lines[2]


def test_stats_show_series_change() -> None:
    """The April oil figure carries the computed change from January."""
    out = run(
        "stats", "--search", "oil output", "-f", "csv", "--fields", "period,value,change,change_pct"
    )
    assert out.stdout_bytes == (
        b"period,value,change,change_pct\r\n2019-01,1200000,,\r\n2019-04,476000,-724000,-60.33\r\n"
    )


# --- empty results --------------------------------------------------------

EMPTY = {
    "json": "[]\n",
    "jsonl": "",
    "csv": "id\r\n",
    "tsv": "id\n",
    "markdown": "| Id |\n| --- |\n",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_result_is_well_formed(fmt: str) -> None:
    """Nothing matched: valid empty output, a note on stderr for table only, exit 0."""
    result = run("quotes", "--search", "no such words", "--fields", "id", "-f", fmt)
    assert result.exit_code == 0
    if fmt == "table":
        assert (result.stdout, result.stderr) == ("", "no matching quotes\n")
    else:
        assert (result.stdout_bytes.decode(), result.stderr) == (EMPTY[fmt], "")


def test_exit_status_flag_fails_on_empty() -> None:
    """-e exits 1 when nothing matched and 0 when something did."""
    assert run("quotes", "-e", "--search", "no such words", "-f", "json").exit_code == 1
    assert run("quotes", "-e", "--actor", "Lavrov", "--search", "democracy").exit_code == 0


# --- errors and exit statuses ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["quotes", "--frobnicate"], 2, "No such option: --frobnicate"),
        (["quotes", "--format", "xml"], 2, "'xml' is not one of"),
        (
            ["quotes", "--since", "2019-13-45"],
            2,
            "invalid date '2019-13-45': no month 13",
        ),
        (["events", "--since", "2019-06", "--until", "2019-05"], 2, "is after --until"),
        (["quotes", "--actor", "Lavorv"], 2, "did you mean 'Lavrov'? run 'vzcli actors'"),
        (
            ["quotes", "--fields", "id,colour"],
            2,
            "unknown field colour for --fields; valid: brief, id, date",
        ),
        (["quotes", "--sort", "colour"], 2, "unknown field 'colour' for --sort"),
        (["quotes", "--limit", "-1"], 2, "Invalid value for '--limit'"),
        (["positions", "--stance", "likes"], 2, "unknown stance 'likes'; valid: supports"),
        (
            ["quotes", "--data", "/nonexistent/brief.json"],
            66,
            "/nonexistent/brief.json: no such file",
        ),
        (["quotes", "--data", "/proc/self"], 66, "holds no brief (no *.json file in the folder)"),
    ],
)
def test_errors_exit_with_their_status(args: list[str], code: int, fragment: str) -> None:
    """Each error has its documented status, a short message on stderr, nothing on stdout."""
    result = run(*args)
    assert result.exit_code == code, result.output
    assert fragment in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert len(result.stderr.splitlines()) <= 5


def test_invalid_brief_is_65(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """A brief with a broken reference exits 65 naming the file and record."""
    brief_dict["quotes"][3]["speaker"] = "lavorv"
    path = write_brief(brief_dict)
    result = run("quotes", "--data", str(path))
    assert result.exit_code == 65
    assert result.stderr == (
        f"vzcli: {path}: quotes[3].speaker: unknown actor 'lavorv'; did you mean 'lavrov'?\n"
    )
    assert result.stdout == ""


def test_data_from_stdin(brief_dict: dict[str, Any]) -> None:
    """--data - reads the brief from standard input."""
    brief_dict["source"]["title"] = "From stdin"
    args = ["quotes", "--data", "-", "-f", "jsonl", "--fields", "id", "-n", "1"]
    result = run(*args, input=json.dumps(brief_dict))
    assert result.exit_code == 0
    assert result.stdout == '{"id": "r-putin-restore-relations"}\n'


def test_env_var_brief(
    write_brief: Any, brief_dict: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """VZCLI_DATA points every command at another brief."""
    brief_dict["stats"] = []
    monkeypatch.setenv("VZCLI_DATA", str(write_brief(brief_dict)))
    assert run("stats", "-f", "json").stdout == "[]\n"


def test_version_and_help() -> None:
    """--version prints the version; no arguments prints help."""
    from vzcli import __version__

    assert run("--version").stdout == f"vzcli {__version__}\n"
    result = run()
    assert "Usage:" in result.stdout
    for command in [*COMMANDS, "verify"]:
        assert command in result.stdout


def all_commands() -> dict[str, Any]:
    """Every command the app registers, found from the app itself."""
    from typer.main import get_command

    group = get_command(app)
    # list_commands and get_command: add, edit, remove and date are built when named.
    names = group.list_commands(None)  # type: ignore[attr-defined, arg-type]
    return {n: group.get_command(None, n) for n in names}  # type: ignore[attr-defined, arg-type]


def test_the_command_list_is_known() -> None:
    """A new command must be added to the docs tests' view of the app."""
    assert set(all_commands()) == {*COMMANDS, *OTHERS}


@pytest.mark.parametrize("name", sorted({*COMMANDS, *OTHERS}))
def test_every_command_has_help_with_examples(name: str) -> None:
    """Each command has a one-line summary, help on every option, and 2-3 examples."""
    command = all_commands()[name]
    assert command.get_short_help_str(limit=200).strip(), name
    for param in command.params:
        if getattr(param, "param_type_name", "") == "option" and param.name != "help":
            assert param.help, f"{name} {param.opts[0]} has no help"
    out = run(name, "--help").stdout
    examples = out.split("Examples:", 1)[1] if "Examples:" in out else ""
    assert 2 <= examples.count(f"vzcli {name}") <= 3, name


def test_readme_shows_every_command() -> None:
    """The README documents every command the app has."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in all_commands():
        assert f"vzcli {name}" in readme, name


def test_the_readme_table_names_every_exit_status_vzcli_uses() -> None:
    """Each status the code can exit with (its EXIT_ constants and the error classes'
    exit codes) has a row in the README's table, and each row is one the code uses."""
    import re

    from vzcli import errors

    root = Path(__file__).resolve().parents[1]
    code = "\n".join(p.read_text("utf-8") for p in (root / "src" / "vzcli").rglob("*.py"))
    used = {int(n) for n in re.findall(r"^EXIT_[A-Z]+ = (\d+)", code, re.M)}
    used |= {
        c.exit_code
        for c in vars(errors).values()
        if isinstance(c, type) and hasattr(c, "exit_code")
    }
    used |= {0, 1, 2, 130}  # success, verify's failure or --exit-status, usage, Ctrl-C
    readme = (root / "README.md").read_text("utf-8")
    table = readme.split("## Exit status", 1)[1].split("\n\n", 2)[1]
    rows = {int(n) for n in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert rows == used


@pytest.mark.parametrize("name", ["", *sorted({*COMMANDS, *OTHERS})])
def test_help_speaks_in_words_not_python_types(name: str) -> None:
    """Metavars are words (ID, NAME, FORMAT), never a Python type such as <str>."""
    out = run(*([name] if name else []), "--help").stdout
    assert "<str>" not in out
    assert "<list[" not in out
    assert "<int>" not in out
    assert not re.search(r"<[a-z|\[\]]+>", out), out


def test_the_top_level_help_has_examples_and_whole_summaries() -> None:
    out = run("--help").stdout
    assert "Examples:" in out
    commands = out.split("Commands:", 1)[1]
    assert "..." not in commands
    # each command's summary is its docstring's whole first paragraph
    assert "each with how firmly it is asserted and the hedge that says so." in " ".join(
        commands.split()
    )


def test_the_lazy_commands_are_listed_by_their_own_summaries() -> None:
    """vzcli --help lists add, edit, remove and date without building them: by the
    summaries app.LAZY keeps, which must be each command's own."""
    from vzcli.cli.app import LAZY
    from vzcli.cli.records import build

    for name, summary in LAZY.items():
        assert build(name).get_short_help_str(limit=200) == summary, name
    out = run("--help").stdout
    for name in LAZY:
        assert f"\n  {name} " in out, name
