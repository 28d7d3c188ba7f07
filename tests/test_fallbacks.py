"""Every private name vzcli imports has a public way back: with it gone, vzcli still answers.

Each case starts a fresh Python, imports Typer whole (Typer itself needs its
own private modules, and keeps what it imported), then takes away what vzcli
reaches for, as a Typer or Python release that renames it would: a module
set to None in ``sys.modules`` makes importing it fail, and a deleted
attribute makes ``from module import name`` fail.  Then it runs the query
twice, so the second run goes through the validation cache.  The answer
must be the one the normal path gives.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import vzcli

SRC = Path(vzcli.__file__).parent

# Each case runs a fresh Python, which a mutation run's mutants never reach.
pytestmark = pytest.mark.installed

RUNNER = """
import sys
import hashlib, hmac, typer, typer.core, typer.main, typer.testing
{setup}
from vzcli.cli import app
runner = typer.testing.CliRunner()
for _ in range(2):
    result = runner.invoke(app, {args!r})
    sys.stdout.write(result.stdout)
    sys.stdout.write(f"exit {{result.exit_code}}\\n")
"""

CASES = {
    # Typer imports from typer._coercion lazily itself, so a class goes, not the module.
    "typer._coercion": "import typer._coercion as c; del c.RuntimeParam",
    "typer._completion_classes": "sys.modules['typer._completion_classes'] = None",
    "typer._click.shell_completion": "sys.modules['typer._click.shell_completion'] = None",
    # completion resolves the word's option itself, with click's private helpers.
    "typer._click.shell_completion:_resolve_context": (
        "import typer._click.shell_completion as s; del s._resolve_context"
    ),
    "typer._click.shell_completion:_resolve_incomplete": (
        "import typer._click.shell_completion as s; del s._resolve_incomplete"
    ),
    "_operator:_compare_digest": "import _operator; del _operator._compare_digest",
    # hashlib, imported first, keeps its own blake2b: the public way back.
    "_blake2": "sys.modules['_blake2'] = None",
}
"""What vzcli imports at run time from a private module, and how each case takes it away."""


def run(setup: str, args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100"}
    code = RUNNER.format(setup=setup, args=args)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("taken", list(CASES))
def test_a_missing_private_name_changes_no_answer(taken: str, tmp_path: Path) -> None:
    """With the private name gone, the query answers byte for byte as on the normal path."""
    args = ["quotes", "--actor", "Lavrov"]
    normal = run("", args, tmp_path / "normal")
    without = run(CASES[taken], args, tmp_path / "without")
    assert normal.returncode == 0, normal.stderr
    assert without.returncode == 0, without.stderr
    assert "Threats by the U.S." in normal.stdout
    assert normal.stdout.count("exit 0") == 2
    assert without.stdout == normal.stdout
    assert without.stderr == ""
    certificates = list((tmp_path / "without" / "vzcli").glob("*.json"))
    assert len(certificates) == 1  # the cache still worked, on the public path


@pytest.mark.parametrize("taken", list(CASES))
def test_formats_and_errors_do_not_change_either(taken: str, tmp_path: Path) -> None:
    """json, a bad option value and an unknown actor read the same without the private name."""
    for args in (
        ["quotes", "--actor", "Russia", "-f", "json", "--limit", "2"],
        ["quotes", "--limit", "x"],
        ["positions", "--stance", "SUPPORTS", "-f", "csv"],
        ["quotes", "--actor", "Lavorv"],
    ):
        normal = run("", args, tmp_path / "normal")
        without = run(CASES[taken], args, tmp_path / "without")
        assert without.stdout == normal.stdout, args
        assert without.returncode == normal.returncode == 0, without.stderr


def test_without_the_coercion_classes_typer_coerces(tmp_path: Path) -> None:
    """The fallback really is Typer's own coercion: it imports pydantic to coerce."""
    code = (
        "import sys, typer, typer.core, typer._coercion as c\n"
        "del c.RuntimeParam\n"
        "from vzcli.cli import fastparams\n"
        "print(fastparams.AVAILABLE)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"


def test_without_vzcli_s_completion_classes_typer_s_complete(tmp_path: Path) -> None:
    """Completion falls back to Typer's own classes: candidates come, unquoted."""
    code = (
        "import os, sys, typer, typer.core, typer.main\n"
        "sys.modules['typer._completion_classes'] = None\n"
        "os.environ.update(_VZCLI_COMPLETE='complete_bash', COMP_WORDS='vzcli quotes --actor Serg',"
        " COMP_CWORD='3')\n"
        "sys.argv[0] = 'vzcli'\n"
        "from vzcli.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Sergei Lavrov"  # Typer's: not quoted for bash


def _guard(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str | None:
    """``"runtime"`` for an import inside ``try/except ImportError``, ``"typing"`` under
    ``if TYPE_CHECKING``, else None."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            return "typing"
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id == "ImportError" for h in node.handlers
        ):
            return "runtime"
    return None


def test_every_private_import_has_a_way_back() -> None:
    """Each import of a private module in vzcli's source is for type checking only, or
    guarded with a fallback that a case above takes away."""
    at_run_time: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            else:
                continue
            for module in modules:
                if module == "__future__" or not any(p.startswith("_") for p in module.split(".")):
                    continue
                guard = _guard(node, parents)
                assert guard is not None, f"{path.name}:{node.lineno} imports {module} unguarded"
                if guard == "runtime":
                    at_run_time.add(module)
    assert at_run_time == {case.split(":")[0] for case in CASES}


def test_the_fish_script_is_typer_s() -> None:
    """vzcli's copy of Typer's fish script is Typer's, byte for byte (while Typer has one)."""
    shared = pytest.importorskip("typer._completion_shared")
    from vzcli.cli.completion import FISH_SCRIPT

    assert shared.COMPLETION_SCRIPT_FISH.strip() == FISH_SCRIPT
    assert json.dumps(FISH_SCRIPT)  # one string, nothing to format but its names
