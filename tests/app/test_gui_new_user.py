"""The rough edges a new user hit (issue 12's thirteen defects), each as the
user met it: the real main window offscreen, the real scripts, the corpus."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from tablewright.designer.project import dumps_project
from tests.app.test_gui_support import (REPO, SHOP, answers, make_window, screenshot,  # noqa: F401
                                        wait_lint, window)
from tests.conftest import TEST_HOME, corpus_path
from tests.corpus_cases import CASES

pytestmark = pytest.mark.gui


def table_named(window, name):
    return next(t for t in window.document.schema.tables if t.name == name)


def sakila_pg() -> str:
    return str(corpus_path(*CASES["sakila-pg"][0][0].split("/")))


# -- 1. scripts/run works where it is started; dialogs start where the user was ----------
def test_1_scripts_run_takes_relative_paths_from_where_it_runs(tmp_path):
    (tmp_path / "in.sql").write_text(SHOP.read_text())
    run = subprocess.run([str(REPO / "scripts" / "run"), "import", "in.sql", "-o", "out.twproj"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out.twproj").is_file()
    assert not (REPO / "out.twproj").exists()


def test_1_file_dialogs_start_where_the_last_file_was(make_window, tmp_path):
    first = make_window()
    assert first.files.start_dir() == str(Path.home())  # nothing used yet: home, not the checkout
    first.files.open_file(str(SHOP))
    elsewhere = tmp_path / "projects"
    elsewhere.mkdir()
    assert first.files.save_to(str(elsewhere / "shop.twproj"))
    assert first.files.start_dir() == str(elsewhere)
    assert first.files.start_dir("diagram.svg") == str(elsewhere / "diagram.svg")
    again = make_window()  # same settings file: remembered across sessions
    assert again.files.start_dir() == str(elsewhere)


# -- 2. the Qt check finds what the xcb plugin needs ---------------------------------------
def test_2_debian_package_names_from_sonames():
    from tablewright.app.qtcheck import debian_package, missing_libraries

    assert debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert debian_package("libxcb-keysyms.so.1") == "libxcb-keysyms1"
    assert debian_package("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package("libX11-xcb.so.1") == "libx11-xcb1"
    out = ("\tlibxcb-icccm.so.4 => not found\n\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x1)\n"
           "\tlibxcb-keysyms.so.1 => not found\n\tlibxcb-icccm.so.4 => not found\n")
    assert missing_libraries(out) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_2_scripts_run_names_the_missing_xcb_packages(tmp_path):
    """What ``ldd`` says of Qt's libqxcb.so decides: a library it cannot find
    stops scripts/run with the package to install (before Qt aborts)."""
    from tablewright.app.qtcheck import pyside_dir, xcb_files

    if not xcb_files(pyside_dir()):
        pytest.skip("this PySide6 has no xcb plugin")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "ldd").write_text("#!/bin/sh\necho '\tlibxcb-cursor.so.0 => not found'\n"
                              "echo '\tlibxcb-icccm.so.4 => not found'\n")
    (fake / "ldd").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(PATH=f"{fake}:{env['PATH']}", DISPLAY=":987")
    run = subprocess.run([str(REPO / "scripts" / "run")], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 2
    assert "apt-get install libxcb-cursor0 libxcb-icccm4" in run.stderr
    readme = (REPO / "README.md").read_text()
    for package in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"):
        assert package in readme


# -- 3. tests never write the user's settings ----------------------------------------------
def test_3_default_settings_live_in_the_test_session_folder():
    from tablewright.app.settings import AppSettings

    where = Path(AppSettings().q.fileName()).resolve()
    assert str(where).startswith(str(Path(TEST_HOME).resolve()))
    real = Path.home() / ".config"
    assert not str(where).startswith(str(real.resolve())) or str(real.resolve()).startswith(TEST_HOME)
    assert os.environ["XDG_DATA_HOME"].startswith(TEST_HOME)  # recovery files, logs too


# -- 4. several DDL files are read in dependency order --------------------------------------
def musicbrainz_files() -> list[str]:
    return [str(corpus_path(*f.split("/"))) for f in CASES["musicbrainz"][0]]


def test_4_import_several_files_in_dependency_order_with_one_recent_entry(qtbot, window, monkeypatch):
    files = sorted(musicbrainz_files())  # as a file dialog hands them over: alphabetically
    dialog = window.files.import_order_dialog(files)
    qtbot.addWidget(dialog)
    shown = [Path(p).name for p in dialog.paths()]
    for before, after in (("CreateTypes.sql", "CreateTables.sql"), ("CreateTables.sql", "CreatePrimaryKeys.sql"),
                          ("CreateTables.sql", "CreateIndexes.sql"),
                          ("CreatePrimaryKeys.sql", "CreateFKConstraints.sql")):
        assert shown.index(before) < shown.index(after), shown
    assert "CreateTables.sql" in dialog.files.item(shown.index("CreateFKConstraints.sql")).text()  # the reason
    dialog.show()
    screenshot(dialog, "import-order.png")
    # the user can change it, and go back
    dialog.files.setCurrentRow(0)
    dialog.move(1)
    assert [Path(p).name for p in dialog.paths()][1] == shown[0]
    dialog.use_dependency_order()
    assert [Path(p).name for p in dialog.paths()] == shown
    recent_before = window.settings.recent_files()
    assert window.files.import_files(dialog.paths(), "postgres", report="never", recent=True, order=False)
    qtbot.waitUntil(lambda: len(window.document.schema.tables) == 375, timeout=120_000)
    schema = window.document.schema
    assert sum(len(t.foreign_keys) for t in schema.tables) > 500
    assert sum(len(t.indexes) for t in schema.tables) > 300
    recent = window.settings.recent_files()
    assert len(recent) == len(recent_before) + 1  # one entry for the one import
    assert recent[0].count("\n") == len(files) - 1
    assert "+ 9 more" in window.recent_menu.actions()[0].text()


def test_4_cli_reads_files_in_dependency_order(tmp_path, capsys):
    from tablewright.app.cli import main
    from tablewright.designer.project import load_project

    files = [str(corpus_path(*f.split("/"))) for f in CASES["omop-pg"][0]]
    scrambled = list(reversed(files))  # indices, constraints, primary keys, then the tables
    out = tmp_path / "omop.twproj"
    assert main(["import", *scrambled, "--dialect", "postgres", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "read the files in dependency order: OMOPCDM_postgresql_5.4_ddl.resolved.sql" in err
    given = load_project(out).schema
    from tablewright.designer.ddl_import import import_ddl

    right = import_ddl(files, "postgres").schema
    assert sum(len(t.foreign_keys) for t in given.tables) == sum(len(t.foreign_keys) for t in right.tables) > 0
    assert sum(len(t.indexes) for t in given.tables) == sum(len(t.indexes) for t in right.tables) > 0


# -- 5. the Type editor keeps timestamptz; time types get no precision 10 ------------------
def test_5_type_editor_keeps_timestamptz_and_time_precision(qtbot, window):
    window.files.open_file(sakila_pg())
    doc = window.document
    rental = table_named(window, "rental")
    column = rental.column_named("rental_date")
    from tablewright.app.docks.type_picker import build_type
    from tablewright.designer.edits import set_column_attr

    window.apply_edit(lambda: set_column_attr(doc.schema, rental.id, column.id, "type",
                                              build_type("timestamptz", "postgres")))
    window.select_object(rental.id, column.id)
    picker = window.properties.column_type
    assert picker.name.currentText() == "timestamptz"
    count = doc.undo_stack.count()
    picker.name.lineEdit().editingFinished.emit()  # focus leaves the editor, nothing changed
    picker.precision.editingFinished.emit()
    assert doc.undo_stack.count() == count
    assert doc.schema.table(rental.id).column(column.id).type.kind == "timestamptz"
    # numeric(10,2) → timestamp: no precision, not numeric's 10
    amount = table_named(window, "payment").column_named("amount")
    window.select_object(table_named(window, "payment").id, amount.id)
    assert picker.precision.value() == 5 or picker.precision.value() > 0  # numeric's own precision
    picker.name.setCurrentText("timestamp")
    picker._name_changed()
    changed = doc.schema.table(table_named(window, "payment").id).column(amount.id).type
    assert (changed.kind, changed.precision) == ("timestamp", None)
    assert "(" not in str(changed)
    assert picker.precision.maximum() == 6 and picker.precision.text() == "p default"


# -- 6. Add Table never on top of a card; Add Column is not named "column" -----------------
def test_6_add_table_twice_places_cards_apart_and_new_column_name(qtbot, window):
    window.files.open_file(str(SHOP))
    first = window.add_table()
    second = window.add_table()
    cards = window.scene.table_items()
    a, b = window.scene.table_item(first), window.scene.table_item(second)
    for card in cards:
        for new in (a, b):
            if card is not new:
                assert not card.sceneBoundingRect().intersects(new.sceneBoundingRect()), card.table_id
    column = window.add_column(first)
    name = window.document.schema.table(first).column(column).name
    assert name == "new_column"
    column2 = window.add_column(first)
    assert window.document.schema.table(first).column(column2).name == "new_column2"
    window.show()
    qtbot.waitExposed(window)
    screenshot(window, "add-table-apart.png")


# -- 7. the quick-fix menu names the column and offers only its own fixes ------------------
def test_7_quick_fix_menu_names_columns_and_keeps_to_the_column(qtbot, window):
    window.files.open_file(sakila_pg())
    wait_lint(qtbot, window)
    payment = table_named(window, "payment")
    fixes_here = {}
    for column in payment.columns:
        menu = window.menus.build_object_menu(payment.id, column.id)
        fixes_here[column.name] = [a.text() for a in menu.actions() if a.text().startswith("Fix:")]
    for column_name, texts in fixes_here.items():
        for text in texts:  # every fix names what it changes: this column, or the whole table
            assert text.endswith(f"(public.payment.{column_name})") or text.endswith("(public.payment)") \
                or text.endswith(f"(payment.{column_name})") or text.endswith("(payment)"), text
    fk_columns = {payment.column(c).name for fk in payment.foreign_keys for c in fk.columns}
    for column_name, texts in fixes_here.items():
        if column_name not in fk_columns:
            assert not any("index on the foreign-key" in t for t in texts), (column_name, texts)
    # the texts are unique: no three identical "Fix: use timestamptz"
    whole = window.menus.build_object_menu(payment.id, None)
    texts = [a.text() for a in whole.actions() if a.text().startswith("Fix:")]
    assert len(texts) == len(set(texts))


# -- 8. the quit prompt names the imported file; the recovery buttons are the README's -----
def test_8_quit_prompt_names_the_import_and_recovery_buttons(qtbot, window, answers, monkeypatch):
    window.files.open_file(str(SHOP))
    window.add_table()
    answers.close_answer = QMessageBox.Cancel
    window.close()
    assert answers.warnings and "shop.sql" in answers.warnings[-1] and "Untitled" not in answers.warnings[-1]
    seen = {}

    def look(box):
        seen["buttons"] = [b.text().replace("&", "") for b in box.buttons()]
        box.reject()

    def exec_(box):
        look(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    from tablewright.app.controllers.files import ask_recovery

    assert ask_recovery(window, "Recover unsaved work", "text") == QMessageBox.Cancel  # Escape: ask next time
    assert sorted(seen["buttons"]) == ["Ask Next Time", "Discard", "Recover"]
    readme = " ".join((REPO / "README.md").read_text().split())
    assert "(Recover, Discard, or Ask Next Time)" in readme


# -- 9. after Rename column… Enter, the shortcuts work at once -----------------------------
def test_9_undo_and_quit_work_right_after_rename(qtbot, window, answers):
    window.files.open_file(str(SHOP))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    customer = table_named(window, "customer")
    column = customer.column_named("email")

    def type_and_enter():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible())
        edit = dialog.findChild(type(window.find_box))
        edit.selectAll()
        QTest.keyClicks(edit, "email_address")
        QTest.keyClick(edit, Qt.Key_Return)

    QTimer.singleShot(200, type_and_enter)
    menu = window.menus.build_object_menu(customer.id, column.id)
    next(a for a in menu.actions() if a.text().startswith("Rename column")).trigger()
    assert window.document.schema.table(customer.id).column(column.id).name == "email_address"
    qtbot.wait(100)  # the window is activated again once the dialog is gone
    focus = QApplication.focusWidget()
    assert focus is not None and focus.window() is window
    QTest.keyClick(focus, Qt.Key_Z, Qt.ControlModifier)
    assert window.document.schema.table(customer.id).column(column.id).name == "email"
    assert not window.document.dirty  # undone: nothing to ask about
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Q, Qt.ControlModifier)
    assert not window.isVisible()  # Ctrl+Q closed the window


# -- 10. one click on a problem shows it; the details follow undo -----------------------------
def test_10_single_click_shows_the_problem_and_details_follow_undo(qtbot, window):
    window.files.open_file(sakila_pg())
    window.show()
    qtbot.waitExposed(window)
    wait_lint(qtbot, window)
    panel = window.problems
    visible = panel.visible_findings()
    row = next(r for r, f in enumerate(visible) if f.fix is not None and f.fix.edit is not None and f.table_id)
    f = visible[row]
    panel.view.scrollTo(panel.proxy.index(row, 2))
    rect = panel.view.visualRect(panel.proxy.index(row, 2))
    QTest.mouseClick(panel.view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    assert window.scene.selected_table_ids() == [f.table_id]
    assert panel.details.finding is not None and panel.details.finding.id == f.id
    assert window.apply_fix(f)
    wait_lint(qtbot, window)
    assert f.id not in {g.id for g in window.findings}
    window.document.undo_stack.undo()
    wait_lint(qtbot, window)
    assert f.id in {g.id for g in window.findings}
    current = panel.current_finding()
    shown = panel.details.finding
    assert shown is current or (shown is not None and current is not None and shown.id == current.id)
    assert shown is None or shown.id in {g.id for g in window.findings}  # never a finding that is gone


# -- 12. a truncated project file: the whole message -----------------------------------------
def test_12_truncated_project_file_message_is_whole(qtbot, window, answers, tmp_path):
    from tablewright.designer.ddl_import import import_ddl
    from tablewright.designer.project import Project

    text = dumps_project(Project(schema=import_ddl([str(SHOP)]).schema))
    path = tmp_path / "cut.twproj"
    path.write_text(text[: len(text) // 2])
    assert not window.files.open_file(str(path))
    message = answers.errors[-1]
    assert "ends early" in message and message.endswith(").") and str(path) in message


# -- 13. consistent types, DDL indentation, empty hint, Help, Find box, Print ----------------
def test_13_type_spellings_agree_in_outline_properties_and_canvas(qtbot, window):
    window.files.open_file(sakila_pg())
    from tablewright.designer.types import type_label

    film = table_named(window, "film")
    card = window.scene.table_item(film.id)
    window.select_object(film.id)
    props = window.properties
    outline_item = next(window.outline.topLevelItem(i) for i in range(window.outline.topLevelItemCount())
                        if window.outline.topLevelItem(i).text(0) in (film.name, film.qualified_name))
    for i, column in enumerate(film.columns):
        label = type_label(column.type)
        assert label in card.rows[i].right
        assert outline_item.child(i).text(1).endswith(label)
        assert props.columns.item(i, 1).text() == label  # the Properties grid's Type column


def test_13_ddl_preview_indents_by_four_characters(qtbot, window):
    from PySide6.QtGui import QFontMetricsF

    window.files.open_file(str(SHOP))
    text = window.ddl_preview.text
    four = QFontMetricsF(text.font()).horizontalAdvance("    ")
    assert abs(text.tabStopDistance() - four) < 0.5


def test_13_empty_window_hint_help_menu_find_box_and_print(qtbot, window, tmp_path, monkeypatch):
    window.show()
    qtbot.waitExposed(window)
    assert window.view.is_empty()
    shot = screenshot(window, "empty-window.png")
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    centre = window.view.mapTo(window, window.view.rect().center())
    corner = window.view.mapTo(window, window.view.rect().topLeft())
    background = image.pixelColor(corner.x() + 10, corner.y() + 10)
    assert any(image.pixelColor(centre.x() + dx, centre.y() + dy) != background
               for dx in range(-200, 200, 3) for dy in range(-40, 40, 3)), "the hint is drawn"
    # a canvas narrower than the hint's longest line (the docks of the default layout): wrapped, not cut
    window.view.resize(420, 500)
    narrow = window.view.viewport().grab().toImage()
    bg = narrow.pixelColor(2, 2)
    inked = [x for x in range(narrow.width()) for y in range(0, narrow.height(), 2)
             if narrow.pixelColor(x, y) != bg]
    assert inked and min(inked) >= 8 and max(inked) <= narrow.width() - 8, (min(inked), max(inked))
    # Help menu: shortcuts, rule documentation, about
    help_texts = [a.text().replace("&", "") for a in window.help_menu.actions() if a.text()]
    assert help_texts == ["Keyboard Shortcuts", "Rule Documentation", "About Tablewright"]
    dialog = window.help.show_shortcuts()
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert rows["Undo"].startswith("Ctrl+Z") and rows["Add Table"] == "Ctrl+T" and "Print" in rows
    screenshot(dialog, "help-shortcuts.png")
    dialog.close()
    docs = window.help.show_rule_docs("TW101")
    assert docs.browser.textCursor().hasSelection()
    docs.close()
    about = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, title, text: about.append(text))
    window.act_about.trigger()
    assert about and "Tablewright" in about[0]
    # the Find box forgets the last document's search
    window.files.open_file(str(SHOP))
    window.find_box.setText("customer")
    window.files.open_file(sakila_pg(), ask=False)
    assert window.find_box.text() == ""
    # Print: the diagram on a page (to a PDF printer here)
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert window.exports.print_to(printer)
    assert out.read_bytes()[:5] == b"%PDF-" and out.stat().st_size > 5000
    assert window.act_print.shortcut().toString() == "Ctrl+P"
