"""Corpus schemas imported once per test process (``schema(name)``), for the
corpus-wide checks that several test modules run (DBML, Mermaid, ...)."""

from __future__ import annotations

from functools import cache

from tablewright.designer.ddl_import import import_ddl
from tests.conftest import corpus_path
from tests.corpus_cases import CASES


@cache
def schema(name: str):
    files, dialect, _ = CASES[name]
    return import_ddl([str(corpus_path(*f.split("/"))) for f in files], dialect).schema
