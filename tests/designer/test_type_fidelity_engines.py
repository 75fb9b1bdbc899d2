"""Declared types through a live import, with the engines as the oracle.

A live import reads types through SQLAlchemy's reflection, which gives a type
object, not the engine's spelling; where the engine gives the spelling meaning
the round trip (load with the engine's client, live-import, export for the same
engine, load the export, compare the catalogs: ``tests/engine_catalog.py``) must
keep it.  SQLite is where it bites: ``int PRIMARY KEY`` is an ordinary column and
``INTEGER PRIMARY KEY`` the rowid (64-bit, auto-assigned, refusing non-integers),
``BIGINT PRIMARY KEY`` is no rowid either, and every declared type name is kept by
the engine (``PRAGMA table_xinfo``) and decides the column's affinity; a column's
COLLATE and a generated column's expression are in no PRAGMA (``tests/engine_catalog.py``
asks the engine for the collation through an index it rolls back).  PostgreSQL: SQLAlchemy
reads ``"char"`` (one byte) and ``name`` as VARCHAR.  MariaDB: every spelling here already
came back (display widths, unsigned, zerofill, float/double, timestamp/datetime, per-column
character sets and collations); it stays here as a guard.  (PostgreSQL's ``text[][]`` is
left out: the engine ignores declared dimensions and pg_dump writes ``text[]`` too.)
"""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.live_import import import_database
from tests.designer.test_hostile_text_engines import _Engine

pytestmark = pytest.mark.db

SQLITE = r"""
CREATE TABLE "int pk" (id int PRIMARY KEY, note text);
CREATE TABLE "bigint pk" (id BIGINT PRIMARY KEY);
CREATE TABLE "integer pk" (id INTEGER PRIMARY KEY);
CREATE TABLE "table pk" (id int, b int, PRIMARY KEY (id));
CREATE TABLE spellings (
  a VARCHAR(10), b boolean, c datetime, d numeric(10,2), e BIGINT, f double precision, g unsigned big int,
  h nvarchar(5), i blob, j, k float, l int2, m character varying(3), n clob, o decimal, p real,
  q text COLLATE NOCASE, r STRING, s json, t timestamp with time zone, u tinyint, v "my type", w date,
  x INT GENERATED ALWAYS AS (u + 1) STORED, y varchar (5) collate rtrim not null, z decimal(10, 2) AS (d * 2),
  zz integer
);
"""

PG = r"""
CREATE TABLE spellings (
  a int PRIMARY KEY, b smallint, c bigint, d numeric, e numeric(10,2), f real, g double precision, h float(10),
  i varchar, j varchar(10), k char, l char(5), m "char", n text, o bytea, p bit, q bit(3), r bit varying(5),
  s timestamp(3), t timestamptz(0), u time(2), v timetz, w interval, x interval day to second(2),
  y interval year, z int[], za text[], zb boolean, zc json, zd jsonb, ze uuid, zf money, zg inet, zh cidr,
  zi macaddr, zj tsvector, zk xml, zl point, zm oid, zn name, zo varchar(10)[] , zp text COLLATE "C",
  zq numeric(5), zr smallserial, zs serial, zt bigserial, zu int4range, zv date, zw bit varying, zx character, zy "char"[], zz name[],
  zza character varying
);
"""

MARIADB = r"""
CREATE TABLE spellings (
  a int PRIMARY KEY, b tinyint(1), c tinyint, d tinyint unsigned, e smallint(5) unsigned zerofill,
  f int(11), g int unsigned, h bigint(20) unsigned, i float, j double, k float(7,4), l double(10,2),
  m decimal(10,2), n decimal, o bit(1), p bit(8), q bool, r timestamp NULL, s timestamp(3) NULL, t datetime,
  u datetime(6), v date, w time(2), x year, y char(3), z varchar(10), za varchar(10) CHARACTER SET latin1,
  zb varchar(10) COLLATE utf8mb4_bin, zc text, zd tinytext, ze mediumtext, zf longtext, zg blob, zh tinyblob,
  zi mediumblob, zj longblob, zk binary(4), zl varbinary(10), zm enum('a','b'), zn set('x','y'),
  zo json, zp mediumint, zq real, zr double precision, zs numeric(5,1), zt char(2) CHARACTER SET ascii COLLATE ascii_bin,
  zu text COLLATE utf8mb4_unicode_ci, zv uuid, zw inet6, zx inet4, zy varchar(10) BINARY, zz text(100),
  zza national varchar(10), zzb nchar(3), zzc bigint zerofill, zzd float unsigned, zze decimal(6,2) unsigned
);
CREATE TABLE latin (id int PRIMARY KEY, a varchar(10), b varchar(10) CHARACTER SET utf8mb4,
  c varchar(10) COLLATE latin1_general_ci, d enum('x','y') CHARACTER SET ascii, e char(4) CHARACTER SET binary,
  f text CHARACTER SET utf8mb3 COLLATE utf8mb3_bin, g set('p','q') COLLATE latin1_bin)
  DEFAULT CHARSET=latin1 COLLATE latin1_swedish_ci;
CREATE TABLE more (id serial, p point, g geometry NOT NULL, ls linestring, v varchar(10) COLLATE utf8mb4_general_ci,
  t timestamp(2) NOT NULL DEFAULT current_timestamp(2) ON UPDATE current_timestamp(2), dbl double(8,3) zerofill,
  b boolean DEFAULT true, bt bit(3), yr year(4), ch char(0), vb varbinary(3) DEFAULT 0x0a,
  SPATIAL INDEX (g));
"""

DDL = {"postgres": PG, "mariadb": MARIADB, "sqlite": SQLITE}


@pytest.fixture(params=list(DDL))
def engine(request, tmp_path) -> _Engine:
    return _Engine(request.param, request, tmp_path)


def test_live_round_trip_keeps_declared_types(engine):
    original, copy = engine.database(), engine.database()
    engine.load(original, DDL[engine.dialect])
    exported = export_ddl(import_database(original).schema, engine.dialect)
    engine.load(copy, exported.sql)
    engine.assert_same(copy, original, f"export:\n{exported.sql}")


# MariaDB defaults: SQLAlchemy reads them from SHOW CREATE TABLE with a pattern that knows
# literals, NULL, a word and one level of parentheses; the engine writes more
MARIADB_DEFAULTS = r"""
CREATE TABLE defaults (
  a int DEFAULT (1 + (2 * 3)), b double DEFAULT (rand() * 10), c varchar(20) DEFAULT concat('a', 'b'),
  d datetime DEFAULT (now() + interval 1 day), e varbinary(4) DEFAULT x'0a0b', f int NOT NULL, g int,
  h varchar(5) DEFAULT 'it''s', i json DEFAULT (json_object('a', 1)), j bit(2) DEFAULT b'1', k int DEFAULT -1,
  l decimal(5,2) DEFAULT 1.50, m timestamp NULL DEFAULT NULL ON UPDATE current_timestamp(),
  n varchar(9) DEFAULT (user()), o varchar(20) DEFAULT 'a) b', p timestamp(3) NULL ON UPDATE now(3),
  q datetime NOT NULL DEFAULT '2000-01-01 00:00:00' ON UPDATE current_timestamp, r varchar(5) DEFAULT '',
  s text DEFAULT 'x\ny', t int AS (a + 1) VIRTUAL, u int DEFAULT NULL
);
"""


def test_mariadb_live_round_trip_keeps_defaults(request, tmp_path):
    engine = _Engine("mariadb", request, tmp_path)
    original, copy = engine.database(), engine.database()
    engine.load(original, MARIADB_DEFAULTS)
    exported = export_ddl(import_database(original).schema, "mariadb")
    engine.load(copy, exported.sql)
    engine.assert_same(copy, original, f"export:\n{exported.sql}")


# the same spellings read from a DDL file (as `tablewright import schema.sql` does) rather than from the
# engine: sqlglot refuses MySQL's FLOAT UNSIGNED (deprecated, still taken by MySQL and MariaDB, written by
# phpMyAdmin's dumps), so the statement was skipped and the table missing from the model; and a table option
# the model keeps as NAME=value (ROW_FORMAT) was written back as ROWFORMATPROPERTY=ROW_FORMAT=… (Cacti's schema)
MARIADB_FILE = MARIADB + r"""
CREATE TABLE floats (id int PRIMARY KEY, a float unsigned NOT NULL DEFAULT 0, b FLOAT(7,4) UNSIGNED,
  c float(10) unsigned, d double unsigned, e real unsigned);
ALTER TABLE floats ADD COLUMN f float unsigned NULL;
CREATE TABLE dynamic_rows (id int PRIMARY KEY, note varchar(10)) ENGINE=InnoDB ROW_FORMAT=DYNAMIC COMMENT='rows';
"""


def test_mariadb_ddl_file_round_trip_keeps_declared_types(request, tmp_path):
    from tablewright.designer.ddl_import import import_ddl

    engine = _Engine("mariadb", request, tmp_path)
    original, copy = engine.database(), engine.database()
    engine.load(original, MARIADB_FILE)
    result = import_ddl([("schema.sql", MARIADB_FILE)], "mariadb")
    assert not [i for i in result.issues if i.severity == "error"], result.issues
    exported = export_ddl(result.schema, "mariadb")
    engine.load(copy, exported.sql)
    engine.assert_same(copy, original, f"export:\n{exported.sql}")


# MySQL's CREATE TABLE t LIKE source: an empty copy of the source's columns (every attribute), keys,
# indexes, CHECKs and table options, not its foreign keys; it was reported 'CREATE TABLE without
# columns' and left out of the model (Tuleap's plugin_tracker_artifact_pending_removal)
MARIADB_LIKE = r"""
CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE source (id int NOT NULL AUTO_INCREMENT, n varchar(10) DEFAULT 'x' COMMENT 'nm', k int CHECK (k > 0),
  p int, t timestamp NULL DEFAULT NULL ON UPDATE current_timestamp(), PRIMARY KEY (id), KEY n (n(5)),
  UNIQUE KEY uk (k), CONSTRAINT source_p FOREIGN KEY (p) REFERENCES parent (id))
  ENGINE=InnoDB DEFAULT CHARSET=latin1 COMMENT='tb';
CREATE TABLE copy LIKE source;
"""


def _mariadb_file_round_trip(ddl: str, request, tmp_path):
    """Load ``ddl`` with the mariadb client, import it as a file (no error or warning), export it, load the
    export into a second database and compare the two catalogs; the imported schema."""
    from tablewright.designer.ddl_import import import_ddl

    engine = _Engine("mariadb", request, tmp_path)
    original, copy = engine.database(), engine.database()
    engine.load(original, ddl)
    result = import_ddl([("schema.sql", ddl)], "mariadb")
    assert not [i for i in result.issues if i.severity in ("error", "warning")], result.issues
    exported = export_ddl(result.schema, "mariadb")
    engine.load(copy, exported.sql)
    engine.assert_same(copy, original, f"export:\n{exported.sql}")
    return result.schema


def test_mariadb_create_table_like_round_trip(request, tmp_path):
    schema = _mariadb_file_round_trip(MARIADB_LIKE, request, tmp_path)
    assert [t.name for t in schema.tables] == ["parent", "source", "copy"]


# the mysql/mariadb client drops a line starting with -- when no statement is pending, even without the
# space the server wants after it (openSIS's installer comments statements out so); and openSIS replaces a
# key with ALTER TABLE … DROP PRIMARY KEY, ADD PRIMARY KEY (…)
MARIADB_CLIENT_COMMENTS = """
CREATE TABLE attendance_day (staff_id int NOT NULL, school_date date NOT NULL, minutes int);
--ALTER TABLE attendance_completed
  -- ADD CONSTRAINT attendance_completed_pkey PRIMARY KEY (staff_id, school_date, period_id);
--DROP TABLE attendance_day;
   --ALTER TABLE attendance_day DROP COLUMN minutes;
ALTER TABLE attendance_day ADD CONSTRAINT attendance_day_pkey PRIMARY KEY (staff_id, school_date);
CREATE TABLE period (id int NOT NULL, school int NOT NULL, length int DEFAULT 45, PRIMARY KEY (id));
ALTER TABLE period DROP PRIMARY KEY, ADD PRIMARY KEY (school, id);
"""


def test_mariadb_client_comments_and_a_replaced_key_round_trip(request, tmp_path):
    schema = _mariadb_file_round_trip(MARIADB_CLIENT_COMMENTS, request, tmp_path)
    tables = {t.name: t for t in schema.tables}
    assert list(tables) == ["attendance_day", "period"]
    assert tables["attendance_day"].column_names(tables["attendance_day"].primary_key.columns) == \
        ["staff_id", "school_date"]
    assert tables["period"].column_names(tables["period"].primary_key.columns) == ["school", "id"]


# MySQL's ALTER TABLE … ADD c … AFTER b / FIRST places the column (TheyWorkForYou, openSIS)
MARIADB_COLUMN_POSITIONS = """
CREATE TABLE member (member_id int NOT NULL PRIMARY KEY, first_name varchar(100), party varchar(100));
ALTER TABLE member ADD last_name varchar(255) NOT NULL DEFAULT '' AFTER first_name;
ALTER TABLE member ADD COLUMN house int FIRST;
"""


def test_mariadb_added_column_positions_round_trip(request, tmp_path):
    schema = _mariadb_file_round_trip(MARIADB_COLUMN_POSITIONS, request, tmp_path)
    assert [c.name for c in schema.tables[0].columns] == ["house", "member_id", "first_name", "last_name", "party"]
