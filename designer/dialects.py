"""The dialects Tablewright reads and writes, in one place.

For each dialect: the spellings a user may give (command line, config file, DBML
``database_type``), its sqlglot and SQLAlchemy dialects, its family (MySQL and
MariaDB are one family: a dump moves between them), its default namespace, the
words it reserves, its serial type names, and the one way identifiers are quoted
in any SQL Tablewright writes (:func:`quote`, :func:`quote_qualified`).

Quoting is SQLAlchemy's rule (``IdentifierPreparer._requires_quotes``: a reserved
word, upper case, a character outside ``[A-Za-z0-9_$]``, a leading digit or ``$``),
widened to the reserved words listed here (for MySQL and MariaDB, MariaDB's too: a MySQL
dump is loaded into MariaDB as often as not) and to the keywords sqlglot cannot read
back as a bare name.  It is decided here, once, without importing SQLAlchemy (a
lint run that quotes a column name in a message should not pay ~200 ms for it),
and the SQLAlchemy dialects that write exports and migrations are given this same
rule (:func:`sa_dialect`), so the two cannot disagree.  The words SQLAlchemy's
dialects reserve beyond ours are kept below as data; a test compares them, and
every quoting, with SQLAlchemy's own.

No Qt, no database; SQLAlchemy and sqlglot are imported when first needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PG_RESERVED = frozenset("""
all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation
column concurrently constraint create cross current_catalog current_date current_role current_schema current_time
current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze
from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit
localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references
returning right select session_user similar some symmetric table tablesample then to trailing true union unique user
using variadic verbose when where window with
""".split())

_MYSQL_RESERVED = frozenset("""
accessible add all alter analyze and as asc asensitive before between bigint binary blob both by call cascade case
change char character check collate column condition constraint continue convert create cross cube cume_dist
current_date current_time current_timestamp current_user cursor database databases day_hour day_microsecond
day_minute day_second dec decimal declare default delayed delete dense_rank desc describe deterministic distinct
distinctrow div double drop dual each else elseif empty enclosed escaped except exists exit explain false fetch
first_value float float4 float8 for force foreign from fulltext function generated get grant group grouping groups
having high_priority hour_microsecond hour_minute hour_second if ignore in index infile inner inout insensitive insert
int int1 int2 int3 int4 int8 integer intersect interval into io_after_gtids io_before_gtids is iterate join json_table
key keys kill lag last_value lateral lead leading leave left like limit linear lines load localtime localtimestamp
lock long longblob longtext loop low_priority master_bind master_ssl_verify_server_cert match maxvalue mediumblob
mediumint mediumtext middleint minute_microsecond minute_second mod modifies natural not no_write_to_binlog
nth_value ntile null numeric of on optimize optimizer_costs option optionally or order out outer outfile over
partition percent_rank precision primary procedure purge range rank read read_write reads real recursive references
regexp release rename repeat replace require resignal restrict return revoke right rlike row row_number rows schema
schemas second_microsecond select sensitive separator set show signal smallint spatial specific sql sql_big_result
sql_calc_found_rows sql_small_result sqlexception sqlstate sqlwarning ssl starting stored straight_join system table
terminated then tinyblob tinyint tinytext to trailing trigger true undo union unique unlock unsigned update usage use
using utc_date utc_time utc_timestamp values varbinary varchar varcharacter varying virtual when where while window
with write xor year_month zerofill
""".split())

_MSSQL_RESERVED = frozenset("""
add all alter and any as asc authorization backup begin between break browse bulk by cascade case check checkpoint
close clustered coalesce collate column commit compute constraint contains containstable continue convert create
cross current current_date current_time current_timestamp current_user cursor database dbcc deallocate declare
default delete deny desc disk distinct distributed double drop dump else end errlvl escape except exec execute exists
exit external fetch file fillfactor for foreign freetext freetexttable from full function goto grant group having
holdlock identity identity_insert identitycol if in index inner insert intersect into is join key kill left like
lineno load merge national nocheck nonclustered not null nullif of off offsets on open opendatasource openquery
openrowset openxml option or order outer over percent pivot plan precision primary print proc procedure public
raiserror read readtext reconfigure references replication restore restrict return revert revoke right rollback
rowcount rowguidcol rule save schema securityaudit select semantickeyphrasetable semanticsimilaritydetailstable
semanticsimilaritytable session_user set setuser shutdown some statistics system_user table tablesample textsize
then to top tran transaction trigger truncate try_convert tsequal union unique unpivot update updatetext use user
values varying view waitfor when where while with within writetext
""".split())

_SQLITE_RESERVED = frozenset("""
add all alter and as autoincrement between case check collate commit constraint create default deferrable delete
distinct drop else escape except exists foreign from group having if in index insert intersect into is isnull join
limit not notnull null on or order primary references select set table then to transaction union unique update
using values when where
""".split())

# reserved by MySQL 8 but not by MariaDB (which takes ``CREATE TABLE groups (rank int)``)
_MYSQL8_ONLY = frozenset("""
cube cume_dist dense_rank empty first_value function generated get grouping groups io_after_gtids io_before_gtids
json_table lag last_value lateral lead master_bind nth_value ntile of optimizer_costs percent_rank rank row stored
virtual
""".split())
_MARIADB_RESERVED = _MYSQL_RESERVED - _MYSQL8_ONLY

# MariaDB 10.11's reserved words as the engine reports them: every word of information_schema.KEYWORDS
# it refuses bare as a column, table and index name (tests/designer/test_reserved_words_engines.py asks
# the engine again).  Among them words neither list above has (``offset``, ``current_role``, ``portion``,
# ``page_checksum``, …): a MySQL export that left ``offset`` bare did not load into MariaDB.
_MARIADB_10_11_RESERVED = frozenset("""
accessible add all alter analyze and as asc asensitive before between bigint binary blob both by call cascade case
change char character check collate column condition constraint continue convert create cross current_date
current_role current_time current_timestamp current_user cursor databases day_hour day_microsecond day_minute
day_second dec decimal declare default delayed delete delete_domain_id desc describe deterministic distinct
distinctrow div do_domain_ids double drop dual each else elseif enclosed escaped except exists exit explain false
fetch float float4 float8 for force foreign from fulltext grant group having high_priority hour_microsecond
hour_minute hour_second if ignore ignore_domain_ids in index infile inner inout insensitive insert int int1 int2
int3 int4 int8 integer intersect interval into is iterate join key keys kill leading leave left like limit linear
lines load localtime localtimestamp lock long longblob longtext loop low_priority master_demote_to_replica
master_demote_to_slave master_ssl_verify_server_cert match maxvalue mediumblob mediumint mediumtext middleint
minute_microsecond minute_second mod modifies natural no_write_to_binlog not null numeric offset on optimize
optionally or order out outer outfile over page_checksum parse_vcol_expr partition portion precision primary
procedure purge range read read_write reads real recursive ref_system_id references regexp release rename repeat
replace require resignal restrict return returning revoke right rlike row_number rows schemas second_microsecond
select sensitive separator set show signal smallint spatial specific sql sql_big_result sql_calc_found_rows
sql_small_result sqlexception sqlstate sqlwarning ssl starting stats_auto_recalc stats_persistent stats_sample_pages
straight_join table terminated then tinyblob tinyint tinytext to trailing trigger true undo union unique unlock
unsigned update usage use using utc_date utc_time utc_timestamp values varbinary varchar varcharacter varying when
where while with write xor year_month zerofill
""".split())
# Both dialects' SQL quotes MariaDB 10.11's reserved words besides their own: MariaDB's are the
# engine's; MySQL's export is what a MySQL dump (read as ``mysql``: sqlglot has one dialect for
# both) is written back as, and it is loaded into MariaDB as often as into MySQL.  (MariaDB's keeps
# the words only MySQL 8 reserves bare, as its engine does.)  Quoted, not reserved: the naming rules
# read ``Dialect.reserved`` only.

# The words SQLAlchemy's dialects quote beyond the lists above (its RESERVED_WORDS per dialect;
# on MariaDB, its MariaDB list).  Quoted, not reserved: the naming rules read
# ``Dialect.reserved`` only.  tests/designer/test_dialects.py fails when SQLAlchemy's lists change.
_SA_PG_EXTRA = frozenset("between new of off old over".split())
_SA_MYSQL_EXTRA = frozenset("""
admin array general get_master_public_key ignore_server_ids master_heartbeat_period member parallel parse_gcol_expr
persist persist_only qualify role slow sql_after_gtids sql_before_gtids
""".split())
_SA_MARIADB_EXTRA = frozenset("""
body current_role do_domain_ids elsif general goto history ignore_domain_ids ignore_server_ids master_heartbeat_period
offset others package page_checksum parse_vcol_expr period position raise ref_system_id returning rowtype slow
stats_auto_recalc stats_persistent stats_sample_pages system_time versioning without
""".split())
_SA_SQLITE_EXTRA = frozenset("""
after analyze asc attach before begin by cascade cast column conflict cross current_date current_time
current_timestamp database deferred desc detach each end exclusive explain fail false for full glob ignore immediate
indexed initially inner instead key left like match natural of offset outer plan pragma query raise reindex rename
replace restrict right rollback row temp temporary trigger true vacuum view virtual
""".split())

#: PostgreSQL's serial types and the integer type each stands for
SERIAL_TYPES = {"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
                "smallserial": "smallint", "serial2": "smallint"}


@dataclass(frozen=True)
class Dialect:
    """One SQL dialect Tablewright reads and writes: its names and what it supports."""
    name: str  # the model's name (``Schema.dialect``, ``--dialect``)
    title: str  # as shown to a user
    spellings: tuple[str, ...]  # every name a user may give for it (lower case), ``name`` first
    sqlglot: str  # sqlglot's dialect
    sqlalchemy: str  # SQLAlchemy's backend name (``url.get_backend_name()``, ``dialect.name``)
    family: str  # mysql for MySQL and MariaDB; else the name
    default_namespace: str | None  # the schema an unqualified name lives in
    reserved: frozenset[str]  # words that must be quoted as identifiers (lower case)
    quotes: tuple[str, str]  # identifier quote characters, opening and closing
    sa_extra: frozenset[str]  # words SQLAlchemy quotes besides ``reserved`` (quoted, not reserved)
    # words an engine this SQL is loaded into reserves besides ``reserved`` (quoted, not reserved)
    family_quoted: frozenset[str] = frozenset()
    serial_types: frozenset[str] = frozenset()  # type names meaning integer + sequence default
    # namespaces are schemas inside one database (PostgreSQL, SQL Server), not databases (MySQL) or
    # attached files (SQLite): a diff or migration then reads an unqualified name as in default_namespace
    has_schemas: bool = False


REGISTRY: dict[str, Dialect] = {d.name: d for d in (
    Dialect("postgres", "PostgreSQL", ("postgres", "postgresql", "pg"), "postgres", "postgresql", "postgres",
            "public", _PG_RESERVED, ('"', '"'), _SA_PG_EXTRA, frozenset(SERIAL_TYPES), has_schemas=True),
    Dialect("mysql", "MySQL", ("mysql",), "mysql", "mysql", "mysql", None, _MYSQL_RESERVED, ("`", "`"),
            _SA_MYSQL_EXTRA, family_quoted=_MARIADB_10_11_RESERVED),
    Dialect("mariadb", "MariaDB", ("mariadb",), "mysql", "mariadb", "mysql", None, _MARIADB_RESERVED, ("`", "`"),
            _SA_MARIADB_EXTRA, family_quoted=_MARIADB_10_11_RESERVED),
    Dialect("sqlite", "SQLite", ("sqlite", "sqlite3"), "sqlite", "sqlite", "sqlite", "main", _SQLITE_RESERVED,
            ('"', '"'), _SA_SQLITE_EXTRA),
    Dialect("mssql", "SQL Server", ("mssql", "sqlserver", "sql server", "tsql"), "tsql", "mssql", "mssql", "dbo",
            _MSSQL_RESERVED, ("[", "]"), frozenset(), has_schemas=True),
)}

#: the model's dialect names, in the order menus list them
DIALECTS: tuple[str, ...] = tuple(REGISTRY)
_BY_SPELLING = {s: d.name for d in REGISTRY.values() for s in d.spellings}
#: every spelling a user may give, for command-line choices
SPELLINGS: tuple[str, ...] = tuple(_BY_SPELLING)
#: the namespace an unqualified name lives in, per dialect that has one
DEFAULT_NAMESPACE = {d.name: d.default_namespace for d in REGISTRY.values() if d.default_namespace}
#: the same for the dialects whose namespaces are schemas inside one database
SCHEMA_DEFAULT = {d.name: d.default_namespace for d in REGISTRY.values() if d.has_schemas}
#: the dialects of the MySQL family
MYSQL_FAMILY = frozenset(d.name for d in REGISTRY.values() if d.family == "mysql")


def canonical(name: str | None) -> str | None:
    """The model's name for a dialect spelled ``name`` (any case); None for None
    or a spelling no dialect has."""
    if name is None:
        return None
    return _BY_SPELLING.get(name.strip().lower())


def normalize(name: str | None) -> str | None:
    """:func:`canonical`, but an unknown spelling is an ``InputError`` naming the dialects."""
    if name is None:
        return None
    found = canonical(name)
    if found is None:
        from tablewright.designer.errors import InputError  # noqa: PLC0415 - errors imports the model, the model us

        raise InputError(f"unknown dialect {name!r}; use one of {', '.join(DIALECTS)}")
    return found


def argument(text: str) -> str:
    """An argparse ``type=``: a known spelling becomes the model's name (the
    ``choices`` check then sees it); an unknown one is left for that check to refuse."""
    return canonical(text) or text


def get(name: str | None) -> Dialect:
    """The registry entry of ``name`` (any spelling); None means PostgreSQL, the default."""
    return REGISTRY[normalize(name) if name is not None else "postgres"]


def is_mysql(name: str | None) -> bool:
    """Whether ``name`` is MySQL or MariaDB."""
    return name in MYSQL_FAMILY


def same_family(a: str | None, b: str | None) -> bool:
    """The same dialect, or both of the MySQL family."""
    return a == b or (is_mysql(a) and is_mysql(b))


def sqlglot_name(name: str | None, default: str | None = None) -> str | None:
    """sqlglot's dialect for ``name`` (``default`` for None or an unknown name)."""
    d = REGISTRY.get(name or "")
    return d.sqlglot if d is not None else default


def from_sqlalchemy(backend: str, is_mariadb: bool = False) -> str | None:
    """The model's dialect for a SQLAlchemy backend name (``engine.dialect.name``);
    None for a backend Tablewright does not read."""
    if backend in ("mysql", "mariadb"):
        return "mariadb" if is_mariadb or backend == "mariadb" else "mysql"
    return next((d.name for d in REGISTRY.values() if d.sqlalchemy == backend), None)


def is_serial_type(type_text: str) -> bool:
    """Whether a type as written (``bigserial``, ``serial4``, ...) is a PostgreSQL serial."""
    return type_text.lower().split("(")[0].strip() in SERIAL_TYPES


# -- SQLAlchemy and quoting --------------------------------------------------------------------------


def sa_dialect(target: str):
    """A new SQLAlchemy dialect that writes ``target``'s DDL, quoting names by
    :func:`requires_quotes` (the one rule, this module's)."""
    import importlib  # noqa: PLC0415

    # only the target's module: SQLAlchemy's dialects take ~20 ms to import
    module, cls = {"postgres": ("postgresql", "dialect"), "mysql": ("mysql", "dialect"),
                   "mariadb": ("mysql.mariadb", "MariaDBDialect"), "sqlite": ("sqlite", "dialect"),
                   "mssql": ("mssql", "dialect")}[target]
    dialect = getattr(importlib.import_module(f"sqlalchemy.dialects.{module}"), cls)()
    prep = dialect.identifier_preparer
    # what Tablewright writes is read by the engine's own client (psql -f, mysql <), never passed to a
    # DB-API driver: a % is a % (the pyformat drivers' doubling, '%%', would reach the database as written,
    # in names, defaults, CHECKs and comments alike)
    prep._double_percents = False
    prep.reserved_words = quoted_words(target)
    prep._requires_quotes = lambda value: requires_quotes(value, target)
    if target == "mssql" and dialect.default_schema_name is None:
        # set by a connection; offline, a comment on a table in no schema needs it
        # (sp_addextendedproperty names the schema)
        dialect.default_schema_name = "dbo"
    return dialect


@lru_cache(maxsize=None)
def shared_sa_dialect(target: str):
    """One :func:`sa_dialect` per target for those that only read it (DDL
    export, the migrations planner): making one costs more than compiling most
    statements.  Never change it; take :func:`sa_dialect` to configure one."""
    return sa_dialect(target)


@lru_cache(maxsize=None)
def quoted_words(target: str) -> frozenset[str]:
    """The words quoted as names in ``target`` (lower case): its reserved words, the
    ones SQLAlchemy reserves besides, those an engine its SQL is loaded into reserves, and
    the keywords sqlglot does not read as a bare name."""
    d = REGISTRY[target]
    return d.reserved | d.sa_extra | d.family_quoted | _unreadable_bare(target)


_LEGAL = re.compile(r"^[A-Z0-9_$]+$", re.I)  # SQLAlchemy's LEGAL_CHARACTERS
_ILLEGAL_INITIAL = frozenset("0123456789$")  # and its ILLEGAL_INITIAL_CHARACTERS


def requires_quotes(name: str, target: str) -> bool:
    """Whether ``name`` must be quoted in ``target``'s SQL (SQLAlchemy's rule, over :func:`quoted_words`)."""
    if not name:
        return True  # a blank name (SQLite allows one): quoted, as the database has it
    lower = name.lower()
    return (lower in quoted_words(target) or name[0] in _ILLEGAL_INITIAL or lower != name
            or not _LEGAL.match(name) or _unreadable_in_ddl(target, lower))


@lru_cache(maxsize=8192)
def _quote(name: str, target: str) -> str:
    if not requires_quotes(name, target):
        return name
    opening, closing = REGISTRY[target].quotes
    return opening + name.replace(closing, closing * 2) + closing


def quote(name: str, dialect: str | None) -> str:
    """``name`` as an identifier in SQL for ``dialect`` (None: PostgreSQL): quoted
    when it must be -- a reserved word, upper case where the engine folds, a
    character outside the plain ones -- exactly as the export and migrations quote it."""
    return _quote(name, get(dialect).name)


def quote_qualified(namespace: str | None, name: str, dialect: str | None) -> str:
    """``namespace.name`` (or ``name``), each part through :func:`quote`."""
    return ".".join(quote(part, dialect) for part in (namespace, name) if part is not None)


@lru_cache(maxsize=None)
def _unreadable_bare(target: str) -> frozenset[str]:
    """Keywords of ``target`` (per sqlglot) that its parser does not take as a name."""
    from sqlglot.dialects.dialect import Dialect as SqlglotDialect  # noqa: PLC0415

    d = SqlglotDialect.get_or_raise(REGISTRY[target].sqlglot)
    names = d.parser_class.ID_VAR_TOKENS
    return frozenset(k.lower() for k, t in d.tokenizer_class.KEYWORDS.items()
                     if k.isidentifier() and t not in names)


# The statement shapes a name takes in what the export writes; a keyword that
# sqlglot lets stand as a name in general may still not parse in one of them
# (``CREATE TABLE function (…)``, ``REFERENCES table (…)``).
_NAME_PROBES = ("CREATE TABLE {0} ({0} INT, x INT)", "CREATE INDEX i ON {0} ({0})",
                "ALTER TABLE {0} ADD COLUMN {0} INT", "CREATE TABLE t (a INT REFERENCES {0} ({0}))")


@lru_cache(maxsize=None)
def _sqlglot_dialect(target: str):
    from sqlglot.dialects.dialect import Dialect as SqlglotDialect  # noqa: PLC0415

    return SqlglotDialect.get_or_raise(REGISTRY[target].sqlglot)


@lru_cache(maxsize=4096)
def _unreadable_in_ddl(target: str, name: str) -> bool:
    """Whether sqlglot fails to read ``name`` (a keyword it otherwise takes as a
    name) back bare in one of the shapes the export writes it in. Only keywords
    are tried, one name at a time, so a schema pays for the names it has."""
    import sqlglot  # noqa: PLC0415
    from sqlglot import exp  # noqa: PLC0415
    from sqlglot.errors import ErrorLevel  # noqa: PLC0415

    from tablewright.designer.sql_split import SQLGLOT_FAILURES  # noqa: PLC0415

    d = _sqlglot_dialect(target)
    if name.upper() not in d.tokenizer_class.KEYWORDS:
        return False
    for probe in _NAME_PROBES:
        try:
            tree = sqlglot.parse_one(probe.format(name), read=d, error_level=ErrorLevel.RAISE)
        except SQLGLOT_FAILURES:
            return True
        if isinstance(tree, exp.Command):  # read as an opaque command: not as DDL
            return True
    return False


__all__ = ["DEFAULT_NAMESPACE", "DIALECTS", "MYSQL_FAMILY", "SCHEMA_DEFAULT", "REGISTRY", "SERIAL_TYPES", "SPELLINGS", "Dialect", "argument", "canonical",
           "from_sqlalchemy", "get", "is_mysql", "is_serial_type", "normalize", "quote", "quote_qualified",
           "quoted_words", "requires_quotes", "sa_dialect", "same_family", "sqlglot_name"]


@lru_cache(maxsize=None)
def ddl_parser_dialect(read: str):
    """The sqlglot dialect DDL files are parsed with: sqlglot's own, except MySQL's, which is
    given PostgreSQL's leniency about type names it does not know.  MariaDB's and MySQL's
    engines take types sqlglot's MySQL dialect refuses (``INET6``, ``INET4``, ``POINT``,
    ``LINESTRING``, ``POLYGON``, …): refused, the whole CREATE TABLE was left out of the model;
    taken as a user-defined type, the column keeps its type as written (and the export for
    the same engine writes it back)."""
    from sqlglot.dialects.dialect import Dialect as SqlglotDialect  # noqa: PLC0415

    base = SqlglotDialect.get_or_raise(read)
    if read != "mysql" or base.SUPPORTS_USER_DEFINED_TYPES:
        return base
    lenient = type("TablewrightMySQL", (type(base),), {"SUPPORTS_USER_DEFINED_TYPES": True})
    return lenient()
