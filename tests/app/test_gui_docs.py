"""File ▸ Export ▸ Documentation… writes the HTML data dictionary of the open
model with the findings the Problems panel shows."""

from __future__ import annotations

from tests.app.test_gui_support import SHOP, answers, make_window, wait_lint, window  # noqa: F401


def test_export_documentation_from_the_menu(qtbot, window, tmp_path, monkeypatch):
    window.open_file(str(SHOP))
    wait_lint(qtbot, window)
    assert window.act_export_docs.text() == "Export D&ocumentation…"
    assert window.act_export_docs in window.menuBar().actions()[0].menu().actions()
    out = tmp_path / "site"
    from app import main_window

    monkeypatch.setattr(main_window.QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    window.act_export_docs.trigger()
    index = (out / "index.html").read_text()
    schema = window.document.schema
    assert all(f">{t.qualified_name}</a>" in index for t in schema.tables)
    assert len(list((out / "tables").glob("*.html"))) == len(schema.tables)
    pages = "".join(p.read_text() for p in (out / "tables").glob("*.html"))
    assert window.findings and all(f.rule in pages for f in window.findings if f.table_id)
