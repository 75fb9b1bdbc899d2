"""DDL import, statement handlers for tables: CREATE TABLE (and SQLite's
CREATE VIRTUAL TABLE), CREATE SCHEMA / TYPE, columns and constraints."""

from __future__ import annotations

from dataclasses import replace

from sqlglot import exp
from sqlglot.tokens import TokenType

from tablewright.designer import types as dtypes
from tablewright.designer.ddl_import_nodes import _LeftOut, _Skip, _deferrable, _int, _name, _table_ref, storage_name, storage_of, storage_value
from tablewright.designer.ddl_import_repairs import _SYNTHETIC, action_columns
from tablewright.designer.ddl_import_tokens import _first_offset, _paren_items
from tablewright.designer.dialects import is_mysql
from tablewright.designer.model import (
    CheckConstraint,
    Column,
    EnumType,
    ExclusionConstraint,
    ForeignKey,
    Generated,
    Identity,
    Index,
    IndexElement,
    Namespace,
    PrimaryKey,
    SourceLocation,
    Table,
    UniqueConstraint,
    repeated_key,
    UnresolvedReference,
    derived_id,
    identity_of,
    object_name,
    qualify,
    split_qualified,
)
from tablewright.designer.raw_kinds import raw_kind


def _shadow_tables(module: str, columns: list[str], options: dict[str, str]):
    """The tables SQLite creates behind an FTS3/FTS4 virtual table:
    (suffix, [(column, type, is_primary_key), ...])."""
    if module not in ("fts3", "fts4"):
        return []
    content = [("docid", "INTEGER", True)] + [(f"c{i}{c}", "", False) for i, c in enumerate(columns)]
    tables = []
    if "content" not in options:
        tables.append(("_content", content))
    tables += [
        ("_segments", [("blockid", "INTEGER", True), ("block", "BLOB", False)]),
        ("_segdir", [("level", "INTEGER", True), ("idx", "INTEGER", True), ("start_block", "INTEGER", False),
                     ("leaves_end_block", "INTEGER", False), ("end_block", "INTEGER", False),
                     ("root", "BLOB", False)]),
    ]
    if module == "fts4":
        if options.get("matchinfo", "").strip("'\"").lower() != "fts3":
            tables.append(("_docsize", [("docid", "INTEGER", True), ("size", "BLOB", False)]))
        tables.append(("_stat", [("id", "INTEGER", True), ("value", "BLOB", False)]))
    return tables


def _nextval(table: Table, column: str) -> str:
    """The default of a PostgreSQL serial column of ``table``: ``nextval('t_c_seq'::regclass)``."""
    parts = [p for p in (table.namespace if table.namespace not in (None, "public") else None,
                         object_name(table.name, column, "seq")) if p]
    name = ".".join(p if p == p.lower() and p.replace("_", "a").isalnum() else '"' + p.replace('"', '""') + '"'
                    for p in parts)
    return "nextval('" + name.replace("'", "''") + "'::regclass)"


def _table_like(node: exp.Create) -> exp.LikeProperty | None:
    """The ``LIKE source`` of ``CREATE TABLE t LIKE source`` (a table property, not an element)."""
    props = node.args.get("properties")
    return next((p for p in (props.expressions if props else []) if isinstance(p, exp.LikeProperty)), None)


class _TableHandlers:
    """CREATE TABLE and what is in it (methods of the importer's builder)."""

    # -- namespaces, types, sequences ------------------------------------
    def _ensure_namespace(self, name: str | None) -> None:
        if name and not any(n.name == name for n in self.schema.namespaces):
            self.schema.namespaces.append(Namespace(derived_id("ns", name), name, location=self.statement.location))

    def _on_create(self, node: exp.Create):
        kind = (node.args.get("kind") or "").upper()
        if kind == "TABLE":
            self._create_table(node)
        elif kind.endswith("INDEX"):
            self._create_index(node, kind)
        elif kind == "SCHEMA" or (kind == "DATABASE" and is_mysql(self.dialect)):
            target = node.this
            # sqlglot reads ``CREATE SCHEMA s`` as a table reference whose schema part is s
            if isinstance(target, exp.Table) and not target.name and target.args.get("db") is not None:
                target = target.args["db"]
            self._ensure_namespace(_name(target))
            props = node.args.get("properties")
            namespace = next(n for n in self.schema.namespaces if n.name == _name(target))
            for prop in props.expressions if props and is_mysql(self.dialect) else []:
                if isinstance(prop, exp.CharacterSetProperty):
                    namespace.charset = _name(prop.this)
                elif isinstance(prop, exp.CollateProperty):
                    namespace.collation = _name(prop.this)
        elif kind == "DATABASE":  # not a namespace outside MySQL: the export loads into the database connected to
            self._ignore("CREATE DATABASE")
        elif kind == "SEQUENCE":
            self._create_sequence(node)
        elif kind == "TYPE" and isinstance(node.expression, exp.DataType) and node.expression.this == exp.DataType.Type.ENUM:
            ns, name = _table_ref(node.this)
            values = [lit.name for lit in node.expression.expressions]
            self.schema.enums.append(EnumType(derived_id("enum", ns, name), name, values, ns,
                                              location=self.statement.location))
        else:  # the kind as the one classifier reads it (sqlglot's is VIEW for a materialized view)
            words = [t.text.upper() for t in self.statement.tokens[:12]]
            kind = raw_kind(words) if words[:1] == ["CREATE"] else kind
            self._keep_raw(kind.lower() or "object", _name(node.this) if not isinstance(node.this, exp.Expression) or isinstance(node.this, (exp.Table, exp.Identifier)) else node.this.sql(dialect=self.read)[:80])

    # -- tables -----------------------------------------------------------
    def _table_for(self, ref: exp.Expression, *, must_exist: bool = True) -> Table:
        ns, name = _table_ref(ref)
        table = self._find_table(name, ns if ns is not None else self.namespace)
        if table is None and ns is None:
            table = self._find_table(name)
        if table is None and must_exist:
            raise _Skip(f"table {'.'.join(p for p in (ns, name) if p)} is not defined")
        return table

    def _drop_repeated_uniques(self, table: Table) -> None:
        """PostgreSQL makes one index for the keys of a CREATE TABLE that are alike (``id int
        PRIMARY KEY UNIQUE``; asterisk, kea, ledgersmb): the repeats are not in the database,
        so not in the model (one added later by ALTER TABLE is, and stays).  The key it keeps (the
        primary key, else the first) takes the first name a repeat gives when it has none of its own:
        ``PRIMARY KEY (id), CONSTRAINT t_named UNIQUE (id)`` is the primary key ``t_named`` (LibreTime)."""
        i = 0
        while i < len(table.uniques):
            kept = repeated_key(table, i)
            if kept is None:
                i += 1
                continue
            unique = table.uniques.pop(i)
            if kept.name is None and unique.name:
                kept.name = unique.name
            self._issue("info", f"a UNIQUE ({', '.join(table.column_names(unique.columns))}) of table "
                                f"{table.qualified_name} repeats a key of the same statement; PostgreSQL makes "
                                "only the first" + (f", named {unique.name}" if kept.name == unique.name else ""))

    def _create_table(self, node: exp.Create):
        if self.statement.tokens[1].text.upper() == "VIRTUAL":
            self._virtual_table()
            return
        schema_node = node.this
        table_node = schema_node.this if isinstance(schema_node, exp.Schema) else schema_node
        ns, name = _table_ref(table_node)
        ns = ns or self.namespace
        self._ensure_namespace(ns)
        existing = self._find_table(name, ns)
        if existing is not None and (existing.namespace or None) == (ns or None) and existing.name == name:
            if node.args.get("exists"):
                self._ignore(f"CREATE TABLE IF NOT EXISTS {existing.qualified_name} (already defined)")
                return
            raise _Skip(f"table {existing.qualified_name} is already defined at {existing.location}")
        table = Table(derived_id("tbl", ns, name), name, ns, location=self.statement.location)
        flags = getattr(self, "_sqlite_table_flags", None)
        if flags:
            table.options.without_rowid = flags["without_rowid"]
            table.options.strict = flags["strict"]
            self._sqlite_table_flags = None
        if node.args.get("expression") is not None:
            raise _Skip("CREATE TABLE … AS SELECT is not modelled")
        self._table_properties(table, node.args.get("properties"))
        if isinstance(schema_node, exp.Schema):
            elements = schema_node.expressions
            for element in elements:
                if isinstance(element, (exp.Identifier, exp.Column)):  # SQLite: a column without a type
                    element = exp.ColumnDef(this=exp.to_identifier(_name(element)))
                if isinstance(element, exp.ColumnDef):
                    self._add_column(table, element)
                elif isinstance(element, exp.LikeProperty):  # its columns where it stands
                    self._like_columns(table, element)
        elif is_mysql(self.dialect) and (like := _table_like(node)) is not None:
            elements = []
            self._like_table(table, like)
        elif table.options.partition_of is None:
            raise _Skip("CREATE TABLE without columns")
        else:  # PARTITION OF parent (constraints) FOR VALUES …: the list is the partition property's
            partition = next(p for p in node.args["properties"].expressions if isinstance(p, exp.PartitionedOfProperty))
            elements = partition.this.expressions if isinstance(partition.this, exp.Schema) else []
            for element in elements:
                if isinstance(element, exp.ColumnDef):
                    self._issue("warning", f"column options of partition {table.qualified_name} "
                                f"({self._sql(element)[:80]}) not modelled; left out")
        # the parents' columns before the table's constraints, which may name them
        # (``CREATE TABLE entity_note (PRIMARY KEY (id)) INHERITS (note)``)
        self._inherit_columns(table)
        for element in elements:
            if not isinstance(element, (exp.ColumnDef, exp.Identifier, exp.Column, exp.LikeProperty)):
                self._guarded(f"a constraint of table {table.qualified_name}", self._table_element,
                              table, element)
        if self.dialect == "postgres":
            self._drop_repeated_uniques(table)
        modifiers = [p for p in (node.args.get("properties").expressions if node.args.get("properties") else [])
                     if isinstance(p, exp.TemporaryProperty)]
        table.options.temporary = bool(modifiers)
        self._add_table(table)

    def _inherit_columns(self, table: Table) -> None:
        """A partition or an INHERITS child has its parents' columns first; the parents,
        read as names, become the parent tables' ids (a parent must exist before its
        child, as in PostgreSQL; one that does not is left out, with a warning)."""
        opts = table.options
        parents = opts.inherits + ([opts.partition_of] if opts.partition_of else [])
        ids: dict[str, str] = {}
        inherited: list[Column] = []
        taken: set[str] = set()
        own = list(table.columns)
        for qualified in parents:
            ns, pname = split_qualified(qualified)
            parent = self._find_table(pname, ns or None)
            if parent is None:
                self._issue("warning", f"parent table {qualified} of {table.qualified_name} is not defined; "
                                       "the table is read without it")
                continue
            ids[qualified] = parent.id
            for column in parent.columns:
                if column.name in taken:  # several parents' columns of one name are one column
                    continue
                taken.add(column.name)
                mine = self._column_named(table, column.name)
                if mine is not None:  # the table's own definition merges with it, at the parent's position
                    own.remove(mine)
                    mine.nullable = mine.nullable and column.nullable
                    inherited.append(mine)
                    continue
                inherited.append(Column(derived_id("col", table.namespace, table.name, column.name),
                                        column.name, column.type, column.nullable, column.default,
                                        collation=column.collation, location=table.location))
        if inherited:
            table.columns[:] = inherited + own
            self._columns.clear()  # the list was edited in place (its length may not tell)
        opts.partition_of = ids.get(opts.partition_of) if opts.partition_of else None
        if opts.partition_of is None:
            opts.partition_bound = None
        opts.inherits = [ids[q] for q in opts.inherits if q in ids]

    def _table_properties(self, table: Table, props) -> None:
        if not props:
            return
        opts = table.options
        for prop in props.expressions:
            if isinstance(prop, exp.EngineProperty):
                opts.engine = _name(prop.this)
            elif isinstance(prop, exp.CharacterSetProperty):
                opts.charset = _name(prop.this)
            elif isinstance(prop, exp.CollateProperty):
                opts.collation = _name(prop.this)
            elif isinstance(prop, exp.SchemaCommentProperty):
                table.comment = prop.this.name
            elif isinstance(prop, exp.AutoIncrementProperty):
                opts.auto_increment = _int(prop.this)
            elif isinstance(prop, exp.PartitionedByProperty):
                opts.partition_by = self._sql(prop.this)
            elif isinstance(prop, exp.PartitionedOfProperty):
                ns, name = _table_ref(prop.this)
                opts.partition_of = qualify(ns, name)
                opts.partition_bound = self._sql(prop.expression)
            elif isinstance(prop, exp.InheritsProperty):
                opts.inherits = [qualify(*_table_ref(t)) for t in prop.expressions]
            elif isinstance(prop, exp.TemporaryProperty):
                opts.temporary = True
            elif isinstance(prop, exp.UnloggedProperty):
                opts.unlogged = True
            elif self.dialect == "postgres" and type(prop) is exp.Property:  # WITH (fillfactor = 50, …)
                opts.storage[storage_name(prop.this)] = storage_value(prop.args.get("value"))
            else:
                # NAME=value as the live import keeps it (``row_format``: ``Dynamic``), so the export writes
                # ROW_FORMAT=Dynamic back (keyed by the property's class, it wrote ROWFORMATPROPERTY=ROW_FORMAT=…,
                # which MariaDB refuses); anything else under its class name, which no export writes
                text = self._sql(prop)
                name, eq, value = text.partition("=")
                if eq and name.strip().replace("_", "").isalpha():
                    opts.extra[name.strip().lower()] = value.strip()
                else:
                    opts.extra[type(prop).__name__] = text

    def _key_storage(self, part: exp.Expression) -> dict[str, str]:
        """PostgreSQL: a primary or unique key's ``WITH (fillfactor = 90)``, its index's storage parameters."""
        return storage_of(part.args.get("include")) if self.dialect == "postgres" else {}

    def _column_id(self, table: Table, name: str) -> str:
        column = self._column_named(table, name)
        if column is None:
            raise _Skip(f"column {name!r} does not exist in table {table.qualified_name}")
        return column.id

    def _add_column(self, table: Table, node: exp.ColumnDef) -> Column | None:
        name = node.name
        if not name:  # what sqlglot makes of "(25) NOT NULL" where a column's name was
            self._issue("warning", f"a column of table {table.qualified_name} has no name "
                        f"({self._sql(node)[:60]!r}); left out")
            return None
        existing = self._column_named(table, name)
        if existing is not None and existing.name == name:
            raise _Skip(f"column {name!r} is defined twice in table {table.qualified_name}")
        kind = node.args.get("kind")
        dtype = self._column_type(kind, self._written_type(name)) if kind is not None else dtypes.unknown()
        column = Column(self._new_column_id(table, name), name, dtype,
                        location=self._location_of(node))
        table.columns.insert(self._added_at(table, node.args.get("position")), column)
        self._column_added(table, column)
        for constraint in node.args.get("constraints") or []:
            self._guarded(f"a constraint of column {table.qualified_name}.{name}", self._column_constraint,
                          table, column, constraint)
        if dtypes.is_serial(dtype):
            column.nullable = False
            if is_mysql(self.dialect):
                self._mysql_serial(table, column)
        if self.dialect == "sqlite" and column.autoincrement:
            table.options.extra.setdefault("sqlite_autoincrement", "true")
        return column

    def _mysql_serial(self, table: Table, column: Column) -> None:
        """MySQL's ``SERIAL`` is ``BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE``: the model holds
        what the engine makes of it, a key named after the column among them (MariaDB merges it with
        the column's own UNIQUE, and drops it when the column is the PRIMARY KEY it declares).  Kept
        as the word ``serial``, the export wrote it with Kill Bill's ``serial unique``'s key beside it:
        two keys of one name, and MariaDB refused all 44 tables."""
        column.type = replace(column.type, kind="bigint", text="bigint unsigned", unsigned=True)
        column.autoincrement = True
        pk = table.primary_key
        if any(u.columns == [column.id] for u in table.uniques) or (pk is not None and pk.columns == [column.id]):
            return
        name = self._engine_key_name(table, [column.id])
        table.uniques.append(UniqueConstraint(derived_id("uq", table.namespace, table.name, name or column.name),
                                              [column.id], name, location=column.location))

    def _added_at(self, table: Table, position) -> int:
        """Where MySQL's ``ADD c … FIRST`` / ``AFTER b`` puts the column (the end without one:
        TheyWorkForYou and openSIS add columns AFTER others, and the export kept them last)."""
        if position is None:
            return len(table.columns)
        if (position.args.get("position") or "").upper() == "FIRST":
            return 0
        after = self._column_named(table, _name(position.this)) if position.this is not None else None
        if after is None:
            self._issue("warning", f"AFTER {self._sql(position.this)}: no such column in {table.qualified_name}; "
                                   "the column is added last")
            return len(table.columns)
        return table.columns.index(after) + 1

    def _modify_column(self, table: Table, node: exp.ColumnDef) -> None:
        """MySQL ``MODIFY col <definition>``: the column's whole definition is
        the new one (same place, same id; keys that use it stay)."""
        old = self._column_named(table, node.name)
        if old is None:
            raise _Skip(f"column {node.name!r} does not exist in table {table.qualified_name}")
        keys = (exp.PrimaryKeyColumnConstraint, exp.UniqueColumnConstraint, exp.Reference)
        if any(isinstance(c.args.get("kind"), keys) for c in node.args.get("constraints") or []):
            raise _Skip(f"MODIFY of {table.qualified_name}.{node.name} with a key in it is not read")
        self._column_in_place(table, old, node).id = old.id

    def _column_in_place(self, table: Table, old: Column, definition: exp.ColumnDef) -> Column:
        """The column ``definition`` builds, put where ``old`` was, ``old`` gone
        (MODIFY, CHANGE); ``old`` stays when the definition cannot be read."""
        at = table.columns.index(old)
        table.columns.remove(old)
        try:
            column = self._add_column(table, definition)
        except _Skip:
            table.columns.insert(at, old)
            raise
        table.columns.remove(column)
        table.columns.insert(at, column)
        self._columns.clear()  # the list was edited in place
        return column

    def _location_of(self, node: exp.Expression) -> SourceLocation:
        """Location of an identifier inside the current statement."""
        stmt = self.statement
        ident = node.this if isinstance(node.this, exp.Identifier) else None
        meta = ident.meta if ident is not None else {}
        if "line" in meta and "col" in meta:
            return stmt.locate(meta["line"], max(meta["col"] - len(ident.this) + 1, 1))
        return stmt.location

    def _column_constraint(self, table: Table, column: Column, constraint: exp.Expression) -> None:
        name = _name(constraint.this) if isinstance(constraint, exp.ColumnConstraint) and constraint.this else None
        kind = constraint.args.get("kind") if isinstance(constraint, exp.ColumnConstraint) else constraint
        loc = self.statement.location
        if isinstance(kind, exp.NotNullColumnConstraint):
            column.nullable = bool(kind.args.get("allow_null"))
        elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
            if table.primary_key is not None:
                raise _Skip(f"table {table.qualified_name} has two primary keys")
            table.primary_key = PrimaryKey(derived_id("pk", table.namespace, table.name), [column.id], name,
                                           location=loc, storage=self._key_storage(kind), **_deferrable(kind))
            if self.dialect != "sqlite":  # SQLite lets primary-key columns hold NULL
                column.nullable = False
        elif isinstance(kind, exp.UniqueColumnConstraint):
            table.uniques.append(UniqueConstraint(
                derived_id("uq", table.namespace, table.name, name or column.name), [column.id],
                name or self._engine_key_name(table, [column.id]),
                nulls_not_distinct=bool(kind.args.get("nulls")), location=loc, storage=self._key_storage(kind),
                **_deferrable(kind)))
        elif isinstance(kind, exp.DefaultColumnConstraint):
            value = kind.this
            if isinstance(value, exp.Collate):
                # ``DEFAULT NULL COLLATE c``: sqlglot reads the COLLATE into the default, but no engine's
                # DEFAULT takes one unparenthesised (MySQL, MariaDB, PostgreSQL, SQLite): it is the column's
                column.collation = _name(value.expression)
                value = value.this
            column.default = self._written("DEFAULT", value)
        elif isinstance(kind, exp.Reference):
            self._foreign_key(table, [column.id], kind, name)
        elif isinstance(kind, exp.CheckColumnConstraint):
            table.checks.append(CheckConstraint(
                derived_id("ck", table.namespace, table.name, name or f"{column.name}:{len(table.checks)}"),
                self._written("CHECK", kind.this), name, column=column.id, location=loc))
        elif isinstance(kind, exp.AutoIncrementColumnConstraint):
            if self.dialect == "mssql":  # bare IDENTITY
                column.identity = Identity()
                column.nullable = False
            else:
                column.autoincrement = True
        elif isinstance(kind, exp.GeneratedAsIdentityColumnConstraint):
            if kind.args.get("expression") is not None:  # (as written: PostgreSQL's "substring"(x, 1, n) stays)
                column.generated = Generated(self._written("GENERATED", kind.args["expression"]), stored=True)
            else:
                written = self._identity_options.get(column.name)
                if written is None:  # (what sqlglot read of the options: other dialects than PostgreSQL)
                    written = {"start": _int(kind.args.get("start")), "increment": _int(kind.args.get("increment")),
                               "min_value": _int(kind.args.get("minvalue")),
                               "max_value": _int(kind.args.get("maxvalue")), "cycle": bool(kind.args.get("cycle"))}
                column.identity = self._identity_made(table, column, identity_of(always=bool(kind.this), **written))
                column.nullable = False
        elif isinstance(kind, exp.ComputedColumnConstraint):
            column.generated = Generated(self._written("GENERATED", kind.this),
                                         stored=bool(kind.args.get("persisted")) or self.dialect == "postgres")
        elif isinstance(kind, exp.CollateColumnConstraint):
            column.collation = _name(kind.this)
        elif isinstance(kind, exp.CharacterSetColumnConstraint):
            column.charset = _name(kind.this)
        elif isinstance(kind, exp.CommentColumnConstraint):
            column.comment = kind.this.name
        elif isinstance(kind, exp.OnUpdateColumnConstraint):
            column.on_update = self._sql(kind.this)
        elif not isinstance(kind, exp.ClusteredColumnConstraint):
            self._issue("warning", f"column constraint {self._sql(kind)!r} on "
                        f"{table.qualified_name}.{column.name} not modelled")

    def _table_element(self, table: Table, element: exp.Expression) -> None:
        name = None
        parts = [element]
        if isinstance(element, exp.Constraint):
            name = _name(element.this)
            name = None if name == _SYNTHETIC else name
            parts = element.expressions
        # SQL Server: PRIMARY KEY / UNIQUE [NON]CLUSTERED (columns) carries its columns
        # in the clustering part
        key_cols, clustered = None, None
        for part in parts:
            if isinstance(part, (exp.ClusteredColumnConstraint, exp.NonClusteredColumnConstraint)):
                key_cols = [_name(c.this if isinstance(c, exp.Ordered) else c) for c in part.this]
                clustered = isinstance(part, exp.ClusteredColumnConstraint)
        for part in parts:
            self._constraint(table, part, name, clustered_cols=key_cols, clustered=clustered)

    def _cols(self, table: Table, nodes) -> list[str]:
        out = []
        for node in nodes:
            if isinstance(node, exp.Ordered):
                node = node.this
            if isinstance(node, exp.ColumnPrefix):
                node = node.this
            out.append(self._column_id(table, _name(node)))
        return out

    def _prefix_lengths(self, table: Table, nodes) -> dict[str, int]:
        """MySQL key parts written ``name(10)``: column id → prefix length."""
        out = {}
        for node in nodes or []:
            if isinstance(node, exp.Ordered):
                node = node.this
            length = _int(node.expression) if isinstance(node, exp.ColumnPrefix) else None
            if length is not None and length > 0:
                out[self._column_id(table, _name(node.this))] = length
        return out

    def _constraint(self, table: Table, part: exp.Expression, name: str | None, *,
                    clustered_cols=None, clustered=None, not_valid: bool = False) -> None:
        loc = self.statement.location
        if isinstance(part, (exp.PrimaryKey, exp.PrimaryKeyColumnConstraint)):
            cols = self._cols(table, part.expressions) if part.expressions else self._cols(table, [exp.to_identifier(c) for c in clustered_cols or []])
            if table.primary_key is not None:
                raise _Skip(f"table {table.qualified_name} already has a primary key")
            using = (part.args.get("include") or exp.IndexParameters()).args.get("using") \
                if isinstance(part, exp.PrimaryKey) else None
            table.primary_key = PrimaryKey(derived_id("pk", table.namespace, table.name), cols, name,
                                           clustered=clustered, location=loc, **_deferrable(part),
                                           lengths=self._prefix_lengths(table, part.expressions),
                                           storage=self._key_storage(part),
                                           method=using.name.lower() if using is not None and is_mysql(self.dialect) else None)
            if self.dialect != "sqlite":  # SQLite lets primary-key columns hold NULL
                for cid in cols:
                    table.column(cid).nullable = False
        elif isinstance(part, exp.ForeignKey):
            if name is None and is_mysql(self.dialect) and isinstance(part.this, exp.Identifier):
                # MySQL's FOREIGN KEY index_name (cols): without CONSTRAINT symbol, MariaDB names the key (and
                # its index) by it (Pandora FMS's FOREIGN KEY `tevent_ext_fk`(`id_evento`))
                name = _name(part.this)
            if part.args.get("reference") is None:  # FOREIGN KEY (c) t (id): no REFERENCES, which every engine refuses
                raise _LeftOut(f"FOREIGN KEY ({', '.join(_name(e) or '?' for e in part.expressions)})"
                               f"{f' (constraint {name})' if name else ''} names no REFERENCES clause",
                               self._after_key_columns(part))
            self._foreign_key(table, self._cols(table, part.expressions), part.args["reference"], name,
                              not_valid=not_valid, options=part.args.get("options"))
        elif isinstance(part, exp.UniqueColumnConstraint):
            target = part.this
            using = part.args.get("index_type")
            options = part.args.get("options") or []
            commented = any(isinstance(x, exp.IndexConstraintOption) and x.args.get("comment") is not None
                            for x in options)
            if isinstance(target, exp.Schema) and (any(isinstance(e, exp.ColumnPrefix) for e in target.expressions)
                                                   or ((using or commented) and is_mysql(self.dialect))):
                # (or UNIQUE KEY … USING BTREE|HASH or COMMENT 'text': the method and the comment are the index's)
                # MySQL UNIQUE KEY over column prefixes: a unique index, not a constraint
                self._inline_index(table, exp.IndexColumnConstraint(
                    this=target.this if target.this is not None else (exp.to_identifier(name) if name else None),
                    expressions=target.expressions, kind="UNIQUE", index_type=using or None, options=options))
                return
            if isinstance(target, exp.Schema):
                name = name or _name(target.this)
                cols = self._cols(table, target.expressions)
            elif isinstance(target, (exp.ClusteredColumnConstraint, exp.NonClusteredColumnConstraint)):
                # SQL Server: CONSTRAINT x UNIQUE [NON]CLUSTERED (cols): the columns are the clustering part's
                cols = self._cols(table, target.this)
            elif clustered_cols is not None:
                cols = self._cols(table, [exp.to_identifier(c) for c in clustered_cols])
            else:  # the constraint is lost, not the table
                self._issue("warning", f"UNIQUE constraint {name or ''} of {table.qualified_name} names no columns; "
                                       "it is left out".replace("  ", " "))
                return
            table.uniques.append(UniqueConstraint(
                derived_id("uq", table.namespace, table.name, name or ",".join(cols)), cols,
                name or self._engine_key_name(table, cols),
                nulls_not_distinct=bool(part.args.get("nulls")), location=loc, storage=self._key_storage(part),
                **_deferrable(part)))
        elif isinstance(part, exp.CheckColumnConstraint):
            table.checks.append(CheckConstraint(
                derived_id("ck", table.namespace, table.name, name or str(len(table.checks))),
                self._written("CHECK", part.this), name, not_valid=not_valid, location=loc))
        elif isinstance(part, exp.IndexColumnConstraint):
            self._inline_index(table, part)
        elif isinstance(part, (exp.ClusteredColumnConstraint, exp.NonClusteredColumnConstraint)):
            pass  # read by _table_element as the key's columns
        else:
            self._issue("warning", f"table element {self._sql(part)[:80]!r} of {table.qualified_name} not modelled")

    def _like_table(self, table: Table, part: exp.LikeProperty) -> None:
        """MySQL's ``CREATE TABLE t LIKE source``: an empty copy of the source's definition, its
        columns with every attribute, its keys, indexes and CHECK constraints under the same names
        (MySQL's key names are per table) and its table options; not its foreign keys, which the
        engine does not copy.  (Tuleap's plugin_tracker_artifact_pending_removal was left out.)"""
        source = self._table_for(part.this)
        ids: dict[str, str] = {}
        for column in source.columns:
            copy = replace(column, id=derived_id("col", table.namespace, table.name, column.name),
                           location=self.statement.location)
            ids[column.id] = copy.id
            table.columns.append(copy)
            self._column_added(table, copy)
        loc = self.statement.location
        if source.primary_key is not None:
            pk = source.primary_key
            table.primary_key = replace(pk, id=derived_id("pk", table.namespace, table.name),
                                        columns=[ids[c] for c in pk.columns],
                                        lengths={ids[c]: n for c, n in pk.lengths.items()}, location=loc)
        for u in source.uniques:
            table.uniques.append(replace(u, id=derived_id("uq", table.namespace, table.name, u.name or ",".join(u.columns)),
                                         columns=[ids[c] for c in u.columns], location=loc))
        for ck in source.checks:
            table.checks.append(replace(ck, id=derived_id("ck", table.namespace, table.name, ck.name or str(len(table.checks))),
                                        column=ids.get(ck.column) if ck.column else None, location=loc))
        for ix in source.indexes:
            elements = [replace(e, column=ids.get(e.column, e.column)) if e.column else e for e in ix.elements]
            table.indexes.append(replace(ix, id=derived_id("ix", table.namespace, table.name, ix.name or str(len(table.indexes))),
                                         elements=elements, location=loc))
        # the index InnoDB made for each foreign key of the source that no key or index leads with:
        # an index of the source like any other (named after the constraint), copied though the key is not
        for fk in source.foreign_keys:
            cols = [ids[c] for c in fk.columns if c in ids]
            leads = [list(table.primary_key.columns)] if table.primary_key else []
            leads += [list(u.columns) for u in table.uniques]
            leads += [[e.column for e in ix.elements] for ix in table.indexes]
            if cols and not any(lead[:len(cols)] == cols for lead in leads):
                table.indexes.append(Index(derived_id("ix", table.namespace, table.name, fk.name or "fk:" + ",".join(cols)),
                                           fk.name or self._engine_key_name(table, cols),
                                           [IndexElement(column=c) for c in cols], location=loc))
        table.options = replace(source.options, inherits=list(source.options.inherits), extra=dict(source.options.extra),
                                auto_increment=None)
        table.comment = source.comment

    def _like_columns(self, table: Table, part: exp.LikeProperty) -> None:
        """``LIKE source [INCLUDING … | EXCLUDING …]``: the source table's columns, here: names,
        types and NOT NULL always; in PostgreSQL defaults and comments only when an option includes
        them (the engine copies neither by default: bacula's ``CREATE TABLE JobHisto (LIKE Job)``)."""
        source = self._table_for(part.this)
        # (the other engines' parenthesized LIKE: defaults copied, as the importer always did)
        included: set[str] = set() if self.dialect == "postgres" else {"DEFAULTS"}
        for option in part.expressions:  # in order: INCLUDING ALL EXCLUDING COMMENTS
            word = option.name.upper() if isinstance(option, exp.Property) else ""
            what = option.text("value").upper() if isinstance(option, exp.Property) else ""
            chosen = {"DEFAULTS", "COMMENTS"} if what == "ALL" else {what}
            included = included | chosen if word == "INCLUDING" else included - chosen if word == "EXCLUDING" \
                else included
        for column in source.columns:
            dtype, default = column.type, column.default
            if self.dialect == "postgres" and dtypes.is_serial(dtype):  # an integer, its default the source's sequence
                dtype, default = dtypes.referencing(dtype), _nextval(source, column.name)
            column = Column(derived_id("col", table.namespace, table.name, column.name), column.name, dtype,
                            column.nullable, default if "DEFAULTS" in included else None,
                            comment=column.comment if "COMMENTS" in included else None)
            table.columns.append(column)
            self._column_added(table, column)

    def _engine_key_name(self, table: Table, columns: list) -> str | None:
        """The name MySQL and MariaDB give a key written without one: its first column's, or with
        ``_2``, ``_3``, … when a key of the table has it already (sql_table.cc, make_unique_key_name).
        Left unnamed, the export named it as PostgreSQL would (``t_c_idx``), so the engine's catalog
        and the export's differed, and an unnamed UNIQUE written back in the CREATE TABLE could take
        the name a CREATE INDEX after it then asks for.  None for the other engines."""
        if not is_mysql(self.dialect) or not columns or columns[0] is None:
            return None
        first = next((c for c in table.columns if c.id == columns[0]), None)
        if first is None:
            return None
        taken = {"primary"} | {ix.name.lower() for ix in table.indexes if ix.name} \
            | {u.name.lower() for u in table.uniques if u.name}
        name, n = first.name, 2
        while name.lower() in taken:
            name, n = f"{first.name}_{n}", n + 1
        return name

    def _inline_index(self, table: Table, part: exp.IndexColumnConstraint) -> None:
        name = _name(part.this) if part.this else None
        elements = []
        for node in part.expressions:
            desc = False
            if isinstance(node, exp.Ordered):
                desc = bool(node.args.get("desc"))
                node = node.this
            length = None
            if isinstance(node, exp.ColumnPrefix):
                length = _int(node.expression)
                node = node.this
            elements.append(IndexElement(column=self._column_id(table, _name(node)), descending=desc, length=length))
        kind = (part.args.get("kind") or "").lower() or None
        method = kind if kind in ("fulltext", "spatial") else None
        using = part.args.get("index_type")
        comment = None
        for option in part.args.get("options") or []:  # KEY k (c) USING BTREE COMMENT 'text'
            if isinstance(option, exp.IndexConstraintOption) and option.args.get("using"):
                using = option.args["using"]
            if isinstance(option, exp.IndexConstraintOption) and option.args.get("comment") is not None:
                comment = option.args["comment"].name
        if isinstance(using, exp.Expression):
            method = _name(using).lower()
        elif isinstance(using, str) and using:
            method = using.lower()
        table.indexes.append(Index(derived_id("ix", table.namespace, table.name, name or str(len(table.indexes))),
                                   name or self._engine_key_name(table, [e.column for e in elements[:1]]),
                                   elements, unique=kind == "unique", method=method, comment=comment,
                                   location=self.statement.location))

    def _after_key_columns(self, part: exp.ForeignKey):
        """Where REFERENCES belongs: past the ``)`` that closes the key's columns (None when the
        parser kept no offsets)."""
        end = part.expressions[-1].meta.get("end") if part.expressions else None
        text = self.statement.text if self.statement is not None else ""
        if end is None or end >= len(text):
            return None
        at = end + 1
        while at < len(text) and (text[at].isspace() or text[at] in "`\"]"):
            at += 1
        if at < len(text) and text[at] == ")":
            at += 1
        while at < len(text) and text[at].isspace():
            at += 1
        return self.statement.location_at(at)

    def _foreign_key(self, table: Table, columns: list[str], ref: exp.Reference, name: str | None, *,
                     not_valid: bool = False, options=None) -> None:
        target = ref.this
        ref_cols: tuple[str, ...] = ()
        if isinstance(target, exp.Schema):
            ref_cols = tuple(_name(c) for c in target.expressions)
            target = target.this
        ns, ref_name = _table_ref(target)
        fk = ForeignKey(derived_id("fk", table.namespace, table.name, name or ",".join(columns)),
                        columns, None, [], name, not_valid=not_valid, location=self.statement.location,
                        unresolved=UnresolvedReference(ns if ns is not None else (self.namespace if is_mysql(self.dialect) else None), ref_name, ref_cols))
        for option in list(ref.args.get("options") or []) + list(options or []):
            text = option.upper() if isinstance(option, str) else self._sql(option).upper()
            if text.startswith("ON DELETE "):
                fk.on_delete = text[len("ON DELETE "):]
            elif text.startswith("ON UPDATE "):
                fk.on_update = text[len("ON UPDATE "):]
            elif text == "DEFERRABLE":
                fk.deferrable = True
            elif text == "INITIALLY DEFERRED":
                fk.initially_deferred = True
            elif text.startswith("MATCH "):
                fk.match = text[len("MATCH "):]
        listed = action_columns(self._action_columns, _first_offset(ref))
        if listed and fk.on_delete in ("SET NULL", "SET DEFAULT"):
            fk.on_delete_columns = [self._column_id(table, name) for name in listed]
        table.foreign_keys.append(fk)
        self.pending_fk.append((table, fk))

    def _add_exclusions(self, table: Table, exclusions: list) -> None:
        for name, definition, deferrable, deferred in exclusions:
            table.exclusions.append(ExclusionConstraint(
                derived_id("ex", table.namespace, table.name, name or str(len(table.exclusions))), definition, name,
                deferrable=deferrable, initially_deferred=deferred, location=self.statement.location))

    def _virtual_table(self) -> None:
        """SQLite ``CREATE VIRTUAL TABLE name USING module(args)``: kept verbatim
        for export, and modelled as a table (plus the shadow tables SQLite
        creates for full-text modules) so the catalog matches the engine's."""
        tokens = self.statement.tokens
        upper = [t.text.upper() for t in tokens]
        if "USING" not in upper:
            raise _Skip("CREATE VIRTUAL TABLE without USING")
        using = upper.index("USING")
        name_tokens = [t.text for t in tokens[upper.index("TABLE") + 1: using]
                       if t.text.upper() not in ("IF", "NOT", "EXISTS") and t.token_type != TokenType.DOT]
        name = name_tokens[-1]
        module = tokens[using + 1].text.lower()
        args = [[t.text for t in item] for item in _paren_items(tokens, using + 2)[0]]
        columns = [a[0] for a in args if a and "=" not in a]
        options = {a[0].lower(): a[-1] for a in args if "=" in a}
        self._keep_raw("virtual table", name)
        ns = self.namespace
        table = Table(derived_id("tbl", ns, name), name, ns, location=self.statement.location)
        table.options.extra["virtual"] = module
        table.columns = [Column(derived_id("col", ns, name, c), c, dtypes.unknown(), location=table.location)
                         for c in columns]
        self._add_table(table)
        for suffix, cols in _shadow_tables(module, columns, options):
            shadow = Table(derived_id("tbl", ns, name + suffix), name + suffix, ns, location=table.location)
            shadow.options.extra["shadow_of"] = name
            for col_name, col_type, pk in cols:
                column = Column(derived_id("col", ns, name + suffix, col_name), col_name,
                                dtypes.plain(col_type), location=table.location)
                shadow.columns.append(column)
            pk_cols = [c.id for c, (_, _, pk) in zip(shadow.columns, cols) if pk]
            if pk_cols:
                shadow.primary_key = PrimaryKey(derived_id("pk", ns, shadow.name), pk_cols)
            self._add_table(shadow)
