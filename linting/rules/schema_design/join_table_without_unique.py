"""TW107 join-table-without-unique."""

from __future__ import annotations

from tablewright.designer.model import Table, UniqueConstraint, derived_id
from tablewright.designer.edits import AddItem
from tablewright.linting import heuristics as h
from tablewright.linting.findings import Fix
from tablewright.linting.heuristics import index_name
from tablewright.linting.heuristics import tokens, unique_column_sets
from tablewright.linting.rule import Rule, register

ORDER_WORDS = frozenset({"sequence", "seq", "position", "pos", "order", "ordinal", "index", "idx", "rank", "sort"})
_BOOKKEEPING = frozenset({"id", "created", "updated", "at", "by", "on", "date", "ts", "time", "timestamp"})


def is_join_table(table: Table) -> bool:
    if len(table.foreign_keys) < 2:
        return False
    fk_cols = {c for fk in table.foreign_keys for c in fk.columns}
    if len({fk.ref_table or fk.id for fk in table.foreign_keys}) < 2 and len(table.foreign_keys) < 2:
        return False
    pk = set(table.primary_key.columns) if table.primary_key else set()
    if len(pk) == 1 and pk <= fk_cols:
        return False  # keyed by one of its references: a 1:1 extension of that row, not a link
    cols = {c.id: c for c in table.columns}
    if any(cid not in fk_cols and ORDER_WORDS.intersection(tokens(cols[cid].name)) for cid in pk if cid in cols):
        return False  # keyed by its position: an ordered list (a way's nodes repeat), not a set of pairs
    for c in table.columns:
        if c.id not in fk_cols and c.id not in pk and not set(tokens(c.name)) <= _BOOKKEEPING:
            return False
    return True


def lacks_pair_key(table: Table) -> bool:
    """No unique over two or more of the foreign-key columns, and none over
    foreign-key columns only: a unique over one of the references (``UNIQUE
    (event_id)``) already makes every pair unique (each event is linked once)."""
    fk_cols = {c for fk in table.foreign_keys for c in fk.columns}
    return not any(len(s & fk_cols) >= 2 or (s and s <= fk_cols) for s in unique_column_sets(table))


def distinct_targets(fks: list, nullable: set[str]) -> list:
    """One reference per parent table, a NOT NULL one first: Zabbix's report_user names users twice
    (the recipient ``userid`` NOT NULL and whose rights apply, ``access_userid`` nullable), Ranger's
    zone-service link references x_service by id and by name; the pair is one per parent.  When every
    reference names the same parent, the table relates rows of that table to each other (Seahub's
    related_files_relatedfiles: two files; friendships, follows): the pair is two of the references,
    NOT NULL ones first (one alone as the key would let a row take part in a single relation)."""
    by_nullable = sorted(fks, key=lambda fk: any(c in nullable for c in fk.columns))
    seen: dict[object, object] = {}
    for fk in by_nullable:
        seen.setdefault(fk.ref_table or fk.id, fk)
    pick = list(seen.values()) if len(seen) >= 2 else by_nullable[:2]
    return sorted(pick, key=fks.index)


@register
class JoinTableWithoutUnique(Rule):
    """A join table does not make its foreign-key pair unique.

    ## What it does
    Reports tables made of two or more foreign keys and nothing else but
    a surrogate key and timestamps (a many-to-many link, not referenced by
    other tables; a link that carries a value may repeat) that have neither a primary key nor a unique
    constraint over the foreign-key columns.  A join table with no key at
    all is one defect, which `missing-primary-key` reports, naming the pair.
    The message says when the table holds more than the pair (a date, or
    several attributes: a row may be an event about the pair that can
    happen twice) or is a cache, and names the references when there are
    three (which of them identify a row the DDL does not tell).

    ## Why is this bad?
    The same pair can be linked twice: counts double, deletes leave a copy
    behind, and the application has to de-duplicate on every read.

    Medium, not high: whether a repeated pair matters depends on the
    application -- a link it rebuilds from sets, a table nothing uses any
    more, a bag its ORM allows.  Even a bare link (a surrogate key and the
    pair) was right at high 9 times of 13 on schemas nobody had read
    (FRESH17, FRESH21), 31 of 35 over all labelled schemas (89%).

    ## Example
    ```sql
    CREATE TABLE film_actor (id serial PRIMARY KEY,
                             film_id int REFERENCES film, actor_id int REFERENCES actor);
    ```

    ## Use instead
    ```sql
    CREATE TABLE film_actor (film_id int REFERENCES film, actor_id int REFERENCES actor,
                             PRIMARY KEY (film_id, actor_id));
    ```
    """

    code = "TW107"
    name = "join-table-without-unique"
    category = "schema-design"
    severity = "medium"
    scope = "neighbours"
    triggers = frozenset({"has:fk"})

    def check_table(self, table, ctx):
        if not is_join_table(table) or not lacks_pair_key(table) or ctx.incoming(table.id):
            return None  # a referenced table is an entity of its own, not a link
        if table.primary_key is None and not unique_column_sets(table):
            return None  # no key at all: one defect, which TW101 reports, naming the references as the key
        # the pair is the two references that are not the tenant key (organization_id
        # plus one of them would let the same pair repeat: a many-to-many must stay one)
        tenant = table.column_named(ctx.tenant_key) if ctx.tenant_key else None
        fks = [fk for fk in table.foreign_keys if tenant is None or fk.columns != [tenant.id]]
        nullable = {c.id for c in table.columns if c.nullable}
        pick = distinct_targets(fks if len(fks) >= 2 else table.foreign_keys, nullable)
        # three or more parents: a three-way link keyed by all of them, or rows that point at
        # one of several parents (LedgerSMB's new_shipto: an invoice's or an order's ship-to
        # location); which set is the key the DDL cannot tell, so the claim is weaker (medium)
        required = [fk for fk in pick if not any(c in nullable for c in fk.columns)]
        if len(pick) > 2 and len(required) == 2:
            pick = required  # the two references every row must have; the optional one is an attribute
        many = len(pick) > 2
        ids = []
        for fk in pick:
            ids += [c for c in fk.columns if any(x.id == c for x in table.columns) and c not in ids]
        names = table.column_names(ids)
        # more than the pair and its surrogate key (a date or time, or several attributes): a row may be an
        # event about the pair -- a featuring, an approval, a session -- that can happen twice on purpose;
        # 0 of 3 such tables on unseen schemas were labelled right at high
        extra = [c for c in table.columns if c.id not in ids
                 and not (table.primary_key and c.id in table.primary_key.columns)]
        # a cache the application rebuilds wholesale (DSpace's group2groupcache): its rows are derived
        # (TW101's reading of the name; imported here, since TW101 reads join tables with this module)
        from tablewright.linting.rules.schema_design.missing_primary_key import derived_rows  # noqa: PLC0415

        cache = derived_rows(table, ctx)
        bare = not cache and table.primary_key is not None and len(table.primary_key.columns) == 1 \
            and table.primary_key.columns[0] not in ids \
            and (not extra or (len(extra) == 1 and h.kind(extra[0].type) not in h.DATETIMES))
        key = UniqueConstraint(derived_id("uq", table.id, *ids), ids, name=index_name(table, names, "key", ctx.schema))
        return [self.finding(
            table, f"join table {table.qualified_name} has no primary key or unique constraint over ({', '.join(names)})"
            + (f": with {len(pick)} references, check which of them identify a row (some may be alternatives, "
               "one of which is set)" if many else "")
            + (f": its name says it is a {cache} table, rebuilt by the application, where a repeated pair may "
               "change nothing" if cache and not many else "")
            + ("" if many or bare or cache else ": it holds more than the pair, so check that a row is not an event "
               "about the pair (an approval, a featuring, a session) that may happen twice"),
            fix=Fix("add a unique constraint over the foreign-key " + ("columns" if many else "pair"),
                    edit=AddItem(table.id, key), schema=ctx.schema),
        )]
