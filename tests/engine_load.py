"""Load DDL into a real engine the way a user would: ``psql -f``,
``mysql < file``, ``sqlite3 db < file``; and run statements there.

Each ``load_*`` returns the client's stderr (errors are kept, not raised: a
corpus file may hold statements an engine refuses, as LOADING.md lists)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


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
