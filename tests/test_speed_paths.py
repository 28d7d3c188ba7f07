"""The fast paths: the validation cache, click-native option coercion, lazy records.

Speed is measured in benchmarks/, never here; these tests pin what the fast
paths must never do: serve a stale or planted answer, fail where the slow
path would not, or change a message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from vzcli import cache
from vzcli import validate as brief_module
from vzcli.brief import load
from vzcli.cli import app, fastparams

runner = CliRunner()
BIN = Path(sys.executable).parent


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty validation cache for this test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "vzcli"


def certificates(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json"))


def read_certificate(path: Path) -> tuple[bytes, dict[str, Any]]:
    """A certificate file's MAC (its first line) and its fields (the JSON after it)."""
    mac, _, body = path.read_bytes().partition(b"\n")
    return mac, json.loads(body)


def ids(*args: str) -> list[str]:
    """The ids a command prints; it must succeed and say nothing on stderr."""
    result = runner.invoke(app, [*args, "-f", "json", "--fields", "id"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return [r["id"] for r in json.loads(result.stdout)]


def never_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make validating a brief fail the test: what follows must come from the cache."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        pytest.fail("the brief was validated again instead of taken from the cache")

    monkeypatch.setattr(brief_module, "parse", refuse)


# --- the cache ----------------------------------------------------------------


def test_a_second_run_takes_the_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first run certifies the collections it validated; the second reads them back."""
    first = ids("quotes", "--actor", "Lavrov")
    [cert] = certificates(cache_dir)
    mac, found = read_certificate(cert)
    assert found["collections"] == ["links", "quotes"]
    assert found["rules"] == cache.rules()
    assert len(found["rules"]) == 64
    assert found["pydantic"]
    assert len(mac) == 64
    with monkeypatch.context() as patched:
        never_validate(patched)
        assert ids("quotes", "--actor", "Lavrov") == first
    assert cache.covers(cache.certified(found["brief"]), frozenset({"quotes", "links"}))
    ids("events")  # another collection widens the same certificate
    assert read_certificate(cert)[1]["collections"] == ["events", "links", "quotes"]


def test_the_cache_answers_from_the_brief_not_from_itself(
    cache_dir: Path, write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """An edited brief (same size, same mtime) is validated again: the key is its content."""
    path = write_brief(brief_dict)
    assert "q-lavrov-threats" in ids("quotes", "--data", str(path))
    stat = path.stat()
    text = path.read_text(encoding="utf-8").replace("q-lavrov-threats", "q-lavrov-threatz")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert "q-lavrov-threatz" in ids("quotes", "--data", str(path))
    assert len(certificates(cache_dir)) == 2


@pytest.mark.parametrize("what", ["rules", "pydantic"])
def test_other_rules_do_not_trust_the_certificate(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    """A certificate made under other rules or another pydantic is not used (they may
    validate differently)."""
    ids("quotes")
    [cert] = certificates(cache_dir)
    key = read_certificate(cert)[1]["brief"]
    assert cache.certified(key) is not None
    if what == "rules":
        monkeypatch.setattr(cache, "rules", lambda: "0" * 64)
    else:
        monkeypatch.setattr(cache, "pydantic_version", lambda: "9.9.9")
    assert cache.certified(key) is None


def test_the_rules_are_the_source_of_the_modules_that_decide_validity() -> None:
    """The fingerprint is a digest of exactly the rule modules' source, read once."""
    from hashlib import blake2b

    here = Path(cache.__file__).parent
    expected = blake2b(digest_size=32)
    names = (
        "vocab.py",
        "models.py",
        "dates.py",
        "validate.py",
        "integrity.py",
        "rebuild.py",
        "layout.py",
        "parsing.py",
    )
    for name in names:
        expected.update((here / name).read_bytes())
    assert names == cache.RULES
    assert cache.rules() == expected.hexdigest()


def test_rules_that_cannot_be_read_mean_no_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed without its sources, vzcli cannot vouch for its rules: it validates every run."""
    monkeypatch.setattr(cache, "_fingerprint", [])
    monkeypatch.setattr(cache, "RULES", ("no-such-module.py",))
    assert cache.rules() is None
    expected = ids("quotes")
    assert not certificates(cache_dir)
    assert not (cache_dir / "key").exists()
    assert ids("quotes") == expected


@pytest.mark.installed
def test_a_changed_rule_refuses_a_warm_certificate(tmp_path: Path) -> None:
    """A copy of vzcli whose rules change (an actor's name limited to 5 characters)
    validates again on a warm cache, and refuses the brief, as with no cache at all."""
    import shutil

    package = tmp_path / "site" / "vzcli"
    shutil.copytree(
        Path(cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    brief = tmp_path / "brief.json"
    # The checkout's brief: vzcli may be installed anywhere, this test file is not.
    brief.write_bytes(Path(__file__).parents[1].joinpath("data", "brief.json").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(package.parent), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    run = [sys.executable, "-m", "vzcli", "actors", "--data", str(brief), "-f", "json"]
    assert subprocess.run(run, env=env, capture_output=True, check=False).returncode == 0
    assert len(list((tmp_path / "xdg" / "vzcli").glob("*.json"))) == 1  # certified
    models = package / "models.py"
    source = models.read_text(encoding="utf-8")
    limited = source.replace(
        "    id: Id\n    name: Text\n    kind: ActorKind",
        "    id: Id\n    name: Annotated[str, _Constrain(max_length=5)]\n    kind: ActorKind",
    )
    assert limited != source
    models.write_text(limited, encoding="utf-8")
    warm = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    cold = subprocess.run(
        run, env={**env, "VZCLI_NO_CACHE": "1"}, capture_output=True, text=True, check=False
    )
    assert (warm.returncode, cold.returncode) == (65, 65)
    assert warm.stderr == cold.stderr
    assert "actors[0].name: String should have at most 5 characters" in warm.stderr


@pytest.mark.parametrize(
    "damage",
    ["truncate", "garbage", "empty", "array", "huge", "pickle"],
)
def test_a_damaged_certificate_is_rebuilt_silently(
    cache_dir: Path, damage: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """Truncated, corrupted or foreign certificate files are ignored and replaced, quietly."""
    expected = ids("quotes")
    [cert] = certificates(cache_dir)
    text = cert.read_bytes()
    cert.write_bytes(
        {
            "truncate": text[: len(text) // 2],
            "garbage": os.urandom(200),
            "empty": b"",
            "array": b"[1, 2, 3]",
            "huge": b" " * (1024 * 1024),
            "pickle": b"\x80\x04\x95\x1c\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system",
        }[damage]
    )
    assert ids("quotes") == expected
    mac, fields = read_certificate(cert)  # rebuilt whole
    assert len(mac) == 64
    assert fields["collections"] == ["links", "quotes"]
    assert capfd.readouterr().err == ""


def test_a_planted_certificate_cannot_pass_off_an_invalid_brief(
    cache_dir: Path, write_brief: Any, brief_dict: dict[str, Any]
) -> None:
    """A certificate not made with this cache's key is refused, so a broken brief stays broken."""
    ids("quotes")  # makes the key
    brief_dict["quotes"][0]["speaker"] = "nobody"
    path = write_brief(brief_dict)
    digest = cache.digest(path.read_bytes())
    fields = cache._certificate(digest, ["*"], cache.rules() or "")
    other_key = os.urandom(32)
    (cache_dir / f"{digest}.json").write_bytes(cache.signed(other_key, fields))
    result = runner.invoke(app, ["quotes", "--data", str(path)])
    assert result.exit_code == 65
    assert "quotes[0].speaker: unknown actor 'nobody'" in result.stderr


def test_a_broken_key_is_replaced(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A key file of the wrong size is replaced; certificates made with it no longer count."""
    expected = ids("quotes")
    (cache_dir / "key").write_bytes(b"short")
    validated: list[bool] = []
    parse = brief_module.parse

    def counting(*args: Any, **kwargs: Any) -> Any:
        validated.append(True)
        return parse(*args, **kwargs)

    monkeypatch.setattr(brief_module, "parse", counting)
    assert ids("quotes") == expected
    assert validated == [True]  # the old certificate did not count
    assert len((cache_dir / "key").read_bytes()) == 32
    never_validate(monkeypatch)
    assert ids("quotes") == expected  # and the new key's certificate does


def test_no_cache_means_no_files(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """VZCLI_NO_CACHE=1 validates every run and writes nothing."""
    monkeypatch.setenv("VZCLI_NO_CACHE", "1")
    assert ids("quotes")
    assert not cache_dir.exists()


def test_default_location_is_under_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without XDG_CACHE_HOME the cache is ~/.cache/vzcli."""
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "vzcli"
    assert ids("actors")
    assert (tmp_path / ".cache" / "vzcli" / "key").exists()


@pytest.mark.parametrize("where", ["a-file", "proc"])
def test_an_unwritable_cache_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """When the cache folder cannot be made or written, every run validates, silently."""
    monkeypatch.setenv("VZCLI_NO_CACHE", "1")
    expected = ids("quotes")  # the answer without any cache
    monkeypatch.delenv("VZCLI_NO_CACHE")
    if where == "a-file":
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("x")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    else:
        if not Path("/proc/self").exists():
            pytest.skip("no /proc here")
        monkeypatch.setenv("XDG_CACHE_HOME", "/proc/vzcli-cannot-write-here")
    assert ids("quotes") == expected
    assert capfd.readouterr().err == ""


@pytest.mark.installed
def test_concurrent_first_runs_agree(cache_dir: Path) -> None:
    """Eight runs racing to create the key and certificate all answer alike and leave one of each."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_dir.parent)}
    vzcli = BIN / "vzcli"
    if not vzcli.exists():
        pytest.skip("the vzcli console script is not installed")

    def one(_: int) -> bytes:
        return subprocess.run(
            [str(vzcli), "quotes", "-f", "json"], env=env, capture_output=True, check=True
        ).stdout

    with ThreadPoolExecutor(8) as pool:
        outputs = set(pool.map(one, range(8)))
    assert len(outputs) == 1
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".")] == []  # no temp files
    assert len(certificates(cache_dir)) == 1
    assert len((cache_dir / "key").read_bytes()) == 32


def test_lazy_records_build_only_what_a_filter_keeps(cache_dir: Path) -> None:
    """From the cache, a collection stays JSON until read; `where` builds only its matches."""
    load(None, ("quotes",))  # certify
    brief = load(None, ("quotes",)).brief
    quotes = brief.quotes
    assert type(quotes).__name__ == "LazyRecords"
    lavrov = quotes.where("speaker", {"lavrov"})  # type: ignore[attr-defined]
    assert [q.id for q in lavrov] == [  # file order
        "q-lavrov-threats",
        "r-lavrov-catastrophe",
        "r-lavrov-iraq-libya",
    ]
    assert quotes._built is None  # type: ignore[attr-defined]
    assert len(list(quotes)) == len(quotes) == 18


def test_cached_records_equal_validated_ones(cache_dir: Path) -> None:
    """The records built from a cached brief equal those pydantic builds, field by field."""
    validated = load(None).brief
    cached = load(None).brief
    for name in ("actors", "events", "quotes", "positions", "claims", "stats", "links", "excluded"):
        assert isinstance(getattr(validated, name), list), name  # built by pydantic
        assert type(getattr(cached, name)).__name__ == "LazyRecords", name  # from the cache
        assert list(getattr(cached, name)) == list(getattr(validated, name)), name
    assert cached.source == validated.source


# --- click-native coercion ----------------------------------------------------


def test_native_coercion_is_for_vzcli_s_own_commands_only() -> None:
    """vzcli's parameters get native coercion; another Typer app in the process keeps Typer's."""
    import typer.main
    from typer import core

    from vzcli.cli.app import app as vzcli_app

    assert fastparams.AVAILABLE
    command = typer.main.get_command(vzcli_app)
    quotes = command.commands["quotes"]  # type: ignore[attr-defined]
    ctx = quotes.make_context("quotes", ["--limit", "2"])
    limit = next(p for p in quotes.get_params(ctx) if p.name == "limit")
    assert isinstance(limit._runtime_param, fastparams.NativeParam)
    assert ctx.params["limit"] == 2

    other = typer.Typer()

    @other.command()
    def count(n: int = 0) -> None:
        typer.echo(n + 1)

    assert core.build_runtime_param.__module__ == "typer._coercion"  # not replaced
    result = runner.invoke(other, ["--n", "41"])
    assert result.output == "42\n"
    other_command = typer.main.get_command(other)
    n = next(p for p in other_command.params if p.name == "n")
    assert not isinstance(n._runtime_param, fastparams.NativeParam)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quotes", "--limit", "-1"], "Input should be greater than or equal to 0"),
        (["quotes", "--limit", "x"], "Input should be a valid integer"),
        (["quotes", "-f", "xml"], "'xml' is not one of 'table', 'json'"),
        (["events", "--format", "yaml"], "'yaml' is not one of 'table', 'json'"),
    ],
)
def test_bad_values_keep_typer_s_messages(args: list[str], message: str) -> None:
    """A value the fast path refuses goes to Typer's own coercion, and its message."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_good_values_convert_natively() -> None:
    """Enums in any case, bounded ints and repeated options arrive as their types."""
    result = runner.invoke(
        app, ["positions", "--stance", "SUPPORTS", "--stance", "Blames", "-f", "JSON"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["stance"] for r in rows] == ["supports"] * 3 + ["blames"] * 2
    assert len(ids("positions", "--stance", "SUPPORTS", "--stance", "Blames", "-n", "2")) == 2


@pytest.mark.installed
def test_a_warm_query_never_imports_pydantic(tmp_path: Path) -> None:
    """The installed script, cache warm, answers without importing pydantic at all."""
    vzcli = BIN / "vzcli"
    if not vzcli.exists():
        pytest.skip("the vzcli console script is not installed")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    command = [sys.executable, "-X", "importtime", str(vzcli), "quotes", "--actor", "Lavrov"]
    cold = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "pydantic" in cold.stderr  # the first run validates
    warm = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "Threats by the U.S." in warm.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in warm.stderr.splitlines()]
    assert not [m for m in imported if m.startswith(("pydantic", "typing_extensions"))]
    assert "typer._adapters" not in imported
    assert typer.__version__.startswith("0.29")


# --- pydantic-core's compiled module, alone ---------------------------------------


@pytest.mark.installed  # a fresh Python, which a mutation run's mutants never reach
def test_the_compiled_module_alone_is_the_one_pydantic_then_uses() -> None:
    """Loaded without its package, pydantic-core's compiled module is the very module
    the package and pydantic use when a brief is validated later in the same run."""
    code = (
        "import sys\n"
        "from vzcli import parsing\n"
        "alone = parsing.core()\n"
        "assert 'pydantic_core' not in sys.modules, 'the package was imported'\n"
        "assert alone.from_json(b'[1, 2]') == [1, 2]\n"
        "import pydantic_core\n"
        "from vzcli.validate import parse\n"
        "from vzcli.brief import read_bytes\n"
        "name, raw = read_bytes(None)\n"
        "brief = parse(name, raw, None)\n"
        "assert brief.quotes, 'validated'\n"
        "assert sys.modules['pydantic_core._pydantic_core'] is alone\n"
        "assert pydantic_core.from_json is alone.from_json\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"


def test_without_the_compiled_module_alone_the_package_is_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Anything odd about where the compiled module is: the public import, same module."""
    import pydantic_core

    from vzcli import parsing

    def odd() -> Any:
        raise ImportError("not where it is expected")

    monkeypatch.delitem(sys.modules, "pydantic_core._pydantic_core")
    monkeypatch.setattr(parsing, "_load_alone", odd)
    assert parsing.core() is pydantic_core._pydantic_core
