"""TW212 free-text-status."""

from __future__ import annotations

from tablewright.designer.model import Column, Table
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Rule, register

STATUS_WORDS = frozenset({"status", "state", "kind", "type"})
GEOGRAPHY = frozenset({"city", "country", "zip", "zipcode", "zip_code", "postal_code", "postcode", "county",
                       "address", "address_1", "address1", "country_code", "province"})
FREE_FORM = frozenset({"transaction", "mime", "content", "media", "file", "mimetype", "data", "event", "message", "blob",
                       "entity", "object", "target", "subject", "resource", "parent", "owner", "relation",
                       "source", "doc", "document", "item", "edge", "node", "actor", "column", "field",
                       "handler", "class", "country", "region", "us", "geo", "address", "encoding"})


def free_text_status(table: Table, column: Column) -> bool:
    t = h.tokens(column.name)
    if not t or t[-1] not in STATUS_WORDS or set(t[:-1]) & FREE_FORM:
        return False
    if t[-1] in ("type", "kind"):
        # a bare `type` is often open-ended (STI class names, Matrix event types), and
        # x_type classifies x (mime_type, transactionType); only the table's own
        # type (orders.order_type, CreditCard.CardType) is a closed set
        if len(t) == 1:
            return False
        own = {h.singular(w) for w in h.tokens(table.name)}
        if not {h.singular(w) for w in t[:-1]} <= own:
            return False
    if t[-1] == "state":
        if len(t) > 1 and t[0] in ("prev", "previous", "current", "next", "last", "initial", "new", "old"):
            return False  # points at another state (an id), not a state name
        if any(c.name.lower() in GEOGRAPHY for c in table.columns):
            return False  # a state of a country
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
    `*_state`) or the table's own `<table>_type`/`<table>_kind`, with no
    CHECK, enum type or lookup foreign key.  A bare `type` (STI class names,
    event types), other `x_type` columns (`mime_type`, `transactionType`), a
    `prev_state` (an id) and the `state` of an address are open-ended or not
    statuses, and are exempt.

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

    def check_column(self, table, c, ctx):
        if free_text_status(table, c):
            return self.finding(table, f"{table.name}.{c.name} is free text with no CHECK, enum or lookup table",
                                column=c)
        return None
