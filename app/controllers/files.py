"""Open, save, import, recent files and crash recovery.

A controller of the main window: it holds no widgets of its own and
works through ``self.window`` (the ``MainWindow``), which owns it as ``window.files``."""

from __future__ import annotations

import copy
import logging
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from tablewright.app.dialogs.files import (
    BusyDialog,
    DatabaseDialog,
    DialectDialog,
    ImportReportDialog,
)
from tablewright.app.document import shallow_snapshot
from tablewright.app.errors import error_text
from tablewright.app.recovery import Recovery
from tablewright.app.workers import PROGRESS
from tablewright.designer.errors import InputError
from tablewright.designer.importing import ImportResult
from tablewright.designer.model import Schema
from tablewright.designer.project import Diagram, Project
from tablewright.designer.sources import is_project, load_sources

log = logging.getLogger(__name__)

PROJECT_FILTER = "Tablewright projects (*.twproj);;DDL files (*.sql *.ddl);;DBML files (*.dbml);;All files (*)"
RECENT_SEPARATOR = "\n"  # a recent entry for an import of several files: their paths, in order
SYNC_IMPORT_BYTES = 64_000  # smaller DDL files open at once; bigger ones in a worker with progress
AUTOSAVE_MS = 30_000  # how often unsaved work is written aside for crash recovery


def ask_recovery(parent, title: str, text: str):
    """The recovery question with the buttons the README names: Recover,
    Discard, Ask Next Time (→ ``QMessageBox.Yes`` / ``Discard`` / ``Cancel``)."""
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
    recover = box.addButton("&Recover", QMessageBox.AcceptRole)
    discard = box.addButton("&Discard", QMessageBox.DestructiveRole)
    later = box.addButton("Ask &Next Time", QMessageBox.RejectRole)
    box.setDefaultButton(recover)
    box.setEscapeButton(later)
    box.exec()
    clicked = box.clickedButton()
    return {recover: QMessageBox.Yes, discard: QMessageBox.Discard}.get(clicked, QMessageBox.Cancel)


class FilesController:
    def __init__(self, window):
        self.window = window
        # unsaved work is written aside every AUTOSAVE_MS and offered back after a crash
        self.recovery = Recovery(window.settings.recovery_dir())
        self._autosave_pending = False
        self.autosave_timer = QTimer(window)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        window.document.undo_stack.indexChanged.connect(self._work_changed)
        window.document.reset.connect(self._work_changed)
        window.document.dirtyChanged.connect(self._dirty_changed)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded)."""
        if not self.window.document.dirty:
            return True
        answer = QMessageBox.warning(
            self.window, "Unsaved changes", f"Save the changes to {self.window.document_name()}?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def new_document(self) -> None:
        if not self.maybe_save():
            return
        self.window._imported_from = None
        self.window.document.set_project(Project(schema=Schema(dialect=self.window.settings.dialect)))

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Open", self.start_dir(), PROJECT_FILTER)
        if path:
            self.open_file(path, ask=False)

    def open_file(self, path: str, *, ask: bool = True) -> bool:
        """Open a project file, or import a DDL file as a new unsaved project."""
        if ask and not self.maybe_save():
            return False
        if is_project(path):
            try:
                self.window.document.load(path)
            except Exception as exc:
                QMessageBox.critical(self.window, "Cannot open file", error_text(exc))
                return False
            self.window._imported_from = None
            self._add_recent(path)
            self.window._update_title()
            return True
        return self.import_files([path], None, report="errors", recent=True)

    def import_files(self, paths: list[str], dialect: str | None, *, report: str = "always",
                     recent: bool = False, wait: bool | None = None, order: bool = True) -> bool:
        """Import DDL files into a new project.  Small files at once, big ones in
        a worker with progress and Cancel.  ``report``: always / errors / never."""
        def done(result: ImportResult) -> None:
            self._imported(result, paths, report=report, recent=recent)

        def failed(exc) -> None:
            QMessageBox.critical(self.window, "Cannot open file", error_text(exc))

        size = sum(Path(p).stat().st_size for p in paths if Path(p).is_file())
        if wait is None:
            wait = size < SYNC_IMPORT_BYTES
        if wait:
            try:
                result = load_sources(list(paths), dialect, order=order)
            except Exception as exc:
                failed(exc)
                return False
            done(result)
            return True
        self.window.jobs.start("import", load_sources, list(paths), dialect, progress=PROGRESS, order=order,
                        on_done=done, on_error=failed)
        self.window.import_progress = BusyDialog(f"Importing {', '.join(Path(p).name for p in paths)}…",
                                          lambda: self.window.jobs.cancel("import"), self.window).track_jobs(self.window.jobs, "import")
        return True

    def _imported(self, result: ImportResult, sources: list[str], *, report: str, recent: bool) -> None:
        sources = result.reordered or sources  # the order the files were read in
        names = [Path(s).name for s in sources]
        self.window._imported_from = ", ".join(names) if len(names) <= 2 else f"{names[0]} + {len(names) - 1} more"
        # clean until edited: closing right after opening a .sql loses nothing (the file is there)
        # what was imported exists already: it is the baseline migrations start from
        diagram = Diagram()
        if getattr(result, "groups", None):  # DBML TableGroups are the diagram's subject areas
            from tablewright.designer.areas import set_areas
            from tablewright.designer.dbml_import import areas_from_groups

            set_areas(diagram, areas_from_groups(result.groups))
        self.window.document.set_project(Project(schema=result.schema, diagram=diagram,
                                          baseline=copy.deepcopy(result.schema)), None)
        if recent:  # one entry per import, however many files it read
            self._add_recent(RECENT_SEPARATOR.join(str(Path(s).resolve()) for s in sources))
        self.window._update_title()
        if report == "always" or (report == "errors" and result.errors):
            self.show_import_report(result, sources)

    def show_import_report(self, result: ImportResult, sources: list[str]) -> ImportReportDialog:
        self.window.import_report = ImportReportDialog(result, sources, self.window)
        self.window.import_report.setAttribute(Qt.WA_DeleteOnClose)
        self.window.import_report.open()
        return self.window.import_report

    def import_ddl_dialog(self) -> None:
        if not self.maybe_save():
            return
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Import DDL", self.start_dir(),
                                                "DDL files (*.sql *.ddl);;DBML files (*.dbml);;All files (*)")
        if not paths:
            return
        self.remember_dir(paths[0])
        if len(paths) > 1:  # the order they are read in: by dependency, shown, changeable
            choose = self.import_order_dialog(paths)
            if choose is None or choose.exec() != QDialog.Accepted:
                return
            self.import_files(choose.paths(), choose.dialect(), report="always", recent=True, order=False)
            return
        choose = DialectDialog("Import DDL", "Dialect of the files", "auto", allow_auto=True, parent=self.window)
        if choose.exec() != QDialog.Accepted:
            return
        self.import_files(paths, choose.dialect(), report="always", recent=True)

    def import_order_dialog(self, paths: list[str]):
        from tablewright.app.dialogs.import_order import ImportOrderDialog
        from tablewright.designer.load_order import dependency_order

        try:
            order = dependency_order(paths)
        except Exception as exc:
            self.window.show_error("Cannot read the files", exc)
            return None
        return ImportOrderDialog(order, parent=self.window)

    def import_database_dialog(self) -> None:
        if not self.maybe_save():
            return
        dialog = DatabaseDialog(self.window.settings.last_database_url, self.window)
        if dialog.exec() != QDialog.Accepted or not dialog.url.text().strip():
            return
        self.window.settings.last_database_url = dialog.url.text().strip()  # without the password
        self.import_database(dialog.url_with_password())

    def import_database(self, url: str) -> None:
        from tablewright.designer.dburl import display_url
        from tablewright.designer.live_import import import_database

        shown = display_url(url)

        def done(result: ImportResult) -> None:
            self._imported(result, [shown], report="always", recent=False)

        self.window.jobs.start("import", import_database, url, progress=PROGRESS, on_done=done,
                        on_error=lambda exc: self.window.show_error("Cannot import the database", exc))
        self.window.import_progress = BusyDialog(f"Reading {shown}…", lambda: self.window.jobs.cancel("import"),
                                          self.window).track_jobs(self.window.jobs, "import")

    def save(self) -> bool:
        if not self.window.document.path or not is_project(self.window.document.path):
            return self.save_as()
        return self.save_to(self.window.document.path)

    def save_as(self) -> bool:
        start = self.window.document.path or f"{(getattr(self.window, '_imported_from', None) or 'schema').split(',')[0]}"
        start = self.start_dir(Path(start).with_suffix(".twproj").name)
        path, _ = QFileDialog.getSaveFileName(self.window, "Save As", start, "Tablewright projects (*.twproj)")
        if not path:
            return False
        if not Path(path).suffix:
            path += ".twproj"
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        try:
            self.window.document.save(path)
        except Exception as exc:
            self.window.show_error("Cannot save", exc)
            return False
        self.window._imported_from = None
        self._add_recent(path)
        self.window._update_title()
        self.window.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def start_dir(self, name: str = "") -> str:
        """Where a file dialog starts: the folder of the last file used (not the
        folder the app happens to run in), with ``name`` proposed."""
        folder = self.window.settings.last_dir
        return str(Path(folder) / name) if name else folder

    def remember_dir(self, path: str) -> None:
        parent = Path(path).resolve().parent
        if parent.is_dir():
            self.window.settings.last_dir = str(parent)

    def _add_recent(self, path: str) -> None:
        """``path``: a file, or several joined by RECENT_SEPARATOR (one import)."""
        paths = path.split(RECENT_SEPARATOR)
        self.remember_dir(paths[0])
        self.window.settings.add_recent(RECENT_SEPARATOR.join(str(Path(p).resolve()) for p in paths))
        self._update_recent_menu()

    def _update_recent_menu(self) -> None:
        self.window.recent_menu.clear()
        files = self.window.settings.recent_files()
        for path in files:
            parts = path.split(RECENT_SEPARATOR)
            label = Path(parts[0]).name + (f" + {len(parts) - 1} more" if len(parts) > 1 else "")
            a = self.window.recent_menu.addAction(label)
            a.setToolTip("\n".join(parts))
            a.setStatusTip(", ".join(parts))
            a.triggered.connect(lambda _c=False, p=path: self._open_recent(p))
        self.window.recent_menu.setEnabled(bool(files))

    def _open_recent(self, path: str) -> None:
        parts = path.split(RECENT_SEPARATOR)
        missing = [p for p in parts if not Path(p).exists()]
        if missing:
            self.window.settings.remove_recent(path)
            self._update_recent_menu()
            self.window.show_error("Cannot open file", f"{missing[0]}: no such file")
            return
        if len(parts) == 1:
            self.open_file(path)
        elif self.maybe_save():  # an import of several files, in the order it was read
            self.import_files(parts, None, report="errors", recent=True, order=False)

    def _work_changed(self, *_args) -> None:
        self._autosave_pending = True

    def _dirty_changed(self, dirty: bool) -> None:
        if not dirty:  # saved (or reset to a clean project): nothing to recover
            self._autosave_pending = False
            self.recovery.clear()

    def autosave(self, *, wait: bool = False) -> None:
        """Write unsaved work aside (a copy, in a worker; ``wait``: here and now)."""
        if not self.window.document.dirty or not self._autosave_pending:
            return
        self._autosave_pending = False
        self.window.document.store_named()
        project = self.window.document.project
        # edits replace tables and other objects, never change them in place:
        # lists copied (microseconds), not the whole model (tens of ms on the GUI thread)
        snapshot = Project(shallow_snapshot(project.schema), copy.deepcopy(project.diagram),
                           copy.deepcopy(project.settings), project.baseline)
        args = (snapshot, self.window.document.path, self.window.document.title)
        if wait:
            try:
                self.recovery.write(*args)
            except (OSError, InputError) as exc:  # a read-only data folder: no recovery copy, no crash
                log.warning("could not write recovery file: %s", exc)
        else:
            self.window.jobs.start("autosave", self.recovery.write, *args,
                            on_error=lambda exc: log.warning("could not write recovery file: %s", exc))

    def offer_recovery(self) -> bool:
        """After a crash: offer the newest unsaved work it left behind (one per
        start; the rest stay for the next).  True when some was recovered."""
        from tablewright.app.recovery import orphans

        for orphan in orphans(self.recovery.directory):
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(orphan.saved_at))
            answer = ask_recovery(
                self.window, "Recover unsaved work",
                f"Tablewright was closed without saving the changes to {orphan.title} (last written aside "
                f"{when}).\n\nRecover them? Discard deletes them; Ask Next Time keeps them for the next start.")
            if answer == QMessageBox.Cancel:
                return False  # ask again next time
            if answer == QMessageBox.Discard:
                orphan.discard()
                continue
            try:
                project = orphan.load()
            except Exception as exc:
                self.window.show_error("Cannot recover", exc)
                continue
            self.window.document.set_project(project, orphan.original, dirty=True)
            self.window._update_title()
            self._autosave_pending = True
            self.autosave(wait=True)  # ours now: written aside before the old copy goes
            orphan.discard()
            self.window.statusBar().showMessage(f"Recovered the unsaved changes to {orphan.title}", 8000)
            return True
        return False
