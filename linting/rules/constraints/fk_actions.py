"""TW306 cascade-into-financial, TW307 set-null-on-not-null, TW308 nullable-dependent-fk,
TW309 fk-without-on-delete."""

from __future__ import annotations

from tablewright.designer.model import ForeignKey, Table
from tablewright.linting import heuristics as h
from tablewright.linting.facts import has_role
from tablewright.linting.rule import Rule, register

USER_TABLES = frozenset({"user", "account", "customer", "member", "person", "people", "profile"})
DEPENDENT_WORDS = frozenset({"item", "line", "entry", "detail", "membership", "member", "attachment", "option"})


#: an audit trail, kept on purpose beyond its subject; a bare "log" (a sync tombstone log, a job
#: log) belongs to its parent and goes with it (zotero's syncDeleteLog)
AUDIT_TRAIL = frozenset({"audit", "audits", "history", "histories", "journal", "changelog", "trail", "ledger"})


def is_audit_trail(table: Table) -> bool:
    return bool(AUDIT_TRAIL.intersection(h.tokens(table.name)))


_HISTORY = frozenset({"history", "histories"})


def own_history(table: Table, ref: Table) -> bool:
    """``task_instance_history`` -> ``task_instance``, ``EmployeeDataHistory`` ->
    ``Employees``: a history named after the row it references keeps that
    row's past versions (Airflow's earlier tries of a task instance), which
    go with the row; an audit, journal or trail word makes it a record of
    what was done, kept beyond its subject."""
    words = set(h.tokens(table.name))
    if ref.id == table.id or not _HISTORY & words or (AUDIT_TRAIL - _HISTORY) & words:
        return False
    t = [h.singular(x) for x in h.tokens(table.name)]
    r = [h.singular(x) for x in h.tokens(ref.name)]
    return bool(r) and len(t) > len(r) and t[: len(r)] == r


def cascades_into_financial(table: Table, fk: ForeignKey, ref: Table | None, ctx=None) -> bool:
    if (fk.on_delete or "").upper() != "CASCADE":
        return False
    financial = has_role(table, "financial", ctx)
    if not (financial or is_audit_trail(table)):
        return False
    if not financial and ref is not None and own_history(table, ref):
        return False
    return ref is None or not (has_role(ref, "financial", ctx) or has_role(ref, "audit", ctx)) or ref.id == table.id


def what_cascades(table: Table, ctx=None) -> str:
    """What the rule found ``table`` to be, as the finding says it."""
    if has_role(table, "financial", ctx):
        return "financial records"
    word = next((w for w in h.tokens(table.name) if w in AUDIT_TRAIL), "audit")
    return f"its name says '{word}': an audit trail, usually kept beyond its subject"


def set_null_on_not_null(table: Table, fk: ForeignKey) -> list[str]:
    """The NOT NULL columns the key's SET NULL action sets: ON DELETE SET NULL (a, b) sets only
    those (PostgreSQL 15), ON UPDATE SET NULL and a SET NULL without a list every column."""
    set_null: set[str] = set()
    if (fk.on_delete or "").upper() == "SET NULL":
        set_null.update(fk.on_delete_columns or fk.columns)
    if (fk.on_update or "").upper() == "SET NULL":
        set_null.update(fk.columns)
    cols = {c.id: c for c in table.columns}
    return [cols[c].name for c in fk.columns if c in set_null and c in cols and not cols[c].nullable]


def is_dependent(table: Table, ref: Table) -> bool:
    """order_items -> orders, team_memberships -> teams."""
    t = [h.singular(x) for x in h.tokens(table.name)]
    r = [h.singular(x) for x in h.tokens(ref.name)]
    if not t or not r or t[-1] not in DEPENDENT_WORDS or ref.id == table.id:
        return False
    return t[: len(r)] == r or t[-1] in ("membership", "member")


def alternative_keys(table: Table, ctx) -> set[str]:
    """The nullable one-column keys of ``table`` to its parents that come in
    pairs of alternatives, one of them NULL by design: a CHECK names both
    (``CHECK ((a IS NULL) <> (b IS NULL))``), or one names a person and the
    other something of that person's that may have none -- Mailman's
    ``member`` subscribes either an ``address_id`` or a ``user_id``, and
    ``address.user_id`` (nullable: an address need not belong to a user)
    references the same user: one party named at two levels."""
    cols = ctx.columns_by_id(table)
    keys = []
    for fk in table.foreign_keys:
        ref = ctx.table(fk.ref_table)
        if len(fk.columns) == 1 and fk.columns[0] in cols and cols[fk.columns[0]].nullable \
                and ref is not None and is_dependent(table, ref):
            keys.append((fk, cols[fk.columns[0]], ref))
    checked = [h.referenced_columns(c.expression) for c in table.checks if c.expression]
    out: set[str] = set()
    for i, (a, ca, ra) in enumerate(keys):
        for b, cb, rb in keys[i + 1:]:
            if ra.id == rb.id:
                continue
            pair = {ca.name.lower(), cb.name.lower()}
            if any(pair <= names for names in checked) or _of_the_person(ra, cb, rb, ctx) \
                    or _of_the_person(rb, ca, ra, ctx):
                out |= {ca.id, cb.id}
    return out


def _of_the_person(thing: Table, person_column, person: Table, ctx) -> bool:
    """Whether ``thing`` (an address) references ``person`` (a user table)
    through a nullable column named as ``person_column`` (``user_id``)."""
    if not is_user_table(person):
        return False
    cols = ctx.columns_by_id(thing)
    return any(fk.ref_table == person.id and len(fk.columns) == 1 and fk.columns[0] in cols
               and cols[fk.columns[0]].nullable and cols[fk.columns[0]].name.lower() == person_column.name.lower()
               for fk in thing.foreign_keys)


def is_user_table(table: Table) -> bool:
    toks = h.tokens(table.name)
    return bool(toks) and h.singular(toks[-1]) in USER_TABLES and len(toks) <= 2


@register
class CascadeIntoFinancial(Rule):
    """Deleting a parent row deletes financial or audit records.

    ## What it does
    Reports `ON DELETE CASCADE` foreign keys on payment, invoice, ledger,
    transaction, order and audit tables that reference a non-financial table
    (a user, a product, ...).  Cascades inside one financial document
    (invoice → invoice lines) are fine, and so is a history named after the
    row it references (`task_instance_history` → `task_instance`): that
    row's past versions, which go with it.

    ## Why is this bad?
    Deleting a customer silently erases the payments and audit trail the law
    and the accountants require you to keep.

    ## Example
    ```sql
    CREATE TABLE payment (id int PRIMARY KEY,
                          customer_id int REFERENCES customer ON DELETE CASCADE);
    ```

    ## Use instead
    ```sql
    CREATE TABLE payment (id int PRIMARY KEY,
                          customer_id int REFERENCES customer ON DELETE RESTRICT);
    ```
    """

    code = "TW306"
    name = "cascade-into-financial"
    category = "constraints"
    # medium: one finding at high in 46 labelled schemas, and debatable (plausible's local mirror of
    # a biller's subscription goes with the account on purpose); whether records must outlive their
    # parent is the retention policy's call, which the DDL does not show
    severity = "medium"
    triggers = frozenset({"has:fk"})
    scope = "neighbours"

    def check_table(self, table, ctx):
        _, financial, audit = ctx.index.summaries[table.id].kinds  # this table's, read by the index
        if not (financial or audit):
            return None  # cascades_into_financial needs one or the other
        out = []
        for fk in table.foreign_keys:
            ref = ctx.table(fk.ref_table)
            if cascades_into_financial(table, fk, ref, ctx):
                target = ref.qualified_name if ref else "its parent"
                out.append(self.finding(table, f"deleting a row of {target} cascades into {table.qualified_name} "
                                               f"({what_cascades(table, ctx)})", obj=fk, kind="constraint",
                                        key=fk.name or ",".join(fk.columns)))
        return out


@register
class SetNullOnNotNull(Rule):
    """`ON DELETE SET NULL` on a column that cannot be NULL.

    ## What it does
    Reports foreign keys with `ON DELETE SET NULL` (or `ON UPDATE SET NULL`)
    whose columns are NOT NULL.

    ## Why is this bad?
    The action can never succeed: deleting the parent fails with a NOT NULL
    violation, so the "optional" relationship actually blocks deletes, in
    production, at the worst moment.

    ## Example
    ```sql
    CREATE TABLE post (author_id int NOT NULL REFERENCES users ON DELETE SET NULL);
    ```

    ## Use instead
    ```sql
    CREATE TABLE post (author_id int REFERENCES users ON DELETE SET NULL);
    ```
    """

    code = "TW307"
    name = "set-null-on-not-null"
    category = "constraints"
    severity = "critical"
    triggers = frozenset({"has:fk"})

    def check_table(self, table, ctx):
        out = []
        for fk in table.foreign_keys:
            names = set_null_on_not_null(table, fk)
            if names:
                col = table.column_named(names[0])
                from tablewright.designer.edits import SetColumnAttr
                from tablewright.linting.findings import Fix

                out.append(self.finding(table, f"foreign key on {table.name}({', '.join(names)}) sets NULL on delete "
                                               "but the column is NOT NULL", column=col, obj=fk, kind="constraint",
                                        key=fk.name or ",".join(names),
                                        fix=Fix(f"make {names[0]} nullable",
                                                edit=SetColumnAttr(table.id, col.id, "nullable", True),
                                                schema=ctx.schema)))
        return out


@register
class NullableDependentFk(Rule):
    """A child that cannot exist without its parent has a nullable reference.

    ## What it does
    Reports nullable foreign keys from dependent rows to their owner: line
    items, entries, details and memberships (`order_items.order_id`,
    `team_memberships.team_id`).  Two nullable keys that are alternatives
    are not reported: a CHECK names both, or one names a person and the
    other something of that person's that may have none (a member
    subscribed by an `address_id` or by a `user_id`, where the nullable
    `address.user_id` references the same user).

    ## Why is this bad?
    An order line without an order is garbage: it is counted by nothing,
    deleted by nothing, and shows up in the next data-quality audit.

    ## Example
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY);
    CREATE TABLE order_items (id int PRIMARY KEY, order_id int REFERENCES orders);
    ```

    ## Use instead
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY);
    CREATE TABLE order_items (id int PRIMARY KEY, order_id int NOT NULL REFERENCES orders);
    ```
    """

    code = "TW308"
    name = "nullable-dependent-fk"
    category = "constraints"
    severity = "medium"
    triggers = frozenset({"has:fk"})
    scope = "neighbours"

    def check_table(self, table, ctx):
        toks = h.tokens(table.name)
        if not toks or h.singular(toks[-1]) not in DEPENDENT_WORDS:
            return None
        out = []
        cols = ctx.columns_by_id(table)
        alternatives = alternative_keys(table, ctx)
        for fk in table.foreign_keys:
            ref = ctx.table(fk.ref_table)
            if ref is None or not is_dependent(table, ref):
                continue
            if (fk.on_delete or "").upper() in ("SET NULL", "SET DEFAULT"):
                continue  # the key itself says the row outlives its parent (CiviCRM's membership and campaign)
            nullable = [cols[c] for c in fk.columns if c in cols and cols[c].nullable and c not in alternatives]
            if nullable:
                out.append(self.finding(table, f"{table.name}.{nullable[0].name} may be NULL but a {table.name} row "
                                               f"cannot exist without its {ref.name}", column=nullable[0], obj=fk))
        return out


@register
class FkWithoutOnDelete(Rule):
    """A reference to a user-like table with no explicit ON DELETE.

    ## What it does
    Reports foreign keys referencing users, accounts, customers, members or
    people that leave `ON DELETE` unspecified.

    ## Why is this bad?
    Erasure requests (GDPR and its siblings) will delete those rows one day;
    the default (`NO ACTION`) then fails somewhere unexpected.  Decide now:
    CASCADE, SET NULL or RESTRICT with an anonymisation path.

    ## Example
    ```sql
    CREATE TABLE users (id int PRIMARY KEY);
    CREATE TABLE review (id int PRIMARY KEY, user_id int REFERENCES users);
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (id int PRIMARY KEY);
    CREATE TABLE review (id int PRIMARY KEY, user_id int REFERENCES users ON DELETE SET NULL);
    ```
    """

    code = "TW309"
    name = "fk-without-on-delete"
    category = "constraints"
    severity = "low"
    triggers = frozenset({"has:fk"})
    scope = "neighbours"

    def check_table(self, table, ctx):
        out = []
        for fk in table.foreign_keys:
            ref = ctx.table(fk.ref_table)
            if ref is not None and ref.id != table.id and fk.on_delete is None and is_user_table(ref):
                first = next((c for c in table.columns if fk.columns and c.id == fk.columns[0]), None)
                out.append(self.finding(table, f"foreign key {table.name}.{first.name if first else '?'} -> "
                                               f"{ref.name} has no explicit ON DELETE policy", column=first, obj=fk))
        return out
