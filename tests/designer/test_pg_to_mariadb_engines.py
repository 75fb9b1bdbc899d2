"""PostgreSQL DDL exported for MySQL and MariaDB loads with the mariadb client.

A new user's sakila-pg exported for MariaDB did not load (an enum default cast to its PostgreSQL
type; ON DELETE SET NULL on a NOT NULL column), and of ten PostgreSQL corpus schemas only one
loaded: TEXT in keys, integer foreign keys to bigint keys, domains and extension types, casts to
types only PostgreSQL has, functions only PostgreSQL has in defaults and CHECKs, expression indexes
(MariaDB has none), a serial column second in its primary key.  Each class is written here the way
the corpus writes it; the engine says whether the export loads.  Losses are said in warnings.
"""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.sources import load_sources
from tests.conftest import corpus_path
from tests.corpus_cases import MUSICBRAINZ
from tests.engines import LoadError, mariadb

pytestmark = pytest.mark.db

CLASSES = r"""
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'NC-17');
CREATE DOMAIN public.year AS integer CONSTRAINT year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)));
CREATE TABLE repositories (id bigint PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE film (
    film_id serial PRIMARY KEY,
    rating mpaa_rating DEFAULT 'G'::mpaa_rating,
    release_year public.year,
    username public.citext NOT NULL UNIQUE,
    embedding public.vector(3),
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    meta jsonb DEFAULT '{}'::jsonb NOT NULL,
    lock char(1) DEFAULT 'X'::bpchar NOT NULL,
    handles jsonb DEFAULT (json_build_object('id', (gen_random_uuid())::text))::jsonb,
    inserted_at timestamp DEFAULT timezone('utc'::text, now()) NOT NULL,
    ipi char(11),
    repository_id integer NOT NULL REFERENCES repositories (id),
    CONSTRAINT film_lock CHECK (lock = 'X'::bpchar),
    CONSTRAINT film_id_positive CHECK (film_id > 0),
    CONSTRAINT film_ipi CHECK (ipi ~ '^\d{11}$'),
    CONSTRAINT film_name CHECK (username OPERATOR(public.~) '^[a-z]+$'::public.citext)
);
CREATE TABLE sessions (id text PRIMARY KEY, data text DEFAULT ''::text);
CREATE TABLE rental (rental_id bigint PRIMARY KEY);
CREATE TABLE payment (
    payment_id serial NOT NULL,
    payment_date timestamp NOT NULL,
    rental_id integer NOT NULL REFERENCES rental ON DELETE SET NULL,
    PRIMARY KEY (payment_date, payment_id)
);
CREATE INDEX film_lower_name ON film (lower((username)::text));
CREATE INDEX film_meta_owner ON film (((meta -> 'owner') ->> 'email'));
"""


@pytest.mark.parametrize("target", ["mariadb"])  # (MySQL 8 has REGEXP_LIKE; no MySQL engine here to load its export)
def test_each_class_of_postgresql_ddl_loads(mariadb_url_factory, target):
    result = import_ddl([("classes.sql", CLASSES)], "postgres")
    export = export_ddl(result.schema, target)
    mariadb(export.sql, mariadb_url_factory().rsplit("/", 1)[1])  # any refused statement fails here
    said = "\n".join(export.warnings)
    for loss in ("ON DELETE SET NULL", "domain public.year", "case-insensitive text", "public.vector(3)",
                 "TIMEZONE()", "in a key or an index", "leads no key"):
        assert loss in said, (loss, said)
    if target == "mariadb":
        assert "indexes an expression" in said and "REGEXP_LIKE()" in said
    assert "DEFAULT 'G'" in export.sql and "DEFAULT ('[]')" in export.sql and "DEFAULT ('{}')" in export.sql
    assert "`lock` = 'X'" in export.sql  # the CHECK translated, its cast to bpchar gone


@pytest.mark.parametrize("files", [
    ["sakila-pg/postgres-sakila-schema.sql"], ["pagila/pagila-schema.sql"], ["kanboard-pg/postgres.sql"],
    ["synapse-pg/full.sql.postgres"], ["hexpm/structure.sql"],
    MUSICBRAINZ,
], ids=lambda files: files[0].split("/", 1)[0])
def test_postgresql_corpus_schemas_load_in_mariadb(mariadb_url_factory, files):
    """(MusicBrainz: plain indexes over text take prefixes that share InnoDB's 3,072-byte key, and indexes over
    arrays, JSON there, are not exported.  OSM, sanbase2, bike-index and graphile-starter load too.)"""
    schema = load_sources([str(corpus_path(*f.split("/"))) for f in files], "postgres").schema
    mariadb(export_ddl(schema, "mariadb").sql, mariadb_url_factory().rsplit("/", 1)[1])


def test_an_untyped_sqlite_key_takes_its_targets_type(pg_url_factory):
    """Zotero's itemData.valueID has no type in SQLite; written as text, PostgreSQL refused its key to
    itemDataValues(valueID INTEGER): incompatible types."""
    from tests.engines import psql

    ddl = ("CREATE TABLE itemDataValues (valueID INTEGER PRIMARY KEY, value UNIQUE);\n"
           "CREATE TABLE itemData (itemID INT, valueID, PRIMARY KEY (itemID), "
           "FOREIGN KEY (valueID) REFERENCES itemDataValues(valueID));\n")
    export = export_ddl(import_ddl([("zotero.sql", ddl)], "sqlite").schema, "postgres")
    psql(pg_url_factory(), export.sql)  # ON_ERROR_STOP: any refused statement fails
    assert any("takes the type of the column it references" in w for w in export.warnings)


def test_boolean_strings_and_long_strings_load(mariadb_url_factory):
    """Found by exporting every PostgreSQL schema the tests ship for MariaDB: BOOL DEFAULT 'f' (FixMyStreet, Koji,
    SQL-Ledger, LibreTime) and VARCHAR past 16,383 / CHAR past 255 (Request Tracker, PowerDNS, dbmail)."""
    ddl = ("CREATE TABLE users (id int PRIMARY KEY, email_verified boolean NOT NULL DEFAULT 'f', "
           "active boolean DEFAULT 'true'::boolean, pattern varchar(65536), hash char(256) NOT NULL);\n")
    export = export_ddl(import_ddl([("fms.sql", ddl)], "postgres").schema, "mariadb")
    mariadb(export.sql, mariadb_url_factory().rsplit("/", 1)[1])
    assert "DEFAULT FALSE" in export.sql and "DEFAULT TRUE" in export.sql
    assert "pattern LONGTEXT" in export.sql and "hash VARCHAR(256)" in export.sql


# -- found by scripts/cross-dialect (every PostgreSQL schema the tests ship, exported for MariaDB) ---------------

LONG_KEYS = """
CREATE TABLE authreg (username varchar(1023) NOT NULL, realm varchar(1023) NOT NULL, PRIMARY KEY (username, realm));
CREATE TABLE items (itemid bigint PRIMARY KEY, hostid bigint NOT NULL, key_ varchar(2048) NOT NULL);
CREATE INDEX items_1 ON items (hostid, key_);
CREATE TABLE mix_subscription (channel text NOT NULL, service text NOT NULL, username varchar(250), domain varchar(250));
CREATE INDEX i_mix_chan_serv_ud ON mix_subscription (channel, service, username, domain);
CREATE TABLE tokens (id int PRIMARY KEY, access_token varchar(1000), refresh_token varchar(1000),
    UNIQUE (access_token, refresh_token));
CREATE TABLE logins (id int PRIMARY KEY, username varchar(1023), realm varchar(1023),
    FOREIGN KEY (username, realm) REFERENCES authreg (username, realm));
"""


def test_keys_over_long_strings_take_prefixes_that_fit_innodb(mariadb_url_factory):
    """jabberd2's authreg, Zabbix's items_1, ejabberd's mix_subscription: keys whose whole columns pass InnoDB's
    3,072 bytes (utf8mb4) were refused ('Specified key was too long').  An index or primary key shares the 3,072
    bytes among prefixes; a unique key is MariaDB's own (a hash of the whole values); a foreign key over columns
    that wide cannot be indexed whole and is not carried."""
    export = export_ddl(import_ddl([("keys.sql", LONG_KEYS)], "postgres").schema, "mariadb")
    db = mariadb_url_factory().rsplit("/", 1)[1]
    mariadb(export.sql, db)
    assert "PRIMARY KEY (username(384), realm(384))" in export.sql
    assert "items (hostid, key_(766))" in export.sql
    assert "(channel(191), service(191), username(193), domain(193))" in export.sql  # 3,072 bytes, TEXT at most 191
    assert "UNIQUE (access_token, refresh_token)" in export.sql  # whole: MariaDB keys it by a hash
    said = "\n".join(export.warnings)
    assert "The primary key of table authreg is on the first 384 characters of username" in said
    assert "rows that differ only past the prefixes are refused as duplicates" in said
    assert "The index items_1 on items indexes the first 766 characters of key_: an InnoDB key holds 3,072" in said
    assert "The foreign key (username, realm) of table logins is not carried" in said
    long_a, long_b = "a" * 900, "b" * 900
    mariadb(f"INSERT INTO tokens VALUES (1, '{long_a}x', '{long_b}'), (2, '{long_a}y', '{long_b}');", db)
    with pytest.raises(LoadError, match="Duplicate entry"):  # the warning is what the key does
        mariadb(f"INSERT INTO authreg VALUES ('{long_a}x', 'r'), ('{long_a}y', 'r');", db)
    mysql = export_ddl(import_ddl([("keys.sql", LONG_KEYS)], "postgres").schema, "mysql")
    assert "UNIQUE (access_token(384), refresh_token(384))" in mysql.sql  # MySQL has no long unique keys
    assert any(w.startswith("The unique key of table tokens is on the first 384 characters of access_token")
               for w in mysql.warnings)


REFUSED_DEFAULTS = """
CREATE TABLE voip_rule_states (id int PRIMARY KEY, voip_account_id integer NOT NULL DEFAULT NULL,
    statecode varchar(2) DEFAULT 'NULL'::character varying, session_start timestamp DEFAULT '1970-01-01 00:00:01+00:00',
    seen timestamptz DEFAULT '2000-01-01 12:00:00+02');
"""


def test_defaults_mariadb_refuses_are_dropped_or_respelled(mariadb_url_factory):
    """LMS's integer NOT NULL DEFAULT NULL (the same as no default), DataSynthesis's varchar(2) DEFAULT 'NULL' (longer
    than its column: PostgreSQL refuses only the insert that uses it), Temporal's timestamp default with a zone
    offset: MariaDB refused each table ('Invalid default value')."""
    export = export_ddl(import_ddl([("defaults.sql", REFUSED_DEFAULTS)], "postgres").schema, "mariadb")
    db = mariadb_url_factory().rsplit("/", 1)[1]
    mariadb(export.sql, db)
    assert "voip_account_id INTEGER NOT NULL," in export.sql
    assert "statecode VARCHAR(2)," in export.sql
    assert "DEFAULT '1970-01-01 00:00:01'" in export.sql and "DEFAULT '2000-01-01 10:00:00'" in export.sql
    said = "\n".join(export.warnings)
    assert "statecode is not carried to mariadb: it is longer than the column's 2 characters" in said
    assert "session_start is written '1970-01-01 00:00:01'" in said and "written in UTC" in said
    with pytest.raises(LoadError, match="voip_account_id"):  # still no value without one given
        mariadb("INSERT INTO voip_rule_states (id) VALUES (1);", db)


REFUSED_CHECKS = r"""
CREATE TABLE build (id int NOT NULL, draft boolean NOT NULL, PRIMARY KEY (id), UNIQUE (id, draft));
CREATE TABLE employee (id int PRIMARY KEY, birth date NOT NULL, cobrand text NOT NULL DEFAULT '',
    CONSTRAINT ck_birth CHECK (birth BETWEEN '1930-01-01' AND now() - interval '18 years'),
    CONSTRAINT ck_cobrand CHECK (cobrand ~* '^[a-z0-9_]*$'),
    CONSTRAINT ck_id CHECK (id < 1000000));
CREATE TABLE rpminfo (id int PRIMARY KEY, build_id int, draft boolean, external_repo_id int NOT NULL,
    CONSTRAINT sane CHECK ((draft IS NULL AND build_id IS NULL) OR (draft IS NOT NULL AND external_repo_id = 0)),
    FOREIGN KEY (build_id, draft) REFERENCES build (id, draft) ON UPDATE CASCADE);
"""


def test_checks_mariadb_refuses_are_left_out(mariadb_url_factory):
    """AdventureWorks' CHECK against now(), FixMyStreet's ~* (sqlglot writes REGEXP_I_LIKE, which no MySQL has), Koji's
    CHECK on rpminfo.draft, which ON UPDATE CASCADE changes: MariaDB refused each ('Function or expression … cannot be
    used in the CHECK clause').  Each is left out with a warning; the key keeps its action, the other CHECKs stay."""
    export = export_ddl(import_ddl([("checks.sql", REFUSED_CHECKS)], "postgres").schema, "mariadb")
    db = mariadb_url_factory().rsplit("/", 1)[1]
    mariadb(export.sql, db)
    said = "\n".join(export.warnings)
    assert "ck_birth" not in export.sql and "REGEXP" not in export.sql and "sane" not in export.sql
    assert "CONSTRAINT ck_id CHECK (id < 1000000)" in export.sql and "ON UPDATE CASCADE" in export.sql
    assert "whose answer changes from call to call" in said
    assert "a case-insensitive regular expression match (~*)" in said
    assert "it reads draft, which ON UPDATE CASCADE of the foreign key (build_id, draft) changes" in said
    with pytest.raises(LoadError, match="ck_id"):
        mariadb("INSERT INTO employee (id, birth) VALUES (1000001, '1980-01-01');", db)


def test_a_foreign_key_follows_the_order_of_its_key(mariadb_url_factory):
    """LedgerSMB's (class_id, bu_id) REFERENCES business_unit (class_id, id) beside UNIQUE (id, class_id), Ambari's
    fk_confg: PostgreSQL takes a key over the same columns in any order, InnoDB an index in the key's order
    ('Foreign key constraint is incorrectly formed').  The pairs are written in the key's order."""
    ddl = ("CREATE TABLE business_unit (id serial PRIMARY KEY, class_id int NOT NULL, UNIQUE (id, class_id));\n"
           "CREATE TABLE business_unit_ac (entry_id int, class_id int NOT NULL, bu_id int NOT NULL,\n"
           "    PRIMARY KEY (bu_id, class_id, entry_id),\n"
           "    FOREIGN KEY (class_id, bu_id) REFERENCES business_unit (class_id, id));\n")
    export = export_ddl(import_ddl([("ledgersmb.sql", ddl)], "postgres").schema, "mariadb")
    db = mariadb_url_factory().rsplit("/", 1)[1]
    mariadb(export.sql, db)
    assert "FOREIGN KEY(bu_id, class_id) REFERENCES business_unit (id, class_id)" in export.sql
    mariadb("INSERT INTO business_unit (id, class_id) VALUES (1, 7); INSERT INTO business_unit_ac VALUES (1, 7, 1);", db)
    with pytest.raises(LoadError, match="foreign key constraint fails"):  # the key still holds the pairs
        mariadb("INSERT INTO business_unit_ac VALUES (2, 1, 7);", db)


def test_a_row_past_65535_bytes_writes_its_longest_varchars_as_text(mariadb_url_factory):
    """Znuny's calendar_appointment (four VARCHAR(3800) and more), LibreTime's cc_files: 'Row size too large. The
    maximum row size for the used table type, not counting BLOBs, is 65535'.  The longest VARCHARs in no key or index
    are TEXT until the row fits."""
    wide = ", ".join(f"c{i} varchar(255)" for i in range(12))
    ddl = (f"CREATE TABLE calendar_appointment (id bigserial PRIMARY KEY, team_id varchar(3800), "
           f"resource_id varchar(3800), recur_exclude varchar(3800), description varchar(3800), {wide});\n"
           "CREATE INDEX ca_team ON calendar_appointment (team_id);\n")
    export = export_ddl(import_ddl([("znuny.sql", ddl)], "postgres").schema, "mariadb")
    mariadb(export.sql, mariadb_url_factory().rsplit("/", 1)[1])
    assert "team_id VARCHAR(3800)" in export.sql  # indexed: kept
    assert export.sql.count(" TEXT,") + export.sql.count(" TEXT\n") >= 1
    said = "\n".join(export.warnings)
    assert "of table calendar_appointment" in said and "written TEXT" in said and "65,535" in said


def test_mysql_keys_postgresql_refuses_load_without_them(pg_url_factory):
    """The other way (scripts/cross-dialect --direction postgres): OrangeHRM's key to ohrm_project (project_id), the first
    column of its primary key (project_id, customer_id), which InnoDB takes and PostgreSQL refuses ('there is no unique
    constraint matching given keys'), is not carried, with a warning; iRedMail's AUTO_INCREMENT column declared without
    NOT NULL (NOT NULL in MariaDB all the same) is an identity, which PostgreSQL wants NOT NULL."""
    from tests.engines import psql

    ddl = ("CREATE TABLE ohrm_project (project_id int NOT NULL AUTO_INCREMENT, customer_id int NOT NULL, "
           "PRIMARY KEY (project_id, customer_id)) ENGINE=InnoDB;\n"
           "CREATE TABLE ohrm_project_activity (activity_id int NOT NULL AUTO_INCREMENT PRIMARY KEY, project_id int NOT NULL, "
           "FOREIGN KEY (project_id) REFERENCES ohrm_project (project_id) ON DELETE CASCADE) ENGINE=InnoDB;\n"
           "CREATE TABLE deleted_mailboxes (id BIGINT(20) UNSIGNED AUTO_INCREMENT, username VARCHAR(255) NOT NULL, "
           "KEY id (id));\n")
    export = export_ddl(import_ddl([("orangehrm.sql", ddl)], "mysql").schema, "postgres")
    psql(pg_url_factory(), export.sql)
    assert "REFERENCES ohrm_project" not in export.sql
    assert any(w.startswith("The foreign key (project_id) of table ohrm_project_activity is not carried to postgres: "
                            "it references (project_id) of ohrm_project, which no primary or unique key") for w in export.warnings)
    assert "id BIGINT GENERATED BY DEFAULT AS IDENTITY, " in export.sql  # (an identity is NOT NULL; "IDENTITY NULL" was refused)
