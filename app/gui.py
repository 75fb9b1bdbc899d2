"""Starts the desktop application."""

from __future__ import annotations

import sys


def run_gui(files: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from app.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Tablewright")
    app.setOrganizationName("Tablewright")
    window = MainWindow()
    for path in files:
        window.open_file(path)
    window.show()
    return app.exec()
