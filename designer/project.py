"""The project file: a schema, its diagram and its settings as git-friendly JSON.

Layout (top-level keys in this order; optional sections are left out when empty)::

    {
      "format": "tablewright-project",
      "version": 2,
      "schema": { ...the model... },
      "diagram": { "positions": { "<table id>": [x, y, pinned], ... } },
      "settings": { ...lint rule config, suppressions... },      (optional)
      "baseline": { ...a schema snapshot for migrations... }     (optional)
    }

Choices made for clean diffs and merges:

- Model objects are serialized generically from their dataclass fields and type
  hints, in field order, so a field added to the model is saved and loaded
  without touching this module.  Fields equal to their default are left out.
- Every object that has an ``id`` is written one key per line; small value
  objects whose values are all scalars (a type, a source location, an index
  element) and lists of scalars (column id lists, positions) sit on one line.
  Plain dicts (positions, settings, table option extras) are written with sorted
  keys, so the order they were built in never shows up as a change.
- The diagram is its own section after the schema: moving a table changes only
  lines in ``"diagram"``.

Versions: 2 refers to partition and INHERITS parents by table id
(``TableOptions.partition_of``/``inherits``), as foreign keys refer to their
tables; 1 named them (``schema.name``), and a version-1 file is read by looking
the names up (a name no table has is left out).

Loading never writes.  A file that cannot be used (bad JSON, wrong format,
missing or unknown fields, a newer ``version``) raises ``InputError`` with a
one-line message naming the file (and the line and column for JSON syntax
errors).  Saving is atomic (:mod:`tablewright.designer.atomic`): the text is written to a
temporary file in the same folder, flushed and fsynced, then moved over the old
file with ``os.replace``; a failure at any point leaves the old file as it was.
:func:`check_replaceable` refuses to replace a file that is not a project file
this version reads (``import -o`` asks it first).
"""

from __future__ import annotations

import dataclasses
import json
import os
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tablewright.designer.atomic import is_regular_output, write_file
from tablewright.designer.errors import InputError
from tablewright.designer.model import Schema, SourceLocation

FORMAT = "tablewright-project"
VERSION = 2
SUFFIX = ".twproj"  # suggested file name suffix (not required by the loader)


@dataclass
class Diagram:
    """What the canvas needs to redraw a schema as the user left it.

    ``positions`` maps a table id to ``(x, y, pinned)``; ``pinned`` tables are
    kept where they are by automatic layout.  ``extra`` keeps any other diagram
    keys (viewport, zoom, colours, ... as they are added) unchanged."""

    positions: dict[str, tuple[float, float, bool]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Project:
    schema: Schema = field(default_factory=Schema)
    diagram: Diagram = field(default_factory=Diagram)
    settings: dict[str, Any] = field(default_factory=dict)
    baseline: Schema | None = None


# -- model <-> plain data ----------------------------------------------------------

_SCALARS = (str, int, float, bool, type(None))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _default_of(f: dataclasses.Field) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        return f.default_factory()  # type: ignore[misc]
    return dataclasses.MISSING


def to_data(obj: Any) -> Any:
    """A model object as JSON-ready data: dataclasses become dicts of their
    non-default fields (in field order), tuples become lists, dict keys sorted."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            default = _default_of(f)
            if default is not dataclasses.MISSING and value == default:
                continue
            out[f.name] = to_data(value)
        return out
    if isinstance(obj, (list, tuple)):
        return [to_data(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(obj[k]) for k in sorted(obj, key=str)}
    if isinstance(obj, _SCALARS):
        return obj
    raise TypeError(f"cannot save a {type(obj).__name__} in a project file")


class _DataError(Exception):
    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(message)


def _kind_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def from_data(hint: Any, data: Any, where: str = "") -> Any:
    """Rebuild a value of type ``hint`` (a model dataclass, or any hint the
    model uses) from data produced by :func:`to_data`.  Raises ``_DataError``
    naming the JSON path of the first problem."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return data
    if origin in (typing.Union, types.UnionType):
        arms = typing.get_args(hint)
        if data is None and type(None) in arms:
            return None
        others = [a for a in arms if a is not type(None)]
        if len(others) == 1:
            return from_data(others[0], data, where)
        for arm in others:  # a real union: first arm that fits
            try:
                return from_data(arm, data, where)
            except _DataError:
                continue
        raise _DataError(where, f"unexpected {_kind_name(data)}")
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(data, dict):
            raise _DataError(where, f"expected an object, found {_kind_name(data)}")
        hints = _hints(hint)
        known = {f.name: f for f in dataclasses.fields(hint)}
        unknown = [k for k in data if k not in known]
        if unknown:
            raise _DataError(
                _join(where, unknown[0]),
                "unknown field (written by a newer Tablewright?)",
            )
        kwargs = {}
        for name, f in known.items():
            if name in data:
                kwargs[name] = from_data(hints[name], data[name], _join(where, name))
            elif _default_of(f) is dataclasses.MISSING:
                raise _DataError(_join(where, name), "missing required field")
        try:
            return hint(**kwargs)
        except (TypeError, ValueError) as exc:
            raise _DataError(where, str(exc)) from None
    if origin in (list, tuple):
        if not isinstance(data, list):
            raise _DataError(where, f"expected a list, found {_kind_name(data)}")
        args = typing.get_args(hint)
        if origin is list:
            item = args[0] if args else Any
            return [from_data(item, v, f"{where}[{i}]") for i, v in enumerate(data)]
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], v, f"{where}[{i}]") for i, v in enumerate(data))
        if args and len(args) != len(data):
            raise _DataError(where, f"expected {len(args)} items, found {len(data)}")
        return tuple(
            from_data(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args or [Any] * len(data), data))
        )
    if origin is dict:
        if not isinstance(data, dict):
            raise _DataError(where, f"expected an object, found {_kind_name(data)}")
        args = typing.get_args(hint)
        value_hint = args[1] if len(args) == 2 else Any
        return {k: from_data(value_hint, v, _join(where, k)) for k, v in data.items()}
    if hint in (list, tuple, dict):
        return from_data(hint[Any], data, where)
    if hint is bool:
        if not isinstance(data, bool):
            raise _DataError(where, f"expected true/false, found {_kind_name(data)}")
        return data
    if hint is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise _DataError(where, f"expected a whole number, found {_kind_name(data)}")
        return data
    if hint is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise _DataError(where, f"expected a number, found {_kind_name(data)}")
        return float(data)
    if hint is str:
        if not isinstance(data, str):
            raise _DataError(where, f"expected a string, found {_kind_name(data)}")
        return data
    if hint is type(None):
        if data is not None:
            raise _DataError(where, f"expected null, found {_kind_name(data)}")
        return None
    raise _DataError(where, f"cannot read a value of type {hint!r}")


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


# -- text ---------------------------------------------------------------------------


def _scalar_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, _SCALARS)


def _inline(value: Any) -> bool:
    """Lists of scalars, and id-less objects of scalars, fit on one line."""
    if isinstance(value, list):
        return all(_is_scalar(v) for v in value)
    if isinstance(value, dict):
        return "id" not in value and all(_is_scalar(v) for v in value.values())
    return True


def _write(value: Any, indent: str, out: list[str]) -> None:
    if _is_scalar(value):
        out.append(_scalar_text(value))
    elif isinstance(value, list):
        if not value:
            out.append("[]")
        elif _inline(value):
            out.append("[" + ", ".join(_scalar_text(v) for v in value) + "]")
        else:
            inner = indent + "  "
            out.append("[\n")
            for i, item in enumerate(value):
                out.append(inner)
                _write(item, inner, out)
                out.append(",\n" if i < len(value) - 1 else "\n")
            out.append(indent + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
        elif _inline(value):
            out.append(
                "{" + ", ".join(f"{_scalar_text(k)}: {_scalar_text(v)}" for k, v in value.items()) + "}"
            )
        else:
            inner = indent + "  "
            out.append("{\n")
            items = list(value.items())
            for i, (key, item) in enumerate(items):
                out.append(f"{inner}{_scalar_text(key)}: ")
                _write(item, inner, out)
                out.append(",\n" if i < len(items) - 1 else "\n")
            out.append(indent + "}")
    else:
        raise TypeError(f"cannot save a {type(value).__name__} in a project file")


def to_json_text(data: Any) -> str:
    """Deterministic JSON text: 2-space indent, one line per id-carrying object
    key, scalar-only lists and small value objects on one line, final newline."""
    out: list[str] = []
    _write(data, "", out)
    out.append("\n")
    return "".join(out)


def _sorted_plain(value: Any) -> Any:
    """Plain JSON data with every object's keys sorted (for settings/extras)."""
    if isinstance(value, dict):
        return {str(k): _sorted_plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_sorted_plain(v) for v in value]
    if _is_scalar(value):
        return value
    raise TypeError(f"cannot save a {type(value).__name__} in a project file")


# -- project <-> text ------------------------------------------------------------


def project_to_data(project: Project) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    data["schema"] = to_data(project.schema)
    diagram: dict[str, Any] = {
        "positions": {
            str(tid): [_number(pos[0]), _number(pos[1]), bool(pos[2]) if len(pos) > 2 else False]
            for tid, pos in sorted(project.diagram.positions.items())
        }
    }
    for key, value in _sorted_plain(project.diagram.extra).items():
        if key == "positions":
            raise ValueError("Diagram.extra must not contain 'positions'")
        diagram[key] = value
    data["diagram"] = diagram
    if project.settings:
        data["settings"] = _sorted_plain(project.settings)
    if project.baseline is not None:
        data["baseline"] = to_data(project.baseline)
    return data


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"a table position must be a number, not {value!r}")
    return float(value)  # always written as a float, so 10 and 10.0 save alike


def dumps_project(project: Project) -> str:
    """The project file's text (what :func:`save_project` writes)."""
    return to_json_text(project_to_data(project))


_TOP_LEVEL = ("format", "version", "schema", "diagram", "settings", "baseline")


def loads_project(text: str, path: str | os.PathLike | None = None) -> Project:
    """Parse project file text; errors name ``path`` (or ``<input>``)."""
    name = str(path) if path is not None else "<input>"
    try:
        data = json.loads(text, parse_constant=_NonFinite)
    except json.JSONDecodeError as exc:
        # json's messages end in " at" (the position follows in its own str()):
        # say the position in words and, when the text just stops, that it stops
        what = exc.msg.removesuffix(" at").removesuffix(" starting")
        ends_early = not text[exc.pos:].strip() or what.startswith("Unterminated")
        detail = "the file is empty" if not text.strip() else ("the file ends early, in the middle of the data (it was cut off, e.g. by a full disk "
                  "or an interrupted copy)" if ends_early else f"bad JSON ({what.lower()})")
        raise InputError(
            f"not a valid project file: {detail}.",
            SourceLocation(name, exc.lineno, exc.colno),
        ) from None
    except RecursionError:
        raise InputError(f"{name}: corrupt project file: nested deeper than JSON can be read") from None
    try:
        _check_plain(data)
    except _DataError as exc:
        raise InputError(f"{name}: corrupt project file: {exc.where or '(top level)'}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        detail = f"format is {found!r}" if found is not None else "no 'format' field"
        raise InputError(f"{name}: not a Tablewright project file ({detail}, expected {FORMAT!r})")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(f"{name}: corrupt project file: 'version' must be a positive whole number")
    if version > VERSION:
        raise InputError(
            f"{name}: project file version {version} is newer than this Tablewright "
            f"supports (up to {VERSION}); update Tablewright to open it"
        )
    try:
        unknown = [k for k in data if k not in _TOP_LEVEL]
        if unknown:
            raise _DataError(unknown[0], "unknown section (written by a newer Tablewright?)")
        if "schema" not in data:
            raise _DataError("schema", "missing required section")
        schema = from_data(Schema, data["schema"], "schema")
        diagram = _diagram_from_data(data.get("diagram", {}))
        settings = data.get("settings", {})
        if not isinstance(settings, dict):
            raise _DataError("settings", f"expected an object, found {_kind_name(settings)}")
        baseline = data.get("baseline")
        if baseline is not None:
            baseline = from_data(Schema, baseline, "baseline")
        if version < 2:
            for model in (schema, baseline) if baseline is not None else (schema,):
                _parents_by_id(model)
        check_references(schema, "schema")
        if baseline is not None:
            check_references(baseline, "baseline")
    except _DataError as exc:
        raise InputError(f"{name}: corrupt project file: {exc.where}: {exc}") from None
    return Project(schema=schema, diagram=diagram, settings=settings, baseline=baseline)


#: deeper than any project file Tablewright writes (a schema is ~8 levels, settings a few)
MAX_DEPTH = 64


class _NonFinite:
    """What ``NaN``/``Infinity`` (which Python's JSON reader accepts and JSON
    does not have) parse to, so the check below can name where it is."""

    def __init__(self, text: str):
        self.text = text


def _check_plain(data: Any) -> None:
    """Refuse what JSON data no Tablewright writes can hold, naming its JSON
    path: nesting deeper than :data:`MAX_DEPTH` (the readers recurse) and
    ``NaN``/``Infinity`` (a position of NaN breaks every layout and paint)."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, _NonFinite):
            raise _DataError(where, f"{value.text} is not a number JSON allows")
        if isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                raise _DataError(where, f"nested more than {MAX_DEPTH} levels deep")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                path = _join(where, key) if isinstance(value, dict) else f"{where}[{key}]"
                stack.append((item, path, depth + 1))


def check_references(schema: Schema, where: str = "schema") -> None:
    """The dialects named are known, and every id the model refers to names an object that is there: the
    columns of keys, foreign keys, checks, indexes and sequence owners, the
    tables foreign keys point at, partition and INHERITS parents, and ids unique among tables and among each
    table's columns.  A dangling id would be dropped silently on export (a
    primary key losing a column), so the file is refused with the JSON path."""
    from tablewright.designer.model import DIALECTS

    if schema.dialect is not None and schema.dialect not in DIALECTS:
        raise _DataError(_join(where, "dialect"), f"unknown dialect {schema.dialect!r}")
    for r, raw in enumerate(schema.raw):
        if raw.dialect not in DIALECTS:
            raise _DataError(f"{where}.raw[{r}].dialect", f"unknown dialect {raw.dialect!r}")
    tables: dict[str, Any] = {}
    for t, table in enumerate(schema.tables):
        here = f"{where}.tables[{t}]"
        if table.id in tables:
            raise _DataError(_join(here, "id"), f"table id {table.id!r} is used twice")
        if not table.name:
            raise _DataError(_join(here, "name"), "a table needs a name")
        tables[table.id] = table
    for t, table in enumerate(schema.tables):
        here = f"{where}.tables[{t}]"
        columns: set[str] = set()
        for c, column in enumerate(table.columns):
            if column.id in columns:
                raise _DataError(f"{here}.columns[{c}].id", f"column id {column.id!r} is used twice in {table.name}")
            if not column.name:
                raise _DataError(f"{here}.columns[{c}].name", "a column needs a name")
            columns.add(column.id)

        def known(ids, path, owner=table, owner_columns=columns):
            for i, cid in enumerate([ids] if isinstance(ids, str) else ids):
                if cid not in owner_columns:
                    raise _DataError(path if isinstance(ids, str) else f"{path}[{i}]",
                                     f"no column of {owner.name} has the id {cid!r}")

        if table.primary_key is not None:
            known(table.primary_key.columns, f"{here}.primary_key.columns")
            for cid, length in table.primary_key.lengths.items():
                path = f"{here}.primary_key.lengths.{cid}"
                if cid not in table.primary_key.columns:
                    raise _DataError(path, f"no column of the primary key of {table.name} has the id {cid!r}")
                if length < 1:
                    raise _DataError(path, "a prefix length is a whole number of at least 1")
        for u, unique in enumerate(table.uniques):
            known(unique.columns, f"{here}.uniques[{u}].columns")
        for c, check in enumerate(table.checks):
            if check.column is not None:
                known(check.column, f"{here}.checks[{c}].column")
        for i, index in enumerate(table.indexes):
            for e, element in enumerate(index.elements):
                if element.column is not None:
                    known(element.column, f"{here}.indexes[{i}].elements[{e}].column")
            known(index.include, f"{here}.indexes[{i}].include")
        for f, fk in enumerate(table.foreign_keys):
            path = f"{here}.foreign_keys[{f}]"
            known(fk.columns, f"{path}.columns")
            known(fk.on_delete_columns, f"{path}.on_delete_columns")
            if fk.ref_table is None:
                continue
            target = tables.get(fk.ref_table)
            if target is None:
                raise _DataError(f"{path}.ref_table", f"no table has the id {fk.ref_table!r}")
            known(fk.ref_columns, f"{path}.ref_columns", target, {c.id for c in target.columns})
    for t, table in enumerate(schema.tables):
        if table.options.partition_of is not None and table.options.partition_of not in tables:
            raise _DataError(f"{where}.tables[{t}].options.partition_of",
                             f"no table has the id {table.options.partition_of!r}")
        for i, parent in enumerate(table.options.inherits):
            if parent not in tables:
                raise _DataError(f"{where}.tables[{t}].options.inherits[{i}]", f"no table has the id {parent!r}")
    for s, sequence in enumerate(schema.sequences):
        if sequence.owned_by is None:
            continue
        table_id, column_id = sequence.owned_by
        path = f"{where}.sequences[{s}].owned_by"
        if table_id not in tables:
            raise _DataError(f"{path}[0]", f"no table has the id {table_id!r}")
        if all(c.id != column_id for c in tables[table_id].columns):
            raise _DataError(f"{path}[1]", f"no column of {tables[table_id].name} has the id {column_id!r}")


def _parents_by_id(schema: Schema) -> None:
    """Version 1 named a table's partition and INHERITS parents (``model.qualify``,
    the namespace left out when the child's statement left it out): their ids now."""
    from tablewright.designer.model import split_qualified

    def found(table, name: str) -> str | None:
        namespace, bare = split_qualified(name)
        parent = schema.find_table(bare, namespace if namespace is not None else table.namespace)
        return parent.id if parent is not None and parent.id != table.id else None

    for table in schema.tables:
        opts = table.options
        if opts.partition_of:
            opts.partition_of = found(table, opts.partition_of)
            if opts.partition_of is None:
                opts.partition_bound = None
        opts.inherits = [i for i in (found(table, name) for name in opts.inherits) if i is not None]


def _diagram_from_data(data: Any) -> Diagram:
    if not isinstance(data, dict):
        raise _DataError("diagram", f"expected an object, found {_kind_name(data)}")
    raw_positions = data.get("positions", {})
    if not isinstance(raw_positions, dict):
        raise _DataError("diagram.positions", f"expected an object, found {_kind_name(raw_positions)}")
    positions = {}
    for tid, pos in raw_positions.items():
        where = f"diagram.positions.{tid}"
        if not isinstance(pos, list) or len(pos) not in (2, 3):
            raise _DataError(where, "expected [x, y, pinned]")
        x = from_data(float, pos[0], f"{where}[0]")
        y = from_data(float, pos[1], f"{where}[1]")
        pinned = from_data(bool, pos[2], f"{where}[2]") if len(pos) == 3 else False
        positions[tid] = (x, y, pinned)
    extra = {k: v for k, v in data.items() if k != "positions"}
    return Diagram(positions=positions, extra=extra)


# -- files -------------------------------------------------------------------------


def load_project(path: str | os.PathLike) -> Project:
    """Read a project file.  Never writes anything."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read project file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not a valid project file: not UTF-8 text (byte {exc.start})"
        ) from None
    return loads_project(text, path)


def save_project(path: str | os.PathLike, project: Project) -> None:
    """Write ``project`` to ``path`` atomically (:func:`tablewright.designer.atomic.write_file`:
    temp file, fsync, rename; a device or FIFO is written through).

    An OS error (no such folder, disk full, permission denied) is raised as
    ``WriteError`` (an ``InputError``) naming the file; the old file, if any,
    is left as it was."""
    text = dumps_project(project)  # any serialization error happens before touching disk
    write_file(path, text)


def check_replaceable(path: str | os.PathLike) -> None:
    """Refuse (``InputError``) to replace an existing file at ``path`` that is
    not a project file this version can read -- a corrupt one, one from a newer
    Tablewright, or any other file: writing over it would lose what it holds.
    Nothing there, a readable project file, or a device (``/dev/null``) is fine."""
    target = Path(path)
    if not is_regular_output(target) or not target.exists():
        return
    try:
        load_project(target)
    except InputError as exc:
        problem = str(exc)
    except Exception as exc:  # noqa: BLE001 - whatever it holds, this version cannot read it
        problem = f"{path}: not a valid project file ({type(exc).__name__})"
    else:
        return
    raise InputError(f"{problem}; not overwritten (remove it or choose another file name)")


__all__ = [
    "FORMAT",
    "SUFFIX",
    "VERSION",
    "Diagram",
    "Project",
    "dumps_project",
    "from_data",
    "load_project",
    "loads_project",
    "check_replaceable",
    "save_project",
    "to_data",
    "to_json_text",
]
