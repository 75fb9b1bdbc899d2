"""Scene items: a table card and a foreign-key edge with crow's-foot ends.

Cards pre-compute their rows (text, elided strings, geometry) when the table
changes, so painting is drawing only.  Zoomed out below ``BLOCK_LOD`` a card is
a name-only block and an edge a straight thin line; in a view the scene then
draws all blocks and lines itself in a batch (see ``DiagramScene``) and the
items only answer clicks, drags and hovers — their ``paint`` below is for
other painters (a second view, ``QGraphicsScene.render``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyle, QStyleOptionGraphicsItem

from tablewright.designer.types import type_label  # noqa: F401  (one spelling in every view)
from tablewright.linting.findings import SEVERITY_RANK

HEADER_H = 26.0
ROW_H = 18.0
PAD = 8.0
GUTTER = 22.0  # PK / FK marker column
MIN_W, MAX_W, MAX_TITLE_W = 140.0, 380.0, 640.0
STUB = 18.0  # straight bit of an edge leaving a card
BADGE_R = 9.0
BLOCK_LOD = 0.5  # below this scale cards are name-only blocks: under 50 % the 9 pt rows are under ~6 px, unreadable
TEXT_LOD = 0.06  # below this even the block name is left out
BLOCK_MIN_PX = 7.0  # a block name smaller than this on screen is not drawn (the area labels speak)
ELIDE_KEEP = 3  # an elided block name keeps at least this many letters before the "…", else it is left out

_FONT = QFont()
_FONT.setPointSizeF(9.0)
_BOLD = QFont(_FONT)
_BOLD.setBold(True)
_BOLD.setPointSizeF(10.0)
_SMALL = QFont(_FONT)
_SMALL.setPointSizeF(7.0)
_SMALL.setBold(True)
_FM = QFontMetricsF(_FONT)
_FM_BOLD = QFontMetricsF(_BOLD)
_FM_SMALL = QFontMetricsF(_SMALL)
# looked up once: itemChange runs for every change of every card (moves, flags)
_POSITION_CHANGED = QGraphicsItem.ItemPositionHasChanged
_SELECTED_CHANGED = QGraphicsItem.ItemSelectedHasChanged
_VISIBLE_CHANGED = QGraphicsItem.ItemVisibleHasChanged
_SCENE_CHANGED = QGraphicsItem.ItemSceneHasChanged
_LEFT = Qt.AlignVCenter | Qt.AlignLeft  # combined once, not per row painted
_RIGHT = Qt.AlignVCenter | Qt.AlignRight
_block_fonts: dict[int, tuple[QFont, QFontMetricsF]] = {}  # pixel size -> font of block names


@dataclass
class Row:
    column_id: str
    name: str
    right: str  # type and NN/UQ tags
    marker: str  # PK, FK, PF
    y: float  # top, in item coordinates
    name_shown: str = ""
    right_shown: str = ""


def table_rows(table) -> tuple[list[Row], set[str]]:
    """Rows of a card and the ids of columns in a unique constraint."""
    pk = set(table.primary_key.columns) if table.primary_key else set()
    fk = {c for key in table.foreign_keys for c in key.columns}
    unique = {u.columns[0] for u in table.uniques if len(u.columns) == 1}
    unique |= {
        i.elements[0].column
        for i in table.indexes
        if i.unique and len(i.elements) == 1 and i.elements[0].column and not i.predicate
    }
    rows = []
    for n, column in enumerate(table.columns):
        marker = ("P" if column.id in pk else "") + ("F" if column.id in fk else "")
        marker = {"P": "PK", "F": "FK", "PF": "PF"}.get(marker, "")
        tags = []
        if not column.nullable and column.id not in pk:
            tags.append("NN")
        if column.id in unique and column.id not in pk:
            tags.append("UQ")
        right = type_label(column.type) + ("  " + " ".join(tags) if tags else "")
        rows.append(Row(column.id, column.name, right, marker, HEADER_H + n * ROW_H))
    return rows, unique


class _BoundedItem(QGraphicsRectItem):
    """An item whose bounding rect is kept in C++ (a rect item's rect, no
    pen): Qt asks for it of every item in view when rendering, finding items
    and computing the scene's extent, and a Python ``boundingRect`` made that
    thousands of calls into Python.  The rect is the bounding rect, not what
    is painted; ``paint`` and ``shape`` are the subclass's."""

    def __init__(self):
        super().__init__()
        self.setPen(QPen(Qt.NoPen))

    def set_bounds(self, rect: QRectF) -> None:
        self.setRect(rect)  # calls prepareGeometryChange


_tag_metrics: tuple[float, float, float] | None = None


def title_top() -> float:
    """The top of a card's title line (its font's box, centred in the header)
    in item coordinates."""
    return _index_tag_metrics()[0]


def _index_tag_metrics() -> tuple[float, float, float]:
    """(the title line's top, the index tag's height and width), measured
    once, when first asked: metrics taken before the application exists (a
    module imported first) are not those of the fonts painted with."""
    global _tag_metrics
    if _tag_metrics is None:
        small = QFontMetricsF(_SMALL)
        height = small.height() + 2
        _tag_metrics = ((HEADER_H - QFontMetricsF(_BOLD).height()) / 2, height,
                        small.horizontalAdvance("index") + height / 2 + 4)
    return _tag_metrics


_REF_PX = 100  # names are measured once at this pixel size and scaled


def _name_pieces(title: str) -> list[tuple[str, float]]:
    """The name cut after each underscore, with each piece's width at _REF_PX."""
    pieces = [p for p in re.split(r"(?<=_)", title) if p] or [title]
    fm = _block_font_metrics(_REF_PX)[1]
    return [(p, fm.horizontalAdvance(p)) for p in pieces]


_pieces_cache: dict[str, list] = {}


def fit_name(title: str, width: float, height: float, size: float, least: float):
    """The largest pixel size from ``size`` down to ``least`` at which
    ``title`` fits ``width`` x ``height``, wrapped after underscores, with its
    lines; when it fits at no size, the lines of :func:`_lines_at_smallest`
    (the last one elided: ``customer`` -> ``custo…``, never broken inside a
    word); None when not even ``ELIDE_KEEP`` letters and the ellipsis fit.
    Widths are scaled from one measurement (5 % to spare)."""
    pieces = _pieces_cache.get(title)
    if pieces is None:
        pieces = _pieces_cache[title] = _name_pieces(title)
    line_ref = _block_font_metrics(_REF_PX)[1].height()
    px = float(size)
    while px >= least:  # (a size asked for below the least goes straight to the smallest)
        k = px / _REF_PX * 1.05
        lines = _wrap(pieces, width / k)
        if lines is not None and len(lines) * line_ref * px / _REF_PX <= height:
            return int(px), lines
        if px <= least:
            break
        px = max(least, px * 0.88)
    px = max(1, int(math.ceil(least)))
    lines = _lines_at_smallest([p for p, _w in pieces], width, height, _block_font_metrics(px)[1])
    return None if lines is None else (px, lines)


def _lines_at_smallest(pieces: list[str], width: float, height: float, fm: QFontMetricsF):
    """The name at the smallest size, measured at that size: as many lines as
    ``height`` holds, each cut after an underscore, the last one elided ("…")
    when the name goes on; a word is never broken.  None when fewer than
    ``ELIDE_KEEP`` letters would be left before the ellipsis."""
    room = int(height // fm.height())
    lines: list[str] = []
    i = 0
    while i < len(pieces) and len(lines) < room:
        rest = "".join(pieces[i:])
        if fm.horizontalAdvance(rest) <= width:
            lines.append(rest)
            i = len(pieces)
            break
        take, j = "", i
        while len(lines) < room - 1 and j < len(pieces) and fm.horizontalAdvance(take + pieces[j]) <= width:
            take, j = take + pieces[j], j + 1
        if not take:  # the last line, or a piece wider than the block: elided
            shown = fm.elidedText(rest, Qt.ElideRight, width)
            if len(shown) < 2 and lines:  # not a letter of it: the line above ends in "…" instead
                shown = fm.elidedText(lines.pop() + rest, Qt.ElideRight, width)
            lines.append(shown)
            i = len(pieces)
            break
        lines.append(take)
        i = j
    if not lines or i < len(pieces):
        return None
    shown = "".join(lines)
    title = "".join(pieces)
    if shown != title and len(shown) - 1 < min(ELIDE_KEEP, len(title)):
        return None
    return lines


def _wrap(pieces, room: float):
    """Greedy lines of pieces (widths at _REF_PX) within ``room``; None when a piece alone is wider."""
    lines, line, used = [], "", 0.0
    for text, w in pieces:
        if w > room:
            return None
        if line and used + w > room:
            lines.append(line)
            line, used = "", 0.0
        line += text
        used += w
    if line:
        lines.append(line)
    return lines


def _block_font_metrics(size: int):
    fm = _block_fonts.get(size)
    if fm is None:
        font = QFont(_BOLD)
        font.setPixelSize(max(1, size))
        fm = _block_fonts[size] = (font, QFontMetricsF(font))
    return fm


class TableItem(_BoundedItem):
    """A table card: header with the name, one row per column."""

    def __init__(self, table, title: str):
        super().__init__()
        self.table_id = table.id
        self.edges: list[EdgeItem] = []
        self.findings: list = []
        self.findings_key: tuple = ()  # the scene's key of what set_findings was given
        self.row_findings: dict[str, list] = {}
        self.worst: str | None = None
        self.current_column: str | None = None
        # top-level items drawn beside the card above every card (the compare
        # notes: a child of a card is drawn under any card stacked above it):
        # they follow its position, visibility and removal (``add_follower``)
        self.followers: list[QGraphicsItem] = []
        self.setFlags(
            QGraphicsItem.ItemIsMovable
            | QGraphicsItem.ItemIsSelectable
            | QGraphicsItem.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setZValue(1.0)
        # a card's drawing (some thirty text runs) is kept as a pixmap at the
        # zoom in force: panning, dragging another card, a re-lint of another
        # table repaint it from there (update() redraws it; see the scene for
        # palette changes and file export, which draw without it)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.update_table(table, title)

    # -- content -------------------------------------------------------------------
    def update_table(self, table, title: str) -> None:
        self.title = title
        self.rows, self.unique_columns = table_rows(table)
        self.row_of = {r.column_id: i for i, r in enumerate(self.rows)}
        name_w = max((_FM.horizontalAdvance(r.name) for r in self.rows), default=0.0)
        right_w = max((_FM.horizontalAdvance(r.right) for r in self.rows), default=0.0)
        title_w = _FM_BOLD.horizontalAdvance(title) + 2 * BADGE_R
        width = max(title_w + 2 * PAD, GUTTER + name_w + 14 + right_w + 2 * PAD)
        # rows may be elided at MAX_W; the table name is shown whole up to MAX_TITLE_W
        self.width = max(MIN_W, min(MAX_W, width), min(MAX_TITLE_W, title_w + 2 * PAD))
        self.height = HEADER_H + len(self.rows) * ROW_H + (4 if self.rows else 0)
        # elide once here, not while painting
        self.title_shown = _FM_BOLD.elidedText(title, Qt.ElideRight, self.width - 2 * PAD - BADGE_R)
        self.setToolTip(self._tooltip(self.findings))
        room = self.width - 2 * PAD - GUTTER
        for r in self.rows:
            name_full = _FM.horizontalAdvance(r.name)
            right_w = min(_FM.horizontalAdvance(r.right), max(room * 0.5, room - name_full - 10))
            r.right_shown = _FM.elidedText(r.right, Qt.ElideRight, right_w + 1)
            r.name_shown = _FM.elidedText(r.name, Qt.ElideRight, room - right_w - 10)
        self._block_cache: tuple | None = None
        self._rect = QRectF(0, 0, self.width, self.height)
        top = min(-BADGE_R, self.index_tag_rect().top()) - 3  # the count badge, the index tag
        self.set_bounds(QRectF(-3, top, self.width + BADGE_R + 6, self.height - top + 3))
        self.update()
        scene = self.scene()
        if scene is not None:
            scene.cards_changed()

    def set_findings(self, findings: list) -> None:
        self.findings = findings
        self.row_findings = {}
        by_name = {r.name: r.column_id for r in self.rows}
        for f in findings:
            cid = f.object_id if f.object_id in self.row_of else by_name.get(f.column or "")
            if cid is not None and f.column:
                self.row_findings.setdefault(cid, []).append(f)
        self.worst = max((f.severity for f in findings), key=SEVERITY_RANK.__getitem__, default=None)
        self.setToolTip(self._tooltip(findings))
        self.update()

    def set_current_column(self, column_id: str | None) -> None:
        if column_id != self.current_column:
            self.current_column = column_id
            self.update()

    def row_at(self, local_y: float) -> str | None:
        """The column id of the row at ``local_y`` (item coordinates), or None."""
        i = int((local_y - HEADER_H) // ROW_H)
        if local_y >= HEADER_H and 0 <= i < len(self.rows):
            return self.rows[i].column_id
        return None

    def row_centre_y(self, column_id: str | None) -> float:
        """Item y of the middle of a column's row (the header's for None)."""
        i = self.row_of.get(column_id) if column_id else None
        return HEADER_H / 2 if i is None else HEADER_H + (i + 0.5) * ROW_H

    def size(self) -> tuple[float, float]:
        return (self.width, self.height)

    def block_rect(self) -> QRectF:
        """The card in scene coordinates (without badge), as a block."""
        return QRectF(self.x(), self.y(), self.width, self.height)

    def block_name(self, lod: float) -> tuple:
        """The block's name at ``lod``: (font, [(baseline start, text)]) in
        item coordinates, centred on the card, or (None, []) when even the
        smallest readable font cannot hold a few letters of it (the tooltip
        and the area labels speak then).  About 11 px on screen; a long name
        wraps after its underscores and the font shrinks (to ``BLOCK_MIN_PX``
        on screen); what still does not fit is elided with "…", never cut."""
        size = round(min(11.0 / lod, 60.0))
        least = BLOCK_MIN_PX / lod
        # below the index tag when there is one (it is drawn over the block's top edge)
        above = max(0.0, self.index_tag_rect().bottom()) if self.index_gap else 0.0
        cache = self._block_cache
        if cache is not None and cache[:3] == (size, round(least, 1), above):
            return cache[3]
        fitted = fit_name(self.title, self.width - 6, self.height - 4 - above, size, least)
        if fitted is None:
            out = (None, [])
        else:
            px, lines = fitted
            font, fm = _block_font_metrics(px)
            line_h = fm.height()
            top = above + (self.height - above - line_h * len(lines)) / 2 + fm.ascent()
            out = (font, [(QPointF((self.width - fm.horizontalAdvance(t)) / 2, top + i * line_h), t)
                          for i, t in enumerate(lines)])
        self._block_cache = (size, round(least, 1), above, out)
        return out

    # -- QGraphicsItem ---------------------------------------------------------------
    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(QRectF(0, 0, self.width, self.height))
        return path

    def add_follower(self, item: QGraphicsItem) -> None:
        """Keep ``item`` (top level, in item coordinates of its own) at the
        card's position, shown with it and removed with it."""
        self.followers.append(item)
        item.setPos(self.pos())
        item.setVisible(self.isVisible())

    def remove_follower(self, item: QGraphicsItem) -> None:
        if item in self.followers:
            self.followers.remove(item)

    def itemChange(self, change, value):
        if change == _POSITION_CHANGED:
            for edge in self.edges:
                edge.adjust()
            for item in self.followers:
                item.setPos(self.pos())
            scene = self.scene()
            if scene is not None:
                scene.card_moved(self)
        elif change == _SELECTED_CHANGED:
            for edge in self.edges:
                edge.update()
            scene = self.scene()
            if scene is not None:
                scene.overview_changed()
        elif self.followers:
            if change == _VISIBLE_CHANGED:
                for item in self.followers:
                    item.setVisible(self.isVisible())
            elif change == _SCENE_CHANGED and value is None:  # the card left the scene: so do they
                for item in self.followers:
                    if item.scene() is not None:
                        item.scene().removeItem(item)
                self.followers = []
        return super().itemChange(change, value)

    def hoverMoveEvent(self, event) -> None:
        cid = self.row_at(event.pos().y())
        if cid is not None and cid in self.row_findings:
            self.setToolTip(self._tooltip(self.row_findings[cid]))
        else:
            self.setToolTip(self._tooltip(self.findings))
        super().hoverMoveEvent(event)

    def _tooltip(self, findings: list) -> str:
        """The table's whole name (a card or block may show it elided), then the findings."""
        return "\n".join([self.title] + [f"{f.severity}: {f.rule} {f.message}" for f in findings])

    def paint(self, painter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        scene = self.scene()
        pal = scene.palette_
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        selected = bool(option.state & QStyle.State_Selected)
        if lod < TEXT_LOD and not scene.full_detail and not self.worst:
            # the hot path with a thousand cards in view: one rectangle
            painter.setPen(scene.block_pens[selected])
            painter.setBrush(scene.block_brushes[selected])
            painter.drawRect(self._rect)
            return
        rect = self._rect
        if self.worst:
            border = QPen(pal.severity(self.worst), 2.5)
        elif selected:
            border = QPen(pal.selected, 2.5)
        else:
            border = QPen(pal.border, 1.0)
        if lod < BLOCK_LOD and not scene.full_detail:
            self._paint_block(painter, pal, lod, rect, border, selected)
            return
        painter.setPen(Qt.NoPen)
        painter.setBrush(pal.card)
        painter.drawRect(rect)
        painter.setBrush(pal.selected_header if selected else pal.header)
        painter.drawRect(QRectF(0, 0, self.width, HEADER_H))
        painter.setFont(_BOLD)
        painter.setPen(pal.header_text)
        painter.drawText(QRectF(PAD, 0, self.width - 2 * PAD, HEADER_H), _LEFT, self.title_shown)
        painter.setFont(_FONT)
        for r in self.rows:
            row_rect = QRectF(0, r.y, self.width, ROW_H)
            flagged = self.row_findings.get(r.column_id)
            if r.column_id == self.current_column:
                painter.fillRect(row_rect, pal.current_row)
            if flagged:
                worst = max((f.severity for f in flagged), key=SEVERITY_RANK.__getitem__)
                colour = pal.severity(worst)
                painter.fillRect(QRectF(0, r.y + 2, 4, ROW_H - 4), colour)
                tint = QColor(colour)
                tint.setAlpha(30)
                painter.fillRect(row_rect, tint)
            if r.marker:
                painter.setFont(_SMALL)
                painter.setPen(pal.marker)
                painter.drawText(QRectF(PAD, r.y, GUTTER, ROW_H), _LEFT, r.marker)
                painter.setFont(_FONT)
            painter.setPen(pal.text)
            painter.drawText(QRectF(PAD + GUTTER, r.y, self.width, ROW_H), _LEFT, r.name_shown)
            painter.setPen(pal.muted)
            painter.drawText(QRectF(0, r.y, self.width - PAD, ROW_H), _RIGHT, r.right_shown)
        painter.setBrush(Qt.NoBrush)
        painter.setPen(border)
        painter.drawRect(rect)
        if self.worst:
            self._paint_badge(painter, pal)

    def _paint_block(self, painter, pal, lod, rect, border, selected) -> None:
        border.setCosmetic(True)
        painter.setPen(border)
        painter.setBrush(pal.selected_header if selected else pal.header)
        painter.drawRect(rect)
        if lod < TEXT_LOD:
            return
        font, lines = self.block_name(lod)
        if font is not None:
            painter.setFont(font)
            painter.setPen(pal.header_text)
            for at, text in lines:
                painter.drawText(at, text)
        if self.worst:
            self._paint_badge(painter, pal)

    def _paint_badge(self, painter, pal) -> None:
        centre = QPointF(self.width, 0)
        painter.setPen(QPen(pal.background, 1.5))
        painter.setBrush(pal.severity(self.worst))
        painter.drawEllipse(centre, BADGE_R, BADGE_R)
        painter.setFont(_SMALL)
        painter.setPen(Qt.white)
        text = str(len(self.findings)) if len(self.findings) < 100 else "99+"
        painter.drawText(QRectF(centre.x() - BADGE_R, -BADGE_R, 2 * BADGE_R, 2 * BADGE_R), Qt.AlignCenter, text)
        if self.index_gap:
            # the workload's queries lack an index here (TW412): a tag left of the count
            tag = self.index_tag_rect()
            painter.setPen(QPen(pal.background, 1.0))
            painter.setBrush(pal.severity("high"))
            painter.drawRoundedRect(tag, tag.height() / 2, tag.height() / 2)
            painter.setPen(Qt.white)
            painter.drawText(tag, Qt.AlignCenter, "index")

    def index_tag_rect(self) -> QRectF:
        """The "index" tag, in item coordinates: left of the count badge, over
        the card's top edge and wholly above the title's line (with its pen),
        so a long title is never covered."""
        top, height, width = _index_tag_metrics()
        return QRectF(self.width - BADGE_R - 3 - width, top - 1 - height, width, height)

    @property
    def index_gap(self) -> bool:
        """The attached workload needs an index this table lacks (a TW412 finding)."""
        return any(f.rule == "TW412" for f in self.findings)

    def badge_text(self) -> str:
        return "" if not self.findings else (str(len(self.findings)) if len(self.findings) < 100 else "99+")


def _visible_rect(painter) -> QRectF | None:
    """The part of the paint device in view, in the painter's (item)
    coordinates, a little larger; None when it cannot be told."""
    device = painter.device()
    inverse, ok = painter.worldTransform().inverted()
    if device is None or not ok:
        return None
    # a few pixels and a crow's foot (18 pt) larger
    return inverse.mapRect(QRectF(-4, -4, device.width() + 8, device.height() + 8)).adjusted(
        -2 * STUB, -2 * STUB, 2 * STUB, 2 * STUB)


def _clipped(points: list[QPointF], rect: QRectF) -> list[QLineF]:
    """The segments of a polyline inside ``rect`` (Liang-Barsky)."""
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    out = []
    for p, q in zip(points, points[1:]):
        x0, y0, x1, y1 = p.x(), p.y(), q.x(), q.y()
        dx, dy = x1 - x0, y1 - y0
        t0, t1 = 0.0, 1.0
        for edge_p, edge_q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
            if edge_p == 0:
                if edge_q < 0:
                    break
                continue
            t = edge_q / edge_p
            if edge_p < 0:
                if t > t1:
                    break
                t0 = max(t0, t)
            else:
                if t < t0:
                    break
                t1 = min(t1, t)
        else:
            out.append(QLineF(x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy))
    return out


class EdgeItem(_BoundedItem):
    """A foreign key: from the first key column's row of the referencing card
    to the referenced card (the first referenced column's row when known).

    Crow's-foot ends: at the referenced table "one", optional (circle) when the
    key columns are nullable, mandatory (bar) otherwise; at the referencing
    table "many" (crow's foot), or "one" when the key columns are unique."""

    def __init__(self, fk_id: str, source: TableItem, source_column: str | None,
                 target: TableItem, target_column: str | None, *, many: bool, optional: bool):
        super().__init__()
        self.fk_id = fk_id
        self.source, self.target = source, target
        self.source_column, self.target_column = source_column, target_column
        self.many, self.optional = many, optional
        self.setZValue(0.0)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self._points: list[QPointF] = []
        self._ends: tuple = ()
        source.edges.append(self)
        if target is not source:
            target.edges.append(self)
        self.adjust()

    def detach(self) -> None:
        for card in (self.source, self.target):
            if self in card.edges:
                card.edges.remove(self)

    def adjust(self) -> None:
        s, t = self.source, self.target
        sp, tp = s.pos(), t.pos()
        sy = sp.y() + s.row_centre_y(self.source_column)
        ty = tp.y() + t.row_centre_y(self.target_column)
        if s is t:  # self reference: a loop on the right side
            x = sp.x() + s.width
            a0, a1 = QPointF(x, sy), QPointF(x + STUB, sy)
            b0, b1 = QPointF(x, ty), QPointF(x + STUB, ty)
            points = [a0, a1, QPointF(x + 2 * STUB, sy), QPointF(x + 2 * STUB, ty), b1, b0]
        else:
            if sp.x() + s.width + 2 * STUB <= tp.x():  # target to the right
                sx, sdir, tx, tdir = sp.x() + s.width, 1, tp.x(), -1
            elif tp.x() + t.width + 2 * STUB <= sp.x():  # target to the left
                sx, sdir, tx, tdir = sp.x(), -1, tp.x() + t.width, 1
            else:  # stacked: both leave on the right
                sx, sdir, tx, tdir = sp.x() + s.width, 1, tp.x() + t.width, 1
            a0, b0 = QPointF(sx, sy), QPointF(tx, ty)
            a1, b1 = QPointF(sx + sdir * STUB, sy), QPointF(tx + tdir * STUB, ty)
            if sdir == tdir:  # go out to the farther side before turning
                far = max(a1.x(), b1.x())
                points = [a0, a1, QPointF(far, sy), QPointF(far, ty), b1, b0]
            else:
                points = [a0, a1, b1, b0]
        self._points = points
        self._ends = (a0, a1, b0, b1)
        self._line = QLineF(a0, b0)
        xs = [p.x() for p in points]
        ys = [p.y() for p in points]
        self.set_bounds(QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-10, -10, 10, 10))
        self.update()

    def overview_line(self) -> QLineF:
        """The straight line drawn for this edge when zoomed far out (scene
        coordinates: an edge item stays at the origin)."""
        return self._line

    def paint(self, painter, option, widget=None) -> None:
        scene = self.scene()
        pal = scene.palette_
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        highlighted = self.source.isSelected() or self.target.isSelected()
        colour = pal.selected if highlighted else pal.edge
        if lod < BLOCK_LOD and not scene.full_detail:
            painter.setPen(scene.hairlines[highlighted])  # cosmetic, straight
            painter.drawLine(self._line)
            return
        width = 2.0 if highlighted else 1.2
        painter.setPen(QPen(colour, width))
        painter.setBrush(Qt.NoBrush)
        view = None if scene.full_detail else _visible_rect(painter)
        if view is None or view.contains(self.rect()):
            painter.drawPolyline(self._points)
        elif width * lod > 1.0:
            # a pen wider than a pixel is stroked along the whole line, off
            # screen too (a long edge across the view cost 0.25 ms): clip it
            lines = _clipped(self._points, view)
            if lines:
                painter.drawLines(lines)
        else:  # hairline-thin on screen: Qt clips it cheaply itself
            painter.drawPolyline(self._points)
        a0, a1, b0, b1 = self._ends
        painter.setBrush(pal.background)
        if view is None or view.contains(a0):
            self._paint_end(painter, a0, a1, many=self.many, optional=True)
        if view is None or view.contains(b0):
            self._paint_end(painter, b0, b1, many=False, optional=self.optional)

    @staticmethod
    def _paint_end(painter, at: QPointF, out: QPointF, *, many: bool, optional: bool) -> None:
        """Crow's-foot notation at card edge ``at``, the line leaving towards ``out``."""
        d = 1.0 if out.x() >= at.x() else -1.0
        x, y = at.x(), at.y()
        if many:  # the foot: three prongs meeting 10 pt out
            tip = QPointF(x + d * 10, y)
            painter.drawLine(QLineF(tip, QPointF(x, y - 6)))
            painter.drawLine(QLineF(tip, QPointF(x, y + 6)))
        else:
            painter.drawLine(QLineF(QPointF(x + d * 6, y - 5), QPointF(x + d * 6, y + 5)))
        if optional:
            painter.drawEllipse(QPointF(x + d * 14.5, y), 3.5, 3.5)
        else:
            painter.drawLine(QLineF(QPointF(x + d * 12, y - 5), QPointF(x + d * 12, y + 5)))
