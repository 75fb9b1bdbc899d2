"""TW202 money-type."""

from __future__ import annotations

from tablewright.designer.model import Column, DataType
from tablewright.linting import heuristics as h
from tablewright.designer.edits import SetColumnAttr
from tablewright.linting.findings import Fix
from tablewright.linting.rule import Rule, register


NUMERIC = DataType("numeric", "numeric(12,2)", precision=12, scale=2)


def is_money_type(column: Column) -> bool:
    return h.kind(column.type) == "money" and (column.type.text or "").lower().startswith("money")


@register
class MoneyType(Rule):
    """PostgreSQL's `money` type.

    ## What it does
    Reports columns of PostgreSQL's `money` type.

    ## Why is this bad?
    `money` has a fixed scale set by the server's `lc_monetary`: restoring a
    dump on a server with another locale changes the values' meaning, it
    holds one currency only, and division rounds to cents.

    ## Example
    ```sql
    CREATE TABLE payment (id int PRIMARY KEY, amount money);
    ```

    ## Use instead
    ```sql
    CREATE TABLE payment (id int PRIMARY KEY, amount numeric(12, 2), currency char(3));
    ```
    """

    code = "TW202"
    name = "money-type"
    category = "data-types"
    severity = "medium"
    triggers = frozenset({"kind:money"})
    dialects = frozenset({"postgres"})

    def check_column(self, table, c, ctx):
        if not is_money_type(c):
            return None
        return self.finding(table, f"{table.name}.{c.name} uses the money type", column=c,
                            fix=Fix("use numeric(12,2)", schema=ctx.schema,
                                    edit=SetColumnAttr(table.id, c.id, "type", NUMERIC)))
