"""Named diagrams (several per project over the one model, each its own
tables and positions, listed in the Diagrams dock) and the canvas keyboard
(F2 renames, Enter opens the properties, Tab goes from card to card)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog

from tablewright.designer.edits import rename_table
from tests.app.test_gui_support import SHOP, answers, make_window, screenshot, window  # noqa: F401
from tests.conftest import corpus_path
from tests.corpus_cases import CASES

pytestmark = pytest.mark.gui


def ids_named(window, *names):
    by_name = {t.name: t.id for t in window.document.schema.tables}
    return [by_name[n] for n in names]


def shown(window):
    return {c.table_id for c in window.scene.table_items() if c.isVisible()}


def test_named_diagrams_have_their_own_tables_and_positions_over_one_model(qtbot, window, tmp_path):
    window.files.open_file(str(corpus_path(*CASES["sakila-pg"][0][0].split("/"))))
    window.show()
    qtbot.waitExposed(window)
    doc = window.document
    film_tables = ids_named(window, "film", "film_actor", "actor", "language")
    did = window.diagrams.new_diagram_from_selection("Films", film_tables)
    panel = window.diagrams_panel
    assert [panel.list.item(i).text() for i in range(panel.list.count())] == ["All tables (21)", "Films (4)"]
    main_pos = {t: window.scene.table_item(t).pos() for t in film_tables}
    # open it from the dock: only its tables
    panel.list.setCurrentRow(1)
    panel._clicked(panel.list.item(1))
    assert doc.active == did and shown(window) == set(film_tables)
    window.diagrams.arrange_all()  # its own layout, its own positions
    qtbot.waitUntil(lambda: not window.layout_worker.is_running(), timeout=30_000)
    qtbot.waitUntil(lambda: doc.undo_stack.undoText() == "Arrange all tables", timeout=30_000)
    film = film_tables[0]
    here = window.scene.table_item(film).pos()
    # an edit in this diagram changes the model everywhere
    assert window.apply_edit(lambda: rename_table(doc.schema, film, "movie"))
    window.docks["diagrams"].raise_()
    qtbot.wait(300)
    screenshot(window, "named-diagram.png")
    panel._clicked(panel.list.item(0))  # back to all tables
    assert doc.active is None and len(shown(window)) == 21
    assert {t: window.scene.table_item(t).pos() for t in film_tables} == main_pos  # the main positions
    assert window.scene.table_item(film).title == "movie"
    panel._clicked(panel.list.item(1))
    assert window.scene.table_item(film).pos() == here  # the named diagram's own
    # saved in the diagram section and back
    path = tmp_path / "sakila.twproj"
    assert window.files.save_to(str(path))
    data = json.loads(path.read_text())
    saved = data["diagram"]["diagrams"][0]
    assert saved["name"] == "Films" and set(saved["tables"]) == set(film_tables)
    assert set(saved["positions"]) == set(film_tables)
    window.files.open_file(str(path))
    assert [d.name for d in window.document.named] == ["Films"]
    # rename, delete, undo
    window.diagrams.rename_diagram(did, "Movies")
    assert window.diagrams_panel.list.item(1).text() == "Movies (4)"
    window.diagrams.delete_diagram(did)
    assert not window.document.named and window.diagrams_panel.list.count() == 1
    window.document.undo_stack.undo()
    assert [d.name for d in window.document.named] == ["Movies"]


def test_one_diagram_per_area(qtbot, window):
    window.files.open_file(str(corpus_path(*CASES["sakila-pg"][0][0].split("/"))))
    from tablewright.designer.areas import suggest_areas

    window.diagrams.apply_suggested_areas(suggest_areas(window.document.schema), arrange=False)
    made = window.diagrams.diagrams_per_area()
    assert [window.document.named_diagram(d).name for d in made] == [a.name for a in window.document.areas()]
    window.diagrams.open_diagram(made[0])
    assert shown(window) == set(window.document.areas()[0].tables)


def test_keyboard_f2_enter_tab(qtbot, window, monkeypatch):
    window.files.open_file(str(SHOP))
    window.show()
    qtbot.waitExposed(window)
    window.view.setFocus()
    first = window.step_selection(1)
    assert window.scene.selected_table_ids() == [first]
    QTest.keyClick(window.view, Qt.Key_Tab)
    second = window.scene.selected_table_ids()[0]
    assert second != first
    QTest.keyClick(window.view, Qt.Key_Backtab, Qt.ShiftModifier)
    assert window.scene.selected_table_ids() == [first]
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("renamed_table", True))
    QTest.keyClick(window.view, Qt.Key_F2)
    assert window.document.schema.table(first).name == "renamed_table"
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key_Return)
    assert window.docks["properties"].isVisible() and window.properties.table_id == first


def test_properties_columns_grid_edits_and_adds_row_by_row(qtbot, window):
    """The table's columns as an editable grid: each cell one undoable edit; a
    new column typed in the last row, then its type, as in MySQL Workbench."""
    from tablewright.app.docks.columns_grid import DEFAULT, KEY, NAME, NEW_ROW_HINT, NOT_NULL, TYPE

    window.files.open_file(str(SHOP))
    doc = window.document
    customer = ids_named(window, "customer")[0]
    window.select_object(customer)
    grid = window.properties.columns
    table = doc.schema.table(customer)
    assert grid.rowCount() == len(table.columns) + 1
    assert grid.item(grid.rowCount() - 1, NAME).text() == NEW_ROW_HINT
    email = table.column_named("email")
    row = grid.row_of(email.id)
    grid.item(row, NAME).setText("email_address")
    qtbot.waitUntil(lambda: doc.schema.table(customer).column(email.id).name == "email_address")
    row = grid.row_of(email.id)
    grid.item(row, TYPE).setText("varchar(320)")
    qtbot.waitUntil(lambda: doc.schema.table(customer).column(email.id).type.length == 320)
    row = grid.row_of(email.id)
    grid.item(row, NOT_NULL).setCheckState(Qt.Unchecked)
    qtbot.waitUntil(lambda: doc.schema.table(customer).column(email.id).nullable)
    row = grid.row_of(email.id)
    grid.item(row, DEFAULT).setText("'nobody@example.com'")
    qtbot.waitUntil(lambda: doc.schema.table(customer).column(email.id).default == "'nobody@example.com'")
    count = doc.undo_stack.count()
    # a new column, typed in the last row; the cursor moves on to its type
    grid.item(grid.rowCount() - 1, NAME).setText("loyalty_points")
    qtbot.waitUntil(lambda: doc.schema.table(customer).column_named("loyalty_points") is not None)
    added = doc.schema.table(customer).column_named("loyalty_points")
    assert grid.currentRow() == grid.row_of(added.id) and grid.currentColumn() == TYPE
    grid.item(grid.row_of(added.id), TYPE).setText("integer")
    qtbot.waitUntil(lambda: doc.schema.table(customer).column(added.id).type.kind == "integer")
    assert doc.undo_stack.count() == count + 2  # one step each
    # a refusal is shown, the cell goes back
    grid.item(grid.row_of(added.id), NAME).setText("email_address")
    qtbot.waitUntil(lambda: not window.properties.error.isHidden())
    assert grid.item(grid.row_of(added.id), NAME).text() == "loyalty_points"
    # the key column sets the primary key
    assert grid.item(grid.row_of(table.primary_key.columns[0]), KEY).text().startswith("PK")
    window.show()
    qtbot.waitExposed(window)
    screenshot(window.properties, "properties-columns-grid.png")
    for _ in range(6):
        doc.undo_stack.undo()
    assert doc.schema.table(customer).column(email.id).name == "email"
