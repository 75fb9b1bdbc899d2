"""Mermaid erDiagram export: cardinalities follow nullability and uniqueness,
names that need it are quoted, and Mermaid's own parser (mermaid.parse, in
headless Chromium) accepts the diagrams of Sakila and of every corpus schema."""

from __future__ import annotations

from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.mermaid import export_mermaid
from tests.corpus_cases import CASES
from tests.corpus_models import schema as corpus_schema
from tests.jstools import require_chromium, run_node

DDL = """
CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE);
CREATE TABLE child (
  id int PRIMARY KEY,
  must int NOT NULL REFERENCES parent(id),
  may int REFERENCES parent(id),
  one_to_one int NOT NULL UNIQUE REFERENCES parent(id),
  "odd name" text
);
CREATE TABLE link (p int REFERENCES parent(id), c int REFERENCES child(id), PRIMARY KEY (p, c));
CREATE SCHEMA s;
CREATE TABLE s."Big Table" (id int PRIMARY KEY, p int REFERENCES parent(id));
"""


def test_cardinality_and_markers():
    schema = import_ddl([("t.sql", DDL)], "postgres").schema
    out = export_mermaid(schema)
    lines = out.text.splitlines()
    assert lines[0] == "erDiagram"
    assert '    parent ||..o{ child : "must"' in lines  # required, many
    assert '    parent |o..o{ child : "may"' in lines  # optional, many
    assert '    parent ||..o| child : "one_to_one"' in lines  # required, unique: one-to-one
    assert '    parent ||--o{ link : "p"' in lines  # part of the primary key: identifying
    assert '    parent |o..o{ "s.Big Table" : "p"' in lines  # qualified names are quoted
    assert "        int id PK" in lines
    assert "        text code UK" in lines
    assert "        int one_to_one FK, UK" in lines
    assert "        int p PK, FK" in lines
    assert "        text odd_name" in lines
    assert any("odd name" in w for w in out.warnings)
    # every table is an entity
    assert sum(1 for ln in lines if ln.endswith("{") and ln.startswith("    ") and "--" not in ln
               and ".." not in ln) == 4


def test_mermaids_parser_accepts_every_corpus_diagram():
    """Every corpus schema's erDiagram through mermaid.parse, in one browser (one test: runs once)."""
    require_chromium()
    docs = [{"name": name, "text": export_mermaid(corpus_schema(name)).text} for name in CASES]
    results = run_node("mermaid_parse.cjs", docs)
    assert len(results) == len(CASES)
    rejected = {r["name"]: r.get("error") for r in results if not (r["ok"] and r["type"] == "er")}
    assert not rejected, rejected


def test_mermaids_parser_rejects_a_broken_diagram():
    """The check can fail: Mermaid's parser in Chromium reports an error."""
    require_chromium()
    (result,) = run_node("mermaid_parse.cjs", [{"name": "bad", "text": "erDiagram\n  A ||--o{ : x\n"}])
    assert not result["ok"] and "Parse error" in result["error"]


EDGE = """
CREATE TABLE empty_one ();
CREATE TABLE "2nd table" ("1col" int, "naïve" text, "with space" "double precision", q text);
COMMENT ON COLUMN "2nd table".q IS 'say "hi" % ok';
CREATE TABLE "tbl-dash" (id int primary key, r int references "2nd table"("1col"));
"""


def test_awkward_names_stay_valid_for_mermaids_parser():
    schema = import_ddl([("e.sql", EDGE)], "postgres").schema
    out = export_mermaid(schema)
    lines = out.text.splitlines()
    assert '    "2nd table" {' in lines and "        int _1col" in lines
    assert "        double_precision with_space" in lines
    assert "        text q \"say 'hi' % ok\"" in lines
    assert '    "2nd table" |o..o{ tbl-dash : "r"' in lines
    require_chromium()
    (result,) = run_node("mermaid_parse.cjs", [{"name": "edge", "text": out.text}])
    assert result["ok"], result.get("error")
