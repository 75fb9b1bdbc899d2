"""Tablewright's Qt application and command-line entry point.

Importing this package makes every later ``import pygraphviz`` in the process
import ``PySide6.QtGui`` first (issue 16).  pygraphviz's wheel vendors its own
libxcb; loaded before Qt's libraries, Qt's xcb platform plugin then crashes
(SIGSEGV on X11: ``import pygraphviz`` before ``QApplication([])``).  Qt
first, the process keeps the system's libxcb and both work.  The layout code in
``tablewright.designer`` imports pygraphviz lazily and must not import Qt, so
the order is enforced here, for every process the app or the command line
runs, instead of at each import.  Where Qt cannot load at all (a server
without its libraries) pygraphviz is imported as it is and ``docs`` still works.
"""

import sys


class _QtBeforeGraphviz:
    """A meta-path finder that finds nothing: on the first ``import pygraphviz``
    it imports ``PySide6.QtGui``, then lets the normal finders do the rest."""

    done = False

    def find_spec(self, name, path=None, target=None):
        if name == "pygraphviz" and not self.done:
            self.done = True
            try:
                import PySide6.QtGui  # noqa: F401
            except ImportError:
                pass
        return None


if not any(isinstance(f, _QtBeforeGraphviz) for f in sys.meta_path):
    sys.meta_path.insert(0, _QtBeforeGraphviz())
