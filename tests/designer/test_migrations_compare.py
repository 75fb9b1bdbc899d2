"""compare → ops (no Qt, no database): the op list for model pairs, reverse
twice is the same list, and replaying the ops takes old to new and back."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablewright.designer import edits
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.migrations import compare, compare_by_name, replay
from tablewright.designer.migrations import ops as o
from tablewright.designer.model import Column, DataType, EnumType, new_id
from tests.designer.test_migrations_support import base_schemas, comparable, edit_sequences

SHOP = Path(__file__).resolve().parents[2] / "resources" / "examples" / "shop.sql"


def pg(sql: str):
    return import_ddl([("x.sql", sql)], "postgres").schema


def kinds(script):
    return [op.kind for op in script.upgrade_ops]


def described(old, ops):
    state = copy.deepcopy(old)
    out = []
    for op in ops:
        out.append(op.describe(state))
        op.apply(state)
    return out


@pytest.fixture
def shop():
    return import_ddl([SHOP], "postgres").schema


def test_reverse_of_a_hand_built_op():
    column = Column("col_1", "note", DataType("text", "text"))
    op = o.AddColumn("tbl_1", column, 3)
    assert op.reverse() == o.DropColumn("tbl_1", column, 3)
    assert op.reverse().reverse() == op
    alter = o.AlterColumn("tbl_1", column, Column("col_1", "note", DataType("varchar", "varchar(9)", length=9)))
    assert alter.changes() == ["type"]
    assert alter.reverse().reverse() == alter
    assert o.RenameTable("tbl_1", "a", "b").reverse() == o.RenameTable("tbl_1", "b", "a")


def test_rename_by_id_is_a_rename(shop):
    new = copy.deepcopy(shop)
    customer = new.find_table("customer")
    edits.rename_table(new, customer.id, "client").apply(new)
    edits.rename_column(new, customer.id, customer.column_named("full_name").id, "name").apply(new)
    script = compare(shop, new)
    assert described(shop, script.upgrade_ops) == [
        "rename table customer to client", "rename column client.full_name to name"]
    assert described(new, script.downgrade_ops) == [
        "rename column client.name to full_name", "rename table client to customer"]


def test_delete_table_drops_incoming_keys_first(shop):
    new = copy.deepcopy(shop)
    edits.delete_table(new, new.find_table("order").id).apply(new)
    script = compare(shop, new)
    assert kinds(script) == ["drop_foreign_key", "drop_foreign_key", "drop_index", "drop_table"]
    assert [k for k in (op.kind for op in script.downgrade_ops)] == [
        "create_table", "create_index", "add_foreign_key", "add_foreign_key"]


def test_new_tables_in_a_cycle_come_before_their_keys():
    old = pg("CREATE TABLE x (id int PRIMARY KEY);")
    new = pg("""CREATE TABLE x (id int PRIMARY KEY);
                CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b(id));
                CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));""")
    script = compare_by_name(old, new)
    assert kinds(script) == ["create_table", "create_table", "add_foreign_key", "add_foreign_key"]


def test_type_change_remakes_the_foreign_keys_over_the_column():
    old = pg("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p(id));")
    new = pg("CREATE TABLE p (id bigint PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id bigint REFERENCES p(id));")
    script = compare_by_name(old, new)
    assert kinds(script) == ["drop_foreign_key", "alter_column", "alter_column", "add_foreign_key"]


def test_name_swap_goes_through_a_temporary_name():
    old = pg("CREATE TABLE t (a int, b text);")
    new = pg("CREATE TABLE t (b int, a text);")
    script = compare_by_name(old, new, ["t.a=b", "t.b=a"])
    assert described(old, script.upgrade_ops) == [
        "rename column t.a to a__tw_tmp", "rename column t.b to a", "rename column t.a__tw_tmp to b"]


def test_ddl_files_match_by_name_and_rename_hints():
    old = pg("CREATE TABLE clients (id int PRIMARY KEY, fullname text, email varchar(40));")
    new = pg("CREATE TABLE customers (id int PRIMARY KEY, full_name text, email varchar(80));")
    script = compare_by_name(old, new, ["clients=customers", "customers.fullname=full_name"])
    assert described(old, script.upgrade_ops) == [
        "rename table clients to customers", "rename column customers.fullname to full_name",
        "alter column customers.email (type)"]
    assert script.hints == []


def test_likely_renames_are_hints_never_applied():
    old = pg("CREATE TABLE customers (id int PRIMARY KEY, fullname text);")
    new = pg("CREATE TABLE customers (id int PRIMARY KEY, full_name text);")
    script = compare_by_name(old, new)
    assert kinds(script) == ["drop_column", "add_column"]
    assert [h.option for h in script.hints] == ["--rename customers.fullname=full_name"]


def test_enum_values_added_removed_renamed(shop):
    new = copy.deepcopy(shop)
    enum = new.enums[0]
    edits.change_enum(new, enum.id, values=["new", "paid", "sent", "cancelled", "refunded"]).apply(new)
    script = compare(shop, new)
    assert described(shop, script.upgrade_ops) == [
        "rename value 'shipped' of enum order_status to 'sent'", "add value 'refunded' to enum order_status"]
    new2 = copy.deepcopy(shop)
    edits.change_enum(new2, enum.id, values=["new", "paid", "shipped"]).apply(new2)
    assert kinds(compare(shop, new2)) == ["drop_enum_value"]


def test_move_table_to_another_schema():
    old = pg("CREATE TABLE t (id int);")
    new = copy.deepcopy(old)
    new.tables[0].namespace = "archive"
    script = compare(old, new)
    assert described(old, script.upgrade_ops) == ["move table t to schema archive"]


def _check_replay(old, new):
    script = compare(old, new)
    assert comparable(replay(old, script.upgrade_ops)) == comparable(new)
    assert comparable(replay(new, script.downgrade_ops)) == comparable(old)
    assert o.reverse_ops(o.reverse_ops(script.upgrade_ops)) == script.upgrade_ops
    return script


@settings(max_examples=60)
@given(st.data())
def test_replaying_the_ops_takes_old_to_new_and_back(data):
    old = data.draw(base_schemas())
    new, _ = data.draw(edit_sequences(old, max_edits=6))
    _check_replay(old, new)


@settings(max_examples=30)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 99), st.integers(0, 99)), max_size=10))
def test_shop_edits_replay(steps):
    old = import_ddl([SHOP], "postgres").schema
    new = copy.deepcopy(old)
    for kind, a, b in steps:
        table = new.tables[a % len(new.tables)]
        column = table.columns[b % len(table.columns)] if table.columns else None
        if column is None and kind in (1, 2, 4):
            continue  # every column of the table deleted by earlier steps: nothing to rename, delete or alter
        try:
            edit = [lambda: edits.rename_table(new, table.id, f"t{a}"),
                    lambda: edits.rename_column(new, table.id, column.id, f"c{b}"),
                    lambda: edits.delete_column(new, table.id, column.id),
                    lambda: edits.add_column(new, table.id, f"n{b}", DataType("text", "text")),
                    lambda: edits.set_column_attr(new, table.id, column.id, "nullable", not column.nullable),
                    lambda: edits.copy_table(new, table.id)][kind]()
        except edits.EditError:
            continue
        edit.apply(new)
    _check_replay(old, new)


def test_new_enum_and_dropped_enum():
    old = pg("CREATE TABLE t (id int);")
    new = copy.deepcopy(old)
    new.enums.append(EnumType(new_id("enum"), "mood", ["ok", "sad"]))
    assert kinds(_check_replay(old, new)) == ["create_enum"]


def test_sequences_and_exclusions_are_compared_and_replay():
    """Sequences made, dropped, altered, renamed and given another owner, and exclusion
    constraints added and dropped, replay from old to new and back (a live import holds
    serial columns' sequences as objects; the compare once left them all out)."""
    from tablewright.designer.migrations import compare_by_name

    old = pg("CREATE SEQUENCE a; CREATE SEQUENCE b INCREMENT 2; CREATE SEQUENCE moved; CREATE SEQUENCE t_id_seq;"
             "CREATE TABLE t (id int DEFAULT nextval('t_id_seq'), r int4range, EXCLUDE USING gist (r WITH &&));"
             "ALTER SEQUENCE t_id_seq OWNED BY t.id; ALTER SEQUENCE a OWNED BY t.id;")
    new = pg("CREATE SEQUENCE b INCREMENT 5 CYCLE; CREATE SEQUENCE c; CREATE SEQUENCE moved2;"
             "CREATE TABLE t (id int, k int DEFAULT nextval('c'), r int4range, CONSTRAINT x EXCLUDE USING gist (r WITH &&));"
             "ALTER SEQUENCE c OWNED BY t.k;")
    script = compare_by_name(old, new, [])
    kinds = [op.kind for op in script.upgrade_ops]
    assert kinds.count("drop_sequence") == 3 and kinds.count("create_sequence") == 2  # a, moved, t_id_seq; c, moved2
    assert "alter_sequence" in kinds and kinds.count("set_sequence_owner") == 3
    assert kinds.count("add_exclusion") == 1 and kinds.count("drop_exclusion") == 1
    assert comparable(replay(old, script.upgrade_ops)) == comparable(script.new)
    assert comparable(replay(script.new, script.downgrade_ops)) == comparable(old)
    # a sequence is made before the column that calls it and dropped after the last one that does
    assert kinds.index("create_sequence") < kinds.index("add_column")
    assert kinds.index("drop_sequence") > kinds.index("alter_column")


def test_a_serial_columns_own_sequence_is_not_made_twice():
    from tablewright.designer.migrations import compare_by_name

    old = pg("CREATE TABLE t (id serial);")
    new = pg("CREATE SEQUENCE t_id_seq; CREATE TABLE t (id integer DEFAULT nextval('t_id_seq') NOT NULL);"
             "ALTER SEQUENCE t_id_seq OWNED BY t.id;")
    kinds = [op.kind for op in compare_by_name(old, new, []).upgrade_ops]
    assert "create_sequence" not in kinds and "drop_sequence" not in kinds
