"""DDL import: SQL scripts → ``designer.model.Schema``, through sqlglot.

Several files form one schema, read in order.  Each statement is parsed on
its own, so one statement sqlglot cannot parse, or that the model cannot
take, is reported with its file, line and column and everything else is
still imported.  Statements the model does not interpret (functions, views,
triggers, extensions, grants, …) are kept verbatim as ``RawObject``s.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError
from sqlglot.tokens import Token, TokenType

from designer import types as dtypes
from designer.errors import InputError
from designer.importing import ImportIssue, ImportResult
from designer.model import (
    DIALECTS,
    CheckConstraint,
    Column,
    EnumType,
    ForeignKey,
    Generated,
    Identity,
    Index,
    IndexElement,
    Namespace,
    PrimaryKey,
    RawObject,
    Schema,
    Sequence,
    SourceLocation,
    Table,
    UniqueConstraint,
    UnresolvedReference,
    derived_id,
)
from designer.sql_split import Statement, sqlglot_dialect_name, split_statements

logging.getLogger("sqlglot").setLevel(logging.ERROR)

DIALECT_ALIASES = {
    "postgres": "postgres", "postgresql": "postgres", "pg": "postgres",
    "mysql": "mysql", "mariadb": "mariadb",
    "sqlite": "sqlite", "sqlite3": "sqlite",
    "mssql": "mssql", "sqlserver": "mssql", "tsql": "mssql",
}


def normalize_dialect(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        return DIALECT_ALIASES[name.lower()]
    except KeyError:
        raise InputError(f"unknown dialect {name!r}; use one of {', '.join(DIALECTS)}") from None


@dataclass
class StatementComments:
    """The comments written on or before one statement (for inline suppressions)."""

    location: SourceLocation
    end_line: int
    comments: list[str]


@dataclass
class DDLImportResult(ImportResult):
    statement_comments: list[StatementComments] = field(default_factory=list)


Source = str | Path | tuple[str, str]


def _read(source: Source) -> tuple[str, str]:
    if isinstance(source, tuple):
        return source
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return str(path), data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return str(path), data.decode("latin-1")


def guess_dialect(text: str, name: str = "") -> str:
    """A best guess from tell-tale markers; ``--dialect`` overrides it."""
    lowered = name.lower()
    for marker, dialect in (("sqlite", "sqlite"), ("mssql", "mssql"), ("sql_server", "mssql"),
                            ("sqlserver", "mssql"), ("mysql", "mysql"), ("mariadb", "mariadb"),
                            ("postgres", "postgres")):
        if marker in lowered:
            return dialect
    tokens = Dialect.get_or_raise("postgres").tokenizer_class()
    del tokens
    sample = text[:200_000].lower()
    scores = {
        "mssql": sample.count("\ngo\n") * 5 + sample.count("identity(") * 3 + sample.count("nvarchar") + sample.count("[dbo]") * 3,
        "mysql": sample.count("`") + sample.count("engine=") * 5 + sample.count("auto_increment") * 3,
        "sqlite": sample.count("autoincrement") * 3 + sample.count("without rowid") * 5,
        "postgres": sample.count("::") + sample.count("serial") * 2 + sample.count("$$") * 2
        + sample.count("set search_path") * 5 + sample.count("owner to") * 3,
    }
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else "postgres"


def import_ddl(sources: Iterable[Source], dialect: str | None = None) -> DDLImportResult:
    """Import DDL files (paths, or ``(name, text)`` pairs) as one schema."""
    texts = [_read(s) for s in sources]
    if not texts:
        raise InputError("no DDL sources given")
    dialect = normalize_dialect(dialect) or guess_dialect(texts[0][1], texts[0][0])
    builder = _Builder(dialect)
    for name, text in texts:
        statements, issues = split_statements(text, dialect, name)
        builder.result.issues.extend(issues)
        for statement in statements:
            builder.add(statement)
    builder.finish()
    return builder.result


# ---------------------------------------------------------------------------


class _Skip(Exception):
    """The statement cannot be taken into the model (reported, then skipped)."""


def _name(node) -> str | None:
    if node is None:
        return None
    if isinstance(node, exp.Identifier):
        return node.this
    if isinstance(node, (exp.Column, exp.Table)):
        return node.name
    if isinstance(node, str):
        return node
    return node.name if hasattr(node, "name") else str(node)


def _table_ref(table: exp.Expression) -> tuple[str | None, str]:
    """(namespace, name) of a table reference; for SQL Server the schema part
    is the namespace, a database part is ignored."""
    if isinstance(table, exp.Schema):
        table = table.this
    if not isinstance(table, exp.Table):
        raise _Skip(f"expected a table name, found {table.sql()!r}")
    return (table.args["db"].name if table.args.get("db") else None), table.name


def _int(node) -> int | None:
    if node is None:
        return None
    if isinstance(node, exp.Neg):
        value = _int(node.this)
        return -value if value is not None else None
    try:
        return int(node.name if isinstance(node, exp.Expression) else node)
    except (TypeError, ValueError):
        return None


class _Builder:
    def __init__(self, dialect: str):
        self.dialect = dialect
        self.read = sqlglot_dialect_name(dialect)
        self.parser_dialect = Dialect.get_or_raise(self.read)
        self.schema = Schema(dialect=dialect)
        self.result = DDLImportResult(self.schema)
        self.namespace: str | None = None  # current database after USE (MySQL)
        self.statement: Statement | None = None
        self.pending_fk: list[tuple[Table, ForeignKey]] = []
        self.pending_owned: list[tuple[Sequence, exp.Expression | str]] = []

    # -- reporting ------------------------------------------------------
    def _issue(self, severity: str, message: str, location: SourceLocation | None = None) -> None:
        stmt = self.statement
        first_line = stmt.text.strip().split("\n", 1)[0][:160] if stmt else None
        self.result.issues.append(ImportIssue(severity, message, location or (stmt.location if stmt else None), first_line))

    def _sql(self, node: exp.Expression | None) -> str | None:
        if node is None:
            return None
        return node.sql(dialect=self.read)

    # -- statements -----------------------------------------------------
    def add(self, statement: Statement) -> None:
        self.statement = statement
        if statement.comments:
            self.result.statement_comments.append(
                StatementComments(statement.location, statement.end_line, statement.comments))
        tokens = self._repair(statement.tokens)
        try:
            expressions = self.parser_dialect.parser().parse(tokens, statement.text)
        except ParseError as exc:
            err = exc.errors[0] if exc.errors else {}
            line = statement.location.line + (err.get("line", 1) or 1) - 1
            col = err.get("col", 1) or 1
            if err.get("line", 1) == 1:
                col += statement.location.column - 1
            desc = (err.get("description") or str(exc)).split("\n")[0]
            self._issue("error", f"cannot parse statement ({desc}); skipped",
                        SourceLocation(statement.location.path, line, col))
            return
        for expression in expressions:
            if expression is None:
                continue
            try:
                self._dispatch(expression)
            except _Skip as exc:
                self._issue("warning", f"{exc}; statement skipped")

    def _repair(self, tokens: list[Token]) -> list[Token]:
        """Token-level fixes for syntax sqlglot does not accept."""
        kinds = [t.token_type for t in tokens]
        # CREATE INDEX … ON ONLY t (pg_dump, partitioned tables)
        if TokenType.INDEX in kinds[:4] and kinds[0] == TokenType.CREATE:
            for i in range(len(tokens) - 1):
                if tokens[i].token_type == TokenType.ON and tokens[i + 1].token_type == TokenType.ONLY:
                    return tokens[: i + 1] + tokens[i + 2:]
        # SQLite: … ) WITHOUT ROWID / STRICT
        if self.dialect == "sqlite" and len(tokens) > 2 and kinds[0] == TokenType.CREATE:
            texts = [t.text.upper() for t in tokens[-3:]]
            if texts[-2:] == ["WITHOUT", "ROWID"] or texts[-1] == "STRICT":
                self._sqlite_table_flags = {"without_rowid": "ROWID" in texts, "strict": texts[-1] == "STRICT"}
                cut = len(tokens)
                while cut > 0 and tokens[cut - 1].token_type != TokenType.R_PAREN:
                    cut -= 1
                return tokens[:cut]
        return tokens

    def _dispatch(self, node: exp.Expression) -> None:
        handler = getattr(self, f"_on_{type(node).__name__.lower()}", None)
        if handler is None:
            self._keep_raw(type(node).__name__.lower())
            return
        handler(node)

    def _keep_raw(self, kind: str, name: str | None = None) -> None:
        stmt = self.statement
        self.schema.raw.append(RawObject(
            id=derived_id("raw", stmt.location.path, str(stmt.location.line), str(stmt.location.column)),
            kind=kind, sql=stmt.text.strip(), dialect=self.dialect, name=name, location=stmt.location))

    def _ignore(self, what: str) -> None:
        self._issue("info", f"{what} ignored")

    # noise
    def _on_set(self, node):
        self._ignore("SET")

    def _on_transaction(self, node):
        self._ignore("transaction control")

    _on_commit = _on_rollback = _on_transaction

    def _on_use(self, node):
        self.namespace = _name(node.this)
        self._ensure_namespace(self.namespace)

    def _on_insert(self, node):
        self._ignore("data statement (INSERT)")

    def _on_update(self, node):
        self._ignore("data statement (UPDATE)")

    def _on_delete(self, node):
        self._ignore("data statement (DELETE)")

    def _on_copy(self, node):
        self._ignore("data statement (COPY)")

    def _on_select(self, node):
        # pg_dump: SELECT pg_catalog.set_config(...), setval(...)
        self._ignore("SELECT")

    def _on_grant(self, node):
        self._keep_raw("grant")

    def _on_revoke(self, node):
        self._keep_raw("revoke")

    def _on_drop(self, node):
        kind = (node.args.get("kind") or "").upper()
        if kind == "TABLE":
            for table_node in [node.this, *node.expressions]:
                if isinstance(table_node, exp.Table):
                    ns, name = table_node.args["db"].name if table_node.args.get("db") else self.namespace, table_node.name
                    table = self.schema.find_table(name, ns)
                    if table is not None:
                        self.schema.tables.remove(table)
                        self._issue("warning", f"DROP TABLE removed {table.qualified_name} defined earlier")
            return
        if kind in ("DATABASE", "SCHEMA") or not kind:
            self._ignore(f"DROP {kind}".strip())
            return
        self._ignore(f"DROP {kind}")

    def _on_command(self, node: exp.Command):
        words = [t.text.upper() for t in self.statement.tokens[:6]]
        head = words[0] if words else ""
        if head == "CREATE":
            rest = [w for w in words[1:] if w not in ("OR", "REPLACE", "UNIQUE", "TEMPORARY", "TEMP",
                                                     "DEFINER", "MATERIALIZED", "TRUSTED", "PROCEDURAL", "CONSTRAINT")]
            kind = (rest[0] if rest else "object").lower()
            if kind == "text" and len(rest) > 2:
                kind = "text search " + rest[2].lower()
            if kind in ("table",):
                raise _Skip("CREATE TABLE syntax not understood")
            self._keep_raw(kind, self._object_name_after(kind))
            return
        if head == "ALTER" and len(words) > 1:
            target = words[1]
            if target == "SEQUENCE":
                self._alter_sequence_command()
                return
            if target == "TABLE" and any(t.text.upper() == "OWNER" for t in self.statement.tokens):
                self._ignore("ALTER … OWNER TO")
                return
            if target in ("FUNCTION", "TYPE", "VIEW", "DATABASE", "SCHEMA", "AGGREGATE", "DOMAIN",
                          "TEXT", "MATERIALIZED", "EXTENSION", "TRIGGER", "PROCEDURE", "INDEX") and \
                    any(t.text.upper() == "OWNER" for t in self.statement.tokens):
                self._ignore(f"ALTER {target} … OWNER TO")
                return
            if target == "TABLE":
                self._alter_table_command()
                return
            self._keep_raw(f"alter {target.lower()}")
            return
        if head in ("SET", "RESET", "SHOW", "VACUUM", "ANALYZE", "LOCK", "BEGIN", "START", "END",
                    "CHECKPOINT", "DISCARD", "DEALLOCATE", "PRAGMA", "PRINT", "DECLARE"):
            self._ignore(head)
            return
        if head in ("GRANT", "REVOKE", "SECURITY", "DO", "EXEC", "EXECUTE", "CALL", "SELECT"):
            self._keep_raw(head.lower())
            return
        if head in ("COMMENT",):
            raise _Skip("COMMENT ON statement not understood")
        self._keep_raw(head.lower() or "statement")

    def _object_name_after(self, kind: str) -> str | None:
        tokens = self.statement.tokens
        for i, token in enumerate(tokens):
            if token.text.lower() == kind.split()[-1] and i + 1 < len(tokens):
                j = i + 1
                while j < len(tokens) and tokens[j].text.upper() in ("IF", "NOT", "EXISTS"):
                    j += 1
                parts = []
                while j < len(tokens):
                    parts.append(tokens[j].text)
                    if j + 1 < len(tokens) and tokens[j + 1].token_type == TokenType.DOT:
                        j += 2
                        continue
                    break
                return ".".join(parts) or None
        return None

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
        elif kind in ("SCHEMA", "DATABASE"):
            self._ensure_namespace(_name(node.this))
        elif kind == "SEQUENCE":
            self._create_sequence(node)
        elif kind == "TYPE" and isinstance(node.expression, exp.DataType) and node.expression.this == exp.DataType.Type.ENUM:
            ns, name = _table_ref(node.this)
            values = [lit.name for lit in node.expression.expressions]
            self.schema.enums.append(EnumType(derived_id("enum", ns, name), name, values, ns,
                                              location=self.statement.location))
        else:
            self._keep_raw(kind.lower() or "object", _name(node.this) if not isinstance(node.this, exp.Expression) or isinstance(node.this, (exp.Table, exp.Identifier)) else node.this.sql(dialect=self.read)[:80])

    def _create_sequence(self, node: exp.Create):
        ns, name = _table_ref(node.this)
        ns = ns or self.namespace
        seq = Sequence(derived_id("seq", ns, name), name, ns, location=self.statement.location)
        props = node.args.get("properties")
        for prop in props.expressions if props else []:
            if isinstance(prop, exp.SequenceProperties):
                seq.start = _int(prop.args.get("start"))
                seq.increment = _int(prop.args.get("increment"))
                seq.min_value = _int(prop.args.get("minvalue"))
                seq.max_value = _int(prop.args.get("maxvalue"))
                seq.cache = _int(prop.args.get("cache"))
                seq.cycle = any(_name(o).upper() == "CYCLE" for o in prop.args.get("options") or [])
                owned = prop.args.get("owned")
                if owned is not None:
                    self.pending_owned.append((seq, owned))
                if prop.args.get("as"):
                    seq.data_type = self._sql(prop.args.get("as"))
        self.schema.sequences.append(seq)

    def _alter_sequence_command(self):
        tokens = self.statement.tokens
        texts = [t.text.upper() for t in tokens]
        if "OWNED" in texts:
            i = texts.index("OWNED")
            name_parts = [t.text for t in tokens[2:i] if t.token_type != TokenType.DOT]
            owner = [t.text for t in tokens[i + 2:] if t.token_type != TokenType.DOT]
            seq = self.schema.find_sequence(name_parts[-1], name_parts[-2] if len(name_parts) > 1 else None)
            if seq is None:
                raise _Skip(f"ALTER SEQUENCE for unknown sequence {'.'.join(name_parts)}")
            if owner and owner[0].upper() != "NONE":
                self.pending_owned.append((seq, ".".join(owner)))
            return
        self._ignore("ALTER SEQUENCE")

    # -- tables -----------------------------------------------------------
    def _table_for(self, ref: exp.Expression, *, must_exist: bool = True) -> Table:
        ns, name = _table_ref(ref)
        table = self.schema.find_table(name, ns if ns is not None else self.namespace)
        if table is None and ns is None:
            table = self.schema.find_table(name)
        if table is None and must_exist:
            raise _Skip(f"table {'.'.join(p for p in (ns, name) if p)} is not defined")
        return table

    def _create_table(self, node: exp.Create):
        schema_node = node.this
        table_node = schema_node.this if isinstance(schema_node, exp.Schema) else schema_node
        ns, name = _table_ref(table_node)
        ns = ns or self.namespace
        self._ensure_namespace(ns)
        existing = self.schema.find_table(name, ns)
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
                if isinstance(element, exp.ColumnDef):
                    self._add_column(table, element)
            for element in elements:
                if not isinstance(element, exp.ColumnDef):
                    self._table_element(table, element)
        elif table.options.partition_of is None:
            raise _Skip("CREATE TABLE without columns")
        if table.options.partition_of:
            parent = self.schema.find_table(*reversed(table.options.partition_of.rsplit(".", 1))) \
                if "." in table.options.partition_of else self.schema.find_table(table.options.partition_of)
            if parent is not None and not table.columns:
                for column in parent.columns:
                    table.columns.append(Column(derived_id("col", ns, name, column.name), column.name,
                                                column.type, column.nullable, column.default,
                                                location=table.location))
        modifiers = [p for p in (node.args.get("properties").expressions if node.args.get("properties") else [])
                     if isinstance(p, exp.TemporaryProperty)]
        table.options.temporary = bool(modifiers)
        self.schema.tables.append(table)

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
                opts.partition_of = f"{ns}.{name}" if ns else name
                opts.partition_bound = self._sql(prop.expression)
            elif isinstance(prop, exp.InheritsProperty):
                opts.inherits = [".".join(p for p in _table_ref(t) if p) for t in prop.expressions]
            elif isinstance(prop, exp.TemporaryProperty):
                opts.temporary = True
            elif isinstance(prop, exp.UnloggedProperty):
                opts.unlogged = True
            else:
                opts.extra[type(prop).__name__] = self._sql(prop)

    def _column_id(self, table: Table, name: str) -> str:
        column = table.column_named(name)
        if column is None:
            raise _Skip(f"column {name!r} does not exist in table {table.qualified_name}")
        return column.id

    def _add_column(self, table: Table, node: exp.ColumnDef) -> Column:
        name = node.name
        if table.column_named(name) is not None and table.column_named(name).name == name:
            raise _Skip(f"column {name!r} is defined twice in table {table.qualified_name}")
        kind = node.args.get("kind")
        dtype = dtypes.from_sqlglot(kind, self.read, self.schema) if kind is not None else dtypes.unknown()
        column = Column(derived_id("col", table.namespace, table.name, name), name, dtype,
                        location=self._location_of(node))
        table.columns.append(column)
        for constraint in node.args.get("constraints") or []:
            self._column_constraint(table, column, constraint)
        if dtypes.is_serial(dtype):
            column.nullable = False
        if self.dialect == "sqlite" and column.autoincrement:
            table.options.extra.setdefault("sqlite_autoincrement", "true")
        return column

    def _location_of(self, node: exp.Expression) -> SourceLocation:
        """Location of an identifier inside the current statement."""
        stmt = self.statement
        ident = node.this if isinstance(node.this, exp.Identifier) else None
        meta = ident.meta if ident is not None else {}
        if "line" in meta and "col" in meta:
            line = stmt.location.line + meta["line"] - 1
            col = meta["col"] - len(ident.this) + 1 + (stmt.location.column - 1 if meta["line"] == 1 else 0)
            return SourceLocation(stmt.location.path, line, max(col, 1))
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
            table.primary_key = PrimaryKey(derived_id("pk", table.namespace, table.name), [column.id], name, location=loc)
            column.nullable = False
            if kind.args.get("desc") is not None:
                pass
        elif isinstance(kind, exp.UniqueColumnConstraint):
            table.uniques.append(UniqueConstraint(
                derived_id("uq", table.namespace, table.name, name or column.name), [column.id], name,
                nulls_not_distinct=bool(kind.args.get("nulls")), location=loc))
        elif isinstance(kind, exp.DefaultColumnConstraint):
            column.default = self._sql(kind.this)
        elif isinstance(kind, exp.Reference):
            self._foreign_key(table, [column.id], kind, name)
        elif isinstance(kind, exp.CheckColumnConstraint):
            table.checks.append(CheckConstraint(
                derived_id("ck", table.namespace, table.name, name or f"{column.name}:{len(table.checks)}"),
                self._sql(kind.this), name, column=column.id, location=loc))
        elif isinstance(kind, exp.AutoIncrementColumnConstraint):
            column.autoincrement = True
        elif isinstance(kind, exp.GeneratedAsIdentityColumnConstraint):
            if kind.args.get("expression") is not None:
                column.generated = Generated(self._sql(kind.args["expression"]), stored=True)
            else:
                column.identity = Identity(always=bool(kind.this), start=_int(kind.args.get("start")),
                                           increment=_int(kind.args.get("increment")))
                column.nullable = False
        elif isinstance(kind, exp.ComputedColumnConstraint):
            column.generated = Generated(self._sql(kind.this), stored=bool(kind.args.get("persisted")) or self.dialect == "postgres")
        elif isinstance(kind, exp.CollateColumnConstraint):
            column.collation = _name(kind.this)
        elif isinstance(kind, exp.CharacterSetColumnConstraint):
            column.charset = _name(kind.this)
        elif isinstance(kind, exp.CommentColumnConstraint):
            column.comment = kind.this.name
        elif isinstance(kind, exp.OnUpdateColumnConstraint):
            column.on_update = self._sql(kind.this)
        elif isinstance(kind, exp.ClusteredColumnConstraint):
            pass
        else:
            self._issue("warning", f"column constraint {self._sql(kind)!r} on "
                        f"{table.qualified_name}.{column.name} not modelled")

    def _table_element(self, table: Table, element: exp.Expression) -> None:
        name = None
        parts = [element]
        if isinstance(element, exp.Constraint):
            name = _name(element.this)
            parts = element.expressions
        clustered = None
        for part in parts:
            if isinstance(part, exp.ClusteredColumnConstraint):
                columns = [c.this if isinstance(c, exp.Ordered) else c for c in part.this]
                clustered = [_name(c) for c in columns]
        if clustered is not None and any(isinstance(p, exp.NonClusteredColumnConstraint) for p in parts):
            pass
        for part in parts:
            self._constraint(table, part, name, clustered_cols=clustered,
                             clustered=True if clustered is not None else (False if any(
                                 isinstance(p, exp.NonClusteredColumnConstraint) for p in parts) else None))

    def _cols(self, table: Table, nodes) -> list[str]:
        out = []
        for node in nodes:
            if isinstance(node, exp.Ordered):
                node = node.this
            if isinstance(node, exp.ColumnPrefix):
                node = node.this
            out.append(self._column_id(table, _name(node)))
        return out

    def _constraint(self, table: Table, part: exp.Expression, name: str | None, *,
                    clustered_cols=None, clustered=None, not_valid: bool = False) -> None:
        loc = self.statement.location
        if isinstance(part, (exp.PrimaryKey, exp.PrimaryKeyColumnConstraint)):
            cols = self._cols(table, part.expressions) if part.expressions else self._cols(table, [exp.to_identifier(c) for c in clustered_cols or []])
            if table.primary_key is not None:
                raise _Skip(f"table {table.qualified_name} already has a primary key")
            table.primary_key = PrimaryKey(derived_id("pk", table.namespace, table.name), cols, name,
                                           clustered=clustered, location=loc)
            for cid in cols:
                table.column(cid).nullable = False
        elif isinstance(part, exp.ForeignKey):
            self._foreign_key(table, self._cols(table, part.expressions), part.args["reference"], name,
                              not_valid=not_valid, options=part.args.get("options"))
        elif isinstance(part, exp.UniqueColumnConstraint):
            target = part.this
            if isinstance(target, exp.Schema):
                name = name or _name(target.this)
                cols = self._cols(table, target.expressions)
            elif clustered_cols is not None:
                cols = self._cols(table, [exp.to_identifier(c) for c in clustered_cols])
            else:
                raise _Skip("UNIQUE constraint without columns")
            table.uniques.append(UniqueConstraint(
                derived_id("uq", table.namespace, table.name, name or ",".join(cols)), cols, name,
                nulls_not_distinct=bool(part.args.get("nulls")), location=loc))
        elif isinstance(part, exp.CheckColumnConstraint):
            table.checks.append(CheckConstraint(
                derived_id("ck", table.namespace, table.name, name or str(len(table.checks))),
                self._sql(part.this), name, not_valid=not_valid, location=loc))
        elif isinstance(part, exp.IndexColumnConstraint):
            self._inline_index(table, part)
        elif isinstance(part, (exp.ClusteredColumnConstraint, exp.NonClusteredColumnConstraint)):
            pass
        elif isinstance(part, exp.LikeProperty):
            source = self._table_for(part.this)
            for column in source.columns:
                table.columns.append(Column(derived_id("col", table.namespace, table.name, column.name),
                                            column.name, column.type, column.nullable, column.default))
        else:
            self._issue("warning", f"table element {self._sql(part)[:80]!r} of {table.qualified_name} not modelled")

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
        if isinstance(using, exp.Expression):
            method = _name(using).lower()
        table.indexes.append(Index(derived_id("ix", table.namespace, table.name, name or str(len(table.indexes))),
                                   name, elements, unique=kind == "unique", method=method,
                                   location=self.statement.location))

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
                        unresolved=UnresolvedReference(ns if ns is not None else (self.namespace if self.dialect in ("mysql", "mariadb") else None), ref_name, ref_cols))
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
        table.foreign_keys.append(fk)
        self.pending_fk.append((table, fk))

    # -- indexes ------------------------------------------------------------
    def _create_index(self, node: exp.Create, kind: str):
        index_node = node.this
        if not isinstance(index_node, exp.Index):
            raise _Skip("CREATE INDEX not understood")
        table = self._table_for(index_node.args["table"])
        params = index_node.args.get("params") or exp.IndexParameters()
        name = _name(index_node.this)
        elements = [self._index_element(table, col) for col in params.args.get("columns") or []]
        using = params.args.get("using")
        method = _name(using).lower() if using is not None else None
        if "FULLTEXT" in kind:
            method = "fulltext"
        elif "SPATIAL" in kind:
            method = "spatial"
        where = params.args.get("where")
        index = Index(derived_id("ix", table.namespace, table.name, name or str(len(table.indexes))), name,
                      elements, unique=bool(node.args.get("unique")), method=method,
                      predicate=self._sql(where.this) if where is not None else None,
                      include=self._cols(table, params.args.get("include") or []),
                      clustered=True if kind.startswith("CLUSTERED") else (False if kind.startswith("NONCLUSTERED") else None),
                      location=self.statement.location)
        table.indexes.append(index)

    def _index_element(self, table: Table, node: exp.Expression) -> IndexElement:
        element = IndexElement()
        if isinstance(node, exp.Ordered):
            element.descending = bool(node.args.get("desc"))
            nulls_first = node.args.get("nulls_first")
            if self.dialect == "postgres" and nulls_first is not None and nulls_first != element.descending:
                element.nulls = "FIRST" if nulls_first else "LAST"
            node = node.this
        if isinstance(node, exp.Opclass):
            element.opclass = self._sql(node.expression)
            node = node.this
        if isinstance(node, exp.Collate):
            element.collation = _name(node.expression)
            node = node.this
        if isinstance(node, exp.ColumnPrefix):
            element.length = _int(node.expression)
            node = node.this
        if isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, (exp.Column, exp.Identifier)) and table.column_named(_name(node)) is not None:
            element.column = self._column_id(table, _name(node))
        else:
            element.expression = self._sql(node)
        return element

    # -- ALTER TABLE ---------------------------------------------------------
    def _on_alter(self, node: exp.Alter):
        if (node.args.get("kind") or "").upper() != "TABLE":
            self._keep_raw(f"alter {(node.args.get('kind') or '').lower()}")
            return
        table = self._table_for(node.this)
        for action in node.args.get("actions") or []:
            self._alter_action(table, action, not_valid=bool(node.args.get("not_valid")))

    def _alter_action(self, table: Table, action: exp.Expression, *, not_valid: bool) -> None:
        if isinstance(action, exp.AddConstraint):
            for element in action.expressions:
                if isinstance(element, exp.Constraint):
                    self._table_element(table, element)
                    if not_valid and table.foreign_keys:
                        for part in element.expressions:
                            if isinstance(part, exp.ForeignKey):
                                table.foreign_keys[-1].not_valid = True
                            if isinstance(part, exp.CheckColumnConstraint):
                                table.checks[-1].not_valid = True
                else:
                    self._constraint(table, element, None, not_valid=not_valid)
        elif isinstance(action, exp.ColumnDef):
            self._add_column(table, action)
        elif isinstance(action, exp.AlterColumn):
            column = table.column_named(_name(action.this))
            if column is None:
                raise _Skip(f"column {_name(action.this)!r} does not exist in table {table.qualified_name}")
            if action.args.get("default") is not None:
                column.default = self._sql(action.args["default"])
            elif action.args.get("drop") and action.args.get("allow_null") is None:
                column.default = None
            if action.args.get("allow_null") is not None:
                column.nullable = bool(action.args.get("allow_null"))
            if action.args.get("dtype") is not None:
                column.type = dtypes.from_sqlglot(action.args["dtype"], self.read, self.schema)
            if action.args.get("comment") is not None:
                column.comment = action.args["comment"].name
        elif isinstance(action, exp.AlterRename) or isinstance(action, exp.RenameColumn):
            raise _Skip("renames inside a DDL script are not applied")
        elif isinstance(action, exp.Drop):
            raise _Skip("ALTER TABLE … DROP is not applied")
        elif isinstance(action, exp.AlterSet):
            self._issue("info", f"ALTER TABLE {table.qualified_name} SET … ignored")
        else:
            self._issue("warning", f"ALTER TABLE action {self._sql(action)[:80]!r} on {table.qualified_name} not modelled")

    def _alter_table_command(self):
        texts = [t.text.upper() for t in self.statement.tokens]
        if "ROW" in texts and "SECURITY" in texts:
            tokens = self.statement.tokens
            i = 2
            while i < len(tokens) and tokens[i].text.upper() in ("ONLY", "IF", "EXISTS"):
                i += 1
            parts = []
            while i < len(tokens):
                parts.append(tokens[i].text)
                if i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
                    i += 2
                    continue
                break
            table = self.schema.find_table(parts[-1], parts[-2] if len(parts) > 1 else None)
            if table is not None:
                table.options.row_level_security = "ENABLE" in texts
                return
        if "CLUSTER" in texts or "REPLICA" in texts or "STATISTICS" in texts or "TRIGGER" in texts:
            self._ignore("ALTER TABLE storage/trigger setting")
            return
        raise _Skip("ALTER TABLE statement not understood")

    # -- COMMENT ON ------------------------------------------------------------
    def _on_comment(self, node: exp.Comment):
        kind = (node.args.get("kind") or "").upper()
        text = node.expression.name if isinstance(node.expression, exp.Literal) else None
        target = node.this
        if kind == "TABLE":
            self._table_for(target).comment = text
        elif kind == "COLUMN":
            table_ref = exp.Table(this=target.args.get("table"), db=target.args.get("db"))
            table = self._table_for(table_ref)
            column = table.column_named(target.name)
            if column is None:
                raise _Skip(f"COMMENT ON COLUMN: no column {target.name!r} in {table.qualified_name}")
            column.comment = text
        elif kind == "INDEX":
            ns, name = _table_ref(target)
            for table in self.schema.tables:
                for index in table.indexes:
                    if index.name == name:
                        index.comment = text
                        return
            raise _Skip(f"COMMENT ON INDEX: no index {name!r}")
        elif kind == "TYPE":
            ns, name = _table_ref(target)
            enum = self.schema.find_enum(name, ns)
            if enum is not None:
                enum.comment = text
            else:
                self._keep_raw("comment")
        elif kind == "SCHEMA":
            name = _name(target)
            for namespace in self.schema.namespaces:
                if namespace.name == name:
                    namespace.comment = text
                    return
            self._keep_raw("comment")
        else:
            self._keep_raw("comment")

    # -- after the last statement ----------------------------------------------
    def finish(self) -> None:
        self.statement = None
        for table, fk in self.pending_fk:
            self._resolve(table, fk)
        for seq, owned in self.pending_owned:
            text = owned if isinstance(owned, str) else owned.sql(dialect=self.read)
            parts = text.split(".")
            if len(parts) < 2:
                continue
            table = self.schema.find_table(parts[-2], parts[-3] if len(parts) > 2 else None)
            column = table.column_named(parts[-1]) if table else None
            if column is None:
                self.result.issues.append(ImportIssue("warning", f"sequence {seq.qualified_name} is owned by unknown column {text}", seq.location))
                continue
            seq.owned_by = (table.id, column.id)
        for table in self.schema.tables:
            for column in table.columns:
                if column.type.kind == "other" and column.type.text:
                    enum = self._enum_for(column.type.text)
                    if enum is not None:
                        column.type = dtypes.enum_type(column.type, enum)

    def _enum_for(self, type_text: str) -> EnumType | None:
        parts = [p.strip('"') for p in type_text.split(".")]
        return self.schema.find_enum(parts[-1], parts[-2] if len(parts) > 1 else None)

    def _resolve(self, table: Table, fk: ForeignKey) -> None:
        ref = fk.unresolved
        target = self.schema.find_table(ref.table, ref.namespace)
        if target is None and ref.namespace is None:
            target = self.schema.find_table(ref.table, table.namespace)
        if target is None:
            self.result.issues.append(ImportIssue(
                "warning", f"foreign key on {table.qualified_name} references missing table "
                f"{'.'.join(p for p in (ref.namespace, ref.table) if p)}", fk.location))
            return
        if ref.columns:
            cols = [target.column_named(c) for c in ref.columns]
            if any(c is None for c in cols):
                self.result.issues.append(ImportIssue(
                    "warning", f"foreign key on {table.qualified_name} references missing column(s) "
                    f"{', '.join(ref.columns)} of {target.qualified_name}", fk.location))
                return
            fk.ref_columns = [c.id for c in cols]
        elif target.primary_key is not None:
            fk.ref_columns = list(target.primary_key.columns)
        else:
            self.result.issues.append(ImportIssue(
                "warning", f"foreign key on {table.qualified_name} references {target.qualified_name}, "
                "which has no primary key", fk.location))
            return
        fk.ref_table = target.id
        fk.unresolved = None
