"""What a lint run produces: findings, fixes as data, severities and categories."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from designer.model import SourceLocation

SEVERITIES = ("critical", "high", "medium", "low")
#: low < medium < high < critical
SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}

CATEGORIES = (
    "schema-design",
    "data-types",
    "constraints",
    "indexing",
    "concurrency",
    "security",
    "scalability",
    "observability",
    "naming",
    "migrations",
    "query",
)
#: findings about the linter itself (unused suppressions); not scored
META_CATEGORY = "meta"

OBJECT_KINDS = ("schema", "table", "column", "constraint", "index")


def at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


@dataclass(frozen=True, init=False)
class ModelEdit:
    """A change to the model, as data, that a GUI can apply and undo.

    ``op`` is one of the operations :mod:`linting.fixes` knows
    (``set_column_type``, ``set_nullable``, ``add_index``, ``add_unique``,
    ``add_check``, ``add_foreign_key``, ``add_column``, ``drop_index``,
    ``rename_column``, ``rename_table``); ``args`` are its parameters.
    """

    op: str
    table_id: str
    args: tuple[tuple[str, Any], ...] = ()

    def __init__(self, op: str, table_id: str, args: tuple[tuple[str, Any], ...] = ()):
        # the generated frozen __init__ sets each field through
        # object.__setattr__, about twice as slow; a full run builds thousands
        d = self.__dict__
        d["op"] = op
        d["table_id"] = table_id
        d["args"] = args

    def get(self, key: str, default: Any = None) -> Any:
        for k, v in self.args:
            if k == key:
                return v
        return default

    def to_dict(self) -> dict:
        return {"op": self.op, "table_id": self.table_id, **{k: _plain(v) for k, v in self.args}}


def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        from designer.model import canonical

        return canonical(value)
    return value


def edit(op: str, table_id: str, **args: Any) -> ModelEdit:
    return ModelEdit(op, table_id, tuple(sorted(args.items())))


@dataclass(frozen=True, init=False)
class Fix:
    """How to fix a finding: a title, the SQL that does it, and the model edit."""

    title: str
    sql: str | None = None
    edit: ModelEdit | None = None

    def __init__(self, title: str, sql: str | None = None, edit: ModelEdit | None = None):
        d = self.__dict__  # see ModelEdit.__init__
        d["title"] = title
        d["sql"] = sql
        d["edit"] = edit

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "sql": self.sql,
            "edit": self.edit.to_dict() if self.edit else None,
        }


@dataclass
class Finding:
    """One thing a rule points out, about one model object (treat as immutable:
    not frozen only because frozen dataclasses are several times slower to
    build, and a full run builds thousands).

    ``table`` is the table's qualified name (``None`` for schema-level
    findings), ``column`` the column name for column-level findings.  ``key``
    tells apart several findings of one rule on the same object (e.g. the index
    name); with ``rule``, ``table`` and ``column`` it makes the stable ``id``.
    """

    rule: str
    name: str
    category: str
    severity: str
    message: str
    object_kind: str = "table"
    table: str | None = None
    column: str | None = None
    table_id: str | None = None
    object_id: str | None = None
    location: SourceLocation | None = None
    fix: Fix | None = None
    key: str = ""

    @cached_property
    def id(self) -> str:
        raw = "\x1f".join((self.rule, self.table or "", self.column or "", self.key))
        return f"{self.rule}-{hashlib.blake2s(raw.encode(), digest_size=6).hexdigest()}"

    @property
    def sort_key(self) -> tuple:
        loc = self.location
        return (
            (loc.path or "") if loc else "~",
            loc.line if loc else 0,
            loc.column if loc else 0,
            self.rule,
            self.table or "",
            self.column or "",
            self.key,
        )

    def with_severity(self, severity: str) -> "Finding":
        return replace(self, severity=severity)

    def to_dict(self) -> dict:
        loc = self.location
        return {
            "id": self.id,
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "table": self.table,
            "column": self.column,
            "object": {"kind": self.object_kind, "id": self.object_id or self.table_id},
            "message": self.message,
            "fix": self.fix.to_dict() if self.fix else None,
            "location": (
                {"path": loc.path, "line": loc.line, "column": loc.column} if loc else None
            ),
        }


@dataclass
class Summary:
    total: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    suppressed: int = 0
    baselined: int = 0
    tables: int = 0

    @classmethod
    def of(cls, findings, *, tables: int = 0, suppressed: int = 0, baselined: int = 0) -> "Summary":
        by_sev = {s: 0 for s in SEVERITIES}
        by_cat: dict[str, int] = {}
        for f in findings:
            by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
            by_cat[f.category] = by_cat.get(f.category, 0) + 1
        return cls(
            total=len(findings),
            by_severity=by_sev,
            by_category=dict(sorted(by_cat.items())),
            suppressed=suppressed,
            baselined=baselined,
            tables=tables,
        )

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "by_severity": self.by_severity,
            "by_category": self.by_category,
            "suppressed": self.suppressed,
            "baselined": self.baselined,
            "tables": self.tables,
        }
