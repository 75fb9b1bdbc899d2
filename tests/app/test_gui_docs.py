"""File ▸ Export ▸ Documentation… writes the HTML data dictionary of the open
model with the findings the Problems panel shows; opening a DBML file imports
it with its TableGroups as subject areas."""

from __future__ import annotations

from tests.app.test_gui_support import SHOP, answers, make_window, screenshot, wait_lint, window  # noqa: F401


def test_export_documentation_from_the_menu(qtbot, window, tmp_path, monkeypatch):
    window.files.open_file(str(SHOP))
    wait_lint(qtbot, window)
    assert window.act_export_docs.text() == "Export D&ocumentation…"
    assert window.act_export_docs in window.menuBar().actions()[0].menu().actions()
    out = tmp_path / "site"
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    window.act_export_docs.trigger()
    index = (out / "index.html").read_text()
    schema = window.document.schema
    assert all(f">{t.qualified_name}</a>" in index for t in schema.tables)
    assert len(list((out / "tables").glob("*.html"))) == len(schema.tables)
    pages = "".join(p.read_text() for p in (out / "tables").glob("*.html"))
    assert window.findings and all(f.rule in pages for f in window.findings if f.table_id)


def test_opening_dbml_makes_its_table_groups_areas(qtbot, window, tmp_path):
    from tablewright.designer.areas import areas_of

    src = tmp_path / "s.dbml"
    src.write_text("Table a {\n  id int [pk]\n}\nTable b {\n  id int [pk]\n  a_id int [ref: > a.id]\n}\n"
                   "TableGroup core [color: #59a14f] {\n  a\n  b\n}\n")
    assert window.files.open_file(str(src), ask=False)
    assert sorted(t.name for t in window.document.schema.tables) == ["a", "b"]
    (area,) = areas_of(window.document.project.diagram)
    assert (area.name, area.color, len(area.tables)) == ("core", "#59a14f", 2)



def test_screenshot_of_a_dbml_project_example_in_the_app(qtbot, window):
    """The DBML project's e-commerce example opened in the app: its TableGroup
    drawn as a subject area around the tables (docs/screenshots/dbml-import-areas.png)."""
    from pathlib import Path

    from tablewright.designer.areas import areas_of

    assert window.files.open_file(str(Path(__file__).parents[1] / "designer" / "dbml" / "ecommerce.dbml"), ask=False)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    wait_lint(qtbot, window)
    (area,) = areas_of(window.document.project.diagram)
    assert area.name == "ecommerce_core" and len(area.tables) == 5
    assert screenshot(window, "dbml-import-areas.png").stat().st_size > 0
