"""Differential round trip of one corpus schema, with the engine as the oracle.

1. The original DDL is loaded the way a user loads it -- ``psql -X -v
   ON_ERROR_STOP=1 -f``, ``mariadb < file`` (stops at the first error),
   ``sqlite3 -bail`` -- into a fresh, uniquely named database.
2. ``tablewright export`` (the command a user runs) writes the same dialect from
   the same files; the export is loaded the same way into another fresh database.
3. Both catalogs are read from the engine (``tests/engine_catalog.py``) and compared.

Used by ``tests/designer/test_roundtrip_engines.py`` and ``scripts/roundtrip``
(which prints the table: schema, engine, tables, identical).  Databases are
dropped afterwards; roles a schema grants to are created when missing and left.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests import engine_catalog
from tests.conftest import CORPUS_DIR, MARIADB_HOST, MARIADB_PORT, MARIADB_USER, PG_HOST, PG_PORT, PG_USER
from tests.corpus_cases import CORPUS, CorpusCase

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600

# A source that creates its own database(s) under a fixed name: the name (a regular
# expression) is replaced by a unique one for each load, the same way in the
# original and in the text our export is made from.
_OWN_DATABASE: dict[str, str] = {
    "sakila-mysql": r"\bsakila\b",
    "chinook-mysql": r"\bcorp_chinook_mysql\b",
    "phabricator": r"(?<=`)phabricator(?=_[a-z_]+`(?:;| /\*))",
    "chinook-pg": r"\bcorp_chinook_pg\b",
}


class LoadError(AssertionError):
    pass


@dataclass
class Outcome:
    name: str
    engine: str
    tables_original: int = 0
    tables_round_trip: int = 0
    identical: bool = False
    differences: list[str] = field(default_factory=list)
    error: str | None = None  # the export did not load, or the tool failed
    seconds: float = 0.0
    export_path: Path | None = None

    def row(self) -> str:
        verdict = "yes" if self.identical else ("LOAD FAILED" if self.error else f"no ({len(self.differences)})")
        return f"| {self.name} | {self.engine} | {self.tables_original} | {self.tables_round_trip} | {verdict} |"


def _unique(prefix: str = "tw_rt") -> str:
    return f"{prefix}_{secrets.token_hex(5)}"


def _texts(case: CorpusCase) -> list[tuple[str, str]]:
    return [(f, (CORPUS_DIR / f).read_text(encoding="utf-8", errors="surrogateescape")) for f in case.files]


def _substituted(case: CorpusCase, workdir: Path, tag: str, new: str | None) -> list[Path]:
    """The case's files, with its own database name replaced by ``new`` (copies in workdir)."""
    pattern = _OWN_DATABASE.get(case.name)
    if pattern is None or new is None:
        return [CORPUS_DIR / f for f in case.files]
    out = []
    for i, (name, text) in enumerate(_texts(case)):
        path = workdir / f"{tag}-{i}-{Path(name).name}"
        path.write_text(re.sub(pattern, new, text), encoding="utf-8", errors="surrogateescape")
        out.append(path)
    return out


def export(case: CorpusCase, files: list[Path], out: Path) -> None:
    """``tablewright export FILES --source-dialect D --dialect D -o OUT`` as a user runs it."""
    exe = ROOT / ".venv" / "bin" / "tablewright"
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "tablewright.app.cli"]), "export",
           *map(str, files), "--source-dialect", case.dialect, "--dialect", case.dialect, "-o", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT)
    if proc.returncode != 0 or not out.exists():
        raise LoadError(f"tablewright export exited {proc.returncode}: {proc.stderr[-2000:]}")


# -- PostgreSQL -------------------------------------------------------------------------------


def _pg_admin():
    import psycopg

    return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True)


def _pg_drop(conn, name: str) -> None:
    conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                 "AND pid <> pg_backend_pid()", (name,))
    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def psql(dbname: str, files: list[Path], case: CorpusCase | None = None, pre: str | None = None) -> None:
    """``psql -X -v ON_ERROR_STOP=1 -f FILE...`` into database ``dbname`` (a name or a URL)."""
    dbname = dbname.rsplit("/", 1)[-1]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PGOPTIONS": ""}
    if case is not None and case.search_path:
        env["PGOPTIONS"] = f"-c search_path={case.search_path}"
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER,
            "-d", dbname]
    if pre:
        args += ["-c", pre]
    for schema in case.pre_create_schemas if case is not None else ():
        args += ["-c", f'CREATE SCHEMA IF NOT EXISTS "{schema}"']
    for f in files:
        args += ["-f", str(f)]
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=TIMEOUT)
    if proc.returncode != 0:
        raise LoadError(f"psql -v ON_ERROR_STOP=1 failed:\n{proc.stderr[-3000:]}")


def _pg_schemas(dbname: str) -> list[str]:
    import psycopg

    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=dbname) as conn:
        rows = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
                            "AND nspname <> 'information_schema'").fetchall()
    return sorted(r[0] for r in rows)


def _pg_catalog(dbname: str) -> dict:
    schemas = _pg_schemas(dbname)
    snap = engine_catalog.postgres_catalog(f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{dbname}", schemas)
    snap[("schemas",)] = tuple(schemas)
    return snap


def _pg_round_trip(case: CorpusCase, workdir: Path, outcome: Outcome) -> None:
    a, b = _unique(), _unique()
    own = case.name in _OWN_DATABASE
    with _pg_admin() as admin:
        for role in case.roles:
            admin.execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
                          f"THEN CREATE ROLE {role}; END IF; END $$")
        try:
            for name in (a, b):
                if not own:
                    admin.execute(f'CREATE DATABASE "{name}"')
            psql("postgres" if own else a, _substituted(case, workdir, "a", a), case)
            out = workdir / f"{case.name}.export.sql"
            export(case, _substituted(case, workdir, "b", b), out)
            outcome.export_path = out
            if own:  # the export does not create databases: load it into a fresh one
                admin.execute(f'CREATE DATABASE "{b}"')
            try:
                psql(b, [out], case)
            except LoadError as exc:
                outcome.error = f"the export does not load: {exc}"
            original, trip = _pg_catalog(a), _pg_catalog(b)
        finally:
            for name in (a, b):
                _pg_drop(admin, name)
    _compare(original, trip, outcome)


# -- MariaDB ----------------------------------------------------------------------------------


def _my_admin():
    import pymysql

    return pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER, autocommit=True,
                           charset="utf8mb4")


def mariadb(files: list[Path], database: str | None) -> None:
    """``mariadb [DB] < file`` (files joined with a newline): stops at the first error."""
    text = "\n".join(f.read_text(encoding="utf-8", errors="surrogateescape") for f in files)
    args = ["mariadb", "-h", MARIADB_HOST, "-P", str(MARIADB_PORT), "-u", MARIADB_USER,
            "--default-character-set=utf8mb4", "--batch"] + ([database] if database else [])
    proc = subprocess.run(args, input=text.encode("utf-8", "surrogateescape"), capture_output=True,
                          timeout=TIMEOUT)
    if proc.returncode != 0:
        raise LoadError(f"mariadb < file failed:\n{proc.stderr.decode(errors='replace')[-3000:]}")


def _my_databases(prefix: str) -> list[str]:
    conn = _my_admin()
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW DATABASES")
            return sorted(n for (n,) in cur.fetchall() if n.startswith(prefix))
    finally:
        conn.close()


def _mariadb_round_trip(case: CorpusCase, workdir: Path, outcome: Outcome) -> None:
    a, b = _unique(), _unique()
    own = case.name in _OWN_DATABASE
    try:
        if not own:
            conn = _my_admin()
            with conn.cursor() as cur:
                for name in (a, b):
                    cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
            conn.close()
        mariadb(_substituted(case, workdir, "a", a), None if own else a)
        out = workdir / f"{case.name}.export.sql"
        export(case, _substituted(case, workdir, "b", b), out)
        outcome.export_path = out
        try:
            mariadb([out], None if own else b)
        except LoadError as exc:
            outcome.error = f"the export does not load: {exc}"
        names_a, names_b = _my_databases(a), _my_databases(b)
        original = engine_catalog.mariadb_catalog(_my_admin, {n: "X" + n[len(a):] for n in names_a})
        trip = engine_catalog.mariadb_catalog(_my_admin, {n: "X" + n[len(b):] for n in names_b})
    finally:
        conn = _my_admin()
        with conn.cursor() as cur:
            for name in _my_databases(a) + _my_databases(b):
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        conn.close()
    _compare(original, trip, outcome)


# -- SQLite -----------------------------------------------------------------------------------


def sqlite3_cli(db: Path, files: list[Path]) -> None:
    """``sqlite3 -bail DB < files`` (joined with a newline)."""
    text = "\n".join(f.read_text(encoding="utf-8", errors="surrogateescape") for f in files)
    proc = subprocess.run(["sqlite3", "-bail", str(db)], input=text.encode("utf-8", "surrogateescape"),
                          capture_output=True, timeout=TIMEOUT)
    if proc.returncode != 0:
        raise LoadError(f"sqlite3 -bail failed:\n{proc.stderr.decode(errors='replace')[-3000:]}")


def _sqlite_round_trip(case: CorpusCase, workdir: Path, outcome: Outcome) -> None:
    db_a, db_b = workdir / f"{case.name}.original.db", workdir / f"{case.name}.export.db"
    for db in (db_a, db_b):
        db.unlink(missing_ok=True)
    files = [CORPUS_DIR / f for f in case.files]
    sqlite3_cli(db_a, files)
    out = workdir / f"{case.name}.export.sql"
    export(case, files, out)
    outcome.export_path = out
    try:
        sqlite3_cli(db_b, [out])
    except LoadError as exc:
        outcome.error = f"the export does not load: {exc}"
    _compare(engine_catalog.sqlite_catalog(str(db_a)), engine_catalog.sqlite_catalog(str(db_b)), outcome)


# -- driver -----------------------------------------------------------------------------------


def _compare(original: dict, trip: dict, outcome: Outcome) -> None:
    outcome.tables_original = engine_catalog.table_count(original)
    outcome.tables_round_trip = engine_catalog.table_count(trip)
    if not outcome.tables_original:
        raise LoadError("the original load produced no tables")
    outcome.differences = engine_catalog.diff(original, trip)
    outcome.identical = not outcome.differences and not outcome.error


RUNNERS = {"postgres": _pg_round_trip, "mariadb": _mariadb_round_trip, "sqlite": _sqlite_round_trip}


def round_trip(name: str, workdir: Path) -> Outcome:
    """Run the round trip of corpus schema ``name``; LoadError when the ORIGINAL
    does not load (the case then belongs in ``not_loadable``)."""
    case = CORPUS[name]
    outcome = Outcome(name, case.engine or "-")
    workdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    RUNNERS[case.engine](case, workdir, outcome)
    outcome.seconds = time.perf_counter() - start
    if outcome.differences:
        (workdir / f"{name}.differences.txt").write_text("\n".join(outcome.differences))
    return outcome
