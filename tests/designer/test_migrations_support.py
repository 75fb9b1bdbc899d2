"""Shared by the migration tests (no tests here): a generated schema A and a
random sequence of designer.edits that turns it into B, and a comparable form
of a model that ignores list order where engines do."""

from __future__ import annotations

import copy

from hypothesis import strategies as st

from tablewright.designer import edits
from tablewright.designer.model import (
    Column,
    DataType,
    ForeignKey,
    Index,
    IndexElement,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    canonical,
    new_id,
)

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
         "kilo", "lima", "mike", "november", "oscar", "papa"]

# portable types: the same spelling means the same thing on SQLite, PostgreSQL and MariaDB
TYPES = {
    "integer": DataType("integer", "INTEGER"),
    "bigint": DataType("bigint", "BIGINT"),
    "varchar20": DataType("varchar", "VARCHAR(20)", length=20),
    "varchar80": DataType("varchar", "VARCHAR(80)", length=80),
    "numeric": DataType("numeric", "NUMERIC(12,2)", precision=12, scale=2),
    "date": DataType("date", "DATE"),
}
#: widening changes every engine can do in place with the data kept
WIDER = {"integer": "bigint", "varchar20": "varchar80"}
DEFAULTS = {"integer": "0", "bigint": "0", "varchar20": "'n/a'", "varchar80": "'n/a'", "numeric": "0",
            "date": "'2000-01-01'"}


def type_name(dt: DataType) -> str:
    return next(k for k, v in TYPES.items() if v == dt)


@st.composite
def base_schemas(draw, dialect: str = "postgres") -> Schema:
    names = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True))
    tables: list[Table] = []
    for n, name in enumerate(names):
        pk = Column(new_id("col"), "id", TYPES["integer"], nullable=False)
        table = Table(new_id("tbl"), f"t_{name}", columns=[pk], primary_key=PrimaryKey(new_id("pk"), [pk.id]))
        for word in draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True)):
            kind = draw(st.sampled_from(sorted(TYPES)))
            nullable = draw(st.booleans())
            table.columns.append(Column(new_id("col"), f"c_{word}", TYPES[kind], nullable=nullable,
                                        default=None if nullable else DEFAULTS[kind]))
        if draw(st.booleans()):
            col = table.columns[1]
            table.indexes.append(Index(new_id("ix"), f"ix_{name}_{n}", [IndexElement(column=col.id)]))
        if tables and draw(st.booleans()):
            parent = draw(st.sampled_from(tables))
            ref = Column(new_id("col"), f"ref_{parent.name}", TYPES["integer"])
            table.columns.append(ref)
            table.foreign_keys.append(ForeignKey(new_id("fk"), [ref.id], parent.id, [parent.primary_key.columns[0]],
                                                 f"fk_{name}_{parent.name}"))
            table.indexes.append(Index(new_id("ix"), f"ix_{name}_ref", [IndexElement(column=ref.id)]))
        tables.append(table)
    return Schema(dialect=dialect, tables=tables)


EDIT_KINDS = ("rename_table", "rename_column", "add_column", "drop_column", "set_not_null", "set_nullable",
              "widen", "set_default", "add_index", "add_unique", "drop_table", "add_table")


@st.composite
def edit_sequences(draw, schema: Schema, max_edits: int = 5) -> tuple[Schema, list[str]]:
    """B: ``schema`` after a random sequence of user edits; returns (B, kinds applied)."""
    state = copy.deepcopy(schema)
    applied = []
    for step in range(draw(st.integers(1, max_edits))):
        kind = draw(st.sampled_from(EDIT_KINDS))
        if not state.tables:
            kind = "add_table"
        table = draw(st.sampled_from(state.tables)) if state.tables else None
        others = [c for c in table.columns if c.name != "id"] if table else []
        column = draw(st.sampled_from(others)) if others else None
        edit = _edit(draw, state, kind, table, column, step)
        if edit is None:
            continue
        try:
            edit.apply(state)
        except edits.EditError:
            continue
        applied.append(kind)
    return state, applied


def _referenced(state: Schema, column_id: str) -> bool:
    return any(column_id in fk.columns or column_id in fk.ref_columns for _, fk in state.foreign_keys())


def _edit(draw, state, kind, table, column, step):  # noqa: C901 - one branch per edit kind
    word = draw(st.sampled_from(WORDS))
    try:
        if kind == "rename_table":
            return edits.rename_table(state, table.id, f"r{step}_{word}")
        if kind == "rename_column" and column:
            return edits.rename_column(state, table.id, column.id, f"r{step}_{word}")
        if kind == "add_column":
            tname = draw(st.sampled_from(sorted(TYPES)))
            nullable = draw(st.booleans())
            return edits.add_column(state, table.id, f"n{step}_{word}", TYPES[tname], nullable=nullable,
                                    default=None if nullable else DEFAULTS[tname])
        if kind == "drop_column" and column and not _referenced(state, column.id):
            return edits.delete_column(state, table.id, column.id)
        if kind == "set_not_null" and column and column.nullable:
            edit = edits.set_column_attr(state, table.id, column.id, "nullable", False)
            edit.after.column(column.id).default = DEFAULTS[type_name(column.type)]
            return edit
        if kind == "set_nullable" and column and not column.nullable:
            return edits.set_column_attr(state, table.id, column.id, "nullable", True)
        if kind == "widen" and column and type_name(column.type) in WIDER and not _referenced(state, column.id):
            edit = edits.set_column_attr(state, table.id, column.id, "type", TYPES[WIDER[type_name(column.type)]])
            if column.default is not None:
                edit.after.column(column.id).default = DEFAULTS[WIDER[type_name(column.type)]]
            return edit
        if kind == "set_default" and column:
            return edits.set_column_attr(state, table.id, column.id, "default",
                                         None if column.default and column.nullable else DEFAULTS[type_name(column.type)])
        if kind == "add_index" and column:
            return edits.add_index(state, table.id, [column.id], name=f"ix{step}_{word}")
        if kind == "add_unique" and column and column.nullable:
            # unique over a nullable column: existing rows (NULL there) never clash
            edit = edits.add_index(state, table.id, [column.id], name=f"ux{step}_{word}", unique=True)
            return edit
        if kind == "drop_table" and len(state.tables) > 1 and not any(
                fk.ref_table == table.id and t.id != table.id for t, fk in state.foreign_keys()):
            # (a down step cannot bring back the rows that other tables' keys need)
            return edits.delete_table(state, table.id)
        if kind == "add_table":
            edit = edits.add_table(state, f"new{step}_{word}")
            edit.table.columns[0].type = TYPES["integer"]
            edit.table.columns.append(Column(new_id("col"), "label", TYPES["varchar80"]))
            if table is not None and draw(st.booleans()):
                ref = Column(new_id("col"), f"ref_{table.name}", TYPES["integer"])
                edit.table.columns.append(ref)
                edit.table.foreign_keys.append(ForeignKey(new_id("fk"), [ref.id], table.id,
                                                          [table.primary_key.columns[0]], f"fk{step}_{word}"))
                edit.table.indexes.append(Index(new_id("ix"), f"ix{step}_{word}_ref", [IndexElement(column=ref.id)]))
            return edit
    except edits.EditError:
        return None
    return None


def comparable(schema: Schema, *, column_order: bool = True) -> dict:
    """The model as data, with the order of tables, keys and indexes ignored
    (and of columns too with ``column_order=False``)."""
    def by_id(items):
        return sorted((canonical(i) for i in items), key=lambda d: d["id"])

    tables = {}
    for table in schema.tables:
        data = canonical(table)
        for attr in ("foreign_keys", "uniques", "checks", "exclusions", "indexes"):
            data[attr] = by_id(getattr(table, attr))
        if not column_order:
            data["columns"] = by_id(table.columns)
        tables[table.id] = data
    return {"tables": tables, "enums": by_id(schema.enums), "namespaces": by_id(schema.namespaces),
            "sequences": by_id(schema.sequences)}


__all__ = ["DEFAULTS", "TYPES", "WORDS", "base_schemas", "comparable", "edit_sequences", "UniqueConstraint"]
