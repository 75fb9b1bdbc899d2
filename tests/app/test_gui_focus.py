"""Focus views: from a card's "Show neighbours", the table and what is within
1-3 foreign-key steps, the rest hidden, and the way back to where the user was;
the same from the command line (``tablewright diagram --focus/--groups/--area``)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication

from tablewright.designer.focus import neighbourhood
from tests.app.test_gui_support import answers, make_window, screenshot, window  # noqa: F401
from tests.conftest import corpus_path
from tests.corpus_cases import CASES

pytestmark = pytest.mark.gui


def sakila() -> str:
    return str(corpus_path(*CASES["sakila-pg"][0][0].split("/")))


def test_show_neighbours_hides_the_rest_and_the_way_back(qtbot, window):
    files = [str(corpus_path(*f.split("/"))) for f in CASES["musicbrainz"][0]]
    window.files.import_files(files, "postgres", report="never", wait=True)
    window.show()
    qtbot.waitExposed(window)
    schema = window.document.schema
    artist = next(t for t in schema.tables if t.name == "artist")
    window.view.fit_all()
    window.view.zoom_in()
    before = (window.view.transform(), window.view.mapToScene(window.view.viewport().rect().center()))
    menu = window.menus.build_object_menu(artist.id, None)
    next(a for a in menu.actions() if a.text() == "Show neighbours of artist").trigger()
    shown = {t for t, c in ((c.table_id, c) for c in window.scene.table_items()) if c.isVisible()}
    assert shown == neighbourhood(schema, artist.id, 1) and 5 < len(shown) < len(schema.tables)
    for edge in window.scene.edge_items():  # keys between shown tables only
        assert edge.isVisible() == (edge.source.table_id in shown and edge.target.table_id in shown)
    assert window.focus_bar.isVisible() and "artist" in window.focus_label.text()
    seen = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert seen.contains(window.scene.shown_rect().adjusted(5, 5, -5, -5))  # fitted to the focus
    qtbot.wait(200)
    screenshot(window, "focus-view.png")
    window.focus_depth.setValue(2)  # one more step
    two = {c.table_id for c in window.scene.table_items() if c.isVisible()}
    assert two == neighbourhood(schema, artist.id, 2) and two > shown
    window.act_focus_exit.trigger()
    assert all(c.isVisible() for c in window.scene.table_items())
    assert not window.focus_bar.isVisible()
    assert window.view.transform() == before[0]  # back where the user was
    QApplication.processEvents()


def test_cli_diagram_focus_groups_and_area(tmp_path, capsys):
    from tablewright.app.cli import main

    out = tmp_path / "film.svg"
    assert main(["diagram", sakila(), "--focus", "film", "--depth", "1", "-o", str(out)]) == 0
    svg = out.read_text()
    names = set(re.findall(r">([a-z_0-9]+)<", svg))
    assert {"film", "film_actor", "film_category", "language", "inventory"} <= names
    assert "payment" not in names and "customer" not in names  # exactly the neighbourhood
    assert "5 tables" in capsys.readouterr().err
    out = tmp_path / "areas.png"
    assert main(["diagram", sakila(), "--groups", "auto", "-o", str(out)]) == 0
    assert out.stat().st_size > 10_000
    out = tmp_path / "area.svg"
    assert main(["diagram", sakila(), "--area", "film", "-o", str(out)]) == 0
    names = set(re.findall(r">([a-z_0-9]+)<", out.read_text()))
    assert {"film", "actor", "category", "language"} <= names and "payment" not in names
    assert main(["diagram", sakila(), "--focus", "flim", "-o", str(tmp_path / "x.svg")]) == 2
    assert "did you mean film" in capsys.readouterr().err
    assert main(["diagram", sakila(), "--groups", "project", "-o", str(tmp_path / "x.svg")]) == 2
