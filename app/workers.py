"""Heavy work off the GUI thread (napari style).

The work itself is a plain function on the model side (``import_ddl``,
``export_ddl``, ``Engine.update`` …); this module only runs it in a thread and
brings the result back to the GUI thread.

- :class:`JobRunner` — one job per *kind* in flight: starting a job of a kind
  makes the previous one of that kind stale (its result is dropped when it
  arrives, a generation counter per kind).  ``cancel(kind)`` drops the job's
  result the same way (a plain function cannot be interrupted; it finishes in
  the background and nobody listens).
- :class:`LintService` — live linting.  One ``Engine`` lives in a worker thread
  with its own *mirror* of the schema.  After an edit the GUI sends only the
  changed tables (deep copies, so the worker never reads what the GUI mutates)
  and the table order; the worker patches its mirror (a ``shallow_snapshot``
  taken when the project was opened) and calls
  ``Engine.update(mirror, changed_ids)``.  Requests are debounced; when several
  are queued the worker patches the mirror for each but lints only for the
  newest; results older than the newest request are dropped on the GUI side.
  (Measured on MusicBrainz by ``benchmarks/gui_lint_latency.py``: a whole deep
  copy plus full run per edit is ~0.25 s, the mirror patch plus incremental
  update a few ms.)
"""

from __future__ import annotations

import copy
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, QTimer, Signal, Slot

from tablewright.app.document import shallow_snapshot
from tablewright.designer.model import Schema

log = logging.getLogger(__name__)


# -- generic jobs -----------------------------------------------------------------


class _JobSignals(QObject):
    done = Signal(str, int, object)
    failed = Signal(str, int, object)
    progress = Signal(str, int, float, str)


#: pass as a keyword argument's value to ``JobRunner.start``: the job gets a
#: ``progress(fraction, what)`` callable there that reports to the GUI and
#: raises ``tablewright.designer.progress.Cancelled`` once the job is cancelled, so the
#: function stops where it is instead of running to its end unheard
PROGRESS = object()


#: kinds of job run in a helper process instead of a thread.  A whole-schema
#: DDL export of MusicBrainz is ~0.7 s of pure Python plus ~120k objects of
#: cyclic SQLAlchemy garbage (a ~0.25 s gen-2 collection later); in a thread
#: both hold the GIL, and the GUI thread, applying the next edit and its lint
#: result at the same time, ran at half speed or stalled for the collection
#: (benchmarks/gui_lint_latency.py: p95 ~0.5 s).  In a process it costs the
#: GUI process only pickling the snapshot (~35 ms, in the pool thread).
PROCESS_KINDS = frozenset({"ddl-preview", "export-ddl"})
_process_pool = None


def _pool():
    """One helper process for all windows, started on first use (spawned:
    forking a process with Qt threads running is not safe)."""
    global _process_pool
    if _process_pool is None:
        import atexit
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from tablewright.app.helper_process import watch_parent

        _process_pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=watch_parent)
        atexit.register(_process_pool.shutdown, wait=False, cancel_futures=True)
    return _process_pool


_waiting: dict = {}  # kind -> the future of its newest job in the helper process


def _in_process(kind: str, fn: Callable, args: tuple, kwargs: dict):
    from concurrent.futures.process import BrokenProcessPool

    global _process_pool
    try:
        future = _pool().submit(fn, *args, **kwargs)
    except (BrokenProcessPool, RuntimeError, OSError):  # the helper died: start another once
        _process_pool = None
        future = _pool().submit(fn, *args, **kwargs)
    # a job of the same kind still queued in the helper is stale now: drop it,
    # so edits in quick succession queue one export, not one each (and do not
    # hold the thread pool's threads waiting for them)
    older, _waiting[kind] = _waiting.get(kind), future
    if older is not None:
        older.cancel()
    try:
        return future.result()  # waits without the GIL; the job's exception comes back pickled
    finally:
        if _waiting.get(kind) is future:
            del _waiting[kind]


class _Job(QRunnable):
    def __init__(self, kind: str, generation: int, fn: Callable, args: tuple, kwargs: dict, signals: _JobSignals,
                 current: Callable[[], bool] | None = None):
        super().__init__()
        self.kind, self.generation, self.fn, self.args, self.kwargs = kind, generation, fn, args, kwargs
        self.signals = signals
        self.current = current or (lambda: True)
        self.kwargs = {k: (self._progress if v is PROGRESS else v) for k, v in kwargs.items()}
        self.setAutoDelete(True)

    def _progress(self, fraction: float, what: str) -> None:
        """Runs in the worker thread: report, or stop the job if it was cancelled."""
        from tablewright.designer.progress import Cancelled

        if not self.current():
            raise Cancelled(self.kind)
        try:
            self.signals.progress.emit(self.kind, self.generation, float(fraction), what)
        except RuntimeError:  # the window is gone
            raise Cancelled(self.kind) from None

    def run(self) -> None:
        try:
            if self.kind in PROCESS_KINDS:
                result = _in_process(self.kind, self.fn, self.args, self.kwargs)
            else:
                result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # reported to the GUI as a dialog, never a traceback
            log.debug("job %s failed", self.kind, exc_info=True)
            from tablewright.app.crash import note_bug

            note_bug(exc)  # a bug (not bad input): its crash log, named in the dialog
            signal, payload = self.signals.failed, exc
        else:
            signal, payload = self.signals.done, result
        try:
            signal.emit(self.kind, self.generation, payload)
        except RuntimeError:  # the window is gone: nobody to tell
            pass


class JobRunner(QObject):
    """Runs plain functions in a thread pool, one per kind in flight."""

    #: kind, result — only for the newest job of that kind
    finished = Signal(str, object)
    #: kind, exception
    failed = Signal(str, object)
    #: kind started / no longer running (finished, failed or cancelled)
    busyChanged = Signal(str, bool)
    #: kind, fraction done (0..1), what it is on — from jobs started with ``PROGRESS``
    progress = Signal(str, float, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(3)
        self._generation: dict[str, int] = {}
        self._callbacks: dict[str, tuple[Callable | None, Callable | None]] = {}
        self._running: set[str] = set()
        self._signals = _JobSignals()
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self._on_progress)

    def start(self, kind: str, fn: Callable, *args, on_done: Callable | None = None,
              on_error: Callable | None = None, **kwargs) -> int:
        generation = self._generation.get(kind, 0) + 1
        self._generation[kind] = generation
        self._callbacks[kind] = (on_done, on_error)
        self._running.add(kind)
        self.busyChanged.emit(kind, True)
        self.pool.start(_Job(kind, generation, fn, args, kwargs, self._signals,
                             lambda: self._current(kind, generation)))
        return generation

    def cancel(self, kind: str) -> None:
        if kind in self._running:
            self._generation[kind] = self._generation.get(kind, 0) + 1
            self._running.discard(kind)
            self.busyChanged.emit(kind, False)

    def running(self, kind: str) -> bool:
        return kind in self._running

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    def _current(self, kind: str, generation: int) -> bool:
        return self._generation.get(kind) == generation and kind in self._running

    @Slot(str, int, object)
    def _on_done(self, kind: str, generation: int, result: Any) -> None:
        if not self._current(kind, generation):
            return  # stale or cancelled
        self._running.discard(kind)
        self.busyChanged.emit(kind, False)
        on_done, _ = self._callbacks.pop(kind, (None, None))
        if on_done is not None:
            on_done(result)
        self.finished.emit(kind, result)

    @Slot(str, int, float, str)
    def _on_progress(self, kind: str, generation: int, fraction: float, what: str) -> None:
        if self._current(kind, generation):
            self.progress.emit(kind, fraction, what)

    @Slot(str, int, object)
    def _on_failed(self, kind: str, generation: int, exc: BaseException) -> None:
        if not self._current(kind, generation):
            return
        self._running.discard(kind)
        self.busyChanged.emit(kind, False)
        _, on_error = self._callbacks.pop(kind, (None, None))
        if on_error is not None:
            on_error(exc)
        self.failed.emit(kind, exc)


# -- live linting -----------------------------------------------------------------


@dataclass
class LintRequest:
    generation: int
    full: Schema | None = None  # a whole new schema (deep copy): reset the mirror, full run
    order: list[str] = field(default_factory=list)  # table ids in model order
    tables: dict[str, Any] = field(default_factory=dict)  # changed tables present now (copies)
    changed: set[str] = field(default_factory=set)
    enums: list | None = None
    raw: list | None = None  # the verbatim objects, when they changed (a rename rewrote a view)
    dialect: str | None = None
    config: Any = None  # a linting Config; None keeps the engine's
    sent: float = 0.0
    workload: Any = None  # a linting.workload.Workload to attach (with set_workload True; None detaches)
    set_workload: bool = False


class _LintWorker(QObject):
    done = Signal(int, object, float)  # generation, findings, seconds spent linting

    def __init__(self, service: "LintService"):
        super().__init__()
        self.service = service
        self.engine = None
        self.workload = None  # the attached workload (queries), kept across config changes
        self.mirror: Schema | None = None
        self._pending: set[str] = set()
        self._full_pending = False

    @Slot(object)
    def handle(self, req: LintRequest) -> None:
        from tablewright.linting.engine import Engine

        if req.set_workload:
            self.workload = req.workload
            self._full_pending = True
        if req.config is not None or self.engine is None:
            self.engine = Engine(req.config, workload=self.workload)
            self._full_pending = True
        elif req.set_workload:
            self.engine.workload = req.workload
        if req.full is not None:
            self.mirror = req.full
            self._full_pending = True
            self._pending.clear()
        elif self.mirror is not None:
            self._patch(req)
        if self.mirror is None:
            return
        if req.generation < self.service.latest:
            return  # a newer request is queued: lint once, for that one
        started = time.perf_counter()
        try:
            if self._full_pending:
                findings = self.engine.run(self.mirror)
            else:
                findings = self.engine.update(self.mirror, self._pending)
        except Exception:  # a rule crashing must not kill live linting
            log.exception("lint run failed")
            findings = None
        self._full_pending = False
        self._pending = set()
        if findings is not None:
            self.done.emit(req.generation, findings, time.perf_counter() - started)

    def _patch(self, req: LintRequest) -> None:
        mirror = self.mirror
        old = {t.id: t for t in mirror.tables}
        mirror.tables[:] = [req.tables[tid] if tid in req.tables else old[tid] for tid in req.order if
                            tid in req.tables or tid in old]
        if req.raw is not None:  # shared, not copied: edits replace a raw object, never change one
            mirror.raw[:] = req.raw
            self._full_pending = True
        if req.enums is not None:
            mirror.enums[:] = req.enums
            self._full_pending = True
        if req.dialect != mirror.dialect:
            mirror.dialect = req.dialect
            self._full_pending = True
        if not req.changed:
            self._full_pending = True
        self._pending |= req.changed


class LintService(QObject):
    """Debounced, generation-counted live linting of a document."""

    _request = Signal(object)
    #: findings (a list), for the newest request only
    findingsReady = Signal(object)

    def __init__(self, document, *, debounce_ms: int = 60, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.latest = 0
        self.findings: list = []
        self.last_latency: float | None = None  # seconds from request to result on the GUI thread
        self.last_lint_seconds: float | None = None
        self.findings_generation = 0
        self._sent_at = 0.0
        self._changed: set[str] = set()
        self._full = True
        self._enums_changed = False
        self._raw_sig: tuple = ()
        self._config = None
        self._workload: tuple | None = None  # (workload,) waiting to be sent to the worker
        self._config_dirty = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.flush)
        self._thread = QThread()
        self._thread.setObjectName("lint")
        self._worker = _LintWorker(self)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.handle)
        self._worker.done.connect(self._on_done)
        self._thread.start()
        document.changed.connect(self.on_changed)
        document.reset.connect(self.on_reset)

    def set_workload(self, workload) -> None:
        """Attach the application's queries (a ``linting.workload.Workload``; None
        detaches): the query rules and index advice run live with the model."""
        self._workload = (workload,)
        self._full = True
        self._timer.start()

    def set_config(self, config) -> None:
        self._config = config
        self._config_dirty = True
        self._full = True
        self._timer.start()

    def on_reset(self) -> None:
        self._full = True
        self._changed.clear()
        self._timer.start()

    def on_changed(self, table_ids) -> None:
        """Debounce with a leading edge: the first edit after a quiet spell is
        sent at once (its findings come back in a few ms), edits that follow
        it closely are gathered and sent together when they stop."""
        if table_ids:
            self._changed |= set(table_ids)
        else:
            self._enums_changed = True
        quiet = time.perf_counter() - self._sent_at > self._timer.interval() / 1000
        if quiet and not self._timer.isActive() and not self._full:
            self.flush()
            self._timer.start()  # a trailing flush picks up whatever follows
        else:
            self._timer.start()

    def busy(self) -> bool:
        """True while an edit's findings are not in yet."""
        return self._timer.isActive() or self.findings_generation < self.latest

    def flush(self) -> None:
        """Send the pending changes to the worker now."""
        self._timer.stop()
        if not (self._full or self._changed or self._enums_changed or self._config_dirty):
            return
        schema = self.document.schema
        self.latest += 1
        req = LintRequest(self.latest, sent=time.perf_counter(), dialect=schema.dialect)
        if self._config_dirty:
            req.config = self._config
            self._config_dirty = False
        if self._workload is not None:
            req.workload, req.set_workload = self._workload[0], True
            self._workload = None
        raw_sig = tuple(map(id, schema.raw))
        if self._full:
            req.full = shallow_snapshot(schema)
            self._full = False
        else:
            if raw_sig != self._raw_sig:
                req.raw = list(schema.raw)
            present = {t.id: t for t in schema.tables}
            req.order = list(present)
            req.changed = set(self._changed)
            req.tables = {tid: copy.deepcopy(present[tid]) for tid in self._changed if tid in present}
            if self._enums_changed:
                req.enums = copy.deepcopy(schema.enums)
        self._changed = set()
        self._enums_changed = False
        self._raw_sig = raw_sig
        self._sent_at = req.sent
        self._request.emit(req)

    @Slot(int, object, float)
    def _on_done(self, generation: int, findings, seconds: float) -> None:
        if generation != self.latest:
            return  # stale: a newer edit is on its way
        self.findings_generation = generation
        self.findings = findings
        self.last_lint_seconds = seconds
        self.last_latency = time.perf_counter() - self._sent_at
        self.findingsReady.emit(findings)

    def shutdown(self) -> None:
        if not self._thread.isRunning():
            return
        self._timer.stop()
        self.document.changed.disconnect(self.on_changed)
        self.document.reset.disconnect(self.on_reset)
        self._thread.quit()
        self._thread.wait(5000)
