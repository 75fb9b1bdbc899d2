"""``tablewright diff`` on DDL files: spelling is no difference, real changes
are reported with their kind, exit codes 0/1/2, JSON/Markdown/SARIF shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tablewright.app.cli import main

OLD = """
CREATE TABLE customer (
  id integer PRIMARY KEY,
  name character varying(40) NOT NULL DEFAULT 'x'::character varying,
  created timestamp DEFAULT now(),
  status varchar(10) CHECK (status IN ('a', 'b'))
);
CREATE TABLE orders (id int4 PRIMARY KEY, customer_id integer REFERENCES customer (id), total numeric(10,2));
CREATE INDEX orders_customer ON orders (customer_id);
"""

# the same schema as PostgreSQL would dump it
SAME = """
CREATE TABLE public.customer (
  id INTEGER NOT NULL,
  name VARCHAR(40) DEFAULT 'x' NOT NULL,
  created TIMESTAMP WITHOUT TIME ZONE DEFAULT CURRENT_TIMESTAMP,
  status character varying(10),
  CONSTRAINT customer_pkey PRIMARY KEY (id),
  CONSTRAINT customer_status_check CHECK (((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))
);
CREATE TABLE public.orders (id integer NOT NULL, customer_id INT, total NUMERIC(10, 2),
  CONSTRAINT orders_pkey PRIMARY KEY (id));
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customer(id);
CREATE INDEX orders_customer ON public.orders USING btree (customer_id);
"""

CHANGED = OLD.replace("total numeric(10,2)", "total numeric(12,3), note text").replace(
    "CREATE INDEX orders_customer ON orders (customer_id);", "CREATE TABLE payment (id bigint PRIMARY KEY);")


def _files(tmp_path, old, new):
    a, b = tmp_path / "old.sql", tmp_path / "new.sql"
    a.write_text(old)
    b.write_text(new)
    return str(a), str(b)


def test_same_schema_spelled_differently_is_equal(tmp_path, capsys):
    a, b = _files(tmp_path, OLD, SAME)
    assert main(["diff", a, b, "--dialect", "postgres"]) == 0, capsys.readouterr().out
    assert "no differences" in capsys.readouterr().out


def test_changes_are_reported_as_json(tmp_path, capsys):
    a, b = _files(tmp_path, OLD, CHANGED)
    assert main(["diff", a, b, "--dialect", "postgres", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    got = {(c["kind"], c["table"], c["column"] or c.get("name")) for c in doc["changes"]}
    assert got == {("column-added", "public.orders", "note"), ("column-changed", "public.orders", "total"),
                   ("table-added", "public.payment", None), ("index-removed", "public.orders", "orders_customer")}
    total = next(c for c in doc["changes"] if c["kind"] == "column-changed")
    assert total["before"] == {"type": "NUMERIC(10, 2)"} and total["after"] == {"type": "NUMERIC(12, 3)"}


# a pg_dump of the old schema and a hand-written new one: each file spells its types its own way
DUMPED = """
CREATE TABLE public.customer (id integer NOT NULL, name character varying(50), score numeric(10,2),
  seen timestamp with time zone, code character(3), tags text[], born timestamp(3) without time zone);
"""
WRITTEN = """
CREATE TABLE customer (id BIGINT NOT NULL, name VARCHAR(120), score DECIMAL(12,3), seen TIMESTAMP,
  code CHAR(4), tags VARCHAR(20)[], born TIMESTAMP(6), note Varchar(10));
"""


def test_both_sides_of_a_change_are_spelt_one_way(tmp_path, capsys):
    a, b = _files(tmp_path, DUMPED, WRITTEN)
    assert main(["diff", a, b]) == 1
    out = capsys.readouterr().out
    for line in ["column-changed public.customer.id: type INTEGER → type BIGINT",
                 "column-changed public.customer.name: type VARCHAR(50) → type VARCHAR(120)",
                 "column-changed public.customer.score: type NUMERIC(10, 2) → type NUMERIC(12, 3)",
                 "column-changed public.customer.seen: type TIMESTAMP WITH TIME ZONE → type TIMESTAMP WITHOUT TIME ZONE",
                 "column-changed public.customer.code: type CHAR(3) → type CHAR(4)",
                 "column-changed public.customer.born: type TIMESTAMP(3) WITHOUT TIME ZONE → "
                 "type TIMESTAMP(6) WITHOUT TIME ZONE",
                 # arrays have no spelling of SQLAlchemy's here: as written, in capitals
                 "column-changed public.customer.tags: type TEXT[] → type VARCHAR(20)[]",
                 "column-added public.customer.note: VARCHAR(10) NULL"]:
        assert line in out, out
    assert main(["diff", a, b, "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert "| `public.customer.name` | type VARCHAR(50) | type VARCHAR(120) |" in out
    assert "name: VARCHAR(50) → VARCHAR(120)" not in out  # (widened in place: no finding)
    assert "id: INTEGER → BIGINT rewrites the table" in out  # the migration findings spell them alike


def test_ignore_and_markdown(tmp_path, capsys):
    a, b = _files(tmp_path, OLD, CHANGED)
    assert main(["diff", a, b, "--dialect", "postgres", "--ignore", "index,table-added,column",
                 "--format", "markdown"]) == 0
    assert "No differences." in capsys.readouterr().out
    assert main(["diff", a, b, "--dialect", "postgres", "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert "| column-added | `public.orders.note` |" in out
    assert "#### Migration findings" in out  # a re-typed column (a new scale: PostgreSQL rewrites the table)


def test_sarif_is_valid(tmp_path, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    schema_file = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_file.exists():
        pytest.skip(f"SARIF schema not found at {schema_file}")
    a, b = _files(tmp_path, OLD, CHANGED)
    assert main(["diff", a, b, "--dialect", "postgres", "--format", "sarif"]) == 1
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, json.loads(schema_file.read_text()))
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} == {"column-added", "column-changed", "table-added",
                                                               "index-removed"}


def test_errors_exit_2(tmp_path, capsys):
    a, _ = _files(tmp_path, OLD, OLD)
    assert main(["diff", a, str(tmp_path / "missing.sql")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["diff", a, a, "--ignore", "bogus"]) == 2
    assert main(["diff", a, "postgresql://nobody:secret@127.0.0.1:1/x"]) == 2
    assert "secret" not in capsys.readouterr().err


def test_projects_match_by_id_and_ddl_files_take_renames(tmp_path, capsys):
    """Two project files: a renamed column is a rename (ids); two DDL files: a rename when told."""
    import copy

    from tablewright.designer import edits
    from tablewright.designer.ddl_import import import_ddl
    from tablewright.designer.project import Project, save_project

    schema = import_ddl([("old.sql", OLD)], "postgres").schema
    renamed = copy.deepcopy(schema)
    orders = renamed.find_table("orders")
    edits.rename_column(renamed, orders.id, orders.column_named("total").id, "amount").apply(renamed)
    a, b = tmp_path / "a.twproj", tmp_path / "b.twproj"
    save_project(a, Project(schema=schema))
    save_project(b, Project(schema=renamed))
    assert main(["diff", str(a), str(b), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [(c["kind"], c["column"], c["before"], c["after"]) for c in doc["changes"]] == [
        ("column-renamed", "amount", "total", "amount")]
    old_sql, new_sql = _files(tmp_path, OLD, OLD.replace("total numeric", "amount numeric"))
    assert main(["diff", old_sql, new_sql, "--format", "json"]) == 1
    kinds = {c["kind"] for c in json.loads(capsys.readouterr().out)["changes"]}
    assert kinds == {"column-added", "column-removed"}
    assert main(["diff", old_sql, new_sql, "--format", "json", "--rename", "orders.total=amount"]) == 1
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert [(c["kind"], c["column"]) for c in changes] == [("column-renamed", "amount")]


def test_ignore_grants_owners_comments(tmp_path, capsys):
    # (the DDL importer leaves ALTER ... OWNER TO out: owners come from a live database only)
    extra = "COMMENT ON TABLE customer IS 'who buys';\nGRANT SELECT ON customer TO reporting;\n"
    a, b = _files(tmp_path, OLD, OLD + extra)
    assert main(["diff", a, b, "--format", "json"]) == 1
    kinds = sorted(c["kind"] for c in json.loads(capsys.readouterr().out)["changes"])
    assert kinds == ["grant-added", "table-comment-changed"]
    assert main(["diff", a, b, "--ignore", "grants,owners,comments"]) == 0
