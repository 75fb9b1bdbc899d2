"""``tablewright lint`` / ``rules`` / ``rule``: exit codes, formats, config, baselines, suppressions (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tablewright.app.cli import main

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture
def defects(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no config discovered from the repository
    path = tmp_path / "schema.sql"
    path.write_text((FIX / "defects.sql").read_text())
    return path


def test_exit_codes(defects, capsys, tmp_path):
    assert main(["lint", str(defects), "--dialect", "postgres"]) == 1
    out = capsys.readouterr().out
    assert f"{defects}:46:5: critical TW601 mail_settings.smtp_password" in out
    assert main(["lint", str(defects), "--select", "naming", "--fail-on", "critical"]) == 0
    assert main(["lint", str(defects), "--select", "TW601", "--fail-on", "critical"]) == 1
    careful = FIX / "careful.sql"
    assert main(["lint", str(careful), "--dialect", "postgres"]) == 0
    assert main(["lint", str(careful), "--dialect", "postgres", "--fail-on", "low"]) == 1
    capsys.readouterr()


@pytest.mark.parametrize("argv", [
    ["lint", "missing.sql"],
    ["lint", "{defects}", "--select", "TW999"],
    ["lint", "{defects}", "--format", "yaml"],
    ["lint", "{defects}", "--config", "nope.toml"],
    ["lint", "{defects}", "--baseline", "nope.json"],
    ["rule", "TW999"],
])
def test_usage_and_input_errors_exit_2(defects, capsys, argv):
    argv = [a.replace("{defects}", str(defects)) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err and len(err[-1]) < 200


def test_json_output_to_file(defects, tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main(["lint", str(defects), "--format", "json", "-o", str(out)]) == 1
    assert capsys.readouterr().out == ""
    doc = json.loads(out.read_text())
    assert doc["summary"]["total"] == len(doc["findings"]) > 10


def test_baseline_then_only_new_findings_fail(defects, tmp_path, capsys):
    base = tmp_path / "base.json"
    assert main(["lint", str(defects), "--write-baseline", str(base)]) == 0
    assert main(["lint", str(defects), "--baseline", str(base)]) == 0
    assert "in baseline" in capsys.readouterr().out
    defects.write_text(defects.read_text() + "\nCREATE TABLE wallet (id int PRIMARY KEY, balance float, as_of date);\n")
    assert main(["lint", str(defects), "--baseline", str(base), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert {f["table"] for f in doc["findings"]} == {"wallet"}


def test_config_file_and_discovery(defects, tmp_path, capsys):
    (tmp_path / "tablewright.toml").write_text('[tablewright]\nignore = ["security", "TW201", "TW307", "TW101"]\n'
                                               'fail-on = "critical"\n')
    assert main(["lint", str(defects), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert not {f["rule"] for f in doc["findings"]} & {"TW601", "TW602", "TW201"}
    other = tmp_path / "strict.toml"
    other.write_text('select = ["TW601"]\n')
    assert main(["lint", str(defects), "--config", str(other), "--format", "json"]) == 1
    assert {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]} == {"TW601"}


def test_inline_suppression_via_cli(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "s.sql"
    p.write_text("-- tablewright: ignore[TW601, float-money]\n"
                 "CREATE TABLE users (id int PRIMARY KEY, password text, fee float);\n"
                 "-- tablewright: ignore[TW101]\nCREATE TABLE t2 (id int PRIMARY KEY);\n")
    assert main(["lint", str(p), "--dialect", "postgres", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rules = [f["rule"] for f in doc["findings"]]
    assert "TW601" not in rules and "TW201" not in rules
    assert rules.count("TW001") == 1
    assert doc["summary"]["suppressed"] == 2


def test_project_file_settings(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    from tablewright.designer.ddl_import import import_ddl
    from tablewright.designer.project import Project, save_project

    schema = import_ddl([FIX / "defects.sql"], "postgres").schema
    proj = tmp_path / "p.twproj"
    save_project(proj, Project(schema=schema, settings={"lint": {
        "ignore": ["naming"], "suppress": [{"object": "mail_settings.smtp_password", "rules": ["TW601"], "reason": "legacy"}]}}))
    assert main(["lint", str(proj), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [f["table"] for f in doc["findings"] if f["rule"] == "TW601"] == ["users"]  # only the one suppressed goes
    assert not [f for f in doc["findings"] if f["category"] == "naming"]
    assert [f for f in doc["findings"] if f["rule"] == "TW602"]


def test_rules_and_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) >= 70 and out[1].startswith("TW101  missing-primary-key")
    assert main(["rule", "float-money"]) == 0
    doc = capsys.readouterr().out
    for section in ("TW201 float-money", "## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in doc
    assert main(["rules", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(out)


def test_parse_cache_is_used_and_invalidated(defects, tmp_path, capsys, monkeypatch):
    import os

    cache = Path(os.environ["TABLEWRIGHT_CACHE_DIR"])
    assert main(["lint", str(defects), "--format", "json"]) == 1
    first = capsys.readouterr().out
    assert len(list(cache.glob("*.pickle"))) == 1
    from tablewright.designer import sources

    def boom(*a, **k):
        raise AssertionError("parsed again")

    monkeypatch.setattr(sources, "load_sources", boom)
    assert main(["lint", str(defects), "--format", "json"]) == 1
    assert capsys.readouterr().out == first  # served from the cache, same report
    monkeypatch.undo()
    monkeypatch.setenv("TABLEWRIGHT_CACHE_DIR", str(cache))
    defects.write_text(defects.read_text() + "\nCREATE TABLE extra (id int PRIMARY KEY, fee float);\n")
    assert main(["lint", str(defects), "--format", "json"]) == 1
    assert "extra" in capsys.readouterr().out
    assert main(["lint", str(defects), "--no-cache", "--format", "json"]) == 1


def test_a_warm_run_reads_expression_columns_from_the_cache_not_the_parser(tmp_path):
    """The columns CHECK and index expressions use are read while parsing and
    kept with the parse cache: a warm run gives the same report without
    loading sqlglot (a process of its own, so that nothing was loaded before)."""
    import os
    import subprocess
    import sys

    ddl = tmp_path / "s.sql"
    ddl.write_text("CREATE TABLE item (id int PRIMARY KEY, price numeric(10,2), payload jsonb, meta jsonb,\n"
                   "  CHECK (price >= 0));\n"
                   "CREATE INDEX item_payload ON item USING gin ((payload -> 'tags'));\n"
                   "CREATE INDEX item_meta ON item USING gin ((meta -> 'payload_x'));\n")
    env = {**os.environ, "TABLEWRIGHT_CACHE_DIR": str(tmp_path / "cache")}
    code = ("import sys; from tablewright.app.cli import main; code = main(['lint', sys.argv[1], '--format', 'json']); "
            "print('SQLGLOT' if 'sqlglot' in sys.modules else 'NO-SQLGLOT', file=sys.stderr); sys.exit(code)")
    root = Path(__file__).resolve().parents[2]
    runs = [subprocess.run([sys.executable, "-c", code, str(ddl)], capture_output=True, text=True, env=env, cwd=root)
            for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout
    assert runs[0].stderr.strip().endswith("SQLGLOT") and runs[1].stderr.strip().endswith("NO-SQLGLOT")
    found = {(f["rule"], f["column"]) for f in json.loads(runs[1].stdout)["findings"]}
    assert ("TW304", "price") not in found  # its CHECK covers it
    assert ("TW410", "payload") not in found and ("TW410", "meta") not in found  # both have GIN expression indexes
