"""A foreign key to a table the input does not create (a table of the database the schema is installed
into: Poweradmin's ``zones_groups.domain_id`` references PowerDNS's ``domains``, FRESH43) is part of the
schema.  The export had dropped it with a warning, so the round trip lost a key the engine had made.  It
is written last (PostgreSQL refuses it until the table is there, and by then the rest is made), under
foreign_key_checks = 0 on MySQL and MariaDB as the dump that wrote it, inline on SQLite (which checks a
key's table only when a row is written).  Each engine is the oracle: the original and the export are
loaded with the engine's own client into databases that hold the outside table, and their catalogs compared.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tests import engine_catalog
from tests.engines import mariadb, mariadb_admin, psql, sqlite3_cli

pytestmark = pytest.mark.db

OUTSIDE = "CREATE TABLE domains (id int PRIMARY KEY, name varchar(255) NOT NULL, kind varchar(6), UNIQUE (name, kind));\n"

MYSQL_SCHEMA = """
SET foreign_key_checks = 0;
CREATE TABLE `zones_groups` (
  `id` int NOT NULL AUTO_INCREMENT,
  `domain_id` int NOT NULL,
  `domain_name` varchar(255),
  `domain_kind` varchar(6),
  PRIMARY KEY (`id`),
  KEY `idx_domain` (`domain_id`),
  CONSTRAINT `fk_zones_groups_domain` FOREIGN KEY (`domain_id`) REFERENCES `domains`(`id`) ON DELETE CASCADE,
  CONSTRAINT `fk_zones_groups_name` FOREIGN KEY (`domain_name`, `domain_kind`) REFERENCES `domains` (`name`, `kind`)
) ENGINE=InnoDB;
SET foreign_key_checks = 1;
"""

PG_SCHEMA = """
CREATE TABLE zones_groups (
  id serial PRIMARY KEY,
  domain_id int NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  domain_name varchar(255),
  domain_kind varchar(6),
  CONSTRAINT fk_zones_groups_name FOREIGN KEY (domain_name, domain_kind) REFERENCES domains (name, kind)
);
CREATE TABLE zone_templates (id serial PRIMARY KEY, zone_id int REFERENCES zones_groups (id));
"""


def _db(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def _keys_to_domains(catalog: dict) -> list:
    return sorted(str(v) for k, v in catalog.items() if "domains" in str(v) and "FOREIGN" in str(v).upper())


def _exported(ddl: str, source: str, target: str):
    result = import_ddl([("schema.sql", ddl)], source)
    assert [t.name for t in result.schema.tables if t.name == "domains"] == []  # the input does not create it
    return export_ddl(result.schema, target)


@pytest.mark.parametrize("target", ["mariadb", "mysql"])
def test_mariadb_keeps_a_key_to_a_table_the_file_does_not_create(mariadb_url_factory, target):
    original, copy = mariadb_url_factory(), mariadb_url_factory()
    for url in (original, copy):
        mariadb(OUTSIDE, _db(url))
    mariadb(MYSQL_SCHEMA, _db(original))
    export = _exported(MYSQL_SCHEMA, "mysql", target)
    mariadb(export.sql, _db(copy))  # the mariadb client stops at the first refused statement
    expected = engine_catalog.mariadb_catalog(mariadb_admin, {_db(original): "X"})
    got = engine_catalog.mariadb_catalog(mariadb_admin, {_db(copy): "X"})
    assert sum(str(v).count("REFERENCES `domains`") for v in expected.values()) == 2, expected
    assert not engine_catalog.diff(expected, got), (engine_catalog.diff(expected, got), export.sql)
    assert any("refers to domains" in w and "ALTER TABLE" in w for w in export.warnings)
    # the session's own setting comes back after the keys
    assert export.sql.rstrip().endswith("SET foreign_key_checks = @tw_foreign_key_checks;")


def test_mariadb_takes_the_export_where_the_table_is_still_missing(mariadb_url_factory):
    """As the original loads into an empty database (its SET foreign_key_checks = 0), so does the export."""
    original, copy = mariadb_url_factory(), mariadb_url_factory()
    mariadb(MYSQL_SCHEMA, _db(original))
    mariadb(_exported(MYSQL_SCHEMA, "mysql", "mariadb").sql, _db(copy))
    expected = engine_catalog.mariadb_catalog(mariadb_admin, {_db(original): "X"})
    assert not engine_catalog.diff(expected, engine_catalog.mariadb_catalog(mariadb_admin, {_db(copy): "X"}))


def test_postgres_writes_the_key_last_and_keeps_the_rest_when_the_table_is_missing(pg_url_factory):
    original, copy, bare = pg_url_factory(), pg_url_factory(), pg_url_factory()
    for url in (original, copy):
        psql(url, OUTSIDE)
    psql(original, PG_SCHEMA)
    export = _exported(PG_SCHEMA, "postgres", "postgres")
    psql(copy, export.sql)
    expected = engine_catalog.postgres_catalog(original, ["public"])
    assert len(_keys_to_domains(expected)) == 2, expected
    differences = engine_catalog.diff(expected, engine_catalog.postgres_catalog(copy, ["public"]))
    assert not differences, (differences, export.sql)
    # without domains, only the two keys to it fail: psql -f goes on, and the tables and the key between them are made
    last = export.sql.strip().split(";\n")[-2:]
    assert all("REFERENCES domains" in s for s in last), export.sql
    errors = [line for line in psql(bare, export.sql, force=True).splitlines() if "ERROR" in line]
    assert len(errors) == 2 and all('"domains" does not exist' in e for e in errors), errors
    made = engine_catalog.postgres_catalog(bare, ["public"])
    assert {k: v for k, v in expected.items() if "domains" not in str(v) and "domains" not in str(k)} == \
        {k: v for k, v in made.items() if "domains" not in str(k)}


def test_postgres_keeps_the_schema_a_key_names(pg_url_factory):
    ddl = "CREATE TABLE t (id int PRIMARY KEY, d int REFERENCES pdns.domains (id));\n"
    export = _exported(ddl, "postgres", "postgres")
    assert "REFERENCES pdns.domains (id)" in export.sql, export.sql
    original, copy = pg_url_factory(), pg_url_factory()
    for url in (original, copy):
        psql(url, "CREATE SCHEMA pdns;\n" + OUTSIDE.replace("domains", "pdns.domains", 1))
    psql(original, ddl)
    psql(copy, export.sql)
    expected = engine_catalog.postgres_catalog(original, ["public", "pdns"])
    assert not engine_catalog.diff(expected, engine_catalog.postgres_catalog(copy, ["public", "pdns"]))


def test_sqlite_writes_the_key_in_create_table(tmp_path):
    original, copy = tmp_path / "original.db", tmp_path / "copy.db"
    ddl = ("CREATE TABLE zones_groups (id integer PRIMARY KEY, domain_id int NOT NULL "
           "REFERENCES domains (id) ON DELETE CASCADE);\n")
    sqlite3_cli(original, ddl)
    export = _exported(ddl, "sqlite", "sqlite")
    sqlite3_cli(copy, export.sql)
    def keys(db):
        with closing(sqlite3.connect(db)) as conn:
            return conn.execute('SELECT "table", "from", "to", on_delete '
                                "FROM pragma_foreign_key_list('zones_groups')").fetchall()

    assert keys(original) == keys(copy) == [("domains", "domain_id", "id", "CASCADE")]
    assert any("in its CREATE TABLE" in w for w in export.warnings)


def test_a_key_named_without_its_columns_is_dropped_with_a_warning():
    """``REFERENCES domains`` means domains' primary key, which only the database knows: not written."""
    export = _exported("CREATE TABLE t (id int PRIMARY KEY, d int REFERENCES domains);\n", "postgres", "postgres")
    assert "domains" not in export.sql
    assert any("refers to domains" in w and "dropped" in w for w in export.warnings)
