"""Incremental runs equal full runs: random edit sequences made directly on the
model, ``Engine.update(schema, changed_ids)`` after each, compared with a fresh
``Engine.run(schema)`` (every rule selected)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings, strategies as st

from tablewright.designer.model import (
    DIALECTS, Column, DataType, ForeignKey, Index, IndexElement, PrimaryKey, Schema, Table, TableOptions,
    UniqueConstraint,
)
from tablewright.linting import Config, Engine

TABLE_NAMES = ["users", "orders", "order_items", "payment", "event_log", "tenants", "product", "film_actor",
               "audit_log", "Customer", "user", "accounts", "invoices", "session", "events", "product_versions"]
#: table comments, some with the role tag (linting/facts.py)
COMMENTS = [None, "plain words", "@tablewright:role=log", "@tablewright:role=-log,-financial",
            "@tablewright:roles=financial,link", "@tablewright:role=tenant", "@tablewright:role=-tenant"]
COLUMN_NAMES = ["id", "user_id", "order_id", "tenant_id", "email", "status", "created_at", "updated_at", "amount",
                "price", "balance", "deleted_at", "is_active", "payload", "phone1", "phone2", "phone3", "password",
                "expires_at", "userId", "firstName", "quantity", "start_date", "end_date", "product_id", "slug",
                "target_type", "target_id", "version", "card_number", "code", "valid_from"]
TYPES = [DataType("integer", "int"), DataType("bigint", "bigint"), DataType("varchar", "varchar(36)", length=36),
         DataType("text", "text"), DataType("real", "float"), DataType("numeric", "numeric"),
         DataType("timestamp", "timestamp"), DataType("timestamptz", "timestamptz"), DataType("boolean", "boolean"),
         DataType("jsonb", "jsonb"), DataType("json", "json"), DataType("bytea", "bytea"), DataType("char", "char(1)", length=1)]

_ids = itertools.count()


def nid(prefix):
    return f"{prefix}_{next(_ids)}"


def remove_column(schema: Schema, table: Table, col_id: str) -> set[str]:
    changed = {table.id}
    table.columns = [c for c in table.columns if c.id != col_id]
    if table.primary_key and col_id in table.primary_key.columns:
        table.primary_key = None
    table.uniques = [u for u in table.uniques if col_id not in u.columns]
    table.indexes = [ix for ix in table.indexes if all(e.column != col_id for e in ix.elements)]
    table.foreign_keys = [fk for fk in table.foreign_keys if col_id not in fk.columns]
    table.checks = [c for c in table.checks if c.column != col_id]
    for other in schema.tables:
        kept = [fk for fk in other.foreign_keys if col_id not in fk.ref_columns]
        if len(kept) != len(other.foreign_keys):
            other.foreign_keys = kept
            changed.add(other.id)
    return changed


def apply_edit(schema: Schema, data) -> set[str]:
    """One random edit; returns the ids of the tables it changed."""
    ops = ["add_table"]
    if schema.tables:
        ops += ["drop_table", "rename_table", "add_column", "add_column", "drop_column", "rename_column",
                "retype", "nullable", "add_fk", "drop_fk", "add_index", "drop_index", "set_pk", "add_unique",
                "on_delete", "options", "comment", "parent"]
    op = data.draw(st.sampled_from(ops))
    if op == "add_table":
        t = Table(nid("t"), data.draw(st.sampled_from(TABLE_NAMES)))
        t.columns.append(Column(nid("c"), "id", data.draw(st.sampled_from(TYPES[:3])), nullable=False))
        if data.draw(st.booleans()):
            t.primary_key = PrimaryKey(nid("pk"), [t.columns[0].id])
        schema.tables.insert(data.draw(st.integers(0, len(schema.tables))), t)
        return {t.id}
    table = data.draw(st.sampled_from(schema.tables))
    cols = table.columns
    if op == "drop_table":
        schema.tables.remove(table)
        changed = {table.id}
        for other in schema.tables:
            kept = [fk for fk in other.foreign_keys if fk.ref_table != table.id]
            if len(kept) != len(other.foreign_keys):
                other.foreign_keys = kept
                changed.add(other.id)
            if table.id in (other.options.partition_of, *other.options.inherits):  # parents are ids too
                if other.options.partition_of == table.id:
                    other.options.partition_of = None
                other.options.inherits = [p for p in other.options.inherits if p != table.id]
                changed.add(other.id)
        return changed
    if op == "rename_table":
        table.name = data.draw(st.sampled_from(TABLE_NAMES))
        return {table.id}
    if op == "comment":
        table.comment = data.draw(st.sampled_from(COMMENTS))
        return {table.id}
    if op == "parent":  # a partition of, or inheriting from, another table (by id)
        other = data.draw(st.sampled_from([t for t in schema.tables if t.id != table.id] or [None]))
        if data.draw(st.booleans()):
            table.options.partition_of = other.id if other is not None else None
        else:
            table.options.inherits = [other.id] if other is not None else []
        return {table.id}
    if op == "add_column" or not cols:
        cols.append(Column(nid("c"), data.draw(st.sampled_from(COLUMN_NAMES)), data.draw(st.sampled_from(TYPES)),
                           nullable=data.draw(st.booleans())))
        return {table.id}
    col = data.draw(st.sampled_from(cols))
    if op == "drop_column":
        return remove_column(schema, table, col.id)
    if op == "rename_column":
        col.name = data.draw(st.sampled_from(COLUMN_NAMES))
    elif op == "retype":
        col.type = data.draw(st.sampled_from(TYPES))
    elif op == "nullable":
        col.nullable = not col.nullable
    elif op == "add_fk":
        target = data.draw(st.sampled_from(schema.tables))
        if target.primary_key and len(target.primary_key.columns) == 1:
            table.foreign_keys.append(ForeignKey(nid("fk"), [col.id], target.id, list(target.primary_key.columns),
                                                 on_delete=data.draw(st.sampled_from([None, "CASCADE", "SET NULL"]))))
    elif op == "drop_fk" and table.foreign_keys:
        table.foreign_keys.pop(data.draw(st.integers(0, len(table.foreign_keys) - 1)))
    elif op == "add_index":
        more = data.draw(st.lists(st.sampled_from(cols), max_size=2))
        table.indexes.append(Index(nid("ix"), data.draw(st.sampled_from(["ix_a", "ix_b", None])),
                                   [IndexElement(column=c.id) for c in [col, *more]],
                                   unique=data.draw(st.booleans()),
                                   predicate=data.draw(st.sampled_from([None, "deleted_at IS NULL"])),
                                   method=data.draw(st.sampled_from([None, "gin"]))))
    elif op == "drop_index" and table.indexes:
        table.indexes.pop(0)
    elif op == "set_pk":
        table.primary_key = None if table.primary_key else PrimaryKey(nid("pk"), [col.id])
    elif op == "add_unique":
        table.uniques.append(UniqueConstraint(nid("uq"), [col.id]))
    elif op == "on_delete" and table.foreign_keys:
        table.foreign_keys[0].on_delete = data.draw(st.sampled_from([None, "CASCADE", "SET NULL"]))
    elif op == "options":
        table.options = TableOptions(engine=data.draw(st.sampled_from([None, "MyISAM"])),
                                     row_level_security=data.draw(st.booleans()),
                                     partition_by=data.draw(st.sampled_from([None, "RANGE (created_at)"])))
    return {table.id}


CONFIG = Config(select=["ALL"])
#: with the user's role overrides (linting/facts.py)
CONFIG_ROLES = Config(select=["ALL"], roles={"product": ("log", "financial"), "orders": ("-financial",),
                                             "user*": ("-person", "tenant")})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_incremental_equals_full(data):
    schema = Schema(dialect=data.draw(st.sampled_from([*DIALECTS, None])))
    config = data.draw(st.sampled_from([CONFIG, CONFIG_ROLES]))
    for _ in range(data.draw(st.integers(0, 25))):
        apply_edit(schema, data)
    engine = Engine(config)
    engine.run(schema)
    for step in range(data.draw(st.integers(1, 15))):
        changed = apply_edit(schema, data)
        incremental = engine.update(schema, changed)
        fresh = Engine(config)
        full = fresh.run(schema)
        assert {t: r.roles for t, r in engine.index.roles.items()} == \
            {t: r.roles for t, r in fresh.index.roles.items()}, f"roles, step {step}"
        assert [f.to_dict() for f in incremental] == [f.to_dict() for f in full], f"step {step}"


def test_update_without_run_is_a_full_run():
    schema = Schema(dialect="postgres", tables=[Table("t1", "events", columns=[Column("c1", "name", TYPES[3])])])
    assert [f.rule for f in Engine(CONFIG).update(schema, {"t1"})] == [f.rule for f in Engine(CONFIG).run(schema)]
