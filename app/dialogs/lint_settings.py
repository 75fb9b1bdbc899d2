"""The project's lint settings: the rules it ignores and the findings it
suppresses on given tables or columns, each removable.  Every removal is one
undoable step (``removeRequested`` hands the new settings to the window)."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout)

from tablewright.linting.rule import get_rule


class LintSettingsDialog(QDialog):
    #: new ``settings.lint`` dict, a description of the change
    changeRequested = Signal(object, str)

    def __init__(self, source, parent=None):
        """``source()`` gives the project's current ``settings.lint`` (see :meth:`refresh`)."""
        super().__init__(parent)
        self.source = source
        self.setWindowTitle("Lint settings of this project")
        self.resize(640, 380)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Rule", "Where", "Reason"])
        self.list.setRootIsDecorated(False)
        self.list.setColumnWidth(0, 260)
        self.list.setColumnWidth(1, 200)
        self.list.itemSelectionChanged.connect(self._selection)
        self.remove = QPushButton("Remove")
        self.remove.setToolTip("Lint these again (one undoable step)")
        self.remove.clicked.connect(self._remove)
        self.empty = QLabel("Nothing is ignored: every rule runs everywhere. Right-click a problem to ignore it.")
        self.empty.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.remove)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        """Show the settings as they are now (after a change, an undo or a redo)."""
        self.set_settings(self.source())

    def set_settings(self, lint: dict | None) -> None:
        self.lint = copy.deepcopy(lint or {})
        self.list.clear()
        for code in self.lint.get("ignore") or []:
            self._add(("ignore", code), code, "the whole project", "")
        for i, entry in enumerate(self.lint.get("suppress") or []):
            rules = ", ".join(entry.get("rules") or ["all rules"])
            self._add(("suppress", i), rules, str(entry.get("object", "")), str(entry.get("reason") or ""))
        for pattern, values in (self.lint.get("roles") or {}).items():
            values = [values] if isinstance(values, str) else list(values)
            text = ", ".join(f"not {v[1:]}" if v.startswith("-") else v for v in values)
            item = QTreeWidgetItem([f"table role: {text}", str(pattern), ""])
            item.setData(0, Qt.UserRole, ("roles", pattern))
            self.list.addTopLevelItem(item)
        self.empty.setVisible(self.list.topLevelItemCount() == 0)
        self._selection()

    def _add(self, key, rules: str, where: str, reason: str) -> None:
        names = [f"{c} {r.name}" if (r := get_rule(c)) else c for c in rules.split(", ")]
        item = QTreeWidgetItem([", ".join(names), where, reason])
        item.setData(0, Qt.UserRole, key)
        self.list.addTopLevelItem(item)

    def _selection(self) -> None:
        self.remove.setEnabled(bool(self.list.selectedItems()))

    def _remove(self) -> None:
        keys = [item.data(0, Qt.UserRole) for item in self.list.selectedItems()]
        if not keys:
            return
        lint = copy.deepcopy(self.lint)
        gone_codes = {k for kind, k in keys if kind == "ignore"}
        gone_entries = {k for kind, k in keys if kind == "suppress"}
        if gone_codes:
            lint["ignore"] = [c for c in lint.get("ignore") or [] if c not in gone_codes]
        if gone_entries:
            lint["suppress"] = [e for i, e in enumerate(lint.get("suppress") or []) if i not in gone_entries]
        for kind, pattern in keys:
            if kind == "roles":
                (lint.get("roles") or {}).pop(pattern, None)
        for key in ("ignore", "suppress", "roles"):
            if key in lint and not lint[key]:
                del lint[key]
        self.changeRequested.emit(lint, f"Lint again: {len(keys)} ignored rule(s), suppression(s) or table role(s) "
                                        "removed")
