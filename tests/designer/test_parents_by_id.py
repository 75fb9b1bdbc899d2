"""Partition parents and INHERITS parents are table ids, like a foreign key's table:
renaming a parent renames it in every child's DDL; a version-1 project file (names)
reads as ids; deleting a parent takes its partitions along.  The rename is checked
on the real PostgreSQL, loaded with psql as a user would."""

from __future__ import annotations

import json
import subprocess

import pytest

from tablewright.designer import edits
from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.errors import InputError
from tablewright.designer.migrations import compare
from tablewright.designer.migrations.render_sql import render_statements
from tablewright.designer.project import Project, dumps_project, loads_project
from tests.conftest import PG_HOST, PG_PORT, PG_USER

DDL = """
CREATE TABLE m (id int NOT NULL, at date NOT NULL, v text) PARTITION BY RANGE (at);
CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY HASH (id);
CREATE TABLE m_2025_0 PARTITION OF m_2025 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE m_2025_1 PARTITION OF m_2025 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE base (created timestamptz DEFAULT now());
CREATE TABLE log (msg text) INHERITS (base);
CREATE SEQUENCE m_seq OWNED BY m.id;
"""


def _schema():
    result = import_ddl([("p.sql", DDL)], "postgres")
    assert not result.errors, result.errors
    return result.schema


def _renamed():
    schema = _schema()
    for old, new in (("m", "measurements"), ("base", "base_renamed")):
        edits.rename_table(schema, schema.find_table(old).id, new).apply(schema)
    return schema


def test_parents_are_ids():
    schema = _schema()
    ids = {t.name: t.id for t in schema.tables}
    opts = {t.name: t.options for t in schema.tables}
    assert opts["m_2024"].partition_of == ids["m"] and opts["m_2025_1"].partition_of == ids["m_2025"]
    assert opts["log"].inherits == [ids["base"]]
    assert [p.name for p in schema.parents(schema.find_table("m_2025_0"))] == ["m_2025"]


def test_renamed_parent_is_named_in_its_children():
    sql = export_ddl(_renamed(), "postgres").sql
    assert "PARTITION OF measurements FOR VALUES FROM ('2024-01-01')" in sql
    assert "CREATE TABLE m_2025_0 PARTITION OF m_2025 " in sql
    assert "INHERITS (base_renamed)" in sql
    assert " PARTITION OF m " not in sql and "INHERITS (base)" not in sql


def test_project_round_trip_and_version_1_names_read_as_ids():
    schema = _renamed()
    loaded = loads_project(dumps_project(Project(schema=schema))).schema
    assert [t.options for t in loaded.tables] == [t.options for t in schema.tables]
    # the same project as version 1 wrote it: parents by (possibly qualified) name
    data = json.loads(dumps_project(Project(schema=_schema())))
    data["version"] = 1
    for table in data["schema"]["tables"]:
        opts = table.get("options", {})
        if "partition_of" in opts:
            opts["partition_of"] = {"m_2024": "public.m", "m_2025": "m", "m_2025_0": "m_2025",
                                    "m_2025_1": "m_2025"}[table["name"]]
        if "inherits" in opts:
            opts["inherits"] = ["base"]
    old = loads_project(json.dumps(data)).schema
    assert [t.options for t in old.tables] == [t.options for t in _schema().tables]


def test_a_dangling_parent_id_is_refused():
    data = json.loads(dumps_project(Project(schema=_schema())))
    data["schema"]["tables"][1]["options"]["partition_of"] = "tbl_gone"
    with pytest.raises(InputError, match=r"tables\[1\]\.options\.partition_of: no table has the id 'tbl_gone'"):
        loads_project(json.dumps(data))


def test_deleting_a_parent_takes_its_partitions_and_owned_sequence_and_undoes():
    schema = _schema()
    before = dumps_project(Project(schema=schema))
    edit = edits.delete_table(schema, schema.find_table("m").id)
    edit.apply(schema)
    assert sorted(t.name for t in schema.tables) == ["base", "log"]
    assert schema.sequences == []
    loads_project(dumps_project(Project(schema=schema)))  # saved and opened again: no dangling id
    edits.delete_table(schema, schema.find_table("base").id).apply(schema)
    assert schema.find_table("log").options.inherits == []
    schema = _schema()
    edit = edits.delete_table(schema, schema.find_table("m").id)
    edit.apply(schema)
    edit.revert(schema)
    assert dumps_project(Project(schema=schema)) == before


def _psql(dbname: str, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", str(PG_PORT),
                           "-U", PG_USER, "-d", dbname, "-f", "-"], input=sql, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin"})


PARENTS = """SELECT c.relname || ' < ' || p.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             JOIN pg_class p ON p.oid = i.inhparent ORDER BY 1;"""
EXPECTED = ["log < base_renamed", "m_2024 < measurements", "m_2025 < measurements", "m_2025_0 < m_2025",
            "m_2025_1 < m_2025"]


@pytest.mark.db
def test_renamed_parent_export_loads_on_postgres(pg_url_factory):
    dbname = pg_url_factory().rsplit("/", 1)[1]
    loaded = _psql(dbname, export_ddl(_renamed(), "postgres").sql)
    assert loaded.returncode == 0, loaded.stderr
    assert _psql(dbname, PARENTS).stdout.split("\n")[:-1] == EXPECTED


@pytest.mark.db
def test_rename_migration_on_postgres_gives_the_exported_catalog(pg_url_factory):
    """The original DDL, then the migration to the renamed model: the same parents
    as loading the renamed model's export."""
    dbname = pg_url_factory().rsplit("/", 1)[1]
    assert _psql(dbname, DDL).returncode == 0
    old, new = _schema(), _renamed()
    migration = "\n".join(render_statements(compare(old, new).upgrade_ops, old, "postgres"))
    assert "RENAME TO measurements" in migration
    ran = _psql(dbname, migration)
    assert ran.returncode == 0, ran.stderr
    assert _psql(dbname, PARENTS).stdout.split("\n")[:-1] == EXPECTED
