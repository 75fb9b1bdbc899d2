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


def lint(ddl: str, dialect: str, select=None, options=None, **config):
    result = schema_of(ddl, dialect)
    cfg = Config(select=list(select) if select else None, rule_options=options or {}, **config)
    return Engine(cfg).run(result.schema)
