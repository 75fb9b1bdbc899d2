"""The rules' exported predicates, each on its own (issue 15: "unit tests for
the exported rule predicates", as Azimutt tests ``isPrimaryKeysMissing``):
small tables read from DDL, the predicate asked directly, no engine run."""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_import import import_ddl
from tablewright.linting.rules.constraints.fk_actions import set_null_on_not_null
from tablewright.linting.rules.constraints.natural_keys import (is_unique_somehow, natural_key, not_an_entity,
                                                                references_the_person)
from tablewright.linting.rules.constraints.nullable_unique import nullable_unique_columns
from tablewright.linting.rules.data_types.boolean_types import looks_boolean
from tablewright.linting.rules.data_types.float_money import is_float_money
from tablewright.linting.rules.indexing.unindexed_foreign_key import (fk_is_indexed, grows_with_use,
                                                                      not_null_columns, serves_lookup, taxonomy)


def tables(ddl: str, dialect: str = "postgres"):
    schema = import_ddl([("t.sql", ddl)], dialect).schema
    return {t.name: t for t in schema.tables}


def col(table, name):
    return table.column_named(name)


def test_natural_key_is_the_persons_login_not_a_copy_of_it():
    t = tables("CREATE TABLE users (id int PRIMARY KEY, email text, nickname text);"
               "CREATE TABLE user_roles (id int PRIMARY KEY, user_id int REFERENCES users (id), user_name text);"
               "CREATE TABLE import_users (id int, email text);")
    assert natural_key(t["users"], col(t["users"], "email"))
    assert not natural_key(t["users"], col(t["users"], "nickname"))
    # the name beside a reference to the person is a copy of theirs, not this table's key
    assert references_the_person(t["user_roles"], "user")
    assert not natural_key(t["user_roles"], col(t["user_roles"], "user_name"))
    assert not_an_entity(t["import_users"]) and not natural_key(t["import_users"], col(t["import_users"], "email"))


def test_unique_somehow_counts_expression_and_composite_uniques():
    t = tables("CREATE TABLE a (id int PRIMARY KEY, email text);"
               "CREATE UNIQUE INDEX a_email ON a (lower(email));"
               "CREATE TABLE b (id int PRIMARY KEY, org int, slug text, UNIQUE (org, slug));"
               "CREATE TABLE c (id int PRIMARY KEY, email text);")
    assert is_unique_somehow(t["a"], col(t["a"], "email"))
    assert is_unique_somehow(t["b"], col(t["b"], "slug"))
    assert not is_unique_somehow(t["c"], col(t["c"], "email"))


def test_a_foreign_key_is_indexed_by_a_leading_or_implied_partial_index_only():
    t = tables("CREATE TABLE p (id int PRIMARY KEY);"
               "CREATE TABLE lead (id int PRIMARY KEY, p_id int REFERENCES p (id), x int);"
               "CREATE INDEX lead_p ON lead (p_id, x);"
               "CREATE TABLE second (id int PRIMARY KEY, p_id int REFERENCES p (id), x int);"
               "CREATE INDEX second_x ON second (x, p_id);"
               "CREATE TABLE partial (id int PRIMARY KEY, p_id int REFERENCES p (id), gone timestamp);"
               "CREATE INDEX partial_nn ON partial (p_id) WHERE p_id IS NOT NULL;"
               "CREATE TABLE other (id int PRIMARY KEY, p_id int REFERENCES p (id), gone timestamp);"
               "CREATE INDEX other_live ON other (p_id) WHERE gone IS NULL;")
    indexed = {name: fk_is_indexed(t[name], t[name].foreign_keys[0]) for name in ("lead", "second")}
    assert indexed == {"lead": True, "second": False}
    # a partial index serves the key's lookup (p_id = $1) only when that lookup implies its predicate
    assert serves_lookup(t["partial"], t["partial"].indexes[0])
    assert not serves_lookup(t["other"], t["other"].indexes[0])
    assert not_null_columns("p_id IS NOT NULL AND (x IS NOT NULL)") == {"p_id", "x"}
    assert not_null_columns("gone IS NULL") is None  # another predicate: no lookup implies it


@pytest.mark.parametrize("ddl,tree", [
    ("CREATE TABLE area_type (id int PRIMARY KEY, name text, parent int REFERENCES area_type (id));", True),
    ("CREATE TABLE comment (id int PRIMARY KEY, body text, author text, created timestamp, edited timestamp, "
     "score int, lang text, flags int, parent int REFERENCES comment (id));", False),
])
def test_a_tree_of_kinds_is_narrow_and_points_only_at_itself(ddl, tree):
    (table,) = tables(ddl).values()
    assert taxonomy(table) is tree


def test_several_references_to_itself_are_links_not_a_tree():
    ddl = ("CREATE TABLE service (id int PRIMARY KEY, name text, descr text, type int, config text, version int, "
           "is_enabled boolean, tag_service int REFERENCES service (id){more});")
    linked = tables(ddl.format(more=", gds_service int REFERENCES service (id)"))["service"]
    assert not any(grows_with_use(linked, fk) for fk in linked.foreign_keys)
    tree = tables(ddl.format(more=""))["service"]  # one pointer to itself: a tree (of content, without ctx)
    assert grows_with_use(tree, tree.foreign_keys[0])


def test_set_null_on_a_not_null_column_and_nullable_uniques():
    t = tables("CREATE TABLE p (id int PRIMARY KEY);"
               "CREATE TABLE c (id int PRIMARY KEY, p_id int NOT NULL REFERENCES p (id) ON DELETE SET NULL, "
               "code text UNIQUE, ref text NOT NULL UNIQUE);")["c"]
    assert set_null_on_not_null(t, t.foreign_keys[0]) == ["p_id"]
    assert [c.name for c in nullable_unique_columns(t)] == ["code"]


def test_type_predicates():
    t = tables("CREATE TABLE o (id int PRIMARY KEY, price double precision, weight double precision, "
               "total numeric(12, 2));")["o"]
    assert is_float_money(col(t, "price")) and not is_float_money(col(t, "total"))
    assert not is_float_money(col(t, "weight"))
    assert looks_boolean("is_active") and looks_boolean("has_children") and not looks_boolean("status")


def test_a_serial_key_is_referenced_by_its_integer_type():
    """TW104's fix gives the referencing column the key's integer type: bigserial is no type a column
    can be altered to (LedgerSMB's cr_report_line.report_id, int, references a bigserial key)."""
    from tablewright.designer.types import referencing

    from tests.linting.lint_helpers import lint

    [f] = [f for f in lint("CREATE TABLE r (id bigserial PRIMARY KEY);\n"
                           "CREATE TABLE l (id int PRIMARY KEY, r_id int REFERENCES r (id));", "postgres",
                           select=["TW104"]) if f.rule == "TW104"]
    assert f.fix.title == "change r_id to bigint" and "TYPE bigint" in f.fix.sql
    assert referencing(f.fix.edit.value).text == "bigint"
