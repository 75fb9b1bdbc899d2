"""TW216 unconstrained-numeric-money, TW217 null-string-default,
TW218 varchar-without-length, TW219 large-binary-column."""

from __future__ import annotations

from tablewright.designer.model import Column, Table
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Option, Rule, register
from tablewright.linting.rules.data_types._common import money_like

MONEY_TRIGGERS = h.MONEY_WORDS


def unconstrained_numeric_money(column: Column) -> bool:
    return h.kind(column.type) == "numeric" and column.type.precision is None and money_like(column.name)


def null_string_default(column: Column, dialect: str | None = None) -> bool:
    """The default is the text NULL, however written (``'NULL'``, pg_dump's
    ``'NULL'::character varying``, ``('null')``), where that text is not a value
    of its own: in a JSON column ``'null'`` is JSON's null, and an enum that lists
    ``NULL`` means it."""
    d = (column.default or "").strip()
    if "null" not in d.lower() or h.kind(column.type) in ("json", "jsonb"):
        return False
    text = h.string_literal(d, dialect)
    if text is None or text.upper() != "NULL":
        return False
    return not any(v.upper() == "NULL" for v in column.type.values)


def varchar_without_length(column: Column, dialect: str | None) -> bool:
    if dialect != "mssql" or h.kind(column.type) not in ("varchar", "char"):
        return False
    return column.type.length is None and "max" not in (column.type.text or "").lower()


#: what a short binary value is by its name: a credential, or the digest, salt or identifier of one
SMALL_BINARY_WORDS = h.SECRET_WORDS | frozenset(
    "hash hashed digest salt nonce iv hmac sha sha1 sha256 sha512 md5 checksum fingerprint uuid guid".split())
#: ... unless the name says it is the document or payload itself (a SAML token's content, a secret's data)
CONTENT_WORDS = frozenset("data content contents body json blob file payload document object image message".split())


def small_by_name(column: Column) -> bool:
    """A password hash, a salt, a token or a UUID: a few dozen bytes, kept in
    ``bytea`` because PostgreSQL's binary type has no length to give
    (Mailman's ``mailinglist.moderator_password``, a passlib hash)."""
    words = set(h.tokens(column.name))
    return bool(words & SMALL_BINARY_WORDS) and not words & CONTENT_WORDS


def in_a_key(table: Table, column: Column) -> bool:
    """Whether the whole column is in the primary key or a unique constraint or
    index (no MySQL prefix): an index entry holds it, so it is small (a
    B-tree entry is at most about 2.7 kB in PostgreSQL, 3 kB in InnoDB)."""
    pk = table.primary_key
    if pk is not None and column.id in pk.columns and column.id not in pk.lengths:
        return True
    if any(column.id in u.columns for u in table.uniques):
        return True
    return any(ix.unique and e.column == column.id and e.length is None
               for ix in table.indexes for e in ix.elements)


def large_binary(column: Column, table: Table | None = None) -> bool:
    if h.kind(column.type) != "bytea" or column.type.array_dims:
        return False
    text = (column.type.text or "").lower().replace(" ", "")
    if text.startswith(("binary", "rowversion", "timestamp", "tinyblob")):
        return False  # fixed, or at most 255 bytes (MySQL's TINYBLOB)
    if table is not None and (small_by_name(column) or in_a_key(table, column)):
        return False
    return column.type.length is None or column.type.length > 8000 or "(max)" in text


@register
class UnconstrainedNumericMoney(Rule):
    """Money in a `numeric` without precision and scale.

    ## What it does
    Reports money-named columns typed `numeric`/`decimal` with no precision
    or scale.

    ## Why is this bad?
    Unbounded numerics accept any scale: 10.005 and 10.0049999 are stored as
    given and rounding happens wherever the application decides.

    ## Example
    ```sql
    CREATE TABLE invoice (total numeric);
    ```

    ## Use instead
    ```sql
    CREATE TABLE invoice (total numeric(12, 2));
    ```
    """

    code = "TW216"
    name = "unconstrained-numeric-money"
    category = "data-types"
    severity = "low"
    triggers = MONEY_TRIGGERS

    def check_column(self, table, c, ctx):
        if unconstrained_numeric_money(c):
            return self.finding(table, f"{table.name}.{c.name} is {c.type} with no precision or scale", column=c)
        return None


@register
class NullStringDefault(Rule):
    """A default that is the string `'NULL'`.

    ## What it does
    Reports columns whose default is the four-letter string `'NULL'`, however
    it is written (pg_dump's `'NULL'::character varying`, `('null')`).
    Left alone: JSON columns, where `'null'` is JSON's own null, and enums
    that list `NULL` among their values.  Medium where the column is
    nullable (NULL was meant); low on a NOT NULL column, where the text is a
    sentinel the designer chose (the column refuses `DEFAULT NULL`; `''` or
    no default is the change).  Not high: the text reaches a row only when a
    writer leaves the column out, which the DDL does not show; on every real
    schema labelled (Pandora FMS, RNAcentral, DataSynthesis: 43 findings at
    high) each writer named the column, so none was more than debatable.

    ## Why is this bad?
    The column is never NULL: it holds the text NULL, which `IS NULL` does
    not find and which shows up in reports and exports.

    ## Example
    ```sql
    CREATE TABLE person (middle_name varchar(50) DEFAULT 'NULL');
    ```

    ## Use instead
    ```sql
    CREATE TABLE person (middle_name varchar(50) DEFAULT NULL);
    ```
    """

    code = "TW217"
    name = "null-string-default"
    category = "data-types"
    severity = "medium"
    triggers = frozenset({"has:default"})

    def check_column(self, table, c, ctx):
        if not null_string_default(c, ctx.dialect):
            return None
        if not c.nullable:
            # the column cannot hold NULL, so the designer did not mean NULL: a sentinel
            # text (DEFAULT NULL would be refused by the column; '' or no default is the change)
            return self.finding(table, f"{table.name}.{c.name} is NOT NULL and defaults to the text 'NULL', a "
                                       f"sentinel that reads as a missing value in reports and exports; use '' or "
                                       f"require the value", column=c, severity="low")
        return self.finding(table, f"{table.name}.{c.name} defaults to the string 'NULL', not NULL", column=c)


@register
class VarcharWithoutLength(Rule):
    """A varchar whose missing length the engine fills in for you.

    ## What it does
    Reports SQL Server `varchar`/`nvarchar`/`char` columns declared without a
    length (which means **one** character).  With `unbounded-text = true`,
    also reports text columns and length-less varchars with no length CHECK
    in every engine (off by default: `text` is idiomatic in PostgreSQL).

    ## Why is this bad?
    In SQL Server `varchar` alone is `varchar(1)` in a column definition:
    every longer value is rejected or truncated.

    ## Example
    ```sql
    -- dialect: mssql
    CREATE TABLE customer (name nvarchar);
    ```

    ## Use instead
    ```sql
    CREATE TABLE customer (name nvarchar(200));
    ```
    """

    code = "TW218"
    name = "varchar-without-length"
    category = "data-types"
    severity = "low"
    options = {"unbounded_text": Option(False, "also report unbounded text columns with no length CHECK")}

    def check_table(self, table, ctx):
        if ctx.dialect != "mssql" and not self.opts.unbounded_text:
            return None
        out = []
        for c in table.columns:
            if varchar_without_length(c, ctx.dialect):
                out.append(self.finding(table, f"{table.name}.{c.name} is {c.type} without a length (one character)",
                                        column=c))
            elif self.opts.unbounded_text and h.kind(c.type) in ("text", "varchar") and c.type.length is None \
                    and not h.column_has_check(table, c):
                out.append(self.finding(table, f"{table.name}.{c.name} is unbounded text with no length CHECK",
                                        column=c))
        return out


@register
class LargeBinaryColumn(Rule):
    """Large binary objects kept in table rows.

    ## What it does
    Reports `bytea`, `blob`/`longblob`, `image` and `varbinary(max)` columns
    (short fixed binaries such as hashes are fine, and so is `tinyblob`).
    A column named as a short value -- a password, a hash, a salt, a token,
    a UUID -- or held whole in a primary key or unique is not large binary
    data, whatever its type.  This also covers the scalability idea "large
    binary column in a hot table".

    ## Why is this bad?
    Files in rows bloat backups, replication and the buffer cache; every
    `SELECT *` drags megabytes along, and the database is the most expensive
    place to store them.

    ## Example
    ```sql
    CREATE TABLE document (id int PRIMARY KEY, content bytea);
    ```

    ## Use instead
    ```sql
    CREATE TABLE document (id int PRIMARY KEY, storage_key text NOT NULL, size_bytes bigint);
    ```
    """

    code = "TW219"
    name = "large-binary-column"
    category = "data-types"
    severity = "medium"
    triggers = frozenset({"kind:bytea"})
    also_covers = ("scalability: large binary column in a hot table",)

    def check_column(self, table, c, ctx):
        if large_binary(c, table):
            return self.finding(table, f"{table.name}.{c.name} stores large binary data ({c.type}) in the row",
                                column=c)
        return None
