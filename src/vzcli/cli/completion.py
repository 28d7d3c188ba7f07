"""Shell completion for bash, zsh and fish, installed for the shell you name.

Typer's bash script inserts each candidate as it is, so ``--actor Serg<Tab>``
became ``--actor Sergei Lavrov``: two words, and the command failed.  vzcli's
bash script passes the word being completed, exactly as typed, to vzcli,
which quotes every candidate the way that word is quoted (backslashes when
unquoted, or inside the "…" or '…' it opened).  zsh and fish quote by
themselves; fish's script is Typer's, zsh's completes on the first Tab.

The quoting builds on Typer's completion classes, which are private
(``typer._completion_classes``).  When they are missing or have changed,
:func:`register` falls back to Typer's own classes through the public
``typer.completion``: candidates are then inserted as Typer inserts them,
and queries, formats and errors do not change (tests/test_fallbacks.py).
tests/test_completion.py drives every shell for real.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typer._click.shell_completion import CompletionItem

SHELLS = ("bash", "zsh", "fish")
PATH_PARAMS = frozenset({"data", "source", "sources", "output", "article", "target"})
"""The options and arguments that take a path: only these complete file names."""
NAME_PARAMS = frozenset({"actor", "via", "on", "metric", "about", "value"})
"""The options (and ``show``'s ID) that take a name, completed under the matching rule."""


def _unquoted(word: str) -> str:
    return word.lstrip("\"'")


def _unaccented(text: str) -> str:
    """``text`` without its accents, each letter in its case (``Nicolás`` -> ``Nicolas``)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def takes(candidate: str, typed: str) -> bool:
    """Whether a name option offers ``candidate`` for what was typed, under vzcli's
    matching rule: any case, accents optional, the whole or any word begun
    (``serg`` and ``lavrov`` offer "Sergei Lavrov", ``nicolas`` "Nicolás Maduro")."""
    from ..match import fold, words

    wanted = fold(typed.strip().strip("\"'"))
    return fold(candidate).startswith(wanted) or any(w.startswith(wanted) for w in words(candidate))


RAW_WORD = "_VZCLI_COMPLETE_WORD"
"""The word being completed, as typed (quotes and backslashes included)."""

FILES = "__vzcli_files__"
"""What vzcli answers when the word being completed is a path: the shell's own file
names, then.  A closed set or a name never falls back to them."""

BASH_SCRIPT = f"""
%(complete_func)s() {{
    local IFS=$'\\n'
    COMPREPLY=( $( env COMP_WORDS="${{COMP_WORDS[*]}}" \\
                   COMP_CWORD=$COMP_CWORD \\
                   {RAW_WORD}="${{COMP_WORDS[COMP_CWORD]}}" \\
                   %(autocomplete_var)s=complete_bash $1 ) )
    if [[ "${{COMPREPLY[0]}}" == "{FILES}" ]]; then
        compopt -o filenames
        COMPREPLY=( $(compgen -f -- "${{COMP_WORDS[COMP_CWORD]}}") )
    fi
    return 0
}}

complete -F %(complete_func)s %(prog_name)s
"""

# Typer's zsh script only defines and registers its function, so installed on
# fpath (as compinit autoloads it) the first Tab completed nothing.  This one
# completes when autoloaded, and registers itself when sourced.
ZSH_SCRIPT = """
#compdef %(prog_name)s

%(complete_func)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" \\
    %(autocomplete_var)s=complete_zsh %(prog_name)s)
}

if [[ "${funcstack[1]}" == "_%(prog_name)s" ]]; then
  %(complete_func)s "$@"
else
  compdef %(complete_func)s %(prog_name)s
fi
"""

# Characters bash reads as something other than part of a word.
_BASH_SPECIAL = re.compile(r"""([\s\\'"`$&|;<>()\[\]{}*?!~#])""")


def bash_quote(value: str, typed: str) -> str:
    """``value`` written as bash would need it typed, in the quoting ``typed`` began."""
    if typed.startswith('"'):
        return '"' + re.sub(r'(["\\$`])', r"\\\1", value) + '"'
    if typed.startswith("'"):
        return "'" + value.replace("'", "'\\''") + "'"
    return _BASH_SPECIAL.sub(r"\\\1", value)


def register() -> None:
    """Use vzcli's classes when a shell asks vzcli to complete (Typer's, failing that)."""
    try:
        from typer._click.shell_completion import (
            _resolve_context,
            _resolve_incomplete,
            add_completion_class,
        )
        from typer._completion_classes import BashComplete, FishComplete, ZshComplete
    except ImportError:
        _register_typers()
        return

    def resolved(shell: Any, args: list[str], incomplete: str) -> tuple[list[Any], bool, str]:
        """The candidates; whether the word is a path (then the shell's file names
        are the candidates); and the ``--opt=`` the word began with, which zsh and
        fish replace along with the value."""
        ctx = _resolve_context(shell.cli, shell.ctx_args, shell.prog_name, list(args))
        obj, rest = _resolve_incomplete(ctx, list(args), incomplete)
        prefix = incomplete[: len(incomplete) - len(rest)] if incomplete.endswith(rest) else ""
        name = getattr(obj, "name", None)
        if name in NAME_PARAMS:
            # Typer keeps only candidates that start with the typed text, as typed:
            # ask for every one, and keep those vzcli's matching rule takes.
            items = [i for i in obj.shell_complete(ctx, "") if takes(str(i.value), rest)]
        else:
            items = obj.shell_complete(ctx, rest)
        return items, name in PATH_PARAMS, prefix

    class QuotingBashComplete(BashComplete):
        """Typer's bash completion, with candidates quoted for the command line."""

        source_template = BASH_SCRIPT

        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            items, paths, _ = resolved(self, args, incomplete)
            if not items and paths:
                return FILES
            return "\n".join(self.format_completion(item) for item in items)

        def get_completion_args(self) -> tuple[list[str], str]:
            # Bash sets COMP_CWORD to a number; anything else (set by hand)
            # completes a new word after the line, rather than failing.
            cword = os.environ.get("COMP_CWORD", "")
            if not (cword.isascii() and cword.isdigit()):
                os.environ["COMP_CWORD"] = str(len(os.environ.get("COMP_WORDS", "").split()))
            args, incomplete = super().get_completion_args()
            # bash splits --format=cs at the "=" (a word break of its own): the value
            # is the word being completed, and the "=" is no argument.
            if args and args[-1] == "=":
                args = args[:-1]
            return args, incomplete

        def format_completion(self, item: CompletionItem) -> str:
            return bash_quote(str(item.value), os.environ.get(RAW_WORD, ""))

    class QuotingZshComplete(ZshComplete):
        """zsh completion by ``compadd -U``: candidates under vzcli's matching rule
        (``serg`` offers "Sergei Lavrov", which zsh's own prefix test would drop),
        each quoted for zsh (an apostrophe kept), ``--opt=`` kept in front of the
        value, and file names only where a path is asked for."""

        def format_completion(self, item: CompletionItem) -> str:
            return shlex.quote(str(item.value))

        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            items, paths, prefix = resolved(self, args, incomplete)
            if not items:
                return "_files" if paths else "return 1"
            values = [prefix + str(item.value) for item in items]
            words = " ".join(shlex.quote(v) for v in values)
            # zsh keeps only the candidates that begin with the word as typed; -U
            # offers the others too, but only when none does: it also replaces the
            # word by what the candidates share, which may be nothing.
            typed = prefix + _unquoted(incomplete[len(prefix) :])
            exact = any(v.startswith(typed) for v in values)
            flags = "" if exact else "-U "
            if any(item.help for item in items):
                # Each candidate shown with its help (an option's), apostrophes and all.
                shown = " ".join(
                    shlex.quote(f"{v} -- {' '.join(str(item.help or '').split())}")
                    for v, item in zip(values, items, strict=True)
                )
                listed = f"local -a _vzcli_shown; _vzcli_shown=({shown})"
                return f"{listed}; compadd {flags}-l -d _vzcli_shown -- {words}"
            return f"compadd {flags}-- {words}"

    class PrefixedFishComplete(FishComplete):
        """Typer's fish completion, with ``--opt=`` kept in front of each value, and
        file names only where a path is asked for.  fish keeps only candidates its own
        matching finds, which does not drop accents: a name the word matches only
        once folded (``nicolas``) is offered as typed without them (``Nicolas
        Maduro``), which --actor reads as the same actor."""

        def complete(self) -> str:
            action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
            args, incomplete = self.get_completion_args()
            items, paths, prefix = resolved(self, args, incomplete)
            typed = _unquoted(incomplete[len(prefix) :]).casefold()
            shown = []
            for item in items:
                value = str(item.value)
                if not value.casefold().startswith(typed) and typed not in value.casefold():
                    value = _unaccented(value)
                shown.append(prefix + value)
            if action == "is-args":
                raise SystemExit(0 if shown or not paths else 1)  # 1: fish lists files
            return "\n".join(shown)

    add_completion_class(QuotingBashComplete, "bash")
    add_completion_class(QuotingZshComplete, "zsh")
    add_completion_class(PrefixedFishComplete, "fish")


def _register_typers() -> None:
    """Typer's own completion classes, through its public module."""
    try:
        # Public module, though it re-exports this name without saying so.
        from typer.completion import completion_init  # type: ignore[attr-defined]
    except ImportError:  # no completion at all: queries still answer
        return
    completion_init()


# Typer's fish script (fish quotes candidates itself), kept here so that
# printing it needs none of Typer's private modules.
FISH_SCRIPT = (
    "complete --command %(prog_name)s --no-files --arguments "
    '"(env %(autocomplete_var)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args '
    '_TYPER_COMPLETE_ARGS=(commandline -cp) %(prog_name)s)" --condition '
    '"env %(autocomplete_var)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args '
    '_TYPER_COMPLETE_ARGS=(commandline -cp) %(prog_name)s"'
)

_SCRIPTS = {"bash": BASH_SCRIPT, "zsh": ZSH_SCRIPT, "fish": FISH_SCRIPT}


def script(shell: str, prog_name: str = "vzcli") -> str:
    """The completion script for ``shell``, to be sourced (bash), autoloaded (zsh)
    or put among fish's completions."""
    values: dict[str, str] = {
        "complete_func": f"_{prog_name}_completion",
        "prog_name": prog_name,
        "autocomplete_var": f"_{prog_name.upper()}_COMPLETE",
    }
    return (_SCRIPTS[shell] % values).strip() + "\n"


def detect() -> str | None:
    """The shell vzcli runs under (its parent process), else ``$SHELL``; None if not one of ours."""
    try:
        import shellingham  # type: ignore[import-untyped]

        name = str(shellingham.detect_shell()[0])
    except Exception:  # detection is best effort: no /proc, an unknown parent …
        name = Path(os.environ.get("SHELL", "")).name
    return name if name in SHELLS else None


def install(
    shell: str,
    home: Path | None = None,
    prog_name: str = "vzcli",
    changes: list[str] | None = None,
) -> Path:
    """Install completion for ``shell`` in the user's files; return the script's path.
    What it changed in the shell's start-up file is added to ``changes``, in words.

    bash: the script in ``~/.bash_completions``, sourced from ``~/.bashrc``;
    zsh: ``~/.zfunc/_vzcli``, with ``~/.zfunc`` on ``fpath`` and compinit in
    ``~/.zshrc``; fish: ``~/.config/fish/completions/vzcli.fish``, which fish
    loads by itself.  Running it again changes nothing.
    """
    home = home or Path.home()
    if shell == "bash":
        path = home / ".bash_completions" / f"{prog_name}.sh"
        # Quoted for the shell: a HOME may hold ', spaces or $.
        said = _add_lines(home / ".bashrc", [f"source {shlex.quote(str(path))}"])
    elif shell == "zsh":
        path = home / ".zfunc" / f"_{prog_name}"
        said = _zsh_lines(home / ".zshrc")
    else:
        path = home / ".config" / "fish" / "completions" / f"{prog_name}.fish"
        said = []
    if changes is not None:
        changes += said
    from .. import atomic  # tempfile: only when installing, never at start-up

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, script(shell, prog_name), force=True)
    return path


ZSH_FPATH = "fpath+=~/.zfunc"

_COMPINIT = re.compile(rb"^\s*(?:autoload\b.*\bcompinit\b|compinit\b)")


def _zsh_lines(rc: Path) -> list[str]:
    """``~/.zfunc`` on ``fpath`` before compinit runs, and compinit run: a ``~/.zshrc``
    that already runs compinit gets the ``fpath`` line just before it (appended after,
    compinit would have scanned ``fpath`` without it, and Tab would complete file
    names); one that does not gets all three lines at its end."""
    data = rc.read_bytes() if rc.is_file() else b""
    lines = data.splitlines()
    first = next((i for i, line in enumerate(lines) if _COMPINIT.match(line)), None)
    if first is None or ZSH_FPATH.encode() in lines:
        return _add_lines(rc, [ZSH_FPATH, "autoload -Uz compinit", "compinit"])
    lines.insert(first, ZSH_FPATH.encode())
    added = b"\n".join(lines) + b"\n"
    from .. import atomic

    def make(at: Path) -> None:
        at.write_bytes(added)

    atomic.write_file(rc.resolve() if rc.is_symlink() else rc, make, force=True)
    return [f"{rc}: added {ZSH_FPATH} before its compinit line"]


def _add_lines(rc: Path, lines: list[str]) -> list[str]:
    """Append each line ``rc`` does not have yet, keeping every byte it has (it need
    not be UTF-8), the file written whole or not at all; say what was added."""
    from .. import atomic

    rc.parent.mkdir(parents=True, exist_ok=True)
    data = rc.read_bytes() if rc.is_file() else b""
    have = data.splitlines()
    missing = [line.encode() for line in lines if line.encode() not in have]
    if missing:
        prefix = b"" if not data or data.endswith(b"\n") else b"\n"
        added = data + prefix + b"\n".join(missing) + b"\n"

        def make(at: Path) -> None:
            at.write_bytes(added)

        # A managed dotfile is often a symlink: the file it points to is changed.
        atomic.write_file(rc.resolve() if rc.is_symlink() else rc, make, force=True)
    return [f"{rc}: added {line.decode()}" for line in missing]
