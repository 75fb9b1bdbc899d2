"""TQ003 leading-wildcard-like, TQ005 not-in-nullable-subquery, TQ007 function-on-indexed-column,
TQ008 or-across-columns."""

from __future__ import annotations

from tablewright.linting.workload.lazy import exp

from tablewright.designer.dialects import is_mysql
from tablewright.designer.model import Column, Table
from tablewright.linting import heuristics as h
from tablewright.linting.rule import register
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tablewright.linting.workload.analysis import Analysed, Block, Ref
from tablewright.linting.workload.query_rule import QueryRule

TEXT_KINDS = frozenset({"text", "varchar", "char", "citext", "nvarchar", "nchar", "string", "tinytext", "mediumtext",
                        "longtext"})
NUMBER_KINDS = frozenset({"smallint", "integer", "bigint", "int", "tinyint", "mediumint", "numeric", "decimal",
                          "real", "double", "float"})


def _trigram_indexed(table: Table, column: Column) -> bool:
    for ix in table.indexes:
        if (ix.method or "").lower() not in ("gin", "gist"):
            continue
        for e in ix.elements:
            if (e.column == column.id or h.mentions_column(e.expression, column.name.lower())) and \
                    "trgm" in (e.opclass or e.expression or "").lower():
                return True
    return False


def _pattern_start(node: exp.Expression) -> str | None:
    """The literal text a LIKE pattern starts with (None when unknown)."""
    while isinstance(node, (exp.DPipe, exp.Concat)):
        node = node.this if isinstance(node, exp.DPipe) else (node.expressions[0] if node.expressions else None)
    if isinstance(node, exp.Literal) and node.is_string:
        return node.this
    return None


def leading_wildcards(a: Analysed) -> list[tuple[exp.Expression, Ref]]:
    out = []
    for b in a.blocks:
        for pred, _ in a.conjuncts(b):
            node = pred.this if isinstance(pred, exp.Not) else pred
            if not isinstance(node, (exp.Like, exp.ILike)):
                continue
            r = a.column_of(node.this, b)
            start = _pattern_start(node.expression)
            if r is None or start is None or not start[:1] in ("%", "_"):
                continue
            if _trigram_indexed(r.source.table, r.column):
                continue
            out.append((node, r))
    return out


@register
class LeadingWildcardLike(QueryRule):
    """`LIKE '%…'`: a pattern that starts with a wildcard.

    ## What it does
    Reports `LIKE`/`ILIKE` on a column whose pattern starts with `%` or `_`
    (also `'%' || $1 || '%'`), unless the column has a trigram index.

    ## Why is this bad?
    A B-tree index can only seek on a known prefix: with a leading wildcard
    every row is read and matched. A trigram index (`pg_trgm`, GIN) or
    full-text search serves substring search; a prefix search (`LIKE 'abc%'`)
    can use a B-tree.

    ## Example
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY, email text NOT NULL);
    -- queries:
    SELECT id FROM customer WHERE email LIKE '%' || $1 || '%';
    ```

    ## Use instead
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY, email text NOT NULL);
    CREATE INDEX customer_email_trgm ON customer USING gin (email gin_trgm_ops);
    -- queries:
    SELECT id FROM customer WHERE email LIKE '%' || $1 || '%';
    ```
    """

    code = "TQ003"
    name = "leading-wildcard-like"
    severity = "medium"

    def check_query(self, a, ctx):
        return [self.query_finding(a, f"{type(node).__name__.upper()} pattern starts with a wildcard: no B-tree "
                                      f"index on {r.source.table.name}.{r.column.name} can serve it (trigram "
                                      "index or full-text search)", node=node, table=r.source.table, column=r.column)
                for node, r in leading_wildcards(a)]


def _not_null(table: Table, column: Column) -> bool:
    return not column.nullable or (table.primary_key is not None and column.id in table.primary_key.columns)


def nullable_not_in(a: Analysed) -> list[tuple[exp.Expression, Ref]]:
    out = []
    for node in a.query.expression.find_all(exp.Not):
        inner = node.this
        if not isinstance(inner, exp.In):
            continue
        q = inner.args.get("query")
        sub = q.this if isinstance(q, exp.Subquery) else q
        if not isinstance(sub, exp.Select) or len(sub.expressions) != 1:
            continue
        proj = sub.expressions[0]
        if not isinstance(proj, exp.Column):
            continue
        r = a.ref(proj)
        if r is None or r.column is None or r.source is None or r.source.table is None:
            continue
        if _not_null(r.source.table, r.column):
            continue
        where = sub.args.get("where")
        guarded = False
        for p in (where.find_all(exp.Is) if where is not None else ()):
            negated = p.args.get("negate") or isinstance(p.parent, exp.Not)
            if negated and isinstance(p.this, exp.Column) and p.this.name.lower() == r.column.name.lower():
                guarded = True
        if sub.args.get("group") is not None or guarded:
            continue
        out.append((node, r))
    return out


@register
class NotInNullableSubquery(QueryRule):
    """`NOT IN (SELECT col …)` where `col` can be NULL.

    ## What it does
    Reports `x NOT IN (SELECT col FROM t …)` when the model says `t.col` is
    nullable and the subquery does not filter `col IS NOT NULL`. A NOT NULL
    column is fine.

    ## Why is this bad?
    One NULL in the subquery's result makes `x NOT IN (…)` unknown for every
    row: the query silently returns nothing. `NOT EXISTS` has the intended
    meaning, and the planner turns it into an anti-join.

    ## Example
    ```sql
    CREATE TABLE film (id int PRIMARY KEY, title text NOT NULL);
    CREATE TABLE rental (id int PRIMARY KEY, film_id int REFERENCES film (id));
    -- queries:
    SELECT id FROM film WHERE id NOT IN (SELECT film_id FROM rental);
    ```

    ## Use instead
    ```sql
    CREATE TABLE film (id int PRIMARY KEY, title text NOT NULL);
    CREATE TABLE rental (id int PRIMARY KEY, film_id int REFERENCES film (id));
    -- queries:
    SELECT id FROM film f WHERE NOT EXISTS (SELECT 1 FROM rental r WHERE r.film_id = f.id);
    ```
    """

    code = "TQ005"
    name = "not-in-nullable-subquery"
    severity = "high"

    def check_query(self, a, ctx):
        return [self.query_finding(a, f"NOT IN over {r.source.table.name}.{r.column.name}, which is nullable: one "
                                      "NULL makes the condition unknown for every row (use NOT EXISTS)",
                                   node=node, table=r.source.table, column=r.column)
                for node, r in nullable_not_in(a)]


# -- function on an indexed column -------------------------------------------------------------------

def _comparisons():
    return (exp.EQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NEQ, exp.In, exp.Between)

_DAY_FUNCS = ("date", "to_date", "date_trunc", "trunc", "day", "month", "year", "extract")


def _normal(sql, dialect: str) -> str | None:
    import sqlglot

    from tablewright.designer.sql_split import SQLGLOT_FAILURES, sqlglot_dialect_name

    try:
        node = sql if isinstance(sql, exp.Expression) else sqlglot.parse_one(sql, read=sqlglot_dialect_name(dialect))
    except SQLGLOT_FAILURES:
        return None
    node = node.copy()
    for c in node.find_all(exp.Column):
        c.set("table", None)
    return node.sql(dialect=sqlglot_dialect_name(dialect)).lower().replace(" ", "")


def _expression_indexed(table: Table, wrapper: exp.Expression, dialect: str) -> bool:
    want = _normal(wrapper, dialect)
    for ix in table.indexes:
        for e in ix.elements:
            if e.expression and _normal(e.expression, dialect) == want:
                return True
    return False


def _leading_indexed(table: Table, column: Column) -> bool:
    return any(cols and cols[0] == column.id for cols in h.index_column_lists(table, include_partial=True))


def _wrapped_column(node: exp.Expression, a: Analysed, block: Block) -> Ref | None:
    """The one model column a function, cast or arithmetic wraps (None when
    ``node`` is a bare column or wraps none or several)."""
    if isinstance(node, (exp.Column, exp.Paren)) or not isinstance(node, (exp.Func, exp.Binary, exp.Cast)):
        return None
    if isinstance(node, (exp.Subquery, exp.Select)) or node.find(exp.Select) is not None:
        return None
    cols = list(node.find_all(exp.Column))
    if len(cols) != 1:
        return None
    r = a.ref(cols[0])
    if r is None or r.block is not block or r.column is None or r.source is None or r.source.table is None:
        return None
    return r


def hidden_columns(a: Analysed, dialect: str) -> list[tuple[exp.Expression, exp.Expression, Ref, str]]:
    """(predicate, wrapper, column, kind) for predicates that hide an indexed column
    behind a function or cast, or (MySQL) compare a string column with a number."""
    out = []
    for b in a.blocks:
        for pred, _ in a.conjuncts(b):
            if not isinstance(pred, _comparisons()):
                continue
            sides = [pred.this] + ([pred.expression] if not isinstance(pred, (exp.In, exp.Between)) else [])
            for side, other in zip(sides, reversed(sides) if len(sides) == 2 else [None]):
                if other is not None and a.value_side(other, b) is None:
                    continue
                if isinstance(pred, exp.In) and not all(a.value_side(e, b) for e in pred.expressions):
                    continue
                r = _wrapped_column(side, a, b)
                if r is not None:
                    table = r.source.table
                    if _leading_indexed(table, r.column) and not _expression_indexed(table, side, dialect):
                        out.append((pred, side, r, "function"))
                    break
                if is_mysql(dialect) and other is not None:
                    r = a.column_of(side, b)
                    if r is not None and h.kind(r.column.type) in TEXT_KINDS and isinstance(other, exp.Literal) \
                            and not other.is_string and _leading_indexed(r.source.table, r.column):
                        out.append((pred, side, r, "number"))
                        break
    return out


@register
class FunctionOnIndexedColumn(QueryRule):
    """A function, cast or arithmetic on an indexed column in a filter.

    ## What it does
    Reports filters such as `date(created_at) = $1`, `lower(email) = $1`,
    `id::text = $1` or `price * 1.2 > $1` where the column leads an index and
    no expression index matches the expression; on MySQL/MariaDB also a
    string column compared with a number (`phone = 5551234`), which converts
    every row.

    ## Why is this bad?
    The index is on the column's values, not on the function's: the engine
    evaluates the expression on every row instead of seeking. Compare the
    column itself (`created_at >= $1 AND created_at < $1 + interval '1 day'`),
    or add an index on the expression.

    ## Example
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, created_at timestamptz NOT NULL);
    CREATE INDEX orders_created_at_idx ON orders (created_at);
    -- queries:
    SELECT id FROM orders WHERE date(created_at) = $1;
    ```

    ## Use instead
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, created_at timestamptz NOT NULL);
    CREATE INDEX orders_created_at_idx ON orders (created_at);
    -- queries:
    SELECT id FROM orders WHERE created_at >= $1 AND created_at < $1 + interval '1 day';
    ```
    """

    code = "TQ007"
    name = "function-on-indexed-column"
    severity = "medium"

    def check_query(self, a, ctx):
        out = []
        dialect = a.dialect
        for pred, side, r, kind in hidden_columns(a, dialect):
            col = f"{r.source.table.name}.{r.column.name}"
            if kind == "number":
                msg = f"{col} is text compared with a number: every row is converted, its index is not used"
            else:
                from tablewright.designer.sql_split import sqlglot_dialect_name

                fn = side.sql(dialect=sqlglot_dialect_name(dialect))
                head = (side.sql_name() if isinstance(side, exp.Func) else "").lower()
                if isinstance(side, exp.Cast) or head in _DAY_FUNCS or head.startswith(("date", "timestamp")):
                    how = f"compare {r.column.name} with a range instead"
                elif head in ("lower", "upper"):
                    how = f"add an expression index on {fn} (or a case-insensitive type)"
                else:
                    how = f"compare {r.column.name} itself or index the expression"
                msg = f"{fn} hides {col} from its index: {how}"
            out.append(self.query_finding(a, msg, node=side, table=r.source.table, column=r.column,
                                          detail=side.sql()[:60]))
        return out


def or_across_columns(a: Analysed) -> list[tuple[exp.Expression, list[Ref]]]:
    from tablewright.linting.workload.analysis import _or_parts

    out = []
    for b in a.blocks:
        where = b.node.args.get("where")
        if where is None:
            continue
        for pred, src in a.conjuncts(b):
            if src is not None:
                continue
            node = pred
            while isinstance(node, exp.Paren):
                node = node.this
            if not isinstance(node, exp.Or):
                continue
            parts = _or_parts(node)
            cols: list[Ref] = []
            ok = True
            for p in parts:
                refs = [a.ref(c) for c in p.find_all(exp.Column)]
                refs = [r for r in refs if r is not None and r.block is b and r.column is not None]
                if not refs or p.find(exp.Select) is not None:
                    ok = False  # `$1 IS NULL OR col = $1`, EXISTS: other patterns
                    break
                cols += refs
            if ok and len({r.column.id for r in cols}) > 1:
                out.append((node, cols))
    return out


@register
class OrAcrossColumns(QueryRule):
    """OR between conditions on different columns.

    ## What it does
    Reports a WHERE condition `a = $1 OR b = $2` whose branches test
    different columns (of one table or of several).

    ## Why is this bad?
    One index cannot serve both branches: the engine scans the table, or
    combines two bitmap scans at best (never across tables of a join).
    `UNION` of two indexed queries, or a redesigned filter, is usually
    faster.

    ## Example
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY, email text NOT NULL, phone text NOT NULL);
    -- queries:
    SELECT id FROM customer WHERE email = $1 OR phone = $2;
    ```

    ## Use instead
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY, email text NOT NULL, phone text NOT NULL);
    -- queries:
    SELECT id FROM customer WHERE email = $1 UNION SELECT id FROM customer WHERE phone = $2;
    ```
    """

    code = "TQ008"
    name = "or-across-columns"
    severity = "low"

    def check_query(self, a, ctx):
        out = []
        for node, refs in or_across_columns(a):
            names = sorted({f"{r.source.table.name}.{r.column.name}" for r in refs})
            tables = {r.source.table.id for r in refs}
            out.append(self.query_finding(a, f"OR across {', '.join(names)}: no single index serves it "
                                             "(UNION of indexed queries)", node=node,
                                          table=refs[0].source.table if len(tables) == 1 else None,
                                          detail=",".join(names)))
        return out
