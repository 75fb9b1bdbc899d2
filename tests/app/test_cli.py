"""The command line as a user runs it: exit codes, one-line errors, outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tablewright.app.cli import main
from tablewright.designer.project import load_project

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "shop.sql"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tablewright.app.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_import_writes_a_project_file(tmp_path, capsys):
    out = tmp_path / "shop.twproj"
    assert main(["import", str(EXAMPLE), "-o", str(out)]) == 0
    project = load_project(out)
    assert sorted(t.name for t in project.schema.tables) == ["customer", "order", "order_line", "product"]
    assert "imported 4 tables, 3 foreign keys" in capsys.readouterr().err


def test_import_to_stdout_is_json(capsys):
    assert main(["import", str(EXAMPLE), "--dialect", "postgres"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "tablewright-project" and len(data["schema"]["tables"]) == 4


def test_import_reports_skipped_statements_with_location(tmp_path, capsys):
    ddl = tmp_path / "bad.sql"
    ddl.write_text("CREATE TABLE a (id int);\nCREATE TABLE b (id int CHECK (id >));\nCREATE TABLE c (id int);\n")
    assert main(["import", str(ddl), "--dialect", "postgres", "-o", str(tmp_path / "m.twproj")]) == 0
    err = capsys.readouterr().err
    assert f"{ddl}:2:" in err and "cannot parse" in err
    assert "imported 2 tables" in err and "skipped 1 unparseable" in err


@pytest.mark.parametrize("args, message", [
    (["import", "/no/such/file.sql"], "no such file"),
    (["import", "x.sql", "--dialect", "oracle"], "invalid choice"),
    (["import", "postgresql://nobody:secret@127.0.0.1:1/none"], "cannot connect"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_is_one_line_and_exit_code_2(args, message):
    proc = run_cli(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "secret" not in proc.stderr


def test_corrupt_project_file_is_a_clean_error(tmp_path):
    bad = tmp_path / "broken.twproj"
    bad.write_text('{"format": "tablewright-project", "version": 1, "schema": {')
    before = bad.read_text()
    proc = run_cli("import", str(bad), "-o", str(tmp_path / "out.twproj"))
    assert proc.returncode == 2 and "broken.twproj" in proc.stderr and "Traceback" not in proc.stderr
    assert bad.read_text() == before


@pytest.mark.parametrize("code", ["TW101", "TM003"])
def test_rule_prints_schema_and_migration_rule_docs(code, capsys):
    assert main(["rule", code]) == 0
    out = capsys.readouterr().out
    assert out.startswith(code) and "## What it does" in out
