"""Shared fixtures: an isolated environment and the article and brief on disk."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vzcli import export, rebuild, validate
from vzcli.brief import ENV_VAR
from vzcli.dates import _parse_cached

ROOT = Path(__file__).resolve().parents[1]
_ARTICLE_NAME = Path("shared", "source", "000_b4b55fe525840363.txt")
ARTICLE_VAR = "VZCLI_TEST_ARTICLE"
"""Names the bundled brief's article for the tests, wherever it is."""
# Else: CI lays shared/ beside the checkout; mutmut runs the tests from a copy
# one level deeper (mutants/), so look one folder further up too.
ARTICLE = (
    Path(os.environ[ARTICLE_VAR])
    if os.environ.get(ARTICLE_VAR)
    else next(
        (
            p
            for p in (ROOT.parent / _ARTICLE_NAME, ROOT.parent.parent / _ARTICLE_NAME)
            if p.exists()
        ),
        ROOT.parent / _ARTICLE_NAME,
    )
)
NO_ARTICLE = (
    f"the article is not at {ARTICLE}: set {ARTICLE_VAR} to its path, "
    "or lay shared/source/ beside the checkout"
)
"""Why a test that needs the article skips, and how to give it the article."""


@pytest.fixture(scope="session")
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One validation cache for the session, so most runs take the cached path."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, _cache_home: Path) -> None:
    """Tests never depend on the caller's brief, article, cache, terminal width or colours."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delenv("VZCLI_SOURCE", raising=False)
    monkeypatch.delenv("VZCLI_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(_cache_home))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _cold_memos() -> None:
    """Every test runs the code it tests, not what an earlier test memoised.

    Parsed dates and the plans for building records are cheap to redo, so
    they are always cleared.  Under mutmut, which forks each mutant's run
    from a process that has already run every test, the built pydantic
    validator is cleared too when the mutant is in a module that builds it
    (validate, models, dates): otherwise such a mutant would never run.  It
    costs ~50 ms a test, so only there.
    """
    _parse_cached.cache_clear()
    rebuild._PLANS.clear()
    # The export's schema is made once a process from the brief's: a mutant of
    # the code that makes it must make it again.
    for memo in (export.schema, export.tables, export._fields, export._refs):
        memo.cache_clear()
    if os.environ.get("MUTANT_UNDER_TEST", "").startswith(_BUILDS_THE_VALIDATOR):
        validate._adapter.cache_clear()


_BUILDS_THE_VALIDATOR = ("vzcli.validate.", "vzcli.models.", "vzcli.dates.")
"""The modules whose mutants can change the pydantic validator of a brief."""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A validation cache of this test's own, empty: its folder (not yet made)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "vzcli"


@pytest.fixture
def article() -> Path:
    """The article the bundled brief describes (CI lays shared/ beside the repo)."""
    if not ARTICLE.exists():
        pytest.skip(NO_ARTICLE)
    return ARTICLE


@pytest.fixture
def brief_dict() -> dict[str, Any]:
    """The bundled brief as plain JSON, to be mutated into broken copies."""
    from vzcli.brief import read_bytes

    data: dict[str, Any] = json.loads(read_bytes(None)[1])
    return data


@pytest.fixture
def write_brief(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a brief (dict or raw text/bytes) to a file and return its path."""

    def write(content: dict[str, Any] | str | bytes, name: str = "brief.json") -> Path:
        path = tmp_path / name
        if isinstance(content, dict):
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return write


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs, mounted for this test (needs root)."""
    where = tmp_path / f"disk-{uuid.uuid4().hex[:8]}"
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(
            f"cannot mount a tmpfs here ({done.stderr.decode().strip()}): ran in-process instead"
        )
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)
