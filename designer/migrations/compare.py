"""Compare two models into ordered migration operations (Alembic's ``compare``).

``compare(old, new)`` matches objects by their stable ids, so a rename is a
rename and a moved table a move.  Between two DDL files, ids mean nothing:
``match_by_name(old, new, renames)`` first gives ``new`` the ids of the ``old``
objects with the same name (or the name the rename hints say), and reports the
likely renames it did not apply.

The order of the operations is safe for any change set:

0. views (and what belongs to them: indexes, triggers, grants, comments) that
   go or are re-made — changed, or reading a table or column this migration
   drops, renames, moves or re-types, or over such a view — are dropped first,
   dependents first (see :mod:`tablewright.designer.migrations.raw`);
1. foreign keys that go or must be re-made (their columns change type, the key
   they point at is re-made) are dropped first;
2. then indexes, checks, uniques and primary keys that go or change;
3. columns and tables that go (their names are free afterwards);
4. new schemas; new extensions, types and domains kept verbatim; renames and
   moves (a name swap goes through a temporary name: networkx finds the chains
   and cycles);
5. enum types and enum values; new tables (without their foreign
   keys); new columns; altered columns;
6. new primary keys, uniques, checks and indexes; then foreign keys, so every
   key exists before anything points at it, whatever the cycles between tables;
7. comments; verbatim objects created or replaced (functions first, then views
   and their dependents in dependency order); enum values and types that go
   (no column uses them any more).

Downgrade is the reversed upgrade, and the phases are symmetric, so it is in a
safe order as well.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace

from tablewright.designer.dialects import SCHEMA_DEFAULT
from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations.ops import ALTERABLE, MigrationScript
from tablewright.designer.model import Column, ForeignKey, Schema, Table, canonical, new_id, object_name


@dataclass(frozen=True)
class RenameHint:
    """A likely rename seen between two DDL files (same table, type and
    position), reported but never applied."""

    kind: str  # "table" or "column"
    table: str | None  # the table as named in NEW (column hints)
    old: str
    new: str

    @property
    def option(self) -> str:
        left = f"{self.table}.{self.old}" if self.kind == "column" else self.old
        return f"--rename {left}={self.new}"

    def __str__(self) -> str:
        what = f"column {self.table}.{self.old}" if self.kind == "column" else f"table {self.old}"
        return (f"{what} may have been renamed to {self.new}: it is dropped and "
                f"{self.new} added, losing its data; if it is a rename, pass {self.option}")


# -- compare by id -------------------------------------------------------------------------------


def compare(old: Schema, new: Schema, hints: list[RenameHint] | None = None) -> MigrationScript:
    """The operations that take ``old`` to ``new``, objects matched by id."""
    comparer = _Comparer(old, new)
    ops = comparer.run()
    return MigrationScript.of(ops, [*(hints or []), *comparer.hints], old, new)


#: the namespace an unqualified name is in, which every database of the engine has
DEFAULT_NAMESPACE = SCHEMA_DEFAULT  # the registry's: PostgreSQL public, SQL Server dbo


def _same(a, b) -> bool:
    return a is b or a == b or canonical(a) == canonical(b)  # equal objects first: no canonical form needed


def _column_state(column: Column) -> dict:
    state = {f: canonical(getattr(column, f)) for f in ALTERABLE}
    if column.type.enum:  # a named enum's values belong to the enum type
        state["type"] = {**state["type"], "values": None}
    return state


class _Comparer:
    def __init__(self, old: Schema, new: Schema):
        self.old, self.new = old, new
        self.old_tables = {t.id: t for t in old.tables}
        self.new_tables = {t.id: t for t in new.tables}
        self.kept = [t for t in new.tables if t.id in self.old_tables]
        self.phases: dict[str, list[o.MigrateOp]] = {p: [] for p in (
            "drop_raw", "seq_disown", "drop_fk", "drop_key", "drop_column", "drop_table", "create_ns", "create_raw_pre",
            "rename", "seq_create", "enum_add", "create_table", "add_column", "alter_column", "seq_drop", "seq_own",
            "add_key", "drop_key_late", "add_fk", "comment",
            "create_raw", "enum_drop", "drop_raw_pre", "drop_ns")}
        self.hints: list = []
        self.remade_indexes: dict[str, list[list[str | None]]] = {}  # table id -> columns of indexes dropped and re-made
        self.followed: dict[str, object] = {}
        for new in self.kept:
            self.followed.update(self._followed(self.old_tables[new.id], new))

    def _followed(self, old: Table, new: Table) -> dict[str, object]:
        """The CHECKs, indexes and columns of ``old`` whose text names a column ``new`` renames, with that
        text as the rename leaves it (each engine rewrites it, or binds it by column): by id, to be compared
        with ``new``'s, so a rename alone re-makes none of them."""
        if old is new:
            return {}
        names = {c.id: c.name for c in new.columns}
        renamed = [(c.name, names[c.id]) for c in old.columns if c.id in names and names[c.id] != c.name]
        if not renamed:
            return {}
        from tablewright.designer.column_refs import follow_renames  # noqa: PLC0415 (renames are rare)

        table = copy.deepcopy(old)
        follow_renames(table, self.new.dialect or self.old.dialect or "postgres", renamed)
        return {x.id: x for x in [*table.checks, *table.indexes, *table.columns]}

    def emit(self, phase: str, op: o.MigrateOp) -> None:
        self.phases[phase].append(op)

    def run(self) -> list[o.MigrateOp]:
        self._namespaces()
        self._enums()
        retyped = self._columns()
        remade_keys = self._keys()
        self._foreign_keys(retyped, remade_keys)
        self._tables()
        self._sequences()
        self._renames()
        self._comments()
        if self.old.raw or self.new.raw:
            self._raw_objects()
        return [op for ops in self.phases.values() for op in ops]

    # -- views and other statements kept verbatim
    def _raw_objects(self):
        from tablewright.designer.migrations.raw import raw_phases  # here: sqlglot reads the views only when there are any

        found = raw_phases(self.old, self.new, [op for ops in self.phases.values() for op in ops])
        self.phases["drop_raw"] = found.drop
        self.phases["create_raw_pre"] = found.create_pre
        self.phases["create_raw"] = found.create
        self.phases["drop_raw_pre"] = found.drop_pre
        self.hints.extend(found.hints)

    # -- namespaces and enums
    def _namespaces(self):
        old = {n.id: n for n in self.old.namespaces}
        new = {n.id: n for n in self.new.namespaces}
        default = DEFAULT_NAMESPACE.get(self.old.dialect or self.new.dialect or "")
        for ns in self.new.namespaces:
            if ns.id not in old and ns.name.lower() != default:  # the engine's own (public) is always there
                self.emit("create_ns", o.CreateNamespace(copy.deepcopy(ns)))
        for ns in self.old.namespaces:
            if ns.id not in new and ns.name.lower() != default:
                self.emit("drop_ns", o.DropNamespace(copy.deepcopy(ns)))

    def _enums(self):
        old = {e.id: e for e in self.old.enums}
        new = {e.id: e for e in self.new.enums}
        for enum in self.new.enums:
            if enum.id not in old:
                self.emit("enum_add", o.CreateEnum(copy.deepcopy(enum)))
                continue
            before, after = list(old[enum.id].values), list(enum.values)
            renamed = _renamed_values(before, after)
            for a, b in renamed:
                self.emit("enum_add", o.RenameEnumValue(enum.id, a, b))
                before[before.index(a)] = b
            for value in [v for v in before if v not in after]:
                self.emit("enum_drop", o.DropEnumValue(enum.id, value, before.index(value)))
            survivors = [v for v in before if v in after]
            for i, value in enumerate(after):
                if value not in before:
                    survivors.insert(i, value)
                    self.emit("enum_add", o.AddEnumValue(enum.id, value, i))
        for enum in self.old.enums:
            if enum.id not in new:
                self.emit("enum_drop", o.DropEnum(copy.deepcopy(enum)))
        # removals apply from the last position back, so positions stay right
        drops = [op for op in self.phases["enum_drop"] if isinstance(op, o.DropEnumValue)]
        others = [op for op in self.phases["enum_drop"] if not isinstance(op, o.DropEnumValue)]
        self.phases["enum_drop"] = sorted(drops, key=lambda op: (op.enum_id, -op.position)) + others

    # -- columns
    def _columns(self) -> set[str]:
        """Add/drop/alter columns of kept tables; returns the ids of columns whose type changes."""
        retyped: set[str] = set()
        for new in self.kept:
            old = self.old_tables[new.id]
            if old is new:  # one object in both models (a lint fix's neighbours): nothing to compare
                continue
            old_cols = {c.id: c for c in old.columns}
            new_cols = {c.id: c for c in new.columns}
            # drops from the last position back, adds from the first on: so the
            # reversed list (the downgrade) also adds from the first position on
            for i, column in reversed(list(enumerate(old.columns))):
                if column.id not in new_cols:
                    self.emit("drop_column", o.DropColumn(new.id, copy.deepcopy(column), i))
            for i, column in enumerate(new.columns):
                before = old_cols.get(column.id)
                if before is None:
                    self.emit("add_column", o.AddColumn(new.id, copy.deepcopy(column), i))
                elif before is not column and before != column \
                        and _column_state(self.followed.get(before.id, before)) != _column_state(column):
                    after = replace(copy.deepcopy(column), name=before.name)
                    if column.type.enum and before.type.enum == column.type.enum:
                        after.type = before.type  # values follow the enum type's own ops
                    self.emit("alter_column", o.AlterColumn(new.id, copy.deepcopy(before), after))
                    if _column_state(before)["type"] != _column_state(column)["type"]:
                        retyped.add(column.id)
        return retyped

    # -- primary keys, uniques, checks, indexes
    def _keys(self) -> set[str]:
        """Ids of primary keys and uniques that are dropped or re-made."""
        remade: set[str] = set()
        for new in self.kept:
            old = self.old_tables[new.id]
            if old is new:
                continue
            if not _same(old.primary_key, new.primary_key):
                if old.primary_key:
                    self.emit("drop_key", o.DropPrimaryKey(new.id, copy.deepcopy(old.primary_key)))
                    remade.add(old.primary_key.id)
                if new.primary_key:
                    self.emit("add_key", o.AddPrimaryKey(new.id, copy.deepcopy(new.primary_key)))
            for attr, add, drop in (("uniques", o.AddUnique, o.DropUnique), ("checks", o.AddCheck, o.DropCheck),
                                    ("exclusions", o.AddExclusion, o.DropExclusion),
                                    ("indexes", o.CreateIndex, o.DropIndex)):
                before = {x.id: x for x in getattr(old, attr)}
                after = {x.id: x for x in getattr(new, attr)}
                for item in getattr(old, attr):
                    if item.id in after and _same(self.followed.get(item.id, item), after[item.id]):
                        continue
                    successor = after.get(item.id)
                    if attr == "indexes" and successor is not None and _same(replace(item, comment=successor.comment),
                                                                              successor):
                        self.emit("comment", o.SetIndexComment(new.id, copy.deepcopy(successor), item.comment))
                        continue
                    if attr == "indexes" and successor is not None and item.name and successor.name \
                            and item.name.lower() != successor.name.lower():
                        # an index a foreign key may need (MySQL/MariaDB: ERROR 1553) exists at every
                        # moment: renamed in place, or the new one made before the old one goes
                        if _same(replace(item, name=successor.name), successor):
                            self.emit("rename", o.RenameIndex(new.id, item.id, item.name, successor.name))
                        else:
                            self.emit("drop_key_late", drop(new.id, copy.deepcopy(item)))
                        continue
                    if attr == "indexes" and successor is None and _covers_foreign_key(item, new) and not any(
                            i.name and item.name and i.name.lower() == item.name.lower() for i in new.indexes):
                        self.emit("drop_key_late", drop(new.id, copy.deepcopy(item)))  # after its replacement
                        continue
                    self.emit("drop_key", drop(new.id, copy.deepcopy(item)))
                    remade.add(item.id)
                    if attr == "indexes":
                        self.remade_indexes.setdefault(new.id, []).append([e.column for e in item.elements])
                for item in getattr(new, attr):
                    if item.id in before and _same(item, self.followed.get(item.id, before[item.id])):
                        continue
                    if attr == "indexes" and item.id in before and _same(replace(before[item.id], comment=item.comment),
                                                                         item):
                        continue  # its comment set above
                    if attr == "indexes" and item.id in before and before[item.id].name and item.name \
                            and _same(replace(before[item.id], name=item.name), item):
                        continue  # renamed above
                    self.emit("add_key", add(new.id, copy.deepcopy(item)))
        return remade

    def _foreign_keys(self, retyped: set[str], remade_keys: set[str]) -> None:
        for new in self.kept:
            old = self.old_tables[new.id]
            after = {fk.id: fk for fk in new.foreign_keys}
            for fk in old.foreign_keys:
                target = after.get(fk.id)
                if target is None or not _same(fk, target) or self._must_remake(fk, retyped, remade_keys, new.id):
                    self.emit("drop_fk", o.DropForeignKey(new.id, copy.deepcopy(fk)))
                    if target is not None:
                        self.emit("add_fk", o.AddForeignKey(new.id, copy.deepcopy(target)))
            before = {fk.id for fk in old.foreign_keys}
            for fk in new.foreign_keys:
                if fk.id not in before:
                    self.emit("add_fk", o.AddForeignKey(new.id, copy.deepcopy(fk)))

    def _must_remake(self, fk: ForeignKey, retyped: set[str], remade_keys: set[str], table_id: str = "") -> bool:
        if set(fk.columns) & retyped or set(fk.ref_columns) & retyped:
            return True
        # an index re-made under the same name that may be the one the key needs (MySQL/MariaDB
        # refuse to drop it, ERROR 1553): the key goes first and comes back after it
        if any(columns[:len(fk.columns)] == fk.columns for columns in self.remade_indexes.get(table_id, [])):
            return True
        parent = self.old_tables.get(fk.ref_table)
        if parent is None or fk.ref_table not in self.new_tables:
            return True
        keys = ([parent.primary_key] if parent.primary_key else []) + list(parent.uniques)
        return any(k.id in remade_keys and set(k.columns) == set(fk.ref_columns) for k in keys)

    # -- tables
    def _tables(self):
        for table in self.new.tables:
            if table.id in self.old_tables:
                continue
            bare = copy.deepcopy(table)
            bare.foreign_keys, bare.indexes, bare.exclusions = [], [], []
            self.emit("create_table", o.CreateTable(bare))
            for exclusion in table.exclusions:
                self.emit("add_key", o.AddExclusion(table.id, copy.deepcopy(exclusion)))
            for index in table.indexes:
                self.emit("add_key", o.CreateIndex(table.id, copy.deepcopy(index)))
            for fk in table.foreign_keys:
                self.emit("add_fk", o.AddForeignKey(table.id, copy.deepcopy(fk)))
        for table in self.old.tables:
            if table.id in self.new_tables:
                continue
            for fk in table.foreign_keys:
                self.emit("drop_fk", o.DropForeignKey(table.id, copy.deepcopy(fk)))
            for index in table.indexes:
                self.emit("drop_key", o.DropIndex(table.id, copy.deepcopy(index)))
            for exclusion in table.exclusions:
                self.emit("drop_key", o.DropExclusion(table.id, copy.deepcopy(exclusion)))
            bare = copy.deepcopy(table)
            bare.foreign_keys, bare.indexes, bare.exclusions = [], [], []
            bare.columns = list(bare.columns)
            self.emit("drop_table", o.DropTable(bare))
        # foreign keys of other dropped tables that pointed at a dropped table are
        # dropped above; those of kept tables come from _foreign_keys

    # -- sequences
    def _sequences(self):
        """Sequences made or dropped, and their owners (PostgreSQL ``OWNED BY``): a
        sequence exists before a default calls it and goes after the last one that
        does; it loses its owner before any column is dropped (the engine would drop
        it with its owner) and gets it once the column exists.  The sequence a
        ``serial`` column makes for itself (``table_column_seq``) is that column's."""
        old = {s.id: s for s in self.old.sequences}
        new = {s.id: s for s in self.new.sequences}
        made_by_serial_old, made_by_serial_new = _serial_sequences(self.old), _serial_sequences(self.new)
        for seq in self.new.sequences:
            before = old.get(seq.id)
            if before is None:
                if _sequence_key(seq) in made_by_serial_old:
                    continue
                self.emit("seq_create", o.CreateSequence(replace(copy.deepcopy(seq), owned_by=None)))
                if seq.owned_by:
                    self.emit("seq_own", o.SetSequenceOwner(seq.id, None, seq.owned_by))
                continue
            plain_before, plain_after = (replace(x, owned_by=None, location=None) for x in (before, seq))
            if _sequence_key(before) != _sequence_key(seq):  # renamed or moved: made again under its new name
                if before.owned_by:
                    self.emit("seq_disown", o.SetSequenceOwner(seq.id, before.owned_by, None))
                self.emit("seq_drop", o.DropSequence(plain_before))
                self.emit("seq_create", o.CreateSequence(plain_after))
                if seq.owned_by:
                    self.emit("seq_own", o.SetSequenceOwner(seq.id, None, seq.owned_by))
                continue
            if not _same(plain_before, plain_after):  # its options; its value stays
                self.emit("seq_create", o.AlterSequence(copy.deepcopy(plain_before), copy.deepcopy(plain_after)))
            if before.owned_by != seq.owned_by:
                if before.owned_by:
                    self.emit("seq_disown", o.SetSequenceOwner(seq.id, before.owned_by, None))
                if seq.owned_by:
                    self.emit("seq_own", o.SetSequenceOwner(seq.id, None, seq.owned_by))
        for seq in self.old.sequences:
            if seq.id in new or _sequence_key(seq) in made_by_serial_new:
                continue
            if seq.owned_by:
                self.emit("seq_disown", o.SetSequenceOwner(seq.id, seq.owned_by, None))
            self.emit("seq_drop", o.DropSequence(replace(copy.deepcopy(seq), owned_by=None)))

    # -- renames and moves
    def _renames(self):
        moves = []
        for new in self.kept:
            old = self.old_tables[new.id]
            if (old.namespace or "") != (new.namespace or ""):
                self.emit("rename", o.MoveTable(new.id, old.namespace, new.namespace))
            if old.name != new.name:
                moves.append((new.id, (new.namespace or "", old.name.lower()), (new.namespace or "", new.name.lower()),
                              old.name, new.name))
        taken = {(t.namespace or "", t.name.lower()) for t in self.old.tables}
        for table_id, old_name, new_name in _ordered_renames(moves, taken):
            self.emit("rename", o.RenameTable(table_id, old_name, new_name))
        for new in self.kept:
            old = self.old_tables[new.id]
            old_cols = {c.id: c for c in old.columns}
            moves = [(c.id, old_cols[c.id].name.lower(), c.name.lower(), old_cols[c.id].name, c.name)
                     for c in new.columns if c.id in old_cols and old_cols[c.id].name != c.name]
            taken = {c.name.lower() for c in old.columns}
            for column_id, old_name, new_name in _ordered_renames(moves, taken):
                self.emit("rename", o.RenameColumn(new.id, column_id, old_name, new_name))

    def _comments(self):
        for new in self.kept:
            old = self.old_tables[new.id]
            if old.comment != new.comment:
                self.emit("comment", o.SetTableComment(new.id, old.comment, new.comment))


def _sequence_key(seq) -> tuple[str, str]:
    return ((seq.namespace or "").lower(), seq.name.lower())


def _serial_sequences(schema: Schema) -> set[tuple[str, str]]:
    """The sequences ``serial`` columns make for themselves (PostgreSQL: ``table_column_seq``)."""
    out = set()
    for table in schema.tables:
        for column in table.columns:
            if (column.type.text or "").lower() in ("serial", "serial4", "bigserial", "serial8", "smallserial",
                                                    "serial2"):
                out.add(((table.namespace or "").lower(), object_name(table.name, column.name, "seq").lower()))
    return out


def _covers_foreign_key(index, table: Table) -> bool:
    """Whether ``index`` may be the one a foreign key of ``table`` uses (its
    columns start with the key's columns)."""
    columns = [e.column for e in index.elements]
    return any(columns[:len(fk.columns)] == fk.columns for fk in table.foreign_keys)


def _renamed_values(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """Enum values renamed in place: a value gone and another new at the same position."""
    return [(a, b) for a, b in zip(before, after) if a != b and a not in after and b not in before]


def _ordered_renames(moves, taken) -> list[tuple[str, str, str]]:
    """Order renames so no name is taken when it is needed; a cycle (a swap)
    goes through a temporary name.  ``moves`` are (id, old key, new key, old
    name, new name); returns (id, from name, to name) steps."""
    if not moves:
        return []
    import networkx as nx  # here, not at the top: renames are rare, and lint fixes compare without them

    graph = nx.DiGraph()
    by_old = {m[1]: m for m in moves}
    for m in moves:
        graph.add_node(m[0])
        blocker = by_old.get(m[2])
        if blocker is not None and blocker[0] != m[0]:
            graph.add_edge(blocker[0], m[0])  # the blocker moves away first
    info = {m[0]: m for m in moves}
    steps: list[tuple[str, str, str]] = []
    current = {m[0]: m[3] for m in moves}
    while graph.number_of_nodes():
        free = sorted(n for n in graph.nodes if graph.in_degree(n) == 0)
        if not free:
            node = min(nx.find_cycle(graph)[0][:1])
            temp = _temporary_name(info[node][3], taken)
            steps.append((node, current[node], temp))
            current[node] = temp
            graph.remove_edges_from(list(graph.out_edges(node)))
            continue
        for node in free:
            steps.append((node, current[node], info[node][4]))
            graph.remove_node(node)
    return steps


def _temporary_name(name: str, taken) -> str:
    names = {t[1] if isinstance(t, tuple) else t for t in taken}
    n = 0
    while True:
        candidate = f"{name}__tw_tmp{n or ''}"
        if candidate.lower() not in names:
            return candidate
        n += 1


# -- matching two DDL files by name ------------------------------------------------------------------


_RENAME = re.compile(r"^\s*([^=]+?)\s*=\s*([^=]+?)\s*$")


def parse_renames(renames: list[str]) -> list[tuple[str | None, str, str]]:
    """``OLD=NEW`` (a table) and ``TABLE.OLD=NEW`` (a column, TABLE as named in
    NEW) → (table or None, old, new); a qualified table may be given as
    ``schema.old=new``: told apart from a column when matching."""
    out = []
    for text in renames:
        match = _RENAME.match(text)
        if not match:
            raise ValueError(f"bad rename {text!r}: expected OLD=NEW or TABLE.OLD=NEW")
        left, right = match.group(1), match.group(2)
        table, _, old = left.rpartition(".")
        out.append((table or None, old, right))
    return out


def match_by_name(old: Schema, new: Schema, renames: list[str] | None = None, *,
                  copy_new: bool = True) -> tuple[Schema, list[RenameHint]]:
    """``new`` with the ids of the matching ``old`` objects (a copy, or ``new``
    itself when not ``copy_new``), and the likely renames that were not given."""
    return _Matcher(old, copy.deepcopy(new) if copy_new else new, parse_renames(renames or [])).run()


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", (text or "").lower()).replace('"', "").replace("`", "")


class _Matcher:
    def __init__(self, old: Schema, new: Schema, renames):
        self.old, self.new = old, new
        self.ids: dict[str, str] = {}  # new id -> old id
        self.table_renames: dict[tuple[str, str], str] = {}  # (ns, new name) -> old name
        self.column_renames: dict[tuple[str, str], str] = {}  # (new table name, new column) -> old column
        new_names = {t.name.lower() for t in new.tables}
        for table, a, b in renames:
            if table is not None and table.split(".")[-1].lower() in new_names | {b.lower()} and \
                    not any(t.name.lower() == a.lower() and (t.namespace or "").lower() == table.lower()
                            for t in old.tables):
                self.column_renames[(table.split(".")[-1].lower(), b.lower())] = a
            else:
                self.table_renames[((table or "").lower(), b.lower())] = a

    def run(self):
        self._match_simple(self.old.namespaces, self.new.namespaces, lambda n: n.name.lower())
        self._match_simple(self.old.enums, self.new.enums, lambda e: (self._ns(e.namespace), e.name.lower()))
        self._match_simple(self.old.sequences, self.new.sequences, lambda s: (self._ns(s.namespace), s.name.lower()))
        pairs = self._match_tables()
        for old, new in pairs:
            self._match_columns(old, new)
        for old, new in pairs:
            self._match_constraints(old, new)
        hints = self._hints(pairs)
        self._fresh_ids()
        self._remap()
        return self.new, hints

    def _ns(self, namespace: str | None) -> str:
        """A namespace as matched: none is the engine's default one (``public``
        in a live PostgreSQL import is where an unqualified DDL table is)."""
        return (namespace or DEFAULT_NAMESPACE.get(self.old.dialect or self.new.dialect or "", "")).lower()

    def _align(self, old, new) -> None:
        """A matched object written unqualified on one side and in the default namespace on
        the other is in the same place: ``new`` (a copy) takes ``old``'s spelling."""
        if (new.namespace or "") != (old.namespace or "") and self._ns(new.namespace) == self._ns(old.namespace):
            new.namespace = old.namespace

    def _match_simple(self, olds, news, key):
        by_key = {key(x): x for x in olds}
        for item in news:
            match = by_key.get(key(item))
            if match is not None:
                self.ids[item.id] = match.id
                if hasattr(item, "namespace") and not hasattr(item, "tables"):
                    self._align(match, item)

    def _match_tables(self):
        pairs = []
        used = set()
        by_name: dict[str, list] = {}  # (one pass: MusicBrainz's 375 tables against 375 was 0.2 s)
        for t in self.old.tables:
            by_name.setdefault(t.name.lower(), []).append(t)
        for table in self.new.tables:
            ns = (table.namespace or "").lower()
            wanted = (self.table_renames.get((ns, table.name.lower()))
                      or self.table_renames.get(("", table.name.lower())) or table.name)
            candidates = [t for t in by_name.get(wanted.lower(), ()) if t.id not in used]
            same_ns = [t for t in candidates if self._ns(t.namespace) == self._ns(table.namespace)]
            match = same_ns[0] if same_ns else (candidates[0] if len(candidates) == 1 else None)
            if match is not None:
                used.add(match.id)
                self.ids[table.id] = match.id
                pairs.append((match, table))
                self._align(match, table)
        return pairs

    def _match_columns(self, old: Table, new: Table):
        by_name = {c.name.lower(): c for c in old.columns}
        for column in new.columns:
            wanted = self.column_renames.get((new.name.lower(), column.name.lower()), column.name)
            match = by_name.get(wanted.lower())
            if match is not None:
                self.ids[column.id] = match.id

    def _cols(self, ids):
        return tuple(self.ids.get(i, i) for i in ids)

    def _match_constraints(self, old: Table, new: Table):
        if old.primary_key and new.primary_key:
            self.ids[new.primary_key.id] = old.primary_key.id
        sig = {
            "foreign_keys": lambda fk, m: (m(fk.columns), m([fk.ref_table])[0] if fk.ref_table else None, m(fk.ref_columns)),
            "uniques": lambda u, m: m(u.columns),
            "checks": lambda c, m: (_norm(c.expression),),
            "indexes": lambda i, m: (tuple((m([e.column])[0] if e.column else None, _norm(e.expression)) for e in i.elements),
                                     i.unique),
        }
        same = lambda ids: tuple(ids)  # noqa: E731 - old ids are already old
        for attr, signature in sig.items():
            olds = list(getattr(old, attr))
            for item in getattr(new, attr):
                match = next((x for x in olds if x.name and item.name and x.name.lower() == item.name.lower()), None)
                if match is None:
                    match = next((x for x in olds if signature(x, same) == signature(item, self._cols)
                                  and (not x.name or not item.name)), None)
                if match is not None:
                    olds.remove(match)
                    self.ids[item.id] = match.id

    def _hints(self, pairs) -> list[RenameHint]:
        hints = []
        matched_old = set(self.ids.values())
        for old, new in pairs:
            for i, column in enumerate(new.columns):
                if column.id in self.ids or i >= len(old.columns):
                    continue
                candidate = old.columns[i]
                if candidate.id not in matched_old and _type_key(candidate) == _type_key(column):
                    hints.append(RenameHint("column", new.name, candidate.name, column.name))
        gone = [t for t in self.old.tables if t.id not in matched_old]
        for table in self.new.tables:
            if table.id in self.ids:
                continue
            shape = [_type_key(c) for c in table.columns]
            for candidate in gone:
                if [_type_key(c) for c in candidate.columns] == shape:
                    hints.append(RenameHint("table", None, candidate.qualified_name, table.name))
                    gone.remove(candidate)
                    break
        return hints

    def _fresh_ids(self):
        """An unmatched new object whose (derived) id an old object has gets a fresh one."""
        old_ids = set(self.old.all_ids())
        for obj_id in list(self.new.all_ids()):
            if obj_id not in self.ids and obj_id in old_ids:
                self.ids[obj_id] = new_id(obj_id.split("_")[0])

    def _remap(self):
        remap_ids(self.new, self.ids)


def remap_ids(s: Schema, ids: dict[str, str]) -> Schema:
    """Give the objects of ``s`` (in place) the ids ``ids`` maps theirs to."""
    m = ids.get
    for obj in [*s.namespaces, *s.enums, *s.sequences, *s.raw]:
        obj.id = m(obj.id, obj.id)
    for seq in s.sequences:
        if seq.owned_by:
            seq.owned_by = (m(seq.owned_by[0], seq.owned_by[0]), m(seq.owned_by[1], seq.owned_by[1]))

    def cols(items):
        return tuple(m(i, i) for i in items)

    for table in s.tables:
        table.id = m(table.id, table.id)
        for column in table.columns:
            column.id = m(column.id, column.id)
        if table.primary_key:
            table.primary_key.id = m(table.primary_key.id, table.primary_key.id)
            table.primary_key.columns = list(cols(table.primary_key.columns))
            table.primary_key.lengths = {m(c, c): n for c, n in table.primary_key.lengths.items()}
        for fk in table.foreign_keys:
            fk.id, fk.columns, fk.ref_columns = m(fk.id, fk.id), list(cols(fk.columns)), list(cols(fk.ref_columns))
            fk.on_delete_columns = list(cols(fk.on_delete_columns))
            fk.ref_table = m(fk.ref_table, fk.ref_table) if fk.ref_table else None
        for unique in table.uniques:
            unique.id, unique.columns = m(unique.id, unique.id), list(cols(unique.columns))
        for check in table.checks:
            check.id = m(check.id, check.id)
            check.column = m(check.column, check.column) if check.column else None
        for index in table.indexes:
            index.id, index.include = m(index.id, index.id), list(cols(index.include))
            for element in index.elements:
                element.column = m(element.column, element.column) if element.column else None
        opts = table.options  # partition and INHERITS parents: table ids
        if opts.partition_of:
            opts.partition_of = m(opts.partition_of, opts.partition_of)
        opts.inherits = [m(p, p) for p in opts.inherits]
    return s


def _type_key(column: Column):
    return (column.type.kind, column.type.length, column.type.precision, column.type.scale)


def compare_by_name(old: Schema, new: Schema, renames: list[str] | None = None) -> MigrationScript:
    """Compare two schemas from DDL files: match by name plus ``renames``."""
    matched, hints = match_by_name(old, new, renames)
    return compare(old, matched, hints)


__all__ = ["RenameHint", "compare", "compare_by_name", "match_by_name", "parse_renames", "remap_ids"]
