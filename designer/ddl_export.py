"""DDL export: the model → an SQLAlchemy ``MetaData`` → DDL text for one dialect.

SQLAlchemy's DDL compiler writes every statement (and quotes every identifier);
sqlglot transpiles the SQL fragments the model keeps as text (defaults, CHECK
bodies, index expressions and predicates) when the target dialect differs from
``Schema.dialect``.  Same-dialect export keeps each column's type text exactly
as imported, so loading the export gives the same catalog as loading the source.

Statement order: namespaces, enum types, sequences, the raw objects tables may
need (extensions, collations, domains, types, text-search configurations),
tables in foreign-key dependency order, foreign keys that close a cycle (as
``ALTER TABLE … ADD CONSTRAINT``), functions, checks that call functions,
indexes, foreign keys that rely on a unique index, sequence ownership,
comments, and the remaining raw objects (views, triggers, …) in source order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.sql import quoted_name
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import (
    AddConstraint,
    CreateColumn,
    CreateIndex,
    CreateSchema,
    CreateSequence,
    CreateTable,
    ExecutableDDLElement,
    SetColumnComment,
    SetTableComment,
)
from sqlalchemy.types import TypeDecorator

from tablewright.designer.dialects import DEFAULT_NAMESPACE, MYSQL_FAMILY, is_serial_type, same_family, shared_sa_dialect
from tablewright.designer.errors import InputError
from tablewright.designer.gcpause import paused_gc
from tablewright.designer.model import DIALECTS, Column, DataType, ForeignKey, Index, Schema, Table, split_qualified
from tablewright.designer.raw_kinds import phase
from tablewright.designer.sql_split import SQLGLOT_DIALECT, SQLGLOT_FAILURES, head_keywords, head_words


class _DialectModule:
    """``sqlalchemy.dialects.<name>``, imported when first used: exporting for
    one engine need not import the others' types (~20 ms)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        import importlib

        return getattr(importlib.import_module(f"sqlalchemy.dialects.{self._name}"), attr)


mssql, mysql = _DialectModule("mssql"), _DialectModule("mysql")

_DEFAULT_NAMESPACE = DEFAULT_NAMESPACE
_MYSQL = MYSQL_FAMILY


@dataclass
class ExportedStatement:
    """One statement of an export and the model table it is about (None for
    namespaces, types, sequences and verbatim objects)."""

    sql: str
    table_id: str | None = None
    kind: str = ""  # the SQLAlchemy DDL element's class name: CreateTable, CreateIndex, AddConstraint, ...


@dataclass
class ExportResult:
    sql: str
    warnings: list[str] = field(default_factory=list)
    statements: list[ExportedStatement] = field(default_factory=list)


def export_ddl(schema: Schema, dialect: str) -> ExportResult:
    """Write ``schema`` as DDL for ``dialect`` (one of ``model.DIALECTS``)."""
    if dialect not in DIALECTS:
        raise InputError(f"unknown dialect {dialect!r} (expected one of {', '.join(DIALECTS)})")
    with paused_gc():
        return _Exporter(schema, dialect).run()


def _element_table(statement) -> sa.Table | None:
    """The table a DDL statement is about: the element itself (CREATE TABLE, a
    table comment) or the table of its constraint, index or column."""
    element = getattr(statement, "element", None)
    if isinstance(element, sa.Table):
        return element
    table = getattr(element, "table", None)
    return table if isinstance(table, sa.Table) else None


# -- small SQLAlchemy extensions ----------------------------------------------------------------


class VerbatimType(TypeDecorator):
    """A column type written exactly as given, behaving like ``base`` otherwise
    (so SQLAlchemy still knows an integer is an integer, a timestamp a timestamp)."""

    impl = sa.types.NullType
    cache_ok = True

    def __init__(self, text: str, base: sa.types.TypeEngine):
        super().__init__()
        self.text = text
        self.impl = base
        self.impl_instance = base


@compiles(VerbatimType)
def _compile_verbatim(type_, compiler, **kw):
    return type_.text


class IndexElementClause(sa.sql.expression.ColumnClause):
    """An index key part: ``expr [COLLATE c] [opclass] [DESC] [NULLS x]``
    (``expr`` already compiled and quoted)."""

    inherit_cache = False

    def __init__(self, sql_text: str):
        super().__init__(sql_text, is_literal=True)


class AlterSequenceOwnedBy(ExecutableDDLElement):
    def __init__(self, sequence: sa.Sequence, column: sa.Column):
        self.sequence = sequence
        self.column = column


@compiles(AlterSequenceOwnedBy)
def _compile_owned_by(element, compiler, **kw):
    prep = compiler.preparer
    return "ALTER SEQUENCE %s OWNED BY %s.%s" % (
        prep.format_sequence(element.sequence),
        prep.format_table(element.column.table),
        prep.format_column(element.column),
    )


class CommentOn(ExecutableDDLElement):
    """``COMMENT ON <kind> <name> IS '<text>'`` for objects SQLAlchemy has no
    construct for (indexes, types, schemas)."""

    def __init__(self, kind: str, parts: list[str], comment: str):
        self.kind, self.parts, self.comment = kind, parts, comment


@compiles(CommentOn)
def _compile_comment_on(element, compiler, **kw):
    name = ".".join(compiler.preparer.quote(p) for p in element.parts if p)
    literal = compiler.sql_compiler.render_literal_value(element.comment, sa.String())
    return f"COMMENT ON {element.kind} {name} IS {literal}"


class EnableRowLevelSecurity(ExecutableDDLElement):
    def __init__(self, table: sa.Table):
        self.table = table


@compiles(EnableRowLevelSecurity)
def _compile_rls(element, compiler, **kw):
    return "ALTER TABLE %s ENABLE ROW LEVEL SECURITY" % compiler.preparer.format_table(element.table)


class CreatePartitionOf(ExecutableDDLElement):
    """PostgreSQL ``CREATE TABLE child PARTITION OF parent FOR VALUES …``
    (columns come from the parent; the child's own constraints follow as ALTER TABLE)."""

    def __init__(self, table: sa.Table, parent: str, bound: str | None):
        self.table, self.parent, self.bound = table, parent, bound


@compiles(CreatePartitionOf)
def _compile_partition_of(element, compiler, **kw):
    bound = (element.bound or "DEFAULT").strip()
    if bound.upper() != "DEFAULT" and not bound.upper().startswith("FOR VALUES"):
        bound = f"FOR VALUES {bound}"
    sql = "CREATE TABLE %s PARTITION OF %s %s" % (compiler.preparer.format_table(element.table), element.parent, bound)
    sub = element.table.dialect_options["postgresql"].get("partition_by")
    return f"{sql} PARTITION BY {sub}" if sub else sql  # a partition that is partitioned itself


@compiles(CreateColumn)
def _compile_create_column(element, compiler, **kw):
    """A column an INHERITS child takes from its parent is not written again
    (PostgreSQL would record it as the child's own column as well).  MySQL: an
    AUTO_INCREMENT column outside the primary key (legal on the first column of
    any key) gets the flag SQLAlchemy writes only for a primary-key column."""
    column = element.element
    if column.info.get("inherited"):
        return None
    text = compiler.visit_create_column(element, **kw)
    if (column.info.get("auto_increment_key") and compiler.dialect.name in _MYSQL
            and column is not column.table._autoincrement_column):
        comment = ""
        if column.comment is not None:
            comment = " COMMENT " + compiler.sql_compiler.render_literal_value(column.comment, sa.String())
        body = text[: len(text) - len(comment)] if comment and text.endswith(comment) else text
        text = f"{body} AUTO_INCREMENT{comment if body is not text else ''}"
    return text


@compiles(sa.PrimaryKeyConstraint, "mysql")
@compiles(sa.PrimaryKeyConstraint, "mariadb")
def _compile_primary_key_mysql(element, compiler, **kw):
    """MySQL key parts over a column prefix, ``PRIMARY KEY (name(10))``: the lengths
    are in ``info["lengths"]`` (column name → length); SQLAlchemy writes whole columns."""
    text = compiler.visit_primary_key_constraint(element, **kw)
    lengths = element.info.get("lengths")
    if not lengths or not text:
        return text
    quote = compiler.preparer.quote
    whole = "(%s)" % ", ".join(quote(c.name) for c in element.columns)
    parts = "(%s)" % ", ".join(quote(c.name) + (f"({lengths[c.name]})" if c.name in lengths else "")
                               for c in element.columns)
    return text.replace(whole, parts, 1)


@compiles(CreateTable, "mysql")
@compiles(CreateTable, "mariadb")
def _compile_create_table_mysql(element, compiler, **kw):
    """The indexes a table's ``info["inline_indexes"]`` lists are written inside
    CREATE TABLE (``KEY name (…)``, as SHOW CREATE TABLE does): the key an
    AUTO_INCREMENT column outside the primary key needs must exist with the table."""
    text = compiler.visit_create_table(element, **kw)
    table = element.element
    inline = table.info.get("inline_indexes")
    end = "\n)%s\n\n" % compiler.post_create_table(table)
    if not inline or not text.endswith(end):
        return text
    keys = []
    for index in inline:
        sql = compiler.process(CreateIndex(index), **kw)
        on = f" ON {compiler.preparer.format_table(table)} "
        keys.append(sql.removeprefix("CREATE ").replace(on, " ", 1))
    return text[: -len(end)] + "".join(", \n\t" + key for key in keys) + end


class ClusterOn(ExecutableDDLElement):
    """PostgreSQL ``ALTER TABLE t CLUSTER ON index`` (what ``CLUSTER t USING index`` leaves in the catalog)."""

    def __init__(self, table: sa.Table, index: str):
        self.table, self.index, self.element = table, index, table


@compiles(ClusterOn)
def _compile_cluster_on(element, compiler, **kw):
    return "ALTER TABLE %s CLUSTER ON %s" % (compiler.preparer.format_table(element.table),
                                             compiler.preparer.quote(element.index))


class AddExclusion(ExecutableDDLElement):
    """PostgreSQL ``ALTER TABLE t ADD [CONSTRAINT n] EXCLUDE definition [DEFERRABLE [INITIALLY DEFERRED]]``."""

    def __init__(self, table: sa.Table, name: str | None, definition: str, deferral: dict):
        self.table, self.name, self.definition, self.deferral = table, name, definition, deferral
        self.element = table  # the table it belongs to (ExportResult.statements)


@compiles(AddExclusion)
def _compile_add_exclusion(element, compiler, **kw):
    named = f"CONSTRAINT {compiler.preparer.quote(element.name)} " if element.name else ""
    deferral = ""
    if element.deferral:
        deferral = " DEFERRABLE" + (" INITIALLY DEFERRED" if element.deferral.get("initially") else "")
    return "ALTER TABLE %s ADD %sEXCLUDE %s%s" % (
        compiler.preparer.format_table(element.table), named, element.definition, deferral)


class RawStatement(ExecutableDDLElement):
    """A statement the model keeps verbatim (view, function, trigger, …)."""

    def __init__(self, sql: str):
        self.sql = sql


@compiles(RawStatement)
def _compile_raw(element, compiler, **kw):
    return element.sql


# -- type mapping for cross-dialect export -------------------------------------------------------

_GENERIC_TYPES = {
    "tinyint": lambda dt: sa.SmallInteger(),
    "smallint": lambda dt: sa.SmallInteger(),
    "integer": lambda dt: sa.Integer(),
    "bigint": lambda dt: sa.BigInteger(),
    "numeric": lambda dt: sa.Numeric(dt.precision, dt.scale),
    "money": lambda dt: sa.Numeric(19, 4),
    "real": lambda dt: sa.REAL(),
    "double": lambda dt: sa.Double(),
    "float": lambda dt: sa.Float(dt.precision),
    "boolean": lambda dt: sa.Boolean(create_constraint=False),
    "bit": lambda dt: sa.Boolean(create_constraint=False),
    "char": lambda dt: sa.CHAR(dt.length),
    "varchar": lambda dt: sa.String(dt.length) if dt.length else sa.Text(),
    "text": lambda dt: sa.Text(),
    "bytea": lambda dt: sa.LargeBinary(),
    "date": lambda dt: sa.Date(),
    "time": lambda dt: sa.Time(),
    "timetz": lambda dt: sa.Time(timezone=True),
    "timestamp": lambda dt: sa.DateTime(),
    "timestamptz": lambda dt: sa.DateTime(timezone=True),
    "interval": lambda dt: sa.Interval(),
    "uuid": lambda dt: sa.Uuid(),
    "json": lambda dt: sa.JSON(),
    "jsonb": lambda dt: sa.JSON(),
    "xml": lambda dt: sa.Text(),
    "inet": lambda dt: sa.String(45),
    "tsvector": lambda dt: sa.Text(),
    "hstore": lambda dt: sa.Text(),
    "set": lambda dt: sa.Text(),
}

# target-specific choices that differ from SQLAlchemy's generic rendering
_TARGET_TYPES = {
    ("jsonb", "postgres"): lambda dt: postgresql.JSONB(),
    ("inet", "postgres"): lambda dt: postgresql.INET(),
    ("tsvector", "postgres"): lambda dt: postgresql.TSVECTOR(),
    ("money", "postgres"): lambda dt: postgresql.MONEY(),
    ("xml", "mssql"): lambda dt: mssql.XML(),
    ("uuid", "mysql"): lambda dt: sa.CHAR(36),
    ("uuid", "mariadb"): lambda dt: sa.CHAR(36),
    ("uuid", "sqlite"): lambda dt: sa.CHAR(36),
    ("uuid", "mssql"): lambda dt: mssql.UNIQUEIDENTIFIER(),
    ("json", "sqlite"): lambda dt: sa.Text(),
    ("jsonb", "sqlite"): lambda dt: sa.Text(),
    ("json", "mssql"): lambda dt: mssql.NVARCHAR(None),
    ("jsonb", "mssql"): lambda dt: mssql.NVARCHAR(None),
    ("boolean", "mssql"): lambda dt: mssql.BIT(),
    ("bit", "mssql"): lambda dt: mssql.BIT(),
    ("bytea", "postgres"): lambda dt: postgresql.BYTEA(),
    ("bytea", "mysql"): lambda dt: mysql.LONGBLOB(),
    ("bytea", "mariadb"): lambda dt: mysql.LONGBLOB(),
    ("bytea", "mssql"): lambda dt: mssql.VARBINARY(None),
    ("text", "mysql"): lambda dt: mysql.LONGTEXT(),
    ("text", "mariadb"): lambda dt: mysql.LONGTEXT(),
    ("text", "mssql"): lambda dt: mssql.NVARCHAR(None),
    ("timestamp", "mssql"): lambda dt: mssql.DATETIME2(),
    ("timestamp", "mysql"): lambda dt: mysql.DATETIME(fsp=dt.precision),
    ("timestamp", "mariadb"): lambda dt: mysql.DATETIME(fsp=dt.precision),
    ("timestamptz", "mysql"): lambda dt: mysql.DATETIME(fsp=dt.precision),
    ("timestamptz", "mariadb"): lambda dt: mysql.DATETIME(fsp=dt.precision),
    ("timestamptz", "sqlite"): lambda dt: sa.DateTime(),
    ("interval", "mysql"): lambda dt: sa.String(64),
    ("interval", "mariadb"): lambda dt: sa.String(64),
    ("interval", "mssql"): lambda dt: sa.String(64),
}

# what is lost when a kind is carried to a target: message tail per (kind, target)
_LOSSY = {
    ("timestamptz", "mysql"): "has no time zone in MySQL; exported as DATETIME",
    ("timestamptz", "mariadb"): "has no time zone in MariaDB; exported as DATETIME",
    ("timestamptz", "sqlite"): "has no time zone in SQLite; exported as DATETIME",
    ("timetz", "mysql"): "has no time zone in MySQL; exported as TIME",
    ("timetz", "mariadb"): "has no time zone in MariaDB; exported as TIME",
    ("timetz", "mssql"): "has no time zone in SQL Server; exported as TIME",
    ("interval", "mysql"): "has no INTERVAL type in MySQL; exported as VARCHAR(64)",
    ("interval", "mariadb"): "has no INTERVAL type in MariaDB; exported as VARCHAR(64)",
    ("interval", "mssql"): "has no INTERVAL type in SQL Server; exported as VARCHAR(64)",
    ("inet", "mysql"): "has no network-address type in MySQL; exported as VARCHAR(45)",
    ("inet", "mariadb"): "has no network-address type in MariaDB; exported as VARCHAR(45)",
    ("inet", "sqlite"): "has no network-address type in SQLite; exported as VARCHAR(45)",
    ("inet", "mssql"): "has no network-address type in SQL Server; exported as VARCHAR(45)",
    ("tsvector", "*"): "is a PostgreSQL text-search vector; exported as text",
    ("hstore", "*"): "is a PostgreSQL hstore; exported as text",
    ("set", "*"): "is a MySQL SET; exported as text",
    ("xml", "*"): "is XML; exported as text",
}

_TIMEZONE_KINDS = {"timestamptz", "timetz"}


def _lossy_message(kind: str, target: str) -> str | None:
    if target == "postgres" and kind in ("tsvector", "hstore", "xml"):
        return None
    if target in _MYSQL and kind == "set":
        return None
    if target == "mssql" and kind == "xml":
        return None
    return _LOSSY.get((kind, target)) or _LOSSY.get((kind, "*"))


# -- raw objects: which phase they belong to ---------------------------------------------------


def raw_phase(sql: str, dialect: str | None = None) -> str:
    """``pre`` (before tables), ``functions`` (after tables) or ``post`` (:func:`tablewright.designer.raw_kinds.phase`)."""
    return phase(head_keywords(sql, dialect))


def virtual_table_name(sql: str, dialect: str | None = "sqlite") -> str | None:
    """The table a ``CREATE VIRTUAL TABLE [IF NOT EXISTS] name USING …`` creates."""
    words = head_words(sql, dialect)
    keys = tuple(w.upper() for w in words)
    if keys[:3] != ("CREATE", "VIRTUAL", "TABLE"):
        return None
    at = 6 if keys[3:6] == ("IF", "NOT", "EXISTS") else 3
    return words[at] if len(keys) > at + 1 and keys[at + 1] == "USING" else None


def _what(statement) -> str:
    """A DDL construct named for a warning: ``CreateTable of x``."""
    element = getattr(statement, "element", None)
    name = getattr(element, "fullname", None) or getattr(element, "name", None)
    return f"{type(statement).__name__} of {name}" if name else type(statement).__name__


def _integer_type(type_: sa.types.TypeEngine) -> bool:
    """Whether SQLAlchemy lets ``type_`` auto-increment (its Integer affinity,
    also through a verbatim type)."""
    base = type_.impl_instance if isinstance(type_, VerbatimType) else type_
    return isinstance(base, sa.types.Integer)


# -- the exporter --------------------------------------------------------------------------------


class _Exporter:
    def __init__(self, schema: Schema, target: str):
        self.schema = schema
        self.target = target
        self.source = schema.dialect or target
        self.same = same_family(self.source, target)
        self.dialect = shared_sa_dialect(target)
        self.my = "mariadb" if target == "mariadb" else "mysql"  # prefix of MySQL-family options
        self.warnings: list[str] = []
        self.metadata = sa.MetaData()
        self.tables: dict[str, sa.Table] = {}  # model table id → sa.Table
        self.sequences: dict[str, sa.Sequence] = {}
        self.enums: dict[str, postgresql.ENUM] = {}
        self.deferred_checks: list[sa.CheckConstraint] = []
        self.after_tables: list[RawStatement] = []  # column defaults that call the schema's own functions, …
        self.own_functions = self._own_functions()
        self.whole = False  # a whole export (run); migrations build single tables and keep defaults inline
        self.exclusions: list[AddExclusion] = []
        self._current_database: str | None = None
        self._auto_numbers: dict[str, str | None] = {}
        self.fk_after_tables: list[sa.ForeignKeyConstraint] = []
        self.fk_after_indexes: list[sa.ForeignKeyConstraint] = []
        self.indexes: list[sa.Index] = []
        self.virtual = self._virtual_tables()  # lower-cased name → raw CREATE VIRTUAL TABLE

    # -- driver
    def run(self) -> ExportResult:
        self.whole = True
        self._build_enums()
        self._build_sequences()
        for table in self.schema.tables:
            self._build_table(table)
        for table in self.schema.tables:
            if table.id in self.tables:
                self._build_constraints(table)
        order = self._plan_foreign_keys()
        for table in self.schema.tables:
            if table.id in self.tables:
                self._build_indexes(table)
        statements = [
            *self._namespace_statements(),
            *self._enum_statements(),
            *self._sequence_statements(),
            *self._raw_statements("pre"),
            *self._table_statements(order),
            *(AddConstraint(fk) for fk in self.fk_after_tables),
            *self._function_preamble(),
            *self._raw_statements("functions"),
            *self.after_tables,
            *(AddConstraint(ck) for ck in self.deferred_checks),
            *self.exclusions,
            *(CreateIndex(ix) for ix in self.indexes),
            *self._cluster_statements(),
            *(AddConstraint(fk) for fk in self.fk_after_indexes),
            *self._ownership_statements(),
            *self._comment_statements(),
            *self._raw_statements("post"),
        ]
        table_of = {sa_table: tid for tid, sa_table in self.tables.items()}
        exported = []
        for s in statements:
            try:
                text = self._compile(s)
            except (sa.exc.CompileError, sa.exc.ArgumentError) as exc:  # what the target cannot express
                self.warn(f"{_what(s)} cannot be written for {self.target} ({_first_line(exc)}); it is left out.")
                continue
            exported.append(ExportedStatement(text, table_of.get(_element_table(s)), type(s).__name__))
        sql = "\n\n".join(e.sql for e in exported)
        return ExportResult(sql + "\n" if sql else "", self.warnings, exported)

    def _compile(self, statement) -> str:
        text = str(statement.compile(dialect=self.dialect)).strip()
        if isinstance(statement, RawStatement) and self.target in _MYSQL and ";" in text:
            # a routine or trigger body: the mysql/mariadb client needs another delimiter
            return f"DELIMITER //\n{text}\n//\nDELIMITER ;"
        return text if text.endswith(";") else text + ";"

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    # -- names
    def _namespace(self, namespace: str | None) -> str | None:
        if namespace is not None and "." in namespace and self.target == "mssql":
            # SQLAlchemy's SQL Server dialect reads a dotted schema as database.owner
            # unless the name is marked as one quoted identifier
            if namespace.lower() == _DEFAULT_NAMESPACE.get(self.source) and not self.same:
                return None
            return quoted_name(namespace, quote=True)
        if namespace is None or self.same:
            return namespace
        if self.target == "sqlite" or namespace.lower() == _DEFAULT_NAMESPACE.get(self.source):
            return None
        return namespace

    def _name(self, name: str | None) -> str | None:
        """Constraint and index names, cut to the target's limit the way the
        engine itself would (PostgreSQL truncates to 63 bytes)."""
        if name is None:
            return None
        limit = self.dialect.max_identifier_length
        if self.target in _MYSQL:
            limit = 64
        raw = name.encode()
        if len(raw) <= limit:
            return name
        return raw[:limit].decode(errors="ignore")

    def _namespaces_used(self) -> list[str]:
        seen: list[str] = []
        for obj in [*self.schema.tables, *self.schema.sequences, *self.schema.enums]:
            ns = self._namespace(obj.namespace)
            if ns and ns not in seen:
                seen.append(ns)
        return seen

    # -- namespaces, enums, sequences
    def _namespace_statements(self):
        if self.target == "sqlite":
            if any(t.namespace for t in self.schema.tables) and self.source != "sqlite":
                self.warn("SQLite has no schemas; all tables are exported without their schema name.")
            return
        declared = {n.name for n in self.schema.namespaces}
        for ns in self.schema.namespaces:
            name = self._namespace(ns.name)
            if name and name.lower() != _DEFAULT_NAMESPACE.get(self.target):
                if self.target in _MYSQL and (ns.charset or ns.collation):
                    options = "".join(f" {k} {v}" for k, v in (("CHARACTER SET", ns.charset), ("COLLATE", ns.collation)) if v)
                    quoted = self.dialect.identifier_preparer.quote(name)
                    yield RawStatement(f"CREATE DATABASE IF NOT EXISTS {quoted}{options}")
                    continue
                yield CreateSchema(name, if_not_exists=self.target != "mssql")
        if self.target == "mssql":
            return
        for name in self._namespaces_used():
            if name not in declared and name.lower() != _DEFAULT_NAMESPACE.get(self.target):
                yield CreateSchema(name, if_not_exists=True)

    def _build_enums(self):
        if self.target != "postgres":
            return
        for enum in self.schema.enums:
            self.enums[enum.qualified_name.lower()] = postgresql.ENUM(
                *enum.values, name=enum.name, schema=self._namespace(enum.namespace),
                create_type=False, metadata=self.metadata)

    def _enum_statements(self):
        for enum in self.enums.values():
            yield postgresql.CreateEnumType(enum)

    def _build_sequences(self):
        for seq in self.schema.sequences:
            if self._serial_owner(seq):
                continue  # the serial column creates it
            sa_seq = self.sa_sequence(seq)
            if sa_seq is not None:
                self.sequences[seq.id] = sa_seq

    def sa_sequence(self, seq) -> sa.Sequence | None:
        """The SQLAlchemy sequence of a model sequence; None (with a warning) where the target has none."""
        if self.target not in ("postgres", "mssql", "mariadb"):
            self.warn(f"Sequence {seq.qualified_name} is not carried: {self.target} has no sequences.")
            return None
        return sa.Sequence(
            seq.name, start=seq.start, increment=seq.increment, minvalue=seq.min_value,
            maxvalue=seq.max_value, cache=seq.cache, cycle=seq.cycle or None,
            schema=self._namespace(seq.namespace), metadata=self.metadata,
            data_type=self._sequence_type(seq.data_type))

    def _sequence_type(self, text: str | None):
        if not text or self.target == "mariadb":
            return None
        return VerbatimType(text, sa.BigInteger()) if self.same else sa.BigInteger()

    def _serial_owner(self, seq) -> bool:
        if not seq.owned_by or not self.same or self.target != "postgres":
            return False
        table_id, column_id = seq.owned_by
        try:
            column = self.schema.table(table_id).column(column_id)
        except KeyError:
            return False
        return _is_serial(column.type)

    def _sequence_statements(self):
        for seq in self.sequences.values():
            yield CreateSequence(seq)

    def _ownership_statements(self):
        if self.target != "postgres":
            return
        for seq in self.schema.sequences:
            if seq.id not in self.sequences or not seq.owned_by:
                continue
            table_id, column_id = seq.owned_by
            sa_table = self.tables.get(table_id)
            column = self._sa_column(table_id, column_id)
            if sa_table is not None and column is not None:
                yield AlterSequenceOwnedBy(self.sequences[seq.id], column)

    # -- tables and columns
    def _build_table(self, table: Table) -> None:
        namespace = self._namespace(table.namespace)
        key = table.name if namespace is None else f"{namespace}.{table.name}"  # sa.Table.key, without making one
        if key in self.metadata.tables:
            self.warn(f"Table {table.qualified_name} is not exported: a table named {key} is already exported.")
            return
        columns = []
        for column in table.columns:
            if not column.name:
                self.warn(f"Table {table.qualified_name} has a column without a name, which {self.target} cannot "
                          "write; it is dropped.")
                continue
            if any(c.name == column.name for c in columns):
                self.warn(f"Column {table.qualified_name}.{column.name} is defined twice; the second one is dropped.")
                continue
            try:
                columns.append(self._build_column(table, column))
            except sa.exc.ArgumentError as exc:  # a combination SQLAlchemy refuses to write
                self.warn(f"Column {table.qualified_name}.{column.name} cannot be written for {self.target} "
                          f"({_first_line(exc)}); it is dropped.")
        kwargs = self._table_kwargs(table)
        if self.whole:
            self._inherited_columns(table, columns)
        sa_table = sa.Table(table.name, self.metadata, *columns, schema=namespace,
                            comment=table.comment if self._comments_supported(table) else None, **kwargs)
        self.tables[table.id] = sa_table

    def _inherited_columns(self, table: Table, columns: list[sa.Column]) -> None:
        """PostgreSQL INHERITS: the columns the parents have are the parents'
        (marked, and left out of CREATE TABLE); where the child's NOT NULL or default
        differs, an ALTER TABLE ONLY after the tables says so."""
        if self.target != "postgres" or not self.same or not table.options.inherits:
            return
        inherited: dict[str, Column] = {}
        for parent in self._tables_by_id(table.options.inherits):
            for column in parent.columns:
                inherited.setdefault(column.name, column)
        target = self.dialect.identifier_preparer
        qualified = ".".join(target.quote(p) for p in (self._namespace(table.namespace), table.name) if p)
        for sa_column in columns:
            parent_column = inherited.get(sa_column.name)
            if parent_column is None:
                continue
            sa_column.info["inherited"] = True
            column = table.column_named(sa_column.name)
            alter = f"ALTER TABLE ONLY {qualified} ALTER COLUMN {target.quote(column.name)}"
            if not column.nullable and parent_column.nullable:
                self.after_tables.append(RawStatement(f"{alter} SET NOT NULL"))
            if column.default != parent_column.default:
                default = self._fragment(column.default, f"the default of column {table.qualified_name}.{column.name}")
                self.after_tables.append(RawStatement(f"{alter} {'SET DEFAULT ' + default if default else 'DROP DEFAULT'}"))

    def _own_functions(self) -> set[str]:
        """Lower-cased names of the functions the schema defines (kept verbatim)."""
        names = set()
        for raw in self.schema.raw:
            if raw.name and raw.kind in ("function", "procedure", "aggregate"):
                names.add(raw.name.split("(", 1)[0].rsplit(".", 1)[-1].strip('"`[]').lower())
        return names

    def _comments_supported(self, table: Table) -> bool:
        if self.target != "sqlite":
            return True
        if table.comment or any(c.comment for c in table.columns):
            self.warn(f"Comments on table {table.qualified_name} are not carried: SQLite has no comments.")
        return False

    def _table_kwargs(self, table: Table) -> dict:
        opts, kw = table.options, {}
        prefixes = [p for p, on in (("TEMPORARY", opts.temporary), ("UNLOGGED", opts.unlogged)) if on]
        if prefixes and self.target == "postgres":
            kw["prefixes"] = prefixes
        elif opts.temporary:
            kw["prefixes"] = ["TEMPORARY"]
        if self.target == "postgres":
            self._postgres_table_kwargs(table, kw)
        elif self.target in _MYSQL:
            self._mysql_table_kwargs(table, kw)
        elif self.target == "sqlite":
            if opts.without_rowid:
                kw["sqlite_with_rowid"] = False
            if opts.strict:
                kw["sqlite_strict"] = True
            if any(c.autoincrement for c in table.columns) or opts.extra.get("sqlite_autoincrement") == "true":
                if self._sqlite_autoincrement_ok(table):
                    kw["sqlite_autoincrement"] = True
        self._warn_lost_options(table)
        return kw

    def _sqlite_autoincrement_ok(self, table: Table) -> bool:
        pk = table.primary_key
        if pk and len(pk.columns) == 1:
            column = table.column(pk.columns[0])
            return column.autoincrement or column.identity is not None or _is_serial(column.type)
        return False

    def _postgres_table_kwargs(self, table: Table, kw: dict) -> None:
        opts = table.options
        parents = self._tables_by_id(opts.inherits)
        if len(parents) < len(opts.inherits):
            self.warn(f"A parent table of {table.qualified_name} is not in the schema; its INHERITS leaves it out.")
        if parents:
            # quoted here part by part; SQLAlchemy would quote the whole "schema.name" as one identifier again
            kw["postgresql_inherits"] = [sa.sql.quoted_name(self._table_ref(p), False) for p in parents]
        if opts.partition_by:
            kw["postgresql_partition_by"] = self._fragment(opts.partition_by, f"the partition key of table {table.qualified_name}") or None

    def _tables_by_id(self, table_ids: list[str]) -> list[Table]:
        """The tables of ``table_ids`` (a child's parents), in that order; ids not in the schema left out."""
        by_id = {t.id: t for t in self.schema.tables if t.id in table_ids}
        return [by_id[i] for i in table_ids if i in by_id]

    def _table_ref(self, table: Table) -> str:
        """A table named in another's DDL (INHERITS, PARTITION OF) as its own CREATE TABLE names it:
        each part through SQLAlchemy's quoting."""
        prep = self.dialect.identifier_preparer
        return ".".join(prep.quote(p) for p in (self._namespace(table.namespace), table.name) if p is not None)

    def _mysql_table_kwargs(self, table: Table, kw: dict) -> None:
        opts = table.options
        if opts.engine:
            kw[f"{self.my}_engine"] = opts.engine
        if opts.charset and self.same:
            kw[f"{self.my}_default_charset"] = opts.charset
        if opts.collation and self.same:
            kw[f"{self.my}_collate"] = opts.collation
        if self.same:
            for key, value in opts.extra.items():
                if key.isascii() and key.replace("_", "").isalpha() and not key.startswith("sqlite"):
                    kw[f"{self.my}_{key.lower()}"] = value

    def _warn_lost_options(self, table: Table) -> None:
        opts, t = table.options, self.target
        lost = {
            "partition key": opts.partition_by and t != "postgres",
            "PARTITION OF clause": opts.partition_of and t != "postgres",
            "INHERITS clause": opts.inherits and t != "postgres",
            "UNLOGGED option": opts.unlogged and t != "postgres",
            "WITHOUT ROWID option": opts.without_rowid and t != "sqlite",
            "STRICT option": opts.strict and t != "sqlite",
            "storage engine": opts.engine and t not in _MYSQL,
        }
        for what, is_lost in lost.items():
            if is_lost:
                self.warn(f"The {what} of table {table.qualified_name} is not carried to {t}.")

    def _auto_number(self, table: Table) -> str | None:
        """The one column of a table that becomes the target's auto-number
        (IDENTITY, AUTO_INCREMENT) in a cross-dialect export -- an engine allows
        one: an identity/auto-increment column first (MySQL: a key column first, its
        AUTO_INCREMENT must be a key), then a serial or ``nextval`` column of the
        primary key, then the first serial one."""
        if table.id not in self._auto_numbers:
            pk = set(table.primary_key.columns) if table.primary_key else set()
            candidates = [c for c in table.columns
                          if c.identity is not None or c.autoincrement or _is_serial(c.type) or _nextval(c.default)]
            if self.target in _MYSQL:
                ranked = sorted(candidates, key=lambda c: (c.id not in pk, c.identity is None and not c.autoincrement,
                                                           not _is_serial(c.type)))
            else:
                ranked = sorted(candidates, key=lambda c: (c.identity is None and not c.autoincrement,
                                                           c.id not in pk, not _is_serial(c.type)))
            self._auto_numbers[table.id] = ranked[0].id if ranked else None
        return self._auto_numbers[table.id]

    def _next_value(self, column: Column, where: str):
        """A ``nextval('seq')`` default that is not the table's auto-number:
        ``NEXT VALUE FOR seq`` where the target has the sequence, else dropped with a warning."""
        import sqlglot

        literal = None
        try:
            literal = next((lit.this for lit in sqlglot.parse_one(column.default, read="postgres").find_all(
                sqlglot.exp.Literal) if lit.is_string), None)
        except SQLGLOT_FAILURES:
            pass
        seq = self.schema.find_sequence(*reversed(split_qualified(literal))) if literal else None
        if seq is not None and seq.id in self.sequences and self.target in ("mssql", "mariadb"):
            sa_seq = self.sequences[seq.id]
            prep = self.dialect.identifier_preparer
            return sa.text(f"NEXT VALUE FOR {prep.format_sequence(sa_seq)}")
        self.warn(f"The default {column.default} of column {where} is not carried to {self.target}: "
                  "the table's auto-number is another column and the sequence is not there.")
        return None

    def _build_column(self, table: Table, column: Column) -> sa.Column:
        where = f"{table.qualified_name}.{column.name}"
        serial = _is_serial(column.type) or _nextval(column.default)
        if serial and not self.same and column.id != self._auto_number(table):
            serial = False  # a second sequence-backed column: its default stays a default
        autoincrement = self._autoincrement(column, serial)
        args = []
        identity = self._identity(table, column, serial, where)
        if identity is not None:
            args.append(identity)
        if column.generated is not None:
            expression = self._fragment(column.generated.expression, f"the generated expression of column {where}")
            if expression:
                args.append(sa.Computed(sa.text(expression), persisted=column.generated.stored))
        type_ = self._type(column, where)
        server_default = self._server_default(table, column, serial, where)
        if identity is not None and server_default is not None:
            self.warn(f"The default of identity column {where} is not carried: an identity column has no default "
                      f"in {self.target}.")
            server_default = None
        if autoincrement and not _integer_type(type_):
            self.warn(f"The auto-increment of column {where} is not carried: its type is not an integer type.")
            autoincrement = False
        return sa.Column(
            column.name,
            type_,
            *args,
            nullable=column.nullable,
            server_default=server_default,
            autoincrement="auto" if identity is not None else autoincrement,
            comment=column.comment if self.target != "sqlite" else None,
            info={"model": column, "auto_increment": autoincrement and self.target in _MYSQL},
        )

    def _autoincrement(self, column: Column, serial: bool) -> bool:
        if self.target in _MYSQL:
            return column.autoincrement or (serial and not self.same) or (column.identity is not None)
        return False  # never let SQLAlchemy turn a column into SERIAL by itself

    def _identity(self, table: Table, column: Column, serial: bool, where: str):
        if self.target in ("postgres", "mssql"):
            if column.identity is not None and not self.same and column.id != self._auto_number(table):
                self.warn(f"The identity of column {where} is not carried: {self.target} allows one per table.")
                return None
            if column.identity is not None:
                ident = column.identity
                return sa.Identity(always=ident.always, start=ident.start, increment=ident.increment)
            if (column.autoincrement or serial) and not self.same:
                return sa.Identity()
        elif column.identity is not None and self.target == "sqlite":
            self.warn(f"The identity of column {where} is not carried: SQLite only auto-numbers an INTEGER PRIMARY KEY.")
        return None

    def _server_default(self, table: Table, column: Column, serial: bool, where: str):
        default = column.default
        if column.on_update and self.target in _MYSQL:
            on_update = self._fragment(column.on_update, f"the ON UPDATE of column {where}")
            base = self._fragment(default, f"the default of column {where}") if default else None
            if on_update:
                return sa.text(f"{base or 'NULL'} ON UPDATE {on_update}")
        elif column.on_update:
            self.warn(f"ON UPDATE {column.on_update} of column {where} is not carried to {self.target}.")
        if default is None:
            return None
        if serial and not self.same:
            return None  # became an identity / auto-increment
        if not self.same and _nextval(default):
            return self._next_value(column, where)
        text = self._bit_literal(default) or self._fragment(default, f"the default of column {where}")
        if text and self.whole and self.target == "postgres" and _calls(text, self.own_functions, self.target):
            # the function is created after the tables: set the default once it exists
            target = self.dialect.identifier_preparer
            qualified = ".".join(target.quote(p) for p in (self._namespace(table.namespace), table.name) if p)
            self.after_tables.append(RawStatement(
                f"ALTER TABLE {qualified} ALTER COLUMN {target.quote(column.name)} SET DEFAULT {text}"))
            return None
        return sa.text(text) if text else None

    def _use(self, namespace: str | None):
        """MySQL/MariaDB: ``USE db`` before a verbatim statement whose unqualified
        names resolved in database ``db`` where it was read (a routine, trigger or
        view), so the export loads with ``mysql < file`` as its source did."""
        database = self._namespace(namespace) if namespace else None
        if self.target not in _MYSQL or not database or database == self._current_database:
            return
        self._current_database = database
        yield RawStatement(f"USE {self.dialect.identifier_preparer.quote(database)}")

    # -- types
    def _type(self, column: Column, where: str) -> sa.types.TypeEngine:
        dt = column.type
        if not dt.text and dt.kind == "other":  # SQLite's column without a type
            if self.target == "sqlite":
                return VerbatimType("", sa.types.NullType())
            self.warn(f"Column {where} has no type, which {self.target} requires; it is exported as text.")
            return (_TARGET_TYPES.get(("text", self.target)) or _GENERIC_TYPES["text"])(dt)
        base = self._mapped_type(dt, where, quiet=self.same)
        if self.same and (dt.text or self.target == "sqlite"):
            return VerbatimType(self._verbatim_text(column), base)  # SQLite allows no type at all
        if dt.kind != "enum" and column.collation and self.same is False:
            self.warn(f"The collation {column.collation} of column {where} is not carried to {self.target}.")
        return base

    def _verbatim_text(self, column: Column) -> str:
        text = column.type.text
        if _is_serial(column.type) and (column.autoincrement or column.default):
            pass
        prep = self.dialect.identifier_preparer
        if column.charset and self.target in _MYSQL and "character set" not in text.lower():
            text += f" CHARACTER SET {column.charset}"
        if column.collation and "collate" not in text.lower():
            text += " COLLATE " + ".".join(
                p if p[:1] in '"`[' else prep.quote(p) for p in column.collation.split("."))
        return text

    def _mapped_type(self, dt: DataType, where: str, quiet: bool) -> sa.types.TypeEngine:
        if dt.kind == "enum":
            return self._enum_type(dt, where, quiet)
        factory = _TARGET_TYPES.get((dt.kind, self.target)) or _GENERIC_TYPES.get(dt.kind)
        if factory is None:
            if not quiet:
                self.warn(f"Column {where} has type {dt.text or dt.kind} which {self.target} may not know; it is exported as written.")
            return sa.types.NullType() if quiet else VerbatimType(dt.text or "TEXT", sa.types.NullType())
        sa_type = factory(dt)
        if dt.unsigned and self.target in _MYSQL and hasattr(sa_type, "__class__"):
            sa_type = _mysql_unsigned(dt) or sa_type
        if quiet:
            return sa_type
        message = _lossy_message(dt.kind, self.target)
        if message:
            self.warn(f"Column {where} ({dt.text or dt.kind}) {message}.")
        if dt.unsigned and self.target not in _MYSQL:
            self.warn(f"Column {where} is UNSIGNED; {self.target} has no unsigned integers, so the upper range is lost.")
        if dt.array_dims:
            return self._array_type(sa_type, dt, where)
        return sa_type

    def _array_type(self, sa_type, dt: DataType, where: str):
        if self.target == "postgres":
            return postgresql.ARRAY(sa_type, dimensions=dt.array_dims)
        self.warn(f"Column {where} is an array ({dt.text}); {self.target} has no arrays, so it is exported as JSON text.")
        return _TARGET_TYPES.get(("json", self.target), _GENERIC_TYPES["json"])(dt)

    def _enum_type(self, dt: DataType, where: str, quiet: bool):
        values = list(dt.values)
        if dt.enum and not values:
            enum = self.schema.find_enum(*reversed(dt.enum.rsplit(".", 1))) if "." in dt.enum else self.schema.find_enum(dt.enum)
            values = list(enum.values) if enum else []
        if self.target == "postgres" and dt.enum:
            enum = self.enums.get(dt.enum.lower())
            if enum is not None:
                return enum
        if self.target in _MYSQL:
            return mysql.ENUM(*values) if values else sa.Text()
        if not quiet:
            self.warn(f"Column {where} is an enum; {self.target} has no enum type, so it is exported as VARCHAR with a CHECK of its values.")
        length = max((len(v) for v in values), default=1)
        return sa.Enum(*values, native_enum=False, create_constraint=True, length=length) if values else sa.Text()

    # -- SQL fragments
    def _bit_literal(self, text: str) -> str | None:
        """SQL Server has no TRUE/FALSE literal (sqlglot writes ``(1 = 1)``, a
        predicate a DEFAULT does not take): a boolean literal default, cast or
        not, is the BIT ``1``/``0`` there."""
        if self.target != "mssql" or self.same:
            return None
        import sqlglot
        from sqlglot import exp

        try:
            tree = sqlglot.parse_one(text, read=SQLGLOT_DIALECT[self.source])
        except SQLGLOT_FAILURES:
            return None
        while isinstance(tree, (exp.Cast, exp.Paren)):
            tree = tree.this
        return ("1" if tree.this else "0") if isinstance(tree, exp.Boolean) else None

    def _fragment(self, text: str | None, what: str) -> str | None:
        """``text`` in the target dialect, or None (with a warning) when sqlglot cannot carry it."""
        if text is None or self.same:
            return text
        import sqlglot  # here, not at the top: most exports need no translation

        try:
            out = sqlglot.transpile(text, read=SQLGLOT_DIALECT[self.source], write=SQLGLOT_DIALECT[self.target],
                                    unsupported_level=sqlglot.ErrorLevel.RAISE)
        except SQLGLOT_FAILURES as exc:
            self.warn(f"{what[0].upper()}{what[1:]} ({text}) could not be translated to {self.target} and is dropped: {_first_line(exc)}")
            return None
        return out[0] if out else None

    # -- constraints
    def _sa_column(self, table_id: str, column_id: str) -> sa.Column | None:
        sa_table = self.tables.get(table_id)
        if sa_table is None:
            return None
        try:
            name = self.schema.table(table_id).column(column_id).name
        except KeyError:
            return None
        return sa_table.c.get(name)

    def _column_names(self, table: Table, ids: list[str]) -> list[str] | None:
        try:
            names = table.column_names(ids)
        except KeyError:
            return None
        sa_table = self.tables.get(table.id)
        if sa_table is not None and any(name not in sa_table.c for name in names):
            return None  # a column that could not be written (said in a warning)
        return names

    def _build_constraints(self, table: Table) -> None:
        sa_table = self.tables[table.id]
        if table.primary_key:
            names = self._column_names(table, table.primary_key.columns)
            kw = {"mssql_clustered": table.primary_key.clustered} \
                if self.target == "mssql" and self.source == "mssql" and table.primary_key.clustered is not None else {}
            if names:
                pk = table.primary_key
                sa_table.append_constraint(sa.PrimaryKeyConstraint(
                    *names, name=self._name(pk.name), **self._deferral(pk, f"the primary key of {table.qualified_name}"),
                    info={"lengths": self._key_lengths(table, pk)}, **kw))
        for unique in table.uniques:
            self._add_unique(table, sa_table, unique)
        for exclusion in table.exclusions:
            self._add_exclusion(table, sa_table, exclusion)
        for check in table.checks:
            self._add_check(table, sa_table, check)
        for fk in table.foreign_keys:
            self._add_foreign_key(table, sa_table, fk)

    def _key_lengths(self, table: Table, pk) -> dict[str, int]:
        """The primary key's MySQL prefix lengths by column name (other targets key whole columns)."""
        lengths = {table.column(cid).name: n for cid, n in pk.lengths.items() if cid in pk.columns}
        if lengths and self.target not in _MYSQL:
            self.warn(f"The prefix lengths of the primary key of {table.qualified_name} are not carried to "
                      f"{self.target}: its primary key is on the whole columns.")
            return {}
        return lengths

    def _add_unique(self, table, sa_table, unique) -> None:
        names = self._column_names(table, unique.columns)
        if not names:
            return
        kw = {}
        if unique.nulls_not_distinct:
            if self.target == "postgres":
                kw["postgresql_nulls_not_distinct"] = True
            else:
                self.warn(f"NULLS NOT DISTINCT on a unique key of {table.qualified_name} is not carried to {self.target}.")
        sa_table.append_constraint(sa.UniqueConstraint(
            *names, name=self._name(unique.name),
            **self._deferral(unique, f"a unique key of {table.qualified_name}"), **kw))

    def _deferral(self, constraint, what: str, targets=("postgres",)) -> dict:
        """SQLAlchemy's deferrable/initially arguments for a constraint of the
        model; a warning where the target cannot defer it."""
        if not constraint.deferrable and not constraint.initially_deferred:
            return {}
        if self.target not in targets:
            self.warn(f"The DEFERRABLE of {what} is not carried: {self.target} cannot defer it.")
            return {}
        return {"deferrable": True, "initially": "DEFERRED" if constraint.initially_deferred else None}

    def _add_exclusion(self, table, sa_table, exclusion) -> None:
        where = f"the exclusion constraint {exclusion.name or ''} of {table.qualified_name}".replace("  ", " ")
        if self.target != "postgres":
            self.warn(f"{where[0].upper()}{where[1:]} is not carried: only PostgreSQL has EXCLUDE constraints.")
            return
        self.exclusions.append(AddExclusion(sa_table, self._name(exclusion.name), exclusion.definition,
                                            self._deferral(exclusion, where)))

    def _add_check(self, table, sa_table, check) -> None:
        text = self._fragment(check.expression, f"the CHECK ({check.expression}) of table {table.qualified_name}")
        if not text:
            return
        kw = {"postgresql_not_valid": True} if check.not_valid and self.target == "postgres" else {}
        if check.column is not None and self.target in _MYSQL and self.same:
            # MariaDB keeps a column's own CHECK with the column (named after it; JSON columns have one)
            column = table.column(check.column)
            if check.name in (None, column.name) and column.name in sa_table.c:
                constraint = sa.CheckConstraint(sa.text(text))
                sa_table.c[column.name].constraints.add(constraint)
                constraint._set_parent_with_dispatch(sa_table.c[column.name])
                return
        constraint = sa.CheckConstraint(sa.text(text), name=self._name(check.name), **kw)
        sa_table.append_constraint(constraint)
        if self.target != "sqlite" and (_calls_functions(text, self.target) or check.not_valid):
            self.deferred_checks.append(constraint)  # AddConstraint keeps it out of CREATE TABLE

    def _add_foreign_key(self, table, sa_table, fk: ForeignKey) -> None:
        if fk.ref_table is None or fk.ref_table not in self.tables:
            target = fk.unresolved.table if fk.unresolved else "an unknown table"
            self.warn(f"A foreign key of table {table.qualified_name} refers to {target}, which is not in the schema; it is dropped.")
            return
        names = self._column_names(table, fk.columns)
        refs = [self._sa_column(fk.ref_table, c) for c in fk.ref_columns]
        if not names or any(r is None for r in refs):
            return
        if len(names) != len(refs):
            self.warn(f"A foreign key of table {table.qualified_name} has {len(names)} columns referring to "
                      f"{len(refs)}; it is dropped.")
            return
        kw = {"postgresql_not_valid": True} if fk.not_valid and self.target == "postgres" else {}
        kw.update(self._deferral(fk, f"a foreign key of {table.qualified_name}", ("postgres", "sqlite")))
        constraint = sa.ForeignKeyConstraint(
            names, refs, name=self._name(fk.name), ondelete=self._action(fk.on_delete),
            onupdate=self._action(fk.on_update),
            match=fk.match if self.target in ("postgres", "sqlite") else None, **kw)
        sa_table.append_constraint(constraint)
        constraint.info["model"] = (table, fk)

    def _action(self, action: str | None) -> str | None:
        if action is None:
            return None
        action = action.upper()
        if self.target == "mssql" and action == "RESTRICT":
            return "NO ACTION"
        return action

    def _plan_foreign_keys(self) -> list[str]:
        """Table ids in creation order; move the foreign keys that cannot be
        written inline into ``fk_after_tables`` / ``fk_after_indexes``."""
        position = {t.id: i for i, t in enumerate(self.schema.tables) if t.id in self.tables}
        # SQLAlchemy keeps a table's foreign keys in a set: in the order they were built, or the
        # ALTER TABLE ... ADD CONSTRAINT statements come out in a different order on each run
        fks = [c for t in self.tables.values()
               for c in sorted(t.foreign_key_constraints, key=lambda c: c._creation_order)]
        if self.target != "sqlite":  # SQLite cannot ALTER TABLE ADD CONSTRAINT, and needs no order
            cyclic = self._cyclic_tables(position, fks)
            for fk in fks:
                child, parent = self._fk_ends(fk)
                if not self._target_is_keyed(fk):
                    self._move_fk(fk, self.fk_after_indexes)
                elif fk.dialect_options["postgresql"].get("not_valid"):
                    self._move_fk(fk, self.fk_after_tables)  # CREATE TABLE would make it valid
                elif child != parent and child in cyclic and parent in cyclic:
                    self._move_fk(fk, self.fk_after_tables)
        import networkx as nx  # here, not at the top: migrations and lint fixes use the exporter without it

        graph = nx.DiGraph()
        graph.add_nodes_from(position)
        for fk in fks:
            child, parent = self._fk_ends(fk)
            if child != parent and not fk.use_alter:
                graph.add_edge(parent, child)
        for table in self.schema.tables:
            for parent in self._parents(table):
                graph.add_edge(parent, table.id)
        if not nx.is_directed_acyclic_graph(graph):  # SQLite cycles, inheritance cycles
            graph.remove_edges_from([e for c in nx.strongly_connected_components(graph) if len(c) > 1
                                     for e in graph.subgraph(c).edges])
        return list(nx.lexicographical_topological_sort(graph, key=position.get))

    def _cyclic_tables(self, position, fks) -> set[str]:
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(position)
        graph.add_edges_from(self._fk_ends(fk) for fk in fks)
        return {n for c in nx.strongly_connected_components(graph) if len(c) > 1 for n in c}

    def _fk_ends(self, fk: sa.ForeignKeyConstraint) -> tuple[str, str]:
        table, model_fk = fk.info["model"]
        return table.id, model_fk.ref_table

    def _parents(self, table: Table):
        for parent in self.schema.parents(table):
            if parent.id in self.tables and parent.id != table.id:
                yield parent.id

    def _target_is_keyed(self, fk: sa.ForeignKeyConstraint) -> bool:
        """Whether the referenced columns are a primary key or unique constraint
        (created with the table), rather than only a unique index (created later)."""
        _, model_fk = fk.info["model"]
        parent = self.schema.table(model_fk.ref_table)
        wanted = set(model_fk.ref_columns)
        keys = [parent.primary_key.columns] if parent.primary_key else []
        keys += [u.columns for u in parent.uniques]
        return any(set(k) == wanted for k in keys) or not self._any_index_covers(parent, wanted)

    def _any_index_covers(self, table: Table, wanted: set[str]) -> bool:
        """An index usable as the key of a foreign key (MySQL: any index whose
        leading columns are the referenced ones; PostgreSQL: a unique index on exactly them)."""
        for ix in table.indexes:
            columns = [e.column for e in ix.elements]
            if self.target in _MYSQL and set(columns[: len(wanted)]) == wanted:
                return True
            if ix.unique and set(columns) == wanted and not ix.predicate:
                return True
        return False

    def _move_fk(self, fk: sa.ForeignKeyConstraint, bucket: list) -> None:
        fk.use_alter = True
        bucket.append(fk)

    def _table_statements(self, order: list[str]):
        for table_id in order:
            sa_table = self.tables[table_id]
            inline = [fk for fk in sa_table.foreign_key_constraints if not fk.use_alter]
            table = self.schema.table(table_id)
            parent = self._tables_by_id([table.options.partition_of]) if table.options.partition_of else []
            if table.options.partition_of and not parent:
                self.warn(f"The parent table of partition {table.qualified_name} is not in the schema; "
                          "it is written as a table of its own.")
            if parent and self.target == "postgres":
                yield from self._partition_statements(table, parent[0], sa_table, inline)
            else:
                yield self._create_table(table, sa_table, inline)
            if table.options.row_level_security and self.target == "postgres":
                yield EnableRowLevelSecurity(sa_table)

    def _virtual_tables(self) -> dict:
        out = {}
        for raw in self.schema.raw:
            if raw.dialect == self.target == "sqlite":
                name = virtual_table_name(raw.sql)
                if name:
                    out[name.lower()] = raw
        return out

    def _create_table(self, table: Table, sa_table: sa.Table, inline_fks):
        """CREATE TABLE, or the virtual table's own statement; a virtual table's
        shadow tables (FTS ``x_content`` …) may already exist, so IF NOT EXISTS."""
        raw = self.virtual.get(table.name.lower())
        if raw is not None:
            return RawStatement(raw.sql.strip().rstrip(";").rstrip())
        shadow = any(table.name.lower().startswith(name + "_") for name in self.virtual)
        return CreateTable(sa_table, include_foreign_key_constraints=inline_fks, if_not_exists=shadow)

    def _partition_statements(self, table: Table, parent: Table, sa_table: sa.Table, inline_fks):
        yield CreatePartitionOf(sa_table, self._table_ref(parent), table.options.partition_bound)
        deferred = set(self.deferred_checks)
        for constraint in sorted(sa_table.constraints, key=lambda c: c._creation_order):
            if isinstance(constraint, sa.ForeignKeyConstraint) and constraint not in inline_fks:
                continue
            if constraint in deferred or (isinstance(constraint, sa.PrimaryKeyConstraint) and not constraint.columns):
                continue
            yield AddConstraint(constraint)
        for column in table.columns:
            inherited = parent.column_named(column.name)
            same = inherited is not None and (inherited.default, inherited.nullable) == (column.default, column.nullable)
            if not same and (column.default is not None or not column.nullable):
                self.warn(f"Column {table.qualified_name}.{column.name} of partition {table.qualified_name} "
                          "takes its definition from the parent table; its own default/NOT NULL is not exported.")

    # -- indexes
    def _build_indexes(self, table: Table) -> None:
        sa_table = self.tables[table.id]
        built = {}
        for index in table.indexes:
            sa_index = self._build_index(table, sa_table, index)
            if sa_index is not None:
                built[index.id] = sa_index
        if self.whole:
            inline = self._auto_increment_keys(table, sa_table, built)
        else:  # a migration's single table: its indexes are steps of their own
            inline = set()
            for sa_column in sa_table.columns:
                if sa_column.info.get("auto_increment") and not self._is_sa_auto_column(sa_table, sa_column):
                    self.warn(f"The AUTO_INCREMENT of column {table.qualified_name}.{sa_column.name} is not carried "
                              "by a migration: outside the primary key it needs its key inside CREATE TABLE.")
        self.indexes.extend(ix for ix in built.values() if ix not in inline)

    @staticmethod
    def _is_sa_auto_column(sa_table: sa.Table, sa_column: sa.Column) -> bool:
        try:
            return sa_column is sa_table._autoincrement_column
        except sa.exc.ArgumentError:
            return True  # (SQLAlchemy decides, and says so)

    def _auto_increment_keys(self, table: Table, sa_table: sa.Table, built: dict) -> set:
        """MySQL: an AUTO_INCREMENT column outside the primary key must be the
        first column of a key when CREATE TABLE runs -- a unique key (written
        inside it), else the model's first index that starts with the column,
        which moves inside CREATE TABLE (``sa_table.info["inline_indexes"]``).
        Without either the flag is not carried, with a warning."""
        inline = []
        for sa_column in sa_table.columns:
            if not sa_column.info.get("auto_increment"):
                continue
            if self._is_sa_auto_column(sa_table, sa_column):
                continue  # SQLAlchemy writes it (with a key of its own when needed)
            keyed = any(isinstance(c, sa.UniqueConstraint) and c.columns and list(c.columns)[0] is sa_column
                        for c in sa_table.constraints)
            pk = table.primary_key
            if not keyed:
                column_id = sa_column.info["model"].id
                index = next((i for i in table.indexes if i.elements and i.elements[0].column == column_id
                              and i.id in built), None)
                if index is not None:
                    inline.append(built[index.id])
                    keyed = True
            if keyed or (pk and pk.columns and pk.columns[0] == sa_column.info["model"].id):
                sa_column.info["auto_increment_key"] = True
            else:
                self.warn(f"The AUTO_INCREMENT of column {table.qualified_name}.{sa_column.name} is not carried: "
                          f"{self.target} auto-increments only the first column of a key, and no key starts with it.")
        if inline:
            sa_table.info["inline_indexes"] = inline
        return set(inline)

    def _build_index(self, table: Table, sa_table: sa.Table, index: Index) -> sa.Index | None:
        where = f"index {index.name or '(unnamed)'} on {table.qualified_name}"
        kw: dict = {}
        elements = []
        for element in index.elements:
            built = self._index_element(table, sa_table, element, kw, where)
            if built is None:
                return None
            elements.append(built)
        if not elements:
            return None
        self._index_options(table, index, kw, where)
        # an unnamed index gets PostgreSQL's own choice: table_column..._idx ("expr" for an expression)
        parts = [table.column(e.column).name if e.column else "expr" for e in index.elements]
        name = self._name(index.name) or self._name("_".join([table.name, *parts, "idx"]))
        sa_index = sa.Index(name, *elements, unique=index.unique, **kw)
        sa_table.append_constraint(sa_index)
        return sa_index

    def _index_element(self, table, sa_table, element, kw, where):
        if element.column is not None:
            column = self._sa_column(table.id, element.column)
            if column is None:
                return None
            expr = column
            if element.length is not None:
                if self.target in _MYSQL:
                    kw.setdefault(f"{self.my}_length", {})[column.name] = element.length
                else:
                    self.warn(f"The prefix length of {column.name} in {where} is not carried to {self.target}.")
            if element.opclass and self.target == "postgres" and not (element.collation or element.descending or element.nulls):
                kw.setdefault("postgresql_ops", {})[column.name] = element.opclass
                return expr
        else:
            text = self._fragment(element.expression, f"the expression of {where}")
            if not text:
                return None
            expr = None
        prep = self.dialect.identifier_preparer
        sql = prep.format_column(expr) if expr is not None else f"({text})"
        if expr is not None and not (element.collation or element.opclass or element.descending or element.nulls):
            return expr
        if element.collation:
            if self.same:
                sql += " COLLATE " + ".".join(p if p[:1] in '"`[' else prep.quote(p) for p in element.collation.split("."))
            else:
                self.warn(f"The collation {element.collation} in {where} is not carried to {self.target}.")
        if element.opclass:
            if self.target == "postgres":
                sql += f" {element.opclass}"
            else:
                self.warn(f"The operator class {element.opclass} in {where} is not carried to {self.target}.")
        if element.descending:
            sql += " DESC"
        if element.nulls:
            if self.target in ("postgres",):
                sql += f" NULLS {element.nulls.upper()}"
            else:
                self.warn(f"NULLS {element.nulls.upper()} in {where} is not carried to {self.target}.")
        if expr is not None and element.length is not None and self.target in _MYSQL:
            kw.get(f"{self.my}_length", {}).pop(expr.name, None)
            sql = sql.replace(prep.format_column(expr), f"{prep.format_column(expr)}({element.length})", 1)
        return IndexElementClause(sql)

    def _index_options(self, table: Table, index: Index, kw: dict, where: str) -> None:
        method = (index.method or "").lower()
        t = self.target
        if index.predicate:
            predicate = self._fragment(index.predicate, f"the WHERE of {where}")
            if predicate and t in ("postgres", "sqlite", "mssql"):
                kw[f"{ {'postgres': 'postgresql'}.get(t, t)}_where"] = sa.text(predicate)
            elif predicate:
                self.warn(f"The WHERE clause of {where} is not carried: {t} has no partial indexes.")
        if index.include:
            names = self._column_names(table, index.include) or []
            if t in ("postgres", "mssql"):
                kw[f"{'postgresql' if t == 'postgres' else t}_include"] = names
            else:
                self.warn(f"The INCLUDE columns of {where} are not carried to {t}.")
        if method in ("fulltext", "spatial"):
            if t in _MYSQL:
                kw[f"{self.my}_prefix"] = method.upper()
            else:
                self.warn(f"The {method.upper()} {where} is exported as an ordinary index.")
        elif method and t == "postgres" and (self.same or method in ("btree", "hash")):
            if method != "btree":
                kw["postgresql_using"] = method
        elif method in ("btree", "hash") and t in _MYSQL and self.same:
            kw[f"{self.my}_using"] = method
        elif method and method != "btree":
            self.warn(f"The index method {method} of {where} is not carried to {t}.")
        if index.clustered is not None and t == "mssql" and self.source == "mssql":
            kw["mssql_clustered"] = index.clustered  # (a PostgreSQL CLUSTER mark is no SQL Server clustered index)

    def _cluster_statements(self):
        """PostgreSQL: ``ALTER TABLE t CLUSTER ON index`` for the index a table was clustered on."""
        if self.target != "postgres" or self.source != "postgres":
            return
        for table in self.schema.tables:
            sa_table = self.tables.get(table.id)
            for index in [*table.indexes, *[pk for pk in [table.primary_key] if pk is not None]]:
                if index.clustered and index.name and sa_table is not None:
                    yield ClusterOn(sa_table, self._name(index.name))

    # -- comments
    def _comment_statements(self):
        if self.target not in ("postgres", "mssql"):
            return
        for table in self.schema.tables:
            sa_table = self.tables.get(table.id)
            if sa_table is None:
                continue
            if table.comment:
                yield SetTableComment(sa_table)
            for column in table.columns:
                if column.comment and column.name in sa_table.c:
                    yield SetColumnComment(sa_table.c[column.name])
            if self.target == "postgres":
                for index in table.indexes:
                    if index.comment and index.name:
                        yield CommentOn("INDEX", [self._namespace(table.namespace), self._name(index.name)], index.comment)
        if self.target == "postgres":
            for enum in self.schema.enums:
                if enum.comment:
                    yield CommentOn("TYPE", [self._namespace(enum.namespace), enum.name], enum.comment)
            for ns in self.schema.namespaces:
                if ns.comment:
                    yield CommentOn("SCHEMA", [self._namespace(ns.name)], ns.comment)

    # -- raw objects
    def _function_preamble(self):
        """Functions are kept in source order, so one may call another defined
        later; like pg_dump, let PostgreSQL check SQL-function bodies at run time."""
        if self.target == "postgres" and any(
                raw.dialect == "postgres" and raw_phase(raw.sql, raw.dialect) == "functions" for raw in self.schema.raw):
            yield RawStatement("SET check_function_bodies = false")

    def _raw_statements(self, phase: str):
        tables = {t.name.lower() for t in self.schema.tables}
        for raw in self.schema.raw:
            if raw_phase(raw.sql, raw.dialect) != phase:
                continue
            if any(v is raw for k, v in self.virtual.items() if k in tables):
                continue  # written in place of its table
            if same_family(raw.dialect, self.target):
                yield from self._use(raw.namespace)
                yield RawStatement(raw.sql.strip().rstrip(";").rstrip())
            else:
                label = f"{raw.kind} {raw.name}" if raw.name else f"{raw.kind} at {raw.location}" if raw.location else raw.kind
                self.warn(f"The {label} is {raw.dialect} SQL and is not carried to {self.target}.")


# -- helpers ---------------------------------------------------------------------------------------


def _is_serial(dt: DataType) -> bool:
    return is_serial_type(dt.text)


def _nextval(default: str | None) -> bool:
    """A ``nextval(…)`` default (a sequence-backed column)."""
    return bool(default) and head_keywords(default, "postgres", 2) == ("NEXTVAL", "(")


def _mysql_unsigned(dt: DataType):
    factory = {"tinyint": mysql.TINYINT, "smallint": mysql.SMALLINT, "integer": mysql.INTEGER, "bigint": mysql.BIGINT}.get(dt.kind)
    return factory(unsigned=True) if factory else None


def _calls_functions(text: str, target: str) -> bool:
    """Whether an expression calls a function sqlglot does not know (likely
    user-defined, so it must wait until the functions exist)."""
    import sqlglot

    try:
        tree = sqlglot.parse_one(text, read=SQLGLOT_DIALECT[target])
    except SQLGLOT_FAILURES:
        return False
    return any(True for _ in tree.find_all(sqlglot.exp.Anonymous))


def _calls(text: str, functions: set[str], target: str) -> bool:
    """Whether an expression calls one of ``functions`` (lower-cased bare names)."""
    if not functions:
        return False
    import sqlglot

    try:
        tree = sqlglot.parse_one(text, read=SQLGLOT_DIALECT[target])
    except SQLGLOT_FAILURES:
        return False
    return any(node.name.lower() in functions for node in tree.find_all(sqlglot.exp.Anonymous))


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
