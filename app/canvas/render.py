"""The diagram to a file: SVG (text stays text), PNG, PDF — at full detail."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

FORMATS = (".svg", ".png", ".pdf")
MARGIN = 24.0
MAX_PIXELS = 48_000_000  # a PNG bigger than this is scaled down (about 190 MB in memory)
MAX_SIDE = 32_000  # QImage's limit is 32767 per side


def png_scale(width: float, height: float, wanted: float = 2.0) -> float:
    """``wanted`` pixels per point, less for diagrams too big for one image."""
    fit = math.sqrt(MAX_PIXELS / max(width * height, 1.0))
    return min(wanted, fit, MAX_SIDE / max(width, 1.0), MAX_SIDE / max(height, 1.0))


def render_to_file(scene, path, *, scale: float | None = None) -> QSize:
    """Write the whole diagram to ``path`` (format by suffix) and return the
    size of the picture (pixels for PNG, points otherwise).  The picture is
    drawn in memory and written with :func:`tablewright.designer.atomic.write_file`
    (atomic; ``WriteError`` when it cannot be written, the old file untouched)."""
    from tablewright.designer.atomic import write_file

    path = Path(path)
    data, size = render_to_bytes(scene, path.suffix, scale=scale, name=path.name)
    write_file(path, data)
    return size


def render_to_bytes(scene, suffix: str, *, scale: float | None = None, name: str = "diagram") -> tuple[bytes, QSize]:
    """The whole diagram as the bytes of an SVG, PNG or PDF file (``suffix``)."""
    suffix = suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{name}: cannot write a {suffix or 'suffix-less'} file (use .svg, .png or .pdf)")
    selection = scene.selectedItems()
    scene.clearSelection()  # selection colours do not belong in a picture
    source = scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    if source.isEmpty():
        source = QRectF(0, 0, 200, 100)
    scene.full_detail = True
    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    try:
        if suffix == ".svg":
            size = _svg(scene, buffer, source)
        elif suffix == ".png":
            size = _png(scene, buffer, source, scale or png_scale(source.width(), source.height()))
        else:
            size = _pdf(scene, buffer, source)
    finally:
        scene.full_detail = False
        for item in selection:
            item.setSelected(True)
    buffer.close()
    return bytes(buffer.data().data()), size


def _paint(scene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
    painter.fillRect(target, scene.palette_.background)
    scene.render(painter, target, source, Qt.KeepAspectRatio)


def _svg(scene, device: QBuffer, source: QRectF) -> QSize:
    from PySide6.QtSvg import QSvgGenerator

    size = QSize(math.ceil(source.width()), math.ceil(source.height()))
    generator = QSvgGenerator()
    generator.setOutputDevice(device)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle("Tablewright diagram")
    generator.setResolution(72)  # 1 user unit = 1 point
    painter = QPainter(generator)
    _paint(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    return size


def _png(scene, device: QBuffer, source: QRectF, scale: float) -> QSize:
    size = QSize(max(1, math.ceil(source.width() * scale)), max(1, math.ceil(source.height() * scale)))
    image = QImage(size, QImage.Format_ARGB32_Premultiplied)
    image.fill(scene.palette_.background)
    painter = QPainter(image)
    _paint(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    if not image.save(device, "PNG"):
        raise OSError("cannot encode the PNG image")
    return size


def _pdf(scene, device: QBuffer, source: QRectF) -> QSize:
    writer = QPdfWriter(device)
    writer.setResolution(72)
    writer.setTitle("Tablewright diagram")
    writer.setPageLayout(QPageLayout(
        QPageSize(QSizeF(source.width(), source.height()), QPageSize.Point, "diagram", QPageSize.ExactMatch),
        QPageLayout.Portrait, QMarginsF(0, 0, 0, 0),
    ))
    painter = QPainter(writer)
    if not painter.isActive():
        raise OSError("cannot draw the PDF")
    page = QRectF(0, 0, writer.width(), writer.height())
    _paint(scene, painter, page, source)
    painter.end()
    return QSize(math.ceil(source.width()), math.ceil(source.height()))


def print_scene(scene, printer) -> None:
    """The whole diagram on one page of ``printer`` (a QPrinter, already set up
    by the print dialog), landscape when the diagram is wider than tall,
    scaled to fit and centred."""
    source = scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    if source.isEmpty():
        source = QRectF(0, 0, 200, 100)
    printer.setPageOrientation(QPageLayout.Landscape if source.width() > source.height() else QPageLayout.Portrait)
    selection = scene.selectedItems()
    scene.clearSelection()
    scene.full_detail = True
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise OSError("cannot print: the printer could not be opened")
        page = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        page.moveTo(0, 0)
        _paint(scene, painter, page, source)
    finally:
        if painter.isActive():
            painter.end()
        scene.full_detail = False
        for item in selection:
            item.setSelected(True)
