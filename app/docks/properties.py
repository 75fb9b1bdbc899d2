"""The Properties panel: edit the selected table or column (and, with nothing
selected, the schema's enums).

Model → widgets happens with signals blocked; widgets → model always builds a
``tablewright.designer.edits`` edit and applies it through the document (one undoable
``EditCommand`` per change).  An edit the model refuses (``EditError``: empty
or duplicate name …) is shown under the form and changes nothing."""

from __future__ import annotations

from pathlib import Path

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMenu, QPushButton, QStackedWidget, QToolButton,
                               QVBoxLayout, QWidget)

from tablewright.app.docks.type_picker import TypePicker
from tablewright.designer import edits
from tablewright.designer.edits import EditError, SetEnum
from tablewright.designer.model import ForeignKey, Index, Table

IdRole = Qt.UserRole + 1


def _row(*widgets) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        row.addWidget(w)
    row.addStretch(1)
    return row


def _button(text: str, tip: str, slot) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setAutoRaise(False)
    b.setToolTip(tip)
    b.clicked.connect(slot)
    return b


def describe_object(table: Table, obj, schema=None) -> str:
    """One line for a key or index in the Properties list."""
    names = lambda ids: ", ".join(table.column_names([c for c in ids if any(x.id == c for x in table.columns)]))  # noqa: E731
    if obj is table.primary_key:
        return f"PK ({names(obj.columns)})"
    if isinstance(obj, ForeignKey):
        target = obj.ref_table
        ref_cols = ""
        if schema is not None and obj.ref_table:
            try:
                ref = schema.table(obj.ref_table)
                target = ref.name
                ref_cols = ", ".join(ref.column_names([c for c in obj.ref_columns if any(x.id == c for x in ref.columns)]))
            except KeyError:
                pass
        actions = "".join(f" ON {w} {a}" for w, a in (("DELETE", obj.on_delete), ("UPDATE", obj.on_update)) if a)
        return f"FK ({names(obj.columns)}) → {target}({ref_cols}){actions}"
    if isinstance(obj, Index):
        parts = []
        for e in obj.elements:
            parts.append((names([e.column]) if e.column else e.expression or "?") + (" DESC" if e.descending else ""))
        text = f"{'UNIQUE ' if obj.unique else ''}INDEX {obj.name or ''} ({', '.join(parts)})"
        if obj.method:
            text += f" USING {obj.method}"
        if obj.predicate:
            text += f" WHERE {obj.predicate}"
        return text
    if hasattr(obj, "expression"):
        return f"CHECK {obj.name + ' ' if obj.name else ''}({obj.expression})"
    if hasattr(obj, "definition"):
        return f"EXCLUDE {obj.name + ' ' if obj.name else ''}{obj.definition}"
    return f"UNIQUE {obj.name + ' ' if obj.name else ''}({names(obj.columns)})"


def new_column_name(table: Table, base: str = "new_column") -> str:
    """``new_column``, ``new_column2``, ...: a name the table does not have yet and
    no dialect reserves (``column`` is a reserved word everywhere)."""
    taken = {c.name.lower() for c in table.columns}
    n, name = 1, base
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


class PropertiesPanel(QWidget):
    #: the panel wants the canvas to select something (table id, column id or None)
    selectRequested = Signal(object, object)
    #: the user sets a table's role: (table, role, True to give it / False to take it away /
    #: None to leave it to the inference again)
    roleRequested = Signal(object, str, object)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.table_id: str | None = None
        self.column_id: str | None = None
        #: table id -> the workload's queries on it (set by the main window; none without a workload)
        self.queries_on = lambda _table_id: []
        #: table -> its roles with the evidence (``linting.facts.TableRoles``; set by the main window)
        self.roles_of = lambda _table: None
        self.stack = QStackedWidget()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d32f2f")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold")
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error)
        self._build_schema_page()
        self._build_table_page()
        self._build_column_page()
        document.changed.connect(self._on_changed)
        document.reset.connect(lambda: self.set_selection(None))
        self.set_selection(None)

    # -- pages -------------------------------------------------------------------------
    def _build_schema_page(self) -> None:
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        self.schema_info = QLabel()
        v.addWidget(self.schema_info)
        v.addWidget(QLabel("Enum types"))
        self.enums = QListWidget()
        self.enums.itemDoubleClicked.connect(lambda _i: self.edit_enum())
        v.addWidget(self.enums, 1)
        v.addLayout(_row(_button("Add…", "Add an enum type", self.add_enum),
                         _button("Edit…", "Edit the enum's name and values", self.edit_enum),
                         _button("Delete", "Delete the enum type", self.delete_enum)))
        self.stack.addWidget(page)

    def _build_table_page(self) -> None:
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.table_name = QLineEdit()
        self.table_name.editingFinished.connect(self._table_name_edited)
        self.table_comment = QLineEdit()
        self.table_comment.setPlaceholderText("(no comment)")
        self.table_comment.editingFinished.connect(self._table_comment_edited)
        form.addRow("Name", self.table_name)
        form.addRow("Comment", self.table_comment)
        self.roles_label = QLabel()
        self.roles_label.setWordWrap(True)
        self.roles_label.setTextFormat(Qt.RichText)
        self.roles_button = QToolButton()
        self.roles_button.setText("Set…")
        self.roles_button.setToolTip("Say what this table is for where the inference is wrong (saved in the "
                                     "project's lint settings; undoable)")
        self.roles_button.setPopupMode(QToolButton.InstantPopup)
        self.roles_menu = QMenu(self.roles_button)
        self.roles_menu.aboutToShow.connect(self._fill_roles_menu)
        self.roles_button.setMenu(self.roles_menu)
        self.roles_evidence = QLabel()
        self.roles_evidence.setWordWrap(True)
        self.roles_evidence.setTextFormat(Qt.RichText)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(2)
        texts.addWidget(self.roles_label)
        texts.addWidget(self.roles_evidence)
        roles_row = QHBoxLayout()
        roles_row.setContentsMargins(0, 0, 0, 0)
        roles_row.addLayout(texts, 1)
        roles_row.addWidget(self.roles_button, 0, Qt.AlignTop)
        form.addRow("Roles", roles_row)
        v.addLayout(form)
        v.addWidget(QLabel("Columns (type in the grid; the last row adds a column)"))
        from tablewright.app.docks.columns_grid import ColumnsGrid

        self.columns = ColumnsGrid(self._apply)
        self.columns.columnActivated.connect(lambda cid: self.selectRequested.emit(self.table_id, cid))
        v.addWidget(self.columns, 3)
        v.addLayout(_row(_button("Add", "Add a column", self.add_column),
                         _button("Delete", "Delete the column", self.delete_selected_column),
                         _button("↑", "Move up", lambda: self.move_selected_column(-1)),
                         _button("↓", "Move down", lambda: self.move_selected_column(+1))))
        v.addWidget(QLabel("Keys, checks and indexes"))
        self.objects = QListWidget()
        self.objects.itemDoubleClicked.connect(lambda _i: self.edit_object())
        v.addWidget(self.objects, 2)
        v.addLayout(_row(_button("Add index…", "Add an index", self.add_index),
                         _button("Add check…", "Add a check constraint", self.add_check),
                         _button("Edit…", "Edit the selected key, check or index", self.edit_object),
                         _button("Delete", "Delete the selected key, check or index", self.delete_object)))
        self.queries_label = QLabel("Queries on this table")
        v.addWidget(self.queries_label)
        self.queries = QListWidget()
        self.queries.setToolTip("The attached workload's queries that read or write this table")
        v.addWidget(self.queries, 1)
        self.stack.addWidget(page)

    def _build_column_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        back = QPushButton("← table")
        back.clicked.connect(lambda: self.selectRequested.emit(self.table_id, None))
        self.column_name = QLineEdit()
        self.column_name.editingFinished.connect(self._column_name_edited)
        self.column_type = TypePicker()
        self.column_type.typeChosen.connect(lambda dt: self._set_column("type", dt))
        self.column_nullable = QCheckBox("nullable")
        self.column_nullable.toggled.connect(lambda on: self._set_column("nullable", on))
        self.column_pk = QCheckBox("primary key")
        self.column_pk.toggled.connect(self._pk_toggled)
        self.column_unique = QCheckBox("unique")
        self.column_unique.toggled.connect(self._unique_toggled)
        self.column_default = QLineEdit()
        self.column_default.setPlaceholderText("(no default)")
        self.column_default.editingFinished.connect(
            lambda: self._set_column("default", self.column_default.text().strip() or None))
        self.column_comment = QLineEdit()
        self.column_comment.setPlaceholderText("(no comment)")
        self.column_comment.editingFinished.connect(
            lambda: self._set_column("comment", self.column_comment.text().strip() or None))
        form.addRow("", back)
        form.addRow("Name", self.column_name)
        form.addRow("Type", self.column_type)
        form.addRow("", self.column_nullable)
        form.addRow("", self.column_pk)
        form.addRow("", self.column_unique)
        form.addRow("Default", self.column_default)
        form.addRow("Comment", self.column_comment)
        self.stack.addWidget(page)

    # -- selection and refresh ---------------------------------------------------------
    @property
    def schema(self):
        return self.document.schema

    def _table(self) -> Table | None:
        try:
            return self.schema.table(self.table_id) if self.table_id else None
        except KeyError:
            return None

    def set_selection(self, table_id: str | None, column_id: str | None = None) -> None:
        self.table_id, self.column_id = table_id, column_id
        self.error.hide()
        self.refresh()

    def _on_changed(self, table_ids) -> None:
        if not table_ids or self.table_id in table_ids or self.table_id is None:
            self.refresh()

    def refresh(self) -> None:
        table = self._table()
        if table is None:
            self.table_id = self.column_id = None
        column = None
        if table is not None and self.column_id:
            try:
                column = table.column(self.column_id)
            except KeyError:
                self.column_id = None
        self.setUpdatesEnabled(False)
        try:
            if table is None:
                self._show_schema()
            elif column is None:
                self._show_table(table)
            else:
                self._show_column(table, column)
        finally:
            self.setUpdatesEnabled(True)

    def _show_schema(self) -> None:
        s = self.schema
        self.heading.setText("Schema")
        self.schema_info.setText(f"{s.dialect or 'generic'} · {len(s.tables)} tables · "
                                 f"{sum(len(t.foreign_keys) for t in s.tables)} foreign keys")
        self.enums.clear()
        for e in s.enums:
            item = QListWidgetItem(f"{e.qualified_name}: {', '.join(e.values)}")
            item.setData(IdRole, e.id)
            self.enums.addItem(item)
        self.stack.setCurrentIndex(0)

    def _show_table(self, table: Table) -> None:
        self.heading.setText(f"Table {table.qualified_name}")
        for w, text in ((self.table_name, table.name), (self.table_comment, table.comment or "")):
            if not w.hasFocus() or w.text() != text:
                w.blockSignals(True)
                w.setText(text)
                w.blockSignals(False)
        self._show_roles(table)
        self.columns.set_table(table, self.schema)
        selected = self.objects.currentItem().data(IdRole) if self.objects.currentItem() else None
        self.objects.clear()
        for obj in [*table.constraints(), *table.indexes]:
            item = QListWidgetItem(describe_object(table, obj, self.schema))
            item.setData(IdRole, obj.id)
            self.objects.addItem(item)
            if obj.id == selected:
                self.objects.setCurrentItem(item)
        self.queries.clear()
        queries = self.queries_on(table.id)
        self.queries_label.setText(f"Queries on this table ({len(queries)})")
        for q in queries:
            item = QListWidgetItem(f"{Path(q.location.path or '').name}:{q.location.line}  {q.short(100)}")
            item.setToolTip(q.text.strip())
            self.queries.addItem(item)
        self.queries_label.setVisible(bool(queries))
        self.queries.setVisible(bool(queries))
        self.stack.setCurrentIndex(1)

    def _show_roles(self, table: Table) -> None:
        """The table's roles, who decided each (inferred, comment tag, setting), and the evidence."""
        from html import escape

        from tablewright.linting.facts import ROLES

        got = self.roles_of(table)
        self._roles = got
        if got is None:
            self.roles_label.setText("<i>(not known yet)</i>")
            self.roles_evidence.clear()
            return
        order = {r: i for i, r in enumerate(ROLES)}
        held = sorted(got.roles, key=lambda r: order.get(r, 99))
        parts = []
        for r in held:
            src = got.source(r)
            parts.append(f"<b>{r}</b>" + ("" if src == "inferred" else f" <small>({src})</small>"))
        taken = [r for r, src in got.overrides if r.startswith("-")]
        parts += [f"<s>{r[1:]}</s> <small>({src})</small>" for r, src in got.overrides if r.startswith("-")]
        self.roles_label.setText(", ".join(parts) if parts else "<i>none</i>")
        self.roles_label.setToolTip("\n".join(f"{r}: {ROLES[r]}" for r in held + [t[1:] for t in taken]
                                              if r in ROLES))
        lines = [f"{escape(r)}: {escape(why)}" for r, why in sorted(got.evidence, key=lambda e: order.get(e[0], 99))]
        self.roles_evidence.setText("<small>" + "<br>".join(lines) + "</small>" if lines else "")
        self.roles_evidence.setVisible(bool(lines))

    def _fill_roles_menu(self) -> None:
        """One checkable entry per role (checked: the table has it) and a way back to the inference."""
        from tablewright.linting.facts import ROLES

        self.roles_menu.clear()
        table, got = self._table(), getattr(self, "_roles", None)
        if table is None or got is None:
            return
        for role, meaning in ROLES.items():
            act = self.roles_menu.addAction(f"{role} — {meaning}")
            act.setCheckable(True)
            act.setChecked(role in got.roles)
            act.toggled.connect(lambda on, r=role: self.roleRequested.emit(table, r, on))
        set_here = [r.lstrip("+-") for r, src in got.overrides if src == "setting"]
        self.roles_menu.addSeparator()
        for role in set_here:
            self.roles_menu.addAction(f"Back to the inferred {role} role",
                                      lambda r=role: self.roleRequested.emit(table, r, None))

    def _show_column(self, table: Table, column) -> None:
        self.heading.setText(f"Column {table.name}.{column.name}")
        pk = bool(table.primary_key and column.id in table.primary_key.columns)
        unique = any(u.columns == [column.id] for u in table.uniques)
        widgets = (self.column_name, self.column_nullable, self.column_pk, self.column_unique,
                   self.column_default, self.column_comment)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.column_name.setText(column.name)
            self.column_nullable.setChecked(column.nullable)
            self.column_pk.setChecked(pk)
            self.column_unique.setChecked(unique)
            self.column_default.setText(column.default or "")
            self.column_comment.setText(column.comment or "")
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.column_type.set_type(column.type, self.schema)
        self.stack.setCurrentIndex(2)

    # -- widgets → edits -------------------------------------------------------------------
    def _apply(self, make) -> bool:
        """Build an edit (``make()``) and apply it; show the model's refusal."""
        try:
            edit = make()
        except (EditError, KeyError, ValueError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.error.hide()
        if edit is not None:
            self.document.apply(edit)
        return True

    def _table_name_edited(self) -> None:
        table = self._table()
        name = self.table_name.text().strip()
        if table is not None and name != table.name:
            if not self._apply(lambda: edits.rename_table(self.schema, table.id, name)):
                self.table_name.setText(table.name)

    def _table_comment_edited(self) -> None:
        table = self._table()
        comment = self.table_comment.text().strip() or None
        if table is not None and comment != table.comment:
            self._apply(lambda: edits.set_table_attr(self.schema, table.id, "comment", comment))

    def _column_name_edited(self) -> None:
        table = self._table()
        name = self.column_name.text().strip()
        if table is None or not self.column_id:
            return
        if name != table.column(self.column_id).name:
            if not self._apply(lambda: edits.rename_column(self.schema, table.id, self.column_id, name)):
                self.column_name.setText(table.column(self.column_id).name)

    def _set_column(self, attr: str, value) -> None:
        table = self._table()
        if table is None or not self.column_id:
            return
        if getattr(table.column(self.column_id), attr) != value:
            self._apply(lambda: edits.set_column_attr(self.schema, table.id, self.column_id, attr, value))

    def _pk_toggled(self, on: bool) -> None:
        table = self._table()
        if table is None or not self.column_id:
            return
        current = list(table.primary_key.columns) if table.primary_key else []
        cols = current + [self.column_id] if on and self.column_id not in current else \
            [c for c in current if c != self.column_id]
        self._apply(lambda: edits.set_primary_key(self.schema, table.id, cols))

    def _unique_toggled(self, on: bool) -> None:
        if self._table() is not None and self.column_id:
            self._apply(lambda: edits.set_unique(self.schema, self.table_id, self.column_id, on))

    # columns list
    def add_column(self) -> None:
        table = self._table()
        if table is None:
            return
        name = new_column_name(table)
        text = {"mysql": "varchar(255)", "mariadb": "varchar(255)", "mssql": "nvarchar(255)"}.get(
            self.schema.dialect or "", "text")
        from tablewright.app.docks.type_picker import build_type

        dtype = build_type(text, self.schema.dialect)
        self._apply(lambda: edits.add_column(self.schema, table.id, name, dtype))

    def _selected_column(self) -> str | None:
        return self.columns.current_column_id()

    def delete_selected_column(self) -> None:
        cid = self._selected_column()
        if cid and self.table_id:
            self._apply(lambda: edits.delete_column(self.schema, self.table_id, cid))

    def move_selected_column(self, step: int) -> None:
        table, cid = self._table(), self._selected_column()
        if table is None or not cid:
            return
        at = [c.id for c in table.columns].index(cid) + step
        if 0 <= at < len(table.columns):
            self._apply(lambda: edits.move_column(self.schema, table.id, cid, at))

    # keys, checks, indexes
    def _selected_object(self):
        table, item = self._table(), self.objects.currentItem()
        if table is None or item is None:
            return None
        oid = item.data(IdRole)
        return next((o for o in [*table.constraints(), *table.indexes] if o.id == oid), None)

    def add_index(self) -> None:
        self._edit_index(None)

    def _edit_index(self, index: Index | None) -> None:
        from tablewright.app.dialogs.objects import IndexDialog

        table = self._table()
        if table is None:
            return
        dialog = IndexDialog(table, index, self.schema.dialect, self)
        if dialog.exec() == QDialog.Accepted:
            self._apply(lambda: edits.put_index(self.schema, table.id, dialog.result_index()))

    def add_check(self) -> None:
        self._edit_check(None)

    def _edit_check(self, check) -> None:
        from tablewright.app.dialogs.objects import CheckDialog

        table = self._table()
        if table is None:
            return
        dialog = CheckDialog(check, self)
        if dialog.exec() == QDialog.Accepted:
            self._apply(lambda: edits.put_constraint(self.schema, table.id, dialog.result_check()))

    def edit_object(self) -> None:
        obj = self._selected_object()
        table = self._table()
        if obj is None or table is None:
            return
        if isinstance(obj, Index):
            self._edit_index(obj)
        elif isinstance(obj, ForeignKey):
            self.edit_foreign_key(table, obj)
        elif hasattr(obj, "expression"):
            self._edit_check(obj)

    def edit_foreign_key(self, table: Table, fk: ForeignKey) -> None:
        from tablewright.app.dialogs.objects import ForeignKeyDialog

        dialog = ForeignKeyDialog(describe_object(table, fk, self.schema), name=fk.name,
                                  on_delete=fk.on_delete, on_update=fk.on_update, parent=self)
        if dialog.exec() == QDialog.Accepted:
            self._apply(lambda: edits.put_constraint(self.schema, table.id, dialog.apply_to(fk)))

    def delete_object(self) -> None:
        obj = self._selected_object()
        if obj is not None:
            self._apply(lambda: edits.remove_object(self.schema, self.table_id, obj.id))

    # enums
    def _selected_enum(self):
        item = self.enums.currentItem()
        if item is None:
            return None
        return next((e for e in self.schema.enums if e.id == item.data(IdRole)), None)

    def add_enum(self) -> None:
        from tablewright.app.dialogs.objects import EnumDialog

        dialog = EnumDialog(None, self)
        if dialog.exec() == QDialog.Accepted:
            name, values = dialog.result_values()
            self._apply(lambda: edits.add_enum(self.schema, name, values))

    def edit_enum(self) -> None:
        from tablewright.app.dialogs.objects import EnumDialog

        enum = self._selected_enum()
        if enum is None:
            return
        dialog = EnumDialog(enum, self)
        if dialog.exec() == QDialog.Accepted:
            name, values = dialog.result_values()
            self._apply(lambda: edits.change_enum(self.schema, enum.id, name=name, values=values))

    def delete_enum(self) -> None:
        enum = self._selected_enum()
        if enum is not None:
            self._apply(lambda: SetEnum(copy.deepcopy(enum), None, f"Delete enum {enum.name}"))

