"""TW101 missing-primary-key."""

from __future__ import annotations

from tablewright.designer.dialects import is_mysql
from tablewright.designer.model import Table
from tablewright.linting import heuristics as h
from tablewright.designer.edits import SetPrimaryKey
from tablewright.linting.findings import Fix
from tablewright.designer.dialects import quote, quote_qualified
from tablewright.linting.facts import has_role
from tablewright.linting.heuristics import unique_column_sets
from tablewright.linting.rule import Rule, register
from tablewright.linting.rules.schema_design.join_table_without_unique import distinct_targets, is_join_table


def lacks_primary_key(table: Table) -> bool:
    return table.primary_key is None and not table.options.temporary


def settings_row(table: Table, ctx=None) -> bool:
    """A table of at most three columns with no reference (``*_id``), no index and
    no foreign key: one row of settings (``password_configuration``,
    ``email_gateway_salt``, ``platform_banner``), not rows that accumulate."""
    if len(table.columns) > 3 or table.indexes or table.foreign_keys or table.uniques or has_role(table, "log", ctx):
        return False
    for c in table.columns:
        t = h.tokens(c.name)
        if t and t[-1] in ("id", "ids"):
            return False
    return True


_TRANSIENT_TOKENS = frozenset({"staging", "tmp", "temp", "scratch"})
#: tables of one-time codes that expire (Laravel's password_resets: email, token, created_at; Plausible's
#: email_verification_codes): rows pass through; three such tables on unseen schemas were debatable at high
_ONE_TIME_WORDS = frozenset({"reset", "verification", "confirmation", "activation"})


def derived_rows(table: Table, ctx=None) -> str | None:
    """What the table's name says its rows are when they are derived or
    transient -- a cache (``querycache``, ``counters_cache``, ``url_cache``)
    or a staging table, a table of one-time codes (``password_resets``) -- and no
    foreign key points at it: rows rebuilt from elsewhere or passing through.  None otherwise.  (Of the ten such tables
    labelled in the precision set, a missing key was worth critical on three.)"""
    name = table.name.lower()
    words = {h.singular(w) for w in h.tokens(name)}
    kind = "cache" if "cache" in name else "staging" if _TRANSIENT_TOKENS & set(h.tokens(name)) \
        else "one-time code" if words & _ONE_TIME_WORDS and any(
            {"token", "code"} & set(h.tokens(c.name)) for c in table.columns) else None
    if kind is None or ctx is not None and ctx.index.in_links.get(table.id):
        return None
    return kind


#: what a table name says about an archive copy of another table (travis's deleted_jobs, deleted_builds)
_ARCHIVE_WORDS = frozenset({"deleted", "archived", "archive", "removed", "old", "backup", "bak"})


def archive_of(table: Table, ctx) -> Table | None:
    """The table this one archives: its name is another table's with an archive word before or after
    (``deleted_jobs`` of ``jobs``, ``orders_archive`` of ``orders``) and it repeats that table's
    columns; rows moved in keep the ids they had, so the copy's missing key is hygiene."""
    words = h.tokens(table.name)
    if len(words) < 2 or not (words[0] in _ARCHIVE_WORDS or words[-1] in _ARCHIVE_WORDS):
        return None
    rest = words[1:] if words[0] in _ARCHIVE_WORDS else words[:-1]
    original = ctx.find_table("_".join(rest), table.namespace)
    if original is None or original.id == table.id:
        return None
    mine = {c.name.lower() for c in table.columns}
    theirs = {c.name.lower() for c in original.columns}
    return original if theirs and len(mine & theirs) * 4 >= 3 * len(theirs) else None


def _named_reference(words: tuple[str, ...]) -> bool:
    return len(words) > 1 and words[-1] in ("id", "ids")


def link_columns(table: Table) -> list[str]:
    """The references of a link table with no ``id``: every column is NOT NULL and, but for at most
    one value or time beside them, a reference (a foreign key or a ``*_id`` column), two or three of
    them (danbooru's ai_tags (media_asset_id, tag_id, score), travis's users_roles): the references
    are its natural key, which also stops a link being stored twice; a surrogate id would not."""
    if not 2 <= len(table.columns) <= 4 or any(c.nullable for c in table.columns):
        return []
    fk_cols = {c for fk in table.foreign_keys for c in fk.columns}
    refs = [c.id for c in table.columns if c.id in fk_cols or _named_reference(h.tokens(c.name))]
    others = [c for c in table.columns if c.id not in refs]
    # a value beside the references is an attribute (a score, a time), unless it is text: a name is part
    # of what the row is (OMOP's concept_synonym: a concept's synonyms per language)
    if any(h.kind(c.type) in h.STRINGS for c in others):
        return []
    return refs if 2 <= len(refs) <= 3 and len(others) <= 1 else []


def join_references(table: Table, ctx) -> list[str]:
    """The pair of a join table (TW107's: two or more references and only bookkeeping beside them), which
    TW107 leaves to this rule when the table has no key at all (one defect, one finding)."""
    if not is_join_table(table):
        return []
    nullable = {c.id for c in table.columns if c.nullable}
    pick = distinct_targets(list(table.foreign_keys), nullable)
    if len(pick) != 2:
        return []  # three or more parents: which of them identify a row, the DDL does not tell
    ids: list[str] = []
    for fk in pick:
        ids += [c for c in fk.columns if c not in ids]
    return ids


def _keyless(findings, ctx) -> list:
    """The findings about tables with no identity at all (not a unique key, a log, a
    settings row, a cache: those have one in practice, or need none)."""
    out = []
    for f in findings:
        table = ctx.table(f.table_id)
        if table is not None and lacks_primary_key(table) and identity_note(table, ctx) is None:
            out.append(f)
    return out


def unique_expression_key(table: Table) -> bool:
    """A non-partial unique index over expressions of NOT NULL columns only
    (``UNIQUE (lower(name))`` with ``name NOT NULL``): every row has a distinct,
    non-null key, just not one a primary key can declare."""
    notnull = {c.name.lower() for c in table.columns if not c.nullable}
    by_id = {c.id: c for c in table.columns}
    for ix in table.indexes:
        if not ix.unique or ix.predicate or not any(e.expression for e in ix.elements):
            continue
        ok = True
        for e in ix.elements:
            if e.column:
                ok = by_id.get(e.column) is not None and not by_id[e.column].nullable
            else:
                cols = h.referenced_columns(e.expression or "")
                ok = bool(cols) and cols <= notnull
            if not ok:
                break
        if ok:
            return True
    return False


def parent_of(table: Table, ctx) -> Table | None:
    parent = table.options.partition_of or (table.options.inherits[0] if table.options.inherits else None)
    return ctx.table(parent) if parent else None


def partition_columns(table: Table) -> list[str] | None:
    """The ids of the columns a partitioned table is partitioned by, which its primary key must
    include (PostgreSQL and MySQL refuse a key without them: ThingsBoard's alarm_comment, partitioned by
    created_time, FRESH15); [] when not partitioned; None when partitioned by an expression, which no
    primary key can include."""
    spec = table.options.partition_by
    if not spec:
        return []
    inner = spec[spec.find("(") + 1: spec.rfind(")")] if "(" in spec else ""
    names = h.referenced_columns(spec)
    ids = [c.id for c in table.columns if c.name.lower() in names]
    if not inner or "(" in inner or len(ids) != len(names):
        return None
    return ids


def _add_pk_sql(table: Table, dialect) -> str | None:
    """A new key column is two model changes (the column, the key) that the
    migrations planner cannot yet carry out in one step where the engine needs
    it (MySQL's AUTO_INCREMENT must come with its key; SQLite rebuilds), so this
    fix has no model edit and says its SQL itself.  A partitioned table's key
    includes its partition columns (PostgreSQL 15 has no identity column on a
    partitioned table: a bigserial); None when it cannot have one.  On MySQL the
    new column is INVISIBLE (MariaDB 10.3, MySQL 8.0.23): an application that
    inserts by position (``INSERT INTO t VALUES (a, b)``, Centreon's link tables,
    FRESH16) or reads ``SELECT *`` keeps working; PostgreSQL fills a trailing
    column left out of a positional INSERT from its default."""
    t = quote_qualified(table.namespace, table.name, dialect)
    part = partition_columns(table)
    if part is None:
        return None
    if part:
        cols = ", ".join(["id", *(quote(n, dialect) for n in table.column_names(part))])
        if is_mysql(dialect):
            return (f"ALTER TABLE {t} ADD COLUMN id BIGINT NOT NULL INVISIBLE AUTO_INCREMENT FIRST, "
                    f"ADD PRIMARY KEY ({cols});")
        return f"ALTER TABLE {t} ADD COLUMN id bigserial, ADD PRIMARY KEY ({cols});"
    if is_mysql(dialect):
        return f"ALTER TABLE {t} ADD COLUMN id BIGINT NOT NULL INVISIBLE AUTO_INCREMENT PRIMARY KEY FIRST;"
    if dialect == "mssql":
        return f"ALTER TABLE {t} ADD id BIGINT IDENTITY PRIMARY KEY;"
    if dialect == "sqlite":
        return f"-- SQLite: rebuild {t} with id INTEGER PRIMARY KEY."
    return f"ALTER TABLE {t} ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;"


def identity_note(table: Table, ctx) -> str | None:
    """Why a table without a primary key has an identity in practice, or needs none (a unique
    key, a set of values, a cache, a log, a settings row, an archive copy): the note the finding
    carries; None for a table with no identity at all."""
    if any(all(not c.nullable for c in table.columns if c.id in s) for s in unique_column_sets(table)) \
            or unique_expression_key(table):
        # the unique NOT NULL key does the primary key's work (InnoDB clusters on
        # it, PostgreSQL can use it as replica identity): declaring it is hygiene
        return " (a unique NOT NULL key exists: declare it as the primary key)"
    if sets := [s for s in unique_column_sets(table) if s]:
        # a unique over nullable columns: rows have an identity in practice, the key is not declared
        cols = table.column_names(sorted(sets[0], key=[c.id for c in table.columns].index))
        return (f" (UNIQUE ({', '.join(cols)}) identifies its rows, but lets NULLs repeat and cannot be "
                "PostgreSQL's replica identity: make its columns NOT NULL and declare it the key)")
    if len(table.columns) == 1 and not table.columns[0].nullable:
        return (" (one NOT NULL column: a set or a queue of values; make the column the key unless the same value "
                "must be held twice)")
    if kind := derived_rows(table, ctx):
        return (f" (its name says it is a {kind} table and nothing references it: rows rebuilt from elsewhere or "
                "passing through; a key still stops duplicates and gives replicas a row identity)")
    if has_role(table, "log", ctx):
        return (" (a log: rows are appended and read in bulk, never addressed one by one; a key still tells "
                "duplicates apart and gives replicas a row identity)")
    if settings_row(table, ctx):
        return " (it looks like a single-row settings table: no references, no indexes; a key still guards against a second row)"
    if (original := archive_of(table, ctx)) is not None:
        return (f" (an archive copy of {original.qualified_name}: rows moved here keep the ids they had; declaring "
                "the key is hygiene)")
    return None


@register
class MissingPrimaryKey(Rule):
    """A table has no primary key.

    ## What it does
    Reports tables without a primary key, at *medium*.  A declarative partition
    whose parent has a primary key is fine (PostgreSQL creates the key on
    every partition); an inheritance child whose parent has one is reported
    too (keys are not inherited).  The message says what identity the table
    has in practice, when it has one: a unique key over NOT NULL or nullable
    columns, a set of values, a cache, staging or one-time-code table that
    nothing references, a log, a settings row, an archive copy.  A table of
    two references is named as the link it is, with the pair as its key.
    When most tables have no key at all, that is the schema's habit: one
    finding says so, and each table stays listed, with its fix.  On a
    partitioned table the key offered includes the partition columns, as the
    engine requires.

    ## Why is this bad?
    Without a primary key rows cannot be addressed one by one: duplicates
    creep in, logical replication and most ORMs refuse the table, MySQL Group
    Replication and Galera refuse writes to it, and updates from tools touch
    more rows than meant.

    Medium, not RULES.md's critical nor high: whether the missing key is a
    defect to fix before production depends on how the application uses the
    table, which the DDL does not show.  On 59 real application schemas nobody
    had read, a strict reviewer signed 81 of 134 findings at high (60%): the
    rest were true and overstated (a collection the application rewrites, a
    link whose duplicates change nothing, a trigger-maintained delta log, a
    cache, a table nothing writes any more) or the fix broke the application.
    No structural test told the two apart (link or not, referenced by name or
    not, dialect, foreign keys on the table: 41% to 72%).

    ## Example
    ```sql
    CREATE TABLE events (name text, happened_at timestamptz);
    ```

    ## Use instead
    ```sql
    CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                         name text, happened_at timestamptz);
    ```
    """

    code = "TW101"
    name = "missing-primary-key"
    category = "schema-design"
    severity = "medium"
    scope = "neighbours"
    convention = True
    convention_members = "medium"  # each table keeps its fix under the one finding

    def convention_holds(self, ctx, findings):
        """Most tables have no key at all (no primary key, nothing unique that
        identifies a row): the schema does without them (a MyISAM-era
        application), one thing to tell, not one per table."""
        keyless = _keyless(findings, ctx)
        return len(keyless) >= 5 and 2 * len(keyless) >= len(ctx.schema.tables)

    def convention_severity(self, ctx):
        return "medium"

    def convention_summary(self, ctx, findings):
        return (f"{len(_keyless(findings, ctx))} of the schema's {len(ctx.schema.tables)} tables have no primary key "
                "and nothing unique: rows cannot be told apart or addressed one by one, duplicates go unnoticed, "
                "and replication and most tools need a key. Each table is listed with its fix")

    def check_table(self, table, ctx):
        if not lacks_primary_key(table):
            return None
        parent = parent_of(table, ctx)
        if parent is not None and parent.primary_key is not None and table.options.partition_of:
            return None
        if h.is_framework_table(table) and not unique_column_sets(table) and not unique_expression_key(table):
            return None  # a migration tool's bookkeeping table, shaped by the tool
        soft = identity_note(table, ctx)
        note = soft or ""
        if parent is not None and parent.primary_key is not None:
            note = f" (its parent {parent.qualified_name} has one; keys are not inherited)"
        fix = None
        idcol = table.column_named("id")
        link = link_columns(table) if idcol is None else []
        if not link and idcol is None and soft is None and not ctx.incoming(table.id):
            link = join_references(table, ctx)
        if link and soft is None:
            # the references are the natural key; the fix offered still adds a surrogate id, which works on
            # the rows there are (Tuleap's seed data holds the same link twice: PRIMARY KEY (object_id,
            # ugroup_id) fails on it)
            names = ", ".join(table.column_names(link))
            note = (f" (a link between {names}: its key is ({names}), which also stops the same link being "
                    "stored twice; remove the duplicates there are and declare it, or add a surrogate id, which "
                    "does not stop them)")
        part = partition_columns(table)
        # the unique NOT NULL key the note names becomes the primary key (a surrogate id beside an
        # AUTO_INCREMENT unique column is refused by MySQL: Centreon's traps.traps_id)
        order = [c.id for c in table.columns]
        natural = next((sorted(u, key=order.index) for u in unique_column_sets(table)
                        if u and all(not c.nullable for c in table.columns if c.id in u)), None)
        # an auto-numbered NOT NULL column is the surrogate already (MySQL allows one): it becomes the key
        auto = next((c for c in table.columns if (c.autoincrement or c.identity is not None) and not c.nullable),
                    None)
        if auto is not None and idcol is None:
            idcol = auto
        if part is None:
            fix = None  # partitioned by an expression: no primary key can include it
        elif idcol is not None or natural is not None:
            from tablewright.designer.model import PrimaryKey, derived_id

            first = [idcol.id] if idcol is not None else natural
            key = [*first, *(c for c in part if c not in first)]
            fix = Fix(f"make ({', '.join(table.column_names(key))}) the primary key",
                      edit=SetPrimaryKey(table.id, PrimaryKey(derived_id("pk", table.id), key)),
                      schema=ctx.schema)
        else:
            fix = Fix("add a surrogate primary key", _add_pk_sql(table, ctx.dialect))
        return [self.finding(table, f"table {table.qualified_name} has no primary key{note}", fix=fix)]
