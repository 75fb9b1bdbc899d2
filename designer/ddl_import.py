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
from sqlglot.tokens import Token, TokenType

from tablewright.designer import types as dtypes
from tablewright.designer.dialects import is_mysql, normalize
from tablewright.designer.errors import InputError
from tablewright.designer.gcpause import paused_gc
from tablewright.designer.importing import ImportIssue, ImportResult
from tablewright.designer.model import (
    DIALECTS,
    CheckConstraint,
    Column,
    EnumType,
    ForeignKey,
    Generated,
    Identity,
    Index,
    IndexElement,
    ExclusionConstraint,
    Namespace,
    PrimaryKey,
    RawObject,
    Schema,
    Sequence,
    SourceLocation,
    Table,
    choose_table,
    UniqueConstraint,
    UnresolvedReference,
    derived_id,
    qualify,
    split_qualified,
)
from tablewright.designer.progress import Progress
from tablewright.designer.raw_kinds import RAW_CREATE, created_kind, raw_kind
from tablewright.designer.sql_split import SQLGLOT_FAILURES, Statement, sqlglot_dialect_name, split_statements

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
        node = sqlglot.parse_one(f"CREATE INDEX tw_element ON tw_table ({text})", read=builder.read)
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


# ---------------------------------------------------------------------------


# keywords sqlglot treats specially that PostgreSQL extensions use as type names
_KEYWORD_TYPES = {TokenType.CUBE, TokenType.ROLLUP}
_SYNTHETIC = "tw__unnamed"
_RAW_STATEMENTS = {"GRANT", "REVOKE", "SECURITY", "DO", "EXEC", "EXECUTE", "CALL", "COMMENT"}
_IGNORED_STATEMENTS = {"SET", "RESET", "SHOW", "VACUUM", "ANALYZE", "LOCK", "BEGIN", "START", "END",
                       "CHECKPOINT", "DISCARD", "DEALLOCATE", "PRAGMA", "PRINT", "DECLARE", "CLUSTER",
                       "REINDEX", "SELECT", "USE", "COMMIT", "ROLLBACK", "DROP", "INSERT", "UPDATE",
                       "DELETE", "COPY", "TRUNCATE", "FLUSH", "UNLOCK", "LOAD", "REFRESH"}


# parsed statements that change nothing in the model (pg_dump's SELECT is set_config/setval)
_IGNORED_EXPRESSIONS = {
    "set": "SET", "transaction": "transaction control", "commit": "transaction control",
    "rollback": "transaction control", "insert": "data statement (INSERT)",
    "update": "data statement (UPDATE)", "delete": "data statement (DELETE)",
    "copy": "data statement (COPY)", "select": "SELECT",
}


def _dotted_name(tokens: list[Token], start: int) -> list[str]:
    """The parts of a (possibly qualified) name starting at ``tokens[start]``,
    after any IF NOT EXISTS / ONLY."""
    i = start
    while i < len(tokens) and tokens[i].text.upper() in ("IF", "NOT", "EXISTS", "ONLY"):
        i += 1
    parts = []
    while i < len(tokens):
        parts.append(tokens[i].text)
        if i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
            i += 2
            continue
        break
    return parts


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


_TYPE_END = {TokenType.COMMA, TokenType.R_PAREN, TokenType.L_PAREN}
_TYPE_END_WORDS = {"NOT", "NULL", "DEFAULT", "PRIMARY", "PRIMARY KEY", "UNIQUE", "CHECK", "REFERENCES",
                   "COLLATE", "CONSTRAINT", "GENERATED", "AS", "AUTOINCREMENT", "AUTO_INCREMENT", "ON",
                   "CHARACTER", "CHARSET", "COMMENT", "IDENTITY", "ROWGUIDCOL", "SPARSE", "FILESTREAM",
                   "STORED", "VIRTUAL", "WITH", "KEY", "INVISIBLE", "VISIBLE", "COLUMN_FORMAT", "STORAGE",
                   "SRID", "CLUSTERED", "NONCLUSTERED", "MASKED", "ENCRYPTED"}
_COLUMN_START_SKIP = {"CONSTRAINT", "PRIMARY", "PRIMARY KEY", "UNIQUE", "CHECK", "FOREIGN", "KEY", "INDEX",
                      "FULLTEXT", "SPATIAL", "LIKE", "EXCLUDE", "PERIOD"}


_DEFAULT_END = {"NOT", "NULL", "PRIMARY", "PRIMARY KEY", "UNIQUE", "CHECK", "REFERENCES", "CONSTRAINT",
                "COLLATE", "GENERATED", "ON", "COMMENT", "AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY", "FOR"}


_OPENERS = {TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.L_BRACE}  # ARRAY[a, b] holds commas too
_CLOSERS = {TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.R_BRACE}


def _first_offset(node: exp.Expression) -> int | None:
    """The offset in the statement of the first token sqlglot recorded for
    ``node`` or anything in it (identifiers, literals, most functions)."""
    for sub in node.walk():
        meta = sub._meta if hasattr(sub, "_meta") else None
        if meta and "start" in meta:
            return meta["start"]
    return None


def _expression_spans(tokens: list[Token], text: str) -> dict[str, list[tuple[int, int, str]]]:
    """Every DEFAULT value, CHECK body and index WHERE predicate in a
    statement: (first offset, end offset, source text), in order."""
    spans: dict[str, list[tuple[int, int, str]]] = {"DEFAULT": [], "CHECK": [], "WHERE": []}
    n = len(tokens)
    for i, token in enumerate(tokens):
        if token.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
            continue  # a string, or a quoted name ("default", "check"): no keyword
        word = token.text.upper()
        if word == "DEFAULT":
            before = [t.text.upper() for t in tokens[max(0, i - 2): i]]
            after = tokens[i + 1].text.upper() if i + 1 < n else ""
            if before[-1:] == ["SET"] and before[:1] in (["DELETE"], ["UPDATE"]):
                continue  # ON DELETE SET DEFAULT
            if before[-1:] == ["BY"]:
                continue  # GENERATED BY DEFAULT AS IDENTITY
            if after in ("CHARSET", "CHARACTER", "COLLATE", "VALUES") or i + 1 >= n:
                continue
            j, depth = i + 1, 0
            while j < n:
                t = tokens[j]
                if t.token_type in _OPENERS:
                    depth += 1
                elif t.token_type in _CLOSERS:
                    if depth == 0:
                        break
                    depth -= 1
                elif depth == 0 and j > i + 1 and (t.token_type == TokenType.COMMA or t.text.upper() in _DEFAULT_END):
                    break
                j += 1
            spans["DEFAULT"].append(_located_span(tokens[i + 1], tokens[j - 1], text))
        elif word == "CHECK" and i + 1 < n and tokens[i + 1].token_type == TokenType.L_PAREN:
            j, depth = i + 1, 0
            while j < n:
                if tokens[j].token_type == TokenType.L_PAREN:
                    depth += 1
                elif tokens[j].token_type == TokenType.R_PAREN:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j > i + 2 and j < n:
                spans["CHECK"].append(_located_span(tokens[i + 2], tokens[j - 1], text))
        elif word == "WHERE" and tokens[0].token_type == TokenType.CREATE and i + 1 < n:
            spans["WHERE"].append(_located_span(tokens[i + 1], tokens[-1], text))
    return spans


def _located_span(first: Token, last: Token, text: str) -> tuple[int, int, str]:
    """The text from ``first`` to ``last`` (quotes included) and its offsets."""
    begin, end = first.start, last.end + 1
    while begin > 0 and text[begin - 1] in "\"'`[":
        begin -= 1
    while end < len(text) and text[end] in "\"'`]":
        end += 1
    return begin, end, text[begin:end].strip()


def _span(first: Token, last: Token, text: str) -> str:
    return _located_span(first, last, text)[2]


def _type_texts(tokens: list[Token], text: str) -> dict[str, str]:
    """The type of each column definition exactly as written, from the token
    stream of a CREATE TABLE or ALTER TABLE … ADD: column name → type text."""
    found: dict[str, str] = {}
    depth = 0
    l_paren, r_paren = TokenType.L_PAREN, TokenType.R_PAREN
    openers = (l_paren, TokenType.COMMA)
    alter = bool(tokens) and tokens[0].token_type == TokenType.ALTER
    prev_kind = None
    for i, token in enumerate(tokens):
        kind = token.token_type
        if kind == l_paren:
            depth += 1
        elif kind == r_paren:
            depth -= 1
        before = [t.text.upper() for t in tokens[max(0, i - 3): i]]
        starts = (depth == 1 and i >= 1 and prev_kind in openers and kind != l_paren) or \
                 (alter and depth == 0 and _alter_column_start(before))
        prev_kind = kind
        if not starts or (token.text.upper() in _COLUMN_START_SKIP and token.token_type != TokenType.IDENTIFIER):
            continue
        j, inner = i + 1, 0
        while j < len(tokens):
            t = tokens[j]
            if t.token_type == TokenType.L_PAREN:
                inner += 1
            elif t.token_type == TokenType.R_PAREN:
                if inner == 0:
                    break
                inner -= 1
            elif inner == 0 and (t.token_type == TokenType.COMMA or t.text.upper() in _TYPE_END_WORDS):
                following = tokens[j + 1].text.upper() if j + 1 < len(tokens) else ""
                if not (t.text.upper() == "WITH" and following in ("TIME", "LOCAL")):
                    break
            j += 1
        if j > i + 1:
            begin, end = tokens[i + 1].start, tokens[j - 1].end + 1
            while begin > 0 and text[begin - 1] in "\"`[":
                begin -= 1
            while end < len(text) and text[end] in "\"`]":
                end += 1
            found.setdefault(token.text, text[begin:end])
    return found


def _alter_column_start(before: list[str]) -> bool:
    """Whether the token after ``before`` (the up to three words before it) names
    the column an ALTER TABLE action defines: ``ADD [COLUMN] c``, ``MODIFY [COLUMN] c``,
    ``CHANGE [COLUMN] old c`` (MySQL)."""
    if before[-2:] == ["CHANGE", "COLUMN"] or before[-1:] == ["CHANGE"]:
        return False  # that is the old name
    if before[-3:-1] == ["CHANGE", "COLUMN"] or (len(before) >= 2 and before[-2] == "CHANGE"):
        return True
    return bool(before) and before[-1] in ("ADD", "COLUMN", "MODIFY")


def _sqlite_multiword_types(tokens: list[Token]) -> list[Token]:
    """SQLite accepts any run of words as a type name (``BLOB SUB_TYPE TEXT``);
    sqlglot takes one.  Fold such a run into one token."""
    out: list[Token] = []
    i = 0
    depth = 0
    while i < len(tokens):
        token = tokens[i]
        out.append(token)
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        column_start = depth == 1 and i >= 1 and tokens[i - 1].token_type in (TokenType.L_PAREN, TokenType.COMMA)
        if column_start and token.token_type != TokenType.CONSTRAINT:
            j = i + 1
            while j < len(tokens) and tokens[j].token_type not in _TYPE_END and tokens[j].text.upper() not in _TYPE_END_WORDS:
                j += 1
            if j - (i + 1) > 1:
                first, last = tokens[i + 1], tokens[j - 1]
                words = " ".join(t.text for t in tokens[i + 1: j])
                out.append(Token(TokenType.VAR, words, last.line, last.col, first.start, last.end))
                i = j
                continue
        i += 1
    return out


def _strip_default_deferral(tokens: list[Token]) -> list[Token]:
    """Drop ``NOT DEFERRABLE`` and ``INITIALLY IMMEDIATE`` (the defaults, which
    sqlglot does not accept everywhere); ``DEFERRABLE`` and ``INITIALLY
    DEFERRED`` stay and are read from each constraint's options."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].text.upper()
        following = tokens[i + 1].text.upper() if i + 1 < len(tokens) else ""
        if tokens[i].token_type != TokenType.STRING and (word, following) in (("NOT", "DEFERRABLE"),
                                                                              ("INITIALLY", "IMMEDIATE")):
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


def _cut_exclusions(tokens: list[Token], text: str) -> tuple[list[Token], list[tuple]]:
    """Take PostgreSQL ``[CONSTRAINT name] EXCLUDE ...`` elements out of a CREATE
    TABLE / ALTER TABLE ... ADD token stream: (remaining tokens, [(name,
    definition after EXCLUDE as written, deferrable, initially deferred)])."""
    found: list[tuple] = []
    depth = 0
    i, out = 0, []
    alter = tokens[0].token_type == TokenType.ALTER
    while i < len(tokens):
        token = tokens[i]
        kind = token.token_type
        starts = (not alter and depth == 1 and out and out[-1].token_type in (TokenType.L_PAREN, TokenType.COMMA)) or \
                 (alter and depth == 0 and token.text.upper() == "ADD")
        if starts:
            j = i + 1 if alter else i
            name = None
            if j + 1 < len(tokens) and tokens[j].token_type == TokenType.CONSTRAINT:
                name, j = tokens[j + 1].text, j + 2
            if j < len(tokens) and tokens[j].text.upper() == "EXCLUDE":
                k, inner = j + 1, 0
                while k < len(tokens):
                    t = tokens[k].token_type
                    if t == TokenType.L_PAREN:
                        inner += 1
                    elif t == TokenType.R_PAREN:
                        if inner == 0:
                            break
                        inner -= 1
                    elif t == TokenType.COMMA and inner == 0:
                        break
                    k += 1
                end = k
                deferrable = deferred = False
                while end - 1 > j and tokens[end - 1].text.upper() in ("DEFERRABLE", "DEFERRED", "INITIALLY"):
                    word = tokens[end - 1].text.upper()
                    deferrable |= word == "DEFERRABLE"
                    deferred |= word == "DEFERRED"
                    end -= 1
                found.append((name, _text_between(tokens[j + 1], tokens[end - 1], text), deferrable or deferred, deferred))
                if k < len(tokens) and tokens[k].token_type == TokenType.COMMA:
                    k += 1  # the element's own separator
                elif out and out[-1].token_type == TokenType.COMMA:
                    out.pop()  # it was the last element: drop the separator before it
                i = k
                continue
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
        out.append(token)
        i += 1
    return out, found


def _text_between(first: Token, last: Token, text: str) -> str:
    """The source text from ``first`` to ``last`` (with the quotes of quoted names)."""
    begin, end = first.start, last.end + 1
    while begin > 0 and text[begin - 1] in "\"'`[":
        begin -= 1
    while end < len(text) and text[end] in "\"'`]":
        end += 1
    return text[begin:end].strip()


def _alter_has_no_action(tokens: list[Token]) -> bool:
    """``ALTER TABLE [ONLY] [IF EXISTS] name`` and nothing else."""
    i = 2
    while i < len(tokens) and tokens[i].text.upper() in ("IF", "EXISTS", "ONLY"):
        i += 1
    i += 1
    while i + 1 < len(tokens) and tokens[i].token_type == TokenType.DOT:
        i += 2
    return i >= len(tokens)


def _table_name_node(tokens: list[Token]) -> exp.Table:
    parts = _dotted_name(tokens, 2)
    return exp.table_(parts[-1], db=parts[-2] if len(parts) > 1 else None, quoted=True)


def drop_column(schema: Schema, table: Table, column_id: str) -> None:
    """Remove a column and what depends on it, here and in other tables."""
    table.remove_column(column_id)
    for other in schema.tables:
        other.drop_references_to(table.id, column_id)


def drop_constraint(table: Table, name: str) -> bool:
    if table.primary_key and table.primary_key.name == name:
        table.primary_key = None
        return True
    for attr in ("foreign_keys", "uniques", "checks", "exclusions"):
        items = getattr(table, attr)
        kept = [c for c in items if c.name != name]
        if len(kept) != len(items):
            setattr(table, attr, kept)
            return True
    return False


def _synthetic_constraint_name(before: Token) -> list[Token]:
    """``CONSTRAINT tw__unnamed`` tokens, so sqlglot parses an unnamed
    constraint in a position where it only accepts named ones."""
    return [Token(TokenType.CONSTRAINT, "CONSTRAINT", before.line, before.col, before.start, before.start),
            Token(TokenType.VAR, _SYNTHETIC, before.line, before.col, before.start, before.start)]


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


# the sqlglot nodes a column type is built of; a type with anything else in
# it is not memoized
_TYPE_NODES = (exp.DataType, exp.DataTypeParam, exp.Literal, exp.Identifier, exp.Var)


def _type_key(node) -> tuple | None:
    """A hashable description of a parsed type that determines its SQL and
    its normalization: class, every argument and the comments, recursively;
    None when it holds a node other than a type, parameter, literal or name."""
    if not isinstance(node, _TYPE_NODES):
        return None
    parts = [type(node), tuple(node.comments) if node.comments else None]
    for k, v in node.args.items():
        if isinstance(v, exp.Expression):
            v = _type_key(v)
            if v is None:
                return None
        elif isinstance(v, list):
            items = []
            for x in v:
                if isinstance(x, exp.Expression):
                    x = _type_key(x)
                    if x is None:
                        return None
                elif not isinstance(x, (str, int, bool, float)) and x is not None:
                    return None
                items.append(x)
            v = ("list", *items)
        elif not (v is None or isinstance(v, (str, int, bool, float, exp.DataType.Type))):
            return None
        parts.append(k)
        parts.append(v)
    return tuple(parts)


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
        self.pending_owned: list[tuple[Sequence, exp.Expression | tuple[str, ...]]] = []
        self._parser = self.parser_dialect.parser()  # reset by every parse()
        # lower-case table name -> tables in schema order (see _find_table);
        # dropped whenever schema.tables changes or a table is renamed
        self._table_index: dict[str, list[Table]] | None = None
        self._indexed_count = -1
        # structural key of a parsed type (and the type as written) -> DataType
        self._types: dict[tuple, object] = {}
        # [table, its column list, its length, name -> column, lower-case name -> column, ids]
        # (see _column_named)
        self._columns: list | None = None
        self._table_ids: set[str] | None = None  # ids of schema.tables while their count is _table_ids_count
        self._table_ids_count = -1
        # lower-case names of the tables whose CREATE TABLE statement could not be imported
        self._unread_tables: set[str] = set()
        # T-SQL IF guard in force (its text) and the BEGIN … END depth it covers (see _close_guard)
        self._guard: str | None = None
        self._guard_depth: int | None = None

    # -- columns by name ----------------------------------------------
    def _column_named(self, table: Table, name: str) -> Column | None:
        """``table.column_named(name)`` through an index of the table last
        asked about: a table of n columns is built in O(n), not O(n²) (each
        column looked its table up for a duplicate, each key column too)."""
        cache = self._columns
        if cache is None or cache[0] is not table or cache[1] is not table.columns or cache[2] != len(table.columns):
            exact: dict[str, Column] = {}
            folded: dict[str, Column] = {}
            for column in table.columns:
                exact.setdefault(column.name, column)
                folded.setdefault(column.name.lower(), column)
            cache = self._columns = [table, table.columns, len(table.columns), exact, folded,
                                     {c.id for c in table.columns}]
        found = cache[3].get(name)
        return found if found is not None else cache[4].get(name.lower())

    def _column_added(self, table: Table, column: Column) -> None:
        cache = self._columns
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
        taken = self._columns[5]
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
        issues = len(self.result.issues)
        tables = len(self.schema.tables)
        try:
            self._add(statement)
        except (_Skip, InputError) as exc:
            self.statement = statement
            self._issue("warning", f"{exc}; statement skipped")
        except Exception as exc:  # noqa: BLE001 -- see the docstring
            self.statement = statement
            log.debug("statement handler failed on %s", statement.location, exc_info=True)
            self._issue("error", f"cannot import statement: not understood as written "
                        f"({type(exc).__name__}); skipped")
        if len(self.result.issues) > issues and len(self.schema.tables) == tables:
            name = _created_table(statement.tokens)
            if name is not None:
                self._unread_tables.add(name.lower())

    def _guarded(self, what: str, handler, *args) -> None:
        """Run the handler of one part of a statement (a constraint); a part
        shaped as no handler expects is left out with a warning, the rest of
        the statement is still taken (``_Skip`` still skips the statement)."""
        try:
            handler(*args)
        except _Skip:
            raise
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
                self._issue("warning", f"{exc}; statement skipped")
            return
        tokens = self._repair(statement.tokens)
        exclusions: list = []
        if self.dialect == "postgres" and len(tokens) > 3 and tokens[1].token_type == TokenType.TABLE:
            tokens = _strip_default_deferral(tokens)
            tokens, exclusions = _cut_exclusions(tokens, statement.text)
            if exclusions and tokens[0].token_type == TokenType.ALTER and _alter_has_no_action(tokens):
                self._add_exclusions(self._table_for(_table_name_node(tokens)), exclusions)
                return
        self._spans = _expression_spans(statement.tokens, statement.text)
        self._type_text = _type_texts(statement.tokens, statement.text) if len(tokens) > 2 and \
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
                self._dispatch(expression)
                if exclusions and isinstance(expression, (exp.Create, exp.Alter)):
                    self._add_exclusions(self._table_for(expression.this), exclusions)
            except _Skip as exc:
                if self._guard is not None:  # IF (OBJECT_ID('x') IS NOT NULL) BEGIN … END
                    self._issue("info", f"{exc}; statement skipped, as its guard {self._guard} would skip it")
                else:
                    self._issue("warning", f"{exc}; statement skipped")

    def _close_guard(self) -> None:
        """A T-SQL guard covers the next statement, or its BEGIN … END block."""
        if self._guard is None or self._guard_depth is None:
            return
        if self._guard_depth == -2:  # the IF itself
            self._guard_depth = -1
            return
        words = [t.text.upper() for t in self.statement.tokens[:2]]
        if self._guard_depth == -1:  # just after the IF: BEGIN opens its block, else one statement
            self._guard_depth = 1 if words[:1] == ["BEGIN"] and words[1:2] != ["TRAN"] else 0
        elif words[:1] == ["BEGIN"] and words[1:2] not in (["TRAN"], ["TRANSACTION"]):
            self._guard_depth += 1
        elif words[:1] == ["END"]:
            self._guard_depth -= 1
        if self._guard_depth == 0:
            self._guard, self._guard_depth = None, None

    def _on_ifblock(self, node: exp.IfBlock):
        """T-SQL ``IF <condition>`` (its body follows as statements of their own): the
        statements it guards are read; one that cannot apply is skipped quietly, as the
        guard would skip it (``IF OBJECT_ID('fk') IS NOT NULL ALTER TABLE … DROP CONSTRAINT fk``)."""
        self._ignore("IF (control of flow)")
        self._guard = " ".join(self.statement.text.split())[:60]
        self._guard_depth = -2

    def _add_exclusions(self, table: Table, exclusions: list) -> None:
        for name, definition, deferrable, deferred in exclusions:
            table.exclusions.append(ExclusionConstraint(
                derived_id("ex", table.namespace, table.name, name or str(len(table.exclusions))), definition, name,
                deferrable=deferrable, initially_deferred=deferred, location=self.statement.location))

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
        schema_name = next(t.text for t in tokens[2:cuts[0]] if t.text.upper() not in ("IF", "NOT", "EXISTS", "AUTHORIZATION"))
        outer = self.namespace
        self.namespace = schema_name
        try:
            for begin, end in zip(bounds, bounds[1:]):
                self.add(statement.part(begin, end))
        finally:
            self.namespace = outer
        return True

    def _repair(self, tokens: list[Token]) -> list[Token]:
        """Token-level fixes for valid syntax sqlglot does not accept."""
        if len(tokens) < 3:
            return tokens
        kinds = [t.token_type for t in tokens]
        upper = [t.text.upper() for t in tokens]
        if kinds[0] == TokenType.CREATE and TokenType.INDEX in kinds[:5]:
            # CREATE INDEX … ON ONLY t (pg_dump, partitioned tables)
            for i in range(len(tokens) - 1):
                if kinds[i] == TokenType.ON and kinds[i + 1] == TokenType.ONLY:
                    tokens = tokens[: i + 1] + tokens[i + 2:]
                    kinds = [t.token_type for t in tokens]
                    break
            # a keyword as a bare column name: "CREATE INDEX i ON t (drop)"
            for i in range(1, len(tokens) - 1):
                if kinds[i - 1] in (TokenType.L_PAREN, TokenType.COMMA) and \
                        kinds[i + 1] in (TokenType.R_PAREN, TokenType.COMMA, TokenType.ASC, TokenType.DESC) and \
                        kinds[i] not in (TokenType.VAR, TokenType.STRING, TokenType.NUMBER, TokenType.IDENTIFIER, TokenType.STAR):
                    tokens[i].token_type = TokenType.VAR
            return tokens
        if kinds[0] == TokenType.CREATE and TokenType.TABLE in kinds[:4]:
            if self.dialect == "sqlite":
                tokens = _sqlite_multiword_types(self._sqlite_table_suffix(tokens))
                kinds = [t.token_type for t in tokens]
                upper = [t.text.upper() for t in tokens]
            out: list[Token] = []
            depth, skip = 0, 0
            for i, token in enumerate(tokens):
                depth += (kinds[i] == TokenType.L_PAREN) - (kinds[i] == TokenType.R_PAREN)
                if skip:
                    skip -= 1
                    continue
                # SQL Server: ) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY] -- where large values are stored
                if depth == 0 and upper[i] in ("TEXTIMAGE_ON", "FILESTREAM_ON") and i + 1 < len(tokens):
                    self._issue("info", f"{token.text} {tokens[i + 1].text} (storage of large values) not modelled")
                    skip = 1
                    continue
                # a trailing comma before the closing parenthesis (SQL Server accepts it)
                if token.token_type == TokenType.COMMA and i + 1 < len(tokens) and \
                        kinds[i + 1] == TokenType.R_PAREN and i + 2 == len(tokens):
                    continue
                # a keyword used as a type name: "toc CUBE"
                if token.token_type in _KEYWORD_TYPES and i >= 2 and kinds[i - 2] in (TokenType.L_PAREN, TokenType.COMMA):
                    token.token_type = TokenType.VAR
                # a literal keyword as a column name: "false INTEGER" (T-SQL has no FALSE keyword)
                if token.token_type in (TokenType.TRUE, TokenType.FALSE) and i >= 1 and \
                        kinds[i - 1] in (TokenType.L_PAREN, TokenType.COMMA):
                    token.token_type = TokenType.VAR
                # SQL Server: unnamed PRIMARY KEY / UNIQUE [NON]CLUSTERED (cols)
                if upper[i].startswith(("PRIMARY", "UNIQUE")) and i >= 1 and kinds[i - 1] == TokenType.COMMA and \
                        i + 2 < len(tokens) and (upper[i + 1] in ("CLUSTERED", "NONCLUSTERED") or
                                                 upper[i + 2] in ("CLUSTERED", "NONCLUSTERED")):
                    out.extend(_synthetic_constraint_name(token))
                out.append(token)
            return out
        if kinds[0] == TokenType.ALTER and kinds[1] == TokenType.TABLE:
            # ALTER TABLE t ADD CHECK (…) / ADD UNIQUE (…) / ADD PRIMARY KEY (…) without a name
            for i in range(2, len(tokens) - 1):
                if upper[i] == "ADD" and upper[i + 1] in ("CHECK", "UNIQUE", "PRIMARY", "FOREIGN"):
                    return tokens[: i + 1] + _synthetic_constraint_name(tokens[i + 1]) + tokens[i + 1:]
        return tokens

    def _sqlite_table_suffix(self, tokens: list[Token]) -> list[Token]:
        """SQLite's ``) WITHOUT ROWID`` and ``) STRICT`` table options."""
        flags = {"without_rowid": False, "strict": False}
        while len(tokens) > 2 and tokens[-1].token_type != TokenType.R_PAREN:
            word = tokens[-1].text.upper()
            if word == "ROWID" and tokens[-2].text.upper() == "WITHOUT":
                flags["without_rowid"] = True
                tokens = tokens[:-2]
            elif word == "STRICT":
                flags["strict"] = True
                tokens = tokens[:-1]
            elif tokens[-1].token_type == TokenType.COMMA:
                tokens = tokens[:-1]
            else:
                break
        self._sqlite_table_flags = flags
        return tokens

    def _keep_unparsed(self, statement: Statement) -> bool:
        """A statement sqlglot cannot parse but that the model would only keep
        verbatim anyway (function bodies, triggers, …): keep it, no error."""
        words = [t.text.upper() for t in statement.tokens[:12]]
        if words and words[0] == "CREATE" and created_kind(words)[0] in RAW_CREATE:
            self._on_command(None)
            return True
        if words and words[0] in _RAW_STATEMENTS | _IGNORED_STATEMENTS:
            self._on_command(None)
            return True
        return False

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

    def _keep_raw(self, kind: str, name: str | None = None) -> None:
        stmt = self.statement
        self.schema.raw.append(RawObject(
            id=derived_id("raw", stmt.location.path, str(stmt.location.line), str(stmt.location.column)),
            kind=kind, sql=stmt.text.strip(), dialect=self.dialect, name=name, location=stmt.location,
            namespace=self.namespace if is_mysql(self.dialect) else None))

    def _ignore(self, what: str) -> None:
        self._issue("info", f"{what} ignored")

    def _on_use(self, node):
        self.namespace = _name(node.this)
        self._ensure_namespace(self.namespace)

    def _on_drop(self, node):
        kind = (node.args.get("kind") or "").upper()
        if kind == "TABLE":
            for table_node in [node.this, *node.expressions]:
                if isinstance(table_node, exp.Table):
                    ns, name = table_node.args["db"].name if table_node.args.get("db") else self.namespace, table_node.name
                    table = self._find_table(name, ns)
                    if table is not None:
                        self.schema.tables.remove(table)
                        self._table_index = None
                        self._issue("warning", f"DROP TABLE removed {table.qualified_name} defined earlier")
            return
        if kind in ("DATABASE", "SCHEMA") or not kind:
            self._ignore(f"DROP {kind}".strip())
            return
        self._ignore(f"DROP {kind}")

    def _on_command(self, node: exp.Command):
        words = [t.text.upper() for t in self.statement.tokens[:8]]
        head = words[0] if words else ""
        if head == "CREATE":
            kind = raw_kind([t.text.upper() for t in self.statement.tokens[:12]])
            if kind == "virtual":
                self._virtual_table()
                return
            if kind in ("table", "index", "sequence"):
                raise _Skip(f"CREATE {kind.upper()} syntax not understood")
            if kind == "object":  # CREATE'' : no kind of object named, nothing to keep
                self._issue("error", "cannot parse statement (CREATE names no kind of object); skipped")
                return
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
            self._keep_raw(" ".join(w.lower() for w in words[:3 if target == "TEXT" else 2]))
            return
        if head == "CLUSTER" and self.dialect == "postgres" and "USING" in words:
            self._cluster(words.index("USING"))
            return
        if head in _IGNORED_STATEMENTS:
            self._ignore(head)
            return
        if head in _RAW_STATEMENTS:
            self._keep_raw(head.lower())
            return
        raise _Skip(f"{head} statement not understood")

    def _object_name_after(self, kind: str) -> str | None:
        tokens = self.statement.tokens
        for i, token in enumerate(tokens):
            if token.text.lower() == kind.split()[-1] and i + 1 < len(tokens):
                return ".".join(_dotted_name(tokens, i + 1)) or None
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

    def _create_sequence(self, node: exp.Create):
        ns, name = _table_ref(node.this)
        ns = ns or self.namespace
        seq = Sequence(derived_id("seq", ns, name), name, ns, location=self.statement.location)
        if isinstance(node.args.get("expression"), exp.DataType):  # CREATE SEQUENCE s AS integer
            seq.data_type = self._sql(node.args["expression"])
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
                self.pending_owned.append((seq, tuple(owner)))  # the parts, never re-split (a schema may be "my.app")
            return
        self._ignore("ALTER SEQUENCE")

    # -- tables -----------------------------------------------------------
    def _table_for(self, ref: exp.Expression, *, must_exist: bool = True) -> Table:
        ns, name = _table_ref(ref)
        table = self._find_table(name, ns if ns is not None else self.namespace)
        if table is None and ns is None:
            table = self._find_table(name)
        if table is None and must_exist:
            raise _Skip(f"table {'.'.join(p for p in (ns, name) if p)} is not defined")
        return table

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
            for element in elements:
                if not isinstance(element, (exp.ColumnDef, exp.Identifier, exp.Column)):
                    self._guarded(f"a constraint of table {table.qualified_name}", self._table_element,
                                  table, element)
        elif table.options.partition_of is None:
            raise _Skip("CREATE TABLE without columns")
        self._inherit_columns(table)
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
        for qualified in parents:
            ns, pname = split_qualified(qualified)
            parent = self._find_table(pname, ns or None)
            if parent is None:
                self._issue("warning", f"parent table {qualified} of {table.qualified_name} is not defined; "
                                       "the table is read without it")
                continue
            ids[qualified] = parent.id
            for column in parent.columns:
                if self._column_named(table, column.name) is None and column.name not in taken:
                    taken.add(column.name)
                    inherited.append(Column(derived_id("col", table.namespace, table.name, column.name),
                                            column.name, column.type, column.nullable, column.default,
                                            collation=column.collation, location=table.location))
        table.columns[:0] = inherited
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
            else:
                opts.extra[type(prop).__name__] = self._sql(prop)

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
        dtype = self._column_type(kind, self._type_text.get(name)) if kind is not None else dtypes.unknown()
        column = Column(self._new_column_id(table, name), name, dtype,
                        location=self._location_of(node))
        table.columns.append(column)
        self._column_added(table, column)
        for constraint in node.args.get("constraints") or []:
            self._guarded(f"a constraint of column {table.qualified_name}.{name}", self._column_constraint,
                          table, column, constraint)
        if dtypes.is_serial(dtype):
            column.nullable = False
        if self.dialect == "sqlite" and column.autoincrement:
            table.options.extra.setdefault("sqlite_autoincrement", "true")
        return column

    def _modify_column(self, table: Table, node: exp.ColumnDef) -> None:
        """MySQL ``MODIFY col <definition>``: the column's whole definition is
        the new one (same place, same id; keys that use it stay)."""
        old = self._column_named(table, node.name)
        if old is None:
            raise _Skip(f"column {node.name!r} does not exist in table {table.qualified_name}")
        keys = (exp.PrimaryKeyColumnConstraint, exp.UniqueColumnConstraint, exp.Reference)
        if any(isinstance(c.args.get("kind"), keys) for c in node.args.get("constraints") or []):
            raise _Skip(f"MODIFY of {table.qualified_name}.{node.name} with a key in it is not read")
        at = table.columns.index(old)
        table.columns.remove(old)
        try:
            column = self._add_column(table, node)
        except _Skip:
            table.columns.insert(at, old)
            raise
        table.columns.remove(column)
        column.id = old.id
        table.columns.insert(at, column)
        self._columns = None  # the list was edited in place

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
                                           location=loc, **_deferrable(kind))
            if self.dialect != "sqlite":  # SQLite lets primary-key columns hold NULL
                column.nullable = False
        elif isinstance(kind, exp.UniqueColumnConstraint):
            table.uniques.append(UniqueConstraint(
                derived_id("uq", table.namespace, table.name, name or column.name), [column.id], name,
                nulls_not_distinct=bool(kind.args.get("nulls")), location=loc, **_deferrable(kind)))
        elif isinstance(kind, exp.DefaultColumnConstraint):
            column.default = self._written("DEFAULT", kind.this)
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
            table.primary_key = PrimaryKey(derived_id("pk", table.namespace, table.name), cols, name,
                                           clustered=clustered, location=loc, **_deferrable(part),
                                           lengths=self._prefix_lengths(table, part.expressions))
            if self.dialect != "sqlite":  # SQLite lets primary-key columns hold NULL
                for cid in cols:
                    table.column(cid).nullable = False
        elif isinstance(part, exp.ForeignKey):
            self._foreign_key(table, self._cols(table, part.expressions), part.args["reference"], name,
                              not_valid=not_valid, options=part.args.get("options"))
        elif isinstance(part, exp.UniqueColumnConstraint):
            target = part.this
            using = part.args.get("index_type")
            if isinstance(target, exp.Schema) and (any(isinstance(e, exp.ColumnPrefix) for e in target.expressions)
                                                   or (using and is_mysql(self.dialect))):
                # (or UNIQUE KEY … USING BTREE|HASH: the index method is the index's)
                # MySQL UNIQUE KEY over column prefixes: a unique index, not a constraint
                self._inline_index(table, exp.IndexColumnConstraint(
                    this=target.this if target.this is not None else (exp.to_identifier(name) if name else None),
                    expressions=target.expressions, kind="UNIQUE", index_type=using or None))
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
                derived_id("uq", table.namespace, table.name, name or ",".join(cols)), cols, name,
                nulls_not_distinct=bool(part.args.get("nulls")), location=loc, **_deferrable(part)))
        elif isinstance(part, exp.CheckColumnConstraint):
            table.checks.append(CheckConstraint(
                derived_id("ck", table.namespace, table.name, name or str(len(table.checks))),
                self._written("CHECK", part.this), name, not_valid=not_valid, location=loc))
        elif isinstance(part, exp.IndexColumnConstraint):
            self._inline_index(table, part)
        elif isinstance(part, (exp.ClusteredColumnConstraint, exp.NonClusteredColumnConstraint)):
            pass  # read by _table_element as the key's columns
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
        for option in part.args.get("options") or []:  # KEY k (c) USING BTREE
            if isinstance(option, exp.IndexConstraintOption) and option.args.get("using"):
                using = option.args["using"]
        if isinstance(using, exp.Expression):
            method = _name(using).lower()
        elif isinstance(using, str) and using:
            method = using.lower()
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
        table.foreign_keys.append(fk)
        self.pending_fk.append((table, fk))

    # -- indexes ------------------------------------------------------------
    def _create_index(self, node: exp.Create, kind: str):
        index_node = node.this
        if not isinstance(index_node, exp.Index):
            raise _Skip("CREATE INDEX not understood")
        table = self._table_for(index_node.args["table"], must_exist=False)
        if table is None:
            ns, target = _table_ref(index_node.args["table"])
            if any(r.name and r.name.split(".")[-1].strip('"').lower() == target.lower() for r in self.schema.raw):
                self._keep_raw("index", _name(index_node.this))  # an index on a (materialized) view
                return
            raise _Skip(f"table {'.'.join(p for p in (ns, target) if p)} is not defined")
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
                      predicate=self._written("WHERE", where.this) if where is not None else None,
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
        elif is_mysql(self.dialect) and isinstance(node, exp.Anonymous) and len(node.expressions) == 1 \
                and isinstance(node.expressions[0], exp.Literal) and self._column_named(table, node.name) is not None:
            # CREATE INDEX … (title(20)): MySQL's prefix length, which sqlglot reads as a call
            element.length = _int(node.expressions[0])
            node = exp.column(node.name)
        if isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, (exp.Column, exp.Identifier)) and self._column_named(table, _name(node)) is not None:
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
        elif isinstance(action, exp.ModifyColumn) and isinstance(action.this, exp.ColumnDef):
            if action.args.get("rename_from") is not None:
                self._change_column(table, action)
            else:
                self._modify_column(table, action.this)
        elif isinstance(action, exp.AlterColumn):
            column = self._column_named(table, _name(action.this))
            if column is None:
                raise _Skip(f"column {_name(action.this)!r} does not exist in table {table.qualified_name}")
            if action.args.get("default") is not None:
                column.default = self._written("DEFAULT", action.args["default"])
            elif action.args.get("drop") and action.args.get("allow_null") is None:
                column.default = None
            if action.args.get("allow_null") is not None:
                column.nullable = bool(action.args.get("allow_null"))
            if action.args.get("dtype") is not None:
                column.type = dtypes.from_sqlglot(action.args["dtype"], self.read, self.schema)
            if action.args.get("comment") is not None:
                column.comment = action.args["comment"].name
        elif isinstance(action, exp.RenameColumn):
            column = self._column_named(table, _name(action.this))
            if column is None:
                raise _Skip(f"RENAME COLUMN: no column {_name(action.this)!r} in {table.qualified_name}")
            column.name = _name(action.args["to"])
            self._columns = None
        elif isinstance(action, exp.AlterRename):
            table.name = _table_ref(action.this)[1]
            self._table_index = None
        elif isinstance(action, exp.Drop):
            self._alter_drop(table, action)
        elif isinstance(action, exp.AlterSet):
            self._issue("info", f"ALTER TABLE {table.qualified_name} SET … ignored")
        else:
            self._issue("warning", f"ALTER TABLE action {self._sql(action)[:80]!r} on {table.qualified_name} not modelled")

    def _change_column(self, table: Table, action: exp.ModifyColumn) -> None:
        """MySQL ``CHANGE [COLUMN] old new definition``: renamed, its whole
        definition replaced in place; keys and indexes on it keep referring to it."""
        definition = action.this
        old_name = _name(action.args.get("rename_from")) or definition.name
        old = table.column_named(old_name)
        if old is None:
            raise _Skip(f"MODIFY/CHANGE of unknown column {old_name!r} in {table.qualified_name}")
        position = table.columns.index(old)
        table.columns.remove(old)
        try:
            new = self._add_column(table, definition)
        except _Skip:
            table.columns.insert(position, old)
            raise
        table.columns.remove(new)
        table.columns.insert(position, new)
        self._columns = None  # the list was edited in place
        if new.id != old.id:  # renamed: what referred to the old column refers to the new one
            new.id, old_id = old.id, new.id
            for constraint in [*table.constraints(), *table.indexes]:
                for attr in ("columns", "include"):
                    ids = getattr(constraint, attr, None)
                    if isinstance(ids, list):
                        ids[:] = [new.id if c == old_id else c for c in ids]
                for element in getattr(constraint, "elements", []):
                    if element.column == old_id:
                        element.column = new.id
            for check in table.checks:
                if check.column == old_id:
                    check.column = new.id

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
        args, depth, current = [], 0, []
        for token in tokens[using + 2:]:
            if token.token_type == TokenType.L_PAREN:
                depth += 1
                if depth == 1:
                    continue
            elif token.token_type == TokenType.R_PAREN:
                depth -= 1
                if depth == 0:
                    break
            if depth == 1 and token.token_type == TokenType.COMMA:
                args.append(current)
                current = []
            elif depth >= 1:
                current.append(token.text)
        if current:
            args.append(current)
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

    def _alter_drop(self, table: Table, action: exp.Drop) -> None:
        kind = (action.args.get("kind") or "").upper()
        names = [_name(t) for t in action.args.get("tables") or []]
        if kind == "COLUMN":
            for name in names:
                column = self._column_named(table, name)
                if column is None:
                    if action.args.get("exists"):
                        continue
                    raise _Skip(f"DROP COLUMN: no column {name!r} in {table.qualified_name}")
                drop_column(self.schema, table, column.id)
        elif kind == "CONSTRAINT":
            for name in names:
                if not drop_constraint(table, name) and not action.args.get("exists"):
                    raise _Skip(f"DROP CONSTRAINT: no constraint {name!r} on {table.qualified_name}")
        else:
            raise _Skip(f"ALTER TABLE … DROP {kind} is not applied")

    def _alter_table_command(self):
        texts = [t.text.upper() for t in self.statement.tokens]
        if "GENERATED" in texts and "IDENTITY" in texts and "ADD" in texts:
            self._add_identity(texts)
            return
        if "DEFAULT" in texts and "FOR" in texts and texts.index("DEFAULT") < texts.index("FOR"):
            self._mssql_default_for()
            return
        if "ROW" in texts and "SECURITY" in texts:
            parts = _dotted_name(self.statement.tokens, 2)
            table = self._find_table(parts[-1], parts[-2] if len(parts) > 1 else None)
            if table is not None:
                table.options.row_level_security = "ENABLE" in texts
                return
        if self.dialect == "postgres" and texts[-3:-1] == ["CLUSTER", "ON"]:
            self._cluster(len(texts) - 2)
            return
        if "CLUSTER" in texts or "REPLICA" in texts or "STATISTICS" in texts or "TRIGGER" in texts:
            self._ignore("ALTER TABLE storage/trigger setting")
            return
        if "ATTACH" in texts and "PARTITION" in texts:
            self._attach_partition(texts)
            return
        if self.dialect == "mssql" and "CONSTRAINT" in texts and texts[texts.index("CONSTRAINT") - 1] in ("CHECK", "NOCHECK"):
            # ALTER TABLE t [WITH CHECK] CHECK|NOCHECK CONSTRAINT c|ALL: enables or disables enforcement
            if texts[texts.index("CONSTRAINT") - 1] == "CHECK":
                self._ignore("ALTER TABLE … CHECK CONSTRAINT (enforcement on, as the model has it)")
                return
            raise _Skip("ALTER TABLE … NOCHECK CONSTRAINT (enforcement off) is not modelled")
        raise _Skip("ALTER TABLE statement not understood")

    def _attach_partition(self, texts: list[str]) -> None:
        """pg_dump: ``ALTER TABLE [ONLY] parent ATTACH PARTITION child FOR VALUES …``
        (or ``DEFAULT``): the child becomes a partition of the parent, as if
        created with ``PARTITION OF``."""
        tokens = self.statement.tokens
        pparts = _dotted_name(tokens, 2)
        at = texts.index("PARTITION", texts.index("ATTACH"))
        cparts = _dotted_name(tokens, at + 1)
        parent = self._find_table(pparts[-1], pparts[-2] if len(pparts) > 1 else None)
        child = self._find_table(cparts[-1], cparts[-2] if len(cparts) > 1 else None)
        if parent is None or child is None:
            raise _Skip("ATTACH PARTITION of a table that is not defined")
        rest = at + 1 + 2 * len(cparts) - 1
        bound = _span(tokens[rest], tokens[-1], self.statement.text).rstrip(";").strip() if rest < len(tokens) else ""
        if bound.upper().startswith("FOR VALUES"):
            bound = bound[len("FOR VALUES"):].strip()
        child.options.partition_of = parent.id
        child.options.partition_bound = bound or None

    def _cluster(self, before_index: int) -> None:
        """``CLUSTER t USING ix`` / ``ALTER TABLE t CLUSTER ON ix``: ix is the table's clustering index."""
        tokens = self.statement.tokens
        start = 1 if tokens[0].text.upper() == "CLUSTER" else 2
        parts = _dotted_name(tokens, start)
        table = self._find_table(parts[-1], parts[-2] if len(parts) > 1 else None)
        name = tokens[before_index + 1].text if before_index + 1 < len(tokens) else None
        if table is None:  # a materialized view (kept verbatim) or a table defined elsewhere: keep it as written
            self._keep_raw("cluster", ".".join(parts))
            return
        found = [ix for ix in table.indexes if ix.name == name] + \
            [pk for pk in [table.primary_key] if pk is not None and pk.name == name]
        if not found:
            if any(u.name == name for u in table.uniques):
                self._issue("warning", f"CLUSTER on unique constraint {name} of {table.qualified_name} not modelled")
                return
            self._keep_raw("cluster", ".".join(parts))  # an index the engine makes (a partition's): as written
            return
        for other in [*table.indexes, *[pk for pk in [table.primary_key] if pk is not None]]:
            other.clustered = None
        found[0].clustered = True

    def _add_identity(self, texts: list[str]) -> None:
        """pg_dump: ``ALTER TABLE t ALTER COLUMN c ADD GENERATED … AS IDENTITY (…)``."""
        tokens = self.statement.tokens
        start = 3 if texts[2] == "ONLY" else 2
        name_end = texts.index("ALTER", start)
        table = self._table_for(exp.to_table(".".join(t.text for t in tokens[start:name_end]
                                                        if t.token_type != TokenType.DOT)))
        col_at = name_end + (2 if texts[name_end + 1] == "COLUMN" else 1)
        column = self._column_named(table, tokens[col_at].text)
        if column is None:
            raise _Skip(f"ADD GENERATED … AS IDENTITY: no column {tokens[col_at].text!r} in {table.qualified_name}")

        def number_after(*words: str) -> int | None:
            for i in range(len(texts) - len(words)):
                if texts[i:i + len(words)] == list(words):
                    sign = -1 if texts[i + len(words)] == "-" else 1
                    value = texts[i + len(words) + (1 if sign < 0 else 0)]
                    return sign * int(value) if value.isdigit() else None
            return None

        column.identity = Identity(always="ALWAYS" in texts, start=number_after("START", "WITH"),
                                   increment=number_after("INCREMENT", "BY"))
        column.nullable = False

    def _mssql_default_for(self) -> None:
        """SQL Server: ``ALTER TABLE t ADD CONSTRAINT df DEFAULT (expr) FOR col``."""
        tokens = self.statement.tokens
        upper = [t.text.upper() for t in tokens]
        i, j = upper.index("DEFAULT"), upper.index("FOR")
        table = self._table_for(exp.to_table(".".join(t.text for t in tokens[2:upper.index("ADD")]
                                                        if t.token_type != TokenType.DOT)))
        column = self._column_named(table, tokens[j + 1].text)
        if column is None:
            raise _Skip(f"DEFAULT … FOR unknown column {tokens[j + 1].text!r} of {table.qualified_name}")
        text = self.statement.text[tokens[i + 1].start: tokens[j - 1].end + 1]
        column.default = sqlglot.parse_one(text, read=self.read).sql(dialect=self.read)

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
            column = self._column_named(table, target.name)
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
            self._ensure_namespace(name)
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

    def _enum_for(self, type_text: str) -> EnumType | None:
        namespace, name = split_qualified(type_text)
        return self.schema.find_enum(name, namespace)

    def _resolve(self, table: Table, fk: ForeignKey) -> None:
        ref = fk.unresolved
        target = self._find_table(ref.table, ref.namespace)
        if target is None and ref.namespace is None:
            target = self._find_table(ref.table, table.namespace)
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


def _created_table(tokens: list[Token]) -> str | None:
    """The name of the table a ``CREATE [TEMPORARY …] TABLE [IF NOT EXISTS]
    [schema.]name`` statement creates (its last name part), from its tokens;
    None for any other statement."""
    if not tokens or tokens[0].token_type != TokenType.CREATE:
        return None
    i = 1
    while i < len(tokens) and i < 5 and tokens[i].token_type != TokenType.TABLE:
        i += 1
    if i >= len(tokens) or tokens[i].token_type != TokenType.TABLE:
        return None
    i += 1
    if i + 2 < len(tokens) and tokens[i].text.upper() == "IF" and tokens[i + 2].text.upper() == "EXISTS":
        i += 3
    name = None
    while i < len(tokens):
        name = tokens[i].text
        if i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
            i += 2
            continue
        break
    return name or None


def _deferrable(constraint) -> dict:
    """DEFERRABLE / INITIALLY DEFERRED of a UNIQUE or PRIMARY KEY constraint (sqlglot keeps them as options)."""
    options = [str(o).upper() for o in constraint.args.get("options") or []]
    return {"deferrable": "DEFERRABLE" in options, "initially_deferred": "INITIALLY DEFERRED" in options}
