"""TW210 uuid-as-string."""

from __future__ import annotations

from tablewright.designer.model import Column
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Rule, register


def uuid_as_string(column: Column) -> bool:
    if not h.is_string(column.type):
        return False
    t = set(h.tokens(column.name))
    if t & {"uuid", "guid"}:
        return True
    return column.type.length == 36 and "id" in t


@register
class UuidAsString(Rule):
    """A UUID stored as text where the engine has a native type.

    ## What it does
    Reports `char(36)`/`varchar(36)`/`text` columns holding UUIDs (named
    `*uuid*`/`*guid*`, or an `*_id` of exactly 36 characters) in PostgreSQL
    (`uuid`) and SQL Server (`uniqueidentifier`).

    ## Why is this bad?
    36 bytes plus overhead instead of 16 make every index on it more than
    twice as large; case and dash variants compare unequal, and invalid
    values get in.

    ## Example
    ```sql
    CREATE TABLE session (id varchar(36) PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE session (id uuid PRIMARY KEY);
    ```
    """

    code = "TW210"
    name = "uuid-as-string"
    category = "data-types"
    severity = "medium"
    triggers = frozenset({"uuid", "guid", "has:len36"})
    dialects = frozenset({"postgres", "mssql"})

    def check_column(self, table, c, ctx):
        if not uuid_as_string(c):
            return None
        native = "uuid" if ctx.dialect == "postgres" else "uniqueidentifier"
        return self.finding(table, f"{table.name}.{c.name} stores a UUID as {c.type}; use {native}", column=c)
