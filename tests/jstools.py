"""Run the other projects' own tools (tests/js: @dbml/core, Mermaid's parser
in Chromium, playwright-core) from tests.  ``scripts/js-deps`` installs them
once per session; without Node.js (or Chromium, for the browser checks) a
test is skipped with the reason, and fails under CI=true."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

from tests.conftest import REPO_ROOT, skip_or_fail

JS_DIR = REPO_ROOT / "tests" / "js"


@cache
def _install() -> str | None:
    """None when tests/js is ready, else why not."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    proc = subprocess.run(["bash", str(REPO_ROOT / "scripts" / "js-deps")], capture_output=True, text=True)
    if proc.returncode != 0:
        return f"scripts/js-deps failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}"
    return None


def require_node() -> None:
    reason = _install()
    if reason:
        skip_or_fail(reason)


def require_chromium() -> None:
    require_node()
    if not (os.environ.get("CHROMIUM") and Path(os.environ["CHROMIUM"]).exists()) \
            and shutil.which("chromium") is None:
        skip_or_fail("Chromium is not installed (scripts/js-deps installs Debian's chromium as root)")


def run_node(script: str, payload, timeout: float = 300):
    """Run tests/js/``script`` with ``payload`` as JSON on stdin; its JSON stdout."""
    proc = subprocess.run(["node", str(JS_DIR / script)], input=json.dumps(payload), capture_output=True,
                          text=True, timeout=timeout, cwd=JS_DIR)
    assert proc.returncode == 0, f"{script} failed:\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)
