"""The dialect registry (``tablewright.designer.dialects``): one list of spellings
for every way in, one quoting for every SQL text written."""

from __future__ import annotations

import pytest

from tablewright.app.cli import build_parser
from tablewright.designer import dialects
from tablewright.designer.dialects import DIALECTS, REGISTRY, SPELLINGS, canonical, quote, quote_qualified
from tablewright.designer.errors import InputError


def test_every_spelling_names_one_dialect_and_each_dialect_spells_itself():
    assert set(DIALECTS) == set(REGISTRY)
    for name in DIALECTS:
        assert canonical(name) == name and canonical(name.upper()) == name
    assert {canonical(s) for s in SPELLINGS} == set(DIALECTS)
    assert canonical("postgresql") == "postgres" and canonical("SQL Server") == "mssql" and canonical("tsql") == "mssql"
    assert canonical("oracle") is None
    with pytest.raises(InputError, match="unknown dialect 'oracle'"):
        dialects.normalize("oracle")


@pytest.mark.parametrize("argv", [
    ["export", "x.sql", "--dialect", "{}"], ["export", "x.sql", "--dialect", "mysql", "--source-dialect", "{}"],
    ["migrate", "a.sql", "b.sql", "--dialect", "{}"], ["migrate", "a.sql", "b.sql", "--dialect", "mysql",
                                                        "--source-dialect", "{}"],
    ["lint", "x.sql", "--dialect", "{}"], ["import", "x.sql", "--dialect", "{}"], ["diff", "a", "b", "--dialect", "{}"],
])
def test_every_subcommand_takes_every_spelling(argv):
    """``export`` and ``migrate`` once refused ``postgresql`` that ``lint`` took."""
    option = argv[argv.index("{}") - 1].lstrip("-").replace("-", "_")
    for spelling in SPELLINGS:
        args = build_parser(argv[0]).parse_args([a.replace("{}", spelling) for a in argv])
        assert getattr(args, option) == canonical(spelling)


def test_config_file_takes_the_same_spellings(tmp_path):
    from tablewright.linting.config import Config

    path = tmp_path / "tablewright.toml"
    path.write_text('dialect = "postgresql"\n')
    assert Config.load(path).dialect == "postgres"
    path.write_text('dialect = "oracle"\n')
    with pytest.raises(InputError, match="dialect must be one of"):
        Config.load(path)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_reserved_words_are_quoted_plain_names_are_not(dialect):
    entry = REGISTRY[dialect]
    opening, closing = entry.quotes
    for word in sorted(entry.reserved):
        assert quote(word, dialect) == f"{opening}{word}{closing}", word
    assert quote("customer_id", dialect) == "customer_id"
    assert quote_qualified("sales", "order", dialect) == f"sales.{opening}order{closing}"


def test_mysql_family():
    assert dialects.is_mysql("mysql") and dialects.is_mysql("mariadb") and not dialects.is_mysql("postgres")
    assert dialects.same_family("mysql", "mariadb") and not dialects.same_family("sqlite", "postgres")
    # MariaDB does not reserve what only MySQL 8 does: its DDL keeps such names as written
    assert quote("groups", "mysql") == "`groups`" and quote("groups", "mariadb") == "groups"
    assert quote("offset", "mariadb") == "`offset`"
    # but MySQL's SQL quotes what MariaDB reserves: a MySQL dump is loaded into MariaDB as often as not
    assert quote("offset", "mysql") == "`offset`" and quote("portion", "mysql") == "`portion`"


VIEWED = "CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a, t.b FROM t;"


def _renamed_to_reserved_words(dialect: str):
    """A table and its columns renamed to reserved words: the view that reads them follows, quoted."""
    from tablewright.designer import edits
    from tablewright.designer.ddl_import import import_ddl

    schema = import_ddl([("v.sql", VIEWED)], dialect).schema
    table = schema.find_table("t")
    edits.rename_table(schema, table.id, "order").apply(schema)
    table = schema.find_table("order")
    edits.rename_column(schema, table.id, table.columns[0].id, "select").apply(schema)
    edits.rename_column(schema, table.id, table.columns[1].id, "where").apply(schema)
    return schema


def test_views_follow_renames_to_reserved_words_on_sqlite():
    import sqlite3

    from tablewright.designer.ddl_export import export_ddl

    conn = sqlite3.connect(":memory:")
    conn.executescript(export_ddl(_renamed_to_reserved_words("sqlite"), "sqlite").sql)
    conn.execute('INSERT INTO "order" VALUES (1, 2)')
    assert conn.execute("SELECT a, b FROM v").fetchall() == [(1, 2)]


@pytest.mark.db
def test_views_follow_renames_to_reserved_words_on_postgres(pg_url_factory):
    import subprocess

    from tablewright.designer.ddl_export import export_ddl
    from tests.conftest import PG_HOST, PG_PORT, PG_USER

    dbname = pg_url_factory().rsplit("/", 1)[1]
    sql = export_ddl(_renamed_to_reserved_words("postgres"), "postgres").sql
    sql += '\nINSERT INTO "order" VALUES (1, 2);\nSELECT a || \',\' || b FROM v;\n'
    proc = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", str(PG_PORT),
                           "-U", PG_USER, "-d", dbname, "-f", "-"], input=sql, capture_output=True, text=True,
                          timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["1,2"]


def _sqlalchemy_preparer(target: str):
    """SQLAlchemy's own preparer for ``target``, widened as Tablewright widens it
    (its reserved words, sqlglot's unreadable keywords), with SQLAlchemy's own
    ``_requires_quotes``: what :func:`quote` must equal without importing SQLAlchemy."""
    import importlib

    module, cls = {"postgres": ("postgresql", "dialect"), "mysql": ("mysql", "dialect"),
                   "mariadb": ("mysql.mariadb", "MariaDBDialect"), "sqlite": ("sqlite", "dialect"),
                   "mssql": ("mssql", "dialect")}[target]
    prep = getattr(importlib.import_module(f"sqlalchemy.dialects.{module}"), cls)().identifier_preparer
    prep._double_percents = False
    prep.reserved_words = (prep.reserved_words | REGISTRY[target].reserved | REGISTRY[target].family_quoted
                           | dialects._unreadable_bare(target))
    plain = prep._requires_quotes
    prep._requires_quotes = lambda value: plain(value) or dialects._unreadable_in_ddl(target, value.lower())
    return prep


@pytest.mark.parametrize("target", DIALECTS)
def test_quote_is_sqlalchemys_quoting_without_importing_it(target):
    prep = _sqlalchemy_preparer(target)
    # every word SQLAlchemy reserves for the dialect is quoted here too (fails when its lists grow)
    assert set(prep.reserved_words) <= dialects.quoted_words(target)
    words = (set(type(prep).reserved_words) | set(prep.reserved_words) | REGISTRY[target].reserved
             | REGISTRY[target].family_quoted | set(dialects._unreadable_bare(target)))
    names = set()
    for w in words:
        names |= {w, w.upper(), w.capitalize(), f"{w}_x", f"x_{w}"}
    names |= {"", "a", "id", "user_id", "UserId", "Order", "1abc", "$x", "a$b", "_x", "a b", "a-b", "a.b", "a%b",
              "a%%b", 'a"b', "a`b", "a]b", "a[b", "é", "naïve", "日本", "a'b", "x" * 70, "select", "tablesample"}
    mismatched = {n: (quote(n, target), prep.quote(n)) for n in names if quote(n, target) != prep.quote(n)}
    assert not mismatched


def test_a_text_lint_run_does_not_import_sqlalchemy(tmp_path):
    """Quoting a name in a finding's message or fix title needs no SQLAlchemy:
    `lint --format text` and `--format json` stay ~0.3 s cold (benchmarks/lint_speed.py)."""
    import subprocess
    import sys

    ddl = tmp_path / "s.sql"
    ddl.write_text('CREATE TABLE "Order" (id int PRIMARY KEY, "UnitPrice" numeric(10,2), percent int, '
                   "user_id int REFERENCES users (id));\nCREATE TABLE users (id int PRIMARY KEY, password text);\n")
    code = ("import sys\nfrom tablewright.app.cli import main\n"
            f"sys.argv = ['tablewright', 'lint', {str(ddl)!r}, '--format', sys.argv[1], '--fail-on', 'critical']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('SQLALCHEMY' if 'sqlalchemy' in sys.modules else 'NO-SQLALCHEMY', file=sys.stderr)\n")
    for fmt in ("text", "json", "sarif"):
        out = subprocess.run([sys.executable, "-c", code, fmt], capture_output=True, text=True, timeout=120)
        assert "TW304" in out.stdout or "missing-domain-check" in out.stdout, out.stdout + out.stderr
        assert out.stderr.strip().endswith("NO-SQLALCHEMY"), (fmt, out.stderr)


def test_ddl_that_names_no_dialect_takes_the_one_the_other_side_names(tmp_path):
    from tablewright.designer.diff import side_dialects

    plain, pg, my = tmp_path / "plain.sql", tmp_path / "pg.sql", tmp_path / "my.sql"
    plain.write_text("CREATE TABLE t (id int PRIMARY KEY, c varchar(10));\n")
    pg.write_text("CREATE TABLE t (id serial PRIMARY KEY, c text DEFAULT 'x'::text);\n")
    my.write_text("CREATE TABLE `t` (id int PRIMARY KEY) ENGINE=InnoDB;\n")
    url = "mariadb+pymysql://root@127.0.0.1/x"
    assert side_dialects([str(plain), url], None) == ["mariadb", None]
    assert side_dialects([url, str(plain)], None) == [None, "mariadb"]
    assert side_dialects([str(plain), str(pg)], "mysql") == ["postgres", None]
    assert side_dialects([str(my), str(plain)], "postgres") == [None, "mysql"]
    assert side_dialects([str(plain), str(plain)], "sqlite") == ["sqlite", "sqlite"]
    assert side_dialects([str(plain), str(plain)], None) == [None, None]  # the import's guess
    assert side_dialects([[str(plain), str(pg)], "postgresql://h/db"], None) == ["postgres", None]
