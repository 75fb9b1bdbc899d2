"""TW111 polymorphic-association."""

from __future__ import annotations

from tablewright.designer.model import Column, Table
from tablewright.linting.heuristics import tokens
from tablewright.linting.rule import Rule, register


POLYMORPHIC_STEMS = frozenset({"record", "object", "target", "subject", "owner", "entity", "parent", "item",
                               "resource", "member", "source", "related", "reference", "context", "node", "content",
                               "container", "origin", "actor", "trackable", "linked"})


def is_polymorphic_stem(stem: tuple[str, ...]) -> bool:
    return bool(stem) and (stem[-1] in POLYMORPHIC_STEMS or (stem[-1].endswith("able") and len(stem[-1]) > 5))


def polymorphic_pairs(table: Table) -> list[tuple[Column, Column]]:
    """(x_type, x_id) column pairs, x a polymorphic stem (record, object, target,
    owner, *able, ...), where x_id has no foreign key and is not the table's key."""
    fk_cols = {c for fk in table.foreign_keys for c in fk.columns}
    pk = set(table.primary_key.columns) if table.primary_key else set()
    by_stem: dict[tuple, dict[str, Column]] = {}
    for c in table.columns:
        t = tokens(c.name)
        if len(t) >= 2 and t[-1] in ("type", "id", "kind", "class"):
            by_stem.setdefault(t[:-1], {})[t[-1]] = c
    out = []
    for stem, parts in by_stem.items():
        typ = parts.get("type") or parts.get("kind") or parts.get("class")
        ident = parts.get("id")
        if typ and ident and ident.id not in fk_cols and ident.id not in pk and is_polymorphic_stem(stem):
            out.append((typ, ident))
    return out


@register
class PolymorphicAssociation(Rule):
    """A `x_type` + `x_id` pair points at one of several tables.

    ## What it does
    Reports column pairs like `commentable_type, commentable_id` or
    `object_type, object_id` (the stem is `*able` or a generic role: record,
    object, target, subject, owner, entity, parent, item, resource, member,
    ...), where the id has no foreign key because its target table depends
    on the type column.  `media_type, media_id` (a MIME type next to an id) is
    not such a pair.

    ## Why is this bad?
    No engine can enforce such a reference: orphans and rows pointing at the
    wrong kind of object are only found by accident, and every join needs the
    type in its condition.

    ## Example
    ```sql
    CREATE TABLE comment (id int PRIMARY KEY, target_type text, target_id int, body text);
    ```

    ## Use instead
    ```sql
    CREATE TABLE comment (id int PRIMARY KEY, body text,
                          post_id int REFERENCES post, photo_id int REFERENCES photo,
                          CHECK (num_nonnulls(post_id, photo_id) = 1));
    ```
    """

    code = "TW111"
    name = "polymorphic-association"
    category = "schema-design"
    severity = "medium"
    triggers = frozenset({"type", "kind", "class"})

    def check_table(self, table, ctx):
        return [
            self.finding(table, f"{table.name}.{typ.name} + {ident.name} is a polymorphic reference "
                                "that no foreign key can enforce", column=ident)
            for typ, ident in polymorphic_pairs(table)
        ]
