"""Views follow a table's rename: the SQL of a view (kept verbatim in ``Schema.raw``)
rewritten with sqlglot when a table it reads is renamed, so the model stays consistent
(its DDL loads, its migration re-creates the view).  A column's rename:
:mod:`tablewright.designer.column_refs`.

Which references mean the renamed table is decided per query scope (sqlglot's
scopes): a table named in FROM/JOIN, or a column qualified by that table (also
from an enclosing query).  A view sqlglot cannot read is left as it is.
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


def renamed_view_sql(raw: RawObject, schema: Schema, table: Table, *, new_table_name: str) -> str | None:
    """The SQL of view ``raw`` with ``table`` renamed to ``new_table_name``; None when nothing in it
    changes (or sqlglot cannot read it).  (A column renamed: :mod:`tablewright.designer.column_refs`.)"""
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
    changed = False
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
    return tree.sql(dialect=read) if changed else None
