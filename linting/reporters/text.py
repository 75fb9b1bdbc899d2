"""``path:line:col: severity code message``: one line per rule per table (the
columns it concerns named together), schema-level findings (conventions) once."""

from __future__ import annotations

from tablewright.linting.reporters import Report, group_line, grouped

_COLORS = {"critical": "\033[1;31m", "high": "\033[31m", "medium": "\033[33m", "low": "\033[36m"}
_RESET = "\033[0m"
_DIM = "\033[2m"


def where(f) -> str:
    loc = f.location
    if loc is None:
        return f"{f.table or '<schema>'}:0:0"
    return f"{loc.path or '<input>'}:{loc.line}:{loc.column}"


def render(report: Report, *, color: bool = False) -> str:
    lines = []
    for group in grouped(report.findings):
        f = group[0]
        sev = f.severity
        message = group_line(group)
        if color:
            lines.append(f"{_DIM}{where(f)}:{_RESET} {_COLORS.get(sev, '')}{sev}{_RESET} "
                         f"\033[1m{f.rule}\033[0m {message}")
        else:
            lines.append(f"{where(f)}: {sev} {f.rule} {message}")
    s = report.summary
    counts = ", ".join(f"{n} {sev}" for sev, n in s.by_severity.items() if n)
    tail = f"{s.total} finding{'s' if s.total != 1 else ''}" + (f" ({counts})" if counts else "")
    extras = []
    if s.suppressed:
        extras.append(f"{s.suppressed} suppressed")
    if s.baselined:
        extras.append(f"{s.baselined} in baseline")
    if extras:
        tail += "; " + ", ".join(extras)
    lines.append(tail + ".")
    return "\n".join(lines) + "\n"
