"""TW208 boolean-as-other and TW209 nullable-boolean."""

from __future__ import annotations

from tablewright.designer.dialects import is_mysql
from tablewright.designer.model import Column
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Rule, register


def looks_boolean(name: str) -> bool:
    t = h.tokens(name)
    return len(t) >= 2 and (t[0] in ("is", "has", "can", "should") or t[-1] == "flag")


def boolean_as_other(column: Column, dialect: str | None) -> bool:
    if not looks_boolean(column.name):
        return False
    k = h.kind(column.type)
    if k == "boolean":
        return False
    if is_mysql(dialect) and k == "tinyint":
        return False  # MySQL's BOOLEAN is TINYINT
    if k in h.INTEGERS:
        return True
    return k in ("char", "varchar") and (column.type.length or 1) <= 5


@register
class BooleanAsOther(Rule):
    """A yes/no column stored as a number or a string.

    ## What it does
    Reports `is_*`, `has_*`, `can_*` and `*_flag` columns typed as integers or
    short strings (`char(1)`, `varchar(5)`) where the engine has a boolean
    type.  SQLite (no boolean type) and MySQL's `TINYINT` (its `BOOLEAN`) are
    left alone.

    ## Why is this bad?
    `'Y'`, `'y'`, `'1'`, `'T'`, `2`: every reader must guess which values mean
    true, and nothing stops a third value.

    ## Example
    ```sql
    CREATE TABLE account (is_active char(1));
    ```

    ## Use instead
    ```sql
    CREATE TABLE account (is_active boolean NOT NULL DEFAULT true);
    ```
    """

    code = "TW208"
    name = "boolean-as-other"
    category = "data-types"
    severity = "medium"
    triggers = frozenset({"is", "has", "can", "should", "flag"})
    dialects = frozenset({"postgres", "mysql", "mariadb", "mssql"})

    def check_column(self, table, c, ctx):
        if boolean_as_other(c, ctx.dialect) and not h.column_has_check(table, c):
            return self.finding(table, f"{table.name}.{c.name} is a flag stored as {c.type}", column=c)
        return None


def nullable_boolean(column: Column) -> bool:
    return h.kind(column.type) == "boolean" and column.nullable and column.generated is None


@register
class NullableBoolean(Rule):
    """A boolean column that accepts NULL.

    ## What it does
    Reports boolean columns without NOT NULL.

    ## Why is this bad?
    The flag has three states; `WHERE NOT is_active` skips the NULL rows,
    and each reader decides differently what NULL means.

    ## Example
    ```sql
    CREATE TABLE account (is_active boolean);
    ```

    ## Use instead
    ```sql
    CREATE TABLE account (is_active boolean NOT NULL DEFAULT false);
    ```
    """

    code = "TW209"
    name = "nullable-boolean"
    category = "data-types"
    severity = "low"
    triggers = frozenset({"kind:boolean"})

    def check_column(self, table, c, ctx):
        if not nullable_boolean(c):
            return None
        from tablewright.designer.edits import SetColumnAttr
        from tablewright.linting.findings import Fix

        return self.finding(
            table, f"{table.name}.{c.name} is a nullable boolean (three states)", column=c,
            fix=Fix("make it NOT NULL", edit=SetColumnAttr(table.id, c.id, "nullable", False),
                    schema=ctx.schema),
        )
