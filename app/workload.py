"""The workload attached to the open project: the application's queries, linted
live with the model (query rules and index advice).

The project file keeps the files in ``settings.workload``: ``{"files": [...],
"complete": bool}``, paths relative to the project file (absolute while the
project has no file yet; made relative when it is saved).  Attaching or
detaching is one undo step (:class:`SetWorkloadCommand`).  The files are read
with :func:`tablewright.linting.workload.read_workload`, watched
(``QFileSystemWatcher``) and re-read when they change on disk; the workload
goes to the live-lint service, which re-checks it after every model change.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand


def _base(document) -> Path:
    return Path(document.path).resolve().parent if document.path else Path.cwd()


def stored_paths(document, files: list[str]) -> list[str]:
    """``files`` as the project stores them: relative to the project file when it has one."""
    if not document.path:
        return [str(Path(f).resolve()) for f in files]
    base = _base(document)
    out = []
    for f in files:
        p = Path(f).resolve()
        try:
            out.append(os.path.relpath(p, base).replace(os.sep, "/"))
        except ValueError:  # another drive (Windows)
            out.append(str(p))
    return out


class SetWorkloadCommand(QUndoCommand):
    """Attach (or detach: ``files`` empty) workload files, one undo step."""

    def __init__(self, document, files: list[str], complete: bool = False, text: str = "Attach Workload"):
        super().__init__(text)
        self.document = document
        new = {"files": stored_paths(document, files), "complete": complete} if files else None
        self.new = new
        self.old = copy.deepcopy(document.project.settings.get("workload"))

    def _set(self, value) -> None:
        settings = self.document.project.settings
        if value:
            settings["workload"] = copy.deepcopy(value)
        else:
            settings.pop("workload", None)
        self.document.workloadChanged.emit()

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class WorkloadAttachment(QObject):
    """Reads the project's workload files, watches them, feeds the live-lint service."""

    #: the workload was read again (attached, detached, a file changed, another project)
    reloaded = Signal()

    def __init__(self, document, lint_service, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.lint = lint_service
        self.workload = None
        self.issues: list = []
        self.error: str | None = None
        self._analysis = None
        self._analysis_key = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._file_changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.reload)
        document.workloadChanged.connect(self.reload)
        document.reset.connect(self.reload)
        document.pathChanged.connect(self._path_changed)

    # -- what is attached ---------------------------------------------------------------------
    def settings(self) -> dict:
        return self.document.project.settings.get("workload") or {}

    def files(self) -> list[str]:
        """The attached files, absolute."""
        base = _base(self.document)
        return [str((base / f).resolve()) if not Path(f).is_absolute() else f for f in self.settings().get("files", [])]

    def attach(self, files: list[str], complete: bool = False) -> None:
        self.document.push(SetWorkloadCommand(self.document, files, complete))

    def detach(self) -> None:
        if self.settings():
            self.document.push(SetWorkloadCommand(self.document, [], text="Detach Workload"))

    # -- reading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        from tablewright.designer.errors import InputError
        from tablewright.linting.workload import read_workload

        files = self.files()
        watched = self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        self.error = None
        self.issues = []
        if not files:
            self.workload = None
        else:
            existing = [f for f in files if Path(f).exists()]
            if existing:
                self._watcher.addPaths(existing)
            try:
                self.workload = read_workload(files, self.document.schema.dialect,
                                              complete=bool(self.settings().get("complete")))
                self.issues = [i for i in self.workload.issues if i.severity != "info"]
            except InputError as exc:
                self.workload = None
                self.error = str(exc)
        self._analysis = None
        self.lint.set_workload(self.workload)
        self.reloaded.emit()

    def _file_changed(self, path: str) -> None:
        self._debounce.start()  # editors write in several steps (truncate, write, rename)

    def _path_changed(self, _path: str) -> None:
        """Saved under a new name: store the files relative to it."""
        s = self.settings()
        if s.get("files"):
            files = self.files()
            s["files"] = stored_paths(self.document, files)

    # -- per table -------------------------------------------------------------------------------
    def analysis(self):
        """The workload read against the model as it is now (cached per undo state)."""
        if self.workload is None:
            return None
        key = (id(self.document.schema), self.document.undo_stack.index(), id(self.workload),
               len(self.document.schema.tables))
        if self._analysis is None or self._analysis_key != key:
            from tablewright.linting.workload.analysis import analyse

            self._analysis = analyse(self.workload, self.document.schema)
            self._analysis_key = key
        return self._analysis

    def queries_on(self, table_id: str) -> list:
        """The queries of the workload that read or write the table (``Query`` objects)."""
        a = self.analysis()
        if a is None:
            return []
        return [x.query for x in a.queries_by_table.get(table_id, [])]
