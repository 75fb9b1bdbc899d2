"""Table roles (linting/facts.py): inferred from structure and name with the
evidence, overridden by the ``roles`` setting and the comment tag, and followed
by the rules (no Qt)."""

from __future__ import annotations

import pytest

from tablewright.designer.errors import InputError
from tablewright.linting import Config, Engine
from tablewright.linting.facts import comment_roles, has_role
from tablewright.linting.runner import settings_config

from lint_helpers import lint, schema_of


def roles_of(ddl: str, dialect: str = "postgres", **config) -> dict[str, object]:
    """Table name -> its roles with the evidence (``TableRoles``)."""
    schema = schema_of(ddl, dialect).schema
    engine = Engine(Config(**config))
    engine.run(schema)
    return {t.name: engine.index.explain_roles(t) for t in schema.tables}


# -- inference: structure --------------------------------------------------------
def test_link_table_is_read_from_its_foreign_keys_whatever_its_name():
    got = roles_of("""
        CREATE TABLE film (id int PRIMARY KEY, title text);
        CREATE TABLE actor (id int PRIMARY KEY, name text);
        CREATE TABLE casting (film_id int REFERENCES film, actor_id int REFERENCES actor, PRIMARY KEY (film_id, actor_id));
        CREATE TABLE review (id int PRIMARY KEY, film_id int REFERENCES film, actor_id int REFERENCES actor,
                             body text, stars int);
    """)
    assert "link" in got["casting"].roles
    assert "film_id" in got["casting"].why("link")[0] and "actor_id" in got["casting"].why("link")[0]
    assert "link" not in got["review"].roles  # two references, but it holds facts of its own


def test_event_table_is_a_log_only_when_its_rows_are_not_updated():
    got = roles_of("""
        CREATE TABLE page_events (id bigint PRIMARY KEY, page text, created_at timestamptz NOT NULL);
        CREATE TABLE calendar_events (id bigint PRIMARY KEY, title text, starts_at timestamptz,
                                      updated_at timestamptz);
    """)
    log = got["page_events"]
    assert "log" in log.roles
    why = " | ".join(log.why("log"))
    assert "no column records an update" in why and "created_at" in why and "no table references it" in why
    assert "log" not in got["calendar_events"].roles
    assert "updated_at" in got["calendar_events"].why("log")[0]  # why it is not a log


def test_history_table_from_the_table_it_extends_and_dates():
    got = roles_of("""
        CREATE TABLE documents (id bigint PRIMARY KEY, title text, updated_at timestamptz);
        CREATE TABLE document_states (id bigint PRIMARY KEY, document_id bigint NOT NULL REFERENCES documents,
                                      state text, valid_from timestamptz NOT NULL);
        CREATE TABLE document_tags (id bigint PRIMARY KEY, document_id bigint NOT NULL REFERENCES documents,
                                    tag text, updated_at timestamptz);
    """)
    assert "history" in got["document_states"].roles
    assert "documents" in got["document_states"].why("history")[0]
    assert "history" not in got["document_tags"].roles  # updated in place, no validity column
    assert "history" not in got["documents"].roles


def test_lookup_is_a_small_keyed_table_others_reference():
    got = roles_of("""
        CREATE TABLE currency (code char(3) PRIMARY KEY, name text NOT NULL);
        CREATE TABLE colour (code text PRIMARY KEY, name text NOT NULL);
        CREATE TABLE price (id int PRIMARY KEY, currency_code char(3) REFERENCES currency, amount numeric(12,2));
    """)
    assert "lookup" in got["currency"].roles
    assert "code (unique)" in got["currency"].why("lookup")[0] and "referenced by 1 table" in got["currency"].why("lookup")[0]
    assert "lookup" not in got["colour"].roles  # nothing references it


def test_financial_needs_money_beside_a_weak_word():
    got = roles_of("""
        CREATE TABLE orders (id int PRIMARY KEY, total numeric(12,2));
        CREATE TABLE work_orders (id int PRIMARY KEY, machine text);
        CREATE TABLE invoices (id int PRIMARY KEY, note text);
    """)
    assert "financial" in got["orders"].roles and "total" in got["orders"].why("financial")[0]
    assert "financial" not in got["work_orders"].roles
    assert got["work_orders"].why("financial") == ["not financial: 'orders' names it but no column holds money"]
    assert "financial" in got["invoices"].roles


def test_person_and_tenant():
    got = roles_of("""
        CREATE TABLE organizations (id bigint PRIMARY KEY, name text);
        CREATE TABLE members (id bigint PRIMARY KEY, organization_id bigint REFERENCES organizations, note text);
        CREATE TABLE users (id bigint PRIMARY KEY, organization_id bigint REFERENCES organizations, email text);
        CREATE TABLE projects (id bigint PRIMARY KEY, organization_id bigint REFERENCES organizations,
                               created_by bigint REFERENCES members);
        CREATE TABLE tasks (id bigint PRIMARY KEY, organization_id bigint REFERENCES organizations, title text);
    """)
    assert "person" in got["users"].roles and "email" in got["users"].why("person")[0]
    assert "person" in got["members"].roles and "created_by" in got["members"].why("person")[0]
    assert "tenant" in got["organizations"].roles
    assert "4 table(s) reference it by organization_id" in got["organizations"].why("tenant")[0]
    assert not any("tenant" in r.roles for n, r in got.items() if n != "organizations")


def test_a_table_alone_has_the_roles_its_name_and_columns_give():
    schema = schema_of("CREATE TABLE audit_log (id int PRIMARY KEY, payload text);", "postgres").schema
    t = schema.tables[0]
    assert has_role(t, "log") and has_role(t, "audit") and not has_role(t, "financial")
    t.comment = "@tablewright:role=-log"
    assert not has_role(t, "log")


# -- overrides ------------------------------------------------------------------
def test_comment_tag_reads_roles_and_ignores_unknown_words():
    assert comment_roles("Clicks. @tablewright:role=log") == ("log",)
    assert comment_roles("@TableWright:roles = log, -financial  (see wiki)") == ("log", "-financial")
    assert comment_roles("@tablewright:role=nonsense") == ()
    assert comment_roles("no tag here") == ()


GROWING = """
    CREATE TABLE users (id bigint PRIMARY KEY, email text);
    CREATE TABLE user_marks (id serial PRIMARY KEY, user_id bigint REFERENCES users, created_at timestamptz);
    CREATE TABLE event_log (id serial PRIMARY KEY, user_id bigint REFERENCES users, created_at timestamptz);
"""


def _tw214(findings) -> set[str]:
    return {f.table for f in findings if f.rule == "TW214"}


def test_rule_follows_a_role_given_by_the_setting():
    assert _tw214(lint(GROWING, "postgres")) == {"event_log"}
    got = lint(GROWING, "postgres", roles={"public.user_marks": ("log",), "event_*": ("-log",)})
    assert _tw214(got) == {"user_marks"}


def test_rule_follows_a_role_given_by_the_comment_tag():
    ddl = GROWING + """
        COMMENT ON TABLE user_marks IS 'What each user saw. @tablewright:role=log';
        COMMENT ON TABLE event_log IS '@tablewright:role=-log';
    """
    assert _tw214(lint(ddl, "postgres")) == {"user_marks"}
    # the setting has the last word over the comment
    assert _tw214(lint(ddl, "postgres", roles={"user_marks": ("-log",)})) == set()


def test_roles_explain_who_decided():
    got = roles_of(GROWING + "COMMENT ON TABLE event_log IS '@tablewright:role=-log';",
                   roles={"user_marks": ("log", "-link")})
    assert "log" not in got["event_log"].roles and got["event_log"].source("log") == "comment"
    assert got["event_log"].why("log")[-1] == "taken away by the comment (@tablewright:role)"
    assert "log" in got["user_marks"].roles and got["user_marks"].source("log") == "setting"
    assert got["users"].source("log") == "inferred"


def test_roles_setting_from_toml_and_project_settings(tmp_path):
    (tmp_path / "tablewright.toml").write_text('[roles]\n"public.events" = ["log"]\nusers = "-financial"\n')
    cfg = Config.discover(tmp_path)
    assert cfg.roles == {"public.events": ("log",), "users": ("-financial",)}
    merged = settings_config({"roles": {"payments": ["-financial"]}}, cfg)
    assert merged.roles == {"payments": ("-financial",), "public.events": ("log",), "users": ("-financial",)}
    with pytest.raises(InputError, match="unknown table role 'logg'"):
        Config.from_dict({"roles": {"events": ["logg"]}}, "pyproject.toml")
    with pytest.raises(InputError, match="roles must map"):
        Config.from_dict({"roles": ["log"]}, "pyproject.toml")


# -- incremental -----------------------------------------------------------------
def test_neighbour_edit_recomputes_roles_and_rechecks_the_neighbour():
    schema = schema_of("""
        CREATE TABLE currency (code char(3) PRIMARY KEY, name text NOT NULL);
        CREATE TABLE price (id int PRIMARY KEY, currency_code char(3), amount numeric(12,2));
    """, "postgres").schema
    engine = Engine(Config())
    engine.run(schema)
    currency, price = schema.tables
    assert "lookup" not in engine.index.roles[currency.id].roles
    from tablewright.designer.model import ForeignKey

    price.foreign_keys.append(ForeignKey("fk1", [price.columns[1].id], currency.id, [currency.columns[0].id]))
    engine.update(schema, {price.id})
    assert "lookup" in engine.index.roles[currency.id].roles
    assert currency.id in engine.index.role_changed


def test_version_table_is_history_when_the_rest_of_its_name_is_a_table():
    got = roles_of("""
        CREATE TABLE bikes (id bigint PRIMARY KEY, serial text);
        CREATE TABLE bike_versions (id bigint PRIMARY KEY, bike_id bigint, name text);
        CREATE TABLE affected_versions (id bigint PRIMARY KEY, package text, requirement text);
        CREATE TABLE versions (id bigint PRIMARY KEY, item_type text, item_id bigint, object text);
    """)
    assert "history" in got["bike_versions"].roles and "bikes" in got["bike_versions"].why("history")[0]
    assert "history" not in got["affected_versions"].roles  # versions of software, not of rows
    assert "history" in got["versions"].roles


def test_a_new_table_name_recomputes_roles_that_read_it():
    schema = schema_of("CREATE TABLE bike_versions (id bigint PRIMARY KEY, bike_id bigint);", "postgres").schema
    engine = Engine(Config())
    engine.run(schema)
    versions = schema.tables[0]
    assert "history" not in engine.index.roles[versions.id].roles
    from tablewright.designer.model import Column, DataType, Table

    schema.tables.append(Table("t_bikes", "bikes", columns=[Column("c_id", "id", DataType("bigint", "bigint"))]))
    engine.update(schema, {"t_bikes"})
    assert "history" in engine.index.roles[versions.id].roles


def test_lint_roles_prints_roles_and_evidence(tmp_path, monkeypatch, capsys):
    import json

    from tablewright.app.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.sql").write_text(GROWING + "COMMENT ON TABLE event_log IS '@tablewright:role=-log';\n")
    (tmp_path / "tablewright.toml").write_text('[roles]\nuser_marks = ["log"]\n')
    assert main(["lint", "s.sql", "--dialect", "postgres", "--roles"]) == 0
    out = capsys.readouterr().out
    assert "user_marks: log\n" in out and "    log: given by the setting (roles)" in out
    assert "event_log: audit\n" in out and "    log: taken away by the comment (@tablewright:role)" in out
    assert main(["lint", "s.sql", "--dialect", "postgres", "--roles", "--format", "json"]) == 0
    tables = {t["table"]: t for t in json.loads(capsys.readouterr().out)["tables"]}
    assert tables["user_marks"]["roles"] == ["log"]
    assert tables["user_marks"]["overrides"] == [{"role": "+log", "source": "setting"}]
    assert main(["lint", "s.sql", "--roles", "--format", "sarif"]) == 2


def test_tw214_follows_the_inferred_history_role():
    ddl = """
        CREATE TABLE documents (id bigint PRIMARY KEY, title text);
        CREATE TABLE document_revisions (id serial PRIMARY KEY, document_id bigint REFERENCES documents, body text);
        CREATE TABLE release_revisions (id serial PRIMARY KEY, package text, body text);
    """
    # the first revises a table of the schema; the second names no table: no history, no finding
    assert _tw214(lint(ddl, "postgres")) == {"document_revisions"}
    assert _tw214(lint(ddl, "postgres", roles={"document_revisions": ("-history",)})) == set()


def test_a_tree_of_kinds_is_a_lookup():
    got = roles_of("""
        CREATE TABLE area_type (id int PRIMARY KEY, name text NOT NULL, parent int REFERENCES area_type,
                                child_order int);
        CREATE TABLE comments (id int PRIMARY KEY, body text, parent_id int REFERENCES comments,
                               post_id int, author text, created_at timestamptz, score int, flags int, lang text);
    """)
    assert "lookup" in got["area_type"].roles and "parent" in got["area_type"].why("lookup")[0]
    assert "lookup" not in got["comments"].roles  # a tree of content: wide
