"""How long ``tablewright diff`` takes between a schema's DDL files and the
live database built from them (target: MusicBrainz under 3 s).

    .venv/bin/python benchmarks/diff_live.py                 # musicbrainz
    .venv/bin/python benchmarks/diff_live.py sakila-pg --runs 5

Loads the schema into its engine with the engine's client (a fresh database,
dropped at the end), then times the whole command as a user runs it (a new
process: ``tablewright diff FILES URL``, best and median of ``--runs``) and,
in this process, its parts: reading the files, reading the database, the
comparison.  Prints the figures and the number of changes found (0: no false
differences).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from corpus_cases import CORPUS  # noqa: E402
from engine_load import CORPUS_DIR, drop_case, load_case  # noqa: E402


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", nargs="?", default="musicbrainz", help="corpus schema (default: musicbrainz)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    case = CORPUS[args.name]
    files = [str(CORPUS_DIR / f) for f in case.files]
    with tempfile.TemporaryDirectory() as tmp:
        url, cleanup = load_case(case, Path(tmp))
        try:
            from tablewright.designer.diff import diff_sides, load_side

            old, t_files = _timed(lambda: load_side(files, case.dialect))
            new, t_live = _timed(lambda: load_side(url))
            result, t_diff = _timed(lambda: diff_sides(old, new, dialect=case.dialect))
            cli, cpu = [], []
            for _ in range(args.runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                proc = subprocess.run([sys.executable, "-m", "tablewright.app.cli", "diff", ",".join(files), url,
                                       "--dialect", case.dialect], cwd=ROOT, capture_output=True, text=True)
                cli.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            print(f"{args.name}: {len(new.schema.tables)} tables live, {len(old.schema.raw)} verbatim statements")
            print(f"  tablewright diff (new process, {args.runs} runs): best {min(cli):.2f} s, "
                  f"median {statistics.median(cli):.2f} s, exit code {proc.returncode}")
            print(f"  CPU time of that process (user + system; what the load of a shared machine does not "
                  f"inflate): best {min(cpu):.2f} s, median {statistics.median(cpu):.2f} s")
            print(f"  in process: files {t_files:.2f} s, database {t_live:.2f} s, compare {t_diff:.2f} s")
            print(f"  machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
            print(f"  changes reported: {len(result.changes)} (the database was built from the files: "
                  "each one is a false difference)")
            for change in result.changes[:10]:
                print(f"    {change}"[:200])
        finally:
            drop_case(cleanup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
