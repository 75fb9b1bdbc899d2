"""Help ▸ Keyboard Shortcuts, Rule Documentation and About."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLineEdit, QTableWidget,
                               QTableWidgetItem, QTextBrowser, QVBoxLayout)

#: gestures that are no menu action, listed with the menu shortcuts
GESTURES = [
    ("Pan the diagram", "Middle mouse drag, or Space + drag"),
    ("Zoom around the cursor", "Mouse wheel, pinch"),
    ("Draw a foreign key", "Ctrl + drag from a column to another table's column"),
    ("Select several tables", "Drag on empty canvas, Ctrl + click"),
    ("Edit a table or column", "Double-click it"),
    ("Apply the selected problem's fix", "Ctrl+. in the Problems panel"),
]


def shortcut_rows(actions) -> list[tuple[str, str]]:
    """(what, keys) for every action with a shortcut, by menu text, then the gestures."""
    rows = []
    seen = set()
    for action in actions:
        keys = ", ".join(k.toString(QKeySequence.NativeText) for k in action.shortcuts() if not k.isEmpty())
        text = action.text().replace("&", "").rstrip("…").strip()
        if action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo):
            text = "Undo"  # the undo/redo actions name the step they would take
        elif action.shortcut() == QKeySequence(QKeySequence.StandardKey.Redo):
            text = "Redo"
        if keys and text and (text, keys) not in seen:
            seen.add((text, keys))
            rows.append((text, keys))
    return sorted(rows) + GESTURES


class ShortcutsDialog(QDialog):
    def __init__(self, actions, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        rows = shortcut_rows(actions)
        self.filter = QLineEdit(placeholderText="Filter…")
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        for r, (what, keys) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(what))
            self.table.setItem(r, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.resizeColumnToContents(1)
        self.filter.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 560)

    def _filter(self, text: str) -> None:
        needle = text.lower()
        for r in range(self.table.rowCount()):
            row = " ".join(self.table.item(r, c).text().lower() for c in range(2))
            self.table.setRowHidden(r, needle not in row)


class RulesDialog(QDialog):
    """Every lint rule's documentation (what, why, how to fix), searchable."""

    def __init__(self, parent=None, rule_code: str | None = None):
        super().__init__(parent)
        from tablewright.linting.docs import rules_markdown
        from tablewright.linting.rule import all_rules

        self.setWindowTitle("Rule Documentation")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(rules_markdown(all_rules()))
        self.find = QLineEdit(placeholderText="Find (a rule code like TW101, or a word)…")
        self.find.returnPressed.connect(lambda: self.show_text(self.find.text()))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.find)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 680)
        if rule_code:
            self.show_text(rule_code)

    def show_text(self, text: str) -> bool:
        if not text.strip():
            return False
        found = self.browser.find(text.strip())
        if not found:  # from the top again
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text.strip())
        return found


def about_text() -> str:
    from tablewright.designer.version import VERSION as v
    import PySide6

    return (f"<h3>Tablewright {v}</h3><p>A desktop schema designer with live linting: design relational "
            f"schemas visually, import DDL or a live database for review, export DDL and migrations.</p>"
            f"<p>Qt for Python (PySide6) {PySide6.__version__}; SQLAlchemy, sqlglot, networkx, Graphviz, "
            f"Alembic.</p>")
