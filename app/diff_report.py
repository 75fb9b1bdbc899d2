"""``diff`` reports: text, JSON, Markdown (a pull-request comment) and SARIF
(code scanning).  No Qt: the CLI and the GUI's "Copy report" share them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tablewright.designer.diff import KINDS, Change, DiffResult, Side

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _value(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict) and "type" in value and "nullable" in value:  # a whole column
        parts = [str(value["type"]), "NULL" if value["nullable"] else "NOT NULL"]
        parts += [f"{k.upper().replace('_', ' ')} {_value(v)}" for k, v in value.items() if k not in ("type", "nullable")]
        return " ".join(parts)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= 120 else text[:119] + "…"


def describe(change: Change) -> str:
    """One line: what changed, with before and after where they say something."""
    kind, subject = change.kind, change.subject
    if kind.endswith("-added"):
        detail = _value(change.after) if change.after is not None and not isinstance(change.after, str) else ""
    elif kind.endswith("-removed"):
        detail = _value(change.before) if change.before is not None and not isinstance(change.before, str) else ""
    else:
        detail = f"{_value(change.before)} → {_value(change.after)}"
    return f"{kind} {subject}" + (f": {detail}" if detail else "")


def render_text(result: DiffResult, old: Side, new: Side) -> str:
    lines = [describe(c) for c in result.changes]
    if not result.changes:
        lines.append(f"no differences between {old.label} and {new.label}")
    else:
        lines.append(f"{len(result.changes)} differences between {old.label} and {new.label}")
    return "\n".join(lines) + "\n"


def render_json(result: DiffResult, old: Side, new: Side) -> str:
    doc = {"old": old.label, "new": new.label, "changes": [c.as_json() for c in result.changes],
           "hints": [str(h) for h in result.hints], "notes": list(result.notes)}
    return json.dumps(doc, indent=2, default=str) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: DiffResult, old: Side, new: Side, findings=()) -> str:
    """A change report fit for a pull-request comment: what changed, grouped by
    table, and the migration findings the change raises."""
    out = [f"### Schema changes: `{old.label}` → `{new.label}`", ""]
    if not result.changes:
        out += ["No differences.", ""]
    else:
        counts = Counter(c.kind for c in result.changes)
        out.append(", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
        out += ["", "| change | object | before | after |", "|---|---|---|---|"]
        for c in result.changes:
            out.append(f"| {c.kind} | `{_md(c.subject)}` | {_md(_value(c.before)) if c.before is not None else ''} "
                       f"| {_md(_value(c.after)) if c.after is not None else ''} |")
        out.append("")
    if findings:
        out += ["#### Migration findings", "", "| severity | rule | object | finding |", "|---|---|---|---|"]
        for f in findings:
            what = ".".join(p for p in (f.table, f.column) if p) or "(migration)"
            out.append(f"| {f.severity} | {f.rule} | `{_md(what)}` | {_md(f.message)} |")
        out.append("")
    elif result.changes:
        out += ["No migration findings.", ""]
    for hint in result.hints:
        out.append(f"> hint: {_md(str(hint))}")
    for note in result.notes:
        out.append(f"> note: {_md(note)}")
    return "\n".join(out).rstrip() + "\n"


def _uri(path: str) -> str:
    p = Path(path)
    return p.as_posix() if not p.is_absolute() else p.as_uri()


def render_sarif(result: DiffResult, old: Side, new: Side) -> str:
    """Each change a result (rule = the change kind, level warning), located in
    the file side (OLD, else NEW) at the object's line when it is known."""
    kinds = sorted({c.kind for c in result.changes})
    index = {k: i for i, k in enumerate(kinds)}
    file_side = next((s for s in (old, new) if not s.live), None)
    lines = _lines(file_side) if file_side else {}
    results = []
    for c in result.changes:
        res = {"ruleId": c.kind, "ruleIndex": index[c.kind], "level": "warning",
               "message": {"text": describe(c)},
               "partialFingerprints": {"tablewrightChange/v1": f"{c.kind}:{c.subject}"}}
        loc: dict = {}
        if file_side is not None:
            physical = {"artifactLocation": {"uri": _uri(file_side.label)}}
            line = lines.get(c.object_id) or lines.get(c.table_id)
            if line:
                physical["region"] = {"startLine": max(1, line)}
            loc["physicalLocation"] = physical
        name = ".".join(p for p in (c.table, c.column) if p) or c.name
        if name:
            loc["logicalLocations"] = [{"fullyQualifiedName": name, "kind": "member" if c.column else "type"}]
        if loc:
            res["locations"] = [loc]
        results.append(res)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tablewright diff",
                "informationUri": "https://example.invalid/tablewright/docs/diff.md",
                "rules": [{"id": k, "name": k, "shortDescription": {"text": f"schema drift: {k.replace('-', ' ')}"},
                           "defaultConfiguration": {"level": "warning"}} for k in kinds],
            }},
            "results": results,
        }],
    }
    return json.dumps(doc, indent=2) + "\n"


def _lines(side: Side) -> dict[str, int]:
    """Object id → its line in the side's file (DDL files carry source locations)."""
    out: dict[str, int] = {}
    schema = side.schema
    for table in schema.tables:
        if table.location:
            out[table.id] = table.location.line
        for item in [*table.columns, *table.constraints(), *table.indexes]:
            if getattr(item, "location", None):
                out[item.id] = item.location.line
    for item in [*schema.enums, *schema.sequences, *schema.raw]:
        if item.location:
            out[item.id] = item.location.line
    return out


RENDERERS = {"text": render_text, "json": render_json, "sarif": render_sarif}

__all__ = ["KINDS", "RENDERERS", "describe", "render_json", "render_markdown", "render_sarif", "render_text"]
