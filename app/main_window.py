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

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidget,
)
from tablewright.app.canvas.layout_worker import LayoutWorker
from tablewright.app.canvas.scene import DiagramScene
from tablewright.app.canvas.view import DiagramView, MiniMap
from tablewright.app.controllers.diagrams import DiagramsController
from tablewright.app.controllers.exports import ExportsController
from tablewright.app.controllers.files import FilesController
from tablewright.app.controllers.help import HelpController
from tablewright.app.controllers.lint_settings import LintSettingsController
from tablewright.app.controllers.menus import MenusController, finding_target
from tablewright.app.dialogs.files import (
    BusyDialog,
    ExportDDLDialog,
    ImportReportDialog,
)
from tablewright.app.dialogs.objects import ForeignKeyDialog
from tablewright.app.docks.ddl_preview import DDLPreviewPanel
from tablewright.app.docks.outline import OutlinePanel
from tablewright.app.docks.problems import ProblemsPanel
from tablewright.app.docks.properties import PropertiesPanel
from tablewright.app.document import Document
from tablewright.app.errors import error_text
from tablewright.app.quickfix import fix_edit
from tablewright.app.settings import AppSettings
from tablewright.app.theme import SEVERITY_COLORS, ThemeManager, icon
from tablewright.app.undo import EditCommand, MoveTablesCommand
from tablewright.app.workers import JobRunner, LintService
from tablewright.designer import edits
from tablewright.designer.edits import EditError
from tablewright.designer.layout import ENGINES
from tablewright.designer.model import Schema
from tablewright.linting.findings import SEVERITIES, Finding

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None):
        super().__init__()
        self.settings = settings or AppSettings()
        self.document = Document(parent=self)
        self.jobs = JobRunner(self)
        self.lint = LintService(self.document, parent=self)
        self.files = FilesController(self)  # open, save, import, recent files, crash recovery
        self.exports = ExportsController(self)
        self.diagrams = DiagramsController(self)  # named diagrams, focus view, areas, arrange
        self.lint_settings = LintSettingsController(self)
        self.help = HelpController(self)  # keyboard shortcuts, rule documentation, about
        self.menus = MenusController(self)  # context menus of the diagram, its objects and the Problems panel
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
        self.layout_worker.finished.connect(self.diagrams._arrange_finished)
        self.layout_worker.failed.connect(self.diagrams._arrange_failed)
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
        self._tabs_to_make: list[tuple[QDockWidget, QDockWidget, Qt.DockWidgetArea]] = []
        self._dock("outline", "Outline", self.outline_panel, Qt.LeftDockWidgetArea)
        self._dock("minimap", "Minimap", self.minimap, Qt.LeftDockWidgetArea)
        self._dock("properties", "Properties", self.properties, Qt.RightDockWidgetArea)
        self._dock("ddl", "DDL preview", self.ddl_preview, Qt.RightDockWidgetArea, tab_with="properties")
        self._dock("problems", "Problems", self.problems, Qt.BottomDockWidgetArea)
        from tablewright.app.docks.diagrams import DiagramsPanel

        self.diagrams_panel = DiagramsPanel()
        self._dock("diagrams", "Diagrams", self.diagrams_panel, Qt.LeftDockWidgetArea, tab_with="outline")
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
    def _dock(self, key: str, title: str, widget: QWidget, area, tab_with: str | None = None) -> QDockWidget:
        """A dock in ``area``; with ``tab_with``, a tab under that dock, made
        when the window is restored (``_restore_window``) unless a saved layout
        places it."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetClosable
                         | QDockWidget.DockWidgetFloatable)
        if tab_with is None:
            self.addDockWidget(area, dock)
        else:
            self._tabs_to_make.append((self.docks[tab_with], dock, area))
        self.docks[key] = dock
        return dock

    def _make_tabs(self) -> None:
        """Tab each dock that no saved layout placed under its partner, which
        stays on top; each dock enters the layout here, by tabifying only.

        Qt 6 makes two tab bars for a tab group made on a layout not laid out
        yet while another group exists: QMainWindowLayout::getTabBar() lays the
        window out first, which measures the new group and makes it a bar,
        and the outer call makes another.  The first is forgotten, drawn at
        its first place (over the Problems table: "Problems | Compare",
        "Properties | DDL preview") until Qt deletes it later, from an event
        loop (never when a script drives the window with processEvents()).
        tabifyDockWidget() on a dock already in the layout takes it out first,
        which asks for a new layout; so the dock is never added before, and the
        layout is settled just before.  restoreState() keeps the bars of the
        groups it replaces the same way, so a saved layout is restored before
        any group is made (``_restore_window``)."""
        for first, dock, area in self._tabs_to_make:
            if self.dockWidgetArea(dock) != Qt.NoDockWidgetArea:
                continue  # the saved layout placed it
            for _ in range(8):  # one activation can leave a new size hint to lay out
                if not self.layout().activate():
                    break
            if self.dockWidgetArea(first) == Qt.NoDockWidgetArea or first.isFloating():
                self.addDockWidget(area, dock)
            else:
                self.tabifyDockWidget(first, dock)
                first.raise_()
        self._tabs_to_make.clear()

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
        self.act_new = self._action("&New", self.files.new_document, K.New, "new", "Start an empty schema")
        self.act_open = self._action("&Open…", self.files.open_dialog, K.Open, "open", "Open a project or DDL file")
        self.act_save = self._action("&Save", self.files.save, K.Save, "save")
        self.act_save_as = self._action("Save &As…", self.files.save_as, K.SaveAs)
        self.act_import_ddl = self._action("Import &DDL…", self.files.import_ddl_dialog, "Ctrl+I", "import")
        self.act_import_db = self._action("Import from Data&base…", self.files.import_database_dialog, None, "database")
        self.act_export_ddl = self._action("&Export DDL…", self.exports.export_ddl_dialog, "Ctrl+E", "export")
        self.act_export_diagram = self._action("Export Dia&gram…", self.exports.export_diagram_dialog)
        self.act_export_report = self._action("Export &Review Report…", self.exports.export_report_dialog)
        self.act_export_docs = self._action("Export D&ocumentation…", self.exports.export_docs_dialog)
        self.act_export_migration = self._action("Export &Migration…", self.exports.export_migration_dialog, "Ctrl+Shift+M")
        self.act_print = self._action("&Print…", self.exports.print_dialog, K.Print, None, "Print the diagram on one page")
        # Ctrl+Q where the platform names no Quit key (the offscreen and some minimal X11 themes)
        self.act_quit = self._action("&Quit", self.close, QKeySequence.keyBindings(K.Quit) or ["Ctrl+Q"])
        self.act_shortcuts = self._action("&Keyboard Shortcuts", self.help.show_shortcuts, "F1")
        self.act_rule_docs = self._action("&Rule Documentation", self.help.show_rule_docs)
        self.act_about = self._action("&About Tablewright", self.help.show_about)
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
        self.act_arrange = self._action("&Arrange All", self.diagrams.arrange_all, "Ctrl+L", "arrange")
        self.act_arrange_sel = self._action("Arrange &Selection", self.diagrams.arrange_selection, "Ctrl+Shift+L")
        self.act_area_new = self._action("New &Area from Selection…", self.diagrams.new_area_from_selection, "Ctrl+G", None,
                                         "Group the selected tables in a named, coloured subject area")
        self.act_area_suggest = self._action("S&uggest Areas…", self.diagrams.suggest_areas_dialog, None, None,
                                             "Propose subject areas from namespaces or foreign-key communities")
        self.act_area_remove = self._action("&Remove Selection from Its Area", self.diagrams.remove_selection_from_area)
        self.engine_group = QActionGroup(self)
        self.engine_actions: dict[str, QAction] = {}
        for engine in ENGINES:
            a = QAction(engine if engine != "auto" else "Auto", self, checkable=True)
            a.setChecked(engine == self.scene.engine)
            a.triggered.connect(lambda _c=False, e=engine: self.diagrams.set_layout_engine(e))
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
        m.addAction("&Lint Settings…", self.lint_settings.show_lint_settings)
        m.addSeparator()
        m.addAction("Attach &Workload…", self.attach_workload).setStatusTip(
            "Attach the application's queries (.sql, pg_stat_statements CSV/JSON): query findings and index advice")
        m.addAction("Detach Wor&kload", lambda: self.workload.detach())
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
        self.files._update_recent_menu()

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
        self.focus_depth.valueChanged.connect(lambda d: self._focus_table and self.diagrams.show_neighbours(
            self._focus_table, d))
        bar.addWidget(self.focus_label)
        bar.addWidget(self.focus_depth)
        self.act_focus_exit = QAction(icon("fit"), "Show All Tables", self)
        self.act_focus_exit.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.act_focus_exit.setStatusTip("Leave the focus view: back to the whole diagram, where you were")
        self.act_focus_exit.triggered.connect(lambda _c=False: self.diagrams.exit_focus())
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
        self.scene.objectContextMenu.connect(self.menus.on_object_context_menu)
        self.scene.objectActivated.connect(self.on_object_activated)
        self.scene.areaContextMenu.connect(self.diagrams.on_area_context_menu)
        self.view.renameRequested.connect(self.rename_selection)
        self.view.propertiesRequested.connect(self.open_selection_properties)
        self.view.stepRequested.connect(self.step_selection)
        self.scene.areaActivated.connect(lambda aid: self.diagrams.rename_area(aid))
        self.scene.canvasContextMenu.connect(self.menus.on_canvas_context_menu)
        doc.areasChanged.connect(self.scene.set_areas)
        doc.diagramsChanged.connect(self.diagrams._diagrams_changed)
        self.diagrams_panel.openRequested.connect(self.diagrams.open_diagram)
        self.diagrams_panel.newRequested.connect(lambda: self.diagrams.new_diagram_from_selection())
        self.diagrams_panel.perAreaRequested.connect(self.diagrams.diagrams_per_area)
        self.diagrams_panel.renameRequested.connect(lambda did: self.diagrams.rename_diagram(did))
        self.diagrams_panel.deleteRequested.connect(self.diagrams.delete_diagram)
        self.scene.selectionChanged.connect(self._on_scene_selection)
        self.problems.activated.connect(self.show_finding)
        self.problems.contextRequested.connect(self.menus._problem_context_menu)
        self.problems.fixRequested.connect(self.apply_fix)
        self.document.lintSettingsChanged.connect(self.lint_settings._config_lint)
        self.document.lintSettingsChanged.connect(self.properties.refresh)  # the roles a setting gives
        self.properties.roles_of = self.lint_settings.table_roles
        self.properties.roleRequested.connect(self.lint_settings.set_table_role)
        from tablewright.app.workload import WorkloadAttachment

        self.workload = WorkloadAttachment(self.document, self.lint, self)
        self.properties.queries_on = self.workload.queries_on
        self.workload.reloaded.connect(self.properties.refresh)
        self.workload.reloaded.connect(self._workload_reloaded)
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
        self.diagrams._diagrams_changed()
        self.outline_panel.set_schema(schema)
        self.findings = []
        self.problems.set_findings([])
        self.scene.set_findings([])
        self.properties.set_selection(None)
        self.find_box.clear()  # the previous document's search means nothing here
        self._find_hits = []
        self._update_status()
        self.lint_settings._config_lint()
        QTimer.singleShot(0, self.view.fit_all)
        self.minimap.attach()
        # what support (and packaging/smoke.py) reads to know a document is on screen
        log.info("%s: diagram of %d tables, %d foreign keys", self.document_name(), len(schema.tables),
                 len(self.scene.edge_items()))

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

    def attach_workload(self) -> None:
        """Pick the application's query files and attach them to the project."""
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(self, "Attach Workload", self.files.start_dir(),
                                                "Queries (*.sql *.csv *.json);;All files (*)")
        if files:
            self.workload.attach(files)

    def _workload_reloaded(self) -> None:
        w = self.workload
        if w.error:
            self.statusBar().showMessage(f"Workload: {w.error}", 10000)
        elif w.workload is not None:
            bad = sum(1 for i in w.issues if i.severity == "error")
            self.statusBar().showMessage(f"Workload: {len(w.workload.queries)} queries"
                                         + (f", {bad} unparseable (skipped)" if bad else ""), 10000)

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
        self._make_tabs()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_default_docks", False):  # first run: give the canvas the room
            self._default_docks = False
            self.resizeDocks([self.docks["outline"], self.docks["properties"]], [250, 320], Qt.Horizontal)
            self.resizeDocks([self.docks["outline"], self.docks["problems"]], [420, 210], Qt.Vertical)

    # -- closing -------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.files.recovery.clear()  # saved or discarded
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop the workers (also used by tests); safe to call twice."""
        self.files.autosave_timer.stop()
        self.lint.shutdown()
        self.layout_worker.cancel()
        for kind in ("import", "export-ddl", "ddl-preview"):
            self.jobs.cancel(kind)
        self.jobs.wait(10000)
        self.layout_worker.wait(10000)
