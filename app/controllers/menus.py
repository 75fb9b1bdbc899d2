"""Context menus: of a table or column on the diagram (its fixes and problems, rename,
delete, neighbours), of the empty canvas, and of a finding in the Problems panel.

A controller of the main window: it holds no widgets of its own and
works through ``self.window`` (the ``MainWindow``), which owns it as ``window.menus``."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu
from tablewright.app.theme import icon, severity_icon
from tablewright.designer.model import Schema
from tablewright.linting.findings import Finding


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


class MenusController:
    def __init__(self, window):
        self.window = window

    def findings_for(self, table_id: str, column_id: str | None = None) -> list[Finding]:
        schema = self.window.document.schema
        out = []
        for f in self.window.findings:
            if f.table_id != table_id:
                continue
            if column_id is not None and finding_target(schema, f)[1] != column_id:
                continue
            out.append(f)
        return out

    def build_object_menu(self, table_id: str, column_id: str | None) -> QMenu:
        menu = QMenu(self.window)
        schema = self.window.document.schema
        mine = self.findings_for(table_id, column_id)
        if column_id is not None:  # and what is about the whole table (not its other columns)
            mine += [f for f in self.findings_for(table_id) if finding_target(schema, f)[1] is None]
        fixes = [f for f in mine if f.fix is not None and f.fix.edit is not None]
        for f in fixes:
            a = menu.addAction(icon("lightbulb"), f"Fix: {f.fix.title} ({object_label(f)})")
            a.setToolTip(f"{f.rule}: {f.message}")
            a.triggered.connect(lambda _c=False, f=f: self.window.apply_fix(f))
        others = [f for f in mine if f not in fixes]
        if others:
            sub = menu.addMenu(f"Problems ({len(others)})")
            for f in others[:20]:
                a = sub.addAction(severity_icon(f.severity), f"{f.rule}: {f.message}")
                a.triggered.connect(lambda _c=False, f=f: self._show_in_problems(f))
        if fixes or others:
            menu.addSeparator()
        table = self.window.document.schema.table(table_id)
        if column_id:
            name = table.column(column_id).name
            menu.addAction(f"Rename column {name}…", lambda: self.window.rename_object(table_id, column_id))
            menu.addAction(icon("delete"), f"Delete column {name}",
                           lambda: self.window.delete_column(table_id, column_id))
            menu.addSeparator()
        menu.addAction(f"Show neighbours of {table.name}", lambda: self.window.diagrams.show_neighbours(table_id))
        menu.addSeparator()
        menu.addAction(f"Rename table {table.name}…", lambda: self.window.rename_object(table_id))
        menu.addAction(icon("add-column"), "Add column", lambda: self.window.add_column(table_id))
        menu.addAction("Copy", self.window.copy_tables)
        menu.addAction(icon("arrange"), "Arrange selection", self.window.diagrams.arrange_selection)
        menu.addAction(icon("delete"), f"Delete table {table.name}", lambda: self.window.delete_tables(
            self.window.scene.selected_table_ids() if table_id in self.window.scene.selected_table_ids()
            else [table_id]))
        return menu

    def on_object_context_menu(self, table_id: str, column_id, pos: QPoint) -> None:
        self.window.select_object(table_id, column_id)
        self.window.context_menu = self.build_object_menu(table_id, column_id)
        self.window.context_menu.popup(pos)

    def _problem_context_menu(self, f: Finding, pos: QPoint) -> None:
        menu = QMenu(self.window)
        if f.fix is not None and f.fix.edit is not None:
            menu.addAction(icon("lightbulb"), f"Fix: {f.fix.title} ({object_label(f)})",
                           lambda: self.window.apply_fix(f))
        menu.addAction("Show on diagram", lambda: self.window.show_finding(f))
        menu.addSeparator()
        if f.table:
            where = f"{f.table}.{f.column}" if f.column else f.table
            menu.addAction(f"Ignore {f.rule} on {where}", lambda: self.window.lint_settings.ignore_finding_here(f))
        menu.addAction(f"Ignore rule {f.rule} ({f.name}) in this project",
                       lambda: self.window.lint_settings.ignore_rule(f.rule))
        menu.addAction(f"Documentation of {f.rule}…", lambda: self.window.help.show_rule_docs(f.rule))
        menu.addSeparator()
        menu.addAction("Copy message", lambda: QGuiApplication.clipboard().setText(f"{f.rule}: {f.message}"))
        self.window.context_menu = menu
        menu.popup(pos)

    def _show_in_problems(self, f: Finding) -> None:
        self.window.docks["problems"].show()
        self.window.problems.select_finding(f.id)

    def build_canvas_menu(self, scene_pos: QPointF) -> QMenu:
        """Right click on empty canvas: add a table here, paste, arrange, areas."""
        menu = QMenu(self.window)
        menu.addAction(icon("add-table"), "Add table here", lambda: self.window.add_table(at=scene_pos))
        paste = menu.addAction("Paste tables", self.window.paste_tables)
        paste.setEnabled(bool(self.window._clipboard))
        menu.addSeparator()
        menu.addAction(icon("arrange"), "Arrange all", self.window.diagrams.arrange_all)
        menu.addAction(icon("fit"), "Fit diagram", self.window.view.fit_all)
        menu.addSeparator()
        new_area = menu.addAction("New area from selection…", self.window.diagrams.new_area_from_selection)
        new_area.setEnabled(bool(self.window.scene.selected_table_ids()))
        menu.addAction("Suggest areas…", self.window.diagrams.suggest_areas_dialog)
        return menu

    def on_canvas_context_menu(self, scene_pos: QPointF, pos: QPoint) -> None:
        self.window.context_menu = self.build_canvas_menu(scene_pos)
        self.window.context_menu.popup(pos)
