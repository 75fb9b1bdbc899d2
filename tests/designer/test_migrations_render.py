"""Rendering (no database): one hand-built op per dialect compared as text,
and the safe forms of a whole script."""

from __future__ import annotations

import copy

from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.migrations import compare, compare_by_name
from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations.render_sql import render_ops, render_sql, render_statements
from tablewright.designer.model import Column, DataType, Index, IndexElement

OLD = """
CREATE TABLE clients (id int PRIMARY KEY, fullname text, email varchar(40), age int);
CREATE TABLE orders (id int PRIMARY KEY, client_id int REFERENCES clients(id), total numeric(10,2), legacy text);
"""
NEW = """
CREATE TABLE customers (id int PRIMARY KEY, full_name text, email varchar(80) NOT NULL DEFAULT 'x', age bigint);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id), total numeric(10,2));
CREATE INDEX orders_total ON orders(total);
CREATE TABLE items (id int PRIMARY KEY, order_id int REFERENCES orders(id));
"""
RENAMES = ["clients=customers", "customers.fullname=full_name", "orders.client_id=customer_id"]


def pg(sql):
    return import_ddl([("x.sql", sql)], "postgres").schema


def body(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("--")]


def test_one_add_column_per_dialect():
    schema = pg("CREATE TABLE t (id int PRIMARY KEY);")
    op = o.AddColumn(schema.tables[0].id, Column("col_x", "note", DataType("text", "text"), nullable=False,
                                                 default="''"))
    assert body(render_ops([op], schema, "postgres").text) == [
        "SET lock_timeout = '5s';", "SET statement_timeout = '5min';", "BEGIN;",
        "ALTER TABLE t ADD COLUMN note text DEFAULT '' NOT NULL;", "COMMIT;"]
    assert body(render_ops([op], schema, "mariadb").text)[1:] == [
        "ALTER TABLE t ADD COLUMN note LONGTEXT NOT NULL DEFAULT '', ALGORITHM=INSTANT;"]
    assert body(render_ops([op], schema, "sqlite").text)[2] == "ALTER TABLE t ADD COLUMN note TEXT DEFAULT '' NOT NULL;"


def test_rename_column_is_a_rename_everywhere():
    schema = pg("CREATE TABLE t (id int PRIMARY KEY, a int);")
    op = o.RenameColumn(schema.tables[0].id, schema.tables[0].columns[1].id, "a", "b")
    assert "ALTER TABLE t RENAME a TO b;" in body(render_ops([op], schema, "postgres").text)
    assert "ALTER TABLE t RENAME COLUMN a TO b, ALGORITHM=INPLACE, LOCK=NONE;" in body(render_ops([op], schema, "mysql").text)
    assert "ALTER TABLE t RENAME COLUMN a TO b;" in body(render_ops([op], schema, "sqlite").text)


def test_postgres_safe_forms():
    script = compare_by_name(pg(OLD), pg(NEW), RENAMES)
    text = render_sql(script, "postgres").text
    lines = body(text)
    assert lines[:3] == ["SET lock_timeout = '5s';", "SET statement_timeout = '5min';", "BEGIN;"]
    commit = lines.index("COMMIT;")
    after = lines[commit + 1:]
    assert "ALTER TABLE customers ALTER COLUMN age TYPE bigint USING age::bigint;" in lines[:commit]
    assert after == [
        "UPDATE customers SET email = 'x' WHERE email IS NULL;",
        "ALTER TABLE customers ADD CONSTRAINT customers_email_not_null CHECK (email IS NOT NULL) NOT VALID;",
        "ALTER TABLE customers VALIDATE CONSTRAINT customers_email_not_null;",
        "ALTER TABLE customers ALTER COLUMN email SET NOT NULL;",
        "ALTER TABLE customers DROP CONSTRAINT customers_email_not_null;",
        "CREATE INDEX CONCURRENTLY orders_total ON orders (total);",
    ]
    # a key from a new table to an existing one needs no NOT VALID: nothing to check yet
    assert "ALTER TABLE items ADD CONSTRAINT items_order_id_fkey FOREIGN KEY(order_id) REFERENCES orders (id);" in lines


def test_foreign_key_on_an_existing_table_is_not_valid_then_validated():
    old = pg("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int);")
    new = pg("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p(id));")
    lines = body(render_sql(compare_by_name(old, new), "postgres").text)
    assert "ALTER TABLE c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY(p_id) REFERENCES p (id) NOT VALID;" in lines
    assert lines[-1] == "ALTER TABLE c VALIDATE CONSTRAINT c_p_id_fkey;"


def test_steps_after_the_transaction_use_the_names_in_force_then():
    """A downgrade renames back inside the transaction; what runs after it
    (SET NOT NULL through a check, CREATE INDEX CONCURRENTLY, VALIDATE) must
    use the names the renames left (found by the generated engine tests)."""
    old = pg("CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL DEFAULT 0, b int);")
    new = copy.deepcopy(old)
    table = new.tables[0]
    table.name = "r"
    table.columns[1].nullable = True
    table.columns[2].name = "c"
    down = body(render_sql(compare(old, new), "postgres", down=True).text)
    commit = down.index("COMMIT;")
    assert "ALTER TABLE r RENAME TO t;" in down[:commit] and "ALTER TABLE r RENAME c TO b;" in down[:commit]
    assert down[commit + 1:] == [
        "UPDATE t SET a = 0 WHERE a IS NULL;",
        "ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) NOT VALID;",
        "ALTER TABLE t VALIDATE CONSTRAINT t_a_not_null;",
        "ALTER TABLE t ALTER COLUMN a SET NOT NULL;",
        "ALTER TABLE t DROP CONSTRAINT t_a_not_null;",
    ]
    # the same for ops in any order: an index created before a rename
    t = old.tables[0]
    ops = [o.CreateIndex(t.id, Index("ix_b", "t_b_idx", [IndexElement(column=t.columns[2].id)])),
           o.RenameTable(t.id, "t", "r")]
    assert body(render_ops(ops, old, "postgres").text)[-1] == "CREATE INDEX CONCURRENTLY t_b_idx ON r (b);"


def test_sqlite_rebuilds_what_alter_table_cannot_do_and_keeps_the_data():
    old = pg("CREATE TABLE t (id int PRIMARY KEY, a int);")
    new = copy.deepcopy(old)
    new.tables[0].columns[1].nullable = False
    new.tables[0].columns[1].default = "0"
    lines = body(render_sql(compare(old, new), "sqlite").text)
    assert lines[:2] == ["PRAGMA foreign_keys = OFF;", "BEGIN;"]
    assert "INSERT INTO _tw_new_t (id, a) SELECT id, COALESCE(a, 0) FROM t;" in lines
    assert lines[-7:] == ["DROP TABLE t;", "PRAGMA legacy_alter_table = ON;", "ALTER TABLE _tw_new_t RENAME TO t;",
                          "PRAGMA legacy_alter_table = OFF;", "PRAGMA foreign_key_check;", "COMMIT;",
                          "PRAGMA foreign_keys = ON;"]


def test_render_statements_are_the_script_without_its_framing():
    old = pg("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int, note text);")
    new = copy.deepcopy(old)
    child = new.tables[1]
    child.foreign_keys.append(o.ForeignKey("fk_x", [child.columns[1].id], new.tables[0].id,
                                           [new.tables[0].columns[0].id], name="c_p_id_fkey"))
    ops = compare(old, new).upgrade_ops
    assert render_statements(ops, old, "postgres") == [
        "ALTER TABLE c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY(p_id) REFERENCES p (id) NOT VALID;",
        "ALTER TABLE c VALIDATE CONSTRAINT c_p_id_fkey;"]
    assert render_statements(ops, old, "mssql") == [
        "ALTER TABLE c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY(p_id) REFERENCES p (id);"]  # no GO
    sqlite = render_statements(ops, old, "sqlite")  # a rebuild keeps its framing
    assert sqlite[:2] == ["PRAGMA foreign_keys = OFF;", "BEGIN;"]
    assert sqlite[-3:] == ["PRAGMA foreign_key_check;", "COMMIT;", "PRAGMA foreign_keys = ON;"]
    index = o.CreateIndex(old.tables[1].id, Index("ix", "c_note_idx", [IndexElement(column=child.columns[2].id)]))
    assert render_statements([index], old, "sqlite") == ["CREATE INDEX c_note_idx ON c (note);"]


def test_a_null_default_fills_nothing():
    """``DEFAULT NULL`` then NOT NULL: no backfill, and MySQL's MODIFY does not
    repeat the default (``NOT NULL DEFAULT NULL`` is an error there)."""
    old = import_ddl([("x.sql", "CREATE TABLE t (id int PRIMARY KEY, email varchar(50) DEFAULT NULL);")],
                     "mysql").schema
    new = copy.deepcopy(old)
    new.tables[0].columns[1].nullable = False
    ops = compare(old, new).upgrade_ops
    assert render_statements(ops, old, "mysql") == ["ALTER TABLE t MODIFY email varchar(50) NOT NULL;"]
    assert not [s for s in render_statements(ops, old, "postgres") if s.startswith("UPDATE")]
    assert "COALESCE" not in " ".join(render_statements(ops, old, "sqlite"))


def test_a_rebuilt_table_lists_its_constraints_in_model_order():
    """Alembic's CreateTableOp.from_table reads them from a set: the order
    changed from run to run."""
    refs = ", ".join(f"r{i} int CONSTRAINT fk_{name} REFERENCES p (id)" for i, name in enumerate("dbca"))
    old = pg(f"CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int PRIMARY KEY, x int, {refs});")
    new = copy.deepcopy(old)
    new.tables[1].columns[1].nullable = False
    text = " ".join(render_statements(compare(old, new).upgrade_ops, old, "sqlite"))
    assert [text.index(f"fk_{name}") for name in "dbca"] == sorted(text.index(f"fk_{name}") for name in "dbca")


def test_lines_map_ops_to_the_script():
    script = compare_by_name(pg(OLD), pg(NEW), RENAMES)
    rendered = render_sql(script, "postgres")
    lines = rendered.text.splitlines()
    rename = next(i for i, op in enumerate(script.upgrade_ops) if op.kind == "rename_table")
    assert lines[rendered.line_of(rename) - 1] == "ALTER TABLE clients RENAME TO customers;"


def test_alembic_revision_chains_and_uses_alembic_ops():
    from tablewright.designer.migrations.render_alembic import next_revision, remember_revision, render_alembic

    old = pg("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int);")
    new = pg("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p(id));")
    settings: dict = {}
    rev, down = next_revision(settings)
    assert down is None
    remember_revision(settings, rev)
    rev2, down2 = next_revision(settings)
    assert down2 == rev and rev2 != rev
    text = render_alembic(compare_by_name(old, new), "postgres", revision=rev2, down_revision=down2)
    assert f"revision = {rev2!r}\ndown_revision = {rev!r}" in text
    assert "    op.create_foreign_key('c_p_id_fkey', 'c', 'p', ['p_id'], ['id'], postgresql_not_valid=True)" in text
    assert ("    with op.get_context().autocommit_block():\n"
            "        op.execute(SQL('ALTER TABLE c VALIDATE CONSTRAINT c_p_id_fkey'))") in text
    assert "def downgrade() -> None:\n    op.drop_constraint('c_p_id_fkey', 'c', type_='foreignkey')" in text
    compile(text, "revision.py", "exec")


def test_sql_server_batches_are_separated_by_a_bare_go_that_reads_back():
    """sqlcmd takes GO alone on its line (``GO;`` is an error); our own
    splitter reads the script back statement by statement."""
    from tablewright.designer.sql_split import split_statements

    old = import_ddl([("o.sql", "CREATE TABLE a (id int PRIMARY KEY);")], "mssql").schema
    new = import_ddl([("n.sql", "CREATE TABLE a (id int PRIMARY KEY, b int);\nCREATE INDEX a_b ON a (b);")],
                     "mssql").schema
    text = render_sql(compare(old, new), "mssql").text
    lines = text.splitlines()
    assert "GO" in lines and not any(line.strip().upper().startswith("GO;") for line in lines)
    statements, issues = split_statements(text, "mssql", "m.sql")
    assert not issues
    bodies = [s.text.strip().rstrip(";").upper() for s in statements]
    assert bodies == ["BEGIN TRANSACTION", "ALTER TABLE A ADD B INT NULL", "CREATE INDEX A_B ON A (B)", "COMMIT"]


def test_a_primary_key_over_a_column_prefix_migrates_with_its_length():
    """MySQL ``PRIMARY KEY (name(10))``: the model holds the length, a change of it is a
    change of the key, and the ALTER TABLE writes it (Alembic's op would key the whole column)."""
    from tablewright.designer.migrations.render_alembic import render_alembic

    old = import_ddl([("a.sql", "CREATE TABLE t (name varchar(255) NOT NULL, PRIMARY KEY (name(20)));")], "mysql").schema
    new = import_ddl([("b.sql", "CREATE TABLE t (name varchar(255) NOT NULL, PRIMARY KEY (name(10)));")], "mysql").schema
    script = compare_by_name(old, new, [])
    up, down = render_sql(script, "mysql").text, render_sql(script, "mysql", down=True).text
    assert "ADD PRIMARY KEY (name(10))" in up and "ADD PRIMARY KEY (name(20))" in down
    assert "ADD PRIMARY KEY (name(10))" in render_alembic(script, "mysql")


def test_auto_increment_outside_the_primary_key_is_said_lost_by_a_migration():
    old = import_ddl([("a.sql", "CREATE TABLE t (id int);")], "mysql").schema
    new = import_ddl([("b.sql", "CREATE TABLE t (id int);\n"
                                "CREATE TABLE u (id int PRIMARY KEY, x int NOT NULL AUTO_INCREMENT, KEY (x));")],
                     "mysql").schema
    result = render_sql(compare_by_name(old, new, []), "mysql")
    assert "AUTO_INCREMENT" not in result.text  # it would not load without its key inside CREATE TABLE
    assert any("AUTO_INCREMENT of column u.x is not carried by a migration" in w for w in result.warnings)
