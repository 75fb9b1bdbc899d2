"""Warnings that say where they are, and their grouping for a terminal.

A cross-dialect export warns once per place that loses something (each
``timestamptz`` column written for MySQL, each sequence written for SQLite), so a
PostgreSQL schema exported for MySQL says the same thing hundreds of times.  A
:class:`Located` warning is the message as ever (a ``str``: whoever lists or
compares warnings sees no difference) that also knows the names in it that say
where: the message with those names left out is its kind of loss.
:func:`grouped` writes each kind once, with its count and a few of its places
(``tablewright export`` without ``--verbose``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: what stands for the names of the place in a kind's text
PLACE = "…"


class Located(str):
    """A warning (its ``str`` is the message) and ``where``: the names in it that say where,
    the place first (``public.film.release_year``), then any other name that varies with it."""

    where: tuple[str, ...] = ()

    def __new__(cls, message: str, where: Iterable[str] = ()):
        self = super().__new__(cls, message)
        self.where = tuple(w for w in where if w)
        return self

    @property
    def place(self) -> str:
        return self.where[0] if self.where else ""

    @property
    def kind(self) -> str:
        """The message with each name of ``where`` (as a whole name: ``payment`` not inside
        ``payment_rental_id_fkey`` or ``public.payment``) as :data:`PLACE`."""
        text = str(self)
        for name in self.where:
            text = re.sub(rf"(?<![\w.]){re.escape(name)}(?!\w)", PLACE, text)
        return text


def grouped(warnings: Iterable[str], examples: int = 3) -> list[str]:
    """One line per kind of warning, in the order the kinds first came: a kind met once (or
    one message repeated) is its message; a kind of several places is its text with the count
    and the first ``examples`` places (``… (56×: a, b, c and 53 more)``)."""
    kinds: dict[tuple[bool, str], list[str]] = {}
    for warning in warnings:
        key = (True, warning.kind) if isinstance(warning, Located) and warning.where else (False, str(warning))
        kinds.setdefault(key, []).append(warning)
    lines = []
    for (_, kind), members in kinds.items():
        distinct = list(dict.fromkeys(members))
        if len(distinct) == 1:
            lines.append(str(distinct[0]) + (f" ({len(members)}×)" if len(members) > 1 else ""))
            continue
        places = list(dict.fromkeys(m.place for m in distinct))
        more = len(places) - examples
        shown = ", ".join(places[:examples]) + (f" and {more} more" if more > 0 else "")
        lines.append(f"{kind} ({len(members)}×: {shown})")
    return lines
