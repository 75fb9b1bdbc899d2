"""The pre-commit hook: its manifest, and the entry it runs."""

from __future__ import annotations

import subprocess
import sys

import yaml

from tablewright.app.precommit import main
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.project import Project, save_project
from tests.conftest import REPO_ROOT

BAD = "CREATE TABLE t (amount float, price float);\n"  # money in floats: findings
GOOD = "CREATE TABLE t (id bigint PRIMARY KEY);\n"


def test_manifest():
    (hook,) = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "tablewright-lint" and hook["language"] == "python"
    assert hook["entry"] == "python -m tablewright.app.precommit"
    import re

    pattern = re.compile(hook["files"])
    assert pattern.search("db/schema.sql") and pattern.search("model.twproj") and not pattern.search("a.py")


def test_sql_together_projects_each_and_the_worst_exit_code(tmp_path, capsys):
    a, b = tmp_path / "a.sql", tmp_path / "b.sql"
    a.write_text("CREATE TABLE parent (id bigint PRIMARY KEY);\n")
    b.write_text("CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent(id));\n")
    p1, p2 = tmp_path / "one.twproj", tmp_path / "two.twproj"
    for path, ddl in ((p1, GOOD), (p2, GOOD)):
        save_project(path, Project(schema=import_ddl([("x.sql", ddl)], "postgres").schema))
    # b.sql references a.sql's table: read together, the reference resolves
    assert main(["--fail-on", "critical", str(a), str(b), str(p1), str(p2)]) == 0
    out = capsys.readouterr()
    assert "does not exist" not in out.out + out.err
    bad = tmp_path / "bad.sql"
    bad.write_text(BAD)
    assert main(["--fail-on", "low", "--format", "text", str(bad), str(p1)]) == 1


def test_runs_as_pre_commit_runs_it(tmp_path):
    """``python -m tablewright.app.precommit FILE`` as a process, the way pre-commit calls the entry."""
    bad = tmp_path / "bad.sql"
    bad.write_text(BAD)
    proc = subprocess.run([sys.executable, "-m", "tablewright.app.precommit", "--fail-on", "low", str(bad)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "bad.sql" in proc.stdout
