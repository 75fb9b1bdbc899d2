"""A lint fix as an undoable model edit (Qt-free; the GUI wraps it in a command)."""

from __future__ import annotations

from tablewright.designer.edits import ReplaceTable, change_table
from tablewright.designer.model import Schema
from tablewright.linting import fixes
from tablewright.linting.findings import Fix


def fix_edit(schema: Schema, fix: Fix) -> ReplaceTable:
    """The edit that applies ``fix`` (its ops change one table only)."""
    if fix.edit is None:
        raise ValueError(f"fix {fix.title!r} has no model edit")
    model_edit = fix.edit

    def change(table) -> None:
        fixes.apply(Schema(dialect=schema.dialect, tables=[table]), model_edit)

    return change_table(schema, model_edit.table_id, change, fix.title)
