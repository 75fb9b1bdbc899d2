"""Quick fixes become one undoable edit: the finding goes away, and comes back on undo."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tablewright.app.quickfix import fix_edit
from tablewright.designer import edits
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.model import canonical
from tablewright.linting.engine import Engine
from tablewright.linting.findings import Fix

SHOP = Path(__file__).resolve().parents[2] / "resources" / "examples" / "shop.sql"


def test_fix_applies_and_undoes():
    schema = import_ddl([SHOP], "postgres").schema
    engine = Engine()
    findings = engine.run(schema)
    fixable = [f for f in findings if f.fix and f.fix.edit]
    assert fixable, "the example schema has fixable findings"
    finding = fixable[0]
    edit = fix_edit(schema, finding.fix)
    edit.apply(schema)
    after = engine.update(schema, edit.tables)
    assert finding.id not in {f.id for f in after}
    edit.revert(schema)
    again = engine.update(schema, edit.tables)
    assert finding.id in {f.id for f in again}


VIEWS = """
CREATE TABLE customer (id int PRIMARY KEY, name text, email text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer (id), name text);
CREATE VIEW named AS SELECT c.name, o.id FROM customer c JOIN orders o ON o.customer_id = c.id;
CREATE VIEW plain AS SELECT name, email FROM customer WHERE customer.email LIKE '%@%';
CREATE VIEW unrelated AS SELECT id FROM orders;
"""


@pytest.mark.parametrize("rename", ["table", "column"])
def test_a_rename_as_a_quick_fix_rewrites_the_views_as_the_designer_does(rename):
    """The fix's edit is the designer's: applied as a quick fix, a rename
    changes the model (views included) exactly as Rename in the designer, its
    undo restores it, and its redo does it again; the finding's own fix is
    untouched (it can be applied again after an undo)."""
    def make():
        schema = import_ddl([("v.sql", VIEWS)], "postgres").schema
        customer = schema.find_table("customer")
        return schema, customer.id, customer.column_named("name").id

    schema, tid, cid = make()
    start = canonical(schema)
    if rename == "table":
        fix = Fix("rename it", edit=edits.RenameTable(tid, "client"), schema=schema)
    else:
        fix = Fix("rename it", edit=edits.RenameColumn(tid, cid, "full_name"), schema=schema)
    by_designer, _, _ = make()
    (edits.rename_table(by_designer, tid, "client") if rename == "table"
     else edits.rename_column(by_designer, tid, cid, "full_name")).apply(by_designer)

    edit = fix_edit(schema, fix)
    assert edit.description == "rename it" and edit.tables == {tid}
    edit.apply(schema)
    assert canonical(schema) == canonical(by_designer) != start
    named = next(r for r in schema.raw if r.name == "named").sql
    assert ("client AS c" in named) if rename == "table" else ("c.full_name AS name" in named)
    edit.revert(schema)
    assert canonical(schema) == start
    edit.apply(schema)  # redo
    assert canonical(schema) == canonical(by_designer)
    edit.revert(schema)
    assert fix_edit(schema, fix) == fix.edit  # the same change, applied again later
    assert pickle.loads(pickle.dumps(fix)).edit == fix.edit


def test_a_quick_fix_that_no_longer_fits_is_refused_with_the_reason():
    schema = import_ddl([("v.sql", VIEWS)], "postgres").schema
    customer = schema.find_table("customer")
    fix = Fix("rename it", edit=edits.RenameTable(customer.id, "orders"), schema=schema)
    with pytest.raises(edits.EditError, match="already exists"):
        fix_edit(schema, fix)
