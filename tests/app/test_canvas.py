"""The diagram scene and view (pytest-qt, offscreen): cards and edges from the
model, sync after edits, drags, findings, rendering, navigation, the worker.
Screenshots go to artifacts/ for a person to look at."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter
from PySide6.QtTest import QTest

from tablewright.app.canvas.layout_worker import LayoutWorker
from tablewright.app.canvas.palette import SEVERITY_COLOURS
from tablewright.app.canvas.render import render_to_file
from tablewright.app.canvas.scene import DiagramScene
from tablewright.app.canvas.view import DiagramView, MiniMap
from tablewright.designer import edits
from tablewright.designer.model import DataType
from tablewright.designer.sources import load_sources
from tablewright.linting.findings import Finding
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


# -- far zoom: the scene draws blocks and lines in one batch ------------------------


def grab_image(view) -> QImage:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    return view.viewport().grab().toImage()


def colours_around(image, point: QPoint, radius: int = 1) -> set:
    return {
        image.pixelColor(x, y).name()
        for x in range(point.x() - radius, point.x() + radius + 1)
        for y in range(point.y() - radius, point.y() + radius + 1)
        if 0 <= x < image.width() and 0 <= y < image.height()
    }


def block_pixels(view, card) -> tuple[QPoint, QPoint]:
    """Viewport pixels of a block's centre and of the middle of its left border."""
    rect = card.block_rect()
    return view.mapFromScene(rect.center()), view.mapFromScene(QPointF(rect.left(), rect.center().y()))


@pytest.mark.corpus
def test_far_zoom_draws_blocks_in_place_with_selection_and_finding_colours(qtbot, scene, view):
    from PySide6.QtWidgets import QGraphicsItem

    schema = scene.schema
    pal = scene.palette_
    film, actor, store = (scene.table_item(by_name(schema, n).id) for n in ("film", "actor", "store"))
    scene.set_findings([finding(by_name(schema, "store"), "critical")])
    film.setSelected(True)
    view.set_zoom(0.05)  # below TEXT_LOD: blocks without names
    view.centerOn(scene.itemsBoundingRect().center())
    assert scene.is_batched()
    assert all(item.flags() & QGraphicsItem.ItemHasNoContents for item in scene.table_items() + scene.edge_items())
    image = grab_image(view)
    header, selected_fill = pal.header.name(), pal.selected.lighter(170).name()
    for card in scene.table_items():
        centre, _left = block_pixels(view, card)
        want = selected_fill if card is film else header
        assert image.pixelColor(centre).name() == want, card.title
    assert pal.selected.name() in colours_around(image, block_pixels(view, film)[1])
    assert pal.selected.name() not in colours_around(image, block_pixels(view, actor)[1])
    assert QColor(SEVERITY_COLOURS["critical"]).name() in colours_around(image, block_pixels(view, store)[1])
    # nothing drawn where there is no card or edge
    empty = view.mapFromScene(scene.itemsBoundingRect().bottomRight() + QPointF(300, 300))
    assert colours_around(image, empty, 3) == {pal.background.name()}

    # clicking a block at far zoom selects it, and the batch shows it
    send_mouse(view, QEvent.MouseButtonPress, actor.sceneBoundingRect().center())
    send_mouse(view, QEvent.MouseButtonRelease, actor.sceneBoundingRect().center(), buttons=Qt.NoButton)
    assert scene.selected_table_ids() == [actor.table_id]
    image = grab_image(view)
    assert image.pixelColor(block_pixels(view, actor)[0]).name() == selected_fill
    assert image.pixelColor(block_pixels(view, film)[0]).name() == header

    # rubber band on empty canvas around two cards selects both
    band = film.sceneBoundingRect().united(actor.sceneBoundingRect()).adjusted(-200, -200, 200, 200)
    inside = [c for c in scene.table_items() if band.intersects(c.block_rect())]
    assert not [i for i in scene.items(band.topLeft()) if i in inside or i.acceptedMouseButtons()]
    drag(view, band.topLeft(), band.bottomRight())
    assert set(scene.selected_table_ids()) == {c.table_id for c in inside}
    image = grab_image(view)
    for card in inside:
        assert image.pixelColor(block_pixels(view, card)[0]).name() == selected_fill

    # zoomed back in, the cards paint themselves again
    view.set_zoom(1.0)
    assert not scene.is_batched()
    assert not any(item.flags() & QGraphicsItem.ItemHasNoContents for item in scene.table_items())
    # zoomed out some other way than set_zoom: the next frame switches to the batch
    view.resetTransform()
    view.scale(0.05, 0.05)
    view.centerOn(actor.sceneBoundingRect().center())
    image = grab_image(view)
    assert scene.is_batched()
    assert image.pixelColor(block_pixels(view, actor)[0]).name() == selected_fill


@pytest.mark.corpus
def test_dragging_a_block_at_far_zoom_moves_the_card_and_the_batch_follows(qtbot, scene, view):
    schema = scene.schema
    pal = scene.palette_
    view.set_zoom(0.1)
    diagram = scene.itemsBoundingRect()
    view.centerOn(diagram.center())
    card = scene.table_item(by_name(schema, "language").id)
    assert card.edges
    old_rect = card.block_rect()
    # to a free spot below the diagram, still in view
    target = QPointF(diagram.center().x(), diagram.bottom() + card.height + 300)
    assert view.visible_scene_rect().contains(target)
    image = grab_image(view)  # the overview is cached now: the drag must patch it
    # a block with its name: fill colour around the centre, between the letters
    assert pal.header.name() in colours_around(image, view.mapFromScene(old_rect.center()), 2)
    received = []
    scene.tablesMoved.connect(received.append)
    # a drag painted as it goes: the cached batch is patched move by move
    send_mouse(view, QEvent.MouseButtonPress, old_rect.center())
    grab_image(view)
    for i in range(1, 6):
        send_mouse(view, QEvent.MouseMove, old_rect.center() + (target - old_rect.center()) * (i / 5),
                   button=Qt.NoButton)
        grab_image(view)
    send_mouse(view, QEvent.MouseButtonRelease, target, buttons=Qt.NoButton)
    assert len(received) == 1 and card.table_id in received[0]
    assert card.sceneBoundingRect().contains(target)
    assert scene.is_batched()
    image = grab_image(view)
    new_centre = view.mapFromScene(card.block_rect().center())
    assert pal.selected.lighter(170).name() in colours_around(image, new_centre, 2)
    # the old place shows no block any more (edges may cross it)
    inner = old_rect.adjusted(40, 40, -40, -40)
    assert not [c for c in scene.table_items() if c.sceneBoundingRect().intersects(inner)]
    for fx in (0.25, 0.5, 0.75):
        for fy in (0.25, 0.5, 0.75):
            p = view.mapFromScene(QPointF(inner.left() + inner.width() * fx, inner.top() + inner.height() * fy))
            assert image.pixelColor(p).name() != pal.header.name()
    # its edges were redrawn from the card's new place, highlighted as it is selected
    for edge in card.edges:
        line = edge.overview_line()
        end = line.p1() if card is edge.source else line.p2()
        assert QRectF(card.x() - 1, card.y() - 1, card.width + 2, card.height + 2).contains(end)
        far = line.p2() if card is edge.source else line.p1()
        off_cards = [end + (far - end) * t for t in (0.2, 0.35, 0.5, 0.65, 0.8)]
        off_cards = [p for p in off_cards if not any(
            c.sceneBoundingRect().adjusted(-40, -40, 40, 40).contains(p) for c in scene.table_items())]
        assert off_cards, "no point of the edge off every card"
        for p in off_cards:
            assert pal.selected.name() in colours_around(image, view.mapFromScene(p))
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(str(ARTIFACTS / "canvas-view-far-drag.png"))


@pytest.mark.corpus
def test_render_to_file_at_far_zoom_keeps_full_detail(tmp_path, qtbot, scene, view):
    view.fit_all()
    view.set_zoom(0.05)
    assert scene.is_batched()
    render_to_file(scene, tmp_path / "far.svg")
    assert scene.is_batched()  # back to the batch afterwards
    texts = svg_texts(tmp_path / "far.svg")
    assert {t.name for t in scene.schema.tables} <= texts
    assert {c.name for t in scene.schema.tables for c in t.columns} <= texts


def test_clipped_polyline_keeps_only_what_is_inside():
    from PySide6.QtCore import QLineF

    from tablewright.app.canvas.items import _clipped

    rect = QRectF(0, 0, 100, 100)
    points = [QPointF(-50, 50), QPointF(150, 50), QPointF(150, 200), QPointF(50, 200), QPointF(50, -100)]
    lines = _clipped(points, rect)
    assert lines == [QLineF(0, 50, 100, 50), QLineF(50, 100, 50, 0)]
    assert _clipped([QPointF(200, 0), QPointF(300, 300)], rect) == []
    assert _clipped([QPointF(10, 10), QPointF(20, 30)], rect) == [QLineF(10, 10, 20, 30)]


@pytest.mark.corpus
def test_far_zoom_batch_follows_edits_and_findings(qtbot, scene, view):
    schema = scene.schema
    pal = scene.palette_
    view.set_zoom(0.05)
    view.centerOn(scene.itemsBoundingRect().center())
    film = by_name(schema, "film")
    card = scene.table_item(film.id)
    centre = view.mapFromScene(card.block_rect().center())
    assert grab_image(view).pixelColor(centre).name() == pal.header.name()  # lists built
    delete = edits.delete_table(schema, film.id)
    delete.apply(schema)
    scene.sync_tables(delete.tables)
    assert grab_image(view).pixelColor(centre).name() != pal.header.name()
    delete.revert(schema)
    scene.sync_tables(delete.tables)
    card = scene.table_item(film.id)
    assert grab_image(view).pixelColor(view.mapFromScene(card.block_rect().center())).name() == pal.header.name()
    scene.set_findings([finding(film, "high")])
    left = view.mapFromScene(QPointF(card.x(), card.block_rect().center().y()))
    assert QColor(SEVERITY_COLOURS["high"]).name() in colours_around(grab_image(view), left)
    scene.set_dark(True)
    assert grab_image(view).pixelColor(view.mapFromScene(card.block_rect().center())).name() == \
        scene.palette_.header.name()


def test_selected_card_header_text_is_readable_in_both_palettes():
    """The selected card's title over its header: WCAG contrast of at least
    4.5 (the dark palette once had light text on a near-white header)."""
    from tablewright.app.canvas.palette import DARK, LIGHT

    def luminance(c):
        def channel(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())

    for pal in (LIGHT, DARK):
        for header in (pal.header, pal.selected_header):
            hi, lo = sorted((luminance(pal.header_text), luminance(header)), reverse=True)
            assert (hi + 0.05) / (lo + 0.05) >= 4.5, (pal, header.name())


@pytest.mark.corpus
def test_cached_card_drawings_follow_findings_theme_and_edits(qtbot, scene, view):
    """Cards keep their drawing as a pixmap at the zoom in force; whatever
    changes how a card looks (findings, the theme, its columns) draws it anew
    on screen, and a file export draws it as vectors, not from the cache."""
    from PySide6.QtWidgets import QGraphicsItem

    from tablewright.app.canvas.palette import DARK, LIGHT

    film = by_name(scene.schema, "film")
    card = scene.table_item(film.id)
    assert card.cacheMode() == QGraphicsItem.DeviceCoordinateCache
    view.set_zoom(1.0)
    view.centerOn(card.sceneBoundingRect().center())

    def pixel(item_point: QPointF) -> QColor:
        qtbot.wait(20)
        shot = view.viewport().grab().toImage()
        return shot.pixelColor(view.mapFromScene(card.mapToScene(item_point)))

    body = QPointF(card.width - 6, card.height - 6)  # inside the card, below the last row's text
    assert pixel(body) == QColor(LIGHT.card)
    scene.set_dark(True)
    assert pixel(body) == QColor(DARK.card)
    scene.set_dark(False)
    edge = QPointF(card.width / 2, card.height)  # the bottom border
    before = pixel(edge)
    scene.set_findings([finding(film, "high")])
    assert pixel(edge) != before  # the border takes the severity's colour
    scene.set_findings([])
    assert pixel(edge) == before
    height = card.height
    film.columns.append(copy.deepcopy(film.columns[-1]))
    film.columns[-1].id, film.columns[-1].name = "col_new", "cached_or_not"
    scene.sync_tables({film.id})
    assert card.height > height
    assert pixel(QPointF(card.width - 6, card.height - 6)) == QColor(LIGHT.card)
    scene.full_detail = True  # as render_to_file does
    assert card.cacheMode() == QGraphicsItem.NoCache
    scene.full_detail = False
    assert card.cacheMode() == QGraphicsItem.DeviceCoordinateCache


def test_block_names_wrap_or_shrink_whole_never_cut(qtbot):
    from tablewright.app.canvas.items import fit_name

    # fits on one line at the size asked
    px, lines = fit_name("film", 134, 60, 22, 14)
    assert (px, lines) == (22, ["film"])
    # a long name on a narrow, tall card: wrapped after its underscores, whole
    px, lines = fit_name("payment_p2007_01", 134, 80, 22, 14)
    assert "".join(lines) == "payment_p2007_01" and len(lines) > 1 and px >= 14
    assert all(line.endswith("_") for line in lines[:-1])
    # on a flat card it shrinks instead, still whole
    px, lines = fit_name("payment_p2007_01", 134, 22, 22, 9)
    assert lines == ["payment_p2007_01"] and 9 <= px < 22
    # too small for any readable size: nothing rather than a cut name
    assert fit_name("l_artist_release_group", 134, 40, 140, 100) is None
