"""Migration operations: small, self-contained, reversible (Alembic's ``ops``).

Every operation names the objects it touches by their stable ids and carries
what its reverse needs (a dropped column carries the column, an altered column
its state before and after).  ``apply(schema)`` replays the operation on a model,
which is how renderers know the names in force at each step (a rename earlier in
the script changes what later statements must say) and how tests check that the
upgrade ops take the old model to the new one.

Downgrade is the reversed upgrade: ``MigrationScript.downgrade_ops`` is
``[op.reverse() for op in reversed(upgrade_ops)]``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import ClassVar

from tablewright.designer.model import (
    CheckConstraint,
    Column,
    EnumType,
    ExclusionConstraint,
    ForeignKey,
    Index,
    Namespace,
    PrimaryKey,
    RawObject,
    Schema,
    Sequence,
    Table,
    UniqueConstraint,
)

#: the Column fields an AlterColumn changes (everything but id and name)
ALTERABLE = ("type", "nullable", "default", "identity", "autoincrement", "generated", "collation",
             "charset", "on_update", "comment")


class MigrateOp:
    """One step of a migration."""

    kind: ClassVar[str] = ""
    # ``table_id``: the table whose content the op changes (absent on schema-level ops;
    # read it with ``op_table(op)``)

    def reverse(self) -> "MigrateOp":
        raise NotImplementedError

    def apply(self, schema: Schema) -> None:
        raise NotImplementedError

    def describe(self, schema: Schema) -> str:
        """A one-line description, with the names in force in ``schema``
        (the state just before the op)."""
        return self.kind.replace("_", " ")


def op_table(op: MigrateOp) -> str | None:
    return getattr(op, "table_id", None)


def _table(schema: Schema, table_id: str) -> Table:
    return schema.table(table_id)


def _label(schema: Schema, table_id: str) -> str:
    try:
        return schema.table(table_id).qualified_name
    except KeyError:
        return table_id


# -- namespaces -----------------------------------------------------------------------------


@dataclass
class CreateNamespace(MigrateOp):
    namespace: Namespace
    kind: ClassVar[str] = "create_namespace"

    def reverse(self):
        return DropNamespace(copy.deepcopy(self.namespace))

    def apply(self, schema):
        schema.namespaces.append(copy.deepcopy(self.namespace))

    def describe(self, schema):
        return f"create schema {self.namespace.name}"


@dataclass
class DropNamespace(MigrateOp):
    namespace: Namespace
    kind: ClassVar[str] = "drop_namespace"

    def reverse(self):
        return CreateNamespace(copy.deepcopy(self.namespace))

    def apply(self, schema):
        schema.namespaces = [n for n in schema.namespaces if n.id != self.namespace.id]

    def describe(self, schema):
        return f"drop schema {self.namespace.name}"


# -- tables ------------------------------------------------------------------------------------


@dataclass
class CreateTable(MigrateOp):
    """A table with its columns, primary key, uniques and checks; its foreign
    keys and indexes are separate ops (so any set of tables can be created
    before the keys that point at them)."""

    table: Table
    kind: ClassVar[str] = "create_table"

    @property
    def table_id(self):
        return self.table.id

    def reverse(self):
        return DropTable(copy.deepcopy(self.table))

    def apply(self, schema):
        schema.tables.append(copy.deepcopy(self.table))

    def describe(self, schema):
        return f"create table {self.table.qualified_name}"


@dataclass
class DropTable(MigrateOp):
    table: Table  # as it is when dropped (its foreign keys and indexes already gone)
    kind: ClassVar[str] = "drop_table"

    @property
    def table_id(self):
        return self.table.id

    def reverse(self):
        return CreateTable(copy.deepcopy(self.table))

    def apply(self, schema):
        schema.tables = [t for t in schema.tables if t.id != self.table.id]

    def describe(self, schema):
        return f"drop table {self.table.qualified_name}"


@dataclass
class RenameTable(MigrateOp):
    table_id: str
    old_name: str
    new_name: str
    kind: ClassVar[str] = "rename_table"

    def reverse(self):
        return RenameTable(self.table_id, self.new_name, self.old_name)

    def apply(self, schema):
        _table(schema, self.table_id).name = self.new_name

    def describe(self, schema):
        return f"rename table {_label(schema, self.table_id)} to {self.new_name}"


@dataclass
class MoveTable(MigrateOp):
    """Move a table to another schema (namespace)."""

    table_id: str
    old_namespace: str | None
    new_namespace: str | None
    kind: ClassVar[str] = "move_table"

    def reverse(self):
        return MoveTable(self.table_id, self.new_namespace, self.old_namespace)

    def apply(self, schema):
        _table(schema, self.table_id).namespace = self.new_namespace

    def describe(self, schema):
        return f"move table {_label(schema, self.table_id)} to schema {self.new_namespace or '(default)'}"


@dataclass
class SetTableComment(MigrateOp):
    table_id: str
    old: str | None
    new: str | None
    kind: ClassVar[str] = "set_table_comment"

    def reverse(self):
        return SetTableComment(self.table_id, self.new, self.old)

    def apply(self, schema):
        _table(schema, self.table_id).comment = self.new

    def describe(self, schema):
        return f"set comment of {_label(schema, self.table_id)}"


# -- columns -----------------------------------------------------------------------------------


@dataclass
class AddColumn(MigrateOp):
    """Add a column; ``position`` is its index in the table afterwards (engines
    that cannot place a column append it)."""

    table_id: str
    column: Column
    position: int | None = None
    kind: ClassVar[str] = "add_column"

    def reverse(self):
        return DropColumn(self.table_id, copy.deepcopy(self.column), self.position)

    def apply(self, schema):
        columns = _table(schema, self.table_id).columns
        columns.insert(len(columns) if self.position is None else self.position, copy.deepcopy(self.column))

    def describe(self, schema):
        return f"add column {_label(schema, self.table_id)}.{self.column.name}"


@dataclass
class DropColumn(MigrateOp):
    table_id: str
    column: Column
    position: int | None = None  # its index before the drop
    kind: ClassVar[str] = "drop_column"

    def reverse(self):
        return AddColumn(self.table_id, copy.deepcopy(self.column), self.position)

    def apply(self, schema):
        table = _table(schema, self.table_id)
        table.columns = [c for c in table.columns if c.id != self.column.id]

    def describe(self, schema):
        return f"drop column {_label(schema, self.table_id)}.{self.column.name}"


@dataclass
class RenameColumn(MigrateOp):
    table_id: str
    column_id: str
    old_name: str
    new_name: str
    kind: ClassVar[str] = "rename_column"

    def reverse(self):
        return RenameColumn(self.table_id, self.column_id, self.new_name, self.old_name)

    def apply(self, schema):
        """The column renamed, and the text that names it with it, as the engines rewrite it or bind it
        (CHECKs, index expressions, generated columns; policies and triggers): what a SQLite rebuild
        re-makes after the rename is then written with the new name."""
        from tablewright.designer.column_refs import follow_in_schema  # noqa: PLC0415

        table = _table(schema, self.table_id)
        follow_in_schema(schema, table, self.old_name, self.new_name)
        table.column(self.column_id).name = self.new_name

    def describe(self, schema):
        return f"rename column {_label(schema, self.table_id)}.{self.old_name} to {self.new_name}"


@dataclass
class AlterColumn(MigrateOp):
    """Change a column's type, nullability, default, identity or comment
    (``before``/``after`` are the whole column; names are not changed here)."""

    table_id: str
    before: Column
    after: Column
    kind: ClassVar[str] = "alter_column"

    @property
    def column_id(self) -> str:
        return self.after.id

    def changes(self) -> list[str]:
        return [f for f in ALTERABLE if getattr(self.before, f) != getattr(self.after, f)]

    def reverse(self):
        return AlterColumn(self.table_id, copy.deepcopy(self.after), copy.deepcopy(self.before))

    def apply(self, schema):
        column = _table(schema, self.table_id).column(self.after.id)
        for name in ALTERABLE:
            setattr(column, name, copy.deepcopy(getattr(self.after, name)))

    def describe(self, schema):
        table = _table(schema, self.table_id)
        return f"alter column {table.qualified_name}.{table.column(self.after.id).name} ({', '.join(self.changes())})"


# -- constraints and indexes ----------------------------------------------------------------------


def _drop_by_id(items: list, item_id: str) -> list:
    return [i for i in items if i.id != item_id]


@dataclass
class AddPrimaryKey(MigrateOp):
    table_id: str
    key: PrimaryKey
    kind: ClassVar[str] = "add_primary_key"

    def reverse(self):
        return DropPrimaryKey(self.table_id, copy.deepcopy(self.key))

    def apply(self, schema):
        _table(schema, self.table_id).primary_key = copy.deepcopy(self.key)

    def describe(self, schema):
        return f"add primary key to {_label(schema, self.table_id)}"


@dataclass
class DropPrimaryKey(MigrateOp):
    table_id: str
    key: PrimaryKey
    kind: ClassVar[str] = "drop_primary_key"

    def reverse(self):
        return AddPrimaryKey(self.table_id, copy.deepcopy(self.key))

    def apply(self, schema):
        _table(schema, self.table_id).primary_key = None

    def describe(self, schema):
        return f"drop primary key of {_label(schema, self.table_id)}"


@dataclass
class AddForeignKey(MigrateOp):
    table_id: str
    key: ForeignKey
    kind: ClassVar[str] = "add_foreign_key"

    def reverse(self):
        return DropForeignKey(self.table_id, copy.deepcopy(self.key))

    def apply(self, schema):
        _table(schema, self.table_id).foreign_keys.append(copy.deepcopy(self.key))

    def describe(self, schema):
        return f"add foreign key {self.key.name or ''} {_label(schema, self.table_id)} → {_label(schema, self.key.ref_table)}".replace("  ", " ")


@dataclass
class DropForeignKey(MigrateOp):
    table_id: str
    key: ForeignKey
    kind: ClassVar[str] = "drop_foreign_key"

    def reverse(self):
        return AddForeignKey(self.table_id, copy.deepcopy(self.key))

    def apply(self, schema):
        table = _table(schema, self.table_id)
        table.foreign_keys = _drop_by_id(table.foreign_keys, self.key.id)

    def describe(self, schema):
        return f"drop foreign key {self.key.name or ''} {_label(schema, self.table_id)} → {_label(schema, self.key.ref_table)}".replace("  ", " ")


@dataclass
class AddUnique(MigrateOp):
    table_id: str
    key: UniqueConstraint
    kind: ClassVar[str] = "add_unique"

    def reverse(self):
        return DropUnique(self.table_id, copy.deepcopy(self.key))

    def apply(self, schema):
        _table(schema, self.table_id).uniques.append(copy.deepcopy(self.key))

    def describe(self, schema):
        table = _table(schema, self.table_id)
        return f"add unique ({', '.join(table.column_names(self.key.columns))}) to {table.qualified_name}"


@dataclass
class DropUnique(MigrateOp):
    table_id: str
    key: UniqueConstraint
    kind: ClassVar[str] = "drop_unique"

    def reverse(self):
        return AddUnique(self.table_id, copy.deepcopy(self.key))

    def apply(self, schema):
        table = _table(schema, self.table_id)
        table.uniques = _drop_by_id(table.uniques, self.key.id)

    def describe(self, schema):
        return f"drop unique {self.key.name or ''} of {_label(schema, self.table_id)}".replace("  ", " ")


@dataclass
class AddCheck(MigrateOp):
    table_id: str
    check: CheckConstraint
    kind: ClassVar[str] = "add_check"

    def reverse(self):
        return DropCheck(self.table_id, copy.deepcopy(self.check))

    def apply(self, schema):
        _table(schema, self.table_id).checks.append(copy.deepcopy(self.check))

    def describe(self, schema):
        return f"add check ({self.check.expression}) to {_label(schema, self.table_id)}"


@dataclass
class DropCheck(MigrateOp):
    table_id: str
    check: CheckConstraint
    kind: ClassVar[str] = "drop_check"

    def reverse(self):
        return AddCheck(self.table_id, copy.deepcopy(self.check))

    def apply(self, schema):
        table = _table(schema, self.table_id)
        table.checks = _drop_by_id(table.checks, self.check.id)

    def describe(self, schema):
        return f"drop check ({self.check.expression}) of {_label(schema, self.table_id)}"


@dataclass
class AddExclusion(MigrateOp):
    """PostgreSQL ``EXCLUDE`` constraint (its definition verbatim)."""

    table_id: str
    exclusion: ExclusionConstraint
    kind: ClassVar[str] = "add_exclusion"

    def reverse(self):
        return DropExclusion(self.table_id, copy.deepcopy(self.exclusion))

    def apply(self, schema):
        _table(schema, self.table_id).exclusions.append(copy.deepcopy(self.exclusion))

    def describe(self, schema):
        return f"add exclusion constraint {self.exclusion.name or ''} to {_label(schema, self.table_id)}".replace("  ", " ")


@dataclass
class DropExclusion(MigrateOp):
    table_id: str
    exclusion: ExclusionConstraint
    kind: ClassVar[str] = "drop_exclusion"

    def reverse(self):
        return AddExclusion(self.table_id, copy.deepcopy(self.exclusion))

    def apply(self, schema):
        table = _table(schema, self.table_id)
        table.exclusions = _drop_by_id(table.exclusions, self.exclusion.id)

    def describe(self, schema):
        return f"drop exclusion constraint {self.exclusion.name or ''} of {_label(schema, self.table_id)}".replace("  ", " ")


@dataclass
class CreateIndex(MigrateOp):
    table_id: str
    index: Index
    kind: ClassVar[str] = "create_index"

    def reverse(self):
        return DropIndex(self.table_id, copy.deepcopy(self.index))

    def apply(self, schema):
        _table(schema, self.table_id).indexes.append(copy.deepcopy(self.index))

    def describe(self, schema):
        return f"create index {self.index.name or ''} on {_label(schema, self.table_id)}".replace("  ", " ")


@dataclass
class SetIndexComment(MigrateOp):
    """The comment of an index that otherwise stays as it is."""
    table_id: str
    index: Index  # as it is afterwards
    old: str | None
    kind: ClassVar[str] = "set_index_comment"

    def reverse(self):
        before = copy.deepcopy(self.index)
        before.comment = self.old
        return SetIndexComment(self.table_id, before, self.index.comment)

    def apply(self, schema):
        for index in _table(schema, self.table_id).indexes:
            if index.id == self.index.id:
                index.comment = self.index.comment

    def describe(self, schema):
        return f"set comment of index {self.index.name or ''} on {_label(schema, self.table_id)}".replace("  ", " ")


@dataclass
class DropIndex(MigrateOp):
    table_id: str
    index: Index
    kind: ClassVar[str] = "drop_index"

    def reverse(self):
        return CreateIndex(self.table_id, copy.deepcopy(self.index))

    def apply(self, schema):
        table = _table(schema, self.table_id)
        table.indexes = _drop_by_id(table.indexes, self.index.id)

    def describe(self, schema):
        return f"drop index {self.index.name or ''} on {_label(schema, self.table_id)}".replace("  ", " ")


@dataclass
class RenameIndex(MigrateOp):
    """An index that changes only its name: renamed in place, so an index a
    foreign key needs (MySQL/MariaDB refuse to drop it: ERROR 1553) exists throughout."""

    table_id: str
    index_id: str
    old_name: str
    new_name: str
    kind: ClassVar[str] = "rename_index"

    def reverse(self):
        return RenameIndex(self.table_id, self.index_id, self.new_name, self.old_name)

    def apply(self, schema):
        next(i for i in _table(schema, self.table_id).indexes if i.id == self.index_id).name = self.new_name

    def describe(self, schema):
        return f"rename index {self.old_name} to {self.new_name} on {_label(schema, self.table_id)}"


# -- enums -------------------------------------------------------------------------------------


def _enum(schema: Schema, enum_id: str) -> EnumType:
    return next(e for e in schema.enums if e.id == enum_id)


def _sync_enum_columns(schema: Schema, enum: EnumType) -> None:
    """Columns of a named enum type carry its values; keep them in step."""
    name = enum.qualified_name.lower()
    for table in schema.tables:
        for column in table.columns:
            if column.type.enum and column.type.enum.lower() in (name, enum.name.lower()):
                column.type = replace(column.type, values=tuple(enum.values))


@dataclass
class CreateEnum(MigrateOp):
    enum: EnumType
    kind: ClassVar[str] = "create_enum"

    def reverse(self):
        return DropEnum(copy.deepcopy(self.enum))

    def apply(self, schema):
        schema.enums.append(copy.deepcopy(self.enum))

    def describe(self, schema):
        return f"create enum {self.enum.qualified_name}"


@dataclass
class DropEnum(MigrateOp):
    enum: EnumType
    kind: ClassVar[str] = "drop_enum"

    def reverse(self):
        return CreateEnum(copy.deepcopy(self.enum))

    def apply(self, schema):
        schema.enums = [e for e in schema.enums if e.id != self.enum.id]

    def describe(self, schema):
        return f"drop enum {self.enum.qualified_name}"


@dataclass
class AddEnumValue(MigrateOp):
    enum_id: str
    value: str
    position: int  # index in the enum's values after the op
    kind: ClassVar[str] = "add_enum_value"

    def reverse(self):
        return DropEnumValue(self.enum_id, self.value, self.position)

    def apply(self, schema):
        enum = _enum(schema, self.enum_id)
        enum.values.insert(self.position, self.value)
        _sync_enum_columns(schema, enum)

    def describe(self, schema):
        return f"add value {self.value!r} to enum {_enum(schema, self.enum_id).qualified_name}"


@dataclass
class DropEnumValue(MigrateOp):
    enum_id: str
    value: str
    position: int
    kind: ClassVar[str] = "drop_enum_value"

    def reverse(self):
        return AddEnumValue(self.enum_id, self.value, self.position)

    def apply(self, schema):
        enum = _enum(schema, self.enum_id)
        enum.values.remove(self.value)
        _sync_enum_columns(schema, enum)

    def describe(self, schema):
        return f"remove value {self.value!r} from enum {_enum(schema, self.enum_id).qualified_name}"


@dataclass
class RenameEnumValue(MigrateOp):
    enum_id: str
    old: str
    new: str
    kind: ClassVar[str] = "rename_enum_value"

    def reverse(self):
        return RenameEnumValue(self.enum_id, self.new, self.old)

    def apply(self, schema):
        enum = _enum(schema, self.enum_id)
        enum.values[enum.values.index(self.old)] = self.new
        _sync_enum_columns(schema, enum)

    def describe(self, schema):
        return f"rename value {self.old!r} of enum {_enum(schema, self.enum_id).qualified_name} to {self.new!r}"


# -- raw objects (views and other statements kept verbatim) ------------------------------------------


# -- sequences -----------------------------------------------------------------------------------
# A sequence is created without its owner and dropped once it has none: ownership
# (PostgreSQL ``OWNED BY``) is its own op, set after the owning column exists and
# taken away before anything is dropped (the engine drops an owned sequence with its column).


def _sequence(schema: Schema, sequence_id: str) -> Sequence:
    return next(s for s in schema.sequences if s.id == sequence_id)


@dataclass
class CreateSequence(MigrateOp):
    sequence: Sequence  # its owner is left to SetSequenceOwner
    kind: ClassVar[str] = "create_sequence"

    def reverse(self):
        return DropSequence(copy.deepcopy(self.sequence))

    def apply(self, schema):
        schema.sequences.append(replace(copy.deepcopy(self.sequence), owned_by=None))

    def describe(self, schema):
        return f"create sequence {self.sequence.qualified_name}"


@dataclass
class DropSequence(MigrateOp):
    sequence: Sequence
    kind: ClassVar[str] = "drop_sequence"

    def reverse(self):
        return CreateSequence(copy.deepcopy(self.sequence))

    def apply(self, schema):
        # (by id and name: a renamed sequence is made under its new name before the old one goes)
        gone = self.sequence
        schema.sequences = [s for s in schema.sequences
                            if not (s.id == gone.id and (s.namespace, s.name) == (gone.namespace, gone.name))]

    def describe(self, schema):
        return f"drop sequence {self.sequence.qualified_name}"


@dataclass
class AlterSequence(MigrateOp):
    """A sequence's options (data type, start, increment, bounds, cache, cycle); its value stays."""

    before: Sequence
    after: Sequence
    kind: ClassVar[str] = "alter_sequence"

    def reverse(self):
        return AlterSequence(copy.deepcopy(self.after), copy.deepcopy(self.before))

    def apply(self, schema):
        seq = _sequence(schema, self.before.id)
        for name in SEQUENCE_OPTIONS:
            setattr(seq, name, getattr(self.after, name))

    def changes(self) -> list[str]:
        return [name for name in SEQUENCE_OPTIONS if getattr(self.before, name) != getattr(self.after, name)]

    def describe(self, schema):
        return f"alter sequence {self.before.qualified_name} ({', '.join(self.changes())})"


SEQUENCE_OPTIONS = ("data_type", "start", "increment", "min_value", "max_value", "cache", "cycle")


@dataclass
class SetSequenceOwner(MigrateOp):
    """``ALTER SEQUENCE s OWNED BY t.c`` / ``OWNED BY NONE`` (owners as (table id, column id))."""

    sequence_id: str
    before: tuple[str, str] | None
    after: tuple[str, str] | None
    kind: ClassVar[str] = "set_sequence_owner"

    def reverse(self):
        return SetSequenceOwner(self.sequence_id, self.after, self.before)

    def apply(self, schema):
        _sequence(schema, self.sequence_id).owned_by = self.after

    def describe(self, schema):
        seq = _sequence(schema, self.sequence_id).qualified_name
        if self.after is None:
            return f"sequence {seq} owned by no column"
        return f"sequence {seq} owned by a column of {_label(schema, self.after[0])}"


def _raw_label(raw: RawObject) -> str:
    if raw.name:
        return f"{raw.kind} {raw.name}"
    text = " ".join(raw.sql.split())
    return f"{raw.kind} «{text[:60]}{'…' if len(text) > 60 else ''}»"


def _remove_raw(schema: Schema, raw: RawObject) -> None:
    """Remove ``raw`` from the model: the object with its id and SQL (ids of
    imported raw objects come from source locations, so two models may reuse one)."""
    for i, item in enumerate(schema.raw):
        if item.id == raw.id and item.sql == raw.sql:
            del schema.raw[i]
            return
    for i, item in enumerate(schema.raw):
        if item.id == raw.id or (item.kind, item.name, item.sql) == (raw.kind, raw.name, raw.sql):
            del schema.raw[i]
            return


@dataclass
class CreateRawObject(MigrateOp):
    """Run a kept statement (``CREATE VIEW …``, a grant, a function) verbatim.

    ``goes_with`` names the object it belongs to when that object is dropped
    right before the reverse of this op (a grant or an index on a view that is
    re-created): the reverse then writes no DROP of its own."""

    raw: RawObject
    goes_with: str | None = None
    kind: ClassVar[str] = "create_raw_object"

    def reverse(self):
        return DropRawObject(copy.deepcopy(self.raw), self.goes_with)

    def apply(self, schema):
        schema.raw.append(copy.deepcopy(self.raw))

    def describe(self, schema):
        return f"create {_raw_label(self.raw)}" if self.raw.name else f"execute {_raw_label(self.raw)}"


@dataclass
class DropRawObject(MigrateOp):
    """Drop a kept object (``DROP VIEW …``); with ``goes_with``, nothing is
    written: the object goes with the one named (dropped just after)."""

    raw: RawObject
    goes_with: str | None = None
    kind: ClassVar[str] = "drop_raw_object"

    def reverse(self):
        return CreateRawObject(copy.deepcopy(self.raw), self.goes_with)

    def apply(self, schema):
        _remove_raw(schema, self.raw)

    def describe(self, schema):
        return f"drop {_raw_label(self.raw)}"


@dataclass
class ReplaceRawObject(MigrateOp):
    """Replace a kept object by its new statement: a DROP then the new CREATE
    (or only the new statement when it is ``CREATE OR REPLACE``/``OR ALTER``
    and no DROP can be written)."""

    before: RawObject
    after: RawObject
    kind: ClassVar[str] = "replace_raw_object"

    def reverse(self):
        return ReplaceRawObject(copy.deepcopy(self.after), copy.deepcopy(self.before))

    def apply(self, schema):
        for i, item in enumerate(schema.raw):
            if item.id == self.before.id and item.sql == self.before.sql:
                schema.raw[i] = copy.deepcopy(self.after)
                return
        _remove_raw(schema, self.before)
        schema.raw.append(copy.deepcopy(self.after))

    def describe(self, schema):
        return f"replace {_raw_label(self.before)}"


# -- the script ------------------------------------------------------------------------------------


@dataclass
class MigrationScript:
    """What ``compare`` produces: the upgrade ops, their reverse, the likely
    renames it saw but did not apply, and the two models (``new`` with the ids
    of ``old`` where they were matched by name)."""

    upgrade_ops: list[MigrateOp] = field(default_factory=list)
    downgrade_ops: list[MigrateOp] = field(default_factory=list)
    hints: list = field(default_factory=list)
    old: Schema | None = None
    new: Schema | None = None

    @classmethod
    def of(cls, upgrade_ops: list[MigrateOp], hints: list | None = None, old: Schema | None = None,
           new: Schema | None = None) -> "MigrationScript":
        return cls(list(upgrade_ops), reverse_ops(upgrade_ops), list(hints or []), old, new)

    def ops(self, down: bool = False) -> tuple[list[MigrateOp], Schema]:
        """The ops of one direction and the model they start from."""
        return (self.downgrade_ops, self.new) if down else (self.upgrade_ops, self.old)


def reverse_ops(ops: list[MigrateOp]) -> list[MigrateOp]:
    """The downgrade of ``ops``: each reversed, in reverse order."""
    return [op.reverse() for op in reversed(ops)]


def replay(schema: Schema, ops: list[MigrateOp]) -> Schema:
    """A copy of ``schema`` with ``ops`` applied."""
    state = copy.deepcopy(schema)
    for op in ops:
        op.apply(state)
    return state


__all__ = [name for name, value in list(globals().items())
           if isinstance(value, type) and issubclass(value, MigrateOp)] + [
    "ALTERABLE", "SEQUENCE_OPTIONS", "MigrationScript", "op_table", "replay", "reverse_ops"]
