"""Edit operations on the model: small, invertible, Qt-free.

Every change a user makes goes through an ``Edit``: ``apply(schema)`` does it,
``revert(schema)`` undoes it exactly, and ``tables`` names the tables whose
content it changes (what the lint engine re-checks and the canvas redraws).
The GUI wraps edits in QUndoCommands; tests and scripts use them directly.

There are few primitives — add/remove/replace a table, add/remove/replace an
enum, and a compound of edits — and many constructors with the names users
think in (``rename_column``, ``add_foreign_key``, ``delete_table`` …).  A
table-local change is a ``ReplaceTable`` holding the table before and after,
so undo is exact however complex the change; deleting a table also replaces
every table whose foreign keys pointed at it, in one compound edit.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from tablewright.designer.dialects import quote
from tablewright.designer.model import (
    CheckConstraint,
    Column,
    DataType,
    EnumType,
    ForeignKey,
    Index,
    IndexElement,
    PrimaryKey,
    RawObject,
    Schema,
    Table,
    UniqueConstraint,
    new_id,
)


class EditError(ValueError):
    """An edit that does not fit the model (unknown id, duplicate name, …)."""


class Edit:
    description: str = ""

    def apply(self, schema: Schema) -> None:
        raise NotImplementedError

    def revert(self, schema: Schema) -> None:
        raise NotImplementedError

    @property
    def tables(self) -> set[str]:
        """Ids of the tables this edit adds, removes or changes."""
        return set()


def _index_of(schema: Schema, table_id: str) -> int:
    for i, table in enumerate(schema.tables):
        if table.id == table_id:
            return i
    raise EditError(f"no table with id {table_id}")


@dataclass
class AddTable(Edit):
    """Add a table (at ``position`` in the schema's tables, or at the end)."""
    table: Table
    position: int | None = None  # index in schema.tables; None appends
    description: str = ""

    def apply(self, schema: Schema) -> None:
        if any(t.id == self.table.id for t in schema.tables):
            raise EditError(f"table id {self.table.id} already exists")
        at = len(schema.tables) if self.position is None else self.position
        schema.tables.insert(at, copy.deepcopy(self.table))

    def revert(self, schema: Schema) -> None:
        del schema.tables[_index_of(schema, self.table.id)]

    @property
    def tables(self) -> set[str]:
        return {self.table.id}


@dataclass
class RemoveTable(Edit):
    """Remove a table (undo puts it back where it was)."""
    table_id: str
    description: str = ""
    _removed: Table | None = field(default=None, repr=False)
    _position: int = field(default=0, repr=False)

    def apply(self, schema: Schema) -> None:
        self._position = _index_of(schema, self.table_id)
        self._removed = schema.tables.pop(self._position)

    def revert(self, schema: Schema) -> None:
        schema.tables.insert(self._position, self._removed)

    @property
    def tables(self) -> set[str]:
        return {self.table_id}


@dataclass
class ReplaceTable(Edit):
    """Swap a table's whole state (columns, keys, indexes, options, name)."""

    before: Table
    after: Table
    description: str = ""

    def apply(self, schema: Schema) -> None:
        schema.tables[_index_of(schema, self.before.id)] = copy.deepcopy(self.after)

    def revert(self, schema: Schema) -> None:
        schema.tables[_index_of(schema, self.after.id)] = copy.deepcopy(self.before)

    @property
    def tables(self) -> set[str]:
        return {self.before.id}


@dataclass
class SetItem(Edit):
    """Add (``before`` None), remove (``after`` None) or change an item of one of
    the schema's own lists: ``enums``, ``sequences``, ``namespaces`` or ``raw``
    (the verbatim statements, whose order is the order they run in).  An added
    item goes after the item with id ``after_id`` ("" first, None last); a
    removed one comes back where it was."""

    attr: str
    before: Any
    after: Any
    description: str = ""
    after_id: str | None = None
    _at: int = field(default=-1, repr=False)

    def _items(self, schema: Schema) -> list:
        return getattr(schema, self.attr)

    def _find(self, items: list, item_id: str) -> int:
        for i, item in enumerate(items):
            if item.id == item_id:
                return i
        raise EditError(f"{self.attr}: no item with id {item_id}")

    def _insert(self, items: list, item, at: int) -> None:
        items.insert(at, copy.deepcopy(item))

    def apply(self, schema: Schema) -> None:
        items = self._items(schema)
        if self.before is None:
            if any(x.id == self.after.id for x in items):
                raise EditError(f"{self.attr}: id {self.after.id} already exists")
            if self.after_id is None:
                at = len(items)
            elif self.after_id == "":
                at = 0
            else:
                at = next((i + 1 for i, x in enumerate(items) if x.id == self.after_id), len(items))
            self._insert(items, self.after, at)
            return
        self._at = self._find(items, self.before.id)
        if self.after is None:
            del items[self._at]
        else:
            items[self._at] = copy.deepcopy(self.after)

    def revert(self, schema: Schema) -> None:
        items = self._items(schema)
        if self.before is None:
            del items[self._find(items, self.after.id)]
        elif self.after is None:
            self._insert(items, self.before, min(max(self._at, 0), len(items)))
        else:
            items[self._find(items, self.after.id)] = copy.deepcopy(self.before)


class SetEnum(SetItem):
    """Add (before None), remove (after None) or change an enum type."""

    def __init__(self, before: EnumType | None, after: EnumType | None, description: str = ""):
        super().__init__("enums", before, after, description)


@dataclass
class Compound(Edit):
    """Several edits as one undo step (a macro)."""

    edits: list[Edit]
    description: str = ""

    def apply(self, schema: Schema) -> None:
        done: list[Edit] = []
        try:
            for edit in self.edits:
                edit.apply(schema)
                done.append(edit)
        except Exception:
            for edit in reversed(done):
                edit.revert(schema)
            raise

    def revert(self, schema: Schema) -> None:
        for edit in reversed(self.edits):
            edit.revert(schema)

    @property
    def tables(self) -> set[str]:
        return set().union(*(e.tables for e in self.edits)) if self.edits else set()


# -- constructors ------------------------------------------------------------------


def change_table(schema: Schema, table_id: str, change: Callable[[Table], Any], description: str) -> ReplaceTable:
    """A ReplaceTable from a function that mutates a copy of the table."""
    before = schema.table(table_id)
    after = copy.deepcopy(before)
    change(after)
    return ReplaceTable(copy.deepcopy(before), after, description)


def _check_name(existing: list[str], name: str, what: str) -> None:
    if not name or not name.strip():
        raise EditError(f"{what} name cannot be empty")
    if name.lower() in (n.lower() for n in existing):
        raise EditError(f"{what} {name!r} already exists")


def add_table(schema: Schema, name: str, namespace: str | None = None, *,
              with_id_column: bool = True) -> AddTable:
    _check_name([t.name for t in schema.tables if t.namespace == namespace], name, "table")
    table = Table(new_id("tbl"), name, namespace)
    if with_id_column:
        column = Column(new_id("col"), "id", DataType("bigint", "bigint"), nullable=False)
        table.columns.append(column)
        table.primary_key = PrimaryKey(new_id("pk"), [column.id])
    return AddTable(table, description=f"Add table {name}")


def rename_table(schema: Schema, table_id: str, name: str) -> Edit:
    """Rename a table; the views that read it follow (see :mod:`tablewright.designer.view_sql`)."""
    table = schema.table(table_id)
    _check_name([t.name for t in schema.tables if t.namespace == table.namespace and t.id != table_id], name, "table")
    description = f"Rename table {table.name} to {name}"
    edit = change_table(schema, table_id, lambda t: setattr(t, "name", name), description)
    return _views_follow(schema, table, edit, description, table.name, new_table_name=name)


def delete_table(schema: Schema, table_id: str) -> Compound:
    """Delete a table as the engine drops it: with its partitions and the sequences
    it owns; other tables' foreign keys to these go, and a table inheriting from one
    of them keeps its columns but no longer names it as a parent."""
    table = schema.table(table_id)
    gone = [table_id]  # the table and, level by level, its partitions
    for tid in gone:
        gone += [t.id for t in schema.tables if t.options.partition_of == tid and t.id not in gone]
    edits: list[Edit] = []
    for other in schema.tables:
        if other.id in gone:
            continue
        refers = [tid for tid in gone if other.refers_to(tid)]
        inherits = [tid for tid in other.options.inherits if tid in gone]
        if refers or inherits:
            def change(t: Table, refers=refers, inherits=inherits) -> None:
                for tid in refers:
                    t.drop_references_to(tid)
                t.options.inherits = [p for p in t.options.inherits if p not in inherits]

            edits.append(change_table(schema, other.id, change, f"Drop references of {other.name} to {table.name}"))
    for sequence in schema.sequences:
        if sequence.owned_by and sequence.owned_by[0] in gone:
            edits.append(SetItem("sequences", sequence, None, f"Drop sequence {sequence.name}"))
    edits += [RemoveTable(tid) for tid in reversed(gone)]
    return Compound(edits, f"Delete table {table.name}")


def set_table_attr(schema: Schema, table_id: str, attr: str, value: Any) -> ReplaceTable:
    """Set a table attribute (comment, namespace) or option (``options.engine``)."""
    table = schema.table(table_id)

    def change(t: Table) -> None:
        target, _, name = attr.rpartition(".")
        obj = t.options if target == "options" else t
        setattr(obj, name, value)

    return change_table(schema, table_id, change, f"Set {attr} of {table.name}")


def add_column(schema: Schema, table_id: str, name: str, type_: DataType, *,
               nullable: bool = True, default: str | None = None, position: int | None = None) -> ReplaceTable:
    table = schema.table(table_id)
    _check_name([c.name for c in table.columns], name, "column")
    column = Column(new_id("col"), name, type_, nullable=nullable, default=default)

    def change(t: Table) -> None:
        t.columns.insert(len(t.columns) if position is None else position, column)

    return change_table(schema, table_id, change, f"Add column {table.name}.{name}")


def rename_column(schema: Schema, table_id: str, column_id: str, name: str) -> Edit:
    """Rename a column, as one step with what names it in text: the table's CHECKs, generated
    columns and index expressions, and the views (their own columns keep their names), policies,
    triggers and grants that read it (see :mod:`tablewright.designer.column_refs`)."""
    from tablewright.designer.column_refs import columns_by_table, follow_on, rename_in_table

    table = schema.table(table_id)
    old = table.column(column_id).name
    _check_name([c.name for c in table.columns if c.id != column_id], name, "column")
    description = f"Rename column {table.name}.{old} to {name}"
    dialect = schema.dialect or "postgres"
    written = quote(name, dialect)

    def change(t: Table) -> None:
        rename_in_table(t, dialect, old, written)  # (what it cannot read stays as written)
        t.column(column_id).name = name

    follow = follow_on(schema.raw, dialect, table, old, written, columns_by_table(schema))
    steps: list[Edit] = [change_table(schema, table_id, change, description)]
    steps += [ReplaceRaw(copy.deepcopy(schema.raw[k]), replace(schema.raw[k], sql=sql),
                         f"Update {schema.raw[k].kind} {schema.raw[k].name}") for k, sql in follow]
    return Compound(steps, description) if len(steps) > 1 else steps[0]


@dataclass
class ReplaceRaw(Edit):
    """Swap a verbatim object (a view's SQL, say) for another version of it."""

    before: RawObject
    after: RawObject
    description: str = ""

    def _swap(self, schema: Schema, old: RawObject, new: RawObject) -> None:
        for i, raw in enumerate(schema.raw):
            if raw.id == old.id:
                schema.raw[i] = copy.deepcopy(new)
                return
        raise EditError(f"{old.kind} {old.name or old.id} is not in the schema")

    def apply(self, schema: Schema) -> None:
        self._swap(schema, self.before, self.after)

    def revert(self, schema: Schema) -> None:
        self._swap(schema, self.after, self.before)


def _views_follow(schema: Schema, table: Table, edit: Edit, description: str, old_name: str, **rename) -> Edit:
    """``edit`` (a rename) with the views that read the renamed table or column
    rewritten to the new name, as one step."""
    from tablewright.designer.view_sql import VIEW_KINDS, renamed_view_sql

    follow: list[Edit] = []
    for raw in schema.raw:
        # a view that does not even contain the old name cannot read it: not parsed
        if raw.kind in VIEW_KINDS and old_name.lower() in raw.sql.lower():
            sql = renamed_view_sql(raw, schema, table, **rename)
            if sql is not None and sql != raw.sql:
                follow.append(ReplaceRaw(copy.deepcopy(raw), replace(raw, sql=sql), f"Update view {raw.name}"))
    return Compound([edit, *follow], description) if follow else edit


def set_column_attr(schema: Schema, table_id: str, column_id: str, attr: str, value: Any) -> ReplaceTable:
    """Set type, nullable, default, identity, comment, collation, … of a column."""
    table = schema.table(table_id)
    column = table.column(column_id)
    if not hasattr(column, attr) or attr == "id":
        raise EditError(f"columns have no settable attribute {attr!r}")
    return change_table(schema, table_id, lambda t: setattr(t.column(column_id), attr, value),
                        f"Set {attr} of {table.name}.{column.name}")


def delete_column(schema: Schema, table_id: str, column_id: str) -> Compound:
    """Delete a column and what depends on it, as PostgreSQL's DROP COLUMN … CASCADE does: its place in
    keys and indexes, the CHECKs, indexes and generated columns whose text names it, foreign keys of
    other tables that reference it."""
    from tablewright.designer.column_refs import dependents

    table = schema.table(table_id)
    name = table.column(column_id).name
    checks, indexes, generated, _ = dependents(table, column_id, schema.dialect or "postgres")
    gone = {x.id for x in (*checks, *indexes)}

    def change(t: Table) -> None:
        t.checks = [c for c in t.checks if c.id not in gone]
        t.indexes = [i for i in t.indexes if i.id not in gone]
        for other in generated:
            t.remove_column(other.id)
        t.remove_column(column_id)

    edits: list[Edit] = [change_table(schema, table_id, change, f"Delete column {table.name}.{name}")]
    for other in schema.tables:
        if other.id != table_id and other.refers_to(table_id, column_id):
            edits.append(change_table(schema, other.id, lambda t: t.drop_references_to(table_id, column_id),
                                      f"Drop foreign keys of {other.name} to {table.name}.{name}"))
    return Compound(edits, f"Delete column {table.name}.{name}")


def move_column(schema: Schema, table_id: str, column_id: str, position: int) -> ReplaceTable:
    table = schema.table(table_id)

    def change(t: Table) -> None:
        column = t.column(column_id)
        t.columns.remove(column)
        t.columns.insert(position, column)

    return change_table(schema, table_id, change, f"Move column {table.name}.{table.column(column_id).name}")


def set_primary_key(schema: Schema, table_id: str, column_ids: list[str] | None, name: str | None = None) -> ReplaceTable:
    table = schema.table(table_id)

    def change(t: Table) -> None:
        if not column_ids:
            t.primary_key = None
            return
        lengths = t.primary_key.lengths if t.primary_key else {}
        t.primary_key = PrimaryKey(t.primary_key.id if t.primary_key else new_id("pk"), list(column_ids),
                                   name if name is not None else (t.primary_key.name if t.primary_key else None),
                                   lengths={c: n for c, n in lengths.items() if c in column_ids})
        for cid in column_ids:
            t.column(cid).nullable = False

    return change_table(schema, table_id, change, f"Set primary key of {table.name}")


def set_unique(schema: Schema, table_id: str, column_id: str, unique: bool) -> ReplaceTable:
    """Toggle a single-column unique constraint."""
    table = schema.table(table_id)
    column = table.column(column_id)

    def change(t: Table) -> None:
        single = [u for u in t.uniques if u.columns == [column_id]]
        if unique and not single:
            t.uniques.append(UniqueConstraint(new_id("uq"), [column_id]))
        elif not unique:
            t.uniques = [u for u in t.uniques if u.columns != [column_id]]

    return change_table(schema, table_id, change, f"{'Make' if unique else 'Drop'} unique {table.name}.{column.name}")


def _put(items: list, item) -> None:
    """Replace the item with the same id, or append it."""
    for i, existing in enumerate(items):
        if existing.id == item.id:
            items[i] = item
            return
    items.append(item)


def add_foreign_key(schema: Schema, table_id: str, column_ids: list[str], ref_table_id: str,
                    ref_column_ids: list[str], *, name: str | None = None, on_delete: str | None = None,
                    on_update: str | None = None) -> ReplaceTable:
    table, ref = schema.table(table_id), schema.table(ref_table_id)
    if len(column_ids) != len(ref_column_ids) or not column_ids:
        raise EditError("a foreign key needs as many referenced columns as it has columns")
    for cid in ref_column_ids:
        ref.column(cid)
    fk = ForeignKey(new_id("fk"), list(column_ids), ref_table_id, list(ref_column_ids), name,
                    on_delete=on_delete, on_update=on_update)
    return change_table(schema, table_id, lambda t: t.foreign_keys.append(fk),
                        f"Add foreign key {table.name} → {ref.name}")


def put_constraint(schema: Schema, table_id: str, item: ForeignKey | UniqueConstraint | CheckConstraint) -> ReplaceTable:
    """Add or replace (same id) a foreign key, unique or check constraint."""
    table = schema.table(table_id)
    attr = {ForeignKey: "foreign_keys", UniqueConstraint: "uniques", CheckConstraint: "checks"}[type(item)]
    return change_table(schema, table_id, lambda t: _put(getattr(t, attr), copy.deepcopy(item)),
                        f"Edit {type(item).__name__} on {table.name}")


def put_index(schema: Schema, table_id: str, index: Index) -> ReplaceTable:
    """Add or replace (same id) an index."""
    table = schema.table(table_id)
    return change_table(schema, table_id, lambda t: _put(t.indexes, copy.deepcopy(index)),
                        f"Edit index {index.name or ''} on {table.name}".replace("  ", " "))


def add_index(schema: Schema, table_id: str, column_ids: list[str], *, name: str | None = None,
              unique: bool = False, method: str | None = None, predicate: str | None = None) -> ReplaceTable:
    index = Index(new_id("ix"), name, [IndexElement(column=c) for c in column_ids], unique=unique,
                  method=method, predicate=predicate)
    return put_index(schema, table_id, index)


def remove_object(schema: Schema, table_id: str, object_id: str) -> ReplaceTable:
    """Remove a foreign key, unique, check, index or the primary key by id."""
    table = schema.table(table_id)
    found = [o for o in [*table.constraints(), *table.indexes] if o.id == object_id]
    if not found:
        raise EditError(f"{table.name} has no constraint or index {object_id}")

    def change(t: Table) -> None:
        if t.primary_key and t.primary_key.id == object_id:
            t.primary_key = None
        for attr in ("foreign_keys", "uniques", "checks", "indexes"):
            setattr(t, attr, [o for o in getattr(t, attr) if o.id != object_id])

    return change_table(schema, table_id, change, f"Remove {type(found[0]).__name__} from {table.name}")


def add_enum(schema: Schema, name: str, values: list[str], namespace: str | None = None) -> SetEnum:
    _check_name([e.name for e in schema.enums if e.namespace == namespace], name, "enum")
    return SetEnum(None, EnumType(new_id("enum"), name, list(values), namespace), f"Add enum {name}")


def change_enum(schema: Schema, enum_id: str, **changes) -> SetEnum:
    before = next(e for e in schema.enums if e.id == enum_id)
    return SetEnum(copy.deepcopy(before), replace(copy.deepcopy(before), **changes), f"Edit enum {before.name}")


def copy_table(schema: Schema, table_id: str, name: str | None = None) -> AddTable:
    """A copy of a table with fresh ids (for copy/paste); foreign keys to
    other tables are kept, keys of the copy point at its own columns."""
    source = schema.table(table_id)
    taken = {t.name.lower() for t in schema.tables}
    name = name or source.name + "_copy"
    base, n = name, 2
    while name.lower() in taken:
        name, n = f"{base}{n}", n + 1
    clone = copy.deepcopy(source)
    ids = {c.id: new_id("col") for c in clone.columns}
    clone.id, clone.name, clone.location = new_id("tbl"), name, None
    for column in clone.columns:
        column.id, column.location = ids[column.id], None

    def remap(cols: list[str]) -> list[str]:
        return [ids.get(c, c) for c in cols]

    if clone.primary_key:
        clone.primary_key = replace(clone.primary_key, id=new_id("pk"), columns=remap(clone.primary_key.columns), name=None,
                                    lengths={ids.get(c, c): n for c, n in clone.primary_key.lengths.items()})
    clone.foreign_keys = [replace(fk, id=new_id("fk"), columns=remap(fk.columns), name=None,
                                  on_delete_columns=remap(fk.on_delete_columns),
                                  ref_table=clone.id if fk.ref_table == source.id else fk.ref_table,
                                  ref_columns=remap(fk.ref_columns) if fk.ref_table == source.id else fk.ref_columns)
                          for fk in clone.foreign_keys]
    clone.uniques = [replace(u, id=new_id("uq"), columns=remap(u.columns), name=None) for u in clone.uniques]
    clone.checks = [replace(c, id=new_id("ck"), name=None, column=ids.get(c.column, c.column)) for c in clone.checks]
    clone.indexes = [replace(i, id=new_id("ix"), name=None, include=remap(i.include),
                             elements=[replace(e, column=ids.get(e.column, e.column)) for e in i.elements])
                     for i in clone.indexes]
    return AddTable(clone, description=f"Paste table {name}")


# -- edits as data -----------------------------------------------------------------
#
# A change to one table described by what it does rather than by the table
# before and after: cheap to make (nothing is copied until it is applied), equal
# when it does the same thing, picklable, and written as JSON by ``to_dict``.
# Lint fixes carry one (``tablewright.linting.findings.Fix.edit``); the GUI pushes
# it as it pushes any edit.  Applying one makes the edit the designer's
# constructor of the same name makes, on the schema as it is then (a rename's
# views follow), and reverting undoes exactly that; ``change`` is the same
# change made to a lone table (what the migrations compare to render its SQL:
# ``tablewright.designer.migrations.edit_sql``).

#: kind of table item -> the table's list of them
_ITEMS = {"index": "indexes", "unique": "uniques", "check": "checks", "foreign_key": "foreign_keys",
          "column": "columns"}


def _kind_of(item) -> str:
    return {Index: "index", UniqueConstraint: "unique", CheckConstraint: "check", ForeignKey: "foreign_key",
            Column: "column"}[type(item)]


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        from tablewright.designer.model import canonical

        return canonical(value)
    return value


def _column_to_change(table: Table, column_id: str) -> Column:
    """The column ``column_id`` of ``table``, replaced there by a copy to change."""
    for i, column in enumerate(table.columns):
        if column.id == column_id:
            column = table.columns[i] = copy.copy(column)
            return column
    raise KeyError(column_id)


@dataclass(eq=False)
class TableChange(Edit):
    """A change to table ``table_id``, as data (see above).  Subclasses give
    ``op``, ``arguments()`` and ``change(table)``; ``build(schema)`` is the
    designer's edit for it on ``schema``."""

    table_id: str

    op = ""

    def arguments(self) -> dict:
        raise NotImplementedError

    def change(self, table: Table) -> None:
        """Make the change to ``table`` in place (nothing else in the schema).
        It sets attributes of the table, adds to or takes from its lists, and
        changes a column only as a copy put in its place (:func:`_column_to_change`);
        it changes nothing held inside those (a column's type, an index's
        elements), so that :meth:`changed` can share them."""
        raise NotImplementedError

    def changed(self, table: Table) -> Table:
        """A new table: ``table`` with the change made, ``table`` untouched.
        What the change cannot reach is shared with ``table`` (its lists and
        columns are copies, what they hold is not)."""
        new = copy.copy(table)
        for attr in ("columns", "foreign_keys", "uniques", "checks", "indexes"):
            setattr(new, attr, list(getattr(table, attr)))
        self.change(new)
        return new

    def build(self, schema: Schema) -> Edit:
        table = schema.table(self.table_id)
        return change_table(schema, self.table_id, self.change, self.description or f"Change {table.name}")

    # the designer's edit built when applied; reverting undoes that one
    def apply(self, schema: Schema) -> None:
        done = self.build(schema)
        done.apply(schema)
        self.__dict__["_done"] = done

    def revert(self, schema: Schema) -> None:
        done = self.__dict__.pop("_done", None)
        if done is None:
            raise EditError("the edit was not applied")
        done.revert(schema)

    @property
    def tables(self) -> set[str]:
        return {self.table_id}

    def _key(self) -> tuple:
        return (type(self), self.table_id, sorted(self.arguments().items()))

    def __eq__(self, other):
        if not isinstance(other, TableChange):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        # model objects (an Index, a ForeignKey) do not hash: their argument names hash instead
        return hash((self.op, self.table_id, *(v if isinstance(v, (str, int, float, type(None))) else k
                                                for k, v in sorted(self.arguments().items()))))

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_done", None)  # what undoes an application stays with it
        return state

    def to_dict(self) -> dict:
        return {"op": self.op, "table_id": self.table_id,
                **{k: _plain(v) for k, v in sorted(self.arguments().items())}}


@dataclass(eq=False)
class SetColumnAttr(TableChange):
    """Set a column's ``type``, ``nullable``, ``default``, … (:func:`set_column_attr`)."""

    column_id: str = ""
    attr: str = ""
    value: Any = None
    description: str = ""

    @property
    def op(self) -> str:
        return {"type": "set_column_type", "nullable": "set_nullable"}.get(self.attr, f"set_column_{self.attr}")

    def arguments(self) -> dict:
        return {"column_id": self.column_id, self.attr: self.value}

    def change(self, table: Table) -> None:
        setattr(_column_to_change(table, self.column_id), self.attr, self.value)

    def build(self, schema: Schema) -> Edit:
        edit = set_column_attr(schema, self.table_id, self.column_id, self.attr, self.value)
        edit.description = self.description or edit.description
        return edit


@dataclass(eq=False)
class RenameTable(TableChange):
    """Rename a table; the views that read it follow (:func:`rename_table`)."""

    name: str = ""
    description: str = ""
    op = "rename_table"

    def arguments(self) -> dict:
        return {"name": self.name}

    def change(self, table: Table) -> None:
        table.name = self.name

    def build(self, schema: Schema) -> Edit:
        return rename_table(schema, self.table_id, self.name)


@dataclass(eq=False)
class RenameColumn(TableChange):
    """Rename a column; the views that read it follow (:func:`rename_column`)."""

    column_id: str = ""
    name: str = ""
    description: str = ""
    op = "rename_column"

    def arguments(self) -> dict:
        return {"column_id": self.column_id, "name": self.name}

    def change(self, table: Table) -> None:
        _column_to_change(table, self.column_id).name = self.name

    def build(self, schema: Schema) -> Edit:
        return rename_column(schema, self.table_id, self.column_id, self.name)


@dataclass(eq=False)
class SetPrimaryKey(TableChange):
    """Make ``primary_key`` the table's primary key (None: none)."""

    primary_key: PrimaryKey | None = None
    description: str = ""
    op = "set_primary_key"

    def arguments(self) -> dict:
        return {"primary_key": self.primary_key}

    def change(self, table: Table) -> None:
        table.primary_key = copy.deepcopy(self.primary_key)


@dataclass(eq=False)
class AddItem(TableChange):
    """Add an index, unique, check, foreign key or column (``item``) to the
    table, at ``position`` in its list (None: last); one with the same id is
    replaced where it is (:func:`put_index`, :func:`put_constraint`)."""

    item: Any = None
    position: int | None = None
    description: str = ""

    @property
    def op(self) -> str:
        return f"add_{_kind_of(self.item)}"

    def arguments(self) -> dict:
        args = {_kind_of(self.item): self.item}
        if self.position is not None:
            args["position"] = self.position
        return args

    def change(self, table: Table) -> None:
        items = getattr(table, _ITEMS[_kind_of(self.item)])
        item = copy.deepcopy(self.item)
        for i, existing in enumerate(items):
            if existing.id == item.id:
                items[i] = item
                return
        items.insert(len(items) if self.position is None else self.position, item)


@dataclass(eq=False)
class DropItem(TableChange):
    """Remove the ``kind`` (index, unique, check, foreign_key, column) with id
    ``id`` from the table (a column alone: see :func:`delete_column` for what
    depends on it)."""

    kind: str = ""
    id: str = ""
    description: str = ""

    @property
    def op(self) -> str:
        return f"drop_{self.kind}"

    def arguments(self) -> dict:
        return {"id": self.id}

    def change(self, table: Table) -> None:
        items = getattr(table, _ITEMS[self.kind])
        for i, item in enumerate(items):
            if item.id == self.id:
                del items[i]
                return
        raise EditError(f"{table.name} has no {self.kind} {self.id}")
