"""``tablewright diagram SOURCE... [--dialect D] [--engine E] -o out.svg|png|pdf``:
draw the schema as the app's canvas does, headlessly, and write it to a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.commands.common import add_dialect_option
from app.errors import UsageError
from designer.layout import ENGINES


def register(sub) -> None:
    p = sub.add_parser("diagram", help="draw a schema's ER diagram to SVG, PNG or PDF")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="DDL files, a project file or a database URL")
    add_dialect_option(p)
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="Graphviz layout engine (default: auto, by size and shape)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="out.svg, out.png or out.pdf")
    p.add_argument("--scale", type=float, metavar="K",
                   help="PNG pixels per point (default 2, less for very large diagrams)")
    p.add_argument("--dark", action="store_true", help="dark theme colours")
    p.set_defaults(func=run)


def run(args) -> int:
    from app.canvas.render import FORMATS

    out = Path(args.output)
    if out.suffix.lower() not in FORMATS:
        raise UsageError(f"{out}: unknown picture format (use .svg, .png or .pdf)")
    if not out.parent.is_dir():
        raise UsageError(f"{out}: no such directory {out.parent}")
    if args.scale is not None and not 0 < args.scale <= 8:
        raise UsageError("--scale must be between 0 and 8")
    schema, positions = _load(args)
    _ensure_app()
    from app.canvas.render import render_to_file
    from app.canvas.scene import DiagramScene

    scene = DiagramScene(engine=args.engine)
    scene.set_dark(args.dark)
    scene.set_schema(schema, positions)
    try:
        render_to_file(scene, out, scale=args.scale)  # atomic; WriteError (exit 2) when it cannot be written
    except OSError as exc:
        raise UsageError(f"{out}: {exc.strerror or exc}") from None
    print(f"wrote {out} ({len(schema.tables)} tables, {len(scene.edge_items())} foreign keys)", file=sys.stderr)
    return 0


def _load(args):
    """The schema, and the saved positions when the source is a project file."""
    from designer.sources import is_project, is_url, load_sources

    if len(args.sources) == 1 and not is_url(args.sources[0]) and is_project(args.sources[0]):
        from designer.project import load_project

        project = load_project(args.sources[0])
        return project.schema, project.diagram.positions
    result = load_sources(args.sources, dialect=args.dialect)
    for issue in result.errors:
        print(issue, file=sys.stderr)
    return result.schema, {}


_APP = None  # the QApplication must outlive every scene; module-level keeps it


def _ensure_app():
    global _APP
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = _APP = QApplication(["tablewright"])
    return app
