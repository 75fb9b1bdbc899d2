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


# -- server-level statements ---------------------------------------------------------------------------

#: what a statement does outside the database a load goes into, by its first words: logins and roles
#: (CREATE/ALTER/DROP/RENAME USER or ROLE, PostgreSQL's GROUP), their privileges and passwords (GRANT,
#: REVOKE, SET PASSWORD, FLUSH PRIVILEGES), other databases (CREATE/ALTER/DROP DATABASE, in MySQL also
#: SCHEMA) and the client's choice of database (USE; psql's \c and \connect)
_PRINCIPALS = {"USER", "ROLE", "DATABASE"}


def server_statement(words: tuple[str, ...], dialect: str) -> bool:
    """Whether a statement whose upper-cased first words are ``words`` acts on the server."""
    if words[:1] in (("GRANT",), ("REVOKE",), ("USE",), ("FLUSH",)) or words[:2] == ("SET", "PASSWORD"):
        return True
    head = [w for w in words[:4] if w not in ("OR", "REPLACE")]  # MariaDB's CREATE OR REPLACE USER
    objects = _PRINCIPALS | ({"GROUP"} if dialect == "postgres" else {"SCHEMA"})
    return len(head) >= 2 and head[0] in ("CREATE", "ALTER", "DROP", "RENAME") and head[1] in objects


def without_server_statements(text: str, dialect: str, path: str | None = None) -> tuple[str, list[str]]:
    """``text`` with its server-level statements (:func:`server_statement`) blanked out, and those
    statements, one line each (``line N: first words``).  Cut by the importer's splitter
    (sqlglot's tokens, :func:`tablewright.designer.sql_split.split_statements`): a GRANT in a
    comment or a string is no statement.  Blanked means made spaces, newlines kept, with the ``;``
    that ends it, so every other statement is byte for byte where it was and an engine's error
    names the line of the file.  The mysql client's ``USE db`` is a client command that ends at
    the end of its line, ``;`` or not (opendmarc's ``USE dmarc`` before a CREATE TABLE): only that
    line goes.  psql's ``\\c``/``\\connect`` lines go too (the splitter reports every meta-command)."""
    from tablewright.designer.sql_split import LineIndex, head_keywords, split_statements

    statements, issues = split_statements(text, dialect, path)
    starts = LineIndex(text).starts
    spans: list[tuple[int, int]] = []
    skipped: list[str] = []
    for st in statements:
        words = head_keywords(st.text, dialect, 4)
        if not server_statement(words, dialect):
            continue
        start = starts[st.location.line - 1] + st.location.column - 1
        end = start + len(st.text)
        assert text[start:end] == st.text, (path, st.location, "the splitter's offsets do not match the file")
        first, newline, rest = st.text.partition("\n")
        if words[:1] == ("USE",) and newline and rest.strip():
            end = start + len(first)  # the client command is the line; what follows is the next statement
        else:
            after = end
            while after < len(text) and text[after] in " \t\r\n":
                after += 1
            if after < len(text) and text[after] == ";":
                end = after + 1
        spans.append((start, end))
        skipped.append(f"line {st.location.line}: {(first if end - start >= len(first) else first[:end - start]).strip()[:80]}")
    for issue in issues:
        meta = (issue.statement or "").split()
        if issue.location and meta and meta[0] in ("\\c", "\\connect"):
            start = starts[issue.location.line - 1]
            end = text.find("\n", start)
            spans.append((start, len(text) if end < 0 else end))
            skipped.append(f"line {issue.location.line}: {text[start:spans[-1][1]].strip()[:80]}")
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars), sorted(skipped, key=lambda s: int(s.split()[1].rstrip(":")))


def load_database_level(files, dialect: str, workdir: Path) -> tuple[list[Path], list[str]]:
    """The files as their engine's client would load them into one database: each copied into
    ``workdir`` without its server-level statements when it has any (:func:`without_server_statements`),
    the others unchanged; and what was left out, ``file: line N: words``, for the caller to show."""
    out, skipped = [], []
    for f in map(Path, files):
        text = f.read_text(encoding="utf-8", errors="surrogateescape")
        kept, left_out = without_server_statements(text, dialect, str(f))
        if left_out:
            copy = workdir / f"{len(out)}-{f.name}"
            copy.write_text(kept, encoding="utf-8", errors="surrogateescape")
            out.append(copy)
            skipped += [f"{f.name}: {s}" for s in left_out]
        else:
            out.append(f)
    return out, skipped


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


__all__ = ["CORPUS_DIR", "LoadError", "load_database_level", "mariadb", "mariadb_admin", "mariadb_create", "mariadb_databases",
           "mariadb_drop", "mariadb_url", "own_database", "pg_admin", "pg_create", "pg_drop", "pg_roles",
           "pg_schemas", "pg_url", "psql", "run_sql", "server_statement", "sqlite3_cli", "unique_name",
           "without_server_statements"]
