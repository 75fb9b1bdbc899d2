#!/usr/bin/env python3
"""Lint speed, measured:

1. full lint of a generated 2,000-table schema, in process (target < 200 ms);
2. incremental re-lint after editing one column (target < 5 ms);
3. cold ``tablewright lint`` in text, json and sarif (and json with ``--fix-sql``,
   which renders every fix's SQL) on the largest application dump squawk reads
   (sanbase2), side by side with squawk on the same file;
4. ``tablewright lint`` as a whole process on the largest real PostgreSQL schema
   in the corpus (musicbrainz, 10 files) against squawk on the same files, side
   by side: cold (no parse cache) and warm (parse cache filled).

    .venv/bin/python benchmarks/lint_speed.py [--runs N] [--tables N] [--formats-only]

squawk comes from ``pip install squawk-cli`` into the venv (benchmark only).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tablewright.designer.model import (  # noqa: E402
    CheckConstraint, Column, DataType, ForeignKey, Index, IndexElement, PrimaryKey, Schema, Table,
    UniqueConstraint,
)
from tablewright.linting import Config, Engine  # noqa: E402

T = {
    "bigint": DataType("bigint", "bigint"), "int": DataType("integer", "integer"),
    "text": DataType("text", "text"), "varchar": DataType("varchar", "varchar(100)", length=100),
    "tstz": DataType("timestamptz", "timestamptz"), "ts": DataType("timestamp", "timestamp"),
    "num": DataType("numeric", "numeric(12,2)", precision=12, scale=2), "bool": DataType("boolean", "boolean"),
    "jsonb": DataType("jsonb", "jsonb"), "float": DataType("double", "double precision"),
}
WORDS = ["account", "order", "invoice", "product", "customer", "shipment", "ticket", "project", "task", "note",
         "event", "message", "payment", "review", "category", "tag", "store", "warehouse", "employee", "vendor"]
QUALIFIERS = ["sales", "billing", "support", "catalog", "hr", "inventory", "marketing", "crm", "finance", "ops",
              "legal", "partner", "regional", "archive", "mobile", "web", "b2b", "retail", "wholesale", "internal",
              "external", "field", "team", "vendor", "audit"]
KINDS = ["", "_item", "_detail", "_link", "_setting"]


def table_names(n: int, rnd: random.Random) -> list[str]:
    """Distinct, plausible table names (``billing_invoice_item``), no numbers."""
    names = [f"{q}_{w}{k}" for q in QUALIFIERS for w in WORDS for k in KINDS]
    rnd.shuffle(names)
    if n > len(names):
        raise SystemExit(f"at most {len(names)} tables")
    return [nm + "s" if rnd.random() < 0.7 and not nm.endswith("s") else nm for nm in names[:n]]
EXTRA = [("name", "text"), ("title", "varchar"), ("description", "text"), ("status", "varchar"),
         ("price", "num"), ("quantity", "int"), ("is_active", "bool"), ("email", "varchar"), ("score", "float"),
         ("metadata", "jsonb"), ("published_at", "ts"), ("code", "varchar"), ("amount", "num"), ("notes", "text")]


def generate(n_tables: int, seed: int = 7) -> Schema:
    """A realistic schema: ~9 columns, 0-3 foreign keys (mostly indexed), some
    uniques, checks and defects, table names from a business vocabulary."""
    rnd = random.Random(seed)
    schema = Schema(dialect="postgres")
    names = table_names(n_tables, rnd)
    for i in range(n_tables):
        name = names[i]
        t = Table(f"t{i}", name)
        cid = iter(range(10**6))

        def col(cname, kind, nullable=True):
            c = Column(f"t{i}c{next(cid)}", cname, T[kind], nullable=nullable)
            t.columns.append(c)
            return c

        pk = col("id", "bigint", False)
        t.primary_key = PrimaryKey(f"t{i}pk", [pk.id])
        for cname, kind in rnd.sample(EXTRA, rnd.randint(3, 7)):
            col(cname, kind, rnd.random() < 0.5)
        for j in range(rnd.randint(0, 3) if i else 0):
            target = schema.tables[rnd.randrange(len(schema.tables))]
            ref = target.name[:-1] if target.name.endswith("s") else target.name
            c = col(f"{ref}_id" if t.column_named(f"{ref}_id") is None else f"{ref}_{j}_id", "bigint",
                    rnd.random() < 0.3)
            t.foreign_keys.append(ForeignKey(f"t{i}fk{j}", [c.id], target.id, list(target.primary_key.columns),
                                             on_delete=rnd.choice([None, "CASCADE", "RESTRICT"])))
            if rnd.random() < 0.8:
                t.indexes.append(Index(f"t{i}ix{j}", f"{name}_{c.name}_idx", [IndexElement(column=c.id)]))
        col("created_at", "tstz", False)
        col("updated_at", "tstz", False)
        if rnd.random() < 0.3:
            email = t.column_named("email")
            if email is not None:
                t.uniques.append(UniqueConstraint(f"t{i}uq", [email.id], name=f"{name}_email_key"))
        if rnd.random() < 0.3:
            price = t.column_named("price")
            if price is not None:
                t.checks.append(CheckConstraint(f"t{i}ck", "price >= 0", column=price.id))
        schema.tables.append(t)
    return schema


def timeit(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times)


def calibration() -> float:
    """A fixed pure-Python workload, to tell a slow machine from a slow linter."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        sum(range(3_000_000))
        best = min(best, time.perf_counter() - t0)
    return best


def in_process(n_tables: int, runs: int) -> None:
    print(f"machine reference: sum(range(3_000_000)) takes {calibration() * 1000:.0f} ms")
    schema = generate(n_tables)
    cols = sum(len(t.columns) for t in schema.tables)
    config = Config()
    engine = Engine(config)
    findings = engine.run(schema)
    med, best = timeit(lambda: Engine(config).run(schema), runs)
    ref = calibration()
    print(f"full lint, generated schema: {n_tables} tables, {cols} columns, {len(findings)} findings, "
          f"{len(engine.rules)} rules")
    print(f"  median {med * 1000:7.1f} ms   best {best * 1000:7.1f} ms   (target < 200 ms)"
          f"   = {best / ref:.1f} x the machine reference")

    rnd = random.Random(1)
    kinds = [T["int"], T["bigint"], T["float"], T["num"], T["varchar"], T["ts"], T["tstz"]]
    names = ["amount", "price", "status", "email", "password", "user_id", "total", "deleted_at"]

    def edit_one():
        t = schema.tables[rnd.randrange(len(schema.tables))]
        c = t.columns[rnd.randrange(1, len(t.columns))]
        if rnd.random() < 0.5:
            c.type = rnd.choice(kinds)
        else:
            c.name = rnd.choice(names)
        return t.id

    times = []
    for _ in range(max(runs * 20, 200)):
        tid = edit_one()
        t0 = time.perf_counter()
        engine.update(schema, {tid})
        times.append(time.perf_counter() - t0)
    assert [f.to_dict() for f in engine.findings()] == [f.to_dict() for f in Engine(config).run(schema)]
    times.sort()
    print(f"incremental re-lint after one column edit ({len(times)} edits, result checked against a full run)")
    print(f"  median {statistics.median(times) * 1000:7.3f} ms   p95 {times[int(len(times) * .95)] * 1000:7.3f} ms"
          f"   (target < 5 ms)")


def whole_process(runs: int, name: str, rel_files: list[str], dialect: str, tables: int, note: str = "") -> None:
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        corpus = Path("/work/shared/corpus")
    files = [str(corpus / f) for f in rel_files]
    size = sum(Path(f).stat().st_size for f in files)
    bindir = Path(sys.executable).parent
    squawk = shutil.which("squawk", path=str(bindir)) or shutil.which("squawk")
    cache = tempfile.mkdtemp(prefix="tw-bench-cache-")
    pycache = tempfile.mkdtemp(prefix="tw-bench-pyc-")
    # An installed tablewright has its bytecode compiled (pip does it at install
    # time); a checkout run with PYTHONDONTWRITEBYTECODE=1 recompiles ~95 of its
    # modules from source on every start.  Measure the installed case: bytecode
    # goes to a private prefix (the work tree is not touched), written by the
    # first run.
    env = {**os.environ, "TABLEWRIGHT_CACHE_DIR": cache, "PYTHONPYCACHEPREFIX": pycache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env_src = {**os.environ, "TABLEWRIGHT_CACHE_DIR": cache, "PYTHONDONTWRITEBYTECODE": "1"}
    env_src.pop("PYTHONPYCACHEPREFIX", None)
    tw = [sys.executable, "-m", "tablewright.app.cli", "lint", *files, "--dialect", dialect]

    def run(cmd, e=env):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=e)
        dt = time.perf_counter() - t0
        return dt, p

    print(f"whole process on {name} ({len(files)} file{'s' if len(files) > 1 else ''}, {size // 1024} KiB, "
          f"{tables} tables, {dialect}), median of {runs} interleaved runs:{note}")
    _, p = run(tw + ["--no-cache"])  # writes the bytecode
    n_tw = p.stdout.decode().strip().splitlines()[-1]
    run(tw)  # fills the parse cache
    cases = [
        ("tablewright lint (cold: parse every time, --no-cache)", tw + ["--no-cache"], env, n_tw),
        ("tablewright lint (warm parse cache)", tw, env, n_tw),
    ]
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        cases.append(("  same cold run without bytecode (PYTHONDONTWRITEBYTECODE)", tw + ["--no-cache"], env_src, ""))
    if squawk:
        _, p = run([squawk, *files])
        tail = (p.stdout or p.stderr).decode().strip().splitlines()
        summary = next((line for line in reversed(tail) if line.startswith("Found")), tail[-1] if tail else "")
        version = subprocess.run([squawk, "--version"], capture_output=True, text=True).stdout.strip()
        cases.append((f"{version}", [squawk, *files], env, summary))
    times: dict[str, list[float]] = {label: [] for label, *_ in cases}
    for _ in range(runs):  # interleaved, so a load spike hits every command alike
        for label, cmd, e, _note in cases:
            times[label].append(run(cmd, e)[0])
    for label, _cmd, _e, note in cases:
        ts = times[label]
        print(f"  {label:58s} {statistics.median(ts) * 1000:8.0f} ms  (min {min(ts) * 1000:5.0f})   {note}")
    if not squawk:
        print("  squawk (not installed: pip install squawk-cli)")
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(pycache, ignore_errors=True)


def formats(runs: int, name: str, rel_files: list[str], dialect: str) -> None:
    """Cold ``tablewright lint`` (no parse cache) in each output format, and
    squawk on the same file, interleaved, side by side; the json/sarif to text
    ratio and the json time as a share of squawk's are printed."""
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        corpus = Path("/work/shared/corpus")
    files = [str(corpus / f) for f in rel_files]
    bindir = Path(sys.executable).parent
    squawk = shutil.which("squawk", path=str(bindir)) or shutil.which("squawk")
    cache = tempfile.mkdtemp(prefix="tw-bench-cache-")
    pycache = tempfile.mkdtemp(prefix="tw-bench-pyc-")
    env = {**os.environ, "TABLEWRIGHT_CACHE_DIR": cache, "PYTHONPYCACHEPREFIX": pycache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    tw = [sys.executable, "-m", "tablewright.app.cli", "lint", *files, "--dialect", dialect, "--no-cache"]
    cases = [(fmt, tw + ["--format", fmt]) for fmt in ("text", "json", "sarif")]
    # the SQL of every fix, rendered through the migration planner (SQLAlchemy, Alembic): on request only
    cases.append(("json --fix-sql", tw + ["--format", "json", "--fix-sql"]))
    if squawk:
        cases.append((subprocess.run([squawk, "--version"], capture_output=True, text=True).stdout.strip(),
                      [squawk, *files]))
    for _label, cmd in cases:  # bytecode written, first-run effects out of the way
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    times: dict[str, list[float]] = {label: [] for label, _ in cases}
    # CPU time (user + system) too: on a shared, loaded machine the wall time of
    # a run depends on what else runs; its CPU time much less
    cpu: dict[str, list[float]] = {label: [] for label, _ in cases}
    for _ in range(runs):
        for label, cmd in cases:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
            times[label].append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[label].append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
    med = {label: statistics.median(ts) for label, ts in times.items()}
    med_cpu = {label: statistics.median(ts) for label, ts in cpu.items()}
    size = sum(Path(f).stat().st_size for f in files)
    print(f"cold lint by output format on {name} ({size // 1024} KiB, {dialect}), median of {runs} interleaved runs "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
    print(f"  {'':20s} {'wall':>8s}              {'CPU':>8s}")
    for label, _ in cases:
        extra = ""
        if label in ("json", "sarif", "json --fix-sql"):
            extra = (f"  = {med[label] / med['text']:.2f} x text wall, {med_cpu[label] / med_cpu['text']:.2f} x text CPU"
                     + (" (target <= 1.2)" if label != "json --fix-sql" else ""))
        if label == "json" and squawk:
            extra += (f"; {med['json'] / med[cases[-1][0]]:.2f} x squawk wall, "
                      f"{med_cpu['json'] / med_cpu[cases[-1][0]]:.2f} x CPU (target <= 0.25)")
        print(f"  {label:20s} {med[label] * 1000:8.0f} ms  (min {min(times[label]) * 1000:5.0f})"
              f" {med_cpu[label] * 1000:6.0f} ms CPU{extra}")
    if not squawk:
        print("  squawk (not installed: pip install squawk-cli)")
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(pycache, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--tables", type=int, default=2000)
    ap.add_argument("--skip-process", action="store_true", help="only the in-process figures")
    ap.add_argument("--formats-only", action="store_true",
                    help="only the output formats side by side with squawk on the largest application dump")
    ap.add_argument("--skip-phabricator", action="store_true",
                    help="leave out the MySQL comparison (squawk takes ~30 s a run on it)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from corpus_cases import CASES

    # the largest application dump squawk can read (PostgreSQL): sanbase2's structure.sql
    big = CASES["sanbase2"]
    if args.formats_only:
        formats(args.runs, "sanbase2", big[0], big[1])
        return 0
    in_process(args.tables, args.runs)
    if not args.skip_process:
        from corpus_cases import MUSICBRAINZ

        formats(max(3, args.runs // 2), "sanbase2", big[0], big[1])

        # the largest real PostgreSQL schema: both linters read all of it
        whole_process(max(5, args.runs), "musicbrainz", MUSICBRAINZ, "postgres", 375)
        if not args.skip_phabricator:
            # the largest schema in the corpus by tables and bytes is MySQL;
            # squawk reads PostgreSQL only, so most of what it prints there is
            # parse errors (the figure is its time on the same file, no more)
            files, dialect, tables = CASES["phabricator"]
            whole_process(3, "phabricator", files, dialect, tables,
                          "\n  (squawk reads PostgreSQL only: on this MySQL file it reports mostly parse errors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
