"""Merging chosen changes of a comparison into the model ("Update model from …").

``merge_edit(model, other, changes)`` is one ``edits.Compound`` that makes the
model like the other source for the ``changes`` (read by ``diff`` with the
model as OLD and the other source as NEW, so the other source's objects carry
the model's ids where they are the same object): tables, columns, keys,
indexes, constraints, comments, enums and their values, sequences, schemas
and verbatim objects (views, functions, triggers, policies, grants, …).
What the model keeps: the ids of its objects (a changed object takes the
other side's state under its own id), so positions and areas stay, and the
order of its verbatim statements (one the other side adds goes after the
statement it follows there).
"""

from __future__ import annotations

import copy
from dataclasses import replace

from tablewright.designer import edits
from tablewright.designer.diff import Change, raw_key
from tablewright.designer.model import Schema, Table

#: change kinds about the schema's own lists (not a table's), by the object word of the kind
_LISTS = {"enum": "enums", "enum-value": "enums", "sequence": "sequences", "schema": "namespaces"}
_TABLE_ITEMS = {"foreign-key": "foreign_keys", "unique": "uniques", "check": "checks", "index": "indexes"}


def _what(change: Change) -> tuple[str, str]:
    what, verb = change.kind.rsplit("-", 1)
    return what, verb


def is_table_change(change: Change) -> bool:
    """A change to a table or something in it (a verbatim CREATE INDEX has no table id)."""
    return change.table_id is not None


def merge_edit(model: Schema, other: Schema, changes: list[Change], label: str = "the other source"
               ) -> tuple[edits.Edit | None, int, list[str]]:
    """(the edit, how many changes it merges, the tables it adds from ``other``)."""
    steps: list[edits.Edit] = []
    merged = 0
    model_tables = {t.id: t for t in model.tables}
    other_tables = {t.id: t for t in other.tables}
    added_tables: list[str] = []
    per_table: dict[str, list[Change]] = {}
    lists: dict[str, list[Change]] = {}
    raws: list[Change] = []
    for c in changes:
        what, verb = _what(c)
        if is_table_change(c):
            if c.kind == "table-added":
                if c.table_id in other_tables and c.table_id not in model_tables:
                    steps.append(edits.AddTable(copy.deepcopy(other_tables[c.table_id]),
                                                description=f"Add table {c.table}"))
                    added_tables.append(c.table_id)
                    merged += 1
            elif c.kind == "table-removed":
                if c.table_id in model_tables:
                    steps.append(edits.delete_table(model, c.table_id))
                    merged += 1
            elif c.table_id in model_tables and c.table_id in other_tables:
                per_table.setdefault(c.table_id, []).append(c)
                merged += 1
        elif what in _LISTS:
            lists.setdefault(_LISTS[what], []).append(c)
        else:
            raws.append(c)
    for table_id, table_changes in per_table.items():
        before = model_tables[table_id]
        after = merged_table(before, other_tables[table_id], table_changes)
        steps.append(edits.ReplaceTable(copy.deepcopy(before), after, f"Update {before.name} from {label}"))
    head: list[edits.Edit] = []  # schemas, enums and sequences before the tables that use them
    for attr, items in lists.items():
        edit_list, n = _list_edits(model, other, attr, items)
        head += edit_list
        merged += n
    raw_steps, n = _raw_edits(model, other, raws)
    merged += n
    steps = head + steps + raw_steps
    if not steps:
        return None, 0, []
    return edits.Compound(steps, f"Update model from {label} ({merged} changes)"), merged, added_tables


def _list_edits(model: Schema, other: Schema, attr: str, changes: list[Change]) -> tuple[list[edits.Edit], int]:
    mine = {x.id: x for x in getattr(model, attr)}
    theirs = {x.id: x for x in getattr(other, attr)}
    out: list[edits.Edit] = []
    merged = 0
    working: dict[str, object] = {}  # enum id -> the enum with the value changes so far
    for c in changes:
        what, verb = _what(c)
        a, b = mine.get(c.object_id), theirs.get(c.object_id)
        if what == "enum-value":
            if a is None or b is None:
                continue
            enum = working.setdefault(a.id, copy.deepcopy(a))
            if verb == "added" and c.after not in enum.values:
                # after the value it follows on the other side (first when it leads there)
                at = b.values.index(c.after)
                before = next((enum.values.index(v) + 1 for v in reversed(b.values[:at]) if v in enum.values), 0)
                enum.values.insert(before, c.after)
            elif verb == "removed" and c.before in enum.values:
                enum.values.remove(c.before)
            elif verb == "renamed" and c.before in enum.values:
                enum.values[enum.values.index(c.before)] = c.after
            merged += 1
        elif verb == "added" and b is not None and a is None:
            out.append(edits.SetItem(attr, None, copy.deepcopy(b), f"Add {what} {c.name}"))
            merged += 1
        elif verb == "removed" and a is not None:
            out.append(edits.SetItem(attr, copy.deepcopy(a), None, f"Remove {what} {c.name}"))
            merged += 1
        elif a is not None and b is not None:
            working[a.id] = replace(copy.deepcopy(b), id=a.id)
            merged += 1
    for item_id, item in working.items():
        out.append(edits.SetItem(attr, copy.deepcopy(mine[item_id]), item, f"Update {item.name}"))
    return out, merged


def _raw_edits(model: Schema, other: Schema, changes: list[Change]) -> tuple[list[edits.Edit], int]:
    """Verbatim statements: added ones in the order the other side runs them,
    after the statement they follow there; changed ones in place, under the
    model's id."""
    mine = {r.id: r for r in model.raw}
    theirs = {r.id: r for r in other.raw}
    by_key: dict[tuple, list] = {}
    for raw in model.raw:
        by_key.setdefault(raw_key(raw), []).append(raw)
    counterpart: dict[str, str] = {}  # other's raw id -> the model's raw id it will be
    steps: list[tuple[int, edits.Edit]] = []
    merged = 0
    order = {r.id: i for i, r in enumerate(other.raw)}
    for c in changes:
        what, verb = _what(c)
        if verb == "removed" and c.object_id in mine:
            raw = mine[c.object_id]
            steps.append((-1, edits.SetItem("raw", copy.deepcopy(raw), None, f"Remove {what} {c.name}")))
            merged += 1
        elif verb == "added" and c.object_id in theirs and c.object_id not in mine:
            counterpart[c.object_id] = c.object_id
            steps.append((order[c.object_id], edits.SetItem("raw", None, copy.deepcopy(theirs[c.object_id]),
                                                            f"Add {what} {c.name}")))
            merged += 1
        elif verb == "changed" and c.object_id in theirs:
            new = theirs[c.object_id]
            same = by_key.get(raw_key(new)) or ([mine[c.object_id]] if c.object_id in mine else [])
            if not same:
                continue
            old = same.pop(0)
            counterpart[new.id] = old.id
            steps.append((-1, edits.SetItem("raw", copy.deepcopy(old), replace(copy.deepcopy(new), id=old.id),
                                            f"Update {what} {c.name}")))
            merged += 1
    # where an added statement goes: after the last one before it on the other side that the model has
    for at, step in steps:
        if at < 0:
            continue
        step.after_id = ""
        for prior in reversed(other.raw[:at]):
            if prior.id in mine or prior.id in counterpart:
                step.after_id = counterpart.get(prior.id, prior.id)
                break
    steps.sort(key=lambda s: s[0])  # (removed and changed first, then added in the other side's order)
    return [s for _, s in steps], merged


def merged_table(model: Table, other: Table, changes: list[Change]) -> Table:
    """``model`` with the objects the ``changes`` name taken from ``other`` (by id)."""
    table = copy.deepcopy(model)
    for c in changes:
        what = c.kind.rsplit("-", 1)[0]
        if what in ("table-comment", "table"):
            if c.kind == "table-comment-changed":
                table.comment = other.comment
            elif c.kind == "table-renamed":
                table.name = other.name
            elif c.kind == "table-moved":
                table.namespace = other.namespace
            elif c.kind == "table-changed":
                table.options = copy.deepcopy(other.options)
            continue
        if what.startswith("column"):
            theirs = next((x for x in other.columns if x.id == c.object_id), None)
            mine = next((i for i, x in enumerate(table.columns) if x.id == c.object_id), None)
            if theirs is None and mine is not None:
                table.remove_column(c.object_id)
            elif theirs is not None and mine is None:
                at = next((i for i, x in enumerate(other.columns) if x.id == c.object_id), len(table.columns))
                table.columns.insert(min(at, len(table.columns)), copy.deepcopy(theirs))
            elif theirs is not None:
                table.columns[mine] = copy.deepcopy(theirs)
            continue
        if what == "primary-key":
            table.primary_key = copy.deepcopy(other.primary_key)
            continue
        attr = _TABLE_ITEMS.get(what)
        if attr is None:
            continue
        theirs = next((x for x in getattr(other, attr) if x.id == c.object_id), None)
        if theirs is None:  # (MySQL: a unique index is compared as the UNIQUE constraint it is)
            theirs_attr = next((a for a in _TABLE_ITEMS.values()
                                if any(x.id == c.object_id for x in getattr(other, a))), None)
            if theirs_attr is not None:
                attr, theirs = theirs_attr, next(x for x in getattr(other, theirs_attr) if x.id == c.object_id)
        at = None
        for name in _TABLE_ITEMS.values():  # the model's own, wherever the model keeps it
            items = getattr(table, name)
            for i, x in enumerate(items):
                if x.id == c.object_id:
                    at = (name, i) if name == attr else at
                    if name != attr:
                        del items[i]
                    break
        items = getattr(table, attr)
        if theirs is None:
            if at is not None:
                del items[at[1]]
        elif at is not None:
            items[at[1]] = copy.deepcopy(theirs)
        else:
            items.append(copy.deepcopy(theirs))
    return table


__all__ = ["merge_edit", "merged_table"]
