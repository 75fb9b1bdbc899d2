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
        #: the lint configuration of the open document (its settings.lint), as last applied
        self.config = None
        # the table roles shown in the Properties panel: a SchemaIndex kept up to date with
        # the document's edits (refreshed for the tables they changed, rebuilt on a new
        # document or new settings)
        self._roles_index = None
        self._roles_pending: set[str] = set()
        window.document.changed.connect(self._roles_changed)
        window.document.reset.connect(self._roles_reset)

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
        self.config = config
        self._roles_index = None
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

    # -- table roles ------------------------------------------------------------------
    def _roles_changed(self, table_ids) -> None:
        if table_ids:
            self._roles_pending |= set(table_ids)
        else:
            self._roles_index = None

    def _roles_reset(self) -> None:
        self._roles_index = None

    def _index(self):
        from tablewright.linting.config import Config
        from tablewright.linting.engine import index_for

        schema = self.window.document.schema
        index = self._roles_index
        if index is None or index.schema is not schema:
            index = self._roles_index = index_for(schema, self.config or Config())
            self._roles_pending = set()
        elif self._roles_pending:
            index.refresh(self._roles_pending)
            self._roles_pending = set()
        return index

    def table_roles(self, table):
        """``table``'s roles with the evidence (``linting.facts.TableRoles``), as the
        project's lint settings have them (the Properties panel shows them)."""
        return self._index().explain_roles(table)

    def set_table_role(self, table, role: str, on: bool | None) -> None:
        """Give ``table`` the role ``role`` (``on``), take it away (``off``), or
        (``None``) leave it to the inference and the comment tag again: one
        undoable change of the project's ``settings.lint`` roles."""
        import glob

        key = glob.escape(table.qualified_name)
        if on is None:
            wanted = None
        else:
            inferred = role in self._index().explain_roles(table, setting=False).roles
            wanted = None if on == inferred else (role if on else "-" + role)

        def change(lint: dict) -> None:
            roles = lint.setdefault("roles", {})
            values = [v for v in roles.get(key, []) if v.lstrip("+-") != role]
            if wanted is not None:
                values.append(wanted)
            if values:
                roles[key] = values
            else:
                roles.pop(key, None)
            if not roles:
                del lint["roles"]

        what = {None: f"back to the inferred {role} role", True: f"role {role}", False: f"not {role}"}[on]
        self._lint_settings_edit(change, f"Table {table.qualified_name}: {what}")
