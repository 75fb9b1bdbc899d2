"""Progress and cancellation of long imports (designer.progress, no Qt)."""

from __future__ import annotations

import pytest

from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.progress import Cancelled
from tablewright.designer.sources import load_sources
from tests.conftest import corpus_path
from tests.corpus_cases import CASES, MUSICBRAINZ


def test_ddl_import_reports_progress_over_all_files_in_order():
    files = [str(corpus_path(*f.split("/"))) for f in MUSICBRAINZ]
    seen: list[tuple[float, str]] = []
    result = import_ddl(files, "postgres", progress=lambda fraction, what: seen.append((fraction, what)))
    fractions = [f for f, _ in seen]
    assert len(seen) > 20 and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(a <= b for a, b in zip(fractions, fractions[1:]))
    assert {w for _, w in seen if w} == set(files)  # each file named while it is read
    assert len(result.schema.tables) == 375  # reporting changes nothing


def test_cancelling_stops_the_import_where_it_is():
    files, dialect, _ = CASES["phabricator"]
    path = str(corpus_path(*files[0].split("/")))
    calls = []

    def progress(fraction, what):
        calls.append(fraction)
        if fraction > 0.3:
            raise Cancelled("enough")

    with pytest.raises(Cancelled):
        load_sources([path], dialect, progress=progress)
    assert 0.3 < calls[-1] < 0.5  # stopped soon after it was asked to
