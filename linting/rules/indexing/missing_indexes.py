"""TW408 soft-delete-without-partial-index, TW409 unindexed-expiry-column, TW410 jsonb-without-gin,
TW411 table-without-index."""

from __future__ import annotations


from tablewright.designer.model import Column, Index, IndexElement, Table, derived_id
from tablewright.linting import heuristics as h
from tablewright.designer.edits import AddItem
from tablewright.linting.findings import Fix
from tablewright.linting.heuristics import index_name
from tablewright.linting.rule import Option, Rule, register
from tablewright.linting.rules.constraints.soft_delete_unique import soft_delete_column

EXPIRY_NAMES = frozenset({"expires_at", "expire_at", "expiry", "expires", "expiration", "expiration_date",
                          "expires_on", "ttl", "purge_after", "purge_at", "valid_until", "expiry_date", "expiresat",
                          "delete_after", "expires_ts"})
EXPIRY_TRIGGERS = frozenset({"expires", "expire", "expiry", "expiration", "ttl", "purge", "until", "after",
                             "expiresat"})


def duration(c: Column) -> bool:
    """A ``ttl`` counted in seconds or as an interval: how long a row lives, not when it goes (a DNS
    record's time-to-live, Designate's zones.ttl); the cleanup compares ``created + ttl`` with now, which
    an index on the duration does not serve."""
    return c.name.lower() == "ttl" and (h.kind(c.type) in h.INTEGERS or h.kind(c.type) == "interval")


def expiry_columns_unindexed(table: Table) -> list[Column]:
    leading = {cols[0] for cols in h.index_column_lists(table, include_partial=True) if cols}
    exprs = " ".join((e.expression or "").lower() for ix in table.indexes for e in ix.elements)
    return [c for c in table.columns
            if c.name.lower() in EXPIRY_NAMES and c.id not in leading and c.name.lower() not in exprs
            and not duration(c)]


def _index_on(table: Table, column: Column, schema) -> Index:
    return Index(derived_id("ix", table.id, column.id), index_name(table, [column.name], schema=schema),
                 [IndexElement(column=column.id)])


def has_partial_index(table: Table) -> bool:
    return any(ix.predicate for ix in table.indexes)


def jsonb_without_gin(table: Table) -> list[Column]:
    out = []
    for c in table.columns:
        if h.kind(c.type) != "jsonb":
            continue
        name = c.name.lower()
        if not any((ix.method or "").lower() == "gin" and any(
                e.column == c.id or h.mentions_column(e.expression, name) for e in ix.elements)
                for ix in table.indexes):
            out.append(c)
    return out


@register
class SoftDeleteWithoutPartialIndex(Rule):
    """A soft-delete table with no partial index on live rows.

    ## What it does
    Reports tables with a soft-delete column (`deleted_at`, `is_deleted`)
    and no partial (filtered) index at all (PostgreSQL, SQLite, SQL Server).

    ## Why is this bad?
    Every query filters `deleted_at IS NULL`; without partial indexes the
    dead rows stay in every index and every scan, and grow forever.

    ## Example
    ```sql
    CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
    CREATE INDEX users_email ON users (email);
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
    CREATE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;
    ```
    """

    code = "TW408"
    name = "soft-delete-without-partial-index"
    category = "indexing"
    severity = "low"
    triggers = frozenset({"deleted", "deletedat", "isdeleted", "archived", "removed"})
    dialects = frozenset({"postgres", "sqlite", "mssql"})

    def check_table(self, table, ctx):
        col = soft_delete_column(table)
        if col is not None and not has_partial_index(table):
            return [self.finding(table, f"{table.qualified_name} soft-deletes rows ({col.name}) but has no partial "
                                        "index on live rows", column=col)]
        return None


@register
class UnindexedExpiryColumn(Rule):
    """An expiry/cleanup column with no index.

    ## What it does
    Reports `expires_at`, `expiry`, `ttl`, `purge_after`, `valid_until` and
    similar columns that do not lead any index.  A `ttl` counted in seconds
    (an integer or an interval) is how long a row lives, not when it goes:
    an index on it serves no cleanup, and it is not reported.

    ## Why is this bad?
    The cleanup job that deletes expired rows scans the whole table every
    time it runs, and the table it is meant to keep small keeps growing.

    ## Example
    ```sql
    CREATE TABLE session (id text PRIMARY KEY, expires_at timestamptz NOT NULL);
    ```

    ## Use instead
    ```sql
    CREATE TABLE session (id text PRIMARY KEY, expires_at timestamptz NOT NULL);
    CREATE INDEX session_expires_at_idx ON session (expires_at);
    ```
    """

    code = "TW409"
    name = "unindexed-expiry-column"
    category = "indexing"
    severity = "medium"
    triggers = EXPIRY_TRIGGERS

    def check_table(self, table, ctx):
        return [self.finding(table, f"{table.name}.{c.name} is used for cleanup but has no index", column=c,
                             fix=Fix("add an index", edit=AddItem(table.id, _index_on(table, c, ctx.schema)),
                                     schema=ctx.schema))
                for c in expiry_columns_unindexed(table)]


@register
class JsonbWithoutGin(Rule):
    """A jsonb column with no GIN index.

    ## What it does
    Reports PostgreSQL `jsonb` columns that no GIN index covers.  A hint: it
    matters only when queries filter on the document's contents.

    ## Why is this bad?
    Containment and key-existence filters (`@>`, `?`) scan every document
    without a GIN index.

    ## Example
    ```sql
    CREATE TABLE event (payload jsonb);
    ```

    ## Use instead
    ```sql
    CREATE TABLE event (payload jsonb);
    CREATE INDEX event_payload_gin ON event USING gin (payload jsonb_path_ops);
    ```
    """

    code = "TW410"
    name = "jsonb-without-gin"
    category = "indexing"
    severity = "low"
    triggers = frozenset({"kind:jsonb"})
    dialects = frozenset({"postgres"})

    def check_table(self, table, ctx):
        return [self.finding(table, f"{table.name}.{c.name} (jsonb) has no GIN index", column=c)
                for c in jsonb_without_gin(table)]


@register
class TableWithoutIndex(Rule):
    """A table with no index at all.

    ## What it does
    Reports tables with no primary key, unique constraint or index, unless
    they are tiny lookup tables (at most `lookup-columns`, 3, columns).

    ## Why is this bad?
    Every lookup, join and update scans the whole table.

    ## Example
    ```sql
    CREATE TABLE visit (user_id int, page text, at timestamptz, referrer text);
    ```

    ## Use instead
    ```sql
    CREATE TABLE visit (user_id int, page text, at timestamptz, referrer text);
    CREATE INDEX visit_user_id_at ON visit (user_id, at);
    ```
    """

    code = "TW411"
    name = "table-without-index"
    category = "indexing"
    severity = "low"
    options = {"lookup_columns": Option(3, "tables with at most this many columns are exempt")}

    def check_table(self, table, ctx):
        if table.primary_key or table.uniques or table.indexes or len(table.columns) <= self.opts.lookup_columns:
            return None
        return [self.finding(table, f"table {table.qualified_name} has no index at all")]
