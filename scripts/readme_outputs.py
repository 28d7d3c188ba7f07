"""Print each README console example whose output differs from a real run, with the
real output: a maintainer's aid when an output is meant to change (review, then paste).

    python scripts/readme_outputs.py [--write]

With --write, the README's blocks are rewritten with the real outputs; read the
diff before committing it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from reader import shell  # noqa: E402

ARTICLE = ROOT.parent / "shared" / "source" / "000_b4b55fe525840363.txt"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def main() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    env = {
        "ARTICLE": str(ARTICLE),
        "CORPUS": str(CORPUS / "briefs"),
        "ARTICLES": str(CORPUS / "articles"),
    }

    def redo(block: re.Match[str]) -> str:
        out = []
        for chunk in re.split(r"^\$ ", block[1], flags=re.M)[1:]:
            command, _, expected = chunk.partition("\n")
            real = shell(command, Path("/tmp"), **env)
            if real != expected:
                print(f"--- {command}\n{real}")
            out.append(f"$ {command}\n{real}")
        return "```console\n" + "".join(out) + "```"

    rewritten = re.sub(r"```console\n(.*?)```", redo, readme, flags=re.S)
    if "--write" in sys.argv:
        (ROOT / "README.md").write_text(rewritten, encoding="utf-8")


if __name__ == "__main__":
    main()
