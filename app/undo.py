"""Undo commands: every user action is one of these, pushed on the document's
stack.  They call ``tablewright.designer.edits`` (never canvas items); the canvas and the
panels follow the document's ``changed`` / ``positionsChanged`` signals.

Multi-item actions are macros (``with document.macro(text): ...``), a drag is
one ``MoveTablesCommand`` pushed when it ends, an auto-arrange one
``ArrangeCommand``.
"""

from __future__ import annotations

import copy
import logging

from PySide6.QtGui import QUndoCommand

from tablewright.designer.edits import Edit

log = logging.getLogger(__name__)

Point = tuple[float, float]


class EditCommand(QUndoCommand):
    """redo = ``edit.apply``, undo = ``edit.revert``; emits ``changed(edit.tables)``.

    ``positions`` (optional) places tables the edit adds (paste, add at a point)."""

    def __init__(self, document, edit: Edit, *, positions: dict | None = None, parent: QUndoCommand | None = None):
        super().__init__(edit.description or type(edit).__name__, parent)
        self.document = document
        self.edit = edit
        self.positions = dict(positions or {})
        self._old_positions: dict = {}
        self.failed: Exception | None = None

    def redo(self) -> None:
        try:
            self.edit.apply(self.document.schema)
        except Exception as exc:  # a stale edit: drop the command instead of corrupting the stack
            log.warning("edit %r failed: %s", self.text(), exc)
            self.failed = exc
            self.setObsolete(True)
            return
        if self.positions:
            self._old_positions = {t: self.document.positions.get(t) for t in self.positions}
            self.document.set_positions(self.positions)
        self.document.changed.emit(set(self.edit.tables))

    def undo(self) -> None:
        self.edit.revert(self.document.schema)
        if self.positions:
            for tid, old in self._old_positions.items():
                if old is None:
                    self.document.positions.pop(tid, None)
                else:
                    self.document.positions[tid] = old
        self.document.changed.emit(set(self.edit.tables))


class _PositionsCommand(QUndoCommand):
    def __init__(self, text: str, document, before: dict, after: dict):
        super().__init__(text)
        self.document = document
        self.before = dict(before)
        self.after = dict(after)
        self.target = document.positions  # the diagram it was made in (main or a named one)

    def redo(self) -> None:
        self.document.set_positions(self.after, target=self.target)

    def undo(self) -> None:
        self.document.set_positions(self.before, target=self.target)


class MoveTablesCommand(_PositionsCommand):
    """Tables dragged by hand: ``moves`` is the scene's ``tablesMoved`` payload
    ``{table_id: ((old_x, old_y), (new_x, new_y))}``.  A table moved by hand is
    pinned (automatic layout leaves it where the user put it); undo restores the
    old place and the old pinned state."""

    def __init__(self, document, moves: dict[str, tuple[Point, Point]]):
        before, after = {}, {}
        for tid, ((ox, oy), (nx, ny)) in moves.items():
            pinned = bool(document.positions.get(tid, (0, 0, False))[2])
            before[tid] = (float(ox), float(oy), pinned)
            after[tid] = (float(nx), float(ny), True)
        n = len(moves)
        super().__init__(f"Move {n} table{'s' if n != 1 else ''}", document, before, after)


class ArrangeCommand(_PositionsCommand):
    """An automatic layout (all tables or a selection), undoable as one step."""

    def __init__(self, document, after: dict, *, before: dict | None = None, text: str = "Arrange tables"):
        if before is None:
            before = {tid: document.positions[tid] for tid in after if tid in document.positions}
        super().__init__(text, document, before, after)


class SetBaselineCommand(QUndoCommand):
    """"Mark as applied": the migration baseline becomes ``baseline`` (a Schema)."""

    def __init__(self, document, baseline, parent: QUndoCommand | None = None):
        super().__init__("Mark migration as applied", parent)
        self.document = document
        self.new = baseline
        self.old = document.project.baseline

    def redo(self) -> None:
        self.document.project.baseline = self.new

    def undo(self) -> None:
        self.document.project.baseline = self.old


class SetLintSettingsCommand(QUndoCommand):
    """A change to the project's lint settings (``settings.lint``: ignored rules,
    suppressions), one undo step; ``document.lintSettingsChanged`` follows each way."""

    def __init__(self, document, lint: dict, text: str, parent: QUndoCommand | None = None):
        super().__init__(text, parent)
        self.document = document
        self.new = copy.deepcopy(lint)
        self.old = copy.deepcopy(document.project.settings.get("lint"))

    def _set(self, lint) -> None:
        settings = self.document.project.settings
        if lint:
            settings["lint"] = copy.deepcopy(lint)
        else:
            settings.pop("lint", None)
        self.document.lintSettingsChanged.emit()

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class SetAreasCommand(QUndoCommand):
    """The diagram's subject areas become ``areas`` (a list of
    ``tablewright.designer.areas.Area``): create, rename, recolour, note, delete, apply
    suggestions -- each one undo step; ``document.areasChanged`` follows."""

    def __init__(self, document, areas: list, text: str, parent: QUndoCommand | None = None):
        super().__init__(text, parent)
        self.document = document
        self.new = copy.deepcopy(list(areas))
        self.old = copy.deepcopy(document.areas())

    def redo(self) -> None:
        self.document.set_areas(self.new)

    def undo(self) -> None:
        self.document.set_areas(self.old)


class SetDiagramsCommand(QUndoCommand):
    """The project's named diagrams become ``diagrams`` (new, renamed, deleted)."""

    def __init__(self, document, diagrams: list, text: str, parent: QUndoCommand | None = None):
        super().__init__(text, parent)
        self.document = document
        self.new = copy.deepcopy(list(diagrams))
        self.old = copy.deepcopy(document.named)

    def redo(self) -> None:
        self.document.set_named(copy.deepcopy(self.new))

    def undo(self) -> None:
        self.document.set_named(copy.deepcopy(self.old))
