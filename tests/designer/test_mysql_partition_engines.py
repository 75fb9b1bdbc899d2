"""MySQL/MariaDB partitioned tables through the import and the export, with MariaDB as the oracle.

sqlglot reads a MySQL ``PARTITION BY`` only in part (LIST; not RANGE with the partitions' options,
not RANGE/LIST COLUMNS, and HASH, KEY, PARTITIONS n and SUBPARTITION BY make the whole statement a
command), so every partitioned table was lost on import -- also mysqldump's, which writes the clause
in a versioned comment (``/*!50100 PARTITION BY … */``).  The clause is now kept as the server runs
it (``TableOptions.partition_by``) and written back for MySQL and MariaDB; other dialects leave it out
with a warning.  The engine is the oracle: the source is loaded with the mariadb client, imported,
exported, the export loaded into a second database, and information_schema compared (partitions:
names, methods, expressions, descriptions; columns; keys) -- and the same for what mariadb-dump
writes of the first database.
"""

from __future__ import annotations

import subprocess

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tests.engines import MARIADB_HOST, MARIADB_PORT, MARIADB_USER, mariadb, mariadb_admin, mariadb_create, \
    mariadb_drop, unique_name

SOURCE = """
CREATE TABLE by_range (id INT NOT NULL, d DATE NOT NULL, PRIMARY KEY (id, d))
  PARTITION BY RANGE (YEAR(d)) (
    PARTITION p_old VALUES LESS THAN (2000) ENGINE = InnoDB COMMENT = 'before 2000',
    PARTITION p_new VALUES LESS THAN MAXVALUE ENGINE = InnoDB);
CREATE TABLE by_range_columns (a INT, b VARCHAR(10), c INT)
  PARTITION BY RANGE COLUMNS(a, b) (
    PARTITION p0 VALUES LESS THAN (10, 'm'),
    PARTITION p1 VALUES LESS THAN (MAXVALUE, MAXVALUE));
CREATE TABLE by_list (id INT, region INT, KEY (region))
  PARTITION BY LIST (region) (PARTITION north VALUES IN (1, 2), PARTITION south VALUES IN (3, 4, NULL));
CREATE TABLE by_list_columns (country VARCHAR(2), n INT)
  PARTITION BY LIST COLUMNS(country) (PARTITION eu VALUES IN ('de', 'fr'), PARTITION am VALUES IN ('us'));
CREATE TABLE by_hash (id INT PRIMARY KEY, v TEXT) PARTITION BY HASH (id) PARTITIONS 4;
CREATE TABLE by_linear_hash (id INT, d DATE) PARTITION BY LINEAR HASH (YEAR(d)) PARTITIONS 3;
CREATE TABLE by_key (id INT PRIMARY KEY, u VARCHAR(20) NOT NULL) PARTITION BY KEY () PARTITIONS 2;
CREATE TABLE by_linear_key (a INT NOT NULL, b INT NOT NULL, UNIQUE KEY ab (a, b))
  PARTITION BY LINEAR KEY (a) PARTITIONS 5;
CREATE TABLE with_subpartitions (id INT, d DATE)
  PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY HASH (TO_DAYS(d)) SUBPARTITIONS 2 (
    PARTITION p0 VALUES LESS THAN (1990),
    PARTITION p1 VALUES LESS THAN MAXVALUE);
CREATE TABLE named_subpartitions (id INT, d DATE)
  PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY KEY (id) (
    PARTITION p0 VALUES LESS THAN (2000) (SUBPARTITION s0, SUBPARTITION s1),
    PARTITION p1 VALUES LESS THAN MAXVALUE (SUBPARTITION s2, SUBPARTITION s3));
CREATE TABLE versioned (id INT NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
/*!50100 PARTITION BY RANGE (id)
(PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB,
 PARTITION p1 VALUES LESS THAN MAXVALUE ENGINE = InnoDB) */;
CREATE TABLE plain (id INT PRIMARY KEY);
"""

TABLES = {"by_range", "by_range_columns", "by_list", "by_list_columns", "by_hash", "by_linear_hash", "by_key",
          "by_linear_key", "with_subpartitions", "named_subpartitions", "versioned", "plain"}


def _catalog(database: str) -> dict[str, list[tuple]]:
    """What the engine made: partitions, columns and keys of every table."""
    queries = {
        "partitions": "SELECT TABLE_NAME, PARTITION_NAME, SUBPARTITION_NAME, PARTITION_ORDINAL_POSITION, "
                      "SUBPARTITION_ORDINAL_POSITION, PARTITION_METHOD, SUBPARTITION_METHOD, PARTITION_EXPRESSION, "
                      "SUBPARTITION_EXPRESSION, PARTITION_DESCRIPTION, PARTITION_COMMENT "
                      "FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = %s",
        "columns": "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT "
                   "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s",
        "keys": "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME "
                "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %s",
    }
    conn = mariadb_admin()
    try:
        with conn.cursor() as cur:
            out = {}
            for what, sql in queries.items():
                cur.execute(sql, (database,))
                out[what] = sorted(tuple("" if v is None else str(v) for v in row) for row in cur.fetchall())
            return out
    finally:
        conn.close()


def _dump(database: str) -> str:
    return subprocess.run(["mariadb-dump", "-h", MARIADB_HOST, "-P", str(MARIADB_PORT), "-u", MARIADB_USER,
                           "--skip-dump-date", database],
                          capture_output=True, text=True, check=True, timeout=120).stdout


def _exported(source: str) -> str:
    result = import_ddl([("source.sql", source)], "mysql")
    assert {t.name for t in result.schema.tables} == TABLES, [str(i) for i in result.issues]
    assert not [i for i in result.issues if i.severity == "error"], [str(i) for i in result.issues]
    return export_ddl(result.schema, "mariadb").sql


@pytest.fixture
def databases():
    made: list[str] = []

    def new() -> str:
        made.append(mariadb_create(unique_name("tw_part")))
        return made[-1]

    yield new
    for name in made:
        mariadb_drop(name, exact=True)


@pytest.mark.db
def test_partitioned_tables_round_trip_through_mariadb(databases):
    original = databases()
    mariadb(SOURCE, original)
    expected = _catalog(original)
    methods = {row[5] for row in expected["partitions"]} | {row[6] for row in expected["partitions"]}
    assert {"RANGE", "RANGE COLUMNS", "LIST", "LIST COLUMNS", "HASH", "LINEAR HASH", "KEY", "LINEAR KEY"} <= methods
    copy = databases()
    mariadb(_exported(SOURCE), copy)
    actual = _catalog(copy)
    for what in expected:
        assert actual[what] == expected[what], what


@pytest.mark.db
def test_a_mariadb_dump_of_partitioned_tables_round_trips(databases):
    original = databases()
    mariadb(SOURCE, original)
    dump = _dump(original)
    # what the test is about is in the dump (MariaDB's dump writes the clause plainly, MySQL's in
    # /*!50100 … */, which SOURCE's table versioned has)
    assert "COLUMNS(`a`,`b`)" in dump and "\nSUBPARTITION BY KEY (`id`)" in dump
    copy = databases()
    mariadb(_exported(dump), copy)
    expected, actual = _catalog(original), _catalog(copy)
    for what in expected:
        assert actual[what] == expected[what], what


def test_the_partition_clause_is_kept_as_the_server_runs_it_and_left_out_for_other_dialects():
    schema = import_ddl([("source.sql", SOURCE)], "mysql").schema
    by_name = {t.name: t.options.partition_by for t in schema.tables}
    assert by_name["by_hash"] == "HASH (id) PARTITIONS 4"
    assert by_name["by_key"] == "KEY () PARTITIONS 2"
    assert by_name["versioned"].startswith("RANGE (id)\n(PARTITION p0") and "*/" not in by_name["versioned"]
    assert by_name["plain"] is None
    for target in ("postgres", "sqlite"):
        result = export_ddl(schema, target)
        assert "PARTITION BY" not in result.sql.upper() and "VALUES LESS" not in result.sql.upper()
        lost = [str(w) for w in result.warnings if "partitioning" in str(w)]
        assert len(lost) == len(TABLES) - 1, lost
