"""Every fix the review offers on a schema whose every name -- tables, columns,
keys, indexes -- is a word the engine reserves runs, as its SQL is shown, on the
real engine (PostgreSQL, MariaDB, SQLite), on a database built from that schema
the way a user builds it (``psql -f``, ``mariadb <``, ``sqlite3``).  Fix SQL
quotes names through the dialect registry (``tablewright.designer.dialects``), as
the export and the migrations do: ``ALTER TABLE desc ENGINE=InnoDB;`` or
``ALTER TABLE check ADD COLUMN …`` unquoted is a syntax error."""

from __future__ import annotations

import subprocess

import pytest

from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.dialects import REGISTRY
from tablewright.linting import Config, Engine
from tests.conftest import MARIADB_HOST, MARIADB_PORT, MARIADB_USER, PG_HOST, PG_PORT, PG_USER

# candidates for names, each used only where the dialect reserves it (asserted below)
WORDS = ("order", "check", "desc", "select", "from", "where", "table", "default", "references", "primary",
         "constraint", "unique", "group", "limit", "union", "index", "key", "having", "into", "join", "distinct",
         "foreign", "create", "all", "and", "as", "in", "not", "null", "or", "to", "using", "when", "then")

QUOTE = {"postgres": ('"', '"'), "mariadb": ("`", "`"), "sqlite": ('"', '"')}


def _names(dialect: str) -> list[str]:
    reserved = REGISTRY[dialect].reserved
    names = [w for w in WORDS if w in reserved]
    assert len(names) >= 17, f"{dialect}: too few reserved words among the candidates: {names}"
    return names


def reserved_schema(dialect: str) -> tuple[str, list[str]]:
    """DDL for ``dialect`` whose every identifier is reserved there, shaped to draw fixes:
    a table without a primary key, a foreign key unindexed and (but in MariaDB) of another type
    than the key, a timestamp without time zone, char(n), json (PostgreSQL), tinyint(1) (MariaDB),
    a MyISAM table (MariaDB)."""
    n = _names(dialect)
    o, c = QUOTE[dialect]

    def q(name: str) -> str:
        return f"{o}{name}{c}"

    ts = "timestamp" if dialect != "mariadb" else "datetime"
    engine = " ENGINE=InnoDB" if dialect == "mariadb" else ""
    extra = {"postgres": "json", "mariadb": "tinyint(1)", "sqlite": "float"}[dialect]
    fk_type = "integer" if dialect == "mariadb" else "smallint"  # MariaDB refuses a key of another type
    parent, child, loose = n[0], n[1], n[2]  # order, check, desc (SQLite: order, check, select)
    ddl = [
        f"CREATE TABLE {q(parent)} ({q(n[3])} integer NOT NULL, {q(n[4])} varchar(50), {q(n[5])} {ts},"
        f" CONSTRAINT {q(n[6])} PRIMARY KEY ({q(n[3])})){engine};",
        f"CREATE TABLE {q(child)} ({q(n[7])} {fk_type}, {q(n[8])} varchar(40), {q(n[9])} {ts}, {q(n[10])} char(10),"
        f" {q(n[16])} {extra},"
        f" CONSTRAINT {q(n[11])} FOREIGN KEY ({q(n[7])}) REFERENCES {q(parent)} ({q(n[3])})){engine};",
        f"CREATE INDEX {q(n[12])} ON {q(child)} ({q(n[8])});",
        f"CREATE TABLE {q(loose)} ({q(n[13])} integer NOT NULL, {q(n[14])} varchar(20),"
        f" CONSTRAINT {q(n[15])} PRIMARY KEY ({q(n[13])}))"
        + (" ENGINE=MyISAM" if dialect == "mariadb" else "") + ";",
    ]
    return "\n".join(ddl) + "\n", n


def fixes_for(dialect: str, ddl: str, names: list[str]):
    result = import_ddl([("reserved.sql", ddl)], dialect)
    assert not [i for i in result.issues if i.severity == "error"], result.issues
    schema = result.schema
    assert {t.name for t in schema.tables} == set(names[:3])
    findings = Engine(Config(select=["ALL"])).run(schema)
    fixes = [f for f in findings if f.fix is not None and f.fix.sql and not f.fix.sql.lstrip().startswith("--")]
    rules = {f.rule for f in fixes}
    # the two text fixes that once wrote names bare, and fixes rendered by the migrations
    if dialect != "sqlite":  # SQLite's is a comment: rebuild the table
        assert "TW101" in rules, rules  # missing primary key: ALTER TABLE … ADD COLUMN id …
    if dialect == "mariadb":
        assert "TW118" in rules, rules  # ALTER TABLE … ENGINE=InnoDB
    assert len(rules) >= {"sqlite": 2, "mariadb": 3, "postgres": 4}[dialect], rules
    return fixes


def _run_all(fixes, run) -> None:
    failed = []
    for f in fixes:
        proc = run(f.fix.sql)
        if proc.returncode != 0:
            failed.append(f"{f.rule} {f.table}: {f.fix.title}\n{f.fix.sql}\n{proc.stderr[-800:]}")
    assert not failed, "\n\n".join(failed)


@pytest.mark.db
def test_fixes_on_reserved_names_run_on_postgres(pg_url_factory, tmp_path):
    ddl, names = reserved_schema("postgres")
    fixes = fixes_for("postgres", ddl, names)
    dbname = pg_url_factory().rsplit("/", 1)[1]

    def psql(sql: str) -> subprocess.CompletedProcess:
        script = tmp_path / "script.sql"
        script.write_text(sql + "\n")
        return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", str(PG_PORT),
                               "-U", PG_USER, "-d", dbname, "-f", str(script)],
                              capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"})

    loaded = psql(ddl)
    assert loaded.returncode == 0, loaded.stderr
    _run_all(fixes, psql)


@pytest.mark.db
def test_fixes_on_reserved_names_run_on_mariadb(mariadb_url_factory):
    ddl, names = reserved_schema("mariadb")
    fixes = fixes_for("mariadb", ddl, names)
    database = mariadb_url_factory().rsplit("/", 1)[1]

    def mariadb(sql: str) -> subprocess.CompletedProcess:
        return subprocess.run(["mariadb", "-h", MARIADB_HOST, "-P", str(MARIADB_PORT), "-u", MARIADB_USER, "--batch",
                               database], input=sql, capture_output=True, text=True, timeout=120)

    loaded = mariadb(ddl)
    assert loaded.returncode == 0, loaded.stderr
    _run_all(fixes, mariadb)


def test_fixes_on_reserved_names_run_on_sqlite(tmp_path):
    ddl, names = reserved_schema("sqlite")
    fixes = fixes_for("sqlite", ddl, names)
    db = tmp_path / "reserved.db"

    def sqlite(sql: str) -> subprocess.CompletedProcess:
        return subprocess.run(["sqlite3", "-bail", str(db)], input=sql, capture_output=True, text=True, timeout=60)

    loaded = sqlite(ddl)
    assert loaded.returncode == 0, loaded.stderr
    _run_all(fixes, sqlite)


def _migration_fixes(dialect: str, ddl: str, names: list[str]) -> list[str]:
    """The fix SQL migration lint offers when the table ``names[1]`` is renamed to another
    reserved word (TM003: expand and contract, its comment lines left out) and the table
    ``names[2]`` is dropped (TM001: archive it by a rename instead)."""
    from tablewright.designer import edits
    from tablewright.designer.migrations import compare
    from tablewright.linting.migrations import lint_migration

    old = import_ddl([("reserved.sql", ddl)], dialect).schema
    new = import_ddl([("reserved.sql", ddl)], dialect).schema
    edits.rename_table(new, new.find_table(names[1]).id, names[16]).apply(new)
    edits.delete_table(new, new.find_table(names[2]).id).apply(new)
    found = lint_migration(compare(old, new), dialect).findings
    fixes = {f.rule: f.fix.sql for f in found if f.fix is not None and f.fix.sql}
    assert {"TM001", "TM003"} <= set(fixes), fixes
    return [fixes["TM001"], "\n".join(line for line in fixes["TM003"].splitlines() if not line.startswith("--"))]


def test_migration_fixes_on_reserved_names_run_on_sqlite(tmp_path):
    ddl, names = reserved_schema("sqlite")
    db = tmp_path / "reserved.db"
    for sql in (ddl, *_migration_fixes("sqlite", ddl, names)):
        proc = subprocess.run(["sqlite3", "-bail", str(db)], input=sql, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, f"{sql}\n{proc.stderr}"


@pytest.mark.db
def test_migration_fixes_on_reserved_names_run_on_mariadb(mariadb_url_factory):
    ddl, names = reserved_schema("mariadb")
    database = mariadb_url_factory().rsplit("/", 1)[1]
    for sql in (ddl, *_migration_fixes("mariadb", ddl, names)):
        proc = subprocess.run(["mariadb", "-h", MARIADB_HOST, "-P", str(MARIADB_PORT), "-u", MARIADB_USER, "--batch",
                               database], input=sql, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"{sql}\n{proc.stderr}"


@pytest.mark.db
def test_fixes_on_mixed_case_names_run_on_postgres(pg_url_factory, tmp_path):
    """Chinook's quoted mixed-case columns: a CHECK a fix adds names "UnitPrice", not UnitPrice
    (which PostgreSQL folds to a column that is not there)."""
    ddl = ('CREATE TABLE "InvoiceLine" ("InvoiceLineId" int NOT NULL, "UnitPrice" numeric(10,2) NOT NULL, '
           '"Quantity" int NOT NULL, "Discount" numeric(5,2), CONSTRAINT "PK_InvoiceLine" PRIMARY KEY ("InvoiceLineId"));\n')
    result = import_ddl([("chinook.sql", ddl)], "postgres")
    fixes = [f for f in Engine(Config(select=["ALL"])).run(result.schema) if f.fix is not None and f.fix.sql]
    assert "TW304" in {f.rule for f in fixes}
    dbname = pg_url_factory().rsplit("/", 1)[1]

    def psql(sql: str) -> subprocess.CompletedProcess:
        script = tmp_path / "script.sql"
        script.write_text(sql + "\n")
        return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", str(PG_PORT),
                               "-U", PG_USER, "-d", dbname, "-f", str(script)],
                              capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"})

    assert psql(ddl).returncode == 0
    _run_all(fixes, psql)
