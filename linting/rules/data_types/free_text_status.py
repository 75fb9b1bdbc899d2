"""TW212 free-text-status."""

from __future__ import annotations

from designer.model import Column, Table
from linting import heuristics as h
from linting.rule import Rule, register

STATUS_WORDS = frozenset({"status", "state", "kind", "type"})
FREE_FORM = frozenset({"mime", "content", "media", "file", "mimetype", "data", "event", "message", "blob",
                       "entity", "object", "target", "subject", "resource", "parent", "owner", "relation",
                       "source", "doc", "document", "item", "edge", "node", "actor", "column", "field",
                       "handler", "class", "country", "region", "us", "geo", "address", "encoding"})


def free_text_status(table: Table, column: Column) -> bool:
    t = h.tokens(column.name)
    if not t or t[-1] not in STATUS_WORDS or set(t[:-1]) & FREE_FORM:
        return False
    if t[-1] in ("type", "kind") and len(t) > 1:
        # x_type names a classification of x, often open-ended (transactionType, mime_type);
        # only the table's own type (orders.order_type) is a closed set
        own = {h.singular(w) for w in h.tokens(table.name)}
        if not {h.singular(w) for w in t[:-1]} <= own:
            return False
    if h.kind(column.type) not in ("varchar", "text", "char") or column.type.array_dims:
        return False
    if column.type.length is not None and column.type.length > 64:
        return False  # long free-form text, or a class/type name
    if any(column.id in fk.columns for fk in table.foreign_keys):
        return False
    return not h.column_has_check(table, column)


@register
class FreeTextStatus(Rule):
    """A status/type/kind/state column that accepts any text.

    ## What it does
    Reports short string columns named `status`, `state` (or `*_status`,
    `*_state`), `type`, `kind` or the table's own `<table>_type`, with no
    CHECK, enum type or lookup foreign key.  Other `x_type` columns
    (`mime_type`, `transactionType`, `event_type`) classify something open-ended
    and are exempt.

    ## Why is this bad?
    `'active'`, `'Active'` and `'actve'` all get in; the set of states lives
    only in application code and reports group by typos.

    ## Example
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, status varchar(20));
    ```

    ## Use instead
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, status varchar(20) NOT NULL
        CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')));
    ```
    """

    code = "TW212"
    name = "free-text-status"
    category = "data-types"
    severity = "medium"
    triggers = STATUS_WORDS

    def check_table(self, table, ctx):
        return [self.finding(table, f"{table.name}.{c.name} is free text with no CHECK, enum or lookup table",
                             column=c)
                for c in ctx.columns_with(table, STATUS_WORDS) if free_text_status(table, c)]
