"""Fix SQL comes from the migrations renderer, lazily.

For every kind of model edit and every dialect, a fix's SQL is the statements
``tablewright migrate`` writes for the same change (its script without the
framing); on SQLite and PostgreSQL it runs, on a database holding the schema
and a few rows, and leaves the catalog of the edited model with the rows kept.
Building, comparing and pickling findings renders nothing or carries the text,
never the schema.
"""

from __future__ import annotations

import copy
import logging
import pickle
import sqlite3

import pytest
import sqlalchemy as sa

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.edits import (AddItem, DropItem, RenameColumn, RenameTable, SetColumnAttr,
                                       SetPrimaryKey)
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.migrations import compare
from tablewright.designer.migrations.render_sql import render_sql as render_script
from tablewright.designer.model import (CheckConstraint, Column, DataType, ForeignKey, Index, IndexElement, PrimaryKey, Schema,
                            UniqueConstraint)
from tablewright.designer.migrations import edit_sql
from tablewright.linting import Engine
from tablewright.linting.findings import Finding, Fix
from tests.catalog import diff, snapshot

DIALECTS = ("postgres", "mysql", "mariadb", "sqlite", "mssql")

DDL = """
CREATE TABLE parent (id int PRIMARY KEY, code varchar(10) NOT NULL);
CREATE TABLE child (id int PRIMARY KEY, parent_id int, owner_id int, name varchar(20), qty int DEFAULT 0,
                    born date, extra varchar(5),
                    CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id),
                    CONSTRAINT child_qty_max CHECK (qty < 1000), CONSTRAINT child_born_key UNIQUE (born));
CREATE INDEX child_name_idx ON child (name);
CREATE TABLE log (id int NOT NULL, msg varchar(20));
"""
ROWS = [
    "INSERT INTO parent (id, code) VALUES (1, 'a'), (2, 'b');",
    "INSERT INTO child (id, parent_id, owner_id, name, qty, born, extra) VALUES (1, 1, 2, 'x', 5, '2020-01-02', 'e');",
    "INSERT INTO log (id, msg) VALUES (1, 'm');",
]


def model(dialect: str) -> Schema:
    return import_ddl([("fix.sql", DDL)], dialect).schema


def _table(schema, name):
    return next(t for t in schema.tables if t.name == name)


def _col(table, name):
    return table.column_named(name)


def _key(table, attr, name):
    return next(x for x in getattr(table, attr) if x.name == name)


#: edit kind -> the edit, built on the schema
EDITS = {
    "set_column_type": lambda s, p, c, log: SetColumnAttr(c.id, _col(c, "qty").id, "type", DataType("bigint", "bigint")),
    "set_column_type_referenced": lambda s, p, c, log: SetColumnAttr(p.id, _col(p, "id").id, "type",
                                                                     DataType("bigint", "bigint")),
    "set_nullable_false": lambda s, p, c, log: SetColumnAttr(c.id, _col(c, "name").id, "nullable", False),
    "set_nullable_false_with_default": lambda s, p, c, log: SetColumnAttr(c.id, _col(c, "qty").id, "nullable", False),
    "set_nullable_true": lambda s, p, c, log: SetColumnAttr(p.id, _col(p, "code").id, "nullable", True),
    "add_index": lambda s, p, c, log: AddItem(c.id, Index("ix_qty", "child_qty_idx", [IndexElement(column=_col(c, "qty").id)])),
    "drop_index": lambda s, p, c, log: DropItem(c.id, "index", _key(c, "indexes", "child_name_idx").id),
    "add_unique": lambda s, p, c, log: AddItem(c.id, UniqueConstraint("uq_name", [_col(c, "name").id], name="child_name_key")),
    "drop_unique": lambda s, p, c, log: DropItem(c.id, "unique", _key(c, "uniques", "child_born_key").id),
    "add_check": lambda s, p, c, log: AddItem(c.id, CheckConstraint("ck_qty", "qty >= 0", name="child_qty_check")),
    "drop_check": lambda s, p, c, log: DropItem(c.id, "check", _key(c, "checks", "child_qty_max").id),
    "add_foreign_key": lambda s, p, c, log: AddItem(c.id, ForeignKey(
        "fk_owner", [_col(c, "owner_id").id], p.id, [_col(p, "id").id], name="child_owner_id_fkey")),
    "drop_foreign_key": lambda s, p, c, log: DropItem(c.id, "foreign_key", _key(c, "foreign_keys", "child_parent_fk").id),
    "add_column": lambda s, p, c, log: AddItem(c.id, Column("col_note", "note", DataType("varchar", "varchar(50)", length=50))),
    "drop_column": lambda s, p, c, log: DropItem(c.id, "column", _col(c, "extra").id),
    "rename_column": lambda s, p, c, log: RenameColumn(c.id, _col(c, "name").id, "title"),
    "rename_table": lambda s, p, c, log: RenameTable(c.id, "kid"),
    "set_primary_key": lambda s, p, c, log: SetPrimaryKey(log.id, PrimaryKey("pk_log", [_col(log, "id").id])),
}


def case(dialect: str, kind: str):
    """The schema, the edit, and the schema with the edit applied."""
    schema = model(dialect)
    e = EDITS[kind](schema, _table(schema, "parent"), _table(schema, "child"), _table(schema, "log"))
    edited = copy.deepcopy(schema)
    copy.copy(e).apply(edited)  # as the GUI applies it
    return schema, e, edited


_FRAMING = {"SET SESSION lock_wait_timeout = 5;", "BEGIN;", "COMMIT;", "BEGIN TRANSACTION;", "GO",
            "PRAGMA foreign_keys = OFF;", "PRAGMA foreign_key_check;", "PRAGMA foreign_keys = ON;"}


def migrate_statements(old: Schema, new: Schema, dialect: str) -> str:
    """What ``tablewright migrate`` writes for old -> new, without the script's
    framing (a SQLite rebuild keeps its own)."""
    lines = [line for line in render_script(compare(old, new), dialect).text.splitlines()
             if line.strip() and not line.startswith("--")]
    if dialect == "sqlite" and any("_tw_new_" in line for line in lines):
        return "\n".join(lines)
    return "\n".join(line for line in lines if line not in _FRAMING and not line.startswith("SET "))


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("kind", EDITS)
def test_fix_sql_is_what_migrate_writes(kind, dialect):
    schema, e, edited = case(dialect, kind)
    sql = Fix(kind, edit=e, schema=schema).sql
    assert sql and sql == migrate_statements(schema, edited, dialect)
    assert sql.endswith(";") and "GO" not in sql.split()
    assert "SET lock_timeout" not in sql


def test_a_schema_of_no_dialect_renders_as_postgres():
    schema, e, _ = case("postgres", "add_index")
    expected = Fix("x", edit=e, schema=schema).sql
    schema.dialect = None
    assert Fix("x", edit=e, schema=schema).sql == expected == "CREATE INDEX CONCURRENTLY child_qty_idx ON child (qty);"


def test_a_key_whose_column_changes_type_is_remade_on_the_tables_that_refer_to_it():
    schema, e, _ = case("postgres", "set_column_type_referenced")
    assert Fix("x", edit=e, schema=schema).sql.splitlines() == [
        "ALTER TABLE child DROP CONSTRAINT child_parent_fk;",
        "ALTER TABLE parent ALTER COLUMN id TYPE bigint USING id::bigint;",
        "ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY(parent_id) REFERENCES parent (id) NOT VALID;",
        "ALTER TABLE child VALIDATE CONSTRAINT child_parent_fk;",
    ]


# -- the SQL runs ---------------------------------------------------------------------------------


def _row_counts(url: str) -> dict:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                    for t in sa.inspect(conn).get_table_names()}
    finally:
        engine.dispose()


def _sqlite(path, sql: str) -> str:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(sql)
    finally:
        conn.close()
    return f"sqlite:///{path}"


@pytest.mark.parametrize("kind", EDITS)
def test_fix_sql_runs_on_sqlite(kind, tmp_path):
    schema, e, edited = case("sqlite", kind)
    url = _sqlite(tmp_path / "db.sqlite", export_ddl(schema, "sqlite").sql + "\n".join(ROWS))
    before = _row_counts(url)
    _sqlite(tmp_path / "db.sqlite", Fix(kind, edit=e, schema=schema).sql)
    expected = _sqlite(tmp_path / "fresh.sqlite", export_ddl(edited, "sqlite").sql)
    problems = diff(snapshot(url), snapshot(expected))
    assert not problems, "\n".join(problems)
    after = _row_counts(url)
    assert sorted(after.values()) == sorted(before.values())  # a renamed table keeps its rows too


def _run_pg(url: str, sql: str) -> None:
    """Statement by statement in autocommit, as psql runs a file (CONCURRENTLY
    cannot run in a transaction)."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in [s for s in sql.split(";\n") if s.strip()]:
                conn.exec_driver_sql(statement.rstrip().rstrip(";"))
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", EDITS)
def test_fix_sql_runs_on_postgres(kind, pg_url_factory):
    schema, e, edited = case("postgres", kind)
    url, fresh = pg_url_factory(), pg_url_factory()
    _run_pg(url, export_ddl(schema, "postgres").sql + "\n" + "\n".join(ROWS))
    before = _row_counts(url)
    _run_pg(url, Fix(kind, edit=e, schema=schema).sql)
    _run_pg(fresh, export_ddl(edited, "postgres").sql)
    problems = diff(snapshot(url), snapshot(fresh))
    assert not problems, "\n".join(problems)
    assert sorted(_row_counts(url).values()) == sorted(before.values())


# -- laziness, equality, pickling --------------------------------------------------------------------


@pytest.fixture
def renders(monkeypatch):
    """Counts the renderings."""
    calls = []
    real = edit_sql.render_edit

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(edit_sql, "render_edit", counting)
    return calls


DEFECTS = """
CREATE TABLE invoice (id int PRIMARY KEY, total float, paid boolean, issued_on date);
CREATE TABLE zz_unrelated_table (id int PRIMARY KEY, note text);
"""


def test_linting_and_comparing_findings_render_nothing(renders):
    schema = import_ddl([("x.sql", DEFECTS)], "postgres").schema
    first, second = Engine().run(schema), Engine().run(schema)
    assert first == second and {hash(f.fix) for f in first if f.fix} == {hash(f.fix) for f in second if f.fix}
    assert not renders
    [money] = [f for f in first if f.rule == "TW201"]
    assert money.fix.sql == "ALTER TABLE invoice ALTER COLUMN total TYPE numeric(12,2) USING total::numeric(12,2);"
    assert len(renders) == 1


def test_fix_equality_is_title_edit_and_text_not_the_schema(renders):
    a, b = model("postgres"), model("mysql")
    e = RenameTable(_table(a, "log").id, "logs")
    assert Fix("t", edit=e, schema=a) == Fix("t", edit=e, schema=b) == Fix("t", edit=e)
    assert hash(Fix("t", edit=e, schema=a)) == hash(Fix("t", edit=e))
    assert Fix("t", "SELECT 1;", e) != Fix("t", edit=e, schema=a)
    assert not renders
    # model objects in the arguments hash too
    index = Index("ix", "n", [IndexElement(column="c")])
    assert hash(AddItem("t", index)) == hash(AddItem("t", copy.deepcopy(index)))
    assert AddItem("t", index) == AddItem("t", copy.deepcopy(index)) != AddItem("u", index)


def test_a_pickled_fix_carries_its_sql_not_the_schema():
    schema = import_ddl([("x.sql", DEFECTS)], "postgres").schema
    [money] = [f for f in Engine().run(schema) if f.rule == "TW201"]
    data = pickle.dumps(money)
    assert b"zz_unrelated_table" not in data
    back = pickle.loads(data)
    assert isinstance(back, Finding) and back == money and back.fix.sql == money.fix.sql
    assert copy.deepcopy(money).fix.sql == money.fix.sql
    literal = Fix("advice", "SELECT 1;")
    assert pickle.loads(pickle.dumps(literal)) == literal


def test_the_sql_follows_the_model_it_is_read_from():
    """Rendered on each read: the incremental engine keeps a finding whose
    table changed without changing the finding, so a cached SQL would go stale."""
    schema = import_ddl([("x.sql", "CREATE TABLE t (id int PRIMARY KEY, total float);")], "mysql").schema
    [fix] = [f.fix for f in Engine().run(schema) if f.rule == "TW201"]
    assert fix.sql == "ALTER TABLE t MODIFY total numeric(12,2) NULL;"
    schema.tables[0].columns[1].comment = "amount due"
    assert fix.sql == "ALTER TABLE t MODIFY total numeric(12,2) NULL COMMENT 'amount due';"


def test_a_fix_that_cannot_render_has_no_sql_and_says_why(caplog):
    schema = model("postgres")
    fix = Fix("x", edit=SetColumnAttr("no_such_table", "c", "nullable", True), schema=schema)
    with caplog.at_level(logging.WARNING, logger="tablewright.linting.findings"):
        assert fix.sql is None
    assert "could not render" in caplog.text


def test_fixes_without_a_model_edit_keep_their_text():
    schema = import_ddl([("x.sql", "CREATE TABLE t (id int PRIMARY KEY) ENGINE=MyISAM;")], "mysql").schema
    [f] = [f for f in Engine().run(schema) if f.rule == "TW118"]
    assert f.fix.edit is None and f.fix.sql == "ALTER TABLE t ENGINE=InnoDB;"


def test_the_lint_cli_keeps_fix_sql_with_its_parse_cache(tmp_path, capsys, monkeypatch):
    """A warm ``--format json --fix-sql`` run serves the fixes' SQL from the
    cache (nothing renders); a changed renderer starts afresh."""
    import json
    import os
    from pathlib import Path

    from tablewright.app.cli import main
    from tablewright.linting import cache

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "schema.sql"
    path.write_text(DEFECTS)
    assert main(["lint", str(path), "--format", "json", "--fix-sql"]) == 1
    first = capsys.readouterr().out
    assert [f["fix"]["sql"] for f in json.loads(first)["findings"] if f["rule"] == "TW201"] == [
        "ALTER TABLE invoice ALTER COLUMN total TYPE numeric(12,2) USING total::numeric(12,2);"]
    assert len(list(Path(os.environ["TABLEWRIGHT_CACHE_DIR"]).glob("*.fix-sql"))) == 1

    def boom(*args):
        raise AssertionError("rendered again")

    monkeypatch.setattr(edit_sql, "_render", boom)
    assert main(["lint", str(path), "--format", "json", "--fix-sql"]) == 1
    assert capsys.readouterr().out == first
    monkeypatch.setattr(cache, "_renderer_fingerprint", lambda: "another renderer")
    assert main(["lint", str(path), "--format", "json", "--fix-sql"]) == 1  # stale: rendered again (and failing, here)
    assert [f["fix"]["sql"] for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "TW201"] == [None]


def test_json_and_sarif_carry_fix_sql_only_when_asked(tmp_path, capsys, monkeypatch):
    """Without ``--fix-sql`` a model-edit fix is its title and edit, and nothing
    is rendered; a fix that is SQL text keeps its text either way."""
    import json

    from tablewright.app.cli import main

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "schema.sql"
    path.write_text(DEFECTS)

    def boom(*args, **kw):
        raise AssertionError("rendered without --fix-sql")

    monkeypatch.setattr(edit_sql, "_render", boom)
    for fmt in ("json", "sarif"):
        assert main(["lint", str(path), "--format", fmt, "--no-cache"]) == 1
        data = json.loads(capsys.readouterr().out)
        fixes = ([f["fix"] for f in data["findings"] if f["fix"]] if fmt == "json" else
                 [r["properties"]["fix"] for r in data["runs"][0]["results"] if "fix" in r["properties"]])
        assert fixes and all("sql" not in fx and fx["edit"]["op"] for fx in fixes if fx["edit"])
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert main(["lint", str(path), "--format", "sarif", "--no-cache", "--fix-sql"]) == 1
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert [r["properties"]["fix"]["sql"] for r in results if r["ruleId"] == "TW201"] == [
        "ALTER TABLE invoice ALTER COLUMN total TYPE numeric(12,2) USING total::numeric(12,2);"]


@pytest.mark.corpus
def test_every_fix_runs_on_the_sakila_sqlite_database(corpus_dir):
    """Each fix's SQL, run on a database made from the real Sakila SQLite DDL
    (views over the tables, triggers on them): it succeeds, the views and
    triggers are all still there and still work, and the rows are kept."""
    from tests.corpus_cases import CASES

    files, dialect, _ = CASES["sakila-sqlite"]
    ddl = (corpus_dir / files[0]).read_text(encoding="utf-8")
    schema = import_ddl([(files[0], ddl)], dialect).schema
    fixable = [f for f in Engine().run(schema) if f.fix is not None and f.fix.edit is not None and f.fix.sql]
    rebuilds = [f for f in fixable if "_tw_new_" in f.fix.sql]
    assert fixable and rebuilds

    def fresh():
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(ddl)
        return db

    base = fresh()
    objects = set(base.execute("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger')"))
    views = [name for kind, name in objects if kind == "view"]
    assert views and any(kind == "trigger" for kind, _ in objects)
    for f in fixable:
        db = fresh()
        db.execute("INSERT INTO language (language_id, name, last_update) VALUES (1, 'English', '2020-01-01')")
        db.executescript(f.fix.sql)
        after = set(db.execute("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger')"))
        assert after == objects, (f.rule, f.table, f.column)
        for view in views:
            db.execute(f'SELECT * FROM "{view}" LIMIT 1').fetchall()
        assert db.execute("SELECT name FROM language").fetchall() == [("English",)]
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.corpus
@pytest.mark.db
def test_fixes_run_on_the_sakila_postgres_database_and_keep_its_views(corpus_dir, pg_url_factory, tmp_path):
    """One fix of each rule found on the real Sakila PostgreSQL DDL, run with
    psql on a copy of a database made from it: each succeeds, and the views
    over the changed tables are all still there and answer (a view reading a
    re-typed column is dropped and re-created around the change)."""
    from tests.conftest import _unique_db_name
    from tests.corpus_cases import CASES
    from tests.engines import pg_admin, pg_drop, psql

    files, dialect, _ = CASES["sakila-pg"]
    path = corpus_dir / files[0]
    schema = import_ddl([(str(path), path.read_text(encoding="utf-8"))], dialect).schema
    per_rule = {}
    for f in Engine().run(schema):
        if f.fix is not None and f.fix.edit is not None and f.rule not in per_rule and f.fix.sql:
            per_rule[f.rule] = f
    assert len(per_rule) >= 4
    base = pg_url_factory()
    psql(base, files=[path])
    base_name = base.rsplit("/", 1)[1]
    engine = sa.create_engine(base)
    with engine.connect() as conn:
        views = [r[0] for r in conn.exec_driver_sql(
            "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1")]
    engine.dispose()
    assert views
    for rule, f in sorted(per_rule.items()):
        name = _unique_db_name()
        with pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{base_name}"')
        try:
            script = tmp_path / f"{rule}.sql"
            script.write_text(f.fix.sql)
            psql(name, files=[script])
            copy_engine = sa.create_engine(base.rsplit("/", 1)[0] + "/" + name)
            with copy_engine.connect() as conn:
                now = [r[0] for r in conn.exec_driver_sql(
                    "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1")]
                assert now == views, (rule, f.table, f.column)
                for view in views:
                    conn.exec_driver_sql(f'SELECT * FROM "{view}" LIMIT 1').fetchall()
            copy_engine.dispose()
        finally:
            pg_drop(name)


def test_cache_keys_in_the_desktop_bundle_come_from_its_executable(monkeypatch, tmp_path):
    """The PyInstaller bundle has no source files to fingerprint (``lint`` failed
    there with "heuristics.py: No such file"): its keys follow the executable,
    which every build writes anew."""
    import os
    import sys

    from tablewright.linting import cache

    exe = tmp_path / "tablewright"
    exe.write_bytes(b"one build")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setattr(cache.Path, "glob", lambda self, pattern: iter(()))  # as in the bundle: no *.py
    ddl = tmp_path / "s.sql"
    ddl.write_text("CREATE TABLE t (id int PRIMARY KEY);\n")
    first, fix = cache.key([str(ddl)], "postgres"), cache._renderer_fingerprint()
    assert first and fix and first == cache.key([str(ddl)], "postgres")
    exe.write_bytes(b"the next build")
    os.utime(exe, ns=(1, 1))
    assert cache.key([str(ddl)], "postgres") != first and cache._renderer_fingerprint() != fix
