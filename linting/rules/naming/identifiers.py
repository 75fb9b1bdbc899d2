"""TW901 identifier-too-long, TW902 reserved-word, TW905 needs-quoting."""

from __future__ import annotations

import re

from tablewright.designer.model import Table
from tablewright.linting.rule import Rule, register
from tablewright.designer.dialects import REGISTRY

RESERVED = {name: d.reserved for name, d in REGISTRY.items()}
RESERVED_TRIGGERS = frozenset(t for words in RESERVED.values() for w in words for t in __import__("tablewright.linting.heuristics", fromlist=["tokens"]).tokens(w))

LIMITS = {"postgres": (63, "bytes"), "mysql": (64, "characters"), "mariadb": (64, "characters"),
          "mssql": (128, "characters")}


def identifiers(table: Table):
    """(kind, name, object, column) for every named thing in the table."""
    yield "table", table.name, table, None
    for c in table.columns:
        yield "column", c.name, c, c
    for con in table.constraints():
        if con.name and not con.name.startswith("tw__"):
            yield "constraint", con.name, con, None
    for ix in table.indexes:
        if ix.name:
            yield "index", ix.name, ix, None


def too_long(name: str, dialect: str | None) -> bool:
    limit = LIMITS.get(dialect or "")
    if not limit:
        return False
    n, unit = limit
    return (len(name.encode()) if unit == "bytes" else len(name)) > n


_PLAIN_PG = re.compile(r"[a-z_][a-z0-9_$]*")
_PLAIN_CI = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")


def needs_quoting(name: str, dialect: str | None) -> bool:
    return not (_PLAIN_PG if dialect == "postgres" else _PLAIN_CI).fullmatch(name)


@register
class IdentifierTooLong(Rule):
    """An identifier longer than the engine allows.

    ## What it does
    Reports table, column, constraint and index names longer than the
    engine's limit: 63 bytes in PostgreSQL, 64 characters in MySQL/MariaDB,
    128 in SQL Server.

    ## Why is this bad?
    PostgreSQL silently truncates the name, so two long names can collide and
    the name in the database differs from the one in the code; MySQL refuses
    the statement.  In PostgreSQL a long name that collides with no other
    is *medium*: every statement that names it is truncated alike, so it works.

    ## Example
    ```sql
    CREATE TABLE l_area_area (id int PRIMARY KEY, entity0 int,
        CONSTRAINT l_area_area_fk_link_area_area_entity0_link_type_entity0_link_type_fkey UNIQUE (entity0));
    ```

    ## Use instead
    ```sql
    CREATE TABLE l_area_area (id int PRIMARY KEY, entity0 int,
        CONSTRAINT l_area_area_entity0_key UNIQUE (entity0));
    ```
    """

    code = "TW901"
    name = "identifier-too-long"
    category = "naming"
    severity = "high"
    triggers = frozenset({"has:long"})
    dialects = frozenset(LIMITS)

    def check_table(self, table, ctx):
        n, unit = LIMITS[ctx.dialect]
        names = list(identifiers(table))
        out = []
        for kind, name, obj, col in names:
            if not too_long(name, ctx.dialect):
                continue
            severity, note = None, ""
            if ctx.dialect == "postgres":
                clash = truncation_clash(name, kind, names)
                if clash is None:
                    # PostgreSQL truncates every identifier it reads, in every later
                    # statement too: the name works as written, it is only stored shorter
                    severity = "medium"
                    note = f" (stored as {truncate_pg(name)!r}: statements naming it still work)"
                else:
                    note = f" (truncated, it is the same name as {clash!r})"
            out.append(self.finding(table, f"{kind} name {name!r} is longer than {n} {unit}{note}", column=col,
                                    obj=obj, kind=kind, key=f"{kind}:{name}", severity=severity))
        return out


def truncate_pg(name: str) -> str:
    """The name PostgreSQL stores: its first 63 bytes, never half a character."""
    return name.encode()[:63].decode(errors="ignore")


def truncation_clash(name: str, kind: str, names) -> str | None:
    """Another name of the table that PostgreSQL's truncation makes the same as
    ``name``: columns among the columns, constraint and index names among each
    other (an index and a key's constraint share a name space)."""
    short = truncate_pg(name)
    space = {"column"} if kind == "column" else {"constraint", "index"}
    for other_kind, other, _obj, _col in names:
        if other != name and other_kind in space and truncate_pg(other) == short:
            return other
    return None


@register
class ReservedWord(Rule):
    """A reserved word used as a name.

    ## What it does
    Reports table and column names that are reserved words of the dialect
    (`user`, `order`, `group`, `table`, ...).

    ## Why is this bad?
    Every query must quote the name, every tool and ORM must get the quoting
    right, and a missing quote produces baffling syntax errors (`SELECT *
    FROM user` returns the current user in PostgreSQL).

    ## Example
    ```sql
    CREATE TABLE "order" (id int PRIMARY KEY, "group" text);
    ```

    ## Use instead
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, group_name text);
    ```
    """

    code = "TW902"
    name = "reserved-word"
    category = "naming"
    severity = "medium"
    triggers = RESERVED_TRIGGERS

    def check_table(self, table, ctx):
        words = RESERVED.get(ctx.dialect or "postgres", RESERVED["postgres"])
        out = []
        if table.name.lower() in words:
            out.append(self.finding(table, f"table name {table.name!r} is a reserved word", key="table"))
        for c in table.columns:
            if c.name.lower() in words:
                out.append(self.finding(table, f"column name {table.name}.{c.name} is a reserved word", column=c))
        return out


@register
class NeedsQuoting(Rule):
    """A name that must always be quoted.

    ## What it does
    Reports table and column names with spaces, punctuation or a leading
    digit, and in PostgreSQL names with capital letters (unquoted names fold
    to lower case there).

    ## Why is this bad?
    Every query has to quote the name exactly; `"UserId"` and `userid` are
    different columns in PostgreSQL, and tools get it wrong.

    ## Example
    ```sql
    CREATE TABLE "Order Items" ("ItemId" int);
    ```

    ## Use instead
    ```sql
    CREATE TABLE order_items (item_id int);
    ```
    """

    code = "TW905"
    name = "needs-quoting"
    category = "naming"
    severity = "medium"
    triggers = frozenset({"has:nonplain"})

    def check_table(self, table, ctx):
        d = ctx.dialect
        out = []
        if needs_quoting(table.name, d):
            out.append(self.finding(table, f"table name {table.name!r} must be quoted in every query", key="table"))
        bad = [c for c in table.columns if needs_quoting(c.name, d)]
        if bad:
            names = ", ".join(c.name for c in bad[:6]) + (f" and {len(bad) - 6} more" if len(bad) > 6 else "")
            out.append(self.finding(table, f"{len(bad)} column name(s) of {table.name} must be quoted: {names}",
                                    column=bad[0], key="columns"))
        return out
