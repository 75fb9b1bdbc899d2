"""The pair of schemas made ready to compare (``prepare``): matched by id or by name,
values that differ only in how they are written made equal, what an engine makes by
itself left out; views compared as the engine prints them (``EngineViews``)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from tablewright.designer import diff_normal as norm
from tablewright.designer.dialects import is_mysql
from tablewright.designer.migrations.compare import match_by_name, remap_ids
from tablewright.designer.mysql_session import definition
from tablewright.designer.migrations.ops import ALTERABLE
from tablewright.designer.model import RawObject, Schema, Table, canonical

def prepare(old: Schema, new: Schema, *, renames: list[str] | None = None, by_id: bool = False,
            dialect: str | None = None, loose_views: bool = False, notes: list[str] | None = None,
            view_forms=None) -> tuple[Schema, Schema, list]:
    """``old`` and ``new`` ready to compare: ``new`` matched to ``old`` (its
    objects take the ids of the ``old`` ones they are) and with every value
    that only differs in how it is written replaced by ``old``'s spelling;
    what an engine makes by itself and only one side has (MySQL's index for a
    foreign key) left out of both; and the rename hints."""
    dialect = dialect or old.dialect or new.dialect
    if is_mysql(dialect):  # a UNIQUE KEY is a unique index: one thing, however it was read
        old, new = _unique_keys(old), _unique_keys(new)
    nold = norm.normalised(old, dialect=dialect)
    nnew = norm.normalised(new, dialect=dialect)
    hints: list = []
    new = norm.copy_for_edit(new)
    if not by_id:
        before = list(nnew.all_ids())
        matched, hints = match_by_name(nold, nnew, renames, copy_new=False)
        ids = dict(zip(before, matched.all_ids()))
        remap_ids(new, ids)
        nnew = matched
    old = _implied_left_out(old, nold)
    _implied_left_out(new, nnew, in_place=True)
    reconciler = _Reconciler(old, nold, new, nnew, loose_views, view_forms)
    reconciler.run()
    if reconciler.by_engine and notes is not None:
        notes.append(f"{reconciler.by_engine} views made again from the file by the database and compared "
                     "as the database prints them (pg_get_viewdef)")
    if reconciler.unmade and notes is not None:
        notes.append(f"{reconciler.unmade} views the database could not make from the file: compared by "
                     "name and the tables they read")
    if reconciler.loose and notes is not None:
        notes.append(f"{reconciler.loose} views compared by name and the tables they read: the engine "
                     "stores a view's query rewritten, so its text is not compared with a file's")
    return old, new, hints


def _made_by_do_blocks(old: Schema, new: Schema, dialect: str | None) -> list[RawObject]:
    """Statements only one side has that a DO block of the other side makes
    (its code names them: MusicBrainz creates two functions in a DO block
    that falls back on a lack of privilege), which no file reader can run."""
    out = []
    for side, other in ((old, new), (new, old)):
        blocks = " ".join(norm.statement(r.sql, r.dialect or dialect) for r in other.raw if r.kind == "do")
        if not blocks:
            continue
        names = {norm.routine_name(r.name, dialect) for r in other.raw if r.name}
        for raw in side.raw:
            name = norm.routine_name(raw.name, dialect) if raw.name else ""
            if name and name not in names and name.split(".")[-1] in blocks:
                out.append(raw)
    return out


def _unique_keys(schema: Schema) -> Schema:
    """``schema`` (a copy when anything changes) with MySQL's unique indexes on
    plain columns as the UNIQUE constraints they are."""
    from tablewright.designer.model import UniqueConstraint

    def plain(index) -> bool:
        return index.unique and not index.predicate and not index.include and all(
            e.column and not e.expression and not e.length and not e.descending for e in index.elements) \
            and (index.method or "btree").lower() == "btree"

    if not any(plain(i) for t in schema.tables for i in t.indexes):
        return schema
    schema = norm.copy_for_edit(schema)
    for table in schema.tables:
        keys = [i for i in table.indexes if plain(i)]
        if keys:
            table.indexes = [i for i in table.indexes if not plain(i)]
            table.uniques = table.uniques + [UniqueConstraint(i.id, [e.column for e in i.elements], i.name,
                                                              location=i.location) for i in keys]
    return schema


def _implied_left_out(schema: Schema, normal: Schema, *, in_place: bool = False) -> Schema:
    """``schema`` without the indexes and namespaces its normalised form left
    out (a copy unless ``in_place``)."""
    tables = {t.id: t for t in normal.tables}
    if not in_place:
        schema = copy.copy(schema)
        schema.tables = list(schema.tables)
    for i, table in enumerate(schema.tables):
        kept = {x.id for x in tables[table.id].indexes}
        if any(x.id not in kept for x in table.indexes):
            if not in_place:
                table = schema.tables[i] = copy.copy(table)
            table.indexes = [x for x in table.indexes if x.id in kept]
    names = {n.name for n in normal.namespaces}
    if any(n.name not in names for n in schema.namespaces):
        schema.namespaces = [n for n in schema.namespaces if n.name in names]
    return schema


def _state(obj, *ignore: str):
    return canonical(obj, ignore=("location", *ignore))


class _Reconciler:
    """Where the normalised forms of two matched objects are equal, ``new``
    takes ``old``'s value."""

    def __init__(self, old: Schema, nold: Schema, new: Schema, nnew: Schema, loose_views: bool = False,
                 view_forms=None):
        self.old, self.nold, self.new, self.nnew = old, nold, new, nnew
        self.loose_views, self.loose, self.view_forms = loose_views, 0, view_forms
        self.by_engine = 0  # views the engine made again from the file and found the same
        self.unmade = 0  # views the engine could not make from the file (compared by what they read)

    def run(self) -> None:
        old_tables = {t.id: t for t in self.old.tables}
        nold_tables = {t.id: t for t in self.nold.tables}
        nnew_tables = {t.id: t for t in self.nnew.tables}
        for i, table in enumerate(self.new.tables):
            if table.id in old_tables:
                self.new.tables[i] = self._table(old_tables[table.id], nold_tables[table.id], table,
                                                 nnew_tables[table.id])
        for attr in ("enums", "sequences", "namespaces"):
            olds = {x.id: x for x in getattr(self.old, attr)}
            nolds = {x.id: x for x in getattr(self.nold, attr)}
            nnews = {x.id: x for x in getattr(self.nnew, attr)}
            items = getattr(self.new, attr)
            for i, item in enumerate(items):
                if item.id in olds and _state(nolds[item.id]) == _state(nnews[item.id]):
                    items[i] = copy.deepcopy(olds[item.id])
        self._raw()

    def _table(self, old: Table, nold: Table, new: Table, nnew: Table) -> Table:
        """``new`` with ``old``'s values where they are the same; ``old`` itself
        when nothing differs (the compare skips a table that is one object)."""
        if nold.namespace == nnew.namespace:
            new.namespace = old.namespace
        if nold.comment == nnew.comment:
            new.comment = old.comment
        old_cols = {c.id: c for c in old.columns}
        nold_cols = {c.id: c for c in nold.columns}
        nnew_cols = {c.id: c for c in nnew.columns}
        for i, column in enumerate(new.columns):
            if column.id not in old_cols:
                continue
            a, b = nold_cols[column.id], nnew_cols[column.id]
            same = True
            for name in ALTERABLE:
                va, vb = getattr(a, name), getattr(b, name)
                if va == vb or canonical(va) == canonical(vb) or (name in ("collation", "charset")
                                                                   and (va is None or vb is None)):
                    # (a collation or character set one side leaves to the table's or database's default)
                    setattr(column, name, getattr(old_cols[column.id], name))
                else:
                    same = False
            if same and column.name == old_cols[column.id].name:
                new.columns[i] = old_cols[column.id]  # one object: nothing to compare
        if old.primary_key and new.primary_key and old.primary_key.id == new.primary_key.id:
            if _same_key(nold.primary_key, nnew.primary_key):
                new.primary_key = old.primary_key
        for attr in ("foreign_keys", "uniques", "checks", "indexes"):
            olds = {x.id: x for x in getattr(old, attr)}
            nolds = {x.id: x for x in getattr(nold, attr)}
            nnews = {x.id: x for x in getattr(nnew, attr)}
            items = getattr(new, attr)
            for i, item in enumerate(items):
                if item.id in olds and _same_key(nolds[item.id], nnews[item.id]):
                    items[i] = olds[item.id]
        same_lists = all(len(getattr(old, a)) == len(getattr(new, a)) and
                         all(x is y for x, y in zip(getattr(old, a), getattr(new, a)))
                         for a in ("columns", "foreign_keys", "uniques", "checks", "indexes"))
        if same_lists and new.primary_key is old.primary_key and (new.name, new.namespace, new.comment) == \
                (old.name, old.namespace, old.comment) and canonical(old.options) == canonical(new.options):
            return old
        return new

    def _grants(self, dialect: str | None) -> None:
        """Objects whose privileges come out alike take ``old``'s grant statements."""
        before, after = norm.acls(self.old.raw, dialect), norm.acls(self.new.raw, dialect)
        replace, take = set(), []
        for key, (state, statements) in after.items():
            other = before.get(key)
            if other is not None and norm.same_acl(key[0], other[0], state):
                replace.update(id(r) for r in statements)
                take.extend(copy.deepcopy(r) for r in other[1])
        if replace:
            self.new.raw = [r for r in self.new.raw if id(r) not in replace] + take

    def _raw(self) -> None:
        dialect = self.old.dialect or self.new.dialect
        self._grants(dialect)
        by_text: dict[tuple, list[RawObject]] = {}
        for raw in self.old.raw:
            by_text.setdefault(norm.raw_signature(raw, dialect), []).append(raw)
        for i, raw in enumerate(self.new.raw):
            same = by_text.get(norm.raw_signature(raw, dialect))
            if same:
                match = same.pop(0)
                self.new.raw[i] = copy.deepcopy(match)
        self._routine_names(dialect, {id(r) for rs in by_text.values() for r in rs})
        if self.loose_views:
            self._views_by_reads()

    def _routine_names(self, dialect: str | None, unmatched_old: set[int]) -> None:
        """A routine whose body differs keeps the name ``old`` gives it when it is
        the only one of that name on each side (a file names it ``last_updated``,
        the engine ``public.last_updated()``): one routine changed, not one
        dropped and another made."""
        def bare(raws) -> dict[tuple, list[RawObject]]:
            out: dict[tuple, list[RawObject]] = {}
            for raw in raws:
                if raw.name and raw.kind in ("function", "procedure", "aggregate"):
                    out.setdefault((raw.kind, norm.routine_name(raw.name, dialect)), []).append(raw)
            return out

        olds = bare(r for r in self.old.raw if id(r) in unmatched_old)
        old_names = bare(self.old.raw)
        new_names = bare(self.new.raw)
        for key, news in bare(r for r in self.new.raw if r.id not in {x.id for x in self.old.raw}).items():
            mine = olds.get(key)
            if mine and len(mine) == 1 and len(news) == 1 and len(old_names[key]) == 1 and len(new_names[key]) == 1:
                news[0].name = mine[0].name

    def _views_by_reads(self) -> None:
        """One side is a live database, which keeps a view's query rewritten
        (PostgreSQL, MySQL) or as written (SQLite).  Views of the same name
        whose text differs: PostgreSQL makes the file's view again and prints
        it as it printed the live one (``view_forms``), the same view when the
        two read alike; SQLite's text is the file's own, so any other word is a
        change; elsewhere (or when the engine cannot make the file's view) the
        same view when it reads the same tables."""
        from tablewright.designer.migrations.raw import analyse
        from tablewright.designer.view_sql import VIEW_KINDS

        dialect = self.old.dialect or self.new.dialect
        one_db = is_mysql(dialect)
        olds = {}
        for raw in self.old.raw:
            if raw.kind in VIEW_KINDS:
                info = analyse(raw)
                olds[info.key(raw)] = (raw, info)
        pairs = []
        for i, raw in enumerate(self.new.raw):
            if raw.kind not in VIEW_KINDS:
                continue
            info = analyse(raw)
            match = olds.get(info.key(raw))
            if match is not None and match[0].sql != raw.sql:
                pairs.append((i, raw, info, match))
        if not pairs:
            return
        forms: dict = {}
        if self.view_forms is not None:
            files = [match[0] if self.view_forms.live_is_old is False else raw for _, raw, _, match in pairs]
            forms = self.view_forms.forms([r for r in files if r.kind == "view"], norm.home_schema(dialect))
        for i, raw, info, match in pairs:
            old_raw = match[0]
            if self.view_forms is not None:
                file_raw, live_raw = (old_raw, raw) if self.view_forms.live_is_old is False else (raw, old_raw)
                form = forms.get(file_raw.id)
                if form is not None:
                    from tablewright.designer.live_views import split_live_view

                    if _same_view_text(form, split_live_view(definition(live_raw.sql, live_raw.dialect))):
                        self.new.raw[i] = copy.deepcopy(old_raw)
                        self.by_engine += 1
                    continue  # (else: changed)
                if file_raw.kind == "view":
                    self.unmade += 1
            if dialect == "sqlite":
                if _sqlite_view_text(old_raw.sql) == _sqlite_view_text(raw.sql):
                    self.new.raw[i] = copy.deepcopy(old_raw)
                continue
            if _reads(match[1], one_db) == _reads(info, one_db):
                if one_db:  # and what SHOW CREATE VIEW keeps of a query: its columns, strings, output names
                    a = norm.view_shape(definition(old_raw.sql, old_raw.dialect), old_raw.dialect)
                    b = norm.view_shape(definition(raw.sql, raw.dialect), raw.dialect)
                    if a is not None and b is not None and not norm.same_view_shape(a, b):
                        continue
                # (columns: an ORDER BY may name an output alias the engine expands)
                self.new.raw[i] = copy.deepcopy(old_raw)
                self.loose += 1


@dataclass
class EngineViews:
    """A live side that can make a file's views again (see ``_views_by_reads``)."""

    live_is_old: bool
    forms: Any  # (views, search_path) -> {raw id: (options, definition)}


def _same_view_text(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two (options, definition) pairs the engine printed: the same but for whitespace."""
    return a[0].replace(" ", "") == b[0].replace(" ", "") and " ".join(a[1].split()) == " ".join(b[1].split())


def _sqlite_view_text(sql: str) -> str:
    """A view as SQLite keeps it: the file's text, its IF NOT EXISTS left out."""
    words = norm.statement(sql, "sqlite").split()
    if words[:5] == ["create", "view", "if", "not", "exists"]:
        words[2:5] = []
    return " ".join(words)


def _reads(info, one_database: bool) -> frozenset:
    """What a view reads; in MySQL by table name (``sakila.film`` in a file that
    USEs sakila is the ``film`` of the database compared)."""
    return frozenset(name for _, name in info.reads) if one_database else info.reads


def _same_key(a, b) -> bool:
    """Two constraints or indexes, names aside when one side leaves the name to
    the engine (and an index element's collation when one side does not say)."""
    ignore = ("name",) if not a.name or not b.name else ()
    sa, sb = _state(a, *ignore), _state(b, *ignore)
    if "elements" in sa and len(sa["elements"]) == len(sb["elements"]):
        for x, y in zip(sa["elements"], sb["elements"]):
            if x["collation"] is None or y["collation"] is None:
                x["collation"] = y["collation"] = None
    return sa == sb
