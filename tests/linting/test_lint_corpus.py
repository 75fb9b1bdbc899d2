"""Whole-report snapshots on corpus schemas, and the rule docs kept fresh
(no Qt).  UPDATE_SNAPSHOTS=1 rewrites the snapshots.  The snapshots depend on
the importer too: a change there that changes findings shows up here.
(docs/rule-hits.md has its own ``scripts/rule_hits.py --check`` for CI.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_cases import CASES
from tablewright.designer.ddl_import import import_ddl
from tablewright.linting import Config, Engine
from tablewright.linting.findings import Summary
from tablewright.linting.reporters import Report, render

SNAP = Path(__file__).parent / "snapshots"
ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT_CASES = ["sakila-pg", "sakila-mysql", "sakila-sqlite", "sakila-mssql", "omop-pg"]


def _report(corpus_dir: Path, name: str) -> Report:
    files, dialect, _ = CASES[name]
    sources = [(f, (corpus_dir / f).read_text(encoding="utf-8", errors="replace")) for f in files]
    schema = import_ddl(sources, dialect).schema
    engine = Engine(Config())
    findings = engine.run(schema)
    return Report(findings, Summary.of(findings, tables=len(schema.tables)), schema, files,
                  [type(r) for r in engine.rules])


def _check(path: Path, text: str) -> None:
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text)
        if not os.environ.get("UPDATE_SNAPSHOTS"):
            pytest.fail(f"snapshot {path.name} was missing and has been written; re-run")
    assert text == path.read_text(), f"{path.name} changed (UPDATE_SNAPSHOTS=1 to accept)"


@pytest.mark.corpus
@pytest.mark.parametrize("name", SNAPSHOT_CASES)
def test_report_snapshots(corpus_dir, name):
    report = _report(corpus_dir, name)
    _check(SNAP / f"{name}.md", render("markdown", report))
    if name.startswith("sakila"):
        report.fix_sql = True  # the snapshot keeps each fix's SQL (lint --fix-sql)
        _check(SNAP / f"{name}.json", render("json", report))
    doc = json.loads(render("json", report))
    assert doc["summary"]["total"] == len(doc["findings"])


def test_rule_docs_are_fresh():
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "rule_docs.py"), "--check"],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr


@pytest.mark.corpus
def test_chunked_full_run_equals_one_sweep_and_table_by_table(corpus_dir, monkeypatch):
    """A full run goes over the tables in chunks (Engine.CHUNK); how they are
    cut must not change a finding.  Phabricator: 519 tables, several chunks."""
    files, dialect, _ = CASES["phabricator"]
    schema = import_ddl([(f, (corpus_dir / f).read_text(encoding="utf-8", errors="replace")) for f in files],
                        dialect).schema
    assert len(schema.tables) > 3 * Engine.CHUNK
    default = [f.to_dict() for f in Engine(Config()).run(schema)]
    assert default
    for chunk in (1, 7, 10**9):
        monkeypatch.setattr(Engine, "CHUNK", chunk)
        assert [f.to_dict() for f in Engine(Config()).run(schema)] == default, chunk
