"""Pause Python's cyclic garbage collector around a burst of allocations --
the one place that does (import, export, a full lint run and the reporters,
which render the fixes' SQL, use it).

Importing, exporting or linting a large schema allocates hundreds of thousands
of small objects that stay alive (the model) or die by reference counting.
The cyclic collector would walk the whole heap again and again meanwhile
(MusicBrainz export: 0.3 s with the collector paused, 0.8–1.0 s without; a
third of the import time).

    with paused_gc(collect_every=500) as pause:   # the importer
        for statement in statements:
            ...
            pause.step()       # collects the young generations every 500 steps

``collect_every``: steps between collections of the young generations (for
loops whose syntax trees die in cycles); 0 never collects during the pause.
``collect_after``: collect the youngest generation when the pause ends, so
real cycles made meanwhile still go.  Nested pauses are fine: only the
outermost one re-enables the collector.

``pause.settle()`` says that what is alive now outlives the pause (the
importer's statements and their tokens, ~75,000 objects for a 13,000-line
dump): the young collections do not walk it again (``gc.freeze``), and it
goes back to the oldest generation when the pause ends (``gc.unfreeze``,
which also thaws whatever was frozen before: nothing else here freezes but
the command line, as its process ends)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class GCPause:
    """The handle ``paused_gc`` yields: call :meth:`step` once per unit of work."""

    __slots__ = ("every", "steps", "settled")

    def __init__(self, every: int):
        self.every = every
        self.steps = 0
        self.settled = False

    def step(self) -> None:
        self.steps += 1
        if self.every and self.steps % self.every == 0:
            gc.collect(1)

    def settle(self) -> None:
        gc.freeze()
        self.settled = True


@contextmanager
def paused_gc(*, collect_every: int = 0, collect_after: bool = True) -> Iterator[GCPause]:
    enabled = gc.isenabled()
    gc.disable()
    pause = GCPause(collect_every)
    try:
        yield pause
    finally:
        if pause.settled:
            gc.unfreeze()
        if enabled:
            gc.enable()
            if collect_after:
                gc.collect(0)
