"""TW401 unindexed-foreign-key."""

from __future__ import annotations

from designer.model import ForeignKey, Index, IndexElement, Table, derived_id
from linting import heuristics as h
from linting.findings import Fix, edit
from linting.fixes import index_name
from linting.rule import Rule, register


def fk_is_indexed(table: Table, fk: ForeignKey, lists=None) -> bool:
    """Some index (or key) starts with the FK's columns, in any order."""
    want = set(fk.columns)
    n = len(want)
    for cols in lists if lists is not None else h.index_column_lists(table):
        if len(cols) >= n and set(cols[:n]) == want:
            return True
    return False


@register
class UnindexedForeignKey(Rule):
    """A foreign key with no index on its columns.

    ## What it does
    Reports foreign keys whose columns are not the leading columns of any
    index, primary key or unique constraint (PostgreSQL, SQLite, SQL Server;
    InnoDB creates these indexes by itself, so MySQL and MariaDB are skipped).

    ## Why is this bad?
    Every delete or key update on the parent scans the whole child table
    (under lock), and the joins the key exists for cannot use an index.

    ## Example
    ```sql
    CREATE TABLE comment (id int PRIMARY KEY, post_id int REFERENCES post (id));
    ```

    ## Use instead
    ```sql
    CREATE INDEX comment_post_id_idx ON comment (post_id);
    ```
    """

    code = "TW401"
    name = "unindexed-foreign-key"
    category = "indexing"
    severity = "high"
    triggers = frozenset({"has:fk"})
    dialects = frozenset({"postgres", "sqlite", "mssql"})

    def check_table(self, table, ctx):
        out = []
        # the leading column of every index-backed structure (what
        # h.index_column_lists gives, first columns only): most keys are one column
        leading = set()
        pk = table.primary_key
        if pk and pk.columns:
            leading.add(pk.columns[0])
        for u in table.uniques:
            if u.columns:
                leading.add(u.columns[0])
        for ix in table.indexes:
            if ix.elements and not ix.predicate:
                leading.add(ix.elements[0].column)
        lists = None
        for fk in table.foreign_keys:
            if not fk.columns:
                continue
            if len(fk.columns) == 1:
                if fk.columns[0] in leading:
                    continue
            else:
                if lists is None:
                    lists = h.index_column_lists(table)
                if fk_is_indexed(table, fk, lists):
                    continue
            cols = ctx.columns_by_id(table)  # {c.id: c}, as table.column_names reads it
            present = [cols[c] for c in fk.columns if c in cols]
            if not present:
                continue
            names = [c.name for c in present]
            ixname = index_name(table, names)
            ix = Index(derived_id("ix", table.id, *fk.columns), ixname, [IndexElement(column=c) for c in fk.columns])
            out.append(self.finding(
                table, f"foreign key {table.name}({', '.join(names)}) has no index",
                column=present[0], obj=fk, key=",".join(names),
                fix=Fix("add an index on the foreign-key columns", edit=edit("add_index", table.id, index=ix),
                        schema=ctx.schema),
            ))
        return out
