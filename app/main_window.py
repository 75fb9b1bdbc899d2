"""The main window: the diagram in the centre, dock panels around it
(Problems, Properties, Outline, DDL preview, Minimap), menus and a toolbar.

Wiring, in one place:

- user actions → ``tablewright.app.undo`` commands on the document's stack (never items);
- ``Document.changed(table_ids)`` → canvas ``sync_tables``, outline, properties,
  DDL preview, live lint (``LintService``: debounced, off the GUI thread);
- lint results → canvas badges, Problems panel, status bar;
- heavy work (import, export, layout) → workers with progress and Cancel;
  errors → dialogs with the cause.
"""

from __future__ import annotations

import copy
import logging
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QTextDocument
from PySide6.QtWidgets import (QApplication, QDialog, QDockWidget, QFileDialog, QInputDialog, QLabel,
                               QLineEdit, QMainWindow, QMenu, QMessageBox, QToolBar, QWidget)

from tablewright.app.canvas.layout_worker import LayoutWorker
from tablewright.app.canvas.scene import DiagramScene
from tablewright.app.canvas.view import DiagramView, MiniMap
from tablewright.app.dialogs.files import (BusyDialog, DatabaseDialog, DialectDialog, ExportDDLDialog,
                               ImportReportDialog)
from tablewright.app.dialogs.objects import ForeignKeyDialog
from tablewright.app.docks.ddl_preview import DDLPreviewPanel
from tablewright.app.docks.outline import OutlinePanel
from tablewright.app.docks.problems import ProblemsPanel
from tablewright.app.docks.properties import PropertiesPanel
from tablewright.app.document import Document, shallow_snapshot
from tablewright.app.errors import error_text
from tablewright.app.quickfix import fix_edit
from tablewright.app.settings import AppSettings
from tablewright.app.theme import SEVERITY_COLORS, ThemeManager, icon, severity_icon
from tablewright.app.undo import ArrangeCommand, EditCommand, MoveTablesCommand, SetLintSettingsCommand
from tablewright.app.recovery import Recovery
from tablewright.app.workers import PROGRESS, JobRunner, LintService
from tablewright.designer import edits
from tablewright.designer.edits import EditError
from tablewright.designer.errors import InputError
from tablewright.designer.importing import ImportResult
from tablewright.designer.layout import ENGINES
from tablewright.designer.model import Schema
from tablewright.designer.project import Diagram, Project
from tablewright.designer.sources import is_project, load_sources
from tablewright.linting.findings import SEVERITIES, Finding

log = logging.getLogger(__name__)

PROJECT_FILTER = "Tablewright projects (*.twproj);;DDL files (*.sql *.ddl);;DBML files (*.dbml);;All files (*)"
AUTOSAVE_MS = 30_000  # how often unsaved work is written aside for crash recovery
RECENT_SEPARATOR = "\n"  # a recent entry for an import of several files: their paths, in order
SYNC_IMPORT_BYTES = 64_000  # smaller DDL files open at once; bigger ones in a worker with progress


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


def finding_target(schema: Schema, f: Finding) -> tuple[str | None, str | None]:
    """The (table id, column id or None) a finding is about."""
    if not f.table_id:
        return None, None
    if not (f.column or f.object_kind == "column"):
        return f.table_id, None
    try:
        table = schema.table(f.table_id)
    except KeyError:
        return f.table_id, None
    # a column finding's object may be the column, or what it is about (a foreign key)
    if f.object_kind == "column" and f.object_id and any(c.id == f.object_id for c in table.columns):
        return f.table_id, f.object_id
    column = table.column_named(f.column) if f.column else None
    return f.table_id, column.id if column else None


def object_label(f: Finding) -> str:
    """``table.column`` (or ``table``) a finding is about, for menus."""
    return f"{f.table}.{f.column}" if f.table and f.column else (f.table or f.rule)


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None):
        super().__init__()
        self.settings = settings or AppSettings()
        self.document = Document(parent=self)
        self.jobs = JobRunner(self)
        self.lint = LintService(self.document, parent=self)
        # unsaved work is written aside every AUTOSAVE_MS and offered back after a crash
        self.recovery = Recovery(self.settings.recovery_dir())
        self._autosave_pending = False
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.document.undo_stack.indexChanged.connect(self._work_changed)
        self.document.reset.connect(self._work_changed)
        self.document.dirtyChanged.connect(self._dirty_changed)
        self.findings: list[Finding] = []
        self._clipboard: list = []
        self._find_hits: list[str] = []
        self.context_menu: QMenu | None = None
        self.import_report: ImportReportDialog | None = None
        self.export_dialog: ExportDDLDialog | None = None
        self.setWindowIcon(icon("tablewright"))
        self.resize(1280, 820)
        self.setDockNestingEnabled(True)

        # canvas
        # the layout engine is chosen per session (Diagram ▸ Layout Engine), not
        # remembered: a choice made for one schema must not lay out the next
        self.scene = DiagramScene(self, engine="auto")
        self.view = DiagramView(self.scene)
        self.setCentralWidget(self.view)
        self.layout_worker = LayoutWorker(self)
        self.layout_worker.finished.connect(self._arrange_finished)
        self.layout_worker.failed.connect(self._arrange_failed)
        self._arrange_only: set[str] | None = None
        self.arrange_progress: BusyDialog | None = None
        self._imported_from: str | None = None

        # docks
        self.problems = ProblemsPanel()
        self.properties = PropertiesPanel(self.document)
        self.outline_panel = OutlinePanel()
        self.outline = self.outline_panel.tree
        self.ddl_preview = DDLPreviewPanel(self.document, self.jobs)
        self.ddl_preview.set_dialect(self.settings.dialect)
        self.minimap = MiniMap(self.view)
        self.docks: dict[str, QDockWidget] = {}
        self._dock("outline", "Outline", self.outline_panel, Qt.LeftDockWidgetArea)
        self._dock("minimap", "Minimap", self.minimap, Qt.LeftDockWidgetArea)
        self._dock("properties", "Properties", self.properties, Qt.RightDockWidgetArea)
        self._dock("ddl", "DDL preview", self.ddl_preview, Qt.RightDockWidgetArea)
        self._dock("problems", "Problems", self.problems, Qt.BottomDockWidgetArea)
        from tablewright.app.docks.diagrams import DiagramsPanel

        self.diagrams_panel = DiagramsPanel()
        self._dock("diagrams", "Diagrams", self.diagrams_panel, Qt.LeftDockWidgetArea)
        self.tabifyDockWidget(self.docks["outline"], self.docks["diagrams"])
        self.docks["outline"].raise_()
        self.tabifyDockWidget(self.docks["properties"], self.docks["ddl"])
        self.docks["properties"].raise_()
        self.resizeDocks([self.docks["outline"], self.docks["properties"]], [250, 330], Qt.Horizontal)
        self.resizeDocks([self.docks["problems"]], [220], Qt.Vertical)

        # status bar
        self.status_findings = QLabel()
        self.status_tables = QLabel()
        self.status_lint = QLabel()
        self.statusBar().addPermanentWidget(self.status_tables)
        self.statusBar().addPermanentWidget(self.status_findings)
        self.statusBar().addPermanentWidget(self.status_lint)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._connect()
        from tablewright.app.docks.compare import install as install_compare

        install_compare(self)  # Compare with…: panel, overlay, menu (app/compare.py)

        app = QApplication.instance()
        self.theme = ThemeManager(app, self.settings.theme)
        self.theme.darkChanged.connect(self.scene.set_dark)
        self.scene.set_dark(self.theme.apply())
        self._restore_window()
        self._reset_views()
        self._update_title()

    # -- construction ------------------------------------------------------------------
    def _dock(self, key: str, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetClosable
                         | QDockWidget.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def _action(self, text: str, slot, shortcut=None, icon_name: str | None = None, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        stack = self.document.undo_stack
        self.act_new = self._action("&New", self.new_document, K.New, "new", "Start an empty schema")
        self.act_open = self._action("&Open…", self.open_dialog, K.Open, "open", "Open a project or DDL file")
        self.act_save = self._action("&Save", self.save, K.Save, "save")
        self.act_save_as = self._action("Save &As…", self.save_as, K.SaveAs)
        self.act_import_ddl = self._action("Import &DDL…", self.import_ddl_dialog, "Ctrl+I", "import")
        self.act_import_db = self._action("Import from Data&base…", self.import_database_dialog, None, "database")
        self.act_export_ddl = self._action("&Export DDL…", self.export_ddl_dialog, "Ctrl+E", "export")
        self.act_export_diagram = self._action("Export Dia&gram…", self.export_diagram_dialog)
        self.act_export_report = self._action("Export &Review Report…", self.export_report_dialog)
        self.act_export_docs = self._action("Export D&ocumentation…", self.export_docs_dialog)
        self.act_export_migration = self._action("Export &Migration…", self.export_migration_dialog, "Ctrl+Shift+M")
        self.act_print = self._action("&Print…", self.print_dialog, K.Print, None, "Print the diagram on one page")
        # Ctrl+Q where the platform names no Quit key (the offscreen and some minimal X11 themes)
        self.act_quit = self._action("&Quit", self.close, QKeySequence.keyBindings(K.Quit) or ["Ctrl+Q"])
        self.act_shortcuts = self._action("&Keyboard Shortcuts", self.show_shortcuts, "F1")
        self.act_rule_docs = self._action("&Rule Documentation", self.show_rule_docs)
        self.act_about = self._action("&About Tablewright", self.show_about)
        self.act_undo = stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts(QKeySequence.keyBindings(K.Undo))
        self.act_undo.setIcon(icon("undo"))
        self.act_redo = stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts(QKeySequence.keyBindings(K.Redo) + [QKeySequence("Ctrl+Y")])
        self.act_redo.setIcon(icon("redo"))
        self.act_copy = self._action("&Copy Tables", self.copy_tables, K.Copy)
        self.act_paste = self._action("&Paste Tables", self.paste_tables, K.Paste)
        self.act_delete = self._action("&Delete", self.delete_selection, [QKeySequence(K.Delete)], "delete",
                                       "Delete the selected tables")
        self.act_find = self._action("&Find Table…", self.focus_find, K.Find, "find")
        self.act_select_all = self._action("Select &All", self.select_all, K.SelectAll)
        self.act_add_table = self._action("Add &Table", self.add_table, "Ctrl+T", "add-table")
        self.act_add_column = self._action("Add &Column", self.add_column, "Ctrl+Shift+T", "add-column",
                                           "Add a column to the selected table")
        self.act_zoom_in = self._action("Zoom &In", self.view.zoom_in, [QKeySequence(K.ZoomIn), "Ctrl+="], "zoom-in")
        self.act_zoom_out = self._action("Zoom &Out", self.view.zoom_out, K.ZoomOut, "zoom-out")
        self.act_fit = self._action("&Fit Diagram", self.view.fit_all, "Ctrl+0", "fit")
        self.act_arrange = self._action("&Arrange All", self.arrange_all, "Ctrl+L", "arrange")
        self.act_arrange_sel = self._action("Arrange &Selection", self.arrange_selection, "Ctrl+Shift+L")
        self.act_area_new = self._action("New &Area from Selection…", self.new_area_from_selection, "Ctrl+G", None,
                                         "Group the selected tables in a named, coloured subject area")
        self.act_area_suggest = self._action("S&uggest Areas…", self.suggest_areas_dialog, None, None,
                                             "Propose subject areas from namespaces or foreign-key communities")
        self.act_area_remove = self._action("&Remove Selection from Its Area", self.remove_selection_from_area)
        self.engine_group = QActionGroup(self)
        self.engine_actions: dict[str, QAction] = {}
        for engine in ENGINES:
            a = QAction(engine if engine != "auto" else "Auto", self, checkable=True)
            a.setChecked(engine == self.scene.engine)
            a.triggered.connect(lambda _c=False, e=engine: self.set_layout_engine(e))
            self.engine_group.addAction(a)
            self.engine_actions[engine] = a
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for mode, label in (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark")):
            a = QAction(label, self, checkable=True)
            a.setChecked(mode == self.settings.theme)
            a.triggered.connect(lambda _c=False, m=mode: self.set_theme(m))
            self.theme_group.addAction(a)
            self.theme_actions[mode] = a

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&File")
        m.addActions([self.act_new, self.act_open])
        self.recent_menu = m.addMenu("Open &Recent")
        m.addActions([self.act_save, self.act_save_as])
        m.addSeparator()
        m.addActions([self.act_import_ddl, self.act_import_db])
        m.addSeparator()
        m.addActions([self.act_export_ddl, self.act_export_diagram, self.act_export_report,
                      self.act_export_docs, self.act_export_migration])
        m.addSeparator()
        m.addAction(self.act_print)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = bar.addMenu("&Edit")
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addActions([self.act_copy, self.act_paste, self.act_delete, self.act_select_all])
        m.addSeparator()
        m.addAction(self.act_find)
        m = bar.addMenu("&Schema")
        m.addActions([self.act_add_table, self.act_add_column])
        m.addSeparator()
        m.addAction("&Lint Settings…", self.show_lint_settings)
        m = bar.addMenu("&View")
        m.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit])
        m.addSeparator()
        theme = m.addMenu("&Theme")
        theme.addActions(list(self.theme_actions.values()))
        m.addSeparator()
        for dock in self.docks.values():
            m.addAction(dock.toggleViewAction())
        m = bar.addMenu("&Diagram")
        m.addActions([self.act_arrange, self.act_arrange_sel])
        m.addSeparator()
        self.areas_menu = m.addMenu("Subject &Areas")
        self.areas_menu.addActions([self.act_area_new, self.act_area_suggest, self.act_area_remove])
        m.addSeparator()
        engines = m.addMenu("Layout &Engine")
        engines.addActions(list(self.engine_actions.values()))
        self.help_menu = m = bar.addMenu("&Help")
        m.addActions([self.act_shortcuts, self.act_rule_docs])
        m.addSeparator()
        m.addAction(self.act_about)
        self._update_recent_menu()

    def _build_toolbar(self) -> None:
        tb = QToolBar("Main", self)
        tb.setObjectName("toolbar-main")
        tb.setMovable(True)
        self.addToolBar(tb)
        tb.addActions([self.act_new, self.act_open, self.act_save])
        tb.addSeparator()
        tb.addActions([self.act_undo, self.act_redo])
        tb.addSeparator()
        tb.addActions([self.act_add_table, self.act_add_column, self.act_delete])
        tb.addSeparator()
        tb.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_arrange])
        tb.addSeparator()
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find table…")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(220)
        self.find_box.returnPressed.connect(lambda: self.find_table(self.find_box.text()))
        tb.addWidget(self.find_box)
        self.toolbar = tb
        self._build_focus_bar()

    def _build_focus_bar(self) -> None:
        """Shown in a focus view: what is shown, how far, and the way back."""
        from PySide6.QtWidgets import QSpinBox

        bar = QToolBar("Focus", self)
        bar.setObjectName("toolbar-focus")
        bar.setMovable(False)
        self.focus_label = QLabel()
        self.focus_depth = QSpinBox()
        self.focus_depth.setRange(1, 3)
        self.focus_depth.setPrefix("steps: ")
        self.focus_depth.setToolTip("How many foreign-key steps from the table are shown")
        self.focus_depth.valueChanged.connect(lambda d: self._focus_table and self.show_neighbours(
            self._focus_table, d))
        bar.addWidget(self.focus_label)
        bar.addWidget(self.focus_depth)
        self.act_focus_exit = QAction(icon("fit"), "Show All Tables", self)
        self.act_focus_exit.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.act_focus_exit.setStatusTip("Leave the focus view: back to the whole diagram, where you were")
        self.act_focus_exit.triggered.connect(lambda _c=False: self.exit_focus())
        self.addAction(self.act_focus_exit)
        bar.addAction(self.act_focus_exit)
        self.addToolBarBreak()
        self.addToolBar(bar)
        bar.hide()
        self.focus_bar = bar
        self._focus_table: str | None = None
        self._focus_return = None  # (transform, centre) of the view before the focus view
        self._edits_seen = 0

    def _connect(self) -> None:
        doc = self.document
        doc.changed.connect(self._on_changed)
        doc.reset.connect(self._reset_views)
        doc.positionsChanged.connect(self.scene.set_positions)
        doc.dirtyChanged.connect(lambda _d: self._update_title())
        doc.pathChanged.connect(lambda _p: self._update_title())
        self.lint.findingsReady.connect(self._on_findings)
        self.scene.tablesMoved.connect(self.on_tables_moved)
        self.scene.foreignKeyDragged.connect(self.on_foreign_key_dragged)
        self.scene.objectContextMenu.connect(self.on_object_context_menu)
        self.scene.objectActivated.connect(self.on_object_activated)
        self.scene.areaContextMenu.connect(self.on_area_context_menu)
        self.view.renameRequested.connect(self.rename_selection)
        self.view.propertiesRequested.connect(self.open_selection_properties)
        self.view.stepRequested.connect(self.step_selection)
        self.scene.areaActivated.connect(lambda aid: self.rename_area(aid))
        self.scene.canvasContextMenu.connect(self.on_canvas_context_menu)
        doc.areasChanged.connect(self.scene.set_areas)
        doc.diagramsChanged.connect(self._diagrams_changed)
        self.diagrams_panel.openRequested.connect(self.open_diagram)
        self.diagrams_panel.newRequested.connect(lambda: self.new_diagram_from_selection())
        self.diagrams_panel.perAreaRequested.connect(self.diagrams_per_area)
        self.diagrams_panel.renameRequested.connect(lambda did: self.rename_diagram(did))
        self.diagrams_panel.deleteRequested.connect(self.delete_diagram)
        self.scene.selectionChanged.connect(self._on_scene_selection)
        self.problems.activated.connect(self.show_finding)
        self.problems.contextRequested.connect(self._problem_context_menu)
        self.problems.fixRequested.connect(self.apply_fix)
        self.document.lintSettingsChanged.connect(self._config_lint)
        self.problems.details.jobs = self.jobs  # fix SQL rendered off the GUI thread
        self.outline_panel.objectSelected.connect(self.select_object)
        self.outline_panel.objectActivated.connect(self.select_object)
        self.properties.selectRequested.connect(self.select_object)
        self.ddl_preview.dialectChanged.connect(self._remember_dialect)

    def _remember_dialect(self, dialect: str) -> None:
        self.settings.dialect = dialect

    # -- document → views ------------------------------------------------------------------
    def _reset_views(self) -> None:
        schema = self.document.schema
        if hasattr(self, "focus_bar"):  # a new document: never in a focus view
            self.focus_bar.hide()
            self._focus_table, self._focus_return = None, None
        self.scene.set_schema(schema, self.document.positions)
        self.scene.set_areas(self.document.areas())
        self.document.set_positions(self.scene.positions(), notify=False)
        self._diagrams_changed()
        self.outline_panel.set_schema(schema)
        self.findings = []
        self.problems.set_findings([])
        self.scene.set_findings([])
        self.properties.set_selection(None)
        self.find_box.clear()  # the previous document's search means nothing here
        self._find_hits = []
        self._update_status()
        self._config_lint()
        QTimer.singleShot(0, self.view.fit_all)
        self.minimap.attach()

    def _config_lint(self) -> None:
        """Lint with the project's own settings (``settings.lint``: ignored rules,
        suppressions, options), as they are in the open document."""
        from tablewright.linting.config import Config

        config = Config()
        lint_settings = self.document.project.settings.get("lint")
        if lint_settings:
            from tablewright.linting.runner import settings_config

            try:
                config = settings_config(lint_settings, config, f"{self.document.title}: settings.lint")
            except Exception as exc:  # a bad settings.lint: lint with defaults, say why
                self.statusBar().showMessage(f"Lint settings ignored: {error_text(exc)}", 8000)
        self.lint.set_config(config)

    def _lint_settings_edit(self, change, text: str) -> None:
        """Change a copy of the project's lint settings with ``change`` and apply
        it as one undoable step; live linting follows."""
        lint = copy.deepcopy(self.document.project.settings.get("lint") or {})
        change(lint)
        self.document.push(SetLintSettingsCommand(self.document, lint, text))
        self.statusBar().showMessage(f"{text} (Edit ▸ Undo takes it back)", 6000)

    def ignore_finding_here(self, f: Finding) -> None:
        """Suppress ``f``'s rule on its table or column, in the project's settings."""
        import glob

        where = f"{f.table}.{f.column}" if f.column else f.table
        if not where:
            return
        entry = {"rules": [f.rule], "object": glob.escape(where.lower()), "reason": "ignored in the Problems panel"}
        self._lint_settings_edit(lambda lint: lint.setdefault("suppress", []).append(entry),
                                 f"Ignore {f.rule} on {where}")

    def show_lint_settings(self) -> None:
        """Schema ▸ Lint Settings…: what the project ignores, each removable (undoable)."""
        from tablewright.app.dialogs.lint_settings import LintSettingsDialog

        dialog = LintSettingsDialog(lambda: self.document.project.settings.get("lint"), self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def change(lint: dict, text: str) -> None:
            self.document.push(SetLintSettingsCommand(self.document, lint, text))

        dialog.changeRequested.connect(change)
        self.document.lintSettingsChanged.connect(dialog.refresh)  # gone with the dialog
        self.lint_settings_dialog = dialog
        dialog.open()

    def ignore_rule(self, code: str) -> None:
        """Turn rule ``code`` off for this project."""
        def change(lint: dict) -> None:
            if code not in lint.setdefault("ignore", []):
                lint["ignore"].append(code)

        self._lint_settings_edit(change, f"Ignore rule {code} in this project")

    def _on_changed(self, table_ids) -> None:
        self._edits_seen += 1  # stale: the cached foreign-key graph
        schema = self.document.schema
        ids = set(table_ids) if table_ids else {t.id for t in schema.tables}
        self.scene.sync_tables(ids)
        present = {t.id for t in schema.tables}
        placed = self.scene.positions()
        restore, record = {}, {}
        for tid in ids & present:
            known = self.document.positions.get(tid)
            if known is not None and tuple(known[:2]) != tuple(placed[tid][:2]):
                restore[tid] = known
            elif known is None:
                record[tid] = placed[tid]
        if restore:  # a table coming back (undo of a delete): where it was
            self.scene.set_positions(restore)
        if record:  # new tables the canvas placed
            self.document.set_positions(record, notify=False)
        self.outline_panel.update_tables(schema, table_ids)
        self._update_status()

    def _on_findings(self, findings) -> None:
        self.findings = findings
        self.scene.set_findings(findings)
        self.problems.set_findings(findings)
        self._update_status()
        if self.lint.last_latency is not None:
            self.status_lint.setText(f"lint {self.lint.last_latency * 1000:.0f} ms")

    def _update_status(self) -> None:
        schema = self.document.schema
        self.status_tables.setText(f"{len(schema.tables)} tables · {sum(len(t.foreign_keys) for t in schema.tables)} FKs")
        counts = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        self.status_findings.setText("  ".join(
            f"<span style='color:{SEVERITY_COLORS[s]}'>●</span> {counts[s]} {s}" for s in SEVERITIES))
        self.status_findings.setToolTip("Findings by severity (Problems panel)")

    def document_name(self) -> str:
        """What the title bar and the prompts call the open document: its file,
        or the files it was imported from, or Untitled."""
        doc = self.document
        if doc.path is None and getattr(self, "_imported_from", None):
            return f"{self._imported_from} (imported)"
        return doc.title

    def _update_title(self) -> None:
        doc = self.document
        self.setWindowTitle(f"{self.document_name()}[*] — Tablewright")
        self.setWindowModified(doc.dirty)

    def show_error(self, title: str, cause) -> None:
        text = cause if isinstance(cause, str) else error_text(cause)
        log.info("%s: %s", title, text)
        QMessageBox.critical(self, title, text)

    # -- selection -------------------------------------------------------------------------
    def _on_scene_selection(self) -> None:
        try:
            ids = self.scene.selected_table_ids()
        except RuntimeError:  # scene being torn down
            return
        tid = ids[0] if len(ids) == 1 else None
        if tid != self.properties.table_id or tid is None:
            self.properties.set_selection(tid)
        self.ddl_preview.set_table(tid)
        self.outline_panel.select(tid)

    def select_object(self, table_id: str | None, column_id: str | None = None, *, center: bool = False) -> None:
        if not table_id:
            self.scene.clearSelection()
            self.properties.set_selection(None)
            return
        self.scene.blockSignals(True)
        try:
            self.scene.select_object(table_id, column_id)
        finally:
            self.scene.blockSignals(False)
        self.properties.set_selection(table_id, column_id)
        self.ddl_preview.set_table(table_id)
        self.outline_panel.select(table_id, column_id)
        if center:
            self.view.center_on_table(table_id)

    def show_finding(self, f: Finding) -> None:
        """Select the finding's object on the canvas and centre it."""
        table_id, column_id = finding_target(self.document.schema, f)
        if table_id:
            self.select_object(table_id, column_id, center=True)

    def on_object_activated(self, table_id: str, column_id) -> None:
        self.select_object(table_id, column_id)
        self.docks["properties"].show()
        self.docks["properties"].raise_()

    def select_all(self) -> None:
        for item in self.scene.table_items():
            item.setSelected(True)

    def focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_table(self, text: str) -> str | None:
        """Jump to the next table matching ``text`` (Enter again: the next match)."""
        hits = self.view.find_table(text)
        if not hits:
            self.statusBar().showMessage(f"No table matches {text!r}", 4000)
            return None
        current = self.scene.selected_table_ids()
        at = (hits.index(current[0]) + 1) % len(hits) if current and current[0] in hits else 0
        self.select_object(hits[at], center=True)
        self.statusBar().showMessage(f"{at + 1} of {len(hits)} tables matching {text!r}", 4000)
        return hits[at]

    # -- editing ---------------------------------------------------------------------------
    def apply_edit(self, make) -> bool:
        """Build an edit and apply it as one command; a refusal is a message."""
        try:
            edit = make() if callable(make) else make
        except (EditError, KeyError, ValueError) as exc:
            self.show_error("Cannot change the schema", exc)
            return False
        self.document.apply(edit)
        return True

    def _unique_table_name(self, base: str) -> str:
        taken = {t.name.lower() for t in self.document.schema.tables}
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}{n}"
        return name

    def add_table(self, name: str | None = None, at: QPointF | None = None) -> str | None:
        schema = self.document.schema
        name = name or self._unique_table_name("new_table")
        try:
            edit = edits.add_table(schema, name)
        except EditError as exc:
            self.show_error("Cannot add the table", exc)
            return None
        center = at or self.view.mapToScene(self.view.viewport().rect().center())
        spot = self.scene.free_position(center)  # never on top of another card
        tid = edit.table.id
        named = self.document.named_diagram(self.document.active)
        if named is not None:  # a table added in a named diagram belongs to it
            named.tables.append(tid)
        self.document.apply(edit, positions={tid: (round(spot.x(), 1), round(spot.y(), 1), False)})
        self.select_object(tid)
        return tid

    def add_column(self, table_id: str | None = None, name: str | None = None) -> str | None:
        ids = [table_id] if table_id else self.scene.selected_table_ids() or ([self.properties.table_id]
                                                                            if self.properties.table_id else [])
        if not ids:
            self.statusBar().showMessage("Select a table to add a column to", 4000)
            return None
        table = self.document.schema.table(ids[0])
        before = {c.id for c in table.columns}
        if name is None:
            self.properties.set_selection(table.id)
            self.properties.add_column()
        else:
            from tablewright.app.docks.type_picker import build_type

            self.apply_edit(lambda: edits.add_column(self.document.schema, table.id, name,
                                                     build_type("text", self.document.schema.dialect)))
        added = [c.id for c in self.document.schema.table(table.id).columns if c.id not in before]
        if added:
            self.select_object(table.id, added[0])
            return added[0]
        return None

    def delete_selection(self) -> None:
        """Delete the selected tables as one macro (their incoming keys too)."""
        ids = self.scene.selected_table_ids()
        if not ids:
            return
        self.delete_tables(ids)

    def delete_tables(self, ids: list[str]) -> None:
        schema = self.document.schema
        with self.document.macro(f"Delete {len(ids)} table{'s' if len(ids) != 1 else ''}"):
            for tid in ids:
                self.document.push(EditCommand(self.document, edits.delete_table(schema, tid)))

    def copy_tables(self) -> None:
        ids = self.scene.selected_table_ids()
        schema = self.document.schema
        self._clipboard = [(copy.deepcopy(schema.table(t)), self.scene.positions().get(t)) for t in ids]
        names = ", ".join(t.name for t, _ in self._clipboard)
        QGuiApplication.clipboard().setText(names)
        self.statusBar().showMessage(f"Copied {names}", 3000)

    def paste_tables(self) -> list[str]:
        """Paste copies (fresh ids, ``_copy`` names) as one macro, offset from the originals."""
        if not self._clipboard:
            return []
        schema = self.document.schema
        new_ids = []
        with self.document.macro(f"Paste {len(self._clipboard)} table{'s' if len(self._clipboard) != 1 else ''}"):
            for table, pos in self._clipboard:
                present = any(t.id == table.id for t in schema.tables)
                source = schema if present else Schema(dialect=schema.dialect, tables=[*schema.tables, table])
                edit = edits.copy_table(source, table.id)
                positions = {edit.table.id: (pos[0] + 40, pos[1] + 40, False)} if pos else None
                self.document.push(EditCommand(self.document, edit, positions=positions))
                new_ids.append(edit.table.id)
        self.scene.clearSelection()
        for tid in new_ids:
            item = self.scene.table_item(tid)
            if item is not None:
                item.setSelected(True)
        return new_ids

    def rename_object(self, table_id: str, column_id: str | None = None) -> None:
        table = self.document.schema.table(table_id)
        old = table.column(column_id).name if column_id else table.name
        name, ok = QInputDialog.getText(self, "Rename", f"New name for {old}:", text=old)
        self._refocus()
        if not ok or not name.strip() or name.strip() == old:
            return
        if column_id:
            self.apply_edit(lambda: edits.rename_column(self.document.schema, table_id, column_id, name.strip()))
        else:
            self.apply_edit(lambda: edits.rename_table(self.document.schema, table_id, name.strip()))

    def rename_selection(self) -> None:
        """F2 on the canvas: rename the selected table (or its current column)."""
        ids = self.scene.selected_table_ids()
        if len(ids) != 1:
            return
        column = self.properties.column_id if self.properties.table_id == ids[0] else None
        self.rename_object(ids[0], column)

    def open_selection_properties(self) -> None:
        """Enter on the canvas: the selected table's properties, with the focus there."""
        ids = self.scene.selected_table_ids()
        if len(ids) == 1:
            self.on_object_activated(ids[0], None)
            self.properties.setFocus(Qt.TabFocusReason)
            self.properties.focusNextChild()

    def step_selection(self, step: int) -> str | None:
        """Tab / Shift+Tab on the canvas: the next / previous card in reading
        order (rows top to bottom, left to right), selected and in view."""
        cards = [c for c in self.scene.table_items() if c.isVisible()]
        if not cards:
            return None
        cards.sort(key=lambda c: (round(c.y() / 120), c.x()))
        order = [c.table_id for c in cards]
        current = self.scene.selected_table_ids()
        at = order.index(current[0]) if current and current[0] in order else (-1 if step > 0 else 0)
        tid = order[(at + step) % len(order)]
        self.select_object(tid)
        self.view.ensureVisible(self.scene.table_item(tid).sceneBoundingRect(), 40, 40)
        return tid

    def _refocus(self) -> None:
        """After a dialog opened from a popup menu: the window active and the
        canvas focused, so Ctrl+Z / Ctrl+Q work without a click first."""
        self.activateWindow()
        if QApplication.focusWidget() is None or QApplication.focusWidget().window() is not self:
            self.view.setFocus(Qt.OtherFocusReason)

    def delete_column(self, table_id: str, column_id: str) -> None:
        self.apply_edit(lambda: edits.delete_column(self.document.schema, table_id, column_id))

    def apply_fix(self, f: Finding) -> bool:
        """A finding's quick fix as one undoable edit."""
        if f.fix is None or f.fix.edit is None:
            return False
        return self.apply_edit(lambda: fix_edit(self.document.schema, f.fix))

    # -- canvas gestures ---------------------------------------------------------------------
    def on_tables_moved(self, moves: dict) -> None:
        self.document.push(MoveTablesCommand(self.document, moves))

    def ask_foreign_key(self, description: str) -> dict | None:
        """ON DELETE / ON UPDATE for a drawn key (None: cancelled)."""
        dialog = ForeignKeyDialog(description, parent=self)
        return dialog.values() if dialog.exec() == QDialog.Accepted else None

    def on_foreign_key_dragged(self, table_id: str, column_id: str, target_table_id: str, target_column_id) -> None:
        schema = self.document.schema
        table, target = schema.table(table_id), schema.table(target_table_id)
        if target_column_id is None:
            pk = target.primary_key.columns if target.primary_key else []
            if len(pk) != 1:
                self.show_error("Cannot draw the foreign key",
                                f"{target.name} has no single-column primary key; drop onto the column to reference")
                return
            target_column_id = pk[0]
        description = (f"{table.name}.{table.column(column_id).name} → "
                       f"{target.name}.{target.column(target_column_id).name}")
        values = self.ask_foreign_key(description)
        if values is None:
            return
        self.apply_edit(lambda: edits.add_foreign_key(schema, table_id, [column_id], target_table_id,
                                                      [target_column_id], **values))

    def findings_for(self, table_id: str, column_id: str | None = None) -> list[Finding]:
        schema = self.document.schema
        out = []
        for f in self.findings:
            if f.table_id != table_id:
                continue
            if column_id is not None and finding_target(schema, f)[1] != column_id:
                continue
            out.append(f)
        return out

    def build_object_menu(self, table_id: str, column_id: str | None) -> QMenu:
        menu = QMenu(self)
        schema = self.document.schema
        mine = self.findings_for(table_id, column_id)
        if column_id is not None:  # and what is about the whole table (not its other columns)
            mine += [f for f in self.findings_for(table_id) if finding_target(schema, f)[1] is None]
        fixes = [f for f in mine if f.fix is not None and f.fix.edit is not None]
        for f in fixes:
            a = menu.addAction(icon("lightbulb"), f"Fix: {f.fix.title} ({object_label(f)})")
            a.setToolTip(f"{f.rule}: {f.message}")
            a.triggered.connect(lambda _c=False, f=f: self.apply_fix(f))
        others = [f for f in mine if f not in fixes]
        if others:
            sub = menu.addMenu(f"Problems ({len(others)})")
            for f in others[:20]:
                a = sub.addAction(severity_icon(f.severity), f"{f.rule}: {f.message}")
                a.triggered.connect(lambda _c=False, f=f: self._show_in_problems(f))
        if fixes or others:
            menu.addSeparator()
        table = self.document.schema.table(table_id)
        if column_id:
            name = table.column(column_id).name
            menu.addAction(f"Rename column {name}…", lambda: self.rename_object(table_id, column_id))
            menu.addAction(icon("delete"), f"Delete column {name}", lambda: self.delete_column(table_id, column_id))
            menu.addSeparator()
        menu.addAction(f"Show neighbours of {table.name}", lambda: self.show_neighbours(table_id))
        menu.addSeparator()
        menu.addAction(f"Rename table {table.name}…", lambda: self.rename_object(table_id))
        menu.addAction(icon("add-column"), "Add column", lambda: self.add_column(table_id))
        menu.addAction("Copy", self.copy_tables)
        menu.addAction(icon("arrange"), "Arrange selection", self.arrange_selection)
        menu.addAction(icon("delete"), f"Delete table {table.name}", lambda: self.delete_tables(
            self.scene.selected_table_ids() if table_id in self.scene.selected_table_ids() else [table_id]))
        return menu

    def on_object_context_menu(self, table_id: str, column_id, pos: QPoint) -> None:
        self.select_object(table_id, column_id)
        self.context_menu = self.build_object_menu(table_id, column_id)
        self.context_menu.popup(pos)

    def _problem_context_menu(self, f: Finding, pos: QPoint) -> None:
        menu = QMenu(self)
        if f.fix is not None and f.fix.edit is not None:
            menu.addAction(icon("lightbulb"), f"Fix: {f.fix.title} ({object_label(f)})", lambda: self.apply_fix(f))
        menu.addAction("Show on diagram", lambda: self.show_finding(f))
        menu.addSeparator()
        if f.table:
            where = f"{f.table}.{f.column}" if f.column else f.table
            menu.addAction(f"Ignore {f.rule} on {where}", lambda: self.ignore_finding_here(f))
        menu.addAction(f"Ignore rule {f.rule} ({f.name}) in this project", lambda: self.ignore_rule(f.rule))
        menu.addAction(f"Documentation of {f.rule}…", lambda: self.show_rule_docs(f.rule))
        menu.addSeparator()
        menu.addAction("Copy message", lambda: QGuiApplication.clipboard().setText(f"{f.rule}: {f.message}"))
        self.context_menu = menu
        menu.popup(pos)

    def _show_in_problems(self, f: Finding) -> None:
        self.docks["problems"].show()
        self.problems.select_finding(f.id)

    # -- named diagrams ---------------------------------------------------------------------------
    def _diagrams_changed(self) -> None:
        doc = self.document
        self.diagrams_panel.set_diagrams(doc.named, doc.active, len(doc.schema.tables))
        if doc.active is None and self.scene.focused() and self._focus_table is None:
            self.open_diagram(None)  # the diagram shown was deleted (or undone)

    def scene_positions(self) -> dict:
        """The canvas positions of the diagram shown (a named one: its tables only)."""
        positions = self.scene.positions()
        named = self.document.named_diagram(self.document.active)
        if named is None:
            return positions
        keep = set(named.tables)
        return {t: p for t, p in positions.items() if t in keep}

    def open_diagram(self, diagram_id: str | None) -> None:
        """Show a named diagram (None: the main one with every table), each with
        its own positions; tables it has no position for are laid out."""
        from tablewright.designer.focus import sub_schema
        from tablewright.designer.layout import layout

        doc = self.document
        if diagram_id is not None and doc.named_diagram(diagram_id) is None:
            return
        if self.scene.focused() and self._focus_table is not None:
            self.exit_focus()
        doc.set_positions(self.scene_positions(), notify=False)  # the one we leave keeps its places
        doc.active = diagram_id
        named = doc.named_diagram(diagram_id)
        tables = set(named.tables) if named is not None else None
        present = {t.id for t in doc.schema.tables}
        positions = {t: p for t, p in doc.positions.items() if t in present and (tables is None or t in tables)}
        wanted = tables & present if tables is not None else present
        missing = wanted - set(positions)
        if missing:
            sizes = self.scene.card_sizes()
            sub = sub_schema(doc.schema, wanted)
            placed = layout(sub, sizes, positions, engine=self.scene.engine,
                            groups=[a.tables for a in doc.areas()] or None)
            positions.update({t: (x, y, False) for t, (x, y) in placed.items() if t in missing})
            doc.set_positions({t: positions[t] for t in missing}, notify=False)
        self.scene.set_focus(tables)
        self.scene.set_positions(positions)
        self.scene.refit_areas()
        self.diagrams_panel.set_diagrams(doc.named, doc.active, len(doc.schema.tables))
        self.statusBar().showMessage(f"Diagram: {named.name if named else 'all tables'}", 3000)
        self.view.fit_all()

    def new_diagram_from_selection(self, name: str | None = None, table_ids: list[str] | None = None) -> str | None:
        from tablewright.app.undo import SetDiagramsCommand
        from tablewright.designer.diagrams import NamedDiagram, new_diagram_id

        ids = table_ids if table_ids is not None else self.scene.selected_table_ids()
        if not ids:
            self.statusBar().showMessage("Select the tables for the new diagram first", 4000)
            return None
        if name is None:
            name, ok = QInputDialog.getText(self, "New Diagram", f"Name of the diagram ({len(ids)} tables):")
            self._refocus()
            if not ok or not name.strip():
                return None
        doc = self.document
        did = new_diagram_id(name.strip(), {d.id for d in doc.named})
        placed = self.scene.positions()
        diagram = NamedDiagram(did, name.strip(), list(ids), {t: placed[t] for t in ids if t in placed})
        doc.push(SetDiagramsCommand(doc, doc.named + [diagram], f"New diagram {name.strip()}"))
        return did

    def diagrams_per_area(self) -> list[str]:
        from tablewright.app.undo import SetDiagramsCommand
        from tablewright.designer.diagrams import per_area

        doc = self.document
        made = per_area(doc.areas(), {d.id for d in doc.named})
        if not made:
            self.statusBar().showMessage("No subject areas: Diagram ▸ Subject Areas first", 4000)
            return []
        doc.push(SetDiagramsCommand(doc, doc.named + made, f"One diagram per area ({len(made)})"))
        return [d.id for d in made]

    def rename_diagram(self, diagram_id: str, name: str | None = None) -> None:
        from tablewright.app.undo import SetDiagramsCommand

        doc = self.document
        d = doc.named_diagram(diagram_id)
        if d is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, "Rename Diagram", f"New name for {d.name}:", text=d.name)
            self._refocus()
            if not ok:
                return
        if not name.strip() or name.strip() == d.name:
            return
        doc.set_positions(self.scene_positions(), notify=False)
        changed = [replace(x, name=name.strip()) if x.id == diagram_id else x for x in doc.named]
        doc.push(SetDiagramsCommand(doc, changed, f"Rename diagram {d.name} to {name.strip()}"))

    def delete_diagram(self, diagram_id: str) -> None:
        from tablewright.app.undo import SetDiagramsCommand

        doc = self.document
        d = doc.named_diagram(diagram_id)
        if d is None:
            return
        if doc.active == diagram_id:
            self.open_diagram(None)
        doc.push(SetDiagramsCommand(doc, [x for x in doc.named if x.id != diagram_id], f"Delete diagram {d.name}"))

    # -- focus view -------------------------------------------------------------------------------
    def show_neighbours(self, table_id: str, depth: int | None = None) -> set[str]:
        """A focus view: the table and what is within ``depth`` foreign-key
        steps of it; the rest hidden until Show All Tables."""
        from tablewright.designer.focus import neighbourhood

        depth = depth or self.focus_depth.value()
        ids = neighbourhood(self.document.schema, table_id, depth, graph=self._fk_graph())
        if self._focus_return is None:
            self._focus_return = (self.view.transform(), self.view.mapToScene(self.view.viewport().rect().center()))
        self._focus_table = table_id
        self.scene.set_focus(ids)
        self.focus_depth.blockSignals(True)
        self.focus_depth.setValue(depth)
        self.focus_depth.blockSignals(False)
        name = self.document.schema.table(table_id).name
        self.focus_label.setText(f"  Focus: {name} and its neighbours ({len(ids)} of "
                                 f"{len(self.document.schema.tables)} tables)  ")
        self.focus_bar.show()
        self.select_object(table_id)
        self.view.fit_all()
        return ids

    def _fk_graph(self):
        """The undirected foreign-key graph of the schema as it is now (kept
        until the next edit: building it for 1,000 tables costs more than a
        focus view may take)."""
        from tablewright.designer.layout import fk_graph

        key = (id(self.document.schema), self.document.undo_stack.index(), self._edits_seen)
        if getattr(self, "_fk_graph_key", None) != key:
            self._fk_graph_cache = fk_graph(self.document.schema).to_undirected()
            self._fk_graph_key = key
        return self._fk_graph_cache

    def exit_focus(self) -> None:
        """Back to the whole diagram, as it was shown before the focus view."""
        if not self.scene.focused() and self._focus_return is None:
            return
        self.scene.set_focus(None)
        self.focus_bar.hide()
        self._focus_table = None
        back, self._focus_return = self._focus_return, None
        if back is not None:
            self.view.setTransform(back[0])
            self.view.centerOn(back[1])
        else:
            self.view.fit_all()

    # -- subject areas --------------------------------------------------------------------------
    def _set_areas(self, areas: list, text: str) -> None:
        from tablewright.app.undo import SetAreasCommand

        self.document.push(SetAreasCommand(self.document, areas, text))

    def _area(self, area_id: str):
        return next((a for a in self.document.areas() if a.id == area_id), None)

    def new_area_from_selection(self, name: str | None = None, table_ids: list[str] | None = None) -> str | None:
        """Group the selected tables (or ``table_ids``) in a new area; returns its id."""
        from tablewright.designer.areas import Area, assign, new_area_id, next_color

        ids = table_ids if table_ids is not None else self.scene.selected_table_ids()
        if not ids:
            self.statusBar().showMessage("Select the tables to group first", 4000)
            return None
        areas = self.document.areas()
        if name is None:
            name, ok = QInputDialog.getText(self, "New Subject Area", f"Name of the area ({len(ids)} tables):")
            self._refocus()
            if not ok or not name.strip():
                return None
        name = name.strip()
        area = Area(new_area_id(name, {a.id for a in areas}), name, next_color(areas), "", [])
        areas = assign(areas + [area], area.id, ids)
        self._set_areas(areas, f"New area {name}")
        return area.id

    def rename_area(self, area_id: str, name: str | None = None) -> None:
        area = self._area(area_id)
        if area is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, "Rename Area", f"New name for {area.name}:", text=area.name)
            self._refocus()
            if not ok:
                return
        if not name.strip() or name.strip() == area.name:
            return
        areas = [a if a.id != area_id else replace(a, name=name.strip()) for a in self.document.areas()]
        self._set_areas(areas, f"Rename area {area.name} to {name.strip()}")

    def recolor_area(self, area_id: str, color: str | None = None) -> None:
        area = self._area(area_id)
        if area is None:
            return
        if color is None:
            from PySide6.QtGui import QColor
            from PySide6.QtWidgets import QColorDialog

            chosen = QColorDialog.getColor(QColor(area.color), self, f"Colour of {area.name}")
            self._refocus()
            if not chosen.isValid():
                return
            color = chosen.name()
        areas = [a if a.id != area_id else replace(a, color=color) for a in self.document.areas()]
        self._set_areas(areas, f"Recolour area {area.name}")

    def edit_area_note(self, area_id: str, note: str | None = None) -> None:
        area = self._area(area_id)
        if area is None:
            return
        if note is None:
            note, ok = QInputDialog.getMultiLineText(self, "Area Note", f"Note on {area.name}:", area.note)
            self._refocus()
            if not ok:
                return
        areas = [a if a.id != area_id else replace(a, note=note) for a in self.document.areas()]
        self._set_areas(areas, f"Note on area {area.name}")

    def delete_area(self, area_id: str) -> None:
        """The area goes; its tables stay where they are."""
        area = self._area(area_id)
        if area is not None:
            self._set_areas([a for a in self.document.areas() if a.id != area_id], f"Delete area {area.name}")

    def remove_selection_from_area(self) -> None:
        ids = set(self.scene.selected_table_ids())
        areas = self.document.areas()
        if not ids or not any(t in ids for a in areas for t in a.tables):
            return
        changed = [replace(a, tables=[t for t in a.tables if t not in ids]) for a in areas]
        self._set_areas(changed, f"Remove {len(ids)} table{'s' if len(ids) != 1 else ''} from their area")

    def select_area_tables(self, area_id: str) -> None:
        area = self._area(area_id)
        if area is None:
            return
        self.scene.clearSelection()
        for tid in area.tables:
            card = self.scene.table_item(tid)
            if card is not None:
                card.setSelected(True)

    def suggest_areas_dialog(self):
        """Diagram ▸ Subject Areas ▸ Suggest Areas…: shown for review, applied as one undo step."""
        from tablewright.app.dialogs.areas import SuggestAreasDialog
        from tablewright.designer.areas import suggest_areas

        schema = self.document.schema
        if not schema.tables:
            return None
        areas = suggest_areas(schema)
        basis = ("one per namespace" if len({t.namespace for t in schema.tables}) > 1
                 else "from foreign-key communities, named after their most common table-name word")
        dialog = SuggestAreasDialog(areas, {t.id: t.name for t in schema.tables}, basis,
                                    replacing=len(self.document.areas()), parent=self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_suggested_areas(dialog.chosen(), arrange=dialog.arrange.isChecked()))
        dialog.open()
        self.areas_dialog = dialog
        return dialog

    def apply_suggested_areas(self, areas: list, *, arrange: bool = True) -> None:
        if not areas:
            return
        self._set_areas(areas, f"Apply {len(areas)} suggested areas")
        if arrange:
            self.arrange_all()

    def on_area_context_menu(self, area_id: str, pos: QPoint) -> None:
        area = self._area(area_id)
        if area is None:
            return
        menu = QMenu(self)
        menu.addAction(f"Rename {area.name}…", lambda: self.rename_area(area_id))
        menu.addAction("Colour…", lambda: self.recolor_area(area_id))
        menu.addAction("Note…", lambda: self.edit_area_note(area_id))
        menu.addSeparator()
        menu.addAction(f"Select its {len(area.tables)} tables", lambda: self.select_area_tables(area_id))
        menu.addAction(icon("arrange"), "Arrange this area",
                       lambda: (self.select_area_tables(area_id), self.arrange_selection()))
        menu.addSeparator()
        menu.addAction(icon("delete"), f"Delete area {area.name} (keeps its tables)", lambda: self.delete_area(area_id))
        self.context_menu = menu
        menu.popup(pos)

    def build_canvas_menu(self, scene_pos: QPointF) -> QMenu:
        """Right click on empty canvas: add a table here, paste, arrange, areas."""
        menu = QMenu(self)
        menu.addAction(icon("add-table"), "Add table here", lambda: self.add_table(at=scene_pos))
        paste = menu.addAction("Paste tables", self.paste_tables)
        paste.setEnabled(bool(self._clipboard))
        menu.addSeparator()
        menu.addAction(icon("arrange"), "Arrange all", self.arrange_all)
        menu.addAction(icon("fit"), "Fit diagram", self.view.fit_all)
        menu.addSeparator()
        new_area = menu.addAction("New area from selection…", self.new_area_from_selection)
        new_area.setEnabled(bool(self.scene.selected_table_ids()))
        menu.addAction("Suggest areas…", self.suggest_areas_dialog)
        return menu

    def on_canvas_context_menu(self, scene_pos: QPointF, pos: QPoint) -> None:
        self.context_menu = self.build_canvas_menu(scene_pos)
        self.context_menu.popup(pos)

    # -- arrange ------------------------------------------------------------------------------
    def set_layout_engine(self, engine: str) -> None:
        self.scene.engine = engine
        self.engine_actions[engine].setChecked(True)

    def arrange_all(self) -> None:
        """Every table of the diagram shown (a named diagram or focus view: its own)."""
        self._arrange({c.table_id for c in self.scene.table_items() if c.isVisible()})

    def arrange_selection(self) -> None:
        ids = set(self.scene.selected_table_ids())
        if ids:
            self._arrange(ids)

    def _arrange(self, only: set[str]) -> None:
        if not only:
            return
        from tablewright.designer.focus import sub_schema

        self.document.set_positions(self.scene_positions(), notify=False)
        self._arrange_only = only
        schema = self.document.schema
        if self.scene.focused():  # a named diagram or focus view: arranged among its own tables
            shown = {c.table_id for c in self.scene.table_items() if c.isVisible()}
            schema = sub_schema(schema, shown)
            self._arrange_before = {t: p for t, p in self.scene.positions().items() if t in shown}
        else:
            self._arrange_before = dict(self.scene.positions())
        groups = [a.tables for a in self.document.areas()] or None  # layout by area
        self.layout_worker.start(schema, self.scene.card_sizes(), self._arrange_before,
                                 engine=self.scene.engine, only=only, groups=groups)
        dialog = BusyDialog("Arranging the diagram…", self.layout_worker.cancel, self)
        self.layout_worker.progress.connect(dialog.set_fraction)
        self.arrange_progress = dialog

    def _arrange_done(self) -> None:
        dialog, self.arrange_progress = self.arrange_progress, None
        if dialog is not None:
            try:
                self.layout_worker.progress.disconnect(dialog.set_fraction)
            except (RuntimeError, TypeError):
                pass
            dialog.finish()

    def _arrange_failed(self, message: str) -> None:
        self._arrange_done()
        self.show_error("Cannot arrange the diagram", message)

    def _arrange_finished(self, result: dict) -> None:
        self._arrange_done()
        before = self._arrange_before
        after = {}
        for tid, (x, y) in result.items():
            old = before.get(tid)
            if old is None or (round(old[0], 1), round(old[1], 1)) != (round(x, 1), round(y, 1)):
                after[tid] = (float(x), float(y), bool(old[2]) if old else False)
        if not after:
            self.statusBar().showMessage("Nothing to arrange: the tables are pinned or already in place", 4000)
            return
        n = len(self._arrange_only or ())
        shown = sum(1 for c in self.scene.table_items() if c.isVisible())
        text = "Arrange all tables" if n >= shown else f"Arrange {n} tables"
        self.document.push(ArrangeCommand(self.document, after,
                                          before={t: before[t] for t in after if t in before}, text=text))
        if n >= shown:
            # the whole new layout in view, never an empty-looking canvas (once the
            # scroll bars have settled to the new scene rect)
            self.view.fit_all()
            QTimer.singleShot(0, self.view.fit_all)

    # -- files --------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded)."""
        if not self.document.dirty:
            return True
        answer = QMessageBox.warning(
            self, "Unsaved changes", f"Save the changes to {self.document_name()}?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def new_document(self) -> None:
        if not self.maybe_save():
            return
        self._imported_from = None
        self.document.set_project(Project(schema=Schema(dialect=self.settings.dialect)))

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open", self.start_dir(), PROJECT_FILTER)
        if path:
            self.open_file(path, ask=False)

    def open_file(self, path: str, *, ask: bool = True) -> bool:
        """Open a project file, or import a DDL file as a new unsaved project."""
        if ask and not self.maybe_save():
            return False
        if is_project(path):
            try:
                self.document.load(path)
            except Exception as exc:
                QMessageBox.critical(self, "Cannot open file", error_text(exc))
                return False
            self._imported_from = None
            self._add_recent(path)
            self._update_title()
            return True
        return self.import_files([path], None, report="errors", recent=True)

    def import_files(self, paths: list[str], dialect: str | None, *, report: str = "always",
                     recent: bool = False, wait: bool | None = None, order: bool = True) -> bool:
        """Import DDL files into a new project.  Small files at once, big ones in
        a worker with progress and Cancel.  ``report``: always / errors / never."""
        def done(result: ImportResult) -> None:
            self._imported(result, paths, report=report, recent=recent)

        def failed(exc) -> None:
            QMessageBox.critical(self, "Cannot open file", error_text(exc))

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
        self.jobs.start("import", load_sources, list(paths), dialect, progress=PROGRESS, order=order,
                        on_done=done, on_error=failed)
        self.import_progress = BusyDialog(f"Importing {', '.join(Path(p).name for p in paths)}…",
                                          lambda: self.jobs.cancel("import"), self).track_jobs(self.jobs, "import")
        return True

    def _imported(self, result: ImportResult, sources: list[str], *, report: str, recent: bool) -> None:
        sources = result.reordered or sources  # the order the files were read in
        names = [Path(s).name for s in sources]
        self._imported_from = ", ".join(names) if len(names) <= 2 else f"{names[0]} + {len(names) - 1} more"
        # clean until edited: closing right after opening a .sql loses nothing (the file is there)
        # what was imported exists already: it is the baseline migrations start from
        diagram = Diagram()
        if getattr(result, "groups", None):  # DBML TableGroups are the diagram's subject areas
            from tablewright.designer.areas import set_areas
            from tablewright.designer.dbml_import import areas_from_groups

            set_areas(diagram, areas_from_groups(result.groups))
        self.document.set_project(Project(schema=result.schema, diagram=diagram,
                                          baseline=copy.deepcopy(result.schema)), None)
        if recent:  # one entry per import, however many files it read
            self._add_recent(RECENT_SEPARATOR.join(str(Path(s).resolve()) for s in sources))
        self._update_title()
        if report == "always" or (report == "errors" and result.errors):
            self.show_import_report(result, sources)

    def show_import_report(self, result: ImportResult, sources: list[str]) -> ImportReportDialog:
        self.import_report = ImportReportDialog(result, sources, self)
        self.import_report.setAttribute(Qt.WA_DeleteOnClose)
        self.import_report.open()
        return self.import_report

    def import_ddl_dialog(self) -> None:
        if not self.maybe_save():
            return
        paths, _ = QFileDialog.getOpenFileNames(self, "Import DDL", self.start_dir(),
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
        choose = DialectDialog("Import DDL", "Dialect of the files", "auto", allow_auto=True, parent=self)
        if choose.exec() != QDialog.Accepted:
            return
        self.import_files(paths, choose.dialect(), report="always", recent=True)

    def import_order_dialog(self, paths: list[str]):
        from tablewright.app.dialogs.import_order import ImportOrderDialog
        from tablewright.designer.load_order import dependency_order

        try:
            order = dependency_order(paths)
        except Exception as exc:
            self.show_error("Cannot read the files", exc)
            return None
        return ImportOrderDialog(order, parent=self)

    def import_database_dialog(self) -> None:
        if not self.maybe_save():
            return
        dialog = DatabaseDialog(self.settings.last_database_url, self)
        if dialog.exec() != QDialog.Accepted or not dialog.url.text().strip():
            return
        self.settings.last_database_url = dialog.url.text().strip()  # without the password
        self.import_database(dialog.url_with_password())

    def import_database(self, url: str) -> None:
        from tablewright.designer.dburl import display_url
        from tablewright.designer.live_import import import_database

        shown = display_url(url)

        def done(result: ImportResult) -> None:
            self._imported(result, [shown], report="always", recent=False)

        self.jobs.start("import", import_database, url, progress=PROGRESS, on_done=done,
                        on_error=lambda exc: self.show_error("Cannot import the database", exc))
        self.import_progress = BusyDialog(f"Reading {shown}…", lambda: self.jobs.cancel("import"),
                                          self).track_jobs(self.jobs, "import")

    def save(self) -> bool:
        if not self.document.path or not is_project(self.document.path):
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        start = self.document.path or f"{(getattr(self, '_imported_from', None) or 'schema').split(',')[0]}"
        start = self.start_dir(Path(start).with_suffix(".twproj").name)
        path, _ = QFileDialog.getSaveFileName(self, "Save As", start, "Tablewright projects (*.twproj)")
        if not path:
            return False
        if not Path(path).suffix:
            path += ".twproj"
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        self.document.set_positions(self.scene_positions(), notify=False)
        try:
            self.document.save(path)
        except Exception as exc:
            self.show_error("Cannot save", exc)
            return False
        self._imported_from = None
        self._add_recent(path)
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def start_dir(self, name: str = "") -> str:
        """Where a file dialog starts: the folder of the last file used (not the
        folder the app happens to run in), with ``name`` proposed."""
        folder = self.settings.last_dir
        return str(Path(folder) / name) if name else folder

    def remember_dir(self, path: str) -> None:
        parent = Path(path).resolve().parent
        if parent.is_dir():
            self.settings.last_dir = str(parent)

    def _add_recent(self, path: str) -> None:
        """``path``: a file, or several joined by RECENT_SEPARATOR (one import)."""
        paths = path.split(RECENT_SEPARATOR)
        self.remember_dir(paths[0])
        self.settings.add_recent(RECENT_SEPARATOR.join(str(Path(p).resolve()) for p in paths))
        self._update_recent_menu()

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for path in files:
            parts = path.split(RECENT_SEPARATOR)
            label = Path(parts[0]).name + (f" + {len(parts) - 1} more" if len(parts) > 1 else "")
            a = self.recent_menu.addAction(label)
            a.setToolTip("\n".join(parts))
            a.setStatusTip(", ".join(parts))
            a.triggered.connect(lambda _c=False, p=path: self._open_recent(p))
        self.recent_menu.setEnabled(bool(files))

    def _open_recent(self, path: str) -> None:
        parts = path.split(RECENT_SEPARATOR)
        missing = [p for p in parts if not Path(p).exists()]
        if missing:
            self.settings.remove_recent(path)
            self._update_recent_menu()
            self.show_error("Cannot open file", f"{missing[0]}: no such file")
            return
        if len(parts) == 1:
            self.open_file(path)
        elif self.maybe_save():  # an import of several files, in the order it was read
            self.import_files(parts, None, report="errors", recent=True, order=False)

    # -- exports ------------------------------------------------------------------------------
    def export_ddl_dialog(self) -> ExportDDLDialog:
        from tablewright.designer.ddl_export import export_ddl

        dialog = ExportDDLDialog(self.ddl_preview.dialect.currentText(), self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def run(dialect: str) -> None:
            self.settings.dialect = dialect
            dialog.text.setPlainText("-- exporting…")
            self.jobs.start("export-ddl", export_ddl, shallow_snapshot(self.document.schema), dialect,
                            on_done=dialog.show_result, on_error=dialog.show_error)

        dialog.dialectChanged.connect(run)
        dialog.finished.connect(lambda _r: self.jobs.cancel("export-ddl"))
        run(dialog.combo.currentText())
        dialog.open()
        self.export_dialog = dialog
        return dialog

    def export_diagram_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export Diagram", self.start_dir("diagram.svg"),
                                              "SVG (*.svg);;PNG (*.png);;PDF (*.pdf)")
        if path:
            self.remember_dir(path)
            self.export_diagram(path)

    def export_diagram(self, path: str) -> bool:
        from tablewright.app.canvas.render import render_to_file

        try:
            render_to_file(self.scene, path)
        except Exception as exc:
            self.show_error("Cannot export the diagram", exc)
            return False
        self.statusBar().showMessage(f"Wrote {path}", 4000)
        return True

    def export_migration_dialog(self):
        """Up/down SQL or an Alembic revision from the baseline to the current
        schema, with its findings; "Mark as applied" moves the baseline (undoable)."""
        from tablewright.app.dialogs.migration import MigrationDialog
        from tablewright.app.undo import SetBaselineCommand

        doc = self.document
        dialog = MigrationDialog(doc.schema, doc.project.baseline, self, settings=doc.project.settings)
        dialog.baselineChanged.connect(lambda baseline: doc.push(SetBaselineCommand(doc, baseline)))
        dialog.open()
        return dialog

    def export_report_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export Review Report", self.start_dir("review.md"),
                                              "Markdown (*.md);;HTML (*.html)")
        if path:
            self.remember_dir(path)
            self.export_report(path)

    def review_markdown(self) -> str:
        from tablewright.linting.findings import Summary
        from tablewright.linting.reporters import Report
        from tablewright.linting.reporters.markdown import render

        schema = self.document.schema
        rules = [type(r) for r in (self.lint._worker.engine.rules if self.lint._worker.engine else [])]
        report = Report(list(self.findings), Summary.of(self.findings, tables=len(schema.tables)), schema,
                        [self.document.path or getattr(self, "_imported_from", None) or "untitled"], rules)
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
            self.show_error("Cannot write the report", exc)
            return False
        self.statusBar().showMessage(f"Wrote {path}", 4000)
        return True

    def export_docs_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Export Documentation (HTML data dictionary) to Folder")
        if path:
            self.export_docs(path)

    def export_docs(self, folder: str) -> bool:
        """The HTML data dictionary (designer.docs_site) of the model with the current findings."""
        from tablewright.designer.areas import areas_of
        from tablewright.designer.docs_site import write_docs

        title = Path(self.document.path).stem if self.document.path else "Schema"
        try:
            write_docs(self.document.schema, folder, title=title, findings=list(self.findings),
                       areas=[a.to_data() for a in areas_of(self.document.project.diagram)])
        except (InputError, OSError) as exc:
            self.show_error("Cannot write the documentation", exc)
            return False
        self.statusBar().showMessage(f"Wrote {Path(folder) / 'index.html'}", 6000)
        return True

    def print_dialog(self) -> bool:
        """File ▸ Print…: the diagram on one page, through the system's print dialog."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(self.document_name())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer) -> bool:
        from tablewright.app.canvas.render import print_scene

        try:
            print_scene(self.scene, printer)
        except Exception as exc:
            self.show_error("Cannot print", exc)
            return False
        self.statusBar().showMessage("Sent the diagram to the printer", 4000)
        return True

    # -- help ---------------------------------------------------------------------------------
    def show_shortcuts(self):
        from tablewright.app.dialogs.help import ShortcutsDialog

        dialog = ShortcutsDialog(self.menu_actions(), self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        self.help_dialog = dialog
        return dialog

    def menu_actions(self) -> list[QAction]:
        """Every action in the menus (submenus too), then the window's own."""
        out: list[QAction] = []

        def walk(menu) -> None:
            for a in menu.actions():
                if a.menu() is not None:
                    walk(a.menu())
                elif not a.isSeparator():
                    out.append(a)

        for top in self.menuBar().actions():
            if top.menu() is not None:
                walk(top.menu())
        return out + [a for a in self.actions() if a not in out]

    def show_rule_docs(self, rule_code: str | None = None):
        from tablewright.app.dialogs.help import RulesDialog

        dialog = RulesDialog(self, rule_code)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        self.help_dialog = dialog
        return dialog

    def show_about(self) -> None:
        from tablewright.app.dialogs.help import about_text

        QMessageBox.about(self, "About Tablewright", about_text())

    # -- settings, theme, closing ------------------------------------------------------------------
    def set_theme(self, mode: str) -> None:
        self.settings.theme = mode
        self.theme.set_mode(mode)
        self.theme_actions[mode].setChecked(True)

    def _restore_window(self) -> None:
        geometry, state = self.settings.geometry(), self.settings.state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._default_docks = state is None or not self.restoreState(state)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_default_docks", False):  # first run: give the canvas the room
            self._default_docks = False
            self.resizeDocks([self.docks["outline"], self.docks["properties"]], [250, 320], Qt.Horizontal)
            self.resizeDocks([self.docks["outline"], self.docks["problems"]], [420, 210], Qt.Vertical)

    # -- crash recovery ------------------------------------------------------------------------
    def _work_changed(self, *_args) -> None:
        self._autosave_pending = True

    def _dirty_changed(self, dirty: bool) -> None:
        if not dirty:  # saved (or reset to a clean project): nothing to recover
            self._autosave_pending = False
            self.recovery.clear()

    def autosave(self, *, wait: bool = False) -> None:
        """Write unsaved work aside (a copy, in a worker; ``wait``: here and now)."""
        if not self.document.dirty or not self._autosave_pending:
            return
        self._autosave_pending = False
        self.document.set_positions(self.scene_positions(), notify=False)
        self.document.store_named()
        project = self.document.project
        # edits replace tables and other objects, never change them in place:
        # lists copied (microseconds), not the whole model (tens of ms on the GUI thread)
        snapshot = Project(shallow_snapshot(project.schema), copy.deepcopy(project.diagram),
                           copy.deepcopy(project.settings), project.baseline)
        args = (snapshot, self.document.path, self.document.title)
        if wait:
            try:
                self.recovery.write(*args)
            except (OSError, InputError) as exc:  # a read-only data folder: no recovery copy, no crash
                log.warning("could not write recovery file: %s", exc)
        else:
            self.jobs.start("autosave", self.recovery.write, *args,
                            on_error=lambda exc: log.warning("could not write recovery file: %s", exc))

    def offer_recovery(self) -> bool:
        """After a crash: offer the newest unsaved work it left behind (one per
        start; the rest stay for the next).  True when some was recovered."""
        from tablewright.app.recovery import orphans

        for orphan in orphans(self.recovery.directory):
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(orphan.saved_at))
            answer = ask_recovery(
                self, "Recover unsaved work",
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
                self.show_error("Cannot recover", exc)
                continue
            self.document.set_project(project, orphan.original, dirty=True)
            self._update_title()
            self._autosave_pending = True
            self.autosave(wait=True)  # ours now: written aside before the old copy goes
            orphan.discard()
            self.statusBar().showMessage(f"Recovered the unsaved changes to {orphan.title}", 8000)
            return True
        return False

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.recovery.clear()  # saved or discarded
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop the workers (also used by tests); safe to call twice."""
        self.autosave_timer.stop()
        self.lint.shutdown()
        self.layout_worker.cancel()
        for kind in ("import", "export-ddl", "ddl-preview"):
            self.jobs.cancel(kind)
        self.jobs.wait(10000)
        self.layout_worker.wait(10000)
