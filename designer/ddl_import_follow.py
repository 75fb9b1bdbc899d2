"""DDL import: what goes with a table when a script renames or drops it, as each engine does it.

A script that evolves a schema (a program's migrations, run in order) renames tables and drops
them.  What the engine binds to the table goes with it; what names it in text stays as written:

- ``ALTER TABLE a RENAME TO b`` / MySQL's ``RENAME TABLE a TO b, …``: the table's indexes,
  triggers, rules, policies, comments and grants follow it in all three engines, and so do the
  foreign keys of other tables to it (SQLite >= 3.26 rewrites their REFERENCES, PostgreSQL and
  InnoDB bind them by id) and the sequences it owns.  Views over it: SQLite rewrites every
  reference to it in views and in trigger bodies (``"b"``, quoted), PostgreSQL's views follow it
  (bound by id; a function body is text and does not), MySQL's views keep the old name (broken
  until a table of that name exists again).
- ``DROP TABLE``: its indexes, triggers, rules, policies, comments and grants go with it (all
  three).  PostgreSQL refuses the drop while a view or another table's foreign key depends on it;
  with ``CASCADE`` those views (and views over them) and foreign keys go too, and the sequences it
  owns go with it either way.  SQLite and MySQL keep views over it (broken until a table of that
  name exists again), and the foreign keys to it (by name: a table made again under the name takes
  them).
- Names PostgreSQL gave what the DDL left unnamed (``t_pkey``, ``t_a_key``, a serial's ``t_id_seq``)
  stay when the table or a column is renamed, and ``ALTER INDEX``/``ALTER SEQUENCE … RENAME TO``,
  ``RENAME CONSTRAINT`` and MySQL's ``RENAME INDEX`` rename what the model holds.

Verified on the engines: tests/designer/test_rename_drop_follow_engines.py.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.tokens import TokenType

from tablewright.designer.dialects import SERIAL_TYPES, is_mysql, quote, quote_qualified
from tablewright.designer.model import (
    RawObject, Sequence, Table, UnresolvedReference, _object_name, derived_id, engine_default_name,
    identity_sequence, identity_sequence_name,
)
from tablewright.designer.mysql_session import definition
from tablewright.designer.sql_split import SQLGLOT_DIALECT, SQLGLOT_FAILURES, sql_tokens
from tablewright.designer.view_sql import VIEW_KINDS

#: the schema an unqualified name is in, where an engine names it (``public.a.id``, ``main.a.id``)
_DEFAULT_SCHEMA = {"postgres": "public", "sqlite": "main"}
#: kept statements that belong to the table named after their ON (or after ALTER <kind>)
_DEPENDENT = ("index", "trigger", "rule", "policy", "comment", "grant", "revoke")


def _unquoted(text: str) -> str:
    if len(text) > 1 and text[0] in "\"`[" and text[-1] in "\"`]":
        return text[1:-1]
    return text


@lru_cache(maxsize=4096)
def _parsed(text: str, dialect: str) -> exp.Expression | None:
    """sqlglot's tree of ``text`` (read, never changed: shared), None when it does not read it."""
    try:
        tree = sqlglot.parse_one(text, read=SQLGLOT_DIALECT[dialect])
    except SQLGLOT_FAILURES:
        return None
    return None if tree is None or isinstance(tree, exp.Command) else tree


@lru_cache(maxsize=4096)
def _target(kind: str, sql: str, dialect: str) -> tuple[str | None, str, int, int] | None:
    from tablewright.designer.migrations.raw import target_name  # noqa: PLC0415 (a package that imports much)

    target = target_name(kind, sql, dialect)
    if target is not None and kind in ("grant", "revoke") and sql[target[3]:].lstrip().startswith(","):
        return None  # GRANT … ON a, b: on more than the one table
    return target


def _pieces(sql: str, dialect: str, kind: str) -> list[tuple[int, str]]:
    """What of a kept statement sqlglot can read, as (offset, text): a view whole; a SQLite
    trigger's WHEN condition (read as ``SELECT …``) and each statement of its body."""
    if kind in VIEW_KINDS:
        return [(0, sql)]
    if kind != "trigger" or dialect != "sqlite":
        return []
    tokens = sql_tokens(sql, dialect) or []
    words = [t.text.upper() if t.token_type != TokenType.IDENTIFIER else "" for t in tokens]
    if "BEGIN" not in words or words[-1:] != ["END"]:
        return []
    begin = words.index("BEGIN")
    out: list[tuple[int, str]] = []
    if "WHEN" in words[:begin]:
        when = words.index("WHEN")
        if when + 1 < begin:
            start, end = tokens[when].end + 1, tokens[begin].start
            out.append((start - len("SELECT "), "SELECT " + sql[start:end]))
    start = tokens[begin].end + 1
    for token in tokens[begin + 1:-1]:
        if token.token_type == TokenType.SEMICOLON:
            out.append((start, sql[start:token.start]))
            start = token.end + 1
    if sql[start:tokens[-1].start].strip():
        out.append((start, sql[start:tokens[-1].start]))
    return out


def _qualified_start(text: str, start: int) -> int:
    """Where the name at ``start`` begins with the schema that qualifies it (``s.`` or ``"s".``)."""
    if start < 2 or text[start - 1] != ".":
        return start
    at = start - 1
    if text[at - 1] in "\"`]":
        opening = {"\"": "\"", "`": "`", "]": "["}[text[at - 1]]
        found = text.rfind(opening, 0, at - 1)
        return found if found >= 0 else start
    while at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_$"):
        at -= 1
    return at if at < start - 1 else start


def _quoted_at(raw: RawObject, target: tuple[str | None, str, int, int]) -> bool:
    """Whether the name at the target's span is quoted."""
    return definition(raw.sql, raw.dialect)[target[2]:target[3]][:1] in ("\"", "`", "[")


class _FollowHandlers:
    """Renames and drops of tables, with what goes with them (methods of the importer's builder)."""

    def _reference_target(self, owner: Table, ref: UnresolvedReference) -> Table | None:
        """The table a foreign key of ``owner`` names, as the schema stands."""
        target = self._find_table(ref.table, ref.namespace)
        if target is None and ref.namespace is None:
            target = self._find_table(ref.table, owner.namespace)
        return target

    def _names_table(self, namespace: str | None, name: str, raw: RawObject, table: Table,
                     quoted: bool = False) -> bool:
        """Whether ``namespace.name``, written in ``raw`` (``quoted``: the name was), is ``table`` (a
        MySQL name without a database is in the database current where ``raw`` was read)."""
        if namespace is None and raw.namespace is not None and is_mysql(self.dialect):
            namespace = raw.namespace
        if self.fold is not None:
            name = self.fold.normalize_identifier(exp.Identifier(this=name, quoted=quoted)).this
        found = self._find_table(name, namespace)
        if found is None and namespace is None:
            found = self._find_table(name, table.namespace)
        return found is table

    @staticmethod
    def _target_of(raw: RawObject) -> tuple[str | None, str, int, int] | None:
        """The table (or view) ``raw`` belongs to, if it is a dependent statement: see ``target_name``."""
        if raw.kind not in _DEPENDENT and not raw.kind.startswith("alter "):
            return None
        return _target(raw.kind, definition(raw.sql, raw.dialect), raw.dialect)

    def _belongs_to(self, raw: RawObject, table: Table) -> bool:
        """``raw`` is a trigger, index, rule, policy, comment, grant or ALTER of ``table``."""
        target = self._target_of(raw)
        return target is not None and self._names_table(target[0], target[1], raw, table, _quoted_at(raw, target))

    def _references(self, raw: RawObject, table: Table, whole: bool = False) -> list[tuple[int, int]] | None:
        """Where the view or (SQLite) trigger ``raw`` names ``table`` in its definition: the spans of
        the table's name where it is read and where it qualifies a column; None when sqlglot does not
        read it.  ``whole``: a name read with its schema spans both (a table that moves)."""
        sql = definition(raw.sql, raw.dialect)
        pieces = _pieces(sql, raw.dialect, raw.kind)
        if not pieces:
            return [] if raw.kind not in VIEW_KINDS else None
        spans: list[tuple[int, int]] = []
        for offset, text in pieces:
            tree = _parsed(text, raw.dialect)
            if tree is None:
                return None
            found = []
            aliases = set()
            for node in tree.find_all(exp.Table):
                alias = node.alias
                if alias and alias.lower() != node.name.lower():
                    aliases.add(alias.lower())
                if isinstance(node.parent, exp.Create) and node.parent.this is node:
                    continue  # the view's own name
                if isinstance(node.this, exp.Identifier) \
                        and self._names_table(node.db or None, node.name, raw, table, node.this.quoted):
                    found.append(node.this)
                    if not alias:
                        aliases.discard(node.name.lower())
            if not found:
                continue
            qualifier = found[0].name.lower()
            for column in tree.find_all(exp.Column):
                part = column.args.get("table")
                if isinstance(part, exp.Identifier) and part.name.lower() == qualifier and qualifier not in aliases \
                        and (not column.args.get("db") or whole
                             or column.text("db").lower() == (table.namespace or _DEFAULT_SCHEMA.get(self.dialect, "")).lower()):
                    found.append(part)
            for identifier in found:
                start, end = identifier.meta.get("start"), identifier.meta.get("end")
                if start is None or end is None or _unquoted(text[start:end + 1]).lower() != identifier.name.lower():
                    return None  # (not where sqlglot says it is: left alone)
                if whole:
                    start = _qualified_start(text, start)
                spans.append((offset + start, offset + end + 1))
        return sorted(set(spans))

    def _rewritten(self, raw: RawObject, spans: list[tuple[int, int]], written: str) -> RawObject:
        """``raw`` with each span of its definition written ``written``."""
        sql = definition(raw.sql, raw.dialect)
        out, pos = [], 0
        for start, end in sorted(set(spans)):
            out += [sql[pos:start], written]
            pos = end
        new = "".join(out) + sql[pos:]
        at = raw.sql.find(sql)
        self.__dict__.get("_raw_identities", {}).pop(raw.id, None)
        return replace(raw, sql=raw.sql[:at] + new + raw.sql[at + len(sql):])

    # -- RENAME ---------------------------------------------------------------------------------
    def _freeze_engine_names(self, table: Table) -> None:
        """PostgreSQL names what the DDL leaves unnamed after the table and its columns when it makes
        it (``t_pkey``, ``t_a_key``, ``t_a_b_idx``, the serial's sequence ``t_id_seq``) and keeps those
        names when the table or a column is renamed: before a rename, the names it gave are written
        down (a serial column becomes its sequence, owned by it, and a ``nextval`` default, as
        pg_dump writes it)."""
        if self.dialect != "postgres":
            return
        for item in [table.primary_key, *table.uniques, *table.foreign_keys, *table.checks, *table.exclusions,
                     *table.indexes]:
            if item is not None and item.name is None:
                item.name = engine_default_name(table, item)
        for column in table.columns:
            if column.identity is not None and column.identity.sequence is None:
                column.identity = replace(column.identity, sequence=identity_sequence_name(table, column))
            if column.type.text.lower() not in SERIAL_TYPES:
                continue
            base = SERIAL_TYPES[column.type.text.lower()]
            name = _object_name(table.name, column.name, "seq")
            seq = Sequence(derived_id("seq", table.namespace, name), name, table.namespace, data_type=base,
                           owned_by=(table.id, column.id), location=column.location)
            self.schema.sequences.append(seq)
            column.type = replace(column.type, text=base)
            column.default = f"nextval('{quote_qualified(table.namespace, name, 'postgres')}'::regclass)"

    def _rename_named(self, table: Table | None, old: str, new: str, kinds: tuple[str, ...]) -> bool:
        """The index or constraint named ``old`` (of ``table``; None: of any table) renamed ``new``:
        ``kinds`` are the model's lists it may be in.  False when there is none."""
        same = (lambda a: a == old) if self.fold is not None else (lambda a: a.lower() == old.lower())
        for owner in [table] if table is not None else self.schema.tables:
            items = [owner.primary_key] * ("primary_key" in kinds) + [i for k in kinds if k != "primary_key"
                                                                       for i in getattr(owner, k)]
            for item in items:
                if item is None:
                    continue
                named = item.name if item.name is not None else \
                    engine_default_name(owner, item) if self.dialect == "postgres" else None
                if named is not None and same(named):
                    self._freeze_engine_names(owner)
                    item.name = new
                    return True
        return False

    def _rename_sequence(self, old: list[str], new: str, to_namespace: str | None = None) -> bool:
        """PostgreSQL's ``ALTER SEQUENCE s RENAME TO t``: the sequence (a serial or identity column's too),
        and the ``nextval('s'::regclass)`` defaults that use it (bound to it by id, written with its new name);
        ``to_namespace``: moved there besides (a table's SET SCHEMA takes the sequences it owns)."""
        namespace = old[-2] if len(old) > 1 else None
        for table in self.schema.tables:  # an identity column's
            if namespace is not None and (table.namespace or "").lower() != namespace.lower():
                continue
            for column in table.columns:
                if column.identity is not None and old[-1] == (column.identity.sequence
                                                               or identity_sequence_name(table, column)):
                    column.identity = identity_sequence(table, column, replace(column.identity, sequence=new))
                    return True
        seq = self._find_sequence(old[-1], namespace)
        if seq is None:  # a serial column's: made explicit first
            for table in self.schema.tables:
                if (namespace is None or (table.namespace or "").lower() == namespace.lower()) and any(
                        c.type.text.lower() in SERIAL_TYPES and _object_name(table.name, c.name, "seq") == old[-1]
                        for c in table.columns):
                    self._freeze_engine_names(table)
                    seq = self._find_sequence(old[-1], namespace)
                    break
        if seq is None:
            return False
        before = f"nextval('{quote_qualified(seq.namespace, seq.name, 'postgres')}'::regclass)"
        seq.name = new
        if to_namespace is not None:
            seq.namespace = to_namespace
        self._sequence_index, self._sequences_indexed = {}, 0
        after = f"nextval('{quote_qualified(seq.namespace, seq.name, 'postgres')}'::regclass)"
        for table in self.schema.tables:
            for column in table.columns:
                if column.default == before:
                    column.default = after
        return True

    def _rename_column(self, table: Table, column, name: str, written: str | None = None) -> None:
        """``ALTER TABLE t RENAME [COLUMN] a TO b``: the column renamed, and what follows it (``written``:
        the new name as the statement wrote it, which SQLite writes where it rewrites a reference)."""
        self._freeze_engine_names(table)
        self._column_renamed(table, column.name, name, written)
        column.name = name
        self._columns.clear()
        self._identity_names_settled(table)

    def _identity_made(self, table: Table, column, identity):
        """An identity column as PostgreSQL makes it: its sequence named as written (SEQUENCE NAME), else
        ``t_c_seq`` -- or, when a relation of the schema holds that name already (the sequence of a table
        renamed since), ``t_c_seq1``, ``t_c_seq2`` … as PostgreSQL chooses."""
        if self.dialect == "postgres" and identity.sequence is None:
            taken = {s.name for s in self.schema.sequences if s.namespace == table.namespace}
            taken |= {t.name for t in self.schema.tables if t.namespace == table.namespace}
            taken |= {c.identity.sequence or identity_sequence_name(t, c) for t in self.schema.tables
                      if t.namespace == table.namespace and t is not table for c in t.columns if c.identity is not None}
            name, n = identity_sequence_name(table, column), 0
            while name in taken:
                n += 1
                name = _object_name(table.name, column.name, f"seq{n}")
            identity = replace(identity, sequence=name)
        return identity_sequence(table, column, identity)

    @staticmethod
    def _identity_names_settled(table: Table) -> None:
        """An identity's sequence name that is again the one the engine would give it: None."""
        for column in table.columns:
            if column.identity is not None:
                column.identity = identity_sequence(table, column, column.identity)

    def _column_renamed(self, table: Table, old: str, name: str, written: str | None = None) -> None:
        """Column ``old`` of ``table`` is now ``name`` (a rename, MySQL's CHANGE): the foreign keys of other
        tables to it and the sequence it owns follow it, as in the three engines (bound by id; SQLite
        rewrites the REFERENCES), and so does the text that names it (see :mod:`column_refs`)."""
        if old == name:
            return
        self._column_texts_follow(table, old, name, written or quote(name, self.dialect))
        same = (lambda a: a == old) if self.fold is not None else (lambda a: a.lower() == old.lower())
        for owner, fk in self.pending_fk:
            ref = fk.unresolved
            if ref is not None and not ref.unread and any(map(same, ref.columns)) \
                    and self._reference_target(owner, ref) is table:
                fk.unresolved = replace(ref, columns=tuple(name if same(c) else c for c in ref.columns))
        for k, (seq, owned) in enumerate(self.pending_owned):
            parts = self._owned_parts(owned)
            if len(parts) >= 2 and same(parts[-1]) \
                    and self._find_table(parts[-2], parts[-3] if len(parts) > 2 else None) is table:
                self.pending_owned[k] = (seq, (*parts[:-1], name))

    def _column_texts_follow(self, table: Table, old: str, name: str, written: str) -> None:
        """What names column ``old`` of ``table`` in text, rewritten as the engine does (see
        :mod:`tablewright.designer.column_refs`); what is not read is said and kept as written."""
        from tablewright.designer.column_refs import (  # noqa: PLC0415
            Unread, columns_by_table, mentions, raw_follow, rename_in_table, renamed_statement)

        def kept(what: str) -> None:
            self._issue("warning", f"{what} may name column {table.qualified_name}.{old}, renamed to {name}: "
                        "its text is not read, and is kept as written")

        for what in rename_in_table(table, self.dialect, old, written):
            kept(what)
        columns = columns_by_table(self.schema)
        if is_mysql(self.dialect):  # views and triggers kept as written: a view that reads the column breaks
            for raw in self.schema.raw:
                if raw.kind in VIEW_KINDS and mentions(raw, self.dialect, old):
                    try:
                        broken = renamed_statement(raw, self.dialect, table.name, old, written, columns_of=columns.get)
                    except Unread:
                        broken = None
                    if broken is not None:
                        self._issue("warning", f"view {raw.name} reads column {table.qualified_name}.{old}, renamed to "
                                    f"{name}: MySQL and MariaDB keep the view as written, and it fails until it is "
                                    "made again")
            return
        follow, unread = raw_follow(self.schema.raw, self.dialect, table, old, written,
                                    belongs=lambda raw: self._belongs_to(raw, table), columns_of=columns.get,
                                    views_keep_names=self.dialect != "sqlite")
        for k, sql in follow:
            self.__dict__.get("_raw_identities", {}).pop(self.schema.raw[k].id, None)
            self.schema.raw[k] = replace(self.schema.raw[k], sql=sql)
        for raw in unread:
            kept(f"{raw.kind} {raw.name}")

    def _rename_table(self, table: Table, namespace: str | None, name: str) -> None:
        """``table`` renamed to ``namespace.name`` (namespace None: where it is), and what follows it."""
        self._freeze_engine_names(table)
        moved = namespace is not None and namespace != table.namespace
        for owner, fk in self.pending_fk:
            ref = fk.unresolved
            if ref is not None and not ref.unread and self._reference_target(owner, ref) is table:
                fk.unresolved = replace(ref, table=name,
                                        namespace=namespace if moved or ref.namespace is not None else ref.namespace)
        for k, (seq, owned) in enumerate(self.pending_owned):
            parts = self._owned_parts(owned)
            if len(parts) >= 2 and self._find_table(parts[-2], parts[-3] if len(parts) > 2 else None) is table:
                where = namespace if moved else parts[-3] if len(parts) > 2 else None
                self.pending_owned[k] = (seq, (*parts[:-3], *([where] if where else []), name, parts[-1]))
        written = f'"{name.replace(chr(34), chr(34) * 2)}"' if self.dialect == "sqlite" else quote(name, self.dialect)
        if moved:  # (PostgreSQL's SET SCHEMA: what binds to the table names it in its new schema)
            written = quote_qualified(namespace, name, self.dialect)
        for k, raw in enumerate(self.schema.raw):
            spans = []
            target = self._target_of(raw)
            if target is not None and self._names_table(target[0], target[1], raw, table, _quoted_at(raw, target)):
                sql = definition(raw.sql, raw.dialect)
                spans.append((_qualified_start(sql, target[2]) if moved else target[2], target[3]))
            if self.dialect == "sqlite" and raw.kind in ("view", "trigger") or \
                    self.dialect == "postgres" and raw.kind in VIEW_KINDS:
                found = self._references(raw, table, whole=moved)
                if found is None and raw.kind in VIEW_KINDS and self._mentions(raw, table):
                    self._issue("warning", f"{raw.kind} {raw.name} may read {table.qualified_name}, renamed to "
                                f"{name}: its text is not read, and is kept as written")
                spans.extend(found or [])
            if spans:
                self.schema.raw[k] = self._rewritten(raw, spans, written)
        if moved:
            table.namespace = namespace
        table.name = name
        self._table_index = None
        self._identity_names_settled(table)

    def _mentions(self, raw: RawObject, table: Table) -> bool:
        return any(t.text.lower() == table.name.lower() for t in sql_tokens(definition(raw.sql, raw.dialect),
                                                                               raw.dialect) or ())

    @staticmethod
    def _owned_parts(owned) -> tuple[str, ...]:
        from tablewright.designer.ddl_import_nodes import _name  # noqa: PLC0415

        if isinstance(owned, tuple):
            return owned
        if isinstance(owned, exp.Column):
            return tuple(p.name for p in owned.parts)
        return (_name(owned),)

    # -- DROP -----------------------------------------------------------------------------------
    def _drop_table(self, table: Table, cascade: bool, along: list[Table] = ()) -> None:
        """DROP TABLE of ``table``: it goes with what is its own; PostgreSQL refuses it while a view or
        another table's key depends on it, unless CASCADE takes those too (the keys of the tables the
        same statement drops, ``along``, do not count)."""
        views: list[RawObject] = []
        keys = []
        if self.dialect == "postgres":
            views = self._views_over(table)
            keys = [(owner, fk) for owner, fk in self.pending_fk if all(owner is not t for t in (table, *along))
                    and fk.unresolved is not None and not fk.unresolved.unread
                    and self._reference_target(owner, fk.unresolved) is table]
            if (views or keys) and not cascade:
                what = [f"view {v.name}" for v in views] + [f"a foreign key of {o.qualified_name}" for o, _ in keys]
                self._issue("warning", f"DROP TABLE {table.qualified_name} is refused by PostgreSQL: "
                            f"{', '.join(what[:3])}{' …' if len(what) > 3 else ''} depend{'s' if len(what) == 1 else ''} "
                            "on it (DROP … CASCADE drops them too); the table is kept")
                return
        gone = {id(v) for v in views}
        for view in views:
            self.schema.raw = [r for r in self.schema.raw if not self._belongs_to_view(r, view)]
        self.schema.raw = [r for r in self.schema.raw if id(r) not in gone and not self._belongs_to(r, table)]
        for owner, fk in keys:
            owner.foreign_keys.remove(fk)
        if keys:
            dropped = {id(fk) for _, fk in keys}
            self.pending_fk = [(o, fk) for o, fk in self.pending_fk if id(fk) not in dropped]
        if self.dialect == "postgres":
            owned = [(seq, o) for seq, o in self.pending_owned if len(parts := self._owned_parts(o)) >= 2
                     and self._find_table(parts[-2], parts[-3] if len(parts) > 2 else None) is table]
            for seq, o in owned:
                self.schema.sequences.remove(seq)
                self._sequence_index, self._sequences_indexed = {}, 0
            self.pending_owned = [p for p in self.pending_owned if all(p is not q for q in owned)]
        self.schema.tables.remove(table)
        self._table_index = None
        what = [f"{len(views)} view{'s' if len(views) != 1 else ''}" if views else "",
                f"{len(keys)} foreign key{'s' if len(keys) != 1 else ''}" if keys else ""]
        what = [w for w in what if w]
        self._issue("warning", f"DROP TABLE removed {table.qualified_name} defined earlier"
                    + (f", and with CASCADE {' and '.join(what)} that depended on it" if what else ""))

    def _drop_column(self, table: Table, column, cascade: bool) -> None:
        """ALTER TABLE … DROP COLUMN, as the engine does it: PostgreSQL drops the CHECKs and indexes
        that name the column and refuses while a generated column, view, policy or trigger depends on
        it, unless CASCADE takes those too; MariaDB refuses while a table CHECK, a generated column, a
        key of several columns or a foreign key uses it, and takes it out of the other indexes; SQLite
        refuses while anything but the column's own CHECK names it."""
        from tablewright.designer.column_refs import columns_by_table, dependents, reads_column  # noqa: PLC0415
        from tablewright.designer.ddl_import_alter import drop_column  # noqa: PLC0415 (it imports this module's users)

        checks, indexes, generated, unread = dependents(table, column.id, self.dialect)
        columns = columns_by_table(self.schema).get
        mysql = is_mysql(self.dialect)
        views = [] if mysql else [r for r in self.schema.raw if r.kind in VIEW_KINDS
                                  and reads_column(r, self.dialect, table, column.name, columns_of=columns)]
        own = []  # policies and triggers that name it (SQLite: a trigger of any table, in its body)
        for raw in [] if mysql else self.schema.raw:
            if raw.kind in ("policy", "trigger"):
                mine = self._belongs_to(raw, table)
                if (mine or self.dialect == "sqlite") and reads_column(raw, self.dialect, table, column.name,
                                                                       columns_of=columns, own=mine):
                    own.append(raw)
        keys = [k for k in (table.primary_key, *table.uniques) if k is not None and column.id in k.columns]
        fks = [fk for fk in table.foreign_keys if column.id in fk.columns] + [
            fk for other in self.schema.tables for fk in other.foreign_keys if other.references(fk, table.id, column.id)]
        blockers = [f"generated column {c.name}" for c in generated] + [f"{r.kind} {r.name}" for r in views + own]
        if self.dialect == "postgres":
            engine, blockers = "PostgreSQL", [] if cascade else blockers
        elif mysql:
            engine = "MariaDB"
            blockers = [f"CHECK {c.name or c.expression}" for c in checks] + blockers \
                + ["a key of several columns" for k in keys if len(k.columns) > 1] + ["a foreign key" for _ in fks]
        else:
            engine = "SQLite"
            blockers = [f"CHECK {c.name or c.expression}" for c in checks] + blockers \
                + [f"index {i.name}" for i in table.indexes if i in indexes or column.id in i.include
                   or any(e.column == column.id for e in i.elements)] \
                + ["a key" for _ in keys] + ["a foreign key" for fk in fks if fk in table.foreign_keys]
        if blockers:
            self._issue("warning", f"DROP COLUMN {table.qualified_name}.{column.name} is refused by {engine}: "
                        f"{', '.join(blockers[:3])}{' …' if len(blockers) > 3 else ''} "
                        f"depend{'s' if len(blockers) == 1 else ''} on it; the column is kept")
            return
        for what in unread:
            self._issue("warning", f"{what} of {table.qualified_name} may name column {column.name}, dropped: "
                        "its text is not read, and it is kept as written")
        if mysql:  # taken out of the indexes of several columns, which stay
            for index in table.indexes:
                if len(index.elements) > 1 and any(e.column == column.id for e in index.elements):
                    index.elements = [e for e in index.elements if e.column != column.id]
        table.checks = [c for c in table.checks if all(c is not d for d in checks)]
        table.indexes = [i for i in table.indexes if all(i is not d for d in indexes)]
        gone = self._views_over(table, views) if views else []
        for view in gone:
            self.schema.raw = [r for r in self.schema.raw if not self._belongs_to_view(r, view)]
        self.schema.raw = [r for r in self.schema.raw if all(r is not g for g in (*gone, *own))]
        for other in generated:
            drop_column(self.schema, table, other.id)
        drop_column(self.schema, table, column.id)

    def _views_over(self, table: Table, first: list[RawObject] | None = None) -> list[RawObject]:
        """The views that read ``table`` (given: ``first``), and the views over those (as PostgreSQL's
        dependencies go)."""
        found: list[RawObject] = list(first or [])
        relations = list(first) if first else [table]
        while relations:
            relation = relations.pop()
            for raw in self.schema.raw:
                if raw.kind not in VIEW_KINDS or any(raw is f for f in found):
                    continue
                if isinstance(relation, Table):
                    reads = bool(self._references(raw, relation))
                else:
                    reads = self._reads_view(raw, relation)
                if reads:
                    found.append(raw)
                    relations.append(raw)
        return found

    @staticmethod
    def _reads_view(raw: RawObject, view: RawObject) -> bool:
        tree = _parsed(definition(raw.sql, raw.dialect), raw.dialect)
        if tree is None:
            return False
        name = (view.name or "").split(".")[-1].lower()
        return any(t.name.lower() == name for t in tree.find_all(exp.Table)
                   if not (isinstance(t.parent, exp.Create) and t.parent.this is t))

    def _belongs_to_view(self, raw: RawObject, view: RawObject) -> bool:
        target = self._target_of(raw)
        return target is not None and target[1].lower() == (view.name or "").split(".")[-1].lower()
