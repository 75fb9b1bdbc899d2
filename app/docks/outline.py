"""The Outline panel: schemas → tables → columns, searchable.  Clicking an
entry selects it on the canvas (``objectSelected(table_id, column_id)``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from tablewright.designer.types import type_label
from tablewright.designer.model import Schema, Table

IdRole = Qt.UserRole + 1


class OutlinePanel(QWidget):
    objectSelected = Signal(str, object)  # table id, column id or None
    objectActivated = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search tables and columns…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Object", "Type"])
        self.tree.setColumnWidth(0, 200)
        self.tree.setUniformRowHeights(True)
        self.tree.itemClicked.connect(lambda item, _c: self._emit(item, self.objectSelected))
        self.tree.itemActivated.connect(lambda item, _c: self._emit(item, self.objectActivated))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.schema: Schema | None = None
        self._items: dict[str, QTreeWidgetItem] = {}
        self._shape: tuple = ()

    # -- building ------------------------------------------------------------------
    def _shape_of(self, schema: Schema) -> tuple:
        return tuple((t.id, t.namespace) for t in schema.tables)

    def set_schema(self, schema: Schema) -> None:
        self.schema = schema
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.clear()
            self._items = {}
            namespaces = sorted({t.namespace for t in schema.tables if t.namespace})
            parents: dict[str | None, QTreeWidgetItem | None] = {None: None}
            for ns in namespaces:
                item = QTreeWidgetItem([ns, "schema"])
                item.setData(0, IdRole, None)
                self.tree.addTopLevelItem(item)
                item.setExpanded(True)
                parents[ns] = item
            for table in schema.tables:
                item = self._table_item(table)
                parent = parents.get(table.namespace)
                if parent is None:
                    self.tree.addTopLevelItem(item)
                else:
                    parent.addChild(item)
            self._shape = self._shape_of(schema)
        finally:
            self.tree.setUpdatesEnabled(True)
        if self.search.text().strip():
            self.apply_filter(self.search.text())

    def _table_item(self, table: Table) -> QTreeWidgetItem:
        item = QTreeWidgetItem([table.name, "table"])
        item.setData(0, IdRole, (table.id, None))
        self._fill(item, table)
        self._items[table.id] = item
        return item

    def _fill(self, item: QTreeWidgetItem, table: Table) -> None:
        pk = set(table.primary_key.columns) if table.primary_key else set()
        fk = {c for f in table.foreign_keys for c in f.columns}
        for column in table.columns:
            marks = ("PK " if column.id in pk else "") + ("FK " if column.id in fk else "")
            child = QTreeWidgetItem([column.name, f"{marks}{type_label(column.type)}"])
            child.setData(0, IdRole, (table.id, column.id))
            item.addChild(child)

    def update_tables(self, schema: Schema, table_ids) -> None:
        """Refresh after an edit: just the changed tables when no table was
        added, removed or moved to another schema."""
        if schema is not self.schema or not table_ids or self._shape_of(schema) != self._shape:
            self.set_schema(schema)
            return
        for tid in table_ids:
            item = self._items.get(tid)
            if item is None:
                continue
            expanded = item.isExpanded()
            table = schema.table(tid)
            item.setText(0, table.name)
            item.takeChildren()
            self._fill(item, table)
            item.setExpanded(expanded)
        if self.search.text():
            self.apply_filter(self.search.text())

    # -- search and selection ----------------------------------------------------------
    def apply_filter(self, text: str) -> None:
        words = text.strip().lower().split()
        for i in range(self.tree.topLevelItemCount()):
            self._filter(self.tree.topLevelItem(i), words)

    def _filter(self, item: QTreeWidgetItem, words: list[str]) -> bool:
        own = not words or all(w in item.text(0).lower() for w in words)
        child_match = False
        for i in range(item.childCount()):
            child = item.child(i)
            if child.childCount() or child.data(0, IdRole) is None or child.data(0, IdRole)[1] is None:
                match = self._filter(child, words if not own else [])
            else:
                match = own or not words or all(w in child.text(0).lower() for w in words)
                child.setHidden(not match)
            child_match |= match
        visible = own or child_match
        item.setHidden(not visible)
        if words and child_match:
            item.setExpanded(True)
        return visible

    def select(self, table_id: str | None, column_id: str | None = None) -> None:
        item = self._items.get(table_id) if table_id else None
        if item is not None and column_id:
            for i in range(item.childCount()):
                if item.child(i).data(0, IdRole)[1] == column_id:
                    item = item.child(i)
                    break
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(item) if item is not None else self.tree.clearSelection()
        if item is not None:
            self.tree.scrollToItem(item)
        self.tree.blockSignals(False)

    def _emit(self, item: QTreeWidgetItem, signal) -> None:
        ids = item.data(0, IdRole)
        if ids:
            signal.emit(ids[0], ids[1])
