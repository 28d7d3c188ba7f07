"""The worked examples of docs/ (authoring.md, wire-report.md) as steps a test follows.

A walkthrough is a sequence of steps in document order:

- a ```console block: each `$ ` line is a command, run with bash from the
  reader's folder (a line ending in ` \\` goes on on the next line, as in a
  shell), and the lines after it are its exact output, stdout and stderr as
  a terminal interleaves them;
- a ```text block right after `<!-- walkthrough: article.txt -->`: the text
  of article.txt, which must be the fixture article.

There is no other kind of step: the brief is never edited by hand.  A
`<!-- walkthrough: … -->` comment of any other kind (the JSON edits of old,
`append to …` and `set …`) is an error, and so is a ```json block.

After a change to vzcli that alters an output on purpose, rewrite a
walkthrough's shown outputs and its fixture brief, then read the diff:

    python scripts/regen_walkthrough.py docs/wire-report.md
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from reader import shell

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

_STEP = re.compile(
    r"<!-- walkthrough: (?P<op>[^\n]*?) -->\n+```(?P<lang>[a-z]+)\n(?P<body>.*?)^```"
    r"|^```console\n(?P<console>.*?)^```",
    flags=re.S | re.M,
)
WRITERS = re.compile(r"vzcli (init|add|edit|remove|reanchor)\b")
"""The commands that may write brief.json."""
COLLECTIONS = ("actors", "events", "quotes", "positions", "claims", "stats", "links", "excluded")


@dataclass(frozen=True)
class Step:
    """One step of a walkthrough: a command and its output, or the article shown."""

    kind: str
    """``run`` or ``article``"""
    target: str
    """the command, or ``article.txt``"""
    body: str
    """the expected output, or the article's text"""


@dataclass(frozen=True)
class Walkthrough:
    """A document, the article it briefs and the brief its commands build."""

    doc: Path
    article: Path
    brief: Path
    min_steps: int
    """Its current number of steps: removing any one of them fails."""
    sentences: int
    """How many sentences the article has: the finished brief covers them all."""

    def text(self) -> str:
        """The document, with CRLF line ends normalised."""
        return self.doc.read_text(encoding="utf-8").replace("\r\n", "\n")

    def steps(self, text: str | None = None) -> list[Step]:
        """Every step, in document order."""
        return steps(self.text() if text is None else text)

    def follow(self, folder: Path, walk: list[Step]) -> list[tuple[Step, str]]:
        """Follow ``walk`` in ``folder``; each run step with the output it really printed.

        Fails at once if a command other than vzcli's writing commands changes
        brief.json: the brief is only ever written by vzcli."""
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.article, folder / "article.txt")
        brief = folder / "brief.json"
        printed = []
        for step in walk:
            if step.kind != "run":
                continue
            before = brief.read_bytes() if brief.exists() else None
            printed.append((step, shell(step.target, folder)))
            after = brief.read_bytes() if brief.exists() else None
            if after != before:
                assert WRITERS.match(step.target), f"`{step.target}` wrote brief.json"
        return printed


AUTHORING = Walkthrough(
    ROOT / "docs" / "authoring.md",
    FIXTURES / "harbour-article.txt",
    FIXTURES / "harbour-brief.json",
    min_steps=51,
    sentences=18,
)
WIRE = Walkthrough(
    ROOT / "docs" / "wire-report.md",
    FIXTURES / "wire-article.txt",
    FIXTURES / "wire-brief.json",
    min_steps=53,
    sentences=15,
)
WALKTHROUGHS = {"authoring": AUTHORING, "wire-report": WIRE}


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


def steps(text: str) -> list[Step]:
    """Every step of a walkthrough's text, in document order."""
    found: list[Step] = []
    for m in _STEP.finditer(text):
        if m["console"] is not None:
            found.extend(_commands(m["console"]))
        elif m["op"] == "article.txt" and m["lang"] == "text":
            found.append(Step("article", m["op"], m["body"]))
        else:
            raise ValueError(f"unknown walkthrough step {m['op']!r} on a {m['lang']} block")
    return found
