"""DBML import and export with our own code: the language's constructs map
onto the model, what has no place is reported at its location, bad input is
reported and the rest still read, and export → import keeps the schema.
(tests/designer/test_dbml_core.py checks the same against @dbml/core and PostgreSQL.)"""

from __future__ import annotations

import pytest

from tablewright.designer.dbml_export import export_dbml
from tablewright.designer.dbml_import import import_dbml
from tablewright.designer.dbml_parse import parse
from tablewright.designer.ddl_import import import_ddl
from tests.conftest import corpus_path

FULL = """\
Project shop {
  database_type: 'PostgreSQL'
  Note: 'the shop'
}

Enum sales.status {
  open [note: 'not paid']
  "paid in full"
}

Table sales.customers as C [headercolor: #3498DB, note: 'who buys'] {
  id bigint [pk, increment]
  email varchar(255) [not null, unique, note: 'login']
  score "double precision" [default: 0.5]
  created timestamp [default: `now()`]
  kind varchar [default: 'it\\'s', check: `kind <> ''`]
  tags text[]
}

Table sales.orders {
  id int
  region int
  customer_id bigint [ref: > C.id]
  status sales.status [not null, default: 'open']
  total decimal(10, 2)
  indexes {
    (id, region) [pk]
    (customer_id, `lower(status::text)`) [name: 'ix_cust', type: btree, note: 'lookups']
    total [unique]
  }
  checks {
    `total >= 0` [name: 'ck_total']
  }
  Note {
    'orders, one a row'
  }
}

Table lines {
  order_id int
  region int
  n int
}

Ref fk_lines: lines.(order_id, region) > sales.orders.(id, region) [delete: cascade, update: no action, color: #aaa]
Ref: sales.customers.id - lines.n

TableGroup billing [color: #ff0000] {
  sales.orders
  lines
  Note: 'money'
}

Note sticky {
  'remember'
}
"""


def _issues(result):
    return [(i.severity, str(i.location), i.message) for i in result.issues]


def test_every_construct_maps_onto_the_model():
    result = import_dbml([("full.dbml", FULL)])
    schema = result.schema
    assert schema.dialect == "postgres"
    assert [e.qualified_name for e in schema.enums] == ["sales.status"]
    assert schema.enums[0].values == ["open", "paid in full"]
    customers = schema.find_table("customers", "sales")
    assert customers.comment == "who buys"
    cols = {c.name: c for c in customers.columns}
    assert customers.column_names(customers.primary_key.columns) == ["id"]
    assert cols["id"].identity is not None and not cols["id"].nullable
    assert not cols["email"].nullable and cols["email"].comment == "login"
    assert [customers.column_names(u.columns) for u in customers.uniques] == [["email"]]
    assert cols["score"].type.kind == "double" and cols["score"].default == "0.5"
    assert cols["created"].default == "now()"
    assert cols["kind"].default == "'it''s'"
    assert [(c.expression, customers.column(c.column).name) for c in customers.checks] == [("kind <> ''", "kind")]
    assert cols["tags"].type.array_dims == 1
    orders = schema.find_table("orders", "sales")
    assert orders.column_names(orders.primary_key.columns) == ["id", "region"]
    status = orders.column_named("status")
    assert status.type.kind == "enum" and status.type.enum == "sales.status" and status.default == "'open'"
    assert orders.column_named("total").type.precision == 10
    ix = {i.name: i for i in orders.indexes}
    assert ix["ix_cust"].method == "btree" and ix["ix_cust"].comment == "lookups"
    assert [e.expression for e in ix["ix_cust"].elements] == [None, "lower(status::text)"]
    assert [i.unique for i in orders.indexes] == [False, True]
    assert [(c.name, c.expression) for c in orders.checks] == [("ck_total", "total >= 0")]
    assert orders.comment == "orders, one a row"
    (fk_order,) = orders.foreign_keys
    assert schema.table(fk_order.ref_table) is customers and orders.column_names(fk_order.columns) == ["customer_id"]
    lines = schema.find_table("lines")
    by_name = {fk.name: fk for fk in lines.foreign_keys}
    composite = by_name["fk_lines"]
    assert lines.column_names(composite.columns) == ["order_id", "region"]
    assert orders.column_names(composite.ref_columns) == ["id", "region"]
    assert (composite.on_delete, composite.on_update) == ("CASCADE", "NO ACTION")
    assert lines.column_names(by_name[None].columns) == ["n"]  # standalone one-to-one: the right side holds the key
    assert [(g.name, g.note, g.color, len(g.tables)) for g in result.groups] == [("billing", "money", "#ff0000", 2)]
    issues = _issues(result)
    assert not [i for i in issues if i[0] != "info"], issues
    reported = {(loc, msg.split(" ")[0]) for _, loc, msg in issues}
    # each thing with no place in the model is reported where it is written
    assert ("full.dbml:7:9", "enum") in reported  # the value's note
    assert ("full.dbml:11:29", "table") in reported  # headercolor
    assert ("full.dbml:45:105", "a") in reported  # the reference's colour
    assert ("full.dbml:48:1", "TableGroup") in reported
    assert ("full.dbml:54:1", "sticky") in reported
    assert ("full.dbml:1:1", "the") in reported  # the Project note


def test_many_to_many_becomes_the_junction_table_dbml_core_makes():
    text = "Table a {\n id int [pk]\n}\nTable b {\n id int [pk]\n}\nRef: a.id <> b.id\n"
    result = import_dbml([("m.dbml", text)])
    junction = result.schema.find_table("a_b")
    assert [c.name for c in junction.columns] == ["a_id", "b_id"]
    assert junction.column_names(junction.primary_key.columns) == ["a_id", "b_id"]
    assert sorted(result.schema.table(fk.ref_table).name for fk in junction.foreign_keys) == ["a", "b"]
    assert any("junction table a_b" in i.message and str(i.location) == "m.dbml:7:1" for i in result.issues)


def test_bad_input_is_reported_at_its_location_and_the_rest_is_read():
    text = (
        "Table ok1 {\n  id int [pk]\n}\n"
        "Table broken {\n  id int [pk\n  name varchar\n}\n"
        "Tabel typo {\n  x int\n}\n"
        "Table ok2 {\n  id int [ref: > nowhere.id]\n  y int [frobnicate]\n}\n"
        "Ref: ok2.id > ok1.missing\n"
    )
    result = import_dbml([("bad.dbml", text)])
    assert sorted(t.name for t in result.schema.tables) == ["broken", "ok1", "ok2"]
    issues = _issues(result)
    by_loc = {loc: (sev, msg) for sev, loc, msg in issues}
    assert by_loc["bad.dbml:7:1"][0] == "error"  # the unclosed [ of line 5 meets the table's }
    assert by_loc["bad.dbml:8:1"] == ("error", "Tabel is not a DBML element; left out")
    assert by_loc["bad.dbml:12:11"][0] == "error" and "nowhere" in by_loc["bad.dbml:12:11"][1]
    assert by_loc["bad.dbml:13:10"][0] == "warning" and "frobnicate" in by_loc["bad.dbml:13:10"][1]
    assert by_loc["bad.dbml:15:1"][0] == "error" and "missing" in by_loc["bad.dbml:15:1"][1]


def test_unterminated_string_stops_with_its_location():
    result = import_dbml([("s.dbml", "Table t {\n  a int [note: 'oops]\n}\n")])
    assert [(i.severity, str(i.location)) for i in result.issues] == [("error", "s.dbml:2:16")]


def test_table_partials_are_injected():
    text = ("TablePartial stamps {\n  created timestamp [not null]\n  indexes {\n    created\n  }\n}\n"
            "Table t {\n  id int [pk]\n  ~stamps\n  name text\n}\n")
    table = import_dbml([("p.dbml", text)]).schema.find_table("t")
    assert [c.name for c in table.columns] == ["id", "created", "name"]
    assert len(table.indexes) == 1


def test_parser_keeps_locations():
    doc = parse("// c\nTable  x {\n    a   int\n}\n")
    assert (doc.tables[0].line, doc.tables[0].column) == (2, 1)
    assert (doc.tables[0].columns[0].line, doc.tables[0].columns[0].column) == (3, 5)


def _summary(schema):
    """What DBML says about a schema, comparable across an export and import."""
    out = {}
    for t in schema.tables:
        uniques = {tuple(t.column_names(u.columns)) for u in t.uniques}
        uniques |= {tuple(t.column_names([e.column for e in i.elements])) for i in t.indexes
                    if i.unique and all(e.column for e in i.elements)}
        out[(t.namespace if t.namespace != "public" else None, t.name)] = {
            # a MySQL SET is written as an enum of its values (the export warns, see below)
            "columns": [(c.name, "enum" if c.type.kind == "set" else c.type.kind, c.type.length, c.type.precision, c.type.scale, c.type.array_dims,
                         c.nullable or (t.primary_key is not None and c.id in t.primary_key.columns),
                         # DEFAULT NULL is no default (DBML writes none)
                         "" if (c.default or "").upper() == "NULL" else (c.default or "").lower()
                         if c.identity is None else None,
                         c.identity is not None or c.autoincrement, c.comment) for c in t.columns],
            "pk": t.column_names(t.primary_key.columns) if t.primary_key else None,
            "fks": sorted((tuple(t.column_names(f.columns)), schema.table(f.ref_table).name,
                           tuple(schema.table(f.ref_table).column_names(f.ref_columns)), f.on_delete, f.on_update)
                          for f in t.foreign_keys if f.ref_table),
            "uniques": sorted(uniques),
            "indexes": sorted(len(i.elements) for i in t.indexes if not i.unique),
            "checks": sorted(c.expression for c in t.checks),
            "comment": t.comment,
        }
    return out


@pytest.mark.parametrize("case", ["sakila-pg", "sakila-mysql", "omop-mssql", "musicbrainz"])
def test_corpus_round_trip_through_dbml(case):
    from tests.corpus_cases import CASES

    files, dialect, _ = CASES[case]
    original = import_ddl([str(corpus_path(*f.split("/"))) for f in files], dialect)
    exported = export_dbml(original.schema)
    sets = [(t.name, c.name) for t in original.schema.tables for c in t.columns if c.type.kind == "set"]
    assert len([w for w in exported.warnings if "SET column" in w]) == len(sets)
    back = import_dbml([(f"{case}.dbml", exported.text)])
    problems = [str(i) for i in back.issues if i.severity != "info"]
    assert not problems, problems[:10]
    assert back.schema.dialect == ("mysql" if dialect == "mariadb" else dialect)
    before, after = _summary(original.schema), _summary(back.schema)
    assert before.keys() == after.keys()
    different = [k for k in before if before[k] != after[k]]
    assert not different, [(k, before[k], after[k]) for k in different[:3]]
