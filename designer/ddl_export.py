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

The model → SQLAlchemy mapping itself (tables, columns, types, constraints,
indexes) is ``tablewright.designer.sa_mapping``, which the migrations planner
uses too; this module turns a whole schema's mapping into ordered statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import (
    AddConstraint,
    CreateIndex,
    CreateSchema,
    CreateSequence,
    CreateTable,
    SetColumnComment,
    SetTableComment,
)

from tablewright.designer.dialects import DEFAULT_NAMESPACE, MYSQL_FAMILY, same_family
from tablewright.designer.errors import InputError
from tablewright.designer.gcpause import paused_gc
from tablewright.designer.model import DIALECTS, Schema, Table
from tablewright.designer.mysql_session import definition
from tablewright.designer.raw_kinds import phase
from tablewright.designer.sa_ddl import (
    AlterSequenceOwnedBy,
    ClusterOn,
    CommentOn,
    CreatePartitionOf,
    EnableRowLevelSecurity,
    RawStatement,
)
from tablewright.designer.sa_mapping import SchemaMapping, _first_line
from tablewright.designer.sql_split import head_keywords, head_words


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


# -- raw objects: which phase they belong to ---------------------------------------------------


def raw_phase(sql: str, dialect: str | None = None) -> str:
    """``pre`` (before tables), ``functions`` (after tables) or ``post`` (:func:`tablewright.designer.raw_kinds.phase`),
    of the statement itself (not the MySQL session set around it: :mod:`tablewright.designer.mysql_session`)."""
    return phase(head_keywords(definition(sql, dialect), dialect))


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


# -- the exporter --------------------------------------------------------------------------------


class _Exporter(SchemaMapping):
    """A whole schema's DDL: the mapping's SQLAlchemy objects as statements, in load order."""

    def __init__(self, schema: Schema, target: str):
        super().__init__(schema, target)
        self.fk_after_tables: list[sa.ForeignKeyConstraint] = []
        self.fk_after_indexes: list[sa.ForeignKeyConstraint] = []
        self.fk_outside: list[sa.ForeignKeyConstraint] = []  # keys to tables the schema does not create
        self._current_database: str | None = None
        self.virtual = self._virtual_tables()  # lower-cased name → raw CREATE VIRTUAL TABLE

    # -- driver
    def run(self) -> ExportResult:
        self.whole = True
        self.build_enums()
        self._build_sequences()
        for table in self.schema.tables:
            self.build_table(table)
        self.plan_names()
        for table in self.schema.tables:
            if table.id in self.tables:
                self.build_constraints(table)
        order = self._plan_foreign_keys()
        for table in self.schema.tables:
            if table.id in self.tables:
                self.build_indexes(table)
        statements = [
            *self._namespace_statements(),
            *self._enum_statements(),
            *self._sequence_statements(),
            *self._raw_statements("pre"),
            *self._table_statements(order),
            *self._late_identities(),
            *(AddConstraint(fk) for fk in self.fk_after_tables),
            *self._function_preamble(),
            *self._raw_statements("functions"),
            *self.after_tables,
            *(AddConstraint(ck) for ck in self.deferred_constraints),
            *self.exclusions,
            *(CreateIndex(ix) for ix in self.indexes),
            *self._cluster_statements(),
            *(AddConstraint(fk) for fk in self.fk_after_indexes),
            *self._ownership_statements(),
            *self._comment_statements(),
            *self._raw_statements("post"),
            *self._outside_statements(),
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

    def _outside_statements(self):
        """The foreign keys to tables the schema does not create, last: PostgreSQL refuses one whose
        table is not there, and the rest of the script is made by then.  MySQL and MariaDB take it
        with foreign_key_checks off, as the dumps that write such keys do (mysqldump's header)."""
        if not self.fk_outside:
            return
        if self.target in _MYSQL:
            yield RawStatement("SET @tw_foreign_key_checks = @@foreign_key_checks, foreign_key_checks = 0")
        yield from (AddConstraint(fk) for fk in self.fk_outside)
        if self.target in _MYSQL:
            yield RawStatement("SET foreign_key_checks = @tw_foreign_key_checks")

    def _compile(self, statement) -> str:
        text = str(statement.compile(dialect=self.dialect)).strip()
        if isinstance(statement, RawStatement) and self.target in _MYSQL and ";" in text:
            # a routine or trigger body: the mysql/mariadb client needs another delimiter
            return f"DELIMITER //\n{text}\n//\nDELIMITER ;"
        return text if text.endswith(";") else text + ";"

    def _namespaces_used(self) -> list[str]:
        seen: list[str] = []
        for obj in [*self.schema.tables, *self.schema.sequences, *self.schema.enums]:
            ns = self.namespace(obj.namespace)
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
            name = self.namespace(ns.name)
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

    def _enum_statements(self):
        for enum in self.enums.values():
            yield postgresql.CreateEnumType(enum)

    def _sequence_statements(self):
        unlogged = {s.id for s in self.schema.sequences if s.unlogged} if self.target == "postgres" else set()
        for seq_id, seq in self.sequences.items():
            if seq_id in unlogged:  # (SQLAlchemy writes no UNLOGGED): its CREATE SEQUENCE, made unlogged
                text = self._compile(CreateSequence(seq))
                yield RawStatement("CREATE UNLOGGED SEQUENCE" + text.rstrip(";")[len("CREATE SEQUENCE"):])
            else:
                yield CreateSequence(seq)

    def _late_identities(self):
        """PostgreSQL: an identity column whose sequence has a name of its own (kept from a table or column
        renamed since it was made: not the one the engine would give it now) is made as pg_dump makes it,
        ``ALTER TABLE t ALTER COLUMN c ADD GENERATED … AS IDENTITY (SEQUENCE NAME s …)`` after the tables:
        made inline it would take the engine's name, which another table's sequence may hold."""
        if self.target != "postgres":
            return
        prep = self.dialect.identifier_preparer
        for table in self.schema.tables:
            for column in table.columns:
                ident = column.identity
                sa_column = self._sa_column(table.id, column.id) if ident is not None and ident.sequence else None
                if sa_column is None or sa_column.identity is not None:
                    continue
                where = f"{prep.quote_schema(sa_column.table.schema)}." if sa_column.table.schema else ""
                options = [f"SEQUENCE NAME {where}{prep.quote(ident.sequence)}"]
                options += [f"{word} {value}" for word, value in (
                    ("START WITH", ident.start), ("INCREMENT BY", ident.increment), ("MINVALUE", ident.min_value),
                    ("MAXVALUE", ident.max_value), ("CACHE", ident.cache)) if value is not None]
                options += ["CYCLE"] if ident.cycle else []
                yield RawStatement(f"ALTER TABLE {where}{prep.quote(sa_column.table.name)} ALTER COLUMN "
                                   f"{prep.quote(sa_column.name)} ADD GENERATED "
                                   f"{'ALWAYS' if ident.always else 'BY DEFAULT'} AS IDENTITY ({' '.join(options)})")

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

    def _use(self, namespace: str | None):
        """MySQL/MariaDB: ``USE db`` before a verbatim statement whose unqualified
        names resolved in database ``db`` where it was read (a routine, trigger or
        view), so the export loads with ``mysql < file`` as its source did."""
        database = self.namespace(namespace) if namespace else None
        if self.target == "postgres":
            # an element of CREATE SCHEMA s (a view kept verbatim): PostgreSQL ran it with s first on the
            # search path, so it is written the same way, and the path is reset after it
            if database == self._current_database:
                return
            self._current_database = database
            quote = self.dialect.identifier_preparer.quote
            yield RawStatement(f'SET search_path TO {quote(database)}, "$user", public' if database
                               else "RESET search_path")
            return
        if self.target not in _MYSQL or not database or database == self._current_database:
            return
        self._current_database = database
        yield RawStatement(f"USE {self.dialect.identifier_preparer.quote(database)}")

    def _plan_foreign_keys(self) -> list[str]:
        """Table ids in creation order; move the foreign keys that cannot be
        written inline into ``fk_after_tables`` / ``fk_after_indexes``."""
        position = {t.id: i for i, t in enumerate(self.schema.tables) if t.id in self.tables}
        # SQLAlchemy keeps a table's foreign keys in a set: in the order they were built, or the
        # ALTER TABLE ... ADD CONSTRAINT statements come out in a different order on each run
        fks = [c for t in self.tables.values()
               for c in sorted(t.foreign_key_constraints, key=lambda c: c._creation_order)]
        outside = [fk for fk in fks if fk.info.get("outside")]
        fks = [fk for fk in fks if not fk.info.get("outside")]
        if self.target != "sqlite":  # SQLite checks a key's table only when a row is written: inline
            for fk in outside:
                self._move_fk(fk, self.fk_outside)
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
        tables = [self.schema.table(table_id) for table_id in order]
        written_raw = {t.name.lower() for t in tables if t.name.lower() in self.virtual}
        for table_id in order:
            sa_table = self.tables[table_id]
            inline = [fk for fk in sa_table.foreign_key_constraints if not fk.use_alter]
            table = self.schema.table(table_id)
            if str(table.options.extra.get("shadow_of", "")).lower() in written_raw:
                continue  # the engine makes it with its virtual table
            parent = self._tables_by_id([table.options.partition_of]) if table.options.partition_of else []
            if table.options.partition_of and not parent:
                self.warn(f"The parent table of partition {table.qualified_name} is not in the schema; "
                          "it is written as a table of its own.", table.qualified_name)
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
        deferred = set(self.deferred_constraints)
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
                          "takes its definition from the parent table; its own default/NOT NULL is not exported.",
                          f"{table.qualified_name}.{column.name}", table.qualified_name)

    def _cluster_statements(self):
        """PostgreSQL: ``ALTER TABLE t CLUSTER ON index`` for the index a table was clustered on."""
        if self.target != "postgres" or self.source != "postgres":
            return
        for table in self.schema.tables:
            sa_table = self.tables.get(table.id)
            for index in [*table.indexes, *[pk for pk in [table.primary_key] if pk is not None]]:
                if index.clustered and index.name and sa_table is not None:
                    yield ClusterOn(sa_table, self.name_of(table, index))

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
                        yield CommentOn("INDEX", [self.namespace(table.namespace), self.name_of(table, index)], index.comment)
        if self.target == "postgres":
            for enum in self.schema.enums:
                if enum.comment:
                    yield CommentOn("TYPE", [self.namespace(enum.namespace), enum.name], enum.comment)
            for ns in self.schema.namespaces:
                if ns.comment:
                    yield CommentOn("SCHEMA", [self.namespace(ns.name)], ns.comment)

    # -- raw objects
    def _function_preamble(self):
        """Functions are kept in source order, so one may call another defined
        later; like pg_dump, let PostgreSQL check SQL-function bodies at run time."""
        if self.target == "postgres" and any(
                raw.dialect == "postgres" and raw_phase(raw.sql, raw.dialect) == "functions" for raw in self.schema.raw):
            yield RawStatement("SET check_function_bodies = false")

    def _raw_statements(self, phase: str):
        from tablewright.designer.migrations.raw import in_dependency_order  # noqa: PLC0415 (imports much)

        tables = {t.name.lower() for t in self.schema.tables}
        raws = [raw for raw in self.schema.raw if raw_phase(raw.sql, raw.dialect) == phase]
        for raw in in_dependency_order(self.schema, raws) if phase == "post" else raws:
            if any(v is raw for k, v in self.virtual.items() if k in tables):
                continue  # written in place of its table
            if same_family(raw.dialect, self.target):
                yield from self._use(raw.namespace)
                yield RawStatement(raw.sql.strip().rstrip(";").rstrip())
            else:
                label = f"{raw.kind} {raw.name}" if raw.name else f"{raw.kind} at {raw.location}" if raw.location else raw.kind
                self.warn(f"The {label} is {raw.dialect} SQL and is not carried to {self.target}.",
                          raw.name or str(raw.location or ""))
        if self.target == "postgres":
            yield from self._use(None)  # the search path as it was, for what follows
