"""Rule documentation, generated from the rules themselves (ruff-style)."""

from __future__ import annotations

import json

from tablewright.linting.findings import CATEGORIES, META_CATEGORY
from tablewright.linting.rule import Rule


def _dialects(rule: type[Rule]) -> str:
    return "all" if len(rule.dialects) == 5 else ", ".join(sorted(rule.dialects))


def rule_text(rule: type[Rule]) -> str:
    docs = rule.docs()
    out = [f"{rule.code} {rule.name}", "", docs["summary"], "",
           f"Category: {rule.category}    Severity: {rule.severity}    Dialects: {_dialects(rule)}"
           + ("    (off by default)" if not getattr(rule, "enabled_by_default", True) else "")]
    if getattr(rule, "options", None):  # migration rules have none
        out += ["", "Options:"]
        out += [f"  {k.replace('_', '-')} = {json.dumps(list(o.default) if isinstance(o.default, tuple) else o.default)}"
                f"    {o.help}" for k, o in rule.options.items()]
    for section in ("What it does", "Why is this bad?", "Example", "Use instead"):
        if section in docs:
            out += ["", f"## {section}", docs[section]]
    return "\n".join(out) + "\n"


def rules_json(rules) -> str:
    return json.dumps([
        {"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
         "dialects": sorted(r.dialects), "enabled_by_default": r.enabled_by_default, "scope": r.scope,
         "options": {k: (list(o.default) if isinstance(o.default, tuple) else o.default) for k, o in r.options.items()},
         "docs": r.docs()} for r in rules], indent=2) + "\n"


def rules_markdown(rules) -> str:
    out = ["# Rules", "",
           "Generated from the rules' own documentation by `scripts/rule_docs.py`; "
           "`tablewright rule CODE` prints the same text.", "",
           "| code | name | category | severity | dialects |", "|---|---|---|---|---|"]
    out += [f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.category} | {r.severity} | {_dialects(r)}"
            + (" (off by default)" if not r.enabled_by_default else "") + " |" for r in rules]
    out.append("")
    for cat in (*CATEGORIES, META_CATEGORY):
        group = [r for r in rules if r.category == cat]
        if not group:
            continue
        out += [f"## {cat}", ""]
        for r in group:
            docs = r.docs()
            out += [f"### {r.code} {r.name}", "", docs["summary"], "",
                    f"*Severity* {r.severity} · *dialects* {_dialects(r)} · *scope* {r.scope}"
                    + (" · off by default" if not r.enabled_by_default else ""), ""]
            if r.options:
                out += ["Options: " + ", ".join(f"`{k.replace('_', '-')}` (default `{o.default!r}`): {o.help}"
                                                 for k, o in r.options.items()), ""]
            for section in ("What it does", "Why is this bad?", "Example", "Use instead"):
                if section in docs:
                    out += [f"**{section}**", "", docs[section], ""]
    return "\n".join(out)
