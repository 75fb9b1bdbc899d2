"""Dialogs, theme, settings and exports of the main window (offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from tablewright.designer.ddl_import import import_ddl
from tests.app.test_gui_support import (SHOP, answers, make_window, screenshot,  # noqa: F401
                                        wait_lint, window)
from tests.conftest import corpus_path
from tests.corpus_cases import CASES

pytestmark = pytest.mark.gui


def test_import_report_lists_imported_and_skipped_with_locations(qtbot, window, tmp_path):
    ddl = tmp_path / "broken.sql"
    ddl.write_text(SHOP.read_text() + "\nCREATE TABLE oops (id int, PRIMARY KEY (id) FOO BAR);\nSET search_path = public;\n"
                   "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\n")
    assert window.files.import_files([str(ddl)], "postgres", report="always")
    dialog = window.import_report
    assert dialog is not None and dialog.isVisible()
    assert dialog.tables.topLevelItemCount() == 4
    wheres = [dialog.issues.topLevelItem(i).text(0) for i in range(dialog.issues.topLevelItemCount())]
    severities = [dialog.issues.topLevelItem(i).text(1) for i in range(dialog.issues.topLevelItemCount())]
    assert "error" in severities and any(w.startswith("broken.sql:") and w.count(":") == 2 for w in wheres)
    assert "4 tables" in dialog.summary.text()
    assert {t.name for t in window.document.schema.tables} == {"customer", "product", "order", "order_line"}


def test_import_report_screenshot_of_a_corpus_import(qtbot, window):
    files, dialect, _n = CASES["sakila-mysql"]
    path = str(corpus_path(*files[0].split("/")))
    window.files.import_files([path], dialect, report="always", wait=False)  # in the worker, as the menu does
    qtbot.waitUntil(lambda: window.import_report is not None, timeout=20000)
    dialog = window.import_report
    dialog.resize(900, 560)
    qtbot.waitExposed(dialog)
    screenshot(dialog, "import-report.png")
    assert dialog.issues.topLevelItemCount() == len(import_ddl([path], dialect).issues)


def test_dark_theme_and_settings_are_remembered(qtbot, make_window, tmp_path):
    first = make_window("shared.ini")
    first.set_theme("dark")
    assert first.theme.dark
    assert QApplication.palette().window().color().lightness() < 100
    first.files.open_file(str(corpus_path(*CASES["sakila-pg"][0][0].split("/"))))
    first.ddl_preview.set_dialect("mysql")
    first.show()
    qtbot.waitExposed(first)
    wait_lint(qtbot, first)
    first.select_object(next(t.id for t in first.document.schema.tables if t.name == "rental"), center=True)
    qtbot.wait(400)  # the minimap redraws a moment after the scene changes
    screenshot(first, "dark-theme.png")
    first.docks["outline"].hide()
    assert first.close()
    ini = QSettings(str(tmp_path / "shared.ini"), QSettings.IniFormat)
    assert ini.value("ui/theme") == "dark" and ini.value("ddl/dialect") == "mysql"
    assert any("postgres-sakila-schema.sql" in p for p in (ini.value("files/recent") or []))

    second = make_window("shared.ini")
    assert second.theme.dark and second.theme_actions["dark"].isChecked()
    assert second.ddl_preview.dialect.currentText() == "mysql"
    assert not second.docks["outline"].isVisibleTo(second)
    assert [a.toolTip() for a in second.recent_menu.actions()][0].endswith("postgres-sakila-schema.sql")
    second.set_theme("light")
    assert not second.theme.dark


def test_database_password_is_never_saved(qtbot, window, tmp_path, monkeypatch):
    from tablewright.app.dialogs.files import DatabaseDialog

    dialog = DatabaseDialog("postgresql://me@db.example:5432/shop")
    dialog.password.setText("s3cret!")
    url = dialog.url_with_password()
    assert "s3cret" in url  # in memory, for the connection
    started = []
    monkeypatch.setattr(window.jobs, "start", lambda kind, fn, *a, **kw: started.append((kind, a)))
    monkeypatch.setattr("tablewright.app.controllers.files.DatabaseDialog", lambda *_a, **_k: dialog)
    monkeypatch.setattr(dialog, "exec", lambda: 1)
    window.files.import_database_dialog()
    assert started and started[0][0] == "import" and "s3cret" in started[0][1][0]
    window.settings.sync()
    text = (tmp_path / "settings.ini").read_text()
    assert "s3cret" not in text and "db.example" in text
    window.files.save_to(str(tmp_path / "p.twproj"))
    assert "s3cret" not in (tmp_path / "p.twproj").read_text()


def test_ddl_preview_follows_the_model(qtbot, window):
    window.files.open_file(str(SHOP))
    window.docks["ddl"].show()
    window.docks["ddl"].raise_()
    window.show()
    qtbot.waitExposed(window)
    product = next(t for t in window.document.schema.tables if t.name == "product")
    window.select_object(product.id)
    qtbot.waitUntil(lambda: "CREATE TABLE product" in window.ddl_preview.text.toPlainText(), timeout=5000)
    assert "CREATE TABLE customer" not in window.ddl_preview.text.toPlainText()
    window.add_column(product.id, "barcode")
    qtbot.waitUntil(lambda: "barcode" in window.ddl_preview.text.toPlainText(), timeout=5000)
    window.ddl_preview.set_dialect("mysql")
    qtbot.waitUntil(lambda: "`order`" in window.ddl_preview.text.toPlainText()
                    or "barcode TEXT" in window.ddl_preview.text.toPlainText(), timeout=5000)
    window.ddl_preview.whole.setChecked(True)
    qtbot.waitUntil(lambda: "CREATE TABLE customer" in window.ddl_preview.text.toPlainText(), timeout=5000)


def test_exports_ddl_diagram_and_review_report(qtbot, window, tmp_path):
    window.files.open_file(str(SHOP))
    wait_lint(qtbot, window)
    dialog = window.exports.export_ddl_dialog()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=5000)
    assert "CREATE TABLE" in dialog.text.toPlainText()
    dialog.combo.setCurrentText("sqlite")
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and "AUTOINCREMENT" in dialog.text.toPlainText()
                    or "CREATE TABLE customer" in dialog.text.toPlainText() and "ENGINE" not in dialog.text.toPlainText(),
                    timeout=5000)
    dialog.save(str(tmp_path / "shop-sqlite.sql"))
    assert "CREATE TABLE" in (tmp_path / "shop-sqlite.sql").read_text()
    for suffix in (".svg", ".png", ".pdf"):
        assert window.exports.export_diagram(str(tmp_path / f"d{suffix}"))
        assert (tmp_path / f"d{suffix}").stat().st_size > 0
    assert "customer" in (tmp_path / "d.svg").read_text()
    assert window.exports.export_report(str(tmp_path / "review.md"))
    md = (tmp_path / "review.md").read_text()
    assert md.startswith("# Schema review") and "findings" in md
    assert window.exports.export_report(str(tmp_path / "review.html"))
    assert "<html" in (tmp_path / "review.html").read_text().lower()


def test_uncaught_exceptions_become_a_dialog_and_a_log_line(qtbot, monkeypatch, tmp_path):
    from tablewright.app import gui

    shown = []

    class Box:
        Critical, Ok = 3, 1024

        def __init__(self, _icon, title, text, *_a):
            shown.append((title, text))

        def exec(self):
            return 0

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TABLEWRIGHT_NO_ERROR_DIALOG", raising=False)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox", Box)
    try:
        raise ValueError("bad thing happened")
    except ValueError as exc:
        gui.excepthook(type(exc), exc, exc.__traceback__)
    assert shown and shown[0][1].startswith("bad thing happened")
    assert "Traceback" not in shown[0][1]


def test_tablewright_open_starts_the_gui_with_the_file(monkeypatch, tmp_path, capsys):
    """``open`` with files, ``open`` alone (the empty window), no arguments, and
    files with no subcommand (the launcher's ``Exec=tablewright %F``, a
    double-clicked project) all start the app; a missing file or an unknown
    command is a usage error, not a window."""
    from tablewright.app import cli

    called = []
    monkeypatch.setattr("tablewright.app.gui.run_gui", lambda files: called.append(files) or 0)
    other = tmp_path / "other.twproj"
    other.write_text("{}")
    assert cli.main(["open", str(SHOP)]) == 0
    assert cli.main([]) == 0
    assert cli.main(["open"]) == 0
    assert cli.main([str(SHOP), str(other)]) == 0
    assert called == [[str(SHOP)], [], [], [str(SHOP), str(other)]]
    assert cli.main(["open", str(tmp_path / "missing.twproj")]) == 2
    assert "missing.twproj: no such file" in capsys.readouterr().err
    assert cli.main(["lnt", str(SHOP)]) == 2  # a typo of a command stays a usage error
    assert cli.main([str(tmp_path / "missing.twproj")]) == 2
    assert len(called) == 4




def test_big_import_shows_progress_and_cancel_really_stops_it(qtbot, window, monkeypatch):
    """A big DDL file is read in a worker with a progress bar that moves and
    names the file; Cancel stops the reading where it is (the import function
    raises Cancelled at its next report) and the project is left as it was."""
    import time

    from tablewright.designer import ddl_import
    from tablewright.designer.progress import Cancelled

    files, dialect, _ = CASES["phabricator"]  # 457 KiB: above the size imported at once
    path = str(corpus_path(*files[0].split("/")))
    before = [t.name for t in window.document.schema.tables]
    seen, outcome = [], {}
    original = ddl_import.import_ddl

    def watched(*args, progress=None, **kwargs):
        def report(fraction, what):
            seen.append(fraction)
            time.sleep(0.02)  # a slower disk: the GUI gets to see the bar move before the end
            progress(fraction, what)

        try:
            return original(*args, progress=report, **kwargs)
        except Cancelled:
            outcome["cancelled_at"] = seen[-1]
            raise

    monkeypatch.setattr(ddl_import, "import_ddl", watched)
    window.files.import_files([path], dialect, report="never", recent=False)
    dialog = window.import_progress
    qtbot.waitUntil(lambda: dialog.value() > 5, timeout=20000)  # the bar moves
    assert "quickstart.resolved.sql" in dialog.labelText()
    dialog.show()
    qtbot.waitExposed(dialog)
    screenshot(dialog, "import-progress.png")
    from PySide6.QtWidgets import QPushButton

    next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel").click()
    qtbot.waitUntil(lambda: "cancelled_at" in outcome, timeout=20000)
    assert outcome["cancelled_at"] < 1.0  # stopped before the end
    window.jobs.wait()
    qtbot.wait(50)
    assert [t.name for t in window.document.schema.tables] == before
