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
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from corpus_cases import CORPUS, LOADABLE  # noqa: E402
from engine_load import CORPUS_DIR, drop_case, live_side, load_case  # noqa: E402

from tablewright.designer.diff import diff_sides, load_side  # noqa: E402


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
                url, cleanup = load_case(case, Path(tmp))
                start = time.perf_counter()
                old = load_side([str(CORPUS_DIR / f) for f in case.files], case.dialect)
                new = live_side(url)
                result = diff_sides(old, new, dialect=case.dialect)
                seconds = time.perf_counter() - start
                not_compared = sum(int(n.split()[0]) for n in result.notes if "statements not compared" in n)
                rows.append((name, case.engine, len(new.schema.tables), len(result.changes), not_compared,
                             f"{seconds:.2f}"))
                details += [f"{name}: {c}"[:300] for c in result.changes[:args.show]]
            except Exception as exc:  # noqa: BLE001 - one schema's failure is a row, not the end
                rows.append((name, case.engine, "-", f"error: {type(exc).__name__}: {exc}"[:80], "-", "-"))
            finally:
                drop_case(cleanup)
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
