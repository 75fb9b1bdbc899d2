"""Shared test fixtures.

- Qt runs offscreen (set before anything imports Qt); crash logs, the parse
  cache and the log go to a temporary ``XDG_STATE_HOME``/``XDG_CACHE_HOME``,
  removed at exit.
- ``corpus_dir``: the shared DDL corpus (``../shared/corpus`` beside the repo);
  tests that need it are skipped, with the reason shown, when it is missing.
- ``pg_url_factory`` / ``mariadb_url_factory``: each call creates a fresh,
  uniquely named database (``tw_test_<hex>``) on the local server and returns
  its SQLAlchemy URL; every database created is dropped at teardown.  Without a
  reachable server the test is skipped, except under ``CI=true``, where it
  fails: a database test must not be silently skipped in CI.  Tests using these
  fixtures get the ``db`` marker automatically (``pytest -m "not db"``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# crash logs (app.crash) go to $XDG_STATE_HOME, the parse cache and the app's log to
# $XDG_CACHE_HOME: never the user's own folders during tests
_TEST_HOME = tempfile.mkdtemp(prefix="tablewright-test-home-")
os.environ["XDG_STATE_HOME"] = os.path.join(_TEST_HOME, "state")
os.environ["XDG_CACHE_HOME"] = os.path.join(_TEST_HOME, "cache")
atexit.register(shutil.rmtree, _TEST_HOME, ignore_errors=True)


def _private_home() -> str:
    """Settings, data and cache folders of the test session's own: QSettings
    (recent files, window geometry), recovery files and the log never touch the
    user's real ones.  Set before anything imports Qt; removed at exit."""
    import atexit
    import shutil
    import tempfile

    base = tempfile.mkdtemp(prefix="tablewright-tests-")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        os.environ[var] = os.path.join(base, sub)
        os.makedirs(os.environ[var])
    atexit.register(shutil.rmtree, base, True)
    return base


TEST_HOME = _private_home()

import secrets  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

try:  # hypothesis is a test dependency; keep conftest importable without it
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "tablewright",
        deadline=None,  # timings are noisy under pytest-xdist and on CI machines
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tablewright"))
except ImportError:  # pragma: no cover
    pass

REPO_ROOT = Path(__file__).resolve().parents[1]
from tests.engines import (  # noqa: E402 - the engines' addresses and databases, in one place
    CORPUS_DIR,
    MARIADB_HOST,
    MARIADB_PORT,
    MARIADB_USER,
    PG_HOST,
    PG_PORT,
    PG_USER,
    mariadb_admin as _mariadb_admin,
    mariadb_create,
    mariadb_drop,
    mariadb_url,
    pg_admin as _pg_admin,
    pg_create,
    pg_drop,
    pg_url,
)

DB_FIXTURES = ("pg_url_factory", "mariadb_url_factory")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Skip the current test, or fail it under CI=true."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: database tests must not be skipped)", pytrace=False)
    pytest.skip(reason)


# -- markers -------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    for item in items:
        if any(name in getattr(item, "fixturenames", ()) for name in DB_FIXTURES):
            item.add_marker(pytest.mark.db)


# -- corpus --------------------------------------------------------------------


def corpus_path(*parts: str) -> Path:
    """A path inside the shared corpus, skipping the calling test when the
    corpus (or that file) is missing.  Usable from tests and fixtures."""
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS_DIR}")
    path = CORPUS_DIR.joinpath(*parts)
    if parts and not path.exists():
        pytest.skip(f"corpus file not found: {path}")
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return corpus_path()


# -- live database servers -----------------------------------------------------

_server_status: dict[str, str | None] = {}  # engine -> None when reachable, else the reason


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _require_server(engine: str, label: str, connect) -> None:
    """Check (once per session) that a server answers; skip/fail if not."""
    if engine not in _server_status:
        try:
            conn = connect()
        except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
            _server_status[engine] = f"{label}: {_first_line(exc)}"
        else:
            conn.close()
            _server_status[engine] = None
    reason = _server_status[engine]
    if reason is not None:
        skip_or_fail(reason)


def _unique_db_name() -> str:
    return f"tw_test_{secrets.token_hex(6)}"


@pytest.fixture
def pg_url_factory() -> Callable[[], str]:
    """``make()`` creates an empty PostgreSQL database and returns its URL."""
    _require_server("postgres", f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}", _pg_admin)
    created: list[str] = []

    def make() -> str:
        created.append(pg_create(_unique_db_name()))
        return pg_url(created[-1])

    yield make

    for name in created:
        pg_drop(name)


@pytest.fixture
def mariadb_url_factory() -> Callable[[], str]:
    """``make()`` creates an empty MariaDB database and returns its URL."""
    _require_server(
        "mariadb", f"MariaDB not reachable at {MARIADB_HOST}:{MARIADB_PORT}", _mariadb_admin
    )
    created: list[str] = []

    def make() -> str:
        created.append(mariadb_create(_unique_db_name()))
        return mariadb_url(created[-1])

    yield make

    for name in created:
        mariadb_drop(name, exact=True)


_hypopg_status: dict[str, str | None] = {}


@pytest.fixture
def hypopg_url(pg_url_factory) -> str:
    """A PostgreSQL server URL where HypoPG can be created: scripts/pg-extensions
    installs the Debian package when it is missing (CI runs as root); skipped
    (failing under CI=true) when it cannot."""
    if "hypopg" not in _hypopg_status:
        import subprocess

        script = Path(__file__).resolve().parent.parent / "scripts" / "pg-extensions"
        done = subprocess.run([str(script)], capture_output=True, text=True, timeout=600)
        _hypopg_status["hypopg"] = None if done.returncode == 0 else (done.stderr.strip() or "pg-extensions failed")
    if _hypopg_status["hypopg"] is not None:
        skip_or_fail(f"HypoPG: {_hypopg_status['hypopg']}")
    url = pg_url_factory()  # the server answers; --verify makes its own scratch database from this URL
    return url.replace("postgresql+psycopg://", "postgresql://")
