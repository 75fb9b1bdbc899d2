"""sqlglot imported through Tablewright does not import importlib.metadata until
something uses it; then the real module serves, whatever is read of it."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQLGLOT = importlib.metadata.version("sqlglot")


def _run(code: str) -> str:
    # a fresh interpreter: pytest itself imported importlib.metadata long ago
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_lint_run_does_not_import_it():
    out = _run(
        "import sys\n"
        "from tablewright.designer.ddl_import import import_ddl\n"
        "from tablewright.linting import Config, Engine\n"
        "r = import_ddl([('a.sql', 'CREATE TABLE t (id int PRIMARY KEY, u_id int);')], 'postgres')\n"
        "findings = Engine(Config()).run(r.schema)\n"
        "from tablewright.linting.findings import Summary\n"
        "from tablewright.linting.reporters import Report, render\n"
        "render('sarif', Report(findings, Summary.of(findings, tables=1), r.schema, ['a.sql'], []))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('email', 'socket', 'zipfile', 'csv')))\n"
        "print(sys.modules['importlib.metadata'].__doc__.split()[:2])\n")
    assert out.splitlines() == ["[]", "['Stands', 'for']"]


def test_the_real_module_serves_each_use():
    out = _run(
        "import sys\n"
        "import tablewright.designer, sqlglot\n"
        "from sqlglot.dialects import dialect\n"
        "eps = dialect.entry_points(group='sqlglot.dialects')\n"  # what sqlglot calls for a plugin dialect
        "real = sys.modules['importlib.metadata']\n"
        "print(real.__doc__ is None or not real.__doc__.startswith('Stands'), hasattr(eps, 'select'))\n"
        "import importlib.metadata as m\n"
        "print(m is real, m.version('sqlglot'))\n")
    assert out.splitlines() == ["True True", f"True {SQLGLOT}"]


def test_other_names_and_submodules_while_it_stands_in():
    out = _run(
        "import sys\n"
        "import tablewright.designer\n"
        "import importlib.metadata._text\n"  # a submodule: found through the stand-in's __path__
        "from importlib.metadata import PackageNotFoundError, version\n"
        "print(version('sqlglot'), PackageNotFoundError.__module__)\n"
        "print(sys.modules['importlib.metadata'].version is version)\n")
    assert out.splitlines() == [f"{SQLGLOT} importlib.metadata", "True"]
