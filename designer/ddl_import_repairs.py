"""DDL import, statement repairs: token-level fixes for valid syntax that
sqlglot rejects, applied to a statement's tokens before it is parsed."""

from __future__ import annotations

from sqlglot.tokens import Token, TokenType

from tablewright.designer.dialects import is_mysql
from tablewright.designer.ddl_import_tokens import (
    _TYPE_END, _TYPE_END_WORDS, _element_end, _text_between, _token_name, sequence_options,
)


# keywords sqlglot treats specially that PostgreSQL extensions use as type names
_KEYWORD_TYPES = {TokenType.CUBE, TokenType.ROLLUP}
_LITERAL_KEYWORDS = {TokenType.TRUE, TokenType.FALSE}
_LIST_START = {TokenType.L_PAREN, TokenType.COMMA}  # what precedes an element of a parenthesised list
_INDEX_COLUMN_END = {TokenType.R_PAREN, TokenType.COMMA, TokenType.ASC, TokenType.DESC}
_NOT_KEYWORDS = {TokenType.VAR, TokenType.STRING, TokenType.NUMBER, TokenType.IDENTIFIER, TokenType.STAR}
_SYNTHETIC = "tw__unnamed"


def _sqlite_multiword_types(tokens: list[Token]) -> list[Token]:
    """SQLite accepts any run of words as a type name (``BLOB SUB_TYPE TEXT``);
    sqlglot takes one.  Fold such a run into one token."""
    out: list[Token] = []
    i = 0
    depth = 0
    while i < len(tokens):
        token = tokens[i]
        out.append(token)
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        column_start = depth == 1 and i >= 1 and tokens[i - 1].token_type in (TokenType.L_PAREN, TokenType.COMMA)
        if column_start and token.token_type != TokenType.CONSTRAINT:
            j = i + 1
            while j < len(tokens) and tokens[j].token_type not in _TYPE_END and tokens[j].text.upper() not in _TYPE_END_WORDS:
                j += 1
            if j - (i + 1) > 1:
                first, last = tokens[i + 1], tokens[j - 1]
                words = " ".join(t.text for t in tokens[i + 1: j])
                out.append(Token(TokenType.VAR, words, last.line, last.col, first.start, last.end))
                i = j
                continue
        i += 1
    return out


def _mysql_type_words(tokens: list[Token]) -> list[Token]:
    """MySQL and MariaDB take ``FLOAT[(p[,s])] UNSIGNED`` (deprecated, not removed: phpMyAdmin's
    and Ampache's dumps have it); sqlglot knows no unsigned FLOAT and refuses the statement.
    The UNSIGNED is left out of what sqlglot reads; the type as written keeps it, and the
    importer takes it from there (``_column_type``).  Likewise ``NATIONAL VARCHAR``, read as
    ``NVARCHAR``."""
    kinds = [t.token_type for t in tokens]
    drop: set[int] = set()
    for i, kind in enumerate(kinds):
        # NATIONAL CHAR/VARCHAR (MySQL's spelling of NCHAR/NVARCHAR), which sqlglot does not read either
        if tokens[i].text.upper() == "NATIONAL" and i + 1 < len(tokens) \
                and kinds[i + 1] in (TokenType.CHAR, TokenType.VARCHAR):
            drop.add(i)
            tokens[i + 1].token_type = TokenType.NCHAR if kinds[i + 1] == TokenType.CHAR else TokenType.NVARCHAR
            continue
        if kind != TokenType.FLOAT:
            continue
        j = i + 1
        if j < len(tokens) and kinds[j] == TokenType.L_PAREN:
            while j < len(tokens) and kinds[j] != TokenType.R_PAREN:
                j += 1
            j += 1
        if j < len(tokens) and tokens[j].text.upper() == "UNSIGNED":
            drop.add(j)
    return [t for k, t in enumerate(tokens) if k not in drop] if drop else tokens


def _strip_default_deferral(tokens: list[Token]) -> list[Token]:
    """Drop ``NOT DEFERRABLE`` and ``INITIALLY IMMEDIATE`` (the defaults, which
    sqlglot does not accept everywhere); ``DEFERRABLE`` and ``INITIALLY
    DEFERRED`` stay and are read from each constraint's options."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].text.upper()
        following = tokens[i + 1].text.upper() if i + 1 < len(tokens) else ""
        if tokens[i].token_type != TokenType.STRING and (word, following) in (("NOT", "DEFERRABLE"),
                                                                              ("INITIALLY", "IMMEDIATE")):
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


def _cut_partitioning(tokens: list[Token], statement) -> tuple[list[Token], str | None]:
    """MySQL/MariaDB: a CREATE TABLE's ``PARTITION BY …`` clause (RANGE, LIST, HASH, KEY, with
    COLUMNS, LINEAR, PARTITIONS n, SUBPARTITION BY and the partitions' definitions), which sqlglot
    reads only in part: cut from the tokens (the rest is parsed) and kept as the server runs it, from
    after ``PARTITION BY`` to the statement's end -- also when mysqldump wrote it in a versioned
    comment (``/*!50100 PARTITION BY … */``, whose markers ``statement.as_run`` leaves out).
    (remaining tokens, the clause or None)."""
    if not tokens or tokens[0].token_type != TokenType.CREATE:
        return tokens, None
    depth = 0
    for i, token in enumerate(tokens):
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and token.token_type == TokenType.PARTITION_BY and i > 2:
            at = next((j for j, t in enumerate(statement.tokens) if t.start == token.start), None)
            if at is None:
                return tokens, None
            part = statement.part(at, len(statement.tokens))
            clause = part.as_run[part.tokens[0].end + 1:].strip()
            return (tokens[:i], clause) if clause else (tokens, None)
    return tokens, None


def _cut_exclusions(tokens: list[Token], text: str, fold=None) -> tuple[list[Token], list[tuple]]:
    """Take PostgreSQL ``[CONSTRAINT name] EXCLUDE ...`` elements out of a CREATE
    TABLE / ALTER TABLE ... ADD token stream: (remaining tokens, [(name,
    definition after EXCLUDE as written, deferrable, initially deferred)]);
    ``fold``: see :func:`_token_name`."""
    found: list[tuple] = []
    depth = 0
    i, out, tokens = 0, [], list(tokens)
    alter = tokens[0].token_type == TokenType.ALTER
    while i < len(tokens):
        token = tokens[i]
        kind = token.token_type
        starts = (not alter and depth == 1 and out and out[-1].token_type in (TokenType.L_PAREN, TokenType.COMMA)) or \
                 (alter and depth == 0 and token.text.upper() == "ADD")
        if starts:
            j = i + 1 if alter else i
            name = None
            if j + 1 < len(tokens) and tokens[j].token_type == TokenType.CONSTRAINT:
                name, j = _token_name(tokens[j + 1], fold), j + 2
            # EXCLUDE [USING method] (…): a column named exclude is none (Zabbix's report_user.exclude
            # was taken for one, left out of the model and written back last)
            word = tokens[j] if j + 1 < len(tokens) else None
            if word is not None and word.text.upper() == "EXCLUDE" and word.token_type != TokenType.IDENTIFIER \
                    and not (tokens[j + 1].token_type == TokenType.L_PAREN or tokens[j + 1].text.upper() == "USING"):
                # sqlglot reads the word as the keyword: the name, quoted as the engine folds it
                tokens[j] = Token(TokenType.IDENTIFIER, _token_name(word, fold), word.line, word.col, word.start,
                                  word.end, word.comments)
                token = tokens[i]
            elif word is not None and word.text.upper() == "EXCLUDE" and word.token_type != TokenType.IDENTIFIER:
                k = _element_end(tokens, j + 1, lambda _, t: t.token_type == TokenType.COMMA)
                end = k
                deferrable = deferred = False
                while end - 1 > j and tokens[end - 1].text.upper() in ("DEFERRABLE", "DEFERRED", "INITIALLY"):
                    word = tokens[end - 1].text.upper()
                    deferrable |= word == "DEFERRABLE"
                    deferred |= word == "DEFERRED"
                    end -= 1
                found.append((name, _text_between(tokens[j + 1], tokens[end - 1], text), deferrable or deferred, deferred))
                if k < len(tokens) and tokens[k].token_type == TokenType.COMMA:
                    k += 1  # the element's own separator
                elif out and out[-1].token_type == TokenType.COMMA:
                    out.pop()  # it was the last element: drop the separator before it
                i = k
                continue
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
        out.append(token)
        i += 1
    return out, found


def _cut_action_columns(tokens: list[Token], fold=None) -> tuple[list[Token], dict[int, list[str]]]:
    """PostgreSQL 15's ``ON DELETE SET NULL (a, b)`` / ``SET DEFAULT (a)``: the action sets
    only the columns listed, of the key's own.  sqlglot reads the action, not the list: the
    list is taken out of the token stream, and returned under the offset of the
    ``REFERENCES`` token of its key (``{offset: [column names]}``, names per
    :func:`_token_name`; every key of the statement has an entry, [] when it has no list), so
    the key's handler can find its own (:func:`action_columns`)."""
    found: dict[int, list[str]] = {}
    out: list[Token] = []
    references = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        out.append(token)
        if token.token_type == TokenType.REFERENCES:
            references = token.start
            found[references] = []
        elif token.token_type in (TokenType.NULL, TokenType.DEFAULT) and references is not None and i >= 3 \
                and tokens[i - 1].token_type == TokenType.SET and tokens[i - 2].text.upper() == "DELETE" \
                and tokens[i - 3].token_type == TokenType.ON \
                and i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.L_PAREN:
            close = _closing(tokens, i + 1)
            if close is not None:
                found[references] = [_token_name(t, fold) for t in tokens[i + 2:close] if t.token_type != TokenType.COMMA]
                i = close + 1
                continue
        i += 1
    return out, found


def _cut_identity_options(tokens: list[Token], fold=None) -> tuple[list[Token], dict[str, dict]]:
    """PostgreSQL's ``GENERATED … AS IDENTITY (options)``: sqlglot reads a few of the
    options and refuses the statement on the others (``CACHE n``, ``NO MINVALUE``,
    ``START n`` without WITH, ``SEQUENCE NAME``).  The list is taken out of the token
    stream and read here (:func:`sequence_options`), returned under the name of the
    column it belongs to: the first name of its element of the table's list, or the
    one after ``ADD [COLUMN] [IF NOT EXISTS]``."""
    found: dict[str, dict] = {}
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        out.append(token)
        if token.text.upper() == "IDENTITY" and i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.L_PAREN \
                and i >= 2 and tokens[i - 1].token_type == TokenType.ALIAS:
            close = _closing(tokens, i + 1)
            if close is not None:
                name = _element_name(tokens, i, fold)
                if name is not None:
                    found[name] = sequence_options(tokens[i + 2:close])
                i = close + 1
                continue
        i += 1
    return out, found


def _bare_storage_parameters(tokens: list[Token]) -> list[Token]:
    """PostgreSQL's ``WITH (autovacuum_enabled, fillfactor = 70)``: a boolean storage parameter named
    alone is true; sqlglot wants ``= value`` and refused the whole CREATE TABLE or CREATE INDEX.
    Each bare name (``toast.x`` too) of a top-level ``WITH (…)`` list gets ``= true``."""
    out: list[Token] = []
    depth, inside = 0, None  # inside: the depth of the WITH list being read
    for i, token in enumerate(tokens):
        kind = token.token_type
        if kind == TokenType.L_PAREN:
            depth += 1
            if inside is None and i >= 1 and tokens[i - 1].token_type == TokenType.WITH:
                inside = depth
        out.append(token)
        if kind == TokenType.R_PAREN:
            if inside == depth:
                inside = None
            depth -= 1
        if inside == depth and kind not in (TokenType.L_PAREN, TokenType.COMMA, TokenType.DOT) \
                and i + 1 < len(tokens) and tokens[i + 1].token_type in (TokenType.COMMA, TokenType.R_PAREN):
            j = i  # the element's first token: after the ( or , that opens it
            while j > 0 and tokens[j - 1].token_type not in (TokenType.L_PAREN, TokenType.COMMA):
                j -= 1
            element = tokens[j:i + 1]  # a bare name: fillfactor, toast.autovacuum_enabled (not MODULUS 4)
            if len(element) in (1, 3) and all(t.token_type == TokenType.DOT if k % 2 else
                                              t.token_type in (TokenType.VAR, TokenType.IDENTIFIER)
                                              for k, t in enumerate(element)):
                out += [Token(TokenType.EQ, "=", token.line, token.col, token.end, token.end),
                        Token(TokenType.TRUE, "true", token.line, token.col, token.end, token.end)]
    return out


def _catalog_collations(tokens: list[Token]) -> list[Token]:
    """PostgreSQL's ``COLLATE pg_catalog."C"`` (pg_dump qualifies a collation of the system
    catalog; Navicat writes ``"pg_catalog"."default"``): sqlglot reads no qualified
    collation and refused the whole statement, so every table with one was lost.
    ``pg_catalog`` is always searched first, so ``COLLATE "C"`` names the same one."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    names = (TokenType.VAR, TokenType.IDENTIFIER)
    while i < n:
        token = tokens[i]
        out.append(token)
        if token.token_type == TokenType.COLLATE and i + 3 < n and tokens[i + 1].token_type in names \
                and tokens[i + 1].text.lower() == "pg_catalog" and tokens[i + 2].token_type == TokenType.DOT \
                and tokens[i + 3].token_type in names:
            i += 3  # the schema and its dot: the name follows
            continue
        i += 1
    return out


def _element_name(tokens: list[Token], at: int, fold=None) -> str | None:
    """The column name that starts the element holding token ``at``: after the ``(`` or
    ``,`` that opens the element at the table list's depth, or after ``ADD [COLUMN]
    [IF NOT EXISTS]``."""
    depth = 0
    for j in range(at - 1, -1, -1):
        kind = tokens[j].token_type
        depth += (kind == TokenType.R_PAREN) - (kind == TokenType.L_PAREN)
        word = tokens[j].text.upper()
        if depth < 0 or (depth == 0 and (kind == TokenType.COMMA or word == "ADD")):
            k = j + 1
            while k < at and tokens[k].text.upper() in ("COLUMN", "IF", "NOT", "EXISTS"):
                k += 1
            return _token_name(tokens[k], fold) if k < at else None
    return None


def action_columns(found: dict[int, list[str]], reference_start: int | None) -> list[str]:
    """The column list :func:`_cut_action_columns` took from the key whose referenced table
    starts at offset ``reference_start``: its REFERENCES is the last one before that."""
    if not found or reference_start is None:
        return []
    before = [offset for offset in found if offset < reference_start]
    return found[max(before)] if before else []


# MySQL's index types (``USING BTREE``); RTREE is MyISAM's for SPATIAL
_INDEX_TYPES = ("BTREE", "HASH", "RTREE")


def _closing(tokens: list[Token], open_at: int) -> int | None:
    """The index of the ``)`` that closes the ``(`` at ``open_at``; None when it is not closed."""
    depth = 0
    for j in range(open_at, len(tokens)):
        depth += (tokens[j].token_type == TokenType.L_PAREN) - (tokens[j].token_type == TokenType.R_PAREN)
        if depth == 0:
            return j
    return None


def _index_type_after_columns(tokens: list[Token]) -> list[Token]:
    """MySQL: a key's index type may be written before its column list or after it
    (``PRIMARY KEY USING BTREE (a, b)`` = ``PRIMARY KEY (a, b) USING BTREE``); sqlglot
    reads every key with it after the list, but the primary key only so.  Each
    ``USING type (`` becomes ``(…) USING type``."""
    i = 0
    while i + 2 < len(tokens):
        if tokens[i].token_type == TokenType.USING and tokens[i + 1].text.upper() in _INDEX_TYPES \
                and tokens[i + 2].token_type == TokenType.L_PAREN:
            close = _closing(tokens, i + 2)
            if close is None:
                break
            tokens = tokens[:i] + tokens[i + 2:close + 1] + tokens[i:i + 2] + tokens[close + 1:]
            i = close + 1
            continue
        i += 1
    return tokens


def _create_index_type_before_columns(tokens: list[Token]) -> list[Token]:
    """MySQL: ``CREATE INDEX i [USING type] ON t (…) [USING type]``; sqlglot reads the
    index type only where PostgreSQL writes it, ``ON t USING type (…)``: it is moved there."""
    using = next((i for i in range(len(tokens) - 1) if tokens[i].token_type == TokenType.USING
                  and tokens[i + 1].text.upper() in _INDEX_TYPES), None)
    on = next((i for i, t in enumerate(tokens) if t.token_type == TokenType.ON), None)
    if using is None or on is None:
        return tokens
    pair, rest = tokens[using:using + 2], tokens[:using] + tokens[using + 2:]
    if using < on:
        on -= 2
    columns = next((i for i in range(on + 1, len(rest)) if rest[i].token_type == TokenType.L_PAREN), None)
    if columns is None or columns == on + 1:
        return tokens
    return rest[:columns] + pair + rest[columns:]


def _synthetic_constraint_name(before: Token) -> list[Token]:
    """``CONSTRAINT tw__unnamed`` tokens, so sqlglot parses an unnamed
    constraint in a position where it only accepts named ones."""
    return [Token(TokenType.CONSTRAINT, "CONSTRAINT", before.line, before.col, before.start, before.start),
            Token(TokenType.VAR, _SYNTHETIC, before.line, before.col, before.start, before.start)]


class _Repairs:
    """The repairs that depend on the statement's dialect (methods of the importer's builder)."""

    def _repair(self, tokens: list[Token]) -> list[Token]:
        """Token-level fixes for valid syntax sqlglot does not accept."""
        if len(tokens) < 3:
            return tokens
        if self.dialect == "postgres" and any(t.token_type == TokenType.COLLATE for t in tokens):
            tokens = _catalog_collations(tokens)
        head = [t.token_type for t in tokens[:5]]
        if is_mysql(self.dialect) and head[0] in (TokenType.CREATE, TokenType.ALTER) \
                and (TokenType.TABLE in head[:4] or TokenType.INDEX in head) \
                and TokenType.USING in [t.token_type for t in tokens]:
            tokens = _index_type_after_columns(tokens) if TokenType.TABLE in head[:4] \
                else _create_index_type_before_columns(tokens)
            head = [t.token_type for t in tokens[:5]]
        if head[0] == TokenType.CREATE and TokenType.INDEX in head:
            kinds = [t.token_type for t in tokens]
            # CREATE INDEX … ON ONLY t (pg_dump, partitioned tables)
            on, only = TokenType.ON, TokenType.ONLY
            for i in range(len(tokens) - 1):
                if kinds[i] == on and kinds[i + 1] == only:
                    tokens = tokens[: i + 1] + tokens[i + 2:]
                    kinds = [t.token_type for t in tokens]
                    break
            if is_mysql(self.dialect):
                tokens = self._mysql_index_options(tokens)
                kinds = [t.token_type for t in tokens]
            # a keyword as a bare column name: "CREATE INDEX i ON t (drop)"
            for i in range(1, len(tokens) - 1):
                if kinds[i - 1] in _LIST_START and kinds[i + 1] in _INDEX_COLUMN_END and kinds[i] not in _NOT_KEYWORDS:
                    tokens[i].token_type = TokenType.VAR
            return tokens
        if is_mysql(self.dialect) and TokenType.TABLE in head[:4] and head[0] in (TokenType.CREATE, TokenType.ALTER):
            tokens = _mysql_type_words(tokens)
        if head[0] == TokenType.CREATE and TokenType.TABLE in head[:4]:
            if self.dialect == "sqlite":
                tokens = _sqlite_multiword_types(self._sqlite_table_suffix(tokens))
            kinds = [t.token_type for t in tokens]
            out: list[Token] = []
            depth, skip = 0, 0
            # (the members in locals: a TokenType.X lookup costs more than the comparison, token after token)
            l_paren, r_paren, comma = TokenType.L_PAREN, TokenType.R_PAREN, TokenType.COMMA
            for i, token in enumerate(tokens):
                kind = kinds[i]
                depth += (kind == l_paren) - (kind == r_paren)
                if skip:
                    skip -= 1
                    continue
                # PostgreSQL before 12: ) WITHOUT OIDS, the default (PostgreSQL still takes it)
                if depth == 0 and self.dialect == "postgres" and token.text.upper() == "WITHOUT" and i + 1 < len(tokens) \
                        and tokens[i + 1].text.upper() == "OIDS":
                    skip = 1
                    continue
                # SQL Server: ) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY] -- where large values are stored
                if depth == 0 and token.text.upper() in ("TEXTIMAGE_ON", "FILESTREAM_ON") and i + 1 < len(tokens):
                    self._issue("info", f"{token.text} {tokens[i + 1].text} (storage of large values) not modelled")
                    skip = 1
                    continue
                # a trailing comma before the closing parenthesis (SQL Server accepts it)
                if kind == comma and i + 2 == len(tokens) and kinds[i + 1] == r_paren:
                    continue
                # a keyword used as a type name: "toc CUBE"
                if kind in _KEYWORD_TYPES and i >= 2 and kinds[i - 2] in _LIST_START:
                    token.token_type = TokenType.VAR
                # a literal keyword as a column name: "false INTEGER" (T-SQL has no FALSE keyword)
                if kind in _LITERAL_KEYWORDS and i >= 1 and kinds[i - 1] in _LIST_START:
                    token.token_type = TokenType.VAR
                # SQL Server: unnamed PRIMARY KEY / UNIQUE [NON]CLUSTERED (cols)
                if i >= 1 and kinds[i - 1] == comma and i + 2 < len(tokens) and \
                        token.text.upper().startswith(("PRIMARY", "UNIQUE")) and \
                        (tokens[i + 1].text.upper() in ("CLUSTERED", "NONCLUSTERED") or
                         tokens[i + 2].text.upper() in ("CLUSTERED", "NONCLUSTERED")):
                    out.extend(_synthetic_constraint_name(token))
                out.append(token)
            return out
        if head[0] == TokenType.ALTER and head[1] == TokenType.TABLE:
            upper = [t.text.upper() for t in tokens]
            if is_mysql(self.dialect) and "AS" in upper:  # MySQL's ALTER TABLE t RENAME AS u: RENAME TO u
                tokens = [t for i, t in enumerate(tokens) if not (upper[i] == "AS" and upper[i - 1] == "RENAME")]
                upper = [t.text.upper() for t in tokens]
            # ALTER TABLE t ADD CHECK (…) / ADD UNIQUE (…) / ADD PRIMARY KEY (…) without a name
            for i in range(2, len(tokens) - 1):
                if upper[i] == "ADD" and upper[i + 1] in ("CHECK", "UNIQUE", "PRIMARY", "FOREIGN"):
                    return tokens[: i + 1] + _synthetic_constraint_name(tokens[i + 1]) + tokens[i + 1:]
        return tokens

    def _mysql_index_options(self, tokens: list[Token]) -> list[Token]:
        """MySQL's index options in ``CREATE INDEX k [USING m] ON t (cols) [USING m] [COMMENT 'text']``,
        which sqlglot does not read: taken out of the statement, and kept for the index
        (``_index_options``: ``using``, ``comment``)."""
        self._index_options = options = {}
        out: list[Token] = []
        depth, i = 0, 0
        while i < len(tokens):
            token = tokens[i]
            depth += (token.token_type == TokenType.L_PAREN) - (token.token_type == TokenType.R_PAREN)
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            word = token.text.upper() if token.token_type != TokenType.STRING else ""
            if depth == 0 and following is not None and (
                    (word == "COMMENT" and following.token_type == TokenType.STRING)
                    or (word == "USING" and following.text.upper() in ("BTREE", "HASH", "RTREE"))):
                options[word.lower()] = following.text if word == "COMMENT" else following.text.lower()
                i += 2
                continue
            out.append(token)
            i += 1
        return out

    def _sqlite_table_suffix(self, tokens: list[Token]) -> list[Token]:
        """SQLite's ``) WITHOUT ROWID`` and ``) STRICT`` table options."""
        flags = {"without_rowid": False, "strict": False}
        while len(tokens) > 2 and tokens[-1].token_type != TokenType.R_PAREN:
            word = tokens[-1].text.upper()
            if word == "ROWID" and tokens[-2].text.upper() == "WITHOUT":
                flags["without_rowid"] = True
                tokens = tokens[:-2]
            elif word == "STRICT":
                flags["strict"] = True
                tokens = tokens[:-1]
            elif tokens[-1].token_type == TokenType.COMMA:
                tokens = tokens[:-1]
            else:
                break
        self._sqlite_table_flags = flags
        return tokens
