"""``{"findings": [...], "summary": {...}}``."""

from __future__ import annotations

from tablewright.linting.reporters import Report, layered_json


def render(report: Report, *, color: bool = False) -> str:
    data = {
        "findings": [f.to_dict(fix_sql=report.fix_sql) for f in report.findings],
        "summary": report.summary.to_dict(),
    }
    return layered_json(data, 2) + "\n"  # one finding per line
