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

The modules: ``diff_load`` (the two sides read: ``load_side``, ``Side``),
``diff_prepare`` (the pair made ready to compare: ``prepare``), ``diff_read``
(the compare's operations read back as changes), ``diff_changes`` (the change
kinds, ``Change``, ``DiffResult``, ``--ignore``); this one compares.
"""

from __future__ import annotations

from tablewright.designer import diff_normal as norm
from tablewright.designer.diff_changes import IGNORE_GROUPS, KINDS, OBJECTS, Change, DiffResult, check_ignore, ignored
from tablewright.designer.diff_load import (
    Side, live_raw_kinds, load_side, load_sides, side_dialects, unread_by_live, without_kinds,
)
from tablewright.designer.diff_prepare import EngineViews, _made_by_do_blocks, prepare
from tablewright.designer.diff_read import _Reader, raw_key
from tablewright.designer.dialects import is_mysql
from tablewright.designer.migrations.compare import compare
from tablewright.designer.model import Schema


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


__all__ = ["Change", "DiffResult", "Side", "diff_sides", "load_side", "load_sides", "live_raw_kinds", "side_dialects", "IGNORE_GROUPS", "KINDS", "check_ignore", "diff_schemas", "ignored", "prepare", "raw_key"]
