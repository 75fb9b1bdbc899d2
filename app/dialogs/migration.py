""""Export migration…": the up and down SQL (or the Alembic revision) from the
baseline to the current schema for a chosen dialect, with the migration
findings listed beside the script and their lines highlighted; "Mark as
applied" makes the current schema the new baseline.

    dialog = MigrationDialog(schema, baseline, parent, settings=project.settings)
    dialog.baselineChanged.connect(lambda s: setattr(project, "baseline", s))
    dialog.exec()

The heavy lifting is plain functions (``tablewright.designer.migrations``,
``tablewright.linting.migrations``); this widget only shows their results.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
)

from tablewright.designer.migrations import compare
from tablewright.designer.migrations.render_alembic import next_revision, remember_revision, render_alembic
from tablewright.designer.model import DIALECTS, Schema
from tablewright.linting.migrations import lint_migration

_SEVERITY_COLOR = {"critical": "#f4c7c3", "high": "#fce8b2", "medium": "#fff5d6", "low": "#e8f0fe"}
VIEWS = ("Up SQL", "Down SQL", "Alembic revision")


class MigrationDialog(QDialog):
    baselineChanged = Signal(object)  # the new baseline Schema

    def __init__(self, schema: Schema, baseline: Schema | None, parent=None, *, settings: dict | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export migration")
        self.resize(1000, 640)
        self.schema = schema
        self.baseline = baseline if baseline is not None else Schema(dialect=schema.dialect)
        self.settings = settings if settings is not None else {}
        self.revision: str | None = None
        self.dialect = QComboBox()
        self.dialect.addItems(DIALECTS)
        self.dialect.setCurrentText(schema.dialect if schema.dialect in DIALECTS else "postgres")
        self.view = QComboBox()
        self.view.addItems(VIEWS)
        self.text = QPlainTextEdit(readOnly=True)
        self.text.setLineWrapMode(QPlainTextEdit.NoWrap)
        from tablewright.app.theme import code_font

        code_font(self.text)
        self.findings = QListWidget()
        self.summary = QLabel()
        self.save_button = QPushButton("Save…")
        self.apply_button = QPushButton("Mark as applied")
        top = QHBoxLayout()
        for label, widget in (("Dialect", self.dialect), ("Show", self.view)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addStretch()
        split = QSplitter()
        split.addWidget(self.text)
        split.addWidget(self.findings)
        split.setSizes([640, 360])
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.apply_button, QDialogButtonBox.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.mark_applied)
        self.save_button.clicked.connect(self.save)
        self.dialect.currentTextChanged.connect(self.refresh)
        self.view.currentTextChanged.connect(self.refresh)
        self.findings.currentItemChanged.connect(self._go_to_finding)
        self.refresh()

    # -- model → widgets
    def refresh(self) -> None:
        dialect, view = self.dialect.currentText(), self.view.currentText()
        self.script = compare(self.baseline, self.schema)
        result = lint_migration(self.script, dialect)
        if view == "Alembic revision":
            self.revision, down_revision = next_revision(self.settings)
            text = render_alembic(self.script, dialect, revision=self.revision, down_revision=down_revision)
        else:
            text = (result.down if view == "Down SQL" else result.up).text
        self.text.setPlainText(text)
        self.findings.clear()
        selections = []
        show_lines = view == "Up SQL"
        for f in sorted(result.findings, key=lambda f: f.location.line if f.location else 0):
            line = f.location.line if f.location and show_lines else None
            item = QListWidgetItem(f"{'line ' + str(line) + ': ' if line else ''}{f.severity} {f.rule} {f.message}")
            item.setBackground(QColor(_SEVERITY_COLOR.get(f.severity, "#ffffff")))
            item.setToolTip(f.fix.title + ("\n\n" + f.fix.sql if f.fix.sql else "") if f.fix else f.message)
            item.setData(256, line)
            self.findings.addItem(item)
            if line:
                selections.append(self._line_selection(line, f.severity))
        for hint in self.script.hints:
            self.findings.addItem(QListWidgetItem(f"hint: {hint}"))
        self.text.setExtraSelections(selections)
        count = len(self.script.upgrade_ops)
        self.summary.setText(f"{count} change{'s' if count != 1 else ''}, {len(result.findings)} finding"
                             f"{'s' if len(result.findings) != 1 else ''}")
        self.apply_button.setEnabled(count > 0)

    def _line_selection(self, line: int, severity: str) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor(_SEVERITY_COLOR.get(severity, "#ffffff")))
        selection.format.setProperty(QTextFormat.FullWidthSelection, True)
        selection.cursor = QTextCursor(self.text.document().findBlockByNumber(line - 1))
        return selection

    def _go_to_finding(self, item, _previous=None) -> None:
        line = item.data(256) if item is not None else None
        if line:
            cursor = QTextCursor(self.text.document().findBlockByNumber(line - 1))
            self.text.setTextCursor(cursor)
            self.text.centerCursor()

    # -- actions
    def save(self) -> None:
        alembic = self.view.currentText() == "Alembic revision"
        path, _ = QFileDialog.getSaveFileName(self, "Save migration", f"{self.revision or 'migration'}"
                                              + (".py" if alembic else ".sql"))
        if path:
            from tablewright.designer.atomic import write_file
            from tablewright.designer.errors import WriteError

            try:
                write_file(path, self.text.toPlainText())
            except WriteError as exc:
                QMessageBox.critical(self, "Cannot save the migration", str(exc))

    def mark_applied(self) -> None:
        """The current schema becomes the baseline (and an exported revision the chain's head)."""
        if self.view.currentText() == "Alembic revision" and self.revision:
            remember_revision(self.settings, self.revision)
        self.baseline = copy.deepcopy(self.schema)
        self.baselineChanged.emit(self.baseline)
        self.refresh()
