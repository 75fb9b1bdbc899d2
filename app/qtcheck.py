"""Can Qt start here?  Run by ``scripts/run`` before the desktop app opens
(standard library only: it runs before Qt is imported, from any directory).

Every missing library is named at once, with the apt-get command that
installs them, before Qt is tried (Qt stops at the first library it cannot
load, and names libxcb-cursor0 only after the window failed for another
reason, a missing display):

1. ``import PySide6.QtGui`` in a child process: Qt's own libraries (libEGL,
   libGL, libxkbcommon, libfontconfig, ...).  When it fails, ``ldd`` of
   PySide6's QtGui module says which libraries are missing.
2. Where Qt's xcb (X11) platform is the one it will use or fall back to
   (``QT_QPA_PLATFORM`` unset outside a Wayland session, or naming ``xcb``),
   with or without ``DISPLAY``: the libraries the platform plugin
   (``plugins/platforms/libqxcb.so``) and ``libQt6XcbQpa`` are linked against,
   as ``ldd`` resolves them (libxcb-cursor among them since Qt 6.5); without
   them Qt aborts with "Could not load the Qt platform plugin xcb".  No
   ``DISPLAY`` there is a problem too: Qt could not open a window.

Missing libraries are named by their Debian/Ubuntu package, the way Debian
names library packages after their soname (``libxcb-icccm.so.4`` ->
``libxcb-icccm4``), but for the few it names otherwise (``PACKAGE_OF``).

Exit status 0 when nothing is missing, else 2 with what to do on stderr.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

#: the libraries Qt 6 needs on a minimal Debian/Ubuntu (the README lists them too): what
#: to install when Qt cannot load and ldd cannot tell why
BASE_PACKAGES = "libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3"

#: the libraries (of those Qt links) whose Debian package is not named after their soname
PACKAGE_OF = {
    **dict.fromkeys(("libglib-2.0", "libgthread-2.0", "libgobject-2.0", "libgio-2.0", "libgmodule-2.0"),
                    "libglib2.0-0"),
    "libz": "zlib1g", "libGLdispatch": "libglvnd0", "libbrotlidec": "libbrotli1", "libbrotlicommon": "libbrotli1",
}


def debian_package(soname: str) -> str:
    """``libxcb-icccm.so.4`` -> ``libxcb-icccm4``; ``libxkbcommon-x11.so.0`` ->
    ``libxkbcommon-x11-0`` (a dash before the version when the name ends in a
    digit); ``libglib-2.0.so.0`` -> ``libglib2.0-0`` (``PACKAGE_OF``)."""
    known = PACKAGE_OF.get(soname.split(".so", 1)[0])
    if known:
        return known
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


def gui_files(root: Path) -> list[Path]:
    """PySide6's QtGui module (Qt Gui and what it links, through it)."""
    return sorted(root.glob("QtGui*.so"))[:1]


def xcb_files(root: Path) -> list[Path]:
    """Qt's xcb plugin and the library it is built on, where PySide6 keeps them."""
    candidates = [root / "Qt" / "plugins" / "platforms" / "libqxcb.so"]
    candidates += sorted((root / "Qt" / "lib").glob("libQt6XcbQpa.so*"))[:1]
    return [p for p in candidates if p.exists()]


def missing_for(paths: list[Path]) -> list[str]:
    """The libraries ``ldd`` cannot find for any of ``paths`` (and what they link)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    missing: list[str] = []
    for path in paths:
        try:
            run = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        missing += [m for m in missing_libraries(run.stdout) if m not in missing]
    return missing


def missing_for_xcb(root: Path) -> list[str]:
    return missing_for(xcb_files(root))


def uses_xcb(env=os.environ) -> bool:
    """Whether Qt will use (or fall back to) its xcb platform: ``QT_QPA_PLATFORM``
    names it (``xcb``, ``wayland;xcb``), or is unset outside a Wayland session
    (xcb is Qt's default on Linux, with or without ``DISPLAY``)."""
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return any(p.split(":")[0].strip() == "xcb" for p in platform.split(";"))
    return not env.get("WAYLAND_DISPLAY")


def check(env=os.environ) -> list[str]:
    """What is wrong, one message per line (empty: Qt can start)."""
    problems: list[str] = []
    missing: list[str] = []
    root = pyside_dir()
    run = subprocess.run([sys.executable, "-c", "import PySide6.QtGui"], capture_output=True, text=True)
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["?"])[-1]
        problems.append(f"Qt cannot load: {last}")
        missing = missing_for(gui_files(root)) if root is not None else []
        if missing:
            problems.append("Qt's libraries need: " + ", ".join(missing))
        else:
            problems.append(f"Install Qt's system libraries, e.g.: apt-get install {BASE_PACKAGES}")
    if sys.platform.startswith("linux") and root is not None and uses_xcb(env):
        xcb = [m for m in missing_for_xcb(root) if m not in missing]
        if xcb:
            problems.append("Qt's X11 (xcb) platform plugin cannot load: missing " + ", ".join(xcb))
            missing += xcb
        if not env.get("DISPLAY"):
            problems.append("No X display to open the window on (DISPLAY is not set): start it in a desktop "
                            "session, over ssh -X, or under Xvfb: xvfb-run -a scripts/run")
    if missing:
        packages = list(dict.fromkeys(debian_package(m) for m in missing))
        problems.append("Install them, e.g.: sudo apt-get install " + " ".join(packages))
    return problems


def main() -> int:
    problems = check()
    for line in problems:
        print(line, file=sys.stderr)
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
