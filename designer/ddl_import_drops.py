"""DDL import: DROP and CREATE OR REPLACE of the objects the model keeps verbatim
(functions, procedures, aggregates, triggers, views, rules, policies), and DROP INDEX.

A script that evolves a schema step by step (Kea's: each upgrade redefines functions,
drops triggers and indexes) leaves the engine with the objects as they end.  The
model must end the same way: a DROP removes what it names (a function by its
argument types when the DROP gives them, as the engine does), and a CREATE OR REPLACE
of the same object (same name, same argument types) replaces the earlier definition.
Otherwise the export replays every version after the tables are complete, and a
version that no longer fits them (or a CREATE OR REPLACE that changes a return type
after a DROP the export does not have) stops the load.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.tokens import Token, TokenType

from tablewright.designer.ddl_import_tokens import _dotted_name, _paren_items
from tablewright.designer.model import RawObject
from tablewright.designer.mysql_session import definition
from tablewright.designer.raw_kinds import created_kind
from tablewright.designer.sql_split import sql_tokens

#: kinds a function-like object is identified by with its argument types
_SIGNED = frozenset({"function", "procedure", "aggregate"})
#: kinds identified by their name and the table they are ON
_ON_TABLE = frozenset({"trigger", "rule", "policy"})
#: the verbatim kinds a DROP or CREATE OR REPLACE is followed for
_KINDS = _SIGNED | _ON_TABLE | {"view", "materialized view"}
_MODES = frozenset({"IN", "OUT", "INOUT", "VARIADIC"})

# (kind, name, namespace or None, argument types or table) -- None arguments: any (DROP f without a list)
Identity = tuple[str, str, str | None, tuple[str, ...] | str | None]


def _param_type(text: str) -> str:
    """An argument's type, normalized as the engine compares signatures (no name, no
    length: ``p_id varchar(32)`` and ``character varying`` are both ``varchar``)."""
    words = text.split()
    for candidate in (text, " ".join(words[1:])):
        if not candidate:
            continue
        try:
            data_type = exp.DataType.build(candidate, dialect="postgres")
        except (SqlglotError, ValueError):
            continue
        for param in list(data_type.find_all(exp.DataTypeParam)):
            param.pop()
        return data_type.sql("postgres").lower()
    return (words[-1] if len(words) > 1 else text).lower()  # a type of the schema's own, after its argument name


def _signature(sql: str, tokens: list[Token], at: int, kind: str) -> tuple[tuple[str, ...] | None, int]:
    """The input argument types of the list opening at ``tokens[at]`` (None without a list)
    and the index after it."""
    if at >= len(tokens) or tokens[at].token_type != TokenType.L_PAREN:
        return None, at
    params, end = _paren_items(tokens, at)
    types = []
    for param in params:
        if not param:
            continue
        words = [t.text.upper() for t in param]
        if words[0] == "OUT" and kind != "procedure":
            continue  # not part of a function's signature
        if words[0] in _MODES and len(param) > 1:
            param = param[1:]
        cut = next((j for j, t in enumerate(param) if t.text.upper() == "DEFAULT" or t.token_type == TokenType.EQ),
                   len(param))
        param = param[:cut]
        if param:
            types.append(_param_type(sql[param[0].start:param[-1].end + 1]))
    if kind == "aggregate" and types == ["*"]:
        types = []
    return tuple(types), end + 1


def _identities(sql: str, dialect: str, fold, create: bool) -> list[Identity]:
    """What a CREATE (one object) or a DROP (one or more, comma separated) statement names."""
    tokens = sql_tokens(sql, dialect) or []
    words = [t.text.upper() for t in tokens]
    if create:
        word, at = created_kind(words[:12])
        kind = "materialized view" if word == "MATERIALIZED" else word.lower()
        at += 2 if word == "MATERIALIZED" else 1
    else:
        kind = "materialized view" if words[1:2] == ["MATERIALIZED"] else (words[1].lower() if len(words) > 1 else "")
        at = 3 if kind == "materialized view" else 2
    if kind not in _KINDS:
        return []
    out: list[Identity] = []
    while at < len(tokens):
        while at < len(tokens) and words[at] in ("IF", "NOT", "EXISTS"):
            at += 1
        parts = _dotted_name(tokens, at, fold)
        if not parts or not parts[-1]:
            break
        at += 2 * len(parts) - 1
        extra: tuple[str, ...] | str | None = None
        if kind in _SIGNED:
            extra, at = _signature(sql, tokens, at, kind)
        elif kind in _ON_TABLE:
            # DROP TRIGGER t ON tbl; CREATE TRIGGER t AFTER UPDATE OF a ON tbl …; CREATE RULE r AS ON INSERT TO tbl
            word = "TO" if create and kind == "rule" else "ON"
            on = next((j for j in range(at, len(tokens)) if words[j] == word), None) if create else \
                (at if at < len(tokens) and words[at] == "ON" else None)
            if on is not None:
                table = _dotted_name(tokens, on + 1, fold)
                extra = table[-1] if table else None
                at = on + 2 * len(table)
        out.append((kind, parts[-1], parts[-2] if len(parts) > 1 else None, extra))
        if create or at >= len(tokens) or tokens[at].token_type != TokenType.COMMA:
            break
        at += 1
    return out


def _same(kept: Identity, named: Identity, folded: bool) -> bool:
    """Whether ``named`` (a DROP's or a CREATE OR REPLACE's) is the object ``kept`` creates."""
    if kept[0] != named[0]:
        return False
    if (kept[1] != named[1]) if folded else (kept[1].lower() != named[1].lower()):
        return False
    if kept[2] and named[2] and kept[2].lower() != named[2].lower():
        return False
    return named[3] is None or kept[3] == named[3]


class _DropHandlers:
    """DROP of kept objects and indexes, CREATE OR REPLACE (methods of the importer's builder)."""

    def _identities_of(self, raw: RawObject) -> list[Identity]:
        cache = self.__dict__.setdefault("_raw_identities", {})
        if raw.id not in cache:
            # (a MySQL object made under a session of its own is kept inside SET statements: its definition)
            cache[raw.id] = _identities(definition(raw.sql, raw.dialect), self.dialect, self.fold, create=True)
        return cache[raw.id]

    def _replace_kept(self, raw: RawObject) -> None:
        """Before keeping ``raw``: a CREATE OR REPLACE removes the earlier definition of the same object."""
        if raw.kind not in _KINDS:
            return
        tokens = sql_tokens(definition(raw.sql, raw.dialect), self.dialect) or []
        if [t.text.upper() for t in tokens[1:3]] != ["OR", "REPLACE"]:
            return
        for named in self._identities_of(raw):
            self._remove_kept(named, exact=True)

    def _remove_kept(self, named: Identity, *, exact: bool = False) -> bool:
        folded = self.fold is not None
        before = len(self.schema.raw)
        self.schema.raw = [r for r in self.schema.raw if r.kind != named[0] or not any(
            _same(kept, named, folded) and (not exact or kept[3] == named[3]) for kept in self._identities_of(r))]
        return len(self.schema.raw) != before

    def _drop_named(self) -> bool:
        """A DROP of kept objects or of an index: applied to the model (True), else False
        (the caller ignores the statement as before)."""
        sql = self.statement.text
        words = [t.text.upper() for t in self.statement.tokens[:3]]
        if words[:2] == ["DROP", "INDEX"]:
            return self._drop_indexes()
        named = _identities(sql, self.dialect, self.fold, create=False)
        if not named:
            return False
        for identity in named:
            if not self._remove_kept(identity):
                self._ignore(f"DROP {identity[0].upper()} {identity[1]} (not created earlier)")
        return True

    def _drop_indexes(self) -> bool:
        tokens = self.statement.tokens
        at = 2
        while at < len(tokens):
            while at < len(tokens) and tokens[at].text.upper() in ("IF", "EXISTS", "CONCURRENTLY"):
                at += 1
            parts = _dotted_name(tokens, at, self.fold)
            if not parts:
                break
            at += 2 * len(parts) - 1
            for table in self.schema.tables:
                if parts[-2:-1] and (table.namespace or "public").lower() != parts[-2].lower():
                    continue
                kept = [i for i in table.indexes if i.name != parts[-1]]
                if len(kept) != len(table.indexes):
                    table.indexes = kept
                    break
            else:
                self._ignore(f"DROP INDEX {parts[-1]} (not created earlier)")
            if at >= len(tokens) or tokens[at].token_type != TokenType.COMMA:
                break
            at += 1
        return True
