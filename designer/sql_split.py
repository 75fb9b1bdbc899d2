"""Split a DDL script into statements, keeping where each came from.

Client directives are handled the way the clients handle them, line by line:
psql meta-commands (``\\connect``, ``\\set``, the data block of
``COPY … FROM stdin`` up to ``\\.``), the mysql client's ``DELIMITER``, and SQL
Server's ``GO`` batch separator.  They are blanked out (offsets and line
numbers stay exact) and reported.  Everything else is tokenized by sqlglot
and cut at ``;`` tokens, so quotes, comments and dollar-quoted bodies are the
tokenizer's business, not ours.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError, TokenError
from sqlglot.tokens import Token, TokenType

from tablewright.designer.dialects import REGISTRY, is_mysql
from tablewright.designer.importing import ImportIssue
from tablewright.designer.raw_kinds import created_kind
from tablewright.designer.model import SourceLocation


@dataclass
class Statement:
    """One statement of a script: its text, sqlglot's tokens of it, and where it was written."""
    text: str  # the statement as written (without the terminating ;)
    tokens: list[Token]  # sqlglot tokens, offsets relative to ``text``
    location: SourceLocation
    end_line: int
    comments: list[str] = field(default_factory=list)  # comments on or before it
    # sqlglot's token lines/columns count from the start of the tokenized chunk
    chunk_line: int = 1
    chunk_col: int = 1
    # MySQL: the spans of ``text`` that were the openers and closers of versioned comments
    # (``/*!NNNNN``, ``*/``), spaces in ``text`` (the server runs what they enclose)
    markers: list[tuple[int, int]] = field(default_factory=list)

    @property
    def as_run(self) -> str:
        """The text as the engine runs it, stripped: ``text`` without the versioned comments' openers and
        closers (a space where they parted two words), as MySQL keeps a trigger's or routine's text and as
        a statement kept verbatim is written again (mysqldump's ``/*!50003 CREATE*/ /*!50017 DEFINER=…*/
        /*!50003 TRIGGER … */`` is ``CREATE DEFINER=… TRIGGER …``)."""
        if not self.markers:
            return self.text.strip()
        out, pos = "", 0
        for start, end in [*self.markers, (len(self.text), len(self.text))]:
            piece = self.text[pos:start]
            if out and piece:
                if out[-1].isspace() and piece[0].isspace():  # the spaces around a marker: one
                    out, piece = out.rstrip(" \t"), piece.lstrip(" \t")
                if out and piece and not out[-1].isspace() and not piece[0].isspace():
                    out += " "  # ``CREATE*/ /*!50017 DEFINER``, ``a/*!50001b*/c``: the comment parted two words
            out, pos = out + piece, end
        return out.strip()

    def part(self, begin: int, end: int) -> "Statement":
        """The sub-statement made of tokens[begin:end]."""
        tokens = self.tokens[begin:end]
        start = tokens[0].start
        while start > 0 and self.text[start - 1] in "\"'`[":
            start -= 1
        finish = tokens[-1].end + 1
        while finish < len(self.text) and self.text[finish] in "\"'`]":
            finish += 1
        location = self.location_at(start)
        rebased = [_rebase(t, -start) for t in tokens]
        markers = [(max(a, start) - start, min(b, finish) - start) for a, b in self.markers if a < finish and b > start]
        return Statement(self.text[start:finish], rebased, location,
                         location.line + self.text[start:finish].count("\n"), [], self.chunk_line, self.chunk_col,
                         markers)

    def location_at(self, offset: int) -> SourceLocation:
        """Where ``text[offset]`` is in the file."""
        before = self.text[:offset]
        line = self.location.line + before.count("\n")
        col = offset - before.rfind("\n") if "\n" in before else self.location.column + offset
        return SourceLocation(self.location.path, line, col)

    def locate(self, line: int, col: int) -> SourceLocation:
        """A (line, col) reported by sqlglot for this statement → file location."""
        return SourceLocation(self.location.path, self.chunk_line + line - 1,
                              col + (self.chunk_col - 1 if line == 1 else 0))


class LineIndex:
    """Offset → (line, column), both 1-based."""

    def __init__(self, text: str):
        # each line's start: the lengths of the lines before it and their newlines, summed (in C: a
        # dump has tens of thousands of lines)
        starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))
        starts.pop()  # (the end of the text: no line starts there)
        self.starts = starts

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` (in order, not overlapping) but
    its newlines made spaces: what :func:`_blank` does on a list of its
    characters, without making one (a list of every character of a large dump,
    then joining it again, cost more than the rest of the splitting in Python)."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        start = max(start, pos)
        if end <= start:
            continue
        parts.append(text[pos:start])
        parts.append("\n".join(" " * len(line) for line in text[start:end].split("\n")))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _directive(line: str, dialect: str) -> tuple[str, str] | None:
    """Recognise a client directive occupying a whole line."""
    stripped = line.strip()
    if not stripped:
        return None
    if dialect == "postgres" and stripped.startswith("\\"):
        return ("psql", stripped)
    if is_mysql(dialect):
        head, _, rest = stripped.partition(" ")
        if head.upper() == "DELIMITER" and rest.strip():
            return ("delimiter", rest.strip())
    if dialect == "mssql":
        head = stripped.rstrip(";").strip()
        if head.upper() == "GO" or (head.upper().startswith("GO ") and head[3:].strip().isdigit()):
            return ("go", stripped)
    return None


def split_statements(
    text: str, dialect: str, path: str | None = None
) -> tuple[list[Statement], list[ImportIssue]]:
    """Return the statements of ``text`` and the issues met while splitting."""
    sqlglot_dialect = Dialect.get_or_raise(SQLGLOT_DIALECT[dialect])
    issues: list[ImportIssue] = []
    index = LineIndex(text)
    if "\0" in text:
        # no engine's client takes a NUL byte as SQL (sqlite3 stops reading at it, psql refuses the
        # file): read it as a space, so offsets stay exact, and say where it was
        first = text.index("\0")
        count = text.count("\0")
        issues.append(ImportIssue("warning", f"NUL byte read as a space{f' ({count} in this file)' if count > 1 else ''}",
                                  SourceLocation(path, *index.locate(first)), None))
        text = text.replace("\0", " ")
    blanks: list[tuple[int, int]] = []  # spans blanked (directives, COPY data, delimiters)
    # Regions of text to tokenize; each is cut at semicolons unless it is the
    # body of a custom-delimiter block (one statement per region).
    regions: list[tuple[int, int, bool]] = []  # (start, end, split_on_semicolons)
    region_start = 0
    delimiter = None
    in_copy: int | None = None  # inside the data of a COPY … FROM stdin: the line its statement began on
    copy_lines: list[str] | None = None  # the lines of a COPY statement whose ; is not yet read
    copy_line = 0
    offset = 0
    postgres = dialect == "postgres"
    # (every line of the file takes these tests: what no line can pass is not tried)
    backslashes = not postgres or "\\" in text  # a psql meta-command's line starts with one
    copies = postgres and "COPY" in text.upper()
    for line in text.splitlines(keepends=True):
        line_start, offset = offset, offset + len(line)
        if in_copy is not None:
            blanks.append((line_start, offset))
            if line.strip() == "\\.":
                in_copy = None
            continue
        directive = _directive(line, dialect) if backslashes and (not postgres or "\\" in line) else None
        if directive is None:
            if copies:
                # (the first four characters first)
                if copy_lines is None and line.lstrip()[:4].upper() == "COPY" \
                        and [w.upper() for w in line.split(None, 1)[:1]] == ["COPY"]:
                    copy_lines, copy_line = [], index.locate(line_start)[0]
                if copy_lines is not None:
                    copy_lines.append(line)
                    ended, from_stdin = _copy_statement(sqlglot_dialect, "".join(copy_lines))
                    if ended or len(copy_lines) >= _COPY_HEAD_LINES:
                        copy_lines = None
                    if from_stdin:
                        in_copy = copy_line
            if delimiter and line.rstrip().endswith(delimiter):
                end = line_start + len(line.rstrip()) - len(delimiter)
                blanks.append((end, end + len(delimiter)))
                regions.append((region_start, end, False))
                region_start = offset
            continue
        kind, arg = directive
        blanks.append((line_start, offset))
        if kind == "psql":
            issues.append(ImportIssue("info", f"psql meta-command ignored: {arg}",
                                      SourceLocation(path, index.locate(line_start)[0], 1), arg))
            continue
        regions.append((region_start, line_start, delimiter is None))
        region_start = offset
        if kind == "delimiter":
            delimiter = None if arg == ";" else arg
    if in_copy is not None:
        # psql reads the data to the end of the file; so does the importer, and says so
        issues.append(ImportIssue(
            "warning", f"the data of the COPY … FROM stdin at line {in_copy} has no \\. line to end it: "
            f"lines {in_copy + 1}-{index.locate(max(len(text) - 1, 0))[0]} are read as its data, as psql reads them",
            SourceLocation(path, in_copy, 1), None))
    regions.append((region_start, len(text), delimiter is None))
    cleaned = _blanked(text, blanks)
    markers: list[tuple[int, int]] = []
    source = text  # what a statement's text is taken from
    if is_mysql(dialect):
        chars = list(cleaned)
        markers = _open_versioned_comments(chars)
        cleaned = "".join(chars)
        # the statement is what the server runs: the markers are spaces in it (a CREATE VIEW that mysqldump
        # writes in several versioned comments is one statement, and is kept verbatim without its ``*/``)
        source = cleaned if markers else text

    statements: list[Statement] = []
    for start, end, split in regions:
        chunk = cleaned[start:end]
        if not chunk.strip():
            continue
        tokens, broken = _tokenize(sqlglot_dialect, chunk)
        if broken is not None:
            # an unterminated string, quoted name or comment: to the client
            # that runs the script it swallows the rest of the region, so
            # the statements before it stand and the one it starts is lost
            if split:
                last_semicolon = max((i for i, t in enumerate(tokens) if t.token_type == TokenType.SEMICOLON),
                                     default=-1)
                head = tokens[last_semicolon + 1:]
                tokens = tokens[:last_semicolon + 1]
            else:
                head, tokens = tokens, []
            begin = start + (head[0].start if head else broken)
            line, col = index.locate(start + broken)
            first = text[begin:].lstrip().split("\n", 1)[0][:120]
            last_line = index.locate(max(end - 1, start))[0]
            issues.append(ImportIssue(
                "error", f"unterminated string, quoted name or comment at line {line}, column {col}: "
                f"lines {index.locate(begin)[0]}-{last_line} are not imported",
                SourceLocation(path, *index.locate(begin)), first))
        groups: list[list[Token]] = []
        current: list[Token] = []
        pending_comments: list[str] = []
        semicolon = TokenType.SEMICOLON  # (a local: looked up token after token)
        for token in tokens:
            if split and token.token_type == semicolon:
                if current:
                    groups.append(current)
                    current = []
                pending_comments.extend(token.comments)
                continue
            if not current and pending_comments:
                token.comments = pending_comments + token.comments
                pending_comments = []
            current.append(token)
        if current:
            groups.append(current)
        if dialect == "sqlite":
            groups = _merge_incomplete(groups, chunk)
        elif dialect == "mssql":
            groups = [part for group in _module_owns_batch(groups) for part in _split_tsql_batch(group)]
        chunk_line, chunk_col = index.locate(start)
        # what follows each statement on its last line, up to the next one
        gaps = [cleaned[start + g[-1].end + 1: start + n[0].start if n else end]
                for g, n in zip(groups, [*groups[1:], None])]
        chunk_statements = []
        for group in groups:
            statement = _statement(group, start, source, index, path, markers)
            statement.chunk_line, statement.chunk_col = chunk_line, chunk_col
            chunk_statements.append(statement)
        _move_trailing_comments(chunk_statements, gaps)
        if is_mysql(dialect) and any(st.text.startswith("--") for st in chunk_statements):
            lines = text.split("\n")  # as LineIndex counts lines
            chunk_statements = [st for st in (_client_dash_comment(st, lines) for st in chunk_statements)
                                if st is not None]
        statements.extend(chunk_statements)
    return statements, issues


def _client_dash_comment(statement: Statement, lines: list[str]) -> Statement | None:
    """The mysql/mariadb client drops a line that starts with ``--`` when no statement is pending, even
    without the space the server wants after it (so that ``mysql < dump`` reads any dump's comments);
    the server, and sqlglot after it, read ``--ALTER`` as two minus signs (openSIS's installer comments
    out statements so: the statement after one was lost).  Such lines at the start of a statement are
    left out of it (spaces before them are skipped, as the client skips them); None when nothing else is
    left.  Inside a statement such a line is the server's (``ALTER TABLE t ADD c int`` then ``--x``: an
    error)."""
    while statement.text.startswith("--") and (len(statement.text) == 2 or not statement.text[2].isspace()) \
            and not lines[statement.location.line - 1][:statement.location.column - 1].strip():
        newline = statement.text.find("\n")
        rest = next((i for i, t in enumerate(statement.tokens) if t.start > newline), None) if newline >= 0 else None
        if rest is None:
            return None
        statement = statement.part(rest, len(statement.tokens))
    return statement


def _tokenize(dialect: Dialect, chunk: str) -> tuple[list[Token], int | None]:
    """sqlglot's tokens of ``chunk``; when it does not tokenize to its end (an
    unterminated string, quoted name or comment), the tokens before the
    failure and the offset where the unreadable part begins (else None)."""
    tokenizer = dialect.tokenizer()
    try:
        return tokenizer.tokenize(chunk), None
    except TokenError:
        tokens = list(tokenizer.tokens)
        offset = tokens[-1].end + 1 if tokens else 0
        while offset < len(chunk) and chunk[offset].isspace():
            offset += 1
        return tokens, min(offset, max(len(chunk) - 1, 0))


def _open_versioned_comments(chars: list[str]) -> list[tuple[int, int]]:
    """MySQL runs the text of ``/*!NNNNN … */`` (an executable comment) as SQL; so
    does the mysql client's user, so the importer reads it too (mysqldump writes
    ``CREATE DATABASE … /*!40100 DEFAULT CHARACTER SET … */`` and PARTITION BY that
    way).  The opener and closer become blanks (offsets stay exact); their spans, in order, are
    returned.  A scan that skips quoted text and ordinary comments finds them."""
    n, i = len(chars), 0
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    while i < n:
        c = chars[i]
        if c in ("'", '"', "`"):
            i += 1
            while i < n and chars[i] != c:
                i += 2 if chars[i] == "\\" and c != "`" else 1
            i += 1
        elif c == "#" or (c == "-" and i + 2 < n and chars[i + 1] == "-" and chars[i + 2] in " \t\n\r"):
            while i < n and chars[i] != "\n":
                i += 1
        elif c == "/" and i + 1 < n and chars[i + 1] == "*":
            if i + 2 < n and chars[i + 2] == "!" and open_at is None:
                j = i + 3
                while j < n and chars[j].isdigit():
                    j += 1
                _blank(chars, i, j)
                spans.append((i, j))
                open_at, i = i, j
                continue
            i += 2
            while i < n and not (chars[i] == "*" and i + 1 < n and chars[i + 1] == "/"):
                i += 1
            i += 2
        elif c == "*" and i + 1 < n and chars[i + 1] == "/" and open_at is not None:
            _blank(chars, i, i + 2)
            spans.append((i, i + 2))
            open_at = None
            i += 2
        else:
            i += 1
    return spans


def _move_trailing_comments(statements: list[Statement], gaps: list[str]) -> None:
    """A comment after a statement's ``;`` on the same line belongs to that
    statement (``CREATE TABLE t (…); -- tablewright: ignore[…]``), not to the
    next one, to which sqlglot attaches it."""
    for i, (statement, gap) in enumerate(zip(statements, gaps)):
        gap_line = gap.split("\n", 1)[0]
        marker = min((p for p in (gap_line.find("--"), gap_line.find("/*")) if p >= 0), default=-1)
        if marker < 0 or gap_line[:marker].strip(" \t;"):
            continue
        comment = gap_line[marker + 2:]
        if gap_line[marker:].startswith("/*"):
            comment = comment.split("*/", 1)[0]
        comment = comment.strip()
        if not comment:
            continue
        statement.comments.append(comment)
        if i + 1 < len(statements) and comment in statements[i + 1].comments:
            statements[i + 1].comments.remove(comment)


def _merge_incomplete(groups: list[list[Token]], chunk: str) -> list[list[Token]]:
    """SQLite: a trigger body holds semicolons; sqlite3 itself decides when a
    statement is complete (``sqlite3.complete_statement``)."""
    import sqlite3  # (here: only SQLite scripts need it, ~2 ms to import)

    merged: list[list[Token]] = []
    pending: list[Token] = []
    for group in groups:
        pending = pending + group
        if sqlite3.complete_statement(chunk[pending[0].start: pending[-1].end + 1] + ";"):
            merged.append(pending)
            pending = []
    if pending:
        merged.append(pending)
    return merged


_TSQL_STARTERS = {"CREATE", "ALTER", "DROP", "INSERT", "EXEC", "EXECUTE", "USE", "GRANT", "PRINT",
                  "DECLARE", "SET", "TRUNCATE"}
_TSQL_MODULES = {"PROCEDURE", "PROC", "FUNCTION", "TRIGGER", "VIEW"}
# what follows DROP or ALTER when they start a statement (else, inside ALTER TABLE, they are its
# actions: ALTER TABLE t DROP CONSTRAINT c / DROP COLUMN c / DROP c / ALTER COLUMN c int)
_TSQL_OBJECTS = {"TABLE", "VIEW", "INDEX", "PROCEDURE", "PROC", "FUNCTION", "TRIGGER", "SCHEMA", "SEQUENCE",
                 "TYPE", "DATABASE", "USER", "ROLE", "LOGIN", "SYNONYM", "STATISTICS", "DEFAULT", "RULE",
                 "ASSEMBLY", "FULLTEXT", "XML", "PARTITION", "AUTHORIZATION", "QUEUE", "SERVICE"}


def _tsql_control(word: str, previous: str) -> bool:
    """``word`` begins a control-of-flow element: IF (not ``DROP TABLE IF EXISTS``), ELSE,
    WHILE, BEGIN (not ``BEGIN … END`` of a CASE), END."""
    if word == "IF":
        return previous not in _TSQL_OBJECTS
    return word in ("ELSE", "WHILE", "BEGIN", "END") and previous != "IF"


def _alter_table_action(part: list[Token], word: str, following: str) -> bool:
    """``word`` (DROP or ALTER) is an action of the ALTER TABLE statement ``part``."""
    return word in ("DROP", "ALTER") and len(part) > 1 and part[0].text.upper() == "ALTER" \
        and part[1].text.upper() == "TABLE" and following not in _TSQL_OBJECTS


def _tsql_module(tokens: list[Token]) -> bool:
    """CREATE/ALTER [OR ALTER] PROCEDURE, FUNCTION, TRIGGER or VIEW, read by the one classifier of
    CREATE statements (a table named ``[function]`` is no function)."""
    head = [t.text.upper() if t.token_type != TokenType.IDENTIFIER else "" for t in tokens[:8]]
    return bool(head) and head[0] in ("CREATE", "ALTER") and created_kind(head)[0] in _TSQL_MODULES


def _module_owns_batch(groups: list[list[Token]]) -> list[list[Token]]:
    """T-SQL: CREATE/ALTER PROCEDURE, FUNCTION, TRIGGER or VIEW takes the rest of
    its batch (up to GO), semicolons in its body included."""
    for k, group in enumerate(groups):
        if _tsql_module(group):
            return groups[:k] + [[t for g in groups[k:] for t in g]]
    return groups


def _split_tsql_batch(tokens: list[Token]) -> list[list[Token]]:
    """T-SQL needs no semicolons: ``CREATE TABLE a (…) CREATE TABLE b (…)`` is
    two statements.  Cut before a statement keyword at depth 0, except inside
    a procedure, function, trigger or view, which owns the rest of its batch."""
    if _tsql_module(tokens):
        return [tokens]
    parts: list[list[Token]] = [[]]
    depth = cases = 0
    for i, token in enumerate(tokens):
        kind = token.token_type
        word = token.text.upper()
        previous = tokens[i - 1].text.upper() if i else ""
        following = tokens[i + 1].text.upper() if i + 1 < len(tokens) else ""
        if word == "CASE":
            cases += 1
        elif word == "END" and cases:
            cases -= 1
        elif depth == 0 and parts[-1] and _tsql_control(word, previous) \
                and kind not in (TokenType.IDENTIFIER, TokenType.STRING):
            # IF (…) BEGIN … END [ELSE …]: the guard, BEGIN and END are statements of their own,
            # so the statements they enclose are read (and END does not stick to the last one)
            parts.append([])
        # (``SET ANSI_NULLS ON`` ends at its ON: what follows starts a statement)
        elif depth == 0 and parts[-1] and word in _TSQL_STARTERS \
                and not _alter_table_action(parts[-1], word, following) \
                and (previous not in ("ON", "DELETE", "UPDATE", "WITH")
                     or previous == "ON" and parts[-1][0].text.upper() == "SET" and len(parts[-1]) == 3) \
                and kind not in (TokenType.IDENTIFIER, TokenType.VAR, TokenType.STRING):
            parts.append([])
        parts[-1].append(token)
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
    return [p for p in parts if p]


#: a COPY statement longer than this many lines before its ; is not looked at as one (a line starting
#: with the word COPY that is not a statement: a text search configuration's ``(COPY = simple)``)
_COPY_HEAD_LINES = 200


def _copy_statement(dialect: Dialect, text: str) -> tuple[bool, bool]:
    """``text``, the lines from one starting with COPY: (its statement has ended with a ``;``, that
    statement is ``COPY … FROM STDIN``).  psql's rule: after ``COPY … FROM stdin [[WITH] options];``,
    whatever its column list and options and however many lines it takes, the script's next lines
    are data up to a line ``\\.``."""
    try:
        tokens = dialect.tokenize(text)
    except TokenError:
        return False, False  # a string or quoted name not yet closed: the statement goes on
    end = next((i for i, t in enumerate(tokens) if t.token_type == TokenType.SEMICOLON), None)
    if end is None:
        return False, False
    head = tokens[:end]
    if not head or head[0].text.upper() != "COPY":
        return True, False
    return True, any(t.token_type == TokenType.FROM and n.text.upper() == "STDIN" and n.token_type != TokenType.STRING
                     for t, n in zip(head, head[1:]))


def _statement(group: list[Token], base: int, text: str, index: LineIndex,
               path: str | None, markers: list[tuple[int, int]] = ()) -> Statement:
    first, last = group[0], group[-1]
    begin, finish = base + first.start, base + last.end + 1
    # a quoted token's start points inside the quote; widen to the original text
    while begin > base and text[begin - 1] in "\"'`[":
        begin -= 1
    while finish < len(text) and text[finish] in "\"'`]":
        finish += 1
    line, col = index.locate(begin)
    end_line = index.locate(finish - 1)[0]
    sql = text[begin:finish]
    delta = base - begin
    if delta:
        for t in group:  # _rebase, inlined: a statement has hundreds of tokens
            t.start += delta
            t.end += delta
    tokens = list(group)
    comments = [c.strip() for c in first.comments if c.strip()]
    inside = []
    if markers:  # (in order: the ones inside [begin, finish) by bisection)
        k = bisect.bisect_left(markers, (begin, -1))
        while k < len(markers) and markers[k][0] < finish:
            inside.append((markers[k][0] - begin, min(markers[k][1], finish) - begin))
            k += 1
    return Statement(sql, tokens, SourceLocation(path, line, col), end_line, comments, markers=inside)


def _rebase(token: Token, delta: int) -> Token:
    token.start += delta
    token.end += delta
    return token


#: our dialect names -> sqlglot's (the registry's, :mod:`tablewright.designer.dialects`)
SQLGLOT_DIALECT = {name: d.sqlglot for name, d in REGISTRY.items()}


#: what a sqlglot parse or transpile can raise on input it does not handle:
#: its own errors, and (a bug of sqlglot's on a malformed tree) the built-in
#: ones. Every call of sqlglot on user input catches these and reports the
#: input; none of them is ever a traceback for the user.
SQLGLOT_FAILURES = (SqlglotError, ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError)


@lru_cache(maxsize=1024)
def literal_of(expression: str, dialect: str | None) -> tuple[str, str] | None:
    """The literal an expression of ``dialect`` is (a default, as the model keeps it), under
    casts, collations, parentheses, a minus sign, national, escape and charset prefixes
    (``'x'::character varying`` as pg_dump writes it, ``('x')``, ``N'x'``, ``E'x'``,
    ``_utf8mb4'x'``, ``'x' COLLATE "C"``, ``-1``): its text and what it is (``string``,
    ``number``, ``boolean``: ``TRUE``/``FALSE``); None for anything else, or what sqlglot
    does not read."""
    import sqlglot
    from sqlglot import exp

    read = SQLGLOT_DIALECT.get(dialect or "")
    try:
        tree = sqlglot.parse_one(expression, read=read)
    except SQLGLOT_FAILURES:
        return None
    sign = ""
    while True:
        if isinstance(tree, (exp.Cast, exp.Paren, exp.Collate)):
            tree = tree.this
        elif isinstance(tree, exp.Introducer):
            tree = tree.expression
        elif isinstance(tree, exp.Neg) and not sign:
            sign, tree = "-", tree.this
        else:
            break
    if isinstance(tree, exp.Boolean) and not sign:
        return ("TRUE" if tree.this else "FALSE"), "boolean"
    # N'x'; PostgreSQL's E'x' escape string, which sqlglot reads as bytes
    if isinstance(tree, exp.National) or (isinstance(tree, exp.ByteString) and read == "postgres"):
        return (tree.name, "string") if not sign else None
    if not isinstance(tree, exp.Literal):
        return None
    if tree.is_string:
        return (tree.this, "string") if not sign else None
    return sign + tree.this, "number"


def sqlglot_dialect_name(dialect: str) -> str:
    return SQLGLOT_DIALECT[dialect]


def sql_tokens(sql: str, dialect: str | None) -> list[Token] | None:
    """sqlglot's tokens of ``sql`` in ``dialect`` (comments left out, quoted
    names unquoted); None when it does not tokenize (an unterminated string)."""
    try:
        return Dialect.get_or_raise(SQLGLOT_DIALECT.get(dialect or "")).tokenize(sql)
    except TokenError:
        return None


@lru_cache(maxsize=8192)
def head_words(sql: str, dialect: str | None, n: int = 12) -> tuple[str, ...]:
    """The first ``n`` words of a statement as written (see :func:`sql_tokens`);
    reads only the head of a long statement when that is enough."""
    for size in (400, 4000, None):  # a head is enough unless it cuts a string or comment in two
        cut = size is not None and len(sql) > size
        tokens = sql_tokens(sql[:size] if cut else sql, dialect)
        if cut and (tokens is None or len(tokens) < n):
            continue  # cut inside a string or comment, or the head was mostly comments: read further
        return tuple(t.text for t in tokens[:n]) if tokens else ()
    return ()


def head_keywords(sql: str, dialect: str | None, n: int = 12) -> tuple[str, ...]:
    """:func:`head_words`, upper-cased."""
    return tuple(w.upper() for w in head_words(sql, dialect, n))
