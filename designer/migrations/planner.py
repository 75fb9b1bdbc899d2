"""The migrations planner's core: the plan (steps, modes), the :class:`_Planner` state an
op's function works on (SQLAlchemy objects from the model, quoting, the SQLite table rebuild),
Alembic's offline compilation, and the ``_plan`` dispatcher the per-op functions of
``plan_tables``, ``plan_constraints`` and ``plan_objects`` register with.  What a plan is
and how to make one: :mod:`tablewright.designer.migrations.plan`."""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from functools import singledispatch

import sqlalchemy as sa
from alembic.operations import ops as aops

from tablewright.designer.dialects import MYSQL_FAMILY, sa_dialect, shared_sa_dialect
from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations.raw import analyse as analyse_raw
from tablewright.designer.model import Column, Schema, Table, object_name, split_qualified
from tablewright.designer.sa_ddl import VerbatimSQL
from tablewright.designer.sa_mapping import SchemaMapping, is_nextval
from tablewright.designer.sql_split import SQLGLOT_FAILURES

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
        self.emit(execute(text), mode)

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
        if suffix == "pkey":
            return object_name(table.name, None, "pkey")
        return object_name(table.name, "_".join(c for c in cols if c) or None, suffix)

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


def execute(text: str) -> aops.ExecuteSQLOp:
    """``op.execute`` of a statement exactly as written (a plain string would be read by
    ``sa.text()``, which takes every ``:word`` in it for a bind parameter)."""
    return aops.ExecuteSQLOp(VerbatimSQL(text))


def _online(text: str, clause: str) -> aops.ExecuteSQLOp:
    return execute(f"{text}, {clause}" if text.upper().startswith("ALTER TABLE") else f"{text} {clause.replace(',', '')}")


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
        target = sa_dialect(dialect)  # writes a % as a % (see sa_dialect)
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


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"



# -- ordering: sequence ops run inside a column's step ---------------------------------------------


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
