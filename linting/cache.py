"""A parse cache for ``tablewright lint``: the imported model of a set of DDL
files, keyed by their contents, the dialect and the importer's code.

Like ruff's cache: a warm run skips parsing (and importing sqlglot).  Kept in
``$TABLEWRIGHT_CACHE_DIR`` or ``$XDG_CACHE_HOME/tablewright`` (default
``~/.cache/tablewright``); ``--no-cache`` bypasses it.  Only DDL files are
cached; project files and database URLs are always read afresh.

Beside each model, the SQL its fixes rendered (``<key>.fix-sql``): a warm
``--format json`` run then neither renders nor imports SQLAlchemy.  It is
keyed by the model's key and checked against the renderer's code and the
SQLAlchemy and Alembic installed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tablewright.designer.atomic import WriteError, atomic_open

VERSION = b"tablewright-lint-cache-2"


def cache_dir() -> Path:
    env = os.environ.get("TABLEWRIGHT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tablewright"


def _frozen_fingerprint(h) -> bool:
    """In the desktop bundle (PyInstaller) there are no source files to stat:
    its code changes only with the executable, which each build writes anew."""
    if not getattr(sys, "frozen", False):
        return False
    st = Path(sys.executable).stat()
    h.update(f"frozen:{sys.executable}:{st.st_mtime_ns}:{st.st_size};".encode())
    return True


def _code_fingerprint(h) -> None:
    """The importer's code, and the heuristics that read the expressions' columns stored with its result."""
    import tablewright.designer as designer

    if _frozen_fingerprint(h):
        return
    root = Path(designer.__file__).parent
    for p in [*sorted(root.glob("*.py")), Path(__file__).parent / "heuristics.py"]:
        st = p.stat()
        h.update(f"{p.name}:{st.st_mtime_ns}:{st.st_size};".encode())


def key(sources: list[str], dialect: str | None) -> str | None:
    h = hashlib.blake2b(VERSION, digest_size=20)
    h.update(f"dialect={dialect};".encode())
    for s in sources:
        p = Path(s)
        try:
            data = p.read_bytes()
        except OSError:
            return None
        h.update(str(p.resolve()).encode() + b"\0" + hashlib.blake2b(data, digest_size=20).digest())
    _code_fingerprint(h)
    return h.hexdigest()


@dataclass
class CachedStatementComments:
    location: object
    end_line: int
    comments: list


@dataclass
class CachedImport:
    """What the lint run needs of an ImportResult, in plain model objects (so a
    warm run does not import the parser)."""

    schema: object
    issues: list = field(default_factory=list)
    statement_comments: list = field(default_factory=list)
    #: CHECK/index expression -> the columns it refers to (heuristics.expression_columns)
    expressions: dict = field(default_factory=dict)


def load(k: str):
    try:
        with open(cache_dir() / f"{k}.pickle", "rb") as f:
            data = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    return CachedImport(data["schema"], data["issues"],
                        [CachedStatementComments(*sc) for sc in data["statement_comments"]],
                        data.get("expressions") or {})


def _renderer_fingerprint() -> str:
    """The code fix SQL comes from: the migrations renderer, DDL export and its
    model → SQLAlchemy mapping (sa_*.py), the model, the edits, the fixes, and
    the SQLAlchemy and Alembic installed (found, not imported)."""
    import importlib.util

    import tablewright.designer as designer

    h = hashlib.blake2b(VERSION, digest_size=20)
    if _frozen_fingerprint(h):
        return h.hexdigest()
    root = Path(designer.__file__).parent
    paths = [*sorted((root / "migrations").glob("*.py")), root / "ddl_export.py", *sorted(root.glob("sa_*.py")),
             root / "model.py", root / "edits.py", root / "dialects.py", Path(__file__).parent / "findings.py"]
    for package in ("sqlalchemy", "alembic"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:
            paths.append(Path(spec.origin))
    for p in paths:
        st = p.stat()
        h.update(f"{p}:{st.st_mtime_ns}:{st.st_size};".encode())
    return h.hexdigest()


def load_fix_sql(k: str) -> dict:
    """The fix SQL rendered for the model of key ``k`` (empty when none or stale)."""
    try:
        with open(cache_dir() / f"{k}.fix-sql", "rb") as f:
            data = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("renderer") != _renderer_fingerprint():
        return {}
    return data.get("sql") or {}


def store_fix_sql(k: str, rendered: dict) -> None:
    _write(f"{k}.fix-sql", {"renderer": _renderer_fingerprint(), "sql": rendered})


def store(k: str, result) -> None:
    from tablewright.linting.heuristics import expression_columns

    data = {
        "version": VERSION,
        "schema": result.schema,
        "issues": list(result.issues),
        "statement_comments": [(sc.location, sc.end_line, list(sc.comments))
                               for sc in getattr(result, "statement_comments", None) or ()],
        # read while the parser is loaded anyway, so that a warm run need not load it
        "expressions": expression_columns(result.schema),
    }
    _write(f"{k}.pickle", data)


def _write(name: str, data) -> None:
    d = cache_dir()
    try:
        d.mkdir(parents=True, exist_ok=True)
        with atomic_open(d / name, durable=False) as f:  # a cache: made again when lost
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, WriteError):
        pass  # a read-only home is no reason to fail a lint run
