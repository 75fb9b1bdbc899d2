"""Start-up times of the desktop bundle (the installed .deb) and the wheel, side by side.

    python3 benchmarks/startup.py [--runs N] [--wheel dist/tablewright-*.whl]

Needs the .deb installed (/usr/bin/tablewright -> /opt/tablewright) and builds a
virtual environment with the wheel in build/bench-wheel-env (what pipx makes).
Wall-clock times, best and median of N runs, for:

- ``tablewright --help``;
- ``tablewright lint SAKILA --format json`` (21 tables; no parse cache);
- the desktop app: from the command to its window mapped on an Xvfb display
  (``xdotool search --sync``), empty, and with a project until the app's log
  says its diagram is on screen.

Run it on a quiet machine: on a shared 2-core one, times vary with the load
(the load average is printed with the figures)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAKILA = ROOT.parent / "shared" / "corpus" / "sakila-pg" / "postgres-sakila-schema.sql"


def wheel_exe(wheel: Path) -> Path:
    env = ROOT / "build" / "bench-wheel-env"
    if not (env / "bin" / "tablewright").exists():
        subprocess.run(["/usr/bin/python3", "-m", "venv", str(env)], check=True)
        subprocess.run([str(env / "bin" / "pip"), "install", "-q", str(wheel)], check=True)
    else:  # this wheel, not the one installed last time
        subprocess.run([str(env / "bin" / "pip"), "install", "-q", "--force-reinstall", "--no-deps", str(wheel)],
                       check=True)
    return env / "bin" / "tablewright"


def timed(argv, env, cwd) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def gui_time(argv, env, cwd, home: Path, until_log: str | None) -> float:
    """Seconds from the command to its window (or to the log line ``until_log``)."""
    log = home / ".cache" / "tablewright" / "tablewright.log"
    before = log.read_text() if log.exists() else ""
    t0 = time.perf_counter()
    app = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if until_log is None:
            subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "Tablewright"], env=env,
                           stdout=subprocess.DEVNULL, timeout=120)
        else:
            while not re.search(until_log, (log.read_text() if log.exists() else "")[len(before):]):
                if time.perf_counter() - t0 > 120:
                    raise TimeoutError(until_log)
                time.sleep(0.01)
        return time.perf_counter() - t0
    finally:
        app.send_signal(signal.SIGTERM)
        app.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--wheel", type=Path, default=None)
    args = parser.parse_args()
    wheel = args.wheel or max((ROOT / "dist").glob("tablewright-*-py3-none-any.whl"), default=None)
    if wheel is None or not Path("/opt/tablewright/tablewright").exists():
        sys.exit("needs dist/tablewright-*.whl and the .deb installed (packaging/build.sh --deb; apt install ./dist/*.deb)")
    sides = {"bundle (.deb)": "/usr/bin/tablewright", "wheel (venv)": str(wheel_exe(wheel))}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(SAKILA, work / "sakila.sql")
        home = work / "home"
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
        env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_CONFIG_HOME=str(home / ".config"),
                   XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"))
        subprocess.run([sides["wheel (venv)"], "import", "sakila.sql", "-o", "sakila.twproj"], env=env, cwd=work,
                       stderr=subprocess.DEVNULL, check=True)
        read, write = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24"],
                                pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            display = ":" + f.readline().strip()
        genv = dict(env, DISPLAY=display)
        cases = {
            "--help": lambda exe: timed([exe, "--help"], env, work),
            "lint sakila (json, no cache)": lambda exe: timed(
                [exe, "lint", "sakila.sql", "--format", "json"],
                dict(env, TABLEWRIGHT_CACHE_DIR=tempfile.mkdtemp(dir=work)), work),
            "app: empty window mapped": lambda exe: gui_time([exe], genv, work, home, None),
            "app: sakila.twproj diagram shown": lambda exe: gui_time(
                [exe, "sakila.twproj"], genv, work, home, r"sakila\.twproj: diagram of"),
        }
        try:
            for side, exe in sides.items():  # first runs fill the page cache; not counted
                timed([exe, "--help"], env, work)
            print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs, {args.runs} runs each, seconds")
            print(f"{'':36}" + "".join(f"{s:>26}" for s in sides))
            print(f"{'':36}" + "".join(f"{'best':>13}{'median':>13}" for _ in sides))
            for name, case in cases.items():
                row = f"{name:36}"
                for exe in sides.values():
                    times = [case(exe) for _ in range(args.runs)]
                    row += f"{min(times):13.2f}{statistics.median(times):13.2f}"
                print(row, flush=True)
        finally:
            xvfb.terminate()
            xvfb.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
