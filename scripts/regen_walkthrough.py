"""Rewrite the outputs shown in a walkthrough (docs/authoring.md, docs/wire-report.md)
with what its commands print now, after a change that alters them on purpose.

    python scripts/regen_walkthrough.py docs/authoring.md

Follows the document step by step in a temporary folder, exactly as its test
does, and replaces each command's shown output with the real one; read the
diff before committing it.  Writes the brief it built to the fixture too, with
--fixture.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_authoring_walkthrough as walkthrough  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("doc", type=Path)
    parser.add_argument("--article", type=Path, default=walkthrough.ARTICLE)
    parser.add_argument("--fixture", type=Path, help="write the brief built here")
    args = parser.parse_args()
    text = args.doc.read_text("utf-8")
    walkthrough.ARTICLE = args.article
    with tempfile.TemporaryDirectory() as tmp:
        printed = walkthrough.follow(Path(tmp), walkthrough.steps(text))
        at = 0
        for step, output in printed:
            shown = f"$ {step.target}\n{step.body}"
            start = text.index(shown, at)
            text = text[:start] + f"$ {step.target}\n{output}" + text[start + len(shown) :]
            at = start + len(step.target) + len(output)
        if args.fixture is not None:
            shutil.copyfile(Path(tmp) / "brief.json", args.fixture)
    args.doc.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
