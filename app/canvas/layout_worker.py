"""Runs :func:`tablewright.designer.layout.layout` off the GUI thread.

One job in flight: starting a job while one runs cancels the running one
(its progress callback raises between components, or its result is dropped
if it is past that point) and the new one starts when the thread pool has
room.  Every job carries a generation number; only the newest generation's
``progress``/``finished``/``failed`` reach the window, on the GUI thread.

The worker lays out a snapshot of the schema (table ids and foreign keys),
so the model can change while it runs.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from tablewright.designer.layout import LayoutCancelled, layout
from tablewright.designer.model import ForeignKey, Schema, Table


def snapshot(schema: Schema) -> Schema:
    """What layout reads — table ids and resolved foreign keys — copied."""
    return Schema(
        dialect=schema.dialect,
        tables=[
            Table(t.id, t.name, t.namespace, foreign_keys=[
                ForeignKey(fk.id, list(fk.columns), fk.ref_table, list(fk.ref_columns))
                for fk in t.foreign_keys
            ])
            for t in schema.tables
        ],
    )


class _Relay(QObject):
    progress = Signal(int, float)
    finished = Signal(int, dict)
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, generation: int, args: tuple, kwargs: dict, relay: _Relay, cancelled: threading.Event):
        super().__init__()
        self.generation, self.args, self.kwargs = generation, args, kwargs
        self.relay, self.cancelled = relay, cancelled

    def run(self) -> None:
        def progress(fraction: float) -> None:
            if self.cancelled.is_set():
                raise LayoutCancelled()
            self.relay.progress.emit(self.generation, fraction)

        try:
            result = layout(*self.args, progress=progress, **self.kwargs)
        except LayoutCancelled:
            return
        except Exception as exc:  # reported to the window as one line
            if not self.cancelled.is_set():
                self.relay.failed.emit(self.generation, f"{type(exc).__name__}: {exc}")
            return
        if not self.cancelled.is_set():
            self.relay.finished.emit(self.generation, result)


class LayoutWorker(QObject):
    progress = Signal(float)
    finished = Signal(dict)  # {table_id: (x, y)}
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._generation = 0
        self._cancel: threading.Event | None = None

    def start(self, schema: Schema, sizes: dict, positions: dict | None = None, *,
              engine: str = "auto", only: set[str] | None = None, groups: list[list[str]] | None = None) -> int:
        """Lay out in the background; returns the job's generation number."""
        self.cancel()
        self._generation += 1
        self._cancel = threading.Event()
        job = _Job(self._generation, (snapshot(schema), dict(sizes), dict(positions or {})),
                   {"engine": engine, "only": set(only) if only is not None else None,
                    "groups": [list(g) for g in groups] if groups else None},
                   self._relay, self._cancel)
        self._pool.start(job)
        return self._generation

    def cancel(self) -> None:
        """Drop the running job's result (and stop it between components)."""
        if self._cancel is not None:
            self._cancel.set()
            self._cancel = None

    def is_running(self) -> bool:
        return self._cancel is not None

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    def _on_progress(self, generation: int, fraction: float) -> None:
        if generation == self._generation and self._cancel is not None:
            self.progress.emit(fraction)

    def _on_finished(self, generation: int, result: dict) -> None:
        if generation == self._generation and self._cancel is not None:
            self._cancel = None
            self.finished.emit(result)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation and self._cancel is not None:
            self._cancel = None
            self.failed.emit(message)
