"""What a diff reports: the change kinds (``KINDS``), the ``--ignore`` groups, a
``Change`` and the ``DiffResult``.  Made by :mod:`tablewright.designer.diff`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tablewright.designer.migrations.ops import MigrationScript

#: object kinds a change is about, each with -added, -removed, -changed (renamed where noted)
OBJECTS = ("schema", "table", "column", "primary-key", "foreign-key", "unique", "check", "index", "enum", "sequence",
           "view", "materialized-view", "function", "trigger", "policy", "rule", "domain", "type", "extension",
           "grant", "comment", "owner", "object")
KINDS = tuple(sorted({f"{obj}-{verb}" for obj in OBJECTS for verb in ("added", "removed", "changed")}
                     | {"table-renamed", "table-moved", "column-renamed", "table-comment-changed",
                        "column-comment-changed", "enum-value-added", "enum-value-removed", "enum-value-renamed"}))

#: ``--ignore`` groups → the change kinds they leave out
IGNORE_GROUPS = {
    "grants": ("grant-",),
    "owners": ("owner-",),
    "comments": ("comment-", "table-comment-changed", "column-comment-changed"),
    "views": ("view-", "materialized-view-"),
    "functions": ("function-",),
    "triggers": ("trigger-",),
    "policies": ("policy-",),
    "indexes": ("index-",),
    "sequences": ("sequence-",),
    "extensions": ("extension-",),
}

#: raw statement kinds → the object kind of their changes
_RAW_OBJECT = {
    "view": "view", "materialized view": "materialized-view", "function": "function", "procedure": "function",
    "aggregate": "function", "trigger": "trigger", "event trigger": "trigger", "policy": "policy", "rule": "rule",
    "domain": "domain", "type": "type", "extension": "extension", "grant": "grant", "revoke": "grant",
    "comment": "comment", "index": "index",
}


@dataclass
class Change:
    kind: str  # one of KINDS
    table: str | None = None  # "schema.table" as named in NEW (OLD when removed)
    column: str | None = None
    name: str | None = None  # the constraint, index, enum, sequence or verbatim object
    before: Any = None
    after: Any = None
    table_id: str | None = None  # for the GUI: the table in OLD's ids (NEW objects matched to OLD take its ids)
    object_id: str | None = None

    def as_json(self) -> dict:
        out = {"kind": self.kind, "table": self.table, "column": self.column}
        if self.name is not None:
            out["name"] = self.name
        out["before"], out["after"] = self.before, self.after
        return out

    @property
    def subject(self) -> str:
        where = ".".join(p for p in (self.table, self.column) if p)
        if self.name and where:
            return f"{self.name} on {where}"
        return self.name or where or "(schema)"

    def __str__(self) -> str:
        text = f"{self.kind}: {self.subject}"
        if self.before is not None or self.after is not None:
            if self.kind.endswith("-changed") or self.kind.endswith("-renamed") or self.kind.endswith("-moved"):
                text += f": {_show(self.before)} -> {_show(self.after)}"
        return text


def _show(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if value is None:
        return "(none)"
    return str(value)


@dataclass
class DiffResult:
    changes: list[Change]
    script: MigrationScript  # the migration from OLD to NEW (the prepared pair)
    hints: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not compared, and why

    @property
    def equal(self) -> bool:
        return not self.changes


def ignored(kind: str, ignore: tuple[str, ...]) -> bool:
    for word in ignore:
        for prefix in IGNORE_GROUPS.get(word, (word if word.endswith("-") or word in KINDS else f"{word}-",)):
            if kind == prefix or (prefix.endswith("-") and kind.startswith(prefix)):
                return True
    return False


def check_ignore(words: list[str]) -> tuple[str, ...]:
    """``--ignore`` words, checked: groups, kinds or object kinds (``index``)."""
    known = set(IGNORE_GROUPS) | set(KINDS) | set(OBJECTS)
    bad = [w for w in words if w not in known]
    if bad:
        raise ValueError(f"unknown --ignore value {bad[0]!r}: use one of {', '.join(sorted(IGNORE_GROUPS))}, "
                         "an object kind (index, view ...) or a change kind (docs/diff.md)")
    return tuple(words)
