"""MySQL DDL through the import and the export for MySQL and MariaDB, with MariaDB
as the oracle (found by ``scripts/roundtrip --fresh`` on the fresh held-out schemas).

* Reserved words: the export must quote every word MariaDB reserves, whichever of
  the family's dialects it writes (a MySQL dump is loaded into MariaDB as often as
  not).  cacti's ``offset`` column was written bare in the MySQL export and MariaDB
  refused the table (``offset`` is reserved in MariaDB 10.11, not in MySQL 8).  The
  engine says which words it reserves: every keyword of ``information_schema.KEYWORDS``
  it refuses bare as a column name.
* A type written right after a quoted name (``\\`app_security\\`SET('a','b')``,
  ``\\`leave_request_id\\`int unsigned``: phpipam, orangehrm): the type's text took
  the name's closing backquote, and the export wrote ``\\`SET(…)`` -- a type MariaDB
  does not know, and the table (and every table after it that refers to it) was lost.
"""

from __future__ import annotations

import pytest

from tablewright.designer import dialects
from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tests import engine_catalog
from tests.engines import mariadb, mariadb_admin

pytestmark = pytest.mark.db


def _db(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def _catalog(url: str) -> dict:
    return engine_catalog.mariadb_catalog(mariadb_admin, {_db(url): "X"})


def _round_trip(url_factory, ddl: str, target: str):
    """The original's catalog (loaded with the mariadb client), the import, the export for
    ``target`` and the export's differences from the original, the export loaded the same way."""
    original, copy = url_factory(), url_factory()
    mariadb(ddl, _db(original))
    expected = _catalog(original)
    result = import_ddl([("schema.sql", ddl)], "mysql")
    exported = export_ddl(result.schema, target).sql
    mariadb(exported, _db(copy))  # any refused statement fails here
    return expected, result, exported, engine_catalog.diff(expected, _catalog(copy))


def _refused_bare(url: str) -> list[str]:
    """The keywords MariaDB refuses as a bare column name (asked of the engine, one by one)."""
    conn = mariadb_admin()
    refused = []
    try:
        with conn.cursor() as cur:
            cur.execute(f"USE `{_db(url)}`")
            cur.execute("SELECT WORD FROM information_schema.KEYWORDS")
            words = sorted({w.lower() for (w,) in cur.fetchall() if w.isidentifier()})
            assert len(words) > 500, words  # the engine lists its keywords
            for word in words:
                try:
                    cur.execute(f"CREATE TABLE probe ({word} int)")
                except Exception:  # noqa: BLE001 - any refusal: the word is reserved
                    refused.append(word)
                else:
                    cur.execute("DROP TABLE probe")
    finally:
        conn.close()
    return refused


def test_every_word_mariadb_reserves_is_quoted_and_round_trips(mariadb_url_factory):
    probe, original = mariadb_url_factory(), mariadb_url_factory()
    words = _refused_bare(probe)
    assert "select" in words and "offset" in words, words  # the probe tells reserved words apart
    for target in ("mysql", "mariadb"):
        bare = [w for w in words if not dialects.requires_quotes(w, target)]
        assert not bare, f"{target} leaves words MariaDB reserves bare: {bare}"
    # every reserved word as a table, a column and an index name, and all of them as columns of one table
    # (an index may not be called PRIMARY)
    ddl = "\n".join(f"CREATE TABLE `{w}` (`{w}` int, id int PRIMARY KEY, KEY `{'ix_' * (w == 'primary')}{w}` (`{w}`));"
                    for w in words)
    ddl += "\nCREATE TABLE every_word (" + ", ".join(f"`{w}` int" for w in words) + ");\n"
    mariadb(ddl, _db(original))
    expected = _catalog(original)
    schema = import_ddl([("schema.sql", ddl)], "mysql").schema
    for target in ("mysql", "mariadb"):
        copy = mariadb_url_factory()
        exported = export_ddl(schema, target).sql
        mariadb(exported, _db(copy))  # any refused statement fails here
        differences = engine_catalog.diff(expected, _catalog(copy))
        assert not differences, f"{target}:\n" + "\n".join(differences[:20])


TYPES_AFTER_QUOTED_NAMES = r"""
CREATE TABLE `api` (
  `id` int(11) unsigned NOT NULL AUTO_INCREMENT,
  `app_security`SET('ssl_code','ssl_token','crypt','user','none')  NOT NULL  DEFAULT 'ssl_token',
  `lock_type`enum('Auto','File') DEFAULT 'Auto',
  `ratio`decimal(6,2) unsigned DEFAULT NULL,
  `note`varchar(20) CHARACTER SET latin1 DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `leave` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `api_id`int(11) unsigned NOT NULL,
  `kind`int unsigned NOT NULL,
  PRIMARY KEY (`id`),
  KEY `leave_kind` (`api_id`,`kind`),
  CONSTRAINT `leave_api` FOREIGN KEY (`api_id`) REFERENCES `api` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
ALTER TABLE `leave` ADD COLUMN `extra`SET('a','b') DEFAULT NULL;
"""


@pytest.mark.parametrize("target", ["mysql", "mariadb"])
def test_a_type_written_right_after_a_quoted_name_round_trips(mariadb_url_factory, target):
    _, _, exported, differences = _round_trip(mariadb_url_factory, TYPES_AFTER_QUOTED_NAMES, target)
    assert not differences, "\n".join(differences) + f"\n\nexport:\n{exported}"


# icingadb's ``DEFAULT NULL COLLATE c`` (sqlglot read the COLLATE into the default, and the export wrote
# ``DEFAULT (NULL collate c)``, the column in the table's collation); theyworkforyou's
# ``ALTER TABLE t COLLATE c`` after the CREATE (dropped without a word: the table in the database's)
COLLATIONS_AND_TABLE_OPTIONS = r"""
CREATE TABLE history (
  id int PRIMARY KEY,
  author varchar(255) DEFAULT NULL COLLATE utf8mb4_unicode_ci,
  code varchar(5) DEFAULT 'x' COLLATE utf8mb4_bin NOT NULL,
  kept varchar(5) DEFAULT ('y' COLLATE utf8mb4_bin)
) DEFAULT CHARSET=utf8mb4;
CREATE TABLE `member` (
  id int PRIMARY KEY,
  name varchar(100) COLLATE latin1_spanish_ci NOT NULL DEFAULT '',
  other varchar(5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
ALTER TABLE `member` COLLATE latin1_spanish_ci;
ALTER TABLE `member` ENGINE=MyISAM, COMMENT='members';
CREATE TABLE later (id int PRIMARY KEY, v varchar(5)) DEFAULT CHARSET=latin1;
ALTER TABLE later DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
"""


@pytest.mark.parametrize("target", ["mysql", "mariadb"])
def test_collations_after_a_default_and_table_options_altered_round_trip(mariadb_url_factory, target):
    _, result, exported, differences = _round_trip(mariadb_url_factory, COLLATIONS_AND_TABLE_OPTIONS, target)
    assert not differences, "\n".join(differences) + f"\n\nexport:\n{exported}"
    assert not [i for i in result.issues if i.severity != "info"], result.issues


# killbill: ``record_id serial unique`` (SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE): the export
# wrote ``serial`` again beside the UNIQUE, two keys named record_id, and MariaDB refused all 44 tables.
# simpleinvoices: an AUTO_INCREMENT second in the primary key of an InnoDB table, with a KEY id (id) of its
# own: the key was written after CREATE TABLE, which MariaDB refused (the auto column must be a key), 13
# tables lost.  MyISAM numbers such a column per value of the first: no key of its own needed.
AUTO_NUMBERS = r"""
CREATE TABLE accounts (record_id serial unique, id char(36) NOT NULL, PRIMARY KEY (record_id)) ENGINE=InnoDB;
CREATE TABLE bare (record_id serial, id int) ENGINE=InnoDB;
CREATE TABLE named (record_id serial, CONSTRAINT uq UNIQUE (record_id)) ENGINE=InnoDB;
CREATE TABLE alone (record_id serial unique, x int) ENGINE=InnoDB;
CREATE TABLE inline_pk (record_id serial PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE table_pk (record_id serial, PRIMARY KEY (record_id)) ENGINE=InnoDB;
CREATE TABLE keyed (record_id serial, KEY k (record_id)) ENGINE=InnoDB;
CREATE TABLE si_cron_log (id int(11) NOT NULL AUTO_INCREMENT, domain_id int(11) NOT NULL, cron_id varchar(25),
  PRIMARY KEY (domain_id, id), KEY id (id), UNIQUE KEY CronIdUnq (domain_id, cron_id)) ENGINE=InnoDB;
CREATE TABLE si_per_domain (id int(11) NOT NULL AUTO_INCREMENT, domain_id int(11) NOT NULL,
  PRIMARY KEY (domain_id, id)) ENGINE=MyISAM;
CREATE TABLE later (id int, KEY n (id)) ENGINE=InnoDB;
ALTER TABLE later ADD COLUMN n serial;
"""


@pytest.mark.parametrize("target", ["mysql", "mariadb"])
def test_serial_columns_and_auto_increment_second_in_the_key_round_trip(mariadb_url_factory, target):
    expected, result, exported, differences = _round_trip(mariadb_url_factory, AUTO_NUMBERS, target)
    assert len([k for k in expected if k[0] == "table"]) == 10  # every table the test is about loads
    assert not differences, "\n".join(differences) + f"\n\nexport:\n{exported}"
    assert not result.issues, result.issues


# cacti: ``PRIMARY KEY (…) USING BTREE`` on a MEMORY table was read and not written back: the export's key
# was the engine's default for MEMORY, HASH, which serves no range or ordered read.  The class: a primary
# key's index type, written before or after its columns, from a file or from a live database.
KEY_TYPES = r"""
CREATE TABLE poller_output (
  local_data_id int unsigned NOT NULL DEFAULT 0,
  rrd_name varchar(19) NOT NULL DEFAULT '',
  `time` timestamp NOT NULL DEFAULT '0000-00-00 00:00:00',
  output varchar(512) NOT NULL DEFAULT '',
  PRIMARY KEY (local_data_id, rrd_name, `time`) USING BTREE
) ENGINE=MEMORY;
CREATE TABLE lookups (k varchar(20) NOT NULL, v int, PRIMARY KEY USING HASH (k), KEY by_v (v) USING BTREE) ENGINE=MEMORY;
CREATE TABLE plain (id int NOT NULL, PRIMARY KEY (id) USING BTREE) ENGINE=InnoDB;
"""


@pytest.mark.parametrize("target", ["mysql", "mariadb"])
def test_a_primary_keys_index_type_round_trips(mariadb_url_factory, target):
    catalog, _, exported, differences = _round_trip(mariadb_url_factory, KEY_TYPES, target)
    assert sum("USING BTREE" in str(v) for v in catalog.values()) >= 2  # the engine keeps what the test is about
    assert not differences, "\n".join(differences) + f"\n\nexport:\n{exported}"


def test_a_primary_keys_index_type_is_read_from_the_live_database(mariadb_url_factory):
    from tablewright.designer.live_import import import_database

    url = mariadb_url_factory()
    mariadb(KEY_TYPES, _db(url))
    live = {t.name: t.primary_key.method for t in import_database(url).schema.tables}
    from_file = {t.name: t.primary_key.method for t in import_ddl([("schema.sql", KEY_TYPES)], "mysql").schema.tables}
    assert from_file == {"poller_output": "btree", "lookups": "hash", "plain": "btree"}
    assert live == from_file


# pandorafms: FOREIGN KEY `tevent_ext_fk`(`id_evento`) without CONSTRAINT: MariaDB names the key and its index
# `tevent_ext_fk`; the import dropped the name and the export's key came out as tevent_extended_ibfk_1
NAMED_BY_INDEX = r"""
CREATE TABLE tevento (id_evento bigint unsigned NOT NULL PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE tevent_extended (
  id serial PRIMARY KEY,
  id_evento bigint unsigned NOT NULL,
  FOREIGN KEY `tevent_ext_fk`(`id_evento`) REFERENCES `tevento`(`id_evento`) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB;
"""


@pytest.mark.parametrize("target", ["mysql", "mariadb"])
def test_a_foreign_key_named_after_foreign_key_keeps_its_name(mariadb_url_factory, target):
    catalog, result, exported, differences = _round_trip(mariadb_url_factory, NAMED_BY_INDEX, target)
    assert any("tevent_ext_fk" in str(v) for v in catalog.values())  # the engine took the name
    assert [fk.name for t in result.schema.tables for fk in t.foreign_keys] == ["tevent_ext_fk"]
    assert not differences, "\n".join(differences) + f"\n\nexport:\n{exported}"
