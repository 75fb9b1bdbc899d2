"""The names lint fixes give what they add (``orders_user_id_idx``, ``users_email_key``,
``products_price_check``, ``orders_customer_id_fkey``) when the schema has the name
already: PostgreSQL, naming its own objects, puts a number after the label
(``…_idx1``); a fix that reused the name was refused by the engine ("relation
already exists", "constraint … already exists").  The engine is the oracle: the
schema is loaded with psql and every fix's SQL is run on it in turn."""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_import import import_ddl
from tests.designer.test_hostile_text_engines import _Engine, assert_fixes_run

pytestmark = pytest.mark.db

PG = """
CREATE TABLE customers (id int PRIMARY KEY, name text);
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id), customer_id int,
  CONSTRAINT orders_customer_id_fkey CHECK (customer_id > 0));
CREATE TABLE orders_user_id_idx (id int PRIMARY KEY);
CREATE INDEX users_email_key ON users (id);
CREATE TABLE products (id int PRIMARY KEY, price numeric, quantity int,
  CONSTRAINT products_price_check CHECK (quantity > 0));
"""


def test_fix_names_avoid_names_taken(request, tmp_path):
    from tablewright.linting import Config, Engine

    engine = _Engine("postgres", request, tmp_path)
    schema = import_ddl([("schema.sql", PG)], "postgres").schema
    fixes = [f for f in Engine(Config()).run(schema) if f.fix is not None and f.fix.sql]
    assert_fixes_run(engine, PG, fixes)
    sql = "\n".join(f.fix.sql for f in fixes)
    for taken in ("orders_user_id_idx", "users_email_key", "orders_customer_id_fkey", "products_price_check"):
        assert f"{taken}1" in sql, f"no fix adds a second {taken}:\n{sql}"  # each case was reached
