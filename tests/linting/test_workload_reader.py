"""Reading workloads (no Qt): .sql files with every parameter style, unparseable
queries located and skipped, pg_stat_statements CSV/JSON exports, MySQL digest
CSV, weights, and a live PostgreSQL's pg_stat_statements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tablewright.designer.errors import InputError
from tablewright.linting.workload import read_workload


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def test_sql_file_every_parameter_style_and_a_broken_query(tmp_path):
    path = _write(tmp_path, "q.sql", "-- find one\nSELECT id FROM t WHERE a = $1;\n"
                  "SELECT id FROM t WHERE a = ?;\nSELECT id FROM t WHERE a = :name;\n"
                  "SELECT id FROM t\n  WHERE a = %s;\nSELECT FROM WHERE (;\nSET work_mem = '1GB';\n"
                  "UPDATE t SET a = 1 WHERE id = $1;\n")
    wl = read_workload([path], "postgres")
    assert [q.location.line for q in wl.queries] == [2, 3, 4, 5, 9]
    assert [q.kind for q in wl.queries] == ["select"] * 4 + ["update"]
    assert all(q.weight == 1.0 for q in wl.queries)
    errors = [i for i in wl.issues if i.severity == "error"]
    assert len(errors) == 1 and errors[0].location.path == path and errors[0].location.line == 7
    assert "does not parse" in errors[0].message
    assert wl.queries[0].comments and "find one" in wl.queries[0].comments[0]
    assert not wl.complete


def test_complete_marker(tmp_path):
    path = _write(tmp_path, "q.sql", "-- tablewright: workload complete\nSELECT 1;\n")
    assert read_workload([path]).complete


def test_pg_stat_statements_csv_weights(tmp_path):
    path = _write(tmp_path, "pgss.csv",
                  "query,calls,total_exec_time,mean_exec_time\n"
                  '"SELECT id FROM t WHERE a = $1",1000,500.0,0.5\n'
                  '"BEGIN",20,1,0.05\n'
                  '"SELECT id\nFROM t WHERE b = $1",10,40,\n')
    wl = read_workload([path], "postgres")
    assert [q.weight for q in wl.queries] == [500.0, 40.0]
    # the third row starts on line 4 (the second is BEGIN, left out quietly)
    assert [q.location.line for q in wl.queries] == [2, 4]


def test_pg_stat_statements_json(tmp_path):
    rows = [{"query": "SELECT id FROM t WHERE a = $1", "calls": 3, "mean_exec_time": 2.0},
            {"query": "SELECT broken FROM", "calls": 1, "mean_exec_time": 1.0}]
    path = _write(tmp_path, "pgss.json", json.dumps({"rows": rows}, indent=2))
    wl = read_workload([path], "postgres")
    assert [q.weight for q in wl.queries] == [6.0]
    assert wl.queries[0].location.line == 3
    (err,) = [i for i in wl.issues if i.severity == "error"]
    assert err.location.line == 8


def test_mysql_digest_csv(tmp_path):
    path = _write(tmp_path, "digest.csv",
                  "SCHEMA_NAME,DIGEST_TEXT,COUNT_STAR,SUM_TIMER_WAIT,AVG_TIMER_WAIT\n"
                  "shop,SELECT `id` FROM `t` WHERE `a` = ?,100,5000000000,50000000\n"
                  "shop,SELECT `id` FROM `t` WHERE `a` IN (...) AND `b` = ...,5,1,1\n")
    wl = read_workload([path], "mysql")
    assert len(wl.queries) == 1 and wl.queries[0].weight == pytest.approx(100 * 0.05)
    assert any("truncated" in i.message for i in wl.issues)


def test_not_an_export(tmp_path):
    path = _write(tmp_path, "x.csv", "a,b\n1,2\n")
    with pytest.raises(InputError, match=r"x.csv:1:1: not a pg_stat_statements"):
        read_workload([path])
    with pytest.raises(InputError, match="no such file"):
        read_workload([str(tmp_path / "missing.sql")])


def test_live_pg_stat_statements(pg_url_factory):
    """A database where pg_stat_statements resolves to a relation of its shape
    (the server here does not preload the extension): the reader's SQL runs
    there and weights come from it; a database without it is one line."""
    import sqlalchemy as sa

    url = pg_url_factory()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE pg_stat_statements (dbid oid, query text, calls bigint, "
                             "mean_exec_time float8)"))
        conn.execute(sa.text("INSERT INTO pg_stat_statements SELECT oid, 'SELECT 1 FROM t WHERE a = $1', 7, 2.0 "
                             "FROM pg_database WHERE datname = current_database()"))
        conn.execute(sa.text("INSERT INTO pg_stat_statements SELECT oid, 'VACUUM', 1, 1 "
                             "FROM pg_database WHERE datname = current_database()"))
    engine.dispose()
    wl = read_workload([url.replace("postgresql+psycopg://postgres@", "postgresql://postgres:sekrit@")])
    assert [q.weight for q in wl.queries] == [14.0]
    assert "sekrit" not in wl.queries[0].location.path
    other = pg_url_factory().replace("postgresql+psycopg://postgres@", "postgresql://postgres:sekrit@")
    with pytest.raises(InputError) as info:
        read_workload([other])
    assert "pg_stat_statements" in str(info.value) and "sekrit" not in str(info.value)
    assert "\n" not in str(info.value)


@pytest.fixture
def preloaded_pg():
    """A private PostgreSQL cluster of the machine's server binaries with
    pg_stat_statements preloaded (the shared server does not preload it, and a
    test must not restart it): initdb into a temporary folder, a Unix socket
    there, no TCP; stopped and removed afterwards.  Yields its URL."""
    import os
    import pwd
    import shutil
    import subprocess
    import tempfile

    from tests.conftest import skip_or_fail


    bindir = next((p for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
                   if (p / "initdb").exists()), None) if Path("/usr/lib/postgresql").is_dir() else None
    if bindir is None or not (bindir.parent / "lib" / "pg_stat_statements.so").exists():
        skip_or_fail("no PostgreSQL server binaries with pg_stat_statements (Debian: postgresql-15)")
    as_user: list[str] = []
    # its own folder under /tmp: the postgres user must reach it (pytest's tmp_path is root's, mode 700),
    # and a short path keeps the socket's name within the 107 bytes a Unix socket name may have
    tmp_path = Path(tempfile.mkdtemp(prefix="tw-pg-"))
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres system user
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(tmp_path)
            skip_or_fail("running as root and there is no postgres system user for initdb")
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(tmp_path, "postgres")
    data, port = tmp_path / "data", 54000 + os.getpid() % 1000
    run = lambda *cmd: subprocess.run([*as_user, *cmd], capture_output=True, text=True, timeout=120)  # noqa: E731
    done = run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    assert done.returncode == 0, done.stderr
    options = f"-p {port} -k {tmp_path} -c listen_addresses='' -c shared_preload_libraries=pg_stat_statements -c fsync=off"
    done = run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(tmp_path / "log"), "start")
    assert done.returncode == 0, done.stderr + (tmp_path / "log").read_text()
    try:
        yield f"postgresql://postgres:sekrit@/postgres?host={tmp_path}&port={port}"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_live_pg_stat_statements_of_a_server_that_preloads_it(preloaded_pg):
    """The real view: queries the server ran come back with their calls and mean
    time as weight, this database's only, normalised with $n parameters."""
    import sqlalchemy as sa

    engine = sa.create_engine(preloaded_pg.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE EXTENSION pg_stat_statements"))
        conn.execute(sa.text("CREATE TABLE orders (id int PRIMARY KEY, customer_id int, status text)"))
        conn.execute(sa.text("SELECT pg_stat_statements_reset()"))
        for n in range(5):
            conn.execute(sa.text("SELECT id FROM orders WHERE customer_id = :c"), {"c": n})
        conn.execute(sa.text("UPDATE orders SET status = 'x' WHERE id = 1"))
    engine.dispose()
    wl = read_workload([preloaded_pg])
    texts = {" ".join(q.text.split()): q for q in wl.queries}
    select = next(q for t, q in texts.items() if t.startswith("SELECT id FROM orders WHERE customer_id"))
    assert "$1" in select.text and select.weight > 0
    assert any(t.startswith("UPDATE orders SET status") for t in texts)
    assert all("sekrit" not in q.location.path for q in wl.queries)
