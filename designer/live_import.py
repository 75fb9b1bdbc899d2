"""Live import: reflect a running database into ``tablewright.designer.model.Schema``.

``import_database(url, schemas=None)`` reads a PostgreSQL, MySQL/MariaDB or
SQLite database through SQLAlchemy's ``Inspector`` and returns the same
``ImportResult`` the DDL importer returns.

Read-only, always.  Everything happens in one transaction that the engine
itself keeps read-only: PostgreSQL ``SET TRANSACTION READ ONLY`` (checked with
``SHOW transaction_read_only`` before anything is read), MySQL/MariaDB
``START TRANSACTION READ ONLY``, SQLite opened with ``mode=ro`` (so a missing
file is an error, never a new empty database) plus ``PRAGMA query_only``.
The transaction is rolled back at the end.

Passwords.  The URL is parsed, shown and connected by :mod:`tablewright.designer.dburl`
(only ever shown with its password masked); error messages and warnings go
through ``dburl.scrub``, and nothing of the URL is stored in the model (the
database name appears only as a namespace, see below).  Connection failures
raise ``InputError`` with a one-line message.

Namespaces (chosen to match what the DDL importer makes of the engine's own
dump tool's output, so a live import and an import of a dump agree):

- PostgreSQL: every table gets its schema name as namespace, ``public``
  included, as ``pg_dump`` qualifies every name (``CREATE TABLE public.t``).
  All schemas except ``pg_catalog``, ``information_schema`` and ``pg_toast``/
  ``pg_temp*`` are read unless ``schemas`` is given; each becomes a
  ``Namespace``.  The transaction runs with ``search_path = pg_catalog``, so
  defaults, CHECK bodies and index expressions come back fully qualified
  (``nextval('public.t_id_seq'::regclass)``, ``'ok'::public.mood``) exactly as
  ``pg_dump`` writes them, whatever the user's search_path.
- MySQL/MariaDB: the URL's database is read and its tables get namespace
  ``None`` (``mysqldump db`` writes unqualified names).  Without a database in
  the URL, all non-system databases are read and each table's namespace is its
  database name (as after ``USE db`` in ``mysqldump --databases``).  With
  ``schemas``, those databases are read; the URL's own database stays ``None``.
- SQLite: namespace ``None``.

SQLAlchemy's warnings are collected with ``warnings.catch_warnings``, which
is process-wide in Python 3.11: run one import at a time (the GUI keeps one job
per kind in flight anyway).

Other choices: tables are listed by namespace, then name (a database has no
"file order"; sorting keeps re-imports stable).  Ids are ``derived_id`` with
the same parts the DDL importer uses, so importing the same schema from DDL or
from the live database gives the same ids.  A ``serial`` column comes back as
the engine stores it (``integer``, a ``nextval`` default and a ``Sequence``
owned by the column), as in a ``pg_dump``.  UNIQUE constraints are
``UniqueConstraint``s, MySQL ``UNIQUE KEY``s included (as the DDL importer
reads them), except those with prefix lengths, which stay unique ``Index``es;
the index behind a constraint is not repeated as an ``Index``.  Views are kept as ``RawObject``s; objects SQLAlchemy
cannot reflect (SQLite expression indexes) are kept as ``RawObject``s too, with
a warning.  ``DataType.kind`` is normalized by running the engine's type text
through the same sqlglot normalization the DDL importer uses
(``tablewright.designer.types.from_sqlglot``); ``DataType.text`` is the type as
SQLAlchemy compiles it for the engine, without COLLATE/CHARACTER SET, which go
to ``Column.collation``/``Column.charset``.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from tablewright.designer.dburl import create_engine, hide_password, scrub
from tablewright.designer.dialects import from_sqlalchemy, is_mysql, quote, shared_sa_dialect
from tablewright.designer.errors import InputError
from tablewright.designer.mysql_meanings import mark_json_columns
from tablewright.designer.importing import ImportIssue, ImportResult
from tablewright.designer.live_import_mysql import _MySQLReader, _split_on_update, _unescape_backticks, unescape_labels
from tablewright.designer.live_import_postgres import _PostgresReader, _sequence_bounds
from tablewright.designer.live_import_sqlite import _SQLiteReader, _sqlite_quote
from tablewright.designer.live_verbatim import Definitions, mysql_definitions, pg_definitions, sqlite_definitions
from tablewright.designer.model import (
    CheckConstraint,
    Column,
    DataType,
    ForeignKey,
    Generated,
    Index,
    IndexElement,
    Namespace,
    PrimaryKey,
    RawObject,
    Schema,
    Table,
    UniqueConstraint,
    UnresolvedReference,
    derived_id,
    identity_of,
)
from tablewright.designer.progress import Progress
from tablewright.designer.sql_split import head_keywords, sql_tokens

PG_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")
MYSQL_SYSTEM_DATABASES = ("information_schema", "mysql", "performance_schema", "sys")

# SQLAlchemy warnings that the reader reports itself, with more context
_REPORTED_OURSELVES = (
    "Skipped unsupported reflection of expression-based index",  # kept as raw SQL
    "Did not recognize type",  # kept with the engine's spelling
)


def import_database(url: str, *, schemas: list[str] | None = None, progress: Progress | None = None) -> ImportResult:
    """Reflect the database at ``url`` (read-only) into a ``Schema``.

    ``schemas`` limits PostgreSQL schemas / MySQL databases to read.  Raises
    ``InputError`` (one line, password hidden) when the URL is unusable, the
    database cannot be reached, or a requested schema does not exist.
    ``progress`` (see :mod:`tablewright.designer.progress`) hears of each database schema read."""
    from sqlalchemy import exc as sa_exc

    engine, shown = create_engine(url)

    def fail(message: str) -> InputError:
        return InputError(scrub(f"{shown}: {message}"))

    issues: list[ImportIssue] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                conn = engine.connect()
            except sa_exc.DBAPIError as exc:
                raise fail(f"cannot connect: {_first_line(exc.orig or exc)}") from None
            except Exception as exc:  # noqa: BLE001 - driver errors vary; keep them one line
                raise fail(f"cannot connect: {_first_line(exc)}") from None
            try:
                dialect = _dialect_name(conn.dialect, fail)
                _begin_read_only(conn, dialect, fail)
                schema = _read_schema(conn, dialect, schemas, issues, fail, progress)
            except sa_exc.DBAPIError as exc:
                raise fail(f"reading the database failed: {_first_line(exc.orig or exc)}") from None
            finally:
                try:
                    conn.rollback()  # nothing was written; end the read-only transaction
                    conn.close()
                except sa_exc.SQLAlchemyError:
                    conn.invalidate()  # a broken connection: drop it, keep the first error
        seen = set()
        for warning in caught:
            message = str(warning.message)
            if message.startswith("Unknown schema content") and "FOREIGN KEY" in message:
                continue  # MySQL/MariaDB foreign keys are read from information_schema
            if issubclass(warning.category, sa_exc.SAWarning) and not message.startswith(_REPORTED_OURSELVES):
                text = scrub(_first_line(warning.message))
                if text not in seen:
                    seen.add(text)
                    issues.append(ImportIssue("warning", text))
    finally:
        engine.dispose()
    return ImportResult(schema, issues)


def _first_line(exc: object) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0].strip()


def _dialect_name(sa_dialect, fail) -> str:
    name = sa_dialect.name
    ours = from_sqlalchemy(name, getattr(sa_dialect, "is_mariadb", False))
    if ours is not None and ours != "mssql":
        return ours
    raise fail(f"live import from {name} is not supported (PostgreSQL, MySQL, MariaDB, SQLite are)")


def _begin_read_only(conn, dialect: str, fail) -> None:
    """Start the one read-only transaction everything is read in."""
    if dialect == "postgres":
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        conn.exec_driver_sql("SET LOCAL search_path = pg_catalog")
        if conn.exec_driver_sql("SHOW transaction_read_only").scalar() != "on":
            raise fail("could not make the transaction read-only; nothing was read")
    elif is_mysql(dialect):
        conn.exec_driver_sql("START TRANSACTION READ ONLY")
    elif dialect == "sqlite":
        conn.exec_driver_sql("PRAGMA query_only = ON")


# -- reading ------------------------------------------------------------------------


def _read_schema(conn, dialect: str, schemas: list[str] | None, issues: list[ImportIssue], fail,
                 progress: Progress | None = None) -> Schema:
    """Reflect inside the read-only transaction on ``conn`` (a hook point for tests)."""
    return _Reader(conn, dialect, issues, fail).read(schemas, progress)


class _Reader(_PostgresReader, _MySQLReader, _SQLiteReader):
    """One live import: what SQLAlchemy's inspector reflects, for every engine; what only
    one engine's catalog tells is read by the engine's base (live_import_postgres, _mysql,
    _sqlite)."""

    def __init__(self, conn, dialect: str, issues: list[ImportIssue], fail):
        import sqlalchemy as sa

        self.sa = sa
        self.conn = conn
        self.dialect = dialect
        self.issues = issues
        self.fail = fail
        self.inspector = sa.inspect(conn)
        self.schema = Schema(dialect=dialect)
        self.default_db_schema = self.inspector.default_schema_name
        self.tables: dict[tuple[str | None, str], Table] = {}  # (db schema, name) -> table
        self.pending_fks: list[tuple[Table, ForeignKey, dict, str | None]] = []
        # (table, partition parent, INHERITS parents) as (schema, name): table ids once all are read
        self.pending_parents: list[tuple[Table, tuple[str, str] | None, list[tuple[str, str]]]] = []
        self.mysql_url_db: str | None = None
        self.pg_extra: dict[tuple[str, str], dict] = {}
        self.pg_index_comments: dict[tuple[str, str], str] = {}
        # (schema, index name) -> the index's storage parameters (a key's index: SQLAlchemy reports none)
        self.pg_index_storage: dict[tuple[str, str], dict[str, str]] = {}
        self.mysql_desc: dict[str, set[tuple[str, str, int]]] = {}
        self.mariadb_checks: dict[str, dict[str, list[tuple[str, str]]]] = {}
        self.definitions: Definitions | None = None

    # -- which schemas, and their namespaces ---------------------------------------
    def _db_schemas(self, requested: list[str] | None) -> list[str]:
        insp = self.inspector
        if self.dialect == "sqlite":
            available = ["main"]
        else:
            available = insp.get_schema_names()
        if self.dialect == "postgres":
            system = [s for s in available if s in PG_SYSTEM_SCHEMAS or s.startswith(("pg_temp", "pg_toast"))]
        elif is_mysql(self.dialect):
            system = [s for s in available if s.lower() in MYSQL_SYSTEM_DATABASES]
            self.mysql_url_db = self.conn.exec_driver_sql("SELECT DATABASE()").scalar()
        else:
            system = []
        if requested:
            missing = [s for s in requested if s not in available]
            if missing:
                kind = "database" if is_mysql(self.dialect) else "schema"
                raise self.fail(f"no {kind} named {missing[0]!r}")
            return list(dict.fromkeys(requested))
        if is_mysql(self.dialect) and self.mysql_url_db:
            return [self.mysql_url_db]
        return sorted(s for s in available if s not in system)

    def _ns(self, db_schema: str | None) -> str | None:
        """The model namespace for a database schema (see the module docstring)."""
        if db_schema is None:
            db_schema = self.default_db_schema
        if self.dialect == "postgres":
            return db_schema
        if is_mysql(self.dialect):
            return None if db_schema == self.mysql_url_db else db_schema
        return None if db_schema in (None, "main") else db_schema

    # -- the whole schema ----------------------------------------------------------
    def read(self, requested: list[str] | None, progress: Progress | None = None) -> Schema:
        def step(done: int, what: str) -> None:  # tables of each schema, then keys, sequences, views
            if progress is not None:
                progress(done / (len(db_schemas) + 2), what)

        db_schemas = self._db_schemas(requested)
        step(0, "catalog")
        if self.dialect == "postgres":
            self._pg_namespaces_and_extras(db_schemas)
            self._pg_enums(db_schemas)
            self.definitions = pg_definitions(self.conn, db_schemas)
        elif is_mysql(self.dialect):
            for db_schema in db_schemas:
                ns = self._ns(db_schema)
                if ns is not None:
                    self.schema.namespaces.append(Namespace(derived_id("ns", ns), ns))
        for i, db_schema in enumerate(db_schemas):
            step(i, db_schema)
            self._read_tables(db_schema)
        step(len(db_schemas), "foreign keys and sequences")
        for table, fk, info, db_schema in self.pending_fks:
            self._resolve_fk(table, fk, info, db_schema)
        for table, parent, inherits in self.pending_parents:
            self._resolve_parents(table, parent, inherits)
        if self.dialect == "postgres":
            self._pg_sequences(db_schemas)
        elif self.dialect == "mariadb":
            self._named_sequences(db_schemas)
        step(len(db_schemas) + 1, "views")
        if is_mysql(self.dialect):
            for db_schema in db_schemas:
                self._apply_definitions(mysql_definitions(self.conn, db_schema, self._ns(db_schema), self.dialect))
        elif self.dialect == "sqlite":
            self._apply_definitions(sqlite_definitions(self.conn))
        else:
            self._apply_definitions(self.definitions)
        step(len(db_schemas) + 2, "")
        return self.schema

    def _apply_definitions(self, found: Definitions) -> None:
        """What ``tablewright.designer.live_verbatim`` read: verbatim objects, and the facts
        about the tables SQLAlchemy does not report."""
        for (db_schema, name), table in self.tables.items():
            cloned = found.inherited.get((db_schema, name), set())
            if cloned:  # a partition: what its parent's constraints and indexes make
                if table.primary_key is not None and table.primary_key.name in cloned:
                    table.primary_key = None
                table.foreign_keys = [fk for fk in table.foreign_keys if fk.name not in cloned]
                table.uniques = [u for u in table.uniques if u.name not in cloned]
                table.checks = [c for c in table.checks if c.name not in cloned]
                table.indexes = [i for i in table.indexes if i.name not in cloned]
            for unique in table.uniques:
                deferrable, deferred = found.deferrable.get((db_schema, name, unique.name), (False, False))
                unique.deferrable, unique.initially_deferred = deferrable, deferred
            for fk in table.foreign_keys:
                fk.not_valid = fk.name in found.not_valid.get((db_schema, name), ())
            for check in table.checks:  # SQLAlchemy reads the pretty form, which does not always read back the same
                check.expression = found.checks.get((db_schema, name, check.name), check.expression)
            for index in table.indexes:
                for position, collation in found.index_collations.get((db_schema, index.name), {}).items():
                    if position < len(index.elements):
                        index.elements[position].collation = collation
            verbatim = found.verbatim_indexes.get((db_schema, name))
            if verbatim:
                table.indexes = [i for i in table.indexes if i.name not in verbatim]
        known = {ns.name for ns in self.schema.namespaces}
        self.schema.namespaces.extend(ns for ns in found.namespaces if ns.name not in known)
        self.schema.raw.extend(found.raw)
        self.issues.extend(found.issues)

    def _read_tables(self, db_schema: str) -> None:
        insp = self.inspector
        arg = None if self.dialect == "sqlite" else db_schema
        names = sorted(insp.get_table_names(schema=arg))
        if not names:
            return

        def multi(method):
            try:
                return method(schema=arg)
            except NotImplementedError:  # e.g. SQLite has no table comments
                return {}

        columns = multi(insp.get_multi_columns)
        pks = multi(insp.get_multi_pk_constraint)
        fks = multi(insp.get_multi_foreign_keys)
        uniques = multi(insp.get_multi_unique_constraints)
        checks = multi(insp.get_multi_check_constraints)
        indexes = multi(insp.get_multi_indexes)
        comments = multi(insp.get_multi_table_comment)
        options = multi(insp.get_multi_table_options)
        if is_mysql(self.dialect):
            # SQLAlchemy reads these from SHOW CREATE TABLE and leaves a backtick in a name
            # escaped (c``x); its FOREIGN KEY pattern does not match such names at all
            for mapping in (columns, pks, uniques, checks, indexes):
                for infos in mapping.values():
                    for info in infos if isinstance(infos, list) else [infos]:
                        _unescape_backticks(info)
            fks = self._mysql_foreign_keys(db_schema, fks)

        def get(mapping, name, default):
            for key in ((arg, name), (db_schema, name), (None, name)):
                if key in mapping:
                    return mapping[key]
            return default

        sqlite_sql = self._sqlite_table_sql() if self.dialect == "sqlite" else {}
        domain_columns = self._pg_domain_columns(db_schema) if self.dialect == "postgres" else {}
        engine_defaults = self._mariadb_defaults(db_schema)
        index_comments = self._mysql_index_comments(db_schema) if is_mysql(self.dialect) else {}
        for name in names:
            ns = self._ns(db_schema)
            table = Table(derived_id("tbl", ns, name), name, ns)
            declared = self._sqlite_columns(name, sqlite_sql.get(name)) if self.dialect == "sqlite" else {}
            for info in get(columns, name, []):
                if info["name"] in declared:  # SQLite: the type as declared, COLLATE, generated columns
                    info = {**info, **declared[info["name"]]}
                if (name, info["name"]) in engine_defaults:  # MariaDB: DEFAULT and ON UPDATE as the engine has them
                    info = {**info, **engine_defaults[(name, info["name"])]}
                if (name, info["name"]) in domain_columns:  # the domain's NOT NULL and default are not the column's;
                    # a collation of the schema's own is qualified
                    info = {**info, **domain_columns[(name, info["name"])]}
                table.columns.append(self._column(table, info, db_schema))
            self._primary_key(table, get(pks, name, {}))
            if table.primary_key is not None and table.primary_key.name:
                table.primary_key.storage = dict(self.pg_index_storage.get((db_schema, table.primary_key.name), {}))
            for info in get(fks, name, []):
                fk = self._foreign_key(table, info)
                if fk is not None:
                    table.foreign_keys.append(fk)
                    self.pending_fks.append((table, fk, info, db_schema))
            table_uniques = get(uniques, name, [])
            table_indexes = get(indexes, name, [])
            skip_indexes: set[str] = set()
            if is_mysql(self.dialect):
                # A UNIQUE KEY is both a constraint and an index there; like the DDL
                # importer, model it as a UniqueConstraint unless it uses prefix lengths.
                using = self._mysql_index_using(table, name, db_schema)
                for info in table_indexes:
                    if info.get("name") in using:
                        info.setdefault("dialect_options", {})["mysql_using"] = using[info["name"]]
                    if (name, info.get("name")) in index_comments:
                        info.setdefault("dialect_options", {})["mysql_comment"] = index_comments[(name, info["name"])]
                prefixed = {  # and unless it names its method (USING BTREE) or has a COMMENT, which a constraint
                    i.get("name") for i in table_indexes  # cannot say
                    if any(k.endswith(("_length", "_using", "_comment")) and v
                           for k, v in (i.get("dialect_options") or {}).items())
                }
                table_uniques = [u for u in table_uniques if (u.get("duplicates_index") or u.get("name")) not in prefixed]
                skip_indexes = {u.get("duplicates_index") or u.get("name") for u in table_uniques}
                for column_id, expression in self._mariadb_column_checks(db_schema, name, table):
                    table.checks.append(CheckConstraint(
                        derived_id("ck", table.namespace, table.name,
                                   f"{table.column(column_id).name}:{len(table.checks)}"),
                        expression, None, column=column_id,
                    ))
                mark_json_columns(table)  # MariaDB's JSON: LONGTEXT with CHECK (json_valid(col))
            for info in table_uniques:
                self._unique(table, info)
            for unique in table.uniques:
                unique.storage = dict(self.pg_index_storage.get((db_schema, unique.name), {})) if unique.name else {}
            for info in get(checks, name, []):
                self._check(table, info)
            for info in table_indexes:
                if info.get("name") not in skip_indexes:
                    self._index(table, info, db_schema)
            table.comment = (get(comments, name, {}) or {}).get("text")
            self._options(table, get(options, name, {}) or {}, db_schema)
            if self.dialect == "sqlite":
                self._sqlite_details(table, sqlite_sql.get(name))
            self.schema.tables.append(table)
            self.tables[(db_schema, name)] = table
        if self.dialect == "sqlite":
            self._sqlite_virtual_tables({n: t for (s, n), t in self.tables.items() if s == db_schema}, sqlite_sql)

    # -- columns -------------------------------------------------------------------
    def _column(self, table: Table, info: dict, db_schema: str) -> Column:
        name = info["name"]
        column = Column(
            derived_id("col", table.namespace, table.name, name),
            name,
            _normalize(info["declared"], self.dialect) if info.get("declared") is not None
            else self._data_type(info["type"], table, name, db_schema),
            nullable=bool(info.get("nullable", True)),
            comment=info.get("comment") or None,
        )
        collation = info.get("collation") or getattr(info["type"], "collation", None)
        charset = getattr(info["type"], "charset", None)
        column.collation = collation or None
        column.charset = charset or None
        default = info.get("default")
        if "on_update" in info:
            column.on_update = info["on_update"]
        elif default is not None and is_mysql(self.dialect):
            default, on_update = _split_on_update(default)
            if on_update:
                column.on_update = on_update
        column.default = default
        identity = info.get("identity")
        if identity:
            low, high = _sequence_bounds(column.type.kind, identity.get("increment"))
            column.identity = identity_of(
                always=bool(identity.get("always")),
                start=identity.get("start"),
                increment=identity.get("increment"),
                min_value=None if identity.get("minvalue") in (None, low) else identity["minvalue"],
                max_value=None if identity.get("maxvalue") in (None, high) else identity["maxvalue"],
                cache=identity.get("cache"),
                cycle=bool(identity.get("cycle")),
            )
            column.nullable = False
        computed = info.get("computed")
        if computed:
            column.generated = Generated(_strip_outer_parens(str(computed["sqltext"])), bool(computed.get("persisted")))
        if is_mysql(self.dialect) and info.get("autoincrement") is True:
            column.autoincrement = True
        return column

    def _data_type(self, sa_type, table: Table, column: str, db_schema: str) -> DataType:
        from sqlalchemy import types as sa_types
        from sqlalchemy.types import NullType

        if isinstance(sa_type, NullType):
            text = self._raw_type_text(table, column, db_schema)
            if not text:
                return DataType(kind="other", text="")  # SQLite: a column without a type
            if self._defined_type(text):
                return _normalize(text, self.dialect)  # a domain, composite or range type, read verbatim
            self.issues.append(ImportIssue(
                "warning",
                f"column {table.qualified_name}.{column}: type {text} is not known to SQLAlchemy; "
                "kept as the engine spells it",
            ))
            return _normalize(text, self.dialect)
        item = getattr(sa_type, "item_type", sa_type)
        if self.dialect == "postgres" and type(item) is sa_types.String:
            # SQLAlchemy reads "char" (one byte) and name (63 bytes) as a String without a name of
            # its own, which compiles to VARCHAR, another type: keep the engine's spelling
            text = self._raw_type_text(table, column, db_schema)
            if text:
                return _normalize(text, self.dialect)
        bare = copy.copy(sa_type)
        for attr in ("collation", "charset"):
            if getattr(bare, attr, None):
                setattr(bare, attr, None)
        if is_mysql(self.dialect):
            unescape_labels(bare)
        try:
            # written as the export writes it, not as the live driver would be sent it (a pyformat
            # driver's dialect doubles every % in a name or an enum label: "Mood %%s")
            text = bare.compile(dialect=shared_sa_dialect(self.dialect))
        except Exception:  # noqa: BLE001 - a type SQLAlchemy reflects but cannot render
            text = self._raw_type_text(table, column, db_schema) or str(bare)
        dtype = _normalize(text, self.dialect)
        enum_name = getattr(sa_type, "name", None)
        if self.dialect == "postgres" and type(sa_type).__name__ == "ENUM" and enum_name:
            enum_schema = getattr(sa_type, "schema", None) or self.default_db_schema
            qualified = f"{enum_schema}.{enum_name}"
            dtype = replace(dtype, kind="enum", enum=qualified, values=tuple(sa_type.enums))
        elif self.dialect == "postgres" and type(getattr(sa_type, "item_type", None)).__name__ == "ENUM":
            item = sa_type.item_type
            qualified = f"{item.schema or self.default_db_schema}.{item.name}"
            dtype = replace(dtype, kind="enum", enum=qualified, values=tuple(item.enums))
        return dtype

    def _defined_type(self, text: str) -> bool:
        """Whether ``text`` (``schema.name``, maybe an array) is a type the catalog reader keeps verbatim."""
        if self.definitions is None:
            return False
        return text.split("[", 1)[0].strip() in self.definitions.types

    def _raw_type_text(self, table: Table, column: str, db_schema: str) -> str | None:
        """The engine's own spelling of a type SQLAlchemy does not know."""
        text = self.sa.text
        if self.dialect == "postgres":
            sql = text(
                "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = :s AND c.relname = :t AND a.attname = :c"
            )
            return self.conn.execute(sql, {"s": db_schema, "t": table.name, "c": column}).scalar()
        if is_mysql(self.dialect):
            sql = text(
                "SELECT COLUMN_TYPE FROM information_schema.COLUMNS "
                "WHERE TABLE_SCHEMA = :s AND TABLE_NAME = :t AND COLUMN_NAME = :c"
            )
            return self.conn.execute(sql, {"s": db_schema, "t": table.name, "c": column}).scalar()
        if self.dialect == "sqlite":
            for row in self.conn.exec_driver_sql(f"PRAGMA table_info({_sqlite_quote(table.name)})"):
                if row[1] == column:
                    return row[2] or None
        return None

    # -- constraints ----------------------------------------------------------------
    def _column_ids(self, table: Table, names: Iterable[str], what: str) -> list[str] | None:
        ids = []
        for name in names:
            column = table.column_named(name) if name is not None else None
            if column is None:
                self.issues.append(ImportIssue("warning", f"{what} on {table.qualified_name} names unknown column {name!r}; skipped"))
                return None
            ids.append(column.id)
        return ids

    def _primary_key(self, table: Table, info: dict) -> None:
        names = info.get("constrained_columns") or []
        if not names:
            return
        ids = self._column_ids(table, names, "primary key")
        if ids is None:
            return
        table.primary_key = PrimaryKey(derived_id("pk", table.namespace, table.name), ids, info.get("name") or None)
        if self.dialect == "sqlite":
            return  # SQLite's PRIMARY KEY does not imply NOT NULL; the columns say what they are
        for cid in ids:
            table.column(cid).nullable = False

    def _foreign_key(self, table: Table, info: dict) -> ForeignKey | None:
        ids = self._column_ids(table, info.get("constrained_columns") or [], "foreign key")
        if not ids:
            return None
        name = info.get("name") or None
        options = info.get("options") or {}
        fk = ForeignKey(
            derived_id("fk", table.namespace, table.name, name or ",".join(ids)),
            ids,
            None,
            [],
            name,
            on_update=_upper(options.get("onupdate")),
            deferrable=bool(options.get("deferrable")),
            initially_deferred=str(options.get("initially") or "").upper() == "DEFERRED",
            match=_upper(options.get("match")),
        )
        fk.on_delete, listed = _action_and_columns(options.get("ondelete"))
        if listed:  # PostgreSQL 15: SET NULL (a, b), as pg_get_constraintdef writes it
            fk.on_delete_columns = self._column_ids(table, listed, "ON DELETE of a foreign key") or []
        return fk

    def _resolve_parents(self, table: Table, parent: tuple[str, str] | None, inherits: list[tuple[str, str]]) -> None:
        """Partition parent and INHERITS parents as table ids; one in a schema not
        imported is left out, with a warning."""
        def found(key: tuple[str, str]) -> str | None:
            target = self.tables.get(key)
            if target is None:
                where = ".".join(p for p in (self._ns(key[0]), key[1]) if p)
                self.issues.append(ImportIssue(
                    "warning", f"parent table {where} of {table.qualified_name} was not imported; "
                               "the table is read without it"))
            return target.id if target is not None else None

        opts = table.options
        if parent is not None:
            opts.partition_of = found(parent)
            if opts.partition_of is None:
                opts.partition_bound = None
        opts.inherits = [i for i in map(found, inherits) if i is not None]

    def _resolve_fk(self, table: Table, fk: ForeignKey, info: dict, db_schema: str) -> None:
        ref_schema = info.get("referred_schema")
        if ref_schema is None:
            ref_schema = db_schema if is_mysql(self.dialect) or self.dialect == "sqlite" else self.default_db_schema
        ref_name = info["referred_table"]
        ref_cols = info.get("referred_columns") or []
        target = self.tables.get((ref_schema, ref_name))
        if target is not None:
            cols = [target.column_named(c) for c in ref_cols]
            if not ref_cols and target.primary_key is not None:
                fk.ref_table, fk.ref_columns = target.id, list(target.primary_key.columns)
                return
            if ref_cols and all(c is not None for c in cols):
                fk.ref_table, fk.ref_columns = target.id, [c.id for c in cols]
                return
        fk.unresolved = UnresolvedReference(self._ns(ref_schema), ref_name, tuple(ref_cols))
        where = ".".join(p for p in (self._ns(ref_schema), ref_name) if p)
        self.issues.append(ImportIssue(
            "warning",
            f"foreign key {fk.name or ''} on {table.qualified_name} references {where}, which was not imported".replace("  ", " "),
        ))

    def _unique(self, table: Table, info: dict) -> None:
        ids = self._column_ids(table, info.get("column_names") or [], "unique constraint")
        if not ids:
            return
        name = info.get("name") or None
        options = info.get("dialect_options") or {}
        table.uniques.append(UniqueConstraint(
            derived_id("uq", table.namespace, table.name, name or ",".join(ids)),
            ids,
            name,
            nulls_not_distinct=bool(options.get("postgresql_nulls_not_distinct")),
        ))

    def _check(self, table: Table, info: dict) -> None:
        name = info.get("name") or None
        options = info.get("dialect_options") or {}
        table.checks.append(CheckConstraint(
            derived_id("ck", table.namespace, table.name, name or str(len(table.checks))),
            str(info["sqltext"]),
            name,
            not_valid=bool(options.get("not_valid")),
        ))

    def _index(self, table: Table, info: dict, db_schema: str) -> None:
        if info.get("duplicates_constraint"):
            return  # the index behind a PRIMARY KEY / UNIQUE constraint
        name = info.get("name") or None
        options = {k.split("_", 1)[1] if "_" in k else k: v for k, v in (info.get("dialect_options") or {}).items()}
        column_names = info.get("column_names") or []
        expressions = info.get("expressions") or [None] * len(column_names)
        sorting = info.get("column_sorting") or {}
        opclasses = options.get("ops") or {}
        lengths = options.get("length")
        elements = []
        for column_name, expression in zip(column_names, expressions):
            element = IndexElement()
            key = column_name if column_name is not None else expression
            if column_name is not None:
                column = table.column_named(column_name)
                if column is None:
                    element.expression = column_name
                else:
                    element.column = column.id
            else:
                element.expression = str(expression)
            flags = sorting.get(key, ())
            element.descending = "desc" in flags
            if "nulls_first" in flags:
                element.nulls = "FIRST"
            elif "nulls_last" in flags:
                element.nulls = "LAST"
            element.opclass = opclasses.get(key) if isinstance(opclasses, dict) else None
            if isinstance(lengths, dict):
                element.length = lengths.get(key)
            elif isinstance(lengths, int):
                element.length = lengths
            elements.append(element)
        for element, descending in zip(elements, self._descending(table, name, db_schema, len(elements))):
            element.descending = element.descending or descending
        method = None
        if self.dialect == "postgres":
            method = options.get("using") or "btree"
        elif is_mysql(self.dialect):
            prefix = options.get("prefix")
            method = (prefix or options.get("using") or "").lower() or None
        predicate = options.get("where")
        include = self._column_ids(table, options.get("include") or info.get("include_columns") or [], "index INCLUDE")
        table.indexes.append(Index(
            derived_id("ix", table.namespace, table.name, name or str(len(table.indexes))),
            name,
            elements,
            unique=bool(info.get("unique")),
            method=method,
            predicate=str(predicate) if predicate is not None else None,
            include=include or [],
            comment=(options.get("comment") or self.pg_index_comments.get((db_schema, name))) if name else None,
            storage={str(k).lower(): str(v) for k, v in (options.get("with") or {}).items()}
            if self.dialect == "postgres" else {},
        ))

    def _descending(self, table: Table, index: str | None, db_schema: str, count: int) -> list[bool]:
        """Descending key parts SQLAlchemy does not report (MySQL/MariaDB, SQLite)."""
        if index is None:
            return [False] * count
        if is_mysql(self.dialect):
            if db_schema not in self.mysql_desc:
                rows = self.conn.execute(
                    self.sa.text(
                        "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX FROM information_schema.STATISTICS "
                        "WHERE TABLE_SCHEMA = :s AND COLLATION = 'D'"
                    ),
                    {"s": db_schema},
                )
                self.mysql_desc[db_schema] = {(t, i, int(n)) for t, i, n in rows}
            found = self.mysql_desc[db_schema]
            return [(table.name, index, n + 1) in found for n in range(count)]
        if self.dialect == "sqlite":
            rows = self.conn.exec_driver_sql(f"PRAGMA index_xinfo({_sqlite_quote(index)})").all()
            keys = [bool(row[3]) for row in rows if row[5]]  # (seqno, cid, name, desc, coll, key)
            return (keys + [False] * count)[:count]
        return [False] * count

    def _options(self, table: Table, options: dict, db_schema: str) -> None:
        opts = table.options
        for key, value in options.items():
            prefix, _, option = key.partition("_")
            option = option.lower()
            if is_mysql(self.dialect):
                if option == "engine":
                    opts.engine = str(value)
                elif option in ("default charset", "charset", "character set", "default character set"):
                    opts.charset = str(value)
                elif option in ("collate", "default collate"):
                    opts.collation = str(value)
                elif option == "comment":
                    continue  # the table comment, read separately
                else:
                    opts.extra[option] = str(value)
            elif self.dialect == "postgres":
                if option in ("inherits", "with_oids"):
                    continue  # parents read (schema-qualified) with the other catalog extras
                if option == "with" and isinstance(value, dict):
                    opts.storage.update({str(k).lower(): str(v) for k, v in value.items()})
                else:
                    opts.extra[option] = str(value)
            elif self.dialect == "sqlite":
                if option == "with_rowid":
                    opts.without_rowid = not value
                else:
                    opts.extra[option] = str(value)
        if self.dialect == "postgres":
            extra = self.pg_extra.get((db_schema, table.name), {})
            opts.unlogged = extra.get("persistence") == "u"
            opts.row_level_security = bool(extra.get("rls"))
            opts.partition_by = extra.get("partition_by")
            parent = (extra["parent_schema"], extra["parent"]) if extra.get("parent") else None
            if parent is not None:
                opts.partition_bound = extra.get("bound")
            inherits = [p for p in extra.get("inherits") or [] if p != parent]
            if parent is not None or inherits:  # ids once every table is read
                self.pending_parents.append((table, parent, inherits))

    # -- views -----------------------------------------------------------------------------
    def _read_views(self, db_schema: str) -> None:
        insp = self.inspector
        arg = None if self.dialect == "sqlite" else db_schema
        ns = self._ns(db_schema)
        kinds = [("view", insp.get_view_names(schema=arg))]
        if self.dialect == "postgres":
            kinds.append(("materialized view", insp.get_materialized_view_names(schema=arg)))
        for kind, names in kinds:
            for name in sorted(names):
                definition = (insp.get_view_definition(name, schema=arg) or "").strip()
                if head_keywords(definition, self.dialect, 1) != ("CREATE",):
                    qualified = f"{self._quote(ns)}.{self._quote(name)}" if ns else self._quote(name)
                    definition = f"CREATE {kind.upper()} {qualified} AS\n{definition}"
                if not definition.rstrip().endswith(";"):
                    definition = definition.rstrip() + ";"
                self.schema.raw.append(RawObject(
                    derived_id("raw", kind, ns, name), kind, definition, self.dialect, name,
                ))

    def _quote(self, name: str) -> str:
        return quote(name, self.dialect)  # (not the live driver's preparer: it doubles a %)


# -- helpers ---------------------------------------------------------------------------------


def _normalize(text: str, dialect: str) -> DataType:
    """Kind and parameters from the engine's type text, through the same
    normalization the DDL importer uses; ``text`` stays as given."""
    from sqlglot import exp

    from tablewright.designer import types as dtypes
    from tablewright.designer.sql_split import sqlglot_dialect_name

    read = sqlglot_dialect_name(dialect)
    try:
        node = exp.DataType.build(text, dialect=read, udt=True)
        dtype = dtypes.from_sqlglot(node, read)
    except Exception:  # noqa: BLE001 - sqlglot cannot read every engine type
        return DataType(kind="other", text=text)
    return replace(dtype, text=text)


def _strip_outer_parens(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, char in enumerate(text):
            depth += char == "("
            depth -= char == ")"
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def _action_and_columns(text: str | None) -> tuple[str | None, list[str]]:
    """A reflected ON DELETE action, ``SET NULL ("A", b)`` (PostgreSQL 15's column list, as
    SQLAlchemy hands it on): the action in upper case, the names as the engine has them
    (read with sqlglot's tokenizer: a quoted name without its quotes)."""
    if not text:
        return None, []
    from sqlglot.tokens import TokenType

    tokens = sql_tokens(str(text), "postgres") or []
    kinds = [t.token_type for t in tokens]
    if TokenType.L_PAREN not in kinds:
        return str(text).upper(), []
    start = kinds.index(TokenType.L_PAREN)
    action = " ".join(t.text.upper() for t in tokens[:start])
    return action, [t.text for t in tokens[start + 1:] if t.token_type not in (TokenType.COMMA, TokenType.R_PAREN)]


def _upper(value: Any) -> str | None:
    return str(value).upper() if value else None


__all__ = ["hide_password", "import_database"]
