"""The diagram scene and view (pytest-qt, offscreen): cards and edges from the
model, sync after edits, drags, findings, rendering, navigation, the worker.
Screenshots go to artifacts/ for a person to look at."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter
from PySide6.QtTest import QTest

from app.canvas.layout_worker import LayoutWorker
from app.canvas.palette import SEVERITY_COLOURS
from app.canvas.render import render_to_file
from app.canvas.scene import DiagramScene
from app.canvas.view import DiagramView, MiniMap
from designer import edits
from designer.model import DataType
from designer.sources import load_sources
from linting.findings import Finding
from tests.conftest import REPO_ROOT, corpus_path
from tests.corpus_cases import CASES

ARTIFACTS = REPO_ROOT / "artifacts"
pytestmark = pytest.mark.gui


def load_case(name):
    files, dialect, _count = CASES[name]
    return load_sources([str(corpus_path(f)) for f in files], dialect).schema


@pytest.fixture(scope="module")
def sakila_schema():
    return load_case("sakila-pg")


@pytest.fixture
def scene(qapp, sakila_schema):
    import copy

    scene = DiagramScene()
    scene.set_schema(copy.deepcopy(sakila_schema), {})
    yield scene
    scene.clear()


@pytest.fixture
def view(qtbot, scene):
    view = DiagramView(scene)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def resolved_fks(schema):
    ids = {t.id for t in schema.tables}
    return {fk.id for _t, fk in schema.foreign_keys() if fk.ref_table in ids}


def by_name(schema, name):
    return next(t for t in schema.tables if t.name == name)


def send_mouse(view, kind, scene_pos, button=Qt.LeftButton, buttons=Qt.LeftButton, modifiers=Qt.NoModifier):
    from PySide6.QtWidgets import QApplication

    local = QPointF(view.mapFromScene(scene_pos))
    global_ = QPointF(view.viewport().mapToGlobal(local.toPoint()))
    QApplication.sendEvent(view.viewport(), QMouseEvent(kind, local, global_, button, buttons, modifiers))


def drag(view, start, end, modifiers=Qt.NoModifier):
    send_mouse(view, QEvent.MouseButtonPress, start, modifiers=modifiers)
    steps = 5
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        send_mouse(view, QEvent.MouseMove, p, button=Qt.NoButton, modifiers=modifiers)
    send_mouse(view, QEvent.MouseButtonRelease, end, buttons=Qt.NoButton, modifiers=modifiers)


# -- model -> scene ----------------------------------------------------------------


@pytest.mark.corpus
def test_cards_and_edges_match_tables_and_resolved_foreign_keys(scene):
    schema = scene.schema
    assert {c.table_id for c in scene.table_items()} == {t.id for t in schema.tables}
    assert {e.fk_id for e in scene.edge_items()} == resolved_fks(schema)
    film = scene.table_item(by_name(schema, "film").id)
    assert [r.name for r in film.rows] == [c.name for c in by_name(schema, "film").columns]
    assert film.rows[0].marker == "PK"
    assert any(r.marker == "FK" for r in film.rows)


@pytest.mark.corpus
def test_sync_tables_adds_and_removes_cards_and_edges(scene):
    schema = scene.schema
    before = scene.positions()
    add = edits.add_table(schema, "review")
    add.apply(schema)
    review = add.table.id
    film = by_name(schema, "film")
    col = edits.add_column(schema, review, "film_id", DataType("integer"), nullable=False)
    col.apply(schema)
    film_id_col = schema.table(review).columns[-1].id
    fk = edits.add_foreign_key(schema, review, [film_id_col], film.id, [film.primary_key.columns[0]])
    fk.apply(schema)
    scene.sync_tables(add.tables | col.tables | fk.tables)

    assert scene.table_item(review) is not None
    assert {e.fk_id for e in scene.edge_items()} == resolved_fks(schema)
    after = scene.positions()
    assert all(after[tid] == pos for tid, pos in before.items())  # nothing else moved
    new = scene.table_item(review).sceneBoundingRect()
    assert not any(new.intersects(c.sceneBoundingRect()) for c in scene.table_items() if c.table_id != review)

    delete = edits.delete_table(schema, film.id)
    delete.apply(schema)
    scene.sync_tables(delete.tables)
    assert scene.table_item(film.id) is None
    assert {e.fk_id for e in scene.edge_items()} == resolved_fks(schema)
    assert all(e.target.table_id != film.id for e in scene.edge_items())

    delete.revert(schema)  # undo brings the card and every edge back
    scene.sync_tables(delete.tables)
    assert {e.fk_id for e in scene.edge_items()} == resolved_fks(schema)


def test_edges_follow_a_moving_card(scene):
    edge = scene.edge_items()[0]
    before = edge.boundingRect()
    edge.source.moveBy(300, 200)
    assert edge.boundingRect() != before
    assert edge._ends[0].x() in (edge.source.x(), edge.source.x() + edge.source.width)


# -- gestures ----------------------------------------------------------------------


@pytest.mark.corpus
def test_dragging_two_selected_cards_emits_one_tables_moved(qtbot, scene, view):
    schema = scene.schema
    a, b = scene.table_item(by_name(schema, "actor").id), scene.table_item(by_name(schema, "film").id)
    view.set_zoom(1.0)
    view.center_on_table(a.table_id)
    a.setSelected(True)
    b.setSelected(True)
    start = a.sceneBoundingRect().center()
    old_a, old_b = a.pos(), b.pos()
    received = []
    scene.tablesMoved.connect(received.append)
    drag(view, start, start + QPointF(120, 80))
    assert len(received) == 1
    moved = received[0]
    assert set(moved) == {a.table_id, b.table_id}
    assert moved[a.table_id][0] == (old_a.x(), old_a.y())
    assert moved[a.table_id][1] == (a.x(), a.y()) and a.pos() != old_a
    assert scene.positions()[a.table_id][2] is True  # moved by hand = pinned
    assert scene.positions()[by_name(schema, "store").id][2] is False


@pytest.mark.corpus
def test_ctrl_drag_from_a_column_row_proposes_a_foreign_key(qtbot, scene, view):
    schema = scene.schema
    src = scene.table_item(by_name(schema, "rental").id)
    dst = scene.table_item(by_name(schema, "language").id)
    free_x = scene.itemsBoundingRect().right() + 200  # somewhere no other card is
    src.setPos(free_x, 0)
    dst.setPos(free_x + src.width + 100, 0)
    view.set_zoom(1.0)
    view.centerOn(src.sceneBoundingRect().center())
    row = src.rows[1]
    start = src.mapToScene(QPointF(40, src.row_centre_y(row.column_id)))
    end = dst.mapToScene(QPointF(40, dst.row_centre_y(dst.rows[0].column_id)))
    with qtbot.waitSignal(scene.foreignKeyDragged) as blocker:
        drag(view, start, end, modifiers=Qt.ControlModifier)
    assert blocker.args == [src.table_id, row.column_id, dst.table_id, dst.rows[0].column_id]
    assert src.pos() == QPointF(free_x, 0)  # a foreign-key drag does not move the card
    assert not scene.positions()[src.table_id][2]


@pytest.mark.corpus
def test_double_click_activates_the_column_under_the_cursor(qtbot, scene, view):
    card = scene.table_item(by_name(scene.schema, "city").id)
    view.set_zoom(1.0)
    view.centerOn(card.sceneBoundingRect().center())
    point = view.mapFromScene(card.mapToScene(QPointF(30, card.row_centre_y(card.rows[1].column_id))))
    with qtbot.waitSignal(scene.objectActivated) as blocker:
        QTest.mouseDClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, point)
    assert blocker.args == [card.table_id, card.rows[1].column_id]


# -- findings ----------------------------------------------------------------------


def finding(table, severity, column=None, rule="TW100"):
    return Finding(rule, "x", "schema-design", severity, f"{rule} says {severity}",
                   object_kind="column" if column else "table", table=table.name,
                   column=column.name if column else None, table_id=table.id,
                   object_id=column.id if column else table.id)


@pytest.mark.corpus
def test_findings_badge_counts_and_colours_by_worst_severity(qtbot, scene):
    schema = scene.schema
    film = by_name(schema, "film")
    scene.set_findings([
        finding(film, "low"), finding(film, "high", film.columns[2], "TW200"), finding(film, "medium"),
        finding(by_name(schema, "actor"), "low"),
    ])
    card = scene.table_item(film.id)
    assert card.badge_text() == "3" and card.worst == "high"
    assert set(card.row_findings) == {film.columns[2].id}
    assert "TW200 says high" in card.toolTip()
    assert scene.table_item(by_name(schema, "store").id).badge_text() == ""
    # the badge is painted in the severity's colour, centred on the card's top-right
    # corner (sampled below the count, inside the disc), 4 pixels per point
    corner = card.mapToScene(QPointF(card.width, 0))
    image = QImage(160, 160, QImage.Format_ARGB32)
    image.fill(Qt.white)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 160, 160), QRectF(corner.x() - 20, corner.y() - 20, 40, 40))
    painter.end()
    assert image.pixelColor(80, 80 + 26) == QColor(SEVERITY_COLOURS["high"])
    scene.set_findings([])
    assert card.badge_text() == "" and card.worst is None


# -- rendering and screenshots ------------------------------------------------------


@pytest.mark.corpus
def test_render_svg_png_pdf_with_every_table_name(tmp_path, scene):
    schema = scene.schema
    scene.set_findings([finding(by_name(schema, "film"), "high", by_name(schema, "film").columns[3])])
    for suffix in ("svg", "png", "pdf"):
        render_to_file(scene, tmp_path / f"sakila.{suffix}")
    texts = svg_texts(tmp_path / "sakila.svg")
    assert {t.name for t in schema.tables} <= texts
    assert {c.name for t in schema.tables for c in t.columns} <= texts
    image = QImage(str(tmp_path / "sakila.png"))
    assert image.width() > 1000 and image.height() > 500
    assert (tmp_path / "sakila.pdf").read_bytes().startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    render_to_file(scene, ARTIFACTS / "canvas-sakila.png")


def svg_texts(path: Path) -> set[str]:
    root = ET.parse(path).getroot()
    return {"".join(el.itertext()).strip() for el in root.iter() if el.tag.endswith("text")}


@pytest.mark.corpus
def test_view_zoom_fit_center_find_and_minimap(qtbot, scene, view):
    view.fit_all()
    assert view.zoom() < 1.0
    visible = view.visible_scene_rect()
    assert all(visible.contains(c.sceneBoundingRect()) for c in scene.table_items())
    z = view.zoom()
    view.zoom_in()
    assert view.zoom() == pytest.approx(z * 1.25)
    view.zoom_out()
    assert view.zoom() == pytest.approx(z)
    payment = view.find_table("PAYMENT")
    assert scene.table_item(payment[0]).title == "payment"  # exact match first, then the partitions
    assert len(payment) == 7
    view.center_on_table(payment[-1])
    assert view.visible_scene_rect().contains(scene.table_item(payment[-1]).sceneBoundingRect().center())
    minimap = MiniMap(view)
    qtbot.addWidget(minimap)
    minimap.resize(240, 180)
    minimap.show()
    minimap.refresh()
    inventory = scene.table_item(view.find_table("inventory")[0]).sceneBoundingRect()
    target = inventory.center()
    QTest.mouseClick(minimap, Qt.LeftButton, Qt.NoModifier, minimap._to_map(inventory).center().toPoint())
    assert (view.visible_scene_rect().center() - target).manhattanLength() < 60
    ARTIFACTS.mkdir(exist_ok=True)
    view.set_zoom(0.3)
    view.grab().save(str(ARTIFACTS / "canvas-view-lod.png"))
    view.set_zoom(1.0)
    view.center_on_table(view.find_table("film")[0])
    view.grab().save(str(ARTIFACTS / "canvas-view-100.png"))
    minimap.grab().save(str(ARTIFACTS / "canvas-minimap.png"))


def test_wheel_zooms_around_the_cursor(qtbot, scene, view):
    view.set_zoom(0.5)
    point = QPoint(700, 200)
    under = view.mapToScene(point)
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(QPointF(point), QPointF(view.viewport().mapToGlobal(point)), QPoint(), QPoint(0, 120),
                        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom() == pytest.approx(0.5 * 1.25)
    assert (view.mapToScene(point) - under).manhattanLength() < 3


# -- layout worker -------------------------------------------------------------------


@pytest.mark.corpus
def test_layout_worker_finishes_and_drops_stale_jobs(qtbot, scene):
    worker = LayoutWorker()
    results = []
    worker.finished.connect(results.append)
    sizes = scene.card_sizes()
    worker.start(scene.schema, sizes, engine="neato")  # superseded at once
    with qtbot.waitSignal(worker.finished, timeout=20000):
        worker.start(scene.schema, sizes, engine="dot")
    worker.wait()
    qtbot.wait(50)
    assert len(results) == 1
    assert set(results[0]) == {t.id for t in scene.schema.tables}
