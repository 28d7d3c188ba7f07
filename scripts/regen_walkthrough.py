"""Rewrite the outputs shown in a walkthrough (docs/authoring.md, docs/wire-report.md)
and its fixture brief with what its commands print and build now, after a change
that alters them on purpose.

    python scripts/regen_walkthrough.py docs/authoring.md

Follows the document step by step in a temporary folder, exactly as its test
(tests/test_walkthroughs.py) does, and replaces each command's shown output with
the real one; read the diff before committing it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from walkthrough import WALKTHROUGHS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("doc", type=Path)
    args = parser.parse_args()
    found = [w for w in WALKTHROUGHS.values() if w.doc.resolve() == args.doc.resolve()]
    if not found:
        parser.error(f"{args.doc} is not a walkthrough; they are: {', '.join(WALKTHROUGHS)}")
    walk = found[0]
    text = walk.text()
    with tempfile.TemporaryDirectory() as tmp:
        printed = walk.follow(Path(tmp), walk.steps(text))
        at = 0
        for step, output in printed:
            shown = f"$ {step.target}\n{step.body}"
            start = text.index(shown, at)
            text = text[:start] + f"$ {step.target}\n{output}" + text[start + len(shown) :]
            at = start + len(step.target) + len(output)
        shutil.copyfile(Path(tmp) / "brief.json", walk.brief)
    walk.doc.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
