"""One registry, one pipeline, a library the CLI calls: the contract of the ground
every command stands on, and the faults the split fixed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import get_type_hints

import pytest
from typer.testing import CliRunner

import vzcli
from vzcli.cli import app
from vzcli.listings import LISTINGS, POSITIONS, QUOTES
from vzcli.models import COLLECTIONS, RECORD_COLLECTIONS
from vzcli.pipeline import Order
from vzcli.render import Layout

runner = CliRunner()


# --- the two copies of the pipeline that disagreed ------------------------------


def test_the_matrix_refuses_a_missing_article_as_the_listing_does() -> None:
    """`positions --matrix --source /nonexistent` exits 66, as `positions --source` does."""
    for args in (["positions", "--matrix"], ["positions"]):
        result = runner.invoke(app, [*args, "--source", "/nonexistent"])
        assert result.exit_code == 66, args
        assert result.stderr == "vzcli: /nonexistent: no such file\n"
        assert result.stdout == ""


def test_the_matrix_searches_the_article_as_the_listing_does(article: Path) -> None:
    """With the article, --search reads its words in the matrix too: 'catastrophe' is
    only in the article, and finds Lavrov's warning in both views."""
    args = ["--source", str(article), "--search", "catastrophe"]
    listed = runner.invoke(app, ["positions", *args, "-f", "json", "--fields", "id"])
    assert json.loads(listed.stdout) == [{"id": "pos-lavrov-warns-force"}]
    grid = runner.invoke(app, ["positions", "--matrix", *args, "-f", "csv"])
    assert grid.exit_code == 0, grid.output
    assert grid.stdout.splitlines() == [
        "holder,towards,stances",
        "Sergei Lavrov,United States,warns against: US attempts to use force in Venezuela",
    ]
    assert runner.invoke(app, ["positions", "--matrix", "--search", "catastrophe"]).stderr == (
        "no matching positions\n"
    )


# --- option values ------------------------------------------------------------


@pytest.mark.parametrize("digit", ["\u0663", "\uff13", "\u00b2"])
def test_only_ascii_digits_are_numbers(digit: str) -> None:
    """-n takes ASCII digits only, as Typer's own coercion does: other scripts' digits
    get Typer's message, exit 2."""
    result = runner.invoke(app, ["quotes", "-n", digit])
    assert result.exit_code == 2
    assert "Input should be a valid integer" in result.stderr
    assert runner.invoke(app, ["quotes", "-n", " 3 ", "-f", "json"]).exit_code == 0


@pytest.mark.installed
@pytest.mark.parametrize("cword", ["x", "", "-1", "٣", "99"])
def test_an_odd_comp_cword_is_no_traceback(cword: str, tmp_path: Path) -> None:
    """A COMP_CWORD that is not a number (or points nowhere) completes as best it can,
    and never raises before vzcli's guard."""
    script = Path(sys.executable).parent / "vzcli"
    if not script.exists():
        pytest.skip("the vzcli console script is not installed")
    env = {
        **os.environ,
        "_VZCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": "vzcli quotes --actor Serg",
        "COMP_CWORD": cword,
        "XDG_CACHE_HOME": str(tmp_path),
    }
    result = subprocess.run([str(script)], env=env, capture_output=True, text=True, check=False)
    assert result.stderr == ""
    assert result.returncode == 0


# --- the registry ---------------------------------------------------------------


def test_every_listing_is_declared_once_with_a_contract_that_has_evidence() -> None:
    """Each listing names its collection, reads what exists, and its row type ends with
    the optional evidence (the pipeline adds it to any row)."""
    assert set(LISTINGS) == {*RECORD_COLLECTIONS, "briefs", "conflicts"}
    for name, listing in LISTINGS.items():
        if name in ("briefs", "conflicts"):  # rows of the corpus, not of records
            continue
        hints = get_type_hints(listing.row_type)
        assert list(hints)[-1] == "evidence", name
        assert listing.fields(evidence=True)[-1] == "evidence"
        assert "evidence" not in listing.fields(evidence=False)
        assert set(listing.human) <= set(listing.fields(evidence=False)), name
        assert listing.reads is None or set(listing.reads) <= set(COLLECTIONS), name
        assert listing.dated == (name not in ("positions", "actors", "links", "conflicts")), name


def test_what_each_field_holds_is_read_from_the_row_types() -> None:
    """Dates, closed-set values and floats are declared on the row fields themselves."""
    kinds = {name: listing.kinds for name, listing in LISTINGS.items()}
    assert kinds["stats"].dates == {"period"}
    assert kinds["stats"].floats == {"value", "change", "change_pct"}
    assert kinds["stats"].closed == {"measure", "precision", "qualifiers"}
    assert kinds["quotes"].dates == {"date"}
    assert kinds["quotes"].closed == {"precision", "kind", "setting"}
    assert kinds["quotes"].floats == set()
    assert kinds["positions"].dates == set()
    assert kinds["links"].closed == {"relation"}
    rows = vzcli.open().quotes()
    assert all(type(r["kind"]) is str and type(r["precision"]) is str for r in rows)


def test_references_are_declared_once_for_integrity_and_show() -> None:
    """The reference fields integrity checks are those show lists, but for claims' about
    and links' ends, which show lists in sections of their own."""
    shown = {
        (name, ref.field) for name, spec in COLLECTIONS.items() for ref in spec.refs if ref.shown
    }
    assert shown == {
        ("actors", "side"),
        ("events", "participants"),
        ("events", "targets"),
        ("events", "via"),
        ("quotes", "speaker"),
        ("quotes", "via"),
        ("quotes", "event"),
        ("positions", "holder"),
        ("positions", "target"),
        ("positions", "quotes"),
        ("claims", "holder"),
        ("claims", "via"),
        ("stats", "producer"),
    }


# --- the library ----------------------------------------------------------------


def test_the_library_answers_as_the_cli_does() -> None:
    """vzcli.open() and Corpus.quotes give the rows `vzcli quotes --actor Lavrov -f json` prints."""
    corpus = vzcli.open()
    rows = corpus.quotes(vzcli.Question(actors="Lavrov"))
    printed = runner.invoke(app, ["quotes", "--actor", "Lavrov", "-f", "json"]).stdout
    assert vzcli.render_rows(rows, "quotes", "json") == printed
    assert json.loads(printed) == json.loads(json.dumps(rows))


def test_a_bare_name_is_one_name() -> None:
    """Question(actors="Lavrov") asks for Lavrov, not for the actors L, a, v, r, o, v."""
    from vzcli.selection import prepare

    prepared = prepare(vzcli.Question(actors="Lavrov", on="Maduro", about="oil", metrics="oil"))
    assert prepared.question.actors == ("Lavrov",)
    assert (prepared.question.on, prepared.question.about) == (("Maduro",), ("oil",))
    assert prepared.question.metrics == ("oil",)
    corpus = vzcli.open()
    assert corpus.quotes(vzcli.Question(actors="Lavrov")) == corpus.quotes(
        vzcli.Question(actors=["Lavrov"])
    )


def test_order_and_layout_reach_the_library() -> None:
    """Order sorts and cuts as --sort/--reverse/--limit; render lays out as the table does."""
    corpus = vzcli.open()
    rows = corpus.ask(QUOTES, vzcli.Question(actors="Russia"), Order(sort="speaker", limit=2))
    assert [r["speaker"] for r in rows] == ["lavrov", "lavrov"]
    table = vzcli.render_rows(rows, "quotes", "table", layout=Layout(width=60))
    assert max(len(line) for line in table.splitlines()) <= 60
    assert vzcli.render_rows(rows, QUOTES, "csv", fields=["id"]).splitlines()[0] == "id"


def test_library_errors_are_the_cli_s() -> None:
    """An unknown actor raises QueryError with the CLI's message; a missing file BriefError."""
    corpus = vzcli.open()
    with pytest.raises(vzcli.QueryError, match="unknown actor 'Lavorv'; did you mean 'Lavrov'"):
        corpus.positions(vzcli.Question(actors="Lavorv"))
    with pytest.raises(vzcli.BriefError) as info:
        vzcli.open("/nonexistent.json")
    assert info.value.exit_code == 66
    with pytest.raises(vzcli.QueryError, match="unknown stance 'likes'"):
        corpus.ask(POSITIONS, vzcli.Question(stances=["likes"]))


def test_a_matrix_a_record_and_a_report_from_python() -> None:
    """The pivot, one record and the whole report come from the same corpus object."""
    corpus = vzcli.open()
    header, body = corpus.matrix(vzcli.Question(actors="Lavrov"))
    assert header == ["holder", "towards", "stances"]
    assert body[0][:2] == ["Sergei Lavrov", "United States"]
    assert corpus.show("Lavrov")["id"] == "lavrov"
    assert corpus.report().startswith("# US and Russia: developments in Venezuela\n")


@pytest.mark.installed
def test_importing_vzcli_imports_no_library() -> None:
    """`import vzcli` (which the console script does first) loads nothing of the library
    until a name is used."""
    code = "import sys, vzcli; print(sorted(m for m in sys.modules if m.startswith('vzcli')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "['vzcli']\n"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        vzcli.nope  # noqa: B018


def test_render_rows_prints_what_the_cli_prints_in_every_format(article: Path) -> None:
    """With the article (rows with evidence) and without, in each format, with and
    without --fields: the library renders exactly the CLI's bytes."""
    for source in (None, str(article)):
        corpus = vzcli.open(source=source)
        rows = corpus.quotes(vzcli.Question(actors="Lavrov"))
        assert ("evidence" in rows[0]) is (source is not None)
        for fmt in ("table", "json", "csv", "markdown"):
            for fields in (None, ["id", "date", "text"]):
                args = ["quotes", "--actor", "Lavrov", "-f", fmt]
                args += ["--source", source] if source else []
                args += ["--fields", ",".join(fields)] if fields else []
                printed = runner.invoke(app, args, env={"COLUMNS": "80"}).stdout_bytes.decode()
                shown = vzcli.render_rows(
                    rows, "quotes", fmt, fields=fields, layout=Layout(width=80)
                )
                assert shown == printed, (fmt, fields, source)
