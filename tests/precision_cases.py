"""The application dumps of the shared corpus that the precision set is
measured on (see scripts/precision.py and tests/linting/precision/).

``HELD_OUT`` was chosen before any of their findings were read and is never
used for tuning rules: hexpm (an Elixir/Ecto pg_dump) and graphile-starter (a
PostgreSQL starter with RLS).  Their labels were written last, after the rules
were final, and their precision is reported separately.
"""

from __future__ import annotations

from pathlib import Path


def _tuleap(corpus: Path) -> list[str]:
    order = (corpus / "tuleap" / "LOAD_ORDER.txt").read_text().splitlines()
    return [f"tuleap/{line.strip()}" for line in order if line.strip() and not line.startswith("#")]


# name: (files relative to the corpus, or a function of the corpus dir giving them; dialect)
APP_CASES: dict[str, tuple] = {
    "sanbase2": (["sanbase2/structure.sql"], "postgres"),
    "bike-index": (["bike-index/structure.sql"], "postgres"),
    "kanboard-pg": (["kanboard-pg/postgres.sql"], "postgres"),
    "pagila": (["pagila/pagila-schema.sql"], "postgres"),
    "gibbon": (["gibbon/gibbon.sql"], "mysql"),
    "tuleap": (_tuleap, "mysql"),
    "kanboard-mysql": (["kanboard-mysql/mysql.sql"], "mysql"),
    "hexpm": (["hexpm/structure.sql"], "postgres"),
    "graphile-starter": (["graphile-starter/schema.sql"], "postgres"),
}

HELD_OUT = ("hexpm", "graphile-starter")
TUNING = tuple(n for n in APP_CASES if n not in HELD_OUT)


def app_files(name: str, corpus: Path) -> list[str]:
    files, _ = APP_CASES[name]
    return files(corpus) if callable(files) else list(files)
