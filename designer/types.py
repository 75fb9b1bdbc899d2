"""Column types: sqlglot's parsed types → the model's normalized ``DataType``.

The normalized ``kind`` vocabulary is small and engine-neutral, so rules and
cross-dialect export can reason about types; ``DataType.text`` keeps the type
as the source dialect spells it, for faithful same-dialect export.
"""

from __future__ import annotations

from dataclasses import replace

__all__ = ["from_sqlglot", "unknown", "plain", "enum_type", "is_serial", "referencing", "replace"]

from sqlglot import exp

from tablewright.designer.dialects import SERIAL_TYPES, is_serial_type
from tablewright.designer.model import DataType, EnumType

T = exp.DataType.Type

_KIND = {
    # integers
    T.TINYINT: "tinyint", T.UTINYINT: "tinyint",
    T.SMALLINT: "smallint", T.USMALLINT: "smallint", T.SMALLSERIAL: "smallint",
    T.MEDIUMINT: "integer", T.UMEDIUMINT: "integer",
    T.INT: "integer", T.UINT: "integer", T.SERIAL: "integer",
    T.BIGINT: "bigint", T.UBIGINT: "bigint", T.BIGSERIAL: "bigint",
    T.INT128: "numeric", T.INT256: "numeric", T.UINT128: "numeric", T.UINT256: "numeric",
    # exact and floating numbers
    T.DECIMAL: "numeric", T.BIGDECIMAL: "numeric", T.UDECIMAL: "numeric",
    T.MONEY: "money", T.SMALLMONEY: "money",
    T.FLOAT: "real", T.DOUBLE: "double", T.UDOUBLE: "double",
    T.BOOLEAN: "boolean", T.BIT: "bit",
    # text
    T.CHAR: "char", T.NCHAR: "char",
    T.VARCHAR: "varchar", T.NVARCHAR: "varchar",
    T.TEXT: "text", T.TINYTEXT: "text", T.MEDIUMTEXT: "text", T.LONGTEXT: "text", T.NAME: "text",
    # binary
    T.BINARY: "bytea", T.VARBINARY: "bytea", T.BLOB: "bytea", T.TINYBLOB: "bytea",
    T.MEDIUMBLOB: "bytea", T.LONGBLOB: "bytea", T.IMAGE: "bytea",
    # time
    T.DATE: "date", T.DATE32: "date",
    T.TIME: "time", T.TIMETZ: "timetz",
    T.TIMESTAMP: "timestamp", T.DATETIME: "timestamp", T.DATETIME2: "timestamp",
    T.SMALLDATETIME: "timestamp", T.DATETIME64: "timestamp", T.TIMESTAMP_S: "timestamp",
    T.TIMESTAMP_MS: "timestamp", T.TIMESTAMP_NS: "timestamp", T.TIMESTAMPNTZ: "timestamp",
    T.TIMESTAMPTZ: "timestamptz", T.TIMESTAMPLTZ: "timestamptz",
    T.INTERVAL: "interval", T.YEAR: "smallint",
    # documents and identifiers
    T.UUID: "uuid",
    T.JSON: "json", T.JSONB: "jsonb", T.XML: "xml",
    T.ENUM: "enum", T.SET: "set",
    T.INET: "inet", T.IPADDRESS: "inet",
    T.GEOMETRY: "geometry", T.GEOGRAPHY: "geography",
    T.HSTORE: "hstore",
    T.ROWVERSION: "bytea",
}

# user-defined to sqlglot, well known to us
_USER_DEFINED = {"citext": "text", "tsvector": "tsvector", "tsquery": "tsquery", "ltree": "text",
                 "cube": "other", "point": "point", "cidr": "inet", "macaddr": "macaddr"}

# sqlglot spells PostgreSQL's serial as a type; it means integer + sequence default
_SERIAL = {T.SERIAL, T.SMALLSERIAL, T.BIGSERIAL}
_UNSIGNED = {T.UTINYINT, T.USMALLINT, T.UMEDIUMINT, T.UINT, T.UBIGINT, T.UDECIMAL, T.UDOUBLE}


def _param(node) -> int | None:
    if isinstance(node, exp.DataTypeParam):
        node = node.this
    try:
        return int(node.name)
    except (AttributeError, TypeError, ValueError):
        return None


def is_serial(dtype: DataType) -> bool:
    return is_serial_type(dtype.text)


def referencing(dtype: DataType) -> DataType:
    """The type of a column that references a column of type ``dtype``: the same,
    but a PostgreSQL serial key is referenced by its integer type (``bigserial``
    is no type a column can be altered to: it means bigint plus a sequence)."""
    if not is_serial(dtype):
        return dtype
    base = SERIAL_TYPES[dtype.text.lower().split("(")[0].strip()]
    return replace(dtype, text=base)


def from_sqlglot(node: exp.DataType, read: str, schema=None) -> DataType:
    """Normalize a parsed sqlglot type."""
    text = node.sql(dialect=read)
    dims = 0
    inner = node
    while inner.this == T.ARRAY and inner.expressions:
        dims += 1
        inner = inner.expressions[0]
    kind = _KIND.get(inner.this, "other")
    params = [e for e in inner.expressions if isinstance(e, exp.DataTypeParam)]
    length = precision = scale = None
    values: tuple[str, ...] = ()
    if kind in ("char", "varchar", "bytea", "bit"):
        length = _param(params[0]) if params else None
        if kind == "char" and not params and inner.this in (T.CHAR, T.NCHAR):
            length = 1
    elif kind == "numeric" and params:
        precision = _param(params[0])
        scale = _param(params[1]) if len(params) > 1 else 0
    elif kind in ("real", "double") and params and read in ("mysql", "tsql"):
        precision = _param(params[0])
        if read == "tsql" and precision is not None and precision > 24:
            kind = "double"
    elif kind in ("timestamp", "timestamptz", "time", "timetz") and params:
        precision = _param(params[0])
    elif kind in ("enum", "set"):
        values = tuple(e.name for e in inner.expressions if isinstance(e, exp.Literal))
    if read == "tsql" and inner.this == T.BIT:
        kind = "boolean"
    if read in ("mysql",) and inner.this == T.TINYINT and params and _param(params[0]) == 1:
        kind = "boolean"  # MySQL's BOOL is tinyint(1)
    unsigned = inner.this in _UNSIGNED
    if read == "mysql" and inner.this == T.SERIAL:
        kind, unsigned = "bigint", True  # MySQL's SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
    if inner.this == T.USERDEFINED:
        kind = _USER_DEFINED.get(inner.sql(dialect=read).lower(), "other")
    if inner.this == T.VARCHAR and read == "sqlite" and not params:
        kind = "varchar"
    return DataType(
        kind=kind,
        text=text,
        length=length,
        precision=precision,
        scale=scale,
        unsigned=unsigned,
        array_dims=dims,
        values=values,
    )


def unknown() -> DataType:
    """SQLite allows columns without a declared type."""
    return DataType(kind="other", text="")


def enum_type(dtype: DataType, enum: EnumType) -> DataType:
    return replace(dtype, kind="enum", enum=enum.qualified_name, values=tuple(enum.values))


def plain(text: str) -> DataType:
    """A type given as plain text in the source dialect (e.g. SQLite's INTEGER)."""
    if not text:
        return unknown()
    return from_sqlglot(exp.DataType.build(text, dialect="sqlite"), "sqlite")


def type_label(data_type) -> str:
    """A column type as the canvas, the Outline and Properties all show it, short: the normalized kind with its parameters
    (``varchar(45)``, ``timestamptz``, ``numeric(5,2)``, ``int[]``); the type
    as written for enums and kinds the model does not normalize."""
    kind = data_type.kind
    if kind in ("other", "enum") or not kind:
        return str(data_type)
    if data_type.length is not None:
        kind += f"({data_type.length})"
    elif data_type.precision is not None:
        kind += f"({data_type.precision}" + (f",{data_type.scale})" if data_type.scale is not None else ")")
    if data_type.unsigned:
        kind += " unsigned"
    return kind + "[]" * data_type.array_dims
