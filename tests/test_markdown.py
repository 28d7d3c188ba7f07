"""Markdown that cannot be hijacked: brief text renders as exactly that text.

Rendered with markdown-it-py as GitHub would (tables, strikethrough, bare-URL
and e-mail autolinks, and $math$, which GitHub draws), the text of a hostile
brief may add no element: no emphasis, link, image, HTML, code, strike-through
or math.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from typer.testing import CliRunner

from vzcli.cli import app
from vzcli.report import mermaid_text

runner = CliRunner()

HOSTILE = [
    "*emphasis* and __strong__",
    "<img src=x onerror=alert(1)> and <b>bold</b>",
    "[a link](http://evil.com) and ![an image](x.png)",
    "`code` and ~~struck~~",
    "http://evil.com/path and www.evil.com and evil@evil.com and bare.com",
    "$x^2$ and &amp; and &#42;",
    "a | pipe, a \\ backslash, # not a heading",
    "- not a list, 1. not either, > not a quote",
    "1. not a list",
    "> not a quote",
]
FORBIDDEN = {
    "em_open",
    "strong_open",
    "link_open",
    "image",
    "html_inline",
    "html_block",
    "code_inline",
    "s_open",
    "math_inline",
    "math_block",
}


def github() -> MarkdownIt:
    """A GitHub-like renderer: GFM tables and strikethrough, linkify, math."""
    md = MarkdownIt("gfm-like", {"linkify": True})
    md.use(dollarmath_plugin)
    return md


def inline_tokens(markdown: str) -> list[Token]:
    out: list[Token] = []
    for token in github().parse(markdown):
        out += [token, *(token.children or [])]
    return out


def text_of(markdown: str) -> str:
    """All the text the rendered page shows, joined."""
    return "".join(t.content for t in inline_tokens(markdown) if t.type in ("text", "softbreak"))


def hostile_brief(brief_dict: dict[str, Any], n: int) -> dict[str, Any]:
    """The bundled brief with hostile text in quotes, titles, names and claims."""
    for i, q in enumerate(brief_dict["quotes"]):
        q["text"] = HOSTILE[(i + n) % len(HOSTILE)]
    for i, e in enumerate(brief_dict["events"]):
        e["title"] = HOSTILE[(i + n + 1) % len(HOSTILE)]
    for i, c in enumerate(brief_dict["claims"]):
        c["text"] = HOSTILE[(i + n + 2) % len(HOSTILE)]
    brief_dict["positions"][0]["summary"] = HOSTILE[n]
    brief_dict["stats"][0]["metric"] = HOSTILE[(n + 3) % len(HOSTILE)]
    return brief_dict


@pytest.mark.parametrize("command", ["quotes", "events", "claims", "stats"])
def test_markdown_format_adds_no_element(
    command: str, write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """Hostile text in --format markdown renders as itself and adds no element."""
    path = write_brief(hostile_brief(brief_dict, 0))
    result = runner.invoke(app, [command, "--data", str(path), "-f", "markdown"])
    assert result.exit_code == 0, result.output
    types = {t.type for t in inline_tokens(result.stdout)}
    assert not types & FORBIDDEN, types & FORBIDDEN
    shown = text_of(result.stdout)
    rows = json.loads(runner.invoke(app, [command, "--data", str(path), "-f", "json"]).stdout)
    texts = {"quotes": "text", "events": "title", "claims": "text", "stats": "metric"}[command]
    for row in rows:
        assert row[texts] in shown


@pytest.mark.parametrize("n", range(3))
def test_report_adds_no_element(n: int, write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """The report of a hostile brief has exactly the elements of the plain one."""
    plain = runner.invoke(app, ["report", "--data", str(write_brief(brief_dict, "plain.json"))])
    hostile = runner.invoke(
        app, ["report", "--data", str(write_brief(hostile_brief(brief_dict, n), "hostile.json"))]
    )
    assert hostile.exit_code == 0, hostile.output

    def elements(markdown: str) -> Counter[str]:
        return Counter(t.type for t in inline_tokens(markdown) if t.type not in ("text",))

    assert elements(hostile.stdout) == elements(plain.stdout)
    shown = text_of(hostile.stdout)
    for text in HOSTILE:
        assert text in shown


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("a & b", "a #38; b"),
        ("<x>", "#60;x#62;"),
        ('say "hi"', "say #quot;hi#quot;"),
        ("a: b; c # d", "a#58; b#59; c #35; d"),
    ],
)
def test_mermaid_labels_encode_their_specials(text: str, encoded: str) -> None:
    """Mermaid's separators and HTML's specials become Mermaid entity codes."""
    assert mermaid_text(text) == encoded


def test_report_tables_pass_markdownlint_style(tmp_path: Path) -> None:
    """Divider rows are spaced like the header rows (markdownlint MD060)."""
    report = runner.invoke(app, ["report"]).stdout
    for line in report.splitlines():
        if line.startswith("| ---"):
            assert set(line) <= {"|", " ", "-"}
            assert "|---" not in line
