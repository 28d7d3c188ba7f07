"""docs/authoring.md is real: following it step by step builds the fixture brief.

The walkthrough is a sequence of steps in document order:

- a ```console block: each `$ ` line is a command, run with bash from the
  reader's folder, and the lines after it are its exact output;
- a ```json block right after `<!-- walkthrough: append to COLLECTION -->`:
  the object (or each object of the array) is appended to that collection
  of brief.json;
- a ```json block right after `<!-- walkthrough: set PATH -->`: the value
  replaces what PATH names in brief.json (keys and list indices joined
  with dots, e.g. `actors.0`);
- a ```text block right after `<!-- walkthrough: article.txt -->`: the text
  of article.txt, which must be the fixture article.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reader import BIN, shell

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "authoring.md"
FIXTURES = ROOT / "tests" / "fixtures"
ARTICLE = FIXTURES / "harbour-article.txt"
BRIEF = FIXTURES / "harbour-brief.json"

MIN_STEPS = 28
"""The walkthrough's current number of steps: removing any one of them fails."""

_STEP = re.compile(
    r"<!-- walkthrough: (?P<op>[^\n]*?) -->\n+```(?P<lang>[a-z]+)\n(?P<body>.*?)^```"
    r"|^```console\n(?P<console>.*?)^```",
    flags=re.S | re.M,
)
_APPEND = re.compile(r"append to ([a-z_]+)")
_SET = re.compile(r"set ([A-Za-z0-9_$]+(?:\.[A-Za-z0-9_$]+)*)")


@dataclass(frozen=True)
class Step:
    """One step of the walkthrough: a command and its output, or a JSON edit."""

    kind: str
    """``run``, ``append``, ``set`` or ``article``"""
    target: str
    """the command, the collection, the path, or ``article.txt``"""
    body: str
    """the expected output, the JSON text, or the article's text"""


def doc_text() -> str:
    """docs/authoring.md, with CRLF line ends normalised."""
    return DOC.read_text(encoding="utf-8").replace("\r\n", "\n")


def steps(text: str | None = None) -> list[Step]:
    """Every step of the walkthrough, in document order."""
    found: list[Step] = []
    for m in _STEP.finditer(doc_text() if text is None else text):
        if m["console"] is not None:
            for chunk in re.split(r"^\$ ", m["console"], flags=re.M)[1:]:
                command, _, output = chunk.partition("\n")
                found.append(Step("run", command, output))
            continue
        op, lang, body = m["op"], m["lang"], m["body"]
        if (a := _APPEND.fullmatch(op)) and lang == "json":
            found.append(Step("append", a[1], body))
        elif (s := _SET.fullmatch(op)) and lang == "json":
            found.append(Step("set", s[1], body))
        elif op == "article.txt" and lang == "text":
            found.append(Step("article", op, body))
        else:
            raise ValueError(f"unknown walkthrough step {op!r} on a {lang} block")
    return found


def apply(step: Step, brief_path: Path) -> None:
    """Apply an ``append`` or ``set`` step to the brief at ``brief_path``."""
    brief = json.loads(brief_path.read_text(encoding="utf-8"))
    value = json.loads(step.body)
    if step.kind == "append":
        brief[step.target].extend(value if isinstance(value, list) else [value])
    else:
        keys: list[Any] = [int(k) if k.isdigit() else k for k in step.target.split(".")]
        holder = brief
        for key in keys[:-1]:
            holder = holder[key]
        holder[keys[-1]] = value
    brief_path.write_text(json.dumps(brief, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def follow(folder: Path, walk: list[Step]) -> list[tuple[Step, str]]:
    """Follow ``walk`` in ``folder``; each run step with the output it really printed."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ARTICLE, folder / "article.txt")
    printed = []
    for step in walk:
        if step.kind == "run":
            printed.append((step, shell(step.target, folder)))
        elif step.kind in ("append", "set"):
            apply(step, folder / "brief.json")
    return printed


def need_vzcli() -> None:
    """Skip the calling test when the vzcli console script is not installed."""
    if shutil.which("vzcli", path=str(BIN)) is None:
        pytest.skip(f"the vzcli console script is not installed in {BIN}")


def test_walkthrough_has_steps() -> None:
    """The doc has every step of the walkthrough, of each kind (so the others are not vacuous)."""
    walk = steps()
    kinds = [s.kind for s in walk]
    assert len(walk) >= MIN_STEPS, f"{len(walk)} steps, expected at least {MIN_STEPS}"
    assert kinds.count("run") >= 15
    assert kinds.count("append") >= 10
    assert kinds.count("set") >= 1
    assert kinds.count("article") == 1
    commands = [s.target for s in walk if s.kind == "run"]
    assert commands[0].startswith("vzcli init article.txt")
    assert any("--todo" in c for c in commands)
    assert commands.count("vzcli verify --data brief.json --source article.txt") == 1


def test_every_json_block_is_a_step() -> None:
    """Every ```json block of the doc carries a walkthrough comment, so none is skipped."""
    blocks = len(re.findall(r"^```json\n", doc_text(), flags=re.M))
    assert blocks == sum(1 for s in steps() if s.kind in ("append", "set"))


def test_doc_shows_the_fixture_article() -> None:
    """The article printed in the doc is the fixture article, character for character."""
    shown = [s.body for s in steps() if s.kind == "article"]
    assert shown == [ARTICLE.read_text(encoding="utf-8")]


def test_commands_use_only_the_readers_folder() -> None:
    """The doc's commands name no path outside the reader's folder."""
    for step in steps():
        if step.kind == "run":
            assert "../" not in step.target, step.target
            assert "tests/" not in step.target, step.target
            assert "fixtures" not in step.target, step.target
            assert not re.search(r"(^|\s)/", step.target), step.target


def test_walkthrough(tmp_path: Path) -> None:
    """Following the doc step by step prints what it shows and builds the fixture brief."""
    need_vzcli()
    for step, output in follow(tmp_path, steps()):
        assert output == step.body, f"the output of `{step.target}` differs from the doc"
    built = json.loads((tmp_path / "brief.json").read_text(encoding="utf-8"))
    assert built == json.loads(BRIEF.read_text(encoding="utf-8"))
    final = shell("vzcli verify --data brief.json --source article.txt; echo $?", tmp_path)
    assert final.endswith("\n0\n"), final
    assert "sentence coverage: 18 of 18 sentences" in final


def test_fixture_brief_verifies() -> None:
    """The fixture brief passes every check against the fixture article, read in place."""
    need_vzcli()
    paths = f"--data {shlex.quote(str(BRIEF))} --source {shlex.quote(str(ARTICLE))}"
    out = shell(f"vzcli verify {paths}; echo $?", ROOT)
    lines = out.splitlines()
    assert lines[-1] == "0", out
    assert len(lines) == 15, out
    assert all(line.startswith("ok    ") for line in lines[:-1]), out
    assert "sentence coverage: 18 of 18 sentences (2 excluded with a reason)" in out


def test_a_changed_output_fails(tmp_path: Path) -> None:
    """An edited output line or a removed step makes the walkthrough differ from the doc."""
    need_vzcli()
    text = doc_text()
    edited = text.replace("sentence coverage: 18 of 18", "sentence coverage: 17 of 18", 1)
    assert edited != text
    printed = follow(tmp_path / "edited", steps(edited))
    assert any(out != step.body for step, out in printed)
    walk = steps()
    first_append = next(i for i, s in enumerate(walk) if s.kind == "append")
    printed = follow(tmp_path / "removed", walk[:first_append] + walk[first_append + 1 :])
    assert any(out != step.body for step, out in printed)
