"""What the project's lint settings ignore: edits from the Problems panel and the dialog.

A controller of the main window: it holds no widgets of its own and
works through ``self.window`` (the ``MainWindow``), which owns it as ``window.lint_settings``."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from tablewright.app.errors import error_text
from tablewright.app.undo import SetLintSettingsCommand
from tablewright.linting.findings import Finding


class LintSettingsController:
    def __init__(self, window):
        self.window = window

    def _config_lint(self) -> None:
        """Lint with the project's own settings (``settings.lint``: ignored rules,
        suppressions, options), as they are in the open document."""
        from tablewright.linting.config import Config

        config = Config()
        lint_settings = self.window.document.project.settings.get("lint")
        if lint_settings:
            from tablewright.linting.runner import settings_config

            try:
                config = settings_config(lint_settings, config, f"{self.window.document.title}: settings.lint")
            except Exception as exc:  # a bad settings.lint: lint with defaults, say why
                self.window.statusBar().showMessage(f"Lint settings ignored: {error_text(exc)}", 8000)
        self.window.lint.set_config(config)

    def _lint_settings_edit(self, change, text: str) -> None:
        """Change a copy of the project's lint settings with ``change`` and apply
        it as one undoable step; live linting follows."""
        lint = copy.deepcopy(self.window.document.project.settings.get("lint") or {})
        change(lint)
        self.window.document.push(SetLintSettingsCommand(self.window.document, lint, text))
        self.window.statusBar().showMessage(f"{text} (Edit ▸ Undo takes it back)", 6000)

    def ignore_finding_here(self, f: Finding) -> None:
        """Suppress ``f``'s rule on its table or column, in the project's settings."""
        import glob

        where = f"{f.table}.{f.column}" if f.column else f.table
        if not where:
            return
        entry = {"rules": [f.rule], "object": glob.escape(where.lower()), "reason": "ignored in the Problems panel"}
        self._lint_settings_edit(lambda lint: lint.setdefault("suppress", []).append(entry),
                                 f"Ignore {f.rule} on {where}")

    def show_lint_settings(self) -> None:
        """Schema ▸ Lint Settings…: what the project ignores, each removable (undoable)."""
        from tablewright.app.dialogs.lint_settings import LintSettingsDialog

        dialog = LintSettingsDialog(lambda: self.window.document.project.settings.get("lint"), self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def change(lint: dict, text: str) -> None:
            self.window.document.push(SetLintSettingsCommand(self.window.document, lint, text))

        dialog.changeRequested.connect(change)
        self.window.document.lintSettingsChanged.connect(dialog.refresh)  # gone with the dialog
        self.window.lint_settings_dialog = dialog
        dialog.open()

    def ignore_rule(self, code: str) -> None:
        """Turn rule ``code`` off for this project."""
        def change(lint: dict) -> None:
            if code not in lint.setdefault("ignore", []):
                lint["ignore"].append(code)

        self._lint_settings_edit(change, f"Ignore rule {code} in this project")
