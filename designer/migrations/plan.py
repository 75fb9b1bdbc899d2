"""Migration ops → Alembic operation objects for one dialect, in their safe form.

Both outputs start here: ``render_sql`` runs the steps through Alembic in
offline (``as_sql``) mode, ``render_alembic`` renders the very same operation
objects as a revision file.  One small function per op type
(``functools.singledispatch``) says what the op becomes; SQLAlchemy types,
columns and constraints come from ``tablewright.designer.sa_mapping`` (the model →
SQLAlchemy mapping DDL export uses too), Alembic's per-dialect implementations
write the ALTERs (MySQL's MODIFY with the full column, PostgreSQL's USING …).

What is written by hand is only what no library does: the safe-form wrappers.

- PostgreSQL: indexes on existing tables ``CONCURRENTLY`` outside the
  transaction; foreign keys and checks ``NOT VALID`` then ``VALIDATE`` after it;
  ``SET NOT NULL`` through a validated ``CHECK (c IS NOT NULL)``; a backfill
  ``UPDATE … WHERE c IS NULL`` before a column with a default becomes NOT NULL;
  ``USING c::type`` on type changes; enum values added outside the transaction,
  removed by re-creating the type.
- MySQL/MariaDB: ``ALGORITHM=INPLACE, LOCK=NONE`` (``INSTANT`` for added
  columns) on the statements the engine can do online; backfill before NOT NULL.
- SQLite: what ALTER TABLE cannot do is a table rebuild (create new, copy,
  drop, rename), the whole script in one transaction, foreign keys checked.

Each step remembers the index of the op it came from, so findings can point at
the SQL lines of their op.
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass, field
from functools import singledispatch

import sqlalchemy as sa
from alembic.operations import ops as aops

from tablewright.designer.dialects import MYSQL_FAMILY, sa_dialect, shared_sa_dialect
from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations import raw as kept
from tablewright.designer.migrations.raw import analyse as analyse_raw
from tablewright.designer.model import DIALECTS, Column, Schema, Table, split_qualified
from tablewright.designer.sa_mapping import SchemaMapping, is_nextval
from tablewright.designer.sql_split import SQLGLOT_FAILURES, head_words

MYSQL = MYSQL_FAMILY
#: modes: "pre" before the transaction (never inside one), "main" inside it, "post" after it (one
#: statement at a time), "outside" after it and never inside any transaction
MODES = ("pre", "main", "post", "outside")


@dataclass
class Step:
    op: aops.MigrateOperation
    mode: str = "main"
    index: int | None = None  # the migration op it comes from
    table_id: str | None = None


@dataclass
class PlanOptions:
    lock_timeout: str = "5s"
    statement_timeout: str = "5min"


@dataclass
class Plan:
    dialect: str
    steps: list[Step] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rebuilt: set[str] = field(default_factory=set)  # ids of the tables rebuilt (SQLite)


def plan(ops: list[o.MigrateOp], start: Schema, dialect: str) -> Plan:
    """The Alembic operations that carry out ``ops`` on ``start`` for ``dialect``."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}")
    return _Planner(ops, start, dialect).run()


class _Planner:
    def __init__(self, ops, start: Schema, dialect: str):
        self.ops = ops
        # the model as the script goes along: ``start`` itself until an op is
        # applied to it (copied then: a one-op plan, a lint fix's, copies nothing)
        self.state = start
        self._own_state = False
        self.dialect = dialect
        self.sa_dialect = shared_sa_dialect(dialect)
        self.result = Plan(dialect)
        self.created: set[str] = set()  # tables created by this script (empty: no safe forms needed)
        self.created_sequences: set[str] = set()
        self.inside: dict[int, int] = {}  # sequence ops run inside a column's step (_sequence_ops_inside)
        self.dropped_later = {op.table.id for op in ops if isinstance(op, o.DropTable)}
        self.index = 0
        self.after: Schema | None = None

    def run(self) -> Plan:
        self.inside = _sequence_ops_inside(self.ops) if self.dialect == "postgres" else {}
        last = len(self.ops) - 1
        for i, op in enumerate(self.ops):
            self.index = i
            self.after = None
            _plan(op, self)
            if self.after is not None:
                self.state, self._own_state = self.after, True
            elif i < last:  # the state after the last op is not read
                if not self._own_state:
                    self.state, self._own_state = copy.deepcopy(self.state), True
                op.apply(self.state)
            if isinstance(op, o.CreateTable):
                self.created.add(op.table.id)
            elif isinstance(op, o.CreateSequence):
                self.created_sequences.add(op.sequence.id)
        return self.result

    # -- emitting
    def emit(self, op, mode: str = "main", table_id: str | None = None) -> None:
        self.result.steps.append(Step(op, mode, self.index, table_id or o.op_table(self.ops[self.index])))

    def sql(self, text: str, mode: str = "main") -> None:
        self.emit(aops.ExecuteSQLOp(text), mode)

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)

    @property
    def pg(self) -> bool:
        return self.dialect == "postgres"

    @property
    def mysql(self) -> bool:
        return self.dialect in MYSQL

    @property
    def sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def existing(self, table_id: str) -> bool:
        """A table that holds rows (not created by this script)."""
        return table_id not in self.created

    # -- SQLAlchemy objects from the model (the mapping DDL export uses: designer.sa_mapping)
    def exporter(self, schema: Schema, table: Table) -> SchemaMapping:
        ex = SchemaMapping(schema, self.dialect)
        ex.build_enums()
        refs = {fk.ref_table for fk in table.foreign_keys}
        for t in schema.tables:
            if t.id in refs and t.id != table.id:
                ex.build_table(t)
        ex.build_table(table)
        ex.build_constraints(table)
        ex.build_indexes(table)
        self.result.warnings.extend(w for w in ex.warnings if w not in self.result.warnings)
        return ex

    def sa_table(self, table: Table, schema: Schema | None = None) -> sa.Table:
        return self.exporter(schema or self.state, table).tables[table.id]

    def only(self, table_id: str, obj=None, schema: Schema | None = None) -> sa.Table:
        """The table with just one constraint or index (or none), and of its
        columns those the constraint or index names: what Alembic's
        ``from_constraint``/``from_index`` constructors need."""
        schema = schema or self.state
        table = copy.copy(schema.table(table_id))  # its lists are replaced, not changed
        used = _columns_named(obj)
        if used is not None and isinstance(obj, o.ForeignKey) and obj.ref_table == table_id:
            used = used | set(obj.ref_columns)  # a self-reference keeps the columns it refers to
        if used is not None:
            table.columns = [c for c in table.columns if c.id in used]
        table.primary_key = None
        table.foreign_keys = [obj] if isinstance(obj, o.ForeignKey) else []
        table.uniques = [obj] if isinstance(obj, o.UniqueConstraint) else []
        table.checks = [obj] if isinstance(obj, o.CheckConstraint) else []
        table.indexes = [obj] if isinstance(obj, o.Index) else []
        if isinstance(obj, o.PrimaryKey):
            table.primary_key = obj
        return self.sa_table(table, schema)

    def sa_column(self, table: Table, column: Column) -> sa.Column:
        table = copy.copy(table)  # its lists are replaced, not changed (as in only)
        table.columns = [column]
        table.primary_key, table.foreign_keys, table.uniques, table.checks, table.indexes = None, [], [], [], []
        return self.sa_table(table).c[column.name]

    def names(self, table_id: str, state: Schema | None = None) -> tuple[str, str | None]:
        state = state or self.state
        t = state.table(table_id)
        ex = SchemaMapping(state, self.dialect)
        return t.name, ex.namespace(t.namespace)

    def quote_table(self, table_id: str, state: Schema | None = None) -> str:
        name, schema = self.names(table_id, state)
        prep = self.sa_dialect.identifier_preparer
        return (prep.quote_schema(schema) + "." if schema else "") + prep.quote(name)

    def quote(self, name: str) -> str:
        return self.sa_dialect.identifier_preparer.quote(name)

    def type_sql(self, table: Table, column: Column) -> str:
        return self.sa_column(table, column).type.compile(dialect=self.sa_dialect)

    def default_sql(self, table: Table, column: Column) -> str | None:
        col = self.sa_column(table, column)
        return str(col.server_default.arg.text) if col.server_default is not None else None

    def constraint_name(self, table_id: str, obj, suffix: str) -> str:
        """The name an unnamed constraint has (PostgreSQL's convention), or the one it is given."""
        if obj.name:
            return obj.name
        table = self.state.table(table_id)
        cols = table.column_names(obj.columns) if getattr(obj, "columns", None) else [
            table.column(obj.column).name if getattr(obj, "column", None) else ""]
        return "_".join([table.name, *[c for c in cols if c], suffix])[:63] if suffix != "pkey" else f"{table.name}_pkey"[:63]

    def after_transaction(self) -> Schema:
        """The model now with the renames and moves that come later in the
        script applied: the names in force when the steps that run after the
        transaction ("post", "outside") run; the renames run inside it."""
        later = [op for op in self.ops[self.index + 1:] if isinstance(op, (o.RenameTable, o.RenameColumn, o.MoveTable))]
        if not later:
            return self.state
        state = copy.deepcopy(self.state)
        for op in later:
            try:
                op.apply(state)
            except KeyError:  # a table or column this script creates later
                pass
        return state

    # -- SQLite table rebuild
    def rebuild(self, op: o.MigrateOp, backfill: dict[str, str] | None = None) -> None:
        """SQLite: create the table as it is after ``op``, copy the rows, drop
        the old one, rename the new one, re-create its indexes."""
        after = copy.deepcopy(self.state)
        op.apply(after)
        self.after = after
        old_t = self.state.table(o.op_table(op))
        self.result.rebuilt.add(old_t.id)
        new_t = after.table(old_t.id)
        temp = copy.deepcopy(new_t)
        temp.name = f"_tw_new_{new_t.name}"
        # an id of its own: a self-referencing foreign key then refers to the table by the name it
        # has after the rename (SQLite, with legacy_alter_table, leaves REFERENCES text as written)
        temp.id = f"{new_t.id}__rebuilt"
        temp.indexes = []
        sa_new = self.sa_table(temp, after)
        old_cols = {c.id: c for c in old_t.columns}
        kept = [c for c in new_t.columns if c.id in old_cols]
        targets = ", ".join(self.quote(c.name) for c in kept)
        sources = []
        for c in kept:
            expr = self.quote(old_cols[c.id].name)
            if backfill and c.id in backfill:
                expr = f"COALESCE({expr}, {backfill[c.id]})"
            sources.append(expr)
        self.emit(_create_table(sa_new))
        if kept:
            self.sql(f"INSERT INTO {self.quote(temp.name)} ({targets}) SELECT {', '.join(sources)} "
                     f"FROM {self.quote(old_t.name)}")
        self.sql(f"DROP TABLE {self.quote(old_t.name)}")
        # views and other tables' triggers name the table: SQLite's legacy rename
        # neither checks nor rewrites them (the modern one fails on a view of the
        # dropped table), and afterwards they find the new table under that name
        self.sql("PRAGMA legacy_alter_table = ON")
        self.sql(f"ALTER TABLE {self.quote(temp.name)} RENAME TO {self.quote(new_t.name)}")
        self.sql("PRAGMA legacy_alter_table = OFF")
        for index in new_t.indexes:
            sa_index = _index_of(self.only(new_t.id, index, after))
            if sa_index is not None:
                self.emit(aops.CreateIndexOp.from_index(sa_index))
        # the table's own triggers (and indexes kept verbatim) went with DROP TABLE
        for raw in self.state.raw:
            target = analyse_raw(raw).target if raw.kind in ("trigger", "index") else None
            if target is not None and target[1] == old_t.name.lower():
                if new_t.name.lower() == old_t.name.lower():
                    self.sql(raw.sql.strip().rstrip(";").rstrip())
                else:
                    self.warn(f"the {raw.kind} {raw.name or ''} on {old_t.name} is not re-created: the table "
                              f"is now {new_t.name}")


def _create_table(table: sa.Table) -> aops.CreateTableOp:
    """Alembic's ``CreateTableOp.from_table`` with the constraints in the order
    they were made (it takes them from a set: their order in CREATE TABLE
    changed from run to run)."""
    op = aops.CreateTableOp.from_table(table)
    op.columns = [*table.c, *table._sorted_constraints]
    return op


def _columns_named(obj) -> set[str] | None:
    """The ids of the columns a key, check or index names (None: no object, all columns)."""
    if obj is None:
        return None
    if isinstance(obj, o.Index):
        return {e.column for e in obj.elements if e.column} | set(obj.include)
    if isinstance(obj, o.CheckConstraint):
        return {obj.column} if obj.column else set()
    return set(obj.columns)


def _index_of(table: sa.Table) -> sa.Index | None:
    """The one index built by :meth:`_Planner.only`; None when the exporter
    could not build it (it said why in a warning)."""
    return next(iter(table.indexes), None)


def _constraint_of(table: sa.Table, kind):
    """The one constraint of ``kind`` on ``table`` built by :meth:`_Planner.only`;
    None when the exporter could not build it (it said why in a warning: a
    foreign key to a table not in the schema, a key without columns)."""
    return next((c for c in table.constraints if isinstance(c, kind) and
                 (not isinstance(c, sa.PrimaryKeyConstraint) or c.columns)), None)


def _online(text: str, clause: str) -> aops.ExecuteSQLOp:
    return aops.ExecuteSQLOp(f"{text}, {clause}" if text.upper().startswith("ALTER TABLE") else f"{text} {clause.replace(',', '')}")


def compile_op(op: aops.MigrateOperation, dialect: str) -> list[str]:
    """The SQL statements Alembic writes for one operation (offline mode)."""
    operations, buffer = _offline(dialect)
    buffer.statements = []
    operations.invoke(op)
    return buffer.statements


_offline_contexts = threading.local()


def _offline(dialect: str) -> tuple:
    """One offline Alembic context per dialect and thread, kept: configuring
    one builds Alembic's version table (~0.3 ms, more than most statements
    take to compile), and lint fixes compile a few statements each."""
    cached = _offline_contexts.__dict__.get(dialect)
    if cached is None:
        from alembic.operations import Operations
        from alembic.runtime.migration import MigrationContext

        buffer = _Statements()
        target = sa_dialect(dialect)
        # the script is read by the engine's own client, not a DB-API driver: a % is a % (the
        # pyformat drivers' doubling, '%%', would reach the database as written)
        target.identifier_preparer._double_percents = False
        ctx = MigrationContext.configure(dialect=target,
                                         opts={"as_sql": True, "output_buffer": buffer, "literal_binds": True})
        cached = _offline_contexts.__dict__[dialect] = (Operations(ctx), buffer)
    return cached


class _Statements:
    def __init__(self):
        self.statements: list[str] = []

    def write(self, text: str) -> None:
        text = text.strip()
        if text:
            self.statements.append(text.rstrip(";").rstrip())

    def flush(self) -> None:
        pass


# -- one function per op type ---------------------------------------------------------------------


@singledispatch
def _plan(op, p: _Planner) -> None:
    raise NotImplementedError(f"no plan for {type(op).__name__}")


@_plan.register
def _(op: o.CreateNamespace, p: _Planner):
    if p.sqlite:
        return
    p.sql(f"CREATE SCHEMA IF NOT EXISTS {p.quote(op.namespace.name)}")


@_plan.register
def _(op: o.DropNamespace, p: _Planner):
    if p.sqlite:
        return
    p.sql(f"DROP SCHEMA {p.quote(op.namespace.name)}")


@_plan.register
def _(op: o.CreateTable, p: _Planner):
    p.emit(_create_table(p.sa_table(op.table)))
    if op.table.comment and p.pg:
        pass  # CREATE TABLE carries it (COMMENT ON is emitted by Alembic's create_table)


@_plan.register
def _(op: o.DropTable, p: _Planner):
    p.emit(aops.DropTableOp.from_table(p.sa_table(p.state.table(op.table.id))))


@_plan.register
def _(op: o.RenameTable, p: _Planner):
    name, schema = p.names(op.table_id)
    p.emit(aops.RenameTableOp(name, op.new_name, schema=schema))


@_plan.register
def _(op: o.MoveTable, p: _Planner):
    if p.sqlite:
        p.warn(f"SQLite has no schemas: moving {op.table_id} to {op.new_namespace} is left out.")
        return
    name, _ = p.names(op.table_id)
    target = op.new_namespace or ("public" if p.pg else None)
    if p.pg:
        p.sql(f"ALTER TABLE {p.quote_table(op.table_id)} SET SCHEMA {p.quote(target)}")
    elif target:
        p.sql(f"RENAME TABLE {p.quote_table(op.table_id)} TO {p.quote(target)}.{p.quote(name)}")


@_plan.register
def _(op: o.SetTableComment, p: _Planner):
    if p.sqlite:
        return
    name, schema = p.names(op.table_id)
    if op.new is None:
        p.emit(aops.DropTableCommentOp(name, schema=schema, existing_comment=op.old))
    else:
        p.emit(aops.CreateTableCommentOp(name, op.new, schema=schema, existing_comment=op.old))


@_plan.register
def _(op: o.AddColumn, p: _Planner):
    table = p.state.table(op.table_id)
    column = p.sa_column(table, op.column)
    name, schema = p.names(op.table_id)
    if p.sqlite and (not op.column.nullable and op.column.default is None or op.position is not None
                     and op.position < len(table.columns)):
        return p.rebuild(op)  # SQLite appends only, and needs a default for NOT NULL
    add = aops.AddColumnOp.from_column_and_tablename(schema, name, column)
    if p.mysql and p.existing(op.table_id):
        text = compile_op(add, p.dialect)[0]
        if op.position is not None and op.position < len(table.columns):
            before = table.columns[op.position - 1].name if op.position else None
            text += f" AFTER {p.quote(before)}" if before else " FIRST"
        p.emit(_online(text, "ALGORITHM=INSTANT" if p.dialect == "mariadb" else "ALGORITHM=INPLACE, LOCK=NONE"))
    else:
        p.emit(add)


@_plan.register
def _(op: o.DropColumn, p: _Planner):
    table = p.state.table(op.table_id)
    if p.sqlite and (table.primary_key and op.column.id in table.primary_key.columns):
        return p.rebuild(op)
    name, schema = p.names(op.table_id)
    drop = aops.DropColumnOp.from_column_and_tablename(schema, name, p.sa_column(table, table.column(op.column.id)))
    if p.mysql and p.existing(op.table_id):
        p.emit(_online(compile_op(drop, p.dialect)[0], "ALGORITHM=INPLACE, LOCK=NONE"))
    else:
        p.emit(drop)


@_plan.register
def _(op: o.RenameColumn, p: _Planner):
    table = p.state.table(op.table_id)
    column = table.column(op.column_id)
    name, schema = p.names(op.table_id)
    if p.mysql:
        p.emit(_online(f"ALTER TABLE {p.quote_table(op.table_id)} RENAME COLUMN {p.quote(op.old_name)} "
                       f"TO {p.quote(op.new_name)}", "ALGORITHM=INPLACE, LOCK=NONE"))
        return
    sa_col = p.sa_column(table, column)
    p.emit(aops.AlterColumnOp(name, op.old_name, schema=schema, modify_name=op.new_name,
                              existing_type=sa_col.type, existing_nullable=column.nullable))


@_plan.register
def _(op: o.AlterColumn, p: _Planner):
    changes = op.changes()
    table = p.state.table(op.table_id)
    if p.sqlite:
        backfill = {}
        if "nullable" in changes and not op.after.nullable and _fills(op.after):
            after_state = copy.deepcopy(p.state)
            op.apply(after_state)
            backfill[op.after.id] = p.default_sql(after_state.table(op.table_id), op.after) or "NULL"
        return p.rebuild(op, backfill)
    name, schema = p.names(op.table_id)
    col_name = table.column(op.after.id).name
    before = p.sa_column(table, replace_name(op.before, col_name))
    after = p.sa_column(table, replace_name(op.after, col_name))
    # identity is not a default here: it is dropped and added by the statements below
    # (handing Alembic an Identity as a server default trips its identity comparison)
    existing = dict(existing_type=before.type, existing_nullable=op.before.nullable,
                    existing_server_default=_plain_default(before), existing_comment=op.before.comment)
    qt, qc = p.quote_table(op.table_id), p.quote(col_name)
    default = op.before.default  # the default in force
    if "identity" in changes and p.pg:
        if op.before.identity is not None:
            p.sql(f"ALTER TABLE {qt} ALTER COLUMN {qc} DROP IDENTITY IF EXISTS")
            _sequence_op_here(p)  # the sequence of the default that follows (it may take the identity's name)
    if "type" in changes or "collation" in changes or "charset" in changes:
        kw = {}
        if p.pg:
            kw["postgresql_using"] = f"{qc}::{after.type.compile(dialect=p.sa_dialect)}"
            if default is not None:  # the old default may not cast: set again below
                p.emit(aops.AlterColumnOp(name, col_name, schema=schema, modify_server_default=None, **existing))
                existing["existing_server_default"], default = None, None
        p.emit(aops.AlterColumnOp(name, col_name, schema=schema, modify_type=after.type, **existing, **kw))
        existing["existing_type"] = after.type
    if op.after.default != default:
        p.emit(aops.AlterColumnOp(name, col_name, schema=schema, modify_server_default=_plain_default(after),
                                  **existing))
        existing["existing_server_default"] = _plain_default(after)
    if "comment" in changes and not p.sqlite:
        p.emit(aops.AlterColumnOp(name, col_name, schema=schema, modify_comment=op.after.comment, **existing))
        existing["existing_comment"] = op.after.comment
    if "nullable" in changes:
        _nullability(op, p, name, schema, col_name, after, existing)
    if "identity" in changes and p.pg and op.after.identity is not None:
        _sequence_op_here(p)  # the old default's sequence goes first: the identity's own takes its name
        kind = "ALWAYS" if op.after.identity.always else "BY DEFAULT"
        p.sql(f"ALTER TABLE {qt} ALTER COLUMN {qc} ADD GENERATED {kind} AS IDENTITY")
        if p.existing(op.table_id):  # the rows keep their values: the identity goes on after the largest
            # (RESTART needs a constant, hence EXECUTE; pg_get_serial_sequence would find a serial's old sequence)
            alter = f"ALTER TABLE {qt} ALTER COLUMN {qc}".replace("%", "%%").replace("'", "''")
            p.sql(f"DO $tw$ BEGIN EXECUTE format('{alter} RESTART WITH %s', "
                  f"(SELECT COALESCE(MAX({qc}), 0) + 1 FROM {qt})); END $tw$")
    elif "identity" in changes or "autoincrement" in changes and not p.pg:
        p.warn(f"The identity/auto-increment change of {table.name}.{col_name} is not carried to {p.dialect}.")


def _plain_default(column: sa.Column):
    """The column's server default, unless it is an identity (``sa.Identity``)."""
    default = column.server_default
    return None if isinstance(default, sa.Identity) else default


def replace_name(column: Column, name: str) -> Column:
    column = copy.deepcopy(column)
    column.name = name
    return column


def _nullability(op: o.AlterColumn, p: _Planner, name, schema, col_name, after, existing):
    if op.after.nullable:
        p.emit(aops.AlterColumnOp(name, col_name, schema=schema, modify_nullable=True, **existing))
        return
    existing_rows = p.existing(op.table_id)
    mode = "post" if p.pg and existing_rows else "main"
    state = p.after_transaction() if mode == "post" else p.state  # the names in force when it runs
    name, schema = p.names(op.table_id, state)
    col_name = state.table(op.table_id).column(op.after.id).name
    qt, qc = p.quote_table(op.table_id, state), p.quote(col_name)
    # the default as written for the target: none when the export left it out (it said why) or
    # made the column an identity (SQL Server, from a nextval() default), which fills no old rows
    fill = getattr(getattr(after.server_default, "arg", None), "text", None)
    if _fills(op.after) and existing_rows and fill is not None:
        p.sql(f"UPDATE {qt} SET {qc} = {fill} WHERE {qc} IS NULL", mode)
    elif op.after.default is not None:  # DEFAULT NULL: a NOT NULL column cannot keep it (MySQL's MODIFY repeats it)
        existing = {**existing, "existing_server_default": None}
    if p.pg and existing_rows:
        check = _short(f"{name}_{col_name}_not_null")
        p.sql(f"ALTER TABLE {qt} ADD CONSTRAINT {p.quote(check)} CHECK ({qc} IS NOT NULL) NOT VALID", mode)
        p.sql(f"ALTER TABLE {qt} VALIDATE CONSTRAINT {p.quote(check)}", mode)
        p.emit(aops.AlterColumnOp(name, col_name, schema=schema, modify_nullable=False, **existing), mode)
        p.sql(f"ALTER TABLE {qt} DROP CONSTRAINT {p.quote(check)}", mode)
    else:
        p.emit(aops.AlterColumnOp(name, col_name, schema=schema, modify_nullable=False, **existing), mode)


def _fills(column: Column) -> bool:
    """Whether the column's default gives its NULLs a value (``DEFAULT NULL`` does not)."""
    return column.default is not None and column.default.strip().upper() != "NULL"


def _short(name: str) -> str:
    return name[:63]


@_plan.register
def _(op: o.AddPrimaryKey, p: _Planner):
    if p.sqlite:
        return p.rebuild(op)
    constraint = _constraint_of(p.only(op.table_id, op.key), sa.PrimaryKeyConstraint)
    if constraint is not None and constraint.info.get("lengths"):
        # MySQL prefix lengths (``name(10)``): Alembic's op rebuilds the key from column names
        p.emit(aops.ExecuteSQLOp(str(sa.schema.AddConstraint(constraint).compile(dialect=p.sa_dialect)).strip()))
    elif constraint is not None:
        p.emit(aops.AddConstraintOp.from_constraint(constraint))


@_plan.register
def _(op: o.DropPrimaryKey, p: _Planner):
    if p.sqlite:
        return p.rebuild(op)
    constraint = _constraint_of(p.only(op.table_id, op.key), sa.PrimaryKeyConstraint)
    if constraint is None:
        return
    if constraint.name is None:
        constraint.name = p.constraint_name(op.table_id, op.key, "pkey") if p.pg else "PRIMARY"
    p.emit(aops.DropConstraintOp.from_constraint(constraint))


def _add_constraint(op, p: _Planner, kind, suffix: str, validate: bool):
    if p.sqlite:
        return p.rebuild(op)
    obj = copy.deepcopy(op.key if hasattr(op, "key") else op.check)
    if obj.name is None:  # named, so a later script can drop it by name
        obj.name = p.constraint_name(op.table_id, obj, suffix)
    constraint = _constraint_of(p.only(op.table_id, obj), kind)
    if constraint is None:
        return
    # (PostgreSQL refuses a NOT VALID foreign key on a partitioned table: it is added validated there)
    safe = validate and p.pg and p.existing(op.table_id) and not (
        kind is sa.ForeignKeyConstraint and p.state.table(op.table_id).options.partition_by)
    if safe:
        constraint.dialect_options["postgresql"]["not_valid"] = True
    p.emit(aops.AddConstraintOp.from_constraint(constraint))
    if safe:
        p.sql(f"ALTER TABLE {p.quote_table(op.table_id, p.after_transaction())} VALIDATE CONSTRAINT {p.quote(obj.name)}",
              "post")


def _drop_constraint(op, p: _Planner, kind, suffix: str):
    if p.sqlite:
        return p.rebuild(op)
    obj = op.key if hasattr(op, "key") else op.check
    constraint = _constraint_of(p.only(op.table_id, obj), kind)
    if constraint is None:
        return
    if constraint.name is None:
        constraint.name = p.constraint_name(op.table_id, obj, suffix)
    p.emit(aops.DropConstraintOp.from_constraint(constraint))


@_plan.register
def _(op: o.AddForeignKey, p: _Planner):
    _add_constraint(op, p, sa.ForeignKeyConstraint, "fkey", validate=True)


@_plan.register
def _(op: o.DropForeignKey, p: _Planner):
    if p.sqlite and op.table_id in p.dropped_later:
        return p.rebuild(op)
    _drop_constraint(op, p, sa.ForeignKeyConstraint, "fkey")


@_plan.register
def _(op: o.AddUnique, p: _Planner):
    if p.pg and p.existing(op.table_id):
        # build the index without blocking writes, then make it the constraint
        key = op.key
        name = p.constraint_name(op.table_id, key, "key")
        state = p.after_transaction()  # both run after it
        qt = p.quote_table(op.table_id, state)
        cols = ", ".join(p.quote(c) for c in state.table(op.table_id).column_names(key.columns))
        p.sql(f"CREATE UNIQUE INDEX CONCURRENTLY {p.quote(name)} ON {qt} ({cols})", "outside")
        p.sql(f"ALTER TABLE {qt} ADD CONSTRAINT {p.quote(name)} UNIQUE USING INDEX {p.quote(name)}", "post")
        return
    _add_constraint(op, p, sa.UniqueConstraint, "key", validate=False)


@_plan.register
def _(op: o.DropUnique, p: _Planner):
    _drop_constraint(op, p, sa.UniqueConstraint, "key")


@_plan.register
def _(op: o.AddCheck, p: _Planner):
    _add_constraint(op, p, sa.CheckConstraint, "check", validate=True)


@_plan.register
def _(op: o.DropCheck, p: _Planner):
    _drop_constraint(op, p, sa.CheckConstraint, "check")


@_plan.register
def _(op: o.CreateIndex, p: _Planner):
    existing = p.existing(op.table_id)
    # only() gives the table just this index, so the state before the op serves
    index = _index_of(p.only(op.table_id, op.index, p.after_transaction() if p.pg and existing else None))
    if index is None:
        return
    if p.pg and existing:
        index.dialect_options["postgresql"]["concurrently"] = True
        p.emit(aops.CreateIndexOp.from_index(index), "outside")
    elif p.mysql and existing and (op.index.method or "").lower() not in ("fulltext", "spatial"):
        p.emit(_online(compile_op(aops.CreateIndexOp.from_index(index), p.dialect)[0], "ALGORITHM=INPLACE LOCK=NONE"))
    else:
        p.emit(aops.CreateIndexOp.from_index(index))


@_plan.register
def _(op: o.DropIndex, p: _Planner):
    if op.table_id in p.dropped_later:
        return  # goes with its table
    index = _index_of(p.only(op.table_id, op.index))
    if index is None:
        return
    if p.pg and p.existing(op.table_id):
        index.dialect_options["postgresql"]["concurrently"] = True
        p.emit(aops.DropIndexOp.from_index(index), "pre")  # before anything that needs it gone
    elif p.mysql and p.existing(op.table_id):
        p.emit(_online(f"ALTER TABLE {p.quote_table(op.table_id)} DROP INDEX {p.quote(index.name)}",
                       "ALGORITHM=INPLACE, LOCK=NONE"))
    else:
        p.emit(aops.DropIndexOp.from_index(index))


@_plan.register
def _(op: o.RenameIndex, p: _Planner):
    if op.table_id in p.dropped_later:
        return
    table = p.state.table(op.table_id)
    if p.mysql:
        p.emit(_online(f"ALTER TABLE {p.quote_table(op.table_id)} RENAME INDEX {p.quote(op.old_name)} "
                       f"TO {p.quote(op.new_name)}", "ALGORITHM=INPLACE, LOCK=NONE"))
    elif p.pg:
        _, schema = p.names(op.table_id)
        old = (p.quote(schema) + "." if schema else "") + p.quote(op.old_name)
        p.sql(f"ALTER INDEX {old} RENAME TO {p.quote(op.new_name)}")
    elif p.dialect == "mssql":
        name, schema = p.names(op.table_id)
        target = ".".join(p.quote(x) for x in (schema, name, op.old_name) if x).replace("'", "''")
        p.sql(f"EXEC sp_rename N'{target}', N'{op.new_name.replace(chr(39), chr(39) * 2)}', N'INDEX'")
    else:  # SQLite cannot rename an index (and needs none for a foreign key)
        index = next(i for i in table.indexes if i.id == op.index_id)
        p.emit(aops.DropIndexOp.from_index(_index_of(p.only(op.table_id, index))))
        renamed = copy.deepcopy(index)
        renamed.name = op.new_name
        p.emit(aops.CreateIndexOp.from_index(_index_of(p.only(op.table_id, renamed))))


# -- enums --------------------------------------------------------------------------------------


def _enum_name(p: _Planner, enum) -> str:
    ns = SchemaMapping(p.state, p.dialect).namespace(enum.namespace)
    return (p.quote(ns) + "." if ns else "") + p.quote(enum.name)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _enum_columns(p: _Planner, enum, schema: Schema | None = None):
    schema = schema or p.state
    names = {enum.qualified_name.lower(), enum.name.lower()}
    for table in schema.tables:
        for column in table.columns:
            if column.type.enum and column.type.enum.lower() in names:
                yield table, column


def _enum_changed_columns(op, p: _Planner):
    """MySQL: an enum's values live in its columns: MODIFY each of them."""
    after = copy.deepcopy(p.state)
    op.apply(after)
    for table, column in _enum_columns(p, o._enum(after, op.enum_id), after):
        before = p.state.table(table.id).column(column.id)
        p.after = None
        _plan(o.AlterColumn(table.id, before, column), p)


@_plan.register
def _(op: o.CreateEnum, p: _Planner):
    if p.pg:
        values = ", ".join(_literal(v) for v in op.enum.values)
        p.sql(f"CREATE TYPE {_enum_name(p, op.enum)} AS ENUM ({values})")


@_plan.register
def _(op: o.DropEnum, p: _Planner):
    if p.pg:
        p.sql(f"DROP TYPE {_enum_name(p, op.enum)}")


@_plan.register
def _(op: o.AddEnumValue, p: _Planner):
    if p.pg:
        enum = o._enum(p.state, op.enum_id)
        where = f" BEFORE {_literal(enum.values[op.position])}" if op.position < len(enum.values) else ""
        # a new value cannot be used in the transaction that adds it
        p.sql(f"ALTER TYPE {_enum_name(p, enum)} ADD VALUE {_literal(op.value)}{where}", "pre")
    elif p.mysql:
        _enum_changed_columns(op, p)


@_plan.register
def _(op: o.RenameEnumValue, p: _Planner):
    if p.pg:
        enum = o._enum(p.state, op.enum_id)
        p.sql(f"ALTER TYPE {_enum_name(p, enum)} RENAME VALUE {_literal(op.old)} TO {_literal(op.new)}")
    elif p.mysql:
        _enum_changed_columns(op, p)  # MySQL maps by position? no: by text; rows with the old value need updating
        p.warn("MySQL: rows holding a renamed enum value must be updated by hand (the value is re-typed).")


@_plan.register
def _(op: o.DropEnumValue, p: _Planner):
    if p.mysql:
        return _enum_changed_columns(op, p)
    if not p.pg:
        return
    enum = o._enum(p.state, op.enum_id)
    name = _enum_name(p, enum)
    old = _enum_name(p, type(enum)(enum.id, enum.name + "__tw_old", [], enum.namespace))
    remaining = ", ".join(_literal(v) for v in enum.values if v != op.value)
    p.sql(f"ALTER TYPE {name} RENAME TO {p.quote(enum.name + '__tw_old')}")
    p.sql(f"CREATE TYPE {name} AS ENUM ({remaining})")
    for table, column in _enum_columns(p, enum):
        qt, qc = p.quote_table(table.id), p.quote(column.name)
        if column.default is not None:
            p.sql(f"ALTER TABLE {qt} ALTER COLUMN {qc} DROP DEFAULT")
        p.sql(f"ALTER TABLE {qt} ALTER COLUMN {qc} TYPE {name} USING {qc}::text::{name}")
        if column.default is not None:
            p.sql(f"ALTER TABLE {qt} ALTER COLUMN {qc} SET DEFAULT {column.default}")
    p.sql(f"DROP TYPE {old}")


# -- views and other statements kept verbatim -------------------------------------------------------


def _verbatim(sql: str) -> str:
    """A statement for ``op.execute``: Alembic makes it a ``text()`` construct,
    which would read ``:name`` as a bind parameter (``::`` casts are left alone)."""
    return _BIND.sub(r"\\:", sql)


_BIND = re.compile(r"(?<![:\w\\]):(?=\w)")


def _run_raw(p: _Planner, raw) -> None:
    if not kept.carried(raw, p.dialect):
        p.warn(f"The {kept.label(raw)} is {raw.dialect} SQL and is not carried to {p.dialect}.")
        return
    words = head_words(raw.sql, raw.dialect, 8)
    mode = "outside" if p.pg and "CONCURRENTLY" in (w.upper() for w in words) else "main"
    p.sql(_verbatim(kept.statement(raw)), mode)


def _drop_raw(p: _Planner, raw, goes_with: str | None) -> bool:
    """Write the DROP of ``raw``; False when none can be written (warned)."""
    if goes_with:
        return True  # dropped with the object it belongs to
    if not kept.carried(raw, p.dialect):
        p.warn(f"The {kept.label(raw)} is {raw.dialect} SQL and is not carried to {p.dialect}.")
        return True
    drop = kept.drop_sql(raw, p.dialect)
    if drop is None:
        return False
    p.sql(drop)
    return True


@_plan.register
def _(op: o.CreateRawObject, p: _Planner):
    _run_raw(p, op.raw)


@_plan.register
def _(op: o.DropRawObject, p: _Planner):
    if not _drop_raw(p, op.raw, op.goes_with):
        how = "revoking or undoing it is not derived" if not op.raw.name else "its DROP cannot be written reliably"
        p.warn(f"The {kept.label(op.raw)} is removed but not dropped ({how}): write that step by hand.")


@_plan.register
def _(op: o.ReplaceRawObject, p: _Planner):
    if not kept.carried(op.after, p.dialect):
        _run_raw(p, op.after)  # warns
    elif kept.drop_sql(op.before, p.dialect) is not None:
        _drop_raw(p, op.before, None)
        _run_raw(p, op.after)
    elif kept.replaces_itself(op.after):
        _run_raw(p, op.after)
    else:
        p.warn(f"The {kept.label(op.before)} changed but cannot be replaced (its DROP cannot be written reliably "
               f"and its new SQL is not CREATE OR REPLACE): write that step by hand.")


__all__ = ["MODES", "Plan", "PlanOptions", "Step", "compile_op", "plan"]


# -- sequences and exclusion constraints --------------------------------------------------------


def _sequence_sql(p: _Planner, seq) -> tuple[sa.Sequence | None, str]:
    """The SQLAlchemy sequence (None where the target has none, said once) and its quoted name."""
    ex = SchemaMapping(p.state, p.dialect)
    sa_seq = ex.sa_sequence(seq)
    for warning in ex.warnings:
        if warning not in p.result.warnings:
            p.warn(warning)
    return sa_seq, (p.sa_dialect.identifier_preparer.format_sequence(sa_seq) if sa_seq is not None else "")


def _compiled(p: _Planner, element) -> str:
    return str(element.compile(dialect=p.sa_dialect)).strip()


def _sequence_ops_inside(ops) -> dict[int, int]:
    """PostgreSQL, a column between a sequence default and an identity: the sequence
    made (or dropped) by this script is made right after DROP IDENTITY (dropped right
    before ADD GENERATED), inside that column's step -- the identity's own sequence has
    the name ``table_column_seq`` a serial's sequence has too.  {sequence op index:
    AlterColumn op index}."""
    out: dict[int, int] = {}
    for i, op in enumerate(ops):
        if not isinstance(op, o.AlterColumn) or "identity" not in op.changes():
            continue
        if op.before.identity is not None and is_nextval(op.after.default):
            wanted, kind, where = op.after.default, o.CreateSequence, range(i - 1, -1, -1)
        elif op.after.identity is not None and is_nextval(op.before.default):
            wanted, kind, where = op.before.default, o.DropSequence, range(i + 1, len(ops))
        else:
            continue
        for j in where:
            if isinstance(ops[j], kind) and j not in out and _names_sequence(wanted, ops[j].sequence):
                out[j] = i
                break
    return out


def _names_sequence(default: str, seq) -> bool:
    """Whether ``nextval('…')`` names ``seq`` (an unqualified name matches any schema)."""
    import sqlglot

    try:
        literal = next((lit.this for lit in sqlglot.parse_one(default, read="postgres").find_all(sqlglot.exp.Literal)
                        if lit.is_string), None)
    except SQLGLOT_FAILURES:
        return False
    if not literal:
        return False
    namespace, name = split_qualified(literal)
    return name.lower() == seq.name.lower() and (
        namespace is None or seq.namespace is None or namespace.lower() == seq.namespace.lower())


def _sequence_op_here(p: _Planner) -> None:
    """Run the sequence op ``_sequence_ops_inside`` put into the current column step."""
    for j, i in p.inside.items():
        if i == p.index:
            seq = p.ops[j].sequence
            sa_seq, _name = _sequence_sql(p, seq)
            if sa_seq is not None:
                element = sa.schema.CreateSequence if isinstance(p.ops[j], o.CreateSequence) else sa.schema.DropSequence
                p.sql(_compiled(p, element(sa_seq)))


@_plan.register
def _(op: o.CreateSequence, p: _Planner):
    sa_seq, _name = _sequence_sql(p, op.sequence)
    if sa_seq is not None and p.index not in p.inside:
        p.sql(_compiled(p, sa.schema.CreateSequence(sa_seq)))


@_plan.register
def _(op: o.DropSequence, p: _Planner):
    sa_seq, _name = _sequence_sql(p, op.sequence)
    if sa_seq is not None and p.index not in p.inside:
        p.sql(_compiled(p, sa.schema.DropSequence(sa_seq)))


@_plan.register
def _(op: o.AlterSequence, p: _Planner):
    sa_seq, name = _sequence_sql(p, op.after)
    if sa_seq is None:
        return
    after, parts = op.after, []
    for change in op.changes():
        value = getattr(after, change)
        if change == "data_type":
            if p.pg:
                parts.append(f"AS {value or 'bigint'}")
            else:
                p.warn(f"The data type of sequence {after.qualified_name} is not changed: {p.dialect} cannot alter it.")
        elif change == "start":
            parts.append(f"{'RESTART' if p.dialect == 'mssql' else 'START'} WITH {value if value is not None else 1}")
        elif change == "increment":
            parts.append(f"INCREMENT BY {value if value is not None else 1}")
        elif change in ("min_value", "max_value"):
            word = "MINVALUE" if change == "min_value" else "MAXVALUE"
            parts.append(f"{word} {value}" if value is not None else f"NO {word}")
        elif change == "cache":
            parts.append(f"CACHE {value}" if value is not None else ("NO CACHE" if p.dialect == "mssql" else "CACHE 1"))
        elif change == "cycle":
            parts.append("CYCLE" if value else "NO CYCLE")
    if parts:
        p.sql(f"ALTER SEQUENCE {name} {' '.join(parts)}")


@_plan.register
def _(op: o.SetSequenceOwner, p: _Planner):
    if not p.pg:
        return  # OWNED BY is PostgreSQL's
    seq = o._sequence(p.state, op.sequence_id)
    sa_seq, name = _sequence_sql(p, seq)
    if sa_seq is None:
        return
    owner = "NONE"
    if op.after is not None:
        table_id, column_id = op.after
        column = p.quote(p.state.table(table_id).column(column_id).name)
        owner = f"{p.quote_table(table_id)}.{column}"
        if seq.id in p.created_sequences and p.existing(table_id):
            # a sequence made again for a column that holds rows (a down step from an identity):
            # it goes on from the column's largest value, as the identity it replaces did
            p.sql(f"SELECT setval({_literal(name)}, COALESCE(MAX({column}), 0) + 1, false) FROM {p.quote_table(table_id)}")
    p.sql(f"ALTER SEQUENCE {name} OWNED BY {owner}")


def _exclusion_where(p: _Planner, table_id: str, exclusion) -> str:
    return f"the exclusion constraint {exclusion.name or ''} of {o._label(p.state, table_id)}".replace("  ", " ")


@_plan.register
def _(op: o.AddExclusion, p: _Planner):
    if not p.pg or (p.state.dialect or "postgres") != "postgres":
        p.warn(f"{_exclusion_where(p, op.table_id, op.exclusion).capitalize()} is not carried: "
               "only PostgreSQL has EXCLUDE constraints.")
        return
    ex = op.exclusion
    named = f"CONSTRAINT {p.quote(ex.name)} " if ex.name else ""
    deferral = (" DEFERRABLE" + (" INITIALLY DEFERRED" if ex.initially_deferred else "")) \
        if ex.deferrable or ex.initially_deferred else ""
    p.sql(f"ALTER TABLE {p.quote_table(op.table_id)} ADD {named}EXCLUDE {ex.definition}{deferral}")


@_plan.register
def _(op: o.DropExclusion, p: _Planner):
    if not p.pg or (p.state.dialect or "postgres") != "postgres":
        return
    table = p.state.table(op.table_id)
    qt = p.quote_table(op.table_id)
    if op.exclusion.name:
        p.sql(f"ALTER TABLE {qt} DROP CONSTRAINT {p.quote(op.exclusion.name)}")
        return
    if sum(1 for x in table.exclusions if not x.name) != 1:
        p.warn(f"{_exclusion_where(p, op.table_id, op.exclusion).capitalize()} has no name and is not the table's "
               "only unnamed one: drop it by the name PostgreSQL gave it.")
        p.sql(f"-- ALTER TABLE {qt} DROP CONSTRAINT <the name of EXCLUDE {op.exclusion.definition}>")
        return
    # the name PostgreSQL chose: the table's one exclusion constraint the model does not name
    others = ", ".join(_literal(x.name) for x in table.exclusions if x.name) or "''"
    p.sql(f"DO $tw$ DECLARE n name; BEGIN SELECT conname INTO STRICT n FROM pg_constraint "
          f"WHERE conrelid = {_literal(qt)}::regclass AND contype = 'x' AND conname NOT IN ({others}); "
          f"EXECUTE format('ALTER TABLE {qt.replace(chr(39), chr(39) * 2)} DROP CONSTRAINT %I', n); END $tw$")
