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
from tests.engines import mariadb

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
