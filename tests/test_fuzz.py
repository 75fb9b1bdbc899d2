"""The fuzz target with a fixed, small budget (the long soak is
``scripts/fuzz --cases N``): mutated corpus statements and project files
through import, lint in every format, export to every dialect, project
save/load and migrate.  Fixed seed: the same cases on every run."""

from __future__ import annotations

import pytest

from tests import fuzzer

SEED = 20261206
DDL_CASES = 100
PROJECT_CASES = 50


@pytest.fixture(scope="module")
def runner(corpus_dir):
    if not fuzzer.corpus_statements():
        pytest.skip(f"no corpus statements under {corpus_dir}")
    return fuzzer.Runner()


def _failures(outcomes) -> list[str]:
    lines = []
    for case, outcome in outcomes:
        lines += [f"{case.describe()}: {crash}" for crash in outcome.crashes]
        lines += [f"{case.describe()}: {violation}" for violation in outcome.violations]
    return lines


@pytest.mark.corpus
def test_mutated_corpus_statements_never_crash_and_keep_what_they_did_not_touch(runner):
    outcomes = []
    for n in range(DDL_CASES):
        case = fuzzer.make_ddl_case(SEED, n)
        outcomes.append((case, runner.run_ddl(case)))
    assert not _failures(outcomes), "\n\n".join(_failures(outcomes))
    # the budget is spent where it should be: most cases import, many reach every stage
    assert sum(o.imported for _, o in outcomes) > DDL_CASES // 2
    assert sum(o.imported and not o.skipped_downstream for _, o in outcomes) > DDL_CASES // 5


@pytest.mark.corpus
def test_mutated_project_files_never_crash(runner):
    outcomes = []
    for n in range(PROJECT_CASES):
        case = fuzzer.make_project_case(SEED, n)
        if case is not None:
            outcomes.append((case, runner.run_project(case)))
    assert not _failures(outcomes), "\n\n".join(_failures(outcomes))
    assert 0 < sum(o.imported for _, o in outcomes) < len(outcomes)  # some load, some are refused


def test_the_fuzzer_sees_a_crash_and_minimises_it(tmp_path, monkeypatch):
    """The machinery itself: a crash planted in export is reported with its
    signature, and ddmin cuts the input down to the statement that causes it."""
    from tablewright.designer import ddl_export

    real = ddl_export.export_ddl

    def planted(schema, dialect):
        if any(t.name == "boom" for t in schema.tables):
            raise ZeroDivisionError("planted")
        return real(schema, dialect)

    monkeypatch.setattr(ddl_export, "export_ddl", planted)
    script = fuzzer.Script("planted", "postgres", ["CREATE TABLE a (x int)", "CREATE TABLE boom (y int)",
                                                   "CREATE TABLE c (z int)"])
    case = fuzzer.DDLCase(0, script, script.text().encode(), "postgres", "none", -1, 0)
    outcome = fuzzer.Runner(tmp_path).run_ddl(case)
    assert [c.signature for c in outcome.crashes][:1] == ["export: ZeroDivisionError in tests/test_fuzz.py:planted"]
    fails = fuzzer.reproduces(outcome.crashes[0].signature, case)
    minimal = fuzzer.ddmin(case.data, fails)
    assert b"boom" in minimal and len(minimal) <= len(b"CREATE TABLE boom (y int);\n"), minimal


def test_cases_are_reproducible():
    a, b = fuzzer.make_ddl_case(7, 3), fuzzer.make_ddl_case(7, 3)
    assert (a.data, a.dialect, a.mutation) == (b.data, b.dialect, b.mutation)
