"""``exp``: sqlglot's expression classes, imported on first use.

The rule modules are imported by every lint run (the registry walks them), and
a warm lint run from the parse cache never imports sqlglot (~0.3 s): the query
rules name sqlglot's classes through this stand-in instead."""

from __future__ import annotations


class _LazyExp:
    _mod = None

    def __getattr__(self, name: str):
        mod = _LazyExp._mod
        if mod is None:
            from sqlglot import exp as mod

            _LazyExp._mod = mod
        return getattr(mod, name)


exp = _LazyExp()
