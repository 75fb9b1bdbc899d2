"""What the app remembers between sessions (QSettings): window geometry and
dock layout, recent files, theme, last dialect, layout engine.

Passwords are never stored: database URLs go into the recent list only with
the password removed (``tablewright.designer.dburl.without_password``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class AppSettings:
    def __init__(self, settings: QSettings | None = None):
        self.q = settings or QSettings("Tablewright", "Tablewright")

    # -- simple values -------------------------------------------------------------
    def _str(self, key: str, default: str) -> str:
        value = self.q.value(key, default)
        return str(value) if value is not None else default

    @property
    def theme(self) -> str:
        """``system`` (follow the desktop), ``light`` or ``dark``."""
        value = self._str("ui/theme", "system")
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.q.setValue("ui/theme", value)

    @property
    def dialect(self) -> str:
        return self._str("ddl/dialect", "postgres")

    @dialect.setter
    def dialect(self, value: str) -> None:
        self.q.setValue("ddl/dialect", value)

    @property
    def layout_engine(self) -> str:
        return self._str("diagram/layout_engine", "auto")

    @layout_engine.setter
    def layout_engine(self, value: str) -> None:
        self.q.setValue("diagram/layout_engine", value)

    @property
    def last_dir(self) -> str:
        """The folder of the last file opened, imported, saved or exported: where
        file dialogs start (the user's home before there is one)."""
        value = self._str("files/last_dir", "")
        return value if value and Path(value).is_dir() else str(Path.home())

    @last_dir.setter
    def last_dir(self, value: str) -> None:
        self.q.setValue("files/last_dir", value)

    @property
    def last_database_url(self) -> str:
        return self._str("import/database_url", "")

    @last_database_url.setter
    def last_database_url(self, value: str) -> None:
        self.q.setValue("import/database_url", without_password(value) if value else "")

    # -- window ----------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self.q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def state(self) -> QByteArray | None:
        value = self.q.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.q.setValue("window/geometry", geometry)
        self.q.setValue("window/state", state)

    # -- recent files ----------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.q.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add_recent(self, path: str) -> list[str]:
        files = [path] + [p for p in self.recent_files() if p != path]
        files = files[:MAX_RECENT]
        self.q.setValue("files/recent", files)
        return files

    def remove_recent(self, path: str) -> list[str]:
        files = [p for p in self.recent_files() if p != path]
        self.q.setValue("files/recent", files)
        return files

    def sync(self) -> None:
        self.q.sync()

    def recovery_dir(self) -> Path:
        """Where unsaved work is written aside (see :mod:`tablewright.app.recovery`): beside an
        INI settings file (tests use their own), else the application's data folder."""
        if self.q.format() == QSettings.IniFormat and self.q.fileName():
            return Path(self.q.fileName()).parent / "recovery"
        from PySide6.QtCore import QStandardPaths

        base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or str(Path.home() / ".tablewright")
        return Path(base) / "recovery"


def without_password(url: str) -> str:
    """The URL with its password removed (not masked: nothing of it is kept)."""
    from tablewright.designer.dburl import without_password as _without

    return _without(url)
