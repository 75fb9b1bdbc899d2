"""Semantic differences between two schemas, from any sources.

``diff_schemas(old, new)`` is built on the migrations compare
(:mod:`tablewright.designer.migrations.compare`): the two models are matched (by id when
both are projects, else by name plus ``renames``), the values that differ only
in how they are written are made equal (see :mod:`tablewright.designer.diff_normal`), and
the compare's operations are read back as ``Change``s: what was added,
removed, changed or renamed, with before and after.  The same prepared pair
gives the migration (``DiffResult.script``), so ``diff`` and ``migrate`` never
disagree about what changed.

Change kinds (the documented list, docs/diff.md): see ``KINDS``.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any

from tablewright.designer import diff_normal as norm
from tablewright.designer.dialects import is_mysql
from tablewright.designer.migrations import ops as o
from tablewright.designer.migrations.compare import compare, match_by_name, remap_ids
from tablewright.designer.migrations.ops import ALTERABLE, MigrationScript
from tablewright.designer.model import RawObject, Schema, Table, canonical

#: object kinds a change is about, each with -added, -removed, -changed (renamed where noted)
OBJECTS = ("schema", "table", "column", "primary-key", "foreign-key", "unique", "check", "index", "enum", "sequence",
           "view", "materialized-view", "function", "trigger", "policy", "rule", "domain", "type", "extension",
           "grant", "comment", "owner", "object")
KINDS = tuple(sorted({f"{obj}-{verb}" for obj in OBJECTS for verb in ("added", "removed", "changed")}
                     | {"table-renamed", "table-moved", "column-renamed", "table-comment-changed",
                        "column-comment-changed", "enum-value-added", "enum-value-removed", "enum-value-renamed"}))

#: ``--ignore`` groups → the change kinds they leave out
IGNORE_GROUPS = {
    "grants": ("grant-",),
    "owners": ("owner-",),
    "comments": ("comment-", "table-comment-changed", "column-comment-changed"),
    "views": ("view-", "materialized-view-"),
    "functions": ("function-",),
    "triggers": ("trigger-",),
    "policies": ("policy-",),
    "indexes": ("index-",),
    "sequences": ("sequence-",),
    "extensions": ("extension-",),
}

#: raw statement kinds → the object kind of their changes
_RAW_OBJECT = {
    "view": "view", "materialized view": "materialized-view", "function": "function", "procedure": "function",
    "aggregate": "function", "trigger": "trigger", "event trigger": "trigger", "policy": "policy", "rule": "rule",
    "domain": "domain", "type": "type", "extension": "extension", "grant": "grant", "revoke": "grant",
    "comment": "comment", "index": "index",
}


@dataclass
class Change:
    kind: str  # one of KINDS
    table: str | None = None  # "schema.table" as named in NEW (OLD when removed)
    column: str | None = None
    name: str | None = None  # the constraint, index, enum, sequence or verbatim object
    before: Any = None
    after: Any = None
    table_id: str | None = None  # for the GUI: the table in OLD's ids (NEW objects matched to OLD take its ids)
    object_id: str | None = None

    def as_json(self) -> dict:
        out = {"kind": self.kind, "table": self.table, "column": self.column}
        if self.name is not None:
            out["name"] = self.name
        out["before"], out["after"] = self.before, self.after
        return out

    @property
    def subject(self) -> str:
        where = ".".join(p for p in (self.table, self.column) if p)
        if self.name and where:
            return f"{self.name} on {where}"
        return self.name or where or "(schema)"

    def __str__(self) -> str:
        text = f"{self.kind}: {self.subject}"
        if self.before is not None or self.after is not None:
            if self.kind.endswith("-changed") or self.kind.endswith("-renamed") or self.kind.endswith("-moved"):
                text += f": {_show(self.before)} -> {_show(self.after)}"
        return text


def _show(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if value is None:
        return "(none)"
    return str(value)


@dataclass
class DiffResult:
    changes: list[Change]
    script: MigrationScript  # the migration from OLD to NEW (the prepared pair)
    hints: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not compared, and why

    @property
    def equal(self) -> bool:
        return not self.changes


# -- the two sides -------------------------------------------------------------------------------

#: verbatim kinds a live import reads, per dialect (designer/live_verbatim.py; ``RAW_KINDS`` there when declared)
_LIVE_RAW_KINDS = {
    "postgres": frozenset({"view", "materialized view", "function", "procedure", "aggregate", "trigger", "rule",
                           "policy", "domain", "type", "extension", "collation", "text search configuration",
                           "text search dictionary", "comment", "grant", "revoke", "index", "constraint",
                           "alter default"}),
    "mysql": frozenset({"view", "trigger", "procedure", "function", "event"}),
    "sqlite": frozenset({"view", "trigger", "index"}),
}


def live_raw_kinds(dialect: str | None = None) -> frozenset[str]:
    from tablewright.designer import live_verbatim

    declared = getattr(live_verbatim, "RAW_KINDS", None)
    if declared is not None:
        return frozenset(declared.get(dialect, ()) if isinstance(declared, dict) else declared)
    return _LIVE_RAW_KINDS.get("mysql" if dialect == "mariadb" else dialect or "", frozenset({"view"}))


@dataclass
class Side:
    """One side of a diff: its model, what it is, where it came from."""

    schema: Schema
    label: str
    live: bool = False
    project: Any = None  # a designer.project.Project for a project file
    issues: list = field(default_factory=list)
    # a database's URL as given, password and all: never shown (the label is), not even in a repr
    url: str | None = field(default=None, repr=False)
    # a file's view text -> how this database prints it (compared again after each edit in the GUI)
    view_forms: dict = field(default_factory=dict, repr=False, compare=False)


def load_side(source: str | list[str], dialect: str | None = None, *, progress=None) -> Side:
    """A database URL, a project file, or DDL files (a list, or one string with
    the paths separated by commas), read in order as one schema."""
    from tablewright.designer.sources import is_project, is_url, load_sources

    if isinstance(source, list) or ("," in source and not is_url(source)):
        files = source if isinstance(source, list) else [p for p in source.split(",") if p]
        result = load_sources([str(f) for f in files], dialect, progress=progress)
        label = str(files[0]) if len(files) == 1 else f"{files[0]} (+{len(files) - 1} files)"
        return Side(result.schema, label, issues=list(result.issues))
    if is_url(source):
        from tablewright.designer.dburl import display_url

        result = load_sources([source], dialect, progress=progress)
        return Side(result.schema, display_url(source), live=True, issues=list(result.issues), url=source)
    if is_project(source):
        from pathlib import Path

        from tablewright.designer.errors import InputError
        from tablewright.designer.project import load_project

        if not Path(source).is_file():
            raise InputError(f"{source}: no such file")
        project = load_project(source)
        return Side(project.schema, source, project=project)
    result = load_sources([source], dialect, progress=progress)
    return Side(result.schema, source, issues=list(result.issues))


def load_sides(old: str | list[str], new: str | list[str], dialect: str | None = None) -> tuple[Side, Side]:
    """Both sides, read at once: a database is read while the files are parsed
    (its import mostly waits on the server)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(load_side, old, dialect)
        second = pool.submit(load_side, new, dialect)
        return first.result(), second.result()


def unread_by_live(file_schema: Schema) -> frozenset[str]:
    """The verbatim kinds of ``file_schema`` a live import cannot read (left
    out when the other side is a live database: they are not known there)."""
    readable = live_raw_kinds(file_schema.dialect)
    return frozenset(r.kind for r in file_schema.raw if r.kind not in readable)


def without_kinds(schema: Schema, kinds, *, drop=()) -> Schema:
    """A shallow copy of ``schema`` without the verbatim statements of ``kinds`` (and those in ``drop``)."""
    out = copy.copy(schema)
    gone = {id(r) for r in drop}
    out.raw = [r for r in schema.raw if r.kind not in kinds and id(r) not in gone]
    return out


def diff_sides(old: Side, new: Side, *, renames: list[str] | None = None, dialect: str | None = None,
               ignore: tuple[str, ...] = ()) -> DiffResult:
    """``diff_schemas`` for two loaded sources: two projects match by id; a
    live side leaves out the verbatim kinds a live import cannot read."""
    by_id = old.project is not None and new.project is not None
    if by_id and renames:
        raise ValueError("--rename is for DDL files and databases; project files match objects by id")
    unread: frozenset[str] = frozenset()
    view_forms = None
    if old.live != new.live:
        unread = unread_by_live((new if old.live else old).schema)
        forms = _view_forms(old if old.live else new)
        view_forms = EngineViews(live_is_old=old.live, forms=forms) if forms is not None else None
    return diff_schemas(old.schema, new.schema, renames=renames, by_id=by_id, dialect=dialect, ignore=ignore,
                        unread_kinds=unread, loose_views=old.live != new.live, view_forms=view_forms)


def _view_forms(live: Side):
    """How a file's views read once the live database has made them (PostgreSQL, see
    :mod:`tablewright.designer.live_views`); None where the engine keeps a view's text as
    written (SQLite) or cannot be asked without writing to it (MySQL, MariaDB)."""
    if live.url is None or live.schema.dialect != "postgres":
        return None
    from tablewright.designer.live_views import engine_view_forms

    url, known = live.url, live.view_forms

    def forms(views, search_path):
        wanted = [v for v in views if (v.sql, search_path) not in known]
        made = engine_view_forms(url, wanted, search_path) if wanted else {}
        for view in wanted:
            if view.id in made:
                known[(view.sql, search_path)] = made[view.id]
        return {v.id: known[(v.sql, search_path)] for v in views if (v.sql, search_path) in known}

    return forms


# -- preparing the pair --------------------------------------------------------------------------


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

                    if _same_view_text(form, split_live_view(live_raw.sql)):
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
                    a, b = norm.view_shape(old_raw.sql, old_raw.dialect), norm.view_shape(raw.sql, raw.dialect)
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


# -- reading the operations back ---------------------------------------------------------------------


def home_for(old: Schema, new: Schema, dialect: str | None) -> str | None:
    """The schema the unqualified names of one side are in when the other side
    has all its tables in one schema that is not the default (DDL files loaded
    with ``search_path=musicbrainz``, read back qualified); else None."""
    if not norm.DEFAULT_NAMESPACE.get(dialect or ""):
        return None
    for a, b in ((old, new), (new, old)):
        names = {t.namespace for t in b.tables}
        if a.tables and all(t.namespace is None for t in a.tables) and len(names) == 1 and None not in names:
            return next(iter(names))
    return None


def diff_schemas(old: Schema, new: Schema, *, renames: list[str] | None = None, by_id: bool = False,
                 dialect: str | None = None, ignore: tuple[str, ...] = (),
                 unread_kinds: frozenset[str] | set[str] = frozenset(), loose_views: bool = False,
                 view_forms=None) -> DiffResult:
    """The semantic changes from ``old`` to ``new`` (see ``_diff_schemas``)."""
    dialect = dialect or old.dialect or new.dialect
    with norm.default_schema(home_for(old, new, dialect)):
        return _diff_schemas(old, new, renames=renames, by_id=by_id, dialect=dialect, ignore=ignore,
                             unread_kinds=unread_kinds, loose_views=loose_views, view_forms=view_forms)


def _diff_schemas(old: Schema, new: Schema, *, renames: list[str] | None = None, by_id: bool = False,
                 dialect: str | None = None, ignore: tuple[str, ...] = (),
                 unread_kinds: frozenset[str] | set[str] = frozenset(), loose_views: bool = False,
                 view_forms=None) -> DiffResult:
    """The semantic changes from ``old`` to ``new``.  ``unread_kinds``: verbatim
    object kinds one side cannot have (a live import that does not read them),
    left out of the comparison; ``loose_views``: one side is a live database
    (views are compared by what they read when their text differs)."""
    # (before the kinds the live import does not read go: a DO block is one of them)
    do_made = _made_by_do_blocks(old, new, dialect or old.dialect or new.dialect) if loose_views else []
    notes = []
    if unread_kinds:
        left = [r for r in old.raw if r.kind in unread_kinds] + [r for r in new.raw if r.kind in unread_kinds]
        old, new = without_kinds(old, unread_kinds), without_kinds(new, unread_kinds)
        if left:
            kinds = sorted({r.kind for r in left})
            notes.append(f"{len(left)} statements not compared ({', '.join(kinds)}): "
                         "the live import does not read these kinds")
    dialect = dialect or old.dialect or new.dialect
    engine_made = [r for r in [*old.raw, *new.raw] if norm.on_default_schema(r, dialect)
                   or (loose_views and norm.engine_state(r, dialect))]
    engine_made += do_made
    if engine_made:
        old = without_kinds(old, (), drop=engine_made)
        new = without_kinds(new, (), drop=engine_made)
        notes.append(f"{len(engine_made)} statements not compared: grants, owner and comments of the default "
                     "schema (made with the database), comments of extensions (made with the extension), "
                     "the index a table is clustered on, objects a DO block makes, a MySQL database's "
                     "default character set")
    one_database = is_mysql(dialect) and all(len({t.namespace for t in s.tables}) <= 1
                                                          for s in (old, new))
    old, prepared, hints = prepare(old, new, renames=renames, by_id=by_id, dialect=dialect,
                                   loose_views=loose_views, notes=notes, view_forms=view_forms)
    script = compare(old, prepared, hints)
    changes = _Reader(old, prepared, dialect, one_database).read(script.upgrade_ops)
    changes = [c for c in changes if not ignored(c.kind, ignore)]
    return DiffResult(changes, script, list(script.hints), notes)


def ignored(kind: str, ignore: tuple[str, ...]) -> bool:
    for word in ignore:
        for prefix in IGNORE_GROUPS.get(word, (word if word.endswith("-") or word in KINDS else f"{word}-",)):
            if kind == prefix or (prefix.endswith("-") and kind.startswith(prefix)):
                return True
    return False


def check_ignore(words: list[str]) -> tuple[str, ...]:
    """``--ignore`` words, checked: groups, kinds or object kinds (``index``)."""
    known = set(IGNORE_GROUPS) | set(KINDS) | set(OBJECTS)
    bad = [w for w in words if w not in known]
    if bad:
        raise ValueError(f"unknown --ignore value {bad[0]!r}: use one of {', '.join(sorted(IGNORE_GROUPS))}, "
                         "an object kind (index, view ...) or a change kind (docs/diff.md)")
    return tuple(words)


def _column_value(column) -> dict:
    out = {"type": str(column.type), "nullable": column.nullable}
    for name in ("default", "identity", "generated", "autoincrement", "collation", "charset", "on_update", "comment"):
        value = getattr(column, name)
        if value not in (None, False):
            out[name] = _plain(value)
    return out


def _plain(value):
    if hasattr(value, "__dataclass_fields__"):
        return {k: v for k, v in asdict(value).items() if v not in (None, False, [], ()) and k != "location"}
    if hasattr(value, "text") and hasattr(value, "kind"):
        return str(value)
    return value


def _field_value(name: str, value):
    if name == "type":
        return str(value)
    return _plain(value)


def _raw_object(raw: RawObject) -> str:
    kind = raw.kind.lower()
    if "owner" in raw.sql.lower().split() and kind.startswith("alter"):
        return "owner"
    return _RAW_OBJECT.get(kind, "object")


class _Reader:
    def __init__(self, old: Schema, new: Schema, dialect: str | None, one_database: bool = False):
        self.old, self.new, self.dialect = old, new, dialect
        self.tables = {t.id: t for t in old.tables} | {t.id: t for t in new.tables}
        self.new_tables = {t.id: t for t in new.tables}
        self.one_database = one_database

    def table_name(self, table_id: str | None) -> str | None:
        """``schema.table`` (the dialect's default schema named where the source left it out)."""
        table = self.new_tables.get(table_id) or self.tables.get(table_id)
        if table is None:
            return None
        namespace = table.namespace or norm.home_schema(self.dialect)
        if self.one_database:
            namespace = None  # MySQL: the database the file USEs, or the URL names
        return f"{namespace}.{table.name}" if namespace else table.name

    def column_names(self, table_id: str, ids: list[str]) -> list[str]:
        names = {}
        for schema in (self.old, self.new):
            for t in schema.tables:
                if t.id == table_id:
                    names.update({c.id: c.name for c in t.columns})
        return [names.get(i, i) for i in ids]

    def key_value(self, table_id: str, key) -> dict:
        out: dict[str, Any] = {}
        if getattr(key, "columns", None) is not None:
            out["columns"] = self.column_names(table_id, key.columns)
        if hasattr(key, "ref_table"):
            out["references"] = self.table_name(key.ref_table) if key.ref_table else (
                key.unresolved.table if key.unresolved else None)
            out["ref_columns"] = self.column_names(key.ref_table, key.ref_columns) if key.ref_table else []
            for name in ("on_delete", "on_update", "match"):
                if getattr(key, name):
                    out[name] = getattr(key, name)
            if key.deferrable:
                out["deferrable"] = True
        if hasattr(key, "expression"):
            out["expression"] = key.expression
        if hasattr(key, "elements"):
            out["elements"] = [self.column_names(table_id, [e.column])[0] if e.column else e.expression
                               for e in key.elements]
            for name in ("unique", "method", "predicate"):
                if getattr(key, name):
                    out[name] = getattr(key, name)
        return out

    def read(self, ops: list[o.MigrateOp]) -> list[Change]:
        changes: list[Change] = []
        keyed: dict[tuple, dict] = {}  # (what, id) -> {"drop": op, "add": op}
        raws: dict[tuple, dict] = {}
        for op in ops:
            if isinstance(op, o.CreateTable):
                changes.append(Change("table-added", self.table_name(op.table.id), after={
                    "columns": [c.name for c in op.table.columns]}, table_id=op.table.id))
            elif isinstance(op, o.DropTable):
                changes.append(Change("table-removed", self.table_name(op.table.id), before={
                    "columns": [c.name for c in op.table.columns]}, table_id=op.table.id))
            elif isinstance(op, o.RenameTable):
                if "__tw_tmp" in op.new_name:
                    continue
                changes.append(Change("table-renamed", self.table_name(op.table_id), before=self._first_name(op),
                                      after=op.new_name, table_id=op.table_id))
            elif isinstance(op, o.MoveTable):
                changes.append(Change("table-moved", self.table_name(op.table_id), before=op.old_namespace,
                                      after=op.new_namespace, table_id=op.table_id))
            elif isinstance(op, o.SetTableComment):
                changes.append(Change("table-comment-changed", self.table_name(op.table_id), before=op.old,
                                      after=op.new, table_id=op.table_id))
            elif isinstance(op, o.AddColumn):
                if op.table_id in self._created():
                    continue
                changes.append(Change("column-added", self.table_name(op.table_id), op.column.name,
                                      after=_column_value(op.column), table_id=op.table_id, object_id=op.column.id))
            elif isinstance(op, o.DropColumn):
                changes.append(Change("column-removed", self.table_name(op.table_id), op.column.name,
                                      before=_column_value(op.column), table_id=op.table_id, object_id=op.column.id))
            elif isinstance(op, o.RenameColumn):
                if "__tw_tmp" in op.new_name:
                    continue
                changes.append(Change("column-renamed", self.table_name(op.table_id), op.new_name,
                                      before=self._first_column_name(op), after=op.new_name,
                                      table_id=op.table_id, object_id=op.column_id))
            elif isinstance(op, o.AlterColumn):
                changes.extend(self._altered(op))
            elif isinstance(op, (o.AddPrimaryKey, o.AddForeignKey, o.AddUnique, o.AddCheck, o.CreateIndex)):
                if op.table_id in self._created() and not isinstance(op, (o.CreateIndex, o.AddForeignKey)):
                    continue
                item = _item(op)
                keyed.setdefault((_what(op), item.id), {})["add"] = op
            elif isinstance(op, o.RenameIndex):  # reported as the index changed (its name)
                index = next(i for i in self.old.table(op.table_id).indexes if i.id == op.index_id)
                renamed = copy.deepcopy(index)
                renamed.name = op.new_name
                keyed.setdefault(("index", index.id), {}).update(
                    drop=o.DropIndex(op.table_id, index), add=o.CreateIndex(op.table_id, renamed))
            elif isinstance(op, (o.DropPrimaryKey, o.DropForeignKey, o.DropUnique, o.DropCheck, o.DropIndex)):
                item = _item(op)
                keyed.setdefault((_what(op), item.id), {})["drop"] = op
            elif isinstance(op, o.CreateEnum):
                changes.append(Change("enum-added", name=op.enum.qualified_name, after=list(op.enum.values),
                                      object_id=op.enum.id))
            elif isinstance(op, o.DropEnum):
                changes.append(Change("enum-removed", name=op.enum.qualified_name, before=list(op.enum.values),
                                      object_id=op.enum.id))
            elif isinstance(op, (o.AddEnumValue, o.DropEnumValue, o.RenameEnumValue)):
                changes.append(self._enum_value(op))
            elif isinstance(op, (o.CreateNamespace, o.DropNamespace)):
                verb = "added" if isinstance(op, o.CreateNamespace) else "removed"
                changes.append(Change(f"schema-{verb}", name=op.namespace.name, object_id=op.namespace.id))
            elif isinstance(op, (o.CreateRawObject, o.DropRawObject)):
                slot = raws.setdefault(raw_key(op.raw), {})
                slot["add" if isinstance(op, o.CreateRawObject) else "drop"] = op
            elif isinstance(op, o.ReplaceRawObject):
                slot = raws.setdefault(raw_key(op.before), {})
                slot["drop"], slot["add"] = o.DropRawObject(op.before), o.CreateRawObject(op.after)
        changes.extend(self._keys(keyed))
        changes.extend(self._raws(raws))
        changes.extend(self._sequences())
        return changes

    def _created(self) -> set[str]:
        old_ids = {t.id for t in self.old.tables}
        return {t.id for t in self.new.tables if t.id not in old_ids}

    def _first_name(self, op) -> str:
        for t in self.old.tables:
            if t.id == op.table_id:
                return t.name
        return op.old_name

    def _first_column_name(self, op) -> str:
        for t in self.old.tables:
            if t.id == op.table_id:
                for c in t.columns:
                    if c.id == op.column_id:
                        return c.name
        return op.old_name

    def _altered(self, op: o.AlterColumn) -> list[Change]:
        table = self.table_name(op.table_id)
        new_name = op.after.name
        for t in self.new.tables:
            if t.id == op.table_id:
                for c in t.columns:
                    if c.id == op.after.id:
                        new_name = c.name
        differ = [n for n in ALTERABLE if canonical(getattr(op.before, n)) != canonical(getattr(op.after, n))]
        out = []
        if "comment" in differ:
            out.append(Change("column-comment-changed", table, new_name, before=op.before.comment,
                              after=op.after.comment, table_id=op.table_id, object_id=op.after.id))
        rest = [n for n in differ if n != "comment"]
        if rest:
            out.append(Change("column-changed", table, new_name,
                              before={n: _field_value(n, getattr(op.before, n)) for n in rest},
                              after={n: _field_value(n, getattr(op.after, n)) for n in rest},
                              table_id=op.table_id, object_id=op.after.id))
        return out

    def _enum_value(self, op) -> Change:
        enum = next((e for e in [*self.new.enums, *self.old.enums] if e.id == op.enum_id), None)
        name = enum.qualified_name if enum else op.enum_id
        if isinstance(op, o.AddEnumValue):
            return Change("enum-value-added", name=name, after=op.value, object_id=op.enum_id)
        if isinstance(op, o.DropEnumValue):
            return Change("enum-value-removed", name=name, before=op.value, object_id=op.enum_id)
        return Change("enum-value-renamed", name=name, before=op.old, after=op.new, object_id=op.enum_id)

    def _keys(self, keyed: dict) -> list[Change]:
        out = []
        for (what, item_id), pair in keyed.items():
            drop, add = pair.get("drop"), pair.get("add")
            if drop and add and _state(_item(drop)) == _state(_item(add)):
                continue  # re-made because of another change (a column re-typed): not a change of its own
            op = add or drop
            item = _item(op)
            table = self.table_name(op.table_id)
            verb = "changed" if drop and add else ("added" if add else "removed")
            out.append(Change(f"{what}-{verb}", table, name=item.name,
                              before=self.key_value(op.table_id, _item(drop)) if drop else None,
                              after=self.key_value(op.table_id, _item(add)) if add else None,
                              table_id=op.table_id, object_id=item.id))
        return out

    def _raws(self, raws: dict) -> list[Change]:
        out = []
        for key, pair in raws.items():
            drop, add = pair.get("drop"), pair.get("add")
            if drop and add and norm.statement(drop.raw.sql, drop.raw.dialect) == \
                    norm.statement(add.raw.sql, add.raw.dialect):
                continue  # re-made because a table it reads changes
            raw = (add or drop).raw
            what = _raw_object(raw)
            verb = "changed" if drop and add else ("added" if add else "removed")
            out.append(Change(f"{what}-{verb}", _raw_table(raw), name=raw.name or _raw_summary(raw),
                              before=drop.raw.sql if drop else None, after=add.raw.sql if add else None,
                              object_id=raw.id))
        return out

    def _sequences(self) -> list[Change]:
        """Sequences: the migration compare does not write them (the engine makes
        a serial's own), so they are compared here, by the matched ids."""
        dialect = self.dialect
        olds = {s.id: s for s in self.old.sequences}
        news = {s.id: s for s in self.new.sequences}
        out = []

        def value(seq):
            state = _state(seq, "id", "namespace", "name", "owned_by")
            return {k: v for k, v in state.items() if v not in (None, False)}

        def same(a, b):
            a, b = norm.normalised(Schema(sequences=[a, b]), dialect=dialect).sequences
            return _state(a, "id", "name", "namespace") == _state(b, "id", "name", "namespace")

        def with_its_table(seq) -> bool:
            # a sequence owned by a column is the column's (a serial's): it comes and goes with it
            return bool(seq.owned_by)

        for seq in self.new.sequences:
            before = olds.get(seq.id)
            if before is None and with_its_table(seq):
                continue
            if before is None:
                out.append(Change("sequence-added", name=seq.qualified_name, after=value(seq), object_id=seq.id))
            elif not same(before, seq) and value(before) != value(seq):
                out.append(Change("sequence-changed", name=seq.qualified_name, before=value(before),
                                  after=value(seq), object_id=seq.id))
        for seq in self.old.sequences:
            if seq.id not in news and not with_its_table(seq):
                out.append(Change("sequence-removed", name=seq.qualified_name, before=value(seq), object_id=seq.id))
        return out


_WHAT = {o.AddPrimaryKey: "primary-key", o.DropPrimaryKey: "primary-key", o.AddForeignKey: "foreign-key",
         o.DropForeignKey: "foreign-key", o.AddUnique: "unique", o.DropUnique: "unique", o.AddCheck: "check",
         o.DropCheck: "check", o.CreateIndex: "index", o.DropIndex: "index"}


def _what(op) -> str:
    return _WHAT[type(op)]


def _item(op):
    return getattr(op, "key", None) or getattr(op, "check", None) or getattr(op, "index", None)


def raw_key(raw: RawObject) -> tuple:
    from tablewright.designer.migrations.raw import analyse

    info = analyse(raw)
    return info.key(raw) if info.name else (raw.kind, norm.statement(raw.sql, raw.dialect))


def _raw_table(raw: RawObject) -> str | None:
    from tablewright.designer.migrations.raw import analyse

    target = analyse(raw).target
    return ".".join(p for p in target if p) if target else None


def _raw_summary(raw: RawObject) -> str:
    text = " ".join(raw.sql.split())
    return text if len(text) <= 80 else text[:79] + "…"


__all__ = ["Change", "DiffResult", "Side", "diff_sides", "load_side", "load_sides", "live_raw_kinds", "IGNORE_GROUPS", "KINDS", "check_ignore", "diff_schemas", "ignored", "prepare", "raw_key"]
