"""TW105 fk-target-invalid."""

from __future__ import annotations

from tablewright.designer.model import ForeignKey, Table
from tablewright.linting.heuristics import unique_column_sets
from tablewright.linting.rule import Rule, register


def fk_problem(fk: ForeignKey, ref: Table | None, ids=None) -> str | None:
    """Why this foreign key's target is invalid, or None (``ids``: the ids of
    ``ref``'s columns, as a set or a dict keyed by them, when known)."""
    if ref is None:
        u = fk.unresolved
        if u is not None and u.unread:
            return None  # the table is in the input; the import reported why it could not take it
        target = f"{u.namespace + '.' if u and u.namespace else ''}{u.table if u else '?'}"
        return f"references table {target}, which the schema does not create (it must exist where the schema is installed)"
    if ids is None:
        ids = {c.id for c in ref.columns}
    if not fk.ref_columns:
        return None if ref.primary_key else f"references {ref.qualified_name}, which has no primary key"
    missing = [c for c in fk.ref_columns if c not in ids]
    if missing:
        return f"references missing column(s) of {ref.qualified_name}"
    pk = ref.primary_key
    if pk is not None and pk.columns and list(fk.ref_columns) == list(pk.columns):
        return None  # the referenced table's primary key (the common case)
    if ref.primary_key is not None and not ref.primary_key.columns:
        return None  # a key whose columns the model does not know: nothing to judge
    if frozenset(fk.ref_columns) not in unique_column_sets(ref):
        names = ", ".join(ref.column_names(fk.ref_columns))
        return f"references {ref.qualified_name} ({names}), which is not a primary key or unique"
    return None


@register
class FkTargetInvalid(Rule):
    """A foreign key points at a missing table or column, or at non-unique columns.

    ## What it does
    Reports foreign keys whose target table or columns do not exist in the
    model, or whose target columns are not covered by a primary key or a
    unique constraint/index.  A target whose CREATE TABLE is in the input
    but could not be imported is not reported (the import reports that
    statement, where it is).

    A key to a table the input does not create at all is reported at
    medium: the input may be installed into a database that has that
    table (Poweradmin's tables beside PowerDNS's ``domains``), which the
    DDL alone cannot tell; a missing column of a table it does create, or
    a target that is not a key, is a contradiction the DDL proves.

    ## Why is this bad?
    The DDL fails on a real engine (PostgreSQL, SQL Server), or, where the
    engine accepts it (InnoDB on any indexed column), a child row can match
    several parents and the relationship means nothing.

    ## Example
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, code text);  -- code not unique
    CREATE TABLE items (id int PRIMARY KEY, order_code text REFERENCES orders (code));
    ```

    ## Use instead
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, code text, CONSTRAINT orders_code_key UNIQUE (code));
    CREATE TABLE items (id int PRIMARY KEY, order_code text REFERENCES orders (code));
    ```
    """

    code = "TW105"
    name = "fk-target-invalid"
    category = "schema-design"
    severity = "critical"
    triggers = frozenset({"has:fk"})
    scope = "schema"
    facts = ("tables",)

    def check_table(self, table, ctx):
        out = []
        for fk in table.foreign_keys:
            ref = ctx.table(fk.ref_table) if fk.ref_table else None
            named = self._named_table(table, fk, ctx) if ref is None else None
            if named is not None:  # the table is there; the import could not find the key's columns in it
                problem = f"references missing column(s) {', '.join(fk.unresolved.columns)} of {named.qualified_name}"
            else:
                problem = fk_problem(fk, ref, ctx.columns_by_id(ref) if ref is not None else None)
            if problem:
                cols = ", ".join(table.column_names([c for c in fk.columns if any(x.id == c for x in table.columns)]))
                first = next((c for c in table.columns if fk.columns and c.id == fk.columns[0]), None)
                out.append(self.finding(table, f"foreign key {fk.name or ''}({cols}) {problem}".replace(" (", "(", 0),
                                        column=first, obj=fk, kind="constraint", key=fk.name or cols,
                                        severity="medium" if ref is None and named is None else None))
        return out

    @staticmethod
    def _named_table(table, fk, ctx):
        """The table an unresolved key names, where the schema does create it."""
        u = fk.unresolved
        if u is None or u.unread or not u.table:
            return None
        found = ctx.schema.find_table(u.table, u.namespace)
        if found is None and u.namespace is None and table.namespace is not None:
            found = ctx.schema.find_table(u.table, table.namespace)
        return found
