"""``{"findings": [...], "summary": {...}}``."""

from __future__ import annotations

import json

from tablewright.linting.reporters import Report


def render(report: Report, *, color: bool = False) -> str:
    data = {
        "findings": [f.to_dict(fix_sql=report.fix_sql) for f in report.findings],
        "summary": report.summary.to_dict(),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
