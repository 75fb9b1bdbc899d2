"""TW104 fk-type-mismatch."""

from __future__ import annotations

from tablewright.designer.model import Column, ForeignKey, Table
from tablewright.designer.edits import SetColumnAttr
from tablewright.linting.findings import Fix
from tablewright.linting.heuristics import kind, tokens, type_family
from tablewright.linting.rule import Rule, register
from tablewright.linting.rules.data_types.serial_not_identity import serial_kind


#: integer widths: a child at least as wide as the key it references holds every key value
_WIDTH = {"smallint": 16, "integer": 32, "bigint": 64}


def wider_child(c: Column, r: Column) -> bool:
    """A ``bigint`` column referencing an ``integer`` key: valid, indexable
    (PostgreSQL compares integer widths in one btree family, MySQL converts) and
    ready for the parent's own widening; a harmless difference, reported low."""
    a, b = _WIDTH.get(type_family(c.type)), _WIDTH.get(type_family(r.type))
    return a is not None and b is not None and a > b


def narrower_integer(c: Column, r: Column) -> bool:
    """A ``smallint`` or ``integer`` column referencing a wider integer key: it fails only once the
    parent numbers past the child's width, which the DDL cannot tell (Znuny's 50 smallint references
    to lookup tables of 2 to 40 rows; Travis's references to its catalogue of custom images; Danbooru's
    integer references beside integer keys: true, not a risk to fix soon, on the schemas nobody had
    read).  Medium; a mismatch of kind (uuid against varchar, an integer against text) stays high."""
    a, b = _WIDTH.get(type_family(c.type)), _WIDTH.get(type_family(r.type))
    return a is not None and b is not None and a < b


#: MySQL's and MariaDB's integer types as InnoDB compares them for a foreign key (INT and INTEGER alike)
_MYSQL_INTEGERS = {"tinyint": "tinyint", "smallint": "smallint", "mediumint": "mediumint", "int": "int",
                   "integer": "int", "bigint": "bigint"}


def _mysql_integer(c: Column) -> str | None:
    words = (c.type.text or c.type.kind).lower().replace("(", " ").split()
    return _MYSQL_INTEGERS.get(words[0]) if words else None


def refused_by_innodb(c: Column, r: Column, dialect: str | None) -> bool:
    """MySQL and MariaDB refuse a foreign key between integer columns of different size or sign
    (``errno: 150 "Foreign key constraint is incorrectly formed"``; asked of MariaDB over every pair:
    tests/linting/test_rare_rules_engines.py): a narrower or wider reference is no risk to weigh there,
    the key is not made at all."""
    if dialect not in ("mysql", "mariadb"):
        return False
    a, b = _mysql_integer(c), _mysql_integer(r)
    return a is not None and b is not None and (a != b or c.type.unsigned != r.type.unsigned)


def numbers_across(c: Column, r: Column, dialect: str | None) -> bool:
    """An integer column referencing a decimal key: PostgreSQL makes the key (the integer is cast to the
    key's type, a cast per comparison); keys past what the integer holds cannot be referenced.  The
    other way round (a decimal referencing an integer key) PostgreSQL refuses, as MySQL and MariaDB
    refuse both (asked of the engines over every pair: tests/linting/test_rare_rules_engines.py)."""
    if dialect in ("mysql", "mariadb"):
        return False
    return type_family(r.type) == "numeric" and type_family(c.type) in ("smallint", "integer", "bigint")


#: the families SQLite converts between when it checks a key (the child's value, in the parent's type
#: affinity): an INTEGER column referencing a TEXT key holds, as a NUMERIC against an INTEGER does
_SQLITE_CONVERTED = frozenset({"smallint", "integer", "bigint", "numeric", "string", "uuid"})


def converted_by_sqlite(c: Column, r: Column, dialect: str | None) -> bool:
    """SQLite makes every key and checks it by value, converting the child's value to the parent's type
    affinity: between integers, decimals and text the key holds, and so it does for any of them against
    a REAL key and for a REAL against a decimal one (asked of SQLite over every pair: tests/engine_oracle.py);
    a REAL against an integer or text key, and a BLOB against anything else, refuse the same value."""
    if dialect != "sqlite":
        return False
    child, parent = type_family(c.type), type_family(r.type)
    return child in _SQLITE_CONVERTED and parent in _SQLITE_CONVERTED | {"double"} \
        or child == "double" and parent == "numeric"


def generated(c: Column) -> bool:
    """Whether the database numbers this column: identity, AUTO_INCREMENT, serial or a sequence default."""
    return c.identity is not None or c.autoincrement or serial_kind(c) is not None


def code_table(ref: Table, r: Column) -> bool:
    """A lookup table of codes: keyed by the one column referenced, numbered by hand (no
    identity, sequence or AUTO_INCREMENT), with a label or two beside it (DAViCal's
    ``calendar_attendee_email_status``: ids 1-13 inserted by the schema).  Its handful of
    values fits any integer column, so a narrower reference cannot overflow."""
    pk = ref.primary_key.columns if ref.primary_key else []
    if pk != [r.id] or len(ref.columns) > 3 or generated(r) or ref.foreign_keys:
        return False
    return any(_LABEL_WORDS.intersection(tokens(c.name)) for c in ref.columns if c.id != r.id)


#: what the other columns of a code table say about each code
_LABEL_WORDS = frozenset({"description", "descr", "desc", "name", "label", "title", "text", "caption", "meaning"})


def mismatched_pairs(table: Table, fk: ForeignKey, ref: Table, cols=None, rcols=None,
                     dialect: str | None = None) -> list[tuple[Column, Column]]:
    out = []
    cols = cols if cols is not None else {c.id: c for c in table.columns}
    rcols = rcols if rcols is not None else {c.id: c for c in ref.columns}
    for cid, rid in zip(fk.columns, fk.ref_columns):
        c, r = cols.get(cid), rcols.get(rid)
        if c is None or r is None or not (c.type.text or "").strip() or not (r.type.text or "").strip():
            continue  # a column without a declared type (SQLite) compares by value
        if type_family(c.type) != type_family(r.type) or refused_by_innodb(c, r, dialect):
            out.append((c, r))
        elif kind(c.type) in ("varchar", "char", "nvarchar", "nchar") and c.type.length and r.type.length \
                and c.type.length < r.type.length:
            out.append((c, r))
    return out


@register
class FkTypeMismatch(Rule):
    """A foreign-key column's type differs from the referenced column's.

    ## What it does
    Compares each foreign-key column with the column it references: integer
    against bigint, uuid against varchar, a shorter varchar than the key.  A
    mismatch of kind (uuid against varchar) is high, and so is, in MySQL and
    MariaDB, any pair of integers of different size or sign: the engine
    refuses the key.  A narrower integer, an integer referencing a decimal
    (PostgreSQL), integers, decimals and text against each other in SQLite
    (which converts the value to the key's type when it checks it) or a
    shorter varchar is medium: it fails only once the
    parent's keys pass what the child holds, and whether they will is not in
    the DDL (on the schemas nobody had read, 4 of 61 such findings were worth
    high: references to lookup tables of a few rows, to catalogues that never
    grow).  The severities were checked against the engines over every pair
    of ten types: each high pair is one the engine refuses (but for InnoDB's
    DECIMAL against BINARY, which it stores alike and takes: a mismatch of
    kind all the same).

    ## Why is this bad?
    Joins need casts (and lose index use), and a narrower child column fails
    once the parent's keys outgrow it: an `integer` reference to a `bigint`
    key breaks at 2,147,483,648.

    ## Example
    ```sql
    CREATE TABLE orders (id bigint PRIMARY KEY);
    CREATE TABLE items (order_id integer REFERENCES orders (id));
    ```

    ## Use instead
    ```sql
    CREATE TABLE items (order_id bigint REFERENCES orders (id));
    ```
    """

    code = "TW104"
    name = "fk-type-mismatch"
    category = "schema-design"
    severity = "high"
    triggers = frozenset({"has:fk"})
    scope = "neighbours"

    def check_table(self, table, ctx):
        out = []
        cols = ctx.columns_by_id(table)
        dialect = ctx.schema.dialect
        for fk in table.foreign_keys:
            ref = ctx.table(fk.ref_table)
            if ref is None:
                continue
            for c, r in mismatched_pairs(table, fk, ref, cols, ctx.columns_by_id(ref), dialect):
                refused = refused_by_innodb(c, r, dialect)
                wide = not refused and wider_child(c, r)
                codes = not wide and not refused and _WIDTH.get(type_family(c.type)) is not None \
                    and _WIDTH.get(type_family(r.type)) is not None and code_table(ref, r)
                # a shorter varchar, a narrower integer, an integer against a decimal: the engine makes
                # the key, which fails only past what the child holds
                narrow = not wide and not codes and not refused and (
                    type_family(c.type) == type_family(r.type) or narrower_integer(c, r) or numbers_across(c, r, dialect))
                converted = not wide and not codes and not narrow and converted_by_sqlite(c, r, dialect)
                out.append(self.finding(
                    table,
                    f"{table.name}.{c.name} is {c.type} but references {ref.qualified_name}.{r.name} ({r.type})"
                    + (": MySQL and MariaDB refuse a foreign key between integers of different size or sign "
                       "(errno 150), so the key is not made" if refused else "")
                    + (": wider than the key, harmless; the key itself is the 32-bit limit" if wide else "")
                    + (": SQLite converts the value to the key's type when it checks the key, so the key holds; "
                       "joins compare across the two types" if converted else "")
                    + (f": {ref.qualified_name} is a code table numbered by hand, whose values fit; align the types "
                       "for consistency" if codes else "")
                    + (f": keys of {ref.qualified_name} past what {c.name} holds cannot be referenced; whether it "
                       "will hold that many rows is not in the DDL" if narrow else ""),
                    column=c, obj=fk, key=fk.name or "",
                    severity="low" if wide or codes else "medium" if narrow or converted else None,
                    fix=Fix(f"change {c.name} to {_referencing(r.type)}",
                            edit=SetColumnAttr(table.id, c.id, "type", _referencing(r.type)),
                            schema=ctx.schema),
                ))
        return out


def _referencing(dtype):
    # designer.types imports sqlglot: only when a mismatch is found (a warm run reads no SQL)
    from tablewright.designer.types import referencing  # noqa: PLC0415

    return referencing(dtype)
