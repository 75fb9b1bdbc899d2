"""The schema model: plain Python objects, no Qt, no database.

Every object carries a stable ``id`` that is assigned once and survives renames;
names are ordinary attributes.  Constraints and indexes refer to columns and
tables by id, so renaming a column never has to touch the keys that use it.

SQL fragments the model does not interpret (defaults, CHECK bodies, index
expressions and predicates, generated-column expressions) are kept as text in
the dialect of the schema they came from (``Schema.dialect``); exporters
transpile them with sqlglot when the target dialect differs.
"""

from __future__ import annotations

import itertools
from copy import deepcopy
from dataclasses import dataclass, field, fields, replace
from collections.abc import Collection
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from tablewright.designer.dialects import DIALECTS

try:  # what hashlib.blake2s is; importing hashlib loads OpenSSL besides (~10 M instructions a start)
    from _blake2 import blake2s
except ImportError:  # (a Python built without it)
    from hashlib import blake2s


def new_id(prefix: str) -> str:
    """A fresh random id for an object created by the user."""
    import secrets  # (here: an import or a lint run creates none; secrets imports hmac and OpenSSL)

    return f"{prefix}_{secrets.token_hex(5)}"


def derived_id(prefix: str, *parts: str | None) -> str:
    """A deterministic id for an imported object, so re-importing the same DDL
    gives the same ids (and a project file that diffs cleanly)."""
    digest = blake2s("\x1f".join(p or "" for p in parts).encode(), digest_size=5)
    return f"{prefix}_{digest.hexdigest()}"


def object_name(name1: str, name2: str | None, label: str | None, taken: Collection[str] = ()) -> str:
    """``name1_name2_label`` in at most 63 bytes, as PostgreSQL names what it names
    itself (makeObjectName: a key, a check, an index, a serial's sequence): the
    label is kept and the longer of the two names is shortened, never by half a
    character.  Cutting the whole at 63 would lose the label (an index named as
    its table: "relation already exists") and, past ASCII, still be over 63 bytes.
    A name already in ``taken`` (lower case: see :func:`names_in_namespace`) gets a
    number after its label, ``…_key1``, ``…_key2``, as PostgreSQL's
    ChooseRelationName and ChooseConstraintName do."""
    name = _object_name(name1, name2, label)
    number = 0
    while taken and name.lower() in taken:
        number += 1
        name = _object_name(name1, name2, f"{label or ''}{number}")
    return name


#: per (schema, namespace), the names taken, while a schema that does not change is read (see names_kept)
_TAKEN: ContextVar[dict | None] = ContextVar("taken_names", default=None)


@contextmanager
def names_kept() -> Iterator[None]:
    """Keep :func:`names_in_namespace`'s answers for as long as the schema does not
    change (a lint run: each fix that names an index or a key asks, and the scan
    covers the whole namespace)."""
    token = _TAKEN.set({})
    try:
        yield
    finally:
        _TAKEN.reset(token)


def names_in_namespace(schema: "Schema", namespace: str | None) -> set[str]:
    """Every name a generated name must not take in ``namespace`` (lower case): see
    :func:`_names_in_namespace`; kept while :func:`names_kept` holds."""
    kept = _TAKEN.get()
    if kept is None:
        return _names_in_namespace(schema, namespace)
    key = (id(schema), namespace or None)
    if key not in kept:
        kept[key] = _names_in_namespace(schema, namespace)
    return kept[key]


def _names_in_namespace(schema: "Schema", namespace: str | None) -> set[str]:
    """Every name a generated name must not take in ``namespace`` (lower case): its
    tables, indexes, constraints, sequences and verbatim objects (views…), and the names
    the engine gives the unnamed ones (PostgreSQL's: ``t_pkey``, ``t_a_key``,
    ``t_a_fkey``, ``t_a_idx``…)."""
    out: set[str] = set()
    for table in schema.tables:
        if (table.namespace or None) != (namespace or None):
            continue
        out.add(table.name)
        for item in [*table.constraints(), *table.indexes]:
            name = item.name or engine_default_name(table, item)
            if name:
                out.add(name)
    out.update(s.name for s in schema.sequences if (s.namespace or None) == (namespace or None))
    out.update(r.name.split(".")[-1].strip('"`') for r in schema.raw if r.name)
    return {name.lower() for name in out}


def engine_default_name(table: "Table", item) -> str | None:
    """The name PostgreSQL gives an unnamed constraint or index of ``table``: ``t_pkey``,
    ``t_a_b_fkey``, ``t_a_key``, ``t_a_check``, ``t_a_idx``, ``t_a_excl`` (the first when
    free; the engine adds a number to a name already taken).  None for other items."""
    by_id = {c.id: c.name for c in table.columns}
    ids = [e.column for e in item.elements] if isinstance(item, Index) else \
        [item.column] if isinstance(item, CheckConstraint) and item.column else getattr(item, "columns", [])
    columns = [by_id[c] for c in ids if c in by_id]
    label = {PrimaryKey: "pkey", ForeignKey: "fkey", UniqueConstraint: "key", CheckConstraint: "check",
             Index: "idx", ExclusionConstraint: "excl"}.get(type(item))
    if label == "pkey":
        return _object_name(table.name, None, label)
    return _object_name(table.name, "_".join(columns) or None, label) if label else None


def _object_name(name1: str, name2: str | None, label: str | None) -> str:
    one, two = name1.encode(), (name2 or "").encode()
    avail = 63 - (len(label.encode()) + 1 if label else 0) - (1 if name2 is not None else 0)
    n1, n2 = len(one), len(two)
    while n1 + n2 > avail:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    parts = [one[:n1].decode(errors="ignore")]
    if name2 is not None:
        parts.append(two[:n2].decode(errors="ignore"))
    if label:
        parts.append(label)
    return "_".join(parts)


def qualify(namespace: str | None, name: str) -> str:
    """``namespace.name`` as one string (a parent table as an importer reads it,
    before it is resolved to the table's id): a part holding a dot or a double quote is double-quoted, so ``split_qualified``
    gets the same parts back (a schema may be named ``my.app``)."""
    return ".".join(_quote_part(p) for p in (namespace, name) if p is not None)


def _quote_part(part: str) -> str:
    return '"' + part.replace('"', '""') + '"' if "." in part or '"' in part else part


def split_qualified(text: str) -> tuple[str | None, str]:
    """(namespace, name) of a ``qualify``-d string; unquoted dots separate parts
    (the last is the name, the one before it the namespace)."""
    parts: list[str] = []
    current, quoted, i = "", False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1: i + 2] == '"':
                current += '"'
                i += 1
            elif ch == '"':
                quoted = False
            else:
                current += ch
        elif ch == '"':
            quoted = True
        elif ch == ".":
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    parts.append(current)
    return (parts[-2] if len(parts) > 1 else None), parts[-1]


@dataclass(frozen=True)
class SourceLocation:
    """Where something was read from: file, line and column (1-based)."""
    path: str | None
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path or '<input>'}:{self.line}:{self.column}"


@dataclass(frozen=True)
class DataType:
    """A column type as a value.

    ``kind`` is the normalized name (``integer``, ``bigint``, ``numeric``,
    ``varchar``, ``text``, ``timestamp``, ``timestamptz``, ``uuid``, ``json``,
    ``jsonb``, ``boolean``, ``bytea``, ``enum``, ... or ``other``);
    ``length``/``precision``/``scale`` are its parameters; ``text`` is the type
    exactly as the source wrote it (used for faithful same-dialect export).
    For an enum, ``enum`` names the enum type (PostgreSQL) or ``values`` holds
    the inline values (MySQL).
    """

    kind: str
    text: str = ""
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    unsigned: bool = False
    array_dims: int = 0
    values: tuple[str, ...] = ()
    enum: str | None = None  # qualified enum type name for PostgreSQL enums

    def __str__(self) -> str:
        return self.text or self.kind


@dataclass(frozen=True)
class Identity:
    """An identity column's options (GENERATED ALWAYS / BY DEFAULT AS IDENTITY
    (…)): those of its sequence, as :class:`Sequence` names them; None is the
    engine's default (PostgreSQL: the type's bounds, CACHE 1)."""
    always: bool = False
    start: int | None = None
    increment: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    cache: int | None = None
    cycle: bool = False
    # PostgreSQL: the name of its sequence (in the table's schema) when it is not the one the engine
    # would give it now (``t_id_seq``): kept from a table or column renamed since, as pg_dump writes it
    # in ``SEQUENCE NAME``; None: the engine's
    sequence: str | None = None


def identity_of(always: bool = False, **options) -> Identity:
    """An :class:`Identity` from the options as written (a reader's dict): the
    engine's defaults written out (pg_dump's ``CACHE 1``) read as defaults."""
    if options.get("cache") == 1:
        options["cache"] = None
    return Identity(always=always, **{k: v for k, v in options.items() if k != "cycle"},
                    cycle=bool(options.get("cycle")))


def identity_sequence_name(table: "Table", column: "Column") -> str:
    """The name PostgreSQL gives the sequence of an identity column it makes: ``t_id_seq``."""
    return _object_name(table.name, column.name, "seq")


def identity_sequence(table: "Table", column: "Column", identity: Identity) -> Identity:
    """``identity`` with its sequence's name None where it is the one the engine gives it now."""
    if identity.sequence is not None and identity.sequence == identity_sequence_name(table, column):
        return replace(identity, sequence=None)
    return identity


@dataclass(frozen=True)
class Generated:
    """A generated column's expression (SQL text), stored or virtual."""
    expression: str
    stored: bool = True


@dataclass
class Column:
    """A table column."""
    id: str
    name: str
    type: DataType
    nullable: bool = True
    default: str | None = None
    identity: Identity | None = None
    autoincrement: bool = False  # MySQL AUTO_INCREMENT, SQLite AUTOINCREMENT
    generated: Generated | None = None
    collation: str | None = None
    charset: str | None = None
    on_update: str | None = None  # MySQL ON UPDATE CURRENT_TIMESTAMP
    comment: str | None = None
    location: SourceLocation | None = None


@dataclass
class PrimaryKey:
    """A table's primary key (column ids, in key order)."""
    id: str
    columns: list[str]  # column ids
    name: str | None = None
    clustered: bool | None = None  # SQL Server
    deferrable: bool = False  # PostgreSQL: DEFERRABLE [INITIALLY DEFERRED]
    initially_deferred: bool = False
    lengths: dict[str, int] = field(default_factory=dict)  # column id → MySQL prefix length (``name(10)``)
    location: SourceLocation | None = None
    storage: dict[str, str] = field(default_factory=dict)  # PostgreSQL: its index's WITH (fillfactor = 90)
    method: str | None = None  # MySQL: the key's index type as written (``USING BTREE``; a MEMORY table's default is HASH)


@dataclass
class UnresolvedReference:
    """A foreign-key target that did not exist when the key was read."""

    namespace: str | None
    table: str
    columns: tuple[str, ...]
    #: the target's CREATE TABLE was in the input but could not be imported (the
    #: import reported it): the table exists, the model does not have it
    unread: bool = False


@dataclass
class ForeignKey:
    """A foreign key: columns of its table referencing columns of another (all by id)."""
    id: str
    columns: list[str]  # column ids in the owning table
    ref_table: str | None  # table id, None while unresolved
    ref_columns: list[str]  # column ids in the referenced table
    name: str | None = None
    on_delete: str | None = None  # CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION
    on_update: str | None = None
    # PostgreSQL 15: ON DELETE SET NULL (a, b) / SET DEFAULT (a) sets only these of ``columns`` (ids); [] = all
    on_delete_columns: list[str] = field(default_factory=list)
    deferrable: bool = False
    initially_deferred: bool = False
    not_valid: bool = False
    match: str | None = None
    unresolved: UnresolvedReference | None = None
    location: SourceLocation | None = None


@dataclass
class UniqueConstraint:
    """A UNIQUE constraint (column ids)."""
    id: str
    columns: list[str]
    name: str | None = None
    nulls_not_distinct: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    location: SourceLocation | None = None
    storage: dict[str, str] = field(default_factory=dict)  # PostgreSQL: its index's WITH (fillfactor = 90)


@dataclass
class CheckConstraint:
    """A CHECK constraint: its expression as SQL text in the schema's dialect."""
    id: str
    expression: str
    name: str | None = None
    not_valid: bool = False
    column: str | None = None  # column id when written as a column constraint
    location: SourceLocation | None = None


@dataclass
class ExclusionConstraint:
    """PostgreSQL ``EXCLUDE [USING method] (element WITH operator, ...) [INCLUDE ...]
    [WITH (...)] [USING INDEX TABLESPACE ...] [WHERE (predicate)]``: ``definition`` is
    that text after EXCLUDE, verbatim in the schema's dialect (the model does not
    interpret it); deferrability is modelled like the other constraints'."""

    id: str
    definition: str
    name: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    location: SourceLocation | None = None


@dataclass
class IndexElement:
    """One element of an index: a column (by id) or an expression, with its options."""
    column: str | None = None  # column id, or
    expression: str | None = None  # an expression in the schema's dialect
    descending: bool = False
    nulls: str | None = None  # FIRST / LAST
    opclass: str | None = None
    collation: str | None = None
    length: int | None = None  # MySQL prefix length


@dataclass
class Index:
    """An index: its elements (columns or expressions) and options."""
    id: str
    name: str | None
    elements: list[IndexElement]
    unique: bool = False
    method: str | None = None  # btree, hash, gin, gist, brin, spgist; fulltext/spatial (MySQL)
    predicate: str | None = None
    include: list[str] = field(default_factory=list)  # column ids
    clustered: bool | None = None  # SQL Server
    comment: str | None = None
    location: SourceLocation | None = None
    # PostgreSQL's storage parameters, WITH (fillfactor = 70, fastupdate = off), as TableOptions.storage
    storage: dict[str, str] = field(default_factory=dict)


@dataclass
class TableOptions:
    """A table's storage options (MySQL engine, character set, collation, ...)."""
    engine: str | None = None
    charset: str | None = None
    collation: str | None = None
    partition_by: str | None = None
    partition_of: str | None = None  # the parent table's id (a declarative partition), like a foreign key's
    partition_bound: str | None = None
    inherits: list[str] = field(default_factory=list)  # the parent tables' ids (PostgreSQL INHERITS), in order
    unlogged: bool = False
    temporary: bool = False
    without_rowid: bool = False
    strict: bool = False
    row_level_security: bool = False
    auto_increment: int | None = None
    # PostgreSQL's storage parameters, WITH (fillfactor = 50, toast.autovacuum_enabled = false): name -> value as the
    # engine's reloptions list it (names lower case, values unquoted)
    storage: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    """A table: its columns, keys, constraints, indexes and options."""
    id: str
    name: str
    namespace: str | None = None
    columns: list[Column] = field(default_factory=list)
    primary_key: PrimaryKey | None = None
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    uniques: list[UniqueConstraint] = field(default_factory=list)
    checks: list[CheckConstraint] = field(default_factory=list)
    exclusions: list[ExclusionConstraint] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    options: TableOptions = field(default_factory=TableOptions)
    comment: str | None = None
    location: SourceLocation | None = None

    @property
    def qualified_name(self) -> str:
        return f"{self.namespace}.{self.name}" if self.namespace else self.name

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)

    def column_named(self, name: str) -> Column | None:
        folded = name.lower()
        exact = None
        for column in self.columns:
            if column.name == name:
                return column
            if exact is None and column.name.lower() == folded:
                exact = column
        return exact

    def column_names(self, column_ids: list[str]) -> list[str]:
        by_id = {c.id: c.name for c in self.columns}
        return [by_id[c] for c in column_ids]

    def remove_column(self, column_id: str) -> None:
        """Remove a column and what in this table depends on it (its place in
        the primary key, uniques, foreign keys, checks and indexes), as the
        engines do."""
        self.columns = [c for c in self.columns if c.id != column_id]
        if self.primary_key and column_id in self.primary_key.columns:
            self.primary_key = None
        self.uniques = [u for u in self.uniques if column_id not in u.columns]
        self.foreign_keys = [fk for fk in self.foreign_keys if column_id not in fk.columns]
        self.checks = [c for c in self.checks if c.column != column_id]
        self.indexes = [i for i in self.indexes
                        if all(e.column != column_id for e in i.elements) and column_id not in i.include]
        self.drop_references_to(self.id, column_id)

    def drop_references_to(self, table_id: str, column_id: str | None = None) -> None:
        """Remove this table's foreign keys to ``table_id`` (to one of its
        columns when ``column_id`` is given)."""
        self.foreign_keys = [fk for fk in self.foreign_keys if not self.references(fk, table_id, column_id)]

    def refers_to(self, table_id: str, column_id: str | None = None) -> bool:
        """Whether a foreign key of this table points at ``table_id`` (at ``column_id``)."""
        return any(self.references(fk, table_id, column_id) for fk in self.foreign_keys)

    @staticmethod
    def references(fk: "ForeignKey", table_id: str, column_id: str | None = None) -> bool:
        return fk.ref_table == table_id and (column_id is None or column_id in fk.ref_columns)

    def constraints(self) -> Iterator[PrimaryKey | ForeignKey | UniqueConstraint | CheckConstraint]:
        if self.primary_key:
            yield self.primary_key
        yield from self.foreign_keys
        yield from self.uniques
        yield from self.checks
        yield from self.exclusions


@dataclass
class EnumType:
    """An enumerated type and its values, in order."""
    id: str
    name: str
    values: list[str]
    namespace: str | None = None
    comment: str | None = None
    location: SourceLocation | None = None

    @property
    def qualified_name(self) -> str:
        return f"{self.namespace}.{self.name}" if self.namespace else self.name


@dataclass
class Sequence:
    """A sequence and its options."""
    id: str
    name: str
    namespace: str | None = None
    data_type: str | None = None
    start: int | None = None
    increment: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    cache: int | None = None
    cycle: bool = False
    owned_by: tuple[str, str] | None = None  # (table id, column id)
    location: SourceLocation | None = None
    unlogged: bool = False  # PostgreSQL 15's CREATE UNLOGGED SEQUENCE

    @property
    def qualified_name(self) -> str:
        return f"{self.namespace}.{self.name}" if self.namespace else self.name


@dataclass
class Namespace:
    """A schema (PostgreSQL, SQL Server) or database (MySQL) that holds tables."""
    id: str
    name: str
    comment: str | None = None
    location: SourceLocation | None = None
    charset: str | None = None  # MySQL/MariaDB database defaults (CREATE DATABASE … CHARACTER SET … COLLATE …)
    collation: str | None = None


@dataclass
class RawObject:
    """A statement the model keeps but does not interpret (function, trigger,
    view, extension, grant, ...), verbatim and in source order."""

    id: str
    kind: str  # e.g. "function", "trigger", "view", "extension", "grant"
    sql: str
    dialect: str
    name: str | None = None
    location: SourceLocation | None = None
    # MySQL/MariaDB: the database current (USE) where the statement was read, which
    # its unqualified names resolve in; the export sets it again before the statement
    namespace: str | None = None


def repeats_a_key(table: "Table", i: int) -> bool:
    """Whether the table's ``i``-th unique key is, as PostgreSQL compares the index
    specifications of one CREATE TABLE, equal to its primary key or an earlier unique
    key (the same columns in order, deferral and NULLS NOT DISTINCT): PostgreSQL makes
    only the first of them, without a word."""
    return repeated_key(table, i) is not None


def repeated_key(table: "Table", i: int) -> "PrimaryKey | UniqueConstraint | None":
    """The key the table's ``i``-th unique key repeats (see ``repeats_a_key``): the primary
    key, which PostgreSQL takes first, else the first earlier unique key alike; None."""
    def shape(key, nulls_not_distinct=False):
        return (tuple(key.columns), key.deferrable, key.initially_deferred, nulls_not_distinct)

    unique = table.uniques[i]
    mine = shape(unique, unique.nulls_not_distinct)
    if table.primary_key and shape(table.primary_key) == mine:
        return table.primary_key
    return next((u for u in table.uniques[:i] if shape(u, u.nulls_not_distinct) == mine), None)


def choose_table(same_name: list[Table], name: str, namespace: str | None = None) -> Table | None:
    """Of the tables whose name equals ``name`` case-insensitively, the one
    ``name`` means (``Schema.find_table``'s rule, shared by the indexes of the
    importer and the linter): an exact-case match first; in ``namespace`` when
    given (None when the names are namespaced but none there); else the only one."""
    candidates = [t for t in same_name if t.name == name] or same_name
    if namespace is not None:
        in_ns = [t for t in candidates if (t.namespace or "").lower() == namespace.lower()]
        if in_ns:
            return in_ns[0]
        if any(t.namespace for t in candidates):
            return None
    if len(candidates) == 1 or (candidates and namespace is None):
        return candidates[0]
    return None


@dataclass
class Schema:
    """A whole database design: the root of the model."""

    dialect: str | None = None
    namespaces: list[Namespace] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    enums: list[EnumType] = field(default_factory=list)
    sequences: list[Sequence] = field(default_factory=list)
    raw: list[RawObject] = field(default_factory=list)
    # a name PostgreSQL folded to lower case -> as the DDL wrote it (``transactionid`` -> ``TransactionId``):
    # the name is the engine's, the spelling only shows the linter the words in it
    spellings: dict[str, str] = field(default_factory=dict)

    # -- lookups -------------------------------------------------------------
    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def find_table(self, name: str, namespace: str | None = None) -> Table | None:
        """Find a table by name, case-insensitively when there is no exact match.
        With ``namespace`` None, a unique match in any namespace is accepted."""
        return choose_table([t for t in self.tables if t.name.lower() == name.lower()], name, namespace)

    def find_enum(self, name: str, namespace: str | None = None) -> EnumType | None:
        for enum in self.enums:
            if enum.name.lower() == name.lower() and (
                namespace is None or (enum.namespace or "").lower() == namespace.lower()
            ):
                return enum
        return None

    def find_sequence(self, name: str, namespace: str | None = None) -> Sequence | None:
        for seq in self.sequences:
            if seq.name.lower() == name.lower() and (
                namespace is None or (seq.namespace or "").lower() == namespace.lower()
            ):
                return seq
        return None

    def parents(self, table: Table) -> list[Table]:
        """The tables ``table`` is a partition of or inherits from (``TableOptions``
        holds their ids), partition parent first; ids not in the schema are left out."""
        wanted = ([table.options.partition_of] if table.options.partition_of else []) + table.options.inherits
        by_id = {t.id: t for t in self.tables if t.id in wanted}
        return [by_id[i] for i in dict.fromkeys(wanted) if i in by_id]

    def foreign_keys(self) -> Iterator[tuple[Table, ForeignKey]]:
        for table in self.tables:
            for fk in table.foreign_keys:
                yield table, fk

    def all_ids(self) -> Iterator[str]:
        for obj in itertools.chain(self.namespaces, self.enums, self.sequences, self.raw):
            yield obj.id
        for table in self.tables:
            yield table.id
            for column in table.columns:
                yield column.id
            for constraint in table.constraints():
                yield constraint.id
            for index in table.indexes:
                yield index.id


# -- copying ----------------------------------------------------------------------
# ``copy.deepcopy`` of model objects, several times faster than the generic
# way (a MusicBrainz table: ~280 -> ~45 µs; edits, snapshots, migrations and
# lint fixes copy tables all the time): the frozen values (types, identities,
# generated expressions, locations) are shared, as immutable values may be,
# and the other objects copy their fields directly.  Shared references inside
# a copied structure stay shared, as ``deepcopy`` keeps them (the memo).

_SHARED = frozenset({str, int, float, bool, type(None), SourceLocation, DataType, Identity, Generated})


def _share(self, memo=None):
    return self


def _copy_fields(self, memo):
    new = object.__new__(self.__class__)
    memo[id(self)] = new
    fresh = new.__dict__
    for name, value in self.__dict__.items():
        fresh[name] = value if value.__class__ in _SHARED else deepcopy(value, memo)
    return new


for _cls in (SourceLocation, DataType, Identity, Generated):
    _cls.__copy__ = _share
    _cls.__deepcopy__ = _share
for _cls in (Column, PrimaryKey, UnresolvedReference, ForeignKey, UniqueConstraint, CheckConstraint, IndexElement,
             Index, TableOptions, Table, EnumType, Sequence, Namespace, RawObject, Schema):
    _cls.__deepcopy__ = _copy_fields
del _cls


def canonical(obj, *, ignore: tuple[str, ...] = ("location",)):
    """A plain, comparable representation of any model object: dataclasses
    become dicts (minus ``ignore``d fields), lists stay lists.  Used to compare
    models in tests and to detect changes."""
    if hasattr(obj, "__dataclass_fields__"):
        return {
            f.name: canonical(getattr(obj, f.name), ignore=ignore)
            for f in fields(obj)
            if f.name not in ignore
        }
    if isinstance(obj, (list, tuple)):
        return [canonical(v, ignore=ignore) for v in obj]
    if isinstance(obj, dict):
        return {k: canonical(v, ignore=ignore) for k, v in obj.items()}
    return obj


__all__ = [
    "DIALECTS",
    "CheckConstraint",
    "Column",
    "DataType",
    "EnumType",
    "ForeignKey",
    "Generated",
    "Identity",
    "identity_of",
    "Index",
    "IndexElement",
    "Namespace",
    "PrimaryKey",
    "RawObject",
    "Schema",
    "Sequence",
    "SourceLocation",
    "Table",
    "TableOptions",
    "UniqueConstraint",
    "UnresolvedReference",
    "canonical",
    "derived_id",
    "new_id",
    "replace",
]
