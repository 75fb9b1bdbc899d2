"""The base of the query rules (category ``queries``, codes ``TQ…``).

A query rule is a whole-schema rule that reads the workload attached to the
lint run (``LintContext.workload``, a
:class:`~tablewright.linting.workload.analysis.WorkloadAnalysis`): it says nothing
without one, and the engine re-runs it after every model change (the fact
``workload``), so a renamed column makes the queries that use it stale at once.
Its findings point into the queries file (``location``) and carry the query's
text (``Finding.query``); ``table``/``column`` name the model objects concerned,
so the canvas and the Problems panel can show them on the table too.
"""

from __future__ import annotations

from typing import Iterable

from tablewright.linting.workload.lazy import exp

from tablewright.designer.model import Column, Table
from tablewright.linting.findings import Finding, Fix
from tablewright.linting.rule import Rule
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tablewright.linting.workload.analysis import Analysed


class QueryRule(Rule):
    category = "queries"
    scope = "schema"
    facts = ("workload",)

    def applies(self, ctx) -> bool:
        return getattr(ctx, "workload", None) is not None

    def check_schema(self, ctx) -> Iterable[Finding] | None:
        wa = getattr(ctx, "workload", None)
        if wa is None:
            return None
        out: list[Finding] = []
        for a in wa.queries:
            found = self.check_query(a, ctx)
            if found:
                out.extend(found)
        return out

    def check_query(self, a: Analysed, ctx) -> Iterable[Finding] | None:
        raise NotImplementedError

    def query_finding(self, a: Analysed, message: str, *, node: exp.Expression | None = None,
                      table: Table | None = None, column: Column | None = None, detail: str = "",
                      severity: str | None = None, fix: str | None = None) -> Finding:
        """A finding on query ``a``, located at ``node`` in its file."""
        key = f"{a.query.fingerprint}{':' + detail if detail else ''}"
        f = self.finding(table, message, column=column, severity=severity, key=key,
                         location=a.location_of(node),
                         fix=Fix(fix, sql=None) if fix else None)
        if table is None:
            f.object_kind = "schema"
        f.query = a.query.text.strip()
        return f
