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


def test_update_model_merges_enums_sequences_and_verbatim_objects(qtbot, window, pg_url_factory):
    """Changes made in the database to what is not a table — an enum value, a
    sequence added and one changed, a view added, a function's body, a trigger
    dropped, a policy, a grant — all merge into the model in one undo step
    (statements under the model's ids, in the model's order, tables and areas
    untouched), after which the model and the database compare equal."""
    from tablewright.designer.areas import Area

    file = corpus_path("sakila-pg", "postgres-sakila-schema.sql")
    url = pg_url_factory()
    load_pg(url, [file])
    run_sql(url, """
        ALTER TYPE mpaa_rating ADD VALUE 'X' AFTER 'R';
        CREATE SEQUENCE audit_seq START 100 INCREMENT 5;
        ALTER SEQUENCE payment_payment_id_seq INCREMENT BY 10;
        CREATE VIEW actor_names AS SELECT actor_id, first_name || ' ' || last_name AS name FROM actor;
        CREATE OR REPLACE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.last_update = CURRENT_TIMESTAMP(0);
            RETURN NEW;
        END $$;
        DROP TRIGGER last_updated ON category;
        CREATE POLICY recent ON rental USING (rental_date > '2005-01-01');
        GRANT SELECT ON film TO PUBLIC;
    """)
    assert window.files.open_file(str(file))
    doc = window.document
    doc.set_areas([Area("area_1", "Catalog", tables=[_table(window, n).id for n in ("film", "category", "actor")])])
    areas, positions = [a.to_data() for a in doc.areas()], dict(doc.positions)
    tables = {t.id: t.name for t in doc.schema.tables}
    function_id = next(r.id for r in doc.schema.raw if r.kind == "function" and r.name == "last_updated")
    raw_order = [r.id for r in doc.schema.raw]
    compare = window.compare
    compare.compare_with(url, wait=True)
    kinds = sorted(vc.change.kind for vc in compare.changes)
    assert kinds == ["enum-value-added", "function-changed", "grant-added", "grant-added", "grant-added",
                     "grant-added", "policy-added", "sequence-added", "sequence-changed", "trigger-removed",
                     "view-added"]
    before_undo = doc.undo_stack.count()
    assert window.compare_panel.update_model() == 11
    assert doc.undo_stack.count() == before_undo + 1  # one undo step

    schema = doc.schema
    assert schema.find_enum("mpaa_rating").values == ["G", "PG", "PG-13", "R", "X", "NC-17"]
    assert (schema.find_sequence("audit_seq").start, schema.find_sequence("audit_seq").increment) == (100, 5)
    assert schema.find_sequence("payment_payment_id_seq").increment == 10
    function = next(r for r in schema.raw if r.id == function_id)  # changed in place, under its id
    assert "CURRENT_TIMESTAMP(0)" in function.sql
    ids = [r.id for r in schema.raw]  # the model's own statements keep their order
    assert [i for i in ids if i in raw_order] == [i for i in raw_order if i in ids]
    assert not any(r.kind == "trigger" and "ON public.category" in r.sql.replace('"', "") for r in schema.raw)
    assert any(r.kind == "view" and "actor_names" in (r.name or "") for r in schema.raw)
    assert any(r.kind == "policy" and "recent" in r.sql for r in schema.raw)
    assert any(r.kind == "grant" and "TO PUBLIC" in r.sql and "film" in r.sql for r in schema.raw)
    # the tables, their positions and the areas are what they were
    assert {t.id: t.name for t in schema.tables} == tables
    assert dict(doc.positions) == positions and [a.to_data() for a in doc.areas()] == areas

    # compared again (in the background): the model is now what the database is
    qtbot.waitUntil(lambda: compare.result is not None and not compare.changes, timeout=20000)
    assert "no differences" in window.compare_panel.summary.text()

    doc.undo_stack.undo()
    assert doc.schema.find_enum("mpaa_rating").values == ["G", "PG", "PG-13", "R", "NC-17"]
    assert doc.schema.find_sequence("audit_seq") is None
    assert [r.id for r in doc.schema.raw] == raw_order
    assert "CURRENT_TIMESTAMP(0)" not in next(r for r in doc.schema.raw if r.id == function_id).sql


def test_overlay_follows_model_edits(qtbot, window, pg_url_factory):
    """After a comparison, editing the model redraws the overlay and the list
    against the source as it was read: a change made in the model the way the
    database has it disappears, a new difference appears on its row, a card
    the model deletes takes its marks with it (and the table comes back as a
    ghost card, only in the database) — and undo brings the first picture back."""
    from PySide6.QtWidgets import QGraphicsRectItem

    from tablewright.app.canvas.items import HEADER_H, ROW_H
    from tablewright.app.compare import AMBER, GREEN, RED
    from tablewright.app.docks.type_picker import build_type

    file = corpus_path("sakila-pg", "postgres-sakila-schema.sql")
    url = pg_url_factory()
    load_pg(url, [file])
    run_sql(url, """
        ALTER TABLE actor ADD COLUMN nickname varchar(30);
        ALTER TABLE address ALTER COLUMN address2 TYPE varchar(100);
    """)
    assert window.files.open_file(str(file))
    doc, compare = window.document, window.compare
    compare.compare_with(url, wait=True)

    def seen():
        return {(vc.change.kind, vc.change.column or vc.change.table) for vc in compare.changes}

    def frames():
        return {item.parentItem().table_id: item.pen().color().name() for item in compare.overlay.items
                if item.parentItem() is not None and item.zValue() == -1}

    def row_marks(table):
        card = window.scene.table_item(_table(window, table).id)
        return {round((item.rect().top() - HEADER_H) / ROW_H): item.brush().color().name()
                for item in compare.overlay.items if item.parentItem() is card and item.zValue() != -1
                and isinstance(item, QGraphicsRectItem) and item.rect().width() == 4}

    first = seen()
    assert first == {("column-added", "nickname"), ("column-changed", "address2")}
    actor, address, city = (_table(window, n).id for n in ("actor", "address", "city"))
    assert frames() == {actor: AMBER.name(), address: AMBER.name()}
    count = window.compare_panel.list.count()

    # the model takes the database's nickname: actor is the same on both sides now
    doc.apply(edits.add_column(doc.schema, actor, "nickname", build_type("varchar(30)", "postgres")))
    # a column only the model has, on city's third row
    doc.apply(edits.add_column(doc.schema, city, "zone", build_type("integer", "postgres"), position=2))
    qtbot.waitUntil(lambda: seen() == {("column-changed", "address2"), ("column-removed", "zone")}, timeout=15000)
    assert frames() == {address: AMBER.name(), city: AMBER.name()}
    assert row_marks("city") == {2: GREEN.name()}  # on zone's row, green: only in the model
    assert window.compare_panel.list.count() == count  # one gone, one new
    assert any("zone" in window.compare_panel.list.item(i).text() for i in range(count))

    # a card with marks deleted: its marks go with it, the table is a ghost card (only in the database)
    doc.apply(edits.delete_table(doc.schema, address))
    qtbot.waitUntil(lambda: ("table-added", "public.address") in seen(), timeout=15000)
    ghost_id = next(t.id for t in compare.other.tables if t.name == "address")
    assert compare.overlay.ghosts[ghost_id].pen().color().name() == RED.name()
    assert address not in frames()
    assert all(shiboken_valid(item) for item in compare.overlay.items)

    for _ in range(3):
        doc.undo_stack.undo()
    qtbot.waitUntil(lambda: seen() == first, timeout=15000)
    assert frames() == {actor: AMBER.name(), address: AMBER.name()} and not compare.overlay.ghosts
    row = [c.name for c in _table(window, "address").columns].index("address2")
    assert row_marks("address") == {row: AMBER.name()} and row_marks("city") == {}
    assert row_marks("actor") == {}  # (nickname is no row of the model's card: the note beside it says it)


def shiboken_valid(item) -> bool:
    import shiboken6

    return shiboken6.isValid(item)


def test_a_file_that_names_no_dialect_is_compared_in_the_models(qtbot, window, tmp_path):
    """The model is MySQL's; the file compared with it says nothing of its dialect and was read as
    PostgreSQL's (the import's guess), its "x" a column name: it is read in the model's dialect."""
    model, other = tmp_path / "model.sql", tmp_path / "other.sql"
    model.write_text("CREATE TABLE `t` (`id` int NOT NULL, `c` varchar(10) DEFAULT 'x', PRIMARY KEY (`id`)) ENGINE=InnoDB;\n")
    other.write_text('CREATE TABLE t (id int NOT NULL PRIMARY KEY, c varchar(10) DEFAULT "x");\n')
    assert window.files.open_file(str(model))
    compare = window.compare
    compare.compare_with(str(other), wait=True)
    assert compare._other_side.schema.dialect == "mysql"
    assert [vc.change.kind for vc in compare.changes] == []
