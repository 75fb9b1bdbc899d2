"""The "Export migration…" dialog (pytest-qt, offscreen)."""

from __future__ import annotations

import copy

import pytest

from tablewright.designer import edits
from tablewright.designer.ddl_import import import_ddl

pytestmark = pytest.mark.gui


def test_dialog_shows_sql_findings_and_marks_applied(qtbot):
    from tablewright.app.dialogs.migration import MigrationDialog

    baseline = import_ddl([("x.sql", "CREATE TABLE clients (id int PRIMARY KEY, name text);")], "postgres").schema
    schema = copy.deepcopy(baseline)
    edits.rename_table(schema, schema.tables[0].id, "customers").apply(schema)
    settings: dict = {}
    dialog = MigrationDialog(schema, baseline, None, settings=settings)
    qtbot.addWidget(dialog)
    assert "ALTER TABLE clients RENAME TO customers;" in dialog.text.toPlainText()
    item = dialog.findings.item(0)
    assert "TM003" in item.text() and item.text().startswith("line ")
    dialog.view.setCurrentText("Down SQL")
    assert "ALTER TABLE customers RENAME TO clients;" in dialog.text.toPlainText()
    dialog.view.setCurrentText("Alembic revision")
    assert "op.rename_table('clients', 'customers')" in dialog.text.toPlainText()
    revision = dialog.revision
    with qtbot.waitSignal(dialog.baselineChanged) as signal:
        dialog.apply_button.click()
    assert signal.args[0].tables[0].name == "customers"
    assert settings["migrations"]["last_revision"] == revision
    assert not dialog.apply_button.isEnabled()
