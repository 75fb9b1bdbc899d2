"""Named diagrams (no Qt): several views of the one model in a project, each
with its own tables and positions, saved in the project's diagram section
(``diagram.extra["diagrams"]``).  The project's own positions are the main
diagram, which shows every table; a named diagram shows the tables it lists
(one per subject area, or any selection).  Edits change the model, so every
diagram shows them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

Position = tuple[float, float, bool]


@dataclass
class NamedDiagram:
    id: str
    name: str
    tables: list[str] = field(default_factory=list)
    positions: dict[str, Position] = field(default_factory=dict)

    def to_data(self) -> dict:
        return {"id": self.id, "name": self.name, "tables": list(self.tables),
                "positions": {t: [round(p[0], 1), round(p[1], 1), bool(p[2])] for t, p in self.positions.items()}}

    @classmethod
    def from_data(cls, data) -> "NamedDiagram":
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("name"), str):
            raise ValueError("a diagram needs an id and a name")
        tables = [t for t in data.get("tables") or [] if isinstance(t, str)]
        positions = {}
        for tid, p in (data.get("positions") or {}).items():
            if isinstance(p, (list, tuple)) and len(p) == 3 and all(isinstance(v, (int, float)) for v in p[:2]):
                positions[tid] = (float(p[0]), float(p[1]), bool(p[2]))
        return cls(data["id"], data["name"], tables, positions)


def new_diagram_id(name: str, taken: set[str]) -> str:
    base = "dia_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    out, n = base, 1
    while out in taken:
        n += 1
        out = f"{base}_{n}"
    return out


def diagrams_of(diagram) -> list[NamedDiagram]:
    out = []
    for data in diagram.extra.get("diagrams") or []:
        try:
            out.append(NamedDiagram.from_data(data))
        except ValueError:
            continue
    return out


def set_diagrams(diagram, diagrams: list[NamedDiagram]) -> None:
    if diagrams:
        diagram.extra["diagrams"] = [d.to_data() for d in diagrams]
    else:
        diagram.extra.pop("diagrams", None)


def per_area(areas, taken: set[str] | None = None) -> list[NamedDiagram]:
    """One diagram per subject area (its tables; positions laid out when first shown)."""
    taken = set(taken or ())
    out = []
    for area in areas:
        if not area.tables:
            continue
        did = new_diagram_id(area.name, taken)
        taken.add(did)
        out.append(NamedDiagram(did, area.name, list(area.tables)))
    return out
