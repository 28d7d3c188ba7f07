"""Finding and reading a brief, and every way that can fail."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

import vzcli.brief as brief_module
from vzcli.brief import BUNDLED, load
from vzcli.errors import BriefInvalid, BriefUnreadable


def test_bundled_brief_loads_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled brief comes from the package, not the working folder."""
    monkeypatch.chdir(tmp_path)
    loaded = load()
    assert loaded.name == BUNDLED
    assert loaded.brief.source.title == "US and Russia: developments in Venezuela"


def test_env_var_names_the_brief(
    write_brief: Any, brief_dict: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """VZCLI_DATA is used when --data is not given; load() itself reads what it is told."""
    import vzcli

    brief_dict["source"]["title"] = "A brief of my own"
    path = write_brief(brief_dict)
    monkeypatch.setenv("VZCLI_DATA", str(path))
    assert vzcli.open().all_briefs[0].source.title == "A brief of my own"
    assert load().brief.source.title == "US and Russia: developments in Venezuela"
    assert load(str(path)).name == str(path)


def test_dash_reads_stdin(brief_dict: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """``-`` reads the brief from standard input."""
    raw = json.dumps(brief_dict).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert load("-").name == "<stdin>"


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    """A missing file is exit 66 and says so."""
    with pytest.raises(BriefUnreadable) as info:
        load(str(tmp_path / "nope.json"))
    assert info.value.exit_code == 66
    assert info.value.lines() == [f"{tmp_path / 'nope.json'}: no such file"]


def test_folder_is_unreadable(tmp_path: Path) -> None:
    """A folder is exit 66, not a traceback."""
    with pytest.raises(BriefUnreadable, match="folder"):
        load(str(tmp_path))


def test_no_permission_is_unreadable(write_brief: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file without read permission is exit 66."""
    path = write_brief("{}")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the open fail as it would for a user

        def deny(*args: Any, **kwargs: Any) -> Any:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(brief_module, "open", deny, raising=False)
    with pytest.raises(BriefUnreadable, match="permission denied"):
        load(str(path))


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "is empty"),
        ('{\n  "schema_version": 1,\n  "source": {,\n}', "line 3 column 14: invalid JSON"),
        ('{"schema_version": 1', "invalid JSON"),
        (b'{"a": "\xff"}', "line 1 column 8: not UTF-8"),
        (b"\xff\xfe{\x00}\x00", "is UTF-16"),
        ("[]", "Input should be an object"),
    ],
)
def test_unparseable_brief_is_invalid(
    write_brief: Any, content: str | bytes, fragment: str
) -> None:
    """Empty, malformed or mis-encoded briefs are exit 65 with the place named."""
    with pytest.raises(BriefInvalid) as info:
        load(str(write_brief(content)))
    assert info.value.exit_code == 65
    assert any(fragment in line for line in info.value.lines()), info.value.lines()


def test_utf8_bom_is_accepted(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """A leading byte-order mark (as some Windows editors write) is ignored."""
    path = write_brief(b"\xef\xbb\xbf" + json.dumps(brief_dict).encode())
    assert load(str(path)).brief.actors


def test_content_errors_name_the_record(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """A bad reference is reported as ``file: quotes[3].speaker: …``."""
    brief_dict["quotes"][3]["speaker"] = "lavorv"
    path = write_brief(brief_dict)
    with pytest.raises(BriefInvalid) as info:
        load(str(path))
    assert info.value.lines() == [
        f"{path}: quotes[3].speaker: unknown actor 'lavorv'; did you mean 'lavrov'?"
    ]


def test_all_problems_are_reported_and_capped(write_brief: Any, brief_dict: dict[str, Any]) -> None:
    """Every problem is found at once; the list is cut at 20 with a count of the rest."""
    for quote in brief_dict["quotes"]:
        quote["mood"] = "x"
        quote["setting"] = "radio"
    with pytest.raises(BriefInvalid) as info:
        load(str(write_brief(brief_dict)))
    lines = info.value.lines()
    total = 2 * len(brief_dict["quotes"])
    assert len(info.value.problems) == total
    assert len(lines) == 21
    assert lines[-1].endswith(f"… and {total - 20} more")
    assert "quotes[0].mood: unknown key" in lines[0] or "quotes[0].mood: unknown key" in lines[1]
