"""The open project as a Qt object: model, diagram positions, undo stack.

Everything that changes the schema goes through :meth:`Document.push` (an
``tablewright.app.undo`` command) or :meth:`Document.apply` (a ``tablewright.designer.edits`` edit
wrapped in an ``EditCommand``).  After every apply or revert the document emits
``changed(table_ids)``; an empty set means "something outside the tables"
(enums), which listeners treat as a change to the whole schema.

The dirty flag is the undo stack's clean state, so undoing back to the saved
state makes the document clean again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from tablewright.designer.edits import Edit
from tablewright.designer.model import Schema
from tablewright.designer.project import Project, load_project, save_project

Position = tuple[float, float, bool]


def shallow_snapshot(schema: Schema) -> Schema:
    """The schema as it is now, for a worker to read while the GUI edits on.

    Edits replace table and enum objects and never change them in place
    (``tablewright.designer.edits``: a ``ReplaceTable`` swaps in a fresh copy, an
    ``AddTable`` inserts one), so copying the lists is enough — microseconds,
    where a deep copy of MusicBrainz takes ~0.2 s on the GUI thread."""
    return replace(schema, namespaces=list(schema.namespaces), tables=list(schema.tables),
                   enums=list(schema.enums), sequences=list(schema.sequences), raw=list(schema.raw))


class Document(QObject):
    #: table ids whose content changed (added, removed or edited); empty: schema-level
    changed = Signal(object)
    #: a different project was loaded (New/Open/Import): everything is new
    reset = Signal()
    #: {table_id: (x, y, pinned)} for tables whose position changed by a command
    positionsChanged = Signal(object)
    dirtyChanged = Signal(bool)
    pathChanged = Signal(str)
    #: the project's lint settings (ignored rules, suppressions) changed
    lintSettingsChanged = Signal()
    #: the project's workload (settings.workload: the application's query files) changed
    workloadChanged = Signal()
    #: the diagram's subject areas changed (list of designer.areas.Area)
    areasChanged = Signal(object)
    #: the named diagrams changed (added, renamed, removed)
    diagramsChanged = Signal()

    def __init__(self, project: Project | None = None, path: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project or Project(schema=Schema(dialect="postgres"))
        self.path: str | None = path
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.named: list = []  # designer.diagrams.NamedDiagram, live (written to the project on save)
        self.active: str | None = None  # the named diagram shown; None: the main one (every table)
        self._load_named()

    def _load_named(self) -> None:
        from tablewright.designer.diagrams import diagrams_of

        self.named = diagrams_of(self.project.diagram)
        self.active = None

    def named_diagram(self, diagram_id: str | None):
        return next((d for d in self.named if d.id == diagram_id), None)

    def store_named(self) -> None:
        """The named diagrams (with their positions) into the project's diagram section."""
        from tablewright.designer.diagrams import set_diagrams

        set_diagrams(self.project.diagram, self.named)

    def set_named(self, diagrams: list) -> None:
        """Replace the named diagrams (commands call this)."""
        self.named = list(diagrams)
        if self.active is not None and self.named_diagram(self.active) is None:
            self.active = None
        self.store_named()
        self.diagramsChanged.emit()

    def _clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean)

    # -- state -----------------------------------------------------------------
    @property
    def schema(self) -> Schema:
        return self.project.schema

    @property
    def positions(self) -> dict[str, Position]:
        """The positions of the diagram shown (the main one, or the active named one)."""
        named = self.named_diagram(self.active) if self.active is not None else None
        return named.positions if named is not None else self.project.diagram.positions

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def title(self) -> str:
        return Path(self.path).name if self.path else "Untitled"

    def areas(self) -> list:
        """The subject areas (``tablewright.designer.areas.Area``), from the diagram section."""
        from tablewright.designer.areas import areas_of

        return areas_of(self.project.diagram)

    def set_areas(self, areas: list) -> None:
        """Store areas (commands call this; the user's way is ``SetAreasCommand``)."""
        from tablewright.designer.areas import normalised, set_areas

        areas = normalised(areas, {t.id for t in self.schema.tables})
        set_areas(self.project.diagram, areas)
        self.areasChanged.emit(areas)

    # -- editing -----------------------------------------------------------------
    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def apply(self, edit: Edit, *, positions: dict[str, Position] | None = None) -> None:
        """Apply ``edit`` as one undoable command."""
        from tablewright.app.undo import EditCommand

        self.push(EditCommand(self, edit, positions=positions))

    def macro(self, text: str):
        """``with document.macro("Delete 3 tables"): ...`` — one undo step."""
        return _Macro(self.undo_stack, text)

    def set_positions(self, positions: dict[str, Position], *, notify: bool = True, target: dict | None = None) -> None:
        """Record positions (used by commands and for tables the canvas placed);
        ``target``: the positions of the diagram a command was made in (the
        canvas follows only when that is the diagram shown)."""
        shown = self.positions
        (target if target is not None else shown).update(positions)
        if notify and positions and (target is None or target is shown):
            self.positionsChanged.emit(dict(positions))

    # -- files ---------------------------------------------------------------------
    def set_project(self, project: Project, path: str | None = None, *, dirty: bool = False) -> None:
        self.project = project
        self._load_named()
        self.undo_stack.clear()
        self.undo_stack.resetClean()
        self.undo_stack.setClean()
        self.path = path
        self.pathChanged.emit(path or "")
        self.reset.emit()
        if dirty:  # an import is not saved anywhere yet
            self.undo_stack.resetClean()
            self.dirtyChanged.emit(True)

    def load(self, path: str) -> None:
        self.set_project(load_project(path), path)

    def save(self, path: str | None = None) -> None:
        path = path or self.path
        if not path:
            raise ValueError("no file name to save to")
        ids = {t.id for t in self.schema.tables}
        for tid in [t for t in self.project.diagram.positions if t not in ids]:
            del self.project.diagram.positions[tid]
        self.store_named()
        save_project(path, self.project)
        if path != self.path:
            self.path = path
            self.pathChanged.emit(path)
        self.undo_stack.setClean()
        self.dirtyChanged.emit(False)


class _Macro:
    def __init__(self, stack: QUndoStack, text: str):
        self.stack, self.text = stack, text

    def __enter__(self):
        self.stack.beginMacro(self.text)
        return self

    def __exit__(self, *exc):
        self.stack.endMacro()
        if exc[0] is not None and self.stack.count():
            # the macro applied part of its edits before failing: take them back
            self.stack.undo()
        return False
