"""Subject areas: named, coloured groups of tables with a note (no Qt).

An area is part of the diagram, not of the schema: it is saved in the
project's ``diagram`` section (``diagram.extra["areas"]``), so grouping
tables changes no schema line.  A table belongs to at most one area.

``suggest_areas(schema)`` proposes areas for review:

- by namespace, when the schema's tables live in several;
- else by foreign-key communities: networkx's Louvain method on the undirected
  FK graph (fixed seed: the same schema gets the same suggestion), communities
  too big to read split again at a higher resolution; tables with no keys at
  all are grouped by their leading name token;
- each named after its dominant table-name token (``release`` for release,
  release_label, release_country, …), colours from a fixed palette.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from tablewright.designer.layout import fk_graph
from tablewright.designer.model import Schema

#: readable on light and dark canvases; cycled in order
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#86bcb6", "#d37295", "#8cd17d", "#a0cbe8", "#ffbe7d", "#bab0ac", "#499894")
MAX_AREA = 30  # a community bigger than this is split again
MIN_AREA = 2  # smaller groups are not worth an area of their own
#: name tokens that say nothing about a subject
_STOP = {"id", "ids", "type", "types", "tbl", "table", "map", "mapping", "link", "x", "to", "of", "and",
         "the", "a", "data", "info", "meta", "tmp", "temp", "old", "new", "s", "l"}


@dataclass
class Area:
    id: str
    name: str
    color: str = PALETTE[0]
    note: str = ""
    tables: list[str] = field(default_factory=list)  # table ids, in order

    def to_data(self) -> dict:
        return {"id": self.id, "name": self.name, "color": self.color, "note": self.note,
                "tables": list(self.tables)}

    @classmethod
    def from_data(cls, data: dict) -> "Area":
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("name"), str):
            raise ValueError("an area needs an id and a name")
        tables = data.get("tables") or []
        if not isinstance(tables, list) or not all(isinstance(t, str) for t in tables):
            raise ValueError(f"area {data['name']!r}: 'tables' must be a list of table ids")
        color = data.get("color") or PALETTE[0]
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", str(color)):
            color = PALETTE[0]
        return cls(data["id"], data["name"], color, str(data.get("note") or ""), list(tables))


def new_area_id(name: str, taken: set[str] | None = None) -> str:
    taken = taken or set()
    base = "area_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    out, n = base, 1
    while out in taken:
        n += 1
        out = f"{base}_{n}"
    return out


# -- the diagram section ----------------------------------------------------------------------
def areas_of(diagram) -> list[Area]:
    """The areas saved in a ``tablewright.designer.project.Diagram`` (unreadable entries dropped)."""
    out = []
    for data in diagram.extra.get("areas") or []:
        try:
            out.append(Area.from_data(data))
        except ValueError:
            continue
    return out


def set_areas(diagram, areas: list[Area]) -> None:
    if areas:
        diagram.extra["areas"] = [a.to_data() for a in normalised(areas)]
    else:
        diagram.extra.pop("areas", None)


def normalised(areas: list[Area], table_ids: set[str] | None = None) -> list[Area]:
    """Each table in at most one area (the first that lists it), unknown tables
    dropped when ``table_ids`` is given.  Returns new Area objects."""
    seen: set[str] = set()
    out = []
    for a in areas:
        tables = []
        for t in a.tables:
            if t in seen or (table_ids is not None and t not in table_ids):
                continue
            seen.add(t)
            tables.append(t)
        out.append(Area(a.id, a.name, a.color, a.note, tables))
    return out


def area_of(areas: list[Area]) -> dict[str, str]:
    """table id -> area id."""
    return {t: a.id for a in areas for t in a.tables}


def assign(areas: list[Area], area_id: str, table_ids: list[str]) -> list[Area]:
    """The areas with ``table_ids`` moved into area ``area_id`` (out of any other)."""
    moving = set(table_ids)
    out = []
    for a in areas:
        tables = [t for t in a.tables if t not in moving]
        if a.id == area_id:
            tables += [t for t in table_ids if t not in tables]
        out.append(Area(a.id, a.name, a.color, a.note, tables))
    return out


def next_color(areas: list[Area]) -> str:
    used = Counter(a.color for a in areas)
    return min(PALETTE, key=lambda c: (used[c], PALETTE.index(c)))


# -- suggestion --------------------------------------------------------------------------------
def tokens(name: str) -> list[str]:
    """``ReleaseGroupSecondaryType`` / ``release_group`` -> ["release", "group", ...]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [t for t in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if t]


def dominant_token(names: list[str], avoid: set[str] = frozenset()) -> str:
    """The name token most tables share (a table named exactly it counts extra)."""
    counts: Counter = Counter()
    for name in names:
        toks = [t for t in tokens(name) if t not in _STOP and not t.isdigit() and len(t) > 1]
        for i, t in enumerate(dict.fromkeys(toks)):
            counts[t] += 1.0 + (0.5 if i == 0 else 0.0) + (1.0 if toks == [t] else 0.0)
    for token, _n in counts.most_common():
        if token not in avoid:
            return token
    return (tokens(names[0]) or ["area"])[0] if names else "area"


def _communities(graph: nx.Graph, resolution: float, seed: int) -> list[set[str]]:
    if graph.number_of_edges() == 0:
        return [{n} for n in graph]
    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    out: list[set[str]] = []
    for community in found:
        if len(community) > MAX_AREA and resolution < 8:
            sub = graph.subgraph(community)
            parts = _communities(sub, resolution * 2, seed)
            if len(parts) > 1:
                out.extend(parts)
                continue
        out.append(set(community))
    return out


def communities(graph: nx.Graph, seed: int = 7) -> list[list[str]]:
    """Foreign-key communities of an undirected graph (none bigger than
    MAX_AREA where a split exists), each sorted; for layout by community."""
    return [sorted(c) for c in _communities(nx.Graph(graph), 1.0, seed)]


def suggest_areas(schema: Schema, *, seed: int = 7) -> list[Area]:
    """Proposed areas for ``schema`` (not applied: the caller shows them for review)."""
    tables = schema.tables
    by_id = {t.id: t for t in tables}
    namespaces = {t.namespace for t in tables}
    groups: list[list[str]]
    if len(namespaces) > 1:
        per: dict = {}
        for t in tables:
            per.setdefault(t.namespace, []).append(t.id)
        groups = [ids for _ns, ids in sorted(per.items(), key=lambda kv: str(kv[0] or ""))]
        names_from_ns = True
        # phabricator_almanac, phabricator_audit, ... -> almanac, audit, ...
        labels = [str(by_id[ids[0]].namespace or "default") for ids in groups]
        common = _common_prefix(labels) if len(labels) > 1 else ""
    else:
        names_from_ns = False
        graph = fk_graph(schema).to_undirected()
        linked = graph.subgraph([n for n in graph if graph.degree(n) > 0])
        groups = [sorted(c, key=lambda t: by_id[t].name) for c in _communities(nx.Graph(linked), 1.0, seed)]
        # unconnected tables: by their leading name token
        loose: dict[str, list[str]] = {}
        for t in tables:
            if graph.degree(t.id) == 0:
                loose.setdefault((tokens(t.name) or [t.name])[0], []).append(t.id)
        groups += [ids for ids in loose.values()]
        groups = [g for g in groups if len(g) >= MIN_AREA]
        groups.sort(key=lambda g: (-len(g), by_id[g[0]].name))
    areas: list[Area] = []
    used_names: set[str] = set()
    for i, ids in enumerate(groups):
        if names_from_ns:
            name = str(by_id[ids[0]].namespace or "default")[len(common):] or str(by_id[ids[0]].namespace)
        else:
            name = dominant_token([by_id[t].name for t in ids], used_names)
            if name in used_names:
                n = 2
                while f"{name} {n}" in used_names:
                    n += 1
                name = f"{name} {n}"
        used_names.add(name)
        areas.append(Area(new_area_id(name, {a.id for a in areas}), name, PALETTE[i % len(PALETTE)],
                          f"suggested: {len(ids)} tables", list(ids)))
    return areas


def _common_prefix(names: list[str]) -> str:
    """The longest common prefix that ends at a separator (``phabricator_``)."""
    first, last = min(names), max(names)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    prefix = first[:n]
    cut = max(prefix.rfind("_"), prefix.rfind("."), prefix.rfind("-"))
    return prefix[:cut + 1] if cut >= 0 else ""
