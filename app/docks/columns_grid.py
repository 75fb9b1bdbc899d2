"""A table's columns as an editable grid in the Properties panel (as in MySQL
Workbench): name, type, not null, default, key, comment -- one row per column
and an empty row at the end where a new column is typed, row by row.

Each change is one undoable edit (``tablewright.designer.edits``) through the panel's
``apply``; a refused one (a duplicate name, a type the dialect does not know)
is shown by the panel and the cell goes back.  The edit runs just after the
cell's signal (the grid is rebuilt from the model after every edit)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from tablewright.designer import edits
from tablewright.designer.types import type_label

IdRole = Qt.UserRole
NAME, TYPE, NOT_NULL, DEFAULT, KEY, COMMENT = range(6)
HEADERS = ["Name", "Type", "Not null", "Default", "Key", "Comment"]
NEW_ROW_HINT = "(new column)"


def default_type_text(dialect: str | None) -> str:
    return {"mysql": "varchar(255)", "mariadb": "varchar(255)", "mssql": "nvarchar(255)"}.get(dialect or "", "text")


class ColumnsGrid(QTableWidget):
    #: a column's row header was double-clicked: show the column's own page
    columnActivated = Signal(str)

    def __init__(self, apply, parent=None):
        super().__init__(0, len(HEADERS), parent)
        self.apply = apply  # panel._apply(make) -> bool
        self.table = None
        self.schema = None
        self._filling = False
        self._resume: tuple[str | None, int] | None = None
        self.setHorizontalHeaderLabels(HEADERS)
        self.verticalHeader().setDefaultSectionSize(22)
        self.verticalHeader().sectionDoubleClicked.connect(self._row_activated)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((NAME, 130), (TYPE, 120), (NOT_NULL, 62), (DEFAULT, 90), (KEY, 70)):
            self.setColumnWidth(col, width)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed)
        self.itemChanged.connect(self._changed)

    # -- model -> grid ----------------------------------------------------------------------
    def set_table(self, table, schema) -> None:
        keep = self._resume or (self.current_column_id(), self.currentColumn())
        self._resume = None
        self.table, self.schema = table, schema
        self._filling = True
        self.blockSignals(True)
        try:
            self.setRowCount(len(table.columns) + 1)
            pk = set(table.primary_key.columns) if table.primary_key else set()
            fk = {c for f in table.foreign_keys for c in f.columns}
            uq = {u.columns[0] for u in table.uniques if len(u.columns) == 1}
            for r, c in enumerate(table.columns):
                self._row(r, c.id, [c.name, type_label(c.type), None, c.default or "", None, c.comment or ""])
                self._check(r, NOT_NULL, not c.nullable)
                key = self._check(r, KEY, c.id in pk)
                key.setText(" ".join(m for m, on in (("PK", c.id in pk), ("FK", c.id in fk), ("UQ", c.id in uq))
                                     if on))
            r = len(table.columns)
            self._row(r, None, [NEW_ROW_HINT, "", None, "", None, ""])
            hint = self.item(r, NAME)
            hint.setForeground(QBrush(QColor("#8a8f98")))
            font = QFont(hint.font())
            font.setItalic(True)
            hint.setFont(font)
            for col in range(1, len(HEADERS)):  # a name first: the rest once the column exists
                self.item(r, col).setFlags(Qt.ItemIsEnabled)
        finally:
            self.blockSignals(False)
            self._filling = False
        column_id, col = keep
        row = self.row_of(column_id) if column_id else None
        if row is None and column_id == "":  # resume on the new-column row
            row = self.rowCount() - 1
        if row is not None:
            self.setCurrentCell(row, max(0, col))

    def _row(self, r: int, column_id: str | None, texts: list) -> None:
        for col, text in enumerate(texts):
            item = QTableWidgetItem("" if text is None else text)
            item.setData(IdRole, column_id)
            self.setItem(r, col, item)

    def _check(self, r: int, col: int, on: bool) -> QTableWidgetItem:
        item = self.item(r, col)
        item.setFlags((item.flags() | Qt.ItemIsUserCheckable) & ~Qt.ItemIsEditable)
        item.setCheckState(Qt.Checked if on else Qt.Unchecked)
        return item

    def row_of(self, column_id: str) -> int | None:
        for r in range(self.rowCount()):
            item = self.item(r, NAME)
            if item is not None and item.data(IdRole) == column_id:
                return r
        return None

    def current_column_id(self) -> str | None:
        item = self.item(self.currentRow(), NAME) if self.currentRow() >= 0 else None
        return item.data(IdRole) if item is not None else None

    # compatibility with the list it replaces (the panel's Delete / ↑ / ↓ buttons)
    def currentItem(self):  # noqa: N802 - Qt's name
        return self.item(self.currentRow(), NAME) if self.currentRow() >= 0 else None

    def _row_activated(self, row: int) -> None:
        item = self.item(row, NAME)
        if item is not None and item.data(IdRole):
            self.columnActivated.emit(item.data(IdRole))

    # -- grid -> edits --------------------------------------------------------------------
    def _changed(self, item: QTableWidgetItem) -> None:
        if self._filling or self.table is None:
            return
        make = self._edit_for(item)
        if make is None:
            return
        column_id, col = item.data(IdRole), item.column()
        # the next cell to type in: the new column's type, or where the user was
        self._resume = (column_id, col) if column_id else ("", NAME)
        if not column_id:
            self._resume = None

        def run() -> None:
            if not self.apply(make) and self.table is not None:
                self.set_table(self.table, self.schema)  # refused: the cell goes back
            elif not column_id:  # a new column: continue on its type
                table = self.schema.table(self.table.id)
                added = table.column_named(item_text)
                if added is not None:
                    row = self.row_of(added.id)
                    if row is not None:
                        self.setCurrentCell(row, TYPE)

        item_text = item.text().strip()
        QTimer.singleShot(0, run)

    def _edit_for(self, item: QTableWidgetItem):
        schema, table = self.schema, self.table
        column_id, col, text = item.data(IdRole), item.column(), item.text().strip()
        if not column_id:  # the new-column row
            if col != NAME or not text or text == NEW_ROW_HINT:
                return None
            from tablewright.app.docks.type_picker import build_type

            dtype = build_type(default_type_text(schema.dialect), schema.dialect)
            return lambda: edits.add_column(schema, table.id, text, dtype)
        column = table.column(column_id)
        if col == NAME:
            return None if text == column.name else (lambda: edits.rename_column(schema, table.id, column_id, text))
        if col == TYPE:
            if text == type_label(column.type):
                return None

            def set_type():
                from tablewright.app.docks.type_picker import build_type

                try:
                    dtype = build_type(text, schema.dialect)
                except Exception as exc:
                    raise ValueError(f"not a type in {schema.dialect}: {text}") from exc
                return edits.set_column_attr(schema, table.id, column_id, "type", dtype)

            return set_type
        if col == NOT_NULL:
            nullable = item.checkState() != Qt.Checked
            return None if nullable == column.nullable else (
                lambda: edits.set_column_attr(schema, table.id, column_id, "nullable", nullable))
        if col == DEFAULT:
            value = text or None
            return None if value == column.default else (
                lambda: edits.set_column_attr(schema, table.id, column_id, "default", value))
        if col == COMMENT:
            value = text or None
            return None if value == column.comment else (
                lambda: edits.set_column_attr(schema, table.id, column_id, "comment", value))
        if col == KEY:
            on = item.checkState() == Qt.Checked
            current = list(table.primary_key.columns) if table.primary_key else []
            if on == (column_id in current):
                return None
            cols = current + [column_id] if on else [c for c in current if c != column_id]
            return lambda: edits.set_primary_key(schema, table.id, cols)
        return None
