"""Plan functions for primary keys, constraints, indexes and exclusion constraints
(registered with ``planner._plan``)."""

from __future__ import annotations

import copy

import sqlalchemy as sa
from alembic.operations import ops as aops

from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations.planner import (_constraint_of, _index_of, _literal, _online, _plan, _Planner,
                                                      compile_op)


@_plan.register
def _(op: o.AddPrimaryKey, p: _Planner):
    if p.sqlite:
        return p.rebuild(op)
    constraint = _constraint_of(p.only(op.table_id, op.key), sa.PrimaryKeyConstraint)
    if constraint is not None and constraint.info.get("lengths"):
        # MySQL prefix lengths (``name(10)``): Alembic's op rebuilds the key from column names
        p.sql(str(sa.schema.AddConstraint(constraint).compile(dialect=p.sa_dialect)).strip())
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
    if p.pg and op.index.comment is not None and op.index.name:
        _comment_on_index(op, p, "outside" if existing else "main")


def _comment_on_index(op: o.CreateIndex | o.SetIndexComment, p: _Planner, mode: str = "main") -> None:
    """PostgreSQL: ``COMMENT ON INDEX`` (after the index is made: CONCURRENTLY runs outside the transaction)."""
    _, schema = p.names(op.table_id)
    name = (p.quote(schema) + "." if schema else "") + p.quote(op.index.name)
    comment = op.index.comment
    p.sql(f"COMMENT ON INDEX {name} IS {_literal(comment) if comment is not None else 'NULL'}", mode)


@_plan.register
def _(op: o.SetIndexComment, p: _Planner):
    if op.table_id in p.dropped_later or not op.index.name:
        return
    if p.pg:
        _comment_on_index(op, p)
    elif p.mysql:  # no ALTER INDEX there: the index is re-made, in one statement (a foreign key may need it)
        index = _index_of(p.only(op.table_id, op.index))
        if index is None:
            return
        create = compile_op(aops.CreateIndexOp.from_index(index), p.dialect)[0]
        table = p.quote_table(op.table_id)
        add = create.removeprefix("CREATE ").replace(f" ON {table} ", " ", 1)
        p.sql(f"ALTER TABLE {table} DROP INDEX {p.quote(op.index.name)}, ADD {add}")
    # SQLite and SQL Server have no index comments (the export says so)


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


# -- exclusion constraints ---------------------------------------------------------------------


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
