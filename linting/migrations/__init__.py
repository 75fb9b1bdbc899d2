"""Migration linting: the ``migrations`` rules over a change set.

``lint_migration(script, dialect)`` renders the up and down SQL, runs every
rule over every upgrade op, and returns the findings (each located at the
first line of its op in the up script) with the rendered scripts.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations.ops import MigrationScript
from tablewright.designer.migrations.render_sql import RenderedSQL, render_sql
from tablewright.designer.model import SourceLocation
from tablewright.linting.findings import Finding
from tablewright.linting.migrations.rule import MigrationContext, MigrationRule, migration_rules


@dataclass
class MigrationLint:
    findings: list[Finding]
    up: RenderedSQL
    down: RenderedSQL


def lint_migration(script: MigrationScript, dialect: str, *, path: str | None = None,
                   up: RenderedSQL | None = None, down: RenderedSQL | None = None) -> MigrationLint:
    up = up or render_sql(script, dialect)
    down = down or render_sql(script, dialect, down=True)
    up_lines = up.text.splitlines()
    down_lines = down.text.splitlines()
    rules = [r() for r in migration_rules() if dialect in r.dialects]
    ops = script.upgrade_ops
    n = len(ops)
    state = copy.deepcopy(script.old)
    created: set[str] = set()
    findings: list[Finding] = []
    for i, op in enumerate(ops):
        lines = up.lines.get(i, [])
        # the reverse of op i is op n-1-i of the downgrade
        down_idx = down.lines.get(n - 1 - i, [])
        ctx = MigrationContext(
            dialect=dialect, state=state, index=i,
            existing_table=(o.op_table(op) not in created) and not isinstance(op, o.CreateTable),
            statements=_statements(up_lines, lines), script_text=up.text,
            location=SourceLocation(path, lines[0], 1) if lines else None, ops=ops,
            down_statements=_statements(down_lines, down_idx))
        for rule in rules:
            findings.extend(rule.check(op, ctx))
        op.apply(state)
        if isinstance(op, o.CreateTable):
            created.add(op.table.id)
    return MigrationLint(findings, up, down)


def _statements(text_lines: list[str], numbers: list[int]) -> list[str]:
    out, current = [], []
    for number in numbers:
        current.append(text_lines[number - 1])
        if text_lines[number - 1].rstrip().endswith(";"):
            out.append("\n".join(current).rstrip(";"))
            current = []
    return out


__all__ = ["MigrationLint", "MigrationRule", "lint_migration", "migration_rules"]
