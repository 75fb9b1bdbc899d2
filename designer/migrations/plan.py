"""Migration ops → Alembic operation objects for one dialect, in their safe form.

Both outputs start here: ``render_sql`` runs the steps through Alembic in
offline (``as_sql``) mode, ``render_alembic`` renders the very same operation
objects as a revision file.  One small function per op type
(``functools.singledispatch``) says what the op becomes; SQLAlchemy types,
columns and constraints come from ``tablewright.designer.sa_mapping`` (the model →
SQLAlchemy mapping DDL export uses too), Alembic's per-dialect implementations
write the ALTERs (MySQL's MODIFY with the full column, PostgreSQL's USING …).

What is written by hand is only what no library does: the safe-form wrappers.

- PostgreSQL: indexes on existing tables ``CONCURRENTLY`` outside the
  transaction; foreign keys and checks ``NOT VALID`` then ``VALIDATE`` after it;
  ``SET NOT NULL`` through a validated ``CHECK (c IS NOT NULL)``; a backfill
  ``UPDATE … WHERE c IS NULL`` before a column with a default becomes NOT NULL;
  ``USING c::type`` on type changes; enum values added outside the transaction,
  removed by re-creating the type.
- MySQL/MariaDB: ``ALGORITHM=INPLACE, LOCK=NONE`` (``INSTANT`` for added
  columns) on the statements the engine can do online; backfill before NOT NULL.
- SQLite: what ALTER TABLE cannot do is a table rebuild (create new, copy,
  drop, rename), the whole script in one transaction, foreign keys checked.

Each step remembers the index of the op it came from, so findings can point at
the SQL lines of their op.

The modules: ``planner`` (the plan, the planner's state and helpers, the SQLite
rebuild, Alembic's offline compilation, the dispatcher), ``plan_tables``
(namespaces, tables, columns), ``plan_constraints`` (keys, constraints, indexes,
exclusion constraints) and ``plan_objects`` (enums, sequences, statements kept
verbatim); this one makes a plan.
"""

from __future__ import annotations

# the functions of each op type register with the planner's dispatcher when their module is imported
from tablewright.designer.migrations import plan_constraints, plan_objects, plan_tables  # noqa: F401
from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations.planner import MODES, MYSQL, Plan, PlanOptions, Step, _Planner, compile_op
from tablewright.designer.model import DIALECTS, Schema


def plan(ops: list[o.MigrateOp], start: Schema, dialect: str) -> Plan:
    """The Alembic operations that carry out ``ops`` on ``start`` for ``dialect``."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}")
    return _Planner(ops, start, dialect).run()


__all__ = ["MODES", "Plan", "PlanOptions", "Step", "compile_op", "plan"]
