"""An unexpected exception is a bug: one line for the user, the details in a
crash log (no Qt here; the command line and the desktop app both use it).

The crash log is a text file in the user's state folder,
``$XDG_STATE_HOME/tablewright/crashes/`` (default
``~/.local/state/tablewright/crashes/``), one file per crash, named by UTC time
and process id; the newest :data:`KEEP` are kept.  It holds the Tablewright,
Python and platform versions, the command line and the traceback -- all
passed through :func:`tablewright.designer.dburl.scrub`, so no password from a database
URL ends up in it.  The command line prints::

    tablewright: internal error (a bug in Tablewright): KeyError: 'x'; details in
    /home/u/.local/state/tablewright/crashes/crash-20261206T031500Z-4242.log -- please report it

(one line on the terminal)
and exits with :data:`EXIT_BUG` (70, ``EX_SOFTWARE`` in sysexits.h), distinct
from findings (1) and usage or input errors (2).
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

from tablewright.designer.dburl import first_line, scrub

EXIT_BUG = 70  # EX_SOFTWARE: an internal software error
KEEP = 20  # crash logs kept; older ones are removed when a new one is written


def crash_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "tablewright" / "crashes"


def version() -> str:
    from tablewright.designer.version import VERSION

    return VERSION


def crash_report(exc: BaseException, argv: list[str] | None = None) -> str:
    """The crash log's text, passwords scrubbed."""
    import platform  # (here: only a crash needs it)

    command = " ".join(["tablewright", *(argv if argv is not None else sys.argv[1:])])
    lines = [
        "Tablewright crash report",
        f"time: {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}",
        f"tablewright: {version()}",
        f"python: {sys.version.split()[0]} ({platform.python_implementation()})",
        f"platform: {platform.platform()}",
        f"command: {command}",
        "",
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip(),
        "",
    ]
    return scrub("\n".join(lines))


def write_crash_log(exc: BaseException, argv: list[str] | None = None) -> tuple[Path | None, str | None]:
    """Write the crash log: ``(path, None)``, or ``(None, why not)`` when the
    folder cannot be written (a read-only home must not hide the bug)."""
    from tablewright.designer.atomic import write_file

    directory = crash_dir()
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = directory / f"crash-{stamp}-{os.getpid()}.log"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_file(path, crash_report(exc, argv))
    except Exception as problem:  # noqa: BLE001 - reporting a crash must not crash
        return None, scrub(first_line(problem))
    _prune(directory)
    return path, None


def is_bug(exc: BaseException) -> bool:
    """Not one of the errors the program reports as such (bad input, an
    unwritable file, the OS saying no, a cancelled job, Ctrl+C): a bug."""
    from tablewright.app.errors import UsageError
    from tablewright.designer.errors import InputError
    from tablewright.designer.progress import Cancelled

    return not isinstance(exc, (InputError, UsageError, OSError, Cancelled, KeyboardInterrupt, SystemExit))


def note_bug(exc: BaseException, argv: list[str] | None = None) -> Path | None:
    """For the desktop app's background jobs: when ``exc`` is a bug, write the
    crash log and remember its path on the exception (``exc.crash_log``), so
    the dialog that reports it (``tablewright.app.errors.error_text``) can say where it is."""
    if not is_bug(exc) or getattr(exc, "crash_log", None):
        return getattr(exc, "crash_log", None)
    path, _problem = write_crash_log(exc, argv)
    try:
        exc.crash_log = path  # type: ignore[attr-defined]
    except AttributeError:  # an exception type with __slots__
        pass
    return path


def bug_summary(exc: BaseException) -> str:
    """The bug in one line: the exception's type and the first line of its message, scrubbed."""
    text = str(exc).strip()
    name = type(exc).__name__
    return scrub(f"{name}: {text.splitlines()[0]}" if text else name)


def report_bug(exc: BaseException, argv: list[str] | None = None, stream=None) -> int:
    """For the command line: write the crash log, tell the user in one line
    (and where the details are), return :data:`EXIT_BUG`."""
    stream = stream or sys.stderr
    path, problem = write_crash_log(exc, argv)
    where = f"details in {path}" if path else f"no crash log could be written ({problem})"
    try:
        stream.write(f"tablewright: internal error (a bug in Tablewright): {bug_summary(exc)}; "
                     f"{where} -- please report it\n")
        stream.flush()
    except Exception:  # noqa: BLE001 - stderr is gone; the exit code still says it
        pass
    return EXIT_BUG


def _prune(directory: Path) -> None:
    try:
        logs = sorted(directory.glob("crash-*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in logs[KEEP:]:
            old.unlink()
    except OSError:
        pass


__all__ = ["EXIT_BUG", "bug_summary", "crash_dir", "crash_report", "is_bug", "note_bug", "report_bug",
           "write_crash_log"]
