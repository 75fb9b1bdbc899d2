"""No false differences, per corpus schema: each loadable corpus schema (the
heavy ones are left to scripts/diff_matrix.py) is loaded into its engine with
the engine's own client, read back live, and ``diff`` between its files and
that database reports nothing."""

from __future__ import annotations

import pytest
from tests.conftest import corpus_path
from corpus_cases import CORPUS, LOADABLE
from engine_load import drop_case, live_side, load_case

from tablewright.designer.diff import diff_sides, load_side

pytestmark = pytest.mark.corpus

#: schema -> why diff still reports something (each one a gap named, strictly expected)
KNOWN: dict[str, str] = {}

CASES = [pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN[name], strict=True)) if name in KNOWN else name
         for name in LOADABLE if not CORPUS[name].heavy]


@pytest.mark.parametrize("name", CASES)
def test_schema_file_against_the_database_built_from_it(name, request, tmp_path):
    case = CORPUS[name]
    corpus_path()  # skips without the corpus
    if case.engine in ("postgres", "mariadb"):
        request.getfixturevalue("pg_url_factory" if case.engine == "postgres" else "mariadb_url_factory")
    url, cleanup = load_case(case, tmp_path)
    try:
        files = [str(corpus_path(*f.split("/"))) for f in case.files]
        result = diff_sides(load_side(files, case.dialect), live_side(url), dialect=case.dialect)
    finally:
        drop_case(cleanup)
    assert [str(c)[:200] for c in result.changes] == []
