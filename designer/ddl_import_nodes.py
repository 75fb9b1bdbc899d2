"""DDL import, helpers on sqlglot's parsed nodes: names, table references,
integers, constraint options, and the structural key of a parsed type."""

from __future__ import annotations

from sqlglot import exp


class _Skip(Exception):
    """The statement cannot be taken into the model (reported, then skipped);
    ``location``: where in it the problem is (else the statement's start);
    ``syntax``: it is malformed, as the engine refuses it (an error, not a warning)."""

    def __init__(self, message: str, location=None, *, syntax: bool = False):
        super().__init__(message)
        self.location = location
        self.severity = "error" if syntax else "warning"


class _LeftOut(Exception):
    """One part of a statement (a constraint) is malformed, as every engine would refuse it: that
    part is left out with this message, at ``location``, and the rest of the statement is taken."""

    def __init__(self, message: str, location=None):
        super().__init__(message)
        self.location = location


def _name(node) -> str | None:
    if node is None:
        return None
    if isinstance(node, exp.Identifier):
        return node.this
    if isinstance(node, (exp.Column, exp.Table)):
        return node.name
    if isinstance(node, str):
        return node
    return node.name if hasattr(node, "name") else str(node)


def _table_ref(table: exp.Expression) -> tuple[str | None, str]:
    """(namespace, name) of a table reference; for SQL Server the schema part
    is the namespace, a database part is ignored."""
    if isinstance(table, exp.Schema):
        table = table.this
    if not isinstance(table, exp.Table):
        raise _Skip(f"expected a table name, found {_shown(table)}")
    return (table.args["db"].name if table.args.get("db") else None), table.name


def _shown(node: exp.Expression, limit: int = 60) -> str:
    """A node as a message quotes it: its SQL, shortened; its kind when it
    nests too deep for sqlglot's (recursive) generator to write it."""
    try:
        text = node.sql()
    except RecursionError:
        return f"a {node.key} nested too deep to show"
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _int(node) -> int | None:
    if node is None:
        return None
    if isinstance(node, exp.Neg):
        value = _int(node.this)
        return -value if value is not None else None
    try:
        return int(node.name if isinstance(node, exp.Expression) else node)
    except (TypeError, ValueError):
        return None


# the sqlglot nodes a column type is built of; a type with anything else in
# it is not memoized
_TYPE_NODES = (exp.DataType, exp.DataTypeParam, exp.Literal, exp.Identifier, exp.Var)


def _type_key(node) -> tuple | None:
    """A hashable description of a parsed type that determines its SQL and
    its normalization: class, every argument and the comments, recursively;
    None when it holds a node other than a type, parameter, literal or name."""
    if not isinstance(node, _TYPE_NODES):
        return None
    parts = [type(node), tuple(node.comments) if node.comments else None]
    for k, v in node.args.items():
        if isinstance(v, exp.Expression):
            v = _type_key(v)
            if v is None:
                return None
        elif isinstance(v, list):
            items = []
            for x in v:
                if isinstance(x, exp.Expression):
                    x = _type_key(x)
                    if x is None:
                        return None
                elif not isinstance(x, (str, int, bool, float)) and x is not None:
                    return None
                items.append(x)
            v = ("list", *items)
        elif not (v is None or isinstance(v, (str, int, bool, float, exp.DataType.Type))):
            return None
        parts.append(k)
        parts.append(v)
    return tuple(parts)


def _deferrable(constraint) -> dict:
    """DEFERRABLE / INITIALLY DEFERRED of a UNIQUE or PRIMARY KEY constraint (sqlglot keeps them as options)."""
    options = [str(o).upper() for o in constraint.args.get("options") or []]
    return {"deferrable": "DEFERRABLE" in options, "initially_deferred": "INITIALLY DEFERRED" in options}


def storage_name(node) -> str:
    """A PostgreSQL storage parameter's name (``fillfactor``, ``toast.autovacuum_enabled``), lower case."""
    if isinstance(node, exp.Column):
        return ".".join(p.name for p in node.parts).lower()
    if isinstance(node, exp.Dot):
        return ".".join(storage_name(p) for p in (node.this, node.expression))
    return (node.name if isinstance(node, exp.Expression) else str(node)).lower()


def storage_of(params) -> dict[str, str]:
    """The ``WITH (…)`` storage parameters of an index or a key (sqlglot's IndexParameters), by name."""
    if not isinstance(params, exp.IndexParameters):
        return {}
    return {storage_name(p.this): storage_value(p.args.get("value"))
            for p in params.args.get("with_storage") or [] if isinstance(p, exp.Property)}


def storage_value(node) -> str:
    """A storage parameter's value as the engine's reloptions list it: unquoted, booleans
    in lower case (``WITH (fillfactor = '50')`` and ``fillfactor = 50`` are both ``50``)."""
    if node is None:
        return "true"  # WITH (autovacuum_enabled): a boolean parameter named alone is true
    if isinstance(node, exp.Boolean):
        return "true" if node.this else "false"
    if isinstance(node, exp.Neg):
        return "-" + storage_value(node.this)
    if isinstance(node, exp.Literal):
        return str(node.this)
    return node.sql("postgres").lower() if isinstance(node, exp.Expression) else str(node)
