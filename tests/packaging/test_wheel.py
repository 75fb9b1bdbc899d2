"""The wheel carries the packages, the example schemas and the console script."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_code_resources_and_entry_point(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("tablewright-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    # one namespace: no top-level app/, designer/, ... to collide with another distribution's
    assert "tablewright/designer/ddl_import.py" in names and "tablewright/app/cli.py" in names
    assert "tablewright/linting/engine.py" in names and "tablewright/resources/examples/shop.sql" in names
    assert {n.split("/")[0] for n in names} == {"tablewright", next(n.split("/")[0] for n in names
                                                                     if ".dist-info/" in n)}
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "tablewright = tablewright.app.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
