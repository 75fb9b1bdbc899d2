"""Configuration: ``[tool.tablewright]`` in pyproject.toml or a tablewright.toml.

.. code-block:: toml

    [tool.tablewright]            # in tablewright.toml: top level, or [tablewright]
    dialect = "postgres"
    select = ["ALL"]              # codes, code prefixes (TW1), names, categories
    extend-select = ["TW503"]     # add to the default set (rules off by default)
    ignore = ["naming", "TW801"]
    fail-on = "high"
    ignore-objects = ["audit_*.payload", "tmp_*"]   # table or table.column patterns

    [tool.tablewright.severity]   # severity overrides, by code or name
    float-money = "high"

    [tool.tablewright.rules.wide-table]   # rule options, by code or name
    max-columns = 60

    [tool.tablewright.per-object-ignores]
    "audit_*" = ["TW801", "observability"]

    [tool.tablewright.roles]      # table roles the rules read (linting/facts.py), by table or pattern
    "public.events" = ["log"]
    "users" = ["-financial"]      # "-role" takes an inferred role away
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tablewright.designer.dialects import DIALECTS, canonical
from tablewright.designer.errors import InputError
from tablewright.linting.facts import parse_roles
from tablewright.linting.findings import CATEGORIES, SEVERITIES, Finding
from tablewright.linting.rule import Rule, all_rules, get_rule

KNOWN_KEYS = {
    "dialect", "select", "extend-select", "ignore", "fail-on", "ignore-objects",
    "severity", "rules", "per-object-ignores", "roles",
}


def selector_matches(selector: str, rule: type[Rule]) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s.lower() == rule.name or s.lower() == rule.category:
        return True
    up = s.upper()
    return bool(re.fullmatch(r"T[WQ]\d{0,3}", up)) and rule.code.startswith(up)


def check_selector(selector: str, where: str) -> None:
    s = selector.strip()
    if s.upper() == "ALL" or s.lower() in CATEGORIES or get_rule(s):
        return
    if re.fullmatch(r"T[WQ]\d{0,3}", s.upper()) and any(r.code.startswith(s.upper()) for r in all_rules()):
        return
    raise InputError(f"{where}: unknown rule, prefix or category {selector!r}")


def _pattern(p: str) -> re.Pattern:
    return re.compile(fnmatch.translate(p.lower()))


@dataclass
class Config:
    """A lint configuration: the rules selected and their options, severities, ignores and roles."""
    dialect: str | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "high"
    ignore_objects: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # rule code -> severity
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> options
    per_object_ignores: dict[str, list[str]] = field(default_factory=dict)
    #: table name or pattern -> roles to give it (``-role``: to take away), see :mod:`tablewright.linting.facts`
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str | None = None

    # -- building ----------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict, source: str = "<config>") -> "Config":
        unknown = set(data) - KNOWN_KEYS
        if unknown:
            raise InputError(f"{source}: unknown setting(s) {', '.join(sorted(unknown))}")
        cfg = cls(source=source)

        def strlist(key):
            v = data.get(key, [])
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise InputError(f"{source}: {key} must be a list of strings")
            for sel in v if key in ("select", "extend-select", "ignore") else ():
                check_selector(sel, source)
            return list(v)

        if "dialect" in data:
            found = canonical(data["dialect"]) if isinstance(data["dialect"], str) else None
            if found is None:
                raise InputError(f"{source}: dialect must be one of {', '.join(DIALECTS)}")
            cfg.dialect = found
        if "select" in data:
            cfg.select = strlist("select")
        cfg.extend_select = strlist("extend-select")
        cfg.ignore = strlist("ignore")
        cfg.ignore_objects = strlist("ignore-objects")
        if "fail-on" in data:
            if data["fail-on"] not in SEVERITIES:
                raise InputError(f"{source}: fail-on must be one of {', '.join(SEVERITIES)}")
            cfg.fail_on = data["fail-on"]
        for key, sev in (data.get("severity") or {}).items():
            rule = get_rule(key)
            if rule is None:
                raise InputError(f"{source}: severity: unknown rule {key!r}")
            if sev not in SEVERITIES:
                raise InputError(f"{source}: severity.{key} must be one of {', '.join(SEVERITIES)}")
            cfg.severity[rule.code] = sev
        for key, opts in (data.get("rules") or {}).items():
            rule = get_rule(key)
            if rule is None:
                raise InputError(f"{source}: rules: unknown rule {key!r}")
            if not isinstance(opts, dict):
                raise InputError(f"{source}: rules.{key} must be a table of options")
            try:
                rule(opts)  # validates names and types
            except ValueError as exc:
                raise InputError(f"{source}: rules.{key}: {exc}") from None
            cfg.rule_options.setdefault(rule.code, {}).update(opts)
        for pattern, sels in (data.get("per-object-ignores") or {}).items():
            if isinstance(sels, str):
                sels = [sels]
            for sel in sels:
                check_selector(sel, source)
            cfg.per_object_ignores[pattern] = list(sels)
        roles = data.get("roles") or {}
        if not isinstance(roles, dict):
            raise InputError(f"{source}: roles must map table names to lists of roles, e.g. "
                             '{"public.events": ["log"], "users": ["-financial"]}')
        for pattern, values in roles.items():
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise InputError(f"{source}: roles.{pattern} must be a list of roles")
            try:
                cfg.roles[pattern] = parse_roles(values, f"{source}: roles.{pattern}")
            except ValueError as exc:
                raise InputError(str(exc)) from None
        return cfg

    @classmethod
    def load(cls, path: str | Path) -> "Config":
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{path}: {exc}") from None
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("tablewright", {})
        elif "tablewright" in data and isinstance(data["tablewright"], dict):
            data = data["tablewright"]
        elif "tool" in data and "tablewright" in data.get("tool", {}):
            data = data["tool"]["tablewright"]
        return cls.from_dict(data, str(path))

    @classmethod
    def discover(cls, start: str | Path = ".") -> "Config":
        """tablewright.toml, else pyproject.toml with [tool.tablewright], in
        ``start`` or the nearest parent; defaults when there is none."""
        here = Path(start).resolve()
        for d in (here, *here.parents):
            tw = d / "tablewright.toml"
            if tw.is_file():
                return cls.load(tw)
            pp = d / "pyproject.toml"
            if pp.is_file():
                try:
                    data = tomllib.loads(pp.read_text(encoding="utf-8"))
                except tomllib.TOMLDecodeError as exc:
                    raise InputError(f"{pp}: {exc}") from None
                if "tablewright" in data.get("tool", {}):
                    return cls.load(pp)
        return cls()

    # -- using -------------------------------------------------------------------
    def selected_rules(self) -> list[type[Rule]]:
        out = []
        for rule in all_rules():
            if self.select is None:
                on = rule.enabled_by_default
            else:
                on = any(
                    selector_matches(s, rule)
                    and (rule.enabled_by_default or s.upper() in (rule.code,) or s.lower() == rule.name)
                    for s in self.select
                )
            if not on and any(selector_matches(s, rule) for s in self.extend_select):
                on = True
            if on and any(selector_matches(s, rule) for s in self.ignore):
                on = False
            if on:
                out.append(rule)
        return out

    def instantiate(self) -> list[Rule]:
        return [r(self.rule_options.get(r.code)) for r in self.selected_rules()]

    def postprocess(self):
        """A function Finding -> Finding | None applying severity overrides and
        object ignores."""
        sev = self.severity
        obj_all = [_pattern(p) for p in self.ignore_objects]
        per_obj = [(_pattern(p), sels) for p, sels in self.per_object_ignores.items()]
        rules = {r.code: r for r in all_rules()}

        def matches(pat: re.Pattern, f: Finding) -> bool:
            if f.table is None:
                return False
            tables = {f.table.lower(), f.table.lower().rpartition(".")[2]}
            if f.column is not None:
                if any(pat.fullmatch(f"{t}.{f.column.lower()}") for t in tables):
                    return True
            return any(pat.fullmatch(t) for t in tables)

        def post(f: Finding) -> Finding | None:
            if obj_all and any(matches(p, f) for p in obj_all):
                return None
            for pat, sels in per_obj:
                rule = rules.get(f.rule)
                if rule and any(selector_matches(s, rule) for s in sels) and matches(pat, f):
                    return None
            if f.rule in sev:
                return f.with_severity(sev[f.rule])
            return f

        if not sev and not obj_all and not per_obj:
            return None
        return post

    def merged(self, **overrides) -> "Config":
        from dataclasses import replace

        return replace(self, **{k: v for k, v in overrides.items() if v is not None})
