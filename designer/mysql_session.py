"""What MySQL/MariaDB keep with a view, routine, trigger or event besides its
text: the connection's character set and collation in effect when it was made
(all four kinds), which decide how its string literals compare, and the SQL
mode (routines, triggers and events), which decides how it runs.  A view made
under ``SET NAMES utf8mb4 COLLATE utf8mb4_unicode_520_ci`` and compared, by a
later view, with a literal of another collation is refused when it is made
again under the client's default (ERROR 1267, "Illegal mix of collations":
RosarioSIS's MySQL install script).

A statement kept verbatim carries them as mysqldump writes them: the session's
values saved, set, the statement, restored (:func:`wrapped`), so the export and
a migration make it again as it was made, whatever session loads the file.
The importer reads them from the file's own ``SET`` statements
(:class:`SessionTracker`); the live import from the catalog."""

from __future__ import annotations

from sqlglot import exp

from tablewright.designer.dialects import is_mysql

#: the kinds the engine keeps the SQL mode with, and those it keeps the character set and collation with
SQL_MODE_KINDS = frozenset({"trigger", "procedure", "function", "event"})
CHARSET_KINDS = SQL_MODE_KINDS | {"view"}

SQL_MODE_HEAD = "SET @tw_saved_sql_mode = @@sql_mode;\n"
SQL_MODE_TAIL = "SET sql_mode = @tw_saved_sql_mode"
CHARSET_HEAD = ("SET @tw_saved_cs_client = @@character_set_client, @tw_saved_cs_results = @@character_set_results, "
                "@tw_saved_col_connection = @@collation_connection;\n")
CHARSET_TAIL = ("SET character_set_client = @tw_saved_cs_client, character_set_results = @tw_saved_cs_results, "
                "collation_connection = @tw_saved_col_connection")


def _literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _name(text: str) -> str:
    """A character set or collation name as a SET value: only word characters are written bare."""
    return text if text.replace("_", "").isalnum() else _literal(text)


def wrapped(sql: str, *, sql_mode: str | None = None, charset: str | None = None,
            collation: str | None = None) -> str:
    """``sql`` made under ``sql_mode`` and the connection's ``charset`` and
    ``collation`` (the collation's own character set when ``charset`` is None;
    the character set's default collation, ``SET NAMES cs``, when ``collation``
    is None), then the session restored; ``sql`` itself where none is given."""
    if sql_mode is None and collation is None and charset is None:
        return sql
    body = sql.strip().rstrip(";").rstrip()
    if sql_mode is not None:
        body = f"{SQL_MODE_HEAD}SET sql_mode = {_literal(sql_mode)};\n{body};\n{SQL_MODE_TAIL}"
    if collation is not None:
        charset = charset or collation.split("_", 1)[0]
        sets = (f"SET character_set_client = {_name(charset)}, character_set_results = {_name(charset)}, "
                f"collation_connection = {_name(collation)}")
        body = f"{CHARSET_HEAD}{sets};\n{body};\n{CHARSET_TAIL}"
    elif charset is not None:
        body = f"{CHARSET_HEAD}SET NAMES {_name(charset)};\n{body};\n{CHARSET_TAIL}"
    return body + ";"


def _strip(text: str, head: str, tail: str) -> str | None:
    text = text.strip().rstrip(";").rstrip()
    if not (text.startswith(head) and text.endswith(tail)):
        return None
    body = text[len(head):-len(tail)].rstrip().rstrip(";")
    return body.split(";\n", 1)[1] if ";\n" in body else body


def definition(sql: str, dialect: str | None) -> str:
    """What a verbatim statement of ``dialect`` makes: a MySQL one without the session around it."""
    return unwrapped(sql) if is_mysql(dialect) and sql.startswith("SET @tw_saved_") else sql


def unwrapped(sql: str) -> str:
    """The statement without the session :func:`wrapped` put around it."""
    for head, tail in ((CHARSET_HEAD, CHARSET_TAIL), (SQL_MODE_HEAD, SQL_MODE_TAIL)):
        body = _strip(sql, head, tail)
        if body is not None:
            sql = body
    return sql


_CLIENT, _COLLATION, _MODE = "character_set_client", "collation_connection", "sql_mode"
_UNKNOWN = object()  # set to what the file does not say (an expression, DEFAULT): not made again


class SessionTracker:
    """The session a MySQL/MariaDB file sets up with ``SET`` as it is read: the
    character set and collation (``SET NAMES cs [COLLATE c]``, ``SET CHARACTER
    SET``, ``SET character_set_client = …``, ``SET collation_connection = …``),
    the SQL mode, and user variables that save and restore them (mysqldump's
    ``SET @saved_cs_client = @@character_set_client`` … ``= @saved_cs_client``)."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.saved: dict[str, object] = {}

    def read(self, node: exp.Expression) -> None:
        for item in node.expressions if isinstance(node, exp.Set) else ():
            if isinstance(item, exp.SetItem):
                self._item(item)

    def _item(self, item: exp.SetItem) -> None:
        kind = (item.args.get("kind") or "").upper()
        if kind == "GLOBAL":
            return
        if kind in ("NAMES", "CHARACTER SET"):
            charset = self._value(item.this)
            collation = self._value(item.args["collate"]) if item.args.get("collate") else None
            self.values[_CLIENT] = charset
            # SET NAMES cs: the connection takes cs's default collation (None: what SET NAMES cs makes
            # again); SET CHARACTER SET: the database's, which the file does not say
            self.values[_COLLATION] = collation if collation is not None or kind == "NAMES" else _UNKNOWN
            return
        eq = item.this
        if not isinstance(eq, exp.EQ):
            return
        target, value = eq.this, eq.expression
        if isinstance(target, exp.Parameter):  # SET @saved = @@character_set_client
            source = _variable(value)
            self.saved[target.name.lower()] = self.values.get(source, _UNKNOWN) if source else _UNKNOWN
            return
        if isinstance(target, exp.SessionParameter) and (target.args.get("kind") or "").lower() == "global":
            return
        name = _variable(target)
        if name not in (_CLIENT, _COLLATION, _MODE):
            return
        if isinstance(value, exp.Parameter):  # SET character_set_client = @saved
            self.values[name] = self.saved.get(value.name.lower(), _UNKNOWN)
        else:
            self.values[name] = self._value(value)

    @staticmethod
    def _value(node) -> object:
        if isinstance(node, exp.Literal) and node.is_string:
            return node.name
        if isinstance(node, (exp.Var, exp.Column, exp.Identifier)) and node.name.upper() != "DEFAULT":
            return node.name
        return _UNKNOWN

    def wrap(self, kind: str, sql: str) -> str:
        """``sql`` (a statement of ``kind`` kept verbatim) with the session it was read
        under, where the file set it and the engine keeps it with the object: the SQL
        mode, the character set and collation (``SET NAMES cs`` alone: cs's default)."""
        mode = self.values.get(_MODE)
        mode = mode if isinstance(mode, str) and kind in SQL_MODE_KINDS else None
        charset = collation = None
        if kind in CHARSET_KINDS:
            client, named = self.values.get(_CLIENT), self.values.get(_COLLATION, _UNKNOWN)
            if isinstance(named, str):
                charset, collation = (client if isinstance(client, str) else None), named
            elif named is None and isinstance(client, str):  # SET NAMES cs: cs's default collation
                charset = client
        return wrapped(sql, sql_mode=mode, charset=charset, collation=collation)


def _variable(node) -> str | None:
    """The lower-case name of a session variable written ``x``, ``@@x`` or ``@@session.x``."""
    if isinstance(node, (exp.Column, exp.SessionParameter)):
        return node.name.lower()
    return None
