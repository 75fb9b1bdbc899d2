"""Each rule's documented *Example* fires and its *Use instead* does not
(issue 15): the SQL is read from the rule's docstring -- the text
``tablewright rule CODE`` and docs/rules.md show -- and linted the way a user
lints a file (``tablewright.linting.runner.lint_sources``, suppressions included), with the
rule selected even when it is off by default.

An example block may start with ``-- dialect: NAME`` (e.g. SQL Server-only
rules); otherwise it is read as PostgreSQL, or the rule's only dialect.  What
follows a ``-- queries:`` line is a workload (the query rules and the index
advice): it is linted as the user's queries file (``--queries``).
"""

from __future__ import annotations

import re

import pytest
from lint_helpers import schema_of

from tablewright.linting.config import Config
from tablewright.linting.rule import all_rules
from tablewright.linting.runner import lint_sources

RULES = all_rules()
_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)
_DIALECT = re.compile(r"\A--\s*dialect:\s*(\w+)")


def _sql(rule, section: str) -> str:
    blocks = _BLOCK.findall(rule.docs().get(section, ""))
    assert len(blocks) == 1, f"{rule.code}: the *{section}* section needs exactly one ```sql block"
    return blocks[0]


def _statements(sql: str) -> str:
    return "".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")).strip()


def _dialect(rule, example: str) -> str:
    m = _DIALECT.match(example)
    dialect = m.group(1) if m else ("postgres" if "postgres" in rule.dialects else min(rule.dialects))
    assert dialect in rule.dialects, f"{rule.code}: the example's dialect {dialect} is not one the rule checks"
    return dialect


def _fired(rule, sql: str, dialect: str, tmp_path) -> list[str]:
    sql, _, queries = sql.partition("-- queries:\n")
    tables = schema_of(sql, dialect).schema.tables  # the SQL imports without an error
    # a Use instead is a whole schema, not a fragment that passes because it has no table to check;
    # only advice written as comments alone, or a rule about non-table statements, has none
    assert tables or not _statements(sql) or "CREATE TABLE" not in _sql(rule, "Example").upper(), \
        f"{rule.code}: its SQL defines no table: {sql!r}"
    path = tmp_path / "example.sql"
    path.write_text(sql)
    qpaths = None
    if queries.strip():
        qpath = tmp_path / "queries.sql"
        qpath.write_text(queries)
        qpaths = [str(qpath)]
    out = lint_sources([str(path)], Config(extend_select=[rule.code]), dialect=dialect, queries=qpaths)
    assert not [i for i in out.import_issues if i.severity == "error"], out.import_issues
    return [f.message for f in out.report.findings if f.rule == rule.code]


def test_every_rule_is_covered():
    assert len(RULES) >= 79 and all(r.docs().get("Example") and r.docs().get("Use instead") for r in RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_documented_example_fires_and_use_instead_does_not(rule, tmp_path):
    example, instead = _sql(rule, "Example"), _sql(rule, "Use instead")
    dialect = _dialect(rule, example)
    assert _fired(rule, example, dialect, tmp_path), f"{rule.code}: its documented Example does not fire"
    assert not _fired(rule, instead, dialect, tmp_path), f"{rule.code}: its documented Use instead fires"
