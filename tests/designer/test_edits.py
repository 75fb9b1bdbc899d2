"""Edit operations: each one applies, reverts exactly, and says what it touched."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablewright.designer import edits
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.model import DataType, canonical

SHOP = Path(__file__).resolve().parents[2] / "resources" / "examples" / "shop.sql"


@pytest.fixture
def schema():
    return import_ddl([SHOP], "postgres").schema


def tid(schema, name):
    return schema.find_table(name).id


def cid(schema, table, column):
    return schema.find_table(table).column_named(column).id


def roundtrip(schema, edit):
    before = canonical(schema)
    edit.apply(schema)
    after = canonical(schema)
    assert after != before
    edit.revert(schema)
    assert canonical(schema) == before
    edit.apply(schema)
    assert canonical(schema) == after


def test_rename_column_keeps_ids_and_keys(schema):
    edit = edits.rename_column(schema, tid(schema, "customer"), cid(schema, "customer", "email"), "email_address")
    roundtrip(schema, edit)
    customer = schema.find_table("customer")
    assert customer.column_named("email_address").id == edit.before.column_named("email").id
    assert customer.column_names(customer.uniques[0].columns) == ["email_address"]
    assert edit.tables == {customer.id}


def test_delete_table_removes_incoming_foreign_keys_in_one_edit(schema):
    edit = edits.delete_table(schema, tid(schema, "order"))
    roundtrip(schema, edit)
    assert schema.find_table("order") is None
    assert [schema.table(fk.ref_table).name for fk in schema.find_table("order_line").foreign_keys] == ["product"]
    assert edit.tables == {tid(schema, "order_line"), edit.edits[-1].table_id}


def test_delete_referenced_column_drops_dependents(schema):
    edit = edits.delete_column(schema, tid(schema, "product"), cid(schema, "product", "id"))
    roundtrip(schema, edit)
    assert schema.find_table("product").primary_key is None
    assert all(fk.ref_table != tid(schema, "product") for fk in schema.find_table("order_line").foreign_keys)


def test_add_table_column_fk_index_enum(schema):
    add = edits.add_table(schema, "invoice")
    roundtrip(schema, add)
    inv = add.table.id
    col = edits.add_column(schema, inv, "order_id", DataType("bigint", "bigint"), nullable=False)
    roundtrip(schema, col)
    order_id = schema.table(inv).column_named("order_id").id
    fk = edits.add_foreign_key(schema, inv, [order_id], tid(schema, "order"), [cid(schema, "order", "id")],
                               on_delete="RESTRICT")
    roundtrip(schema, fk)
    roundtrip(schema, edits.add_index(schema, inv, [order_id], name="invoice_order_idx"))
    roundtrip(schema, edits.add_enum(schema, "currency", ["EUR", "USD"]))
    assert schema.table(inv).foreign_keys[0].on_delete == "RESTRICT"


def test_duplicate_names_are_refused(schema):
    with pytest.raises(edits.EditError, match="already exists"):
        edits.add_table(schema, "Customer")
    with pytest.raises(edits.EditError, match="already exists"):
        edits.rename_column(schema, tid(schema, "customer"), cid(schema, "customer", "email"), "full_name")


def test_copy_table_gets_fresh_ids_and_self_consistent_keys(schema):
    edit = edits.copy_table(schema, tid(schema, "order_line"))
    roundtrip(schema, edit)
    clone = schema.find_table("order_line_copy")
    original = schema.find_table("order_line")
    assert not set(c.id for c in clone.columns) & set(c.id for c in original.columns)
    assert set(clone.primary_key.columns) <= {c.id for c in clone.columns}
    assert [schema.table(fk.ref_table).name for fk in clone.foreign_keys] == ["order", "product"]


def test_failed_compound_leaves_the_model_unchanged(schema):
    before = canonical(schema)
    bad = edits.Compound([edits.rename_table(schema, tid(schema, "product"), "item"),
                          edits.RemoveTable("no-such-id")])
    with pytest.raises(edits.EditError):
        bad.apply(schema)
    assert canonical(schema) == before


@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 1000), st.integers(0, 1000)), max_size=25))
def test_any_edit_sequence_undoes_and_redoes_exactly(steps):
    schema = import_ddl([SHOP], "postgres").schema
    start = canonical(schema)
    done, states = [], []
    for kind, a, b in steps:
        table = schema.tables[a % len(schema.tables)] if schema.tables else None
        column = table.columns[b % len(table.columns)] if table and table.columns else None
        try:
            if kind == 0:
                edit = edits.add_table(schema, f"t{a}")
            elif kind == 1 and table:
                edit = edits.delete_table(schema, table.id)
            elif kind == 2 and column:
                edit = edits.rename_column(schema, table.id, column.id, f"c{b}")
            elif kind == 3 and column:
                edit = edits.delete_column(schema, table.id, column.id)
            elif kind == 4 and table:
                edit = edits.add_column(schema, table.id, f"n{b}", DataType("text", "text"))
            elif kind == 5 and column:
                edit = edits.set_column_attr(schema, table.id, column.id, "nullable", not column.nullable)
            elif kind == 6 and table:
                edit = edits.copy_table(schema, table.id)
            else:
                continue
        except edits.EditError:
            continue
        edit.apply(schema)
        done.append(edit)
        states.append(copy.deepcopy(canonical(schema)))
    end = canonical(schema)
    for edit, state in zip(reversed(done), reversed(states)):
        assert canonical(schema) == state
        edit.revert(schema)
    assert canonical(schema) == start
    for edit in done:
        edit.apply(schema)
    assert canonical(schema) == end


VIEWS = """
CREATE TABLE customer (id int PRIMARY KEY, name text, email text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer (id), name text);
CREATE VIEW named AS SELECT c.name, o.id FROM customer c JOIN orders o ON o.customer_id = c.id;
CREATE VIEW plain AS SELECT name, email FROM customer WHERE customer.email LIKE '%@%';
CREATE VIEW unrelated AS SELECT id FROM orders;
"""


def _view(schema, name):
    return next(r for r in schema.raw if r.name == name)


def test_renaming_a_column_rewrites_the_views_that_read_it_and_undo_restores_them():
    from tablewright.designer.ddl_import import import_ddl

    schema = import_ddl([("v.sql", VIEWS)], "postgres").schema
    before = canonical(schema)
    edit = edits.rename_column(schema, tid(schema, "customer"), cid(schema, "customer", "name"), "full_name")
    edit.apply(schema)
    # the view keeps its own column name, as PostgreSQL does when it follows a rename
    assert "c.full_name AS name" in _view(schema, "named").sql
    assert "SELECT full_name AS name, email FROM customer" in _view(schema, "plain").sql
    assert _view(schema, "unrelated").sql == "CREATE VIEW unrelated AS SELECT id FROM orders"
    edit.revert(schema)
    assert canonical(schema) == before


def test_renaming_a_table_rewrites_from_and_qualified_columns():
    from tablewright.designer.ddl_import import import_ddl

    schema = import_ddl([("v.sql", VIEWS)], "postgres").schema
    edits.rename_table(schema, tid(schema, "customer"), "client").apply(schema)
    plain = _view(schema, "plain").sql
    assert "FROM client" in plain and "client.email LIKE" in plain and "customer" not in plain
    assert "FROM client AS c JOIN orders AS o" in _view(schema, "named").sql


def test_the_renamed_model_exports_ddl_that_loads(tmp_path):
    """What the views follow for: the model's DDL still loads after a rename."""
    import sqlite3

    from tablewright.designer.ddl_export import export_ddl
    from tablewright.designer.ddl_import import import_ddl

    schema = import_ddl([("v.sql", VIEWS.replace("LIKE '%@%'", "LIKE '%@%'"))], "sqlite").schema
    edits.rename_column(schema, tid(schema, "customer"), cid(schema, "customer", "name"), "full_name").apply(schema)
    edits.rename_table(schema, tid(schema, "customer"), "client").apply(schema)
    db = sqlite3.connect(":memory:")
    db.executescript(export_ddl(schema, "sqlite").sql)
    db.execute("INSERT INTO client (id, full_name, email) VALUES (1, 'Ann', 'a@x')")
    assert db.execute("SELECT name, email FROM plain").fetchall() == [("Ann", "a@x")]
