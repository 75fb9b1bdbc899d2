"""The processes the app starts (issue 16): pygraphviz never loads before Qt,
the app ends on SIGTERM with its helper process, and the helper ends when the
app is gone however it ended."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "resources" / "examples" / "shop.sql"


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


def _wait(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_pygraphviz_is_imported_after_qt_in_the_app():
    """pygraphviz's vendored libxcb loaded before Qt's makes Qt's xcb plugin
    crash: once ``tablewright.app`` is imported, ``import pygraphviz`` brings
    QtGui in first (the crash itself needs X11: packaging/smoke.py runs it
    under Xvfb)."""
    code = ("import sys, tablewright.app; assert 'PySide6.QtGui' not in sys.modules; "
            "import pygraphviz; print('PySide6.QtGui' in sys.modules, "
            "list(sys.modules).index('PySide6.QtGui') < list(sys.modules).index('pygraphviz'))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "True"]


def test_helper_process_ends_when_the_app_is_killed():
    """SIGKILL leaves no chance to stop the helper: it notices by itself."""
    grandchild = ("from tablewright.app.helper_process import watch_parent; import time; "
                  "watch_parent(0.05); time.sleep(60)")
    parent = subprocess.Popen([sys.executable, "-c", f"import subprocess, sys, time; "
                               f"p = subprocess.Popen([sys.executable, '-c', {grandchild!r}]); "
                               f"print(p.pid, flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        helper = int(parent.stdout.readline())
        time.sleep(0.5)
        assert _alive(helper)
        parent.kill()
        parent.wait(10)
        assert _wait(lambda: not _alive(helper), 10), "the helper outlived the app"
    finally:
        parent.kill()
        parent.wait(10)


@pytest.mark.gui
def test_sigterm_ends_the_app_and_its_helper_process(tmp_path):
    """The app with the DDL preview's helper process running gets SIGTERM: it
    exits (143) within seconds, writes no "Save changes?" dialog nobody
    answers, and leaves no process behind."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_STATE_HOME=str(tmp_path / "state"), TABLEWRIGHT_NO_ERROR_DIALOG="1")
    code = ("import sys; from PySide6.QtCore import QTimer; from tablewright.app import workers, cli; "
            "from tablewright.designer.ddl_export import export_ddl; "
            # the helper process started as the DDL preview starts it, then the app as usual
            "QTimer.singleShot(0, lambda: workers._pool().submit(print, 'helper up', flush=True)); "
            f"sys.exit(cli.main(['open', {str(SHOP)!r}]))")
    app = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=tmp_path,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert app.stdout.readline().strip() == "helper up", app.stderr.read() if app.poll() is not None else ""
        children = _children(app.pid)
        assert children, "no helper process"
        app.send_signal(signal.SIGTERM)
        assert app.wait(20) == 128 + signal.SIGTERM
        assert _wait(lambda: not any(_alive(c) for c in children), 10), "a child outlived the app"
        log = (tmp_path / "cache" / "tablewright" / "tablewright.log").read_text()
        assert "SIGTERM" in log and "ERROR" not in log, log
        assert not list((tmp_path / "state").rglob("crash-*")), log
    finally:
        app.kill()
        app.wait(10)


@pytest.mark.gui
def test_sigterm_while_starting_ends_the_app(tmp_path):
    """SIGTERM before the event loop runs (the app still opening its files,
    where QApplication.exit() does nothing) ends the loop as soon as it starts."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path / "cache"))
    code = ("import os, signal, sys; from tablewright.app import gui; app = gui.make_app(); "
            "gui.quit_on_sigterm(app); os.kill(os.getpid(), signal.SIGTERM); sys.exit(app.exec())")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 128 + signal.SIGTERM, run.stderr
