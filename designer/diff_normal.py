"""Normalisation for ``diff``: equal things compare equal whichever source
they come from (a DDL file, a project, a live database).

``normalised(schema)`` is a copy of ``schema`` in which every comparable
value is written one way:

- types: the type as sqlglot writes it for the dialect (``integer``,
  ``INTEGER``, ``int4`` → ``INT``; ``character varying(45)`` →
  ``VARCHAR(45)``), integer display widths dropped (MySQL's ``int(11)``), the
  default schema's qualifier dropped (``public.mpaa_rating`` → ``MPAA_RATING``);
- defaults, CHECK bodies, index expressions and predicates, generated columns:
  parsed with sqlglot and written back after undoing what the engines rewrite
  when they store an expression: casts of literals (``'x'::character varying``,
  ``nextval('s'::regclass)``), casts to text that PostgreSQL adds around
  columns and arrays, redundant parentheses, ``x IN (…)`` stored as
  ``x = ANY (ARRAY[…])``, ``BETWEEN`` stored as two comparisons,
  ``now()``/``CURRENT_TIMESTAMP()``/``CURRENT_TIMESTAMP``, the default schema
  in names, identifier case, numbers stored as strings (MySQL ``'0'``);
- names: tables, enums and sequences without a schema are in the dialect's
  default one (PostgreSQL's ``public``);
- verbatim statements (views, functions, triggers …): their tokens without
  comments, whitespace, quotes, case, the default schema's qualifier,
  ``OR REPLACE`` and MySQL's ``ALGORITHM=``/``DEFINER=``/``SQL SECURITY``.

Names the engine generated for constraints and indexes are handled after
matching (see ``tablewright.designer.diff``): a name one side leaves to the engine is not
compared.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
from dataclasses import replace
from functools import lru_cache

from tablewright.designer.dialects import SCHEMA_DEFAULT, SERIAL_TYPES, is_mysql
from tablewright.designer.model import Column, DataType, Schema

#: the schema an unqualified name is in
DEFAULT_NAMESPACE = SCHEMA_DEFAULT  # the registry's: PostgreSQL public, SQL Server dbo
#: set by ``default_schema(...)``: the schema the unqualified names of this comparison are in
_DEFAULT_OVERRIDE: contextvars.ContextVar[str | None] = contextvars.ContextVar("tw_default_schema", default=None)


def home_schema(dialect: str | None) -> str | None:
    """The schema unqualified names are in: the dialect's default, or the one ``default_schema`` set."""
    return _DEFAULT_OVERRIDE.get() or DEFAULT_NAMESPACE.get(dialect or "")


@contextlib.contextmanager
def default_schema(name: str | None):
    """Within: unqualified names are in schema ``name`` (a database loaded with
    ``search_path=musicbrainz``), not the dialect's default."""
    token = _DEFAULT_OVERRIDE.set(name)
    try:
        yield
    finally:
        _DEFAULT_OVERRIDE.reset(token)
_INTEGER_KINDS = {"tinyint", "smallint", "integer", "bigint"}
_NUMBER_KINDS = _INTEGER_KINDS | {"numeric", "real", "double", "money", "bit"}


def sqlglot_dialect(dialect: str | None) -> str | None:
    from tablewright.designer.sql_split import sqlglot_dialect_name

    return sqlglot_dialect_name(dialect) if dialect else None


# -- types ---------------------------------------------------------------------------------------


def type_text(text: str, dialect: str | None) -> str:
    """The type ``text`` as sqlglot writes it for ``dialect``, one spelling for all aliases."""
    return _type_text(text, dialect, home_schema(dialect))


@lru_cache(maxsize=4096)
def _type_text(text: str, dialect: str | None, default_ns: str | None) -> str:
    from sqlglot import exp

    read = sqlglot_dialect(dialect)
    bare = text.replace('"', "")
    if bare != text and bare == bare.lower():
        text = bare  # "text", "public"."mood": quoted names that need no quotes
    try:
        node = exp.DataType.build(text, dialect=read, udt=True)
    except Exception:  # noqa: BLE001 - an engine type sqlglot does not know: compare its words
        return " ".join(_strip_ns(text, default_ns).lower().split())
    for inner in node.find_all(exp.DataType):
        if inner.this in _DISPLAY_WIDTH_TYPES:
            inner.set("expressions", [])
    written = node.sql(dialect=read)
    if default_ns and default_ns != "public" and read == "postgres":
        written = _strip_ns(written, "public")  # on the search path after the schema (an extension's type)
    return _strip_ns(written, default_ns).lower()


def _strip_ns(text: str, default_ns: str | None) -> str:
    if not default_ns:
        return text
    for prefix in (f"{default_ns}.", f'"{default_ns}".', f"{default_ns.upper()}."):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def _display_width_types():
    from sqlglot import exp

    T = exp.DataType.Type
    return {T.TINYINT, T.UTINYINT, T.SMALLINT, T.USMALLINT, T.MEDIUMINT, T.UMEDIUMINT, T.INT, T.UINT,
            T.BIGINT, T.UBIGINT, T.YEAR}


_DISPLAY_WIDTH_TYPES = _display_width_types()


@lru_cache(maxsize=1024)
def sqlite_declared(text: str) -> str:
    """A declared SQLite type as SQLAlchemy reads it back from the engine
    (its affinity rules for names it does not know: ``BLOB SUB_TYPE TEXT`` →
    ``TEXT``), so a file and a live database spell it alike."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.types import NullType

    dialect = sqlite.dialect()
    try:
        sa_type = dialect._resolve_type_affinity(text.upper())  # as the reflection does
        return text if isinstance(sa_type, NullType) else sa_type.compile(dialect=dialect)
    except Exception:  # noqa: BLE001 - an odd declaration: compare it as written
        return text


def normal_type(dtype: DataType, dialect: str | None) -> DataType:
    default_ns = home_schema(dialect)
    enum = _strip_ns(dtype.enum, default_ns).lower() if dtype.enum else None
    if dtype.kind == "boolean" and is_mysql(dialect):
        text = "boolean"  # BOOL, BOOLEAN and TINYINT(1) are one type there
    elif enum:
        text = enum + "[]" * dtype.array_dims
    elif dialect == "sqlite" and dtype.text:
        declared = sqlite_declared(dtype.text)
        if declared != dtype.text:  # kind and parameters as read back from the engine
            from tablewright.designer.live_import import _normalize

            dtype = _normalize(declared, "sqlite")
        text = type_text(declared, dialect)
    else:
        text = type_text(dtype.text, dialect) if dtype.text else dtype.kind
    return replace(dtype, text=text, enum=enum, values=tuple(dtype.values) if not dtype.enum else ())


@lru_cache(maxsize=1024)
def spelt(dtype: DataType, dialect: str | None) -> str:
    """``dtype`` for a diff's or a migration's reader, in ``dialect``'s spelling: as SQLAlchemy writes
    its kind there, which is how the live import reads a database's types (``character varying(50)``
    and ``varchar(50)`` are both ``VARCHAR(50)``, ``numeric(10,2)`` and ``decimal(10,2)`` both
    ``NUMERIC(10, 2)``), so the two sides of a change are spelt one way whatever wrote them.  As
    written (in capitals, a built-in type) where that spelling would be another type to the diff
    (:func:`type_text` differs: ``TIMESTAMP(3)``, ``INT(10) UNSIGNED``, MySQL's ``TEXT``, which the
    mapping makes LONGTEXT) and for arrays; as written for enums and types of no built-in kind
    (``bpchar``, a domain), and in SQLite (a declared type is kept as declared, by the engine and by
    the live import)."""
    text = str(dtype)
    if dialect not in _SPELT_DIALECTS or dtype.enum or dtype.values:
        return text
    # as written, in capitals as SQLAlchemy writes the others, if it is a built-in type (not a
    # domain, a PostGIS type or anything named with quotes or a schema)
    quoted = "\"'`.[" if dialect == "mssql" else "\"'`."
    kept = text.upper() if dtype.kind != "other" and not any(ch in text for ch in quoted) else text
    if dtype.array_dims or dtype.unsigned:
        return kept
    from tablewright.designer.dialects import shared_sa_dialect
    from tablewright.designer.sa_types import _GENERIC_TYPES, _TARGET_TYPES

    factory = _TARGET_TYPES.get((dtype.kind, dialect)) or _GENERIC_TYPES.get(dtype.kind)
    if dialect == "postgres" and dtype.kind in _PG_TIMES and dtype.precision is not None:
        factory = _PG_TIMES[dtype.kind]  # (the mapping's DateTime and Time carry no fractional digits)
    if factory is None:
        return kept
    try:
        written = factory(dtype).compile(dialect=shared_sa_dialect(dialect))
    except Exception:  # noqa: BLE001 - a type SQLAlchemy cannot write there: as written
        return kept
    return written if type_text(written, dialect) == type_text(text, dialect) else kept


_SPELT_DIALECTS = frozenset({"postgres", "mysql", "mariadb", "mssql"})


def _pg_time(name: str, timezone: bool):
    def factory(dtype: DataType):
        from sqlalchemy.dialects import postgresql

        return getattr(postgresql, name)(timezone=timezone, precision=dtype.precision)

    return factory


_PG_TIMES = {"timestamp": _pg_time("TIMESTAMP", False), "timestamptz": _pg_time("TIMESTAMP", True),
             "time": _pg_time("TIME", False), "timetz": _pg_time("TIME", True)}


# -- expressions -----------------------------------------------------------------------------------


_TEXT_TYPES = ("TEXT", "VARCHAR", "CHAR", "NVARCHAR", "NCHAR", "BPCHAR", "NAME")


def _is_text_cast(node) -> bool:
    from sqlglot import exp

    to = node.args.get("to")
    if not isinstance(to, exp.DataType):
        return True  # ::regclass and other object identifiers
    inner = to
    while inner.this == exp.DataType.Type.ARRAY and inner.expressions:
        inner = inner.expressions[0]
    return inner.this.name in _TEXT_TYPES or inner.this == exp.DataType.Type.USERDEFINED


def expression(text: str | None, dialect: str | None) -> str | None:
    """``text`` (a default, a CHECK body, an index expression) written one way."""
    return None if text is None else _expression(text, dialect, home_schema(dialect))


@lru_cache(maxsize=16384)
def _expression(text: str, dialect: str | None, default_ns: str | None) -> str:
    import sqlglot
    from sqlglot import exp

    read = sqlglot_dialect(dialect)
    try:
        # in parentheses: a CHECK body such as lock = 'X' (a keyword as column name) parses as an expression
        tree = sqlglot.parse_one(f"({text})", read=read)
    except Exception:  # noqa: BLE001 - sqlglot cannot read it: compare its words
        return " ".join(text.split()).lower()
    if tree is None or isinstance(tree, exp.Command):
        return " ".join(text.split()).lower()

    on_path = {default_ns, "public"} if default_ns else set()

    def undo(node):
        if isinstance(node, exp.Paren):
            return node.this
        if isinstance(node, exp.Dot) and isinstance(node.this, exp.Identifier) and \
                node.this.name.lower() in on_path and isinstance(node.expression, exp.Func):
            return node.expression  # a function of the schema on the search path
        if isinstance(node, (exp.Cast, exp.TryCast)) and isinstance(node.this, exp.Literal) and node.this.is_string \
                and isinstance(node.args.get("to"), exp.DataType) and node.args["to"].is_type(*exp.DataType.NUMERIC_TYPES):
            try:
                float(node.this.this)
                return exp.Literal.number(node.this.this)  # '-1'::integer is the number -1
            except ValueError:
                pass
        if isinstance(node, (exp.Cast, exp.TryCast)) and not isinstance(node.this, exp.Cast):
            inner = node.this
            while isinstance(inner, exp.Paren):
                inner = inner.this
            if isinstance(inner, (exp.Literal, exp.Neg, exp.Null, exp.Boolean)) or _is_text_cast(node):
                return inner
        if isinstance(node, exp.EQ) and isinstance(node.expression, exp.Any):
            values = node.expression.this
            while isinstance(values, (exp.Paren, exp.Cast)):
                values = values.this
            if isinstance(values, exp.Array):
                return exp.In(this=node.this, expressions=list(values.expressions))
        if isinstance(node, exp.NEQ) and (isinstance(node.expression, exp.All) or (
                isinstance(node.expression, exp.Anonymous) and node.expression.name.upper() == "ALL"
                and len(node.expression.expressions) == 1)):
            values = node.expression.this if isinstance(node.expression, exp.All) else node.expression.expressions[0]
            while isinstance(values, (exp.Paren, exp.Cast)):
                values = values.this
            if isinstance(values, exp.Array):  # x <> ALL (ARRAY[...]) is how x NOT IN (...) is stored
                return exp.Not(this=exp.In(this=node.this, expressions=list(values.expressions)))
        if isinstance(node, exp.ByteString):
            return exp.Literal.string(node.this)  # E'...' (its escapes read): a string
        if isinstance(node, exp.Between):
            return exp.and_(exp.GTE(this=node.this.copy(), expression=node.args["low"]),
                            exp.LTE(this=node.this.copy(), expression=node.args["high"]))
        if isinstance(node, exp.Identifier):
            return exp.Identifier(this=node.this.lower(), quoted=False)
        if isinstance(node, (exp.Column, exp.Table)) and default_ns:
            db = node.args.get("db") if isinstance(node, exp.Table) else node.args.get("table")
            if isinstance(node, exp.Table) and db is not None and db.name.lower() == default_ns:
                node.set("db", None)
        if isinstance(node, exp.Literal) and node.is_string:
            parent = node.parent
            while isinstance(parent, (exp.Cast, exp.Paren)):
                parent = parent.parent
            if isinstance(parent, exp.Anonymous) and parent.name.lower() in ("nextval", "currval", "setval"):
                name = node.this.replace('"', "").lower()  # a sequence's name, quoted or not
                if default_ns and name.startswith(default_ns + "."):
                    name = name[len(default_ns) + 1:]
                return exp.Literal.string(name)
        if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.USERDEFINED and default_ns:
            kind = node.args.get("kind")
            if isinstance(kind, str) and kind.lower().startswith(default_ns + "."):
                node.set("kind", kind[len(default_ns) + 1:])
        return node

    try:
        for _ in range(4):  # a replaced node's new children wait for the next pass; four reach every case seen
            tree = tree.transform(undo, copy=False)
        written = tree.sql(dialect=read)
    except Exception:  # noqa: BLE001
        return " ".join(text.split()).lower()
    if isinstance(tree, exp.Literal) and tree.is_string:
        return written
    return written.lower() if "'" not in written else _lower_outside_strings(written)


def _lower_outside_strings(text: str) -> str:
    out, quoted = [], False
    for char in text:
        if char == "'":
            quoted = not quoted
        out.append(char if quoted else char.lower())
    return "".join(out)


def default(column: Column, dialect: str | None) -> str | None:
    text = expression(column.default, dialect)
    if text is None:
        return None
    kind = column.type.kind
    if kind in _NUMBER_KINDS and len(text) > 2 and text[0] == text[-1] == "'":
        inner = text[1:-1]
        try:
            float(inner)
        except ValueError:
            return text
        return inner  # MySQL stores DEFAULT 0 as '0'
    if text == "null":
        return None  # DEFAULT NULL is no default
    if kind == "boolean":
        return {"'t'": "true", "'f'": "false", "1": "true", "0": "false", "'1'": "true", "'0'": "false"}.get(text, text)
    return text


def _serial(dtype: DataType) -> str | None:
    return SERIAL_TYPES.get(dtype.text.lower().strip()) if dtype.text else None


# -- verbatim statements ----------------------------------------------------------------------------


_MYSQL_VIEW_OPTIONS = {"ALGORITHM", "DEFINER", "SQL", "SQL SECURITY"}


def statement(sql: str, dialect: str | None) -> str:
    """A verbatim statement's tokens, one way: no comments, whitespace, quotes or
    case, no default schema, no ``OR REPLACE``, no MySQL view options."""
    return _statement(sql, dialect, home_schema(dialect))


@lru_cache(maxsize=8192)
def _statement(sql: str, dialect: str | None, default_ns: str | None) -> str:
    from sqlglot.tokens import TokenType

    from tablewright.designer.sql_split import sql_tokens

    tokens = sql_tokens(sql, dialect)
    if tokens is None:
        return " ".join(sql.split()).lower().rstrip(";")
    words: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        token = tokens[i]
        text = token.text
        upper = text.upper()
        if token.token_type == TokenType.SEMICOLON and i == n - 1:
            break
        if upper == "OR" and i + 1 < n and tokens[i + 1].text.upper() == "REPLACE" and words == ["create"]:
            i += 2
            continue
        if words and words[0] == "create" and len(words) < 8 and upper in _MYSQL_VIEW_OPTIONS:
            # ALGORITHM=UNDEFINED / DEFINER=`u`@`h` / SQL SECURITY DEFINER before VIEW
            if upper == "SQL SECURITY":  # one token: SQL SECURITY DEFINER|INVOKER
                i += 2
                continue
            if upper == "SQL" and i + 2 < n and tokens[i + 1].text.upper() == "SECURITY":
                i += 3
                continue
            if upper != "SQL" and i + 1 < n and tokens[i + 1].token_type == TokenType.EQ:
                i += 3
                if upper == "DEFINER":  # user@host
                    while i < n and (tokens[i].text.startswith("@") or tokens[i - 1].text.endswith("@")
                                     or tokens[i].token_type in (TokenType.PARAMETER, TokenType.SESSION_PARAMETER)):
                        i += 1
                continue
        if default_ns and text.lower() == default_ns and i + 1 < n and tokens[i + 1].token_type == TokenType.DOT:
            i += 2
            continue
        if token.token_type in (TokenType.STRING, TokenType.HEREDOC_STRING, TokenType.RAW_STRING):
            words.append("'" + " ".join(text.split()) + "'")
        elif upper == "PROCEDURE" and words[-1:] == ["execute"]:
            words.append("function")  # EXECUTE PROCEDURE is the old spelling of EXECUTE FUNCTION
        else:
            words.append(text.lower())
        i += 1
    return " ".join(words)


_ROUTINES = {"function": "routine", "procedure": "routine"}


@lru_cache(maxsize=2048)
def view_shape(sql: str, dialect: str | None) -> tuple | None:
    """What a MySQL/MariaDB view's query says that the engine's printing keeps
    (``SHOW CREATE VIEW`` rewrites the rest: names quoted and qualified, joins
    parenthesised, every output column aliased, an ORDER BY alias expanded,
    LENGTH as octet_length, _utf8 as _utf8mb3, COUNT(*) as count(0)): the
    columns it names (an unqualified output alias left out), its string
    literals, and the names of its output columns where the file gives them.
    None when the query cannot be read (or a NATURAL join or ``*`` leaves the
    columns to the engine)."""
    from sqlglot import exp, parse_one

    from tablewright.designer.migrations.raw import _query_text
    from tablewright.designer.sql_split import SQLGLOT_FAILURES

    read = sqlglot_dialect(dialect)
    body = _query_text(sql, dialect or "mysql")
    if not body:
        return None
    try:
        query = parse_one(body, read=read)
    except SQLGLOT_FAILURES:
        return None
    if not isinstance(query, exp.Query):
        return None
    if any(j.args.get("method") or "NATURAL" in (j.text("kind") + j.text("side")).upper()
           for j in query.find_all(exp.Join)) or any(
            isinstance(e, exp.Star) or isinstance(e, exp.Column) and isinstance(e.this, exp.Star)
            for select in query.find_all(exp.Select) for e in select.expressions):
        return None
    aliases = {e.alias.lower() for select in query.find_all(exp.Select) for e in select.expressions if e.alias}
    columns = frozenset(c.name.lower() for c in query.find_all(exp.Column)
                        if c.name and (c.table or c.name.lower() not in aliases))
    strings = tuple(sorted(literal.this for literal in query.find_all(exp.Literal) if literal.is_string))
    outputs = tuple(e.alias_or_name.lower() if e.alias or isinstance(e, exp.Column) else None
                    for e in query.selects)
    return columns, strings, outputs


def same_view_shape(a: tuple, b: tuple) -> bool:
    """Two ``view_shape``s alike (an output column one side leaves the engine to name is no difference)."""
    if a[0] != b[0] or a[1] != b[1] or len(a[2]) != len(b[2]):
        return False
    return all(x is None or y is None or x == y for x, y in zip(a[2], b[2]))


@lru_cache(maxsize=8192)
def _bodies(sql: str, dialect: str | None) -> tuple[str, ...]:
    from sqlglot.tokens import TokenType

    from tablewright.designer.sql_split import sql_tokens

    tokens = sql_tokens(sql, dialect) or []
    return tuple(" ".join(t.text.split()) for t in tokens
                 if t.token_type in (TokenType.HEREDOC_STRING, TokenType.RAW_STRING)
                 or (t.token_type == TokenType.STRING and len(t.text) > 40))


def routine_name(name: str | None, dialect: str | None) -> str:
    """A routine's name without its schema (the default one), quotes or arguments."""
    bare = (name or "").split("(", 1)[0].replace('"', "").replace("`", "").strip().lower()
    ns = home_schema(dialect)
    return bare[len(ns) + 1:] if ns and bare.startswith(ns + ".") else bare


def raw_signature(raw, dialect: str | None) -> tuple:
    """What makes two verbatim statements the same object written alike: a
    function or procedure is its name and body (the engine keeps the body as
    written, and rewrites the rest: ``pg_get_functiondef``, ``SHOW CREATE``);
    anything else its normalised tokens."""
    from tablewright.designer.mysql_session import unwrapped

    kind = _ROUTINES.get(raw.kind, raw.kind)
    dialect = raw.dialect or dialect
    if is_mysql(raw.dialect):  # nor the SQL mode and collation it was made under (mysql_session)
        raw = replace(raw, sql=unwrapped(raw.sql))
    if kind == "routine":
        bodies = _bodies(raw.sql, dialect)
        if bodies:
            return (kind, routine_name(raw.name, dialect), bodies)
        words = statement(raw.sql, dialect).split()
        if "begin" in words:  # MySQL: the body from BEGIN on (SHOW CREATE reorders what comes before)
            return (kind, routine_name(raw.name, dialect), tuple(words[words.index("begin"):]))
    text = statement(raw.sql, dialect)
    words = text.split()
    if raw.kind == "text search configuration":  # COPY = x in a file, PARSER + mappings from the engine
        return (kind, routine_name(raw.name, dialect))
    if words[:3] == ["alter", "default", "privileges"]:
        return ("default privileges", text)  # a file's kind for it and the live import's differ
    if words[:2] == ["create", "policy"]:  # TO PUBLIC, AS PERMISSIVE and FOR ALL are the defaults
        kept, i = [], 0
        while i < len(words):
            if words[i:i + 2] in (["to", "public"], ["as", "permissive"], ["for", "all"]):
                i += 2
                continue
            kept.append(words[i])
            i += 1
        return (kind, " ".join(kept))
    if words[:2] == ["comment", "on"] and len(words) > 3 and words[2] in ("function", "procedure", "routine",
                                                                         "aggregate") and "(" in words:
        # the engine names a routine by its argument types, a file often with the arguments' names too
        open_at = words.index("(")
        close_at = len(words) - 1 - words[::-1].index(")")
        args = [a for a in _split_commas(words[open_at + 1:close_at]) if a]
        return ("comment", words[2], routine_name("".join(words[3:open_at]), dialect), len(args),
                " ".join(words[close_at + 1:]))
    if words[:1] == ["cluster"] and "using" in words:  # CLUSTER t USING i = ALTER TABLE t CLUSTER ON i
        at = words.index("using")
        return ("cluster", " ".join(words[1:at]), " ".join(words[at + 1:]))
    if words[:2] == ["alter", "table"] and "cluster" in words and words[words.index("cluster") + 1:][:1] == ["on"]:
        at = words.index("cluster")
        return ("cluster", " ".join(w for w in words[2:at] if w != "only"), " ".join(words[at + 2:]))
    return (kind, text)


def on_default_schema(raw, dialect: str | None) -> bool:
    """A GRANT/REVOKE/COMMENT on the default schema itself (``public``), which
    the engine makes with the database and each version grants differently."""
    ns = home_schema(raw.dialect or dialect)
    if not ns or not (raw.kind in ("grant", "revoke", "comment") or raw.kind.startswith("alter")):
        return False
    words = statement(raw.sql, raw.dialect or dialect).split()
    return any(words[i] == "schema" and words[i + 1] in (ns, "public") and (i + 2 == len(words) or words[i + 2] != ".")
               for i in range(len(words) - 1))


def engine_state(raw, dialect: str | None) -> bool:
    """What a live import reads that a DDL file does not keep as a statement: a
    COMMENT ON EXTENSION (the extension's own, set by CREATE EXTENSION) and the
    index a table is clustered on (``ALTER TABLE … CLUSTER ON``: CLUSTER is a
    command the DDL importer ignores)."""
    if raw.kind == "alter database":  # MySQL: a database's default character set (CREATE DATABASE's options)
        return True
    text = statement(raw.sql, raw.dialect or dialect)
    if raw.kind == "comment":
        return text.startswith("comment on extension")
    words = text.split()
    if words[:5] == ["alter", "text", "search", "configuration"] + words[4:5] and "mapping" in words:
        return True  # a configuration's mappings: a file makes them with COPY = ..., the engine lists them
    return words[:2] == ["alter", "table"] and "cluster" in words and "on" in words


def _sequence_defaults(seq) -> None:
    """Settings left out written as the engine's defaults (PostgreSQL's CREATE SEQUENCE)."""
    seq.data_type = (seq.data_type or "bigint").lower()
    if seq.data_type in ("integer", "int", "int4", "smallint", "int2"):
        seq.data_type = "bigint"  # the type only sets the bounds (compared below); a serial's is integer
    seq.increment = seq.increment if seq.increment is not None else 1
    bits = {"smallint": 16, "integer": 32, "int": 32, "int4": 32, "int2": 16}.get(seq.data_type, 64)
    top = 2 ** (bits - 1) - 1
    low, high = (1, top) if seq.increment > 0 else (-top - 1, -1)
    seq.min_value = seq.min_value if seq.min_value is not None else low
    seq.max_value = seq.max_value if seq.max_value is not None else high
    seq.start = seq.start if seq.start is not None else (seq.min_value if seq.increment > 0 else seq.max_value)
    seq.cache = seq.cache if seq.cache is not None else 1
    seq.owned_by = None  # who owns it is the column's business (its default)


def _c(obj):
    """A shallow copy of a model object (faster than ``copy.copy`` for dataclasses)."""
    if obj is None:
        return None
    new = object.__new__(obj.__class__)
    new.__dict__.update(obj.__dict__)
    return new


def copy_for_edit(schema: Schema) -> Schema:
    """A copy to normalise or reconcile: every object that ``normalised``, the
    reconciler or the matcher (which re-assigns ids and id lists) changes is a
    copy of its own; the rest (lists of ids, frozen values) is shared.  Several
    times cheaper than a deep copy of a large schema."""
    out = _c(schema)
    out.namespaces = [_c(n) for n in schema.namespaces]
    out.enums = [_c(e) for e in schema.enums]
    out.sequences = [_c(q) for q in schema.sequences]
    out.raw = [_c(r) for r in schema.raw]
    tables = []
    for table in schema.tables:
        t = _c(table)
        t.columns = [_c(c) for c in table.columns]
        t.primary_key = _c(table.primary_key)
        t.foreign_keys = [_c(x) for x in table.foreign_keys]
        t.uniques = [_c(x) for x in table.uniques]
        t.checks = [_c(x) for x in table.checks]
        t.indexes = []
        for index in table.indexes:
            i = _c(index)
            i.elements = [_c(e) for e in index.elements]
            t.indexes.append(i)
        t.options = _c(table.options)
        tables.append(t)
    out.tables = tables
    return out


# -- the whole schema --------------------------------------------------------------------------------


def normalised(schema: Schema, *, dialect: str | None = None) -> Schema:
    """A copy of ``schema`` written one way (see the module's notes)."""
    dialect = dialect or schema.dialect
    out = copy_for_edit(schema)
    out.dialect = dialect
    default_ns = home_schema(dialect)

    def ns(name: str | None) -> str | None:
        return name if name else default_ns

    mysql = is_mysql(dialect)
    if dialect == "postgres":  # PostgreSQL keeps the first 63 bytes of a name
        for table in out.tables:
            for item in [*table.foreign_keys, *table.uniques, *table.checks, *table.indexes,
                         *([table.primary_key] if table.primary_key else [])]:
                if item.name and len(item.name.encode()) > 63:
                    item.name = item.name.encode()[:63].decode(errors="ignore")
    if mysql and len({t.namespace for t in out.tables}) == 1:
        for table in out.tables:  # one database (USE db): the one the URL names on the other side
            table.namespace = None
        out.namespaces = []
    for table in out.tables:
        table.namespace = ns(table.namespace)
        for column in table.columns:
            if dialect == "postgres" and not column.default and _serial(column.type):
                # serial: an integer with its own sequence, as the engine stores it
                column.type = replace(column.type, text=_serial(column.type))
                column.default = f"nextval('{table.name}_{column.name}_seq'::regclass)"[:200]
            column.type = normal_type(column.type, dialect)
            column.default = default(column, dialect)
            if column.generated is not None:
                column.generated = replace(column.generated, expression=expression(column.generated.expression, dialect))
            if column.on_update:
                column.on_update = expression(column.on_update, dialect)
            if column.collation:  # "musicbrainz" or musicbrainz.musicbrainz (the engine qualifies it)
                column.collation = _strip_ns(_strip_ns(column.collation.replace('"', "").lower(), default_ns),
                                             "public")
            column.charset = column.charset.lower() if column.charset else None
            if column.comment == "":
                column.comment = None
        for check in table.checks:
            check.expression = expression(check.expression, dialect)
            check.column = None  # written with its column or with the table: one constraint
        pk = set(table.primary_key.columns) if table.primary_key else set()
        for column in table.columns:
            if column.id in pk:
                column.nullable = False  # a key column is NOT NULL (SQLite reports it either way)
        if dialect == "postgres":
            # the index a table is CLUSTERed on: a command's mark (a file's CLUSTER … USING), which the
            # live import reads as a statement, not compared (a SQL Server clustered index is compared)
            for item in [*table.indexes, *([table.primary_key] if table.primary_key else [])]:
                item.clustered = None
        for index in table.indexes:
            index.predicate = expression(index.predicate, dialect)
            index.method = (index.method or "").lower() or None
            if index.method == "btree":
                index.method = None  # the default method (PostgreSQL; InnoDB)
            for element in index.elements:
                element.expression = expression(element.expression, dialect)
                if element.collation:
                    element.collation = _strip_ns(_strip_ns(element.collation.replace('"', "").lower(), default_ns),
                                                  "public")
                if element.opclass:
                    element.opclass = _strip_ns(element.opclass.replace('"', ""), default_ns).lower()
        for fk in table.foreign_keys:
            for attr in ("on_delete", "on_update"):
                value = (getattr(fk, attr) or "").upper()
                # NO ACTION is the default; MySQL's RESTRICT is the same thing
                setattr(fk, attr, None if value in ("", "NO ACTION") or (mysql and value == "RESTRICT") else value)
            fk.match = None if (fk.match or "").upper() in ("", "SIMPLE") else fk.match.upper()
        if table.comment == "":
            table.comment = None
        if mysql:  # the index MySQL makes for a foreign key that has none, named after the key
            keys = {(fk.name, tuple(fk.columns)) for fk in table.foreign_keys if fk.name}
            table.indexes = [i for i in table.indexes if i.unique or i.predicate or
                             (i.name, tuple(e.column for e in i.elements)) not in keys]
    # the default schema is always there (and public too, when the names are in another one); a schema
    # that holds no table, type or sequence is not compared (a CREATE DATABASE read as one, an empty one)
    used = {x.namespace for x in [*out.tables, *out.enums, *out.sequences]}
    out.namespaces = [n for n in out.namespaces
                      if n.name not in (default_ns, DEFAULT_NAMESPACE.get(dialect or "")) and n.name in used]
    for enum in out.enums:
        enum.namespace = ns(enum.namespace)
    for seq in out.sequences:
        seq.namespace = ns(seq.namespace)
        _sequence_defaults(seq)
    for raw in out.raw:
        raw.sql = statement(raw.sql, raw.dialect or dialect)
    return out


__all__ = ["DEFAULT_NAMESPACE", "default", "expression", "normal_type", "normalised", "spelt", "statement",
           "type_text"]


# -- grants as privileges -----------------------------------------------------------------------------

#: what ALL [PRIVILEGES] means per object type (PostgreSQL)
_ALL = {
    "table": {"select", "insert", "update", "delete", "truncate", "references", "trigger"},
    "sequence": {"usage", "select", "update"},
    "function": {"execute"}, "procedure": {"execute"}, "routine": {"execute"},
    "schema": {"usage", "create"}, "database": {"create", "connect", "temporary"},
    "type": {"usage"}, "domain": {"usage"}, "language": {"usage"}, "foreign": {"usage"},
}
_OBJECT_TYPES = set(_ALL) | {"large", "tablespace", "server"}


def _split_commas(words: list[str]) -> list[list[str]]:
    out, current, depth = [], [], 0
    for w in words:
        depth += w == "("
        depth -= w == ")"
        if w == "," and depth == 0:
            out.append(current)
            current = []
        else:
            current.append(w)
    if current:
        out.append(current)
    return out


def grant_effect(raw, dialect: str | None):
    """A GRANT or REVOKE read as (object type, object, grantees, privileges,
    granted?); None when it is not one this reads (ON ALL TABLES IN SCHEMA …)."""
    words = statement(raw.sql, raw.dialect or dialect).split()
    scope = None
    if words[:3] == ["alter", "default", "privileges"]:
        # ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT|REVOKE … ON FUNCTIONS|TABLES|…
        at = next((i for i, w in enumerate(words) if w in ("grant", "revoke")), None)
        if at is None:
            return None
        scope, words = " ".join(words[3:at]), words[at:]
    if not words or words[0] not in ("grant", "revoke") or "on" not in words:
        return None
    grant = words[0] == "grant"
    at = words.index("on")
    privs = words[1:at]
    if privs[:3] == ["grant", "option", "for"]:
        return None  # only the grant option goes: the privileges stay
    rest = words[at + 1:]
    target = "to" if grant else "from"
    if target not in rest or rest[:1] == ["all"]:
        return None
    if scope is not None:  # default privileges: for the kind of object named, in the scope given
        kind = {"functions": "function", "routines": "function", "sequences": "sequence", "tables": "table",
                "types": "type", "schemas": "schema"}.get(rest[0], rest[0])
        obj = ["default", scope]
    else:
        kind = rest[0] if rest[0] in _OBJECT_TYPES else "table"
        obj = rest[1:rest.index(target)] if rest[0] in _OBJECT_TYPES else rest[:rest.index(target)]
    grantees = [" ".join(g) for g in _split_commas([w for w in rest[rest.index(target) + 1:]
                                                      if w not in ("with", "grant", "option", "cascade", "restrict")])]
    wanted: set[str] = set()
    for p in _split_commas(privs):
        if p[:1] == ["all"]:
            wanted |= _ALL.get(kind, {"all"})
        else:
            wanted.add("".join(p))
    return kind, " ".join(obj), grantees, wanted, grant


def acls(raws, dialect: str | None) -> dict[tuple[str, str], tuple[dict[str, frozenset], list]]:
    """Per object: grantee → privileges after the grants and revokes in order
    (PUBLIC's EXECUTE on routines, the default, to start with), and the statements."""
    out: dict[tuple[str, str], tuple[dict[str, set], list]] = {}
    for raw in raws:
        if raw.kind not in ("grant", "revoke") and not raw.kind.startswith("alter default"):
            continue
        effect = grant_effect(raw, dialect)
        if effect is None:
            continue
        kind, obj, grantees, privs, grant = effect
        # PUBLIC may EXECUTE a routine unless revoked; a schema's default privileges only add to the
        # global ones (a REVOKE there takes back only what was granted there)
        public_default = kind in ("function", "procedure", "routine") and " in schema " not in f" {obj} "
        state, statements = out.setdefault((kind, obj), ({"public": {"execute"}} if public_default else {}, []))
        statements.append(raw)
        for grantee in grantees:
            held = state.setdefault(grantee, set())
            if grant:
                held |= privs
            else:
                held -= privs
    return {key: ({g: frozenset(p) for g, p in state.items()}, statements) for key, (state, statements) in out.items()}


def same_acl(kind: str, a: dict[str, frozenset], b: dict[str, frozenset]) -> bool:
    """Two objects' privileges alike, the owner's aside: a grantee with every
    privilege on one side and none on the other is the owner the engine lists
    (a file leaves the owner's privileges implicit) -- never PUBLIC."""
    full = frozenset(_ALL.get(kind, ()))
    for grantee in set(a) | set(b):
        x, y = a.get(grantee, frozenset()), b.get(grantee, frozenset())
        if x != y and not ({x, y} == {full, frozenset()} and full and grantee != "public"):
            return False
    return True
