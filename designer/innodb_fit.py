"""InnoDB's sizes, for a schema of another engine exported for MySQL or MariaDB (no Qt here).

PostgreSQL keys and indexes any string whole and holds a row of any width; InnoDB (utf8mb4, 4 bytes a
character, the DYNAMIC rows of MariaDB 10.11 and MySQL 8) does not:

- a key -- an index, a primary or unique key -- holds 3,072 bytes: ``KEY (a, b)`` over two VARCHAR(500)
  is 4,000 bytes, refused ('Specified key was too long; max key length is 3072 bytes'; a single column
  past it is cut to a prefix by MariaDB itself, two or more are not).  :func:`fitted_prefixes` shares the
  3,072 bytes among a key's string columns, as prefixes (``KEY (a(384), b(384))``), the fixed-size
  columns keeping their whole width;
- a row holds 65,535 bytes, TEXT and BLOB counted as a pointer of a few bytes only ('Row size too large.
  The maximum row size for the used table type, not counting BLOBs, is 65535'): :func:`row_bytes`.

The sizes are the engine's own (MariaDB's ``Field::pack_length``): what a column takes in a key, where a
string counts its characters at 4 bytes and no length byte, and in a row, where a VARCHAR adds one or two
length bytes.  A type this does not know counts as 16 bytes (no wider type but the strings and DECIMAL
is indexed)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql import sqltypes

KEY_BYTES = 3072
ROW_BYTES = 65535
CHAR_BYTES = 4  # utf8mb4
#: the most characters (bytes for a BLOB) of a TEXT a plain index takes: a prefix, as MySQL indexes no TEXT whole
TEXT_PREFIX = 191
_POINTER = 12  # a TEXT or BLOB in the row: its length and a pointer (9 to 12 bytes)


def _base(type_):
    return getattr(type_, "impl_instance", type_)


def key_part(type_) -> tuple[int, int | None, bool]:
    """How a column of ``type_`` counts in a key: (bytes a unit, units, whether a prefix of it can be taken).
    A string counts characters (4 bytes each), a binary string bytes; its units are its length, None for a
    TEXT or BLOB (no length).  Any other type is (its bytes, 1, False)."""
    base = _base(type_)
    if isinstance(base, (sa.Enum, sqltypes.Boolean)):
        return (2 if isinstance(base, sa.Enum) else 1), 1, False
    if isinstance(base, sqltypes._Binary):
        return 1, getattr(base, "length", None), True
    if isinstance(base, sa.String):
        text = type(base).__name__.upper().endswith("TEXT") or isinstance(base, sa.Text)
        return CHAR_BYTES, None if text else base.length, True
    return _fixed_bytes(base), 1, False


#: the bytes of the fixed-size types in a key or a row (the first class that matches)
_FIXED = ((sa.DateTime, 8), (sa.Date, 3), (sa.Time, 6), (sa.REAL, 4), (sa.Float, 8))


def _fixed_bytes(base) -> int:
    from tablewright.designer.default_fit import _integer_bits

    if type(base).__name__ == "TINYINT":
        return 1
    bits = _integer_bits(base)
    if bits:
        return bits // 8
    if isinstance(base, sa.Numeric) and not isinstance(base, sa.Float):
        precision = base.precision or 65  # MariaDB's DECIMAL: 9 digits in 4 bytes
        return -(-precision // 9) * 4 + 1
    return next((size for kind, size in _FIXED if isinstance(base, kind)), 16)


def whole_bytes(types) -> int | None:
    """The bytes a key over whole columns of ``types`` takes; None when one has no length (TEXT, BLOB)."""
    total = 0
    for type_ in types:
        unit, units, _ = key_part(type_)
        if units is None:
            return None
        total += unit * units
    return total


def fitted_prefixes(parts: list[tuple[str, object, int | None]], budget: int = KEY_BYTES) -> dict[str, int] | None:
    """The prefix lengths that make a key over ``parts`` -- (column name, its type, the prefix it already
    has or None) -- fit ``budget`` bytes: column name → characters (bytes for a binary string), for the
    string columns that must be cut; {} when the whole columns fit (a TEXT or BLOB always takes one, at
    most :data:`TEXT_PREFIX`).  The fixed-size columns and the prefixes already given keep their width;
    the rest is shared among the other strings, none given more than its own length and the shorter ones
    whole (max-min fair shares).  None when even a one-character prefix of each does not fit."""
    wanted: list[tuple[str, int, int, bool]] = []  # name, unit, the bytes it wants, whether it has no length
    left = budget
    for name, type_, given in parts:
        unit, units, cuttable = key_part(type_)
        if given is not None and cuttable:
            left -= unit * given
        elif not cuttable:
            left -= unit * units
        else:
            unbounded = units is None
            wanted.append((name, unit, unit * (TEXT_PREFIX if unbounded else units), unbounded))
    prefixes: dict[str, int] = {}
    wanted.sort(key=lambda w: w[2])
    for i, (name, unit, want, unbounded) in enumerate(wanted):
        share = left // (len(wanted) - i)
        units = min(want, share) // unit
        if units < 1:
            return None
        left -= units * unit
        if unbounded or units * unit < want:
            prefixes[name] = units
    return prefixes


def row_bytes(types, nullable: int = 0) -> int:
    """The bytes a row of columns of ``types`` takes as MariaDB counts it against its 65,535 (TEXT and BLOB a
    pointer; a VARCHAR its bytes and one or two length bytes; ``nullable`` columns a bit each)."""
    total = 1 + (nullable + 7) // 8
    for type_ in types:
        base = _base(type_)
        unit, units, cuttable = key_part(type_)
        if isinstance(base, sqltypes.JSON) or (cuttable and units is None):
            total += _POINTER
        elif not cuttable:
            total += unit * units
        else:
            bytes_ = unit * units
            fixed = isinstance(base, (sa.CHAR, sa.BINARY)) and not isinstance(base, (sa.VARCHAR, sa.VARBINARY))
            total += bytes_ + (0 if fixed else 1 if bytes_ < 256 else 2)
    return total


__all__ = ["CHAR_BYTES", "KEY_BYTES", "ROW_BYTES", "TEXT_PREFIX", "fitted_prefixes", "key_part", "row_bytes",
           "whole_bytes"]
