"""The diagram scene: one card per table, one edge per resolved foreign key.

The scene reads the model and never changes it.  User gestures become signals
the window turns into undoable edits:

- ``tablesMoved({table_id: ((old_x, old_y), (new_x, new_y))})`` once when a
  drag of one or more cards ends; the moved tables are pinned from then on;
- ``foreignKeyDragged(table_id, column_id, target_table_id, target_column_id
  or None)``: with Ctrl held, press on a column row and release over another
  card (over a column row to name the referenced column);
- ``objectContextMenu(table_id, column_id or None, screen_pos)``;
- ``objectActivated(table_id, column_id or None)`` on double click;
- subject areas (``tablewright.app.canvas.areas``) behind the cards: dragging one moves
  its tables and ends in one ``tablesMoved``; ``areaContextMenu(area_id,
  screen_pos)``, ``areaActivated(area_id)``; ``canvasContextMenu(scene_pos,
  screen_pos)`` on empty canvas.

Overview (zoomed out below ``BLOCK_LOD``): painting a thousand cards and
edges one ``paint()`` call each costs more than a frame, so the view switches
the scene to overview mode.  The items then carry ``ItemHasNoContents`` (Qt
skips them while painting, but they stay in the index for clicks, drags,
rubber band and tooltips) and ``drawBackground`` draws every block and edge
line in a few ``drawRects``/``drawLines`` calls from lists built once and
rebuilt only after something changed (a move, the selection, findings,
cards or edges added or removed, the palette).  ``full_detail`` (rendering
to a file) turns the items' own painting back on.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmapCache
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsScene, QStyleOptionGraphicsItem

from tablewright.app.canvas.areas import AreaItem
from tablewright.app.canvas.items import TEXT_LOD, EdgeItem, TableItem
from tablewright.app.canvas.palette import DARK, LIGHT
from tablewright.designer.layout import layout

SCENE_MARGIN = 400.0


def _findings_key(findings) -> tuple:
    """What a card shows of its findings: equal keys, nothing to redo."""
    return tuple((f.id, f.severity, f.message, f.column, f.object_id) for f in findings)


_PIXMAP_CACHE_KB = 128 * 1024


class DiagramScene(QGraphicsScene):
    tablesMoved = Signal(dict)
    foreignKeyDragged = Signal(str, str, str, object)
    objectContextMenu = Signal(str, object, QPoint)
    objectActivated = Signal(str, object)
    areaContextMenu = Signal(str, QPoint)
    areaActivated = Signal(str)
    canvasContextMenu = Signal(QPointF, QPoint)

    def __init__(self, parent=None, *, engine: str = "auto"):
        super().__init__(parent)
        self.engine = engine  # layout engine for tables without a position
        self.palette_ = LIGHT
        self._full_detail = False  # True while rendering to a file
        # the cards' cached drawings live in Qt's pixmap cache (10 MB by default:
        # some forty cards at 100% on a high-DPI screen)
        if QPixmapCache.cacheLimit() < _PIXMAP_CACHE_KB:
            QPixmapCache.setCacheLimit(_PIXMAP_CACHE_KB)
        self._overview = False  # a view is zoomed out below BLOCK_LOD
        self._label_fonts: dict = {}  # (family, px) -> area label font, metrics
        self._label_widths: dict = {}  # (area name, px) -> width
        self._label_fits: dict = {}  # see _label_fit
        self._batched = False  # items have no contents; drawBackground draws them
        self._ov_cache = None  # the overview's lists, None when stale
        # block names: [block rect, card, lod they were made for, font, text,
        # scene position] per card, made when first drawn at a zoom (so a zoom
        # step costs only the cards in view) and kept across selection and
        # findings changes; None after cards were added, removed or changed
        self._labels: list | None = None
        self._label_of: dict = {}
        self.schema = None
        self._cards: dict[str, TableItem] = {}
        self._edges: dict[str, EdgeItem] = {}
        self._pinned: set[str] = set()
        self._scene_rect_set = False
        self._diagram_rect: QRectF | None = None  # itemsBoundingRect, None when stale
        self._findings: dict[str, list] = {}
        self._drag_start: dict[str, QPointF] | None = None
        self._fk_drag: tuple[str, str] | None = None
        self._fk_line: QGraphicsLineItem | None = None
        self._areas: dict[str, AreaItem] = {}
        self._area_of: dict[str, str] = {}  # table id -> area id
        self._area_drag: AreaItem | None = None
        self._defer_areas = False
        self._hidden: set[str] | None = None  # focus view: the tables not shown
        self.setItemIndexMethod(QGraphicsScene.BspTreeIndex)
        self._make_pens()

    # -- model -> scene --------------------------------------------------------------
    def set_schema(self, schema, positions: dict[str, tuple[float, float, bool]] | None = None) -> None:
        """Rebuild everything; tables without a position are laid out."""
        positions = dict(positions or {})
        self.clear()
        self.schema = schema
        qualified = self._qualified()
        for table in schema.tables:
            card = TableItem(table, table.qualified_name if qualified else table.name)
            self._cards[table.id] = card
            self._add_item(card)
        known = {tid: p for tid, p in positions.items() if tid in self._cards}
        placed = layout(schema, self.card_sizes(), known, engine=self.engine) if len(known) < len(self._cards) else {
            tid: p[:2] for tid, p in known.items()}
        self._pinned = {tid for tid, p in known.items() if p[2]}
        for tid, (x, y) in placed.items():
            self._cards[tid].setPos(x, y)
        for table in schema.tables:
            self._add_edges_of(table)
        self._apply_findings(self._cards)
        self.cards_changed()
        self._scene_rect_set = False
        self._fit_scene_rect()

    def clear(self) -> None:
        """Remove every item (and forget them, and the overview's lists that
        point at them)."""
        self._ov_cache = None
        self._diagram_rect = None
        self._labels, self._label_of = None, {}
        self._cards.clear()
        self._edges.clear()
        self._areas.clear()
        self._area_of.clear()
        self._area_drag = None
        self._hidden = None
        super().clear()

    def sync_tables(self, table_ids) -> None:
        """After an edit: rebuild, add or remove these cards and every edge
        touching them; new cards are placed without moving the others."""
        ids = set(table_ids)
        present = {t.id: t for t in self.schema.tables}
        qualified = self._qualified()
        for edge_id in [e for e, item in self._edges.items()
                        if item.source.table_id in ids or item.target.table_id in ids]:
            self._remove_edge(edge_id)
        added = []
        for tid in ids:
            card = self._cards.get(tid)
            if tid not in present:
                if card is not None:
                    self.removeItem(card)
                    self._diagram_rect = None
                    del self._cards[tid]
                    self.cards_changed()
                    self._pinned.discard(tid)
                continue
            table = present[tid]
            title = table.qualified_name if qualified else table.name
            if card is None:
                self._cards[tid] = card = TableItem(table, title)
                self._add_item(card)
                added.append(tid)
            else:
                card.update_table(table, title)
        if added:
            current = {t: (c.x(), c.y(), t in self._pinned) for t, c in self._cards.items() if t not in added}
            placed = layout(self.schema, self.card_sizes(), current, engine=self.engine)
            for tid in added:
                self._cards[tid].setPos(*placed[tid])
        for table in self.schema.tables:
            if table.id in ids:
                self._add_edges_of(table)
            else:
                self._add_edges_of(table, only_to=ids)
        self._apply_findings({t: self._cards[t] for t in ids if t in self._cards})
        self.cards_changed()
        self.refit_areas({self._area_of[t] for t in ids if t in self._area_of})
        self._fit_scene_rect()

    def positions(self) -> dict[str, tuple[float, float, bool]]:
        return {tid: (card.x(), card.y(), tid in self._pinned) for tid, card in self._cards.items()}

    def set_positions(self, positions: dict[str, tuple[float, float, bool]]) -> None:
        self._defer_areas = True  # one refit of the areas at the end, not one per card
        try:
            for tid, (x, y, pinned) in positions.items():
                card = self._cards.get(tid)
                if card is None:
                    continue
                card.setPos(x, y)
                (self._pinned.add if pinned else self._pinned.discard)(tid)
        finally:
            self._defer_areas = False
        self.refit_areas({self._area_of[t] for t in positions if t in self._area_of})
        self._fit_scene_rect()

    # -- focus view ----------------------------------------------------------------------
    def set_focus(self, table_ids: set[str] | None) -> QRectF:
        """Show only these tables (and the keys between them); None: all again.
        Returns the bounding rect of what is shown.  Only the items whose
        visibility changes are touched (a thousand setVisible calls cost more
        than the 100 ms a focus view may take)."""
        old = self._hidden or set()
        hidden = set() if table_ids is None else {t for t in self._cards if t not in table_ids}
        self._hidden = hidden or None
        flipped = old ^ hidden
        cards = self._cards
        for tid in flipped:
            card = cards.get(tid)
            if card is not None:
                card.setVisible(tid not in hidden)
        touched = set()
        for tid in flipped:
            card = cards.get(tid)
            if card is not None:
                touched.update(card.edges)
        for edge in touched:
            edge.setVisible(edge.source.table_id not in hidden and edge.target.table_id not in hidden)
        self._labels, self._label_of = None, {}
        self._ov_cache = None
        if hidden:  # areas around what is shown; the others out of the way
            shown_in = {self._area_of[t] for t in (table_ids or ()) if t in self._area_of}
            for aid, item in self._areas.items():
                if aid not in shown_in:
                    item.setVisible(False)
            self.refit_areas(shown_in)
        else:
            self.refit_areas()
        self.update()
        return self.shown_rect()

    def focused(self) -> bool:
        return self._hidden is not None

    def shown_rect(self) -> QRectF:
        """The visible cards' bounding rect (the whole diagram when not focused)."""
        if self._hidden is None:
            return self.diagram_rect()
        rect = QRectF()
        for tid, card in self._cards.items():
            if tid not in self._hidden:
                rect = rect.united(card.sceneBoundingRect()) if not rect.isNull() else card.sceneBoundingRect()
        return rect

    # -- subject areas -----------------------------------------------------------------
    def set_areas(self, areas) -> None:
        """Show these ``tablewright.designer.areas.Area`` (replacing the ones shown)."""
        keep = {a.id for a in areas}
        for aid in [a for a in self._areas if a not in keep]:
            item = self._areas.pop(aid)
            self.removeItem(item)
        self._area_of = {}
        for area in areas:
            item = self._areas.get(area.id)
            if item is None:
                item = self._areas[area.id] = AreaItem(area)
                item.set_dark(self.palette_ is DARK)
                item.setFlag(QGraphicsItem.ItemHasNoContents, self._batched)  # drawn by the scene then
                self.addItem(item)
            else:
                item.set_area(area)
            for tid in area.tables:
                if tid in self._cards:
                    self._area_of[tid] = area.id
        self.refit_areas()
        self._diagram_rect = None
        self.update()

    def area_items(self) -> list[AreaItem]:
        return list(self._areas.values())

    def area_item(self, area_id: str) -> AreaItem | None:
        return self._areas.get(area_id)

    def area_of(self, table_id: str) -> str | None:
        return self._area_of.get(table_id)

    def refit_areas(self, area_ids=None) -> None:
        for aid in (self._areas if area_ids is None else area_ids):
            item = self._areas.get(aid)
            if item is None:
                continue
            rects = [card.sceneBoundingRect() for tid in item.area.tables
                     if (card := self._cards.get(tid)) is not None and card.isVisible()]
            item.fit_to(rects)

    def begin_area_drag(self, item: AreaItem) -> None:
        self._area_drag = item
        for tid in item.area.tables:
            card = self._cards.get(tid)
            if card is not None:
                card.setSelected(True)

    def drag_area_to(self, item: AreaItem, start: dict, delta: QPointF) -> None:
        """Move the area's cards to ``start`` + ``delta`` (while dragging)."""
        first = next(iter(start), None)
        if first is None:
            return
        card0 = self._cards[first]
        step = start[first] + delta - card0.pos()
        if step.isNull():
            return
        for tid, pos in start.items():
            card = self._cards.get(tid)
            if card is not None:
                card.setPos(pos + delta)
        item.shift(step.x(), step.y())

    def end_area_drag(self, item: AreaItem, start: dict) -> None:
        self._area_drag = None
        moved = {}
        for tid, old in start.items():
            card = self._cards.get(tid)
            if card is not None and card.pos() != old:
                moved[tid] = ((old.x(), old.y()), (card.x(), card.y()))
        self.refit_areas({item.area_id})
        if moved:
            self._pinned.update(moved)
            self._fit_scene_rect()
            self.tablesMoved.emit(moved)

    def drawForeground(self, painter, rect) -> None:
        super().drawForeground(painter, rect)
        if self._areas:
            self.draw_area_labels(painter, rect)

    def draw_area_labels(self, painter: QPainter, rect: QRectF) -> None:
        """Each area's whole name at its top-left, bold, on a plate of the
        canvas colour, in screen pixels whatever the zoom: zoomed out (where
        the cards are too small for their names) 16 px, smaller (down to 11
        px) to fit the area's width; a name wider than its area at 11 px runs
        past it unless that would cover another label, and only then is it
        cut (…).  Left out when the area is narrower than a few letters."""
        transform = painter.worldTransform()
        scale = transform.m11()
        if scale <= 0:
            return
        painter.save()
        painter.resetTransform()
        largest = 16 if scale < 0.5 else max(13, min(40, round(22 * scale)))
        halo = QColor(self.palette_.background)
        halo.setAlpha(225)
        shown = [item for item in self._areas.values() if item.isVisible() and rect.intersects(item.rect())]
        # the bigger areas place their labels first
        shown.sort(key=lambda item: -item.rect().width() * item.rect().height())
        placed: list[QRectF] = []
        for item in shown:
            r = item.rect()
            top_left = transform.map(r.topLeft())
            width = r.width() * scale - 12
            name = item.area.name
            fit = self._label_fit(painter.font(), name, largest, round(width))
            if fit is None:
                continue
            px, font, metrics, full = fit
            at = QPointF(top_left.x() + 7, top_left.y() + 4 + metrics.ascent())
            text = name
            plate = QRectF(at.x() - 4, at.y() - metrics.ascent() - 1, full + 8, metrics.height() + 2)
            if full > width and any(plate.intersects(p) for p in placed):
                text = metrics.elidedText(name, Qt.ElideRight, width)
                plate.setWidth(metrics.horizontalAdvance(text) + 8)
            placed.append(plate)
            painter.setFont(font)
            painter.setPen(Qt.NoPen)
            painter.setBrush(halo)
            painter.drawRoundedRect(plate, 3, 3)
            painter.setPen(item.label_color)
            painter.drawText(at, text)
        painter.restore()

    def _label_fit(self, base: QFont, name: str, largest: int, width: int):
        """(px, font, metrics, name width) of an area label: the largest size
        from ``largest`` down to 11 px that fits ``width``; None when the area
        is narrower than a few letters.  Kept: this runs every frame of a drag."""
        key = (base.family(), name, largest, width)
        if key in self._label_fits:
            return self._label_fits[key]
        px = largest
        while True:
            font, metrics = self._label_font(base, px)
            if self._label_width(name, px, metrics) <= width or px <= 11:
                break
            px -= 1
        full = self._label_width(name, px, metrics)
        fit = None
        if full <= width or width >= self._label_width("Mmm", px, metrics):
            fit = (px, font, metrics, full)
        if len(self._label_fits) > 20000:
            self._label_fits.clear()
        self._label_fits[key] = fit
        return fit

    def _label_font(self, base: QFont, px: int) -> tuple[QFont, QFontMetricsF]:
        fonts = self._label_fonts
        key = (base.family(), px)
        got = fonts.get(key)
        if got is None:
            font = QFont(base)
            font.setBold(True)
            font.setPixelSize(px)
            got = fonts[key] = (font, QFontMetricsF(font))
        return got

    def _label_width(self, name: str, px: int, metrics: QFontMetricsF) -> float:
        widths = self._label_widths
        w = widths.get((name, px))
        if w is None:
            w = widths[(name, px)] = metrics.horizontalAdvance(name)
        return w

    def _draw_areas(self, painter: QPainter, rect: QRectF) -> None:
        """The areas under the batched blocks (zoomed out)."""
        for item in self._areas.values():
            if not item.isVisible() or not rect.intersects(item.rect()):
                continue
            r = item.rect()
            painter.fillRect(r, item.fill_color)
            painter.setPen(item.batch_pen)
            painter.setBrush(Qt.NoBrush)
            painter.drawRect(r)

    def set_findings(self, findings) -> None:
        """Badges, borders and row marks from lint findings (any iterable)."""
        by_table: dict[str, list] = {}
        for f in findings:
            if f.table_id:
                by_table.setdefault(f.table_id, []).append(f)
        self._findings = by_table
        # only the cards whose findings changed: a lint result after an edit
        # differs in a table or two, and a card's tooltip and row marks cost
        # ~0.1 ms each (setToolTip on 375 cards was 15-70 ms per result)
        changed = {}
        for tid, card in self._cards.items():
            if card.findings_key != _findings_key(by_table.get(tid, ())):
                changed[tid] = card
        if changed:
            self._apply_findings(changed)
            self.overview_changed()

    def set_dark(self, dark: bool) -> None:
        self.palette_ = DARK if dark else LIGHT
        self._make_pens()
        self.overview_changed()
        for card in self._cards.values():
            card.update()  # their cached drawings have the old colours
        for item in self._areas.values():
            item.set_dark(dark)
        self.update()

    def _make_pens(self) -> None:
        """Pens and brushes of the far-out paint path, made once per palette."""
        pal = self.palette_
        self.setBackgroundBrush(pal.background)
        self.block_pens = {False: QPen(pal.border, 0), True: QPen(pal.selected, 2)}
        self.block_pens[True].setCosmetic(True)  # a selected block stands out
        self.block_brushes = {False: QBrush(pal.header), True: QBrush(pal.selected_header)}
        # zoomed out, hundreds of lines: faint, so the blocks and areas stay
        # readable; the edge colour mixed with the canvas's at 47 % and opaque
        # (blending each pixel of a thousand translucent lines cost 30-50 ms a frame)
        e, b, k = pal.edge, pal.background, 120 / 255
        faint = QColor(round(e.red() * k + b.red() * (1 - k)), round(e.green() * k + b.green() * (1 - k)),
                       round(e.blue() * k + b.blue() * (1 - k)))
        self.hairlines = {False: QPen(faint, 0), True: QPen(pal.selected, 0)}
        self.severity_pens = {}  # worst severity -> cosmetic border of a block

    # -- overview (far zoom) -----------------------------------------------------------
    @property
    def full_detail(self) -> bool:
        return self._full_detail

    @full_detail.setter
    def full_detail(self, value: bool) -> None:
        self._full_detail = bool(value)
        # a file (SVG, PDF, PNG at its own scale) gets the cards drawn afresh, as
        # vectors: no cached pixmaps
        mode = QGraphicsItem.NoCache if self._full_detail else QGraphicsItem.DeviceCoordinateCache
        for card in self._cards.values():
            card.setCacheMode(mode)
        self._apply_batched()

    @property
    def overview(self) -> bool:
        return self._overview

    def set_overview(self, on: bool) -> None:
        """Set by the view when its zoom crosses ``BLOCK_LOD``."""
        if bool(on) != self._overview:
            self._overview = bool(on)
            self._apply_batched()

    def is_batched(self) -> bool:
        """True while cards and edges are drawn by ``drawBackground``."""
        return self._batched

    def _apply_batched(self) -> None:
        batched = self._overview and not self._full_detail
        if batched == self._batched:
            return
        self._batched = batched
        flag = QGraphicsItem.ItemHasNoContents
        for item in (*self._cards.values(), *self._edges.values(), *self._areas.values()):
            item.setFlag(flag, batched)
        self._ov_cache = None
        self.update()

    def _add_item(self, item) -> None:
        self._diagram_rect = None
        if isinstance(item, TableItem):
            self._labels, self._label_of = None, {}
        if self._batched:
            item.setFlag(QGraphicsItem.ItemHasNoContents, True)
        self.addItem(item)

    def overview_changed(self) -> None:
        """Something the overview shows changed: rebuild its lists before the
        next frame and repaint (items without contents repaint nothing)."""
        self._ov_cache = None
        if self._batched:
            self.update()

    def cards_changed(self) -> None:
        """Cards were added, removed, renamed or resized."""
        self._labels, self._label_of = None, {}
        self.overview_changed()

    def card_moved(self, card: TableItem) -> None:
        """A card (and so its edges) moved: patch its block and edge lines in
        the overview's lists instead of rebuilding them."""
        self._diagram_rect = None
        if self._area_drag is None and not self._defer_areas:
            aid = self._area_of.get(card.table_id)
            if aid is not None:
                self.refit_areas((aid,))
        entry = self._label_of.get(card)
        if entry is not None:
            entry[0] = card.block_rect()
            entry[2] = None  # its name is placed again when next drawn
        cache = self._ov_cache
        if cache is None:
            return
        slots = cache["slots"]
        slot = slots.get(card)
        if slot is None:
            self.overview_changed()
            return
        group, i = slot
        group[i] = card.block_rect()
        for edge in card.edges:
            slot = slots.get(edge)
            if slot is None:
                self.overview_changed()
                return
            group, i = slot
            group[i] = edge.overview_line()
        if self._batched:
            self.update()

    def _overview_lists(self) -> dict:
        cache = self._ov_cache
        if cache is not None:
            return cache
        pal = self.palette_
        slots = {}
        lines = {False: [], True: []}
        hidden = self._hidden or ()
        for edge in self._edges.values():
            if hidden and (edge.source.table_id in hidden or edge.target.table_id in hidden):
                continue
            highlighted = edge.source.isSelected() or edge.target.isSelected()
            group = lines[highlighted]
            slots[edge] = (group, len(group))
            group.append(edge.overview_line())
        blocks = {}  # (selected, worst) -> [QRectF]
        named = []  # cards in drawing order, for names and badges
        for card in self._cards.values():
            if hidden and card.table_id in hidden:
                continue
            key = (card.isSelected(), card.worst)
            group = blocks.setdefault(key, [])
            slots[card] = (group, len(group))
            group.append(card.block_rect())
            named.append(card)
        batches = [(self.hairlines[h], lines[h]) for h in (False, True) if lines[h]]
        # plain blocks first, selected over them, blocks with findings on top
        order = sorted(blocks, key=lambda k: (k[1] is not None, k[0]))
        block_batches = []
        for selected, worst in order:
            if worst is None:
                pen = self.block_pens[selected]
            else:
                pen = self.severity_pens.get(worst)
                if pen is None:
                    pen = self.severity_pens[worst] = QPen(pal.severity(worst), 2.0)
                    pen.setCosmetic(True)
            block_batches.append((pen, self.block_brushes[selected], blocks[(selected, worst)]))
        cache = self._ov_cache = {
            "slots": slots, "lines": batches, "blocks": block_batches, "cards": named,
            "flagged": [c for c in named if c.worst],
        }
        return cache

    def _overview_labels(self) -> list:
        if self._labels is None:
            hidden = self._hidden or ()
            self._labels = [[card.block_rect(), card, None, None, None, None] for card in self._cards.values()
                            if card.table_id not in hidden]
            self._label_of = {entry[1]: entry for entry in self._labels}
        return self._labels

    def draw_overview(self, painter: QPainter, rect: QRectF, lod: float | None = None) -> None:
        """Every edge as a hairline and every card as a block (with its name
        and badge when ``lod`` is at least ``TEXT_LOD``), in scene
        coordinates, in a few batched calls."""
        cache = self._overview_lists()
        if lod is None:
            lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.Antialiasing, False)
        for pen, lines in cache["lines"]:
            painter.setPen(pen)
            painter.drawLines(lines)
        for pen, brush, rects in cache["blocks"]:
            painter.setPen(pen)
            painter.setBrush(brush)
            painter.drawRects(rects)
        if lod < TEXT_LOD:
            return
        pal = self.palette_
        painter.setPen(pal.header_text)
        font = None
        # drawText, not QStaticText: that lays itself out again at every new
        # zoom, which made a wheel step cost more than the text it draws
        draw = painter.drawText
        for entry in self._overview_labels():
            if not rect.intersects(entry[0]):
                continue
            if entry[2] != lod:
                card = entry[1]
                entry[3], lines = card.block_name(lod)
                origin = card.pos()
                entry[4] = [(origin + at, text) for at, text in lines]
                entry[2] = lod
            if entry[3] is None:
                continue
            if entry[3] is not font:
                font = entry[3]
                painter.setFont(font)
            for at, text in entry[4]:
                draw(at, text)
        painter.setRenderHint(QPainter.Antialiasing, True)
        for card in cache["flagged"]:
            x, y = card.x(), card.y()
            if rect.intersects(QRectF(x, y - 10, card.width + 10, 20)):
                painter.translate(x, y)
                card._paint_badge(painter, pal)
                painter.translate(-x, -y)
        painter.setRenderHint(QPainter.Antialiasing, False)

    def drawBackground(self, painter, rect) -> None:
        super().drawBackground(painter, rect)
        if self._batched:
            if self._areas:
                self._draw_areas(painter, rect)
            self.draw_overview(painter, rect)

    # -- lookups ---------------------------------------------------------------------
    def table_item(self, table_id: str) -> TableItem | None:
        return self._cards.get(table_id)

    def table_items(self) -> list[TableItem]:
        return list(self._cards.values())

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edges.values())

    def card_sizes(self) -> dict[str, tuple[float, float]]:
        return {tid: card.size() for tid, card in self._cards.items()}

    def free_position(self, near: QPointF, size: tuple[float, float] = (220.0, 90.0),
                      gap: float = 30.0) -> QPointF:
        """A top-left corner near ``near`` where a card of ``size`` overlaps no
        card (with ``gap`` around it): rings of candidate spots, nearest first."""
        w, h = size
        rects = [c.sceneBoundingRect().adjusted(-gap, -gap, gap, gap) for c in self._cards.values()]

        def free(x: float, y: float) -> bool:
            r = QRectF(x, y, w, h)
            return not any(r.intersects(o) for o in rects)

        x0, y0 = near.x() - w / 2, near.y() - h / 2
        if free(x0, y0):
            return QPointF(x0, y0)
        step = max(w, h) / 2 + gap
        for ring in range(1, 400):
            spots = [(x0 + i * step, y0 + j * step) for i in range(-ring, ring + 1) for j in range(-ring, ring + 1)
                     if max(abs(i), abs(j)) == ring]
            spots.sort(key=lambda p: (p[0] - x0) ** 2 + (p[1] - y0) ** 2)
            for x, y in spots:
                if free(x, y):
                    return QPointF(x, y)
        rect = self.diagram_rect()
        return QPointF(rect.right() + gap, rect.top())

    def select_object(self, table_id: str, column_id: str | None = None) -> None:
        self.clearSelection()
        for card in self._cards.values():
            card.set_current_column(None)
        card = self._cards.get(table_id)
        if card is not None:
            card.setSelected(True)
            card.set_current_column(column_id)

    def selected_table_ids(self) -> list[str]:
        selected = {i.table_id for i in self.selectedItems() if isinstance(i, TableItem)}
        return [tid for tid in self._cards if tid in selected]

    def diagram_rect(self) -> QRectF:
        """The bounding box of all cards and edges (kept from the last fit of
        the scene rect until a card moves or items come and go)."""
        if self._diagram_rect is None:
            self._diagram_rect = self.itemsBoundingRect()
        return QRectF(self._diagram_rect)

    # -- internals -------------------------------------------------------------------
    def _qualified(self) -> bool:
        return len({t.namespace for t in self.schema.tables}) > 1

    def _add_edges_of(self, table, only_to: set[str] | None = None) -> None:
        source = self._cards[table.id]
        nullable = {c.id: c.nullable for c in table.columns}
        for fk in table.foreign_keys:
            if fk.ref_table is None or fk.ref_table not in self._cards or fk.id in self._edges:
                continue
            if only_to is not None and fk.ref_table not in only_to:
                continue
            key = set(fk.columns)
            unique = bool(table.primary_key and set(table.primary_key.columns) == key) or any(
                set(u.columns) == key for u in table.uniques
            ) or any(
                i.unique and not i.predicate and {e.column for e in i.elements} == key for i in table.indexes
            )
            edge = EdgeItem(
                fk.id, source, fk.columns[0] if fk.columns else None,
                self._cards[fk.ref_table], fk.ref_columns[0] if fk.ref_columns else None,
                many=not unique, optional=any(nullable.get(c, True) for c in fk.columns),
            )
            self._edges[fk.id] = edge
            if self._hidden and (table.id in self._hidden or fk.ref_table in self._hidden):
                edge.setVisible(False)  # a focus view shows keys between shown tables only
            self._add_item(edge)
            self._ov_cache = None

    def _remove_edge(self, edge_id: str) -> None:
        edge = self._edges.pop(edge_id)
        edge.detach()
        self.removeItem(edge)
        self._diagram_rect = None
        self.overview_changed()

    def _apply_findings(self, cards) -> None:
        for tid, card in cards.items():
            findings = self._findings.get(tid, [])
            card.set_findings(findings)
            card.findings_key = _findings_key(findings)

    def _fit_scene_rect(self) -> None:
        """The diagram with a margin around it.  Setting a new scene rect
        makes the BSP index re-insert every item, so it is left as it is while
        the diagram still fits inside with at least a quarter of the margin
        and the margin has not grown past twice its size (an edit inside the
        diagram, a card moved a little)."""
        rect = self._diagram_rect = self.itemsBoundingRect()
        current = self.sceneRect() if self._scene_rect_set else QRectF()
        slack, most = SCENE_MARGIN / 4, 2 * SCENE_MARGIN
        if (not current.isEmpty()
                and current.contains(rect.adjusted(-slack, -slack, slack, slack))
                and rect.left() - current.left() <= most and current.right() - rect.right() <= most
                and rect.top() - current.top() <= most and current.bottom() - rect.bottom() <= most):
            return
        self._scene_rect_set = True
        self.setSceneRect(rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN))

    def _card_at(self, pos: QPointF, ignore=None) -> TableItem | None:
        for item in self.items(pos):
            if isinstance(item, TableItem) and item is not ignore:
                return item
        return None

    # -- gestures --------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        card = self._card_at(event.scenePos())
        if (card is not None and event.button() == Qt.LeftButton
                and event.modifiers() & Qt.ControlModifier):
            column = card.row_at(card.mapFromScene(event.scenePos()).y())
            if column is not None:  # Ctrl+drag from a column row draws a foreign key
                self._fk_drag = (card.table_id, column)
                start = event.scenePos()
                self._fk_line = QGraphicsLineItem(QLineF(start, start))
                self._fk_line.setPen(QPen(self.palette_.selected, 1.5, Qt.DashLine))
                self._fk_line.setZValue(10)
                self.addItem(self._fk_line)
                event.accept()
                return
        super().mousePressEvent(event)
        if event.button() == Qt.LeftButton and card is not None:
            self._drag_start = {
                i.table_id: i.pos() for i in self.selectedItems() if isinstance(i, TableItem)
            }

    def mouseMoveEvent(self, event) -> None:
        if self._fk_line is not None:
            line = self._fk_line.line()
            self._fk_line.setLine(QLineF(line.p1(), event.scenePos()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._fk_drag is not None:
            source_table, source_column = self._fk_drag
            self.removeItem(self._fk_line)
            self._fk_drag = self._fk_line = None
            target = self._card_at(event.scenePos())
            if target is not None:
                column = target.row_at(target.mapFromScene(event.scenePos()).y())
                if target.table_id != source_table or column not in (None, source_column):
                    self.foreignKeyDragged.emit(source_table, source_column, target.table_id, column)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        start, self._drag_start = self._drag_start, None
        if not start:
            return
        moved = {}
        for tid, old in start.items():
            card = self._cards.get(tid)
            if card is not None and card.pos() != old:
                moved[tid] = ((old.x(), old.y()), (card.x(), card.y()))
        if moved:
            self._pinned.update(moved)
            self._fit_scene_rect()
            self.tablesMoved.emit(moved)

    def mouseDoubleClickEvent(self, event) -> None:
        card = self._card_at(event.scenePos())
        if card is not None:
            self.objectActivated.emit(card.table_id, card.row_at(card.mapFromScene(event.scenePos()).y()))
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:
        card = self._card_at(event.scenePos())
        if card is None:
            super().contextMenuEvent(event)
            if not event.isAccepted():  # no area took it: the empty canvas
                self.canvasContextMenu.emit(event.scenePos(), event.screenPos())
                event.accept()
            return
        if not card.isSelected():
            self.clearSelection()
            card.setSelected(True)
        column = card.row_at(card.mapFromScene(event.scenePos()).y())
        self.objectContextMenu.emit(card.table_id, column, event.screenPos())
        event.accept()
