"""The Diagrams dock: the main diagram (every table) and the project's named
diagrams, each its own tables and positions over the one model.  A click
shows one; New from selection, One per area, Rename, Delete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QToolButton, QVBoxLayout, QWidget

IdRole = Qt.UserRole
MAIN = ""  # the id the list gives the main diagram


class DiagramsPanel(QWidget):
    openRequested = Signal(object)  # diagram id, or None for the main diagram
    newRequested = Signal()
    perAreaRequested = Signal()
    renameRequested = Signal(str)
    deleteRequested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons = {}
        for key, text, tip, signal in (
                ("new", "New", "A diagram of the selected tables", self.newRequested),
                ("areas", "Per Area", "One diagram per subject area", self.perAreaRequested)):
            b = QToolButton(text=text, toolTip=tip)
            b.clicked.connect(signal)
            buttons.addWidget(b)
            self.buttons[key] = b
        for key, text, signal in (("rename", "Rename", self.renameRequested),
                                  ("delete", "Delete", self.deleteRequested)):
            b = QToolButton(text=text)
            b.clicked.connect(lambda _c=False, s=signal: self._current_named(s))
            buttons.addWidget(b)
            self.buttons[key] = b
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def set_diagrams(self, named: list, active: str | None, tables: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        main = QListWidgetItem(f"All tables ({tables})")
        main.setData(IdRole, MAIN)
        self.list.addItem(main)
        for d in named:
            item = QListWidgetItem(f"{d.name} ({len(d.tables)})")
            item.setData(IdRole, d.id)
            self.list.addItem(item)
        for i in range(self.list.count()):
            if (self.list.item(i).data(IdRole) or None) == active:
                self.list.setCurrentRow(i)
        self.list.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.list.currentItem()
        named = item is not None and bool(item.data(IdRole))
        self.buttons["rename"].setEnabled(named)
        self.buttons["delete"].setEnabled(named)

    def _clicked(self, item: QListWidgetItem) -> None:
        self._update_buttons()
        self.openRequested.emit(item.data(IdRole) or None)

    def _current_named(self, signal) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(IdRole):
            signal.emit(item.data(IdRole))
