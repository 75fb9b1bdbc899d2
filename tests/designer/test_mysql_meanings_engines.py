"""What MySQL and MariaDB spell their own way, exported for PostgreSQL as the same thing (designer/mysql_meanings.py).

scripts/cross-dialect found two MySQL-family schemas whose PostgreSQL export did not load: Pterodactyl's
mariadb-dump, whose JSON columns are MariaDB's alias (LONGTEXT … CHECK (json_valid(col)): PostgreSQL has no
json_valid), and Tuleap's generated SHA2(…, 256) column (PostgreSQL's sha256 takes bytea, not text).  Each is
written here as those files write it; the engines say whether the export loads and whether the values agree.
"""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.live_import import import_database
from tests.engines import mariadb, psql

pytestmark = pytest.mark.db

JSON_DUMP = """
CREATE TABLE `eggs` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `features` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`features`)),
  `config` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(`config`)),
  `notes` longtext DEFAULT NULL CHECK (char_length(`notes`) < 100),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
"""

HASHES = r"""
CREATE TABLE `field_value` (
  `field_id` int(11) NOT NULL,
  `label` varchar(255) DEFAULT NULL,
  `hash` binary(64) GENERATED ALWAYS AS (sha2(concat(convert(`field_id`,char),`label`),256)) STORED,
  `h224` varchar(56) GENERATED ALWAYS AS (sha2(`label`,224)) STORED,
  `h384` varchar(96) GENERATED ALWAYS AS (sha2(`label`,384)) STORED,
  `h512` varchar(128) GENERATED ALWAYS AS (sha2(`label`,512)) STORED,
  `h0` varchar(64) GENERATED ALWAYS AS (sha2(`label`,0)) STORED,
  `m` char(32) GENERATED ALWAYS AS (md5(`label`)) STORED,
  `s1` char(40) GENERATED ALWAYS AS (sha1(`label`)) STORED,
  `odd` varchar(64) GENERATED ALWAYS AS (sha2(`label`,100)) STORED,
  PRIMARY KEY (`field_id`),
  CONSTRAINT `label_hash` CHECK (sha2(`label`,256) <> '')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""

ROWS = [(1, "abc"), (12, "a\\x41 \\\\ é ✓ 𝄞"), (123, ""), (7, None)]
COMPARED = ("hash", "h224", "h384", "h512", "h0", "m")


def _schema(text: str):
    return import_ddl([("dump.sql", text)], "mysql").schema


def _show_create(url: str, table: str) -> str:
    with sa.create_engine(url).connect() as conn:
        return conn.exec_driver_sql(f"SHOW CREATE TABLE `{table}`").one()[1]


def _pg_column_types(url: str, table: str) -> dict[str, str]:
    with sa.create_engine(url).connect() as conn:
        rows = conn.exec_driver_sql("SELECT column_name, data_type FROM information_schema.columns "
                                    f"WHERE table_name = '{table}'")
        return dict(rows.all())


def _json_refused(url: str, column: str) -> bool:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f"INSERT INTO eggs (id, config, {column}) VALUES (99, '{{}}', 'not json')"
                                 if column != "config" else "INSERT INTO eggs (id, config) VALUES (99, 'not json')"))
    except sa.exc.DBAPIError:
        return True
    return False


def test_mariadb_json_alias_is_json(mariadb_url_factory, pg_url_factory):
    original = mariadb_url_factory()
    mariadb(JSON_DUMP, original.rsplit("/", 1)[-1])
    for schema in (_schema(JSON_DUMP), import_database(original).schema):
        (eggs,) = schema.tables
        kinds = {c.name: (c.type.kind, c.type.text.lower()) for c in eggs.columns}
        assert kinds["features"] == ("json", "longtext") and kinds["config"] == ("json", "longtext")
        assert kinds["notes"] == ("text", "longtext")  # a CHECK of another kind says nothing of JSON

        pg = pg_url_factory()
        result = export_ddl(schema, "postgres")
        assert "json_valid" not in result.sql.lower() and not any("collation" in w for w in result.warnings)
        psql(pg, result.sql)
        types = _pg_column_types(pg, "eggs")
        assert (types["features"], types["config"], types["notes"]) == ("json", "json", "text")
        assert _json_refused(pg, "features") and _json_refused(pg, "config")

        # MariaDB: unchanged, as the engine creates it again
        again = mariadb_url_factory()
        mariadb(export_ddl(schema, "mariadb").sql, again.rsplit("/", 1)[-1])
        assert _show_create(again, "eggs") == _show_create(original, "eggs")
        assert _json_refused(again, "features")


def test_mariadb_json_alias_is_mysql_json():
    schema = _schema(JSON_DUMP)
    schema.dialect = "mariadb"
    sql = export_ddl(schema, "mysql").sql
    assert "features JSON DEFAULT NULL" in sql and "config JSON NOT NULL" in sql and "json_valid" not in sql.lower()
    assert "char_length(`notes`) < 100" in sql
    schema.dialect = "mysql"  # a MySQL file: as it was written
    assert export_ddl(schema, "mysql").sql.count("json_valid") == 2


def _values(url: str, columns, quote: str) -> dict:
    with sa.create_engine(url).connect() as conn:
        listed = ", ".join(f"{quote}{c}{quote}" for c in columns)
        rows = conn.exec_driver_sql(f"SELECT field_id, {listed} FROM field_value ORDER BY field_id").all()
    return {row[0]: tuple(bytes(v) if isinstance(v, (bytes, memoryview)) else v for v in row[1:]) for row in rows}


def test_mysql_hashes_compute_the_same_in_postgres(mariadb_url_factory, pg_url_factory):
    my = mariadb_url_factory()
    mariadb(HASHES, my.rsplit("/", 1)[-1])
    result = export_ddl(_schema(HASHES), "postgres")
    pg = pg_url_factory()
    psql(pg, result.sql)
    dropped = [w for w in result.warnings if "no built-in function" in w]
    assert len(dropped) == 2 and any("SHA1()" in w and "s1" in w for w in dropped) \
        and any("SHA2() of length 100" in w and "odd" in w for w in dropped)
    for url in (my, pg):
        with sa.create_engine(url).begin() as conn:
            for field_id, label in ROWS:
                conn.execute(sa.text("INSERT INTO field_value (field_id, label) VALUES (:i, :l)"),
                             {"i": field_id, "l": label})
    in_mariadb, in_postgres = _values(my, COMPARED, "`"), _values(pg, COMPARED, '"')
    assert in_mariadb == in_postgres
    assert in_mariadb[1][0] == hashlib.sha256(b"1abc").hexdigest().encode()  # the 64 hex digits as bytes
    assert in_mariadb[12][1] == hashlib.sha224("a\\x41 \\\\ é ✓ 𝄞".encode()).hexdigest()
    assert in_mariadb[7] == (None,) * len(COMPARED)
    with sa.create_engine(pg).connect() as conn:  # the CHECK came too
        checks = conn.exec_driver_sql("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c'").all()
    assert [c for (c,) in checks if "sha256" in c]


# Django's JSONField on SQLite (Wagtail's and OmniDB's schemas, FRESH56/57): text with its own
# CHECK ((JSON_VALID(col) OR col IS NULL)); the PostgreSQL export called json_valid, which PostgreSQL lacks
SQLITE_JSON = """
CREATE TABLE "log" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "data" text NOT NULL CHECK ((JSON_VALID("data") OR "data" IS NULL)),
  "extra" text NULL CHECK ((JSON_VALID("extra") OR "extra" IS NULL)),
  "label" text NOT NULL CHECK (length("label") > 0));
"""


def test_djangos_sqlite_json_columns_are_json_in_postgresql(pg_url_factory, tmp_path):
    import sqlite3

    schema = import_ddl([("log.sql", SQLITE_JSON)], "sqlite").schema
    assert [c.type.kind for c in schema.tables[0].columns] == ["integer", "json", "json", "text"]
    same = export_ddl(schema, "sqlite").sql  # unchanged for SQLite: text with its CHECKs
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.executescript(same)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO log (data, label) VALUES ('{not json', 'x')")
    url = pg_url_factory()
    psql(url, export_ddl(schema, "postgres").sql
         + "INSERT INTO log (data, extra, label) VALUES ('{\"a\": 1}', NULL, 'x');\n")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as c:
            types = dict(c.execute(sa.text("SELECT column_name, data_type FROM information_schema.columns "
                                           "WHERE table_name = 'log'")).all())
            checks = c.execute(sa.text("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                       "WHERE contype = 'c' AND conrelid = 'log'::regclass")).scalars().all()
    finally:
        engine.dispose()
    assert types["data"] == "json" and types["extra"] == "json" and types["label"] == "text"
    assert checks == ["CHECK ((length(label) > 0))"]  # the JSON type says what the json_valid CHECKs said
