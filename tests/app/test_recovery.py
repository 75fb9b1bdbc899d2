"""Crash recovery: unsaved work is written aside and offered back by the next
start when its process is gone; saving or discarding removes it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tablewright.app import recovery
from tablewright.designer.model import canonical
from tests.app.test_gui_support import SHOP, answers, make_window, window  # noqa: F401

pytestmark = pytest.mark.gui


def _edit(window):
    window.files.import_files([str(SHOP)], "postgres", report="never")
    table = window.document.schema.tables[0]
    window.add_column(table.id, "recovered_note")
    assert window.document.dirty
    return table


def test_unsaved_work_is_recovered_after_a_crash(qtbot, make_window, monkeypatch, tmp_path):
    first = make_window()
    _edit(first)
    first.files.autosave(wait=True)
    assert first.files.recovery.written
    expected = canonical(first.document.schema)
    # the first process "crashes": its pid is no longer alive, nothing was cleared
    monkeypatch.setattr(recovery, "_alive", lambda pid: False)
    asked = []

    def question(_parent, title, text, *_a, **_k):
        asked.append(text)
        return QMessageBox.Yes

    monkeypatch.setattr("tablewright.app.controllers.files.ask_recovery", question)
    second = make_window()
    assert second.files.offer_recovery()
    assert asked and "Untitled" in asked[0]
    assert canonical(second.document.schema) == expected
    assert second.document.dirty  # recovered work is unsaved work
    assert any(c.name == "recovered_note" for t in second.document.schema.tables for c in t.columns)
    # the crashed session's files are gone; the new window's own copy is there
    assert not first.files.recovery.written and second.files.recovery.written
    # saving removes the recovery copy
    path = tmp_path / "saved.twproj"
    assert second.files.save_to(str(path))
    assert not second.files.recovery.written


def test_discard_deletes_and_cancel_keeps(qtbot, make_window, monkeypatch):
    first = make_window()
    _edit(first)
    first.files.autosave(wait=True)
    monkeypatch.setattr(recovery, "_alive", lambda pid: False)
    reply = {"answer": QMessageBox.Cancel}
    monkeypatch.setattr("tablewright.app.controllers.files.ask_recovery", lambda *_a, **_k: reply["answer"])
    second = make_window()
    assert not second.files.offer_recovery() and first.files.recovery.written  # Cancel: asked again next time
    reply["answer"] = QMessageBox.Discard
    assert not second.files.offer_recovery() and not first.files.recovery.written
    assert not second.document.schema.tables


def test_nothing_is_offered_while_the_other_process_lives_or_after_a_clean_close(qtbot, make_window, monkeypatch,
                                                                                   answers):
    first = make_window()
    _edit(first)
    first.files.autosave(wait=True)
    monkeypatch.setattr("tablewright.app.controllers.files.ask_recovery",
                        lambda *_a, **_k: pytest.fail("nothing to offer"))
    assert not make_window().files.offer_recovery()  # this process is alive: not an orphan
    answers.close_answer = QMessageBox.Discard
    first.close()  # the user discarded the changes: the copy goes too
    monkeypatch.setattr(recovery, "_alive", lambda pid: False)
    assert not first.files.recovery.written and not make_window().files.offer_recovery()


def test_autosave_writes_only_when_something_changed(qtbot, window):
    window.files.autosave(wait=True)
    assert not window.files.recovery.written  # a clean document has nothing to keep
    _edit(window)
    window.files.autosave()  # as the timer does: in a worker, from a copy
    window.jobs.wait()
    assert window.files.recovery.written
    window.add_column(window.document.schema.tables[0].id, "another")
    window.files.autosave(wait=True)
    first = window.files.recovery.project_file.stat().st_mtime_ns
    window.files.autosave(wait=True)  # no change since: not written again
    assert window.files.recovery.project_file.stat().st_mtime_ns == first


def test_an_unwritable_recovery_folder_is_no_crash(qtbot, window, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    window.files.recovery = recovery.Recovery(blocker / "recovery")
    _edit(window)
    window.files.autosave(wait=True)  # logged, not raised
    assert not window.files.recovery.written
