"""Small SQLAlchemy extensions the model → SQLAlchemy mapping and DDL export use:
DDL elements SQLAlchemy has no construct for (``COMMENT ON`` an index, ``PARTITION
OF``, ``EXCLUDE``, verbatim statements, …), a type written exactly as given, and
the compile hooks that write what the mapping marks in ``info`` (inherited columns,
MySQL AUTO_INCREMENT keys and prefix lengths).  Importing this module registers
the hooks (``sqlalchemy.ext.compiler.compiles``)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn, CreateIndex, CreateTable, ExecutableDDLElement
from sqlalchemy.types import TypeDecorator

from tablewright.designer.dialects import MYSQL_FAMILY


_MYSQL = MYSQL_FAMILY


class VerbatimType(TypeDecorator):
    """A column type written exactly as given, behaving like ``base`` otherwise
    (so SQLAlchemy still knows an integer is an integer, a timestamp a timestamp)."""

    impl = sa.types.NullType
    cache_ok = True

    def __init__(self, text: str, base: sa.types.TypeEngine):
        super().__init__()
        self.text = text
        self.impl = base
        self.impl_instance = base


@compiles(VerbatimType)
def _compile_verbatim(type_, compiler, **kw):
    return type_.text


class VerbatimSQL(sa.sql.elements.TextClause):
    """SQL exactly as written: an expression (a DEFAULT, a CHECK, an index's WHERE,
    a generated column's) or a whole statement (``op.execute``).  Not ``sa.text()``:
    that reads every ``:word`` -- inside a string literal or a quoted name too -- as
    a bind parameter (``DEFAULT ':x'`` came out ``DEFAULT NULL``) and drops the
    backslash of every ``\\:word``; no escaping of the text gets both right."""

    __visit_name__ = "verbatim_sql"
    inherit_cache = True  # the cache key is the class and the text (TextClause's)

    def __init__(self, text: str):
        super().__init__("")
        self.text = text


@compiles(VerbatimSQL)
def _compile_verbatim_sql(element, compiler, **kw):
    # a % is doubled only by a compiler that writes for a pyformat driver (an Alembic revision run
    # against a database); sa_dialect's writes it as it is
    process = getattr(compiler, "post_process_text", None) or compiler.sql_compiler.post_process_text
    return process(element.text)


class IndexElementClause(sa.sql.expression.ColumnClause):
    """An index key part: ``expr [COLLATE c] [opclass] [DESC] [NULLS x]``
    (``expr`` already compiled and quoted)."""

    inherit_cache = False

    def __init__(self, sql_text: str):
        super().__init__(sql_text, is_literal=True)


class AlterSequenceOwnedBy(ExecutableDDLElement):
    def __init__(self, sequence: sa.Sequence, column: sa.Column):
        self.sequence = sequence
        self.column = column


@compiles(AlterSequenceOwnedBy)
def _compile_owned_by(element, compiler, **kw):
    prep = compiler.preparer
    return "ALTER SEQUENCE %s OWNED BY %s.%s" % (
        prep.format_sequence(element.sequence),
        prep.format_table(element.column.table),
        prep.format_column(element.column),
    )


class CommentOn(ExecutableDDLElement):
    """``COMMENT ON <kind> <name> IS '<text>'`` for objects SQLAlchemy has no
    construct for (indexes, types, schemas)."""

    def __init__(self, kind: str, parts: list[str], comment: str):
        self.kind, self.parts, self.comment = kind, parts, comment


@compiles(CommentOn)
def _compile_comment_on(element, compiler, **kw):
    name = ".".join(compiler.preparer.quote(p) for p in element.parts if p)
    literal = compiler.sql_compiler.render_literal_value(element.comment, sa.String())
    return f"COMMENT ON {element.kind} {name} IS {literal}"


class EnableRowLevelSecurity(ExecutableDDLElement):
    def __init__(self, table: sa.Table):
        self.table = table


@compiles(EnableRowLevelSecurity)
def _compile_rls(element, compiler, **kw):
    return "ALTER TABLE %s ENABLE ROW LEVEL SECURITY" % compiler.preparer.format_table(element.table)


class CreatePartitionOf(ExecutableDDLElement):
    """PostgreSQL ``CREATE TABLE child PARTITION OF parent FOR VALUES …``
    (columns come from the parent; the child's own constraints follow as ALTER TABLE)."""

    def __init__(self, table: sa.Table, parent: str, bound: str | None):
        self.table, self.parent, self.bound = table, parent, bound


@compiles(CreatePartitionOf)
def _compile_partition_of(element, compiler, **kw):
    bound = (element.bound or "DEFAULT").strip()
    if bound.upper() != "DEFAULT" and not bound.upper().startswith("FOR VALUES"):
        bound = f"FOR VALUES {bound}"
    sql = "CREATE TABLE %s PARTITION OF %s %s" % (compiler.preparer.format_table(element.table), element.parent, bound)
    sub = element.table.dialect_options["postgresql"].get("partition_by")
    return f"{sql} PARTITION BY {sub}" if sub else sql  # a partition that is partitioned itself


@compiles(CreateColumn)
def _compile_create_column(element, compiler, **kw):
    """A column an INHERITS child takes from its parent is not written again
    (PostgreSQL would record it as the child's own column as well).  MySQL: an
    AUTO_INCREMENT column outside the primary key (legal on the first column of
    any key) gets the flag SQLAlchemy writes only for a primary-key column."""
    column = element.element
    if column.info.get("inherited"):
        return None
    text = compiler.visit_create_column(element, **kw)
    if (column.info.get("auto_increment_key") and compiler.dialect.name in _MYSQL
            and column is not column.table._autoincrement_column):
        comment = ""
        if column.comment is not None:
            comment = " COMMENT " + compiler.sql_compiler.render_literal_value(column.comment, sa.String())
        body = text[: len(text) - len(comment)] if comment and text.endswith(comment) else text
        text = f"{body} AUTO_INCREMENT{comment if body is not text else ''}"
    return text


@compiles(sa.PrimaryKeyConstraint, "postgresql")
@compiles(sa.UniqueConstraint, "postgresql")
def _compile_key_postgres(element, compiler, **kw):
    """A primary or unique key's index storage parameters, ``PRIMARY KEY (a) WITH (fillfactor = 90)``:
    in ``info["with"]`` (SQLAlchemy takes ``postgresql_with`` on tables and indexes only).  The clause
    goes after the column list (and INCLUDE), before DEFERRABLE."""
    visit = compiler.visit_primary_key_constraint if isinstance(element, sa.PrimaryKeyConstraint) \
        else compiler.visit_unique_constraint
    text = visit(element, **kw)
    storage = element.info.get("with")
    if not storage or not text:
        return text
    clause = " WITH (%s)" % ", ".join(f"{k} = {v}" for k, v in storage.items())
    cut = min((i for i in (text.find(" DEFERRABLE"), text.find(" INITIALLY")) if i >= 0), default=len(text))
    return text[:cut] + clause + text[cut:]


@compiles(sa.PrimaryKeyConstraint, "mysql")
@compiles(sa.PrimaryKeyConstraint, "mariadb")
@compiles(sa.UniqueConstraint, "mysql")
@compiles(sa.UniqueConstraint, "mariadb")
def _compile_primary_key_mysql(element, compiler, **kw):
    """MySQL key parts over a column prefix, ``PRIMARY KEY (name(10))``, ``UNIQUE (name(10))``: the lengths
    are in ``info["lengths"]`` (column name → length); SQLAlchemy writes whole columns.
    The key's index type as written, ``USING BTREE``, is in ``info["using"]``."""
    visit = compiler.visit_primary_key_constraint if isinstance(element, sa.PrimaryKeyConstraint) \
        else compiler.visit_unique_constraint
    text = visit(element, **kw)
    using = element.info.get("using")
    if using and text:
        text += f" USING {using.upper()}"
    lengths = element.info.get("lengths")
    if not lengths or not text:
        return text
    quote = compiler.preparer.quote
    whole = "(%s)" % ", ".join(quote(c.name) for c in element.columns)
    parts = "(%s)" % ", ".join(quote(c.name) + (f"({lengths[c.name]})" if c.name in lengths else "")
                               for c in element.columns)
    return text.replace(whole, parts, 1)


# MySQL/MariaDB ``KEY k (c) COMMENT 'text'``: SQLAlchemy has no such index option; registered
# as a dialect argument so it travels with the index (Alembic's CreateIndexOp rebuilds it from
# its keyword arguments)
for _dialect in ("mysql", "mariadb"):
    sa.Index.argument_for(_dialect, "comment", None)


@compiles(CreateIndex, "mysql")
@compiles(CreateIndex, "mariadb")
def _compile_create_index_mysql(element, compiler, **kw):
    """``CREATE INDEX … COMMENT 'text'`` (``mysql_comment`` / ``mariadb_comment``)."""
    text = compiler.visit_create_index(element, **kw)
    index = element.element
    comment = index.dialect_options["mysql"]["comment"] or index.dialect_options["mariadb"]["comment"]
    if comment is None:
        return text
    return f"{text} COMMENT {compiler.sql_compiler.render_literal_value(comment, sa.String())}"


@compiles(CreateTable, "mysql")
@compiles(CreateTable, "mariadb")
def _compile_create_table_mysql(element, compiler, **kw):
    """The indexes a table's ``info["inline_indexes"]`` lists are written inside
    CREATE TABLE (``KEY name (…)``, as SHOW CREATE TABLE does): the key an
    AUTO_INCREMENT column outside the primary key needs must exist with the table."""
    text = compiler.visit_create_table(element, **kw)
    table = element.element
    inline = table.info.get("inline_indexes")
    end = "\n)%s\n\n" % compiler.post_create_table(table)
    if not inline or not text.endswith(end):
        return text
    keys = []
    for index in inline:
        sql = compiler.process(CreateIndex(index), **kw)
        on = f" ON {compiler.preparer.format_table(table)} "
        keys.append(sql.removeprefix("CREATE ").replace(on, " ", 1))
    return text[: -len(end)] + "".join(", \n\t" + key for key in keys) + end


class ClusterOn(ExecutableDDLElement):
    """PostgreSQL ``ALTER TABLE t CLUSTER ON index`` (what ``CLUSTER t USING index`` leaves in the catalog)."""

    def __init__(self, table: sa.Table, index: str):
        self.table, self.index, self.element = table, index, table


@compiles(ClusterOn)
def _compile_cluster_on(element, compiler, **kw):
    return "ALTER TABLE %s CLUSTER ON %s" % (compiler.preparer.format_table(element.table),
                                             compiler.preparer.quote(element.index))


class AddExclusion(ExecutableDDLElement):
    """PostgreSQL ``ALTER TABLE t ADD [CONSTRAINT n] EXCLUDE definition [DEFERRABLE [INITIALLY DEFERRED]]``."""

    def __init__(self, table: sa.Table, name: str | None, definition: str, deferral: dict):
        self.table, self.name, self.definition, self.deferral = table, name, definition, deferral
        self.element = table  # the table it belongs to (ExportResult.statements)


@compiles(AddExclusion)
def _compile_add_exclusion(element, compiler, **kw):
    named = f"CONSTRAINT {compiler.preparer.quote(element.name)} " if element.name else ""
    deferral = ""
    if element.deferral:
        deferral = " DEFERRABLE" + (" INITIALLY DEFERRED" if element.deferral.get("initially") else "")
    return "ALTER TABLE %s ADD %sEXCLUDE %s%s" % (
        compiler.preparer.format_table(element.table), named, element.definition, deferral)


class RawStatement(ExecutableDDLElement):
    """A statement the model keeps verbatim (view, function, trigger, …)."""

    def __init__(self, sql: str):
        self.sql = sql


@compiles(RawStatement)
def _compile_raw(element, compiler, **kw):
    return element.sql
