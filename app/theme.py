"""Light and dark themes.  ``system`` follows the desktop
(``QStyleHints.colorScheme``, re-applied on ``colorSchemeChanged``); ``light``
and ``dark`` override it.  The app uses the Fusion style with a palette of its
own so both themes look the same on every platform (and offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

THEMES = ("system", "light", "dark")

#: colours for severities (icons, status bar, badges)
SEVERITY_COLORS = {
    "critical": "#b000b5",
    "high": "#d32f2f",
    "medium": "#ef8d00",
    "low": "#1f77d0",
}


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#2b2d30"), QColor("#1e1f22"), QColor("#dfe1e5")
    disabled = QColor("#7a7e85")
    for role, color in (
        (QPalette.Window, window), (QPalette.WindowText, text), (QPalette.Base, base),
        (QPalette.AlternateBase, QColor("#26282b")), (QPalette.ToolTipBase, QColor("#3c3f41")),
        (QPalette.ToolTipText, text), (QPalette.PlaceholderText, disabled), (QPalette.Text, text),
        (QPalette.Button, QColor("#3c3f41")), (QPalette.ButtonText, text),
        (QPalette.BrightText, QColor("#ff6b68")), (QPalette.Link, QColor("#589df6")),
        (QPalette.Highlight, QColor("#2f65ca")), (QPalette.HighlightedText, QColor("#ffffff")),
        (QPalette.Light, QColor("#4a4d50")), (QPalette.Midlight, QColor("#3c3f41")),
        (QPalette.Mid, QColor("#313335")), (QPalette.Dark, QColor("#1a1b1d")),
        (QPalette.Shadow, QColor("#000000")),
    ):
        p.setColor(role, color)
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        p.setColor(QPalette.Disabled, role, disabled)
    return p


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    p = style.standardPalette()
    p.setColor(QPalette.Highlight, QColor("#2f65ca"))
    return p


class ThemeManager(QObject):
    """Applies the chosen theme and tells the window when dark/light flips."""

    darkChanged = Signal(bool)

    def __init__(self, app: QApplication, mode: str = "system"):
        super().__init__(app)
        self.app = app
        self.mode = mode if mode in THEMES else "system"
        self.dark = False
        app.setStyle(QStyleFactory.create("Fusion"))
        hints = QGuiApplication.styleHints()
        if hints is not None:
            hints.colorSchemeChanged.connect(lambda *_: self.apply())

    def set_mode(self, mode: str) -> None:
        self.mode = mode if mode in THEMES else "system"
        self.apply()

    def apply(self) -> bool:
        dark = system_is_dark() if self.mode == "system" else self.mode == "dark"
        self.app.setPalette(dark_palette() if dark else light_palette())
        if dark != self.dark:
            self.dark = dark
            self.darkChanged.emit(dark)
        return dark


# -- icons -------------------------------------------------------------------------

from functools import cache  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtGui import QIcon, QPainter, QPixmap  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


@cache
def icon(name: str) -> QIcon:
    """A toolbar/menu icon from ``resources/icons/<name>.svg`` (empty if missing)."""
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


@cache
def severity_icon(severity: str) -> QIcon:
    """A filled disc (critical: a diamond) in the severity's colour."""
    color = QColor(SEVERITY_COLORS.get(severity, "#888888"))
    out = QIcon()
    for size in (12, 16, 24, 32):
        pm = QPixmap(size, size)
        pm.fill(Qt.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.Antialiasing)
        p.setPen(color.darker(130))
        p.setBrush(color)
        m = max(1, size // 8)
        if severity == "critical":
            from PySide6.QtCore import QPointF
            from PySide6.QtGui import QPolygonF

            c = size / 2
            p.drawPolygon(QPolygonF([QPointF(c, m), QPointF(size - m, c), QPointF(c, size - m), QPointF(m, c)]))
        else:
            p.drawEllipse(m, m, size - 2 * m, size - 2 * m)
        p.end()
        out.addPixmap(pm)
    return out


def code_font(widget, tab_spaces: int = 4) -> None:
    """SQL text in ``widget`` (a QPlainTextEdit): the system's fixed font and tab
    stops ``tab_spaces`` characters apart (Qt's default 80 px shows a tab as
    about ten spaces; exported DDL indents with tabs)."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF

    font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
    font.setStyleHint(QFont.Monospace)
    widget.setFont(font)
    if hasattr(widget, "setTabStopDistance"):
        widget.setTabStopDistance(QFontMetricsF(font).horizontalAdvance(" " * tab_spaces))
