"""The DDL preview panel: the selected table, or the whole schema, as DDL in a
chosen dialect.  It follows the model: after a change it waits a moment
(debounce), snapshots what it needs on the GUI thread and runs the export in
a worker (``JobRunner`` kind ``ddl-preview``), so typing never waits on it."""

from __future__ import annotations

import copy
import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from tablewright.app.theme import code_font
from tablewright.app.document import shallow_snapshot
from tablewright.designer.ddl_export import ExportResult, export_ddl
from tablewright.designer.model import DIALECTS, Schema

log = logging.getLogger(__name__)


def table_snapshot(schema: Schema, table_id: str) -> Schema:
    """A copy of just what the DDL of one table needs: the table, the tables
    its foreign keys point at (so the keys are written), the enums it uses."""
    table = schema.table(table_id)
    refs = {fk.ref_table for fk in table.foreign_keys if fk.ref_table and fk.ref_table != table_id}
    tables = [copy.deepcopy(t) for t in schema.tables if t.id == table_id or t.id in refs]
    for t in tables:
        if t.id != table_id:  # referenced tables: keys and columns only, no noise
            t.indexes, t.checks, t.foreign_keys, t.comment = [], [], [], None
    used = {c.type.enum for c in table.columns if c.type.enum}
    enums = [copy.deepcopy(e) for e in schema.enums if e.qualified_name in used or e.name in used]
    return Schema(dialect=schema.dialect, namespaces=copy.deepcopy(schema.namespaces), tables=tables, enums=enums)


#: statements not about a table that the table's DDL still needs: the types its columns use
_TYPE_STATEMENTS = frozenset({"CreateEnumType", "CreateDomainType"})


def table_ddl(snapshot: Schema, table_id: str, dialect: str) -> ExportResult:
    """The DDL statements about one table (run off the GUI thread): its CREATE
    TABLE, keys, indexes and comments, and the types it uses — not the
    statements of the tables its foreign keys point at (in the snapshot only
    so that the keys can be written)."""
    result = export_ddl(snapshot, dialect)
    keep = [st for st in result.statements
            if st.table_id == table_id or st.table_id is None and st.kind in _TYPE_STATEMENTS]
    sql = "\n\n".join(st.sql for st in keep) + ("\n" if keep else "")
    return ExportResult(sql, result.warnings, keep)


class DDLPreviewPanel(QWidget):
    dialectChanged = Signal(str)

    def __init__(self, document, jobs, parent=None, *, debounce_ms: int = 250):
        super().__init__(parent)
        self.document = document
        self.jobs = jobs
        self.table_id: str | None = None
        self.dialect = QComboBox()
        self.dialect.addItems(DIALECTS)
        self.dialect.currentTextChanged.connect(self._dialect_changed)
        self.whole = QCheckBox("whole schema")
        self.whole.toggled.connect(lambda _on: self.schedule(0))
        self.status = QLabel()
        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(QLabel("Dialect"))
        top.addWidget(self.dialect)
        top.addWidget(self.whole)
        top.addStretch(1)
        top.addWidget(self.status)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.NoWrap)
        code_font(self.text)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #ef8d00")
        self.warnings.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.warnings)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.refresh_now)
        document.changed.connect(lambda _ids: self.schedule())
        document.reset.connect(self._document_reset)

    def _document_reset(self) -> None:
        self._logged = False  # the new document's first preview goes to the log
        own = self.document.schema.dialect
        if own in DIALECTS and own != self.dialect.currentText():
            self.dialect.setCurrentText(own)  # a MySQL schema is previewed as MySQL's, not as the last one chosen
        self.schedule(0)

    def set_dialect(self, dialect: str) -> None:
        if dialect in DIALECTS:
            self.dialect.setCurrentText(dialect)

    def _dialect_changed(self, dialect: str) -> None:
        self.dialectChanged.emit(dialect)
        self.schedule(0)

    def set_table(self, table_id: str | None) -> None:
        if table_id != self.table_id:
            self.table_id = table_id
            self.schedule(0)

    def schedule(self, delay: int | None = None) -> None:
        if not self.isVisible():
            self._stale = True  # refreshed when shown: a hidden preview costs nothing
            return
        if delay is not None:
            self._timer.start(delay)
        else:
            self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._stale = False
            self.schedule(0)

    def refresh_now(self) -> None:
        schema = self.document.schema
        dialect = self.dialect.currentText()
        table_id = self.table_id if not self.whole.isChecked() else None
        if table_id is not None and not any(t.id == table_id for t in schema.tables):
            table_id = None
        self.status.setText("updating…")
        if table_id is None:
            snapshot = shallow_snapshot(schema)
            self.jobs.start("ddl-preview", export_ddl, snapshot, dialect, on_done=self._show, on_error=self._failed)
        else:
            snapshot = table_snapshot(schema, table_id)
            self.jobs.start("ddl-preview", table_ddl, snapshot, table_id, dialect,
                            on_done=self._show, on_error=self._failed)

    def _show(self, result: ExportResult) -> None:
        if not getattr(self, "_logged", False):
            self._logged = True
            log.info("DDL preview: %s, %d lines", self.dialect.currentText(), result.sql.count("\n"))
        bar = self.text.verticalScrollBar()
        keep = bar.value()
        self.text.setPlainText(result.sql)
        bar.setValue(min(keep, bar.maximum()))
        self.status.setText("whole schema" if self.whole.isChecked() or not self.table_id else "selected table")
        if result.warnings:
            shown = list(dict.fromkeys(result.warnings))
            self.warnings.setText("\n".join(shown[:5]) + (f"\n… and {len(shown) - 5} more" if len(shown) > 5 else ""))
            self.warnings.show()
        else:
            self.warnings.hide()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        self.text.setPlainText(f"-- cannot write DDL: {exc}")
