"""Export migration… from the main window: SQL from the baseline, and Mark as
applied moves the baseline as one undoable step."""

from __future__ import annotations

from designer.model import canonical
from tests.app.test_gui_support import SHOP, answers, make_window, window  # noqa: F401


def test_export_migration_and_mark_as_applied(qtbot, window):
    window.import_files([str(SHOP)], "postgres", report="never")
    doc = window.document
    assert doc.project.baseline is None
    dialog = window.export_migration_dialog()
    qtbot.addWidget(dialog)
    assert "CREATE TABLE" in dialog.text.toPlainText()  # from an empty baseline: everything is new
    dialog.mark_applied()
    assert canonical(doc.project.baseline) == canonical(doc.schema)
    assert doc.undo_stack.undoText() == "Mark migration as applied"
    doc.undo_stack.undo()
    assert doc.project.baseline is None
    doc.undo_stack.redo()
    assert doc.project.baseline is not None
    dialog.close()
