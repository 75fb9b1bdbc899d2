"""Monkey test: thousands of random edits and undo/redo steps through the
document's commands (seeded), then the model must

- equal its start after undoing everything, and its end after redoing it all;
- survive a round trip through its own DDL (export_ddl → import_ddl: same
  tables, columns, types, nullability, primary, unique and foreign keys).

A shorter run goes through the real main window and checks the canvas
follows (cards and edges match the model)."""

from __future__ import annotations

import random

import pytest

import tablewright.app.canvas  # noqa: F401  (applies the PySide6 6.12.0 refcount guard before heavy signalling)
from tablewright.app.document import Document
from tablewright.app.docks.type_picker import build_type
from tablewright.app.undo import EditCommand
from tablewright.designer import edits
from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.edits import EditError
from tablewright.designer.model import canonical
from tablewright.designer.project import Project
from tests.app.test_gui_support import (SHOP, answers, make_window, model_fk_edges,  # noqa: F401
                                        scene_fk_edges, window)

pytestmark = pytest.mark.gui

TYPES = ["integer", "bigint", "text", "varchar(40)", "boolean", "numeric(10,2)", "date", "timestamptz", "uuid"]


class Monkey:
    """Random user actions on a document, each one command (or a macro)."""

    def __init__(self, document, seed: int):
        self.doc = document
        self.rng = random.Random(seed)
        self.counter = 0
        self.types = [build_type(t, "postgres") for t in TYPES]

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}_{self.counter}"

    def step(self) -> None:
        rng, schema, stack = self.rng, self.doc.schema, self.doc.undo_stack
        roll = rng.random()
        if roll < 0.15 and stack.canUndo():
            stack.undo()
            return
        if roll < 0.22 and stack.canRedo():
            stack.redo()
            return
        try:
            edit = self.random_edit(schema)
        except EditError:
            return
        if edit is not None:
            if isinstance(edit, list):  # a multi-select action: one macro
                with self.doc.macro("Delete tables"):
                    for make in edit:
                        self.doc.push(EditCommand(self.doc, make()))
            else:
                self.doc.apply(edit)

    def random_edit(self, schema):
        rng = self.rng
        tables = schema.tables
        if len(tables) < 3 or rng.random() < 0.08:
            return edits.add_table(schema, self.name("t"))
        table = rng.choice(tables)
        cols = table.columns
        kind = rng.choice(["add_col", "add_col", "rename_col", "type", "nullable", "delete_col", "rename_table",
                           "pk", "unique", "fk", "fk", "index", "remove_obj", "copy", "move", "delete_tables",
                           "default", "comment"])
        if kind == "add_col" or not cols:
            return edits.add_column(schema, table.id, self.name("c"), rng.choice(self.types),
                                    nullable=rng.random() < 0.5)
        col = rng.choice(cols)
        if kind == "rename_col":
            return edits.rename_column(schema, table.id, col.id, self.name("c"))
        if kind == "type":
            return edits.set_column_attr(schema, table.id, col.id, "type", rng.choice(self.types))
        if kind == "nullable":
            pk = table.primary_key.columns if table.primary_key else []
            if col.id in pk:
                return None
            return edits.set_column_attr(schema, table.id, col.id, "nullable", not col.nullable)
        if kind == "delete_col":
            return edits.delete_column(schema, table.id, col.id)
        if kind == "rename_table":
            return edits.rename_table(schema, table.id, self.name("t"))
        if kind == "pk":
            return edits.set_primary_key(schema, table.id, rng.sample([c.id for c in cols], k=min(len(cols), rng.randint(1, 2))))
        if kind == "unique":
            return edits.set_unique(schema, table.id, col.id, rng.random() < 0.7)
        if kind == "fk":
            target = rng.choice(tables)
            if not target.primary_key or len(target.primary_key.columns) != 1:
                return None
            return edits.add_foreign_key(schema, table.id, [col.id], target.id, list(target.primary_key.columns),
                                         on_delete=rng.choice([None, "CASCADE", "SET NULL", "RESTRICT"]))
        if kind == "index":
            return edits.add_index(schema, table.id, [col.id], unique=rng.random() < 0.3)
        if kind == "remove_obj":
            objs = [*table.constraints(), *table.indexes]
            return edits.remove_object(schema, table.id, rng.choice(objs).id) if objs else None
        if kind == "copy":
            return edits.copy_table(schema, table.id)
        if kind == "move":
            return edits.move_column(schema, table.id, col.id, rng.randrange(len(cols)))
        if kind == "delete_tables":
            if len(tables) < 5:
                return None
            victims = rng.sample([t.id for t in tables], k=2)
            return [lambda tid=tid: edits.delete_table(self.doc.schema, tid) for tid in victims]
        if kind == "default":
            return edits.set_column_attr(schema, table.id, col.id, "default",
                                         rng.choice([None, "0"]) if col.type.kind in ("integer", "bigint") else None)
        return edits.set_table_attr(schema, table.id, "comment", rng.choice([None, "a comment"]))


def shape(schema) -> dict:
    """What must survive export → import: names, types, nullability, keys."""
    out = {}
    for t in schema.tables:
        names = {c.id: c.name for c in t.columns}
        out[t.name] = {
            "columns": [(c.name, c.type.kind, c.type.length, c.type.precision, c.type.scale, c.nullable)
                        for c in t.columns],
            "pk": [names[c] for c in t.primary_key.columns] if t.primary_key else None,
            "uniques": sorted(tuple(names[c] for c in u.columns) for u in t.uniques),
            "fks": sorted((tuple(names[c] for c in fk.columns), schema.table(fk.ref_table).name,
                           tuple(schema.table(fk.ref_table).column_names(fk.ref_columns)), fk.on_delete)
                          for fk in t.foreign_keys),
        }
    return out


def test_monkey_thousands_of_edits_undo_redo_and_ddl_round_trip(qtbot):
    start = import_ddl([SHOP], "postgres").schema
    doc = Document(Project(schema=start))
    initial = canonical(doc.schema)
    changes = []
    doc.changed.connect(changes.append)
    monkey = Monkey(doc, seed=20261122)
    for _ in range(3000):
        monkey.step()
    assert len(changes) > 2000
    final = canonical(doc.schema)
    stack = doc.undo_stack
    assert stack.count() > 500
    stack.setIndex(0)
    assert canonical(doc.schema) == initial
    stack.setIndex(stack.count())
    assert canonical(doc.schema) == final

    # ids are unique, keys point at what exists
    ids = list(doc.schema.all_ids())
    assert len(ids) == len(set(ids))
    for table, fk in doc.schema.foreign_keys():
        ref = doc.schema.table(fk.ref_table)
        assert all(any(c.id == r for c in ref.columns) for r in fk.ref_columns)
        assert all(any(c.id == x for c in table.columns) for x in fk.columns)

    exported = export_ddl(doc.schema, "postgres")
    again = import_ddl([("monkey.sql", exported.sql)], "postgres")
    assert not again.errors, again.errors[:3]
    assert shape(again.schema) == shape(doc.schema)


def test_monkey_through_the_main_window_keeps_the_canvas_in_step(qtbot, window):
    window.files.open_file(str(SHOP))
    monkey = Monkey(window.document, seed=7)
    for _ in range(150):
        monkey.step()
    schema = window.document.schema
    assert {i.table_id for i in window.scene.table_items()} == {t.id for t in schema.tables}
    assert scene_fk_edges(window) == model_fk_edges(schema)
    for t in schema.tables:
        assert [r.column_id for r in window.scene.table_item(t.id).rows] == [c.id for c in t.columns]
    window.document.undo_stack.setIndex(0)
    assert {i.table_id for i in window.scene.table_items()} == {t.id for t in window.document.schema.tables}
    assert scene_fk_edges(window) == model_fk_edges(window.document.schema)
