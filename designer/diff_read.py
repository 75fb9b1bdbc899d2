"""The compare's operations read back as ``Change``s (``_Reader``)."""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import Any

from tablewright.designer import diff_normal as norm
from tablewright.designer.diff_changes import _RAW_OBJECT, Change
from tablewright.designer.diff_prepare import _state
from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations.ops import ALTERABLE
from tablewright.designer.model import RawObject, Schema, canonical
from tablewright.designer.mysql_session import definition

def _column_value(column, dialect: str | None) -> dict:
    out = {"type": norm.spelt(column.type, dialect), "nullable": column.nullable}
    for name in ("default", "identity", "generated", "autoincrement", "collation", "charset", "on_update", "comment"):
        value = getattr(column, name)
        if value not in (None, False):
            out[name] = _plain(value)
    return out


def _plain(value):
    if hasattr(value, "__dataclass_fields__"):
        return {k: v for k, v in asdict(value).items() if v not in (None, False, [], ()) and k != "location"}
    if hasattr(value, "text") and hasattr(value, "kind"):
        return str(value)
    return value


def _field_value(name: str, value, dialect: str | None):
    if name == "type":  # both sides in the dialect's one spelling (not each as its source wrote it)
        return norm.spelt(value, dialect)
    return _plain(value)


def _raw_object(raw: RawObject) -> str:
    kind = raw.kind.lower()
    if "owner" in raw.sql.lower().split() and kind.startswith("alter"):
        return "owner"
    return _RAW_OBJECT.get(kind, "object")


class _Reader:
    def __init__(self, old: Schema, new: Schema, dialect: str | None, one_database: bool = False):
        self.old, self.new, self.dialect = old, new, dialect
        self.tables = {t.id: t for t in old.tables} | {t.id: t for t in new.tables}
        self.new_tables = {t.id: t for t in new.tables}
        self.one_database = one_database

    def table_name(self, table_id: str | None) -> str | None:
        """``schema.table`` (the dialect's default schema named where the source left it out)."""
        table = self.new_tables.get(table_id) or self.tables.get(table_id)
        if table is None:
            return None
        namespace = table.namespace or norm.home_schema(self.dialect)
        if self.one_database:
            namespace = None  # MySQL: the database the file USEs, or the URL names
        return f"{namespace}.{table.name}" if namespace else table.name

    def column_names(self, table_id: str, ids: list[str]) -> list[str]:
        names = {}
        for schema in (self.old, self.new):
            for t in schema.tables:
                if t.id == table_id:
                    names.update({c.id: c.name for c in t.columns})
        return [names.get(i, i) for i in ids]

    def key_value(self, table_id: str, key) -> dict:
        out: dict[str, Any] = {}
        if getattr(key, "columns", None) is not None:
            out["columns"] = self.column_names(table_id, key.columns)
        if hasattr(key, "ref_table"):
            out["references"] = self.table_name(key.ref_table) if key.ref_table else (
                key.unresolved.table if key.unresolved else None)
            out["ref_columns"] = self.column_names(key.ref_table, key.ref_columns) if key.ref_table else []
            for name in ("on_delete", "on_update", "match"):
                if getattr(key, name):
                    out[name] = getattr(key, name)
            if key.on_delete_columns:
                out["on_delete_columns"] = self.column_names(table_id, key.on_delete_columns)
            if key.deferrable:
                out["deferrable"] = True
        if hasattr(key, "expression"):
            out["expression"] = key.expression
        if hasattr(key, "elements"):
            out["elements"] = [self.column_names(table_id, [e.column])[0] if e.column else e.expression
                               for e in key.elements]
            for name in ("unique", "method", "predicate"):
                if getattr(key, name):
                    out[name] = getattr(key, name)
        return out

    def read(self, ops: list[o.MigrateOp]) -> list[Change]:
        changes: list[Change] = []
        keyed: dict[tuple, dict] = {}  # (what, id) -> {"drop": op, "add": op}
        raws: dict[tuple, dict] = {}
        for op in ops:
            if isinstance(op, o.CreateTable):
                changes.append(Change("table-added", self.table_name(op.table.id), after={
                    "columns": [c.name for c in op.table.columns]}, table_id=op.table.id))
            elif isinstance(op, o.DropTable):
                changes.append(Change("table-removed", self.table_name(op.table.id), before={
                    "columns": [c.name for c in op.table.columns]}, table_id=op.table.id))
            elif isinstance(op, o.RenameTable):
                if "__tw_tmp" in op.new_name:
                    continue
                changes.append(Change("table-renamed", self.table_name(op.table_id), before=self._first_name(op),
                                      after=op.new_name, table_id=op.table_id))
            elif isinstance(op, o.MoveTable):
                changes.append(Change("table-moved", self.table_name(op.table_id), before=op.old_namespace,
                                      after=op.new_namespace, table_id=op.table_id))
            elif isinstance(op, o.SetTableComment):
                changes.append(Change("table-comment-changed", self.table_name(op.table_id), before=op.old,
                                      after=op.new, table_id=op.table_id))
            elif isinstance(op, o.AddColumn):
                if op.table_id in self._created():
                    continue
                changes.append(Change("column-added", self.table_name(op.table_id), op.column.name,
                                      after=_column_value(op.column, self.dialect), table_id=op.table_id, object_id=op.column.id))
            elif isinstance(op, o.DropColumn):
                changes.append(Change("column-removed", self.table_name(op.table_id), op.column.name,
                                      before=_column_value(op.column, self.dialect), table_id=op.table_id, object_id=op.column.id))
            elif isinstance(op, o.RenameColumn):
                if "__tw_tmp" in op.new_name:
                    continue
                changes.append(Change("column-renamed", self.table_name(op.table_id), op.new_name,
                                      before=self._first_column_name(op), after=op.new_name,
                                      table_id=op.table_id, object_id=op.column_id))
            elif isinstance(op, o.AlterColumn):
                changes.extend(self._altered(op))
            elif isinstance(op, (o.AddPrimaryKey, o.AddForeignKey, o.AddUnique, o.AddCheck, o.CreateIndex)):
                if op.table_id in self._created() and not isinstance(op, (o.CreateIndex, o.AddForeignKey)):
                    continue
                item = _item(op)
                keyed.setdefault((_what(op), item.id), {})["add"] = op
            elif isinstance(op, o.RenameIndex):  # reported as the index changed (its name)
                index = next(i for i in self.old.table(op.table_id).indexes if i.id == op.index_id)
                renamed = copy.deepcopy(index)
                renamed.name = op.new_name
                keyed.setdefault(("index", index.id), {}).update(
                    drop=o.DropIndex(op.table_id, index), add=o.CreateIndex(op.table_id, renamed))
            elif isinstance(op, (o.DropPrimaryKey, o.DropForeignKey, o.DropUnique, o.DropCheck, o.DropIndex)):
                item = _item(op)
                keyed.setdefault((_what(op), item.id), {})["drop"] = op
            elif isinstance(op, o.CreateEnum):
                changes.append(Change("enum-added", name=op.enum.qualified_name, after=list(op.enum.values),
                                      object_id=op.enum.id))
            elif isinstance(op, o.DropEnum):
                changes.append(Change("enum-removed", name=op.enum.qualified_name, before=list(op.enum.values),
                                      object_id=op.enum.id))
            elif isinstance(op, (o.AddEnumValue, o.DropEnumValue, o.RenameEnumValue)):
                changes.append(self._enum_value(op))
            elif isinstance(op, (o.CreateNamespace, o.DropNamespace)):
                verb = "added" if isinstance(op, o.CreateNamespace) else "removed"
                changes.append(Change(f"schema-{verb}", name=op.namespace.name, object_id=op.namespace.id))
            elif isinstance(op, (o.CreateRawObject, o.DropRawObject)):
                slot = raws.setdefault(raw_key(op.raw), {})
                slot["add" if isinstance(op, o.CreateRawObject) else "drop"] = op
            elif isinstance(op, o.ReplaceRawObject):
                slot = raws.setdefault(raw_key(op.before), {})
                slot["drop"], slot["add"] = o.DropRawObject(op.before), o.CreateRawObject(op.after)
        changes.extend(self._keys(keyed))
        changes.extend(self._raws(raws))
        changes.extend(self._sequences())
        return changes

    def _created(self) -> set[str]:
        old_ids = {t.id for t in self.old.tables}
        return {t.id for t in self.new.tables if t.id not in old_ids}

    def _first_name(self, op) -> str:
        for t in self.old.tables:
            if t.id == op.table_id:
                return t.name
        return op.old_name

    def _first_column_name(self, op) -> str:
        for t in self.old.tables:
            if t.id == op.table_id:
                for c in t.columns:
                    if c.id == op.column_id:
                        return c.name
        return op.old_name

    def _altered(self, op: o.AlterColumn) -> list[Change]:
        table = self.table_name(op.table_id)
        new_name = op.after.name
        for t in self.new.tables:
            if t.id == op.table_id:
                for c in t.columns:
                    if c.id == op.after.id:
                        new_name = c.name
        differ = [n for n in ALTERABLE if canonical(getattr(op.before, n)) != canonical(getattr(op.after, n))]
        out = []
        if "comment" in differ:
            out.append(Change("column-comment-changed", table, new_name, before=op.before.comment,
                              after=op.after.comment, table_id=op.table_id, object_id=op.after.id))
        rest = [n for n in differ if n != "comment"]
        if rest:
            out.append(Change("column-changed", table, new_name,
                              before={n: _field_value(n, getattr(op.before, n), self.dialect) for n in rest},
                              after={n: _field_value(n, getattr(op.after, n), self.dialect) for n in rest},
                              table_id=op.table_id, object_id=op.after.id))
        return out

    def _enum_value(self, op) -> Change:
        enum = next((e for e in [*self.new.enums, *self.old.enums] if e.id == op.enum_id), None)
        name = enum.qualified_name if enum else op.enum_id
        if isinstance(op, o.AddEnumValue):
            return Change("enum-value-added", name=name, after=op.value, object_id=op.enum_id)
        if isinstance(op, o.DropEnumValue):
            return Change("enum-value-removed", name=name, before=op.value, object_id=op.enum_id)
        return Change("enum-value-renamed", name=name, before=op.old, after=op.new, object_id=op.enum_id)

    def _keys(self, keyed: dict) -> list[Change]:
        out = []
        for (what, item_id), pair in keyed.items():
            drop, add = pair.get("drop"), pair.get("add")
            if drop and add and _state(_item(drop)) == _state(_item(add)):
                continue  # re-made because of another change (a column re-typed): not a change of its own
            op = add or drop
            item = _item(op)
            table = self.table_name(op.table_id)
            verb = "changed" if drop and add else ("added" if add else "removed")
            out.append(Change(f"{what}-{verb}", table, name=item.name,
                              before=self.key_value(op.table_id, _item(drop)) if drop else None,
                              after=self.key_value(op.table_id, _item(add)) if add else None,
                              table_id=op.table_id, object_id=item.id))
        return out

    def _raws(self, raws: dict) -> list[Change]:
        out = []
        for key, pair in raws.items():
            drop, add = pair.get("drop"), pair.get("add")
            if drop and add and norm.statement(drop.raw.sql, drop.raw.dialect) == \
                    norm.statement(add.raw.sql, add.raw.dialect):
                continue  # re-made because a table it reads changes
            raw = (add or drop).raw
            what = _raw_object(raw)
            verb = "changed" if drop and add else ("added" if add else "removed")
            # what each makes, without the MySQL session around it (compared inside it: see diff_prepare)
            out.append(Change(f"{what}-{verb}", _raw_table(raw), name=raw.name or _raw_summary(raw),
                              before=definition(drop.raw.sql, drop.raw.dialect) if drop else None,
                              after=definition(add.raw.sql, add.raw.dialect) if add else None,
                              object_id=raw.id))
        return out

    def _sequences(self) -> list[Change]:
        """Sequences: the migration compare does not write them (the engine makes
        a serial's own), so they are compared here, by the matched ids."""
        dialect = self.dialect
        olds = {s.id: s for s in self.old.sequences}
        news = {s.id: s for s in self.new.sequences}
        out = []

        def value(seq):
            state = _state(seq, "id", "namespace", "name", "owned_by")
            return {k: v for k, v in state.items() if v not in (None, False)}

        def same(a, b):
            a, b = norm.normalised(Schema(sequences=[a, b]), dialect=dialect).sequences
            return _state(a, "id", "name", "namespace") == _state(b, "id", "name", "namespace")

        def with_its_table(seq) -> bool:
            # a sequence owned by a column is the column's (a serial's): it comes and goes with it
            return bool(seq.owned_by)

        for seq in self.new.sequences:
            before = olds.get(seq.id)
            if before is None and with_its_table(seq):
                continue
            if before is None:
                out.append(Change("sequence-added", name=seq.qualified_name, after=value(seq), object_id=seq.id))
            elif not same(before, seq) and value(before) != value(seq):
                out.append(Change("sequence-changed", name=seq.qualified_name, before=value(before),
                                  after=value(seq), object_id=seq.id))
        for seq in self.old.sequences:
            if seq.id not in news and not with_its_table(seq):
                out.append(Change("sequence-removed", name=seq.qualified_name, before=value(seq), object_id=seq.id))
        return out


_WHAT = {o.AddPrimaryKey: "primary-key", o.DropPrimaryKey: "primary-key", o.AddForeignKey: "foreign-key",
         o.DropForeignKey: "foreign-key", o.AddUnique: "unique", o.DropUnique: "unique", o.AddCheck: "check",
         o.DropCheck: "check", o.CreateIndex: "index", o.DropIndex: "index"}


def _what(op) -> str:
    return _WHAT[type(op)]


def _item(op):
    return getattr(op, "key", None) or getattr(op, "check", None) or getattr(op, "index", None)


def raw_key(raw: RawObject) -> tuple:
    from tablewright.designer.migrations.raw import analyse

    info = analyse(raw)
    return info.key(raw) if info.name else (raw.kind, norm.statement(raw.sql, raw.dialect))


def _raw_table(raw: RawObject) -> str | None:
    from tablewright.designer.migrations.raw import analyse

    target = analyse(raw).target
    return ".".join(p for p in target if p) if target else None


def _raw_summary(raw: RawObject) -> str:
    text = " ".join(raw.sql.split())
    return text if len(text) <= 80 else text[:79] + "…"
