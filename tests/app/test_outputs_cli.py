"""Every ``-o`` output of every command, as issue 9 item 11 found them:
atomic (temporary file + rename), devices and FIFOs written through, every
write error one line with exit 2 and the existing output untouched, and
``import -o`` never replacing a project file it cannot read back."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from tablewright.app.cli import main
from tablewright.designer import atomic

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "shop.sql"
OLD_DDL = "CREATE TABLE customer (id integer PRIMARY KEY, name text);\n"


@pytest.fixture
def ddl_pair(tmp_path):
    old = tmp_path / "old.sql"
    old.write_text(OLD_DDL)
    return old, EXAMPLE


def _commands(tmp_path, out: Path, ddl_pair) -> dict[str, list[str]]:
    """Each command that writes a file, writing it to ``out``."""
    old, new = ddl_pair
    return {
        "import": ["import", str(EXAMPLE), "-o", str(out)],
        "export": ["export", str(EXAMPLE), "--dialect", "mysql", "-o", str(out)],
        "lint -o": ["lint", str(EXAMPLE), "--format", "sarif", "-o", str(out)],
        "lint --write-baseline": ["lint", str(EXAMPLE), "--write-baseline", str(out)],
        "migrate": ["migrate", str(old), str(new), "--dialect", "postgres", "-o", str(out)],
        "diagram": ["diagram", str(EXAMPLE), "-o", str(out.with_suffix(".svg"))],
    }


COMMANDS = ["import", "export", "lint -o", "lint --write-baseline", "migrate", "diagram"]


def _old_output(command: str) -> str:
    """What is already there: for ``import -o`` a project file it may replace."""
    if command != "import":
        return "yesterday's output"
    from tablewright.designer.model import Schema
    from tablewright.designer.project import Project, dumps_project

    return dumps_project(Project(schema=Schema(dialect="postgres")))


@pytest.mark.parametrize("command", COMMANDS)
def test_output_is_written_atomically_and_keeps_permissions(command, tmp_path, ddl_pair, capsys):
    out = tmp_path / "out" / "result.svg"
    out.parent.mkdir()
    out.write_text(_old_output(command))
    out.chmod(0o640)
    inode = out.stat().st_ino
    argv = _commands(tmp_path, out, ddl_pair)[command]
    assert main(argv) in (0, 1)
    assert out.read_text() != _old_output(command) and out.stat().st_ino != inode  # renamed into place
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in out.parent.iterdir()) == ["result.svg"]  # no temporary left


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_disk_is_one_line_exit_2_and_the_old_output_stays(command, tmp_path, ddl_pair, monkeypatch, capsys):
    out = tmp_path / "result.svg"
    out.write_text(_old_output(command))
    real_fsync = os.fsync

    def full(fd):
        if stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", full)
    assert main(_commands(tmp_path, out, ddl_pair)[command]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"tablewright: {out}: cannot write: No space left on device"
    assert "wrote" not in err and "Traceback" not in err
    assert out.read_text() == _old_output(command)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sql", "result.svg"]


@pytest.mark.parametrize("command", COMMANDS)
def test_into_a_missing_directory_is_one_line_exit_2(command, tmp_path, ddl_pair, capsys):
    out = tmp_path / "reports" / "result.svg"
    assert main(_commands(tmp_path, out, ddl_pair)[command]) == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith(f"tablewright: {out}") and "no such directory" in last
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "diagram"])
def test_dev_null_is_written_through_never_replaced(command, tmp_path, ddl_pair, capsys):
    before = os.stat("/dev/null")
    assert main(_commands(tmp_path, Path("/dev/null"), ddl_pair)[command]) in (0, 1)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_dash_means_stdout(tmp_path, capsys):
    assert main(["export", str(EXAMPLE), "--dialect", "sqlite", "-o", "-"]) == 0
    assert "CREATE TABLE" in capsys.readouterr().out
    assert main(["import", str(EXAMPLE), "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "tablewright-project"


def test_export_into_a_fifo(tmp_path, capsys):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    assert main(["export", str(EXAMPLE), "--dialect", "postgres", "-o", str(fifo)]) == 0
    reader.join(10)
    assert "CREATE TABLE" in got[0] and stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("content, why", [
    ("{ this is not json", "bad JSON"),
    (json.dumps({"format": "tablewright-project", "version": 99, "schema": {}}), "newer than this Tablewright"),
    ("my notes, not a project at all\n", "not a valid project file"),
])
def test_import_never_overwrites_a_project_file_it_cannot_read(content, why, tmp_path, capsys):
    out = tmp_path / "model.twproj"
    out.write_text(content)
    assert main(["import", str(EXAMPLE), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    [line] = err.splitlines()
    assert line.startswith(f"tablewright: {out}") and why in line and "not overwritten" in line
    assert out.read_text() == content


def test_import_replaces_a_readable_project_file(tmp_path, capsys):
    out = tmp_path / "model.twproj"
    assert main(["import", str(EXAMPLE), "-o", str(out)]) == 0
    (tmp_path / "one.sql").write_text(OLD_DDL)
    assert main(["import", str(tmp_path / "one.sql"), "-o", str(out)]) == 0
    assert len(json.loads(out.read_text())["schema"]["tables"]) == 1


@pytest.fixture
def read_only_dir(tmp_path):
    """A read-only file system (a tmpfs remounted ro; root only), unmounted afterwards."""
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        (mount / "diagram.svg").write_text("<svg>old</svg>")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_diagram_onto_a_read_only_file_system_fails_and_says_nothing_was_written(read_only_dir, capsys):
    out = read_only_dir / "diagram.svg"
    assert main(["diagram", str(EXAMPLE), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "wrote" not in err
    assert err.splitlines()[-1] == f"tablewright: {out}: cannot write: Read-only file system"
    assert out.read_text() == "<svg>old</svg>"


@pytest.mark.parametrize("argv", [
    ["export", str(EXAMPLE), "--dialect", "mysql"],
    ["export", str(EXAMPLE), "--dialect", "mysql", "-o", "-"],
    ["lint", str(EXAMPLE), "--format", "json"],
    ["import", str(EXAMPLE)],
])
def test_stdout_on_a_full_disk_is_one_line_exit_2(argv, tmp_path):
    """``tablewright export ... > out.sql`` with the disk full: /dev/full says ENOSPC to every write."""
    import sys

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "tablewright.app.cli", *argv], stdout=full, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT, env=env)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines()[-1] == "tablewright: standard output: cannot write: No space left on device"
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert not (tmp_path / "state").exists()  # not a bug: no crash log


def test_a_closed_pipe_is_a_quiet_success(tmp_path):
    """``tablewright lint ... | head -1``: the reader left; nothing to report."""
    proc = subprocess.run(f"{os.sys.executable} -m tablewright.app.cli lint {EXAMPLE} --format json | head -c 1",
                          shell=True, capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout == "{" and proc.stderr == ""
