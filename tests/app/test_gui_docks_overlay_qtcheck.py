"""GUI defects around the Compare dock and its overlay, each tested as a class,
offscreen (QT_QPA_PLATFORM=offscreen, set in tests/conftest.py; settings in a
temporary ini file):

1. stray tab bars: copies of the "Properties | DDL preview" and "Problems |
   Compare" bars drawn over the Problems table (Qt 6 makes a second bar for a
   tab group made while another exists, and keeps the bars of the groups
   restoreState() replaces, until a deferred deletion): after start, a
   restart with the saved layout and every float, re-dock, close and show of
   a tabbed dock, the only tab bars drawn in the window are those of its
   current tab groups, each under its group;
2. the compare notes beside a card ("+ column stock") hidden under a
   neighbouring card: they are drawn above every card and follow theirs;
3. the red "index" tag over the top of a long card title: it changes no pixel
   of the title's line (card) or of the block name (zoomed out);
4. ``scripts/run`` looked for the libraries Qt's xcb platform needs only with
   DISPLAY set, and not at all once Qt could not load: every missing library
   is named at once, with the apt-get command, and a missing display too.
"""

from __future__ import annotations

import copy
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication, QDockWidget, QGraphicsSimpleTextItem, QTabBar

from tablewright.app.canvas import items as card_items
from tablewright.app.canvas.scene import DiagramScene
from tablewright.designer.sources import load_sources
from tablewright.linting.findings import Finding
from tablewright.app import qtcheck
from tests.app.test_gui_support import REPO, SHOP, answers, make_window, window  # noqa: F401

pytestmark = pytest.mark.gui


# -- 1. tab bars -------------------------------------------------------------------------------
def drawn_tab_bars(window) -> list[QTabBar]:
    """The window's tab bars drawn inside it (Qt keeps the bar of a group
    left with one dock shown, parked outside the window)."""
    return [b for b in window.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly)
            if b.isVisible() and b.geometry().intersects(window.rect())]


def tab_groups(window) -> list[list[QDockWidget]]:
    """The current groups of two or more docks tabbed together in the window."""
    groups: dict[frozenset, list[QDockWidget]] = {}
    for dock in window.findChildren(QDockWidget):
        if dock.isFloating() or dock.isHidden() or window.dockWidgetArea(dock) == Qt.NoDockWidgetArea:
            continue
        mates = [d for d in window.tabifiedDockWidgets(dock) if not d.isFloating() and not d.isHidden()]
        if mates:
            group = [dock, *mates]
            groups[frozenset(id(d) for d in group)] = group
    return list(groups.values())


def assert_tab_bars_current(window, when: str) -> None:
    drawn = drawn_tab_bars(window)
    bars = {id(b): [b.tabText(i) for i in range(b.count())] for b in drawn}
    claimed = set()
    for group in tab_groups(window):
        titles = sorted(d.windowTitle() for d in group)
        shown = [d for d in group if d.geometry().intersects(window.rect())]  # (the others are parked outside)
        assert len(shown) == 1, f"{when}: {titles} shows {[d.windowTitle() for d in shown]}"
        dock = shown[0].geometry()
        own = [b for b in drawn if sorted(bars[id(b)]) == titles]
        assert len(own) == 1, f"{when}: {len(own)} tab bars drawn for {titles}: {[b.geometry() for b in own]}"
        bar = own[0].geometry()
        # under the group's dock, as wide as it, in its dock area
        assert bar.left() == dock.left() and bar.width() == dock.width(), (when, titles, bar, dock)
        assert abs(bar.top() - (dock.bottom() + 1)) <= 2, (when, titles, bar, dock)
        claimed.add(id(own[0]))
    stray = [(bars[id(b)], b.geometry()) for b in drawn if id(b) not in claimed]
    assert not stray, f"{when}: tab bars drawn for no current tab group: {stray}"


def _settle(qtbot, window) -> None:
    """Events processed, the layout applied; not the deferred deletions (Qt
    deletes the bars it forgot with deleteLater: until then they are drawn,
    and a script driving the window with processEvents() never gets there)."""
    QApplication.processEvents()
    window.layout().activate()
    QApplication.processEvents()


def test_1_no_stray_tab_bars_after_start_restart_float_redock_close_and_show(qtbot, make_window):
    first = make_window()
    first.show()
    _settle(qtbot, first)
    assert_tab_bars_current(first, "shown")
    qtbot.waitExposed(first)
    grouped = sorted(d.windowTitle() for g in tab_groups(first) for d in g)
    assert grouped == ["Compare", "DDL preview", "Diagrams", "Outline", "Problems", "Properties"]
    assert_tab_bars_current(first, "started")
    for dock in [d for g in tab_groups(first) for d in g]:
        name = dock.windowTitle()
        dock.setFloating(True)
        _settle(qtbot, first)
        assert_tab_bars_current(first, f"{name} floated")
        dock.setFloating(False)
        _settle(qtbot, first)
        assert_tab_bars_current(first, f"{name} docked again")
        dock.close()
        _settle(qtbot, first)
        assert_tab_bars_current(first, f"{name} closed")
        dock.show()
        _settle(qtbot, first)
        assert_tab_bars_current(first, f"{name} shown again")
    # a layout of the user's: Compare tabbed with Properties, then a restart restores it
    first.tabifyDockWidget(first.docks["properties"], first.docks["compare"])
    _settle(qtbot, first)
    assert_tab_bars_current(first, "Compare moved to Properties")
    first.close()
    again = make_window()
    again.show()
    _settle(qtbot, again)
    assert sorted(d.windowTitle() for d in next(g for g in tab_groups(again) if again.docks["compare"] in g)) == [
        "Compare", "DDL preview", "Properties"]
    assert_tab_bars_current(again, "restarted")
    again.docks["compare"].setFloating(True)
    _settle(qtbot, again)
    assert_tab_bars_current(again, "restarted, Compare floated")


# -- 2. compare notes above the cards -------------------------------------------------------------
def _notes(compare) -> list[QGraphicsSimpleTextItem]:
    return [i for i in compare.overlay.items if isinstance(i, QGraphicsSimpleTextItem)]


def test_2_compare_notes_are_drawn_above_every_card_and_follow_theirs(qtbot, window, tmp_path):
    other = tmp_path / "shop2.sql"
    other.write_text(SHOP.read_text().replace("stock       integer", "stock_count integer"))
    assert "stock_count" in other.read_text()
    assert window.files.open_file(str(SHOP))
    window.compare.compare_with(str(other), wait=True)
    scene = window.scene
    notes = _notes(window.compare)
    product = next(c for c in scene.table_items() if c.title == "product")
    assert sorted(n.text() for n in notes) == ["+ column stock", "− column stock_count"]
    view_transform = window.view.transform()
    for card in scene.table_items():
        if card is product:
            continue
        # a neighbour over the notes, whatever the order the cards were added in
        old = card.pos()
        area = QRectF()
        for note in notes:
            area = area.united(note.sceneBoundingRect())
        card.setPos(area.topLeft() - QPointF(10, 10))
        assert card.sceneBoundingRect().intersects(area)
        for note in notes:
            box = note.sceneBoundingRect()
            for point in (box.center(), box.topLeft() + QPointF(2, 2), box.bottomRight() - QPointF(2, 2)):
                top = scene.items(point, Qt.IntersectsItemShape, Qt.DescendingOrder, view_transform)[0]
                assert top is note or top.parentItem() is note, (
                    f"{note.text()!r} under {getattr(top, 'title', top)} at {point}")
        card.setPos(old)
    # they follow their card: moved, hidden and shown with it
    before, at = [n.scenePos() - product.scenePos() for n in notes], product.pos()
    product.setPos(at + QPointF(137, -61))
    assert [n.scenePos() - product.scenePos() for n in notes] == before
    product.setPos(at)  # (where the document has it)
    product.setVisible(False)
    assert not any(n.isVisible() for n in notes)
    product.setVisible(True)
    assert all(n.isVisible() for n in notes)
    # and go when the comparison is cleared: nothing left beside the card
    window.compare.clear()
    assert not product.followers
    assert not [i for i in scene.items() if isinstance(i, QGraphicsSimpleTextItem) and "stock" in i.text()]


# -- 3. the index tag and the title --------------------------------------------------------------
TITLES = ["customer_subscription_payment_history", "wwwwwwwwwwwwwwwwwwwwwwwwwwww", "short",
          "ÉTUDIANT_ÅRSKURS_ÖVERSIKT_HÄLSA", "lllllllllllllllllllllllllllllllllll"]


@pytest.fixture
def tagged_scene(qapp, tmp_path):
    ddl = tmp_path / "tags.sql"
    ddl.write_text("".join(f'CREATE TABLE "{t}" (id int PRIMARY KEY, amount numeric(10,2));\n' for t in TITLES))
    schema = load_sources([str(ddl)], "postgres").schema
    scene = DiagramScene()
    scene.set_schema(copy.deepcopy(schema), {t.id: (20.0, 20.0 + i * 100, True) for i, t in enumerate(schema.tables)})
    yield scene
    scene.clear()


def _render(scene, card, zoom: float) -> QImage:
    src = card.sceneBoundingRect()
    image = QImage(int(src.width() * zoom) + 1, int(src.height() * zoom) + 1, QImage.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, src.width() * zoom, src.height() * zoom), src)
    painter.end()
    return image


def _changed_in(a: QImage, b: QImage, box: QRectF) -> int:
    """How many pixels whose centre is in ``box`` differ between ``a`` and ``b``."""
    count = 0
    for y in range(max(0, math.ceil(box.top() - 0.5)), min(a.height(), math.floor(box.bottom() - 0.5) + 1)):
        for x in range(max(0, math.ceil(box.left() - 0.5)), min(a.width(), math.floor(box.right() - 0.5) + 1)):
            count += a.pixel(x, y) != b.pixel(x, y)
    return count


def _findings(scene, rule: str) -> list[Finding]:
    return [Finding(rule=rule, name="n", category="queries", severity="medium", message="m",
                    table=c.title, table_id=c.table_id) for c in scene.table_items()]


@pytest.mark.parametrize("zoom", [1.0, 2.0])
def test_3_the_index_tag_changes_no_pixel_of_a_card_title(tagged_scene, zoom):
    """Each card drawn with the index tag (TW412) and with another finding of
    the same severity (the same count badge): the title's line (its font's
    box) is the same in both, pixel for pixel."""
    scene = tagged_scene
    cards = scene.table_items()
    scene.set_findings(_findings(scene, "TW999"))
    plain = {c.table_id: _render(scene, c, zoom) for c in cards}
    scene.set_findings(_findings(scene, "TW412"))
    assert all(c.index_gap for c in cards)
    tagged = {c.table_id: _render(scene, c, zoom) for c in cards}
    fm = QFontMetricsF(card_items._BOLD)  # (as painted)
    for card in cards:
        origin = card.sceneBoundingRect().topLeft() - card.scenePos()  # item coordinates of the image's corner
        box = QRectF(card_items.PAD, card_items.title_top(), fm.horizontalAdvance(card.title_shown), fm.height())
        changed = _changed_in(plain[card.table_id], tagged[card.table_id],
                              QRectF((box.topLeft() - origin) * zoom, box.size() * zoom))
        assert changed == 0, f"{card.title!r} at {zoom:.0%}: {changed} pixels of its title under the tag"
        tag = card.index_tag_rect()
        assert tag.right() < card.width - card_items.BADGE_R and tag.top() < 0 < tag.bottom()  # on the top edge
        assert card.boundingRect().contains(tag)
        # the tag is drawn (else this proves nothing)
        assert _changed_in(plain[card.table_id], tagged[card.table_id],
                           QRectF((tag.topLeft() - origin) * zoom, tag.size() * zoom)) > 0


@pytest.mark.parametrize("zoom", [0.45, 0.3, 0.2])
def test_3_the_index_tag_leaves_a_block_name_clear(tagged_scene, zoom):
    """Zoomed out (name-only blocks, the name as large as the block holds): no
    line of the name reaches under the tag, with its pen."""
    scene = tagged_scene
    scene.set_findings(_findings(scene, "TW412"))
    for card in scene.table_items():
        font, lines = card.block_name(zoom)
        assert font is not None and lines, card.title
        fm = card_items._block_font_metrics(font.pixelSize())[1]
        tag = card.index_tag_rect().adjusted(-0.5, -0.5, 0.5, 0.5)
        for at, text in lines:
            box = QRectF(at.x(), at.y() - fm.ascent(), fm.horizontalAdvance(text), fm.height())
            assert not box.intersects(tag), f"{card.title!r} at {zoom:.0%}: {text!r} {box} under the tag {tag}"


# -- 4. scripts/run names every missing library ------------------------------------------------
def _fake_ldd(tmp_path, missing: dict[str, list[str]]) -> Path:
    """An ``ldd`` that reports ``missing[name]`` for a file whose name starts with ``name``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lines = ["#!/bin/sh", 'case "$(basename "$1")" in']
    for name, libs in missing.items():
        lines.append(f"  {name}*) " + " ".join(f"echo '  {lib} => not found';" for lib in libs) + " ;;")
    lines.append("esac")
    (bin_dir / "ldd").write_text("\n".join(lines) + "\n")
    (bin_dir / "ldd").chmod(0o755)
    return bin_dir


def test_4_scripts_run_names_the_xcb_libraries_without_a_display(tmp_path):
    """No DISPLAY (Qt would stop at "could not connect to display" and name
    libxcb-cursor0 only after that): the check names the display and every
    library the xcb plugin lacks, as packages, and the app does not start."""
    if not qtcheck.xcb_files(qtcheck.pyside_dir()):
        pytest.skip("this PySide6 has no xcb plugin")
    fake = _fake_ldd(tmp_path, {"libqxcb": ["libxcb-cursor.so.0"], "libQt6XcbQpa": ["libxcb-cursor.so.0",
                                                                                   "libxcb-icccm.so.4"]})
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["PATH"] = f"{fake}:{env['PATH']}"
    run = subprocess.run([str(REPO / "scripts" / "run")], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 2, run.stderr
    assert "missing libxcb-cursor.so.0, libxcb-icccm.so.4" in run.stderr
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4\n" in run.stderr
    assert "DISPLAY is not set" in run.stderr and "xvfb-run -a scripts/run" in run.stderr


def _answers(monkeypatch, ldd: dict[str, str], qt_loads: bool) -> None:
    """subprocess.run in qtcheck: the child importing QtGui, and ldd (output by file name)."""
    def run(args, **_kw):
        if args[0] == sys.executable:
            return subprocess.CompletedProcess(args, 0 if qt_loads else 1, "", "" if qt_loads else
                                               "ImportError: libEGL.so.1: cannot open shared object file")
        out = next((v for k, v in ldd.items() if Path(args[-1]).name.startswith(k)), "")
        return subprocess.CompletedProcess(args, 0, out, "")

    monkeypatch.setattr(qtcheck.subprocess, "run", run)
    monkeypatch.setattr(qtcheck.shutil, "which", lambda name: "/usr/bin/ldd" if name == "ldd" else None)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd and xcb: Linux")
def test_4_the_check_names_every_missing_library_at_once(monkeypatch):
    if not qtcheck.xcb_files(qtcheck.pyside_dir()):
        pytest.skip("this PySide6 has no xcb plugin")
    ldd = {"QtGui": "\tlibEGL.so.1 => not found\n\tlibglib-2.0.so.0 => not found\n\tlibc.so.6 => /lib/libc.so.6\n",
           "libqxcb": "\tlibxcb-cursor.so.0 => not found\n\tlibEGL.so.1 => not found\n",
           "libQt6XcbQpa": "\tlibxcb-cursor.so.0 => not found\n"}
    _answers(monkeypatch, ldd, qt_loads=False)
    problems = qtcheck.check({"DISPLAY": ":0"})
    # Qt cannot load (libEGL), and the xcb plugin would not either (libxcb-cursor): both said now
    assert problems[0].startswith("Qt cannot load: ImportError: libEGL.so.1")
    assert "libEGL.so.1, libglib-2.0.so.0" in problems[1]
    assert problems[2].endswith("missing libxcb-cursor.so.0")
    assert problems[-1] == "Install them, e.g.: sudo apt-get install libegl1 libglib2.0-0 libxcb-cursor0"
    # where Qt will not use xcb, only what Qt itself needs
    for env in ({"QT_QPA_PLATFORM": "offscreen"}, {"WAYLAND_DISPLAY": "wayland-0"}):
        problems = qtcheck.check(env)
        assert not any("xcb" in p or "DISPLAY" in p for p in problems), (env, problems)
        assert problems[-1] == "Install them, e.g.: sudo apt-get install libegl1 libglib2.0-0"
    assert any("libxcb-cursor0" in p for p in qtcheck.check({"QT_QPA_PLATFORM": "wayland;xcb"}))
    # nothing missing and a display: nothing to say
    _answers(monkeypatch, {}, qt_loads=True)
    assert qtcheck.check({"DISPLAY": ":0"}) == []
    assert qtcheck.check({}) == ["No X display to open the window on (DISPLAY is not set): start it in a desktop "
                                 "session, over ssh -X, or under Xvfb: xvfb-run -a scripts/run"]
