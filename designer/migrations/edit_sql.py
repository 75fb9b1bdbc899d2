"""The SQL of one edit: what a lint fix's ``sql`` is.

``render_edit(edit, schema, dialect)`` is the change a
:class:`~tablewright.designer.edits.TableChange` makes, as SQL, by the migrations
machinery rather than templates of its own: the edit is made to a copy of its
table, the two models are compared (:func:`tablewright.designer.migrations.compare`)
and the operations rendered for the dialect
(:func:`tablewright.designer.migrations.render_sql.render_statements`): the statements
``tablewright migrate`` writes for the change, in their safe forms.
"""

from __future__ import annotations

from tablewright.designer.edits import TableChange
from tablewright.designer.model import Schema, Table


def render_edit(e: TableChange, schema: Schema, dialect: str | None, *, memo: dict | None = None) -> str | None:
    """The SQL that makes the change ``e`` to a database holding ``schema``,
    for ``dialect`` (None, a schema of no particular dialect: PostgreSQL): one
    statement a line, each ending in ``;``; None when the change needs none.

    Only a few tables take part: the edited one, the tables whose foreign keys
    point at it when its keys or column types change (such a foreign key is
    dropped and re-made), and, cut down to the referenced columns, the tables
    their keys point at.

    ``memo``: a dict kept from one call to the next for a schema that does not
    change meanwhile (the lint CLI's; see :func:`tablewright.linting.findings.keep_rendered`),
    where what is found in the schema once is remembered.
    """
    return _render(e, schema, dialect, memo)


def _render(e: TableChange, schema: Schema, dialect: str | None, memo: dict | None = None) -> str | None:
    from tablewright.designer.migrations import compare
    from tablewright.designer.migrations.ops import op_table
    from tablewright.designer.migrations.render_sql import render_statements

    old, new = _before_after(e, schema, dialect, memo)
    ops = compare(old, new).upgrade_ops
    if not ops:
        return None
    # the plan needs the tables the operations touch and those they refer to
    touched = {op_table(op) for op in ops}
    needed = set(touched)
    for model in (old, new):
        for t in model.tables:
            if t.id in touched:
                needed.update(fk.ref_table for fk in t.foreign_keys)
    # the raw objects go along: a SQLite rebuild re-creates the table's triggers from them
    start = Schema(old.dialect, old.namespaces, [t for t in old.tables if t.id in needed], old.enums,
                   raw=old.raw)
    return "\n".join(render_statements(ops, start, dialect or "postgres")) or None


def _before_after(e: TableChange, schema: Schema, dialect: str | None,
                  memo: dict | None = None) -> tuple[Schema, Schema]:
    """Two small models, before and after ``e``: the edited table (a new one,
    changed, sharing what did not change, in the second), the tables that refer to it, and stand-ins for the
    tables these refer to (the referenced columns only); all but the edited
    table are the same objects in both, so comparing them costs nothing."""
    tables = list(schema.tables)  # one read: a live model may be patched meanwhile
    tid = e.table_id
    table = next((t for t in tables if t.id == tid), None)
    if table is None:
        raise KeyError(tid)
    edited = e.changed(table)
    referring = []
    # keys that point at the table are re-made when a column's type or a key
    # changes (see compare); otherwise they take no part
    if edited.primary_key != table.primary_key or edited.uniques != table.uniques or \
            [c.type for c in edited.columns] != [c.type for c in table.columns]:
        for t in tables:
            if t is not table and any(fk.ref_table == tid for fk in t.foreign_keys):
                referring.append(t)
    inside = {tid, *(t.id for t in referring)}
    wanted: dict[str, set[str]] = {}
    for t in (table, edited, *referring):
        for fk in t.foreign_keys:
            if fk.ref_table is not None and fk.ref_table not in inside:
                wanted.setdefault(fk.ref_table, set()).update(fk.ref_columns)
    stand_ins = [Table(t.id, t.name, t.namespace, [c for c in t.columns if c.id in wanted[t.id]])
                 for t in tables if t.id in wanted]
    others = [*referring, *stand_ins]
    used = {c.type.enum for t in (table, edited, *others) for c in t.columns if c.type.enum}
    enums = [x for x in schema.enums if x.qualified_name in used or x.name in used]
    namespaces = list(schema.namespaces)
    # the verbatim objects that can take part go along (the same in both): the
    # views (one that reads a re-typed column is re-made around the change, and
    # views over it), and what belongs to these tables (a SQLite rebuild re-makes
    # their triggers) — not the functions, grants, … of the rest of the schema
    from tablewright.designer.migrations.raw import VIEW_KINDS, analyse

    names = {t.name.lower() for t in (table, edited, *others)}
    if memo is not None:  # a schema that does not change: its raw objects sorted once
        if "raw" not in memo:
            memo["raw"] = _raw_by_table(schema.raw)
        views, by_table = memo["raw"]
        raw = [schema.raw[i] for i in sorted([*views, *(i for n in names for i in by_table.get(n, ()))])]
    else:
        raw = [r for r in schema.raw if r.kind in VIEW_KINDS or (analyse(r).target or (None, None))[1] in names]
    return (Schema(dialect, namespaces, [table, *others], enums, raw=raw),
            Schema(dialect, namespaces, [edited, *others], enums, raw=raw))


def _raw_by_table(raw: list) -> dict:
    """Positions in ``raw`` of the views, and of the other objects by the table
    they belong to: what :func:`_before_after` takes along, found once."""
    from tablewright.designer.migrations.raw import VIEW_KINDS, analyse

    views, tables = [], {}
    for i, r in enumerate(raw):
        if r.kind in VIEW_KINDS:
            views.append(i)
        else:
            target = (analyse(r).target or (None, None))[1]
            if target is not None:
                tables.setdefault(target, []).append(i)
    return views, tables
