"""What must show (issue 3): defects found at the right table/column/category,
InnoDB FK indexes and postal codes raise nothing, a careful schema raises
nothing high or critical."""

from __future__ import annotations

from pathlib import Path

from lint_helpers import lint

FIX = Path(__file__).parent / "fixtures"

EXPECTED = [
    # (rule, table, column, category)
    ("TW601", "users", "password", "security"),
    ("TW602", "payments", "card_number", "security"),
    ("TW301", "users", "email", "constraints"),
    ("TW208", "users", "is_admin", "data-types"),
    ("TW203", "users", "created_at", "data-types"),
    ("TW213", "users", "id", "data-types"),
    ("TW201", "products", "price", "data-types"),
    ("TW206", "products", "quantity", "data-types"),
    ("TW212", "products", "status", "data-types"),
    ("TW211", "products", "metadata", "data-types"),
    ("TW402", "products", None, "indexing"),
    ("TW307", "orders", "user_id", "constraints"),
    ("TW207", "orders", "shipped_at", "data-types"),
    ("TW216", "orders", "total", "data-types"),
    ("TW104", "order_items", "order_id", "schema-design"),
    ("TW401", "orders", "user_id", "indexing"),
    ("TW308", "order_items", "order_id", "constraints"),
    ("TW103", "order_items", "product_id", "schema-design"),
    ("TW306", "payments", None, "constraints"),
    ("TW214", "event_log", "id", "data-types"),
    ("TW701", "event_log", None, "scalability"),
    ("TW116", "tags", None, "schema-design"),
    ("TW101", "tags", None, "schema-design"),
    ("TW502", "payments", None, "concurrency"),
]


def test_defects_are_reported_where_they_are():
    found = lint((FIX / "defects.sql").read_text(), "postgres")
    got = {(f.rule, f.table, f.column, f.category) for f in found}
    missing = [e for e in EXPECTED if e not in got]
    assert missing == []


def test_careful_schema_has_nothing_high_or_critical():
    found = lint((FIX / "careful.sql").read_text(), "postgres")
    bad = [f"{f.rule} {f.message}" for f in found if f.severity in ("high", "critical")]
    assert bad == []


def test_innodb_fk_indexes_and_postal_codes_raise_nothing():
    found = lint((FIX / "innodb.sql").read_text(), "mysql")
    assert not [f for f in found if f.rule == "TW401"]
    assert not [f for f in found if f.column in ("postal_code", "zip_code", "phone")
                and f.category in ("data-types", "constraints")]
    same_in_pg = lint((FIX / "innodb.sql").read_text().replace(" ENGINE=InnoDB", "").replace(" unsigned", "")
                      .replace("AUTO_INCREMENT ", ""), "postgres")
    assert [f for f in same_in_pg if f.rule == "TW401"]  # the rule does fire where the engine needs the index
