"""Which columns an SQL expression (a CHECK body, an index expression) refers
to: read with sqlglot, so words inside string literals and function names do
not count, and quoted names are found in every dialect's quoting."""

from __future__ import annotations

import pytest
from lint_helpers import lint

from tablewright.linting.heuristics import mentions_column, referenced_columns


@pytest.mark.parametrize("expression, columns", [
    ("price >= 0", {"price"}),
    ('"Price" BETWEEN 0 AND 100', {"price"}),
    ("`price` >= 0", {"price"}),
    ("[price] >= 0", {"price"}),
    ("length(name) > 0 AND status IN ('price', 'cost')", {"name", "status"}),
    ("end_date >= start_date", {"end_date", "start_date"}),
    ("lower(email)", {"email"}),
    ("(data ->> 'kind')", {"data"}),
])
def test_referenced_columns(expression, columns):
    assert referenced_columns(expression) == columns


def test_mentions_column_is_about_columns_not_words():
    assert mentions_column("price >= 0", "price")
    assert not mentions_column("unit_price >= 0", "price")
    assert not mentions_column("status <> 'price'", "price")
    assert not mentions_column(None, "price") and not mentions_column("", "price")


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite"])
def test_a_check_naming_the_column_only_in_a_literal_does_not_cover_it(dialect):
    ddl = ("CREATE TABLE item (id int PRIMARY KEY, price numeric(10,2), kind varchar(20), "
           "CHECK (kind IN ('price', 'other')));")
    assert any(f.rule == "TW304" and f.column == "price" for f in lint(ddl, dialect))
    checked = ddl.replace("CHECK (kind IN ('price', 'other'))", "CHECK (price >= 0)")
    assert not any(f.rule == "TW304" and f.column == "price" for f in lint(checked, dialect))
