#!/usr/bin/env python3
"""Precision of the high and critical findings on labelled real schemas.

Every high or critical finding the review raises on the application dumps of
../shared/corpus (tests/precision_cases.py) is labelled by hand in
tests/linting/precision/<schema>.yaml, keyed by its identity
``RULE table.column [key]``, as ``right``, ``debatable`` or ``wrong`` with a
one-line reason, judged as a senior reviewer would, reading the DDL around it.

    .venv/bin/python scripts/precision.py                 # precision per rule, per schema, held out; per table
    .venv/bin/python scripts/precision.py --unlabelled    # print the findings that need a label (YAML lines)
    .venv/bin/python scripts/precision.py --check         # exit 1 when a finding is unlabelled

A label file may cover some rules only (``rules: [TW201]``): every finding of those rules on
that schema is labelled, the others are not measured there.

Precision is ``right / labelled``: debatable counts against it.  The held-out
schemas (HELD_OUT) are reported on their own: hexpm and graphile-starter were
held out first, then read to change TW401 (so no longer unseen); synapse-pg was
added then, unseen until labelled.  The per-table density is over the
applications only (APP_CASES), not the reference schemas.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from precision_cases import APP_CASES, HELD_OUT, LABEL_CASES, app_files  # noqa: E402

CORPUS = (ROOT.parent / "shared" / "corpus") if (ROOT.parent / "shared" / "corpus").is_dir() \
    else Path("/work/shared/corpus")
LABELS = ROOT / "tests" / "linting" / "precision"
LABEL_VALUES = ("right", "debatable", "wrong")
SERIOUS = ("high", "critical")


def identity(f) -> str:
    """A finding's stable identity: rule, table.column (or the table, or
    ``<schema>``) and its key when it has one."""
    obj = ".".join(x for x in (f.table, f.column) if x) or "<schema>"
    return f"{f.rule} {obj}" + (f" [{f.key}]" if f.key else "")


def lint(name: str, corpus: Path = CORPUS):
    from tablewright.designer.ddl_import import import_ddl
    from tablewright.linting import Config, Engine

    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    files = app_files(name, corpus)
    schema = import_ddl([corpus / f for f in files], LABEL_CASES[name][1]).schema
    return schema, Engine(Config()).run(schema)


def serious(findings, rules=None) -> dict[str, object]:
    """The high/critical findings by identity (of these rules only, when given)."""
    return {identity(f): f for f in findings if f.severity in SERIOUS and (rules is None or f.rule in rules)}


def label_rules(name: str) -> frozenset[str] | None:
    """The rules a schema's label file covers (its ``rules:`` list), None for all:
    a large schema is labelled for the rules the others raise too rarely to
    measure, every finding of those rules, rather than not at all."""
    import yaml

    path = LABELS / f"{name}.yaml"
    if not path.exists():
        return None
    rules = (yaml.safe_load(path.read_text()) or {}).get("rules")
    return frozenset(rules) if rules else None


def items(found) -> int:
    """How many lines the text report gives these findings: one per rule per table."""
    from tablewright.linting.reporters import grouped

    return len(grouped(list(found)))


def load_labels(name: str) -> dict[str, tuple[str, str]]:
    """identity -> (label, reason)."""
    import yaml

    path = LABELS / f"{name}.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text()) or {}
    out = {}
    for ident, value in (data.get("findings") or {}).items():
        label, _, reason = str(value).partition(":")
        label = label.strip()
        if label not in LABEL_VALUES:
            raise ValueError(f"{path}: {ident}: label must be one of {LABEL_VALUES}, not {label!r}")
        out[ident] = (label, reason.strip())
    return out


def prune(name: str, identities: list[str]) -> None:
    """Remove the lines of these identities from the schema's label file (keeping its comments)."""
    path = LABELS / f"{name}.yaml"
    drop = set(identities)
    keep = []
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("'") and stripped[1:].split("':", 1)[0] in drop:
            continue
        keep.append(line)
    path.write_text("\n".join(keep) + "\n")


def measure(names) -> dict[str, dict]:
    out = {}
    for name in names:
        schema, findings = lint(name)
        found = serious(findings, label_rules(name))
        labels = load_labels(name)
        out[name] = {"tables": len(schema.tables), "found": found, "labels": labels, "all": serious(findings)}
    return out


def table(rows: dict[str, Counter], title: str) -> list[str]:
    lines = [f"| {title} | labelled | right | debatable | wrong | precision |", "|---|---:|---:|---:|---:|---:|"]
    total = Counter()
    for key in sorted(rows):
        c = rows[key]
        n = c["right"] + c["debatable"] + c["wrong"]
        total.update(c)
        lines.append(f"| {key} | {n} | {c['right']} | {c['debatable']} | {c['wrong']} | "
                     f"{100 * c['right'] / n:.0f}% |" if n else f"| {key} | 0 | | | | |")
    n = total["right"] + total["debatable"] + total["wrong"]
    if n:
        lines.append(f"| **all** | {n} | {total['right']} | {total['debatable']} | {total['wrong']} | "
                     f"**{100 * total['right'] / n:.1f}%** |")
    return lines


def report(results: dict[str, dict]) -> tuple[list[str], int]:
    per_rule: dict[str, Counter] = defaultdict(Counter)
    per_schema: dict[str, Counter] = defaultdict(Counter)
    held: dict[str, Counter] = defaultdict(Counter)
    unlabelled = 0
    for name, r in results.items():
        for ident, f in r["found"].items():
            got = r["labels"].get(ident)
            if got is None:
                unlabelled += 1
                per_schema[name]["unlabelled"] += 1
                continue
            label = got[0]
            per_schema[name][label] += 1
            if name in HELD_OUT:
                held[f"{f.rule} {f.name}"][label] += 1
            else:
                per_rule[f"{f.rule} {f.name}"][label] += 1
    lines = ["## Precision per rule (tuning schemas: " + ", ".join(n for n in results if n not in HELD_OUT) + ")", ""]
    lines += table(per_rule, "rule")
    lines += ["", "## Precision per schema", ""]
    lines += table(per_schema, "schema")
    lines += ["", "## Held-out schemas (" + ", ".join(n for n in results if n in HELD_OUT) + ") per rule", ""]
    lines += table(held, "rule")
    lines += ["", "## High/critical findings per table", "",
              "Items: what the text report shows, one line per rule per table (see linting.reporters.grouped).", "",
              "| schema | tables | findings | per table | items | items per table |",
              "|---|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        if name not in APP_CASES:
            continue  # a reference schema, not an application
        n, g, t = len(r["all"]), items(r["all"].values()), max(1, r["tables"])
        lines.append(f"| {name} | {r['tables']} | {n} | {n / t:.2f} | {g} | {g / t:.2f} |")
    if unlabelled:
        lines += ["", f"{unlabelled} high/critical findings have no label (run with --unlabelled)."]
    return lines, unlabelled


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("schemas", nargs="*", help="only these schemas (default: all of LABEL_CASES)")
    p.add_argument("--unlabelled", action="store_true", help="print the unlabelled findings as YAML lines to fill in")
    p.add_argument("--check", action="store_true", help="exit 1 when a high/critical finding has no label")
    p.add_argument("--prune", action="store_true",
                   help="drop the right/debatable labels of findings no longer raised at high/critical (wrong "
                        "labels stay: they must not come back)")
    args = p.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    names = args.schemas or list(LABEL_CASES)
    results = measure(names)
    if args.unlabelled:
        for name, r in results.items():
            todo = [(i, f) for i, f in r["found"].items() if i not in r["labels"]]
            if todo:
                print(f"# {name}")
                for ident, f in todo:
                    loc = f.location
                    print(f"  {ident!r}: \"?: \"  # L{loc.line if loc else 0} {f.severity}: {f.message[:140]}")
        return 0
    if args.prune:
        for name, r in results.items():
            gone = [i for i, (label, _) in r["labels"].items() if i not in r["found"] and label != "wrong"]
            if gone:
                prune(name, gone)
                print(f"{name}: dropped {len(gone)} labels: " + "; ".join(gone))
        return 0
    lines, unlabelled = report(results)
    print("\n".join(lines))
    return 1 if args.check and unlabelled else 0


if __name__ == "__main__":
    sys.exit(main())
