"""The type mapping of cross-dialect export: a model type kind → the SQLAlchemy
type for a target, and what is lost on the way."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from tablewright.designer.dialects import MYSQL_FAMILY
from tablewright.designer.model import DataType
from tablewright.designer.sa_ddl import VerbatimType


class _DialectModule:
    """``sqlalchemy.dialects.<name>``, imported when first used: exporting for
    one engine need not import the others' types (~20 ms)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        import importlib

        return getattr(importlib.import_module(f"sqlalchemy.dialects.{self._name}"), attr)


mssql, mysql = _DialectModule("mssql"), _DialectModule("mysql")

_MYSQL = MYSQL_FAMILY


_GENERIC_TYPES = {
    "tinyint": lambda dt: sa.SmallInteger(),
    "smallint": lambda dt: sa.SmallInteger(),
    "integer": lambda dt: sa.Integer(),
    "bigint": lambda dt: sa.BigInteger(),
    "numeric": lambda dt: sa.Numeric(dt.precision, dt.scale),
    "money": lambda dt: sa.Numeric(19, 4),
    "real": lambda dt: sa.REAL(),
    "double": lambda dt: sa.Double(),
    "float": lambda dt: sa.Float(dt.precision),
    "boolean": lambda dt: sa.Boolean(create_constraint=False),
    "bit": lambda dt: sa.Boolean(create_constraint=False),
    "char": lambda dt: sa.CHAR(dt.length),
    "varchar": lambda dt: sa.String(dt.length) if dt.length else sa.Text(),
    "text": lambda dt: sa.Text(),
    "bytea": lambda dt: sa.LargeBinary(),
    "date": lambda dt: sa.Date(),
    "time": lambda dt: sa.Time(),
    "timetz": lambda dt: sa.Time(timezone=True),
    "timestamp": lambda dt: sa.DateTime(),
    "timestamptz": lambda dt: sa.DateTime(timezone=True),
    "interval": lambda dt: sa.Interval(),
    "uuid": lambda dt: sa.Uuid(),
    "json": lambda dt: sa.JSON(),
    "jsonb": lambda dt: sa.JSON(),
    "xml": lambda dt: sa.Text(),
    "inet": lambda dt: sa.String(45),
    "tsvector": lambda dt: sa.Text(),
    "hstore": lambda dt: sa.Text(),
    "set": lambda dt: sa.Text(),
}

# target-specific choices that differ from SQLAlchemy's generic rendering
_TARGET_TYPES = {
    ("jsonb", "postgres"): lambda dt: postgresql.JSONB(),
    ("inet", "postgres"): lambda dt: postgresql.INET(),
    ("tsvector", "postgres"): lambda dt: postgresql.TSVECTOR(),
    ("money", "postgres"): lambda dt: postgresql.MONEY(),
    ("xml", "mssql"): lambda dt: mssql.XML(),
    ("uuid", "mysql"): lambda dt: sa.CHAR(36),
    ("uuid", "mariadb"): lambda dt: sa.CHAR(36),
    ("uuid", "sqlite"): lambda dt: sa.CHAR(36),
    ("uuid", "mssql"): lambda dt: mssql.UNIQUEIDENTIFIER(),
    ("json", "sqlite"): lambda dt: sa.Text(),
    ("jsonb", "sqlite"): lambda dt: sa.Text(),
    ("json", "mssql"): lambda dt: mssql.NVARCHAR(None),
    ("jsonb", "mssql"): lambda dt: mssql.NVARCHAR(None),
    ("boolean", "mssql"): lambda dt: mssql.BIT(),
    ("bit", "mssql"): lambda dt: mssql.BIT(),
    ("bytea", "postgres"): lambda dt: postgresql.BYTEA(),
    ("bytea", "mysql"): lambda dt: mysql.LONGBLOB(),
    ("bytea", "mariadb"): lambda dt: mysql.LONGBLOB(),
    ("bytea", "mssql"): lambda dt: mssql.VARBINARY(None),
    ("text", "mysql"): lambda dt: mysql.LONGTEXT(),
    ("text", "mariadb"): lambda dt: mysql.LONGTEXT(),
    ("text", "mssql"): lambda dt: mssql.NVARCHAR(None),
    ("timestamp", "mssql"): lambda dt: mssql.DATETIME2(),
    ("timestamp", "mysql"): lambda dt: mysql.DATETIME(fsp=dt.precision),
    ("timestamp", "mariadb"): lambda dt: mysql.DATETIME(fsp=dt.precision),
    ("timestamptz", "mysql"): lambda dt: mysql.DATETIME(fsp=dt.precision),
    ("timestamptz", "mariadb"): lambda dt: mysql.DATETIME(fsp=dt.precision),
    ("timestamptz", "sqlite"): lambda dt: sa.DateTime(),
    ("interval", "mysql"): lambda dt: sa.String(64),
    ("interval", "mariadb"): lambda dt: sa.String(64),
    ("interval", "mssql"): lambda dt: sa.String(64),
}

# what is lost when a kind is carried to a target: message tail per (kind, target)
_LOSSY = {
    ("timestamptz", "mysql"): "has no time zone in MySQL; exported as DATETIME",
    ("timestamptz", "mariadb"): "has no time zone in MariaDB; exported as DATETIME",
    ("timestamptz", "sqlite"): "has no time zone in SQLite; exported as DATETIME",
    ("timetz", "mysql"): "has no time zone in MySQL; exported as TIME",
    ("timetz", "mariadb"): "has no time zone in MariaDB; exported as TIME",
    ("timetz", "mssql"): "has no time zone in SQL Server; exported as TIME",
    ("interval", "mysql"): "has no INTERVAL type in MySQL; exported as VARCHAR(64)",
    ("interval", "mariadb"): "has no INTERVAL type in MariaDB; exported as VARCHAR(64)",
    ("interval", "mssql"): "has no INTERVAL type in SQL Server; exported as VARCHAR(64)",
    ("inet", "mysql"): "has no network-address type in MySQL; exported as VARCHAR(45)",
    ("inet", "mariadb"): "has no network-address type in MariaDB; exported as VARCHAR(45)",
    ("inet", "sqlite"): "has no network-address type in SQLite; exported as VARCHAR(45)",
    ("inet", "mssql"): "has no network-address type in SQL Server; exported as VARCHAR(45)",
    ("tsvector", "*"): "is a PostgreSQL text-search vector; exported as text",
    ("hstore", "*"): "is a PostgreSQL hstore; exported as text",
    ("set", "*"): "is a MySQL SET; exported as text",
    ("xml", "*"): "is XML; exported as text",
}

_TIMEZONE_KINDS = {"timestamptz", "timetz"}


def _lossy_message(kind: str, target: str) -> str | None:
    if target == "postgres" and kind in ("tsvector", "hstore", "xml"):
        return None
    if target in _MYSQL and kind == "set":
        return None
    if target == "mssql" and kind == "xml":
        return None
    return _LOSSY.get((kind, target)) or _LOSSY.get((kind, "*"))


def _integer_type(type_: sa.types.TypeEngine) -> bool:
    """Whether SQLAlchemy lets ``type_`` auto-increment (its Integer affinity,
    also through a verbatim type)."""
    base = type_.impl_instance if isinstance(type_, VerbatimType) else type_
    return isinstance(base, sa.types.Integer)


def _mysql_unsigned(dt: DataType):
    factory = {"tinyint": mysql.TINYINT, "smallint": mysql.SMALLINT, "integer": mysql.INTEGER, "bigint": mysql.BIGINT}.get(dt.kind)
    return factory(unsigned=True) if factory else None
