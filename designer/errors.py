"""Errors about bad input, with the location that caused them."""

from __future__ import annotations

from tablewright.designer.model import SourceLocation


class InputError(Exception):
    """Input that cannot be used at all (unreadable file, unknown dialect,
    corrupt project file).  The message names the file and, where known, the
    line and column."""

    def __init__(self, message: str, location: SourceLocation | None = None):
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class WriteError(InputError):
    """A file could not be written (no such folder, disk full, read-only file
    system, permission denied).  One line naming the file and the cause; the
    command line reports it like an input error (exit 2).  Raised by
    :mod:`tablewright.designer.atomic`, which leaves an existing file untouched."""
