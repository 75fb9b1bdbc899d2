"""The advice of ``tablewright advise`` as text, JSON or Markdown."""

from __future__ import annotations

import json

from tablewright.designer.edits import AddItem, DropItem
from tablewright.linting.findings import Fix


def _sql(cand, ix, schema) -> str | None:
    return Fix("add index", edit=AddItem(cand.table.id, ix), schema=schema).sql


def _drop_sql(d, schema) -> str | None:
    return Fix("drop index", edit=DropItem(d.table.id, "index", d.index.id), schema=schema).sql


def advice_data(advice, analysis, findings, verification=None) -> dict:
    schema = analysis.schema
    taken = {(ix.name or "").lower() for t in schema.tables for ix in t.indexes}
    indexes = []
    for c in advice.indexes:
        ix = c.index(taken)
        taken.add(ix.name.lower())
        item = {
            "table": c.table.qualified_name if c.table.namespace else f"{_default_ns(schema)}{c.table.name}",
            "name": ix.name,
            "columns": [col.name + (" DESC" if d else "") for col, d in zip(c.columns, c.descending)],
            "include": [col.name for col in c.include],
            "where": c.where,
            "unique": False,
            "sql": _sql(c, ix, schema),
            "queries": [{"path": a.query.location.path, "line": a.query.location.line} for a in c.queries],
            "weight": c.weight,
            "reason": c.reason(),
        }
        if verification is not None:
            item["cost_before"] = c.cost_before
            item["cost_after"] = c.cost_after
            item["verified"] = bool(c.verified)
        indexes.append(item)
    drops = [{"table": d.table.qualified_name, "index": d.index.name, "reason": d.reason, "sql": _drop_sql(d, schema)}
             for d in advice.drops]
    out = {"indexes": indexes, "drops": drops, "findings": [f.to_dict() for f in findings],
           "queries": len(analysis.queries), "notes": list(advice.notes)}
    if verification is not None:
        out["verification"] = {
            "database": verification.database,  # the scratch database (dropped)
            "total_cost_before": round(verification.total_before or 0.0, 2),
            "total_cost_after": round(verification.total_after or 0.0, 2),
            "rows": verification.rows,
            "queries": [{"path": a.query.location.path, "line": a.query.location.line,
                         "cost_before": round(verification.query_costs[id(a)], 2),
                         "cost_after": round(verification.query_after.get(id(a), verification.query_costs[id(a)]), 2)}
                        for a in analysis.queries if id(a) in verification.query_costs],
            "unplanned": [{"path": a.query.location.path, "line": a.query.location.line, "why": why}
                          for a, why in verification.unplanned],
            "notes": verification.notes,
        }
    return out


def _default_ns(schema) -> str:
    return "public." if schema.dialect == "postgres" else ""


def _n_queries(n: int) -> str:
    return f"{n} quer{'y' if n == 1 else 'ies'}"


def _pct(before, after) -> str:
    if not before:
        return ""
    return f" ({(after - before) / before * 100:+.0f}%)"


def render(fmt: str, data: dict) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    md = fmt == "markdown"
    out = ["# Index advice", ""] if md else []
    ver = data.get("verification")
    head = f"{len(data['indexes'])} index(es) advised for {data['queries']} queries"
    if ver:
        verified = sum(1 for i in data["indexes"] if i.get("verified"))
        head += (f"; {verified} verified with HypoPG, workload cost {ver['total_cost_before']:g} -> "
                 f"{ver['total_cost_after']:g}{_pct(ver['total_cost_before'], ver['total_cost_after'])}")
    out += [head, ""]
    for n, i in enumerate(data["indexes"], 1):
        cols = ", ".join(i["columns"])
        desc = f"{i['table']} ({cols})" + (f" INCLUDE ({', '.join(i['include'])})" if i["include"] else "") + \
               (f" WHERE {i['where']}" if i["where"] else "")
        cost = ""
        if "cost_before" in i and i["cost_before"] is not None:
            cost = f"; cost {i['cost_before']:g} -> {i['cost_after']:g}{_pct(i['cost_before'], i['cost_after'])}" + \
                   ("" if i["verified"] else " — NOT VERIFIED: does not lower the cost")
        qs = ", ".join(f"{q['path']}:{q['line']}" for q in i["queries"][:4]) + \
            (f" and {len(i['queries']) - 4} more" if len(i["queries"]) > 4 else "")
        if md:
            out += [f"{n}. **{desc}**{cost}", f"   - serves {_n_queries(len(i['queries']))}: {qs}",
                    f"   - why: {i['reason']}", "   ```sql", *(f"   {x}" for x in (i["sql"] or "").splitlines()),
                    "   ```"]
        else:
            out += [f"{n}. {desc}{cost}", f"   serves {_n_queries(len(i['queries']))}: {qs}", f"   why: {i['reason']}",
                    *(f"   {x}" for x in (i["sql"] or "").splitlines())]
    if ver and ver.get("queries"):
        changed = [q for q in ver["queries"] if q["cost_after"] < q["cost_before"]]
        if changed:
            out += ["", "## Queries the verified indexes make cheaper" if md else
                    "Queries the verified indexes make cheaper:"]
            for q in sorted(changed, key=lambda q: q["cost_after"] / q["cost_before"] if q["cost_before"] else 1):
                out.append(f"- {q['path']}:{q['line']}: cost {q['cost_before']:g} -> {q['cost_after']:g}"
                           f"{_pct(q['cost_before'], q['cost_after'])}")
    if data["drops"]:
        out += ["", "## Unused indexes (the workload is declared complete)" if md else
                "Unused indexes (the workload is declared complete):"]
        for d in data["drops"]:
            out.append(f"- {d['table']}.{d['index']}: {d['reason']}" + (f"  `{d['sql']}`" if md else f"\n    {d['sql']}"))
    if data["findings"]:
        out += ["", "## Query findings" if md else "Query findings:"]
        for f in data["findings"]:
            loc = f["location"]
            where = f"{loc['path']}:{loc['line']}:{loc['column']}" if loc else ""
            out.append(f"- {where}: {f['severity']} {f['rule']} {f['message']}")
    notes = data["notes"] + (ver["notes"] if ver else [])
    if ver and ver["unplanned"]:
        notes.append(f"{_n_queries(len(ver['unplanned']))} could not be planned: " +
                     "; ".join(f"{u['path']}:{u['line']} ({u['why']})" for u in ver["unplanned"][:5]))
    if notes:
        out += ["", "## Notes" if md else "Notes:"] + [f"- {x}" for x in notes]
    return "\n".join(out).rstrip() + "\n"
