"""``tablewright migrate``: scripts, hints, findings on stderr, exit codes."""

from __future__ import annotations

import copy

from tablewright.app.cli import main
from tablewright.designer import edits
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.project import Project, save_project

OLD = "CREATE TABLE clients (id int PRIMARY KEY, fullname text, email varchar(40));\n"
NEW = "CREATE TABLE customers (id int PRIMARY KEY, full_name text, email varchar(80));\n"


def files(tmp_path):
    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text(OLD)
    new.write_text(NEW)
    return str(old), str(new)


def test_renames_give_a_rename_script_and_a_high_finding(tmp_path, capsys):
    old, new = files(tmp_path)
    code = main(["migrate", old, new, "--dialect", "postgres", "--source-dialect", "postgres",
                 "--rename", "clients=customers", "--rename", "customers.fullname=full_name"])
    out, err = capsys.readouterr()
    assert "ALTER TABLE clients RENAME TO customers;" in out
    assert "ALTER TABLE customers RENAME fullname TO full_name;" in out
    assert "<up>:6:1: high TM003 table clients is renamed to customers" in err
    assert code == 1
    assert main(["migrate", old, new, "--dialect", "postgres", "--source-dialect", "postgres", "--fail-on", "critical",
                 "--rename", "clients=customers", "--rename", "customers.fullname=full_name"]) == 0


def test_likely_rename_is_a_hint_and_the_down_script(tmp_path, capsys):
    old, new = files(tmp_path)
    out_file = tmp_path / "down.sql"
    main(["migrate", old, new, "--dialect", "sqlite", "--source-dialect", "postgres", "--rename", "clients=customers",
          "--down", "-o", str(out_file)])
    err = capsys.readouterr().err
    assert "hint: column customers.fullname may have been renamed to full_name" in err
    assert "--rename customers.fullname=full_name" in err
    assert "ALTER TABLE customers RENAME TO clients;" in out_file.read_text()


def test_project_with_baseline_as_an_alembic_revision(tmp_path, capsys):
    schema = import_ddl([("x.sql", OLD)], "postgres").schema
    project = Project(schema=copy.deepcopy(schema), baseline=schema)
    table = project.schema.tables[0]
    edits.rename_column(project.schema, table.id, table.columns[1].id, "full_name").apply(project.schema)
    path = tmp_path / "p.twproj"
    save_project(path, project)
    assert main(["migrate", str(path), "--dialect", "postgres", "--format", "alembic"]) == 1
    out = capsys.readouterr().out
    assert "new_column_name='full_name'" in out and "def downgrade() -> None:" in out


def test_usage_errors_exit_2(tmp_path, capsys):
    old, new = files(tmp_path)
    assert main(["migrate", old, new, "--dialect", "postgres", "--rename", "nonsense"]) == 2
    assert "bad rename" in capsys.readouterr().err
    assert main(["migrate", str(tmp_path / "missing.sql"), new, "--dialect", "postgres"]) == 2
    assert main(["migrate", old, "--dialect", "postgres"]) == 2


def test_ddl_that_names_no_dialect_is_read_in_the_engines(tmp_path, capsys):
    """Without --source-dialect, a file with nothing in it that says its dialect was read as PostgreSQL's,
    and MySQL's "x" (a string) became the column `x`; it is read in the dialect of the engine to migrate."""
    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text("CREATE TABLE t (id int PRIMARY KEY, c varchar(10));\n")
    new.write_text('CREATE TABLE t (id int PRIMARY KEY, c varchar(10) DEFAULT "x");\n')
    assert main(["migrate", str(old), str(new), "--dialect", "mysql"]) == 0
    out = capsys.readouterr().out
    assert 'ALTER TABLE t ALTER COLUMN c SET DEFAULT "x";' in out, out
    # an unmarked file beside one whose text says PostgreSQL is read as PostgreSQL's too, not as the engine's
    new.write_text('CREATE TABLE t (id int PRIMARY KEY, c varchar(10) DEFAULT "x"::text);\n')
    main(["migrate", str(old), str(new), "--dialect", "mysql"])
    out = capsys.readouterr().out
    assert "MODIFY" not in out and "`x`" in out, out


def test_the_down_script_is_linted_as_the_downgrade(tmp_path, capsys):
    """--down printed the upgrade's findings (a widening, a rename the other way) without lines; the
    downgrade narrows total back, which may not fit: critical, at the line of the down script."""
    old, new = tmp_path / "v1.sql", tmp_path / "v2.sql"
    old.write_text("CREATE TABLE invoice (id int PRIMARY KEY, total numeric(10,2), billing_state text);\n")
    new.write_text("CREATE TABLE invoice (id int PRIMARY KEY, total numeric(12,2), billing_region text);\n")
    args = ["migrate", str(old), str(new), "--dialect", "postgres", "--rename", "invoice.billing_state=billing_region"]
    assert main(args) == 1  # the rename is high
    up = capsys.readouterr()
    assert "TM004" not in up.err  # PostgreSQL widens numeric in place
    assert main([*args, "--down"]) == 1
    down = capsys.readouterr()
    assert "-- Tablewright migration: downgrade (postgres)" in down.out
    line = next(i for i, text in enumerate(down.out.splitlines(), 1) if "TYPE numeric(10,2)" in text)
    assert f"<down>:{line}:1: critical TM004 total: NUMERIC(12, 2) → NUMERIC(10, 2) narrows the type" in down.err
    assert "billing_region is renamed to billing_state" in down.err
