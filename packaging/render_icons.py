"""Render resources/icons/tablewright.svg as the PNG sizes of the hicolor icon
theme: ``python render_icons.py OUT_DIR`` writes OUT_DIR/<N>x<N>/apps/tablewright.png
and OUT_DIR/scalable/apps/tablewright.svg (packaging/build.sh --deb)."""

import os
import shutil
import sys
from pathlib import Path

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SVG = Path(__file__).resolve().parents[1] / "resources" / "icons" / "tablewright.svg"


def main(out: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QImage painting needs one
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG}: not a valid SVG", file=sys.stderr)
        return 2
    for size in SIZES:
        image = QImage(size, size, QImage.Format_ARGB32)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out / f"{size}x{size}" / "apps" / "tablewright.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):
            print(f"{target}: cannot write", file=sys.stderr)
            return 2
    scalable = out / "scalable" / "apps" / "tablewright.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
