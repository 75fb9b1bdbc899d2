"""Conventions reported once per schema, partitions reported on their parent
(linting.conventions), through the engine as the CLI and the GUI run it."""

from __future__ import annotations

from lint_helpers import lint


def _rails(n: int, zoned: int = 0) -> str:
    tables = [f"CREATE TABLE t{i} (id bigint PRIMARY KEY, created_at timestamp NOT NULL, "
              f"updated_at timestamp NOT NULL);" for i in range(n)]
    tables += [f"CREATE TABLE z{i} (id bigint PRIMARY KEY, seen_at timestamptz);" for i in range(zoned)]
    return "\n".join(tables)


def test_timestamp_convention_is_one_schema_finding():
    found = [f for f in lint(_rails(6), "postgres", select=["TW203"]) if f.rule == "TW203"]
    assert len(found) == 1
    f = found[0]
    assert f.table is None and f.key == "convention" and f.severity == "medium"
    assert "12 columns in 6 tables" in f.message


def test_timestamp_slips_in_a_zoned_schema_stay_per_column():
    ddl = _rails(1, zoned=8)  # 2 zoneless of 10: a slip, not the convention
    found = [f for f in lint(ddl, "postgres", select=["TW203"]) if f.rule == "TW203"]
    assert sorted(f.column for f in found) == ["created_at", "updated_at"]
    assert {f.severity for f in found} == {"medium"}


def test_convention_is_low_on_mysql():
    ddl = "\n".join(f"CREATE TABLE t{i} (id int PRIMARY KEY, created_at datetime);" for i in range(6))
    found = [f for f in lint(ddl, "mysql", select=["TW203"]) if f.rule == "TW203"]
    assert [(f.key, f.severity) for f in found] == [("convention", "low")]


def test_schema_without_foreign_keys_is_one_finding():
    ddl = ["CREATE TABLE users (id int PRIMARY KEY);", "CREATE TABLE projects (id int PRIMARY KEY);"]
    ddl += [f"CREATE TABLE t{i} (id int PRIMARY KEY, user_id int, project_id int);" for i in range(4)]
    found = [f for f in lint("\n".join(ddl), "mysql", select=["TW103"]) if f.rule == "TW103"]
    assert len(found) == 1 and found[0].key == "convention" and found[0].severity == "medium"
    assert "declares 0 foreign keys" in found[0].message and "8 columns in 4 tables" in found[0].message


def test_a_few_missing_keys_among_declared_ones_stay_per_column():
    ddl = ["CREATE TABLE users (id int PRIMARY KEY);"]
    ddl += [f"CREATE TABLE t{i} (id int PRIMARY KEY, user_id int REFERENCES users (id));" for i in range(6)]
    ddl += ["CREATE TABLE notes (id int PRIMARY KEY, user_id int);"]
    found = [f for f in lint("\n".join(ddl), "postgres", select=["TW103"]) if f.rule == "TW103"]
    assert [(f.table, f.column) for f in found] == [("notes", "user_id")]


PARTITIONED = """
CREATE TABLE customer (id int PRIMARY KEY);
CREATE TABLE payment (id int NOT NULL, customer_id int, paid date NOT NULL) PARTITION BY RANGE (paid);
CREATE TABLE payment_2023 (id int NOT NULL, customer_id int, paid date NOT NULL);
CREATE TABLE payment_2024 (id int NOT NULL, customer_id int, paid date NOT NULL);
ALTER TABLE ONLY payment ATTACH PARTITION payment_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
ALTER TABLE ONLY payment ATTACH PARTITION payment_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE payment_2023 ADD CONSTRAINT p23_c FOREIGN KEY (customer_id) REFERENCES customer (id);
ALTER TABLE payment_2024 ADD CONSTRAINT p24_c FOREIGN KEY (customer_id) REFERENCES customer (id);
"""


def test_attach_partition_makes_a_partition():
    from tablewright.designer.ddl_import import import_ddl

    schema = import_ddl([("p.sql", PARTITIONED)], "postgres").schema
    part = next(t for t in schema.tables if t.name == "payment_2024")
    assert part.options.partition_of == next(t.id for t in schema.tables if t.name == "payment")
    assert part.options.partition_bound == "FROM ('2024-01-01') TO ('2025-01-01')"


def test_partitions_are_reported_once_on_their_parent():
    found = lint(PARTITIONED, "postgres", select=["TW101", "TW401", "TW103"])
    # no key: reported on the parent only (critical), never on each partition
    assert [(f.rule, f.table) for f in found if f.rule == "TW101"] == [("TW101", "payment")]
    # the unindexed FK of both partitions: one finding on the parent naming them
    fk = [f for f in found if f.rule == "TW401"]
    assert [(f.table, f.column) for f in fk] == [("payment", "customer_id")]
    assert "in 2 of the 2 partitions of payment" in fk[0].message
    # the parent's missing FK is the claim; the partitions' copies of the column say nothing more
    assert [(f.table, f.column) for f in found if f.rule == "TW103"] == [("payment", "customer_id")]


def test_partman_template_tables_are_left_alone():
    ddl = "CREATE SCHEMA partman; CREATE TABLE partman.template_public_events (id int, user_id int);"
    assert [f for f in lint(ddl, "postgres") if f.table and "template_" in f.table] == []


def test_natural_key_fix_keeps_the_tenant_key():
    ddl = """
    CREATE TABLE accounts (id int PRIMARY KEY);
    CREATE TABLE users (id int PRIMARY KEY, account_id int NOT NULL, email varchar(255), password_digest text);
    CREATE TABLE projects (id int PRIMARY KEY, account_id int NOT NULL);
    CREATE TABLE invoices (id int PRIMARY KEY, account_id int NOT NULL);
    """
    f = next(f for f in lint(ddl, "postgres", select=["TW301"]) if f.rule == "TW301")
    assert "within its account_id" in f.message
    assert "ON users (account_id, email)" in f.fix.sql


def test_health_score_is_not_dominated_by_one_rule():
    """300 findings of one rule cost less than the same number spread over ten rules, and
    one more finding of a rule that already fires often barely moves the score."""
    from tablewright.linting.findings import Finding
    from tablewright.linting.reporters.markdown import score

    def fs(rule, n):
        return [Finding(rule, "r", "data-types", "high", "m", "column", f"t{i}", "c") for i in range(n)]

    one_rule = score(fs("TW900", 300), 100)
    ten_rules = score([f for k in range(10) for f in fs(f"TW9{k:02d}", 30)], 100)
    assert one_rule > ten_rules
    assert score(fs("TW900", 301), 100) == one_rule
    assert score([], 100) == 10.0


def _fk_schema(unindexed: int, indexed: int) -> str:
    ddl = ["CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);"]
    for i in range(unindexed + indexed):
        ddl.append(f"CREATE TABLE orders{i} (id bigint PRIMARY KEY, customer_id bigint NOT NULL "
                   f"REFERENCES customers (id) ON DELETE CASCADE, total numeric(12,2), created_at timestamptz);")
        if i >= unindexed:
            ddl.append(f"CREATE INDEX orders{i}_customer_id_idx ON orders{i} (customer_id);")
    return "\n".join(ddl)


def test_foreign_keys_unindexed_as_a_rule_are_one_finding_over_the_missing_indexes():
    """Most foreign keys without an index: one schema finding says so; each
    missing index stays, with its fix, under it."""
    found = [f for f in lint(_fk_schema(10, 2), "postgres", select=["TW401"]) if f.rule == "TW401"]
    [one] = [f for f in found if f.key == "convention"]
    assert one.table is None and one.severity == "medium"
    assert "10 of the 12 declared" in one.message
    members = [f for f in found if f.key != "convention"]
    assert sorted(f.table for f in members) == sorted(f"orders{i}" for i in range(10))
    assert {f.severity for f in members} == {"medium"}
    assert all(f.fix is not None and f.fix.edit is not None for f in members)


def test_a_few_unindexed_foreign_keys_stay_one_finding_each():
    found = [f for f in lint(_fk_schema(3, 9), "postgres", select=["TW401"]) if f.rule == "TW401"]
    assert sorted(f.table for f in found) == ["orders0", "orders1", "orders2"]
    assert all(f.key != "convention" for f in found)


def test_a_table_level_convention_counts_tables_not_columns():
    """TW118 on a schema of MyISAM tables (InvoicePlane, FRESH26): one finding, '3 tables', not '3 columns in 3
    tables'."""
    ddl = "\n".join(f"CREATE TABLE t{i} (id int PRIMARY KEY, parent_id int, FOREIGN KEY (parent_id) REFERENCES t{i} (id)) "
                    "ENGINE=MyISAM;" for i in range(6))
    found = [f for f in lint(ddl, "mysql", select=["TW118"]) if f.key == "convention"]
    assert len(found) == 1
    assert "(6 tables: " in found[0].message and "columns" not in found[0].message
