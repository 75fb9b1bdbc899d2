"""Defects a new user reported on the canvas and the Problems panel, each
tested as a class (the mechanism, on corpus schemas), offscreen:

1. card titles cut at the opening zoom: a block name broken inside a word or
   left out where an elided one fits; the full name not in the tooltip;
2. Fit leaving cards outside the viewport once the scroll bars settle;
3. the problem details still showing a finding after an edit or an undo took
   its row away (the details followed Qt's moved current row, not the selection).
"""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

from tablewright.app.canvas import items as card_items
from tablewright.app.canvas.scene import DiagramScene
from tablewright.app.canvas.view import MAX_ZOOM, MIN_ZOOM, DiagramView
from tablewright.app.docks.problems import FindingRole
from tests.app.test_canvas import load_case
from tests.app.test_gui_support import (SHOP, answers, make_window, screenshot,  # noqa: F401
                                        wait_lint, window)

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def pagila():
    return load_case("pagila")


@pytest.fixture
def pagila_view(qtbot, pagila):
    scene = DiagramScene()
    scene.set_schema(copy.deepcopy(pagila), {})
    view = DiagramView(scene)
    qtbot.addWidget(view)
    view.resize(620, 600)  # the canvas between the docks of a 1400 x 900 window
    view.show()
    qtbot.waitExposed(view)
    yield view
    scene.clear()


def reachable_zooms(view) -> list[float]:
    """Fit, then every zoom the Zoom In / Zoom Out actions reach from there."""
    view.fit_all()
    zooms = [view.zoom()]
    while view.zoom() < MAX_ZOOM:
        view.zoom_in()
        zooms.append(view.zoom())
    view.fit_all()
    while view.zoom() > MIN_ZOOM:
        view.zoom_out()
        zooms.append(view.zoom())
    return zooms


def _block_metrics(px: int) -> QFontMetricsF:
    font = QFont(card_items._BOLD)
    font.setPixelSize(px)
    return QFontMetricsF(font)


# -- 1. titles readable whole, or elided with an ellipsis, at every zoom ---------------
@pytest.mark.corpus
def test_1_card_titles_whole_or_elided_never_cut_at_any_zoom_and_named_in_the_tooltip(pagila_view):
    view, scene = pagila_view, pagila_view.scene()
    cards = scene.table_items()
    for card in cards:  # hovering any card names its table, whatever is drawn on it
        assert (card.toolTip().splitlines() or [""])[0] == card.title, card.title
    least_px = card_items.BLOCK_MIN_PX
    drawn = elided = 0
    for zoom in reachable_zooms(view):
        for card in cards:
            if zoom >= card_items.BLOCK_LOD:  # full cards: the header's text
                shown = card.title_shown
                assert shown == card.title or (shown.endswith("…") and card.title.startswith(shown[:-1]))
                assert card_items._FM_BOLD.horizontalAdvance(shown) <= card.width - 2 * card_items.PAD
                continue
            if zoom < card_items.TEXT_LOD:
                continue
            font, lines = card.block_name(zoom)
            texts = [t for _at, t in lines]
            if not texts:
                # only when not even three letters and the ellipsis fit the block on screen
                metrics = _block_metrics(round(least_px))
                assert (card.width * zoom < metrics.horizontalAdvance(card.title[:3] + "…") + 2
                        or card.height * zoom < metrics.height() + 1), (card.title, zoom)
                continue
            drawn += 1
            assert font.pixelSize() * zoom >= least_px - 0.5, (card.title, zoom)
            joined = "".join(texts)
            if joined != card.title:  # elided: the name's beginning (three letters at least) and "…"
                elided += 1
                assert joined.endswith("…") and card.title.startswith(joined[:-1]) and len(joined) >= 4, texts
            # lines end after an underscore, never inside a word
            assert all(t.endswith("_") for t in texts[:-1]), (card.title, zoom, texts)
            metrics = QFontMetricsF(font)
            for at, text in lines:
                assert at.x() >= 0 and at.x() + metrics.horizontalAdvance(text) <= card.width, (card.title, text)
    assert drawn and elided  # both kinds were met (the test looks at something)


# -- 2. Fit: every card inside the viewport once the scroll bars have settled ----------
@pytest.mark.corpus
def test_2_fit_keeps_every_card_inside_the_viewport_after_the_scroll_bars_settle(qtbot, pagila_view):
    view, scene = pagila_view, pagila_view.scene()
    clipped = []
    for width in range(500, 1301, 100):
        for height in range(400, 901, 100):
            view.resize(width, height)
            view.set_zoom(MIN_ZOOM)  # zoomed right out: no scroll bars before Fit
            qtbot.wait(5)
            view.fit_all()
            qtbot.wait(10)  # Qt shows/hides the scroll bars from a queued call
            port = view.viewport().rect()
            out = [c.title for c in scene.table_items()
                   if not port.contains(view.mapFromScene(c.sceneBoundingRect()).boundingRect())]
            if out:
                clipped.append((width, height, out[:3]))
    assert not clipped, f"{len(clipped)} of 54 sizes leave cards outside after Fit: {clipped[:4]}"


# -- 3. the problem details follow the selection when the finding goes ------------------
def details_follow_selection(panel) -> bool:
    """The details show nothing, or the finding of the one selected row (list)
    or the current item (grouped)."""
    shown = panel.details.finding
    if shown is None:
        return panel.details.text.toPlainText() == "" and not panel.details.apply_button.isEnabled()
    if panel.grouped():
        item = panel.tree.currentItem()
        return item is not None and item.data(0, FindingRole) is shown
    return shown in panel.selected_findings()


def test_3_details_clear_when_a_fix_or_an_undo_takes_the_finding_away(qtbot, window):
    window.files.open_file(str(SHOP))
    wait_lint(qtbot, window)
    panel, details, stack = window.problems, window.problems.details, window.document.undo_stack
    window.show()
    qtbot.waitExposed(window)
    fixable = next(f for f in window.findings if f.fix is not None and f.fix.edit is not None)
    assert panel.select_finding(fixable.id)
    assert details.finding is fixable and details_follow_selection(panel)
    details.apply_button.click()  # the one-click fix: its finding goes
    wait_lint(qtbot, window)
    assert fixable.id not in {f.id for f in window.findings}
    assert details.finding is None and details_follow_selection(panel), details.finding
    screenshot(window.docks["problems"], "problems-after-fix.png")
    count = stack.count()
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key_Period, Qt.ControlModifier)  # nothing shown: nothing applied
    assert stack.count() == count
    stack.undo()  # the finding comes back; nothing selected, nothing shown
    wait_lint(qtbot, window)
    assert fixable.id in {f.id for f in window.findings} and details_follow_selection(panel)

    # an edit that raises a finding, the finding selected, then undo
    window.add_table("zz_report")
    wait_lint(qtbot, window)
    raised = next(f for f in window.findings if f.table and f.table.endswith("zz_report"))
    assert panel.select_finding(raised.id) and details.finding is raised
    stack.undo()
    wait_lint(qtbot, window)
    assert raised.id not in {f.id for f in window.findings}
    assert details.finding is None and details_follow_selection(panel), details.finding
    screenshot(window.docks["problems"], "problems-after-undo.png")

    # the same in the grouped view
    panel.set_grouped(True)
    stack.redo()
    wait_lint(qtbot, window)
    raised = next(f for f in window.findings if f.table and f.table.endswith("zz_report"))
    child = next(node.child(j) for i in range(panel.tree.topLevelItemCount())
                 for node in [panel.tree.topLevelItem(i)] for j in range(node.childCount())
                 if node.child(j).data(0, FindingRole).id == raised.id)
    panel.tree.setCurrentItem(child)
    assert details.finding is raised
    stack.undo()
    wait_lint(qtbot, window)
    assert details.finding is None and details_follow_selection(panel)


def test_3_details_follow_the_selection_not_the_current_row(qtbot, window):
    """Ctrl+click takes the row out of the selection: its details go too (the
    current row stays on it, and Ctrl+. must not apply a fix nobody selected)."""
    window.files.open_file(str(SHOP))
    wait_lint(qtbot, window)
    panel = window.problems
    window.show()
    qtbot.waitExposed(window)
    f = next(f for f in window.findings if f.fix is not None and f.fix.edit is not None)
    assert panel.select_finding(f.id) and panel.details.finding is f
    index = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(f.id), 0))
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, Qt.ControlModifier, rect.center())
    assert panel.selected_findings() == []
    assert panel.details.finding is None and details_follow_selection(panel)


# -- seen on the way: Compare's file dialog started in the folder the app runs in ------
def test_compare_file_dialog_starts_where_the_last_file_was_and_remembers(window, monkeypatch, tmp_path):
    from pathlib import Path

    window.files.open_file(str(SHOP))
    asked = []
    other = tmp_path / "elsewhere" / "other.sql"
    other.parent.mkdir()
    other.write_text(SHOP.read_text())

    def chooser(_parent, _caption, start, _filters):
        asked.append(start)
        return str(other), ""

    monkeypatch.setattr("tablewright.app.docks.compare.QFileDialog.getOpenFileName", chooser)
    monkeypatch.setattr(window.compare, "compare_with", lambda _path: None)
    window.compare_panel._choose("DDL files (*.sql *.ddl);;All files (*)")
    assert Path(asked[0]).resolve() == SHOP.parent.resolve()
    assert Path(window.files.start_dir()).resolve() == other.parent.resolve()
