"""Index advice (no Qt): candidate shapes, consolidation, write-heavy tables,
drops, the fix as one undoable model edit with its safe SQL; `tablewright
advise` (JSON shape, input errors) and --verify on PostgreSQL with HypoPG."""

from __future__ import annotations

import json
import subprocess
import sys

from lint_helpers import schema_of, workload_of

from tablewright.designer import edits
from tablewright.linting import Config, Engine
from tablewright.linting.workload.advice import advise
from tablewright.linting.workload.analysis import analyse

DDL = """
CREATE TABLE customer (id int PRIMARY KEY, email text NOT NULL, store_id int NOT NULL, active boolean NOT NULL,
                       last_name text NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE rental (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customer (id),
                     rental_date timestamptz NOT NULL, return_date timestamptz);
CREATE INDEX rental_customer ON rental (customer_id);
CREATE TABLE audit (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL, actor int NOT NULL);
"""


def _advice(queries: str, dialect: str = "postgres", ddl: str = DDL, **kw):
    schema = schema_of(ddl, dialect).schema
    return schema, advise(analyse(workload_of(queries, dialect, **kw), schema))


def _shapes(advice):
    return [c.describe() for c in advice.indexes]


def test_equality_then_range_or_order_partial_and_include():
    _, adv = _advice("""
        SELECT id FROM customer WHERE store_id = $1 AND created_at >= $2;
        SELECT id, last_name FROM customer WHERE store_id = $1 AND active ORDER BY last_name LIMIT 20;
        SELECT id FROM rental WHERE rental_date >= $1 AND return_date IS NULL;
        SELECT id FROM rental WHERE customer_id = $1 AND return_date IS NULL ORDER BY rental_date DESC LIMIT 5;
    """)
    assert sorted(_shapes(adv)) == sorted([
        "(store_id, created_at)",
        "(store_id, last_name) WHERE active",
        "(rental_date) WHERE return_date IS NULL",
    ])  # rental_customer (customer_id) serves the last query's equality: no advice there


def test_mysql_has_no_partial_or_include():
    _, adv = _advice("SELECT id, last_name FROM customer WHERE store_id = ? AND active ORDER BY last_name LIMIT 20;",
                     "mysql")
    assert _shapes(adv) == ["(store_id, active, last_name)"]


def test_prefixes_consolidate_and_the_most_used_equality_leads():
    _, adv = _advice("""
        SELECT id FROM customer WHERE store_id = $1;
        SELECT id FROM customer WHERE store_id = $1 AND last_name = $2;
        SELECT id FROM customer WHERE last_name = $2 AND store_id = $1;
    """)
    (c,) = adv.indexes
    assert c.describe() == "(store_id, last_name)" and len(c.queries) == 3


def test_join_lookup_only_from_a_filtered_side():
    _, adv = _advice("""
        SELECT c.email FROM customer c JOIN audit a ON a.actor = c.id WHERE c.email = $1;
        SELECT c.email FROM customer c JOIN audit a ON a.actor = c.id;
    """)
    assert sorted(_shapes(adv)) == ["(actor)", "(email)"]
    (join,) = [c for c in adv.indexes if c.describe() == "(actor)"]
    assert len(join.queries) == 1


def test_write_heavy_table_gets_one_index():
    queries = "".join(f"INSERT INTO audit (id, kind, at, actor) VALUES ($1, $2, $3, {i});\n" for i in range(5))
    _, adv = _advice(queries + "SELECT id FROM audit WHERE actor = $1;\nSELECT id FROM audit WHERE kind = $1;\n")
    assert len(adv.indexes) == 1 and "one index only" in adv.indexes[0].reason()
    assert any("written more than read" in n for n in adv.notes)


def test_drops_only_for_a_complete_workload():
    q = "SELECT id FROM customer WHERE email = $1;\nSELECT id FROM rental WHERE id = $1;\n"
    ddl = DDL + "CREATE INDEX customer_last_name ON customer (last_name);\n"
    _, adv = _advice(q, ddl=ddl)
    assert adv.drops == []
    _, adv = _advice(q, ddl=ddl, complete=True)
    # rental_customer leads with the foreign key: kept
    assert [d.index.name for d in adv.drops] == ["customer_last_name"]


def test_fix_is_one_undoable_edit_with_concurrent_sql():
    schema = schema_of(DDL, "postgres").schema
    engine = Engine(Config(select=["TW412"]), workload=workload_of("SELECT id FROM customer WHERE email = $1;",
                                                                   "postgres"))
    (f,) = engine.run(schema)
    assert f.location.path == "queries.sql" and f.location.line == 1
    assert f.fix.sql == "CREATE INDEX CONCURRENTLY customer_email_idx ON customer (email);"
    table = schema.find_table("customer")
    f.fix.edit.apply(schema)
    assert [ix.name for ix in schema.find_table("customer").indexes] == ["customer_email_idx"]
    # the advice is served now
    assert engine.update(schema, {table.id}) == []
    f.fix.edit.revert(schema)
    assert schema.find_table("customer").indexes == [] and len(engine.update(schema, {table.id})) == 1
    # the designer's form of the same change: one ReplaceTable edit
    e = edits.put_index(schema, table.id, f.fix.edit.item)
    e.apply(schema)
    assert len(schema.find_table("customer").indexes) == 1
    e.revert(schema)
    assert schema.find_table("customer").indexes == []


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-c", "import sys; from tablewright.app.cli import main; "
                           "sys.exit(main(sys.argv[1:]))", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def _files(tmp_path, queries: str):
    (tmp_path / "schema.sql").write_text(DDL)
    (tmp_path / "q.sql").write_text(queries)
    return str(tmp_path / "schema.sql"), str(tmp_path / "q.sql")


def test_advise_json_shape_and_input_errors(tmp_path):
    schema, queries = _files(tmp_path, "SELECT * FROM customer WHERE email = $1;\nSELECT FROM WHERE;\n")
    run = _cli("advise", schema, "--queries", queries, "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    (ix,) = data["indexes"]
    assert ix["table"] == "public.customer" and ix["columns"] == ["email"] and ix["where"] is None
    assert ix["unique"] is False and ix["include"] == []
    assert ix["sql"] == "CREATE INDEX CONCURRENTLY customer_email_idx ON customer (email);"
    assert ix["queries"] == [{"path": queries, "line": 1}] and "cost_before" not in ix
    assert [f["rule"] for f in data["findings"]] == ["TQ002"] and data["drops"] == []
    assert f"{queries}:2:" in run.stderr  # the unparseable query, located, skipped
    bad = tmp_path / "sizes.yaml"
    bad.write_text("customer: many\n")
    run = _cli("advise", schema, "--queries", queries, "--sizes", str(bad))
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "sizes.yaml:1:1" in run.stderr
    assert "Traceback" not in run.stderr
    for fmt in ("text", "markdown"):
        run = _cli("advise", schema, "--queries", queries, "--format", fmt)
        assert "CREATE INDEX CONCURRENTLY customer_email_idx" in run.stdout


def test_lint_queries_adds_advice_and_query_findings(tmp_path):
    schema, queries = _files(tmp_path, "SELECT * FROM customer WHERE email = $1;\n")
    run = _cli("lint", schema, "--queries", queries, "--format", "json", "--select", "TW412,queries")
    data = json.loads(run.stdout)
    assert sorted(f["rule"] for f in data["findings"]) == ["TQ002", "TW412"]


def test_verify_with_hypopg(tmp_path, hypopg_url):
    schema, queries = _files(tmp_path, "SELECT id, last_name FROM customer WHERE email = $1;\n"
                                       "SELECT id FROM rental WHERE rental_date >= ? AND return_date IS NULL;\n")
    sizes = tmp_path / "sizes.json"
    sizes.write_text(json.dumps({"customer": 20000, "rental": 20000}))
    run = _cli("advise", schema, "--queries", queries, "--verify", hypopg_url.replace("postgres@", "postgres:pw@"),
               "--sizes", str(sizes), "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    by_table = {i["table"]: i for i in data["indexes"]}
    assert set(by_table) == {"public.customer", "public.rental"}
    for i in by_table.values():
        assert i["verified"] and i["cost_after"] < i["cost_before"], i
    assert by_table["public.customer"]["cost_after"] < by_table["public.customer"]["cost_before"] / 5
    assert data["verification"]["rows"] == {"customer": 20000, "rental": 20000}
    per_query = {q["line"]: q for q in data["verification"]["queries"]}
    assert set(per_query) == {1, 2} and all(q["cost_after"] < q["cost_before"] for q in per_query.values())
    assert "pw" not in run.stdout + run.stderr
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres") as conn:
        left = conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s",
                            (data["verification"]["database"],)).fetchone()[0]
    assert data["verification"]["database"].startswith("tw_verify_") and left == 0


def test_sizes_small_tables_get_no_advice_and_sizes_files(tmp_path):
    from tablewright.app.commands.advise import read_sizes
    from tablewright.designer.errors import InputError

    schema = schema_of(DDL, "postgres").schema
    wl = workload_of("SELECT id FROM customer WHERE email = $1;\nSELECT id FROM audit WHERE actor = $1;\n", "postgres")
    adv = advise(analyse(wl, schema), sizes={"customer": 500, "audit": 5_000_000})
    assert [c.table.name for c in adv.indexes] == ["audit"]
    assert any("customer: 500 rows" in n for n in adv.notes)
    (tmp_path / "s.csv").write_text("table,rows\ncustomer,500\npublic.audit,12\n")
    assert read_sizes(str(tmp_path / "s.csv")) == {"customer": 500, "public.audit": 12}
    (tmp_path / "bad.csv").write_text("table,rows\ncustomer,lots\n")
    import pytest

    with pytest.raises(InputError, match=r"bad.csv:2:1"):
        read_sizes(str(tmp_path / "bad.csv"))
