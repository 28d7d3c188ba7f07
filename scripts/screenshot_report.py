"""Screenshot the vzcli report as GitHub would show it: tables, styles and Mermaid charts.

    python scripts/screenshot_report.py [--out PNG] [--width PX] [--html FILE]
                                        [--markdown FILE | -- VZCLI REPORT ARGS...]

Runs `vzcli report` (with the arguments after `--`) or reads --markdown FILE, and
has tests/browser/screenshot.mjs render it in headless Chromium: GFM through
markdown-it, github-markdown-css, a column --width px wide (GitHub's is about 880-980)
and every ```mermaid block drawn by the mermaid library. Writes a full-page PNG.

Needs node, /usr/bin/chromium and tests/browser/node_modules: run tests/browser/setup.sh.

Examples:
    python scripts/screenshot_report.py --out /tmp/report.png
    python scripts/screenshot_report.py --out /tmp/russia.png -- --actor Russia --since 2019-05
    python scripts/screenshot_report.py --markdown brief.md --out brief.png
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROWSER_DIR = ROOT / "tests" / "browser"
SCREENSHOT = BROWSER_DIR / "screenshot.mjs"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
NODE_PACKAGES = ("mermaid", "puppeteer-core", "markdown-it", "github-markdown-css")


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the vzcli report arguments that follow a `--`."""
    ours, report_args = argv, []
    if "--" in argv:
        cut = argv.index("--")
        ours, report_args = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        usage="%(prog)s [--out PNG] [--width PX] [--html FILE] [--markdown FILE | -- ARGS...]",
    )
    parser.add_argument("--out", default="report.png", help="the PNG to write (report.png)")
    parser.add_argument("--markdown", type=Path, help="screenshot this file, not vzcli report")
    parser.add_argument("--width", type=int, default=980, help="article width in px (980)")
    parser.add_argument("--html", type=Path, help="also save the HTML page here")
    args = parser.parse_args(ours)
    if args.markdown and report_args:
        parser.error("give either --markdown FILE or vzcli report arguments after --, not both")
    return args, report_args


def missing() -> str | None:
    """What the browser harness lacks, or None."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not CHROMIUM.exists():
        return f"Chromium is not at {CHROMIUM}"
    for package in NODE_PACKAGES:
        if not (BROWSER_DIR / "node_modules" / package / "package.json").exists():
            return f"tests/browser/node_modules/{package} is missing"
    return None


def vzcli_report(args: list[str]) -> str:
    """The Markdown of `vzcli report ARGS`, from the console script beside this Python."""
    exe = shutil.which("vzcli", path=str(Path(sys.executable).parent)) or shutil.which("vzcli")
    command = [exe] if exe else [sys.executable, "-m", "vzcli"]
    proc = subprocess.run([*command, "report", *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"vzcli report {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc.stdout


def main(argv: list[str] | None = None) -> int:
    args, report_args = parse_args(sys.argv[1:] if argv is None else argv)
    reason = missing()
    if reason:
        print(f"screenshot_report: {reason}: run tests/browser/setup.sh", file=sys.stderr)
        return 2
    if args.markdown:
        markdown = args.markdown.read_text(encoding="utf-8")
    else:
        markdown = vzcli_report(report_args)
    out = Path(args.out).resolve()
    command = ["node", str(SCREENSHOT), "--out", str(out), "--width", str(args.width)]
    if args.html:
        command += ["--html", str(args.html.resolve())]
    proc = subprocess.run(
        command, input=markdown, capture_output=True, text=True, timeout=300, check=False
    )
    sys.stderr.write(proc.stderr)
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        print(f"screenshot_report: screenshot.mjs exited {proc.returncode}", file=sys.stderr)
        return proc.returncode or 1
    summary = json.loads(proc.stdout)
    print(f"{out}: {summary['width']}x{summary['height']} px")
    for i, diagram in enumerate(summary["diagrams"], 1):
        if diagram["ok"]:
            print(f"  mermaid block {i}: {diagram['width']:.0f}x{diagram['height']:.0f} px")
        else:
            print(f"  mermaid block {i}: FAILED: {diagram['error']}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
