"""DBML (https://dbml.dbdiagram.io/docs) read into a syntax tree with locations.

No Python DBML parser covers the language as the DBML project documents it
today: PyDBML (the only maintained one) has no ``checks``, ``check:``,
``TablePartial`` or ``Records``, keeps no source locations, and fails a whole
file on the first construct it does not know.  So this is a small tokenizer
and a recursive-descent parser over it.  Every node keeps the line and column
where it starts, so what the importer cannot place is reported at its
location; an element the parser cannot read is reported with its location and
skipped to the end of its block, and the rest of the file is still read.

The tree is plain dataclasses; :mod:`tablewright.designer.dbml_import` maps it onto the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# -- tokens ---------------------------------------------------------------------------

NAME, QUOTED, STRING, EXPR, NUMBER, COLOR, PUNCT, NEWLINE, EOF = (
    "name", "quoted", "string", "expr", "number", "color", "punct", "newline", "eof")


@dataclass(frozen=True)
class Token:
    kind: str
    value: str
    line: int
    column: int
    start: int = 0  # offsets in the text
    end: int = 0

    def is_word(self, *words: str) -> bool:
        return self.kind == NAME and self.value.lower() in words


class DBMLSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


_PUNCT1 = "{}[](),:.<>-~*"
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "`": "`", "0": "\0"}


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; comments dropped, newlines kept (DBML's
    columns, index entries, enum values and group members are one a line)."""
    tokens: list[Token] = []
    i, line, line_start, n = 0, 1, 0, len(text)
    while i < n:
        ch = text[i]
        col = i - line_start + 1
        if ch == "\n":
            tokens.append(Token(NEWLINE, "\n", line, col, i, i + 1))
            i += 1
            line, line_start = line + 1, i
            continue
        if ch in " \t\r\f\ufeff":
            i += 1
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise DBMLSyntaxError("unterminated /* comment", line, col)
            chunk = text[i:end + 2]
            if "\n" in chunk:
                line += chunk.count("\n")
                line_start = i + chunk.rfind("\n") + 1
            i = end + 2
            continue
        if text.startswith("'''", i):
            end = text.find("'''", i + 3)
            if end < 0:
                raise DBMLSyntaxError("unterminated ''' string", line, col)
            raw = text[i + 3:end]
            tokens.append(Token(STRING, _dedent(_unescape_triple(raw)), line, col, i, end + 3))
            if "\n" in raw:
                line += raw.count("\n")
                line_start = i + 3 + raw.rfind("\n") + 1
            i = end + 3
            continue
        if ch in "'\"`":
            value, j = _quoted(text, i, ch, line, col)
            kind = {"'": STRING, '"': QUOTED, "`": EXPR}[ch]
            tokens.append(Token(kind, value, line, col, i, j))
            chunk = text[i:j]
            if "\n" in chunk:
                line += chunk.count("\n")
                line_start = i + chunk.rfind("\n") + 1
            i = j
            continue
        if ch == "#":
            j = i + 1
            while j < n and (text[j].isalnum()):
                j += 1
            tokens.append(Token(COLOR, text[i:j], line, col, i, j))
            i = j
            continue
        if ch.isdigit() or (ch in "+-" and i + 1 < n and text[i + 1].isdigit() and _number_may_start(tokens)):
            j = i + 1
            while j < n and (text[j].isdigit() or text[j] == "." and j + 1 < n and text[j + 1].isdigit()):
                j += 1
            if j < n and (text[j].isalpha() or text[j] == "_"):  # an identifier that starts with digits
                while j < n and (text[j].isalnum() or text[j] in "_$"):
                    j += 1
                tokens.append(Token(NAME, text[i:j], line, col, i, j))
            else:
                tokens.append(Token(NUMBER, text[i:j], line, col, i, j))
            i = j
            continue
        if ch.isalpha() or ch in "_$":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            tokens.append(Token(NAME, text[i:j], line, col, i, j))
            i = j
            continue
        if text.startswith("<>", i):
            tokens.append(Token(PUNCT, "<>", line, col, i, i + 2))
            i += 2
            continue
        if ch in _PUNCT1:
            tokens.append(Token(PUNCT, ch, line, col, i, i + 1))
            i += 1
            continue
        raise DBMLSyntaxError(f"unexpected character {ch!r}", line, col)
    tokens.append(Token(EOF, "", line, i - line_start + 1, i, i))
    return tokens


def _number_may_start(tokens: list[Token]) -> bool:
    """A sign belongs to a number only where a value is expected (``default: -1``),
    not in a relation (``a.id - b.id``)."""
    return bool(tokens) and tokens[-1].kind == PUNCT and tokens[-1].value in (":", ",", "(")


def _quoted(text: str, i: int, quote: str, line: int, col: int) -> tuple[str, int]:
    out = []
    j = i + 1
    n = len(text)
    while j < n:
        ch = text[j]
        if ch == "\\" and j + 1 < n:
            nxt = text[j + 1]
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            j += 2
            continue
        if ch == quote:
            return "".join(out), j + 1
        if ch == "\n" and quote != "`":
            break
        out.append(ch)
        j += 1
    raise DBMLSyntaxError(f"unterminated {quote} string", line, col)


def _unescape_triple(raw: str) -> str:
    """Backslash escapes in a triple-quoted string: a backslash before a quote
    or a backslash stands for that character (@dbml/core writes an apostrophe
    inside one as backslash-quote)."""
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw) and raw[i + 1] in "'\\":
            out.append(raw[i + 1])
            i += 2
            continue
        out.append(raw[i])
        i += 1
    return "".join(out)


def _dedent(raw: str) -> str:
    """A ''' string as DBML reads it: the common indentation and the first and
    last blank lines removed."""
    lines = raw.split("\n")
    if lines and not lines[0].strip():
        lines = lines[1:]
    if lines and not lines[-1].strip():
        lines = lines[:-1]
    indents = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(ln[cut:] for ln in lines)


# -- tree -----------------------------------------------------------------------------

@dataclass
class Setting:
    """One entry of a ``[...]`` list: ``key`` lower-cased words before the colon
    (``not null``, ``pk``, ``note``, ``ref``, ``delete``), ``value`` the token(s) after it."""

    key: str
    value: list[Token]
    line: int
    column: int


@dataclass
class Endpoint:
    schema: str | None
    table: str
    columns: list[str]
    line: int
    column: int

    @property
    def table_text(self) -> str:
        return f"{self.schema}.{self.table}" if self.schema else self.table


@dataclass
class Relation:
    left: Endpoint | None  # None for an inline ref: the column it is written on
    op: str  # "<", ">", "-", "<>"
    right: Endpoint
    name: str | None
    settings: list[Setting]
    line: int
    column: int


@dataclass
class ColumnDef:
    name: str
    type: str
    settings: list[Setting]
    line: int
    column: int
    type_name: tuple[str, ...] = ()  # the type's [schema.]name parts when it has no arguments (maybe an enum)


@dataclass
class IndexDef:
    parts: list[tuple[str, str]]  # ("column", name) or ("expression", sql)
    settings: list[Setting]
    line: int
    column: int


@dataclass
class CheckDef:
    expression: str
    settings: list[Setting]
    line: int
    column: int


@dataclass
class TableDef:
    schema: str | None
    name: str
    alias: str | None
    settings: list[Setting]
    columns: list[ColumnDef] = field(default_factory=list)
    indexes: list[IndexDef] = field(default_factory=list)
    checks: list[CheckDef] = field(default_factory=list)
    note: str | None = None
    partials: list[tuple[str, int, int]] = field(default_factory=list)  # ~name injections, in order
    extras: list[tuple[str, int, int]] = field(default_factory=list)  # (what, line, col) not taken in
    partial: bool = False  # a TablePartial
    line: int = 0
    column: int = 0
    order: list[tuple[str, object]] = field(default_factory=list)  # ("column", ColumnDef) | ("partial", name)


@dataclass
class EnumDef:
    schema: str | None
    name: str
    values: list[tuple[str, list[Setting], int, int]]
    line: int
    column: int


@dataclass
class GroupDef:
    name: str
    members: list[Endpoint]
    note: str | None
    settings: list[Setting]
    line: int
    column: int


@dataclass
class Element:
    """A top-level element the importer reports rather than models (Project,
    a sticky Note, Records, ...)."""

    kind: str
    name: str | None
    fields: dict[str, Token]
    note: str | None
    line: int
    column: int


@dataclass
class Document:
    tables: list[TableDef] = field(default_factory=list)
    refs: list[Relation] = field(default_factory=list)
    enums: list[EnumDef] = field(default_factory=list)
    groups: list[GroupDef] = field(default_factory=list)
    others: list[Element] = field(default_factory=list)
    errors: list[DBMLSyntaxError] = field(default_factory=list)


# -- parser ---------------------------------------------------------------------------

class _Parser:
    def __init__(self, tokens: list[Token], text: str = ""):
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.doc = Document()

    # token helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.pos + k, len(self.tokens) - 1)]

    def advance(self) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind != EOF:
            self.pos += 1
        return tok

    def at(self, value: str) -> bool:
        return self.tok.kind == PUNCT and self.tok.value == value

    def expect(self, value: str) -> Token:
        if not self.at(value):
            raise self.error(f"expected {value!r}")
        return self.advance()

    def error(self, message: str, tok: Token | None = None) -> DBMLSyntaxError:
        tok = tok or self.tok
        found = "end of file" if tok.kind == EOF else ("end of line" if tok.kind == NEWLINE else repr(tok.value))
        return DBMLSyntaxError(f"{message}, found {found}", tok.line, tok.column)

    def skip_newlines(self) -> None:
        while self.tok.kind == NEWLINE:
            self.advance()

    def end_of_line(self) -> None:
        if self.tok.kind not in (NEWLINE, EOF) and not self.at("}"):
            raise self.error("expected the end of the line")
        if self.tok.kind == NEWLINE:
            self.advance()

    def name(self, what: str = "a name") -> Token:
        if self.tok.kind in (NAME, QUOTED):
            return self.advance()
        raise self.error(f"expected {what}")

    def dotted(self, what: str = "a name") -> list[Token]:
        parts = [self.name(what)]
        while self.at(".") and self.peek().kind in (NAME, QUOTED):
            self.advance()
            parts.append(self.advance())
        return parts

    def string(self, what: str = "a string") -> str:
        if self.tok.kind == STRING or self.tok.kind == QUOTED:
            return self.advance().value
        raise self.error(f"expected {what}")

    # recovery: skip to the end of the element (its closing brace, or the line)
    def recover(self, start_pos: int) -> None:
        self.pos = start_pos
        depth = 0
        while self.tok.kind != EOF:
            tok = self.advance()
            if tok.kind == PUNCT and tok.value == "{":
                depth += 1
            elif tok.kind == PUNCT and tok.value == "}":
                depth -= 1
                if depth <= 0:
                    return
            elif tok.kind == NEWLINE and depth == 0:
                return

    # document
    def document(self) -> Document:
        while True:
            self.skip_newlines()
            if self.tok.kind == EOF:
                return self.doc
            start = self.pos
            try:
                self.element()
            except DBMLSyntaxError as exc:
                self.doc.errors.append(exc)
                self.recover(start)

    def element(self) -> None:
        tok = self.tok
        if tok.kind != NAME:
            raise self.error("expected Table, Ref, Enum, TableGroup, Project or Note")
        word = tok.value.lower()
        if word in ("table", "tablepartial"):
            self.advance()
            self.doc.tables.append(self.table(tok, partial=word == "tablepartial"))
        elif word == "ref":
            self.advance()
            self.doc.refs.extend(self.ref(tok))
        elif word == "enum":
            self.advance()
            self.doc.enums.append(self.enum(tok))
        elif word == "tablegroup":
            self.advance()
            self.doc.groups.append(self.group(tok))
        else:  # Project, a sticky Note, Records, or what is not DBML: the importer says which
            self.advance()
            self.doc.others.append(self.generic(tok))

    def settings(self) -> list[Setting]:
        """``[ a, b: c, ... ]`` (may span lines)."""
        out: list[Setting] = []
        if not self.at("["):
            return out
        self.advance()
        while True:
            self.skip_newlines()
            if self.at("]"):
                self.advance()
                return out
            start = self.tok
            words: list[Token] = []
            value: list[Token] | None = None
            depth = 0
            while True:
                t = self.tok
                if t.kind == EOF or t.kind == PUNCT and t.value in ("{", "}"):
                    raise self.error("expected ']' to close the settings")
                if depth == 0 and t.kind == PUNCT and t.value in (",", "]"):
                    break
                if t.kind == PUNCT and t.value == "(":
                    depth += 1
                elif t.kind == PUNCT and t.value == ")":
                    depth -= 1
                if t.kind == NEWLINE:
                    self.advance()
                    continue
                if value is None and t.kind == PUNCT and t.value == ":":
                    value = []
                    self.advance()
                    continue
                (words if value is None else value).append(self.advance())
            key = " ".join(w.value.lower() for w in words)
            if not key:
                raise self.error("expected a setting", start)
            out.append(Setting(key, value if value is not None else [], start.line, start.column))
            if self.at(","):
                self.advance()

    def note_value(self) -> str:
        """After ``Note``: ``: 'text'`` or ``{ 'text' }``."""
        if self.at(":"):
            self.advance()
            return self.string("a note string")
        self.expect("{")
        self.skip_newlines()
        text = self.string("a note string")
        self.skip_newlines()
        self.expect("}")
        return text

    def table(self, head: Token, partial: bool = False) -> TableDef:
        parts = self.dotted("a table name")
        if len(parts) > 2:
            raise self.error("a table name has at most a schema and a name", parts[0])
        schema = parts[0].value if len(parts) == 2 else None
        alias = None
        if self.tok.is_word("as"):
            self.advance()
            alias = self.name("an alias").value
        settings = self.settings()
        table = TableDef(schema, parts[-1].value, alias, settings, partial=partial, line=head.line, column=head.column)
        self.skip_newlines()
        self.expect("{")
        while True:
            self.skip_newlines()
            if self.at("}"):
                self.advance()
                return table
            if self.tok.kind == EOF:
                raise self.error("expected '}' to close the table")
            start = self.pos
            try:
                self.table_item(table)
            except DBMLSyntaxError as exc:
                self.doc.errors.append(exc)
                self._skip_table_item(start)

    def _skip_table_item(self, start: int) -> None:
        """Recover inside a table: skip the line, or the whole ``{...}`` it opens."""
        self.pos = start
        depth = 0
        while self.tok.kind != EOF:
            t = self.tok
            if t.kind == PUNCT and t.value == "{":
                depth += 1
            elif t.kind == PUNCT and t.value == "}":
                if depth == 0:
                    return  # the table's own closing brace
                depth -= 1
                if depth == 0:
                    self.advance()
                    return
            elif t.kind == NEWLINE and depth == 0:
                self.advance()
                return
            self.advance()

    def table_item(self, table: TableDef) -> None:
        tok = self.tok
        if self.at("~"):
            self.advance()
            name = self.name("a partial's name")
            table.partials.append((name.value, tok.line, tok.column))
            table.order.append(("partial", (name.value, tok.line, tok.column)))
            self.end_of_line()
            return
        nxt = self.peek()
        if tok.is_word("note") and ((nxt.kind == PUNCT and nxt.value == ":") or self._opens_block()):
            self.advance()
            if not self.at(":"):
                self.skip_newlines()
            table.note = self.note_value()
            self.end_of_line()
            return
        if tok.is_word("indexes") and self._opens_block():
            self.advance()
            self.block(lambda: table.indexes.append(self.index_item()))
            return
        if tok.is_word("checks") and self._opens_block():
            self.advance()
            self.block(lambda: table.checks.append(self.check_item()))
            return
        if tok.kind == NAME and self._opens_block():
            # a block the model has no place for (e.g. Records): skipped whole, reported
            self.advance()
            table.extras.append((f"{tok.value} block", tok.line, tok.column))
            self._skip_block()
            return
        column = self.column_def()
        table.columns.append(column)
        table.order.append(("column", column))

    def _opens_block(self) -> bool:
        k = 1
        while self.peek(k).kind == NEWLINE:
            k += 1
        nxt = self.peek(k)
        return nxt.kind == PUNCT and nxt.value == "{"

    def _skip_block(self) -> None:
        self.skip_newlines()
        self.expect("{")
        depth = 1
        while depth and self.tok.kind != EOF:
            t = self.advance()
            if t.kind == PUNCT and t.value == "{":
                depth += 1
            elif t.kind == PUNCT and t.value == "}":
                depth -= 1

    def block(self, item) -> None:
        self.skip_newlines()
        self.expect("{")
        while True:
            self.skip_newlines()
            if self.at("}"):
                self.advance()
                return
            if self.tok.kind == EOF:
                raise self.error("expected '}'")
            start = self.pos
            try:
                item()
            except DBMLSyntaxError as exc:
                self.doc.errors.append(exc)
                self.pos = start
                while self.tok.kind not in (NEWLINE, EOF) and not self.at("}"):
                    self.advance()

    def column_def(self) -> ColumnDef:
        head = self.tok
        name = self.name("a column name")
        type_text, parts = self.column_type()
        settings = self.settings()
        self.end_of_line()
        return ColumnDef(name.value, type_text, settings, head.line, head.column, parts)

    def column_type(self) -> tuple[str, tuple[str, ...]]:
        """A type: ``int``, ``varchar(255)``, ``decimal(10, 2)``, ``schema.enum``,
        ``"double precision"``, ``int[]``."""
        parts = self.dotted("a column type")
        names = tuple(p.value for p in parts)
        text = ".".join(p.value if p.kind == NAME or "." not in p.value else f'"{p.value}"' for p in parts)
        if self.at("("):
            names = ()
            open_tok = self.tok
            depth = 0
            while True:
                t = self.advance()
                if t.kind == EOF or t.kind == NEWLINE:
                    raise self.error("expected ')' to close the type's arguments", t)
                if t.kind == PUNCT and t.value == "(":
                    depth += 1
                elif t.kind == PUNCT and t.value == ")":
                    depth -= 1
                if depth == 0:
                    break
            text += self.text[open_tok.start:t.end]  # the arguments as written
        while self.at("[") and self.peek().kind == PUNCT and self.peek().value == "]" \
                and self.peek().column == self.tok.column + 1:
            self.advance()
            self.advance()
            text += "[]"
            names = ()
        return text, names

    def index_item(self) -> IndexDef:
        head = self.tok
        parts: list[tuple[str, str]] = []
        if self.at("("):
            self.advance()
            while True:
                self.skip_newlines()
                parts.append(self.index_part())
                self.skip_newlines()
                if self.at(","):
                    self.advance()
                    continue
                self.expect(")")
                break
        else:
            parts.append(self.index_part())
        settings = self.settings()
        self.end_of_line()
        return IndexDef(parts, settings, head.line, head.column)

    def index_part(self) -> tuple[str, str]:
        if self.tok.kind == EXPR:
            return ("expression", self.advance().value)
        return ("column", self.name("a column or `expression`").value)

    def check_item(self) -> CheckDef:
        head = self.tok
        if self.tok.kind != EXPR:
            raise self.error("expected a check `expression`")
        expression = self.advance().value
        settings = self.settings()
        self.end_of_line()
        return CheckDef(expression, settings, head.line, head.column)

    def endpoint(self) -> Endpoint:
        head = self.tok
        parts: list[Token] = [self.name("a table name")]
        columns: list[str] | None = None
        while self.at("."):
            self.advance()
            if self.at("("):
                self.advance()
                columns = [self.name("a column name").value]
                while self.at(","):
                    self.advance()
                    columns.append(self.name("a column name").value)
                self.expect(")")
                break
            parts.append(self.name("a name"))
        if columns is None:
            if len(parts) < 2:
                raise self.error("expected table.column", head)
            columns = [parts.pop().value]
        if len(parts) > 2:
            raise self.error("expected [schema.]table.column", head)
        schema = parts[0].value if len(parts) == 2 else None
        return Endpoint(schema, parts[-1].value, columns, head.line, head.column)

    def relation_op(self) -> str:
        if self.tok.kind == PUNCT and self.tok.value in ("<", ">", "-", "<>"):
            return self.advance().value
        raise self.error("expected a relation (<, >, - or <>)")

    def ref(self, head: Token) -> list[Relation]:
        name = None
        if self.tok.kind in (NAME, QUOTED):
            name = self.advance().value
        if self.at(":"):
            self.advance()
            rel = self.relation(name, head)
            self.end_of_line()
            return [rel]
        self.skip_newlines()
        self.expect("{")
        out = []
        while True:
            self.skip_newlines()
            if self.at("}"):
                self.advance()
                return out
            out.append(self.relation(name, self.tok))
            self.end_of_line()

    def relation(self, name: str | None, head: Token) -> Relation:
        left = self.endpoint()
        op = self.relation_op()
        right = self.endpoint()
        settings = self.settings()
        return Relation(left, op, right, name, settings, head.line, head.column)

    def inline_ref(self, setting: Setting) -> Relation:
        """A column's ``ref: > table.column`` setting."""
        sub = _Parser(list(setting.value) + [Token(EOF, "", setting.line, setting.column)])
        op = sub.relation_op()
        right = sub.endpoint()
        if sub.tok.kind != EOF:
            raise sub.error("unexpected text after the reference")
        return Relation(None, op, right, None, [], setting.line, setting.column)

    def enum(self, head: Token) -> EnumDef:
        parts = self.dotted("an enum name")
        if len(parts) > 2:
            raise self.error("an enum name has at most a schema and a name", parts[0])
        enum = EnumDef(parts[0].value if len(parts) == 2 else None, parts[-1].value, [], head.line, head.column)

        def value():
            tok = self.tok
            if tok.kind not in (NAME, QUOTED, STRING, NUMBER):
                raise self.error("expected an enum value")
            self.advance()
            enum.values.append((tok.value, self.settings(), tok.line, tok.column))
            self.end_of_line()

        self.block(value)
        return enum

    def group(self, head: Token) -> GroupDef:
        name = self.name("a group name").value
        settings = self.settings()
        group = GroupDef(name, [], None, settings, head.line, head.column)

        def member():
            tok = self.tok
            if tok.is_word("note") and self.peek().kind == PUNCT and self.peek().value in (":", "{"):
                self.advance()
                group.note = self.note_value()
                self.end_of_line()
                return
            parts = self.dotted("a table name")
            if len(parts) > 2:
                raise self.error("expected [schema.]table", tok)
            group.members.append(Endpoint(parts[0].value if len(parts) == 2 else None, parts[-1].value, [],
                                          tok.line, tok.column))
            self.end_of_line()

        self.block(member)
        return group

    def generic(self, head: Token) -> Element:
        """``Project name { key: 'value' ... Note: '...' }``, ``Note name { '...' }``,
        ``Records ...{ ... }`` and unknown elements: kept as (kind, name,
        fields, note) for the importer to report."""
        name = None
        if self.tok.kind in (NAME, QUOTED):
            parts = self.dotted()
            name = ".".join(p.value for p in parts)
        while self.tok.kind not in (EOF,) and not self.at("{"):
            if self.tok.kind == NEWLINE and not self._opens_block():
                raise self.error(f"expected '{{' after {head.value}")
            self.advance()
        element = Element(head.value, name, {}, None, head.line, head.column)
        self.expect("{")
        depth = 1
        while depth and self.tok.kind != EOF:
            self.skip_newlines()
            t = self.tok
            if t.kind == PUNCT and t.value == "}":
                depth -= 1
                self.advance()
                continue
            if t.kind == PUNCT and t.value == "{":
                depth += 1
                self.advance()
                continue
            if depth == 1 and t.kind == NAME and self.peek().kind == PUNCT and self.peek().value == ":":
                self.advance()
                self.advance()
                if t.is_word("note"):
                    element.note = self.string("a note string")
                else:
                    element.fields[t.value] = self.advance()
                continue
            if depth == 1 and t.is_word("note") and self.peek().kind == PUNCT and self.peek().value == "{":
                self.advance()
                element.note = self.note_value()
                continue
            if depth == 1 and t.kind == STRING and head.is_word("note"):
                element.note = t.value
            self.advance()
        if depth:
            raise self.error("expected '}'")
        return element



def parse(text: str) -> Document:
    """Parse DBML text.  A tokenizer error stops the parse (reported in
    ``errors``); a syntax error in one element is reported and that element skipped."""
    try:
        tokens = tokenize(text)
    except DBMLSyntaxError as exc:
        doc = Document()
        doc.errors.append(exc)
        return doc
    return _Parser(tokens, text).document()


def inline_ref(setting: Setting) -> Relation:
    """A column's ``ref:`` setting as a relation (``left`` None: the column)."""
    return _Parser([Token(EOF, "", setting.line, setting.column)]).inline_ref(setting)
