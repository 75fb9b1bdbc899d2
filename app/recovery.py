"""Crash recovery: unsaved work is written aside every so often, and offered
back when Tablewright starts after it was killed or crashed (no Qt here).

Each window writes ``recovery-<pid>-<n>.twproj`` (the whole project, with the
same atomic save as a project file) and then ``recovery-<pid>-<n>.json`` (the
file it belongs to, its title, when it was written) into one folder.  Saving
or discarding the work removes both.  Files whose process is no longer
running are *orphans*: what a crash left behind.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from tablewright.designer.atomic import write_file
from tablewright.designer.project import Project, load_project, save_project

_counter = itertools.count(1)


@dataclass
class Orphan:
    """Unsaved work a crashed session left behind."""

    project_file: Path
    info_file: Path
    original: str | None  # the project file it was edited from, if any
    title: str
    saved_at: float  # time.time() of the last write

    def load(self) -> Project:
        return load_project(self.project_file)

    def discard(self) -> None:
        _remove(self.info_file, self.project_file)


def _remove(*files: Path) -> None:
    for f in files:
        try:
            f.unlink()
        except OSError:  # gone already, or the folder cannot be reached: nothing to remove
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


class Recovery:
    """One window's recovery files in ``directory``."""

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)
        stem = f"recovery-{os.getpid()}-{next(_counter)}"
        self.project_file = self.directory / f"{stem}.twproj"
        self.info_file = self.directory / f"{stem}.json"

    def write(self, project: Project, original: str | None, title: str) -> None:
        """Write ``project`` aside (atomically: project first, then the note
        that points at it).  Raises ``InputError`` when the folder cannot be written."""
        self.directory.mkdir(parents=True, exist_ok=True)
        save_project(self.project_file, project)
        info = {"pid": os.getpid(), "original": original, "title": title, "saved_at": time.time()}
        write_file(self.info_file, json.dumps(info))

    def clear(self) -> None:
        """The work was saved or discarded: nothing to recover."""
        _remove(self.info_file, self.project_file)

    @property
    def written(self) -> bool:
        try:
            return self.info_file.exists() and self.project_file.exists()
        except OSError:
            return False


def orphans(directory: str | os.PathLike) -> list[Orphan]:
    """What crashed sessions left in ``directory``, newest first."""
    out = []
    for info_file in Path(directory).glob("recovery-*.json"):
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
            pid = int(info["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        project_file = info_file.with_suffix(".twproj")
        if _alive(pid) or not project_file.exists():
            continue
        out.append(Orphan(project_file, info_file, info.get("original"), str(info.get("title") or "Untitled"),
                          float(info.get("saved_at") or 0)))
    return sorted(out, key=lambda o: -o.saved_at)
