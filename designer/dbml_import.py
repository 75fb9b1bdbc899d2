"""DBML files → the model (``import_dbml``).

What DBML says and the model holds is mapped one to one: tables (schema
qualified; ``public`` is DBML's default schema, so it is the model's unnamed
one), columns and their settings, composite primary keys (``[pk]`` on several
columns or an index ``[pk]``), unique columns, indexes (columns, expressions,
``unique``, ``type``, ``name``, ``note``), ``checks`` and ``check:``,
references inline and standalone with ``delete``/``update`` actions, enums,
notes (as comments), ``TablePartial`` injected with ``~name``.  A
many-to-many relation becomes the junction table @dbml/core's SQL export makes
for it (``a_b``, columns ``a_id``/``b_id``, both keys, the primary key over all).

What has no place in the model is reported as an :class:`ImportIssue` at its
file:line:col and otherwise left out: the Project note, colours, sticky notes,
enum value notes, ``Records`` (data).  A ``TableGroup`` becomes a subject area of the diagram
(:func:`areas_from_groups`; ``import`` saves them in the project file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import sqlglot
from sqlglot import exp

from tablewright.designer import types as dtypes
from tablewright.designer.dbml_parse import (
    EXPR, NAME, NUMBER, QUOTED, STRING, ColumnDef, DBMLSyntaxError, Document, Endpoint, Relation, Setting,
    TableDef, Token, inline_ref, parse,
)
from tablewright.designer.dialects import canonical, normalize
from tablewright.designer.errors import InputError
from tablewright.designer.importing import ImportIssue, ImportResult
from tablewright.designer.model import (
    CheckConstraint, Column, DataType, EnumType, ForeignKey, Identity, Index, IndexElement, Namespace, PrimaryKey,
    Schema, SourceLocation, Table, UniqueConstraint, derived_id,
)
from tablewright.designer.sql_split import SQLGLOT_FAILURES, sqlglot_dialect_name

DEFAULT_SCHEMA = "public"
ACTIONS = {"cascade": "CASCADE", "restrict": "RESTRICT", "set null": "SET NULL", "set default": "SET DEFAULT",
           "no action": "NO ACTION"}
INDEX_METHODS = {"btree", "hash", "gin", "gist", "brin", "spgist"}


@dataclass
class TableGroup:
    name: str
    tables: list[str]  # table ids
    note: str | None = None
    color: str | None = None
    location: SourceLocation | None = None


@dataclass
class DBMLImportResult(ImportResult):
    groups: list[TableGroup] = field(default_factory=list)
    project_name: str | None = None
    project_note: str | None = None


Source = str | Path | tuple[str, str]


def import_dbml(sources: Iterable[Source], dialect: str | None = None) -> DBMLImportResult:
    """Read DBML files (paths or ``(name, text)`` pairs) as one schema.
    ``dialect`` overrides the Project's ``database_type`` (PostgreSQL when neither says)."""
    docs = []
    for source in sources:
        name, text = _read(source)
        docs.append((name, parse(text)))
    if not docs:
        raise InputError("no DBML source given")

    return _Builder(docs, normalize(dialect)).build()


def _read(source: Source) -> tuple[str, str]:
    if isinstance(source, tuple):
        return source
    try:
        return str(source), Path(source).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text (byte {exc.start})") from None


def _schema_name(schema: str | None) -> str | None:
    return None if schema is None or schema == DEFAULT_SCHEMA else schema


def _text(tokens: list[Token]) -> str:
    return " ".join(t.value for t in tokens)


class _Builder:
    def __init__(self, docs: list[tuple[str, Document]], dialect: str | None):
        self.docs = docs
        self.path: str | None = None
        self.dialect = dialect or self._project_dialect() or "postgres"
        self.read = sqlglot_dialect_name(self.dialect)
        self.schema = Schema(dialect=self.dialect)
        self.result = DBMLImportResult(self.schema)
        self.aliases: dict[str, Table] = {}
        self.partials: dict[str, TableDef] = {}

    # -- reporting ------------------------------------------------------
    def loc(self, line: int, column: int) -> SourceLocation:
        return SourceLocation(self.path, line, column)

    def issue(self, severity: str, message: str, line: int, column: int) -> None:
        self.result.issues.append(ImportIssue(severity, message, self.loc(line, column)))

    def _project_dialect(self) -> str | None:
        for _, doc in self.docs:
            for element in doc.others:
                if element.kind.lower() == "project":
                    tok = next((v for k, v in element.fields.items() if k.lower() == "database_type"), None)
                    if tok is not None:
                        return canonical(tok.value)  # Project database_type: any spelling the registry knows
        return None

    # -- the whole --------------------------------------------------------
    def build(self) -> DBMLImportResult:
        for path, doc in self.docs:
            self.path = path
            for error in doc.errors:
                self.issue("error", error.message, error.line, error.column)
            for table in doc.tables:
                if table.partial:
                    self.partials[table.name.lower()] = table
        for path, doc in self.docs:
            self.path = path
            for enum in doc.enums:
                self.enum(enum)
        pending: list[tuple[str, Table, Relation, Column | None]] = []
        for path, doc in self.docs:
            self.path = path
            for tdef in doc.tables:
                if not tdef.partial:
                    table = self.table(tdef)
                    if table is not None:
                        pending.extend((path, table, rel, col) for rel, col in self._inline_refs)
        for path, doc in self.docs:
            self.path = path
            pending.extend((path, None, rel, None) for rel in doc.refs)
        for path, table, rel, column in pending:
            self.path = path
            try:
                self.relation(rel, table, column)
            except _Skip as exc:
                self.issue("error", str(exc), rel.line, rel.column)
        for path, doc in self.docs:
            self.path = path
            for group in doc.groups:
                self.group(group)
            for element in doc.others:
                self.other(element)
        namespaces = sorted({t.namespace for t in self.schema.tables if t.namespace}
                            | {e.namespace for e in self.schema.enums if e.namespace})
        self.schema.namespaces = [Namespace(derived_id("ns", ns), ns) for ns in namespaces]
        return self.result

    # -- enums ------------------------------------------------------------
    def enum(self, edef) -> None:
        ns = _schema_name(edef.schema)
        if any(e.name == edef.name and e.namespace == ns for e in self.schema.enums):
            self.issue("error", f"enum {edef.name!r} is defined twice", edef.line, edef.column)
            return
        values = []
        for value, settings, line, column in edef.values:
            values.append(value)
            for s in settings:
                what = "note" if s.key == "note" else f"setting {s.key!r}"
                self.issue("info", f"enum {edef.name} value {value!r}: the {what} has no place in the model; left out",
                           s.line, s.column)
        self.schema.enums.append(EnumType(derived_id("enum", ns, edef.name), edef.name, values, ns,
                                          location=self.loc(edef.line, edef.column)))

    def _enum_for(self, type_name: tuple[str, ...]) -> EnumType | None:
        if len(type_name) not in (1, 2):
            return None
        schema, name = (None, type_name[0]) if len(type_name) == 1 else type_name
        ns = _schema_name(schema)
        for enum in self.schema.enums:
            if enum.name == name and (enum.namespace == ns or schema is None and enum.namespace is None):
                return enum
        if schema is None:
            same = [e for e in self.schema.enums if e.name == name]
            if len(same) == 1:
                return same[0]
        return None

    # -- tables -------------------------------------------------------------
    def table(self, tdef: TableDef) -> Table | None:
        self._inline_refs: list[tuple[Relation, Column]] = []
        ns = _schema_name(tdef.schema)
        if any(t.name == tdef.name and t.namespace == ns for t in self.schema.tables):
            self.issue("error", f"table {tdef.name!r} is defined twice; the second is left out", tdef.line, tdef.column)
            return None
        table = Table(derived_id("tbl", ns, tdef.name), tdef.name, ns, location=self.loc(tdef.line, tdef.column))
        pk_columns: list[str] = []
        self._table_settings(table, tdef.settings, tdef)
        for kind, item in tdef.order:
            if kind == "column":
                self.column(table, item, pk_columns)
            else:
                name, line, col = item
                partial = self.partials.get(name.lower())
                if partial is None:
                    self.issue("error", f"no TablePartial named {name!r}", line, col)
                    continue
                saved = self.path
                self._table_settings(table, partial.settings, partial)
                for pkind, pitem in partial.order:
                    if pkind == "column" and table.column_named(pitem.name) is None:
                        self.column(table, pitem, pk_columns)
                if partial.note and not table.comment:
                    table.comment = partial.note
                self._indexes_and_checks(table, partial, pk_columns)
                self.path = saved
        # the table's own columns win over a partial's of the same name (added first above)
        if tdef.note is not None:
            table.comment = tdef.note
        self._indexes_and_checks(table, tdef, pk_columns)
        if pk_columns and table.primary_key is None:
            table.primary_key = PrimaryKey(derived_id("pk", ns, table.name), pk_columns,
                                           location=self.loc(tdef.line, tdef.column))
            for cid in pk_columns:
                table.column(cid).nullable = False
        elif pk_columns:
            self.issue("error", f"table {table.qualified_name} has [pk] columns and an index [pk]; the index is used",
                       tdef.line, tdef.column)
        for what, line, col in tdef.extras:
            severity = "warning" if what.lower().startswith("records") else "error"
            message = ("data rows (Records) are not imported: the model holds the schema only"
                       if severity == "warning" else f"{what} is not DBML a table may hold; left out")
            self.issue(severity, message, line, col)
        self.schema.tables.append(table)
        if tdef.alias:
            self.aliases[tdef.alias] = table
        return table

    def _table_settings(self, table: Table, settings: list[Setting], where) -> None:
        for s in settings:
            if s.key == "note":
                table.comment = self._string(s)
            elif s.key in ("headercolor", "color"):
                self.issue("info", f"table {table.qualified_name}: {s.key} has no place in the model; left out",
                           s.line, s.column)
            else:
                self.issue("warning", f"table {table.qualified_name}: unknown setting {s.key!r}; left out",
                           s.line, s.column)

    def column(self, table: Table, cdef: ColumnDef, pk_columns: list[str]) -> None:
        if table.column_named(cdef.name) is not None and table.column_named(cdef.name).name == cdef.name:
            self.issue("error", f"column {cdef.name!r} is defined twice in table {table.qualified_name}",
                       cdef.line, cdef.column)
            return
        dtype = self._type(cdef)
        column = Column(derived_id("col", table.namespace, table.name, cdef.name), cdef.name, dtype,
                        location=self.loc(cdef.line, cdef.column))
        table.columns.append(column)
        for s in cdef.settings:
            key = s.key
            if key in ("pk", "primary key"):
                pk_columns.append(column.id)
            elif key == "not null":
                column.nullable = False
            elif key == "null":
                column.nullable = True
            elif key == "unique":
                table.uniques.append(UniqueConstraint(derived_id("uq", table.namespace, table.name, cdef.name),
                                                      [column.id], location=self.loc(s.line, s.column)))
            elif key == "increment":
                if self.dialect == "postgres" or self.dialect == "mssql":
                    column.identity = Identity()  # @dbml/core: GENERATED BY DEFAULT AS IDENTITY / IDENTITY
                    column.nullable = False
                else:
                    column.autoincrement = True
            elif key == "default":
                column.default = self._default(s)
            elif key == "note":
                column.comment = self._string(s)
            elif key == "check":
                if not s.value or s.value[0].kind != EXPR:
                    self.issue("error", "check: needs an `expression`", s.line, s.column)
                    continue
                table.checks.append(CheckConstraint(
                    derived_id("ck", table.namespace, table.name, f"{cdef.name}:{len(table.checks)}"),
                    s.value[0].value, column=column.id, location=self.loc(s.line, s.column)))
            elif key == "ref":
                try:
                    self._inline_refs.append((inline_ref(s), column))
                except DBMLSyntaxError as exc:
                    self.issue("error", exc.message, exc.line, exc.column)
            else:
                self.issue("warning", f"column {table.qualified_name}.{cdef.name}: unknown setting {key!r}; left out",
                           s.line, s.column)

    def _type(self, cdef: ColumnDef) -> DataType:
        text = cdef.type
        enum = self._enum_for(cdef.type_name)
        if enum is not None:
            return DataType(kind="enum", text=text, enum=enum.qualified_name, values=tuple(enum.values))
        try:
            node = exp.DataType.build(text, dialect=self.read, udt=True)
        except SQLGLOT_FAILURES:
            return DataType(kind="other", text=text)
        dtype = dtypes.from_sqlglot(node, self.read, self.schema)
        return dtypes.replace(dtype, text=text)

    def _string(self, s: Setting) -> str | None:
        if len(s.value) == 1 and s.value[0].kind in (STRING, QUOTED):
            return s.value[0].value
        self.issue("warning", f"{s.key}: expected a string", s.line, s.column)
        return _text(s.value) or None

    def _default(self, s: Setting) -> str | None:
        if not s.value:
            self.issue("warning", "default: without a value", s.line, s.column)
            return None
        tok = s.value[0]
        if len(s.value) != 1:
            self.issue("warning", f"default: unexpected {_text(s.value[1:])!r} after the value", s.line, s.column)
        if tok.kind == STRING:
            return "'" + tok.value.replace("'", "''") + "'"
        if tok.kind in (EXPR, NUMBER):
            return tok.value
        if tok.kind == NAME and tok.value.lower() in ("true", "false", "null"):
            return tok.value.upper() if tok.value.lower() == "null" else tok.value.lower()
        self.issue("warning", f"default: {tok.value!r} is not a string, number, `expression`, true, false or null; "
                   "taken as written", s.line, s.column)
        return tok.value

    def _indexes_and_checks(self, table: Table, tdef: TableDef, pk_columns: list[str]) -> None:
        for idef in tdef.indexes:
            self.index(table, idef)
        for cdef in tdef.checks:
            name = None
            for s in cdef.settings:
                if s.key == "name":
                    name = self._string(s)
                else:
                    self.issue("warning", f"check: unknown setting {s.key!r}; left out", s.line, s.column)
            table.checks.append(CheckConstraint(
                derived_id("ck", table.namespace, table.name, name or f":{len(table.checks)}"), cdef.expression, name,
                location=self.loc(cdef.line, cdef.column)))

    def index(self, table: Table, idef) -> None:
        elements = []
        for kind, value in idef.parts:
            if kind == "expression":
                elements.append(IndexElement(expression=value))
                continue
            column = table.column_named(value)
            if column is None:
                self.issue("error", f"index: no column {value!r} in table {table.qualified_name}; index left out",
                           idef.line, idef.column)
                return
            elements.append(IndexElement(column=column.id))
        flags = {s.key: s for s in idef.settings}
        name = self._string(flags["name"]) if "name" in flags else None
        loc = self.loc(idef.line, idef.column)
        for key, s in flags.items():
            if key not in ("pk", "unique", "name", "type", "note"):
                self.issue("warning", f"index: unknown setting {key!r}; left out", s.line, s.column)
        if "pk" in flags:
            if any(e.column is None for e in elements):
                self.issue("error", "index [pk]: a primary key takes columns, not expressions", idef.line, idef.column)
                return
            if table.primary_key is not None:
                self.issue("error", f"table {table.qualified_name} has two primary keys; the second is left out",
                           idef.line, idef.column)
                return
            table.primary_key = PrimaryKey(derived_id("pk", table.namespace, table.name), [e.column for e in elements],
                                           name, location=loc)
            for e in elements:
                table.column(e.column).nullable = False
            return
        method = None
        if "type" in flags:
            method = _text(flags["type"].value).lower() or None
            if method not in INDEX_METHODS:
                self.issue("warning", f"index type {method!r} is not one of {', '.join(sorted(INDEX_METHODS))}; "
                           "kept as written", flags["type"].line, flags["type"].column)
        table.indexes.append(Index(
            derived_id("ix", table.namespace, table.name, name or f":{len(table.indexes)}"), name, elements,
            unique="unique" in flags, method=method,
            comment=self._string(flags["note"]) if "note" in flags else None, location=loc))

    # -- references ---------------------------------------------------------
    def find(self, ep: Endpoint) -> Table:
        if ep.schema is None and ep.table in self.aliases:
            return self.aliases[ep.table]
        ns = _schema_name(ep.schema)
        for table in self.schema.tables:
            if table.name == ep.table and table.namespace == ns:
                return table
        raise _Skip(f"reference to {ep.table_text}, which is not a table here")

    def columns(self, table: Table, names: list[str]) -> list[Column]:
        out = []
        for name in names:
            column = table.column_named(name)
            if column is None:
                raise _Skip(f"reference to {table.qualified_name}.{name}, which is not a column")
            out.append(column)
        return out

    def relation(self, rel: Relation, owner: Table | None, column: Column | None) -> None:
        if rel.left is None:  # inline: the column it is written on
            left_table, left_cols = owner, [column]
        else:
            left_table = self.find(rel.left)
            left_cols = self.columns(left_table, rel.left.columns)
        right_table = self.find(rel.right)
        right_cols = self.columns(right_table, rel.right.columns)
        if len(left_cols) != len(right_cols):
            raise _Skip(f"the two sides of the reference have {len(left_cols)} and {len(right_cols)} columns")
        on_delete = on_update = None
        for s in rel.settings:
            if s.key in ("delete", "update"):
                action = ACTIONS.get(_text(s.value).lower())
                if action is None:
                    self.issue("warning", f"{s.key}: unknown action {_text(s.value)!r}; left out", s.line, s.column)
                elif s.key == "delete":
                    on_delete = action
                else:
                    on_update = action
            elif s.key == "color":
                self.issue("info", "a reference's color has no place in the model; left out", s.line, s.column)
            else:
                self.issue("warning", f"reference: unknown setting {s.key!r}; left out", s.line, s.column)
        if rel.op == "<>":
            if rel.left is None:  # @dbml/core names an inline one after the referenced table first
                left_table, left_cols, right_table, right_cols = right_table, right_cols, left_table, left_cols
            self.junction(rel, left_table, left_cols, right_table, right_cols, on_delete, on_update)
            return
        # as @dbml/core's SQL export: ">" the left side holds the key, "<" the right side;
        # "-" (one-to-one) the right side, but the column it is written on when inline
        if rel.op == "<" or rel.op == "-" and rel.left is not None:
            child, child_cols, parent, parent_cols = right_table, right_cols, left_table, left_cols
        else:
            child, child_cols, parent, parent_cols = left_table, left_cols, right_table, right_cols
        self._add_fk(child, child_cols, parent, parent_cols, rel.name, on_delete, on_update, rel)

    def _add_fk(self, child, child_cols, parent, parent_cols, name, on_delete, on_update, rel) -> None:
        key = f"{name or ''}:{','.join(c.name for c in child_cols)}>{parent.qualified_name}"
        child.foreign_keys.append(ForeignKey(
            derived_id("fk", child.namespace, child.name, key), [c.id for c in child_cols], parent.id,
            [c.id for c in parent_cols], name, on_delete=on_delete, on_update=on_update,
            location=self.loc(rel.line, rel.column)))

    def junction(self, rel, left_table, left_cols, right_table, right_cols, on_delete, on_update) -> None:
        """A many-to-many relation as @dbml/core's SQL export writes it."""
        ns = left_table.namespace
        base = f"{left_table.name}_{right_table.name}"
        name, n = base, 0
        while any(t.name == name and t.namespace == ns for t in self.schema.tables):
            n += 1
            name = f"{base}({n})"
        table = Table(derived_id("tbl", ns, name), name, ns, location=self.loc(rel.line, rel.column))
        sides = []
        for side, cols in ((left_table, left_cols), (right_table, right_cols)):
            mine = []
            for col in cols:
                cname = f"{side.name}_{col.name}"
                c = Column(derived_id("col", ns, name, cname), cname, col.type, nullable=False)
                table.columns.append(c)
                mine.append(c)
            sides.append((side, cols, mine))
        table.primary_key = PrimaryKey(derived_id("pk", ns, name), [c.id for c in table.columns])
        self.schema.tables.append(table)
        for side, cols, mine in sides:
            self._add_fk(table, mine, side, cols, None, on_delete, on_update, rel)
        self.issue("info", f"many-to-many {left_table.qualified_name} <> {right_table.qualified_name} "
                   f"becomes the junction table {table.qualified_name}, as @dbml/core's SQL export makes it",
                   rel.line, rel.column)

    # -- what the model has no place for ----------------------------------------
    def group(self, gdef) -> None:
        ids = []
        for member in gdef.members:
            try:
                ids.append(self.find(member).id)
            except _Skip as exc:
                self.issue("warning", f"TableGroup {gdef.name}: {exc}", member.line, member.column)
        color = None
        for s in gdef.settings:
            if s.key == "color":
                color = _text(s.value)
            elif s.key == "note":
                gdef.note = self._string(s)
            else:
                self.issue("warning", f"TableGroup {gdef.name}: unknown setting {s.key!r}; left out", s.line, s.column)
        self.result.groups.append(TableGroup(gdef.name, ids, gdef.note, color, self.loc(gdef.line, gdef.column)))
        self.issue("info", f"TableGroup {gdef.name} ({len(ids)} tables) becomes a subject area of the diagram",
                   gdef.line, gdef.column)

    def other(self, element) -> None:
        kind = element.kind.lower()
        if kind == "project":
            self.result.project_name = element.name
            self.result.project_note = element.note
            for key, tok in element.fields.items():
                if key.lower() != "database_type":
                    self.issue("info", f"Project {key} has no place in the model; left out", tok.line, tok.column)
                elif canonical(tok.value) is None:
                    self.issue("warning", f"Project database_type {tok.value!r} is unknown; read as {self.dialect}",
                               tok.line, tok.column)
            if element.note:
                self.issue("info", "the Project note has no place in the model; left out", element.line, element.column)
        elif kind == "note":
            self.issue("info", f"sticky note {element.name or ''} has no place in the model; left out",
                       element.line, element.column)
        elif kind == "records":
            self.issue("warning", "data rows (Records) are not imported: the model holds the schema only",
                       element.line, element.column)
        else:
            self.issue("error", f"{element.kind} is not a DBML element; left out", element.line, element.column)


class _Skip(Exception):
    pass


def areas_from_groups(groups: list[TableGroup]) -> list:
    """DBML TableGroups as the diagram's subject areas (``tablewright.designer.areas``): a
    table in several groups stays in the first, as an area holds a table once."""
    from tablewright.designer.areas import Area, PALETTE, new_area_id, next_color, normalised

    out: list[Area] = []
    taken: set[str] = set()
    for group in groups:
        color = _hex6(group.color) or (next_color(out) if out else PALETTE[0])
        area = Area(new_area_id(group.name, taken), group.name, color, group.note or "", list(group.tables))
        taken.add(area.id)
        out.append(area)
    return normalised(out)


def _hex6(color: str | None) -> str | None:
    """``#abc`` / ``#aabbcc`` as ``#aabbcc``; None for anything else."""
    if not color or not color.startswith("#"):
        return None
    digits = color[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) == 6 and all(c in "0123456789abcdefABCDEF" for c in digits):
        return "#" + digits.lower()
    return None
