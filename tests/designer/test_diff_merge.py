"""Merging a comparison's changes into the model (designer/diff_merge.py, what
the GUI's "Update model" applies): every kind, one edit that undoes exactly,
after which the two sides compare equal."""

from __future__ import annotations

from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.diff import diff_schemas
from tablewright.designer.diff_merge import merge_edit
from tablewright.designer.model import canonical

MODEL = """
CREATE SCHEMA extra;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE SEQUENCE ticket_seq START 1;
CREATE SEQUENCE old_seq;
CREATE TABLE person (id integer PRIMARY KEY, name text NOT NULL, feeling mood);
CREATE TABLE gone (id integer PRIMARY KEY);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE VIEW names AS SELECT name FROM person;
CREATE TRIGGER person_touch BEFORE UPDATE ON person FOR EACH ROW EXECUTE FUNCTION touch();
GRANT SELECT ON person TO PUBLIC;
"""

OTHER = """
CREATE SCHEMA extra;
CREATE SCHEMA audit;
CREATE TYPE mood AS ENUM ('sad', 'meh', 'ok', 'happy', 'elated');
CREATE TYPE colour AS ENUM ('red', 'blue');
CREATE SEQUENCE ticket_seq START 100 INCREMENT 5;
CREATE SEQUENCE audit.event_seq;
CREATE TABLE person (id integer PRIMARY KEY, name varchar(80) NOT NULL, feeling mood, nick text);
CREATE TABLE audit.event (id integer PRIMARY KEY, at timestamp);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name = upper(NEW.name); RETURN NEW; END $$;
CREATE VIEW names AS SELECT name FROM person;
CREATE VIEW nicks AS SELECT nick FROM person;
CREATE POLICY own ON person USING (true);
"""


def _schema(sql):
    return import_ddl([("x.sql", sql)], "postgres").schema


def test_merge_every_kind_then_equal_and_undo_exact():
    model, other = _schema(MODEL), _schema(OTHER)
    before = canonical(model)
    result = diff_schemas(model, other, dialect="postgres")
    kinds = {c.kind for c in result.changes}
    assert {"schema-added", "enum-value-added", "enum-added", "sequence-changed", "sequence-added",
            "sequence-removed", "column-changed", "column-added", "table-added", "table-removed",
            "function-changed", "view-added", "trigger-removed", "grant-removed", "policy-added"} <= kinds
    edit, merged, added = merge_edit(model, result.script.new, result.changes, "other.sql")
    assert merged == len(result.changes)
    ids = {t.name: t.id for t in model.tables}
    function_id = next(r.id for r in model.raw if r.kind == "function")
    edit.apply(model)

    assert diff_schemas(model, other, dialect="postgres").changes == []
    assert model.find_enum("mood").values == ["sad", "meh", "ok", "happy", "elated"]
    assert model.find_table("person").id == ids["person"]  # kept, changed in place
    assert [model.table(t).name for t in added] == ["event"]
    function = next(r for r in model.raw if r.id == function_id)  # the model's id, the other's body
    assert "upper(NEW.name)" in function.sql
    kinds_in_order = [r.kind for r in model.raw]
    assert kinds_in_order.index("function") < kinds_in_order.index("view")

    edit.revert(model)
    assert canonical(model) == before


def test_merge_only_what_is_chosen():
    model, other = _schema(MODEL), _schema(OTHER)
    result = diff_schemas(model, other, dialect="postgres")
    chosen = [c for c in result.changes if c.kind in ("enum-value-added", "view-added")]
    edit, merged, _ = merge_edit(model, result.script.new, chosen)
    assert merged == 3  # meh, elated, nicks
    edit.apply(model)
    left = {c.kind for c in diff_schemas(model, other, dialect="postgres").changes}
    assert "enum-value-added" not in left and "view-added" not in left
    assert {"enum-added", "sequence-changed", "table-added", "function-changed"} <= left
