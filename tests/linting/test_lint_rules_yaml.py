"""Rule tests as data: one YAML file per rule under tests/linting/rules/, with
passing and failing DDL per dialect (and options), run by this one test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tablewright.linting import get_rule
from lint_helpers import lint

HERE = Path(__file__).parent / "rules"
DEFAULT_DIALECTS = ["postgres", "mysql", "sqlite", "mssql"]
CASE_KEYS = {"name", "pass", "fail", "dialects", "expect", "severity", "options", "queries", "complete", "says",
             "says_not"}


def _cases():
    for path in sorted(HERE.glob("*.yml")):
        data = yaml.safe_load(path.read_text())
        rule = get_rule(data["rule"])
        assert rule is not None, f"{path.name}: unknown rule {data['rule']}"
        assert path.stem == rule.code, f"{path.name} should be named {rule.code}.yml"
        for i, case in enumerate(data["cases"]):
            # a misspelt key ('dialect:') would be ignored and the case run where it was not meant to
            unknown = set(case) - CASE_KEYS
            assert not unknown, f"{path.name} case {case.get('name', i)}: unknown keys {sorted(unknown)}"
            assert ("pass" in case) != ("fail" in case), f"{path.name} case {case.get('name', i)}: pass or fail"
            dialects = case.get("dialects", DEFAULT_DIALECTS)
            for dialect in dialects:
                if "fail" in case and dialect not in rule.dialects:
                    continue
                yield pytest.param(rule, case, dialect, id=f"{rule.code}-{case.get('name', i)}-{dialect}")


@pytest.mark.parametrize(("rule", "case", "dialect"), list(_cases()))
def test_rule_case(rule, case, dialect):
    options = {rule.code: case["options"]} if case.get("options") else None
    ddl = case.get("fail", case.get("pass"))
    found = [f for f in lint(ddl, dialect, select=[rule.code], options=options, queries=case.get("queries"),
                             complete=case.get("complete", False)) if f.rule == rule.code]
    if "pass" in case:
        assert found == [], [f.message for f in found]
        return
    assert found, f"{rule.code} raised nothing on: {ddl}"
    if "expect" in case:
        got = sorted((f.table or "", f.column or "") for f in found)
        want = sorted((e["table"] or "", e.get("column") or "") for e in case["expect"])
        assert got == want, [f.message for f in found]
    for f in found:
        assert f.category == rule.category
        if "severity" in case:
            assert f.severity == case["severity"]
    for f in found:  # what the message must say, or must not (a rule's reasons for its severity)
        if case.get("says"):
            assert case["says"] in f.message, f.message
        if case.get("says_not"):
            assert case["says_not"] not in f.message, f.message


def test_every_rule_has_a_yaml_file():
    from tablewright.linting import all_rules

    have = {p.stem for p in HERE.glob("*.yml")}
    missing = [r.code for r in all_rules() if r.code not in have and r.code != "TW001"]
    assert missing == []
