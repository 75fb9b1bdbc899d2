"""TQ004 cartesian-join, TQ010 unknown-table-or-column, TQ011 join-type-mismatch."""

from __future__ import annotations

from tablewright.linting.workload.lazy import exp

from tablewright.designer.model import Column
from tablewright.linting import heuristics as h
from tablewright.linting.rule import register
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from tablewright.linting.workload.analysis import Analysed, Block, Source
from tablewright.linting.workload.query_rule import QueryRule


@register
class UnknownTableOrColumn(QueryRule):
    """A query reads a table or column the model does not have.

    ## What it does
    Reports tables and columns named by a query that are not in the model:
    a qualified column of a model table, or an unqualified one where every
    table of the query is in the model and none has it. Names that may come
    from a CTE, a subquery, a view or an output alias are not reported.

    ## Why is this bad?
    Either the query is stale (the column was renamed or dropped and the
    application will fail at run time) or the model is (a migration the
    design does not show). Both must be resolved before the change ships.

    ## Example
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY, email_address text NOT NULL);
    -- queries:
    SELECT id FROM customer WHERE email = $1;
    ```

    ## Use instead
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY, email_address text NOT NULL);
    -- queries:
    SELECT id FROM customer WHERE email_address = $1;
    ```
    """

    code = "TQ010"
    name = "unknown-table-or-column"
    severity = "high"

    def check_query(self, a, ctx):
        out = []
        seen = set()
        for src in a.missing_tables:
            if src.name.lower() in seen:
                continue
            seen.add(src.name.lower())
            out.append(self.query_finding(a, f"query reads table {src.node.sql() if src.node else src.name}, which "
                                             "the model does not have (a stale query or a missing migration)",
                                          node=src.node, detail=f"table:{src.name.lower()}"))
        for node, table in a.missing_columns:
            key = (table.id, node.name.lower())
            if key in seen:
                continue
            seen.add(key)
            out.append(self.query_finding(a, f"query reads {table.name}.{node.name}, which the model does not have "
                                             "(a stale query or a missing migration)", node=node, table=table,
                                          detail=f"column:{node.name.lower()}"))
        return out


def _join_graph(a: Analysed, block: Block) -> nx.Graph:
    import networkx as nx

    tables = {alias: s for alias, s in block.sources.items() if s.table is not None}
    g = nx.Graph()
    g.add_nodes_from(tables)

    def link(node) -> None:
        """Connect the block's tables whose columns ``node`` reads."""
        aliases = set()
        for c in node.find_all(exp.Column):
            r = a.ref(c)
            if r is not None and r.block is block and r.source is not None:
                aliases.add(r.source.alias.lower())
        aliases &= set(tables)
        first = next(iter(aliases), None)
        for other in aliases:
            if other != first:
                g.add_edge(first, other)

    for p, _ in a.conjuncts(block):
        link(p)
    # USING/NATURAL joins, and sources whose join is a CROSS JOIN/LATERAL on purpose, connect
    names = list(block.sources)
    for i, alias in enumerate(names):
        s = block.sources[alias]
        j = s.join_node
        if j is None:
            continue
        if s.cross or j.args.get("using") or (j.args.get("method") or "").upper() == "NATURAL" or \
                any(x.derived for x in block.sources.values()):
            for prev in names[:i]:
                if prev in g and alias in g:
                    g.add_edge(prev, alias)
    # a correlated subquery (EXISTS, IN, a scalar subquery) that reads several sources links them
    for sub in block.node.find_all(exp.Select):
        if sub is not block.node:
            link(sub)
    return g


def cartesian_products(a: Analysed) -> list[tuple[Block, list[list[Source]]]]:
    import networkx as nx

    out = []
    for b in a.blocks:
        tables = [s for s in b.sources.values() if s.table is not None]
        if len(tables) < 2 or any(s.derived or s.missing for s in b.sources.values()):
            continue
        g = _join_graph(a, b)
        parts = [sorted(c) for c in nx.connected_components(g)]
        if len(parts) > 1:
            out.append((b, [[b.sources[x] for x in part] for part in sorted(parts)]))
    return out


@register
class CartesianJoin(QueryRule):
    """Tables in one FROM with no condition joining them.

    ## What it does
    Reports a query block whose tables fall into groups that no join
    condition links (`FROM a, b WHERE a.x = 1`, `JOIN b ON true`). An explicit
    `CROSS JOIN` or `LATERAL` is taken as meant.

    ## Why is this bad?
    Every row of one side is paired with every row of the other: the result
    (and the work) is the product of the table sizes, and the duplicates are
    usually hidden later by a DISTINCT. It is nearly always a forgotten join
    condition.

    ## Example
    ```sql
    CREATE TABLE actor (id int PRIMARY KEY, name text NOT NULL);
    CREATE TABLE film (id int PRIMARY KEY, title text NOT NULL);
    CREATE TABLE film_actor (actor_id int NOT NULL REFERENCES actor (id), film_id int NOT NULL REFERENCES film (id),
                             PRIMARY KEY (actor_id, film_id));
    -- queries:
    SELECT a.name, f.title FROM actor a, film_actor fa, film f WHERE fa.film_id = f.id AND f.title = $1;
    ```

    ## Use instead
    ```sql
    CREATE TABLE actor (id int PRIMARY KEY, name text NOT NULL);
    CREATE TABLE film (id int PRIMARY KEY, title text NOT NULL);
    CREATE TABLE film_actor (actor_id int NOT NULL REFERENCES actor (id), film_id int NOT NULL REFERENCES film (id),
                             PRIMARY KEY (actor_id, film_id));
    -- queries:
    SELECT a.name, f.title FROM actor a JOIN film_actor fa ON fa.actor_id = a.id JOIN film f ON fa.film_id = f.id
    WHERE f.title = $1;
    ```
    """

    code = "TQ004"
    name = "cartesian-join"
    severity = "high"

    def check_query(self, a, ctx):
        out = []
        for b, parts in cartesian_products(a):
            groups = [" + ".join(s.table.name for s in part) for part in parts]
            lone = parts[-1][0]
            out.append(self.query_finding(a, f"no join condition links {' and '.join(groups)}: every row of one is "
                                             "paired with every row of the other", node=lone.node,
                                          table=lone.table, detail="|".join(groups)))
        return out


_FAMILIES = {
    "smallint": "int", "integer": "int", "bigint": "int", "int": "int", "tinyint": "int", "mediumint": "int",
    "serial": "int", "bigserial": "int",
    "numeric": "numeric", "decimal": "numeric", "real": "float", "double": "float", "float": "float",
    "text": "text", "varchar": "text", "char": "text", "citext": "citext", "nvarchar": "text", "nchar": "text",
    "uuid": "uuid", "timestamp": "timestamp", "timestamptz": "timestamptz", "date": "date", "boolean": "bool",
    "bytea": "bytes", "json": "json", "jsonb": "jsonb",
}


def family(col: Column) -> str | None:
    k = h.kind(col.type)
    if col.type.array_dims:
        return None
    return _FAMILIES.get(k)


def mismatched_joins(a: Analysed) -> list[tuple[exp.Expression, Column, Column, str, str]]:
    out = []
    for b in a.blocks:
        for pred, _ in a.conjuncts(b):
            if not isinstance(pred, exp.EQ):
                continue
            ra, rb = a.column_of(pred.this, b), a.column_of(pred.expression, b)
            if ra is None or rb is None or ra.source is rb.source:
                continue
            fa, fb = family(ra.column), family(rb.column)
            if fa and fb and fa != fb:
                out.append((pred, ra, rb, fa, fb))
    return out


@register
class JoinTypeMismatch(QueryRule):
    """A join between columns of different types.

    ## What it does
    Reports join conditions `a.x = b.y` where the model gives `x` and `y`
    types of different families (integer and text, uuid and text, timestamp
    and timestamptz, integer and numeric). Integer widths (int, bigint) are one
    family.

    ## Why is this bad?
    One side is converted on every row, which keeps its index out of the
    join, and text-to-number or zone conversions can match wrongly. It
    usually means a foreign key the schema never declared, typed differently
    from the key it points at.

    ## Example
    ```sql
    CREATE TABLE users (id uuid PRIMARY KEY);
    CREATE TABLE events (id bigint PRIMARY KEY, user_id text NOT NULL);
    -- queries:
    SELECT e.id FROM events e JOIN users u ON u.id = e.user_id::uuid WHERE u.id = $1;
    SELECT e.id FROM events e JOIN users u ON e.user_id = u.id;
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (id uuid PRIMARY KEY);
    CREATE TABLE events (id bigint PRIMARY KEY, user_id uuid NOT NULL REFERENCES users (id));
    -- queries:
    SELECT e.id FROM events e JOIN users u ON e.user_id = u.id;
    ```
    """

    code = "TQ011"
    name = "join-type-mismatch"
    severity = "medium"

    def check_query(self, a, ctx):
        out = []
        for pred, ra, rb, fa, fb in mismatched_joins(a):
            x = f"{ra.source.table.name}.{ra.column.name} ({ra.column.type})"
            y = f"{rb.source.table.name}.{rb.column.name} ({rb.column.type})"
            out.append(self.query_finding(a, f"join compares {x} with {y}: one side is converted on every row",
                                          node=pred, table=ra.source.table, column=ra.column,
                                          detail=f"{ra.column.name}={rb.column.name}"))
        return out
