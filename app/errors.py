"""Errors the command line reports as one line with exit code 2, and how any
error is put into words for the user (no Qt here).

``error_text`` lives here rather than in ``tablewright.app.gui`` so that the main window
and the dialogs need not import the module that starts the application."""

from __future__ import annotations

from tablewright.designer.dburl import scrub


class UsageError(Exception):
    """Bad input or usage: printed as ``tablewright: <message>``, exit code 2."""


def error_text(exc: BaseException) -> str:
    """What the user reads: the cause in one or two lines, no traceback, no password."""
    text = str(exc).strip() or type(exc).__name__
    crash_log = getattr(exc, "crash_log", None)  # set by app.crash.note_bug for a bug in a background job
    if crash_log or (not isinstance(exc, (ValueError, OSError, LookupError))
                     and type(exc).__module__ != "tablewright.designer.errors"):
        text = f"{type(exc).__name__}: {text}"
    if crash_log:
        text += f"\n\nThis is a bug in Tablewright; the details were written to {crash_log}."
    return scrub(text)
