"""Layout times on MusicBrainz (375 tables, ~770 foreign keys).

    .venv/bin/python benchmarks/layout.py [--repeat N]

Prints the best of N wall times for: DDL import; building the scene's cards
(sizes); layout per engine (with the diagram's extent and aspect); and the
time until a laid-out diagram exists, as the app does it — import, then
``DiagramScene.set_schema`` (cards, auto layout, edges), then the first paint
of a 1400x900 view fitted to the whole diagram.  Target: under 5 s."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus_cases import CASES  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_export import CORPUS, best  # noqa: E402  (the best-of-N timer, one copy)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="auto,dot,fdp,neato,sfdp")
    args = parser.parse_args()

    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept alive
    from tablewright.app.canvas.scene import DiagramScene
    from tablewright.app.canvas.view import DiagramView
    from tablewright.designer.layout import fk_graph, layout
    from tablewright.designer.sources import load_sources

    files, dialect, _count = CASES["musicbrainz"]
    paths = [str(CORPUS / f) for f in files]
    t_import, result = best(lambda: load_sources(paths, dialect), args.repeat)
    schema = result.schema
    graph = fk_graph(schema)
    print(f"MusicBrainz: {len(schema.tables)} tables, {graph.number_of_edges()} FK graph edges "
          f"({sum(1 for _ in schema.foreign_keys())} foreign keys)")
    print(f"  DDL import                       {t_import * 1000:8.0f} ms")

    scene = DiagramScene()
    scene.set_schema(schema, {tid: (0.0, 0.0, True) for tid in (t.id for t in schema.tables)})
    sizes = scene.card_sizes()
    for engine in args.engines.split(","):
        t, positions = best(lambda: layout(schema, sizes, engine=engine), args.repeat)
        w = max(x + sizes[n][0] for n, (x, _y) in positions.items())
        h = max(y + sizes[n][1] for n, (_x, y) in positions.items())
        print(f"  layout {engine:6}                   {t * 1000:8.0f} ms   extent {w:6.0f} x {h:6.0f} pt")

    def open_diagram():
        start = time.perf_counter()
        fresh = load_sources(paths, dialect).schema
        t1 = time.perf_counter()
        scene = DiagramScene()
        scene.set_schema(fresh, {})
        t2 = time.perf_counter()
        view = DiagramView(scene)
        view.resize(1400, 900)
        view.show()  # the viewport takes its size only once shown (offscreen here)
        QApplication.processEvents()
        view.fit_all()
        image = QImage(1400, 900, QImage.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        view.render(painter)
        painter.end()
        t3 = time.perf_counter()
        scene.clear()
        return (t1 - start, t2 - t1, t3 - t2, t3 - start)

    runs = [open_diagram() for _ in range(args.repeat)]
    imp, build, paint, total = min(runs, key=lambda r: r[3])
    print(f"  open DDL -> laid-out diagram     {total * 1000:8.0f} ms   "
          f"(import {imp * 1000:.0f}, scene + auto layout {build * 1000:.0f}, first paint {paint * 1000:.0f}; "
          f"target < 5000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
