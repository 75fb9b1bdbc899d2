"""TW301 natural-key-not-unique and TW302 nullable-essential-column."""

from __future__ import annotations


from tablewright.designer.model import Column, Table
from tablewright.linting import heuristics as h
from tablewright.designer.edits import AddItem, SetColumnAttr
from tablewright.linting.findings import Fix
from tablewright.linting.heuristics import index_name
from tablewright.linting.facts import has_role
from tablewright.linting.rule import Rule, register

PERSON_TABLES = frozenset({"user", "account", "member", "customer", "person", "people", "staff", "employee",
                           "login", "principal", "admin", "author"})
PERSON_KEYS = frozenset({"email", "email_address", "username", "user_name", "login", "handle"})
ANY_TABLE_KEYS = frozenset({"slug", "external_id", "idempotency_key", "isbn", "ean", "upc"})
PRODUCT_TABLES = frozenset({"product", "item", "variant", "sku", "article"})
#: business documents numbered for people: invoice 2024-0042, order 1187
DOCUMENT_TABLES = frozenset({"invoice", "order", "receipt", "quote", "quotation", "ticket", "contract", "shipment",
                             "credit_note", "purchase_order", "bill"})
CREATED_NAMES = frozenset({"created_at", "created", "created_on", "inserted_at", "date_created", "creation_date",
                           "createdat", "created_date", "create_time", "created_time"})
NATURAL_TRIGGERS = frozenset({"email", "username", "login", "handle", "slug", "external", "idempotency", "isbn",
                              "ean", "upc", "sku", "code", "number", "no", "user"})


_CANDIDATES = ANY_TABLE_KEYS | PERSON_KEYS | {"sku", "number", "useraddress", "emailaddress"}


def natural_key(table: Table, column: Column, ctx=None) -> bool:
    name = column.name.lower()
    if name not in _CANDIDATES and not name.endswith(("_number", "_no")) \
            and name.replace("_", "") not in ("username", "emailaddress"):
        return False
    # what the name says first, then whether the table is a log (cheaper that way round)
    if name in ANY_TABLE_KEYS:
        pass
    elif name in PERSON_KEYS or name.replace("_", "") in {"username", "emailaddress"}:
        toks = h.tokens(table.name)
        if not (toks and h.singular(toks[-1]) in PERSON_TABLES):
            return False
        if references_the_person(table, h.singular(toks[-1])):
            return False
    else:
        words = {h.singular(w) for w in h.tokens(table.name)}
        if name == "sku":
            if not (words & PRODUCT_TABLES):
                return False
        elif not (words & DOCUMENT_TABLES):
            return False
        else:
            stem = "_".join(h.singular(w) for w in h.tokens(table.name))
            if name not in (f"{stem}_number", f"{stem}_no", "number"):
                return False
    return not (has_role(table, "log", ctx) or has_role(table, "audit", ctx) or not_an_entity(table))


def references_the_person(table: Table, noun: str) -> bool:
    """The table points at the person by a foreign key on a column naming them
    (``x_role_ref_user.user_id``, ``group_users.user_id``): its rows link to
    people kept elsewhere, so the ``user_name`` beside that key is a copy of
    theirs, repeated once per link, not this table's own key."""
    cols = {c.id: c for c in table.columns}
    for fk in table.foreign_keys:
        for cid in fk.columns:
            c = cols.get(cid)
            if c is not None and noun in {h.singular(t) for t in h.tokens(c.name)}:
                return True
    return False


#: tables whose rows are not the entity the key names: scratch copies, and maps
#: from outside keys to ours (one slug per source: unique with the source, not alone)
SCRATCH_WORDS = frozenset({"tmp", "temp", "staging", "import", "imports", "backup", "bak", "old", "migration"})
MAP_WORDS = frozenset({"mapping", "mappings", "map", "maps", "alias", "aliases", "redirect", "redirects",
                       "version", "versions", "revision", "revisions", "snapshot", "snapshots"})


def not_an_entity(table: Table) -> bool:
    toks = h.tokens(table.name)
    return bool(set(toks) & SCRATCH_WORDS) or bool(toks and toks[-1] in MAP_WORDS)


def is_unique_somehow(table: Table, column: Column) -> bool:
    for s in h.unique_column_sets(table):
        if column.id in s:
            return True
    name = column.name.lower()
    for ix in table.indexes:
        if ix.unique and any(h.mentions_column(e.expression, name) for e in ix.elements):
            return True
        if ix.unique and ix.predicate and any(e.column == column.id for e in ix.elements):
            return True
    return False


@register
class NaturalKeyNotUnique(Rule):
    """A natural key without a UNIQUE constraint.

    ## What it does
    Reports columns that identify a row by nature but are not unique: `email`,
    `username`, `login` on user/account/customer tables, `slug`,
    `external_id`, `idempotency_key`, ISBN/EAN anywhere, `sku` on product
    tables, and `number`/`<table>_number` on numbered business documents
    (invoices, orders, receipts, tickets, ...).  Codes are left alone: they
    are usually unique only within a namespace (`concept_code` per
    vocabulary).  A unique index (also on an expression such as
    `lower(email)`, or a composite one including the column) counts.

    ## Why is this bad?
    Two accounts with one email, two products with one SKU: the application's
    check-then-insert races, and the duplicate is found by a customer.

    Medium: whether the key is unique across the table, per parent or per
    kind is the product's rule, which the DDL seldom shows, and a UNIQUE on
    the wrong scope breaks the application.  At high (RULES.md's default) a
    strict reviewer signed 1 of 7 on the schemas nobody had read: Rails STI
    tables whose registrants' usernames are their names, slugs unique per
    city, logins mirrored from several VCS hosts, emails shared by design.

    ## Example
    ```sql
    CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
    ```
    """

    code = "TW301"
    name = "natural-key-not-unique"
    category = "constraints"
    severity = "medium"
    triggers = NATURAL_TRIGGERS

    def check_table(self, table, ctx):
        out = []
        for c in ctx.columns_with(table, NATURAL_TRIGGERS):
            if natural_key(table, c, ctx) and not is_unique_somehow(table, c):
                from tablewright.designer.model import UniqueConstraint, derived_id

                tenant = tenant_column(table, c, ctx)
                cols = [tenant, c] if tenant is not None else [c]
                name = index_name(table, [x.name for x in cols], "key", ctx.schema)
                scope = f" within its {tenant.name}" if tenant is not None else ""
                if empty_default(c):
                    scope += " (its default '' stands for 'none': make that NULL before adding the constraint)"
                out.append(self.finding(
                    table, f"{table.name}.{c.name} is a natural key but is not unique{scope}", column=c,
                    fix=Fix(f"add a unique constraint on ({', '.join(x.name for x in cols)})",
                            edit=AddItem(table.id, UniqueConstraint(derived_id("uq", table.id, c.id),
                                                                    [x.id for x in cols], name=name)),
                            schema=ctx.schema),
                ))
        return out


def empty_default(column: Column) -> bool:
    """``DEFAULT ''``: the application writes the empty string for "none"
    (kanboard's groups.external_id for groups not from LDAP); a unique
    constraint would reject the second such row until those become NULL."""
    return (column.default or "").strip() in ("''", "''::character varying", "''::text")


def tenant_column(table: Table, column: Column, ctx) -> Column | None:
    """The table's tenant key column when the schema has one (other than the
    column itself): the natural key is unique per tenant, not across tenants."""
    key = ctx.tenant_key
    if not key:
        return None
    col = table.column_named(key)
    return col if col is not None and col is not column else None


def postal(table: Table) -> bool:
    """An address: ``state`` there is a region of a country, not a status."""
    from tablewright.linting.rules.data_types.free_text_status import GEOGRAPHY

    return any(c.name.lower() in GEOGRAPHY for c in table.columns)


def essential_nullable(table: Table, column: Column, ctx=None) -> str | None:
    """What kind of essential column this nullable column is, or None."""
    if not column.nullable or column.generated is not None:
        return None
    name = column.name.lower()
    if name in CREATED_NAMES and h.kind(column.type) in h.DATETIMES | h.INTEGERS:
        return "creation timestamp"
    if name in ("status", "state") and column.default is None and not (name == "state" and postal(table)):
        return "status"
    if natural_key(table, column, ctx):
        return "natural key"
    return None


@register
class NullableEssentialColumn(Rule):
    """A column every row must have accepts NULL.

    ## What it does
    Reports nullable natural keys (see `natural-key-not-unique`), nullable
    creation timestamps (`created_at`, `created`, `inserted_at`, ...) and
    nullable `status`/`state` columns without a default.

    ## Why is this bad?
    A row without its key cannot be found by it, a row without a creation
    time falls out of every time-based report, and a NULL status is a state
    no code handles.

    ## Example
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, status text, created_at timestamptz);
    ```

    ## Use instead
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL DEFAULT 'new',
                         created_at timestamptz NOT NULL DEFAULT now());
    ```
    """

    code = "TW302"
    name = "nullable-essential-column"
    category = "constraints"
    severity = "medium"
    triggers = NATURAL_TRIGGERS | frozenset({"created", "inserted", "creation", "create", "createdat", "status", "state"})

    def check_table(self, table, ctx):
        out = []
        for c in ctx.columns_with(table, self.triggers):
            what = essential_nullable(table, c, ctx)
            if what:
                out.append(self.finding(
                    table, f"{table.name}.{c.name} ({what}) accepts NULL", column=c,
                    fix=Fix("make it NOT NULL", edit=SetColumnAttr(table.id, c.id, "nullable", False),
                            schema=ctx.schema),
                ))
        return out
