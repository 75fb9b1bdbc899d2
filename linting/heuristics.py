"""Name and type heuristics shared by the rules: pure functions, no model state.

Tuned on the real schemas in ../shared/corpus (see docs/rule-hits.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from tablewright.designer.model import Column, DataType, Schema, Table, names_in_namespace, object_name

# -- names -----------------------------------------------------------------------
_TOKEN = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def index_name(table: Table, columns, suffix: str = "idx", schema: Schema | None = None) -> str:
    """The name a fix gives a new index or key: ``<table>_<columns>_<suffix>``, with a
    number after the suffix where ``schema`` has the name already (as PostgreSQL does)."""
    taken = names_in_namespace(schema, table.namespace) if schema is not None else ()
    return object_name(table.name.lower(), "_".join(c.lower() for c in columns) or None, suffix, taken)


# the schema's spellings (``Schema.spellings``) while it is linted
_SPELLINGS: ContextVar[dict[str, str]] = ContextVar("spellings", default={})


@contextmanager
def spelled(schema: Schema) -> Iterator[None]:
    """Read the words of a name PostgreSQL folded as it was written (``transactionid`` as
    ``TransactionId``: ``('transaction', 'id')``) while ``schema`` is linted."""
    token = _SPELLINGS.set(schema.spellings)
    try:
        yield
    finally:
        _SPELLINGS.reset(token)


def spelling(name: str) -> str:
    """A name as written: the spelling of a name PostgreSQL folded (see :func:`spelled`), else the name."""
    return _SPELLINGS.get().get(name, name)


def tokens(name: str) -> tuple[str, ...]:
    """``userId`` / ``user_id`` / ``UserID`` -> ``('user', 'id')``; a folded name by its
    spelling (see :func:`spelled`)."""
    return split_words(spelling(name))


@lru_cache(maxsize=65536)
def split_words(written: str) -> tuple[str, ...]:
    """The words of a name as written (:func:`tokens` without the spellings: a cacheable key)."""
    return tuple(t.lower() for t in _TOKEN.findall(written))


_IRREGULAR = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "data": "data",
    "media": "media",
    "criteria": "criterion",
    "indices": "index",
    "matrices": "matrix",
    "analyses": "analysis",
}
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "news", "series", "species", "sms", "ics", "ous")
_NOT_PLURAL = frozenset({"alias", "canvas", "atlas", "bias", "gas", "lens", "chaos", "cosmos", "its", "yes", "has",
                         "was", "does", "always", "perhaps", "whereas", "dns", "cms", "aws", "gps", "pos", "os"})


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or w.endswith(_NOT_PLURAL_ENDINGS) or w in _NOT_PLURAL:
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("ses") and not w.endswith(("uses", "ases")):
        return w[:-1]
    if w.endswith("s"):
        return w[:-1]
    return w


def is_plural(word: str) -> bool:
    return singular(word) != word.lower()


def name_style(name: str) -> str | None:
    """``snake``, ``camel``, ``pascal``, ``upper`` or None for one lower-case word; a folded
    name's by its spelling (see :func:`spelled`): the convention is the author's."""
    return style_of(spelling(name))


@lru_cache(maxsize=65536)
def style_of(name: str) -> str | None:
    """:func:`name_style` of a name as written."""
    if "_" not in name and name.islower():
        return None
    if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", name):
        return "snake"
    if re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*", name):
        return "upper"
    if re.fullmatch(r"[a-z][a-z0-9]*([A-Z][a-z0-9]*)+", name):
        return "camel"
    if re.fullmatch(r"([A-Z][a-z0-9]*)+", name):
        return "pascal"
    return "mixed"


def has_token(name: str, words) -> bool:
    return not set(tokens(name)).isdisjoint(words)


def last_token(name: str) -> str:
    t = tokens(name)
    return t[-1] if t else ""


# word lists ------------------------------------------------------------------
MONEY_WORDS = frozenset(
    "price prices amount amounts total subtotal cost costs balance fee fees salary salaries "
    "credit credits debit wage wages payment payments revenue tax taxes discount refund "
    "charge charges paid earnings income budget payout invoice_total".split()
)
#: tokens that, next to a money word, show a column is not money (a tax rate, a count)
NOT_MONEY_WORDS = frozenset(
    "rate ratio percent percentage pct count number num qty quantity id ids type kind "
    "status flag days hours minutes seconds score weight limit points".split()
)
#: a password word glued to what it is for, as one token (LibreNMS's SNMPv3 devices.authpass and
#: cryptopass): read as a password
GLUED_PASSWORDS = frozenset("authpass cryptopass privpass rootpass adminpass userpass dbpass mailpass smtppass "
                            "ftppass sshpass ldappass bindpass".split())
SECRET_WORDS = frozenset(
    "password passwd pwd secret token apikey otp passphrase pin".split()
) | GLUED_PASSWORDS
SECRET_SAFE_WORDS = frozenset(
    "hash hashed digest encrypted enc crypted salt hmac bcrypt scrypt argon sha sha1 sha256 "
    "md5 expires expiry expired expiration at ts time date id type count length len "
    "hint policy version changed reset_at valid used last kind name algorithm algo "
    "required attempts status flag method set needs must phid image resource url uri label icon scope "
    "prefix suffix hint lifetime "
    # about the secret, not the secret: a flag asking for a change (password_change = 'on'), the earlier
    # ones kept as hashes to refuse their reuse (password_history)
    "change history".split()
)
CARD_NAMES = frozenset({"card_number", "cardnumber", "cc_number", "ccnumber", "pan",
                        "credit_card_number", "card_no", "cc_num", "card_num"})
NATURAL_KEY_NAMES = frozenset(
    "email username user_name login slug sku external_id idempotency_key ean isbn "
    "upc api_key handle".split()
)
COUNTER_WORDS = frozenset("balance credits stock inventory counter".split())
#: table-name endings that always mean an append-only log
LOG_WORDS = frozenset(
    "log logs history histories audit audits telemetry journal trail metric metrics changelog changes".split()
)
#: endings that mean a log unless the rows are edited or the table only links two others
WEAK_LOG_WORDS = frozenset("event events message messages activity activities notification notifications".split())
#: table-name endings that always mean money
FINANCIAL_WORDS = frozenset(
    "payment payments invoice invoices ledger ledgers refund refunds charge charges billing payout payouts "
    "purchase purchases".split()
)
#: endings that mean money only when the table has a money-like column
WEAK_FINANCIAL_WORDS = frozenset("transaction transactions order orders subscription subscriptions".split())
UPDATED_TOKENS = frozenset({"updated", "modified", "edited", "changed"})
AUDIT_WORDS = frozenset("audit audits log logs history journal changelog trail".split())
TENANT_KEYS = ("tenant_id", "organization_id", "org_id", "account_id", "workspace_id")
PII_NAMES = {
    "email": "email address", "email_address": "email address", "phone": "phone number",
    "phone_number": "phone number", "mobile": "phone number", "birth_date": "birth date",
    "birthdate": "birth date", "date_of_birth": "birth date", "dob": "birth date",
    "birthday": "birth date", "address": "postal address", "address1": "postal address",
    "address2": "postal address", "street": "postal address", "address_line_1": "postal address",
    "ssn": "national id", "national_id": "national id", "passport_number": "national id",
    "tax_id": "national id", "ip_address": "IP address", "ip": "IP address",
    "user_agent": "user agent", "first_name": "name", "last_name": "name", "full_name": "name",
}

# -- types ------------------------------------------------------------------------
INT32 = frozenset({"integer", "int", "int4", "mediumint", "serial", "serial4"})
INT64 = frozenset({"bigint", "int8", "bigserial", "serial8"})
SMALLINT = frozenset({"smallint", "int2", "tinyint", "smallserial", "serial2"})
INTEGERS = INT32 | INT64 | SMALLINT
FLOATS = frozenset({"float", "real", "double", "double precision", "float4", "float8", "decimal_float"})
DECIMALS = frozenset({"numeric", "decimal", "number", "money", "smallmoney"})
STRINGS = frozenset(
    {"varchar", "char", "text", "nvarchar", "nchar", "ntext", "character varying", "character",
     "string", "tinytext", "mediumtext", "longtext", "citext", "clob", "bpchar", "varchar2",
     "nvarchar2", "name"}
)
FIXED_CHARS = frozenset({"char", "nchar", "character", "bpchar"})
BINARIES = frozenset({"bytea", "blob", "longblob", "mediumblob", "tinyblob", "varbinary", "binary", "image"})
LARGE_BINARIES = frozenset({"bytea", "blob", "longblob", "mediumblob", "image"})
JSONS = frozenset({"json", "jsonb"})
BOOLEANS = frozenset({"boolean", "bool", "bit"})
DATETIMES = frozenset(
    {"timestamp", "timestamptz", "datetime", "datetime2", "datetimeoffset", "date", "time",
     "timetz", "smalldatetime", "timestamp with time zone", "timestamp without time zone"}
)


def kind(dt: DataType) -> str:
    k = dt.kind
    if k and k != "other":
        return k
    k = (k or "").lower()
    if k == "other" or not k:
        text = (dt.text or "").lower().split("(")[0].strip()
        return text or k
    return k


def is_yes_no(dt: DataType) -> bool:
    """A yes/no value: a boolean, or MySQL's spellings of one (``tinyint(1)``, ``bit(1)``)."""
    k = kind(dt)
    if k in BOOLEANS:
        return True
    text = (dt.text or "").lower().replace(" ", "")
    return k in SMALLINT and text.startswith(("tinyint(1)", "bit"))


def is_string(dt: DataType) -> bool:
    return kind(dt) in STRINGS and dt.array_dims == 0


def is_integer(dt: DataType) -> bool:
    return kind(dt) in INTEGERS and dt.array_dims == 0


def is_float(dt: DataType) -> bool:
    k = kind(dt)
    if dt.array_dims:
        return False
    if k in FLOATS:
        return True
    return k in ("float",) or (dt.text or "").lower().startswith(("float", "double", "real"))


def is_int32(dt: DataType, dialect: str | None = None) -> bool:
    k = kind(dt)
    if dialect == "sqlite":
        return False  # SQLite integers are 64-bit
    return k in INT32 and dt.array_dims == 0


def is_large_binary(dt: DataType) -> bool:
    k = kind(dt)
    if k in LARGE_BINARIES:
        return True
    return k == "varbinary" and (dt.text or "").lower().replace(" ", "").endswith("(max)")


def type_family(dt: DataType) -> str:
    """A coarse family used to compare key types across tables."""
    k = kind(dt)
    if k in INT64:
        return "bigint"
    if k in INT32:
        return "integer"
    if k in SMALLINT:
        return "smallint"
    if k in STRINGS:
        return "string"
    if k in ("uuid", "uniqueidentifier"):
        return "uuid"
    if k in DECIMALS:
        return "numeric"
    return k


# -- table classes -----------------------------------------------------------
def table_words(table: Table) -> set[str]:
    return {singular(t) for t in tokens(table.name)}


_LOG_SINGULAR = frozenset(singular(w) for w in LOG_WORDS)
_WEAK_LOG_SINGULAR = frozenset(singular(w) for w in WEAK_LOG_WORDS)
_FIN_SINGULAR = frozenset(singular(w) for w in FINANCIAL_WORDS)
_WEAK_FIN_SINGULAR = frozenset(singular(w) for w in WEAK_FINANCIAL_WORDS)
_MONEY = frozenset(w for w in MONEY_WORDS if w not in ("credit", "credits", "debit", "charge", "charges"))


def is_link_table(table: Table) -> bool:
    """Two or more foreign keys and at most one other column: it links rows, it holds no facts."""
    if len(table.foreign_keys) < 2:
        return False
    fk_cols = {c for fk in table.foreign_keys for c in fk.columns}
    pk = table.primary_key.columns if table.primary_key and len(table.primary_key.columns) == 1 else ()
    return sum(1 for c in table.columns if c.id not in fk_cols and c.id not in pk) <= 1


def has_money_column(table: Table) -> bool:
    for c in table.columns:
        t = tokens(c.name)
        if _MONEY.intersection(t) and not NOT_MONEY_WORDS.intersection(t):
            return True
    return False


# what a table is for (log, audit, financial, ...) is a table role: linting/facts.py reads the
# word lists above with the table's structure, once per schema, and the rules ask it


def column_has_check(table: Table, column: Column) -> bool:
    name = column.name.lower()
    for check in table.checks:
        if check.column == column.id or mentions_column(check.expression, name):
            return True
    return False


# -- SQL expressions (CHECK bodies, index expressions), read with sqlglot ----------------
_READ_ORDER = (None, "postgres", "mysql", "tsql")  # the expression's dialect is not known here


#: expression -> the columns it refers to, read earlier (a warm lint run takes
#: them from the parse cache: see :func:`expression_columns` and :func:`known_columns`)
_KNOWN: dict[str, frozenset[str]] = {}


def referenced_columns(expression: str) -> frozenset[str]:
    """Lower-cased names of the columns an SQL expression refers to — not the
    words inside its string literals or function names (see :func:`_parse_columns`)."""
    got = _KNOWN.get(expression)
    return got if got is not None else _parse_columns(expression)


def expression_columns(schema) -> dict[str, frozenset[str]]:
    """:func:`referenced_columns` of every CHECK and index expression in ``schema``."""
    texts = {ck.expression for t in schema.tables for ck in t.checks if ck.expression}
    texts |= {e.expression for t in schema.tables for ix in t.indexes for e in ix.elements if e.expression}
    return {text: referenced_columns(text) for text in texts}


def known_columns(known: dict[str, frozenset[str]]) -> None:
    """Take expressions' columns read earlier (with the parse cache) as known."""
    _KNOWN.update(known)


@lru_cache(maxsize=8192)
def _parse_columns(expression: str) -> frozenset[str]:
    """Parsed with sqlglot (generic dialect first, then the others: backticks,
    brackets); an expression none of them parses falls back to its identifier tokens."""
    import sqlglot
    from sqlglot import exp

    from tablewright.designer.sql_split import SQLGLOT_FAILURES

    for read in _READ_ORDER:
        try:
            tree = sqlglot.parse_one(expression, read=read)
        except SQLGLOT_FAILURES:
            continue
        if tree is not None:
            return frozenset(c.name.lower() for c in tree.find_all(exp.Column))
    from sqlglot.tokens import Tokenizer, TokenType

    try:
        toks = Tokenizer().tokenize(expression)
    except sqlglot.errors.SqlglotError:
        return frozenset()
    return frozenset(t.text.lower() for t in toks if t.token_type in (TokenType.VAR, TokenType.IDENTIFIER))


def string_literal(expression: str, dialect: str | None = None) -> str | None:
    """The text of an expression that is one string literal, however written
    (:func:`tablewright.designer.sql_split.literal_of`); None for anything else."""
    from tablewright.designer.sql_split import literal_of

    literal = literal_of(expression, dialect)
    return literal[0] if literal is not None and literal[1] == "string" else None


@lru_cache(maxsize=8192)
def called_functions(expression: str, dialect: str | None = None) -> frozenset[str]:
    """Lower-cased names of the functions an SQL expression calls (a name
    followed by ``(``, from sqlglot's tokens: not inside strings or comments)."""
    from tablewright.designer.sql_split import sql_tokens
    from sqlglot.tokens import TokenType

    tokens = sql_tokens(expression, dialect) or []
    return frozenset(t.text.lower() for t, nxt in zip(tokens, tokens[1:])
                     if nxt.token_type == TokenType.L_PAREN and t.token_type != TokenType.IDENTIFIER)


def mentions_column(expression: str | None, name: str) -> bool:
    """Whether the SQL ``expression`` refers to the column ``name`` (lower case)."""
    # an expression that does not even contain the name cannot refer to it:
    # no parse (and no sqlglot import on a lint of a cached model) for those
    return bool(expression) and name in expression.lower() and name in referenced_columns(expression)


def unique_column_sets(table: Table) -> list[frozenset[str]]:
    """Column-id sets guaranteed unique: primary key, unique constraints and
    non-partial unique indexes."""
    out = []
    if table.primary_key:
        out.append(frozenset(table.primary_key.columns))
    for u in table.uniques:
        out.append(frozenset(u.columns))
    for ix in table.indexes:
        if ix.unique and not ix.predicate and all(e.column for e in ix.elements):
            out.append(frozenset(e.column for e in ix.elements))
    return out


def is_unique_column(table: Table, column_id: str) -> bool:
    return any(s == {column_id} for s in unique_column_sets(table))


def index_column_lists(table: Table, *, include_partial: bool = False) -> list[tuple[str | None, ...]]:
    """The leading-column sequence of every index-backed structure (PK, unique
    constraints, indexes); expression elements are ``None``."""
    out: list[tuple[str | None, ...]] = []
    if table.primary_key:
        out.append(tuple(table.primary_key.columns))
    for u in table.uniques:
        out.append(tuple(u.columns))
    for ix in table.indexes:
        if ix.predicate and not include_partial:
            continue
        out.append(tuple(e.column for e in ix.elements))
    return out


#: bookkeeping tables of migration tools and job runners: shaped by the tool, not the designer
FRAMEWORK_TABLES = frozenset({"schema_migrations", "ar_internal_metadata", "alembic_version", "flyway_schema_history",
                              "django_migrations", "knex_migrations", "knex_migrations_lock", "schema_version",
                              "schema_versions", "delayed_jobs", "databasechangelog", "databasechangeloglock",
                              "doctrine_migration_versions", "migrations"})


#: an application's own ledger of applied schema patches (DAViCal's ``awl_db_revision``, ``db_version``,
#: ``schema_patches``): the migration tool's bookkeeping, written by hand
_SCHEMA_WORDS = frozenset({"db", "schema", "database"})
_VERSION_WORDS = frozenset({"revision", "revisions", "version", "versions", "patch", "patches", "migration",
                            "migrations"})


def is_framework_table(table: Table) -> bool:
    if table.name.lower() in FRAMEWORK_TABLES:
        return True
    words = set(tokens(table.name))
    return bool(words & _SCHEMA_WORDS and words & _VERSION_WORDS) and not table.foreign_keys


def refers_to_rows(table: Table) -> bool:
    """The table's rows are about other rows: a foreign key, an ``*_id`` column besides its own key,
    or a date or time.  A bare ``versions`` table that does (PaperTrail: ``item_type``, ``item_id``,
    ``object``, ``created_at``) keeps versions of rows and grows; one that does not (Hibiscus's
    ``version``: ``id, name, version``, a row per installed schema) is a registry of version numbers."""
    if table.foreign_keys:
        return True
    own = set(table.primary_key.columns) if table.primary_key is not None else set()
    for c in table.columns:
        if kind(c.type) in DATETIMES:
            return True
        toks = tokens(c.name)
        if c.id not in own and len(toks) > 1 and toks[-1] == "id":
            return True
    return False


def is_version_registry(table: Table) -> bool:
    """A table named by version words alone (``version``, ``versions``, ``db_revision``) whose rows
    refer to no other row and date nothing: numbers of installed versions, a handful of rows."""
    words = tokens(table.name)
    return bool(words) and set(words) <= (_VERSION_WORDS | _SCHEMA_WORDS) and bool(set(words) & _VERSION_WORDS) \
        and not refers_to_rows(table)


#: table-name words of logs and append-heavy tables (the ``triggers`` of the growth rules)
GROWING_WORDS = frozenset({"transaction", "transactions", "payment", "payments", "order", "click", "clicks", "view",
                           "views", "visit", "visits", "request", "requests", "delivery", "deliveries", "item"})
GROWTH_TRIGGERS = LOG_WORDS | WEAK_LOG_WORDS | GROWING_WORDS | _LOG_SINGULAR | _WEAK_LOG_SINGULAR
FINANCIAL_TRIGGERS = FINANCIAL_WORDS | WEAK_FINANCIAL_WORDS | _FIN_SINGULAR | _WEAK_FIN_SINGULAR
