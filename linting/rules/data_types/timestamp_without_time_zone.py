"""TW203 timestamp-without-time-zone."""

from __future__ import annotations

from tablewright.designer.dialects import is_mysql
from tablewright.designer.model import Column, DataType
from tablewright.linting import heuristics as h
from tablewright.designer.edits import SetColumnAttr
from tablewright.linting.findings import Fix
from tablewright.linting.rule import Rule, register


def zoneless_timestamp(column: Column, dialect: str | None) -> bool:
    if h.kind(column.type) != "timestamp" or column.type.array_dims:
        return False
    if is_mysql(dialect):
        return (column.type.text or "").lower().startswith("datetime")
    return dialect in ("postgres", "mssql")


@register
class TimestampWithoutTimeZone(Rule):
    """A point in time stored without its time zone.

    ## What it does
    Reports PostgreSQL `timestamp` (without time zone) columns as *medium*
    (whether they go wrong depends on every session writing UTC, which the
    DDL cannot show; many hold UTC by protocol); MySQL/MariaDB `DATETIME` and
    SQL Server `datetime`/`datetime2` as *low* (their zone-aware
    alternatives, `TIMESTAMP` and `datetimeoffset`, have limits of their
    own).  SQLite has no such type.

    ## Why is this bad?
    The value means a different instant depending on the session's zone;
    servers, users and daylight-saving changes disagree about it, and
    comparisons across zones are silently off by hours.

    ## Example
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, created_at timestamp);
    ```

    ## Use instead
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, created_at timestamptz);
    ```
    """

    code = "TW203"
    name = "timestamp-without-time-zone"
    category = "data-types"
    # medium: labelled at high, 3 of 8 per-column findings on unseen schemas were right (iCalendar's
    # CREATED/DTSTAMP columns hold UTC by RFC 5545; a library's session table)
    severity = "medium"
    triggers = frozenset({"kind:timestamp"})
    dialects = frozenset({"postgres", "mysql", "mariadb", "mssql"})
    convention = True

    def convention_holds(self, ctx, findings):
        """Most of the schema's timestamps are zoneless: the application's
        convention (Rails and Ecto write UTC into ``timestamp`` columns)."""
        if len(findings) < 5:
            return False
        stamps = sum(1 for t in ctx.schema.tables for c in t.columns if h.kind(c.type) in ("timestamp", "timestamptz"))
        return 2 * len(findings) >= stamps

    def convention_severity(self, ctx):
        # PostgreSQL has timestamptz to move to; MySQL's TIMESTAMP ends in 2038
        # and SQL Server's datetimeoffset is rarely worth a migration
        return "medium" if ctx.dialect == "postgres" else "low"

    def convention_summary(self, ctx, findings):
        better = "timestamptz" if ctx.dialect == "postgres" else "a zone-aware type"
        return ("timestamps are stored without time zone throughout the schema: safe while every session "
                f"writes UTC, wrong by hours when one does not; {better} removes the dependency")

    def check_column(self, table, c, ctx):
        d = ctx.dialect
        if not zoneless_timestamp(c, d):
            return None
        if d == "postgres":
            new = DataType("timestamptz", "timestamptz", precision=c.type.precision)
            fix = Fix("use timestamptz", edit=SetColumnAttr(table.id, c.id, "type", new),
                      schema=ctx.schema)
            return self.finding(table, f"{table.name}.{c.name} is a timestamp without time zone", column=c, fix=fix)
        return self.finding(table, f"{table.name}.{c.name} ({c.type}) stores no time zone", column=c,
                            severity="low")
