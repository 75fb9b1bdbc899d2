"""Paint time per frame of the diagram view at 1,000 generated tables.

    .venv/bin/python benchmarks/canvas_paint.py [--tables 1000] [--frames 60]

A schema of N tables (3-20 columns, about 1.5 foreign keys each, laid out by
the same auto layout as the app) is shown in a view whose viewport is
1400x900 (checked), and painted frame after frame two ways:

- paint: ``viewport().repaint()``, the view's own paintEvent into its backing
  store, which is what a frame on screen costs (offscreen platform here);
- render: ``view.render()`` into a QImage, the path of ``grab()`` and
  screenshots (it also asks every item in view for its bounding rect).

Scenarios:

- fit: the whole diagram in view, level of detail = name-only blocks;
- 100%: zoom 1, a viewport-sized region in full detail;
- drag fit / drag 100%: a card moved 6 pt before each frame (its edges follow);
- 100% at the centre: where most long edges cross;
- 45%: was just above the block zoom (0.4), now name-only blocks (0.5);
- 55%: just above the block zoom, cards in full detail, many in view (each
  card's drawing is cached as a pixmap at the zoom in force, so a repaint at
  the same zoom blits it; zooming there redraws every card: measured too);
- 10% / 30%: name-only blocks with names, most / some of the cards in view;
- zooming: a wheel step (x1.25) before each frame, between 6% and 36%.

Prints mean and 95th percentile ms per frame.  Target: under 16 ms with LOD."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tablewright.designer.model import Column, DataType, ForeignKey, PrimaryKey, Schema, Table  # noqa: E402

TYPES = [DataType("integer", "integer"), DataType("text", "text"), DataType("varchar", "varchar(80)", length=80),
         DataType("timestamptz", "timestamptz"), DataType("boolean", "boolean"), DataType("numeric", "numeric(10,2)",
                                                                                          precision=10, scale=2)]


def generated_schema(n: int, seed: int = 7) -> Schema:
    rng = random.Random(seed)
    schema = Schema(dialect="postgres")
    for i in range(n):
        cols = [Column(f"c{i}_0", "id", TYPES[0], nullable=False)]
        for j in range(1, rng.randint(3, 20)):
            cols.append(Column(f"c{i}_{j}", f"column_{j}_{rng.choice(['name', 'code', 'at', 'total'])}",
                               rng.choice(TYPES), nullable=rng.random() < 0.5))
        table = Table(f"t{i}", f"table_{i:04d}_{rng.choice(['order', 'item', 'user', 'event'])}", columns=cols,
                      primary_key=PrimaryKey(f"pk{i}", [f"c{i}_0"]))
        for k in range(rng.choice([0, 1, 1, 2, 2, 3]) if i else 0):
            ref = rng.randrange(0, i)
            col = cols[min(k + 1, len(cols) - 1)]
            table.foreign_keys.append(ForeignKey(f"fk{i}_{k}", [col.id], f"t{ref}", [f"c{ref}_0"]))
        schema.tables.append(table)
    return schema


def frames(render, count: int, before=None) -> tuple[float, float]:
    times = []
    for i in range(count):
        if before:
            before(i)
        start = time.perf_counter()
        render()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.fmean(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args()

    from PySide6.QtCore import QEvent, QObject, QSize
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept alive
    from tablewright.app.canvas.scene import DiagramScene
    from tablewright.app.canvas.view import DiagramView

    schema = generated_schema(args.tables)
    start = time.perf_counter()
    scene = DiagramScene()
    scene.set_schema(schema, {})
    built = time.perf_counter() - start
    view = DiagramView(scene)
    view.resize(1400, 900)
    view.show()  # the viewport takes its size only once shown (offscreen here)
    QApplication.processEvents()
    want = QSize(1400, 900)  # the viewport, not the frame with its scroll bars
    view.resize(view.size() + want - view.viewport().size())
    QApplication.processEvents()
    viewport = view.viewport()
    assert viewport.size() == want and viewport.isVisible(), (viewport.size(), viewport.isVisible())
    image = QImage(viewport.size(), QImage.Format_ARGB32_Premultiplied)

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint:
                self.count += 1
            return False

    counter = PaintCounter()
    viewport.installEventFilter(counter)
    viewport.repaint()
    viewport.removeEventFilter(counter)
    assert counter.count == 1, "repaint() did not paint the viewport"

    def paint():
        viewport.repaint()

    def render():
        painter = QPainter(image)
        view.render(painter)
        painter.end()

    def measure(label, before=None):
        for name, fn in (("paint", paint), ("render", render)):
            fn()  # warm up (fonts, glyph caches, the scene's caches)
            mean, p95 = frames(fn, args.frames, before)
            print(f"  {label:<34} {name:<6}  mean {mean:6.1f} ms   p95 {p95:6.1f} ms")
        QApplication.processEvents()

    print(f"{len(schema.tables)} tables, {len(scene.edge_items())} foreign keys; "
          f"scene + layout built in {built * 1000:.0f} ms; viewport {viewport.width()}x{viewport.height()}")
    view.fit_all()
    QApplication.processEvents()
    measure(f"fit (zoom {view.zoom():.3f}, LOD blocks)")
    card = scene.table_items()[len(scene.table_items()) // 2]

    def nudge(i):
        card.moveBy(6 if i % 20 < 10 else -6, 0)

    measure("drag at fit", nudge)
    view.set_zoom(1.0)
    view.centerOn(card.sceneBoundingRect().center())
    measure("100% (full detail)")
    measure("drag at 100%", nudge)
    view.centerOn(scene.itemsBoundingRect().center())
    measure("100% at the centre (dense edges)")
    view.set_zoom(0.45)
    view.centerOn(scene.itemsBoundingRect().center())
    measure("45% (LOD blocks since BLOCK_LOD 0.5)")
    view.set_zoom(0.55)
    view.centerOn(scene.itemsBoundingRect().center())
    measure("55% (full detail, many cards)")
    view.set_zoom(0.1)
    measure("10% (LOD blocks, names)")
    view.set_zoom(0.3)
    measure("30% (LOD blocks, names)")
    levels = [0.06 * 1.25 ** k for k in range(9)]  # 6% .. 36%, a wheel step apart
    centre = scene.itemsBoundingRect().center()

    def wheel(i):
        k = i % (2 * len(levels) - 2)
        view.set_zoom(levels[k if k < len(levels) else 2 * len(levels) - 2 - k], view.mapFromScene(centre).toPointF())

    measure("zooming 6%..36% (a step a frame)", wheel)
    # above the block zoom every step redraws the cards (their cached drawings
    # are per zoom): the worst case of the card cache
    near = [0.55 * 1.25 ** k for k in range(4)]  # 55% .. 107%

    def wheel_near(i):
        k = i % (2 * len(near) - 2)
        view.set_zoom(near[k if k < len(near) else 2 * len(near) - 2 - k], view.mapFromScene(centre).toPointF())

    measure("zooming 55%..107% (a step a frame)", wheel_near)
    scene.clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
