"""TW412 workload-missing-index, TW413 unused-index (both read the workload: see
:mod:`tablewright.linting.workload.advice`)."""

from __future__ import annotations

from tablewright.designer.edits import AddItem, DropItem
from tablewright.linting.findings import Fix
from tablewright.linting.rule import register
from tablewright.linting.workload.query_rule import QueryRule


def _where(c) -> str:
    qs = c.queries
    loc = qs[0].query.location
    first = f"{(loc.path or '<queries>').replace(chr(92), '/').rsplit('/', 1)[-1]}:{loc.line}"
    more = f" and {len(qs) - 1} more" if len(qs) > 1 else ""
    return f"{len(qs)} quer{'y' if len(qs) == 1 else 'ies'} ({first}{more})"


@register
class WorkloadMissingIndex(QueryRule):
    """An index the workload needs and the model lacks.

    ## What it does
    Reads the workload's filters, joins and sorts per table and reports the
    index that would serve them where no existing index, primary key or
    unique constraint does: equality columns first, then a range column or
    the ORDER BY columns; partial for constant predicates (`deleted_at IS
    NULL`), with INCLUDE columns for index-only scans where the engine has
    them. Indexes serving several queries are consolidated; a table the
    workload writes more than it reads gets one at most. The fix adds the
    index to the model (one undoable edit); its SQL is the safe form
    (`CREATE INDEX CONCURRENTLY` on PostgreSQL). `tablewright advise --verify`
    proves the advice with hypothetical indexes on a real PostgreSQL.

    ## Why is this bad?
    Without the index each of these queries reads the whole table (or sorts
    it), and its cost grows with the table: the classic production incident
    of a query that was fast on the developer's data.

    ## Example
    ```sql
    CREATE TABLE rental (id int PRIMARY KEY, customer_id int NOT NULL, rental_date timestamptz NOT NULL,
                         return_date timestamptz);
    -- queries:
    SELECT id FROM rental WHERE customer_id = $1 AND return_date IS NULL ORDER BY rental_date DESC LIMIT 10;
    ```

    ## Use instead
    ```sql
    CREATE TABLE rental (id int PRIMARY KEY, customer_id int NOT NULL, rental_date timestamptz NOT NULL,
                         return_date timestamptz);
    CREATE INDEX rental_open_by_customer ON rental (customer_id, rental_date DESC) WHERE return_date IS NULL;
    -- queries:
    SELECT id FROM rental WHERE customer_id = $1 AND return_date IS NULL ORDER BY rental_date DESC LIMIT 10;
    ```
    """

    code = "TW412"
    name = "workload-missing-index"
    category = "indexing"
    severity = "high"

    def check_schema(self, ctx):
        wa = getattr(ctx, "workload", None)
        if wa is None:
            return None
        out = []
        taken = {(ix.name or "").lower() for t in ctx.schema.tables for ix in t.indexes}
        for c in wa.advice.indexes:
            ix = c.index(taken)
            taken.add(ix.name.lower())
            notes = f" ({'; '.join(c.notes)})" if c.notes else ""
            verified = ""
            if c.verified is not None and c.cost_before is not None:
                verified = f"; verified: cost {c.cost_before:g} -> {c.cost_after:g}"
            msg = f"no index on {c.table.name} serves {_where(c)}: add {c.describe()}{notes}{verified}"
            f = self.finding(c.table, msg, key=ix.name, location=c.queries[0].location_of(None),
                             severity=None if c.verified is not False else "low",
                             fix=Fix(f"add index {ix.name}", edit=AddItem(c.table.id, ix),
                                     schema=ctx.schema))
            f.query = c.queries[0].query.text.strip()
            out.append(f)
        return out


@register
class UnusedIndexInWorkload(QueryRule):
    """An index no query of a complete workload uses.

    ## What it does
    With a workload declared complete (`--workload-complete`, or a
    `-- tablewright: workload complete` comment in a queries file), reports
    the indexes of the tables the workload uses that none of its queries
    filters, joins or sorts by. Unique indexes, and indexes that lead with a
    foreign key's columns (a parent's delete looks up its children through
    them), are never reported.

    ## Why is this bad?
    Every index is written on every insert and on updates of its columns,
    takes memory from the cache and time from vacuum and backups. One that
    no query reads is pure cost.

    ## Example
    ```sql
    CREATE TABLE post (id int PRIMARY KEY, slug text NOT NULL, views int NOT NULL);
    CREATE INDEX post_views_idx ON post (views);
    -- queries:
    -- tablewright: workload complete
    SELECT id FROM post WHERE slug = $1;
    ```

    ## Use instead
    ```sql
    CREATE TABLE post (id int PRIMARY KEY, slug text NOT NULL, views int NOT NULL);
    CREATE INDEX post_slug_idx ON post (slug);
    -- queries:
    -- tablewright: workload complete
    SELECT id FROM post WHERE slug = $1;
    ```
    """

    code = "TW413"
    name = "unused-index-in-workload"
    category = "indexing"
    severity = "low"

    def check_schema(self, ctx):
        wa = getattr(ctx, "workload", None)
        if wa is None or not wa.workload.complete:
            return None
        out = []
        for d in wa.advice.drops:
            out.append(self.finding(d.table, f"index {d.index.name} is unused by the complete workload: {d.reason}",
                                    obj=d.index, kind="index", key=d.index.name or d.index.id,
                                    fix=Fix(f"drop index {d.index.name}",
                                            edit=DropItem(d.table.id, "index", d.index.id), schema=ctx.schema)))
        return out
