"""MySQL/MariaDB keep with a view, routine, trigger or event the collation (and, but for a
view, the SQL mode) it was made under (designer/mysql_session.py).  RosarioSIS's MySQL install
script makes its views under ``SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_520_ci'``; one view
compares another's literal column with a literal: made again under the client's default
collation, MariaDB refuses it (ERROR 1267, illegal mix of collations), so the fix that drops and
makes it again around a column change failed.  The engine is the oracle: the file is loaded with
the mariadb client, exported or migrated, and the catalog says under what each object was made."""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.live_import import import_database
from tablewright.designer.migrations import compare_by_name
from tablewright.designer.migrations.render_sql import render_sql
from tests.engines import mariadb, mariadb_admin

pytestmark = pytest.mark.db

DDL = """\
SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_520_ci';
CREATE TABLE payments (id int PRIMARY KEY, amount float, kind varchar(5));
CREATE VIEW periods AS SELECT id, 'Rosario' AS source, CASE WHEN kind = 'FY' THEN 'year' END AS kind FROM payments;
CREATE VIEW totals AS SELECT p.id, p.amount FROM payments p JOIN periods s ON s.id = p.id WHERE s.source <> 'History';
/*!50003 SET sql_mode = 'STRICT_TRANS_TABLES' */;
DELIMITER ;;
CREATE TRIGGER payments_kind BEFORE INSERT ON payments FOR EACH ROW BEGIN SET NEW.kind = 'FY'; END;;
DELIMITER ;
"""


def _made_under(database: str) -> dict:
    conn = mariadb_admin()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT TABLE_NAME, COLLATION_CONNECTION FROM information_schema.VIEWS "
                        "WHERE TABLE_SCHEMA = %s", (database,))
            out = {("view", name): (coll,) for name, coll in cur.fetchall()}
            cur.execute("SELECT TRIGGER_NAME, COLLATION_CONNECTION, SQL_MODE FROM information_schema.TRIGGERS "
                        "WHERE TRIGGER_SCHEMA = %s", (database,))
            out |= {("trigger", name): (coll, mode) for name, coll, mode in cur.fetchall()}
    finally:
        conn.close()
    return out


def _database(factory) -> str:
    return factory().rsplit("/", 1)[1]


def test_objects_made_under_a_named_collation_and_mode_keep_them_through_the_export(mariadb_url_factory):
    original, copy = _database(mariadb_url_factory), _database(mariadb_url_factory)
    mariadb(DDL, original)
    expected = _made_under(original)
    assert expected[("view", "totals")] == ("utf8mb4_unicode_520_ci",)  # what the test is about is there
    assert expected[("trigger", "payments_kind")] == ("utf8mb4_unicode_520_ci", "STRICT_TRANS_TABLES")
    exported = export_ddl(import_ddl([("rosario.sql", DDL)], "mysql").schema, "mysql").sql
    mariadb(exported, copy)  # the client's own default collation is utf8mb4_general_ci
    assert _made_under(copy) == expected, exported


def test_a_migration_that_makes_a_view_again_makes_it_under_its_collation(mariadb_url_factory):
    """The migration from the file to its next version drops totals and makes it again (its text
    changed); run by the client, whose collation is utf8mb4_general_ci, as a fix's SQL is."""
    new = DDL.replace("WHERE s.source <> 'History'", "WHERE s.source <> 'History' AND p.amount > 0")
    script = compare_by_name(import_ddl([("v1.sql", DDL)], "mysql").schema,
                             import_ddl([("v2.sql", new)], "mysql").schema)
    up = render_sql(script, "mariadb").text
    assert "totals" in up
    database = _database(mariadb_url_factory)
    mariadb(DDL, database)
    mariadb(up, database)  # ERROR 1267 when totals is made under the client's collation
    assert _made_under(database)[("view", "totals")] == ("utf8mb4_unicode_520_ci",)


def test_the_live_import_keeps_a_named_collation(mariadb_url_factory):
    original, copy = mariadb_url_factory(), _database(mariadb_url_factory)
    mariadb(DDL, original.rsplit("/", 1)[1])
    expected = _made_under(original.rsplit("/", 1)[1])
    result = import_database(original)
    mariadb(export_ddl(result.schema, "mysql").sql, copy)
    assert _made_under(copy) == expected


def test_the_session_is_read_as_mysqldump_writes_it():
    dump = """\
/*!40101 SET NAMES utf8mb4 */;
CREATE TABLE t (id int PRIMARY KEY, s varchar(5));
CREATE VIEW plain AS SELECT id FROM t;
/*!50001 SET @saved_cs_client     = @@character_set_client */;
/*!50001 SET @saved_col_connection = @@collation_connection */;
/*!50001 SET character_set_client  = utf8mb4 */;
/*!50001 SET collation_connection  = utf8mb4_unicode_ci */;
/*!50001 CREATE VIEW `dumped` AS select `t`.`id` AS `id` from `t` where `t`.`s` <> 'x' */;
/*!50001 SET character_set_client  = @saved_cs_client */;
/*!50001 SET collation_connection  = @saved_col_connection */;
CREATE VIEW after_it AS SELECT id FROM t;
"""
    raw = {r.name: r.sql for r in import_ddl([("dump.sql", dump)], "mysql").schema.raw}
    assert "SET NAMES utf8mb4;\nCREATE VIEW plain" in raw["plain"]  # SET NAMES alone: utf8mb4's default collation
    assert "collation_connection = utf8mb4_unicode_ci;" in raw["dumped"]
    assert "SET NAMES utf8mb4;\nCREATE VIEW after_it" in raw["after_it"]  # restored from the @saved variables
    bare = {r.name: r.sql for r in import_ddl([("bare.sql", dump.split("\n", 1)[1])], "mysql").schema.raw}
    assert bare["plain"] == "CREATE VIEW plain AS SELECT id FROM t"  # no SET: the loading client's session


def test_a_routine_made_under_set_names_alone_keeps_its_character_set(mariadb_url_factory):
    """Jorani's and openSIS's install scripts say SET NAMES utf8 (utf8mb3) and no collation: their
    functions are made under utf8mb3_general_ci, and so again by the export, whatever the client's."""
    ddl = ("SET NAMES utf8;\nCREATE TABLE t (id int PRIMARY KEY);\n"
           "CREATE FUNCTION one() RETURNS int DETERMINISTIC RETURN 1;\nCREATE VIEW v AS SELECT id FROM t;\n")
    original, copy = _database(mariadb_url_factory), _database(mariadb_url_factory)
    mariadb(ddl, original)
    mariadb(export_ddl(import_ddl([("jorani.sql", ddl)], "mysql").schema, "mysql").sql, copy)
    made = _made_under(original)
    assert made[("view", "v")] == ("utf8mb3_general_ci",)
    assert _made_under(copy) == made


def test_the_live_import_keeps_a_character_set_other_than_the_databases(mariadb_url_factory):
    """Made under SET NAMES utf8 (utf8mb3's default collation) in a utf8mb4 database, a routine and a view
    were read from the live database without their session and made again under the client's utf8mb4."""
    ddl = ("SET NAMES utf8;\nCREATE TABLE t (id int PRIMARY KEY);\n"
           "CREATE FUNCTION one() RETURNS int DETERMINISTIC RETURN 1;\nCREATE VIEW v AS SELECT id FROM t;\n"
           "SET NAMES utf8mb4;\nCREATE VIEW w AS SELECT id FROM t;\n")
    original, copy = mariadb_url_factory(), _database(mariadb_url_factory)
    mariadb(ddl, original.rsplit("/", 1)[1])
    made = _made_under(original.rsplit("/", 1)[1])
    assert made[("view", "v")] == ("utf8mb3_general_ci",) and made[("view", "w")] == ("utf8mb4_general_ci",)
    raw = {r.name: r.sql for r in import_database(original).schema.raw}
    assert raw["w"].startswith("CREATE")  # the database's own character set: no session around it
    mariadb(export_ddl(import_database(original).schema, "mysql").sql, copy)
    assert _made_under(copy) == made


def test_a_changed_view_is_shown_without_its_session(mariadb_url_factory, tmp_path):
    """A view the database made under utf8mb3 is read with SET NAMES around it; the diff compares and
    shows what it makes (the session is the migration's to write, not the change's text)."""
    from tablewright.designer.diff import diff_sides, load_sides

    url = mariadb_url_factory()
    ddl = "CREATE TABLE t (id int PRIMARY KEY, s varchar(5)) ENGINE=InnoDB;\nCREATE VIEW v AS SELECT id FROM t WHERE s <> 'x';\n"
    mariadb("SET NAMES utf8mb3;\n" + ddl, url.rsplit("/", 1)[1])
    file = tmp_path / "schema.sql"
    file.write_text(ddl.replace("'x'", "'y'"))
    changes = diff_sides(*load_sides(str(file), url)).changes
    assert [c.kind for c in changes] == ["view-changed"]
    assert changes[0].before.startswith("CREATE VIEW v") and changes[0].after.startswith("CREATE "), changes[0]
    assert "'x'" in changes[0].after and "SET " not in changes[0].after
