"""TW206 number-as-string."""

from __future__ import annotations

from tablewright.designer.model import Column
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Rule, register

NUMBER_WORDS = frozenset({"count", "quantity", "qty", "age", "year", "amount", "price", "total", "cost"})
NOT_NUMBERS = frozenset({"zip", "postal", "postcode", "phone", "tel", "fax", "code", "id", "number", "no",
                         "ref", "text", "desc", "description", "label", "unit", "currency", "type", "format",
                         "range", "mode", "name", "display", "formatted", "expression", "formula", "raw"})


def number_as_string(column: Column) -> bool:
    if not h.is_string(column.type) or h.kind(column.type) == "char" and (column.type.length or 1) <= 1:
        return False
    t = h.tokens(column.name)
    if not t or t[-1] not in NUMBER_WORDS:
        return False
    return not (set(t) & NOT_NUMBERS)


@register
class NumberAsString(Rule):
    """A numeric quantity stored as text.

    ## What it does
    Reports string columns whose name says they hold a number (`*_count`,
    `quantity`, `qty`, `age`, `year`, `*_amount`, `price`, `total`), but not
    postal codes, phone numbers, codes or identifiers.

    ## Why is this bad?
    `'10' < '9'`: sorting and range filters are wrong, arithmetic needs casts
    that fail on the first bad row, and nothing stops `'twelve'`.

    ## Example
    ```sql
    CREATE TABLE stock (sku text, quantity varchar(10));
    ```

    ## Use instead
    ```sql
    CREATE TABLE stock (sku text, quantity integer NOT NULL CHECK (quantity >= 0));
    ```
    """

    code = "TW206"
    name = "number-as-string"
    category = "data-types"
    # medium: text sorts and compares wrongly and takes what is not a number, but loses nothing; and a
    # word in a name is weak evidence (labelled: 2 of 9 right at high -- checkboxes named item_total,
    # gateway responses kept as text, ages stored as '> 89' on purpose)
    severity = "medium"
    triggers = NUMBER_WORDS

    def check_column(self, table, c, ctx):
        if number_as_string(c):
            return self.finding(table, f"{table.name}.{c.name} holds a number but is {c.type}", column=c)
        return None
