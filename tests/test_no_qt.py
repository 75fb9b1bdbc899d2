"""designer/ and linting/ never import Qt (ARCHITECTURE.md; issue 15).

The modules are discovered, not listed: every module under the packages is
imported in a fresh interpreter in which a meta-path finder records (and
refuses) any import of PySide6 or shiboken6, so a new module is covered the
day it is added and a ``try: import PySide6 except ImportError`` fallback
still counts as an import.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = r'''
import importlib, json, pkgutil, sys, traceback

QT = ("PySide6", "shiboken6")
attempts = []

class QtBlocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in QT:
            here = [f"{f.filename}:{f.lineno}" for f in traceback.extract_stack()
                    if not f.filename.startswith("<frozen")][-3:]
            attempts.append({"module": current, "qt": name, "stack": here})
            raise ImportError(f"{name} is blocked: this package must not import Qt")
        return None

sys.meta_path.insert(0, QtBlocker())
current = None
modules, errors = [], {}
for top in sys.argv[1:]:
    current = top
    pkg = importlib.import_module(top)
    names = [top] + [m.name for m in pkgutil.walk_packages(pkg.__path__, top + ".",
                                                          onerror=lambda n: errors.setdefault(n, "walk failed"))]
    for name in names:
        current = name
        modules.append(name)
        try:
            importlib.import_module(name)
        except BaseException as exc:  # the report names it; the walk goes on
            errors[name] = f"{type(exc).__name__}: {exc}"
loaded = sorted(m for m in sys.modules if m.split(".")[0] in QT)
print(json.dumps({"modules": modules, "errors": errors, "attempts": attempts, "loaded": loaded}))
'''


def _probe(*packages: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _PROBE, *packages], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_designer_and_linting_never_import_qt():
    report = _probe("tablewright.designer", "tablewright.linting")
    mods = report["modules"]
    # the walk found the packages' modules, subpackages included
    on_disk = {p for pkg in ("designer", "linting") for p in (ROOT / pkg).rglob("*.py")}
    assert len(mods) == len(set(mods)) == len(on_disk), sorted(set(mods) ^ {
        ".".join(("tablewright", *p.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")
        for p in on_disk})
    assert {"tablewright.linting.rules.naming", "tablewright.designer.migrations.plan"} <= set(mods)
    assert report["attempts"] == [], "Qt imported from designer/ or linting/:\n" + json.dumps(
        report["attempts"], indent=1)
    assert report["errors"] == {}, report["errors"]
    assert report["loaded"] == []


def test_the_probe_sees_a_qt_import():
    # the same probe on app/ (which is Qt) records the attempts: the blocker is not a no-op
    report = _probe("tablewright.app")
    assert report["attempts"], report
    assert {a["qt"].split(".")[0] for a in report["attempts"]} <= {"PySide6", "shiboken6"}
    assert report["loaded"] == []
