"""A column renamed or dropped: the text that names it follows, as each engine does it (designer/column_refs.py).

The model kept CHECK bodies, generated columns, index expressions and predicates, views, policies,
triggers and grants as written: after ``ALTER TABLE t RENAME COLUMN a TO c`` in a script, or a rename on
the canvas, they still named ``a``, and the export did not load (PostgreSQL: ``column "a" does not
exist``; SQLite: ``no such column: a``; MariaDB: ``Unknown column 'a' in 'CHECK'``).  The engine is the
oracle: each script is loaded as a user loads it and its export loaded the same way, the catalogs
compared (tests/roundtrip_corpus.py); a rename made on the canvas is exported and used in the engine,
and migrated there (up, down and as an Alembic revision: tests/designer/test_migrations_engines.py).

A column dropped: the CHECKs, indexes and generated columns that name it kept it in the model (the
export failed), where PostgreSQL drops them (generated columns and views with CASCADE), and MariaDB
and SQLite refuse the statement."""

from __future__ import annotations

import copy
import sqlite3

import pytest

from tablewright.designer import edits
from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.migrations import compare
from tablewright.designer.model import canonical
from tests.designer.test_migrations_engines import _sqlite_urls, check_generated
from tests.engines import LoadError, mariadb, psql
from tests.roundtrip_corpus import round_trip_texts

pytestmark = pytest.mark.db

PG = """\
CREATE TABLE u (id int PRIMARY KEY, x int);
CREATE TABLE t (id int PRIMARY KEY, a int CHECK (a > 0), b int, g int GENERATED ALWAYS AS (a * 2) STORED,
                CONSTRAINT t_b_a CHECK (b IS NULL OR b >= t.a));
CREATE INDEX t_ab ON t (a, b) WHERE a > 5;
CREATE INDEX t_expr ON t ((a + 1));
CREATE VIEW v AS SELECT a, t.b FROM t WHERE a IS NOT NULL;
CREATE VIEW v_nested AS WITH w AS (SELECT a FROM t) SELECT s.a FROM (SELECT a FROM w) s;
CREATE VIEW v_join AS SELECT t.a, u.x FROM t JOIN u ON u.id = t.id WHERE a > u.x;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE OF a, b ON t FOR EACH ROW WHEN (NEW.a IS DISTINCT FROM OLD.a)
    EXECUTE FUNCTION touch();
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_positive ON t USING (a > 0 AND EXISTS (SELECT 1 FROM u WHERE u.x = a)) WITH CHECK (t.a < 100);
GRANT SELECT (a, b), UPDATE (a) ON t TO PUBLIC;
ALTER TABLE t RENAME COLUMN a TO c;
ALTER TABLE u RENAME x TO "Y";
"""

SQLITE = """\
CREATE TABLE u (id INTEGER PRIMARY KEY, x int);
CREATE TABLE t (id INTEGER PRIMARY KEY, a int CHECK (a > 0), b int, g int GENERATED ALWAYS AS (a * 2) STORED);
CREATE INDEX t_ab ON t (a, b) WHERE a > 5;
CREATE INDEX t_expr ON t ((a + 1));
CREATE VIEW v AS SELECT a, t.b FROM t WHERE a IS NOT NULL;
CREATE VIEW v_join AS SELECT t.a, u.x FROM t JOIN u ON u.id = t.id;
CREATE TRIGGER t_touch AFTER UPDATE OF a ON t WHEN new.a > 1
BEGIN
  UPDATE t SET b = new.a WHERE id = new.id AND a IN (SELECT a FROM t);
END;
CREATE TRIGGER u_log AFTER INSERT ON u BEGIN INSERT INTO t (id, a) VALUES (new.id, new.x); END;
ALTER TABLE t RENAME COLUMN a TO c;
"""

MARIADB = """\
CREATE TABLE t (id int PRIMARY KEY, a int CHECK (a > 0), b int, g int GENERATED ALWAYS AS (a * 2) STORED,
                CONSTRAINT t_b_a CHECK (b IS NULL OR b >= a));
CREATE INDEX t_ab ON t (a, b);
ALTER TABLE t RENAME COLUMN a TO c;
CREATE TABLE k (id int PRIMARY KEY, old_name varchar(10), s int AS (length(old_name)) VIRTUAL,
                CHECK (old_name <> ''));
ALTER TABLE k CHANGE old_name name varchar(20);
"""


@pytest.mark.parametrize("dialect, script", [("postgres", PG), ("sqlite", SQLITE), ("mysql", MARIADB)])
def test_a_script_that_renames_a_column_imports_as_the_engine_has_it(dialect, script, tmp_path):
    result = import_ddl([("x.sql", script)], dialect)
    assert [i for i in result.issues if i.severity in ("warning", "error")] == []
    outcome = round_trip_texts([script], dialect, tmp_path)
    assert outcome.identical, (outcome.error, outcome.differences)


def test_mariadb_keeps_a_view_over_the_renamed_column_broken_and_the_import_says_so():
    script = "CREATE TABLE t (id int PRIMARY KEY, a int);\nCREATE VIEW v AS SELECT a FROM t;\n" \
             "ALTER TABLE t RENAME COLUMN a TO c;\n"
    result = import_ddl([("x.sql", script)], "mysql")
    assert [(i.severity, i.location.line) for i in result.issues] == [("warning", 3)]
    assert "view v reads column t.a, renamed to c" in result.issues[0].message
    assert result.schema.raw[0].sql == "CREATE VIEW v AS SELECT a FROM t"  # as the engine keeps it


def test_what_is_not_read_is_said_and_kept():
    script = "CREATE TABLE t (id int PRIMARY KEY, a int);\n" \
             "CREATE RULE r AS ON UPDATE TO t WHERE NEW.a < 0 DO INSTEAD NOTHING;\n" \
             "ALTER TABLE t RENAME COLUMN a TO c;\n"
    result = import_ddl([("x.sql", script)], "postgres")
    assert [i.message for i in result.issues] == [
        "rule r may name column t.a, renamed to c: its text is not read, and is kept as written"]


CANVAS = {
    "postgres": PG.split("ALTER TABLE t RENAME")[0],
    "sqlite": SQLITE.split("ALTER TABLE t RENAME")[0],
    "mysql": MARIADB.split("ALTER TABLE t RENAME")[0] + "CREATE VIEW v AS SELECT a, t.b FROM t;\n",
}


def _renamed_on_the_canvas(dialect: str):
    schema = import_ddl([("x.sql", CANVAS[dialect])], dialect).schema
    before = copy.deepcopy(schema)
    table = schema.find_table("t")
    edit = edits.rename_column(schema, table.id, table.column_named("a").id, "c")
    edit.apply(schema)
    return before, schema, edit


@pytest.mark.parametrize("dialect", ["postgres", "sqlite", "mysql"])
def test_a_rename_on_the_canvas_keeps_the_exported_schema_working(dialect, tmp_path, pg_url_factory,
                                                                   mariadb_url_factory):
    before, schema, edit = _renamed_on_the_canvas(dialect)
    sql = export_ddl(schema, dialect).sql
    use = ["INSERT INTO t (id, c, b) VALUES (1, 7, 8)", "SELECT a, b FROM v"]  # the view keeps its column's name
    bad = "INSERT INTO t (id, c) VALUES (2, -1)"
    if dialect == "postgres":
        db = pg_url_factory().rsplit("/", 1)[1]
        psql(db, sql + ";\n".join(use) + ";\n")
        with pytest.raises(LoadError, match="t_c_check|check constraint"):
            psql(db, bad + ";")
    elif dialect == "sqlite":
        conn = sqlite3.connect(tmp_path / "x.db")
        conn.executescript(sql)
        conn.execute(use[0])
        assert conn.execute(use[1]).fetchall() == [(7, 8)]
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute(bad)
        conn.close()
    else:
        db = mariadb_url_factory().rsplit("/", 1)[1]
        mariadb(sql + ";\n".join(use) + ";\n", db)
        with pytest.raises(LoadError, match="CONSTRAINT"):
            mariadb(bad + ";", db)
    edit.revert(schema)  # undo: the model as it was, every text with it
    assert canonical(schema) == canonical(before)


@pytest.mark.parametrize("dialect", ["postgres", "sqlite", "mariadb"])
def test_a_rename_migrates_as_a_rename(dialect, tmp_path_factory, pg_url_factory, mariadb_url_factory):
    """The migration renames the column and re-makes no CHECK, index or generated column (the engine
    rewrites or binds them); up, down and the Alembic revision reach the catalogs of the two models."""
    before, schema, _ = _renamed_on_the_canvas("mysql" if dialect == "mariadb" else dialect)
    if dialect != "postgres":  # tables alone (PostgreSQL: with its views, policy, trigger and grants)
        for s in (before, schema):
            s.raw = []
    kinds = {op.kind for op in compare(before, schema).upgrade_ops}
    assert "rename_column" in kinds
    assert not kinds & {"drop_check", "add_check", "drop_index", "create_index", "alter_column"}, kinds
    make = {"postgres": pg_url_factory, "mariadb": mariadb_url_factory}.get(dialect) \
        or _sqlite_urls(tmp_path_factory)
    check_generated(dialect, before, schema, make)


# -- DROP COLUMN ---------------------------------------------------------------------------------------

DROPS = {
    "postgres drops what names it": ("postgres", """\
CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int, CHECK (a > b), CHECK (c > 0));
CREATE INDEX ON t ((c + a)); CREATE INDEX ON t (c) WHERE a > 0; CREATE INDEX cb ON t (c, b);
CREATE INDEX ca ON t (c, a);
ALTER TABLE t DROP COLUMN a;
"""),
    "postgres cascade": ("postgres", """\
CREATE TABLE t (id int PRIMARY KEY, a int, b int, g int GENERATED ALWAYS AS (a + 1) STORED);
CREATE VIEW v AS SELECT a, b FROM t; CREATE VIEW w AS SELECT b FROM v; CREATE VIEW keep AS SELECT b FROM t;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON t USING (a > 0);
ALTER TABLE t DROP COLUMN a CASCADE;
"""),
    "mariadb takes it out of indexes": ("mysql", """\
CREATE TABLE t (id int PRIMARY KEY, a int CHECK (a > 0), b int, KEY ab (a, b), KEY bb (b, a), KEY aa (a));
ALTER TABLE t DROP COLUMN a;
"""),
    "sqlite with its own check": ("sqlite", """\
CREATE TABLE t (id INTEGER PRIMARY KEY, a int CHECK (a > 0), b int, c int, CHECK (b > c));
ALTER TABLE t DROP COLUMN a;
"""),
}


@pytest.mark.parametrize("name", list(DROPS))
def test_a_dropped_column_takes_what_the_engine_drops_with_it(name, tmp_path):
    dialect, script = DROPS[name]
    assert [i for i in import_ddl([("x.sql", script)], dialect).issues if i.severity != "info"] == []
    outcome = round_trip_texts([script], dialect, tmp_path)
    assert outcome.identical, (outcome.error, outcome.differences)


REFUSED = [
    ("postgres", "CREATE TABLE t (id int PRIMARY KEY, a int, g int GENERATED ALWAYS AS (a + 1) STORED);\n"
                 "CREATE VIEW v AS SELECT a FROM t;\nALTER TABLE t DROP COLUMN a;\n",
     "refused by PostgreSQL: generated column g, view v depend on it"),
    ("mysql", "CREATE TABLE t (id int PRIMARY KEY, a int, b int, CHECK (a > b));\nALTER TABLE t DROP COLUMN a;\n",
     "refused by MariaDB: CHECK a > b depends on it"),
    ("mysql", "CREATE TABLE u (a int, b int, c int, UNIQUE KEY uc (c, a));\nALTER TABLE u DROP COLUMN a;\n",
     "refused by MariaDB: a key of several columns depends on it"),
    ("sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, b int, c int);\nCREATE INDEX tb ON t (b);\n"
               "CREATE VIEW v AS SELECT b FROM t;\nALTER TABLE t DROP COLUMN b;\n",
     "refused by SQLite: view v, index tb depend on it"),
]


@pytest.mark.parametrize("dialect, script, said", REFUSED)
def test_a_drop_the_engine_refuses_is_said_and_the_column_kept(dialect, script, said, tmp_path, pg_url_factory,
                                                               mariadb_url_factory):
    result = import_ddl([("x.sql", script)], dialect)
    assert [(i.severity, i.location.line) for i in result.issues] == [("warning", script.count("\n"))]
    assert said in result.issues[0].message and result.issues[0].message.endswith("the column is kept")
    assert len(result.schema.tables[0].columns) == len(import_ddl([("x.sql", script.rsplit("ALTER", 1)[0])],
                                                                  dialect).schema.tables[0].columns)
    # the engine refuses it too
    if dialect == "postgres":
        with pytest.raises(LoadError, match="other objects depend on it"):
            psql(pg_url_factory().rsplit("/", 1)[1], script)
    elif dialect == "mysql":
        with pytest.raises(LoadError, match="ERROR"):
            mariadb(script, mariadb_url_factory().rsplit("/", 1)[1])
    else:
        with pytest.raises(sqlite3.OperationalError, match="no such column|after drop column"):
            sqlite3.connect(tmp_path / "x.db").executescript(script)


@pytest.mark.parametrize("dialect", ["postgres", "sqlite", "mysql"])
def test_a_column_deleted_on_the_canvas_takes_what_names_it(dialect, tmp_path, pg_url_factory, mariadb_url_factory):
    script = ("CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int, CHECK (a > b),"
              " g int GENERATED ALWAYS AS (a + 1) STORED);\nCREATE INDEX cb ON t (c, b);\n")
    if dialect != "mysql":
        script += "CREATE INDEX ca ON t ((c + a));\n"
    schema = import_ddl([("x.sql", script)], dialect).schema
    before = copy.deepcopy(schema)
    table = schema.find_table("t")
    edit = edits.delete_column(schema, table.id, table.column_named("a").id)
    edit.apply(schema)
    table = schema.find_table("t")
    assert [c.name for c in table.columns] == ["id", "b", "c"] and table.checks == []
    assert [i.name for i in table.indexes] == ["cb"]
    sql = export_ddl(schema, dialect).sql + "INSERT INTO t (id, b, c) VALUES (1, 2, 3);\n"
    if dialect == "postgres":
        psql(pg_url_factory().rsplit("/", 1)[1], sql)
    elif dialect == "sqlite":
        sqlite3.connect(tmp_path / "x.db").executescript(sql)
    else:
        mariadb(sql, mariadb_url_factory().rsplit("/", 1)[1])
    edit.revert(schema)
    assert canonical(schema) == canonical(before)
