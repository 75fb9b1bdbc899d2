"""diff's normalisation: what engines store differently from what a file says
is equal; what really differs stays different."""

from __future__ import annotations

import pytest

from tablewright.designer import diff_normal as n
from tablewright.designer.model import RawObject

SAME_EXPRESSIONS = [
    ("postgres", "status IN ('a', 'b')",
     "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))"),
    ("postgres", "type NOT IN (2, 5, 6)", "(type <> ALL (ARRAY[2, 5, 6]))"),
    ("postgres", "vote IN (-1, 0, 1)", "(vote = ANY (ARRAY['-1'::integer, 0, 1]))"),
    ("postgres", "x BETWEEN 1 AND 9", "((x >= 1) AND (x <= 9))"),
    ("postgres", "lock = 'X'", "(lock = 'X'::bpchar)"),
    ("postgres", "ipi ~ E'^\\\\d{11}$'", "(ipi ~ '^\\d{11}$'::text)"),
    ("postgres", "controlled_for_whitespace(name)", "public.controlled_for_whitespace((name)::text)"),
    ("postgres", "nextval('s')", "nextval('public.s'::regclass)"),
    ("postgres", "nextval('s')", "\"nextval\"('\"public\".\"s\"'::\"regclass\")"),
    ("postgres", "now()", "CURRENT_TIMESTAMP"),
    ("mysql", "CURRENT_TIMESTAMP", "current_timestamp()"),
]

DIFFERENT_EXPRESSIONS = [
    ("postgres", "status IN ('a', 'b')", "status IN ('a', 'c')"),
    ("postgres", "type NOT IN (2, 5)", "type IN (2, 5)"),
    ("postgres", "x > 0", "x >= 0"),
    ("postgres", "nextval('s')", "nextval('t'::regclass)"),
]


@pytest.mark.parametrize("dialect, a, b", SAME_EXPRESSIONS)
def test_stored_forms_are_equal(dialect, a, b):
    assert n.expression(a, dialect) == n.expression(b, dialect)


@pytest.mark.parametrize("dialect, a, b", DIFFERENT_EXPRESSIONS)
def test_real_changes_stay_different(dialect, a, b):
    assert n.expression(a, dialect) != n.expression(b, dialect)


@pytest.mark.parametrize("dialect, a, b, same", [
    ("postgres", "integer", "INTEGER", True), ("postgres", "int4", "integer", True),
    ("postgres", "character varying(45)", "VARCHAR(45)", True), ("postgres", '"text"', "text", True),
    ("postgres", "public.mpaa_rating", "mpaa_rating", True), ("mysql", "int(11)", "INT", True),
    ("mysql", "YEAR(4)", "year", True), ("postgres", "varchar(45)", "varchar(50)", False),
    ("postgres", "integer", "bigint", False), ("mysql", "int", "bigint", False),
])
def test_type_spellings(dialect, a, b, same):
    assert (n.type_text(a, dialect) == n.type_text(b, dialect)) is same


def test_home_schema_follows_the_search_path():
    assert n.expression("f(x)", "postgres") != n.expression("musicbrainz.f(x)", "postgres")
    with n.default_schema("musicbrainz"):
        assert n.expression("f(x)", "postgres") == n.expression("musicbrainz.f(x)", "postgres")
        assert n.type_text("public.cube", "postgres") == n.type_text("cube", "postgres")


def test_verbatim_statements():
    def raw(kind, sql, name=None, dialect="postgres"):
        return RawObject("r", kind, sql, dialect, name)

    file_trigger = raw("trigger", "CREATE TRIGGER t\n  BEFORE UPDATE ON store -- audit\n  FOR EACH ROW EXECUTE PROCEDURE f()")
    live_trigger = raw("trigger", "CREATE TRIGGER t BEFORE UPDATE ON public.store FOR EACH ROW EXECUTE FUNCTION public.f();")
    assert n.raw_signature(file_trigger, "postgres") == n.raw_signature(live_trigger, "postgres")
    body = "\nBEGIN\n  RETURN 1;\nEND "
    file_fn = raw("function", f"CREATE FUNCTION f() RETURNS int AS $${body}$$ LANGUAGE plpgsql", "f()")
    live_fn = raw("function", f"CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE plpgsql\nAS $function${body}$function$;",
                  "public.f()")
    changed = raw("function", "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 2; END $$ LANGUAGE plpgsql", "f()")
    assert n.raw_signature(file_fn, "postgres") == n.raw_signature(live_fn, "postgres")
    assert n.raw_signature(file_fn, "postgres") != n.raw_signature(changed, "postgres")
    view = raw("view", "CREATE VIEW v AS SELECT 1", dialect="mysql")
    shown = raw("view", "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS SELECT 1",
                dialect="mysql")
    assert n.statement(view.sql, "mysql") == n.statement(shown.sql, "mysql")
    assert n.on_default_schema(raw("grant", "GRANT ALL ON SCHEMA public TO PUBLIC"), "postgres")
    assert not n.on_default_schema(raw("grant", "GRANT SELECT ON public.t TO app"), "postgres")


def test_grants_compare_as_privileges():
    """A file's GRANT ALL and the engine's REVOKE ALL + GRANT EXECUTE (owner listed) are the same ACL."""
    def raws(*sqls):
        return [RawObject(f"r{i}", "grant", sql, "postgres") for i, sql in enumerate(sqls)]

    f = "app.f(x integer)"
    file = raws(f"REVOKE ALL ON FUNCTION {f} FROM PUBLIC", f"GRANT ALL ON FUNCTION {f} TO visitor")
    live = raws(f"REVOKE ALL ON FUNCTION {f} FROM PUBLIC;", f"REVOKE ALL ON FUNCTION {f} FROM postgres;",
                f"GRANT EXECUTE ON FUNCTION {f} TO postgres;", f"GRANT EXECUTE ON FUNCTION {f} TO visitor;")
    more = raws(f"GRANT EXECUTE ON FUNCTION {f} TO visitor;")  # PUBLIC keeps EXECUTE here
    (key, (a, _)), = n.acls(file, "postgres").items()
    b = n.acls(live, "postgres")[key][0]
    c = n.acls(more, "postgres")[key][0]
    assert n.same_acl(key[0], a, b)
    assert not n.same_acl(key[0], a, c)


def test_the_index_a_postgres_table_is_clustered_on_is_not_compared():
    """omop-pg's CLUSTER t USING ix marks the file's index; the live import reads the mark as an
    ALTER TABLE … CLUSTER ON statement (left out): no false index-changed (32 in the matrix)."""
    from tablewright.designer.ddl_import import import_ddl
    from tablewright.designer.diff import diff_schemas

    table = "CREATE TABLE t (id integer PRIMARY KEY, a integer); CREATE INDEX ix ON t (a);"
    file = import_ddl([("f.sql", table + " CLUSTER t USING ix;")], "postgres").schema
    assert file.tables[0].indexes[0].clustered is True
    live = import_ddl([("l.sql", table)], "postgres").schema
    assert diff_schemas(file, live, dialect="postgres").changes == []
    # SQL Server: a clustered index is how the table is stored, compared
    a = import_ddl([("a.sql", "CREATE TABLE t (id int NOT NULL, a int); CREATE CLUSTERED INDEX ix ON t (a);")],
                   "mssql").schema
    b = import_ddl([("b.sql", "CREATE TABLE t (id int NOT NULL, a int); CREATE NONCLUSTERED INDEX ix ON t (a);")],
                   "mssql").schema
    assert [c.kind for c in diff_schemas(a, b, dialect="mssql").changes] == ["index-changed"]


@pytest.mark.parametrize("dialect, writings, spelt", [
    # pg_dump's spelling, a hand-written one and the live import's (SQLAlchemy's): one spelling
    ("postgres", ["character varying(50)", "varchar(50)", "VARCHAR(50)"], "VARCHAR(50)"),
    ("postgres", ["numeric(10,2)", "decimal(10,2)", "NUMERIC(10, 2)"], "NUMERIC(10, 2)"),
    ("postgres", ["timestamp with time zone", "timestamptz", "TIMESTAMP WITH TIME ZONE"], "TIMESTAMP WITH TIME ZONE"),
    ("postgres", ["timestamp(3) without time zone", "timestamp(3)"], "TIMESTAMP(3) WITHOUT TIME ZONE"),
    ("postgres", ["integer", "int4", "INT"], "INTEGER"),
    ("postgres", ["float8", "double precision"], "DOUBLE PRECISION"),
    ("mysql", ["decimal(10,2)", "NUMERIC(10, 2)"], "NUMERIC(10, 2)"),
    ("mysql", ["int(11)", "INTEGER", "int"], "INTEGER"),
    # what SQLAlchemy would write as another type stays as written: MySQL's text (LONGTEXT in the
    # mapping), an unsigned integer, a medium one
    ("mysql", ["text"], "TEXT"),
    ("mysql", ["int(10) unsigned"], "INT(10) UNSIGNED"),
    ("mysql", ["mediumint"], "MEDIUMINT"),
    ("mssql", ["nvarchar(50)"], "NVARCHAR(50)"),
    ("postgres", ["bpchar"], "bpchar"),  # no built-in kind: as written
    ("sqlite", ["varchar(20)"], "varchar(20)"),  # SQLite: as declared
])
def test_a_type_is_spelt_one_way_per_dialect(dialect, writings, spelt):
    from tablewright.designer.ddl_import import import_ddl

    for text in writings:
        column = import_ddl([("x.sql", f"CREATE TABLE t (c {text});")], dialect).schema.tables[0].columns[0]
        assert n.spelt(column.type, dialect) == spelt, text
