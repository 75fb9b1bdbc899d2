"""TW103 implied-foreign-key."""

from __future__ import annotations

from tablewright.designer.dialects import is_mysql
from tablewright.designer.model import Column, ForeignKey, Table, derived_id, names_in_namespace, object_name
from tablewright.linting import heuristics as h
from tablewright.designer.edits import AddItem
from tablewright.linting.findings import Fix
from tablewright.linting.heuristics import singular, tokens, type_family
from tablewright.linting.rule import Rule, register
from tablewright.linting.rules.schema_design.missing_primary_key import parent_of
from tablewright.linting.rules.schema_design.non_transactional_engine import ignores_foreign_keys

#: role names that point at the users table when one exists
USER_ROLES = frozenset({"owner", "author", "creator", "assignee", "reporter", "approver", "updater", "editor",
                        "reviewer", "publisher", "submitter", "requester", "modifier", "verifier", "moderator"})
#: a reference to another row of the same table: parent_id, previous_subscription_id, voided_invoice_id
SELF_WORDS = frozenset({"parent", "previous", "prev", "next", "original", "root", "replaced", "superseded",
                        "voided", "merged", "duplicate", "source"})


#: routing keys: a shard, partition or bucket number decides where a row lives; matched by
#: name to a ``shards`` table it is a configuration lookup, not a parent (Temporal's 18
#: ``shard_id`` columns), and a key would add a parent lookup to every insert on the hot path
ROUTING_WORDS = frozenset({"shard", "partition", "bucket"})


def referenced_name(column_name: str) -> tuple[str, ...] | None:
    """``user_id``/``userId``/``UserID`` -> ('user',); None when the name does not end in id
    (or names a routing key: ``shard_id``)."""
    t = tokens(column_name)
    if len(t) < 2 or t[-1] != "id" or t[-2] in ROUTING_WORDS:
        return None
    return t[:-1]


def implied_target(table: Table, column: Column, ctx) -> Table | None:
    stem = referenced_name(column.name)
    if not stem:
        return None
    if polymorphic(table, stem):
        return None  # owner_type + owner_id: a reference to one of several tables (TW111 says so)
    own = tokens(table.name)
    if own and table.primary_key and len(table.primary_key.columns) == 1 and table.primary_key.columns[0] != column.id:
        own_noun = singular(own[-1])
        if stem == ("parent",) or (len(stem) > 1 and singular(stem[-1]) == own_noun and stem[0] in SELF_WORDS):
            return table  # a self-reference under another name
    wanted = "_".join(stem)
    single = singular(stem[-1])
    candidates = [wanted, "_".join((*stem[:-1], single)), "_".join((*stem[:-1], single + "s")),
                  "".join(stem), "_".join((*stem[:-1], single[:-1] + "ies")) if single.endswith("y") else None]
    if single in USER_ROLES:
        candidates += ["users", "user"]
    for name in candidates:
        if not name:
            continue
        target = ctx.find_table(name, table.namespace)
        if target is None:
            target = ctx.find_table(name)
        if target is not None and target.primary_key and len(target.primary_key.columns) == 1:
            return target
    return None


def ambiguous(table: Table, column: Column, target: Table, ctx) -> Table | None:
    """Another table keyed by the same column name, that is not a child of the
    target (its key is no foreign key): the values may belong to either
    (zotero's fieldsCombined, filled from fields and customFields).  When this
    table is itself keyed by the column and repeats the target's other columns,
    it is such a copy, and the other table is the target."""
    name = column.name.lower()
    pk = table.primary_key.columns if table.primary_key else []
    if pk == [column.id] and not any(column.id in fk.columns for fk in table.foreign_keys) \
            and len(repeated(table, column, target)) >= 2:
        return target
    for t in ctx.schema.tables:
        if t.id in (table.id, target.id) or t.primary_key is None or len(t.primary_key.columns) != 1:
            continue
        key = t.column(t.primary_key.columns[0]) if hasattr(t, "column") else None
        if key is None or key.name.lower() != name or any(key.id in fk.columns for fk in t.foreign_keys):
            continue
        return t
    return None


def repeated(table: Table, column: Column, target: Table) -> list[str]:
    """The target's columns besides its key that ``table`` has too (besides ``column``), in the target's order."""
    own = {c.name.lower() for c in table.columns if c is not column}
    key = target.primary_key.columns if target.primary_key else []
    return [c.name for c in target.columns if c.id not in key and c.name.lower() in own]


def ambiguity(table: Table, column: Column, target: Table, other: Table) -> str:
    """What :func:`ambiguous` found, said plainly: this table a copy of the target (keyed alike,
    repeating its columns), or a third table keyed by a column of the same name."""
    if other.id == target.id:
        shared = repeated(table, column, target)
        said = ", ".join(shared[:3]) + (f" and {len(shared) - 3} more" if len(shared) > 3 else "")
        return (f"{table.name} shares its key {column.name} with {target.qualified_name} and repeats its columns "
                f"{said}: it looks like a copy of {target.qualified_name}; check that no "
                f"{table.name} row outlives its {target.qualified_name} row before adding the key")
    return (f"{other.qualified_name} is keyed by a column named {column.name} too, a key of its own (no foreign "
            f"key): the values may belong to {other.qualified_name}, not {target.qualified_name}; check which "
            "table they come from before adding the key")


def sentinel_zero(column: Column) -> bool:
    """``DEFAULT 0`` on a reference: the application writes 0 for "no parent",
    which no foreign key accepts (kanboard's ``owner_id``)."""
    return (column.default or "").strip().strip("'\"()") == "0"


def own_noun_key(table: Table, column: Column) -> bool:
    """The table's single-column key named after the table's own noun: ``remoteambaricluster.cluster_id``
    (a remote cluster, numbered by its own sequence): its own id, not a 1:1 extension keyed by a
    parent's (``user_profiles.user_id`` stays one)."""
    stem = referenced_name(column.name)
    if not stem:
        return False
    noun = singular(stem[-1])
    words = tokens(table.name)
    last = singular(words[-1]) if words else ""
    return len(words) == 1 and last.endswith(noun) and last != noun


def polymorphic(table: Table, stem: tuple[str, ...]) -> bool:
    """A ``<stem>_type`` (or ``<stem>Type``) column beside ``<stem>_id``."""
    want = (*stem, "type")
    return any(tokens(c.name) == want for c in table.columns)


def engine_refuses(column: Column, ref_col: Column, dialect: str | None) -> bool:
    """MySQL and MariaDB refuse a foreign key between integer columns of different size or sign
    (errno 150: TheyWorkForYou's ``int`` references to ``mediumint`` keys): the key the finding
    asks for cannot be added until the types agree."""
    if not (is_mysql(dialect) and h.is_integer(column.type) and h.is_integer(ref_col.type)):
        return False
    a, b = _mysql_integer(column), _mysql_integer(ref_col)
    return a is not None and b is not None and (a != b or column.type.unsigned != ref_col.type.unsigned)


def _mysql_integer(column: Column):
    """sqlglot's type of the integer as written (``mediumint(9)``: MEDIUMINT; the model's kind is
    ``integer`` for both), MySQL's SERIAL being BIGINT UNSIGNED; None when sqlglot cannot read it."""
    # sqlglot only when a MySQL reference lacks its key (a warm run reads no SQL)
    from sqlglot import exp  # noqa: PLC0415
    from tablewright.designer.sql_split import SQLGLOT_FAILURES  # noqa: PLC0415

    try:
        kind = exp.DataType.build(column.type.text or column.type.kind, dialect="mysql").this
    except SQLGLOT_FAILURES:
        return None
    return exp.DataType.Type.UBIGINT if kind == exp.DataType.Type.SERIAL else kind


def fk_columns(table: Table) -> set[str]:
    return {c for fk in table.foreign_keys for c in fk.columns}


@register
class ImpliedForeignKey(Rule):
    """A column names another table but has no foreign key.

    ## What it does
    Reports columns named after another table (`user_id`, `userId`,
    `owner_id` when there is a `users` table) whose type matches that table's
    primary key, but which no foreign key covers.

    ## Why is this bad?
    Without the constraint nothing stops orphans: rows pointing at deleted or
    never-existing parents, found only when a join silently drops them.

    Medium, not high: whether the missing key is a defect depends on what the
    application writes, which the DDL does not show: 0 or a placeholder for
    "none", a log or cache that must outlive its parent, a denormalised copy,
    a table nothing writes any more, a cascade the key would have to carry.
    On 59 real application schemas nobody had read, a strict reviewer signed
    48 of 86 findings at high (56%); no structural test reached 90% (the
    target keyed elsewhere, the same column name keyed elsewhere, the table's
    own keys: 0% to 69%), and the schema-wide finding 13 of 17.

    ## Example
    ```sql
    CREATE TABLE users (id bigint PRIMARY KEY);
    CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint NOT NULL);
    ```

    ## Use instead
    ```sql
    CREATE TABLE posts (id bigint PRIMARY KEY,
                        user_id bigint NOT NULL REFERENCES users (id));
    ```
    """

    code = "TW103"
    name = "implied-foreign-key"
    category = "schema-design"
    severity = "medium"
    triggers = frozenset({"has:xid"})
    scope = "schema"
    facts = ("tables",)
    convention = True

    def convention_holds(self, ctx, findings):
        """More implied references than declared foreign keys: the schema leaves
        integrity to the application (Rails before 4.2, MyISAM-era PHP)."""
        declared = sum(len(t.foreign_keys) for t in ctx.schema.tables)
        return len(findings) >= 5 and len(findings) > declared

    def convention_severity(self, ctx):
        return "medium"

    def convention_summary(self, ctx, findings):
        declared = sum(len(t.foreign_keys) for t in ctx.schema.tables)
        return (f"the schema declares {declared} foreign key{'s' if declared != 1 else ''} but more columns "
                "reference other tables by name: referential integrity is left to the application, and orphans "
                "go unnoticed until a join drops them")

    def check_table(self, table, ctx):
        covered = fk_columns(table)
        cands = [c for c in table.columns if c.id not in covered and referenced_name(c.name) is not None]
        if not cands or ignores_foreign_keys(table):
            # every *_id column has its foreign key (the common case); or the engine (MyISAM) keeps none:
            # TW118 says so, and a key added here would be parsed and dropped
            return []
        parents = {p.id for p in [parent_of(table, ctx)] if p is not None}
        pk = set(table.primary_key.columns) if table.primary_key else set()
        out = []
        for column in cands:
            target = implied_target(table, column, ctx)
            if target is None or target.id == table.id and column.id in pk or target.id in parents:
                continue
            ref_col = target.column(target.primary_key.columns[0])
            if type_family(ref_col.type) != type_family(column.type) or ignores_foreign_keys(target):
                continue
            refused = engine_refuses(column, ref_col, ctx.dialect)
            if target.id != table.id and column.id in pk and len(pk) == 1 and own_noun_key(table, column):
                continue  # the table's own id, named after its own noun (remoteambaricluster.cluster_id)
            zero = sentinel_zero(column)
            # a tree whose parent column cannot be NULL: its root row holds a sentinel (0, or
            # its own id), and a key rejects the 0 (zoph's World place, parent 0, inserted as seed)
            root = target.id == table.id and not column.nullable and not zero
            # a reference to the table's own rows by name only: the parent may be deleted first on
            # purpose (a case that completes while its child runs), kept elsewhere (Flowable's
            # parent_deployment_id_ names another engine's deployment) or never recorded (history):
            # 7 of 11 such findings on unseen workflow schemas were wrong at high
            itself = target.id == table.id
            history = ctx.has_role(table, "log") or ctx.has_role(table, "audit")
            other = ambiguous(table, column, target, ctx)
            if other is not None:
                history = False
            name = object_name(table.name, column.name, "fkey", names_in_namespace(ctx.schema, table.namespace))
            fk = ForeignKey(derived_id("fk", table.id, column.id), [column.id], target.id, [ref_col.id], name=name)
            out.append(self.finding(
                table,
                f"{table.name}.{column.name} looks like a reference to {target.qualified_name}.{ref_col.name} "
                "but has no foreign key" + (" (its default 0 stands for 'none': make that NULL before adding the "
                                            "key, or the key rejects existing rows)" if zero else "")
                + (f" ({column.name} is NOT NULL, so the root row holds a sentinel: if it is 0, make {column.name} "
                   "nullable and the root's NULL before adding the key, or the key rejects the root)" if root else "")
                + (" (a reference to the table's own rows: check that a parent is never deleted before its "
                   "children, nor named from another table, before adding the key)" if itself and not root else "")
                + (" (a log or history table often keeps rows of deleted parents on purpose)" if history else "")
                + (f" ({ambiguity(table, column, target, other)})" if other is not None else "")
                + (f" ({column.name} is {column.type} and {ref_col.name} is {ref_col.type}: MySQL refuses a key "
                   "between integers of different size or sign, so align the types first)" if refused else ""),
                column=column,
                severity="medium" if zero or itself or history or other is not None or refused else None,
                # no fix where the rows there are would refuse the key: a 0 for "none", a root's sentinel
                fix=None if refused or zero or root else Fix(f"add a foreign key to {target.qualified_name}",
                                             edit=AddItem(table.id, fk), schema=ctx.schema),
            ))
        return out
