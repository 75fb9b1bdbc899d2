"""tablewright.designer.atomic.write_file: atomic for regular files, written through for
devices and FIFOs, one-line WriteError otherwise, the old file untouched."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tablewright.designer import atomic
from tablewright.designer.atomic import atomic_open, is_regular_output, write_file
from tablewright.designer.errors import InputError, WriteError


def test_writes_a_new_file_with_the_umask_permissions(tmp_path):
    path = tmp_path / "out.sql"
    old = os.umask(0o027)
    try:
        write_file(path, "CREATE TABLE t (id int);\n")
    finally:
        os.umask(old)
    assert path.read_text() == "CREATE TABLE t (id int);\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.sql"]


def test_replaces_an_existing_file_keeping_its_permissions(tmp_path):
    path = tmp_path / "out.sql"
    path.write_text("old")
    path.chmod(0o600)
    inode = path.stat().st_ino
    write_file(path, b"new bytes")
    assert path.read_bytes() == b"new bytes"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_ino != inode  # replaced by rename, not rewritten in place


def test_str_is_utf8(tmp_path):
    write_file(tmp_path / "x", "naïve ☃")
    assert (tmp_path / "x").read_bytes() == "naïve ☃".encode()


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, failing):
    path = tmp_path / "out.sql"
    path.write_text("precious")

    def enospc(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "write":
        with pytest.raises(WriteError, match=r"^.*out\.sql: cannot write: No space left on device$"):
            with atomic_open(path) as handle:
                handle.write(b"half")
                enospc()
    else:
        monkeypatch.setattr(atomic.os, failing, enospc)
        with pytest.raises(WriteError, match=r"out\.sql: cannot write: No space left on device$"):
            write_file(path, "new")
    monkeypatch.undo()
    assert path.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out.sql"]


def test_write_error_is_an_input_error_with_one_line(tmp_path, monkeypatch):
    def erofs(*_a, **_k):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", erofs)
    with pytest.raises(InputError) as info:  # the CLI prints InputError as one line, exit 2
        write_file(tmp_path / "x.svg", "<svg/>")
    assert str(info.value) == f"{tmp_path / 'x.svg'}: cannot write: Read-only file system"
    assert "\n" not in str(info.value)


def test_an_exception_in_the_block_replaces_nothing(tmp_path):
    path = tmp_path / "cache.pickle"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_open(path) as handle:
            handle.write(b"partial")
            raise RuntimeError("serializer failed")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.pickle"]


def test_a_missing_folder_is_one_line_and_nothing_is_created(tmp_path):
    with pytest.raises(WriteError, match=r"report\.json: cannot write: no such directory .*missing$"):
        write_file(tmp_path / "missing" / "report.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_a_directory_is_not_replaced(tmp_path):
    (tmp_path / "d").mkdir()
    with pytest.raises(WriteError, match="is a directory"):
        write_file(tmp_path / "d", "x")
    assert (tmp_path / "d").is_dir()


def test_dev_null_stays_a_device():
    before = os.stat("/dev/null")
    assert not is_regular_output("/dev/null")
    write_file("/dev/null", "discarded")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_file(fifo, "through the pipe")
    reader.join(10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path):
    real = tmp_path / "real.sql"
    real.write_text("old")
    link = tmp_path / "link.sql"
    link.symlink_to(real)
    write_file(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_dash_is_stdout(capfd):
    assert not is_regular_output("-")
    write_file("-", "to stdout\n")
    assert capfd.readouterr().out == "to stdout\n"


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 64 KiB tmpfs mounted for the test (root only), unmounted afterwards."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_keeps_the_old_file(tiny_tmpfs):
    path = tiny_tmpfs / "export.sql"
    path.write_text("-- the export from yesterday\n")
    with pytest.raises(WriteError, match=r"export\.sql: cannot write: No space left on device"):
        write_file(path, "x" * 200_000)
    assert path.read_text() == "-- the export from yesterday\n"
    assert [p.name for p in tiny_tmpfs.iterdir()] == ["export.sql"]


def test_a_really_read_only_file_system(tiny_tmpfs):
    path = tiny_tmpfs / "diagram.svg"
    path.write_text("<svg/>")
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_tmpfs)], check=True)
    with pytest.raises(WriteError, match=r"diagram\.svg: cannot write: Read-only file system"):
        write_file(path, "<svg>new</svg>")
    assert Path(path).read_text() == "<svg/>"


def test_not_durable_skips_only_the_fsyncs(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: calls.append(fd))
    path = tmp_path / "k.pickle"
    path.write_bytes(b"old")
    with atomic_open(path, durable=False) as handle:
        handle.write(b"new")
    assert calls == [] and path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["k.pickle"]
    write_file(path, b"durable")
    assert len(calls) == 2  # the file, then its folder


def test_atomic_open_of_dash_is_stdout(capfd, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with atomic_open("-") as handle:
        handle.write(b"streamed\n")
    assert capfd.readouterr().out == "streamed\n"
    assert list(tmp_path.iterdir()) == []  # no file called "-"
