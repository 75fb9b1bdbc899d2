"""Dialogs around files and databases: the import report, the database
connection (URL + password prompt), DDL export (dialect, preview, save),
a dialect chooser, and the busy/cancel progress dialog for worker jobs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QProgressDialog, QPushButton,
                               QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from tablewright.app.theme import severity_icon
from tablewright.designer.importing import ImportResult
from tablewright.designer.model import DIALECTS

DIALECT_CHOICES = ("auto",) + DIALECTS


def _mono(widget) -> None:
    from tablewright.app.theme import code_font

    code_font(widget)


class DialectDialog(QDialog):
    """Pick a dialect (``auto`` allowed for imports: guessed from the text)."""

    def __init__(self, title: str, label: str, current: str, *, allow_auto: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.combo = QComboBox()
        self.combo.addItems(DIALECT_CHOICES if allow_auto else DIALECTS)
        self.combo.setCurrentText(current)
        form.addRow(label, self.combo)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)

    def dialect(self) -> str | None:
        d = self.combo.currentText()
        return None if d == "auto" else d


class ImportReportDialog(QDialog):
    """What an import brought in and what it skipped, with file:line:col."""

    def __init__(self, result: ImportResult, sources: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(780, 520)
        schema = result.schema
        counts = {s: 0 for s in ("error", "warning", "info")}
        for issue in result.issues:
            counts[issue.severity] = counts.get(issue.severity, 0) + 1
        fks = sum(len(t.foreign_keys) for t in schema.tables)
        idx = sum(len(t.indexes) for t in schema.tables)
        summary = (f"<b>Imported</b> from {', '.join(Path(s).name for s in sources)} "
                   f"({schema.dialect}): {len(schema.tables)} tables, "
                   f"{sum(len(t.columns) for t in schema.tables)} columns, {fks} foreign keys, {idx} indexes, "
                   f"{len(schema.enums)} enums, {len(schema.sequences)} sequences, {len(schema.raw)} other objects kept verbatim."
                   f"<br><b>Skipped or partly read</b>: {counts['error']} errors, {counts['warning']} warnings, "
                   f"{counts['info']} statements ignored.")
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.issues = QTreeWidget()
        self.issues.setHeaderLabels(["Where", "Severity", "What", "Statement"])
        self.issues.setRootIsDecorated(False)
        self.issues.setAlternatingRowColors(True)
        order = {"error": 0, "warning": 1, "info": 2}
        for issue in sorted(result.issues, key=lambda i: (order.get(i.severity, 3),
                                                          str(i.location.path) if i.location else "",
                                                          i.location.line if i.location else 0)):
            loc = issue.location
            where = f"{Path(loc.path).name if loc.path else '<input>'}:{loc.line}:{loc.column}" if loc else ""
            item = QTreeWidgetItem([where, issue.severity, issue.message, (issue.statement or "")[:120]])
            item.setIcon(1, severity_icon({"error": "high", "warning": "medium"}.get(issue.severity, "low")))
            item.setToolTip(2, issue.message)
            if loc and loc.path:
                item.setToolTip(0, f"{loc.path}:{loc.line}:{loc.column}")
            self.issues.addTopLevelItem(item)
        header = self.issues.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.issues.setColumnWidth(2, 330)
        self.tables = QTreeWidget()
        self.tables.setHeaderLabels(["Table", "Columns", "Foreign keys", "Indexes", "From"])
        self.tables.setRootIsDecorated(False)
        for t in schema.tables:
            loc = t.location
            self.tables.addTopLevelItem(QTreeWidgetItem([
                t.qualified_name, str(len(t.columns)), str(len(t.foreign_keys)), str(len(t.indexes)),
                f"{Path(loc.path).name if loc.path else ''}:{loc.line}" if loc else ""]))
        self.tables.header().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.tabs.addTab(self.issues, f"Skipped and warnings ({len(result.issues)})")
        self.tabs.addTab(self.tables, f"Imported tables ({len(schema.tables)})")
        box = QDialogButtonBox(QDialogButtonBox.Close)
        box.rejected.connect(self.reject)
        box.accepted.connect(self.accept)
        box.button(QDialogButtonBox.Close).clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(box)


class DatabaseDialog(QDialog):
    """A SQLAlchemy URL and a password.  The password goes into the URL in
    memory only (``url_with_password``); it is never saved anywhere."""

    def __init__(self, url: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import from database")
        form = QFormLayout(self)
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("postgresql://user@localhost:5432/dbname")
        self.url.setMinimumWidth(420)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.password.setPlaceholderText("(not saved)")
        form.addRow("URL", self.url)
        form.addRow("Password", self.password)
        note = QLabel("Read-only: nothing is written to the database. The password is kept in memory only.")
        note.setWordWrap(True)
        form.addRow(note)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)

    def url_with_password(self) -> str:
        return with_password(self.url.text().strip(), self.password.text())


def with_password(url: str, password: str) -> str:
    from tablewright.designer.dburl import with_password as _with

    return _with(url, password)


class ExportDDLDialog(QDialog):
    """Choose a dialect, see the DDL (exported in a worker) and its warnings, save."""

    dialectChanged = Signal(str)

    def __init__(self, dialect: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Export DDL")
        self.resize(760, 560)
        self.combo = QComboBox()
        self.combo.addItems(DIALECTS)
        self.combo.setCurrentText(dialect)
        self.combo.currentTextChanged.connect(self.dialectChanged)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.NoWrap)
        _mono(self.text)
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(110)
        self.warnings.hide()
        self.save_button = QPushButton("Save…")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        box = QDialogButtonBox(QDialogButtonBox.Close)
        box.addButton(self.save_button, QDialogButtonBox.AcceptRole)
        box.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Dialect", self.combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.warnings)
        layout.addWidget(box)
        self.saved_to: str | None = None
        self.text.setPlainText("-- exporting…")

    def show_result(self, result) -> None:
        self.text.setPlainText(result.sql)
        self.save_button.setEnabled(True)
        if result.warnings:
            self.warnings.setPlainText("\n".join(f"⚠ {w}" for w in dict.fromkeys(result.warnings)))
            self.warnings.show()
        else:
            self.warnings.hide()

    def show_error(self, exc: BaseException) -> None:
        self.text.setPlainText(f"-- cannot export: {exc}")
        self.save_button.setEnabled(False)

    def save(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "Save DDL", f"schema-{self.combo.currentText()}.sql",
                                                  "SQL files (*.sql);;All files (*)")
        if not path:
            return
        from tablewright.designer.atomic import write_file
        from tablewright.designer.errors import WriteError

        try:
            write_file(path, self.text.toPlainText())
        except WriteError as exc:
            QMessageBox.critical(self, "Cannot save DDL", str(exc))
            return
        self.saved_to = path
        self.accept()


class BusyDialog(QProgressDialog):
    """Progress for background work; Cancel calls ``on_cancel`` (which drops
    the job's result).  ``finish()`` closes it; ``track_jobs`` does that when a
    ``JobRunner`` job of that kind is no longer running."""

    def __init__(self, text: str, on_cancel, parent=None):
        super().__init__(text, "Cancel", 0, 0, parent)
        self.setWindowTitle("Tablewright")
        self.setWindowModality(Qt.WindowModal)
        self.setMinimumDuration(400)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.canceled.connect(on_cancel)
        self._untrack = None

    def set_fraction(self, fraction: float) -> None:
        self.setMaximum(100)
        self.setValue(int(fraction * 100))

    def track_jobs(self, jobs, kind: str) -> "BusyDialog":
        """Close when the job of ``kind`` is no longer running; show its progress
        (jobs started with ``workers.PROGRESS``) as a bar and what it is on."""
        base = self.labelText()

        def changed(k: str, busy: bool) -> None:
            if k == kind and not busy:
                self.finish()

        def progressed(k: str, fraction: float, what: str) -> None:
            if k == kind:
                self.set_fraction(fraction)
                name = Path(what).name if "/" in what or "\\" in what else what  # a file: its name
                self.setLabelText(f"{base}\n{name}" if name and name not in base else base)

        jobs.busyChanged.connect(changed)
        jobs.progress.connect(progressed)

        def untrack() -> None:
            jobs.busyChanged.disconnect(changed)
            jobs.progress.disconnect(progressed)

        self._untrack = untrack
        return self

    def finish(self) -> None:
        if self._untrack is not None:
            try:
                self._untrack()
            except (RuntimeError, TypeError):
                pass
            self._untrack = None
        self.reset()
        self.close()
        self.deleteLater()
