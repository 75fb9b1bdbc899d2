"""The Compare panel: what differs between the model and a file, a project or
a database (see :mod:`tablewright.app.compare`).  Selecting a change selects its table
and column on the canvas; "Update model" merges the checked changes as one
undoable step; "Migration…" opens the migration from the other source to the
model."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMenu, QPushButton,
                               QToolButton, QVBoxLayout, QWidget)

from tablewright.app.compare import STATE_COLOR, CompareController, ViewChange

ChangeRole = Qt.UserRole + 1


class ComparePanel(QWidget):
    objectSelected = Signal(str, object)  # table id, column id or None
    migrationRequested = Signal()

    def __init__(self, controller: CompareController, parent=None, files=None):
        super().__init__(parent)
        self.controller = controller
        self.files = files  # the window's files controller: where file dialogs start
        self.compare_button = QToolButton()
        self.compare_button.setText("Compare with…")
        self.compare_button.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(self.compare_button)
        menu.addAction("DDL File…", lambda: self._choose("DDL files (*.sql *.ddl);;All files (*)"))
        menu.addAction("Project…", lambda: self._choose("Tablewright projects (*.twproj *.json)"))
        menu.addAction("Database…", self._database)
        self.compare_button.setMenu(menu)
        self.update_button = QPushButton("Update model")
        self.update_button.setToolTip("Make the model like the compared source for the checked changes (one undo step)")
        self.migration_button = QPushButton("Migration…")
        self.migration_button.setToolTip("The migration that brings the compared database to the model")
        self.clear_button = QPushButton("Clear")
        self.summary = QLabel("Compare the model with a DDL file, a project or a database.")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        top = QHBoxLayout()
        for widget in (self.compare_button, self.update_button, self.migration_button, self.clear_button):
            top.addWidget(widget)
        top.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.list.currentItemChanged.connect(self._selected)
        self.update_button.clicked.connect(self.update_model)
        self.migration_button.clicked.connect(self.migrationRequested)
        self.clear_button.clicked.connect(controller.clear)
        controller.resultChanged.connect(self.refresh)
        controller.failed.connect(lambda text: self.summary.setText(f"Cannot compare: {text}"))
        self.refresh()

    def _choose(self, filters: str) -> None:
        start = self.files.start_dir() if self.files is not None else ""
        path, _ = QFileDialog.getOpenFileName(self, "Compare with", start, filters)
        if path:
            if self.files is not None:
                self.files.remember_dir(path)
            self.summary.setText(f"Comparing with {path}…")
            self.controller.compare_with(path)

    def _database(self) -> None:
        from PySide6.QtWidgets import QDialog

        from tablewright.app.dialogs.files import DatabaseDialog

        dialog = DatabaseDialog("", self)
        dialog.setWindowTitle("Compare with database")
        if dialog.exec() == QDialog.Accepted and dialog.url.text().strip():
            self.summary.setText("Reading the database…")
            self.controller.compare_with(dialog.url_with_password())

    def refresh(self) -> None:
        c = self.controller
        self.list.clear()
        for vc in c.changes:
            item = QListWidgetItem(vc.text)
            item.setData(ChangeRole, vc)
            item.setForeground(QBrush(STATE_COLOR[vc.state].darker(150)))
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
            self.list.addItem(item)
        has = c.result is not None
        self.update_button.setEnabled(bool(c.changes))
        self.migration_button.setEnabled(has and bool(c.changes))
        self.clear_button.setEnabled(has)
        if has:
            counts = {s: sum(1 for vc in c.changes if vc.state == s) for s in ("added", "removed", "changed")}
            self.summary.setText(
                f"Model vs {c.label}: " + (f"{len(c.changes)} differences — {counts['added']} only in the model "
                                           f"(green), {counts['removed']} only in {c.label} (red), "
                                           f"{counts['changed']} changed (amber)" if c.changes else "no differences")
                + "".join(f"\n{note}" for note in c.result.notes))

    def checked(self) -> list[ViewChange]:
        return [self.list.item(i).data(ChangeRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.Checked]

    def update_model(self) -> int:
        return self.controller.update_model(self.checked())

    def _selected(self, item, _previous=None) -> None:
        if item is None:
            return
        vc: ViewChange = item.data(ChangeRole)
        if vc.table_id and self.controller.scene.table_item(vc.table_id) is not None:
            self.objectSelected.emit(vc.table_id, vc.column_id)
        elif vc.table_id in self.controller.overlay.ghosts:
            ghost = self.controller.overlay.ghosts[vc.table_id]
            for view in self.controller.scene.views():
                view.centerOn(ghost)


def install(window) -> ComparePanel:
    """Add the Compare panel, its controller and a "Compare with…" menu entry
    to the main window (kept here so main_window.py only calls this)."""
    from PySide6.QtWidgets import QDockWidget

    controller = CompareController(window.document, window.scene, window.jobs, window)
    panel = ComparePanel(controller, files=window.files)
    tab_with = "problems" if "problems" in window.docks else None
    dock = window._dock("compare", "Compare", panel, Qt.BottomDockWidgetArea, tab_with=tab_with)
    panel.objectSelected.connect(lambda t, c: window.select_object(t, c, center=True))
    panel.migrationRequested.connect(lambda: open_migration(window, controller))
    window.document.reset.connect(controller.clear)
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "Schema":
            menu = action.menu()
            menu.addSeparator()
            compare_menu = menu.addMenu("&Compare with")
            for text, slot in (("DDL File…", lambda: _show(dock) or panel._choose("DDL files (*.sql *.ddl);;All files (*)")),
                               ("Project…", lambda: _show(dock) or panel._choose("Tablewright projects (*.twproj *.json)")),
                               ("Database…", lambda: _show(dock) or panel._database())):
                compare_menu.addAction(text, slot)
    window.compare = controller
    window.compare_panel = panel
    assert isinstance(dock, QDockWidget)
    return panel


def _show(dock) -> None:
    dock.show()
    dock.raise_()


def open_migration(window, controller: CompareController) -> None:
    """The migration from the compared source to the model, in the migration dialog."""
    from tablewright.app.dialogs.migration import MigrationDialog

    if controller.other is None:
        return
    baseline, schema = controller.migration_schemas()
    dialog = MigrationDialog(schema, baseline, window, settings=window.document.project.settings)
    dialog.setWindowTitle(f"Migration from {controller.label} to the model")
    dialog.apply_button.hide()  # the baseline is the project's own; this compares with another source
    window.compare_migration = dialog
    dialog.show()
