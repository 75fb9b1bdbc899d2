"""SARIF 2.1.0 (valid against the OASIS JSON schema)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tablewright.linting.reporters import Report, layered_json
from tablewright.linting.rule import all_rules

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _rule_descriptor(rule) -> dict:
    docs = rule.docs()
    md = "\n\n".join(f"## {k}\n{v}" for k, v in docs.items() if k != "summary")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": docs.get("summary") or rule.name},
        "fullDescription": {"text": docs.get("What it does", docs.get("summary", rule.name))},
        "help": {"text": docs.get("Why is this bad?", ""), "markdown": md},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "severity": rule.severity, "tags": [rule.category]},
    }


@lru_cache(maxsize=256)  # one path for most findings
def _uri(path: str) -> str:
    p = Path(path)
    return p.as_posix() if not p.is_absolute() else p.as_uri()


def render(report: Report, *, color: bool = False) -> str:
    rules = sorted({f.rule for f in report.findings})
    registry = {r.code: r for r in all_rules()}
    index = {code: i for i, code in enumerate(rules)}
    results = []
    for f in report.findings:
        res = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": f.message},
            "partialFingerprints": {"tablewrightFindingId/v1": f.id},
            "properties": {"severity": f.severity, "category": f.category, "table": f.table, "column": f.column},
        }
        loc: dict = {}
        if f.location is not None and f.location.path:
            loc["physicalLocation"] = {
                "artifactLocation": {"uri": _uri(f.location.path)},
                "region": {"startLine": max(1, f.location.line), "startColumn": max(1, f.location.column)},
            }
        name = ".".join(x for x in (f.table, f.column) if x)
        if name:
            loc["logicalLocations"] = [{"fullyQualifiedName": name, "kind": "member" if f.column else "type"}]
        if loc:
            res["locations"] = [loc]
        if f.fix is not None:
            res["properties"]["fix"] = f.fix.to_dict(render=report.fix_sql)
        results.append(res)
    from tablewright.designer.version import VERSION

    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tablewright",
                "version": VERSION,
                "rules": [_rule_descriptor(registry[c]) for c in rules],
            }},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return layered_json(sarif, 4) + "\n"  # one result per line (the tool's driver on one)
