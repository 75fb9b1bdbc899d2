"""Work around shiboken6 6.12.0 on Python 3.11: every call of a Qt method
returning ``void`` drops one reference to ``None`` it never took (and signal
emission does the same to ``True``/``False``), so after some tens of
thousands of painter calls the interpreter aborts with "deallocating None".

Python 3.12 made these singletons immortal (PEP 683); on older Pythons we do
the same by giving them a reference count no program can use up.  Measure with
``sys.getrefcount(None)`` around ``QPainter().setPen(...)`` to see the bug.
"""

from __future__ import annotations

import ctypes
import sys

_HUGE = 1 << 60


def immortalize_singletons() -> None:
    """Only needed with the affected release; pyproject.toml excludes it, this
    keeps an environment that has it anyway from crashing."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import PySide6

    if PySide6.__version__ != "6.12.0":
        return
    for obj in (None, True, False, Ellipsis, NotImplemented):
        refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt, first field
        if refcount.value < _HUGE:
            refcount.value += _HUGE
