"""Suggested subject areas, for review before they are applied: each with its
colour, name (editable), table count and some of its tables, checked to keep."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout)


def swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class SuggestAreasDialog(QDialog):
    def __init__(self, areas, names: dict[str, str], basis: str, replacing: int = 0, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Suggested Subject Areas")
        self.areas = list(areas)
        covered = sum(len(a.tables) for a in self.areas)
        text = (f"{len(self.areas)} areas covering {covered} of {len(names)} tables, {basis}. "
                "Uncheck an area to leave it out; double-click a name to change it.")
        if replacing:
            text += f" Applying replaces the {replacing} areas the diagram has now (Edit ▸ Undo takes it back)."
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Area", "Tables", "Some of them"])
        self.tree.setRootIsDecorated(False)
        for area in self.areas:
            sample = ", ".join(names.get(t, t) for t in area.tables[:6]) + (", …" if len(area.tables) > 6 else "")
            item = QTreeWidgetItem([area.name, str(len(area.tables)), sample])
            item.setIcon(0, swatch(area.color))
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable | Qt.ItemIsEditable)
            item.setCheckState(0, Qt.Checked)
            item.setToolTip(2, "\n".join(names.get(t, t) for t in area.tables))
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, max(self.tree.columnWidth(0), 180))
        self.arrange = QCheckBox("Arrange the diagram by area afterwards")
        self.arrange.setChecked(True)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.button(QDialogButtonBox.Ok).setText("&Apply")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.arrange)
        layout.addWidget(box)
        self.resize(760, 520)

    def chosen(self):
        """The checked areas, with the names as edited."""
        out = []
        for i, area in enumerate(self.areas):
            item = self.tree.topLevelItem(i)
            if item.checkState(0) == Qt.Checked:
                area.name = item.text(0).strip() or area.name
                out.append(area)
        return out
