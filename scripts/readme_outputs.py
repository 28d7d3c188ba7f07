"""Print each console example of the README (or of another document) whose output
differs from a real run, with the real output: a maintainer's aid when an output is
meant to change (review, then paste).

    python scripts/readme_outputs.py [--write] [docs/corpus.md]

With --write, the document's blocks are rewritten with the real outputs; read
the diff before committing it.
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
DOC_CORPUS = "tests/fixtures/corpus/briefs"
DOC_ARTICLES = "tests/fixtures/corpus/articles"


def main() -> None:
    named = [a for a in sys.argv[1:] if not a.startswith("--")]
    document = Path(named[0]).resolve() if named else ROOT / "README.md"
    readme = document.read_text(encoding="utf-8")
    env = {
        "ARTICLE": str(ARTICLE),
        "CORPUS": str(CORPUS / "briefs"),
        "ARTICLES": str(CORPUS / "articles"),
    }
    where = Path("/tmp")
    if document == ROOT / "docs" / "corpus.md":
        # Run from the checkout, with the corpus's folders as a user there names them:
        # the paths some outputs print are then the same on every machine.
        where = ROOT
        env["CORPUS"], env["ARTICLES"] = DOC_CORPUS, DOC_ARTICLES

    def redo(block: re.Match[str]) -> str:
        out = []
        for chunk in re.split(r"^\$ ", block[1], flags=re.M)[1:]:
            command, _, expected = chunk.partition("\n")
            real = shell(command, where, **env)
            if real != expected:
                print(f"--- {command}\n{real}")
            out.append(f"$ {command}\n{real}")
        return "```console\n" + "".join(out) + "```"

    rewritten = re.sub(r"```console\n(.*?)```", redo, readme, flags=re.S)
    if "--write" in sys.argv:
        document.write_text(rewritten, encoding="utf-8")


if __name__ == "__main__":
    main()
