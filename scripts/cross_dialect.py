"""Export every schema the tests ship for the other engine family and load it with that engine's client.

    scripts/cross-dialect [--direction mariadb|postgres|both] [--jobs N] [--prefix P] [--keep DIR] [NAME ...]

``mariadb``: every PostgreSQL schema of ``tests.precision_cases.LABEL_CASES`` (the corpus applications and
reference schemas, the fresh held-out and the evidence ones), read as ``tablewright export`` reads it
(:func:`load_sources`), exported with ``export_ddl(schema, "mariadb")`` and loaded as a user would, ``mariadb -h
127.0.0.1 -u root DB < export.sql``, into a fresh database ``P_<n>``.  ``postgres``: every MySQL/MariaDB and SQLite
schema there, exported for PostgreSQL and loaded with ``psql -v ON_ERROR_STOP=1 -f export.sql`` into ``P_<n>``.

Each load records pass or the client's first error; the summary groups the failures by error class (the error's
code and message with names and numbers taken out).  Every database is dropped after its load: ``P_<n>`` and,
for MariaDB, exactly the databases the export's own CREATE SCHEMA / CREATE DATABASE statements made (a PostgreSQL
schema other than public is a database there); a load whose export would create a database that is already on
the server is not run (it would write into someone else's database), and is listed as such.
Exit 1 when any load failed.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import sqlglot  # noqa: E402
from sqlglot import exp  # noqa: E402

from precision_cases import LABEL_CASES, source_dir  # noqa: E402

from tablewright.designer.atomic import write_file  # noqa: E402
from tablewright.designer.ddl_export import export_ddl  # noqa: E402
from tablewright.designer.sources import load_sources  # noqa: E402
from tests.engines import (  # noqa: E402
    CORPUS_DIR, LoadError, mariadb, mariadb_admin, mariadb_create, mariadb_databases, pg_create, pg_drop, psql,
)

#: source dialect -> the engine its export is loaded in
TARGET = {"postgres": "mariadb", "mysql": "postgres", "sqlite": "postgres"}

#: readable names for the error classes met so far (the key is found in the class text)
LABELS = {
    "1071": "key/index past InnoDB's 3,072 bytes",
    "1067": "default the target refuses",
    "1901": "CHECK the target refuses",
    "3814": "CHECK the target refuses",
    "errno: 150": "foreign key incorrectly formed",
    "1118": "row size too large",
}


@dataclass
class Outcome:
    name: str
    source: str
    target: str
    database: str
    ok: bool = False
    error: str = ""
    warnings: int = 0
    seconds: float = 0.0
    created: list[str] = field(default_factory=list)

    @property
    def error_class(self) -> str:
        return error_class(self.error) if not self.ok else ""


def error_class(error: str) -> str:
    """An error with its names, lines and sizes taken out -- what the summary counts: ``ERROR 1071 (42000):
    Specified key was too long; max key length is N bytes``, ``ERROR:  relation … does not exist``.  A quoted
    phrase (MariaDB's ``errno: 150 "Foreign key constraint is incorrectly formed"``) stays."""
    text = re.sub(r"^psql:.*?:\d+: ", "", error.strip())
    found = re.match(r"(ERROR \d+ \(\w+\))(?: at line \d+)?: (.*)", text)
    head, message = (found.group(1) + ": ", found.group(2)) if found else ("", text)
    message = re.sub(r"`[^`\s]*`|\"[^\"\s]*\"|'[^'\s]*'", "…", message)
    message = re.sub(r"(?<!errno: )\b\d+\b", "N", message)
    return (head + message)[:160]


def created_databases(statements) -> list[str]:
    """The databases an export for MariaDB makes: its CREATE SCHEMA / CREATE DATABASE statements."""
    names = []
    for statement in statements:
        head = statement.sql.lstrip()[:40].upper()
        if not head.startswith(("CREATE SCHEMA", "CREATE DATABASE")):
            continue
        created = sqlglot.parse_one(statement.sql.rstrip().rstrip(";"), read="mysql")
        target = created.this if isinstance(created, exp.Create) else None
        if isinstance(target, exp.Table):
            names.append(target.name or target.args["db"].name)
    return names


def first_error(message: str) -> str:
    """The client's first error line from a LoadError's text."""
    for line in str(message).splitlines():
        if "ERROR" in line:
            return line.split("failed: ", 1)[-1].strip()
    return str(message).splitlines()[0][:300] if str(message).strip() else "(no message)"


def run_one(name: str, number: int, prefix: str, workdir: Path) -> Outcome:
    files, source = LABEL_CASES[name]
    target = TARGET[source]
    out = Outcome(name, source, target, f"{prefix}_{number}")
    start = time.monotonic()
    try:
        base = source_dir(name, CORPUS_DIR)
        schema = load_sources([str(base / f) for f in files], source).schema
        export = export_ddl(schema, target)
    except Exception as exc:  # noqa: BLE001 -- a schema the designer cannot export is a result, not a crash
        out.error = f"export failed: {type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
        out.seconds = time.monotonic() - start
        return out
    out.warnings = len(export.warnings)
    path = workdir / f"{number:03d}-{name}.{target}.sql"
    write_file(path, export.sql)
    write_file(path.with_suffix(".warnings.txt"), "".join(w + "\n" for w in export.warnings))
    try:
        if target == "mariadb":
            load_mariadb(out, export.statements, path)
        else:
            load_postgres(out, path)
    finally:
        out.seconds = time.monotonic() - start
    return out


#: held by a load whose export makes databases of its own (two such loads at once could make the same one)
_OWN_DATABASES = threading.Lock()


def load_mariadb(out: Outcome, statements, path: Path) -> None:
    wanted = created_databases(statements)
    if wanted:
        with _OWN_DATABASES:
            _load_mariadb(out, wanted, path)
    else:
        _load_mariadb(out, wanted, path)


def _load_mariadb(out: Outcome, wanted: list[str], path: Path) -> None:
    drop_mariadb([out.database])  # a database of this run's name left by an earlier run
    there = set(mariadb_databases())
    clash = [db for db in wanted if db in there]
    if clash:
        out.error = f"not loaded: the export would create {', '.join(clash)}, already on the server"
        return
    mariadb_create(out.database)
    out.created = [out.database, *wanted]
    try:
        mariadb(path.read_text(encoding="utf-8"), out.database)
        out.ok = True
    except LoadError as exc:
        out.error = first_error(exc)
    finally:
        drop_mariadb(out.created)


def drop_mariadb(names: list[str]) -> None:
    """Drop exactly ``names``, with foreign_key_checks off for the session (a key from one of them into
    another refuses a plain DROP DATABASE of the one it references)."""
    conn = mariadb_admin()
    try:
        with conn.cursor() as cur:
            cur.execute("SET SESSION foreign_key_checks = 0")
            for name in names:
                cur.execute(f"DROP DATABASE IF EXISTS `{name.replace('`', '``')}`")
    finally:
        conn.close()


def load_postgres(out: Outcome, path: Path) -> None:
    pg_drop(out.database)
    pg_create(out.database)
    out.created = [out.database]
    try:
        psql(out.database, files=[path])
        out.ok = True
    except LoadError as exc:
        out.error = first_error(exc)
    finally:
        pg_drop(out.database)


def summary(outcomes: list[Outcome], target: str) -> list[str]:
    mine = [o for o in outcomes if o.target == target]
    if not mine:
        return []
    sources = "/".join(sorted({o.source for o in mine}))
    lines = [f"\n== {sources} exported for {target}: {sum(o.ok for o in mine)} of {len(mine)} load"]
    classes = Counter(o.error_class for o in mine if not o.ok)
    for cls, count in classes.most_common():
        label = next((v for k, v in LABELS.items() if k in cls), "")
        names = ", ".join(o.name for o in mine if not o.ok and o.error_class == cls)
        lines.append(f"  {count:3d}  {cls}{f'  [{label}]' if label else ''}\n       {names}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="schemas of LABEL_CASES (default: all of the direction)")
    parser.add_argument("--direction", choices=("mariadb", "postgres", "both"), default="both",
                        help="mariadb: PostgreSQL schemas loaded in MariaDB; postgres: MySQL and SQLite ones "
                             "loaded in PostgreSQL")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--prefix", default="tw_xdial", help="scratch database names: PREFIX_<n>")
    parser.add_argument("--keep", type=Path, help="keep the exports and their warnings in this folder")
    args = parser.parse_args()
    if not re.fullmatch(r"tw_[a-z0-9_]+", args.prefix):
        parser.error("--prefix must be tw_ followed by lower-case letters, digits or _")
    unknown = [n for n in args.names if n not in LABEL_CASES]
    if unknown:
        parser.error(f"not a schema the tests ship: {', '.join(unknown)}")
    directions = {"both": ("mariadb", "postgres")}.get(args.direction, (args.direction,))
    names = [n for n in (args.names or LABEL_CASES) if TARGET.get(LABEL_CASES[n][1]) in directions]
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="tw-cross-dialect-"))
    workdir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(lambda job: run_one(job[1], job[0], args.prefix, workdir), enumerate(names, 1)))
    for o in outcomes:
        status = "pass" if o.ok else "FAIL"
        print(f"{status}  {o.name:28s} {o.source:8s} -> {o.target:8s} {o.seconds:6.1f} s  "
              f"{o.warnings:4d} warnings  {o.error[:220]}")
    for target in ("mariadb", "postgres"):
        for line in summary(outcomes, target):
            print(line)
    print(f"\nexports and warnings in {workdir}")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
