"""A comparable snapshot of a live database's catalog, read with SQLAlchemy's Inspector.

``snapshot(url, schemas)`` returns plain dicts and tuples, so two databases can be
compared with ``==`` (and pytest shows a readable diff).  Constraint names are
dropped (engines generate them differently for unnamed constraints and truncate
long ones); index names are kept.  Defaults are left as the engine reports
them, except sequence names inside ``nextval(...)``, which the engine itself
chooses for serial columns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import sqlalchemy as sa

_NEXTVAL = re.compile(r"nextval\('[^']*'::regclass\)")
_SPACE = re.compile(r"\s+")


def _norm_sql(text) -> str | None:
    if text is None:
        return None
    return _SPACE.sub(" ", str(text)).strip()


def _default(text) -> str | None:
    text = _norm_sql(text)
    return _NEXTVAL.sub("nextval(<sequence>)", text) if text else text


def _type(col: dict, dialect) -> str:
    try:
        return col["type"].compile(dialect=dialect)
    except Exception:  # noqa: BLE001 - an unknown reflected type still has a name
        return repr(col["type"])


def _column(col: dict, dialect) -> dict:
    identity = col.get("identity")
    computed = col.get("computed")
    return {
        "name": col["name"],
        "type": _type(col, dialect),
        "nullable": col["nullable"],
        "default": _default(col.get("default")),
        "autoincrement": col.get("autoincrement") if dialect.name == "mysql" else None,
        "identity": {k: identity.get(k) for k in ("always", "start", "increment")} if identity else None,
        "computed": (_norm_sql(computed.get("sqltext")), computed.get("persisted")) if computed else None,
        "comment": col.get("comment"),
    }


def _fk(fk: dict, label) -> tuple:
    options = tuple(sorted((k, str(v).upper()) for k, v in (fk.get("options") or {}).items() if v))
    return (
        tuple(fk["constrained_columns"]),
        label(fk.get("referred_schema")),
        fk["referred_table"],
        tuple(fk["referred_columns"]),
        options,
    )


def _index(ix: dict) -> tuple:
    expressions = ix.get("expressions") or ix["column_names"]
    options = tuple(sorted(
        (k, _norm_sql(v) if not isinstance(v, dict) else tuple(sorted(v.items())))
        for k, v in (ix.get("dialect_options") or {}).items()
    ))
    sorting = tuple(sorted((k, tuple(v)) for k, v in (ix.get("column_sorting") or {}).items()))
    return (ix["name"], tuple(str(e) for e in expressions), bool(ix["unique"]), options, sorting)


def snapshot(url: str | sa.Engine, schemas: Mapping[str | None, str] | None = None) -> dict:
    """Catalog of the given schemas (``{actual name: label}``; ``{None: ...}``
    for the connection's default schema)."""
    schemas = dict(schemas or {None: "default"})
    engine = url if isinstance(url, sa.Engine) else sa.create_engine(url)
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            out = {}
            for schema, label in schemas.items():
                out.update(_schema_snapshot(inspector, schema, label, schemas))
            return out
    finally:
        if not isinstance(url, sa.Engine):
            engine.dispose()


def _schema_snapshot(inspector, schema, label, schemas) -> dict:
    dialect = inspector.dialect
    default_schema = inspector.default_schema_name

    def schema_label(name):
        if name is None or name == schema or (name == default_schema and schema is None):
            return label
        return schemas.get(name, name)

    kinds = (sa.engine.ObjectKind.TABLE,)
    columns = inspector.get_multi_columns(schema=schema, kind=kinds[0])
    pks = inspector.get_multi_pk_constraint(schema=schema, kind=kinds[0])
    fks = inspector.get_multi_foreign_keys(schema=schema, kind=kinds[0])
    uniques = inspector.get_multi_unique_constraints(schema=schema, kind=kinds[0])
    indexes = inspector.get_multi_indexes(schema=schema, kind=kinds[0])
    try:
        checks = inspector.get_multi_check_constraints(schema=schema, kind=kinds[0])
    except NotImplementedError:
        checks = {}
    comments = inspector.get_multi_table_comment(schema=schema, kind=kinds[0]) if dialect.supports_comments else {}
    if dialect.name == "sqlite":  # SQLAlchemy parses the CREATE text; the PRAGMAs are exact
        fks, uniques = _sqlite_fks(inspector, columns), _sqlite_uniques(inspector, columns)
    out = {}
    for key, cols in columns.items():
        table = key[1]
        out[(label, table)] = {
            "columns": [_column(c, dialect) for c in cols],
            "primary_key": tuple(pks.get(key, {}).get("constrained_columns") or ()),
            "foreign_keys": sorted(_fk(fk, schema_label) for fk in fks.get(key, [])),
            "uniques": sorted(tuple(u["column_names"]) for u in uniques.get(key, [])),
            "checks": sorted(_norm_sql(c["sqltext"]) for c in checks.get(key, [])),
            "indexes": sorted(_index(ix) for ix in indexes.get(key, []) if not ix.get("duplicates_constraint")),
            "comment": (comments.get(key) or {}).get("text"),
        }
    return out


def _sqlite_fks(inspector, columns) -> dict:
    out = {}
    for key in columns:
        rows = inspector.bind.exec_driver_sql(f"PRAGMA foreign_key_list({_sqlite_quote(key[1])})").fetchall()
        by_id: dict = {}
        for row in rows:  # id, seq, table, from, to, on_update, on_delete, match
            fk = by_id.setdefault(row[0], {"constrained_columns": [], "referred_schema": None, "referred_table": row[2],
                                           "referred_columns": [], "options": {}})
            fk["constrained_columns"].append(row[3])
            fk["referred_columns"].append(row[4])
            fk["options"] = {k: v for k, v in (("onupdate", row[5]), ("ondelete", row[6]), ("match", row[7]))
                             if v and v.upper() not in ("NO ACTION", "NONE")}
        out[key] = list(by_id.values())
    return out


def _sqlite_uniques(inspector, columns) -> dict:
    out = {}
    for key in columns:
        table = _sqlite_quote(key[1])
        uniques = []
        for row in inspector.bind.exec_driver_sql(f"PRAGMA index_list({table})").fetchall():
            if row[3] == "u":  # seq, name, unique, origin, partial
                info = inspector.bind.exec_driver_sql(f"PRAGMA index_info({_sqlite_quote(row[1])})").fetchall()
                uniques.append({"column_names": [r[2] for r in sorted(info)]})
        out[key] = uniques
    return out


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def diff(a: dict, b: dict) -> list[str]:
    """Human-readable differences between two snapshots (for assertion messages)."""
    lines = []
    for key in sorted(set(a) | set(b), key=str):
        if key not in b:
            lines.append(f"{key}: only in the first")
        elif key not in a:
            lines.append(f"{key}: only in the second")
        elif a[key] != b[key]:
            for part in a[key]:
                if a[key][part] != b[key][part]:
                    left, right = a[key][part], b[key][part]
                    if isinstance(left, list) and isinstance(right, list):
                        left = [x for x in left if x not in right]
                        right = [x for x in b[key][part] if x not in a[key][part]]
                    lines.append(f"{key} {part}: {left!r} != {right!r}")
    return lines


# -- everything else, as the engine's own dump tool shows it ----------------------------------------------

_DUMP_NOISE = re.compile(r"^(--|\\(un)?restrict |SET |SELECT pg_catalog\.set_config)")
_AUTO_INCREMENT = re.compile(r" AUTO_INCREMENT=\d+")


def engine_dump(url: str, databases: list[str] | None = None, rename: tuple[str, str] | None = None) -> list[str]:
    """The schema as the engine's own tool writes it, as comparable lines: PostgreSQL's
    ``pg_dump --schema-only`` (domains, types, functions, triggers, policies, rules,
    exclusion constraints, partition trees, deferrability, generated columns, comments,
    collations, grants — every object, from the catalog), MariaDB's ``mariadb-dump
    --no-data --routines --events --triggers`` of ``databases`` (AUTO_INCREMENT
    counters left out; ``rename`` = (prefix, replacement) for database names), and
    SQLite's views and triggers from ``sqlite_master`` (tables and indexes are what
    ``snapshot`` compares).  Two databases with the same catalog give equal lists."""
    import subprocess

    parsed = sa.engine.make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        args = ["pg_dump", "--schema-only", "-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432),
                "-U", parsed.username or "postgres", parsed.database]
        text = subprocess.run(args, capture_output=True, text=True, check=True, timeout=600).stdout
        lines = [line for line in text.splitlines() if line.strip() and not _DUMP_NOISE.match(line)]
    elif backend in ("mysql", "mariadb"):
        args = ["mariadb-dump", "-h", parsed.host or "127.0.0.1", "-P", str(parsed.port or 3306),
                "-u", parsed.username or "root", "--no-data", "--routines", "--events", "--triggers",
                "--skip-comments", "--skip-dump-date", "--databases", *(databases or [parsed.database])]
        text = subprocess.run(args, capture_output=True, text=True, check=True, timeout=600).stdout
        if rename:
            text = text.replace(rename[0], rename[1])
        lines = _keys_sorted([_AUTO_INCREMENT.sub("", line) for line in text.splitlines() if line.strip()])
    else:
        engine = sa.create_engine(url)
        try:
            with engine.connect() as conn:
                rows = conn.exec_driver_sql(
                    "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') "
                    "ORDER BY type, name").all()
        finally:
            engine.dispose()
        lines = [f"{kind} {name} ON {table}: {_norm_sql(sql)}" for kind, name, table, sql in rows]
    return lines


_KEY_LINE = ("  KEY ", "  UNIQUE KEY ", "  FULLTEXT KEY ", "  SPATIAL KEY ")


def _keys_sorted(lines: list[str]) -> list[str]:
    """A table's index lines in name order (SHOW CREATE TABLE lists them in the order
    they were made; an index made by CREATE INDEX after the table is the same index)."""
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if line.startswith(_KEY_LINE):
            run.append(line.rstrip(","))
            continue
        out.extend(sorted(run))
        run = []
        if line:
            out.append(line.rstrip(",") if line.startswith("  CONSTRAINT ") else line)
    return out
