"""DDL import, statement handlers for what the model keeps verbatim (raw
objects: functions, views, grants, …) or ignores (SET, data statements), for
the statements sqlglot keeps as commands, and for T-SQL's IF guards."""

from __future__ import annotations

from dataclasses import replace

from sqlglot import exp
from sqlglot.tokens import TokenType

from tablewright.designer.ddl_import_nodes import _Skip, _name
from tablewright.designer.ddl_import_tokens import _dotted_name
from tablewright.designer.dialects import is_mysql
from tablewright.designer.model import RawObject, Table, derived_id
from tablewright.designer.raw_kinds import RAW_CREATE, created_kind, raw_kind
from tablewright.designer.sql_split import Statement, sql_tokens


_RAW_STATEMENTS = {"GRANT", "REVOKE", "SECURITY", "DO", "EXEC", "EXECUTE", "CALL", "COMMENT"}
_IGNORED_STATEMENTS = {"SET", "RESET", "SHOW", "VACUUM", "ANALYZE", "LOCK", "BEGIN", "START", "END",
                       "CHECKPOINT", "DISCARD", "DEALLOCATE", "PRAGMA", "PRINT", "DECLARE", "CLUSTER",
                       "REINDEX", "SELECT", "USE", "COMMIT", "ROLLBACK", "DROP", "INSERT", "UPDATE",
                       "DELETE", "COPY", "TRUNCATE", "FLUSH", "UNLOCK", "LOAD", "REFRESH"}
# ignored as data statements, as the importer names them parsed (``_IGNORED_EXPRESSIONS``)
_LITERALS = {TokenType.STRING, TokenType.NUMBER, TokenType.NATIONAL_STRING, TokenType.RAW_STRING,
             TokenType.HEX_STRING, TokenType.BIT_STRING, TokenType.BYTE_STRING, TokenType.HEREDOC_STRING,
             TokenType.UNICODE_STRING}  # a CREATE's kind is a word, never one of these
_DATA_STATEMENTS = {"INSERT", "UPDATE", "DELETE", "COPY"}


class _CommandHandlers:
    """Raw objects, commands, ignored statements (methods of the importer's builder)."""

    def _keep_unparsed(self, statement: Statement) -> bool:
        """A statement sqlglot cannot parse but that the model would only keep
        verbatim anyway (function bodies, triggers, …): keep it, no error."""
        words = [t.text.upper() for t in statement.tokens[:12]]
        if words and words[0] == "CREATE" and created_kind(words)[0] in RAW_CREATE:
            self._on_command(None)
            return True
        if words and words[0] in _RAW_STATEMENTS | _IGNORED_STATEMENTS:
            self._on_command(None)
            return True
        return False

    def _keep_raw(self, kind: str, name: str | None = None) -> None:
        stmt = self.statement
        sql = stmt.as_run if self.session is None else self.session.wrap(kind, stmt.as_run)
        raw = RawObject(
            id=derived_id("raw", stmt.location.path, str(stmt.location.line), str(stmt.location.column)),
            kind=kind, sql=sql, dialect=self.dialect, name=name, location=stmt.location,
            namespace=self.namespace if is_mysql(self.dialect) else self.element_of)
        self._replace_kept(raw)  # CREATE OR REPLACE of an object kept earlier (ddl_import_drops)
        self.schema.raw.append(raw)

    def _ignore(self, what: str) -> None:
        self._issue("info", f"{what} ignored")

    def _on_use(self, node):
        self.namespace = _name(node.this)
        self._ensure_namespace(self.namespace)

    def _on_drop(self, node):
        kind = (node.args.get("kind") or "").upper()
        if kind == "TABLE":
            self._drop_tables(node)
            return
        if kind == "SCHEMA" and self.dialect == "postgres":
            self._drop_schemas(node)
            return
        if kind in ("DATABASE", "SCHEMA") or not kind:
            self._ignore(f"DROP {kind}".strip())
            return
        if kind == "TYPE" and self._drop_enums(node):
            return
        if self._drop_named():  # a function, trigger, view, index … defined earlier (ddl_import_drops)
            return
        self._ignore(f"DROP {kind}")

    def _drop_schemas(self, node: exp.Drop) -> None:
        """PostgreSQL's ``DROP SCHEMA [IF EXISTS] s [CASCADE]``: refused while the schema holds anything,
        unless CASCADE drops it all -- its tables (with what depends on them elsewhere: views, foreign
        keys), sequences, types, views, functions and the rest."""
        for part in node.args.get("tables") or []:
            name = part.args["db"].name if part.args.get("db") else part.name
            here = (lambda ns, name=name: (ns or "public") == name) if self.fold is not None else \
                (lambda ns, name=name: (ns or "public").lower() == name.lower())
            namespace = next((n for n in self.schema.namespaces if here(n.name)), None)
            tables = [t for t in self.schema.tables if here(t.namespace)]
            sequences = [s for s in self.schema.sequences if here(s.namespace)]
            enums = [e for e in self.schema.enums if here(e.namespace)]
            raws = [r for r in self.schema.raw if any(i[2] is not None and here(i[2]) for i in self._identities_of(r))]
            held = [f"table {t.name}" for t in tables] + [f"sequence {s.name}" for s in sequences] \
                + [f"type {e.name}" for e in enums] + [f"{r.kind} {r.name}" for r in raws]
            if namespace is None and not held and name.lower() != "public":
                if node.args.get("exists"):
                    continue
                raise _Skip(f"DROP SCHEMA: no schema {name} (the engine refuses the statement)")
            if held and not node.args.get("cascade"):
                self._issue("warning", f"DROP SCHEMA {name} is refused by PostgreSQL: it holds {', '.join(held[:3])}"
                            f"{' …' if len(held) > 3 else ''} (DROP … CASCADE drops them too); the schema is kept")
                return
            for table in tables:
                if any(t is table for t in self.schema.tables):
                    self._drop_table(table, True, along=tables)
            self.schema.sequences = [s for s in self.schema.sequences if all(s is not q for q in sequences)]
            self.schema.enums = [e for e in self.schema.enums if all(e is not q for q in enums)]
            self.schema.raw = [r for r in self.schema.raw if all(r is not q for q in raws)]
            self.schema.namespaces = [n for n in self.schema.namespaces if n is not namespace]
            self._sequence_index, self._sequences_indexed = {}, 0
            self._table_index = None

    def _drop_tables(self, node: exp.Drop) -> None:
        """``DROP TABLE [IF EXISTS] a, b [CASCADE]``: each table named goes, with what goes with it
        (ddl_import_follow).  As the engines take a list: SQLite takes one table (a list is a syntax
        error), PostgreSQL drops none when one is missing (without IF EXISTS), MariaDB drops those
        that exist and reports the others."""
        # (sqlglot 30 puts the tables of DROP TABLE a, b in ``tables``; older releases in this/expressions)
        named = [t for t in node.args.get("tables") or [node.this, *node.expressions] if isinstance(t, exp.Table)]
        if len(named) > 1 and self.dialect == "sqlite":
            self._issue("error", "DROP TABLE names more than one table, which SQLite refuses (a syntax error); "
                                 "nothing dropped")
            return
        found = []
        for table_node in named:
            ns, name = table_node.args["db"].name if table_node.args.get("db") else self.namespace, table_node.name
            table = self._find_table(name, ns)
            if table is None and not node.args.get("exists") and self.dialect in ("postgres", "sqlite") \
                    and name.lower() not in self._unread_tables:
                raise _Skip(f"DROP TABLE: no table {name} (the engine refuses the statement and drops none of "
                            "its tables)")
            if table is not None and all(table is not t for t in found):
                found.append(table)
        for table in found:
            self._drop_table(table, bool(node.args.get("cascade")), along=found)

    def _rename_tables(self) -> None:
        """MySQL's ``RENAME TABLE[S] [IF EXISTS] a TO b [, c TO d …]``: the pairs in order (``a TO tmp,
        b TO a, tmp TO b`` swaps two tables), each as ALTER TABLE … RENAME.  MySQL renames all or none:
        when a pair names a table that is not there (IF EXISTS, MariaDB's, skips it) or one that is, the
        statement changes nothing."""
        tokens = self.statement.tokens
        if len(tokens) == 2 and tokens[1].token_type == TokenType.STRING:  # (sqlglot's tokens of a command: its rest)
            tokens = [tokens[0], *(sql_tokens(tokens[1].text, self.dialect) or [])]
        words = [t.text.upper() if t.token_type != TokenType.IDENTIFIER else "" for t in tokens]
        if words[1:2] not in (["TABLE"], ["TABLES"]):
            raise _Skip("RENAME statement not understood")
        at = 2
        exists = words[at:at + 2] == ["IF", "EXISTS"]
        at += 2 * exists
        pairs: list[tuple[list[str], list[str]]] = []
        while at < len(tokens):
            old = _dotted_name(tokens, at, self.fold)
            at += 2 * len(old) - 1
            at += {"NOWAIT": 1, "WAIT": 2}.get(words[at] if at < len(tokens) else "", 0)  # MariaDB's WAIT n | NOWAIT
            if not old or words[at:at + 1] != ["TO"] or at + 1 >= len(tokens):
                raise _Skip("RENAME TABLE statement not understood")
            new = _dotted_name(tokens, at + 1, self.fold)
            at += 2 * len(new)
            pairs.append((old, new))
            if at < len(tokens) and tokens[at].token_type != TokenType.COMMA:
                raise _Skip("RENAME TABLE statement not understood")
            at += 1

        def key(namespace: str | None, name: str) -> tuple[str, str]:
            return (namespace or self.namespace or "").lower(), name.lower()

        # the tables by name as each pair leaves them: every pair is checked before any is applied
        current = {key(t.namespace, t.name): t for t in self.schema.tables}
        plan: list[tuple[Table, str | None, str]] = []
        for old, new in pairs:
            table = current.pop(key(old[-2] if len(old) > 1 else None, old[-1]), None)
            if table is None:
                if exists:
                    continue
                raise _Skip(f"RENAME TABLE: no table {'.'.join(old)} (MySQL renames none of the tables)")
            namespace = new[-2] if len(new) > 1 else None
            if key(namespace, new[-1]) in current:
                raise _Skip(f"RENAME TABLE: table {'.'.join(new)} exists (MySQL renames none of the tables)")
            current[key(namespace, new[-1])] = table
            plan.append((table, namespace, new[-1]))
        for table, namespace, name in plan:
            self._rename_table(table, namespace, name)

    def _on_command(self, node: exp.Command):
        words = [t.text.upper() for t in self.statement.tokens[:8]]
        head = words[0] if words else ""
        if head == "CREATE":
            kind = raw_kind([t.text.upper() for t in self.statement.tokens[:12]])
            if kind == "virtual":
                self._virtual_table()
                return
            if kind in ("table", "index", "sequence"):
                raise _Skip(f"CREATE {kind.upper()} syntax not understood")
            if kind == "object":  # CREATE'' : no kind of object named, nothing to keep
                self._issue("error", "cannot parse statement (CREATE names no kind of object); skipped")
                return
            _, at = created_kind([t.text.upper() for t in self.statement.tokens[:12]])
            named = self.statement.tokens[at] if at < len(self.statement.tokens) else None
            if named is not None and (named.token_type in _LITERALS or not any(c.isalnum() for c in named.text)):
                self._issue("error", f"cannot parse statement (CREATE names no kind of object: found "
                                     f"{named.text[:40]!r}); skipped", self.statement.location_at(named.start))
                return  # CREATE E'\n', CREATE 1, CREATE (: what the engines refuse there
            self._keep_raw(kind, self._object_name_after(kind))
            return
        if head == "ALTER" and len(words) > 1:
            target = words[1]
            if target == "SEQUENCE":
                self._alter_sequence_command()
                return
            if target == "TABLE" and any(t.text.upper() == "OWNER" for t in self.statement.tokens):
                self._ignore("ALTER … OWNER TO")
                return
            if target in ("FUNCTION", "TYPE", "VIEW", "DATABASE", "SCHEMA", "AGGREGATE", "DOMAIN",
                          "TEXT", "MATERIALIZED", "EXTENSION", "TRIGGER", "PROCEDURE", "INDEX") and \
                    any(t.text.upper() == "OWNER" for t in self.statement.tokens):
                self._ignore(f"ALTER {target} … OWNER TO")
                return
            if target == "TABLE":
                self._alter_table_command()
                return
            if target == "TYPE" and self.dialect == "postgres" and self._alter_enum():
                return
            self._keep_raw(" ".join(w.lower() for w in words[:3 if target == "TEXT" else 2]))
            return
        if head == "CLUSTER" and self.dialect == "postgres" and "USING" in words:
            self._cluster(words.index("USING"))
            return
        if head == "DROP" and self._drop_named():  # what sqlglot does not parse (DROP FUNCTION f(a int))
            return
        if head == "RENAME" and is_mysql(self.dialect):
            self._rename_tables()
            return
        if head in _IGNORED_STATEMENTS:
            self._ignore(f"data statement ({head})" if head in _DATA_STATEMENTS else head)
            return
        if head in _RAW_STATEMENTS:
            self._keep_raw(head.lower())
            return
        raise _Skip(f"{head} statement not understood")

    def _drop_enums(self, node) -> bool:
        """``DROP TYPE a, b``: the enums named go (True when each was one of the schema's)."""
        found = []
        for target in node.args.get("tables") or [node.this, *node.expressions]:
            if not isinstance(target, exp.Table):
                return False
            enum = self.schema.find_enum(target.name, target.args["db"].name if target.args.get("db") else None)
            if enum is None:
                return False
            found.append(enum)
        for enum in found:
            self.schema.enums.remove(enum)
        return bool(found)

    def _alter_enum(self) -> bool:
        """PostgreSQL's ``ALTER TYPE e RENAME TO f``, ``ADD VALUE [IF NOT EXISTS] 'v' [BEFORE|AFTER 'w']``
        and ``RENAME VALUE 'a' TO 'b'`` on an enum of the schema: applied to it and to the columns of
        its type (a column refers to its type, not to the name: a renamed enum keeps its columns, as
        Asterisk's upgrade steps rename one, create the new one and move the column).  False (kept
        verbatim) for any other ALTER TYPE."""
        tokens = self.statement.tokens
        words = [t.text.upper() for t in tokens]
        at = next((i for i in range(2, len(words)) if words[i] in ("RENAME", "ADD")), None)
        if at is None:
            return False
        parts = _dotted_name(tokens, 2, self.fold)
        enum = self.schema.find_enum(parts[-1], parts[-2] if len(parts) > 1 else None)
        if enum is None:
            return False
        strings = [t.text for t in tokens[at:] if t.token_type == TokenType.STRING]
        old = enum.qualified_name
        if words[at:at + 2] == ["RENAME", "TO"] and at + 2 < len(tokens):
            enum.name = _dotted_name(tokens, at + 2, self.fold)[-1]
        elif words[at:at + 2] == ["RENAME", "VALUE"] and len(strings) == 2 and strings[0] in enum.values:
            enum.values[enum.values.index(strings[0])] = strings[1]
        elif words[at:at + 2] == ["ADD", "VALUE"] and strings:
            if strings[0] in enum.values:
                return "IF" in words  # ADD VALUE IF NOT EXISTS of a value it has: nothing to do
            where = len(enum.values)
            if len(strings) > 1 and strings[1] in enum.values:
                where = enum.values.index(strings[1]) + ("AFTER" in words)
            enum.values.insert(where, strings[0])
        else:
            return False
        short = old.split(".")[-1]
        for table in self.schema.tables:
            for column in table.columns:
                written = column.type.text.replace('"', "").rstrip("[] ").lower()
                if column.type.enum == old or written in (short.lower(), old.lower()):
                    text = column.type.text  # (linked to their enum by name when the import ends: by name here)
                    cut = text.lower().rfind(short.lower())
                    if cut >= 0 and enum.name != short:
                        text = text[:cut] + enum.name + text[cut + len(short):]
                    column.type = replace(column.type, text=text, **(
                        {"enum": enum.qualified_name, "values": tuple(enum.values)} if column.type.enum == old else {}))
        return True

    def _object_name_after(self, kind: str) -> str | None:
        tokens = self.statement.tokens
        for i, token in enumerate(tokens):
            if token.text.lower() == kind.split()[-1] and i + 1 < len(tokens):
                return ".".join(_dotted_name(tokens, i + 1, self.fold)) or None
        return None

    def _close_guard(self) -> None:
        """A T-SQL guard covers the next statement, or its BEGIN … END block."""
        if self._guard is None or self._guard_depth is None:
            return
        if self._guard_depth == -2:  # the IF itself
            self._guard_depth = -1
            return
        words = [t.text.upper() for t in self.statement.tokens[:2]]
        if self._guard_depth == -1:  # just after the IF: BEGIN opens its block, else one statement
            self._guard_depth = 1 if words[:1] == ["BEGIN"] and words[1:2] != ["TRAN"] else 0
        elif words[:1] == ["BEGIN"] and words[1:2] not in (["TRAN"], ["TRANSACTION"]):
            self._guard_depth += 1
        elif words[:1] == ["END"]:
            self._guard_depth -= 1
        if self._guard_depth == 0:
            self._guard, self._guard_depth = None, None

    def _on_ifblock(self, node: exp.IfBlock):
        """T-SQL ``IF <condition>`` (its body follows as statements of their own): the
        statements it guards are read; one that cannot apply is skipped quietly, as the
        guard would skip it (``IF OBJECT_ID('fk') IS NOT NULL ALTER TABLE … DROP CONSTRAINT fk``)."""
        self._ignore("IF (control of flow)")
        self._guard = " ".join(self.statement.text.split())[:60]
        self._guard_depth = -2
