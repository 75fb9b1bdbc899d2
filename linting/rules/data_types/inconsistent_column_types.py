"""TW215 inconsistent-column-types."""

from __future__ import annotations

from tablewright.linting import heuristics as h
from tablewright.linting.rule import Rule, register


def odd_type(family: str, signature: tuple) -> bool:
    """True when ``family`` is not the majority family in a (majority, families) signature."""
    return bool(signature) and signature[0] is not None and family != signature[0]


@register
class InconsistentColumnTypes(Rule):
    """One key column name, different types in different tables.

    ## What it does
    For columns named `*_id`, compares the type family across all tables and
    reports the columns whose type differs from the majority (`user_id`
    integer here, bigint everywhere else).

    ## Why is this bad?
    Joins between them need casts or lose index use, values that fit in one
    table overflow in another, and the mismatch usually means one side was
    forgotten in a migration.

    ## Example
    ```sql
    CREATE TABLE post (id bigint PRIMARY KEY, user_id bigint);
    CREATE TABLE likes (id bigint PRIMARY KEY, user_id bigint);
    CREATE TABLE comment (id bigint PRIMARY KEY, user_id integer);
    ```

    ## Use instead
    ```sql
    CREATE TABLE post (id bigint PRIMARY KEY, user_id bigint);
    CREATE TABLE likes (id bigint PRIMARY KEY, user_id bigint);
    CREATE TABLE comment (id bigint PRIMARY KEY, user_id bigint);
    ```
    """

    code = "TW215"
    name = "inconsistent-column-types"
    category = "data-types"
    severity = "medium"
    triggers = frozenset({"has:xid"})
    scope = "schema"
    facts = ("column_types",)

    def check_table(self, table, ctx):
        sigs = ctx.index.col_type_sig
        if not sigs:
            return None
        # the table's (*_id column name in lower case, type family) pairs, the
        # family read from the same type kind and text as below: none of an
        # odd type, nothing to say
        for name, fam in ctx.index.summaries[table.id].col_types:
            sig = sigs.get(name)
            if sig is not None and fam != "other" and odd_type(fam, sig):
                break
        else:
            return None
        out = []
        for c in table.columns:
            name = c.name.lower()
            sig = sigs.get(name)
            if sig is None or not name.endswith("_id"):
                continue
            fam = h.type_family(c.type)
            if fam == "other":
                continue  # an untyped column (SQLite virtual tables) says nothing
            if odd_type(fam, sig) and not self._follows_its_target(table, c, fam, ctx):
                out.append(self.finding(table, f"{table.name}.{c.name} is {c.type} but {c.name} is "
                                               f"{_FAMILY_WORDS.get(sig[0], sig[0])} in most other tables", column=c))
        return out

    @staticmethod
    def _follows_its_target(table, column, family: str, ctx) -> bool:
        """A foreign key whose type is its target's: the name is shared with keys to other tables
        (Supysonic's starred_id, an integer to folder, a binary uuid to track and album)."""
        for fk in table.foreign_keys:
            if fk.columns == [column.id] and len(fk.ref_columns) == 1 and fk.ref_table:
                ref = ctx.table(fk.ref_table)
                target = ctx.columns_by_id(ref).get(fk.ref_columns[0]) if ref is not None else None
                if target is not None and h.type_family(target.type) == family:
                    return True
        return False


#: a family in words that name no dialect's type (kind() says bytea for every binary type)
_FAMILY_WORDS = {"bytea": "binary", "string": "a string type", "numeric": "numeric"}
