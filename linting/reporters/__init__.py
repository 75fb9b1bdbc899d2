"""Reporters: one module per output format, each ``render(report, *, color) -> str``."""

from __future__ import annotations

from dataclasses import dataclass, field

from tablewright.designer.model import Schema
from tablewright.linting.findings import Finding, Summary

FORMATS = ("text", "json", "sarif", "github", "markdown")


@dataclass
class Report:
    """What the reporters render: the findings, their summary and the run's schema, sources and rules."""
    findings: list[Finding]
    summary: Summary
    schema: Schema | None = None
    sources: list[str] = field(default_factory=list)
    rules: list = field(default_factory=list)  # the rule classes that ran
    #: json and sarif: render the SQL of fixes that are model edits (``lint --fix-sql``); without it
    #: they carry the edit, and a run needs neither SQLAlchemy nor Alembic (cold json ~ text)
    fix_sql: bool = False


def layered_json(obj, compact_at: int, level: int = 0) -> str:
    """JSON indented two spaces down to ``compact_at`` levels and compact below: one finding
    (one SARIF result) per line.  The same document as ``json.dumps(obj, indent=2)``, read the
    same by every parser, but written by the C encoder (an indented dump goes through the
    pure-Python one: 30 ms of a 520 KB report, against 5 ms)."""
    import json

    if level >= compact_at or not isinstance(obj, (dict, list)) or not obj:
        return json.dumps(obj, ensure_ascii=False)
    pad, end = "  " * (level + 1), "  " * level
    if isinstance(obj, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {layered_json(v, compact_at, level + 1)}"
                 for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    return "[\n" + ",\n".join(pad + layered_json(v, compact_at, level + 1) for v in obj) + "\n" + end + "]"


def render(fmt: str, report: Report, *, color: bool = False) -> str:
    if fmt == "text":
        from tablewright.linting.reporters.text import render as r
    elif fmt == "json":
        from tablewright.linting.reporters.json_ import render as r
    elif fmt == "sarif":
        from tablewright.linting.reporters.sarif import render as r
    elif fmt == "github":
        from tablewright.linting.reporters.github import render as r
    elif fmt == "markdown":
        from tablewright.linting.reporters.markdown import render as r
    else:
        raise ValueError(f"unknown format {fmt!r}")
    from tablewright.designer.gcpause import paused_gc

    # the SQL of the fixes is rendered here, when read: thousands of short-lived
    # SQLAlchemy objects (and, the first time, SQLAlchemy and Alembic imported),
    # over which the cyclic collector would walk the whole model again and again
    # (sanbase2's 193 fixes: ~30% of their rendering)
    with paused_gc():
        return r(report, color=color)


def by_location(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key)


def grouped(findings: list[Finding]) -> list[list[Finding]]:
    """Findings as a reviewer reads them: one group per rule per table and
    severity (the columns it concerns together), schema-level findings alone; groups in the
    order of their first finding's location, findings within a group too."""
    from tablewright.linting.findings import SEVERITY_RANK

    groups: dict[tuple, list[Finding]] = {}
    for f in by_location(findings):
        key = (f.rule, f.table, f.severity) if f.table is not None else (f.rule, None, f.id)
        groups.setdefault(key, []).append(f)
    out = list(groups.values())
    for g in out:  # the most severe first: it gives the group its severity and location
        g.sort(key=lambda f: -SEVERITY_RANK[f.severity])
    return out


def group_line(group: list[Finding]) -> str:
    """The message of a group: the finding's own for one, else the rule and the
    table with the columns (or objects) it concerns."""
    first = group[0]
    if len(group) == 1:
        return first.message
    objs = []
    for f in group:
        obj = f.column or f.key or f.table or ""
        if obj and obj not in objs:
            objs.append(obj)
    table = (first.table or "").rpartition(".")[2] or first.table
    return f"{first.name} on {table} ({len(group)}): {', '.join(objs)} — e.g. {first.message}"
