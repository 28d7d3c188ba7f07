"""A copy of an article in other bytes (line ends, normalisation, whitespace, the final
newline) is found for what it is: said so, with the fix, never taken for the article."""

from __future__ import annotations

import hashlib
import json
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli import variants
from vzcli.cli import app

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
runner = CliRunner()

ARTICLE = "Café crème, Zürich.  \nA second line\twith a tab.\nThe end.\n"

COPIES: dict[str, tuple[Callable[[str], str], list[str]]] = {
    "crlf": (lambda t: t.replace("\n", "\r\n"), ["CRLF line ends"]),
    "cr": (lambda t: t.replace("\n", "\r"), ["CR line ends"]),
    "nfd": (lambda t: unicodedata.normalize("NFD", t), ["decomposed accents (NFD)"]),
    "added newline": (lambda t: t + "\n", ["a newline at the end the article lacks"]),
    "dropped newline": (
        lambda t: t[:-1],
        ["no newline at the end, where the article has one"],
    ),
    "crlf, nfd, no newline": (
        lambda t: unicodedata.normalize("NFD", t[:-1]).replace("\n", "\r\n"),
        [
            "CRLF line ends",
            "decomposed accents (NFD)",
            "no newline at the end, where the article has one",
        ],
    ),
}


@pytest.mark.parametrize("name", list(COPIES))
def test_the_article_is_found_among_a_copy_s_originals(name: str) -> None:
    make, _ = COPIES[name]
    copy = make(ARTICLE)
    assert copy != ARTICLE
    found = [ways for candidate, ways in variants.originals(copy) if candidate == ARTICLE]
    assert found, name
    assert [w.copy_has for w in found[0]] == COPIES[name][1]


def test_trailing_whitespace_in_a_copy_is_undone() -> None:
    """Spaces a copy added at line ends come off; spaces it took away from the article
    cannot be put back (nothing says how many there were)."""
    article = "One line.\nTwo lines.\n"
    copy = article.replace("One line.", "One line.  \t")
    found = [w for c, w in variants.originals(copy) if c == article]
    assert [w.copy_has for w in found[0]] == ["spaces or tabs at line ends"]
    stripped = variants._no_trailing(ARTICLE)
    assert ARTICLE not in [c for c, _ in variants.originals(stripped)]


def test_the_fewest_differences_come_first_and_each_text_once() -> None:
    found = list(variants.originals("a\r\nb\r\n"))
    counts = [len(ways) for _, ways in found]
    assert counts == sorted(counts)
    texts = [t for t, _ in found]
    assert len(texts) == len(set(texts))
    assert "a\r\nb\r\n" not in texts  # the copy itself is not one of its originals


def test_a_description_names_the_file_and_each_fix() -> None:
    ways = [variants.LINE_ENDS[0], variants.FINAL_NEWLINE[1]]
    assert variants.describe("a.txt", ways) == (
        "a.txt is the article with CRLF line ends; and no newline at the end, where the "
        "article has one (to get the article back: python3 -c 'import re,sys,unicodedata;"
        'p=sys.argv[1];t=open(p,encoding="utf-8-sig",newline="").read();'
        't=t.replace("\\r\\n","\\n");t+="\\n";'
        'open(p,"w",encoding="utf-8",newline="").write(t)\' FILE)'
    )


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """The fixture corpus's articles, the Herald's saved with CRLF line ends under
    another name."""
    folder = tmp_path / "articles"
    shutil.copytree(CORPUS / "articles", folder)
    herald = folder / "herald-talks.txt"
    text = herald.read_text(encoding="utf-8")
    herald.unlink()
    (folder / "from-windows.txt").write_bytes(text.replace("\n", "\r\n").encode())
    assert hashlib.sha256(text.encode()).hexdigest()  # the original is not in the folder
    return folder


def test_verify_says_a_copy_is_the_article_in_other_bytes(sources: Path) -> None:
    result = runner.invoke(
        app, ["verify", "--data", str(CORPUS / "briefs"), "--sources", str(sources)]
    )
    assert result.exit_code == 1
    assert f"FAIL  source: its article is in {sources} only in other bytes" in result.stdout
    assert (
        f"{sources / 'from-windows.txt'} is the article with CRLF line ends "
        "(to get the article back: python3 -c '"
    ) in result.stdout
    assert result.stdout.count("FAIL") == 1  # the other three are their articles


def test_briefs_says_which_articles_differ(sources: Path) -> None:
    result = runner.invoke(
        app,
        ["briefs", "--data", str(CORPUS / "briefs"), "--sources", str(sources), "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    status = {b["brief"]: b["article"] for b in json.loads(result.stdout)}
    assert status == {
        "nordpress-announce": "verified",
        "herald-talks": "differs",
        "review-analysis": "verified",
        "nordpress-followup": "verified",
    }


def test_another_text_is_still_not_the_article(sources: Path) -> None:
    (sources / "from-windows.txt").write_text("Another article altogether.\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["briefs", "--data", str(CORPUS / "briefs"), "--sources", str(sources), "-f", "json"],
    )
    status = {b["brief"]: b["article"] for b in json.loads(result.stdout)}
    assert status["herald-talks"] == "missing"


def test_each_file_s_variants_are_made_once_however_many_briefs_lack_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Briefs without their article cost one pass over the folder, not one each."""
    folder = tmp_path / "others"
    folder.mkdir()
    for i in range(3):
        (folder / f"other-{i}.txt").write_text(f"Another article, number {i}.\n", "utf-8")
    made: list[str] = []
    originals = variants.originals

    def counted(text: str) -> Any:
        made.append(text)
        return originals(text)

    monkeypatch.setattr(variants, "originals", counted)
    result = runner.invoke(
        app, ["briefs", "--data", str(CORPUS / "briefs"), "--sources", str(folder), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert {b["article"] for b in json.loads(result.stdout)} == {"missing"}
    assert len(made) == 3  # three files, four briefs: each file once


def test_an_lf_copy_of_a_crlf_article_is_found_with_the_way_back() -> None:
    article = "One line.\r\nTwo lines.\r\n"
    found = [w for c, w in variants.originals("One line.\nTwo lines.\n") if c == article]
    assert [w.copy_has for w in found[0]] == ["LF line ends where the article has CRLF"]


def test_only_a_final_newline_is_taken_off_as_one() -> None:
    """A copy with one more character that is not a newline is not the article."""
    article = "One line.\nTwo lines."
    assert article not in [c for c, _ in variants.originals(article + "x")]
    assert variants._added_newline("ab") == "ab"
    assert variants._added_newline("ab\n") == "ab"
