"""Several DDL files are read in dependency order (``tablewright.designer.load_order``):
checked against PostgreSQL itself -- the files, handed over in the wrong order,
load with no error in the order computed, and the import of that order has
what the engine has."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.load_order import dependency_order
from tablewright.designer.sources import load_sources
from tests.conftest import corpus_path
from tests.corpus_cases import CASES


def files(case: str) -> list[str]:
    return [str(corpus_path(*f.split("/"))) for f in CASES[case][0]]


def test_musicbrainz_alphabetical_is_read_in_dependency_order():
    given = sorted(files("musicbrainz"))  # what a file dialog hands over
    order = [Path(p).name for p in dependency_order(given, "postgres").files]
    for before, after in (("CreateTypes.sql", "CreateTables.sql"), ("CreateCollations.sql", "CreateTables.sql"),
                          ("CreateTables.sql", "CreatePrimaryKeys.sql"), ("CreateTables.sql", "CreateIndexes.sql"),
                          ("CreatePrimaryKeys.sql", "CreateFKConstraints.sql"),
                          ("CreateFunctions.sql", "CreateConstraints.sql")):
        assert order.index(before) < order.index(after), order
    result = load_sources(given, "postgres")
    assert [Path(p).name for p in result.reordered] == order
    schema = result.schema
    right = import_ddl(files("musicbrainz"), "postgres").schema  # the corpus's own load order
    assert len(schema.tables) == len(right.tables) == 375
    assert sum(len(t.foreign_keys) for t in schema.tables) == sum(len(t.foreign_keys) for t in right.tables) == 762
    assert sum(len(t.indexes) for t in schema.tables) == sum(len(t.indexes) for t in right.tables) > 500


def test_files_in_the_right_order_stay_as_given():
    right = files("omop-pg")
    assert dependency_order(right, "postgres").files == right
    assert load_sources(right, "postgres").reordered is None
    assert load_sources(list(reversed(right)), "postgres", order=False).reordered is None


def test_reversed_omop_loads_into_postgresql_in_the_computed_order(pg_url_factory):
    if shutil.which("psql") is None:
        pytest.skip("psql not installed")
    given = list(reversed(files("omop-pg")))  # indices, constraints, keys, then the tables
    order = dependency_order(given, "postgres").files
    url = pg_url_factory()
    engine = create_engine(url)
    dbname = url.rsplit("/", 1)[1]
    base = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", dbname, "-v", "ON_ERROR_STOP=1", "-q"]
    subprocess.run(base + ["-c", "CREATE SCHEMA cdm"], check=True, capture_output=True)
    for path in order:
        run = subprocess.run(base + ["-f", path], capture_output=True, text=True)
        assert run.returncode == 0, f"{Path(path).name}: {run.stderr}"
    insp = inspect(engine)
    tables = insp.get_table_names(schema="cdm")
    fks = sum(len(insp.get_foreign_keys(t, schema="cdm")) for t in tables)
    pks = sum(1 for t in tables if insp.get_pk_constraint(t, schema="cdm")["constrained_columns"])
    engine.dispose()
    schema = load_sources(given, "postgres").schema
    assert len(schema.tables) == len(tables) == 39
    assert sum(len(t.foreign_keys) for t in schema.tables) == fks > 0
    assert sum(1 for t in schema.tables if t.primary_key) == pks > 0
    # and given in the wrong order without reordering, the import misses them
    blind = import_ddl(given, "postgres").schema
    assert sum(len(t.foreign_keys) for t in blind.tables) < fks
