"""The engines here, driven the way a user drives them: the one place that makes and
drops databases and loads SQL with the engine's own client (``psql -X -f``,
``mariadb < file``, ``sqlite3 db < file``).

Used by the round trips (tests/roundtrip_corpus.py from DDL, tests/live_roundtrip.py
from a live import), the diff's corpus loader (tests/engine_load.py) and the engine
tests.  A load that fails raises ``LoadError`` with the client's error, unless the
caller asks to go on (``force``: the client's ``--force`` / ``ON_ERROR_STOP=0``, as a
user loading a schema that has statements the engine refuses would); every loader
returns the client's stderr.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import tempfile
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
MARIADB_HOST, MARIADB_PORT, MARIADB_USER = "127.0.0.1", 3306, "root"
CONNECT_TIMEOUT = 3  # seconds
TIMEOUT = 900


class LoadError(AssertionError):
    """The engine's client refused a load (its error in the message)."""


def _failure(client: str, stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if "error" in line.lower()]
    return f"{client} failed: {errors[0][:500] if errors else ''}\n{stderr[-3000:]}"


def _read(files) -> str:
    return "\n".join(Path(f).read_text(encoding="utf-8", errors="surrogateescape") for f in files)


def unique_name(prefix: str = "tw") -> str:
    return f"{prefix}_{secrets.token_hex(5)}"


# -- PostgreSQL -----------------------------------------------------------------------------------


def pg_admin():
    """An autocommit connection to the server's ``postgres`` database."""
    import psycopg

    return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True,
                           connect_timeout=CONNECT_TIMEOUT)


def pg_create(name: str | None = None) -> str:
    name = name or unique_name("tw_pg")
    with pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def pg_drop(name: str) -> None:
    with pg_admin() as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                     "AND pid <> pg_backend_pid()", (name,))
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def pg_url(name: str, driver: str = "psycopg") -> str:
    return f"postgresql{'+' + driver if driver else ''}://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def pg_roles(roles) -> None:
    """Create the roles a schema grants to (cluster-wide; existing ones are kept)."""
    with pg_admin() as conn:
        for role in roles:
            conn.execute(f"DO $$ BEGIN CREATE ROLE \"{role}\"; EXCEPTION WHEN duplicate_object THEN NULL; END $$")


def pg_schemas(dbname: str) -> list[str]:
    import psycopg

    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=dbname) as conn:
        rows = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
                            "AND nspname <> 'information_schema'").fetchall()
    return sorted(r[0] for r in rows)


def psql(db: str, sql: str | None = None, files=(), *, search_path: str | None = None, commands=(),
         force: bool = False) -> str:
    """``psql -X -v ON_ERROR_STOP=1 [-c COMMAND]... -f FILE...`` into database ``db`` (a name
    or a URL); ``sql`` goes through a file too, as a user's script would.  ``force``:
    ``ON_ERROR_STOP=0`` (errors are in the returned stderr)."""
    if "://" in db:
        db = db.rsplit("/", 1)[-1].split("?", 1)[0]
    args = ["psql", "-X", "-q", "-v", f"ON_ERROR_STOP={0 if force else 1}", "-h", PG_HOST, "-p", str(PG_PORT),
            "-U", PG_USER, "-d", db]
    for command in commands:
        args += ["-c", command]
    temp = None
    if sql is not None:
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8",
                                         errors="surrogateescape") as temp:
            temp.write(sql)
        args += ["-f", temp.name]
    for f in files:
        args += ["-f", str(f)]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "PGOPTIONS": "--client-min-messages=warning" + (f" -c search_path={search_path}" if search_path else "")}
    try:
        proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=TIMEOUT)
    finally:
        if temp is not None:
            Path(temp.name).unlink()
    if proc.returncode != 0:
        raise LoadError(_failure("psql", proc.stderr))
    return proc.stderr


# -- MariaDB ------------------------------------------------------------------------------------------


def mariadb_admin():
    import pymysql

    return pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER, autocommit=True,
                           charset="utf8mb4", connect_timeout=CONNECT_TIMEOUT)


def mariadb(sql: str | None = None, database: str | None = None, *, files=(), force: bool = False) -> str:
    """``mariadb [--force] [DB] < script`` (``files`` joined with a newline, as ``cat | mariadb``)."""
    text = sql if sql is not None else _read(files)
    args = ["mariadb", "-h", MARIADB_HOST, "-P", str(MARIADB_PORT), "-u", MARIADB_USER,
            "--default-character-set=utf8mb4", "--batch", *(["--force"] if force else []),
            *([database] if database else [])]
    proc = subprocess.run(args, input=text.encode("utf-8", "surrogateescape"), capture_output=True, timeout=TIMEOUT)
    stderr = proc.stderr.decode(errors="replace")
    if proc.returncode != 0 and not force:
        raise LoadError(_failure("mariadb", stderr))
    return stderr


def mariadb_databases(prefix: str = "") -> list[str]:
    conn = mariadb_admin()
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW DATABASES")
            return sorted(n for (n,) in cur.fetchall() if n.startswith(prefix))
    finally:
        conn.close()


def mariadb_create(name: str | None = None) -> str:
    name = name or unique_name("tw_my")
    conn = mariadb_admin()
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    finally:
        conn.close()
    return name


def mariadb_drop(prefix: str, *, exact: bool = False) -> None:
    """Drop every database named ``prefix…`` (a load may have made several), or with
    ``exact`` the one named ``prefix``."""
    names = [prefix] if exact else mariadb_databases(prefix)
    if not names:
        return
    conn = mariadb_admin()
    try:
        with conn.cursor() as cur:
            for name in names:
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    finally:
        conn.close()


def mariadb_url(database: str = "", driver: str = "pymysql") -> str:
    return f"mysql{'+' + driver if driver else ''}://{MARIADB_USER}@{MARIADB_HOST}:{MARIADB_PORT}/{database}"


def own_database(path: Path, used: str, name: str, workdir: Path) -> Path:
    """A copy of ``path`` that uses database ``name`` instead of ``used``: its
    CREATE/DROP DATABASE (SCHEMA) lines left out, its USE pointed at ``name``,
    and its own qualified names (sakila's views read ``sakila.film``) pointed at
    ``name`` too (so runs at the same time never share a database, and the copy
    never reads a database of that name that someone else made on the server)."""
    lines = []
    qualified = re.compile(rf"(?<![\w$`])(`?){re.escape(used)}\1(?=\s*\.)")
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        head = line.upper().split()
        if head[:1] == ["USE"] and used in line:
            line = f"USE `{name}`;"
        elif head[:2] in (["CREATE", "DATABASE"], ["CREATE", "SCHEMA"], ["DROP", "DATABASE"], ["DROP", "SCHEMA"]) \
                and used in line:
            line = "-- " + line
        else:
            line = qualified.sub(f"`{name}`", line)
        lines.append(line)
    copy = workdir / f"{name}-{path.name}"
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return copy


# -- SQLite --------------------------------------------------------------------------------------------


def sqlite3_cli(db: Path, sql: str | None = None, files=(), *, bail: bool = True) -> str:
    """``sqlite3 [-bail] DB < script`` (``files`` joined with a newline)."""
    text = sql if sql is not None else _read(files)
    proc = subprocess.run(["sqlite3", *(["-bail"] if bail else []), str(db)],
                          input=text.encode("utf-8", "surrogateescape"), capture_output=True, timeout=TIMEOUT)
    stderr = proc.stderr.decode(errors="replace")
    if proc.returncode != 0 and bail:
        raise LoadError(_failure("sqlite3", stderr))
    return stderr


# -- any engine ----------------------------------------------------------------------------------------


def run_sql(url_or_db, sql: str) -> None:
    """Run ``sql`` with the engine's own client; any error fails."""
    text = str(url_or_db)
    if text.startswith("postgresql"):
        psql(text, sql)
    elif text.startswith(("mysql", "mariadb")):
        stderr = mariadb(sql, text.rsplit("/", 1)[-1] or None)
        if "ERROR" in stderr:
            raise LoadError(_failure("mariadb", stderr))
    else:
        sqlite3_cli(Path(text.removeprefix("sqlite:///")), sql)


__all__ = ["CORPUS_DIR", "LoadError", "mariadb", "mariadb_admin", "mariadb_create", "mariadb_databases",
           "mariadb_drop", "mariadb_url", "own_database", "pg_admin", "pg_create", "pg_drop", "pg_roles",
           "pg_schemas", "pg_url", "psql", "run_sql", "sqlite3_cli", "unique_name"]
