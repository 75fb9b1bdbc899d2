"""The schema model and what reads and writes it (DDL import and export, diffs,
migrations, layout).  No Qt."""

from tablewright.designer.deferred_metadata import defer as _defer_metadata

_defer_metadata()
