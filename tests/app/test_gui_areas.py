"""Subject areas in the window: create from the selection, rename, recolour,
note, delete (each one undo step, saved in the diagram section), dragging an
area moves its tables as one undo step, suggested areas reviewed then applied
and the diagram arranged by area and fitted.  Screenshots: MusicBrainz at Fit
with its suggested areas, Sakila."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tablewright.designer.layout_metrics import measure
from tests.app.test_gui_support import SHOP, answers, make_window, screenshot, window  # noqa: F401
from tests.conftest import corpus_path
from tests.corpus_cases import CASES

pytestmark = pytest.mark.gui


def ids_named(window, *names):
    by_name = {t.name: t.id for t in window.document.schema.tables}
    return [by_name[n] for n in names]


def wait_arranged(qtbot, window, timeout=60_000):
    qtbot.waitUntil(lambda: not window.layout_worker.is_running(), timeout=timeout)
    QApplication.processEvents()


def test_area_from_selection_rename_recolour_note_delete_undo_and_save(qtbot, window, tmp_path):
    window.files.open_file(str(SHOP))
    doc = window.document
    tables = ids_named(window, "customer", "order")
    for tid in tables:
        window.scene.table_item(tid).setSelected(True)
    aid = window.diagrams.new_area_from_selection("Sales")
    assert [(a.name, a.tables) for a in doc.areas()] == [("Sales", tables)]
    item = window.scene.area_item(aid)
    assert item is not None and item.zValue() < window.scene.table_item(tables[0]).zValue()
    for tid in tables:  # drawn behind its cards, around them
        assert item.rect().contains(window.scene.table_item(tid).sceneBoundingRect())
    window.diagrams.rename_area(aid, "Selling")
    window.diagrams.recolor_area(aid, "#59a14f")
    window.diagrams.edit_area_note(aid, "orders and who placed them")
    area = doc.areas()[0]
    assert (area.name, area.color, area.note) == ("Selling", "#59a14f", "orders and who placed them")
    assert window.scene.area_item(aid).area.name == "Selling"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert (doc.areas()[0].name, doc.areas()[0].color) == ("Selling", item.area.color) != ("Selling", "#59a14f")
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    path = tmp_path / "shop.twproj"
    assert window.files.save_to(str(path))
    data = json.loads(path.read_text())
    assert data["diagram"]["areas"][0]["name"] == "Selling" and "areas" not in data["schema"]
    window.files.open_file(str(path))
    assert [a.name for a in window.document.areas()] == ["Selling"]
    assert window.scene.area_item(aid) is not None
    window.diagrams.delete_area(aid)
    assert not window.document.areas() and window.scene.area_item(aid) is None
    assert all(window.scene.table_item(t) is not None for t in tables)  # the tables stay
    window.document.undo_stack.undo()
    assert window.scene.area_item(aid) is not None


def test_dragging_an_area_moves_its_tables_as_one_undo_step(qtbot, window):
    window.files.open_file(str(SHOP))
    window.show()
    qtbot.waitExposed(window)
    doc = window.document
    tables = ids_named(window, "customer", "order")
    aid = window.diagrams.new_area_from_selection("Sales", tables)
    window.view.fit_all()
    item = window.scene.area_item(aid)
    before = {t: window.scene.table_item(t).pos() for t in tables}
    others = {t.id: window.scene.table_item(t.id).pos() for t in doc.schema.tables if t.id not in tables}
    # press on the area's frame (not on a card), drag, release
    grab = QPointF(item.rect().left() + 6, item.rect().top() + 6)
    start = window.view.mapFromScene(grab)
    vp = window.view.viewport()
    count = doc.undo_stack.count()
    QTest.mousePress(vp, Qt.LeftButton, Qt.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(vp, start + QPoint(12 * step, 8 * step))
    QTest.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, start + QPoint(60, 40))
    moved = {t: window.scene.table_item(t).pos() - before[t] for t in tables}
    deltas = {(round(d.x(), 1), round(d.y(), 1)) for d in moved.values()}
    assert len(deltas) == 1 and deltas != {(0.0, 0.0)}  # all by the same offset
    assert all(window.scene.table_item(t).pos() == p for t, p in others.items())  # nothing else
    assert doc.undo_stack.count() == count + 1  # one step
    for t in tables:
        assert item.rect().contains(window.scene.table_item(t).sceneBoundingRect())
    doc.undo_stack.undo()
    assert all(window.scene.table_item(t).pos() == before[t] for t in tables)


def whole_or_elided(title: str, lines) -> bool:
    """A block name as drawn: wrapped after underscores only, the whole name
    or its beginning and an ellipsis."""
    texts = [t for _at, t in lines]
    joined = "".join(texts)
    whole = joined == title or (joined.endswith("…") and title.startswith(joined[:-1]))
    return whole and all(t.endswith("_") for t in texts[:-1])


def test_suggested_areas_reviewed_applied_arranged_and_fitted_musicbrainz(qtbot, window):
    files = [str(corpus_path(*f.split("/"))) for f in CASES["musicbrainz"][0]]
    window.files.import_files(files, "postgres", report="never", wait=True)
    window.show()
    qtbot.waitExposed(window)
    dialog = window.diagrams.suggest_areas_dialog()
    qtbot.waitUntil(dialog.isVisible)
    names = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert "release" in names and "artist" in names
    screenshot(dialog, "suggest-areas-dialog.png")
    dialog.tree.topLevelItem(names.index("artist")).setText(0, "artists")  # renamed in review
    last = dialog.tree.topLevelItem(len(names) - 1)
    last.setCheckState(0, Qt.Unchecked)  # left out
    count = window.document.undo_stack.count()
    dialog.accept()
    areas = window.document.areas()
    assert len(areas) == len(names) - 1 and "artists" in {a.name for a in areas}
    assert window.document.undo_stack.count() == count + 1  # one step to take them all back
    wait_arranged(qtbot, window)
    qtbot.waitUntil(lambda: window.document.undo_stack.undoText() == "Arrange all tables", timeout=30_000)
    sizes = window.scene.card_sizes()
    positions = {t: p[:2] for t, p in window.scene.positions().items()}
    assert measure(window.document.schema, positions, sizes).overlaps == 0
    # fitted: every card is in view
    qtbot.wait(50)
    seen = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert seen.contains(window.scene.diagram_rect().adjusted(10, 10, -10, -10))
    assert all(window.scene.area_item(a.id).isVisible() for a in areas if a.tables)
    # at Fit most blocks are too small on screen for a name (the area labels speak);
    # a name that is drawn is whole or elided, never cut
    lod = window.view.transform().m11()
    at_fit = [(card.title, card.block_name(lod)[1]) for card in window.scene.table_items()]
    assert all(whole_or_elided(title, lines) for title, lines in at_fit if lines)
    assert sum(1 for _t, lines in at_fit if lines) < 0.5 * len(at_fit), lod
    # zoomed in until the blocks hold names: every one drawn whole or elided, mostly whole
    window.view.set_zoom(0.3)
    names = [(card.title, card.block_name(0.3)[1]) for card in window.scene.table_items()]
    assert all(whole_or_elided(title, lines) for title, lines in names if lines)
    assert sum(1 for _t, lines in names if lines) > 0.9 * len(names)
    assert sum(1 for t, lines in names if "".join(x for _a, x in lines) == t) > 0.8 * len(names)
    window.view.fit_all()
    qtbot.wait(300)
    screenshot(window, "musicbrainz-areas-fit.png")
    window.document.undo_stack.undo()  # the arrangement
    window.document.undo_stack.undo()  # the areas
    assert not window.document.areas() and not window.scene.area_items()


def test_sakila_arranged_by_area(qtbot, window):
    window.files.open_file(str(corpus_path(*CASES["sakila-pg"][0][0].split("/"))))
    window.show()
    qtbot.waitExposed(window)
    from tablewright.designer.areas import suggest_areas

    window.diagrams.apply_suggested_areas(suggest_areas(window.document.schema), arrange=True)
    wait_arranged(qtbot, window)
    qtbot.waitUntil(lambda: window.document.undo_stack.undoText() == "Arrange all tables", timeout=30_000)
    positions = {t: p[:2] for t, p in window.scene.positions().items()}
    assert measure(window.document.schema, positions, window.scene.card_sizes()).overlaps == 0
    # at Fit every block shows its whole name (payment_p2007_01 wrapped after its underscore, not cut)
    lod = window.view.transform().m11()
    for card in window.scene.table_items():
        font, lines = card.block_name(lod)
        assert font is not None and "".join(t for _at, t in lines) == card.title, card.title
        assert font.pixelSize() * lod >= 7 - 0.5
    qtbot.wait(300)
    screenshot(window, "sakila-areas.png")


def test_empty_canvas_context_menu_adds_a_table_there(qtbot, window):
    window.files.open_file(str(SHOP))
    far = window.scene.diagram_rect().bottomRight() + QPointF(600, 600)
    menu = window.menus.build_canvas_menu(far)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:2] == ["Add table here", "Paste tables"] and "Arrange all" in texts
    assert "Suggest areas…" in texts and "New area from selection…" in texts
    next(a for a in menu.actions() if a.text() == "Add table here").trigger()
    new = window.scene.selected_table_ids()[0]
    assert window.scene.table_item(new).sceneBoundingRect().contains(far)
