"""The schema reviewer: rules, the engine that runs them (full and
incremental), configuration, suppressions, baselines and reporters.  No Qt."""

from tablewright.linting.config import Config
from tablewright.linting.engine import Engine, lint
from tablewright.linting.findings import CATEGORIES, SEVERITIES, Finding, Fix
from tablewright.linting.rule import Option, Rule, all_rules, get_rule

__all__ = [
    "CATEGORIES", "SEVERITIES", "Config", "Engine", "Finding", "Fix",
    "Option", "Rule", "all_rules", "get_rule", "lint",
]
