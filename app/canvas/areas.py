"""Subject areas on the canvas: a tinted, framed region behind the cards of
its tables, with the area's name as a label that keeps its screen size (so it
is readable at Fit, when the cards are specks): the scene draws the labels in
``drawForeground``, in screen pixels, cut to the area's width on screen.

Dragging an area (its region or its label, not a card in it) moves all its
tables; on release the scene reports one ``tablesMoved`` with every table,
which the window turns into one undo step.  The model of an area is
``tablewright.designer.areas.Area``; the scene keeps the items in step with it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

PAD = 24.0  # around the cards
LABEL_ROOM = 30.0  # above the cards, for the label at 100%


def area_colors(color: str, dark: bool) -> tuple[QColor, QColor, QColor]:
    """(fill, frame, label) for an area colour on a light or dark canvas."""
    from tablewright.app.canvas.palette import DARK, LIGHT

    base = QColor(color)
    # the tint mixed with the canvas colour, opaque: areas do not overlap, and
    # filling a hundred translucent regions cost a dozen ms per frame of a drag
    k = (46 if dark else 34) / 255
    canvas = (DARK if dark else LIGHT).background
    fill = QColor(round(base.red() * k + canvas.red() * (1 - k)), round(base.green() * k + canvas.green() * (1 - k)),
                  round(base.blue() * k + canvas.blue() * (1 - k)))
    frame = QColor(base)
    frame.setAlpha(200)
    label = base.lighter(150) if dark else base.darker(140)
    return fill, frame, label


class AreaItem(QGraphicsRectItem):
    def __init__(self, area):
        super().__init__()
        self.area = area
        self.setZValue(-2.0)
        self.setFlag(QGraphicsItem.ItemIsSelectable, True)
        self.setAcceptedMouseButtons(Qt.LeftButton | Qt.RightButton)
        self._drag_from: QPointF | None = None
        self._start: dict[str, QPointF] = {}
        self.dark = False
        self.set_area(area)

    @property
    def area_id(self) -> str:
        return self.area.id

    def set_area(self, area) -> None:
        self.area = area
        self.setToolTip(f"{area.name} ({len(area.tables)} tables)" + (f"\n{area.note}" if area.note else ""))
        self.set_dark(self.dark)

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        fill, frame, label = area_colors(self.area.color, dark)
        self.setBrush(QBrush(fill))
        pen = QPen(frame, 1.5)
        pen.setCosmetic(True)
        self.setPen(pen)
        # zoomed out (the scene draws the areas): an opaque hairline, drawn on
        # the fast path (a 1.5 px translucent pen cost ~0.1 ms an area a frame)
        opaque = QColor(frame)
        opaque.setAlpha(255)
        self.batch_pen = QPen(opaque, 0)
        self.fill_color = fill
        self.label_color = label
        self.update()

    def fit_to(self, card_rects: list[QRectF]) -> None:
        """Around these cards (hidden when there are none)."""
        if not card_rects:
            self.setVisible(False)
            return
        r = QRectF(card_rects[0])
        for c in card_rects[1:]:
            r = r.united(c)
        r = r.adjusted(-PAD, -PAD - LABEL_ROOM, PAD, PAD)
        self.setRect(r)
        self.setVisible(True)

    def shift(self, dx: float, dy: float) -> None:
        self.setRect(self.rect().translated(dx, dy))

    def paint(self, painter, option, widget=None) -> None:
        scene = self.scene()
        if scene is not None and getattr(scene, "is_batched", lambda: False)():
            return  # zoomed out: the scene draws areas under its batched blocks
        painter.setPen(self.pen())
        painter.setBrush(self.brush())
        painter.drawRoundedRect(self.rect(), 14, 14)
        if self.isSelected():
            pen = QPen(self.pen().color(), 3)
            pen.setCosmetic(True)
            pen.setStyle(Qt.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(self.rect(), 14, 14)

    # -- dragging the area moves its tables --------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.LeftButton:
            event.ignore()
            return
        scene = self.scene()
        scene.clearSelection()
        self.setSelected(True)
        self._drag_from = event.scenePos()
        self._start = {tid: card.pos() for tid in self.area.tables
                       if (card := scene.table_item(tid)) is not None}
        scene.begin_area_drag(self)
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if self._drag_from is None:
            return
        d = event.scenePos() - self._drag_from
        self.scene().drag_area_to(self, self._start, d)
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if self._drag_from is None:
            return
        self._drag_from = None
        self.scene().end_area_drag(self, self._start)
        self._start = {}
        event.accept()

    def contextMenuEvent(self, event) -> None:
        self.scene().areaContextMenu.emit(self.area.id, event.screenPos())
        event.accept()

    def mouseDoubleClickEvent(self, event) -> None:
        self.scene().areaActivated.emit(self.area.id)
        event.accept()
