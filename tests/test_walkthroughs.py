"""docs/authoring.md and docs/wire-report.md are real: their commands, run in order,
print what they show and build the fixture briefs, and only vzcli ever writes a brief.

See tests/walkthrough.py for how a walkthrough is read.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from reader import BIN, shell
from walkthrough import COLLECTIONS, ROOT, WALKTHROUGHS, WIRE, Step, Walkthrough, steps

each = pytest.mark.parametrize("walk", list(WALKTHROUGHS.values()), ids=list(WALKTHROUGHS))


def need_vzcli() -> None:
    """Skip the calling test when the vzcli console script is not installed."""
    if shutil.which("vzcli", path=str(BIN)) is None:
        pytest.skip(f"the vzcli console script is not installed in {BIN}")


@each
def test_walkthrough_has_steps(walk: Walkthrough) -> None:
    """The doc has every step of the walkthrough (so the others are not vacuous): one
    `vzcli add` per record of the fixture brief but the author, whom init writes."""
    found = walk.steps()
    kinds = [s.kind for s in found]
    assert len(found) >= walk.min_steps, f"{len(found)} steps, expected {walk.min_steps}"
    assert kinds.count("article") == 1
    commands = [s.target for s in found if s.kind == "run"]
    assert commands[0].startswith("vzcli init article.txt")
    assert any("--todo" in c for c in commands)
    assert any(c.startswith("vzcli date ") for c in commands)
    assert any(c.startswith("vzcli edit ") for c in commands)
    assert commands.count("vzcli verify --data brief.json --source article.txt") == 1
    brief = json.loads(walk.brief.read_text(encoding="utf-8"))
    records = sum(len(brief[c]) for c in COLLECTIONS)
    assert sum(c.startswith("vzcli add ") for c in commands) == records - 1


@each
def test_no_json_is_edited_by_hand(walk: Walkthrough) -> None:
    """The doc asks for no edit of JSON: no walkthrough comment but the article's, no
    ```json block (JSON shows only as a command's output), and no command but vzcli's
    writes a file other than /dev/null."""
    text = walk.text()
    assert re.findall(r"<!-- walkthrough: ([^\n]*?) -->", text) == ["article.txt"]
    assert not re.search(r"^```json", text, flags=re.M)
    for step in walk.steps():
        if step.kind == "run":
            targets = re.findall(r"(?<![0-9&])>>?\s*([^\s;|]+)", step.target)
            assert all(t == "/dev/null" for t in targets), step.target
            assert not re.search(r"\b(tee|sed|jq|python3?|cp|mv)\b", step.target), step.target


@each
def test_doc_shows_the_fixture_article(walk: Walkthrough) -> None:
    """The article printed in the doc is the fixture article, character for character."""
    shown = [s.body for s in walk.steps() if s.kind == "article"]
    assert shown == [walk.article.read_text(encoding="utf-8")]


@each
def test_commands_use_only_the_readers_folder(walk: Walkthrough) -> None:
    """The doc's commands name no path outside the reader's folder (but /dev/null)."""
    for step in walk.steps():
        if step.kind == "run":
            command = step.target.replace("/dev/null", "")
            assert "../" not in command, step.target
            assert "tests/" not in command, step.target
            assert "fixtures" not in command, step.target
            assert not re.search(r"(^|\s)/", command), step.target


@pytest.mark.installed
@each
def test_walkthrough(walk: Walkthrough, tmp_path: Path) -> None:
    """Following the doc step by step prints what it shows and builds the fixture brief,
    byte for byte, which then passes every check."""
    need_vzcli()
    for step, output in walk.follow(tmp_path, walk.steps()):
        assert output == step.body, f"the output of `{step.target}` differs from the doc"
    built = (tmp_path / "brief.json").read_text(encoding="utf-8")
    assert json.loads(built) == json.loads(walk.brief.read_text(encoding="utf-8"))
    assert built == walk.brief.read_text(encoding="utf-8")
    final = shell("vzcli verify --data brief.json --source article.txt; echo $?", tmp_path)
    assert final.endswith("\n0\n"), final
    n = walk.sentences
    assert f"sentence coverage: {n} of {n} sentences" in final


@pytest.mark.installed
@each
def test_fixture_brief_verifies(walk: Walkthrough) -> None:
    """The fixture brief passes every check against the fixture article, read in place."""
    need_vzcli()
    paths = f"--data {shlex.quote(str(walk.brief))} --source {shlex.quote(str(walk.article))}"
    out = shell(f"vzcli verify {paths}; echo $?", ROOT)
    lines = out.splitlines()
    assert lines[-1] == "0", out
    assert len(lines) == 15, out
    assert all(line.startswith("ok    ") for line in lines[:-1]), out


@pytest.mark.installed
@each
def test_a_changed_output_fails(walk: Walkthrough, tmp_path: Path) -> None:
    """An edited output line or a removed step makes the walkthrough differ from the doc."""
    need_vzcli()
    text = walk.text()
    n = walk.sentences
    edited = text.replace(f"sentence coverage: {n} of {n}", f"sentence coverage: {n - 1} of {n}", 1)
    assert edited != text
    printed = walk.follow(tmp_path / "edited", walk.steps(edited))
    assert any(out != step.body for step, out in printed)
    found = walk.steps()
    first_add = next(i for i, s in enumerate(found) if s.target.startswith("vzcli add "))
    printed = walk.follow(tmp_path / "removed", found[:first_add] + found[first_add + 1 :])
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


# --- the wire report's own ------------------------------------------------------


def test_the_wire_report_shows_what_wire_copy_needs() -> None:
    """The walkthrough shows what makes wire copy hard: relative days read from the
    publication day, an announcement read ahead, a scheduled event, relayed words."""
    commands = [s.target for s in WIRE.steps() if s.kind == "run"]
    joined = "\n".join(commands)
    assert "--published 2031-03-12" in commands[0]
    assert '--dateline "OSTRAVIK, March 12"' in commands[0]
    assert '--date-text "on Monday"' in joined
    assert '--date-text "on March 20" --ahead' in joined
    assert "--status scheduled" in joined
    assert "--via nna" in joined
    assert "--kind figure" in joined


def test_the_wire_article_is_wire_copy() -> None:
    """The fixture article has what the walkthrough is about: a dateline without a
    year, a sign-off, relative weekdays and quantities in words."""
    text = WIRE.article.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    assert re.match(r"[A-Z]+, [A-Z][a-z]+ [0-9]{1,2} \([A-Z]+\) \u2013 ", paragraphs[1])
    assert not re.search(r"\b(19|20)[0-9]{2}\b", text)
    assert paragraphs[-1].startswith("(Reporting by ")
    assert "on Monday" in text
    assert "on Tuesday" in text
    assert "less than an hour" in text
    assert ",\u201d Vantis said" in text
    assert 1500 <= len(text) <= 2500
