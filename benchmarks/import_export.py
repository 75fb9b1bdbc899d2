"""Import and export times for the largest corpus schemas.

    .venv/bin/python benchmarks/import_export.py [--repeat N]

Prints, per schema, the best wall time over N runs of: DDL import (sqlglot →
model), same-dialect export (model → SQLAlchemy → DDL), and the two together,
plus the same for the whole `tablewright import … && tablewright export …`
pipeline as separate processes (what a user waits for)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tablewright.designer.ddl_export import export_ddl  # noqa: E402
from tablewright.designer.ddl_import import import_ddl  # noqa: E402
from tests.corpus_cases import CASES  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SCHEMAS = ["musicbrainz", "phabricator", "synapse-pg", "omop-pg"]


def best(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    exe = ROOT / ".venv" / "bin" / "tablewright"
    print(f"{'schema':14} {'tables':>6} {'import':>9} {'export':>9} {'both':>9} {'CLI import+export':>19}")
    for name in SCHEMAS:
        files, dialect, _ = CASES[name]
        paths = [CORPUS / f for f in files]
        t_import, result = best(lambda: import_ddl(paths, dialect), args.repeat)
        t_export, _ = best(lambda: export_ddl(result.schema, dialect), args.repeat)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out.sql"
            cmd = [str(exe), "export", *map(str, paths), "--source-dialect", dialect, "--dialect", dialect, "-o", str(out)]
            t_cli, _ = best(lambda: subprocess.run(cmd, check=True, capture_output=True), max(1, args.repeat // 2))
        print(f"{name:14} {len(result.schema.tables):6} {t_import:8.3f}s {t_export:8.3f}s "
              f"{t_import + t_export:8.3f}s {t_cli:18.3f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
