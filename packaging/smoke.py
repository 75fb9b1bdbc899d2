"""Smoke test of the distributables, as a user installs and starts them (issue 16).

    python3 packaging/smoke.py [--skip-build] [--out DIR]

1. ``packaging/build.sh --deb``: the wheel, the one-folder bundle, the .deb
   (``--skip-build``: the ones in dist/), the .deb gzip-compressed unless
   DEB_COMPRESSION says otherwise (xz takes minutes; what is installed is the same).
2. The .deb installed on this machine with apt (its Depends resolved; needs
   root: CI runs as root on a throwaway machine), the wheel with pipx into a
   scratch folder.
3. From a folder outside the checkout: ``lint`` (text, JSON, SARIF),
   ``export`` (two dialects, DBML) and ``diagram`` (SVG, PNG) of a corpus schema
   by the installed package and by the wheel -- outputs identical byte for byte.
4. Under Xvfb: the menu launcher (``gio launch`` on the installed desktop file)
   opens the empty window; ``xdg-open`` on a project file opens it; the app's log
   must say the diagram and the DDL preview are on screen, the screenshots must
   show a window (not a black screen), no crash log may appear, and SIGTERM
   must end the app and its helper processes.  Judged by the log and the
   screenshots, never by a timeout's exit code.

Screenshots, the app's log and figures.json (package sizes, the C library the
bundle needs) go to --out (default build/smoke).  Exit 0 when every check
passed, 1 otherwise; the last line is "N passed, N failed"."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SCHEMA = ("sakila-pg", "postgres-sakila-schema.sql")
# ImageMagick by its own path: a machine may have a stand-in "convert" earlier on PATH
CONVERT = "/usr/bin/convert"
APT_TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool", CONVERT: "imagemagick", "gio": "libglib2.0-bin",
             "xdg-open": "xdg-utils", "pipx": "pipx", "dpkg-shlibdeps": "dpkg-dev"}
# the system libraries Qt's xcb platform plugin links (what the .deb will depend on): dpkg-shlibdeps
# finds a library's package only when the library is installed on the building machine
APT_LIBS = {"libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
            "libxcb-image.so.0": "libxcb-image0", "libxcb-render-util.so.0": "libxcb-render-util0",
            "libxcb-cursor.so.0": "libxcb-cursor0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
            "libxcb-randr.so.0": "libxcb-randr0", "libxcb-shape.so.0": "libxcb-shape0",
            "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1"}

results: list[tuple[bool, str]] = []


def check(ok: bool, what: str) -> bool:
    results.append((bool(ok), what))
    print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)
    return bool(ok)


def run(argv, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    return subprocess.run(argv, **kw)


def ensure_tools() -> None:
    missing = sorted({pkg for tool, pkg in APT_TOOLS.items() if shutil.which(tool) is None
                      and not os.access(tool, os.X_OK)})
    known = run(["/sbin/ldconfig", "-p"]).stdout
    missing += sorted({pkg for lib, pkg in APT_LIBS.items() if lib not in known})
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"smoke: missing {', '.join(missing)} (apt-get install {' '.join(missing)})")
    run(["apt-get", "update", "-qq"])
    got = run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing])
    if got.returncode:
        sys.exit(f"smoke: apt-get install {' '.join(missing)} failed: {got.stderr.strip()[-500:]}")


def build() -> None:
    t0 = time.monotonic()
    got = run(["nice", "-n", "5", "bash", str(ROOT / "packaging" / "build.sh"), "--deb"], cwd=ROOT,
              env=dict(os.environ, DEB_COMPRESSION=os.environ.get("DEB_COMPRESSION", "gzip")))
    check(got.returncode == 0, f"packaging/build.sh --deb ({time.monotonic() - t0:.0f} s)"
          + ("" if got.returncode == 0 else ": " + got.stderr.strip()[-2000:]))


def artefacts() -> tuple[Path, Path]:
    wheels = sorted((ROOT / "dist").glob("tablewright-*-py3-none-any.whl"))
    debs = sorted((ROOT / "dist").glob("tablewright_*_*.deb"))
    if not wheels or not debs:
        sys.exit("smoke: no wheel or .deb in dist/ (run packaging/build.sh --deb)")
    return wheels[-1], debs[-1]


def install_deb(deb: Path, figures: dict) -> None:
    got = run(["apt-get", "install", "-y", "-qq", "--reinstall", "--no-install-recommends", str(deb)],
              env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if got.returncode:  # an old package list: refresh it once
        run(["apt-get", "update", "-qq"])
        got = run(["apt-get", "install", "-y", "-qq", "--reinstall", "--no-install-recommends", str(deb)])
    check(got.returncode == 0, f"apt-get install {deb.name}" + ("" if not got.returncode else ": " + got.stderr[-800:]))
    status = run(["dpkg-query", "-W", "-f", "${Installed-Size}", "tablewright"]).stdout
    figures["deb_bytes"] = deb.stat().st_size
    figures["installed_size_kib"] = int(status or 0)
    check(Path("/usr/bin/tablewright").exists() and os.path.realpath("/usr/bin/tablewright")
          == "/opt/tablewright/tablewright", "/usr/bin/tablewright runs /opt/tablewright/tablewright")
    for path in ("/usr/share/applications/tablewright.desktop", "/usr/share/mime/packages/tablewright.xml",
                 "/usr/share/icons/hicolor/48x48/apps/tablewright.png",
                 "/usr/share/icons/hicolor/scalable/apps/tablewright.svg"):
        check(Path(path).is_file(), f"installed {path}")
    if shutil.which("desktop-file-validate"):
        got = run(["desktop-file-validate", "/usr/share/applications/tablewright.desktop"])
        check(got.returncode == 0 and not got.stdout.strip(), "desktop-file-validate: clean " + got.stdout.strip())


def install_wheel(wheel: Path, scratch: Path) -> Path:
    env = dict(os.environ, PIPX_HOME=str(scratch / "pipx"), PIPX_BIN_DIR=str(scratch / "bin"))
    got = run(["pipx", "install", "--force", str(wheel)], env=env)
    exe = scratch / "bin" / "tablewright"
    check(got.returncode == 0 and exe.exists(), f"pipx install {wheel.name}" + ("" if not got.returncode else ": "
                                                                               + got.stderr[-800:]))
    return exe


def outputs_equal(deb_exe: str, wheel_exe: Path, work: Path) -> None:
    """The same commands from a folder outside the checkout, with each side's own
    caches and no display; every output file and stdout compared bytewise."""
    schema = CORPUS.joinpath(*SCHEMA)
    if not schema.is_file():
        check(False, f"corpus schema {schema} (needs ../shared/corpus)")
        return
    shutil.copy(schema, work / "schema.sql")
    commands = {
        "lint.txt": ["lint", "schema.sql", "--fail-on", "critical"],
        "lint.json": ["lint", "schema.sql", "--format", "json", "--fail-on", "critical", "-o", "{out}"],
        "lint.sarif": ["lint", "schema.sql", "--format", "sarif", "--fail-on", "critical", "-o", "{out}"],
        "mysql.sql": ["export", "schema.sql", "--dialect", "mysql", "-o", "{out}"],
        "postgres.sql": ["export", "schema.sql", "--dialect", "postgres", "-o", "{out}"],
        "schema.dbml": ["export", "schema.sql", "--format", "dbml", "-o", "{out}"],
        "diagram.svg": ["diagram", "schema.sql", "-o", "{out}"],
        "diagram.png": ["diagram", "schema.sql", "-o", "{out}"],
    }
    for side, exe in (("deb", deb_exe), ("wheel", str(wheel_exe))):
        out = work / side
        out.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
        env.update(HOME=str(work / f"home-{side}"), TABLEWRIGHT_CACHE_DIR=str(work / f"cache-{side}"))
        for name, argv in commands.items():
            target = out / name
            got = run([exe, *[a.replace("{out}", str(target)) for a in argv]], cwd=work, env=env)
            if "{out}" not in argv:
                target.write_text(got.stdout)
            (out / f"{name}.exit").write_text(str(got.returncode))
            if got.returncode not in (0, 1):
                check(False, f"{side}: tablewright {' '.join(argv[:1])} -> {name}: exit {got.returncode}: "
                      + got.stderr.strip()[-500:])
    for name in commands:
        a, b = work / "deb" / name, work / "wheel" / name
        same = a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes() and a.stat().st_size > 0
        same = same and (work / "deb" / f"{name}.exit").read_text() == (work / "wheel" / f"{name}.exit").read_text()
        check(same, f"{name}: installed package and wheel give the same bytes"
              + (f" ({a.stat().st_size} bytes)" if same else ""))


def glibc_needed(figures: dict) -> None:
    """The newest GLIBC_x.y symbol version any file of the bundle asks for."""
    newest, which = (0, 0), ""
    for path in Path("/opt/tablewright").rglob("*"):
        if not path.is_file() or path.is_symlink() or path.read_bytes()[:4] != b"\x7fELF":
            continue
        got = run(["objdump", "-T", str(path)])
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", got.stdout):
            if (int(major), int(minor)) > newest:
                newest, which = (int(major), int(minor)), str(path)
    figures["glibc_needed"] = f"{newest[0]}.{newest[1]}"
    figures["glibc_needed_by"] = which
    libpython = sorted(Path("/opt/tablewright/_internal").glob("libpython3*.so*"))
    figures["bundle_python"] = libpython[0].name if libpython else None
    check(newest > (0, 0), f"the bundle needs glibc >= {newest[0]}.{newest[1]} (newest symbol: {which})")


class Display:
    """Xvfb on a free display number, 1600x1000."""

    def __init__(self):
        read, write = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten",
                                      "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            self.name = ":" + f.readline().strip()

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def screenshot(env: dict, path: Path) -> dict:
    """Save the screen as PNG and say what is on it: the share of pixels that
    are not black (Xvfb's empty screen) and how many colours there are, on a
    320x200 sample (ImageMagick's PPM: no Python imaging library needed)."""
    run(["/usr/bin/import", "-window", "root", str(path)], env=env)
    if not path.is_file():
        return {"painted": 0.0, "colours": 0}
    ppm = subprocess.run([CONVERT, str(path), "-sample", "320x200!", "ppm:-"], capture_output=True).stdout
    parts = ppm.split(maxsplit=4)  # P6, width, height, maxval, pixels
    if len(parts) < 5 or parts[0] != b"P6":
        return {"painted": 0.0, "colours": 0}
    data = parts[4]
    pixels = [data[i:i + 3] for i in range(0, len(data) - 2, 3)]
    painted = sum(p != b"\0\0\0" for p in pixels)
    return {"painted": round(painted / max(1, len(pixels)), 3), "colours": len(set(pixels))}


def app_processes() -> dict[int, int]:
    """pid -> parent pid of every process running the installed bundle."""
    out = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            exe = os.readlink(proc / "exe")
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if exe == "/opt/tablewright/tablewright":
            out[int(proc.name)] = ppid
    return out


def wait_for(predicate, timeout: float, step: float = 0.25):
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > end:
            return value
        time.sleep(step)


def log_text(home: Path) -> str:
    path = home / ".cache" / "tablewright" / "tablewright.log"
    return path.read_text(errors="replace") if path.exists() else ""


def stop_app(before: set[int], what: str) -> None:
    """SIGTERM to the app (the process whose parent is not the app): it and its
    helper processes must be gone within seconds."""
    procs = {p: pp for p, pp in app_processes().items() if p not in before}
    mains = [p for p, pp in procs.items() if pp not in procs]
    for pid in mains:
        os.kill(pid, signal.SIGTERM)
    gone = wait_for(lambda: not (set(app_processes()) - before), 20)
    check(bool(mains) and gone, f"{what}: SIGTERM ended the app and its {len(procs) - len(mains)} helper process(es)")
    for pid in set(app_processes()) - before:  # never leave one running
        os.kill(pid, signal.SIGKILL)


def gui(out: Path, work: Path) -> None:
    display = Display()
    home = work / "gui-home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display.name, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local" / "share"),
               XDG_STATE_HOME=str(home / ".local" / "state"), XDG_RUNTIME_DIR=str(work / "runtime"))
    (work / "runtime").mkdir(mode=0o700)
    before = set(app_processes())
    try:
        # the menu launcher: no file, the empty window
        subprocess.Popen(["gio", "launch", "/usr/share/applications/tablewright.desktop"], env=env, cwd=work,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        window = wait_for(lambda: run(["xdotool", "search", "--onlyvisible", "--name", "Tablewright"],
                                      env=env).stdout.split(), 60)
        time.sleep(2)  # let it paint
        shot = screenshot(env, out / "menu-launcher.png")
        check(bool(window) and shot["painted"] > 0.3 and shot["colours"] > 20,
              f"gio launch tablewright.desktop: a window ({len(window)}), screenshot {shot}")
        stop_app(before, "menu launcher")

        # a double-clicked project file
        project = work / "sakila.twproj"
        got = run(["/usr/bin/tablewright", "import", str(work / "schema.sql"), "-o", str(project)], env=env)
        check(got.returncode == 0, "tablewright import -o sakila.twproj" + ("" if not got.returncode else got.stderr))
        mime = run(["xdg-mime", "query", "filetype", str(project)], env=env).stdout.strip()
        default = run(["xdg-mime", "query", "default", mime], env=env).stdout.strip()
        check(mime == "application/x-tablewright-project" and default == "tablewright.desktop",
              f"a .twproj is {mime}, opened by {default}")
        subprocess.Popen(["xdg-open", str(project)], env=env, cwd=work,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        diagram = wait_for(lambda: re.search(r"sakila\.twproj: diagram of (\d+) tables, (\d+) foreign keys",
                                             log_text(home)), 90)
        check(bool(diagram) and int(diagram.group(1)) > 0, "xdg-open sakila.twproj: the log says "
              + (diagram.group(0) if diagram else "nothing about a diagram"))
        # show the DDL preview: its tab beside Properties (the first run's layout
        # of a 1280x820 window); the log says when its DDL is on screen
        window = run(["xdotool", "search", "--onlyvisible", "--name", "sakila"], env=env).stdout.split()
        if window:
            geometry = run(["xdotool", "getwindowgeometry", "--shell", window[-1]], env=env).stdout
            g = dict(line.split("=", 1) for line in geometry.split())
            x, y = int(g["X"]) + int(int(g["WIDTH"]) * 897 / 1280), int(g["Y"]) + int(int(g["HEIGHT"]) * 567 / 820)
            run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=env)
        preview = wait_for(lambda: re.search(r"DDL preview: (\w+), (\d+) lines", log_text(home)), 60)
        check(bool(preview) and int(preview.group(2)) > 50, "the DDL preview: the log says "
              + (preview.group(0) if preview else "nothing about the DDL preview"))
        time.sleep(2)
        shot = screenshot(env, out / "xdg-open-project.png")
        check(shot["painted"] > 0.3 and shot["colours"] > 50, f"xdg-open screenshot {shot}")
        stop_app(before, "xdg-open")
    finally:
        for pid in set(app_processes()) - before:
            os.kill(pid, signal.SIGKILL)
        display.close()
        log = log_text(home)
        (out / "tablewright.log").write_text(log)
        crashes = list((home / ".local" / "state" / "tablewright" / "crashes").glob("*"))
        check(not crashes and not re.search(r" (ERROR|CRITICAL) ", log),
              f"no crash log, no error in the app's log ({len(crashes)} crash logs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-build", action="store_true", help="use the wheel and .deb already in dist/")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "smoke")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("smoke: installs the .deb on this machine, so it runs as root (CI's throwaway machine)")
    ensure_tools()
    if not args.skip_build:
        build()
    wheel, deb = artefacts()
    args.out.mkdir(parents=True, exist_ok=True)
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="tablewright-smoke-") as tmp:
        work = Path(tmp)
        install_deb(deb, figures)
        wheel_exe = install_wheel(wheel, work)
        outputs_equal("/usr/bin/tablewright", wheel_exe, work)
        glibc_needed(figures)
        gui(args.out, work)
    (args.out / "figures.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    failed = sum(not ok for ok, _ in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
