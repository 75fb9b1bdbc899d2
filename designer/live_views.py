"""A file's views as the live database would store them: the engine's own form.

PostgreSQL keeps a view as its parsed query and prints it back with
``pg_get_viewdef`` (names qualified, casts written out, joins and expressions
in its own layout), so a file's ``CREATE VIEW`` never reads like the live
import's.  To compare the two when one side is live, ``engine_view_forms``
has the engine make each of the file's views once more, as a temporary view
inside a transaction that is rolled back (nothing stays in the database; the
session needs the TEMP privilege every role has by default), and prints it
the way the live import does (``search_path = pg_catalog``): the same text
when the view is the same.  A view the engine cannot make (it reads a table
or column the database does not have) gets no form; the caller says so.
"""

from __future__ import annotations

from tablewright.designer.model import RawObject

#: the live import writes a view as ``CREATE VIEW schema.name [WITH (options)] AS\n<pg_get_viewdef>``
LIVE_SEPARATOR = " AS\n"


def split_live_view(sql: str) -> tuple[str, str]:
    """(options, definition) of a view as the live import writes it."""
    head, _, definition = sql.partition(LIVE_SEPARATOR)
    options = head.partition(" WITH (")[2].rstrip(")") if " WITH (" in head else ""
    return options, definition.strip().rstrip(";").rstrip()


def _after_name(raw: RawObject) -> tuple[bool, str] | None:
    """(recursive, the statement's text after the view's name), or None when it is no plain view."""
    from sqlglot.tokens import TokenType

    from tablewright.designer.sql_split import sql_tokens

    tokens = sql_tokens(raw.sql, "postgres") or []
    words = [t.text.upper() for t in tokens]
    if "VIEW" not in words[:6] or "MATERIALIZED" in words[:6]:
        return None
    i = words.index("VIEW") + 1
    recursive = "RECURSIVE" in words[:i]
    if i >= len(tokens):
        return None
    while i + 2 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
        i += 2
    rest = raw.sql[tokens[i].end + 1:].strip().rstrip(";")
    return recursive, rest


def engine_view_forms(url: str, views: list[RawObject], search_path: str | None = None
                      ) -> dict[str, tuple[str, str]]:
    """raw id -> (options, definition) of each of ``views`` (a file's) as the
    PostgreSQL database at ``url`` stores it; ``search_path``: the schema the
    file's unqualified names are in (the default when None).  Views the
    engine cannot make are left out; any failure to connect gives ``{}``."""
    from tablewright.designer.dburl import create_engine

    made = [(raw, _after_name(raw)) for raw in views]
    made = [(raw, parts) for raw, parts in made if parts is not None]
    if not made:
        return {}
    engine, _shown = create_engine(url)
    out: dict[str, tuple[str, str]] = {}
    try:
        conn = engine.raw_connection()
    except Exception:  # noqa: BLE001 - no form: the caller compares what the views read
        return {}
    try:
        cur = conn.cursor()
        cur.execute("SET LOCAL lock_timeout = '2s'")  # (a table another session is altering: no form)
        if search_path:
            cur.execute("SELECT set_config('search_path', quote_ident(%s) || ', public', true)", (search_path,))
        names = {}
        for n, (raw, (recursive, rest)) in enumerate(made):
            name = f"tw_compare_{n}"
            cur.execute("SAVEPOINT tw_view")
            try:
                # (the statement goes to the server as it is: no parameters, so a % in it is no placeholder)
                cur.execute(f"CREATE TEMP {'RECURSIVE ' if recursive else ''}VIEW {name} {rest}")
            except Exception:  # noqa: BLE001 - the engine refuses the file's view here
                cur.execute("ROLLBACK TO SAVEPOINT tw_view")
                continue
            cur.execute("RELEASE SAVEPOINT tw_view")
            names[name] = raw.id
        if names:
            cur.execute("SET LOCAL search_path = pg_catalog")  # as the live import reads (names qualified)
            cur.execute("SELECT c.relname, pg_get_viewdef(c.oid), array_to_string(c.reloptions, ', ') "
                        "FROM pg_class c WHERE c.relnamespace = pg_my_temp_schema() AND c.relname = ANY(%s)",
                        (list(names),))
            for name, definition, options in cur.fetchall():
                out[names[name]] = (options or "", (definition or "").strip().rstrip(";").strip())
    except Exception:  # noqa: BLE001 - the database went away meanwhile: no forms
        out = {}
    finally:
        try:
            conn.rollback()  # nothing made here stays
        finally:
            conn.close()
    return out


__all__ = ["engine_view_forms", "split_live_view"]
