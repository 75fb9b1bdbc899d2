"""tablewright.app.errors holds error_text, so the main window does not import app.gui
(the module that starts the application): the gui <-> main_window cycle is gone.
The app's log file is scrubbed of passwords like every other output."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_main_window_does_not_import_app_gui():
    code = "import sys, tablewright.app.main_window; print('tablewright.app.gui' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_log_file_is_scrubbed(tmp_path):
    from tablewright.app.gui import ScrubbingFormatter

    handler = logging.FileHandler(tmp_path / "tablewright.log", encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter("%(levelname)s %(message)s"))
    log = logging.getLogger("tablewright.test-scrub")
    log.addHandler(handler)
    try:
        try:
            raise RuntimeError("connect to mysql+pymysql://root:Hunter2pw@db/x failed")
        except RuntimeError:
            log.exception("lint run failed for %s", "postgresql://me:Hunter2pw@h/db")
    finally:
        log.removeHandler(handler)
        handler.close()
    text = (tmp_path / "tablewright.log").read_text()
    assert "Hunter2pw" not in text
    assert "postgresql://me:***@h/db" in text and "root:***@db/x" in text and "Traceback" in text
