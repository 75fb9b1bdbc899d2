"""The model → DBML (``export_dbml``), as @dbml/core reads it.

Tables (schema qualified), columns with ``pk``/``increment``/``not null``/
``unique``/``default``/``note``/``check``, composite primary keys and uniques
and all indexes in ``indexes {}``, named checks in ``checks {}``, foreign keys
as standalone ``Ref`` with their actions, enums (a MySQL inline ``ENUM(...)``
becomes an ``Enum`` named ``table_column``), notes from comments, and a
``Project`` whose ``database_type`` names the dialect.  What DBML cannot say
(views and other verbatim objects, sequences, descending or partial index
parts, deferrable keys, generated columns, ...) is listed in ``warnings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp

from tablewright.designer.model import Column, EnumType, ForeignKey, Schema, Table
from tablewright.designer.sql_split import SQLGLOT_FAILURES, sqlglot_dialect_name

DATABASE_TYPE = {"postgres": "PostgreSQL", "mysql": "MySQL", "mariadb": "MySQL", "sqlite": "SQLite",
                 "mssql": "MSSQL"}
# words that start something else at the head of a line inside a table
_RESERVED = {"note", "indexes", "checks", "records", "ref", "table", "enum", "project", "tablegroup", "as",
             # setting words: @dbml/core misreads a bare column named like one
             "default", "pk", "unique", "null", "not", "increment", "primary", "check", "name", "type", "delete",
             "update", "true", "false"}


@dataclass
class DBMLExport:
    text: str
    warnings: list[str] = field(default_factory=list)


def export_dbml(schema: Schema, project_name: str | None = None, areas: list | None = None) -> DBMLExport:
    """``areas``: the diagram's subject areas (``tablewright.designer.areas.Area``), written as TableGroups."""
    return _Writer(schema).write(project_name, areas or [])


def quote_name(name: str) -> str:
    """A DBML name: bare when it is a plain identifier, else double-quoted."""
    if name and (name[0].isalpha() or name[0] == "_") and all(c.isalnum() or c == "_" for c in name) \
            and name.isascii() and name.lower() not in _RESERVED:
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def string(text: str) -> str:
    """A DBML string: '...' on one line, '''...''' over several."""
    if "\n" in text:
        return "'''" + text.replace("\\", "\\\\").replace("'''", "\\'''") + "'''"
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def expression(sql: str) -> str:
    return "`" + sql.replace("\\", "\\\\").replace("`", "\\`") + "`"


def _simple_type(text: str) -> bool:
    """``name``, ``name(args)``, ``name[]`` as DBML writes a type bare."""
    i, n = 0, len(text)
    if not text or not (text[0].isalpha() or text[0] == "_"):
        return False
    while i < n and (text[i].isalnum() or text[i] == "_" or text[i] == "." and i + 1 < n and text[i + 1].isalpha()):
        i += 1
    if i < n and text[i] == "(":
        close = text.find(")", i)
        if close < 0 or any(c in "()[]\"'`" for c in text[i + 1:close]):
            return False
        i = close + 1
    while text.startswith("[]", i):
        i += 2
    return i == n


class _Writer:
    def __init__(self, schema: Schema):
        self.schema = schema
        self.read = sqlglot_dialect_name(schema.dialect or "postgres")
        self.warnings: list[str] = []
        self.out: list[str] = []
        self.inline_enums: dict[tuple[str, str], str] = {}  # (table id, column id) -> enum name

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def table_ref(self, table: Table) -> str:
        return (f"{quote_name(table.namespace)}." if table.namespace else "") + quote_name(table.name)

    def write(self, project_name: str | None, areas: list) -> DBMLExport:
        dialect = self.schema.dialect or "postgres"
        self.out.append(f"Project {quote_name(project_name or 'schema')} {{")
        self.out.append(f"  database_type: {string(DATABASE_TYPE.get(dialect, 'PostgreSQL'))}")
        self.out.append("}")
        for enum in self.schema.enums:
            self.enum(enum.namespace, enum.name, enum.values, enum.comment)
        for table in self.schema.tables:
            for column in table.columns:
                dt = column.type
                if dt.kind in ("enum", "set") and dt.enum is None and dt.values:
                    name = f"{table.name}_{column.name}"
                    self.inline_enums[(table.id, column.id)] = name
                    values = [v for v in dt.values if v]
                    if len(values) < len(dt.values):
                        self.warn(f"{table.qualified_name}.{column.name}: DBML enum values cannot be empty; "
                                  "the value '' is left out")
                    self.enum(table.namespace, name, values, None)
                    if dt.kind == "set":
                        self.warn(f"{table.qualified_name}.{column.name}: a SET column is written as an enum "
                                  "of its values (DBML has no sets)")
        for table in self.schema.tables:
            self.table(table)
        for table in self.schema.tables:
            for fk in table.foreign_keys:
                self.ref(table, fk)
        by_id = {t.id: t for t in self.schema.tables if t.columns}
        for area in areas:
            members = [by_id[t] for t in area.tables if t in by_id]
            self.out.append("")
            self.out.append(f"TableGroup {quote_name(area.name)} [color: {area.color}] {{")
            self.out.extend(f"  {self.table_ref(t)}" for t in members)
            if area.note:
                self.out.append(f"  Note: {string(area.note)}")
            self.out.append("}")
        self.left_out()
        return DBMLExport("\n".join(self.out) + "\n", self.warnings)

    def enum(self, namespace: str | None, name: str, values: list[str], comment: str | None) -> None:
        head = (f"{quote_name(namespace)}." if namespace else "") + quote_name(name)
        self.out.append("")
        self.out.append(f"Enum {head} {{")
        for value in values:
            self.out.append(f"  {quote_name(value)}")
        self.out.append("}")
        if comment:
            self.warn(f"enum {head}: its comment has no place in DBML; left out")

    # -- tables -------------------------------------------------------------------------
    def table(self, table: Table) -> None:
        where = table.qualified_name
        if not table.columns:
            self.warn(f"{where}: a DBML table needs at least one column; this one has none and is left out")
            return
        self.out.append("")
        self.out.append(f"Table {self.table_ref(table)} {{")
        pk = table.primary_key.columns if table.primary_key else []
        single_unique = {u.columns[0] for u in table.uniques if len(u.columns) == 1 and not u.name
                         and not u.nulls_not_distinct}
        column_checks: dict[str, list[str]] = {}
        for check in table.checks:
            if check.column and not check.name:
                column_checks.setdefault(check.column, []).append(check.expression)
        for column in table.columns:
            self.out.append("  " + self.column(table, column, len(pk) == 1 and pk[0] == column.id,
                                               column.id in single_unique, column_checks.get(column.id, [])))
        index_lines = []
        if len(pk) > 1:
            index_lines.append(f"({', '.join(quote_name(n) for n in table.column_names(pk))}) [pk]")
        if table.primary_key is not None and table.primary_key.name:
            self.warn(f"{where}: the primary key's name {table.primary_key.name!r} has no place in DBML; left out")
        for u in table.uniques:
            if len(u.columns) == 1 and u.columns[0] in single_unique:
                continue
            settings = ["unique"] + ([f"name: {string(u.name)}"] if u.name else [])
            index_lines.append(f"{self.parts(table, [('column', c) for c in u.columns])} [{', '.join(settings)}]")
            if u.nulls_not_distinct or u.deferrable:
                self.warn(f"{where}: unique {u.name or ''} is written without NULLS NOT DISTINCT / DEFERRABLE")
        for ix in table.indexes:
            line = self.index(table, ix)
            if line:
                index_lines.append(line)
        if index_lines:
            self.out.append("")
            self.out.append("  indexes {")
            self.out.extend(f"    {ln}" for ln in index_lines)
            self.out.append("  }")
        block_checks = [c for c in table.checks if not (c.column and not c.name)]
        if block_checks:
            self.out.append("")
            self.out.append("  checks {")
            for check in block_checks:
                name = f" [name: {string(check.name)}]" if check.name else ""
                self.out.append(f"    {expression(check.expression)}{name}")
            self.out.append("  }")
        if table.comment:
            self.out.append("")
            self.out.append(f"  Note: {string(table.comment)}")
        self.out.append("}")
        opts = table.options
        if opts.partition_by or opts.partition_of or opts.inherits:
            self.warn(f"{where}: partitioning and inheritance have no place in DBML; left out")

    def column(self, table: Table, column: Column, pk: bool, unique: bool, checks: list[str]) -> str:
        settings = []
        if pk:
            settings.append("pk")
        if column.identity is not None or column.autoincrement:
            settings.append("increment")
        if not column.nullable and not pk:
            settings.append("not null")
        if unique:
            settings.append("unique")
        if column.default is not None and column.identity is None and column.default.strip().upper() != "NULL":
            settings.append(f"default: {self.default(column.default)}")
        for check in checks:
            settings.append(f"check: {expression(check)}")
        if column.comment:
            settings.append(f"note: {string(column.comment)}")
        if column.generated is not None:
            self.warn(f"{table.qualified_name}.{column.name}: generated columns have no place in DBML; "
                      "written as a plain column")
        text = f"{quote_name(column.name)} {self.type(table, column)}"
        return text + (f" [{', '.join(settings)}]" if settings else "")

    def type(self, table: Table, column: Column) -> str:
        dt = column.type
        inline = self.inline_enums.get((table.id, column.id))
        if inline:
            return (f"{quote_name(table.namespace)}." if table.namespace else "") + quote_name(inline)
        if dt.kind == "enum" and dt.enum:
            enum = self._enum(dt.enum)
            if enum is not None:
                return (f"{quote_name(enum.namespace)}." if enum.namespace else "") + quote_name(enum.name)
        text = str(dt).strip()
        if self.read == "tsql":  # [varchar](50): SQL Server's quoting, not part of the type
            text = text.replace("[", "").replace("]", "")
        if not text:
            self.warn(f"{table.qualified_name}.{column.name}: no declared type (SQLite); written as blob, "
                      "the affinity SQLite gives it")
            return "blob"
        if _simple_type(text):
            return text
        if "(" in text or "[" in text:
            try:
                canonical = exp.DataType.build(text, dialect=self.read).sql(dialect=self.read)
            except SQLGLOT_FAILURES:
                canonical = text
            if _simple_type(canonical):
                return canonical
        return quote_name(text) if '"' not in text else quote_name(text.replace('"', ""))

    def _enum(self, qualified: str) -> EnumType | None:
        for enum in self.schema.enums:
            if enum.qualified_name == qualified or enum.name == qualified:
                return enum
        return None

    def default(self, sql: str) -> str:
        text = sql.strip()
        lowered = text.lower()
        if lowered in ("true", "false", "null"):
            return lowered
        try:
            float(text)
            return text
        except ValueError:
            pass
        if len(text) >= 2 and text[0] == "'" and text[-1] == "'" and "'" not in text[1:-1].replace("''", ""):
            return string(text[1:-1].replace("''", "'"))
        return expression(text)

    def parts(self, table: Table, parts: list[tuple[str, str]]) -> str:
        names = [quote_name(table.column(v).name) if k == "column" else expression(v) for k, v in parts]
        return names[0] if len(names) == 1 else f"({', '.join(names)})"

    def index(self, table: Table, ix) -> str | None:
        where = f"{table.qualified_name}: index {ix.name or ''}".rstrip()
        parts = []
        lost = []
        for e in ix.elements:
            parts.append(("column", e.column) if e.column else ("expression", e.expression))
            if e.descending or e.nulls or e.opclass or e.collation or e.length:
                lost.append("sort order, operator class, collation or prefix length")
        if ix.predicate:
            lost.append(f"WHERE {ix.predicate}")
        if ix.include:
            lost.append("INCLUDE columns")
        if lost:
            self.warn(f"{where}: DBML cannot say {'; '.join(sorted(set(lost)))}; written without")
        settings = []
        if ix.unique:
            settings.append("unique")
        if ix.name:
            settings.append(f"name: {string(ix.name)}")
        if ix.method:
            method = ix.method.lower()
            if method in ("btree", "hash", "gin", "gist", "brin", "spgist"):
                settings.append(f"type: {method}")
            else:
                self.warn(f"{where}: index type {ix.method} has no place in DBML; left out")
        if ix.comment:
            settings.append(f"note: {string(ix.comment)}")
        return self.parts(table, parts) + (f" [{', '.join(settings)}]" if settings else "")

    # -- references and what is left out ------------------------------------------------------
    def ref(self, table: Table, fk: ForeignKey) -> None:
        if fk.ref_table is None:
            target = fk.unresolved.table if fk.unresolved else "?"
            self.warn(f"{table.qualified_name}: foreign key to {target}, which is not in the schema; left out")
            return
        parent = self.schema.table(fk.ref_table)
        child_cols = table.column_names(fk.columns)
        parent_cols = parent.column_names(fk.ref_columns)

        def side(t: Table, cols: list[str]) -> str:
            inner = quote_name(cols[0]) if len(cols) == 1 else "(" + ", ".join(quote_name(c) for c in cols) + ")"
            return f"{self.table_ref(t)}.{inner}"

        settings = []
        if fk.on_delete:
            settings.append(f"delete: {fk.on_delete.lower()}")
        if fk.on_update:
            settings.append(f"update: {fk.on_update.lower()}")
        name = f" {quote_name(fk.name)}" if fk.name else ""
        tail = f" [{', '.join(settings)}]" if settings else ""
        self.out.append("")
        self.out.append(f"Ref{name}: {side(table, child_cols)} > {side(parent, parent_cols)}{tail}")
        if fk.deferrable or fk.match or fk.not_valid:
            self.warn(f"{table.qualified_name}: foreign key {fk.name or ''} is written without "
                      "DEFERRABLE / MATCH / NOT VALID (DBML has none)")

    def left_out(self) -> None:
        kinds: dict[str, int] = {}
        for raw in self.schema.raw:
            kinds[raw.kind] = kinds.get(raw.kind, 0) + 1
        for kind, count in sorted(kinds.items()):
            self.warn(f"{count} {kind} statement(s) have no place in DBML; left out")
        if self.schema.sequences:
            self.warn(f"{len(self.schema.sequences)} sequence(s) have no place in DBML; left out")
