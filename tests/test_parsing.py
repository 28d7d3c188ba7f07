"""The parser switch and pydantic-core's compiled module loaded alone, in this process.

A corpus of hundreds of briefs is the only path that calls these at run
time, and the tests that build one run vzcli in a subprocess; these call
them directly, each putting back the module it replaced.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import sys
from types import ModuleType

import pydantic_core
import pytest

from vzcli import parsing

CORE = "pydantic_core._pydantic_core"


@pytest.fixture
def unloaded(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The compiled module taken out of ``sys.modules`` (put back afterwards)."""
    loaded = sys.modules[CORE]
    monkeypatch.delitem(sys.modules, CORE)
    return loaded


def test_the_fast_parser_replaces_json_for_every_module() -> None:
    before = parsing.loads[0]
    parsing.loads[0] = json.loads
    try:
        parsing.parse_fast()
        assert parsing.loads == [sys.modules[CORE].from_json]
        assert parsing.loads[0](b'{"a": [1, 2.5, null]}') == {"a": [1, 2.5, None]}
    finally:
        parsing.loads[0] = before


def test_a_loaded_module_is_the_one_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    def never() -> ModuleType:
        raise AssertionError("loaded again")

    monkeypatch.setattr(parsing, "_load_alone", never)
    assert parsing.core() is sys.modules[CORE]


def test_the_compiled_module_is_loaded_alone_under_its_own_name(unloaded: ModuleType) -> None:
    module = parsing.core()
    assert module is not unloaded  # loaded again, from its file
    assert sys.modules[CORE] is module
    assert module.__name__ == CORE
    folder = os.path.dirname(pydantic_core.__file__)
    assert os.path.dirname(str(module.__file__)) == folder
    assert os.path.basename(str(module.__file__)).startswith("_pydantic_core.")
    assert module.from_json(b"[1, 2]") == [1, 2]
    assert parsing.core() is module  # once


def test_a_suffix_with_no_file_is_passed_over(
    unloaded: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = list(importlib.machinery.EXTENSION_SUFFIXES)
    monkeypatch.setattr(importlib.machinery, "EXTENSION_SUFFIXES", [".none.so", *real])
    module = parsing._load_alone()
    assert module.from_json(b"{}") == {}


@pytest.mark.parametrize("found", [None, "no locations"])
def test_no_package_to_load_from_is_an_import_error(
    unloaded: ModuleType, monkeypatch: pytest.MonkeyPatch, found: str | None
) -> None:
    spec = None
    if found is not None:
        spec = importlib.machinery.ModuleSpec("pydantic_core", None, is_package=True)
        spec.submodule_search_locations = []
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    with pytest.raises(ImportError, match=r"^pydantic_core is not installed$"):
        parsing._load_alone()
    assert CORE not in sys.modules


@pytest.mark.parametrize("why", ["no file", "no spec", "no loader"])
def test_a_module_not_where_expected_is_an_import_error(
    unloaded: ModuleType, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    if why == "no file":
        monkeypatch.setattr(importlib.machinery, "EXTENSION_SUFFIXES", [".none.so"])
    elif why == "no spec":
        monkeypatch.setattr(importlib.util, "spec_from_file_location", lambda *a, **k: None)
    else:
        real = importlib.util.spec_from_file_location

        def loaderless(*args: object, **kwargs: object) -> object:
            spec = real(*args, **kwargs)  # type: ignore[arg-type]
            assert spec is not None
            spec.loader = None
            return spec

        monkeypatch.setattr(importlib.util, "spec_from_file_location", loaderless)
    with pytest.raises(
        ImportError, match=r"^pydantic_core.s compiled module is not where it is expected$"
    ):
        parsing._load_alone()
    assert CORE not in sys.modules


def test_a_module_that_fails_to_run_is_not_left_registered(
    unloaded: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object, module: ModuleType) -> None:
        assert sys.modules[CORE] is module  # registered while it runs, as import does
        raise RuntimeError("broken build")

    monkeypatch.setattr(importlib.machinery.ExtensionFileLoader, "exec_module", broken)
    with pytest.raises(RuntimeError, match="broken build"):
        parsing._load_alone()
    assert CORE not in sys.modules


def test_any_failure_falls_back_to_the_package(
    unloaded: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    def odd() -> ModuleType:
        raise ValueError("anything")

    monkeypatch.setattr(parsing, "_load_alone", odd)
    assert parsing.core() is pydantic_core._pydantic_core
