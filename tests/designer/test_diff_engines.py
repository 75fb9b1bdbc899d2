"""``diff`` against real engines: a corpus schema file against the database
built from it (with the engine's own client) reports no change; scripted
changes made in the database are reported exactly, nothing more."""

from __future__ import annotations

import pytest
from tests.conftest import corpus_path
from engine_load import _own_database, load_mariadb, load_pg, load_sqlite, run_sql

from tablewright.designer.diff import diff_sides, load_side


def _diff(file, url):
    return diff_sides(load_side(str(file)), load_side(url))


def _summary(result) -> set[tuple]:
    return {(c.kind, c.table, c.column or c.name) for c in result.changes}


def _check(file, url, changes_sql: str, expected: set[tuple]) -> None:
    before = _diff(file, url)
    assert [str(c) for c in before.changes] == [], "the file against the database built from it"
    run_sql(url, changes_sql)
    after = _diff(file, url)
    assert _summary(after) == expected
    changed = next(c for c in after.changes if c.kind == "column-changed")
    assert changed.before["type"] != changed.after["type"]


def test_postgres_sakila(pg_url_factory):
    url = pg_url_factory()
    file = corpus_path("sakila-pg", "postgres-sakila-schema.sql")
    load_pg(url, [file])
    _check(file, url, """
        ALTER TABLE actor ADD COLUMN nickname varchar(30);
        CREATE TABLE audit_log (id serial PRIMARY KEY, msg text NOT NULL);
        COMMENT ON TABLE film IS 'Films we rent';
        DROP INDEX idx_actor_last_name;
        ALTER TABLE address ALTER COLUMN address2 TYPE varchar(100);
    """, {
        ("column-added", "public.actor", "nickname"),
        ("table-added", "public.audit_log", None),
        ("table-comment-changed", "public.film", None),
        ("index-removed", "public.actor", "idx_actor_last_name"),
        ("column-changed", "public.address", "address2"),
    })


VIEWS_CHANGED = """
    CREATE OR REPLACE VIEW staff_list AS
        SELECT s.staff_id AS id, (((s.first_name)::text || ' '::text) || (s.last_name)::text) AS name, a.address,
               a.postal_code AS "zip code", a.phone, city.city, country.country, s.store_id AS sid
        FROM (((staff s JOIN address a ON ((s.address_id = a.address_id))) JOIN city ON ((a.city_id = city.city_id)))
              JOIN country ON ((city.country_id = country.country_id)))
        WHERE s.active;
    CREATE OR REPLACE VIEW sales_by_film_category AS
        SELECT c.name AS category, sum(p.amount) AS total_sales
        FROM payment p JOIN rental r ON p.rental_id = r.rental_id JOIN inventory i ON r.inventory_id = i.inventory_id
             JOIN film f ON i.film_id = f.film_id JOIN film_category fc ON f.film_id = fc.film_id
             JOIN category c ON fc.category_id = c.category_id
        GROUP BY c.name ORDER BY sum(p.amount) DESC;
"""


def test_postgres_view_changed_reading_the_same_tables(pg_url_factory):
    """A view the database now defines otherwise, reading the same tables (a WHERE
    added), is a change; one written otherwise but the same query (joins without
    parentheses, the casts left to the engine) is none: the engine makes the file's
    view again and prints it as it prints its own (pg_get_viewdef)."""
    url = pg_url_factory()
    file = corpus_path("sakila-pg", "postgres-sakila-schema.sql")
    load_pg(url, [file])
    run_sql(url, VIEWS_CHANGED)
    for old, new in ((file, url), (url, file)):
        result = diff_sides(load_side(str(old)), load_side(str(new)))
        assert _summary(result) == {("view-changed", None, "staff_list")}
        assert any("made again from the file by the database" in n for n in result.notes)
        live_text = result.changes[0].after if new == url else result.changes[0].before
        assert "WHERE s.active" in live_text
    # the file's views were made in a transaction rolled back: the database has only its own
    run_sql(url, "DO $$BEGIN IF EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'tw_compare_%') "
                 "THEN RAISE EXCEPTION 'left behind'; END IF; END$$;")


def test_mariadb_sakila(mariadb_url_factory, tmp_path):
    url = mariadb_url_factory()
    file = corpus_path("sakila-mysql", "mysql-sakila-schema.sql")
    # the file makes and uses its own database (DROP SCHEMA sakila; CREATE SCHEMA sakila; USE sakila) and
    # its views read sakila.film: this test's own database instead, so tests running at once do not share one
    # (and the views never read a database named sakila that someone else made on the server)
    copy = _own_database(file, "sakila", url.rsplit("/", 1)[1], tmp_path)
    assert load_mariadb(url, [copy]) == ""
    _check(file, url, """
        ALTER TABLE actor ADD COLUMN nickname varchar(30);
        CREATE TABLE audit_log (id int AUTO_INCREMENT PRIMARY KEY, msg text NOT NULL);
        ALTER TABLE film COMMENT = 'Films we rent';
        DROP INDEX idx_actor_last_name ON actor;
        ALTER TABLE address MODIFY address2 varchar(100) DEFAULT NULL;
    """, {
        ("column-added", "actor", "nickname"),
        ("table-added", "audit_log", None),
        ("table-comment-changed", "film", None),
        ("index-removed", "actor", "idx_actor_last_name"),
        ("column-changed", "address", "address2"),
    })


def test_mariadb_view_changed_reading_the_same_tables(mariadb_url_factory, tmp_path):
    """MariaDB prints a view rewritten (SHOW CREATE VIEW) and cannot make a file's
    view without writing to the server: a view reading the same tables is changed
    when it names other columns, other strings or other output names; written
    otherwise (INNER JOIN as join, aliases added, LENGTH as octet_length) it is not."""
    url = mariadb_url_factory()
    file = corpus_path("sakila-mysql", "mysql-sakila-schema.sql")
    assert load_mariadb(url, [_own_database(file, "sakila", url.rsplit("/", 1)[1], tmp_path)]) == ""
    run_sql(url, """
        CREATE OR REPLACE VIEW staff_list AS
        SELECT s.staff_id AS ID, CONCAT(s.first_name, _utf8' ', s.last_name) AS name, a.address AS address,
               a.postal_code AS `zip code`, a.phone AS phone, city.city AS city, country.country AS country,
               s.store_id AS SID
        FROM staff AS s JOIN address AS a ON s.address_id = a.address_id JOIN city ON a.city_id = city.city_id
             JOIN country ON city.country_id = country.country_id
        WHERE s.active = 1;
        CREATE OR REPLACE VIEW customer_list AS
        SELECT cu.customer_id AS ID, CONCAT(cu.first_name, _utf8' ', cu.last_name) AS name, a.address AS address,
               a.postal_code AS `zip code`, a.phone AS phone, city.city AS city, country.country AS country,
               IF(cu.active, _utf8'yes', _utf8'') AS notes, cu.store_id AS SID
        FROM customer AS cu JOIN address AS a ON cu.address_id = a.address_id JOIN city ON a.city_id = city.city_id
             JOIN country ON city.country_id = country.country_id;
        CREATE OR REPLACE VIEW sales_by_film_category AS
        SELECT c.name AS category, SUM(p.amount) AS total_sales
        FROM payment p JOIN rental r ON p.rental_id = r.rental_id JOIN inventory i ON r.inventory_id = i.inventory_id
             JOIN film f ON i.film_id = f.film_id JOIN film_category fc ON f.film_id = fc.film_id
             JOIN category c ON fc.category_id = c.category_id
        GROUP BY c.name ORDER BY total_sales DESC;
    """)
    for old, new in ((file, url), (url, file)):
        result = diff_sides(load_side(str(old)), load_side(str(new)))
        assert _summary(result) == {("view-changed", None, "staff_list"), ("view-changed", None, "customer_list")}


def test_sqlite_sakila(tmp_path):
    db = tmp_path / "sakila.db"
    file = corpus_path("sakila-sqlite", "sqlite-sakila-schema.sql")
    load_sqlite(db, [file])
    url = f"sqlite:///{db}"
    # SQLite has no comments, and widens a type only by rebuilding the table: the test's "type widened"
    # is a rebuild of a small table, done as a user would
    _check(file, url, """
        ALTER TABLE actor ADD COLUMN nickname varchar(30);
        CREATE TABLE audit_log (id INTEGER PRIMARY KEY, msg TEXT NOT NULL);
        DROP INDEX idx_actor_last_name;
        PRAGMA foreign_keys=OFF;
        CREATE TABLE language_new (language_id INTEGER NOT NULL, name CHAR(40) NOT NULL,
            last_update TIMESTAMP NOT NULL, PRIMARY KEY (language_id));
        INSERT INTO language_new SELECT * FROM language;
        DROP TABLE language;
        ALTER TABLE language_new RENAME TO language;
    """, {
        ("column-added", "actor", "nickname"),
        ("table-added", "audit_log", None),
        ("index-removed", "actor", "idx_actor_last_name"),
        ("column-changed", "language", "name"),
        # dropping the old table dropped its triggers (the file's "ON language": a keyword, no table read)
        ("trigger-removed", None, "language_trigger_ai"),
        ("trigger-removed", None, "language_trigger_au"),
    })


def test_migrate_brings_a_live_database_back_to_the_file(pg_url_factory, tmp_path, capsys):
    """``migrate URL FILE``: the migration from the drifted database to the model,
    applied with psql, leaves no difference."""
    from tablewright.app.cli import main

    url = pg_url_factory()
    file = corpus_path("sakila-pg", "postgres-sakila-schema.sql")
    load_pg(url, [file])
    run_sql(url, """
        ALTER TABLE actor ADD COLUMN nickname varchar(30);
        CREATE TABLE audit_log (id integer PRIMARY KEY, msg text NOT NULL);
        COMMENT ON TABLE film IS 'Films we rent';
        DROP INDEX idx_actor_last_name;
        ALTER TABLE address ALTER COLUMN address2 TYPE varchar(100);
    """)
    script = tmp_path / "to_model.sql"
    # dropping the column added in the database loses its data: a critical finding, the run fails
    assert main(["migrate", url, str(file), "--dialect", "postgres", "-o", str(script)]) == 1
    assert "TM002 column nickname is dropped" in capsys.readouterr().err
    text = script.read_text()
    assert "DROP TABLE" in text and "idx_actor_last_name" in text and "TRIGGER" not in text
    load_pg(url, [script], stop_on_error=True)
    assert [str(c) for c in _diff(file, url).changes] == []


# A file that names no dialect (no backquotes, no ENGINE=, nothing PostgreSQL's either) compared with a
# MariaDB database was read as PostgreSQL, the import's guess: the views were then compared as PostgreSQL
# compares them (by the tables they read), and a changed string literal of a view over a view went unseen
# one way round and was seen the other. The file is read in the database's dialect.
UNMARKED = """CREATE TABLE t (id int PRIMARY KEY, name varchar(20), kind varchar(10));
CREATE VIEW v1 AS SELECT id, name, kind FROM t WHERE kind = 'a';
CREATE VIEW v2 AS SELECT id, name FROM v1 WHERE name <> 'x';
"""


def test_a_file_that_names_no_dialect_is_read_in_the_databases(mariadb_url_factory, tmp_path):
    from tablewright.designer.diff import load_sides

    url = mariadb_url_factory()
    run_sql(url, UNMARKED)
    file = tmp_path / "schema.sql"
    file.write_text(UNMARKED.replace("'x'", "'y'"))
    for old, new in ((str(file), url), (url, str(file))):
        sides = load_sides(old, new)
        assert {s.schema.dialect for s in sides} <= {"mysql", "mariadb"}, [s.schema.dialect for s in sides]
        assert _summary(diff_sides(*sides)) == {("view-changed", None, "v2")}
    file.write_text(UNMARKED)
    assert _summary(diff_sides(*load_sides(str(file), url))) == set()
