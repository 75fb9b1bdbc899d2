"""SQLite table rebuilds keep what depends on the table: views of it (which
SQLite's rename would refuse: "error in view v: no such table"), its own
triggers (dropped with the old table, re-created), other tables' triggers
that write to it, and the rows."""

from __future__ import annotations

import sqlite3

from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.migrations import compare
from tablewright.designer.migrations.render_sql import render_sql

OLD = """
CREATE TABLE account (id integer PRIMARY KEY, name text NOT NULL, balance numeric, touched text);
CREATE TABLE audit (id integer PRIMARY KEY, what text);
CREATE TRIGGER account_touch AFTER UPDATE OF balance ON account
BEGIN UPDATE account SET touched = 'yes' WHERE id = new.id; END;
CREATE TRIGGER audit_mirror AFTER INSERT ON audit BEGIN INSERT INTO account (name) VALUES (new.what); END;
CREATE VIEW rich AS SELECT id, name FROM account WHERE balance > 100;
CREATE VIEW rich_names AS SELECT name FROM rich;
"""
# a NOT NULL column with a default and a CHECK: SQLite can do neither in place, so a rebuild
NEW = OLD.replace("balance numeric, touched text)",
                  "balance numeric CHECK (balance >= 0), touched text, currency text NOT NULL DEFAULT 'EUR')")


def test_rebuild_keeps_views_triggers_and_rows():
    old = import_ddl([("old.sql", OLD)], "sqlite").schema
    new = import_ddl([("new.sql", NEW)], "sqlite").schema
    script = render_sql(compare(old, new), "sqlite").text
    assert "_tw_new_account" in script  # it is a rebuild
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(OLD)
    db.execute("INSERT INTO account (name, balance) VALUES ('ann', 500), ('bob', 5)")
    db.executescript(script)
    objects = set(db.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    assert objects == {("table", "account"), ("table", "audit"), ("trigger", "account_touch"),
                       ("trigger", "audit_mirror"), ("view", "rich"), ("view", "rich_names")}
    assert db.execute("SELECT name, balance, currency FROM account ORDER BY id").fetchall() == [
        ("ann", 500, "EUR"), ("bob", 5, "EUR")]
    assert db.execute("SELECT name FROM rich_names").fetchall() == [("ann",)]
    db.execute("UPDATE account SET balance = 7 WHERE name = 'bob'")  # the table's own trigger fires
    assert db.execute("SELECT touched FROM account WHERE name = 'bob'").fetchone() == ("yes",)
    db.execute("INSERT INTO audit (what) VALUES ('cy')")  # another table's trigger writes to it
    assert db.execute("SELECT count(*) FROM account").fetchone() == (3,)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA legacy_alter_table").fetchone() == (0,)
