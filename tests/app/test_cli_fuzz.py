"""Every subcommand keeps the command line's contract under the fuzzer: fuzzed
corpus statements (tests/fuzzer.py, its own fixed seed) given to every
subcommand that takes a source -- found by walking the parser -- end with
exit 0, 1 or 2, never 70 (a bug) and never a traceback.  The library-level
soak is tests/test_fuzz.py and scripts/fuzz; this is the same input through
the front door a user uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tablewright.app import cli
from tablewright.app.crash import crash_dir
from tests import fuzzer

SEED = 20261209  # not test_fuzz.py's: other cases
CASES = int(os.environ.get("CLI_FUZZ_CASES", "4"))  # a longer run: CLI_FUZZ_CASES=150 pytest tests/app/test_cli_fuzz.py
SKIP = {"open"}  # the desktop app (its own tests)


def _subcommands() -> dict:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return dict(action.choices)


def _argv(name: str, sub, ddl: Path, dialect: str, out: Path) -> list[str] | None:
    """``name`` run on the fuzzed file: it in every positional, its dialect
    where the command takes one, -o into ``out``."""
    argv = [name]
    for action in sub._actions:
        if not action.option_strings:
            if action.choices:
                return None  # takes a rule code, not a source
            argv += [str(ddl)] * (action.nargs if isinstance(action.nargs, int) else 1)
        elif "--dialect" in action.option_strings or "--source-dialect" in action.option_strings:
            choices = action.choices or (dialect,)
            if dialect in choices:
                argv += [action.option_strings[0], dialect]
            elif action.required:
                argv += [action.option_strings[0], next(iter(choices))]
        elif action.required or "-o" in action.option_strings:
            if "-o" in action.option_strings or "--output" in action.option_strings:
                argv += [action.option_strings[0], str(out / f"{name}.svg")]
            elif action.choices:
                argv += [action.option_strings[0], next(iter(action.choices))]
    return argv


@pytest.mark.corpus
@pytest.mark.parametrize("number", range(CASES))
def test_every_subcommand_keeps_the_contract_on_fuzzed_input(number, corpus_dir, tmp_path, monkeypatch, capsys):
    if not fuzzer.corpus_statements():
        pytest.skip(f"no corpus statements under {corpus_dir}")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("TABLEWRIGHT_CACHE_DIR", str(tmp_path / "cache"))
    case = fuzzer.make_ddl_case(SEED, number)
    ddl = tmp_path / "fuzzed.sql"
    ddl.write_bytes(case.data)
    out = tmp_path / "out"
    out.mkdir()
    ran = []
    for name, sub in sorted(_subcommands().items()):
        argv = None if name in SKIP else _argv(name, sub, ddl, case.dialect, out)
        if argv is None:
            continue
        rc = cli.main(argv)
        err = capsys.readouterr().err
        ran.append(name)
        assert rc in (0, 1, 2), f"{case.describe()}\n$ tablewright {' '.join(argv)}\n{err}"
        assert "Traceback" not in err
    assert not crash_dir().exists()
    assert {"import", "export", "lint", "migrate", "diagram"} <= set(ran)
