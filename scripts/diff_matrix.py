"""False differences, per corpus schema and engine: each loadable corpus
schema is loaded into its engine with the engine's own client (psql, mysql,
sqlite3), read back live, and ``diff`` compares the schema's files with that
database.  Every change reported is a false difference (nothing was changed).

    .venv/bin/python scripts/diff_matrix.py            # every loadable schema (heavy ones too)
    .venv/bin/python scripts/diff_matrix.py sakila-pg hexpm
    .venv/bin/python scripts/diff_matrix.py --light    # leave out the heavy ones

Prints a Markdown table: schema, engine, tables, false differences, statements
not compared (kinds the live import does not read), seconds; then the first
false differences of each schema.  Exit 1 when any schema has one.  Each run
makes uniquely named databases and drops them.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from corpus_cases import CORPUS, LOADABLE  # noqa: E402
from engine_load import load_mariadb, load_sqlite  # noqa: E402

from designer.diff import diff_sides, load_side  # noqa: E402

CORPUS_DIR = ROOT.parent / "shared" / "corpus"
PG = ("127.0.0.1", 5432, "postgres")
MARIADB = ("127.0.0.1", 3306, "root")


def _pg(sql: str, db: str = "postgres") -> str:
    proc = subprocess.run(["psql", "-X", "-q", "-At", "-h", PG[0], "-p", str(PG[1]), "-U", PG[2], "-d", db, "-c", sql],
                          capture_output=True, text=True, timeout=120)
    return proc.stdout


def _mysql(sql: str) -> str:
    proc = subprocess.run(["mysql", "-h", MARIADB[0], "-P", str(MARIADB[1]), "-u", MARIADB[2], "-N", "-e", sql],
                          capture_output=True, text=True, timeout=120)
    return proc.stdout


def load(case, workdir: Path) -> tuple[str, list]:
    """Load ``case`` into its engine; returns the URL to diff against and what to clean up."""
    files = [CORPUS_DIR / f for f in case.files]
    name = f"tw_diff_{secrets.token_hex(5)}"
    if case.engine == "postgres":
        _pg(f'CREATE DATABASE "{name}"')
        for role in case.roles:
            _pg(f"DO $$BEGIN CREATE ROLE \"{role}\"; EXCEPTION WHEN duplicate_object THEN NULL; END$$")
        for schema in case.pre_create_schemas:
            _pg(f'CREATE SCHEMA "{schema}"', name)
        env = {**os.environ, "PGOPTIONS": "--client-min-messages=warning"
               + (f" -c search_path={case.search_path}" if case.search_path else "")}
        args = ["psql", "-X", "-q", "-h", PG[0], "-p", str(PG[1]), "-U", PG[2], "-d", name]
        for f in files:
            args += ["-f", str(f)]
        # a file that makes its own database and connects to it (\\c chinook): that one is compared
        connects = [line.split()[1].strip(";") for f in files
                    for line in f.read_text(errors="replace").splitlines() if line.startswith("\\c ")]
        subprocess.run(args, capture_output=True, text=True, env=env, timeout=900)
        target = connects[-1] if connects else name
        return f"postgresql://{PG[2]}@{PG[0]}:{PG[1]}/{target}", [("pg", d) for d in dict.fromkeys([name, target])]
    if case.engine == "mariadb":
        before = set(_mysql("SHOW DATABASES").split())
        _mysql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        load_mariadb(f"mysql://{MARIADB[2]}@{MARIADB[0]}:{MARIADB[1]}/{name}", files)
        made = sorted(set(_mysql("SHOW DATABASES").split()) - before - {name})
        used = [line.split()[1].strip("`;") for f in files
                for line in f.read_text(errors="replace").splitlines() if line.upper().startswith("USE ")]
        cleanup = [("mysql", d) for d in [name, *made]]
        # a file that makes and USEs its own database (it may have existed before: dropped and made again)
        target = made[0] if len(made) == 1 else (used[0] if len(set(used)) == 1 else name)
        if len(made) > 1:
            return f"mysql://{MARIADB[2]}@{MARIADB[0]}:{MARIADB[1]}", cleanup  # all its databases
        return f"mysql://{MARIADB[2]}@{MARIADB[0]}:{MARIADB[1]}/{target}", cleanup
    db = workdir / f"{name}.db"
    load_sqlite(db, files)
    return f"sqlite:///{db}", []


def drop(cleanup) -> None:
    for engine, name in cleanup:
        if engine == "pg":
            _pg(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
            _pg(f'DROP DATABASE IF EXISTS "{name}"')
        else:
            _mysql(f"DROP DATABASE IF EXISTS `{name}`")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="corpus schemas (default: every loadable one)")
    parser.add_argument("--light", action="store_true", help="leave out the heavy schemas")
    parser.add_argument("--show", type=int, default=8, help="false differences shown per schema")
    args = parser.parse_args(argv)
    names = args.names or [n for n in LOADABLE if not (args.light and CORPUS[n].heavy)]
    rows, details = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            case = CORPUS[name]
            cleanup = []
            try:
                url, cleanup = load(case, Path(tmp))
                start = time.perf_counter()
                old = load_side([str(CORPUS_DIR / f) for f in case.files], case.dialect)
                new = load_side(url)
                result = diff_sides(old, new, dialect=case.dialect)
                seconds = time.perf_counter() - start
                not_compared = sum(int(n.split()[0]) for n in result.notes if "statements not compared" in n)
                rows.append((name, case.engine, len(new.schema.tables), len(result.changes), not_compared,
                             f"{seconds:.2f}"))
                details += [f"{name}: {c}"[:300] for c in result.changes[:args.show]]
            except Exception as exc:  # noqa: BLE001 - one schema's failure is a row, not the end
                rows.append((name, case.engine, "-", f"error: {type(exc).__name__}: {exc}"[:80], "-", "-"))
            finally:
                drop(cleanup)
            print(f"  {' | '.join(map(str, rows[-1]))}", file=sys.stderr, flush=True)
    print("| schema | engine | tables (live) | false differences | statements not compared | seconds |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(map(str, row)) + " |")
    if details:
        print("\nFalse differences:")
        print("\n".join(f"- {d}" for d in details))
    return 1 if any(r[3] != 0 for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
