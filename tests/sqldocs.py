"""docs/sql.md kept true: its schema section made from vzcli's own, its answers re-run.

    python tests/sqldocs.py        # rewrite docs/sql.md's schema and answers

The schema section lies between ``<!-- schema -->`` and ``<!-- /schema -->``;
each ```` ```sql ```` block is followed by a ```` ```text ```` block holding
what it answers over the export of the bundled brief and the fixture corpus
(:data:`EXPORT_ARGS`).  ``tests/test_export_docs.py`` checks both.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from vzcli.export import schema

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "sql.md"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
EXPORT_ARGS = [
    "--data",
    str(ROOT / "data" / "brief.json"),
    "--data",
    str(CORPUS / "briefs"),
    "--sources",
    str(CORPUS / "articles"),
]
"""What the doc's answers are over: as ``vzcli export --to sqlite docs.db`` takes it."""

_BLOCK = re.compile(r"```sql\n(.*?)```\n\n```text\n(.*?)```", re.S)


def schema_markdown() -> str:
    """The tables, their columns and an ER diagram, from :data:`vzcli.export.schema()`."""
    lines = ["| table | key | columns | what a row is |", "|---|---|---|---|"]
    for t in schema():
        cols = ", ".join(f"`{c.name}`" + ("" if c.null else "*") for c in t.columns)
        lines.append(f"| `{t.name}` | {', '.join(t.key)} | {cols} | {t.doc} |")
    lines += ["", "`*`: never null.", "", "```mermaid", "erDiagram"]
    for t in schema():
        for fk in t.foreign:
            lines.append(f'  {fk.table} ||--o{{ {t.name} : "{", ".join(fk.columns)}"}}')
    lines.append("```")
    return "\n".join(lines)


def answer(db: sqlite3.Connection, sql: str) -> str:
    """A query's answer as the doc shows it: a header, then one line a row, ``|``
    between values, ``null`` for NULL."""
    cur = db.execute(sql)
    out = [" | ".join(d[0] for d in cur.description)]
    for row in cur.fetchall():
        out.append(" | ".join("null" if v is None else str(v) for v in row))
    return "\n".join(out) + "\n"


def queries(text: str) -> Iterator[tuple[str, str]]:
    """Each query of the doc with the answer it shows."""
    for m in _BLOCK.finditer(text):
        yield m[1], m[2]


def export(target: Path) -> None:
    """The doc's database, made by the installed vzcli."""
    subprocess.run(
        ["vzcli", "export", "--to", "sqlite", str(target), *EXPORT_ARGS],
        check=True,
        capture_output=True,
    )


def refreshed(text: str, db: sqlite3.Connection) -> str:
    """``text`` with its schema section and every answer made again."""
    head, _, rest = text.partition("<!-- schema -->\n")
    _, _, tail = rest.partition("<!-- /schema -->")
    text = f"{head}<!-- schema -->\n{schema_markdown()}\n<!-- /schema -->{tail}"
    return _BLOCK.sub(lambda m: f"```sql\n{m[1]}```\n\n```text\n{answer(db, m[1])}```", text)


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.db"
        export(path)
        db = sqlite3.connect(path)
        DOC.write_text(refreshed(DOC.read_text("utf-8"), db), encoding="utf-8")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
