"""Query findings through the whole pipeline (no Qt): locations into the queries
file in every format, suppressions in the queries file, and the live engine
re-checking the workload when the model changes."""

from __future__ import annotations

import json

from lint_helpers import schema_of, workload_of

from tablewright.designer import edits
from tablewright.linting import Config, Engine
from tablewright.linting.reporters import FORMATS, render
from tablewright.linting.runner import lint_sources

DDL = """CREATE TABLE customer (id int PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL);
CREATE INDEX customer_created ON customer (created_at);
"""
QUERIES = """SELECT id FROM customer WHERE email = $1;
-- tablewright: ignore[TQ002]
SELECT * FROM customer WHERE id = $1;
SELECT *
FROM customer WHERE date(created_at) = $1;
"""


def _files(tmp_path):
    (tmp_path / "schema.sql").write_text(DDL)
    (tmp_path / "queries.sql").write_text(QUERIES)
    return str(tmp_path / "schema.sql"), str(tmp_path / "queries.sql")


def test_findings_point_into_the_queries_file_in_every_format(tmp_path):
    schema, queries = _files(tmp_path)
    out = lint_sources([schema], Config(select=["queries"]), queries=[queries])
    found = {(f.rule, f.location.line, f.location.column) for f in out.report.findings}
    # line 3's SELECT * is suppressed by the comment above it; line 4's is not; line 5's date() at column 21
    assert found == {("TQ002", 4, 8), ("TQ007", 5, 21)}
    assert out.report.summary.suppressed == 1
    sarif = json.loads(render("sarif", out.report))
    locs = [r["locations"][0]["physicalLocation"] for r in sarif["runs"][0]["results"]]
    assert {(loc["artifactLocation"]["uri"].rsplit("/", 1)[-1], loc["region"]["startLine"]) for loc in locs} == \
        {("queries.sql", 4), ("queries.sql", 5)}
    data = json.loads(render("json", out.report))
    assert all(f["query"].startswith("SELECT") for f in data["findings"])
    for fmt in FORMATS:
        text = render(fmt, out.report)
        assert "queries.sql" in text, fmt


def test_renaming_a_column_makes_the_query_stale_at_once():
    schema = schema_of(DDL, "postgres").schema
    engine = Engine(Config(select=["TQ010"]), workload=workload_of(QUERIES, "postgres"))
    assert engine.run(schema) == []
    table = schema.find_table("customer")
    e = edits.rename_column(schema, table.id, table.column_named("email").id, "email_address")
    e.apply(schema)
    found = engine.update(schema, e.tables)
    assert [(f.rule, f.table, f.location.line) for f in found] == [("TQ010", "customer", 1)]
    e.revert(schema)
    assert engine.update(schema, e.tables) == []
    # a full run gives what the incremental one gave
    e.apply(schema)
    assert [f.id for f in engine.update(schema, e.tables)] == [f.id for f in Engine(
        Config(select=["TQ010"]), workload=workload_of(QUERIES, "postgres")).run(schema)]


def test_no_workload_no_query_findings():
    schema = schema_of(DDL, "postgres").schema
    assert [f for f in Engine(Config(select=["queries"])).run(schema)] == []
