"""Property: a generated schema, exported for a dialect and imported back,
gives the same model (names, types, nullability, keys, indexes)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
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
    new_id,
)

NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
    lambda s: s[0] != "_")
# a few awkward names that must be quoted correctly everywhere
AWKWARD = st.sampled_from(["order", "user", "select", "Mixed Case", "with space", 'quo"te', "x'y"])

TYPES = {
    "integer": lambda: DataType("integer", "INTEGER"),
    "bigint": lambda: DataType("bigint", "BIGINT"),
    "varchar": lambda: DataType("varchar", "VARCHAR(40)", length=40),
    "numeric": lambda: DataType("numeric", "NUMERIC(12,2)", precision=12, scale=2),
    "text": lambda: DataType("text", "TEXT"),
    "date": lambda: DataType("date", "DATE"),
}
# the kinds each dialect gives back unchanged (SQLite keeps the declared text)
DIALECT_KINDS = {
    "postgres": list(TYPES),
    "sqlite": list(TYPES),
    "mysql": list(TYPES),
    "mssql": ["integer", "bigint", "varchar", "numeric", "date"],
}


@st.composite
def schemas(draw, dialect: str):
    table_names = draw(st.lists(st.one_of(NAMES, AWKWARD), min_size=1, max_size=5,
                                unique_by=str.lower))
    tables: list[Table] = []
    for name in table_names:
        col_names = draw(st.lists(st.one_of(NAMES, AWKWARD), min_size=1, max_size=6, unique_by=str.lower))
        columns = [Column(new_id("col"), "id", DataType("integer", "INTEGER"), nullable=False)]
        for col_name in col_names:
            if col_name.lower() == "id":
                continue
            kind = draw(st.sampled_from(DIALECT_KINDS[dialect]))
            columns.append(Column(new_id("col"), col_name, TYPES[kind](), nullable=draw(st.booleans())))
        table = Table(new_id("tbl"), name, columns=columns)
        table.primary_key = PrimaryKey(new_id("pk"), [columns[0].id])
        if len(columns) > 1 and draw(st.booleans()):
            table.uniques.append(UniqueConstraint(new_id("uq"), [columns[1].id], f"uq_{len(tables)}"))
        if len(columns) > 1 and draw(st.booleans()):
            target = columns[-1]
            if dialect != "mysql" or target.type.kind not in ("text",):
                table.indexes.append(Index(new_id("ix"), f"ix_{len(tables)}",
                                           [IndexElement(column=target.id)]))
        if tables and draw(st.booleans()):
            parent = draw(st.sampled_from(tables))
            fk_col = Column(new_id("col"), f"ref_{len(tables)}", DataType("integer", "INTEGER"))
            table.columns.append(fk_col)
            table.foreign_keys.append(ForeignKey(new_id("fk"), [fk_col.id], parent.id,
                                                 [parent.primary_key.columns[0]], f"fk_{len(tables)}",
                                                 on_delete=draw(st.sampled_from([None, "CASCADE", "SET NULL"]))))
            if dialect == "mysql":  # InnoDB would add this index by itself
                table.indexes.append(Index(new_id("ix"), f"fkix_{len(tables)}", [IndexElement(column=fk_col.id)]))
        tables.append(table)
    return Schema(dialect=dialect, tables=tables)


def shape(schema: Schema):
    """What must survive: everything but ids, locations and type spelling."""
    out = []
    for table in schema.tables:
        names = {c.id: c.name for c in table.columns}
        by_id = {t.id: t for t in schema.tables}
        out.append((
            table.name,
            [(c.name, c.type.kind, c.type.length, c.type.precision, c.type.scale, c.nullable) for c in table.columns],
            [names[c] for c in table.primary_key.columns] if table.primary_key else None,
            sorted(([names[c] for c in u.columns]) for u in table.uniques),
            sorted((tuple(names[c] for c in fk.columns), by_id[fk.ref_table].name,
                    tuple(by_id[fk.ref_table].column_names(fk.ref_columns)), fk.on_delete or "NO ACTION")
                   for fk in table.foreign_keys),
            sorted((i.name, i.unique, tuple(names.get(e.column) for e in i.elements)) for i in table.indexes),
        ))
    return out


def _normalize_fk_actions(shape_rows):
    return [(*row[:4], [(c, t, rc, "NO ACTION" if a in ("NO ACTION", "RESTRICT") else a) for c, t, rc, a in row[4]],
             row[5]) for row in shape_rows]


def round_trip(schema: Schema, dialect: str) -> Schema:
    exported = export_ddl(schema, dialect)
    result = import_ddl([("export.sql", exported.sql)], dialect)
    assert result.errors == [], [str(e) for e in result.errors] + [exported.sql]
    return result.schema


@settings(max_examples=40)
@given(st.data())
def test_postgres_export_imports_back_to_the_same_model(data):
    schema = data.draw(schemas("postgres"))
    assert _normalize_fk_actions(shape(round_trip(schema, "postgres"))) == _normalize_fk_actions(shape(schema))


@settings(max_examples=40)
@given(st.data())
def test_sqlite_export_imports_back_to_the_same_model(data):
    schema = data.draw(schemas("sqlite"))
    assert _normalize_fk_actions(shape(round_trip(schema, "sqlite"))) == _normalize_fk_actions(shape(schema))


@settings(max_examples=40)
@given(st.data())
def test_mysql_export_imports_back_to_the_same_model(data):
    schema = data.draw(schemas("mysql"))
    assert _normalize_fk_actions(shape(round_trip(schema, "mysql"))) == _normalize_fk_actions(shape(schema))


@settings(max_examples=40)
@given(st.data())
def test_mssql_export_imports_back_to_the_same_model(data):
    schema = data.draw(schemas("mssql"))
    assert _normalize_fk_actions(shape(round_trip(schema, "mssql"))) == _normalize_fk_actions(shape(schema))
