"""Raw objects in migrations: the statements the model keeps verbatim (views,
materialized views, triggers, indexes on views, functions, grants, comments …).

Matching.  Ids of imported raw objects come from source locations, so objects
are matched by kind, schema and name (a function's name carries its
signature); statements without a name (grants, comments) by their SQL,
whitespace aside.  A matched object whose SQL differs is re-made.

What a view reads is read with sqlglot (the tables and views after FROM/JOIN,
CTE names aside, and the columns it names; ``*`` stands for every column).  A
statement that belongs to another object (an index or trigger on a view, a
grant, a comment) depends on the object after its ``ON``.

Which objects are re-made: those whose SQL changed, every view that reads a
table or column this migration drops, renames, moves or re-types (PostgreSQL
refuses to drop or alter a column a view uses; SQLite refuses to drop it; MySQL
leaves the view broken), a view with ``*`` over a table whose columns change
(the engine expanded the ``*`` when the view was made), and, transitively,
what depends on anything dropped: views over views, indexes, triggers, grants
and comments on them (dropping the view takes those with it).

Order (see ``compare``): the views and their dependents that go or are re-made
are dropped first, dependents before what they depend on; then the table
changes; then the objects are created, in dependency order.  Kinds whose DROP
cannot be written reliably (a function's needs its exact signature, a grant's
reverse is not derivable) are never dropped by the script: the plan warns that
the step must be written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from tablewright.designer.dialects import DEFAULT_NAMESPACE, same_family
from tablewright.designer.migrations import ops as o
from tablewright.designer.model import RawObject, Schema
from tablewright.designer.raw_kinds import created_kind, phase
from tablewright.designer.mysql_session import definition
from tablewright.designer.sql_split import SQLGLOT_DIALECT, SQLGLOT_FAILURES, head_keywords, sql_tokens
from tablewright.designer.view_sql import VIEW_KINDS
#: kinds whose DROP can be written from the statement (with its name; an index or trigger also names its table)
DROPPABLE = (*VIEW_KINDS, "index", "trigger", "rule")
#: statements that belong to the object named after their ON (a rule: after ON <event> TO; or after ALTER <kind>)
DEPENDENT = ("index", "trigger", "rule", "policy", "comment", "grant", "revoke")
#: named objects whose name is unique per table only (PostgreSQL triggers, rules and policies; MySQL indexes)
PER_TABLE = ("index", "trigger", "rule", "policy")
#: kept verbatim but modelled as tables too (compared as tables, not here)
MODELLED = ("virtual table",)
#: words between ON and the object's name
_OBJECT_WORDS = {"TABLE", "VIEW", "MATERIALIZED", "COLUMN", "ONLY", "FOREIGN", "IF", "EXISTS"}
#: what a grant or comment may be on that is no table or view
_NOT_RELATION = {"SCHEMA", "DATABASE", "FUNCTION", "PROCEDURE", "ROUTINE", "AGGREGATE", "SEQUENCE", "TYPE",
                 "DOMAIN", "LANGUAGE", "TABLESPACE", "SERVER", "LARGE", "INDEX", "TRIGGER", "CONSTRAINT", "RULE",
                 "POLICY", "EXTENSION", "COLLATION", "CONVERSION", "OPERATOR", "CAST", "ROLE", "EVENT", "TEXT",
                 "PUBLICATION", "SUBSCRIPTION", "STATISTICS", "TRANSFORM", "ACCESS", "ALL"}
_NOT_A_NAME = {"AS", "ON", "WITH", "FOR", "AFTER", "BEFORE", "INSTEAD", "USING", "IS", "TO", "FROM", "SELECT"}
#: what may follow a view's query: WITH [NO] DATA, WITH [CASCADED|LOCAL] CHECK OPTION
_TRAILERS = (("WITH", "DATA"), ("WITH", "NO", "DATA"), ("WITH", "CHECK", "OPTION"),
             ("WITH", "CASCADED", "CHECK", "OPTION"), ("WITH", "LOCAL", "CHECK", "OPTION"))


def carried(raw: RawObject, dialect: str) -> bool:
    """Whether ``raw``'s SQL runs on ``dialect`` as written (as DDL export decides)."""
    return same_family(raw.dialect, dialect)


def statement(raw: RawObject) -> str:
    return raw.sql.strip().rstrip(";").rstrip()


def normalized(sql: str) -> str:
    return " ".join(sql.split()).rstrip(";").rstrip()


def label(raw: RawObject) -> str:
    return o._raw_label(raw)


# -- reading one statement ------------------------------------------------------------------------


@dataclass(frozen=True)
class Info:
    """What a raw statement is: its kind (views told apart from materialized
    views by their SQL), schema and name, the name as written (for DROP), the
    object it belongs to, and, for a view, what it reads."""

    kind: str
    namespace: str | None = None
    name: str | None = None
    name_sql: str | None = None
    target: tuple[str | None, str] | None = None  # (schema, name) after ON, lower case
    target_sql: str | None = None
    target_namespace_sql: str | None = None
    reads: frozenset = frozenset()  # (schema, name) lower case
    columns: frozenset | None = frozenset()  # lower-case column names; None: all (a * or not parsed)

    def key(self, raw: RawObject) -> tuple:
        if self.name:
            return (self.kind, self.namespace, self.name.lower(), self.target if self.kind in PER_TABLE else None)
        return ("", normalized(raw.sql))


def _namespace(part: str | None, dialect: str) -> str | None:
    if not part:
        return None
    part = part.lower()
    return None if part == DEFAULT_NAMESPACE.get(dialect) else part


def _is_name(token) -> bool:
    kind = token.token_type.name
    return kind in ("VAR", "IDENTIFIER") or (token.text.isidentifier() and token.text.upper() not in _NOT_A_NAME)


def _dotted(tokens, i: int, sql: str) -> tuple[list[tuple[str, str]], int]:
    """The dotted name at token ``i``: its parts as (name, text as written), and the index after it."""
    parts = []
    while i < len(tokens) and _is_name(tokens[i]):
        parts.append((tokens[i].text, sql[tokens[i].start:tokens[i].end + 1]))
        i += 1
        if i + 1 < len(tokens) and tokens[i].token_type.name == "DOT":
            i += 1
            continue
        break
    return parts, i


def _skip(words: list[str], i: int, *skip: str) -> int:
    while i < len(words) and words[i] in skip:
        i += 1
    return i


@lru_cache(maxsize=4096)
def _analyse(kind: str, name: str | None, sql: str, dialect: str) -> Info:
    tokens = sql_tokens(sql, dialect) or []
    words = [t.text.upper() for t in tokens]
    head = words[:40]
    at = None
    family = kind
    created, where = created_kind(head) if head[:1] == ["CREATE"] else ("", 0)
    if kind in VIEW_KINDS and created in ("VIEW", "MATERIALIZED") and "VIEW" in head[where:where + 2]:
        at = where + (created == "MATERIALIZED")
        family = "materialized view" if created == "MATERIALIZED" else "view"
    elif kind in PER_TABLE and created == kind.upper():
        at = where
    info = {"kind": family, "name": name}
    if at is not None:
        i = _skip(words, at + 1, "CONCURRENTLY", "IF", "NOT", "EXISTS")
        parts, _ = _dotted(tokens, i, sql)
        if parts:
            info["name"] = parts[-1][0]
            info["namespace"] = _namespace(parts[-2][0] if len(parts) > 1 else None, dialect)
            info["name_sql"] = ".".join(text for _, text in parts)
    elif name and kind in DROPPABLE:
        info["name"] = name.split(".")[-1]
    target = _target(kind, tokens, words, sql, dialect)
    if target is not None:
        info["target"], info["target_sql"], info["target_namespace_sql"] = target
    if family in VIEW_KINDS and at is not None:
        info["reads"], info["columns"] = _view_reads(sql, dialect)
    return Info(**info)


def analyse(raw: RawObject) -> Info:
    return _analyse(raw.kind, raw.name, definition(raw.sql, raw.dialect), raw.dialect)


def _target_parts(kind: str, tokens, words: list[str], sql: str) -> tuple[list[tuple[str, str]], int] | None:
    """The name of the object a dependent statement belongs to: its parts as (name, text as written),
    and the index of the token of its last part."""
    if kind.startswith("alter "):
        i = _skip(words, 1, "VIEW", "MATERIALIZED", "TABLE", "INDEX", "IF", "EXISTS")
        column = False
    elif kind in DEPENDENT and "ON" in words[1:]:
        i = words.index("ON", 1) + 1
        if kind == "rule":  # CREATE RULE r AS ON INSERT TO t
            i = words.index("TO", i) + 1 if "TO" in words[i:] else len(words)
        column = i < len(words) and words[i] == "COLUMN"
        i = _skip(words, i, *_OBJECT_WORDS)
    else:
        return None
    if i < len(words) and words[i] in _NOT_RELATION:  # GRANT … ON SCHEMA s, ON ALL TABLES IN SCHEMA s, …
        return None
    parts, _ = _dotted(tokens, i, sql)
    if column:
        parts = parts[:-1]
    return (parts, i + 2 * (len(parts) - 1)) if parts else None


def _target(kind: str, tokens, words: list[str], sql: str, dialect: str):
    """The object a dependent statement belongs to: (schema, name) lower case,
    its text as written, and its schema part as written."""
    found = _target_parts(kind, tokens, words, sql)
    if found is None:
        return None
    parts = found[0]
    ns = parts[-2][0] if len(parts) > 1 else None
    return ((_namespace(ns, dialect), parts[-1][0].lower()), ".".join(t for _, t in parts),
            parts[-2][1] if len(parts) > 1 else None)


def target_name(kind: str, sql: str, dialect: str) -> tuple[str | None, str, int, int] | None:
    """The object the dependent statement ``sql`` (a trigger, index, rule, policy, comment, grant or
    ALTER of kind ``kind``, as kept) belongs to: its schema part and name as written (unquoted), and where
    the name is in ``sql`` (start, end, quotes included); None when it names none."""
    tokens = sql_tokens(sql, dialect) or []
    found = _target_parts(kind, tokens, [t.text.upper() for t in tokens], sql)
    if found is None:
        return None
    parts, last = found
    start, end = tokens[last].start, tokens[last].end + 1
    while start > 0 and end < len(sql) and sql[start - 1] in "\"`[" and sql[end] in "\"`]":
        start, end = start - 1, end + 1
    return (parts[-2][0] if len(parts) > 1 else None), parts[-1][0], start, end


@lru_cache(maxsize=4096)
def _view_reads(sql: str, dialect: str) -> tuple[frozenset, frozenset | None]:
    """The relations a view reads ((schema, name), lower case) and the columns
    it names (None: every column, for a ``*`` or a query sqlglot does not read)."""
    import sqlglot
    from sqlglot import exp

    read = SQLGLOT_DIALECT.get(dialect)
    query = None
    try:
        tree = sqlglot.parse_one(sql, read=read)
        if isinstance(tree, exp.Create) and isinstance(tree.expression, exp.Expression):
            query = tree.expression
    except SQLGLOT_FAILURES:
        pass
    if query is None:  # e.g. CREATE MATERIALIZED VIEW … WITH NO DATA: the query after AS
        body = _query_text(sql, dialect)
        if body:
            try:
                query = sqlglot.parse_one(body, read=read)
            except SQLGLOT_FAILURES:
                query = None
    if query is None or isinstance(query, exp.Command):
        names = frozenset((None, t.text.lower()) for t in sql_tokens(sql, dialect) or ()
                          if t.token_type.name in ("VAR", "IDENTIFIER"))
        return names, None
    ctes = {c.alias_or_name.lower() for c in query.find_all(exp.CTE)}
    reads = set()
    for table in query.find_all(exp.Table):
        if not table.name:
            continue
        schema = _namespace(table.db, dialect)
        if schema is None and table.name.lower() in ctes:
            continue
        reads.add((schema, table.name.lower()))
    star = any(isinstance(e, exp.Star) or isinstance(e, exp.Column) and isinstance(e.this, exp.Star)
               for select in query.find_all(exp.Select) for e in select.expressions)
    columns = None if star else frozenset(c.name.lower() for c in query.find_all(exp.Column) if c.name)
    return frozenset(reads), columns


def _query_text(sql: str, dialect: str) -> str | None:
    """The query of a CREATE [MATERIALIZED] VIEW … AS <query> [WITH … DATA | CHECK OPTION]."""
    tokens = sql_tokens(sql, dialect) or []
    depth = 0
    start = None
    for i, token in enumerate(tokens):
        kind = token.token_type.name
        depth += kind == "L_PAREN"
        depth -= kind == "R_PAREN"
        if depth:
            continue
        if start is None:
            if kind == "ALIAS":
                start = token.end + 1
        elif kind == "WITH":
            rest = tuple(t.text.upper() for t in tokens[i:] if t.token_type.name != "SEMICOLON")
            if rest in _TRAILERS:  # the statement ends with it
                return sql[start:token.start].strip().rstrip(";")
    return sql[start:].strip().rstrip(";") if start is not None else None


def drop_sql(raw: RawObject, dialect: str) -> str | None:
    """The statement that drops ``raw`` on ``dialect``, or None where it cannot
    be written reliably (a function needs its exact signature; a grant or a
    comment has no DROP)."""
    if raw.kind == "constraint" and dialect == "postgres":
        return _drop_constraint_sql(raw)
    info = analyse(raw)
    name = info.name_sql
    if not name:
        return None
    if info.kind == "view":
        return f"DROP VIEW {name}"
    if info.kind == "materialized view":
        return f"DROP MATERIALIZED VIEW {name}" if dialect == "postgres" else None
    if info.kind == "index":
        if dialect == "postgres" and "." not in name and info.target_namespace_sql:
            name = f"{info.target_namespace_sql}.{name}"  # an index lives in its table's schema
        if dialect in ("postgres", "sqlite"):
            return f"DROP INDEX {name}"
        return f"DROP INDEX {name} ON {info.target_sql}" if info.target_sql else None
    if info.kind == "trigger":
        if dialect == "postgres":
            return f"DROP TRIGGER {name} ON {info.target_sql}" if info.target_sql else None
        return f"DROP TRIGGER {name}"
    if info.kind == "rule" and dialect == "postgres" and info.target_sql:
        return f"DROP RULE {name} ON {info.target_sql}"
    return None


def _drop_constraint_sql(raw: RawObject) -> str | None:
    """A constraint a live import keeps verbatim (``ALTER TABLE [ONLY] t ADD CONSTRAINT c
    EXCLUDE …``, pg_dump's form): ``ALTER TABLE t DROP CONSTRAINT c``, names as written."""
    sql = definition(raw.sql, raw.dialect)
    tokens = sql_tokens(sql, raw.dialect) or []
    words = [t.text.upper() for t in tokens]
    if words[:2] != ["ALTER", "TABLE"]:
        return None
    table, i = _dotted(tokens, _skip(words, 2, "ONLY", "IF", "EXISTS"), sql)
    if not table or words[i:i + 2] != ["ADD", "CONSTRAINT"]:
        return None
    name, _ = _dotted(tokens, i + 2, sql)
    if len(name) != 1:
        return None
    return f"ALTER TABLE {'.'.join(t for _, t in table)} DROP CONSTRAINT {name[0][1]}"


def replaces_itself(raw: RawObject) -> bool:
    """``CREATE OR REPLACE …`` / T-SQL ``CREATE OR ALTER …``: running it again replaces the object."""
    words = [t.text.upper() for t in (sql_tokens(definition(raw.sql, raw.dialect)[:200], raw.dialect) or [])[:3]]
    return words[:1] == ["CREATE"] and words[1:2] == ["OR"] and words[2:3] in (["REPLACE"], ["ALTER"])


def is_pre(raw: RawObject) -> bool:
    """Kinds made before tables (extensions, types, domains, collations): DDL export's phase."""
    return phase(head_keywords(definition(raw.sql, raw.dialect), raw.dialect)) == "pre"


# -- what the table changes touch ---------------------------------------------------------------------


@dataclass
class Touched:
    """What the table operations of a migration do that a view may depend on."""

    tables: set[str] = field(default_factory=set)  # dropped, renamed or moved
    dropped: set[str] = field(default_factory=set)
    created: set[str] = field(default_factory=set)
    columns: dict[str, set[str]] = field(default_factory=dict)  # table id -> names (lower) dropped, renamed, re-typed
    shaped: set[str] = field(default_factory=set)  # tables whose column list or column types change

    def column(self, table_id: str, *names: str) -> None:
        self.columns.setdefault(table_id, set()).update(n.lower() for n in names)
        self.shaped.add(table_id)


def touched_by(ops: list[o.MigrateOp], old: Schema) -> Touched:
    t = Touched()
    for op in ops:
        if isinstance(op, o.DropTable):
            t.tables.add(op.table.id)
            t.dropped.add(op.table.id)
        elif isinstance(op, o.CreateTable):
            t.created.add(op.table.id)
        elif isinstance(op, (o.RenameTable, o.MoveTable)):
            t.tables.add(op.table_id)
        elif isinstance(op, o.DropColumn):
            t.column(op.table_id, op.column.name)
        elif isinstance(op, o.RenameColumn):
            t.column(op.table_id, op.old_name, op.new_name)
        elif isinstance(op, o.AddColumn):
            t.shaped.add(op.table_id)
        elif isinstance(op, o.AlterColumn) and {"type", "collation", "charset"} & set(op.changes()):
            t.column(op.table_id, op.before.name, op.after.name)
        elif isinstance(op, o.DropEnumValue):  # PostgreSQL re-creates the type and re-types its columns
            enum = next((e for e in old.enums if e.id == op.enum_id), None)
            names = {enum.qualified_name.lower(), enum.name.lower()} if enum else set()
            for table in old.tables:
                for column in table.columns:
                    if column.type.enum and column.type.enum.lower() in names:
                        t.column(table.id, column.name)
    return t


# -- one model's raw objects ---------------------------------------------------------------------------


@dataclass
class _Item:
    raw: RawObject
    info: Info
    position: int


class _Side:
    """The raw objects of one model by key, the dependencies between them
    (``edges``: (what is depended on, what depends on it)) and on tables."""

    def __init__(self, schema: Schema):
        self.schema = schema
        self.dialect = schema.dialect
        self.items: dict[tuple, _Item] = {}
        for i, raw in enumerate(schema.raw):
            if raw.kind in MODELLED:
                continue
            info = analyse(raw)
            key = base = info.key(raw)
            n = 1
            while key in self.items:  # the same object made twice (CREATE OR REPLACE later on): kept apart
                key, n = (*base, n), n + 1
            self.items[key] = _Item(raw, info, i)
        self._relations: dict[str, list[tuple[str | None, tuple]]] = {}
        for key, item in self.items.items():
            if item.info.kind in VIEW_KINDS and item.info.name:
                self._relations.setdefault(item.info.name.lower(), []).append((item.info.namespace, ("raw", key)))
        for table in schema.tables:
            ns = _namespace(table.namespace, schema.dialect or "")
            self._relations.setdefault(table.name.lower(), []).append((ns, ("table", table.id)))
        self.edges: set[tuple[tuple, tuple]] = set()
        self.tables: dict[tuple, list[tuple[str, frozenset | None]]] = {}  # key -> (table id, columns named)
        self.target_table: dict[tuple, str] = {}
        for key, item in self.items.items():
            for ref in item.info.reads:
                for kind, target in self.resolve(ref):
                    if kind == "raw" and target != key:
                        self.edges.add((target, key))
                    elif kind == "table":
                        self.tables.setdefault(key, []).append((target, item.info.columns))
            if item.info.target is not None:
                for kind, target in self.resolve(item.info.target):
                    if kind == "raw" and target != key:
                        self.edges.add((target, key))
                    elif kind == "table":
                        self.target_table[key] = target
                        if item.info.kind == "rule":
                            # a PostgreSQL rule's actions read its table's columns (NEW.x) as a
                            # view does: "cannot alter type of a column used by a view or rule"
                            self.tables.setdefault(key, []).append((target, None))

    def resolve(self, ref: tuple[str | None, str]) -> list[tuple[str, object]]:
        """The views and tables a (schema, name) may mean: in that schema, or
        unqualified, in the default one, else any of that name."""
        ns, name = ref
        candidates = self._relations.get(name, [])
        return [c for n, c in candidates if n == ns] or [c for _, c in candidates]

    def reads_touched(self, key: tuple, touched: Touched) -> bool:
        for table_id, columns in self.tables.get(key, ()):
            if table_id in touched.tables:
                return True
            if columns is None:
                if table_id in touched.shaped:
                    return True
            elif columns & touched.columns.get(table_id, set()):
                return True
        return False

    def label(self, key: tuple) -> str:
        return label(self.items[key].raw)


# -- the operations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ViewHint:
    """A view re-created with its SQL unchanged though that SQL names what this
    migration renames or drops: the re-creation fails until the SQL is updated."""

    view: str
    names: tuple[str, ...]

    def __str__(self) -> str:
        return (f"view {self.view} is re-created as it was written, but its SQL names {', '.join(self.names)}, "
                f"which this migration renames or drops: update the view's SQL, or the re-creation fails")


@dataclass
class RawPhases:
    drop: list[o.MigrateOp] = field(default_factory=list)  # first of all
    create_pre: list[o.MigrateOp] = field(default_factory=list)  # before tables (extensions, types, domains)
    create: list[o.MigrateOp] = field(default_factory=list)  # after the table changes
    drop_pre: list[o.MigrateOp] = field(default_factory=list)  # last (before schemas go)
    hints: list[ViewHint] = field(default_factory=list)


def _graph_kind(info: Info) -> bool:
    """Objects ordered by dependency and re-made as DROP + CREATE around the table changes."""
    return info.kind in VIEW_KINDS or info.kind in DEPENDENT or info.kind.startswith("alter ")


def raw_phases(old: Schema, new: Schema, table_ops: list[o.MigrateOp]) -> RawPhases:
    """The operations on raw objects that take ``old`` to ``new``, given the
    table operations ``table_ops`` of the same migration."""
    import copy

    before, after = _Side(old), _Side(new)
    touched = touched_by(table_ops, old)
    common = [k for k in before.items if k in after.items]
    gone = [k for k in before.items if k not in after.items]
    added = [k for k in after.items if k not in before.items]
    from tablewright.designer.column_refs import followed_raw  # noqa: PLC0415

    followed = followed_raw(old, new)  # text a column rename rewrites, or binds by column, is no change

    def was(key) -> str:
        raw = before.items[key].raw
        return followed.get(raw.id, raw.sql)

    changed = {k for k in common if normalized(was(k)) != normalized(after.items[k].raw.sql)}
    edited = {k for k in common if normalized(before.items[k].raw.sql) != normalized(after.items[k].raw.sql)}
    redo = {k for k in changed if _graph_kind(before.items[k].info) and _graph_kind(after.items[k].info)}
    redo |= {k for k in common if before.reads_touched(k, touched) or after.reads_touched(k, touched)}
    common_set, gone_set, added_set = set(common), set(gone), set(added)
    grown = True
    while grown:  # what depends on anything dropped is dropped first; on anything created, re-made after
        grown = False
        for edges, moving in ((before.edges, redo | gone_set), (after.edges, redo | added_set)):
            for a, b in edges:
                if a in moving and b in common_set and b not in redo:
                    redo.add(b)
                    grown = True
    replaced = [k for k in common if k in changed and k not in redo]
    dropped = redo | gone_set
    created = redo | added_set

    def goes_with(side: _Side, key: tuple, leaving: set, tables: set[str]) -> str | None:
        """The view or table ``key`` belongs to when that goes too (a view over a view is no part of it)."""
        if side.items[key].info.kind in VIEW_KINDS:
            return None
        for a, b in side.edges:
            if b == key and a in leaving and side.items[a].info.kind in VIEW_KINDS:
                return side.label(a)
        table_id = side.target_table.get(key)
        if table_id in tables:
            return f"table {side.schema.table(table_id).qualified_name}"
        return None

    phases = RawPhases()
    graph_drops = [k for k in dropped if _graph_kind(before.items[k].info)]
    for key in reversed(_ordered(before, graph_drops)):
        raw = copy.deepcopy(before.items[key].raw)
        phases.drop.append(o.DropRawObject(raw, goes_with(before, key, dropped, touched.dropped)))
    for key in sorted((k for k in gone if not _graph_kind(before.items[k].info)),
                      key=lambda k: -before.items[k].position):
        raw = copy.deepcopy(before.items[key].raw)
        (phases.drop_pre if is_pre(raw) else phases.drop).append(o.DropRawObject(raw))
    for key in sorted((k for k in (*added, *replaced) if not _graph_kind(after.items[k].info)),
                      key=lambda k: after.items[k].position):
        raw = copy.deepcopy(after.items[key].raw)
        op = o.ReplaceRawObject(copy.deepcopy(before.items[key].raw), raw) if key in changed else o.CreateRawObject(raw)
        (phases.create_pre if is_pre(raw) else phases.create).append(op)
    for key in _ordered(after, [k for k in created if _graph_kind(after.items[k].info)]):
        raw = copy.deepcopy(after.items[key].raw)
        phases.create.append(o.CreateRawObject(raw, goes_with(after, key, created, touched.created)))
    phases.hints = _stale(before, after, redo - edited, touched)  # re-made as written
    return phases


def _ordered(side: _Side, keys: list[tuple]) -> list[tuple]:
    """``keys`` in dependency order (what is depended on first), source order otherwise."""
    if not keys:
        return []
    import networkx as nx

    wanted = set(keys)
    graph = nx.DiGraph()
    graph.add_nodes_from(wanted)
    graph.add_edges_from((a, b) for a, b in side.edges if a in wanted and b in wanted)
    position = {k: side.items[k].position for k in wanted}
    try:
        return list(nx.lexicographical_topological_sort(graph, key=position.__getitem__))
    except nx.NetworkXUnfeasible:  # a cycle (a statement misread): source order
        return sorted(wanted, key=position.__getitem__)


def in_dependency_order(schema: Schema, raws: list[RawObject]) -> list[RawObject]:
    """``raws`` (some of ``schema.raw``, in source order) with each view after the views it reads and
    each trigger, index, rule, comment or grant after the view it is on; the rest keep their places,
    and so does all that is already in order.  mysqldump writes views by name, each made over the
    stand-ins of the others: a view over a later one is made again after it."""
    views = sum(1 for raw in raws if raw.kind in VIEW_KINDS)
    if views < 2:
        return raws
    side = _Side(schema)
    key_of = {id(item.raw): key for key, item in side.items.items()}
    keys = [key_of[id(raw)] for raw in raws if id(raw) in key_of and _graph_kind(side.items[key_of[id(raw)]].info)]
    ordered = iter(_ordered(side, keys))
    moving = set(keys)
    return [side.items[next(ordered)].raw if key_of.get(id(raw)) in moving else raw for raw in raws]


def _stale(before: _Side, after: _Side, unchanged: set[tuple], touched: Touched) -> list[ViewHint]:
    """Views re-made with their SQL as it was whose SQL names a table or column
    this migration renames or drops."""
    hints = []
    for key in sorted(unchanged, key=lambda k: after.items[k].position):
        info = after.items[key].info
        if info.kind not in VIEW_KINDS:
            continue
        names = []
        for ref in sorted(info.reads, key=lambda r: (r[0] or "", r[1])):
            if not after.resolve(ref) and any(kind == "table" and target in touched.tables
                                              for kind, target in before.resolve(ref)):
                names.append(".".join(p for p in ref if p))
        for table_id, columns in before.tables.get(key, ()):
            if table_id in touched.dropped or not columns:
                continue
            current = {c.name.lower() for t in after.schema.tables if t.id == table_id for c in t.columns}
            for column in sorted(columns & touched.columns.get(table_id, set()) - current):
                names.append(f"{before.schema.table(table_id).name}.{column}")
        if names:
            hints.append(ViewHint(info.name or label(after.items[key].raw), tuple(names)))
    return hints


__all__ = ["DROPPABLE", "Info", "RawPhases", "Touched", "VIEW_KINDS", "ViewHint", "analyse", "carried",
           "drop_sql", "normalized", "raw_phases", "replaces_itself", "statement", "touched_by"]
