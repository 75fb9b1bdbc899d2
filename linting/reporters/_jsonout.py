"""``json.dumps(value, indent=2, ensure_ascii=False)``, the same text, faster.

With an indent, the standard library encodes in pure Python, through a
generator per nested object (its C encoder takes no indent before Python
3.14): the json report of a 13,000-line dump (~65,000 values) took ~15 % of a
cold ``lint --format json``.  This encoder writes the same text (each string
still goes through the library's C ``encode_basestring``, each number through
``int.__repr__``/``float.__repr__``) with one recursive call per container;
anything it does not know (another key type, an object json cannot encode)
makes it hand the whole value to ``json.dumps``, so the text and the errors
stay the library's."""

from __future__ import annotations

import json
from json.encoder import encode_basestring

__all__ = ["dumps"]

_INF = float("inf")


class _Other(Exception):
    """A value this encoder leaves to ``json.dumps``."""


def _float(o: float) -> str:
    # json.encoder's floatstr (allow_nan=True)
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


def _key(k) -> str:
    if isinstance(k, str):
        return encode_basestring(k)
    if k is True:
        return '"true"'
    if k is False:
        return '"false"'
    if k is None:
        return '"null"'
    if isinstance(k, float):  # (before int: json tests float first for keys)
        return encode_basestring(_float(k))
    if isinstance(k, int):
        return encode_basestring(int.__repr__(k))
    raise _Other


def dumps(value, indent: int = 2) -> str:
    """``json.dumps(value, indent=indent, ensure_ascii=False)``."""
    out: list[str] = []
    append = out.append
    pads = ["\n"]
    step = " " * indent
    seen: set[int] = set()

    def pad(level: int) -> str:
        while len(pads) <= level:
            pads.append(pads[-1] + step)
        return pads[level]

    def scalar(o) -> str | None:
        # json.encoder's _iterencode order: str, None, True, False, int, float
        if isinstance(o, str):
            return encode_basestring(o)
        if o is None:
            return "null"
        if o is True:
            return "true"
        if o is False:
            return "false"
        if isinstance(o, int):
            return int.__repr__(o)
        if isinstance(o, float):
            return _float(o)
        return None

    def container(o, level: int) -> None:
        if isinstance(o, (list, tuple)):
            if not o:
                append("[]")
                return
            marker = id(o)
            if marker in seen:
                raise _Other  # circular: json's own error
            seen.add(marker)
            inner = pad(level + 1)
            sep = "," + inner
            append("[")
            lead = inner
            for item in o:
                append(lead)
                lead = sep
                t = type(item)
                if t is str:
                    append(encode_basestring(item))
                elif t is dict or t is list:
                    container(item, level + 1)
                else:
                    v = scalar(item)
                    if v is not None:
                        append(v)
                    else:
                        container(item, level + 1)
            append(pad(level) + "]")
            seen.discard(marker)
        elif isinstance(o, dict):
            if not o:
                append("{}")
                return
            marker = id(o)
            if marker in seen:
                raise _Other
            seen.add(marker)
            inner = pad(level + 1)
            sep = "," + inner
            append("{")
            lead = inner
            for k, item in o.items():
                append(lead)
                lead = sep
                append(encode_basestring(k) if type(k) is str else _key(k))
                append(": ")
                t = type(item)
                if t is str:
                    append(encode_basestring(item))
                elif t is dict or t is list:
                    container(item, level + 1)
                else:
                    v = scalar(item)
                    if v is not None:
                        append(v)
                    else:
                        container(item, level + 1)
            append(pad(level) + "}")
            seen.discard(marker)
        else:
            raise _Other  # json's default(): a TypeError of its own

    s = scalar(value)
    if s is not None:
        return s
    try:
        container(value, 0)
    except (_Other, RecursionError):
        return json.dumps(value, indent=indent, ensure_ascii=False)
    return "".join(out)
