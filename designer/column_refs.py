"""A column renamed: the text in the schema that names it, rewritten to the new name.

The model binds keys, index columns and foreign keys by id, so those follow a rename by
themselves.  What it keeps as SQL text does not: CHECK bodies, generated-column expressions,
index expressions and predicates, and of the verbatim objects views, policies, triggers and
column grants.  Left as written, they name a column that is no longer there, and the exported
DDL does not load (``CHECK (a > 0)`` on a table whose column is now ``c``).

What each engine does with ``ALTER TABLE t RENAME COLUMN a TO c`` (checked on the engines in
tests/designer/test_column_follow_engines.py):

- all three rewrite the table's CHECKs, generated columns and index expressions and predicates;
- PostgreSQL binds views, policies, trigger ``UPDATE OF`` lists and ``WHEN`` conditions and column
  grants by column number: they follow (a view's own column keeps its name: ``SELECT t.c AS a``);
  function bodies and rule actions are text and do not;
- SQLite rewrites every reference in views and trigger bodies (the view's column takes the new
  name: no alias);
- MariaDB rewrites CHECKs and generated columns and keeps views and triggers as written (MySQL 8
  refuses the rename while a CHECK uses the column).

Every rewrite works on spans: the text around a renamed name stays as written.  A name is a
reference to the column when sqlglot reads it as a column of the table: unqualified where the
table is the only source in scope (or, with the schema's columns known, the only one that has
the column), or qualified by the table's name, an alias of it, or a trigger's ``NEW``/``OLD``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sqlglot
from sqlglot import exp
from sqlglot.optimizer.scope import traverse_scope
from sqlglot.tokens import TokenType

from tablewright.designer.ddl_import_repairs import _closing
from tablewright.designer.model import RawObject, Table
from tablewright.designer.sql_split import SQLGLOT_DIALECT, SQLGLOT_FAILURES, sql_tokens
from tablewright.designer.view_sql import VIEW_KINDS

#: what returns the columns (lower case) of a table named so (lower case); None: not known
ColumnsOf = Callable[[str], "set[str] | None"]

_QUERIES = (exp.Select, exp.Update, exp.Delete, exp.Insert)


class Unread(Exception):
    """sqlglot does not read the text (or does not place a name where it is): kept as written."""


def _same(identifier: exp.Identifier, old: str) -> bool:
    return identifier.name == old if identifier.quoted else identifier.name.lower() == old.lower()


def _query_of(node: exp.Expression) -> exp.Expression | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, _QUERIES):
        parent = parent.parent
    return parent


def _sources(query: exp.Expression) -> list[exp.Table]:
    """The tables ``query`` itself reads (not those of its subqueries)."""
    return [t for t in query.find_all(exp.Table) if _query_of(t) is query and isinstance(t.this, exp.Identifier)]


def _source(scope, qualifier: str):
    """What ``qualifier`` names in ``scope`` or a scope around it: a table, a derived table's scope, or None."""
    while scope is not None:
        for name, source in scope.sources.items():
            if name.lower() == qualifier:
                return source
        scope = scope.parent
    return None


def _only_source(sources: list, table: str, columns_of: ColumnsOf | None, old: str) -> bool | None:
    """Whether an unqualified ``old`` read from ``sources`` (tables, or derived tables' scopes) is
    ``table``'s; None when none of them has it (it is a column of a query around them)."""
    tables = [x for x in sources if isinstance(x, exp.Table)]
    if len(sources) == 1 and tables and tables[0].name.lower() != table and columns_of is not None:
        names = columns_of(tables[0].name.lower())
        if names is not None and old.lower() not in names:
            return None  # a correlated reference: the column of a query around it
    if len(sources) == 1:
        return bool(tables) and tables[0].name.lower() == table
    if len(tables) != len(sources) or columns_of is None:
        return False  # a derived table, or columns not known: which source has it cannot be told
    having = []
    for source in tables:
        names = columns_of(source.name.lower())
        if names is None:
            return False
        if old.lower() in names:
            having.append(source)
    if not having:
        return None
    return len(having) == 1 and having[0].name.lower() == table


def _binds(column: exp.Column, scope, table: str, qualifiers: frozenset[str], columns_of: ColumnsOf | None,
           old: str, outer: bool) -> bool:
    """Whether ``column`` (named ``old``) is the column of ``table`` (lower case): read in sqlglot's
    ``scope`` (None: a statement sqlglot makes no scopes of, UPDATE or DELETE, where the sources are
    the tables the statement names outside its subqueries).  ``outer``: a name no scope has a source
    for is the table's (the text is an expression of the table)."""
    if column.args.get("db"):
        return False
    qualifier = column.table.lower() if column.table else ""
    if qualifier:
        source = _source(scope, qualifier) if scope is not None else None
        if source is not None:
            return isinstance(source, exp.Table) and source.name.lower() == table
        if scope is None:
            for node in column.root().find_all(exp.Table):
                if (node.alias or "").lower() == qualifier:
                    return node.name.lower() == table
        return qualifier in qualifiers or outer and qualifier == table
    if scope is not None:
        while scope is not None:
            if scope.sources:
                bound = _only_source(list(scope.sources.values()), table, columns_of, old)
                if bound is not None:
                    return bound
            scope = scope.parent
        return outer
    query = _query_of(column)
    while query is not None:
        sources = _sources(query)
        if sources:
            bound = _only_source(sources, table, columns_of, old)
            if bound is not None:
                return bound
        query = _query_of(query)
    return outer  # no source in any scope: an expression of the table itself


def renamed_spans(text: str, dialect: str, table: str, old: str, *, qualifiers: tuple[str, ...] = (),
                  columns_of: ColumnsOf | None = None, as_select: bool = False,
                  outer: bool = True) -> list[tuple[int, int]]:
    """Where ``text`` (an expression, or a statement) names column ``old`` of table ``table``: the
    spans of those names (quotes included).  ``as_select``: ``text`` is an expression, read as
    ``SELECT text``; ``outer``: it is an expression of the table (a name outside any query is its
    column), not of another table that reads this one in a subquery.  Raises :class:`Unread` when
    sqlglot does not read it."""
    if old.lower() not in text.lower():
        return []
    prefix = "SELECT " if as_select else ""
    try:
        tree = sqlglot.parse_one(prefix + text, read=SQLGLOT_DIALECT.get(dialect))
    except SQLGLOT_FAILURES as e:
        raise Unread(str(e)) from None
    if tree is None or isinstance(tree, exp.Command):
        raise Unread("not read as SQL")
    table = table.lower()
    scope_of = {}
    try:
        for scope in traverse_scope(tree):  # innermost first
            for column in scope.columns:
                scope_of.setdefault(id(column), scope)
    except SQLGLOT_FAILURES:
        scope_of = {}
    found: list[exp.Identifier] = []
    wanted = frozenset(q.lower() for q in qualifiers)
    for column in tree.find_all(exp.Column):
        if isinstance(column.this, exp.Identifier) and _same(column.this, old) \
                and _binds(column, scope_of.get(id(column)), table, wanted, columns_of, old, outer):
            found.append(column.this)
    for insert in tree.find_all(exp.Insert):  # INSERT INTO t (a, b): the target's column list
        target = insert.this
        if isinstance(target, exp.Schema) and isinstance(target.this, exp.Table) and target.this.name.lower() == table:
            found += [i for i in target.expressions if isinstance(i, exp.Identifier) and _same(i, old)]
    spans = []
    for identifier in found:
        start, end = identifier.meta.get("start"), identifier.meta.get("end")
        if start is None or end is None:
            raise Unread("a name sqlglot does not place")
        start, end = start - len(prefix), end + 1 - len(prefix)
        while start > 0 and end < len(text) and text[start - 1] in "\"`[" and text[end] in "\"`]":
            start, end = start - 1, end + 1
        if _bare(text[start:end]).lower() != identifier.name.lower():
            raise Unread("a name not where sqlglot places it")
        spans.append((start, end))
    return sorted(set(spans))


def _bare(text: str) -> str:
    if len(text) > 1 and text[0] in "\"`[" and text[-1] in "\"`]":
        return text[1:-1]
    return text


def rewrite(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each span ``(start, end)`` of ``edits`` written as the edit's text."""
    out, pos = [], 0
    for start, end, written in sorted(set(edits)):
        out += [text[pos:start], written]
        pos = end
    return "".join(out) + text[pos:]


def renamed_expression(text: str | None, dialect: str, table: str, old: str, written: str) -> str | None:
    """An expression of ``table`` (a CHECK body, a generated column's, an index element or predicate)
    with column ``old`` written ``written``; None when it does not name it.  Raises :class:`Unread`."""
    if not text:
        return None
    spans = renamed_spans(text, dialect, table, old, as_select=True)
    return rewrite(text, [(a, b, written) for a, b in spans]) if spans else None


def rename_in_table(table: Table, dialect: str, old: str, written: str) -> list[str]:
    """Rewrites, in place, what ``table`` keeps as text that names its column ``old`` (CHECKs,
    generated columns, index expressions and predicates).  Returns what it could not read, to be
    said (each kept as written)."""
    unread: list[str] = []

    def follow(text: str | None, what: str) -> str | None:
        try:
            return renamed_expression(text, dialect, table.name, old, written) or text
        except Unread:
            unread.append(what)
            return text

    for i, check in enumerate(table.checks):
        table.checks[i] = replace(check, expression=follow(check.expression, f"CHECK {check.name or check.expression}"))
    for column in table.columns:
        if column.generated is not None:
            column.generated = replace(column.generated, expression=follow(
                column.generated.expression, f"the generated column {column.name}"))
    for index in table.indexes:
        what = f"index {index.name or ''}".rstrip()
        index.predicate = follow(index.predicate, what)
        index.elements = [replace(e, expression=follow(e.expression, what)) if e.expression else e
                          for e in index.elements]
    for exclusion in table.exclusions:
        if old.lower() in exclusion.definition.lower():
            unread.append(f"EXCLUDE constraint {exclusion.name or exclusion.definition}")
    return unread


def _name_token(token, old: str) -> bool:
    if token.token_type not in (TokenType.VAR, TokenType.IDENTIFIER) and not token.text.isidentifier():
        return False
    return token.text == old if token.token_type == TokenType.IDENTIFIER else token.text.lower() == old.lower()


def _quoted_span(sql: str, token) -> tuple[int, int]:
    start, end = token.start, token.end + 1
    if start > 0 and end < len(sql) and sql[start - 1] in "\"`[" and sql[end] in "\"`]":
        return start - 1, end + 1
    return start, end


def renamed_statement(raw: RawObject, dialect: str, table: str, old: str, written: str, *,
                      columns_of: ColumnsOf | None = None, views_keep_names: bool = True,
                      own: bool = True) -> str | None:
    """The SQL of ``raw`` -- a policy, trigger or grant of ``table``, or a view -- with column ``old``
    of ``table`` written ``written``; None when nothing in it names the column.  Raises :class:`Unread`
    when it names the old name where it cannot be told whether that is the column.

    A policy: its USING and WITH CHECK conditions.  A trigger: its ``UPDATE OF`` list and ``WHEN``
    condition (``NEW.a``), and in SQLite the statements of its body.  A grant: its column lists.  A
    view: every reference to the column; ``views_keep_names``: the view's own column keeps the old
    name (``SELECT t.c AS a``, as PostgreSQL writes it), otherwise it takes the new one (SQLite).
    ``own``: the policy, trigger or grant is on ``table`` (a SQLite trigger on another table may
    still name the column in its body)."""
    from tablewright.designer.mysql_session import definition  # noqa: PLC0415

    sql = definition(raw.sql, raw.dialect or dialect)
    if old.lower() not in sql.lower():
        return None
    spans: list[tuple[int, int]] = []
    edits: list[tuple[int, int, str]] = []
    tokens = sql_tokens(sql, dialect)
    if tokens is None:
        raise Unread("not tokenized")
    words = [t.text.upper() if t.token_type != TokenType.IDENTIFIER else "" for t in tokens]
    kind = raw.kind
    if kind in VIEW_KINDS:
        found = renamed_spans(sql, dialect, table, old, columns_of=columns_of)
        if found and views_keep_names:
            edits += _keeping_view_names(sql, dialect, found, old, written)
        else:
            spans += found
    elif kind in ("grant", "revoke") and not own:
        return None
    elif kind in ("policy", "trigger"):
        heads = ("USING", "CHECK") if kind == "policy" else ("WHEN",)
        body = words.index("BEGIN") if kind == "trigger" and "BEGIN" in words else len(words)
        for k, word in enumerate(words[:body - 1]):
            if word not in heads:
                continue
            if tokens[k + 1].token_type == TokenType.L_PAREN:
                close = _closing(tokens, k + 1)
                if close is None:
                    raise Unread("an unclosed parenthesis")
                start, end = tokens[k + 1].start, tokens[close].end + 1
            elif body < len(words):  # SQLite: WHEN expr BEGIN
                start, end = tokens[k + 1].start, tokens[body - 1].end + 1
            else:
                continue
            found = renamed_spans(sql[start:end], dialect, table, old, qualifiers=("new", "old") if own else (),
                                  columns_of=columns_of, as_select=True, outer=own)
            spans += [(a + start, b + start) for a, b in found]
        if kind == "trigger" and own:
            spans += _update_of(sql, tokens, words, old)
        if kind == "trigger" and dialect == "sqlite":
            spans += _sqlite_body(sql, dialect, tokens, words, table, old, columns_of, own)
    elif kind in ("grant", "revoke"):
        on = words.index("ON") if "ON" in words else len(words)
        depth = 0
        for token in tokens[:on]:
            if token.token_type == TokenType.L_PAREN:
                depth += 1
            elif token.token_type == TokenType.R_PAREN:
                depth -= 1
            elif depth and _name_token(token, old):
                spans.append(_quoted_span(sql, token))
    else:
        raise Unread(f"a {kind} is not read")
    edits += [(a, b, written) for a, b in spans]
    if not edits:
        if own and any(_name_token(t, old) for t in tokens) and kind in ("policy", "trigger"):
            raise Unread("names the column where it is not read")
        return None
    new = rewrite(sql, edits)
    at = raw.sql.find(sql)
    return raw.sql[:at] + new + raw.sql[at + len(sql):]


def _update_of(sql: str, tokens, words, old: str) -> list[tuple[int, int]]:
    """A trigger's ``UPDATE OF a, b`` list: the spans of the old name in it."""
    spans = []
    for k in range(len(words) - 1):
        if words[k] == "UPDATE" and words[k + 1] == "OF":
            for token, word in zip(tokens[k + 2:], words[k + 2:]):
                if word in ("ON", "OR"):
                    break
                if _name_token(token, old):
                    spans.append(_quoted_span(sql, token))
            break
    return spans


def _sqlite_body(sql, dialect, tokens, words, table, old, columns_of, own: bool) -> list[tuple[int, int]]:
    """The statements of a SQLite trigger's body: references to the column (``new.a`` in a trigger of
    the table, ``UPDATE t SET a`` in any), as SQLite rewrites them."""
    if "BEGIN" not in words or words[-1:] != ["END"]:
        return []
    begin = words.index("BEGIN")
    spans = []
    start = tokens[begin].end + 1
    for token in [*tokens[begin + 1:-1], tokens[-1]]:
        if token.token_type == TokenType.SEMICOLON or token is tokens[-1]:
            piece = sql[start:token.start]
            if piece.strip():
                found = renamed_spans(piece, dialect, table, old, qualifiers=("new", "old") if own else (),
                                      columns_of=columns_of, outer=False)
                spans += [(a + start, b + start) for a, b in found]
            start = token.end + 1
    return spans


def _keeping_view_names(sql: str, dialect: str, spans: list[tuple[int, int]], old: str,
                        written: str) -> list[tuple[int, int, str]]:
    """Edits for a view whose own columns keep their names: a select-list item that is the renamed
    column alone (``a``, ``t.a``) is written ``c AS a``, so readers of the view (and of its
    subqueries and CTEs) see no change."""
    tree = sqlglot.parse_one(sql, read=SQLGLOT_DIALECT.get(dialect))
    bare = set()
    for select in tree.find_all(exp.Select):  # the view's own columns and those of its subqueries and CTEs
        for item in select.expressions:
            if isinstance(item, exp.Column) and isinstance(item.this, exp.Identifier) and _same(item.this, old):
                bare.add(item.this.meta.get("start"))
    edits = []
    for start, end in spans:
        alias = f" AS {sql[start:end]}" if start in bare or start + 1 in bare else ""
        edits.append((start, end, written + alias))
    return edits


def raw_follow(raws: list[RawObject], dialect: str, table: Table, old: str, written: str, *,
               belongs: Callable[[RawObject], bool], columns_of: ColumnsOf | None,
               views_keep_names: bool = True) -> tuple[list[tuple[int, str]], list[RawObject]]:
    """The verbatim objects that name column ``old`` of ``table``, rewritten: ``(position, new SQL)``
    for each, and the objects that may name it but are not read (to be said, kept as written).
    ``belongs``: whether a policy, trigger, grant or rule is on ``table``."""
    out: list[tuple[int, str]] = []
    unread: list[RawObject] = []
    for k, raw in enumerate(raws):
        if raw.kind not in (*VIEW_KINDS, "policy", "trigger", "grant", "revoke", "rule"):
            continue
        own = raw.kind not in VIEW_KINDS and belongs(raw)
        if raw.kind in ("grant", "revoke", "rule") and not own:
            continue
        try:
            if raw.kind == "rule":
                raise Unread("a rule's text is not read")
            sql = renamed_statement(raw, dialect, table.name, old, written, columns_of=columns_of,
                                    views_keep_names=views_keep_names, own=own)
        except Unread:
            if mentions(raw, dialect, old):
                unread.append(raw)
            continue
        if sql is not None and sql != raw.sql:
            out.append((k, sql))
    return out, unread


def mentions(raw: RawObject, dialect: str, name: str) -> bool:
    from tablewright.designer.mysql_session import definition  # noqa: PLC0415

    sql = definition(raw.sql, raw.dialect or dialect)
    return name.lower() in sql.lower() and any(_name_token(t, name) for t in sql_tokens(sql, dialect) or ())


def columns_by_table(schema) -> dict[str, set[str]]:
    """The columns of each table of ``schema``, by table name, all lower case (for ``columns_of``)."""
    columns: dict[str, set[str]] = {}
    for table in schema.tables:
        columns.setdefault(table.name.lower(), set()).update(c.name.lower() for c in table.columns)
    return columns


def on_table(raw: RawObject, table: Table, dialect: str) -> bool:
    """Whether the policy, trigger, grant or rule ``raw`` is on ``table`` (by the name it is ON)."""
    from tablewright.designer.migrations.raw import target_name  # noqa: PLC0415 (a package that imports much)

    target = target_name(raw.kind, raw.sql, raw.dialect or dialect)
    if target is None or target[1].lower() != table.name.lower():
        return False
    return target[0] is None or table.namespace is None or target[0].lower() == table.namespace.lower()


def follow_on(raws: list[RawObject], dialect: str, table: Table, old: str, written: str,
              columns: dict[str, set[str]]) -> list[tuple[int, str]]:
    """:func:`raw_follow` where the policies, triggers and grants on ``table`` are told by the name they are
    ON (a model's, not an importer's: the edits, a migration's state); what is not read stays as written."""
    follow, _ = raw_follow(raws, dialect, table, old, written, columns_of=columns.get,
                           belongs=lambda raw: on_table(raw, table, dialect))
    return follow


def _placeholder(k: int) -> str:
    return f"tw_renamed_{k}_"


def follow_renames(table: Table, dialect: str, renames: list[tuple[str, str]]) -> None:
    """:func:`rename_in_table` for several columns renamed at once (``(old, new)`` each), through
    placeholders: a swap of two names is two renames."""
    from tablewright.designer.dialects import quote  # noqa: PLC0415

    for k, (before, _) in enumerate(renames):
        rename_in_table(table, dialect, before, _placeholder(k))
    for k, (_, after) in enumerate(renames):
        rename_in_table(table, dialect, _placeholder(k), quote(after, dialect))


def followed_raw(old, new) -> dict[str, str]:
    """The verbatim objects of schema ``old`` whose text names a column schema ``new`` renames (the
    same table and column ids), by id, with that text as following the renames leaves it."""
    from tablewright.designer.dialects import quote  # noqa: PLC0415

    if not old.raw:
        return {}
    tables = {t.id: t for t in new.tables}
    renames = []
    for table in old.tables:
        other = tables.get(table.id)
        if other is None or other is table:  # (one object in both models: a lint fix's neighbours)
            continue
        names = {c.id: c.name for c in other.columns}
        renames += [(table, c.name, names[c.id]) for c in table.columns if names.get(c.id, c.name) != c.name]
    if not renames:
        return {}
    dialect = new.dialect or old.dialect or "postgres"
    columns = columns_by_table(old)
    raws = list(old.raw)
    for step in (0, 1):
        for k, (table, before, after) in enumerate(renames):
            frm, to = (before, _placeholder(k)) if step == 0 else (_placeholder(k), after)
            written = to if step == 0 else quote(to, dialect)
            for i, sql in follow_on(raws, dialect, table, frm, written, columns):
                raws[i] = replace(raws[i], sql=sql)
            known = columns.setdefault(table.name.lower(), set())
            known.discard(frm.lower())
            known.add(to.lower())
    return {r.id: r.sql for r, was in zip(raws, old.raw) if r.sql != was.sql}


def names_column(text: str | None, dialect: str, table: str, column: str) -> bool | None:
    """Whether the expression ``text`` of ``table`` names its column ``column``; None: not read."""
    if not text:
        return False
    try:
        return bool(renamed_spans(text, dialect, table, column, as_select=True))
    except Unread:
        return None


def reads_column(raw: RawObject, dialect: str, table: Table, column: str, *, columns_of: ColumnsOf | None,
                 own: bool = False) -> bool | None:
    """Whether the view (or, ``own``: the policy or trigger of ``table``) ``raw`` names column ``column``
    of ``table``; None: not read."""
    try:
        return renamed_statement(raw, dialect, table.name, column, "x", columns_of=columns_of,
                                 views_keep_names=False, own=own) is not None
    except Unread:
        return None


def dependents(table: Table, column_id: str, dialect: str) -> tuple[list, list, list, list[str]]:
    """What of ``table`` names its column ``column_id`` in text: the CHECKs (but the column's own), the
    indexes (by an expression or the predicate), the other generated columns; and what is not read."""
    name = table.column(column_id).name
    unread: list[str] = []

    def names(text: str | None, what: str) -> bool:
        found = names_column(text, dialect, table.name, name)
        if found is None:
            unread.append(what)
        return bool(found)

    checks = [c for c in table.checks if c.column != column_id and names(c.expression, f"CHECK {c.name or ''}")]
    indexes = [i for i in table.indexes if names(i.predicate, f"index {i.name or ''}")
               or any(names(e.expression, f"index {i.name or ''}") for e in i.elements if e.expression)]
    generated = [c for c in table.columns if c.id != column_id and c.generated is not None
                 and names(c.generated.expression, f"generated column {c.name}")]
    return checks, indexes, generated, unread


def follow_in_schema(schema, table: Table, old: str, new: str) -> None:
    """In place: what in ``schema`` names column ``old`` of ``table`` in text, written ``new`` (the
    table's CHECKs, generated columns and indexes; views, keeping their columns' names; policies,
    triggers, grants).  What is not read stays as written."""
    from tablewright.designer.dialects import quote  # noqa: PLC0415

    dialect = schema.dialect or "postgres"
    written = quote(new, dialect)
    rename_in_table(table, dialect, old, written)
    for k, sql in follow_on(schema.raw, dialect, table, old, written, columns_by_table(schema)):
        schema.raw[k] = replace(schema.raw[k], sql=sql)
