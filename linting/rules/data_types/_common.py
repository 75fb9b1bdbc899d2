"""Predicates shared by the data-type rules."""

from __future__ import annotations

from tablewright.linting import heuristics as h


#: measures that share a word with money (``total_time``, ``total_elevation_gain_meters``,
#: ``total_effort``, ``total_tokens``): quantities of something else
MEASURE_WORDS = frozenset("time duration ms millis seconds secs elapsed meters meter metres km miles distance "
                          "elevation effort gain size bytes calls rows hits votes height width length depth "
                          "tokens temperature speed latency load".split())
#: what feeds money arithmetic in a financial table (issue: double-precision tax rates)
RATE_WORDS = frozenset("tax taxes vat rate rates percent percentage pct discount commission fx exchange".split())


def money_like(name: str) -> bool:
    t = set(h.tokens(name))
    return bool(t & h.MONEY_WORDS) and not (t & h.NOT_MONEY_WORDS) and not (t & MEASURE_WORDS)


def money_rate(name: str) -> bool:
    """A rate, tax or percentage (``tax_rate``, ``vat_percent``, ``discount_pct``)."""
    t = set(h.tokens(name))
    return bool(t & RATE_WORDS) and not (t & MEASURE_WORDS) and not (t & {"id", "type", "kind", "name", "code"})
