"""TW108 wide-table."""

from __future__ import annotations

from tablewright.designer.model import Table
from tablewright.linting.rule import Option, Rule, register


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
    CREATE TABLE customer (id int PRIMARY KEY, name text,
                           col_1 text, col_2 text, col_3 text, col_4 text, col_5 text, col_6 text,
                           col_7 text, col_8 text, col_9 text, col_10 text, col_11 text, col_12 text,
                           col_13 text, col_14 text, col_15 text, col_16 text, col_17 text, col_18 text,
                           col_19 text, col_20 text, col_21 text, col_22 text, col_23 text, col_24 text,
                           col_25 text, col_26 text, col_27 text, col_28 text, col_29 text, col_30 text,
                           col_31 text, col_32 text, col_33 text, col_34 text, col_35 text, col_36 text,
                           col_37 text, col_38 text, col_39 text, col_40 text);
    ```

    ## Use instead
    ```sql
    -- split optional groups into 1:1 tables keyed by the customer id
    CREATE TABLE customer (id int PRIMARY KEY, name text);
    CREATE TABLE customer_billing (customer_id int PRIMARY KEY REFERENCES customer,
                                   street text, city text, postcode text, vat_number text);
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
