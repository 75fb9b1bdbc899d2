"""PostgreSQL folds unquoted names to lower case; the DDL importer names what it
reads as the engine does (the engine is the oracle).

A hand-written schema (Request Tracker's schema.Pg, Bacula's catalog) writes
``CREATE TABLE Attachments (TransactionId int)``: PostgreSQL makes
``attachments(transactionid)``.  When the model kept the spelling, everything
written from it quoted the mixed case (``ALTER TABLE "Attachments"``) and named a
table that does not exist.  Here a schema with unquoted mixed-case names and
quoted ones (tables, columns, keys, foreign keys, indexes, a view, a sequence, an
enum, a schema, COMMENT ON, OWNED BY, ALTER TABLE targets) is loaded by ``psql``
and imported from the same file: the model's names must be the catalog's; its
export, loaded into a fresh database, must give the same catalog; and every lint
fix on it must run.  Other dialects keep names as written.
"""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tests import engine_catalog
from tests.engines import psql

pytestmark = pytest.mark.db

SCHEMA = """
CREATE SCHEMA Billing;
CREATE TYPE Mood AS ENUM ('Happy', 'sad');
CREATE TYPE "Colour" AS ENUM ('red');
CREATE SEQUENCE Ticket_Seq START 10;
CREATE TABLE Queues (
  Id serial PRIMARY KEY,
  Name varchar(200) NOT NULL,
  "DisplayName" text,
  CONSTRAINT Queues_Name_Key UNIQUE (Name)
);
CREATE TABLE "Tickets" (
  Id integer DEFAULT nextval('Ticket_Seq') NOT NULL,
  QueueId integer NOT NULL REFERENCES Queues (Id),
  "OwnerId" integer,
  Subject varchar(200) DEFAULT '[no subject]',
  Feeling Mood,
  "Paint" "Colour",
  Created timestamp,
  CONSTRAINT Tickets_PKey PRIMARY KEY (Id),
  CONSTRAINT "Tickets_Subject_Check" CHECK (Subject <> '')
);
ALTER SEQUENCE Ticket_Seq OWNED BY "Tickets".Id;
CREATE TABLE Attachments (
  id serial,
  TransactionId integer NOT NULL,
  TicketId integer,
  ContentType varchar(80),
  Content text
);
ALTER TABLE Attachments ADD CONSTRAINT Attachments_PK PRIMARY KEY (id);
ALTER TABLE ONLY Attachments ADD CONSTRAINT Attachments_Ticket_FK FOREIGN KEY (TicketId) REFERENCES "Tickets" (Id);
CREATE INDEX Attachments1 ON Attachments (TransactionId);
CREATE UNIQUE INDEX "Attachments2" ON Attachments (TicketId, ContentType) WHERE ContentType IS NOT NULL;
CREATE INDEX Attachments3 ON Attachments (lower(ContentType));
CREATE TABLE Billing.Invoices (
  InvoiceId bigint PRIMARY KEY,
  TicketId integer REFERENCES "Tickets",
  Amount numeric(12, 2)
);
CREATE TABLE Billing."LineItems" (
  InvoiceId bigint REFERENCES Billing.Invoices (InvoiceId) ON DELETE CASCADE,
  Pos integer,
  PRIMARY KEY (InvoiceId, Pos)
);
COMMENT ON TABLE Attachments IS 'files';
COMMENT ON COLUMN Attachments.ContentType IS 'MIME type';
COMMENT ON COLUMN "Tickets"."OwnerId" IS 'the owner';
CREATE VIEW OpenTickets AS SELECT Id, Subject FROM "Tickets" WHERE Subject IS NOT NULL;
"""


def _catalog_names(url: str) -> dict[str, set]:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    queries = {
        "table": "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                 "WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'billing')",
        "column": "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
                  "AND n.nspname IN ('public', 'billing') AND a.attnum > 0 AND NOT a.attisdropped",
        "constraint": "SELECT c.relname, k.conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
                      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'billing') "
                      "AND k.contype IN ('p', 'u', 'f', 'c')",
        "index": "SELECT t.relname, i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                 "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                 "WHERE n.nspname IN ('public', 'billing') AND NOT EXISTS "
                 "(SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)",
        "sequence": "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'S' AND n.nspname = 'public' AND c.relname = 'ticket_seq'",
        "enum": "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                "WHERE t.typtype = 'e' AND n.nspname = 'public'",
        "view": "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'v' AND n.nspname = 'public'",
    }
    with psycopg.connect(dsn, autocommit=True) as conn:
        return {kind: {row if len(row) > 1 else row[0] for row in conn.execute(sql).fetchall()}
                for kind, sql in queries.items()}


def _model_names(schema) -> dict[str, set]:
    names: dict[str, set] = {k: set() for k in ("table", "column", "constraint", "index", "sequence", "enum", "view")}
    for t in schema.tables:
        names["table"].add((t.namespace or "public", t.name))
        names["column"] |= {(t.name, c.name) for c in t.columns}
        keys = [*([t.primary_key] if t.primary_key else []), *t.uniques, *t.foreign_keys, *t.checks]
        names["constraint"] |= {(t.name, k.name) for k in keys}
        names["index"] |= {(t.name, i.name) for i in t.indexes}
    names["sequence"] = {s.name for s in schema.sequences}
    names["enum"] = {e.name for e in schema.enums}
    names["view"] = {r.name for r in schema.raw if r.kind == "view"}
    return names


def _imported():
    result = import_ddl([("schema.Pg", SCHEMA)], "postgres")
    assert not [i for i in result.issues if i.severity in ("error", "warning")], result.issues
    return result.schema


def test_names_are_the_catalogs(pg_url_factory):
    url = pg_url_factory()
    psql(url, SCHEMA)
    catalog = _catalog_names(url)
    # PostgreSQL names its own constraints (serial's keys, unnamed FKs/PKs): compare those the file names
    schema = _imported()
    model = _model_names(schema)
    for kind in ("table", "column", "index", "sequence", "enum", "view"):
        assert model[kind] == catalog[kind], kind
    named = {n for n in model["constraint"] if n[1] is not None}
    assert named and named <= catalog["constraint"], named - catalog["constraint"]
    assert ("attachments", "attachments_ticket_fk") in named and ("Tickets", "Tickets_Subject_Check") in named
    # the references resolved to the folded tables and columns
    attachments = next(t for t in schema.tables if t.name == "attachments")
    tickets = next(t for t in schema.tables if t.name == "Tickets")
    assert attachments.comment == "files"
    assert attachments.column_named("contenttype").comment == "MIME type"
    assert tickets.column_named("OwnerId").comment == "the owner"
    assert all(fk.unresolved is None for t in schema.tables for fk in t.foreign_keys)
    assert [fk.ref_table for fk in attachments.foreign_keys] == [tickets.id]
    owner = schema.sequences[0].owned_by
    assert owner == (tickets.id, tickets.column_named("id").id)
    assert {t.namespace for t in schema.tables} == {None, "billing"}
    # the spelling of a folded name is kept for the linter's words, of a quoted one there is none
    assert schema.spellings["transactionid"] == "TransactionId" and "Tickets" not in schema.spellings
    assert "ownerid" not in schema.spellings and schema.spellings["attachments_ticket_fk"] == "Attachments_Ticket_FK"


def test_export_makes_the_same_catalog(pg_url_factory):
    original, copy = pg_url_factory(), pg_url_factory()
    psql(original, SCHEMA)
    exported = export_ddl(_imported(), "postgres")
    psql(copy, exported.sql)
    schemas = ["public", "billing"]
    differences = engine_catalog.diff(engine_catalog.postgres_catalog(original, schemas),
                                      engine_catalog.postgres_catalog(copy, schemas))
    assert not differences, "\n".join(differences) + f"\nexport:\n{exported.sql}"


def test_lint_fixes_run(pg_url_factory):
    from tablewright.linting import Config, Engine

    fixes = [f for f in Engine(Config()).run(_imported()) if f.fix is not None and f.fix.sql]
    assert fixes
    url = pg_url_factory()
    psql(url, SCHEMA)
    failed = []
    for f in fixes:
        try:
            psql(url, f.fix.sql)
        except AssertionError as exc:  # LoadError: psql's error
            failed.append(f"{f.rule} {f.table}.{f.column}: {f.fix.sql}\n{str(exc)[:400]}")
    assert not failed, "\n\n".join(failed)


def test_linter_reads_the_words_as_written():
    from tablewright.linting import Config, Engine

    ddl = ("CREATE TABLE Transactions (id serial PRIMARY KEY, Amount numeric);\n"
           "CREATE TABLE Users (id serial PRIMARY KEY, EmailAddress varchar(120), AuthToken varchar(64));\n"
           "CREATE TABLE Attachments (id serial PRIMARY KEY, TransactionId integer NOT NULL, Content text);\n")
    schema = import_ddl([("schema.Pg", ddl)], "postgres").schema
    expected = {("TW103", "attachments", "transactionid"), ("TW601", "users", "authtoken")}
    found = {(f.rule, f.table, f.column) for f in Engine(Config()).run(schema)}
    assert expected <= found
    schema.spellings.clear()  # without the spelling, transactionid and authtoken are one word each
    found = {(f.rule, f.table, f.column) for f in Engine(Config()).run(schema)}
    assert not expected & found


@pytest.mark.parametrize("dialect", ["mysql", "sqlite", "mssql"])
def test_other_dialects_keep_the_spelling(dialect):
    ddl = "CREATE TABLE Attachments (Id int PRIMARY KEY, TransactionId int);\n" \
          "CREATE INDEX Attachments1 ON Attachments (TransactionId);\n"
    table = import_ddl([("schema.sql", ddl)], dialect).schema.tables[0]
    assert (table.name, [c.name for c in table.columns], table.indexes[0].name) == \
        ("Attachments", ["Id", "TransactionId"], "Attachments1")
