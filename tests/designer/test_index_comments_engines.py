"""MariaDB index comments (``KEY k (c) COMMENT 'why'``, ``CREATE INDEX … COMMENT``)
through the DDL import, the live import, the export and a migration, with the
engine as the oracle: whatever route, the database ends with the comments the
original has (``SHOW CREATE TABLE`` in ``tests/engine_catalog.py``).  PostgreSQL's
``COMMENT ON INDEX`` goes the same routes as a guard."""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.live_import import import_database
from tests.designer.test_hostile_text_engines import _Engine, assert_migration

pytestmark = pytest.mark.db

MARIADB_OLD = r"""
CREATE TABLE parent (id int PRIMARY KEY, code varchar(20), name varchar(50), body text,
  UNIQUE KEY uq_code (code) COMMENT 'codes are unique',
  KEY ix_name (name) COMMENT 'it''s for \\ search %s',
  FULLTEXT KEY ft_body (body) COMMENT 'full text');
CREATE TABLE child (id int PRIMARY KEY, parent_id int, at datetime,
  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id));
CREATE INDEX ix_at ON child (at) COMMENT 'by time';
ALTER TABLE child ADD INDEX ix_both (parent_id, at) COMMENT 'both';
CREATE INDEX ix_plain ON child (at, id);
"""

# the comments changed, added, removed; a new commented index on an existing table and on a new one
MARIADB_NEW = MARIADB_OLD.replace("'by time'", "'by time, newest first'").replace(
    " COMMENT 'both'", "").replace("CREATE INDEX ix_plain ON child (at, id);",
                                   "CREATE INDEX ix_plain ON child (at, id) COMMENT 'now commented';\n"
                                   "CREATE INDEX ix_new ON parent (name, code) COMMENT 'new';\n"
                                   "CREATE TABLE extra (id int PRIMARY KEY, v int, KEY ix_v (v) COMMENT 'v');")

PG_OLD = r"""
CREATE TABLE parent (id int PRIMARY KEY, name text);
CREATE INDEX ix_name ON parent (name);
COMMENT ON INDEX ix_name IS 'it''s for search %s';
CREATE INDEX ix_plain ON parent (name, id);
"""

PG_NEW = PG_OLD.replace("'it''s for search %s'", "'changed \\ it''s'") + """
COMMENT ON INDEX ix_plain IS 'now commented';
CREATE INDEX ix_new ON parent (id, name);
COMMENT ON INDEX ix_new IS 'new';
CREATE TABLE extra (id int PRIMARY KEY, v int);
CREATE INDEX ix_v ON extra (v);
COMMENT ON INDEX ix_v IS 'v';
"""

DDL = {"mariadb": (MARIADB_OLD, MARIADB_NEW), "postgres": (PG_OLD, PG_NEW)}


@pytest.fixture(params=list(DDL))
def engine(request, tmp_path) -> _Engine:
    return _Engine(request.param, request, tmp_path)


def test_ddl_import_and_export_keep_index_comments(engine):
    for ddl in DDL[engine.dialect]:
        original, copy = engine.database(), engine.database()
        engine.load(original, ddl)
        exported = export_ddl(import_ddl([("schema.sql", ddl)], engine.dialect).schema, engine.dialect)
        engine.load(copy, exported.sql)
        engine.assert_same(copy, original, f"export:\n{exported.sql}")


def test_live_import_keeps_index_comments(engine):
    for ddl in DDL[engine.dialect]:
        original, copy = engine.database(), engine.database()
        engine.load(original, ddl)
        exported = export_ddl(import_database(original).schema, engine.dialect)
        engine.load(copy, exported.sql)
        engine.assert_same(copy, original, f"export:\n{exported.sql}")


def test_migration_changes_index_comments(engine):
    assert_migration(engine, *DDL[engine.dialect])
