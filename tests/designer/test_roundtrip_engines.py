"""Round trips on real engines: the corpus DDL loaded by the engine's own client
must give the same catalog as (import with our importer → export for the same
dialect → load).  One fresh database pair per case, each loaded in one client call."""

from __future__ import annotations

import re
import secrets
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from designer.ddl_export import export_ddl
from designer.ddl_import import import_ddl
from tests.catalog import diff, snapshot
from tests.conftest import MARIADB_HOST, MARIADB_PORT, MARIADB_USER, PG_HOST, PG_PORT, PG_USER, corpus_path

pytestmark = pytest.mark.corpus

MUSICBRAINZ_FILES = [
    "Extensions", "CreateSearchConfiguration", "CreateCollations", "CreateTypes", "CreateTables",
    "CreateFunctions", "CreatePrimaryKeys", "CreateConstraints", "CreateIndexes", "CreateFKConstraints",
]
OMOP_FILES = ["ddl", "primary_keys", "constraints", "indices"]


@dataclass
class Case:
    name: str
    dialect: str
    files: list[str]
    schemas: list[str] = field(default_factory=list)  # PostgreSQL schemas to compare (and pre-create)
    search_path: str | None = None
    xfail: str | None = None


PG_CASES = [
    Case("sakila-pg", "postgres", ["sakila-pg/postgres-sakila-schema.sql"], ["public"]),
    Case("synapse-pg", "postgres", ["synapse-pg/full.sql.postgres"], ["public"]),
    Case("omop-pg", "postgres", [f"omop-pg/OMOPCDM_postgresql_5.4_{f}.resolved.sql" for f in OMOP_FILES], ["cdm"]),
    Case("musicbrainz", "postgres", [f"musicbrainz/{f}.sql" for f in MUSICBRAINZ_FILES], ["musicbrainz"],
         search_path="musicbrainz,public"),
]
SQLITE_CASES = [
    Case("sakila-sqlite", "sqlite", ["sakila-sqlite/sqlite-sakila-schema.sql"]),
    Case("synapse-sqlite", "sqlite", ["synapse-sqlite/full.sql.sqlite"]),
]


def _params(cases):
    return [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(reason=c.xfail, strict=False)] if c.xfail else [])
            for c in cases]


def _import_and_export(sources, dialect: str, rename=None) -> str:
    result = import_ddl(sources, dialect)
    errors = [str(i) for i in result.errors]
    assert not errors, "importer errors:\n" + "\n".join(errors[:20])
    if rename:
        rename(result.schema)
    return export_ddl(result.schema, dialect).sql


def _assert_same(original: dict, exported: dict, exported_sql: str, tmp_path: Path) -> None:
    (tmp_path / "exported.sql").write_text(exported_sql)
    assert original, "the original load produced no tables"
    differences = diff(original, exported)
    (tmp_path / "differences.txt").write_text("\n".join(differences))
    assert not differences, f"{len(differences)} differences (export in {tmp_path}/exported.sql):\n" + "\n".join(differences[:40])


# -- PostgreSQL -------------------------------------------------------------------------------


def _psql(url: str, sql_files: list[Path], search_path: str | None, pre: str) -> None:
    dbname = url.rsplit("/", 1)[1]
    env = {"PGOPTIONS": f"-c search_path={search_path}" if search_path else "", "PATH": "/usr/bin:/bin"}
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER,
            "-d", dbname, "-c", pre or "SELECT 1"]
    for f in sql_files:
        args += ["-f", str(f)]
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, f"psql failed on {sql_files[-1]}:\n{proc.stderr[-3000:]}"


@pytest.mark.parametrize("case", _params(PG_CASES))
def test_postgres_round_trip(case: Case, pg_url_factory, tmp_path):
    files = [corpus_path(*f.split("/")) for f in case.files]
    pre = "; ".join(f"CREATE SCHEMA IF NOT EXISTS {s}" for s in case.schemas if s != "public")
    url_a, url_b = pg_url_factory(), pg_url_factory()
    _psql(url_a, files, case.search_path, pre)
    sql = _import_and_export([str(f) for f in files], "postgres")
    out = tmp_path / "exported.sql"
    out.write_text(sql)
    _psql(url_b, [out], case.search_path, pre)
    schemas = {s: s for s in case.schemas}
    _assert_same(snapshot(url_a, schemas), snapshot(url_b, schemas), sql, tmp_path)


# -- SQLite -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _params(SQLITE_CASES))
def test_sqlite_round_trip(case: Case, tmp_path):
    files = [corpus_path(*f.split("/")) for f in case.files]
    db_a, db_b = tmp_path / "a.db", tmp_path / "b.db"
    with sqlite3.connect(db_a) as conn:
        conn.executescript("\n".join(f.read_text() for f in files))
    sql = _import_and_export([str(f) for f in files], "sqlite")
    with sqlite3.connect(db_b) as conn:
        conn.executescript(sql)
    _assert_same(snapshot(f"sqlite:///{db_a}"), snapshot(f"sqlite:///{db_b}"), sql, tmp_path)


# -- MariaDB ----------------------------------------------------------------------------------


@pytest.fixture
def mariadb_names(mariadb_url_factory):
    """Fresh database-name prefixes; every database starting with one is dropped afterwards."""
    scratch = mariadb_url_factory()  # checks the server (skip, or fail under CI) and gives a session database
    prefixes: list[str] = []

    def make() -> str:
        prefixes.append(f"tw_rt_{secrets.token_hex(4)}")
        return prefixes[-1]

    make.scratch = scratch.rsplit("/", 1)[1]
    yield make
    import pymysql

    conn = pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER, autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW DATABASES")
            for (name,) in cur.fetchall():
                if any(name.startswith(p) for p in prefixes):
                    cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    finally:
        conn.close()


def _mariadb(sql: str, database: str) -> None:
    args = ["mariadb", "-h", MARIADB_HOST, "-P", str(MARIADB_PORT), "-u", MARIADB_USER, "--batch", database]
    proc = subprocess.run(args, input=sql, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"mariadb client failed:\n{proc.stderr[-3000:]}"


def _databases(prefix: str) -> list[str]:
    import pymysql

    conn = pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER)
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW DATABASES")
            return sorted(n for (n,) in cur.fetchall() if n.startswith(prefix))
    finally:
        conn.close()


def _renamer(old: str, new: str):
    def rename(schema) -> None:
        def sub(name):
            return new + name[len(old):] if name and name.startswith(old) else name

        for ns in schema.namespaces:
            ns.name = sub(ns.name)
        for table in schema.tables:
            table.namespace = sub(table.namespace)
        for raw in schema.raw:
            raw.sql = raw.sql.replace(f"`{old}", f"`{new}")

    return rename


def _mariadb_round_trip(text_for, mariadb_names, tmp_path, use_database: bool = False) -> None:
    """``use_database``: the source relies on ``USE db`` for its views, routines
    and triggers (unqualified names); load the export with that database current."""
    a, b = mariadb_names(), mariadb_names()
    original = text_for(a)
    _mariadb(original, mariadb_names.scratch)
    sql = _import_and_export([("original.sql", original)], "mariadb", rename=_renamer(a, b))
    (tmp_path / "exported.sql").write_text(sql)
    if use_database:
        _mariadb(f"CREATE DATABASE `{b}`", mariadb_names.scratch)
    _mariadb(sql, b if use_database else mariadb_names.scratch)
    names_a, names_b = _databases(a), _databases(b)
    assert [n[len(a):] for n in names_a] == [n[len(b):] for n in names_b]
    base = f"mysql+pymysql://{MARIADB_USER}@{MARIADB_HOST}:{MARIADB_PORT}/{mariadb_names.scratch}"
    snap_a = snapshot(base, {n: "X" + n[len(a):] for n in names_a})
    snap_b = snapshot(base, {n: "X" + n[len(b):] for n in names_b})
    _assert_same(snap_a, snap_b, sql, tmp_path)


def test_mariadb_round_trip_sakila(mariadb_names, tmp_path):
    text = corpus_path("sakila-mysql", "mysql-sakila-schema.sql").read_text()

    def text_for(db: str) -> str:
        return re.sub(r"\bsakila\b", db, text)

    _mariadb_round_trip(text_for, mariadb_names, tmp_path, use_database=True)


def test_mariadb_round_trip_phabricator(mariadb_names, tmp_path):
    text = corpus_path("phabricator", "quickstart.resolved.sql").read_text()

    def text_for(prefix: str) -> str:
        return text.replace("`phabricator_", f"`{prefix}_")

    _mariadb_round_trip(text_for, mariadb_names, tmp_path)
