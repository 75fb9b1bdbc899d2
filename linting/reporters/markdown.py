"""A review report in the form architects write by hand: health scores,
counts, critical issues with the SQL that fixes them, optimization
opportunities, what is well designed, and a prioritized action list."""

from __future__ import annotations

from collections import defaultdict

from tablewright.designer.dialects import is_mysql
from tablewright.linting import heuristics as h
from tablewright.linting.findings import CATEGORIES, SEVERITIES, Finding
from tablewright.linting.reporters import Report, by_location

WEIGHTS = {"critical": 10.0, "high": 4.0, "medium": 1.5, "low": 0.3}
SCHEMA_CATEGORIES = [c for c in CATEGORIES if c not in ("migrations", "queries")]
BEFORE_SCALE = {"indexing", "scalability", "concurrency"}


def score(findings: list[Finding], tables: int) -> float:
    """10 / (1 + penalty per table).  Each rule weighs in with its most severe
    finding and grows with the logarithm of how often it fires: many findings of
    one rule are one problem seen many times, and cannot drown the others (a
    schema-wide convention is one finding already, see linting.conventions)."""
    import math

    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_rule[f.rule].append(f)
    penalty = sum(max(WEIGHTS[f.severity] for f in fs) * (1.0 + math.log(len(fs))) for fs in by_rule.values())
    return round(10.0 / (1.0 + penalty / max(1, tables)), 1)


def category_scores(report: Report) -> dict[str, float]:
    tables = report.summary.tables or (len(report.schema.tables) if report.schema else 1)
    by_cat = defaultdict(list)
    for f in report.findings:
        by_cat[f.category].append(f)
    ran = {r.category for r in report.rules} or set(SCHEMA_CATEGORIES)
    return {c: score(by_cat.get(c, []), tables) for c in SCHEMA_CATEGORIES if c in ran}


def positives(report: Report) -> list[str]:
    """What is well designed: checks that ran, found nothing, and had something to look at."""
    schema = report.schema
    if schema is None or not schema.tables:
        return []
    ran = {r.code for r in report.rules}
    hit = {f.rule for f in report.findings}
    tables = schema.tables
    out = []

    def clean(*codes):
        return all(c in ran and c not in hit for c in codes)

    if clean("TW101"):
        out.append(f"Every table has a primary key ({len(tables)} tables).")
    pk_types = set()
    for t in tables:
        if t.primary_key and len(t.primary_key.columns) == 1:
            col = next((c for c in t.columns if c.id == t.primary_key.columns[0]), None)
            if col is not None:
                pk_types.add(h.type_family(col.type))
    if len(pk_types) == 1 and len(tables) > 1:
        out.append(f"Consistent surrogate keys: every single-column primary key is {pk_types.pop()}.")
    fks = sum(len(t.foreign_keys) for t in tables)
    if fks and is_mysql(schema.dialect):
        out.append(f"{fks} foreign keys, all indexed by InnoDB.")
    elif fks and clean("TW401"):
        out.append(f"All {fks} foreign keys have a supporting index.")
    if fks and clean("TW104", "TW105"):
        out.append("Foreign keys match the types of the keys they reference.")
    ts = [c for t in tables for c in t.columns if h.kind(c.type) in ("timestamp", "timestamptz")]
    if ts and clean("TW203"):
        out.append(f"Timestamps carry their time zone ({_columns(len(ts))}).")
    from tablewright.linting.rules.data_types._common import money_like

    money = [c for t in tables for c in t.columns if money_like(c.name)]
    if money and clean("TW201", "TW216"):
        out.append(f"Money is stored in exact decimals ({_columns(len(money))}).")
    if clean("TW301") and any(c.name.lower() in ("email", "username", "slug", "sku") for t in tables for c in t.columns):
        out.append("Natural keys (email, username, slug, sku) are unique.")
    if clean("TW103") and fks:
        out.append("Every column that names another table is backed by a foreign key.")
    if clean("TW601", "TW602"):
        out.append("No passwords, tokens or card numbers stored in clear.")
    if clean("TW903", "TW905"):
        out.append("Consistent, quote-free naming.")
    if clean("TW212") and any(c.name.lower() in ("status", "state") for t in tables for c in t.columns):
        out.append("Status columns are constrained (CHECK, enum or lookup table).")
    return out


def _columns(n: int) -> str:
    return f"{n} column" if n == 1 else f"{n} columns"


def _obj(f: Finding) -> str:
    return ".".join(x for x in (f.table, f.column) if x) or "schema"


def _grouped(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[f.rule].append(f)
    return sorted(groups.items(), key=lambda kv: (-max(WEIGHTS[f.severity] for f in kv[1]), -len(kv[1]), kv[0]))


#: table id -> how many foreign keys point at it (set by render: example locations by importance)
_weight: dict[str, int] = {}


def _importance(schema) -> dict[str, int]:
    out: dict[str, int] = {}
    if schema is not None:
        for t in schema.tables:
            for fk in t.foreign_keys:
                if fk.ref_table:
                    out[fk.ref_table] = out.get(fk.ref_table, 0) + 1
    return out


def _examples(fs: list[Finding], n: int = 5) -> str:
    """The locations a reader should see first: the most severe, on the most
    referenced tables (the ones everything else depends on), then by name."""
    ranked = sorted(fs, key=lambda f: (-WEIGHTS[f.severity], -_weight.get(f.table_id or "", 0), _obj(f)))
    names = [f"`{_obj(f)}`" for f in ranked[:n]]
    more = f" and {len(fs) - n} more" if len(fs) > n else ""
    return ", ".join(names) + more


def render(report: Report, *, color: bool = False) -> str:
    global _weight
    _weight = _importance(report.schema)
    s = report.summary
    findings = by_location(report.findings)
    scores = category_scores(report)
    overall = round(sum(scores.values()) / len(scores), 1) if scores else 10.0
    dialect = report.schema.dialect if report.schema else None
    out = ["# Schema review", ""]
    if report.sources:
        out.append(f"Sources: {', '.join(f'`{x}`' for x in report.sources)}  ")
    out.append(f"Dialect: {dialect or 'generic'} · {s.tables} tables · {s.total} findings"
               + (f" · {s.suppressed} suppressed" if s.suppressed else "")
               + (f" · {s.baselined} in baseline" if s.baselined else ""))
    out += ["", f"## Health: {overall}/10", "", "| category | score | critical | high | medium | low |",
            "|---|---:|---:|---:|---:|---:|"]
    for cat, sc in scores.items():
        n = {sev: sum(1 for f in findings if f.category == cat and f.severity == sev) for sev in SEVERITIES}
        out.append(f"| {cat} | {sc} | {n['critical']} | {n['high']} | {n['medium']} | {n['low']} |")
    out += ["", "Findings by severity: " + ", ".join(f"**{s.by_severity.get(sev, 0)}** {sev}" for sev in SEVERITIES), ""]

    crit = [f for f in findings if f.severity == "critical"]
    out += ["## Critical issues", ""]
    if not crit:
        out += ["None.", ""]
    for f in crit[:50]:
        out.append(f"- **{f.rule} {f.name}** — {f.message} (`{_obj(f)}`)")
        sql = f.fix.sql if f.fix is not None else None  # rendered on each read: once
        if sql:
            out += ["  ```sql", *("  " + line for line in sql.splitlines()), "  ```"]
    if len(crit) > 50:
        out.append(f"- … and {len(crit) - 50} more critical findings")
    out.append("")

    high = [f for f in findings if f.severity == "high"]
    out += ["## High-severity issues", ""]
    out += [_item(code, fs) for code, fs in _grouped(high)] or ["None."]
    out.append("")

    opt = [f for f in findings if f.severity == "medium"]
    out += ["## Optimization opportunities", ""]
    out += [_item(code, fs) for code, fs in _grouped(opt)] or ["None."]
    out.append("")

    queries = [f for f in findings if f.category == "queries"]
    if queries:
        out += ["## Queries (workload)", ""]
        for f in queries[:200]:
            text = " ".join((f.query or "").split())
            text = text if len(text) <= 120 else text[:119] + "…"
            out.append(f"- `{f.location}` **{f.rule} {f.name}** ({f.severity}) — {f.message}")
            if text:
                out.append(f"  `{text}`")
        if len(queries) > 200:
            out.append(f"- … and {len(queries) - 200} more query findings")
        out.append("")

    good = positives(report)
    out += ["## What is well designed", ""]
    out += [f"- {g}" for g in good] or ["Nothing stood out yet."]
    out.append("")

    pii = [f for f in findings if f.rule == "TW603"]
    if pii:
        out += ["## Personal data inventory", "",
                "Plan retention, access control and encryption for: " + ", ".join(f"`{_obj(f)}`" for f in pii), ""]

    # the plan orders what is listed above by rule, without listing it again; only
    # the low-severity items, listed nowhere else, come with their examples
    out += ["## Action plan", ""]
    immediate = [f for f in findings if f.severity == "critical"]
    before = [f for f in findings if f.severity == "high" or (f.severity == "medium" and f.category in BEFORE_SCALE)]
    medium_later = [f for f in findings if f.severity == "medium" and f.category not in BEFORE_SCALE]
    low = [f for f in findings if f.severity == "low" and f.rule != "TW603"]
    for title, fs, where in (("Immediate (before production)", immediate, "Critical issues"),
                             ("Before scale", before, "above"), ("Later", medium_later, "Optimization opportunities")):
        out += [f"### {title}", ""]
        out += [f"{i}. {code} {fs_[0].name} ({len(fs_)}, see {_section(fs_[0], where)})"
                for i, (code, fs_) in enumerate(_grouped(fs), 1)] or ["Nothing."]
        out.append("")
    out += ["### Hygiene (low)", ""]
    out += [f"{i}. {code} {fs_[0].name}: {len(fs_)} × — {_examples(fs_, 3)}"
            for i, (code, fs_) in enumerate(_grouped(low), 1)] or ["Nothing."]
    out.append("")
    return "\n".join(out).rstrip() + "\n"


def _item(code: str, fs: list[Finding]) -> str:
    """One list item per rule: a schema-level finding (a convention) by what it
    says, the rest by count and example locations."""
    said = [f.message for f in fs if f.table is None]
    located = [f for f in fs if f.table is not None]
    text = f"- **{code} {fs[0].name}**"
    if said:
        text += " — " + "; ".join(said)
    if located and not said:  # (a convention's text names its count and its examples already)
        text += f" ({len(located)}): {_examples(located)}"
    return text


def _section(f: Finding, where: str) -> str:
    if where != "above":
        return where
    return "High-severity issues" if f.severity == "high" else "Optimization opportunities"
