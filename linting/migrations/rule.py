"""Migration rules: they run over a change set (the operations of a migration
and the SQL rendered for them), not over a schema.

A rule is a small class like the schema rules (code, kebab-case name, severity,
dialects, its documentation in the docstring in ruff's sections) with
``check(op, ctx)`` that yields findings for one operation.  Findings carry the
category ``migrations``, the table and column the op concerns, and the
location of the first SQL line of the op in the rendered script, so the export
dialog and ``tablewright migrate`` show them beside that line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar, Iterable

from tablewright.designer.migrations import ops as o
from tablewright.designer.model import DIALECTS, Schema, SourceLocation
from tablewright.linting.findings import SEVERITIES, Finding, Fix

ALL = frozenset(DIALECTS)


@dataclass
class MigrationContext:
    """What a rule may read about one op: the model just before it, whether its
    table existed before the migration (holds rows), the SQL rendered for it."""

    dialect: str
    state: Schema
    index: int
    existing_table: bool
    statements: list[str] = field(default_factory=list)
    script_text: str = ""
    location: SourceLocation | None = None
    ops: list = field(default_factory=list)
    down_statements: list[str] = field(default_factory=list)


class MigrationRule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[str]
    category: ClassVar[str] = "migrations"
    dialects: ClassVar[frozenset[str]] = ALL

    def check(self, op: o.MigrateOp, ctx: MigrationContext) -> Iterable[Finding]:
        return ()

    def finding(self, op: o.MigrateOp, ctx: MigrationContext, message: str, *, column: str | None = None,
                severity: str | None = None, fix: Fix | None = None) -> Finding:
        table_id = o.op_table(op)
        table = None
        if table_id:
            try:
                table = ctx.state.table(table_id).qualified_name
            except KeyError:
                table = getattr(getattr(op, "table", None), "qualified_name", None)
        return Finding(rule=self.code, name=self.name, category=self.category, severity=severity or self.severity,
                       message=message, object_kind="column" if column else ("table" if table else "schema"),
                       table=table, column=column, table_id=table_id, object_id=_object_id(op),
                       location=ctx.location, fix=fix, key=f"{ctx.index}:{op.kind}")

    @classmethod
    def docs(cls) -> dict[str, str]:
        from tablewright.linting.rule import Rule

        return Rule.docs.__func__(cls)  # the same docstring sections as the schema rules


def _object_id(op) -> str | None:
    for attr in ("column", "key", "check", "index", "enum", "table", "raw", "after"):
        obj = getattr(op, attr, None)
        if obj is not None and hasattr(obj, "id"):
            return obj.id
    return getattr(op, "column_id", None) or getattr(op, "enum_id", None)


_RULES: dict[str, type[MigrationRule]] = {}


def register(cls: type[MigrationRule]) -> type[MigrationRule]:
    assert re.fullmatch(r"TM\d{3}", cls.code), cls.code
    assert cls.severity in SEVERITIES, cls.severity
    assert cls.code not in _RULES or _RULES[cls.code] is cls, cls.code
    _RULES[cls.code] = cls
    return cls


def migration_rules() -> list[type[MigrationRule]]:
    import tablewright.linting.migrations.rules  # noqa: F401 - registers the rules

    return [_RULES[c] for c in sorted(_RULES)]


__all__ = ["MigrationContext", "MigrationRule", "migration_rules", "register"]
