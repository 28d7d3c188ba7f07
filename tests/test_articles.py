"""Finding each brief's article in a folder (``--sources DIR``), called directly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vzcli.articles import find
from vzcli.brief import load_all
from vzcli.errors import BriefUnreadable
from vzcli.vocab import ArticleStatus

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
BRIEFS = sorted(str(p) for p in (FIXTURES / "briefs").glob("*.json"))
NAMES = [Path(p).stem for p in BRIEFS]


def test_a_folder_is_required(tmp_path: Path) -> None:
    where = tmp_path / "article.txt"
    where.write_text("text", encoding="utf-8")
    with pytest.raises(BriefUnreadable) as info:
        find(str(where), load_all(BRIEFS[:1]))
    assert info.value.lines() == [f"{where}: is not a folder of articles (--sources takes one)"]
    assert info.value.exit_code == 66


def test_articles_named_by_brief_id_are_found_under_their_names() -> None:
    found = find(str(FIXTURES / "articles"), load_all(BRIEFS))
    assert [f.status for f in found] == [ArticleStatus.VERIFIED] * 4
    assert [f.path for f in found] == [str(FIXTURES / "articles" / f"{n}.txt") for n in NAMES]
    assert [f.note for f in found] == [None] * 4
    for f in found:
        assert f.path is not None
        assert f.text == Path(f.path).read_text(encoding="utf-8")


def test_articles_under_other_names_are_found_by_their_hash(tmp_path: Path) -> None:
    for n, name in enumerate(NAMES):
        shutil.copy(FIXTURES / "articles" / f"{name}.txt", tmp_path / f"a{n}.txt")
    # one under its own name, holding another brief's article: found by hash all the same
    shutil.copy(FIXTURES / "articles" / f"{NAMES[1]}.txt", tmp_path / f"{NAMES[0]}.txt")
    found = find(str(tmp_path), load_all(BRIEFS))
    assert [f.status for f in found] == [ArticleStatus.VERIFIED] * 4
    assert [f.path for f in found] == [str(tmp_path / f"a{n}.txt") for n in range(4)]


def test_a_copy_in_other_bytes_is_said_to_differ_and_the_rest_are_missing(
    tmp_path: Path,
) -> None:
    text = (FIXTURES / "articles" / f"{NAMES[2]}.txt").read_text(encoding="utf-8")
    (tmp_path / "copy.txt").write_bytes(text.replace("\n", "\r\n").encode())
    (tmp_path / f"{NAMES[0]}.txt").write_text("another text", encoding="utf-8")
    found = find(str(tmp_path), load_all(BRIEFS))
    assert [f.status for f in found] == [
        ArticleStatus.MISMATCH,
        ArticleStatus.MISSING,
        ArticleStatus.DIFFERS,
        ArticleStatus.MISSING,
    ]
    assert [f.path for f in found] == [None, None, str(tmp_path / "copy.txt"), None]
    assert [f.text for f in found] == [None] * 4
    assert found[2].note is not None
    assert "line ends" in found[2].note or "CRLF" in found[2].note


def test_a_file_of_the_same_length_does_not_stop_the_search_for_a_copy(tmp_path: Path) -> None:
    text = (FIXTURES / "articles" / f"{NAMES[2]}.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text("x" * len(text), encoding="utf-8")  # same length, not it
    (tmp_path / "b.txt").write_bytes(text.replace("\n", "\r\n").encode())
    (found,) = find(str(tmp_path), load_all(BRIEFS[2:3]))
    assert (found.status, found.path) == (ArticleStatus.DIFFERS, str(tmp_path / "b.txt"))


def test_a_copy_of_an_article_no_brief_wants_does_not_end_the_search(tmp_path: Path) -> None:
    """The first file is a copy in other bytes of a text of the wanted length that no
    brief describes; the search goes on to the copy of the wanted article."""
    text = (FIXTURES / "articles" / f"{NAMES[2]}.txt").read_text(encoding="utf-8")
    other = "y" * len(text)  # the article's length, another text
    (tmp_path / "a.txt").write_text(other + "\n", encoding="utf-8")  # one way back: to `other`
    (tmp_path / "b.txt").write_bytes(text.replace("\n", "\r\n").encode())
    (found,) = find(str(tmp_path), load_all(BRIEFS[2:3]))
    assert (found.status, found.path) == (ArticleStatus.DIFFERS, str(tmp_path / "b.txt"))
