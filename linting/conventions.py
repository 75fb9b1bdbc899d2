"""Findings as a reviewer reports them: once per convention, once per
partitioned table.

Two passes over the findings of a run, applied by the engine after every run
and update (they read the findings, not the rules' internals):

- **Partitions.**  A partition inherits its columns, keys, indexes and foreign
  keys from its partitioned parent (or, in older dumps, each partition was given
  the same ones by hand).  The findings of one rule on the same column of many
  partitions are one claim about the partitioned table: they become one finding
  on the parent naming how many partitions it concerns.  pg_partman's template
  tables (``partman.template_*``) hold no rows by design and are left alone.
- **Conventions.**  A rule that declares ``convention`` reports a pattern that,
  when it holds across the schema, is the schema's convention rather than a
  slip: ``timestamp`` without time zone on every Rails column, no declared
  foreign keys in a MyISAM-era application, foreign keys left without an index
  as a rule.  When the rule's
  :meth:`~linting.rule.Rule.convention_holds` says so, its column findings
  become one schema-level finding with the count and example columns (picked by
  importance: the most severe first, then the most referenced tables) at the
  severity the rule gives the convention in that dialect
  (:meth:`~linting.rule.Rule.convention_severity`).  The gathered findings go,
  or, where the rule keeps them (``convention_members``: each is its own piece
  of work with its own fix), stay at no more than that severity under it.
  What does not follow the schema's convention keeps its own findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tablewright.linting.findings import SEVERITY_RANK, Finding

if TYPE_CHECKING:
    from tablewright.linting.index import LintContext
    from tablewright.linting.rule import Rule

#: how many example columns a convention finding names
EXAMPLES = 8


def is_partman_template(table) -> bool:
    return (table.namespace or "").lower() == "partman" and table.name.lower().startswith("template_")


def _partition_parents(ctx: "LintContext") -> dict[str, object]:
    """table id of each partition -> its partitioned parent (a Table)."""
    out = {}
    for t in ctx.schema.tables:
        if not t.options.partition_of:
            continue
        p = ctx.table(t.options.partition_of)
        if p is not None and p.id != t.id:
            out[t.id] = p
    return out


def fold_partitions(findings: list[Finding], ctx: "LintContext") -> list[Finding]:
    parents = _partition_parents(ctx)
    templates = {t.id for t in ctx.schema.tables if is_partman_template(t)}
    if not parents and not templates:
        return findings
    on_parent = {(f.rule, f.table_id, f.column) for f in findings if f.table_id not in parents}
    groups: dict[tuple, list[Finding]] = {}
    out: list[Finding] = []
    for f in findings:
        if f.table_id in templates:
            continue
        parent = parents.get(f.table_id)
        if parent is None:
            out.append(f)
            continue
        key = (f.rule, parent.id, f.column)
        if key in on_parent:
            continue  # the parent has the same finding: it covers its partitions
        if key not in groups:
            groups[key] = []
            out.append(f)  # placeholder, replaced below (keeps the order)
        groups[key].append(f)
    n_parts: dict[str, int] = {}
    for p in parents.values():
        n_parts[p.id] = n_parts.get(p.id, 0) + 1
    folded = {}
    for (rule, pid, column), fs in groups.items():
        parent = ctx.table(pid)
        first = fs[0]
        names = sorted(f.table.rpartition(".")[2] for f in fs)
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        message = (f"{first.message} — in {len(fs)} of the {n_parts.get(pid, len(fs))} partitions of "
                   f"{parent.qualified_name} ({shown})")
        if len(fs) == 1:
            folded[id(first)] = first
            continue
        folded[id(first)] = Finding(first.rule, first.name, first.category, first.severity, message, first.object_kind,
                                    parent.qualified_name, column, parent.id, first.object_id, first.location,
                                    first.fix, "partitions")
    return [folded.get(id(f), f) for f in out]


def importance(ctx: "LintContext"):
    """A sort key for example locations: the most severe first, then tables
    referenced by more foreign keys."""
    in_links = ctx.index.in_links

    def key(f: Finding):
        return (-SEVERITY_RANK[f.severity], -len(in_links.get(f.table_id, ())), f.table or "", f.column or "")
    return key


def fold_conventions(findings: list[Finding], ctx: "LintContext", rules: list["Rule"], post=None) -> list[Finding]:
    conv = {r.code: r for r in rules if r.convention}
    if not conv:
        return findings
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule in conv and f.table_id is not None and f.key != "convention":
            by_rule.setdefault(f.rule, []).append(f)
    replaced: dict[str, Finding] = {}
    kept: dict[int, Finding] = {}  # id(member) -> the member at the convention's member severity
    for code, fs in by_rule.items():
        rule = conv[code]
        if rule.convention_holds(ctx, fs):
            one = convention_finding(rule, ctx, fs)
            one = post(one) if post is not None else one
            replaced[code] = one
            cap = rule.convention_members
            if cap is not None:
                for f in fs:
                    kept[id(f)] = f.with_severity(cap) if SEVERITY_RANK[f.severity] > SEVERITY_RANK[cap] else f
    if not replaced:
        return findings
    out = [f for f in replaced.values() if f is not None]
    out += [kept.get(id(f), f) for f in findings if f.rule not in replaced or id(f) in kept]
    return out


def convention_finding(rule: "Rule", ctx: "LintContext", fs: list[Finding]) -> Finding:
    ranked = sorted(fs, key=importance(ctx))
    tables = {f.table_id for f in fs}
    shown = ", ".join(".".join(x for x in (f.table.rpartition(".")[2], f.column) if x) for f in ranked[:EXAMPLES])
    more = f" and {len(fs) - EXAMPLES} more" if len(fs) > EXAMPLES else ""
    counted = (f"{len(fs)} columns in {len(tables)} tables" if any(f.column for f in fs)
               else f"{len(tables)} tables")  # a table-level convention (TW101, TW118) counts tables once
    message = f"{rule.convention_summary(ctx, fs)} ({counted}: {shown}{more})"
    return Finding(rule.code, rule.name, rule.category, rule.convention_severity(ctx), message, "schema", None, None,
                   None, None, ranked[0].location, None, "convention")
