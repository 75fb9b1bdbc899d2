"""Cross-dialect export: names renamed where the target's namespace is wider than the
source's (targets without an engine here: SQL Server, MySQL 8), and literal defaults the
target's type cannot hold.  The engines check the same on PostgreSQL, SQLite and MariaDB in
test_name_scopes_engines.py."""

from __future__ import annotations

import re

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.default_fit import misfit, respelled

PG = """
CREATE TABLE users (id int PRIMARY KEY);
CREATE TABLE a (id int CONSTRAINT a_pk PRIMARY KEY, user_id int, n int,
  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id), CONSTRAINT positive CHECK (n > 0));
CREATE TABLE b (id int CONSTRAINT "A_PK" PRIMARY KEY, user_id int, n int,
  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id), CONSTRAINT positive CHECK (n > 0),
  CONSTRAINT other CHECK (n < 10));
CREATE INDEX positive ON b (n);
CREATE INDEX ix ON a (n);
CREATE INDEX ix2 ON b (n);
"""


def _renamed(warnings: list[str]) -> dict[tuple[str, str], str]:
    pattern = re.compile(r"^The [a-zA-Z ]+? (\S+) of table (\S+) is exported as (\S+?): in ")
    return {(m[2], m[1]): m[3] for m in map(pattern.match, warnings) if m}


def test_postgres_to_mssql_renames_constraints_per_schema():
    schema = import_ddl([("pg.sql", PG)], "postgres").schema
    result = export_ddl(schema, "mssql")
    renamed = _renamed(result.warnings)
    # SQL Server: constraint names per schema (case-insensitive: A_PK is a_pk); index names per table
    assert renamed == {("b", "A_PK"): "b_A_PK", ("b", "fk_user"): "b_fk_user", ("b", "positive"): "b_positive"}
    assert "CONSTRAINT b_fk_user FOREIGN KEY" in result.sql and "CONSTRAINT fk_user FOREIGN KEY" in result.sql
    assert "CREATE INDEX positive ON b" in result.sql  # an index is no object of the schema there
    assert all(sum(1 for w in result.warnings if f" {old} of table {table} " in w) == 1 for table, old in renamed)


def test_postgres_to_mysql_renames_foreign_keys_and_checks_per_database():
    schema = import_ddl([("pg.sql", PG)], "postgres").schema
    renamed = _renamed(export_ddl(schema, "mysql").warnings)
    assert renamed == {("b", "fk_user"): "b_fk_user", ("b", "positive"): "b_positive"}


def test_names_that_do_not_collide_and_same_dialect_exports_stay():
    schema = import_ddl([("pg.sql", PG)], "postgres").schema
    for target in ("postgres", "sqlite"):  # (SQLite: the names of table constraints are not objects)
        result = export_ddl(schema, target)
        assert not _renamed(result.warnings), (target, result.warnings)
        for name in ("ix", "ix2", "positive"):
            assert re.search(rf"CREATE INDEX [`\"]?{name}[`\"]? ON", result.sql), (target, name)


def test_renamed_names_are_numbered_past_the_taken_ones_within_63_bytes():
    long = "t" * 60
    ddl = "".join(f"CREATE TABLE {long}{i} (a int, KEY k (a), KEY {long}{i}_k (a));\n" for i in range(3))
    result = export_ddl(import_ddl([("m.sql", ddl)], "mysql").schema, "postgres")
    names = re.findall(r"CREATE INDEX (\S+) ON", result.sql)
    assert len(names) == len(set(names)) == 6
    assert all(len(n.encode()) <= 63 for n in names)
    assert names[0] == "k"  # the first holder keeps its name


@pytest.mark.parametrize("default,kind,target,fits", [
    ("'0000-00-00 00:00:00'", "timestamp", "postgres", False),
    ("'0000-00-00'", "date", "mssql", False),
    ("'2021-02-29'", "date", "postgres", False),
    ("'2020-02-29 10:00:00'", "timestamp", "postgres", True),
    ("'2020-01-00'", "date", "postgres", False),
    ("'0000-00-00 00:00:00'", "timestamp", "sqlite", True),  # SQLite holds any value
    ("'838:59:59'", "time", "postgres", False),
    ("'-01:00:00'", "time", "mssql", False),
    ("'24:00:00'", "time", "postgres", True),
    ("'24:00:00'", "time", "mssql", False),
    ("'12:30'", "time", "postgres", True),
    ("CURRENT_TIMESTAMP", "timestamp", "postgres", True),  # no literal: not judged
    ("0", "timestamp", "postgres", False),
])
def test_temporal_default_misfits(default, kind, target, fits):
    import sqlalchemy as sa

    assert (misfit(default, kind, sa.DateTime(), "mysql", target) is None) is fits


@pytest.mark.parametrize("default,type_,fits", [
    ("4294967295", "Integer", False), ("'4294967295'", "Integer", False), ("2147483647", "Integer", True),
    ("-2147483648", "Integer", True), ("-2147483649", "Integer", False), ("65535", "SmallInteger", False),
    ("18446744073709551615", "BigInteger", False), ("'abc'", "Integer", True),
])
def test_integer_default_misfits(default, type_, fits):
    import sqlalchemy as sa

    assert (misfit(default, "integer", getattr(sa, type_)(), "mysql", "postgres") is None) is fits


def test_postgres_special_values_only_fit_postgres():
    import sqlalchemy as sa

    assert misfit("'infinity'::timestamp", "timestamp", sa.DateTime(), "postgres", "postgres") is None
    assert "special value" in misfit("'infinity'::timestamp", "timestamp", sa.DateTime(), "postgres", "mariadb")


def test_unsigned_default_past_the_target_range_is_dropped_with_a_warning():
    ddl = "CREATE TABLE t (a int unsigned NOT NULL DEFAULT '4294967295', b int unsigned DEFAULT '7');"
    schema = import_ddl([("m.sql", ddl)], "mysql").schema
    result = export_ddl(schema, "postgres")
    warned = [w for w in result.warnings if w.startswith("The default ")]
    assert len(warned) == 1 and "t.a" in warned[0] and "32-bit" in warned[0], result.warnings
    assert "4294967295" not in result.sql and "DEFAULT '7'" in result.sql
    assert "4294967295" in export_ddl(schema, "mariadb").sql  # same family: as it was


@pytest.mark.parametrize("default,type_,source,target,expected", [
    ("0", "Boolean", "mysql", "postgres", "FALSE"), ("((1))", "Boolean", "mssql", "postgres", "TRUE"),
    ("'1'", "Boolean", "mysql", "postgres", None),  # PostgreSQL reads the string as a boolean
    ("TRUE", "SmallInteger", "mysql", "postgres", "1"), ("FALSE", "Integer", "mysql", "postgres", "0"),
    ("0", "Boolean", "mysql", "sqlite", None), ("0", "Boolean", "mysql", "mssql", None),
    ("2", "Integer", "mysql", "postgres", None),
])
def test_boolean_and_integer_defaults_in_postgres_spelling(default, type_, source, target, expected):
    import sqlalchemy as sa

    assert respelled(default, getattr(sa, type_)(), source, target) == expected
