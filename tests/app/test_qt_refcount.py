"""Guard against the PySide6 release that drops references to None on every
void call (6.12.0 on Python 3.11): a long paint loop must not crash or leak."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from PySide6.QtGui import QImage, QPainter, QPen
image = QImage(8, 8, QImage.Format_ARGB32)
painter = QPainter(image)
pen = QPen()
before = sys.getrefcount(None)
for _ in range(50_000):
    painter.setPen(pen)
painter.end()
print(before - sys.getrefcount(None))
"""


def test_void_qt_calls_do_not_consume_none_references():
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert proc.returncode == 0, proc.stderr[-500:]
    assert abs(int(proc.stdout.strip())) < 1000
