"""The ER canvas: a QGraphicsScene of table cards and foreign-key edges, its
view (zoom, pan, minimap, search), the background layout worker and file
rendering (SVG, PNG, PDF).  Positions come from :mod:`tablewright.designer.layout`."""

from tablewright.app.canvas.qt_compat import immortalize_singletons

immortalize_singletons()
