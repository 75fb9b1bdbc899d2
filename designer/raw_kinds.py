"""What a CREATE (or ALTER) statement makes: the one classifier of the statements
the model keeps verbatim.

The importer names a kept statement by it (``RawObject.kind``: ``function``,
``materialized view``, ``text search configuration`` …), DDL export and the
migrations put it in its phase by it (extensions, types, domains before the
tables; functions after them; the rest last), and the migrations find the name
it creates at the position it gives.  Words are sqlglot's tokens of the
statement's head, upper-cased (:func:`tablewright.designer.sql_split.head_keywords`).
"""

from __future__ import annotations

from collections.abc import Sequence

#: words between CREATE and the kind that say how, not what
CREATE_MODIFIERS = frozenset({"OR", "REPLACE", "TEMP", "TEMPORARY", "TRUSTED", "PROCEDURAL", "CONSTRAINT",
                              "RECURSIVE", "UNLOGGED", "GLOBAL", "LOCAL", "IF", "NOT", "EXISTS", "UNIQUE"})
#: kinds of CREATE the model keeps verbatim (the others it reads: TABLE, INDEX, SEQUENCE, SCHEMA …)
RAW_CREATE = frozenset({"FUNCTION", "PROCEDURE", "TRIGGER", "VIEW", "MATERIALIZED", "RULE", "AGGREGATE",
                        "OPERATOR", "DOMAIN", "EXTENSION", "COLLATION", "TEXT", "LANGUAGE", "CAST", "EVENT",
                        "POLICY", "PUBLICATION", "SUBSCRIPTION", "SERVER", "FOREIGN", "USER", "ROLE",
                        "CONVERSION", "STATISTICS", "TRANSFORM", "ACCESS", "TYPE", "SYNONYM", "LOGIN",
                        "ALGORITHM", "SQL", "VIRTUAL"})
#: kinds made before the tables that may use them
PRE_KINDS = frozenset({"EXTENSION", "COLLATION", "DOMAIN", "TYPE", "TEXT", "LANGUAGE", "VIRTUAL"})
#: kinds made after the tables (a function's body may read them), before what may call them
FUNCTION_KINDS = frozenset({"FUNCTION", "PROCEDURE", "AGGREGATE"})
# SQL Server / MySQL words before INDEX that say which kind of index
_INDEX_KINDS = frozenset({"CLUSTERED", "NONCLUSTERED", "FULLTEXT", "SPATIAL"})
# words that name the kind in more than one word: CREATE TEXT SEARCH CONFIGURATION, MATERIALIZED VIEW, FOREIGN TABLE
_MULTI_WORD = {"TEXT": 3, "MATERIALIZED": 2, "FOREIGN": 2}


def created_kind(words: Sequence[str]) -> tuple[str, int]:
    """The kind word of a CREATE/ALTER statement and its position in ``words``
    (upper case): modifiers (OR REPLACE, TEMPORARY, UNIQUE …) and MySQL's
    ``ALGORITHM = …``, ``DEFINER = user@host`` and ``SQL SECURITY …`` skipped, ``CLUSTERED INDEX`` read as INDEX.  ("", len)
    when there is none."""
    i, n = 1, len(words)
    while i < n:
        word = words[i]
        if word == "DEFINER":  # DEFINER = `user`@`host` | CURRENT_USER[()]
            i += 1
            if i < n and words[i] == "=":
                i += 1
            i += 1  # the user
            if i < n and words[i] == "@":
                i += 2
            elif tuple(words[i:i + 2]) == ("(", ")"):
                i += 2
            continue
        if word == "ALGORITHM" and i + 1 < n and words[i + 1] == "=":  # MySQL views: ALGORITHM = MERGE
            i += 3
            continue
        if word == "SQL SECURITY" or (word == "SQL" and i + 1 < n and words[i + 1] == "SECURITY"):
            i += 2 if word == "SQL SECURITY" else 3  # SQL SECURITY DEFINER | INVOKER
            continue
        if word in CREATE_MODIFIERS or (word == "ALTER" and words[i - 1] == "OR"):  # T-SQL: CREATE OR ALTER
            i += 1
            continue
        if " " in word and word.split()[0] in _INDEX_KINDS:  # T-SQL reads CLUSTERED INDEX as one token
            return word.split()[-1], i
        if word in _INDEX_KINDS:
            j = i + 1
            while j < n and words[j] in CREATE_MODIFIERS:
                j += 1
            if j < n:
                return words[j], j
        return word, i
    return "", n


def raw_kind(words: Sequence[str]) -> str:
    """A kept CREATE statement's ``RawObject.kind``: the kind, lower case, in as
    many words as it takes (``materialized view``, ``text search configuration``);
    ``object`` when the statement names none."""
    kind, at = created_kind(words)
    if not kind:
        return "object"
    width = _MULTI_WORD.get(kind, 1)
    if width > 1 and len(words) > 3:
        return " ".join(w.lower() for w in words[at:at + width])
    return kind.lower()


def phase(words: Sequence[str]) -> str:
    """Where a statement kept verbatim goes in DDL export and migrations: ``pre``
    (before the tables), ``functions`` (after them) or ``post``."""
    if not words:
        return "post"
    if words[0] == "DO":
        return "functions"
    if words[0] not in ("CREATE", "ALTER"):
        return "post"
    kind, _ = created_kind(words)
    if kind in PRE_KINDS:
        return "pre"
    if kind in FUNCTION_KINDS:
        return "functions"
    return "post"


__all__ = ["CREATE_MODIFIERS", "FUNCTION_KINDS", "PRE_KINDS", "RAW_CREATE", "created_kind", "phase", "raw_kind"]
