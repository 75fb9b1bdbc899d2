"""TW102 nullable-primary-key."""

from __future__ import annotations

from tablewright.designer.model import Column, Table
from tablewright.linting.heuristics import kind
from tablewright.linting.rule import Rule, register


def nullable_pk_columns(table: Table) -> list[Column]:
    pk = table.primary_key
    if pk is None or table.options.without_rowid:
        return []
    cols = [table.column(c) for c in pk.columns if any(x.id == c for x in table.columns)]
    if len(cols) == 1 and kind(cols[0].type) in ("integer", "int"):
        return []  # INTEGER PRIMARY KEY is the rowid: never NULL
    return [c for c in cols if c.nullable]


@register
class NullablePrimaryKey(Rule):
    """A primary-key column accepts NULL.

    ## What it does
    Reports primary-key columns declared without NOT NULL where the engine
    lets NULL in: SQLite, outside `INTEGER PRIMARY KEY` and `WITHOUT ROWID`
    tables (a long-standing SQLite quirk kept for compatibility).  Other
    engines make key columns NOT NULL themselves.

    ## Why is this bad?
    Rows with a NULL key are not unique (NULLs are distinct), cannot be
    referenced, and break the assumption every reader makes about keys.

    ## Example
    ```sql
    CREATE TABLE country (code TEXT PRIMARY KEY, name TEXT);
    ```

    ## Use instead
    ```sql
    CREATE TABLE country (code TEXT NOT NULL PRIMARY KEY, name TEXT);
    ```
    """

    code = "TW102"
    name = "nullable-primary-key"
    category = "schema-design"
    # medium: a fact about SQLite (its legacy allows NULL in a non-INTEGER key), a risk only when the
    # application writes NULL there; on the labelled set (zotero) it was debatable more often than right
    severity = "medium"
    dialects = frozenset({"sqlite"})

    def check_table(self, table, ctx):
        return [
            self.finding(table, f"primary-key column {table.name}.{c.name} accepts NULL (SQLite allows NULL keys)",
                         column=c)
            for c in nullable_pk_columns(table)
        ]
