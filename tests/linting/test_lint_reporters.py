"""Reporters: SARIF valid against the 2.1.0 schema, JSON shape, text, GitHub, markdown (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from lint_helpers import schema_of

from tablewright.linting import Config, Engine
from tablewright.linting.findings import Summary
from tablewright.linting.reporters import Report, render

SARIF_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
if not SARIF_SCHEMA.exists():
    SARIF_SCHEMA = Path("/work/shared/schemas/sarif-schema-2.1.0.json")
DEFECTS = (Path(__file__).parent / "fixtures" / "defects.sql").read_text()


@pytest.fixture(scope="module")
def report():
    schema = schema_of(DEFECTS, "postgres").schema
    engine = Engine(Config())
    findings = engine.run(schema)
    return Report(findings, Summary.of(findings, tables=len(schema.tables)), schema, ["defects.sql"],
                  [type(r) for r in engine.rules])


def test_sarif_is_valid(report):
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"no SARIF schema at {SARIF_SCHEMA}")
    schema = json.loads(SARIF_SCHEMA.read_text())
    doc = json.loads(render("sarif", report))
    jsonschema.validators.validator_for(schema)(schema).validate(doc)
    run = doc["runs"][0]
    assert len(run["results"]) == len(report.findings)
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(ids[res["ruleIndex"]] == res["ruleId"] for res in run["results"])
    secrets = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r["level"]
               for r in run["results"] if r["ruleId"] == "TW601"}
    assert secrets == {5: "warning", 46: "error"}  # users.password is medium, mail_settings.smtp_password critical


def test_sarif_names_the_installed_version_without_reading_package_metadata(report):
    from importlib.metadata import version  # (the test may: pytest imported it long ago)

    doc = json.loads(render("sarif", report))
    assert doc["runs"][0]["tool"]["driver"]["version"] == version("tablewright")


def test_sarif_invalid_document_is_rejected():
    """The validation above can fail: a broken document does not pass."""
    if not SARIF_SCHEMA.exists():
        pytest.skip("no SARIF schema")
    schema = json.loads(SARIF_SCHEMA.read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validators.validator_for(schema)(schema).validate({"version": "2.1.0", "runs": [{"results": []}]})


def test_json_shape(report):
    doc = json.loads(render("json", report))
    assert set(doc) == {"findings", "summary"}
    f = next(x for x in doc["findings"] if x["rule"] == "TW201")
    assert {"rule", "name", "category", "severity", "table", "column", "message", "fix", "location"} <= set(f)
    assert (f["table"], f["column"], f["category"]) == ("products", "price", "data-types")
    assert f["location"] == {"path": "case.sql", "line": 12, "column": 5}
    assert "sql" not in f["fix"] and f["fix"]["edit"]["op"]  # the SQL only with lint --fix-sql
    report.fix_sql = True
    try:
        f = next(x for x in json.loads(render("json", report))["findings"] if x["rule"] == "TW201")
    finally:
        report.fix_sql = False
    assert f["fix"]["sql"].startswith("ALTER TABLE products")
    t = next(x for x in doc["findings"] if x["rule"] == "TW101")
    assert t["column"] is None
    assert doc["summary"]["total"] == len(doc["findings"])
    assert sum(doc["summary"]["by_severity"].values()) == len(doc["findings"])


def test_text_lines_sorted_by_location(report):
    from tablewright.linting.reporters import grouped

    lines = render("text", report).splitlines()
    assert lines[-1].startswith(f"{len(report.findings)} findings")
    body = lines[:-1]
    # one line per rule per table and severity: payments' two unindexed foreign keys are one line
    assert len(body) == len(grouped(report.findings)) < len(report.findings)
    assert "case.sql:46:5: critical TW601 mail_settings.smtp_password" in "\n".join(body)
    assert "case.sql:5:5: medium TW601 users.password" in "\n".join(body)
    fk = [line for line in body if " TW401 " in line and "payments" in line]
    assert len(fk) == 1 and "user_id" in fk[0] and "order_id" in fk[0]
    # findings of one rule on one table at two severities are two lines, the more severe first
    two = [f for f in report.findings if f.rule == "TW401" and f.table == "payments"]
    split = grouped([two[0].with_severity("high"), two[1]])
    assert [[f.severity for f in g] for g in split] == [["high"], ["medium"]]
    keys = [(int(l.split(":")[1]), int(l.split(":")[2])) for l in body]
    assert keys == sorted(keys)
    assert "\033[" not in "\n".join(body)
    assert "\033[" in render("text", report, color=True)


def test_github_annotations(report):
    lines = render("github", report).splitlines()
    assert len(lines) == len(report.findings)
    assert any(l.startswith("::error file=case.sql,line=46,col=5,title=TW601 plaintext-secret (critical)::")
               for l in lines)
    assert any(l.startswith("::notice ") for l in lines)


def test_markdown_review(report):
    md = render("markdown", report)
    for heading in ("# Schema review", "## Health: ", "## Critical issues", "## Optimization opportunities",
                    "## What is well designed", "## Action plan", "### Immediate", "### Before scale", "### Later",
                    "### Hygiene (low)"):
        assert heading in md
    crit = md.split("## Critical issues")[1].split("## High")[0]
    assert "TW201 float-money" in crit and "```sql" in crit and "numeric(12,2)" in crit
    scores = [l for l in md.splitlines() if l.startswith("| security |")]
    assert scores and float(scores[0].split("|")[2]) < 10


def test_markdown_lists_each_item_once():
    """The action plan orders the items listed above by rule and points at their section;
    it does not list their locations a second time (only the low-severity hygiene items,
    listed nowhere else, carry examples there)."""
    # two financial tables with a floating-point tax rate: two high TW201 items
    schema = schema_of(DEFECTS + "\nCREATE TABLE sales_invoices (id int PRIMARY KEY, amount numeric(12,2), tax_rate double precision);\n"
                                 "CREATE TABLE purchase_invoices (id int PRIMARY KEY, amount numeric(12,2), tax_rate real);\n",
                       "postgres").schema
    engine = Engine(Config())
    findings = engine.run(schema)
    report = Report(findings, Summary.of(findings, tables=len(schema.tables)), schema, ["defects.sql"],
                    [type(r) for r in engine.rules])
    md = render("markdown", report)
    plan = md.split("## Action plan")[1]
    before = plan.split("### Before scale")[1].split("###")[0]
    assert "TW201 float-money" in before and "see High-severity issues" in before
    assert "`" not in plan.split("### Hygiene")[0]  # no locations repeated before the hygiene list
    high = md.split("## High-severity issues")[1].split("##")[0]
    assert sum(f.rule == "TW201" and f.severity == "high" for f in report.findings) >= 2
    assert high.count("TW201 float-money") == 1


def test_markdown_examples_by_importance():
    """Examples are the most severe on the most referenced tables, not the first in the file."""
    ddl = """
    CREATE TABLE zz_hub (id int PRIMARY KEY);
    CREATE TABLE accounts (id int PRIMARY KEY, email varchar(50), password_digest text);
    CREATE TABLE users (id int PRIMARY KEY, hub_id int REFERENCES zz_hub (id), email varchar(50), password_digest text);
    CREATE TABLE x1 (id int PRIMARY KEY, user_id int REFERENCES users (id));
    CREATE TABLE x2 (id int PRIMARY KEY, user_id int REFERENCES users (id));
    """
    schema = schema_of(ddl, "postgres").schema
    findings = Engine(Config(select=["TW301"])).run(schema)
    md = render("markdown", Report(findings, Summary.of(findings, tables=len(schema.tables)), schema, [], []))
    line = next(line for line in md.splitlines() if "TW301 natural-key-not-unique" in line)
    assert line.index("`users.email`") < line.index("`accounts.email`")


def test_markdown_positives_on_a_careful_schema():
    text = (Path(__file__).parent / "fixtures" / "careful.sql").read_text()
    schema = schema_of(text, "postgres").schema
    engine = Engine(Config())
    findings = engine.run(schema)
    md = render("markdown", Report(findings, Summary.of(findings, tables=len(schema.tables)), schema, [],
                                   [type(r) for r in engine.rules]))
    good = md.split("## What is well designed")[1].split("##")[0]
    assert "Every table has a primary key" in good
    assert "foreign keys have a supporting index" in good
    assert "Timestamps carry their time zone" in good
    assert "Money is stored in exact decimals" in good


def test_json_and_sarif_put_one_finding_per_line(report):
    """Indented to the findings, compact below (written by the C encoder): the same document."""
    doc = render("json", report)
    lines = doc.splitlines()
    assert lines[:2] == ["{", '  "findings": [']
    finding_lines = [l for l in lines if l.startswith('    {"id": ')]
    assert len(finding_lines) == len(report.findings)
    assert [json.loads(l.rstrip(",")) for l in finding_lines] == json.loads(doc)["findings"]
    sarif = render("sarif", report)
    assert sum(l.startswith('        {"ruleId": ') for l in sarif.splitlines()) == len(report.findings)
    from tablewright.linting.reporters import layered_json

    nested = {"a": [1, {"b": [2, 3]}], "c": {}, "d": "é"}
    assert json.loads(layered_json(nested, 1)) == json.loads(layered_json(nested, 5)) == nested
