"""Compare with… in the main window: the model (Sakila, PostgreSQL) against
the database built from it after a few changes there and one in the model.
The overlay marks what only the model has (green), what only the database has
(red ghost card, red rows), what differs (amber); the list selects on the
canvas; "Update model" merges the checked changes as one undo step, keeping
ids and positions; the migration from the database to the model is one click
away.  The screenshot goes to artifacts/ (copied to docs/screenshots)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from engine_load import load_pg, run_sql

from tablewright.designer import edits
from tests.app.test_gui_support import answers, make_window, screenshot, window  # noqa: F401
from tests.conftest import corpus_path

pytestmark = pytest.mark.gui


def _table(window, name):
    return next(t for t in window.document.schema.tables if t.name == name)


def test_compare_with_database_overlay_list_update_and_migration(qtbot, window, pg_url_factory):
    file = corpus_path("sakila-pg", "postgres-sakila-schema.sql")
    url = pg_url_factory()
    load_pg(url, [file])
    run_sql(url, """
        ALTER TABLE actor ADD COLUMN nickname varchar(30);
        CREATE TABLE audit_log (id integer PRIMARY KEY, msg text NOT NULL, at timestamp DEFAULT now());
        COMMENT ON TABLE film IS 'Films we rent';
        DROP INDEX idx_actor_last_name;
        ALTER TABLE address ALTER COLUMN address2 TYPE varchar(100);
    """)
    assert window.files.open_file(str(file))
    doc = window.document
    doc.apply(edits.add_table(doc.schema, "wishlist"))  # only in the model
    actor_id, actor_pos = _table(window, "actor").id, doc.positions[_table(window, "actor").id]

    wishlist_id = _table(window, "wishlist").id
    qtbot.waitUntil(lambda: wishlist_id in doc.positions and window.scene.table_item(wishlist_id) is not None)
    qtbot.wait(300)  # the canvas places the new card
    compare = window.compare
    compare.compare_with(url, wait=True)
    states = {(vc.change.kind, vc.change.column or vc.change.name or vc.change.table): vc.state
              for vc in compare.changes}
    assert states == {
        ("table-removed", "public.wishlist"): "added",  # only in the model: green
        ("table-added", "public.audit_log"): "removed",  # only in the database: red ghost
        ("column-added", "nickname"): "removed",
        ("table-comment-changed", "public.film"): "changed",
        ("index-removed", "idx_actor_last_name"): "added",
        ("column-changed", "address2"): "changed",
    }
    panel = window.compare_panel
    assert panel.list.count() == 6 and "2 only in the model" in panel.summary.text()
    ghost = compare.overlay.ghosts[next(vc.table_id for vc in compare.changes if vc.change.table == "public.audit_log")]
    assert ghost.scene() is window.scene
    # frames on the cards of the tables that differ: wishlist green, actor/film/address amber
    framed = {item.parentItem().table_id for item in compare.overlay.items
              if item.parentItem() is not None and item.zValue() == -1}
    assert framed == {_table(window, n).id for n in ("wishlist", "actor", "film", "address")}

    # a change in the list selects its table and column on the canvas
    row = next(i for i in range(panel.list.count()) if "nickname" in panel.list.item(i).text())
    panel.list.setCurrentRow(row)
    assert window.scene.selected_table_ids() == [actor_id]

    window.docks["compare"].show()
    window.docks["compare"].raise_()
    window.show()
    qtbot.waitExposed(window)
    window.view.fitInView(window.scene.itemsBoundingRect(), Qt.KeepAspectRatio)
    qtbot.wait(300)
    screenshot(window, "compare-overlay.png")
    # closer: the actor card's changed rows and the notes beside it, the ghost card of audit_log
    window.view.resetTransform()
    window.view.scale(0.9, 0.9)
    actor_card = window.scene.table_item(actor_id).sceneBoundingRect()
    window.view.centerOn(actor_card.center().x() + 150, actor_card.center().y() + 60)
    qtbot.wait(300)
    screenshot(window.view, "compare-overlay-detail.png")

    # update the model from the database: everything but the model's own new table
    before_undo = doc.undo_stack.count()
    for i in range(panel.list.count()):
        item = panel.list.item(i)
        if "wishlist" in item.text() or "idx_actor_last_name" in item.text():
            item.setCheckState(item.checkState().Unchecked)
    assert panel.update_model() == 4
    assert doc.undo_stack.count() == before_undo + 1  # one undo step
    actor = _table(window, "actor")
    assert actor.id == actor_id and actor.column_named("nickname") is not None
    assert doc.positions[actor_id] == actor_pos
    assert _table(window, "film").comment == "Films we rent"
    assert _table(window, "audit_log").id in doc.positions
    qtbot.waitUntil(lambda: len(compare.changes) == 2, timeout=15000)  # compared again, in the background
    left = {(vc.change.kind, vc.change.column or vc.change.name or vc.change.table) for vc in compare.changes}
    assert left == {("table-removed", "public.wishlist"), ("index-removed", "idx_actor_last_name")}

    # the migration from the database to the model, one click away
    panel.migration_button.click()
    dialog = window.compare_migration
    text = dialog.text.toPlainText()
    assert "CREATE TABLE wishlist" in text or "CREATE TABLE public.wishlist" in text
    assert "idx_actor_last_name" in text and "TRIGGER" not in text
    dialog.close()

    doc.undo_stack.undo()
    assert _table(window, "actor").column_named("nickname") is None
    assert not any(t.name == "audit_log" for t in doc.schema.tables)
