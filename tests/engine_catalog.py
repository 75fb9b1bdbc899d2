"""The whole catalog of a live database as its engine reports it, for
differential round trips (the engine is the oracle).

Where ``tests/catalog.py`` goes through SQLAlchemy's Inspector (columns and
keys), this reads the engine's own catalog and its own deparsers
(``pg_get_constraintdef``, ``pg_get_indexdef``, ``SHOW CREATE TABLE``,
``PRAGMA``): constraints with deferrability, exclusion constraints, partial,
expression and method-specific indexes, partition trees, domains, enums,
composite types, sequences, generated and identity columns, collations,
comments, row-level security and policies, views, functions, aggregates and
triggers.  Every snapshot is a flat ``{key: value}`` dict of plain strings and
tuples; ``diff`` lists the differences readably.  Names of databases that
differ only by a prefix (MariaDB) are mapped to a common label first.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")


def _norm(text) -> str | None:
    if text is None:
        return None
    return _SPACE.sub(" ", str(text)).strip()


# -- PostgreSQL ---------------------------------------------------------------------------

_PG_QUERIES: dict[str, str] = {
    # relations: tables, partitioned tables, views, matviews, foreign tables, sequences, composite
    "relation": """
        SELECT n.nspname, c.relname, c.relkind::text, c.relpersistence::text,
               coalesce(array_to_string(c.reloptions, ','), ''), c.relrowsecurity, c.relforcerowsecurity,
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
               CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
               (SELECT string_agg(pn.nspname || '.' || p.relname, ',' ORDER BY p.relname)
                  FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
                  JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid),
               obj_description(c.oid, 'pg_class'),
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
               am.amname
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_am am ON am.oid = c.relam AND c.relkind NOT IN ('i', 'I')
         WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
    """,
    "column": """
        SELECT n.nspname, c.relname,
               -- the column's place among the live ones (as psql and pg_dump show it): a dropped column
               -- leaves a gap in attnum that no DDL written afterwards reproduces
               row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum),
               a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text,
               CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
               col_description(c.oid, a.attnum), a.attndims
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          LEFT JOIN pg_collation co ON co.oid = a.attcollation
         WHERE n.nspname = ANY(%(schemas)s) AND a.attnum > 0 AND NOT a.attisdropped
           AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
    """,
    "constraint": """
        SELECT n.nspname, coalesce(c.relname, t.typname), con.conname, con.contype::text,
               pg_get_constraintdef(con.oid), con.condeferrable, con.condeferred, con.convalidated,
               con.connoinherit, obj_description(con.oid, 'pg_constraint')
          FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
          LEFT JOIN pg_class c ON c.oid = con.conrelid LEFT JOIN pg_type t ON t.oid = con.contypid
         WHERE n.nspname = ANY(%(schemas)s) AND (con.conparentid = 0 OR con.conparentid IS NULL)
    """,
    "index": """
        SELECT n.nspname, c.relname, i.relname, pg_get_indexdef(i.oid), ix.indisunique, ix.indisprimary,
               obj_description(i.oid, 'pg_class'), ix.indisclustered
          FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY(%(schemas)s)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.oid AND con.conrelid = c.oid)
           AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = i.oid)
    """,
    "sequence": """
        SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
               s.seqmax, s.seqcache, s.seqcycle,
               (SELECT dn.nspname || '.' || dc.relname || '.' || da.attname
                  FROM pg_depend d JOIN pg_class dc ON dc.oid = d.refobjid
                  JOIN pg_namespace dn ON dn.oid = dc.relnamespace
                  JOIN pg_attribute da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid
                 WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                   AND d.refclassid = 'pg_class'::regclass LIMIT 1)
          FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY(%(schemas)s)
    """,
    "type": """
        SELECT n.nspname, t.typname, t.typtype::text,
               CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
               t.typnotnull, t.typdefault,
               (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid),
               CASE WHEN t.typcollation <> 0 AND t.typtype = 'd' THEN
                    (SELECT collname FROM pg_collation WHERE oid = t.typcollation) END,
               obj_description(t.oid, 'pg_type')
          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = ANY(%(schemas)s) AND t.typtype IN ('d', 'e', 'c', 'r', 'm')
           AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
    """,
    "routine": """
        SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind::text,
               CASE WHEN p.prokind = 'a' THEN
                    (SELECT a.aggtransfn::regproc::text || '/' || format_type(a.aggtranstype, NULL) || '/'
                            || coalesce(a.agginitval, '') || '/' || a.aggfinalfn::regproc::text
                       FROM pg_aggregate a WHERE a.aggfnoid = p.oid)
                    ELSE pg_get_functiondef(p.oid) END,
               obj_description(p.oid, 'pg_proc')
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = ANY(%(schemas)s)
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    """,
    "trigger": """
        SELECT n.nspname, c.relname, tg.tgname, pg_get_triggerdef(tg.oid), tg.tgenabled::text,
               obj_description(tg.oid, 'pg_trigger')
          FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY(%(schemas)s) AND NOT tg.tgisinternal
    """,
    "policy": """
        SELECT schemaname, tablename, policyname, permissive, array_to_string(roles, ','), cmd, qual, with_check
          FROM pg_policies WHERE schemaname = ANY(%(schemas)s)
    """,
    "collation": """
        SELECT n.nspname, c.collname, c.collprovider::text, c.collisdeterministic, c.collcollate, c.collctype,
               c.colliculocale
          FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE n.nspname = ANY(%(schemas)s)
    """,
    "text search configuration": """
        SELECT n.nspname, c.cfgname, p.prsname,
               (SELECT string_agg(m.maptokentype || ':' || m.mapdict::regdictionary::text, ','
                                  ORDER BY m.maptokentype, m.mapseqno) FROM pg_ts_config_map m WHERE m.mapcfg = c.oid)
          FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace JOIN pg_ts_parser p ON p.oid = c.cfgparser
         WHERE n.nspname = ANY(%(schemas)s)
    """,
    "schema": """
        SELECT n.nspname, obj_description(n.oid, 'pg_namespace') FROM pg_namespace n WHERE n.nspname = ANY(%(schemas)s)
    """,
    "extension": "SELECT extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                 "WHERE extname <> 'plpgsql'",
}

# how many leading columns name the object (the rest describe it)
_PG_KEY_WIDTH = {"relation": 2, "column": 4, "constraint": 3, "index": 3, "sequence": 2, "type": 2, "routine": 3,
                 "trigger": 3, "policy": 3, "collation": 2, "text search configuration": 2, "schema": 1,
                 "extension": 1}


def postgres_catalog(url_or_dsn: str, schemas: Iterable[str]) -> dict:
    """Catalog of ``schemas`` in the PostgreSQL database at ``url_or_dsn``."""
    import psycopg

    dsn = url_or_dsn.replace("postgresql+psycopg://", "postgresql://")
    schemas = sorted(schemas)
    out: dict = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        for kind, sql in _PG_QUERIES.items():
            width = _PG_KEY_WIDTH[kind]
            for row in conn.execute(sql, {"schemas": schemas}).fetchall():
                key = (kind, *row[:width])
                if kind == "column":  # position is compared through the order, the name is the key
                    key = (kind, row[0], row[1], row[3])
                    value = (row[2], *(_norm(v) if isinstance(v, str) else v for v in row[4:]))
                else:
                    value = tuple(_norm(v) if isinstance(v, str) else v for v in row[width:])
                out[key] = value
    return out


# -- MariaDB ------------------------------------------------------------------------------

_AUTO_INCREMENT = re.compile(r" AUTO_INCREMENT=\d+")


def mariadb_catalog(connect, databases: dict[str, str]) -> dict:
    """Catalog of ``databases`` (``{actual name: label}``); every occurrence of an
    actual database name in a definition is replaced by its label.  ``connect()``
    returns a pymysql connection."""
    out: dict = {}
    conn = connect()

    def relabel(text):
        if text is None:
            return None
        text = str(text)
        for actual in sorted(databases, key=len, reverse=True):
            text = text.replace(f"`{actual}`", f"`{databases[actual]}`").replace(f"{actual}.", f"{databases[actual]}.")
        return _norm(text)

    try:
        with conn.cursor() as cur:
            for db, label in databases.items():
                cur.execute("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME, SCHEMA_COMMENT "
                            "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s", (db,))
                out[("database", label)] = cur.fetchone()
                cur.execute("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
                            (db,))
                for name, kind in cur.fetchall():
                    if kind == "VIEW":
                        cur.execute("SELECT VIEW_DEFINITION, CHECK_OPTION, IS_UPDATABLE, SECURITY_TYPE, "
                                    "ALGORITHM FROM information_schema.VIEWS "
                                    "WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s", (db, name))
                        out[("view", label, name)] = tuple(relabel(v) for v in cur.fetchone())
                        continue
                    cur.execute(f"SHOW CREATE TABLE `{db}`.`{name.replace('`', '``')}`")
                    text = cur.fetchone()[1]
                    out[("table", label, name)] = relabel(_key_order_free(_AUTO_INCREMENT.sub("", text)))
                cur.execute("SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, IS_DETERMINISTIC, "
                            "SQL_DATA_ACCESS, SECURITY_TYPE, ROUTINE_COMMENT, "
                            "(SELECT GROUP_CONCAT(CONCAT_WS(' ', PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER) "
                            "        ORDER BY ORDINAL_POSITION SEPARATOR ', ') FROM information_schema.PARAMETERS p "
                            "  WHERE p.SPECIFIC_SCHEMA = r.ROUTINE_SCHEMA AND p.SPECIFIC_NAME = r.SPECIFIC_NAME "
                            "    AND p.ROUTINE_TYPE = r.ROUTINE_TYPE AND p.ORDINAL_POSITION > 0) "
                            "FROM information_schema.ROUTINES r WHERE ROUTINE_SCHEMA = %s", (db,))
                for row in cur.fetchall():
                    out[("routine", label, row[0], row[1])] = tuple(relabel(v) for v in row[2:])
                cur.execute("SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_ORDER, "
                            "ACTION_STATEMENT, ACTION_TIMING FROM information_schema.TRIGGERS "
                            "WHERE TRIGGER_SCHEMA = %s", (db,))
                for row in cur.fetchall():
                    out[("trigger", label, row[0])] = tuple(relabel(v) for v in row[1:])
    finally:
        conn.close()
    return out


def _key_order_free(create: str) -> str:
    """SHOW CREATE TABLE with its index and constraint lines sorted: MariaDB lists
    keys in creation order (an implicit foreign-key index comes where the key was
    added), which says nothing about the schema.  Column order is kept."""
    lines = create.split("\n")
    if len(lines) < 3:
        return create
    body = [line.strip().rstrip(",") for line in lines[1:-1]]
    columns = [line for line in body if line.startswith("`")]
    keys = sorted(line for line in body if not line.startswith("`"))
    return "\n".join([lines[0], ",\n".join(columns + keys), lines[-1]])


# -- SQLite -------------------------------------------------------------------------------


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_catalog(path: str) -> dict:
    """Catalog of the SQLite database file at ``path`` (PRAGMAs; the SQL text
    of views, triggers and partial/expression indexes, as stored)."""
    out: dict = {}
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        for kind, name, table, sql in rows:
            if kind == "table":
                if name.startswith("sqlite_"):
                    continue
                q = _sqlite_quote(name)
                out[("table", name)] = (
                    tuple(conn.execute(f"PRAGMA table_xinfo({q})").fetchall()),
                    tuple(sorted(tuple(r[2:]) + (r[1],) for r in conn.execute(f"PRAGMA foreign_key_list({q})"))),
                    _sqlite_table_options(sql),
                    tuple(sorted(_sqlite_checks(sql))),
                    _sqlite_collations(conn, name),
                    _sqlite_generated(sql),
                )
            elif kind == "index":
                info = conn.execute("PRAGMA index_list(" + _sqlite_quote(table) + ")").fetchall()
                meta = next((r[2:] for r in info if r[1] == name), None)  # unique, origin, partial
                cols = tuple(r[1:] for r in conn.execute(f"PRAGMA index_xinfo({_sqlite_quote(name)})"))
                # the text matters only where the PRAGMAs cannot say it all (WHERE, expressions)
                text = _norm_sql_text(sql) if sql and (meta and meta[2] or any(c[1] is None and c[0] == -2 for c in cols)) \
                    else None
                out[("index", table, name if sql else f"<auto:{meta}>")] = (meta, cols, text)
            else:  # view, trigger
                out[(kind, name)] = (table, _norm(sql))
    finally:
        conn.close()
    return out


def _sqlite_collations(conn, table: str) -> tuple:
    """Each column's collation, as the engine resolves it: no PRAGMA reports it, but an
    index on the columns takes it as each key's collation (``PRAGMA index_xinfo``).  The
    index is made inside a savepoint that is rolled back.  () for a virtual table."""
    q = _sqlite_quote(table)
    columns = [r[1] for r in conn.execute(f"PRAGMA table_xinfo({q})") if r[6] != 1]
    if not columns:
        return ()
    conn.execute("SAVEPOINT tw_collation_probe")
    try:
        conn.execute(f'CREATE INDEX "tw collation probe" ON {q} ({", ".join(map(_sqlite_quote, columns))})')
        rows = conn.execute('PRAGMA index_xinfo("tw collation probe")').fetchall()
        return tuple((r[2], r[4]) for r in rows if r[5])  # (seqno, cid, name, desc, coll, key)
    except sqlite3.Error:
        return ()
    finally:
        conn.execute("ROLLBACK TO tw_collation_probe")
        conn.execute("RELEASE tw_collation_probe")


def _norm_sql_text(sql: str) -> str:
    """Stored SQL text with spacing around parentheses and commas evened out
    (``t(a)`` and ``t (a)`` are the same index)."""
    text = _norm(sql)
    text = re.sub(r"\s*\(\s*", "(", text)
    text = re.sub(r"\s*\)", ")", text)
    return re.sub(r"\s*,\s*", ", ", text)


def _sqlite_table_options(sql: str | None) -> tuple:
    text = (sql or "").rstrip().rstrip(";").upper()
    tail = text[text.rfind(")") + 1:]
    return tuple(w for w in ("WITHOUT ROWID", "STRICT") if w in tail)


def _sqlite_checks(sql: str | None) -> list[str]:
    """CHECK expressions of a CREATE TABLE text (they are in no PRAGMA)."""
    return _parenthesized_after(sql, lambda token: token.text.upper() == "CHECK")


def _sqlite_generated(sql: str | None) -> tuple:
    """Generated columns' expressions, in order (in no PRAGMA; table_xinfo tells only
    virtual or stored): what follows each ``AS``."""
    from sqlglot.tokens import TokenType

    return tuple(_parenthesized_after(sql, lambda token: token.token_type == TokenType.ALIAS))


def _parenthesized_after(sql: str | None, is_keyword) -> list[str]:
    """The tokens between the parentheses that follow each keyword token of a CREATE TABLE
    text (``is_keyword(token)``), joined by one space."""
    if not sql:
        return []
    from sqlglot.tokens import TokenType
    from sqlglot.dialects.sqlite import SQLite

    tokens = SQLite().tokenize(sql)
    out = []
    for i, token in enumerate(tokens):
        if not is_keyword(token) or token.token_type == TokenType.STRING or i + 1 >= len(tokens) or tokens[i + 1].token_type != TokenType.L_PAREN:
            continue
        depth, parts = 0, []
        for t in tokens[i + 1:]:
            depth += (t.token_type == TokenType.L_PAREN) - (t.token_type == TokenType.R_PAREN)
            parts.append(f"'{t.text}'" if t.token_type == TokenType.STRING else t.text)
            if depth == 0:
                break
        out.append(" ".join(parts[1:-1]))
    return out


# -- comparison ---------------------------------------------------------------------------


def diff(a: dict, b: dict, limit: int | None = None) -> list[str]:
    """Readable differences between two catalogs (first = original, second = round trip)."""
    lines = []
    for key in sorted(set(a) | set(b), key=str):
        if key not in b:
            lines.append(f"{key}: only in the original: {a[key]!r}"[:600])
        elif key not in a:
            lines.append(f"{key}: only in the round trip: {b[key]!r}"[:600])
        elif a[key] != b[key]:
            lines.append(f"{key}: {_changed(a[key], b[key])}"[:1500])
        if limit and len(lines) >= limit:
            break
    return lines


def _changed(a, b) -> str:
    """What differs between two values: the differing parts of a long text
    (split at commas), the differing fields of a tuple, or both whole."""
    if isinstance(a, str) and isinstance(b, str) and len(a) + len(b) > 200:
        left, right = re.split(r"(?<=,) ", a), re.split(r"(?<=,) ", b)
        out = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=left, b=right, autojunk=False).get_opcodes():
            if op != "equal":
                out.append(f"-[{' '.join(left[i1:i2])}] +[{' '.join(right[j1:j2])}]")
        return "; ".join(out)
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return "; ".join(f"#{i}: {x!r} != {y!r}" for i, (x, y) in enumerate(zip(a, b)) if x != y)
    return f"{a!r} != {b!r}"


def table_count(catalog: dict) -> int:
    """Tables (incl. partitioned tables and partitions) in a catalog."""
    n = 0
    for key, value in catalog.items():
        if key[0] == "table":
            n += 1
        elif key[0] == "relation" and value[0] in ("r", "p"):
            n += 1
    return n
