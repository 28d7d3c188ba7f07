"""docs/wire-report.md is real: its commands, run in order, print what it shows and
build the fixture brief of the wire report, and only vzcli ever writes the brief.

The walkthrough is a sequence of steps in document order, as in
docs/authoring.md:

- a ```console block: each `$ ` line is a command, run with bash from the
  reader's folder (a line ending in ` \\` goes on on the next line, as in a
  shell), and the lines after it are its exact output, stdout and stderr as
  a terminal interleaves them;
- a ```text block right after `<!-- walkthrough: article.txt -->`: the text
  of article.txt, which must be the fixture article.

There is no other kind of step: the brief is never edited by hand.  Any
other `<!-- walkthrough: … -->` comment is an error, and so is a ```json block.

After a change to vzcli that alters an output on purpose, rewrite the shown
outputs and the fixture brief, then read the diff:

    python scripts/regen_walkthrough.py docs/wire-report.md \
        --article tests/fixtures/wire-article.txt --fixture tests/fixtures/wire-brief.json
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader import BIN, shell

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "wire-report.md"
FIXTURES = ROOT / "tests" / "fixtures"
ARTICLE = FIXTURES / "wire-article.txt"
BRIEF = FIXTURES / "wire-brief.json"

MIN_STEPS = 53
"""The walkthrough's current number of steps: removing any one of them fails."""

_STEP = re.compile(
    r"<!-- walkthrough: (?P<op>[^\n]*?) -->\n+```(?P<lang>[a-z]+)\n(?P<body>.*?)^```"
    r"|^```console\n(?P<console>.*?)^```",
    flags=re.S | re.M,
)
_WRITERS = re.compile(r"vzcli (init|add|edit|remove|reanchor)\b")
"""The commands that may write brief.json."""
_COLLECTIONS = ("actors", "events", "quotes", "positions", "claims", "stats", "links", "excluded")


@dataclass(frozen=True)
class Step:
    """One step of the walkthrough: a command and its output, or the article shown."""

    kind: str
    """``run`` or ``article``"""
    target: str
    """the command, or ``article.txt``"""
    body: str
    """the expected output, or the article's text"""


def doc_text() -> str:
    """docs/wire-report.md, with CRLF line ends normalised."""
    return DOC.read_text(encoding="utf-8").replace("\r\n", "\n")


def _commands(console: str) -> list[Step]:
    """The commands of a console block, each with the output printed under it."""
    found = []
    for chunk in re.split(r"^\$ ", console, flags=re.M)[1:]:
        lines = chunk.split("\n")
        n = 1
        while lines[n - 1].endswith(" \\") and n < len(lines):
            n += 1
        found.append(Step("run", "\n".join(lines[:n]), "\n".join(lines[n:])))
    return found


def steps(text: str | None = None) -> list[Step]:
    """Every step of the walkthrough, in document order."""
    found: list[Step] = []
    for m in _STEP.finditer(doc_text() if text is None else text):
        if m["console"] is not None:
            found.extend(_commands(m["console"]))
        elif m["op"] == "article.txt" and m["lang"] == "text":
            found.append(Step("article", m["op"], m["body"]))
        else:
            raise ValueError(f"unknown walkthrough step {m['op']!r} on a {m['lang']} block")
    return found


def follow(folder: Path, walk: list[Step]) -> list[tuple[Step, str]]:
    """Follow ``walk`` in ``folder``; each run step with the output it really printed.

    Fails at once if a command other than vzcli's writing commands changes
    brief.json: the brief is only ever written by vzcli."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ARTICLE, folder / "article.txt")
    brief = folder / "brief.json"
    printed = []
    for step in walk:
        if step.kind != "run":
            continue
        before = brief.read_bytes() if brief.exists() else None
        printed.append((step, shell(step.target, folder)))
        after = brief.read_bytes() if brief.exists() else None
        if after != before:
            assert _WRITERS.match(step.target), f"`{step.target}` wrote brief.json"
    return printed


def need_vzcli() -> None:
    """Skip the calling test when the vzcli console script is not installed."""
    if shutil.which("vzcli", path=str(BIN)) is None:
        pytest.skip(f"the vzcli console script is not installed in {BIN}")


def test_walkthrough_has_steps() -> None:
    """The doc has every step of the walkthrough (so the others are not vacuous): one
    `vzcli add` per record of the fixture brief but the author, whom init writes."""
    walk = steps()
    kinds = [s.kind for s in walk]
    assert len(walk) >= MIN_STEPS, f"{len(walk)} steps, expected at least {MIN_STEPS}"
    assert kinds.count("article") == 1
    commands = [s.target for s in walk if s.kind == "run"]
    assert commands[0].startswith("vzcli init article.txt")
    assert any("--todo" in c for c in commands)
    assert any(c.startswith("vzcli date ") for c in commands)
    assert any(c.startswith("vzcli edit ") for c in commands)
    assert commands.count("vzcli verify --data brief.json --source article.txt") == 1
    brief = json.loads(BRIEF.read_text(encoding="utf-8"))
    records = sum(len(brief[c]) for c in _COLLECTIONS)
    assert sum(c.startswith("vzcli add ") for c in commands) == records - 1


def test_doc_shows_what_wire_copy_needs() -> None:
    """The walkthrough shows what makes wire copy hard: relative days read from the
    publication day, an announcement read ahead, a scheduled event, relayed words."""
    commands = [s.target for s in steps() if s.kind == "run"]
    joined = "\n".join(commands)
    assert "--published 2031-03-12" in commands[0]
    assert '--dateline "OSTRAVIK, March 12"' in commands[0]
    assert '--date-text "on Monday"' in joined
    assert '--date-text "on March 20" --ahead' in joined
    assert "--status scheduled" in joined
    assert "--via nna" in joined
    assert "--kind figure" in joined


def test_no_json_is_edited_by_hand() -> None:
    """The doc asks for no edit of JSON: no walkthrough comment but the article's, no
    ```json block (JSON shows only as a command's output), and no command but vzcli's
    writes a file other than /dev/null."""
    text = doc_text()
    assert re.findall(r"<!-- walkthrough: ([^\n]*?) -->", text) == ["article.txt"]
    assert not re.search(r"^```json", text, flags=re.M)
    for step in steps():
        if step.kind == "run":
            targets = re.findall(r"(?<![0-9&])>>?\s*([^\s;|]+)", step.target)
            assert all(t == "/dev/null" for t in targets), step.target
            assert not re.search(r"\b(tee|sed|jq|python3?|cp|mv)\b", step.target), step.target


def test_doc_shows_the_fixture_article() -> None:
    """The article printed in the doc is the fixture article, character for character."""
    shown = [s.body for s in steps() if s.kind == "article"]
    assert shown == [ARTICLE.read_text(encoding="utf-8")]


def test_fixture_article_is_wire_copy() -> None:
    """The fixture article has what the walkthrough is about: a dateline without a
    year, a sign-off, relative weekdays and quantities in words."""
    text = ARTICLE.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    assert re.match(r"[A-Z]+, [A-Z][a-z]+ [0-9]{1,2} \([A-Z]+\) \u2013 ", paragraphs[1])
    assert not re.search(r"\b(19|20)[0-9]{2}\b", text)
    assert paragraphs[-1].startswith("(Reporting by ")
    assert "on Monday" in text
    assert "on Tuesday" in text
    assert "less than an hour" in text
    assert ",” Vantis said" in text
    assert 1500 <= len(text) <= 2500


def test_commands_use_only_the_readers_folder() -> None:
    """The doc's commands name no path outside the reader's folder (but /dev/null)."""
    for step in steps():
        if step.kind == "run":
            command = step.target.replace("/dev/null", "")
            assert "../" not in command, step.target
            assert "tests/" not in command, step.target
            assert "fixtures" not in command, step.target
            assert not re.search(r"(^|\s)/", command), step.target


@pytest.mark.installed
def test_walkthrough(tmp_path: Path) -> None:
    """Following the doc step by step prints what it shows and builds the fixture brief,
    byte for byte, which then passes every check."""
    need_vzcli()
    for step, output in follow(tmp_path, steps()):
        assert output == step.body, f"the output of `{step.target}` differs from the doc"
    built = (tmp_path / "brief.json").read_text(encoding="utf-8")
    assert json.loads(built) == json.loads(BRIEF.read_text(encoding="utf-8"))
    assert built == BRIEF.read_text(encoding="utf-8")
    final = shell("vzcli verify --data brief.json --source article.txt; echo $?", tmp_path)
    assert final.endswith("\n0\n"), final
    assert "sentence coverage: 15 of 15 sentences" in final


@pytest.mark.installed
def test_fixture_brief_verifies() -> None:
    """The fixture brief passes every check against the fixture article, read in place."""
    need_vzcli()
    paths = f"--data {shlex.quote(str(BRIEF))} --source {shlex.quote(str(ARTICLE))}"
    out = shell(f"vzcli verify {paths}; echo $?", ROOT)
    lines = out.splitlines()
    assert lines[-1] == "0", out
    assert all(line.startswith("ok    ") for line in lines[:-1]), out
    assert "sentence coverage: 15 of 15 sentences" in out


@pytest.mark.installed
def test_a_changed_output_fails(tmp_path: Path) -> None:
    """An edited output line or a removed step makes the walkthrough differ from the doc."""
    need_vzcli()
    text = doc_text()
    edited = text.replace("sentence coverage: 15 of 15", "sentence coverage: 14 of 15", 1)
    assert edited != text
    printed = follow(tmp_path / "edited", steps(edited))
    assert any(out != step.body for step, out in printed)
    walk = steps()
    first_add = next(i for i, s in enumerate(walk) if s.target.startswith("vzcli add "))
    printed = follow(tmp_path / "removed", walk[:first_add] + walk[first_add + 1 :])
    assert any(out != step.body for step, out in printed)


def test_commands_go_on_over_lines() -> None:
    """A command whose line ends in ` \\` goes on on the next; its output follows it."""
    block = "```console\n$ vzcli add actor \\\n  --id x \\\n  --at y\nout 1\nout 2\n$ ls\na\n```\n"
    assert steps(block) == [
        Step("run", "vzcli add actor \\\n  --id x \\\n  --at y", "out 1\nout 2\n"),
        Step("run", "ls", "a\n"),
    ]


def test_a_json_edit_step_is_refused() -> None:
    """A JSON-edit step of the old kind is an error, not a silently skipped block."""
    block = '<!-- walkthrough: append to actors -->\n```json\n{"id": "x"}\n```\n'
    with pytest.raises(ValueError, match="append to actors"):
        steps(block)
