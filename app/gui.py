"""Starts the desktop application.

``run_gui(files)`` opens the main window (and the given project or DDL files).
An uncaught exception never shows a traceback to the user: ``sys.excepthook``
logs it (to ``~/.cache/tablewright/tablewright.log``) and shows a dialog with
the cause."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path

log = logging.getLogger("tablewright")


def log_path() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tablewright" / "tablewright.log"


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
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def error_text(exc: BaseException) -> str:
    """What the user reads: the cause in one or two lines, no traceback."""
    text = str(exc).strip() or type(exc).__name__
    if not isinstance(exc, (ValueError, OSError, LookupError)) and type(exc).__module__ != "designer.errors":
        text = f"{type(exc).__name__}: {text}"
    return text


def excepthook(exc_type, exc, tb) -> None:
    """Log the traceback, show the cause.  Never raises."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("uncaught exception\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance()
        if app is None or os.environ.get("TABLEWRIGHT_NO_ERROR_DIALOG"):
            sys.__excepthook__(exc_type, exc, tb)
            return
        box = QMessageBox(QMessageBox.Critical, "Something went wrong",
                          f"{error_text(exc)}\n\nThe details were written to {log_path()}.",
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


def run_gui(files: list[str]) -> int:
    setup_logging()
    app = make_app()
    sys.excepthook = excepthook
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    from app.main_window import MainWindow
    from app.theme import icon

    app.setWindowIcon(icon("tablewright"))
    window = MainWindow()
    window.show()
    recovered = window.offer_recovery()  # after a crash: the unsaved work it left behind
    for path in files if not recovered else ():
        window.open_file(path)
    return app.exec()
