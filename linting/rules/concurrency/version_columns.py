"""TW501 counter-without-version, TW502 missing-idempotency-key, TW503 updated-without-version."""

from __future__ import annotations

from tablewright.designer.model import Column, Table
from tablewright.linting import heuristics as h
from tablewright.linting.facts import has_role
from tablewright.linting.rule import Rule, register

VERSION_NAMES = frozenset({"version", "lock_version", "row_version", "rowversion", "revision", "etag", "optlock",
                           "version_number", "record_version", "concurrency_stamp", "xmin"})
IDEMPOTENCY_TOKENS = frozenset({"idempotency", "idempotent", "request", "external", "reference", "nonce", "provider",
                                "gateway", "txn", "psp", "stripe", "ref"})
COUNTER_NAMES = frozenset({"balance", "credits", "credit_balance", "stock", "inventory", "counter", "stock_level",
                           "quantity_on_hand", "available_credits", "points_balance"})
#: tables whose rows record a balance once (ledgers, snapshots), not update it in place
RECORD_WORDS = frozenset({"ledger", "entry", "entries", "snapshot", "snapshots", "history", "transaction",
                          "transactions", "statement", "statements"})
UPDATED_NAMES = frozenset({"updated_at", "modified_at", "updated", "modified", "last_modified", "updated_on",
                           "last_update", "date_modified", "modified_date", "updatedat", "modifiedat"})


def has_version_column(table: Table) -> bool:
    return any(c.name.lower() in VERSION_NAMES or (c.type.text or "").lower() in ("rowversion",)
               for c in table.columns)


def hot_counters(table: Table, ctx=None) -> list[Column]:
    if has_role(table, "log", ctx) or has_role(table, "financial", ctx) or set(h.tokens(table.name)) & RECORD_WORDS:
        return []  # a ledger row records a balance once; it is not updated in place
    return [c for c in table.columns
            if c.name.lower() in COUNTER_NAMES and (h.kind(c.type) in h.INTEGERS | h.DECIMALS | h.FLOATS)]


def has_idempotency_key(table: Table) -> bool:
    cols = {c.id: c for c in table.columns}
    for s in h.unique_column_sets(table):
        if table.primary_key and s == frozenset(table.primary_key.columns):
            continue
        for cid in s:
            c = cols.get(cid)
            if c is not None and set(h.tokens(c.name)) & IDEMPOTENCY_TOKENS:
                return True
    return False


def is_payment_like(table: Table) -> bool:
    toks = h.tokens(table.name)
    if not toks:
        return False
    last = h.singular(toks[-1])
    if len(toks) > 1 and toks[-2] in ("sort", "display"):
        return False
    if last in ("payment", "charge", "refund", "payout", "transfer"):
        return True
    return last in ("order", "transaction") and h.has_money_column(table)


@register
class CounterWithoutVersion(Rule):
    """A hot counter or balance with no version column.

    ## What it does
    Reports tables with a balance, credits, stock, inventory or counter
    column (updated in place) and no version column for optimistic locking
    (`version`, `lock_version`, `rowversion`, ...).

    ## Why is this bad?
    Two concurrent read-modify-write updates lose one of the changes: stock
    goes negative, credits are spent twice.  A version column turns the race
    into a detectable conflict.

    ## Example
    ```sql
    CREATE TABLE wallet (id int PRIMARY KEY, balance numeric(12,2) NOT NULL);
    ```

    ## Use instead
    ```sql
    CREATE TABLE wallet (id int PRIMARY KEY, balance numeric(12,2) NOT NULL,
                         version int NOT NULL DEFAULT 0);
    ```
    """

    code = "TW501"
    name = "counter-without-version"
    category = "concurrency"
    severity = "medium"
    triggers = frozenset({"balance", "credits", "stock", "inventory", "counter", "hand", "level"})

    def check_table(self, table, ctx):
        if has_version_column(table):
            return None
        return [self.finding(table, f"{table.name}.{c.name} is updated in place but {table.name} has no version "
                                    "column for optimistic locking", column=c)
                for c in hot_counters(table, ctx)]


@register
class MissingIdempotencyKey(Rule):
    """A payment/order/transaction table with no idempotency key.

    ## What it does
    Reports payment, charge, refund, payout and transfer tables, and order
    and transaction tables that carry amounts (not edit "transactions"),
    without a unique column that carries a request or external
    reference (`idempotency_key`, `request_id`, `external_id`,
    `provider_reference`, ...).

    ## Why is this bad?
    Retries happen: a timeout, a double click, a replayed webhook.  Without a
    unique request id each retry creates another payment.

    ## Example
    ```sql
    CREATE TABLE payment (id bigint PRIMARY KEY, amount numeric(12,2));
    ```

    ## Use instead
    ```sql
    CREATE TABLE payment (id bigint PRIMARY KEY, amount numeric(12,2),
                          idempotency_key text NOT NULL UNIQUE);
    ```
    """

    code = "TW502"
    name = "missing-idempotency-key"
    category = "concurrency"
    severity = "medium"
    triggers = h.FINANCIAL_TRIGGERS | frozenset({"transfer", "transfers"})

    def check_table(self, table, ctx):
        if is_payment_like(table) and not has_idempotency_key(table):
            return [self.finding(table, f"{table.qualified_name} has no unique idempotency key (request id)")]
        return None


@register
class UpdatedWithoutVersion(Rule):
    """A table updated in place with no version column (off by default).

    ## What it does
    Reports tables with an `updated_at`-style column (so rows are edited) and
    no version column.  Enable it with `extend-select = ["TW503"]` where many
    writers edit the same rows.

    ## Why is this bad?
    Two users editing one record overwrite each other silently (last write
    wins); a version column lets the second save detect the conflict.

    ## Example
    ```sql
    CREATE TABLE document (id int PRIMARY KEY, body text, updated_at timestamptz);
    ```

    ## Use instead
    ```sql
    CREATE TABLE document (id int PRIMARY KEY, body text, updated_at timestamptz,
                           version int NOT NULL DEFAULT 0);
    ```
    """

    code = "TW503"
    name = "updated-without-version"
    category = "concurrency"
    severity = "low"
    enabled_by_default = False

    def check_table(self, table, ctx):
        if has_version_column(table):
            return None
        col = next((c for c in table.columns if c.name.lower() in UPDATED_NAMES), None)
        if col is None:
            return None
        return [self.finding(table, f"{table.qualified_name} is updated in place ({col.name}) but has no version column",
                             column=col)]
