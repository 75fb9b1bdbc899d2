"""TW214 int32-key-on-growing-table."""

from __future__ import annotations

from tablewright.designer.model import Column, DataType, Table
from tablewright.linting import heuristics as h
from tablewright.designer.edits import SetColumnAttr
from tablewright.linting.findings import Fix
from tablewright.linting.facts import has_role
from tablewright.linting.rule import Rule, register

GROWING = h.GROWING_WORDS - {"order", "item"}
#: per-user activity rows: one per vote, like, favourite, saved version (issue: the large tables)
ACTIVITY = frozenset({"vote", "favorite", "favourite", "like", "reaction", "version", "follow", "bookmark", "star",
                      "subscription_event", "impression", "read", "seen"})


def is_growing_table(table: Table, ctx=None) -> bool:
    if has_role(table, "log", ctx):
        return True
    toks = h.tokens(table.name)
    if not toks or h.is_version_registry(table):
        return False
    return toks[-1] in GROWING or h.singular(toks[-1]) in GROWING \
        or h.singular(toks[-1]) in ACTIVITY


def int32_key(table: Table, dialect: str | None) -> Column | None:
    pk = table.primary_key
    if pk is None or len(pk.columns) != 1:
        return None
    col = next((c for c in table.columns if c.id == pk.columns[0]), None)
    if col is None or not h.is_int32(col.type, dialect):
        return None
    return col


@register
class Int32KeyOnGrowingTable(Rule):
    """A 32-bit integer key on a table that grows without bound.

    ## What it does
    Reports log, event, history, audit, message, transaction and similar
    append-heavy tables whose single-column primary key is a 32-bit integer
    (SQLite integers are 64-bit and are not reported).  Tables with the
    `log` or `history` role (see *Table roles*: row versions, revisions, an
    archive of a history) count, whatever their name.  This also covers the
    scalability idea "log table keyed by a 32-bit integer".  Medium: whether
    a table passes 2^31 rows is not in the DDL (MySQL's `SERIAL` is 64-bit).

    ## Why is this bad?
    2,147,483,647 ids go faster than expected on an append-only table (and
    sequences skip values on rollback); when they run out every insert fails
    and widening the key rewrites the table and every referencing one.

    ## Example
    ```sql
    CREATE TABLE event_log (id serial PRIMARY KEY, payload jsonb);
    ```

    ## Use instead
    ```sql
    CREATE TABLE event_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb);
    ```
    """

    code = "TW214"
    name = "int32-key-on-growing-table"
    category = "data-types"
    severity = "medium"
    triggers = h.GROWTH_TRIGGERS | {"role:log", "role:history"} | ACTIVITY | frozenset(w + "s" for w in ACTIVITY)
    also_covers = ("scalability: append-only table keyed by a 32-bit integer",)
    scope = "neighbours"  # reads the foreign keys that point at the table

    def check_table(self, table, ctx):
        # a history (row versions, an archive) grows with every change of its subject
        if not (is_growing_table(table, ctx) or ctx.has_role(table, "history")):
            return None
        col = int32_key(table, ctx.dialect)
        if col is None:
            return None
        new = DataType("bigint", "bigint")
        # medium: whether a table will pass 2^31 rows is not in the DDL; the schema's own bigint keys
        # and the tables that hold the key make the finding more likely right, not high (the one
        # real table found at that tier, bike-index's payments, will not reach 2^31; labelled debatable)
        return [self.finding(table, f"{table.qualified_name} grows without bound but its key {col.name} is {col.type} "
                                    "(32-bit)", column=col,
                             fix=Fix("widen the key to bigint",
                                     edit=SetColumnAttr(table.id, col.id, "type", new),
                                     schema=ctx.schema))]
