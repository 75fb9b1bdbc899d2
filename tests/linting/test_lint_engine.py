"""Engine, registry, configuration, fixes, suppressions and baselines (no Qt)."""

from __future__ import annotations

import re

import pytest
from lint_helpers import lint, schema_of

from tablewright.designer.errors import InputError
from tablewright.designer.model import canonical
from tablewright.linting import Config, Engine, all_rules, baseline, get_rule, suppressions

DEFECTS = """
CREATE TABLE users (id int PRIMARY KEY, email varchar(100), password varchar(100));
CREATE TABLE invoice (id int PRIMARY KEY, user_id int REFERENCES users (id), total float, issued_on date);
CREATE TABLE audit_payload (id int PRIMARY KEY, payload json, extra json);
"""


def test_registry_invariants():
    rules = all_rules()
    assert len(rules) >= 70
    assert len({r.code for r in rules}) == len(rules) == len({r.name for r in rules})
    for r in rules:
        docs = r.docs()
        for section in ("What it does", "Why is this bad?", "Example", "Use instead"):
            assert docs.get(section), f"{r.code} lacks '{section}'"
        assert docs["summary"].endswith("."), r.code
        assert r.triggers is None or isinstance(r.triggers, frozenset)
        r()  # default options are valid
    assert get_rule("tw101") is get_rule("missing-primary-key") is get_rule("TW101")


def test_findings_are_deterministic_with_stable_ids():
    a = lint(DEFECTS, "postgres")
    b = lint(DEFECTS, "postgres")
    assert [f.to_dict() for f in a] == [f.to_dict() for f in b]
    assert len({f.id for f in a}) == len(a)
    assert all(re.fullmatch(r"TW\d{3}-[0-9a-f]{12}", f.id) for f in a)
    # ids do not depend on line numbers
    shifted = lint("\n\n-- a comment\n" + DEFECTS, "postgres")
    assert [f.id for f in shifted] == [f.id for f in a]
    assert [f.location.line for f in shifted] != [f.location.line for f in a]


def test_finding_points_at_table_column_and_location():
    [f] = [f for f in lint(DEFECTS, "postgres") if f.rule == "TW201"]
    assert (f.table, f.column, f.category, f.severity) == ("invoice", "total", "data-types", "critical")
    assert (f.location.path, f.location.line) == ("case.sql", 3)
    assert f.fix.sql == "ALTER TABLE invoice ALTER COLUMN total TYPE numeric(12,2) USING total::numeric(12,2);"


@pytest.mark.parametrize(("select", "expect"), [
    (["TW201"], {"TW201"}),
    (["float-money", "TW6"], {"TW201", "TW601", "TW603"}),
    (["security"], {"TW601", "TW603"}),
])
def test_select(select, expect):
    assert {f.rule for f in lint(DEFECTS, "postgres", select=select)} == expect


def test_ignore_severity_and_objects_from_toml(tmp_path):
    (tmp_path / "tablewright.toml").write_text('''
[tablewright]
ignore = ["naming", "TW801"]
ignore-objects = ["audit_*.payload"]
[tablewright.severity]
float-money = "medium"
[tablewright.per-object-ignores]
"users" = ["security"]
''')
    cfg = Config.discover(tmp_path)
    found = Engine(cfg).run(schema_of(DEFECTS, "postgres").schema)
    rules = {f.rule for f in found}
    assert not rules & {"TW801", "TW905"}
    assert not [f for f in found if f.table == "audit_payload" and f.column == "payload"]
    assert [f for f in found if f.table == "audit_payload" and f.column == "extra"]  # only that column
    assert not [f for f in found if f.table == "users" and f.category == "security"]
    assert [f.severity for f in found if f.rule == "TW201"] == ["medium"]


def test_pyproject_and_rule_options(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.tablewright.rules.wide-table]\nmax-columns = 2\n')
    cfg = Config.discover(tmp_path)
    assert any(f.rule == "TW108" for f in Engine(cfg).run(schema_of(DEFECTS, "postgres").schema))


@pytest.mark.parametrize("bad", [
    'select = ["TW999"]', 'fail-on = "urgent"', 'colour = true', '[rules.wide-table]\nmax-columns = "many"',
    '[severity]\nTW101 = "huge"', '[rules.wide-table]\nnope = 1',
])
def test_bad_config_is_an_input_error(tmp_path, bad):
    (tmp_path / "tablewright.toml").write_text(bad + "\n")
    with pytest.raises(InputError):
        Config.discover(tmp_path)


def test_disabled_by_default_rule_needs_explicit_selection():
    ddl = "CREATE TABLE doc (id int PRIMARY KEY, body text, updated_at date);"
    assert not [f for f in lint(ddl, "postgres") if f.rule == "TW503"]
    assert [f for f in lint(ddl, "postgres", extend_select=["TW503"]) if f.rule == "TW503"]
    assert [f for f in lint(ddl, "postgres", select=["TW503"]) if f.rule == "TW503"]
    assert not [f for f in lint(ddl, "postgres", select=["concurrency"]) if f.rule == "TW503"]


@pytest.mark.parametrize(("rule", "ddl"), [
    ("TW201", "CREATE TABLE invoice (id int PRIMARY KEY, total float);"),
    ("TW401", "CREATE TABLE post (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, post_id int REFERENCES post (id));"),
    ("TW103", "CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE post (id int PRIMARY KEY, user_id int);"),
    ("TW301", "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);"),
    ("TW209", "CREATE TABLE t (id int PRIMARY KEY, is_on boolean);"),
    ("TW211", "CREATE TABLE t (id int PRIMARY KEY, doc json);"),
    ("TW203", "CREATE TABLE t (id int PRIMARY KEY, at timestamp);"),
])
def test_model_fix_removes_the_finding_and_undoes(rule, ddl):
    schema = schema_of(ddl, "postgres").schema
    before = canonical(schema)
    [f] = [f for f in Engine(Config(select=[rule])).run(schema)]
    assert f.fix is not None and f.fix.edit is not None and f.fix.sql
    f.fix.edit.apply(schema)
    assert not Engine(Config(select=[rule])).run(schema)
    f.fix.edit.revert(schema)
    assert canonical(schema) == before


SUPPRESSED = """
-- tablewright: ignore[TW201, nullable-boolean]
CREATE TABLE invoice (id int PRIMARY KEY, total float, paid boolean);
CREATE TABLE refund (id int PRIMARY KEY, amount float); -- tablewright: ignore[float-money]
-- tablewright: ignore[TW601]
CREATE TABLE note (id int PRIMARY KEY, body text);
-- tablewright: ignore
CREATE TABLE other (x float, price float);
"""


def test_inline_suppressions_and_unused_ones():
    result = schema_of(SUPPRESSED, "postgres")
    found = Engine(Config(select=["TW201", "TW209", "TW601", "TW101", "TW001"])).run(result.schema)
    supp = suppressions.parse(result.statement_comments)
    kept, n, unused = suppressions.apply(found, supp)
    kept_rules = sorted((f.rule, f.table) for f in kept)
    assert ("TW201", "invoice") not in kept_rules and ("TW209", "invoice") not in kept_rules
    assert ("TW201", "other") not in kept_rules and ("TW101", "other") not in kept_rules
    assert n >= 4
    assert [u.rule for u in unused] and all(u.rule == "TW001" for u in unused)
    assert any("TW601" in u.message for u in unused)
    assert all(u.location is not None for u in unused)


def test_trailing_suppression_on_the_statement_line():
    result = schema_of(SUPPRESSED, "postgres")
    found = Engine(Config(select=["TW201"])).run(result.schema)
    kept, _, _ = suppressions.apply(found, suppressions.parse(result.statement_comments))
    assert not [f for f in kept if f.table == "refund"]


def test_baseline_round_trip(tmp_path):
    found = lint(DEFECTS, "postgres")
    path = tmp_path / "baseline.json"
    baseline.write(path, found)
    known = baseline.load(path)
    new, n = baseline.filter_new(found, known)
    assert (new, n) == ([], len(found))
    more = lint(DEFECTS + "CREATE TABLE wallet (id int PRIMARY KEY, price float);", "postgres")
    new, n = baseline.filter_new(more, known)
    assert n == len(found) and {f.table for f in new} == {"wallet"}
    (tmp_path / "bad.json").write_text("[]")
    with pytest.raises(InputError):
        baseline.load(tmp_path / "bad.json")


def test_set_null_fix_sql_per_dialect():
    ddl = ("CREATE TABLE users (id int PRIMARY KEY);\n"
           "CREATE TABLE post (id int PRIMARY KEY, author_id int NOT NULL REFERENCES users (id) ON DELETE SET NULL);")
    sqls = {d: [f for f in lint(ddl, d, select=["TW307"])][0].fix.sql for d in ("postgres", "mysql", "mssql")}
    assert sqls["postgres"] == "ALTER TABLE post ALTER COLUMN author_id DROP NOT NULL;"
    assert sqls["mysql"].startswith("ALTER TABLE post MODIFY author_id") and sqls["mysql"].endswith(" NULL;")
    assert sqls["mssql"].startswith("ALTER TABLE post ALTER COLUMN author_id") and sqls["mssql"].endswith(" NULL;")
