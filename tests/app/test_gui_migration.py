"""Export migration… from the main window: SQL from the baseline, and Mark as
applied moves the baseline as one undoable step."""

from __future__ import annotations

from tablewright.designer.model import canonical
from tests.app.test_gui_support import SHOP, answers, make_window, window  # noqa: F401


def test_export_migration_and_mark_as_applied(qtbot, window):
    window.files.import_files([str(SHOP)], "postgres", report="never")
    doc = window.document
    # defect 11: what was imported exists already -- it is the baseline
    assert canonical(doc.project.baseline) == canonical(doc.schema)
    dialog = window.exports.export_migration_dialog()
    qtbot.addWidget(dialog)
    assert "CREATE TABLE" not in dialog.text.toPlainText()
    dialog.close()
    window.add_table("invoice")
    dialog = window.exports.export_migration_dialog()
    qtbot.addWidget(dialog)
    sql = dialog.text.toPlainText()
    assert sql.count("CREATE TABLE") == 1 and "invoice" in sql  # only the new table
    imported = doc.project.baseline
    dialog.mark_applied()
    assert canonical(doc.project.baseline) == canonical(doc.schema)
    assert doc.undo_stack.undoText() == "Mark migration as applied"
    doc.undo_stack.undo()
    assert doc.project.baseline is imported
    doc.undo_stack.redo()
    assert canonical(doc.project.baseline) == canonical(doc.schema)
    dialog.close()
