"""Tables for people: tabulate draws them, imported only for a table; widths by wcwidth,
so emoji and East Asian text align; ids never broken; long text yields first."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner
from wcwidth import wcswidth

from vzcli.tables import _fit, _shortest, table, wrap
from vzcli.tables import text_width as _width

runner = CliRunner()


@pytest.mark.installed
@pytest.mark.parametrize(("fmt", "drawn"), [("table", True), ("json", False), ("csv", False)])
def test_tabulate_is_imported_only_to_draw_a_table(fmt: str, drawn: bool) -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from vzcli.cli import app\n"
        f"CliRunner().invoke(app, ['quotes', '-f', '{fmt}'])\n"
        "print(*(m in sys.modules for m in ('tabulate', 'wcwidth', 'vzcli.tables')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # wcwidth too: the brief's names are not all ASCII (Guaidó), and only a table reads
    # it; and vzcli's own table module, which JSON's start-up does not pay for either.
    assert done.stdout.split() == [str(drawn)] * 3


def test_the_table_is_tabulate_s(monkeypatch: pytest.MonkeyPatch) -> None:
    import tabulate

    calls: list[Any] = []
    real = tabulate.tabulate

    def spy(*args: Any, **kwargs: Any) -> str:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(tabulate, "tabulate", spy)
    out = table(["A", "B"], [["x", "y"]])
    assert out == "A  B\n-  -\nx  y\n"
    assert calls
    assert calls[0]["tablefmt"] == "simple"
    assert calls[0]["disable_numparse"] is True
    assert table(["A", "B"], [["x", "y"]], headers=False) == "x  y\n"
    assert calls[-1]["tablefmt"] == "plain"


@pytest.mark.parametrize(
    "name",
    [
        "👍🏽 thumbs",  # a skin-tone modifier: two columns in all
        "👨\u200d👩\u200d👧 family",  # a ZWJ sequence: two
        "❤️ heart",  # a variation selector: two
        "中文 name",  # East Asian wide: two each
        "plain",
    ],
)
def test_wide_text_aligns_by_wcwidth(name: str) -> None:
    out = table(["Name", "Next"], [[name, "x"], ["plain", "y"]])
    lines = out.splitlines()
    starts = {wcswidth(line[: line.rindex(" ") + 1]) for line in lines[2:]}
    assert len(starts) == 1, out  # the second column starts at one display column
    assert _width(name) == wcswidth(name)


def test_an_id_column_is_never_broken_at_a_hyphen() -> None:
    body = [["venezuela-opposition", "A long role " * 8]]
    out = table(["Id", "Role"], body, width=40, whole=[True, False])
    assert "venezuela-opposition" in out
    broken = table(["Id", "Role"], body, width=40)
    assert "venezuela-opposition" not in broken  # text, not ids, may break after a hyphen
    assert wrap("ab venezuela-opposition", 20, hyphens=False) == "ab\nvenezuela-opposition"
    assert wrap("ab venezuela-opposition", 20) == "ab venezuela-\nopposition"


def test_when_the_ids_cannot_fit_each_record_is_shown_whole() -> None:
    body = [["venezuela-opposition", "name", "kind"]]
    out = table(["Id", "Name", "Kind"], body, width=30, whole=[True, False, False])
    assert out.startswith("-[ 1 ]")
    assert "Id    venezuela-opposition" in out


def test_long_free_text_takes_the_room_its_text_needs() -> None:
    long_text = " ".join(["word"] * 60)
    columns = [["Name", "Ann Bee", "Cy Dee"], ["Role", long_text, "short"], ["Side", "x", "y"]]
    natural = [max(_width(c) for c in col) for col in columns]
    floors = [3, 4, 4]
    chosen = _shortest(columns, natural, floors, 40)
    level = _fit(natural, floors, 40)
    assert sum(chosen) <= 40
    assert chosen[0] == natural[0]  # the short column keeps its width
    assert chosen[1] >= level[1]

    def height(widths: list[int]) -> int:
        return sum(
            max(len(wrap(col[r], w).split("\n")) for col, w in zip(columns, widths, strict=True))
            for r in range(1, 3)
        )

    assert height(chosen) <= height(level)


def test_spare_room_no_column_needs_goes_to_the_common_level() -> None:
    columns = [["a", "bb"], ["c", "dd"]]
    assert _shortest(columns, [2, 2], [1, 1], 10) == [2, 2]
    assert _shortest(columns, [2, 2], [2, 2], 4) == [2, 2]


@pytest.mark.parametrize(
    ("natural", "floors", "budget", "widths"),
    [
        ([10, 30, 5], [3, 4, 5], 30, [10, 15, 5]),
        ([10, 30, 5], [3, 4, 5], 25, [10, 10, 5]),
        ([10, 30, 5], [3, 4, 5], 12, [3, 4, 5]),
        ([40, 40], [1, 1], 79, [39, 39]),
        ([7], [1], 3, [3]),
        ([7], [1], 1, [1]),
    ],
)
def test_the_common_level_is_the_highest_that_fits(
    natural: list[int], floors: list[int], budget: int, widths: list[int]
) -> None:
    assert _fit(natural, floors, budget) == widths


def test_a_hundred_rows_are_fitted_shortest_and_more_at_a_common_level() -> None:
    row = ["Ann Bee Cee Dee", " ".join(["word"] * 60), "x y"]

    def widths(n: int) -> list[int]:
        out = table(["Name", "Role", "Side"], [row] * n, width=40)
        return [len(dashes) for dashes in out.splitlines()[1].split("  ")]

    assert widths(100) == [11, 19, 4]  # the shortest table
    assert widths(101) == [15, 14, 4]  # the common level


def test_an_id_column_wraps_between_ids_never_inside_one() -> None:
    out = table(
        ["Ids", "Text"], [["ab venezuela-opposition", "x " * 40]], width=44, whole=[True, False]
    )
    assert "venezuela-opposition" in out.split()
    assert "ab venezuela-" not in out


def test_a_character_wcwidth_cannot_measure_takes_no_column() -> None:
    assert _width("é\x01b") == 2  # wcswidth gives up (-1): each character is counted alone
    assert _width("\u200b") == 0


def test_an_empty_column_of_ids_takes_no_room() -> None:
    out = table(
        ["A", "B"], [["", "abcdefghi abcdefgh " * 3]], headers=False, whole=[True, False], width=20
    )
    assert out.splitlines()[0] == "  abcdefghi abcdefgh"
