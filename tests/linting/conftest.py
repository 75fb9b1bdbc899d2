"""linting tests need no Qt; keep the lint parse cache out of the user's home."""

import pytest


@pytest.fixture(autouse=True)
def _lint_cache_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("TABLEWRIGHT_CACHE_DIR", str(tmp_path_factory.mktemp("lint-cache")))
