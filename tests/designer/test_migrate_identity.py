"""serial -> identity on PostgreSQL (the modernisation pg_dump users make):
``migrate`` crashed in Alembic's identity comparison (an Identity handed over
as a server default), which the CLI reported as a bug (exit 70); and an
identity added to a table with rows must continue after its largest value,
or the first insert fails with a duplicate key.  Checked on the engine with
psql, the way a user runs the script."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tablewright.app.cli import main

OLD = """CREATE SEQUENCE public.customer_id_seq;
CREATE TABLE public.customer (id integer NOT NULL DEFAULT nextval('public.customer_id_seq'::regclass),
  email text, PRIMARY KEY (id));
ALTER SEQUENCE public.customer_id_seq OWNED BY public.customer.id;
"""
NEW = "CREATE TABLE public.customer (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text);\n"


@pytest.fixture
def ddl(tmp_path):
    (tmp_path / "old.sql").write_text(OLD)
    (tmp_path / "new.sql").write_text(NEW)
    return tmp_path / "old.sql", tmp_path / "new.sql"


def test_serial_to_identity_and_back_are_migrations_not_crashes(ddl, tmp_path, capsys):
    old, new = ddl
    assert main(["migrate", str(old), str(new), "--dialect", "postgres", "-o", str(tmp_path / "up.sql")]) in (0, 1)
    up = (tmp_path / "up.sql").read_text()
    assert "ALTER COLUMN id DROP DEFAULT" in up and "ADD GENERATED ALWAYS AS IDENTITY" in up
    assert "RESTART WITH" in up
    assert main(["migrate", str(new), str(old), "--dialect", "postgres"]) in (0, 1)
    assert "DROP IDENTITY" in capsys.readouterr().out


def _psql(url: str, *args: str) -> str:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", u.host, "-p", str(u.port), "-U",
                           u.username, "-d", u.database, "-At", *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_identity_continues_after_the_rows_on_postgres(ddl, tmp_path, pg_url_factory, capsys):
    if shutil.which("psql") is None:
        pytest.skip("psql (the PostgreSQL client) is not installed")
    url = pg_url_factory()
    old, new = ddl
    _psql(url, "-f", str(old))
    _psql(url, "-c", "INSERT INTO customer (email) VALUES ('a'), ('b'), ('c')")
    assert main(["migrate", str(old), str(new), "--dialect", "postgres", "-o", str(tmp_path / "up.sql")]) in (0, 1)
    _psql(url, "-f", str(tmp_path / "up.sql"))
    assert _psql(url, "-c", "INSERT INTO customer (email) VALUES ('d') RETURNING id").split() == ["4"]
    assert _psql(url, "-c", "SELECT attidentity FROM pg_attribute WHERE attrelid = 'customer'::regclass "
                            "AND attname = 'id'").strip() == "a"


def test_an_identitys_options_are_migrated_and_it_continues_after_the_rows(tmp_path, pg_url_factory):
    if shutil.which("psql") is None:
        pytest.skip("psql (the PostgreSQL client) is not installed")
    url = pg_url_factory()
    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text(NEW)
    new.write_text(NEW.replace("IDENTITY", "IDENTITY (INCREMENT BY 5 MAXVALUE 100000 CACHE 10 CYCLE)"))
    _psql(url, "-f", str(old))
    _psql(url, "-c", "INSERT INTO customer (email) VALUES ('a'), ('b')")
    assert main(["migrate", str(old), str(new), "--dialect", "postgres", "-o", str(tmp_path / "up.sql")]) in (0, 1)
    _psql(url, "-f", str(tmp_path / "up.sql"))
    assert _psql(url, "-c", "SELECT s.seqincrement, s.seqmax, s.seqcache, s.seqcycle FROM pg_sequence s "
                            "WHERE s.seqrelid = pg_get_serial_sequence('customer', 'id')::regclass").split() \
        == ["5|100000|10|t"]
    assert _psql(url, "-c", "INSERT INTO customer (email) VALUES ('c') RETURNING id").split() == ["3"]
