"""A lint fix as an undoable model edit (Qt-free; the GUI pushes it as it pushes any edit)."""

from __future__ import annotations

import copy

from tablewright.designer.edits import TableChange
from tablewright.designer.model import Schema
from tablewright.linting.findings import Fix


def fix_edit(schema: Schema, fix: Fix) -> TableChange:
    """The fix's edit, titled as the fix, as an edit of its own (what undoes
    one application stays with it; the finding's fix stays as it was).
    Raises :class:`~tablewright.designer.edits.EditError` (or KeyError) now,
    with the reason, when it does not fit ``schema`` (a rename to a name
    taken), rather than when the undo stack applies it."""
    if fix.edit is None:
        raise ValueError(f"fix {fix.title!r} has no model edit")
    edit = copy.copy(fix.edit)
    edit.description = fix.title
    edit.build(schema)
    return edit
