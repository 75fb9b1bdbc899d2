"""The (placeholder) main window opens a DDL file and shows its tables."""

from __future__ import annotations

from pathlib import Path

from tablewright.app.main_window import MainWindow

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "shop.sql"


def test_open_file_lists_tables(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.files.open_file(str(EXAMPLE))
    names = sorted(window.outline.topLevelItem(i).text(0) for i in range(window.outline.topLevelItemCount()))
    assert names == ["customer", "order", "order_line", "product"]
    assert "shop.sql" in window.windowTitle()


def test_open_missing_file_shows_an_error_not_a_crash(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr("tablewright.app.main_window.QMessageBox.critical", lambda *a: shown.append(a[2]))
    window = MainWindow()
    qtbot.addWidget(window)
    window.files.open_file("/no/such/file.sql")
    assert shown and "no such file" in shown[0]
    assert window.outline.topLevelItemCount() == 0
