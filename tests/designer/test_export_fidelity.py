"""Regression tests for issue 9's export-fidelity examples and their classes, with
the engine as the oracle where there is one: the DDL is loaded with the engine's
own client, our export of it is loaded into another fresh database, and the two
catalogs (tests/engine_catalog.py) must be identical.  SQL Server has no engine
here: its exports are checked by what they say and by importing them back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.model import qualify, split_qualified
from tests import engine_catalog
from tests.conftest import MARIADB_HOST, MARIADB_PORT, MARIADB_USER
from tests.engines import mariadb, psql


def _cli_export(tmp_path: Path, sql: str, source: str, target: str) -> tuple[str, str]:
    """``tablewright export -v`` as a user runs it: (the DDL written, stderr with every warning)."""
    src, out = tmp_path / "in.sql", tmp_path / f"out-{target}.sql"
    src.write_text(sql)
    exe = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "tablewright"
    proc = subprocess.run([str(exe), "export", str(src), "--source-dialect", source, "--dialect", target,
                           "-o", str(out), "-v"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return out.read_text(), proc.stderr


def _pg_same_catalog(sql: str, pg_url_factory, tmp_path: Path) -> str:
    """Load ``sql`` and our export of it into two fresh PostgreSQL databases;
    assert the catalogs are identical; return the export."""
    exported, _ = _cli_export(tmp_path, sql, "postgres", "postgres")
    a, b = pg_url_factory(), pg_url_factory()
    (tmp_path / "original.sql").write_text(sql)
    psql(a, files=[tmp_path / "original.sql"])
    psql(b, files=[tmp_path / "out-postgres.sql"])
    schemas = sorted({"public"} | {n.name for n in import_ddl([("x.sql", sql)], "postgres").schema.namespaces})
    cat_a = engine_catalog.postgres_catalog(a, schemas)
    cat_b = engine_catalog.postgres_catalog(b, schemas)
    assert engine_catalog.diff(cat_a, cat_b) == [], exported
    return exported


# -- item 2: DEFERRABLE on every constraint kind ------------------------------------------------

DEFERRABLE = """
CREATE TABLE k (id int, CONSTRAINT k_pk PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE m (a int, b int, c int, d int,
  CONSTRAINT m_pk PRIMARY KEY (c),
  CONSTRAINT m_a UNIQUE (a) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT m_b UNIQUE (b) DEFERRABLE INITIALLY IMMEDIATE,
  CONSTRAINT m_d UNIQUE (d) NOT DEFERRABLE,
  CONSTRAINT m_x EXCLUDE USING btree (a WITH =) WHERE (b > 0) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE n (a int UNIQUE DEFERRABLE INITIALLY DEFERRED, b int PRIMARY KEY DEFERRABLE,
  c int REFERENCES m (c) DEFERRABLE INITIALLY DEFERRED, d int REFERENCES m (c) NOT DEFERRABLE INITIALLY IMMEDIATE);
ALTER TABLE ONLY n ADD CONSTRAINT n_u UNIQUE (c) DEFERRABLE;
ALTER TABLE ONLY n ADD CONSTRAINT n_x EXCLUDE USING btree (d WITH =) DEFERRABLE;
ALTER TABLE n ADD EXCLUDE (a WITH =);
"""


def test_deferrability_of_every_constraint_kind_is_modelled():
    schema = import_ddl([("x.sql", DEFERRABLE)], "postgres").schema
    k, m, n = schema.tables
    assert (k.primary_key.deferrable, k.primary_key.initially_deferred) == (True, True)
    assert (m.primary_key.deferrable, m.primary_key.initially_deferred) == (False, False)
    assert [(u.name, u.deferrable, u.initially_deferred) for u in m.uniques] == [
        ("m_a", True, True), ("m_b", True, False), ("m_d", False, False)]
    assert [(x.name, x.definition, x.deferrable, x.initially_deferred) for x in m.exclusions] == [
        ("m_x", "USING btree (a WITH =) WHERE (b > 0)", True, True)]
    assert (n.primary_key.deferrable, n.primary_key.initially_deferred) == (True, False)
    assert [(u.deferrable, u.initially_deferred) for u in n.uniques] == [(True, True), (True, False)]
    assert [(fk.deferrable, fk.initially_deferred) for fk in n.foreign_keys] == [(True, True), (False, False)]
    assert [(x.name, x.deferrable) for x in n.exclusions] == [("n_x", True), (None, False)]


@pytest.mark.db
def test_deferrability_survives_export_on_postgres(pg_url_factory, tmp_path):
    exported = _pg_same_catalog(DEFERRABLE, pg_url_factory, tmp_path)
    assert "UNIQUE (a) DEFERRABLE INITIALLY DEFERRED" in exported


def test_deferrability_the_target_cannot_keep_is_a_warning(tmp_path):
    _, stderr = _cli_export(tmp_path, DEFERRABLE, "postgres", "mysql")
    assert "DEFERRABLE of a unique key of m is not carried" in stderr
    assert "exclusion constraint m_x of m is not carried" in stderr


@pytest.mark.corpus
def test_musicbrainz_deferrable_uniques_are_exported(corpus_dir):
    from tests.corpus_cases import CASES

    files, dialect, _ = CASES["musicbrainz"]
    sql = export_ddl(import_ddl([corpus_dir / f for f in files], dialect).schema, "postgres").sql
    for text in ("CONSTRAINT medium_uniq UNIQUE (release, position) DEFERRABLE",
                 "CONSTRAINT track_uniq_medium_position UNIQUE (medium, position) DEFERRABLE",
                 "DEFERRABLE INITIALLY DEFERRED"):
        assert text in sql.replace('"', "")


# -- item 5: a sub-partitioned partition keeps its PARTITION BY ---------------------------------

PARTITIONS = """
CREATE TABLE lp (k text, x int, y date NOT NULL DEFAULT '2020-01-01') PARTITION BY LIST (k);
CREATE TABLE lp_a PARTITION OF lp FOR VALUES IN ('a') PARTITION BY HASH (x);
CREATE TABLE lp_a0 PARTITION OF lp_a FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE lp_a1 PARTITION OF lp_a FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE lp_b (k text, x int, y date NOT NULL DEFAULT '2020-01-01');
ALTER TABLE ONLY lp ATTACH PARTITION lp_b FOR VALUES IN ('b');
CREATE TABLE lp_d PARTITION OF lp DEFAULT;
CREATE INDEX lp_x ON lp (x);
CLUSTER lp_d USING lp_d_x_idx;
"""


def test_sub_partition_keeps_its_partition_key():
    result = import_ddl([("x.sql", PARTITIONS)], "postgres")
    assert [str(i) for i in result.issues if i.severity != "info"] == []
    schema = result.schema
    lp_a = schema.find_table("lp_a")
    lp = schema.find_table("lp")
    assert (lp_a.options.partition_of, lp_a.options.partition_by) == (lp.id, "HASH(x)")
    assert schema.find_table("lp_b").options.partition_of == lp.id
    sql = export_ddl(schema, "postgres").sql
    assert "CREATE TABLE lp_a PARTITION OF lp FOR VALUES IN ('a') PARTITION BY HASH(x);" in sql


@pytest.mark.db
def test_partition_tree_survives_export_on_postgres(pg_url_factory, tmp_path):
    exported = _pg_same_catalog(PARTITIONS, pg_url_factory, tmp_path)
    assert "CLUSTER lp_d USING lp_d_x_idx" in exported  # an index the engine makes: kept as written


# -- item 8: a schema name holding a dot -------------------------------------------------------

DOTTED = """
CREATE SCHEMA "my.app";
CREATE TYPE "my.app".mood AS ENUM ('a', 'b');
CREATE SEQUENCE "my.app".s;
CREATE TABLE "my.app".t (id integer DEFAULT nextval('"my.app".s'::regclass) NOT NULL PRIMARY KEY, m "my.app".mood);
ALTER SEQUENCE "my.app".s OWNED BY "my.app".t.id;
CREATE TABLE "my.app".p (k int, v int) PARTITION BY LIST (k);
CREATE TABLE "my.app".p1 PARTITION OF "my.app".p FOR VALUES IN (1);
CREATE TABLE "my.app".c (z int) INHERITS ("my.app".t);
"""


def test_qualified_names_split_back_into_the_same_parts():
    for ns, name in [(None, "t"), ("public", "t"), ("my.app", "t"), ('we"ird', "x.y"), ("a", 'b"c')]:
        assert split_qualified(qualify(ns, name)) == (ns, name)
    assert split_qualified("public.t") == ("public", "t")  # as older project files hold them


def test_dotted_schema_keeps_owned_by_partitions_inheritance_and_enums():
    result = import_ddl([("x.sql", DOTTED)], "postgres")
    assert [str(i) for i in result.issues if i.severity != "info"] == []
    schema = result.schema
    t = schema.find_table("t", "my.app")
    assert schema.sequences[0].owned_by == (t.id, t.columns[0].id)
    assert t.columns[1].type.enum is not None
    assert schema.find_table("p1", "my.app").options.partition_of == schema.find_table("p", "my.app").id
    sql = export_ddl(schema, "postgres").sql
    assert 'ALTER SEQUENCE "my.app".s OWNED BY "my.app".t.id;' in sql
    assert 'PARTITION OF "my.app".p FOR VALUES IN (1)' in sql
    assert 'INHERITS ("my.app".t)' in sql


@pytest.mark.db
def test_dotted_schema_survives_export_on_postgres(pg_url_factory, tmp_path):
    _pg_same_catalog(DOTTED, pg_url_factory, tmp_path)


def test_dotted_schema_stays_one_schema_in_sql_server(tmp_path):
    sql, stderr = _cli_export(tmp_path, DOTTED, "postgres", "mssql")
    assert "CREATE TABLE [my.app].t (" in sql and "CREATE SEQUENCE [my.app].s" in sql
    assert "my.app.t" not in sql.replace("[my.app].t", "")
    back = import_ddl([("x.sql", sql)], "mssql").schema
    assert {t.namespace for t in back.tables} == {"my.app"}


# -- item 9: one IDENTITY per table in SQL Server (one AUTO_INCREMENT in MySQL) ----------------

TWO_SEQUENCES = """
CREATE SEQUENCE s1;
CREATE SEQUENCE s2;
CREATE TABLE t (id integer DEFAULT nextval('s1') NOT NULL PRIMARY KEY, n integer DEFAULT nextval('s2'::regclass) NOT NULL);
CREATE TABLE u (id serial PRIMARY KEY, n bigint DEFAULT nextval('s2'));
CREATE TABLE v (n bigint DEFAULT nextval('s2'), id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
"""


@pytest.mark.parametrize("target", ["mssql", "mysql", "mariadb"])
def test_only_one_auto_number_per_table(target, tmp_path):
    sql, stderr = _cli_export(tmp_path, TWO_SEQUENCES, "postgres", target)
    word = "IDENTITY" if target == "mssql" else "AUTO_INCREMENT"
    for table in import_ddl([("x.sql", sql)], "mssql" if target == "mssql" else "mysql").schema.tables:
        numbered = [c.name for c in table.columns if c.identity is not None or c.autoincrement]
        assert numbered == ["id"], (table.name, numbered)
    assert sql.count(word) == 3
    if target == "mysql":
        assert "nextval('s2') of column u.n is not carried to mysql" in stderr
    else:
        assert "NEXT VALUE FOR s2" in sql


@pytest.mark.db
def test_second_sequence_default_loads_on_mariadb(mariadb_url_factory, tmp_path):
    sql, _ = _cli_export(tmp_path, TWO_SEQUENCES, "postgres", "mariadb")
    db = mariadb_url_factory().rsplit("/", 1)[1]
    mariadb(database=db, files=[tmp_path / "out-mariadb.sql"])
    import pymysql

    conn = pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER, database=db, autocommit=True)
    with conn.cursor() as cur:
        cur.execute("INSERT INTO t () VALUES ()")
        cur.execute("INSERT INTO t () VALUES ()")
        cur.execute("SELECT id, n FROM t ORDER BY id")
        rows = cur.fetchall()
    conn.close()
    assert [r[0] for r in rows] == [1, 2] and rows[1][1] == rows[0][1] + 1


# -- item 4: an export loads on its own the way its source did ---------------------------------

MYSQL_CONTEXT = """
CREATE DATABASE /*!32312 IF NOT EXISTS*/ `{db}` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin */;
USE `{db}`;
CREATE TABLE item (id int PRIMARY KEY AUTO_INCREMENT, n int NOT NULL);
CREATE TABLE log (id int PRIMARY KEY, at datetime);
CREATE VIEW big AS SELECT id FROM item WHERE n > 10;
DELIMITER //
CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2//
CREATE PROCEDURE fill() BEGIN INSERT INTO item (n) VALUES (twice(6)); END//
CREATE TRIGGER item_log AFTER INSERT ON item FOR EACH ROW INSERT INTO log VALUES (NEW.id, NOW())//
DELIMITER ;
"""


@pytest.mark.db
def test_mysql_export_sets_the_database_its_routines_views_and_triggers_need(mariadb_url_factory, tmp_path):
    """sakila-mysql's class: ``mysql < export.sql`` with no database selected must work."""
    mariadb_url_factory()  # the server answers (skip, or fail under CI)
    import secrets

    a, b = f"tw_fid_{secrets.token_hex(4)}", f"tw_fid_{secrets.token_hex(4)}"
    try:
        (tmp_path / "a.sql").write_text(MYSQL_CONTEXT.format(db=a))
        mariadb(database=None, files=[tmp_path / "a.sql"])
        sql, _ = _cli_export(tmp_path, MYSQL_CONTEXT.format(db=b), "mysql", "mariadb")
        assert f"USE {b};" in sql and "COLLATE utf8mb4_bin" in sql
        mariadb(database=None, files=[tmp_path / "out-mariadb.sql"])  # no database on the command line
        import pymysql

        def connect():
            return pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER, autocommit=True)

        cat_a = engine_catalog.mariadb_catalog(connect, {a: "X"})
        cat_b = engine_catalog.mariadb_catalog(connect, {b: "X"})
        assert engine_catalog.diff(cat_a, cat_b) == []
    finally:
        import pymysql

        conn = pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER, autocommit=True)
        with conn.cursor() as cur:
            for name in (a, b):
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        conn.close()


def test_mysql_modify_column_replaces_its_definition_in_place():
    """phpMyAdmin dumps (gibbon) add AUTO_INCREMENT with ALTER TABLE … MODIFY."""
    schema = import_ddl([("x.sql", """
CREATE TABLE t (id int(7) unsigned zerofill NOT NULL, a int, b text COMMENT 'x');
ALTER TABLE t ADD PRIMARY KEY (id), ADD KEY ka (a);
ALTER TABLE t MODIFY id int(7) UNSIGNED ZEROFILL NOT NULL AUTO_INCREMENT, AUTO_INCREMENT=5;
ALTER TABLE t CHANGE a a2 bigint NOT NULL;
""")], "mysql").schema
    t = schema.tables[0]
    assert [(c.name, c.type.text, c.autoincrement, c.nullable) for c in t.columns] == [
        ("id", "int(7) UNSIGNED ZEROFILL", True, False), ("a2", "bigint", False, False), ("b", "text", False, True)]
    assert t.primary_key.columns == [t.columns[0].id]
    assert t.indexes[0].elements[0].column == t.columns[1].id


def test_postgres_create_database_is_not_a_schema_and_empty_schemas_are_kept():
    schema = import_ddl([("x.sql", "CREATE DATABASE shop;\nCREATE SCHEMA empty_one;\nCREATE TABLE t (a int);")],
                        "postgres").schema
    assert [n.name for n in schema.namespaces] == ["empty_one"]
    assert "CREATE SCHEMA IF NOT EXISTS empty_one" in export_ddl(schema, "postgres").sql


@pytest.mark.db
def test_default_calling_the_schemas_own_function_loads(pg_url_factory, tmp_path):
    """graphile-starter's class: the function is created after the tables."""
    _pg_same_catalog("""
CREATE SCHEMA app;
CREATE FUNCTION app.current_id() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 7 $$;
CREATE TABLE app.t (id int DEFAULT app.current_id() NOT NULL, "default" boolean DEFAULT false NOT NULL);
CREATE INDEX t_id ON app.t (id);
CLUSTER app.t USING t_id;
""", pg_url_factory, tmp_path)


@pytest.mark.parametrize("source,ddl", [
    ("postgres", "CREATE TABLE p (a boolean DEFAULT TRUE, b boolean DEFAULT false, c boolean DEFAULT (true)::boolean);"),
    ("mysql", "CREATE TABLE p (a bool DEFAULT TRUE, b tinyint(1) DEFAULT false, c bool DEFAULT (true));"),
])
def test_sql_server_boolean_defaults_are_bit_literals(source, ddl):
    """SQL Server has no TRUE/FALSE; sqlglot's ``(1 = 1)`` is a predicate, which a DEFAULT
    does not take (Msg 102).  A boolean literal default is the BIT 1/0 there."""
    from sqlglot import exp, parse_one

    table = import_ddl([("p.sql", ddl)], source).schema.find_table("p")
    exported = export_ddl(import_ddl([("p.sql", ddl)], source).schema, "mssql").sql
    defaults = [c.args["kind"].this.sql() for c in parse_one(exported, read="tsql").find_all(exp.ColumnConstraint)
                if isinstance(c.args.get("kind"), exp.DefaultColumnConstraint)]
    assert defaults == ["1", "0", "1"], exported
    assert len(table.columns) == 3
