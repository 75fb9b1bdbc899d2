"""DDL import, token helpers: names, spans and column types read from a
statement's sqlglot tokens (what the parsed tree loses: the text as written).

One bracket matcher, :func:`_element_end`, finds where an element of a
parenthesised list ends (a DEFAULT value, a CHECK body, a column type, an
EXCLUDE element)."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.tokens import Token, TokenType


def _token_name(token: Token, fold: Dialect | None = None) -> str:
    """The name a token writes, as the engine resolves it: with ``fold`` (the
    dialect of an engine that folds unquoted names, PostgreSQL), an unquoted
    name is normalized by the dialect's rules (lower case), a quoted one kept."""
    if fold is None:
        return token.text
    identifier = exp.Identifier(this=token.text, quoted=token.token_type == TokenType.IDENTIFIER)
    return fold.normalize_identifier(identifier).this


def _dotted_name(tokens: list[Token], start: int, fold: Dialect | None = None) -> list[str]:
    """The parts of a (possibly qualified) name starting at ``tokens[start]``,
    after any IF NOT EXISTS / ONLY (``fold``: see :func:`_token_name`)."""
    i = start
    while i < len(tokens) and tokens[i].text.upper() in ("IF", "NOT", "EXISTS", "ONLY"):
        i += 1
    parts = []
    while i < len(tokens):
        parts.append(_token_name(tokens[i], fold))
        if i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
            i += 2
            continue
        break
    return parts


def _paren_items(tokens: list[Token], start: int) -> tuple[list[list[Token]], int]:
    """The comma-separated items of the parenthesized list opening at or after ``tokens[start]``
    (nested parentheses kept whole) and the index of its closing parenthesis."""
    items, depth, current = [], 0, []
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token.token_type == TokenType.L_PAREN:
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                break
        if depth == 1 and token.token_type == TokenType.COMMA:
            items.append(current)
            current = []
        elif depth >= 1:
            current.append(token)
        i += 1
    if current:
        items.append(current)
    return items, i


_TYPE_END = {TokenType.COMMA, TokenType.R_PAREN, TokenType.L_PAREN}


_TYPE_END_WORDS = {"NOT", "NULL", "DEFAULT", "PRIMARY", "PRIMARY KEY", "UNIQUE", "CHECK", "REFERENCES",
                   "COLLATE", "CONSTRAINT", "GENERATED", "AS", "AUTOINCREMENT", "AUTO_INCREMENT", "ON",
                   "CHARACTER", "CHARSET", "COMMENT", "IDENTITY", "ROWGUIDCOL", "SPARSE", "FILESTREAM",
                   "STORED", "VIRTUAL", "WITH", "KEY", "INVISIBLE", "VISIBLE", "COLUMN_FORMAT", "STORAGE",
                   "SRID", "CLUSTERED", "NONCLUSTERED", "MASKED", "ENCRYPTED",
                   "FIRST", "AFTER"}  # MySQL ADD COLUMN c int FIRST | AFTER b: a position, not the type


_COLUMN_START_SKIP = {"CONSTRAINT", "PRIMARY", "PRIMARY KEY", "UNIQUE", "CHECK", "FOREIGN", "KEY", "INDEX",
                      "FULLTEXT", "SPATIAL", "LIKE", "EXCLUDE", "PERIOD"}


_DEFAULT_END = {"NOT", "NULL", "PRIMARY", "PRIMARY KEY", "UNIQUE", "CHECK", "REFERENCES", "CONSTRAINT",
                "COLLATE", "GENERATED", "ON", "COMMENT", "AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY", "FOR",
                "FIRST", "AFTER"}  # MySQL ADD COLUMN c int DEFAULT 0 AFTER b: a position, not the default


_OPENERS = {TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.L_BRACE}  # ARRAY[a, b] holds commas too
_CLOSERS = {TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.R_BRACE}


_PAREN_OPEN, _PAREN_CLOSE = {TokenType.L_PAREN}, {TokenType.R_PAREN}
_QUOTED = {TokenType.STRING, TokenType.IDENTIFIER}


def _element_end(tokens: list[Token], start: int, stop=None, *, brackets: bool = False) -> int:
    """The one bracket matcher: the index of the first token from ``start`` on
    that ends the element beginning there -- a closing parenthesis (with
    ``brackets``, also ``]`` or ``}``) that closes none opened after ``start``,
    or a token outside any opened after ``start`` for which ``stop(index,
    token)`` is true; ``len(tokens)`` when there is none."""
    openers, closers = (_OPENERS, _CLOSERS) if brackets else (_PAREN_OPEN, _PAREN_CLOSE)
    depth = 0
    for j in range(start, len(tokens)):
        token = tokens[j]
        if token.token_type in openers:
            depth += 1
        elif token.token_type in closers:
            if depth == 0:
                return j
            depth -= 1
        elif depth == 0 and stop is not None and stop(j, token):
            return j
    return len(tokens)


def _first_offset(node: exp.Expression) -> int | None:
    """The offset in the statement of the first token sqlglot recorded for
    ``node`` or anything in it (identifiers, literals, most functions)."""
    for sub in node.walk():
        meta = sub._meta if hasattr(sub, "_meta") else None
        if meta and "start" in meta:
            return meta["start"]
    return None


def _expression_spans(tokens: list[Token], text: str) -> dict[str, list[tuple[int, int, str]]]:
    """Every DEFAULT value, CHECK body, generated column's expression (``GENERATED ALWAYS AS (…)``) and
    index WHERE predicate in a statement: (first offset, end offset, source text), in order."""
    spans: dict[str, list[tuple[int, int, str]]] = {"DEFAULT": [], "CHECK": [], "WHERE": [], "GENERATED": []}
    n = len(tokens)
    for i, token in enumerate(tokens):
        if token.token_type in _QUOTED:
            continue  # a string, or a quoted name ("default", "check"): no keyword
        word = token.text.upper()
        if word == "DEFAULT":
            before = [t.text.upper() for t in tokens[max(0, i - 2): i]]
            after = tokens[i + 1].text.upper() if i + 1 < n else ""
            if before[-1:] == ["SET"] and before[:1] in (["DELETE"], ["UPDATE"]):
                continue  # ON DELETE SET DEFAULT
            if before[-1:] == ["BY"]:
                continue  # GENERATED BY DEFAULT AS IDENTITY
            if after in ("CHARSET", "CHARACTER", "COLLATE", "VALUES") or i + 1 >= n:
                continue
            j = _element_end(tokens, i + 1, lambda k, t: k > i + 1 and (
                t.token_type == TokenType.COMMA
                or t.token_type != TokenType.STRING and t.text.upper() in _DEFAULT_END), brackets=True)
            spans["DEFAULT"].append(_located_span(tokens[i + 1], tokens[j - 1], text))
        elif word == "CHECK" and i + 1 < n and tokens[i + 1].token_type == TokenType.L_PAREN:
            j = _element_end(tokens, i + 2)  # the parenthesis that closes the one at i + 1
            if j > i + 2 and j < n:
                spans["CHECK"].append(_located_span(tokens[i + 2], tokens[j - 1], text))
        elif word == "GENERATED" and i + 3 < n and tokens[i + 1].text.upper() == "ALWAYS" \
                and tokens[i + 2].text.upper() == "AS" and tokens[i + 3].token_type == TokenType.L_PAREN:
            j = _element_end(tokens, i + 4)  # the parenthesis that closes the one at i + 3
            if j > i + 4 and j < n:
                spans["GENERATED"].append(_located_span(tokens[i + 4], tokens[j - 1], text))
        elif word == "WHERE" and tokens[0].token_type == TokenType.CREATE and i + 1 < n:
            spans["WHERE"].append(_located_span(tokens[i + 1], tokens[-1], text))
    return spans


def _located_span(first: Token, last: Token, text: str) -> tuple[int, int, str]:
    """The text from ``first`` to ``last`` (quotes included) and its offsets."""
    begin, end = _quoted_bounds(first, last, text, "\"'`[", "\"'`]")
    return begin, end, text[begin:end].strip()


def _quoted_bounds(first: Token, last: Token, text: str, openers: str, closers: str) -> tuple[int, int]:
    """The offsets of the text from ``first`` to ``last``, widened over a quote
    that belongs to ``first`` or ``last`` (a quoted token whose span leaves its
    quote out) but never over a quote of a neighbouring token: in ```name`SET(…)``
    the backquote before ``SET`` closes the column's name."""
    begin, end = first.start, last.end + 1
    if _quoted(first) and text[begin:begin + 1] not in openers:
        while begin > 0 and text[begin - 1] in openers:
            begin -= 1
    if _quoted(last) and text[end - 1:end] not in closers:
        while end < len(text) and text[end] in closers:
            end += 1
    return begin, end


def _quoted(token: Token) -> bool:
    """A quoted name or a string of any kind (``N'…'``, ``E'…'``, ``$$…$$``)."""
    return token.token_type == TokenType.IDENTIFIER or token.token_type.name.endswith("STRING")


def _span(first: Token, last: Token, text: str) -> str:
    return _located_span(first, last, text)[2]


def _type_texts(tokens: list[Token], text: str, fold: Dialect | None = None) -> dict[str, str]:
    """The type of each column definition exactly as written, from the token
    stream of a CREATE TABLE or ALTER TABLE … ADD: column name (``fold``: see
    :func:`_token_name`) → type text."""
    found: dict[str, str] = {}
    depth = 0
    l_paren, r_paren = TokenType.L_PAREN, TokenType.R_PAREN
    openers = (l_paren, TokenType.COMMA)
    alter = bool(tokens) and tokens[0].token_type == TokenType.ALTER
    words = [t.text.upper() for t in tokens]
    prev_kind = None
    for i, token in enumerate(tokens):
        kind = token.token_type
        if kind == l_paren:
            depth += 1
        elif kind == r_paren:
            depth -= 1
        starts = (depth == 1 and i >= 1 and prev_kind in openers and kind != l_paren) or \
                 (alter and depth == 0 and _alter_column_start(words[max(0, i - 3): i]))
        prev_kind = kind
        if not starts or (words[i] in _COLUMN_START_SKIP and token.token_type != TokenType.IDENTIFIER):
            continue
        j = _element_end(tokens, i + 1, lambda k, t: _type_ends(k, t, tokens))
        if j > i + 1:
            begin, end = _quoted_bounds(tokens[i + 1], tokens[j - 1], text, "\"`[", "\"`]")
            found.setdefault(_token_name(token, fold), text[begin:end])
    return found


def _type_ends(j: int, token: Token, tokens: list[Token]) -> bool:
    """Whether ``token`` (at ``j``, outside parentheses) ends a column's type:
    a comma or a constraint's first word, but not the WITH of ``WITH TIME ZONE``."""
    if token.token_type != TokenType.COMMA and token.text.upper() not in _TYPE_END_WORDS:
        return False
    following = tokens[j + 1].text.upper() if j + 1 < len(tokens) else ""
    if token.text.upper() == "CHARACTER" and j > 0 and tokens[j - 1].text.upper() == "NATIONAL":
        return False  # MySQL's NATIONAL CHARACTER(n), not a CHARACTER SET
    return not (token.text.upper() == "WITH" and following in ("TIME", "LOCAL"))


def _alter_column_start(before: list[str]) -> bool:
    """Whether the token after ``before`` (the up to three words before it) names
    the column an ALTER TABLE action defines: ``ADD [COLUMN] c``, ``MODIFY [COLUMN] c``,
    ``CHANGE [COLUMN] old c`` (MySQL)."""
    if before[-2:] == ["CHANGE", "COLUMN"] or before[-1:] == ["CHANGE"]:
        return False  # that is the old name
    if before[-3:-1] == ["CHANGE", "COLUMN"] or (len(before) >= 2 and before[-2] == "CHANGE"):
        return True
    return bool(before) and before[-1] in ("ADD", "COLUMN", "MODIFY")


def _text_between(first: Token, last: Token, text: str) -> str:
    """The source text from ``first`` to ``last`` (with the quotes of quoted names)."""
    begin, end = first.start, last.end + 1
    while begin > 0 and text[begin - 1] in "\"'`[":
        begin -= 1
    while end < len(text) and text[end] in "\"'`]":
        end += 1
    return text[begin:end].strip()


def _alter_has_no_action(tokens: list[Token]) -> bool:
    """``ALTER TABLE [ONLY] [IF EXISTS] name`` and nothing else."""
    i = 2
    while i < len(tokens) and tokens[i].text.upper() in ("IF", "EXISTS", "ONLY"):
        i += 1
    i += 1
    while i + 1 < len(tokens) and tokens[i].token_type == TokenType.DOT:
        i += 2
    return i >= len(tokens)


def _table_name_node(tokens: list[Token], fold: Dialect | None = None) -> exp.Table:
    parts = _dotted_name(tokens, 2, fold)
    return exp.table_(parts[-1], db=parts[-2] if len(parts) > 1 else None, quoted=True)


def _created_table(tokens: list[Token], fold: Dialect | None = None) -> str | None:
    """The name of the table a ``CREATE [TEMPORARY …] TABLE [IF NOT EXISTS]
    [schema.]name`` statement creates (its last name part), from its tokens
    (``fold``: see :func:`_token_name`); None for any other statement."""
    if not tokens or tokens[0].token_type != TokenType.CREATE:
        return None
    i = 1
    while i < len(tokens) and i < 5 and tokens[i].token_type != TokenType.TABLE:
        i += 1
    if i >= len(tokens) or tokens[i].token_type != TokenType.TABLE:
        return None
    i += 1
    if i + 2 < len(tokens) and tokens[i].text.upper() == "IF" and tokens[i + 2].text.upper() == "EXISTS":
        i += 3
    name = None
    while i < len(tokens):
        name = _token_name(tokens[i], fold)
        if i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
            i += 2
            continue
        break
    return name or None


# a sequence option's word -> the Identity/Sequence field its number sets
_SEQUENCE_NUMBERS = {"START": "start", "INCREMENT": "increment", "MINVALUE": "min_value", "MAXVALUE": "max_value",
                     "CACHE": "cache", "RESTART": None}


def sequence_options(tokens: list[Token]) -> dict:
    """PostgreSQL's sequence options as an identity column takes them, in
    ``GENERATED … AS IDENTITY (…)``, ``ADD GENERATED …`` and ``ALTER COLUMN c
    SET …``: ``START [WITH] n``, ``INCREMENT [BY] n``, ``[NO] MINVALUE [n]``,
    ``[NO] MAXVALUE [n]``, ``CACHE n``, ``[NO] CYCLE``; ``RESTART`` and ``AS type``
    are read past (a restart is the rows' state); ``SEQUENCE NAME n`` is ``sequence``.  Returns the :class:`~tablewright.designer.model.Identity`
    fields written (``NO MINVALUE`` sets ``min_value`` to None)."""
    out: dict = {}
    words = [t.text.upper() for t in tokens]
    i, n = 0, len(tokens)
    while i < n:
        word = words[i]
        if word == "NO" and i + 1 < n and words[i + 1] in ("CYCLE", "MINVALUE", "MAXVALUE"):
            out[{"CYCLE": "cycle", "MINVALUE": "min_value", "MAXVALUE": "max_value"}[words[i + 1]]] = \
                False if words[i + 1] == "CYCLE" else None
            i += 2
            continue
        if word == "CYCLE":
            out["cycle"] = True
        elif word in _SEQUENCE_NUMBERS:
            j = i + 1 + (i + 1 < n and words[i + 1] in ("BY", "WITH"))
            sign = -1 if j < n and words[j] == "-" else 1
            j += sign < 0
            if j < n and tokens[j].token_type == TokenType.NUMBER and words[j].isdigit():
                if _SEQUENCE_NUMBERS[word]:
                    out[_SEQUENCE_NUMBERS[word]] = sign * int(words[j])
                i = j + 1
                continue
        elif word in ("AS", "NAME"):  # AS type, SEQUENCE NAME [schema.]name: one (dotted) name follows
            i += 2
            while i + 1 < n and tokens[i].token_type == TokenType.DOT:
                i += 2
            if word == "NAME" and i - 1 < n:
                out["sequence"] = tokens[i - 1].text  # (quoted names come unquoted; its schema is the table's)
            continue
        i += 1
    return out
