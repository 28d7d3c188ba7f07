"""Sentence splitting, wrapping and locate take time linear in their input.

Each is checked two ways: against the plain (quadratic) version it replaced,
kept here as the oracle, on generated text; and on inputs big enough that a
quadratic version would run for minutes, so the test run's own time limit
catches a regression without a timing assertion (benchmarks/linear.py times them).
"""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vzcli import tables
from vzcli.authoring import locate
from vzcli.sentences import _ABBREVIATIONS, _END, _OPENERS, Sentence, split

# --- the versions replaced, as oracles ------------------------------------------

_OLD_INITIALS = re.compile(r"(?:\b\w\.)+$")


def _old_ends_sentence(line: str, stop: re.Match[str]) -> bool:
    nxt = line[stop.end() :].lstrip()
    if not nxt or not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in _OPENERS):
        return False
    if stop[0][0] != ".":
        return True
    before = line[: stop.start() + 1]
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    bare = word.rstrip(".").lstrip(_OPENERS).lower()
    return bare not in _ABBREVIATIONS and not _OLD_INITIALS.search(word)


def old_split(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        starts = [0]
        starts += [m.end() for m in _END.finditer(line) if _old_ends_sentence(line, m)]
        starts.append(len(line))
        for a, b in itertools.pairwise(starts):
            piece = line[a:b]
            stripped = piece.strip()
            if stripped:
                start = offset + a + len(piece) - len(piece.lstrip())
                out.append(Sentence(len(out) + 1, start, start + len(stripped), stripped))
        offset += len(line)
    return out


def old_cut(text: str, width: int) -> list[str]:
    out = []
    while True:
        used = 0
        for i, ch in enumerate(text):
            used += tables._char_width(ch)
            if used > width:
                out.append(text[: max(i, 1)])
                text = text[max(i, 1) :]
                break
        else:
            out.append(text)
            return out


PROSE = st.lists(
    st.sampled_from(list("aAbU S.s.!?…\n\t\"'“”()«»0_é中-"))
    | st.sampled_from(["Mr. ", "U.S. ", "No. ", " The ", " 1999. ", "(J. ", "a.b. "]),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_split_is_the_rule_it_was(text: str) -> None:
    assert split(text) == old_split(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab中é\u0301 -")), max_size=60), st.integers(0, 7))
def test_a_long_piece_is_cut_as_it_was(text: str, width: int) -> None:
    # The old loop left an empty last line after a character wider than the line.
    assert tables._cut(text, width) == ([c for c in old_cut(text, width) if c] or [""])


@settings(max_examples=100, deadline=None)
@given(PROSE, st.sampled_from(["a", "U", ". ", "S", "中"]))
def test_locate_numbers_each_match_s_sentence(text: str, needle: str) -> None:
    sentences = split(text)
    for found in locate(text, needle):
        if found.start is None:
            continue
        want = next((s.number for s in sentences if s.start <= found.start < s.end), None)
        assert found.sentence == want


# --- sizes a quadratic version would not finish -----------------------------------


def test_a_6_mb_one_line_article_splits() -> None:
    line = "Lavrov met Pompeo in Sochi. The talks went on. " * 127_000  # 5.97 MB, one line
    sentences = split(line)
    assert len(sentences) == 254_000
    assert sentences[-1].text == "The talks went on."


def test_an_unbroken_string_of_ten_million_wraps() -> None:
    text = "x" * 10_000_000
    wrapped = tables.wrap(text, 80)
    assert wrapped.count("\n") == 124_999
    wide = "中" * 1_000_000
    assert tables.wrap(wide, 80).count("\n") == 24_999  # 40 a line, each 2 columns


def test_locate_finds_forty_thousand_matches_with_their_sentences() -> None:
    article = "Sochi. " * 40_000
    found = locate(article, "Sochi")
    assert len(found) == 40_000
    assert [f.sentence for f in found[:3]] == [1, 2, 3]
    assert found[-1].sentence == 40_000
