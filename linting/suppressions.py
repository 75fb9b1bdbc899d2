"""Inline suppressions: ``-- tablewright: ignore[TW101, float-money]``.

A suppression comment applies to the statement it is written on or before
(the importer's ``statement_comments``: location, end line and comment texts).
``ignore`` alone (no brackets) suppresses every rule on the statement.
Suppressions are resolved after all rules ran (like squawk); those that
suppressed nothing are reported as ``TW001 unused-suppression``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tablewright.designer.model import SourceLocation
from tablewright.linting.config import selector_matches
from tablewright.linting.findings import Finding
from tablewright.linting.rule import get_rule

_COMMENT = re.compile(r"tablewright\s*:\s*ignore(?:\s*\[([^\]]*)\])?", re.I)


@dataclass
class Suppression:
    """A ``tablewright: ignore[...]`` comment and the lines it covers."""
    path: str | None
    start: int
    end: int
    selectors: tuple[str, ...]  # empty: every rule
    location: SourceLocation
    used: set[str] = field(default_factory=set)

    def matches(self, f: Finding) -> bool:
        loc = f.location
        if loc is None or loc.path != self.path or not (self.start <= loc.line <= self.end):
            return False
        if not self.selectors:
            return True
        rule = get_rule(f.rule)
        return rule is not None and any(selector_matches(s, rule) for s in self.selectors)


def parse(statement_comments) -> list[Suppression]:
    out = []
    for sc in statement_comments or ():
        for text in sc.comments:
            m = _COMMENT.search(text)
            if not m:
                continue
            sels = tuple(s.strip() for s in (m.group(1) or "").split(",") if s.strip())
            out.append(Suppression(sc.location.path, sc.location.line, max(sc.end_line, sc.location.line),
                                   sels, sc.location))
    return out


def apply(findings: list[Finding], suppressions: list[Suppression], *, report_unused: bool = True):
    """(kept findings, number suppressed, unused-suppression findings)."""
    if not suppressions:
        return findings, 0, []
    kept = []
    suppressed = 0
    for f in findings:
        hit = None
        for s in suppressions:
            if s.matches(f):
                hit = s
                break
        if hit is None:
            kept.append(f)
        else:
            suppressed += 1
            hit.used.add(f.rule)
    unused = []
    if report_unused:
        from tablewright.linting.rules.meta.unused_suppression import UnusedSuppression

        rule = UnusedSuppression()
        for s in suppressions:
            if not s.used:
                what = ", ".join(s.selectors) or "all rules"
                unused.append(rule.finding(None, f"suppression ignore[{what}] suppresses nothing",
                                           location=s.location, kind="schema", key=f"{s.path}:{s.start}:{what}"))
            else:
                idle = [sel for sel in s.selectors
                        if not any(selector_matches(sel, get_rule(code)) for code in s.used if get_rule(code))]
                for sel in idle:
                    unused.append(rule.finding(None, f"suppression of {sel} suppresses nothing", location=s.location,
                                               kind="schema", key=f"{s.path}:{s.start}:{sel}"))
    return kept, suppressed, unused
