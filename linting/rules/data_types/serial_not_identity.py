"""TW213 serial-not-identity."""

from __future__ import annotations

from tablewright.designer.dialects import SERIAL_TYPES
from tablewright.designer.model import Column
from tablewright.linting.rule import Rule, register


def serial_kind(column: Column) -> str | None:
    text = (column.type.text or "").lower().split("(")[0].strip()
    if text in SERIAL_TYPES:
        return text
    if column.identity is None and (column.default or "").lower().startswith("nextval("):
        return "nextval() default"
    return None


@register
class SerialNotIdentity(Rule):
    """PostgreSQL `serial` instead of an identity column.

    ## What it does
    Reports `serial`/`bigserial` columns and columns defaulting to
    `nextval(...)` (what `serial` expands to) in PostgreSQL, where identity
    columns exist since version 10.

    ## Why is this bad?
    The sequence is a separate object with its own permissions and
    ownership: dumps, copies and `GRANT`s forget it, and explicit inserts
    silently let the sequence fall behind.  `GENERATED ... AS IDENTITY` is
    the SQL standard and behaves as one object.

    ## Example
    ```sql
    CREATE TABLE customer (id serial PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE customer (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
    ```
    """

    code = "TW213"
    name = "serial-not-identity"
    category = "data-types"
    severity = "low"
    triggers = frozenset({"has:serial"})
    dialects = frozenset({"postgres"})

    def check_column(self, table, c, ctx):
        k = serial_kind(c)
        if k:
            return self.finding(table, f"{table.name}.{c.name} uses {k}; use an identity column", column=c)
        return None
