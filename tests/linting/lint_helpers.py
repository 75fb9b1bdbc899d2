"""Helpers for the linting tests (no Qt)."""

from __future__ import annotations

import logging

from tablewright.designer.ddl_import import import_ddl
from tablewright.linting import Config, Engine

logging.getLogger("sqlglot").setLevel(logging.ERROR)


def schema_of(ddl: str, dialect: str, *, strict: bool = True):
    result = import_ddl([("case.sql", ddl)], dialect)
    if strict:
        errors = [str(i) for i in result.issues if i.severity == "error"]
        assert not errors, f"the test DDL does not import cleanly in {dialect}: {errors}"
    return result


def workload_of(queries: str, dialect: str, *, complete: bool = False):
    """A workload read from ``queries`` as the file ``queries.sql``."""
    from tablewright.linting.workload.reader import read_sql

    wl = read_sql(queries, "queries.sql", dialect)
    wl.complete = wl.complete or complete
    return wl


def lint(ddl: str, dialect: str, select=None, options=None, queries: str | None = None, complete: bool = False,
         **config):
    result = schema_of(ddl, dialect)
    cfg = Config(select=list(select) if select else None, rule_options=options or {}, **config)
    workload = workload_of(queries, dialect, complete=complete) if queries is not None else None
    return Engine(cfg, workload=workload).run(result.schema)
