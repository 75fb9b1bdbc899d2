"""Live import -> export -> load -> the same catalog, with the engine as the oracle
(tests/live_roundtrip.py): hand-written schemas with every kind of object the live
importer reads verbatim, and corpus schemas (all of them: scripts/live_roundtrip)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.engines import mariadb, mariadb_drop, mariadb_url, pg_create, pg_drop, pg_url, psql
from tests.live_roundtrip import Case, corpus_cases, run

CASES = Path(__file__).parent / "live_cases"


@pytest.fixture(autouse=True)
def _quiet_sqlglot():
    logging.getLogger("sqlglot").setLevel(logging.ERROR)


def _assert_identical(case: Case, tmp_path) -> None:
    out = run(case, keep=tmp_path)
    assert out.error is None, out.error
    assert out.tables > 0
    assert out.identical, f"{len(out.differences)} differences (export in {tmp_path}):\n" + "\n".join(out.differences[:60])


def test_postgres_objects_round_trip(pg_url_factory, tmp_path):
    """A domain, an exclusion constraint, RLS + policies, a function + trigger, a composite
    and a range type, an aggregate, a procedure, a sub-partitioned table, a materialized
    view with an index, rules, comments, grants and quoted names survive live import."""
    _assert_identical(Case("postgres-objects", "postgres", [str(CASES / "postgres_objects.sql")]), tmp_path)


def test_mariadb_objects_round_trip(mariadb_url_factory, tmp_path):
    """Backticks in names, views over views, a trigger, a procedure, a function and an event."""
    _assert_identical(Case("mariadb-objects", "mariadb", [str(CASES / "mariadb_objects.sql")]), tmp_path)


def test_sqlite_objects_round_trip(tmp_path):
    _assert_identical(Case("sqlite-objects", "sqlite", [str(CASES / "sqlite_objects.sql")]), tmp_path)


def test_postgres_live_import_reads_what_pg_dump_shows(pg_url_factory):
    from tablewright.designer.ddl_export import export_ddl
    from tablewright.designer.live_import import import_database

    db = pg_create()
    try:
        psql(db, (CASES / "postgres_objects.sql").read_text())
        result = import_database(pg_url(db))
    finally:
        pg_drop(db)
    kinds = {(r.kind, r.name) for r in result.schema.raw}
    for expected in [("extension", "btree_gist"), ("domain", "posint"), ("type", "pair"), ("type", "int_span"),
                     ("function", "public.touch()"), ("aggregate", "public.concat_all(text)"),
                     ("procedure", "public.noop()"), ("constraint", "public.booking.no_overlap"),
                     ("trigger", "booking_touch"), ("policy", "own"), ("rule", "fancy_no_delete"),
                     ("materialized view", "mv"), ("index", "mv_id")]:
        assert expected in kinds
    assert not [i for i in result.issues if "not known to SQLAlchemy" in i.message]  # the types are read
    tables = {t.name: t for t in result.schema.tables}
    assert tables["lp_a"].options.partition_by == "HASH (x)" and tables["lp_a"].options.partition_of == tables["lp"].id
    assert [i.name for i in tables["lp_a"].indexes] == []  # made by the parent's index
    unique = tables["booking"].uniques[0]
    assert unique.deferrable and unique.initially_deferred
    label = tables["fancy"].column_named("label")
    assert label.nullable and label.default is None  # the domain's NOT NULL and default stay the domain's
    sql = export_ddl(result.schema, "postgres").sql
    assert "CREATE TABLE public.lp_a PARTITION OF public.lp FOR VALUES IN ('a') PARTITION BY HASH (x)" in sql


def test_mariadb_backticks_in_names_are_not_doubled(mariadb_url_factory):
    from tablewright.designer.live_import import import_database

    url = mariadb_url_factory()
    db = url.rsplit("/", 1)[1]
    mariadb((CASES / "mariadb_objects.sql").read_text(), db)
    mariadb("CREATE TABLE pk_prefix (name varchar(255) NOT NULL, PRIMARY KEY (name(10)));", db)
    result = import_database(url)
    tables = {t.name: t for t in result.schema.tables}
    pk_prefix = tables["pk_prefix"]
    assert pk_prefix.primary_key.lengths == {pk_prefix.column_named("name").id: 10}
    assert tables["ai_unique"].column_named("api_id").autoincrement
    child, parent = tables["c`t"], tables["p`q"]
    assert [c.name for c in child.columns] == ["c`x", "k[1]"]
    assert [c.name for c in parent.columns] == ["i`d", 'na"me', "[b]"]
    assert [i.name for i in child.indexes] == ["ix`a"]
    assert child.column(child.indexes[0].elements[0].column).name == "c`x"
    (fk,) = child.foreign_keys
    assert fk.name == "f`k" and fk.ref_table == parent.id and fk.on_delete == "CASCADE"
    assert child.column_names(fk.columns) == ["c`x"] and parent.column_names(fk.ref_columns) == ["i`d"]
    assert [c.name for c in child.checks] == ["ch`k"]
    assert not [i for i in result.issues if "FOREIGN KEY" in i.message]
    names = {(r.kind, r.name) for r in result.schema.raw}
    assert {("view", "v`w"), ("view", "a_over_v"), ("trigger", "t`rg"), ("procedure", "pr`oc"),
            ("function", "twice"), ("event", "pur`ge"), ("procedure", "strict_one")} <= names
    strict = next(r for r in result.schema.raw if r.name == "strict_one")
    assert "TRADITIONAL" in strict.sql  # made again under the SQL mode it was made under
    assert not any("DEFINER=" in r.sql for r in result.schema.raw)
    views = [r.name for r in result.schema.raw if r.kind == "view"]
    assert views.index("v`w") < views.index("a_over_v")  # the view it reads first


# -- the corpus: a few schemas in the suite (all of them: scripts/live_roundtrip) ------------------

IN_SUITE = ("sakila-pg", "graphile-starter", "chinook-mysql", "zotero", "sakila-sqlite")  # the rest: scripts/live_roundtrip


@pytest.mark.corpus
@pytest.mark.parametrize("name", IN_SUITE)
def test_corpus_live_round_trip(name, request, tmp_path, corpus_dir):
    case = next(c for c in corpus_cases() if c.name == name)
    if case.engine in ("postgres", "mariadb"):
        request.getfixturevalue({"postgres": "pg_url_factory", "mariadb": "mariadb_url_factory"}[case.engine])
    _assert_identical(case, tmp_path)


def test_engine_dump_sees_every_kind_the_live_import_reads(pg_url_factory):
    """The oracle can fail: each kind of object, added alone, changes tests.catalog.engine_dump."""
    from tests.catalog import engine_dump

    url = pg_url_factory()
    db = url.rsplit("/", 1)[1]
    psql(db, "CREATE EXTENSION btree_gist; CREATE TABLE t (id int, r int4range, u int, n text, "
             "k text) PARTITION BY LIST (k); CREATE TABLE t_a PARTITION OF t FOR VALUES IN ('a');")
    steps = [
        "CREATE DOMAIN d AS int CHECK (VALUE > 0)",
        "CREATE TABLE x (r int4range, EXCLUDE USING gist (r WITH &&))",
        "ALTER TABLE x ADD COLUMN g int GENERATED ALWAYS AS (lower(r)) STORED",
        "ALTER TABLE x ADD COLUMN u int UNIQUE DEFERRABLE",
        "CREATE POLICY p ON t USING (u > 0)",
        "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
        "CREATE TRIGGER tr BEFORE INSERT ON x FOR EACH ROW EXECUTE FUNCTION f()",
        "CREATE TABLE t_b PARTITION OF t FOR VALUES IN ('b') PARTITION BY HASH (id)",
        "COMMENT ON POLICY p ON t IS 'why'",
        "CREATE COLLATION c (provider = icu, locale = 'und')",
        "CREATE TABLE y (s text COLLATE c)",
    ]
    before = engine_dump(url)
    for step in steps:
        psql(db, step + ";")
        after = engine_dump(url)
        assert after != before, f"engine_dump does not see: {step}"
        before = after
