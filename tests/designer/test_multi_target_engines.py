"""Statements that name several objects at once are taken whole, as each engine takes them.

Kraft's MySQL migration 10 (FRESH50) replaces a table by a new form with ``RENAME TABLE attributes TO
attribute_old, tmp_attrib TO attributes``: the importer did not read RENAME TABLE at all (the old table
stayed under its name, with its key; the new one under its temporary name).  MySQL renames the pairs in
order, so ``a TO tmp, b TO a, tmp TO b`` swaps two tables, and renames all or none.  The other
statements with lists: ``DROP TABLE a, b [CASCADE]``, ``DROP INDEX a, b`` and ``DROP VIEW a, b``
(PostgreSQL), ``TRUNCATE a, b`` (a data statement: nothing to keep).  The engine is the oracle: each
script loaded as a user loads it, ``tablewright export`` loaded the same way, catalogs compared."""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_import import import_ddl
from tests.engines import LoadError, mariadb, mariadb_admin, sqlite3_cli
from tests.roundtrip_corpus import round_trip_texts

MYSQL_RENAMES = """\
CREATE TABLE attributes (id int AUTO_INCREMENT PRIMARY KEY, host_id int, name varchar(64), KEY (host_id));
CREATE TABLE tmp_attrib (id int AUTO_INCREMENT, host_id int NOT NULL, name varchar(64) NOT NULL,
                         PRIMARY KEY (host_id, name, id), UNIQUE KEY one (id));
CREATE TABLE docs (id int PRIMARY KEY, attr_id int, FOREIGN KEY (attr_id) REFERENCES attributes (id));
RENAME TABLE attributes TO attribute_old, tmp_attrib TO attributes;
SET foreign_key_checks = 0;
DROP TABLE attribute_old;
SET foreign_key_checks = 1;
CREATE TABLE left_t (l int PRIMARY KEY);
CREATE TABLE right_t (r varchar(5) PRIMARY KEY);
RENAME TABLE left_t TO swap_tmp, right_t TO left_t, swap_tmp TO right_t;
RENAME TABLE IF EXISTS not_there TO nowhere, right_t NOWAIT TO right_side;
ALTER TABLE right_side RENAME AS right_t;
"""


@pytest.mark.db
def test_mysql_rename_table_takes_every_pair_in_order(tmp_path):
    outcome = round_trip_texts([MYSQL_RENAMES], "mysql", tmp_path)
    assert outcome.tables_original == 4
    assert outcome.identical, (outcome.error, outcome.differences)
    tables = {t.name: t for t in import_ddl([("m.sql", MYSQL_RENAMES)], "mysql").schema.tables}
    assert sorted(tables) == ["attributes", "docs", "left_t", "right_t"]
    attributes = tables["attributes"]
    assert [attributes.column(c).name for c in attributes.primary_key.columns] == ["host_id", "name", "id"]
    assert [c.name for c in tables["left_t"].columns] == ["r"] and [c.name for c in tables["right_t"].columns] == ["l"]
    # the key of docs followed the table it named when it was renamed (InnoDB binds it), to the old one,
    # which is dropped (with foreign_key_checks off): MariaDB keeps the key, by the name it had
    assert tables["docs"].foreign_keys[0].unresolved.table == "attribute_old"


@pytest.mark.db
def test_mysql_renames_all_or_none(mariadb_url_factory):
    script = ("CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCREATE TABLE c (id int);\n"
              "RENAME TABLE a TO a2, c TO b;\nRENAME TABLE a TO a3, missing TO m;\n")
    database = mariadb_url_factory().rsplit("/", 1)[1]
    errors = mariadb(script, database, force=True)
    assert "ERROR 1050" in errors and "ERROR 1146" in errors  # b exists; missing does not
    conn = mariadb_admin()
    try:
        with conn.cursor() as cur:
            cur.execute(f"SHOW TABLES FROM `{database}`")
            in_engine = sorted(name for (name,) in cur.fetchall())
    finally:
        conn.close()
    result = import_ddl([("m.sql", script)], "mysql")
    assert sorted(t.name for t in result.schema.tables) == in_engine == ["a", "b", "c"]
    assert sum("renames none of the tables" in i.message for i in result.issues) == 2


PG_LISTS = """\
CREATE TABLE a (id int PRIMARY KEY, x int, y int);
CREATE TABLE b (id int PRIMARY KEY, aid int REFERENCES a (id));
CREATE TABLE c (id int PRIMARY KEY);
CREATE TABLE d (id int PRIMARY KEY, cid int REFERENCES c (id));
CREATE TABLE e (id int PRIMARY KEY);
CREATE INDEX ax ON a (x);
CREATE INDEX ay ON a (y);
CREATE INDEX axy ON a (x, y);
CREATE VIEW v1 AS SELECT id FROM a;
CREATE VIEW v2 AS SELECT id FROM b;
CREATE VIEW v3 AS SELECT id FROM e;
CREATE VIEW v4 AS SELECT id FROM c;
DROP INDEX IF EXISTS ax, public.ay CASCADE;
DROP VIEW v1, v2;
TRUNCATE a, b CASCADE;
DROP TABLE a, b;
DROP TABLE IF EXISTS c, not_there CASCADE;
"""


@pytest.mark.db
def test_postgres_lists_of_tables_indexes_and_views_are_taken_whole(tmp_path):
    outcome = round_trip_texts([PG_LISTS], "postgres", tmp_path)
    assert outcome.tables_original == 2  # d, with its key to c gone with CASCADE, and e
    assert outcome.identical, (outcome.error, outcome.differences)
    schema = import_ddl([("p.sql", PG_LISTS)], "postgres").schema
    assert [r.name for r in schema.raw] == ["v3"] and schema.tables[0].foreign_keys == []


@pytest.mark.db
def test_sqlite_takes_one_table_per_drop(tmp_path):
    script = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nDROP TABLE a, b;\n"
    with pytest.raises(LoadError, match="syntax error"):
        sqlite3_cli(tmp_path / "s.db", script)
    result = import_ddl([("s.sql", script)], "sqlite")
    assert [t.name for t in result.schema.tables] == ["a", "b"]
    assert any(i.severity == "error" and "SQLite refuses" in i.message for i in result.issues)
