"""Can Qt start here?  Run by ``scripts/run`` before the desktop app opens
(standard library only: it runs before Qt is imported, from any directory).

1. ``import PySide6.QtGui`` in a child process: Qt's own libraries (libEGL,
   libGL, libxkbcommon, libfontconfig, ...).
2. Under X11 (``DISPLAY`` set, ``QT_QPA_PLATFORM`` unset or ``xcb``): the
   libraries Qt's xcb platform plugin (``plugins/platforms/libqxcb.so``) and
   ``libQt6XcbQpa`` are linked against, as ``ldd`` resolves them.  Without
   them Qt aborts with "Could not load the Qt platform plugin xcb" although
   step 1 passed.  Missing libraries are named by their Debian/Ubuntu package
   (``libxcb-icccm.so.4`` -> ``libxcb-icccm4``), the way Debian names library
   packages after their soname.

Exit status 0 when nothing is missing, else 2 with what to install on stderr.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

#: the libraries Qt 6 needs on a minimal Debian/Ubuntu (the README lists them too)
BASE_PACKAGES = "libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3"


def debian_package(soname: str) -> str:
    """``libxcb-icccm.so.4`` -> ``libxcb-icccm4``; ``libxkbcommon-x11.so.0`` ->
    ``libxkbcommon-x11-0`` (a dash before the version when the name ends in a digit)."""
    m = re.match(r"^(lib.+?)\.so\.(\d+)", soname)
    if not m:
        return soname
    name, version = m.group(1).lower(), m.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` could not find, in order, once each."""
    out: list[str] = []
    for line in ldd_output.splitlines():
        m = re.match(r"\s*(\S+)\s*=>\s*not found", line)
        if m and m.group(1) not in out:
            out.append(m.group(1))
    return out


def pyside_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def xcb_files(root: Path) -> list[Path]:
    """Qt's xcb plugin and the library it is built on, where PySide6 keeps them."""
    candidates = [root / "Qt" / "plugins" / "platforms" / "libqxcb.so"]
    candidates += sorted((root / "Qt" / "lib").glob("libQt6XcbQpa.so*"))[:1]
    return [p for p in candidates if p.exists()]


def missing_for_xcb(root: Path) -> list[str]:
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    missing: list[str] = []
    for path in xcb_files(root):
        try:
            run = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        missing += [m for m in missing_libraries(run.stdout) if m not in missing]
    return missing


def uses_xcb(env=os.environ) -> bool:
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def check() -> list[str]:
    """What is wrong, one message per line (empty: Qt can start)."""
    problems: list[str] = []
    run = subprocess.run([sys.executable, "-c", "import PySide6.QtGui"], capture_output=True, text=True)
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["?"])[-1]
        problems.append(f"Qt cannot load: {last}")
        problems.append(f"Install Qt's system libraries, e.g.: apt-get install {BASE_PACKAGES}")
        return problems
    root = pyside_dir()
    if sys.platform.startswith("linux") and root is not None and uses_xcb():
        missing = missing_for_xcb(root)
        if missing:
            problems.append("Qt's X11 (xcb) platform plugin cannot load: missing " + ", ".join(missing))
            problems.append("Install them, e.g.: apt-get install " + " ".join(debian_package(m) for m in missing))
    return problems


def main() -> int:
    problems = check()
    for line in problems:
        print(line, file=sys.stderr)
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
