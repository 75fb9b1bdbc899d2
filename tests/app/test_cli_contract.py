"""The command line's contract (app/cli.py, app/crash.py), for EVERY subcommand
the parser knows -- found by walking the parser, so a new subcommand is
covered without touching this file:

- an unexpected exception is a bug: exit 70, ONE line on stderr naming it and
  the crash log, no traceback on the terminal, nothing half-written on stdout;
- the crash log holds the traceback, the version and the command line, with
  any database password scrubbed;
- input errors stay exit 2, one line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tablewright.app import cli
from tablewright.app.crash import EXIT_BUG, KEEP, crash_dir

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "shop.sql"
PASSWORD = "Zq8-hunter2-secret"
URL = f"postgresql://app:{PASSWORD}@db.invalid:5432/prod"
LINE = re.compile(r"^tablewright: internal error \(a bug in Tablewright\): (?P<bug>.+); details in (?P<log>\S+) "
                  r"-- please report it$")


class Injected(RuntimeError):
    pass


def _subcommands() -> dict:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return dict(action.choices)


SUBCOMMANDS = sorted(_subcommands())


def _argv(name: str, sub, tmp_path: Path) -> list[str]:
    """A valid command line for ``name``: every positional gets the example DDL
    file, every required option a valid value, ``-o`` a file in tmp_path."""
    argv = [name]
    for action in sub._actions:
        if not action.option_strings:
            if action.nargs in ("?", "*"):
                continue
            count = action.nargs if isinstance(action.nargs, int) else 1
            value = action.choices[0] if action.choices else str(EXAMPLE)
            argv += [str(value)] * count
        elif action.required:
            if action.choices:
                value = "postgres" if "postgres" in action.choices else next(iter(action.choices))
            elif "-o" in action.option_strings or "--output" in action.option_strings:
                value = str(tmp_path / "out.svg")
            else:
                value = str(EXAMPLE)
            argv += [action.option_strings[0], str(value)]
    return argv


@pytest.fixture
def state_home(tmp_path, monkeypatch):
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def _assert_bug_reported(rc, out: str, err: str, *, bug: str) -> Path:
    assert rc == EXIT_BUG == 70
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    match = LINE.match(lines[0])
    assert match, lines[0]
    assert bug in match["bug"]
    assert "Traceback" not in err and PASSWORD not in err
    log = Path(match["log"])
    assert log.parent == crash_dir() and log.is_file()
    return log


def test_every_subcommand_is_covered():
    assert {"import", "export", "lint", "migrate", "diagram", "rules", "rule", "open"} <= set(SUBCOMMANDS)


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_a_bug_in_any_subcommand_is_one_line_exit_70_and_a_crash_log(name, tmp_path, state_home, monkeypatch, capsys):
    sub = _subcommands()[name]
    func = sub.get_default("func")
    module = sys.modules[func.__module__]

    def boom(args):
        raise Injected(f"injected failure while running {URL}")

    monkeypatch.setattr(module, func.__name__, boom)  # register() reads it when main() builds the parser
    argv = _argv(name, sub, tmp_path)
    rc = cli.main(argv)
    captured = capsys.readouterr()
    log = _assert_bug_reported(rc, captured.out, captured.err, bug="Injected: injected failure")
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "in boom" in text
    assert f"command: tablewright {' '.join(argv)}" in text
    assert "tablewright: " in text and "python: " in text
    assert PASSWORD not in text and "postgresql://app:***@db.invalid:5432/prod" in text


@pytest.mark.parametrize("argv", [
    ["lint", str(EXAMPLE), "--format", "json", "--no-cache"],
    ["export", str(EXAMPLE), "--dialect", "mysql"],
    ["import", str(EXAMPLE)],
    ["diagram", str(EXAMPLE), "-o", "OUT.svg"],
])
def test_a_bug_deep_inside_keeps_the_contract(argv, tmp_path, state_home, monkeypatch, capsys):
    """The failure raised where the work happens (loading the sources), not at the entry."""
    from tablewright.designer import ddl_import

    def broken(*_a, **_k):
        return {}["no such key"]

    monkeypatch.setattr(ddl_import, "import_ddl", broken)
    argv = [a.replace("OUT", str(tmp_path / "out")) for a in argv]
    rc = cli.main(argv)
    captured = capsys.readouterr()
    _assert_bug_reported(rc, captured.out, captured.err, bug="KeyError: 'no such key'")
    assert not (tmp_path / "out.svg").exists()


def test_a_real_process_never_shows_a_traceback(tmp_path):
    """As a user sees it: a separate process, its real stderr and exit status."""
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    code = ("import sys, tablewright.designer.sources as s\n"
            "def boom(*a, **k): raise ZeroDivisionError('division by zero in ' + sys.argv[-1])\n"
            "s.load_sources = boom\n"
            "from tablewright.app.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    proc = subprocess.run([sys.executable, "-c", code, "export", "--dialect", "mysql", URL],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 70, proc.stderr
    assert "Traceback" not in proc.stderr and PASSWORD not in proc.stderr
    [line] = proc.stderr.splitlines()
    assert line.startswith("tablewright: internal error (a bug in Tablewright): ZeroDivisionError: division by zero")
    logs = list((tmp_path / "state" / "tablewright" / "crashes").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in line
    text = logs[0].read_text()
    assert "ZeroDivisionError" in text and PASSWORD not in text and "app:***@db.invalid" in text


def test_an_unwritable_state_folder_still_gives_one_line(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    monkeypatch.setattr("tablewright.app.commands.rules.run_list", lambda args: [][1])
    assert cli.main(["rules"]) == 70
    [line] = capsys.readouterr().err.splitlines()
    assert "IndexError: list index out of range" in line and "no crash log could be written" in line


def test_old_crash_logs_are_pruned(state_home, monkeypatch, capsys):
    directory = crash_dir()
    directory.mkdir(parents=True)
    for i in range(KEEP + 5):
        old = directory / f"crash-2020010{i:02d}T000000Z-{i}.log"
        old.write_text("old")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    monkeypatch.setattr("tablewright.app.commands.rules.run_list", lambda args: 1 / 0)
    assert cli.main(["rules"]) == 70
    logs = list(directory.glob("crash-*.log"))
    assert len(logs) == KEEP
    assert not (directory / "crash-2020010000T000000Z-0.log").exists()  # the oldest went first


@pytest.mark.parametrize("argv", [
    ["lint", "/no/such/file.sql"],
    ["export", str(EXAMPLE), "--dialect", "oracle"],
    ["frobnicate"],
    ["import", URL.replace("db.invalid", "127.0.0.1").replace("5432", "1")],
])
def test_input_errors_stay_exit_2_and_one_line(argv, state_home, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err and PASSWORD not in err
    assert err.strip().splitlines()[-1].startswith("tablewright")
    assert not crash_dir().exists()  # an input error is not a bug


def test_interrupt_is_130(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr("tablewright.app.commands.rules.run_list", interrupted)
    assert cli.main(["rules"]) == 130
    assert capsys.readouterr().err == "tablewright: interrupted\n"
