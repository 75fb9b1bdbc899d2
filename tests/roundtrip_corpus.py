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

import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests import engine_catalog
from tests.corpus_cases import CORPUS, CorpusCase
from tests.engines import (
    CORPUS_DIR,
    LoadError,
    mariadb,
    mariadb_admin,
    mariadb_create,
    mariadb_databases,
    mariadb_drop,
    pg_create,
    pg_drop,
    pg_roles,
    pg_schemas,
    pg_url,
    psql,
    sqlite3_cli,
    unique_name,
)

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


def _texts(case: CorpusCase) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8", errors="surrogateescape")) for p in case.paths]


def _substituted(case: CorpusCase, workdir: Path, tag: str, new: str | None) -> list[Path]:
    """The case's files, with its own database name replaced by ``new`` (copies in workdir)."""
    pattern = _OWN_DATABASE.get(case.name)
    if pattern is None or new is None:
        return case.paths
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


def _pg_catalog(dbname: str) -> dict:
    schemas = pg_schemas(dbname)
    snap = engine_catalog.postgres_catalog(pg_url(dbname, ""), schemas)
    snap[("schemas",)] = tuple(schemas)
    return snap


def _load_pg(db: str, files: list[Path], case: CorpusCase) -> None:
    """``psql -X -v ON_ERROR_STOP=1 -f FILE...`` with the extensions and schemas the case needs first."""
    psql(db, files=files, search_path=case.search_path,
         commands=[f"CREATE EXTENSION IF NOT EXISTS {e}" for e in case.extensions]
         + [f'CREATE SCHEMA IF NOT EXISTS "{schema}"' for schema in case.pre_create_schemas])


def _pg_round_trip(case: CorpusCase, workdir: Path, outcome: Outcome) -> None:
    a, b = unique_name("tw_rt"), unique_name("tw_rt")
    own = case.name in _OWN_DATABASE
    pg_roles(case.roles)
    try:
        if not own:
            pg_create(a)
        _load_pg("postgres" if own else a, _substituted(case, workdir, "a", a), case)
        out = workdir / f"{case.name}.export.sql"
        export(case, _substituted(case, workdir, "b", b), out)
        outcome.export_path = out
        pg_create(b)  # (an own-database case: the export does not create databases)
        try:
            _load_pg(b, [out], case)
        except LoadError as exc:
            outcome.error = f"the export does not load: {exc}"
        original, trip = _pg_catalog(a), _pg_catalog(b)
    finally:
        for name in (a, b):
            pg_drop(name)
    _compare(original, trip, outcome)


# -- MariaDB ----------------------------------------------------------------------------------


def _mariadb_round_trip(case: CorpusCase, workdir: Path, outcome: Outcome) -> None:
    a, b = unique_name("tw_rt"), unique_name("tw_rt")
    own = case.name in _OWN_DATABASE
    try:
        if not own:
            mariadb_create(a)
            mariadb_create(b)
        mariadb(database=None if own else a, files=_substituted(case, workdir, "a", a))
        out = workdir / f"{case.name}.export.sql"
        export(case, _substituted(case, workdir, "b", b), out)
        outcome.export_path = out
        try:
            mariadb(database=None if own else b, files=[out])
        except LoadError as exc:
            outcome.error = f"the export does not load: {exc}"
        names_a, names_b = mariadb_databases(a), mariadb_databases(b)
        original = engine_catalog.mariadb_catalog(mariadb_admin, {n: "X" + n[len(a):] for n in names_a})
        trip = engine_catalog.mariadb_catalog(mariadb_admin, {n: "X" + n[len(b):] for n in names_b})
    finally:
        mariadb_drop(a)
        mariadb_drop(b)
    _compare(original, trip, outcome)


# -- SQLite -----------------------------------------------------------------------------------


def _sqlite_round_trip(case: CorpusCase, workdir: Path, outcome: Outcome) -> None:
    db_a, db_b = workdir / f"{case.name}.original.db", workdir / f"{case.name}.export.db"
    for db in (db_a, db_b):
        db.unlink(missing_ok=True)
    files = case.paths
    sqlite3_cli(db_a, files=files)
    out = workdir / f"{case.name}.export.sql"
    export(case, files, out)
    outcome.export_path = out
    try:
        sqlite3_cli(db_b, files=[out])
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


def round_trip_texts(texts: list[str], dialect: str, workdir: Path) -> Outcome:
    """The round trip of a test's own DDL, as ``round_trip`` runs a corpus case: each text a file
    (``workdir``/1.sql, 2.sql, …), loaded in order, as a program runs its create script and then its
    migrations."""
    engine = {"postgres": "postgres", "mysql": "mariadb", "sqlite": "sqlite"}[dialect]
    workdir.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts, 1):
        (workdir / f"{i}.sql").write_text(text, encoding="utf-8")
    case = CorpusCase(dialect, [f"{i}.sql" for i in range(1, len(texts) + 1)], dialect, 0, engine, base=workdir)
    return round_trip(case, workdir / "round-trip")


def round_trip(name: str | CorpusCase, workdir: Path) -> Outcome:
    """Run the round trip of corpus schema ``name`` (or of a case from elsewhere: a fresh
    held-out schema); LoadError when the ORIGINAL does not load (a corpus case then
    belongs in ``not_loadable``)."""
    case = CORPUS[name] if isinstance(name, str) else name
    name = case.name
    outcome = Outcome(name, case.engine or "-")
    workdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    RUNNERS[case.engine](case, workdir, outcome)
    outcome.seconds = time.perf_counter() - start
    if outcome.differences:
        (workdir / f"{name}.differences.txt").write_text("\n".join(outcome.differences))
    return outcome
