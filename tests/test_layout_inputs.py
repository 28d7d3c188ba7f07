"""Where a brief's parts stand in its text (layout.py), and which files a corpus reads
(inputs.py), each pinned on its own."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from vzcli import layout
from vzcli.brief import read_bytes
from vzcli.errors import BriefUnreadable, QueryError
from vzcli.inputs import locations


def test_the_layout_of_the_bundled_brief_finds_every_part_where_it_is() -> None:
    _, raw = read_bytes(None)
    found = layout.of(raw)
    assert found is not None
    data = json.loads(raw)
    assert found["schema_version"] == data["schema_version"]
    for name, value in data.items():
        if name == "schema_version":
            continue
        start, end = found[name][:2]
        assert json.loads(raw[start:end]) == value, name
    for name, key in layout.KEYS.items():
        records = found[name][2]
        assert [r[2] for r in records] == [d.get(key) for d in data[name]]
        assert [json.loads(raw[s:e]) for s, e, _ in records] == data[name]


def test_offsets_are_of_bytes_whatever_the_characters() -> None:
    text = '{"source": {"title": "Guaidó ✓"}, "quotes": [{"speaker": "ñ", "t": "“x”"}]}'
    raw = text.encode()
    found = layout.of(raw)
    assert found is not None
    start, end = found["source"]
    assert json.loads(raw[start:end]) == {"title": "Guaidó ✓"}
    [[s, e, key]] = found["quotes"][2]
    assert key == "ñ".encode().decode("latin-1")  # read as Latin-1, as every key is: ids are ASCII
    assert json.loads(raw[s:e]) == {"speaker": "ñ", "t": "“x”"}


def test_space_anywhere_json_allows_it() -> None:
    raw = b' \n{ "quotes" :\t[ {"speaker":"a"} ,\r\n {"speaker":"b"} ] ,"links":[] }\n '
    found = layout.of(raw)
    assert found is not None
    assert [r[2] for r in found["quotes"][2]] == ["a", "b"]
    assert found["links"][2] == []


def test_a_record_that_is_not_an_object_has_no_key() -> None:
    found = layout.of(b'{"quotes": [1, {"speaker": "x"}, {"other": 2}]}')
    assert found is not None
    assert [r[2] for r in found["quotes"][2]] == [None, "x", None]


@pytest.mark.parametrize(
    "raw",
    [
        b"[]",
        b'{"a": 1',
        b'{"a" 1}',
        b'{"a": 1} x',
        b'{"quotes": [{"speaker": "a"}',
        b"",
        b'{"a": tru}',
    ],
)
def test_what_is_not_a_plain_object_has_no_layout(raw: bytes) -> None:
    assert layout.of(raw) is None


def test_a_brief_of_many_records_keeps_only_its_collections_spans(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = json.dumps(
        {"quotes": [{"speaker": "a"}] * 3, "claims": [{"holder": "b"}] * 2, "events": []}
    ).encode()
    monkeypatch.setattr(layout, "MAX_ENTRIES", 5)
    found = layout.of(raw)
    assert found is not None
    assert len(found["quotes"]) == 3  # 5 records: kept
    monkeypatch.setattr(layout, "MAX_ENTRIES", 4)
    found = layout.of(raw)
    assert found is not None
    assert len(found["quotes"]) == 2  # more than 4: spans only
    assert len(found["claims"]) == 2
    assert len(found["events"]) == 2


# --- which briefs ---------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    where = tmp_path / "briefs"
    where.mkdir()
    for name in ("b.json", "a.json", ".hidden.json", "c.schema.json", "notes.txt", "A.JSON"):
        (where / name).write_text("{}", encoding="utf-8")
    return where


def test_a_folder_is_its_json_files_sorted_but_not_its_schemas(folder: Path) -> None:
    names = [os.path.basename(p or "") for p in locations([str(folder)])]
    expected = [".hidden.json", "a.json", "b.json"]
    if os.path.normcase("A.JSON") == "a.json":  # a file system that ignores case
        expected = [".hidden.json", "A.JSON", "a.json", "b.json"]
    assert names == expected


def test_a_folder_is_named_as_given_tidied(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    assert locations(["./briefs/"])[1] == os.path.join("briefs", "a.json")


def test_files_and_folders_in_the_order_given(folder: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text("{}", encoding="utf-8")
    found = locations([str(one), str(folder), "-"])
    assert found[0] == str(one)
    assert found[-1] == "-"
    assert len(found) == 5


def test_no_data_is_the_env_var_else_the_bundled_brief(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VZCLI_DATA", raising=False)
    assert locations(None) == [None]
    assert locations([]) == [None]
    assert locations(["", ""]) == [None]  # empty --data: not given
    monkeypatch.setenv("VZCLI_DATA", f"x.json{os.pathsep}y.json")
    assert locations(None) == ["x.json", "y.json"]
    monkeypatch.setenv("VZCLI_DATA", "")
    assert locations(None) == [None]


def test_an_empty_entry_in_the_env_var_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    listed = f"x.json{os.pathsep}"
    monkeypatch.setenv("VZCLI_DATA", listed)
    with pytest.raises(QueryError) as info:
        locations(None)
    assert str(info.value) == (
        f"$VZCLI_DATA has an empty entry ({listed!r}); separate briefs and folders "
        f"with a single {os.pathsep!r}"
    )


def test_stdin_once_only() -> None:
    assert locations(["-", "x.json"]) == ["-", "x.json"]
    with pytest.raises(QueryError, match="only one --data may be '-': stdin holds one brief"):
        locations(["-", "-"])


def test_a_folder_without_a_brief_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "x.schema.json").write_text("{}", encoding="utf-8")
    with pytest.raises(BriefUnreadable) as info:
        locations([str(tmp_path)])
    assert info.value.problems == ["holds no brief (no *.json file in the folder)"]
    assert info.value.name == str(tmp_path)


def test_a_folder_that_cannot_be_listed_is_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(path: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", denied)
    with pytest.raises(BriefUnreadable) as info:
        locations([str(tmp_path)])
    assert info.value.problems == ["cannot list the folder: Permission denied"]
