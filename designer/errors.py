"""Errors about bad input, with the location that caused them."""

from __future__ import annotations

from designer.model import SourceLocation


class InputError(Exception):
    """Input that cannot be used at all (unreadable file, unknown dialect,
    corrupt project file).  The message names the file and, where known, the
    line and column."""

    def __init__(self, message: str, location: SourceLocation | None = None):
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)
