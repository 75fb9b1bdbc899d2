"""TW106 fk-cycle."""

from __future__ import annotations

from tablewright.linting.rule import Rule, register


def strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components with more than one node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    if len(comp) > 1:
                        out.append(comp)
    return out


@register
class FkCycle(Rule):
    """Foreign keys form a cycle between tables.

    ## What it does
    Finds groups of tables that reference each other in a loop (A → B → A)
    through foreign keys.  A table referencing itself (a tree) is not a cycle.

    ## Why is this bad?
    Rows cannot be inserted or deleted without deferring constraints or
    leaving a key NULL for a while; loading, copying and deleting tenants
    need special ordering, and tools that sort tables by dependency fail.

    ## Example
    ```sql
    CREATE TABLE team (id int PRIMARY KEY, captain_id int REFERENCES player (id));
    CREATE TABLE player (id int PRIMARY KEY, team_id int REFERENCES team (id));
    ```

    ## Use instead
    ```sql
    -- keep one direction and move the other to a link table
    CREATE TABLE team_captain (team_id int PRIMARY KEY REFERENCES team (id),
                               player_id int NOT NULL REFERENCES player (id));
    ```
    """

    code = "TW106"
    name = "fk-cycle"
    category = "schema-design"
    severity = "medium"
    scope = "schema"
    facts = ("fk_graph", "tables")

    def check_schema(self, ctx):
        edges: dict[str, set[str]] = {}
        for table in ctx.schema.tables:
            for fk in table.foreign_keys:
                if fk.ref_table and fk.ref_table != table.id and fk.ref_table in ctx.index.tables:
                    edges.setdefault(table.id, set()).add(fk.ref_table)
        order = {t.id: i for i, t in enumerate(ctx.schema.tables)}
        out = []
        for comp in strongly_connected([t.id for t in ctx.schema.tables], edges):
            comp.sort(key=order.__getitem__)
            first = ctx.table(comp[0])
            names = [ctx.table(c).qualified_name for c in comp]
            shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
            out.append(self.finding(first, f"foreign keys form a cycle between {len(names)} tables: {shown}",
                                    key=",".join(sorted(names))))
        return out
