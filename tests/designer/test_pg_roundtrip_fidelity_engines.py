"""PostgreSQL round trips the fresh held-out schemas showed losing something
(scripts/roundtrip_fresh): the DDL is loaded with ``psql -f``, imported from the file,
exported for PostgreSQL, loaded into a fresh database, and the two catalogs must be the
same (tests/engine_catalog.py).  The engine is the oracle: each test fails when the
export loses what the original declares, or does not load."""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tests.engine_catalog import diff, postgres_catalog
from tests.engines import psql

pytestmark = pytest.mark.db


def _round_trip(pg_url_factory, ddl: str, *, schemas=("public",)) -> tuple[dict, list[str], str]:
    """The original's catalog, its differences from the export's, and the export."""
    original, copy = pg_url_factory(), pg_url_factory()
    psql(original, ddl)
    result = import_ddl([("schema.sql", ddl)], "postgres")
    assert not [i for i in result.issues if i.severity == "error"], result.issues
    exported = export_ddl(result.schema, "postgres").sql
    psql(copy, exported)
    expected = postgres_catalog(original, list(schemas))
    return expected, diff(expected, postgres_catalog(copy, list(schemas))), exported


# ledgersmb: 202 comments written as $$dollar-quoted$$ strings were lost (the importer read only '…')
COMMENTS = r"""
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS $$the application's $$;
CREATE TYPE mood AS ENUM ('ok', 'sad');
COMMENT ON TYPE mood IS $tag$how it's going$tag$;
CREATE TABLE account (id int PRIMARY KEY, category char(1) CHECK (category IN ('A', 'L')), m mood);
COMMENT ON TABLE account IS
$$ Accounts:  two spaces,
a new line and a 'quote' $$;
COMMENT ON COLUMN account.category IS $$ A=asset,L=liability $$;
COMMENT ON COLUMN account.id IS 'plain';
CREATE INDEX account_category_idx ON account (category);
COMMENT ON INDEX account_category_idx IS $$by category$$;
COMMENT ON CONSTRAINT account_category_check ON account IS $$only A or L$$;
CREATE VIEW assets AS SELECT id FROM account WHERE category = 'A';
COMMENT ON VIEW assets IS $$the assets$$;
CREATE SEQUENCE app.numbers;
COMMENT ON SEQUENCE app.numbers IS $$numbers$$;
CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
COMMENT ON FUNCTION one() IS $$always one$$;
"""


def test_dollar_quoted_comments_survive_on_every_kind_of_object(pg_url_factory):
    expected, differences, exported = _round_trip(pg_url_factory, COMMENTS, schemas=("public", "app"))
    commented = [k for k, v in expected.items() if any(isinstance(x, str) and "$$" not in x and
                                                        ("Accounts:" in x or "A=asset" in x) for x in v)]
    assert len(commented) == 2  # the table and the column: what the test is about is in the catalog
    assert not differences, "\n".join(differences) + "\n\n" + exported


def test_dollar_quoted_comment_is_read_exactly_as_written():
    # the catalog comparison folds white space; the model keeps the text between the quotes as is
    schema = import_ddl([("schema.sql", COMMENTS)], "postgres").schema
    account = next(t for t in schema.tables if t.name == "account")
    assert account.comment == " Accounts:  two spaces,\na new line and a 'quote' "
    assert next(c for c in account.columns if c.name == "category").comment == " A=asset,L=liability "
