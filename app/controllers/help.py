"""The Help menu: keyboard shortcuts (every action of the menus), rule documentation, about.

A controller of the main window: it holds no widgets of its own and
works through ``self.window`` (the ``MainWindow``), which owns it as ``window.help``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox


class HelpController:
    def __init__(self, window):
        self.window = window

    def show_shortcuts(self):
        from tablewright.app.dialogs.help import ShortcutsDialog

        dialog = ShortcutsDialog(self.menu_actions(), self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        self.window.help_dialog = dialog
        return dialog

    def menu_actions(self) -> list[QAction]:
        """Every action in the menus (submenus too), then the window's own."""
        out: list[QAction] = []

        def walk(menu) -> None:
            for a in menu.actions():
                if a.menu() is not None:
                    walk(a.menu())
                elif not a.isSeparator():
                    out.append(a)

        for top in self.window.menuBar().actions():
            if top.menu() is not None:
                walk(top.menu())
        return out + [a for a in self.window.actions() if a not in out]

    def show_rule_docs(self, rule_code: str | None = None):
        from tablewright.app.dialogs.help import RulesDialog

        dialog = RulesDialog(self.window, rule_code)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        self.window.help_dialog = dialog
        return dialog

    def show_about(self) -> None:
        from tablewright.app.dialogs.help import about_text

        QMessageBox.about(self.window, "About Tablewright", about_text())
