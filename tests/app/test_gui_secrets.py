"""The desktop app keeps database passwords out of everything it shows or
stores -- window title, import report, error dialogs, settings, recent files,
saved project -- and its unexpected-exception path writes the same scrubbed
crash log as the command line (app.crash)."""

from __future__ import annotations

import pytest

from tests.app.test_gui_support import answers, make_window, window  # noqa: F401

pytestmark = pytest.mark.gui

PASSWORD = "Gu1-hunter2-pw"


def _leaks(text: str) -> bool:
    return PASSWORD in text or "hunter2" in text


def test_database_import_shows_and_stores_no_password(qtbot, window, answers, pg_url_factory, tmp_path):
    import psycopg

    url = pg_url_factory()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute("CREATE TABLE account (id integer PRIMARY KEY, location point)")
    secret = url.replace("postgres@", f"postgres:{PASSWORD}@", 1)
    # the password typed into the URL field itself, not the password box
    window.settings.last_database_url = secret
    window.files.import_database(secret)
    qtbot.waitUntil(lambda: window.import_report is not None, timeout=20000)
    report = window.import_report
    shown = [window.windowTitle(), report.windowTitle(), report.summary.text(), window.statusBar().currentMessage()]
    shown += [report.issues.topLevelItem(i).text(c) for i in range(report.issues.topLevelItemCount()) for c in range(3)]
    assert [t for t in shown if _leaks(t)] == []
    assert any("point" in t for t in shown)  # the import report is there, with its warning
    assert window.document.schema.tables[0].name == "account"
    window.files.save_to(str(tmp_path / "p.twproj"))
    window.settings.sync()
    assert not _leaks((tmp_path / "settings.ini").read_text())
    assert not _leaks((tmp_path / "p.twproj").read_text())
    assert not any(_leaks(p) for p in window.settings.recent_files())
    # and when the database cannot be reached, the error dialog names it without the password
    window.files.import_database(secret.replace(":5432/", ":1/"))
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=20000)
    assert "cannot connect" in answers.errors[-1] and not _leaks(answers.errors[-1])
    assert "postgres:***@127.0.0.1:1/" in answers.errors[-1]


def test_an_uncaught_exception_writes_the_scrubbed_crash_log(qtbot, monkeypatch, tmp_path):
    from tablewright.app import gui
    from tablewright.app.crash import crash_dir

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TABLEWRIGHT_NO_ERROR_DIALOG", raising=False)
    shown = []

    class Box:
        Critical, Ok = 3, 1024

        def __init__(self, _icon, title, text, *_a):
            shown.append((title, text))

        def exec(self):
            return 0

    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox", Box)
    try:
        raise KeyError(f"lost while reading postgresql://me:{PASSWORD}@db/prod")
    except KeyError as exc:
        gui.excepthook(type(exc), exc, exc.__traceback__)
    [log] = list(crash_dir().glob("crash-*.log"))
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "KeyError" in text
    assert not _leaks(text) and "postgresql://me:***@db/prod" in text
    [(title, message)] = shown
    assert str(log) in message and not _leaks(message) and "Traceback" not in message


def _broken_job(url: str):
    return {}[f"no such key for {url}"]


def test_a_bug_in_a_background_job_gets_a_crash_log_named_in_the_dialog(qtbot, window, monkeypatch, tmp_path):
    from tablewright.app.crash import crash_dir
    from tablewright.app.errors import error_text
    from tablewright.designer.errors import InputError

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    shown = []
    window.jobs.start("outputs-test", _broken_job, f"postgresql://me:{PASSWORD}@db/prod",
                      on_error=lambda exc: shown.append(error_text(exc)))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    [log] = list(crash_dir().glob("crash-*.log"))
    assert "KeyError" in shown[0] and f"the details were written to {log}" in shown[0]
    assert not _leaks(shown[0]) and not _leaks(log.read_text()) and "_broken_job" in log.read_text()

    def bad_input(_path):
        raise InputError("shop.sql:3:1: not SQL")

    shown.clear()
    window.jobs.start("outputs-test", bad_input, "shop.sql", on_error=lambda exc: shown.append(error_text(exc)))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == ["shop.sql:3:1: not SQL"]  # bad input is not a bug: no crash log
    assert len(list(crash_dir().glob("crash-*.log"))) == 1
