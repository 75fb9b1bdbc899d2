"""A workload attached to the open model in the real main window (offscreen):
query findings and index advice arrive in Problems and on the tables' badges,
renaming a column makes the queries that use it stale at once, and applying
the advice is one undoable edit.  Screenshot: artifacts/workload.png (docs/screenshots has a copy)."""

from __future__ import annotations

from pathlib import Path

from tablewright.designer import edits
from tests.app.test_gui_main_window import sakila_pg
from tests.app.test_gui_support import answers, make_window, wait_lint, window  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
WORKLOAD = ROOT / "tests" / "fixtures" / "workloads" / "sakila-pg.sql"


def test_workload_findings_live_and_advice_is_one_undoable_edit(qtbot, window):
    assert window.files.open_file(sakila_pg())
    wait_lint(qtbot, window)
    assert not [f for f in window.findings if f.category == "queries"]
    window.workload.attach([str(WORKLOAD)])
    wait_lint(qtbot, window)
    queries = [f for f in window.findings if f.category == "queries"]
    assert queries and all(f.query and f.location.path == str(WORKLOAD) for f in queries)
    assert window.problems.model.rowCount() == len({f.id for f in window.findings})
    # an index-gap badge: the advice is a finding on its table
    advice = [f for f in window.findings if f.rule == "TW412"]
    customer = next(i for i in window.scene.table_items() if i.table_id == window.document.schema.find_table(
        "customer").id)
    assert any(f.rule == "TW412" for f in customer.findings) and customer.index_gap
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
    assert window.properties.queries.count() >= 5
    stale = next(f for f in window.findings if f.rule == "TQ007")
    assert window.problems.select_finding(stale.id)
    qtbot.wait(300)
    out = ROOT / "artifacts" / "workload.png"  # (copied to docs/screenshots by hand: a run leaves the checkout clean)
    out.parent.mkdir(exist_ok=True)
    window.grab().save(str(out))
    assert out.stat().st_size > 10_000


def test_attached_workload_is_saved_relative_reread_on_change_and_listed_per_table(qtbot, window, tmp_path):
    import json
    import shutil

    assert window.files.open_file(sakila_pg())
    queries = tmp_path / "app" / "queries.sql"
    queries.parent.mkdir()
    shutil.copy(WORKLOAD, queries)
    project = tmp_path / "shop.twproj"
    window.document.save(str(project))
    window.workload.attach([str(queries)])
    wait_lint(qtbot, window)
    assert window.isWindowModified() or window.document.dirty
    assert any(f.category == "queries" and f.location.path == str(queries) for f in window.findings)
    window.document.save(str(project))
    stored = json.loads(project.read_text())["settings"]["workload"]
    assert stored == {"files": ["app/queries.sql"], "complete": False}
    # Properties lists the queries on the selected table
    customer = window.document.schema.find_table("customer")
    window.select_object(customer.id)
    qtbot.waitUntil(lambda: window.properties.queries.count() > 0, timeout=3000)
    texts = [window.properties.queries.item(i).text() for i in range(window.properties.queries.count())]
    assert any("queries.sql:" in t and "customer" in t for t in texts)
    # the file changes on disk: re-read, the new query's finding shows
    queries.write_text(queries.read_text() + "SELECT nickname FROM customer WHERE customer_id = $1;\n")
    qtbot.waitUntil(lambda: any(f.rule == "TQ010" and "nickname" in f.message for f in window.findings),
                    timeout=8000)
    # detaching is one undo step
    window.workload.detach()
    wait_lint(qtbot, window)
    assert not [f for f in window.findings if f.category == "queries"]
    window.document.undo_stack.undo()
    wait_lint(qtbot, window)
    assert [f for f in window.findings if f.category == "queries"]
    # reopening the saved project reads the workload again
    window.document.save(str(project))
    window.files.open_file(str(project))
    wait_lint(qtbot, window)
    assert window.workload.files() == [str(queries.resolve())]
    assert [f for f in window.findings if f.category == "queries"]


def test_lint_and_advise_read_a_projects_workload(tmp_path):
    """`tablewright lint project` and `advise project` use the workload the GUI attached."""
    import json
    import subprocess
    import sys

    from tablewright.designer.importing import ImportResult  # noqa: F401
    from tablewright.designer.project import Project, save_project
    from tablewright.designer.sources import load_sources

    schema = load_sources([sakila_pg()], "postgres").schema
    (tmp_path / "q.sql").write_text("SELECT customer_id FROM customer WHERE email = $1;\n")
    project = tmp_path / "p.twproj"
    save_project(str(project), Project(schema=schema, settings={"workload": {"files": ["q.sql"]}}))
    run = subprocess.run([sys.executable, "-m", "tablewright.app.cli", "advise", str(project), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert [i["columns"] for i in json.loads(run.stdout)["indexes"]] == [["email"]]


def test_attach_workload_menu_action(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    assert window.files.open_file(sakila_pg())
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(WORKLOAD)], ""))
    action = next(a for m in window.menuBar().actions() for a in m.menu().actions()
                  if a.text().replace("&", "") == "Attach Workload…")
    action.trigger()
    wait_lint(qtbot, window)
    assert window.workload.files() == [str(WORKLOAD)]
    assert "39 queries" in window.statusBar().currentMessage()
    assert [f for f in window.findings if f.category == "queries"]
