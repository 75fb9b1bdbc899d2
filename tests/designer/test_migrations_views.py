"""Views and other verbatim objects in migrations: compare (matching by kind
and name, what is re-made, the order), rendering per dialect, and real
engines (PostgreSQL, MariaDB, SQLite in memory): the up script takes a
database holding OLD (with rows) to NEW's catalog, views included (their
names, their columns, and ``SELECT *`` from each works); the down script
brings back OLD's catalog and the rows the views show; then the Alembic
revision up and down on the same database."""

from __future__ import annotations

import copy

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.migrations import compare, compare_by_name, replay
from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations.raw import analyse, drop_sql
from tablewright.designer.migrations.render_alembic import render_alembic
from tablewright.designer.migrations.render_sql import render_sql
from tablewright.designer.model import RawObject
from tests.catalog import diff, snapshot
from tests.designer.test_migrations_engines import _statements, by_name


def load(sql: str, dialect: str = "postgres", path: str = "x.sql"):
    return import_ddl([(path, sql)], dialect).schema


def described(script) -> list[str]:
    state = copy.deepcopy(script.old)
    out = []
    for op in script.upgrade_ops:
        out.append(op.describe(state))
        op.apply(state)
    return out


def kept(schema) -> list[tuple]:
    return sorted((r.kind, r.name or "", " ".join(r.sql.split())) for r in schema.raw)


def check_replay(script) -> None:
    assert kept(replay(script.old, script.upgrade_ops)) == kept(script.new)
    assert kept(replay(script.new, script.downgrade_ops)) == kept(script.old)
    assert o.reverse_ops(o.reverse_ops(script.upgrade_ops)) == script.upgrade_ops


def body(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("--")]


# -- compare: what is matched, re-made and in which order --------------------------------------------

T = "CREATE TABLE t (id int PRIMARY KEY, a int, b text);\n"


def test_views_are_matched_by_name_not_by_their_source_location():
    old = load(T + "CREATE VIEW v AS SELECT id FROM t;\nCREATE VIEW w AS SELECT a FROM t;", path="old.sql")
    new = load(T + "\n\nCREATE VIEW w AS SELECT a FROM t;\nCREATE VIEW v AS SELECT id FROM t;", path="new.sql")
    assert compare_by_name(old, new).upgrade_ops == []
    assert compare(old, new).upgrade_ops == []  # by id the views would differ: they are matched by name


def test_added_changed_and_dropped_views():
    old = load(T + "CREATE VIEW keep AS SELECT id FROM t;\nCREATE VIEW edit AS SELECT id FROM t;\n"
                   "CREATE VIEW gone AS SELECT b FROM t;")
    new = load(T + "CREATE VIEW keep AS SELECT id FROM t;\nCREATE VIEW edit AS SELECT id, a FROM t;\n"
                   "CREATE VIEW added AS SELECT a FROM t;")
    script = compare_by_name(old, new)
    assert described(script) == ["drop view gone", "drop view edit", "create view edit", "create view added"]
    check_replay(script)
    assert body(render_sql(script, "postgres").text)[3:-1] == [
        "DROP VIEW gone;", "DROP VIEW edit;", "CREATE VIEW edit AS SELECT id, a FROM t;",
        "CREATE VIEW added AS SELECT a FROM t;"]
    assert body(render_sql(script, "postgres", down=True).text)[3:-1] == [
        "DROP VIEW added;", "DROP VIEW edit;", "CREATE VIEW edit AS SELECT id FROM t;",
        "CREATE VIEW gone AS SELECT b FROM t;"]


def test_views_over_retyped_renamed_and_dropped_columns_go_around_the_table_change():
    old = load("CREATE TABLE t (id int PRIMARY KEY, a int, b text, c text, d text);\n"
               "CREATE VIEW va AS SELECT id, a FROM t;\nCREATE VIEW vb AS SELECT b FROM t;\n"
               "CREATE VIEW vc AS SELECT id, c FROM t;\nCREATE VIEW vd AS SELECT d FROM t;")
    new = load("CREATE TABLE t (id int PRIMARY KEY, a bigint, bb text, c text);\n"
               "CREATE VIEW va AS SELECT id, a FROM t;\nCREATE VIEW vb AS SELECT bb AS b FROM t;\n"
               "CREATE VIEW vc AS SELECT id, c FROM t;")
    script = compare_by_name(old, new, ["t.b=bb"])
    assert described(script) == [
        "drop view vd", "drop view vb", "drop view va", "drop column t.d", "rename column t.b to bb",
        "alter column t.a (type)", "create view va", "create view vb"]  # vc reads nothing that changes
    check_replay(script)
    assert script.hints == []


def test_a_view_over_a_view_is_dropped_first_and_created_after():
    old = load(T + "CREATE VIEW base AS SELECT id, a FROM t;\nCREATE VIEW top AS SELECT id FROM base;\n"
                   "CREATE VIEW apart AS SELECT b FROM t;")
    new = load(T.replace("a int", "a bigint") + "CREATE VIEW base AS SELECT id, a FROM t;\n"
               "CREATE VIEW top AS SELECT id FROM base;\nCREATE VIEW apart AS SELECT b FROM t;")
    script = compare_by_name(old, new)
    assert described(script) == ["drop view top", "drop view base", "alter column t.a (type)",
                                 "create view base", "create view top"]
    assert [op.kind for op in script.downgrade_ops] == [
        "drop_raw_object", "drop_raw_object", "alter_column", "create_raw_object", "create_raw_object"]
    assert [op.raw.name for op in script.downgrade_ops if isinstance(op, o.DropRawObject)] == ["top", "base"]


def test_a_changed_view_remakes_the_views_over_it_in_both_directions():
    old = load(T + "CREATE VIEW base AS SELECT id FROM t;\nCREATE VIEW top AS SELECT id FROM base;")
    new = load(T + "CREATE VIEW base AS SELECT id, a FROM t;\nCREATE VIEW top AS SELECT id FROM base;")
    script = compare_by_name(old, new)
    assert described(script) == ["drop view top", "drop view base", "create view base", "create view top"]
    # a view over a view that is new (here: base) is dropped before it on the way down
    old2 = load(T + "CREATE VIEW top AS SELECT id FROM t;")
    new2 = load(T + "CREATE VIEW base AS SELECT id FROM t;\nCREATE VIEW top AS SELECT id FROM base;")
    script = compare_by_name(old2, new2)
    assert described(script) == ["drop view top", "create view base", "create view top"]
    check_replay(script)


def test_a_star_view_is_remade_when_its_table_gains_a_column():
    old = load(T + "CREATE VIEW everything AS SELECT * FROM t;\nCREATE VIEW some AS SELECT id FROM t;")
    new = load(T.replace("b text", "b text, c text") + "CREATE VIEW everything AS SELECT * FROM t;\n"
               "CREATE VIEW some AS SELECT id FROM t;")
    assert described(compare_by_name(old, new)) == ["drop view everything", "add column t.c",
                                                    "create view everything"]


def test_a_view_left_naming_a_renamed_column_is_a_hint():
    old = load(T + "CREATE VIEW v AS SELECT id, b FROM t;")
    new = load(T.replace("b text", "note text") + "CREATE VIEW v AS SELECT id, b FROM t;")
    script = compare_by_name(old, new, ["t.b=note"])
    assert "create view v" in described(script)
    assert [str(h) for h in script.hints if "view" in str(h)] == [
        "view v is re-created as it was written, but its SQL names t.b, which this migration renames or drops: "
        "update the view's SQL, or the re-creation fails"]


def test_materialized_view_with_its_index_comment_and_grant():
    old = load(T + "CREATE MATERIALIZED VIEW mv AS SELECT id, a FROM t WITH NO DATA;\n"
                   "CREATE INDEX mv_id ON mv (id);\nCOMMENT ON MATERIALIZED VIEW mv IS 'stats';\n"
                   "GRANT SELECT ON mv TO PUBLIC;")
    new = load(T + "CREATE MATERIALIZED VIEW mv AS SELECT id, a, b FROM t WITH NO DATA;\n"
                   "CREATE INDEX mv_id ON mv (id);\nCOMMENT ON MATERIALIZED VIEW mv IS 'stats';\n"
                   "GRANT SELECT ON mv TO PUBLIC;")
    script = compare_by_name(old, new)
    assert analyse(old.raw[0]).kind == "materialized view"
    check_replay(script)
    up = body(render_sql(script, "postgres").text)[3:-1]
    # the index, comment and grant go with the view and are made again after it
    assert up == ["DROP MATERIALIZED VIEW mv;",
                  "CREATE MATERIALIZED VIEW mv AS SELECT id, a, b FROM t WITH NO DATA;",
                  "CREATE INDEX mv_id ON mv (id);", "COMMENT ON MATERIALIZED VIEW mv IS 'stats';",
                  "GRANT SELECT ON mv TO PUBLIC;"]
    down = render_sql(script, "postgres", down=True)
    assert body(down.text)[3] == "DROP MATERIALIZED VIEW mv;" and down.warnings == []


def test_functions_grants_and_triggers():
    old = load(T + "CREATE TABLE log (id int);\n"
                   "CREATE FUNCTION f(x int) RETURNS int AS $$ select x $$ LANGUAGE sql;\n"
                   "CREATE OR REPLACE FUNCTION g() RETURNS trigger AS $$ begin return new; end $$ LANGUAGE plpgsql;\n"
                   "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION g();\n"
                   "CREATE TRIGGER log_touch BEFORE UPDATE ON log FOR EACH ROW EXECUTE FUNCTION g();\n"
                   "GRANT SELECT ON t TO PUBLIC;")
    new = load(T + "CREATE FUNCTION f(x int, y int) RETURNS int AS $$ select x $$ LANGUAGE sql;\n"
                   "CREATE OR REPLACE FUNCTION g() RETURNS trigger AS $$ begin return old; end $$ LANGUAGE plpgsql;\n"
                   "CREATE TRIGGER t_touch BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION g();")
    script = compare_by_name(old, new)
    check_replay(script)
    up = render_sql(script, "postgres")
    lines = body(up.text)
    assert lines[3:6] == ["DROP TRIGGER t_touch ON t;", "DROP TABLE log;",  # log_touch goes with its table
                          "CREATE FUNCTION f(x int, y int) RETURNS int AS $$ select x $$ LANGUAGE sql;"]
    assert lines[6].startswith("CREATE OR REPLACE FUNCTION g()") and lines[7].startswith("CREATE TRIGGER t_touch")
    assert sorted(up.warnings) == [
        "The function f(x INT) is removed but not dropped (its DROP cannot be written reliably): "
        "write that step by hand.",
        "The grant «GRANT SELECT ON t TO PUBLIC» is removed but not dropped (revoking or undoing it is not "
        "derived): write that step by hand."]


def test_triggers_named_alike_on_two_tables_are_two_objects():
    trigger = "CREATE TRIGGER last_updated BEFORE UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION touch();\n"
    tables = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n"
    old = load(tables + trigger.format("a") + trigger.format("b"))
    new = load(tables + trigger.format("a"))
    assert body(render_sql(compare_by_name(old, new), "postgres").text)[3:-1] == ["DROP TRIGGER last_updated ON b;"]
    new = load(tables + trigger.format("b") + trigger.format("a"))
    assert compare_by_name(old, new).upgrade_ops == []


def test_a_sqlite_virtual_table_is_compared_as_its_table_only():
    old = load("CREATE TABLE t (id integer PRIMARY KEY);", "sqlite")
    new = load("CREATE TABLE t (id integer PRIMARY KEY);\nCREATE VIRTUAL TABLE docs USING fts5(body);", "sqlite")
    assert not any(isinstance(op, o.CreateRawObject) for op in compare_by_name(old, new).upgrade_ops)


def test_drop_statements_per_dialect():
    def raw(sql, dialect, kind="view", name=None):
        return RawObject("r", kind, sql, dialect, name)

    assert drop_sql(raw('CREATE VIEW "Weird View" AS SELECT 1', "postgres"), "postgres") == 'DROP VIEW "Weird View"'
    assert drop_sql(raw("CREATE OR REPLACE VIEW s.v AS SELECT 1", "postgres"), "postgres") == "DROP VIEW s.v"
    assert drop_sql(raw("CREATE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS "
                        "select 1 AS `x`", "mysql"), "mysql") == "DROP VIEW `v`"
    assert drop_sql(raw("CREATE VIEW [dbo].[v b] WITH SCHEMABINDING AS SELECT id FROM dbo.t", "mssql"),
                    "mssql") == "DROP VIEW [dbo].[v b]"
    assert drop_sql(raw("CREATE VIEW IF NOT EXISTS v AS SELECT 1", "sqlite"), "sqlite") == "DROP VIEW v"
    assert drop_sql(raw("CREATE INDEX i ON s.mv (id)", "postgres", "index", "i"), "postgres") == "DROP INDEX s.i"
    assert drop_sql(raw("CREATE INDEX i ON t (id)", "mysql", "index", "i"), "mysql") == "DROP INDEX i ON t"
    assert drop_sql(raw("CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", "postgres",
                        "trigger", "tr"), "postgres") == "DROP TRIGGER tr ON t"
    assert drop_sql(raw("CREATE FUNCTION f(x int) RETURNS int AS $$ select 1 $$ LANGUAGE sql", "postgres",
                        "function", "f(x INT)"), "postgres") is None
    assert drop_sql(raw("GRANT SELECT ON t TO PUBLIC", "postgres", "grant"), "postgres") is None


def test_sql_server_create_view_opens_its_batch():
    from tablewright.designer.sql_split import split_statements

    old = load("CREATE TABLE t (id int PRIMARY KEY, a int);", "mssql")
    new = load("CREATE TABLE t (id int PRIMARY KEY, a int);\nGO\nCREATE VIEW dbo.v AS SELECT id FROM dbo.t;\nGO\n"
               "CREATE VIEW dbo.w AS SELECT id FROM dbo.v;\nGO", "mssql")
    script = compare_by_name(old, new)
    lines = body(render_sql(script, "mssql").text)
    assert lines == ["BEGIN TRANSACTION;", "GO", "CREATE VIEW dbo.v AS SELECT id FROM dbo.t;", "GO",
                     "CREATE VIEW dbo.w AS SELECT id FROM dbo.v;", "GO", "COMMIT;"]
    statements, issues = split_statements(render_sql(script, "mssql").text, "mssql", "m.sql")
    assert not issues and len(statements) == 4
    assert body(render_sql(script, "mssql", down=True).text) == [
        "BEGIN TRANSACTION;", "DROP VIEW dbo.w;", "GO", "DROP VIEW dbo.v;", "GO", "COMMIT;"]


def test_alembic_revision_executes_the_view_sql_as_written():
    old = load(T)
    new = load(T + "CREATE VIEW v AS SELECT id, b || ':x' AS label, a::bigint AS big FROM t WHERE b <> ':name';")
    text = render_alembic(compare_by_name(old, new), "postgres")
    # SQL(): the text as written (sa.text() would read :x and :name as bind parameters)
    assert "op.execute(SQL(\"CREATE VIEW v AS SELECT id, b || ':x' AS label, a::bigint AS big FROM t " \
           "WHERE b <> ':name'\"))" in text
    assert "def downgrade() -> None:\n    op.execute(SQL('DROP VIEW v'))" in text
    compile(text, "revision.py", "exec")


def test_other_dialect_sql_is_not_carried():
    old = load(T)
    new = load(T + "CREATE VIEW v AS SELECT id FROM t;")
    up = render_sql(compare_by_name(old, new), "mysql")
    assert "CREATE VIEW" not in up.text
    assert up.warnings == ["The view v is postgres SQL and is not carried to mysql."]


# -- real engines -------------------------------------------------------------------------------------


class Database:
    """One test database: SQLite in memory (one connection kept), or a server URL."""

    def __init__(self, url: str | None = None):
        self.sqlite = url is None
        self.engine = sa.create_engine("sqlite://", poolclass=StaticPool) if url is None else sa.create_engine(url)

    def run(self, sql: str) -> None:
        """As the engine's client would: statement by statement in autocommit, so the script's own
        BEGIN/COMMIT count (SQLite: the whole script at once)."""
        if self.sqlite:
            conn = self.engine.raw_connection()
            try:
                conn.driver_connection.executescript(sql)
                assert conn.driver_connection.execute("PRAGMA foreign_key_check").fetchall() == []
            finally:
                conn.close()
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for statement in _statements(sql):
                conn.exec_driver_sql(statement)

    def alembic(self, source: str, direction: str) -> None:
        from alembic.operations import Operations
        from alembic.runtime.migration import MigrationContext

        namespace: dict = {}
        exec(compile(source, "revision.py", "exec"), namespace)  # noqa: S102 - our own generated revision
        with self.engine.connect() as conn:
            ctx = MigrationContext.configure(conn)
            with Operations.context(ctx), ctx.begin_transaction():
                namespace[direction]()
            if conn.in_transaction():
                conn.commit()

    def views(self, *, ordered: bool = True, rows: bool = True) -> dict:
        """{view: (columns (name, type), the rows SELECT * returns)}; materialized views too."""
        out = {}
        with self.engine.connect() as conn:
            insp = sa.inspect(conn)
            names = list(insp.get_view_names())
            if conn.dialect.name == "postgresql":
                names += insp.get_materialized_view_names()
            quote = conn.dialect.identifier_preparer.quote
            for name in names:
                columns = [(c["name"], _type_name(c["type"], conn.dialect)) for c in insp.get_columns(name)]
                result = conn.exec_driver_sql(f"SELECT * FROM {quote(name)}").fetchall()  # the view works
                out[name] = (columns if ordered else sorted(columns),
                             sorted((tuple(map(str, r)) for r in result), key=repr) if rows else None)
        return out

    def catalog(self) -> dict:
        return snapshot(self.engine)


def _type_name(type_, dialect) -> str:
    """The type without its parameters (engines report a view's lengths differently)."""
    try:
        return type_.compile(dialect=dialect).split("(")[0].upper()
    except sa.exc.CompileError:  # an expression column SQLite gives no type
        return type(type_).__name__


T_ROWS = "INSERT INTO t (id, a, b) VALUES (1, 10, 'x'), (2, NULL, 'y');"

SCENARIOS = {
    # name: (old, new, renames)
    "view added": (
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20));",
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20));\n"
        "CREATE VIEW v AS SELECT id, b, '100%' AS pct FROM t WHERE b LIKE 'x%' OR b <> ':none';",
        []),
    "view changed (its columns change)": (
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20));\nCREATE VIEW v AS SELECT id, a FROM t;",
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20));\nCREATE VIEW v AS SELECT b AS label, id FROM t;",
        []),
    "view dropped": (
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20));\nCREATE VIEW v AS SELECT id, a FROM t;",
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20));",
        []),
    "view over a retyped column": (
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20));\nCREATE VIEW v AS SELECT id, a FROM t;",
        "CREATE TABLE t (id int PRIMARY KEY, a bigint, b varchar(20));\nCREATE VIEW v AS SELECT id, a FROM t;",
        []),
    "view over a renamed and a dropped column": (
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20), c int);\n"
        "CREATE VIEW v AS SELECT id, b FROM t;\nCREATE VIEW vc AS SELECT id, c FROM t;",
        "CREATE TABLE t (id int PRIMARY KEY, a int, label varchar(20));\n"
        "CREATE VIEW v AS SELECT id, label FROM t;\nCREATE VIEW vc AS SELECT id, a FROM t;",
        ["t.b=label"]),
    "view over a view, the table under both retyped": (
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20));\n"
        "CREATE VIEW base AS SELECT id, a FROM t;\nCREATE VIEW top AS SELECT id, a FROM base WHERE a > 0;",
        "CREATE TABLE t (id int PRIMARY KEY, a bigint, b varchar(20));\n"
        "CREATE VIEW base AS SELECT id, a, b FROM t;\nCREATE VIEW top AS SELECT id, a FROM base WHERE a > 0;",
        []),
    "star view over a table that gains a column, a dropped table": (
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20));\nCREATE TABLE u (id int PRIMARY KEY);\n"
        "CREATE VIEW everything AS SELECT * FROM t;\nCREATE VIEW over_u AS SELECT id FROM u;",
        "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20), d int);\n"
        "CREATE VIEW everything AS SELECT * FROM t;",
        []),
}

#: what a view shows after the up step (a '%' and a ':name' in a view's SQL reach the engine as written)
SHOWS = {"view added": ("SELECT pct, b FROM v", [("100%", "x"), ("100%", "y")])}

#: columns the down step re-adds at the end (PostgreSQL and MariaDB cannot put them back in place)
APPENDED = {"view over a renamed and a dropped column"}


def check_views(dialect: str, name: str, make_db) -> None:
    old_sql, new_sql, renames = SCENARIOS[name]
    old, new = load(old_sql, dialect), load(new_sql, dialect)
    script = compare_by_name(old, new, renames)
    up, down = render_sql(script, dialect), render_sql(script, dialect, down=True)
    assert not up.warnings and not down.warnings
    db, fresh_new = make_db(), make_db()
    fresh_new.run(export_ddl(new, dialect).sql)
    db.run(export_ddl(old, dialect).sql)
    db.run(T_ROWS)
    old_catalog, old_views = db.catalog(), db.views()
    ordered = dialect == "sqlite" or name not in APPENDED

    def at_new(what: str) -> None:
        problems = diff(db.catalog(), fresh_new.catalog())
        assert not problems, "\n".join(problems) + "\n\n" + what
        assert db.views(rows=False) == fresh_new.views(rows=False), what
        if name in SHOWS:
            with db.engine.connect() as conn:
                assert sorted(conn.exec_driver_sql(SHOWS[name][0]).fetchall()) == SHOWS[name][1], what

    def at_old(what: str) -> None:
        actual, expected = db.catalog(), old_catalog
        if not ordered:
            actual, expected = by_name(actual), by_name(expected)
        problems = diff(actual, expected)
        assert not problems, "\n".join(problems) + "\n\n" + what
        assert db.views(ordered=ordered) == {k: (v[0] if ordered else sorted(v[0]), v[1])
                                             for k, v in old_views.items()}, what

    db.run(up.text)
    at_new(up.text)
    db.run(down.text)
    at_old(down.text)
    revision = render_alembic(script, dialect)
    db.alembic(revision, "upgrade")
    at_new(revision)
    db.alembic(revision, "downgrade")
    at_old(revision)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_views_on_sqlite(name):
    check_views("sqlite", name, Database)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_views_on_postgres(name, pg_url_factory):
    check_views("postgres", name, lambda: Database(pg_url_factory()))


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_views_on_mariadb(name, mariadb_url_factory):
    check_views("mariadb", name, lambda: Database(mariadb_url_factory()))


def test_postgres_materialized_view_with_an_index_and_a_view_over_it(pg_url_factory):
    old = load("CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20));\n"
               "CREATE MATERIALIZED VIEW mv AS SELECT id, a FROM t;\nCREATE INDEX mv_id ON mv (id);\n"
               "COMMENT ON MATERIALIZED VIEW mv IS 'totals';\nCREATE VIEW over_mv AS SELECT id FROM mv;")
    new = load("CREATE TABLE t (id int PRIMARY KEY, a bigint, b varchar(20));\n"
               "CREATE MATERIALIZED VIEW mv AS SELECT id, a FROM t;\nCREATE INDEX mv_id ON mv (id);\n"
               "COMMENT ON MATERIALIZED VIEW mv IS 'totals';\nCREATE VIEW over_mv AS SELECT id FROM mv;")
    script = compare_by_name(old, new)
    db = Database(pg_url_factory())
    db.run(export_ddl(old, "postgres").sql)
    db.run(T_ROWS + "\nREFRESH MATERIALIZED VIEW mv;")
    before = db.views()
    db.run(render_sql(script, "postgres").text)
    views = db.views()
    assert views["mv"][0] == [("id", "INTEGER"), ("a", "BIGINT")] and views["mv"][1] == before["mv"][1]
    with db.engine.connect() as conn:
        insp = sa.inspect(conn)
        assert [ix["name"] for ix in insp.get_indexes("mv")] == ["mv_id"]
        assert insp.get_table_comment("mv")["text"] == "totals"
    db.run(render_sql(script, "postgres", down=True).text)
    assert db.views() == before


RENAMED = """
CREATE TABLE customer (id int PRIMARY KEY, name varchar(40), email varchar(80));
CREATE VIEW customer_names AS SELECT c.id, c.name FROM customer c WHERE c.email IS NOT NULL;
"""


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mariadb"])
def test_a_rename_in_the_designer_carries_its_views_through_the_migration(dialect, request):
    """Renaming a table and a column in the designer rewrites the views that read
    them (designer.view_sql), so the migration re-creates working views, and
    readers of the view see the same columns as before; down restores it all."""
    from tablewright.designer import edits

    make = {"sqlite": lambda: Database(),
            "postgres": lambda: Database(request.getfixturevalue("pg_url_factory")()),
            "mariadb": lambda: Database(request.getfixturevalue("mariadb_url_factory")())}[dialect]
    old = load(RENAMED, dialect)
    new = copy.deepcopy(old)
    table = new.tables[0]
    edits.rename_column(new, table.id, table.column_named("name").id, "full_name").apply(new)
    edits.rename_table(new, table.id, "client").apply(new)
    script = compare(old, new)
    up, down = render_sql(script, dialect), render_sql(script, dialect, down=True)
    db = make()
    db.run(export_ddl(old, dialect).sql)
    db.run("INSERT INTO customer (id, name, email) VALUES (1, 'Ann', 'a@x');")
    assert db.views()["customer_names"][1]  # the view shows the row
    before = db.views()
    db.run(up.text)
    assert db.views() == before  # same view, same columns, same rows
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT full_name FROM client").fetchall() == [("Ann",)]
    db.run(down.text)
    assert db.views() == before
