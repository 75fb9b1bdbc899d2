"""TW116 single-column-table and TW117 isolated-table."""

from __future__ import annotations

from tablewright.designer.model import Table
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Option, Rule, register


def is_single_column(table: Table) -> bool:
    return len(table.columns) == 1


@register
class SingleColumnTable(Rule):
    """A table with one column.

    ## What it does
    Reports tables with a single column, unless other tables reference it
    (then it is a lookup domain, which is fine) or it belongs to a migration
    tool (`schema_migrations`, `alembic_version`, ...).

    ## Why is this bad?
    A one-column table is either a set of values that a CHECK or an enum
    would hold better, or an entity whose attributes are missing.

    ## Example
    ```sql
    CREATE TABLE tag (name text);
    ```

    ## Use instead
    ```sql
    CREATE TABLE tag (id int PRIMARY KEY, name text NOT NULL UNIQUE, created_at timestamptz);
    ```
    """

    code = "TW116"
    name = "single-column-table"
    category = "schema-design"
    severity = "low"
    scope = "neighbours"

    def check_table(self, table, ctx):
        if is_single_column(table) and not h.is_framework_table(table) and not ctx.incoming(table.id):
            return [self.finding(table, f"table {table.qualified_name} has a single column")]
        return None


@register
class IsolatedTable(Rule):
    """A table with no relationship in a schema that is otherwise connected.

    ## What it does
    When at least `min-linked-share` (60%) of the tables take part in a
    foreign key, reports tables that neither reference nor are referenced by
    any other table (log and audit tables stand apart by design and are
    exempt).

    ## Why is this bad?
    Either a relationship is missing (the data points at other rows by
    convention only), or the table is a leftover nobody uses any more.

    ## Example
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY);
    CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer);
    CREATE TABLE product (id int PRIMARY KEY);
    CREATE TABLE order_line (order_id int REFERENCES orders, product_id int REFERENCES product);
    CREATE TABLE coupon (code text PRIMARY KEY, customer text);  -- no FK anywhere
    ```

    ## Use instead
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY);
    CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer);
    CREATE TABLE product (id int PRIMARY KEY);
    CREATE TABLE order_line (order_id int REFERENCES orders, product_id int REFERENCES product);
    CREATE TABLE coupon (code text PRIMARY KEY, customer_id int REFERENCES customer);
    ```
    """

    code = "TW117"
    name = "isolated-table"
    category = "schema-design"
    severity = "low"
    scope = "schema"
    facts = ("fk_graph", "tables")
    options = {"min_linked_share": Option(0.6, "share of linked tables that makes a schema connected")}

    def check_table(self, table, ctx):
        linked = ctx.index.linked_ids()
        n = len(ctx.index.tables)
        if n < 5 or len(linked) < self.opts.min_linked_share * n or table.id in linked:
            return None
        if ctx.has_role(table, "log") or ctx.has_role(table, "audit") or h.is_framework_table(table):
            return None  # logs and audit trails stand apart by design
        return [self.finding(table, f"table {table.qualified_name} has no relationship with any other table")]
