"""Reading a brief and its article, and the exact lines an invalid brief is refused with.

Pins what tests/test_brief.py and tests/test_reading.py leave loose: where a
byte that is not UTF-8 is said to stand (its line and column, whatever follows
it), the name an unreadable or wrong article is reported under, the message
of each way pydantic refuses a brief, how ``format_loc`` drops the names of
union members, and when a corpus's store indexes a brief again.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import vzcli
import vzcli.brief as brief_module
from vzcli import cache, layout, parsing, validate
from vzcli.brief import (
    BUNDLED,
    FAST_PARSE_FROM,
    brief_id,
    corpus_store,
    load,
    read_bytes,
    source_path,
)
from vzcli.errors import BriefError, BriefInvalid, BriefUnreadable, WrongArticle
from vzcli.store import Store
from vzcli.validate import format_loc

Breakage = Callable[[dict[str, Any]], None]


# --- the user's brief ----------------------------------------------------------


def test_the_named_article_comes_first_then_its_environment_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An empty variable names no file."""
    monkeypatch.setenv("VZCLI_SOURCE", "from-env.txt")
    assert source_path("given.txt") == "given.txt"
    assert source_path(None) == "from-env.txt"
    assert source_path("") == "from-env.txt"
    monkeypatch.setenv("VZCLI_SOURCE", "")
    assert source_path(None) is None


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [("Wire Report (May).json", "wire-report-may"), ("Ñoño.json", "nono"), ("___.json", "brief")],
    ids=["spaces", "accents", "nothing-left"],
)
def test_a_brief_without_an_id_is_named_by_its_file(
    write_brief: Callable[..., Path], brief_dict: dict[str, Any], file_name: str, expected: str
) -> None:
    brief_dict["source"].pop("id")
    loaded = load(str(write_brief(brief_dict, file_name)))
    assert loaded.id == expected
    assert (brief_id(loaded.brief, "-"), brief_id(loaded.brief, None)) == ("stdin", "bundled")


def test_a_brief_s_own_id_wins_over_where_it_was_read() -> None:
    brief = load().brief
    assert [brief_id(brief, where) for where in (None, "-", "x/other.json")] == [
        "us-russia-venezuela"
    ] * 3


# --- the bundled brief ----------------------------------------------------------


def _installed_at(monkeypatch: pytest.MonkeyPatch, module: Path) -> None:
    """Make vzcli.brief believe it was imported from ``module``."""
    monkeypatch.setattr(brief_module, "__file__", str(module))


def test_the_bundled_brief_is_the_copy_beside_the_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel's copy wins over a ``data/brief.json`` two folders up."""
    package = tmp_path / "site" / "vzcli"
    (package / "data").mkdir(parents=True)
    (package / "data" / "brief.json").write_bytes(b'{"copy": "wheel"}')
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "brief.json").write_bytes(b'{"copy": "checkout"}')
    _installed_at(monkeypatch, package / "brief.py")
    assert read_bytes(None) == (BUNDLED, b'{"copy": "wheel"}')


def test_an_editable_install_reads_the_bundled_brief_beside_src(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "src" / "vzcli").mkdir(parents=True)
    (checkout / "data").mkdir()
    (checkout / "data" / "brief.json").write_bytes(b'{"copy": "checkout"}')
    _installed_at(monkeypatch, checkout / "src" / "vzcli" / "brief.py")
    assert read_bytes(None) == (BUNDLED, b'{"copy": "checkout"}')


def test_a_bundled_brief_found_nowhere_asks_for_a_reinstall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _installed_at(monkeypatch, tmp_path / "checkout" / "src" / "vzcli" / "brief.py")
    with pytest.raises(BriefUnreadable) as info:
        read_bytes(None)
    assert info.value.lines() == [
        "<bundled brief>: cannot read the brief shipped with vzcli "
        "(No such file or directory); reinstall vzcli"
    ]


# --- a file that cannot be read -----------------------------------------------------


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (IsADirectoryError(21, "Is a directory"), "is a folder, not a brief file"),
        (FileNotFoundError(2, "No such file or directory"), "no such file"),
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(40, "Too many levels of symbolic links"), "Too many levels of symbolic links"),
        # No errno, no strerror: the error's own words.
        (OSError("the device went away"), "the device went away"),
    ],
)
def test_a_file_that_cannot_be_opened_is_unreadable_saying_why(
    monkeypatch: pytest.MonkeyPatch, error: OSError, problem: str
) -> None:
    def refuse(*args: object) -> None:
        raise error

    monkeypatch.setattr(brief_module, "open", refuse, raising=False)
    with pytest.raises(BriefUnreadable) as info:
        load("briefs/a.json")
    assert info.value.exit_code == 66
    assert info.value.lines() == [f"briefs/a.json: {problem}"]


def test_a_symlink_loop_is_unreadable_in_the_system_s_words(tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    with pytest.raises(BriefUnreadable) as info:
        load(str(loop))
    assert info.value.lines() == [f"{loop}: Too many levels of symbolic links"]


# --- a stream that never ends ---------------------------------------------------

CAP = 64


class _Endless:
    """A stream that never ends, as ``yes |`` or /dev/zero: an unbounded read of it
    would never return, so it fails the test instead."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = self  # as sys.stdin

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            raise AssertionError("read to the end of a stream that has none")
        return b" " * size

    def fileno(self) -> int:
        return self.fd

    def __enter__(self) -> _Endless:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


@pytest.fixture
def endless(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Endless]:
    """An endless stream on a pipe (whose size says nothing), with the cap made small."""
    monkeypatch.setattr(brief_module, "MAX_BYTES", CAP)
    read_end, write_end = os.pipe()
    yield _Endless(read_end)
    os.close(read_end)
    os.close(write_end)


def test_an_endless_stdin_is_refused_at_the_cap(
    endless: _Endless, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", endless)
    with pytest.raises(BriefInvalid) as info:
        read_bytes("-")
    assert info.value.lines() == ["<stdin>: larger than 0 MiB; vzcli refuses files that big"]


def test_an_endless_device_is_refused_at_the_cap(
    endless: _Endless, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(brief_module, "open", lambda *args: endless, raising=False)
    with pytest.raises(BriefInvalid) as info:
        read_bytes("/dev/zero")
    assert info.value.lines() == ["/dev/zero: larger than 0 MiB; vzcli refuses files that big"]


# --- bytes that are not UTF-8 --------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "place"),
    [
        # Newlines after the bad byte count for neither its line nor its column.
        (b'{\n  "a": "\xff"\n}\n\n', "line 2 column 9"),
        # A newline as the file's first byte is the end of line 1 like any other.
        (b'\n\xff{"a": 1}', "line 2 column 1"),
    ],
    ids=["newlines-after-it", "a-newline-first"],
)
def test_a_byte_that_is_not_utf8_is_placed_by_the_lines_before_it(
    write_brief: Callable[..., Path], raw: bytes, place: str
) -> None:
    path = write_brief(raw)
    with pytest.raises(BriefInvalid) as info:
        load(str(path))
    assert info.value.lines() == [f"{path}: {place}: not UTF-8 text (byte 0xff)"]


# --- the article ---------------------------------------------------------------


def test_an_article_that_is_not_utf8_is_named_by_its_path(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(b"Moscow, May 7\n\xe9t\xe9\n")
    with pytest.raises(BriefInvalid) as info:
        vzcli.open(source=str(article))
    assert info.value.lines() == [f"{article}: line 2 column 1: not UTF-8 text (byte 0xe9)"]


def test_the_wrong_article_is_refused_with_both_digests_cut_to_twelve_digits(
    tmp_path: Path,
) -> None:
    text = "Not the article about Venezuela.\n"
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with pytest.raises(WrongArticle) as info:
        vzcli.open(source=str(article))
    assert info.value.lines() == [
        f"{article}: not the article this brief describes (sha256 {digest[:12]}…, "
        f"{len(text)} characters; the brief expects c313e83cd3b4…, 6106 characters)"
    ]


# --- what pydantic refuses, one line a problem -----------------------------------


def _drop(*keys: str) -> Breakage:
    def breakage(brief: dict[str, Any]) -> None:
        *where, last = keys
        node: Any = brief
        for key in where:
            node = node[int(key)] if isinstance(node, list) else node[key]
        del node[last]

    return breakage


def _set(value: object, *keys: str) -> Breakage:
    def breakage(brief: dict[str, Any]) -> None:
        *where, last = keys
        node: Any = brief
        for key in where:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[last] = value

    return breakage


@pytest.mark.parametrize(
    ("breakage", "problems"),
    [
        pytest.param(
            _drop("schema_version"),
            ["schema_version: required key is missing"],
            id="no-schema-version",
        ),
        pytest.param(
            _set("3", "schema_version"),
            ['schema_version: must be 3 (or 2), the brief format this vzcli reads, not "3"'],
            id="schema-version-a-string",
        ),
        pytest.param(
            _set(1, "schema_version"),
            [
                "schema_version: this is a schema 1 brief; this vzcli reads schemas 2 and 3 "
                "(claims, links and inferred fields; see CHANGELOG.md for the changes)"
            ],
            id="schema-1",
        ),
        pytest.param(
            _drop("actors", "0", "name"),
            ["actors[0].name: required key is missing"],
            id="missing-field",
        ),
        pytest.param(
            _set("many", "stats", "0", "value"),
            [
                "stats[0].value: Input should be a valid integer",
                "stats[0].value: Input should be a valid number",
            ],
            id="union-member-names-dropped",
        ),
        pytest.param(
            _set(1, "actors", "0", "str"),
            ["actors[0].str: unknown key"],
            id="unknown-key-named-like-a-union-member",
        ),
        pytest.param(
            _drop("actors"),
            ["actors: required key is missing"],
            id="no-actors",
        ),
        pytest.param(
            _set("6106", "source", "length"),
            ["source.length: Input should be a valid integer"],
            id="strict-a-number-in-a-string",
        ),
        pytest.param(
            _set(1, "$schema"),
            ["$schema: Input should be a valid string"],
            id="schema-link-not-a-string",
        ),
        pytest.param(
            _set("nobody", "quotes", "0", "speaker"),
            ["quotes[0].speaker: unknown actor 'nobody'"],
            id="integrity",
        ),
        pytest.param(
            _set("soon", "events", "0", "date"),
            ["events[0].date: 'soon' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"],
            id="value-error-prefix-dropped",
        ),
    ],
)
def test_each_problem_of_an_invalid_brief_is_one_exact_line(
    write_brief: Callable[..., Path],
    brief_dict: dict[str, Any],
    breakage: Breakage,
    problems: list[str],
) -> None:
    broken = copy.deepcopy(brief_dict)
    breakage(broken)
    path = write_brief(broken)
    with pytest.raises(BriefError) as info:
        vzcli.open(str(path))
    assert info.value.lines() == [f"{path}: {p}" for p in problems]


def test_a_brief_s_link_to_its_json_schema_is_accepted_and_ignored(
    write_brief: Callable[..., Path], brief_dict: dict[str, Any]
) -> None:
    path = write_brief({"$schema": "https://example.org/brief.schema.json", **brief_dict})
    assert load(str(path)).brief.source.title == "US and Russia: developments in Venezuela"


def test_only_the_collections_asked_for_are_validated(
    write_brief: Callable[..., Path], brief_dict: dict[str, Any]
) -> None:
    """The source and the actors always; the others are left empty, unread."""
    brief_dict["stats"][0]["value"] = "many"
    path = write_brief(brief_dict)
    [brief] = vzcli.open(str(path), collections=["quotes"]).all_briefs
    assert (len(brief.actors), len(brief.quotes), brief.stats, brief.events) == (14, 18, [], [])
    with pytest.raises(BriefInvalid) as info:
        vzcli.open(str(path))
    assert info.value.problems == [
        "stats[0].value: Input should be a valid integer",
        "stats[0].value: Input should be a valid number",
    ]


@pytest.mark.parametrize(
    ("breakage", "problems"),
    [
        pytest.param(
            lambda brief: brief.update(qoutes=brief.pop("quotes")),
            ["qoutes: unknown key"],
            id="misspelled",
        ),
        pytest.param(
            lambda brief: (brief.pop("quotes"), _set("5300000", "stats", "0", "value")(brief)),
            [
                "stats[0].value: Input should be a valid integer",
                "stats[0].value: Input should be a valid number",
            ],
            id="strictly",
        ),
    ],
)
def test_a_brief_without_a_collection_asked_for_is_validated_whole(
    write_brief: Callable[..., Path],
    brief_dict: dict[str, Any],
    breakage: Breakage,
    problems: list[str],
) -> None:
    """Its absence is legal, but it may be a misspelled key, which only the whole
    brief's validation (as strict as the rest) reports."""
    breakage(brief_dict)
    path = write_brief(brief_dict)
    with pytest.raises(BriefInvalid) as info:
        vzcli.open(str(path), collections=["quotes"])
    assert info.value.problems == problems


def test_the_brief_schema_names_the_format_and_says_what_its_own_keys_are() -> None:
    """What ``vzcli schema brief`` tells an editor of the two keys that are no record's."""
    from vzcli.schema import SchemaName, json_schema

    spec = json_schema(SchemaName.BRIEF)
    assert spec["title"] == "Brief"
    assert spec["properties"]["$schema"] == {
        "description": "a JSON Schema for editors; vzcli ignores it",
        "title": "$Schema",
        "type": "string",
    }
    assert spec["properties"]["schema_version"] == {
        "description": "3; a brief of schema 2 (no source metadata) is read as schema 3",
        "enum": [2, 3],
        "title": "Schema Version",
        "type": "integer",
    }


def test_a_schema_2_brief_is_read_too(
    write_brief: Callable[..., Path], brief_dict: dict[str, Any]
) -> None:
    brief_dict["schema_version"] = 2
    brief = load(str(write_brief(brief_dict))).brief
    assert (brief.schema_version, len(brief.quotes)) == (2, 18)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"schema_version": 3,}', "line 1 column 22: invalid JSON: trailing comma"),
        ('{\n  "schema_version" 3\n}', "line 2 column 20: invalid JSON: expected `:`"),
        ('{"schema_version": 3', "line 1 column 20: invalid JSON: EOF while parsing an object"),
        # The whole file is the wrong shape: there is no place to name.
        ("[]", "Input should be an object"),
    ],
    ids=["trailing-comma", "no-colon", "cut-short", "a-list"],
)
def test_a_brief_that_is_not_a_json_object_is_refused_where_the_parser_stopped(
    write_brief: Callable[..., Path], text: str, problem: str
) -> None:
    path = write_brief(text)
    with pytest.raises(BriefInvalid) as info:
        vzcli.open(str(path))
    assert info.value.lines() == [f"{path}: {problem}"]


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        (("quotes", 3, "speaker"), "quotes[3].speaker"),
        (("stats", 0, "value", "float"), "stats[0].value"),
        (("events", 0, "date", "function-after[parse(), str]"), "events[0].date"),
        # A member of a union is skipped, not the end of the path.
        (("actors", 2, "aliases", "list[str]", 0), "actors[2].aliases[0]"),
        (("actors", 2, "str", "name"), "actors[2].name"),
        ((), ""),
    ],
)
def test_a_location_names_the_field_not_the_member_of_a_union(
    loc: tuple[int | str, ...], path: str
) -> None:
    """Pydantic names the member of a union that failed; users know the field."""
    assert format_loc(loc) == path


# --- the validation cache --------------------------------------------------------


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A validation cache of the test's own: no brief is certified yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


@pytest.mark.usefixtures("own_cache")
@pytest.mark.parametrize("enabled", [True, False])
def test_reading_a_brief_leaves_the_garbage_collector_as_it_found_it(
    write_brief: Callable[..., Path], brief_dict: dict[str, Any], enabled: bool
) -> None:
    """Validating and rebuilding pause it; a library must not leave it paused."""
    path = str(write_brief(brief_dict))
    try:
        if not enabled:
            gc.disable()
        load(path)  # validated
        assert gc.isenabled() is enabled
        load(path)  # certified: built from its JSON
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_without_the_cache_a_brief_is_validated_as_with_it(
    monkeypatch: pytest.MonkeyPatch, write_brief: Callable[..., Path], brief_dict: dict[str, Any]
) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")
    brief_dict["stats"][0]["value"] = "many"
    del brief_dict["source"]["id"]
    path = str(write_brief(brief_dict, "wire.json"))
    loaded = load(path, ["quotes"])
    assert (loaded.name, loaded.id, len(loaded.brief.quotes), loaded.brief.stats) == (
        path,
        "wire",
        18,
        [],
    )
    with pytest.raises(BriefInvalid) as info:
        load(path)
    assert info.value.lines() == [
        f"{path}: stats[0].value: Input should be a valid integer",
        f"{path}: stats[0].value: Input should be a valid number",
    ]


@pytest.mark.usefixtures("own_cache")
def test_a_certificate_grows_with_each_collection_validated_and_keeps_its_layout(
    write_brief: Callable[..., Path], brief_dict: dict[str, Any]
) -> None:
    path = write_brief(brief_dict)
    load(str(path), ["quotes"])  # validated
    load(str(path), ["quotes"])  # laid out
    load(str(path), ["stats"])  # validated
    found = cache.certificate(cache.digest(path.read_bytes()))
    assert found is not None
    assert found.collections == {"quotes", "stats"}
    assert found.layout == layout.of(path.read_bytes())


@pytest.mark.usefixtures("own_cache")
def test_laying_out_a_brief_vouches_for_no_more_of_it_than_was_validated(
    write_brief: Callable[..., Path], brief_dict: dict[str, Any]
) -> None:
    brief_dict["stats"][0]["value"] = "many"
    path = str(write_brief(brief_dict))
    load(path, ["quotes"])  # validated
    load(path, ["quotes"])  # laid out, and certified again
    with pytest.raises(BriefInvalid) as info:
        load(path)
    assert info.value.problems == [
        "stats[0].value: Input should be a valid integer",
        "stats[0].value: Input should be a valid number",
    ]


def _laid_out(path: Path) -> layout.Layout | None:
    """The layout the cache holds of the brief at ``path`` after it was read twice
    (the first reading validates it, the second lays it out)."""
    for _ in range(2):
        load(str(path))
    found = cache.certificate(cache.digest(path.read_bytes()))
    assert found is not None
    return found.layout


@pytest.mark.usefixtures("own_cache")
@pytest.mark.parametrize("padding", [0, 1024 * 1024], ids=["small", "big"])
def test_a_brief_saved_with_a_bom_reads_from_the_cache_as_without_one(
    write_brief: Callable[..., Path], brief_dict: dict[str, Any], padding: int
) -> None:
    """Laid out when small, parsed whole by pydantic-core when big: neither reads a BOM."""
    raw = json.dumps(brief_dict).encode() + b" " * padding
    path = write_brief(b"\xef\xbb\xbf" + raw)
    assert _laid_out(path) == (layout.of(raw) if not padding else None)
    brief = load(str(path)).brief
    assert (brief.source.title, len(brief.quotes)) == (
        "US and Russia: developments in Venezuela",
        18,
    )


@pytest.mark.usefixtures("own_cache")
def test_a_brief_read_from_the_cache_gives_only_the_collections_asked_for(
    write_brief: Callable[..., Path], brief_dict: dict[str, Any]
) -> None:
    """From its JSON (the second reading) as from its layout (the third)."""
    path = str(write_brief(brief_dict))
    load(path)  # validated whole
    for _ in range(2):
        brief = load(path, ["quotes"]).brief
        assert (len(brief.actors), len(brief.quotes), brief.stats, brief.events) == (
            14,
            18,
            [],
            [],
        )
    found = cache.certificate(cache.digest(Path(path).read_bytes()))
    assert found is not None
    assert found.layout is not None


@pytest.mark.usefixtures("own_cache")
@pytest.mark.parametrize(("size", "laid_out"), [(1024 * 1024, True), (1024 * 1024 + 1, False)])
def test_only_a_brief_of_a_mebibyte_or_less_is_laid_out(
    write_brief: Callable[..., Path], brief_dict: dict[str, Any], size: int, laid_out: bool
) -> None:
    """A bigger one is read whole, and fast, by pydantic-core's parser."""
    raw = json.dumps(brief_dict).encode()
    path = write_brief(raw + b" " * (size - len(raw)))
    assert (_laid_out(path) is not None) is laid_out


# --- a corpus's store ------------------------------------------------------------


@pytest.mark.usefixtures("own_cache")
@pytest.mark.parametrize(
    ("found", "kept"),
    [
        ([], False),
        (["a.json"], False),
        (["-", "a.json"], False),
        ([None, "a.json"], False),
        (["a.json", "b.json"], True),
    ],
)
def test_a_store_is_kept_for_two_brief_files_or_more(
    tmp_path: Path, found: list[str | None], kept: bool
) -> None:
    """Stdin and the bundled brief are no files: they are certified one by one."""
    where = [w if w in (None, "-") else str(tmp_path / w) for w in found]
    assert (corpus_store(where) is not None) is kept


@pytest.mark.usefixtures("own_cache")
@pytest.mark.parametrize(
    ("briefs", "fast"), [(FAST_PARSE_FROM - 1, False), (FAST_PARSE_FROM, True)]
)
def test_a_corpus_of_hundreds_of_briefs_is_parsed_by_pydantic_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, briefs: int, fast: bool
) -> None:
    monkeypatch.setattr(parsing, "loads", [json.loads])
    corpus_store([str(tmp_path / f"{n}.json") for n in range(briefs)])
    assert (parsing.loads[0] is not json.loads) is fast


# --- a corpus's store indexes a brief again when its index falls short ------------


@pytest.fixture
def stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, brief_dict: dict[str, Any]
) -> tuple[str, Callable[[], Store]]:
    """A brief on disk, settled (read a minute after it was written), and a way to
    open its folder's store in a cache of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    later = time.time_ns() + 60_000_000_000
    monkeypatch.setattr(time, "time_ns", lambda: later)
    path = tmp_path / "briefs" / "a.json"
    path.parent.mkdir()
    path.write_text(json.dumps(brief_dict), encoding="utf-8")

    def opened() -> Store:
        store = Store.of([str(path)])
        assert store is not None
        return store

    return str(path), opened


def _run(where: str, store: Store, collections: list[str] | None) -> cache.Index | None:
    """Load the brief as one run of a corpus does, and save the store: its index, if
    this run made one."""
    indexed = load(where, collections, store).indexed
    store.save()
    return indexed


DENIALS = [
    ["r-moscow-denies-claims", "r-pompeo-moscow-persuaded"],
    ["r-moscow-denies-claims", "r-us-blames-russia"],
]
"""The bundled brief's ``denies`` links, as an index holds them."""


def _denials(index: cache.Index | None) -> list[list[str]] | None:
    assert index is not None
    assert index["id"] == "us-russia-venezuela"
    assert len(index["actors"]) == 14
    return index["denies"]


@pytest.mark.parametrize(
    ("collections", "again"),
    [(["links"], True), (["quotes", "links"], True), (None, True), (["quotes"], False)],
)
def test_an_index_without_denials_is_made_again_only_when_the_links_are_read(
    stored: tuple[str, Callable[[], Store]], collections: list[str] | None, again: bool
) -> None:
    """Certified whole, then indexed by a run that read only the quotes: its index
    has no denials, which a later run that reads the links can give it."""
    where, opened = stored
    assert _denials(_run(where, opened(), None)) == DENIALS  # validated whole
    assert _denials(_run(where, opened(), ["quotes"])) is None  # its layout recorded
    indexed = _run(where, opened(), collections)
    if again:
        assert _denials(indexed) == DENIALS
    else:
        assert indexed is None
    assert _run(where, opened(), collections) is None  # nothing left to add


def test_a_brief_is_trusted_by_its_stat_only_if_left_alone_before_it_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, brief_dict: dict[str, Any]
) -> None:
    """Not before it was recorded: validation may take seconds, and a change made
    just before the read must not look settled once they have passed."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "briefs" / "a.json"
    path.parent.mkdir()
    path.write_text(json.dumps(brief_dict), encoding="utf-8")
    clock = [time.time_ns()]
    monkeypatch.setattr(time, "time_ns", lambda: clock[0])
    parse = validate.parse

    def slowly(*args: Any) -> Any:
        clock[0] += 60_000_000_000  # a validation that takes a minute
        return parse(*args)

    monkeypatch.setattr(validate, "parse", slowly)
    store = Store.of([str(path)])
    assert store is not None
    load(str(path), None, store)
    store.save()
    again = Store.of([str(path)])
    assert again is not None
    assert again.lookup(str(path), path.stat()) is None


def test_a_store_vouches_for_the_collections_validated_and_no_others(
    stored: tuple[str, Callable[[], Store]], brief_dict: dict[str, Any]
) -> None:
    where, opened = stored
    _run(where, opened(), ["quotes"])
    _run(where, opened(), ["stats"])
    found = opened().lookup(where, os.stat(where))
    assert found is not None
    assert found[1].collections == {"quotes", "stats"}
    brief_dict["stats"][0]["value"] = "many"  # invalid where no run has looked yet
    Path(where).write_text(json.dumps(brief_dict), encoding="utf-8")
    _run(where, opened(), ["quotes"])
    with pytest.raises(BriefInvalid) as info:
        _run(where, opened(), None)
    assert info.value.problems == [
        "stats[0].value: Input should be a valid integer",
        "stats[0].value: Input should be a valid number",
    ]


def test_stdin_is_never_looked_up_in_the_store_even_beside_a_file_named_like_it(
    stored: tuple[str, Callable[[], Store]],
    monkeypatch: pytest.MonkeyPatch,
    brief_dict: dict[str, Any],
) -> None:
    """Stdin has no stat: a file called ``<stdin>`` recorded first is not its entry."""
    where, _ = stored
    folder = Path(where).parent
    monkeypatch.chdir(folder)
    brief_dict["source"]["id"] = "file"
    Path(folder, "<stdin>").write_text(json.dumps(brief_dict), encoding="utf-8")
    brief_dict["source"]["id"] = "piped"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(brief_dict).encode())))
    corpus = vzcli.open(["<stdin>", "-", "a.json"], stream=False)
    assert [b.source.id for b in corpus.all_briefs] == ["file", "piped", "us-russia-venezuela"]


def test_stdin_beside_the_files_of_a_corpus_is_certified_no_more_once_laid_out(
    stored: tuple[str, Callable[[], Store]],
    monkeypatch: pytest.MonkeyPatch,
    brief_dict: dict[str, Any],
) -> None:
    """Piped in, a copy of a brief of the corpus is vouched for by the store's entry:
    once that entry has its layout, reading the corpus again writes no certificate."""
    where, _ = stored
    del brief_dict["source"]["id"]  # the brief's id is its file's name, or stdin's
    Path(where).write_text(json.dumps(brief_dict), encoding="utf-8")
    other = Path(where).with_name("b.json")
    other.write_text(json.dumps(brief_dict) + "\n", encoding="utf-8")

    def corpus() -> list[str]:
        piped = io.BytesIO(Path(where).read_bytes())
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(piped))
        return [one.id for one in vzcli.open([where, str(other), "-"], stream=False).loaded]

    corpus()  # validated
    corpus()  # laid out
    with monkeypatch.context() as patched:
        patched.setattr(cache, "certify", lambda *a, **k: pytest.fail("certified again"))
        assert corpus() == ["a", "b", "stdin"]


def test_a_store_of_another_vzcli_has_its_briefs_indexed_again(
    stored: tuple[str, Callable[[], Store]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another vzcli's index is no index at all, however complete the certificate."""
    where, opened = stored
    _run(where, opened(), None)
    _run(where, opened(), None)  # certified, laid out and indexed
    monkeypatch.setattr(cache, "_indexer", lambda: "another vzcli")
    assert _denials(_run(where, opened(), None)) == DENIALS
    assert _denials(opened().index(where, None)) == DENIALS
