"""The real main window, offscreen: open/import, edit with undo/redo, foreign
keys drawn on the canvas, quick fixes with live linting, save/reopen, closing
with unsaved changes.  Screenshots of the main states go to artifacts/."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tablewright.designer.model import canonical
from tablewright.designer.project import load_project
from tests.app.test_gui_support import (SHOP, answers, make_window, model_fk_edges,  # noqa: F401
                                        scene_fk_edges, screenshot, wait_lint, window)
from tests.conftest import corpus_path
from tests.corpus_cases import CASES

pytestmark = pytest.mark.gui


def sakila_pg() -> str:
    files, _dialect, _count = CASES["sakila-pg"]
    return str(corpus_path(*files[0].split("/")))


def table_named(window, name):
    return next(t for t in window.document.schema.tables if t.name == name)


def test_open_corpus_schema_shows_tables_edges_and_findings(qtbot, window):
    assert window.files.open_file(sakila_pg())
    schema = window.document.schema
    assert len(schema.tables) == CASES["sakila-pg"][2]
    assert {i.table_id for i in window.scene.table_items()} == {t.id for t in schema.tables}
    assert scene_fk_edges(window) == model_fk_edges(schema) and scene_fk_edges(window)
    assert "postgres-sakila-schema.sql" in window.windowTitle()
    assert not window.isWindowModified()
    wait_lint(qtbot, window)
    assert window.findings, "sakila has findings"
    assert window.problems.model.rowCount() == len({f.id for f in window.findings})
    assert any(item.findings for item in window.scene.table_items())
    for severity in ("critical", "medium", "low"):  # the status bar counts them (every severity is shown)
        n = sum(f.severity == severity for f in window.findings)
        assert f"</span> {n} {severity}" in window.status_findings.text()
    # every table has a position in the document (what Save writes)
    assert set(window.document.positions) == {t.id for t in schema.tables}
    window.show()
    qtbot.waitExposed(window)
    window.select_object(table_named(window, "film").id, center=True)
    qtbot.wait(400)  # the minimap redraws a moment after the scene changes
    screenshot(window, "main-window.png")


def test_add_table_column_and_foreign_key_undo_redo(qtbot, window, monkeypatch):
    window.files.open_file(str(SHOP))
    doc, stack = window.document, window.document.undo_stack
    start = canonical(doc.schema)

    tid = window.add_table("invoice")
    assert table_named(window, "invoice").id == tid
    assert window.scene.table_item(tid) is not None
    assert window.isWindowModified() and "*" not in window.windowTitle().replace("[*]", "")

    cid = window.add_column(tid, "customer_ref")
    assert [c.name for c in doc.schema.table(tid).columns] == ["id", "customer_ref"]
    assert len(window.scene.table_item(tid).rows) == 2

    customer = table_named(window, "customer")
    monkeypatch.setattr(window, "ask_foreign_key", lambda _d: {"name": None, "on_delete": "CASCADE",
                                                               "on_update": None})
    window.scene.foreignKeyDragged.emit(tid, cid, customer.id, None)  # as the Ctrl-drag does
    fk = doc.schema.table(tid).foreign_keys[0]
    assert (fk.ref_table, fk.ref_columns, fk.on_delete) == (customer.id, customer.primary_key.columns, "CASCADE")
    assert (tid, customer.id) in scene_fk_edges(window)
    after = canonical(doc.schema)

    stack.undo()  # the key
    assert not doc.schema.table(tid).foreign_keys and (tid, customer.id) not in scene_fk_edges(window)
    stack.undo()  # the column
    assert [c.name for c in doc.schema.table(tid).columns] == ["id"]
    assert len(window.scene.table_item(tid).rows) == 1
    stack.undo()  # the table
    assert canonical(doc.schema) == start and window.scene.table_item(tid) is None
    assert not window.isWindowModified()
    for _ in range(3):
        stack.redo()
    assert canonical(doc.schema) == after
    assert window.scene.table_item(tid) is not None and (tid, customer.id) in scene_fk_edges(window)
    assert scene_fk_edges(window) == model_fk_edges(doc.schema)


def test_quick_fix_removes_the_finding_and_undo_brings_it_back(qtbot, window):
    window.files.open_file(sakila_pg())
    wait_lint(qtbot, window)
    fixable = [f for f in window.findings if f.fix is not None and f.fix.edit is not None]
    assert fixable
    target = fixable[0]
    assert window.apply_fix(target)
    wait_lint(qtbot, window)
    assert target.id not in {f.id for f in window.findings}
    assert window.problems.model.row_of(target.id) is None
    window.document.undo_stack.undo()
    wait_lint(qtbot, window)
    assert target.id in {f.id for f in window.findings}
    assert window.problems.model.row_of(target.id) is not None


def test_context_menu_offers_fixes_rename_delete(qtbot, window):
    window.files.open_file(sakila_pg())
    window.show()
    qtbot.waitExposed(window)
    wait_lint(qtbot, window)
    f = next(f for f in window.findings if f.fix is not None and f.fix.edit is not None and f.table_id)
    window.view.center_on_table(f.table_id)
    card = window.scene.table_item(f.table_id)
    pos = window.view.viewport().mapToGlobal(window.view.mapFromScene(card.sceneBoundingRect().center()))
    window.scene.objectContextMenu.emit(f.table_id, None, pos)
    menu = window.context_menu
    texts = [a.text() for a in menu.actions()]
    assert f"Fix: {f.fix.title} ({f.table}.{f.column})" in texts
    assert any(t.startswith("Rename table") for t in texts) and any(t.startswith("Delete table") for t in texts)
    qtbot.waitUntil(menu.isVisible)
    # the window with the menu drawn where it opened
    from PySide6.QtGui import QPainter

    shot = window.grab()
    painter = QPainter(shot)
    painter.drawPixmap(window.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    from tests.app.test_gui_support import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    shot.save(str(ARTIFACTS / "quick-fix-menu.png"))
    # choosing the fix applies it as one undoable command
    before = window.document.undo_stack.count()
    next(a for a in menu.actions() if a.text() == f"Fix: {f.fix.title} ({f.table}.{f.column})").trigger()
    menu.close()
    assert window.document.undo_stack.count() == before + 1
    wait_lint(qtbot, window)
    assert f.id not in {g.id for g in window.findings}


def test_problems_panel_filters_and_keeps_selection(qtbot, window):
    window.files.open_file(sakila_pg())
    wait_lint(qtbot, window)
    panel = window.problems
    total = panel.proxy.rowCount()
    panel.severity_buttons["low"].setChecked(False)
    assert all(f.severity != "low" for f in panel.visible_findings())
    panel.category.setCurrentIndex(panel.category.findData("naming"))
    assert all(f.category == "naming" for f in panel.visible_findings())
    panel.category.setCurrentIndex(0)
    panel.severity_buttons["low"].setChecked(True)
    assert panel.proxy.rowCount() == total
    word = window.findings[0].rule
    panel.search.setText(word)
    assert panel.visible_findings() and all(word in f.rule for f in panel.visible_findings())
    panel.search.clear()
    # select a finding, then an unrelated edit re-lints: the selection stays
    keep = window.findings[-1]
    assert panel.select_finding(keep.id)
    other = next(t for t in window.document.schema.tables if t.id != keep.table_id)
    window.add_column(other.id, "note_text")
    wait_lint(qtbot, window)
    assert [f.id for f in panel.selected_findings()] == [keep.id]
    # double-click: the object is selected on the canvas and centred
    window.show_finding(keep)
    if keep.table_id:
        assert window.scene.selected_table_ids() == [keep.table_id]
    panel.severity_buttons["low"].setChecked(False)
    panel.search.setText("payment")
    assert all("payment" in f"{f.table} {f.message}" for f in panel.visible_findings())
    dock = window.docks["problems"]
    dock.setFloating(True)
    dock.resize(1100, 330)
    dock.show()
    qtbot.waitExposed(dock)
    screenshot(dock, "problems-filtered.png")


def test_problem_details_explain_the_rule_and_apply_the_fix(qtbot, window):
    """Selecting a problem shows why it matters (the rule's documentation), the
    fix and its SQL; Apply fix (button or Ctrl+.) is one undoable edit."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from tablewright.linting import get_rule

    window.files.open_file(sakila_pg())
    wait_lint(qtbot, window)
    panel, details = window.problems, window.problems.details
    assert details.finding is None and not details.apply_button.isEnabled()
    f = next(f for f in window.findings if f.fix is not None and f.fix.edit is not None and f.fix.sql)
    assert panel.select_finding(f.id)
    panel.view.setCurrentIndex(panel.view.selectionModel().selectedRows()[0])
    assert details.finding is f
    # the SQL is rendered off the GUI thread and shown when ready
    qtbot.waitUntil(lambda: details.sql is not None, timeout=10000)
    assert details.sql == f.fix.sql
    text = details.text.toPlainText()
    docs = get_rule(f.rule).docs()
    assert f.rule in text and f.message.split()[0] in text
    assert docs["Why is this bad?"].split()[0] in text and "Use instead" in text
    assert f.fix.sql.splitlines()[0].strip() in text
    assert details.apply_button.isEnabled() and details.copy_button.isEnabled()
    details.copy_button.click()
    assert QGuiApplication.clipboard().text() == f.fix.sql
    window.show()
    qtbot.waitExposed(window)
    dock = window.docks["problems"]
    dock.setFloating(True)
    dock.resize(1200, 420)
    dock.show()
    qtbot.waitExposed(dock)
    panel.split.setSizes([640, 560])
    screenshot(dock, "problem-details.png")
    dock.setFloating(False)
    before = window.document.undo_stack.count()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key_Period, Qt.ControlModifier)
    assert window.document.undo_stack.count() == before + 1
    wait_lint(qtbot, window)
    assert f.id not in {g.id for g in window.findings}
    # the finding is gone: the details follow the new current row, never the stale one
    assert details.finding is None or details.finding.id != f.id
    window.document.undo_stack.undo()
    wait_lint(qtbot, window)
    assert f.id in {g.id for g in window.findings}
    # selecting another problem while the SQL renders: only the newest one's SQL is shown
    a, b = [g for g in window.findings if g.fix is not None and g.fix.edit is not None][:2]
    details.show_finding(a)
    details.show_finding(b)
    qtbot.waitUntil(lambda: details.sql is not None, timeout=10000)
    assert details.finding is b and details.sql == b.fix.sql
    # a finding without a model edit cannot be applied
    plain = next((g for g in window.findings if g.fix is None), None)
    if plain is not None:
        details.show_finding(plain)
        assert not details.apply_button.isEnabled()


def test_save_and_reopen_gives_the_same_model_and_positions(qtbot, window, make_window, tmp_path):
    window.files.open_file(sakila_pg())
    moved = window.document.schema.tables[0].id
    old = window.scene.positions()[moved]
    window.scene.tablesMoved.emit({moved: ((old[0], old[1]), (old[0] + 123.0, old[1] + 45.0))})
    assert window.document.positions[moved] == (old[0] + 123.0, old[1] + 45.0, True)
    assert window.scene.positions()[moved][:2] == (old[0] + 123.0, old[1] + 45.0)
    path = tmp_path / "sakila.twproj"
    assert window.files.save_to(str(path))
    assert not window.isWindowModified() and "sakila.twproj" in window.windowTitle()
    saved = load_project(path)
    assert canonical(saved.schema) == canonical(window.document.schema)

    again = make_window("other.ini")
    assert again.files.open_file(str(path))
    assert canonical(again.document.schema) == canonical(window.document.schema)
    assert again.scene.positions() == window.scene.positions()
    assert again.document.positions[moved] == (old[0] + 123.0, old[1] + 45.0, True)
    # undoing the move back to the saved state and redoing marks it unsaved again
    window.document.undo_stack.undo()
    assert window.scene.positions()[moved][:2] == old[:2] and window.isWindowModified()


def test_closing_with_unsaved_changes_asks(qtbot, window, answers):
    window.files.open_file(str(SHOP))
    window.add_table("draft")
    answers.close_answer = QMessageBox.Cancel
    assert not window.close()
    assert answers.warnings and "Save the changes" in answers.warnings[-1]
    answers.close_answer = QMessageBox.Discard
    assert window.close()
    assert len(answers.warnings) == 2


def test_closing_without_changes_does_not_ask(qtbot, window, answers):
    window.files.open_file(str(SHOP))
    assert window.close()
    assert answers.warnings == []


def test_delete_selection_is_one_macro_and_paste_copies(qtbot, window):
    window.files.open_file(str(SHOP))
    doc = window.document
    customer, order = table_named(window, "customer"), table_named(window, "order")
    for tid in (customer.id, order.id):
        window.scene.table_item(tid).setSelected(True)
    before = canonical(doc.schema)
    count = doc.undo_stack.count()
    window.act_copy.trigger()
    window.act_delete.trigger()
    assert doc.undo_stack.count() == count + 1
    assert {t.name for t in doc.schema.tables} == {"product", "order_line"}
    assert model_fk_edges(doc.schema) == scene_fk_edges(window)
    doc.undo_stack.undo()
    assert canonical(doc.schema) == before
    assert scene_fk_edges(window) == model_fk_edges(doc.schema)
    new = window.paste_tables()
    assert {doc.schema.table(t).name for t in new} == {"customer_copy", "order_copy"}
    assert doc.undo_stack.count() == count + 1  # the paste replaced the undone delete
    doc.undo_stack.undo()
    assert canonical(doc.schema) == before


def test_arrange_is_undoable(qtbot, window):
    window.files.open_file(str(SHOP))
    before = window.scene.positions()
    tid = window.document.schema.tables[0].id
    window.scene.set_positions({tid: (5000.0, 5000.0, False)})
    window.document.set_positions({tid: (5000.0, 5000.0, False)}, notify=False)
    with qtbot.waitSignal(window.document.undo_stack.indexChanged, timeout=10000):
        window.diagrams.arrange_all()
    assert window.scene.positions()[tid][:2] != (5000.0, 5000.0)
    assert window.document.undo_stack.undoText().startswith("Arrange")
    window.document.undo_stack.undo()
    assert window.scene.positions()[tid][:2] == (5000.0, 5000.0)
    assert set(before) == set(window.scene.positions())


def test_properties_panel_edits_are_commands(qtbot, window):
    window.files.open_file(str(SHOP))
    doc = window.document
    product = table_named(window, "product")
    price = product.column_named("price")
    window.select_object(product.id, price.id)
    props = window.properties
    assert props.stack.currentIndex() == 2 and props.column_name.text() == "price"
    props.column_name.setText("unit_price")
    props.column_name.editingFinished.emit()
    assert doc.schema.table(product.id).column(price.id).name == "unit_price"
    props.column_type.name.setCurrentText("numeric")
    props.column_type.precision.setValue(12)
    props.column_type.scale.setValue(2)
    props.column_type._name_changed()
    col = doc.schema.table(product.id).column(price.id)
    assert (col.type.kind, col.type.precision, col.type.scale) == ("numeric", 12, 2)
    props.column_nullable.setChecked(True)
    assert doc.schema.table(product.id).column(price.id).nullable
    props.column_unique.setChecked(True)
    assert any(u.columns == [price.id] for u in doc.schema.table(product.id).uniques)
    assert doc.undo_stack.count() == 4
    for _ in range(4):
        doc.undo_stack.undo()
    assert canonical(doc.schema.table(product.id)) == canonical(product)
    # a refused edit (duplicate name) is shown, not applied
    props.set_selection(product.id, price.id)
    props.column_name.setText("sku")
    props.column_name.editingFinished.emit()
    assert props.error.isVisibleTo(props) and "already exists" in props.error.text()
    assert doc.undo_stack.count() == 0 or doc.undo_stack.index() == 0


def test_open_bad_file_is_a_dialog_not_a_traceback(qtbot, window, answers, tmp_path):
    bad = tmp_path / "broken.twproj"
    bad.write_text("{not json")
    assert not window.files.open_file(str(bad))
    assert answers.errors and "not a valid project file" in answers.errors[-1]
    assert "Traceback" not in answers.errors[-1]


def test_find_jumps_to_a_table(qtbot, window):
    window.files.open_file(sakila_pg())
    tid = window.find_table("film_act")
    assert window.document.schema.table(tid).name == "film_actor"
    assert window.scene.selected_table_ids() == [tid]


# A rule that fires on several columns of Sakila (TW203, timestamp without time
# zone, is one schema-level convention finding since the review counts
# conventions once).
COLUMN_RULE = "TW213"


def test_ignoring_a_finding_or_a_rule_is_an_undoable_project_setting(qtbot, window, tmp_path):
    """From the Problems panel: Ignore <rule> on <object> and Ignore rule <code>
    in this project go into the project's lint settings as undoable steps, live
    linting follows, and they are saved with the project."""
    window.files.open_file(sakila_pg())
    wait_lint(qtbot, window)
    f = next(f for f in window.findings if f.column and f.rule == COLUMN_RULE)
    others = [g for g in window.findings if g.rule == f.rule and g.id != f.id]
    assert others
    window.lint_settings.ignore_finding_here(f)
    wait_lint(qtbot, window)
    ids = {g.id for g in window.findings}
    assert f.id not in ids and all(g.id in ids for g in others)  # only that one column
    window.lint_settings.ignore_rule(COLUMN_RULE)
    wait_lint(qtbot, window)
    assert not any(g.rule == COLUMN_RULE for g in window.findings)
    stack = window.document.undo_stack
    assert stack.undoText() == f"Ignore rule {COLUMN_RULE} in this project"
    stack.undo()
    wait_lint(qtbot, window)
    assert f.id not in {g.id for g in window.findings} and others[0].id in {g.id for g in window.findings}
    # saved with the project and in force when it is opened again
    path = tmp_path / "sakila.twproj"
    assert window.files.save_to(str(path))
    stack.undo()
    wait_lint(qtbot, window)
    assert f.id in {g.id for g in window.findings}
    window.files.open_file(str(path))
    wait_lint(qtbot, window)
    assert f.id not in {g.id for g in window.findings}
    # the menu offers both
    window.menus._problem_context_menu(others[0], window.mapToGlobal(window.rect().center()))
    texts = [a.text() for a in window.context_menu.actions()]
    window.context_menu.close()
    assert any(t.startswith(f"Ignore {f.rule} on ") for t in texts)
    assert any(t.startswith(f"Ignore rule {f.rule} ") for t in texts)


def test_lint_settings_dialog_lists_and_removes_what_is_ignored(qtbot, window):
    window.files.open_file(sakila_pg())
    wait_lint(qtbot, window)
    f = next(f for f in window.findings if f.column and f.rule == COLUMN_RULE)
    window.lint_settings.ignore_finding_here(f)
    window.lint_settings.ignore_rule("TW401")
    window.lint_settings.show_lint_settings()
    dialog = window.lint_settings_dialog
    rows = [dialog.list.topLevelItem(i).text(0) for i in range(dialog.list.topLevelItemCount())]
    assert rows == ["TW401 unindexed-foreign-key", f"{COLUMN_RULE} {f.name}"]
    assert dialog.list.topLevelItem(1).text(1) == f"{f.table}.{f.column}".lower()
    qtbot.waitExposed(dialog)
    screenshot(dialog, "lint-settings.png")
    dialog.list.topLevelItem(0).setSelected(True)
    dialog.remove.click()  # one undoable step; the dialog follows
    wait_lint(qtbot, window)
    assert dialog.list.topLevelItemCount() == 1
    assert any(g.rule == "TW401" for g in window.findings)
    window.document.undo_stack.undo()
    assert dialog.list.topLevelItemCount() == 2
    dialog.close()
    window.document.undo_stack.undo()  # the dialog is gone: nothing breaks


def test_live_lint_sees_views_rewritten_by_a_rename(qtbot, window, tmp_path):
    """A rename rewrites the views that read the column (designer.view_sql);
    the live linter's copy of the model gets the new view SQL too."""
    ddl = tmp_path / "v.sql"
    ddl.write_text("CREATE TABLE customer (id int PRIMARY KEY, name text);\n"
                   "CREATE VIEW customer_names AS SELECT c.name FROM customer c;\n")
    window.files.import_files([str(ddl)], "postgres", report="never")
    wait_lint(qtbot, window)
    table = window.document.schema.tables[0]
    from tablewright.designer import edits

    window.apply_edit(lambda: edits.rename_column(window.document.schema, table.id,
                                                  table.column_named("name").id, "full_name"))
    wait_lint(qtbot, window)
    view_sql = window.document.schema.raw[0].sql
    assert "c.full_name AS name" in view_sql
    assert [r.sql for r in window.lint._worker.mirror.raw] == [view_sql]
    window.document.undo_stack.undo()
    wait_lint(qtbot, window)
    assert [r.sql for r in window.lint._worker.mirror.raw] == [window.document.schema.raw[0].sql]
    assert "full_name" not in window.document.schema.raw[0].sql
