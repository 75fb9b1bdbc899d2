"""PostgreSQL ``DO`` blocks that only guard DDL (``IF NOT EXISTS (…) THEN ALTER TABLE … END IF``,
``EXCEPTION WHEN duplicate_object THEN null``) are read as the statements they guard: Znuny's
installer adds its 281 foreign keys and 135 indexes so, and the import kept each block verbatim,
leaving a model with no keys and no indexes and saying nothing (the review then claimed "the
schema declares 0 foreign keys").  A block of real procedural code stays verbatim, with a warning
when it makes objects the model does not hold.

Judged by the engine: the script is loaded with ``psql -f``, imported from the file, exported,
loaded into a fresh database, and the two catalogs must be the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tests.engine_catalog import diff, postgres_catalog
from tests.engines import psql

ZNUNY = Path(__file__).resolve().parents[1] / "fixtures" / "heldout" / "znuny"

GUARDED = """
CREATE TABLE users (id serial PRIMARY KEY, login varchar(200) NOT NULL);
CREATE TABLE acl (id serial PRIMARY KEY, name varchar(200) NOT NULL, create_by integer NOT NULL);
DO $$
BEGIN
IF NOT EXISTS (
    SELECT 1 FROM pg_constraint WHERE LOWER(conname) = LOWER('FK_acl_create_by_id')
    ) THEN
    ALTER TABLE acl ADD CONSTRAINT FK_acl_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
END IF;
END$$;
DO $$
BEGIN
IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE LOWER(indexname) = LOWER('acl_create_by')) THEN
    CREATE INDEX acl_create_by ON acl (create_by);
END IF;
END$$;
DO LANGUAGE plpgsql $body$ BEGIN
    CREATE TYPE mood AS ENUM ('sad', 'ok');
EXCEPTION WHEN duplicate_object THEN null;
END $body$;
CREATE TABLE feelings (id serial PRIMARY KEY, user_id integer, how mood);
"""

PROCEDURAL = """
CREATE TABLE part_template (id integer, at date);
DO $$
DECLARE y integer;
BEGIN
FOR y IN 2020..2021 LOOP
    EXECUTE format('CREATE TABLE part_%s (LIKE part_template)', y);
END LOOP;
END $$;
"""


def test_guarded_statements_are_read_at_their_place():
    result = import_ddl([("guarded.sql", GUARDED)], "postgres")
    assert not [i for i in result.issues if i.severity in ("error", "warning")], result.issues
    acl = next(t for t in result.schema.tables if t.name == "acl")
    assert [fk.name for fk in acl.foreign_keys] == ["fk_acl_create_by_id"]  # unquoted: folded, as the engine does
    assert [ix.name for ix in acl.indexes] == ["acl_create_by"]
    assert [e.name for e in result.schema.enums] == ["mood"]
    assert not [r for r in result.schema.raw if r.sql.lstrip().upper().startswith("DO")]
    notes = [i for i in result.issues if "DO block" in i.message]
    assert [(n.location.line, n.severity) for n in notes] == [(4, "info"), (12, "info"), (18, "info")]


def test_a_block_of_code_stays_verbatim_with_a_warning():
    result = import_ddl([("code.sql", PROCEDURAL)], "postgres")
    assert [t.name for t in result.schema.tables] == ["part_template"]
    assert len([r for r in result.schema.raw if r.sql.lstrip().upper().startswith("DO")]) == 1
    warned = [i for i in result.issues if i.severity == "warning"]
    assert len(warned) == 1 and warned[0].location.line == 3 and "not in the model" in warned[0].message


@pytest.mark.db
@pytest.mark.parametrize("case", ["guarded", "znuny"])
def test_postgres_round_trip_of_guarded_ddl(case, pg_url_factory):
    if case == "znuny":
        sources = [(p.name, p.read_text()) for p in
                   (ZNUNY / "schema.postgresql.sql", ZNUNY / "schema-post.postgresql.sql")]
    else:
        sources = [("guarded.sql", GUARDED)]
    original, copy = pg_url_factory(), pg_url_factory()
    for _, text in sources:
        psql(original, text)
    schema = import_ddl(sources, "postgres").schema
    if case == "znuny":
        assert sum(len(t.foreign_keys) for t in schema.tables) == 281
        assert sum(len(t.indexes) for t in schema.tables) == 135
    exported = export_ddl(schema, "postgres")
    assert "DO $" not in exported.sql  # the guarded statements come from the model, not from verbatim blocks
    psql(copy, exported.sql)
    differences = diff(postgres_catalog(original, ["public"]), postgres_catalog(copy, ["public"]))
    assert not differences, "\n".join(differences[:40])
