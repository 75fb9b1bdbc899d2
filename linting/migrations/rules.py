"""The migration rules (RULES.md, category ``migrations``), one small class each."""

from __future__ import annotations

from tablewright.designer.dialects import is_mysql, quote, quote_qualified
from tablewright.designer.migrations import ops as o
from tablewright.linting import heuristics as h
from tablewright.linting.findings import Fix
from tablewright.linting.migrations.rule import MigrationRule, register


def _column_name(op, ctx) -> str | None:
    column = getattr(op, "column", None)
    if column is not None:
        return column.name
    column_id = getattr(op, "column_id", None)
    if column_id:
        return ctx.state.table(op.table_id).column(column_id).name
    return None


@register
class DropTable(MigrationRule):
    """Dropping a table.

    ## What it does
    Reports tables the migration drops.

    ## Why is this bad?
    The rows are gone for good: the down step re-creates an empty table.
    Clients still reading it fail as soon as it is dropped.

    ## Example
    ```sql
    DROP TABLE audit;
    ```

    ## Use instead
    Stop using the table in the application first, take a backup (or rename it
    to an `_archived` name for a release), then drop it.
    """

    code = "TM001"
    name = "drop-table"
    severity = "critical"

    def check(self, op, ctx):
        if isinstance(op, o.DropTable):
            table = op.table
            yield self.finding(op, ctx, f"table {table.qualified_name} is dropped with all its rows",
                               fix=Fix("Archive it instead: rename the table, drop it in a later release",
                                       f"ALTER TABLE {quote_qualified(table.namespace, table.name, ctx.dialect)} "
                                       f"RENAME TO {_rename_target(table.namespace, table.name + '_archived', ctx.dialect)};"))


@register
class DropColumn(MigrationRule):
    """Dropping a column.

    ## What it does
    Reports columns the migration drops.

    ## Why is this bad?
    The column's data is lost (the down step brings the column back empty), and
    running clients that still read or write it break.

    ## Example
    ```sql
    ALTER TABLE account DROP COLUMN nickname;
    ```

    ## Use instead
    Deploy code that no longer uses the column, then drop it in a later migration.
    """

    code = "TM002"
    name = "drop-column"
    severity = "critical"

    def check(self, op, ctx):
        if isinstance(op, o.DropColumn) and ctx.existing_table:
            yield self.finding(op, ctx, f"column {op.column.name} is dropped with its data", column=op.column.name)


def _rename_target(namespace: str | None, name: str, dialect: str) -> str:
    """The new name in ``ALTER TABLE … RENAME TO``: PostgreSQL and SQLite keep the
    table's schema and take a bare name; MySQL would move it to the current database."""
    return quote_qualified(namespace, name, dialect) if is_mysql(dialect) else quote(name, dialect)


def _expand_contract(kind: str, namespace: str | None, table: str, old: str, new: str, dialect: str) -> str:
    """The expand/contract steps, every name quoted for ``dialect``."""
    if kind == "column":
        table, old, new = quote_qualified(namespace, table, dialect), quote(old, dialect), quote(new, dialect)
        return (f"-- 1. expand: add {new}, keep both in step (trigger or application writes both)\n"
                f"ALTER TABLE {table} ADD COLUMN {new} <type>;\n"
                f"UPDATE {table} SET {new} = {old} WHERE {new} IS NULL;  -- in batches\n"
                f"-- 2. deploy clients that read and write {new}\n"
                f"-- 3. contract: ALTER TABLE {table} DROP COLUMN {old};")
    target = _rename_target(namespace, new, dialect)
    old, new = quote_qualified(namespace, old, dialect), quote_qualified(namespace, new, dialect)
    return (f"-- 1. expand: create {new} and a view named {old} over it, or keep both in step\n"
            f"ALTER TABLE {old} RENAME TO {target};\nCREATE VIEW {old} AS SELECT * FROM {new};\n"
            f"-- 2. deploy clients that use {new}\n-- 3. contract: DROP VIEW {old};")


@register
class Rename(MigrationRule):
    """Renaming a table or column.

    ## What it does
    Reports renamed tables and columns.

    ## Why is this bad?
    The data is kept, but every running client that uses the old name fails
    from the moment the rename commits until it is redeployed.

    ## Example
    ```sql
    ALTER TABLE clients RENAME TO customers;
    ```

    ## Use instead
    Expand and contract: add the new name beside the old one and keep both in
    step, move the clients over, then remove the old name.
    """

    code = "TM003"
    name = "rename-breaks-clients"
    severity = "high"

    def check(self, op, ctx):
        if isinstance(op, o.RenameTable) and ctx.existing_table and "__tw_tmp" not in op.new_name:
            namespace = ctx.state.table(op.table_id).namespace
            yield self.finding(op, ctx, f"table {op.old_name} is renamed to {op.new_name}: running clients break",
                               fix=Fix("Expand and contract", _expand_contract("table", namespace, op.old_name,
                                                                               op.old_name, op.new_name, ctx.dialect)))
        elif isinstance(op, o.RenameColumn) and ctx.existing_table and "__tw_tmp" not in op.new_name:
            table = ctx.state.table(op.table_id)
            yield self.finding(op, ctx, f"column {table.name}.{op.old_name} is renamed to {op.new_name}: running clients break",
                               column=op.old_name,
                               fix=Fix("Expand and contract", _expand_contract("column", table.namespace, table.name,
                                                                               op.old_name, op.new_name, ctx.dialect)))


_ORDER = {"tinyint": 1, "smallint": 2, "integer": 3, "bigint": 4}
_TEXT = {"char", "varchar", "text"}


def narrowing(before, after) -> bool:
    """Whether values of type ``before`` may not fit in ``after``."""
    if before.kind in _ORDER and after.kind in _ORDER:
        return _ORDER[after.kind] < _ORDER[before.kind]
    if before.kind in _TEXT and after.kind in _TEXT:
        if after.kind == "text":
            return False
        return after.length is not None and (before.length is None or after.length < before.length)
    if before.kind == after.kind == "numeric":
        if after.precision is None and after.scale is None:
            return False  # unconstrained numeric holds any value of any scale
        return (after.precision or 1000) < (before.precision or 1000) or (after.scale or 0) < (before.scale or 0)
    return before.kind != after.kind


@register
class TypeChange(MigrationRule):
    """A column type change that narrows the type or rewrites the table.

    ## What it does
    Reports type changes: critical when values may not fit the new type
    (`int → smallint`, `text → varchar(n)`, `varchar(80) → varchar(20)`), high
    for other changes, which rewrite the table under an exclusive lock.

    ## Why is this bad?
    A narrowing change fails on the first row that does not fit, or (MySQL
    without strict mode) silently truncates it; a rewrite blocks reads and
    writes for as long as it takes.

    ## Example
    ```sql
    ALTER TABLE account ALTER COLUMN code TYPE varchar(10);
    ```

    ## Use instead
    Add a new column of the new type, backfill it in batches, switch the
    clients over, drop the old column.
    """

    code = "TM004"
    name = "type-change"
    severity = "high"

    def check(self, op, ctx):
        if not isinstance(op, o.AlterColumn) or "type" not in op.changes() or not ctx.existing_table:
            return
        before, after = op.before.type, op.after.type
        widening_in_place = (before.kind in _TEXT and after.kind in ("varchar", "text") and not narrowing(before, after))
        # PostgreSQL widens numeric(p, s) to a larger precision of the same scale, or to unconstrained
        # numeric, in place: no rewrite (the relation keeps its file node; found by a new user's migration)
        widening_in_place = widening_in_place or (
            ctx.dialect == "postgres" and before.kind == after.kind == "numeric" and not narrowing(before, after)
            and (after.precision is None and after.scale is None or (after.scale or 0) == (before.scale or 0)))
        column = ctx.state.table(op.table_id).column(op.after.id).name
        if not narrowing(before, after) and widening_in_place:
            return
        from tablewright.designer.diff_normal import spelt  # (a type change: the diff's one spelling of both)

        change = f"{column}: {spelt(before, ctx.dialect)} → {spelt(after, ctx.dialect)}"
        if narrowing(before, after):
            yield self.finding(op, ctx, f"{change} narrows the type; existing values may not fit",
                               column=column, severity="critical")
        else:
            yield self.finding(op, ctx, f"{change} rewrites the table under an exclusive lock", column=column)


@register
class NotNullWithoutDefault(MigrationRule):
    """A NOT NULL column without a default added to an existing table.

    ## What it does
    Reports `ADD COLUMN … NOT NULL` without `DEFAULT` on a table that already exists.

    ## Why is this bad?
    It fails on any table that has rows (the existing rows would hold NULL).

    ## Example
    ```sql
    ALTER TABLE orders ADD COLUMN status text NOT NULL;
    ```

    ## Use instead
    ```sql
    ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
    ```
    """

    code = "TM005"
    name = "not-null-without-default"
    severity = "critical"

    def check(self, op, ctx):
        if isinstance(op, o.AddColumn) and ctx.existing_table and not op.column.nullable \
                and op.column.default is None and op.column.identity is None and op.column.generated is None:
            yield self.finding(op, ctx, f"NOT NULL column {op.column.name} has no default: fails on a table with rows",
                               column=op.column.name, fix=Fix("Give it a default (or add it nullable, backfill, then SET NOT NULL)"))


@register
class SetNotNull(MigrationRule):
    """SET NOT NULL on an existing column.

    ## What it does
    Reports columns of existing tables made NOT NULL without the validated
    `CHECK (c IS NOT NULL) NOT VALID` + `VALIDATE` route (PostgreSQL), or at all
    (other engines rebuild or scan the table).

    ## Why is this bad?
    The engine scans the whole table under an exclusive lock to prove there are
    no NULLs, blocking reads and writes meanwhile; and it fails if there are.

    ## Example
    ```sql
    ALTER TABLE account ALTER COLUMN region SET NOT NULL;
    ```

    ## Use instead
    ```sql
    ALTER TABLE account ADD CONSTRAINT account_region_not_null CHECK (region IS NOT NULL) NOT VALID;
    ALTER TABLE account VALIDATE CONSTRAINT account_region_not_null;
    ALTER TABLE account ALTER COLUMN region SET NOT NULL;
    ALTER TABLE account DROP CONSTRAINT account_region_not_null;
    ```
    """

    code = "TM006"
    name = "set-not-null"
    severity = "high"

    def check(self, op, ctx):
        if not (isinstance(op, o.AlterColumn) and "nullable" in op.changes() and not op.after.nullable
                and ctx.existing_table):
            return
        column = ctx.state.table(op.table_id).column(op.after.id).name
        guarded = any("IS NOT NULL) NOT VALID" in s for s in ctx.statements)
        if ctx.dialect == "postgres" and guarded:
            return
        message = f"{column} becomes NOT NULL: a full scan under lock"
        if op.after.default is None:
            message += ", and it fails if any row holds NULL"
        yield self.finding(op, ctx, message, column=column)


def _words(sql: str, dialect: str) -> tuple[str, ...]:
    """The words of a statement, upper case, from sqlglot's tokens (not inside strings or comments)."""
    from tablewright.designer.sql_split import sql_tokens

    return tuple(t.text.upper() for t in sql_tokens(sql, dialect) or ()
                 if t.token_type.name not in ("STRING", "NATIONAL_STRING"))


def _index_statement(sql: str, dialect: str) -> tuple[str, ...] | None:
    """The words of a CREATE [UNIQUE] INDEX statement, None for any other statement."""
    words = _words(sql, dialect)
    if words[:2] == ("CREATE", "INDEX") or words[:3] == ("CREATE", "UNIQUE", "INDEX"):
        return words
    return None


def _has_sequence(words: tuple[str, ...], *seq: str) -> bool:
    n = len(seq)
    return any(words[i:i + n] == seq for i in range(len(words) - n + 1))


@register
class IndexNotConcurrent(MigrationRule):
    """CREATE INDEX that blocks writes.

    ## What it does
    Reports indexes built on existing tables without `CONCURRENTLY`
    (PostgreSQL, high) or without `ALGORITHM=INPLACE, LOCK=NONE` (MySQL/MariaDB, medium).

    ## Why is this bad?
    A plain CREATE INDEX blocks every write to the table while it builds.

    ## Example
    ```sql
    CREATE INDEX orders_total ON orders (total);
    ```

    ## Use instead
    ```sql
    CREATE INDEX CONCURRENTLY orders_total ON orders (total);  -- outside a transaction
    ```
    """

    code = "TM007"
    name = "index-not-concurrent"
    severity = "high"
    dialects = frozenset({"postgres", "mysql", "mariadb"})

    def check(self, op, ctx):
        if not isinstance(op, (o.CreateIndex, o.AddUnique)) or not ctx.existing_table:
            return
        for sql in ctx.statements:
            words = _index_statement(sql, ctx.dialect)
            if words is None:
                continue
            if ctx.dialect == "postgres" and "CONCURRENTLY" not in words:
                yield self.finding(op, ctx, "index built without CONCURRENTLY blocks writes")
            elif is_mysql(ctx.dialect) and not _has_sequence(words, "LOCK", "=", "NONE"):
                yield self.finding(op, ctx, "index built without ALGORITHM=INPLACE, LOCK=NONE may block writes",
                                   severity="medium")


@register
class ConstraintNotValid(MigrationRule):
    """A foreign key or CHECK added to an existing table without NOT VALID.

    ## What it does
    Reports `ADD CONSTRAINT … FOREIGN KEY/CHECK` on existing PostgreSQL tables
    that is not `NOT VALID` followed by `VALIDATE CONSTRAINT`.

    ## Why is this bad?
    Adding it validates every row while holding a lock that blocks writes (a
    foreign key also locks the referenced table).

    ## Example
    ```sql
    ALTER TABLE c ADD CONSTRAINT c_p_fkey FOREIGN KEY (p_id) REFERENCES p (id);
    ```

    ## Use instead
    ```sql
    ALTER TABLE c ADD CONSTRAINT c_p_fkey FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;
    ALTER TABLE c VALIDATE CONSTRAINT c_p_fkey;
    ```
    """

    code = "TM008"
    name = "constraint-not-valid"
    severity = "high"
    dialects = frozenset({"postgres"})

    def check(self, op, ctx):
        if isinstance(op, (o.AddForeignKey, o.AddCheck)) and ctx.existing_table:
            adds = [w for w in (_words(s, ctx.dialect) for s in ctx.statements) if _has_sequence(w, "ADD", "CONSTRAINT")]
            if adds and not all(_has_sequence(w, "NOT", "VALID") for w in adds):
                yield self.finding(op, ctx, "constraint validated while holding a write-blocking lock: add it NOT VALID, then VALIDATE")


@register
class UniqueOnExistingTable(MigrationRule):
    """A unique constraint or index added to an existing table.

    ## What it does
    Reports uniqueness added to tables that already hold rows.

    ## Why is this bad?
    It fails if existing rows already repeat a value, and the index build
    blocks writes unless built concurrently.

    ## Example
    ```sql
    ALTER TABLE customer ADD CONSTRAINT customer_email_key UNIQUE (email);
    ```

    ## Use instead
    Check for duplicates first; on PostgreSQL build the index `CONCURRENTLY`
    and attach it with `ADD CONSTRAINT … UNIQUE USING INDEX`.
    """

    code = "TM009"
    name = "unique-on-existing-table"
    severity = "high"

    def check(self, op, ctx):
        unique = isinstance(op, o.AddUnique) or isinstance(op, o.CreateIndex) and op.index.unique
        if unique and ctx.existing_table:
            yield self.finding(op, ctx, "uniqueness added to a table with rows: fails if values already repeat",
                               fix=Fix("Look for duplicates first", "SELECT <columns>, count(*) FROM <table> GROUP BY <columns> HAVING count(*) > 1;"))


#: functions whose value differs row by row: a default calling one fills every existing row (a rewrite)
_VOLATILE = frozenset({"random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v4", "clock_timestamp",
                       "timeofday", "uuid", "rand", "newid"})


@register
class VolatileDefault(MigrationRule):
    """A column added with a volatile default.

    ## What it does
    Reports added columns whose default is volatile (`random()`,
    `gen_random_uuid()`, `clock_timestamp()`, …).

    ## Why is this bad?
    Every existing row needs its own value, so the engine rewrites the whole
    table under an exclusive lock (PostgreSQL's fast ADD COLUMN only covers
    constant defaults).

    ## Example
    ```sql
    ALTER TABLE event ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid();
    ```

    ## Use instead
    Add the column nullable without a default, set the default, backfill in
    batches, then make it NOT NULL.
    """

    code = "TM010"
    name = "volatile-default"
    severity = "medium"

    def check(self, op, ctx):
        if isinstance(op, o.AddColumn) and ctx.existing_table and op.column.default and \
                not _VOLATILE.isdisjoint(h.called_functions(op.column.default, ctx.dialect)):
            yield self.finding(op, ctx, f"{op.column.name} defaults to {op.column.default}: the table is rewritten",
                               column=op.column.name)


@register
class MissingDown(MigrationRule):
    """A step with no down migration.

    ## What it does
    Reports operations whose reverse renders no SQL for the chosen engine.

    ## Why is this bad?
    The migration cannot be rolled back past this step.

    ## Example
    Moving a table between schemas on SQLite (which has none).

    ## Use instead
    Write the down step by hand, or avoid the change for this engine.
    """

    code = "TM011"
    name = "missing-down-step"
    severity = "high"

    def check(self, op, ctx):
        if getattr(op, "goes_with", None):
            return  # its reverse writes nothing: it goes with the view or table it belongs to
        if ctx.statements and not ctx.down_statements:
            yield self.finding(op, ctx, f"{op.kind.replace('_', ' ')} has no down step for {ctx.dialect}")


@register
class NoLockTimeout(MigrationRule):
    """No lock_timeout / statement_timeout.

    ## What it does
    Reports PostgreSQL scripts that take locks without setting `lock_timeout`
    and `statement_timeout` first (checked once, on the first op).

    ## Why is this bad?
    A DDL statement waiting for a lock queues every later query behind it: one
    long transaction elsewhere stalls the whole table.

    ## Example
    ```sql
    ALTER TABLE orders ADD COLUMN note text;
    ```

    ## Use instead
    ```sql
    SET lock_timeout = '5s';
    SET statement_timeout = '5min';
    ALTER TABLE orders ADD COLUMN note text;
    ```
    """

    code = "TM012"
    name = "no-lock-timeout"
    severity = "medium"
    dialects = frozenset({"postgres"})

    def check(self, op, ctx):
        text = ctx.script_text.lower()
        if ctx.index == 0 and ctx.script_text and ("lock_timeout" not in text or "statement_timeout" not in text):
            yield self.finding(op, ctx, "the script sets no lock_timeout/statement_timeout")


@register
class IntegrityWeakened(MigrationRule):
    """Integrity weakened: a foreign key, NOT NULL or CHECK dropped.

    ## What it does
    Reports foreign keys and checks dropped (and not re-made in the same
    migration) and columns that become nullable.

    ## Why is this bad?
    Data the schema used to refuse can now be written, and later migrations
    that restore the rule may fail on it.

    ## Example
    ```sql
    ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL;
    ```

    ## Use instead
    Make sure the rule is really meant to go; keep it otherwise.
    """

    code = "TM013"
    name = "integrity-weakened"
    severity = "medium"

    def check(self, op, ctx):
        remade = {getattr(x, "key", getattr(x, "check", None)).id for x in ctx.ops
                  if isinstance(x, (o.AddForeignKey, o.AddCheck))}
        if isinstance(op, o.DropForeignKey) and op.key.id not in remade and op.table_id not in _dropped(ctx) \
                and op.key.ref_table not in _dropped(ctx):
            yield self.finding(op, ctx, f"foreign key {op.key.name or ''} is dropped".replace("  ", " "))
        elif isinstance(op, o.DropCheck) and op.check.id not in remade and op.table_id not in _dropped(ctx):
            yield self.finding(op, ctx, f"check ({op.check.expression}) is dropped")
        elif isinstance(op, o.AlterColumn) and "nullable" in op.changes() and op.after.nullable:
            column = ctx.state.table(op.table_id).column(op.after.id).name
            yield self.finding(op, ctx, f"{column} now accepts NULL", column=column)


def _dropped(ctx) -> set[str]:
    return {x.table.id for x in ctx.ops if isinstance(x, o.DropTable)}


@register
class EnumValueRemoved(MigrationRule):
    """An enum value removed or the values reordered.

    ## What it does
    Reports enum values removed (from an enum type or an inline MySQL enum)
    and enum values whose order changes.

    ## Why is this bad?
    Rows holding a removed value make the change fail (or, in MySQL, turn into
    the empty string); reordering changes how the values sort and compare.

    ## Example
    ```sql
    ALTER TABLE orders MODIFY status ENUM('new', 'paid');  -- 'shipped' was removed
    ```

    ## Use instead
    Migrate rows off the value first; add new values at the end.
    """

    code = "TM014"
    name = "enum-value-removed"
    severity = "high"

    def check(self, op, ctx):
        if isinstance(op, o.DropEnumValue):
            yield self.finding(op, ctx, f"enum value {op.value!r} is removed")
        elif isinstance(op, o.AlterColumn) and "type" in op.changes() and op.before.type.values and op.after.type.values:
            before, after = list(op.before.type.values), list(op.after.type.values)
            gone = [v for v in before if v not in after]
            kept = [v for v in after if v in before]
            column = ctx.state.table(op.table_id).column(op.after.id).name
            if gone:
                yield self.finding(op, ctx, f"{column}: enum values {', '.join(map(repr, gone))} removed", column=column)
            elif kept != [v for v in before if v in after]:
                yield self.finding(op, ctx, f"{column}: enum values reordered", column=column)


@register
class DropView(MigrationRule):
    """Dropping a view that is not created again.

    ## What it does
    Reports views and materialized views the migration drops without
    re-creating them (a view dropped and made again around a table change is
    not reported).

    ## Why is this bad?
    A view is often what reports, other services and ad-hoc users read: each
    of them fails from the moment the view is gone, and nothing in the schema
    says who they are.

    ## Example
    ```sql
    DROP VIEW customer_list;
    ```

    ## Use instead
    Find the view's readers first (query logs, `pg_stat_statements`), move
    them off, then drop it in a later migration; or keep it as a compatibility
    view over the new tables.
    """

    code = "TM015"
    name = "drop-view"
    severity = "medium"

    def check(self, op, ctx):
        from tablewright.designer.migrations.raw import VIEW_KINDS, analyse

        if not isinstance(op, o.DropRawObject):
            return
        info = analyse(op.raw)
        if info.kind not in VIEW_KINDS:
            return
        key = info.key(op.raw)
        if not any(isinstance(x, o.CreateRawObject) and analyse(x.raw).key(x.raw) == key for x in ctx.ops):
            yield self.finding(op, ctx, f"{info.kind} {op.raw.name or info.name} is dropped: its readers break")
