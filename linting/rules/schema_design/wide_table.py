"""TW108 wide-table."""

from __future__ import annotations

from designer.model import Table
from linting.rule import Option, Rule, register


def is_wide(table: Table, max_columns: int) -> bool:
    return len(table.columns) > max_columns


@register
class WideTable(Rule):
    """A table has very many columns.

    ## What it does
    Reports tables with more columns than `max-columns` (40).

    ## Why is this bad?
    Wide tables usually hold several entities or optional groups of facts in
    one row: most columns are NULL, every row is large, and every change
    touches the widest table in the schema.

    ## Example
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY, name text, ... , col_57 text);
    ```

    ## Use instead
    ```sql
    -- split optional groups into 1:1 tables keyed by the customer id
    CREATE TABLE customer_billing (customer_id int PRIMARY KEY REFERENCES customer, ...);
    ```
    """

    code = "TW108"
    name = "wide-table"
    category = "schema-design"
    severity = "medium"
    options = {"max_columns": Option(40, "more columns than this is wide")}

    def check_table(self, table, ctx):
        if is_wide(table, self.opts.max_columns):
            return [self.finding(table, f"table {table.qualified_name} has {len(table.columns)} columns "
                                        f"(more than {self.opts.max_columns})")]
        return None
