"""Progress and cancellation of long work, without Qt.

Long functions (DDL import, live import) take an optional ``progress``
callable: ``progress(fraction, what)`` with ``fraction`` from 0 to 1 and a
short text saying what is being read.  Whoever passes it may raise
:class:`Cancelled` from it to stop the work there; the function lets the
exception through and leaves nothing half-built behind (its result is simply
never returned).
"""

from __future__ import annotations

from typing import Callable

Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """The work was cancelled by whoever asked for it."""
