"""What a lint run produces: findings, fixes as data, severities and categories."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from tablewright.designer.model import Schema, SourceLocation, blake2s

if TYPE_CHECKING:
    from tablewright.designer.edits import TableChange

SEVERITIES = ("critical", "high", "medium", "low")
#: low < medium < high < critical
SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}

CATEGORIES = (
    "schema-design",
    "data-types",
    "constraints",
    "indexing",
    "concurrency",
    "security",
    "scalability",
    "observability",
    "naming",
    "migrations",
    "queries",
)
#: findings about the linter itself (unused suppressions); not scored
META_CATEGORY = "meta"

OBJECT_KINDS = ("schema", "table", "column", "constraint", "index")


def at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


#: renderings kept for one schema that does not change (the lint CLI's, which keeps them in its parse
#: cache): the schema, ``{(dialect, repr(edit)): sql}`` and what the renderer may remember about the
#: schema meanwhile (see :func:`tablewright.designer.migrations.edit_sql.render_edit`)
_kept: tuple[Schema, dict, dict] | None = None


def keep_rendered(schema: Schema, rendered: dict) -> None:
    """Serve the SQL of fixes on ``schema`` from ``rendered`` and add new
    renderings to it.  Only for a schema nothing changes any more."""
    global _kept
    _kept = (schema, rendered, {})


class Fix:
    """How to fix a finding: a title, the model edit that does it (``edit``, a
    :class:`tablewright.designer.edits.TableChange`, which the GUI applies and
    undoes as it does the designer's edits) and the SQL that does it (``sql``).

    A fix with a model edit is given the schema it was found in and renders
    its SQL when ``sql`` is read: the statements ``tablewright migrate`` writes
    for that edit, in their safe form (see
    :func:`tablewright.designer.migrations.edit_sql.render_edit`).
    Nothing is rendered or copied while linting; the schema is a reference.
    The SQL is rendered afresh on each read, from the model as it is then: the
    incremental engine keeps a finding (and its fix) across runs when the
    finding compares equal, which it does when its table changed in a way that
    leaves the finding as it was, and a cached rendering would then be stale
    (a rendering takes about a millisecond; the first in a process imports
    SQLAlchemy and Alembic).  Only where the schema cannot change, the lint
    CLI's, are renderings kept (with its parse cache: see
    :func:`keep_rendered`).  A fix that is not a model change
    (advice, a query, an engine switch) passes ``sql`` as text instead.

    Equality and hashing use the title, the edit and the SQL text passed in,
    never the schema or the rendered SQL: comparing findings renders nothing.
    Pickled or copied, a fix carries its rendered SQL, not the schema.  Treat
    as immutable.
    """

    __slots__ = ("title", "edit", "_text", "_schema", "_dialect", "_rendered")

    def __init__(self, title: str, sql: str | None = None, edit: TableChange | None = None, *,
                 schema: Schema | None = None):
        self.title = title
        self.edit = edit
        self._text = sql
        self._schema = schema if edit is not None and sql is None else None
        # the dialect of the lint run (a schema's dialect can change later)
        self._dialect = schema.dialect if schema is not None else None
        self._rendered = None  # what an unpickled fix carries instead of the schema

    @property
    def sql(self) -> str | None:
        """The SQL that does the fix (rendered from the model on each read)."""
        if self._text is not None:
            return self._text
        if self._schema is None:
            return self._rendered
        kept = _kept
        if kept is not None and kept[0] is self._schema:
            key = (self._dialect, repr(self.edit))
            if key not in kept[1]:
                sql = self._render(kept[2])
                if sql is _FAILED:
                    return None
                kept[1][key] = sql
            return kept[1][key]
        sql = self._render(None)
        return None if sql is _FAILED else sql

    def _render(self, memo: dict | None):
        from tablewright.designer.migrations.edit_sql import render_edit

        try:
            return render_edit(self.edit, self._schema, self._dialect, memo=memo)
        except Exception:  # a fix without SQL is better than a report that fails
            import logging  # here: importing it costs every lint run a few ms

            logging.getLogger(__name__).warning("could not render the SQL of fix %r (%s)", self.title, self.edit,
                                                exc_info=True)
            return _FAILED

    def __eq__(self, other):
        if other.__class__ is not Fix:
            return NotImplemented
        return self.title == other.title and self._text == other._text and self.edit == other.edit

    def __hash__(self):
        return hash((self.title, self._text, self.edit))

    def __reduce__(self):
        return _restore_fix, (self.title, self._text, self.edit, None if self._text is not None else self.sql)

    def __repr__(self) -> str:
        text = f", sql={self._text!r}" if self._text is not None else ""
        return f"Fix(title={self.title!r}{text}, edit={self.edit!r})"

    def to_dict(self, *, render: bool = True) -> dict:
        """The fix as data.  ``sql`` is there when the fix is SQL text, or when
        ``render`` asks for the SQL of its model edit (rendering imports the
        migration planner: SQLAlchemy and Alembic, ~0.3 s the first time)."""
        out = {"title": self.title}
        if self._text is not None or render:
            out["sql"] = self.sql
        out["edit"] = self.edit.to_dict() if self.edit else None
        return out


_FAILED = object()  # a rendering that failed (said so in the log): not kept


def _restore_fix(title: str, text: str | None, edit: TableChange | None, rendered: str | None) -> Fix:
    fix = Fix(title, text, edit)
    fix._rendered = rendered
    return fix


@dataclass
class Finding:
    """One thing a rule points out, about one model object (treat as immutable:
    not frozen only because frozen dataclasses are several times slower to
    build, and a full run builds thousands).

    ``table`` is the table's qualified name (``None`` for schema-level
    findings), ``column`` the column name for column-level findings.  ``key``
    tells apart several findings of one rule on the same object (e.g. the index
    name); with ``rule``, ``table`` and ``column`` it makes the stable ``id``.
    """

    rule: str
    name: str
    category: str
    severity: str
    message: str
    object_kind: str = "table"
    table: str | None = None
    column: str | None = None
    table_id: str | None = None
    object_id: str | None = None
    location: SourceLocation | None = None
    fix: Fix | None = None
    key: str = ""
    #: a finding about a query of a workload: the query's text
    query: str | None = None

    @cached_property
    def id(self) -> str:
        raw = "\x1f".join((self.rule, self.table or "", self.column or "", self.key))
        return f"{self.rule}-{blake2s(raw.encode(), digest_size=6).hexdigest()}"

    @property
    def sort_key(self) -> tuple:
        loc = self.location
        return (
            (loc.path or "") if loc else "~",
            loc.line if loc else 0,
            loc.column if loc else 0,
            self.rule,
            self.table or "",
            self.column or "",
            self.key,
        )

    def with_severity(self, severity: str) -> "Finding":
        return replace(self, severity=severity)

    def to_dict(self, *, fix_sql: bool = True) -> dict:
        """The finding as data; ``fix_sql=False`` leaves out the SQL of a fix
        that is a model edit (see :meth:`Fix.to_dict`)."""
        loc = self.location
        return {
            "id": self.id,
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "table": self.table,
            "column": self.column,
            "object": {"kind": self.object_kind, "id": self.object_id or self.table_id},
            "message": self.message,
            "fix": self.fix.to_dict(render=fix_sql) if self.fix else None,
            "location": (
                {"path": loc.path, "line": loc.line, "column": loc.column} if loc else None
            ),
            **({"query": self.query} if self.query is not None else {}),
        }


@dataclass
class Summary:
    """The counts of a lint run's findings (by severity and category), suppressed and baselined."""
    total: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    suppressed: int = 0
    baselined: int = 0
    tables: int = 0

    @classmethod
    def of(cls, findings, *, tables: int = 0, suppressed: int = 0, baselined: int = 0) -> "Summary":
        by_sev = {s: 0 for s in SEVERITIES}
        by_cat: dict[str, int] = {}
        for f in findings:
            by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
            by_cat[f.category] = by_cat.get(f.category, 0) + 1
        return cls(
            total=len(findings),
            by_severity=by_sev,
            by_category=dict(sorted(by_cat.items())),
            suppressed=suppressed,
            baselined=baselined,
            tables=tables,
        )

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "by_severity": self.by_severity,
            "by_category": self.by_category,
            "suppressed": self.suppressed,
            "baselined": self.baselined,
            "tables": self.tables,
        }
