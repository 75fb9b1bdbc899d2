"""Reading workloads (no Qt): .sql files with every parameter style, unparseable
queries located and skipped, pg_stat_statements CSV/JSON exports, MySQL digest
CSV, weights, and a live PostgreSQL's pg_stat_statements."""

from __future__ import annotations

import json

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
