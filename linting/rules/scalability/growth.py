"""TW701 unpartitioned-log-table, TW702 unbounded-growth-without-time."""

from __future__ import annotations

from tablewright.designer.model import Column, Table
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Rule, register
from tablewright.linting.rules.data_types.int32_key import is_growing_table

RETENTION_NAMES = frozenset({"expires_at", "expire_at", "ttl", "retain_until", "purge_after", "purge_at",
                             "delete_after", "retention_until", "expiry"})
TIME_TOKENS = frozenset({"at", "ts", "time", "timestamp", "date", "created", "updated", "when", "stamp"})


def time_column(table: Table) -> Column | None:
    for c in table.columns:
        k = h.kind(c.type)
        if k in ("timestamp", "timestamptz", "date"):
            return c
        t = set(h.tokens(c.name))
        if t & TIME_TOKENS and k in h.INTEGERS | h.DATETIMES:
            return c
    return None


def is_partitioned(table: Table) -> bool:
    o = table.options
    return bool(o.partition_by or o.partition_of or o.inherits or "partition" in " ".join(o.extra).lower())


def has_retention(table: Table) -> bool:
    return any(c.name.lower() in RETENTION_NAMES for c in table.columns)


@register
class UnpartitionedLogTable(Rule):
    """An append-only log table with no partitioning or retention.

    ## What it does
    Reports log, event, history, audit, telemetry, message and similar tables
    that have a time column but are neither partitioned nor carry a
    retention column (`expires_at`, `ttl`, `purge_after`, ...).  SQLite has
    no partitioning and is skipped.

    ## Why is this bad?
    These tables grow forever; deleting old rows means huge `DELETE`s that
    bloat and lock, while dropping an old partition is instant.

    ## Example
    ```sql
    CREATE TABLE audit_log (id bigint PRIMARY KEY, created_at timestamptz, payload jsonb);
    ```

    ## Use instead
    ```sql
    CREATE TABLE audit_log (id bigint, created_at timestamptz NOT NULL, payload jsonb,
                            PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
    ```
    """

    code = "TW701"
    name = "unpartitioned-log-table"
    category = "scalability"
    severity = "medium"
    triggers = h.GROWTH_TRIGGERS | {"role:log"}
    dialects = frozenset({"postgres", "mysql", "mariadb", "mssql"})

    def check_table(self, table, ctx):
        if not ctx.has_role(table, "log") or is_partitioned(table) or has_retention(table):
            return None
        col = time_column(table)
        if col is None:
            return None
        return [self.finding(table, f"{table.qualified_name} is append-only with a time column ({col.name}) but "
                                    "has no partitioning or retention column")]


@register
class UnboundedGrowthWithoutTime(Rule):
    """A table that grows without bound has no time column to archive by.

    ## What it does
    Reports log, event, message, transaction and similar tables that have no
    date or time column at all.

    ## Why is this bad?
    Nothing tells old rows from new ones: archiving, retention and
    partitioning are impossible without a backfill.

    ## Example
    ```sql
    CREATE TABLE event_log (id bigint PRIMARY KEY, payload jsonb);
    ```

    ## Use instead
    ```sql
    CREATE TABLE event_log (id bigint PRIMARY KEY, payload jsonb,
                            created_at timestamptz NOT NULL DEFAULT now());
    ```
    """

    code = "TW702"
    name = "unbounded-growth-without-time"
    category = "scalability"
    severity = "low"
    triggers = h.GROWTH_TRIGGERS | {"role:log"}

    def check_table(self, table, ctx):
        if is_growing_table(table, ctx) and time_column(table) is None:
            return [self.finding(table, f"{table.qualified_name} grows without bound but has no time column to "
                                        "archive by")]
        return None
