"""Plan functions for enums, sequences and the statements kept verbatim (views, triggers, …;
registered with ``planner._plan``)."""

from __future__ import annotations

import copy

import sqlalchemy as sa

from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations import raw as kept
from tablewright.designer.migrations.planner import _literal, _plan, _Planner
from tablewright.designer.model import Schema
from tablewright.designer.sa_mapping import SchemaMapping
from tablewright.designer.sql_split import head_words



def _enum_name(p: _Planner, enum) -> str:
    ns = SchemaMapping(p.state, p.dialect).namespace(enum.namespace)
    return (p.quote(ns) + "." if ns else "") + p.quote(enum.name)



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


def _run_raw(p: _Planner, raw) -> None:
    if not kept.carried(raw, p.dialect):
        p.warn(f"The {kept.label(raw)} is {raw.dialect} SQL and is not carried to {p.dialect}.")
        return
    words = head_words(raw.sql, raw.dialect, 8)
    mode = "outside" if p.pg and "CONCURRENTLY" in (w.upper() for w in words) else "main"
    p.sql(kept.statement(raw), mode)  # verbatim (Planner.sql)


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


# -- sequences ---------------------------------------------------------------------------------


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
