"""TW211 json-not-jsonb."""

from __future__ import annotations

from tablewright.designer.model import Column, DataType
from tablewright.linting import heuristics as h
from tablewright.designer.edits import SetColumnAttr
from tablewright.linting.findings import Fix
from tablewright.linting.rule import Rule, register


def is_plain_json(column: Column) -> bool:
    return h.kind(column.type) == "json"


@register
class JsonNotJsonb(Rule):
    """PostgreSQL `json` instead of `jsonb`.

    ## What it does
    Reports PostgreSQL `json` columns.

    ## Why is this bad?
    `json` is stored as text and re-parsed on every access; it has no
    equality operator (so no DISTINCT, GROUP BY or unique index) and no GIN
    indexing.  `jsonb` is what almost every workload wants.

    ## Example
    ```sql
    CREATE TABLE event (payload json);
    ```

    ## Use instead
    ```sql
    CREATE TABLE event (payload jsonb);
    ```
    """

    code = "TW211"
    name = "json-not-jsonb"
    category = "data-types"
    severity = "medium"
    triggers = frozenset({"kind:json"})
    dialects = frozenset({"postgres"})

    def check_column(self, table, c, ctx):
        if not is_plain_json(c):
            return None
        return self.finding(table, f"{table.name}.{c.name} is json; use jsonb", column=c,
                            fix=Fix("use jsonb", schema=ctx.schema, edit=SetColumnAttr(
                                table.id, c.id, "type", DataType("jsonb", "jsonb", array_dims=c.type.array_dims))))
