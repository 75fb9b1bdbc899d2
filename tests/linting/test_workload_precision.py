"""The hand-written workloads (tests/fixtures/workloads) keep their labelled findings:
every query finding and index advice has a label, none is labelled wrong, and
each workload has at least 30 queries (scripts/workload_precision.py prints the figures)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("workload_precision", ROOT / "scripts" / "workload_precision.py")
wp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(wp)


@pytest.mark.parametrize("case", sorted(wp.CASES))
def test_workload_findings_are_labelled_and_none_wrong(case, corpus_dir):
    from tablewright.linting.workload import read_workload

    assert len(read_workload([str(wp.WORKLOADS / f"{case}.sql")]).queries) >= 30
    found = wp.findings(case)
    labels = wp.labels(case)
    ids = [wp.identity(f) for f in found]
    assert [i for i in ids if i not in labels] == []
    assert [i for i in ids if labels[i][0] == "wrong"] == []
    assert [i for i in labels if i not in ids] == [], "a labelled finding is no longer raised"
