"""Live import, what SQLite's own tables and pragmas tell beyond SQLAlchemy's
reflection."""

from __future__ import annotations

from sqlglot.tokens import TokenType

from tablewright.designer.importing import ImportIssue
from tablewright.designer.model import RawObject, Table, UniqueConstraint, derived_id
from tablewright.designer.sql_split import sql_tokens


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _SQLiteReader:
    """SQLite catalog queries (methods of the live import's reader)."""

    # -- SQLite -------------------------------------------------------------------------
    def _sqlite_table_sql(self) -> dict[str, str]:
        rows = self.conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
        return {name: sql for name, sql in rows}

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
