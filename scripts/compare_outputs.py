"""Write what Tablewright makes of every corpus schema, or compare two such folders.

    scripts/compare_outputs.py write DIR [NAME ...] [--skip-heavy]
    scripts/compare_outputs.py compare BEFORE AFTER [--show N]

``write`` runs the command line (in this process, as a user would type it, from
the corpus folder so every path in the outputs is relative) on each corpus schema
of ``tests/corpus_cases.py``:

- ``tablewright import FILES --dialect D``        -> ``NAME/import.twproj`` (+ ``.err``)
- ``tablewright lint FILES --format json --fix-sql`` -> ``NAME/lint.json`` (fix SQL included)
- ``tablewright export import.twproj --dialect X`` for every dialect, and as DBML and
  Mermaid                                         -> ``NAME/export.X.sql`` ...
- scripted edits on the imported project (the most referenced table and, when there is
  one, a partition or inheritance parent renamed, a column renamed, a column added, a
  table without references deleted), then
  ``tablewright migrate import.twproj edited.twproj --dialect D`` up and ``--down``
                                                  -> ``NAME/migrate.up.sql`` ...
  and the edited project exported for D          -> ``NAME/export.edited.sql``

Each command's exit code goes to ``NAME/codes.txt``; stderr to ``*.err`` next to
its output.  ``compare`` lists the files only one side has and, for each file that
differs byte for byte, the first lines of a unified diff; exit 1 when anything differs.
Use it before and after a change that must not change any output: write BEFORE on the
old commit, AFTER on the new one, compare."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus_cases import CORPUS, CORPUS_DIR  # noqa: E402

EXPORT_DIALECTS = ("postgres", "mysql", "mariadb", "sqlite", "mssql")
# the engine a corpus schema's own migration is written for
MIGRATE_DIALECT = {"postgres": "postgres", "mysql": "mysql", "sqlite": "sqlite", "mssql": "mssql"}


def _run(argv: list[str], paths: dict[str, str]) -> tuple[int, str, str]:
    """``tablewright ARGV`` in this process: (exit code, stdout, stderr), with the
    ``paths`` (output and temporary folders) replaced by their labels."""
    from tablewright.app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    texts = [out.getvalue(), err.getvalue()]
    for path, label in paths.items():
        texts = [t.replace(path, label) for t in texts]
    return code, texts[0], texts[1]


def _scripted_edits(project_path: Path, edited_path: Path) -> list[str]:
    """Apply a fixed set of edits to the project and save it as ``edited_path``;
    returns what was done (one line each), written next to the migrations."""
    from tablewright.designer import edits
    from tablewright.designer.model import DataType
    from tablewright.designer.project import load_project, save_project

    project = load_project(project_path)
    schema = project.schema
    done: list[str] = []
    if not schema.tables:
        return done
    incoming: dict[str, int] = {}
    for _table, fk in schema.foreign_keys():
        if fk.ref_table:
            incoming[fk.ref_table] = incoming.get(fk.ref_table, 0) + 1

    def key(t):
        return (-incoming.get(t.id, 0), t.namespace or "", t.name)

    target = sorted(schema.tables, key=key)[0]
    # a partition or inheritance parent, renamed: its children must follow
    parent_ids = {t.options.partition_of for t in schema.tables if t.options.partition_of}
    parent_ids |= {p for t in schema.tables for p in t.options.inherits}
    parents = sorted((t for t in schema.tables if t.id in parent_ids and t.id != target.id),
                     key=lambda t: (t.namespace or "", t.name))
    renamed = [target] + parents[:1]
    for table in renamed:
        edit = edits.rename_table(schema, table.id, table.name + "_renamed")
        edit.apply(schema)
        done.append(f"rename table {table.qualified_name} -> {table.name}_renamed")
    target = schema.table(target.id)
    pk = set(target.primary_key.columns) if target.primary_key else set()
    others = [c for c in target.columns if c.id not in pk]
    if others:
        column = others[0]
        old = column.name
        edits.rename_column(schema, target.id, column.id, old + "_renamed").apply(schema)
        done.append(f"rename column {target.name}.{old} -> {old}_renamed")
    if not any(c.name == "tw_added" for c in target.columns):
        edits.add_column(schema, target.id, "tw_added", DataType("varchar", "varchar(40)", length=40)).apply(schema)
        done.append(f"add column {target.name}.tw_added varchar(40)")
    referenced = {fk.ref_table for _t, fk in schema.foreign_keys()}
    parents_ids = {t.id for t in parents}
    loose = [t for t in schema.tables
             if t.id not in referenced and t.id not in parents_ids and t.id != target.id
             and not t.options.partition_of and not t.options.inherits]
    if loose:
        victim = sorted(loose, key=lambda t: (t.namespace or "", t.name))[-1]
        edits.delete_table(schema, victim.id).apply(schema)
        done.append(f"delete table {victim.qualified_name}")
    save_project(edited_path, project)
    return done


def write(out_dir: Path, names: list[str], skip_heavy: bool) -> int:
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="tw-compare-home-"))
    os.environ["HOME"] = str(home)  # the lint cache and crash logs: never the user's
    os.environ["XDG_CACHE_HOME"] = str(home / ".cache")
    os.environ["XDG_STATE_HOME"] = str(home / ".state")
    os.environ["XDG_DATA_HOME"] = str(home / ".data")
    (home / "tablewright.toml").write_text("")  # an empty config: defaults, whatever the machine has
    config = str(home / "tablewright.toml")
    os.chdir(CORPUS_DIR)  # relative paths: outputs independent of where the checkout is
    started = time.perf_counter()
    for case in (CORPUS[n] for n in names):
        if skip_heavy and case.heavy:
            continue
        if not all((CORPUS_DIR / f).is_file() for f in case.files):
            print(f"{case.name}: corpus files missing, skipped", file=sys.stderr)
            continue
        t0 = time.perf_counter()
        dest = out_dir / case.name
        dest.mkdir(exist_ok=True)
        codes: list[str] = []
        paths = {str(dest): "<out>"}

        def record(label: str, argv: list[str], output: str) -> str:
            code, stdout, stderr = _run(argv, paths)
            codes.append(f"{label}\t{code}")
            (dest / output).write_text(stdout)
            (dest / (output + ".err")).write_text(stderr)
            return stdout

        project = dest / "import.twproj"
        record("import", ["import", *case.files, "--dialect", case.dialect], "import.twproj")
        record("lint", ["lint", *case.files, "--dialect", case.dialect, "--format", "json", "--fix-sql", "--no-cache",
                        "--config", config], "lint.json")
        for dialect in EXPORT_DIALECTS:
            record(f"export {dialect}", ["export", str(project), "--dialect", dialect], f"export.{dialect}.sql")
        record("export dbml", ["export", str(project), "--format", "dbml"], "export.dbml")
        record("export mermaid", ["export", str(project), "--format", "mermaid"], "export.mmd")
        with tempfile.TemporaryDirectory() as tmp:
            edited = Path(tmp) / "edited.twproj"
            paths[tmp] = "<tmp>"
            try:
                done = _scripted_edits(project, edited)
            except Exception as exc:  # the script records it; the comparison shows it
                done = [f"scripted edits failed: {type(exc).__name__}: {exc}"]
            (dest / "edits.txt").write_text("".join(line + "\n" for line in done))
            if edited.is_file():
                dialect = MIGRATE_DIALECT[case.dialect]
                for label, extra in (("up", []), ("down", ["--down"])):
                    record(f"migrate {label}", ["migrate", str(project), str(edited), "--dialect", dialect, *extra],
                           f"migrate.{label}.sql")
                # the edited model exported: renamed parents must show in their children
                record("export edited", ["export", str(edited), "--dialect", dialect], "export.edited.sql")
        (dest / "codes.txt").write_text("".join(c + "\n" for c in codes))
        print(f"{case.name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print(f"wrote {out_dir} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


def compare(before: Path, after: Path, show: int) -> int:
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}

    a, b = files(before), files(after)
    differ = 0
    for name in sorted(a - b):
        print(f"only in {before}: {name}")
        differ += 1
    for name in sorted(b - a):
        print(f"only in {after}: {name}")
        differ += 1
    same = 0
    for name in sorted(a & b):
        old, new = (before / name).read_bytes(), (after / name).read_bytes()
        if old == new:
            same += 1
            continue
        differ += 1
        diff = list(difflib.unified_diff(old.decode(errors="replace").splitlines(),
                                         new.decode(errors="replace").splitlines(),
                                         f"before/{name}", f"after/{name}", lineterm="", n=1))
        changed = sum(1 for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---"))
        print(f"differs: {name} ({changed} lines changed)")
        for line in diff[2:2 + show]:
            print("    " + line[:300])
        if len(diff) > 2 + show:
            print(f"    ... {len(diff) - 2 - show} more diff lines")
    print(f"{same} files identical, {differ} differ or exist on one side only")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    w = sub.add_parser("write", help="write every output for the corpus schemas to DIR")
    w.add_argument("dir", type=Path)
    w.add_argument("names", nargs="*", help="corpus schemas (default: all)")
    w.add_argument("--skip-heavy", action="store_true", help="leave out the schemas marked heavy")
    c = sub.add_parser("compare", help="compare two folders written by `write`, byte for byte")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=12, help="diff lines to print per differing file")
    args = parser.parse_args()
    if args.mode == "write":
        unknown = [n for n in args.names if n not in CORPUS]
        if unknown:
            parser.error("unknown corpus schema: " + ", ".join(unknown))
        return write(args.dir, args.names or list(CORPUS), args.skip_heavy)
    return compare(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
