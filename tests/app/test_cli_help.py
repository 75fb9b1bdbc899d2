"""``tablewright --help`` and every subcommand's ``--help`` alike: a one-line summary, every option
described with its default, examples that the parser reads, the exit statuses."""

from __future__ import annotations

import shlex

import pytest

from tablewright.app.cli import build_parser, main


def _commands() -> dict:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    return sub.choices


COMMANDS = _commands()


def test_every_summary_is_one_line_of_the_top_help(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    (sub,) = [a for a in build_parser()._actions if a.dest == "command"]
    for action in sub._choices_actions:
        summary = action.help
        assert summary[0].islower() and not summary.endswith("."), summary
        assert f"    {action.dest:<10}{summary}\n" in out, (action.dest, out)
    assert "examples:" in out and "exit status:" in out


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_command_help_has_its_summary_examples_and_exit_statuses(name):
    parser = COMMANDS[name]
    (action,) = [a for a in build_parser()._actions if a.dest == "command"]
    summary = next(a.help for a in action._choices_actions if a.dest == name)
    assert parser.description.startswith(summary[0].upper() + summary[1:] + ".")
    assert parser.epilog.startswith("examples:\n") and "exit status: 0 " in parser.epilog
    examples = [line.strip() for line in parser.epilog.split("\n\n")[0].splitlines()[1:]]
    assert examples, name
    for example in examples:
        words = shlex.split(example)
        assert words[:2] == ["tablewright", name] and len(example) <= 76, example  # one line, indented
        build_parser(name).parse_args(words[1:])  # a wrong option would exit here


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_described_with_its_default(name):
    for action in COMMANDS[name]._actions:
        if action.dest == "help":
            continue
        what = f"{name} {'/'.join(action.option_strings) or action.dest}"
        assert action.help, f"{what}: no help"
        if action.required and action.option_strings:
            assert "required" in action.help, f"{what}: not said to be required"
        elif action.option_strings and action.default not in (None, False, []):
            assert f"(default: {action.default}" in action.help or f"default: {action.default})" in action.help, \
                f"{what}: default {action.default!r} not stated"
        elif action.option_strings and action.nargs != 0:
            assert "default" in action.help or "omitted" in action.help, f"{what}: what it is without it"


def test_the_rules_categories_in_the_help_are_the_registry_s():
    from tablewright.app.commands.rules import CATEGORIES
    from tablewright.linting.rule import all_rules

    assert sorted({r.category for r in all_rules()}) == list(CATEGORIES)


def test_export_needs_no_dialect_for_a_project_and_says_so_for_ddl(tmp_path, capsys):
    ddl = tmp_path / "s.sql"
    ddl.write_text("CREATE TABLE a (id int PRIMARY KEY, name character varying(20));\n")
    project = tmp_path / "s.twproj"
    assert main(["import", str(ddl), "--dialect", "postgres", "-o", str(project)]) == 0
    capsys.readouterr()
    assert main(["export", str(project)]) == 0  # written for the project's own engine
    out = capsys.readouterr()
    assert "CREATE TABLE a" in out.out and "character varying(20)" in out.out and "--dialect" not in out.err
    assert main(["export", str(ddl)]) == 2
    assert "needs --dialect" in capsys.readouterr().err
    assert "except from a project file (default: the project's own)" in " ".join(COMMANDS["export"].format_help().split())
