"""The installed console script in real subprocesses: packaging, pipes, jq."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.installed

BIN = Path(sys.executable).parent
VZCLI = shutil.which("vzcli", path=str(BIN)) or shutil.which("vzcli")


def vzcli(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    if VZCLI is None:
        pytest.skip("the vzcli console script is not installed")
    env = {k: v for k, v in os.environ.items() if k != "VZCLI_DATA"}
    return subprocess.run(
        [VZCLI, *args], cwd=cwd, capture_output=True, text=True, env=env, check=False, **kwargs
    )  # type: ignore[call-overload]


def test_console_script_answers_from_any_folder(tmp_path: Path) -> None:
    """The installed `vzcli quotes --actor Lavrov` works outside the checkout."""
    result = vzcli("quotes", "--actor", "Lavrov", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Threats by the U.S." in result.stdout
    assert "Pompeo" not in result.stdout


def test_an_analyst_s_questions_from_any_folder(tmp_path: Path, article: Path) -> None:
    """The installed script answers with the article's words, strict windows and show."""
    copy = tmp_path / "article.txt"  # the reader's own copy, in their own folder
    copy.write_bytes(article.read_bytes())
    found = vzcli("quotes", "--source", "article.txt", "--search", "catastrophe", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "Lavrov" in found.stdout
    assert "catastrophe" in found.stdout
    oil = vzcli("events", "--search", "oil", "-f", "json", cwd=tmp_path)
    assert [r["id"] for r in json.loads(oil.stdout)] == ["oil-price-jump"]
    day = vzcli(
        "events",
        "--since",
        "2019-04-30",
        "--until",
        "2019-04-30",
        "--strict-window",
        "-f",
        "json",
        cwd=tmp_path,
    )
    assert [r["date"] for r in json.loads(day.stdout)] == ["2019-04-30"]
    shown = vzcli("show", "q-lavrov-threats", "--source", "article.txt", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "evidence" in shown.stdout
    assert "pos-lavrov-opposes-us-policy" in shown.stdout
    washington = vzcli("quotes", "--actor", "Washington", "-f", "json", cwd=tmp_path)
    assert {r["speaker"] for r in json.loads(washington.stdout)} == {"us", "pompeo", "trump"}


def test_python_dash_m_works_like_the_script(tmp_path: Path) -> None:
    """`python -m vzcli` is the same program."""
    result = subprocess.run(
        [sys.executable, "-m", "vzcli", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("vzcli ")


def test_jq_reads_the_json(tmp_path: Path) -> None:
    """A real JSON client (jq) reads `events --since 2019-05-01 --format json`."""
    jq = shutil.which("jq")
    if jq is None:
        pytest.skip("jq is not installed (.ci/run installs it)")
    out = vzcli("events", "--since", "2019-05-01", "--format", "json", cwd=tmp_path).stdout
    ids = subprocess.run(
        [jq, "-r", ".[].id"], input=out, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "sochi-meeting" in ids
    assert "coup-attempt" not in ids
    assert ids == [r["id"] for r in json.loads(out)]


# --- pipes, locales, signals ----------------------------------------------


@pytest.fixture
def big_brief(tmp_path: Path, brief_dict: dict[str, object]) -> Path:
    """The bundled brief with 2,000 extra quotes: output far beyond a pipe's buffer."""
    quotes = brief_dict["quotes"]
    assert isinstance(quotes, list)
    extra = [dict(q, id=f"{q['id']}-{n}") for n in range(120) for q in quotes]
    brief_dict["quotes"] = quotes + extra
    path = tmp_path / "big.json"
    path.write_text(json.dumps(brief_dict), encoding="utf-8")
    return path


@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize("fmt", ["jsonl", "table", "csv"])
def test_reader_leaving_early_is_quiet(
    big_brief: Path, tmp_path: Path, fmt: str, unbuffered: bool
) -> None:
    """When the reader closes the pipe (`| head -1`), vzcli exits 141 with nothing on stderr."""
    if VZCLI is None:
        pytest.skip("the vzcli console script is not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("VZCLI_DATA", "PYTHONUNBUFFERED")}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen(
        [VZCLI, "quotes", "--data", str(big_brief), "-f", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # what head does after its first line
    err = proc.stderr.read()
    assert proc.wait(timeout=30) == 141
    assert err == b""


@pytest.mark.parametrize("pipeline", ["| head -1", "| head -c 10", "| true"])
def test_shell_pipelines_leave_stderr_clean(big_brief: Path, tmp_path: Path, pipeline: str) -> None:
    """Real shell pipelines print no BrokenPipeError or 'Exception ignored'.

    The bundled brief's output fits in a pipe's buffer (no EPIPE: the quiet
    case); the big brief's does not, so head leaving early is exercised.
    """
    if VZCLI is None:
        pytest.skip("the vzcli console script is not installed")
    for data in ([], ["--data", str(big_brief)]):
        cmd = " ".join([f"'{VZCLI}'", "quotes", "-f", "jsonl", *data, pipeline])
        result = subprocess.run(cmd, shell=True, cwd=tmp_path, capture_output=True, check=False)
        assert result.stderr == b"", (cmd, result.stderr)


@pytest.mark.parametrize(
    "env",
    [
        {"LC_ALL": "C"},  # Python coerces this to UTF-8 (PEP 538)...
        # ...so also without the coercion: stdout really is ASCII here.
        {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
    ],
)
def test_narrow_locales_never_crash(tmp_path: Path, env: dict[str, str]) -> None:
    """Under C locales or an ASCII stdout, accents print or are escaped; json stays valid."""
    if VZCLI is None:
        pytest.skip("the vzcli console script is not installed")
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VZCLI_DATA", "LANG", "LC_ALL", "PYTHONIOENCODING")
    }
    for fmt in ("table", "json", "csv", "markdown"):
        result = subprocess.run(
            [VZCLI, "actors", "-f", fmt],
            cwd=tmp_path,
            capture_output=True,
            env={**base, **env},
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        out = result.stdout.decode("utf-8")
        assert re.search(r"Nicol(á|\\+xe1|\\+u00e1)s", out), out
        if fmt == "json":
            assert any(a["name"] == "Nicolás Maduro" for a in json.loads(out))


def test_no_colour_or_escapes_when_piped(tmp_path: Path) -> None:
    """Piped output and errors carry no escape codes, with or without NO_COLOR."""
    for extra in ({}, {"NO_COLOR": "1"}):
        env = {**os.environ, **extra}
        env.pop("VZCLI_DATA", None)
        for args in (
            ["quotes"],
            ["--help"],
            ["quotes", "--help"],
            ["quotes", "--bogus"],
            ["quotes", "-a", "x"],
        ):
            if VZCLI is None:
                pytest.skip("the vzcli console script is not installed")
            result = subprocess.run(
                [VZCLI, *args], cwd=tmp_path, capture_output=True, env=env, check=False
            )
            assert b"\x1b" not in result.stdout + result.stderr, args


def test_ctrl_c_exits_130_without_traceback(tmp_path: Path) -> None:
    """SIGINT while vzcli waits for a brief on stdin: exit 130, no traceback."""
    if VZCLI is None:
        pytest.skip("the vzcli console script is not installed")
    proc = subprocess.Popen(
        [VZCLI, "quotes", "--data", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    time.sleep(1.5)  # long enough to be blocked reading stdin; earlier is handled too
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert out == b""
