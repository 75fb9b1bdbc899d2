"""What runs in the app's helper process (``tablewright.app.workers``' process
pool) before its first job.  No Qt here: the helper only imports the model side."""

from __future__ import annotations

import os
import threading
import time


def watch_parent(interval: float = 1.0) -> None:
    """End this process once the app that started it is gone.  The app stops
    its helper when it quits or gets SIGTERM; this covers the rest (SIGKILL, a
    crash): the helper would otherwise wait for jobs forever.  A thread polling
    the parent's pid, not ``PR_SET_PDEATHSIG``, which fires when the *thread*
    that started the process ends (a pool thread, retired after 30 s idle)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
