"""Export DDL, diagram, migration, review report, documentation; print.

A controller of the main window: it holds no widgets of its own and
works through ``self.window`` (the ``MainWindow``), which owns it as ``window.exports``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QFileDialog
from tablewright.app.dialogs.files import ExportDDLDialog
from tablewright.app.document import shallow_snapshot
from tablewright.designer.errors import InputError


class ExportsController:
    def __init__(self, window):
        self.window = window

    def export_ddl_dialog(self) -> ExportDDLDialog:
        from tablewright.designer.ddl_export import export_ddl

        dialog = ExportDDLDialog(self.window.ddl_preview.dialect.currentText(), self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def run(dialect: str) -> None:
            self.window.settings.dialect = dialect
            dialog.text.setPlainText("-- exporting…")
            self.window.jobs.start("export-ddl", export_ddl, shallow_snapshot(self.window.document.schema), dialect,
                            on_done=dialog.show_result, on_error=dialog.show_error)

        dialog.dialectChanged.connect(run)
        dialog.finished.connect(lambda _r: self.window.jobs.cancel("export-ddl"))
        run(dialog.combo.currentText())
        dialog.open()
        self.window.export_dialog = dialog
        return dialog

    def export_diagram_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Export Diagram", self.window.files.start_dir("diagram.svg"),
                                              "SVG (*.svg);;PNG (*.png);;PDF (*.pdf)")
        if path:
            self.window.files.remember_dir(path)
            self.export_diagram(path)

    def export_diagram(self, path: str) -> bool:
        from tablewright.app.canvas.render import render_to_file

        try:
            render_to_file(self.window.scene, path)
        except Exception as exc:
            self.window.show_error("Cannot export the diagram", exc)
            return False
        self.window.statusBar().showMessage(f"Wrote {path}", 4000)
        return True

    def export_migration_dialog(self):
        """Up/down SQL or an Alembic revision from the baseline to the current
        schema, with its findings; "Mark as applied" moves the baseline (undoable)."""
        from tablewright.app.dialogs.migration import MigrationDialog
        from tablewright.app.undo import SetBaselineCommand

        doc = self.window.document
        dialog = MigrationDialog(doc.schema, doc.project.baseline, self.window, settings=doc.project.settings)
        dialog.baselineChanged.connect(lambda baseline: doc.push(SetBaselineCommand(doc, baseline)))
        dialog.open()
        return dialog

    def export_report_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Export Review Report", self.window.files.start_dir("review.md"),
                                              "Markdown (*.md);;HTML (*.html)")
        if path:
            self.window.files.remember_dir(path)
            self.export_report(path)

    def review_markdown(self) -> str:
        from tablewright.linting.findings import Summary
        from tablewright.linting.reporters import Report
        from tablewright.linting.reporters.markdown import render

        schema = self.window.document.schema
        rules = [type(r) for r in (self.window.lint._worker.engine.rules if self.window.lint._worker.engine else [])]
        report = Report(list(self.window.findings), Summary.of(self.window.findings, tables=len(schema.tables)), schema,
                        [self.window.document.path or getattr(self.window, "_imported_from", None) or "untitled"], rules)
        return render(report)

    def export_report(self, path: str) -> bool:
        text = self.review_markdown()
        if path.lower().endswith((".html", ".htm")):
            doc = QTextDocument()
            doc.setMarkdown(text)
            text = doc.toHtml()
        from tablewright.designer.atomic import write_file

        try:
            write_file(path, text)
        except InputError as exc:  # designer.errors.WriteError
            self.window.show_error("Cannot write the report", exc)
            return False
        self.window.statusBar().showMessage(f"Wrote {path}", 4000)
        return True

    def export_docs_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self.window, "Export Documentation (HTML data dictionary) to Folder")
        if path:
            self.export_docs(path)

    def export_docs(self, folder: str) -> bool:
        """The HTML data dictionary (designer.docs_site) of the model with the current findings."""
        from tablewright.designer.areas import areas_of
        from tablewright.designer.docs_site import write_docs

        title = Path(self.window.document.path).stem if self.window.document.path else "Schema"
        try:
            write_docs(self.window.document.schema, folder, title=title, findings=list(self.window.findings),
                       areas=[a.to_data() for a in areas_of(self.window.document.project.diagram)])
        except (InputError, OSError) as exc:
            self.window.show_error("Cannot write the documentation", exc)
            return False
        self.window.statusBar().showMessage(f"Wrote {Path(folder) / 'index.html'}", 6000)
        return True

    def print_dialog(self) -> bool:
        """File ▸ Print…: the diagram on one page, through the system's print dialog."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(self.window.document_name())
        dialog = QPrintDialog(printer, self.window)
        if dialog.exec() != QDialog.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer) -> bool:
        from tablewright.app.canvas.render import print_scene

        try:
            print_scene(self.window.scene, printer)
        except Exception as exc:
            self.window.show_error("Cannot print", exc)
            return False
        self.window.statusBar().showMessage("Sent the diagram to the printer", 4000)
        return True
