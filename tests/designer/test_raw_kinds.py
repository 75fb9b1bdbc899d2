"""The one classifier of CREATE statements kept verbatim (``designer.raw_kinds``):
the importer's kind, the export's and the migrations' phase, the name's position."""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.migrations.raw import analyse, is_pre
from tablewright.designer.raw_kinds import created_kind, phase, raw_kind
from tablewright.designer.sql_split import head_keywords


@pytest.mark.parametrize("sql, dialect, kind, where", [
    ("CREATE OR REPLACE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql", "postgres", "function", "functions"),
    ("CREATE MATERIALIZED VIEW m AS SELECT 1", "postgres", "materialized view", "post"),
    ("CREATE TEXT SEARCH CONFIGURATION c (COPY = simple)", "postgres", "text search configuration", "pre"),
    ("CREATE OR REPLACE TRUSTED PROCEDURAL LANGUAGE plx HANDLER h", "postgres", "language", "pre"),
    ("CREATE CONSTRAINT TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION f()", "postgres", "trigger",
     "post"),
    ("CREATE UNIQUE CLUSTERED INDEX i ON t (a)", "mssql", "index", "post"),
    ("ALTER TYPE mood ADD VALUE 'meh'", "postgres", "type", "pre"),
    ("DO $$ BEGIN END $$", "postgres", "do", "functions"),
    # MySQL: ALGORITHM, DEFINER (whatever the user is called) and SQL SECURITY say how, not what
    ("CREATE DEFINER=`type`@`%` TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1", "mysql", "trigger", "post"),
    ("CREATE DEFINER = CURRENT_USER PROCEDURE p() BEGIN END", "mysql", "procedure", "functions"),
    ("CREATE ALGORITHM=MERGE DEFINER=a@b SQL SECURITY INVOKER VIEW v AS SELECT 1", "mysql", "view", "post"),
])
def test_kind_and_phase(sql, dialect, kind, where):
    words = head_keywords(sql, dialect)
    assert (raw_kind(words) if words[0] == "CREATE" else kind) == kind
    assert phase(words) == where


def test_the_kind_word_is_where_the_name_follows():
    words = head_keywords("CREATE OR REPLACE MATERIALIZED VIEW s.m AS SELECT 1", "postgres")
    assert created_kind(words) == ("MATERIALIZED", 3)
    assert created_kind(("CREATE",)) == ("", 1)


def test_importer_export_and_migrations_agree():
    ddl = """CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE t (id int PRIMARY KEY, c citext);
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE UNIQUE INDEX t_c ON t (lower(c::text));
CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;
"""
    schema = import_ddl([("k.sql", ddl)], "postgres").schema
    assert [r.kind for r in schema.raw] == ["extension", "function", "materialized view"]
    assert [is_pre(r) for r in schema.raw] == [True, False, False]
    assert analyse(schema.raw[2]).name == "mv" and analyse(schema.raw[2]).kind == "materialized view"
    sql = export_ddl(schema, "postgres").sql
    assert sql.index("CREATE EXTENSION") < sql.index("CREATE TABLE t") < sql.index("CREATE FUNCTION") \
        < sql.index("MATERIALIZED VIEW")


def test_tsql_modules_own_their_batch_and_a_table_named_function_does_not():
    from tablewright.designer.sql_split import split_statements

    words = head_keywords("CREATE OR ALTER PROCEDURE dbo.p AS SELECT 1", "mssql")
    assert raw_kind(words) == "procedure" and phase(words) == "functions"
    statements, _ = split_statements("CREATE OR ALTER PROCEDURE p AS BEGIN SELECT 1; SELECT 2; END", "mssql")
    assert len(statements) == 1
    # the quoted name [function] once made the table a module that swallowed the rest of the batch
    statements, _ = split_statements("CREATE TABLE [function] ([function] int NOT NULL);\n"
                                     "CREATE TABLE child (ref int REFERENCES [function] ([function]));", "mssql")
    assert [s.text.split("(")[0].strip() for s in statements] == ["CREATE TABLE [function]", "CREATE TABLE child"]
