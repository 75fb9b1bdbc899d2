"""Migrations on real engines: the up script takes a database holding OLD (with
rows) to exactly NEW's catalog with the data kept; the down script takes it back
to exactly OLD's catalog.  Three fixed scenarios on PostgreSQL, and generated
cases (a schema A, random designer.edits to B) on SQLite, PostgreSQL and MariaDB.

Column order: PostgreSQL and MariaDB append a re-added column (a down step
re-adding a dropped one, or an up step adding one); the catalogs are compared
with columns by name there, where the engine cannot do otherwise."""

from __future__ import annotations

import copy
import difflib
from collections import Counter
import os
import sqlite3

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tablewright.designer.dialects import quote
from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.migrations import compare, compare_by_name
from tablewright.designer.migrations.render_alembic import render_alembic
from tablewright.designer.migrations.render_sql import render_sql
from tablewright.designer.model import IndexElement
from tests.catalog import diff, snapshot
from tests.designer.test_migrations_support import EDIT_KINDS, base_schemas, edit_sequences

def pg(sql: str):
    return import_ddl([("x.sql", sql)], "postgres").schema


# -- running scripts ----------------------------------------------------------------------


def run_script(url: str, sql: str) -> None:
    """Run a script as its engine's client would (statement by statement, in
    autocommit, so the script's own BEGIN/COMMIT are what count)."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            conn.executescript(sql)
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()
        return
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in _statements(sql):
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _statements(sql: str) -> list[str]:
    out, current = [], []
    for line in sql.splitlines():
        if line.startswith("--") or not line.strip():
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            out.append("\n".join(current).rstrip().rstrip(";").replace("%", "%%"))
            current = []
    return out


def run_alembic(url: str, source: str, direction: str) -> None:
    """Run the revision file's upgrade() or downgrade() with Alembic against ``url``."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    namespace: dict = {}
    exec(compile(source, "revision.py", "exec"), namespace)  # noqa: S102 - our own generated revision
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn)
            with Operations.context(ctx), ctx.begin_transaction():
                namespace[direction]()
            if conn.in_transaction():
                conn.commit()
    finally:
        engine.dispose()


def rows(url: str, table: str, columns: list[str]) -> list[tuple]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            prep = engine.dialect.identifier_preparer
            cols = ", ".join(prep.quote(c) for c in columns)
            return sorted(conn.exec_driver_sql(f"SELECT {cols} FROM {prep.quote(table)}").fetchall(), key=repr)
    finally:
        engine.dispose()


def by_name(snap: dict) -> dict:
    """Columns in name order (for engines that can only append a column)."""
    return {k: {**v, "columns": sorted(v["columns"], key=lambda c: c["name"])} for k, v in snap.items()}


def assert_catalog(actual: dict, expected: dict, sql: str, ordered: bool) -> None:
    if not ordered:
        actual, expected = by_name(actual), by_name(expected)
    problems = diff(actual, expected)
    assert not problems, "\n".join(problems) + "\n\n" + sql


# -- fixed scenarios on PostgreSQL ----------------------------------------------------------

SCENARIOS = {
    "add columns, constraints and a table": (
        """CREATE TABLE customer (id int PRIMARY KEY, email varchar(80), name text);
           CREATE TABLE orders (id int PRIMARY KEY, customer_id int, total numeric(10,2));""",
        """CREATE TABLE customer (id int PRIMARY KEY, email varchar(80), name text, phone text,
                                  created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (email));
           CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer(id), total numeric(10,2),
                                status text NOT NULL DEFAULT 'new', CHECK (total >= 0));
           CREATE INDEX orders_customer_idx ON orders (customer_id);
           CREATE TABLE invoice (id int PRIMARY KEY, order_id int NOT NULL REFERENCES orders(id), amount numeric(10,2));""",
        [],
    ),
    "rename tables and columns": (
        """CREATE TABLE clients (id int PRIMARY KEY, fullname text, mail varchar(80));
           CREATE TABLE purchases (id int PRIMARY KEY, client_id int REFERENCES clients(id), total numeric(10,2));
           CREATE INDEX purchases_client_idx ON purchases (client_id);""",
        """CREATE TABLE customers (id int PRIMARY KEY, full_name text, email varchar(80));
           CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id), total numeric(10,2));
           CREATE INDEX purchases_client_idx ON orders (customer_id);""",
        ["clients=customers", "customers.fullname=full_name", "customers.mail=email", "purchases=orders",
         "orders.client_id=customer_id"],
    ),
    "change types, drop a column and a table, make a column NOT NULL with a default": (
        """CREATE TABLE account (id int PRIMARY KEY, code varchar(10), balance int, nickname text, region text);
           CREATE TABLE audit (id int PRIMARY KEY, note text);""",
        """CREATE TABLE account (id bigint PRIMARY KEY, code varchar(40), balance bigint, nickname text,
                                 region text NOT NULL DEFAULT 'eu');""",
        [],
    ),
}

SEED = {
    "add columns, constraints and a table": [
        "INSERT INTO customer VALUES (1, 'a@x.org', 'Ann'), (2, NULL, 'Bob')",
        "INSERT INTO orders VALUES (10, 1, 5.50), (11, 2, 7.00), (12, NULL, 1.25)",
    ],
    "rename tables and columns": [
        "INSERT INTO clients VALUES (1, 'Ann Lee', 'ann@x.org'), (2, NULL, 'bob@x.org')",
        "INSERT INTO purchases VALUES (10, 1, 5.50), (11, 2, 7.00)",
    ],
    "change types, drop a column and a table, make a column NOT NULL with a default": [
        "INSERT INTO account VALUES (1, 'A1', 100, 'annie', NULL), (2, 'B2', -5, NULL, 'us')",
        "INSERT INTO audit VALUES (1, 'x')",
    ],
}

EXPECTED_ROWS = {
    "add columns, constraints and a table": [
        ("customer", ["id", "email", "name"], [(1, "a@x.org", "Ann"), (2, None, "Bob")]),
        ("orders", ["id", "customer_id", "status"], [(10, 1, "new"), (11, 2, "new"), (12, None, "new")]),
    ],
    "rename tables and columns": [
        ("customers", ["id", "full_name", "email"], [(1, "Ann Lee", "ann@x.org"), (2, None, "bob@x.org")]),
        ("orders", ["id", "customer_id"], [(10, 1), (11, 2)]),
    ],
    "change types, drop a column and a table, make a column NOT NULL with a default": [
        ("account", ["id", "code", "balance", "nickname", "region"],
         [(1, "A1", 100, "annie", "eu"), (2, "B2", -5, None, "us")]),
    ],
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_postgres_scenarios(name, pg_url_factory):
    old_sql, new_sql, renames = SCENARIOS[name]
    old, new = pg(old_sql), pg(new_sql)
    script = compare_by_name(old, new, renames)
    up, down = render_sql(script, "postgres").text, render_sql(script, "postgres", down=True).text
    url, fresh_new, fresh_old = pg_url_factory(), pg_url_factory(), pg_url_factory()
    run_script(fresh_new, export_ddl(new, "postgres").sql)
    run_script(fresh_old, export_ddl(old, "postgres").sql)
    run_script(url, export_ddl(old, "postgres").sql)
    run_script(url, ";\n".join(SEED[name]) + ";")
    run_script(url, up)
    assert_catalog(snapshot(url), snapshot(fresh_new), up, ordered=True)
    for table, columns, expected in EXPECTED_ROWS[name]:
        assert rows(url, table, columns) == sorted(expected, key=repr)
    run_script(url, down)
    assert_catalog(snapshot(url), snapshot(fresh_old), down, ordered=name != SCENARIOS_WITH_DROPS)
    revision = render_alembic(script, "postgres")
    run_alembic(url, revision, "upgrade")
    assert_catalog(snapshot(url), snapshot(fresh_new), revision, ordered=True)
    run_alembic(url, revision, "downgrade")
    assert_catalog(snapshot(url), snapshot(fresh_old), revision, ordered=name != SCENARIOS_WITH_DROPS)


SCENARIOS_WITH_DROPS = "change types, drop a column and a table, make a column NOT NULL with a default"


# -- generated cases: A, random edits to B, on each engine -------------------------------------

LITERAL = {"integer": "{i}", "bigint": "{i}000", "varchar": "'v{i}'", "numeric": "{i}.25", "date": "'2020-01-0{i}'"}
#: generated cases per engine; TW_MIGRATION_EXAMPLES=N runs N per engine (e.g. a longer local soak)
EXAMPLES = {"sqlite": 15, "postgres": 8, "mariadb": 8}
if os.environ.get("TW_MIGRATION_EXAMPLES"):
    EXAMPLES = dict.fromkeys(EXAMPLES, int(os.environ["TW_MIGRATION_EXAMPLES"]))


def seed_sql(schema) -> str:
    statements = []
    for table in schema.tables:
        written = [c for c in table.columns if c.generated is None]  # (the engine computes the others)
        names = ", ".join(quote(c.name, schema.dialect) for c in written)
        for i in (1, 2, 3):
            values = []
            for column in written:
                if column.name.startswith("ref_") or column.name == "id":
                    values.append(str(i))
                elif i == 2 and column.nullable:
                    values.append("NULL")
                else:
                    values.append(LITERAL[column.type.kind].format(i=i))
            statements.append(f"INSERT INTO {table.name} ({names}) VALUES ({', '.join(values)});")
    return "\n".join(statements)


def read_all(url: str, schema) -> dict:
    """{(table id, column id, row id): value as text} for every table of ``schema``."""
    out = {}
    for table in schema.tables:
        names = [c.name for c in table.columns]
        for row in rows(url, table.name, names):
            row_id = row[names.index("id")]
            for column, value in zip(table.columns, row):
                out[(table.id, column.id, str(row_id))] = None if value is None else _text(value)
    return out


def _text(value) -> str:
    text = str(value)
    return text[:-3] if text.endswith(".00") else text


def check_generated(dialect: str, a, b, make_url) -> None:
    script = compare(a, b)
    up, down = render_sql(script, dialect).text, render_sql(script, dialect, down=True).text
    url, fresh_b, fresh_a = make_url(), make_url(), make_url()
    run_script(fresh_a, export_ddl(a, dialect).sql)
    run_script(fresh_b, export_ddl(b, dialect).sql)
    run_script(url, export_ddl(a, dialect).sql)
    run_script(url, seed_sql(a))
    before = read_all(url, a)
    run_script(url, up)
    ordered = dialect != "postgres"
    assert_catalog(snapshot(url), snapshot(fresh_b), up, ordered=True)
    after = read_all(url, b)
    for key, value in before.items():
        if key in after:  # a surviving value, under whatever name it has now
            assert after[key] == value or value is None, (key, value, after[key], up)
    run_script(url, down)
    assert_catalog(snapshot(url), snapshot(fresh_a), down, ordered=ordered)
    revision = render_alembic(script, dialect)  # the same ops as an Alembic revision, on the same database
    run_alembic(url, revision, "upgrade")
    assert_catalog(snapshot(url), snapshot(fresh_b), revision, ordered=True)
    run_alembic(url, revision, "downgrade")
    assert_catalog(snapshot(url), snapshot(fresh_a), revision, ordered=ordered)


def _sqlite_urls(tmp_path_factory):
    counter = iter(range(10**6))

    def make():
        return f"sqlite:///{tmp_path_factory.mktemp('mig')}/db{next(counter)}.sqlite"
    return make


SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(max_examples=EXAMPLES["sqlite"], **SETTINGS)
@given(st.data())
def test_generated_sqlite(tmp_path_factory, data):
    a = data.draw(base_schemas())
    b, _ = data.draw(edit_sequences(a))
    check_generated("sqlite", a, b, _sqlite_urls(tmp_path_factory))


@settings(max_examples=EXAMPLES["postgres"], **SETTINGS)
@given(st.data())
def test_generated_postgres(pg_url_factory, data):
    a = data.draw(base_schemas())
    b, _ = data.draw(edit_sequences(a))
    check_generated("postgres", a, b, pg_url_factory)


@settings(max_examples=EXAMPLES["mariadb"], **SETTINGS)
@given(st.data())
def test_generated_mariadb(mariadb_url_factory, data):
    a = data.draw(base_schemas())
    b, _ = data.draw(edit_sequences(a))
    check_generated("mariadb", a, b, mariadb_url_factory)


@settings(max_examples=200, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def _generated_case(applied: Counter, wrong: list, data) -> None:
    a = data.draw(base_schemas())
    b, kinds = data.draw(edit_sequences(a))
    applied.update(kinds)
    changed = export_ddl(a, "postgres").sql != export_ddl(b, "postgres").sql
    if bool(compare(a, b).upgrade_ops) != changed:
        wrong.append((kinds, changed))


def test_the_generated_cases_reach_every_edit_and_compare_sees_exactly_the_changes():
    """What the engine tests above rest on (no database needed): over 200
    generated (A, edits, B) cases every edit kind of the strategy is applied
    at least once (an edit whose precondition never holds would go untested
    silently), and compare(A, B) yields ops exactly when B's DDL differs from
    A's (edits that cancel out, e.g. a table added then dropped, yield none)."""
    applied: Counter = Counter()
    wrong: list = []
    _generated_case(applied=applied, wrong=wrong)
    assert set(EDIT_KINDS) <= set(applied), set(EDIT_KINDS) - set(applied)
    assert wrong == [], wrong[:5]


# -- an index a foreign key needs exists at every moment (MySQL/MariaDB ERROR 1553) -------------------

FK_INDEX_OLD = """CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(10),
  CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));
CREATE INDEX ix_parent ON child (parent_id);"""


@pytest.mark.parametrize("new_sql, edit", [
    # renamed in the designer (same id): RENAME INDEX
    (FK_INDEX_OLD, lambda s: setattr(s.find_table("child").indexes[0], "name", "ix_parent_renamed")),
    # renamed and changed in the designer: the new one is made before the old one goes
    (FK_INDEX_OLD, lambda s: (setattr(s.find_table("child").indexes[0], "name", "ix_parent2"),
                              s.find_table("child").indexes[0].elements.append(
                                  IndexElement(s.find_table("child").column_named("note").id)))),
    # between two DDL files (no ids): dropped and another made on the same column
    (FK_INDEX_OLD.replace("ix_parent ON", "ix_parent_id ON"), None),
    # re-made under the same name with other columns: the foreign key goes first and comes back
    (FK_INDEX_OLD.replace("ix_parent ON child (parent_id)", "ix_parent ON child (parent_id, note)"), None),
], ids=["rename", "rename-and-change", "ddl-files", "same-name"])
def test_mariadb_index_a_foreign_key_needs(new_sql, edit, mariadb_url_factory):
    old = import_ddl([("old.sql", FK_INDEX_OLD)], "mariadb").schema
    if edit is not None:
        new = copy.deepcopy(old)
        edit(new)
        script = compare(old, new)
    else:
        new = import_ddl([("new.sql", new_sql)], "mariadb").schema
        script = compare_by_name(old, new)
    up, down = render_sql(script, "mariadb").text, render_sql(script, "mariadb", down=True).text
    url, fresh_new, fresh_old = mariadb_url_factory(), mariadb_url_factory(), mariadb_url_factory()
    run_script(fresh_new, export_ddl(new, "mariadb").sql)
    run_script(fresh_old, export_ddl(old, "mariadb").sql)
    run_script(url, export_ddl(old, "mariadb").sql)
    run_script(url, up)  # ERROR 1553 before: the old index was dropped first
    assert_catalog(snapshot(url), snapshot(fresh_new), up, ordered=False)
    run_script(url, down)
    assert_catalog(snapshot(url), snapshot(fresh_old), down, ordered=False)
    if edit is not None and "rename" in up.lower() and "ix_parent2" not in up:
        assert "RENAME INDEX" in up and "DROP INDEX" not in up


# -- sequences and exclusion constraints, with a live database on one side ------------------------

SEQUENCE_SQL = """CREATE SEQUENCE ticket_no START 100 INCREMENT 5;
CREATE TABLE account (id serial PRIMARY KEY, code int DEFAULT nextval('ticket_no'), period int4range,
                      EXCLUDE USING gist (period WITH &&));"""
IDENTITY_SQL = """CREATE TABLE account (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, code int,
                      period int4range, CONSTRAINT account_period_excl2 EXCLUDE USING gist (period WITH &&) DEFERRABLE);"""


def _catalog(url: str) -> tuple[dict, list[str]]:
    from tests.catalog import engine_dump

    return snapshot(url), engine_dump(url)


def _assert_same_catalog(url: str, expected_url: str, sql: str) -> None:
    (snap, dump), (want_snap, want_dump) = _catalog(url), _catalog(expected_url)
    assert_catalog(snap, want_snap, sql, ordered=False)
    assert dump == want_dump, "\n".join(l for l in difflib.unified_diff(want_dump, dump, lineterm="")) + "\n\n" + sql


@pytest.mark.parametrize("live_side", ["old", "new"])
def test_postgres_sequences_and_exclusions_migrate_with_a_live_database(live_side, pg_url_factory):
    """A live import keeps the serial's sequence as a sequence object with an owner and
    the exclusion constraint verbatim; the other side is DDL with an identity column and
    a modelled exclusion constraint.  Up and down, the database ends with the catalog a
    fresh load of the target has (pg_dump: sequences, owners, constraints), rows kept, and
    a sequence made again for rows goes on after the largest value."""
    from tablewright.designer.live_import import import_database

    live_url, ddl_url = pg_url_factory(), pg_url_factory()
    run_script(live_url, SEQUENCE_SQL)
    run_script(ddl_url, export_ddl(pg(IDENTITY_SQL), "postgres").sql)
    live = import_database(live_url).schema
    ddl = pg(IDENTITY_SQL)
    old, new = (live, ddl) if live_side == "old" else (ddl, live)
    old_url, new_url = (live_url, ddl_url) if live_side == "old" else (ddl_url, live_url)
    script = compare_by_name(old, new, [])
    up, down = render_sql(script, "postgres").text, render_sql(script, "postgres", down=True).text
    url = pg_url_factory()
    run_script(url, SEQUENCE_SQL if live_side == "old" else export_ddl(ddl, "postgres").sql)
    run_script(url, "INSERT INTO account (period) VALUES ('[1,5)'), ('[6,9)');")
    run_script(url, up)
    _assert_same_catalog(url, new_url, up)
    run_script(url, down)
    _assert_same_catalog(url, old_url, down)
    run_script(url, "INSERT INTO account (period) VALUES ('[10,12)');")
    assert rows(url, "account", ["id"]) == [(1,), (2,), (3,)]
    revision = render_alembic(script, "postgres")
    run_alembic(url, revision, "upgrade")
    _assert_same_catalog(url, new_url, revision)
    run_alembic(url, revision, "downgrade")
    _assert_same_catalog(url, old_url, revision)


def test_postgres_exclusion_constraints_of_the_model_migrate(pg_url_factory):
    old = pg("CREATE TABLE slot (r int4range, k int); CREATE TABLE gone (r int4range, EXCLUDE USING gist (r WITH &&));")
    new = pg("CREATE TABLE slot (r int4range, k int, EXCLUDE USING gist (r WITH &&), "
             "CONSTRAINT slot_k EXCLUDE USING btree (k WITH =) DEFERRABLE INITIALLY DEFERRED);"
             "CREATE TABLE fresh (r int4range, EXCLUDE USING gist (r WITH &&));")
    script = compare_by_name(old, new, [])
    up, down = render_sql(script, "postgres").text, render_sql(script, "postgres", down=True).text
    url, old_url, new_url = pg_url_factory(), pg_url_factory(), pg_url_factory()
    for target, model in ((url, old), (old_url, old), (new_url, new)):
        run_script(target, export_ddl(model, "postgres").sql)
    run_script(url, up)
    _assert_same_catalog(url, new_url, up)
    run_script(url, down)
    _assert_same_catalog(url, old_url, down)
