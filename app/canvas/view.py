"""The diagram view (zoom, pan, rubber-band selection), its minimap, and
table search.

Zoom: the wheel zooms around the cursor, pinch gestures (QPinchGesture or a
native zoom gesture) likewise; Ctrl+= / Ctrl+- / Ctrl+0 (fit) when the window
has no shortcut for them.  Pan: middle mouse button, or Space held + drag.
Left drag on empty canvas: rubber-band selection.

Zoomed out below ``BLOCK_LOD`` the view puts its scene in overview mode: the
scene draws all blocks and edge lines in one batch (``DiagramScene``) instead
of one ``paint()`` call per item.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsView, QPinchGesture, QWidget

from tablewright.app.canvas.items import BLOCK_LOD

MIN_ZOOM, MAX_ZOOM = 0.02, 4.0
STEP = 1.25
FIT_MARGIN = 12  # pixels left around the diagram by Fit


def find_tables(schema, text: str) -> list[str]:
    """Table ids whose (qualified) name matches ``text``, case-insensitively:
    exact matches first, then prefixes, then substrings, each by name."""
    needle = text.strip().lower()
    if not needle or schema is None:
        return []
    ranked = []
    for table in schema.tables:
        name, qualified = table.name.lower(), table.qualified_name.lower()
        if needle in (name, qualified):
            rank = 0
        elif name.startswith(needle) or qualified.startswith(needle):
            rank = 1
        elif needle in qualified:
            rank = 2
        else:
            continue
        ranked.append((rank, qualified, table.id))
    return [tid for _rank, _name, tid in sorted(ranked)]


class DiagramView(QGraphicsView):
    #: keyboard on the canvas: F2 rename, Enter properties, Tab / Shift+Tab next / previous card
    renameRequested = Signal()
    propertiesRequested = Signal()
    stepRequested = Signal(int)

    def __init__(self, scene=None, parent=None):
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.SmartViewportUpdate)
        self.setOptimizationFlags(QGraphicsView.DontSavePainterState | QGraphicsView.DontAdjustForAntialiasing)
        self.viewport().grabGesture(Qt.PinchGesture)
        self._pan_from: QPointF | None = None
        self._space = False

    # -- slots for the window's actions --------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        scale = factor / self.zoom()
        if anchor is None:
            old = self.transformationAnchor()
            self.setTransformationAnchor(QGraphicsView.AnchorViewCenter)
            self.scale(scale, scale)
            self.setTransformationAnchor(old)
        else:  # keep the scene point under `anchor` (viewport coordinates) fixed
            before = self.mapToScene(anchor.toPoint())
            self.setTransformationAnchor(QGraphicsView.NoAnchor)
            self.scale(scale, scale)
            after = self.mapToScene(anchor.toPoint())
            self.translate(after.x() - before.x(), after.y() - before.y())
            self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self._sync_overview()

    def _sync_overview(self) -> bool:
        """Tell the scene whether this view is zoomed out to blocks; True if
        that changed."""
        scene = self.scene()
        far = self.zoom() < BLOCK_LOD
        if scene is None or not hasattr(scene, "set_overview") or scene.overview == far:
            return False
        scene.set_overview(far)
        return True

    def drawBackground(self, painter, rect) -> None:
        # zoomed far out, antialiasing a thousand hairlines and blocks costs
        # more than the rest of the frame and shows nothing
        painter.setRenderHint(QPainter.Antialiasing, self.zoom() >= BLOCK_LOD)
        if self._sync_overview():  # zoomed some other way (fitInView, setTransform)
            self.viewport().update()
        super().drawBackground(painter, rect)

    #: shown on an empty canvas: what a new user can do first
    EMPTY_HINT = ("No tables yet.\n\nOpen a project or DDL file (Ctrl+O), import DDL (Ctrl+I)\n"
                  "or a database (File ▸ Import from Database…), or add a table (Ctrl+T).\n\n"
                  "Help ▸ Keyboard Shortcuts lists the rest.")

    def is_empty(self) -> bool:
        scene = self.scene()
        return scene is None or not getattr(scene, "_cards", None)

    def drawForeground(self, painter, rect) -> None:
        super().drawForeground(painter, rect)
        if not self.is_empty():
            return
        painter.save()
        painter.resetTransform()  # viewport coordinates: the hint stays centred
        painter.setPen(self.palette().placeholderText().color())
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        # wrapped within a margin: a narrow canvas between the docks must not cut the lines off
        area = QRectF(self.viewport().rect()).adjusted(16, 16, -16, -16)
        painter.drawText(area, Qt.AlignCenter | Qt.TextWordWrap, self.EMPTY_HINT)
        painter.restore()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / STEP)

    def fit_all(self) -> None:
        """The whole diagram (what is shown of it) in the viewport, at most 100 %.

        Measured against the viewport the scroll bars will leave: Qt shows or
        hides them from a queued call after the zoom changes, so fitting the
        viewport as it is (``fitInView``) left the right-most column or the
        bottom row of cards under a scroll bar that appeared a moment later."""
        scene = self.scene()
        if scene is None:
            return
        rect = scene.shown_rect() if hasattr(scene, "shown_rect") else scene.itemsBoundingRect()
        if rect.isEmpty():
            return
        port = self.viewport().rect()
        width, height = port.width() - 2 * FIT_MARGIN, port.height() - 2 * FIT_MARGIN
        if self.verticalScrollBarPolicy() != Qt.ScrollBarAlwaysOff and not self.verticalScrollBar().isVisible():
            width -= self.verticalScrollBar().sizeHint().width()
        if self.horizontalScrollBarPolicy() != Qt.ScrollBarAlwaysOff and not self.horizontalScrollBar().isVisible():
            height -= self.horizontalScrollBar().sizeHint().height()
        factor = min(max(width, 1) / rect.width(), max(height, 1) / rect.height(), 1.0)
        self.set_zoom(factor)
        self.centerOn(rect.center())

    def center_on_table(self, table_id: str) -> None:
        card = self.scene().table_item(table_id) if self.scene() else None
        if card is None:
            return
        if self.zoom() < 0.6:
            self.set_zoom(0.8)
        self.centerOn(card.sceneBoundingRect().center())

    def find_table(self, text: str) -> list[str]:
        return find_tables(self.scene().schema if self.scene() else None, text)

    # -- input -------------------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        delta = event.angleDelta().y() or event.pixelDelta().y()
        if not delta:
            super().wheelEvent(event)
            return
        self.set_zoom(self.zoom() * (STEP ** (delta / 120.0)), event.position())
        event.accept()

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Gesture:
            pinch = event.gesture(Qt.PinchGesture)
            if pinch is not None:
                if pinch.changeFlags() & QPinchGesture.ScaleFactorChanged:
                    centre = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                    self.set_zoom(self.zoom() * pinch.scaleFactor(), QPointF(centre))
                return True
        if event.type() == QEvent.NativeGesture and event.gestureType() == Qt.ZoomNativeGesture:
            self.set_zoom(self.zoom() * (1.0 + event.value()), event.position())
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.OpenHandCursor)
            return
        if mods & Qt.ControlModifier and key in (Qt.Key_Equal, Qt.Key_Plus):
            self.zoom_in()
        elif mods & Qt.ControlModifier and key == Qt.Key_Minus:
            self.zoom_out()
        elif mods & Qt.ControlModifier and key == Qt.Key_0:
            self.fit_all()
        elif key == Qt.Key_F2 and not mods:
            self.renameRequested.emit()
        elif key in (Qt.Key_Return, Qt.Key_Enter) and not mods & ~Qt.KeypadModifier:
            self.propertiesRequested.emit()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab / Shift+Tab on the canvas go from card to card, not out of it."""
        scene = self.scene()
        if scene is not None and getattr(scene, "_cards", None):
            self.stepRequested.emit(1 if forward else -1)
            return True
        return super().focusNextPrevChild(forward)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MiddleButton or (self._space and event.button() == Qt.LeftButton):
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan_from is not None and event.button() in (Qt.MiddleButton, Qt.LeftButton):
            self._pan_from = None
            if self._space:
                self.viewport().setCursor(Qt.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()


class MiniMap(QWidget):
    """The whole diagram in small with the view's visible area as a frame;
    click or drag to move the view there.  The picture is re-rendered (in
    name-only blocks) a moment after the scene changes, not on every change."""

    def __init__(self, view: DiagramView, parent=None):
        super().__init__(parent)
        self.view = view
        self.setMinimumSize(160, 120)
        self._pixmap: QPixmap | None = None
        self._source = QRectF()
        self._target = QRectF()
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        view.verticalScrollBar().valueChanged.connect(self.update)
        self._scene = None
        self.attach()

    def attach(self) -> None:
        """Follow the view's (new) scene."""
        if self._scene is not None:
            try:
                self._scene.changed.disconnect(self._schedule)
            except (RuntimeError, TypeError):
                pass
        self._scene = self.view.scene()
        if self._scene is not None:
            self._scene.changed.connect(self._schedule)
        self._schedule()

    def _schedule(self, *_args) -> None:
        self._timer.start()

    def refresh(self) -> None:
        scene = self.view.scene()
        if scene is None or self.width() < 2 or self.height() < 2:
            return
        diagram = scene.diagram_rect() if hasattr(scene, "diagram_rect") else scene.itemsBoundingRect()
        source = diagram.adjusted(-40, -40, 40, 40)
        if source.isEmpty():
            self._pixmap = None
            self.update()
            return
        ratio = min(self.width() / source.width(), self.height() / source.height())
        w, h = source.width() * ratio, source.height() * ratio
        target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        pixmap = QPixmap(self.size() * self.devicePixelRatioF())
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        pixmap.fill(scene.palette_.background)
        painter = QPainter(pixmap)
        if hasattr(scene, "draw_overview"):  # blocks and lines in one batch
            painter.translate(target.topLeft())
            painter.scale(ratio, ratio)
            painter.translate(-source.topLeft())
            scene.draw_overview(painter, source, ratio)
        else:
            scene.render(painter, target, source)
        painter.end()
        self._pixmap, self._source, self._target = pixmap, source, target
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._schedule()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        if self._pixmap is None:
            painter.fillRect(self.rect(), QColor("#f0f0f0"))
            return
        painter.drawPixmap(0, 0, self._pixmap)
        visible = self._to_map(self.view.visible_scene_rect())
        painter.setPen(QPen(QColor("#2f6fe4"), 1.5))
        painter.setBrush(QColor(47, 111, 228, 40))
        painter.drawRect(visible.intersected(QRectF(self.rect()).adjusted(0, 0, -1, -1)))

    def _to_map(self, rect: QRectF) -> QRectF:
        s, t = self._source, self._target
        k = t.width() / s.width()
        return QRectF(t.x() + (rect.x() - s.x()) * k, t.y() + (rect.y() - s.y()) * k, rect.width() * k, rect.height() * k)

    def map_to_scene(self, point: QPointF) -> QPointF:
        s, t = self._source, self._target
        k = s.width() / t.width()
        return QPointF(s.x() + (point.x() - t.x()) * k, s.y() + (point.y() - t.y()) * k)

    def mousePressEvent(self, event) -> None:
        if self._pixmap is not None and event.button() == Qt.LeftButton:
            self.view.centerOn(self.map_to_scene(event.position()))
            self.update()

    def mouseMoveEvent(self, event) -> None:
        if self._pixmap is not None and event.buttons() & Qt.LeftButton:
            self.view.centerOn(self.map_to_scene(event.position()))
            self.update()
