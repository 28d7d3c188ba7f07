"""The console script's entry point: set the process up, then run the CLI.

Kept apart from :mod:`vzcli.cli` so that its first line runs before Typer is
imported.  A vzcli process is short-lived and ends with ``os._exit``: the
cyclic garbage collector, run again and again while Typer and the brief
create tens of thousands of objects, would only free what the exit frees
anyway.  ``python benchmarks/run.py`` measures the same entry point with it
left on: off saves 4 to 10 % of start-up and about a third of a query over
100,000 quotes.
"""

# No `from __future__ import annotations`, and nothing imported here that the
# interpreter has not imported already (os and sys): an import is work before
# main()'s guard against Ctrl-C, and a Ctrl-C inside it would show a traceback.
import os
import sys


def main() -> None:
    """Run vzcli as a command: ``vzcli ARGS``."""
    try:
        import gc

        gc.disable()
        from . import cli

        cli.build_only(_invoked(sys.argv[1:]))
    except KeyboardInterrupt:  # Ctrl-C while Typer is imported: before cli.main()'s guard
        _interrupted()
    except Exception as exc:
        # Python 3.11 turns an interrupt inside a class's creation (__set_name__)
        # into a RuntimeError that carries it as its cause.
        if not interrupted_by(exc):
            raise
        _interrupted()
    cli.main()


def interrupted_by(exc: BaseException) -> bool:
    """Whether Ctrl-C is what raised ``exc``: it is a KeyboardInterrupt, or caused by one."""
    seen: set[int] = set()
    found: BaseException | None = exc
    while found is not None and id(found) not in seen:
        if isinstance(found, KeyboardInterrupt):
            return True
        seen.add(id(found))
        found = found.__cause__ or found.__context__
    return False


def _interrupted() -> None:
    """End as an interrupted vzcli does (130), with no traceback, stdout flushed if it can be."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os._exit(130)


def _invoked(args: list[str]) -> str | None:
    """The subcommand this run will invoke, or None when that is not plain.

    For shell completion it is the one on the line being completed, unless
    the command name itself is being completed.  Anything odd (a
    ``COMP_CWORD`` that is not a number) means "not plain": every command is
    then registered, and click reports what is wrong.
    """
    if os.environ.get("_VZCLI_COMPLETE"):
        line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
        words = line.split()
        cword = os.environ.get("COMP_CWORD") or str(len(words))
        current = int(cword) if cword.isascii() and cword.isdigit() else None
        if current is None or len(words) < 2 or current < 2 or words[1].startswith("-"):
            return None
        return words[1]
    if not args or args[0].startswith("-"):
        return None
    return args[0]
