"""Shared fixtures and helpers for the main-window tests (pytest-qt, offscreen);
no tests of its own (named test_gui_* so it lives with them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
SHOP = REPO / "resources" / "examples" / "shop.sql"


class Answers:
    """Records the message boxes the window shows; ``close_answer`` is what
    the unsaved-changes question returns."""

    def __init__(self):
        self.warnings: list[str] = []
        self.errors: list[str] = []
        self.close_answer = QMessageBox.Discard


@pytest.fixture
def answers(monkeypatch) -> Answers:
    a = Answers()

    def warning(_parent, _title, text, *_args, **_kw):
        a.warnings.append(text)
        return a.close_answer

    def critical(_parent, _title, text, *_args, **_kw):
        a.errors.append(text)
        return QMessageBox.Ok

    monkeypatch.setattr("tablewright.app.main_window.QMessageBox.warning", warning)
    monkeypatch.setattr("tablewright.app.main_window.QMessageBox.critical", critical)
    return a


@pytest.fixture
def make_window(qtbot, tmp_path, answers):
    """``make_window()`` → a MainWindow with settings in a temp ini file."""
    from tablewright.app.main_window import MainWindow
    from tablewright.app.settings import AppSettings

    made = []

    def make(settings_file: str = "settings.ini"):
        settings = AppSettings(QSettings(str(tmp_path / settings_file), QSettings.IniFormat))
        window = MainWindow(settings)
        window.resize(1400, 900)
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield make
    drift = []
    for window in made:
        try:
            drift += positions_drift(window)
            window.shutdown()
        except RuntimeError:
            pass
    assert not drift, f"the canvas and the document disagree on positions: {drift[:5]}"


def positions_drift(window) -> list:
    """The document owns the diagram's positions; the canvas shows them. Every
    GUI test ends with the two agreeing (outside a focus view, which only shows)."""
    if window.scene.focused() and window.document.active is None or window.layout_worker.is_running():
        return []
    doc = window.document.positions
    return [(tid, doc.get(tid), pos) for tid, pos in window.diagrams.scene_positions().items()
            if doc.get(tid) is None or any(abs(a - b) > 0.01 for a, b in zip(doc[tid][:2], pos[:2]))
            or bool(doc[tid][2]) != bool(pos[2])]


@pytest.fixture
def window(make_window):
    return make_window()


def wait_lint(qtbot, window, timeout: int = 8000) -> None:
    """Until the findings for the newest edit are in."""
    qtbot.waitUntil(lambda: not window.lint.busy(), timeout=timeout)


def screenshot(widget, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    assert widget.grab().save(str(path)), f"cannot write {path}"
    return path


def scene_fk_edges(window) -> set[tuple[str, str]]:
    return {(e.source.table_id, e.target.table_id) for e in window.scene.edge_items()}


def model_fk_edges(schema) -> set[tuple[str, str]]:
    return {(t.id, fk.ref_table) for t, fk in schema.foreign_keys() if fk.ref_table}
