"""TQ001 update-delete-without-where, TQ002 select-star, TQ006 large-offset, TQ009 order-by-random."""

from __future__ import annotations

from tablewright.linting.workload.lazy import exp

from tablewright.linting.rule import Option, register
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tablewright.linting.workload.analysis import Analysed
from tablewright.linting.workload.query_rule import QueryRule


def unfiltered_writes(a: Analysed) -> list[exp.Expression]:
    """The UPDATE and DELETE statements of ``a`` with no WHERE (nor a join that filters)."""
    return [b.node for b in a.blocks if isinstance(b.node, (exp.Update, exp.Delete))
            and b.node.args.get("where") is None]


@register
class UpdateDeleteWithoutWhere(QueryRule):
    """An UPDATE or DELETE without a WHERE clause.

    ## What it does
    Reports `UPDATE` and `DELETE` statements of the workload that have no
    `WHERE` clause.

    ## Why is this bad?
    The statement changes every row of the table. In application code that is
    almost always a lost condition (a query builder that dropped its filter),
    and the damage is immediate: every row is rewritten or gone, under a lock
    that blocks the table's other writers.

    ## Example
    ```sql
    CREATE TABLE account (id int PRIMARY KEY, active boolean NOT NULL);
    -- queries:
    UPDATE account SET active = false;
    ```

    ## Use instead
    ```sql
    CREATE TABLE account (id int PRIMARY KEY, active boolean NOT NULL);
    -- queries:
    UPDATE account SET active = false WHERE id = $1;
    ```
    """

    code = "TQ001"
    name = "update-delete-without-where"
    severity = "critical"

    def check_query(self, a, ctx):
        out = []
        for node in unfiltered_writes(a):
            verb = "UPDATE" if isinstance(node, exp.Update) else "DELETE"
            target = node.this
            src = a.block_of(node).sources.get(target.alias_or_name.lower()) if isinstance(target, exp.Table) else None
            table = src.table if src is not None else None
            out.append(self.query_finding(
                a, f"{verb} without WHERE changes every row of {target.sql() if target is not None else 'the table'}",
                node=node, table=table, detail=verb))
        return out


def star_projections(a: Analysed) -> list[exp.Expression]:
    """``*`` and ``t.*`` in the projection of the statement's outermost SELECTs
    (not in EXISTS, a CTE or a subquery, where they cost nothing)."""
    out = []
    for b in a.blocks:
        if b.parent is not None or not isinstance(b.node, exp.Select):
            continue
        if b.node.find_ancestor(exp.Exists) is not None:
            continue
        for e in b.node.expressions:
            if isinstance(e, exp.Star) or (isinstance(e, exp.Column) and isinstance(e.this, exp.Star)):
                out.append(e)
    return out


@register
class SelectStar(QueryRule):
    """`SELECT *` in an application query.

    ## What it does
    Reports `SELECT *` and `t.*` in the result of a query (not inside
    `EXISTS`, where it costs nothing).

    ## Why is this bad?
    The query reads and ships every column, including wide ones it does not
    need, cannot be answered by an index-only scan, and changes shape when a
    column is added (a dropped or renamed column breaks the application late).

    ## Example
    ```sql
    CREATE TABLE film (id int PRIMARY KEY, title text NOT NULL, description text);
    -- queries:
    SELECT * FROM film WHERE id = $1;
    ```

    ## Use instead
    ```sql
    CREATE TABLE film (id int PRIMARY KEY, title text NOT NULL, description text);
    -- queries:
    SELECT id, title FROM film WHERE id = $1;
    ```
    """

    code = "TQ002"
    name = "select-star"
    severity = "low"

    def check_query(self, a, ctx):
        stars = star_projections(a)
        if not stars:
            return None
        tables = [s.table for b in a.blocks if b.parent is None for s in b.sources.values() if s.table is not None]
        return [self.query_finding(a, "SELECT * reads every column; name the columns the application uses",
                                   node=stars[0], table=tables[0] if len(tables) == 1 else None)]


def large_offsets(a: Analysed, threshold: int) -> list[tuple[exp.Expression, int]]:
    out = []
    for b in a.blocks:
        off = b.node.args.get("offset") if isinstance(b.node, exp.Select) else None
        if off is None:
            continue
        value = off.expression if isinstance(off, exp.Offset) else off
        if isinstance(value, exp.Literal) and not value.is_string and value.this.isdigit() \
                and int(value.this) >= threshold:
            out.append((off, int(value.this)))
    return out


@register
class LargeOffset(QueryRule):
    """Pagination with a large OFFSET.

    ## What it does
    Reports `OFFSET n` with a literal `n` at or above a threshold (option
    `threshold`, default 1000).

    ## Why is this bad?
    The engine produces and throws away every skipped row: page 500 costs 500
    pages of work, and the pages shift while rows are inserted. Keyset
    pagination (`WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC,
    id DESC LIMIT 20`) costs the same on every page.

    ## Example
    ```sql
    CREATE TABLE post (id int PRIMARY KEY, created_at timestamptz NOT NULL);
    -- queries:
    SELECT id FROM post ORDER BY created_at DESC, id DESC LIMIT 20 OFFSET 10000;
    ```

    ## Use instead
    ```sql
    CREATE TABLE post (id int PRIMARY KEY, created_at timestamptz NOT NULL);
    -- queries:
    SELECT id FROM post WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT 20;
    ```
    """

    code = "TQ006"
    name = "large-offset"
    severity = "medium"
    options = {"threshold": Option(1000, "smallest OFFSET reported")}

    def check_query(self, a, ctx):
        return [self.query_finding(a, f"OFFSET {n} reads and discards {n} rows on every call; paginate by key "
                                      "(WHERE key > last seen key ORDER BY key LIMIT n)", node=node, detail=str(n))
                for node, n in large_offsets(a, self.opts.threshold)]


_RANDOM_NAMES = ("random", "rand", "newid")


def random_orders(a: Analysed) -> list[exp.Expression]:
    out = []
    for b in a.blocks:
        order = b.node.args.get("order")
        for o in (order.expressions if order is not None else ()):
            e = o.this
            if isinstance(e, exp.Rand) or (isinstance(e, exp.Anonymous) and e.name.lower() in _RANDOM_NAMES):
                out.append(o)
    return out


@register
class OrderByRandom(QueryRule):
    """`ORDER BY random()` to pick rows at random.

    ## What it does
    Reports `ORDER BY random()`, `RAND()` or `NEWID()`.

    ## Why is this bad?
    Every row of the result is read and sorted to keep a few: the cost grows
    with the table, not with the rows returned. `TABLESAMPLE`, a random key
    range (`WHERE id >= $random LIMIT 1`) or a precomputed sample cost a
    fraction.

    ## Example
    ```sql
    CREATE TABLE quote (id int PRIMARY KEY, body text NOT NULL);
    -- queries:
    SELECT id, body FROM quote ORDER BY random() LIMIT 1;
    ```

    ## Use instead
    ```sql
    CREATE TABLE quote (id int PRIMARY KEY, body text NOT NULL);
    -- queries:
    SELECT id, body FROM quote WHERE id >= $1 ORDER BY id LIMIT 1;
    ```
    """

    code = "TQ009"
    name = "order-by-random"
    severity = "medium"

    def check_query(self, a, ctx):
        return [self.query_finding(a, "ORDER BY random() sorts every row to keep a few; sample by key range or "
                                      "TABLESAMPLE", node=o) for o in random_orders(a)[:1]]
