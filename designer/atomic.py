"""Every file Tablewright writes goes through :func:`write_file` (no Qt here).

    from tablewright.designer.atomic import write_file
    write_file(path, text)            # str (UTF-8) or bytes; raises WriteError

What it does with ``path``:

- a regular file, or nothing yet: written **atomically** -- the data goes to a
  temporary file in the same folder, which is flushed and fsynced, given the
  old file's permissions (or the umask's for a new file), renamed over the
  target with ``os.replace``, and the folder is fsynced so the rename survives
  a power cut.  A failure at any point (disk full, read-only file system,
  permission denied) removes the temporary file and leaves an existing file
  exactly as it was.
- a symbolic link: the file it points to is replaced (the link stays a link).
- something that is not a regular file -- a device such as ``/dev/null``, a
  FIFO, a terminal: written through, never replaced (an atomic rename would
  put a regular file where the device was).
- ``-``: standard output.

A missing folder is an error, not created: ``lint -o reports/x.sarif`` with no
``reports/`` fails with one line, as a shell redirection would, so a typo in a
path never leaves a stray folder tree behind.

Every failure is a :class:`~designer.errors.WriteError` (an ``InputError``,
so the command line prints it as one line and exits 2) whose message names the
file and the cause: ``out.sql: cannot write: No space left on device``.

For writers that want a file handle (``pickle.dump``) use :func:`atomic_open`,
which has the same guarantees; for a library that insists on a file name,
render into memory first (Qt: ``QBuffer``) and pass the bytes to
:func:`write_file`.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from tablewright.designer.errors import WriteError

STDOUT = "-"


def write_file(path: str | os.PathLike, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` (see the module docstring): atomically for
    regular files, through for devices/FIFOs, to stdout for ``-``.  Raises
    :class:`WriteError` with a one-line message; an existing file is then untouched."""
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    if str(path) == STDOUT:
        _write_stdout(payload)
        return
    with atomic_open(path) as handle:
        handle.write(payload)


@contextmanager
def atomic_open(path: str | os.PathLike, *, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file handle whose content replaces ``path`` when the ``with``
    block ends without an exception (see :func:`write_file`).  If the block
    raises, nothing is replaced and the exception propagates (an ``OSError``
    as :class:`WriteError`).

    ``durable=False`` skips the fsyncs (still a temporary file and a rename, so
    no reader ever sees half a file): only for data that can be made again and
    whose reader survives an empty file after a power cut -- the parse cache
    (fsyncing its pickles cost 20-35 ms per 5 MB here)."""
    if str(path) == STDOUT:
        collected = io.BytesIO()
        yield collected
        _write_stdout(collected.getvalue())
        return
    target = Path(path)
    if _is_special(target):
        yield from _write_through(target)
        return
    target = _resolve_link(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise WriteError(f"{path}: cannot write: no such directory {directory}")
    mode = _mode_for(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _error(path, exc) from None
        raise
    if durable:
        fsync_directory(directory)


def fsync_directory(directory: str | os.PathLike) -> None:
    """Make a rename in ``directory`` durable (POSIX); a no-op where folders
    cannot be opened (Windows) or fsynced."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def is_regular_output(path: str | os.PathLike) -> bool:
    """True when ``path`` would be replaced atomically (a regular file or a
    new name), False for ``-``, devices, FIFOs and sockets."""
    return str(path) != STDOUT and not _is_special(Path(path))


# -- internals --------------------------------------------------------------------------


def _error(path, exc: OSError) -> WriteError:
    return WriteError(f"{path}: cannot write: {exc.strerror or exc}")


def _is_special(target: Path) -> bool:
    try:
        st = target.stat()  # follows links: a link to /dev/null is /dev/null
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)


def _resolve_link(target: Path) -> Path:
    if not target.is_symlink():
        return target
    try:
        return Path(os.path.realpath(target))
    except OSError:
        return target


def _mode_for(target: Path) -> int:
    try:
        st = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    except OSError as exc:
        raise _error(target, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(f"{target}: cannot write: is a directory")
    return st.st_mode & 0o7777


def _write_through(target: Path) -> Iterator[BinaryIO]:
    try:
        handle = open(target, "wb", buffering=0)  # noqa: SIM115 - closed below
    except OSError as exc:
        raise _error(target, exc) from None
    try:
        yield handle
    except OSError as exc:
        raise _error(target, exc) from None
    finally:
        try:
            handle.close()
        except OSError as exc:
            raise _error(target, exc) from None


def _write_stdout(payload: bytes) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    try:
        if stream is not None:
            sys.stdout.flush()
            stream.write(payload)
            stream.flush()
        else:  # a text-only stdout (captured by a test, an IDE console)
            sys.stdout.write(payload.decode("utf-8", errors="replace"))
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise WriteError(f"standard output: cannot write: {exc.strerror or exc}") from None


__all__ = ["STDOUT", "WriteError", "atomic_open", "fsync_directory", "is_regular_output", "write_file"]
