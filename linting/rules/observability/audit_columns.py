"""TW801 missing-timestamps, TW802 missing-actor-columns, TW803 no-audit-table."""

from __future__ import annotations

from tablewright.designer.model import Table
from tablewright.linting import heuristics as h
from tablewright.linting.facts import has_role
from tablewright.linting.rule import Rule, register
from tablewright.linting.rules.schema_design.join_table_without_unique import is_join_table

CREATED_TOKENS = frozenset({"created", "inserted", "creation", "added"})
UPDATED_TOKENS = frozenset({"updated", "modified", "update", "changed", "edited"})
ACTOR_TOKENS = frozenset({"by", "creator", "author", "actor", "editor", "modifier", "updater"})
ADMIN_WORDS = frozenset({"admin", "role", "permission", "setting", "config", "configuration", "grant", "policy"})


def is_entity_table(table: Table, ctx=None) -> bool:
    return (table.primary_key is not None and len(table.columns) >= 3 and not is_join_table(table)
            and not has_role(table, "log", ctx))


def missing_timestamps(table: Table) -> list[str]:
    toks = [set(h.tokens(c.name)) for c in table.columns]
    missing = []
    if not any(t & CREATED_TOKENS for t in toks):
        missing.append("created_at")
    if not any(t & UPDATED_TOKENS for t in toks):
        missing.append("updated_at")
    return missing


def is_sensitive_table(table: Table, ctx=None) -> bool:
    words = {h.singular(w) for w in h.tokens(table.name)}
    return has_role(table, "financial", ctx) or bool(words & ADMIN_WORDS)


def has_actor_columns(table: Table) -> bool:
    return any(set(h.tokens(c.name)) & ACTOR_TOKENS for c in table.columns)


@register
class MissingTimestamps(Rule):
    """An entity table without created/updated timestamps.

    ## What it does
    Reports tables with a primary key and at least three columns (not join
    tables, not logs, not small lookup tables that other tables reference and
    that reference nothing) that have no creation or no modification
    timestamp column.

    ## Why is this bad?
    "When did this change?" is the first question of every incident and
    every data fix; without the columns there is no answer, and incremental
    exports cannot find what changed.

    ## Example
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY, name text, email text);
    ```

    ## Use instead
    ```sql
    CREATE TABLE customer (id int PRIMARY KEY, name text, email text,
                           created_at timestamptz NOT NULL DEFAULT now(),
                           updated_at timestamptz NOT NULL DEFAULT now());
    ```
    """

    code = "TW801"
    name = "missing-timestamps"
    category = "observability"
    severity = "low"
    scope = "neighbours"

    def check_table(self, table, ctx):
        words = ctx.index.summaries[table.id].col_words
        if not words.isdisjoint(CREATED_TOKENS) and not words.isdisjoint(UPDATED_TOKENS):
            return None
        if not is_entity_table(table, ctx):
            return None
        if not table.foreign_keys and len(table.columns) <= 6 and ctx.incoming(table.id):
            return None  # reference data (a lookup table): not edited by users
        missing = missing_timestamps(table)
        if missing:
            return [self.finding(table, f"{table.qualified_name} has no {' or '.join(missing)} column")]
        return None


@register
class MissingActorColumns(Rule):
    """A financial or admin table that does not record who changed it.

    ## What it does
    Reports financial (payments, invoices, orders, ...) and admin (roles,
    permissions, settings) tables with no `created_by`/`updated_by`-style
    column.

    ## Why is this bad?
    When money moves or permissions change, auditors and incident responders
    ask who did it.

    ## Example
    ```sql
    CREATE TABLE refund (id int PRIMARY KEY, amount numeric(12,2));
    ```

    ## Use instead
    ```sql
    CREATE TABLE refund (id int PRIMARY KEY, amount numeric(12,2),
                         created_by bigint NOT NULL REFERENCES users);
    ```
    """

    code = "TW802"
    name = "missing-actor-columns"
    category = "observability"
    severity = "low"
    triggers = h.FINANCIAL_TRIGGERS | {"role:financial"} | ADMIN_WORDS | frozenset(w + "s" for w in ADMIN_WORDS) | frozenset(
        w[:-1] + "ies" for w in ADMIN_WORDS if w.endswith("y"))

    def check_table(self, table, ctx):
        s = ctx.index.summaries[table.id]
        # has_actor_columns from the index's column tokens, the financial role
        # from its table kinds (both read from this very table)
        if not s.col_words.isdisjoint(ACTOR_TOKENS):
            return None
        if not s.kinds[1] and {h.singular(w) for w in h.tokens(table.name)}.isdisjoint(ADMIN_WORDS):
            return None
        if is_join_table(table):
            return None
        return [self.finding(table, f"{table.qualified_name} records no created_by/updated_by")]


@register
class NoAuditTable(Rule):
    """Financial tables and no audit trail.

    ## What it does
    Reports a schema that has financial tables (payments, invoices, ledger,
    transactions, orders) but no audit or change-log table.

    ## Why is this bad?
    Without a change history, a wrong balance cannot be explained and a
    dispute cannot be settled from the database.

    ## Example
    ```sql
    CREATE TABLE payment (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL,
                          paid_at timestamptz NOT NULL);  -- and nothing recording changes to it
    ```

    ## Use instead
    ```sql
    CREATE TABLE payment (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL,
                          paid_at timestamptz NOT NULL);
    CREATE TABLE audit_log (id bigint PRIMARY KEY, table_name text, row_id bigint,
                            action text, changed_by bigint, changed_at timestamptz, diff jsonb);
    ```
    """

    code = "TW803"
    name = "no-audit-table"
    category = "observability"
    severity = "low"
    facts = ("tables", "table_kinds")

    def check_schema(self, ctx):
        tables = ctx.schema.tables
        kinds = ctx.index.summaries  # (rls, financial, audit) per table, kept by the index
        if any(kinds[t.id].kinds[2] for t in tables):
            return []
        financial = [t for t in tables if kinds[t.id].kinds[1]]
        if not financial:
            return []
        names = ", ".join(t.qualified_name for t in financial[:5])
        return [self.finding(None, f"the schema has financial tables ({names}) but no audit or change-log table",
                             kind="schema", location=financial[0].location)]
