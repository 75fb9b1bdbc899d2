"""Starts the desktop application.

``run_gui(files)`` opens the main window (and the given project or DDL files).
An uncaught exception never shows a traceback to the user: ``sys.excepthook``
writes a crash log (``tablewright.app.crash``: ``$XDG_STATE_HOME/tablewright/crashes/``,
passwords scrubbed), notes it in ``~/.cache/tablewright/tablewright.log`` and
shows a dialog with the cause and where the details are."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from tablewright.app.crash import bug_summary, write_crash_log
from tablewright.app.errors import error_text  # noqa: F401 - re-exported for older imports
from tablewright.designer.dburl import scrub

log = logging.getLogger("tablewright")


def log_path() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tablewright" / "tablewright.log"


class ScrubbingFormatter(logging.Formatter):
    """Log lines (tracebacks included) without any database password."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def setup_logging() -> None:
    if any(getattr(h, "_tablewright", False) for h in log.handlers):
        return
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler._tablewright = True  # type: ignore[attr-defined]
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def excepthook(exc_type, exc, tb) -> None:
    """A bug: write the crash log (:mod:`tablewright.app.crash`, passwords scrubbed, as
    the command line does), note it in the log, show the cause.  Never raises."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc is not None and exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    path, problem = write_crash_log(exc)
    log.error("uncaught exception (%s): %s", path or f"no crash log: {problem}", bug_summary(exc))
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance()
        if app is None or os.environ.get("TABLEWRIGHT_NO_ERROR_DIALOG"):
            sys.__excepthook__(exc_type, exc, tb)
            return
        where = f"The details were written to {path}." if path else f"No crash log could be written ({problem})."
        box = QMessageBox(QMessageBox.Critical, "Something went wrong",
                          f"{error_text(exc)}\n\n{where}",
                          QMessageBox.Ok, app.activeWindow())
        box.exec()
    except Exception:  # pragma: no cover - last resort
        sys.__excepthook__(exc_type, exc, tb)


def make_app():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Tablewright")
    app.setOrganizationName("Tablewright")
    return app


def quit_on_sigterm(app) -> None:
    """SIGTERM (``kill``, logging out, a service manager) ends the app as a
    crash would not: each window's unsaved work written aside (the recovery copy
    the next start offers), its workers stopped, the event loop left with exit
    status 143 -- no "Save changes?" dialog nobody is there to answer.  The
    helper process stops when the interpreter exits (``workers._pool``).

    Python runs a signal handler only between bytecodes, never while Qt's event
    loop waits in C++: the signal's byte on a wakeup socket wakes a
    ``QSocketNotifier``, whose slot gives the interpreter its turn."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    if getattr(app, "_sigterm_notifier", None) is not None:
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        signal.set_wakeup_fd(writer.fileno())
    except ValueError:  # not the main thread (tests): leave SIGTERM as it is
        return

    def terminate(signum, _frame) -> None:
        log.info("SIGTERM: unsaved work written aside, quitting")
        from tablewright.app.main_window import MainWindow

        try:
            for widget in app.topLevelWidgets():
                if isinstance(widget, MainWindow):
                    widget.files.autosave(wait=True)
                    widget.shutdown()
        except Exception:  # quit all the same: nobody is there to read a dialog
            log.exception("SIGTERM: could not write unsaved work aside")
        app.exit(128 + signum)
        # before the event loop runs (files still opening) exit() does nothing:
        # the loop then ends as soon as it starts
        QTimer.singleShot(0, lambda: app.exit(128 + signum))

    def drain() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass

    signal.signal(signal.SIGTERM, terminate)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Read, app)
    notifier.activated.connect(drain)
    app._sigterm_notifier = (notifier, reader, writer)  # kept alive with the app


def run_gui(files: list[str]) -> int:
    setup_logging()
    app = make_app()
    sys.excepthook = excepthook
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    from tablewright.app.main_window import MainWindow
    from tablewright.app.theme import icon

    app.setWindowIcon(icon("tablewright"))
    window = MainWindow()
    quit_on_sigterm(app)
    window.show()
    recovered = window.files.offer_recovery()  # after a crash: the unsaved work it left behind
    for path in files if not recovered else ():
        window.files.open_file(path)
    return app.exec()
