"""The differential round trip from a live database, with the engine as the oracle.

For one schema: load the original DDL into a fresh database with the engine's own
client (``psql -f``, ``mariadb <``, ``sqlite3``), live-import that database
(``tablewright.designer.live_import.import_database``, what ``tablewright import URL`` runs),
export the model for the same engine, load the export into a second fresh
database with the same client, and compare the two catalogs: ``tests.catalog``'s
snapshot (tables, columns, keys, indexes, checks, comments) and the engine's own
dump of everything else (``pg_dump --schema-only``, ``mariadb-dump --no-data
--routines --events --triggers``, SQLite's ``sqlite_master``; see
``tests.catalog.engine_dump``).

Used by ``tests/designer/test_live_roundtrip.py`` and ``scripts/live_roundtrip``
(which prints the table for every corpus schema the engines load).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests import engine_catalog
from tests.catalog import diff, engine_dump, snapshot
from tests.conftest import PG_HOST, PG_PORT, PG_USER
from tests.engines import CORPUS_DIR as CORPUS
from tests.engines import (
    LoadError,
    mariadb,
    mariadb_databases,
    mariadb_drop,
    mariadb_url,
    pg_create,
    pg_drop,
    pg_roles,
    pg_schemas,
    pg_url,
    psql,
    sqlite3_cli,
    unique_name,
)
OMOP = ("ddl", "primary_keys", "constraints", "indices")
MUSICBRAINZ = ("Extensions", "CreateSearchConfiguration", "CreateCollations", "CreateTypes", "CreateTables",
               "CreateFunctions", "CreatePrimaryKeys", "CreateConstraints", "CreateIndexes", "CreateFKConstraints")


@dataclass
class Case:
    name: str
    engine: str  # postgres, mariadb, sqlite
    files: list[str]  # relative to the corpus (or absolute), in load order
    schemas: tuple[str, ...] = ()  # PostgreSQL schemas created first
    search_path: str | None = None
    roles: tuple[str, ...] = ()  # PostgreSQL roles the DDL grants to (created once, kept)
    database: str | None = None  # a database name the files create and use; replaced by the fresh one
    force: bool = False  # the engine loads part of it only (a missing extension, a reserved word): go on
    note: str = ""


def corpus_cases() -> list[Case]:
    tuleap = [line.strip() for line in (CORPUS / "tuleap" / "LOAD_ORDER.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")] if (CORPUS / "tuleap").is_dir() else []
    return [
        Case("sakila-pg", "postgres", ["sakila-pg/postgres-sakila-schema.sql"]),
        Case("synapse-pg", "postgres", ["synapse-pg/full.sql.postgres"]),
        Case("omop-pg", "postgres", [f"omop-pg/OMOPCDM_postgresql_5.4_{p}.resolved.sql" for p in OMOP],
             schemas=("cdm",)),
        Case("musicbrainz", "postgres", [f"musicbrainz/{f}.sql" for f in MUSICBRAINZ], schemas=("musicbrainz",),
             search_path="musicbrainz,public",
             note="as pg_dump: 2 CHECKs (entity_type IN (...) on varchar) read back differently by PostgreSQL"),
        Case("osm", "postgres", ["osm/structure.sql"], force=True, note="no PostGIS here: 56 of 57 tables load"),
        Case("adventureworks-pg", "postgres", ["adventureworks-pg/install.sql"], force=True,
             note="its CSV data is not in the corpus (\\copy fails)"),
        Case("sanbase2", "postgres", ["sanbase2/structure.sql"], force=True,
             note="no pgvector here: 175 of 178 tables load"),
        Case("hexpm", "postgres", ["hexpm/structure.sql"]),
        Case("bike-index", "postgres", ["bike-index/structure.sql"]),
        Case("kanboard-pg", "postgres", ["kanboard-pg/postgres.sql"]),
        Case("pagila", "postgres", ["pagila/pagila-schema.sql"]),
        Case("graphile-starter", "postgres", ["graphile-starter/schema.sql"],
             roles=("graphile_starter", "graphile_starter_visitor")),
        Case("chinook-pg", "postgres", ["chinook-pg/Chinook_PostgreSql.resolved.sql"], database="corp_chinook_pg"),
        Case("sakila-mysql", "mariadb", ["sakila-mysql/mysql-sakila-schema.sql"], database="sakila"),
        Case("kanboard-mysql", "mariadb", ["kanboard-mysql/mysql.sql"]),
        Case("gibbon", "mariadb", ["gibbon/gibbon.sql"]),
        Case("tuleap", "mariadb", [f"tuleap/{f}" for f in tuleap], force=True,
             note="a column named offset is reserved in MariaDB: 474 of 475 tables load"),
        Case("chinook-mysql", "mariadb", ["chinook-mysql/Chinook_MySql.resolved.sql"], database="corp_chinook_mysql"),
        Case("phabricator", "mariadb", ["phabricator/quickstart.resolved.sql"], database="phabricator_*"),
        Case("sakila-sqlite", "sqlite", ["sakila-sqlite/sqlite-sakila-schema.sql"]),
        Case("synapse-sqlite", "sqlite", ["synapse-sqlite/full.sql.sqlite"]),
        Case("omop-sqlite", "sqlite", [f"omop-sqlite/OMOPCDM_sqlite_5.4_{p}.resolved.sql" for p in ("ddl", "indices")],
             note="primary_keys and constraints use ALTER TABLE ADD CONSTRAINT, which SQLite has not"),
        Case("zotero", "sqlite", [f"zotero/{f}.sql" for f in ("system", "userdata", "triggers")]),
        Case("chinook-sqlite", "sqlite", ["chinook-sqlite/Chinook_Sqlite.sql"]),
    ]


@dataclass
class Outcome:
    case: str
    engine: str
    tables: int = 0  # tables the original load made (engine's count)
    imported: int = 0  # tables the live import read
    other: int = 0  # verbatim objects the live import read
    identical: bool = False
    #: PostgreSQL: the differences left are those pg_dump's own round trip has too (the engine
    #: reads some of its own deparsed text back differently)
    as_engine_dump: bool = False
    differences: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


def _text(path: str) -> str:
    p = Path(path) if Path(path).is_absolute() else CORPUS / path
    return p.read_text(encoding="utf-8")


# -- PostgreSQL ---------------------------------------------------------------------------------------


def _pg_original(case: Case, dbname: str) -> str:
    pg_roles(case.roles)
    parts = [f"CREATE SCHEMA IF NOT EXISTS {s};" for s in case.schemas]
    for f in case.files:
        text = _text(f)
        if case.database:
            text = re.sub(rf"\b{re.escape(case.database)}\b", dbname, text)
            text = re.sub(r"(?m)^((DROP|CREATE) DATABASE [^;\n]*;|\\c(onnect)? .*)$", "", text)
        parts.append(text)
    return "\n".join(parts)


def _pg_round_trip(case: Case, out: Outcome, keep: Path | None) -> None:
    from tablewright.designer.ddl_export import export_ddl
    from tablewright.designer.live_import import import_database

    a, b = pg_create(unique_name("tw_live")), pg_create(unique_name("tw_live"))
    try:
        psql(a, _pg_original(case, a), search_path=case.search_path, force=case.force)
        schemas = pg_schemas(a)
        result = import_database(pg_url(a))
        exported = export_ddl(result.schema, "postgres")
        _record(out, result, exported, keep)
        psql(b, exported.sql)
        labels = {s: s for s in schemas}
        snap_a, snap_b = snapshot(pg_url(a), labels), snapshot(pg_url(b), labels)
        out.tables = len(snap_a)
        dump_a, dump_b = engine_dump(pg_url(a)), engine_dump(pg_url(b))
        out.differences = diff(snap_a, snap_b) + _dump_diff(dump_a, dump_b)
        if out.differences:
            out.as_engine_dump = _same_as_pg_dump(a, dump_a, dump_b)
    finally:
        pg_drop(a)
        pg_drop(b)


def _same_as_pg_dump(a: str, dump_a: list[str], dump_b: list[str]) -> bool:
    """Whether ``pg_dump --schema-only`` of ``a`` loaded into a fresh database differs
    from ``a`` exactly as the export does (so the engine itself cannot do better)."""
    c = pg_create()
    try:
        dump = subprocess.run(["pg_dump", "--schema-only", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, a],
                              capture_output=True, text=True, check=True).stdout
        psql(c, dump, force=True)
        dump_c = engine_dump(pg_url(c))
    finally:
        pg_drop(c)
    return sorted(set(dump_b) ^ set(dump_a)) == sorted(set(dump_c) ^ set(dump_a))


# -- MariaDB -------------------------------------------------------------------------------------------


def _mariadb_round_trip(case: Case, out: Outcome, keep: Path | None) -> None:
    from tablewright.designer.ddl_export import export_ddl
    from tablewright.designer.live_import import import_database

    a, b = unique_name("tw_live"), unique_name("tw_live")
    try:
        text = "\n".join(_text(f) for f in case.files)
        if case.database and case.database.endswith("*"):  # several databases sharing a prefix
            old = case.database[:-1]
            text = text.replace(f"`{old}", f"`{a}_")
            mariadb(text, force=case.force)
        else:
            if case.database:
                text = re.sub(rf"\b{re.escape(case.database)}\b", a, text)
            mariadb(f"CREATE DATABASE `{a}` CHARACTER SET utf8mb4;")
            mariadb(text, a, force=case.force)
        names = mariadb_databases(a)
        several = len(names) > 1 or names != [a]
        if several:
            result = import_database(mariadb_url(), schemas=names)
            _rename_namespaces(result.schema, a, b)
        else:
            result = import_database(mariadb_url(a))
        exported = export_ddl(result.schema, "mariadb")
        _record(out, result, exported, keep)
        if several:
            mariadb(exported.sql)
        else:
            mariadb(f"CREATE DATABASE `{b}` CHARACTER SET utf8mb4;")
            mariadb(exported.sql, b)
        names_b = mariadb_databases(b)
        if [n[len(a):] for n in names] != [n[len(b):] for n in names_b]:
            out.differences.append(f"databases: {names} != {names_b}")
            return
        labels_a = {n: "X" + n[len(a):] for n in names}
        labels_b = {n: "X" + n[len(b):] for n in names_b}
        snap_a, snap_b = snapshot(mariadb_url(names[0]), labels_a), snapshot(mariadb_url(names_b[0]), labels_b)
        snap_a = {(k[0], k[1].replace(a, "X")): v for k, v in snap_a.items()}  # prefixed table names
        snap_b = {(k[0], k[1].replace(b, "X")): v for k, v in snap_b.items()}
        out.tables = len(snap_a)
        dump_a = engine_dump(mariadb_url(), names, rename=(a, "X"))
        dump_b = engine_dump(mariadb_url(), names_b, rename=(b, "X"))
        out.differences = diff(snap_a, snap_b) + _dump_diff(dump_a, dump_b)
    finally:
        mariadb_drop(a)
        mariadb_drop(b)


def _rename_namespaces(schema, old: str, new: str) -> None:
    """Databases ``old…`` become ``new…`` (the export is loaded beside the original)."""
    def sub(name):
        return new + name[len(old):] if name and name.startswith(old) else name

    for ns in schema.namespaces:
        ns.name = sub(ns.name)
    for table in schema.tables:  # the original's load renamed tables with the prefix too
        table.namespace, table.name = sub(table.namespace), sub(table.name)
    for raw in schema.raw:
        raw.sql = raw.sql.replace(f"`{old}", f"`{new}")


# -- SQLite ----------------------------------------------------------------------------------------------


def _sqlite_round_trip(case: Case, out: Outcome, keep: Path | None) -> None:
    from tablewright.designer.ddl_export import export_ddl
    from tablewright.designer.live_import import import_database

    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a.db", Path(tmp) / "b.db"
        sqlite3_cli(a, "\n".join(_text(f) for f in case.files))
        result = import_database(f"sqlite:///{a}")
        exported = export_ddl(result.schema, "sqlite")
        _record(out, result, exported, keep)
        sqlite3_cli(b, exported.sql)
        snap_a, snap_b = snapshot(f"sqlite:///{a}"), snapshot(f"sqlite:///{b}")
        out.tables = len(snap_a)
        # the engine's own catalog too: SQLAlchemy's reading of the columns is not exact (it reads
        # int as INTEGER, and no COLLATE); PRAGMA table_xinfo is
        out.differences = (diff(snap_a, snap_b)
                           + engine_catalog.diff(engine_catalog.sqlite_catalog(str(a)), engine_catalog.sqlite_catalog(str(b)))
                           + _dump_diff(engine_dump(f"sqlite:///{a}"), engine_dump(f"sqlite:///{b}")))


# -- one case ----------------------------------------------------------------------------------------------


def _record(out: Outcome, result, exported, keep: Path | None) -> None:
    out.imported = len(result.schema.tables)
    out.other = len(result.schema.raw)
    out.warnings = [str(i) for i in result.issues if i.severity in ("error", "warning")] + exported.warnings
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{out.case}.sql").write_text(exported.sql, encoding="utf-8")


def _dump_diff(a: list[str], b: list[str]) -> list[str]:
    import difflib

    if a == b:
        return []
    lines = list(difflib.unified_diff(a, b, "original", "export", n=1, lineterm=""))
    return [f"dump: {line}" for line in lines[2:]]


def run(case: Case, keep: Path | None = None) -> Outcome:
    """The round trip for ``case``; never raises for a failing load or import (the outcome says)."""
    out = Outcome(case.name, case.engine)
    started = time.perf_counter()
    try:
        {"postgres": _pg_round_trip, "mariadb": _mariadb_round_trip, "sqlite": _sqlite_round_trip}[case.engine](
            case, out, keep)
        out.identical = not out.differences and out.tables > 0
    except LoadError as exc:
        out.error = str(exc)
    out.seconds = time.perf_counter() - started
    return out
