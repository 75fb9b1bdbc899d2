"""Statements the DDL importer once dropped on real schemas (LedgerSMB, Cacti), by mechanism,
with the engine as the oracle: each script below loads unchanged in its engine, and the
importer reads the tables the engine creates, with the same columns (in the engine's order)
and primary keys."""

from __future__ import annotations

import engines
import pytest

from tablewright.designer.ddl_import import import_ddl


def imported(sql: str, dialect: str) -> tuple[dict[str, tuple[list[str], list[str]]], list]:
    """table -> (columns in order, NOT NULL ones marked ``!``; primary key columns), and the
    import's errors and warnings."""
    result = import_ddl([("gaps.sql", sql)], dialect)
    tables = {}
    for table in result.schema.tables:
        names = {c.id: c.name for c in table.columns}
        pk = [names[c] for c in table.primary_key.columns] if table.primary_key else []
        tables[table.name] = ([c.name + ("" if c.nullable and c.id not in pk_ids(table) else "!")
                               for c in table.columns], pk)
    return tables, [i for i in result.issues if i.severity != "info"]


def pk_ids(table) -> set[str]:
    return set(table.primary_key.columns) if table.primary_key else set()


def pg_tables(pg_url_factory, sql: str) -> dict[str, tuple[list[str], list[str]]]:
    """What PostgreSQL makes of ``sql`` (loaded with psql, stopping at the first error)."""
    import psycopg

    dbname = pg_url_factory().rsplit("/", 1)[1]
    engines.psql(dbname, sql)
    with psycopg.connect(host=engines.PG_HOST, port=engines.PG_PORT, user=engines.PG_USER, dbname=dbname) as conn:
        rows = conn.execute("""
            SELECT c.relname,
                   (SELECT array_agg(a.attname || CASE WHEN a.attnotnull THEN '!' ELSE '' END ORDER BY a.attnum)
                      FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                   (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM pg_constraint p
                     CROSS JOIN unnest(p.conkey) WITH ORDINALITY k(n, ord)
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.n
                     WHERE p.conrelid = c.oid AND p.contype = 'p')
              FROM pg_class c WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace""").fetchall()
    return {name: (list(columns), list(pk or [])) for name, columns, pk in rows}


# psql reads the lines after COPY … FROM stdin as data up to a line \. -- whatever the COPY's
# options, column list or line count; data that looks like SQL, holds ; or quotes, or is empty
COPY_BLOCKS = r"""
CREATE TABLE entity (id int PRIMARY KEY, name text);
CREATE TABLE memo (body text);
COPY memo FROM stdin WITH DELIMITER '|';
Acme; Inc.
O'Brien
CREATE TABLE not_a_table (x int);
\.
CREATE TABLE after_delimiter (id int PRIMARY KEY);
copy entity (id, "name") from STDIN with (format csv, header true);
id,name
3,"quoted; ""semicolon"" and
two lines"
\.
CREATE TABLE after_csv (id int PRIMARY KEY);
COPY public.entity (id,
                    name)
    FROM stdin;
4	multi-line head
\.
CREATE TABLE after_multiline (id int PRIMARY KEY);
COPY entity FROM stdin;
\.
CREATE TABLE after_empty (id int PRIMARY KEY);
COPY entity FROM stdin CSV;
5,csv without options in parentheses
\.
CREATE TABLE after_csv_keyword (id int PRIMARY KEY);
COPY (SELECT 1) TO stdout;
CREATE TABLE after_copy_to (id int PRIMARY KEY);
"""


def test_copy_data_is_not_read_as_sql(pg_url_factory):
    tables, issues = imported(COPY_BLOCKS, "postgres")
    assert tables == pg_tables(pg_url_factory, COPY_BLOCKS)
    assert "after_delimiter" in tables and "not_a_table" not in tables
    assert issues == []


def test_copy_data_without_end_is_read_to_the_end_and_said():
    """psql reads a COPY block without its \\. line to the end of the file; so does the importer,
    with a warning at the COPY (what follows it is not read)."""
    sql = "CREATE TABLE a (id int);\nCOPY a FROM stdin WITH CSV;\n1\nCREATE TABLE b (id int);\n"
    tables, issues = imported(sql, "postgres")
    assert list(tables) == ["a"]
    assert [(i.severity, i.location.line, i.location.column) for i in issues] == [("warning", 2, 1)]
    assert "lines 3-4" in issues[0].message


# INHERITS: the parents' columns come first (several parents' columns of one name are one; the
# table's own definition of one merges with it there), and the table's constraints may name them;
# LIKE's columns stand where LIKE does; a partition's constraints are its own; WITHOUT OIDS (PostgreSQL
# before 12, DAViCal's grants) is the default
INHERITANCE = """
CREATE TABLE entity (id int PRIMARY KEY, name text);
CREATE TABLE note (id serial, note text NOT NULL, ref_key int NOT NULL, created timestamp DEFAULT now());
CREATE TABLE tagged (id int, tag text, weight int);
CREATE TABLE entity_note (PRIMARY KEY (id), FOREIGN KEY (ref_key) REFERENCES entity (id)) INHERITS (note);
CREATE TABLE invoice_note(primary key(id)) INHERITS (note);
CREATE TABLE tagged_note (extra int, UNIQUE (ref_key, tag), CHECK (weight > 0)) INHERITS (note, tagged);
CREATE TABLE override_note (note text DEFAULT '-', PRIMARY KEY (id, note)) INHERITS (note);
CREATE TABLE grandchild (PRIMARY KEY (id, ref_key)) INHERITS (entity_note);
CREATE TABLE liked (LIKE note INCLUDING DEFAULTS, extra int, PRIMARY KEY (id));
CREATE TABLE measure (id int NOT NULL, kind int NOT NULL, v numeric) PARTITION BY LIST (kind);
CREATE TABLE measure_1 PARTITION OF measure (PRIMARY KEY (id, kind), CHECK (v > 0)) FOR VALUES IN (1);
CREATE TABLE measure_2 PARTITION OF measure FOR VALUES IN (2);
CREATE TABLE old_style (id int PRIMARY KEY, grantee int) WITHOUT OIDS;
"""


def test_inherited_columns_are_there_for_the_constraints(pg_url_factory):
    tables, issues = imported(INHERITANCE, "postgres")
    assert tables == pg_tables(pg_url_factory, INHERITANCE)
    assert issues == []


# ALTER TABLE t RENAME a TO b renames a column in PostgreSQL (COLUMN is optional), as Asterisk's realtime
# schema does; RENAME TO b alone renames the table
RENAMES = """
CREATE TABLE endpoint (id varchar(40) NOT NULL, mwi_fromuser varchar(40), "Old" int, PRIMARY KEY (id));
ALTER TABLE endpoint RENAME mwi_fromuser TO mwi_from_user;
ALTER TABLE endpoint RENAME "Old" TO "New";
ALTER TABLE endpoint RENAME COLUMN id TO ident;
CREATE TABLE moved (id int);
ALTER TABLE moved RENAME TO arrived;
"""


def test_a_column_renamed_without_the_word_column_stays_in_its_table(pg_url_factory):
    tables, issues = imported(RENAMES, "postgres")
    assert tables == pg_tables(pg_url_factory, RENAMES)
    assert set(tables) == {"endpoint", "arrived"}
    assert issues == []


def mariadb_tables(mariadb_url_factory, sql: str) -> dict:
    """What MariaDB makes of ``sql``: table -> (columns, NOT NULL marked ``!``; primary key columns),
    and (table, index name) -> (columns, index type) for the other keys."""
    dbname = mariadb_url_factory().rsplit("/", 1)[1]
    engines.mariadb(sql, dbname)
    conn = engines.mariadb_admin()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT table_name, column_name, is_nullable FROM information_schema.columns "
                        "WHERE table_schema = %s ORDER BY table_name, ordinal_position", (dbname,))
            columns = cur.fetchall()
            cur.execute("SELECT table_name, index_name, column_name, index_type FROM information_schema.statistics "
                        "WHERE table_schema = %s ORDER BY table_name, index_name, seq_in_index", (dbname,))
            keys = cur.fetchall()
    finally:
        conn.close()
    tables: dict = {}
    for table, column, nullable in columns:
        tables.setdefault(table, ([], []))[0].append(column + ("!" if nullable == "NO" else ""))
    indexes: dict = {}
    for table, index, column, kind in keys:
        if index == "PRIMARY":
            tables[table][1].append(column)
        else:
            indexes.setdefault((table, index), ([], kind.lower()))[0].append(column)
    return tables, indexes


# MySQL takes a key's index type before its column list or after it (or both), in CREATE TABLE,
# ALTER TABLE … ADD and CREATE INDEX (the tables with keys of both types are MEMORY tables: InnoDB
# makes every key a BTREE whatever is written)
INDEX_TYPES = """
CREATE TABLE poller_output_boost (local_data_id int NOT NULL, rrd_name varchar(19) NOT NULL,
  time timestamp NOT NULL, output varchar(512) NOT NULL,
  PRIMARY KEY USING BTREE (local_data_id, time, rrd_name)) ENGINE=InnoDB;
CREATE TABLE pk_after (a int, b int, PRIMARY KEY (a, b) USING BTREE);
CREATE TABLE pk_named (a int, b int, CONSTRAINT pk PRIMARY KEY USING HASH (a)) ENGINE=MEMORY;
CREATE TABLE keys_both (a int, b int, c int,
  UNIQUE KEY u_before USING BTREE (a),
  UNIQUE KEY u_after (b) USING HASH,
  KEY k_before USING HASH (c),
  KEY k_after (a, c) USING BTREE,
  INDEX i_both USING BTREE (b) USING BTREE COMMENT 'twice') ENGINE=MEMORY;
CREATE TABLE altered (a int NOT NULL, b int, c int) ENGINE=MEMORY;
ALTER TABLE altered ADD PRIMARY KEY USING BTREE (a), ADD UNIQUE KEY au USING HASH (b);
CREATE INDEX ci_before USING BTREE ON altered (c);
CREATE INDEX ci_after ON altered (b, c) USING BTREE;
"""


def imported_indexes(sql: str, dialect: str) -> dict:
    result = import_ddl([("gaps.sql", sql)], dialect)
    indexes = {}
    for table in result.schema.tables:
        names = {c.id: c.name for c in table.columns}
        for index in table.indexes:
            indexes[(table.name, index.name)] = ([names[e.column] for e in index.elements], index.method)
    return indexes


def test_index_type_before_or_after_the_columns(mariadb_url_factory):
    tables, issues = imported(INDEX_TYPES, "mysql")
    engine_tables, engine_indexes = mariadb_tables(mariadb_url_factory, INDEX_TYPES)
    assert tables == engine_tables
    assert issues == []
    assert imported_indexes(INDEX_TYPES, "mysql") == engine_indexes


# -- nothing that defines a table is dropped without a word ------------------------------------------

# (dialect, script, [(line, column, what the error names)]): each CREATE the importer cannot
# read gives an error at its own line and column that names what is not imported
UNREADABLE = [
    ("postgres", "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (x int, PRIMARY KEY (nope));\n",
     [(2, 1, "table b is not imported: column 'nope' does not exist")]),
    ("postgres", "CREATE TABLE a (id int);\nCREATE TABLE b AS SELECT 1 AS x;\n",
     [(2, 1, "table b is not imported: CREATE TABLE … AS SELECT")]),
    ("mysql", "CREATE TABLE a (id int);\nCREATE TABLE b (x int,\n  PRIMARY KEY FOO BAR (x));\n",
     [(3, 17, "table b is not imported: cannot parse statement")]),
    ("postgres", "CREATE TABLE a (id int);\nCREATE TABLE b (x int) INHERITS (a)\nCREATE TABLE c (y int);\n",
     [(2, 1, "table b is not imported"), (3, 1, "CREATE TABLE c is not read: it is taken as part of the statement at line 2")]),
    # lines of data read as SQL before a CREATE: the CREATE is named at its own place
    ("postgres", "CREATE TABLE a (id int);\n1|one|x\n2|two|y\n  CREATE TABLE lsmb_sequence (label text);\n",
     [(3, 1, "cannot parse statement"), (4, 3, "CREATE TABLE lsmb_sequence is not read")]),
    ("postgres", "CREATE TABLE a (id int);\nSET x = 1\nCREATE TABLE b (y int);\n",
     [(3, 1, "CREATE TABLE b is not read")]),
    ("postgres", "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1)\nCREATE VIEW v AS SELECT 1;\n",
     [(3, 1, "CREATE VIEW v is not read")]),
    ("mysql", "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN z int\nCREATE INDEX i ON a (id);\n",
     [(2, 1, "ALTER TABLE statement not understood"), (3, 1, "CREATE INDEX i is not read")]),
    ("mssql", "CREATE TABLE a (id int);\nCREATE TABLE dbo.b (x int, PRIMARY KEY (nope));\n",
     [(2, 1, "table b is not imported")]),
    ("sqlite", "CREATE TABLE a (id int);\nCREATE TABLE b (x int, FOREIGN KEY (nope) REFERENCES a (id));\n",
     [(2, 1, "table b is not imported")]),
]


@pytest.mark.parametrize("dialect, sql, expected", UNREADABLE)
def test_an_unread_definition_is_a_located_error(dialect, sql, expected):
    result = import_ddl([("gaps.sql", sql)], dialect)
    found = [(i.location.line, i.location.column, i.message) for i in result.issues if i.severity != "info"]
    assert len(found) == len(expected), found
    for (line, column, message), (want_line, want_column, want) in zip(sorted(found), sorted(expected)):
        assert (line, column) == (want_line, want_column) and want in message, found
    assert all(i.severity == "error" for i in result.issues if "not imported" in i.message or "not read" in i.message)
    assert all(i.location.path == "gaps.sql" for i in result.issues)


# statements that hold the word CREATE, or create no table on purpose: no error
READABLE = [
    ("postgres", "CREATE TABLE a (id int);\nGRANT CREATE ON SCHEMA public TO bob;\nREVOKE CREATE ON SCHEMA public FROM PUBLIC;\n"),
    ("mysql", "CREATE TABLE a (id int);\nGRANT SELECT, CREATE ON db.* TO u;\nGRANT CREATE TEMPORARY TABLES ON db.* TO u;\n"),
    ("mysql", "CREATE TABLE a (id int);\nCREATE PROCEDURE p() CREATE TABLE x (a int);\n"),
    ("postgres", "CREATE TABLE a (id int);\nCREATE TABLE IF NOT EXISTS a (id int);\n"),
    ("postgres", "CREATE SCHEMA s CREATE TABLE q (a int) CREATE VIEW w AS SELECT 1;\n"),
]


@pytest.mark.parametrize("dialect, sql", READABLE)
def test_create_as_a_word_is_no_error(dialect, sql):
    result = import_ddl([("gaps.sql", sql)], dialect)
    assert [str(i) for i in result.issues if i.severity != "info"] == []


def test_lint_shows_a_table_it_did_not_read(tmp_path, capsys):
    """``tablewright lint`` shows the import's errors, not its warnings: a table it could not
    read is an error there too, so a review never misses it."""
    from tablewright.app.cli import main

    path = tmp_path / "schema.sql"
    path.write_text("CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (x int, PRIMARY KEY (nope));\n")
    main(["lint", str(path), "--dialect", "postgres", "--no-cache", "-o", str(tmp_path / "out.txt")])
    assert f"{path}:2:1: error: table b is not imported" in capsys.readouterr().err
