"""Where each engine keeps the names of tables, indexes and constraints, and the
renames a cross-dialect export needs where the target keeps a kind of name in a
wider namespace than the source did.

A name is unique per TABLE in one engine and per SCHEMA in another: MySQL's index
names are per table, PostgreSQL's share the schema's relation namespace with its
tables (``CREATE INDEX name ON x`` and ``CREATE INDEX name ON y`` load in MySQL;
the second fails in PostgreSQL with 'relation "name" already exists').  Each
engine's namespaces, checked against the engine (PostgreSQL 15, MariaDB 10.11,
SQLite 3.40) or, for MySQL 8 and SQL Server, its manual:

- PostgreSQL: tables, sequences, indexes and the index-backed constraints (PRIMARY
  KEY, UNIQUE, EXCLUDE) share one relation namespace per schema; the names of all
  constraints of a table (foreign keys and checks too) are unique per table.
  Names are case-sensitive (SQLAlchemy quotes any name that is not lower case).
- SQLite: tables and indexes share one namespace per database; the names of table
  constraints are not objects (two tables, or one, may repeat them).
- SQL Server: tables, sequences and the constraints (PRIMARY KEY, UNIQUE, FOREIGN
  KEY, CHECK, DEFAULT) are schema-scoped objects, unique per schema; index names
  are unique per table, and a key's index takes the key's name.
- MySQL 8: index names (a UNIQUE key is an index) per table; foreign-key names per
  database (InnoDB); each constraint type its own namespace per database, so CHECK
  names per database too.  A PRIMARY KEY is always named PRIMARY.
- MariaDB: index names per table; foreign-key names per database (InnoDB); CHECK
  names per table, where a CHECK may take neither a unique key's nor a foreign key's
  name (a plain index's it may).  (A foreign key without an index to use makes one
  of its own name, which may then collide with an index: not modelled.)

Names compare case-insensitively except on PostgreSQL.  :func:`plan_renames` keeps
the first holder of a name (tables and sequences always keep theirs: they are not
renamed) and names each later colliding index or constraint ``table_name``, then
``table_name_1``, ``table_name_2`` … (at most 63 bytes: :func:`designer.model.object_name`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tablewright.designer.model import object_name

SCHEMA, TABLE = "schema", "table"

_PG_RELATION = (SCHEMA, "relation")
_PG_CONSTRAINT = (TABLE, "constraint")
_MSSQL_OBJECT = (SCHEMA, "object")
_MSSQL_INDEX = (TABLE, "index")

#: per engine, per kind of name: the namespaces the name is one of, as (scope, group)
SCOPES: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "postgres": {
        "table": (_PG_RELATION,),
        "sequence": (_PG_RELATION,),
        "index": (_PG_RELATION,),
        "primary": (_PG_RELATION, _PG_CONSTRAINT),
        "unique": (_PG_RELATION, _PG_CONSTRAINT),
        "exclusion": (_PG_RELATION, _PG_CONSTRAINT),
        "foreign": (_PG_CONSTRAINT,),
        "check": (_PG_CONSTRAINT,),
    },
    "sqlite": {
        "table": ((SCHEMA, "object"),),
        "index": ((SCHEMA, "object"),),
    },
    "mssql": {
        "table": (_MSSQL_OBJECT,),
        "sequence": (_MSSQL_OBJECT,),
        "primary": (_MSSQL_OBJECT, _MSSQL_INDEX),
        "unique": (_MSSQL_OBJECT, _MSSQL_INDEX),
        "foreign": (_MSSQL_OBJECT,),
        "check": (_MSSQL_OBJECT,),
        "index": (_MSSQL_INDEX,),
    },
    "mysql": {
        "index": ((TABLE, "index"),),
        "unique": ((TABLE, "index"),),
        "foreign": ((SCHEMA, "foreign"),),
        "check": ((SCHEMA, "check"),),
    },
    "mariadb": {
        "index": ((TABLE, "index"),),
        "unique": ((TABLE, "index"), (TABLE, "unique-check")),
        "foreign": ((SCHEMA, "foreign"), (TABLE, "foreign-check")),
        "check": ((TABLE, "unique-check"), (TABLE, "foreign-check")),
    },
}

CASE_SENSITIVE = frozenset({"postgres"})

#: what a namespace holds, for the warning
_HOLDS = {
    ("postgres", "relation"): "tables, sequences, indexes and keys share one namespace per schema",
    ("postgres", "constraint"): "the constraints of a table have distinct names",
    ("sqlite", "object"): "tables and indexes share one namespace per database",
    ("mssql", "object"): "tables, sequences and constraints share one namespace per schema",
    ("mssql", "index"): "the indexes and keys of a table have distinct names",
    ("mysql", "index"): "the indexes of a table have distinct names",
    ("mysql", "foreign"): "foreign key names are unique per database",
    ("mysql", "check"): "CHECK constraint names are unique per database",
    ("mariadb", "index"): "the indexes of a table have distinct names",
    ("mariadb", "foreign"): "foreign key names are unique per database",
    ("mariadb", "unique-check"): "a CHECK constraint cannot take the name of a unique key of its table",
    ("mariadb", "foreign-check"): "a CHECK constraint cannot take the name of a foreign key of its table",
}

LABELS = {"table": "table", "sequence": "sequence", "index": "index", "primary": "primary key",
          "unique": "unique key", "exclusion": "exclusion constraint", "foreign": "foreign key",
          "check": "CHECK constraint"}


@dataclass
class Named:
    """One name the export writes: ``key`` identifies the object for the caller;
    ``table`` is the (model) table it belongs to (None for a table or sequence
    itself), ``namespace`` the target schema it lands in; ``fixed`` names are
    never renamed (tables, sequences, the names an engine gives unnamed keys)."""

    key: object
    kind: str
    name: str
    namespace: str | None
    table_id: str | None = None
    table_name: str | None = None
    fixed: bool = False
    source_name: str | None = None  # the name as the schema has it, when the target cuts it (``name``)
    groups: list[tuple] = field(default_factory=list)

    def describe(self, title: str) -> str:
        """What holds the name, for a warning."""
        if self.kind in ("table", "sequence"):
            return f"the name of {LABELS[self.kind]} {self.name}"
        if self.fixed:
            return f"the name {title} gives the unnamed {LABELS[self.kind]} of table {self.table_name}"
        return f"the name of the {LABELS[self.kind]} on table {self.table_name}"


def plan_renames(items: list[Named], target: str, title: str) -> tuple[dict, list[str]]:
    """The new name of each colliding item (by its key) and one warning per rename.

    ``items`` in the order their names are to be kept: the fixed ones first, then
    the rest in schema order (the first holder of a name keeps it)."""
    scopes = SCOPES.get(target, {})
    fold = (lambda s: s) if target in CASE_SENSITIVE else str.lower
    everything: dict[tuple, set[str]] = {}
    for item in items:
        item.groups = [(scope, group, item.namespace if scope == SCHEMA else item.table_id)
                       for scope, group in scopes.get(item.kind, ())]
        for g in item.groups:
            everything.setdefault(g, set()).add(fold(item.name))
    holders: dict[tuple, dict[str, Named]] = {}
    renames: dict = {}
    warnings: list[str] = []
    for item in items:
        if not item.groups:
            continue
        clash = next(((g, holders[g][fold(item.name)]) for g in item.groups
                      if fold(item.name) in holders.get(g, {})), None)
        if clash is not None and not item.fixed:
            group, holder = clash
            taken = {n.lower() for g in item.groups for n in [*everything.get(g, ()), *holders.get(g, {})]}
            new = object_name(item.table_name or "", item.name, None, taken)
            own = item.source_name or item.name
            cut = f" (its name cut to {len(item.name.encode())} bytes)" if own != item.name else ""
            warnings.append(
                f"The {LABELS[item.kind]} {own} of table {item.table_name} is exported as {new}: "
                f"in {title}, {_HOLDS.get((target, group[1]), 'its names are unique')}, and {item.name}{cut} is "
                f"{holder.describe(title)}.")
            renames[item.key] = new
            item.name = new
            for g in item.groups:
                everything.setdefault(g, set()).add(fold(new))
        for g in item.groups:
            holders.setdefault(g, {}).setdefault(fold(item.name), item)
    return renames, warnings
