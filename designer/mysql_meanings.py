"""What MySQL's and MariaDB's own spellings mean, where another engine spells the same thing otherwise.

* MariaDB's JSON is an alias: ``JSON`` creates ``LONGTEXT … COLLATE utf8mb4_bin CHECK (json_valid(col))``, which
  is what mariadb-dump writes and information_schema reports.  :func:`mark_json_columns` gives such a column the
  kind ``json`` (its ``text`` stays as written, so a MySQL-family export writes it unchanged), so that the export
  writes PostgreSQL's json for it; :func:`is_json_alias_check` tells the CHECK that the type then says.
* MySQL's hash functions in a generated column, a default or a CHECK: :func:`hashes_for_postgres` writes what
  PostgreSQL computes the same, or names what it has no built-in function for.
"""

from __future__ import annotations

from dataclasses import replace

from sqlglot import exp

from tablewright.designer.model import CheckConstraint, Table

#: the lengths MySQL's SHA2(str, n) takes (0 is 256) and PostgreSQL's sha224 … sha512 compute
_SHA2_LENGTHS = {0: 256, 224: 224, 256: 256, 384: 384, 512: 512}


def is_json_alias_check(table: Table, check: CheckConstraint, dialect: str = "mysql") -> bool:
    """Whether ``check`` is the ``CHECK (json_valid(col))`` that MariaDB's JSON puts on its own column ``col``, or
    the ``CHECK ((JSON_VALID(col) OR col IS NULL))`` Django's JSONField puts on a SQLite ``text`` column."""
    if check.column is None:
        return False
    import sqlglot

    from tablewright.designer.sql_split import SQLGLOT_DIALECT, SQLGLOT_FAILURES

    column = table.column(check.column)
    if column is None or "json_valid" not in check.expression.lower():
        return False
    try:
        tree = sqlglot.parse_one(check.expression, read=SQLGLOT_DIALECT.get(dialect, "mysql"))
    except SQLGLOT_FAILURES:
        return False

    def bare(node):
        while isinstance(node, exp.Paren):
            node = node.this
        return node

    def own(node) -> bool:
        return isinstance(node, exp.Column) and not node.table and node.name.lower() == column.name.lower()

    tree = bare(tree)
    if isinstance(tree, exp.Or):  # json_valid(col) OR col IS NULL, either way round
        parts = [bare(tree.this), bare(tree.expression)]
        nulls = [p for p in parts if isinstance(p, exp.Is) and own(p.this) and isinstance(p.expression, exp.Null)]
        if len(nulls) != 1:
            return False
        tree = next(p for p in parts if p is not nulls[0])
    if isinstance(tree, exp.Anonymous) and tree.name.lower() == "json_valid" and len(tree.expressions) == 1:
        return own(tree.expressions[0])
    return False


def mark_json_columns(table: Table, dialect: str = "mysql") -> None:
    """A LONGTEXT column with MariaDB's ``CHECK (json_valid(col))`` of its own holds JSON, and so does a SQLite
    ``text`` column with Django's ``CHECK ((JSON_VALID(col) OR col IS NULL))``: its kind becomes ``json``
    (``text`` kept as written, so the same engine's export writes it unchanged)."""
    for check in table.checks:
        if not is_json_alias_check(table, check, dialect):
            continue
        column = table.column(check.column)
        words = column.type.text.lower().split()
        if column.type.kind == "text" and words and words[0] == ("text" if dialect == "sqlite" else "longtext"):
            column.type = replace(column.type, kind="json")


def hashes_for_postgres(tree: exp.Expression, binary: bool = False) -> tuple[exp.Expression, str | None]:
    """``tree`` (read as MySQL) with MySQL's hash functions as PostgreSQL computes the same value, and what it
    calls that PostgreSQL has no built-in function for (None when nothing): SHA2(s, n) is
    ``encode(sha<n>(<s's UTF-8 bytes>), 'hex')``; SHA1 and SHA2 of another length have none (SHA1 is pgcrypto's
    digest, an extension).  MD5 is PostgreSQL's md5(text), the same.  ``CAST(x AS CHAR)`` (MySQL: a string of any
    length) is a cast to text (PostgreSQL: char(1)).  ``binary``: the value goes into a binary column (MySQL's
    BINARY(64) holding SHA2's 64 hex digits), so a hash's hex digits are written as their bytes.

    The bytes of a string are ``decode(replace(s, '\\', '\\\\'), 'escape')``, the string's bytes in the database's
    encoding (UTF-8, as MySQL's utf8mb4), which is immutable as a generated column requires (convert_to is not)."""
    missing: list[str] = []

    def fix(node):
        if isinstance(node, exp.SHA2):
            length = node.args.get("length")
            bits = _SHA2_LENGTHS.get(int(length.name)) if isinstance(length, exp.Literal) and \
                length.name.isdigit() else 256 if length is None else None
            if bits is None:
                missing.append(f"SHA2() of length {length.sql(dialect='mysql')}")
                return node
            return _call("encode", _call(f"sha{bits}", _utf8_bytes(node.this.transform(fix))),  # (transform goes
                         exp.Literal.string("hex"))  # into no node it is given back)
        if isinstance(node, exp.SHA):
            missing.append("SHA1()")
        if isinstance(node, exp.Cast) and isinstance(node.to, exp.DataType) \
                and node.to.is_type(exp.DataType.Type.CHAR, exp.DataType.Type.NCHAR) and not node.to.expressions:
            node.set("to", exp.DataType.build("text"))
        return node

    tree = tree.transform(fix)
    if binary and not missing:
        root = tree
        while isinstance(root, exp.Paren):
            root = root.this
        if isinstance(root, exp.MD5) or (isinstance(root, exp.Anonymous) and root.name == "encode"):
            tree = _call("decode", tree, exp.Literal.string("escape"))
    return tree, ", ".join(dict.fromkeys(missing)) or None


def _call(name: str, *args: exp.Expression) -> exp.Anonymous:
    return exp.Anonymous(this=name, expressions=list(args))


def _utf8_bytes(node: exp.Expression) -> exp.Expression:
    return _call("decode", _call("replace", node, exp.Literal.string("\\"), exp.Literal.string("\\\\")),
                 exp.Literal.string("escape"))
