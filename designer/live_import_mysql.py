"""Live import, what MySQL and MariaDB need beyond SQLAlchemy's reflection:
foreign keys and index methods from information_schema, MariaDB's column
CHECKs and sequences, backtick-escaped names, ``DEFAULT … ON UPDATE``."""

from __future__ import annotations

import re

from sqlglot.tokens import TokenType

from tablewright.designer.model import Sequence, Table, derived_id
from tablewright.designer.sql_split import sql_tokens


def _split_on_update(default: str) -> tuple[str | None, str | None]:
    """MySQL reflects ``DEFAULT x ON UPDATE y`` as one default text: (x or
    None, y or None), split at the top-level ``ON UPDATE`` token."""
    tokens = sql_tokens(default, "mysql") or []
    depth = 0
    for i, t in enumerate(tokens[:-2]):
        if t.token_type == TokenType.L_PAREN:
            depth += 1
        elif t.token_type == TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and t.text.upper() == "ON" and tokens[i + 1].text.upper() == "UPDATE":
            return default[:t.start].strip() or None, default[tokens[i + 2].start:].strip() or None
    return default, None


def _unescape(name):
    return name.replace("``", "`") if isinstance(name, str) else name


_LABEL_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}


def unescape_labels(sa_type) -> None:
    """An ENUM's or SET's labels as the engine has them: SHOW CREATE TABLE writes a
    backslash in a label as ``\\\\`` (a newline as ``\\n``) and SQLAlchemy's reflection
    undoes only the quote doubling, so ``'a\\b'`` came back with two backslashes."""
    def plain(label: str) -> str:
        return re.sub(r"\\(.)", lambda m: _LABEL_ESCAPES.get(m[1], m[1]), label, flags=re.S)

    if type(sa_type).__name__ == "ENUM" and getattr(sa_type, "enums", None):
        sa_type.enums = [plain(e) for e in sa_type.enums]
    elif type(sa_type).__name__ == "SET" and getattr(sa_type, "values", None):
        sa_type.values = tuple(plain(v) for v in sa_type.values)


def _unescape_backticks(info: dict) -> None:
    """Names in one reflected column/key/index/check dict, as the engine has them."""
    for key in ("name", "duplicates_index"):
        if key in info:
            info[key] = _unescape(info[key])
    for key in ("constrained_columns", "column_names", "include_columns"):
        if info.get(key):
            info[key] = [_unescape(n) for n in info[key]]
    for key in ("column_sorting",):
        if info.get(key):
            info[key] = {_unescape(k): v for k, v in info[key].items()}
    for key, value in list((info.get("dialect_options") or {}).items()):
        if isinstance(value, dict):
            info["dialect_options"][key] = {_unescape(k): v for k, v in value.items()}


class _MySQLReader:
    """MySQL/MariaDB catalog queries (methods of the live import's reader)."""

    def _mysql_index_using(self, table: Table, name: str, db_schema: str) -> dict[str, str]:
        """Indexes whose ``USING BTREE|HASH`` SHOW CREATE TABLE writes (was written
        explicitly): SQLAlchemy parses it (``using_pre``/``using_post``) but does not report it.
        The primary key's prefix lengths (``PRIMARY KEY (name(10))``) go onto the model's key."""
        try:
            state = self.conn.dialect._parsed_state_or_create(self.conn, name, db_schema,
                                                               info_cache=self.inspector.info_cache)
        except Exception:  # noqa: BLE001 - a private SQLAlchemy API: without it the method is left out
            return {}
        out = {}
        for key in state.keys:
            if key.get("type") == "PRIMARY" and table.primary_key:
                table.primary_key.method = (key.get("using_pre") or key.get("using_post") or "").strip(" ,").lower() or None
                for part in key.get("columns") or []:
                    column = table.column_named(_unescape(part[0]))
                    if len(part) > 1 and part[1] and column is not None:
                        table.primary_key.lengths[column.id] = int(part[1])
            method = (key.get("using_pre") or key.get("using_post") or "").strip(" ,").lower()
            if method and key.get("name"):
                out[_unescape(key["name"])] = method
        return out

    def _mysql_index_comments(self, db_schema: str) -> dict[tuple[str, str], str]:
        """(table, index) -> the index's COMMENT (information_schema.STATISTICS;
        SQLAlchemy does not report it)."""
        rows = self.conn.execute(
            self.sa.text("SELECT DISTINCT TABLE_NAME, INDEX_NAME, INDEX_COMMENT FROM information_schema.STATISTICS "
                         "WHERE TABLE_SCHEMA = :s AND INDEX_COMMENT <> ''"),
            {"s": db_schema},
        )
        return {(table, index): comment for table, index, comment in rows}

    def _mysql_foreign_keys(self, db_schema: str, reflected: dict) -> dict:
        """Foreign keys from information_schema (the engine's own names and
        column order), in the order and shape SQLAlchemy reports them."""
        rows = self.conn.execute(
            self.sa.text(
                "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, "
                "k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE "
                "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
                "AND r.TABLE_NAME = k.TABLE_NAME "
                "WHERE k.TABLE_SCHEMA = :s AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"
            ),
            {"s": db_schema},
        )
        found: dict[tuple[str, str], dict] = {}
        for table, name, column, ref_schema, ref_table, ref_column, on_update, on_delete in rows:
            fk = found.setdefault((table, name), {
                "name": name, "constrained_columns": [], "referred_table": ref_table,
                "referred_schema": None if ref_schema == db_schema else ref_schema, "referred_columns": [],
                "options": {k: v for k, v in (("onupdate", on_update), ("ondelete", on_delete)) if v != "RESTRICT"},
            })
            fk["constrained_columns"].append(column)
            fk["referred_columns"].append(ref_column)
        out: dict = {}
        for key, fks in reflected.items():  # SQLAlchemy's order (as SHOW CREATE TABLE lists them) where it read them
            names = [fk.get("name") for fk in fks]
            ours = [found.pop((key[1], name)) for name in map(_unescape, names) if (key[1], name) in found]
            out[key] = ours
        for (table, _), fk in found.items():
            out.setdefault((db_schema, table), []).append(fk)
        return out

    def _mariadb_column_checks(self, db_schema: str, table_name: str, table: Table) -> list[tuple[str, str]]:
        """MariaDB's column-level CHECKs (e.g. behind its JSON alias), which
        SQLAlchemy does not report: (column id, expression) in column order."""
        if self.dialect != "mariadb":
            return []
        if db_schema not in self.mariadb_checks:
            has_level = self.conn.exec_driver_sql(
                "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'information_schema' "
                "AND TABLE_NAME = 'CHECK_CONSTRAINTS' AND COLUMN_NAME = 'LEVEL'"
            ).scalar()
            found: dict[str, list[tuple[str, str]]] = {}
            if has_level:
                rows = self.conn.execute(
                    self.sa.text(
                        "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                        "WHERE CONSTRAINT_SCHEMA = :s AND LEVEL = 'Column'"
                    ),
                    {"s": db_schema},
                )
                for tname, cname, clause in rows:
                    found.setdefault(tname, []).append((cname, clause))
            self.mariadb_checks[db_schema] = found
        by_column = dict(self.mariadb_checks[db_schema].get(table_name, []))
        return [(c.id, by_column[c.name]) for c in table.columns if c.name in by_column]

    def _mariadb_defaults(self, db_schema: str) -> dict[tuple[str, str], dict]:
        """MariaDB's column defaults and ON UPDATE as the engine writes them
        (information_schema.COLUMNS: COLUMN_DEFAULT is the SQL expression, ``NULL`` for
        DEFAULT NULL; EXTRA says ``on update …``).  SQLAlchemy reads them from SHOW CREATE
        TABLE with a pattern that knows a literal, a word and one level of parentheses: it
        cut ``(rand() * 10)`` to ``(rand()``, and lost ``concat('a','b')``, ``b'1'`` and
        ``DEFAULT NULL ON UPDATE …``.  Empty for MySQL, whose COLUMN_DEFAULT is a value."""
        if self.dialect != "mariadb":
            return {}
        rows = self.conn.execute(
            self.sa.text("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS "
                         "WHERE TABLE_SCHEMA = :s"),
            {"s": db_schema},
        )
        out = {}
        for table, column, default, extra in rows:
            words = (extra or "").split(" ", 2)
            on_update = words[2] if [w.lower() for w in words[:2]] == ["on", "update"] and len(words) > 2 else None
            out[(table, column)] = {"default": None if default in (None, "NULL") else default, "on_update": on_update}
        return out

    def _named_sequences(self, db_schemas: list[str]) -> None:
        for db_schema in db_schemas:
            try:
                names = self.inspector.get_sequence_names(schema=db_schema)
            except NotImplementedError:
                return
            ns = self._ns(db_schema)
            for name in sorted(names):
                self.schema.sequences.append(Sequence(derived_id("seq", ns, name), name, ns))
