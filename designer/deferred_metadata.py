"""``importlib.metadata``, imported when first used rather than when sqlglot is.

sqlglot's dialect module runs ``from importlib.metadata import entry_points``
as it is imported, to look dialect plugins up later; it calls ``entry_points()``
only for a dialect name it does not ship, which Tablewright never asks for.
Importing ``importlib.metadata`` (and with it ``email``, ``socket``, ``csv``,
``zipfile``, ``importlib.resources`` ...) costs ~110 M instructions, ~4 % of a
cold ``tablewright lint`` of a 13,000-line dump.

:func:`defer` (run when ``tablewright.designer`` is imported, so before any of
Tablewright's modules can import sqlglot) puts a stand-in under that name in
``sys.modules`` when nothing has imported the real module yet.  The stand-in's
``entry_points`` imports the real module when called; reading any other name
of it imports the real module too and returns the real module's.  Either way
the real module then replaces the stand-in in ``sys.modules``: later imports
get the real one.  The stand-in has the real package's ``__path__``, so its
submodules (``importlib.metadata._meta``) import as usual meanwhile."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

_NAME = "importlib.metadata"
_STAND_IN: ModuleType | None = None


def _real() -> ModuleType:
    if _STAND_IN is not None and sys.modules.get(_NAME) is _STAND_IN:
        del sys.modules[_NAME]
    return importlib.import_module(_NAME)


def _entry_points(**params):
    return _real().entry_points(**params)


def _getattr(name: str):
    return getattr(_real(), name)


def defer() -> None:
    """Put the stand-in in place, unless the real module is imported already."""
    global _STAND_IN
    if _NAME in sys.modules:
        return
    spec = importlib.util.find_spec(_NAME)
    if spec is None or not spec.submodule_search_locations:
        return  # (not a package where it is found: leave it alone)
    if _STAND_IN is None:
        _STAND_IN = ModuleType(_NAME, "Stands for importlib.metadata until it is used "
                                      "(tablewright.designer.deferred_metadata).")
        _STAND_IN.__path__ = list(spec.submodule_search_locations)
        _STAND_IN.entry_points = _entry_points
        _STAND_IN.__getattr__ = _getattr  # PEP 562: every other name
    sys.modules[_NAME] = _STAND_IN
