"""A workload attached to the open model in the real main window (offscreen):
query findings and index advice arrive in Problems and on the tables' badges,
renaming a column makes the queries that use it stale at once, and applying
the advice is one undoable edit.  Screenshot: docs/screenshots/workload.png."""

from __future__ import annotations

from pathlib import Path

from tablewright.designer import edits
from tablewright.linting.workload import read_workload
from tests.app.test_gui_main_window import sakila_pg
from tests.app.test_gui_support import answers, make_window, wait_lint, window  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
WORKLOAD = ROOT / "tests" / "fixtures" / "workloads" / "sakila-pg.sql"


def test_workload_findings_live_and_advice_is_one_undoable_edit(qtbot, window):
    assert window.files.open_file(sakila_pg())
    wait_lint(qtbot, window)
    assert not [f for f in window.findings if f.category == "queries"]
    window.lint.set_workload(read_workload([str(WORKLOAD)], "postgres"))
    wait_lint(qtbot, window)
    queries = [f for f in window.findings if f.category == "queries"]
    assert queries and all(f.query and f.location.path == str(WORKLOAD) for f in queries)
    assert window.problems.model.rowCount() == len({f.id for f in window.findings})
    # an index-gap badge: the advice is a finding on its table
    advice = [f for f in window.findings if f.rule == "TW412"]
    customer = next(i for i in window.scene.table_items() if i.table_id == window.document.schema.find_table(
        "customer").id)
    assert any(f.rule == "TW412" for f in customer.findings)
    # a rename makes the queries that read the column stale, live
    schema = window.document.schema
    film = schema.find_table("film")
    window.document.apply(edits.rename_column(schema, film.id, film.column_named("title").id, "name"))
    wait_lint(qtbot, window)
    stale = [f for f in window.findings if f.rule == "TQ010" and "film.title" in f.message]
    assert stale
    window.document.undo_stack.undo()
    wait_lint(qtbot, window)
    assert not [f for f in window.findings if f.rule == "TQ010" and "film.title" in f.message]
    # applying the advice: one undo step
    target = next(f for f in advice if f.table.endswith("customer"))
    depth = window.document.undo_stack.index()
    assert window.apply_fix(target)
    assert window.document.undo_stack.index() == depth + 1
    wait_lint(qtbot, window)
    assert target.id not in {f.id for f in window.findings}
    window.document.undo_stack.undo()
    wait_lint(qtbot, window)
    assert target.id in {f.id for f in window.findings}
    window.show()
    qtbot.waitExposed(window)
    window.select_object(customer.table_id, center=True)
    qtbot.wait(300)
    out = ROOT / "docs" / "screenshots" / "workload.png"
    window.grab().save(str(out))
    assert out.stat().st_size > 10_000
