"""``vzcli reanchor``: a brief moved onto an edited article, whole or not at all."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vzcli import anchors, atomic
from vzcli.brief import sha256_of
from vzcli.cli import app
from vzcli.sentences import split
from vzcli.validate import parse

runner = CliRunner()


def _files(tmp_path: Path, brief: dict[str, Any], text: str) -> tuple[Path, Path]:
    data, source = tmp_path / "brief.json", tmp_path / "article.txt"
    data.write_text(json.dumps(brief, ensure_ascii=False), encoding="utf-8")
    source.write_bytes(text.encode("utf-8"))
    return data, source


def _cited_texts(brief: dict[str, Any], text: str) -> list[str]:
    """The article's words under every span, in the brief's order."""
    loaded = parse("b", json.dumps(brief).encode())
    return [text[s:e] for _, s, e in anchors.cited(loaded)]


def _reanchor(data: Path, source: Path) -> Any:
    return runner.invoke(app, ["reanchor", "--data", str(data), "--source", str(source)])


def _uncited(brief: dict[str, Any], text: str, width: int) -> int:
    """Where ``width`` characters of the article stand under no span."""
    loaded = parse("b", json.dumps(brief).encode())
    covered = [False] * len(text)
    for _, s, e in anchors.cited(loaded):
        covered[s:e] = [True] * (e - s)
    for at in range(len(text) - width):
        if not any(covered[at : at + width]) and text[at : at + width].strip():
            return at
    raise AssertionError("every stretch of the article is cited")


def test_an_inserted_sentence_moves_every_span_after_it(
    brief_dict: dict[str, Any], article: Path, tmp_path: Path
) -> None:
    old = article.read_text("utf-8")
    at = old.index("The main topic")
    new = old[:at] + "Both ministers spoke to reporters afterwards. " + old[at:]
    data, source = _files(tmp_path, brief_dict, new)
    result = _reanchor(data, source)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr
    moved = json.loads(data.read_text("utf-8"))
    assert moved["source"]["sha256"] == sha256_of(new)
    assert moved["source"]["length"] == len(new)
    # Every record rests on the very words it rested on.
    assert _cited_texts(moved, new) == _cited_texts(brief_dict, old)
    verify = runner.invoke(app, ["verify", "--data", str(data), "--source", str(source)])
    fails = [line for line in verify.stdout.splitlines() if line.startswith("FAIL")]
    # Only the new sentence is news to the brief: nothing cites it yet.
    assert [f.split(":")[0] for f in fails] == ["FAIL  sentence coverage"]
    assert "Both ministers" in verify.stdout


def test_a_deleted_uncited_stretch_moves_the_spans(
    brief_dict: dict[str, Any], article: Path, tmp_path: Path
) -> None:
    old = article.read_text("utf-8")
    at = _uncited(brief_dict, old, 3)
    new = old[:at] + old[at + 3 :]
    data, source = _files(tmp_path, brief_dict, new)
    result = _reanchor(data, source)
    assert result.exit_code == 0, result.output
    moved = json.loads(data.read_text("utf-8"))
    assert _cited_texts(moved, new) == _cited_texts(brief_dict, old)


def test_a_deleted_cited_sentence_is_listed_and_nothing_changes(
    brief_dict: dict[str, Any], article: Path, tmp_path: Path
) -> None:
    old = article.read_text("utf-8")
    sentence = next(s for s in split(old) if s.text.startswith("The first contact was"))
    new = old[: sentence.start] + old[sentence.end + 1 :]
    data, source = _files(tmp_path, brief_dict, new)
    before = data.read_bytes()
    result = _reanchor(data, source)
    assert result.exit_code == 1
    assert "pompeo-lavrov-call" in result.stderr
    assert f"is not in {source} any more" in result.stderr
    assert "unchanged" in result.stderr
    assert data.read_bytes() == before


def test_a_changed_word_inside_a_span_is_listed_and_nothing_changes(
    brief_dict: dict[str, Any], article: Path, tmp_path: Path
) -> None:
    old = article.read_text("utf-8")
    new = old.replace("drastic effects", "severe effects")
    assert new != old
    data, source = _files(tmp_path, brief_dict, new)
    before = data.read_bytes()
    result = _reanchor(data, source)
    assert result.exit_code == 1
    lost = [line for line in result.stderr.splitlines() if "any more" in line]
    assert lost
    at = old.index("drastic")
    for line in lost:  # each lost span holds the changed word
        start, end = (int(n) for n in line.split("[")[1].split("]")[0].split(", "))
        assert start <= at < end
    assert data.read_bytes() == before


def test_a_copy_in_other_bytes_is_refused_with_how_to_restore_it(
    brief_dict: dict[str, Any], article: Path, tmp_path: Path
) -> None:
    text = article.read_text("utf-8").replace("\n", "\r\n")
    data, source = _files(tmp_path, brief_dict, text)
    before = data.read_bytes()
    result = _reanchor(data, source)
    assert result.exit_code == 65
    assert "CRLF line ends (to get the article back: python3 -c 'import" in result.stderr
    assert "not an edit" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert data.read_bytes() == before


def test_the_brief_s_own_article_anchors_spans_added_by_hand(
    brief_dict: dict[str, Any], article: Path, tmp_path: Path
) -> None:
    text = article.read_text("utf-8")
    del brief_dict["anchors"]
    data, source = _files(tmp_path, brief_dict, text)
    assert runner.invoke(app, ["verify", "--data", str(data), "--source", str(source)]).exit_code
    result = _reanchor(data, source)
    assert result.exit_code == 0, result.output
    verify = runner.invoke(app, ["verify", "--data", str(data), "--source", str(source)])
    assert verify.exit_code == 0, verify.stdout
    again = _reanchor(data, source)
    assert again.exit_code == 0
    assert "nothing to change" in again.stderr


def test_an_unanchored_span_and_an_edit_cannot_both_be_trusted(
    brief_dict: dict[str, Any], article: Path, tmp_path: Path
) -> None:
    old = article.read_text("utf-8")
    quote = next(q for q in brief_dict["quotes"] if q["id"] == "q-trump-tweet")
    quote["spans"][1] = [quote["spans"][1][0] - 1, quote["spans"][1][1]]  # moved by hand
    new = "A first line.\n" + old
    data, source = _files(tmp_path, brief_dict, new)
    result = _reanchor(data, source)
    assert result.exit_code == 1
    assert "q-trump-tweet" in result.stderr


def test_a_write_that_fails_leaves_the_brief_and_exits_74(
    brief_dict: dict[str, Any], article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = "A first line.\n" + article.read_text("utf-8")
    data, source = _files(tmp_path, brief_dict, new)
    before = data.read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "write_text", full)
    result = _reanchor(data, source)
    assert result.exit_code == 74
    assert "No space left on device" in result.stderr
    assert data.read_bytes() == before


def test_reanchor_needs_both_files() -> None:
    result = runner.invoke(app, ["reanchor", "--data", "brief.json"])
    assert result.exit_code == 2
    missing = runner.invoke(app, ["reanchor", "--data", "/nonexistent", "--source", "/x"])
    assert missing.exit_code == 66
