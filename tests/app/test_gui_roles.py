"""The Properties panel shows a table's roles with the evidence, and setting a
role there is one undoable change of the project's lint settings that live
linting follows (offscreen)."""

from __future__ import annotations

from tests.app.test_gui_support import answers, make_window, screenshot, wait_lint, window  # noqa: F401

DDL = """
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE user_marks (id serial PRIMARY KEY, user_id bigint REFERENCES users, created_at timestamptz);
CREATE TABLE event_log (id serial PRIMARY KEY, user_id bigint REFERENCES users, created_at timestamptz);
"""


def _tw214(window) -> set[str]:
    return {f.table for f in window.findings if f.rule == "TW214"}


def _open(qtbot, window, tmp_path):
    """DDL opened and linted: the tables by name."""
    path = tmp_path / "marks.sql"
    path.write_text(DDL)
    assert window.files.open_file(str(path))
    wait_lint(qtbot, window)
    return {t.name: t for t in window.document.schema.tables}


def test_properties_show_roles_and_set_one_undoably(qtbot, window, tmp_path):
    tables = _open(qtbot, window, tmp_path)
    assert _tw214(window) == {"event_log"}
    marks, log = tables["user_marks"], tables["event_log"]
    panel = window.properties
    window.select_object(log.id)
    assert panel.table_id == log.id
    assert "<b>log</b>" in panel.roles_label.text() and "<b>audit</b>" in panel.roles_label.text()
    assert "log: the name ends in &#x27;log&#x27;" in panel.roles_evidence.text()
    window.show()
    qtbot.waitExposed(window)
    window.docks["properties"].raise_()
    screenshot(window.docks["properties"], "properties-roles-evidence.png")

    # the menu: one checkable entry per role, checked as the table has it
    window.select_object(marks.id)
    panel._fill_roles_menu()
    checked = {a.text().split(" — ")[0]: a.isChecked() for a in panel.roles_menu.actions() if a.isCheckable()}
    assert checked["log"] is False and set(checked) >= {"log", "financial", "link", "tenant"}
    next(a for a in panel.roles_menu.actions() if a.text().startswith("log —")).trigger()
    wait_lint(qtbot, window)
    assert window.document.project.settings["lint"]["roles"] == {"user_marks": ["log"]}
    assert _tw214(window) == {"event_log", "user_marks"}  # the rule follows the role
    assert "<b>log</b> <small>(setting)</small>" in panel.roles_label.text()
    assert "log: given by the setting (roles)" in panel.roles_evidence.text()
    screenshot(window.docks["properties"], "properties-roles.png")

    stack = window.document.undo_stack
    assert stack.undoText() == "Table user_marks: role log"
    stack.undo()
    wait_lint(qtbot, window)
    assert "lint" not in window.document.project.settings or "roles" not in window.document.project.settings["lint"]
    assert _tw214(window) == {"event_log"}
    assert "<b>log</b>" not in panel.roles_label.text()

    # taking an inferred role away, then back to the inference
    window.select_object(log.id)
    window.lint_settings.set_table_role(log, "log", False)
    wait_lint(qtbot, window)
    assert window.document.project.settings["lint"]["roles"] == {"event_log": ["-log"]}
    assert _tw214(window) == set()
    assert "<s>log</s> <small>(setting)</small>" in panel.roles_label.text()
    window.lint_settings.set_table_role(log, "log", None)
    wait_lint(qtbot, window)
    assert "roles" not in (window.document.project.settings.get("lint") or {})
    assert _tw214(window) == {"event_log"}


def test_comment_tag_edited_in_properties_changes_the_roles(qtbot, window, tmp_path):
    marks = _open(qtbot, window, tmp_path)["user_marks"]
    window.select_object(marks.id)
    panel = window.properties
    panel.table_comment.setText("What each user saw. @tablewright:role=log")
    panel.table_comment.editingFinished.emit()
    wait_lint(qtbot, window)
    assert "<b>log</b> <small>(comment)</small>" in panel.roles_label.text()
    assert _tw214(window) == {"event_log", "user_marks"}


def test_lint_settings_dialog_lists_and_removes_a_table_role(qtbot, window, tmp_path):
    log = _open(qtbot, window, tmp_path)["event_log"]
    window.lint_settings.set_table_role(log, "log", False)
    window.lint_settings.show_lint_settings()
    dialog = window.lint_settings_dialog
    assert [dialog.list.topLevelItem(0).text(i) for i in range(2)] == ["table role: not log", "event_log"]
    dialog.list.topLevelItem(0).setSelected(True)
    dialog.remove.click()
    wait_lint(qtbot, window)
    assert "roles" not in (window.document.project.settings.get("lint") or {})
    assert {f.table for f in window.findings if f.rule == "TW214"} == {"event_log"}
    assert dialog.list.topLevelItemCount() == 0
