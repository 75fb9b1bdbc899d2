"""Views created as elements of ``CREATE SCHEMA s CREATE VIEW …`` (AdventureWorks'
convenience views, ``pe.e`` and ``hr.e``): PostgreSQL runs the elements with ``s`` first
on the search path, so each view lands in its schema.  Kept verbatim, they are written
back the same way; the export, loaded with psql, has the source's catalog."""

from __future__ import annotations

import subprocess

import pytest

from tests import engines
from tests.conftest import PG_HOST, PG_PORT, PG_USER

DDL = """
CREATE TABLE public.t (id int PRIMARY KEY, name text);
CREATE SCHEMA pe
  CREATE VIEW e AS SELECT id, name FROM public.t
  CREATE VIEW p AS SELECT id FROM public.t
;
CREATE SCHEMA hr
  CREATE VIEW e AS SELECT id AS employee FROM public.t
;
CREATE VIEW e AS SELECT name FROM t;
"""


def _views(dbname: str) -> list[tuple[str, str, str]]:
    out = subprocess.run(["psql", "-X", "-At", "-F", "|", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER,
                          "-d", dbname, "-c",
                          "SELECT table_schema, table_name, replace(view_definition, chr(10), ' ') FROM information_schema.views "
                          "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"],
                         capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    return [tuple(line.split("|", 2)) for line in out.strip().splitlines()]


@pytest.mark.db
def test_views_of_create_schema_elements_keep_their_schema(pg_url_factory, tmp_path):
    from tablewright.app.cli import main

    source = pg_url_factory().rsplit("/", 1)[1]
    engines.psql(source, DDL)
    path = tmp_path / "schema.sql"
    path.write_text(DDL)
    out = tmp_path / "export.sql"
    assert main(["export", str(path), "--dialect", "postgres", "-o", str(out)]) == 0
    target = pg_url_factory().rsplit("/", 1)[1]
    engines.psql(target, files=[out])  # raises with psql's error (relation "e" already exists, before)
    views = _views(source)
    assert [(s, n) for s, n, _ in views] == [("hr", "e"), ("pe", "e"), ("pe", "p"), ("public", "e")]
    assert _views(target) == views
