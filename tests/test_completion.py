"""Shell completion in real shells: bash, zsh and fish in tmux, keys typed, lines run.

Each test types a partial command line into a real interactive shell (in a
tmux pane, with the completion script that `vzcli --install-completion SHELL`
installed), presses Tab, then Enter, and reads the screen: the completed line
must be quoted so the shell runs it, and it must print the right answer.
Completion is also called the way each shell calls it, for the closed sets.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vzcli.cli import app, completion

BIN = Path(sys.executable).parent
VZCLI = shutil.which("vzcli", path=str(BIN))
runner = CliRunner()


# --- what completion offers (the protocol each shell speaks) ---------------


def bash_offers(words: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What vzcli answers bash for the last word of ``words`` (as typed)."""
    split = re.split(r"(?<!\\) ", words)  # as bash splits: an escaped space stays
    monkeypatch.setenv("_VZCLI_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(split) - 1))
    typed = split[-1]
    monkeypatch.setenv(completion.RAW_WORD, typed)
    return runner.invoke(app, [], prog_name="vzcli").stdout.splitlines()


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("vzcli quotes --actor Serg", ["Sergei\\ Lavrov"]),
        ('vzcli quotes --actor "Serg', ['"Sergei Lavrov"']),
        ("vzcli quotes --actor 'Serg", ["'Sergei Lavrov'"]),
        ("vzcli stats --metric Venezuelan\\ o", ["Venezuelan\\ oil\\ output"]),
        ("vzcli positions --stance warns", ["warns_against"]),
        ("vzcli claims --kind mo", ["motive"]),
        ("vzcli claims --certainty almost", ["almost_certain", "almost_no_chance"]),
        ("vzcli links --relation co", ["contradicts", "concurrent"]),
        ("vzcli quotes --format js", ["json", "jsonl"]),
        ("vzcli quotes --sort spe", ["speaker", "speaker_name"]),
        ("vzcli quotes --fields id,da", ["id,date"]),
        ("vzcli stats --fields metric,change_", ["metric,change_pct"]),
        ("vzcli schema cla", ["claims", "claims-merged"]),
        ("vzcli show q-lavrov-t", ["q-lavrov-threats"]),
        ("vzcli --show-completion fi", ["fish"]),
    ],
)
def test_every_closed_set_completes(
    words: str, offered: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names, closed sets, field lists, schema names and ids complete, quoted for bash."""
    assert bash_offers(words, monkeypatch) == offered


@pytest.mark.parametrize(
    ("value", "typed", "written"),
    [
        ("Sergei Lavrov", "Serg", "Sergei\\ Lavrov"),
        ("it's $x", '"it', '"it\'s \\$x"'),
        ("it's", "'it", "'it'\\''s'"),
        ("a;b|c&d", "a", "a\\;b\\|c\\&d"),
        ("Nicolás Maduro", "Nic", "Nicolás\\ Maduro"),
        ("id,date", "id,d", "id,date"),
    ],
)
def test_bash_quoting(value: str, typed: str, written: str) -> None:
    """A candidate is written as bash needs it, inside the quotes the word opened."""
    assert completion.bash_quote(value, typed) == written


def test_show_completion_honours_the_shell() -> None:
    """--show-completion SHELL prints that shell's script, whatever shell runs vzcli."""
    assert runner.invoke(app, ["--show-completion", "zsh"]).stdout.startswith("#compdef vzcli")
    assert runner.invoke(app, ["--show-completion", "fish"]).stdout.startswith(
        "complete --command vzcli"
    )
    assert "complete -F _vzcli_completion vzcli" in (
        runner.invoke(app, ["--show-completion", "bash"]).stdout
    )
    bad = runner.invoke(app, ["--show-completion", "tcsh"])
    assert bad.exit_code == 2
    assert "'tcsh' is not a shell vzcli completes: name bash, zsh or fish" in bad.stderr


@pytest.mark.parametrize("shell", completion.SHELLS)
def test_install_completion_honours_the_shell(shell: str, tmp_path: Path) -> None:
    """--install-completion SHELL writes that shell's script where that shell looks, once."""
    for _ in range(2):  # twice: the second run changes nothing
        path = completion.install(shell, home=tmp_path)
    assert path.read_text(encoding="utf-8") == completion.script(shell)
    rc = {"bash": ".bashrc", "zsh": ".zshrc", "fish": None}[shell]
    if rc:
        lines = (tmp_path / rc).read_text(encoding="utf-8").splitlines()
        assert len(lines) == len(set(lines))
    expected = {
        "bash": tmp_path / ".bash_completions" / "vzcli.sh",
        "zsh": tmp_path / ".zfunc" / "_vzcli",
        "fish": tmp_path / ".config" / "fish" / "completions" / "vzcli.fish",
    }[shell]
    assert path == expected


# --- in real shells ------------------------------------------------------------


class Pane:
    """An interactive shell in a detached tmux pane: type keys, read the screen."""

    def __init__(self, tmux: str, socket: str, name: str) -> None:
        self.tmux, self.socket, self.name = tmux, socket, name

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [self.tmux, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return result.stdout

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", self.name, "-l", text)  # literally, no key names

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-J", "-t", self.name, "-S", "-200")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """The screen once ``text`` is on it; fails with the screen after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} never appeared; the screen:\n{screen}")
            time.sleep(0.1)


START = {
    "bash": ["bash", "--norc", "--noprofile"],
    "zsh": ["zsh", "-f"],
    "fish": ["fish", "--no-config"],
}
LOAD = {  # what a new session of each shell runs after --install-completion
    "bash": "source ~/.bash_completions/vzcli.sh",
    "zsh": "fpath+=~/.zfunc; autoload -Uz compinit; compinit -u",
    "fish": "source ~/.config/fish/completions/vzcli.fish",
}


def _panes(shell: str, home: Path, start: list[str], first: str, done: str) -> Iterator[Pane]:
    """``start`` (a shell) in tmux with ``home`` its HOME and vzcli on PATH, having run
    ``first`` and seen ``done``; the tmux server is killed after."""
    tmux = shutil.which("tmux")
    if tmux is None or shutil.which(shell) is None:
        pytest.skip(f"needs tmux and {shell} (apt-get install tmux zsh fish; .ci/run does)")
    if VZCLI is None:
        pytest.skip("the vzcli console script is not installed")
    socket = f"vzcli-{uuid.uuid4().hex[:8]}"
    env = {
        "HOME": str(home),
        "PATH": f"{BIN}{os.pathsep}/usr/bin:/bin",
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "COLUMNS": "200",
        "PS1": "$ ",
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    command = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), *start]
    pane = Pane(tmux, socket, "t")
    pane.run("new-session", "-d", "-s", "t", "-x", "200", "-y", "50", *command)
    try:
        pane.type(first)
        pane.keys("Enter")
        pane.wait_for(done)
        yield pane
    finally:
        subprocess.run([tmux, "-L", socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def shell_pane(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pane]:
    """A fresh ``request.param`` shell in tmux, with vzcli on PATH and its completion loaded."""
    shell: str = request.param
    home = tmp_path / "home"
    home.mkdir()
    completion.install(shell, home=home)
    yield from _panes(shell, home, START[shell], f"{LOAD[shell]}; echo loaded-ok", "loaded-ok\n")


@pytest.mark.parametrize("shell_pane", completion.SHELLS, indirect=True)
def test_tab_completes_a_name_with_a_space_and_the_line_runs(shell_pane: Pane) -> None:
    """`vzcli quotes --actor Serg<Tab><Enter>` prints Lavrov's quotes in every shell."""
    shell_pane.type("vzcli quotes --fields id --no-headers --actor Serg")
    shell_pane.keys("Tab")
    shell_pane.wait_for("Lavrov")
    shell_pane.keys("Enter")
    screen = shell_pane.wait_for("q-lavrov-threats")
    assert "r-lavrov-catastrophe" in screen
    assert "unexpected extra argument" not in screen
    assert "r-pompeo" not in screen


@pytest.mark.parametrize("shell_pane", ["bash"], indirect=True)
def test_bash_keeps_escapes_and_completes_closed_sets(shell_pane: Pane) -> None:
    """An escaped space stays escaped; --stance and a --fields list complete and run."""
    shell_pane.type("vzcli stats --no-headers --fields id --metric Venezuelan\\ o")
    shell_pane.keys("Tab")
    shell_pane.wait_for("output ")
    shell_pane.keys("Enter")
    shell_pane.wait_for("stat-oil-production-2019-04")
    shell_pane.type("vzcli positions --no-headers --fields id,hol")
    shell_pane.keys("Tab")
    shell_pane.wait_for("id,holder")
    shell_pane.type(" --stance warns")
    shell_pane.keys("Tab")
    shell_pane.wait_for("warns_against")
    shell_pane.keys("Enter")
    shell_pane.wait_for("pos-lavrov-warns-force  lavrov")


@pytest.mark.parametrize("shell_pane", ["bash"], indirect=True)
def test_bash_registers_the_function(shell_pane: Pane) -> None:
    """`complete -p vzcli` shows vzcli's function, with no fallback to file names: vzcli
    asks for them itself where a path is wanted."""
    shell_pane.type("complete -p vzcli")
    shell_pane.keys("Enter")
    shell_pane.wait_for("complete -F _vzcli_completion vzcli")


@pytest.mark.parametrize("odd", ["it's home", "a b", "$HOME x", "q'uo\"te"])
def test_a_home_with_quotes_spaces_or_dollars_still_sources(odd: str, tmp_path: Path) -> None:
    """The line added to .bashrc is quoted for bash whatever the home's name."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    home = tmp_path / odd
    path = completion.install("bash", home=home)
    done = subprocess.run(
        ["bash", "-c", 'source "$HOME/.bashrc" && complete -p vzcli'],
        env={"HOME": str(home), "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "_vzcli_completion" in done.stdout
    assert path.exists()


def test_a_bashrc_that_is_not_utf8_is_kept_byte_for_byte(tmp_path: Path) -> None:
    rc = tmp_path / ".bashrc"
    rc.write_bytes(b"# caf\xe9 latin-1\nexport A=1")
    completion.install("bash", home=tmp_path)
    data = rc.read_bytes()
    assert data.startswith(b"# caf\xe9 latin-1\nexport A=1\nsource ")
    completion.install("bash", home=tmp_path)
    assert rc.read_bytes() == data  # once


def test_a_symlinked_bashrc_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "bashrc"
    real.parent.mkdir()
    real.write_text("export A=1\n")
    (tmp_path / ".bashrc").symlink_to(real)
    completion.install("bash", home=tmp_path)
    assert (tmp_path / ".bashrc").is_symlink()
    assert "source " in real.read_text()


def test_a_read_only_home_is_a_clear_refusal(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root writes anywhere: make the start-up file's folder a file instead
        (tmp_path / ".bash_completions").write_text("in the way")
    else:
        tmp_path.chmod(0o500)
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"}
    result = runner.invoke(app, ["--install-completion", "bash"], env=env)
    assert result.exit_code == 73
    assert result.stderr.startswith("vzcli: cannot install completion: ")


# --- zsh, as people have it -----------------------------------------------------


def test_install_puts_fpath_before_a_compinit_the_zshrc_already_runs(tmp_path: Path) -> None:
    """Appended after compinit, ~/.zfunc would not be scanned and Tab would complete file
    names; the line goes just before it, once, and the install says so."""
    rc = tmp_path / ".zshrc"
    rc.write_text("export X=1\nautoload -Uz compinit\ncompinit\nalias ll=ls\n", encoding="utf-8")
    changes: list[str] = []
    completion.install("zsh", home=tmp_path, changes=changes)
    assert rc.read_text(encoding="utf-8") == (
        "export X=1\nfpath+=~/.zfunc\nautoload -Uz compinit\ncompinit\nalias ll=ls\n"
    )
    assert changes == [f"{rc}: added fpath+=~/.zfunc before its compinit line"]
    again: list[str] = []
    completion.install("zsh", home=tmp_path, changes=again)
    assert again == []
    assert rc.read_text(encoding="utf-8").count("fpath+=~/.zfunc") == 1


def test_install_adds_all_three_lines_to_a_zshrc_without_compinit(tmp_path: Path) -> None:
    changes: list[str] = []
    completion.install("zsh", home=tmp_path, changes=changes)
    assert (tmp_path / ".zshrc").read_text(encoding="utf-8") == (
        "fpath+=~/.zfunc\nautoload -Uz compinit\ncompinit\n"
    )
    assert [c.split(": added ")[1] for c in changes] == [
        "fpath+=~/.zfunc",
        "autoload -Uz compinit",
        "compinit",
    ]


def test_the_install_message_says_what_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".zshrc").write_text("autoload -Uz compinit\ncompinit\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--install-completion", "zsh"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        f"{tmp_path / '.zshrc'}: added fpath+=~/.zfunc before its compinit line"
    )


def test_zsh_candidates_keep_their_apostrophes() -> None:
    env = {**os.environ, "_VZCLI_COMPLETE": "complete_zsh"}
    env["_TYPER_COMPLETE_ARGS"] = "vzcli positions --on Madu"
    done = subprocess.run([VZCLI or "vzcli"], env=env, capture_output=True, text=True, check=False)
    if VZCLI is None:
        pytest.skip("the vzcli console script is not installed")
    assert "'Maduro'\"'\"'s leadership'" in done.stdout


def _zsh_with_rc(tmp_path: Path, rc: str) -> Iterator[Pane]:
    """An interactive zsh that reads ``rc`` as its ~/.zshrc, completion installed over it."""
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / ".zshrc").write_text(rc, encoding="utf-8")
    completion.install("zsh", home=home)
    yield from _panes("zsh", home, ["zsh", "-i"], "echo started-ok", "started-ok\n")


@pytest.mark.installed
def test_a_new_zsh_whose_zshrc_ran_compinit_completes_after_install(tmp_path: Path) -> None:
    """The common ~/.zshrc, compinit already in it: after --install-completion a new
    zsh completes vzcli's options, not file names, and the line runs."""
    for pane in _zsh_with_rc(tmp_path, "autoload -Uz compinit\ncompinit -u\n"):
        pane.type("vzcli quotes --fields id --no-headers --actor Serg")
        pane.keys("Tab")
        pane.wait_for("Lavrov")
        pane.keys("Enter")
        pane.wait_for("q-lavrov-threats")


@pytest.mark.installed
def test_zsh_offers_a_candidate_with_its_apostrophe(tmp_path: Path) -> None:
    for pane in _zsh_with_rc(tmp_path, "autoload -Uz compinit\ncompinit -u\n"):
        pane.type("vzcli positions --no-headers --fields id --on Guaid")
        pane.keys("Tab")
        screen = pane.wait_for("presidency")
        assert "Guaidós" not in screen
        pane.keys("Enter")
        pane.wait_for("pos-us-supports-guaido")


# --- the matching rule, files only for paths, --opt=value ------------------------


@pytest.mark.parametrize("shell_pane", completion.SHELLS, indirect=True)
def test_a_name_completes_under_the_matching_rule_in_every_shell(shell_pane: Pane) -> None:
    """`--actor serg` (lower case) and `--actor nicolas` (no accent) complete, as
    `--actor serg` itself works; the completed line runs."""
    shell_pane.type("vzcli quotes --fields id --no-headers --actor serg")
    shell_pane.keys("Tab")
    shell_pane.wait_for("Sergei")
    shell_pane.keys("Enter")
    shell_pane.wait_for("q-lavrov-threats")
    shell_pane.type("vzcli events --fields id --no-headers --actor nicolas")
    shell_pane.keys("Tab")
    shell_pane.wait_for("Nicol")
    shell_pane.keys("Enter")
    shell_pane.wait_for("power-struggle")


@pytest.mark.parametrize("shell_pane", completion.SHELLS, indirect=True)
def test_an_option_equals_value_completes_in_every_shell(shell_pane: Pane) -> None:
    shell_pane.type("vzcli stats --no-headers --fields id --format=cs")
    shell_pane.keys("Tab")
    shell_pane.wait_for("--format=csv")
    shell_pane.keys("Enter")
    shell_pane.wait_for("stat-refugees-2019")


@pytest.mark.parametrize("shell_pane", completion.SHELLS, indirect=True)
def test_a_closed_set_never_offers_file_names_and_a_path_does(
    shell_pane: Pane, tmp_path: Path
) -> None:
    here = tmp_path / "cwd"
    here.mkdir()
    (here / "xdir").mkdir()
    (here / "briefing.json").write_text("{}", encoding="utf-8")
    shell_pane.type(f"cd {here}")
    shell_pane.keys("Enter")
    if (
        "fish" in shell_pane.screen()
        or shell_pane.run("display", "-p", "-t", "t", "#{pane_current_command}").strip() == "fish"
    ):
        # fish suggests file names as one types (grey text, no Tab pressed): off here,
        # so the screen shows what Tab completes.
        shell_pane.type("set -g fish_autosuggestion_enabled 0")
        shell_pane.keys("Enter")
    shell_pane.type("echo ready; vzcli quotes --format x")
    shell_pane.keys("Tab")
    time.sleep(1.0)
    assert "xdir" not in shell_pane.screen()
    shell_pane.keys("C-u")
    shell_pane.type("vzcli quotes --data bri")
    shell_pane.keys("Tab")
    shell_pane.wait_for("--data briefing.json")


@pytest.mark.parametrize("shell_pane", ["zsh"], indirect=True)
def test_zsh_lists_options_with_their_help_apostrophes_kept(shell_pane: Pane) -> None:
    shell_pane.type("vzcli quotes --ac")
    shell_pane.keys("Tab")
    time.sleep(0.5)
    shell_pane.keys("Tab")
    screen = shell_pane.wait_for("--actor")
    shell_pane.keys("C-u")
    shell_pane.type("vzcli quotes --")
    shell_pane.keys("Tab")
    time.sleep(0.5)
    shell_pane.keys("Tab")
    screen = shell_pane.wait_for("Only records of this actor")
    assert "'Russia' covers Lavrov" in screen


@pytest.mark.installed
@pytest.mark.parametrize(
    ("env", "first_line", "loaded"),
    [
        ({}, "[", False),
        (
            {
                "_VZCLI_COMPLETE": "complete_bash",
                "COMP_WORDS": "vzcli quotes --actor Serg",
                "COMP_CWORD": "3",
            },
            "Sergei\\ Lavrov",
            True,
        ),
    ],
)
def test_only_a_run_that_completes_loads_vzcli_s_completion(
    env: dict[str, str], first_line: str, loaded: bool
) -> None:
    # A query pays nothing for completion; a Tab gets vzcli's classes, not Typer's.
    code = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from vzcli.cli import app\n"
        "done = CliRunner().invoke(app, ['quotes', '-f', 'json'], prog_name='vzcli',"
        " env=json.loads(sys.argv[1]))\n"
        "print(json.dumps([done.stdout.splitlines()[0], 'vzcli.cli.completion' in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(env)], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == [first_line, loaded]
