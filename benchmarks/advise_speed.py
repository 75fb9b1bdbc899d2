#!/usr/bin/env python3
"""How long `tablewright advise` takes without --verify: N generated queries over
MusicBrainz (375 tables), read, resolved against the model, linted (query rules)
and turned into index advice.  Target (issue 11): 1,000 queries in under 5 s.

    nice -n 10 .venv/bin/python benchmarks/advise_speed.py [--queries 1000] [--repeat 3]

The queries are drawn (seeded) from the model's tables: lookups by a column,
filters with a range and ORDER BY ... LIMIT, joins along foreign keys from a
filtered parent, updates and deletes by key; written to a temporary .sql file
and run through the command's own pipeline (tablewright.app.commands.advise).
The schema load is timed apart (the parse cache makes it ~0.1 s warm).
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus_cases import MUSICBRAINZ  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" if (ROOT.parent / "shared" / "corpus").is_dir() else Path("/work/shared/corpus")


def generate(schema, n: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    tables = [t for t in schema.tables if len(t.columns) >= 3]
    out = []
    for i in range(n):
        t = rng.choice(tables)
        cols = [c.name for c in t.columns]
        a, b, c = rng.sample(cols, 3)
        shape = i % 6
        if shape == 0:
            out.append(f"SELECT {a}, {b} FROM {t.name} WHERE {c} = ${1};")
        elif shape == 1:
            out.append(f"SELECT {a} FROM {t.name} WHERE {b} = $1 AND {c} > $2 ORDER BY {c} LIMIT 20;")
        elif shape == 2 and t.foreign_keys:
            fk = rng.choice(t.foreign_keys)
            parent = schema.table(fk.ref_table) if fk.ref_table else None
            if parent is not None and parent.columns:
                pcol = rng.choice(parent.columns).name
                out.append(f"SELECT x.{a}, p.{pcol} FROM {t.name} x JOIN {parent.name} p ON "
                           f"p.{parent.column_names(fk.ref_columns)[0]} = x.{t.column_names(fk.columns)[0]} "
                           f"WHERE p.{pcol} = $1;")
                continue
            out.append(f"SELECT * FROM {t.name} WHERE {a} IN ($1, $2);")
        elif shape == 3:
            out.append(f"UPDATE {t.name} SET {a} = $1 WHERE {b} = $2;")
        elif shape == 4:
            out.append(f"SELECT count(*) FROM {t.name} WHERE {a} = $1 OR {b} = $2;")
        else:
            out.append(f"DELETE FROM {t.name} WHERE {a} = $1 AND {b} IS NULL;")
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    from tablewright.designer.sources import load_sources
    from tablewright.linting.config import Config
    from tablewright.linting.engine import Engine
    from tablewright.linting.workload import read_workload
    from tablewright.linting.workload.advice import advise
    from tablewright.linting.workload.analysis import analyse
    from tablewright.linting.workload.report import advice_data, render

    t0 = time.perf_counter()
    schema = load_sources([str(CORPUS / f) for f in MUSICBRAINZ], "postgres").schema
    load = time.perf_counter() - t0
    text = generate(schema, args.queries)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "workload.sql"
        path.write_text(text)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            wl = read_workload([str(path)], "postgres")
            analysis = analyse(wl, schema)
            adv = advise(analysis)
            found = Engine(Config(select=["queries"]), workload=analysis).run(schema)
            render("json", advice_data(adv, analysis, found))
            times.append(time.perf_counter() - t0)
    print(f"MusicBrainz ({len(schema.tables)} tables, schema load {load:.2f} s): {len(wl.queries)} queries "
          f"({len(wl.issues)} issues) -> {len(adv.indexes)} indexes advised, {len(found)} query findings")
    print("runs:", " ".join(f"{t:.2f}" for t in times))
    print(f"advise without --verify: best {min(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s "
          f"over {args.repeat} runs (target < 5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
