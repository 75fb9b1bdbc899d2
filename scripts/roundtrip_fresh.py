"""Engine round trip of every fresh held-out PostgreSQL schema (tests/fixtures/heldout/).

    scripts/roundtrip_fresh [--jobs N] [--keep DIR] [--show N] [NAME ...]

For each ``FRESH_CASES`` schema whose dialect is postgres: load the original with
``psql -X -v ON_ERROR_STOP=1 -f`` into a fresh database (after the extensions the
applications' installers create first), ``tablewright export --source-dialect postgres
--dialect postgres`` (the project's importer and exporter, as a user runs them), load
the export the same way into another fresh database prepared the same way, and diff
the two catalogs (tests/engine_catalog.py).  Prints per schema: whether each load
worked, the number of catalog differences and the first few.  Exit 1 when any
schema is not identical."""

from __future__ import annotations

import argparse
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from precision_cases import FRESH_CASES, FRESH_DIR  # noqa: E402

from tests.corpus_cases import CorpusCase  # noqa: E402
from tests.roundtrip_corpus import LoadError, Outcome, _compare, _pg_catalog, export  # noqa: E402
from tests.engines import pg_create, pg_drop, psql, unique_name  # noqa: E402

from roundtrip import print_failures  # noqa: E402  (scripts/roundtrip.py)

# what the applications' installers create before their schema file (as tests/linting/test_fix_engines.py)
EXTENSIONS = ("hstore", "pgcrypto", "citext")


def _prepare(db: str) -> None:
    psql(db, commands=[f"CREATE EXTENSION IF NOT EXISTS {e}" for e in EXTENSIONS])


def round_trip(name: str, workdir: Path) -> Outcome:
    import time

    files = [FRESH_DIR / f for f in FRESH_CASES[name][0]]
    case = CorpusCase(name, [str(f) for f in files], "postgres", 0, "postgres")
    outcome = Outcome(name, "postgres")
    workdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    a, b = unique_name("tw_rtf"), unique_name("tw_rtf")
    try:
        pg_create(a)
        _prepare(a)
        try:
            psql(a, files=files)
        except LoadError as exc:
            outcome.error = f"the ORIGINAL does not load: {exc}"
            return outcome
        out = workdir / f"{name}.export.sql"
        export(case, files, out)
        outcome.export_path = out
        pg_create(b)
        _prepare(b)
        try:
            psql(b, files=[out])
        except LoadError as exc:
            outcome.error = f"the export does not load: {exc}"
        original, trip = _pg_catalog(a), _pg_catalog(b)
    finally:
        for db in (a, b):
            pg_drop(db)
    _compare(original, trip, outcome)
    outcome.seconds = time.perf_counter() - start
    if outcome.differences:
        (workdir / f"{name}.differences.txt").write_text("\n".join(outcome.differences))
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="fresh schemas (default: every postgres one)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep exports and difference lists in this folder")
    parser.add_argument("--show", type=int, default=5, help="differences to print per schema")
    args = parser.parse_args()
    names = args.names or [n for n, (_, dialect) in FRESH_CASES.items() if dialect == "postgres"]
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="tw-roundtrip-fresh-"))

    def run(name: str) -> Outcome:
        try:
            return round_trip(name, workdir / name)
        except LoadError as exc:
            out = Outcome(name, "postgres")
            out.error = str(exc)
            return out

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(run, names))
    print("| schema | tables (original) | tables (round trip) | load errors | differences |")
    print("|---|---:|---:|---|---:|")
    for o in outcomes:
        load = "none" if not o.error else o.error.split(":", 1)[0]
        print(f"| {o.name} | {o.tables_original} | {o.tables_round_trip} | {load} | {len(o.differences)} |")
    failed = print_failures(outcomes, args.show, workdir)
    print(f"\n{sum(o.identical for o in outcomes)} of {len(outcomes)} identical; "
          f"{sum(len(o.differences) for o in outcomes)} differences; exports in {workdir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
