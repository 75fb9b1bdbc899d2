"""The model → SQLAlchemy mapping: ``SchemaMapping`` builds, for one target
dialect, the ``sa.Table`` of each model table (columns with their types,
defaults, identities; keys, checks, foreign keys; indexes), the enum types and
the sequences, with a warning for whatever the target cannot carry.

DDL export (``designer.ddl_export``) compiles a whole schema's mapping into
statements; the migrations planner (``designer.migrations.plan``) maps single
tables for Alembic's operations.  The public API: ``SchemaMapping(schema,
target)``, its ``build_enums()``, ``build_table(table)``,
``build_constraints(table)``, ``build_indexes(table)``, ``namespace(name)``,
``sa_sequence(seq)``, the ``tables`` built (model table id → ``sa.Table``) and
the ``warnings``; ``is_nextval(default)``."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql import quoted_name
from sqlalchemy.dialects import postgresql

from tablewright.designer.dialects import DEFAULT_NAMESPACE, MYSQL_FAMILY, is_serial_type, same_family, shared_sa_dialect
from tablewright.designer.dialects import get as dialect_info
from tablewright.designer.located import Located
from tablewright.designer.model import (Column, DataType, ForeignKey, Index, Schema, Table, identity_sequence_name,
                                          object_name, repeats_a_key, split_qualified)
from tablewright.designer.sa_ddl import AddExclusion, IndexElementClause, RawStatement, VerbatimSQL, VerbatimType
from tablewright.designer.sa_types import _GENERIC_TYPES, _TARGET_TYPES, _integer_type, _lossy_message, _mysql_unsigned, mysql
from tablewright.designer.sql_split import SQLGLOT_DIALECT, SQLGLOT_FAILURES, head_keywords

_DEFAULT_NAMESPACE = DEFAULT_NAMESPACE
_MYSQL = MYSQL_FAMILY


class SchemaMapping:
    """The SQLAlchemy objects of one schema's tables for one target dialect."""

    def __init__(self, schema: Schema, target: str):
        self.schema = schema
        self.target = target
        self.source = schema.dialect or target
        self.same = same_family(self.source, target)
        self.dialect = shared_sa_dialect(target)
        self.my = "mariadb" if target == "mariadb" else "mysql"  # prefix of MySQL-family options
        self.warnings: list[str] = []
        self.metadata = sa.MetaData()
        self.tables: dict[str, sa.Table] = {}  # model table id → sa.Table
        self.sequences: dict[str, sa.Sequence] = {}
        self.enums: dict[str, postgresql.ENUM] = {}
        # constraints added by ALTER TABLE after the tables, kept out of CREATE TABLE: CHECKs that call
        # functions (created later) or are NOT VALID, and PostgreSQL uniques equal to an earlier key
        self.deferred_constraints: list[sa.Constraint] = []
        self.after_tables: list[RawStatement] = []  # column defaults that call the schema's own functions, …
        self.own_functions = self._own_functions()
        self.whole = False  # a whole export (run); migrations build single tables and keep defaults inline
        self.exclusions: list[AddExclusion] = []
        self._auto_numbers: dict[str, str | None] = {}
        self._sqlite_numbered: set[str] = set()  # tables whose auto-number is SQLite's INTEGER PRIMARY KEY
        self.indexes: list[sa.Index] = []
        self.renames: dict[tuple[str, str], str] = {}  # (table id, index/constraint id) → its name in the target
        # stand-ins for tables a foreign key names that the schema does not create, never created themselves
        self._outside_tables: dict[tuple[str | None, str], sa.Table] = {}
        self._keyed: dict[str, set[str]] | None = None  # see _keyed_columns

    def warn(self, message: str, *where: str) -> None:
        """A warning; ``where``: the names in it that say where (the place first, as
        :class:`tablewright.designer.located.Located` takes them), for one that can repeat per place."""
        self.warnings.append(Located(message, where) if where else message)

    # -- names
    def namespace(self, namespace: str | None) -> str | None:
        if namespace is not None and "." in namespace and self.target == "mssql":
            # SQLAlchemy's SQL Server dialect reads a dotted schema as database.owner
            # unless the name is marked as one quoted identifier
            if namespace.lower() == _DEFAULT_NAMESPACE.get(self.source) and not self.same:
                return None
            return quoted_name(namespace, quote=True)
        if namespace is None or self.same:
            return namespace
        if self.target == "sqlite" or namespace.lower() == _DEFAULT_NAMESPACE.get(self.source):
            return None
        return namespace

    def _name(self, name: str | None) -> str | None:
        """Constraint and index names, cut to the target's limit the way the
        engine itself would (PostgreSQL truncates to 63 bytes)."""
        if name is None:
            return None
        limit = self.dialect.max_identifier_length
        if self.target in _MYSQL:
            limit = 64
        raw = name.encode()
        if len(raw) <= limit:
            return name
        return raw[:limit].decode(errors="ignore")

    def name_of(self, table: Table, item) -> str | None:
        """The name an index or constraint of ``table`` has in the target: its own
        (cut to the target's limit), or the one :meth:`plan_names` gave it."""
        renamed = self.renames.get((table.id, item.id))
        if renamed is not None:
            return renamed
        if isinstance(item, Index):
            return self._index_name(table, item)
        return self._name(item.name)

    def _index_name(self, table: Table, index: Index) -> str:
        """An index's name; an unnamed one gets PostgreSQL's own choice: table_column..._idx ("expr" for an expression)."""
        if index.name:
            return self._name(index.name)
        by_id = {c.id: c.name for c in table.columns}
        parts = [by_id.get(e.column, "expr") if e.column else "expr" for e in index.elements]
        return self._name("_".join([table.name, *parts, "idx"]))

    def plan_names(self) -> None:
        """Rename the indexes and constraints whose names collide in the target (its
        namespace for them is wider than the source's: MySQL's index names are per
        table, PostgreSQL's per schema), one warning per rename; names that do not
        collide, and a same-dialect export, are left as they are
        (:mod:`tablewright.designer.name_scopes`)."""
        if self.source == self.target:
            return
        from tablewright.designer.name_scopes import Named, plan_renames

        fixed: list[Named] = []
        named: list[Named] = []
        for table in self.schema.tables:
            if table.id not in self.tables:
                continue
            ns = self.namespace(table.namespace)
            fixed.append(Named(table.id, "table", table.name, ns, fixed=True))
            by_id = {c.id: c.name for c in table.columns}

            def add(kind: str, item, columns: list[str]) -> None:
                if item.name:
                    named.append(Named((table.id, item.id), kind, self._name(item.name), ns, table.id, table.name,
                                       source_name=item.name))
                elif self.target == "postgres" and kind in ("primary", "unique", "exclusion"):
                    # PostgreSQL names it itself when CREATE TABLE runs, before the indexes are made
                    cols = "_".join(by_id[c] for c in columns if c in by_id) or None
                    label = {"primary": "pkey", "unique": "key", "exclusion": "excl"}[kind]
                    name = object_name(table.name, None if kind == "primary" else cols, label)
                    fixed.append(Named((table.id, item.id), kind, name, ns, table.id, table.name, fixed=True))

            if table.primary_key and table.primary_key.columns:
                add("primary", table.primary_key, table.primary_key.columns)
            for unique in table.uniques:
                add("unique", unique, unique.columns)
            for exclusion in table.exclusions:
                add("exclusion", exclusion, [])
            for check in table.checks:
                add("check", check, [])
            for fk in table.foreign_keys:
                if fk.ref_table in self.tables:
                    add("foreign", fk, fk.columns)
            for index in table.indexes:
                named.append(Named((table.id, index.id), "index", self._index_name(table, index), ns,
                                   table.id, table.name, source_name=index.name))
        for seq in self.schema.sequences:
            fixed.append(Named(seq.id, "sequence", seq.name, self.namespace(seq.namespace), fixed=True))
        renames, warnings = plan_renames([*fixed, *named], self.target, dialect_info(self.target).title)
        self.renames.update(renames)
        for message in warnings:
            self.warn(message)

    def build_enums(self):
        if self.target != "postgres":
            return
        for enum in self.schema.enums:
            self.enums[enum.qualified_name.lower()] = postgresql.ENUM(
                *enum.values, name=enum.name, schema=self.namespace(enum.namespace),
                create_type=False, metadata=self.metadata)

    def _build_sequences(self):
        for seq in self.schema.sequences:
            if self._serial_owner(seq):
                continue  # the serial column creates it
            sa_seq = self.sa_sequence(seq)
            if sa_seq is not None:
                self.sequences[seq.id] = sa_seq

    def sa_sequence(self, seq) -> sa.Sequence | None:
        """The SQLAlchemy sequence of a model sequence; None (with a warning) where the target has none."""
        if self.target not in ("postgres", "mssql", "mariadb"):
            self.warn(f"Sequence {seq.qualified_name} is not carried: {self.target} has no sequences.", seq.qualified_name)
            return None
        return sa.Sequence(
            seq.name, start=seq.start, increment=seq.increment, minvalue=seq.min_value,
            maxvalue=seq.max_value, cache=seq.cache, cycle=seq.cycle or None,
            schema=self.namespace(seq.namespace), metadata=self.metadata,
            data_type=self._sequence_type(seq.data_type))

    def _sequence_type(self, text: str | None):
        if not text or self.target == "mariadb":
            return None
        return VerbatimType(text, sa.BigInteger()) if self.same else sa.BigInteger()

    def _serial_owner(self, seq) -> bool:
        if not seq.owned_by or not self.same or self.target != "postgres":
            return False
        table_id, column_id = seq.owned_by
        try:
            column = self.schema.table(table_id).column(column_id)
        except KeyError:
            return False
        return _is_serial(column.type)

    # -- tables and columns
    def build_table(self, table: Table) -> None:
        namespace = self.namespace(table.namespace)
        key = table.name if namespace is None else f"{namespace}.{table.name}"  # sa.Table.key, without making one
        if key in self.metadata.tables:
            self.warn(f"Table {table.qualified_name} is not exported: a table named {key} is already exported.")
            return
        columns = []
        for column in table.columns:
            if not column.name:
                self.warn(f"Table {table.qualified_name} has a column without a name, which {self.target} cannot "
                          "write; it is dropped.")
                continue
            if any(c.name == column.name for c in columns):
                self.warn(f"Column {table.qualified_name}.{column.name} is defined twice; the second one is dropped.",
                          f"{table.qualified_name}.{column.name}")
                continue
            try:
                columns.append(self._build_column(table, column))
            except sa.exc.ArgumentError as exc:  # a combination SQLAlchemy refuses to write
                self.warn(f"Column {table.qualified_name}.{column.name} cannot be written for {self.target} "
                          f"({_first_line(exc)}); it is dropped.")
        kwargs = self._table_kwargs(table)
        if self.whole:
            self._inherited_columns(table, columns)
        if not self.same and self.target in _MYSQL:
            self._fitted_row(table, columns)
        sa_table = sa.Table(table.name, self.metadata, *columns, schema=namespace,
                            comment=table.comment if self._comments_supported(table) else None, **kwargs)
        self.tables[table.id] = sa_table

    def _fitted_row(self, table: Table, columns: list[sa.Column]) -> None:
        """MySQL and MariaDB hold a row of 65,535 bytes, TEXT and BLOB not counted (utf8mb4: 4 bytes a
        character): where PostgreSQL's VARCHARs pass it (Znuny's calendar_appointment, four VARCHAR(3800)
        beside fifteen more; LibreTime's cc_files) the longest ones that are in no key or index are
        written TEXT until the row fits, with a warning (TEXT refuses no value past the length)."""
        from tablewright.designer.innodb_fit import ROW_BYTES, row_bytes

        size = row_bytes([c.type for c in columns], sum(c.nullable for c in columns))
        if size <= ROW_BYTES:
            return
        indexed = self._keyed_columns().get(table.id, set()) | {
            e.column for ix in table.indexes for e in ix.elements if e.column}
        candidates = sorted((c for c in columns if c.info["model"].id not in indexed
                             and type(c.type) in (sa.String, sa.VARCHAR, sa.NVARCHAR) and c.type.length),
                            key=lambda c: -c.type.length)
        written = []
        for column in candidates:
            if size <= ROW_BYTES:
                break
            before = row_bytes([column.type])
            written.append(f"{column.name} ({column.type.compile(dialect=self.dialect)})")
            column.type = mysql.TEXT()
            size -= before - row_bytes([column.type])
        if written:
            many = len(written) > 1
            self.warn(f"Column{'s' if many else ''} {', '.join(written)} of table {table.qualified_name} "
                      f"{'are' if many else 'is'} written TEXT: as VARCHAR{'s' if many else ''} the row would pass the 65,535 "
                      f"bytes {self.target} holds (utf8mb4: 4 bytes a character), and TEXT refuses no value past "
                      "the length.", table.qualified_name, ", ".join(written))
        if size > ROW_BYTES:
            self.warn(f"The row of table {table.qualified_name} takes more than the 65,535 bytes {self.target} holds "
                      "even so: its keyed and indexed columns are too wide; it will be refused.", table.qualified_name)

    def _keyed_columns(self) -> dict[str, set[str]]:
        """Per table id, the columns a primary or unique key, a unique index or a foreign key reads (either
        end of the key): on MySQL and MariaDB they must be bounded (a plain index takes a prefix instead)."""
        if self._keyed is None:
            keyed: dict[str, set[str]] = {}
            for table in self.schema.tables:
                mine = keyed.setdefault(table.id, set())
                for key in [*([table.primary_key] if table.primary_key else []), *table.uniques]:
                    mine.update(key.columns)
                mine.update(e.column for ix in table.indexes if ix.unique for e in ix.elements if e.column)
                for fk in table.foreign_keys:
                    mine.update(fk.columns)
                    if fk.ref_table:
                        keyed.setdefault(fk.ref_table, set()).update(fk.ref_columns)
            self._keyed = keyed
        return self._keyed

    def _as_its_target(self, table: Table, column: Column, type_, where: str):
        """InnoDB takes a foreign key only between integers of one size and sign (PostgreSQL takes
        integer to bigint: Hex's packages.repository_id to repositories.id, OpenStreetMap's issues):
        an integer key column of a cross-dialect export is written as the column it references."""
        parent = self._referenced_column(table, column) if _integer_type(type_) else None
        if parent is None:
            return type_
        written = self._mapped_type(parent.type, where, quiet=True)
        if not _integer_type(written):
            return type_
        mine, theirs = (str(t.compile(dialect=self.dialect)) for t in (type_, written))
        if mine != theirs:
            self.warn(f"Column {where} is {mine}, the column it references {theirs}: written {theirs}, as "
                      f"{self.target} takes a foreign key only between integers of one size and sign.", where)
            return written
        return type_

    def _untyped_key(self, table: Table, column: Column, type_, where: str):
        """SQLite's column without a type that is a foreign key (Zotero's itemData.valueID) takes the type of
        the column it references: as text (the untyped default) PostgreSQL refuses the key, incompatible types."""
        parent = self._referenced_column(table, column)
        if parent is None or (not parent.type.text and parent.type.kind == "other"):
            return type_
        self.warn(f"Column {where} has no type; as a foreign key it takes the type of the column it references "
                  f"({parent.type.text}).", where)
        return self._mapped_type(parent.type, where, quiet=True)

    def _referenced_column(self, table: Table, column: Column) -> Column | None:
        """The column a one-column (or positional) foreign key of ``column`` references, where the schema has it."""
        known = {t.id for t in self.schema.tables}
        for fk in table.foreign_keys:
            if column.id in fk.columns and fk.ref_table in known:
                i = fk.columns.index(column.id)
                if i < len(fk.ref_columns):
                    try:
                        return self.schema.table(fk.ref_table).column(fk.ref_columns[i])
                    except KeyError:
                        return None
        return None

    def _fitted_length(self, type_, where: str):
        """MySQL and MariaDB cap CHAR at 255 characters and VARCHAR at 16,383 (utf8mb4's 65,535 bytes):
        a longer one of PostgreSQL's (Request Tracker's varchar(65536), dbmail's char(256)) is written
        VARCHAR(n) or LONGTEXT, with a warning."""
        base = getattr(type_, "impl_instance", type_)
        length = getattr(base, "length", None)
        if not isinstance(base, sa.String) or length is None or isinstance(base, sa.Text):
            return type_
        if isinstance(base, sa.CHAR) and 255 < length <= 16383:
            written = sa.String(length)
        elif length > 16383:
            written = mysql.LONGTEXT()
        else:
            return type_
        self.warn(f"Column {where} ({base.compile(dialect=self.dialect)}) is longer than {self.target} allows that "
                  f"type: it is written {written.compile(dialect=self.dialect)}.", where)
        return written

    def _indexable(self, type_, where: str):
        """MySQL and MariaDB index no TEXT or BLOB without a prefix length, and a foreign key takes
        none: a key column of such a type (PostgreSQL's ``text`` and ``bytea``: Rails' ar_internal_metadata.key,
        Kanboard's sessions.id, Synapse's user ids) is written VARCHAR(255) / VARBINARY(255), with a warning."""
        unbounded = _unbounded(type_)
        if unbounded is None:
            return type_
        written = mysql.VARBINARY(255) if unbounded == "binary" else sa.String(255)
        self.warn(f"Column {where} is in a key or an index, and {self.target} indexes no TEXT or BLOB without a "
                  f"length: it is written {written.compile(dialect=self.dialect)} (longer values are refused).", where)
        return written

    def _inherited_columns(self, table: Table, columns: list[sa.Column]) -> None:
        """PostgreSQL INHERITS: the columns the parents have are the parents'
        (marked, and left out of CREATE TABLE); where the child's NOT NULL or default
        differs, an ALTER TABLE ONLY after the tables says so."""
        if self.target != "postgres" or not self.same or not table.options.inherits:
            return
        inherited: dict[str, Column] = {}
        for parent in self._tables_by_id(table.options.inherits):
            for column in parent.columns:
                inherited.setdefault(column.name, column)
        target = self.dialect.identifier_preparer
        qualified = ".".join(target.quote(p) for p in (self.namespace(table.namespace), table.name) if p)
        for sa_column in columns:
            parent_column = inherited.get(sa_column.name)
            if parent_column is None:
                continue
            sa_column.info["inherited"] = True
            column = table.column_named(sa_column.name)
            alter = f"ALTER TABLE ONLY {qualified} ALTER COLUMN {target.quote(column.name)}"
            if not column.nullable and parent_column.nullable:
                self.after_tables.append(RawStatement(f"{alter} SET NOT NULL"))
            if column.default != parent_column.default:
                default = self._fragment(column.default, f"the default of column {table.qualified_name}.{column.name}")
                self.after_tables.append(RawStatement(f"{alter} {'SET DEFAULT ' + default if default else 'DROP DEFAULT'}"))

    def _own_functions(self) -> set[str]:
        """Lower-cased names of the functions the schema defines (kept verbatim)."""
        names = set()
        for raw in self.schema.raw:
            if raw.name and raw.kind in ("function", "procedure", "aggregate"):
                names.add(raw.name.split("(", 1)[0].rsplit(".", 1)[-1].strip('"`[]').lower())
        return names

    def _comments_supported(self, table: Table) -> bool:
        if self.target != "sqlite":
            return True
        if table.comment or any(c.comment for c in table.columns):
            self.warn(f"Comments on table {table.qualified_name} are not carried: SQLite has no comments.",
                      table.qualified_name)
        return False

    def _table_kwargs(self, table: Table) -> dict:
        opts, kw = table.options, {}
        prefixes = [p for p, on in (("TEMPORARY", opts.temporary), ("UNLOGGED", opts.unlogged)) if on]
        if prefixes and self.target == "postgres":
            kw["prefixes"] = prefixes
        elif opts.temporary:
            kw["prefixes"] = ["TEMPORARY"]
        if self.target == "postgres":
            self._postgres_table_kwargs(table, kw)
        elif self.target in _MYSQL:
            self._mysql_table_kwargs(table, kw)
        elif self.target == "sqlite":
            if opts.without_rowid:
                kw["sqlite_with_rowid"] = False
            if opts.strict:
                kw["sqlite_strict"] = True
            if table.id in self._sqlite_numbered:
                kw["sqlite_autoincrement"] = True
        self._warn_lost_options(table)
        return kw

    def _sqlite_rowid(self, table: Table, column: Column, type_, where: str):
        """An auto-numbered column (auto-increment, identity, serial) for SQLite, which numbers
        only a rowid alias: the one column of the primary key, declared exactly INTEGER (any
        other spelling -- BIGINT, INT, SMALLINT -- is an ordinary column, and AUTOINCREMENT on
        it is refused: 'AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY').  The
        table's auto-number, when it is its whole primary key and an integer of any width,
        becomes ``INTEGER PRIMARY KEY AUTOINCREMENT`` (SQLite's INTEGER holds 64 bits); any
        other is not carried, with a warning.  Returns the column's type."""
        pk = table.primary_key.columns if table.primary_key else []
        if not pk:
            reason = f"{table.qualified_name} has no primary key"
        elif pk != [column.id]:
            reason = f"its primary key is ({', '.join(table.column_names(pk))})"
        elif column.id != self._auto_number(table):
            reason = "another column is the table's auto-number"
        elif not _integer_type(type_):
            reason = "its type is not an integer type"
        elif table.options.without_rowid:
            reason = "the table is WITHOUT ROWID"
        else:
            self._sqlite_numbered.add(table.id)
            return type_ if self.same else sa.INTEGER()
        self.warn(f"The auto-increment of column {where} is not carried: SQLite auto-numbers only the single column "
                  f"of an INTEGER PRIMARY KEY, and {reason}.", where, table.qualified_name)
        return type_

    def _postgres_table_kwargs(self, table: Table, kw: dict) -> None:
        opts = table.options
        parents = self._tables_by_id(opts.inherits)
        if len(parents) < len(opts.inherits):
            self.warn(f"A parent table of {table.qualified_name} is not in the schema; its INHERITS leaves it out.",
                      table.qualified_name)
        if parents:
            # quoted here part by part; SQLAlchemy would quote the whole "schema.name" as one identifier again
            kw["postgresql_inherits"] = [sa.sql.quoted_name(self._table_ref(p), False) for p in parents]
        if opts.partition_by and self._partitioning_carried():
            kw["postgresql_partition_by"] = self._fragment(opts.partition_by, f"the partition key of table {table.qualified_name}") or None
        if opts.storage:
            kw["postgresql_with"] = dict(opts.storage)

    def _tables_by_id(self, table_ids: list[str]) -> list[Table]:
        """The tables of ``table_ids`` (a child's parents), in that order; ids not in the schema left out."""
        by_id = {t.id: t for t in self.schema.tables if t.id in table_ids}
        return [by_id[i] for i in table_ids if i in by_id]

    def _table_ref(self, table: Table) -> str:
        """A table named in another's DDL (INHERITS, PARTITION OF) as its own CREATE TABLE names it:
        each part through SQLAlchemy's quoting."""
        prep = self.dialect.identifier_preparer
        return ".".join(prep.quote(p) for p in (self.namespace(table.namespace), table.name) if p is not None)

    def _mysql_table_kwargs(self, table: Table, kw: dict) -> None:
        opts = table.options
        if opts.engine:
            kw[f"{self.my}_engine"] = opts.engine
        if opts.charset and self.same:
            kw[f"{self.my}_default_charset"] = opts.charset
        if opts.collation and self.same:
            kw[f"{self.my}_collate"] = opts.collation
        if opts.partition_by and self._partitioning_carried():
            kw[f"{self.my}_partition_by"] = opts.partition_by  # the clause as written (see _cut_partitioning)
        if self.same:
            for key, value in opts.extra.items():
                if key.isascii() and key.islower() and key.replace("_", "").isalpha() and not key.startswith("sqlite"):
                    kw[f"{self.my}_{key.lower()}"] = value

    def _partitioning_carried(self) -> bool:
        """A table's ``partition_by`` is PostgreSQL's partition key or MySQL's whole PARTITION BY
        clause, as the source wrote it: carried to a target of the same family only."""
        return (self.target == "postgres" and self.source == "postgres") or \
            (self.target in _MYSQL and self.source in _MYSQL)

    def _warn_lost_options(self, table: Table) -> None:
        opts, t = table.options, self.target
        lost = {
            "partitioning": opts.partition_by and not self._partitioning_carried(),
            "PARTITION OF clause": opts.partition_of and t != "postgres",
            "INHERITS clause": opts.inherits and t != "postgres",
            "UNLOGGED option": opts.unlogged and t != "postgres",
            "WITH (…) storage clause": opts.storage and t != "postgres",
            "WITHOUT ROWID option": opts.without_rowid and t != "sqlite",
            "STRICT option": opts.strict and t != "sqlite",
            "storage engine": opts.engine and t not in _MYSQL,
        }
        for what, is_lost in lost.items():
            if is_lost:
                self.warn(f"The {what} of table {table.qualified_name} is not carried to {t}.", table.qualified_name)

    def _reads_auto_number(self, table: Table, text: str) -> bool:
        """Whether a CHECK (in the target's SQL) names the column that becomes the table's
        AUTO_INCREMENT (MusicBrainz's CHECK (id > 0) on serial keys)."""
        auto = self._auto_number(table)
        if auto is None:
            return False
        import sqlglot
        from sqlglot import exp

        try:
            tree = sqlglot.parse_one(text, read=SQLGLOT_DIALECT[self.target])
        except SQLGLOT_FAILURES:
            return False
        name = table.column(auto).name.lower()
        return any(c.name.lower() == name for c in tree.find_all(exp.Column))

    def _auto_number(self, table: Table) -> str | None:
        """The one column of a table that becomes the target's auto-number
        (IDENTITY, AUTO_INCREMENT) in a cross-dialect export -- an engine allows
        one: an identity/auto-increment column first (MySQL: a key column first, its
        AUTO_INCREMENT must be a key), then a serial or ``nextval`` column of the
        primary key, then the first serial one."""
        if table.id not in self._auto_numbers:
            pk = set(table.primary_key.columns) if table.primary_key else set()
            candidates = [c for c in table.columns
                          if c.identity is not None or c.autoincrement or _is_serial(c.type) or is_nextval(c.default)]
            if self.target in _MYSQL:
                ranked = sorted(candidates, key=lambda c: (c.id not in pk, c.identity is None and not c.autoincrement,
                                                           not _is_serial(c.type)))
            else:
                ranked = sorted(candidates, key=lambda c: (c.identity is None and not c.autoincrement,
                                                           c.id not in pk, not _is_serial(c.type)))
            self._auto_numbers[table.id] = ranked[0].id if ranked else None
        return self._auto_numbers[table.id]

    def _next_value(self, column: Column, where: str):
        """A ``nextval('seq')`` default that is not the table's auto-number:
        ``NEXT VALUE FOR seq`` where the target has the sequence, else dropped with a warning."""
        import sqlglot

        literal = None
        try:
            literal = next((lit.this for lit in sqlglot.parse_one(column.default, read="postgres").find_all(
                sqlglot.exp.Literal) if lit.is_string), None)
        except SQLGLOT_FAILURES:
            pass
        seq = self.schema.find_sequence(*reversed(split_qualified(literal))) if literal else None
        if seq is not None and seq.id in self.sequences and self.target in ("mssql", "mariadb"):
            sa_seq = self.sequences[seq.id]
            prep = self.dialect.identifier_preparer
            return VerbatimSQL(f"NEXT VALUE FOR {prep.format_sequence(sa_seq)}")
        self.warn(f"The default {column.default} of column {where} is not carried to {self.target}: "
                  "the table's auto-number is another column and the sequence is not there.", where)
        return None

    def _build_column(self, table: Table, column: Column) -> sa.Column:
        where = f"{table.qualified_name}.{column.name}"
        serial = _is_serial(column.type) or is_nextval(column.default)
        if serial and not self.same and column.id != self._auto_number(table):
            serial = False  # a second sequence-backed column: its default stays a default
        autoincrement = self._autoincrement(column, serial)
        args = []
        identity = self._identity(table, column, serial, where)
        if identity is not None:
            args.append(identity)
        if column.generated is not None:
            expression = self._fragment(column.generated.expression, f"the generated expression of column {where}",
                                        binary=column.type.kind == "bytea")
            if expression:
                args.append(sa.Computed(VerbatimSQL(expression), persisted=column.generated.stored))
        type_ = self._type(column, where)
        if not self.same and self.target in _MYSQL:
            type_ = self._fitted_length(type_, where)
        if not self.same and self.target in _MYSQL and column.id in self._keyed_columns().get(table.id, ()):
            type_ = self._indexable(type_, where)
            type_ = self._as_its_target(table, column, type_, where)
        if not column.type.text and column.type.kind == "other" and self.target != "sqlite":
            type_ = self._untyped_key(table, column, type_, where)
        if self.target == "sqlite" and (serial or column.autoincrement or column.identity is not None
                                        or _is_serial(column.type)):
            type_ = self._sqlite_rowid(table, column, type_, where)
        server_default = self._server_default(table, column, serial, where, type_)
        if identity is not None and server_default is not None:
            self.warn(f"The default of identity column {where} is not carried: an identity column has no default "
                      f"in {self.target}.", where)
            server_default = None
        if autoincrement and not _integer_type(type_):
            self.warn(f"The auto-increment of column {where} is not carried: its type is not an integer type.", where)
            autoincrement = False
        return sa.Column(
            column.name,
            type_,
            *args,
            nullable=column.nullable and identity is None,  # (MySQL's AUTO_INCREMENT declared NULL is NOT NULL there too)
            server_default=server_default,
            autoincrement="auto" if identity is not None else autoincrement,
            comment=column.comment if self.target != "sqlite" else None,
            info={"model": column, "auto_increment": autoincrement and self.target in _MYSQL},
        )

    def _autoincrement(self, column: Column, serial: bool) -> bool:
        if self.target in _MYSQL:
            return column.autoincrement or (serial and not self.same) or (column.identity is not None)
        return False  # never let SQLAlchemy turn a column into SERIAL by itself

    def _identity(self, table: Table, column: Column, serial: bool, where: str):
        if self.target in ("postgres", "mssql"):
            if column.identity is not None and not self.same and column.id != self._auto_number(table):
                self.warn(f"The identity of column {where} is not carried: {self.target} allows one per table.", where)
                return None
            if column.identity is not None:
                ident = column.identity
                if self.whole and self.target == "postgres" and ident.sequence \
                        and ident.sequence != identity_sequence_name(table, column):
                    return None  # its sequence named as it is: made by ALTER TABLE … ADD GENERATED (ddl_export)
                return sa.Identity(always=ident.always, start=ident.start, increment=ident.increment,
                                   minvalue=ident.min_value, maxvalue=ident.max_value, cache=ident.cache,
                                   cycle=True if ident.cycle else None)
            if (column.autoincrement or serial) and not self.same:
                return sa.Identity()
        return None

    def _server_default(self, table: Table, column: Column, serial: bool, where: str, type_=None):
        default = column.default
        if column.on_update and self.target in _MYSQL:
            on_update = self._fragment(column.on_update, f"the ON UPDATE of column {where}")
            base = self._fragment(default, f"the default of column {where}") if default else None
            if on_update:
                return VerbatimSQL(f"{base or 'NULL'} ON UPDATE {on_update}")
        elif column.on_update:
            self.warn(f"ON UPDATE {column.on_update} of column {where} is not carried to {self.target}.", where)
        if default is None:
            return None
        if serial and not self.same:
            return None  # became an identity / auto-increment
        if not self.same and is_nextval(default):
            return self._next_value(column, where)
        if not self.same and column.type.array_dims and self.target != "postgres":
            return self._array_default(default, where)
        if not self.same and not column.nullable:
            from tablewright.designer.default_fit import is_null

            if is_null(default, self.source):
                return None  # (LMS's integer NOT NULL DEFAULT NULL, which MariaDB refuses: the same as none)
        if not self.same:
            from tablewright.designer.default_fit import respelled

            replaced = respelled(default, type_, self.source, self.target)  # the same value: no warning
            replaced = replaced if replaced is not None else self._fitted_default(column, type_, where)
            if replaced is not None:
                return VerbatimSQL(replaced) if replaced else None
        text = self._bit_literal(default) or self._fragment(default, f"the default of column {where}")
        if text and self.whole and self.target == "postgres" and _calls(text, self.own_functions, self.target):
            # the function is created after the tables: set the default once it exists
            target = self.dialect.identifier_preparer
            qualified = ".".join(target.quote(p) for p in (self.namespace(table.namespace), table.name) if p)
            self.after_tables.append(RawStatement(
                f"ALTER TABLE {qualified} ALTER COLUMN {target.quote(column.name)} SET DEFAULT {text}"))
            return None
        return VerbatimSQL(text) if text else None

    def _fitted_default(self, column: Column, type_, where: str) -> str | None:
        """None when the column's literal default is a value of its type in the target; else
        (MySQL's zero date in PostgreSQL, …: :mod:`tablewright.designer.default_fit`) the
        target's own spelling of it where there is one (PostgreSQL's ``'now'``), or "" (it is
        dropped), with a warning that names the column."""
        from tablewright.designer.default_fit import TEMPORAL, mapped, misfit

        type_name = ""
        if self.target == "mssql" and column.type.kind in TEMPORAL and type_ is not None:
            try:  # (SQL Server's DATETIME starts in 1753)
                type_name = self.dialect.type_compiler_instance.process(type_)
            except (sa.exc.CompileError, sa.exc.UnsupportedCompilationError, TypeError, AttributeError):
                pass
        reason = misfit(column.default, column.type.kind, type_, self.source, self.target, type_name)
        if reason is None:
            return None
        replacement = mapped(column.default, column.type.kind, self.source, self.target)
        if replacement:
            self.warn(f"The default {column.default} of column {where} is written {replacement} for {self.target}: "
                      f"{reason}.", where)
            return replacement
        then = ("it is NOT NULL without a default there, so an insert must give it a value" if not column.nullable
                else "it defaults to NULL there")
        self.warn(f"The default {column.default} of column {where} is not carried to {self.target}: {reason}; {then}.",
                  where)
        return ""

    # -- types
    def _type(self, column: Column, where: str) -> sa.types.TypeEngine:
        dt = column.type
        if not dt.text and dt.kind == "other":  # SQLite's column without a type
            if self.target == "sqlite":
                return VerbatimType("", sa.types.NullType())
            self.warn(f"Column {where} has no type, which {self.target} requires; it is exported as text.", where)
            return (_TARGET_TYPES.get(("text", self.target)) or _GENERIC_TYPES["text"])(dt)
        if self._json_alias(column):
            return mysql.JSON()  # MariaDB's JSON alias (LONGTEXT … CHECK (json_valid(c))) is MySQL's JSON
        base = self._mapped_type(dt, where, quiet=self.same)
        if self.same and (dt.text or self.target == "sqlite"):
            return VerbatimType(self._verbatim_text(column), base)  # SQLite allows no type at all
        if dt.kind not in ("enum", "json") and column.collation and self.same is False:
            self.warn(f"The collation {column.collation} of column {where} is not carried to {self.target}.", where)
        return base

    def _json_alias(self, column: Column) -> bool:
        """A column of MariaDB's JSON alias (LONGTEXT with its json_valid CHECK: kind json) exported for MySQL,
        whose JSON is a type of its own."""
        return self.same and self.source == "mariadb" and self.target == "mysql" and column.type.kind == "json" \
            and not column.type.text.lower().startswith("json")

    def _verbatim_text(self, column: Column) -> str:
        text = column.type.text
        if _is_serial(column.type) and (column.autoincrement or column.default):
            pass
        prep = self.dialect.identifier_preparer
        if column.charset and self.target in _MYSQL and "character set" not in text.lower():
            text += f" CHARACTER SET {column.charset}"
        if column.collation and "collate" not in text.lower():
            text += " COLLATE " + ".".join(
                p if p[:1] in '"`[' else prep.quote(p) for p in column.collation.split("."))
        return text

    def _mapped_type(self, dt: DataType, where: str, quiet: bool) -> sa.types.TypeEngine:
        if dt.kind == "enum":
            return self._enum_type(dt, where, quiet)
        factory = _TARGET_TYPES.get((dt.kind, self.target)) or _GENERIC_TYPES.get(dt.kind)
        if factory is None and not self.same and self.target in (*_MYSQL, "mssql") and dt.kind == "other" and dt.text:
            return self._foreign_type(dt, where, quiet)
        if factory is None:
            if not quiet:
                self.warn(f"Column {where} has type {dt.text or dt.kind} which {self.target} may not know; it is exported "
                          "as written.", where)
            return sa.types.NullType() if quiet else VerbatimType(dt.text or "TEXT", sa.types.NullType())
        sa_type = factory(dt)
        if dt.unsigned and self.target in _MYSQL and hasattr(sa_type, "__class__"):
            sa_type = _mysql_unsigned(dt) or sa_type
        if quiet:
            return sa_type
        message = _lossy_message(dt.kind, self.target)
        if message:
            self.warn(f"Column {where} ({dt.text or dt.kind}) {message}.", where)
        if dt.unsigned and self.target not in _MYSQL:
            if dt.kind in ("float", "double", "real", "decimal", "numeric"):
                # an unsigned FLOAT/DOUBLE/DECIMAL has no larger range: UNSIGNED only refuses negatives
                self.warn(f"Column {where} is UNSIGNED; {self.target} has no unsigned types, so negative values "
                          "are no longer refused (add a CHECK to keep that).", where)
            else:
                self.warn(f"Column {where} is UNSIGNED; {self.target} has no unsigned integers, so the upper range "
                          "is lost.", where)
        if dt.array_dims:
            return self._array_type(sa_type, dt, where)
        return sa_type

    def _array_default(self, default: str, where: str):
        """The default of an array column written as JSON: an empty array (PostgreSQL's ``'{}'::text[]``,
        ``ARRAY[]::integer[]``: Rails' tags, Bike Index) is JSON's ``[]``; any other is not carried."""
        import sqlglot
        from sqlglot import exp

        try:
            tree = sqlglot.parse_one(default, read=SQLGLOT_DIALECT[self.source])
        except SQLGLOT_FAILURES:
            tree = None
        while isinstance(tree, (exp.Cast, exp.Paren)):
            tree = tree.this
        empty = (isinstance(tree, exp.Literal) and tree.is_string and tree.this.strip() == "{}") or \
            (isinstance(tree, exp.Array) and not tree.expressions)
        if empty:
            return VerbatimSQL("('[]')" if self.target in _MYSQL else "'[]'")
        self.warn(f"The default of column {where} ({default}) is an array of {dialect_info(self.source).title}, which "
                  f"is not carried to {self.target}'s JSON.", where)
        return None

    def _array_type(self, sa_type, dt: DataType, where: str):
        if self.target == "postgres":
            return postgresql.ARRAY(sa_type, dimensions=dt.array_dims)
        self.warn(f"Column {where} is an array ({dt.text}); {self.target} has no arrays, so it is exported as JSON "
                  "text.", where)
        return _TARGET_TYPES.get(("json", self.target), _GENERIC_TYPES["json"])(dt)

    def _foreign_type(self, dt: DataType, where: str, quiet: bool):
        """A type of the source's own making or of an extension, which the target has not: a
        domain is written as its base type (pagila's ``year``, an integer), citext as text (MySQL's
        and SQL Server's usual collations compare case-insensitively already), anything else
        (pgvector's ``vector``, PostGIS's ``geometry``) as text, each with a warning."""
        name = dt.text.split("(", 1)[0].strip().strip('"').lower()
        bare = name.rsplit(".", 1)[-1].strip('"')
        base = self._domain_base(bare)
        if base is not None and base.kind != "other":
            if not quiet:
                self.warn(f"Column {where} has the domain {dt.text}: written as its base type {base.text} for "
                          f"{self.target} (the domain's CHECK and default are not carried).", where)
            return self._mapped_type(base, where, quiet=True)
        text = DataType("text", "text")
        if not quiet:
            what = "case-insensitive text" if bare == "citext" else f"type {dt.text}"
            self.warn(f"Column {where} has {what}, which {self.target} has not: it is exported as text.", where)
        return self._mapped_type(text, where, quiet=True)

    def _domain_base(self, name: str) -> DataType | None:
        """The base type of the schema's ``CREATE DOMAIN name AS type …``, read from its tokens."""
        from sqlglot import exp

        from tablewright.designer.sql_split import sql_tokens
        from tablewright.designer.types import from_sqlglot

        for raw in self.schema.raw:
            if raw.kind != "domain" or (raw.name or "").rsplit(".", 1)[-1].strip('"').lower() != name:
                continue
            tokens = sql_tokens(raw.sql, self.source) or []
            words = [t.text.upper() for t in tokens]
            if "AS" not in words:
                return None
            start = words.index("AS") + 1
            end = next((i for i in range(start, len(words))
                        if words[i] in ("CONSTRAINT", "CHECK", "DEFAULT", "NOT", "NULL", "COLLATE")), len(words))
            text = raw.sql[tokens[start].start:tokens[end - 1].end + 1] if end > start else ""
            try:
                return from_sqlglot(exp.DataType.build(text, dialect=SQLGLOT_DIALECT[self.source]),
                                    SQLGLOT_DIALECT[self.source])
            except SQLGLOT_FAILURES:
                return None
        return None

    def _enum_type(self, dt: DataType, where: str, quiet: bool):
        values = list(dt.values)
        if dt.enum and not values:
            enum = self.schema.find_enum(*reversed(dt.enum.rsplit(".", 1))) if "." in dt.enum else self.schema.find_enum(dt.enum)
            values = list(enum.values) if enum else []
        if self.target == "postgres" and dt.enum:
            enum = self.enums.get(dt.enum.lower())
            if enum is not None:
                return enum
        if self.target in _MYSQL:
            return mysql.ENUM(*values) if values else sa.Text()
        if not quiet:
            self.warn(f"Column {where} is an enum; {self.target} has no enum type, so it is exported as VARCHAR with a "
                      "CHECK of its values.", where)
        length = max((len(v) for v in values), default=1)
        return sa.Enum(*values, native_enum=False, create_constraint=True, length=length) if values else sa.Text()

    # -- SQL fragments
    def _bit_literal(self, text: str) -> str | None:
        """SQL Server has no TRUE/FALSE literal (sqlglot writes ``(1 = 1)``, a
        predicate a DEFAULT does not take): a boolean literal default, cast or
        not, is the BIT ``1``/``0`` there."""
        if self.target != "mssql" or self.same:
            return None
        import sqlglot
        from sqlglot import exp

        try:
            tree = sqlglot.parse_one(text, read=SQLGLOT_DIALECT[self.source])
        except SQLGLOT_FAILURES:
            return None
        while isinstance(tree, (exp.Cast, exp.Paren)):
            tree = tree.this
        return ("1" if tree.this else "0") if isinstance(tree, exp.Boolean) else None

    def _fragment(self, text: str | None, what: str, binary: bool = False) -> str | None:
        """``text`` in the target dialect, or None (with a warning) when sqlglot cannot carry it or the target has
        no function that computes what it calls (``binary``: the value goes into a binary column)."""
        if text is None or self.same:
            return text
        import sqlglot  # here, not at the top: most exports need no translation
        from sqlglot import exp

        read, write = SQLGLOT_DIALECT[self.source], SQLGLOT_DIALECT[self.target]
        said = what[0].upper() + what[1:]
        try:
            # read as an expression, not a statement: a CHECK (lock = 'X'::bpchar) began with a word sqlglot
            # takes for a LOCK command, whose text then went over untranslated (Synapse)
            select = sqlglot.parse_one(f"SELECT {text}", read=read)
            if not isinstance(select, exp.Select) or len(select.expressions) != 1:
                out = sqlglot.transpile(text, read=read, write=write, unsupported_level=sqlglot.ErrorLevel.RAISE)
                return out[0] if out else None
            tree = select.expressions[0]
            if self.target != "postgres":
                tree = tree.transform(_bare_string_casts)
            foreign = _foreign_call(tree, self.target) if self.target in (*_MYSQL, "mssql") else None
            if self.target == "postgres" and self.source in _MYSQL:
                from tablewright.designer.mysql_meanings import hashes_for_postgres

                tree, missing = hashes_for_postgres(tree, binary)
                if missing:
                    self.warn(f"{said} ({text}) uses {missing}, which {self.target} has no built-in function for; "
                              "it is dropped.", said, text)
                    return None
            if foreign:
                self.warn(f"{said} ({text}) uses {foreign}, which {self.target} does not have; it is dropped.",
                          said, text)
                return None
            return tree.sql(dialect=write, unsupported_level=sqlglot.ErrorLevel.RAISE)
        except SQLGLOT_FAILURES as exc:
            self.warn(f"{said} ({text}) could not be translated to {self.target} and is dropped: {_first_line(exc)}",
                      said, text)
            return None

    # -- constraints
    def _sa_column(self, table_id: str, column_id: str) -> sa.Column | None:
        sa_table = self.tables.get(table_id)
        if sa_table is None:
            return None
        try:
            name = self.schema.table(table_id).column(column_id).name
        except KeyError:
            return None
        return sa_table.c.get(name)

    def _column_names(self, table: Table, ids: list[str]) -> list[str] | None:
        try:
            names = table.column_names(ids)
        except KeyError:
            return None
        sa_table = self.tables.get(table.id)
        if sa_table is not None and any(name not in sa_table.c for name in names):
            return None  # a column that could not be written (said in a warning)
        return names

    def build_constraints(self, table: Table) -> None:
        sa_table = self.tables[table.id]
        if table.primary_key:
            names = self._column_names(table, table.primary_key.columns)
            kw = {"mssql_clustered": table.primary_key.clustered} \
                if self.target == "mssql" and self.source == "mssql" and table.primary_key.clustered is not None else {}
            if names:
                pk = table.primary_key
                sa_table.append_constraint(sa.PrimaryKeyConstraint(
                    *names, name=self.name_of(table, pk), **self._deferral(pk, f"the primary key of {table.qualified_name}"),
                    info={"lengths": self._fitted_key(table, names, self._key_lengths(table, pk), "primary key"),
                          "with": self._key_storage(pk, table),
                          "using": pk.method if self.same and self.target in _MYSQL else None}, **kw))
        for i, unique in enumerate(table.uniques):
            self._add_unique(table, sa_table, unique, repeats_a_key(table, i))
        for exclusion in table.exclusions:
            self._add_exclusion(table, sa_table, exclusion)
        for check in table.checks:
            self._add_check(table, sa_table, check)
        for fk in table.foreign_keys:
            self._add_foreign_key(table, sa_table, fk)

    def _key_lengths(self, table: Table, pk) -> dict[str, int]:
        """The primary key's MySQL prefix lengths by column name (other targets key whole columns)."""
        lengths = {table.column(cid).name: n for cid, n in pk.lengths.items() if cid in pk.columns}
        if lengths and self.target not in _MYSQL:
            self.warn(f"The prefix lengths of the primary key of {table.qualified_name} are not carried to "
                      f"{self.target}: its primary key is on the whole columns.", table.qualified_name)
            return {}
        return lengths

    def _fitted_key(self, table: Table, names: list[str], lengths: dict[str, int], what: str) -> dict[str, int]:
        """A primary key (or, for MySQL, a unique key) of a cross-dialect export over string columns whose whole
        width passes InnoDB's 3,072-byte key (jabberd2's authreg (username, realm), two VARCHAR(1023); Hive's
        COLUMNS_V2 (CD_ID, COLUMN_NAME VARCHAR(767))) is on a prefix of them (``lengths``, column name → prefix,
        with those the key had), with a warning that uniqueness is then on the prefixes.  MariaDB keys a unique
        key that long by a hash of the whole values itself (and a primary key by no hash)."""
        if self.same or self.target not in _MYSQL or (what != "primary key" and self.target == "mariadb"):
            return lengths
        from tablewright.designer.innodb_fit import fitted_prefixes

        sa_table = self.tables[table.id]
        parts = [(name, sa_table.c[name].type, lengths.get(name)) for name in names]
        prefixes = fitted_prefixes(parts)
        if not prefixes:  # (None: not even prefixes fit; the engine says so)
            return lengths
        said = _prefixes_said(prefixes, parts)
        self.warn(f"The {what} of table {table.qualified_name} is on {said}: over the whole columns it would pass the "
                  f"3,072 bytes of an InnoDB key (utf8mb4: 4 bytes a character), so rows that differ only past the "
                  f"prefixes are refused as duplicates.", table.qualified_name, said)
        return {**lengths, **prefixes}

    def _add_unique(self, table, sa_table, unique, repeats_a_key: bool = False) -> None:
        names = self._column_names(table, unique.columns)
        if not names:
            return
        kw = {}
        if unique.nulls_not_distinct:
            if self.target == "postgres":
                kw["postgresql_nulls_not_distinct"] = True
            else:
                self.warn(f"NULLS NOT DISTINCT on a unique key of {table.qualified_name} is not carried to "
                          f"{self.target}.", table.qualified_name)
        constraint = sa.UniqueConstraint(
            *names, name=self.name_of(table, unique), info={"with": self._key_storage(unique, table),
                                                            "lengths": self._fitted_key(table, names, {}, "unique key")},
            **self._deferral(unique, f"a unique key of {table.qualified_name}"), **kw)
        sa_table.append_constraint(constraint)
        if repeats_a_key and self.target == "postgres":
            # inside one CREATE TABLE PostgreSQL drops a key equal to an earlier one (UNIQUE beside
            # PRIMARY KEY on the same columns), without a word; added by ALTER TABLE it stays
            self.deferred_constraints.append(constraint)

    def _key_storage(self, key, table: Table) -> dict[str, str]:
        """A key's index storage parameters (PostgreSQL), for sa_ddl's compile hook."""
        if key.storage and self.target != "postgres":
            self.warn(f"The storage parameters (WITH …) of a key of {table.qualified_name} are not carried to "
                      f"{self.target}.", table.qualified_name)
            return {}
        return dict(key.storage)

    def _deferral(self, constraint, what: str, targets=("postgres",)) -> dict:
        """SQLAlchemy's deferrable/initially arguments for a constraint of the
        model; a warning where the target cannot defer it."""
        if not constraint.deferrable and not constraint.initially_deferred:
            return {}
        if self.target not in targets:
            self.warn(f"The DEFERRABLE of {what} is not carried: {self.target} cannot defer it.", what)
            return {}
        return {"deferrable": True, "initially": "DEFERRED" if constraint.initially_deferred else None}

    def _add_exclusion(self, table, sa_table, exclusion) -> None:
        where = f"the exclusion constraint {exclusion.name or ''} of {table.qualified_name}".replace("  ", " ")
        if self.target != "postgres":
            self.warn(f"{where[0].upper()}{where[1:]} is not carried: only PostgreSQL has EXCLUDE constraints.",
                      table.qualified_name, exclusion.name)
            return
        self.exclusions.append(AddExclusion(sa_table, self.name_of(table, exclusion), exclusion.definition,
                                            self._deferral(exclusion, where)))

    def _add_check(self, table, sa_table, check) -> None:
        column = table.column(check.column) if check.column is not None else None
        if column is not None and column.type.kind == "json" and (
                (self.target == "postgres" and not self.same) or self._json_alias(column)):
            from tablewright.designer.mysql_meanings import is_json_alias_check

            if is_json_alias_check(table, check, self.source):
                return  # the JSON type says it
        text = self._fragment(check.expression, f"the CHECK ({check.expression}) of table {table.qualified_name}")
        if not text:
            return
        if not self.same and self.target in _MYSQL and self._reads_auto_number(table, text):
            self.warn(f"The CHECK ({check.expression}) of table {table.qualified_name} is not carried to "
                      f"{self.target}: it reads the AUTO_INCREMENT column, which {self.target} refuses in a CHECK.",
                      table.qualified_name)
            return
        refused = self._refused_in_check(table, text) if not self.same and self.target in _MYSQL else None
        if refused:
            self.warn(f"The CHECK ({check.expression}) of table {table.qualified_name} is not carried to "
                      f"{self.target}: {refused}.", table.qualified_name, check.expression)
            return
        kw = self._not_valid(check, f"the CHECK ({check.expression}) of table {table.qualified_name}")
        if check.column is not None and self.target in _MYSQL and self.same:
            # MariaDB keeps a column's own CHECK with the column (named after it; JSON columns have one)
            column = table.column(check.column)
            if check.name in (None, column.name) and column.name in sa_table.c:
                constraint = sa.CheckConstraint(VerbatimSQL(text))
                sa_table.c[column.name].constraints.add(constraint)
                constraint._set_parent_with_dispatch(sa_table.c[column.name])
                return
        constraint = sa.CheckConstraint(VerbatimSQL(text), name=self.name_of(table, check), **kw)
        sa_table.append_constraint(constraint)
        if self.target != "sqlite" and (_calls_functions(text, self.target) or check.not_valid):
            self.deferred_constraints.append(constraint)  # AddConstraint keeps it out of CREATE TABLE

    def _refused_in_check(self, table: Table, text: str) -> str | None:
        """Why MySQL and MariaDB refuse a CHECK (in the target's SQL) that PostgreSQL takes, or None: it calls a
        function whose answer changes from call to call (AdventureWorks' BirthDate BETWEEN '1930-01-01' AND
        now() - INTERVAL '18 years'; a CHECK there must give one answer for a row), or it reads a column a
        foreign key's action changes (Koji's rpminfo.draft, ON UPDATE CASCADE: 'Function or expression 'draft'
        cannot be used in the CHECK clause')."""
        import sqlglot
        from sqlglot import exp

        try:
            tree = sqlglot.parse_one(text, read=SQLGLOT_DIALECT[self.target])
        except SQLGLOT_FAILURES:
            return None
        for node in tree.walk():
            if type(node).__name__ in _CHANGING_CALLS:
                return f"it calls {node.sql(dialect=SQLGLOT_DIALECT[self.target])}, whose answer changes from call to " \
                       f"call, and {self.target} takes no such function in a CHECK"
            if isinstance(node, (exp.Select, exp.Subquery)):
                return f"it reads a query, which {self.target} takes in no CHECK"
        acted = self._acted_columns(table)
        names = {table.column(c).name.lower(): why for c, why in acted.items()}
        for column in tree.find_all(exp.Column):
            why = names.get(column.name.lower())
            if why:
                return f"it reads {column.name}, which {why} changes, and {self.target} refuses a CHECK on such a column"
        return None

    def _acted_columns(self, table: Table) -> dict[str, str]:
        """The columns of ``table`` (id → the action) that a foreign key's ON UPDATE CASCADE / SET NULL or ON
        DELETE SET NULL changes, as the export carries the actions (:meth:`_carried`)."""
        acted: dict[str, str] = {}
        for fk in table.foreign_keys:
            if fk.ref_table not in self.tables and fk.unresolved is None:
                continue
            if fk.ref_table in self.tables and self._too_wide_key(table, fk):
                continue
            for event, action in (("UPDATE", self._action(fk.on_update)), ("DELETE", self._action(fk.on_delete))):
                changes = action in ("CASCADE", "SET NULL") if event == "UPDATE" else action == "SET NULL"
                if changes and self._refusal(table, fk, event, action) is None:
                    for column in fk.columns:
                        acted.setdefault(column, f"ON {event} {action} of the foreign key {self._fk_label(table, fk)}")
        return acted

    def _not_valid(self, constraint, where: str) -> dict:
        """``NOT VALID`` (a constraint the rows already there were not checked against): PostgreSQL's
        keyword; every other target adds the constraint valid, with a warning (adding it checks the
        rows already in a table on MySQL/MariaDB, so it fails where they break it)."""
        if not constraint.not_valid:
            return {}
        if self.target == "postgres":
            return {"postgresql_not_valid": True}
        rows = " (adding it checks the rows already in the table)" if self.target in _MYSQL else ""
        where = where[0].upper() + where[1:]
        self.warn(f"{where} is NOT VALID; the {dialect_info(self.target).title} export carries it as a valid "
                  f"constraint{rows}.", where)
        return {}

    def _add_foreign_key(self, table, sa_table, fk: ForeignKey) -> None:
        names = self._column_names(table, fk.columns)
        if fk.ref_table is None or fk.ref_table not in self.tables:
            refs = self._outside_columns(fk, len(names))
            target = fk.unresolved.table if fk.unresolved else "an unknown table"
            if refs is None:
                self.warn(f"A foreign key of table {table.qualified_name} refers to {target}, which is not in "
                          "the schema; it is dropped.", table.qualified_name, target)
                return
            where = "in its CREATE TABLE" if self.target == "sqlite" else "last, by ALTER TABLE,"
            self.warn(f"A foreign key of table {table.qualified_name} refers to {target}, which is not in the "
                      f"schema; it is written {where} and needs that table where the script runs.",
                      table.qualified_name, target)
        else:
            refs = [self._sa_column(fk.ref_table, c) for c in fk.ref_columns]
        if not names or any(r is None for r in refs):
            return
        if len(names) != len(refs):
            self.warn(f"A foreign key of table {table.qualified_name} has {len(names)} columns referring to "
                      f"{len(refs)}; it is dropped.", table.qualified_name)
            return
        if not self.same and self.target == "postgres" and not self._references_a_key(fk):
            parent, label = self.schema.table(fk.ref_table), self._fk_label(table, fk)
            referenced = ", ".join(parent.column_names(fk.ref_columns))
            self.warn(f"The foreign key {label} of table {table.qualified_name} is not carried to postgres: it "
                      f"references ({referenced}) of {parent.qualified_name}, which no primary or unique key there is "
                      f"on, and PostgreSQL takes a foreign key only to one ({dialect_info(self.source).title} to any "
                      "index).", table.qualified_name, label, referenced, parent.qualified_name)
            return
        if not self.same and self.target in _MYSQL:
            if self._too_wide_key(table, fk):
                self.warn(f"The foreign key {self._fk_label(table, fk)} of table {table.qualified_name} is not "
                          f"carried to {self.target}: its columns take more than the 3,072 bytes of an InnoDB key "
                          "(utf8mb4: 4 bytes a character), and a foreign key needs them indexed whole.",
                          table.qualified_name, self._fk_label(table, fk))
                return
            names, refs = self._in_key_order(fk, names, refs)
        kw = self._not_valid(fk, f"a foreign key of {table.qualified_name}")
        kw.update(self._deferral(fk, f"a foreign key of {table.qualified_name}", ("postgres", "sqlite")))
        constraint = sa.ForeignKeyConstraint(
            names, refs, name=self.name_of(table, fk),
            ondelete=self._on_delete(table, fk),
            onupdate=self._carried(table, fk, "UPDATE", self._action(fk.on_update)),
            match=fk.match if self.target in ("postgres", "sqlite") else None, **kw)
        sa_table.append_constraint(constraint)
        constraint.info["model"] = (table, fk)
        if fk.ref_table is None or fk.ref_table not in self.tables:
            constraint.info["outside"] = True

    def _fk_label(self, table: Table, fk: ForeignKey) -> str:
        return fk.name or "(" + ", ".join(table.column_names(fk.columns)) + ")"

    def _references_a_key(self, fk: ForeignKey) -> bool:
        """Whether a foreign key references a primary key, unique key or unique index on exactly its columns:
        MySQL and MariaDB take any index that starts with them (OrangeHRM's ohrm_project_activity to
        ohrm_project (project_id), the first column of its primary key (project_id, customer_id)), PostgreSQL
        refuses that key ('there is no unique constraint matching given keys for referenced table')."""
        parent = next((t for t in self.schema.tables if t.id == fk.ref_table), None)
        if parent is None or not fk.ref_columns:
            return True
        keys = [parent.primary_key.columns] if parent.primary_key else []
        keys += [u.columns for u in parent.uniques]
        keys += [[e.column for e in ix.elements] for ix in parent.indexes if ix.unique and not ix.predicate]
        return any(set(key) == set(fk.ref_columns) for key in keys)

    def _too_wide_key(self, table: Table, fk: ForeignKey) -> bool:
        """Whether either end of a foreign key takes more than InnoDB's 3,072-byte key over whole columns (an
        index of prefixes does not serve a foreign key: 'Foreign key constraint is incorrectly formed')."""
        from tablewright.designer.innodb_fit import KEY_BYTES, whole_bytes

        if fk.ref_table not in self.tables:
            return False
        ends = [[self._sa_column(table.id, c) for c in fk.columns], [self._sa_column(fk.ref_table, c) for c in fk.ref_columns]]
        if any(c is None for end in ends for c in end):
            return False
        return any((whole_bytes(c.type for c in end) or 0) > KEY_BYTES for end in ends)

    def _in_key_order(self, fk: ForeignKey, names: list[str], refs: list[sa.Column]):
        """A foreign key's column pairs in the order of the referenced table's key over those columns: PostgreSQL
        takes a key that names them in any order, InnoDB wants an index that starts with them in the order the
        foreign key gives (LedgerSMB's (class_id, bu_id) REFERENCES business_unit (class_id, id) beside its UNIQUE
        (id, class_id): 'Foreign key constraint is incorrectly formed').  The same key, the pairs reordered."""
        parent = next((t for t in self.schema.tables if t.id == fk.ref_table), None)
        if parent is None or len(refs) < 2:
            return names, refs
        orders = [key.columns for key in [*([parent.primary_key] if parent.primary_key else []), *parent.uniques]]
        orders += [[e.column for e in ix.elements] for ix in parent.indexes
                   if ix.unique and all(e.column for e in ix.elements) and not ix.predicate]
        wanted = list(fk.ref_columns)
        if any(order[:len(wanted)] == wanted for order in orders):
            return names, refs
        order = next((o for o in orders if len(o) == len(wanted) and set(o) == set(wanted)), None)
        if order is None:
            return names, refs
        at = [wanted.index(c) for c in order]
        return [names[i] for i in at], [refs[i] for i in at]

    def _outside_columns(self, fk: ForeignKey, count: int) -> list[sa.Column] | None:
        """The referenced columns of a foreign key to a table the schema does not create (a table of
        the database it is installed into: Poweradmin's key to PowerDNS's ``domains``), as columns of
        a stand-in table no statement creates; None where the key cannot be written that way (a
        migration's single table, a target named without columns, a table the import could not read)."""
        u = fk.unresolved
        if not self.whole or u is None or u.unread or not u.table or len(u.columns) != count or not count \
                or not all(u.columns):  # (a name the input left blank: a fuzzed REFERENCES t (UNIQUE))
            return None
        schema = self.namespace(u.namespace) if self.target != "sqlite" else None
        key = (schema, u.table)
        stand_in = self._outside_tables.get(key)
        if stand_in is None:
            stand_in = self._outside_tables[key] = sa.Table(u.table, sa.MetaData(), schema=schema)
        for name in u.columns:
            if name not in stand_in.c:
                stand_in.append_column(sa.Column(name, sa.Integer))
        return [stand_in.c[name] for name in u.columns]

    def _on_delete(self, table: Table, fk: ForeignKey) -> str | None:
        """The key's ON DELETE action; PostgreSQL 15's ``SET NULL (a, b)`` with its column
        list (SQLAlchemy's PostgreSQL compiler takes it in the action).  The other targets
        set every column of the key, said in a warning; where that would set a NOT NULL
        column (MariaDB refuses such a key: 'Foreign key constraint is incorrectly formed')
        the action is dropped, with a warning."""
        action = self._carried(table, fk, "DELETE", self._action(fk.on_delete))
        listed = self._column_names(table, fk.on_delete_columns) if fk.on_delete_columns and action else None
        if not listed:
            return action
        if self.target == "postgres":
            return f"{action} ({', '.join(self.dialect.identifier_preparer.quote(n) for n in listed)})"
        if set(fk.on_delete_columns) == set(fk.columns):
            return action  # every column of the key: the same action
        key = f"ON DELETE {action} ({', '.join(listed)}) of the foreign key " \
              f"{fk.name or '(' + ', '.join(table.column_names(fk.columns)) + ')'} of table {table.qualified_name}"
        required = [c.name for c in (table.column(i) for i in fk.columns)
                    if not c.nullable and c.id not in fk.on_delete_columns]
        if action == "SET NULL" and required:
            self.warn(f"{key} is not carried to {self.target}: there it would set every column of the key, "
                      f"NOT NULL {', '.join(required)} too; a delete of a referenced row is refused instead.",
                      table.qualified_name, fk.name)
            return None
        self.warn(f"{key} sets every column of the key in {self.target}: only PostgreSQL sets some of them.",
                  table.qualified_name, fk.name)
        return action

    def _carried(self, table: Table, fk: ForeignKey, event: str, action: str | None) -> str | None:
        """The action as the target carries it out (None, with the warning :meth:`_refusal` gives, where it is
        not carried)."""
        refusal = self._refusal(table, fk, event, action)
        if refusal is None:
            return action
        self.warn(refusal)
        return None

    def _refusal(self, table: Table, fk: ForeignKey, event: str, action: str | None) -> str | None:
        """Why the target does not carry a foreign key's action, or None where it does: InnoDB does not do
        SET DEFAULT (MariaDB drops it from the key without a word, so the export loads and the key quietly
        refuses the delete; MySQL refuses the table), so it is left out, with a warning.  So is a SET NULL
        that would set a NOT NULL column of the key (PostgreSQL takes the key and refuses each such delete;
        MariaDB refuses the key: 'Foreign key constraint is incorrectly formed'): there too the delete is
        refused instead (Sakila's payment.rental_id; the column list of PostgreSQL 15's SET NULL (a, b) is
        _on_delete's)."""
        if self.target not in _MYSQL or action not in ("SET DEFAULT", "SET NULL"):
            return None
        key = self._fk_label(table, fk)
        if action == "SET NULL":
            required = [c.name for c in (table.column(i) for i in fk.columns) if not c.nullable]
            if not required or (event == "DELETE" and fk.on_delete_columns):
                return None
            return Located(f"ON {event} SET NULL of the foreign key {key} of table {table.qualified_name} is not carried "
                           f"to {self.target}: it would set NOT NULL {', '.join(required)}, and {self.target} refuses such "
                           f"a key; {'an' if event == 'UPDATE' else 'a'} {event.lower()} of a referenced row is refused instead, as the NOT NULL refuses it "
                           "where the key came from.", (table.qualified_name, key, ", ".join(required)))
        return Located(f"ON {event} SET DEFAULT of the foreign key {key} of table {table.qualified_name} is not carried "
                       f"to {self.target}: InnoDB does not do it (MariaDB drops it without a word, MySQL refuses the "
                       f"table); {'an' if event == 'UPDATE' else 'a'} {event.lower()} of a referenced row is refused instead.",
                       (table.qualified_name, key))

    def _action(self, action: str | None) -> str | None:
        if action is None:
            return None
        action = action.upper()
        if self.target == "mssql" and action == "RESTRICT":
            return "NO ACTION"
        return action

    # -- indexes
    def build_indexes(self, table: Table) -> None:
        sa_table = self.tables[table.id]
        built = {}
        for index in table.indexes:
            sa_index = self._build_index(table, sa_table, index)
            if sa_index is not None:
                built[index.id] = sa_index
        if self.whole:
            inline = self._auto_increment_keys(table, sa_table, built)
        else:  # a migration's single table: its indexes are steps of their own
            inline = set()
            for sa_column in sa_table.columns:
                if sa_column.info.get("auto_increment") and not self._is_sa_auto_column(sa_table, sa_column):
                    self.warn(f"The AUTO_INCREMENT of column {table.qualified_name}.{sa_column.name} is not carried "
                              "by a migration: outside the primary key it needs its key inside CREATE TABLE.",
                              f"{table.qualified_name}.{sa_column.name}")
        self.indexes.extend(ix for ix in built.values() if ix not in inline)

    @staticmethod
    def _is_sa_auto_column(sa_table: sa.Table, sa_column: sa.Column) -> bool:
        try:
            return sa_column is sa_table._autoincrement_column
        except sa.exc.ArgumentError:
            return True  # (SQLAlchemy decides, and says so)

    def _auto_increment_keys(self, table: Table, sa_table: sa.Table, built: dict) -> set:
        """MySQL: an AUTO_INCREMENT column that does not lead the primary key must be
        the first column of a key when CREATE TABLE runs -- a unique key (written
        inside it), else the model's first index that starts with the column,
        which moves inside CREATE TABLE (``sa_table.info["inline_indexes"]``).
        Without either the flag is not carried, with a warning."""
        inline = []
        for sa_column in sa_table.columns:
            if not sa_column.info.get("auto_increment"):
                continue
            pk = table.primary_key
            leads = bool(pk and pk.columns and pk.columns[0] == sa_column.info["model"].id)
            auto = self._is_sa_auto_column(sa_table, sa_column)
            if auto and leads:
                continue  # SQLAlchemy writes it, and the primary key is its key
            keyed = any(isinstance(c, sa.UniqueConstraint) and c.columns and list(c.columns)[0] is sa_column
                        for c in sa_table.constraints)
            if not keyed:
                column_id = sa_column.info["model"].id
                index = next((i for i in table.indexes if i.elements and i.elements[0].column == column_id
                              and i.id in built), None)
                if index is not None:
                    inline.append(built[index.id])
                    keyed = True
            if not keyed and not leads and auto and not self.same:
                # a serial column second in a PostgreSQL key (pagila's partitioned payment: PRIMARY KEY
                # (payment_date, payment_id)): InnoDB wants a key that starts with it, made here
                name = self._name(f"{table.name}_{sa_column.name}_auto_key")
                index = sa.Index(name, sa_column)
                sa_table.append_constraint(index)
                inline.append(index)
                keyed = True
                self.warn(f"The AUTO_INCREMENT column {table.qualified_name}.{sa_column.name} leads no key; "
                          f"{self.target} wants one, so the export adds the index {name}.",
                          f"{table.qualified_name}.{sa_column.name}", name)
            if keyed or leads:
                sa_column.info["auto_increment_key"] = True
            elif not auto:  # (SQLAlchemy writes the flag of its own column: MyISAM takes an AUTO_INCREMENT
                # second in the primary key, numbered per value of the first -- Simple Invoices' tables are
                # InnoDB, with a KEY id (id) of their own, which must then be inside CREATE TABLE)
                self.warn(f"The AUTO_INCREMENT of column {table.qualified_name}.{sa_column.name} is not carried: "
                          f"{self.target} auto-increments only the first column of a key, and no key starts with it.",
                          f"{table.qualified_name}.{sa_column.name}")
        if inline:
            sa_table.info["inline_indexes"] = inline
        return set(inline)

    def _build_index(self, table: Table, sa_table: sa.Table, index: Index) -> sa.Index | None:
        where = f"index {index.name or '(unnamed)'} on {table.qualified_name}"
        kw: dict = {}
        elements = []
        for element in index.elements:
            built = self._index_element(table, sa_table, element, kw, where)
            if built is None:
                return None
            elements.append(built)
        if not elements:
            return None
        if not self.same and self.target in _MYSQL:
            columns = [self._sa_column(table.id, e.column) for e in index.elements if e.column]
            json = [c.name for c in columns if c is not None
                    and isinstance(getattr(c.type, "impl_instance", c.type), sa.JSON)]
            if json:  # (PostgreSQL's arrays and jsonb are JSON there: MusicBrainz's catalog_numbers text[])
                self.warn(f"The {where} is not exported: it indexes {', '.join(json)}, JSON in {self.target}, "
                          "which indexes no JSON column.", where, ", ".join(json))
                return None
            if not self._key_prefixes(table, index, kw, where):
                return None
        self._index_options(table, index, kw, where)
        name = self.name_of(table, index)
        sa_index = sa.Index(name, *elements, unique=index.unique, **kw)
        sa_table.append_constraint(sa_index)
        return sa_index

    def _key_prefixes(self, table: Table, index: Index, kw: dict, where: str) -> bool:
        """An index over string columns whose whole width passes InnoDB's 3,072-byte key (utf8mb4: 4 bytes a
        character; Zabbix's items (hostid, key_ VARCHAR(2048)), ejabberd's four VARCHAR(191)-and-wider ones), or
        over TEXT and BLOB, which MySQL and MariaDB index whole in no index, indexes a prefix of each: the fixed-size
        columns whole, the strings sharing the rest, 191 characters of a TEXT at most
        (:func:`tablewright.designer.innodb_fit.fitted_prefixes`); the columns keep their type.  A unique index
        takes prefixes for MySQL only (uniqueness is then on the prefixes, said in the warning): MariaDB keys a
        unique index that long by a hash of the whole values itself.  False (with a warning) where no prefix fits."""
        from tablewright.designer.innodb_fit import fitted_prefixes

        parts = []
        for element in index.elements:
            column = self._sa_column(table.id, element.column) if element.column else None
            if column is not None:
                parts.append((column.name, column.type, element.length))
        if index.unique and self.target == "mariadb":
            return True
        prefixes = fitted_prefixes(parts)
        if prefixes is None:
            self.warn(f"The {where} is not exported: its columns take more than the 3,072 bytes of an InnoDB key "
                      "even by prefixes.", where)
            return False
        if not prefixes:
            return True
        kw.setdefault(f"{self.my}_length", {}).update(prefixes)
        unique = " (uniqueness is then on the prefixes: values that differ only past them are refused)" \
            if index.unique else ""
        said = _prefixes_said(prefixes, parts)
        self.warn(f"The {where} indexes {said}: {_why_prefixes(prefixes, parts, self.target)}{unique}.", where, said)
        return True

    def _index_element(self, table, sa_table, element, kw, where):
        if element.column is not None:
            column = self._sa_column(table.id, element.column)
            if column is None:
                return None
            expr = column
            if element.length is not None:
                if self.target in _MYSQL:
                    kw.setdefault(f"{self.my}_length", {})[column.name] = element.length
                else:
                    self.warn(f"The prefix length of {column.name} in {where} is not carried to {self.target}.", where,
                              column.name)
            if element.opclass and self.target == "postgres" and not (element.collation or element.descending or element.nulls):
                kw.setdefault("postgresql_ops", {})[column.name] = element.opclass
                return expr
        else:
            if self.target == "mariadb" and not self.same:
                self.warn(f"The {where} indexes an expression ({element.expression}): MariaDB indexes none (only "
                          "columns, or a generated column), so it is not exported.", where)
                return None
            text = self._fragment(element.expression, f"the expression of {where}")
            if not text:
                return None
            expr = None
        prep = self.dialect.identifier_preparer
        sql = prep.format_column(expr) if expr is not None else f"({text})"
        if expr is not None and not (element.collation or element.opclass or element.descending or element.nulls):
            return expr
        if element.collation:
            if self.same:
                sql += " COLLATE " + ".".join(p if p[:1] in '"`[' else prep.quote(p) for p in element.collation.split("."))
            else:
                self.warn(f"The collation {element.collation} in {where} is not carried to {self.target}.", where)
        if element.opclass:
            if self.target == "postgres":
                sql += f" {element.opclass}"
            else:
                self.warn(f"The operator class {element.opclass} in {where} is not carried to {self.target}.", where)
        if element.descending:
            sql += " DESC"
        if element.nulls:
            if self.target in ("postgres",):
                sql += f" NULLS {element.nulls.upper()}"
            else:
                self.warn(f"NULLS {element.nulls.upper()} in {where} is not carried to {self.target}.", where)
        if expr is not None and element.length is not None and self.target in _MYSQL:
            kw.get(f"{self.my}_length", {}).pop(expr.name, None)
            sql = sql.replace(prep.format_column(expr), f"{prep.format_column(expr)}({element.length})", 1)
        return IndexElementClause(sql)

    def _index_options(self, table: Table, index: Index, kw: dict, where: str) -> None:
        method = (index.method or "").lower()
        t = self.target
        if index.predicate:
            predicate = self._fragment(index.predicate, f"the WHERE of {where}")
            if predicate and t in ("postgres", "sqlite", "mssql"):
                kw[f"{ {'postgres': 'postgresql'}.get(t, t)}_where"] = VerbatimSQL(predicate)
            elif predicate:
                self.warn(f"The WHERE clause of {where} is not carried: {t} has no partial indexes.", where)
        if index.include:
            names = self._column_names(table, index.include) or []
            if t in ("postgres", "mssql"):
                kw[f"{'postgresql' if t == 'postgres' else t}_include"] = names
            else:
                self.warn(f"The INCLUDE columns of {where} are not carried to {t}.", where)
        if method in ("fulltext", "spatial"):
            if t in _MYSQL:
                kw[f"{self.my}_prefix"] = method.upper()
            else:
                self.warn(f"The {method.upper()} {where} is exported as an ordinary index.", where)
        elif method and t == "postgres" and (self.same or method in ("btree", "hash")):
            if method != "btree":
                kw["postgresql_using"] = method
        elif method in ("btree", "hash") and t in _MYSQL and self.same:
            kw[f"{self.my}_using"] = method
        elif method and method != "btree":
            self.warn(f"The index method {method} of {where} is not carried to {t}.", where)
        if index.storage and t == "postgres":
            kw["postgresql_with"] = dict(index.storage)
        elif index.storage:
            self.warn(f"The storage parameters (WITH …) of {where} are not carried to {t}.", where)
        if index.comment is not None and t in _MYSQL:
            kw[f"{self.my}_comment"] = index.comment
        elif index.comment and t != "postgres":  # (PostgreSQL: COMMENT ON INDEX, after the index)
            self.warn(f"The comment of {where} is not carried: {dialect_info(t).title} has no index comments.", where)
        if index.clustered is not None and t == "mssql" and self.source == "mssql":
            kw["mssql_clustered"] = index.clustered  # (a PostgreSQL CLUSTER mark is no SQL Server clustered index)


# -- helpers ---------------------------------------------------------------------------------------


def _is_serial(dt: DataType) -> bool:
    return is_serial_type(dt.text)


def is_nextval(default: str | None) -> bool:
    """A ``nextval(…)`` default (a sequence-backed column)."""
    return bool(default) and head_keywords(default, "postgres", 2) == ("NEXTVAL", "(")


def _calls_functions(text: str, target: str) -> bool:
    """Whether an expression calls a function sqlglot does not know (likely
    user-defined, so it must wait until the functions exist)."""
    import sqlglot

    try:
        tree = sqlglot.parse_one(text, read=SQLGLOT_DIALECT[target])
    except SQLGLOT_FAILURES:
        return False
    return any(True for _ in tree.find_all(sqlglot.exp.Anonymous))


def _calls(text: str, functions: set[str], target: str) -> bool:
    """Whether an expression calls one of ``functions`` (lower-cased bare names)."""
    if not functions:
        return False
    import sqlglot

    try:
        tree = sqlglot.parse_one(text, read=SQLGLOT_DIALECT[target])
    except SQLGLOT_FAILURES:
        return False
    return any(node.name.lower() in functions for node in tree.find_all(sqlglot.exp.Anonymous))


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _prefixes_said(prefixes: dict[str, int], parts) -> str:
    """``the first 384 characters of a, the first 384 characters of b`` (bytes of a binary string)."""
    from tablewright.designer.innodb_fit import key_part

    said = []
    for name, type_, _ in parts:
        if name in prefixes:
            unit = "bytes" if key_part(type_)[0] == 1 else "characters"
            said.append(f"the first {prefixes[name]} {unit} of {name}")
    return ", ".join(said)


def _why_prefixes(prefixes: dict[str, int], parts, target: str) -> str:
    """Why a key of ``parts`` takes ``prefixes``: a TEXT or BLOB among them, strings too wide for InnoDB's key, or both."""
    cut = [type_ for name, type_, _ in parts if name in prefixes]
    reasons = []
    if any(_unbounded(t) for t in cut):
        reasons.append(f"{target} indexes no TEXT or BLOB whole")
    if any(not _unbounded(t) for t in cut):
        reasons.append("an InnoDB key holds 3,072 bytes (utf8mb4: 4 bytes a character)")
    return ", and ".join(reasons)


def _unbounded(type_) -> str | None:
    """"text" or "binary" for a type of no length (TEXT, BLOB and their kin), which MySQL and MariaDB
    index only by a prefix; None for any other (InnoDB's reading of a key column: innodb_fit.key_part)."""
    from tablewright.designer.innodb_fit import CHAR_BYTES, key_part

    unit, units, cuttable = key_part(type_)
    if not cuttable or units is not None:
        return None
    return "text" if unit == CHAR_BYTES else "binary"


def _bare_string_casts(node):
    """A string literal cast to a string type or a type of the source's own (PostgreSQL's
    ``'X'::bpchar``, ``'a'::citext``, ``''::character varying``) is the literal where the target
    has no such type: MariaDB's CAST takes neither BPCHAR nor a user type."""
    from sqlglot import exp

    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Literal) and node.this.is_string:
        to = node.to
        if isinstance(to, exp.DataType) and (to.this == exp.DataType.Type.USERDEFINED  # (is_type wants its name)
                                             or to.is_type(*exp.DataType.TEXT_TYPES, exp.DataType.Type.BPCHAR)):
            return node.this.copy()
    return node


#: sqlglot's names for the functions whose answer changes from call to call (the time, a random number, the user):
#: MySQL and MariaDB take none in a CHECK
_CHANGING_CALLS = ("CurrentDate", "CurrentDatetime", "CurrentTime", "CurrentTimestamp", "CurrentTimestampLTZ",
                   "Localtime", "Localtimestamp", "Systimestamp", "Rand", "Randn", "Uuid", "CurrentUser", "SessionUser",
                   "CurrentDatabase", "CurrentSchema", "CurrentRole", "UnixSeconds")


#: types of PostgreSQL's that a cast in a MySQL, MariaDB or SQL Server expression cannot name
_PG_ONLY_TYPES = frozenset({"JSONB", "REGCONFIG", "REGCLASS", "TSVECTOR", "TSQUERY", "INET", "CIDR", "HSTORE",
                            "INTERVAL", "OID", "NAME"})


def _foreign_call(tree, target: str) -> str | None:
    """What an expression translated from another dialect calls that ``target`` has not, or None: a
    function sqlglot does not know (the source's own or an extension's: PostgreSQL's
    ``timezone('utc', now())``, ``to_tsvector``), a cast to a type only PostgreSQL has (``::jsonb``,
    ``::regconfig``), REGEXP_LIKE on MariaDB (MySQL 8 has it)."""
    from sqlglot import exp

    for node in tree.walk():
        if isinstance(node, exp.Anonymous):
            return f"{node.name.upper()}()"
        if isinstance(node, exp.DataType) and (node.this == exp.DataType.Type.USERDEFINED
                                               or node.this.name in _PG_ONLY_TYPES):
            return f"the type {node.sql()}"
        if target == "mariadb" and isinstance(node, exp.RegexpLike):
            return "REGEXP_LIKE()"
        if isinstance(node, exp.RegexpILike) and target in MYSQL_FAMILY:  # (sqlglot writes REGEXP_I_LIKE, no function)
            return "a case-insensitive regular expression match (~*)"
        if isinstance(node, exp.Operator):  # PostgreSQL's OPERATOR(schema.op)
            return f"OPERATOR({node.text('operator') or '...'})"
    return None
