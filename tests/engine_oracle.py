"""The engine as the oracle of the rules that predict an engine's refusal (issue 10: TW104 fk-type-mismatch,
TW901 identifier-too-long, which no real schema can raise at high: the files that would are refused by
the engine they were written for).  Every case of a matrix -- each pair of ten key types, each kind of
name at lengths around the limit, in ASCII and in two-byte characters, alone and beside a name that
truncates alike -- is linted and run in the engine: the rule says high exactly where the engine refuses.

Used by tests/linting/test_rare_rules_engines.py and by ``scripts/engine_oracle`` (which prints the
tables).  Each case runs in a database of its own making (dropped after), through the engine's driver."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from tablewright.designer.ddl_import import import_ddl
from tablewright.linting import Config, Engine
from tests.engines import (
    MARIADB_HOST, MARIADB_PORT, MARIADB_USER, PG_HOST, PG_PORT, PG_USER, mariadb_create, mariadb_drop, pg_create,
    pg_drop,
)

KEY_TYPES = {
    "postgres": ["smallint", "integer", "bigint", "numeric(10)", "uuid", "varchar(36)", "varchar(10)", "text",
                 "char(36)", "date"],
    "mysql": ["smallint", "int", "int unsigned", "bigint", "decimal(10)", "varchar(36)", "varchar(10)", "char(36)",
              "binary(16)", "date"],
}
#: what a rule reports high although the engine takes it, and why that is still right
ACCEPTED_HIGH = {
    ("TW104", "mysql", "decimal(10)", "binary(16)"): "InnoDB stores DECIMAL as fixed binary and takes the key; "
                                                      "a decimal against bytes is a mismatch of kind all the same",
    ("TW104", "mysql", "binary(16)", "decimal(10)"): "(the same, the other way round)",
}


@dataclass(frozen=True)
class Case:
    rule: str
    dialect: str
    label: str
    ddl: str
    key: tuple = ()


def fk_cases(dialect: str) -> Iterator[Case]:
    for k, (parent, child) in enumerate(itertools.product(KEY_TYPES[dialect], repeat=2)):
        yield Case("TW104", dialect, f"{child} referencing {parent}",
                   f"CREATE TABLE p{k} (code {parent} PRIMARY KEY);\n"
                   f"CREATE TABLE c{k} (id int PRIMARY KEY, code {child}, FOREIGN KEY (code) REFERENCES p{k} (code));",
                   ("TW104", dialect, parent, child))


def name_cases(dialect: str) -> Iterator[Case]:
    q = (lambda s: f'"{s}"') if dialect == "postgres" else (lambda s: f"`{s}`")
    k = 0
    for n, ch in [(62, "x"), (63, "x"), (64, "x"), (70, "x"), (31, "é"), (32, "é"), (40, "é")]:
        name = ch * n
        shapes = {
            "table": f"CREATE TABLE {q(name)} (id int PRIMARY KEY);",
            "column": f"CREATE TABLE t{k} (id int PRIMARY KEY, {q(name)} int);",
            "index": f"CREATE TABLE t{k} (id int PRIMARY KEY, a int);\nCREATE INDEX {q(name)} ON t{k} (a);",
            "constraint": f"CREATE TABLE t{k} (id int PRIMARY KEY, a int, CONSTRAINT {q(name)} UNIQUE (a));",
            "two columns": f"CREATE TABLE t{k} (id int PRIMARY KEY, {q(name + 'a')} int, {q(name + 'b')} int);",
            "two indexes": f"CREATE TABLE t{k} (id int PRIMARY KEY, a int, b int);\n"
                           f"CREATE INDEX {q(name + 'a')} ON t{k} (a);\nCREATE INDEX {q(name + 'b')} ON t{k} (b);",
            "a column and an index": f"CREATE TABLE t{k} (id int PRIMARY KEY, {q(name)} int);\n"
                                     f"CREATE INDEX {q(name)} ON t{k} ({q(name)});",
        }
        for shape, ddl in shapes.items():
            k += 1
            yield Case("TW901", dialect, f"{shape}, {n} x {ch!r} ({len(name.encode())} bytes)", ddl)


def severity(case: Case) -> str | None:
    """The highest severity the rule gives the case (None: no finding)."""
    order = ("info", "low", "medium", "high", "critical")
    found = [f.severity for f in Engine(Config()).run(import_ddl([("case.sql", case.ddl)], case.dialect).schema)
             if f.rule == case.rule]
    return max(found, key=order.index) if found else None


class _Runner:
    """One scratch database; each case in a transaction rolled back (PostgreSQL) or in a database of
    its own, emptied after (MariaDB, whose DDL commits)."""

    def __init__(self, dialect: str):
        self.dialect = dialect
        if dialect == "postgres":
            import psycopg

            self.name = pg_create()
            self.conn = psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=self.name)
        else:
            import pymysql

            self.name = mariadb_create()
            self.conn = pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER,
                                        database=self.name, autocommit=True, charset="utf8mb4")

    def refused(self, ddl: str) -> str | None:
        """The engine's error when it refuses ``ddl``, None when it runs it."""
        statements = [s for s in ddl.split(";\n") if s.strip()]
        if self.dialect == "postgres":
            try:
                with self.conn.transaction():
                    for s in statements:
                        self.conn.execute(s)
                    raise _RolledBack
            except _RolledBack:
                return None
            except Exception as exc:  # noqa: BLE001 (any refusal of the engine's)
                return str(exc).splitlines()[0]
        try:
            with self.conn.cursor() as cur:
                for s in statements:
                    cur.execute(s)
            return None
        except Exception as exc:  # noqa: BLE001
            return str(exc)
        finally:
            with self.conn.cursor() as cur:
                cur.execute(f"DROP DATABASE `{self.name}`")
                cur.execute(f"CREATE DATABASE `{self.name}` CHARACTER SET utf8mb4")
                cur.execute(f"USE `{self.name}`")

    def close(self) -> None:
        self.conn.close()
        if self.dialect == "postgres":
            pg_drop(self.name)
        else:
            mariadb_drop(self.name, exact=True)


class _RolledBack(Exception):
    pass


@dataclass(frozen=True)
class Outcome:
    case: Case
    severity: str | None
    refused: str | None

    @property
    def agrees(self) -> bool:
        high = self.severity in ("high", "critical")
        return high == (self.refused is not None) or (high and self.case.key in ACCEPTED_HIGH)


def run(dialect: str, cases: list[Case]) -> list[Outcome]:
    runner = _Runner(dialect)
    try:
        return [Outcome(case, severity(case), runner.refused(case.ddl)) for case in cases]
    finally:
        runner.close()


#: SQLite's key types, and a value of each as the application stores it
SQLITE_VALUES = {"INTEGER": 5, "TEXT": "5", "VARCHAR(10)": "5", "NUMERIC": 5, "REAL": 5.0, "BLOB": b"5"}


def sqlite_fk_outcomes() -> list[Outcome]:
    """SQLite makes every key; what it can get wrong is the data: a child row holding its parent's key,
    as the child's type stores it, refused.  Each pair of SQLITE_VALUES' types, asked of SQLite."""
    import sqlite3

    out = []
    for k, (parent, child) in enumerate(itertools.product(SQLITE_VALUES, repeat=2)):
        case = Case("TW104", "sqlite", f"{child} referencing {parent}",
                    f"CREATE TABLE p (code {parent} PRIMARY KEY);\n"
                    f"CREATE TABLE c (id INTEGER PRIMARY KEY, code {child} REFERENCES p (code));",
                    ("TW104", "sqlite", parent, child))
        conn = sqlite3.connect(":memory:")
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.executescript(case.ddl)
            conn.execute("INSERT INTO p VALUES (?)", (SQLITE_VALUES[parent],))
            conn.execute("INSERT INTO c (code) VALUES (?)", (SQLITE_VALUES[child],))
            refused = None
        except sqlite3.IntegrityError as exc:
            refused = f"the parent's key, stored as {child}, is refused ({exc})"
        finally:
            conn.close()
        out.append(Outcome(case, severity(case), refused))
    return out
