"""Plan functions for namespaces, tables and columns (registered with ``planner._plan``)."""

from __future__ import annotations

import copy

import sqlalchemy as sa
from alembic.operations import ops as aops

from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations.plan_objects import _sequence_op_here
from tablewright.designer.migrations.planner import _create_table, _online, _plan, _Planner, compile_op
from tablewright.designer.model import Column, names_in_namespace, object_name


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
        p.sql(f"ALTER TABLE {qt} ALTER COLUMN {qc} ADD GENERATED {kind} AS IDENTITY{identity_options_sql(op.after.identity)}")
        if p.existing(op.table_id):  # the rows keep their values: the identity goes on after the largest
            # (RESTART needs a constant, hence EXECUTE; pg_get_serial_sequence would find a serial's old sequence)
            alter = f"ALTER TABLE {qt} ALTER COLUMN {qc}".replace("%", "%%").replace("'", "''")
            p.sql(f"DO $tw$ BEGIN EXECUTE format('{alter} RESTART WITH %s', "
                  f"(SELECT COALESCE(MAX({qc}), 0) + 1 FROM {qt})); END $tw$")
    elif "identity" in changes or "autoincrement" in changes and not p.pg:
        p.warn(f"The identity/auto-increment change of {table.name}.{col_name} is not carried to {p.dialect}.")


def identity_options_sql(identity) -> str:
    """`` (START WITH 5 … CYCLE)``: the options an identity has beyond the engine's defaults,
    as PostgreSQL's ``ADD GENERATED … AS IDENTITY`` takes them ('' when it has none)."""
    words = [f"{word} {value}" for word, value in (
        ("START WITH", identity.start), ("INCREMENT BY", identity.increment), ("MINVALUE", identity.min_value),
        ("MAXVALUE", identity.max_value), ("CACHE", identity.cache)) if value is not None]
    words += ["CYCLE"] if identity.cycle else []
    return f" ({' '.join(words)})" if words else ""


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
        check = object_name(name, col_name, "not_null", names_in_namespace(p.state, schema))
        p.sql(f"ALTER TABLE {qt} ADD CONSTRAINT {p.quote(check)} CHECK ({qc} IS NOT NULL) NOT VALID", mode)
        p.sql(f"ALTER TABLE {qt} VALIDATE CONSTRAINT {p.quote(check)}", mode)
        p.emit(aops.AlterColumnOp(name, col_name, schema=schema, modify_nullable=False, **existing), mode)
        p.sql(f"ALTER TABLE {qt} DROP CONSTRAINT {p.quote(check)}", mode)
    else:
        p.emit(aops.AlterColumnOp(name, col_name, schema=schema, modify_nullable=False, **existing), mode)


def _fills(column: Column) -> bool:
    """Whether the column's default gives its NULLs a value (``DEFAULT NULL`` does not)."""
    return column.default is not None and column.default.strip().upper() != "NULL"


