"""The report's Mermaid blocks, rendered by the real mermaid library in headless Chromium.

GitHub draws ```mermaid blocks with mermaid in a browser; a block that mermaid cannot
parse shows up there as an error box, and a chart can mislead without any error at all.
These tests run the same library (pinned in tests/browser/package-lock.json) in Debian's
Chromium through tests/browser/render.mjs, and look at the SVG it draws.

They need node, /usr/bin/chromium and tests/browser/node_modules: run
tests/browser/setup.sh (idempotent; .ci/run calls it). Without them every test here
skips, saying so. Chromium is launched once for the whole module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BROWSER_DIR = ROOT / "tests" / "browser"
RENDER_SCRIPT = BROWSER_DIR / "render.mjs"
CHROMIUM = Path("/usr/bin/chromium")
SETUP = "run tests/browser/setup.sh to install it"
BIN = Path(sys.executable).parent

# The reports whose every Mermaid block must render: `vzcli report` plus these arguments.
REPORTS: dict[str, tuple[str, ...]] = {
    "vzcli report": (),
    "vzcli report --actor Russia": ("--actor", "Russia"),
    "vzcli report --since 2019-05": ("--since", "2019-05"),
}

MERMAID_BLOCK = re.compile(r"^```mermaid[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
TABLE_RULE = re.compile(r"\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*")  # |---|:--:|

# Hand-written charts that prove y_axis_starts_at_zero both ways.
CHART_FROM_ZERO = """xychart-beta
    title "Venezuelan oil output"
    x-axis ["2019-01", "2019-04"]
    y-axis "v" 0 --> 1300000
    bar [1200000, 476000]
"""
CHART_AUTO_RANGE = """xychart-beta
    title "Venezuelan oil output"
    x-axis ["2019-01", "2019-04"]
    y-axis "v"
    bar [1200000, 476000]
"""
HORIZONTAL_FROM_ZERO = CHART_FROM_ZERO.replace("xychart-beta", "xychart-beta horizontal")
HORIZONTAL_AUTO_RANGE = CHART_AUTO_RANGE.replace("xychart-beta", "xychart-beta horizontal")
BROKEN = 'xychart-beta\n    x-axis ["a", "b"]\n    bar [1, oops]\n'
SAMPLES = {
    "from zero": CHART_FROM_ZERO,
    "auto range": CHART_AUTO_RANGE,
    "horizontal from zero": HORIZONTAL_FROM_ZERO,
    "horizontal auto range": HORIZONTAL_AUTO_RANGE,
    "broken": BROKEN,
}


# --- the harness ---------------------------------------------------------------------


def browser_missing() -> str | None:
    """Why the browser harness cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return f"node is not on PATH: {SETUP}"
    if not CHROMIUM.exists():
        return f"Chromium is not at {CHROMIUM}: {SETUP}"
    for package in ("mermaid", "puppeteer-core"):
        if not (BROWSER_DIR / "node_modules" / package / "package.json").exists():
            return f"tests/browser/node_modules/{package} is missing: {SETUP}"
    return None


def render_mermaid(sources: list[str]) -> list[dict[str, Any]]:
    """Render each Mermaid source in one headless Chromium; one result dict per source.

    See tests/browser/render.mjs for the keys. A diagram mermaid rejects comes back
    with ok False and mermaid's message in error; only a broken harness fails here.
    """
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    node = shutil.which("node")
    assert node is not None
    proc = subprocess.run(
        [node, str(RENDER_SCRIPT)],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"render.mjs exited {proc.returncode}: {proc.stderr.strip()}")
    results: list[dict[str, Any]] = json.loads(proc.stdout)
    assert len(results) == len(sources), proc.stderr
    return results


def as_number(label: str) -> float | None:
    """A tick label as a number ('1200000', '1,200,000', '-5', '0.5'), else None."""
    text = label.replace(",", "").replace("\u2212", "-").replace("\u00a0", "").strip()
    try:
        return float(text)
    except ValueError:
        return None


def y_axis_starts_at_zero(result: dict[str, Any]) -> bool:
    """Whether a rendered xychart's value axis starts at 0, so bar lengths compare honestly.

    True when the value-axis ticks are all numbers, rise from the origin outwards, the
    first one is 0, and that 0 is drawn at the plot's baseline (mermaid leaves a few
    pixels of padding there, so within a tenth of the plot's extent).
    """
    values = [as_number(t) for t in result.get("y_ticks") or []]
    if not values or None in values or values != sorted(values) or values[0] != 0:
        return False
    plot, coords = result.get("plot"), result.get("y_tick_coords")
    if plot and coords:
        if result.get("orientation") == "horizontal":
            extent, offset = plot["right"] - plot["left"], coords[0] - plot["left"]
        else:
            extent, offset = plot["bottom"] - plot["top"], plot["bottom"] - coords[0]
        return bool(extent > 0 and 0 <= offset <= extent / 10)
    return True


# --- reading the report ----------------------------------------------------------------


def mermaid_blocks(markdown: str) -> list[str]:
    """The sources of every ```mermaid fenced block, in order."""
    return MERMAID_BLOCK.findall(markdown)


def markdown_tables(markdown: str) -> list[list[dict[str, str]]]:
    """Every pipe table as a list of rows keyed by the (lower-cased) header cells."""

    def cells(line: str) -> list[str]:
        inner = line.strip().removeprefix("|").removesuffix("|")
        # A cell's text as a reader sees it: Markdown's backslash escapes undone.
        return [MD_ESCAPE.sub(r"\1", c.strip()) for c in re.split(r"(?<!\\)\|", inner)]

    tables: list[list[dict[str, str]]] = []
    lines = markdown.splitlines()
    i = 0
    while i + 1 < len(lines):
        if lines[i].lstrip().startswith("|") and TABLE_RULE.fullmatch(lines[i + 1]):
            header = [h.lower() for h in cells(lines[i])]
            rows = []
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                rows.append(dict(zip(header, cells(lines[i]), strict=False)))
                i += 1
            tables.append(rows)
        else:
            i += 1
    return tables


def table_with(markdown: str, *columns: str) -> list[dict[str, str]] | None:
    """The first table whose header has all these columns."""
    for rows in markdown_tables(markdown):
        if rows and all(c in rows[0] for c in columns):
            return rows
    return None


def norm(text: str) -> str:
    return " ".join(text.split())


# --- fixtures: vzcli run four times, Chromium launched once ----------------------------

HOSTILE_TITLES = ['a: b; c # d & <e> "q"', "*not* [a link](http://x.com) <b>x</b>"]


def hostile_brief() -> str:
    """The bundled brief with Mermaid and Markdown specials in two dated events' titles."""
    from vzcli.brief import read_bytes

    data = json.loads(read_bytes(None)[1])
    dated = [e for e in data["events"] if e.get("date")]
    for event, title in zip(dated, HOSTILE_TITLES, strict=False):
        event["title"] = title
    return json.dumps(data, ensure_ascii=False)


@dataclass(frozen=True, repr=False)
class Block:
    report: str
    index: int
    source: str
    result: dict[str, Any]

    @property
    def kind(self) -> str:
        """The diagram type: the first word after any %%{init}%% directive."""
        body = [line for line in self.source.splitlines() if not line.lstrip().startswith("%%")]
        words = "\n".join(body).split(maxsplit=1)
        return words[0] if words else ""

    def __repr__(self) -> str:
        return f"{self.report}, mermaid block {self.index + 1} ({self.kind})"


@dataclass(frozen=True, repr=False)
class Rendered:
    reports: dict[str, str]
    blocks: list[Block]
    samples: dict[str, dict[str, Any]]

    def of_kind(self, prefix: str) -> list[Block]:
        return [b for b in self.blocks if b.kind.startswith(prefix)]

    def __repr__(self) -> str:
        return f"<{len(self.blocks)} report blocks and {len(self.samples)} samples rendered>"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """Every Mermaid block of the three reports and the samples, in one node invocation."""
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    vzcli = shutil.which("vzcli", path=str(BIN))
    if vzcli is None:
        pytest.skip(f"the vzcli console script is not installed next to {sys.executable}")
    env = {k: v for k, v in os.environ.items() if k != "VZCLI_DATA"}
    reports = {}
    hostile = tmp_path_factory.mktemp("briefs") / "hostile.json"
    hostile.write_text(hostile_brief(), encoding="utf-8")
    for name, args in {
        **REPORTS,
        "vzcli report (hostile titles)": ("--data", str(hostile)),
    }.items():
        proc = subprocess.run(
            [vzcli, "report", *args], capture_output=True, text=True, env=env, check=False
        )
        assert proc.returncode == 0, f"{name} failed: {proc.stderr}"
        reports[name] = proc.stdout
    found = [
        (name, i, src) for name, md in reports.items() for i, src in enumerate(mermaid_blocks(md))
    ]
    results = render_mermaid([src for _, _, src in found] + list(SAMPLES.values()))
    blocks = [Block(n, i, s, r) for (n, i, s), r in zip(found, results, strict=False)]
    samples = dict(zip(SAMPLES, results[len(found) :], strict=True))
    return Rendered(reports, blocks, samples)


# --- (a) everything renders -------------------------------------------------------------


def test_reports_have_mermaid_blocks(rendered: Rendered) -> None:
    """The full report draws a time axis and a chart: there is something to render."""
    kinds = {b.kind for b in rendered.blocks if b.report == "vzcli report"}
    assert "gantt" in kinds
    assert any(k.startswith("xychart") for k in kinds)


def test_every_block_parses_and_renders(rendered: Rendered) -> None:
    """mermaid.parse and mermaid.render accept every block and draw an SVG with a size."""
    bad = [
        f"{b}: {b.result.get('error') or 'empty SVG'}\n{b.source}"
        for b in rendered.blocks
        if not (b.result["ok"] and b.result["width"] > 0 and b.result["height"] > 0)
    ]
    assert not bad, "\n\n".join(bad)
    for b in rendered.blocks:
        assert b.result["svg"].lstrip().startswith("<svg"), b
        assert b.result["texts"], f"{b} drew no text"


def test_harness_reports_parse_errors_as_results(rendered: Rendered) -> None:
    """A block mermaid rejects is a result with ok False and mermaid's message, not a crash."""
    broken = rendered.samples["broken"]
    assert broken["ok"] is False
    assert "Parse error" in broken["error"]
    assert all(r["ok"] for name, r in rendered.samples.items() if name != "broken")


# --- (b) the drawn labels are the report's -----------------------------------------------


MERMAID_ENTITY = re.compile(r"#(\d+|quot);")


def unentity(text: str) -> str:
    """A Mermaid label as drawn: its entity codes (#58; #quot;) decoded."""
    return MERMAID_ENTITY.sub(lambda m: '"' if m[1] == "quot" else chr(int(m[1])), text)


def clean(cell: str) -> str:
    """A table cell as plain text: the inferred mark undone."""
    return norm(cell).removesuffix(" (inferred)")


def test_time_axis_draws_every_dated_event_in_order(rendered: Rendered) -> None:
    """Each dated event of a report's events table is a label on its drawn time axis, in
    the table's order (by the earliest day it may mean); undated ones are listed instead.

    This is where Mermaid escaping goes wrong: a ':' or '#' or ';' in a title that is
    not escaped splits the task or swallows text, and the drawing no longer says what
    the table says.
    """
    checked = 0
    for block in rendered.of_kind("gantt"):
        markdown = rendered.reports[block.report]
        rows = table_with(markdown, "date", "event")
        assert rows, f"{block}: no events table (date, event) in the report"
        drawn = [norm(t) for t in block.result["texts"]]
        dated = [norm(r["event"]) for r in rows if clean(r["date"]) != "undated"]
        undated = [norm(r["event"]) for r in rows if clean(r["date"]) == "undated"]
        places = []
        for event in dated:
            hits = [i for i, text in enumerate(drawn) if text.startswith(event + " ")]
            assert hits, f"{block}: event {event!r} of the table is not drawn; drawn: {drawn}"
            places.append(hits[0])
        # Each section lists its tasks in the table's order: by the earliest day each may
        # mean.  Every dated event is in one section.
        sections: list[list[int]] = []
        for line in block.source.splitlines():
            if line.strip().startswith("section "):
                sections.append([])
            elif re.search(r" :(milestone|active)\b", line):
                task = unentity(line.split(" :", 1)[0].strip())
                sections[-1].append(next(i for i, e in enumerate(dated) if task.startswith(e)))
        assert all(s == sorted(s) for s in sections), (block, sections)
        assert sorted(i for s in sections for i in s) == list(range(len(dated))), block
        for event in undated:
            assert not any(text.startswith(event + " ") for text in drawn), (block, event)
            assert event in norm(markdown.split("Not on the chart", 1)[1].split("\n", 1)[0])
        checked += 1
    assert checked, "no time axis was rendered"


def test_hostile_titles_are_drawn_as_written(rendered: Rendered) -> None:
    """Mermaid and Markdown specials in a title show literally on the time axis."""
    [block] = [b for b in rendered.of_kind("gantt") if "hostile" in b.report]
    drawn = [norm(t) for t in block.result["texts"]]
    for title in HOSTILE_TITLES:
        assert any(text.startswith(title + " ") for text in drawn), (title, drawn)


def test_time_axis_fits_a_page_column(rendered: Rendered) -> None:
    """The time axis is drawn no wider than a GitHub page column (about 880 px)."""
    for block in rendered.of_kind("gantt"):
        assert 0 < block.result["width"] <= 880, (block, block.result["width"])


def test_bar_chart_shows_the_figures_table(rendered: Rendered) -> None:
    """Each chart draws the periods of its metric's rows in the figures table as x labels."""
    charts = rendered.of_kind("xychart")
    if not charts:
        pytest.skip("no report has a chart")
    for block in charts:
        result = block.result
        rows = table_with(rendered.reports[block.report], "metric", "period")
        assert rows, f"{block}: no figures table (metric, period) in the report"
        title = norm(result.get("chart_title") or "")
        metrics = [m for m in {norm(r["metric"]) for r in rows} if m and m in title]
        assert metrics, f"{block}: chart title {title!r} names no metric of the figures table"
        metric = max(metrics, key=len)
        series = [r for r in rows if norm(r["metric"]) == metric]
        assert result["x_ticks"] == [clean(r["period"]) for r in series], block
        assert len(result["bars"]) == len(series), block
        units = {norm(r.get("unit", "")) for r in series} - {""}
        if units and result.get("y_title"):
            # Big values are drawn in thousands or millions, which the title says.
            assert any(result["y_title"].startswith(u) for u in units), block


# --- (c) the value axis starts at zero -------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("from zero", True),
        ("auto range", False),
        ("horizontal from zero", True),
        ("horizontal auto range", False),
    ],
)
def test_y_axis_starts_at_zero_helper(rendered: Rendered, sample: str, expected: bool) -> None:
    """The helper says True for `y-axis "v" 0 --> 1300000` and False for mermaid's auto range."""
    result = rendered.samples[sample]
    assert result["ok"], result["error"]
    assert y_axis_starts_at_zero(result) is expected, result.get("y_ticks")


def test_report_charts_start_at_zero(rendered: Rendered) -> None:
    """A bar chart whose axis starts above 0 draws the smaller bars far too short.

    With mermaid's automatic range the axis starts at the smallest value, so the
    smallest bar is only the few pixels of padding under the plot.
    """
    charts = rendered.of_kind("xychart")
    if not charts:
        pytest.skip("no report has a chart")
    wrong = [
        f"{b!r}: y ticks {b.result.get('y_ticks')}"
        for b in charts
        if not y_axis_starts_at_zero(b.result)
    ]
    assert not wrong, "\n".join(wrong)
