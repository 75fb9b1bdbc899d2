"""DDL import: PostgreSQL ``DO`` blocks that only guard DDL.

Generated and hand-written install scripts make each statement idempotent by
wrapping it in an anonymous block (Znuny's installer: 281 foreign keys and 135
indexes, each one so)::

    DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fk_x') THEN
        ALTER TABLE acl ADD CONSTRAINT fk_x FOREIGN KEY (create_by) REFERENCES users (id);
    END IF;
    END $$;

or swallow the error of an object that exists already::

    DO $$ BEGIN CREATE TYPE mood AS ENUM ('sad', 'ok');
    EXCEPTION WHEN duplicate_object THEN null; END $$;

Kept verbatim, such a block left the model without the keys and indexes it
makes.  On a database being built (what an import reads) each guard lets its
statement run, so the statements are read as if written on their own.  A block
with anything else in it (a positive condition, ELSE, a loop, EXECUTE of a
built string, a handler that does something) is procedural code: it stays
verbatim, and the importer says when it holds DDL the model does not see.

The body is PL/pgSQL, which sqlglot does not parse; this reads only the
guards' shape, from sqlglot's tokens, and hands each DDL statement in it back
to the importer as a statement of its own (parsed by sqlglot like any other).
"""

from __future__ import annotations

from sqlglot.tokens import Token, TokenType

from tablewright.designer.sql_split import Statement, sql_tokens

#: statements a guard may hold: what the model is made of
_DDL = frozenset({"CREATE", "ALTER", "COMMENT"})


def _body(statement: Statement) -> tuple[Statement, str] | None:
    """The block's body as a statement of its own (its location in the file), and its language."""
    if len(statement.tokens) < 2 or statement.tokens[0].text.upper() != "DO":
        return None
    offset = statement.tokens[1].start
    rest = statement.text[offset:]
    tokens = sql_tokens(rest, "postgres") or []
    language = "plpgsql"
    body = None
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text.upper() == "LANGUAGE" and i + 1 < len(tokens):
            language = tokens[i + 1].text.lower()
            i += 2
            continue
        if t.token_type == TokenType.HEREDOC_STRING and body is None:
            body = t
            i += 1
            continue
        return None  # not DO [LANGUAGE x] $$ … $$ [LANGUAGE x]
    if body is None:
        return None
    tag_end = rest.index("$", body.start + 1) + 1  # after the opening $tag$
    start = offset + tag_end
    text = body.text
    inner = sql_tokens(text, "postgres")
    if inner is None:
        return None
    location = statement.location_at(start)
    return Statement(text, inner, location, location.line + text.count("\n"), [], location.line,
                     location.column), language


def _until(tokens: list[Token], i: int, stop) -> int:
    """The index of the first token from ``i`` on, outside parentheses, for which ``stop`` holds
    (``len(tokens)`` when none does)."""
    depth = 0
    while i < len(tokens):
        t = tokens[i]
        if depth == 0 and stop(t):
            return i
        if t.token_type == TokenType.L_PAREN:
            depth += 1
        elif t.token_type == TokenType.R_PAREN:
            depth -= 1
        i += 1
    return i


def _word(tokens: list[Token], i: int) -> str:
    return tokens[i].text.upper() if i < len(tokens) else ""


def _semicolon(t: Token) -> bool:
    return t.token_type == TokenType.SEMICOLON


def guarded_statements(statement: Statement) -> list[Statement] | None:
    """The DDL statements of a ``DO`` block made only of guards around them (see the module),
    each a statement of its own at its place in the file; None when the block is anything else."""
    found = _body(statement)
    if found is None or found[1] != "plpgsql":
        return None
    body, _ = found
    tokens = body.tokens
    if _word(tokens, 0) != "BEGIN":
        return None  # DECLARE …: variables, so code
    out: list[Statement] = []
    open_ifs = 0
    i = 1
    while i < len(tokens):
        word = _word(tokens, i)
        if _semicolon(tokens[i]):
            i += 1
        elif word == "IF" and _word(tokens, i + 1) == "NOT" and _word(tokens, i + 2) == "EXISTS":
            then = _until(tokens, i + 3, lambda t: t.text.upper() == "THEN")
            if then >= len(tokens):
                return None
            open_ifs += 1
            i = then + 1
        elif word == "END" and _word(tokens, i + 1) == "IF":
            if not open_ifs:
                return None
            open_ifs -= 1
            i += 2
        elif word == "END":  # the block's own END: nothing may follow
            i += 1
            if i < len(tokens) and not all(_semicolon(t) for t in tokens[i:]):
                return None
            break
        elif word == "EXCEPTION":
            # handlers that do nothing: WHEN <condition> [OR …] THEN NULL;
            i += 1
            while _word(tokens, i) == "WHEN":
                then = _until(tokens, i + 1, lambda t: t.text.upper() == "THEN")
                if _word(tokens, then + 1) != "NULL" or not (then + 2 < len(tokens) and _semicolon(tokens[then + 2])):
                    return None
                i = then + 3
            if _word(tokens, i) != "END":
                return None
        elif word in _DDL:
            end = _until(tokens, i, _semicolon)
            out.append(body.part(i, end))
            i = end + 1
        else:
            return None  # ELSE, a loop, EXECUTE, PERFORM, RAISE, an assignment: code
    if open_ifs or not out:
        return None
    return out


def holds_ddl(statement: Statement) -> bool:
    """Whether a ``DO`` block's body runs DDL (CREATE, ALTER, DROP …): a statement of its own, or a
    string built for EXECUTE that starts with one."""
    found = _body(statement)
    words = _DDL | {"DROP"}
    return found is not None and any(
        t.text.upper() in words if t.token_type != TokenType.STRING
        else (t.text.split(None, 1) or [""])[0].upper() in words for t in found[0].tokens)


__all__ = ["guarded_statements", "holds_ddl"]
