"""Reading a workload: the queries an application runs, with their weights.

Sources (:func:`read_workload` takes any mix):

- ``.sql`` files of queries, one statement each, with ``$1``, ``?``, ``:name``
  or ``%s`` parameters (sqlglot parses all four);
- a ``pg_stat_statements`` export, CSV or JSON (``query``, ``calls``,
  ``total_exec_time``/``mean_exec_time``; the pre-13 ``total_time``/``mean_time``
  too);
- MySQL's ``performance_schema.events_statements_summary_by_digest`` exported
  as CSV (``DIGEST_TEXT`` or ``QUERY_SAMPLE_TEXT``, ``COUNT_STAR``,
  ``SUM_TIMER_WAIT``/``AVG_TIMER_WAIT`` in picoseconds);
- a live PostgreSQL URL: its ``pg_stat_statements`` view is read (read-only;
  the password never reaches a message: :mod:`tablewright.designer.dburl`).

A query's weight is calls × mean time (ms) where both are known, else 1.
A query that does not parse is an :class:`~tablewright.designer.importing.ImportIssue`
with its file, line and column, and is skipped; statements that are not
queries (``SET``, ``BEGIN``, DDL in a statistics export) are left out.

A workload is *complete* when every query the application runs is in it
(``--complete``, or a ``-- tablewright: workload complete`` comment in a
.sql file): only then are indexes no query uses worth dropping.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlglot
from sqlglot import exp

from tablewright.designer.dialects import is_mysql
from tablewright.designer.errors import InputError
from tablewright.designer.importing import ImportIssue
from tablewright.designer.model import SourceLocation
from tablewright.designer.sql_split import SQLGLOT_FAILURES, split_statements, sqlglot_dialect_name

#: statements a workload is about; anything else in a statistics export is left out
QUERY_TYPES = (exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Insert, exp.Update, exp.Delete, exp.Merge)

#: statements that are not queries but are statements (a statistics export holds them too)
NOT_QUERIES = (exp.Command, exp.Set, exp.Transaction, exp.Commit, exp.Rollback, exp.Create, exp.Drop, exp.Alter,
               exp.Use, exp.Pragma, exp.Describe, exp.Values, exp.Show if hasattr(exp, "Show") else exp.Command, exp.Copy,
               exp.Grant if hasattr(exp, "Grant") else exp.Command, exp.Analyze if hasattr(exp, "Analyze") else exp.Command)

_COMPLETE = re.compile(r"tablewright\s*:\s*workload\s+complete", re.I)


@dataclass
class Query:
    """One statement of a workload."""

    text: str
    location: SourceLocation
    expression: exp.Expression
    calls: int | None = None
    mean_ms: float | None = None
    comments: list[str] = field(default_factory=list)
    end_line: int = 0
    #: the text is the file's own (a .sql file): node offsets map to file lines and columns
    mapped: bool = True

    @property
    def weight(self) -> float:
        if self.calls is not None and self.mean_ms is not None:
            return float(self.calls) * float(self.mean_ms)
        return 1.0

    @property
    def fingerprint(self) -> str:
        """A short hash of the query's normalized text (stable across moves in its file)."""
        return hashlib.blake2s(" ".join(self.text.split()).lower().encode(), digest_size=4).hexdigest()

    @property
    def kind(self) -> str:
        e = self.expression
        if isinstance(e, exp.Insert):
            return "insert"
        if isinstance(e, exp.Update):
            return "update"
        if isinstance(e, exp.Delete):
            return "delete"
        if isinstance(e, exp.Merge):
            return "merge"
        return "select"

    def short(self, width: int = 90) -> str:
        one = " ".join(self.text.split())
        return one if len(one) <= width else one[: width - 1] + "…"


@dataclass
class Workload:
    queries: list[Query] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    complete: bool = False
    sources: list[str] = field(default_factory=list)
    dialect: str = "postgres"

    def extend(self, other: "Workload") -> None:
        self.queries += other.queries
        self.issues += other.issues
        self.complete = self.complete or other.complete
        self.sources += other.sources


def parse_query(text: str, dialect: str) -> exp.Expression:
    """One statement parsed by sqlglot (raises one of SQLGLOT_FAILURES)."""
    found = [e for e in sqlglot.parse(text, read=sqlglot_dialect_name(dialect)) if e is not None]
    if len(found) != 1:
        raise sqlglot.errors.ParseError(f"expected one statement, found {len(found)}")
    return found[0]


def _failure_text(exc: BaseException) -> tuple[str, int | None, int | None]:
    """(message, line, column) of a sqlglot failure."""
    errors = getattr(exc, "errors", None) or []
    if errors:
        first = errors[0]
        desc = str(first.get("description") or "").strip() or "does not parse"
        return desc, first.get("line"), first.get("col")
    return (str(exc).splitlines() or ["does not parse"])[0][:200], None, None


def _query(text: str, location: SourceLocation, dialect: str, issues: list[ImportIssue], *,
           calls=None, mean_ms=None, comments=None, end_line=0, locate=None, quiet_non_query=False) -> Query | None:
    try:
        expression = parse_query(text, dialect)
    except SQLGLOT_FAILURES as exc:
        msg, line, col = _failure_text(exc)
        where = locate(line, col) if (locate and line) else location
        issues.append(ImportIssue("error", f"query does not parse, skipped: {msg}", where,
                                  text.strip().split("\n", 1)[0][:120]))
        return None
    if not isinstance(expression, QUERY_TYPES):
        if not isinstance(expression, NOT_QUERIES):  # `SELEC x` reads as an alias: not a statement at all
            issues.append(ImportIssue("error", "query does not parse, skipped: not a statement", location,
                                      text.strip().split("\n", 1)[0][:120]))
            return None
        if not quiet_non_query:
            issues.append(ImportIssue("info", f"not a query ({expression.key.upper()}), left out", location,
                                      text.strip().split("\n", 1)[0][:120]))
        return None
    return Query(text, location, expression, calls, mean_ms, list(comments or ()), end_line or location.line)


# -- .sql files ------------------------------------------------------------------------------------

def _locator(start: SourceLocation):
    """(line, col) in a statement's own text (sqlglot's error position) -> the file's."""
    def locate(line: int, col: int) -> SourceLocation:
        if line <= 1:
            return SourceLocation(start.path, start.line, start.column + max(col, 1) - 1)
        return SourceLocation(start.path, start.line + line - 1, max(col, 1))
    return locate


def read_sql(text: str, path: str, dialect: str) -> Workload:
    statements, issues = split_statements(text, dialect, path)
    out = Workload(issues=[i for i in issues if i.severity != "info"], sources=[path], dialect=dialect)
    for st in statements:
        q = _query(st.text, st.location, dialect, out.issues, comments=st.comments, end_line=st.end_line,
                   locate=_locator(st.location))
        if q is not None:
            out.queries.append(q)
    out.complete = bool(_COMPLETE.search(text))
    return out


# -- statistics exports ---------------------------------------------------------------------------

def _num(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _pick(row: dict, *names: str):
    for n in names:
        if n in row and row[n] not in (None, ""):
            return row[n]
    return None


def _stats_row(row: dict) -> tuple[str | None, int | None, float | None, str]:
    """(query text, calls, mean ms, format) of one row of either export."""
    low = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    if "digest_text" in low or "count_star" in low:  # MySQL performance_schema, picoseconds
        text = _pick(low, "query_sample_text", "digest_text")
        calls = _num(_pick(low, "count_star"))
        mean = _num(_pick(low, "avg_timer_wait"))
        total = _num(_pick(low, "sum_timer_wait"))
        if mean is None and total is not None and calls:
            mean = total / calls
        return text, int(calls) if calls is not None else None, mean / 1e9 if mean is not None else None, "mysql"
    text = _pick(low, "query")
    calls = _num(_pick(low, "calls"))
    mean = _num(_pick(low, "mean_exec_time", "mean_time"))
    total = _num(_pick(low, "total_exec_time", "total_time"))
    if mean is None and total is not None and calls:
        mean = total / calls
    return text, int(calls) if calls is not None else None, mean, "pg"


def _rows_dialect(kind: str, dialect: str) -> str:
    if kind == "mysql" and not is_mysql(dialect):
        return "mysql"
    return dialect


def read_csv(text: str, path: str, dialect: str) -> Workload:
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _read_csv(reader, path, dialect)
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}:1: not a readable CSV export: {exc}") from None


def _read_csv(reader, path: str, dialect: str) -> Workload:
    out = Workload(sources=[path], dialect=dialect)
    fields = {f.strip().lower() for f in reader.fieldnames or ()}
    if not fields & {"query", "digest_text", "query_sample_text"}:
        raise InputError(f"{path}:1:1: not a pg_stat_statements or performance_schema digest export "
                         "(no query, DIGEST_TEXT or QUERY_SAMPLE_TEXT column)")
    start = 2
    for row in reader:
        line = start
        start = reader.line_num + 1
        q_text, calls, mean, kind = _stats_row(row)
        if not q_text:
            continue
        _add_stats_query(out, q_text, SourceLocation(path, line, 1), _rows_dialect(kind, dialect), calls, mean)
    return out


def _add_stats_query(out: Workload, text: str, location: SourceLocation, dialect: str, calls, mean) -> None:
    text = text.strip()
    if text.endswith("...") or text.endswith("…"):  # a digest cut at performance_schema_max_digest_length
        out.issues.append(ImportIssue("warning", "query text is truncated in the export, skipped", location,
                                      text[:120]))
        return
    q = _query(text.rstrip(";"), location, dialect, out.issues, calls=calls, mean_ms=mean, quiet_non_query=True)
    if q is not None:
        q.mapped = False
        out.queries.append(q)


def _json_rows(text: str, path: str) -> list[tuple[int, dict]]:
    """The objects of a JSON export with the line each starts on: a list of
    objects, or an object holding one such list (``{"rows": [...]}``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    top_is_list = isinstance(data, list)
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise InputError(f"{path}:1:1: expected a list of pg_stat_statements rows")
        data = lists[0]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(f"{path}:1:1: expected a list of objects with query, calls, mean_exec_time")
    # the line each object starts on: walk the text with the decoder, one element at a time
    lines: list[int] = []
    decoder = json.JSONDecoder()
    pos = (text.find("[") if top_is_list else _list_start(text)) + 1
    for _ in data:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        lines.append(text.count("\n", 0, pos) + 1)
        _, pos = decoder.raw_decode(text, pos)
    return list(zip(lines, data))


def _list_start(text: str) -> int:
    """Offset of the one list inside a top-level JSON object."""
    decoder = json.JSONDecoder()
    pos = text.find("{") + 1
    while True:
        while text[pos] in " \t\r\n,":
            pos += 1
        _, pos = decoder.raw_decode(text, pos)  # the key
        while text[pos] in " \t\r\n:":
            pos += 1
        if text[pos] == "[":
            return pos
        _, pos = decoder.raw_decode(text, pos)


def read_json(text: str, path: str, dialect: str) -> Workload:
    out = Workload(sources=[path], dialect=dialect)
    for line, row in _json_rows(text, path):
        q_text, calls, mean, kind = _stats_row(row)
        if q_text:
            _add_stats_query(out, str(q_text), SourceLocation(path, line, 1), _rows_dialect(kind, dialect), calls,
                             mean)
    return out


# -- a live PostgreSQL ------------------------------------------------------------------------------

PG_STAT_SQL = """
SELECT query, calls, mean_exec_time
FROM pg_stat_statements s
WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY calls * mean_exec_time DESC
LIMIT 5000
"""


def read_live(url: str) -> Workload:
    """pg_stat_statements of the database at ``url`` (PostgreSQL 13+)."""
    import sqlalchemy as sa

    from tablewright.designer.dburl import create_engine, first_line, scrub

    engine, shown = create_engine(url)
    if engine.dialect.name != "postgresql":
        raise InputError(f"{shown}: a live workload is read from PostgreSQL's pg_stat_statements only")
    out = Workload(sources=[shown], dialect="postgres")
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(PG_STAT_SQL)).all()
    except sa.exc.SQLAlchemyError as exc:
        raise InputError(scrub(f"{shown}: cannot read pg_stat_statements: {first_line(getattr(exc, 'orig', exc))}")) \
            from None
    finally:
        engine.dispose()
    for n, (text, calls, mean) in enumerate(rows, 1):
        _add_stats_query(out, text, SourceLocation(shown, n, 1), "postgres", calls, mean)
    return out


# -- any source -----------------------------------------------------------------------------------

def read_workload(sources: list[str], dialect: str | None = None, *, complete: bool = False) -> Workload:
    """Every query of ``sources`` (files or a PostgreSQL URL), in order."""
    from tablewright.designer.dburl import is_url

    dialect = dialect or "postgres"
    total = Workload(dialect=dialect, complete=complete)
    for src in sources:
        if is_url(src):
            total.extend(read_live(src))
            continue
        p = Path(src)
        try:
            text = p.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(f"{src}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{src}: is a directory, not a workload file") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{src}: not UTF-8 text (byte {exc.start})") from None
        except OSError as exc:
            raise InputError(f"{src}: cannot read: {exc.strerror}") from None
        suffix = p.suffix.lower()
        if suffix == ".csv":
            total.extend(read_csv(text, src, dialect))
        elif suffix == ".json":
            total.extend(read_json(text, src, dialect))
        else:
            total.extend(read_sql(text, src, dialect))
    return total
