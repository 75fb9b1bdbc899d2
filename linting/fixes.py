"""Apply a fix's :class:`~linting.findings.ModelEdit` to a schema.

``apply(schema, edit)`` changes the model in place and returns the edit that
undoes it, so a GUI can wrap both in one undo command.
"""

from __future__ import annotations

import copy

from designer.model import Schema
from linting.findings import ModelEdit, edit as make


def apply(schema: Schema, e: ModelEdit) -> ModelEdit:
    table = schema.table(e.table_id)
    op = e.op
    if op == "set_column_type":
        col = table.column(e.get("column_id"))
        old = col.type
        col.type = e.get("type")
        return make(op, table.id, column_id=col.id, type=old)
    if op == "set_nullable":
        col = table.column(e.get("column_id"))
        old = col.nullable
        col.nullable = bool(e.get("nullable"))
        return make(op, table.id, column_id=col.id, nullable=old)
    if op == "rename_column":
        col = table.column(e.get("column_id"))
        old = col.name
        col.name = e.get("name")
        return make(op, table.id, column_id=col.id, name=old)
    if op == "rename_table":
        old = table.name
        table.name = e.get("name")
        return make(op, table.id, name=old)
    for kind, attr in (("index", "indexes"), ("unique", "uniques"), ("check", "checks"),
                       ("foreign_key", "foreign_keys"), ("column", "columns")):
        if op == f"add_{kind}":
            obj = copy.deepcopy(e.get(kind))
            items = getattr(table, attr)
            pos = e.get("position")
            items.insert(len(items) if pos is None else pos, obj)
            return make(f"drop_{kind}", table.id, id=obj.id)
        if op == f"drop_{kind}":
            items = getattr(table, attr)
            for pos, obj in enumerate(items):
                if obj.id == e.get("id"):
                    del items[pos]
                    return make(f"add_{kind}", table.id, **{kind: obj, "position": pos})
            raise KeyError(e.get("id"))
    if op == "set_primary_key":
        old = table.primary_key
        table.primary_key = copy.deepcopy(e.get("primary_key"))
        return make(op, table.id, primary_key=old)
    raise ValueError(f"unknown model edit {op!r}")
