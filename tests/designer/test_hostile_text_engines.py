"""Text Tablewright writes, with the characters and words that mangle it, checked by
the engines themselves (the engine is the oracle).

Every ``%`` of an export for PostgreSQL and MySQL/MariaDB was once written ``%%``
(SQLAlchemy's pyformat doubling) and no test noticed, because none fed such text
through a real engine.  Here a schema whose names and literals hold ``%``, ``%s``,
``%(x)s``, ``:name``, ``?``, quotes of every kind, ``]``, backslashes, ``$1``,
``$$``, ``--`` and ``/* */`` inside strings, newlines, non-ASCII, mixed case,
leading digits, spaces, reserved words and over-long names -- in table, column,
index and constraint names, DEFAULTs, CHECKs, partial-index predicates, comments,
enum labels and view bodies -- goes, on PostgreSQL (``psql -f``), MariaDB
(``mariadb < file``) and SQLite (``sqlite3``):

(a) live round trip: loaded by the engine's client, live-imported, exported for
    the engine, the export loaded into a fresh database: the catalogs must be
    identical (``tests/engine_catalog.py``);
(b) migration: from the schema to a hostile edit of it (a hostile column renamed,
    a CHECK with a ``%`` literal added, a default with quotes changed), as the SQL
    script run by the engine's client and as the Alembic revision run against the
    engine: each must leave the catalog of the edited DDL loaded directly;
(c) lint fixes: the fix SQL of every finding on a hostile schema, run in turn by
    the engine's client on a database loaded from it: each must succeed.

Databases are uniquely named and dropped afterwards (the ``*_url_factory``
fixtures); without a server the tests skip, and fail under ``CI=true``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.live_import import import_database
from tablewright.designer.migrations import compare_by_name
from tablewright.designer.migrations.render_alembic import render_alembic
from tablewright.designer.migrations.render_sql import render_sql
from tests import engine_catalog
from tests.conftest import skip_or_fail
from tests.designer.test_migrations_engines import run_alembic
from tests.engines import mariadb, mariadb_admin, psql, sqlite3_cli

pytestmark = pytest.mark.db

# -- the schemas ------------------------------------------------------------------------------------------

# 70 characters: PostgreSQL keeps the first 63 bytes, MariaDB refuses more than 64
LONG = "a_very_long_column_name_that_runs_past_sixty_three_characters_limit_x"

PG = r"""
CREATE TYPE "Mood %s" AS ENUM ('happy', 'it''s %s', '%(x)s', 'a:name?', 'back\slash', '$1 $$', 'é日本',
                               '-- not', '/* c */', '"dq"', '`bt`]');
CREATE TABLE "order" (
  "id" integer PRIMARY KEY,
  "user" text DEFAULT 'it''s 100% "x"',
  "100%_done" numeric CHECK ("100%_done" >= 0 AND "100%_done" <= 100),
  "col:name?" text DEFAULT ':name ? $1 $$',
  "Mixed Case" varchar(40) DEFAULT 'a -- b /* c */ d',
  "back\slash" text DEFAULT 'back\slash \:x',
  "quo""te" text DEFAULT '"q" `b` ]',
  "group" "Mood %s" DEFAULT 'it''s %s',
  "é日本" text DEFAULT '日本 é',
  "select" int,
  "1st" int,
  "%(x)s" text DEFAULT '%(x)s %s %%',
  "LONG" int,
  CONSTRAINT "chk %(x)s" CHECK ("user" <> '%(x)s' AND "user" NOT LIKE '%\_%' AND "col:name?" <> ':x ?'),
  CONSTRAINT "key" UNIQUE ("select")
);
COMMENT ON TABLE "order" IS 'line1
line2 it''s 100% %s %(x)s :name ? $1 $$ -- /* */ \n';
COMMENT ON COLUMN "order"."user" IS 'who''s "user" `x` ] :name';
COMMENT ON COLUMN "order"."group" IS '%s';
CREATE INDEX "idx %s" ON "order" ("user") WHERE "user" LIKE '%x%' AND "col:name?" <> ':name';
CREATE INDEX "i:x?" ON "order" (lower("Mixed Case")) WHERE "Mixed Case" <> '$$';
CREATE VIEW "1st view" AS SELECT "id", "user" || '%s :v' AS "p%", 'it''s -- no' AS q FROM "order"
  WHERE "user" LIKE '100%';
CREATE TABLE "table" ("key" int PRIMARY KEY, "order_id" int CONSTRAINT "fk %s" REFERENCES "order"("id"),
                      "Select" text DEFAULT '/* x */');
CREATE TABLE "user group" ("group" int PRIMARY KEY);
COMMENT ON TABLE "table" IS '$1 $$ %(x)s';
""".replace("LONG", LONG)

# the edit: a hostile column renamed, a CHECK with a % literal added, a default with quotes changed
PG_EDITED = PG.replace('"col:name?"', '"col %s:renamed?"').replace(
    """"Mixed Case" varchar(40) DEFAULT 'a -- b /* c */ d'""",
    """"Mixed Case" varchar(40) DEFAULT 'it''s "new" -- 50% :off'""").replace(
    """CONSTRAINT "key" UNIQUE""",
    """CONSTRAINT "pct %" CHECK ("user" NOT LIKE '%100\\%%' AND "%(x)s" <> '%s'),\n  CONSTRAINT "key" UNIQUE""")



# MariaDB: a backslash escapes in a string literal (``'\\'`` is one); names up to 64 characters
MARIADB = r"""
CREATE TABLE `order` (
  `id` int PRIMARY KEY,
  `user` varchar(100) DEFAULT 'it''s 100% "x"',
  `100%_done` decimal(5,2) CHECK (`100%_done` >= 0 AND `100%_done` <= 100),
  `col:name?` varchar(50) DEFAULT ':name ? $1 $$',
  `Mixed Case` varchar(40) DEFAULT 'a -- b /* c */ d',
  `back\slash` varchar(50) DEFAULT 'back\\slash \\:x \' \\n',
  `quo"te` varchar(50) DEFAULT '"q" `b` ]',
  `bq``tick` int COMMENT 'back`tick \\ it''s',
  `group` enum('happy','it''s %s','%(x)s','a:name?','back\\slash','$1 $$','é日本','-- not','/* c */')
          DEFAULT 'it''s %s' COMMENT '%s :name',
  `é日本` varchar(20) DEFAULT '日本 é',
  `select` int,
  `1st` int,
  `%(x)s` varchar(30) DEFAULT '%(x)s %s %%',
  `LONG` int,
  CONSTRAINT `chk %(x)s` CHECK (`user` <> '%(x)s' AND `user` NOT LIKE '%\\_%' AND `col:name?` <> ':x ?'),
  UNIQUE KEY `key` (`select`),
  KEY `idx %s` (`user`)
) COMMENT='line1
line2 it''s 100% %s %(x)s :name ? $1 $$ -- /* */ \\n';
CREATE VIEW `1st view` AS SELECT `id`, concat(`user`, '%s :v \\ x') AS `p%`, 'it''s -- no' AS q FROM `order`
  WHERE `user` LIKE '100%';
CREATE TABLE `table` (`key` int PRIMARY KEY, `order_id` int, `Select` varchar(20) DEFAULT '/* x */',
  CONSTRAINT `fk %s` FOREIGN KEY (`order_id`) REFERENCES `order` (`id`)) COMMENT '$1 $$ %(x)s';
CREATE TABLE `User Group` (`group` int PRIMARY KEY);
""".replace("LONG", LONG[:64])

MARIADB_EDITED = MARIADB.replace("`col:name?`", "`col %s:renamed?`").replace(
    "`Mixed Case` varchar(40) DEFAULT 'a -- b /* c */ d'",
    """`Mixed Case` varchar(40) DEFAULT 'it''s "new" -- 50% :off \\\\ x'""").replace(
    "UNIQUE KEY `key`",
    "CONSTRAINT `pct %` CHECK (`user` NOT LIKE '%100\\\\%%' AND `%(x)s` <> '%s'),\n  UNIQUE KEY `key`")

# SQLite: types in capitals (the live import keeps a declared type as written; test_type_fidelity_engines)
SQLITE = r"""
CREATE TABLE "order" (
  "id" INTEGER PRIMARY KEY,
  "user" TEXT DEFAULT 'it''s 100% "x"',
  "100%_done" NUMERIC CHECK ("100%_done" >= 0 AND "100%_done" <= 100),
  "col:name?" TEXT DEFAULT ':name ? $1 $$',
  "Mixed Case" VARCHAR(40) DEFAULT 'a -- b /* c */ d',
  "back\slash" TEXT DEFAULT 'back\slash \:x',
  "quo""te" TEXT DEFAULT '"q" `b` ]',
  "brack]et" INTEGER,
  "group" TEXT DEFAULT 'it''s %s' CHECK ("group" IN ('happy', 'it''s %s', '%(x)s', 'a:name?', '$1 $$', 'é日本')),
  "é日本" TEXT DEFAULT '日本 é',
  "select" INTEGER,
  "1st" INTEGER,
  "%(x)s" TEXT DEFAULT '%(x)s %s %%',
  "LONG" INTEGER,
  CONSTRAINT "chk %(x)s" CHECK ("user" <> '%(x)s' AND "user" NOT LIKE '%\_%' AND "col:name?" <> ':x ?'),
  CONSTRAINT "key" UNIQUE ("select")
);
CREATE INDEX "idx %s" ON "order" (user) WHERE "user" LIKE '%x%' AND "col:name?" <> ':name';
CREATE INDEX "i:x?" ON "order" ("Mixed Case") WHERE "Mixed Case" <> '$$';
CREATE VIEW "1st view" AS SELECT "id", "user" || '%s :v' AS "p%", 'it''s -- no' AS q FROM "order"
  WHERE "user" LIKE '100%';
CREATE TABLE "table" ("key" INTEGER PRIMARY KEY, "order_id" INTEGER CONSTRAINT "fk %s" REFERENCES "order"("id"),
                      "Select" TEXT DEFAULT '/* x */');
CREATE TABLE "user group" ("group" INTEGER PRIMARY KEY);
""".replace("LONG", LONG)

SQLITE_EDITED = SQLITE.replace('"col:name?"', '"col %s:renamed?"').replace(
    """"Mixed Case" VARCHAR(40) DEFAULT 'a -- b /* c */ d'""",
    """"Mixed Case" VARCHAR(40) DEFAULT 'it''s "new" -- 50% :off'""").replace(
    """CONSTRAINT "key" UNIQUE""",
    """CONSTRAINT "pct %" CHECK ("user" NOT LIKE '%100\\%%' AND "%(x)s" <> '%s'),\n  CONSTRAINT "key" UNIQUE""")

RENAMES = ["order.col:name?=col %s:renamed?"]


# -- the engines ------------------------------------------------------------------------------------------


class _Engine:
    """One engine: fresh databases, its client, its catalog."""

    def __init__(self, dialect: str, request, tmp_path: Path):
        self.dialect = dialect
        self.tmp_path = tmp_path
        if dialect == "postgres":
            self._make = request.getfixturevalue("pg_url_factory")
        elif dialect == "mariadb":
            self._make = request.getfixturevalue("mariadb_url_factory")
        elif shutil.which("sqlite3") is None:
            skip_or_fail("the sqlite3 command-line shell is not installed (apt-get install sqlite3)")
        self._count = 0

    def database(self) -> str:
        if self.dialect == "sqlite":
            self._count += 1
            return f"sqlite:///{self.tmp_path / f'db{self._count}.sqlite'}"
        return self._make()

    def load(self, url: str, sql: str) -> None:
        """The engine's own client: ``psql -f``, ``mariadb < file``, ``sqlite3 < file``; any error fails."""
        if self.dialect == "postgres":
            psql(url, sql)
        elif self.dialect == "mariadb":
            mariadb(sql, url.rsplit("/", 1)[-1])
        else:
            sqlite3_cli(Path(url.removeprefix("sqlite:///")), sql)

    def catalog(self, url: str) -> dict:
        if self.dialect == "postgres":
            return engine_catalog.postgres_catalog(url, ["public"])
        if self.dialect == "mariadb":
            return engine_catalog.mariadb_catalog(mariadb_admin, {url.rsplit("/", 1)[-1]: "X"})
        return engine_catalog.sqlite_catalog(url.removeprefix("sqlite:///"))

    def assert_same(self, url: str, expected: str, what: str) -> None:
        differences = engine_catalog.diff(self.catalog(expected), self.catalog(url))
        assert not differences, "\n".join(differences) + f"\n\n{what}"


DDL = {"postgres": (PG, PG_EDITED), "mariadb": (MARIADB, MARIADB_EDITED), "sqlite": (SQLITE, SQLITE_EDITED)}
ENGINES = list(DDL)


@pytest.fixture(params=ENGINES)
def engine(request, tmp_path) -> _Engine:
    return _Engine(request.param, request, tmp_path)


# -- (a) live import, export, load: the same catalog ------------------------------------------------------


def test_live_round_trip(engine):
    original, copy = engine.database(), engine.database()
    engine.load(original, DDL[engine.dialect][0])
    result = import_database(original)
    exported = export_ddl(result.schema, engine.dialect)
    engine.load(copy, exported.sql)
    engine.assert_same(copy, original, f"export:\n{exported.sql}")


# -- (b) a hostile edit as a migration: the SQL script and the Alembic revision -----------------------------


def test_migration_script_and_alembic_revision(engine):
    assert_migration(engine, *DDL[engine.dialect], RENAMES)


def assert_migration(engine: _Engine, old_ddl: str, new_ddl: str, renames: list[str] | None = None) -> None:
    """The migration from ``old_ddl`` to ``new_ddl``, as the SQL script run by the engine's
    client and as the Alembic revision, leaves the catalog of ``new_ddl`` loaded directly."""
    old = import_ddl([("old.sql", old_ddl)], engine.dialect).schema
    new = import_ddl([("new.sql", new_ddl)], engine.dialect).schema
    script = compare_by_name(old, new, renames)
    target, by_sql, by_alembic = engine.database(), engine.database(), engine.database()
    engine.load(target, new_ddl)
    engine.load(by_sql, old_ddl)
    up = render_sql(script, engine.dialect).text
    engine.load(by_sql, up)
    engine.assert_same(by_sql, target, f"up script:\n{up}")
    engine.load(by_alembic, old_ddl)
    revision = render_alembic(script, engine.dialect)
    run_alembic(by_alembic, revision, "upgrade")
    engine.assert_same(by_alembic, target, f"revision:\n{revision}")


# -- (c) lint fixes on a hostile schema: each runs --------------------------------------------------------

# columns the rules fix (float money, money, timestamp, json, a natural key, a domain without CHECK, an
# implied or unindexed foreign key, no primary key, a duplicate index), under hostile names
LINT = {
    "postgres": r"""
CREATE TABLE "user" ("id" int PRIMARY KEY, "email" text, "created at %s" timestamp, "meta:data" json,
                     "price_%(x)s" float, "quantity" int, "discount_percent" numeric, "bal$1" money);
CREATE TABLE "order line 'x'" ("id" int PRIMARY KEY, "user_id" int, "unit_price" float, "Quantity ?" int,
                               "ts" timestamp);
CREATE TABLE "no pk ""here"" x" ("id" int, "note" text);
CREATE TABLE "group" ("id" int PRIMARY KEY, "user_id" int CONSTRAINT "fk:x" REFERENCES "user"("id"), "group" text);
CREATE INDEX "a %s" ON "group" ("group");
CREATE INDEX "b :x" ON "group" ("group");
CREATE TABLE "日本 é" ("id" int PRIMARY KEY, "user_id" int REFERENCES "user"("id"), "price" float);
CREATE TABLE "a_very_long_table_name_that_goes_on_and_on_past_the_limit_of_pg" (
    "id" int PRIMARY KEY, "user_id" int REFERENCES "user"("id"));
CREATE TABLE "ééééééééééééééééééééééééééééé" ("id" int PRIMARY KEY, "éééééééé_user_id" int REFERENCES "user"("id"));
""",
    "mariadb": r"""
CREATE TABLE `user` (`id` int PRIMARY KEY, `email` varchar(200), `price_%(x)s` float, `quantity` int,
                     `discount_percent` decimal(5,2), `meta:data` text);
CREATE TABLE `order line 'x'` (`id` int PRIMARY KEY, `user_id` int, `unit_price` double, `Quantity ?` int);
CREATE TABLE `no pk "here"` (`id` int, `note` text);
CREATE TABLE `group` (`id` int PRIMARY KEY, `user_id` int, `group` varchar(20), KEY `a %s` (`group`),
                      KEY `b :x` (`group`), CONSTRAINT `fk:x` FOREIGN KEY (`user_id`) REFERENCES `user` (`id`));
CREATE TABLE `old %s` (`id` int PRIMARY KEY, `note` text) ENGINE=MyISAM;
CREATE TABLE `日本 é` (`id` int PRIMARY KEY, `user_id` int, `price` float);
CREATE TABLE `a_very_long_table_name_that_goes_on_and_on_past_the_limit_of_x` (`id` int PRIMARY KEY,
    `user_id` int);
""",
    "sqlite": r"""
CREATE TABLE "user" ("id" INTEGER PRIMARY KEY, "email" TEXT, "price_%(x)s" REAL, "quantity" INTEGER,
                     "discount_percent" NUMERIC);
CREATE TABLE "order line 'x'" ("id" INTEGER PRIMARY KEY, "user_id" INTEGER, "unit_price" REAL, "Quantity ?" INTEGER);
CREATE TABLE "no pk ""here"" x" ("id" INTEGER, "note" TEXT);
CREATE TABLE "group" ("id" INTEGER PRIMARY KEY, "user_id" INTEGER CONSTRAINT "fk:x" REFERENCES "user"("id"),
                      "group" TEXT);
CREATE INDEX "a %s" ON "group" ("group");
CREATE INDEX "b :x" ON "group" ("group");
CREATE TABLE "日本 é" ("id" INTEGER PRIMARY KEY, "user_id" INTEGER REFERENCES "user"("id"), "price" REAL);
""",
}


def test_lint_fixes_run(engine):
    from tablewright.linting import Config, Engine

    ddl = LINT[engine.dialect]
    schema = import_ddl([("hostile.sql", ddl)], engine.dialect).schema
    fixes = [f for f in Engine(Config()).run(schema) if f.fix is not None and f.fix.sql]
    assert len({f.rule for f in fixes}) >= 4, [f.rule for f in fixes]  # the hostile names reach several rules
    assert_fixes_run(engine, ddl, fixes)


def assert_fixes_run(engine: _Engine, ddl: str, fixes) -> None:
    """Each fix's SQL, run in turn by the engine's client on a database loaded from ``ddl``, succeeds."""
    url = engine.database()
    engine.load(url, ddl)
    failed = []
    for f in fixes:
        try:
            engine.load(url, f.fix.sql)
        except AssertionError as exc:  # LoadError: the client's error
            failed.append(f"{f.rule} {f.table}.{f.column}: {f.fix.sql}\n{str(exc)[:600]}")
    assert not failed, "\n\n".join(failed)
