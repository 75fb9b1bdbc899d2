"""TW204 timetz and TW205 char-type."""

from __future__ import annotations

from tablewright.designer.model import Column, DataType
from tablewright.linting import heuristics as h
from tablewright.designer.edits import SetColumnAttr
from tablewright.linting.findings import Fix
from tablewright.linting.rule import Option, Rule, register


def is_timetz(column: Column) -> bool:
    return h.kind(column.type) == "timetz"


VARIABLE_TEXT = frozenset({"name", "title", "description", "desc", "address", "street", "city", "email", "comment",
                           "note", "notes", "text", "label", "message", "body", "summary", "remark", "remarks",
                           "first", "last", "surname", "company", "url", "path"})


def is_padded_char(column: Column, min_length: int) -> bool:
    """char(n) holding text whose length varies: a text-like name, or a long length."""
    if h.kind(column.type) != "char" or (column.type.length or 1) < min_length:
        return False
    return bool(VARIABLE_TEXT.intersection(h.tokens(column.name))) or (column.type.length or 0) > 64


@register
class Timetz(Rule):
    """PostgreSQL `time with time zone`.

    ## What it does
    Reports `timetz` columns.

    ## Why is this bad?
    A time of day with an offset but no date cannot follow daylight-saving
    rules; the PostgreSQL documentation itself advises against it.

    ## Example
    ```sql
    CREATE TABLE shop (opens_at timetz);
    ```

    ## Use instead
    ```sql
    CREATE TABLE shop (opens_at time, time_zone text);  -- or a timestamptz
    ```
    """

    code = "TW204"
    name = "timetz"
    category = "data-types"
    severity = "medium"
    triggers = frozenset({"kind:timetz"})
    dialects = frozenset({"postgres"})

    def check_column(self, table, c, ctx):
        if is_timetz(c):
            return self.finding(table, f"{table.name}.{c.name} uses time with time zone", column=c)
        return None


@register
class CharType(Rule):
    """PostgreSQL `char(n)` for text.

    ## What it does
    Reports `char(n)` columns (of at least `min-length`, 4, characters) that
    hold text of varying length: names, titles, descriptions, addresses,
    emails, notes (by name), or anything over 64 characters.  Fixed-length
    codes (`char(2)` country, `char(28)` disc id, `char(11)` IPI) are what
    `char(n)` is for and are left alone.

    ## Why is this bad?
    `char(n)` pads with spaces, which then vanish or count depending on the
    operator; it is not faster than `text` or `varchar(n)` in PostgreSQL and
    its length limit is the only thing it adds.

    ## Example
    ```sql
    CREATE TABLE customer (name char(50));
    ```

    ## Use instead
    ```sql
    CREATE TABLE customer (name text CHECK (length(name) <= 50));
    ```
    """

    code = "TW205"
    name = "char-type"
    category = "data-types"
    severity = "medium"
    triggers = frozenset({"kind:char"})
    dialects = frozenset({"postgres"})
    options = {"min_length": Option(4, "shorter char(n) columns are fixed codes and are not reported")}

    def check_column(self, table, c, ctx):
        if not is_padded_char(c, self.opts.min_length):
            return None
        return self.finding(
            table, f"{table.name}.{c.name} is {c.type}: blank-padded; use varchar or text", column=c,
            fix=Fix("use varchar", edit=SetColumnAttr(table.id, c.id, "type",
                                                      DataType("varchar", f"varchar({c.type.length})", length=c.type.length)),
                    schema=ctx.schema),
        )
