"""A migration as an SQL script for one dialect, up or down.

The steps come from :mod:`tablewright.designer.migrations.plan` (Alembic operation objects
in their safe form); Alembic writes each one's SQL in offline mode.  This module
only lays the script out:

- PostgreSQL: ``SET lock_timeout`` / ``SET statement_timeout`` first; enum values
  added and indexes dropped (``CONCURRENTLY``) before the transaction; then ``BEGIN`` … ``COMMIT``; then, one at a
  time, what must not hold the transaction's locks (``VALIDATE CONSTRAINT``,
  backfills, ``SET NOT NULL`` through a validated check) and what cannot run in
  a transaction at all (``CREATE INDEX CONCURRENTLY``).
- MySQL/MariaDB: DDL commits by itself; ``lock_wait_timeout`` first.
- SQLite: ``PRAGMA foreign_keys = OFF``, one transaction, ``PRAGMA
  foreign_key_check`` before ``COMMIT`` (any row it returns is a broken
  reference: roll back), ``PRAGMA foreign_keys = ON``.
- SQL Server: one transaction; Alembic ends each statement's batch with
  ``GO``, and a ``CREATE VIEW`` (or function, procedure, trigger) that must be
  alone in its batch gets a ``GO`` before it too.

``RenderedSQL.lines`` maps each op index to the script lines of its statements,
which is how findings are shown beside the SQL they concern.

``render_statements`` gives the statements alone, in the script's order and
without its framing: the SQL of one lint fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from tablewright.designer.migrations.ops import MigrateOp, MigrationScript
from tablewright.designer.migrations.plan import MODES, MYSQL, Plan, PlanOptions, compile_op, plan
from tablewright.designer.model import Schema
from tablewright.designer.sql_split import head_keywords

#: SQL Server's batch separator, which Alembic writes after each statement (a client command, not SQL)
_BATCH_SEPARATOR = "GO"
#: PostgreSQL's script order: what must go first, the transaction, then what must follow it
_PG_SECTIONS = (("pre",), ("main",), ("post", "outside"))
#: SQLite: around a table rebuild (foreign keys are off so that dropping the old table
#: neither fails nor cascades; any row the check returns is a broken reference)
_SQLITE_OPEN = ("PRAGMA foreign_keys = OFF", "BEGIN")
_SQLITE_CLOSE = ("PRAGMA foreign_key_check", "COMMIT", "PRAGMA foreign_keys = ON")


@dataclass
class RenderedSQL:
    dialect: str
    text: str
    lines: dict[int, list[int]] = field(default_factory=dict)  # op index -> 1-based line numbers
    warnings: list[str] = field(default_factory=list)

    def line_of(self, op_index: int) -> int | None:
        lines = self.lines.get(op_index)
        return lines[0] if lines else None


def render_sql(script: MigrationScript, dialect: str, *, down: bool = False,
               options: PlanOptions | None = None) -> RenderedSQL:
    """The upgrade (``script.old`` → ``script.new``) or, with ``down``, the downgrade script."""
    ops, start = script.ops(down)
    return render_ops(ops, start, dialect, options=options, title="downgrade" if down else "upgrade")


def render_ops(ops: list[MigrateOp], start: Schema, dialect: str, *, options: PlanOptions | None = None,
               title: str = "upgrade") -> RenderedSQL:
    return _layout(plan(ops, start, dialect), options or PlanOptions(), title)


def render_statements(ops: list[MigrateOp], start: Schema, dialect: str) -> list[str]:
    """The statements of the script ``render_ops`` writes, in its order, each
    ending in ``;``, without what frames them there (session timeouts,
    ``BEGIN``/``COMMIT``, SQL Server's ``GO``, comments): the safe forms stay
    (``CONCURRENTLY``, ``NOT VALID`` then ``VALIDATE``, ``ALGORITHM``/``LOCK``),
    but each statement runs on its own.  A SQLite table rebuild keeps its
    framing (foreign keys off, one transaction, the keys checked): without it,
    dropping the old table could fail or cascade."""
    result = plan(ops, start, dialect)
    sections = _PG_SECTIONS if dialect == "postgres" else (MODES,)
    compiled = [(step, _compile(step, dialect, result)) for step in result.steps]
    out = [_terminated(sql) for modes in sections for step, statements in compiled if step.mode in modes
           for sql in statements if sql.strip().upper() != _BATCH_SEPARATOR]
    if dialect == "sqlite" and result.rebuilt:
        return [*map(_terminated, _SQLITE_OPEN), *out, *map(_terminated, _SQLITE_CLOSE)]
    return out


def _compile(step, dialect: str, result: Plan) -> list[str]:
    """The statements of one step; a step the dialect cannot express as
    DDL (SQL Server adding an identity to an existing column) is written as a
    comment saying so, and a warning, instead of failing the whole script."""
    try:
        return compile_op(step.op, dialect)
    except (sa.exc.CompileError, NotImplementedError) as exc:  # Alembic's "not supported by MySQL" too
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        result.warnings.append(f"a step is not written for {dialect}, do it by hand: {reason}")
        return [f"-- not written for {dialect}, do it by hand: {reason}"]


def _terminated(sql: str) -> str:
    if sql.lstrip().startswith("--"):  # a step written as a comment (see _compile)
        return sql.rstrip()
    return sql.rstrip().rstrip(";") + ";"


#: SQL Server statements that must be the first (and only) one of their batch
_BATCH_ALONE = {"VIEW", "FUNCTION", "PROCEDURE", "PROC", "TRIGGER", "SCHEMA", "DEFAULT", "RULE"}


def _alone_in_batch(sql: str) -> bool:
    words = head_keywords(sql, "mssql", 4)
    if words[:3] == ("CREATE", "OR", "ALTER"):
        words = words[2:]
    return len(words) > 1 and words[0] in ("CREATE", "ALTER") and words[1] in _BATCH_ALONE


class _Writer:
    def __init__(self, dialect: str | None = None):
        self.dialect = dialect
        self.lines: list[str] = []
        self.by_op: dict[int, list[int]] = {}

    def line(self, text: str = "") -> None:
        self.lines.extend(text.split("\n"))

    def statement(self, sql: str, index: int | None) -> None:
        if sql.strip().upper() == _BATCH_SEPARATOR:
            self.line(_BATCH_SEPARATOR)  # a client command on its own line: sqlcmd rejects "GO;"
            return
        if self.dialect == "mssql" and _alone_in_batch(sql):
            last = next((line for line in reversed(self.lines) if line.strip()), "")
            if last.strip().upper() != _BATCH_SEPARATOR:
                self.line(_BATCH_SEPARATOR)  # CREATE VIEW & co. must open their batch (Alembic ends it with GO)
        first = len(self.lines) + 1
        self.line(_terminated(sql))
        if index is not None:
            self.by_op.setdefault(index, []).extend(range(first, len(self.lines) + 1))


def _layout(result: Plan, options: PlanOptions, title: str) -> RenderedSQL:
    dialect = result.dialect
    w = _Writer(dialect)
    w.line(f"-- Tablewright migration: {title} ({dialect})")
    compiled = [(step, _compile(step, dialect, result)) for step in result.steps]
    if not compiled:
        w.line("-- nothing to do")
        return RenderedSQL(dialect, "\n".join(w.lines) + "\n", {}, result.warnings)
    if dialect == "postgres":
        w.statement(f"SET lock_timeout = '{options.lock_timeout}'", None)
        w.statement(f"SET statement_timeout = '{options.statement_timeout}'", None)
        before, main, after = _PG_SECTIONS
        _section(w, compiled, before, None)
        _section(w, compiled, main, ("BEGIN", "COMMIT"))
        if any(step.mode in after for step, _ in compiled):
            w.line()
            w.line("-- after the transaction, one statement at a time: nothing here holds the locks")
            w.line("-- taken above; CONCURRENTLY cannot run inside a transaction")
            _section(w, compiled, after, None)
    elif dialect in MYSQL:
        w.statement("SET SESSION lock_wait_timeout = 5", None)
        _section(w, compiled, MODES, None)
    elif dialect == "sqlite":
        for text in _SQLITE_OPEN:
            w.statement(text, None)
        _section(w, compiled, MODES, None)
        w.line("-- any row returned here is a broken reference: ROLLBACK instead of COMMIT")
        for text in _SQLITE_CLOSE:
            w.statement(text, None)
    else:
        _section(w, compiled, MODES, ("BEGIN TRANSACTION", "COMMIT"))
    return RenderedSQL(dialect, "\n".join(w.lines) + "\n", w.by_op, result.warnings)


def _section(w: _Writer, compiled, modes, wrap) -> None:
    chosen = [(s, sql) for s, sql in compiled if s.mode in modes]
    if not chosen:
        return
    if wrap:
        w.line()
        w.statement(wrap[0], None)
    for step, statements in chosen:
        for sql in statements:
            w.statement(sql, step.index)
    if wrap:
        w.statement(wrap[1], None)


__all__ = ["RenderedSQL", "render_ops", "render_sql", "render_statements"]
