"""Passwords never reach any output: every command, run against a live
database URL that carries a password, in every format, to stdout and to
files, on success, on input errors and on a crash -- and nothing it prints or
writes contains the password, plain or URL-encoded.

Subcommands are found by walking the parser, so one added later (``diff``,
``docs``...) is run with the URL as well."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from tablewright.app import cli
from tablewright.designer import dburl

PASSWORD = "Xk7@s3cr/et:pw"  # @ / : make the URL spell it percent-encoded
ENCODED = urllib.parse.quote(PASSWORD, safe="")
FORMS = {PASSWORD, ENCODED, urllib.parse.quote_plus(PASSWORD), "Xk7", "s3cr"}

SCHEMA_SQL = """
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TABLE customer (id serial PRIMARY KEY, email text, location point, credit posint);
CREATE TABLE orders (id integer, customer_id integer REFERENCES customer (id), card_number text);
CREATE VIEW recent AS SELECT * FROM orders;
"""


def _leaks(text: str) -> list[str]:
    return sorted(f for f in FORMS if f in text)


@pytest.fixture
def secret_url(pg_url_factory):
    import psycopg

    url = pg_url_factory()  # postgresql+psycopg://postgres@127.0.0.1:5432/tw_test_...
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(SCHEMA_SQL)
    # the local server trusts; the password is sent and must be kept out of every output
    return url.replace("postgres@", f"postgres:{ENCODED}@", 1)


def _subcommands() -> dict:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return dict(action.choices)


def _generic_argv(name: str, sub, url: str, out: Path) -> list[str] | None:
    """``name`` with the URL in every positional, required choices filled, -o to ``out``."""
    argv = [name]
    for action in sub._actions:
        if not action.option_strings:
            if action.choices:
                return None  # takes no source (rule CODE)
            count = action.nargs if isinstance(action.nargs, int) else 1 if action.nargs != "*" else 1
            argv += [url] * count
        elif action.required or "-o" in action.option_strings:
            if action.choices:
                argv += [action.option_strings[0], "postgres" if "postgres" in action.choices else next(iter(action.choices))]
            else:
                argv += [action.option_strings[0], str(out)]
    return argv


def _every_run(url: str, tmp_path: Path) -> list[list[str]]:
    from tablewright.linting.reporters import FORMATS

    runs = []
    for name, sub in sorted(_subcommands().items()):
        if name == "open":
            continue  # the desktop app: see test_gui_secrets below
        argv = _generic_argv(name, sub, url, tmp_path / f"{name}.svg")
        if argv:
            runs.append(argv)
    for fmt in FORMATS:
        runs.append(["lint", url, "--format", fmt])
    for fmt in ("markdown", "sarif"):
        runs.append(["lint", url, "--format", fmt, "-o", str(tmp_path / f"lint.{fmt}")])
    runs.append(["lint", url, "--write-baseline", str(tmp_path / "baseline.json")])
    for dialect in ("postgres", "mysql", "mariadb", "sqlite", "mssql"):
        runs.append(["export", url, "--dialect", dialect])
    runs.append(["export", url, "--dialect", "mysql", "-o", str(tmp_path / "export-mysql.sql")])
    runs.append(["import", url])
    runs.append(["import", url, "-o", str(tmp_path / "model.twproj")])
    runs.append(["diagram", url, "-o", str(tmp_path / "diagram.svg")])
    if "diff" in _subcommands():
        other = tmp_path / "other.sql"
        other.write_text("CREATE TABLE public.note (id integer PRIMARY KEY, body text);\n")
        for fmt in ("text", "json", "markdown", "sarif"):
            runs.append(["diff", url, url, "--format", fmt])
            runs.append(["diff", url, str(other), "--format", fmt])
    if "docs" in _subcommands():  # a URL without a database: its last part is user:password@host
        runs.append(["docs", url.rsplit("/", 1)[0], "-o", str(tmp_path / "site")])
    runs.append(["migrate", url, url, "--dialect", "postgres"])  # not a file: an input error naming the URL
    bad = url.rsplit("/", 1)[0] + "/no_such_database_here"
    runs.append(["lint", bad, "--format", "markdown"])
    runs.append(["export", bad, "--dialect", "mysql"])
    runs.append(["import", url.replace("127.0.0.1:5432", "127.0.0.1:1")])
    return runs


def test_no_command_writes_the_password_anywhere(secret_url, tmp_path, monkeypatch, capsys):
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("TABLEWRIGHT_CACHE_DIR", str(tmp_path / "cache"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    runs = _every_run(secret_url, out_dir)
    seen_codes = {}
    for argv in runs:
        rc = cli.main(argv)
        captured = capsys.readouterr()
        seen_codes[" ".join(argv[:2] if argv[0] != "lint" else argv[:1] + argv[2:4])] = rc
        for stream, text in (("stdout", captured.out), ("stderr", captured.err)):
            assert not _leaks(text), f"{argv[0]} {argv[2:]}: password in {stream}: {text[:2000]}"
        assert rc in (0, 1, 2), (argv, rc, captured.err)
    # a bug while the URL is in play: the crash line and the crash log
    monkeypatch.setattr("tablewright.app.commands.export.run", lambda args: (_ for _ in ()).throw(RuntimeError(args.sources[0])))
    assert cli.main(["export", secret_url, "--dialect", "mysql"]) == 70
    captured = capsys.readouterr()
    assert not _leaks(captured.err) and "postgres:***@" in captured.err
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.parent.name == "crashes" for p in written)
    assert {p.name for p in out_dir.iterdir()} >= {"lint.markdown", "baseline.json", "model.twproj", "diagram.svg",
                                                   "export-mysql.sql"}
    for path in written:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert not _leaks(text), f"password in {path.relative_to(tmp_path)}"
    # the runs did work: the database was read (so the outputs above are real)
    assert "customer" in (out_dir / "export-mysql.sql").read_text()
    assert "Sources: `postgresql+psycopg://postgres:***@" in (out_dir / "lint.markdown").read_text()


def test_export_warnings_name_the_database_without_its_password(secret_url, capsys):
    assert cli.main(["export", secret_url, "--dialect", "mysql"]) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert warnings and all(line.startswith("postgresql+psycopg://postgres:***@127.0.0.1:5432/") for line in warnings)


# -- the one scrubber ---------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("postgresql://u:pw@h:5432/db", "postgresql://u:***@h:5432/db"),
    ("cannot connect to mysql+pymysql://root:p@ss/w@h/db: refused", "cannot connect to mysql+pymysql://root:***@h/db: refused"),
    ("sqlite:///tmp/x.db", "sqlite:///tmp/x.db"),
    ("postgresql://u@h/db", "postgresql://u@h/db"),
    ("two: pg://a:1@h/x and mysql://b:2@h/y", "two: pg://a:***@h/x and mysql://b:***@h/y"),
])
def test_scrub_masks_url_passwords(text, expected):
    assert dburl.scrub(text) == expected


def test_scrub_masks_a_remembered_password_in_any_words():
    url = "postgresql://app:T0p%2FSecret@db/prod"
    message = "FATAL: password authentication failed for user app (password 'T0p/Secret', T0p%2FSecret)"
    with dburl.passwords_remembered(["lint", url]):  # as cli.main does for one run
        assert dburl.scrub(message) == "FATAL: password authentication failed for user app (password '***', ***)"
        assert dburl.display_url(url) == "postgresql://app:***@db/prod"
        assert dburl.display_url("schema.sql") == "schema.sql"
    assert dburl.scrub(message) == message  # forgotten after the run: other runs' output is not masked


def test_a_short_password_is_masked_in_urls_only():
    with dburl.passwords_remembered(["postgresql://app:x@db/prod"]):
        assert dburl.scrub("postgresql://app:x@db/prod: syntax error near x") == \
            "postgresql://app:***@db/prod: syntax error near x"


def test_stored_url_has_no_password_and_a_typed_one_is_put_back():
    with dburl.passwords_remembered([]):
        assert dburl.without_password("postgresql://app:pw@db/prod") == "postgresql://app@db/prod"
        assert dburl.with_password("postgresql://app@db/prod", "p@ss") == "postgresql://app:p%40ss@db/prod"
        assert dburl.with_password("not a url", "x") == "not a url"


def test_error_text_is_scrubbed():
    from tablewright.app.errors import error_text

    assert "hunter2" not in error_text(RuntimeError("while reading postgresql://u:hunter2@h/db"))
