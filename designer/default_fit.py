"""Whether a column's literal default is a value the target's column type can hold.

A cross-dialect export writes a default as its source wrote it (translated by
sqlglot), but a literal one engine takes may be no value of the target's type:
MySQL's zero date ``'0000-00-00 00:00:00'`` (PostgreSQL: 'date/time field value out
of range'; SQL Server's date types start at year 1), a zero month or day, a day past
the end of its month, a TIME past 24 hours or below zero (MySQL's TIME is an
interval of ±838 hours), PostgreSQL's special values ``'now'``, ``'infinity'``,
``'epoch'``… (no other engine knows them), a year past 9999 outside PostgreSQL, or an
integer past the range of the target's integer type (MySQL's ``INT UNSIGNED DEFAULT
4294967295`` as PostgreSQL's ``integer``).  :func:`misfit` says why, or None when the
value fits or is no literal it can judge (an expression, a function call: left as it
was); :func:`mapped` gives the target's own spelling of the PostgreSQL special values
that have one (``'now'`` is the target's current date or time, ``'epoch'`` 1970-01-01)."""

from __future__ import annotations

import calendar
from datetime import datetime, timezone

import sqlalchemy as sa

from tablewright.designer.dialects import get as get_dialect
from tablewright.designer.sql_split import SQLGLOT_DIALECT, SQLGLOT_FAILURES, literal_of

TEMPORAL = {"date": "date", "timestamp": "date", "timestamptz": "date", "time": "time", "timetz": "time"}
#: PostgreSQL's special date/time input strings
PG_SPECIAL = {"infinity", "-infinity", "+infinity", "epoch", "now", "today", "tomorrow", "yesterday", "allballs"}
#: the last year a target's date types hold (the first is year 1 everywhere but PostgreSQL, which also has BC)
LAST_YEAR = {"postgres": 294276, "mssql": 9999, "mysql": 9999, "mariadb": 9999}
#: the years of SQL Server's older date types (DATE, DATETIME2, DATETIMEOFFSET: 1 to 9999)
_YEARS = {("mssql", "DATETIME"): (1753, 9999), ("mssql", "SMALLDATETIME"): (1900, 2079)}


def misfit(default: str, kind: str, sa_type, source: str, target: str, type_name: str = "") -> str | None:
    """Why ``target`` cannot hold the literal ``default`` (source-dialect SQL) of a
    column of model kind ``kind`` written as ``sa_type`` (``type_name``: as the target's
    DDL spells it, for SQL Server's DATETIME, which starts in 1753); None when it can, or
    when the default is not a literal this judges."""
    if target == "sqlite":
        return None  # any value in any column
    too_long = _string_misfit(default, sa_type, source, target)
    if too_long:
        return too_long
    bits = None if kind in TEMPORAL else _integer_bits(sa_type)
    if kind not in TEMPORAL and bits is None:
        return None
    literal = literal_of(default, source)
    if literal is None:
        return None
    value, what = literal
    if kind in TEMPORAL:
        if what != "string":
            zero = " (MySQL's 0 is its zero date)" if value.strip("-0.") == "" else ""
            return f"{value} is a number, which {target} does not take as a {kind}{zero}"
        if TEMPORAL[kind] == "time":
            return _time_misfit(value, target)
        return _date_misfit(value, target, *_YEARS.get((target, type_name.upper().split("(")[0].strip()), (1, None))) \
            or _zone_misfit(value, kind, target)
    if bits is not None:
        try:
            number = int(value.strip())
        except ValueError:
            return None
        low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        if not low <= number <= high:
            return f"{number} is outside the range of a {bits}-bit integer ({low} to {high})"
    return None


#: the current date/time in a target, by the column's kind (MySQL takes an expression default in parentheses)
_NOW = {
    "mysql": {"date": "(CURRENT_DATE)", "timestamp": "CURRENT_TIMESTAMP", "timestamptz": "CURRENT_TIMESTAMP",
              "time": "(CURRENT_TIME)", "timetz": "(CURRENT_TIME)"},
    "mssql": {"date": "CAST(SYSDATETIME() AS DATE)", "timestamp": "SYSDATETIME()",
              "timestamptz": "SYSDATETIMEOFFSET()", "time": "CAST(SYSDATETIME() AS TIME)",
              "timetz": "CAST(SYSDATETIME() AS TIME)"},
}
_NOW["mariadb"] = _NOW["mysql"]
_EPOCH = {"date": "'1970-01-01'", "timestamp": "'1970-01-01 00:00:00'", "timestamptz": "'1970-01-01 00:00:00'",
          "time": "'00:00:00'", "timetz": "'00:00:00'"}


def mapped(default: str, kind: str, source: str, target: str) -> str | None:
    """The target's spelling of a PostgreSQL special date/time default (``'now'``,
    ``'today'`` for a date, ``'epoch'``, ``'allballs'`` for a time), or None."""
    if kind not in TEMPORAL or target not in _NOW:
        return None
    literal = literal_of(default, source)
    if literal is None or literal[1] != "string":
        return None
    word = literal[0].strip().lower()
    if word == "now" or (word == "today" and kind == "date"):
        return _NOW[target][kind]
    if word == "epoch" or (word == "allballs" and TEMPORAL[kind] == "time"):
        return _EPOCH[kind]
    if target in ("mysql", "mariadb") and _zone_misfit(literal[0], kind, target):
        moment = _with_zone(literal[0])
        if kind == "timestamptz":
            moment = moment.astimezone(timezone.utc)
        return "'" + moment.replace(tzinfo=None).isoformat(" ") + "'"
    return None


def _with_zone(value: str) -> datetime | None:
    """A date and time with a zone offset (``1970-01-01 00:00:01+00:00``, ``…+05:30``, ``…Z``), or None."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _zone_misfit(value: str, kind: str, target: str) -> str | None:
    """MySQL's and MariaDB's DATETIME take no zone offset in a default (MariaDB: 'Invalid default value'):
    Temporal's session_start TIMESTAMP DEFAULT '1970-01-01 00:00:01+00:00' (:func:`mapped` writes the time
    without it, PostgreSQL's own reading for a timestamp without time zone, UTC for one with)."""
    if target not in ("mysql", "mariadb") or TEMPORAL.get(kind) != "date" or _with_zone(value) is None:
        return None
    read = "PostgreSQL drops it from a timestamp without time zone" if kind == "timestamp" else \
        "the time is written in UTC"
    return f"{target}'s DATETIME takes no time zone offset ({read})"


def _string_misfit(default: str, sa_type, source: str, target: str) -> str | None:
    """A string default longer than its column (DataSynthesis' statecode varchar(2) DEFAULT 'NULL'): PostgreSQL
    takes the table and refuses an insert that relies on the default, MySQL and MariaDB refuse the table."""
    base = getattr(sa_type, "impl_instance", sa_type)
    length = getattr(base, "length", None)
    if target not in ("mysql", "mariadb") or not isinstance(base, sa.String) or isinstance(base, sa.Enum) \
            or not length:
        return None
    literal = literal_of(default, source)
    if literal is None or literal[1] != "string" or len(literal[0].rstrip(" ")) <= length:
        return None
    return (f"it is longer than the column's {length} characters ({get_dialect(source).title} refuses an insert that "
            f"relies on it, {target} the table)")


def is_null(default: str | None, source: str) -> bool:
    """Whether a default is NULL (under casts and parentheses: ``NULL::integer``)."""
    import sqlglot
    from sqlglot import exp

    if not default:
        return False
    try:
        tree = sqlglot.parse_one(default, read=SQLGLOT_DIALECT.get(source))
    except SQLGLOT_FAILURES:
        return False
    while isinstance(tree, (exp.Cast, exp.Paren)):
        tree = tree.this
    return isinstance(tree, exp.Null)


#: PostgreSQL's spellings of a boolean as a string ('t', 'yes', 'on', '1', ...)
_TRUE_WORDS = frozenset({"t", "true", "y", "yes", "on", "1"})
_FALSE_WORDS = frozenset({"f", "false", "n", "no", "off", "0"})


def respelled(default: str, sa_type, source: str, target: str) -> str | None:
    """The same value in the spelling the target's type takes, where the source's is
    refused: PostgreSQL takes no number for a boolean (MySQL's ``tinyint(1) DEFAULT 0``,
    SQL Server's ``bit DEFAULT ((1))``) and no boolean for an integer (MySQL's ``TRUE``
    is 1); a JSON default cast to PostgreSQL's json/jsonb (Rails' ``'{}'::jsonb``), which MariaDB's CAST
    does not take, as the string, in parentheses for MySQL's JSON; None when the default is written as it
    is (a string cast to a string or enum type loses its cast in SchemaMapping._fragment)."""
    base = getattr(sa_type, "impl_instance", sa_type)
    if isinstance(base, sa.JSON) and target != "postgres" and ("::" in default or "cast" in default.lower()):
        literal = literal_of(default, source)
        if literal is None or literal[1] != "string":
            return None
        value = literal[0].replace("\\", "\\\\") if target in ("mysql", "mariadb") else literal[0]
        quoted = "'" + value.replace("'", "''") + "'"
        return f"({quoted})" if target in ("mysql", "mariadb") else quoted
    if target != "postgres":
        if isinstance(base, sa.Boolean):  # PostgreSQL's 't'/'f' (FixMyStreet, Koji, SQL-Ledger): MariaDB refuses them
            literal = literal_of(default, source)
            word = literal[0].strip().lower() if literal is not None and literal[1] == "string" else None
            if word in _TRUE_WORDS or word in _FALSE_WORDS:
                true = word in _TRUE_WORDS
                return ("1" if true else "0") if target == "mssql" else ("TRUE" if true else "FALSE")
        return None
    boolean, integer = isinstance(base, sa.Boolean), isinstance(base, sa.Integer)
    if not boolean and not integer:
        return None
    literal = literal_of(default, source)
    if literal is None:
        return None
    value, what = literal
    if boolean and what == "number":
        try:
            return "TRUE" if float(value) != 0 else "FALSE"
        except ValueError:
            return None
    if integer and what == "boolean":
        return "1" if value == "TRUE" else "0"
    return None


def _date_misfit(value: str, target: str, first: int = 1, last: int | None = None) -> str | None:
    text = value.strip()
    if text.lower() in PG_SPECIAL:
        return None if target == "postgres" else f"{text!r} is a PostgreSQL special value, which {target} does not know"
    if text.lower().endswith(" bc"):
        return None if target == "postgres" else f"{target} has no dates before year 1"
    date = text.split("T", 1)[0].split(" ", 1)[0]
    parts = date.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None  # another spelling: not judged
    year, month, day = (int(p) for p in parts)
    if (year, month, day) == (0, 0, 0):
        return f"it is MySQL's zero date, which {target} cannot hold"
    if month == 0 or day == 0:
        return f"it has a zero month or day, which {target} cannot hold"
    if year == 0:
        return f"{target} has no year 0"
    last = last or LAST_YEAR.get(target, 9999)
    if not first <= year <= last:
        return f"its year is outside the years {first} to {last} of the column's type in {target}"
    proxy = year if year <= 9999 else 2000 + year % 400  # the same place in the 400-year Gregorian cycle
    if month > 12 or day > calendar.monthrange(proxy, month)[1]:
        return "it is no calendar date"
    return None


def _time_misfit(value: str, target: str) -> str | None:
    text = value.strip()
    if text.lower() in PG_SPECIAL:
        return None if target == "postgres" else f"{text!r} is a PostgreSQL special value, which {target} does not know"
    if target in ("mysql", "mariadb"):
        return None  # MySQL's TIME holds ±838 hours
    negative = text.startswith("-")
    clock = text.lstrip("-").split(".", 1)[0]
    parts = clock.split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    hours, minutes = int(parts[0]), int(parts[1])
    seconds = int(parts[2]) if len(parts) == 3 else 0
    if negative and (hours or minutes or seconds):
        return f"{target}'s time of day cannot be negative"
    last = 24 if target == "postgres" else 23  # PostgreSQL takes 24:00:00
    if hours > last or (hours == 24 and (minutes or seconds)) or minutes > 59 or seconds > 59:
        return f"it is past 24 hours, and {target}'s time is a time of day"
    return None


def _integer_bits(sa_type) -> int | None:
    base = getattr(sa_type, "impl_instance", sa_type)
    if isinstance(base, sa.SmallInteger):
        return 16
    if isinstance(base, sa.BigInteger):
        return 64
    if isinstance(base, sa.Integer):
        return 32
    return None
