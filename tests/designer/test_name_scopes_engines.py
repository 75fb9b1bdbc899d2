"""Names an engine keeps per TABLE, exported to an engine that keeps them per SCHEMA,
checked by the engines themselves (the engine is the oracle).

MySQL's index names are unique per table, SQL Server's too; PostgreSQL's share the
schema's relation namespace with its tables, SQLite's the database's with its tables.
The export once wrote ``CREATE INDEX name ON x`` and ``CREATE INDEX name ON y`` for
PostgreSQL ('relation "name" already exists'; cacti: 43 such errors, ocsinventory: 37).
PostgreSQL's foreign-key names are per table, MariaDB's per database.  Here DDL of one
engine is exported for another, loaded with the target's own client (``psql -f``,
``mariadb < file``, ``sqlite3 < file``: any error fails), and the target's catalog must
hold every index and unique key of the source, per table: under its own name, or, for
the later holders of a colliding name, under the name a warning gives it.  Names that
do not collide are not renamed.

The source DDL of MySQL is loaded into MariaDB too, so the source's own counts come
from an engine as well.  Databases are uniquely named and dropped afterwards; without
a server the tests skip (fail under ``CI=true``).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tests.designer.test_hostile_text_engines import _Engine
from tests.engines import mariadb_admin, psql

pytestmark = pytest.mark.db

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "heldout"

LONG_A = "an_index_name_that_is_long_enough_to_be_cut_at_sixty_three_byt_a"  # 64 characters: MySQL's limit
LONG_B = LONG_A[:-1] + "b"  # the same first 63 bytes: PostgreSQL keeps only those
UMLAUT = "größe_größe_größe_größe_größe_größe_größe"  # 41 characters, 48 bytes

MYSQL = f"""
CREATE TABLE users (id int NOT NULL AUTO_INCREMENT, name varchar(50), email varchar(100),
  active tinyint(1) NOT NULL DEFAULT 1, admin tinyint DEFAULT FALSE, PRIMARY KEY (id), UNIQUE KEY email (email), KEY name (name));
CREATE TABLE teams (id int NOT NULL, name varchar(50), owner_id int, PRIMARY KEY (id),
  UNIQUE KEY name (name), KEY owner_id (owner_id), KEY users (owner_id),
  CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES users (id));
CREATE TABLE memberships (user_id int NOT NULL, team_id int NOT NULL,
  joined datetime NOT NULL DEFAULT '0000-00-00 00:00:00', left_on date DEFAULT '2020-00-10',
  PRIMARY KEY (user_id, team_id), KEY team_id (team_id), KEY Name (user_id), KEY owner_id (team_id, user_id),
  UNIQUE KEY email (team_id, joined),
  CONSTRAINT fk_m_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_m_team FOREIGN KEY (team_id) REFERENCES teams (id));
CREATE TABLE `a_table_name_that_is_quite_long_to_push_the_limit_of_63_bytes_x` (id int NOT NULL, team_id int,
  PRIMARY KEY (id), KEY `{LONG_A}` (team_id), KEY `{LONG_B}` (id, team_id), KEY `{UMLAUT}` (team_id));
CREATE TABLE `another_table_whose_name_is_also_long_enough_to_matter_here_yy` (id int NOT NULL, team_id int,
  PRIMARY KEY (id), KEY `{LONG_A}` (team_id), KEY `{UMLAUT}` (id, team_id));
"""

MSSQL = """
CREATE TABLE dbo.Customer (Id int NOT NULL, Name nvarchar(50), Email nvarchar(100), Active bit NOT NULL DEFAULT ((1)),
  CONSTRAINT PK_Customer PRIMARY KEY (Id), CONSTRAINT UQ_Email UNIQUE (Email));
CREATE TABLE dbo.Supplier (Id int NOT NULL, Name nvarchar(50), CONSTRAINT PK_Supplier PRIMARY KEY (Id));
CREATE TABLE dbo.Orders (Id int NOT NULL, CustomerId int, Name nvarchar(50), Placed datetime2,
  CONSTRAINT PK_Orders PRIMARY KEY (Id),
  CONSTRAINT FK_Orders_Customer FOREIGN KEY (CustomerId) REFERENCES dbo.Customer (Id));
CREATE INDEX IX_Name ON dbo.Customer (Name);
CREATE INDEX IX_Name ON dbo.Supplier (Name);
CREATE INDEX IX_Name ON dbo.Orders (Name);
CREATE INDEX ix_customer ON dbo.Orders (CustomerId);
CREATE UNIQUE INDEX Customer ON dbo.Orders (Placed, Id);
CREATE INDEX PK_Customer ON dbo.Supplier (Name, Id);
CREATE INDEX UQ_Email ON dbo.Orders (Name, Id);
"""

# PostgreSQL keeps foreign-key and CHECK names per table; MariaDB foreign-key names per database
POSTGRES = """
CREATE TABLE users (id int PRIMARY KEY);
CREATE TABLE a (id int PRIMARY KEY, user_id int, n int,
  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id), CONSTRAINT positive CHECK (n > 0));
CREATE TABLE b (id int PRIMARY KEY, user_id int, n int,
  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id), CONSTRAINT positive CHECK (n > 0));
CREATE INDEX a_user ON a (user_id);
CREATE INDEX b_user ON b (user_id);
"""

# (source, target) → the (table, name) pairs that must be renamed: every later holder of a colliding name
RENAMED = {
    ("mysql", "postgres"): {("teams", "name"), ("teams", "users"), ("memberships", "owner_id"),
                            ("memberships", "email"),
                            ("a_table_name_that_is_quite_long_to_push_the_limit_of_63_bytes_x", LONG_B),
                            ("another_table_whose_name_is_also_long_enough_to_matter_here_yy", LONG_A),
                            ("another_table_whose_name_is_also_long_enough_to_matter_here_yy", UMLAUT)},
    ("mysql", "sqlite"): {("teams", "users"), ("memberships", "owner_id"), ("memberships", "Name"),
                          ("another_table_whose_name_is_also_long_enough_to_matter_here_yy", LONG_A),
                          ("another_table_whose_name_is_also_long_enough_to_matter_here_yy", UMLAUT)},
    ("mysql", "mariadb"): set(),
    ("mssql", "postgres"): {("Supplier", "IX_Name"), ("Orders", "IX_Name"), ("Orders", "Customer"),
                            ("Supplier", "PK_Customer"), ("Orders", "UQ_Email")},
    ("mssql", "sqlite"): {("Supplier", "IX_Name"), ("Orders", "IX_Name"), ("Orders", "Customer")},
    ("mssql", "mariadb"): set(),
    ("postgres", "mariadb"): {("b", "fk_user")},
    ("postgres", "sqlite"): set(),
}
DDL = {"mysql": MYSQL, "mssql": MSSQL, "postgres": POSTGRES}

_RENAME = re.compile(r"^The (?:index|unique key|primary key|foreign key|CHECK constraint|exclusion constraint) "
                     r"(.+) of table (.+) is exported as (.+?): in ")


def _renames(warnings: list[str]) -> dict[tuple[str, str], str]:
    out = {}
    for warning in warnings:
        match = _RENAME.match(warning)
        if match:
            old, table, new = match.groups()
            assert (table, old) not in out, f"renamed twice: {warning}"
            out[(table, old)] = new
    return out


def _indexes(engine: _Engine, url: str) -> dict[str, set[str]]:
    """Per table, the names of its indexes and unique keys (not the primary key), from the engine's catalog."""
    out: dict[str, set[str]] = {}
    if engine.dialect == "postgres":
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            rows = conn.execute("SELECT c.relname, i.relname FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid "
                                "JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                                "WHERE n.nspname = 'public' AND NOT ix.indisprimary").fetchall()
    elif engine.dialect == "mariadb":
        conn = mariadb_admin()
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT DISTINCT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS "
                            "WHERE TABLE_SCHEMA = %s AND INDEX_NAME <> 'PRIMARY'", (url.rsplit("/", 1)[-1],))
                rows = cur.fetchall()
        finally:
            conn.close()
    else:
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            rows = [(t, r[1]) for t in tables for r in conn.execute(f'PRAGMA index_list("{t}")') if r[3] != "pk"]
        finally:
            conn.close()
    for table, name in rows:
        out.setdefault(table, set()).add(name)
    return out


def _expected(schema, renames: dict, engine: _Engine) -> dict[str, set[str]]:
    """Per table, the index and unique-key names the export must make: the source's, renamed where a
    warning says (PostgreSQL cuts a name at 63 bytes).  SQLite keeps no name of a UNIQUE constraint (its
    index is ``sqlite_autoindex_…``): those count as one autoindex each."""
    out: dict[str, set[str]] = {}
    for table in schema.tables:
        names = out.setdefault(table.name, set())
        for item in [*table.indexes, *table.uniques]:
            name = renames.get((table.name, item.name), item.name)
            if engine.dialect == "postgres":
                name = name.encode()[:63].decode(errors="ignore")
            if engine.dialect == "sqlite":
                name = f"<autoindex {item.id}>" if item in table.uniques else name.lower()
            names.add(name)
    return {t: ns for t, ns in out.items() if ns}


def _comparable(engine: _Engine, found: dict[str, set[str]], expected: dict[str, set[str]]) -> dict[str, set[str]]:
    """``found`` with SQLite's autoindexes named as in ``expected`` (their count is what is compared)."""
    if engine.dialect != "sqlite":
        return found
    out = {}
    for table, names in found.items():
        autos = sorted(n for n in expected.get(table, ()) if n.startswith("<autoindex "))
        named = {n.lower() for n in names if not n.startswith("sqlite_autoindex_")}
        count = len(names) - len(named)
        out[table] = named | set(autos[:count]) | {f"<extra autoindex {i}>" for i in range(count - len(autos))}
    return out


@pytest.mark.parametrize("source,target", sorted(RENAMED))
def test_cross_dialect_export_loads_and_keeps_every_index(source, target, request, tmp_path):
    schema = import_ddl([(f"{source}.sql", DDL[source])], source).schema
    engine = _Engine(target, request, tmp_path)
    result = export_ddl(schema, target)
    renames = _renames(result.warnings)
    assert set(renames) == RENAMED[(source, target)], "\n".join(result.warnings)
    for (table, old), new in renames.items():
        assert new != old and len(new.encode()) <= 63, (old, new)
    url = engine.database()
    engine.load(url, result.sql)  # any error of the engine's client fails
    expected = _expected(schema, renames, engine)
    found = _comparable(engine, _indexes(engine, url), expected)
    assert found == expected, f"export:\n{result.sql}"
    assert {t: len(ns) for t, ns in found.items()} == \
           {t.name: len(t.indexes) + len(t.uniques) for t in schema.tables if t.indexes or t.uniques}


def test_mysql_source_counts_match_the_engine(request, tmp_path):
    """The source's own indexes per table, from MariaDB: the counts the exports are held to."""
    engine = _Engine("mariadb", request, tmp_path)
    url = engine.database()
    engine.load(url, MYSQL)
    schema = import_ddl([("mysql.sql", MYSQL)], "mysql").schema
    found = _indexes(engine, url)
    assert {t: len(ns) for t, ns in found.items()} == \
           {t.name: len(t.indexes) + len(t.uniques) for t in schema.tables if t.indexes or t.uniques}


def test_renames_are_deterministic_and_same_dialect_export_is_unchanged():
    schema = import_ddl([("mysql.sql", MYSQL)], "mysql").schema
    first, second = export_ddl(schema, "postgres"), export_ddl(schema, "postgres")
    assert first.sql == second.sql and first.warnings == second.warnings
    same = export_ddl(schema, "mysql")
    assert not _renames(same.warnings)
    for table in schema.tables:
        for item in [*table.indexes, *table.uniques]:
            assert f"`{item.name}`" in same.sql or f" {item.name} " in same.sql


def test_default_the_target_cannot_hold_is_dropped_with_a_warning(request, tmp_path):
    """MySQL's zero date and a zero-day date: psql loads the export (it failed with 'date/time field value
    out of range'), the column has no default, and a warning names the column.  MySQL's 1 for a boolean
    and FALSE for an integer are the same values in PostgreSQL's spelling (they failed with 'column … is of
    type boolean but default expression is of type integer')."""
    schema = import_ddl([("mysql.sql", MYSQL)], "mysql").schema
    result = export_ddl(schema, "postgres")
    warned = [w for w in result.warnings if w.startswith("The default ")]
    assert any("memberships.joined" in w and "zero date" in w and "NOT NULL" in w for w in warned), warned
    assert any("memberships.left_on" in w and "zero month or day" in w for w in warned), warned
    engine = _Engine("postgres", request, tmp_path)
    url = engine.database()
    engine.load(url, result.sql)
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        rows = conn.execute("SELECT column_name, column_default FROM information_schema.columns "
                            "WHERE table_name = 'memberships' AND column_name IN ('joined', 'left_on')").fetchall()
        assert dict(rows) == {"joined": None, "left_on": None}
        conn.execute("INSERT INTO users (name) VALUES ('x')")
        assert conn.execute("SELECT active, admin FROM users").fetchall() == [(True, 0)]
    # SQLite holds any value: the default stays there
    assert "'0000-00-00 00:00:00'" in export_ddl(schema, "sqlite").sql


@pytest.mark.parametrize("name,files", [("cacti", ["cacti/cacti.sql"]), ("ocsinventory", ["ocsinventory/ocsbase.sql"]),
                                        ("mediawiki", ["mediawiki/tables-generated.sql"]),
                                        ("friendica", ["friendica/database.sql"])])
def test_heldout_mysql_schemas_load_in_postgres(name, files, pg_url_factory):
    """cacti and ocsinventory exported for PostgreSQL load under ``psql -f`` without an error (they had 43
    and 37 'relation … already exists', and cacti 16 'date/time field value out of range'); so do
    mediawiki (its DOUBLE PRECISION UNSIGNED was kept as an unknown type and written as is, which
    PostgreSQL refuses) and friendica (184 foreign keys, 30 views)."""
    paths = [HELDOUT / f for f in files]
    schema = import_ddl([(str(p), p.read_text(encoding="utf-8")) for p in paths], "mysql").schema
    result = export_ddl(schema, "postgres")
    stderr = psql(pg_url_factory(), result.sql, force=True)
    errors = [line for line in stderr.splitlines() if "ERROR" in line]
    assert not [e for e in errors if "already exists" in e], errors
    assert not errors, errors
