"""Live import, what SQLite's own tables and pragmas tell beyond SQLAlchemy's
reflection."""

from __future__ import annotations

from sqlglot.tokens import TokenType

from tablewright.designer.importing import ImportIssue
from tablewright.designer.live_verbatim import _raw
from tablewright.designer.model import RawObject, Table, UniqueConstraint, derived_id
from tablewright.designer.sql_split import head_keywords, sql_tokens


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# words that end a column definition's type name (SQLite's column-constraint keywords)
_CONSTRAINT_WORDS = {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES",
                     "GENERATED", "AS"}
# words that begin a table constraint (reserved: no column is named so unquoted)
_TABLE_CONSTRAINT_WORDS = {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"}


def _column_definitions(sql: str) -> list[dict] | None:
    """Each column definition of a stored ``CREATE TABLE`` text (sqlite_schema.sql, which
    SQLite re-reads whenever it opens the database), in order: its declared type as
    written (``declared``), its ``COLLATE`` (``collation``) and the expression of ``AS (…)``
    (``generated``), as written.  None when the text is not a plain CREATE TABLE."""
    if head_keywords(sql, "sqlite", 3)[:2] != ("CREATE", "TABLE") and head_keywords(sql, "sqlite", 3)[:3] != (
            "CREATE", "TEMP", "TABLE"):
        return None
    tokens = sql_tokens(sql, "sqlite")
    if not tokens:
        return None
    opening = next((i for i, t in enumerate(tokens) if t.token_type == TokenType.L_PAREN), None)
    if opening is None:
        return None  # CREATE TABLE … AS SELECT (SQLite stores the columns instead, but be safe)
    parts: list[list] = [[]]
    depth = 0
    for token in tokens[opening + 1:]:
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            if depth == 0:
                break
            depth -= 1
        elif token.token_type == TokenType.COMMA and depth == 0:
            parts.append([])
            continue
        parts[-1].append((token, depth))
    out = []
    for part in parts:
        if not part:
            return None

        def word(i: int) -> str:
            token = part[i][0]
            plain = token.token_type not in (TokenType.STRING, TokenType.IDENTIFIER)
            words = token.text.upper().split()  # sqlglot reads PRIMARY KEY, NOT NULL as one token
            return words[0] if plain and words and part[i][1] == 0 else ""

        if word(0) in _TABLE_CONSTRAINT_WORDS:
            break  # the table constraints follow the columns
        end = next((i for i in range(1, len(part)) if word(i) in _CONSTRAINT_WORDS), len(part))
        found = {"declared": sql[part[1][0].start:part[end - 1][0].end + 1] if end > 1 else ""}
        for i in range(end, len(part) - 1):
            if word(i) == "COLLATE":
                found["collation"] = part[i + 1][0].text
            elif word(i) == "AS" and part[i + 1][0].token_type == TokenType.L_PAREN:
                close = next((j for j in range(i + 2, len(part)) if part[j][1] == 0
                              and part[j][0].token_type == TokenType.R_PAREN), None)
                if close is not None and close > i + 2:
                    found["generated"] = sql[part[i + 2][0].start:part[close - 1][0].end + 1]
        out.append(found)
    return out


# The tables a virtual table's module creates behind it ("shadow tables", named
# <table>_<suffix>): the suffixes each module's xShadowName accepts (SQLite's
# fts3ShadowName, fts5ShadowName and rtreeShadowName; geopoly is built on the R*Tree).
_FTS3 = frozenset({"content", "segments", "segdir", "docsize", "stat"})
_RTREE = frozenset({"node", "parent", "rowid"})
SHADOW_SUFFIXES: dict[str, frozenset[str]] = {
    "fts3": _FTS3, "fts4": _FTS3,
    "fts5": frozenset({"config", "content", "data", "docsize", "idx"}),
    "rtree": _RTREE, "rtree_i32": _RTREE, "geopoly": _RTREE,
}


def virtual_module(sql: str) -> str | None:
    """The module (lower case) of a stored ``CREATE VIRTUAL TABLE name USING module(…)``;
    None when the text is not one."""
    if head_keywords(sql, "sqlite", 3) != ("CREATE", "VIRTUAL", "TABLE"):
        return None
    tokens = sql_tokens(sql, "sqlite") or []
    at = next((i for i, t in enumerate(tokens)
               if t.text.upper() == "USING" and t.token_type not in (TokenType.STRING, TokenType.IDENTIFIER)), None)
    if at is None or at + 1 >= len(tokens):
        return None
    return tokens[at + 1].text.lower()


def _declared_type(text: str, hidden: int) -> str:
    """PRAGMA table_xinfo's type; before SQLite 3.37 a generated column's ends in
    ``GENERATED ALWAYS``, which is not part of it."""
    tokens = sql_tokens(text, "sqlite") or []
    words = [t.text.upper() for t in tokens]
    if hidden in (2, 3) and words[-2:] == ["GENERATED", "ALWAYS"]:
        return text[:tokens[-2].start].strip()
    return text


class _SQLiteReader:
    """SQLite catalog queries (methods of the live import's reader)."""

    # -- SQLite -------------------------------------------------------------------------
    def _sqlite_columns(self, table_name: str, sql: str | None) -> dict[str, dict]:
        """What SQLAlchemy's reflection loses of each column: the declared type as written
        (it reads ``int`` as ``INTEGER``, which on a primary key is another column: the
        rowid), the column's ``COLLATE``, and a generated column's expression and kind.
        From ``PRAGMA table_xinfo`` (type, and hidden = 2 virtual / 3 stored) and the
        stored CREATE TABLE text (the type's spelling, COLLATE, the expression)."""
        rows = [r for r in self.conn.exec_driver_sql(f"PRAGMA table_xinfo({_sqlite_quote(table_name)})")
                if r[6] != 1]  # (cid, name, type, notnull, default, pk, hidden); 1: a virtual table's hidden column
        written = _column_definitions(sql) if sql else None
        if written is not None and len(written) != len(rows):
            written = None
        out = {}
        for i, row in enumerate(rows):
            found = dict(written[i]) if written is not None else {"declared": _declared_type(row[2], row[6])}
            if row[6] in (2, 3):
                expression = found.pop("generated", None)
                if expression is not None:
                    found["computed"] = {"sqltext": expression, "persisted": row[6] == 3}
            else:
                found.pop("generated", None)
            out[row[1]] = found
        return out

    def _sqlite_table_sql(self) -> dict[str, str]:
        rows = self.conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
        return {name: sql for name, sql in rows}

    def _sqlite_virtual_tables(self, tables: dict[str, Table], sql: dict[str, str]) -> None:
        """Virtual tables as the DDL importer has them: the ``CREATE VIRTUAL TABLE`` kept
        verbatim (the export writes it in place of the table), the table marked with its
        module, and the shadow tables its module made marked ``shadow_of`` it (the export
        leaves them to the engine, which makes them with the virtual table)."""
        by_name = {name.lower(): table for name, table in tables.items()}
        for name, text in sql.items():
            module = virtual_module(text)
            table = by_name.get(name.lower())
            if module is None or table is None:
                continue
            table.options.extra["virtual"] = module
            self.schema.raw.append(_raw("virtual table", text, "sqlite", None, name))
            for suffix in SHADOW_SUFFIXES.get(module, ()):
                shadow = by_name.get(f"{name}_{suffix}".lower())
                if shadow is not None:
                    shadow.options.extra["shadow_of"] = name

    def _sqlite_details(self, table: Table, sql: str | None) -> None:
        if not sql:
            return
        # UNIQUE constraints SQLAlchemy's reading of the CREATE text misses (``value UNIQUE``
        # on a column without a type): the engine lists each as an index of origin 'u'
        have = {tuple(u.columns) for u in table.uniques}
        for row in self.conn.exec_driver_sql(f"PRAGMA index_list({_sqlite_quote(table.name)})").all():
            if row[3] != "u":  # seq, name, unique, origin, partial
                continue
            info = self.conn.exec_driver_sql(f"PRAGMA index_info({_sqlite_quote(row[1])})").all()
            ids = self._column_ids(table, [r[2] for r in sorted(info)], "unique constraint")
            if ids and tuple(ids) not in have:
                have.add(tuple(ids))
                table.uniques.append(UniqueConstraint(
                    derived_id("uq", table.namespace, table.name, ",".join(ids)), ids, None))
        tokens = sql_tokens(sql, "sqlite") or []
        words = [t.text.upper() for t in tokens if t.token_type not in (TokenType.STRING, TokenType.IDENTIFIER)]
        if "AUTOINCREMENT" in words and table.primary_key and len(table.primary_key.columns) == 1:
            table.column(table.primary_key.columns[0]).autoincrement = True
            table.options.extra["sqlite_autoincrement"] = "true"
        # table options follow the column list's closing parenthesis
        last = max((i for i, t in enumerate(tokens) if t.token_type == TokenType.R_PAREN), default=len(tokens))
        tail = [t.text.upper() for t in tokens[last + 1:]]
        if "STRICT" in tail:
            table.options.strict = True
        if any(a == "WITHOUT" and b == "ROWID" for a, b in zip(tail, tail[1:])):
            table.options.without_rowid = True
        # referential actions: read them from the engine (SQLAlchemy reports them only sometimes)
        actions: dict[tuple[str, ...], tuple[str, str]] = {}
        groups: dict[int, list] = {}
        for row in self.conn.exec_driver_sql(f"PRAGMA foreign_key_list({_sqlite_quote(table.name)})"):
            groups.setdefault(row[0], []).append(row)  # (id, seq, table, from, to, on_update, on_delete, match)
        for rows in groups.values():
            rows.sort(key=lambda r: r[1])
            actions[tuple(r[3] for r in rows)] = (rows[0][5], rows[0][6])
        for fk in table.foreign_keys:
            on_update, on_delete = actions.get(tuple(table.column_names(fk.columns)), (None, None))
            fk.on_update = fk.on_update or (on_update if on_update not in (None, "NO ACTION") else None)
            fk.on_delete = fk.on_delete or (on_delete if on_delete not in (None, "NO ACTION") else None)
        # indexes SQLAlchemy skipped (expression indexes): keep them verbatim
        known = {i.name for i in table.indexes}
        rows = self.conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
            (table.name,),
        )
        for name, index_sql in rows:
            if name not in known:
                self.schema.raw.append(RawObject(derived_id("raw", "index", None, name), "index", index_sql, "sqlite", name))
                self.issues.append(ImportIssue(
                    "warning", f"index {name} on {table.name} is kept as raw SQL (expression indexes are not reflected)"
                ))
