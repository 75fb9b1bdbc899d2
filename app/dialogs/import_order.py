"""Import DDL with several files: the order they will be read in (dependency
order from ``tablewright.designer.load_order``, each file with why it comes there), which
the user may change (drag, or Up/Down), and the dialect."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout)

from tablewright.app.dialogs.files import DIALECT_CHOICES
from tablewright.designer.load_order import LoadOrder

PathRole = Qt.UserRole


class ImportOrderDialog(QDialog):
    def __init__(self, order: LoadOrder, dialect: str = "auto", parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import DDL: order of the files")
        self.order = order
        note = ("The files are read in this order: each after the files that create what it uses "
                "(tables before the keys, indexes and ALTERs that refer to them)."
                + (" This is not the order they were chosen in." if order.changed else "")
                + " Drag a file, or use Up and Down, to change it.")
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.files = QListWidget()
        self.files.setDragDropMode(QAbstractItemView.InternalMove)
        self.files.setDefaultDropAction(Qt.MoveAction)
        for path in order.files:
            item = QListWidgetItem(f"{Path(path).name}  —  {order.reason(path)}")
            item.setData(PathRole, path)
            item.setToolTip(f"{path}\n{order.reason(path, limit=12)}")
            self.files.addItem(item)
        self.files.setCurrentRow(0)
        self.up = QPushButton("&Up")
        self.down = QPushButton("&Down")
        self.reset = QPushButton("&Dependency Order")
        self.up.clicked.connect(lambda: self.move(-1))
        self.down.clicked.connect(lambda: self.move(1))
        self.reset.clicked.connect(self.use_dependency_order)
        side = QVBoxLayout()
        for b in (self.up, self.down, self.reset):
            side.addWidget(b)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.files, 1)
        row.addLayout(side)
        self.combo = QComboBox()
        self.combo.addItems(DIALECT_CHOICES)
        self.combo.setCurrentText(dialect)
        form = QFormLayout()
        form.addRow("Dialect of the files", self.combo)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.button(QDialogButtonBox.Ok).setText("&Import")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(row, 1)
        layout.addLayout(form)
        layout.addWidget(box)
        self.resize(720, 420)

    def paths(self) -> list[str]:
        return [self.files.item(i).data(PathRole) for i in range(self.files.count())]

    def move(self, step: int) -> None:
        row = self.files.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.files.count():
            return
        item = self.files.takeItem(row)
        self.files.insertItem(to, item)
        self.files.setCurrentRow(to)

    def use_dependency_order(self) -> None:
        items = {it.data(PathRole): it for it in (self.files.takeItem(0) for _ in range(self.files.count()))}
        for path in self.order.files:
            self.files.addItem(items[path])
        self.files.setCurrentRow(0)

    def dialect(self) -> str | None:
        d = self.combo.currentText()
        return None if d == "auto" else d
