"""Table positions for the diagram: networkx builds the foreign-key graph,
Graphviz (through pygraphviz) lays it out.  No Qt.

``layout(schema, sizes, positions)`` returns a top-left position, in points
with y growing downwards, for every table of the schema:

- with no ``positions`` every table is laid out;
- tables that already have a position keep it; tables without one (newly
  added or imported) are laid out among themselves and the block is put to the
  right of the existing diagram, so nothing that was there moves;
- ``only`` lays out just that subset (Arrange selection) and puts the block
  back where the selection was, shifted until it overlaps nothing else;
  ``only`` = every table id is an auto-arrange that keeps pinned tables;
- pinned tables (``pinned`` True in ``positions``) never move, not even when
  they are in ``only`` (unpin them first to arrange them).

Engines: ``dot`` (hierarchical; referenced tables left of the tables that
reference them), ``fdp``/``neato``/``sfdp`` (force-directed).  Edges are
never routed (``splines=false``): the canvas draws its own.  The bundled
Graphviz has no triangulation library, so the force-directed engines remove
overlaps with ``overlap=vpsc`` (the default ``prism`` fails there).
``auto`` picks ``dot`` unless that would give a strip far wider than tall
(shallow, broad graphs such as MusicBrainz), then ``fdp``.  ``dot`` chosen
for such a graph lays out its foreign-key communities one by one and packs
them, instead of one strip thirty screens wide.

Layout by area (``groups``: lists of table ids, the subject areas): each area
is laid out on its own (with the engine, as above), the areas are packed in
rows -- connected areas next to each other, ``AREA_GAP`` apart so the canvas
can draw each as a labelled region -- and tables in no area form one more
block.  Pinned tables stay; the packed block avoids them.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable

import networkx as nx

from tablewright.designer.model import Schema

ENGINES = ("auto", "dot", "fdp", "neato", "sfdp")
GAP = 40.0  # points between cards that Graphviz did not place
AREA_GAP = 150.0  # between areas: room for their frames and labels (see app.canvas.areas)
STRIP = 6.0  # a dot layout taller (rankdir LR: wider) than this many times its breadth is a strip
INCH = 72.0

Position = tuple[float, float]
Rect = tuple[float, float, float, float]  # x, y, w, h


class LayoutCancelled(Exception):
    """Raised by ``progress`` callbacks that want the layout to stop."""


def fk_graph(schema: Schema, tables: Iterable[str] | None = None) -> nx.DiGraph:
    """Tables as nodes, resolved foreign keys as edges from the referencing to
    the referenced table (``weight`` = number of keys; self references left
    out).  With ``tables``, the subgraph of just those tables."""
    keep = set(tables) if tables is not None else None
    graph = nx.DiGraph()
    for table in schema.tables:
        if keep is None or table.id in keep:
            graph.add_node(table.id)
    for table, fk in schema.foreign_keys():
        ref = fk.ref_table
        if ref is None or ref == table.id or ref not in graph or table.id not in graph:
            continue
        if graph.has_edge(table.id, ref):
            graph[table.id][ref]["weight"] += 1
        else:
            graph.add_edge(table.id, ref, weight=1)
    return graph


def layout(
    schema: Schema,
    sizes: dict[str, tuple[float, float]],
    positions: dict[str, tuple[float, float, bool]] | None = None,
    *,
    engine: str = "auto",
    only: set[str] | None = None,
    progress: Callable[[float], None] | None = None,
    groups: list[list[str]] | None = None,
) -> dict[str, tuple[float, float]]:
    if engine not in ENGINES:
        raise ValueError(f"unknown layout engine {engine!r} (one of {', '.join(ENGINES)})")
    report = progress or (lambda _fraction: None)
    positions = positions or {}
    ids = [t.id for t in schema.tables]
    fixed: dict[str, Position] = {}
    for tid in ids:
        if tid in positions:
            x, y, pinned = positions[tid]
            if pinned or only is None or tid not in only:
                fixed[tid] = (float(x), float(y))
    moving = [tid for tid in ids if tid not in fixed]
    if not moving:
        report(1.0)
        return fixed
    report(0.0)
    graph = fk_graph(schema, moving)
    if groups:
        block = _layout_grouped(graph, groups, sizes, engine, report)
    else:
        block = _layout_graph(graph, sizes, engine, report)
    rects = {tid: (x, y, *_size(sizes, tid)) for tid, (x, y) in block.items()}
    if fixed:
        fixed_rects = [(x, y, *_size(sizes, tid)) for tid, (x, y) in fixed.items()]
        previous = [positions[tid][:2] for tid in moving if tid in positions]
        if previous:  # Arrange selection: back where the selection was
            anchor = (min(p[0] for p in previous), min(p[1] for p in previous))
            dx, dy = _free_offset(rects, fixed_rects, anchor)
        else:  # new tables: to the right of what is there
            dx = max(r[0] + r[2] for r in fixed_rects) + 2 * GAP
            dy = min(r[1] for r in fixed_rects)
    else:
        dx, dy = 0.0, 0.0
    result = dict(fixed)
    for tid, (x, y, _w, _h) in rects.items():
        result[tid] = (round(x + dx, 1), round(y + dy, 1))
    report(1.0)
    return result


def pick_engine(graph: nx.DiGraph, sizes: dict[str, tuple[float, float]]) -> str:
    """``dot`` when its hierarchy fits a screen-like shape, else ``fdp``.

    The width of a ``dot`` layout is driven by its widest rank; the longest
    path gives the number of ranks.  A broad, shallow graph (many tables all
    referencing the same few) makes a strip dozens of screens wide."""
    if graph.number_of_nodes() <= 12:
        return "dot"
    dag = graph if nx.is_directed_acyclic_graph(graph) else nx.condensation(graph)
    generations = list(nx.topological_generations(dag))
    widest = max(len(g) for g in generations)
    mean_w = sum(_size(sizes, n)[0] for n in graph) / graph.number_of_nodes()
    mean_h = sum(_size(sizes, n)[1] for n in graph) / graph.number_of_nodes()
    # rankdir=LR: ranks are columns; a column holds `widest` cards stacked
    tall = widest * (mean_h + GAP)
    wide = len(generations) * (mean_w + 2 * GAP)
    return "dot" if tall / max(wide, 1.0) < STRIP else "fdp"


# -- Graphviz --------------------------------------------------------------------------


def _size(sizes: dict[str, tuple[float, float]], tid: str) -> tuple[float, float]:
    return sizes.get(tid, (160.0, 60.0))


def _skew(block: dict[str, Position], sizes) -> float:
    """How far from square a block is: its longer side over its shorter."""
    w, h = _extent(block, sizes)
    return max(w, h) / max(1.0, min(w, h))


def _layout_graph(graph: nx.DiGraph, sizes, engine: str, report, *, compact: bool = False) -> dict[str, Position]:
    """Top-left positions for every node of ``graph``, the block's top-left at
    the origin: each connected component laid out on its own (progress between
    components), single tables and small groups gathered, components packed in
    rows."""
    components = sorted(nx.weakly_connected_components(graph), key=len, reverse=True)
    blocks: list[dict[str, Position]] = []
    singles: list[str] = []
    total = graph.number_of_nodes()
    done = 0
    for component in components:
        if len(component) == 1:
            singles.extend(component)
            continue
        sub = graph.subgraph(component)
        prog = engine if engine != "auto" else pick_engine(sub, sizes)
        parts = (_communities(sub) if prog == "dot" and engine == "dot" and not compact and len(component) > 30
                 and pick_engine(sub, sizes) != "dot" else [])
        if len(parts) > 1:
            # dot asked for a broad graph: its communities, each by dot, packed
            blocks.append(_layout_grouped(sub, parts, sizes, "dot", lambda _f: None))
        elif compact and engine == "auto" and len(component) > 4:
            # an area: dot, unless that makes a column or a row (a hub and its
            # satellites); then the force-directed layout, which keeps it round
            block = _graphviz(sub, sizes, prog)
            if _skew(block, sizes) > 2.5 and prog == "dot":
                other = _graphviz(sub, sizes, "fdp", spread_cards=1.3)
                if _skew(other, sizes) < _skew(block, sizes):
                    block = other
            blocks.append(block)
        else:
            blocks.append(_graphviz(sub, sizes, prog))
        done += len(component)
        report(0.95 * done / total)
    if singles:
        order = {tid: i for i, tid in enumerate(graph)}
        singles.sort(key=order.__getitem__)
        blocks.append(_grid(singles, sizes))
    return _pack(blocks, sizes)


def _communities(graph: nx.DiGraph) -> list[list[str]]:
    from tablewright.designer.areas import communities

    return communities(graph.to_undirected())


def _layout_grouped(graph: nx.DiGraph, groups: list[list[str]], sizes, engine: str, report) -> dict[str, Position]:
    """Each group laid out on its own, the groups packed ``AREA_GAP`` apart,
    connected groups near each other; nodes in no group are one more block."""
    nodes = set(graph)
    seen: set[str] = set()
    parts: list[list[str]] = []
    for g in groups:
        part = [n for n in g if n in nodes and n not in seen]
        seen.update(part)
        if part:
            parts.append(part)
    rest = [n for n in graph if n not in seen]
    if rest:
        parts.append(rest)
    blocks = []
    total = max(1, len(nodes))
    done = 0
    for part in parts:
        blocks.append(_layout_graph(graph.subgraph(part), sizes, engine, lambda _f: None, compact=True))
        done += len(part)
        report(0.9 * done / total)
    # the order of packing: a walk over the groups' own graph (weight = keys
    # between them), biggest first, so connected groups land side by side
    of = {n: i for i, part in enumerate(parts) for n in part}
    between = nx.Graph()
    between.add_nodes_from(range(len(parts)))
    for a, b in graph.edges():
        ga, gb = of[a], of[b]
        if ga != gb:
            w = between.get_edge_data(ga, gb, {"weight": 0})["weight"]
            between.add_edge(ga, gb, weight=w + 1)
    order: list[int] = []
    for start in sorted(range(len(parts)), key=lambda i: -len(parts[i])):
        if start in order:
            continue
        queue = [start]
        while queue:
            i = queue.pop(0)
            if i in order:
                continue
            order.append(i)
            queue += sorted((j for j in between[i] if j not in order),
                            key=lambda j: (-between[i][j]["weight"], -len(parts[j])))
    return _pack([blocks[i] for i in order], sizes, gap=AREA_GAP, aspect=1.6)


def _graphviz(graph: nx.DiGraph, sizes, prog: str, spread_cards: float = 2.5) -> dict[str, Position]:
    import pygraphviz as pgv

    agraph = pgv.AGraph(directed=True, strict=False)
    agraph.graph_attr.update(splines="false", outputorder="nodesfirst")
    if prog == "dot":
        # referenced tables left of the tables that point at them: edges leave
        # column rows sideways, so ranks as columns keep them short
        agraph.graph_attr.update(rankdir="RL", nodesep=str(GAP / 2 / INCH), ranksep=str(2.2 * GAP / INCH))
    else:
        # prism (the default) needs the triangulation library the bundled
        # Graphviz lacks; vpsc removes overlaps without it, keeping the shape
        # ideal edge length about two and a half cards, so the layout is
        # spread out before overlap removal (vpsc alone squeezes a dense blob
        # into a tall column)
        mean = math.sqrt(sum(_size(sizes, n)[0] * _size(sizes, n)[1] for n in graph) / len(graph))
        spread = f"{spread_cards * mean / INCH:.2f}"
        agraph.graph_attr.update(overlap="vpsc", sep=f"+{GAP / 2:.0f}", K=spread)
        agraph.edge_attr.update(len=spread)  # neato's edge length
    agraph.node_attr.update(shape="box", fixedsize="true", label="")
    for node in sorted(graph):
        w, h = _size(sizes, node)
        agraph.add_node(node, width=f"{w / INCH:.4f}", height=f"{h / INCH:.4f}")
    for a, b in sorted(graph.edges()):
        agraph.add_edge(a, b)
    agraph.layout(prog=prog)
    centres = {}
    for node in agraph.nodes_iter():
        cx, cy = (float(v) for v in node.attr["pos"].rstrip("!").split(","))
        centres[str(node)] = (cx, -cy)  # Graphviz: y up
    return _normalise({n: (cx - _size(sizes, n)[0] / 2, cy - _size(sizes, n)[1] / 2) for n, (cx, cy) in centres.items()})


def _normalise(block: dict[str, Position]) -> dict[str, Position]:
    if not block:
        return block
    x0 = min(p[0] for p in block.values())
    y0 = min(p[1] for p in block.values())
    return {n: (x - x0, y - y0) for n, (x, y) in block.items()}


def _grid(tables: list[str], sizes) -> dict[str, Position]:
    """Unconnected tables in a roughly square grid of columns."""
    columns = max(1, round(math.sqrt(len(tables) / 2)))
    per_column = math.ceil(len(tables) / columns)
    out: dict[str, Position] = {}
    x = 0.0
    for c in range(columns):
        chunk = tables[c * per_column:(c + 1) * per_column]
        y = 0.0
        for tid in chunk:
            out[tid] = (x, y)
            y += _size(sizes, tid)[1] + GAP / 2
        x += max((_size(sizes, t)[0] for t in chunk), default=0) + GAP
    return out


def _extent(block: dict[str, Position], sizes) -> tuple[float, float]:
    return (
        max(x + _size(sizes, n)[0] for n, (x, _y) in block.items()),
        max(y + _size(sizes, n)[1] for n, (_x, y) in block.items()),
    )


def _pack(blocks: list[dict[str, Position]], sizes, *, gap: float = 2 * GAP,
          aspect: float | None = None) -> dict[str, Position]:
    """Blocks (in the order given) in rows no wider than the largest block or a
    square of the total area (``aspect``: a rectangle that much wider than
    tall), whichever is wider; ``gap`` between blocks."""
    if not blocks:
        return {}
    extents = [_extent(b, sizes) for b in blocks]
    area = sum((w + gap) * (h + gap) for w, h in extents)
    target = math.sqrt(area * aspect) if aspect else math.sqrt(area) * 1.4
    row_width = max(max(w for w, _ in extents), target)
    out: dict[str, Position] = {}
    x = y = row_h = 0.0
    for block, (w, h) in zip(blocks, extents):
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        for n, (bx, by) in block.items():
            out[n] = (bx + x, by + y)
        x += w + gap
        row_h = max(row_h, h)
    return out


def _free_offset(rects: dict[str, Rect], fixed: list[Rect], anchor: Position) -> Position:
    """An offset that puts the block's top-left near ``anchor`` without any of
    its cards overlapping a fixed card: the anchor itself if free, else the
    nearest free spot on rings of growing radius, else right of everything."""
    bx0 = min(r[0] for r in rects.values())
    by0 = min(r[1] for r in rects.values())
    block = [(r[0] - bx0, r[1] - by0, r[2], r[3]) for r in rects.values()]
    bw = max(r[0] + r[2] for r in block)
    bh = max(r[1] + r[3] for r in block)
    step = GAP * 4
    for ring in range(0, 25):
        candidates = [(0.0, 0.0)] if ring == 0 else [
            (ring * step * math.cos(a), ring * step * math.sin(a))
            for a in (k * math.pi / (4 * ring) for k in range(8 * ring))
        ]
        for cx, cy in candidates:
            ox, oy = anchor[0] + cx, anchor[1] + cy
            near = [f for f in fixed if f[0] < ox + bw + GAP and ox - GAP < f[0] + f[2]
                    and f[1] < oy + bh + GAP and oy - GAP < f[1] + f[3]]
            if not any(_overlap((ox + r[0], oy + r[1], r[2], r[3]), f) for r in block for f in near):
                return ox - bx0, oy - by0
    return max(f[0] + f[2] for f in fixed) + 2 * GAP - bx0, min(f[1] for f in fixed) - by0


def _overlap(a: Rect, b: Rect, pad: float = GAP / 4) -> bool:
    return a[0] < b[0] + b[2] + pad and b[0] < a[0] + a[2] + pad and a[1] < b[1] + b[3] + pad and b[1] < a[1] + a[3] + pad
