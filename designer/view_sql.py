"""Views follow renames: the SQL of a view (kept verbatim in ``Schema.raw``)
rewritten with sqlglot when a table or column it reads is renamed, so the
model stays consistent (its DDL loads, its migration re-creates the view).

Which references mean the renamed table is decided per query scope (sqlglot's
scopes): a table named in FROM/JOIN, a column qualified by that table or its
alias (also from an enclosing query), or an unqualified column that no other
table in its scope has.  A view sqlglot cannot read is left as it is.
"""

from __future__ import annotations

from tablewright.designer.dialects import quote
from tablewright.designer.model import RawObject, Schema, Table
from tablewright.designer.sql_split import SQLGLOT_DIALECT, SQLGLOT_FAILURES

VIEW_KINDS = ("view", "materialized view")


def _matches(table_node, table: Table) -> bool:
    from sqlglot import exp

    if not isinstance(table_node, exp.Table) or table_node.name.lower() != table.name.lower():
        return False
    db = table_node.db
    return not db or not table.namespace or db.lower() == table.namespace.lower()


def renamed_view_sql(raw: RawObject, schema: Schema, table: Table, *, new_table_name: str | None = None,
                     old_column: str | None = None, new_column: str | None = None) -> str | None:
    """The SQL of view ``raw`` with ``table`` renamed to ``new_table_name`` or its
    column ``old_column`` renamed to ``new_column``; None when nothing in it
    changes (or sqlglot cannot read it)."""
    if raw.kind not in VIEW_KINDS:
        return None
    import sqlglot
    from sqlglot import exp
    from sqlglot.optimizer.scope import traverse_scope

    read = SQLGLOT_DIALECT.get(raw.dialect or schema.dialect or "", "postgres")
    ours = raw.dialect if raw.dialect in SQLGLOT_DIALECT else schema.dialect if schema.dialect in SQLGLOT_DIALECT else None

    def ident(name: str):
        """A name written into the view, quoted where the registry quotes it (``order``, ``select``)."""
        return exp.to_identifier(name, quoted=quote(name, ours) != name)

    try:
        tree = sqlglot.parse_one(raw.sql, read=read)
    except SQLGLOT_FAILURES:
        return None
    query = tree.expression if isinstance(tree, exp.Create) else None
    if not isinstance(query, exp.Expression) or isinstance(query, exp.Command):
        return None
    columns_of = {t.name.lower(): {c.name.lower() for c in t.columns} for t in schema.tables}
    changed = False
    renamed: dict[int, object] = {}  # the column nodes renamed -> their name as the view wrote it
    try:
        scopes = list(traverse_scope(query))
    except SQLGLOT_FAILURES:
        return None

    def source_of(scope, qualifier: str):
        while scope is not None:
            source = scope.sources.get(qualifier)
            if source is not None:
                return source
            scope = scope.parent
        return None

    for scope in scopes:
        if old_column is not None:
            for column in scope.columns:
                if column.name.lower() != old_column.lower():
                    continue
                if column.table:
                    hit = _matches(source_of(scope, column.table), table)
                else:
                    tables = [s for s in scope.sources.values() if isinstance(s, exp.Table)]
                    having = [s for s in tables if old_column.lower() in columns_of.get(s.name.lower(), ())]
                    hit = len(having) == 1 and _matches(having[0], table) and len(tables) == len(
                        [s for s in tables if s.name.lower() in columns_of])  # every source known
                if hit:
                    renamed[id(column)] = column.this.copy()
                    column.set("this", ident(new_column))
                    changed = True
    if new_table_name is not None:
        # columns qualified by the table's own name (not an alias), in any scope
        for scope in scopes:
            for column in scope.columns:
                if column.table:
                    source = source_of(scope, column.table)
                    if _matches(source, table) and not source.alias:
                        column.set("table", ident(new_table_name))
                        changed = True
        for scope in scopes:
            for source in scope.sources.values():
                if _matches(source, table):
                    source.set("this", ident(new_table_name))
                    changed = True
    if not changed:
        return None
    # the view's own column keeps its name (as PostgreSQL does when it follows a
    # rename): readers of the view see no change
    first = query
    while isinstance(first, exp.SetOperation if hasattr(exp, "SetOperation") else exp.Union):
        first = first.this
    if renamed and isinstance(first, exp.Select):
        first.set("expressions", [exp.alias_(e, renamed[id(e)]) if id(e) in renamed else e
                                  for e in first.expressions])
    return tree.sql(dialect=read)
