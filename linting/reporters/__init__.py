"""Reporters: one module per output format, each ``render(report, *, color) -> str``."""

from __future__ import annotations

from dataclasses import dataclass, field

from designer.model import Schema
from linting.findings import Finding, Summary

FORMATS = ("text", "json", "sarif", "github", "markdown")


@dataclass
class Report:
    findings: list[Finding]
    summary: Summary
    schema: Schema | None = None
    sources: list[str] = field(default_factory=list)
    rules: list = field(default_factory=list)  # the rule classes that ran


def render(fmt: str, report: Report, *, color: bool = False) -> str:
    if fmt == "text":
        from linting.reporters.text import render as r
    elif fmt == "json":
        from linting.reporters.json_ import render as r
    elif fmt == "sarif":
        from linting.reporters.sarif import render as r
    elif fmt == "github":
        from linting.reporters.github import render as r
    elif fmt == "markdown":
        from linting.reporters.markdown import render as r
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return r(report, color=color)


def by_location(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key)
