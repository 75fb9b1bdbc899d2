"""Load DDL into a real engine the way a user would: ``psql -f``,
``mysql < file``, ``sqlite3 db < file``; and run statements there.

Each ``load_*`` returns the client's stderr (errors are kept, not raised: a
corpus file may hold statements an engine refuses, as LOADING.md lists)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PG = ("127.0.0.1", 5432, "postgres")
MARIADB = ("127.0.0.1", 3306, "root")


def _pg_args(url: str) -> list[str]:
    u = make_url(url)
    return ["psql", "-X", "-q", "-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres",
            "-d", u.database]


def load_pg(url: str, files: list[Path], *, stop_on_error: bool = False) -> str:
    args = _pg_args(url) + ["-v", f"ON_ERROR_STOP={int(stop_on_error)}"]
    for f in files:
        args += ["-f", str(f)]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, env={**os.environ, "PGOPTIONS": "--client-min-messages=warning"})
    if stop_on_error and proc.returncode:
        raise AssertionError(f"psql failed:\n{proc.stderr[-3000:]}")
    return proc.stderr


def _mysql_args(url: str) -> list[str]:
    u = make_url(url)
    return ["mysql", "--force", "--default-character-set=utf8mb4", "-h", u.host or "127.0.0.1",
            "-P", str(u.port or 3306), "-u", u.username or "root", u.database]


def load_mariadb(url: str, files: list[Path]) -> str:
    text = "\n".join(Path(f).read_text(encoding="utf-8", errors="replace") for f in files)
    proc = subprocess.run(_mysql_args(url), input=text, capture_output=True, text=True, timeout=600)
    return proc.stderr


def load_sqlite(db: Path, files: list[Path]) -> str:
    errors = []
    for f in files:
        with open(f, "rb") as handle:
            proc = subprocess.run(["sqlite3", str(db)], stdin=handle, capture_output=True, timeout=600)
        errors.append(proc.stderr.decode(errors="replace"))
    return "".join(errors)


def run_sql(url_or_db, sql: str) -> None:
    """Run ``sql`` with the engine's own client; any error fails."""
    text = str(url_or_db)
    if text.startswith("postgresql"):
        args = _pg_args(text) + ["-v", "ON_ERROR_STOP=1"]
    elif text.startswith(("mysql", "mariadb")):
        args = [a for a in _mysql_args(text) if a != "--force"]
    else:
        args = ["sqlite3", "-bail", text.removeprefix("sqlite:///")]
    proc = subprocess.run(args, input=sql, capture_output=True, text=True, timeout=300)
    if proc.returncode or "ERROR" in proc.stderr or "Error" in proc.stderr:
        raise AssertionError(f"{args[0]} failed on {sql!r}:\n{proc.stderr[-2000:]}")


# -- a corpus case in its engine ------------------------------------------------------------


def _pg(sql: str, db: str = "postgres") -> str:
    proc = subprocess.run(["psql", "-X", "-q", "-At", "-h", PG[0], "-p", str(PG[1]), "-U", PG[2], "-d", db, "-c", sql],
                          capture_output=True, text=True, timeout=120)
    return proc.stdout


def _mysql(sql: str) -> str:
    proc = subprocess.run(["mysql", "-h", MARIADB[0], "-P", str(MARIADB[1]), "-u", MARIADB[2], "-N", "-e", sql],
                          capture_output=True, text=True, timeout=120)
    return proc.stdout


def load_case(case, workdir: Path) -> tuple[str, list]:
    """Load ``case`` into its engine; returns the URL to diff against and what to clean up."""
    files = [CORPUS_DIR / f for f in case.files]
    name = f"tw_diff_{secrets.token_hex(5)}"
    if case.engine == "postgres":
        _pg(f'CREATE DATABASE "{name}"')
        for role in case.roles:
            _pg(f"DO $$BEGIN CREATE ROLE \"{role}\"; EXCEPTION WHEN duplicate_object THEN NULL; END$$")
        for schema in case.pre_create_schemas:
            _pg(f'CREATE SCHEMA "{schema}"', name)
        env = {**os.environ, "PGOPTIONS": "--client-min-messages=warning"
               + (f" -c search_path={case.search_path}" if case.search_path else "")}
        args = ["psql", "-X", "-q", "-h", PG[0], "-p", str(PG[1]), "-U", PG[2], "-d", name]
        for f in files:
            args += ["-f", str(f)]
        # a file that makes its own database and connects to it (\\c chinook): that one is compared
        connects = [line.split()[1].strip(";") for f in files
                    for line in f.read_text(errors="replace").splitlines() if line.startswith("\\c ")]
        subprocess.run(args, capture_output=True, text=True, env=env, timeout=900)
        target = connects[-1] if connects else name
        return f"postgresql://{PG[2]}@{PG[0]}:{PG[1]}/{target}", [("pg", d) for d in dict.fromkeys([name, target])]
    if case.engine == "mariadb":
        used = {line.split()[1].strip("`;") for f in files
                for line in f.read_text(errors="replace").splitlines() if line.upper().startswith("USE ")}
        if len(used) == 1:  # a file that makes and USEs its own database: this run's own one instead
            files = [_own_database(f, next(iter(used)), name, workdir) for f in files]
        before = set(_mysql("SHOW DATABASES").split())
        _mysql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        errors = load_mariadb(f"mysql://{MARIADB[2]}@{MARIADB[0]}:{MARIADB[1]}/{name}", files)
        if case.not_loadable is None and "ERROR" in errors:
            # a schema that loads cleanly did not: what the comparison would report is the load's failure
            _mysql(f"DROP DATABASE IF EXISTS `{name}`")
            raise AssertionError(f"{case.name} did not load into MariaDB as it does for a user:\n{errors[-2000:]}")
        named = {line.split()[1].strip("`;") for f in files
                 for line in f.read_text(errors="replace").splitlines() if line.upper().startswith("USE ")}
        # the databases the files made (others may be made on the server meanwhile)
        made = sorted(d for d in set(_mysql("SHOW DATABASES").split()) - before - {name} if d in named)
        cleanup = [("mysql", d) for d in [name, *made]]
        if len(made) > 1:  # all the databases it made (and only those: others share the server)
            return f"mysql://{MARIADB[2]}@{MARIADB[0]}:{MARIADB[1]}#" + ",".join(made), cleanup
        return f"mysql://{MARIADB[2]}@{MARIADB[0]}:{MARIADB[1]}/{made[0] if made else name}", cleanup
    db = workdir / f"{name}.db"
    load_sqlite(db, files)
    return f"sqlite:///{db}", []


def _own_database(path: Path, used: str, name: str, workdir: Path) -> Path:
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


def live_side(url: str):
    """The live side; ``url#db1,db2``: only those databases of the server."""
    from tablewright.designer.diff import Side, load_side

    if "#" not in url:
        return load_side(url)
    from tablewright.designer.live_import import import_database

    base, names = url.split("#", 1)
    result = import_database(base, schemas=names.split(","))
    return Side(result.schema, base, live=True, issues=list(result.issues))


def drop_case(cleanup) -> None:
    for engine, name in cleanup:
        if engine == "pg":
            _pg(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
            _pg(f'DROP DATABASE IF EXISTS "{name}"')
        else:
            _mysql(f"DROP DATABASE IF EXISTS `{name}`")
