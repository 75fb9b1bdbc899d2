"""Focus views (no Qt): a table and its foreign-key neighbourhood, and the
lookups the ``diagram`` command needs (a table or an area by name).

The neighbourhood is networkx's ego graph of the undirected foreign-key graph:
every table within ``depth`` keys of the centre, whichever way the keys point."""

from __future__ import annotations

import difflib

import networkx as nx

from tablewright.designer.errors import InputError
from tablewright.designer.layout import fk_graph
from tablewright.designer.model import Schema

MAX_DEPTH = 3


def neighbourhood(schema: Schema, table_id: str, depth: int = 1, graph: nx.Graph | None = None) -> set[str]:
    """Table ids within ``depth`` (1..3) foreign-key steps of ``table_id``, itself included."""
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"depth must be between 1 and {MAX_DEPTH}, not {depth}")
    graph = graph if graph is not None else fk_graph(schema).to_undirected(as_view=True)
    if table_id not in graph:
        raise InputError(f"no table with id {table_id!r}")
    return set(nx.ego_graph(graph, table_id, radius=depth))


def find_table(schema: Schema, name: str) -> str:
    """The id of the table called ``name`` (``schema.name`` or ``name``, any
    case); an unknown name is an error that suggests the nearest ones."""
    wanted = name.strip().lower()
    exact = [t.id for t in schema.tables if wanted in (t.name.lower(), t.qualified_name.lower())]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        names = ", ".join(sorted(t.qualified_name for t in schema.tables if t.id in exact))
        raise InputError(f"{name!r} names several tables ({names}): give the schema too")
    close = difflib.get_close_matches(wanted, sorted({t.name.lower() for t in schema.tables}), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"no table named {name!r}{hint}")


def find_area(areas: list, name: str):
    wanted = name.strip().lower()
    for area in areas:
        if area.name.lower() == wanted:
            return area
    close = difflib.get_close_matches(wanted, [a.name.lower() for a in areas], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f" (areas: {', '.join(a.name for a in areas[:12])})"
    raise InputError(f"no area named {name!r}{hint}")


def sub_schema(schema: Schema, table_ids: set[str]) -> Schema:
    """The schema with only these tables (keys to other tables stay in the model
    but have no card to point at, so nothing draws them)."""
    from dataclasses import replace

    return replace(schema, tables=[t for t in schema.tables if t.id in table_ids])
