"""Files and folders written whole or not at all.

What vzcli writes where a user asked is made beside its target, under a
hidden temporary name in the same folder (so the final rename stays on one
file system), flushed to disk, and only then renamed over the target.  On
any failure, Ctrl-C included, the temporary file or folder is removed and
the target is as it was: the old file, or nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


class Exists(Exception):
    """The target exists and overwriting it was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists; pass --force to replace it")
        self.path = path


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder holding it is on disk too.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def write_file(target: Path, make: Callable[[Path], None], *, force: bool = False) -> None:
    """Make the file ``target`` by ``make(temporary_path)``, then rename it into place.

    ``make`` writes a complete file at the path it is given (which does not
    exist yet).  Raises :class:`Exists` when ``target`` exists and not
    ``force``, and ``OSError`` when it cannot be written; either way nothing
    is left behind.
    """
    if not force and (target.exists() or target.is_symlink()):
        raise Exists(target)
    folder = target.parent
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    temp = Path(name)
    try:
        temp.unlink()  # make() creates it: sqlite3 and pyarrow want a path, not a file
        make(temp)
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if not force and (target.exists() or target.is_symlink()):
            raise Exists(target)  # made by someone else while this one was written
        with contextlib.suppress(OSError):  # a replaced file keeps its mode
            os.chmod(temp, os.stat(target).st_mode & 0o7777)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(folder)


def write_text(target: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` (UTF-8) to the file ``target`` whole or not at all, as
    :func:`write_file` does; a symlink is followed (the file it points to is
    replaced, the link kept), and a target that is not a regular file (a
    terminal, a pipe, a device) is written directly, as a shell's ``>`` would.
    """
    data = text.encode("utf-8")
    with contextlib.suppress(OSError):
        info = os.stat(target)  # follows a symlink
        if not stat.S_ISREG(info.st_mode):
            with open(target, "wb") as fh:
                fh.write(data)
            return
    if force and target.is_symlink():
        target = target.resolve()

    def make(at: Path) -> None:
        with open(at, "xb") as fh:
            fh.write(data)

    write_file(target, make, force=force)


def write_dir(target: Path, make: Callable[[Path], None], *, force: bool = False) -> None:
    """Make the folder ``target`` by ``make(temporary_folder)``, then swap it into place.

    A folder cannot be renamed over another, so replacing one takes two
    renames: the old folder aside, the new one into place, then the old one
    removed.  A crash between the two renames leaves no ``target`` but both
    folders beside it, named ``.TARGET.*.old`` (the old export, whole) and
    ``.TARGET.*.part`` (the new one, whole).
    """
    if not force and (target.exists() or target.is_symlink()):
        raise Exists(target)
    folder = target.parent
    temp = Path(tempfile.mkdtemp(dir=folder, prefix=f".{target.name}.", suffix=".part"))
    old: Path | None = None
    try:
        os.chmod(temp, 0o777 & ~_umask())  # mkdtemp's 0700, made what mkdir would make
        make(temp)
        if target.exists() or target.is_symlink():
            if not force:
                raise Exists(target)
            if not target.is_dir() or target.is_symlink():
                raise NotADirectoryError(20, "not a folder vzcli can replace", str(target))
            old = Path(tempfile.mkdtemp(dir=folder, prefix=f".{target.name}.", suffix=".old"))
            os.replace(target, old)
        os.replace(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        if old is not None and not target.exists():
            os.replace(old, target)  # put the old one back
            old = None
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(folder)
