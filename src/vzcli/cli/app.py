"""The Typer app: its options, its guard against tracebacks, and errors as exit statuses.

Each command is parse → call the library → render.  Everything that can go
wrong ends here as one or a few lines on stderr and a documented exit status:

  0 success · 1 nothing matched under --exit-status, or verify found a problem ·
  2 usage error · 65 the brief is invalid · 66 the brief cannot be read ·
  69 an optional extra is missing · 70 internal error · 73 a file to write is
  in the way or cannot be made · 74 output cannot be written · 130 interrupted ·
  141 the reader of stdout went away (as with SIGPIPE).
"""

# Annotations are evaluated here, not left as strings (no `from __future__ import
# annotations`): Typer reads this module's signatures at start-up, and would
# evaluate every string annotation again, twice (about 1 ms per run).
import inspect
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from typer.core import TyperCommand, TyperGroup

from .. import __version__
from . import fastparams
from .output import EXIT_CANTCREAT, EXIT_IOERR, EXIT_PIPE, EXIT_USAGE, fail, say, write

if TYPE_CHECKING:
    from typer._click import Context


def _show_help(ctx: "Context", param: object, value: bool) -> None:
    """``--help``: the help on stdout through :func:`write`, so a closed pipe exits 141
    and a full disk 74, as every other output does."""
    if value and not ctx.resilient_parsing:
        write(ctx.get_help() + "\n")
        ctx.exit()


class _Group(TyperGroup):
    """The app's command group: lets --install-completion and --show-completion
    stand alone (meaning "the shell vzcli runs under") or take a shell's name.

    Typer's click has no options with an optional value, so a bare one gets
    the value ``detect`` before parsing.
    """

    # click's own signature: whatever Typer or a test runner passes on.
    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Registered on every run that completes, not once at import: another
        # Typer app in the same process (a test, a host program) registers
        # Typer's own classes over vzcli's.  click completes when its
        # ``_PROG_COMPLETE`` variable is set; any run without one never
        # completes, and does not import or build vzcli's classes (0.5 ms).
        if any(name[:1] == "_" and name.endswith("_COMPLETE") for name in os.environ):
            from . import completion

            completion.register()
        return super().main(*args, **kwargs)

    # click's own signature, which Typer does not type.
    def get_help_option(self, ctx: "Context") -> Any:
        return _guarded_help(super().get_help_option(ctx))

    def list_commands(self, ctx: "Context") -> list[str]:
        names = list(super().list_commands(ctx))
        return names + [name for name in LAZY if name not in names]

    # click's own signature, which Typer does not type.
    def format_commands(self, ctx: "Context", formatter: Any) -> None:
        # The lazy commands listed by their summaries: building them to list them
        # would cost the help their imports.
        stand_ins = {n: _Listed(s) for n, s in LAZY.items() if n not in self.commands}
        self.commands.update(cast("dict[str, Any]", stand_ins))
        try:
            super().format_commands(ctx, formatter)
        finally:
            for name in stand_ins:
                del self.commands[name]

    # click's own signature, which Typer does not type.
    def get_command(self, ctx: "Context", cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in LAZY:
            from . import records

            found = self.commands[cmd_name] = records.build(cmd_name)
        return found

    def parse_args(self, ctx: "Context", args: list[str]) -> list[str]:
        args = list(args)
        for i, arg in enumerate(args):
            if arg in _SHELL_OPTIONS and (i + 1 == len(args) or args[i + 1].startswith("-")):
                args.insert(i + 1, "detect")
        fastparams.prepare(self.get_params(ctx))
        return super().parse_args(ctx, args)


class Command(TyperCommand):
    """Every vzcli command: its options coerced natively (see :mod:`.fastparams`), and
    its help in words: an argument is shown by its metavar alone, never with the
    Python type Typer appends (``ID``, not ``ID <str>``)."""

    def get_params(self, ctx: "Context") -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "param_type_name", "") == "argument":
                # Typer's help line is "metavar type"; a None type leaves the metavar.
                cast(Any, param).display_type_rich = _no_type
        return params

    def get_help_option(self, ctx: "Context") -> Any:
        return _guarded_help(super().get_help_option(ctx))

    def parse_args(self, ctx: "Context", args: list[str]) -> list[str]:
        fastparams.prepare(self.get_params(ctx))
        rest = super().parse_args(ctx, args)
        _refuse_empty(self, ctx)
        return rest


def _no_type(ctx: object) -> None:
    return None


def _refuse_empty(command: TyperCommand, ctx: "Context") -> None:
    """An empty value given to any option or argument is a usage error naming it: a
    script's unset variable (``--data "$BRIEF"``) must not quietly mean the default."""
    for param in command.get_params(ctx):
        value = ctx.params.get(param.name or "")
        values = value if isinstance(value, (list, tuple)) else (value,)
        if any(isinstance(v, str) and not v for v in values):
            raise typer.BadParameter(
                "is empty; give it a value, or leave it out", ctx, cast(Any, param)
            )


def _guarded_help(option: Any) -> Any:
    if option is not None:
        option.callback = _show_help
    return option


_SHELL_OPTIONS = ("--install-completion", "--show-completion")

LAZY = {
    "add": "Add a record to a brief: its fields as options, its spans found in the article "
    "by its words.",
    "edit": "Change a record of a brief: the fields given replace its own, --unset removes "
    "one, and --at, --quote, --sentence or --span cite it anew.",
    "remove": "Remove a record from a brief: refused while other records refer to it.",
    "date": "What a relative date in an article means: a day, a month or bounds, from the "
    "day it was published, with a one-line reason to put in a brief's inferred map.",
}
"""Commands built only when named or completed (:mod:`.records`), with the summary
``vzcli --help`` lists them by: their options are read from the models, which
every other command's start-up, and the help, would pay for (about 30 ms of
imports).  A test holds each summary to its command's own."""


class _Listed:
    """A lazy command as ``vzcli --help`` lists it: its summary, nothing built."""

    hidden = False

    def __init__(self, summary: str) -> None:
        self.summary = summary

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.summary


app = typer.Typer(
    name="vzcli",
    cls=_Group,
    # Plain click help and errors: one short message, no boxes, no colour, and
    # rich is never imported, which keeps start-up fast.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    # vzcli's own --install-completion/--show-completion take the shell's
    # name; Typer's would install bash whatever shell was named.
    add_completion=False,
)


def command() -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a function as a vzcli command (``@command()``), summarised in ``vzcli
    --help`` by the whole first paragraph of its docstring, never cut at "..."."""

    def register(func: Callable[..., None]) -> Callable[..., None]:
        doc = inspect.cleandoc(func.__doc__ or "")
        summary = " ".join(doc.split("\n\n", 1)[0].split())
        return app.command(cls=Command, short_help=summary)(func)

    return register


class UsageError(Exception):
    """A bad argument caught after click's parsing (exit 2)."""


@contextmanager
def errors() -> Iterator[None]:
    """Turn every known failure into its message and exit status."""
    from ..errors import BriefError, QueryError
    from ..render import visible

    try:
        yield
    except BriefError as exc:
        for line in exc.lines():
            say(f"vzcli: {visible(line)}")
        raise typer.Exit(exc.exit_code) from None
    except (QueryError, UsageError) as exc:
        fail(f"error: {exc}", EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        write(f"vzcli {__version__}\n")
        raise typer.Exit()


def _shell(value: str) -> str:
    """The shell named (or, for a bare option, the one vzcli runs under)."""
    from . import completion

    shell = completion.detect() if value == "detect" else value
    if shell not in completion.SHELLS:
        given = "could not detect" if value == "detect" else f"{value!r} is not"
        fail(f"error: {given} a shell vzcli completes: name bash, zsh or fish", EXIT_USAGE)
    return shell


def _show_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from . import completion

    write(completion.script(_shell(value)))
    raise typer.Exit()


def _install_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from . import completion

    shell = _shell(value)
    changes: list[str] = []
    try:
        path = completion.install(shell, changes=changes)
    except OSError as exc:  # a read-only or full home
        where = exc.filename or "the shell's start-up files"
        fail(f"cannot install completion: {where}: {exc.strerror or exc}", EXIT_CANTCREAT)
    said = "".join(f"{line}\n" for line in changes)
    write(f"{said}{shell} completion installed in {path}; it works in new {shell} sessions\n")
    raise typer.Exit()


def _shells() -> list[str]:
    from . import completion

    return list(completion.SHELLS)


# typer.Option() is typed Any in Typer itself.
def _shell_option(
    flag: str, callback: Callable[[typer.Context, str | None], None], help: str
) -> Any:
    """An eager option taking a shell's name (bare: the shell vzcli runs under)."""
    return typer.Option(
        flag,
        metavar="[SHELL]",
        callback=callback,
        is_eager=True,
        expose_value=False,
        autocompletion=_shells,
        help=help,
        show_default=False,
    )


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    install_completion: Annotated[
        str | None,
        _shell_option(
            "--install-completion",
            _install_completion,
            "Install completion for SHELL (bash, zsh or fish; default: this shell).",
        ),
    ] = None,
    show_completion: Annotated[
        str | None,
        _shell_option(
            "--show-completion",
            _show_completion,
            "Print the completion script for SHELL (bash, zsh or fish; default: this "
            "shell), to install it yourself.",
        ),
    ] = None,
) -> None:
    """Question a verified brief of the article 'US and Russia: developments in
    Venezuela' (Lavrov and Pompeo in Sochi, 14 May 2019).

    Exit status: 0 success; 1 nothing printed under --exit-status, or verify
    found a problem; 2 usage error; 65 invalid brief; 66 unreadable brief or
    article; 69 an optional extra is missing (export --to parquet); 70
    internal error; 73 a file to write exists without --force, or cannot be
    made; 74 output cannot be written; 130 interrupted; 141 the reader of the
    output went away.

    Examples:

      vzcli quotes --actor Lavrov

      vzcli events --since 2019-05-01 --format json

      vzcli report > brief.md
    """
    if ctx.invoked_subcommand is None:  # bare `vzcli`: help on stdout, success
        write(ctx.get_help() + "\n")


EXIT_SOFTWARE = 70  # sysexits.h EX_SOFTWARE: a bug in vzcli itself


def build_only(name: str | None) -> None:
    """Register only the command ``name`` (when it is one), for this process.

    Typer builds the click object of every command on every run, reading
    each function's signature and type hints: 6 ms for 13 commands when one
    is run.  Help and completion of command names need them all, and get
    them (``name`` None or unknown).
    """
    commands = app.registered_commands
    chosen = [c for c in commands if c.callback is not None and c.callback.__name__ == name]
    if chosen or name in LAZY:
        commands[:] = chosen


class _TolerantStderr:
    """stderr that shrugs off its own failures: a message that cannot be shown (stderr
    full, gone or closed) must not turn a known error into a crash, whoever writes
    it (vzcli, or click printing a usage error); the exit status still tells."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except (OSError, ValueError):
            return len(text)

    def flush(self) -> None:
        with suppress(OSError, ValueError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main() -> None:
    """Run the app: the last guard against a traceback."""
    if sys.stderr is not None and not isinstance(sys.stderr, _TolerantStderr):
        sys.stderr = _TolerantStderr(sys.stderr)
    try:
        app()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:  # before click takes over, e.g. during imports
        code = 130
    except Exception as exc:
        from ..launch import interrupted_by

        if interrupted_by(exc):  # Ctrl-C inside an import (see vzcli.launch)
            _exit(130)
        # Known failures never get here; this is a bug.  One line for users,
        # the whole traceback for whoever debugs it.
        if os.environ.get("VZCLI_DEBUG"):
            raise
        say(
            f"vzcli: internal error: {type(exc).__name__}: {exc} "
            "(set VZCLI_DEBUG=1 for the traceback, and please report it)"
        )
        code = EXIT_SOFTWARE
    else:
        code = 0
    _exit(code)


def _exit(code: int) -> None:
    """Flush and end the process at once, skipping interpreter teardown.

    As mypy does: with a big brief loaded, tearing down every object costs
    up to a second (measured at 100,000 records per collection) for nothing,
    since the process is ending.  vzcli registers no atexit work.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with it closed
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader left
            code = code or EXIT_PIPE
        except (OSError, ValueError):  # full disk, or closed
            code = code or EXIT_IOERR
    os._exit(code)
