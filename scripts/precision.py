#!/usr/bin/env python3
"""Precision of the high and critical findings on labelled real schemas.

Every high or critical finding the review raises on the application dumps of
../shared/corpus (tests/precision_cases.py) is labelled by hand in
tests/linting/precision/<schema>.yaml, keyed by its identity
``RULE table.column [key]``, as ``right``, ``debatable`` or ``wrong`` with a
one-line reason, judged as a senior reviewer would, reading the DDL around it.

    .venv/bin/python scripts/precision.py                 # precision per rule, per schema, held out; per table
    .venv/bin/python scripts/precision.py farmbot mediawiki temporal ledgersmb cacti ttrss ejabberd \
        zabbix davical request-tracker ocsinventory icinga2-ido tango-db glewlwyd kea bacula zoph
                                                          # the fresh held-out groups only (per group and combined)
    .venv/bin/python scripts/precision.py --unlabelled    # print the findings that need a label (YAML lines)
    .venv/bin/python scripts/precision.py --check         # exit 1 when a finding is unlabelled

A label file may cover some rules only (``rules: [TW201]``): every finding of those rules on
that schema is labelled, the others are not measured there.

A fresh held-out schema's label file lists under ``known_wrong:`` the findings labelled wrong
that the rules still raise there: the measurement, which no rule is tuned to.  The tests accept
those while they are raised; once one is no longer raised ``--prune`` drops it from the list,
and from then on it must not come back, like any other finding labelled wrong.

Precision is ``right / labelled``: debatable counts against it.  The held-out
schemas (HELD_OUT) are reported on their own: hexpm and graphile-starter were
held out first, then read to change TW401 (so no longer unseen); synapse-pg was
added then, unseen until labelled.  The per-table density is over the
applications only (APP_CASES, the fresh held-out ones included), not the
reference schemas.

The fresh held-out schemas (FRESH: tests/fixtures/heldout/, from outside the
corpus, read by nobody on the team before they were labelled) are groups of
their own (FRESH_GROUPS: FRESH1, then FRESH2 when FRESH1 proved too small, then FRESH3
once the classes FRESH1 and FRESH2 showed had been fixed, then FRESH4 once the
rules had been recalibrated from FRESH3, then FRESH5 once they had been recalibrated from FRESH4, then FRESH6
(web applications' pg_dump files) when FRESH5 proved too small, then FRESH7 once they had been recalibrated from
FRESH5 and FRESH6):
precision per rule and per schema for each group and for all of them together,
printed apart from the tuning and held-out figures and counted in neither.

The evidence schemas (EVIDENCE: tests/fixtures/evidence/, public schemas chosen
because they raise the rules the others raise too rarely to measure, each
labelled for those rules only) are a group of their own too: precision per rule
and per schema, and, for the rules they are labelled for, the count per rule over
every labelled schema measured in the run (``scripts/precision.py`` with no
arguments: all of them), which is where "at least five labelled real findings"
is read.  Counted in no other figure.
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from precision_cases import (APP_CASES, EVIDENCE, FRESH, FRESH_GROUPS, HELD_OUT, LABEL_CASES, RARE_RULES,  # noqa: E402
                             SHIPPED, app_files, source_dir)

CORPUS = (ROOT.parent / "shared" / "corpus") if (ROOT.parent / "shared" / "corpus").is_dir() \
    else Path("/work/shared/corpus")
LABELS = ROOT / "tests" / "linting" / "precision"
LABEL_VALUES = ("right", "debatable", "wrong")
SERIOUS = ("high", "critical")


def identity(f) -> str:
    """A finding's stable identity: rule, table.column (or the table, or
    ``<schema>``) and its key when it has one.  A statement kept verbatim is
    named by its file's name and line (its raw id hashes the file's full path,
    which differs from one checkout to the next)."""
    obj = ".".join(x for x in (f.table, f.column) if x) or "<schema>"
    key = f.key
    if key and key.startswith("raw_") and f.location is not None and f.location.path:
        key = f"{Path(f.location.path).name}:{f.location.line}"
    return f"{f.rule} {obj}" + (f" [{key}]" if key else "")


@functools.lru_cache(maxsize=None)
def lint(name: str, corpus: Path = CORPUS):
    """The schema and its findings (once per process: the tests of test_precision and test_fix_engines
    read the same schemas in one test worker; callers only read them)."""
    return _lint(name, corpus)


def _lint(name: str, corpus: Path = CORPUS):
    from tablewright.designer.ddl_import import import_ddl
    from tablewright.linting import Config, Engine

    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    files = app_files(name, corpus)
    base = source_dir(name, corpus)
    schema = import_ddl([base / f for f in files], LABEL_CASES[name][1]).schema
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


def known_wrong(name: str) -> set[str]:
    """The findings labelled wrong that the rules still raise on this (fresh held-out) schema."""
    import yaml

    path = LABELS / f"{name}.yaml"
    if not path.exists():
        return set()
    return set((yaml.safe_load(path.read_text()) or {}).get("known_wrong") or [])


def prune(name: str, identities: list[str], known: list[str] = ()) -> None:
    """Remove the label lines of ``identities`` and the ``known_wrong`` entries of ``known``
    from the schema's label file (keeping its comments)."""
    path = LABELS / f"{name}.yaml"
    drop, drop_known = set(identities), set(known)
    keep = []
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("'") and stripped[1:].split("':", 1)[0] in drop:
            continue
        if stripped.startswith("- '") and stripped[3:].rstrip().rstrip("'") in drop_known:
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
    fresh_rule: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))  # schema -> rule -> labels
    fresh_schema: dict[str, Counter] = defaultdict(Counter)
    evidence_rule: dict[str, Counter] = defaultdict(Counter)
    evidence_schema: dict[str, Counter] = defaultdict(Counter)
    everywhere: dict[str, Counter] = defaultdict(Counter)  # every labelled schema of the run, per rule
    unlabelled = 0
    for name, r in results.items():
        for ident, f in r["found"].items():
            got = r["labels"].get(ident)
            if got is None:
                unlabelled += 1
                per_schema[name]["unlabelled"] += 1
                continue
            label = got[0]
            everywhere[f"{f.rule} {f.name}"][label] += 1
            if name in EVIDENCE:
                evidence_schema[name][label] += 1
                evidence_rule[f"{f.rule} {f.name}"][label] += 1
                continue
            if name in FRESH:
                fresh_schema[name][label] += 1
                fresh_rule[name][f"{f.rule} {f.name}"][label] += 1
                continue
            per_schema[name][label] += 1
            if name in HELD_OUT:
                held[f"{f.rule} {f.name}"][label] += 1
            else:
                per_rule[f"{f.rule} {f.name}"][label] += 1
    tuning = [n for n in results if n not in HELD_OUT and n not in SHIPPED]
    lines = []
    if tuning:
        lines += ["## Precision per rule (tuning schemas: " + ", ".join(tuning) + ")", ""]
        lines += table(per_rule, "rule")
        lines += ["", "## Precision per schema", ""]
        lines += table(per_schema, "schema")
        lines += [""]
    if any(n in HELD_OUT for n in results):
        lines += ["## Held-out schemas (" + ", ".join(n for n in results if n in HELD_OUT) + ") per rule", ""]
        lines += table(held, "rule")
        lines += [""]
    groups = {g: [n for n in names if n in results] for g, names in FRESH_GROUPS.items()}
    groups = {g: names for g, names in groups.items() if names}
    if len(groups) > 1:
        groups["all fresh (" + " + ".join(groups) + ")"] = [n for names in groups.values() for n in names]
    for group, fresh in groups.items():
        per_rule_fresh: dict[str, Counter] = defaultdict(Counter)
        for n in fresh:
            for rule, c in fresh_rule[n].items():
                per_rule_fresh[rule].update(c)
        lines += [f"## Fresh held-out schemas, {group}: " + ", ".join(fresh) + " (never read while tuning); per rule",
                  ""]
        lines += table(per_rule_fresh, "rule")
        lines += ["", f"## Fresh held-out schemas, {group}: per schema", ""]
        # a schema with no high/critical finding at all still gets its row
        lines += table({n: fresh_schema[n] for n in fresh}, "schema")
        lines += [""]
    evidence = [n for n in results if n in EVIDENCE]
    if evidence:
        lines += ["## Evidence schemas (" + ", ".join(evidence) + "): chosen because they raise rare rules; per rule",
                  ""]
        lines += table(evidence_rule, "rule")
        lines += ["", "## Evidence schemas: per schema", ""]
        lines += table({n: evidence_schema[n] for n in evidence}, "schema")
        rules = set(RARE_RULES).union(*(label_rules(n) or () for n in evidence))
        lines += ["", "## The rare rules (" + ", ".join(sorted(rules)) + "), over every labelled schema of this run "
                  f"({len([n for n in results if results[n]['labels']])} schemas)", ""]
        rare = {k: c for k, c in everywhere.items() if k.split()[0] in rules}
        # a rare rule with no labelled finding yet still gets its row (0): the gap is the point of the table
        from tablewright.linting.rule import get_rule

        for code in sorted(rules - {k.split()[0] for k in rare}):
            rare[f"{code} {get_rule(code).name}"] = Counter()
        lines += table(rare, "rule")
        lines += [""]
    if len(results) > 1:
        lines += [f"## Every rule, over every labelled schema of this run ({len(results)} schemas: tuning, held out, "
                  "fresh and evidence together)", "",
                  "Where issue 10's \"at least five labelled real findings per rule that reports high or critical\" "
                  "and its 90% are read.", ""]
        lines += table(everywhere, "rule")
        lines += [""]
    lines += ["## High/critical findings per table", "",
              "Items: what the text report shows, one line per rule per table (see linting.reporters.grouped).", "",
              "| schema | tables | findings | per table | items | items per table |",
              "|---|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        if name not in APP_CASES:
            continue  # a reference schema, not an application
        n, g, t = len(r["all"]), items(r["all"].values()), max(1, r["tables"])
        label = f"{name} (fresh)" if name in FRESH else name
        lines.append(f"| {label} | {r['tables']} | {n} | {n / t:.2f} | {g} | {g / t:.2f} |")
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
    names = args.schemas or list(LABEL_CASES)
    unknown = [n for n in names if n not in LABEL_CASES]
    if unknown:
        print(f"unknown schema(s): {', '.join(unknown)} (known: {', '.join(LABEL_CASES)})", file=sys.stderr)
        return 2
    if not CORPUS.is_dir() and any(n not in SHIPPED for n in names):
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
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
            no_longer = sorted(i for i in known_wrong(name) if i not in r["found"])
            if gone or no_longer:
                prune(name, gone, no_longer)
            if gone:
                print(f"{name}: dropped {len(gone)} labels: " + "; ".join(gone))
            if no_longer:
                print(f"{name}: {len(no_longer)} known-wrong findings are no longer raised (they must not come "
                      "back): " + "; ".join(no_longer))
        return 0
    lines, unlabelled = report(results)
    print("\n".join(lines))
    return 1 if args.check and unlabelled else 0


if __name__ == "__main__":
    sys.exit(main())
