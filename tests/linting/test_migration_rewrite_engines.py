"""TM004 says a type change rewrites the table; PostgreSQL is the oracle: a rewrite gives the table a new
file node (pg_class.relfilenode), an in-place change keeps it.  A new user's NUMERIC(10,2) → NUMERIC(12,2)
was reported high ("rewrites the table under an exclusive lock") and failed their CI, though PostgreSQL
changes it in place."""

from __future__ import annotations

import subprocess

import pytest

from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.migrations import compare_by_name
from tablewright.designer.migrations.render_sql import render_sql
from tablewright.linting.migrations import lint_migration
from tests.engines import PG_HOST, PG_PORT, PG_USER, psql

pytestmark = pytest.mark.db


def _filenode(url: str) -> str:
    db = url.rsplit("/", 1)[-1].split("?", 1)[0]
    return subprocess.run(["psql", "-X", "-At", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, "-d", db, "-c",
                           "SELECT relfilenode FROM pg_class WHERE relname = 'track'"],
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize("old,new,rewrites", [
    ("numeric(10,2)", "numeric(12,2)", False),
    ("numeric(10,2)", "numeric", False),
    ("numeric(10,2)", "numeric(12,3)", True),
    ("integer", "bigint", True),
    ("varchar(40)", "varchar(80)", False),
])
def test_tm004_says_rewrite_where_postgresql_rewrites(pg_url_factory, old, new, rewrites):
    before = import_ddl([("v1.sql", f"CREATE TABLE track (id int PRIMARY KEY, price {old});")], "postgres").schema
    after = import_ddl([("v2.sql", f"CREATE TABLE track (id int PRIMARY KEY, price {new});")], "postgres").schema
    script = compare_by_name(before, after)
    url = pg_url_factory()
    psql(url, f"CREATE TABLE track (id int PRIMARY KEY, price {old}); INSERT INTO track VALUES (1, 1);")
    node = _filenode(url)
    psql(url, render_sql(script, "postgres").text)
    assert (_filenode(url) != node) == rewrites  # the engine's answer
    said = [f for f in lint_migration(script, "postgres").findings if f.rule == "TM004"]
    assert bool(said) == rewrites, [f.message for f in said]
