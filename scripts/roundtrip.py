"""Print the round-trip table for the corpus: schema, engine, tables, identical.

    scripts/roundtrip [--jobs N] [--keep DIR] [--show N] [NAME ...]
    scripts/roundtrip --fresh [--jobs N] [--keep DIR] [--show N] [NAME ...]

Every schema an engine here loads runs (``tests.corpus_cases.LOADABLE``); the
others are listed with the reason they cannot load.  ``--fresh``: the fresh
held-out schemas instead (tests/fixtures/heldout, ``FRESH_CASES``: PostgreSQL
ones through PostgreSQL after the extensions their installers create, MySQL
ones through MariaDB).  Each: the original loaded as a user loads it
(``psql -f``, ``mariadb <``, ``sqlite3``), ``tablewright export`` loaded the same
way into another database, both catalogs compared (tests/roundtrip_corpus.py).
Exit 1 when any schema is not identical."""

from __future__ import annotations

import argparse
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from precision_cases import FRESH_CASES, fresh_case  # noqa: E402

from tests.corpus_cases import CORPUS, LOADABLE  # noqa: E402
from tests.roundtrip_corpus import LoadError, Outcome, round_trip  # noqa: E402


def print_failures(outcomes: list[Outcome], show: int, workdir: Path) -> list[Outcome]:
    """Each schema that is not identical: its error and its first ``show`` differences."""
    failed = [o for o in outcomes if not o.identical]
    for o in failed:
        print(f"\n## {o.name} ({o.seconds:.1f} s)")
        if o.error:
            print(o.error[:1500])
        for line in o.differences[:show]:
            print("  " + line[:400])
        if len(o.differences) > show:
            print(f"  ... {len(o.differences) - show} more in {workdir / o.name}/{o.name}.differences.txt")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="schemas (default: every loadable corpus one, or every fresh one)")
    parser.add_argument("--fresh", action="store_true", help="the fresh held-out schemas, not the corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep exports and difference lists in this folder")
    parser.add_argument("--show", type=int, default=5, help="differences to print per schema")
    args = parser.parse_args()
    names = args.names or (list(FRESH_CASES) if args.fresh else LOADABLE)
    unknown = [n for n in names if n not in (FRESH_CASES if args.fresh else CORPUS)]
    if unknown:
        parser.error(f"not {'a fresh' if args.fresh else 'a corpus'} schema: {', '.join(unknown)}")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="tw-roundtrip-"))

    def run(name: str) -> Outcome:
        case = fresh_case(name) if args.fresh else CORPUS[name]
        try:
            return round_trip(case, workdir / name)
        except LoadError as exc:
            out = Outcome(name, case.engine or "-")
            out.error = f"the ORIGINAL does not load: {exc}"
            return out

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(run, names))
    print("| schema | engine | tables (original) | tables (round trip) | identical |")
    print("|---|---|---:|---:|---|")
    for o in outcomes:
        print(o.row())
    if not args.names and not args.fresh:
        for case in CORPUS.values():
            if case.name not in LOADABLE:
                print(f"| {case.name} | {case.engine or 'none'} | - | - | not loadable here: {case.not_loadable} |")
    failed = print_failures(outcomes, args.show, workdir)
    print(f"\n{sum(o.identical for o in outcomes)} of {len(outcomes)} identical; "
          f"{sum(o.seconds for o in outcomes):.0f} s of work; exports in {workdir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
