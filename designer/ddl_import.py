"""DDL import: SQL scripts → ``tablewright.designer.model.Schema``, through sqlglot.

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

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError
from sqlglot.tokens import TokenType

from tablewright.designer import types as dtypes
from tablewright.designer.ddl_import_alter import _AlterHandlers, drop_column, drop_constraint
from tablewright.designer.ddl_import_commands import _CommandHandlers
from tablewright.designer.ddl_import_drops import _DropHandlers
from tablewright.designer.ddl_import_follow import _FollowHandlers
from tablewright.designer.ddl_import_indexes import _IndexHandlers
from tablewright.designer.ddl_import_nodes import _LeftOut, _Skip, _name, _type_key
from tablewright.designer.mysql_session import SessionTracker
from tablewright.designer.mysql_meanings import mark_json_columns
from tablewright.designer.dialects import MYSQL_FAMILY
from tablewright.designer.ddl_import_repairs import (
    _Repairs, _bare_storage_parameters, _cut_action_columns, _cut_exclusions, _cut_identity_options, _cut_partitioning,
    _strip_default_deferral,
)
from tablewright.designer.ddl_import_tables import _TableHandlers
from tablewright.designer.ddl_import_tokens import (
    _alter_has_no_action,
    _created_table,
    _dotted_name,
    _expression_spans,
    _first_offset,
    _table_name_node,
    _token_name,
    _type_texts,
)
from tablewright.designer.dialects import ddl_parser_dialect, is_mysql, normalize
from tablewright.designer.errors import InputError
from tablewright.designer.gcpause import paused_gc
from tablewright.designer.importing import ImportIssue, ImportResult
from tablewright.designer.model import (
    Column,
    EnumType,
    ForeignKey,
    IndexElement,
    Schema,
    Sequence,
    SourceLocation,
    Table,
    UnresolvedReference,
    choose_table,
    derived_id,
    split_qualified,
)
from tablewright.designer.progress import Progress
from tablewright.designer.raw_kinds import RAW_CREATE, created_kind, raw_kind
from tablewright.designer.sql_split import SQLGLOT_FAILURES, Statement, sqlglot_dialect_name, split_statements

__all__ = ["DDLImportResult", "Source", "StatementComments", "drop_column", "drop_constraint", "guess_dialect", "marked_dialect",
           "import_ddl", "parse_index_element"]

logging.getLogger("sqlglot").setLevel(logging.ERROR)
log = logging.getLogger(__name__)


@dataclass
class StatementComments:
    """The comments written on or before one statement (for inline suppressions)."""

    location: SourceLocation
    end_line: int
    comments: list[str]


@dataclass
class DDLImportResult(ImportResult):
    """An import of DDL scripts: the import result and the comments written on or before each statement."""
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
    """A best guess from tell-tale markers (PostgreSQL without any); ``--dialect`` overrides it."""
    return marked_dialect(text, name) or "postgres"


def marked_dialect(text: str, name: str = "") -> str | None:
    """The dialect the file's name or tell-tale markers say; None when nothing does."""
    lowered = name.lower()
    for marker, dialect in (("sqlite", "sqlite"), ("mssql", "mssql"), ("sql_server", "mssql"),
                            ("sqlserver", "mssql"), ("mysql", "mysql"), ("mariadb", "mariadb"),
                            ("postgres", "postgres")):
        if marker in lowered:
            return dialect
    sample = text[:200_000].lower()
    scores = {
        "mssql": sample.count("\ngo\n") * 5 + sample.count("identity(") * 3 + sample.count("nvarchar") + sample.count("[dbo]") * 3,
        "mysql": sample.count("`") + sample.count("engine=") * 5 + sample.count("auto_increment") * 3,
        "sqlite": sample.count("autoincrement") * 3 + sample.count("without rowid") * 5,
        "postgres": sample.count("::") + sample.count("serial") * 2 + sample.count("$$") * 2
        + sample.count("set search_path") * 5 + sample.count("owner to") * 3,
    }
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else None


def import_ddl(sources: Iterable[Source], dialect: str | None = None, *,
               progress: Progress | None = None, split: dict | None = None) -> DDLImportResult:
    """Import DDL files (paths, or ``(name, text)`` pairs) as one schema.

    ``progress(fraction, file name)`` is called as the statements are read (by
    lines of all files together); it may raise :class:`~designer.progress.Cancelled`.
    ``split``: file name -> (dialect, statements, issues) already split
    (``load_order.dependency_order`` splits them to order the files)."""
    texts = [_read(s) for s in sources]
    if not texts:
        raise InputError("no DDL sources given")
    dialect = normalize(dialect) or guess_dialect(texts[0][1], texts[0][0])
    builder = _Builder(dialect)
    # Parsing allocates millions of objects that live long (the model) or die
    # in cycles (each statement's syntax tree): the automatic collector would
    # walk the long-lived ones again and again (a third of the import time).
    # Collect only the young generations, every few hundred statements.
    with paused_gc(collect_every=_COLLECT_EVERY, collect_after=False) as pause:
        done = 0
        total_lines = sum(text.count("\n") + 1 for _, text in texts) if progress is not None else 1
        lines_before = 0
        for name, text in texts:
            if progress is not None:
                progress(lines_before / total_lines, name)
            known = (split or {}).get(name)
            if known is not None and known[0] == dialect:
                statements, issues = known[1], known[2]
            else:
                statements, issues = split_statements(text, dialect, name)
            pause.settle()  # the statements and their tokens live until the import ends
            builder.result.issues.extend(issues)
            for statement in statements:
                builder.add(statement)
                done += 1
                pause.step()
                if progress is not None and done % _REPORT_EVERY == 0:
                    progress(min(1.0, (lines_before + statement.end_line) / total_lines), name)
            lines_before += text.count("\n") + 1
        builder.finish()
        if progress is not None:
            progress(1.0, "")
    _refuse_if_nothing_imported(builder.result)
    return builder.result


def _refuse_if_nothing_imported(result: DDLImportResult) -> None:
    """A script that is not DDL at all (a DBML file, prose, a binary) gives
    errors and no object: that is an input error, not an empty schema."""
    schema = result.schema
    errors = result.errors
    if not errors or schema.tables or schema.raw or schema.enums or schema.sequences or schema.namespaces:
        return
    first = errors[0]
    more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
    raise InputError(f"nothing importable: {first.message.removesuffix('; skipped')}{more}", first.location)


_COLLECT_EVERY = 500  # statements between collections of the young generations


def parse_index_element(text: str, table: Table, dialect: str | None) -> IndexElement:
    """One index element written as SQL — ``email``, ``lower(email)``, ``name
    COLLATE "C" text_pattern_ops DESC NULLS LAST``, ``title(20)`` — read the way
    the element of a CREATE INDEX on ``table`` is.  Raises ``InputError`` naming
    the text when it is not one element."""
    dialect = normalize(dialect) or "postgres"
    builder = _Builder(dialect)
    try:
        node = builder._normalized(sqlglot.parse_one(f"CREATE INDEX tw_element ON tw_table ({text})", read=builder.read))
        params = node.this.args.get("params") if isinstance(node.this, exp.Index) else None
        columns = params.args.get("columns") if params is not None else None
    except SQLGLOT_FAILURES as exc:
        raise InputError(f"{text}: not an index column or expression ({str(exc).splitlines()[0]})") from None
    if not columns or len(columns) != 1:
        raise InputError(f"{text}: one column or expression per line")
    node = columns[0].this if isinstance(columns[0], exp.Ordered) else columns[0]
    if isinstance(node, (exp.Column, exp.Identifier)) and table.column_named(_name(node)) is None:
        raise InputError(f"{text}: {table.name} has no column {_name(node)!r}")
    try:
        return builder._index_element(table, columns[0])
    except _Skip as exc:
        raise InputError(f"{text}: {exc}") from None


_REPORT_EVERY = 25  # statements between progress reports

_RESERVED_LITERALS = frozenset({"NULL", "TRUE", "FALSE"})


# parsed statements that change nothing in the model (pg_dump's SELECT is set_config/setval)
_IGNORED_EXPRESSIONS = {
    "set": "SET", "transaction": "transaction control", "commit": "transaction control",
    "rollback": "transaction control", "insert": "data statement (INSERT)",
    "update": "data statement (UPDATE)", "delete": "data statement (DELETE)",
    "copy": "data statement (COPY)", "select": "SELECT",
    # TRUNCATE a, b [CASCADE] empties tables (sqlglot parses it; it had been kept to be written again)
    "truncatetable": "data statement (TRUNCATE)",
}

# statements that change nothing in the model whatever sqlglot would make of them, known by their
# first token: ignored unparsed (a dump's INSERTs: sanbase2's 601 into schema_migrations were ~8 %
# of its cold lint). A statement sqlglot reads as a command or not at all is ignored the same way
# (see _CommandHandlers._on_command), so the message does not depend on the parse.
_IGNORED_UNPARSED = {TokenType.INSERT: "data statement (INSERT)", TokenType.UPDATE: "data statement (UPDATE)",
                     TokenType.DELETE: "data statement (DELETE)", TokenType.COPY: "data statement (COPY)",
                     TokenType.SET: "SET"}


class _Builder(_Repairs, _DropHandlers, _FollowHandlers, _CommandHandlers, _TableHandlers, _AlterHandlers,
               _IndexHandlers):
    """One import: the schema built statement by statement.  The statement
    handlers are its bases, one module each (tables, ALTER, indexes/sequences/
    comments, raw objects/commands) and the token repairs; what they share
    (caches, reporting, lookups) is here."""

    def __init__(self, dialect: str):
        self.dialect = dialect
        self.read = sqlglot_dialect_name(dialect)
        self.parser_dialect = ddl_parser_dialect(self.read)
        # PostgreSQL folds unquoted names to lower case (``CREATE TABLE Users`` makes ``users``): every name
        # read is normalized by sqlglot's rules for it, the parsed tree's and the tokens'; the other engines
        # keep a name as written
        self.fold: Dialect | None = self.parser_dialect if dialect == "postgres" else None
        self._spellings: dict[str, str] = {}  # folded -> as first written (kept for the model's names: finish)
        self._folded_names: dict[tuple[str, bool], str] = {}  # (name as written, quoted) -> as the engine reads it
        self.schema = Schema(dialect=dialect)
        self.result = DDLImportResult(self.schema)
        self.namespace: str | None = None  # current database after USE (MySQL)
        # MySQL/MariaDB: the character set, collation and SQL mode the file's SETs put in effect,
        # which the engine keeps with each view, routine and trigger made under them
        self.session = SessionTracker() if is_mysql(dialect) else None
        # the schema whose CREATE SCHEMA elements are being read (PostgreSQL runs them with it first on the
        # search path: a view kept verbatim is written back the same way)
        self.element_of: str | None = None
        self.statement: Statement | None = None
        self.pending_fk: list[tuple[Table, ForeignKey]] = []
        # the statement's ON DELETE SET NULL/DEFAULT column lists, by their key's REFERENCES offset
        self._action_columns: dict[int, list[str]] = {}
        self._identity_options: dict[str, dict] = {}  # column name -> its identity's options (_cut_identity_options)
        self.pending_owned: list[tuple[Sequence, exp.Expression | tuple[str, ...]]] = []
        self._parser = self.parser_dialect.parser()  # reset by every parse()
        # lower-case table name -> tables in schema order (see _find_table);
        # dropped whenever schema.tables changes or a table is renamed
        self._table_index: dict[str, list[Table]] | None = None
        self._indexed_count = -1
        # lower-case sequence name -> sequences in schema order, for the first
        # _sequences_indexed of schema.sequences (see _find_sequence)
        self._sequence_index: dict[str, list[Sequence]] = {}
        self._sequences_indexed = 0
        # structural key of a parsed type (and the type as written) -> DataType
        self._types: dict[tuple, object] = {}
        # id(table) -> [table, its column list, its length, name -> column, lower-case name -> column,
        # ids] (see _column_named)
        self._columns: dict[int, list] = {}
        self._table_ids: set[str] | None = None  # ids of schema.tables while their count is _table_ids_count
        self._table_ids_count = -1
        # lower-case names of the tables whose CREATE TABLE statement could not be imported
        self._unread_tables: set[str] = set()
        # T-SQL IF guard in force (its text) and the BEGIN … END depth it covers (see _close_guard)
        self._guard: str | None = None
        self._guard_depth: int | None = None

    # -- columns by name ----------------------------------------------
    def _column_named(self, table: Table, name: str) -> Column | None:
        """``table.column_named(name)`` through an index of each table's
        columns: a table of n columns is built in O(n), not O(n²) (each column
        looked its table up for a duplicate, each key column too), and the
        ALTER TABLEs of a dump, table after table, do not rebuild it each time.
        An index holds while the table's column list is the same list of the
        same length; a rename or an edit in place drops them all."""
        cache = self._columns.get(id(table))
        if cache is None or cache[0] is not table or cache[1] is not table.columns or cache[2] != len(table.columns):
            exact: dict[str, Column] = {}
            folded: dict[str, Column] = {}
            for column in table.columns:
                exact.setdefault(column.name, column)
                folded.setdefault(column.name.lower(), column)
            cache = self._columns[id(table)] = [table, table.columns, len(table.columns), exact, folded,
                                                {c.id for c in table.columns}]
        found = cache[3].get(name)
        return found if found is not None else cache[4].get(name.lower())

    def _column_added(self, table: Table, column: Column) -> None:
        cache = self._columns.get(id(table))
        if cache is not None and cache[0] is table and cache[1] is table.columns and cache[2] == len(table.columns) - 1:
            cache[2] += 1
            cache[3].setdefault(column.name, column)
            cache[4].setdefault(column.name.lower(), column)
            cache[5].add(column.id)

    def _new_column_id(self, table: Table, name: str) -> str:
        """The id of a column ``name`` added to ``table``: derived from the
        names, unless a column renamed away already holds that id (``RENAME
        COLUMN a TO z`` then ``ADD COLUMN a``): two columns with one id would
        make every key on either point at the first."""
        cid = derived_id("col", table.namespace, table.name, name)
        self._column_named(table, name)  # (re)builds the index of this table
        taken = self._columns[id(table)][5]
        n = 2
        while cid in taken:
            cid = derived_id("col", table.namespace, table.name, name, str(n))
            n += 1
        return cid

    # -- reporting ------------------------------------------------------
    def _issue(self, severity: str, message: str, location: SourceLocation | None = None) -> None:
        stmt = self.statement
        first_line = stmt.text.strip().split("\n", 1)[0][:160] if stmt else None
        self.result.issues.append(ImportIssue(severity, message, location or (stmt.location if stmt else None), first_line))

    def _written(self, keyword: str, node: exp.Expression) -> str:
        """An expression as the source wrote it, so PostgreSQL's ``now()``
        stays ``now()``; sqlglot's rendering when the source text cannot be
        found.  The text is the ``keyword`` span that holds the node's tokens
        (by offset in the statement): never the next span in order, which
        belongs to another column as soon as one DEFAULT or CHECK in the
        statement is not such an expression (``GENERATED BY DEFAULT AS
        IDENTITY``) or the elements are handled out of textual order (a table
        CHECK between two columns)."""
        if self._spans is None:
            self._spans = _expression_spans(self.statement.tokens, self.statement.text)
        spans = self._spans.get(keyword)
        if spans:
            position = _first_offset(node)
            if position is not None:
                for k, (begin, end, text) in enumerate(spans):
                    if begin <= position < end:
                        del spans[k]
                        return text
            else:  # a node without positions (NULL, TRUE): the span written as sqlglot renders it
                rendered = (self._sql(node) or "").strip().upper()
                for k, (_begin, _end, text) in enumerate(spans):
                    if text.strip().strip("()").strip().upper() == rendered:
                        del spans[k]
                        return text
        return self._sql(node)

    def _written_type(self, column: str) -> str | None:
        """The type of ``column`` as the statement (a CREATE or ALTER TABLE) writes it."""
        if self._type_text is None:
            self._type_text = _type_texts(self.statement.tokens, self.statement.text, self.fold)
        return self._type_text.get(column)

    def _normalized(self, node: exp.Expression):
        """The parsed tree with its names as the engine resolves them (see ``self.fold``), by sqlglot's
        rules for the dialect.  ``NULL``, ``TRUE`` and ``FALSE`` are never names in PostgreSQL (reserved),
        but the parser makes them one where it expects a name (``FOR VALUES IN (FALSE)``,
        ``array_remove(a, NULL)``): they stay as written."""
        if self.fold is None or node is None:
            return node
        spellings = self._spellings
        folded_names = self._folded_names
        fold = self.fold
        for identifier in node.find_all(exp.Identifier):
            written = identifier.this
            key = (written, identifier.quoted)
            # sqlglot's answer for each (name, quoted) once: a dump names the same columns and tables
            # over and over
            folded = folded_names.get(key)
            if folded is None:
                if key[1] or written.upper() not in _RESERVED_LITERALS:
                    fold.normalize_identifier(identifier)
                folded = folded_names[key] = identifier.this
            elif folded != written:
                identifier.set("this", folded)
            if folded != written and written != written.upper() and folded not in spellings:
                spellings[folded] = written  # mixed case: where its words begin (all upper: nothing)
        return node

    def _sql(self, node: exp.Expression | None) -> str | None:
        if node is None:
            return None
        return node.sql(dialect=self.read)

    def _find_table(self, name: str, namespace: str | None = None) -> Table | None:
        """``Schema.find_table`` (same answer) through an index by lower-case name."""
        tables = self.schema.tables
        index = self._table_index
        if index is None or self._indexed_count != len(tables):
            index = {}
            for t in tables:
                lst = index.get(t.name.lower())
                if lst is None:
                    index[t.name.lower()] = [t]
                else:
                    lst.append(t)
            self._table_index = index
            self._indexed_count = len(tables)
        return choose_table(index.get(name.lower()) or [], name, namespace)

    def _find_sequence(self, name: str, namespace: str | None = None) -> Sequence | None:
        """``Schema.find_sequence`` (same answer) through an index by lower-case
        name: a dump's ALTER SEQUENCE … OWNED BY, one per sequence, scanned them
        all.  The importer only appends sequences; the index takes the new ones."""
        sequences = self.schema.sequences
        if len(sequences) < self._sequences_indexed:  # (never so today: start again)
            self._sequence_index, self._sequences_indexed = {}, 0
        for seq in sequences[self._sequences_indexed:]:
            self._sequence_index.setdefault(seq.name.lower(), []).append(seq)
        self._sequences_indexed = len(sequences)
        for seq in self._sequence_index.get(name.lower(), ()):
            if namespace is None or (seq.namespace or "").lower() == namespace.lower():
                return seq
        return None

    def _add_table(self, table: Table) -> None:
        ids = self._table_ids
        if ids is None or self._table_ids_count != len(self.schema.tables):
            ids = self._table_ids = {t.id for t in self.schema.tables}
        if table.id in ids:  # a table renamed away holds the id its name derives (ALTER … RENAME, CREATE again)
            base, n = table.id, 2
            while table.id in ids:
                table.id = derived_id("tbl", base, str(n))
                n += 1
        ids.add(table.id)
        self._table_ids_count = len(self.schema.tables) + 1
        self.schema.tables.append(table)
        index = self._table_index
        if index is not None and self._indexed_count == len(self.schema.tables) - 1:
            lst = index.get(table.name.lower())
            if lst is None:
                index[table.name.lower()] = [table]
            else:
                lst.append(table)
            self._indexed_count += 1
        else:
            self._table_index = None

    def _column_type(self, kind: exp.DataType, written: str | None):
        """``dtypes.from_sqlglot`` (with ``text`` the type as written, when
        known), memoized by the parsed type's structure: a schema repeats a
        few dozen types over thousands of columns."""
        key = _type_key(kind)
        if key is not None:
            key = (key, written)
            dtype = self._types.get(key)
            if dtype is not None:
                return dtype
        dtype = dtypes.from_sqlglot(kind, self.read, self.schema)
        if written:
            dtype = dtypes.replace(dtype, text=written)
            if not dtype.unsigned and "UNSIGNED" in written.upper().replace("(", " ").replace(")", " ").split():
                dtype = dtypes.replace(dtype, unsigned=True)  # FLOAT UNSIGNED: see _mysql_type_words
        if key is not None:
            self._types[key] = dtype
        return dtype

    # -- statements -----------------------------------------------------
    def add(self, statement: Statement) -> None:
        """Take one statement into the model.  A statement no handler can take
        as written is reported as an error at its location and the import goes
        on: what a statement's shape makes a handler trip over (a name or
        clause missing where the grammar has one) is bad input, not a reason to
        lose the rest of the script."""
        if self.dialect == "postgres" and statement.tokens and statement.tokens[0].text.upper() == "DO":
            if self._add_do_block(statement):
                return
        issues = len(self.result.issues)
        tables = len(self.schema.tables)
        try:
            self._add(statement)
        except _Skip as exc:
            self.statement = statement
            self._issue(exc.severity, f"{exc}; statement skipped", exc.location)
        except InputError as exc:
            self.statement = statement
            self._issue("warning", f"{exc}; statement skipped")
        except Exception as exc:  # noqa: BLE001 -- see the docstring
            self.statement = statement
            log.debug("statement handler failed on %s", statement.location, exc_info=True)
            self._issue("error", f"cannot import statement: not understood as written "
                        f"({type(exc).__name__}); skipped")
        if len(self.schema.tables) == tables:
            self._report_unread_table(statement, issues)
        self._report_swallowed(statement)

    def _add_do_block(self, statement: Statement) -> bool:
        """A DO block that only guards DDL (``IF NOT EXISTS (…) THEN ALTER TABLE …``): its statements are
        read as written (designer.ddl_import_do), and True.  Any other block is kept verbatim by the caller
        (False), with a warning when it holds DDL the model will not see."""
        from tablewright.designer.ddl_import_do import guarded_statements, holds_ddl  # noqa: PLC0415

        inner = guarded_statements(statement)
        self.statement = statement
        if inner is None:
            if holds_ddl(statement):
                self._issue("warning", "DO block runs DDL inside procedural code: kept verbatim, and the tables, "
                                       "keys or indexes it makes are not in the model")
            return False
        self._issue("info", f"DO block: the {len(inner)} statement{'s' if len(inner) != 1 else ''} it guards "
                            "read as written (they run on a database being built)")
        for part in inner:
            self.add(part)
        return True

    def _report_unread_table(self, statement: Statement, issues: int) -> None:
        """A CREATE TABLE that made no table is never lost quietly: the table is named in an error at
        the statement (the issue that skipped it, made an error, or one of its own when none did).
        ``issues``: how many issues there were before the statement.  A statement only noted (info)
        made none on purpose: ``CREATE TABLE IF NOT EXISTS`` of a table defined, a T-SQL guard."""
        name = _created_table(statement.tokens, self.fold)
        if name is None:
            return
        new = self.result.issues[issues:]
        if new:
            self._unread_tables.add(name.lower())
            if all(i.severity == "info" for i in new):
                return
        if self._find_table(name) is not None:  # defined before: the engine refuses this one too, as reported
            return
        skipped = next((i for i in reversed(new) if i.severity in ("error", "warning")), None)
        if skipped is None:
            self.statement = statement
            self._issue("error", f"table {name} is not imported: its CREATE TABLE is not understood as written")
            return
        reason = skipped.message.removesuffix("; statement skipped").removesuffix("; skipped")
        skipped.severity = "error"
        skipped.message = f"table {name} is not imported: {reason}"

    def _guarded(self, what: str, handler, *args) -> None:
        """Run the handler of one part of a statement (a constraint); a part
        shaped as no handler expects is left out with a warning, the rest of
        the statement is still taken (``_Skip`` still skips the statement)."""
        try:
            handler(*args)
        except _Skip:
            raise
        except _LeftOut as exc:
            self._issue("warning", f"{what} is left out: {exc}", exc.location)
        except Exception as exc:  # noqa: BLE001 -- see add()
            log.debug("part handler failed on %s", self.statement.location, exc_info=True)
            self._issue("warning", f"{what} is not understood as written ({type(exc).__name__}); left out")

    def _add(self, statement: Statement) -> None:
        try:
            self._add_statement(statement)
        finally:
            self._close_guard()

    def _add_statement(self, statement: Statement) -> None:
        if self._create_schema_elements(statement):
            return
        self.statement = statement
        if statement.comments:
            self.result.statement_comments.append(
                StatementComments(statement.location, statement.end_line, statement.comments))
        if TokenType.SEMICOLON in [t.token_type for t in statement.tokens]:
            # a compound statement (trigger or routine body): never taken apart
            try:
                self._on_command(None)
            except _Skip as exc:
                self._issue(exc.severity, f"{exc}; statement skipped", exc.location)
            return
        ignored = _IGNORED_UNPARSED.get(statement.tokens[0].token_type)
        if ignored is None and [t.text.upper() for t in statement.tokens[:2]] == ["START", "TRANSACTION"]:
            ignored = "transaction control"  # sqlglot reads PostgreSQL's START TRANSACTION as a column alias
        if ignored is not None:
            if self.session is not None and statement.tokens[0].token_type == TokenType.SET:
                self._read_session(statement)
            self._ignore(ignored)
            return
        tokens = self._repair(statement.tokens)
        exclusions: list = []
        self._action_columns = {}
        self._identity_options = {}
        if self.dialect == "postgres" and len(tokens) > 3 and tokens[0].token_type == TokenType.CREATE \
                and "WITH" in statement.text.upper():
            tokens = _bare_storage_parameters(tokens)
        if self.dialect == "postgres" and len(tokens) > 3 and tokens[1].token_type == TokenType.TABLE:
            written = statement.text.upper()  # a glance before two token scans most statements do not need
            if "IDENTITY" in written:
                tokens, self._identity_options = _cut_identity_options(tokens, self.fold)
            if "DEFERRABLE" in written or "IMMEDIATE" in written:
                tokens = _strip_default_deferral(tokens)
            if "EXCLUDE" in written:
                tokens, exclusions = _cut_exclusions(tokens, statement.text, self.fold)
            if "REFERENCES" in written and "SET" in written:
                tokens, self._action_columns = _cut_action_columns(tokens, self.fold)
            if exclusions and tokens[0].token_type == TokenType.ALTER and _alter_has_no_action(tokens):
                self._add_exclusions(self._table_for(_table_name_node(tokens, self.fold)), exclusions)
                return
        partitioning = None
        if is_mysql(self.dialect) and len(tokens) > 3 and "PARTITION" in statement.text.upper():
            tokens, partitioning = _cut_partitioning(tokens, statement)
        # read from the tokens when a handler first asks (_written, _written_type): most statements
        # have no DEFAULT, CHECK or index predicate, and most ALTER TABLEs define no column
        self._spans = None
        self._type_text = None if len(tokens) > 2 and \
            tokens[1].token_type == TokenType.TABLE or (len(tokens) > 2 and tokens[2].token_type == TokenType.TABLE) else {}
        try:
            expressions = self._parser.parse(tokens, statement.text)
        except Exception as exc:  # ParseError, or anything sqlglot raises on odd input
            if self._keep_unparsed(statement):
                return
            err = exc.errors[0] if isinstance(exc, ParseError) and exc.errors else {}
            desc = (err.get("description") or str(exc)).split("\n")[0]
            self._issue("error", f"cannot parse statement ({desc}); skipped",
                        statement.locate(err.get("line") or 1, err.get("col") or 1))
            return
        for expression in expressions:
            if expression is None:
                continue
            try:
                self._dispatch(self._normalized(expression))
                if exclusions and isinstance(expression, (exp.Create, exp.Alter)):
                    self._add_exclusions(self._table_for(expression.this), exclusions)
                if partitioning and isinstance(expression, exp.Create) and expression.kind == "TABLE":
                    self._table_for(expression.this).options.partition_by = partitioning
            except _Skip as exc:
                if self._guard is not None:  # IF (OBJECT_ID('x') IS NOT NULL) BEGIN … END
                    self._issue("info", f"{exc}; statement skipped, as its guard {self._guard} would skip it",
                                exc.location)
                else:
                    self._issue(exc.severity, f"{exc}; statement skipped", exc.location)

    def _report_swallowed(self, statement: Statement) -> None:
        """One statement may hold others: when the ``;`` between them is missing, or when text
        that is not SQL comes before them (the data of a COPY block read as SQL), sqlglot reads
        them as one, which fails or becomes one command.  Each CREATE in a statement after its
        first word (not a privilege, ``GRANT CREATE``) is named in an error at its own location,
        as not read.  A routine kept verbatim (whose body may be one CREATE) and CREATE SCHEMA (whose
        elements are read as statements) hold no other statement; nor does a compound statement,
        kept verbatim whole."""
        tokens = statement.tokens
        kinds = [t.token_type for t in tokens]  # (one pass in C, not two generators over every token)
        if TokenType.CREATE not in kinds[1:] or TokenType.SEMICOLON in kinds:
            return
        words = [t.text.upper() for t in tokens[:12]]
        if words[:1] == ["CREATE"] and created_kind(words)[0] in RAW_CREATE | {"SCHEMA"}:
            return
        for i, token in enumerate(tokens):
            if i == 0 or token.token_type != TokenType.CREATE \
                    or tokens[i - 1].token_type in (TokenType.GRANT, TokenType.COMMA, TokenType.DOT) \
                    or tokens[i - 1].text.upper() in ("GRANT", "REVOKE"):
                continue
            head = [t.text.upper() for t in tokens[i:i + 12]]
            kind, at = created_kind(head)
            if not kind or at + 1 >= len(head):
                continue
            name = ".".join(_dotted_name(tokens, i + at + 1, self.fold))
            if kind == "TABLE":
                self._unread_tables.add(name.rsplit(".", 1)[-1].lower())
            self.result.issues.append(ImportIssue(
                "error", f"CREATE {raw_kind(head).upper()} {name} is not read: it is taken as part of the statement "
                f"at line {statement.location.line} (a ; missing before it, or text before it that is not SQL)",
                statement.location_at(token.start),
                statement.text[token.start:].split("\n", 1)[0][:160]))

    def _create_schema_elements(self, statement: Statement) -> bool:
        """PostgreSQL's ``CREATE SCHEMA s CREATE TABLE … CREATE TABLE …``: the
        elements are statements of their own, in schema ``s``."""
        tokens = statement.tokens
        if len(tokens) < 4 or tokens[0].token_type != TokenType.CREATE or tokens[1].text.upper() != "SCHEMA":
            return False
        depth, cuts = 0, []
        for i, token in enumerate(tokens[3:], start=3):
            if token.token_type == TokenType.L_PAREN:
                depth += 1
            elif token.token_type == TokenType.R_PAREN:
                depth -= 1
            elif depth == 0 and token.token_type in (TokenType.CREATE, TokenType.GRANT):
                cuts.append(i)
        if not cuts:
            return False
        bounds = [0, *cuts, len(tokens)]
        schema_name = next(_token_name(t, self.fold) for t in tokens[2:cuts[0]]
                           if t.text.upper() not in ("IF", "NOT", "EXISTS", "AUTHORIZATION"))
        outer, outer_element = self.namespace, self.element_of
        self.namespace = self.element_of = schema_name
        try:
            for begin, end in zip(bounds, bounds[1:]):
                self.add(statement.part(begin, end))
        finally:
            self.namespace, self.element_of = outer, outer_element
        return True

    def _read_session(self, statement: Statement) -> None:
        """A MySQL SET: what it makes of the session (SessionTracker), read with sqlglot;
        a SET sqlglot cannot read leaves the session as it was."""
        try:
            node = self._parser.parse(statement.tokens, statement.text)
        except Exception:  # noqa: BLE001 -- anything sqlglot raises on odd input: the SET is ignored anyway
            return
        for expression in node or ():
            if expression is not None:
                self.session.read(expression)

    def _dispatch(self, node: exp.Expression) -> None:
        name = type(node).__name__.lower()
        if name in _IGNORED_EXPRESSIONS:
            self._ignore(_IGNORED_EXPRESSIONS[name])
            return
        if name in ("grant", "revoke"):
            self._keep_raw(name)
            return
        handler = getattr(self, f"_on_{name}", None)
        if handler is None:
            self._keep_raw(type(node).__name__.lower())
            return
        handler(node)

    # -- after the last statement ----------------------------------------------
    def finish(self) -> None:
        self.statement = None
        for table, fk in self.pending_fk:
            self._resolve(table, fk)
        for seq, owned in self.pending_owned:
            parts = list(owned) if isinstance(owned, tuple) else \
                [p.name for p in owned.parts] if isinstance(owned, exp.Column) else [_name(owned)]
            text = ".".join(parts)
            if len(parts) < 2:
                continue
            table = self._find_table(parts[-2], parts[-3] if len(parts) > 2 else None)
            column = self._column_named(table, parts[-1]) if table else None
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
            if self.dialect in MYSQL_FAMILY or self.dialect == "sqlite":
                # MariaDB's JSON: LONGTEXT with CHECK (json_valid(col)); Django's SQLite JSONField: text with
                # CHECK ((JSON_VALID(col) OR col IS NULL))
                mark_json_columns(table, self.dialect)
        self._keep_spellings()

    def _keep_spellings(self) -> None:
        """The spelling as written of each name of a table, column, key, index, sequence or type that
        PostgreSQL folded from mixed case (``Schema.spellings``); not of the other names a statement holds."""
        if not self._spellings:
            return
        schema = self.schema
        names = {s.name for s in schema.sequences} | {e.name for e in schema.enums}
        for table in schema.tables:
            names.add(table.name)
            names.update(c.name for c in table.columns)
            names.update(k.name for k in (table.primary_key, *table.uniques, *table.foreign_keys, *table.checks,
                                          *table.indexes) if k is not None and k.name)
        schema.spellings = {n: w for n, w in sorted(self._spellings.items()) if n in names}

    def _enum_for(self, type_text: str) -> EnumType | None:
        namespace, name = split_qualified(type_text)
        return self.schema.find_enum(name, namespace)

    def _resolve(self, table: Table, fk: ForeignKey) -> None:
        ref = fk.unresolved
        target = self._reference_target(table, ref)
        if target is None:
            unread = ref.table.lower() in self._unread_tables
            if unread:
                fk.unresolved = UnresolvedReference(ref.namespace, ref.table, ref.columns, unread=True)
            self.result.issues.append(ImportIssue(
                "warning", f"foreign key on {table.qualified_name} references "
                + ("table " if unread else "missing table ")
                + '.'.join(p for p in (ref.namespace, ref.table) if p)
                + (", whose CREATE TABLE could not be imported" if unread else ""), fk.location))
            return
        if ref.columns:
            cols = [self._column_named(target, c) for c in ref.columns]
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


