"""Migration rules over change sets (no Qt, no database)."""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.migrations import compare_by_name
from tablewright.linting.migrations import lint_migration, migration_rules


def pg(sql):
    return import_ddl([("x.sql", sql)], "postgres").schema


def codes(old, new, dialect="postgres", renames=()):
    result = lint_migration(compare_by_name(pg(old), pg(new), list(renames)), dialect, path="up.sql")
    return sorted({f.rule for f in result.findings}), result


CASES = [
    ("TM001", "CREATE TABLE a (id int); CREATE TABLE b (id int);", "CREATE TABLE a (id int);", ()),
    ("TM002", "CREATE TABLE a (id int, x int);", "CREATE TABLE a (id int);", ()),
    ("TM003", "CREATE TABLE a (id int, x int);", "CREATE TABLE a (id int, y int);", ("a.x=y",)),
    ("TM004", "CREATE TABLE a (id int, x varchar(80));", "CREATE TABLE a (id int, x varchar(20));", ()),
    ("TM005", "CREATE TABLE a (id int);", "CREATE TABLE a (id int, x int NOT NULL);", ()),
    ("TM009", "CREATE TABLE a (id int, x int);", "CREATE TABLE a (id int, x int UNIQUE);", ()),
    ("TM010", "CREATE TABLE a (id int);", "CREATE TABLE a (id int, u uuid DEFAULT gen_random_uuid());", ()),
    ("TM013", "CREATE TABLE a (id int, x int NOT NULL);", "CREATE TABLE a (id int, x int);", ()),
    ("TM014", "CREATE TYPE s AS ENUM ('a', 'b'); CREATE TABLE a (id int, x s);",
     "CREATE TYPE s AS ENUM ('a'); CREATE TABLE a (id int, x s);", ()),
    ("TM015", "CREATE TABLE a (id int); CREATE VIEW v AS SELECT id FROM a;", "CREATE TABLE a (id int);", ()),
]


@pytest.mark.parametrize("code,old,new,renames", CASES, ids=[c[0] for c in CASES])
def test_rule_fires(code, old, new, renames):
    found, _ = codes(old, new, renames=renames)
    assert code in found


def test_safe_forms_are_not_reported_on_postgres_but_are_on_mysql():
    old = "CREATE TABLE a (id int PRIMARY KEY, x int);"
    new = "CREATE TABLE a (id int PRIMARY KEY, x int NOT NULL DEFAULT 0); CREATE INDEX a_x ON a (x);"
    found, _ = codes(old, new)
    assert "TM006" not in found and "TM007" not in found and "TM012" not in found
    found, _ = codes(old, new, "mysql")
    assert "TM006" in found and "TM007" not in found


def test_findings_point_at_their_sql_line_and_rename_has_expand_and_contract():
    _, result = codes("CREATE TABLE clients (id int);", "CREATE TABLE customers (id int);", renames=("clients=customers",))
    finding = next(f for f in result.findings if f.rule == "TM003")
    assert finding.category == "migrations" and finding.severity == "high"
    assert result.up.text.splitlines()[finding.location.line - 1] == "ALTER TABLE clients RENAME TO customers;"
    assert finding.location.path == "up.sql"
    assert "expand" in finding.fix.sql and "contract" in finding.fix.sql


def test_a_new_table_is_not_existing():
    found, _ = codes("CREATE TABLE a (id int);",
                     "CREATE TABLE a (id int); CREATE TABLE b (id int, x int NOT NULL, UNIQUE (x));")
    assert found == []


def test_every_rule_has_docs():
    for rule in migration_rules():
        docs = rule.docs()
        assert {"What it does", "Why is this bad?", "Example", "Use instead"} <= set(docs), rule.code
        assert rule.category == "migrations"


def test_volatile_default_is_a_call_not_a_word_in_a_string():
    found, _ = codes("CREATE TABLE a (id int);", "CREATE TABLE a (id int, note text DEFAULT 'random()');")
    assert "TM010" not in found
    found, _ = codes("CREATE TABLE a (id int);", "CREATE TABLE a (id int, r float DEFAULT random ());")
    assert "TM010" in found


def test_a_view_remade_around_a_table_change_is_no_drop_and_its_grant_has_a_down_step():
    old = "CREATE TABLE a (id int, x int); CREATE VIEW v AS SELECT id, x FROM a; GRANT SELECT ON v TO PUBLIC;"
    found, result = codes(old, old.replace("x int", "x bigint"))
    assert "TM015" not in found and "TM011" not in found  # the grant goes with the view on the way down
    found, result = codes(old, "CREATE TABLE a (id int, x int);")
    finding = next(f for f in result.findings if f.rule == "TM015")
    assert finding.severity == "medium" and finding.message == "view v is dropped: its readers break"
    assert result.up.text.splitlines()[finding.location.line - 1] == "DROP VIEW v;"


def test_a_function_created_without_a_down_step():
    found, _ = codes("CREATE TABLE a (id int);",
                     "CREATE TABLE a (id int); CREATE FUNCTION f() RETURNS int AS $$ select 1 $$ LANGUAGE sql;")
    assert found == ["TM011"]


def test_constraint_not_valid_reads_the_statements_words():
    """TM008 guards the renderer: an FK or CHECK added to a table with rows
    without NOT VALID is reported; NOT VALID inside a string literal is no NOT VALID."""
    from tablewright.designer.migrations import ops as o
    from tablewright.designer.model import CheckConstraint
    from tablewright.linting.migrations.rule import MigrationContext
    from tablewright.linting.migrations.rules import ConstraintNotValid

    schema = pg("CREATE TABLE a (id int, x int);")
    op = o.AddCheck(schema.tables[0].id, CheckConstraint("ck", "x > 0", name="a_x_check"))

    def found(*statements):
        ctx = MigrationContext("postgres", schema, 0, True, list(statements))
        return list(ConstraintNotValid().check(op, ctx))

    assert found("ALTER TABLE a ADD CONSTRAINT a_x_check CHECK (x > 0)")
    assert found("ALTER TABLE a ADD CONSTRAINT a_x_check CHECK (x <> 'NOT VALID')")
    assert not found("ALTER TABLE a ADD CONSTRAINT a_x_check CHECK (x > 0) NOT VALID",
                     "ALTER TABLE a VALIDATE CONSTRAINT a_x_check")


def test_no_lock_timeout_reads_the_script_hand_written():
    """TM012 guards the renderer (whose PostgreSQL scripts set both timeouts):
    on a hand-written script it fires once, on the first op, unless the script
    sets both lock_timeout and statement_timeout."""
    from tablewright.designer.migrations import ops as o
    from tablewright.linting.migrations.rule import MigrationContext
    from tablewright.linting.migrations.rules import NoLockTimeout

    schema = pg("CREATE TABLE orders (id int, note text);")
    op = o.AddColumn(schema.tables[0].id, schema.tables[0].columns[1])

    def found(script, index=0):
        ctx = MigrationContext("postgres", schema, index, True, [], script_text=script)
        return [f.rule for f in NoLockTimeout().check(op, ctx)]

    alter = "ALTER TABLE orders ADD COLUMN note text;\n"
    assert found(alter) == ["TM012"]
    assert found("SET lock_timeout = '5s';\n" + alter) == ["TM012"]  # one of the two is not enough
    assert found("SET statement_timeout = '5min';\n" + alter) == ["TM012"]
    assert found("SET lock_timeout = '5s';\nSET statement_timeout = '5min';\n" + alter) == []
    assert found(alter, index=1) == []  # reported once per script, on its first op
    assert found("") == []


def test_the_renderers_own_output_passes_the_guards_tm008_and_tm012():
    # what TM008/TM012 guard: the rendered PostgreSQL script adds an FK and a CHECK
    # to an existing table NOT VALID, then VALIDATEs, and sets both timeouts
    old = "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int);"
    new = ("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p (id), "
           "CHECK (id > 0));")
    found, result = codes(old, new)
    assert "TM008" not in found and "TM012" not in found
    text = result.up.text
    assert "NOT VALID" in text and "VALIDATE CONSTRAINT" in text
    assert "lock_timeout" in text and "statement_timeout" in text
