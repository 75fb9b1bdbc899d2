"""What mysqldump writes in versioned comments, split over several of them, round-trips.

mysqldump writes a view as ``/*!50001 CREATE ALGORITHM=… */ /*!50013 DEFINER=… SQL SECURITY … */
/*!50001 VIEW v AS … */ /*!50002 WITH CHECK OPTION */;``, a trigger (and, before MySQL 5.5, a routine)
as ``/*!50003 CREATE*/ /*!50017 DEFINER=…*/ /*!50003 TRIGGER … */;;`` and an event as
``/*!50106 CREATE*/ /*!50117 DEFINER=…*/ /*!50106 EVENT … */``.  The server runs what the comments
enclose as one statement.  The importer read the statement from the comments' text but kept it verbatim
from the file, so a view or trigger was written back with the ``*/ /*!50013`` between its pieces: the
export of goiardi's dump (FRESH50) did not load.  The engine is the oracle: the dump is loaded with the
mariadb client, ``tablewright export`` loaded the same way into another database, catalogs compared."""

from __future__ import annotations

import subprocess

import pytest

from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.sql_split import split_statements
from tests.engines import MARIADB_HOST, MARIADB_PORT, MARIADB_USER, mariadb, mariadb_create, mariadb_drop, unique_name
from tests.roundtrip_corpus import round_trip_texts

# views of every option mysqldump writes in pieces, a view over a view, a trigger whose body holds
# "*/" in a string, routines and an event
SOURCE = r"""
CREATE TABLE t (id int PRIMARY KEY, s varchar(20), n int DEFAULT 0);
CREATE TABLE log (id int AUTO_INCREMENT PRIMARY KEY, msg varchar(100));
CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW positive AS SELECT id, s FROM t WHERE n > 0
  WITH CASCADED CHECK OPTION;
CREATE VIEW labelled AS SELECT positive.id, concat(positive.s, ' */ x') AS c FROM positive;
DELIMITER ;;
CREATE TRIGGER t_counts BEFORE INSERT ON t FOR EACH ROW BEGIN
  SET NEW.n = NEW.n + 1;
  INSERT INTO log (msg) VALUES ('a /* b */ c */');
END;;
CREATE PROCEDURE twice(IN x int) BEGIN SELECT x * 2; /* a comment */ END;;
CREATE FUNCTION double_it(x int) RETURNS int DETERMINISTIC RETURN x * 2;;
CREATE EVENT prune ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO DELETE FROM log;;
DELIMITER ;
"""

# the shapes of an older mysqldump (MySQL 5.1-5.6, goiardi's): stand-in tables for the views, dropped and
# replaced at the end; routines, not only triggers, in /*!50003 CREATE*/ /*!50020 DEFINER=…*/ pieces
OLD_DUMP = r"""
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
DROP TABLE IF EXISTS `t`;
CREATE TABLE `t` (
  `id` int(11) NOT NULL,
  `s` varchar(20) DEFAULT NULL,
  `n` int(11) DEFAULT '0',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB /*!50100 DEFAULT CHARSET=utf8 */;
CREATE TABLE `log` (`id` int(11) NOT NULL AUTO_INCREMENT, `msg` varchar(100) /*!50000 DEFAULT 'x' */,
  PRIMARY KEY (`id`)) ENGINE=InnoDB;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = '' */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=CURRENT_USER*/ /*!50003 TRIGGER `t_counts` BEFORE INSERT ON `t` FOR EACH ROW BEGIN
  SET NEW.n = NEW.n + 1;
  INSERT INTO log (msg) VALUES ('a */ b');
END */;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
DROP TABLE IF EXISTS `positive`;
/*!50001 DROP VIEW IF EXISTS `positive`*/;
SET @saved_cs_client     = @@character_set_client;
SET character_set_client = utf8;
/*!50001 CREATE TABLE `positive` (
  `id` int(11),
  `s` varchar(20)
) ENGINE=MyISAM */;
SET character_set_client = @saved_cs_client;
DROP TABLE IF EXISTS `labelled`;
/*!50001 DROP VIEW IF EXISTS `labelled`*/;
/*!50001 CREATE TABLE `labelled` (
  `id` int(11)
) ENGINE=MyISAM */;
/*!50003 DROP PROCEDURE IF EXISTS `twice` */;
DELIMITER ;;
/*!50003 CREATE*/ /*!50020 DEFINER=CURRENT_USER*/ /*!50003 PROCEDURE `twice`(IN x int)
BEGIN
  SELECT x, 'a;b';
END */;;
/*!50003 CREATE*/ /*!50020 DEFINER=CURRENT_USER*/ /*!50003 FUNCTION `double_it`(x int) RETURNS int(11)
    DETERMINISTIC
RETURN x * 2 */;;
/*!50106 CREATE*/ /*!50117 DEFINER=CURRENT_USER*/ /*!50106 EVENT `prune` ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' ON COMPLETION NOT PRESERVE DISABLE DO DELETE FROM log */ ;;
DELIMITER ;
/*!50001 DROP TABLE IF EXISTS `positive`*/;
/*!50001 DROP VIEW IF EXISTS `positive`*/;
/*!50001 SET @saved_cs_client          = @@character_set_client */;
/*!50001 SET character_set_client      = utf8 */;
/*!50001 SET collation_connection      = utf8_general_ci */;
/*!50001 CREATE ALGORITHM=MERGE */
/*!50013 DEFINER=CURRENT_USER SQL SECURITY INVOKER */
/*!50001 VIEW `positive` AS select `t`.`id` AS `id`,`t`.`s` AS `s` from `t` where (`t`.`n` > 0) */
/*!50002 WITH CASCADED CHECK OPTION */;
/*!50001 SET character_set_client      = @saved_cs_client */;
/*!50001 DROP TABLE IF EXISTS `labelled`*/;
/*!50001 DROP VIEW IF EXISTS `labelled`*/;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=CURRENT_USER SQL SECURITY DEFINER */
/*!50001 VIEW `labelled` AS select `positive`.`id` AS `id` from `positive` */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
"""


def _mariadb_dump(source: str) -> str:
    """``source`` loaded into a database and dumped back by mariadb-dump, as a user dumps one."""
    database = mariadb_create(unique_name("tw_dump"))
    try:
        mariadb(source, database)
        return subprocess.run(["mariadb-dump", "-h", MARIADB_HOST, "-P", str(MARIADB_PORT), "-u", MARIADB_USER,
                               "--routines", "--events", "--triggers", "--skip-dump-date", database],
                              capture_output=True, text=True, check=True, timeout=120).stdout
    finally:
        mariadb_drop(database, exact=True)


@pytest.mark.db
def test_a_dump_written_by_mariadb_dump_round_trips(tmp_path):
    dump = _mariadb_dump(SOURCE)
    # what the test is about is in the dump: a view, a trigger and an event in several versioned comments
    assert "/*!50001 CREATE ALGORITHM=MERGE */\n/*!50013 DEFINER=" in dump
    assert "/*!50003 CREATE*/ /*!50017 DEFINER=" in dump and "/*!50106 CREATE*/ /*!50117 DEFINER=" in dump
    outcome = round_trip_texts([dump], "mysql", tmp_path)
    assert outcome.identical, (outcome.error, outcome.differences)


@pytest.mark.db
def test_an_older_mysqldump_with_stand_in_tables_and_routines_in_pieces_round_trips(tmp_path):
    outcome = round_trip_texts([OLD_DUMP], "mysql", tmp_path)
    assert outcome.tables_original == 2
    assert outcome.identical, (outcome.error, outcome.differences)


def test_a_statement_in_pieces_is_kept_as_the_server_runs_it():
    raw = {r.name: r.sql for r in import_ddl([("old.sql", OLD_DUMP)], "mysql").schema.raw}
    # (the view and the routines are kept inside the session they were made under)
    assert "\nCREATE DEFINER=CURRENT_USER TRIGGER `t_counts` BEFORE INSERT ON `t` FOR EACH ROW BEGIN\n" \
           "  SET NEW.n = NEW.n + 1;\n  INSERT INTO log (msg) VALUES ('a */ b');\nEND;\n" in raw["t_counts"] + ";\n"
    assert "CREATE ALGORITHM=MERGE\nDEFINER=CURRENT_USER SQL SECURITY INVOKER\nVIEW `positive` AS select" \
           in raw["positive"]
    assert raw["positive"].count("WITH CASCADED CHECK OPTION") == 1
    for sql in raw.values():
        assert "/*!" not in sql and "*/" not in sql.replace("'a */ b'", "")
    # the statement's text is what the server runs: the comment markers are blanks, offsets kept
    statements, _ = split_statements("/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50001 VIEW v AS select 1 */;",
                                     "mysql")
    assert statements[0].text == "CREATE ALGORITHM=UNDEFINED   \n         VIEW v AS select 1"
    assert statements[0].as_run == "CREATE ALGORITHM=UNDEFINED\nVIEW v AS select 1"
