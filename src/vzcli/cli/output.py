"""Writing to the terminal: all of the output or a documented exit status, never a traceback.

Everything vzcli prints for a person or a script goes through :func:`write`
(results) or :func:`fail` (errors), which survive a closed pipe, a full disk
and an output that cannot encode UTF-8.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import NoReturn

import typer

from ..formats import Format
from ..render import Layout

EXIT_NO_MATCH = 1
EXIT_USAGE = 2
EXIT_CANTCREAT = 73  # sysexits.h EX_CANTCREAT: a file to write is in the way, or cannot be made
EXIT_IOERR = 74  # sysexits.h EX_IOERR: output could not be written
EXIT_PIPE = 141


def say(line: str) -> None:
    """Print ``line`` on stderr, if stderr can take it: a message is never worth a
    second failure (stderr closed, full or gone), and the exit status still tells."""
    stream = sys.stderr
    if stream is None:  # started with stderr closed
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def fail(message: str, code: int) -> NoReturn:
    """Print ``vzcli: message`` on stderr and exit with ``code``.

    Messages quote brief text (names, keys): escapes keep it from driving the terminal.
    """
    from ..errors import cut
    from ..render import visible

    say(f"vzcli: {visible(cut(message))}")
    raise typer.Exit(code)


def stdout_is_unicode() -> bool:
    """Whether stdout can encode any text (UTF-8 or UTF-16/32)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding.startswith("utf")


def write(text: str) -> None:
    """Write all of ``text`` to stdout, surviving a closed pipe and a narrow encoding."""
    stream = sys.stdout
    if stream is None:  # started with stdout closed (`vzcli … >&-`)
        fail("cannot write output: stdout is closed", EXIT_IOERR)
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and not stdout_is_unicode():
        # A safety net: renderers already escape for such outputs.
        reconfigure(errors="backslashreplace")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            stream.write(text)
        else:
            # Bytes, in a loop: under PYTHONUNBUFFERED the buffer is a raw file
            # whose write() may take only part of a large output (a pipe
            # whose reader left); the text layer would drop the rest silently.
            stream.flush()
            data = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
            while data:
                written = buffer.write(data)
                data = data[written if written is not None else len(data) :]
        stream.flush()
    except BrokenPipeError:
        # The reader (head, a closed pager) left.  Point stdout at /dev/null so
        # the interpreter's final flush cannot fail again, and exit as a
        # process killed by SIGPIPE would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        raise typer.Exit(EXIT_PIPE) from None
    except OSError as exc:  # a full disk, a device that refuses writes
        fail(f"cannot write output: {exc.strerror or exc}", EXIT_IOERR)


def terminal_width() -> int:
    """``COLUMNS``, else the terminal's width, else 80 (piped or unknown)."""
    import shutil  # already imported by typer: no start-up cost

    return shutil.get_terminal_size((80, 24)).columns


def layout(*, headers: bool = True) -> Layout:
    """The layout of this process's stdout: its width, and whether it takes UTF-8."""
    return Layout(headers=headers, width=terminal_width(), ascii_only=not stdout_is_unicode())


def emit(
    what: str, count: int, parts: Callable[[], Iterable[str]], fmt: Format, *, exit_status: bool
) -> None:
    """Write the output ``parts()`` yields, each as it comes (a big answer is never
    held whole as text), or for an empty table a short note on stderr;
    ``exit_status`` (``-e``) exits 1 when nothing was printed."""
    if not count and fmt is Format.TABLE:
        say(f"no matching {what}")
    else:
        for part in parts():
            write(part)
    if exit_status and not count:
        raise typer.Exit(EXIT_NO_MATCH)
