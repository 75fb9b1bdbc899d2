"""One way in: a list of SOURCE arguments → ``ImportResult``.

A SOURCE is a database URL (``scheme://…``), a project file (``*.twproj`` /
``*.json``), DBML files (``*.dbml``, read in order as one schema), or DDL
files (all other paths, read as one schema, each file after the files that
create what it uses: ``tablewright.designer.load_order``).
"""

from __future__ import annotations

from pathlib import Path

from tablewright.designer.dburl import is_url
from tablewright.designer.errors import InputError
from tablewright.designer.importing import ImportResult
from tablewright.designer.progress import Progress

PROJECT_SUFFIXES = (".twproj", ".json")
DBML_SUFFIX = ".dbml"


def is_project(source: str) -> bool:
    return Path(source).suffix.lower() in PROJECT_SUFFIXES


def is_dbml(source: str) -> bool:
    return Path(source).suffix.lower() == DBML_SUFFIX


def load_sources(sources: list[str], dialect: str | None = None, *, progress: Progress | None = None,
                 order: bool = True) -> ImportResult:
    """DDL files, one database URL or one project file, as an import result
    (``progress``: see :mod:`tablewright.designer.progress`).  Several DDL files are read in
    dependency order (``order``; False: as given), see :mod:`tablewright.designer.load_order`."""
    if not sources:
        raise InputError("no source given")
    urls = [s for s in sources if is_url(s)]
    projects = [s for s in sources if not is_url(s) and is_project(s)]
    if urls or projects:
        if len(sources) > 1:
            raise InputError("give one database URL or one project file, not several sources")
        if urls:
            from tablewright.designer.live_import import import_database

            return import_database(urls[0], progress=progress)
        from tablewright.designer.project import load_project

        return ImportResult(load_project(projects[0]).schema)
    missing = [s for s in sources if not Path(s).is_file()]
    if missing:
        raise InputError(f"{missing[0]}: no such file")
    dbml = [s for s in sources if is_dbml(s)]
    if dbml:
        if len(dbml) != len(sources):
            raise InputError("give DBML files or DDL files, not both")
        from tablewright.designer.dbml_import import import_dbml

        return import_dbml(sources, dialect)
    from tablewright.designer.ddl_import import import_ddl

    reordered = None
    split = None
    if order and len(sources) > 1:
        from tablewright.designer.load_order import dependency_order

        load_order = dependency_order(list(sources), dialect)
        ordered = load_order.files
        if ordered != list(sources):
            sources, reordered = ordered, ordered
        split = {name: deps.split for name, deps in load_order.deps.items() if deps.split is not None}
    result = import_ddl(sources, dialect, progress=progress, split=split)
    result.reordered = reordered
    return result
