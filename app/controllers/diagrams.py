"""Named diagrams, the focus view, subject areas and arrange (layout).

A controller of the main window: it holds no widgets of its own and
works through ``self.window`` (the ``MainWindow``), which owns it as ``window.diagrams``."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QInputDialog, QMenu
from tablewright.app.dialogs.files import BusyDialog
from tablewright.app.theme import icon
from tablewright.app.undo import ArrangeCommand


class DiagramsController:
    def __init__(self, window):
        self.window = window

    def _diagrams_changed(self) -> None:
        doc = self.window.document
        self.window.diagrams_panel.set_diagrams(doc.named, doc.active, len(doc.schema.tables))
        if doc.active is None and self.window.scene.focused() and self.window._focus_table is None:
            self.open_diagram(None)  # the diagram shown was deleted (or undone)

    def scene_positions(self) -> dict:
        """The canvas positions of the diagram shown (a named one: its tables only).
        The document owns positions; this is what the canvas shows, which every
        GUI test checks agrees with it (tests/app/test_gui_support.positions_drift)."""
        positions = self.window.scene.positions()
        named = self.window.document.named_diagram(self.window.document.active)
        if named is None:
            return positions
        keep = set(named.tables)
        return {t: p for t, p in positions.items() if t in keep}

    def open_diagram(self, diagram_id: str | None) -> None:
        """Show a named diagram (None: the main one with every table), each with
        its own positions; tables it has no position for are laid out."""
        from tablewright.designer.focus import sub_schema
        from tablewright.designer.layout import layout

        doc = self.window.document
        if diagram_id is not None and doc.named_diagram(diagram_id) is None:
            return
        if self.window.scene.focused() and self.window._focus_table is not None:
            self.exit_focus()
        doc.active = diagram_id
        named = doc.named_diagram(diagram_id)
        tables = set(named.tables) if named is not None else None
        present = {t.id for t in doc.schema.tables}
        positions = {t: p for t, p in doc.positions.items() if t in present and (tables is None or t in tables)}
        wanted = tables & present if tables is not None else present
        missing = wanted - set(positions)
        if missing:
            sizes = self.window.scene.card_sizes()
            sub = sub_schema(doc.schema, wanted)
            placed = layout(sub, sizes, positions, engine=self.window.scene.engine,
                            groups=[a.tables for a in doc.areas()] or None)
            positions.update({t: (x, y, False) for t, (x, y) in placed.items() if t in missing})
            doc.set_positions({t: positions[t] for t in missing}, notify=False)
        self.window.scene.set_focus(tables)
        self.window.scene.set_positions(positions)
        self.window.scene.refit_areas()
        self.window.diagrams_panel.set_diagrams(doc.named, doc.active, len(doc.schema.tables))
        self.window.statusBar().showMessage(f"Diagram: {named.name if named else 'all tables'}", 3000)
        self.window.view.fit_all()

    def new_diagram_from_selection(self, name: str | None = None, table_ids: list[str] | None = None) -> str | None:
        from tablewright.app.undo import SetDiagramsCommand
        from tablewright.designer.diagrams import NamedDiagram, new_diagram_id

        ids = table_ids if table_ids is not None else self.window.scene.selected_table_ids()
        if not ids:
            self.window.statusBar().showMessage("Select the tables for the new diagram first", 4000)
            return None
        if name is None:
            name, ok = QInputDialog.getText(self.window, "New Diagram", f"Name of the diagram ({len(ids)} tables):")
            self.window._refocus()
            if not ok or not name.strip():
                return None
        doc = self.window.document
        did = new_diagram_id(name.strip(), {d.id for d in doc.named})
        placed = self.window.scene.positions()
        diagram = NamedDiagram(did, name.strip(), list(ids), {t: placed[t] for t in ids if t in placed})
        doc.push(SetDiagramsCommand(doc, doc.named + [diagram], f"New diagram {name.strip()}"))
        return did

    def diagrams_per_area(self) -> list[str]:
        from tablewright.app.undo import SetDiagramsCommand
        from tablewright.designer.diagrams import per_area

        doc = self.window.document
        made = per_area(doc.areas(), {d.id for d in doc.named})
        if not made:
            self.window.statusBar().showMessage("No subject areas: Diagram ▸ Subject Areas first", 4000)
            return []
        doc.push(SetDiagramsCommand(doc, doc.named + made, f"One diagram per area ({len(made)})"))
        return [d.id for d in made]

    def rename_diagram(self, diagram_id: str, name: str | None = None) -> None:
        from tablewright.app.undo import SetDiagramsCommand

        doc = self.window.document
        d = doc.named_diagram(diagram_id)
        if d is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self.window, "Rename Diagram", f"New name for {d.name}:", text=d.name)
            self.window._refocus()
            if not ok:
                return
        if not name.strip() or name.strip() == d.name:
            return
        changed = [replace(x, name=name.strip()) if x.id == diagram_id else x for x in doc.named]
        doc.push(SetDiagramsCommand(doc, changed, f"Rename diagram {d.name} to {name.strip()}"))

    def delete_diagram(self, diagram_id: str) -> None:
        from tablewright.app.undo import SetDiagramsCommand

        doc = self.window.document
        d = doc.named_diagram(diagram_id)
        if d is None:
            return
        if doc.active == diagram_id:
            self.open_diagram(None)
        doc.push(SetDiagramsCommand(doc, [x for x in doc.named if x.id != diagram_id], f"Delete diagram {d.name}"))

    def show_neighbours(self, table_id: str, depth: int | None = None) -> set[str]:
        """A focus view: the table and what is within ``depth`` foreign-key
        steps of it; the rest hidden until Show All Tables."""
        from tablewright.designer.focus import neighbourhood

        depth = depth or self.window.focus_depth.value()
        ids = neighbourhood(self.window.document.schema, table_id, depth, graph=self._fk_graph())
        if self.window._focus_return is None:
            self.window._focus_return = (self.window.view.transform(), self.window.view.mapToScene(self.window.view.viewport().rect().center()))
        self.window._focus_table = table_id
        self.window.scene.set_focus(ids)
        self.window.focus_depth.blockSignals(True)
        self.window.focus_depth.setValue(depth)
        self.window.focus_depth.blockSignals(False)
        name = self.window.document.schema.table(table_id).name
        self.window.focus_label.setText(f"  Focus: {name} and its neighbours ({len(ids)} of "
                                 f"{len(self.window.document.schema.tables)} tables)  ")
        self.window.focus_bar.show()
        self.window.select_object(table_id)
        self.window.view.fit_all()
        return ids

    def _fk_graph(self):
        """The undirected foreign-key graph of the schema as it is now (kept
        until the next edit: building it for 1,000 tables costs more than a
        focus view may take)."""
        from tablewright.designer.layout import fk_graph

        key = (id(self.window.document.schema), self.window.document.undo_stack.index(), self.window._edits_seen)
        if getattr(self, "_fk_graph_key", None) != key:
            self._fk_graph_cache = fk_graph(self.window.document.schema).to_undirected()
            self._fk_graph_key = key
        return self._fk_graph_cache

    def exit_focus(self) -> None:
        """Back to the whole diagram, as it was shown before the focus view."""
        if not self.window.scene.focused() and self.window._focus_return is None:
            return
        self.window.scene.set_focus(None)
        self.window.focus_bar.hide()
        self.window._focus_table = None
        back, self.window._focus_return = self.window._focus_return, None
        if back is not None:
            self.window.view.setTransform(back[0])
            self.window.view.centerOn(back[1])
        else:
            self.window.view.fit_all()

    def _set_areas(self, areas: list, text: str) -> None:
        from tablewright.app.undo import SetAreasCommand

        self.window.document.push(SetAreasCommand(self.window.document, areas, text))

    def _area(self, area_id: str):
        return next((a for a in self.window.document.areas() if a.id == area_id), None)

    def new_area_from_selection(self, name: str | None = None, table_ids: list[str] | None = None) -> str | None:
        """Group the selected tables (or ``table_ids``) in a new area; returns its id."""
        from tablewright.designer.areas import Area, assign, new_area_id, next_color

        ids = table_ids if table_ids is not None else self.window.scene.selected_table_ids()
        if not ids:
            self.window.statusBar().showMessage("Select the tables to group first", 4000)
            return None
        areas = self.window.document.areas()
        if name is None:
            name, ok = QInputDialog.getText(self.window, "New Subject Area", f"Name of the area ({len(ids)} tables):")
            self.window._refocus()
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
            name, ok = QInputDialog.getText(self.window, "Rename Area", f"New name for {area.name}:", text=area.name)
            self.window._refocus()
            if not ok:
                return
        if not name.strip() or name.strip() == area.name:
            return
        areas = [a if a.id != area_id else replace(a, name=name.strip()) for a in self.window.document.areas()]
        self._set_areas(areas, f"Rename area {area.name} to {name.strip()}")

    def recolor_area(self, area_id: str, color: str | None = None) -> None:
        area = self._area(area_id)
        if area is None:
            return
        if color is None:
            from PySide6.QtGui import QColor
            from PySide6.QtWidgets import QColorDialog

            chosen = QColorDialog.getColor(QColor(area.color), self.window, f"Colour of {area.name}")
            self.window._refocus()
            if not chosen.isValid():
                return
            color = chosen.name()
        areas = [a if a.id != area_id else replace(a, color=color) for a in self.window.document.areas()]
        self._set_areas(areas, f"Recolour area {area.name}")

    def edit_area_note(self, area_id: str, note: str | None = None) -> None:
        area = self._area(area_id)
        if area is None:
            return
        if note is None:
            note, ok = QInputDialog.getMultiLineText(self.window, "Area Note", f"Note on {area.name}:", area.note)
            self.window._refocus()
            if not ok:
                return
        areas = [a if a.id != area_id else replace(a, note=note) for a in self.window.document.areas()]
        self._set_areas(areas, f"Note on area {area.name}")

    def delete_area(self, area_id: str) -> None:
        """The area goes; its tables stay where they are."""
        area = self._area(area_id)
        if area is not None:
            self._set_areas([a for a in self.window.document.areas() if a.id != area_id], f"Delete area {area.name}")

    def remove_selection_from_area(self) -> None:
        ids = set(self.window.scene.selected_table_ids())
        areas = self.window.document.areas()
        if not ids or not any(t in ids for a in areas for t in a.tables):
            return
        changed = [replace(a, tables=[t for t in a.tables if t not in ids]) for a in areas]
        self._set_areas(changed, f"Remove {len(ids)} table{'s' if len(ids) != 1 else ''} from their area")

    def select_area_tables(self, area_id: str) -> None:
        area = self._area(area_id)
        if area is None:
            return
        self.window.scene.clearSelection()
        for tid in area.tables:
            card = self.window.scene.table_item(tid)
            if card is not None:
                card.setSelected(True)

    def suggest_areas_dialog(self):
        """Diagram ▸ Subject Areas ▸ Suggest Areas…: shown for review, applied as one undo step."""
        from tablewright.app.dialogs.areas import SuggestAreasDialog
        from tablewright.designer.areas import suggest_areas

        schema = self.window.document.schema
        if not schema.tables:
            return None
        areas = suggest_areas(schema)
        basis = ("one per namespace" if len({t.namespace for t in schema.tables}) > 1
                 else "from foreign-key communities, named after their most common table-name word")
        dialog = SuggestAreasDialog(areas, {t.id: t.name for t in schema.tables}, basis,
                                    replacing=len(self.window.document.areas()), parent=self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_suggested_areas(dialog.chosen(), arrange=dialog.arrange.isChecked()))
        dialog.open()
        self.window.areas_dialog = dialog
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
        menu = QMenu(self.window)
        menu.addAction(f"Rename {area.name}…", lambda: self.rename_area(area_id))
        menu.addAction("Colour…", lambda: self.recolor_area(area_id))
        menu.addAction("Note…", lambda: self.edit_area_note(area_id))
        menu.addSeparator()
        menu.addAction(f"Select its {len(area.tables)} tables", lambda: self.select_area_tables(area_id))
        menu.addAction(icon("arrange"), "Arrange this area",
                       lambda: (self.select_area_tables(area_id), self.arrange_selection()))
        menu.addSeparator()
        menu.addAction(icon("delete"), f"Delete area {area.name} (keeps its tables)", lambda: self.delete_area(area_id))
        self.window.context_menu = menu
        menu.popup(pos)

    def set_layout_engine(self, engine: str) -> None:
        self.window.scene.engine = engine
        self.window.engine_actions[engine].setChecked(True)

    def arrange_all(self) -> None:
        """Every table of the diagram shown (a named diagram or focus view: its own)."""
        self._arrange({c.table_id for c in self.window.scene.table_items() if c.isVisible()})

    def arrange_selection(self) -> None:
        ids = set(self.window.scene.selected_table_ids())
        if ids:
            self._arrange(ids)

    def _arrange(self, only: set[str]) -> None:
        if not only:
            return
        from tablewright.designer.focus import sub_schema

        self.window._arrange_only = only
        schema = self.window.document.schema
        if self.window.scene.focused():  # a named diagram or focus view: arranged among its own tables
            shown = {c.table_id for c in self.window.scene.table_items() if c.isVisible()}
            schema = sub_schema(schema, shown)
            self.window._arrange_before = {t: p for t, p in self.window.scene.positions().items() if t in shown}
        else:
            self.window._arrange_before = dict(self.window.scene.positions())
        groups = [a.tables for a in self.window.document.areas()] or None  # layout by area
        self.window.layout_worker.start(schema, self.window.scene.card_sizes(), self.window._arrange_before,
                                 engine=self.window.scene.engine, only=only, groups=groups)
        dialog = BusyDialog("Arranging the diagram…", self.window.layout_worker.cancel, self.window)
        self.window.layout_worker.progress.connect(dialog.set_fraction)
        self.window.arrange_progress = dialog

    def _arrange_done(self) -> None:
        dialog, self.window.arrange_progress = self.window.arrange_progress, None
        if dialog is not None:
            try:
                self.window.layout_worker.progress.disconnect(dialog.set_fraction)
            except (RuntimeError, TypeError):
                pass
            dialog.finish()

    def _arrange_failed(self, message: str) -> None:
        self._arrange_done()
        self.window.show_error("Cannot arrange the diagram", message)

    def _arrange_finished(self, result: dict) -> None:
        self._arrange_done()
        before = self.window._arrange_before
        after = {}
        for tid, (x, y) in result.items():
            old = before.get(tid)
            if old is None or (round(old[0], 1), round(old[1], 1)) != (round(x, 1), round(y, 1)):
                after[tid] = (float(x), float(y), bool(old[2]) if old else False)
        if not after:
            self.window.statusBar().showMessage("Nothing to arrange: the tables are pinned or already in place", 4000)
            return
        n = len(self.window._arrange_only or ())
        shown = sum(1 for c in self.window.scene.table_items() if c.isVisible())
        text = "Arrange all tables" if n >= shown else f"Arrange {n} tables"
        self.window.document.push(ArrangeCommand(self.window.document, after,
                                          before={t: before[t] for t in after if t in before}, text=text))
        if n >= shown:
            # the whole new layout in view, never an empty-looking canvas (once the
            # scroll bars have settled to the new scene rect)
            self.window.view.fit_all()
            QTimer.singleShot(0, self.window.view.fit_all)
