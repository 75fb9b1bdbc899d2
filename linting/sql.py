"""SQL for fixes, per dialect.  Small and explicit: each fix names the
statement it needs."""

from __future__ import annotations

import re
from functools import lru_cache

from designer.model import Table

_PLAIN = re.compile(r"[a-z_][a-z0-9_]*")


@lru_cache(maxsize=65536)
def q(name: str, dialect: str | None) -> str:
    if _PLAIN.fullmatch(name) and name.upper() not in _ALWAYS_QUOTE:
        return name
    if dialect in ("mysql", "mariadb"):
        return "`" + name.replace("`", "``") + "`"
    if dialect == "mssql":
        return "[" + name.replace("]", "]]") + "]"
    return '"' + name.replace('"', '""') + '"'


_ALWAYS_QUOTE = {"USER", "ORDER", "GROUP", "TABLE", "SELECT", "FROM", "WHERE", "KEY", "INDEX"}


def tname(table: Table, dialect: str | None) -> str:
    if table.namespace:
        return f"{q(table.namespace, dialect)}.{q(table.name, dialect)}"
    return q(table.name, dialect)


def cols(names, dialect) -> str:
    return ", ".join(q(n, dialect) for n in names)


def alter_type(table: Table, column: str, new_type: str, dialect: str | None, *, nullable: bool = True) -> str:
    t, c = tname(table, dialect), q(column, dialect)
    if dialect in ("mysql", "mariadb"):
        return f"ALTER TABLE {t} MODIFY {c} {new_type}{'' if nullable else ' NOT NULL'};"
    if dialect == "mssql":
        return f"ALTER TABLE {t} ALTER COLUMN {c} {new_type}{'' if nullable else ' NOT NULL'};"
    if dialect == "sqlite":
        return (f"-- SQLite cannot change a column type in place: rebuild {t} "
                f"with {c} {new_type} (create new table, copy, drop, rename).")
    return f"ALTER TABLE {t} ALTER COLUMN {c} TYPE {new_type} USING {c}::{new_type};"


def set_not_null(table: Table, column: str, type_text: str, dialect: str | None) -> str:
    t, c = tname(table, dialect), q(column, dialect)
    if dialect in ("mysql", "mariadb"):
        return f"ALTER TABLE {t} MODIFY {c} {type_text} NOT NULL;"
    if dialect == "mssql":
        return f"ALTER TABLE {t} ALTER COLUMN {c} {type_text} NOT NULL;"
    if dialect == "sqlite":
        return f"-- SQLite: rebuild {t} with {c} {type_text} NOT NULL."
    return f"ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL;"


def drop_not_null(table: Table, column: str, type_text: str, dialect: str | None) -> str:
    t, c = tname(table, dialect), q(column, dialect)
    if dialect in ("mysql", "mariadb"):
        return f"ALTER TABLE {t} MODIFY {c} {type_text} NULL;"
    if dialect == "mssql":
        return f"ALTER TABLE {t} ALTER COLUMN {c} {type_text} NULL;"
    if dialect == "sqlite":
        return f"-- SQLite: rebuild {t} with {c} {type_text} (nullable)."
    return f"ALTER TABLE {t} ALTER COLUMN {c} DROP NOT NULL;"


def create_index(table: Table, name: str, columns, dialect: str | None, *, unique: bool = False,
                 where: str | None = None, method: str | None = None) -> str:
    u = "UNIQUE " if unique else ""
    using = f" USING {method}" if method and dialect == "postgres" else ""
    conc = "CONCURRENTLY " if dialect == "postgres" else ""
    w = f" WHERE {where}" if where and dialect in ("postgres", "sqlite", "mssql") else ""
    return (f"CREATE {u}INDEX {conc}{q(name, dialect)} ON {tname(table, dialect)}{using} "
            f"({cols(columns, dialect)}){w};")


def add_unique(table: Table, name: str, columns, dialect: str | None) -> str:
    if dialect == "sqlite":
        return create_index(table, name, columns, dialect, unique=True)
    return (f"ALTER TABLE {tname(table, dialect)} ADD CONSTRAINT {q(name, dialect)} "
            f"UNIQUE ({cols(columns, dialect)});")


def add_check(table: Table, name: str, expression: str, dialect: str | None) -> str:
    if dialect == "sqlite":
        return f"-- SQLite: rebuild {tname(table, dialect)} with CONSTRAINT {q(name, dialect)} CHECK ({expression})."
    nv = " NOT VALID" if dialect == "postgres" else ""
    return (f"ALTER TABLE {tname(table, dialect)} ADD CONSTRAINT {q(name, dialect)} "
            f"CHECK ({expression}){nv};")


def add_fk(table: Table, name: str, columns, ref: Table, ref_columns, dialect: str | None) -> str:
    if dialect == "sqlite":
        return (f"-- SQLite: rebuild {tname(table, dialect)} with FOREIGN KEY ({cols(columns, dialect)}) "
                f"REFERENCES {tname(ref, dialect)} ({cols(ref_columns, dialect)}).")
    nv = " NOT VALID" if dialect == "postgres" else ""
    return (f"ALTER TABLE {tname(table, dialect)} ADD CONSTRAINT {q(name, dialect)} FOREIGN KEY "
            f"({cols(columns, dialect)}) REFERENCES {tname(ref, dialect)} ({cols(ref_columns, dialect)}){nv};")


def add_column(table: Table, column: str, type_text: str, dialect: str | None, *, extra: str = "") -> str:
    kw = "ADD" if dialect == "mssql" else "ADD COLUMN"
    return f"ALTER TABLE {tname(table, dialect)} {kw} {q(column, dialect)} {type_text}{extra};"


def drop_index(table: Table, name: str, dialect: str | None) -> str:
    if dialect in ("mysql", "mariadb", "mssql"):
        return f"DROP INDEX {q(name, dialect)} ON {tname(table, dialect)};"
    ns = f"{q(table.namespace, dialect)}." if table.namespace else ""
    conc = "CONCURRENTLY " if dialect == "postgres" else ""
    return f"DROP INDEX {conc}{ns}{q(name, dialect)};"


def index_name(table: Table, columns, suffix: str = "idx") -> str:
    return "_".join([table.name.lower(), *[c.lower() for c in columns], suffix])[:63]
