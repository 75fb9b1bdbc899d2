"""What goes with a table a script renames or drops, as each engine does it (designer/ddl_import_follow.py).

Kraft's SQLite migration 16 (FRESH50) renames CalcMaterials to CalcMaterialsOld, makes CalcMaterials
anew, copies the rows and drops CalcMaterialsOld: SQLite's trigger on the table went with it, the export
kept it (on the new table).  The engine is the oracle: each script is loaded as a user loads it
(``sqlite3``, ``psql -f``, ``mariadb <``), ``tablewright export`` of the same files loaded the same way
into another database, and the catalogs compared (tests/roundtrip_corpus.py)."""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_import import import_ddl
from tests.engines import LoadError, psql
from tests.roundtrip_corpus import round_trip_texts

pytestmark = pytest.mark.db

# a program's create script, then a migration run after it (kraft's way)
SQLITE_CREATE = """\
CREATE TABLE calc (id INTEGER PRIMARY KEY, templ int, modDate text);
CREATE INDEX calc_templ ON calc (templ);
CREATE TRIGGER calc_touch AFTER UPDATE ON calc
BEGIN
  UPDATE calc SET modDate = DATETIME('NOW') WHERE id = new.id;
END;
CREATE TABLE usage (id INTEGER PRIMARY KEY, calc_id int REFERENCES calc (id));
CREATE TRIGGER usage_log AFTER INSERT ON usage WHEN new.calc_id IN (SELECT id FROM calc)
BEGIN
  UPDATE calc SET modDate = 'used' WHERE calc.id = new.calc_id; DELETE FROM "calc" WHERE id < 0;
END;
CREATE VIEW used AS SELECT u.id, calc.templ FROM calc JOIN usage u ON u.calc_id = calc.id;
CREATE VIEW aliased AS SELECT c.id FROM calc AS c;
CREATE TABLE parts (id INTEGER PRIMARY KEY, name text, calc_id int REFERENCES calc (id));
CREATE TRIGGER parts_touch AFTER UPDATE ON parts BEGIN UPDATE parts SET name = name WHERE id = new.id; END;
CREATE VIEW part_names AS SELECT parts.name FROM parts;
"""
# (SQLite renames no table while a trigger or view names one that is not there: the drop comes last)
SQLITE_MIGRATION = """\
ALTER TABLE parts RENAME TO "Part list";
ALTER TABLE calc RENAME TO calc_old;
CREATE TABLE calc (id INTEGER PRIMARY KEY, templ int, amount DECIMAL(10,2), modDate text);
INSERT INTO calc (id, templ, modDate) SELECT id, templ, modDate FROM calc_old;
DROP TABLE IF EXISTS calc_old;
"""


def test_sqlite_rename_then_drop_takes_the_trigger_and_rewrites_what_names_the_table(tmp_path):
    outcome = round_trip_texts([SQLITE_CREATE, SQLITE_MIGRATION], "sqlite", tmp_path)
    assert outcome.tables_original == 3
    assert outcome.identical, (outcome.error, outcome.differences)
    schema = import_ddl([("create.sql", SQLITE_CREATE), ("16.sql", SQLITE_MIGRATION)], "sqlite").schema
    raw = {r.name: r.sql for r in schema.raw}
    assert "calc_touch" not in raw  # gone with calc_old, as SQLite drops it
    # SQLite rewrote the references (quoted), in the trigger's WHEN and body, views and the new name's trigger
    assert 'IN (SELECT id FROM "calc_old")' in raw["usage_log"] and 'WHERE "calc_old".id' in raw["usage_log"]
    assert raw["used"] == 'CREATE VIEW used AS SELECT u.id, "calc_old".templ FROM "calc_old" JOIN usage u ' \
                          'ON u.calc_id = "calc_old".id'
    assert raw["aliased"] == 'CREATE VIEW aliased AS SELECT c.id FROM "calc_old" AS c'
    assert 'ON "Part list" BEGIN UPDATE "Part list"' in raw["parts_touch"]
    parts = next(t for t in schema.tables if t.name == "Part list")
    assert [i.name for i in parts.indexes] == [] and parts.foreign_keys[0].unresolved.table == "calc_old"


PG_SCRIPT = """\
CREATE TABLE a (id serial PRIMARY KEY, x int UNIQUE, y int CHECK (y > 0), k int UNIQUE);
CREATE INDEX ON a (x, y);
CREATE INDEX a_named ON a (y);
CREATE TABLE c (id int PRIMARY KEY, aid int REFERENCES a (id), ak int REFERENCES a (k));
CREATE SEQUENCE s OWNED BY a.y;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER a_touch BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW va AS SELECT a.id, a.x FROM a;
CREATE VIEW vv AS SELECT * FROM va;
COMMENT ON TABLE a IS 'the a';
CREATE RULE a_keep AS ON DELETE TO a DO INSTEAD NOTHING;
ALTER TABLE a ENABLE ROW LEVEL SECURITY;
CREATE POLICY a_positive ON a USING (x > 0);
GRANT SELECT ON a TO PUBLIC;
ALTER TABLE a RENAME TO b;
ALTER TABLE b RENAME COLUMN k TO k2;
CREATE TABLE a (z int PRIMARY KEY);
ALTER INDEX a_named RENAME TO b_named;
ALTER TABLE b RENAME CONSTRAINT a_y_check TO b_y_positive;
CREATE TABLE d (id serial PRIMARY KEY, n int);
ALTER SEQUENCE d_id_seq RENAME TO d_numbers;
ALTER TABLE d RENAME TO d2;

CREATE TABLE gone (id int PRIMARY KEY, n int);
CREATE TABLE keeps (id int PRIMARY KEY, gone_id int REFERENCES gone);
CREATE TRIGGER gone_touch BEFORE UPDATE ON gone FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW vgone AS SELECT gone.id FROM gone;
CREATE VIEW vgone2 AS SELECT id FROM vgone;
CREATE SEQUENCE gone_n OWNED BY gone.n;
DROP TABLE gone CASCADE;
"""


def test_postgres_rename_keeps_what_is_bound_to_the_table_and_the_names_it_gave(tmp_path):
    outcome = round_trip_texts([PG_SCRIPT], "postgres", tmp_path)
    assert outcome.tables_original == 5
    assert outcome.identical, (outcome.error, outcome.differences)


def test_postgres_refuses_to_drop_a_table_a_view_or_a_key_depends_on(tmp_path, pg_url_factory):
    script = ("CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (t_id int REFERENCES t);\n"
              "CREATE VIEW v AS SELECT id FROM t;\nDROP TABLE t;\n")
    with pytest.raises(LoadError, match="cannot drop table t because other objects depend on it"):
        psql(pg_url_factory(), script)
    result = import_ddl([("s.sql", script)], "postgres")
    assert [t.name for t in result.schema.tables] == ["t", "u"] and [r.name for r in result.schema.raw] == ["v"]
    assert any("refused by PostgreSQL: view v, a foreign key of u depend on it" in i.message for i in result.issues)
    # the tables one statement drops together do not hold each other
    together = import_ddl([("s.sql", script.replace("DROP TABLE t;", "DROP VIEW v;\nDROP TABLE t, u;"))], "postgres")
    assert together.schema.tables == []


MYSQL_SCRIPT = """\
CREATE TABLE a (id int PRIMARY KEY, x int, KEY ax (x));
CREATE TABLE c (id int PRIMARY KEY, aid int, ax int, FOREIGN KEY (aid) REFERENCES a (id), KEY (ax));
CREATE TRIGGER a_count BEFORE UPDATE ON a FOR EACH ROW SET NEW.x = (SELECT count(*) FROM a);
CREATE VIEW va AS SELECT a.id, a.x FROM a;
ALTER TABLE a RENAME AS b;
CREATE TABLE a (id int PRIMARY KEY, x int);
ALTER TABLE b RENAME INDEX ax TO bx;
ALTER TABLE b CHANGE id ident int NOT NULL;
CREATE TABLE gone (id int PRIMARY KEY);
CREATE TRIGGER gone_touch BEFORE INSERT ON gone FOR EACH ROW SET NEW.id = NEW.id + 1;
DROP TABLE gone;
"""


def test_mysql_rename_moves_the_trigger_and_the_key_and_leaves_the_view(tmp_path):
    """The trigger moves to b (its body still reads a), the key of c follows b and its renamed column,
    the view reads the new a: MariaDB does not rewrite views.  The dropped table's trigger goes."""
    outcome = round_trip_texts([MYSQL_SCRIPT], "mysql", tmp_path)
    assert outcome.tables_original == 3
    assert outcome.identical, (outcome.error, outcome.differences)
    schema = import_ddl([("s.sql", MYSQL_SCRIPT)], "mysql").schema
    assert [r.name for r in schema.raw] == ["a_count", "va"]
    assert "ON b FOR EACH ROW SET NEW.x = (SELECT count(*) FROM a)" in schema.raw[0].sql


# -- an identity column's sequence keeps its name through renames (PostgreSQL) ----------------------

IDENTITY_SCRIPTS = {
    "table and column renamed": "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a int);\n"
                                "ALTER TABLE t RENAME TO u;\nALTER TABLE u RENAME COLUMN id TO uid;\n",
    # pg_dump's form, after a rename in the application's history (SEQUENCE NAME was read past)
    "pg_dump's SEQUENCE NAME": "CREATE SCHEMA s;\nCREATE TABLE s.t (id integer NOT NULL);\n"
                               "ALTER TABLE s.t ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (\n"
                               "    SEQUENCE NAME s.old_id_seq\n    START WITH 1\n    INCREMENT BY 1\n"
                               "    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1\n);\n",
    "renamed back": "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"
                    "ALTER TABLE t RENAME TO u;\nALTER TABLE u RENAME TO t;\n",
    "the sequence renamed": "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"
                            "ALTER SEQUENCE t_id_seq RENAME TO counter;\n",
    # a model renamed, a new one made under the old name (Mayan EDMS's documents_documentversion, FRESH57):
    # the renamed table's sequence keeps d_id_seq, so PostgreSQL names the new one d_id_seq1 -- the export
    # made the first under d's name and failed ("relation d_id_seq already exists")
    "a new table under a renamed one's name": "CREATE TABLE d (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);\n"
                                              "ALTER TABLE d RENAME TO f;\n"
                                              "CREATE TABLE d (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);\n"
                                              "CREATE TABLE e (id int NOT NULL);\nALTER TABLE f RENAME TO e_old;\n"
                                              "ALTER TABLE e ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;\n",
}


@pytest.mark.parametrize("name", list(IDENTITY_SCRIPTS))
def test_an_identity_sequence_keeps_its_name(name, tmp_path):
    outcome = round_trip_texts([IDENTITY_SCRIPTS[name]], "postgres", tmp_path)
    assert outcome.identical, (outcome.error, outcome.differences)


def test_an_identity_sequence_name_from_a_live_database(pg_url_factory):
    from tablewright.designer.ddl_export import export_ddl
    from tablewright.designer.live_import import import_database

    url = pg_url_factory()
    psql(url, IDENTITY_SCRIPTS["table and column renamed"])
    schema = import_database(url).schema
    column = schema.find_table("u").column_named("uid")
    assert column.identity.sequence == "t_id_seq"
    other = pg_url_factory()
    psql(other, export_ddl(schema, "postgres").sql + "SELECT nextval('t_id_seq');\n")


# -- PostgreSQL's schemas: a table moved by SET SCHEMA, a schema dropped ------------------------------

SCHEMA_SCRIPTS = {
    "SET SCHEMA": """\
CREATE SCHEMA s;
CREATE TABLE a (id serial PRIMARY KEY, x int CHECK (x > 0));
CREATE INDEX a_x ON a (x);
CREATE TABLE b (id int PRIMARY KEY, aid int REFERENCES a (id));
CREATE VIEW v AS SELECT public.a.id, a.x FROM public.a;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER a_touch BEFORE UPDATE ON public.a FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE a ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON a USING (x > 0);
CREATE TABLE c (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
ALTER TABLE a SET SCHEMA s;
ALTER TABLE IF EXISTS c SET SCHEMA s;
CREATE TABLE a (id int);
""",
    "DROP SCHEMA CASCADE": "CREATE SCHEMA s;\nCREATE TABLE s.a (id int PRIMARY KEY);\n"
                           "CREATE TABLE b (id int PRIMARY KEY, aid int REFERENCES s.a (id));\n"
                           "CREATE VIEW v AS SELECT * FROM s.a;\nCREATE VIEW s.w AS SELECT 1 AS x;\n"
                           "CREATE FUNCTION s.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
                           "CREATE TYPE s.e AS ENUM ('a');\nCREATE SEQUENCE s.q;\nCREATE TABLE s.c (id serial PRIMARY KEY);\n"
                           "DROP SCHEMA s CASCADE;\nCREATE SCHEMA s;\nCREATE TABLE s.a (id int PRIMARY KEY, x text);\n"
                           "CREATE SCHEMA e;\nDROP SCHEMA e;\nDROP SCHEMA IF EXISTS t;\n",
}


@pytest.mark.parametrize("name", list(SCHEMA_SCRIPTS))
def test_postgres_schemas_moved_and_dropped(name, tmp_path):
    result = import_ddl([("x.sql", SCHEMA_SCRIPTS[name])], "postgres")
    assert not [i for i in result.issues if "not understood" in i.message or "ignored" in i.message]
    outcome = round_trip_texts([SCHEMA_SCRIPTS[name]], "postgres", tmp_path)
    assert outcome.identical, (outcome.error, outcome.differences)


def test_a_schema_that_is_not_empty_is_not_dropped_without_cascade(pg_url_factory):
    script = "CREATE SCHEMA s;\nCREATE TABLE s.a (id int PRIMARY KEY);\nDROP SCHEMA s;\n"
    result = import_ddl([("x.sql", script)], "postgres")
    assert [(i.severity, i.location.line, i.message) for i in result.issues] == [
        ("warning", 3, "DROP SCHEMA s is refused by PostgreSQL: it holds table a (DROP … CASCADE drops them too); "
                       "the schema is kept")]
    assert [t.qualified_name for t in result.schema.tables] == ["s.a"]
    with pytest.raises(LoadError, match="cannot drop schema s because other objects depend on it"):
        psql(pg_url_factory(), script)


def test_an_unlogged_sequence_stays_unlogged(tmp_path, pg_url_factory):
    """PostgreSQL 15's CREATE UNLOGGED SEQUENCE (Saltcorn's, FRESH55) came back an ordinary sequence."""
    from tablewright.designer.ddl_export import export_ddl
    from tablewright.designer.live_import import import_database

    script = "CREATE UNLOGGED SEQUENCE s START WITH 10;\nCREATE SEQUENCE t;\n" \
             "CREATE TABLE a (id int PRIMARY KEY DEFAULT nextval('s'));\n"
    outcome = round_trip_texts([script], "postgres", tmp_path)
    assert outcome.identical, (outcome.error, outcome.differences)
    url = pg_url_factory()
    psql(url, script)
    live = import_database(url).schema
    assert {s.name: s.unlogged for s in live.sequences} == {"s": True, "t": False}
    assert export_ddl(live, "postgres").sql.startswith("CREATE UNLOGGED SEQUENCE public.s ")
