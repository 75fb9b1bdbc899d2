"""Baseline files: the findings a team has accepted, so CI fails only on new ones.

A baseline is JSON: ``{"tablewright-baseline": 1, "findings": [{"id", "rule",
"table", "column", "message"}, ...]}``.  Findings are matched by their stable
``id`` (rule + table + column + key: independent of line numbers and message
wording), counting duplicates.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tablewright.designer.atomic import write_file
from tablewright.designer.errors import InputError
from tablewright.linting.findings import Finding


def dumps(findings: list[Finding]) -> str:
    rows = sorted(
        ({"id": f.id, "rule": f.rule, "table": f.table, "column": f.column, "message": f.message} for f in findings),
        key=lambda r: (r["rule"], r["table"] or "", r["column"] or "", r["id"]),
    )
    return json.dumps({"tablewright-baseline": 1, "findings": rows}, indent=2) + "\n"


def write(path: str | Path, findings: list[Finding]) -> None:
    """Write the baseline atomically (``WriteError``, one line, when it cannot be)."""
    write_file(path, dumps(findings))


def load(path: str | Path) -> Counter:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not a baseline file: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict) or data.get("tablewright-baseline") != 1 or not isinstance(data.get("findings"), list):
        raise InputError(f"{path}: not a tablewright baseline file")
    return Counter(r["id"] for r in data["findings"] if isinstance(r, dict) and "id" in r)


def filter_new(findings: list[Finding], baseline: Counter) -> tuple[list[Finding], int]:
    """The findings not in the baseline, and how many were."""
    left = Counter(baseline)
    new = []
    known = 0
    for f in findings:
        if left[f.id] > 0:
            left[f.id] -= 1
            known += 1
        else:
            new.append(f)
    return new, known
