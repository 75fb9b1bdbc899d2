"""Database URLs in one place: recognising, parsing, showing without the
password, and connecting (no Qt here).

Passwords.  :func:`scrub` is THE function every message, report and log runs
text through before anyone sees it: it masks the password of any URL in the
text (``postgresql://user:***@host/db``) and every password this process has
seen in a URL (:func:`remember_password`, called by :func:`parse_url` and
by the command line for each URL argument), in its plain and URL-encoded
spellings -- drivers echo passwords in their own words ("password
authentication failed for ... 'secret'").  Over-masking a message is
harmless; a password on a terminal, in a CI log or a crash report is not.
Data a command writes (DDL, a project file) is not scrubbed by remembered
passwords -- a short password would mangle it -- which is why nothing of a
URL is ever put into the model, and report fields that name a source use
:func:`display_url`.

    from tablewright.designer.dburl import scrub, display_url, is_url
    print(scrub(f"{source}: {message}"), file=sys.stderr)
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tablewright.designer.dialects import from_sqlalchemy, is_mysql
from tablewright.designer.errors import InputError

CONNECT_TIMEOUT = 10  # seconds

# URL scheme (without driver) -> the driver this project ships with
DEFAULT_DRIVERS = {
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "pg": "postgresql+psycopg",
    "mysql": "mysql+pymysql",
    "mariadb": "mariadb+pymysql",
}

# scheme://user:password@ -- up to the last @ before whitespace, so a password
# with @ or / in it is masked whole
_PASSWORD_IN_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://[^/:@\s]*:)\S*@")
MASK = "***"

_remembered: set[str] = set()


def is_url(source: str) -> bool:
    """A SOURCE argument that names a database (``scheme://...``), not a file."""
    return "://" in str(source)


def hide_password(text: str) -> str:
    """``text`` with the password of every URL in it replaced by ``***``
    (works on text that does not parse as a URL, too)."""
    return _PASSWORD_IN_URL.sub(rf"\1{MASK}@", text)


MIN_REMEMBERED = 4  # shorter passwords are masked in URLs only: masking every "x" helps nobody


def remember_password(password: str | None) -> None:
    """From now on :func:`scrub` masks ``password`` wherever it appears
    (passwords shorter than :data:`MIN_REMEMBERED` only inside URLs)."""
    if password and len(password) >= MIN_REMEMBERED and password != MASK:
        _remembered.add(password)


@contextmanager
def passwords_remembered(args) -> Iterator[None]:
    """Remember the passwords of the URLs among ``args`` for the ``with``
    block (one command-line run), forgetting them afterwards."""
    before = set(_remembered)
    remember_passwords_in(args)
    try:
        yield
    finally:
        _remembered.intersection_update(before)


def remember_passwords_in(args) -> None:
    """Remember the password of every URL among ``args`` (command-line words)."""
    for arg in args:
        if isinstance(arg, str) and is_url(arg):
            remember_password(_password_of(arg))


def scrub(text: str, *passwords: str | None) -> str:
    """``text`` without any password: URL passwords masked, and every
    remembered password (plus ``passwords``) masked in its plain,
    percent-encoded and form-encoded spellings, longest first."""
    text = hide_password(str(text))
    forms: set[str] = set()
    for password in (*_remembered, *passwords):
        if password:
            forms |= {password, urllib.parse.quote(password, safe=""), urllib.parse.quote(password),
                      urllib.parse.quote_plus(password)}
    for form in sorted(forms, key=len, reverse=True):
        if form and form in text:
            text = text.replace(form, MASK)
    return text


def display_url(source: str) -> str:
    """How a source is named in messages and reports: a URL with its password
    masked (``postgresql://app:***@db/prod``), a file name unchanged."""
    return scrub(source) if is_url(source) else str(source)


def parse_url(url: str):
    """The SQLAlchemy ``URL`` for ``url`` (its password remembered for
    :func:`scrub`), or ``InputError`` naming the URL without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    remember_password(_password_of(url))
    try:
        sa_url = make_url(url)
    except (ArgumentError, ValueError):
        raise InputError(f"not a valid database URL: {scrub(url)}") from None
    remember_password(sa_url.password)
    return sa_url


def url_dialect(url: str) -> str | None:
    """The dialect a database URL names by its scheme (``mysql+pymysql://`` → mysql), without
    connecting; None when the scheme is no dialect's or the URL is not valid."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from tablewright.designer.dialects import canonical

    try:
        backend = make_url(url).get_backend_name()
    except (ArgumentError, ValueError):
        return None
    return canonical({"postgresql": "postgres"}.get(backend, backend))


def without_password(url: str) -> str:
    """``url`` with its password removed, not masked (for what is stored:
    the last URL in the settings)."""
    from sqlalchemy.engine import URL

    try:
        u = parse_url(url)  # URL.set(password=None) would keep the password: None means "unchanged" there
        return URL.create(u.drivername, u.username, None, u.host, u.port, u.database, u.query).render_as_string(
            hide_password=False)
    except Exception:  # noqa: BLE001 - unparsable text: remove what looks like a password
        return hide_password(url).replace(f":{MASK}@", "@")


def with_password(url: str, password: str) -> str:
    """``url`` with ``password`` put in (kept in memory only); an unparsable
    ``url`` comes back as it is, for the import to report."""
    if not password:
        return url
    remember_password(password)
    try:
        return parse_url(url).set(password=password).render_as_string(hide_password=False)
    except InputError:
        return url


def with_default_driver(sa_url):
    """``postgresql://`` and friends use the driver this project ships with."""
    scheme = sa_url.drivername
    if "+" not in scheme and scheme in DEFAULT_DRIVERS:
        sa_url = sa_url.set(drivername=DEFAULT_DRIVERS[scheme])
    return sa_url


def read_only_url(sa_url):
    """SQLite: open the file read-only (``mode=ro``), never creating it."""
    if not sa_url.drivername.startswith("sqlite"):
        return sa_url
    database = sa_url.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or sa_url.query.get("uri"):
        return sa_url
    path = urllib.parse.quote(os.path.abspath(database))
    return sa_url.set(database=f"file:{path}", query={**sa_url.query, "mode": "ro", "uri": "true"})


def connect_args(sa_url) -> dict[str, Any]:
    name = sa_url.get_backend_name()
    if name == "postgresql":
        return {"connect_timeout": CONNECT_TIMEOUT, "application_name": "tablewright"}
    if is_mysql(from_sqlalchemy(name)):
        return {"connect_timeout": CONNECT_TIMEOUT}
    return {}


def create_engine(url: str):
    """``(engine, shown)`` for reading the database at ``url``: the project's
    default driver, SQLite opened read-only, connect timeouts, no pooling, SQL
    parameters kept out of error messages; ``shown`` is the URL as the user
    wrote it with the password masked.  An unusable URL or a missing driver
    raises ``InputError`` (one line, no password).  Nothing is connected yet."""
    import sqlalchemy as sa
    from sqlalchemy import exc as sa_exc

    typed = parse_url(url)
    shown = typed.render_as_string(hide_password=True)
    sa_url = read_only_url(with_default_driver(typed))
    try:
        engine = sa.create_engine(sa_url, poolclass=sa.pool.NullPool, hide_parameters=True,
                                  connect_args=connect_args(sa_url))
    except (sa_exc.NoSuchModuleError, ImportError) as exc:
        raise InputError(scrub(f"{shown}: no database driver for this URL ({first_line(exc)})")) from None
    except sa_exc.ArgumentError as exc:
        raise InputError(scrub(f"{shown}: not a usable database URL: {first_line(exc)}")) from None
    return engine, shown


def first_line(exc: object) -> str:
    """An exception (or any text) as one line."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0].strip()


def _password_of(url: str) -> str | None:
    """The password in ``url`` as written (and decoded), without parsing it as SQLAlchemy would."""
    try:
        parts = urllib.parse.urlsplit(url)
        password = parts.password
    except ValueError:  # not even URL-shaped: hide_password still masks what looks like one
        return None
    if password is None:
        return None
    return urllib.parse.unquote(password)


__all__ = [
    "CONNECT_TIMEOUT",
    "DEFAULT_DRIVERS",
    "create_engine",
    "display_url",
    "first_line",
    "hide_password",
    "is_url",
    "parse_url",
    "passwords_remembered",
    "remember_password",
    "remember_passwords_in",
    "scrub",
    "with_default_driver",
    "with_password",
    "without_password",
]
