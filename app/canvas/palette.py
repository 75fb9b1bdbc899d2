"""Colours of the canvas, light and dark, and the severity colours of findings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

SEVERITY_COLOURS = {
    "critical": "#c62828",
    "high": "#ef6c00",
    "medium": "#c9a000",
    "low": "#1e88e5",
}


@dataclass(frozen=True)
class Palette:
    background: QColor
    card: QColor
    header: QColor
    header_text: QColor
    text: QColor
    muted: QColor
    marker: QColor
    border: QColor
    selected: QColor
    selected_header: QColor  # header (and far-zoom block) of a selected card, under header_text
    current_row: QColor
    edge: QColor

    def severity(self, severity: str) -> QColor:
        return QColor(SEVERITY_COLOURS.get(severity, SEVERITY_COLOURS["low"]))


LIGHT = Palette(
    background=QColor("#ffffff"),
    card=QColor("#fbfbfd"),
    header=QColor("#dde6f3"),
    header_text=QColor("#1a2433"),
    text=QColor("#1f1f1f"),
    muted=QColor("#6b7280"),
    marker=QColor("#8a5a00"),
    border=QColor("#8c96a6"),
    selected=QColor("#2f6fe4"),
    selected_header=QColor("#b9d2ff"),  # dark header text on light blue
    current_row=QColor(47, 111, 228, 45),
    edge=QColor("#6f7b8c"),
)

DARK = Palette(
    background=QColor("#1e1f22"),
    card=QColor("#2b2d31"),
    header=QColor("#3a4252"),
    header_text=QColor("#f0f2f5"),
    text=QColor("#e3e5e8"),
    muted=QColor("#9aa3af"),
    marker=QColor("#e0b050"),
    border=QColor("#5b6270"),
    selected=QColor("#5e9bff"),
    selected_header=QColor("#2c5aa0"),  # light header text on deep blue (the light blue was near white)
    current_row=QColor(94, 155, 255, 60),
    edge=QColor("#8d97a6"),
)
