"""TW405 too-many-indexes, TW406 wide-index, TW407 low-cardinality-index."""

from __future__ import annotations

from tablewright.designer.model import Index, Table
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Option, Rule, register


def low_cardinality(table: Table, ix: Index, cols: dict | None = None) -> bool:
    if ix.unique or ix.predicate or len(ix.elements) != 1 or not ix.elements[0].column:
        return False
    if cols is not None:
        col = cols.get(ix.elements[0].column)
    else:
        col = next((c for c in table.columns if c.id == ix.elements[0].column), None)
    if col is None:
        return False
    k = h.kind(col.type)
    if k == "boolean":
        return True
    if k == "enum" and col.type.values and len(col.type.values) <= 3:
        return True
    return False


@register
class TooManyIndexes(Rule):
    """A table with very many indexes.

    ## What it does
    Reports tables with more than `max-indexes` (8) indexes.

    ## Why is this bad?
    Each insert and update maintains every index; past a handful, write
    throughput and cache hit rates suffer, and some indexes are usually
    unused or redundant.

    ## Example
    ```sql
    CREATE TABLE t (a int, b int, c int, d int, e int, f int, g int, h int, i int);
    CREATE INDEX t_a ON t (a); CREATE INDEX t_b ON t (b); CREATE INDEX t_c ON t (c);
    CREATE INDEX t_d ON t (d); CREATE INDEX t_e ON t (e); CREATE INDEX t_f ON t (f);
    CREATE INDEX t_g ON t (g); CREATE INDEX t_h ON t (h); CREATE INDEX t_i ON t (i);
    ```

    ## Use instead
    ```sql
    -- merge into composite indexes that serve several queries; drop unused ones
    CREATE TABLE t (a int, b int, c int, d int, e int, f int, g int, h int, i int);
    CREATE INDEX t_a_b ON t (a, b); CREATE INDEX t_c_d ON t (c, d); CREATE INDEX t_e ON t (e);
    ```
    """

    code = "TW405"
    name = "too-many-indexes"
    category = "indexing"
    severity = "medium"
    triggers = frozenset({"has:index"})
    options = {"max_indexes": Option(8, "more indexes than this on one table is reported")}

    def check_table(self, table, ctx):
        n = len(table.indexes)
        if n > self.opts.max_indexes:
            return [self.finding(table, f"table {table.qualified_name} has {n} indexes (more than {self.opts.max_indexes})")]
        return None


@register
class WideIndex(Rule):
    """An index over many columns.

    ## What it does
    Reports indexes over more than `max-columns` (5) columns or expressions.

    ## Why is this bad?
    Wide indexes are large and rarely used beyond their first columns; they
    are usually an attempt at a covering index that `INCLUDE` does better.

    ## Example
    ```sql
    CREATE TABLE t (a int, b int, c int, d int, e int, f int);
    CREATE INDEX t_wide ON t (a, b, c, d, e, f);
    ```

    ## Use instead
    ```sql
    CREATE TABLE t (a int, b int, c int, d int, e int, f int);
    CREATE INDEX t_ab ON t (a, b) INCLUDE (c, d);
    ```
    """

    code = "TW406"
    name = "wide-index"
    category = "indexing"
    severity = "low"
    triggers = frozenset({"has:index"})
    options = {"max_columns": Option(5, "more columns than this in one index is reported")}

    def check_table(self, table, ctx):
        return [self.finding(table, f"index {ix.name or '?'} on {table.name} has {len(ix.elements)} columns",
                             obj=ix, kind="index", key=ix.name or ix.id)
                for ix in table.indexes if len(ix.elements) > self.opts.max_columns]


@register
class LowCardinalityIndex(Rule):
    """An index on a boolean or tiny enum column alone.

    ## What it does
    Reports single-column, non-partial indexes on boolean columns or enums
    with at most three values.

    ## Why is this bad?
    Half the table matches each value: the planner ignores the index, which
    is then pure write cost.  A partial index on the rare value is what
    queries can use.

    ## Example
    ```sql
    CREATE TABLE users (id int PRIMARY KEY, is_admin boolean NOT NULL);
    CREATE INDEX users_is_admin ON users (is_admin);
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (id int PRIMARY KEY, is_admin boolean NOT NULL);
    CREATE INDEX users_admins ON users (id) WHERE is_admin;
    ```
    """

    code = "TW407"
    name = "low-cardinality-index"
    category = "indexing"
    severity = "low"
    triggers = frozenset({"has:index"})

    def check_table(self, table, ctx):
        words = ctx.index.summaries[table.id].words
        if "kind:boolean" not in words and "kind:enum" not in words:
            return None
        cols = ctx.columns_by_id(table)
        return [self.finding(table, f"index {ix.name or '?'} on {table.name} is on a low-cardinality column alone",
                             obj=ix, kind="index", key=ix.name or ix.id)
                for ix in table.indexes if low_cardinality(table, ix, cols)]
