"""The two sides of a diff: a database URL, a project file or DDL files read as a
``Side``, and what a live import can read (the verbatim kinds left out when the other
side is a database)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from tablewright.designer.model import Schema

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


def load_side(source: str | list[str], dialect: str | None = None, *, progress=None,
              fallback: str | None = None) -> Side:
    """A database URL, a project file, or DDL files (a list, or one string with
    the paths separated by commas), read in order as one schema.  ``fallback``:
    the dialect of the other side, for DDL files whose text says none (no
    ``dialect`` given): a file compared with a MariaDB database is MariaDB's."""
    from tablewright.designer.sources import is_project, is_url, load_sources

    if isinstance(source, list) or ("," in source and not is_url(source)):
        files = source if isinstance(source, list) else [p for p in source.split(",") if p]
        dialect = dialect or unmarked_dialect(files, fallback)
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
    result = load_sources([source], dialect or unmarked_dialect([source], fallback), progress=progress)
    return Side(result.schema, source, issues=list(result.issues))


def unmarked_dialect(files: list[str], fallback: str | None) -> str | None:
    """``fallback`` when the first DDL file names no dialect by its name or its markers (else None:
    the import guesses it)."""
    first = str(files[0]) if files else None
    return fallback if first is not None and _is_ddl(first) and _marked(first) is None else None


def side_dialects(sources: list[str | list[str]], default: str | None) -> list[str | None]:
    """The dialect to read each side with (None: as the import guesses, or a database or project
    that says its own): DDL files that name no dialect take the one the other sides name -- a
    database's URL, another file's markers -- else ``default`` (the engine to migrate)."""
    from tablewright.designer.dburl import url_dialect
    from tablewright.designer.sources import is_url

    firsts = [_first_source(s) for s in sources]
    marks = [url_dialect(f) if f is not None and is_url(f) else _marked(f) if f is not None else None
             for f in firsts]
    out = []
    for i, first in enumerate(firsts):
        named = next((m for j, m in enumerate(marks) if j != i and m is not None), default)
        out.append(unmarked_dialect([first], named) if first is not None else None)
    return out


def _first_source(source: str | list[str]) -> str | None:
    """A side's first source, as load_side splits it (a list, or paths separated by commas)."""
    from tablewright.designer.sources import is_url

    if isinstance(source, list):
        return str(source[0]) if source else None
    if "," in source and not is_url(source):
        return next((p for p in source.split(",") if p), None)
    return source


def _is_ddl(path: str) -> bool:
    from pathlib import Path

    from tablewright.designer.sources import is_dbml, is_project, is_url

    return not is_url(path) and Path(path).is_file() and not is_project(path) and not is_dbml(path)


def _marked(path: str) -> str | None:
    """The dialect a DDL file names by its name or markers; None for one that names none, or no DDL file."""
    from tablewright.designer.ddl_import import _read, marked_dialect

    if not _is_ddl(path):
        return None
    name, text = _read(path)
    return marked_dialect(text, name)


def load_sides(old: str | list[str], new: str | list[str], dialect: str | None = None) -> tuple[Side, Side]:
    """Both sides, read at once: a database is read while the files are parsed
    (its import mostly waits on the server)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        read_old, read_new = side_dialects([old, new], None) if dialect is None else (dialect, dialect)
        first = pool.submit(load_side, old, read_old)
        second = pool.submit(load_side, new, read_new)
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
