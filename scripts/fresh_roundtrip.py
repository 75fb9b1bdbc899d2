"""Round trip of the fresh held-out MySQL schemas through MariaDB, the engine as the oracle.

    scripts/fresh_roundtrip [--keep DIR] [--show N] [--jobs N] [NAME ...]

For every schema of ``tests/precision_cases.py`` FRESH_CASES whose dialect is mysql
(or the NAMEs given):

1. the original files are loaded into a fresh MariaDB database as a user loads
   them (``mariadb db < file``, here with ``--force`` so every refused statement
   is counted, not only the first);
2. ``tablewright export FILES --source-dialect mysql --dialect mysql`` (the
   command a user runs) writes the export, which is loaded the same way into
   another fresh database;
3. both catalogs are read from the engine (``tests/engine_catalog.py``) and diffed.

Prints one row per schema: errors loading the original, errors loading the
export, tables in each, catalog differences; then the errors and the first
differences.  Exit 1 when any export has a load error or a difference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from precision_cases import FRESH_CASES, FRESH_DIR  # noqa: E402

from tests import engine_catalog  # noqa: E402
from tests.engines import LoadError, mariadb, mariadb_admin, mariadb_create, mariadb_drop, unique_name  # noqa: E402
from tests.roundtrip_corpus import export  # noqa: E402


@dataclass
class Result:
    name: str
    original_errors: list[str] = field(default_factory=list)
    export_errors: list[str] = field(default_factory=list)
    tables_original: int = 0
    tables_export: int = 0
    differences: list[str] = field(default_factory=list)
    failure: str | None = None  # the export command failed
    seconds: float = 0.0


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("ERROR")]


def sweep_one(name: str, workdir: Path) -> Result:
    files, dialect = FRESH_CASES[name]
    paths = [FRESH_DIR / f for f in files]
    result = Result(name)
    start = time.perf_counter()
    a, b = unique_name("tw_fr"), unique_name("tw_fr")
    try:
        mariadb_create(a)
        mariadb_create(b)
        result.original_errors = _errors(mariadb(database=a, files=paths, force=True))
        out = workdir / f"{name}.export.sql"
        try:
            export(SimpleNamespace(dialect=dialect), paths, out)
        except LoadError as exc:
            result.failure = str(exc)
            return result
        result.export_errors = _errors(mariadb(database=b, files=[out], force=True))
        original = engine_catalog.mariadb_catalog(mariadb_admin, {a: "X"})
        trip = engine_catalog.mariadb_catalog(mariadb_admin, {b: "X"})
    finally:
        mariadb_drop(a, exact=True)
        mariadb_drop(b, exact=True)
        result.seconds = time.perf_counter() - start
    result.tables_original = engine_catalog.table_count(original)
    result.tables_export = engine_catalog.table_count(trip)
    result.differences = engine_catalog.diff(original, trip)
    if result.differences:
        (workdir / f"{name}.differences.txt").write_text("\n".join(result.differences))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="fresh schemas (default: every mysql one)")
    parser.add_argument("--keep", type=Path, help="keep exports and difference lists in this folder")
    parser.add_argument("--show", type=int, default=5, help="errors and differences to print per schema")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    names = args.names or [n for n, (_, d) in FRESH_CASES.items() if d == "mysql"]
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="tw-fresh-rt-"))
    workdir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda n: sweep_one(n, workdir), names))
    print("| schema | original load errors | export load errors | tables (original) | tables (export) "
          "| catalog differences |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        if r.failure:
            print(f"| {r.name} | {len(r.original_errors)} | EXPORT FAILED | - | - | - |")
        else:
            print(f"| {r.name} | {len(r.original_errors)} | {len(r.export_errors)} | {r.tables_original} "
                  f"| {r.tables_export} | {len(r.differences)} |")
    bad = [r for r in results if r.failure or r.export_errors or r.differences or r.original_errors]
    for r in bad:
        print(f"\n## {r.name} ({r.seconds:.1f} s)")
        if r.failure:
            print(r.failure[:1500])
        for label, lines in (("original load", r.original_errors), ("export load", r.export_errors),
                             ("difference", r.differences)):
            for line in lines[: args.show]:
                print(f"  {label}: {line[:400]}")
            if len(lines) > args.show:
                print(f"  ... {len(lines) - args.show} more {label} lines")
    print(f"\nexports and differences in {workdir}")
    return 1 if any(r.failure or r.export_errors or r.differences for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
