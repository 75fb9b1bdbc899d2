"""How readable a layout is, in numbers (no Qt): for ``benchmarks/layout.py``
and the tests.

- ``overlaps``: pairs of cards whose rectangles intersect (must be 0);
- ``crossings``: pairs of foreign-key edges that cross, each edge drawn as the
  straight segment between its cards' centres (edges sharing a card are not
  counted), found with a uniform grid so 1,000 tables take well under a second;
- ``mean_edge``: mean edge length in mean card widths;
- ``aspect``: the diagram's width over its height.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from tablewright.designer.layout import fk_graph
from tablewright.designer.model import Schema


@dataclass
class Metrics:
    tables: int
    edges: int
    overlaps: int
    crossings: int
    mean_edge: float  # in card widths
    aspect: float
    width: float
    height: float

    def row(self) -> str:
        return (f"{self.tables:6d} {self.edges:6d} {self.overlaps:8d} {self.crossings:9d} "
                f"{self.mean_edge:9.2f} {self.aspect:7.2f}   {self.width:7.0f} x {self.height:<7.0f}")

    HEADER = "tables  edges overlaps crossings mean-edge  aspect   extent (pt)"


def _ccw(a, b, c) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segments_cross(p1, p2, q1, q2) -> bool:
    d1, d2 = _ccw(q1, q2, p1), _ccw(q1, q2, p2)
    d3, d4 = _ccw(p1, p2, q1), _ccw(p1, p2, q2)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0) and d1 * d2 < 0 and d3 * d4 < 0


def overlapping_pairs(rects: dict[str, tuple[float, float, float, float]]) -> list[tuple[str, str]]:
    """Pairs of (x, y, w, h) rectangles that intersect (touching edges do not)."""
    cell = max(1.0, max((max(w, h) for _x, _y, w, h in rects.values()), default=1.0))
    grid: dict[tuple[int, int], list[str]] = defaultdict(list)
    for n, (x, y, w, h) in rects.items():
        for gx in range(int(x // cell), int((x + w) // cell) + 1):
            for gy in range(int(y // cell), int((y + h) // cell) + 1):
                grid[gx, gy].append(n)
    found = set()
    for members in grid.values():
        for i, a in enumerate(members):
            ax, ay, aw, ah = rects[a]
            for b in members[i + 1:]:
                bx, by, bw, bh = rects[b]
                if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                    found.add((min(a, b), max(a, b)))
    return sorted(found)


def crossings(segments: list[tuple[tuple[float, float], tuple[float, float], str, str]], cell: float) -> int:
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (p, q, _a, _b) in enumerate(segments):
        x0, x1 = sorted((p[0], q[0]))
        y0, y1 = sorted((p[1], q[1]))
        for gx in range(int(x0 // cell), int(x1 // cell) + 1):
            for gy in range(int(y0 // cell), int(y1 // cell) + 1):
                grid[gx, gy].append(i)
    seen = set()
    count = 0
    for members in grid.values():
        for k, i in enumerate(members):
            p1, p2, a1, b1 = segments[i]
            for j in members[k + 1:]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                q1, q2, a2, b2 = segments[j]
                if {a1, b1} & {a2, b2}:
                    continue
                if segments_cross(p1, p2, q1, q2):
                    count += 1
    return count


def measure(schema: Schema, positions: dict[str, tuple[float, float]],
            sizes: dict[str, tuple[float, float]]) -> Metrics:
    rects = {n: (x, y, *sizes.get(n, (160.0, 60.0))) for n, (x, y) in ((n, p[:2]) for n, p in positions.items())}
    centre = {n: (x + w / 2, y + h / 2) for n, (x, y, w, h) in rects.items()}
    graph = fk_graph(schema, rects)
    segs = [(centre[a], centre[b], a, b) for a, b in graph.edges() if a in centre and b in centre]
    mean_w = sum(r[2] for r in rects.values()) / max(1, len(rects))
    lengths = [math.dist(p, q) for p, q, _a, _b in segs]
    x0 = min(r[0] for r in rects.values())
    y0 = min(r[1] for r in rects.values())
    x1 = max(r[0] + r[2] for r in rects.values())
    y1 = max(r[1] + r[3] for r in rects.values())
    return Metrics(
        tables=len(rects), edges=len(segs), overlaps=len(overlapping_pairs(rects)),
        crossings=crossings(segs, cell=max(200.0, mean_w * 2)),
        mean_edge=(sum(lengths) / len(lengths) / mean_w) if lengths else 0.0,
        aspect=(x1 - x0) / max(1.0, y1 - y0), width=x1 - x0, height=y1 - y0,
    )
