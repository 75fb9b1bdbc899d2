"""Predicates shared by the data-type rules."""

from __future__ import annotations

from linting import heuristics as h


def money_like(name: str) -> bool:
    t = set(h.tokens(name))
    return bool(t & h.MONEY_WORDS) and not (t & h.NOT_MONEY_WORDS)
