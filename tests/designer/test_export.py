"""DDL export from hand-built models: executed on SQLite and checked by reading the catalog back."""

from __future__ import annotations

import sqlite3

import pytest

from tablewright.app.cli import main
from tablewright.designer.ddl_export import export_ddl, raw_phase
from tablewright.designer.errors import InputError
from tablewright.designer.model import (
    DIALECTS, CheckConstraint, Column, DataType, EnumType, ForeignKey, Identity, Index, IndexElement,
    PrimaryKey, RawObject, Schema, Sequence, Table, UniqueConstraint,
)


def col(cid, name, kind, text="", **kw):
    return Column(cid, name, DataType(kind, text), **kw)


def two_tables_with_cycle(dialect="postgres") -> Schema:
    a = Table("t_a", "a", columns=[col("a1", "id", "integer", "integer", nullable=False),
                                   col("a2", "b_id", "integer", "integer")])
    a.primary_key = PrimaryKey("pa", ["a1"])
    b = Table("t_b", "b", columns=[col("b1", "id", "integer", "integer", nullable=False),
                                   col("b2", "a_id", "integer", "integer"),
                                   col("b3", "name", "varchar", "varchar(20)", default="'x'")])
    b.primary_key = PrimaryKey("pb", ["b1"])
    b.foreign_keys.append(ForeignKey("fb", ["b2"], "t_a", ["a1"], name="b_a_fk", on_delete="CASCADE"))
    a.foreign_keys.append(ForeignKey("fa", ["a2"], "t_b", ["b1"], name="a_b_fk"))
    b.uniques.append(UniqueConstraint("ub", ["b3"], name="b_name_key"))
    b.checks.append(CheckConstraint("cb", "length(name) > 0", name="name_ck"))
    b.indexes.append(Index("ib", "b_name_idx", [IndexElement(column="b3", descending=True)],
                           predicate="a_id IS NOT NULL"))
    return Schema(dialect, tables=[a, b])


def run_sqlite(sql: str) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(sql)
    return conn


def test_unknown_dialect_is_input_error():
    with pytest.raises(InputError):
        export_ddl(Schema("postgres"), "oracle")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_statements_end_with_semicolon_and_blank_lines(dialect):
    sql = export_ddl(two_tables_with_cycle(), dialect).sql
    statements = [s for s in sql.strip().split("\n\n")]
    assert len(statements) >= 3
    assert all(s.rstrip().endswith(";") for s in statements)


def test_postgres_cycle_goes_to_alter_table_after_tables():
    sql = export_ddl(two_tables_with_cycle(), "postgres").sql
    create_b = sql.index("CREATE TABLE b")
    alters = [i for i in range(len(sql)) if sql.startswith("ALTER TABLE", i)]
    assert len(alters) == 2 and all(i > create_b for i in alters)
    assert "REFERENCES" not in sql[:create_b]
    assert "ON DELETE CASCADE" in sql
    assert "WHERE a_id IS NOT NULL" in sql


def test_sqlite_output_executes_and_reads_back():
    sql = export_ddl(two_tables_with_cycle("sqlite"), "sqlite").sql
    conn = run_sqlite(sql)
    cols = {r[1]: r for r in conn.execute("PRAGMA table_info(b)")}
    assert cols["id"][3] == 1 and cols["id"][5] == 1  # NOT NULL, primary key
    assert cols["name"][2] == "varchar(20)" and cols["name"][4] == "'x'"
    fks = conn.execute("PRAGMA foreign_key_list(b)").fetchall()
    assert [(f[2], f[3], f[4], f[6]) for f in fks] == [("a", "a_id", "id", "CASCADE")]
    assert conn.execute("PRAGMA foreign_key_list(a)").fetchall()[0][2] == "b"  # cycle kept inline on SQLite
    indexes = {r[1]: r for r in conn.execute("PRAGMA index_list(b)")}
    assert indexes["b_name_idx"][4] == 1  # partial
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO b (id, name) VALUES (1, '')")  # the CHECK is there


def test_hostile_identifier_is_quoted():
    evil = 'x"; DROP TABLE y; --'
    schema = Schema("sqlite", tables=[
        Table("t_y", "y", columns=[col("y1", "id", "integer", "INTEGER")]),
        Table("t_e", evil, columns=[col("e1", 'c"ol', "integer", "INTEGER")]),
    ])
    conn = run_sqlite(export_ddl(schema, "sqlite").sql)
    names = sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"))
    assert names == sorted([evil, "y"])
    quoted = '"' + evil.replace('"', '""') + '"'
    assert [r[1] for r in conn.execute(f"PRAGMA table_info({quoted})")] == ['c"ol']


def test_cross_dialect_warnings_name_the_column():
    schema = Schema("postgres", tables=[Table("t", "events", columns=[
        col("c1", "at", "timestamptz", "timestamptz"),
        col("c2", "tags", "text", "text[]"),
        col("c3", "doc", "jsonb", "jsonb"),
    ])])
    schema.tables[0].columns[1].type = DataType("text", "text[]", array_dims=1)
    result = export_ddl(schema, "mysql")
    assert any("events.at" in w and "time zone" in w for w in result.warnings)
    assert any("events.tags" in w and "array" in w for w in result.warnings)
    assert "doc JSON" in result.sql and "at DATETIME" in result.sql


@pytest.mark.parametrize("dialect,expected", [("mysql", "CHAR(36)"), ("sqlite", "CHAR(36)"),
                                              ("mssql", "UNIQUEIDENTIFIER"), ("postgres", "UUID")])
def test_uuid_mapping(dialect, expected):
    schema = Schema("mssql" if dialect == "postgres" else "postgres",
                    tables=[Table("t", "t", columns=[col("c", "u", "uuid", "uuid")])])
    assert f"u {expected}" in export_ddl(schema, dialect).sql


def test_boolean_is_bit_on_mssql_and_jsonb_is_nvarchar_max():
    schema = Schema("postgres", tables=[Table("t", "t", columns=[
        col("c1", "flag", "boolean", "boolean"), col("c2", "doc", "jsonb", "jsonb")])])
    sql = export_ddl(schema, "mssql").sql
    assert "flag BIT" in sql and "doc NVARCHAR(max)" in sql


def test_enum_postgres_type_created_once_and_mysql_native():
    enum = EnumType("e1", "mood", ["sad", "ok"])
    columns = [col("c1", "m", "enum", "mood"), col("c2", "m2", "enum", "mood")]
    for c in columns:
        c.type = DataType("enum", "mood", enum="mood", values=("sad", "ok"))
    schema = Schema("postgres", tables=[Table("t", "t", columns=columns)], enums=[enum])
    pg = export_ddl(schema, "postgres").sql
    assert pg.count("CREATE TYPE mood AS ENUM ('sad', 'ok')") == 1
    assert "ENUM('sad','ok')" in export_ddl(schema, "mysql").sql
    sqlite_sql = export_ddl(schema, "sqlite").sql
    conn = run_sqlite(sqlite_sql)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO t (m) VALUES ('angry')")


def test_same_dialect_keeps_type_text_and_serial():
    schema = Schema("postgres", tables=[Table("t", "t", columns=[
        col("c1", "id", "integer", "serial", nullable=False),
        col("c2", "amount", "numeric", "numeric(5,2)"),
    ])])
    schema.sequences.append(Sequence("s", "t_id_seq", owned_by=("t", "c1")))
    sql = export_ddl(schema, "postgres").sql
    assert "id serial NOT NULL" in sql and "amount numeric(5,2)" in sql
    assert "CREATE SEQUENCE" not in sql  # serial makes its own


def test_sequence_with_ownership_and_identity():
    schema = Schema("postgres", tables=[Table("t", "t", columns=[
        col("c1", "id", "integer", "integer", nullable=False, default="nextval('t_id_seq'::regclass)"),
        col("c2", "n", "bigint", "bigint", identity=Identity(always=True, start=10)),
    ])])
    schema.tables[0].primary_key = PrimaryKey("pk", ["c1"])
    schema.sequences.append(Sequence("s", "t_id_seq", start=5, owned_by=("t", "c1")))
    sql = export_ddl(schema, "postgres").sql
    assert sql.index("CREATE SEQUENCE t_id_seq START WITH 5") < sql.index("CREATE TABLE t")
    assert "ALTER SEQUENCE t_id_seq OWNED BY t.id" in sql
    assert "GENERATED ALWAYS AS IDENTITY (START WITH 10)" in sql
    mysql_result = export_ddl(schema, "mysql")
    assert "AUTO_INCREMENT" in mysql_result.sql
    assert any("t_id_seq" in w for w in mysql_result.warnings)


def test_comments_postgres_and_mysql():
    table = Table("t", "t", columns=[col("c", "a", "integer", "integer", comment="it's a")], comment="the t")
    schema = Schema("postgres", tables=[table])
    pg = export_ddl(schema, "postgres").sql
    assert "COMMENT ON TABLE t IS 'the t'" in pg and "COMMENT ON COLUMN t.a IS 'it''s a'" in pg
    assert "COMMENT 'it''s a'" in export_ddl(schema, "mysql").sql
    assert any("SQLite has no comments" in w for w in export_ddl(schema, "sqlite").warnings)


def test_raw_objects_same_dialect_only():
    schema = two_tables_with_cycle("sqlite")
    schema.raw.append(RawObject("r1", "view", "CREATE VIEW v AS SELECT id FROM a;", "sqlite", name="v"))
    sql = export_ddl(schema, "sqlite").sql
    assert sql.rstrip().endswith("CREATE VIEW v AS SELECT id FROM a;")
    run_sqlite(sql).execute("SELECT * FROM v")
    result = export_ddl(schema, "postgres")
    assert "CREATE VIEW" not in result.sql
    assert any("view v" in w for w in result.warnings)


def test_raw_phases():
    assert raw_phase("CREATE EXTENSION IF NOT EXISTS cube") == "pre"
    assert raw_phase("-- c\nCREATE COLLATION x (provider = icu)") == "pre"
    assert raw_phase("CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ select 1 $$ LANGUAGE sql") == "functions"
    assert raw_phase("CREATE VIEW v AS SELECT 1") == "post"


def test_mysql_index_options():
    t = Table("t", "t", columns=[col("c1", "body", "text", "longtext"), col("c2", "k", "varchar", "varchar(10)")])
    t.indexes += [Index("i1", "ft", [IndexElement(column="c1")], method="fulltext"),
                  Index("i2", "pre", [IndexElement(column="c1", length=64)])]
    sql = export_ddl(Schema("mysql", tables=[t]), "mariadb").sql
    assert "CREATE FULLTEXT INDEX ft ON t (`body`)" in sql
    assert "CREATE INDEX pre ON t (`body`(64))" in sql


def test_transpile_failure_warns(monkeypatch):
    schema = Schema("postgres", tables=[Table("t", "t", columns=[
        col("c1", "a", "integer", "integer", default="((((")])])
    result = export_ddl(schema, "mysql")
    assert any("default of column t.a" in w for w in result.warnings)


def test_cli_export(tmp_path, capsys):
    src = tmp_path / "in.sql"
    src.write_text("CREATE TABLE a (id integer primary key, at timestamptz);\n")
    out = tmp_path / "out.sql"
    assert main(["export", str(src), "--dialect", "mysql", "--source-dialect", "postgres", "-o", str(out)]) == 0
    assert "CREATE TABLE a" in out.read_text()
    assert "time zone" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.sql"), "--dialect", "mysql"]) == 2


def test_raw_phases_read_with_the_tokenizer():
    """Comments, OR REPLACE, MySQL's DEFINER and quoted names in any place."""
    assert raw_phase("/* header */\n-- more\nCREATE OR REPLACE TRUSTED PROCEDURAL LANGUAGE plpgsql") == "pre"
    assert raw_phase("CREATE TEXT SEARCH CONFIGURATION mb_simple (COPY = simple)") == "pre"
    assert raw_phase("CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN SELECT 1; END", "mysql") == "functions"
    assert raw_phase("CREATE DEFINER=`root`@`%` TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1", "mysql") == "post"
    assert raw_phase("DO $$ BEGIN PERFORM 1; END $$") == "functions"
    assert raw_phase("CREATE VIRTUAL TABLE docs USING fts4(body)", "sqlite") == "pre"
    assert raw_phase("GRANT SELECT ON x TO y") == "post"
    # a function whose body is longer than the head that is read first
    body = "x" * 1000
    assert raw_phase(f"-- {body}\nCREATE FUNCTION f() RETURNS int AS $$ SELECT '{body}' $$ LANGUAGE sql") == "functions"


def test_virtual_table_name():
    from tablewright.designer.ddl_export import virtual_table_name

    assert virtual_table_name('CREATE VIRTUAL TABLE IF NOT EXISTS "Docs" USING fts4(body)') == "Docs"
    assert virtual_table_name("-- c\nCREATE VIRTUAL TABLE event_search USING fts4 (event_id, key, value)") == "event_search"
    assert virtual_table_name("CREATE TABLE t (a int)") is None


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite", "mssql"])
@pytest.mark.parametrize("word", ["with", "select", "values", "using", "where",
                                  # keywords sqlglot takes as names, but not in every DDL shape
                                  "function", "table", "describe", "explain", "any", "case",
                                  "constraint", "unique", "index", "binary"])
def test_keyword_names_are_quoted_so_they_read_back(dialect, word):
    """SQLAlchemy's reserved words miss some (SQLite takes ``CREATE TABLE with``
    but no parser reads it back): the names sqlglot cannot read bare are quoted
    too (found by the round-trip property test drawing a table named ``with``)."""
    from tablewright.designer.ddl_import import import_ddl
    from tablewright.designer.model import Column, DataType, PrimaryKey, Schema, Table

    from tablewright.designer.model import ForeignKey, Index, IndexElement

    t = Table("t1", word, columns=[Column("c1", word, DataType("integer", "integer"), nullable=False)])
    t.primary_key = PrimaryKey("pk", ["c1"])
    child = Table("t2", "child", columns=[Column("c2", "ref", DataType("integer", "integer"))])
    child.foreign_keys = [ForeignKey("fk", ["c2"], "t1", ["c1"])]
    child.indexes = [Index("ix", "child_ref_idx", [IndexElement(column="c2")])]
    sql = export_ddl(Schema(dialect=dialect, tables=[t, child]), dialect).sql
    back = import_ddl([("export.sql", sql)], dialect)
    assert not back.issues, back.issues
    assert [(x.name, [c.name for c in x.columns]) for x in back.schema.tables] == [(word, [word]), ("child", ["ref"])]
    assert len(back.schema.tables[1].foreign_keys) == 1


def test_foreign_keys_written_after_the_tables_keep_the_model_order():
    """NOT VALID keys go to ALTER TABLE after the tables, in the order the model has them
    (SQLAlchemy holds a table's keys in a set: the order once changed from run to run)."""
    parent = Table("t_p", "p", columns=[col("p1", "id", "integer", "integer", nullable=False)])
    parent.primary_key = PrimaryKey("pp", ["p1"])
    child = Table("t_c", "c", columns=[col(f"c{i}", f"p{i}_id", "integer", "integer") for i in range(12)])
    names = [f"fk_{name}" for name in "kdjalxbqewzm"]  # neither alphabetical nor by column
    child.foreign_keys = [ForeignKey(f"f{i}", [f"c{i}"], "t_p", ["p1"], name=n, not_valid=True)
                          for i, n in enumerate(names)]
    sql = export_ddl(Schema("postgres", tables=[parent, child]), "postgres").sql
    written = [line.split(" ADD CONSTRAINT ")[1].split()[0] for line in sql.splitlines() if " ADD CONSTRAINT " in line]
    assert written == names


def _mysql(sql: str):
    from tablewright.designer.ddl_import import import_ddl

    return import_ddl([("t.sql", sql)], "mysql").schema


def test_auto_increment_outside_the_primary_key_keeps_its_flag_and_its_key():
    """MySQL allows AUTO_INCREMENT on the first column of any key: a unique key is
    written inside CREATE TABLE already; an index moves inside it, or the flag is illegal."""
    schema = _mysql("CREATE TABLE a (id int NOT NULL AUTO_INCREMENT, x int, KEY idx (id, x), KEY other (x));\n"
                    "CREATE TABLE b (id binary(16) NOT NULL PRIMARY KEY, "
                    "api int NOT NULL AUTO_INCREMENT UNIQUE COMMENT 'the api');")
    result = export_ddl(schema, "mysql")
    create_a = result.sql.split("CREATE TABLE a (", 1)[1].split(";", 1)[0]
    assert "id int NOT NULL AUTO_INCREMENT," in create_a and "INDEX idx (id, x)" in create_a
    assert "CREATE INDEX idx" not in result.sql and "CREATE INDEX other ON a (x)" in result.sql
    assert "api int NOT NULL AUTO_INCREMENT COMMENT 'the api'" in result.sql
    assert not result.warnings


def test_auto_increment_without_a_key_is_left_out_with_a_warning():
    schema = _mysql("CREATE TABLE a (id int NOT NULL AUTO_INCREMENT, x int, KEY idx (x, id));")
    result = export_ddl(schema, "mysql")
    assert "AUTO_INCREMENT" not in result.sql
    assert any("AUTO_INCREMENT of column a.id is not carried" in w for w in result.warnings)


def test_primary_key_prefix_lengths_are_kept_for_mysql_and_said_elsewhere():
    schema = _mysql("CREATE TABLE t (p int NOT NULL, name varchar(255) NOT NULL, PRIMARY KEY (p, name(16)));")
    assert "PRIMARY KEY (p, name(16))" in export_ddl(schema, "mariadb").sql
    result = export_ddl(schema, "postgres")
    assert "PRIMARY KEY (p, name)" in result.sql
    assert any("prefix lengths of the primary key of t" in w for w in result.warnings)
