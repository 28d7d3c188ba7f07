"""Which parser reads the JSON of what was certified before (briefs' parts and the
certificates themselves), and pydantic-core's compiled module, loaded without the
rest of pydantic-core.

``json``'s parser, until :func:`parse_fast` is called.  pydantic-core's
parses a brief's actors five times as fast, but is worth loading only for a
corpus of hundreds of briefs.  It is the parser that validated them, so it
reads them alike.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

loads: list[Callable[[bytes], Any]] = [json.loads]
"""The parser in use, in a list so that every module sees the switch."""

_CORE = "pydantic_core._pydantic_core"


def parse_fast() -> None:
    """Parse with pydantic-core's parser from now on."""
    loads[0] = core().from_json


def core() -> ModuleType:
    """pydantic-core's compiled module (``from_json``, ``to_json``), loaded once.

    Importing the ``pydantic_core`` package costs 27 ms, almost all of it its
    schema types and ``typing_extensions``, which parsing and writing JSON
    never use; its compiled module alone loads in 5.  It is loaded as the
    package would load it, under the same name, so that pydantic, when a
    brief is validated later in the run, finds it and uses it.  Anything odd
    (no such file, another layout): the package is imported as usual.
    """
    found = sys.modules.get(_CORE)
    if found is not None:
        return found
    try:
        return _load_alone()
    except Exception:  # any failure: the public way, slower, never broken
        import pydantic_core

        return pydantic_core._pydantic_core


def _load_alone() -> ModuleType:
    from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
    from importlib.util import find_spec, module_from_spec, spec_from_file_location

    package = find_spec("pydantic_core")  # finds the package without importing it
    if package is None or not package.submodule_search_locations:
        raise ImportError("pydantic_core is not installed")
    folder = next(iter(package.submodule_search_locations))
    for suffix in EXTENSION_SUFFIXES:
        path = os.path.join(folder, "_pydantic_core" + suffix)
        if os.path.isfile(path):
            spec = spec_from_file_location(_CORE, path, loader=ExtensionFileLoader(_CORE, path))
            if spec is None or spec.loader is None:
                break
            module = module_from_spec(spec)
            sys.modules[_CORE] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[_CORE]
                raise
            return module
    raise ImportError("pydantic_core's compiled module is not where it is expected")
