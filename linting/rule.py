"""The rule base class, rule options, and the registry of all rules.

A rule is a small class: a code, a kebab-case name, a category, a default
severity, the dialects it applies to, typed options, its documentation in the
docstring (ruff's sections: *What it does*, *Why is this bad?*, *Example*,
*Use instead*) and a ``check_table`` (or, for whole-schema rules,
``check_schema``) that filters and maps over the model, using a pure predicate
exported by the rule's module.

Scope tells the incremental engine what an edit can affect:

- ``table``: the findings on a table depend on that table only;
- ``neighbours``: also on the tables it is linked with (foreign keys either
  way, partition parent/children);
- ``schema``: also on schema-wide *facts* (see :mod:`tablewright.linting.index`) named in
  ``facts``; when one of them changes every table is re-checked.

Rules that override ``check_schema`` produce their findings for the whole
schema at once and are re-run when one of their ``facts`` changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

from tablewright.designer.model import DIALECTS, Column, SourceLocation, Table
from tablewright.linting.findings import CATEGORIES, META_CATEGORY, SEVERITIES, Finding, Fix

if TYPE_CHECKING:
    from tablewright.linting.index import LintContext

ALL_DIALECTS = frozenset(DIALECTS)
SCOPES = ("table", "neighbours", "schema")


@dataclass(frozen=True)
class Option:
    """A typed rule option with its default."""

    default: Any
    help: str

    @property
    def type(self) -> type:
        return type(self.default)

    def coerce(self, name: str, value: Any) -> Any:
        want = self.type
        if want is bool:
            if isinstance(value, bool):
                return value
        elif want is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        elif want is float:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
        elif want in (list, tuple):
            if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                return tuple(value)
        elif isinstance(value, want):
            return value
        raise ValueError(f"option {name!r} must be {want.__name__}, not {value!r}")


class Options(dict):
    """Resolved option values, readable as attributes."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[str]
    dialects: ClassVar[frozenset[str]] = ALL_DIALECTS
    scope: ClassVar[str] = "table"
    facts: ClassVar[tuple[str, ...]] = ()
    options: ClassVar[dict[str, Option]] = {}
    #: a prefilter: the rule only runs on tables whose *words* (see
    #: :func:`tablewright.linting.index.table_words`) meet this set; None runs everywhere
    triggers: ClassVar[frozenset[str] | None] = None
    enabled_by_default: ClassVar[bool] = True
    #: for rule ideas that another rule already covers (shown in the docs)
    also_covers: ClassVar[tuple[str, ...]] = ()
    #: the rule reports a pattern that can be a schema's convention: when
    #: :meth:`convention_holds`, its findings become one schema-level finding
    #: (see :mod:`tablewright.linting.conventions`)
    convention: ClassVar[bool] = False
    #: what becomes of the findings a convention gathers: ``None`` drops them (the
    #: one finding says it all: a type used throughout); a severity keeps each
    #: at most at that severity (each is its own piece of work with its own fix,
    #: as each missing index is), under the one finding that reports the pattern
    convention_members: ClassVar[str | None] = None

    def __init__(self, settings: dict[str, Any] | None = None):
        settings = dict(settings or {})
        opts = Options({k: o.default for k, o in self.options.items()})
        for key, value in settings.items():
            norm = key.replace("-", "_")
            if norm not in self.options:
                raise ValueError(f"{self.code} ({self.name}) has no option {key!r}")
            opts[norm] = self.options[norm].coerce(key, value)
        self.opts = opts

    # -- what subclasses implement ------------------------------------------
    def check_table(self, table: Table, ctx: "LintContext") -> Iterable[Finding] | None:
        if not self.column_rule():
            return None
        cols = table.columns if self.triggers is None else ctx.columns_with(table, self.triggers)
        return [f for f in (self.check_column(table, c, ctx) for c in cols) if f is not None]

    def applies(self, ctx: "LintContext") -> bool:
        """Whether the rule can say anything about this schema at all (read
        from schema-wide facts in ``facts``); False skips every table."""
        return True

    def check_schema(self, ctx: "LintContext") -> Iterable[Finding] | None:
        return None

    # -- conventions (rules with ``convention = True``) ---------------------------
    def convention_holds(self, ctx: "LintContext", findings: list[Finding]) -> bool:
        """Whether ``findings`` (this rule's, on tables) are the schema's convention."""
        return False

    def convention_severity(self, ctx: "LintContext") -> str:
        """The severity of the one finding that reports the convention."""
        return "medium"

    def convention_summary(self, ctx: "LintContext", findings: list[Finding]) -> str:
        return f"{self.name} is this schema's convention"

    def check_column(self, table: Table, column: Column, ctx: "LintContext") -> Finding | None:
        """Column rules implement this instead of ``check_table``: the engine
        calls it for the columns whose words (name tokens, ``kind:<kind>``,
        ``has:default``/``has:serial``/``has:len36``) meet ``triggers``, in one
        pass over each table's columns shared by all column rules."""
        return None

    @classmethod
    def whole_schema(cls) -> bool:
        return cls.check_schema is not Rule.check_schema

    @classmethod
    def column_rule(cls) -> bool:
        return cls.check_column is not Rule.check_column

    # -- helpers ---------------------------------------------------------------
    def finding(
        self,
        table: Table | None,
        message: str,
        *,
        column: Column | None = None,
        obj: Any = None,
        kind: str | None = None,
        severity: str | None = None,
        fix: Fix | None = None,
        key: str = "",
        location: SourceLocation | None = None,
    ) -> Finding:
        # positional arguments: a dataclass __init__ with thirteen keywords is
        # about three times slower to call, and a full run builds thousands
        if column is not None:
            if kind is None:
                kind = "column"
            if location is None:
                location = (getattr(obj, "location", None) if obj is not None else None) or column.location \
                    or (table.location if table is not None else None)
            cname = column.name
            oid = (getattr(obj, "id", None) if obj is not None else None) or column.id
        else:
            if kind is None:
                kind = "table" if table is not None else "schema"
            if location is None:
                location = (getattr(obj, "location", None) if obj is not None else None) \
                    or (table.location if table is not None else None)
            cname = None
            oid = (getattr(obj, "id", None) if obj is not None else None) or None
        if table is not None:
            return Finding(self.code, self.name, self.category, severity or self.severity, message, kind,
                           table.qualified_name, cname, table.id, oid, location, fix, key)
        return Finding(self.code, self.name, self.category, severity or self.severity, message, kind, None, cname,
                       None, oid, location, fix, key)

    # -- documentation ---------------------------------------------------------
    @classmethod
    def docs(cls) -> dict[str, str]:
        """The docstring's sections: ``summary``, ``What it does``, ``Why is
        this bad?``, ``Example``, ``Use instead`` (and any other ``## ...``)."""
        text = _dedent(cls.__doc__ or "")
        parts = re.split(r"^## +(.+?)\s*$", text, flags=re.M)
        out = {"summary": parts[0].strip()}
        for title, body in zip(parts[1::2], parts[2::2]):
            out[title.strip()] = body.strip("\n").rstrip()
        return out


def _dedent(text: str) -> str:
    import textwrap

    lines = text.splitlines()
    if not lines:
        return ""
    return (lines[0].strip() + "\n" + textwrap.dedent("\n".join(lines[1:]))).strip()


# -- registry --------------------------------------------------------------------
_REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    assert re.fullmatch(r"T[WQ]\d{3}", cls.code), cls.code
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cls.name), cls.name
    assert cls.category in CATEGORIES or cls.category == META_CATEGORY, cls.category
    assert cls.severity in SEVERITIES, cls.severity
    assert cls.scope in SCOPES, cls.scope
    if cls.code in _REGISTRY and _REGISTRY[cls.code] is not cls:
        raise ValueError(f"duplicate rule code {cls.code}")
    if any(r.name == cls.name and r is not cls for r in _REGISTRY.values()):
        raise ValueError(f"duplicate rule name {cls.name}")
    _REGISTRY[cls.code] = cls
    return cls


_loaded = False


def all_rules() -> list[type[Rule]]:
    """Every registered rule, ordered by code."""
    global _loaded
    if not _loaded:
        import importlib
        import pkgutil

        import tablewright.linting.rules as pkg

        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            importlib.import_module(info.name)
        _loaded = True
    # the schema rules (TW…) first, then the query rules (TQ…)
    return [_REGISTRY[c] for c in sorted(_REGISTRY, key=lambda c: (c.startswith("TQ"), c))]


def get_rule(code_or_name: str) -> type[Rule] | None:
    all_rules()
    key = code_or_name.strip()
    if key.upper() in _REGISTRY:
        return _REGISTRY[key.upper()]
    for rule in _REGISTRY.values():
        if rule.name == key.lower():
            return rule
    return None
