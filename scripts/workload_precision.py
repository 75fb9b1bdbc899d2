#!/usr/bin/env python3
"""Precision of the query findings and index advice on the hand-written workloads.

Every finding of the query rules (TQ…) and of the workload's index rules (TW412, TW413) on
tests/fixtures/workloads/<case>.sql over its corpus schema is labelled by hand in
tests/linting/precision/workloads/<case>.yaml as ``right``, ``debatable`` or ``wrong`` with a
one-line reason, judged as a senior reviewer would.

    .venv/bin/python scripts/workload_precision.py               # precision per case and rule
    .venv/bin/python scripts/workload_precision.py --unlabelled  # YAML lines for findings without a label
    .venv/bin/python scripts/workload_precision.py --check       # exit 1 when a finding is unlabelled

Precision is ``right / labelled`` (debatable counts against it).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus_cases import MUSICBRAINZ  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" if (ROOT.parent / "shared" / "corpus").is_dir() else Path("/work/shared/corpus")
WORKLOADS = ROOT / "tests" / "fixtures" / "workloads"
LABELS = ROOT / "tests" / "linting" / "precision" / "workloads"
CASES = {
    "sakila-pg": ["sakila-pg/postgres-sakila-schema.sql"],
    "musicbrainz": MUSICBRAINZ,
}
SELECT = ["queries", "TW412", "TW413"]


def identity(f) -> str:
    loc = f.location
    obj = ".".join(x for x in (f.table, f.column) if x) or "-"
    return f"{f.rule} {Path(loc.path).name}:{loc.line} {obj}" + (f" [{f.key}]" if f.rule.startswith("TW") else "")


def findings(case: str):
    from tablewright.linting.config import Config
    from tablewright.linting.runner import lint_sources

    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    out = lint_sources([str(CORPUS / f) for f in CASES[case]], Config(select=SELECT), dialect="postgres",
                       queries=[str(WORKLOADS / f"{case}.sql")])
    return out.report.findings


def labels(case: str) -> dict[str, tuple[str, str]]:
    import yaml

    path = LABELS / f"{case}.yaml"
    data = yaml.safe_load(path.read_text()) if path.exists() else {}
    out = {}
    for ident, value in ((data or {}).get("findings") or {}).items():
        label, _, reason = str(value).partition(":")
        out[ident] = (label.strip(), reason.strip())
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--unlabelled", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    total = Counter()
    missing_any = False
    for case in CASES:
        found = findings(case)
        known = labels(case)
        ids = [identity(f) for f in found]
        missing = [(i, f) for i, f in zip(ids, found) if i not in known]
        gone = [i for i in known if i not in ids]
        if args.unlabelled:
            for i, f in missing:
                print(f"  '{i}': \"?: {f.message}\"")
            continue
        counts = Counter(known[i][0] for i in ids if i in known)
        by_rule: dict[str, Counter] = {}
        for i in ids:
            if i in known:
                by_rule.setdefault(i.split()[0], Counter())[known[i][0]] += 1
        labelled = sum(counts.values())
        prec = counts["right"] / labelled if labelled else 1.0
        print(f"{case}: {len(found)} findings, {labelled} labelled: {counts['right']} right, "
              f"{counts['debatable']} debatable, {counts['wrong']} wrong -> precision {prec:.2f}")
        for rule, c in sorted(by_rule.items()):
            print(f"  {rule}: {c['right']}/{sum(c.values())} right" + (f", {c['debatable']} debatable" if c["debatable"]
                                                                          else "") + (f", {c['wrong']} wrong" if c["wrong"] else ""))
        if missing:
            missing_any = True
            print(f"  {len(missing)} unlabelled (run with --unlabelled)")
        if gone:
            print(f"  {len(gone)} labelled findings no longer raised: {', '.join(gone)}")
        total.update(counts)
    if not args.unlabelled:
        n = sum(total.values())
        print(f"all workloads: {total['right']}/{n} right -> precision {total['right'] / n if n else 1:.2f}")
    return 1 if args.check and missing_any else 0


if __name__ == "__main__":
    sys.exit(main())
