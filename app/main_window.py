"""The main window.  For now it shows the tables of an opened schema; the ER
canvas, docks and editing arrive with the desktop-application issue."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox, QTreeWidget, QTreeWidgetItem

from designer.sources import load_sources


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setWindowTitle("Tablewright")
        self.resize(1100, 750)
        self.outline = QTreeWidget()
        self.outline.setHeaderLabels(["Object", "Type"])
        self.setCentralWidget(self.outline)
        self.schema = None

    def open_file(self, path: str) -> None:
        try:
            result = load_sources([path])
        except Exception as exc:  # shown to the user, never a traceback
            QMessageBox.critical(self, "Cannot open file", str(exc))
            return
        self.schema = result.schema
        self.setWindowTitle(f"{path} — Tablewright")
        self.outline.clear()
        for table in self.schema.tables:
            item = QTreeWidgetItem([table.qualified_name, "table"])
            for column in table.columns:
                QTreeWidgetItem(item, [column.name, str(column.type)])
            self.outline.addTopLevelItem(item)
