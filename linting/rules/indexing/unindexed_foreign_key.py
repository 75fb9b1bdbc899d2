"""TW401 unindexed-foreign-key."""

from __future__ import annotations

from functools import lru_cache

from tablewright.designer.model import ForeignKey, Index, IndexElement, Table, derived_id
from tablewright.linting import heuristics as h
from tablewright.designer.edits import AddItem
from tablewright.linting.findings import Fix
from tablewright.linting.heuristics import index_name
from tablewright.linting.facts import has_role
from tablewright.linting.rule import Rule, register


@lru_cache(maxsize=4096)
def not_null_columns(predicate: str) -> frozenset[str] | None:
    """The columns a partial index's predicate requires to be NOT NULL, when
    that is all it requires (``a IS NOT NULL AND b IS NOT NULL``); None for any
    other predicate.  A lookup ``a = $1`` implies ``a IS NOT NULL``, so such an
    index serves the foreign-key check on ``a``; an index on another predicate
    (``WHERE deleted_at IS NULL``) does not."""
    import sqlglot
    from sqlglot import exp

    try:
        node = sqlglot.parse_one(predicate, read="postgres")
    except Exception:
        return None
    while isinstance(node, exp.Paren):
        node = node.this
    terms = list(node.flatten()) if isinstance(node, exp.And) else [node]
    out = set()
    for term in terms:
        while isinstance(term, exp.Paren):
            term = term.this
        if isinstance(term, exp.Not):  # NOT (x IS NULL), or how older sqlglot spells IS NOT NULL
            term, negated = term.this, True
        else:
            negated = bool(term.args.get("negate"))
        if negated and isinstance(term, exp.Is) and isinstance(term.expression, exp.Null) \
                and isinstance(term.this, exp.Column):
            out.add(term.this.name.lower())
        else:
            return None
    return frozenset(out)


def serves_lookup(table: Table, ix: Index) -> bool:
    """A partial index that every equality lookup on its leading columns can use."""
    names = {c.id: c.name.lower() for c in table.columns}
    need = not_null_columns(ix.predicate)
    return need is not None and need <= {names.get(e.column) for e in ix.elements}


def fk_is_indexed(table: Table, fk: ForeignKey, lists=None) -> bool:
    """Some index (or key) starts with the FK's columns, in any order."""
    want = set(fk.columns)
    n = len(want)
    for cols in lists if lists is not None else h.index_column_lists(table):
        if len(cols) >= n and set(cols[:n]) == want:
            return True
    return False


def partitions_indexed(table: Table, columns, ctx) -> bool:
    """A partitioned table whose partitions all have an index leading with
    ``columns`` (by name): the check runs against the partitions, which are indexed."""
    names = [c.name.lower() for c in columns]
    parts = [t for t in ctx.schema.tables if t.options.partition_of == table.id]
    if not parts:
        return False
    for part in parts:
        by_id = {c.id: c.name.lower() for c in part.columns}
        lists = h.index_column_lists(part) + [tuple(e.column for e in ix.elements) for ix in part.indexes
                                              if ix.predicate and serves_lookup(part, ix)]
        if not any(sorted(by_id.get(c) or "" for c in cols[:len(names)]) == sorted(names) for cols in lists):
            return False
    return True


#: references that make a table's rows someone's: they grow with the people using the application
PEOPLE_REFS = frozenset({"user", "users", "owner", "author", "creator", "account", "member", "customer", "person",
                         "follower", "subscriber", "sender", "recipient", "voter", "buyer", "seller", "client",
                         "employee", "student", "patient", "visitor", "player"})


def taxonomy(table: Table, ctx=None) -> bool:
    """A tree of kinds (``area_type (id, name, parent, child_order, …)``): narrow
    (at most eight columns), pointing at itself, and at nothing else or, with
    ``ctx``, only at trees of kinds (the allowed values under an attribute
    type).  Its rows are a vocabulary that administrators edit, not rows that
    accumulate with use; a tree of content (comments, a library's collections,
    generated code) is wider or belongs to something else.  (Without ``ctx``
    it reads the table alone, with it the tables it points at: the lint engine
    re-checks a table's neighbours after an edit, no further.)"""
    if len(table.columns) > 8 or not any(fk.ref_table == table.id for fk in table.foreign_keys):
        return False
    for fk in table.foreign_keys:
        if fk.ref_table != table.id:
            parent = ctx.table(fk.ref_table) if ctx is not None and fk.ref_table else None
            if parent is None or not taxonomy(parent):
                return False
    return True


def grows_with_use(table: Table, fk: ForeignKey, ctx=None) -> bool:
    """Structural evidence that the child holds many rows: it belongs to people
    (a user/owner/customer reference), it links rows (a join table), it is a
    tree (a self-reference), or it is a log/event table.  Configuration and
    metadata tables (menus, metric display order) carry none of these."""
    if fk.ref_table == table.id and sum(f.ref_table == table.id for f in table.foreign_keys) == 1:
        # a tree has one parent pointer; several references to the table itself
        # (x_service.tag_service, .gds_service: a service's companions) are links, no tree
        return ctx is None or not taxonomy(table, ctx)  # a tree of content, not of kinds
    if has_role(table, "link", ctx) or has_role(table, "log", ctx) or has_role(table, "financial", ctx):
        return True
    toks = h.tokens(table.name)
    if toks and h.singular(toks[-1]) in PEOPLE_REFS:
        return True  # the people themselves (users.organization_id)
    for c in table.columns:
        t = h.tokens(c.name)
        if len(t) > 1 and t[-1] == "id" and PEOPLE_REFS.intersection(t[:-1]):
            return True
    if ctx is not None:  # the lines of an order, the entries of a ledger grow with it
        for other in table.foreign_keys:
            parent = ctx.table(other.ref_table)
            if parent is not None and (has_role(parent, "financial", ctx) or has_role(parent, "log", ctx)):
                return True
    return False


#: who last acted on a row (not who owns it): updated_by, resolved_by, revoker_id, granter_id
ACTOR_WORDS = frozenset({"updated", "modified", "resolved", "revoker", "revoked", "granter", "granted", "approver",
                         "approved", "reviewer", "reviewed", "verified", "deleted", "closed", "assigned", "updater",
                         "modifier", "last", "upd"})


def incidental_actor(columns) -> bool:
    """A one-column reference to the person who last acted on the row."""
    if len(columns) != 1:
        return False
    t = set(h.tokens(columns[0].name))
    return bool(t & ACTOR_WORDS) and not t & {"owner", "author", "creator", "created"}


def attribution(table: Table, fk: ForeignKey, ctx) -> bool:
    """A one-column reference to a person that the schema lets the row outlive
    (``ON DELETE SET NULL``): the row is content the person wrote or touched,
    not theirs (a report's author, a release's publisher); it is rarely read by
    that person, and only the person's deletion scans for it.  Join, log and
    financial tables are not: their rows are read by the person."""
    if len(fk.columns) != 1 or (fk.on_delete or "").upper() != "SET NULL" or fk.ref_table == table.id:
        return False
    if has_role(table, "link", ctx) or has_role(table, "log", ctx) or has_role(table, "financial", ctx):
        return False
    parent = ctx.table(fk.ref_table)
    ptoks = h.tokens(parent.name) if parent is not None else ()
    return bool(ptoks) and h.singular(ptoks[-1]) in PEOPLE_REFS


def undeclared_deletes(table: Table, fk: ForeignKey, ctx=None) -> bool:
    """No evidence that the parent's deletes reach this table: the key has no
    ``ON DELETE`` action (a CASCADE or SET NULL says the design deletes parents
    and each delete then writes and scans this table under lock), and the table
    is neither a tree of content (a node's children are found by its parent)
    nor a log (read by what it logs).  Without that evidence a missing index is
    a join/lookup optimisation, which the schema cannot rank."""
    if (fk.on_delete or "").upper() in ("CASCADE", "SET NULL", "SET DEFAULT"):
        return False
    return fk.ref_table != table.id and not has_role(table, "log", ctx)


def second_reference(table: Table, fk: ForeignKey, ctx) -> bool:
    """The table already references the same parent row by its primary key
    through another foreign key, and this one points at another key of it
    (``service_name`` → ``x_service(name)`` beside ``service_id`` →
    ``x_service(id)``): a copy of the parent's name kept in step, not a second
    relationship; what the parent's deletes scan for is the first key."""
    def target(k: ForeignKey):
        if k.ref_table is not None:
            return k.ref_table
        u = k.unresolved
        return ("?", (u.namespace or "").lower(), u.table.lower()) if u is not None else None

    def ref_names(k: ForeignKey) -> tuple[str, ...]:
        if k.ref_table is not None:
            parent = ctx.table(k.ref_table)
            cols = {c.id: c.name.lower() for c in parent.columns} if parent is not None else {}
            return tuple(cols.get(c, c) for c in k.ref_columns)
        return tuple(c.lower() for c in (k.unresolved.columns if k.unresolved else ()))

    def on_primary_key(k: ForeignKey) -> bool:
        if k.ref_table is not None:
            parent = ctx.table(k.ref_table)
            return parent is not None and parent.primary_key is not None \
                and list(parent.primary_key.columns) == list(k.ref_columns)
        return ref_names(k) == ("id",)

    mine = target(fk)
    if mine is None or on_primary_key(fk):
        return False
    return any(other is not fk and target(other) == mine and ref_names(other) != ref_names(fk)
               and on_primary_key(other) for other in table.foreign_keys)


def expiring_rows(table: Table) -> str | None:
    """The expiry column when every row of the table expires and the table is
    purged by it: a NOT NULL expiry column (``expires_at``) that leads an index
    (what a cleanup job's ``DELETE … WHERE expires_at < now()`` needs).  Such a
    table holds a working set (authorization codes, device codes), not history,
    so a scan of it on a parent's delete is short.  An expiry column without an
    index is no evidence of a purge (kanboard's password_reset keeps its rows)."""
    from tablewright.linting.rules.indexing.missing_indexes import EXPIRY_NAMES

    leading = {cols[0] for cols in h.index_column_lists(table, include_partial=True) if cols}
    for c in table.columns:
        if c.name.lower() in EXPIRY_NAMES and not c.nullable and c.id in leading \
                and h.kind(c.type) in h.DATETIMES:
            return c.name
    return None


def to_lookup(table: Table, fk: ForeignKey, ctx) -> Table | None:
    """The parent, when it is a small lookup table (a key and at most three
    other columns: currencies, roles, ecosystems) that the schema gives no delete
    action toward this table, and this table is not a join table (whose second
    key answers "rows of this tag/role" and must be indexed)."""
    if (fk.on_delete or "").upper() in ("CASCADE", "SET NULL", "SET DEFAULT"):
        return None
    parent = ctx.table(fk.ref_table)
    if parent is not None and parent.id != table.id and taxonomy(parent):
        return parent  # a tree of kinds is a lookup too, also from rows that link to it
    if has_role(table, "link", ctx):
        return None
    ptoks = h.tokens(parent.name) if parent is not None else ()
    if parent is None or parent.id == table.id or len(parent.columns) > 4 or parent.foreign_keys \
            or has_role(parent, "financial", ctx) or has_role(parent, "log", ctx) \
            or (ptoks and h.singular(ptoks[-1]) in PEOPLE_REFS):
        return None  # (a lookup references nothing; orders, logs and people are not lookups)
    return parent


@register
class UnindexedForeignKey(Rule):
    """A foreign key with no index on its columns.

    ## What it does
    Reports foreign keys whose columns are not the leading columns of any
    index, primary key or unique constraint (PostgreSQL, SQLite, SQL Server;
    InnoDB creates these indexes by itself, so MySQL and MariaDB are skipped).
    When more than half of the declared foreign keys (and at least ten) have
    none, leaving them unindexed is the schema's habit -- a schema ported from
    MySQL reads this way -- and that is reported once, with the count and the
    most important examples; each missing index stays listed, with its fix.
    Medium: what a missing index costs depends on the table's size and on how
    often parent rows are deleted, which the DDL does not show; with a
    workload attached, the index advice (TW412) says which ones matter.

    ## Why is this bad?
    Every delete or key update on the parent scans the whole child table
    (under lock), and the joins the key exists for cannot use an index.

    ## Example
    ```sql
    CREATE TABLE post (id int PRIMARY KEY);
    CREATE TABLE comment (id int PRIMARY KEY, post_id int REFERENCES post (id));
    ```

    ## Use instead
    ```sql
    CREATE TABLE post (id int PRIMARY KEY);
    CREATE TABLE comment (id int PRIMARY KEY, post_id int REFERENCES post (id));
    CREATE INDEX comment_post_id_idx ON comment (post_id);
    ```
    """

    code = "TW401"
    name = "unindexed-foreign-key"
    category = "indexing"
    # medium: what a missing index costs depends on the child's size and on how often parent rows are
    # deleted, which the DDL does not show (of 60 per-key findings labelled at high on unseen schemas and the
    # corpus, a third were debatable: small sharing and settings tables); a workload shows it (TW412)
    severity = "medium"
    triggers = frozenset({"has:fk"})
    dialects = frozenset({"postgres", "sqlite", "mssql"})
    scope = "neighbours"  # reads the parent (lookup or not) and the partitions
    convention = True
    convention_members = "medium"  # each missing index stays, with its fix, under the one finding

    def convention_holds(self, ctx, findings):
        """Most of the schema's foreign keys have no index: the authors do not
        index them as a rule (a schema ported from MySQL, whose InnoDB creates
        them by itself, reads this way), and that is one thing to tell them."""
        declared = sum(len(t.foreign_keys) for t in ctx.schema.tables)
        return len(findings) >= 10 and 2 * len(findings) > declared

    def convention_severity(self, ctx):
        return "medium"

    def convention_summary(self, ctx, findings):
        declared = sum(len(t.foreign_keys) for t in ctx.schema.tables)
        engine = {"postgres": "PostgreSQL", "sqlite": "SQLite", "mssql": "SQL Server"}.get(ctx.dialect, ctx.dialect)
        return (f"foreign keys are left without an index as a rule: {len(findings)} of the {declared} declared have "
                f"none ({engine} does not create them, as MySQL's InnoDB does); every delete or key change of a "
                "parent row scans the child table, and joins from the parent cannot use an index. Each is listed "
                "with its index")

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
            if ix.elements and (not ix.predicate or serves_lookup(table, ix)):
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
                    lists = h.index_column_lists(table) + [tuple(e.column for e in ix.elements)
                                                           for ix in table.indexes
                                                           if ix.predicate and serves_lookup(table, ix)]
                if fk_is_indexed(table, fk, lists):
                    continue
            cols = ctx.columns_by_id(table)  # {c.id: c}, as table.column_names reads it
            present = [cols[c] for c in fk.columns if c in cols]
            if not present or table.options.partition_by and partitions_indexed(table, present, ctx):
                continue
            names = [c.name for c in present]
            lookup = to_lookup(table, fk, ctx)
            small = lookup is None and not grows_with_use(table, fk, ctx)
            actor = lookup is None and not small and incidental_actor(present)
            author = lookup is None and not small and not actor and attribution(table, fk, ctx)
            copy = not (small or actor or author) and second_reference(table, fk, ctx)
            quiet = not (lookup is not None or small or actor or author or copy) and undeclared_deletes(table, fk, ctx)
            expiring = None if lookup is not None or small or actor or author or copy or quiet \
                or has_role(table, "link", ctx) \
                else expiring_rows(table)
            ixname = index_name(table, names, schema=ctx.schema)
            ix = Index(derived_id("ix", table.id, *fk.columns), ixname, [IndexElement(column=c) for c in fk.columns])
            out.append(self.finding(
                table, f"foreign key {table.name}({', '.join(names)}) has no index"
                + (f" ({lookup.name} looks like a small lookup table whose rows are not deleted: the index serves "
                   "joins more than deletes)" if lookup is not None else "")
                + (f" ({table.name} looks like configuration or metadata: no key to a users table, not a join, log or "
                   "tree table)" if small else "")
                + (" (it records who last acted on the row: rarely looked up, its user rarely deleted)"
                   if actor else "")
                + (" (ON DELETE SET NULL: the row outlives the person, an attribution rarely looked up by them; "
                   "only their deletion scans for it)" if author else "")
                + (f" ({table.name}'s rows expire ({expiring} NOT NULL, indexed for the purge): the table holds "
                   "a working set, so the scan is short)" if expiring else "")
                + (" (a second reference to a parent this table already references by its primary key: the "
                   "index on that key is the one deletes need)" if copy else "")
                + (" (no ON DELETE action: nothing in the schema says the parent's rows are deleted; the index "
                   "serves joins and lookups from the parent)" if quiet else ""),
                column=present[0], obj=fk, key=",".join(names),
                severity="medium" if lookup is not None or small or actor or author or expiring or copy or quiet
                else None,
                fix=Fix("add an index on the foreign-key columns", edit=AddItem(table.id, ix),
                        schema=ctx.schema),
            ))
        return out
