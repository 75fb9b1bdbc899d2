"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""

from __future__ import annotations

from tablewright.linting.reporters import Report, by_location

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, *, color: bool = False) -> str:
    lines = []
    for f in by_location(report.findings):
        props = []
        if f.location is not None and f.location.path:
            props += [f"file={_escape_prop(f.location.path)}", f"line={f.location.line}", f"col={f.location.column}"]
        props.append(f"title={_escape_prop(f'{f.rule} {f.name} ({f.severity})')}")
        lines.append(f"::{LEVELS.get(f.severity, 'warning')} {','.join(props)}::{_escape_data(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
