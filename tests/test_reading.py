"""Reading a brief's bytes: the size cap to the byte, pipes and stdin read to it, the
stat that vouches for a file only when it held still, and every encoding refusal
with its exact words."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path
from typing import Any

import pytest

import vzcli.brief as brief_module
from vzcli.brief import check_encoding, decode, read_bytes, read_file, read_file_stat
from vzcli.errors import BriefInvalid

CAP = 64


@pytest.fixture
def capped(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(brief_module, "MAX_BYTES", CAP)
    return CAP


def too_big(error: BriefInvalid, name: str) -> None:
    assert error.name == name
    assert error.problems == ["larger than 0 MiB; vzcli refuses files that big"]


@pytest.mark.parametrize("size", [CAP - 1, CAP])
def test_a_file_at_the_cap_is_read_whole(tmp_path: Path, capped: int, size: int) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(b"x" * size)
    data, info = read_file_stat(str(path))
    assert data == b"x" * size
    assert info is not None
    assert (info.st_ino, info.st_size, info.st_mtime_ns) == (
        path.stat().st_ino,
        size,
        path.stat().st_mtime_ns,
    )
    assert read_file(str(path)) == data


def test_a_file_a_byte_over_the_cap_is_refused(tmp_path: Path, capped: int) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(b"x" * (CAP + 1))
    with pytest.raises(BriefInvalid) as info:
        read_file(str(path))
    too_big(info.value, str(path))


def _fifo(tmp_path: Path, payload: bytes) -> str:
    """A named pipe a thread writes ``payload`` into: it says size 0, as pipes do."""
    path = tmp_path / "pipe.json"
    os.mkfifo(path)

    def feed() -> None:
        with open(path, "wb") as fh:
            fh.write(payload)

    threading.Thread(target=feed, daemon=True).start()
    return str(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_read_to_the_cap(tmp_path: Path, capped: int) -> None:
    assert read_file(_fifo(tmp_path, b"y" * CAP)) == b"y" * CAP


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_past_the_cap_is_refused(tmp_path: Path, capped: int) -> None:
    where = _fifo(tmp_path, b"y" * (CAP + 1))
    with pytest.raises(BriefInvalid) as info:
        read_file(where)
    too_big(info.value, where)


def test_a_file_that_grows_while_read_is_read_to_the_cap(
    tmp_path: Path, capped: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file bigger than its stat said (it grew) is read on, to the cap, not cut at
    the size it said; and its stat vouches for nothing."""
    path = tmp_path / "b.json"
    path.write_bytes(b"z" * 10)
    real = os.fstat
    calls: list[int] = []

    def growing(fd: int) -> os.stat_result:
        calls.append(fd)
        found = real(fd)
        if len(calls) == 1:  # the size said before reading; then the file grows
            with open(path, "ab") as fh:
                fh.write(b"z" * 30)
        return found

    monkeypatch.setattr(brief_module.os, "fstat", growing)
    data, info = read_file_stat(str(path))
    assert data == b"z" * 40
    assert info is None


def test_a_file_changed_while_read_has_no_stat_to_trust(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(b"{}")
    real = os.fstat
    seen: list[os.stat_result] = []

    def changing(fd: int) -> os.stat_result:
        found = real(fd)
        seen.append(found)
        if len(seen) == 2:  # after reading: as if it were written meanwhile
            fields = list(found)
            fields[8] += 1  # st_mtime (whole seconds), and so its nanoseconds below
            changed = os.stat_result(
                (*fields[:10],), {"st_mtime_ns": found.st_mtime_ns + 1_000_000_000}
            )
            return changed
        return found

    monkeypatch.setattr(brief_module.os, "fstat", changing)
    assert read_file_stat(str(path)) == (b"{}", None)


def test_stdin_is_read_to_the_cap(capped: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"s" * CAP)))
    assert read_bytes("-") == ("<stdin>", b"s" * CAP)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"s" * (CAP + 1))))
    with pytest.raises(BriefInvalid) as info:
        read_bytes("-")
    too_big(info.value, "<stdin>")


def test_the_bundled_brief_is_read_by_name() -> None:
    name, data = read_bytes(None)
    assert name == brief_module.BUNDLED
    assert data.startswith(b"{")
    assert b'"us-russia-venezuela"' in data


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "is empty; a brief is a JSON object"),
        (b" \n\t ", "is empty; a brief is a JSON object"),
        (b"\xff\xfe{\x00", "is UTF-16 text; save it as UTF-8"),
        (b"\xfe\xff\x00{", "is UTF-16 text; save it as UTF-8"),
        (b'{"a":\n  "\xe9"}', "line 2 column 4: not UTF-8 text (byte 0xe9)"),
        (b'\n\n{"b": 1, "c": "\xc3"}', "line 3 column 16: not UTF-8 text (byte 0xc3)"),
    ],
)
def test_what_is_not_utf8_json_text_is_refused_saying_why(raw: bytes, problem: str) -> None:
    with pytest.raises(BriefInvalid) as info:
        check_encoding("b.json", raw)
    assert info.value.name == "b.json"
    assert info.value.problems == [problem]
    if raw.strip():
        with pytest.raises(BriefInvalid) as decoded:
            decode("b.json", raw)
        assert decoded.value.problems == [problem]


def test_utf8_text_passes_and_decodes_without_its_bom() -> None:
    check_encoding("b.json", '{"a": "é"}'.encode())
    assert decode("b.json", b'\xef\xbb\xbf{"a": 1}') == '{"a": 1}'
    assert decode("b.json", '{"é": 1}'.encode()) == '{"é": 1}'
    with pytest.raises(BriefInvalid) as info:
        decode("b.json", b"\xef\xbb\xbf  ")
    assert info.value.problems == ["is empty; a brief is a JSON object"]


def test_the_cap_is_said_in_mebibytes(monkeypatch: Any) -> None:
    monkeypatch.setattr(brief_module, "MAX_BYTES", 3 * 1024 * 1024)
    assert brief_module._too_big() == "larger than 3 MiB; vzcli refuses files that big"
