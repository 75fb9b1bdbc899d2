"""The diff's corpus loader: a corpus case loaded into its engine the way a user
loads it (the clients and databases: tests/engines.py), the live side read back.

Each ``load_*`` returns the client's stderr (errors are kept, not raised: a
corpus file may hold statements an engine refuses, as LOADING.md lists)."""

from __future__ import annotations

from pathlib import Path

from tests.engines import (
    pg_url,
    CORPUS_DIR,
    LoadError,
    mariadb,
    mariadb_create,
    mariadb_databases,
    mariadb_drop,
    mariadb_url,
    own_database,
    pg_create,
    pg_drop,
    pg_roles,
    psql,
    run_sql,
    sqlite3_cli,
    unique_name,
)

_own_database = own_database  # (the name tests use)
__all__ = ["CORPUS_DIR", "drop_case", "live_side", "load_case", "load_mariadb", "load_pg", "load_sqlite",
           "run_sql"]


def load_pg(url: str, files: list[Path], *, stop_on_error: bool = False) -> str:
    return psql(url, files=files, force=not stop_on_error)


def load_mariadb(url: str, files: list[Path]) -> str:
    return mariadb(database=url.rsplit("/", 1)[-1], files=files, force=True)


def load_sqlite(db: Path, files: list[Path]) -> str:
    return sqlite3_cli(db, files=files, bail=False)


# -- a corpus case in its engine ------------------------------------------------------------


def load_case(case, workdir: Path) -> tuple[str, list]:
    """Load ``case`` into its engine; returns the URL to diff against and what to clean up."""
    files = [CORPUS_DIR / f for f in case.files]
    name = unique_name("tw_diff")
    if case.engine == "postgres":
        pg_create(name)
        pg_roles(case.roles)
        # a file that makes its own database and connects to it (\\c chinook): that one is compared
        connects = [line.split()[1].strip(";") for f in files
                    for line in f.read_text(errors="replace").splitlines() if line.startswith("\\c ")]
        psql(name, files=files, search_path=case.search_path, force=True,
             commands=[f'CREATE SCHEMA "{schema}"' for schema in case.pre_create_schemas])
        target = connects[-1] if connects else name
        return pg_url(target, ""), [("pg", d) for d in dict.fromkeys([name, target])]
    if case.engine == "mariadb":
        used = {line.split()[1].strip("`;") for f in files
                for line in f.read_text(errors="replace").splitlines() if line.upper().startswith("USE ")}
        if len(used) == 1:  # a file that makes and USEs its own database: this run's own one instead
            files = [own_database(f, next(iter(used)), name, workdir) for f in files]
        before = set(mariadb_databases())
        mariadb_create(name)
        errors = mariadb(database=name, files=files, force=True)
        if case.not_loadable is None and "ERROR" in errors:
            # a schema that loads cleanly did not: what the comparison would report is the load's failure
            mariadb_drop(name)
            raise LoadError(f"{case.name} did not load into MariaDB as it does for a user:\n{errors[-2000:]}")
        named = {line.split()[1].strip("`;") for f in files
                 for line in f.read_text(errors="replace").splitlines() if line.upper().startswith("USE ")}
        # the databases the files made (others may be made on the server meanwhile)
        made = sorted(d for d in set(mariadb_databases()) - before - {name} if d in named)
        cleanup = [("mysql", d) for d in [name, *made]]
        if len(made) > 1:  # all the databases it made (and only those: others share the server)
            return mariadb_url("", "") + "#" + ",".join(made), cleanup
        return mariadb_url(made[0] if made else name, ""), cleanup
    db = workdir / f"{name}.db"
    load_sqlite(db, files)
    return f"sqlite:///{db}", []


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
            pg_drop(name)
        else:
            mariadb_drop(name, exact=True)
