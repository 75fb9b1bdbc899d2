"""Compare with… : the model against a DDL file, a project or a database.

``CompareController`` runs ``tablewright.designer.diff`` (the model as OLD, the other
source as NEW, so the other source's objects take the model's ids), keeps the
result, draws it on the diagram (``CompareOverlay``) and merges selected
changes into the model ("Update model from …") as one undoable edit.

Colours say what the *model* has compared with the other source: green —
only in the model (added), red ghost cards and rows — only in the other source
(removed from the model), amber — in both but different (changed, with the
column-level changes beside the card).
"""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem

from tablewright.app.document import shallow_snapshot
from tablewright.designer.diff import Change, DiffResult, Side, diff_sides, load_side
from tablewright.designer.model import Schema, Table

GREEN, RED, AMBER = QColor("#2e9d4a"), QColor("#d93025"), QColor("#e8a317")
STATE_COLOR = {"added": GREEN, "removed": RED, "changed": AMBER}
NOTES_ABOVE = 1.0  # the notes beside a card: this much above the cards' z value
_FLIP = {"added": "removed", "removed": "added"}


@dataclass
class ViewChange:
    """A change as the model sees it: ``state`` added (only in the model),
    removed (only in the other source) or changed."""

    change: Change
    state: str
    text: str

    @property
    def table_id(self) -> str | None:
        return self.change.table_id

    @property
    def column_id(self) -> str | None:
        return self.change.object_id if self.change.column else None


def view_changes(result: DiffResult, source_label: str) -> list[ViewChange]:
    from tablewright.app.diff_report import describe

    out = []
    for c in result.changes:
        verb = c.kind.rsplit("-", 1)[1]
        state = _FLIP.get(verb, "changed")
        flipped = Change(c.kind.rsplit("-", 1)[0] + "-" + _FLIP.get(verb, verb), c.table, c.column, c.name,
                         before=c.after, after=c.before, table_id=c.table_id, object_id=c.object_id)
        where = {"added": "only in the model", "removed": f"only in {source_label}", "changed": ""}[state]
        text = describe(flipped) + (f" ({where})" if where else "")
        out.append(ViewChange(c, state, text))
    return out


class CompareController(QObject):
    """Holds one comparison; the dock shows it, the overlay draws it."""

    resultChanged = Signal()
    failed = Signal(str)

    def __init__(self, document, scene, jobs=None, parent=None):
        super().__init__(parent)
        self.document, self.scene, self.jobs = document, scene, jobs
        self.overlay = CompareOverlay(scene)
        self.source: str | None = None
        self.label = ""
        self.result: DiffResult | None = None
        self.other: Schema | None = None  # the other source, matched to the model's ids
        self.changes: list[ViewChange] = []
        self.live = False
        self._other_side: Side | None = None  # the other source as read: compared again after each edit
        self._edits = 0  # edits of the model so far; a result of an older model is compared again
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(200)  # several edits in a row: one comparison
        self._again.timeout.connect(self.compare_again)
        document.changed.connect(self._model_changed)

    # -- comparing
    def compare_with(self, source: str, *, wait: bool = False) -> None:
        """Compare the model with ``source`` (a path or a database URL), in the
        background unless ``wait`` (or no job runner)."""
        self.source = source
        self._again.stop()
        self._other_side = None  # (edits meanwhile: compared again when this one is done)
        model = self._model_side()

        def work():
            other = load_side(source, fallback=model.schema.dialect)  # a file that names no dialect: the model's
            if other.project is None:
                model.project = None  # match by name unless both are projects
            return other, diff_sides(model, other)

        self._run(work, wait)

    def compare_again(self, *, wait: bool = False) -> None:
        """The model as it is now against the other source as it was read (not
        read again): the overlay and the list follow the model's edits."""
        other = self._other_side
        if other is None:
            return
        model = self._model_side()
        if other.project is None:
            model.project = None

        self._run(lambda: (other, diff_sides(model, other)), wait)

    def _model_side(self) -> Side:
        # (a snapshot: the worker reads it while the GUI edits on)
        return Side(shallow_snapshot(self.document.schema), "the model", project=self.document.project)

    def _run(self, work, wait: bool) -> None:
        edits = self._edits

        def job():
            return (*work(), edits)

        if wait or self.jobs is None:
            try:
                self._done(job())
            except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
                self.failed.emit(str(exc))
            return
        self.jobs.start("compare", job, on_done=self._done, on_error=lambda exc: self.failed.emit(str(exc)))

    def _model_changed(self, _tables=None) -> None:
        self._edits += 1
        if self._other_side is not None:
            self._again.start()

    def refresh(self) -> None:
        """Read the other source again and compare."""
        if self.source:
            self.compare_with(self.source, wait=self.jobs is None)

    def _done(self, found) -> None:
        other, result, edits = found
        self._other_side = other
        if edits != self._edits:
            self._again.start()  # the model was edited meanwhile
        self.result, self.live, self.label = result, other.live, other.label
        self.other = result.script.new
        self.changes = view_changes(result, "the database" if other.live else other.label)
        self.overlay.show(self.changes, self.other)
        self.resultChanged.emit()

    def clear(self) -> None:
        self._again.stop()
        if self.jobs is not None:
            self.jobs.cancel("compare")
        self.overlay.clear()
        self.result, self.other, self.changes, self.source = None, None, [], None
        self._other_side = None
        self.resultChanged.emit()

    # -- merging
    def update_model(self, selected: list[ViewChange]) -> int:
        """Make the model like the other source for the ``selected`` changes of
        every kind (tables and what is in them, enums, sequences, schemas and
        verbatim objects), as one undoable edit, keeping ids, positions and
        areas (see :mod:`tablewright.designer.diff_merge`).  Returns how many
        changes were merged."""
        from tablewright.designer.diff_merge import merge_edit

        if not selected or self.other is None:
            return 0
        edit, merged, added = merge_edit(self.document.schema, self.other, [vc.change for vc in selected],
                                         self.label)
        if edit is None:
            return 0
        positions = {}
        for table_id in added:  # a table only the other source had goes where its ghost card was
            ghost = self.overlay.ghosts.get(table_id)
            if ghost is not None:
                pos = ghost.scenePos()
                positions[table_id] = (pos.x(), pos.y(), True)
        self.document.apply(edit, positions=positions or None)  # (compared again: the edit's signal)
        return merged

    # -- the migration from the other source to the model
    def migration_schemas(self) -> tuple[Schema, Schema]:
        """(baseline, schema) for the migration dialog: the other source (with
        the model's ids) to the model, without the statements a live import
        cannot read."""
        from tablewright.designer.diff import unread_by_live, without_kinds

        model = self.document.schema
        if self.live:
            unread = unread_by_live(model)
            return without_kinds(self.other, unread), without_kinds(model, unread)
        return self.other, model


# -- drawing -------------------------------------------------------------------------------------


class CompareOverlay:
    """Outlines on the cards (children of the cards, so they move with them),
    marks on the changed rows with notes beside the card, and ghost cards for
    the tables only the other source has."""

    def __init__(self, scene):
        self.scene = scene
        self.items: list = []
        self.ghosts: dict[str, QGraphicsRectItem] = {}
        self._followed: list = []  # (card, the notes beside it)

    def clear(self) -> None:
        for card, notes in self._followed:
            if shiboken6.isValid(card) and shiboken6.isValid(notes):
                card.remove_follower(notes)
        for item in self.items:
            # (a mark on a card the canvas removed went with the card)
            if shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self.items, self.ghosts, self._followed = [], {}, []

    def show(self, changes: list[ViewChange], other: Schema | None) -> None:
        from tablewright.app.canvas.items import HEADER_H, ROW_H

        self.clear()
        per_table: dict[str, list[ViewChange]] = {}
        for vc in changes:
            if vc.table_id:
                per_table.setdefault(vc.table_id, []).append(vc)
        ghost_tables = []
        for table_id, items in per_table.items():
            card = self.scene.table_item(table_id)
            whole = next((vc for vc in items if vc.change.kind in ("table-added", "table-removed")), None)
            if card is None:
                if whole is not None and whole.state == "removed" and other is not None:
                    table = next((t for t in other.tables if t.id == table_id), None)
                    if table is not None:
                        ghost_tables.append(table)
                continue
            state = whole.state if whole is not None else "changed"
            color = STATE_COLOR[state]
            # a halo around the card (its own border shows the lint severity)
            frame = QGraphicsRectItem(QRectF(-9, -9, card.width + 18, card.height + 18), card)
            frame.setPen(QPen(color, 4.0))
            frame.setBrush(QBrush(_tint(color, 110)))
            frame.setZValue(-1)
            frame.setFlag(frame.GraphicsItemFlag.ItemStacksBehindParent, True)
            self.items.append(frame)
            if whole is not None:
                continue
            notes = []
            for vc in items:
                row = card.row_of.get(vc.column_id) if vc.column_id else None
                if row is not None:
                    mark = QGraphicsRectItem(QRectF(0, HEADER_H + row * ROW_H, 4, ROW_H), card)
                    mark.setPen(QPen(Qt.NoPen))
                    mark.setBrush(QBrush(STATE_COLOR[vc.state]))
                    self.items.append(mark)
                notes.append(vc)
            # the notes beside the card: above every card (a neighbour must not
            # hide them), following this one
            beside = QGraphicsRectItem()
            beside.setPen(QPen(Qt.NoPen))
            beside.setZValue(card.zValue() + NOTES_ABOVE)
            self.scene.addItem(beside)
            card.add_follower(beside)
            self._followed.append((card, beside))
            self.items.append(beside)
            y = 0.0
            for vc in notes[:12]:
                text = QGraphicsSimpleTextItem(_short(vc), beside)
                font = QFont()
                font.setPointSizeF(9.0)
                font.setBold(True)
                text.setFont(font)
                text.setBrush(QBrush(STATE_COLOR[vc.state].darker(160)))
                text.setPos(card.width + 14, y)
                back = QGraphicsRectItem(text.boundingRect().adjusted(-3, -1, 3, 1), text)
                back.setPen(QPen(STATE_COLOR[vc.state], 1.0))
                back.setBrush(QBrush(QColor(255, 255, 255, 235)))
                back.setFlag(back.GraphicsItemFlag.ItemStacksBehindParent, True)
                y += 18
                self.items.append(text)
        self._ghosts(ghost_tables)

    def _ghosts(self, tables: list[Table]) -> None:
        from tablewright.app.canvas.items import HEADER_H, ROW_H

        if not tables:
            return
        cards = self.scene.table_items()
        right = max((c.sceneBoundingRect().right() for c in cards), default=0.0) + 160
        top = min((c.sceneBoundingRect().top() for c in cards), default=0.0)
        y = top
        for table in tables:
            height = HEADER_H + len(table.columns) * ROW_H + 6
            ghost = QGraphicsRectItem(QRectF(0, 0, 200, height))
            pen = QPen(RED, 2.0, Qt.DashLine)
            ghost.setPen(pen)
            ghost.setBrush(QBrush(_tint(RED, 30)))
            ghost.setPos(QPointF(right, y))
            ghost.setZValue(0.5)
            ghost.setToolTip(f"{table.qualified_name}: only in the compared source")
            title = QGraphicsSimpleTextItem(table.qualified_name, ghost)
            bold = QFont()
            bold.setBold(True)
            title.setFont(bold)
            title.setBrush(QBrush(RED.darker(140)))
            title.setPos(8, 5)
            for i, column in enumerate(table.columns):
                row = QGraphicsSimpleTextItem(f"{column.name}   {column.type}", ghost)
                row.setBrush(QBrush(RED.darker(120)))
                row.setPos(12, HEADER_H + i * ROW_H + 1)
            self.scene.addItem(ghost)
            self.items.append(ghost)
            self.ghosts[table.id] = ghost
            y += height + 24
            # room to scroll to the ghost cards
            self.scene.setSceneRect(self.scene.sceneRect().united(ghost.sceneBoundingRect().adjusted(-60, -60, 60, 60)))


def _tint(color: QColor, alpha: int) -> QColor:
    out = QColor(color)
    out.setAlpha(alpha)
    return out


def _short(vc: ViewChange) -> str:
    c = vc.change
    sign = {"added": "+", "removed": "−", "changed": "~"}[vc.state]
    subject = c.column or c.name or c.kind.rsplit("-", 1)[0]
    if vc.state == "changed" and isinstance(c.before, dict) and isinstance(c.after, dict):
        parts = [f"{k} {c.after.get(k)} → {c.before.get(k)}" for k in c.before]  # model → other
        return f"{sign} {subject}: " + "; ".join(parts)[:70]
    what = c.kind.rsplit("-", 1)[0].replace("-", " ")
    return f"{sign} {what} {subject}"


__all__ = ["CompareController", "CompareOverlay", "ViewChange", "view_changes"]
