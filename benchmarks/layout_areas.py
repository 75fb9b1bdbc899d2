"""Readable layouts and subject areas, in figures.

    .venv/bin/python benchmarks/layout_areas.py [--repeat N] [--tables 1000]

1. Layout metrics before and after (``tablewright.designer.layout_metrics``: overlapping
   cards -- must be 0 --, edge crossings, mean edge length in card widths,
   aspect ratio) for Sakila, MusicBrainz, Phabricator and the generated
   1,000-table schema.  *before*: the layout main had (``auto`` engine, no
   areas; ``dot`` as one graph -- the 1:30 strip); *after*: suggested areas
   (``tablewright.designer.areas.suggest_areas``) laid out by area, and ``dot`` now.
   Card sizes are the app's own cards.
2. Speed at 1,000 tables (targets from issue 12): suggesting areas for
   MusicBrainz (< 1 s), layout by area of 1,000 tables (< 5 s), entering a
   focus view (< 100 ms, the window's Show neighbours, to the first paint),
   dragging an area (< 16 ms a frame: its cards moved, then a repaint of a
   1400x900 viewport at Fit).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from canvas_paint import generated_schema  # noqa: E402  (the generated schema, one copy)
from import_export import CORPUS, best  # noqa: E402
from tests.corpus_cases import CASES  # noqa: E402


def schemas(tables: int):
    from tablewright.designer.sources import load_sources

    for case, label in (("sakila-pg", "Sakila"), ("musicbrainz", "MusicBrainz"), ("phabricator", "Phabricator")):
        files, dialect, _n = CASES[case]
        yield label, load_sources([str(CORPUS / f) for f in files], dialect).schema
    yield f"generated {tables}", generated_schema(tables)


def card_sizes(schema):
    from tablewright.app.canvas.items import TableItem

    qualified = len({t.namespace for t in schema.tables}) > 1
    return {t.id: TableItem(t, t.qualified_name if qualified else t.name).size() for t in schema.tables}


def dot_as_one_graph(schema, sizes):
    """``dot`` as main had it: one Graphviz run per connected component."""
    import tablewright.designer.layout as lay

    keep = lay._communities
    lay._communities = lambda graph: [sorted(graph)]  # no split into communities: the old strip
    try:
        return lay.layout(schema, sizes, engine="dot")
    finally:
        lay._communities = keep


def metrics_table(tables: int) -> None:
    from tablewright.designer.areas import suggest_areas
    from tablewright.designer.layout import layout
    from tablewright.designer.layout_metrics import Metrics, measure

    print("Layout metrics (overlaps must be 0; mean edge in card widths; aspect = width / height)")
    print(f"  {'schema':<16} {'layout':<28} {Metrics.HEADER}   time")
    for label, schema in schemas(tables):
        sizes = card_sizes(schema)
        areas = suggest_areas(schema)
        runs = [
            ("before: auto", lambda: layout(schema, sizes)),
            ("before: dot", lambda: dot_as_one_graph(schema, sizes)),
            (f"after: by {len(areas)} areas", lambda: layout(schema, sizes, groups=[a.tables for a in areas])),
            ("after: dot", lambda: layout(schema, sizes, engine="dot")),
        ]
        for name, run in runs:
            start = time.perf_counter()
            positions = run()
            took = time.perf_counter() - start
            m = measure(schema, positions, sizes)
            print(f"  {label:<16} {name:<28} {m.row()}   {took:5.2f} s")


def speed(tables: int, repeat: int) -> None:
    from PySide6.QtCore import QPointF, QSettings, QSize
    from PySide6.QtWidgets import QApplication

    from tablewright.app.main_window import MainWindow
    from tablewright.app.settings import AppSettings
    from tablewright.designer.areas import suggest_areas
    from tablewright.designer.layout import layout
    from tablewright.designer.sources import load_sources

    print("\nSpeed (best of %d)" % repeat)
    files, dialect, _n = CASES["musicbrainz"]
    mb = load_sources([str(CORPUS / f) for f in files], dialect).schema
    t, areas = best(lambda: suggest_areas(mb), repeat)
    print(f"  suggest areas, MusicBrainz ({len(mb.tables)} tables -> {len(areas)} areas)   "
          f"{t * 1000:7.0f} ms   (target < 1000)")

    schema = generated_schema(tables)
    sizes = card_sizes(schema)
    gen_areas = suggest_areas(schema)
    groups = [a.tables for a in gen_areas]
    t, _ = best(lambda: layout(schema, sizes, groups=groups), repeat)
    print(f"  layout by area, {tables} tables ({len(gen_areas)} areas)          "
          f"{t * 1000:7.0f} ms   (target < 5000)")

    import tempfile

    settings = AppSettings(QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.IniFormat))
    window = MainWindow(settings)
    window.resize(1400, 900)
    window.show()
    QApplication.processEvents()
    from tablewright.app.undo import ArrangeCommand
    from tablewright.designer.project import Diagram, Project

    placed = layout(schema, sizes, groups=groups)
    window.document.set_project(Project(schema=schema, diagram=Diagram(
        positions={t: (x, y, False) for t, (x, y) in placed.items()})))
    window.document.push(ArrangeCommand(window.document, {}, text="noop"))
    window.diagrams._set_areas(gen_areas, "areas")
    QApplication.processEvents()
    window.view.fit_all()
    QApplication.processEvents()
    viewport = window.view.viewport()
    assert viewport.size().width() > 500, viewport.size()  # the canvas between the docks (596 px wide)

    centre = max(schema.tables, key=lambda t: len(t.foreign_keys)).id

    # wall time, and the GUI thread's CPU time (time.thread_time: the figure that
    # does not depend on what else the machine runs; the paint is on this thread)
    cpu: list[float] = []

    def enter_focus():
        start, c0 = time.perf_counter(), time.thread_time()
        window.diagrams.show_neighbours(centre, 2)
        viewport.repaint()
        took = time.perf_counter() - start
        cpu.append(time.thread_time() - c0)
        window.diagrams.exit_focus()
        viewport.repaint()
        return took

    times = [enter_focus() for _ in range(max(repeat, 5))]
    shown = len([c for c in window.scene.table_items()])
    print(f"  enter focus view (depth 2), {shown} tables, to first paint     "
          f"{min(times) * 1000:7.1f} ms   median {statistics.median(times) * 1000:.1f}   "
          f"CPU median {statistics.median(cpu) * 1000:.1f}   (target < 100)")

    biggest = max(gen_areas, key=lambda a: len(a.tables))
    item = window.scene.area_item(biggest.id)
    start_pos = {tid: window.scene.table_item(tid).pos() for tid in biggest.tables}
    frames, cpu = drag_frames(window, item, start_pos, viewport)
    print(f"  drag an area ({len(biggest.tables)} tables) at Fit, per frame           "
          f"{statistics.mean(frames) * 1000:7.1f} ms   p95 {frames[int(len(frames) * 0.95)] * 1000:.1f}   "
          f"CPU mean {statistics.mean(cpu) * 1000:.1f}   (target < 16)")
    window.view.set_zoom(0.6)
    window.view.centerOn(item.rect().center())
    QApplication.processEvents()
    frames, cpu = drag_frames(window, item, start_pos, viewport)
    print(f"  drag the same area at 60% (cards in full detail), per frame "
          f"{statistics.mean(frames) * 1000:7.1f} ms   p95 {frames[int(len(frames) * 0.95)] * 1000:.1f}   "
          f"CPU mean {statistics.mean(cpu) * 1000:.1f}")
    assert QSize  # noqa: B018
    window.shutdown()


def drag_frames(window, item, start_pos, viewport) -> tuple[list[float], list[float]]:
    """60 frames of an area drag (its cards moved, then a repaint): sorted wall
    times and the GUI thread's CPU times, in seconds."""
    from PySide6.QtCore import QPointF

    window.scene.begin_area_drag(item)
    frames, cpu = [], []
    for i in range(60):
        d = QPointF(8.0 * (i % 20), 5.0 * (i % 20))
        t0, c0 = time.perf_counter(), time.thread_time()
        window.scene.drag_area_to(item, start_pos, d)
        viewport.repaint()
        frames.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
    window.scene.end_area_drag(item, start_pos)
    return sorted(frames), cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--only", choices=("metrics", "speed"))
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept alive
    if args.only != "speed":
        metrics_table(args.tables)
    if args.only != "metrics":
        speed(args.tables, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
