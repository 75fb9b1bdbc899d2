"""TW303 nullable-unique."""

from __future__ import annotations

from tablewright.designer.model import Column, Table
from tablewright.linting.rule import Rule, register


def nullable_unique_columns(table: Table) -> list[Column]:
    cols = {c.id: c for c in table.columns}
    out: dict[str, Column] = {}
    sets = [u.columns for u in table.uniques if not u.nulls_not_distinct]
    sets += [[e.column for e in ix.elements] for ix in table.indexes
             if ix.unique and not ix.predicate and all(e.column for e in ix.elements)]
    for ids in sets:
        if len(ids) == 1 and ids[0] in cols and cols[ids[0]].nullable:
            out[ids[0]] = cols[ids[0]]
    return list(out.values())


@register
class NullableUnique(Rule):
    """A unique column that accepts NULL.

    ## What it does
    Reports single-column unique constraints and unique indexes over a
    nullable column (partial indexes and `NULLS NOT DISTINCT` are exempt).

    ## Why is this bad?
    Engines disagree on what it means: PostgreSQL, MySQL and SQLite accept
    any number of NULLs, SQL Server only one.  Either the column is really
    required (make it NOT NULL) or the intent should be spelled out with a
    partial unique index.

    ## Example
    ```sql
    CREATE TABLE users (id int PRIMARY KEY, external_id text UNIQUE);
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (id int PRIMARY KEY, external_id text);
    CREATE UNIQUE INDEX users_external_id_key ON users (external_id) WHERE external_id IS NOT NULL;
    ```
    """

    code = "TW303"
    name = "nullable-unique"
    category = "constraints"
    severity = "low"
    triggers = frozenset({"has:unique"})

    def check_table(self, table, ctx):
        return [self.finding(table, f"{table.name}.{c.name} is unique but accepts NULL", column=c)
                for c in nullable_unique_columns(table)]
