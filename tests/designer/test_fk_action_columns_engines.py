"""PostgreSQL 15's ``ON DELETE SET NULL (col, ...)`` / ``SET DEFAULT (col)``: the action sets
only the listed columns of the key.  sqlglot does not read the list, and the whole CREATE
TABLE was dropped with a located error ('Expecting )'); an ALTER TABLE ADD FOREIGN KEY with it
became an unread command; a live import kept ``SET NULL ("P X")`` (upper-cased names).

Judged by the engine: the DDL is loaded with ``psql -f``, imported (from the file, and live
from the database), exported for PostgreSQL, loaded into a fresh database, and the two
catalogs must be the same (``pg_get_constraintdef`` writes the list).  For MariaDB and SQLite,
which set every column of the key, the export loads and a warning names the key.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.live_import import import_database
from tests.conftest import skip_or_fail
from tests.engine_catalog import diff, postgres_catalog
from tests.engines import mariadb, psql, sqlite3_cli

pytestmark = pytest.mark.db

PG = """
CREATE TABLE tenant (id integer PRIMARY KEY);
CREATE TABLE parent (tenant_id integer REFERENCES tenant (id), id integer, PRIMARY KEY (tenant_id, id));
CREATE TABLE child (
    id integer PRIMARY KEY,
    tenant_id integer NOT NULL DEFAULT 0,
    "Parent Id" integer,
    other_id integer DEFAULT 7,
    FOREIGN KEY (tenant_id, "Parent Id") REFERENCES parent (tenant_id, id) ON DELETE SET NULL ("Parent Id")
        ON UPDATE CASCADE,
    CONSTRAINT child_other_fkey FOREIGN KEY (tenant_id, other_id) REFERENCES parent ON DELETE SET DEFAULT (other_id)
);
CREATE TABLE later (id integer PRIMARY KEY, tenant_id integer NOT NULL, parent_id integer,
    FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE);
ALTER TABLE ONLY later ADD CONSTRAINT later_parent_fkey FOREIGN KEY (tenant_id, parent_id)
    REFERENCES parent (tenant_id, id) ON DELETE SET NULL (parent_id);
"""


def _catalog(url: str) -> dict:
    return postgres_catalog(url, ["public"])


def test_ddl_file_import_reads_the_column_list():
    result = import_ddl([("pg.sql", PG)], "postgres")
    assert not [i for i in result.issues if i.severity in ("error", "warning")], result.issues
    by_table = {t.name: t for t in result.schema.tables}
    actions = {(t, fk.name): (fk.on_delete, by_table[t].column_names(fk.on_delete_columns))
               for t in ("child", "later") for fk in by_table[t].foreign_keys}
    assert actions == {("child", None): ("SET NULL", ["Parent Id"]),
                       ("child", "child_other_fkey"): ("SET DEFAULT", ["other_id"]),
                       ("later", None): ("CASCADE", []),
                       ("later", "later_parent_fkey"): ("SET NULL", ["parent_id"])}


@pytest.mark.parametrize("source", ["ddl file", "live database"])
def test_postgres_round_trip_keeps_the_column_list(source, pg_url_factory):
    original, copy = pg_url_factory(), pg_url_factory()
    psql(original, PG)
    schema = import_ddl([("pg.sql", PG)], "postgres").schema if source == "ddl file" \
        else import_database(original).schema
    exported = export_ddl(schema, "postgres")
    psql(copy, exported.sql)
    expected = _catalog(original)
    assert sum(1 for v in expected.values() if "SET NULL (" in str(v) or "SET DEFAULT (" in str(v)) == 3
    differences = diff(expected, _catalog(copy))
    assert not differences, "\n".join(differences) + "\n\n" + exported.sql


@pytest.mark.parametrize("target", ["mariadb", "sqlite"])
def test_other_targets_drop_the_list_with_a_warning(target, mariadb_url_factory, tmp_path):
    result = export_ddl(import_ddl([("pg.sql", PG)], "postgres").schema, target)
    warned = [w for w in result.warnings if w.startswith("ON DELETE SET")]
    assert len(warned) == 3 and any('"Parent Id"' in w or "Parent Id" in w for w in warned), result.warnings
    if target == "mariadb":
        stderr = mariadb(result.sql, mariadb_url_factory().rsplit("/", 1)[-1])
        assert "ERROR" not in stderr, stderr
    else:
        if shutil.which("sqlite3") is None:
            skip_or_fail("the sqlite3 command-line shell is not installed (apt-get install sqlite3)")
        sqlite3_cli(Path(tmp_path / "x.sqlite"), result.sql)


def test_project_file_keeps_the_column_list():
    from tablewright.designer.project import Project, dumps_project, loads_project

    schema = import_ddl([("pg.sql", PG)], "postgres").schema
    loaded = loads_project(dumps_project(Project(schema=schema))).schema
    assert [fk.on_delete_columns for t in loaded.tables for fk in t.foreign_keys] == \
           [fk.on_delete_columns for t in schema.tables for fk in t.foreign_keys]
    assert "ON DELETE SET NULL (parent_id)" in export_ddl(loaded, "postgres").sql


def test_set_default_is_not_carried_to_mariadb_silently(mariadb_url_factory):
    """InnoDB does not do SET DEFAULT: MariaDB drops it from the key without a word (the key then refuses
    the delete), MySQL refuses the table.  The export leaves it out and says so, and what it writes loads."""
    ddl = ("CREATE TABLE p (id integer PRIMARY KEY);\n"
           "CREATE TABLE c (id integer PRIMARY KEY, p_id integer DEFAULT 0 REFERENCES p (id) "
           "ON DELETE SET DEFAULT ON UPDATE SET DEFAULT);\n")
    result = export_ddl(import_ddl([("pg.sql", ddl)], "postgres").schema, "mariadb")
    warned = [w for w in result.warnings if "SET DEFAULT" in w]
    assert [w.split(" of ")[0] for w in warned] == ["ON DELETE SET DEFAULT", "ON UPDATE SET DEFAULT"], result.warnings
    assert "SET DEFAULT" not in result.sql
    database = mariadb_url_factory().rsplit("/", 1)[-1]
    stderr = mariadb(result.sql, database)
    assert "ERROR" not in stderr, stderr
